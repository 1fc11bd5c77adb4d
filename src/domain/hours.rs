//! How hours and shares are shown to people, the same way everywhere. A length is shown
//! exactly, in hours and minutes (`1:15 h`, `17:05 h`), never rounded to tenths: then
//! rows add up to their total and match the hours a script reads in JSON. Shares are
//! whole percents, rounded half away from zero.

/// `x` rounded half away from zero at `per_unit` steps per unit (60 for minutes). A first
/// rounding at a millionth of a step removes binary noise (0.15 is 0.1499999… in an f64).
fn steps(x: f64, per_unit: f64) -> i64 {
    let scaled = ((x * per_unit) * 1e6).round() / 1e6;
    scaled.round() as i64
}

/// Hours in whole minutes (calendar times are whole minutes; seconds are rounded).
pub fn minutes(hours: f64) -> i64 {
    steps(hours, 60.0)
}

/// Minutes as hours and minutes: `75` is `1:15`, `5` is `0:05`.
pub fn fmt_minutes(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.abs();
    format!("{sign}{}:{:02}", m / 60, m % 60)
}

/// Hours as people read them: `1:15 h`.
pub fn fmt_hours(hours: f64) -> String {
    format!("{} h", fmt_minutes(minutes(hours)))
}

/// A length for advice: minutes under an hour (`45 min`), else hours (`1:15 h`).
pub fn fmt_length(hours: f64) -> String {
    let m = minutes(hours);
    if m < 60 {
        format!("{m} min")
    } else {
        fmt_hours(hours)
    }
}

/// The sum of rows in minutes, each row as it is shown.
pub fn total_minutes(rows: &[f64]) -> i64 {
    rows.iter().map(|h| minutes(*h)).sum()
}

/// A share (0.25) in whole percents, half away from zero (25).
pub fn percent(share: f64) -> i64 {
    steps(share, 100.0)
}

/// The managing and leading shares of their sum in whole percents that add up to 100
/// (the leading share rounded half away from zero, managing the rest); `None` when both
/// are zero.
pub fn percents(managing: f64, leading: f64) -> Option<(i64, i64)> {
    let sum = managing + leading;
    if sum <= 0.0 {
        return None;
    }
    let lead = steps(leading / sum, 100.0);
    Some((100 - lead, lead))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_shown_exactly_in_hours_and_minutes() {
        let cases = [
            (1.25, "1:15 h"),
            (17.0 + 5.0 / 60.0, "17:05 h"),
            (0.15, "0:09 h"),
            (0.0, "0:00 h"),
            (2.0, "2:00 h"),
            (-1.25, "-1:15 h"),
            // Seconds are rounded to the minute.
            (1.0 + 29.0 / 3600.0, "1:00 h"),
            (1.0 + 31.0 / 3600.0, "1:01 h"),
        ];
        for (h, want) in cases {
            assert_eq!(fmt_hours(h), want, "{h}");
        }
        assert_eq!(fmt_length(0.75), "45 min");
        assert_eq!(fmt_length(0.999), "1:00 h");
        assert_eq!(fmt_length(1.25), "1:15 h");
    }

    #[test]
    fn rows_add_up_to_the_true_total() {
        // 1.25 h + 1.25 h: rounded to tenths the rows said 1.3 + 1.3 = 2.6 while the
        // true total (and JSON) is 2.5 h.
        let rows = [1.25, 1.25];
        assert_eq!(fmt_minutes(total_minutes(&rows)), "2:30");
        assert_eq!(total_minutes(&rows), minutes(rows.iter().sum()));
        let week = [8.0 + 35.0 / 60.0, 8.0 + 30.0 / 60.0, 1.0 / 6.0];
        assert_eq!(total_minutes(&week), minutes(week.iter().sum()));
    }

    #[test]
    fn shares_add_up_to_a_hundred() {
        assert_eq!(percents(7.0, 1.0), Some((87, 13)));
        assert_eq!(percents(2.0, 1.0), Some((67, 33)));
        assert_eq!(percents(1.0, 0.0), Some((100, 0)));
        assert_eq!(percents(0.0, 0.0), None);
        for (m, l) in [(0.1, 0.7), (3.3, 6.7), (1.0, 7.0)] {
            let (a, b) = percents(m, l).unwrap();
            assert_eq!(a + b, 100);
        }
    }
}
