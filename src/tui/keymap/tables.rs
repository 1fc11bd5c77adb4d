//! The default keys of every part of the interface, one binding per line, and the
//! parts themselves (the `[keys.NAME]` tables of config.toml).

use crate::domain::event::Category;
use crate::tui::action::Action;
use crate::tui::app::Screen;

/// The parts of the interface with keys of their own. Their names are the tables of
/// config.toml: `[keys.week]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    /// Every screen while browsing.
    Global,
    /// Today while browsing.
    Today,
    /// Writing in Today's editor.
    Writing,
    /// Editing a saved entry in place (Today or History).
    Entry,
    /// The Week screen.
    Week,
    /// A block's details window.
    Details,
    /// The Audit screen.
    Audit,
    /// The People screen.
    People,
    /// The Conversations list.
    Conversations,
    /// Writing a conversation.
    Conversation,
    /// The History screen.
    History,
    /// Typing a search in History.
    Search,
    /// The weekly review while reading.
    Review,
    /// The Calendars screen.
    Calendars,
    /// Answering the weekly review.
    Answering,
    /// A form.
    Form,
    /// "Delete which occurrences?"
    DeleteScope,
    /// "Delete this block?"
    DeleteOne,
    /// "Change which occurrences?"
    EditScope,
    /// A yes/no question.
    Confirm,
    /// The key help.
    Help,
}

impl Table {
    /// Every table, in the order of config.toml's documentation.
    pub const ALL: [Table; 21] = [
        Table::Global,
        Table::Today,
        Table::Writing,
        Table::Entry,
        Table::Week,
        Table::Details,
        Table::Audit,
        Table::People,
        Table::Conversations,
        Table::Conversation,
        Table::History,
        Table::Search,
        Table::Review,
        Table::Answering,
        Table::Calendars,
        Table::Form,
        Table::DeleteScope,
        Table::DeleteOne,
        Table::EditScope,
        Table::Confirm,
        Table::Help,
    ];

    /// Its name in config.toml.
    pub fn name(self) -> &'static str {
        match self {
            Table::Global => "global",
            Table::Today => "today",
            Table::Writing => "writing",
            Table::Entry => "entry",
            Table::Week => "week",
            Table::Details => "details",
            Table::Audit => "audit",
            Table::People => "people",
            Table::Conversations => "conversations",
            Table::Conversation => "conversation",
            Table::History => "history",
            Table::Search => "search",
            Table::Review => "review",
            Table::Answering => "answering",
            Table::Calendars => "calendars",
            Table::Form => "form",
            Table::DeleteScope => "delete_scope",
            Table::DeleteOne => "delete_one",
            Table::EditScope => "edit_scope",
            Table::Confirm => "confirm",
            Table::Help => "help",
        }
    }

    /// The tables whose keys work together with this one's (so may not be the same).
    pub(super) fn context(self) -> &'static [Table] {
        match self {
            Table::Today => &[Table::Today, Table::Global],
            Table::Week => &[Table::Week, Table::Global],
            Table::Audit => &[Table::Audit, Table::Global],
            Table::People => &[Table::People, Table::Global],
            Table::Conversations => &[Table::Conversations, Table::Global],
            Table::History => &[Table::History, Table::Global],
            Table::Review => &[Table::Review, Table::Global],
            Table::Calendars => &[Table::Calendars, Table::Global],
            _ => &[],
        }
    }

    pub(super) fn defaults(self) -> &'static [Default] {
        match self {
            Table::Global => GLOBAL,
            Table::Today => TODAY,
            Table::Writing => WRITING,
            Table::Entry => ENTRY,
            Table::Week => WEEK,
            Table::Details => DETAILS,
            Table::Audit => AUDIT,
            Table::People => PEOPLE,
            Table::Conversations => CONVERSATIONS,
            Table::Conversation => CONVERSATION,
            Table::History => HISTORY,
            Table::Search => SEARCH,
            Table::Review => REVIEW,
            Table::Answering => ANSWERING,
            Table::Calendars => CALENDARS,
            Table::Form => FORM,
            Table::DeleteScope => DELETE_SCOPE,
            Table::DeleteOne => DELETE_ONE,
            Table::EditScope => EDIT_SCOPE,
            Table::Confirm => CONFIRM,
            Table::Help => HELP,
        }
    }
}

