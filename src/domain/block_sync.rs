//! One leadership block kept in step with its copy on a CalDAV calendar, where the user
//! may edit it too: what both sides can change of a block ([`BlockSide`]), and the
//! three-way merge of bearing's side ("mine"), the calendar's ("theirs") and the last
//! version both agreed on ("base").
//!
//! The rules, per field (the title, the intention, and the schedule: zone, start, length
//! and repeat as one unit) and per occurrence (as scheduled, skipped, or moved, keyed by
//! its scheduled local start):
//! - changed on one side only: that side's value is taken;
//! - changed the same way on both: taken once;
//! - changed differently on both: bearing's wins, and a [`Conflict`] says what the
//!   calendar had (a skip in the calendar of an occurrence bearing moved meanwhile is one).
//!
//! An occurrence change is about an occurrence of the schedule it was made under. When
//! the merged schedule no longer has that occurrence (a series moved from Tuesdays to
//! Wednesdays, a last day brought forward), the change is dropped: kept, it would skip
//! nothing, or (a move) leave an override of no occurrence, which calendar apps show
//! differently. A change made since the agreed version is dropped with a note
//! ([`Conflict::Dropped`]). bearing itself drops a block's occurrence changes when its
//! schedule changes, so this is the same rule applied to both sides: a series change wins
//! over a change to one of its old occurrences.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::block::{Block, Exception, Mark, Repeat};
use super::dates::DAY_TIME_YEAR;
use super::week::week_start;

/// What both sides can change of one block: bearing (the journal) and the calendar app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockSide {
    /// What the time is for (SUMMARY).
    pub title: String,
    /// Why this time matters (DESCRIPTION).
    pub intention: String,
    /// The zone its wall-clock times are in.
    #[serde(with = "zone_name")]
    pub zone: Tz,
    /// The first occurrence's local start.
    pub start: NaiveDateTime,
    /// Length in minutes.
    pub minutes: u32,
    /// How it repeats.
    #[serde(with = "RepeatDef")]
    pub repeat: Repeat,
    /// The scheduled local starts of occurrences that are gone: skipped or deleted in
    /// bearing, an EXDATE or a cancelled occurrence in the calendar.
    pub skips: BTreeSet<NaiveDateTime>,
    /// Moved occurrences: scheduled local start to new local start.
    pub moves: BTreeMap<NaiveDateTime, NaiveDateTime>,
}

/// The schedule of a block, which the merge takes as one unit: zone, start, length and
/// repeat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// The zone its wall-clock times are in.
    #[serde(with = "zone_name")]
    pub zone: Tz,
    /// The first occurrence's local start.
    pub start: NaiveDateTime,
    /// Length in minutes.
    pub minutes: u32,
    /// How it repeats.
    #[serde(with = "RepeatDef")]
    pub repeat: Repeat,
}

/// What became of one occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OccurrenceChange {
    /// Nothing: it happens at its scheduled time.
    AsScheduled,
    /// It is gone.
    Skipped,
    /// It happens at this local start instead.
    MovedTo(NaiveDateTime),
}

/// Which side made a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// bearing, the journal.
    Bearing,
    /// The calendar (another client of the CalDAV server).
    Calendar,
}

/// Something the merge did not take, to show the user until resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "about", rename_all = "snake_case")]
pub enum Conflict {
    /// Both renamed it, differently: bearing's title was kept.
    Title {
        /// The calendar's title, not taken.
        theirs: String,
        /// bearing's, kept.
        mine: String,
    },
    /// Both changed the intention (the calendar's description): bearing's was kept.
    Intention {
        /// The calendar's, not taken.
        theirs: String,
        /// bearing's, kept.
        mine: String,
    },
    /// Both changed the schedule: bearing's was kept.
    Schedule {
        /// The calendar's, not taken.
        theirs: Schedule,
        /// bearing's, kept.
        mine: Schedule,
    },
    /// Both changed one occurrence, differently: bearing's change was kept.
    Occurrence {
        /// Its scheduled local start.
        original: NaiveDateTime,
        /// What the calendar did with it, not taken.
        theirs: OccurrenceChange,
        /// What bearing did with it, kept.
        mine: OccurrenceChange,
    },
    /// A change to an occurrence the merged schedule no longer has, dropped.
    Dropped {
        /// Its scheduled local start (under the old schedule).
        original: NaiveDateTime,
        /// The change dropped.
        change: OccurrenceChange,
        /// Who made it.
        by: Side,
    },
}

