//! The Conversations screen: the form, the autosaved editor, status keys, snapshots.

use ratatui_textarea::Key as TextKey;

use super::action::Action;
use super::app::{App, Screen};
use super::form::Form;
use super::screens::conversations::{EDITOR_FIELDS, Editing, FollowUpField, TextField};
use crate::domain::conversation::Status;
use crate::store::{NewConversation, Store};
use crate::testkit::tui::{app_at, calendar, conversation, edit_key, import, screen, type_text};

/// The follow-up form, while it is open.
fn follow_up_form(app: &App) -> Option<&Form<FollowUpField>> {
    match &app.conversations.editing {
        Editing::FollowUp { form, .. } => Some(form),
        _ => None,
    }
}

const NOW: &str = "2026-11-25T12:00:00+01:00";

pub(super) fn app(store: Store) -> App {
    app_at(store, NOW)
}

/// A conversation prepared and recorded at length, selected in the list.
pub(super) fn long_conversation() -> App {
    let mut store = Store::open_in_memory().unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap();
    let mut c = store
        .insert_conversation(&NewConversation {
            person: "Priya",
            topic: "Credit for the migration",
            planned_at: Some(at),
            stay_interview: false,
            event_uid: None,
        })
        .unwrap();
    let long = |what: &str| {
        (1..=4)
            .map(|i| format!("{what}, part {i}: said plainly, with the facts and the dates."))
            .collect::<Vec<_>>()
            .join("\n")
    };
    c.status = crate::domain::conversation::Status::Held;
    c.held_at = Some(at);
    c.followup_on = chrono::NaiveDate::from_ymd_opt(2026, 12, 4);
    c.prep.situation = long("All-hands on Tuesday");
    c.prep.behaviour = long("Presented the design as a team result");
    c.prep.impact = long("Priya felt unseen");
    c.outcome.happened = long("We talked it through");
    c.outcome.agreed = long("I credit her in the next all-hands");
    c.outcome.followup_notes = long("Check she got the credit");
    store.update_conversation(&c).unwrap();
    let mut app = app_at(store, NOW);
    app.update(Action::ShowScreen(Screen::Conversations));
    app
}

pub(super) fn store_with_conversations() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let _at = |s: &str| Some(chrono::DateTime::parse_from_rfc3339(s).unwrap());
    conversation(
        &mut store,
        ("Sam", "Missed deadlines", "2026-11-26T10:00:00+01:00"),
        Status::Planned,
        None,
        false,
    );
    let mut held = conversation(
        &mut store,
        ("Lee", "Ownership", "2026-11-10T10:00:00+01:00"),
        Status::Held,
        Some("2026-11-20"),
        false,
    );
    held.prep.behaviour = "Tickets reassigned without a word".into();
    store.update_conversation(&held).unwrap();
    let closed = conversation(
        &mut store,
        ("Ana", "Why do you stay?", "2026-10-01T10:00:00+02:00"),
        Status::Closed,
        None,
        true,
    );
    store.update_conversation(&closed).unwrap();
    store
}

#[test]
fn conversations_are_grouped_upcoming_due_held_closed() {
    let mut app = app(store_with_conversations());
    app.update(Action::ShowScreen(Screen::Conversations));
    assert_eq!(app.screen, Screen::Conversations);
    let topics: Vec<&str> = app
        .conversations
        .list
        .iter()
        .map(|c| c.topic.as_str())
        .collect();
    assert_eq!(
        topics,
        ["Missed deadlines", "Ownership", "Why do you stay?"]
    );
    let text = screen(&app, 120, 30).backend().to_string();
    assert!(
        text.contains("Follow-ups due") && text.contains("follow-up 5 days late"),
        "{text}"
    );
}

