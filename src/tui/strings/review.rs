//! The words of the weekly Review screen.

// Weekly review.

/// Hint in an empty answer.
pub const REVIEW_ANSWER_HINT: &str = "Your answer; saved as you type.";
/// Heading of the split.
pub const REVIEW_SPLIT: &str = "Managing / leading";
/// A week without classified hours.
pub const REVIEW_NO_HOURS: &str = "no classified hours this week";
/// Heading of the conversations.
pub const REVIEW_CONVERSATIONS: &str = "Conversations";
/// A week without conversations.
pub const REVIEW_NO_CONVERSATIONS: &str = "none held, no follow-ups due";

/// Status on opening last week's missing review from Today.
pub fn writing_missing_review(from: &str, to: &str) -> String {
    format!("Last week's review ({from} – {to}) is missing: write it here.")
}

/// The summary's title.
pub fn review_week_title(from: &str, to: &str) -> String {
    format!("Week of {from} – {to}")
}

/// Heading of the week's entries: its reflections and notes, each counted as what it
/// is.
pub fn review_entries(reflections: usize, notes: usize) -> String {
    use crate::domain::words::count;
    match (reflections, notes) {
        (0, 0) => "Nothing written this week".to_string(),
        (r, 0) => count(r as i64, "reflection", "reflections"),
        (0, n) => count(n as i64, "note", "notes"),
        (r, n) => format!(
            "{}, {}",
            count(r as i64, "reflection", "reflections"),
            count(n as i64, "note", "notes")
        ),
    }
}
/// Which meeting invaded which block, in the review.
pub fn invaded(meeting: &str, block: &str, when: &str) -> String {
    format!("  ! '{meeting}' invaded {block} ({when})")
}
/// Heading of the review's trend.
pub const TREND: &str = "trend";
/// A conversation held this week.
pub fn held_with(topic: &str, person: &str) -> String {
    format!("held: {topic} with {person}")
}
/// A follow-up due.
pub fn follow_up_with(on: &str, topic: &str, person: &str) -> String {
    format!("follow up {on}: {topic} with {person}")
}

/// The review's heading over the direct reports.
pub const REVIEW_REPORTS: &str = "Your reports' 1:1s";
/// One direct report in the review.
pub fn review_report(name: &str, minutes_per_week: f64, cancelled: usize) -> String {
    format!(
        "{name}: {} a week, {cancelled} cancelled, declined or moved (4 weeks)",
        crate::domain::words::count(minutes_per_week.round() as i64, "minute", "minutes")
    )
}
/// Added to a report whose 1:1 this week was cancelled or declined.
pub const REVIEW_FLAG_CANCELLED: &str = " · ! cancelled this week";
/// Added to a report whose 1:1s are under the minimum.
pub const REVIEW_FLAG_LOW: &str = " · ! under the minimum";
/// The review's heading over open delegations.
pub const REVIEW_DELEGATIONS: &str = "Delegated: what does done look like?";
/// One open delegation in the review.
pub fn review_delegation(task: &str, person: &str, done: &str) -> String {
    format!("{task} ({person}): done when {done}")
}

/// Answer `i` (from 0) named in a message: "answer 2 (What moved the split this week?)".
pub fn answer_label(i: usize) -> String {
    match crate::domain::review::QUESTIONS.get(i) {
        Some(q) => format!("answer {} ({q})", i + 1),
        None => format!("answer {}", i + 1),
    }
}
