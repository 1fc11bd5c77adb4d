//! The weekly review: its questions, and how the answers are written into one journal
//! entry and read back from it.

use crate::domain::dates;
use chrono::NaiveDate;

/// The review's questions, in the order they are asked.
pub const QUESTIONS: [&str; 4] = [
    "What moved the split this week?",
    "What will you drop or delegate next week?",
    "Which block will you protect next week?",
    "Who needs a check-in?",
];

/// The text of a weekly review entry: a title line naming the week, then each question
/// on a line of its own followed by its answer. Unanswered questions are left out. Plain
/// lines rather than Markdown headings, so the entry sits well inside a Markdown export.
pub fn compose(week: NaiveDate, answers: &[String]) -> String {
    let mut out = format!("Weekly review, week of {}", week.format(dates::DAY_YEAR));
    for (question, answer) in QUESTIONS.iter().zip(answers) {
        let answer = answer.trim_end();
        if answer.trim().is_empty() {
            continue;
        }
        out.push_str("\n\n");
        out.push_str(question);
        out.push('\n');
        out.push_str(answer);
    }
    out
}

/// The answers in a review entry's text, one per question. Text under no known heading
/// (an entry edited by hand) goes to the first answer, so nothing is dropped.
pub fn parse(body: &str) -> Vec<String> {
    let mut answers = vec![String::new(); QUESTIONS.len()];
    let mut current: Option<usize> = None;
    for (i, line) in body.lines().enumerate() {
        if i == 0 && line.starts_with("Weekly review, week of") {
            continue;
        }
        if let Some(q) = QUESTIONS.iter().position(|q| *q == line.trim()) {
            current = Some(q);
            continue;
        }
        let answer = &mut answers[current.unwrap_or(0)];
        if !answer.is_empty() || !line.trim().is_empty() {
            answer.push_str(line);
            answer.push('\n');
        }
    }
    answers
        .into_iter()
        .map(|a| a.trim_end().to_string())
        .collect()
}

/// Whether no question has an answer.
pub fn is_blank(answers: &[String]) -> bool {
    answers.iter().all(|a| a.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_round_trip_through_the_entry_text() {
        let week = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
        let answers = vec![
            "Two offsites moved it.\n\nAnd #hiring.".to_string(),
            String::new(),
            "Tuesday vision block".to_string(),
            "@Sam".to_string(),
        ];
        let body = compose(week, &answers);
        assert!(body.starts_with("Weekly review, week of Mon 16 Nov 2026\n\nWhat moved the split this week?\nTwo offsites"));
        assert!(
            !body.contains(QUESTIONS[1]),
            "unanswered questions are left out"
        );
        assert_eq!(parse(&body), answers);
    }

    #[test]
    fn text_outside_the_headings_is_kept() {
        let answers = parse("free text\nWho needs a check-in?\n@Ana");
        assert_eq!(answers[0], "free text");
        assert_eq!(answers[3], "@Ana");
        assert!(is_blank(&parse("Weekly review, week of Mon 16 Nov 2026")));
    }
}