/// What [`merge`] gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The block both sides should now hold (and the next agreed version).
    pub side: BlockSide,
    /// What was not taken, one note each, fields first, then occurrences in time order.
    pub notes: Vec<Conflict>,
    /// Whether bearing must change: the merge differs from bearing's side.
    pub mine_changed: bool,
    /// Whether the calendar must change: the merge differs from the calendar's side.
    pub theirs_changed: bool,
}

impl BlockSide {
    /// A block as bearing holds it. Skipped and deleted occurrences are skips (as the
    /// export writes them: EXDATE); a moved one that is also skipped is a skip; a change
    /// to a start the schedule does not have is left out.
    pub fn of(block: &Block, exceptions: &[Exception]) -> BlockSide {
        let mut side = BlockSide {
            title: block.title.clone(),
            intention: block.intention.clone(),
            zone: block.zone,
            start: block.start,
            minutes: block.minutes,
            repeat: block.repeat.clone(),
            skips: BTreeSet::new(),
            moves: BTreeMap::new(),
        };
        for e in exceptions {
            let change = if e.removed || e.mark == Some(Mark::Skipped) {
                OccurrenceChange::Skipped
            } else {
                e.moved_to
                    .map_or(OccurrenceChange::AsScheduled, OccurrenceChange::MovedTo)
            };
            side.set_change(e.original, change);
        }
        side
    }

    /// Its schedule.
    pub fn schedule(&self) -> Schedule {
        Schedule {
            zone: self.zone,
            start: self.start,
            minutes: self.minutes,
            repeat: self.repeat.clone(),
        }
    }

    /// Takes `schedule`, dropping the changes to occurrences it does not have.
    pub fn set_schedule(&mut self, schedule: Schedule) {
        self.zone = schedule.zone;
        self.start = schedule.start;
        self.minutes = schedule.minutes;
        self.repeat = schedule.repeat;
        self.tidy();
    }

    /// What became of the occurrence scheduled at `original`.
    pub fn change_at(&self, original: NaiveDateTime) -> OccurrenceChange {
        if self.skips.contains(&original) {
            OccurrenceChange::Skipped
        } else {
            self.moves
                .get(&original)
                .map_or(OccurrenceChange::AsScheduled, |to| {
                    OccurrenceChange::MovedTo(*to)
                })
        }
    }

    /// Records what became of the occurrence scheduled at `original`: ignored when the
    /// schedule has no such occurrence; a move to its own time is no move. A time the
    /// clocks skip is recorded as the time bearing's expansion gives it (see [`existing`]).
    pub fn set_change(&mut self, original: NaiveDateTime, change: OccurrenceChange) {
        let original = existing(self.zone, original);
        self.skips.remove(&original);
        self.moves.remove(&original);
        if !self.has_occurrence(original) {
            return;
        }
        match change {
            OccurrenceChange::AsScheduled => {}
            OccurrenceChange::Skipped => {
                self.skips.insert(original);
            }
            OccurrenceChange::MovedTo(to) if to == original => {}
            OccurrenceChange::MovedTo(to) => {
                self.moves.insert(original, to);
            }
        }
    }

    /// Leaves out what no side of a merge should hold: changes to occurrences the
    /// schedule does not have, a move of a skipped occurrence (the skip stands), a move
    /// to its own time.
    pub fn tidy(&mut self) {
        let moves = std::mem::take(&mut self.moves);
        let skips = std::mem::take(&mut self.skips);
        for original in skips {
            self.set_change(original, OccurrenceChange::Skipped);
        }
        for (original, to) in moves {
            if !self.skips.contains(&original) {
                self.set_change(original, OccurrenceChange::MovedTo(to));
            }
        }
    }

