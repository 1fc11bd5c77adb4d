//! Leadership time blocks: protected time such as "two hours every Tuesday morning for
//! vision work", their repeat rules, and what became of each occurrence.

use std::fmt;

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
    Weekday,
};
use chrono_tz::Tz;
use serde::Serialize;
use thiserror::Error;

use super::time::{TimeInputError, localize_in};

/// The shortest block, in minutes.
pub const MIN_MINUTES: u32 = 5;
/// The longest block, in minutes (12 hours).
pub const MAX_MINUTES: u32 = 12 * 60;
/// The longest block title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

/// How a block repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repeat {
    /// Once only.
    Once,
    /// Weekly on some weekdays, every `every` weeks, optionally until a date (inclusive).
    Weekly {
        /// The weekdays it happens on, in Monday-first order.
        days: Vec<Weekday>,
        /// 1 for every week, 2 for every other week, ...
        every: u32,
        /// The last day it may happen on.
        until: Option<NaiveDate>,
    },
}

/// A block as the user describes it, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockSpec {
    /// What the time is for, e.g. "Vision work".
    pub title: String,
    /// Why this time matters.
    pub intention: String,
    /// The first occurrence's local start (wall clock in the block's zone).
    pub start: NaiveDateTime,
    /// Length in minutes.
    pub minutes: u32,
    /// How it repeats.
    pub repeat: Repeat,
}

/// A stored block (one series, or a one-off).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The journal's id.
    pub id: i64,
    /// The iCalendar UID, stable across exports so re-imports update instead of duplicate.
    pub uid: String,
    /// What the time is for.
    pub title: String,
    /// Why this time matters.
    pub intention: String,
    /// The zone its wall-clock times are in.
    pub zone: Tz,
    /// The first occurrence's local start.
    pub start: NaiveDateTime,
    /// Length in minutes.
    pub minutes: u32,
    /// How it repeats.
    pub repeat: Repeat,
    /// Bumped on every change, exported as SEQUENCE.
    pub sequence: i64,
}

/// What the user recorded about one occurrence after the fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// The time was used as intended.
    Kept,
    /// Only this many minutes were used as intended.
    PartlyKept(u32),
    /// The time was not used as intended.
    Skipped,
}

/// A change to one occurrence of a block, keyed by its scheduled local start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exception {
    /// The occurrence's scheduled local start (its iCalendar RECURRENCE-ID).
    pub original: NaiveDateTime,
    /// Kept, partly kept or skipped, if recorded.
    pub mark: Option<Mark>,
    /// Why it was skipped or moved.
    pub reason: Option<String>,
    /// Its new local start, if moved.
    pub moved_to: Option<NaiveDateTime>,
    /// Deleted: it no longer exists at all (unlike skipped, which still shows).
    pub removed: bool,
}

impl Exception {
    /// An exception that changes nothing yet.
    pub fn new(original: NaiveDateTime) -> Exception {
        Exception {
            original,
            mark: None,
            reason: None,
            moved_to: None,
            removed: false,
        }
    }
}

/// Where an occurrence stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OccurrenceStatus {
    /// Still ahead, or marked as nothing yet.
    Planned,
    /// Used as intended (past occurrences count as kept unless marked otherwise).
    Kept,
    /// Partly used.
    PartlyKept,
    /// Not used.
    Skipped,
}

impl OccurrenceStatus {
    /// The name used in JSON and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            OccurrenceStatus::Planned => "planned",
            OccurrenceStatus::Kept => "kept",
            OccurrenceStatus::PartlyKept => "partly_kept",
            OccurrenceStatus::Skipped => "skipped",
        }
    }

    /// The name in messages: `partly kept`, not the JSON `partly_kept`.
    pub fn label(self) -> &'static str {
        match self {
            OccurrenceStatus::PartlyKept => "partly kept",
            other => other.as_str(),
        }
    }
}

