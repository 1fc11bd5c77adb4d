//! The one test of the default keys. For every table, the app is put in a state whose
//! keys go to that table and each key is resolved as the terminal would send it; the
//! expected action is written out here, not read from the tables. Every other TUI test
//! sends actions, so changing a default key changes this file and nothing else.

use chrono_tz::Europe::Berlin;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{Input, Key as TextKey};

use super::{Table, resolve, table_for};
use crate::domain::event::Category;
use crate::store::Store;
use crate::testkit::tui::{app_at, send};
use crate::tui::action::Action as A;
use crate::tui::app::{App, Screen};

/// A key as the terminal sends it, written the way config.toml writes keys: `b`, `N`,
/// `?`, `ctrl-s`, `shift-tab`, `f1`, `pagedown`. A capital letter comes with Shift held.
fn event(key: &str) -> KeyEvent {
    if key == "shift-tab" {
        return KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
    }
    let (modifiers, name) = match key.strip_prefix("ctrl-") {
        Some(name) => (KeyModifiers::CONTROL, name),
        None => (KeyModifiers::NONE, key),
    };
    let code = match name {
        "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        "f1" => KeyCode::F(1),
        c if c.chars().count() == 1 => KeyCode::Char(c.chars().next().unwrap()),
        other => panic!("{other} is not a key this test knows"),
    };
    let modifiers = match code {
        KeyCode::Char(c) if c.is_uppercase() => modifiers | KeyModifiers::SHIFT,
        _ => modifiers,
    };
    KeyEvent::new(code, modifiers)
}

