//! Every user-facing string of the terminal interface, so wording stays consistent.

/// The application's name in the tab bar.
pub const APP_NAME: &str = "bearing";
/// The Today tab.
pub const TAB_TODAY: &str = "Today";
/// The Week tab.
pub const TAB_WEEK: &str = "Week";
/// The Audit tab.
pub const TAB_AUDIT: &str = "Audit";
/// The People tab.
pub const TAB_PEOPLE: &str = "People";
/// The Conversations tab.
pub const TAB_CONVERSATIONS: &str = "Conversations";
/// The History tab.
pub const TAB_HISTORY: &str = "History";
/// The weekly review tab.
pub const TAB_REVIEW: &str = "Review";

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
/// The mode badge while a form is open.
pub const MODE_FORM: &str = "FORM";
/// Right side of the status line while a form is open.
pub const HELP_HINT_FORM: &str = "Enter save · Esc cancel";
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
/// The text from the editor was taken, with something to know about it.
pub fn external_edit_note(note: &str) -> String {
    format!("Text from your editor is in: {note}.")
}
/// The editor did not give text back.
pub fn external_edit_failed(err: &str) -> String {
    format!("The external editor failed: {err}. The draft is unchanged.")
}
/// Status when the entry kind changes.
pub fn kind_now(kind: &str) -> String {
    format!("This entry will be saved as a {kind}.")
}
/// Status at start when there is no draft.
pub const START_HINT: &str = "Press i to write today's reflection.";

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
/// Marks items of a slot that do not fit side by side in a day column.
pub fn week_more(n: usize) -> String {
    format!("+{n}")
}
/// The Week info line when nothing is selected.
pub const WEEK_EMPTY_HINT: &str = "b new block here · n next block · ? keys";
/// Status when asking for the next block in an empty week.
pub const NO_BLOCKS_THIS_WEEK: &str = "No blocks this week. Press b to plan one.";
/// Status when an action needs a block and the cursor is on none.
pub const NO_BLOCK_HERE: &str = "No block here. Move onto one, or press n for the next.";
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
/// Form error when a repeat is asked for without weekdays.
pub const DAYS_NEEDED: &str = "give the weekdays it repeats on, e.g. tue,thu";
/// Status after saving a new block, with its first start as read from the form.
pub fn block_saved(title: &str, repeat: &str, start: &str) -> String {
    format!("Planned '{title}', {repeat}, from {start}.")
}
/// Status after moving an occurrence.
pub fn moved(to: &str) -> String {
    format!("Moved to {to}.")
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
/// Status after editing from an occurrence on.
pub const EDITED_FOLLOWING: &str = "Changed this and the following occurrences.";
/// Status after editing a whole block.
pub const EDITED_SERIES: &str = "Changed the block.";
/// Status when a classification key is used away from an imported event.
pub const NO_EVENT_HERE: &str = "No calendar event here. Import one: bearing import FILE.ics";
/// Scope of a classification of a whole series.
pub const ALL_OCCURRENCES: &str = "every occurrence";
/// Scope of a classification of one occurrence.
pub const THIS_OCCURRENCE: &str = "this occurrence";
/// Status after classifying.
pub fn classified(title: &str, scope: &str, category: &str) -> String {
    format!("'{title}' ({scope}) is now {category}.")
}
/// Shown before the audit is loaded.
pub const AUDIT_LOADING: &str = "Loading the audit…";
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
/// Nothing unclassified.
pub const AUDIT_NONE_UNCLASSIFIED: &str = "Every event this week is classified.";
/// Status when classifying with nothing selected.
pub const NOTHING_TO_CLASSIFY: &str = "Nothing unclassified to classify.";
/// Title of the people list.
pub const PEOPLE_TITLE: &str = "People";
/// Nobody in the journal yet.
pub const NOBODY_YET: &str = "Nobody yet. Mention someone in a reflection (@Name) or add a conversation: bearing convo add --with NAME --topic TEXT";
/// No check-in ever.
pub const NEVER_CHECKED_IN: &str = "no check-in yet";
/// A stay interview was held.
pub const STAY_HELD: &str = "Stay interview: held";
/// No stay interview yet.
pub const STAY_NOT_HELD: &str =
    "Stay interview: not yet. Ask them why they stay, before they leave.";
/// Title of the conversations list.
pub const CONVERSATIONS_TITLE: &str = "Conversations";
/// No conversations yet.
pub const NO_CONVERSATIONS: &str =
    "No conversations yet. Difficult conversations are acts of respect: press n to prepare one.";
/// Status when a conversation key is used with none selected.
pub const NO_CONVERSATION: &str = "No conversation selected.";
/// Title of the new conversation form.
pub const NEW_CONVERSATION_TITLE: &str = "New conversation";
/// Title of the follow-up form.
pub const FOLLOW_UP_TITLE: &str = "Follow up";
/// Greyed text in an empty conversation field.
pub const CONVO_FIELD_HINT: &str = "Write here; saved as you type.";
/// A conversation with nothing prepared.
pub const CONVO_NOT_PREPARED: &str = "Nothing prepared yet. Enter to write: situation, behaviour, impact, the outcome you want, your opening sentence…";
/// Status after saving a conversation.
pub const CONVERSATION_SAVED: &str = "Saved.";
/// Status after noting a new conversation, with when it is planned as read from the form.
pub fn conversation_noted(when: Option<&str>) -> String {
    let on = when.map(|w| format!(" for {w}")).unwrap_or_default();
    format!("Noted{on}. Prepare it now: Tab moves between fields, Esc when done.")
}
/// Keys shown under the conversations list.
pub const CONVERSATIONS_KEYS: &str =
    "n new · Enter write · h held · f follow-up · d done · c close · x cancel";
/// What the status line says about an imported event.
pub fn event_details(
    title: &str,
    calendar: &str,
    start: &str,
    minutes: i64,
    category: &str,
    organizer: &str,
    attendees: u32,
) -> String {
    let by = if organizer.is_empty() {
        String::new()
    } else {
        format!(", by {organizer}")
    };
    format!(
        "{title} ({calendar}): {start}, {minutes} min, {}{by}; {category}. a/A to reclassify.",
        crate::domain::words::count(i64::from(attendees), "attendee", "attendees")
    )
}

// History.

/// Title of the History list.
pub const HISTORY_TITLE: &str = "History";
/// Keys shown under the History list.
pub const HISTORY_HINT: &str = "/ search · f filter · o this day · g date";
/// History with nothing in it.
pub const HISTORY_EMPTY: &str =
    "Nothing written yet. Reflections, notes, reviews and conversations appear here.";
/// History narrowed to nothing.
pub const NOTHING_FILTERED: &str = "Nothing matches the filters. F removes them.";
/// A search with no results.
pub const NO_MATCHES: &str =
    "No matches. Words match whole; end one with * for a prefix, or \"quote a phrase\".";
/// Shown after the query while moving through results.
pub const SEARCH_BROWSING: &str = "/ edit · Esc close";
/// Title of the preview pane.
pub const PREVIEW_TITLE: &str = "Preview";
/// Keys under an entry's preview.
pub const PREVIEW_HINT_ENTRY: &str = "Enter edit · e $EDITOR";
/// Keys under a conversation's preview.
pub const PREVIEW_HINT_CONVERSATION: &str = "Enter open";
/// Title of the in-place editor.
pub const EDITING_ENTRY: &str = "Editing";
/// Status after an entry's edit was saved.
pub const ENTRY_SAVED: &str = "Saved.";
/// The selected row was deleted elsewhere.
pub const ITEM_GONE: &str = "That entry no longer exists.";
/// `e` on a conversation.
pub const CONVERSATION_IN_PLACE: &str = "Conversations are written field by field: Enter opens it.";
/// An external edit that came back empty.
pub const EMPTY_EDIT_KEPT: &str =
    "The editor came back empty; the entry was kept as it was. Delete it with d.";
/// Status after deleting.
pub const DELETED_ITEM: &str = "Deleted.";
/// Keys answering "delete this?".
pub const CONFIRM_DELETE_KEYS: &str = "y delete · n keep";
/// Title of the filter form.
pub const FILTER_TITLE: &str = "Filter history";
/// Title of the go-to-date form.
pub const GO_TO_TITLE: &str = "Go to date";
/// A tag field with more than one word.
pub const ONE_TAG: &str = "one tag, e.g. #growth";
/// An empty person.
pub const ONE_PERSON: &str = "a name, e.g. @Sam";
/// A date range backwards.
pub const END_BEFORE_START: &str = "the end is before the start";
/// A tag filter on conversations.
pub const CONVERSATIONS_HAVE_NO_TAGS: &str =
    "conversations have no tags; clear the tag or the kind";
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
        Some(days) => format!("{streak} · {days} days written"),
        None => streak,
    }
}

