//! Two writers of one item (issue: "two editors of one item overwrite each other"): two
//! windows on one journal file, or a window and a command, each on its own connection.
//! An autosave writes only what its editor changed; when the other writer changed the
//! same text, both are kept, marked, and the user is told.

use std::path::Path;

use crate::app::{Journal, Now, conversations, reviews};
use crate::domain::conversation::Status;
use crate::domain::merge::EDITED_IN_TWO_PLACES;
use crate::domain::{EntryKind, FixedClock};
use crate::store::Store;
use crate::testkit::tui::{NOW, app_on, conversation, edit_key, seed, type_text};
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::event::Event;
use ratatui_textarea::Key as TextKey;

fn window(path: &Path) -> App {
    app_on(Store::open(path).unwrap(), NOW)
}

/// A command's journal: its own connection, as `bearing convo held` has.
fn command(path: &Path) -> Journal {
    Journal::new(Store::open(path).unwrap())
}

fn now() -> Now {
    Now::of(&FixedClock::at(NOW))
}

fn error_status(app: &App) -> String {
    let status = app.status.as_ref().expect("a status");
    assert!(status.is_error, "told as a warning: {}", status.text);
    status.text.clone()
}

#[test]
fn a_conversation_open_in_a_window_keeps_what_commands_did_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let id = {
        let mut store = Store::open(&path).unwrap();
        let c = conversation(
            &mut store,
            ("Sam", "Missed deadlines", "2026-11-20T10:00:00+01:00"),
            Status::Planned,
            None,
            false,
        );
        c.id
    };
    let mut app = window(&path);
    app.update(Action::ShowScreen(Screen::Conversations));
    app.update(Action::OpenConversation);
    assert!(app.conversations.writing().is_some());
    // `bearing convo held 1` and `bearing convo followup 1` from a terminal beside it.
    let mut cli = command(&path);
    conversations::hold(&mut cli, now(), id, None).unwrap();
    let on = "2026-11-27".parse().unwrap();
    conversations::follow_up(&mut cli, id, on, Some("ask about the plan".into())).unwrap();
    // The next keystroke's autosave.
    type_text(&mut app, "Three sprints late");
    app.handle(Event::Tick);
    let stored = conversations::get(&cli, id).unwrap();
    assert_eq!(stored.status, Status::Held, "not set back to planned");
    assert!(stored.held_at.is_some(), "the time held stays");
    assert_eq!(stored.followup_on, Some(on));
    assert_eq!(stored.outcome.followup_notes, "ask about the plan");
    assert_eq!(
        stored.prep.situation, "Three sprints late",
        "the typing is saved"
    );
    // And the window goes on from what is stored: typing more keeps both.
    type_text(&mut app, ", again");
    app.handle(Event::Tick);
    let stored = conversations::get(&cli, id).unwrap();
    assert_eq!(stored.status, Status::Held);
    assert_eq!(stored.prep.situation, "Three sprints late, again");
}

#[test]
fn one_text_written_in_two_windows_keeps_both_marked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    {
        let mut store = Store::open(&path).unwrap();
        conversation(
            &mut store,
            ("Sam", "Missed deadlines", "2026-11-20T10:00:00+01:00"),
            Status::Planned,
            None,
            false,
        );
    }
    let (mut a, mut b) = (window(&path), window(&path));
    for app in [&mut a, &mut b] {
        app.update(Action::ShowScreen(Screen::Conversations));
        app.update(Action::OpenConversation);
    }
    type_text(&mut b, "Written in B");
    b.handle(Event::Tick);
    type_text(&mut a, "Written in A");
    a.handle(Event::Tick);
    let cli = command(&path);
    let stored = conversations::list(&cli, now(), &Default::default())
        .unwrap()
        .remove(0);
    let situation = &stored.prep.situation;
    assert!(
        situation.starts_with("Written in B") && situation.ends_with("Written in A"),
        "{situation}"
    );
    assert!(situation.contains(EDITED_IN_TWO_PLACES), "{situation}");
    assert!(error_status(&a).contains(EDITED_IN_TWO_PLACES));
    // A's editor shows both texts now, so its next save does not take B's back.
    assert_eq!(
        a.conversations.writing().unwrap().editor.field(2),
        *situation
    );
    type_text(&mut a, "!");
    a.handle(Event::Tick);
    let stored = conversations::get(&cli, stored.id).unwrap();
    assert!(stored.prep.situation.starts_with("Written in B"));
    assert!(stored.prep.situation.ends_with("Written in A!"));
}

