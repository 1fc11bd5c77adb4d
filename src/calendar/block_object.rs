//! One block series as one CalDAV calendar object (`<uid>.ics`), written and read back:
//! the master VEVENT (RRULE, an EXDATE per skipped occurrence), one VEVENT per moved
//! occurrence (RECURRENCE-ID in the master's zone) and the full VTIMEZONE of its zone.
//!
//! Other clients edit the object too. Writing over the server's copy keeps what they
//! added that bearing does not own ([`OWNED`]): reminders, colours, locations, their X-
//! properties, their categories, on the series and on the occurrences that still exist.
//! Reading is lenient like the rest of `calendar/` (the same reader, bounded work for any
//! input) and gives what both sides can change ([`BlockSide`]), or says why the object
//! holds something a block cannot be ([`BlockObjectError`]).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use thiserror::Error;

use super::Notes;
use super::export::{CATEGORY, PRODID, Series, local, write_series, write_zone, zone_years};
use super::ics::IcsWriter;
use super::read::{Component, Property, ReadError, read};
use super::values::{Start, parse_start};
use super::vevent::{read_vevent, uid_of};
use super::zones::{Zone, Zones};
use crate::domain::block::{MAX_EVERY, MIN_MINUTES, Repeat, check_minutes};
use crate::domain::block_sync::{BlockSide, OccurrenceChange};
use crate::domain::week::week_start;

/// What bearing owns of a block's calendar object: written from bearing's side on every
/// write (or left out), and never kept from the server's copy. A name ending in `*` is
/// every name that starts so. The VTIMEZONEs and the category [`CATEGORY`] are bearing's
/// too; everything else another client added is kept.
pub const OWNED: &[&str] = &[
    // The calendar's.
    "VERSION",
    "PRODID",
    "CALSCALE",
    "METHOD",
    // Each VEVENT's: what it is, when, and how it repeats.
    "UID",
    "DTSTAMP",
    "SEQUENCE",
    "LAST-MODIFIED",
    "RECURRENCE-ID",
    "DTSTART",
    "DTEND",
    "DURATION",
    "SUMMARY",
    "DESCRIPTION",
    "TRANSP",
    "STATUS",
    "RRULE",
    "RDATE",
    "EXDATE",
    "EXRULE",
    // bearing's own, such as SCHEDULED below.
    "X-BEARING-*",
];

/// On a one-off, its scheduled start (in its zone): a one-off moved in bearing, or
/// dragged in a calendar app, reads back as a move of that occurrence, not as a new
/// schedule.
const SCHEDULED: &str = "X-BEARING-SCHEDULED";

/// A block's calendar object, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteBlock {
    /// Its UID.
    pub uid: String,
    /// What it says of the block.
    pub side: BlockSide,
    /// The largest SEQUENCE of its VEVENTs.
    pub sequence: i64,
    /// The occurrences (as scheduled) the calendar gave a title or length of their own: a
    /// block has one of each, so bearing's next write puts the block's back.
    pub own_details: Vec<NaiveDateTime>,
}

/// Why a calendar object is not read as a block.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum BlockObjectError {
    /// Not iCalendar at all.
    #[error(transparent)]
    NotICalendar(#[from] ReadError),
    /// No VEVENT without a RECURRENCE-ID.
    #[error("it holds no event series")]
    NoSeries,
    /// The series cannot be read (no start, an end before its start, ...).
    #[error("its series cannot be read: {0}")]
    Event(String),
    /// A series of whole days.
    #[error("it is an all-day event; a block has a time of day")]
    AllDay,
    /// Times without a zone.
    #[error("its times have no time zone; a block's have one")]
    Floating,
    /// A zone bearing cannot name.
    #[error("its time zone '{0}' is not one bearing knows")]
    UnknownZone(String),
    /// A repeat rule a block cannot have (monthly, every other day, the second Tuesday).
    #[error("it repeats as '{0}'; a block repeats weekly on some weekdays")]
    Repeat(String),
    /// A way of repeating a block cannot have.
    #[error("it has {0}, which a block cannot have")]
    Unsupported(&'static str),
    /// The whole series cancelled.
    #[error("the whole series was cancelled")]
    Cancelled,
    /// A length a block cannot have.
    #[error("it lasts {0} minutes; a block lasts from {MIN_MINUTES} minutes to 12 hours")]
    Length(i64),
}

/// Whether bearing owns the property `name` (see [`OWNED`]).
fn owned(name: &str) -> bool {
    OWNED.iter().any(|o| match o.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == *o,
    })
}