#[test]
fn a_new_conversation_is_written_field_by_field_and_autosaved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    {
        let mut app = app(Store::open(&path).unwrap());
        app.update(Action::ShowScreen(Screen::Conversations));
        app.update(Action::NewConversation);
        type_text(&mut app, "Priya");
        app.update(Action::NextField);
        type_text(&mut app, "Credit for the migration");
        app.update(Action::NextField);
        type_text(&mut app, "2026-11-27 15:00");
        // A name nobody has is asked about first (a typo?); Enter again means someone new.
        app.update(Action::Save);
        assert!(app.conversations.writing().is_none());
        let text = screen(&app, 100, 30).backend().to_string();
        assert!(text.contains("Nobody is called Priya yet"), "{text}");
        app.update(Action::Save);
        let editor = app.conversations.writing().expect("the editor opens");
        assert_eq!(editor.editor.field_count(), EDITOR_FIELDS);
        type_text(&mut app, "All-hands, Tuesday\nsecond line"); // Situation, two lines
        app.update(Action::NextField);
        type_text(&mut app, "Presented Priya's design as yours");
        app.handle(crate::tui::event::Event::Tick);
        type_text(&mut app, " (typed after the autosave)");
        // Dropped without Esc: as if killed.
    }
    let store = Store::open(&path).unwrap();
    let c = store
        .list_conversations(&Default::default())
        .unwrap()
        .remove(0);
    assert_eq!(
        (c.person.as_str(), c.topic.as_str()),
        ("Priya", "Credit for the migration")
    );
    assert_eq!(
        c.planned_at.unwrap().to_rfc3339(),
        "2026-11-27T15:00:00+01:00"
    );
    assert_eq!(c.prep.situation, "All-hands, Tuesday\nsecond line");
    assert_eq!(c.prep.behaviour, "Presented Priya's design as yours");
}

#[test]
fn going_back_saves_and_a_bad_date_is_refused_until_fixed() {
    let mut app = app(store_with_conversations());
    app.update(Action::ShowScreen(Screen::Conversations));
    app.update(Action::OpenConversation);
    app.update(Action::PreviousField); // When
    for _ in 0..20 {
        edit_key(&mut app, TextKey::Backspace);
    }
    type_text(&mut app, "2026-02-30 10:00");
    app.update(Action::Back);
    assert!(
        app.conversations.writing().is_some(),
        "a bad date keeps the editor open"
    );
    assert!(app.status.as_ref().unwrap().is_error);
    for _ in 0..20 {
        edit_key(&mut app, TextKey::Backspace);
    }
    type_text(&mut app, "2026-11-26 11:00");
    app.update(Action::Back);
    assert!(app.conversations.writing().is_none());
    let c = app
        .journal
        .store_for_tests()
        .conversation(1)
        .unwrap()
        .unwrap();
    assert_eq!(
        c.planned_at.unwrap().to_rfc3339(),
        "2026-11-26T11:00:00+01:00"
    );
}

