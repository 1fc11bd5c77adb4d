//! Dates, times and durations as iCalendar writes them, and the instants they stand
//! for. A value out of chrono's range, or outside [`YEARS`], is an error with a reason,
//! never a panic.

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use super::read::Property;
use super::zones::{Zone, Zones};
use super::{Notes, short};

/// The years an event may start and end in; anything else is refused for that event.
pub const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// When an event starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Start {
    /// An all-day event on a date.
    Date(NaiveDate),
    /// A wall-clock time in a zone.
    Timed(NaiveDateTime, Zone),
}

impl Start {
    fn year(self) -> i32 {
        match self {
            Start::Date(d) => d.year(),
            Start::Timed(t, _) => t.year(),
        }
    }
}

/// The number written in `digits`, when every byte is an ASCII digit.
// By hand: chrono's `parse_from_str` reads its format string for every value, and a
// ten-thousand-event refresh reads tens of thousands of these fixed-width values.
fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// An RFC 5545 DATE, `YYYYMMDD` (anything after the eighth character is ignored).
fn parse_date(value: &str) -> Option<NaiveDate> {
    let v = value.trim().as_bytes().get(..8)?;
    let year = i32::try_from(number(&v[..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&v[4..6])?, number(&v[6..8])?)
}

/// An RFC 5545 DATE-TIME without its zone, `YYYYMMDDTHHMMSS` (or `THHMM`, as some
/// exports write it); a trailing `Z` is left to the caller.
fn parse_local(value: &str) -> Option<NaiveDateTime> {
    let v = value.trim().trim_end_matches(['Z', 'z']).as_bytes();
    if !(v.len() == 15 || v.len() == 13) || !v[8].eq_ignore_ascii_case(&b'T') {
        return None;
    }
    let date = parse_date(std::str::from_utf8(&v[..8]).ok()?)?;
    let (hour, minute) = (number(&v[9..11])?, number(&v[11..13])?);
    let second = if v.len() == 15 {
        number(&v[13..15])?
    } else {
        0
    };
    // A leap second (60), as chrono reads it: the last second of the minute, prolonged.
    let time = match second {
        60 => NaiveTime::from_hms_milli_opt(hour, minute, 59, 1_000),
        s => NaiveTime::from_hms_opt(hour, minute, s),
    }?;
    Some(date.and_time(time))
}

/// Reads one date or date-time value, with the property's VALUE and TZID parameters.
pub(super) fn parse_start(
    prop: &Property<'_>,
    value: &str,
    zones: &Zones,
    notes: &mut Notes,
) -> Result<Start, String> {
    let v = value.trim();
    let is_date = prop
        .param("VALUE")
        .is_some_and(|t| t.eq_ignore_ascii_case("DATE"))
        || (v.len() == 8 && !v.contains('T'));
    let start = if is_date {
        parse_date(v).map(Start::Date)
    } else {
        parse_local(v).map(|local| {
            if v.ends_with(['Z', 'z']) {
                return Start::Timed(local, Zone::Utc);
            }
            let tzid = prop.param("TZID");
            let (zone, note) = zones.resolve(tzid.as_deref());
            if let Some(note) = note {
                notes.push(|| format!("line {}: {note}", prop.line));
            }
            Start::Timed(local, zone)
        })
    };
    let start = start.ok_or_else(|| format!("'{}' is not a date or time", short(v)))?;
    if !YEARS.contains(&start.year()) {
        return Err(format!(
            "'{}' is outside the years {} to {}",
            short(v),
            YEARS.start(),
            YEARS.end()
        ));
    }
    Ok(start)
}

const NOT_A_DURATION: &str = "is not a duration";
const TOO_LONG: &str = "is longer than bearing can count";

/// Reads an RFC 5545 DURATION; a value chrono cannot hold is an error, not a panic.
pub(super) fn duration(text: &str) -> Result<Duration, &'static str> {
    let t = text.trim();
    let (sign, t) = match t.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, t.strip_prefix('+').unwrap_or(t)),
    };
    let t = t.strip_prefix('P').ok_or(NOT_A_DURATION)?;
    let mut total = 0i64;
    let mut number = String::new();
    let mut in_time = false;
    for c in t.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => number.push(c),
            unit => {
                let n: i64 =
                    number
                        .parse()
                        .map_err(|e: std::num::ParseIntError| match e.kind() {
                            std::num::IntErrorKind::PosOverflow => TOO_LONG,
                            _ => NOT_A_DURATION,
                        })?;
                number.clear();
                let seconds = match (unit, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return Err(NOT_A_DURATION),
                };
                total = n
                    .checked_mul(seconds)
                    .and_then(|s| total.checked_add(s))
                    .ok_or(TOO_LONG)?;
            }
        }
    }
    if !number.is_empty() {
        return Err(NOT_A_DURATION);
    }
    Duration::try_seconds(sign * total).ok_or(TOO_LONG)
}

/// Reads an RFC 5545 DURATION such as `PT1H30M`, `P1D`, `P2W`, `-PT15M`; `None` for
/// text that is not one or a length chrono cannot hold.
pub fn parse_duration(text: &str) -> Option<Duration> {
    duration(text).ok()
}

