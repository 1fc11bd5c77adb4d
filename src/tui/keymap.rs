//! Which key does what, per screen and mode. The same table drives key handling and the
//! `?` help overlay, so the help always lists every key that works.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui_textarea::Input;

use super::action::Action;
use super::app::{App, Mode, Overlay, Screen};
use crate::domain::event::Category;

/// One key: a code and the modifiers held with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key itself.
    pub code: KeyCode,
    /// Ctrl, Alt, Shift.
    pub modifiers: KeyModifiers,
}

impl Key {
    const fn plain(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::NONE,
        }
    }
    const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::CONTROL,
        }
    }
    const fn code(code: KeyCode) -> Key {
        Key {
            code,
            modifiers: KeyModifiers::NONE,
        }
    }

    fn matches(&self, event: &KeyEvent) -> bool {
        // Shifted letters arrive as the upper-case char, sometimes with SHIFT set.
        let mods = event.modifiers - KeyModifiers::SHIFT;
        let want = self.modifiers - KeyModifiers::SHIFT;
        let code = match (event.code, mods.contains(KeyModifiers::CONTROL)) {
            (KeyCode::Char(c), true) => KeyCode::Char(c.to_ascii_lowercase()),
            (code, _) => code,
        };
        self.code == code && want == mods
    }

    /// How the key is written in the help, e.g. `Ctrl-S`, `↓`, `j`.
    pub fn label(&self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if self.modifiers.contains(KeyModifiers::CONTROL) => {
                c.to_ascii_uppercase().to_string()
            }
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{name}")
        } else {
            name
        }
    }
}

/// Keys bound to one action, with the help text for it.
#[derive(Debug, Clone)]
pub struct Binding {
    /// The keys that trigger it.
    pub keys: &'static [Key],
    /// What it does.
    pub action: Action,
    /// The help overlay's description.
    pub help: &'static str,
}

const fn bind(keys: &'static [Key], action: Action, help: &'static str) -> Binding {
    Binding { keys, action, help }
}

/// Keys that work on every screen while browsing.
pub static GLOBAL: &[Binding] = &[
    bind(
        &[Key::plain('1')],
        Action::ShowScreen(Screen::Today),
        "Today",
    ),
    bind(&[Key::plain('2')], Action::ShowScreen(Screen::Week), "Week"),
    bind(
        &[Key::plain('3')],
        Action::ShowScreen(Screen::Audit),
        "Audit",
    ),
    bind(
        &[Key::plain('4')],
        Action::ShowScreen(Screen::People),
        "People",
    ),
    bind(
        &[Key::plain('5')],
        Action::ShowScreen(Screen::Conversations),
        "Conversations",
    ),
    bind(
        &[Key::plain('6')],
        Action::ShowScreen(Screen::History),
        "History",
    ),
    bind(
        &[Key::plain('7')],
        Action::ShowScreen(Screen::Review),
        "Weekly review",
    ),
    bind(&[Key::code(KeyCode::Tab)], Action::NextScreen, "next tab"),
    bind(
        &[Key::code(KeyCode::BackTab)],
        Action::PreviousScreen,
        "previous tab",
    ),
    bind(
        &[Key::plain('?'), Key::code(KeyCode::F(1))],
        Action::ToggleHelp,
        "this help",
    ),
    bind(
        &[Key::plain('q'), Key::ctrl('c')],
        Action::Quit,
        "quit (the draft is kept)",
    ),
];

/// Keys of the Today screen while browsing.
pub static TODAY_NORMAL: &[Binding] = &[
    bind(
        &[Key::plain('i'), Key::plain('a'), Key::code(KeyCode::Enter)],
        Action::StartWriting,
        "write in the editor",
    ),
    bind(
        &[Key::ctrl('s')],
        Action::SaveReflection,
        "save the editor's text as an entry",
    ),
    bind(
        &[Key::plain('t')],
        Action::CycleEntryKind,
        "save as reflection / note",
    ),
    bind(
        &[Key::plain('e')],
        Action::OpenExternalEditor,
        "edit the draft in $EDITOR",
    ),
    bind(
        &[Key::plain('D')],
        Action::DiscardDraft,
        "discard the draft (asks first)",
    ),
    bind(&[Key::plain('n')], Action::NextPrompt, "another prompt"),
    bind(
        &[Key::plain('p'), Key::plain('N')],
        Action::PreviousPrompt,
        "previous prompt",
    ),
    bind(
        &[Key::plain('j'), Key::code(KeyCode::Down)],
        Action::SelectNextEntry,
        "next entry",
    ),
    bind(
        &[Key::plain('k'), Key::code(KeyCode::Up)],
        Action::SelectPreviousEntry,
        "previous entry",
    ),
    bind(
        &[Key::plain('g'), Key::code(KeyCode::Home)],
        Action::SelectFirstEntry,
        "first entry",
    ),
    bind(
        &[Key::plain('G'), Key::code(KeyCode::End)],
        Action::SelectLastEntry,
        "last entry",
    ),
];

