//! The Audit screen and imported events on the Week screen: updates and snapshots.

use super::unclassified_series;
use crate::app::classify;
use crate::domain::event::{Category, WHOLE_SERIES};
use crate::store::Store;
use crate::testkit::fixture;
use crate::testkit::tui::{app_at, screen};
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use chrono_tz::Europe::Berlin;

/// Wednesday 25 November 2026, 12:00 in Berlin: the fixtures' week.
const NOW: &str = "2026-11-25T12:00:00+01:00";

pub(crate) fn store_with(files: &[&str]) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    for f in files {
        crate::app::calendars::import::import_as(&mut store, f, f, &fixture(f), Berlin, now)
            .unwrap();
    }
    store
}

pub(crate) fn app(store: Store) -> App {
    app_at(store, NOW)
}

#[test]
fn the_audit_screen_shows_the_week_and_a_twelve_week_trend() {
    let mut app = app(store_with(&[
        "google.ics",
        "outlook.ics",
        "thunderbird.ics",
    ]));
    app.update(Action::ShowScreen(Screen::Audit));
    assert_eq!(app.screen, Screen::Audit);
    let report = app.audit.report.clone().unwrap();
    assert_eq!(report.from, "2026-11-23");
    assert_eq!(report.hours.managing, 1.25 + 3.5 + 1.0);
    assert_eq!(app.audit.trend.len(), 12);
    assert_eq!(app.audit.trend.last().unwrap().1, report.leading_share);
    app.update(Action::PreviousWeek);
    assert_eq!(app.audit.report.as_ref().unwrap().from, "2026-11-16");
    app.update(Action::ThisWeek);
    assert_eq!(app.audit.report.as_ref().unwrap().from, "2026-11-23");
}

#[test]
fn one_key_classifies_an_unclassified_series() {
    let mut app = app(store_with(&["thunderbird.ics", "messy.ics"]));
    app.update(Action::ShowScreen(Screen::Audit));
    let before = unclassified_series(app.audit.report.as_ref().unwrap());
    assert_eq!(before[0].title, "Daily check");
    assert_eq!(before[0].count, 7);
    app.update(Action::ClassifyAs(Category::Managing));
    let after = app.audit.report.clone().unwrap();
    assert!(
        unclassified_series(&after)
            .iter()
            .all(|s| s.title != "Daily check")
    );
    assert!(
        classify::choices(&app.journal, &before[0].uid)
            .unwrap()
            .contains(&(WHOLE_SERIES, Category::Managing))
    );
    app.update(Action::CursorDown);
    let second = unclassified_series(&after)[1].clone();
    app.update(Action::ClassifyAs(Category::Leading));
    assert!(
        classify::choices(&app.journal, &second.uid)
            .unwrap()
            .contains(&(WHOLE_SERIES, Category::Leading))
    );
}

#[test]
fn the_week_shows_imported_events_and_cycles_their_category() {
    let mut app = app(store_with(&["google.ics"]));
    app.update(Action::ShowScreen(Screen::Week));
    assert_eq!(app.week.events.len(), 7);
    app.week.day = 0;
    app.week.slot = 0;
    app.week.selected = None;
    app.update(Action::NextItem);
    let (event, category) = app.week.selected_event().cloned().unwrap();
    assert_eq!(
        (event.title.as_str(), category),
        ("Team stand-up", Category::Managing)
    );
    // Opening the event shows its details, as it does a block's.
    app.update(Action::OpenItem);
    assert!(
        app.overlay.is_none()
            && matches!(
                app.week.editing,
                crate::tui::screens::week::Editing::Details
            )
    );
    let shown = screen(&app, 100, 30).backend().to_string();
    for words in [
        "Calendar event",
        "Team stand-up",
        "Mon 23 Nov 09:30–09:45 (15 min)",
        "Calendar google.ics · managing",
        "3 attendees",
        "event: next category, whole series",
    ] {
        assert!(shown.contains(words), "{words}: {shown}");
    }
    app.update(Action::CloseOverlay);
    assert_eq!(app.overlay, None);
    assert!(matches!(
        app.week.editing,
        crate::tui::screens::week::Editing::Nothing
    ));
    app.update(Action::CycleSeriesCategory);
    assert!(
        classify::choices(&app.journal, &event.uid)
            .unwrap()
            .contains(&(WHOLE_SERIES, Category::Leading))
    );
    assert!(
        app.week
            .events
            .iter()
            .filter(|(e, _)| e.uid == event.uid)
            .all(|(_, c)| *c == Category::Leading)
    );
    app.update(Action::CycleEventCategory);
    let mine = app
        .week
        .events
        .iter()
        .find(|(e, _)| e.uid == event.uid && e.key == event.key)
        .unwrap()
        .1;
    assert_eq!(
        mine,
        Category::Excluded,
        "this event's category changes only this occurrence"
    );
    let others: Vec<Category> = app
        .week
        .events
        .iter()
        .filter(|(e, _)| e.uid == event.uid && e.key != event.key)
        .map(|(_, c)| *c)
        .collect();
    assert!(others.iter().all(|c| *c == Category::Leading), "{others:?}");
    // All-day events show their titles in a strip under the day headers.
    let text = screen(&app, 120, 40).backend().to_string();
    let strip = text.lines().nth(3).unwrap_or_default();
    assert!(
        strip.contains("allday") && strip.contains("Team offsite"),
        "{text}"
    );
}