/// A default binding: its name in config.toml, keys, action, help text and hint word.
pub(super) struct Default {
    pub(super) name: &'static str,
    pub(super) keys: &'static [&'static str],
    pub(super) action: Action,
    pub(super) help: &'static str,
    pub(super) hint: &'static str,
}

const fn d(
    name: &'static str,
    keys: &'static [&'static str],
    action: Action,
    help: &'static str,
    hint: &'static str,
) -> Default {
    Default {
        name,
        keys,
        action,
        help,
        hint,
    }
}

use Action as A;

#[rustfmt::skip]
static GLOBAL: &[Default] = &[
    d("today",           &["1"],             A::ShowScreen(Screen::Today),         "Today",                    "to Today"),
    d("week",            &["2"],             A::ShowScreen(Screen::Week),          "Week",                     "to Week"),
    d("audit",           &["3"],             A::ShowScreen(Screen::Audit),         "Audit",                    "to Audit"),
    d("people",          &["4"],             A::ShowScreen(Screen::People),        "People",                   "to People"),
    d("conversations",   &["5"],             A::ShowScreen(Screen::Conversations), "Conversations",            "to Conversations"),
    d("history",         &["6"],             A::ShowScreen(Screen::History),       "History",                  "to History"),
    d("review",          &["7"],             A::ShowScreen(Screen::Review),        "Weekly review",            "to Review"),
    d("calendars",       &["8"],             A::ShowScreen(Screen::Calendars),     "Calendars",                "to Calendars"),
    d("next_screen",     &["tab"],           A::NextScreen,                        "next tab",                 "next tab"),
    d("previous_screen", &["shift-tab"],     A::PreviousScreen,                    "previous tab",             "previous tab"),
    d("help",            &["?", "f1"],       A::ToggleHelp,                        "this help",                "help"),
    d("quit",            &["q", "ctrl-c"],   A::Quit,                              "quit (what you wrote is kept)", "quit"),
];

#[rustfmt::skip]
static TODAY: &[Default] = &[
    d("write",           &["i", "a", "enter"], A::StartWriting,       "write in the editor",                  "write"),
    d("save",            &["ctrl-s"],          A::Save,               "save the editor's text as an entry",   "save"),
    d("kind",            &["t"],               A::CycleEntryKind,     "save as reflection / note",            "kind"),
    d("external_editor", &["e"],               A::OpenExternalEditor, "edit the draft in $EDITOR",            "$EDITOR"),
    d("discard",         &["D"],               A::DiscardDraft,       "discard the draft (asks first)",       "discard"),
    d("next_prompt",     &["n"],               A::NextPrompt,         "another prompt",                       "another"),
    d("previous_prompt", &["p", "N"],          A::PreviousPrompt,     "previous prompt",                      "previous"),
    d("down",            &["j", "down"],       A::CursorDown,         "next entry",                           "entries"),
    d("up",              &["k", "up"],         A::CursorUp,           "previous entry",                       "entries"),
    d("first",           &["g", "home"],       A::First,              "first entry",                          "first"),
    d("last",            &["G", "end"],        A::Last,               "last entry",                           "last"),
    d("scroll_down",     &["J"],               A::ScrollPreviewDown,  "scroll a tall entry down",             "scroll"),
    d("scroll_up",       &["K"],               A::ScrollPreviewUp,    "scroll a tall entry up",               "scroll"),
    d("edit_entry",      &["E"],               A::OpenItem,           "edit the selected entry here",         "edit"),
    d("delete_entry",    &["d"],               A::DeleteItem,         "delete the selected entry (asks first)", "delete"),
    d("missing_review",  &["R"],               A::WriteMissingReview, "write last week's missing review",     "last week's review"),
];

