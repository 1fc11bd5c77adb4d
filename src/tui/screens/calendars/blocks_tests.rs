//! The published blocks on the Calendars screen, fed actions on a journal in memory (a
//! file where the background push needs its own connection): where each stands, a
//! failed push in the error style, the keys between the two lists, each conflict settled
//! and a block deleted in the calendar published again or no longer, asking first; a
//! block saved on the Week pushed in the background, one push at a time, against the
//! in-process CalDAV server.

use std::time::Duration;

use chrono::{DateTime, Utc, Weekday};
use chrono_tz::Europe::Berlin;

use super::tests::{READ_AT, on_calendars, store_with_account};
use super::{BlockRow, Editing, Pane, Settle};
use crate::app::accounts::publish::{self, Keep, PublicationStatus};
use crate::app::accounts::{self, AddAccount, Role};
use crate::app::{Journal, Now};
use crate::domain::block::{Block, Repeat};
use crate::domain::block_sync::{BlockSide, Conflict};
use crate::store::{PublicationState, Store};
use crate::testkit::blocks::{spec, weekly};
use crate::testkit::tui::{NOW, screen, screen_text, send, type_text};
use crate::testkit::{FAKE_PASSWORD, FAKE_USER, FakeCalDav, Quirks};
use crate::tui::action::Action;
use crate::tui::app::{App, Focus, Screen, Task};
use crate::tui::event::Event;
use crate::tui::keymap::{self, Table};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

fn now() -> Now {
    Now {
        at: DateTime::parse_from_rfc3339(NOW).unwrap(),
        zone: Berlin,
    }
}

/// What the conflict on Vision work says (as a push words it).
const RENAMED: &str =
    "the calendar renamed it \"Strategy time\"; bearing's \"Vision work\" was kept";

/// Adds `blocks` (title, start, minutes, repeat) to `store`, published to the calendar
/// with the blocks role, none of them pushed yet.
fn publish_blocks(store: &mut Store, blocks: &[(&str, &str, u32, Repeat)]) -> Vec<Block> {
    let calendar = store.blocks_calendar().unwrap().unwrap();
    blocks
        .iter()
        .map(|(title, start, minutes, repeat)| {
            let block = store
                .insert_block(&spec(title, start, *minutes, repeat.clone()), Berlin)
                .unwrap();
            let href = format!("{}{}.ics", calendar.href, block.uid);
            store
                .start_publication(&block.uid, calendar.id, &href)
                .unwrap();
            block
        })
        .collect()
}

/// Records `block` as on the calendar, in step with bearing.
fn in_step(store: &mut Store, block: &Block) {
    let agreed = serde_json::to_string(&BlockSide::of(block, &[])).unwrap();
    store
        .record_publication(&block.uid, Some("\"1\""), &agreed)
        .unwrap();
}

/// The journal of [`store_with_account`] (Leadership receives the blocks) with three
/// published blocks: Vision work on the calendar, with a conflict (the calendar renamed
/// it); Hiring plan, whose last push failed; 1:1 prep, deleted in the calendar.
pub(crate) fn store_with_blocks() -> Store {
    let mut store = store_with_account();
    let blocks = publish_blocks(
        &mut store,
        &[
            (
                "Vision work",
                "2026-11-24 09:00",
                120,
                weekly(&[Weekday::Tue]),
            ),
            ("Hiring plan", "2026-11-25 10:00", 60, Repeat::Once),
            ("1:1 prep", "2026-11-26 08:30", 30, weekly(&[Weekday::Thu])),
        ],
    );
    let [vision, hiring, prep] = &blocks[..] else {
        unreachable!()
    };
    in_step(&mut store, vision);
    in_step(&mut store, prep);
    store
        .set_publication_state(&prep.uid, PublicationState::Gone)
        .unwrap();
    store
        .record_publication_error(&hiring.uid, "the server said 403 Forbidden")
        .unwrap();
    let theirs = Conflict::Title {
        theirs: "Strategy time".into(),
        mine: "Vision work".into(),
    };
    let theirs = serde_json::to_string(&theirs).unwrap();
    store
        .insert_conflict(&vision.uid, "title", RENAMED, &theirs, at(READ_AT))
        .unwrap();
    store
}

