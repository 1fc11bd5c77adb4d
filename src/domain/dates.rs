//! How dates and times are written for people, in one place: every front end formats
//! with these, so "Fri 20 Nov 2026 11:15" reads the same in a message, a list and a
//! screen. (Machine formats, RFC 3339 and iCalendar's, stay with their writers.)

/// A day and time with the year: `Fri 20 Nov 2026 11:15`.
pub const DAY_TIME_YEAR: &str = "%a %-d %b %Y %H:%M";
/// A day and time in the year shown: `Fri 20 Nov 11:15`.
pub const DAY_TIME: &str = "%a %-d %b %H:%M";
/// A day with the year: `Fri 20 Nov 2026`.
pub const DAY_YEAR: &str = "%a %-d %b %Y";
/// A day in the year shown: `Fri 20 Nov`.
pub const DAY: &str = "%a %-d %b";
/// A date without the weekday: `20 Nov 2026`.
pub const DATE_YEAR: &str = "%-d %b %Y";
/// A date without the weekday or year: `20 Nov`.
pub const DATE: &str = "%-d %b";
/// A day written out: `Friday 20 November 2026`.
pub const LONG_DAY_YEAR: &str = "%A %-d %B %Y";
/// A day written out, in the year shown: `Friday 20 November`.
pub const LONG_DAY: &str = "%A %-d %B";
/// A day written out with a comma, as the tab bar shows today: `Friday, 20 November 2026`.
pub const LONG_DAY_COMMA: &str = "%A, %-d %B %Y";
/// A date written out without the weekday: `20 November`.
pub const LONG_DATE: &str = "%-d %B";
/// A date in a list's narrow column: `20 Nov 26`.
pub const COLUMN_DATE: &str = "%d %b %y";
/// A weekday and day of the month, as the Week's columns head: `Fri 20`.
pub const WEEKDAY_DATE: &str = "%a %-d";
/// A month's short name: `Nov`.
pub const MONTH: &str = "%b";
/// A day of the month, two digits: `20`.
pub const DAY_OF_MONTH: &str = "%d";
/// A time of day: `11:15`.
pub const CLOCK: &str = "%H:%M";
/// A time of day to the second: `11:15:42` (when a text was last saved).
pub const CLOCK_SECONDS: &str = "%H:%M:%S";
/// A weekday and time: `Fri 11:15`.
pub const WEEKDAY_CLOCK: &str = "%a %H:%M";
/// A weekday: `Fri`.
pub const WEEKDAY: &str = "%a";
/// A weekday in full: `Tuesday`.
pub const LONG_DAY_NAME: &str = "%A";
/// A time as it is typed back into a field: `2026-11-20 11:15`.
pub const TYPED: &str = "%Y-%m-%d %H:%M";
/// A day as it is typed back into a field: `2026-11-20`.
pub const TYPED_DAY: &str = "%Y-%m-%d";

/// `without` for a date in `today`'s year, else `with` (the same with the year).
fn with_year_unless_this(
    year: i32,
    today: chrono::NaiveDate,
    without: &'static str,
    with: &'static str,
) -> &'static str {
    use chrono::Datelike;
    if year == today.year() { without } else { with }
}

/// A day and time as a message says it: with its year when that is not `today`'s year
/// (`Tue 29 Dec 09:30`, `Mon 29 Dec 2025 08:00`).
pub fn day_time(t: chrono::NaiveDateTime, today: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    t.format(with_year_unless_this(
        t.year(),
        today,
        DAY_TIME,
        DAY_TIME_YEAR,
    ))
    .to_string()
}

/// A day as a message says it: with its year when that is not `today`'s year.
pub fn day(d: chrono::NaiveDate, today: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    d.format(with_year_unless_this(d.year(), today, DAY, DAY_YEAR))
        .to_string()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    #[test]
    fn each_format_reads_as_its_example() {
        let t = NaiveDate::from_ymd_opt(2026, 11, 20)
            .unwrap()
            .and_hms_opt(11, 15, 0)
            .unwrap();
        for (format, shown) in [
            (super::DAY_TIME_YEAR, "Fri 20 Nov 2026 11:15"),
            (super::DAY_TIME, "Fri 20 Nov 11:15"),
            (super::DAY_YEAR, "Fri 20 Nov 2026"),
            (super::DAY, "Fri 20 Nov"),
            (super::DATE_YEAR, "20 Nov 2026"),
            (super::DATE, "20 Nov"),
            (super::LONG_DAY_YEAR, "Friday 20 November 2026"),
            (super::LONG_DAY, "Friday 20 November"),
            (super::CLOCK, "11:15"),
            (super::CLOCK_SECONDS, "11:15:00"),
            (super::LONG_DAY_COMMA, "Friday, 20 November 2026"),
            (super::LONG_DATE, "20 November"),
            (super::COLUMN_DATE, "20 Nov 26"),
            (super::WEEKDAY_DATE, "Fri 20"),
            (super::MONTH, "Nov"),
            (super::DAY_OF_MONTH, "20"),
            (super::WEEKDAY_CLOCK, "Fri 11:15"),
            (super::WEEKDAY, "Fri"),
            (super::TYPED, "2026-11-20 11:15"),
            (super::TYPED_DAY, "2026-11-20"),
        ] {
            assert_eq!(t.format(format).to_string(), shown, "{format}");
        }
    }

    #[test]
    fn a_day_in_another_year_says_its_year() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let at = |y, m, d| {
            chrono::NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(8, 0, 0)
                .unwrap()
        };
        assert_eq!(super::day_time(at(2026, 12, 29), today), "Tue 29 Dec 08:00");
        assert_eq!(
            super::day_time(at(2025, 12, 29), today),
            "Mon 29 Dec 2025 08:00"
        );
        assert_eq!(super::day(at(2027, 1, 4).date(), today), "Mon 4 Jan 2027");
    }
}