/// Keys of the Today screen while writing. Other keys edit the text.
pub static TODAY_EDITING: &[Binding] = &[
    bind(
        &[Key::code(KeyCode::Esc)],
        Action::StopWriting,
        "stop writing (the draft is kept)",
    ),
    bind(
        &[Key::ctrl('s')],
        Action::SaveReflection,
        "save as an entry",
    ),
    bind(
        &[Key::ctrl('t')],
        Action::CycleEntryKind,
        "save as reflection / note",
    ),
    bind(
        &[Key::ctrl('o')],
        Action::OpenExternalEditor,
        "continue in $EDITOR",
    ),
    bind(&[Key::code(KeyCode::F(1))], Action::ToggleHelp, "this help"),
    bind(&[Key::ctrl('c')], Action::Quit, "quit (the draft is kept)"),
];

/// Editing keys the text editor widget itself handles, for the help overlay.
pub const EDITOR_KEYS: &[(&str, &str)] = &[
    ("← → ↑ ↓", "move (by wrapped line)"),
    ("Home End", "start / end of line"),
    ("Ctrl-← Ctrl-→", "word left / right"),
    ("Enter", "new line"),
    ("Ctrl-W", "delete word before"),
    ("Ctrl-U Ctrl-R", "undo / redo"),
    ("PgUp PgDn", "scroll"),
];

/// Keys of the Week screen.
pub static WEEK: &[Binding] = &[
    bind(
        &[Key::plain('h'), Key::code(KeyCode::Left)],
        Action::CursorLeft,
        "day before",
    ),
    bind(
        &[Key::plain('l'), Key::code(KeyCode::Right)],
        Action::CursorRight,
        "day after",
    ),
    bind(
        &[Key::plain('k'), Key::code(KeyCode::Up)],
        Action::CursorUp,
        "half an hour earlier",
    ),
    bind(
        &[Key::plain('j'), Key::code(KeyCode::Down)],
        Action::CursorDown,
        "half an hour later",
    ),
    bind(&[Key::plain('[')], Action::PreviousWeek, "previous week"),
    bind(&[Key::plain(']')], Action::NextWeek, "next week"),
    bind(&[Key::plain('t')], Action::ThisWeek, "this week, now"),
    bind(&[Key::plain('n')], Action::NextItem, "next block"),
    bind(
        &[Key::plain('p'), Key::plain('N')],
        Action::PreviousItem,
        "previous block",
    ),
    bind(
        &[Key::plain('b')],
        Action::NewBlock,
        "new block at the cursor",
    ),
    bind(
        &[Key::code(KeyCode::Enter)],
        Action::OpenItem,
        "open the block",
    ),
    bind(
        &[Key::plain('x')],
        Action::SkipOccurrence,
        "skip this occurrence (asks why)",
    ),
    bind(
        &[Key::plain('m')],
        Action::MoveOccurrence,
        "move this occurrence",
    ),
    bind(&[Key::plain('y')], Action::MarkKept, "mark kept"),
    bind(
        &[Key::plain('u')],
        Action::MarkPartlyKept,
        "mark partly kept (asks minutes)",
    ),
    bind(
        &[Key::plain('c')],
        Action::ClearMark,
        "clear kept / skipped",
    ),
    bind(&[Key::plain('e')], Action::EditBlock, "edit the block"),
    bind(
        &[Key::plain('d')],
        Action::DeleteBlock,
        "delete (asks: this one or the series)",
    ),
    bind(
        &[Key::plain('a')],
        Action::CycleSeriesCategory,
        "event: next category, whole series",
    ),
    bind(
        &[Key::plain('A')],
        Action::CycleEventCategory,
        "event: next category, this one only",
    ),
];