/// One occurrence of a block, placed in time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// The block it belongs to.
    pub block_id: i64,
    /// The block's UID: its stable id, the same on every device the journal syncs to.
    pub block_uid: String,
    /// The block's title.
    pub title: String,
    /// The block's intention.
    pub intention: String,
    /// Its scheduled local start, which identifies it within the series.
    pub original: NaiveDateTime,
    /// When it starts (moved, if it was moved).
    pub start: DateTime<FixedOffset>,
    /// When it ends.
    pub end: DateTime<FixedOffset>,
    /// Where it stands.
    pub status: OccurrenceStatus,
    /// Minutes kept, for partly kept occurrences (else the whole length when kept).
    pub kept_minutes: u32,
    /// Why it was skipped or moved.
    pub reason: Option<String>,
    /// Whether it was moved from its scheduled time.
    pub moved: bool,
    /// Whether the block repeats.
    pub repeating: bool,
}

impl Occurrence {
    /// Its length in minutes.
    pub fn minutes(&self) -> u32 {
        u32::try_from((self.end - self.start).num_minutes()).unwrap_or(0)
    }

    /// Which occurrence of which block it is.
    pub fn at(&self) -> OccurrenceRef {
        OccurrenceRef {
            block_id: self.block_id,
            original: self.original,
        }
    }

    /// Whether it is still ahead at `now`: marking it kept then says it was kept before
    /// it happened, which the interface asks about first.
    pub fn is_ahead(&self, now: DateTime<FixedOffset>) -> bool {
        self.start > now
    }
}

/// One occurrence of a block: the block and the occurrence's scheduled start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OccurrenceRef {
    /// The block.
    pub block_id: i64,
    /// The occurrence's scheduled start (its place in the series).
    pub original: NaiveDateTime,
}

/// The most weeks apart a block may repeat.
pub const MAX_EVERY: u32 = 52;

/// Why a block description was refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum BlockError {
    /// No title.
    #[error("a block needs a title")]
    EmptyTitle,
    /// A title too long to show.
    #[error("a block title has at most {MAX_TITLE_CHARS} characters")]
    LongTitle,
    /// A length outside 5 minutes to 12 hours.
    #[error("a block lasts from {MIN_MINUTES} minutes to 12 hours, not {0}")]
    BadLength(String),
    /// A length that is not a number at all.
    #[error("'{0}' is not a number of minutes: write 90, 1h30 or 2.5h")]
    NotANumber(String),
    /// Minutes kept that are not a part of the occurrence.
    #[error(
        "{kept} minutes is not part of a {length}-minute block: give {MIN_MINUTES} to {} minutes, or mark it kept",
        length.saturating_sub(1)
    )]
    NotAPart {
        /// Minutes asked for.
        kept: u32,
        /// The occurrence's length.
        length: u32,
    },
    /// A weekday name that is not one.
    #[error("'{0}' is not a weekday: use mon, tue, wed, thu, fri, sat or sun")]
    BadWeekday(String),
    /// A repeat interval out of range.
    #[error("a block repeats every 1 to 52 weeks, not {0}")]
    BadInterval(String),
    /// The last day of the series is before its first.
    #[error("the repeat ends ({until}) before the block starts ({start})")]
    UntilBeforeStart {
        /// The first day.
        start: NaiveDate,
        /// The last day asked for.
        until: NaiveDate,
    },
    /// A start time that does not exist on the wall clock.
    #[error(
        "{time} does not exist in {zone}: the clocks skip it for daylight saving; pick a time outside the gap"
    )]
    InDstGap {
        /// The time asked for.
        time: String,
        /// The zone.
        zone: String,
    },
    /// A move far from the scheduled time, or from the future into the past: more often
    /// a mistyped date than meant, so it is made only when confirmed.
    #[error(
        "moving it from {from} to {to} is {how}; a move of more than {MOVE_WITHOUT_ASKING_DAYS} days, or into the past, is made only when confirmed"
    )]
    UnusualMove {
        /// The scheduled start, with its year.
        from: String,
        /// The start asked for, with its year.
        to: String,
        /// How far, and which way ("365 days earlier, into the past").
        how: String,
    },
    /// A stored rule bearing cannot read.
    #[error("unsupported repeat rule '{0}'")]
    BadRule(String),
    /// An interval or a last day given for a block that repeats on no weekday.
    #[error("give the weekdays it repeats on, e.g. tue,thu")]
    WeekdaysNeeded,
}

