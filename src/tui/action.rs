//! Everything the user can make the app do. Keys resolve to these; `update` applies them.

use ratatui_textarea::Input;

use super::app::Screen;

/// One change to the app's state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Leave bearing; the draft is kept for next time.
    Quit,
    /// Show a screen.
    ShowScreen(Screen),
    /// Show the next screen (tab).
    NextScreen,
    /// Show the previous screen (tab).
    PreviousScreen,
    /// Show or hide the key help.
    ToggleHelp,
    /// Scroll the key help down a line.
    ScrollHelpDown,
    /// Scroll the key help up a line.
    ScrollHelpUp,
    /// Close whatever overlay is open.
    CloseOverlay,
    /// Answer yes to the open question.
    Confirm,

    // Writing, on every screen with an editor.
    /// Save what is being written now: Today's text as an entry; a form (checked first);
    /// elsewhere the entry, answers or conversation (which also save as you type).
    Save,
    /// Go back: leave the editor (saving first), close the search.
    Back,

    // Today.
    /// Put the cursor in the editor.
    StartWriting,
    /// Switch the kind the editor's text will be saved as.
    CycleEntryKind,
    /// A key typed into the editor or the focused form field.
    EditText(Input),
    /// Text pasted into the editor or the focused form field.
    PasteText(String),
    /// Show the next coaching prompt.
    NextPrompt,
    /// Show the previous coaching prompt.
    PreviousPrompt,
    /// Select the first row: Today's first entry, History's newest.
    First,
    /// Select the last row: Today's last entry, History's oldest.
    Last,
    /// Edit the draft in `$EDITOR` (the terminal is handed over and restored).
    OpenExternalEditor,
    /// Ask to discard the draft.
    DiscardDraft,

    // Week (the cursor keys move through rows on other screens).
    /// Move the week cursor a day earlier (into the previous week at Monday); on the
    /// Calendars screen, go to the other list (calendars / published blocks).
    CursorLeft,
    /// Move the week cursor a day later (into the next week at Sunday); on the Audit and
    /// the Calendars screen, go to the other list (unclassified series / most hours;
    /// calendars / published blocks).
    CursorRight,
    /// Up one: on the Week the cursor half an hour earlier; elsewhere the row above
    /// (Today's entries, the Audit's series, People, Conversations, History and its
    /// search results).
    CursorUp,
    /// Down one: on the Week the cursor half an hour later; elsewhere the row below
    /// (Today's entries, the Audit's series, People, Conversations, History and its
    /// search results).
    CursorDown,
    /// Show the previous week.
    PreviousWeek,
    /// Show the next week.
    NextWeek,
    /// Show this week, with the cursor at now.
    ThisWeek,
    /// Select the next block occurrence in time.
    NextItem,
    /// Select the previous block occurrence in time.
    PreviousItem,
    /// Cycle the category of the selected imported event's whole series.
    CycleSeriesCategory,
    /// Cycle the category of the selected imported event only.
    CycleEventCategory,
    /// Classify the selected series on the Audit screen.
    ClassifyAs(crate::domain::event::Category),
    /// Hand the selected series back to the classification rules (forget your choice).
    ReturnToRules,
    /// Undo the last classification made on the Audit screen.
    Undo,
    /// Open the form for a new block at the cursor.
    NewBlock,
    /// Open the selected item: a block's or event's details on Week, an entry to edit
    /// in place on Today and History.
    OpenItem,
    /// Skip the selected occurrence (asks for a reason).
    SkipOccurrence,
    /// Move the selected occurrence (asks for the new time).
    MoveOccurrence,
    /// Mark the selected occurrence kept (a future one asks first).
    MarkKept,
    /// Mark the selected occurrence partly kept (asks for minutes).
    MarkPartlyKept,
    /// Clear what was recorded about the selected occurrence.
    ClearMark,
    /// Edit the selected block (asks: this series or from this occurrence on).
    EditBlock,
    /// Delete the selected occurrence or series (asks which).
    DeleteBlock,
    /// In a "which occurrences?" question: only this one.
    ChooseThisOccurrence,
    /// In a "which occurrences?" question: this one and the ones after it.
    ChooseFollowing,
    /// In a "which occurrences?" question: the whole series.
    ChooseAll,

    // Conversations.
    /// Open the form for a new conversation.
    NewConversation,
    /// Write in the selected conversation.
    OpenConversation,
    /// Mark the selected conversation held now.
    MarkHeld,
    /// Ask for the selected conversation's follow-up date.
    SetFollowUp,
    /// The selected conversation's follow-up happened.
    MarkFollowedUp,
    /// Close the selected conversation.
    CloseConversation,
    /// Cancel the selected conversation.
    CancelConversation,

    // People.
    /// Rename the selected person.
    RenamePerson,
    /// Merge the selected person into someone else.
    MergePerson,
    /// Link a calendar address to the selected person.
    LinkAddress,
    /// Mark the selected person as a direct report, or not any more.
    ToggleReport,
    /// Mark the top item of the selected person's agenda discussed.
    AgendaDone,
    /// Delegate a task to the selected person (asks for what done looks like).
    NewDelegation,
    /// Close one of the selected person's delegations: done or dropped.
    CloseDelegation,

    // History.
    /// Move the selection ten rows down.
    PageDown,
    /// Move the selection ten rows up.
    PageUp,
    /// Scroll the preview (or a tall entry on Today) down.
    ScrollPreviewDown,
    /// Scroll the preview (or a tall entry on Today) up.
    ScrollPreviewUp,
    /// Open the search line (or go back to typing in it).
    StartSearch,
    /// Stop typing the search and move through its results.
    FinishSearch,
    /// Open the filter form.
    OpenFilter,
    /// Remove every filter.
    ClearFilters,
    /// Show only entries from this day in earlier months and years, or everything again.
    ToggleOnThisDay,
    /// Ask for a date and jump to it.
    GoToDate,
    /// Add something to raise at the selected person's next 1:1.
    AddAgendaItem,
    /// Write last week's review, which is missing (Today's reminder).
    WriteMissingReview,
    /// Delete the selected entry or conversation (asks first), on Today or History.
    DeleteItem,

    // Calendars.
    /// Give the selected account calendar its next role: read, both, blocks, unused (asks
    /// first when that stops reading it).
    CycleCalendarRole,
    /// Read every calendar again now, in the background.
    RefreshCalendars,
    /// Settle the selected conflict keeping bearing's version (asks first).
    KeepMine,
    /// Settle the selected conflict taking the calendar's version (asks first).
    KeepTheirs,
    /// Publish the selected block again after it was deleted in the calendar (asks
    /// first).
    PublishAgain,
    /// Stop publishing the selected block: it comes off the calendar (asks first).
    StopPublishing,

    // Forms.
    /// Go to the next field.
    NextField,
    /// Go to the previous field.
    PreviousField,
    /// Empty the focused form field or the search.
    ClearField,
    /// Close the form without saving.
    CancelForm,
}
