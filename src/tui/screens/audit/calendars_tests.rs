//! The interface and imported calendars: what the Week grid marks (declined, free,
//! tentative, in several calendars), when the calendars were read, and the refresh in
//! the background that the first frame never waits for.

use std::time::{Duration, Instant};

use crate::store::Store;
use crate::testkit::tui::{app_at, screen};
use crate::testkit::{HttpServer, Reply, fixture};
use crate::tui::action::Action;
use crate::tui::app::{Screen, Task};

/// Saturday 28 November 2026, noon in Berlin.
const NOW: &str = "2026-11-28T12:00:00+01:00";

fn store_with_two_calendars() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    let berlin = chrono_tz::Europe::Berlin;
    for f in ["google-attendance.ics", "outlook-team.ics"] {
        crate::app::calendars::import::import_as(&mut store, f, f, &fixture(f), berlin, now)
            .unwrap();
    }
    store
}

#[test]
fn the_week_marks_declined_free_and_tentative_time_and_draws_a_shared_meeting_once() {
    let mut app = app_at(store_with_two_calendars(), NOW);
    app.update(Action::ShowScreen(Screen::Week));
    assert_eq!(app.screen, Screen::Week);
    let titles: Vec<(&str, crate::domain::event::Attendance)> = app
        .week
        .events
        .iter()
        .map(|(e, _)| (e.title.as_str(), e.attendance))
        .collect();
    use crate::domain::event::Attendance::*;
    assert!(titles.contains(&("Budget review", Declined)), "{titles:?}");
    assert!(titles.contains(&("Optional: tech talk on caching", Free)));
    assert!(titles.contains(&("Reservation: rental car", Free)));
    assert_eq!(
        titles
            .iter()
            .filter(|(t, _)| *t == "Weekly status report review")
            .count(),
        1,
        "in two calendars, drawn once"
    );
    let review = app
        .week
        .events
        .iter()
        .find(|(e, _)| e.title == "Weekly status report review")
        .unwrap();
    assert_eq!(review.0.attendance, Tentative);
    assert_eq!(review.0.also_in.len(), 1);
    let text = screen(&app, 200, 60).backend().to_string();
    assert!(text.contains("✗ Budget"), "{text}");
    assert!(text.contains("○ Opt"), "{text}");
    assert!(text.contains("? Weekly status"), "{text}");
    assert!(text.contains("calendars read 12:00"), "{text}");
}

#[test]
fn a_failed_refresh_is_shown_on_the_week_and_the_audit() {
    let mut store = store_with_two_calendars();
    let team = store.calendar("outlook-team.ics").unwrap().unwrap();
    store
        .record_refresh_failure(team.id, "the server answered 500")
        .unwrap();
    let mut app = app_at(store, NOW);
    for (shown, screen_name) in [(Screen::Week, "week"), (Screen::Audit, "audit")] {
        app.update(Action::ShowScreen(shown));
        let text = screen(&app, 160, 40).backend().to_string();
        assert!(
            text.contains("! 'outlook-team.ics' could not be read again"),
            "{screen_name}: {text}"
        );
    }
}

#[test]
fn the_background_refresh_never_delays_the_interface_and_its_news_arrives() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let changed = fixture("outlook-team.ics").replace("Team stand-up", "Team stand-up (moved)");
    let server =
        HttpServer::answering(move |_| Reply::ok(changed.clone()).after(Duration::from_secs(5)));
    {
        // Imported a day ago from the address: stale after six hours.
        let mut store = Store::open(&path).unwrap();
        let source = crate::domain::source::Source::parse(&server.url("/team.ics"));
        let text = fixture("outlook-team.ics");
        crate::app::calendars::import::import_calendar(
            &mut store,
            &crate::app::calendars::import::ImportRequest {
                source: &source,
                text: &text,
                name: Some("team"),
                replace: false,
                force: false,
                calendar: None,
            },
            chrono_tz::Europe::Berlin,
            chrono::DateTime::parse_from_rfc3339("2026-11-27T12:00:00+01:00")
                .unwrap()
                .to_utc(),
        )
        .unwrap();
    }
    let mut app = app_at(Store::open(&path).unwrap(), NOW);
    let started = Instant::now();
    // The interface asks the app what to read again; the event loop starts the thread.
    app.handle(crate::tui::event::Event::Started);
    let Some(Task::RefreshCalendars(stale)) = app.pending.take() else {
        panic!("a stale calendar to read");
    };
    let receiver = crate::tui::refresh::start(stale);
    // The frame is drawn at once, saying the calendars are being read.
    app.update(Action::ShowScreen(Screen::Week));
    let text = screen(&app, 160, 40).backend().to_string();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(text.contains("reading calendars…"), "{text}");
    // The server answers five seconds later; the news changes the week.
    let done = receiver.recv_timeout(Duration::from_secs(30)).unwrap();
    assert!(started.elapsed() >= Duration::from_secs(5));
    assert_eq!(done.len(), 1);
    assert!(done[0].changed && done[0].error.is_none(), "{done:?}");
    app.handle(crate::tui::event::Event::CalendarsRefreshed(done));
    assert!(
        app.week
            .events
            .iter()
            .any(|(e, _)| e.title == "Team stand-up (moved)")
    );
    let said = &app.status.as_ref().unwrap().text;
    assert!(said.contains("Read 1 calendar again"), "{said}");
    assert!(
        !screen(&app, 160, 40)
            .backend()
            .to_string()
            .contains("reading calendars")
    );
}

/// A journal in memory cannot be reached from another connection: nothing is read again
/// in the background (the app's tests cover a file journal read recently).
#[test]
fn a_journal_in_memory_has_nothing_to_read_again() {
    for store in [Store::open_in_memory().unwrap(), store_with_two_calendars()] {
        let mut app = app_at(store, NOW);
        app.handle(crate::tui::event::Event::Started);
        assert_eq!(app.pending, None);
        assert!(app.calendars.refreshing.is_empty());
    }
}

#[test]
fn a_refresh_that_came_back_says_what_failed_first_or_how_many_were_read() {
    use crate::tui::refresh::{Refreshed, status};
    let read = |calendar: &str, changed: bool, error: Option<&str>| Refreshed {
        calendar: calendar.into(),
        source: String::new(),
        changed,
        error: error.map(String::from),
    };
    let failed = status(
        &[
            read("a", true, None),
            read("b", false, Some("the server answered 500")),
            read("c", false, Some("no such host")),
        ],
        false,
    )
    .unwrap();
    assert!(failed.is_error);
    assert!(failed.text.contains("'b'"), "{}", failed.text);
    let fine = status(&[read("a", false, None)], false).unwrap();
    assert!(!fine.is_error);
    assert!(fine.text.contains("Read 1 calendar again"), "{}", fine.text);
    // Nothing changed and the status line already says something: it is left alone.
    assert_eq!(status(&[read("a", false, None)], true), None);
    assert!(status(&[read("a", true, None)], true).is_some());
}