#[rustfmt::skip]
static WRITING: &[Default] = &[
    d("done",            &["esc"],    A::Back,               "stop writing (the draft is kept)", "done"),
    d("save",            &["ctrl-s"], A::Save,               "save as an entry",                 "save"),
    d("kind",            &["ctrl-t"], A::CycleEntryKind,     "save as reflection / note",        "kind"),
    d("external_editor", &["ctrl-o"], A::OpenExternalEditor, "continue in $EDITOR",              "$EDITOR"),
    d("help",            &["f1"],     A::ToggleHelp,         "this help",                        "help"),
    d("quit",            &["ctrl-c"], A::Quit,               "quit (the draft is kept)",         "quit"),
];

#[rustfmt::skip]
static ENTRY: &[Default] = &[
    d("save",            &["ctrl-s"], A::Save,       "save now (it also saves as you type)", "save"),
    d("done",            &["esc"],    A::Back,       "save and go back to the list",         "done"),
    d("help",            &["f1"],     A::ToggleHelp, "this help",                            "help"),
    d("quit",            &["ctrl-c"], A::Quit,       "quit (saved first)",                   "quit"),
];

#[rustfmt::skip]
static WEEK: &[Default] = &[
    d("day_before",      &["h", "left"],  A::CursorLeft,          "day before",                            "day"),
    d("day_after",       &["l", "right"], A::CursorRight,         "day after",                             "day"),
    d("earlier",         &["k", "up"],    A::CursorUp,            "half an hour earlier",                  "time"),
    d("later",           &["j", "down"],  A::CursorDown,          "half an hour later",                    "time"),
    d("previous_week",   &["["],          A::PreviousWeek,        "previous week",                         "week"),
    d("next_week",       &["]"],          A::NextWeek,            "next week",                             "week"),
    d("this_week",       &["t"],          A::ThisWeek,            "this week, now",                        "today"),
    d("go_to_date",      &[":"],          A::GoToDate,            "go to a date",                          "date"),
    d("next_item",       &["n"],          A::NextItem,            "next block or event",                   "next"),
    d("previous_item",   &["p", "N"],     A::PreviousItem,        "previous block or event",               "previous"),
    d("new_block",       &["b"],          A::NewBlock,            "new block at the cursor",               "new block"),
    d("open",            &["enter"],      A::OpenItem,            "details of the block or event",         "details"),
    d("skip",            &["x"],          A::SkipOccurrence,      "skip this occurrence (asks why)",       "skip"),
    d("move",            &["m"],          A::MoveOccurrence,      "move this occurrence",                  "move"),
    d("kept",            &["y"],          A::MarkKept,            "mark kept",                             "kept"),
    d("partly_kept",     &["u"],          A::MarkPartlyKept,      "mark partly kept (asks minutes)",       "partly"),
    d("clear_mark",      &["c"],          A::ClearMark,           "clear kept / skipped",                  "clear"),
    d("edit",            &["e"],          A::EditBlock,           "edit the block",                        "edit"),
    d("delete",          &["d"],          A::DeleteBlock,         "delete (asks: this one or the series)", "delete"),
    d("series_category", &["a"],          A::CycleSeriesCategory, "event: next category, whole series",    "classify the series"),
    d("event_category",  &["A"],          A::CycleEventCategory,  "event: next category, this one only",   "this one"),
];

#[rustfmt::skip]
static DETAILS: &[Default] = &[
    d("kept",            &["y"],                   A::MarkKept,       "kept",            "kept"),
    d("partly_kept",     &["u"],                   A::MarkPartlyKept, "partly kept…",    "partly"),
    d("skip",            &["x"],                   A::SkipOccurrence, "skip…",           "skip"),
    d("clear_mark",      &["c"],                   A::ClearMark,      "clear the mark",  "clear"),
    d("move",            &["m"],                   A::MoveOccurrence, "move…",           "move"),
    d("edit",            &["e"],                   A::EditBlock,      "edit…",           "edit"),
    d("delete",          &["d"],                   A::DeleteBlock,    "delete…",         "delete"),
    d("close",           &["esc", "enter", "q"],   A::CloseOverlay,   "close",           "close"),
];