/// Writes the calendar object of the block series `uid`. `now` is the DTSTAMP, and
/// `theirs` the server's copy (its text), whose other clients' additions are kept.
pub fn write_block_object(
    uid: &str,
    side: &BlockSide,
    sequence: i64,
    now: DateTime<Utc>,
    theirs: Option<&str>,
) -> String {
    let doc = theirs.and_then(|t| read(t).ok());
    let kept = doc
        .as_ref()
        .and_then(|d| d.calendars.iter().find(|c| c.name == "VCALENDAR"))
        .map(|c| Kept::of(c, side))
        .unwrap_or_default();
    let mut w = IcsWriter::new();
    w.begin("VCALENDAR");
    w.raw("VERSION", &[], "2.0");
    w.raw("PRODID", &[], PRODID);
    w.raw("CALSCALE", &[], "GREGORIAN");
    for p in &kept.calendar {
        copy_property(&mut w, p);
    }
    write_zone(&mut w, side.zone, zone_years(side, now));
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let series = Series {
        uid,
        side,
        sequence,
        stamp: &stamp,
    };
    // Another client's override at the occurrence's own time (a reminder on one
    // occurrence, say) stays while the occurrence does.
    let own_time: BTreeSet<NaiveDateTime> = kept
        .overrides
        .iter()
        .filter(|(t, event)| side.has_occurrence(**t) && has_foreign(event))
        .map(|(t, _)| *t)
        .collect();
    write_series(&mut w, &series, &own_time, &mut |w, recurrence_id| {
        let event = match recurrence_id {
            None => {
                if side.repeat == Repeat::Once {
                    w.raw(SCHEDULED, &[("TZID", side.zone.name())], &local(side.start));
                }
                kept.master
            }
            Some(t) => kept.overrides.get(&t).copied(),
        };
        if let Some(event) = event {
            copy_foreign(w, event);
        }
    });
    w.end("VCALENDAR");
    w.finish()
}

/// What another client added to the server's copy, to write again.
#[derive(Default)]
struct Kept<'d, 'a> {
    /// The calendar's own properties bearing does not own.
    calendar: Vec<&'d Property<'a>>,
    /// The master VEVENT.
    master: Option<&'d Component<'a>>,
    /// The overrides, by the occurrence they change (local time in bearing's zone).
    overrides: BTreeMap<NaiveDateTime, &'d Component<'a>>,
}

impl<'d, 'a> Kept<'d, 'a> {
    fn of(calendar: &'d Component<'a>, side: &BlockSide) -> Kept<'d, 'a> {
        let zones = Zones::of_calendar(calendar, side.zone);
        let mut notes = Notes::default();
        let mut kept = Kept {
            calendar: calendar
                .properties
                .iter()
                .filter(|p| !owned(p.name()))
                .collect(),
            ..Kept::default()
        };
        for event in calendar.children.iter().filter(|c| c.name == "VEVENT") {
            let Some(rid) = event.prop("RECURRENCE-ID") else {
                kept.master = kept.master.or(Some(event));
                continue;
            };
            if let Ok(start) = parse_start(rid, rid.value(), &zones, &mut notes) {
                let key = in_zone(start, &zones, side.zone, side.start);
                kept.overrides.insert(key, event);
            }
        }
        kept
    }
}

/// `start` as a wall-clock time in `zone`; a date, at the time of day of `series_start`.
fn in_zone(start: Start, zones: &Zones, zone: Tz, series_start: NaiveDateTime) -> NaiveDateTime {
    match start {
        Start::Date(d) => d.and_time(series_start.time()),
        Start::Timed(local, z) if z == Zone::Iana(zone) => local,
        Start::Timed(local, z) => zones.to_local(Zone::Iana(zone), zones.to_utc(z, local)),
    }
}