#[test]
fn conversations_move_through_their_statuses() {
    let mut app = app(store_with_conversations());
    app.update(Action::ShowScreen(Screen::Conversations));
    // Sam's upcoming conversation: held now, then a follow-up, then done and closed.
    app.update(Action::SetFollowUp);
    assert!(
        follow_up_form(&app).is_none() && app.status.as_ref().unwrap().is_error,
        "no follow-up before it is held"
    );
    app.update(Action::MarkHeld);
    let id = app.conversations.selected().unwrap().id;
    assert_eq!(
        app.journal
            .store_for_tests()
            .conversation(id)
            .unwrap()
            .unwrap()
            .status,
        Status::Held
    );
    // Held: the editor opens on "What happened", to write it down while it is fresh.
    let open = app.conversations.writing().expect("the editor opens");
    assert_eq!(open.editor.focus(), TextField::WHAT_HAPPENED.position());
    assert!(
        screen(&app, 100, 30)
            .backend()
            .to_string()
            .contains("What happened")
    );
    app.update(Action::Back);
    assert!(app.conversations.writing().is_none());
    app.update(Action::SetFollowUp);
    type_text(&mut app, "2026-11-01");
    app.update(Action::Save);
    let error = follow_up_form(&app).and_then(|f| f.error.clone());
    assert!(
        error
            .as_ref()
            .is_some_and(|e| e.1.contains("before the conversation")),
        "{error:?} {:?} {:?}",
        app.status,
        app.conversations.selected().map(|c| c.topic.clone())
    );
    for _ in 0..10 {
        edit_key(&mut app, TextKey::Backspace);
    }
    type_text(&mut app, "2026-12-02");
    app.update(Action::Save);
    assert!(follow_up_form(&app).is_none());
    assert_eq!(
        app.journal
            .store_for_tests()
            .conversation(id)
            .unwrap()
            .unwrap()
            .followup_on,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
    );
    assert_eq!(
        app.conversations.selected().unwrap().id,
        id,
        "the selection follows the conversation"
    );
    // The follow-up happened.
    app.update(Action::MarkFollowedUp);
    assert_eq!(
        app.journal
            .store_for_tests()
            .conversation(id)
            .unwrap()
            .unwrap()
            .status,
        Status::FollowedUp
    );
    app.update(Action::CancelConversation);
    // The refusal reads as a sentence: a capital first, a full stop last.
    let said = &app.status.as_ref().unwrap().text;
    assert!(
        said.starts_with("Conversation ") && said.ends_with("cannot be marked cancelled."),
        "{said}"
    );
    app.update(Action::CloseConversation);
    assert_eq!(
        app.journal
            .store_for_tests()
            .conversation(id)
            .unwrap()
            .unwrap()
            .status,
        Status::Closed
    );
}

#[test]
fn the_conversations_screen_renders_at_every_size() {
    let mut app = app(store_with_conversations());
    app.update(Action::ShowScreen(Screen::Conversations));
    for (w, h) in [(0, 0), (1, 1), (20, 5), (50, 14), (300, 100)] {
        screen(&app, w, h);
    }
    app.update(Action::OpenConversation);
    for (w, h) in [(0, 0), (20, 5), (50, 14), (300, 100)] {
        screen(&app, w, h);
    }
}

#[test]
fn the_preview_scrolls_and_the_list_takes_only_the_rows_it_needs() {
    let mut app = long_conversation();
    let text = screen(&app, 100, 30).backend().to_string();
    let lines: Vec<&str> = text.lines().collect();
    // One conversation: its list is one row between its borders; the preview follows.
    assert!(lines[3].contains("╰"), "{text}");
    assert!(lines[4].contains("Preview"), "{text}");
    assert!(!text.contains("Follow-up notes"), "{text}");
    for _ in 0..6 {
        app.update(Action::ScrollPreviewDown);
    }
    let text = screen(&app, 100, 30).backend().to_string();
    assert!(text.contains("Follow-up notes"), "{text}");
    assert!(text.contains("Check she got the credit, part 4"), "{text}");
}

#[test]
fn the_follow_up_form_takes_notes() {
    let mut app = app(store_with_conversations());
    app.update(Action::ShowScreen(Screen::Conversations));
    app.update(Action::CursorDown);
    let id = app.conversations.selected().unwrap().id;
    app.update(Action::SetFollowUp);
    assert_eq!(follow_up_form(&app).unwrap().fields.len(), 2);
    app.update(Action::ClearField);
    type_text(&mut app, "2026-12-01");
    app.update(Action::NextField);
    type_text(&mut app, "Ask whether the reassignments stopped");
    app.update(Action::Save);
    assert!(follow_up_form(&app).is_none());
    let c = app
        .journal
        .store_for_tests()
        .conversation(id)
        .unwrap()
        .unwrap();
    assert_eq!(c.followup_on, chrono::NaiveDate::from_ymd_opt(2026, 12, 1));
    assert_eq!(
        c.outcome.followup_notes,
        "Ask whether the reassignments stopped"
    );
}