#[rustfmt::skip]
static AUDIT: &[Default] = &[
    d("previous_week",   &["["],            A::PreviousWeek,                     "previous week",                          "week"),
    d("next_week",       &["]"],            A::NextWeek,                         "next week",                              "week"),
    d("this_week",       &["t"],            A::ThisWeek,                         "this week",                              "this week"),
    d("down",            &["j", "down"],    A::CursorDown,                       "next series",                            "move"),
    d("up",              &["k", "up"],      A::CursorUp,                         "previous series",                        "move"),
    d("other_panel",     &["left", "right"], A::CursorRight,                 "the other list: unclassified / most hours", "other list"),
    d("managing",        &["m"],            A::ClassifyAs(Category::Managing),  "its series is managing",                 "managing"),
    d("leading",         &["l"],            A::ClassifyAs(Category::Leading),   "its series is leading",                  "leading"),
    d("not_work",        &["x"],            A::ClassifyAs(Category::Excluded),  "its series is not work",                 "not work"),
    d("to_rules",        &["r"],            A::ReturnToRules,                    "hand its series back to the rules",      "rules"),
    d("undo",            &["u"],            A::Undo,                             "undo the last classification",           "undo"),
];

#[rustfmt::skip]
static PEOPLE: &[Default] = &[
    d("down",             &["j", "down"], A::CursorDown,       "next person",                         "move"),
    d("up",               &["k", "up"],   A::CursorUp,         "previous person",                     "move"),
    d("new_conversation", &["n"],         A::NewConversation,  "new conversation with them",          "conversation"),
    d("rename",           &["r"],         A::RenamePerson,     "rename them (the old name stays theirs)", "rename"),
    d("merge",            &["M"],         A::MergePerson,      "merge them into someone else",        "merge"),
    d("link_address",     &["L"],         A::LinkAddress,      "link a calendar address to them",     "address"),
    d("direct_report",    &["R"],         A::ToggleReport,     "mark or unmark as a direct report",   "report"),
    d("agenda_add",       &["a"],         A::AddAgendaItem,    "add something to raise at their next 1:1", "add to agenda"),
    d("agenda_done",      &["x"],         A::AgendaDone,       "mark the agenda's top item discussed", "discussed"),
    d("delegate",         &["D"],         A::NewDelegation,    "delegate a task to them (with what done looks like)", "delegate"),
    d("close_delegation", &["F"],         A::CloseDelegation,  "close a delegation: done or dropped", "close"),
];

#[rustfmt::skip]
static CONVERSATIONS: &[Default] = &[
    d("down",             &["j", "down"],     A::CursorDown,         "next conversation",          "move"),
    d("up",               &["k", "up"],       A::CursorUp,           "previous conversation",      "move"),
    d("new",              &["n"],             A::NewConversation,    "new conversation",           "new"),
    d("open",             &["enter", "e"],    A::OpenConversation,   "prepare or record it",       "write"),
    d("held",             &["h"],             A::MarkHeld,           "mark held now, then record it", "held"),
    d("follow_up",        &["f"],             A::SetFollowUp,        "set the follow-up date and notes", "follow-up"),
    d("followed_up",      &["u"],             A::MarkFollowedUp,     "the follow-up happened",     "followed up"),
    d("close",            &["c"],             A::CloseConversation,  "close it",                   "close"),
    d("cancel",           &["x"],             A::CancelConversation, "cancel it",                  "cancel"),
    d("scroll_down",      &["J"],             A::ScrollPreviewDown,  "scroll the preview down",    "scroll"),
    d("scroll_up",        &["K"],             A::ScrollPreviewUp,    "scroll the preview up",      "scroll"),
];

#[rustfmt::skip]
static CONVERSATION: &[Default] = &[
    d("next_field",      &["tab"],       A::NextField,     "next field",                           "next field"),
    d("previous_field",  &["shift-tab"], A::PreviousField, "previous field",                       "previous field"),
    d("save",            &["ctrl-s"],    A::Save,          "save now (it also saves as you type)", "save"),
    d("external_editor", &["ctrl-o"],    A::OpenExternalEditor, "continue this field in $EDITOR",  "$EDITOR"),
    d("done",            &["esc"],       A::Back,          "save and go back to the list",         "done"),
    d("help",            &["f1"],        A::ToggleHelp,    "this help",                            "help"),
    d("quit",            &["ctrl-c"],    A::Quit,          "quit (saved first)",                   "quit"),
];