/// The categories of a CATEGORIES value other than bearing's own, as written (escaped),
/// or `None` when there are none.
fn other_categories(value: &str) -> Option<String> {
    let mut items = Vec::new();
    let (mut item, mut escaped) = (String::new(), false);
    for c in value.chars().chain(std::iter::once(',')) {
        if c == ',' && !escaped {
            if !item.trim().eq_ignore_ascii_case(CATEGORY) && !item.trim().is_empty() {
                items.push(std::mem::take(&mut item));
            }
            item.clear();
            continue;
        }
        escaped = c == '\\' && !escaped;
        item.push(c);
    }
    (!items.is_empty()).then(|| items.join(","))
}

/// Whether an event holds anything another client added.
fn has_foreign(event: &Component<'_>) -> bool {
    !event.children.is_empty()
        || event.properties.iter().any(|p| match p.name() {
            "CATEGORIES" => other_categories(p.value()).is_some(),
            name => !owned(name),
        })
}

/// Writes what another client added to `event`: the properties bearing does not own,
/// and every component inside it (VALARM).
fn copy_foreign(w: &mut IcsWriter, event: &Component<'_>) {
    for p in &event.properties {
        match p.name() {
            "CATEGORIES" => {
                if let Some(others) = other_categories(p.value()) {
                    w.raw(head(p), &[], &others);
                }
            }
            name if !owned(name) => copy_property(w, p),
            _ => {}
        }
    }
    for child in &event.children {
        copy_component(w, child);
    }
}

/// A property's name and parameters, as written.
fn head<'p>(p: &'p Property<'_>) -> &'p str {
    let line = p.line_text();
    line.get(..line.len().saturating_sub(p.value().len() + 1))
        .unwrap_or_else(|| p.name())
}

fn copy_property(w: &mut IcsWriter, p: &Property<'_>) {
    w.raw(head(p), &[], p.value());
}

/// Writes a component as read; the reader nests at most [`super::read::MAX_DEPTH`] deep.
fn copy_component(w: &mut IcsWriter, c: &Component<'_>) {
    w.begin(&c.name);
    for p in &c.properties {
        copy_property(w, p);
    }
    for child in &c.children {
        copy_component(w, child);
    }
    w.end(&c.name);
}

/// Reads a block's calendar object, as the server holds it.
pub fn read_block_object(text: &str) -> Result<RemoteBlock, BlockObjectError> {
    let doc = read(text)?;
    let calendar = doc
        .calendars
        .iter()
        .find(|c| c.name == "VCALENDAR")
        .ok_or(BlockObjectError::NoSeries)?;
    let events = || calendar.children.iter().filter(|c| c.name == "VEVENT");
    let master = events()
        .find(|e| e.prop("RECURRENCE-ID").is_none())
        .ok_or(BlockObjectError::NoSeries)?;
    let mut zones = Zones::of_calendar(calendar, Tz::UTC);
    let zone = series_zone(master, &zones)?;
    // Times without a zone elsewhere in the object are taken in the series' zone.
    zones.floating = Zone::Iana(zone);
    let mut notes = Notes::default();
    let series = read_vevent(master, &zones, &mut notes).map_err(BlockObjectError::Event)?;
    let Start::Timed(..) = series.start else {
        return Err(BlockObjectError::AllDay);
    };
    let start = in_zone(series.start, &zones, zone, NaiveDateTime::default());
    refuse_extra_dates(master)?;
    let repeat = match master.props("RRULE").collect::<Vec<_>>().as_slice() {
        [] => Repeat::Once,
        [rule] => repeat_of(rule.value(), start, zone)
            .ok_or_else(|| BlockObjectError::Repeat(rule.value().trim().to_string()))?,
        _ => return Err(BlockObjectError::Unsupported("several repeat rules")),
    };
    let minutes = series.length.num_minutes();
    let mut side = BlockSide {
        title: series.title.clone(),
        intention: series.description.clone(),
        zone,
        start,
        minutes: check_minutes(minutes).map_err(|_| BlockObjectError::Length(minutes))?,
        repeat,
        skips: BTreeSet::new(),
        moves: BTreeMap::new(),
    };
    let mut changes = BTreeMap::new();
    if side.repeat == Repeat::Once {
        let scheduled = master
            .prop(SCHEDULED)
            .and_then(|p| parse_start(p, p.value(), &zones, &mut notes).ok());
        if let Some(scheduled @ Start::Timed(..)) = scheduled {
            side.start = in_zone(scheduled, &zones, zone, start);
            changes.insert(side.start, OccurrenceChange::MovedTo(start));
        }
        if series.cancelled {
            changes.insert(side.start, OccurrenceChange::Skipped);
        }
    } else if series.cancelled {
        return Err(BlockObjectError::Cancelled);
    }
    let mut sequence = series.sequence;
    let mut own_details = Vec::new();
    let uid = uid_of(master);
    for event in events().filter(|e| e.prop("RECURRENCE-ID").is_some() && uid_of(e) == uid) {
        let Ok(change) = read_vevent(event, &zones, &mut notes) else {
            continue;
        };
        let Some((rid, later_too)) = change.recurrence_id else {
            continue;
        };
        if later_too {
            return Err(BlockObjectError::Unsupported(
                "a change to an occurrence and all later ones (RANGE=THISANDFUTURE)",
            ));
        }
        sequence = sequence.max(change.sequence);
        let original = in_zone(rid, &zones, zone, side.start);
        let moved_to = in_zone(change.start, &zones, zone, side.start);
        if change.cancelled {
            changes.insert(original, OccurrenceChange::Skipped);
        } else {
            if moved_to != original {
                changes.insert(original, OccurrenceChange::MovedTo(moved_to));
            }
            if change.title != series.title || change.length != series.length {
                own_details.push(original);
            }
        }
    }
    // An EXDATE takes the occurrence away, whatever an override of it says.
    for exdate in &series.exdates {
        let original = in_zone(*exdate, &zones, zone, side.start);
        changes.insert(original, OccurrenceChange::Skipped);
    }
    for (original, change) in changes {
        side.set_change(original, change);
    }
    Ok(RemoteBlock {
        uid: series.uid,
        side,
        sequence,
        own_details,
    })
}

