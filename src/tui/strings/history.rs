//! The words of the History screen.

// History.

/// Title of the History list.
pub const HISTORY_TITLE: &str = "History";
/// History with nothing in it.
pub const HISTORY_EMPTY: &str =
    "Nothing written yet. Reflections, notes, reviews and conversations appear here.";
/// History narrowed to nothing.
pub fn nothing_filtered(key: &str) -> String {
    format!("Nothing matches the filters. {key} removes them.")
}
/// A search with no results.
pub const NO_MATCHES: &str =
    "No matches. Words match whole; end one with * for a prefix, or \"quote a phrase\".";
/// Title of the in-place editor.
pub const EDITING_ENTRY: &str = "Editing";
/// `e` on a conversation.
pub fn conversation_in_place(key: &str) -> String {
    format!("Conversations are written field by field: {key} opens it.")
}
/// An external edit that came back empty.
pub fn empty_edit_kept(key: &str) -> String {
    format!("The editor came back empty; the entry was kept as it was. Delete it with {key}.")
}
/// Title of the filter form.
pub const FILTER_TITLE: &str = "Filter history";
/// Title of the go-to-date form.
pub const GO_TO_TITLE: &str = "Go to date";
/// Status after "on this day" is turned off or filters are cleared.
pub const ALL_HISTORY: &str = "Showing everything.";

/// An unknown kind typed in the filter.
pub fn unknown_kind(kind: &str) -> String {
    format!("'{kind}' is not a kind: reflection, note, review or conversation")
}

/// Status after filtering.
pub fn filtered(n: i64) -> String {
    format!("{} match the filters.", items(n))
}

/// Rows in History.
pub fn items(n: i64) -> String {
    match n {
        1 => "1 item".to_string(),
        n => format!("{n} items"),
    }
}

/// Search results in History; `capped` when there were more than shown.
pub fn matches(n: i64, capped: bool) -> String {
    match (n, capped) {
        (n, true) => format!("best {n} matches"),
        (1, false) => "1 match".to_string(),
        (n, false) => format!("{n} matches"),
    }
}

/// Status after jumping to a date with entries.
pub fn went_to(day: &str) -> String {
    format!("{day}.")
}

/// Status after jumping to a date without entries.
pub fn nothing_on(day: &str, nearest: &str) -> String {
    format!("Nothing on {day}; the nearest before it is {nearest}.")
}

/// Status after turning "on this day" on.
pub fn on_this_day(n: i64, day: &str) -> String {
    format!(
        "On this day: {} from {day} in earlier months and years.",
        items(n)
    )
}

/// The heatmap's title.
pub fn heatmap_title(streak: u32, days: Option<usize>) -> String {
    let streak = match streak {
        0 => "No streak".to_string(),
        1 => "Streak 1 day".to_string(),
        n => format!("Streak {n} days"),
    };
    match days {
        Some(days) => format!(
            "{streak} · {} written",
            crate::domain::words::count(days as i64, "day", "days")
        ),
        None => streak,
    }
}

/// "Delete this …?"
pub fn delete_item(kind: &str, day: &str) -> String {
    format!("Delete this {kind} of {day}? It cannot be undone.")
}
/// A conversation, in questions.
pub const CONVERSATION: &str = "conversation";
/// Something in the journal, in questions.
pub const ITEM: &str = "item";
/// A conversation's heading in History's preview.
pub fn conversation_with_person(person: &str) -> String {
    format!("conversation with {person}")
}
/// The History filter form's fields and hints.
pub const FIELD_TAG: &str = "Tag";
/// Hint of the tag filter.
pub const HINT_TAG: &str = "#tag";
/// The person filter.
pub const FIELD_PERSON: &str = "Person";
/// Hint of the person filter.
pub const HINT_PERSON: &str = "@name";
/// The kind filter.
pub const FIELD_KIND: &str = "Kind";
/// Hint of the kind filter.
pub const HINT_KIND: &str = "reflection, note, review or conversation";
/// The first day.
pub const FIELD_FROM: &str = "From";
/// The last day.
pub const FIELD_TO: &str = "To";
/// A day.
pub const FIELD_DATE: &str = "Date";
/// Hint of a day.
pub const HINT_DATE: &str = "YYYY-MM-DD or words (fri, 3 weeks ago)";
/// "On this day" in History's title.
pub const ON_THIS_DAY: &str = "on this day";
/// A filter from a day on.
pub fn from_day(day: &str) -> String {
    format!("from {day}")
}