#[test]
fn each_field_says_what_to_write_and_a_stay_interview_asks_its_own_questions() {
    let mut app = app(Store::open_in_memory().unwrap());
    app.update(Action::ShowScreen(Screen::Conversations));
    app.update(Action::NewConversation);
    type_text(&mut app, "Priya");
    app.update(Action::NextField);
    type_text(&mut app, "Why she stays");
    app.update(Action::NextField);
    app.update(Action::NextField);
    type_text(&mut app, "y");
    app.update(Action::Save);
    app.update(Action::Save); // Priya is someone new.
    let open = app.conversations.writing().expect("the editor opens");
    assert!(open.conversation.stay_interview);
    let text = screen(&app, 100, 30).backend().to_string();
    assert!(text.contains("Why do you stay?"), "{text}");
    assert!(text.contains("What would make you leave?"), "{text}");
    assert_eq!(
        text.matches("Ask: what keeps you here?").count(),
        1,
        "the field's hint, once (not again as a placeholder): {text}"
    );
    assert!(!text.contains("Situation"), "{text}");
    app.update(Action::Back);
    let text = screen(&app, 100, 30).backend().to_string();
    assert!(text.contains("stay interview"), "{text}");
    // A difficult conversation's fields say what to write too.
    let mut app = app_at(store_with_conversations(), NOW);
    app.update(Action::ShowScreen(Screen::Conversations));
    app.update(Action::OpenConversation);
    let text = screen(&app, 100, 30).backend().to_string();
    assert!(
        text.contains("When and where it happened, as a fact."),
        "{text}"
    );
}

#[test]
fn a_conversation_during_a_calendar_meeting_says_it_clashes() {
    let mut store = store_with_conversations();
    let ics = calendar(&[(
        "budget@test",
        "20261126T083000Z",
        "20261126T100000Z",
        "Budget review",
    )]);
    import(&mut store, &ics, NOW);
    let mut app = app(store);
    app.update(Action::ShowScreen(Screen::Conversations));
    assert_eq!(
        app.conversations.selected().unwrap().topic,
        "Missed deadlines"
    );
    let text = screen(&app, 100, 30).backend().to_string();
    assert!(
        text.contains("Clashes with a calendar meeting: Budget review 09:30–11:00"),
        "{text}"
    );
    app.update(Action::CursorDown);
    let text = screen(&app, 100, 30).backend().to_string();
    assert!(!text.contains("Clashes"), "{text}");
}

#[test]
fn ctrl_o_continues_the_focused_field_in_the_external_editor() {
    use crate::io::editor::Edited;
    use crate::tui::app::Task;
    use crate::tui::context::EditTarget;
    use crate::tui::event::Event;
    let mut app = app_at(store_with_conversations(), NOW);
    app.update(Action::ShowScreen(Screen::Conversations));
    app.update(Action::OpenConversation);
    type_text(&mut app, "Stand-up, Monday");
    let (id, field) = {
        let open = app.conversations.writing().unwrap();
        (open.conversation.id, open.editor.focus())
    };
    app.update(Action::OpenExternalEditor);
    // What was typed is saved first, and the editor starts from it.
    assert_eq!(
        app.pending,
        Some(Task::ExternalEdit {
            target: EditTarget::ConversationField { id, field },
            text: "Stand-up, Monday".into(),
        })
    );
    app.pending = None;
    app.handle(Event::ExternalEditFinished(
        EditTarget::ConversationField { id, field },
        Ok(Edited::plain("Stand-up, Monday, in front of the team\n")),
    ));
    let open = app.conversations.writing().expect("still open");
    assert_eq!(
        open.editor.field(field),
        "Stand-up, Monday, in front of the team"
    );
    let saved = app
        .journal
        .store_for_tests()
        .conversation(id)
        .unwrap()
        .unwrap();
    assert_eq!(
        saved.prep.situation,
        "Stand-up, Monday, in front of the team"
    );
    // Closed meanwhile, it is opened again to take the text.
    app.update(Action::Back);
    app.handle(Event::ExternalEditFinished(
        EditTarget::ConversationField { id, field },
        Ok(Edited::plain("Changed once more")),
    ));
    let saved = app
        .journal
        .store_for_tests()
        .conversation(id)
        .unwrap()
        .unwrap();
    assert_eq!(saved.prep.situation, "Changed once more");
}
