//! The People screen: the ranking, a person's page and the actions on them.

use super::{Editing, PersonField};
use crate::store::Store;
use crate::testkit::tui::{NOW, app_on, busy_store, screen_text};
use crate::testkit::tui::{calendar, conversation, import, type_text};
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::form::Form;
use crate::tui::screens::conversations::NewField;

/// The new-conversation form, while it is open.
fn new_conversation_form(app: &App) -> Option<&Form<NewField>> {
    match &app.people.editing {
        Editing::NewConversation(form) => Some(form),
        _ => None,
    }
}

/// The rename, merge or address form, while one is open.
fn person_form(app: &App) -> Option<&Form<PersonField>> {
    match &app.people.editing {
        Editing::Rename { form, .. } | Editing::Merge { form, .. } | Editing::Link { form, .. } => {
            Some(form)
        }
        _ => None,
    }
}

pub(crate) fn people_store() -> Store {
    use crate::domain::conversation::Status;

    let mut store = busy_store(); // mentions @Sam, @Zoë, @田中 on 22 Nov
    let _at = |s: &str| Some(chrono::DateTime::parse_from_rfc3339(s).unwrap());
    let c = conversation(
        &mut store,
        ("Sam", "Missed deadlines", "2026-11-16T10:00:00+01:00"),
        Status::Held,
        Some("2026-11-30"),
        false,
    );
    store.update_conversation(&c).unwrap();
    let old = conversation(
        &mut store,
        ("Zoë", "Why do you stay?", "2026-09-01T10:00:00+02:00"),
        Status::Closed,
        None,
        true,
    );
    store.update_conversation(&old).unwrap();
    store
}

#[test]
fn the_people_screen_nudges_first_and_shows_a_persons_page() {
    let mut app = app_on(people_store(), NOW);
    app.update(Action::ShowScreen(Screen::People));
    let names: Vec<&str> = app.people.people.iter().map(|p| p.name.as_str()).collect();
    // 田中: never checked in; Zoë: 82 days; Sam: 6 days, no nudge.
    assert_eq!(names, ["田中", "Zoë", "Sam"]);
    assert!(
        app.people.people[0].nudge && app.people.people[1].nudge && !app.people.people[2].nudge
    );
    assert!(app.people.people[1].stay_interview);
    app.update(Action::CursorDown);
    app.update(Action::CursorDown);
    assert_eq!(app.people.list.selected(), Some(2));
    assert_eq!(app.people.conversations.len(), 1);
    assert_eq!(app.people.mentions.len(), 1);
    let text = screen_text(&app, 120, 30);
    assert!(text.contains("Open follow-ups: 1"), "{text}");
    assert!(text.contains("Missed deadlines"), "{text}");
}

#[test]
fn people_met_in_calendar_one_on_ones_appear_though_never_mentioned() {
    let mut store = people_store();
    // A 1:1 with Priya, whom the journal has never heard of.
    let ics = calendar(&[(
        "priya-1@test",
        "20261118T090000Z",
        "20261118T093000Z",
        "1:1 Priya",
    )]);
    import(&mut store, &ics, NOW);
    let mut app = app_on(store, NOW);
    app.update(Action::ShowScreen(Screen::People));
    let priya = app
        .people
        .people
        .iter()
        .find(|p| p.name == "Priya")
        .expect("Priya appears");
    assert!(priya.calendar_only);
    assert_eq!(priya.days_since_checkin, Some(4));
    let at = app
        .people
        .people
        .iter()
        .position(|p| p.name == "Priya")
        .unwrap();
    for _ in 0..at {
        app.update(Action::CursorDown);
    }
    let text = screen_text(&app, 100, 30);
    assert!(text.contains("Met in 1:1s on the calendar"), "{text}");
}

#[test]
fn a_new_conversation_with_the_selected_person_starts_from_people() {
    let mut app = app_on(people_store(), NOW);
    app.update(Action::ShowScreen(Screen::People));
    let name = app.people.people[0].name.clone();
    app.update(Action::NewConversation);
    let form = new_conversation_form(&app).expect("the new conversation form");
    assert_eq!(form.value(NewField::With), name);
    assert_eq!(form.focus, 1, "the topic is next");
    type_text(&mut app, "How is the handover going?");
    app.update(Action::Save);
    assert!(
        new_conversation_form(&app).is_none(),
        "{:?}",
        new_conversation_form(&app).map(|f| f.error.clone())
    );
    assert_eq!(app.screen, Screen::Conversations);
    let open = app.conversations.writing().expect("the editor opens");
    assert_eq!(open.conversation.person, name);
    assert_eq!(open.conversation.topic, "How is the handover going?");
}

#[test]
fn a_person_is_renamed_merged_and_given_an_address_from_their_page() {
    let mut app = app_on(people_store(), NOW);
    app.update(Action::ShowScreen(Screen::People));
    let select = |app: &mut App, name: &str| {
        let at = app
            .people
            .people
            .iter()
            .position(|p| p.name == name)
            .unwrap();
        app.people.list.select(Some(at));
    };
    select(&mut app, "Sam");
    app.update(Action::RenamePerson);
    type_text(&mut app, "Samuel");
    app.update(Action::Save);
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("Sam is now Samuel")
    );
    let names: Vec<&str> = app.people.people.iter().map(|p| p.name.as_str()).collect();
    assert!(
        names.contains(&"Samuel") && !names.contains(&"Sam"),
        "{names:?}"
    );
    select(&mut app, "Samuel");
    app.update(Action::LinkAddress);
    type_text(&mut app, "sam@example.com");
    app.update(Action::Save);
    let samuel = app
        .people
        .people
        .iter()
        .find(|p| p.name == "Samuel")
        .unwrap();
    assert_eq!(samuel.addresses, ["sam@example.com"]);
    assert!(screen_text(&app, 120, 30).contains("sam@example.com"));
    // A bad address is refused at its field, the form stays open.
    select(&mut app, "Zoë");
    app.update(Action::LinkAddress);
    type_text(&mut app, "not an address");
    app.update(Action::Save);
    assert!(person_form(&app).is_some_and(|f| f.error.is_some()));
    app.update(Action::CancelForm);
    app.update(Action::MergePerson);
    type_text(&mut app, "Samuel");
    app.update(Action::Save);
    let names: Vec<&str> = app.people.people.iter().map(|p| p.name.as_str()).collect();
    assert!(!names.contains(&"Zoë"), "{names:?}");
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("Zoë is merged into Samuel")
    );
}

#[test]
fn a_person_is_marked_and_unmarked_as_a_direct_report() {
    let mut app = app_on(people_store(), NOW);
    app.update(Action::ShowScreen(Screen::People));
    let name = app.people.people[0].name.clone();
    app.update(Action::ToggleReport);
    let reports = |app: &App| crate::app::people::reports(&app.journal).unwrap();
    assert_eq!(reports(&app), std::slice::from_ref(&name));
    assert!(screen_text(&app, 120, 30).contains(&format!("{name} · direct report")));
    app.update(Action::ToggleReport);
    assert!(reports(&app).is_empty());
    assert!(app.status.as_ref().unwrap().text.contains("no longer"));
}

#[test]
fn an_empty_people_screen_says_how_with_the_interfaces_keys() {
    let mut app = crate::testkit::tui::app_at(Store::open_in_memory().unwrap(), NOW);
    app.update(Action::ShowScreen(Screen::People));
    let text = screen_text(&app, 120, 30);
    assert!(text.contains("Nobody yet"), "{text}");
    assert!(text.contains("Conversations: 5"), "{text}");
    assert!(
        !text.contains("bearing convo"),
        "a command line, not a key: {text}"
    );
}
