//! The interface's test harness: an app on a store at a pinned time, actions sent to it
//! (text typed as the actions the keymap turns typing into), keys pressed through the
//! real keymap for the tests whose subject is key handling, a frame drawn into a test
//! terminal at the snapshot sizes, and the journals many screens' tests start from.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui_textarea::{Input, Key as TextKey};

use crate::config::{Colors, Config};
use crate::domain::FixedClock;
use crate::domain::{EntryKind, NewEntry};
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap;
use crate::tui::theme::Theme;

/// An app on `store` with the default config, at `now` (RFC 3339) in Berlin.
pub fn app_at(store: Store, now: &str) -> App {
    app_with_config(store, Config::default(), now)
}

/// An app on `store` with `config`, at `now` (RFC 3339) in Berlin.
pub fn app_with_config(store: Store, config: Config, now: &str) -> App {
    App::new(
        crate::app::Journal::new(store),
        config,
        Theme::new(&Colors::default(), false),
        Box::new(FixedClock::at(now)),
    )
}

/// Applies `actions` in order.
pub fn send(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        app.update(action);
    }
}

/// Types `text` into the editor, form field or search line in front, as the keymap
/// passes typing on: each character as `Action::EditText`, a line break as Enter (a new
/// line in an editor; in a form or the search line Enter is a command, so send that).
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        edit_key(
            app,
            if c == '\n' {
                TextKey::Enter
            } else {
                TextKey::Char(c)
            },
        );
    }
}

/// A key no table binds where text is typed (Backspace, End, …), handed to the editor,
/// form field or search line in front.
pub fn edit_key(app: &mut App, key: TextKey) {
    app.update(Action::EditText(Input {
        key,
        ..Input::default()
    }));
}

/// Presses `code` with `modifiers`, as the terminal would send it, through the keymap.
pub fn key_with(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    if let Some(action) = keymap::resolve(app, KeyEvent::new(code, modifiers)) {
        app.update(action);
    }
}

/// Presses `code` alone.
pub fn key(app: &mut App, code: KeyCode) {
    key_with(app, code, KeyModifiers::NONE);
}

/// Types `text` key by key through the keymap, a line break as Enter.
pub fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        key(
            app,
            if c == '\n' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            },
        );
    }
}

/// The sizes every screen's snapshots are taken at: the smallest usual terminal and a
/// large one.
pub const SNAPSHOT_SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

/// The app drawn into a `width`×`height` test terminal.
pub fn screen(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal
}

/// A calendar file of `events`, each (uid, start, end, title) with times in UTC as
/// iCalendar writes them (`20261122T100000Z`).
pub fn calendar(events: &[(&str, &str, &str, &str)]) -> String {
    events
        .iter()
        .fold(
            super::Ics::new().prodid("-//test//EN"),
            |ics, (uid, start, end, title)| {
                ics.event(
                    super::Event::new(uid)
                        .stamp("20261101T000000Z")
                        .start(start)
                        .end(end)
                        .summary(title),
                )
            },
        )
        .build()
}

/// Imports `ics` into `store` as the calendar "work", read at `now` (RFC 3339) in Berlin.
pub fn import(store: &mut Store, ics: &str, now: &str) {
    let now = chrono::DateTime::parse_from_rfc3339(now).unwrap().to_utc();
    let berlin = chrono_tz::Europe::Berlin;
    crate::app::calendars::import::import_as(store, "work", "work.ics", ics, berlin, now).unwrap();
}

/// A conversation with `person` about `topic` planned at `at` (RFC 3339), brought to
/// `status` (held at the time it was planned, when it was held), following up on
/// `follow_up` (YYYY-MM-DD) when given.
pub fn conversation(
    store: &mut Store,
    (person, topic, at): (&str, &str, &str),
    status: crate::domain::conversation::Status,
    follow_up: Option<&str>,
    stay_interview: bool,
) -> crate::domain::conversation::Conversation {
    use crate::domain::conversation::Status;
    let mut c = store
        .insert_conversation(&crate::store::NewConversation {
            person,
            topic,
            planned_at: Some(chrono::DateTime::parse_from_rfc3339(at).unwrap()),
            stay_interview,
            event_uid: None,
        })
        .unwrap();
    if status != Status::Planned {
        c.status = status;
        c.held_at = c.planned_at;
        c.followup_on = follow_up.map(|d| d.parse().unwrap());
        store.update_conversation(&c).unwrap();
    }
    c
}

/// The moment the TUI tests run at: Sunday 22 November 2026, 09:30 in Berlin.
pub const NOW: &str = "2026-11-22T09:30:00+01:00";

/// An app on `store` at `now` (RFC 3339).
pub fn app_on(store: Store, now: &str) -> App {
    app_at(store, now)
}

/// An app on an empty journal at [`NOW`].
pub fn app() -> App {
    app_on(Store::open_in_memory().unwrap(), NOW)
}

/// The app drawn into a `width`×`height` test terminal, as text.
pub fn screen_text(app: &App, width: u16, height: u16) -> String {
    screen(app, width, height).backend().to_string()
}

/// Writes an entry of `kind` at `at` (RFC 3339) into `store`.
pub fn seed(store: &mut Store, at: &str, body: &str, kind: EntryKind) {
    let at = chrono::DateTime::parse_from_rfc3339(at).unwrap();
    store
        .insert_entry(
            &NewEntry {
                kind,
                at,
                body: body.into(),
            },
            None,
        )
        .unwrap();
}

/// A journal with one entry yesterday and three today (a note between two reflections).
pub fn busy_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    seed(
        &mut store,
        "2026-11-21T17:00:00+01:00",
        "Yesterday: not shown on Today",
        EntryKind::Reflection,
    );
    seed(
        &mut store,
        "2026-11-22T08:05:00+01:00",
        "Explained the why behind the migration to @Sam. He asked good questions. #why",
        EntryKind::Reflection,
    );
    seed(
        &mut store,
        "2026-11-22T08:40:00+01:00",
        "Book the offsite room.",
        EntryKind::Note,
    );
    seed(
        &mut store,
        "2026-11-22T09:10:00+01:00",
        "@Zoë disagreed with me in stand-up, and she was right. Said so. #safety\nNext: ask @田中 how the handover feels.",
        EntryKind::Reflection,
    );
    store
}
