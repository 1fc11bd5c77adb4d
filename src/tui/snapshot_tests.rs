//! Every screen and its main states drawn at the snapshot sizes (80x24 and 160x48), as
//! named insta snapshots (`<state>_<width>x<height>`), on the fixtures the screens' own
//! tests use.

use super::action::Action;
use super::app::{App, Screen};
use crate::domain::{EntryKind, NewEntry};
use crate::store::Store;
use crate::testkit::tui::{SNAPSHOT_SIZES, app_at, screen, send, type_text};

/// One test per state; each draws the state at every size.
macro_rules! snapshots {
    ($($name:ident => $build:expr;)*) => {$(
        #[test]
        fn $name() {
            let app: App = $build;
            for (w, h) in SNAPSHOT_SIZES {
                insta::assert_snapshot!(
                    format!("{}_{w}x{h}", stringify!($name)),
                    screen(&app, w, h).backend()
                );
            }
        }
    )*};
}

/// An app after `actions`.
fn after<const N: usize>(mut app: App, actions: [Action; N]) -> App {
    send(&mut app, actions);
    app
}

/// Today with a 24-line entry selected: it scrolls within the panel.
fn build_tall_entry() -> App {
    let mut store = crate::testkit::tui::busy_store();
    let body: Vec<String> = (1..=24)
        .map(|i| format!("Line {i} of a long evening reflection about @Sam and #growth."))
        .collect();
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-22T09:20:00+01:00").unwrap();
    store
        .insert_entry(
            &NewEntry {
                kind: EntryKind::Reflection,
                at,
                body: body.join("\n"),
            },
            None,
        )
        .unwrap();
    app_at(store, crate::testkit::tui::NOW)
}

fn build_week_details() -> App {
    let mut app = super::screens::week::tests::on_week(super::screens::week::tests::busy_store());
    app.update(Action::NextWeek);
    app.week.day = 2;
    app.week.slot = 16;
    app.week.select_at_cursor(chrono_tz::Europe::Berlin);
    after(app, [Action::OpenItem])
}

fn build_week_form_error() -> App {
    let mut app = super::screens::week::tests::on_week(Store::open_in_memory().unwrap());
    app.update(Action::NewBlock);
    type_text(
        &mut app,
        "Vision work with the whole leadership team and the new hires",
    );
    if let super::screens::week::Editing::New(form) = &mut app.week.editing {
        form.focus = 3;
    }
    app.update(Action::ClearField);
    type_text(&mut app, "0");
    after(app, [Action::Save])
}

fn build_today_writing() -> App {
    let mut app = after(
        app_at(crate::testkit::tui::busy_store(), crate::testkit::tui::NOW),
        [Action::StartWriting],
    );
    type_text(
        &mut app,
        "Who did I help today? @Sam with the rollout plan, @Ana with her promotion case. #help",
    );
    app.handle(crate::tui::event::Event::Tick);
    app
}

fn build_conversation_editor() -> App {
    let app =
        super::conversations_tests::app(super::conversations_tests::store_with_conversations());
    after(
        app,
        [
            Action::ShowScreen(Screen::Conversations),
            Action::CursorDown,
            Action::OpenConversation,
            Action::NextField,
        ],
    )
}

fn build_review_answering() -> App {
    let app = app_at(
        crate::tui::screens::history::tests::journal(),
        crate::tui::screens::history::tests::NOW,
    );
    let mut app = after(
        app,
        [Action::ShowScreen(Screen::Review), Action::StartWriting],
    );
    type_text(&mut app, "Budget season");
    app
}

/// The Calendars screen with the account's team calendar selected and asked to stop
/// reading it (both, then blocks).
fn build_calendars_confirm() -> App {
    use super::screens::calendars::tests::{on_calendars, store_with_account};
    after(
        on_calendars(store_with_account()),
        [
            Action::Last,
            Action::CycleCalendarRole,
            Action::CycleCalendarRole,
        ],
    )
}