#[rustfmt::skip]
static HISTORY: &[Default] = &[
    d("down",            &["j", "down"],     A::CursorDown,         "next (older)",                     "move"),
    d("up",              &["k", "up"],       A::CursorUp,           "previous (newer)",                 "move"),
    d("page_down",       &["pagedown"],      A::PageDown,           "ten down",                         "page"),
    d("page_up",         &["pageup"],        A::PageUp,             "ten up",                           "page"),
    d("newest",          &["g", "home"],     A::First,              "newest",                           "newest"),
    d("oldest",          &["G", "end"],      A::Last,               "oldest",                           "oldest"),
    d("search",          &["/"],             A::StartSearch,        "search",                           "search"),
    d("close_search",    &["esc"],           A::Back,               "close the search",                 "close"),
    d("filter",          &["f"],             A::OpenFilter,         "filter: tag, person, kind, dates", "filter"),
    d("clear_filters",   &["F"],             A::ClearFilters,       "remove the filters",               "no filter"),
    d("on_this_day",     &["o"],             A::ToggleOnThisDay,    "on this day, or all again",        "this day"),
    d("go_to_date",      &[":"],             A::GoToDate,           "go to a date",                     "date"),
    d("edit",            &["enter", "i"],    A::OpenItem,           "edit here (a conversation opens on its screen)", "edit"),
    d("external_editor", &["e"],             A::OpenExternalEditor, "edit in $EDITOR",                  "$EDITOR"),
    d("delete",          &["d"],             A::DeleteItem,         "delete (asks first)",              "delete"),
    d("scroll_down",     &["J"],             A::ScrollPreviewDown,  "scroll the preview down",          "scroll"),
    d("scroll_up",       &["K"],             A::ScrollPreviewUp,    "scroll the preview up",            "scroll"),
];

#[rustfmt::skip]
static SEARCH: &[Default] = &[
    d("keep",            &["enter"],  A::FinishSearch, "keep the results, move through them", "keep"),
    d("close",           &["esc"],    A::Back,         "close the search",                    "close"),
    d("down",            &["down"],   A::CursorDown,   "next result",                         "results"),
    d("up",              &["up"],     A::CursorUp,     "previous result",                     "results"),
    d("clear",           &["ctrl-l"], A::ClearField,   "empty the search",                    "clear"),
    d("help",            &["f1"],     A::ToggleHelp,   "this help",                           "help"),
    d("quit",            &["ctrl-c"], A::Quit,         "quit",                                "quit"),
];

#[rustfmt::skip]
static REVIEW: &[Default] = &[
    d("answer",            &["enter", "i", "a"],   A::StartWriting,  "answer the questions",   "answer"),
    d("previous_week",     &["[", "h", "left"],    A::PreviousWeek,  "previous week",          "week"),
    d("next_week",         &["]", "l", "right"],   A::NextWeek,      "next week",              "week"),
    d("this_week",         &["t"],                 A::ThisWeek,      "the week to review now", "now"),
    d("next_question",     &["j", "down"],         A::NextField,     "next question",          "question"),
    d("previous_question", &["k", "up"],           A::PreviousField, "previous question",      "question"),
];

#[rustfmt::skip]
static ANSWERING: &[Default] = &[
    d("next_question",     &["tab"],       A::NextField,     "next question",                        "next"),
    d("previous_question", &["shift-tab"], A::PreviousField, "previous question",                    "previous"),
    d("save",              &["ctrl-s"],    A::Save,          "save now (it also saves as you type)", "save"),
    d("done",              &["esc"],       A::Back,          "save and stop writing",                "done"),
    d("help",              &["f1"],        A::ToggleHelp,    "this help",                            "help"),
    d("quit",              &["ctrl-c"],    A::Quit,          "quit (saved first)",                   "quit"),
];

