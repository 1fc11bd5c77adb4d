//! The words of the Audit screen.

/// Title of the split gauge.
pub const AUDIT_SPLIT: &str = "Managing / leading";
/// Title of the trend chart.
pub const AUDIT_TREND: &str = "Leading share, 12 weeks (┄ target)";
/// Title of the top series.
pub const AUDIT_TOP: &str = "Most hours";
/// Title of the warnings.
pub const AUDIT_WARNINGS: &str = "Worth a look";
/// Title of the unclassified list.
pub const AUDIT_UNCLASSIFIED: &str = "Unclassified";
/// No classified hours this week.
pub const AUDIT_NO_HOURS: &str =
    "No classified hours this week. Import your calendar: bearing import FILE.ics";
/// No series this week.
pub const AUDIT_NO_SERIES: &str = "Nothing this week.";
/// No warnings.
pub const AUDIT_ALL_WELL: &str = "Nothing to flag this week.";
/// No calendar imported: nothing to audit yet.
pub const AUDIT_NO_CALENDAR: &str = "No calendar imported yet, so there is nothing to classify: the audit reads your meetings from it. Import one with bearing import FILE.ics (or a calendar's address).";
/// Nothing unclassified.
pub const AUDIT_NONE_UNCLASSIFIED: &str = "Every event this week is classified.";
/// Status when classifying with nothing selected.
pub const NOTHING_TO_CLASSIFY: &str = "Nothing unclassified to classify.";

// Audit, further.

/// How often an unclassified series met this week.
pub fn times_this_week(n: usize) -> String {
    format!(" ({n}× this week)")
}
/// Status after handing a series back to the rules.
pub fn back_to_rules(title: &str) -> String {
    format!("'{title}' is classified by the rules again.")
}
/// A status with the key that undoes it.
pub fn with_undo(message: &str, key: &str) -> String {
    format!("{message} {key} undoes it.")
}
/// Status after undoing a classification.
pub fn undone(title: &str) -> String {
    format!("Undone: '{title}' is back as it was.")
}
/// Undo with nothing to undo.
pub const NOTHING_TO_UNDO: &str = "Nothing to undo here.";
/// The week's hours by category.
pub fn hours_line(managing: &str, leading: &str, unclassified: &str, excluded: &str) -> String {
    format!(
        "{managing} managing · {leading} leading · {unclassified} unclassified · {excluded} not work"
    )
}