/// Checks `kept` minutes (a length as [`parse_minutes`] reads it) are a part of a
/// `length`-minute occurrence, for marking it partly kept: shorter than the occurrence.
pub fn check_kept(kept: u32, length: u32) -> Result<u32, BlockError> {
    if kept >= length {
        return Err(BlockError::NotAPart { kept, length });
    }
    Ok(kept)
}

/// How far from its scheduled time an occurrence moves without asking, in days.
pub const MOVE_WITHOUT_ASKING_DAYS: i64 = 28;

/// A move of an occurrence: from its scheduled start to a new one, wall clock in `zone`,
/// asked for at `now` (wall clock too).
#[derive(Debug, Clone, Copy)]
pub struct Move {
    /// The scheduled start.
    pub original: NaiveDateTime,
    /// The new start.
    pub to: NaiveDateTime,
    /// The zone both are in.
    pub zone: Tz,
    /// Now, in that zone.
    pub now: NaiveDateTime,
    /// The user confirmed an unusual move.
    pub confirmed: bool,
}

/// Where an occurrence stands once moved: `None` when `to` is its own time (moving it
/// back undoes the move), else `Some(to)`. A time the clocks skip for daylight saving is
/// refused; a move more than [`MOVE_WITHOUT_ASKING_DAYS`] away, or one that takes a
/// coming occurrence into the past, is refused unless confirmed.
pub fn moved_to(m: Move) -> Result<Option<NaiveDateTime>, BlockError> {
    if let Err(TimeInputError::NonexistentLocalTime(time)) = localize_in(&m.zone, m.to) {
        return Err(BlockError::InDstGap {
            time,
            zone: m.zone.name().to_string(),
        });
    }
    let days = (m.to - m.original).num_days();
    let far = days.abs() > MOVE_WITHOUT_ASKING_DAYS;
    let into_past = m.to < m.now && m.original >= m.now;
    if !m.confirmed && (far || into_past) {
        let way = if m.to < m.original {
            "earlier"
        } else {
            "later"
        };
        let mut how = match days.abs() {
            0 => format!("{} minutes {way}", (m.to - m.original).num_minutes().abs()),
            1 => format!("1 day {way}"),
            n => format!("{n} days {way}"),
        };
        if into_past {
            how.push_str(", into the past");
        }
        return Err(BlockError::UnusualMove {
            from: m.original.format(super::dates::DAY_TIME_YEAR).to_string(),
            to: m.to.format(super::dates::DAY_TIME_YEAR).to_string(),
            how,
        });
    }
    Ok((m.to != m.original).then_some(m.to))
}

/// Reads a length: `90`, `90m`, `1h`, `1h30`, `1h30m`, `2.5h`.
pub fn parse_minutes(text: &str) -> Result<u32, BlockError> {
    let bad = || BlockError::NotANumber(text.trim().to_string());
    let t = text.trim().to_ascii_lowercase();
    let minutes: f64 = if let Some((h, m)) = t.split_once('h') {
        let hours: f64 = h.trim().parse().map_err(|_| bad())?;
        let m = m.trim().trim_end_matches('m').trim();
        let mins: f64 = if m.is_empty() {
            0.0
        } else {
            m.parse().map_err(|_| bad())?
        };
        hours * 60.0 + mins
    } else {
        t.trim_end_matches('m').trim().parse().map_err(|_| bad())?
    };
    if !minutes.is_finite() || minutes.fract() != 0.0 {
        return Err(BlockError::BadLength(format!("'{}'", text.trim())));
    }
    check_minutes(minutes as i64)
}

