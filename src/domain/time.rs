//! Reading dates and times as users type them, turned into instants in the local zone.
//!
//! Users type ISO (`2026-03-14`, `2026-03-14 09:30`) or plain words (`today`,
//! `tomorrow 9:00`, `next tue 14:00`, `in 2 weeks`, `fri`). Plain words are resolved
//! against "now" by the `interim` crate; this module only normalises the few phrasings it
//! does not take (`in ...`, `at`, `noon`) and refuses what it would silently bend
//! (`25:00` rolling into the next day, `01/02/2026` read in one dialect).

use std::sync::LazyLock;

use crate::domain::dates;
use chrono::{
    DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc,
};
use regex::Regex;
use thiserror::Error;

/// The first year bearing takes at any input: older dates are typing mistakes.
pub const FIRST_YEAR: i32 = 1970;
/// The last year bearing takes at any input: later dates are typing mistakes.
pub const LAST_YEAR: i32 = 2200;

/// Why a typed date or time was refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum TimeInputError {
    /// The text is not a date of the form YYYY-MM-DD, or names a day that does not exist.
    #[error(
        "'{0}' is not a date: write YYYY-MM-DD (e.g. 2026-03-14) or words such as today, tomorrow, fri, next tue, in 2 weeks"
    )]
    BadDate(String),
    /// The text is not a date and time of the form YYYY-MM-DD HH:MM.
    #[error(
        "'{0}' is not a date and time: write \"YYYY-MM-DD HH:MM\" (e.g. \"2026-03-14 09:30\") or words such as \"tomorrow 9:00\", \"next tue 14:00\""
    )]
    BadDateTime(String),
    /// Plain words that name a day but no time of day, where a time is needed.
    #[error("'{0}' has no time of day: add one, e.g. \"{0} 14:00\"")]
    NeedsTime(String),
    /// A numeric date with slashes reads differently in different countries.
    #[error("'{0}' is ambiguous (day/month or month/day?): write it as YYYY-MM-DD")]
    Ambiguous(String),
    /// A date outside the years bearing takes.
    #[error("{0} is too far off: bearing takes dates from {FIRST_YEAR} to {LAST_YEAR}")]
    OutOfRange(String),
    /// The local time falls in a daylight-saving gap and never happens on the wall clock.
    #[error(
        "{0} does not exist in the local time zone (the clocks skip it for daylight saving); pick a time outside the gap"
    )]
    NonexistentLocalTime(String),
}

/// Parses `YYYY-MM-DD` strictly (2026-02-30 is refused).
pub fn parse_date(text: &str) -> Result<NaiveDate, TimeInputError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| TimeInputError::BadDate(text.to_string()))
}

/// Parses `YYYY-MM-DD HH:MM` (or with a `T`) as a wall-clock time, without a zone.
pub fn parse_local_datetime(text: &str) -> Result<NaiveDateTime, TimeInputError> {
    let t = text.trim();
    [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
    .ok_or_else(|| TimeInputError::BadDateTime(text.to_string()))
}

/// A time as scripts read it: local RFC 3339 with its offset, in whole seconds
/// (`2026-11-22T10:00:00+01:00`).
pub fn rfc3339<Tz: TimeZone>(t: &DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Whether `text` is written in ISO form (then it needs no echo of what it was read as).
pub fn is_iso(text: &str) -> bool {
    parse_date(text).is_ok() || parse_local_datetime(text).is_ok()
}

/// Reads a day as a user types it: `YYYY-MM-DD`, or plain words resolved against `now`
/// (`today`, `yesterday`, `fri`, `next tue`, `in 2 weeks`, `3 days ago`).
pub fn read_date(text: &str, now: NaiveDateTime) -> Result<NaiveDate, TimeInputError> {
    let bad = || TimeInputError::BadDate(text.trim().to_string());
    let day = match parse_date(text) {
        Ok(day) => day,
        Err(_) => plain_words(text, now, bad)?.date(),
    };
    in_range(day, text)?;
    Ok(day)
}

/// Reads a local date and time as a user types it: `YYYY-MM-DD HH:MM`, or plain words
/// resolved against `now` (`now`, `tomorrow 9:00`, `next tue 14:00`, `fri 3pm`,
/// `in 2 hours`). Words that give a day but no time of day are refused.
pub fn read_date_time(text: &str, now: NaiveDateTime) -> Result<NaiveDateTime, TimeInputError> {
    let bad = || TimeInputError::BadDateTime(text.trim().to_string());
    let at = match parse_local_datetime(text) {
        Ok(at) => at,
        Err(_) => {
            if parse_date(text).is_ok() {
                return Err(TimeInputError::NeedsTime(text.trim().to_string()));
            }
            let at = plain_words(text, now, bad)?;
            if !HAS_TIME.is_match(&text.to_lowercase()) {
                return Err(TimeInputError::NeedsTime(text.trim().to_string()));
            }
            at.with_second(0)
                .and_then(|t| t.with_nanosecond(0))
                .unwrap_or(at)
        }
    };
    in_range(at.date(), text)?;
    Ok(at)
}

/// Words that say a time of day (or an offset from now in hours or minutes).
static HAS_TIME: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    Regex::new(
        r"\d[:.]\d\d|\d\s*(am|pm)\b|\b(now|noon|midnight)\b|\b(hours?|minutes?|mins?|hrs?)\b",
    )
    .expect("valid regex")
});