#[rustfmt::skip]
static CALENDARS: &[Default] = &[
    d("down",    &["j", "down"], A::CursorDown,        "next calendar (or block)",                         "move"),
    d("up",      &["k", "up"],   A::CursorUp,          "previous calendar (or block)",                     "move"),
    d("first",   &["g", "home"], A::First,             "first calendar (or block)",                        "first"),
    d("last",    &["G", "end"],  A::Last,              "last calendar (or block)",                         "last"),
    d("role",    &["u"],         A::CycleCalendarRole, "next role of an account's calendar: read, both, blocks, unused", "role"),
    d("refresh", &["r"],         A::RefreshCalendars,  "read every calendar again now, in the background", "refresh"),
    d("previous_list", &["h", "left"], A::CursorLeft,  "the other list: calendars / published blocks",     "list"),
    d("next_list", &["l", "right"], A::CursorRight,    "the other list: published blocks / calendars",     "list"),
    d("keep_mine",   &["m"],     A::KeepMine,          "conflict: keep bearing's version (asks first)",    "keep mine"),
    d("keep_theirs", &["t"],     A::KeepTheirs,        "conflict: take the calendar's version (asks first)", "keep theirs"),
    d("publish_again", &["p"],   A::PublishAgain,      "block deleted in the calendar: publish it again (asks first)", "publish again"),
    d("stop_publishing", &["s"], A::StopPublishing,    "stop publishing: the block comes off the calendar (asks first)", "stop publishing"),
];

#[rustfmt::skip]
static FORM: &[Default] = &[
    d("save",            &["enter", "ctrl-s"],  A::Save,          "save",            "save"),
    d("next_field",      &["tab", "down"],      A::NextField,     "next field",      "next field"),
    d("previous_field",  &["shift-tab", "up"],  A::PreviousField, "previous field",  "previous field"),
    d("clear",           &["ctrl-l"],           A::ClearField,    "empty the field", "clear"),
    d("cancel",          &["esc"],              A::CancelForm,    "cancel",          "cancel"),
    d("quit",            &["ctrl-c"],           A::Quit,          "quit",            "quit"),
];

#[rustfmt::skip]
static DELETE_SCOPE: &[Default] = &[
    d("this_one",        &["o"],         A::ChooseThisOccurrence, "this occurrence",        "this one"),
    d("following",       &["f"],         A::ChooseFollowing,      "this and the following", "this and following"),
    d("all",             &["a"],         A::ChooseAll,            "the whole series",       "all"),
    d("keep",            &["esc", "n"],  A::CloseOverlay,         "keep it",                "keep"),
];

#[rustfmt::skip]
static DELETE_ONE: &[Default] = &[
    d("delete",          &["y"],         A::Confirm,      "delete",  "delete"),
    d("keep",            &["esc", "n"],  A::CloseOverlay, "keep it", "keep"),
];

#[rustfmt::skip]
static EDIT_SCOPE: &[Default] = &[
    d("following",       &["f"],         A::ChooseFollowing, "this and the following (a new series)", "this and following"),
    d("all",             &["a"],         A::ChooseAll,       "the whole series",                      "all"),
    d("cancel",          &["esc", "n"],  A::CloseOverlay,    "cancel",                                "cancel"),
];

#[rustfmt::skip]
static CONFIRM: &[Default] = &[
    d("yes",             &["y"],         A::Confirm,      "yes", "yes"),
    d("no",              &["n", "esc"],  A::CloseOverlay, "no",  "no"),
];

#[rustfmt::skip]
static HELP: &[Default] = &[
    d("down",            &["j", "down"],               A::ScrollHelpDown, "scroll down", "scroll"),
    d("up",              &["k", "up"],                 A::ScrollHelpUp,   "scroll up",   "scroll"),
    d("close",           &["esc", "?", "q", "f1"],     A::CloseOverlay,   "close",       "close"),
];

/// Editing keys the text editor widget itself handles, for the help.
pub const EDITOR_KEYS: &[(&str, &str)] = &[
    ("← → ↑ ↓", "move (by wrapped line)"),
    ("Home End", "start / end of line"),
    ("Ctrl-← Ctrl-→", "word left / right"),
    ("Enter", "new line"),
    ("Ctrl-W", "delete word before"),
    ("Ctrl-U Ctrl-R", "undo / redo"),
    ("PgUp PgDn", "scroll"),
];
