//! Calendars: expanding recurrences into occurrences, and writing iCalendar files.
//! Pure: data in, occurrences or bytes out.

pub mod blocks;
pub mod events;
pub mod export;
pub mod ics;
pub mod read;
pub mod vtimezone;
pub mod zones;

pub use blocks::{expand_block, occurrences_between};

/// Reads a DTSTART/RRULE text with the `rrule` crate. Repeat rules are ASCII by the
/// standard; the crate slices rule parts by byte and panics inside a multi-byte
/// character (found by fuzzing), so anything else is refused here first.
pub(crate) fn rule_set(text: &str) -> Result<rrule::RRuleSet, String> {
    if !text.is_ascii() {
        return Err("it has characters a repeat rule cannot have".into());
    }
    text.parse::<rrule::RRuleSet>().map_err(|e| e.to_string())
}

#[cfg(test)]
mod events_tests;