/// Keys of the Audit screen.
pub static AUDIT: &[Binding] = &[
    bind(&[Key::plain('[')], Action::PreviousWeek, "previous week"),
    bind(&[Key::plain(']')], Action::NextWeek, "next week"),
    bind(&[Key::plain('t')], Action::ThisWeek, "this week"),
    bind(
        &[Key::plain('j'), Key::code(KeyCode::Down)],
        Action::CursorDown,
        "next unclassified event",
    ),
    bind(
        &[Key::plain('k'), Key::code(KeyCode::Up)],
        Action::CursorUp,
        "previous unclassified event",
    ),
    bind(
        &[Key::plain('m')],
        Action::ClassifyAs(Category::Managing),
        "its series is managing",
    ),
    bind(
        &[Key::plain('l')],
        Action::ClassifyAs(Category::Leading),
        "its series is leading",
    ),
    bind(
        &[Key::plain('x')],
        Action::ClassifyAs(Category::Excluded),
        "its series is not work",
    ),
];

/// Keys of the People screen.
pub static PEOPLE: &[Binding] = &[
    bind(
        &[Key::plain('j'), Key::code(KeyCode::Down)],
        Action::CursorDown,
        "next person",
    ),
    bind(
        &[Key::plain('k'), Key::code(KeyCode::Up)],
        Action::CursorUp,
        "previous person",
    ),
];

/// Keys of the Conversations screen.
pub static CONVERSATIONS: &[Binding] = &[
    bind(
        &[Key::plain('j'), Key::code(KeyCode::Down)],
        Action::CursorDown,
        "next conversation",
    ),
    bind(
        &[Key::plain('k'), Key::code(KeyCode::Up)],
        Action::CursorUp,
        "previous conversation",
    ),
    bind(
        &[Key::plain('n')],
        Action::NewConversation,
        "new conversation",
    ),
    bind(
        &[Key::code(KeyCode::Enter), Key::plain('e')],
        Action::OpenConversation,
        "prepare or record it",
    ),
    bind(&[Key::plain('h')], Action::MarkHeld, "mark held now"),
    bind(
        &[Key::plain('f')],
        Action::SetFollowUp,
        "set the follow-up date",
    ),
    bind(
        &[Key::plain('d')],
        Action::MarkFollowedUp,
        "the follow-up happened",
    ),
    bind(&[Key::plain('c')], Action::CloseConversation, "close it"),
    bind(&[Key::plain('x')], Action::CancelConversation, "cancel it"),
];

/// Keys while writing a conversation. Other keys edit the field.
pub static CONVO_EDITING: &[Binding] = &[
    bind(&[Key::code(KeyCode::Tab)], Action::NextField, "next field"),
    bind(
        &[Key::code(KeyCode::BackTab)],
        Action::PreviousField,
        "previous field",
    ),
    bind(
        &[Key::ctrl('s')],
        Action::SaveReflection,
        "save now (it also saves as you type)",
    ),
    bind(
        &[Key::code(KeyCode::Esc)],
        Action::CloseEditor,
        "save and go back to the list",
    ),
    bind(&[Key::code(KeyCode::F(1))], Action::ToggleHelp, "this help"),
    bind(&[Key::ctrl('c')], Action::Quit, "quit (saved first)"),
];

/// Keys of the History screen.
pub static HISTORY: &[Binding] = &[
    bind(
        &[Key::plain('j'), Key::code(KeyCode::Down)],
        Action::CursorDown,
        "next (older)",
    ),
    bind(
        &[Key::plain('k'), Key::code(KeyCode::Up)],
        Action::CursorUp,
        "previous (newer)",
    ),
    bind(
        &[Key::code(KeyCode::PageDown), Key::ctrl('d')],
        Action::PageDown,
        "ten down",
    ),
    bind(
        &[Key::code(KeyCode::PageUp), Key::ctrl('u')],
        Action::PageUp,
        "ten up",
    ),
    bind(
        &[Key::code(KeyCode::Home)],
        Action::SelectFirstEntry,
        "newest",
    ),
    bind(
        &[Key::code(KeyCode::End), Key::plain('G')],
        Action::SelectLastEntry,
        "oldest",
    ),
    bind(&[Key::plain('/')], Action::StartSearch, "search"),
    bind(
        &[Key::code(KeyCode::Esc)],
        Action::CloseEditor,
        "close the search",
    ),
    bind(
        &[Key::plain('f')],
        Action::OpenFilter,
        "filter: tag, person, kind, dates",
    ),
    bind(
        &[Key::plain('F')],
        Action::ClearFilters,
        "remove the filters",
    ),
    bind(
        &[Key::plain('o')],
        Action::ToggleOnThisDay,
        "on this day, or all again",
    ),
    bind(&[Key::plain('g')], Action::GoToDate, "go to a date"),
    bind(
        &[Key::code(KeyCode::Enter), Key::plain('i')],
        Action::OpenItem,
        "edit here (a conversation opens on its screen)",
    ),
    bind(
        &[Key::plain('e')],
        Action::OpenExternalEditor,
        "edit in $EDITOR",
    ),
    bind(
        &[Key::plain('d')],
        Action::DeleteItem,
        "delete (asks first)",
    ),
    bind(
        &[Key::plain('J')],
        Action::ScrollPreviewDown,
        "scroll the preview down",
    ),
    bind(
        &[Key::plain('K')],
        Action::ScrollPreviewUp,
        "scroll the preview up",
    ),
];

