//! History and Review: update tests against a real store and an injected clock, and
//! render snapshots.

use crate::io::editor::Edited;
use chrono::DateTime;
use ratatui_textarea::Key as TextKey;

use super::{DateField, Editing, FilterField};
use crate::domain::history::ItemId;
use crate::domain::{EntryKind, NewEntry};
use crate::store::{NewConversation, Store};
use crate::testkit::tui::{app_at, edit_key, keys, screen, send, type_text};
use crate::tui::action::Action;
use crate::tui::app::{App, Screen, Task};
use crate::tui::context::EditTarget;
use crate::tui::form::Form;

/// Sunday 22 November 2026, Berlin.
pub(crate) const NOW: &str = "2026-11-22T09:30:00+01:00";

pub(crate) fn add(store: &mut Store, at: &str, kind: EntryKind, body: &str) -> i64 {
    store
        .insert_entry(
            &NewEntry {
                kind,
                at: DateTime::parse_from_rfc3339(at).unwrap(),
                body: body.into(),
            },
            None,
        )
        .unwrap()
        .id
}

/// A small journal: entries over two weeks, a month and a year back, and a conversation.
pub(crate) fn journal() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    add(
        &mut s,
        "2025-11-22T09:00:00+01:00",
        EntryKind::Reflection,
        "A year ago: my first week as a manager #growth",
    );
    add(
        &mut s,
        "2026-10-22T09:00:00+02:00",
        EntryKind::Reflection,
        "First skip-level with @Lee #growth",
    );
    add(
        &mut s,
        "2026-11-10T09:00:00+01:00",
        EntryKind::Note,
        "Hiring loop notes #hiring",
    );
    add(
        &mut s,
        "2026-11-16T09:00:00+01:00",
        EntryKind::Reflection,
        "Budget planning ran long #planning with @Sam",
    );
    add(
        &mut s,
        "2026-11-18T18:00:00+01:00",
        EntryKind::Reflection,
        "Delegated the release to @Ana. Felt uneasy, but right.",
    );
    add(
        &mut s,
        "2026-11-20T17:30:00+01:00",
        EntryKind::Reflection,
        "Feedback for @Sam about missed deadlines went well #feedback",
    );
    add(
        &mut s,
        "2026-11-21T08:00:00+01:00",
        EntryKind::Note,
        "Idea: rotate the on-call lead #planning",
    );
    s.insert_conversation(&NewConversation {
        person: "Sam",
        topic: "Missed deadlines",
        planned_at: Some(DateTime::parse_from_rfc3339("2026-11-19T10:00:00+01:00").unwrap()),
        stay_interview: false,
        event_uid: None,
    })
    .unwrap();
    s
}

pub(crate) fn text(app: &App, w: u16, h: u16) -> String {
    screen(app, w, h).backend().to_string()
}

/// The filter form, while it is open.
fn filter_form(app: &App) -> Option<&Form<FilterField>> {
    match &app.history.editing {
        Editing::Filter(form) => Some(form),
        _ => None,
    }
}

/// The go-to-date form, while it is open.
fn go_to_form(app: &App) -> Option<&Form<DateField>> {
    match &app.history.editing {
        Editing::GoToDate(form) => Some(form),
        _ => None,
    }
}

fn titles(app: &App) -> Vec<String> {
    app.history.rows.iter().map(|r| r.title.clone()).collect()
}

pub(crate) fn history(store: Store) -> App {
    let mut app = app_at(store, NOW);
    app.update(Action::ShowScreen(Screen::History));
    assert_eq!(app.screen, Screen::History);
    app
}

#[test]
fn history_lists_everything_newest_first_with_a_preview_that_follows() {
    let mut app = history(journal());
    assert_eq!(app.history.total, 8);
    assert_eq!(titles(&app)[0], "Idea: rotate the on-call lead #planning");
    assert_eq!(titles(&app)[2], "Missed deadlines · with Sam");
    assert!(
        app.history
            .preview
            .as_ref()
            .unwrap()
            .heading
            .starts_with("note · Sat 21 Nov 2026")
    );
    app.update(Action::CursorDown);
    app.update(Action::CursorDown);
    let preview = app.history.preview.clone().unwrap();
    assert_eq!(preview.id, ItemId::Conversation(1));
    assert!(
        preview.heading.contains("conversation with Sam"),
        "{}",
        preview.heading
    );
    app.update(Action::CursorUp);
    assert!(
        app.history
            .preview
            .unwrap()
            .body
            .starts_with("Feedback for @Sam")
    );
}

