//! Reading dates and times as users type them, turned into instants in the local zone.

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, TimeZone};
use thiserror::Error;

/// Why a typed date or time was refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum TimeInputError {
    /// The text is not a date of the form YYYY-MM-DD, or names a day that does not exist.
    #[error("'{0}' is not a date: expected YYYY-MM-DD, e.g. 2026-03-14")]
    BadDate(String),
    /// The text is not a date and time of the form YYYY-MM-DD HH:MM.
    #[error(
        "'{0}' is not a date and time: expected \"YYYY-MM-DD HH:MM\", e.g. \"2026-03-14 09:30\""
    )]
    BadDateTime(String),
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
            naive.format("%Y-%m-%d %H:%M").to_string(),
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
