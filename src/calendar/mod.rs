//! Calendars: expanding recurrences into occurrences, and writing iCalendar files.
//! Pure: data in, occurrences or bytes out.

pub mod block_object;
pub mod blocks;
pub mod expand;
pub mod export;
pub mod ics;
pub mod read;
mod recur;
pub mod series;
pub mod values;
mod vevent;
pub mod vtimezone;
pub mod zones;

pub use blocks::{expand_block, occurrences_between};

/// The most notes one reading or expansion adds; the rest are counted in a last note, so
/// a file of a million broken lines cannot make a million notes.
pub const MAX_NOTES: usize = 200;

/// Reads a DTSTART/RRULE text with the `rrule` crate. Repeat rules are ASCII by the
/// standard; the crate slices rule parts by byte and panics inside a multi-byte
/// character (found by fuzzing), so anything else is refused here first.
pub(crate) fn rule_set(text: &str) -> Result<rrule::RRuleSet, String> {
    if !text.is_ascii() {
        return Err("it has characters a repeat rule cannot have".into());
    }
    text.parse::<rrule::RRuleSet>().map_err(|e| e.to_string())
}

/// Notes collected on the way, at most [`MAX_NOTES`] new ones.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    list: Vec<String>,
    /// How many notes were already there when collecting began.
    base: usize,
    /// Notes not kept.
    more: usize,
}

impl Notes {
    /// Continues `list`: notes are added after what it holds.
    pub(crate) fn over(list: Vec<String>) -> Notes {
        Notes {
            base: list.len(),
            list,
            more: 0,
        }
    }

    /// Adds a note; `note` is only formatted while there is room.
    pub(crate) fn push(&mut self, note: impl FnOnce() -> String) {
        if self.list.len() - self.base < MAX_NOTES {
            self.list.push(note());
        } else {
            self.more += 1;
        }
    }

    /// The notes, with a last one counting those left out.
    pub(crate) fn finish(mut self) -> Vec<String> {
        if self.more > 0 {
            self.list
                .push(format!("... and {} more notes like these", self.more));
        }
        self.list
    }
}

/// `text` trimmed and cut to 40 characters, for a note.
fn short(text: &str) -> String {
    let mut s: String = text.trim().chars().take(40).collect();
    if text.trim().chars().nth(40).is_some() {
        s.push('…');
    }
    s
}

/// How a note names an event: its title in quotes, or "an untitled event".
fn called(title: &str) -> String {
    if title.trim().is_empty() {
        "an untitled event".to_string()
    } else {
        format!("'{}'", short(title))
    }
}

#[cfg(test)]
mod tests;