/// A clock time written `H:MM` / `H.MM` or `H am`, to check its numbers.
static CLOCK_TIME: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    Regex::new(r"(\d+)[:.](\d+)|(\d+)\s*(am|pm)\b").expect("valid regex")
});

/// Resolves plain words with `interim`, after refusing what it would read loosely.
fn plain_words(
    text: &str,
    now: NaiveDateTime,
    bad: impl Fn() -> TimeInputError,
) -> Result<NaiveDateTime, TimeInputError> {
    let lower = text.trim().to_lowercase();
    if lower.is_empty() {
        return Err(bad());
    }
    if lower.chars().any(|c| c == '/') {
        return Err(TimeInputError::Ambiguous(text.trim().to_string()));
    }
    for c in CLOCK_TIME.captures_iter(&lower) {
        let number = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let fine = match (number(1), number(2), number(3)) {
            (Some(h), Some(m), _) => h <= 23 && m <= 59,
            (_, _, Some(h)) => (1..=12).contains(&h),
            _ => false,
        };
        if !fine {
            return Err(bad());
        }
    }
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    if words.first() == Some(&"in") {
        words.remove(0);
    }
    words.retain(|w| *w != "at");
    let phrase = words
        .iter()
        .map(|w| match *w {
            "noon" => "12:00",
            "midnight" => "00:00",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ");
    let now = Utc.from_utc_datetime(&now);
    // The US dialect reads "next tue" as the first Tuesday after today (the UK one skips a
    // week); the only other difference, numeric dates with slashes, is refused above.
    interim::parse_date_string(&phrase, now, interim::Dialect::Us)
        .map(|t| t.naive_utc())
        .map_err(|_| bad())
}

fn in_range(day: NaiveDate, text: &str) -> Result<(), TimeInputError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&day.year()) {
        Ok(())
    } else {
        Err(TimeInputError::OutOfRange(text.trim().to_string()))
    }
}