fn status(app: &App) -> &str {
    app.status.as_ref().map_or("", |s| s.text.as_str())
}

/// The selected row of the blocks list, in words: `conflict BLOCK` or `BLOCK`.
fn selected_block(app: &App) -> String {
    match app.calendars_screen.selected_block() {
        Some(BlockRow::Conflict(c)) => format!("conflict {}", c.block),
        Some(BlockRow::Publication(p)) => p.block.clone(),
        None => String::new(),
    }
}

/// Goes to the blocks list and selects `name` (as [`selected_block`] words it).
pub(crate) fn select_block(app: &mut App, name: &str) {
    if app.calendars_screen.pane == Pane::Calendars {
        app.update(Action::CursorRight);
    }
    app.update(Action::First);
    while selected_block(app) != name {
        let before = app.calendars_screen.blocks.selected();
        app.update(Action::CursorDown);
        assert_ne!(app.calendars_screen.blocks.selected(), before, "no {name}");
    }
}

/// Where each published block stands, as the screen holds it.
fn standing(app: &App) -> Vec<(String, PublicationStatus)> {
    app.calendars_screen
        .publications
        .iter()
        .map(|p| (p.block.clone(), p.status))
        .collect()
}

fn block_titles(app: &App) -> Vec<String> {
    app.journal
        .store_for_tests()
        .list_blocks()
        .unwrap()
        .into_iter()
        .map(|b| b.title)
        .collect()
}

