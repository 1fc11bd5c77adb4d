//! The words of the Week screen.

/// Marks items of a slot that do not fit side by side in a day column.
pub fn week_more(n: usize) -> String {
    format!("+{n}")
}
/// Status when asking for the next block in an empty week; `key` plans one.
pub fn no_blocks_this_week(key: &str) -> String {
    format!("No blocks this week. Press {key} to plan one.")
}
/// Status when an action needs a block and the cursor is on none; `key` goes to the next.
pub fn no_block_here(key: &str) -> String {
    format!("No block here. Move onto one, or press {key} for the next.")
}
/// Title of the new block form.
pub const NEW_BLOCK_TITLE: &str = "New leadership time block";
/// Title of the edit block form.
pub const EDIT_BLOCK_TITLE: &str = "Edit block";
/// Title of the skip question.
pub const SKIP_TITLE: &str = "Skip this occurrence";
/// Title of the move question.
pub const MOVE_TITLE: &str = "Move this occurrence";
/// Title of the partly kept question.
pub const PARTLY_TITLE: &str = "Partly kept";
/// Status after saving a new block, with its first start as read from the form.
pub fn block_saved(title: &str, repeat: &str, start: &str) -> String {
    format!("Planned '{title}', {repeat}, from {start}.")
}
/// Status after moving an occurrence.
pub fn moved(to: &str) -> String {
    format!("Moved to {to}.")
}
/// A move far away or into the past, before the user confirms it.
pub fn confirm_move(why: &str) -> String {
    format!("{why}. Press Enter again to move it anyway, or change the start.")
}
/// Status after skipping.
pub const SKIPPED: &str = "Skipped. The export leaves it out of your calendar.";
/// Status after marking kept.
pub const MARKED_KEPT: &str = "Marked kept.";
/// Status after marking partly kept.
pub const MARKED_PARTLY: &str = "Marked partly kept.";
/// Status after clearing a mark.
pub const MARK_CLEARED: &str = "Cleared.";
/// Status when the block vanished (deleted elsewhere).
pub const BLOCK_GONE: &str = "That block no longer exists.";
/// Question before deleting an occurrence of a series.
pub const DELETE_WHICH: &str =
    "Delete this occurrence, this and the following ones, or the whole series?";
/// Question before deleting a one-off block.
pub const DELETE_ONE: &str = "Delete this block?";
/// Question after editing an occurrence of a series.
pub const EDIT_WHICH: &str = "Change this and the following occurrences, or the whole series?";
/// Status after deleting one occurrence.
pub const DELETED_ONE: &str = "Deleted this occurrence.";
/// Status after deleting from an occurrence on.
pub const DELETED_FOLLOWING: &str = "Deleted this and the following occurrences.";
/// Status after deleting a series.
pub const DELETED_SERIES: &str = "Deleted the block.";
/// Status after editing from an occurrence on: those are a new series now.
pub fn edited_following(from: &str) -> String {
    format!(
        "Changed the occurrences from {from} on: they are a new series now; the earlier ones keep the old block."
    )
}
/// Status after editing a whole block.
pub const EDITED_SERIES: &str = "Changed the block.";
/// Status when a classification key is used away from an imported event.
pub const NO_EVENT_HERE: &str = "No calendar event here. Import one: bearing import FILE.ics";
/// Scope of a classification of one occurrence.
pub const THIS_OCCURRENCE: &str = "this occurrence";
/// How many items are above and below the rows shown.
pub fn earlier_later(above: usize, below: usize) -> String {
    let mut out = String::new();
    if above > 0 {
        out.push_str(&format!("↑ {above} earlier  "));
    }
    if below > 0 {
        out.push_str(&format!("↓ {below} later  "));
    }
    out
}
/// The gutter of the all-day strip (as wide as a time, "09:00").
pub const ALL_DAY_SHORT: &str = "allday";
/// A moved occurrence, in the info line.
pub const MOVED: &str = "moved";
/// A repeating block whose rule is not loaded.
pub const REPEATS: &str = "repeats";
/// How a block repeats.
pub fn repeats(rule: &str) -> String {
    format!("repeats {rule}")
}
/// Title of a block's details.
pub const DETAILS_BLOCK: &str = "Block";
/// Title of an imported event's details.
pub const DETAILS_EVENT: &str = "Calendar event";
/// When a block occurrence is.
pub fn block_when(day: &str, from: &str, to: &str, minutes: u32) -> String {
    format!("{day} {from}–{to} ({minutes} min)")
}
/// Where an occurrence stands.
pub fn block_status(status: String) -> String {
    format!("Status: {status}")
}
/// A partly kept occurrence's minutes.
pub fn partly_kept_minutes(minutes: u32) -> String {
    format!("partly kept ({minutes} min)")
}
/// Where a moved occurrence was.
pub fn moved_from(when: &str) -> String {
    format!("Moved from {when}")
}
/// Why an occurrence was skipped or moved.
pub fn reason(reason: &str) -> String {
    format!("Reason: {reason}")
}
/// What a block is for.
pub fn why(intention: &str) -> String {
    format!("Why: {intention}")
}
/// An imported event's calendar and category.
pub fn event_calendar(calendar: &str, category: &str) -> String {
    format!("Calendar {calendar} · {category}")
}
/// Marks a meeting the manager declined on the Week grid.
pub const DECLINED_MARK: &str = "✗ ";
/// Marks time shown as free on the Week grid.
pub const FREE_MARK: &str = "○ ";
/// Marks a tentative meeting on the Week grid.
pub const TENTATIVE_MARK: &str = "? ";