/// Places a wall-clock time in `zone`. An ambiguous time (the hour that repeats when
/// clocks go back) takes the earlier instant; a time in a daylight-saving gap is refused.
pub fn localize_in<Tz: TimeZone>(
    zone: &Tz,
    naive: NaiveDateTime,
) -> Result<DateTime<FixedOffset>, TimeInputError> {
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(t.fixed_offset()),
        LocalResult::Ambiguous(earlier, _) => Ok(earlier.fixed_offset()),
        LocalResult::None => Err(TimeInputError::NonexistentLocalTime(
            naive.format(dates::TYPED).to_string(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America::New_York, Europe::Berlin};

    #[test]
    fn dates_parse_strictly() {
        let cases = [
            ("2026-11-22", true),
            (" 2026-11-22 ", true),
            ("2026-02-28", true),
            ("2026-02-30", false),
            ("2026-13-01", false),
            ("22/11/2026", false),
            ("", false),
        ];
        for (text, ok) in cases {
            assert_eq!(parse_date(text).is_ok(), ok, "{text:?}");
        }
    }

    #[test]
    fn date_times_parse_in_both_spellings() {
        let a = parse_local_datetime("2026-11-22 09:30").unwrap();
        let b = parse_local_datetime("2026-11-22T09:30").unwrap();
        assert_eq!(a, b);
        assert!(parse_local_datetime("2026-11-22 25:00").is_err());
        assert!(parse_local_datetime("2026-11-22").is_err());
    }

    fn now() -> NaiveDateTime {
        // Tuesday 1 December 2026, 16:40.
        parse_local_datetime("2026-12-01 16:40").unwrap()
    }

    #[test]
    fn plain_word_dates_resolve_against_now() {
        let cases = [
            ("today", "2026-12-01"),
            ("Tomorrow", "2026-12-02"),
            ("yesterday", "2026-11-30"),
            ("fri", "2026-12-04"),
            ("friday", "2026-12-04"),
            ("next tue", "2026-12-08"),
            ("tue", "2026-12-08"),
            ("in 2 weeks", "2026-12-15"),
            ("3 days ago", "2026-11-28"),
            ("2026-12-24", "2026-12-24"),
            (" 2026-12-24 ", "2026-12-24"),
        ];
        for (text, want) in cases {
            assert_eq!(
                read_date(text, now()).unwrap().to_string(),
                want,
                "{text:?}"
            );
        }
    }

    #[test]
    fn plain_word_times_resolve_against_now() {
        let cases = [
            ("tomorrow 9:00", "2026-12-02 09:00"),
            ("yesterday 17:30", "2026-11-30 17:30"),
            ("next tue 14:00", "2026-12-08 14:00"),
            ("fri 3pm", "2026-12-04 15:00"),
            ("fri at 15:00", "2026-12-04 15:00"),
            ("tomorrow noon", "2026-12-02 12:00"),
            ("now", "2026-12-01 16:40"),
            ("in 2 hours", "2026-12-01 18:40"),
            ("2026-12-24 09:30", "2026-12-24 09:30"),
        ];
        for (text, want) in cases {
            let got = read_date_time(text, now()).unwrap();
            assert_eq!(got.format("%Y-%m-%d %H:%M").to_string(), want, "{text:?}");
        }
    }

    #[test]
    fn bad_plain_words_are_refused_with_a_reason() {
        for text in ["", "blah", "2026-02-30", "today 25:00", "tue 9:75", "13pm"] {
            assert!(read_date_time(text, now()).is_err(), "{text:?}");
        }
        assert!(matches!(
            read_date_time("fri", now()),
            Err(TimeInputError::NeedsTime(_))
        ));
        assert!(matches!(
            read_date_time("2026-12-04", now()),
            Err(TimeInputError::NeedsTime(_))
        ));
        assert!(matches!(
            read_date("01/02/2026", now()),
            Err(TimeInputError::Ambiguous(_))
        ));
        for text in ["0001-01-01", "9999-12-31", "1969-12-31"] {
            assert!(matches!(
                read_date(text, now()),
                Err(TimeInputError::OutOfRange(_))
            ));
        }
        assert!(read_date_time("0001-01-01 09:00", now()).is_err());
        assert!(is_iso("2026-12-04") && is_iso("2026-12-04 10:00") && !is_iso("fri"));
    }

    #[test]
    fn dst_gap_is_refused_and_overlap_takes_the_earlier() {
        // 2026-03-08 02:30 does not exist in New York (clocks jump 02:00 -> 03:00).
        let gap = parse_local_datetime("2026-03-08 02:30").unwrap();
        assert!(matches!(
            localize_in(&New_York, gap),
            Err(TimeInputError::NonexistentLocalTime(_))
        ));
        // 2026-10-25 02:30 happens twice in Berlin; the first is at +02:00.
        let twice = parse_local_datetime("2026-10-25 02:30").unwrap();
        let t = localize_in(&Berlin, twice).unwrap();
        assert_eq!(t.offset().local_minus_utc(), 2 * 3600);
    }
}