fn open_review(app: &mut App) {
    app.update(Action::ShowScreen(Screen::Review));
    app.update(Action::StartWriting);
}

#[test]
fn a_review_answer_saved_in_another_window_stays() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    drop(Store::open(&path).unwrap());
    let (mut a, mut b) = (window(&path), window(&path));
    open_review(&mut a);
    open_review(&mut b);
    type_text(&mut b, "B's first answer");
    b.update(Action::Back); // "Review saved."
    assert!(b.review.saved.entry_id.is_some());
    // A answers the second question; its autosave keeps B's first answer.
    a.update(Action::NextField);
    type_text(&mut a, "A's second answer");
    a.handle(Event::Tick);
    let week = a.review.week.unwrap();
    let saved = reviews::load(&command(&path), week).unwrap();
    assert_eq!(saved.answers[0], "B's first answer");
    assert_eq!(saved.answers[1], "A's second answer");
    // A's editor shows B's first answer now (adopted at its save).
    assert_eq!(
        a.review.answers.as_ref().unwrap().field(0),
        "B's first answer"
    );
    // Both add to the same answer: both texts, marked, and A is told.
    b.update(Action::StartWriting);
    type_text(&mut b, " and more from B");
    b.handle(Event::Tick);
    a.update(Action::PreviousField);
    type_text(&mut a, "\nA's own line");
    a.handle(Event::Tick);
    let saved = reviews::load(&command(&path), week).unwrap();
    let first = &saved.answers[0];
    assert!(first.contains("and more from B"), "{first}");
    assert!(first.ends_with("B's first answer\nA's own line"), "{first}");
    assert!(first.contains(EDITED_IN_TWO_PLACES), "{first}");
    assert!(error_status(&a).contains("answer 1"));
    assert_eq!(saved.answers[1], "A's second answer");
}

#[test]
fn an_entry_edited_in_two_windows_keeps_the_second_text_as_a_marked_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    {
        let mut store = Store::open(&path).unwrap();
        seed(
            &mut store,
            "2026-11-21T17:00:00+01:00",
            "Hiring plan",
            EntryKind::Reflection,
        );
    }
    let (mut a, mut b) = (window(&path), window(&path));
    for app in [&mut a, &mut b] {
        app.update(Action::ShowScreen(Screen::History));
        app.update(Action::OpenItem);
        assert!(app.history.entry_editor().is_some());
        edit_key(app, TextKey::End);
    }
    type_text(&mut b, " (B adds this)");
    b.handle(Event::Tick);
    type_text(&mut a, " (A adds that)");
    a.handle(Event::Tick);
    let store = Store::open(&path).unwrap();
    let all = store.list_entries(&Default::default()).unwrap();
    let bodies: Vec<&str> = all.iter().map(|e| e.body.as_str()).collect();
    assert_eq!(bodies.len(), 2, "{bodies:?}");
    assert_eq!(
        bodies[0], "Hiring plan (B adds this)",
        "B's text is not reverted"
    );
    assert!(bodies[1].contains(EDITED_IN_TWO_PLACES), "{}", bodies[1]);
    assert!(
        bodies[1].ends_with("Hiring plan (A adds that)"),
        "{}",
        bodies[1]
    );
    assert!(error_status(&a).contains(EDITED_IN_TWO_PLACES));
    // A goes on in the copy: what it types next lands there, B's entry stays.
    type_text(&mut a, ".");
    a.handle(Event::Tick);
    let all = store.list_entries(&Default::default()).unwrap();
    assert_eq!(all[0].body, "Hiring plan (B adds this)");
    assert!(all[1].body.ends_with("(A adds that)."), "{}", all[1].body);
}