/// The time from one start to another (an all-day start is its date's midnight).
pub(super) fn span(start: Start, end: Start, zones: &Zones) -> Duration {
    match (start, end) {
        (Start::Date(s), Start::Date(e)) => e.signed_duration_since(s),
        (Start::Timed(s, sz), Start::Timed(e, ez)) => zones
            .to_utc(ez, e)
            .signed_duration_since(zones.to_utc(sz, s)),
        (Start::Date(s), Start::Timed(e, _)) => e.signed_duration_since(s.and_time(NaiveTime::MIN)),
        (Start::Timed(s, _), Start::Date(e)) => e.and_time(NaiveTime::MIN).signed_duration_since(s),
    }
}

/// Refuses a length that cannot be added to `start`, or that ends after the last year
/// (a day's grace, for the last all-day date in zones west of UTC).
pub(super) fn check_end(start: Start, length: Duration, zones: &Zones) -> Result<(), String> {
    let last = NaiveDate::from_ymd_opt(*YEARS.end() + 1, 1, 2)
        .map(|d| d.and_time(NaiveTime::MIN).and_utc());
    match (bounds(start, length, zones), last) {
        (Some((_, end)), Some(last)) if end <= last => Ok(()),
        _ => Err(format!("it ends after the year {}", YEARS.end())),
    }
}

/// Identifies an occurrence within its series, as
/// [`EventOccurrence::key`](crate::domain::event::EventOccurrence::key) does.
pub(super) fn key_of(start: Start, zones: &Zones) -> i64 {
    match start {
        Start::Date(d) => d.and_time(NaiveTime::MIN).and_utc().timestamp(),
        Start::Timed(local, zone) => zones.to_utc(zone, local).timestamp(),
    }
}

/// The instant a start stands for (an all-day start: midnight in the floating zone).
fn instant(start: Start, zones: &Zones) -> DateTime<Utc> {
    match start {
        Start::Date(d) => zones.to_utc(zones.floating, d.and_time(NaiveTime::MIN)),
        Start::Timed(local, zone) => zones.to_utc(zone, local),
    }
}

/// When an occurrence starts and ends; `None` when the end is past chrono's range.
pub(super) fn bounds(
    start: Start,
    length: Duration,
    zones: &Zones,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    match start {
        Start::Date(d) => {
            // All-day events sit on their dates in the floating zone.
            let days = u64::try_from(length.num_days().max(1)).ok()?;
            let s = zones.to_utc(zones.floating, d.and_time(NaiveTime::MIN));
            let end = d.checked_add_days(Days::new(days))?;
            Some((
                s,
                zones.to_utc(zones.floating, end.and_time(NaiveTime::MIN)),
            ))
        }
        Start::Timed(local, zone) => {
            let s = zones.to_utc(zone, local);
            Some((s, s.checked_add_signed(length)?))
        }
    }
}

/// Where a RANGE=THISANDFUTURE override puts a later occurrence `start`: moved as the
/// override moved its own, in wall-clock time (a weekly 10:00 moved to 11:00 stays at
/// 11:00 after a DST change) or by whole days for all-day events.
pub(super) fn moved_by(start: Start, rid: Start, new: Start, zones: &Zones) -> Option<Start> {
    match start {
        Start::Timed(local, zone) => {
            let from = zones.to_local(zone, instant(rid, zones));
            let to = zones.to_local(zone, instant(new, zones));
            local
                .checked_add_signed(to.signed_duration_since(from))
                .map(|t| Start::Timed(t, zone))
        }
        Start::Date(d) => {
            let day = |s: Start| zones.to_local(zones.floating, instant(s, zones)).date();
            let days = day(new).signed_duration_since(day(rid));
            d.checked_add_signed(days).map(Start::Date)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_date, parse_local};
    use chrono::{NaiveDate, Timelike};

    #[test]
    fn dates_and_times_read_as_rfc_5545_writes_them() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(parse_date("20261201"), Some(day));
        assert_eq!(parse_date(" 20261201T093000 "), Some(day));
        let at = parse_local("20261201T093015Z").unwrap();
        assert_eq!(
            (at.date(), at.hour(), at.minute(), at.second()),
            (day, 9, 30, 15)
        );
        let short = parse_local("20261201t0930").unwrap();
        assert_eq!((short.hour(), short.minute(), short.second()), (9, 30, 0));
        let leap = parse_local("20261231T235960").unwrap();
        assert_eq!((leap.second(), leap.nanosecond()), (59, 1_000_000_000));
    }

    #[test]
    fn impossible_or_malformed_values_are_refused() {
        for bad in [
            "20260230",
            "20261301",
            "2026120",
            "2026-12-01",
            "+0261201",
            "",
            "２０２６１２０１",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        for bad in [
            "20261201T250000",
            "20261201T096000",
            "20261201T0930001",
            "20261201 093000",
            "20261201T09:30",
            "20261201T",
            "20261201",
        ] {
            assert_eq!(parse_local(bad), None, "{bad}");
        }
    }
}