/// Refuses a series with extra dates or a rule of dates left out: a block has neither.
fn refuse_extra_dates(master: &Component<'_>) -> Result<(), BlockObjectError> {
    for (name, what) in [
        ("RDATE", "extra dates (RDATE)"),
        ("EXRULE", "a rule of dates left out (EXRULE)"),
    ] {
        if master.prop(name).is_some() {
            return Err(BlockObjectError::Unsupported(what));
        }
    }
    Ok(())
}

/// The zone of the series' DTSTART, which every time of the block is in.
fn series_zone(master: &Component<'_>, zones: &Zones) -> Result<Tz, BlockObjectError> {
    let Some(dtstart) = master.prop("DTSTART") else {
        return Err(BlockObjectError::Event("no DTSTART".into()));
    };
    let value = dtstart.value().trim();
    let date = dtstart
        .param("VALUE")
        .is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
    if date || (value.len() == 8 && !value.contains('T')) {
        return Err(BlockObjectError::AllDay);
    }
    if value.ends_with(['Z', 'z']) {
        return Ok(Tz::UTC);
    }
    let Some(tzid) = dtstart.param("TZID") else {
        return Err(BlockObjectError::Floating);
    };
    let key = super::zones::tzid_key(&tzid);
    if let Ok(tz) = key.parse::<Tz>() {
        return Ok(tz);
    }
    match zones.resolve(Some(&key)) {
        (Zone::Iana(tz), None) => Ok(tz),
        (Zone::Utc, None) => Ok(Tz::UTC),
        _ => Err(BlockObjectError::UnknownZone(
            key.chars().take(60).collect(),
        )),
    }
}

/// A weekday as RRULE writes it (`TU`); `None` for anything else (`1TU`).
fn weekday(code: &str) -> Option<Weekday> {
    let code = code.trim().to_ascii_uppercase();
    let i = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        .iter()
        .position(|c| *c == code)?;
    Weekday::try_from(u8::try_from(i).ok()?).ok()
}

