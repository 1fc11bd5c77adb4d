//! Leadership blocks as an iCalendar file that Google Calendar, Outlook and Apple
//! Calendar import as the same recurring series: stable UIDs, RRULE, EXDATE for skipped
//! or deleted occurrences, RECURRENCE-ID events for moved ones, and a VTIMEZONE per zone.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Utc};

use super::ics::IcsWriter;
use super::vtimezone::write_vtimezone;
use crate::domain::block::{Block, Exception, Mark, Repeat, place};

/// The PRODID bearing writes.
pub const PRODID: &str = "-//bearing//Leadership time blocks//EN";

/// How many years past the last relevant date each VTIMEZONE spells out.
const ZONE_YEARS_AHEAD: i32 = 2;

fn local(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// The local wall-clock end of an occurrence starting at `start`.
fn local_end(block: &Block, start: NaiveDateTime) -> NaiveDateTime {
    (place(block.zone, start) + Duration::minutes(i64::from(block.minutes)))
        .with_timezone(&block.zone)
        .naive_local()
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

    let mut years: BTreeMap<&str, (chrono_tz::Tz, i32, i32)> = BTreeMap::new();
    for (block, exceptions) in blocks {
        let first = block.start.year() - 1;
        let last = match &block.repeat {
            Repeat::Weekly { until: Some(u), .. } => u.year(),
            _ => block.start.year().max(now.year()),
        };
        let last = exceptions
            .iter()
            .filter_map(|e| e.moved_to.map(|m| m.year()))
            .fold(last, i32::max);
        let entry = years
            .entry(block.zone.name())
            .or_insert((block.zone, first, last));
        entry.1 = entry.1.min(first);
        entry.2 = entry.2.max(last);
    }
    for (zone, from, to) in years.values() {
        write_vtimezone(&mut w, *zone, *from, *to + ZONE_YEARS_AHEAD);
    }

    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    for (block, exceptions) in blocks {
        let tz = block.zone.name();
        let gone = |e: &Exception| e.removed || e.mark == Some(Mark::Skipped);
        let event = |w: &mut IcsWriter,
                     start: NaiveDateTime,
                     recurrence_id: Option<NaiveDateTime>,
                     cancelled: bool| {
            w.begin("VEVENT");
            w.raw("UID", &[], &block.uid);
            w.raw("DTSTAMP", &[], &stamp);
            w.raw("SEQUENCE", &[], &block.sequence.to_string());
            if let Some(id) = recurrence_id {
                w.raw("RECURRENCE-ID", &[("TZID", tz)], &local(id));
            }
            w.raw("DTSTART", &[("TZID", tz)], &local(start));
            w.raw("DTEND", &[("TZID", tz)], &local(local_end(block, start)));
            w.text("SUMMARY", &block.title);
            if !block.intention.is_empty() {
                w.text("DESCRIPTION", &block.intention);
            }
            w.text("CATEGORIES", "Leadership");
            w.raw("TRANSP", &[], "OPAQUE");
            w.raw(
                "STATUS",
                &[],
                if cancelled { "CANCELLED" } else { "CONFIRMED" },
            );
            w.raw("X-BEARING-BLOCK-ID", &[], &block.id.to_string());
        };
        match block.repeat.to_rrule(block.zone) {
            None => {
                let e = exceptions.iter().find(|e| e.original == block.start);
                let start = e.and_then(|e| e.moved_to).unwrap_or(block.start);
                event(&mut w, start, None, e.is_some_and(gone));
                w.end("VEVENT");
            }
            Some(rule) => {
                event(&mut w, block.start, None, false);
                w.raw("RRULE", &[], &rule);
                let exdates: Vec<String> = exceptions
                    .iter()
                    .filter(|e| gone(e))
                    .map(|e| local(e.original))
                    .collect();
                if !exdates.is_empty() {
                    w.raw("EXDATE", &[("TZID", tz)], &exdates.join(","));
                }
                w.end("VEVENT");
                for e in exceptions.iter().filter(|e| !gone(e)) {
                    if let Some(moved) = e.moved_to {
                        event(&mut w, moved, Some(e.original), false);
                        w.end("VEVENT");
                    }
                }
            }
        }
    }
    w.end("VCALENDAR");
    w.finish()
}
