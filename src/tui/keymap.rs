//! Which key does what, per screen and mode. The same table drives key handling and the
//! `?` help overlay, so the help always lists every key that works.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui_textarea::Input;

use super::action::Action;
use super::app::{App, Mode, Overlay};

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

/// The action for a key event in the app's current state, if any.
pub fn resolve(app: &App, event: KeyEvent) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let table = match (&app.overlay, app.mode) {
        (Some(Overlay::Help), _) => HELP,
        (Some(Overlay::ConfirmDiscard), _) => CONFIRM,
        (None, Mode::Normal) => TODAY_NORMAL,
        (None, Mode::Editing) => TODAY_EDITING,
    };
    let bound = table
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(&event)))
        .map(|b| b.action.clone());
    match (bound, &app.overlay, app.mode) {
        (None, None, Mode::Editing) => Some(Action::EditText(Input::from(event))),
        (bound, _, _) => bound,
    }
}

/// The sections of the help overlay for the current mode: a title and (keys, what) rows.
pub fn help_sections(mode: Mode) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
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
    let writing = [rows(TODAY_EDITING), editor].concat();
    let help = ("In this help", rows(HELP));
    match mode {
        Mode::Normal => vec![
            ("Today", rows(TODAY_NORMAL)),
            ("While writing", writing),
            help,
        ],
        Mode::Editing => vec![
            ("While writing", writing),
            ("Today", rows(TODAY_NORMAL)),
            help,
        ],
    }
}

/// How many lines the help overlay has for `mode`: section titles, rows and gaps.
pub fn help_line_count(mode: Mode) -> usize {
    let sections = help_sections(mode);
    sections
        .iter()
        .map(|(_, rows)| rows.len() + 1)
        .sum::<usize>()
        + sections.len().saturating_sub(1)
}