/// The other calendars that hold the same meeting.
pub fn event_also_in(calendars: &[String]) -> String {
    format!(
        "Also in {}: counted once",
        calendars
            .iter()
            .map(|c| format!("'{c}'"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// What an event's attendance means for its hours, when it is not plain busy time.
pub fn attendance_note(a: crate::domain::event::Attendance) -> Option<&'static str> {
    use crate::domain::event::Attendance;
    match a {
        Attendance::Counted => None,
        Attendance::Tentative => Some("Tentative: its hours count."),
        Attendance::Declined => Some("You declined it: its hours do not count."),
        Attendance::Free => {
            Some("Shown as free time: its hours do not count ([audit] count_free).")
        }
    }
}
/// An imported event's organizer and attendees.
pub fn event_people(organizer: &str, attendees: u32) -> String {
    let count = crate::domain::words::count(i64::from(attendees), "attendee", "attendees");
    if organizer.is_empty() {
        count
    } else {
        format!("Organized by {organizer} · {count}")
    }
}
/// Question before marking an occurrence kept that has not happened yet.
pub const CONFIRM_KEPT_AHEAD: &str =
    "This block is still ahead. Mark it kept already, before it happened?";
/// Status after marking a future occurrence kept.
pub const MARKED_KEPT_AHEAD: &str = "Marked kept ahead of time.";
/// The block form's and short forms' fields and their hints.
pub const FIELD_TITLE: &str = "Title";
/// Hint of a block's title.
pub const HINT_TITLE: &str = "e.g. Vision work";
/// A block's intention.
pub const FIELD_WHY: &str = "Why";
/// Hint of a block's intention.
pub const HINT_WHY: &str = "why this time matters (optional)";
/// A block's first start.
pub const FIELD_START: &str = "Start";
/// Hint of a date and time.
pub const HINT_DATE_TIME: &str = "YYYY-MM-DD HH:MM, or words: tue 9:00";
/// A block's length.
pub const FIELD_LENGTH: &str = "Length";
/// Hint of a block's length.
pub const HINT_LENGTH: &str = "90, 1h30 or 2h (5 min to 12 h)";
/// A block's weekdays.
pub const FIELD_REPEAT_ON: &str = "Repeat on";
/// Hint of a block's weekdays.
pub const HINT_REPEAT_ON: &str = "weekdays, e.g. tue,thu; empty: once";
/// A block's interval.
pub const FIELD_EVERY: &str = "Every";
/// Hint of a block's interval.
pub const HINT_EVERY: &str = "weeks between repeats (default 1)";
/// A block's last day.
pub const FIELD_UNTIL: &str = "Until";
/// Hint of a block's last day.
pub const HINT_UNTIL: &str = "YYYY-MM-DD (optional)";
/// Why an occurrence is skipped.
pub const FIELD_REASON: &str = "Reason";
/// Hint of a skip's reason.
pub const HINT_REASON: &str = "optional, e.g. offsite";
/// A moved occurrence's start.
pub const FIELD_NEW_START: &str = "New start";
/// Minutes kept of an occurrence.
pub const FIELD_MINUTES_KEPT: &str = "Minutes kept";
/// Hint of minutes kept.
pub const HINT_MINUTES_KEPT: &str = "e.g. 45";
