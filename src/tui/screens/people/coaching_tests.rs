//! Coaching in the interface: a report's page (1:1s kept, flags, agenda, delegations), the
//! delegation forms, the agenda marked discussed, Today's prompt with its reason and the
//! agenda of today's 1:1s, the review's reports; snapshots at 80x24 and 160x48.

use super::{DelegationField, Editing};
use crate::app::{Journal, coaching, people};
use crate::store::Store;
use crate::testkit::tui::{app_at, screen, send, type_text};
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::form::Form;

/// `app` drawn at the snapshot sizes, as `<name>_<width>x<height>`.
fn snapshots(app: &App, name: &str) {
    for (w, h) in crate::testkit::tui::SNAPSHOT_SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(app, w, h).backend());
    }
}

/// The delegation form, while it is open.
fn delegation_form(app: &App) -> Option<&Form<DelegationField>> {
    match &app.people.editing {
        Editing::Delegate { form, .. } => Some(form),
        _ => None,
    }
}

/// Thursday 26 November 2026, noon in Berlin.
const NOW: &str = "2026-11-26T12:00:00+01:00";

/// A journal with weekly 1:1s with Sam by address (moved, cancelled, declined ones), Sam a
/// direct report, an agenda line and a delegation.
fn coaching_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-20T18:00:00+01:00").unwrap();
    store
        .insert_entry(
            &crate::domain::NewEntry {
                kind: crate::domain::EntryKind::Reflection,
                at,
                body: "1:1 with @Sam.\nNext: agree on the on-call rota".into(),
            },
            None,
        )
        .unwrap();
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/google-one-on-ones.ics",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    crate::app::calendars::import::import_as(
        &mut store,
        "dana",
        "dana.ics",
        &text,
        chrono_tz::Europe::Berlin,
        now,
    )
    .unwrap();
    let mut journal = Journal::new(store);
    people::link(&mut journal, "Sam", "s.okafor@example.com").unwrap();
    people::set_report(&mut journal, "Sam", true).unwrap();
    coaching::delegate(
        &mut journal,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        &coaching::NewDelegation {
            person: "Sam".into(),
            task: "Weekly status report".into(),
            done_looks_like: "sent by Friday noon, risks first".into(),
            authority: String::new(),
            check_in: chrono::NaiveDate::from_ymd_opt(2026, 12, 3),
            due: None,
            new_person: false,
        },
    )
    .unwrap();
    journal.into_store_for_tests()
}

#[test]
fn a_reports_page_shows_their_one_on_ones_agenda_and_delegations() {
    let mut app = app_at(coaching_store(), NOW);
    app.update(Action::ShowScreen(Screen::People));
    assert_eq!(app.screen, Screen::People);
    assert_eq!(app.people.people[0].name, "Sam", "reports come first");
    let text = screen(&app, 160, 48).backend().to_string();
    assert!(text.contains("1:1 cancelled this week"), "{text}");
    assert!(
        text.contains("1:1s: last Tue 10 Nov 10:00 · next Tue 1 Dec 10:00 · 15 minutes a week"),
        "{text}"
    );
    assert!(text.contains("3 cancelled, declined or moved"), "{text}");
    assert!(text.contains("agree on the on-call rota"), "{text}");
    assert!(text.contains("#1 Weekly status report"), "{text}");
    assert!(
        text.contains("done looks like: sent by Friday noon"),
        "{text}"
    );
    snapshots(&app, "people_report");
    // The top agenda item is discussed: gone, and it stays gone.
    app.update(Action::AgendaDone);
    assert!(app.people.agenda.is_empty());
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("Discussed: agree on the on-call rota")
    );
    // Something to raise is added from here, and a blank one is refused in the form.
    app.update(Action::AddAgendaItem);
    app.update(Action::Save);
    assert!(app.people.agenda.is_empty(), "nothing added");
    crate::testkit::tui::type_text(&mut app, "the conference budget");
    app.update(Action::Save);
    let texts: Vec<&str> = app.people.agenda.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(texts, ["the conference budget"]);
}

