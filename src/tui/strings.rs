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
/// Title of the editor.
pub const EDITOR_TITLE: &str = "Write";
/// Greyed text in an empty editor.
pub const EDITOR_PLACEHOLDER: &str = "Write here; #tags and @people are noted.";

/// The mode badge while browsing.
pub const MODE_NORMAL: &str = "NORMAL";
/// The mode badge while typing in the editor.
pub const MODE_EDITING: &str = "WRITING";
/// The mode badge while typing a search.
pub const MODE_SEARCH: &str = "SEARCH";
/// The mode badge while a form is open.
pub const MODE_FORM: &str = "FORM";

/// Title of the key help overlay.
pub const HELP_TITLE: &str = "Keys";

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
/// Status when another bearing runs on the same journal.
pub const ANOTHER_BEARING: &str =
    "Another bearing is open on this journal: this window keeps its own draft.";
/// Status when a paste or typing would make the entry too big.
pub fn too_big(size_kb: usize, max_kb: usize) -> String {
    format!("Too big: the entry would be {size_kb} KB, the most is {max_kb} KB. Nothing added.")
}
/// Question before discarding a draft.
pub const CONFIRM_DISCARD: &str = "Discard the text in the editor? It cannot be recovered.";
/// Status after discarding a draft.
pub const DRAFT_DISCARDED: &str = "Draft discarded.";
/// Status when there is no draft to discard.
pub const NO_DRAFT: &str = "The editor is already empty.";
/// Status after the external editor returned text; `save` saves it.
pub fn external_edit_done(save: &str) -> String {
    format!("Text from your editor is in the draft. {save} saves it.")
}
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
/// No calendar imported: nothing to audit yet.
pub const AUDIT_NO_CALENDAR: &str = "No calendar imported yet, so there is nothing to classify: the audit reads your meetings from it. Import one with bearing import FILE.ics (or a calendar's address).";
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
/// Status when a conversation key is used with none selected.
pub const NO_CONVERSATION: &str = "No conversation selected.";
/// Title of the new conversation form.
pub const NEW_CONVERSATION_TITLE: &str = "New conversation";
/// Title of the follow-up form.
pub const FOLLOW_UP_TITLE: &str = "Follow up";
/// A conversation with nothing prepared.
pub fn convo_not_prepared(key: &str) -> String {
    format!(
        "Nothing prepared yet. {key} to write: situation, behaviour, impact, the outcome you want, your opening sentence…"
    )
}
/// Status after saving a conversation.
pub const CONVERSATION_SAVED: &str = "Saved.";
/// Status after noting a new conversation, with when it is planned as read from the form.
pub fn conversation_noted(when: Option<&str>, next: &str, done: &str) -> String {
    let on = when.map(|w| format!(" for {w}")).unwrap_or_default();
    format!("Noted{on}. Prepare it now: {next} moves between fields, {done} when done.")
}
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
/// Title of the preview pane.
pub const PREVIEW_TITLE: &str = "Preview";
/// Title of the in-place editor.
pub const EDITING_ENTRY: &str = "Editing";
/// Status after an entry's edit was saved.
pub const ENTRY_SAVED: &str = "Saved.";
/// The selected row was deleted elsewhere.
pub const ITEM_GONE: &str = "That entry no longer exists.";
/// `e` on a conversation.
pub fn conversation_in_place(key: &str) -> String {
    format!("Conversations are written field by field: {key} opens it.")
}
/// An external edit that came back empty.
pub fn empty_edit_kept(key: &str) -> String {
    format!("The editor came back empty; the entry was kept as it was. Delete it with {key}.")
}
/// Status after deleting.
pub const DELETED_ITEM: &str = "Deleted.";
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

// Weekly review.

/// Hint in an empty answer.
pub const REVIEW_ANSWER_HINT: &str = "Your answer; saved as you type.";
/// Status after saving the review.
pub fn review_saved(history: &str) -> String {
    format!("Review saved. Find it in History ({history}).")
}
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
pub fn review_missing(key: &str) -> String {
    format!("Last week's review is missing: {key} to write it")
}

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

// Keys and help.

