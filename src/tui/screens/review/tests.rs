//! The weekly review: answered, autosaved, found in History; and its snapshots.

use crate::domain::EntryKind;
use crate::domain::history::ItemId;
use crate::store::{JournalFilter, SearchOptions};
use crate::testkit::tui::{app_at, calendar, import, send, type_text};
use crate::tui::action::Action;
use crate::tui::app::Screen;
use crate::tui::screens::history::tests::{NOW, journal, text};

#[test]
fn the_weekly_review_is_answered_autosaved_found_by_search_and_ends_the_reminder() {
    let mut app = app_at(journal(), NOW);
    // Entries before this week and no review of last week: Today reminds.
    assert!(text(&app, 80, 24).contains("Last week's review is missing"));
    // On a Sunday the Review opens on this week, and "this week" stays there...
    app.update(Action::ShowScreen(Screen::Review));
    assert_eq!(app.review.week.unwrap().to_string(), "2026-11-16");
    app.update(Action::PreviousWeek);
    app.update(Action::ThisWeek);
    assert_eq!(app.review.week.unwrap().to_string(), "2026-11-16");
    // ...and Today's reminder opens last week's, saying so.
    app.update(Action::ShowScreen(Screen::Today));
    assert!(text(&app, 80, 24).contains("Last week's review is missing: R to write it"));
    app.update(Action::WriteMissingReview);
    assert_eq!(app.screen, Screen::Review);
    assert_eq!(app.review.week.unwrap().to_string(), "2026-11-09");
    assert!(text(&app, 160, 48).contains("Last week's review (9 Nov – 15 Nov) is missing"));
    app.update(Action::NextWeek);
    let summary = app.review.summary.as_ref().unwrap();
    assert_eq!(summary.entries.len(), 4);
    app.update(Action::PreviousWeek);
    app.update(Action::StartWriting);
    type_text(&mut app, "Hiring ate the week");
    send(
        &mut app,
        [Action::NextField, Action::NextField, Action::NextField],
    );
    type_text(&mut app, "@Lee, about #growth");
    app.handle(crate::tui::event::Event::Tick);
    let review = app
        .journal
        .store_for_tests()
        .review_for(app.review.week.unwrap())
        .unwrap()
        .expect("saved on the tick");
    assert_eq!(review.kind, EntryKind::Review);
    assert_eq!(review.people, ["Lee"]);
    let hits = app
        .journal
        .store_for_tests()
        .search_journal(
            "hiring ate",
            &JournalFilter::default(),
            5,
            SearchOptions::EVERY_MATCH,
        )
        .unwrap()
        .unwrap();
    assert_eq!(
        (hits[0].kind.as_str(), hits[0].id),
        ("review", ItemId::Entry(review.id))
    );
    app.update(Action::Back);
    app.update(Action::ShowScreen(Screen::Today));
    assert!(!text(&app, 80, 24).contains("review is missing"));
    // Coming back to the week shows the answers again.
    let mut again = app_at(app.journal.into_store_for_tests(), NOW);
    again.update(Action::ShowScreen(Screen::Review));
    again.update(Action::PreviousWeek);
    again.update(Action::NextWeek);
    again.update(Action::PreviousWeek);
    let answers = again.review.answers.as_ref().unwrap();
    assert_eq!(answers.field(0).trim_end(), "Hiring ate the week");
    assert_eq!(answers.field(3).trim_end(), "@Lee, about #growth");
    // What is typed into an answer that has text starts a line of its own.
    again.update(Action::StartWriting);
    type_text(&mut again, "More");
    assert_eq!(
        again.review.answers.as_ref().unwrap().field(0),
        "Hiring ate the week\nMore"
    );
    again.update(Action::Back);
    // It is in History, as a weekly review.
    again.update(Action::ShowScreen(Screen::History));
    assert!(text(&again, 120, 30).contains("review"));
}

#[test]
fn an_untouched_review_writes_nothing() {
    let mut app = app_at(journal(), NOW);
    app.update(Action::ShowScreen(Screen::Review));
    app.update(Action::StartWriting);
    app.update(Action::NextField);
    app.handle(crate::tui::event::Event::Tick);
    app.update(Action::Back);
    assert!(
        app.journal
            .store_for_tests()
            .review_for(app.review.week.unwrap())
            .unwrap()
            .is_none()
    );
}

#[test]
fn the_review_says_which_meeting_invaded_which_block() {
    use crate::domain::block::{BlockSpec, Repeat};
    let mut store = crate::store::Store::open_in_memory().unwrap();
    let start =
        chrono::NaiveDateTime::parse_from_str("2026-11-17 09:00", "%Y-%m-%d %H:%M").unwrap();
    let spec = BlockSpec {
        title: "Vision work".into(),
        intention: String::new(),
        start,
        minutes: 120,
        repeat: Repeat::Once,
    };
    store
        .insert_block(&spec, chrono_tz::Europe::Berlin)
        .unwrap();
    let ics = calendar(&[(
        "status@test",
        "20261117T083000Z",
        "20261117T090000Z",
        "Status sync",
    )]);
    import(&mut store, &ics, NOW);
    store
        .set_classification(
            "status@test",
            crate::store::SERIES,
            crate::domain::event::Category::Managing,
        )
        .unwrap();
    let mut app = app_at(store, NOW);
    app.update(Action::ShowScreen(Screen::Review));
    assert_eq!(app.review.week.unwrap().to_string(), "2026-11-16");
    let text = text(&app, 120, 40);
    assert!(
        text.contains("'Status sync' invaded Vision work (Tue 09:00)"),
        "{text}"
    );
}