/// Keys while typing a search. Other keys type.
pub static HISTORY_SEARCH: &[Binding] = &[
    bind(
        &[Key::code(KeyCode::Enter)],
        Action::FinishSearch,
        "keep the results, move through them",
    ),
    bind(
        &[Key::code(KeyCode::Esc)],
        Action::CloseEditor,
        "close the search",
    ),
    bind(
        &[Key::code(KeyCode::Down)],
        Action::CursorDown,
        "next result",
    ),
    bind(
        &[Key::code(KeyCode::Up)],
        Action::CursorUp,
        "previous result",
    ),
    bind(&[Key::code(KeyCode::F(1))], Action::ToggleHelp, "this help"),
    bind(&[Key::ctrl('c')], Action::Quit, "quit"),
];

/// Keys while editing an entry on the History screen. Other keys edit.
pub static HISTORY_EDITING: &[Binding] = &[
    bind(
        &[Key::ctrl('s')],
        Action::SaveReflection,
        "save now (it also saves as you type)",
    ),
    bind(
        &[Key::code(KeyCode::Esc)],
        Action::CloseEditor,
        "save and go back to the list",
    ),
    bind(&[Key::code(KeyCode::F(1))], Action::ToggleHelp, "this help"),
    bind(&[Key::ctrl('c')], Action::Quit, "quit (saved first)"),
];

/// Keys of the Review screen while reading.
pub static REVIEW: &[Binding] = &[
    bind(
        &[Key::code(KeyCode::Enter), Key::plain('i'), Key::plain('a')],
        Action::StartWriting,
        "answer the questions",
    ),
    bind(
        &[Key::plain('['), Key::plain('h'), Key::code(KeyCode::Left)],
        Action::PreviousWeek,
        "previous week",
    ),
    bind(
        &[Key::plain(']'), Key::plain('l'), Key::code(KeyCode::Right)],
        Action::NextWeek,
        "next week",
    ),
    bind(
        &[Key::plain('t')],
        Action::ThisWeek,
        "the week to review now",
    ),
    bind(
        &[Key::plain('j'), Key::code(KeyCode::Down)],
        Action::NextField,
        "next question",
    ),
    bind(
        &[Key::plain('k'), Key::code(KeyCode::Up)],
        Action::PreviousField,
        "previous question",
    ),
];

/// Keys while answering the review. Other keys edit the answer.
pub static REVIEW_EDITING: &[Binding] = &[
    bind(
        &[Key::code(KeyCode::Tab)],
        Action::NextField,
        "next question",
    ),
    bind(
        &[Key::code(KeyCode::BackTab)],
        Action::PreviousField,
        "previous question",
    ),
    bind(
        &[Key::ctrl('s')],
        Action::SaveReflection,
        "save now (it also saves as you type)",
    ),
    bind(
        &[Key::code(KeyCode::Esc)],
        Action::CloseEditor,
        "save and stop writing",
    ),
    bind(&[Key::code(KeyCode::F(1))], Action::ToggleHelp, "this help"),
    bind(&[Key::ctrl('c')], Action::Quit, "quit (saved first)"),
];

/// Keys of the selected block's details window.
pub static DETAILS: &[Binding] = &[
    bind(&[Key::plain('x')], Action::SkipOccurrence, "skip"),
    bind(&[Key::plain('m')], Action::MoveOccurrence, "move"),
    bind(&[Key::plain('y')], Action::MarkKept, "kept"),
    bind(&[Key::plain('u')], Action::MarkPartlyKept, "partly kept"),
    bind(&[Key::plain('c')], Action::ClearMark, "clear the mark"),
    bind(&[Key::plain('e')], Action::EditBlock, "edit"),
    bind(&[Key::plain('d')], Action::DeleteBlock, "delete"),
    bind(
        &[
            Key::code(KeyCode::Esc),
            Key::code(KeyCode::Enter),
            Key::plain('q'),
        ],
        Action::CloseOverlay,
        "close",
    ),
];

