//! The calendar reader and expansion over whole files: fixture files in the styles of
//! real exports with hours computed by hand, and small files made for one rule each.
//! One file per concern: reading VEVENTs, grouping them into series, expanding series,
//! the real exports, and properties over generated input.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Berlin;

use super::expand::expand;
use super::series::parse;
use crate::domain::event::EventOccurrence;
use crate::domain::week::day_window;

mod expand;
mod exports;
mod people;
mod properties;
mod series;
mod vevent;

use crate::testkit::fixture;

/// The Berlin week starting on `day` (YYYY-MM-DD).
fn week_of(day: &str) -> (DateTime<Utc>, DateTime<Utc>) {
    let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    day_window(Berlin, d, d + chrono::Duration::days(6))
}

/// The occurrences of fixture `name` in the week of `monday`.
fn occurrences(name: &str, monday: &str) -> Vec<EventOccurrence> {
    let parsed = parse(&fixture(name), Berlin).unwrap();
    let (from, to) = week_of(monday);
    expand(&parsed, "test", from, to, &mut Vec::new())
}

/// Their minutes, added up.
fn minutes(occ: &[EventOccurrence]) -> i64 {
    occ.iter().map(EventOccurrence::minutes).sum()
}

/// Each as "Mon 08:30 15 title" (UTC).
fn listing(occ: &[EventOccurrence]) -> Vec<String> {
    occ.iter()
        .map(|o| format!("{} {} {}", o.start.format("%a %H:%M"), o.minutes(), o.title))
        .collect()
}

/// A calendar of `body` (VEVENTs and VTIMEZONEs, `\n` line ends).
fn calendar(body: &str) -> String {
    crate::testkit::Ics::lf().raw(body).build()
}

/// Occurrences of `text` from day `first` through day `last` (Berlin days), as "Mon
/// 2026-11-23 08:00 60 title" in UTC, with the notes.
fn between(text: &str, first: &str, last: &str) -> (Vec<String>, Vec<String>) {
    let parsed = parse(text, Berlin).unwrap();
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let (from, to) = day_window(Berlin, d(first), d(last));
    let mut notes = parsed.notes.clone();
    let occ = expand(&parsed, "t", from, to, &mut notes);
    let rows = occ
        .iter()
        .map(|o| {
            format!(
                "{} {} {}",
                o.start.format("%a %Y-%m-%d %H:%M"),
                if o.all_day {
                    format!("{}d", (o.end - o.start).num_hours().div_euclid(23).max(1))
                } else {
                    o.minutes().to_string()
                },
                o.title
            )
        })
        .collect();
    (rows, notes)
}