#[test]
fn search_finds_as_you_type_with_matches_marked_and_closing_it_returns_to_the_list() {
    let mut app = history(journal());
    app.update(Action::StartSearch);
    type_text(&mut app, "feed");
    // The word being typed is a prefix; digits and q type rather than switch or quit.
    assert_eq!(
        titles(&app),
        ["Feedback for @Sam about missed deadlines went well #feedback"]
    );
    let snippet = app.history.rows[0].snippet.clone().unwrap();
    assert!(snippet.contains("\u{2}Feedback\u{3}"), "{snippet}");
    // Typed through the keymap: these keys are commands elsewhere.
    keys(&mut app, " q1");
    assert!(app.running);
    assert_eq!(app.screen, Screen::History);
    assert_eq!(app.history.search.as_ref().unwrap().query, "feed q1");
    assert!(app.history.rows.is_empty());
    assert!(text(&app, 80, 24).contains("No matches"));
    // Backspace widens it again; a phrase matches words in order.
    for _ in 0..3 {
        edit_key(&mut app, TextKey::Backspace);
    }
    assert_eq!(app.history.rows.len(), 1);
    app.update(Action::Back);
    assert!(app.history.search.is_none());
    assert_eq!(app.history.rows.len(), 8);
    app.update(Action::StartSearch);
    type_text(&mut app, "\"missed deadlines\"");
    assert_eq!(app.history.rows.len(), 2, "the entry and the conversation");
    // Finishing the search keeps the results and hands the keys back to the list.
    send(&mut app, [Action::FinishSearch, Action::CursorDown]);
    assert_eq!(app.history.selection.selected(), Some(1));
    app.update(Action::Back);
    assert_eq!(app.history.rows.len(), 8);
}

#[test]
fn filters_combine_and_bad_values_are_refused_at_their_field() {
    let mut app = history(journal());
    app.update(Action::OpenFilter);
    type_text(&mut app, "#planning");
    app.update(Action::Save);
    assert!(filter_form(&app).is_none());
    assert_eq!(app.history.total, 2);
    // Add a date range: tag and dates together.
    app.update(Action::OpenFilter);
    for _ in 0..3 {
        app.update(Action::NextField);
    }
    type_text(&mut app, "2026-11-17");
    app.update(Action::Save);
    assert_eq!(titles(&app), ["Idea: rotate the on-call lead #planning"]);
    assert!(text(&app, 100, 30).contains("#planning from 2026-11-17"));
    // An end before the start is refused and changes nothing.
    app.update(Action::OpenFilter);
    for _ in 0..4 {
        app.update(Action::NextField);
    }
    type_text(&mut app, "2026-11-01");
    app.update(Action::Save);
    let form = filter_form(&app).expect("the form stays open");
    assert_eq!(form.error.as_ref().map(|e| e.0), Some(4));
    app.update(Action::CancelForm);
    assert_eq!(app.history.total, 1);
    // Clearing the filters removes every one; then person and kind.
    app.update(Action::ClearFilters);
    assert_eq!(app.history.total, 8);
    app.update(Action::OpenFilter);
    app.update(Action::NextField);
    type_text(&mut app, "@sam");
    app.update(Action::NextField);
    type_text(&mut app, "conv");
    app.update(Action::Save);
    assert_eq!(titles(&app), ["Missed deadlines · with Sam"]);
    // An unknown kind is refused.
    app.update(Action::OpenFilter);
    app.update(Action::NextField);
    app.update(Action::NextField);
    edit_key(&mut app, TextKey::End);
    type_text(&mut app, "x");
    app.update(Action::Save);
    assert_eq!(
        filter_form(&app)
            .and_then(|f| f.error.as_ref())
            .map(|e| e.0),
        Some(2)
    );
}