    /// Whether the schedule has an occurrence scheduled at `original` (local time), as
    /// bearing expands a weekly rule: weeks counted from the start's (Monday first), on
    /// its weekdays, at the start's time of day (on a day the clocks skip it, as written
    /// or as [`existing`] gives it), from its start through its last day.
    pub fn has_occurrence(&self, original: NaiveDateTime) -> bool {
        let at_time = |date: NaiveDate| {
            let scheduled = date.and_time(self.start.time());
            original == scheduled || original == existing(self.zone, scheduled)
        };
        match &self.repeat {
            Repeat::Once => at_time(self.start.date()),
            Repeat::Weekly { days, every, until } => {
                let date = original.date();
                let monday = |d: NaiveDate| week_start(d, Weekday::Mon);
                let weeks = (monday(date) - monday(self.start.date())).num_weeks();
                date >= self.start.date()
                    && until.is_none_or(|u| date <= u)
                    && days.contains(&date.weekday())
                    && weeks % i64::from((*every).max(1)) == 0
                    && at_time(date)
            }
        }
    }
}

/// A wall-clock time that exists in `zone`: one the clocks skip for daylight saving is
/// read with the offset before the change (RFC 5545 3.3.5), so 02:30 on the night Berlin
/// goes from 02:00 to 03:00 is 03:30. bearing's expansion (the `rrule` crate) names such
/// an occurrence so, and calendar apps place it there.
pub fn existing(zone: Tz, t: NaiveDateTime) -> NaiveDateTime {
    if zone.from_local_datetime(&t).earliest().is_some() {
        return t;
    }
    let before = zone
        .from_local_datetime(&(t - Duration::days(1)))
        .earliest()
        .map(|d| d.offset().fix().local_minus_utc());
    match before {
        Some(offset) => (t - Duration::seconds(i64::from(offset)))
            .and_utc()
            .with_timezone(&zone)
            .naive_local(),
        None => t,
    }
}

/// The value both sides would end with: one side's change, or bearing's when both
/// changed it differently (then `true`).
fn pick<T: PartialEq + Clone>(base: &T, mine: &T, theirs: &T) -> (T, bool) {
    if mine == theirs || theirs == base {
        (mine.clone(), false)
    } else if mine == base {
        (theirs.clone(), false)
    } else {
        (mine.clone(), true)
    }
}

/// Merges bearing's side (`mine`) and the calendar's (`theirs`) of one block, both
/// changed since `base`, the version both last agreed on (see the module's rules).
pub fn merge(base: &BlockSide, mine: &BlockSide, theirs: &BlockSide) -> Merged {
    let mut notes = Vec::new();
    let (title, both) = pick(&base.title, &mine.title, &theirs.title);
    if both {
        notes.push(Conflict::Title {
            theirs: theirs.title.clone(),
            mine: mine.title.clone(),
        });
    }
    let (intention, both) = pick(&base.intention, &mine.intention, &theirs.intention);
    if both {
        notes.push(Conflict::Intention {
            theirs: theirs.intention.clone(),
            mine: mine.intention.clone(),
        });
    }
    let (schedule, both) = pick(&base.schedule(), &mine.schedule(), &theirs.schedule());
    if both {
        notes.push(Conflict::Schedule {
            theirs: theirs.schedule(),
            mine: mine.schedule(),
        });
    }
    let mut side = BlockSide {
        title,
        intention,
        zone: schedule.zone,
        start: schedule.start,
        minutes: schedule.minutes,
        repeat: schedule.repeat,
        skips: BTreeSet::new(),
        moves: BTreeMap::new(),
    };
    let originals: BTreeSet<NaiveDateTime> = [base, mine, theirs]
        .iter()
        .flat_map(|s| s.skips.iter().chain(s.moves.keys()))
        .copied()
        .collect();
    for original in originals {
        let (b, m, t) = (
            base.change_at(original),
            mine.change_at(original),
            theirs.change_at(original),
        );
        let (change, both) = pick(&b, &m, &t);
        if !side.has_occurrence(original) {
            if change != b && change != OccurrenceChange::AsScheduled {
                let by = if change == m {
                    Side::Bearing
                } else {
                    Side::Calendar
                };
                notes.push(Conflict::Dropped {
                    original,
                    change,
                    by,
                });
            }
            continue;
        }
        if both {
            notes.push(Conflict::Occurrence {
                original,
                theirs: t,
                mine: m,
            });
        }
        side.set_change(original, change);
    }
    Merged {
        mine_changed: side != *mine,
        theirs_changed: side != *theirs,
        side,
        notes,
    }
}