/// Keys of a form. Other keys type into the focused field.
pub static FORM: &[Binding] = &[
    bind(
        &[Key::code(KeyCode::Enter), Key::ctrl('s')],
        Action::SubmitForm,
        "save",
    ),
    bind(
        &[Key::code(KeyCode::Tab), Key::code(KeyCode::Down)],
        Action::NextField,
        "next field",
    ),
    bind(
        &[Key::code(KeyCode::BackTab), Key::code(KeyCode::Up)],
        Action::PreviousField,
        "previous field",
    ),
    bind(&[Key::ctrl('u')], Action::ClearField, "empty the field"),
    bind(&[Key::code(KeyCode::Esc)], Action::CancelForm, "cancel"),
    bind(&[Key::ctrl('c')], Action::Quit, "quit"),
];

/// Keys of the "which occurrences?" question when deleting from a series.
pub static DELETE_SCOPE: &[Binding] = &[
    bind(
        &[Key::plain('o')],
        Action::ChooseThisOccurrence,
        "this occurrence",
    ),
    bind(
        &[Key::plain('f')],
        Action::ChooseFollowing,
        "this and the following",
    ),
    bind(&[Key::plain('a')], Action::ChooseAll, "the whole series"),
    bind(
        &[Key::code(KeyCode::Esc), Key::plain('n')],
        Action::CloseOverlay,
        "keep it",
    ),
];

/// Keys of the "delete this block?" question for a one-off.
pub static DELETE_ONE: &[Binding] = &[
    bind(&[Key::plain('y')], Action::Confirm, "delete"),
    bind(
        &[Key::code(KeyCode::Esc), Key::plain('n')],
        Action::CloseOverlay,
        "keep it",
    ),
];

/// Keys of the "which occurrences?" question after an edit.
pub static EDIT_SCOPE: &[Binding] = &[
    bind(
        &[Key::plain('f')],
        Action::ChooseFollowing,
        "this and the following",
    ),
    bind(&[Key::plain('a')], Action::ChooseAll, "the whole series"),
    bind(
        &[Key::code(KeyCode::Esc), Key::plain('n')],
        Action::CloseOverlay,
        "cancel",
    ),
];

/// Keys of the help overlay.
pub static HELP: &[Binding] = &[
    bind(
        &[Key::plain('j'), Key::code(KeyCode::Down)],
        Action::ScrollHelpDown,
        "scroll down",
    ),
    bind(
        &[Key::plain('k'), Key::code(KeyCode::Up)],
        Action::ScrollHelpUp,
        "scroll up",
    ),
    bind(
        &[
            Key::code(KeyCode::Esc),
            Key::plain('?'),
            Key::plain('q'),
            Key::code(KeyCode::F(1)),
        ],
        Action::CloseOverlay,
        "close",
    ),
];

/// Keys of a yes/no question.
pub static CONFIRM: &[Binding] = &[
    bind(&[Key::plain('y')], Action::Confirm, "yes"),
    bind(
        &[Key::plain('n'), Key::code(KeyCode::Esc)],
        Action::CloseOverlay,
        "no",
    ),
];

fn find(tables: &[&[Binding]], event: &KeyEvent) -> Option<Action> {
    tables
        .iter()
        .flat_map(|t| t.iter())
        .find(|b| b.keys.iter().any(|k| k.matches(event)))
        .map(|b| b.action.clone())
}

