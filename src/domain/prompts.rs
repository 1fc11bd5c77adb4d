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

/// What stood out in the manager's week, for choosing the prompt of the day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signals {
    /// A difficult conversation held yesterday: (person, topic).
    pub held_yesterday: Option<(String, String)>,
    /// A direct report whose 1:1 this week is called off and not made up: (person, the
    /// day it was or is planned for, whether that is still ahead).
    pub cancelled_one_on_one: Option<(String, NaiveDate, bool)>,
    /// A direct report without a check-in for long: (person, days; `None` for never).
    pub no_check_in: Option<(String, Option<i64>)>,
    /// The week's leading share and the target, when leading is under it.
    pub leading_below_target: Option<(f64, f64)>,
    /// Whether today is the day for the weekly review.
    pub review_day: bool,
}

/// The prompt of the day, and why it was chosen (`None` for the rotation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    /// The question.
    pub text: String,
    /// Why this one today, in the user's words.
    pub reason: Option<String>,
}

/// The prompt for `day` and `offset`: with no offset, one chosen from the week's
/// signals when one stands out (a conversation held yesterday first, then a cancelled
/// 1:1, a report not checked in with, leading under target, the review day), saying
/// why; otherwise, and for every other offset (`n`/`p` browse), the rotation.
pub fn choose(signals: &Signals, day: NaiveDate, offset: i64, prompts: &[&str]) -> Chosen {
    if offset == 0
        && let Some(c) = chosen_by_signals(signals)
    {
        return c;
    }
    let i = index_for(day, offset, prompts.len());
    Chosen {
        text: prompts.get(i).copied().unwrap_or_default().to_string(),
        reason: None,
    }
}

fn chosen_by_signals(s: &Signals) -> Option<Chosen> {
    let chosen = |text: String, reason: String| Chosen {
        text,
        reason: Some(reason),
    };
    if let Some((person, topic)) = &s.held_yesterday {
        return Some(chosen(
            format!(
                "How did {person} take yesterday's conversation about '{topic}'? What is the follow-up, and when?"
            ),
            format!("You held a difficult conversation with {person} yesterday."),
        ));
    }
    if let Some((person, day, ahead)) = &s.cancelled_one_on_one {
        let weekday = day.format(super::dates::LONG_DAY_NAME);
        return Some(if *ahead {
            chosen(
                format!(
                    "Your 1:1 with {person} on {weekday} is called off. One-on-ones are sacred: when do you make it up, and what will you ask?"
                ),
                format!("Your 1:1 with {person} on {weekday} is cancelled or declined."),
            )
        } else {
            chosen(
                format!(
                    "Your 1:1 with {person} did not happen this week. One-on-ones are sacred: when do you make it up, and what will you ask?"
                ),
                format!(
                    "Your 1:1 with {person} on {weekday} was cancelled or declined, and not made up since."
                ),
            )
        });
    }
    if let Some((person, days)) = &s.no_check_in {
        let since = match days {
            Some(d) => format!("for {}", super::words::count(*d, "day", "days")),
            None => "yet".to_string(),
        };
        return Some(chosen(
            format!(
                "What is {person} working on that you do not know about? What would you ask them today?"
            ),
            format!("No check-in with {person} {since}."),
        ));
    }
    if let Some((share, target)) = s.leading_below_target {
        return Some(chosen(
            "Which management task could you delegate this week, and what would done look like for the person who takes it?".to_string(),
            format!(
                "Leading is {}% of your week, under your {}% target.",
                super::hours::percent(share),
                super::hours::percent(target)
            ),
        ));
    }
    if s.review_day {
        return Some(chosen(
            "What moved the split this week, and which block will you protect next week?"
                .to_string(),
            "It is the end of the week: time for the weekly review.".to_string(),
        ));
    }
    None
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
    fn the_week_s_signals_choose_the_prompt_and_say_why() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let prompts = all();
        let plain = choose(&Signals::default(), day, 0, &prompts);
        assert_eq!(plain.reason, None);
        assert_eq!(plain.text, prompts[index_for(day, 0, prompts.len())]);
        let mut s = Signals {
            review_day: true,
            ..Signals::default()
        };
        assert!(
            choose(&s, day, 0, &prompts)
                .reason
                .unwrap()
                .contains("weekly review")
        );
        s.leading_below_target = Some((0.31, 0.4));
        let c = choose(&s, day, 0, &prompts);
        assert_eq!(
            c.reason.unwrap(),
            "Leading is 31% of your week, under your 40% target."
        );
        assert!(c.text.contains("delegate"));
        s.no_check_in = Some(("Lee".into(), Some(23)));
        assert_eq!(
            choose(&s, day, 0, &prompts).reason.unwrap(),
            "No check-in with Lee for 23 days."
        );
        // Called off on Tuesday, past on Friday: it did not happen.
        let tuesday = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        s.cancelled_one_on_one = Some(("Sam".into(), tuesday, false));
        let c = choose(&s, day, 0, &prompts);
        assert_eq!(
            c.reason.unwrap(),
            "Your 1:1 with Sam on Tuesday was cancelled or declined, and not made up since."
        );
        assert!(
            c.text
                .starts_with("Your 1:1 with Sam did not happen this week.")
        );
        // Still ahead (on Monday, about Tuesday): it is called off, not past.
        s.cancelled_one_on_one = Some(("Sam".into(), tuesday, true));
        let c = choose(&s, day, 0, &prompts);
        assert!(
            c.text
                .starts_with("Your 1:1 with Sam on Tuesday is called off."),
            "{}",
            c.text
        );
        assert!(!c.text.contains("did not happen"));
        s.held_yesterday = Some(("Ana".into(), "Ownership".into()));
        let c = choose(&s, day, 0, &prompts);
        assert!(c.text.contains("Ana") && c.text.contains("Ownership"));
        // Browsing goes back to the rotation.
        let next = choose(&s, day, 1, &prompts);
        assert_eq!(
            (next.reason, next.text.as_str()),
            (None, prompts[index_for(day, 1, prompts.len())])
        );
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