/// "Delete this …?"
pub fn delete_item(kind: &str, day: &str) -> String {
    format!("Delete this {kind} of {day}? It cannot be undone.")
}

// Weekly review.

/// Hint in an empty answer.
pub const REVIEW_ANSWER_HINT: &str = "Your answer; saved as you type.";
/// Keys on the questions while reading.
pub const REVIEW_HINT: &str = "Enter answer";
/// Keys on the questions while answering.
pub const REVIEW_HINT_EDITING: &str = "Tab next · Esc done";
/// Keys under the week summary.
pub const REVIEW_WEEK_HINT: &str = "[ ] week · t now";
/// Status after saving the review.
pub const REVIEW_SAVED: &str = "Review saved. Find it in History (6).";
/// Heading of the split.
pub const REVIEW_SPLIT: &str = "Managing / leading";
/// A week without classified hours.
pub const REVIEW_NO_HOURS: &str = "no classified hours this week";
/// Heading of the blocks.
pub const REVIEW_BLOCKS: &str = "Leadership blocks";
/// Heading of the conversations.
pub const REVIEW_CONVERSATIONS: &str = "Conversations";
/// A week without conversations.
pub const REVIEW_NO_CONVERSATIONS: &str = "none held, no follow-ups due";
/// The reminder on Today.
pub const REVIEW_MISSING: &str = "Last week's review is missing: 7 to write it";

/// The summary's title.
pub fn review_week_title(from: &str, to: &str) -> String {
    format!("Week of {from} – {to}")
}

/// Heading of the week's entries.
pub fn review_entries(n: usize) -> String {
    match n {
        0 => "No reflections this week".to_string(),
        1 => "1 reflection".to_string(),
        n => format!("{n} reflections"),
    }
}

/// When the answers were last saved.
pub fn saved_at(time: &str) -> String {
    format!("saved {time}")
}