#[test]
fn delegations_are_added_and_closed_from_the_people_screen() {
    let mut app = app_at(coaching_store(), NOW);
    app.update(Action::ShowScreen(Screen::People));
    app.update(Action::NewDelegation);
    assert!(delegation_form(&app).is_some());
    snapshots(&app, "delegation_form");
    type_text(&mut app, "Release notes");
    // Without what done looks like, it is refused at that field.
    app.update(Action::Save);
    let form = delegation_form(&app).expect("refused, the form stays");
    assert_eq!(form.focus, 1);
    type_text(&mut app, "Published on Thursdays");
    app.update(Action::NextField);
    app.update(Action::NextField);
    type_text(&mut app, "fri");
    app.update(Action::Save);
    assert!(delegation_form(&app).is_none(), "saved");
    let open: Vec<&str> = app
        .people
        .open_delegations()
        .map(|d| d.task.as_str())
        .collect();
    // Soonest check-in first: Friday 27 November before 3 December.
    assert_eq!(open, ["Release notes", "Weekly status report"]);
    assert_eq!(
        app.people.delegations[0].check_in_on,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 27)
    );
    // Close the first (the form is prefilled with it): done.
    send(&mut app, [Action::CloseDelegation, Action::Save]);
    let open: Vec<&str> = app
        .people
        .open_delegations()
        .map(|d| d.task.as_str())
        .collect();
    assert_eq!(open, ["Weekly status report"]);
}

#[test]
fn today_says_why_its_prompt_and_what_to_raise_at_todays_one_on_one() {
    // Tuesday 1 December, 08:00: the 1:1 with Sam at 10:00; no check-in since 10 November.
    let app = app_at(coaching_store(), "2026-12-01T08:00:00+01:00");
    assert_eq!(
        app.today.prompt_reason(),
        Some("No check-in with Sam for 21 days.")
    );
    let text = screen(&app, 160, 48).backend().to_string();
    assert!(text.contains("Prompt of the day · for this week"), "{text}");
    assert!(text.contains("No check-in with Sam for 21 days."), "{text}");
    assert!(
        text.contains("→ raise with Sam: agree on the on-call rota"),
        "{text}"
    );
    snapshots(&app, "today_agenda");
}

#[test]
fn the_review_puts_reports_first_and_asks_what_done_looks_like() {
    let mut app = app_at(coaching_store(), NOW);
    app.update(Action::ShowScreen(Screen::Review));
    let text = screen(&app, 160, 48).backend().to_string();
    assert!(text.contains("Your reports' 1:1s"), "{text}");
    assert!(
        text.contains("Sam: 23 minutes a week, 2 cancelled"),
        "{text}"
    );
    assert!(text.contains("! cancelled this week"), "{text}");
    assert!(
        text.contains("Delegated: what does done look like?"),
        "{text}"
    );
    assert!(
        text.contains("Weekly status report (Sam): done when sent by Friday noon"),
        "{text}"
    );
}

#[test]
fn marking_a_report_keeps_the_selection_on_that_person() {
    let mut store = Store::open_in_memory().unwrap();
    for (day, body) in [(23, "@Ann"), (24, "@Bo"), (25, "@Cy")] {
        let at =
            chrono::DateTime::parse_from_rfc3339(&format!("2026-11-{day}T09:00:00+01:00")).unwrap();
        store
            .insert_entry(
                &crate::domain::NewEntry {
                    kind: crate::domain::EntryKind::Reflection,
                    at,
                    body: body.into(),
                },
                None,
            )
            .unwrap();
    }
    let mut app = app_at(store, NOW);
    app.update(Action::ShowScreen(Screen::People));
    let selected = |app: &App| {
        let i = app.people.list.selected().unwrap();
        app.people.people[i].name.clone()
    };
    app.update(Action::CursorDown);
    app.update(Action::CursorDown);
    let chosen = selected(&app);
    app.update(Action::ToggleReport);
    assert_eq!(app.people.reports, std::slice::from_ref(&chosen));
    // Reports come first: the list moved, the selection went with the person.
    assert_eq!(app.people.people[0].name, chosen);
    assert_eq!(selected(&app), chosen);
    app.update(Action::NewDelegation);
    let title = screen(&app, 80, 24).backend().to_string();
    assert!(title.contains(&format!("Delegate to {chosen}")), "{title}");
}

#[test]
fn dates_from_another_year_say_which_year() {
    let mut store = Store::open_in_memory().unwrap();
    for (at, topic) in [
        ("2025-12-02T12:30:00+01:00", "Career path"),
        ("2026-11-30T12:30:00+01:00", "Feedback"),
    ] {
        store
            .insert_conversation(&crate::store::NewConversation {
                person: "Yuki",
                topic,
                planned_at: Some(chrono::DateTime::parse_from_rfc3339(at).unwrap()),
                stay_interview: false,
                event_uid: None,
            })
            .unwrap();
    }
    let mut app = app_at(store, NOW);
    app.update(Action::ShowScreen(Screen::Conversations));
    let text = screen(&app, 80, 24).backend().to_string();
    assert!(text.contains("Tue 2 Dec 2025 12:30"), "{text}");
    assert!(text.contains("Mon 30 Nov 12:30 "), "{text}");
    assert!(
        !text.contains("2026"),
        "this year's dates need no year: {text}"
    );
}