impl Conflict {
    /// Resolves it the calendar's way in `side` (a merge's result): the calendar's value
    /// replaces bearing's. A dropped change has nothing to take back.
    pub fn keep_theirs(&self, side: &mut BlockSide) {
        match self {
            Conflict::Title { theirs, .. } => side.title.clone_from(theirs),
            Conflict::Intention { theirs, .. } => side.intention.clone_from(theirs),
            Conflict::Schedule { theirs, .. } => side.set_schedule(theirs.clone()),
            Conflict::Occurrence {
                original, theirs, ..
            } => side.set_change(*original, *theirs),
            Conflict::Dropped { .. } => {}
        }
    }
}

/// A text for a note: in quotes, cut to 60 characters.
fn quoted(text: &str) -> String {
    let mut s: String = text
        .chars()
        .take(60)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().nth(60).is_some() {
        s.push('…');
    }
    format!("\"{s}\"")
}

fn when(t: NaiveDateTime) -> String {
    t.format(DAY_TIME_YEAR).to_string()
}

impl fmt::Display for Schedule {
    /// `weekly on tue from Tue 3 Nov 2026 09:00, 90 minutes (Europe/Berlin)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let zone = self.zone.name();
        match &self.repeat {
            Repeat::Once => write!(f, "once on {}", when(self.start))?,
            repeat => write!(f, "{repeat} from {}", when(self.start))?,
        }
        write!(f, ", {} minutes ({zone})", self.minutes)
    }
}

impl fmt::Display for Conflict {
    /// What the calendar had and what bearing kept, in words a user reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Conflict::Title { theirs, mine } => write!(
                f,
                "the calendar renamed it {}; bearing's {} was kept",
                quoted(theirs),
                quoted(mine)
            ),
            Conflict::Intention { theirs, mine } => write!(
                f,
                "the calendar changed its description to {}; bearing's {} was kept",
                quoted(theirs),
                quoted(mine)
            ),
            Conflict::Schedule { theirs, mine } => write!(
                f,
                "the calendar changed the series to {theirs}; bearing's {mine} was kept"
            ),
            Conflict::Occurrence {
                original,
                theirs,
                mine,
            } => {
                let on = when(*original);
                let theirs = match theirs {
                    OccurrenceChange::AsScheduled => format!("put the {on} occurrence back"),
                    OccurrenceChange::Skipped => format!("cancelled the {on} occurrence"),
                    OccurrenceChange::MovedTo(to) => {
                        format!("moved the {on} occurrence to {}", when(*to))
                    }
                };
                let mine = match mine {
                    OccurrenceChange::AsScheduled => "bearing kept it at its time".to_string(),
                    OccurrenceChange::Skipped => "bearing's skip was kept".to_string(),
                    OccurrenceChange::MovedTo(to) => {
                        format!("bearing's move to {} was kept", when(*to))
                    }
                };
                write!(f, "the calendar {theirs}; {mine}")
            }
            Conflict::Dropped {
                original,
                change,
                by,
            } => {
                let who = match by {
                    Side::Bearing => "bearing's",
                    Side::Calendar => "the calendar's",
                };
                let what = match change {
                    OccurrenceChange::MovedTo(to) => format!("move to {}", when(*to)),
                    _ => "skip".to_string(),
                };
                write!(
                    f,
                    "{who} {what} of the {} occurrence was dropped: the series, as changed, has no occurrence then",
                    when(*original)
                )
            }
        }
    }
}

/// A zone by its IANA name, in JSON.
mod zone_name {
    use chrono_tz::Tz;
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(zone: &Tz, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(zone.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Tz, D::Error> {
        let name = String::deserialize(d)?;
        name.parse()
            .map_err(|_| D::Error::custom(format!("unknown time zone '{name}'")))
    }
}

/// [`Repeat`] in JSON, as the agreed version is stored.
#[derive(Serialize, Deserialize)]
#[serde(remote = "Repeat", rename_all = "snake_case")]
enum RepeatDef {
    Once,
    Weekly {
        days: Vec<Weekday>,
        every: u32,
        until: Option<NaiveDate>,
    },
}

#[cfg(test)]
#[path = "block_sync_tests.rs"]
pub(crate) mod tests;
