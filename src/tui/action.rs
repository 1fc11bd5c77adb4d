//! Everything the user can make the app do. Keys resolve to these; `update` applies them.

use ratatui_textarea::Input;

/// One change to the app's state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Leave bearing; the draft is kept for next time.
    Quit,
    /// Show or hide the key help.
    ToggleHelp,
    /// Scroll the key help down a line.
    ScrollHelpDown,
    /// Scroll the key help up a line.
    ScrollHelpUp,
    /// Close whatever overlay is open.
    CloseOverlay,
    /// Put the cursor in the editor.
    StartWriting,
    /// Leave the editor; its text stays as a draft.
    StopWriting,
    /// Save the editor's text as an entry.
    SaveReflection,
    /// Switch the kind the editor's text will be saved as.
    CycleEntryKind,
    /// A key typed into the editor.
    EditText(Input),
    /// Text pasted into the editor.
    PasteText(String),
    /// Show the next coaching prompt.
    NextPrompt,
    /// Show the previous coaching prompt.
    PreviousPrompt,
    /// Select the next of today's entries.
    SelectNextEntry,
    /// Select the previous of today's entries.
    SelectPreviousEntry,
    /// Select the first of today's entries.
    SelectFirstEntry,
    /// Select the last of today's entries.
    SelectLastEntry,
    /// Edit the draft in `$EDITOR` (the terminal is handed over and restored).
    OpenExternalEditor,
    /// The external editor finished, with the new text or an error message.
    ExternalEditFinished(Result<String, String>),
    /// Ask to discard the draft.
    DiscardDraft,
    /// Answer yes to the open question.
    Confirm,
    /// Time passed: autosave the draft, notice a new day.
    Tick,
}