/// Every default key of every table and what it does.
fn expected() -> Vec<(Table, Vec<(&'static str, A)>)> {
    vec![
        (
            Table::Global,
            vec![
                ("1", A::ShowScreen(Screen::Today)),
                ("2", A::ShowScreen(Screen::Week)),
                ("3", A::ShowScreen(Screen::Audit)),
                ("4", A::ShowScreen(Screen::People)),
                ("5", A::ShowScreen(Screen::Conversations)),
                ("6", A::ShowScreen(Screen::History)),
                ("7", A::ShowScreen(Screen::Review)),
                ("8", A::ShowScreen(Screen::Calendars)),
                ("tab", A::NextScreen),
                ("shift-tab", A::PreviousScreen),
                ("?", A::ToggleHelp),
                ("f1", A::ToggleHelp),
                ("q", A::Quit),
                ("ctrl-c", A::Quit),
            ],
        ),
        (
            Table::Today,
            vec![
                ("i", A::StartWriting),
                ("a", A::StartWriting),
                ("enter", A::StartWriting),
                ("ctrl-s", A::Save),
                ("t", A::CycleEntryKind),
                ("e", A::OpenExternalEditor),
                ("D", A::DiscardDraft),
                ("n", A::NextPrompt),
                ("p", A::PreviousPrompt),
                ("N", A::PreviousPrompt),
                ("j", A::CursorDown),
                ("down", A::CursorDown),
                ("k", A::CursorUp),
                ("up", A::CursorUp),
                ("g", A::First),
                ("home", A::First),
                ("G", A::Last),
                ("end", A::Last),
                ("J", A::ScrollPreviewDown),
                ("K", A::ScrollPreviewUp),
                ("E", A::OpenItem),
                ("d", A::DeleteItem),
                ("R", A::WriteMissingReview),
            ],
        ),
        (
            Table::Writing,
            vec![
                ("esc", A::Back),
                ("ctrl-s", A::Save),
                ("ctrl-t", A::CycleEntryKind),
                ("ctrl-o", A::OpenExternalEditor),
                ("f1", A::ToggleHelp),
                ("ctrl-c", A::Quit),
            ],
        ),
        (
            Table::Entry,
            vec![
                ("ctrl-s", A::Save),
                ("esc", A::Back),
                ("f1", A::ToggleHelp),
                ("ctrl-c", A::Quit),
            ],
        ),
        (
            Table::Week,
            vec![
                ("h", A::CursorLeft),
                ("left", A::CursorLeft),
                ("l", A::CursorRight),
                ("right", A::CursorRight),
                ("k", A::CursorUp),
                ("up", A::CursorUp),
                ("j", A::CursorDown),
                ("down", A::CursorDown),
                ("[", A::PreviousWeek),
                ("]", A::NextWeek),
                ("t", A::ThisWeek),
                (":", A::GoToDate),
                ("n", A::NextItem),
                ("p", A::PreviousItem),
                ("N", A::PreviousItem),
                ("b", A::NewBlock),
                ("enter", A::OpenItem),
                ("x", A::SkipOccurrence),
                ("m", A::MoveOccurrence),
                ("y", A::MarkKept),
                ("u", A::MarkPartlyKept),
                ("c", A::ClearMark),
                ("e", A::EditBlock),
                ("d", A::DeleteBlock),
                ("a", A::CycleSeriesCategory),
                ("A", A::CycleEventCategory),
            ],
        ),
        (
            Table::Details,
            vec![
                ("y", A::MarkKept),
                ("u", A::MarkPartlyKept),
                ("x", A::SkipOccurrence),
                ("c", A::ClearMark),
                ("m", A::MoveOccurrence),
                ("e", A::EditBlock),
                ("d", A::DeleteBlock),
                ("esc", A::CloseOverlay),
                ("enter", A::CloseOverlay),
                ("q", A::CloseOverlay),
            ],
        ),
        (
            Table::Audit,
            vec![
                ("[", A::PreviousWeek),
                ("]", A::NextWeek),
                ("t", A::ThisWeek),
                ("j", A::CursorDown),
                ("down", A::CursorDown),
                ("k", A::CursorUp),
                ("up", A::CursorUp),
                ("left", A::CursorRight),
                ("right", A::CursorRight),
                ("m", A::ClassifyAs(Category::Managing)),
                ("l", A::ClassifyAs(Category::Leading)),
                ("x", A::ClassifyAs(Category::Excluded)),
                ("r", A::ReturnToRules),
                ("u", A::Undo),
            ],
        ),
        (
            Table::People,
            vec![
                ("j", A::CursorDown),
                ("down", A::CursorDown),
                ("k", A::CursorUp),
                ("up", A::CursorUp),
                ("n", A::NewConversation),
                ("r", A::RenamePerson),
                ("M", A::MergePerson),
                ("L", A::LinkAddress),
                ("R", A::ToggleReport),
                ("a", A::AddAgendaItem),
                ("x", A::AgendaDone),
                ("D", A::NewDelegation),
                ("F", A::CloseDelegation),
            ],
        ),
        (
            Table::Conversations,
            vec![
                ("j", A::CursorDown),
                ("down", A::CursorDown),
                ("k", A::CursorUp),
                ("up", A::CursorUp),
                ("n", A::NewConversation),
                ("enter", A::OpenConversation),
                ("e", A::OpenConversation),
                ("h", A::MarkHeld),
                ("f", A::SetFollowUp),
                ("u", A::MarkFollowedUp),
                ("c", A::CloseConversation),
                ("x", A::CancelConversation),
                ("J", A::ScrollPreviewDown),
                ("K", A::ScrollPreviewUp),
            ],
        ),
        (
            Table::Conversation,
            vec![
                ("tab", A::NextField),
                ("shift-tab", A::PreviousField),
                ("ctrl-s", A::Save),
                ("ctrl-o", A::OpenExternalEditor),
                ("esc", A::Back),
                ("f1", A::ToggleHelp),
                ("ctrl-c", A::Quit),
            ],
        ),
        (
            Table::History,
            vec![
                ("j", A::CursorDown),
                ("down", A::CursorDown),
                ("k", A::CursorUp),
                ("up", A::CursorUp),
                ("pagedown", A::PageDown),
                ("pageup", A::PageUp),
                ("g", A::First),
                ("home", A::First),
                ("end", A::Last),
                ("G", A::Last),
                ("/", A::StartSearch),
                ("esc", A::Back),
                ("f", A::OpenFilter),
                ("F", A::ClearFilters),
                ("o", A::ToggleOnThisDay),
                (":", A::GoToDate),
                ("enter", A::OpenItem),
                ("i", A::OpenItem),
                ("e", A::OpenExternalEditor),
                ("d", A::DeleteItem),
                ("J", A::ScrollPreviewDown),
                ("K", A::ScrollPreviewUp),
            ],
        ),
        (
            Table::Search,
            vec![
                ("enter", A::FinishSearch),
                ("esc", A::Back),
                ("down", A::CursorDown),
                ("up", A::CursorUp),
                ("ctrl-l", A::ClearField),
                ("f1", A::ToggleHelp),
                ("ctrl-c", A::Quit),
            ],
        ),
        (
            Table::Review,
            vec![
                ("enter", A::StartWriting),
                ("i", A::StartWriting),
                ("a", A::StartWriting),
                ("[", A::PreviousWeek),
                ("h", A::PreviousWeek),
                ("left", A::PreviousWeek),
                ("]", A::NextWeek),
                ("l", A::NextWeek),
                ("right", A::NextWeek),
                ("t", A::ThisWeek),
                ("j", A::NextField),
                ("down", A::NextField),
                ("k", A::PreviousField),
                ("up", A::PreviousField),
            ],
        ),
        (
            Table::Answering,
            vec![
                ("tab", A::NextField),
                ("shift-tab", A::PreviousField),
                ("ctrl-s", A::Save),
                ("esc", A::Back),
                ("f1", A::ToggleHelp),
                ("ctrl-c", A::Quit),
            ],
        ),
        (
            Table::Calendars,
            vec![
                ("j", A::CursorDown),
                ("down", A::CursorDown),
                ("k", A::CursorUp),
                ("up", A::CursorUp),
                ("g", A::First),
                ("home", A::First),
                ("G", A::Last),
                ("end", A::Last),
                ("u", A::CycleCalendarRole),
                ("r", A::RefreshCalendars),
                ("h", A::CursorLeft),
                ("left", A::CursorLeft),
                ("l", A::CursorRight),
                ("right", A::CursorRight),
                ("m", A::KeepMine),
                ("t", A::KeepTheirs),
                ("p", A::PublishAgain),
                ("s", A::StopPublishing),
            ],
        ),
        (
            Table::Form,
            vec![
                ("enter", A::Save),
                ("ctrl-s", A::Save),
                ("tab", A::NextField),
                ("down", A::NextField),
                ("shift-tab", A::PreviousField),
                ("up", A::PreviousField),
                ("ctrl-l", A::ClearField),
                ("esc", A::CancelForm),
                ("ctrl-c", A::Quit),
            ],
        ),
        (
            Table::DeleteScope,
            vec![
                ("o", A::ChooseThisOccurrence),
                ("f", A::ChooseFollowing),
                ("a", A::ChooseAll),
                ("esc", A::CloseOverlay),
                ("n", A::CloseOverlay),
            ],
        ),
        (
            Table::DeleteOne,
            vec![
                ("y", A::Confirm),
                ("esc", A::CloseOverlay),
                ("n", A::CloseOverlay),
            ],
        ),
        (
            Table::EditScope,
            vec![
                ("f", A::ChooseFollowing),
                ("a", A::ChooseAll),
                ("esc", A::CloseOverlay),
                ("n", A::CloseOverlay),
            ],
        ),
        (
            Table::Confirm,
            vec![
                ("y", A::Confirm),
                ("n", A::CloseOverlay),
                ("esc", A::CloseOverlay),
            ],
        ),
        (
            Table::Help,
            vec![
                ("j", A::ScrollHelpDown),
                ("down", A::ScrollHelpDown),
                ("k", A::ScrollHelpUp),
                ("up", A::ScrollHelpUp),
                ("esc", A::CloseOverlay),
                ("?", A::CloseOverlay),
                ("q", A::CloseOverlay),
                ("f1", A::CloseOverlay),
            ],
        ),
    ]
}

/// Today with entries, a conversation and the busy week's blocks: every table has
/// something to act on.
fn journal() -> Store {
    let mut store = crate::tui::screens::week::tests::busy_store();
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-22T08:40:00+01:00").unwrap();
    store
        .insert_entry(
            &crate::domain::NewEntry {
                kind: crate::domain::EntryKind::Note,
                at,
                body: "Book the offsite room.".into(),
            },
            None,
        )
        .unwrap();
    store
        .insert_conversation(&crate::store::NewConversation {
            person: "Sam",
            topic: "Missed deadlines",
            planned_at: Some(at),
            stay_interview: false,
            event_uid: None,
        })
        .unwrap();
    store
}

/// Selects the occurrence at Tuesday 24 November (the week after now) at `slot`.
fn select_next_tuesday(app: &mut App, slot: usize) {
    app.update(A::NextWeek);
    app.week.day = 1;
    app.week.slot = slot;
    app.week.select_at_cursor(Berlin);
}

/// An app whose keys go to `table`.
fn app_for(table: Table) -> App {
    let mut app = app_at(journal(), "2026-11-22T09:40:00+01:00");
    let show = |screen: Screen| A::ShowScreen(screen);
    match table {
        Table::Today => {}
        Table::Writing => app.update(A::StartWriting),
        Table::Entry => app.update(A::OpenItem),
        Table::Confirm => app.update(A::DeleteItem),
        Table::Help => app.update(A::ToggleHelp),
        Table::Week => app.update(show(Screen::Week)),
        Table::Form => send(&mut app, [show(Screen::Week), A::NewBlock]),
        Table::Details | Table::DeleteScope | Table::DeleteOne | Table::EditScope => {
            app.update(show(Screen::Week));
            // 09:00 is the weekly Vision work; 10:00 the one-off Hiring plan.
            let one_off = table == Table::DeleteOne;
            select_next_tuesday(&mut app, if one_off { 20 } else { 18 });
            match table {
                Table::Details => app.update(A::OpenItem),
                Table::EditScope => send(&mut app, [A::EditBlock, A::Save]),
                _ => app.update(A::DeleteBlock),
            }
        }
        Table::Audit => app.update(show(Screen::Audit)),
        Table::People => app.update(show(Screen::People)),
        Table::Conversations => app.update(show(Screen::Conversations)),
        Table::Conversation => send(&mut app, [show(Screen::Conversations), A::OpenConversation]),
        Table::History => app.update(show(Screen::History)),
        Table::Search => send(&mut app, [show(Screen::History), A::StartSearch]),
        Table::Review => app.update(show(Screen::Review)),
        Table::Answering => send(&mut app, [show(Screen::Review), A::StartWriting]),
        Table::Calendars => app.update(show(Screen::Calendars)),
        Table::Global => panic!("the global keys are checked on every screen"),
    }
    assert_eq!(table_for(&app), table, "the state for {}", table.name());
    app
}

/// Where each table's keys also work: the screens' tables fall back to the global keys.
const BROWSING: [Table; 8] = [
    Table::Today,
    Table::Week,
    Table::Audit,
    Table::People,
    Table::Conversations,
    Table::History,
    Table::Review,
    Table::Calendars,
];

/// Tables whose unbound keys are typed, and those of them where Enter is a new line.
const TYPING: [Table; 6] = [
    Table::Writing,
    Table::Entry,
    Table::Conversation,
    Table::Answering,
    Table::Search,
    Table::Form,
];
const EDITORS: [Table; 4] = [
    Table::Writing,
    Table::Entry,
    Table::Conversation,
    Table::Answering,
];

fn typed(key: TextKey) -> Option<A> {
    Some(A::EditText(Input {
        key,
        ..Input::default()
    }))
}

#[test]
fn every_default_key_gives_its_action_in_the_state_that_uses_its_table() {
    let expected = expected();
    assert_eq!(expected.len(), Table::ALL.len(), "one list per table");
    let default_keys = crate::tui::keymap::Keymap::default();
    for (table, keys) in &expected {
        // The list here is the whole table: a new default key is added here too.
        let bound: usize = default_keys
            .bindings(*table)
            .iter()
            .map(|b| b.keys.len())
            .sum();
        assert_eq!(
            bound,
            keys.len(),
            "{} has keys not listed here",
            table.name()
        );
    }
    let (_, global) = &expected[0];
    for (table, keys) in &expected[1..] {
        let app = app_for(*table);
        let check = |key: &str, action: &A| {
            let got = resolve(&app, event(key));
            assert_eq!(got.as_ref(), Some(action), "{}: {key}", table.name());
        };
        for (key, action) in keys {
            check(key, action);
        }
        if BROWSING.contains(table) {
            // Every screen's keys fall back to the global ones; other keys do nothing.
            for (key, action) in global {
                check(key, action);
            }
            assert_eq!(resolve(&app, event("z")), None, "{}: z", table.name());
        } else if TYPING.contains(table) {
            // A key no table binds is typed, though it is a command elsewhere.
            for c in ['q', '1', 'j', 'z', '?'] {
                let got = resolve(&app, event(&c.to_string()));
                assert_eq!(got, typed(TextKey::Char(c)), "{}: {c}", table.name());
            }
            if EDITORS.contains(table) {
                let got = resolve(&app, event("enter"));
                assert_eq!(got, typed(TextKey::Enter), "{}: enter", table.name());
            }
        } else {
            // A question or the help takes only its own keys.
            for key in ["z", "1", "tab"] {
                assert_eq!(resolve(&app, event(key)), None, "{}: {key}", table.name());
            }
        }
    }
}