#[test]
fn audit_and_week_render_at_every_size_without_panic() {
    let mut app = app(store_with(&["google.ics", "messy.ics"]));
    for s in [Screen::Audit, Screen::Week] {
        app.update(Action::ShowScreen(s));
        for (w, h) in [
            (0, 0),
            (1, 1),
            (20, 5),
            (50, 14),
            (60, 20),
            (80, 24),
            (300, 100),
        ] {
            screen(&app, w, h);
        }
    }
}

#[test]
fn without_a_calendar_the_audit_says_so_and_how_to_import() {
    let mut app = app(Store::open_in_memory().unwrap());
    app.update(Action::ShowScreen(Screen::Audit));
    let text = screen(&app, 100, 30).backend().to_string();
    assert!(text.contains("No calendar imported yet"), "{text}");
    assert!(text.contains("bearing import"), "{text}");
    assert!(
        !text.contains("Every event this week is classified"),
        "{text}"
    );
    // With a calendar whose events are all classified, it says that instead.
    let mut app = app_with_everything_classified();
    app.update(Action::ShowScreen(Screen::Audit));
    let text = screen(&app, 100, 30).backend().to_string();
    assert!(
        text.contains("Every event this week is classified"),
        "{text}"
    );
}

fn app_with_everything_classified() -> App {
    let mut store = store_with(&["thunderbird.ics"]);
    let report_app = {
        let mut a = app(store);
        a.update(Action::ShowScreen(Screen::Audit));
        let uids: Vec<String> = unclassified_series(a.audit.report.as_ref().unwrap())
            .into_iter()
            .map(|s| s.uid)
            .collect();
        for uid in uids {
            classify::series(&mut a.journal, &uid, Category::Managing).unwrap();
        }
        a
    };
    store = report_app.journal.into_store_for_tests();
    app(store)
}

#[test]
fn a_classification_is_undone_and_a_series_goes_back_to_the_rules() {
    let mut app = app(store_with(&["thunderbird.ics", "messy.ics"]));
    app.update(Action::ShowScreen(Screen::Audit));
    let first = unclassified_series(app.audit.report.as_ref().unwrap())[0].clone();
    app.update(Action::ClassifyAs(Category::Excluded));
    assert!(
        classify::choices(&app.journal, &first.uid)
            .unwrap()
            .contains(&(WHOLE_SERIES, Category::Excluded))
    );
    assert!(app.status.as_ref().unwrap().text.contains("u undoes it"));
    app.update(Action::Undo);
    assert!(
        classify::choices(&app.journal, &first.uid)
            .unwrap()
            .is_empty()
    );
    let again = unclassified_series(app.audit.report.as_ref().unwrap());
    assert_eq!(again[0].uid, first.uid, "it is unclassified again");
    app.update(Action::Undo);
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("Nothing to undo")
    );
    // Classified in Most hours, then handed back to the rules there.
    app.update(Action::ClassifyAs(Category::Leading));
    app.update(Action::CursorRight);
    let top = app.audit.report.as_ref().unwrap().top_series.clone();
    let at = top.iter().position(|s| s.uid == first.uid).unwrap();
    for _ in 0..at {
        app.update(Action::CursorDown);
    }
    app.update(Action::ReturnToRules);
    assert!(
        classify::choices(&app.journal, &first.uid)
            .unwrap()
            .is_empty()
    );
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("classified by the rules again")
    );
    app.update(Action::Undo);
    assert_eq!(
        classify::choices(&app.journal, &first.uid).unwrap(),
        [(WHOLE_SERIES, Category::Leading)]
    );
}