/// How a block repeats, from an RRULE of a series starting at `start` in `zone`, as
/// calendar apps write them: weekly on some weekdays (with INTERVAL, UNTIL or COUNT,
/// and WKST where it changes nothing), or daily (on every day, or on some weekdays as
/// Thunderbird writes "every weekday"). `None` for any other rule, and for one whose
/// start is not on one of its weekdays (calendar apps disagree on whether the start is
/// then an occurrence).
///
/// Read here, not with [`Repeat::from_rrule`], which reads back only what bearing
/// writes.
fn repeat_of(rule: &str, start: NaiveDateTime, zone: Tz) -> Option<Repeat> {
    let (mut freq, mut every, mut days) = (String::new(), 1u32, Vec::new());
    let (mut until, mut count, mut week_starts) = (None, None, Weekday::Mon);
    for part in rule.trim().split(';').filter(|p| !p.trim().is_empty()) {
        let (key, value) = part.split_once('=')?;
        match key.trim().to_ascii_uppercase().as_str() {
            "FREQ" => freq = value.trim().to_ascii_uppercase(),
            "INTERVAL" => every = value.trim().parse().ok()?,
            "BYDAY" => {
                for code in value.split(',') {
                    days.push(weekday(code)?);
                }
            }
            "UNTIL" => until = Some(last_day(value, start, zone)?),
            "COUNT" => count = Some(value.trim().parse::<u64>().ok()?),
            "WKST" => week_starts = weekday(value)?,
            _ => return None,
        }
    }
    match freq.as_str() {
        "WEEKLY" if days.is_empty() => days.push(start.weekday()),
        "WEEKLY" => {}
        "DAILY" if every == 1 && days.is_empty() => days = (0..7).filter_map(day_of).collect(),
        "DAILY" if every == 1 => {}
        _ => return None,
    }
    days.sort_by_key(|d| d.num_days_from_monday());
    days.dedup();
    if !(1..=MAX_EVERY).contains(&every) || !days.contains(&start.weekday()) {
        return None;
    }
    // Weeks starting on another day group the days of a rule repeating every few weeks
    // differently, unless it is one day, or the weeks start on Sunday and it is not one.
    let same_weeks = every == 1
        || days.len() == 1
        || week_starts == Weekday::Mon
        || (week_starts == Weekday::Sun && !days.contains(&Weekday::Sun));
    if !same_weeks {
        return None;
    }
    let until = match (until, count) {
        (Some(_), Some(_)) => return None,
        (None, Some(n)) => Some(nth_day(start.date(), &days, every, n)?),
        (until, None) => until,
    };
    if until.is_some_and(|u| u < start.date()) {
        return None;
    }
    Some(Repeat::Weekly { days, every, until })
}

fn day_of(i: u8) -> Option<Weekday> {
    Weekday::try_from(i).ok()
}

/// The last day of a series from its UNTIL: a date, or the day of the last start at or
/// before a date-time (UTC, or local in `zone`).
fn last_day(value: &str, start: NaiveDateTime, zone: Tz) -> Option<NaiveDate> {
    let v = value.trim();
    if v.len() == 8 {
        return NaiveDate::parse_from_str(v, "%Y%m%d").ok();
    }
    let bare = v.trim_end_matches(['Z', 'z']);
    let t = NaiveDateTime::parse_from_str(bare, "%Y%m%dT%H%M%S").ok()?;
    let t = if bare.len() == v.len() {
        t
    } else {
        Utc.from_utc_datetime(&t).with_timezone(&zone).naive_local()
    };
    if t.time() >= start.time() {
        Some(t.date())
    } else {
        t.date().pred_opt()
    }
}

/// The day of the `n`th occurrence (from 1) of a weekly series on `days` every `every`
/// weeks from `start`, worked out without counting them one by one (COUNT may be huge).
fn nth_day(start: NaiveDate, days: &[Weekday], every: u32, n: u64) -> Option<NaiveDate> {
    let index = n.checked_sub(1)?;
    let monday = week_start(start, Weekday::Mon);
    let offset = |d: &Weekday| u64::from(d.num_days_from_monday());
    let first_week: Vec<&Weekday> = days
        .iter()
        .filter(|d| d.num_days_from_monday() >= start.weekday().num_days_from_monday())
        .collect();
    let first_count = first_week.len() as u64;
    let days_on = if index < first_count {
        offset(first_week.get(usize::try_from(index).ok()?)?)
    } else {
        let rest = index - first_count;
        let per_week = days.len() as u64;
        let cycles = rest / per_week + 1;
        let day = days.get(usize::try_from(rest % per_week).ok()?)?;
        cycles.checked_mul(7 * u64::from(every))? + offset(day)
    };
    monday.checked_add_days(Days::new(days_on))
}

#[cfg(test)]
#[path = "block_object_tests.rs"]
mod tests;