/// The action for a key event in the app's current state, if any.
pub fn resolve(app: &App, event: KeyEvent) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    if let Some(overlay) = &app.overlay {
        let table: &[Binding] = match overlay {
            Overlay::Help => HELP,
            Overlay::ConfirmDiscard => CONFIRM,
            Overlay::Details => DETAILS,
            Overlay::DeleteScope {
                repeating: true, ..
            } => DELETE_SCOPE,
            Overlay::DeleteScope {
                repeating: false, ..
            } => DELETE_ONE,
            Overlay::EditScope { .. } => EDIT_SCOPE,
            Overlay::ConfirmDelete(_) => CONFIRM,
        };
        return find(&[table], &event);
    }
    if app.form.is_some() {
        return find(&[FORM], &event).or(Some(Action::EditText(Input::from(event))));
    }
    match (app.screen, app.mode) {
        (Screen::Today, Mode::Editing) => {
            find(&[TODAY_EDITING], &event).or(Some(Action::EditText(Input::from(event))))
        }
        (Screen::Today, Mode::Normal) => find(&[TODAY_NORMAL, GLOBAL], &event),
        (Screen::Week, _) => find(&[WEEK, GLOBAL], &event),
        (Screen::Audit, _) => find(&[AUDIT, GLOBAL], &event),
        (Screen::People, _) => find(&[PEOPLE, GLOBAL], &event),
        (Screen::Conversations, _) if app.conversations.editor.is_some() => {
            find(&[CONVO_EDITING], &event).or(Some(Action::EditText(Input::from(event))))
        }
        (Screen::Conversations, _) => find(&[CONVERSATIONS, GLOBAL], &event),
        (Screen::History, _) if app.history.editor.is_some() => {
            find(&[HISTORY_EDITING], &event).or(Some(Action::EditText(Input::from(event))))
        }
        (Screen::History, _) if app.history.search.as_ref().is_some_and(|s| s.typing) => {
            find(&[HISTORY_SEARCH], &event).or(Some(Action::EditText(Input::from(event))))
        }
        (Screen::History, _) => find(&[HISTORY, GLOBAL], &event),
        (Screen::Review, _) if app.review.editing => {
            find(&[REVIEW_EDITING], &event).or(Some(Action::EditText(Input::from(event))))
        }
        (Screen::Review, _) => find(&[REVIEW, GLOBAL], &event),
    }
}

type Section = (&'static str, Vec<(String, &'static str)>);

/// The sections of the help overlay for the current screen and mode: a title and
/// (keys, what) rows.
pub fn help_sections(app: &App) -> Vec<Section> {
    let rows = |table: &[Binding]| -> Vec<(String, &'static str)> {
        table
            .iter()
            .map(|b| {
                (
                    b.keys.iter().map(Key::label).collect::<Vec<_>>().join(" "),
                    b.help,
                )
            })
            .collect()
    };
    let editor: Vec<(String, &'static str)> = EDITOR_KEYS
        .iter()
        .map(|(k, h)| ((*k).to_string(), *h))
        .collect();
    let writing = (
        "While writing",
        [rows(TODAY_EDITING), editor.clone()].concat(),
    );
    let everywhere = ("Every screen", rows(GLOBAL));
    let help = ("In this help", rows(HELP));
    match (app.screen, app.mode) {
        (Screen::Today, Mode::Normal) => {
            vec![("Today", rows(TODAY_NORMAL)), writing, everywhere, help]
        }
        (Screen::Today, Mode::Editing) => {
            vec![writing, ("Today", rows(TODAY_NORMAL)), everywhere, help]
        }
        (Screen::Week, _) => vec![
            ("Week", rows(WEEK)),
            ("In a form", rows(FORM)),
            (
                "Deleting or editing a repeating block",
                [rows(DELETE_SCOPE)].concat(),
            ),
            everywhere,
            help,
        ],
        (Screen::Audit, _) => vec![("Audit", rows(AUDIT)), everywhere, help],
        (Screen::People, _) => vec![("People", rows(PEOPLE)), everywhere, help],
        (Screen::History, _) => vec![
            ("History", rows(HISTORY)),
            ("Typing a search", rows(HISTORY_SEARCH)),
            (
                "Editing an entry",
                [rows(HISTORY_EDITING), editor.clone()].concat(),
            ),
            ("In a form", rows(FORM)),
            everywhere,
            help,
        ],
        (Screen::Review, _) => vec![
            ("Weekly review", rows(REVIEW)),
            ("Answering", [rows(REVIEW_EDITING), editor.clone()].concat()),
            everywhere,
            help,
        ],
        (Screen::Conversations, _) => vec![
            ("Conversations", rows(CONVERSATIONS)),
            (
                "Writing a conversation",
                [rows(CONVO_EDITING), editor.clone()].concat(),
            ),
            ("In a form", rows(FORM)),
            everywhere,
            help,
        ],
    }
}

/// How many lines the help overlay has: section titles, rows and gaps.
pub fn help_line_count(app: &App) -> usize {
    let sections = help_sections(app);
    sections
        .iter()
        .map(|(_, rows)| rows.len() + 1)
        .sum::<usize>()
        + sections.len().saturating_sub(1)
}
