//! Leadership blocks as an iCalendar file that Google Calendar, Outlook and Apple
//! Calendar import as the same recurring series: stable UIDs, RRULE, EXDATE for skipped
//! or deleted occurrences, RECURRENCE-ID events for moved ones, and a VTIMEZONE per zone.
//!
//! How one block's VEVENTs are written ([`write_series`]) is shared with the CalDAV
//! object of one block ([`super::block_object`]).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::ics::IcsWriter;
use super::vtimezone::write_vtimezone;
use crate::domain::block::{Block, Exception, Repeat, place};
use crate::domain::block_sync::BlockSide;

/// The PRODID bearing writes.
pub const PRODID: &str = "-//bearing//Leadership time blocks//EN";

/// The category every block's VEVENTs carry.
pub const CATEGORY: &str = "Leadership";

/// How many years past the last relevant date each VTIMEZONE spells out.
const ZONE_YEARS_AHEAD: i32 = 2;

/// A wall-clock time as iCalendar writes it with a TZID: `20261103T090000`.
pub(crate) fn local(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// The DTEND of an occurrence starting at `start` (wall clock, in `zone`) that lasts
/// `minutes`: its wall-clock end in the zone, or, when that wall-clock time happens twice
/// (the hour a fall-back repeats), the instant itself in UTC, which cannot be read back
/// an hour off.
fn write_end(w: &mut IcsWriter, zone: Tz, minutes: u32, start: NaiveDateTime) {
    let end = place(zone, start) + Duration::minutes(i64::from(minutes));
    let wall = end.with_timezone(&zone).naive_local();
    if matches!(
        zone.from_local_datetime(&wall),
        chrono::LocalResult::Ambiguous(..)
    ) {
        w.raw("DTEND", &[], &format!("{}Z", local(end.naive_utc())));
    } else {
        w.raw("DTEND", &[("TZID", zone.name())], &local(wall));
    }
}

/// One block series as its VEVENTs say it.
pub(crate) struct Series<'a> {
    /// The UID of every VEVENT.
    pub(crate) uid: &'a str,
    /// What they say.
    pub(crate) side: &'a BlockSide,
    /// The SEQUENCE of every VEVENT.
    pub(crate) sequence: i64,
    /// The DTSTAMP of every VEVENT, as written.
    pub(crate) stamp: &'a str,
}

/// The years the VTIMEZONE of a series covers: the year before its start through its
/// last day (or this year, for a series without end) and its moves.
pub(crate) fn zone_years(side: &BlockSide, now: DateTime<Utc>) -> (i32, i32) {
    let first = side.start.year() - 1;
    let last = match &side.repeat {
        Repeat::Weekly { until: Some(u), .. } => u.year(),
        _ => side.start.year().max(now.year()),
    };
    let last = side.moves.values().map(|m| m.year()).fold(last, i32::max);
    (first, last)
}

/// Writes the VTIMEZONE of `zone` for the years `from..=to` and a few after.
pub(crate) fn write_zone(w: &mut IcsWriter, zone: Tz, (from, to): (i32, i32)) {
    write_vtimezone(w, zone, from, to + ZONE_YEARS_AHEAD);
}

/// Writes the VEVENTs of a series: the master (RRULE, and one EXDATE line for the
/// skips), then one VEVENT per moved occurrence and per occurrence in `own_time` (a
/// RECURRENCE-ID at its scheduled time, in the series' zone). A one-off is one VEVENT at
/// its time, moved if it was, CANCELLED if skipped. `extra` writes what else a VEVENT
/// holds, before its END; it is given the VEVENT's RECURRENCE-ID (`None` for the master).
pub(crate) fn write_series(
    w: &mut IcsWriter,
    series: &Series<'_>,
    own_time: &BTreeSet<NaiveDateTime>,
    extra: &mut dyn FnMut(&mut IcsWriter, Option<NaiveDateTime>),
) {
    let side = series.side;
    let tz = side.zone.name();
    let event = |w: &mut IcsWriter,
                 start: NaiveDateTime,
                 recurrence_id: Option<NaiveDateTime>,
                 cancelled: bool| {
        w.begin("VEVENT");
        w.raw("UID", &[], series.uid);
        w.raw("DTSTAMP", &[], series.stamp);
        w.raw("SEQUENCE", &[], &series.sequence.to_string());
        if let Some(id) = recurrence_id {
            w.raw("RECURRENCE-ID", &[("TZID", tz)], &local(id));
        }
        w.raw("DTSTART", &[("TZID", tz)], &local(start));
        write_end(w, side.zone, side.minutes, start);
        w.text("SUMMARY", &side.title);
        if !side.intention.is_empty() {
            w.text("DESCRIPTION", &side.intention);
        }
        w.text("CATEGORIES", CATEGORY);
        w.raw("TRANSP", &[], "OPAQUE");
        let status = if cancelled { "CANCELLED" } else { "CONFIRMED" };
        w.raw("STATUS", &[], status);
    };
    let Some(rule) = side.repeat.to_rrule(side.zone) else {
        let start = side.moves.get(&side.start).copied().unwrap_or(side.start);
        event(w, start, None, side.skips.contains(&side.start));
        extra(w, None);
        w.end("VEVENT");
        return;
    };
    event(w, side.start, None, false);
    w.raw("RRULE", &[], &rule);
    if !side.skips.is_empty() {
        let exdates: Vec<String> = side.skips.iter().map(|t| local(*t)).collect();
        w.raw("EXDATE", &[("TZID", tz)], &exdates.join(","));
    }
    extra(w, None);
    w.end("VEVENT");
    let mut overrides: BTreeMap<NaiveDateTime, NaiveDateTime> = own_time
        .iter()
        .filter(|t| !side.skips.contains(t))
        .map(|t| (*t, *t))
        .collect();
    overrides.extend(side.moves.iter().map(|(from, to)| (*from, *to)));
    for (original, start) in overrides {
        event(w, start, Some(original), false);
        extra(w, Some(original));
        w.end("VEVENT");
    }
}

/// Writes every block as one iCalendar document. `now` is the DTSTAMP.
pub fn blocks_to_ics(blocks: &[(Block, Vec<Exception>)], now: DateTime<Utc>) -> String {
    let mut w = IcsWriter::new();
    w.begin("VCALENDAR");
    w.raw("VERSION", &[], "2.0");
    w.raw("PRODID", &[], PRODID);
    w.raw("CALSCALE", &[], "GREGORIAN");
    w.raw("METHOD", &[], "PUBLISH");
    w.text("X-WR-CALNAME", "Leadership time (bearing)");

    let sides: Vec<(&Block, BlockSide)> = blocks
        .iter()
        .map(|(block, exceptions)| (block, BlockSide::of(block, exceptions)))
        .collect();
    let mut years: BTreeMap<&str, (Tz, (i32, i32))> = BTreeMap::new();
    for (block, side) in &sides {
        let (first, last) = zone_years(side, now);
        let entry = years
            .entry(block.zone.name())
            .or_insert((block.zone, (first, last)));
        entry.1 = (entry.1.0.min(first), entry.1.1.max(last));
    }
    for (zone, span) in years.values() {
        write_zone(&mut w, *zone, *span);
    }

    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    for (block, side) in &sides {
        let series = Series {
            uid: &block.uid,
            side,
            sequence: block.sequence,
            stamp: &stamp,
        };
        let id = block.id.to_string();
        write_series(&mut w, &series, &BTreeSet::new(), &mut |w, _| {
            w.raw("X-BEARING-BLOCK-ID", &[], &id);
        });
    }
    w.end("VCALENDAR");
    w.finish()
}
