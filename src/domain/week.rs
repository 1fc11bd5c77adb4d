//! Weeks and day windows in local time.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;

use super::block::place;

/// A range of days given the wrong way round: one wording for `list`, `audit`,
/// `export` and the History filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the first day, {from}, is after the last, {to}")]
pub struct Reversed {
    /// The first day asked for.
    pub from: NaiveDate,
    /// The last day asked for.
    pub to: NaiveDate,
}

/// Checks that the days `from` to `to` run forwards (one day is a range too).
pub fn check_period(from: NaiveDate, to: NaiveDate) -> Result<(), Reversed> {
    if from > to {
        Err(Reversed { from, to })
    } else {
        Ok(())
    }
}

/// The first day of the week holding `date`, for weeks starting on `first`.
pub fn week_start(date: NaiveDate, first: Weekday) -> NaiveDate {
    let back = (7 + date.weekday().num_days_from_monday() - first.num_days_from_monday()) % 7;
    date - Duration::days(i64::from(back))
}

/// The instants `[from 00:00, to + 1 day 00:00)` in `zone`: the local days `from..=to`.
/// A midnight that does not exist (a DST switch at midnight) starts at the first instant
/// after the gap.
pub fn day_window(zone: Tz, from: NaiveDate, to: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let midnight = |d: NaiveDate| place(zone, d.and_time(NaiveTime::MIN)).with_timezone(&Utc);
    (midnight(from), midnight(to + Duration::days(1)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_period_runs_forwards_or_is_refused_in_one_wording() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(super::check_period(d("2026-11-01"), d("2026-11-30")).is_ok());
        assert!(super::check_period(d("2026-11-01"), d("2026-11-01")).is_ok());
        let e = super::check_period(d("2026-11-30"), d("2026-11-01")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the first day, 2026-11-30, is after the last, 2026-11-01"
        );
    }

    use super::*;
    use chrono_tz::{America::Santiago, Europe::Berlin};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weeks_start_on_the_configured_day() {
        let cases = [
            ("2026-11-22", Weekday::Mon, "2026-11-16"), // Sunday, Monday weeks
            ("2026-11-23", Weekday::Mon, "2026-11-23"),
            ("2026-11-22", Weekday::Sun, "2026-11-22"),
            ("2026-11-21", Weekday::Sun, "2026-11-15"),
            ("2026-11-24", Weekday::Sat, "2026-11-21"),
            ("2027-01-01", Weekday::Mon, "2026-12-28"),
        ];
        for (date, first, want) in cases {
            assert_eq!(week_start(d(date), first), d(want), "{date} {first}");
        }
    }

    #[test]
    fn day_windows_follow_local_midnights() {
        // The week of the October switch in Berlin has one 25-hour day.
        let (from, to) = day_window(Berlin, d("2026-10-19"), d("2026-10-25"));
        assert_eq!((to - from).num_hours(), 7 * 24 + 1);
        // Santiago skips midnight on 2026-09-06: the day starts at 01:00.
        let (from, _) = day_window(Santiago, d("2026-09-06"), d("2026-09-06"));
        assert_eq!(
            from.with_timezone(&Santiago).format("%H:%M").to_string(),
            "01:00"
        );
    }
}