#[test]
fn at_a_large_size_the_panels_share_the_space_and_the_trend_has_its_axis() {
    let mut app = app(store_with(&[
        "google.ics",
        "outlook.ics",
        "thunderbird.ics",
    ]));
    app.update(Action::ShowScreen(Screen::Audit));
    let text = screen(&app, 200, 60).backend().to_string();
    let lines: Vec<&str> = text.lines().collect();
    let unclassified = lines
        .iter()
        .position(|l| l.contains("╭ Unclassified"))
        .unwrap();
    let rows_after = lines.len() - unclassified;
    let series = unclassified_series(app.audit.report.as_ref().unwrap()).len();
    assert!(rows_after <= series + 4, "{text}");
    let trend_top = lines
        .iter()
        .position(|l| l.contains("Leading share"))
        .unwrap();
    assert!(
        unclassified - trend_top > 20,
        "Most hours and the trend got the room: {text}"
    );
    assert!(lines[trend_top + 1].contains("100%"), "{text}");
    assert!(text.contains("│40%"), "{text}");
    assert!(text.contains("│0%"), "{text}");
}

#[test]
fn the_split_keeps_its_figures_when_warnings_and_unclassified_crowd_a_small_terminal() {
    let mut app = app(store_with(&[
        "google.ics",
        "google-attendance.ics",
        "google-one-on-ones.ics",
        "outlook.ics",
        "outlook-team.ics",
        "apple.ics",
        "thunderbird.ics",
        "zimbra.ics",
        "lotus.ics",
        "rules.ics",
        "messy.ics",
    ]));
    app.update(Action::ShowScreen(Screen::Audit));
    let report = app.audit.report.clone().unwrap();
    assert!(unclassified_series(&report).len() >= 3, "a crowded week");
    let text = screen(&app, 80, 24).backend().to_string();
    for figure in ["managing ", " leading · ", " not work", "Leadership blocks"] {
        assert!(text.contains(figure), "80x24: {figure:?} in\n{text}");
    }
    // At the smallest size the split still says the shares, and the week's heading is
    // not overwritten by the key hint.
    let text = screen(&app, 50, 14).backend().to_string();
    assert!(text.contains("managing ") && text.contains("% "), "{text}");
    assert!(text.contains(" Week 48 · 23 Nov"), "{text}");
    assert!(!text.contains("cale["), "{text}");
}

/// The trend's target line shows at every height, even a chart of three rows where every
/// week's bar reaches past it (it runs through the gaps between the bars).
#[test]
fn the_trend_shows_its_target_when_every_bar_reaches_it() {
    let mut app = app(store_with(&["google.ics"]));
    app.update(Action::ShowScreen(Screen::Audit));
    for (_, share) in app.audit.trend.iter_mut() {
        *share = Some(0.9);
    }
    for height in [20, 21, 22, 24, 30, 40] {
        let text = crate::testkit::tui::screen_text(&app, 80, height);
        let lines: Vec<&str> = text.lines().collect();
        let top = lines
            .iter()
            .position(|l| l.contains("Leading share"))
            .unwrap_or_else(|| panic!("{height}: no trend\n{text}"));
        let chart: Vec<&str> = lines[top + 1..]
            .iter()
            .take_while(|l| !l.contains('╰'))
            .copied()
            .collect();
        assert!(chart.len() >= 4, "{height}: {chart:#?}");
        assert!(
            chart.iter().any(|l| l.contains('┄')),
            "{height}: no target in\n{}",
            chart.join("\n")
        );
        assert!(chart.iter().any(|l| l.contains('█')), "{height}");
    }
}

/// The target line is drawn only where it has a row of its own above 0%: on a chart too
/// short for that, a line on the 0% row said the target was nothing.
#[test]
fn the_target_line_is_never_drawn_on_the_zero_row() {
    let mut app = app(store_with(&[
        "google.ics",
        "outlook.ics",
        "thunderbird.ics",
        "apple.ics",
    ]));
    app.update(Action::ShowScreen(Screen::Audit));
    for height in 16..=30 {
        let text = screen(&app, 80, height).backend().to_string();
        for line in text.lines().filter(|l| l.contains("│0% ")) {
            assert!(!line.contains('┄'), "at 80x{height}: {line}\n{text}");
        }
    }
}
