//! The coaching prompt of the day, from `assets/prompts.txt`.

use chrono::{Datelike, NaiveDate};

const PROMPTS_TEXT: &str = include_str!("../../assets/prompts.txt");

/// Every coaching prompt, in file order (blank and `#` comment lines skipped).
pub fn all() -> Vec<&'static str> {
    PROMPTS_TEXT
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// The index of the prompt for `day`, moved on by `offset` (the "another prompt" key).
/// Consecutive days get consecutive prompts, so a month shows a month of different ones.
pub fn index_for(day: NaiveDate, offset: i64, count: usize) -> usize {
    if count == 0 {
        return 0;
    }
    let n = count as i64;
    (i64::from(day.num_days_from_ce()) + offset).rem_euclid(n) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_at_least_thirty_distinct_prompts() {
        let prompts = all();
        assert!(prompts.len() >= 30, "only {} prompts", prompts.len());
        let mut unique = prompts.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), prompts.len(), "duplicate prompts");
    }

    #[test]
    fn prompts_rotate_by_date_and_offset() {
        let n = all().len();
        let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let next = day.succ_opt().unwrap();
        assert_eq!(index_for(next, 0, n), (index_for(day, 0, n) + 1) % n);
        assert_eq!(index_for(day, 1, n), index_for(next, 0, n));
        assert_eq!(index_for(day, -1, n), (index_for(day, 0, n) + n - 1) % n);
        assert_eq!(index_for(day, n as i64, n), index_for(day, 0, n));
        assert_eq!(index_for(day, 5, 0), 0);
    }
}