/// Help section: keys of every screen.
pub const HELP_EVERYWHERE: &str = "Every screen";
/// Help section: keys of the help.
pub const HELP_IN_HELP: &str = "In this help";
/// Help section: keys of a form.
pub const HELP_FORM: &str = "In a form";
/// Help section: writing in Today's editor.
pub const HELP_WRITING: &str = "While writing";
/// Help section: editing a saved entry in place.
pub const HELP_EDITING_ENTRY: &str = "Editing an entry";
/// Help section: a block's details.
pub const HELP_DETAILS: &str = "A block's details (Enter)";
/// Help section: the questions about repeating blocks.
pub const HELP_SCOPE: &str = "Deleting or editing a repeating block";
/// Help section: typing a search.
pub const HELP_SEARCH: &str = "Typing a search";
/// Help section: the review while reading.
pub const HELP_REVIEW: &str = "Weekly review";
/// Help section: answering the review.
pub const HELP_ANSWERING: &str = "Answering";
/// Help section: writing a conversation.
pub const HELP_CONVERSATION: &str = "Writing a conversation";

/// The status line when config.toml's keys could not be used (bearing started with the
/// default keys).
pub fn keys_refused(line: usize, message: &str) -> String {
    format!("config.toml line {line}: {message}. The default keys are in use.")
}
/// A `[keys.NAME]` table that is not a part of the interface.
pub fn unknown_key_table(name: &str, names: &str) -> String {
    format!("[keys.{name}] is not a part of the interface; the parts are {names}")
}
/// An action name a `[keys.*]` table does not have.
pub fn unknown_key_action(name: &str, table: &str, names: &str) -> String {
    format!("'{name}' is not an action of [keys.{table}]; its actions are {names}")
}
/// A `[keys.*]` setting without keys.
pub fn no_keys(table: &str, name: &str) -> String {
    format!("[keys.{table}] {name} has no key: give it a key, e.g. {name} = \"x\"")
}
/// One key for two actions that work together.
pub fn key_conflict(key: &str, one: &str, other: &str) -> String {
    format!("{key} would be both {one} and {other}; give one of them another key")
}

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
    format!("{EDITING_ENTRY} {what}")
}
/// Under the editor: when the draft was last stored.
pub fn draft_saved(time: &str) -> String {
    format!("draft saved {time}")
}
/// Under a panel whose text goes on below.
pub const MORE_BELOW: &str = "↓ more";
/// The last row of a cut list.
pub fn more(n: usize) -> String {
    format!("… {n} more")
}
/// An all-day event on the agenda.
pub const ALL_DAY: &str = "all day";
/// " with Sam: topic" after a follow-up's state.
pub fn with_topic(person: &str, topic: &str) -> String {
    format!(" with {person}: {topic}")
}
/// A conversation planned today.
pub fn conversation_with(person: &str, topic: &str) -> String {
    format!("Conversation with {person}: {topic}")
}

// Week, further.

/// The Week screen's title.
pub fn week_title(number: u32, from: &str, to: &str) -> String {
    format!("Week {number} · {from} – {to}")
}
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

// Conversations, further.