#[test]
fn published_blocks_and_conflicts_show_under_the_calendars_with_where_each_stands() {
    let app = on_calendars(store_with_blocks());
    let state = &app.calendars_screen;
    assert_eq!(
        standing(&app),
        [
            ("1:1 prep".to_string(), PublicationStatus::DeletedThere),
            ("Hiring plan".to_string(), PublicationStatus::Pending),
            ("Vision work".to_string(), PublicationStatus::InStep),
        ]
    );
    assert_eq!(state.conflicts.len(), 1);
    assert_eq!(
        state.pane,
        Pane::Calendars,
        "the calendars have the keys first"
    );
    let text = screen_text(&app, 160, 48);
    for words in [
        "Blocks on your calendar · 3 · 1 conflict",
        "Conflicts: the calendar and bearing both changed",
        "Vision work  the calendar renamed it \"Strategy time\"",
        "Published",
        "1:1 prep     Leadership  deleted in the calendar: publish again or stop",
        "Hiring plan  Leadership  ! failed: the server said 403 Forbidden",
        "Vision work  Leadership  on the calendar",
        "u role · r refresh · h l list",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    // On a small terminal the calendars have the room; the blocks list shows the
    // conflicts first, and its title what it holds.
    let text = screen_text(&app, 80, 24);
    for words in [
        "Blocks on your calendar · 3 · 1 conflict",
        "Vision work  the calendar renamed it",
        "Team ",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    // A failed push stands out: drawn in the theme's error style.
    let terminal = screen(&app, 160, 48);
    let buffer = terminal.backend().buffer();
    let text = screen_text(&app, 160, 48);
    let (y, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("! failed: the server"))
        .unwrap();
    let x = line[..line.find("! failed").unwrap()].chars().count() as u16;
    assert_eq!(buffer[(x, y as u16)].fg, app.theme.error.fg.unwrap());
    // The blocks calendar's details count what is published to it.
    let mut app = app;
    send(&mut app, [Action::Last, Action::CursorUp]);
    let text = screen_text(&app, 160, 48);
    assert!(
        text.contains("Published  3 blocks published to it"),
        "{text}"
    );
}

#[test]
fn the_list_keys_go_between_the_calendars_and_the_blocks_and_the_details_follow() {
    let mut app = on_calendars(store_with_blocks());
    // A key of the blocks list while the calendars have the keys says where to go.
    app.update(Action::KeepTheirs);
    assert_eq!(app.calendars_screen.editing, Editing::Nothing);
    assert!(
        status(&app).contains("Select a conflict in the blocks list first (l goes there)"),
        "{}",
        status(&app)
    );
    app.update(Action::CursorRight);
    assert_eq!(app.calendars_screen.pane, Pane::Blocks);
    assert_eq!(selected_block(&app), "conflict Vision work");
    let text = screen_text(&app, 80, 24);
    for words in [
        "Conflict",
        "Vision work · #1",
        "Found      Sun 22 Nov 07:30 · 2 h ago",
        "m keep bearing's version",
        "m keep mine · t keep theirs · h l list",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    send(&mut app, [Action::CursorDown, Action::CursorDown]);
    assert_eq!(selected_block(&app), "Hiring plan");
    let text = screen_text(&app, 160, 48);
    assert!(
        text.contains("Failed     the server said 403 Forbidden"),
        "{text}"
    );
    assert!(
        text.contains("Stands     goes out on the next refresh"),
        "{text}"
    );
    assert!(
        text.contains("s stop publishing · r refresh · h l list"),
        "{text}"
    );
    app.update(Action::Last);
    assert_eq!(selected_block(&app), "Vision work");
    app.update(Action::CursorDown);
    assert_eq!(selected_block(&app), "Vision work", "stays on the last");
    // The role key belongs to the calendars.
    app.update(Action::CycleCalendarRole);
    assert!(status(&app).contains("h goes back"), "{}", status(&app));
    // Back to the calendars: their selection and details as they were.
    app.update(Action::CursorLeft);
    assert_eq!(app.calendars_screen.pane, Pane::Calendars);
    assert_eq!(app.calendars_screen.selected().unwrap().name, "google.ics");
    assert!(screen_text(&app, 80, 24).contains("Source"));
    // Either key goes to the other list.
    app.update(Action::CursorLeft);
    assert_eq!(app.calendars_screen.pane, Pane::Blocks);
    assert_eq!(selected_block(&app), "Vision work", "where it was");
}

#[test]
fn with_nothing_published_the_screen_is_as_before_and_the_list_keys_say_why() {
    let mut app = on_calendars(store_with_account());
    assert!(!app.calendars_screen.has_blocks());
    let text = screen_text(&app, 80, 24);
    assert!(!text.contains("Blocks on your calendar"), "{text}");
    app.update(Action::CursorRight);
    assert_eq!(app.calendars_screen.pane, Pane::Calendars);
    assert!(
        status(&app).contains("bearing block publish ID"),
        "{}",
        status(&app)
    );
    app.update(Action::PublishAgain);
    assert!(
        status(&app).contains("No block is published"),
        "{}",
        status(&app)
    );
}

#[test]
fn keep_theirs_asks_first_then_takes_the_calendars_version_which_goes_out_next() {
    let mut app = on_calendars(store_with_blocks());
    select_block(&mut app, "conflict Vision work");
    app.update(Action::KeepTheirs);
    assert!(matches!(
        &app.calendars_screen.editing,
        Editing::ConfirmSettle(Settle::Resolve { keep: Keep::Theirs, block, .. }) if block == "Vision work"
    ));
    assert_eq!(app.focus(), Focus::Overlay);
    assert_eq!(keymap::table_for(&app), Table::Confirm);
    let text = screen_text(&app, 80, 24);
    assert!(
        text.contains("Take the calendar's version of 'Vision work'?"),
        "{text}"
    );
    // No: nothing changes.
    app.update(Action::CursorDown);
    assert_eq!(
        selected_block(&app),
        "conflict Vision work",
        "the question takes the keys"
    );
    app.update(Action::CloseOverlay);
    assert_eq!(app.calendars_screen.editing, Editing::Nothing);
    assert_eq!(publish::conflicts(&app.journal).unwrap().len(), 1);
    // Yes: the block takes the calendar's title, and waits to go out.
    send(&mut app, [Action::KeepTheirs, Action::Confirm]);
    assert!(publish::conflicts(&app.journal).unwrap().is_empty());
    assert!(block_titles(&app).contains(&"Strategy time".to_string()));
    assert_eq!(
        status(&app),
        "Conflict 1 settled: 'Vision work' takes the calendar's version; it goes out on the next refresh."
    );
    // The screen was loaded again: no conflict, the block renamed and pending.
    assert!(app.calendars_screen.conflicts.is_empty());
    assert!(standing(&app).contains(&("Strategy time".into(), PublicationStatus::Pending)));
    let text = screen_text(&app, 80, 24);
    assert!(!text.contains("conflict"), "{text}");
    // The selection is on the block the conflict was about, under its new title.
    assert_eq!(selected_block(&app), "Strategy time");
    assert_eq!(
        app.pending, None,
        "a journal in memory is not pushed from a thread"
    );
}

#[test]
fn keep_mine_settles_the_conflict_and_leaves_the_block_as_it_is() {
    let mut app = on_calendars(store_with_blocks());
    select_block(&mut app, "conflict Vision work");
    app.update(Action::KeepMine);
    let text = screen_text(&app, 160, 48);
    assert!(
        text.contains("Keep bearing's version of 'Vision work'?"),
        "{text}"
    );
    app.update(Action::Confirm);
    assert_eq!(
        status(&app),
        "Conflict 1 settled: 'Vision work' keeps bearing's version."
    );
    assert!(publish::conflicts(&app.journal).unwrap().is_empty());
    assert!(block_titles(&app).contains(&"Vision work".to_string()));
    assert!(standing(&app).contains(&("Vision work".into(), PublicationStatus::InStep)));
    // The selection moved to the block the conflict was about.
    assert_eq!(selected_block(&app), "Vision work");
    // A conflict key on a block says what to select.
    app.update(Action::KeepMine);
    assert_eq!(app.calendars_screen.editing, Editing::Nothing);
    assert_eq!(status(&app), "Select a conflict first.");
}

#[test]
fn a_block_deleted_in_the_calendar_is_published_again_or_no_longer_after_a_yes() {
    let mut app = on_calendars(store_with_blocks());
    select_block(&mut app, "1:1 prep");
    let text = screen_text(&app, 80, 24);
    assert!(
        text.contains("p publish again · s stop publishing"),
        "{text}"
    );
    app.update(Action::PublishAgain);
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Publish '1:1 prep' again?"), "{text}");
    app.update(Action::CloseOverlay);
    assert!(standing(&app).contains(&("1:1 prep".into(), PublicationStatus::DeletedThere)));
    send(&mut app, [Action::PublishAgain, Action::Confirm]);
    assert_eq!(
        status(&app),
        "'1:1 prep' is published again: the next refresh puts it back on the calendar."
    );
    assert!(standing(&app).contains(&("1:1 prep".into(), PublicationStatus::Pending)));
    assert_eq!(
        selected_block(&app),
        "1:1 prep",
        "the selection stays on it"
    );
    // Published already: nothing to ask.
    app.update(Action::PublishAgain);
    assert_eq!(app.calendars_screen.editing, Editing::Nothing);
    assert!(
        status(&app).contains("published already"),
        "{}",
        status(&app)
    );
    // Stopped: never pushed since, so it is simply forgotten.
    app.update(Action::StopPublishing);
    let text = screen_text(&app, 160, 48);
    assert!(text.contains("Stop publishing '1:1 prep'?"), "{text}");
    app.update(Action::Confirm);
    assert_eq!(
        status(&app),
        "'1:1 prep' is no longer published: it comes off the calendar on the next refresh."
    );
    assert!(!standing(&app).iter().any(|(b, _)| b == "1:1 prep"));
    // One on the calendar comes off with the next push.
    select_block(&mut app, "Vision work");
    send(&mut app, [Action::StopPublishing, Action::Confirm]);
    assert!(standing(&app).contains(&("Vision work".into(), PublicationStatus::Removing)));
    assert!(
        block_titles(&app).contains(&"Vision work".to_string()),
        "it stays in bearing"
    );
}

#[test]
fn the_help_lists_the_keys_of_the_blocks_list() {
    let mut app = on_calendars(store_with_blocks());
    app.update(Action::ToggleHelp);
    let text = screen_text(&app, 160, 48);
    for binding in app.keys.bindings(Table::Calendars) {
        assert!(text.contains(binding.help), "{}: {text}", binding.help);
    }
    assert!(
        text.contains("conflict: take the calendar's version"),
        "{text}"
    );
}

#[test]
fn it_draws_every_state_at_every_size() {
    let mut asking = on_calendars(store_with_blocks());
    select_block(&mut asking, "conflict Vision work");
    asking.update(Action::KeepTheirs);
    let mut blocks = on_calendars(store_with_blocks());
    select_block(&mut blocks, "Hiring plan");
    let apps = [on_calendars(store_with_blocks()), blocks, asking];
    for app in &apps {
        for w in [0, 1, 30, 50, 51, 79, 80, 119, 120, 160, 300] {
            for h in [0, 1, 3, 14, 15, 20, 24, 48, 90] {
                crate::tui::render_to_string(app, w, h);
            }
        }
    }
}

/// Account `work` on `fake` whose Leadership calendar receives the blocks, in a journal
/// at `path`; Vision work (Tuesdays and Thursdays at 09:00) published and pushed.
fn journal_on_server(fake: &FakeCalDav, path: &std::path::Path) -> String {
    let leadership = fake.add_calendar("leadership", "Leadership");
    let mut journal = Journal::new(Store::open(path).unwrap());
    let timeout = Duration::from_secs(30);
    let command = format!("echo {FAKE_PASSWORD}");
    let add = AddAccount {
        name: "work",
        url: &fake.url(),
        user: FAKE_USER,
        password_command: Some(&command),
        password: None,
        ca_file: None,
    };
    accounts::add(&mut journal, now(), &add, timeout).unwrap();
    accounts::use_calendar(&mut journal, "work", &leadership, Role::Blocks).unwrap();
    let days = weekly(&[Weekday::Tue, Weekday::Thu]);
    let vision = spec("Vision work", "2026-11-24 09:00", 120, days);
    let vision = crate::app::blocks::add(&mut journal, now(), vision).unwrap();
    let _ = crate::app::blocks::add(
        &mut journal,
        now(),
        spec("Hiring plan", "2026-11-25 14:00", 60, Repeat::Once),
    )
    .unwrap();
    publish::publish(&mut journal, vision.id, false).unwrap();
    let pushed = publish::push_all(&mut journal, now(), None, timeout).unwrap();
    assert_eq!(pushed[0].done, "created", "{pushed:?}");
    leadership
}

/// Skips the occurrence of the shown week's day `day` at slot `slot` on the Week screen.
fn skip_on_week(app: &mut App, day: usize, slot: usize) {
    app.week.day = day;
    app.week.slot = slot;
    app.week.select_at_cursor(Berlin);
    app.update(Action::SkipOccurrence);
    type_text(app, "offsite");
    app.update(Action::Save);
    assert!(
        status(app).to_lowercase().contains("skip"),
        "{}",
        status(app)
    );
}

/// Runs the push handed to the event loop, as the loop would, and returns its answer.
fn pushed(app: &mut App) -> Vec<crate::tui::push::Pushed> {
    let Some(Task::PushBlocks(waiting)) = app.pending.take() else {
        panic!("no push handed to the event loop: {:?}", app.pending);
    };
    crate::tui::push::start(waiting)
        .recv_timeout(Duration::from_secs(30))
        .unwrap()
}

/// Runs the push handed to the event loop and hands its answer back.
fn run_push(app: &mut App) {
    let done = pushed(app);
    app.handle(Event::BlocksPushed(done));
}

#[test]
fn a_block_saved_on_the_week_goes_out_in_the_background_one_push_at_a_time() {
    let fake = FakeCalDav::start(Quirks::standard());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let leadership = journal_on_server(&fake, &path);
    let mut app = super::super::week::tests::on_week(Store::open(&path).unwrap());
    app.update(Action::NextWeek);
    // A block not published changes: nothing waits to go out.
    app.week.day = 2;
    app.week.slot = 28;
    app.week.select_at_cursor(Berlin);
    app.update(Action::MarkKept);
    app.update(Action::Confirm);
    assert_eq!(app.pending, None, "Hiring plan is not published");
    // Vision work's Tuesday skipped: a push starts, and the frame does not wait for it.
    skip_on_week(&mut app, 1, 18);
    assert!(matches!(app.pending, Some(Task::PushBlocks(_))));
    assert!(app.calendars.pushing);
    // The push has done its work, but its answer is not back yet: the Thursday skipped
    // now waits for it, then goes out in a push of its own.
    let done = pushed(&mut app);
    skip_on_week(&mut app, 3, 18);
    assert_eq!(app.pending, None, "one push at a time");
    assert!(app.calendars.push_again);
    app.update(Action::ShowScreen(Screen::Calendars));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("going out…"), "{text}");
    app.handle(Event::BlocksPushed(done));
    assert!(!app.calendars.push_again);
    assert!(app.calendars.pushing);
    run_push(&mut app);
    assert_eq!(app.pending, None);
    assert!(!app.calendars.pushing);
    // Both skips are on the calendar, and the screen, loaded again, says it is in step.
    let hrefs = fake.hrefs(&leadership);
    assert_eq!(hrefs.len(), 1, "one object per block: {hrefs:?}");
    let (_, text) = fake.object(&hrefs[0]).unwrap();
    assert!(
        text.contains("EXDATE;TZID=Europe/Berlin:20261124T090000,20261126T090000"),
        "{text}"
    );
    assert_eq!(
        standing(&app),
        [("Vision work".to_string(), PublicationStatus::InStep)]
    );
    assert!(screen_text(&app, 80, 24).contains("on the calendar"));
    // A mark kept changes nothing on the calendar: no push.
    send(
        &mut app,
        [
            Action::ShowScreen(Screen::Week),
            Action::ThisWeek,
            Action::NextWeek,
            Action::NextWeek,
        ],
    );
    app.week.day = 1;
    app.week.slot = 18;
    app.week.select_at_cursor(Berlin);
    send(&mut app, [Action::MarkKept, Action::Confirm]);
    assert_eq!(app.pending, None);
}

#[test]
fn a_failed_push_shows_on_the_status_line_and_on_the_block() {
    let fake = FakeCalDav::start(Quirks::standard());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    journal_on_server(&fake, &path);
    let mut app = super::super::week::tests::on_week(Store::open(&path).unwrap());
    app.update(Action::NextWeek);
    drop(fake);
    skip_on_week(&mut app, 1, 18);
    app.update(Action::ShowScreen(Screen::Calendars));
    run_push(&mut app);
    let said = app.status.clone().unwrap();
    assert!(said.is_error);
    assert!(
        said.text
            .starts_with("Could not put 'Vision work' on the calendar: "),
        "{}",
        said.text
    );
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Vision work"), "{text}");
    assert!(text.contains("! failed: "), "{text}");
    // A push that failed is not tried again on its own; r tries it again (no calendar
    // to read here: the push alone).
    app.handle(Event::Tick);
    assert_eq!(app.pending, None);
    app.update(Action::RefreshCalendars);
    assert!(matches!(app.pending, Some(Task::PushBlocks(_))));
    assert_eq!(
        status(&app),
        "Putting the published blocks on the calendar in the background…"
    );
}
