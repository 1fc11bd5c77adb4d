//! Every user-facing string of the terminal interface, so wording stays consistent.

/// The application's name in the tab bar.
pub const APP_NAME: &str = "bearing";
/// The Today tab.
pub const TAB_TODAY: &str = "Today";

/// Title of the prompt box; `{n}` and `{of}` are replaced.
pub const PROMPT_TITLE: &str = "Prompt of the day";
/// Title of today's entries.
pub const ENTRIES_TITLE: &str = "Today";
/// Shown when today has no entries.
pub const NO_ENTRIES: &str = "Nothing written today yet. Press i to write a reflection.";
/// Title of the editor.
pub const EDITOR_TITLE: &str = "Write";
/// Greyed text in an empty editor.
pub const EDITOR_PLACEHOLDER: &str = "Start with the prompt above. #tags and @people are noted.";
/// Hint in the editor's title while not writing.
pub const EDITOR_HINT_NORMAL: &str = "i to write";
/// Hint in the editor's title while writing.
pub const EDITOR_HINT_EDITING: &str = "Ctrl-S save · Esc done";

/// The mode badge while browsing.
pub const MODE_NORMAL: &str = "NORMAL";
/// The mode badge while typing in the editor.
pub const MODE_EDITING: &str = "WRITING";
/// Right side of the status line.
pub const HELP_HINT: &str = "? help · q quit";
/// Right side of the status line while writing.
pub const HELP_HINT_EDITING: &str = "F1 help · Esc done";

/// Title of the key help overlay.
pub const HELP_TITLE: &str = "Keys";
/// Footer of the key help overlay.
pub const HELP_FOOTER: &str = "j/k scroll · Esc closes";

/// Shown instead of the interface when the terminal is too small.
pub const TOO_SMALL: &str = "Terminal too small";

/// Status after saving an entry.
pub fn saved(kind: &str, id: i64, time: &str) -> String {
    format!("Saved {kind} #{id} at {time}.")
}
/// Status when saving an empty editor.
pub const NOTHING_TO_SAVE: &str = "Nothing to save yet: the editor is empty.";
/// Status when a store write failed; the text stays in the editor.
pub fn save_failed(err: &str) -> String {
    format!("Could not save: {err}. Your text is still in the editor.")
}
/// Status when autosaving the draft failed.
pub fn autosave_failed(err: &str) -> String {
    format!("Could not autosave the draft: {err}. Keep bearing open; it will retry.")
}
/// Status when a draft was recovered at start.
pub fn draft_recovered(when: &str) -> String {
    format!("Recovered your unsaved draft from {when}. Ctrl-S saves it, D discards it.")
}
/// Status when a paste or typing would make the entry too big.
pub fn too_big(size_kb: usize, max_kb: usize) -> String {
    format!("Too big: the entry would be {size_kb} KB, the most is {max_kb} KB. Nothing added.")
}
/// Question before discarding a draft.
pub const CONFIRM_DISCARD: &str = "Discard the text in the editor? It cannot be recovered.";
/// Keys of a yes/no question.
pub const CONFIRM_KEYS: &str = "y discard · n keep";
/// Status after discarding a draft.
pub const DRAFT_DISCARDED: &str = "Draft discarded.";
/// Status when there is no draft to discard.
pub const NO_DRAFT: &str = "The editor is already empty.";
/// Status after the external editor returned text.
pub const EXTERNAL_EDIT_DONE: &str = "Text from your editor is in the draft. Ctrl-S saves it.";
/// Status when the external editor failed.
pub fn external_edit_failed(err: &str) -> String {
    format!("The external editor failed: {err}. The draft is unchanged.")
}
/// Status when the entry kind changes.
pub fn kind_now(kind: &str) -> String {
    format!("This entry will be saved as a {kind}.")
}
/// Status at start when there is no draft.
pub const START_HINT: &str = "Press i to write today's reflection.";
