//! The words of the People screen.

/// Title of the people list.
pub const PEOPLE_TITLE: &str = "People";
/// Nobody in the journal yet.
pub fn nobody_yet(today: &str, conversations: &str) -> String {
    format!(
        "Nobody yet. Mention someone in a reflection (@Name, on Today: {today}), or note a conversation with them (Conversations: {conversations})."
    )
}
/// No check-in ever.
pub const NEVER_CHECKED_IN: &str = "no check-in yet";
/// A stay interview was held.
pub const STAY_HELD: &str = "Stay interview: held";
/// No stay interview yet.
pub const STAY_NOT_HELD: &str =
    "Stay interview: not yet. Ask them why they stay, before they leave.";

// People, further.

/// The hint under the people list.
pub fn nudge_hint(days: u32) -> String {
    format!("→ no check-in for {days}+ days")
}
/// Checked in today.
pub const CHECKED_IN_TODAY: &str = "checked in today";
/// Days since the last check-in.
pub fn days_since_checkin(days: i64) -> String {
    format!(
        "{} since a check-in",
        crate::domain::words::count(days, "day", "days")
    )
}
/// The last check-in line.
pub fn last_checkin(when: &str) -> String {
    format!("Last check-in: {when}")
}
/// The last 1:1 line.
pub fn last_one_on_one(when: &str) -> String {
    format!("Last 1:1 on the calendar: {when}")
}
/// The last conversation line.
pub fn last_conversation(what: &str) -> String {
    format!("Last conversation: {what}")
}
/// Open follow-ups and mentions.
pub fn followups_and_mentions(open: usize, mentions: i64) -> String {
    format!(
        "Open follow-ups: {open} · mentioned {}",
        crate::domain::words::count(mentions, "time", "times")
    )
}
/// A person's addresses.
pub fn addresses(list: &str) -> String {
    format!("Addresses: {list}")
}
/// Nothing found.
pub const NONE_FOUND: &str = "none found";
/// None.
pub const NONE: &str = "none";
/// Heading of a person's recent reflections.
pub const RECENT_REFLECTIONS: &str = "Recent reflections";
/// A person action with nobody selected.
pub const NOBODY_SELECTED: &str = "Nobody selected.";
/// Title of the rename form.
pub fn rename_title(name: &str) -> String {
    format!("Rename {name}")
}
/// Title of the merge form.
pub fn merge_title(name: &str) -> String {
    format!("Merge {name} into…")
}
/// Title of the agenda item form.
pub fn add_agenda_title(name: &str) -> String {
    format!("Raise with {name} at the next 1:1")
}
/// The agenda item field.
pub const FIELD_AGENDA_TEXT: &str = "What";
/// Its hint.
pub const HINT_AGENDA_TEXT: &str = "e.g. ask about the on-call rota";
/// Status after adding an agenda item.
pub fn agenda_added(name: &str, text: &str) -> String {
    format!("On {name}'s agenda: {text}")
}
/// Title of the address form.
pub fn link_title(name: &str) -> String {
    format!("Link an address to {name}")
}
/// The new name field.
pub const FIELD_NEW_NAME: &str = "New name";
/// Hint of the new name.
pub const HINT_NEW_NAME: &str = "the old name stays theirs, so @Old still finds them";
/// The merge target field.
pub const FIELD_MERGE_INTO: &str = "Into";
/// Hint of the merge target.
pub const HINT_MERGE_INTO: &str = "the name to keep; mentions and conversations move";
/// The address field.
pub const FIELD_ADDRESS: &str = "Address";
/// Hint of the address.
pub const HINT_ADDRESS: &str = "e-mail as calendars name them, e.g. sam@example.com";
/// Status after a rename.
pub fn renamed(from: &str, to: &str) -> String {
    format!("{from} is now {to}.")
}
/// Status after a merge.
pub fn merged(from: &str, into: &str) -> String {
    format!("{from} is merged into {into}.")
}
/// Status after linking an address.
pub fn linked(address: &str, name: &str) -> String {
    format!("{address} is {name}'s: 1:1s with it count as check-ins.")
}
/// A person met only in calendar 1:1s, in the list.
pub const FROM_CALENDAR: &str = "calendar";
/// A person met only in calendar 1:1s, on their page.
pub const ONLY_ON_CALENDAR: &str = "Met in 1:1s on the calendar; not yet in your journal. A conversation or an @mention adds them.";
/// On a direct report's page.
pub const DIRECT_REPORT: &str = "direct report";
/// Status after marking or unmarking a direct report.
pub fn report_now(name: &str, report: bool) -> String {
    if report {
        format!("{name} is marked as a direct report.")
    } else {
        format!("{name} is no longer marked as a direct report.")
    }
}