/// Checks a length in minutes is within 5 minutes and 12 hours.
pub fn check_minutes(minutes: i64) -> Result<u32, BlockError> {
    if (i64::from(MIN_MINUTES)..=i64::from(MAX_MINUTES)).contains(&minutes) {
        Ok(minutes as u32)
    } else {
        Err(BlockError::BadLength(format!("{minutes} minutes")))
    }
}

/// Reads a list of weekdays such as `mon,wed` or `tuesday thursday`, Monday first.
pub fn parse_weekdays(text: &str) -> Result<Vec<Weekday>, BlockError> {
    let mut days = Vec::new();
    for word in text
        .split([',', ' '])
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        let day: Weekday = word
            .parse()
            .map_err(|_| BlockError::BadWeekday(word.to_string()))?;
        if !days.contains(&day) {
            days.push(day);
        }
    }
    days.sort_by_key(|d| d.num_days_from_monday());
    Ok(days)
}

/// Reads a repeat interval in weeks (1 to 52).
pub fn parse_every(text: &str) -> Result<u32, BlockError> {
    match text.trim().parse::<u32>() {
        Ok(n) if (1..=52).contains(&n) => Ok(n),
        _ => Err(BlockError::BadInterval(format!("'{}'", text.trim()))),
    }
}

/// The two-letter iCalendar name of a weekday.
pub fn weekday_code(day: Weekday) -> &'static str {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][day.num_days_from_monday() as usize]
}

/// The short English name of a weekday, as users type it.
pub fn weekday_name(day: Weekday) -> &'static str {
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][day.num_days_from_monday() as usize]
}

impl BlockSpec {
    /// Checks the description and returns it tidied: title trimmed, and a weekly series
    /// starting on the first of its weekdays on or after the given start.
    pub fn validated(mut self, zone: Tz) -> Result<BlockSpec, BlockError> {
        self.title = self.title.trim().to_string();
        self.intention = self.intention.trim().to_string();
        if self.title.is_empty() {
            return Err(BlockError::EmptyTitle);
        }
        if self.title.chars().count() > MAX_TITLE_CHARS {
            return Err(BlockError::LongTitle);
        }
        check_minutes(i64::from(self.minutes))?;
        if let Repeat::Weekly { days, every, until } = &mut self.repeat {
            if days.is_empty() {
                days.push(self.start.weekday());
            }
            days.sort_by_key(|d| d.num_days_from_monday());
            days.dedup();
            if !(1..=MAX_EVERY).contains(every) {
                return Err(BlockError::BadInterval(every.to_string()));
            }
            let mut date = self.start.date();
            while !days.contains(&date.weekday()) {
                date = date.succ_opt().unwrap_or(date);
            }
            self.start = date.and_time(self.start.time());
            if let Some(until) = until
                && *until < self.start.date()
            {
                return Err(BlockError::UntilBeforeStart {
                    start: self.start.date(),
                    until: *until,
                });
            }
        }
        match localize_in(&zone, self.start) {
            Err(TimeInputError::NonexistentLocalTime(time)) => Err(BlockError::InDstGap {
                time,
                zone: zone.name().to_string(),
            }),
            _ => Ok(self),
        }
    }
}

impl Repeat {
    /// How a block given no weekdays repeats: once, which takes no interval (`every`)
    /// and no last day (`until`); either given is refused, as it needs weekdays.
    pub fn without_weekdays(every: bool, until: bool) -> Result<Repeat, BlockError> {
        if every || until {
            return Err(BlockError::WeekdaysNeeded);
        }
        Ok(Repeat::Once)
    }