/// The topic field.
pub const FIELD_TOPIC: &str = "Topic";
/// Hint of the topic.
pub const HINT_TOPIC: &str = "what it is about";
/// The when field.
pub const FIELD_WHEN: &str = "When";
/// Hint of when.
pub const HINT_WHEN: &str = "YYYY-MM-DD HH:MM or words (tue 14:00); optional";
/// Who a new conversation is with.
pub const FIELD_WITH: &str = "With";
/// Hint of who.
pub const HINT_WITH: &str = "a name, e.g. Sam";
/// Whether a new conversation is a stay interview.
pub const FIELD_STAY: &str = "Stay interview";
/// Hint of the stay interview field.
pub const HINT_STAY: &str = "y to ask why they stay; empty: a difficult conversation";
/// The follow-up's date.
pub const FIELD_FOLLOW_UP_ON: &str = "Follow up on";
/// Hint of the follow-up's date.
pub const HINT_FOLLOW_UP_ON: &str = "YYYY-MM-DD or words (in 2 weeks)";
/// The follow-up's notes.
pub const FIELD_FOLLOW_UP_NOTES: &str = "Notes";
/// Hint of the follow-up's notes.
pub const HINT_FOLLOW_UP_NOTES: &str = "what to check on, or what came of it (optional)";
/// One line of what to write in each field of a difficult conversation.
pub const CONVERSATION_HINTS: [&str; 13] = [
    "When and where it happened, as a fact.",
    "What they did or said, not what you think of them.",
    "What it did to the team, the work, to you.",
    "What you want to be true after the conversation.",
    "The first sentence you will say; short, kind and clear.",
    "Questions that let them explain; ask, then listen.",
    "How they may react, and how you will meet it.",
    "How you will show that you care about them.",
    "How you will still say the hard thing plainly.",
    "What was said and what you noticed.",
    "Who does what by when.",
    "How it felt, for you and, as far as you can tell, for them.",
    "What to check on at the follow-up, and what came of it.",
];
/// One line of what to write in each field of a stay interview.
pub const STAY_HINTS: [&str; 13] = [
    "Ask: what keeps you here? Write their words.",
    "Ask: what would make you think of leaving?",
    "Ask: what should I change, or do more of?",
    "What you want to be true after the conversation.",
    "The first sentence you will say; short and open.",
    "More questions: best day lately? what would you learn?",
    "How they may react, and how you will meet it.",
    "How you will show that you care about them.",
    "How you will still say the hard thing plainly.",
    "What was said and what you noticed.",
    "Who does what by when.",
    "How it felt, for you and, as far as you can tell, for them.",
    "What to check on at the follow-up, and what came of it.",
];
/// A yes/no field with something else.
pub const YES_OR_NO: &str = "y or n";
/// An autosave refused because of one field.
pub fn field_refused(label: &str, message: &str) -> String {
    format!("{label}: {message}. Everything else is kept; fix it to save.")
}
/// Status after a conversation's status changed.
pub fn now_status(topic: &str, person: &str, status: &str) -> String {
    format!("{topic} with {person} is now {status}.")
}
/// Status after marking a conversation held: the editor is open on what happened.
pub fn held_now_record(next: &str) -> String {
    format!("Held. Write what happened while it is fresh; {next} moves on to what was agreed.")
}
/// A follow-up asked for before the conversation is held.
pub fn follow_up_once_held(refusal: &str, held_key: &str) -> String {
    format!("{refusal} ({held_key} marks it held).")
}
/// Status after setting a follow-up.
pub fn follow_up_set(person: &str, day: &str) -> String {
    format!("Follow-up with {person} on {day}.")
}
/// No date.
pub const NO_DATE: &str = "no date";
/// No conversations yet; `key` makes one.
pub fn no_conversations(key: &str) -> String {
    format!(
        "No conversations yet. Difficult conversations are acts of respect: press {key} to prepare one."
    )
}
/// A stay interview, in lists.
pub const STAY_INTERVIEW: &str = "stay interview";
/// A stay interview, in the preview.
pub const STAY_INTERVIEW_NOTE: &str = "A stay interview: ask why they stay, before they leave.";
/// A conversation's heading.
pub fn conversation_title(topic: &str, person: &str) -> String {
    format!("{topic} with {person}")
}
/// A conversation planned during a calendar meeting.
pub fn clashes_with(meeting: &str) -> String {
    format!("! Clashes with a calendar meeting: {meeting}")
}
/// A follow-up's date.
pub fn follow_up_on(day: &str) -> String {
    format!("Follow up on {day}")
}
/// The editor's part: the topic and when.
pub const PART_ABOUT: &str = "about";
/// The editor's part: preparing.
pub const PART_PREPARATION: &str = "preparation";
/// The editor's part: after it was held.
pub const PART_AFTER: &str = "after";

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
/// A form field left empty.
pub fn give_a_value(cancel: &str) -> String {
    format!("write something here, or {cancel} to cancel")
}
/// Title of the rename form.
pub fn rename_title(name: &str) -> String {
    format!("Rename {name}")
}
/// Title of the merge form.
pub fn merge_title(name: &str) -> String {
    format!("Merge {name} into…")
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
/// A conversation, in questions.
pub const CONVERSATION: &str = "conversation";
/// Something in the journal, in questions.
pub const ITEM: &str = "item";
/// "Delete this entry of 09:10?" on Today.
pub fn delete_entry_at(kind: &str, time: &str) -> String {
    format!("Delete this {kind} of {time}? It cannot be undone.")
}

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
/// A person met only in calendar 1:1s, in the list.
pub const FROM_CALENDAR: &str = "calendar";
/// A person met only in calendar 1:1s, on their page.
pub const ONLY_ON_CALENDAR: &str = "Met in 1:1s on the calendar; not yet in your journal. A conversation or an @mention adds them.";
/// Which meeting invaded which block, in the review.
pub fn invaded(meeting: &str, block: &str, when: &str) -> String {
    format!("  ! '{meeting}' invaded {block} ({when})")
}

// Numbers in words, shared by the Audit and the Review.

/// "managing 60%".
pub fn managing_percent(p: i64) -> String {
    format!("managing {p}%")
}
/// "leading 40%".
pub fn leading_percent(p: i64) -> String {
    format!("leading {p}%")
}
/// "target 60/40".
pub fn target(managing: i64, leading: i64) -> String {
    format!("target {managing}/{leading}")
}
/// The week's hours by category.
pub fn hours_line(managing: &str, leading: &str, unclassified: &str, excluded: &str) -> String {
    format!(
        "{managing} managing · {leading} leading · {unclassified} unclassified · {excluded} not work"
    )
}
/// The week's leadership blocks, counted.
pub fn block_counts(b: &crate::audit::BlockCounts) -> String {
    format!(
        "{} planned · {} kept · {} skipped · {} invaded",
        b.planned, b.kept, b.skipped, b.invaded
    )
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
/// The terminal size bearing needs.
pub fn need_size(w: u16, h: u16) -> String {
    format!("need {w}×{h}")
}
/// The terminal size it has.
pub fn have_size(w: u16, h: u16) -> String {
    format!("have {w}×{h}")
}
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

/// Status after the background refresh read every stale calendar well.
pub fn refreshed(n: usize) -> String {
    format!(
        "Read {} again.",
        crate::domain::words::count(n as i64, "calendar", "calendars")
    )
}

/// Status when a background refresh failed (the calendar keeps its last good copy).
pub fn refresh_failed(calendar: &str, error: &str, failed: usize) -> String {
    let others = match failed {
        0 | 1 => String::new(),
        n => format!(" ({} more failed; bearing calendars lists them)", n - 1),
    };
    format!("Could not read '{calendar}' again, its last copy is kept: {error}{others}")
}

/// When the calendars were read, for the Week and Audit titles: `calendars read 09:12`
/// (or a day), `reading calendars…`, or `! 'team' not read: …`.
pub fn calendars_note(
    oldest: Option<&str>,
    refreshing: bool,
    failed: Option<&str>,
) -> Option<String> {
    if refreshing {
        return Some("reading calendars…".to_string());
    }
    if let Some(name) = failed {
        return Some(format!("! '{name}' could not be read again"));
    }
    oldest.map(|when| format!("calendars read {when}"))
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

/// The prompt panel's title when the prompt was chosen from the week's signals.
pub const PROMPT_FOR_THIS_WEEK: &str = "for this week";
/// One item to raise at a 1:1 today, under the 1:1 in Planned today.
pub fn agenda_line(person: &str, item: &str) -> String {
    format!("  → raise with {person}: {item}")
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

/// What the passphrase prompt before the first frame says (`tui::unlock`).
pub mod unlock {
    /// After the journal's path: why a passphrase is asked.
    pub const LOCKED: &str = "is encrypted.";
    /// The passphrase prompt.
    pub const ASK: &str = "Passphrase (empty to quit): ";
    /// While the key is derived.
    pub const UNLOCKING: &str = "Unlocking…";
    /// A wrong passphrase, to be typed again.
    pub const WRONG: &str = "That passphrase does not open the journal. Try again.";
    /// No passphrase given: bearing ends.
    pub const QUIT: &str = "No passphrase given; the journal stays locked.";
    /// The first run's offer to encrypt the new journal.
    pub const OFFER: &str = "Encrypt it with a passphrase? Nobody without the passphrase can then read it, on this disk or in a copy of it. [y/N] ";
    /// The new passphrase prompt.
    pub const NEW: &str = "New passphrase: ";
    /// The new passphrase, asked a second time.
    pub const AGAIN: &str = "The same again: ";
    /// The two new passphrases differ.
    pub const DIFFER: &str = "The two differ; once more.";
    /// After a journal is made encrypted.
    pub const KEEP: &str =
        "Keep the passphrase safe: without it nobody, bearing included, can read the journal.";
    /// The offer declined.
    pub const PLAIN: &str = "A plain journal, then (bearing encrypt encrypts it later).";
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_say_one_day_not_one_days() {
        assert_eq!(super::days_since_checkin(1), "1 day since a check-in");
        assert_eq!(super::days_since_checkin(3), "3 days since a check-in");
        assert_eq!(
            super::heatmap_title(1, Some(1)),
            "Streak 1 day · 1 day written"
        );
    }
}