#[test]
fn on_this_day_and_the_streak_follow_the_injected_clock() {
    let mut app = history(journal());
    assert_eq!(
        app.history.streak, 2,
        "the 20th and 21st; nothing yet on the 22nd"
    );
    assert!(text(&app, 80, 24).contains("Streak 2 days"));
    app.update(Action::ToggleOnThisDay);
    assert!(app.history.on_this_day);
    let days: Vec<String> = app.history.rows.iter().map(|r| r.day.to_string()).collect();
    assert_eq!(days, ["2026-10-22", "2025-11-22"]);
    app.update(Action::ToggleOnThisDay);
    assert_eq!(app.history.total, 8);
    // A day later with nothing written on the 22nd: the streak is over.
    let mut later = app_at(journal(), "2026-11-23T09:00:00+01:00");
    later.update(Action::ShowScreen(Screen::History));
    assert_eq!(later.history.streak, 0);
    assert!(text(&later, 80, 24).contains("No streak"));
}

#[test]
fn editing_in_place_autosaves_and_updates_tags() {
    let mut app = history(journal());
    app.update(Action::OpenItem);
    assert!(app.history.entry_editor().is_some());
    type_text(&mut app, " #oncall");
    app.handle(crate::tui::event::Event::Tick);
    let e = app.journal.store_for_tests().entry(7).unwrap().unwrap();
    assert_eq!(e.body, "Idea: rotate the on-call lead #planning #oncall");
    assert_eq!(e.tags, ["planning", "oncall"]);
    app.update(Action::Back);
    assert!(app.history.entry_editor().is_none());
    assert_eq!(
        titles(&app)[0],
        "Idea: rotate the on-call lead #planning #oncall"
    );
}

#[test]
fn editing_in_the_external_editor_replaces_the_text() {
    let mut app = history(journal());
    app.update(Action::OpenExternalEditor);
    let seven = |app: &App| {
        let e = app.journal.store_for_tests().entry(7).unwrap().unwrap();
        EditTarget::Entry(Box::new(e))
    };
    let loaded = seven(&app);
    assert_eq!(
        app.pending,
        Some(Task::ExternalEdit {
            target: loaded.clone(),
            text: "Idea: rotate the on-call lead #planning".into()
        })
    );
    app.pending = None;
    app.handle(crate::tui::event::Event::ExternalEditFinished(
        loaded,
        Ok(Edited::plain("Rewritten in vim #tools\n")),
    ));
    assert_eq!(
        app.journal
            .store_for_tests()
            .entry(7)
            .unwrap()
            .unwrap()
            .body,
        "Rewritten in vim #tools"
    );
    assert_eq!(titles(&app)[0], "Rewritten in vim #tools");
    // An editor that comes back empty keeps the entry.
    app.update(Action::OpenExternalEditor);
    let loaded = seven(&app);
    app.handle(crate::tui::event::Event::ExternalEditFinished(
        loaded,
        Ok(Edited::plain("\n")),
    ));
    assert_eq!(
        app.journal
            .store_for_tests()
            .entry(7)
            .unwrap()
            .unwrap()
            .body,
        "Rewritten in vim #tools"
    );
    assert!(app.status.as_ref().unwrap().is_error);
}

#[test]
fn delete_asks_first() {
    let mut app = history(journal());
    app.update(Action::DeleteItem);
    assert!(matches!(
        app.history.editing,
        Editing::ConfirmDelete(ItemId::Entry(7))
    ));
    assert!(text(&app, 80, 24).contains("Delete this note of Sat 21 Nov 2026?"));
    app.update(Action::CloseOverlay);
    assert!(app.journal.store_for_tests().entry(7).unwrap().is_some());
    send(&mut app, [Action::DeleteItem, Action::Confirm]);
    assert!(app.journal.store_for_tests().entry(7).unwrap().is_none());
    assert_eq!(app.history.total, 7);
    assert_eq!(app.history.selection.selected(), Some(0));
    assert!(app.history.preview.unwrap().body.starts_with("Feedback"));
}

#[test]
fn go_to_date_lands_on_that_day_or_the_nearest_before() {
    let mut app = history(journal());
    app.update(Action::GoToDate);
    type_text(&mut app, "2026-11-18");
    app.update(Action::Save);
    assert_eq!(
        app.history.selected().unwrap().day.to_string(),
        "2026-11-18"
    );
    assert!(app.history.has_newer);
    app.update(Action::GoToDate);
    type_text(&mut app, "2026-11-12");
    app.update(Action::Save);
    assert_eq!(
        app.history.selected().unwrap().day.to_string(),
        "2026-11-10"
    );
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("Nothing on Thu 12 Nov 2026")
    );
    // Before the journal began: the oldest entry.
    app.update(Action::GoToDate);
    type_text(&mut app, "2020-01-01");
    app.update(Action::Save);
    assert_eq!(
        app.history.selected().unwrap().day.to_string(),
        "2025-11-22"
    );
    app.update(Action::GoToDate);
    type_text(&mut app, "2026-02-30");
    app.update(Action::Save);
    assert!(
        go_to_form(&app).unwrap().error.is_some(),
        "an impossible date is refused"
    );
}