/// Marks a direct report in the People list.
pub const REPORT_MARK: &str = "report";
/// A report's 1:1 was cancelled or declined this week (the list's short flag).
pub const FLAG_CANCELLED: &str = "1:1 cancelled this week";
/// A report's 1:1s are under the weekly minimum (the list's short flag).
pub const FLAG_LOW: &str = "few 1:1 minutes";
/// The page's flag for a cancelled 1:1.
pub const FLAG_CANCELLED_LONG: &str =
    "! A 1:1 this week was cancelled or declined. One-on-ones are sacred: make it up.";
/// The page's flag for few 1:1 minutes.
pub fn flag_low_long(min: u32) -> String {
    format!("! Under {min} minutes of 1:1 a week over the last four weeks.")
}
/// The nudge to hold a stay interview.
pub const STAY_INTERVIEW_DUE: &str =
    "→ No stay interview in the last twelve months: ask why they stay (n, then \"stay\").";
/// A report's 1:1s: last, next and minutes a week.
pub fn coverage_line(last: &str, next: &str, minutes_per_week: f64) -> String {
    format!(
        "1:1s: last {last} · next {next} · {} a week (4 weeks)",
        crate::domain::words::count(minutes_per_week.round() as i64, "minute", "minutes")
    )
}
/// A report's 1:1s: what went wrong and the longest gap (see `Coverage::gap_words`).
pub fn coverage_line_2(cancelled: usize, gap: &str) -> String {
    format!("{cancelled} cancelled, declined or moved (4 weeks) · {gap}")
}
/// The heading of a person's agenda.
pub const AGENDA_HEADING: &str = "To raise at the next 1:1";
/// The heading of a person's open delegations.
pub const DELEGATIONS_HEADING: &str = "Delegated to them";
/// A delegation's definition of done, as the page shows it.
pub fn done_looks_like(text: &str) -> String {
    format!("done looks like: {text}")
}
/// Status after an agenda item was marked discussed.
pub fn agenda_item_done(text: &str) -> String {
    format!("Discussed: {text}")
}
/// Status when there is nothing on a person's agenda.
pub fn agenda_empty(name: &str) -> String {
    format!(
        "Nothing to raise with {name}: lines starting Next:, Ask or - [ ] that name them land here."
    )
}
/// Title of the delegation form.
pub fn delegate_title(name: &str) -> String {
    format!("Delegate to {name}")
}
/// Title of the form that closes a delegation.
pub fn close_delegation_title(name: &str) -> String {
    format!("Close a delegation to {name}")
}
/// Status when a person has no open delegation to close.
pub fn no_open_delegations(name: &str) -> String {
    format!("Nothing is delegated to {name} right now.")
}
/// Label of the task field.
pub const FIELD_TASK: &str = "Task";
/// Hint of the task field.
pub const HINT_TASK: &str = "what you hand over";
/// Label of the definition-of-done field.
pub const FIELD_DONE: &str = "Done when";
/// Hint of the definition-of-done field.
pub const HINT_DONE: &str = "what done looks like: the outcome, not the steps";
/// Label of the authority field.
pub const FIELD_AUTHORITY: &str = "Authority";
/// Hint of the authority field.
pub const HINT_AUTHORITY: &str = "how far they decide (optional)";
/// Label of the check-in field.
pub const FIELD_CHECK_IN: &str = "Check in";
/// Hint of the check-in field.
pub const HINT_CHECK_IN: &str = "a day, for roadblocks only (optional: fri, in 2 weeks)";
/// Label of the due field.
pub const FIELD_DUE: &str = "Due";
/// Hint of the due field.
pub const HINT_DUE: &str = "a day (optional)";
/// Label of the delegation number field.
pub const FIELD_DELEGATION: &str = "Delegation #";
/// Hint of the delegation number field.
pub const HINT_DELEGATION: &str = "the number shown on their page";
/// Label of the how-it-ended field.
pub const FIELD_HOW: &str = "How";
/// Hint of the how-it-ended field.
pub const HINT_HOW: &str = "done or dropped";
/// A delegation number that is not one of the person's open ones.
pub const NOT_A_DELEGATION: &str = "not one of their open delegations: give its number";
/// Neither done nor dropped.
pub const DONE_OR_DROPPED: &str = "write done or dropped";
/// Status after delegating.
pub fn delegated(task: &str, person: &str) -> String {
    format!("Delegated '{task}' to {person}. Check-ins are for roadblocks only.")
}
/// Status after closing a delegation.
pub fn delegation_closed(task: &str, how: &str) -> String {
    format!("'{task}' is {how}.")
}