    /// The RFC 5545 RRULE value (without `RRULE:`), or `None` for a one-off. UNTIL is
    /// the end of the until-day in `zone`, in UTC, as RFC 5545 requires with a TZID start.
    pub fn to_rrule(&self, zone: Tz) -> Option<String> {
        let Repeat::Weekly { days, every, until } = self else {
            return None;
        };
        let mut rule = String::from("FREQ=WEEKLY");
        if *every != 1 {
            rule.push_str(&format!(";INTERVAL={every}"));
        }
        let codes: Vec<&str> = days.iter().map(|d| weekday_code(*d)).collect();
        rule.push_str(&format!(";BYDAY={}", codes.join(",")));
        if let Some(until) = until {
            let end_of_day =
                until.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default());
            let utc = zone
                .from_local_datetime(&end_of_day)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(|| Utc.from_utc_datetime(&end_of_day));
            rule.push_str(&format!(";UNTIL={}", utc.format("%Y%m%dT%H%M%SZ")));
        }
        Some(rule)
    }

    /// Reads back an RRULE written by [`Repeat::to_rrule`] (weekly rules only).
    pub fn from_rrule(rule: Option<&str>, zone: Tz) -> Result<Repeat, BlockError> {
        let Some(rule) = rule else {
            return Ok(Repeat::Once);
        };
        let bad = || BlockError::BadRule(rule.to_string());
        let (mut weekly, mut every, mut days, mut until) = (false, 1, Vec::new(), None);
        for part in rule.split(';') {
            let (key, value) = part.split_once('=').ok_or_else(bad)?;
            match key {
                "FREQ" => weekly = value == "WEEKLY",
                "INTERVAL" => every = value.parse().map_err(|_| bad())?,
                "BYDAY" => {
                    for code in value.split(',') {
                        let i = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
                            .iter()
                            .position(|c| *c == code)
                            .ok_or_else(bad)?;
                        days.push(Weekday::try_from(i as u8).map_err(|_| bad())?);
                    }
                }
                "UNTIL" => {
                    let utc = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%SZ")
                        .map_err(|_| bad())?;
                    until = Some(
                        Utc.from_utc_datetime(&utc)
                            .with_timezone(&zone)
                            .date_naive(),
                    );
                }
                _ => return Err(bad()),
            }
        }
        // What `BlockSpec::validated` lets a command write, a stored rule must hold too
        // (a restored INTERVAL=0 made a block no screen could show).
        if !weekly || !(1..=MAX_EVERY).contains(&every) || days.is_empty() {
            return Err(bad());
        }
        Ok(Repeat::Weekly { days, every, until })
    }
}

impl fmt::Display for Repeat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Repeat::Once => write!(f, "once"),
            Repeat::Weekly { days, every, until } => {
                let names: Vec<&str> = days.iter().map(|d| weekday_name(*d)).collect();
                match every {
                    1 => write!(f, "weekly on {}", names.join(", "))?,
                    2 => write!(f, "every other week on {}", names.join(", "))?,
                    n => write!(f, "every {n} weeks on {}", names.join(", "))?,
                }
                if let Some(until) = until {
                    write!(f, " until {until}")?;
                }
                Ok(())
            }
        }
    }
}

impl Block {
    /// The description this block was made from, for editing.
    pub fn spec(&self) -> BlockSpec {
        BlockSpec {
            title: self.title.clone(),
            intention: self.intention.clone(),
            start: self.start,
            minutes: self.minutes,
            repeat: self.repeat.clone(),
        }
    }

    /// Whether two descriptions give occurrences at the same times (so per-occurrence
    /// changes still apply after an edit).
    pub fn same_schedule(a: &BlockSpec, b: &BlockSpec) -> bool {
        a.start == b.start && a.repeat == b.repeat
    }
}

/// Places a wall-clock time in `zone`, moving a time inside a daylight-saving gap forward
/// by the gap, as calendar apps do for recurring events.
pub fn place(zone: Tz, local: NaiveDateTime) -> DateTime<FixedOffset> {
    let mut t = local;
    for _ in 0..4 {
        if let Some(at) = zone.from_local_datetime(&t).earliest() {
            return at.fixed_offset();
        }
        t += Duration::minutes(30);
    }
    Utc.from_utc_datetime(&local).fixed_offset()
}

#[cfg(test)]
#[path = "block_tests.rs"]
mod tests;