#[test]
fn a_long_history_is_read_a_page_at_a_time_in_both_directions() {
    let mut store = Store::open_in_memory().unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    for i in 0..300 {
        let day = start + chrono::Duration::days(i);
        add(
            &mut store,
            &format!("{day}T09:00:00+01:00"),
            EntryKind::Reflection,
            &format!("day {i}"),
        );
    }
    let mut app = history(store);
    assert_eq!(app.history.total, 300);
    assert!(app.history.rows.len() < 300);
    for _ in 0..150 {
        app.update(Action::CursorDown);
    }
    assert_eq!(app.history.selected().unwrap().title, "day 149");
    app.update(Action::Last);
    assert_eq!(app.history.selected().unwrap().title, "day 0");
    for _ in 0..30 {
        app.update(Action::PageUp);
    }
    assert_eq!(app.history.selected().unwrap().title, "day 299");
    // Every row appears once, in order.
    let mut seen: Vec<String> = app.history.rows.iter().map(|r| r.title.clone()).collect();
    seen.dedup();
    assert_eq!(seen.len(), app.history.rows.len());
    app.update(Action::First);
    assert_eq!(app.history.selected().unwrap().title, "day 299");
}

#[test]
fn history_and_review_render_at_every_size() {
    let mut app = app_at(journal(), NOW);
    for shown in [Screen::History, Screen::Review] {
        app.update(Action::ShowScreen(shown));
        for (w, h) in [
            (0, 0),
            (1, 1),
            (20, 5),
            (49, 13),
            (50, 14),
            (80, 24),
            (300, 100),
        ] {
            screen(&app, w, h);
        }
    }
    app.update(Action::ShowScreen(Screen::History));
    app.update(Action::StartSearch);
    type_text(&mut app, "growth");
    for (w, h) in [(0, 0), (50, 14), (300, 100)] {
        screen(&app, w, h);
    }
}

#[test]
fn the_word_being_typed_is_a_prefix_from_two_letters() {
    use super::as_you_type;
    assert_eq!(as_you_type("feed"), "feed*");
    assert_eq!(as_you_type("f"), "f");
    assert_eq!(as_you_type("feed "), "feed ");
    assert_eq!(as_you_type("deleg*"), "deleg*");
    assert_eq!(as_you_type("\"small wi"), "\"small wi");
    assert_eq!(as_you_type("\"small win\""), "\"small win\"");
    assert_eq!(as_you_type("\"small win\" te"), "\"small win\" te*");
}

#[test]
fn the_heatmap_names_its_months() {
    let app = history(journal());
    let text = text(&app, 100, 30);
    let months = text.lines().nth(2).unwrap_or_default();
    for month in ["Sep", "Oct", "Nov"] {
        assert!(months.contains(month), "{month}: {text}");
    }
}

#[test]
fn the_heatmap_names_no_month_it_cannot_finish_and_counts_one_day_as_one() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_entry(
            &NewEntry {
                kind: EntryKind::Reflection,
                at: DateTime::parse_from_rfc3339("2026-12-01T08:00:00+01:00").unwrap(),
                body: "First day of December".into(),
            },
            None,
        )
        .unwrap();
    let mut app = app_at(store, "2026-12-01T09:00:00+01:00");
    app.update(Action::ShowScreen(Screen::History));
    for (w, h) in [(80, 24), (200, 60)] {
        let text = screen(&app, w, h).backend().to_string();
        assert!(text.contains("Streak 1 day · 1 day written"), "{text}");
        let months = text
            .lines()
            .find(|l| l.contains("Nov") || l.contains("Sep"))
            .unwrap_or_default();
        // The heatmap is the panel on the right.
        let months = months.rsplit("││").next().unwrap_or_default();
        let cut = months
            .split(|c: char| !c.is_alphabetic())
            .any(|word| (1..3).contains(&word.chars().count()));
        assert!(!cut, "{w}x{h}: a month name cut short: {months}");
    }
}
