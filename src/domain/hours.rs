//! How hours and shares are rounded for people to read, the same way everywhere: hours
//! to one decimal and shares to whole percents, half away from zero (1.25 h is 1.3 h, not
//! the 1.2 h that `format!("{:.1}")` gives), and totals made of the rounded rows, so what
//! is printed adds up.

/// `x` rounded half away from zero at `per_unit` steps per unit (10 for tenths). A first
/// rounding at a millionth of a step removes binary noise (0.15 is 0.1499999… in an f64).
fn steps(x: f64, per_unit: f64) -> i64 {
    let scaled = ((x * per_unit) * 1e6).round() / 1e6;
    scaled.round() as i64
}

/// Hours in tenths of an hour, rounded half away from zero.
pub fn tenths(hours: f64) -> i64 {
    steps(hours, 10.0)
}

/// Tenths of an hour as text: `13` is `1.3`.
pub fn fmt_tenths(tenths: i64) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.abs();
    format!("{sign}{}.{}", t / 10, t % 10)
}

/// Hours as people read them: `1.3 h`.
pub fn fmt_hours(hours: f64) -> String {
    format!("{} h", fmt_tenths(tenths(hours)))
}

/// A length for advice: minutes under an hour (`45 min`), else hours (`1.3 h`).
pub fn fmt_length(hours: f64) -> String {
    if tenths(hours) < 10 {
        format!("{} min", steps(hours, 60.0))
    } else {
        fmt_hours(hours)
    }
}

/// The sum of rows as printed: each row rounded to tenths, then added, so a printed total
/// is always the sum of the printed rows.
pub fn total_tenths(rows: &[f64]) -> i64 {
    rows.iter().map(|h| tenths(*h)).sum()
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
    fn hours_round_half_away_from_zero() {
        let cases = [
            (1.25, "1.3 h"),
            (1.35, "1.4 h"),
            (0.15, "0.2 h"),
            (0.05, "0.1 h"),
            (0.04, "0.0 h"),
            (2.0, "2.0 h"),
            (12.449, "12.4 h"),
            (-1.25, "-1.3 h"),
        ];
        for (h, want) in cases {
            assert_eq!(fmt_hours(h), want, "{h}");
        }
        assert_eq!(fmt_length(0.75), "45 min");
        assert_eq!(fmt_length(0.999), "1.0 h");
        assert_eq!(fmt_length(1.25), "1.3 h");
    }

    #[test]
    fn printed_rows_add_up_to_the_printed_total() {
        let rows = [1.25, 1.25, 0.35];
        let printed: i64 = rows.iter().map(|h| tenths(*h)).sum();
        assert_eq!(total_tenths(&rows), printed);
        assert_eq!(fmt_tenths(total_tenths(&rows)), "3.0");
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