/// The Calendars screen with published blocks, the blocks list having the keys on
/// `row` (as the blocks tests name rows: `conflict BLOCK` or `BLOCK`), after `then`.
fn build_calendars_blocks<const N: usize>(row: &str, then: [Action; N]) -> App {
    use super::screens::calendars::blocks_tests::{select_block, store_with_blocks};
    let mut app = super::screens::calendars::tests::on_calendars(store_with_blocks());
    select_block(&mut app, row);
    after(app, then)
}

fn build_history_search() -> App {
    let mut app = crate::tui::screens::history::tests::history(
        crate::tui::screens::history::tests::journal(),
    );
    app.update(Action::StartSearch);
    type_text(&mut app, "growth");
    app
}

snapshots! {
    today_empty => app_at(Store::open_in_memory().unwrap(), crate::testkit::tui::NOW);
    today_busy => app_at(crate::testkit::tui::busy_store(), crate::testkit::tui::NOW);
    today_writing => build_today_writing();
    today_tall_entry => build_tall_entry();
    today_tall_entry_scrolled => after(build_tall_entry(), [Action::ScrollPreviewDown, Action::ScrollPreviewDown, Action::ScrollPreviewDown]);
    today_editing_entry => after(app_at(crate::testkit::tui::busy_store(), crate::testkit::tui::NOW), [Action::OpenItem]);
    help => after(app_at(crate::testkit::tui::busy_store(), crate::testkit::tui::NOW), [Action::ToggleHelp]);
    week_empty => super::screens::week::tests::on_week(Store::open_in_memory().unwrap());
    week_busy => after(super::screens::week::tests::on_week(super::screens::week::tests::busy_store()), [Action::NextWeek]);
    week_now_line => super::screens::week::tests::on_week(super::screens::week::tests::busy_store());
    week_details => build_week_details();
    week_form_error => build_week_form_error();
    week_with_events => after(super::screens::audit::tests::app(super::screens::audit::tests::store_with(&["google.ics", "outlook.ics"])), [Action::ShowScreen(Screen::Week)]);
    audit => after(super::screens::audit::tests::app(super::screens::audit::tests::store_with(&["google.ics", "outlook.ics", "thunderbird.ics", "apple.ics"])), [Action::ShowScreen(Screen::Audit)]);
    audit_no_calendar => after(super::screens::audit::tests::app(Store::open_in_memory().unwrap()), [Action::ShowScreen(Screen::Audit)]);
    people => after(app_at(super::screens::people::tests::people_store(), crate::testkit::tui::NOW), [Action::ShowScreen(Screen::People), Action::CursorDown]);
    conversations => after(super::conversations_tests::app(super::conversations_tests::store_with_conversations()), [Action::ShowScreen(Screen::Conversations), Action::CursorDown]);
    conversation_editor => build_conversation_editor();
    conversation_long => super::conversations_tests::long_conversation();
    conversation_long_scrolled => after(super::conversations_tests::long_conversation(), [Action::ScrollPreviewDown, Action::ScrollPreviewDown]);
    history => after(crate::tui::screens::history::tests::history(crate::tui::screens::history::tests::journal()), [Action::CursorDown]);
    history_search => build_history_search();
    review => after(app_at(crate::tui::screens::history::tests::journal(), crate::tui::screens::history::tests::NOW), [Action::ShowScreen(Screen::Review)]);
    review_answering => build_review_answering();
    calendars => after(super::screens::calendars::tests::on_calendars(super::screens::calendars::tests::store_with_account()), [Action::Last]);
    calendars_empty => super::screens::calendars::tests::on_calendars(Store::open_in_memory().unwrap());
    calendars_confirm => build_calendars_confirm();
    calendars_published => super::screens::calendars::tests::on_calendars(super::screens::calendars::blocks_tests::store_with_blocks());
    calendars_conflict => build_calendars_blocks("conflict Vision work", []);
    calendars_failed_push => build_calendars_blocks("Hiring plan", []);
    calendars_keep_theirs => build_calendars_blocks("conflict Vision work", [Action::KeepTheirs]);
}

#[test]
fn too_small() {
    insta::assert_snapshot!(
        screen(
            &app_at(Store::open_in_memory().unwrap(), crate::testkit::tui::NOW),
            20,
            5
        )
        .backend()
    );
}