#[test]
fn an_edit_nobody_else_made_is_saved_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    {
        let mut store = Store::open(&path).unwrap();
        seed(
            &mut store,
            "2026-11-21T17:00:00+01:00",
            "Hiring plan",
            EntryKind::Reflection,
        );
    }
    let mut a = window(&path);
    a.update(Action::ShowScreen(Screen::History));
    a.update(Action::OpenItem);
    edit_key(&mut a, TextKey::End);
    for piece in [" one", " two", " three"] {
        type_text(&mut a, piece);
        a.handle(Event::Tick);
    }
    let all = Store::open(&path)
        .unwrap()
        .list_entries(&Default::default())
        .unwrap();
    assert_eq!(all.len(), 1, "no copy");
    assert_eq!(all[0].body, "Hiring plan one two three");
    assert!(!a.status.as_ref().is_some_and(|s| s.is_error));
}

#[test]
fn an_idle_editor_shows_what_another_window_saved_so_typing_goes_on_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let id = {
        let mut store = Store::open(&path).unwrap();
        conversation(
            &mut store,
            ("Sam", "Missed deadlines", "2026-11-20T10:00:00+01:00"),
            Status::Planned,
            None,
            false,
        )
        .id
    };
    let (mut a, mut b) = (window(&path), window(&path));
    for app in [&mut a, &mut b] {
        app.update(Action::ShowScreen(Screen::Conversations));
        app.update(Action::OpenConversation);
    }
    type_text(&mut b, "From B.");
    b.handle(Event::Tick);
    a.handle(Event::Tick); // nothing typed in A: it catches up
    assert_eq!(
        a.conversations.writing().unwrap().editor.field(2),
        "From B."
    );
    edit_key(&mut a, TextKey::End);
    type_text(&mut a, " From A.");
    a.handle(Event::Tick);
    let stored = conversations::get(&command(&path), id).unwrap();
    assert_eq!(
        stored.prep.situation, "From B. From A.",
        "no conflict to mark"
    );
    assert!(!a.status.as_ref().is_some_and(|s| s.is_error));

    // The same for an entry open in History, and for the review's answers.
    {
        let mut store = Store::open(&path).unwrap();
        seed(
            &mut store,
            "2026-11-21T17:00:00+01:00",
            "Plan",
            EntryKind::Reflection,
        );
    }
    for app in [&mut a, &mut b] {
        app.update(Action::Back);
        app.update(Action::ShowScreen(Screen::History));
        app.update(Action::OpenItem);
    }
    edit_key(&mut b, TextKey::End);
    type_text(&mut b, " (B)");
    b.handle(Event::Tick);
    a.handle(Event::Tick);
    assert_eq!(a.history.entry_editor().unwrap().editor.text(), "Plan (B)");
    for app in [&mut a, &mut b] {
        app.update(Action::Back);
        open_review(app);
    }
    type_text(&mut b, "B's answer");
    b.handle(Event::Tick);
    a.handle(Event::Tick);
    assert_eq!(a.review.answers.as_ref().unwrap().field(0), "B's answer");
}

#[test]
fn a_conversation_deleted_elsewhere_while_written_leaves_the_text_in_todays_draft() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let id = {
        let mut store = Store::open(&path).unwrap();
        conversation(
            &mut store,
            ("Sam", "Missed deadlines", "2026-11-20T10:00:00+01:00"),
            Status::Planned,
            None,
            false,
        )
        .id
    };
    let mut a = window(&path);
    a.update(Action::ShowScreen(Screen::Conversations));
    a.update(Action::OpenConversation);
    type_text(&mut a, "What I saw on Tuesday");
    crate::app::conversations::delete(&mut command(&path), id).unwrap();
    a.handle(Event::Tick);
    assert!(a.conversations.writing().is_none(), "the editor closed");
    assert!(error_status(&a).contains("kept in Today's draft"));
    a.handle(Event::Tick); // the draft's autosave
    let draft = crate::app::entries::draft(&command(&path), &a.today.slot.name)
        .unwrap()
        .expect("a draft");
    assert!(draft.body.contains("Missed deadlines"), "{}", draft.body);
    assert!(
        draft.body.contains("Situation:\nWhat I saw on Tuesday"),
        "{}",
        draft.body
    );
}
