//! The words of the Today screen.

/// Title of the prompt box; `{n}` and `{of}` are replaced.
pub const PROMPT_TITLE: &str = "Prompt of the day";
/// Title of today's entries.
pub const ENTRIES_TITLE: &str = "Today";
/// Title of the editor.
pub const EDITOR_TITLE: &str = "Write";

/// Status after saving an entry.
pub fn saved(kind: &str, id: i64, time: &str) -> String {
    format!("Saved {kind} #{id} at {time}.")
}
/// Status when saving an empty editor.
pub const NOTHING_TO_SAVE: &str = "Nothing to save yet: the editor is empty.";
/// Status when a draft was recovered at start; `save` and `discard` are their keys.
pub fn draft_recovered(when: &str, from_other_windows: usize, save: &str, discard: &str) -> String {
    let others = match from_other_windows {
        0 => String::new(),
        1 => " (with the draft another bearing window left)".to_string(),
        n => format!(" (with the drafts {n} other bearing windows left)"),
    };
    format!(
        "Recovered your unsaved draft from {when}{others}. {save} saves it, {discard} discards it."
    )
}
/// Status after discarding a draft.
pub const DRAFT_DISCARDED: &str = "Draft discarded.";
/// Status when there is no draft to discard.
pub const NO_DRAFT: &str = "The editor is already empty.";
/// Status after the external editor returned text; `save` saves it.
pub fn external_edit_done(save: &str) -> String {
    format!("Text from your editor is in the draft. {save} saves it.")
}
/// Status when the entry kind changes.
pub fn kind_now(kind: &str) -> String {
    format!("This entry will be saved as a {kind}.")
}
/// Status at start when there is no draft; `key` starts writing.
pub fn start_hint(key: &str) -> String {
    format!("Press {key} to write today's reflection.")
}

/// Title of today's blocks, conversations and follow-ups on the Today screen.
pub const AGENDA_TITLE: &str = "Planned today";
/// A follow-up due today.
pub const FOLLOW_UP_DUE: &str = "Follow-up due";
/// A follow-up that is late.
pub fn follow_up_late(days: i64) -> String {
    format!(
        "Follow-up {} late",
        crate::domain::words::count(days, "day", "days")
    )
}
/// Status after deleting.
pub const DELETED_ITEM: &str = "Deleted.";
/// The reminder on Today.
pub fn review_missing(key: &str) -> String {
    format!("Last week's review is missing: {key} to write it")
}
/// Status when there is no missing review to write.
pub const NO_REVIEW_MISSING: &str = "Last week's review is written.";

// Today, further.

/// The entries panel when there are none; `key` starts writing.
pub fn no_entries(key: &str) -> String {
    format!("Nothing written today yet. Press {key} to write a reflection.")
}
/// The count in the entries panel's title.
pub fn entries(n: usize) -> String {
    crate::domain::words::count(n as i64, "entry", "entries")
}
/// An action on an entry with none selected.
pub const NO_ENTRY_SELECTED: &str = "No entry selected.";
/// Status after opening an entry to edit it in place.
pub fn editing_entry(time: &str) -> String {
    format!("Editing the entry of {time}; it saves as you type.")
}
/// Title of the editor while it edits a saved entry.
pub fn editing_title(what: &str) -> String {
    format!("{} {what}", super::EDITING_ENTRY)
}
/// Under the editor: when the draft was last stored.
pub fn draft_saved(time: &str) -> String {
    format!("draft saved {time}")
}
/// The last row of a cut list.
pub fn more(n: usize) -> String {
    format!("… {n} more")
}
/// " with Sam: topic" after a follow-up's state.
pub fn with_topic(person: &str, topic: &str) -> String {
    format!(" with {person}: {topic}")
}
/// A conversation planned today.
pub fn conversation_with(person: &str, topic: &str) -> String {
    format!("Conversation with {person}: {topic}")
}

/// The prompt panel's title when the prompt was chosen from the week's signals.
pub const PROMPT_FOR_THIS_WEEK: &str = "for this week";
/// One item to raise at a 1:1 today, under the 1:1 in Planned today.
pub fn agenda_line(person: &str, item: &str) -> String {
    format!("  → raise with {person}: {item}")
}

/// Question before discarding the draft.
pub const CONFIRM_DISCARD: &str = "Discard the text in the editor? It cannot be recovered.";
/// "Delete this entry of 09:10?" on Today.
pub fn delete_entry_at(kind: &str, time: &str) -> String {
    format!("Delete this {kind} of {time}? It cannot be undone.")
}
