//! The Calendars screen, fed actions on a journal in memory (a file on disk where the
//! background refresh needs a second connection): every calendar grouped with its role,
//! what it holds and when it was read; roles cycled, asking before events leave; the
//! refresh asked for here, in the background; the empty screen; every size.

use std::time::Duration;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::{CalendarsScreenState, Editing, Origin};
use crate::app::accounts::{self, Role};
use crate::domain::source::Source;
use crate::store::{FoundCalendarRow, NewAccount, Store};
use crate::testkit::tui::{NOW, app_at, calendar, screen_text, send};
use crate::testkit::{HttpServer, Reply, fixture};
use crate::tui::action::Action;
use crate::tui::app::{App, Focus, Screen, Task};
use crate::tui::event::Event;
use crate::tui::keymap::{self, Table};

/// Two hours before [`NOW`]: when the test journals' calendars were read.
pub(crate) const READ_AT: &str = "2026-11-22T07:30:00+01:00";

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// Adds account `name` (user `me` on `https://dav.example.com`) with `calendars` (path,
/// name), none of them read yet.
pub(crate) fn add_account(store: &mut Store, name: &str, calendars: &[(&str, &str)]) {
    let rows: Vec<FoundCalendarRow<'_>> = calendars
        .iter()
        .map(|(href, display_name)| FoundCalendarRow {
            href,
            display_name,
            color: None,
            supports_sync: true,
        })
        .collect();
    store
        .insert_account(
            &NewAccount {
                name,
                url: "https://dav.example.com",
                server: "https://dav.example.com",
                user: "me",
                principal: "/principals/me/",
                home: "/calendars/me/",
                password_command: Some("echo secret"),
                kind: "caldav",
                client_id: None,
                ca_file: None,
            },
            &rows,
            at(READ_AT),
        )
        .unwrap();
}

/// Calendar `href` of account `account`, given `read` and `blocks` roles.
fn set_roles(store: &mut Store, account: &str, href: &str, read: bool, blocks: bool) -> i64 {
    let id = store.account(account).unwrap().unwrap().id;
    let c = store
        .account_calendars(id)
        .unwrap()
        .into_iter()
        .find(|c| c.href == href)
        .unwrap();
    store
        .set_account_calendar_roles(c.id, read, blocks)
        .unwrap();
    c.id
}

/// Calendar `href` of account `account` read at [`READ_AT`] with `ics` in it, as a sync
/// leaves it: imported under `name`, linked to its account calendar.
fn synced(store: &mut Store, (account, href, name): (&str, &str, &str), ics: &str) {
    let id = set_roles(store, account, href, true, false);
    let source = Source::account(account, href);
    crate::app::calendars::import::import_calendar(
        store,
        &crate::app::calendars::import::ImportRequest {
            source: &source,
            text: ics,
            name: Some(name),
            replace: false,
            force: false,
            calendar: None,
        },
        chrono_tz::Europe::Berlin,
        at(READ_AT),
    )
    .unwrap();
    let imported = store.calendar(name).unwrap().unwrap();
    store.link_account_calendar(id, imported.id).unwrap();
    store.record_account_sync(id, at(READ_AT), None).unwrap();
}

/// Three meetings of the account's team calendar.
fn team_ics() -> String {
    calendar(&[
        (
            "t1",
            "20261123T080000Z",
            "20261123T090000Z",
            "Team stand-up",
        ),
        ("t2", "20261124T080000Z", "20261124T090000Z", "Planning"),
        ("t3", "20261125T080000Z", "20261125T090000Z", "1:1 Sam"),
    ])
}

/// Two calendars imported from links at [`READ_AT`] (links: a file's path would depend
/// on where the tests run), and account `work` with its team calendar read, a Leadership
/// calendar for the blocks and a Holidays calendar unused.
pub(crate) fn store_with_account() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let berlin = chrono_tz::Europe::Berlin;
    for f in ["google.ics", "outlook.ics"] {
        let link = format!("https://calendar.example.com/cal/{f}");
        crate::app::calendars::import::import_as(
            &mut store,
            f,
            &link,
            &fixture(f),
            berlin,
            at(READ_AT),
        )
        .unwrap();
    }
    add_account(
        &mut store,
        "work",
        &[
            ("/calendars/me/team/", "Team"),
            ("/calendars/me/leadership/", "Leadership"),
            ("/calendars/me/holidays/", "Holidays"),
        ],
    );
    synced(
        &mut store,
        ("work", "/calendars/me/team/", "Team"),
        &team_ics(),
    );
    set_roles(&mut store, "work", "/calendars/me/leadership/", false, true);
    store
}

/// An app on `store` at [`NOW`], showing the Calendars screen.
pub(crate) fn on_calendars(store: Store) -> App {
    let mut app = app_at(store, NOW);
    app.update(Action::ShowScreen(Screen::Calendars));
    app
}

fn names(state: &CalendarsScreenState) -> Vec<(&str, Role)> {
    state
        .rows
        .iter()
        .map(|r| (r.name.as_str(), r.role))
        .collect()
}

fn selected(app: &App) -> &str {
    app.calendars_screen
        .selected()
        .map_or("", |r| r.name.as_str())
}

/// Selects the calendar called `name`.
fn select(app: &mut App, name: &str) {
    app.update(Action::First);
    while selected(app) != name {
        let before = app.calendars_screen.list.selected();
        app.update(Action::CursorDown);
        assert_ne!(app.calendars_screen.list.selected(), before, "no {name}");
    }
}

/// The names of the calendars whose events are in the journal.
fn imported(app: &App) -> Vec<String> {
    crate::app::calendars::list(&app.journal)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect()
}

fn status(app: &App) -> &str {
    app.status.as_ref().map_or("", |s| s.text.as_str())
}

/// The roles account `work` gives its calendars now, as the app tells them.
fn roles(app: &App) -> Vec<(String, Role)> {
    accounts::get(&app.journal, "work")
        .unwrap()
        .calendars
        .into_iter()
        .map(|c| (c.name, c.role))
        .collect()
}

#[test]
fn every_calendar_shows_grouped_with_its_role_what_it_holds_and_when_it_was_read() {
    let app = on_calendars(store_with_account());
    let state = &app.calendars_screen;
    assert_eq!(
        names(state),
        [
            ("google.ics", Role::Read),
            ("outlook.ics", Role::Read),
            ("Holidays", Role::Unused),
            ("Leadership", Role::Blocks),
            ("Team", Role::Read),
        ]
    );
    let team = &state.rows[4];
    assert_eq!(team.counts.map(|c| c.events), Some(3));
    assert!(matches!(&team.origin, Origin::Account { imported: Some(n), .. } if n == "Team"));
    assert_eq!(state.rows[3].counts, None, "not read: nothing imported");
    let text = screen_text(&app, 160, 48);
    for words in [
        "Files and links",
        "Account work · me on https://dav.example.com",
        "read 2 h ago",
        "synced 2 h ago",
        "3 events",
        "blocks",
        "unused",
        "Calendars · 5",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    // The details of the first: where it comes from, what it holds.
    assert!(text.contains("Source"), "{text}");
    assert!(
        text.contains("https://calendar.example.com/cal/…"),
        "{text}"
    );
    assert!(text.contains("Sun 22 Nov 07:30 · 2 h ago"), "{text}");
}

#[test]
fn the_keys_move_through_the_calendars_never_onto_a_heading() {
    let mut app = on_calendars(store_with_account());
    assert_eq!(selected(&app), "google.ics");
    send(&mut app, [Action::CursorDown, Action::CursorDown]);
    assert_eq!(selected(&app), "Holidays", "past the account's heading");
    app.update(Action::CursorUp);
    assert_eq!(selected(&app), "outlook.ics");
    app.update(Action::Last);
    assert_eq!(selected(&app), "Team");
    app.update(Action::CursorDown);
    assert_eq!(selected(&app), "Team", "stays on the last");
    app.update(Action::First);
    assert_eq!(selected(&app), "google.ics");
    select(&mut app, "Leadership");
    let text = screen_text(&app, 160, 48);
    assert!(text.contains("/calendars/me/leadership/"), "{text}");
    assert!(text.contains("your leadership blocks go to it"), "{text}");
}

#[test]
fn the_role_key_cycles_an_account_calendar_and_asks_before_its_events_leave() {
    let mut app = on_calendars(store_with_account());
    select(&mut app, "Team");
    // read -> both: nothing leaves, no question; the blocks move from Leadership.
    app.update(Action::CycleCalendarRole);
    assert_eq!(app.calendars_screen.editing, Editing::Nothing);
    assert!(roles(&app).contains(&("Team".into(), Role::Both)));
    assert!(roles(&app).contains(&("Leadership".into(), Role::Unused)));
    assert!(
        status(&app).contains("'Team' is now both"),
        "{}",
        status(&app)
    );
    assert!(status(&app).contains("no longer go to 'Leadership'"));
    assert_eq!(selected(&app), "Team", "the selection stays on it");
    // both -> blocks would stop reading it: asked first, and no keeps it as it was.
    app.update(Action::CycleCalendarRole);
    assert!(matches!(
        &app.calendars_screen.editing,
        Editing::ConfirmRole(c) if c.role == Role::Blocks && c.events == 3
    ));
    assert_eq!(app.focus(), Focus::Overlay);
    assert_eq!(keymap::table_for(&app), Table::Confirm);
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Make 'Team' blocks?"), "{text}");
    app.update(Action::CursorDown);
    assert_eq!(selected(&app), "Team", "the question takes the keys");
    app.update(Action::CloseOverlay);
    assert!(roles(&app).contains(&("Team".into(), Role::Both)));
    assert!(imported(&app).contains(&"Team".to_string()));
    // Asked again and answered yes: its events leave the journal.
    send(&mut app, [Action::CycleCalendarRole, Action::Confirm]);
    assert!(roles(&app).contains(&("Team".into(), Role::Blocks)));
    assert!(!imported(&app).contains(&"Team".to_string()));
    assert!(
        status(&app).contains("its 3 events left the journal"),
        "{}",
        status(&app)
    );
    assert_eq!(app.calendars_screen.selected().unwrap().counts, None);
    // blocks -> unused -> read: nothing to lose, no question.
    app.update(Action::CycleCalendarRole);
    assert!(roles(&app).contains(&("Team".into(), Role::Unused)));
    app.update(Action::CycleCalendarRole);
    assert!(roles(&app).contains(&("Team".into(), Role::Read)));
    assert!(
        status(&app).contains("read from the next refresh (r reads it now)"),
        "{}",
        status(&app)
    );
    assert_eq!(app.calendars_screen.editing, Editing::Nothing);
}

#[test]
fn a_calendar_read_but_never_synced_changes_role_without_a_question() {
    let mut store = Store::open_in_memory().unwrap();
    add_account(&mut store, "work", &[("/cal/a/", "A")]);
    let id = set_roles(&mut store, "work", "/cal/a/", true, true);
    store
        .record_account_sync(id, at(NOW), Some("connection refused"))
        .unwrap();
    let mut app = on_calendars(store);
    assert_eq!(selected(&app), "A");
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("! failed · never read"), "{text}");
    assert!(
        text.contains("nothing yet: it is read with the next refresh"),
        "{text}"
    );
    assert!(text.contains("connection refused"), "{text}");
    app.update(Action::CycleCalendarRole);
    assert_eq!(app.calendars_screen.editing, Editing::Nothing);
    assert!(roles(&app).contains(&("A".into(), Role::Blocks)));
    // No longer read: why reading it failed is no longer said.
    let text = screen_text(&app, 80, 24);
    assert!(!text.contains("connection refused"), "{text}");
    assert!(!text.contains("failed"), "{text}");
}

#[test]
fn a_file_or_link_has_no_role_to_change() {
    let mut app = on_calendars(store_with_account());
    assert_eq!(selected(&app), "google.ics");
    app.update(Action::CycleCalendarRole);
    assert!(status(&app).contains("always read"), "{}", status(&app));
    assert_eq!(app.calendars_screen.rows[0].role, Role::Read);
    assert_eq!(app.calendars_screen.editing, Editing::Nothing);
}

#[test]
fn a_failed_refresh_shows_on_its_row_and_why_in_the_details() {
    let mut store = store_with_account();
    let google = store.calendar("google.ics").unwrap().unwrap();
    store
        .record_refresh_failure(google.id, "the server answered 500")
        .unwrap();
    let work = store.account("work").unwrap().unwrap();
    let team = store
        .account_calendars(work.id)
        .unwrap()
        .into_iter()
        .find(|c| c.display_name == "Team")
        .unwrap()
        .id;
    store
        .record_account_sync(
            team,
            at(NOW),
            Some("the server said 401: check the password"),
        )
        .unwrap();
    let mut app = on_calendars(store);
    let text = screen_text(&app, 160, 48);
    assert_eq!(
        text.matches("! failed · last read 2 h ago").count(),
        2,
        "{text}"
    );
    assert!(
        text.contains("Failed     the server answered 500"),
        "{text}"
    );
    select(&mut app, "Team");
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("check the password"), "{text}");
}

#[test]
fn the_empty_screen_says_how_to_import_a_file_and_add_an_account() {
    let app = on_calendars(Store::open_in_memory().unwrap());
    assert!(app.calendars_screen.is_empty());
    let text = screen_text(&app, 160, 48);
    assert!(text.contains("bearing import FILE.ics"), "{text}");
    assert!(
        text.contains("bearing account add NAME --url URL --user USER --password-command CMD"),
        "{text}"
    );
    // With files but no account, the details still say how to connect one.
    let mut store = Store::open_in_memory().unwrap();
    crate::testkit::tui::import(&mut store, &team_ics(), READ_AT);
    let text = screen_text(&on_calendars(store), 160, 48);
    assert!(text.contains("bearing account add"), "{text}");
    assert!(text.contains("--password-command CMD"), "{text}");
}

#[test]
fn the_help_lists_the_screens_keys() {
    let mut app = on_calendars(store_with_account());
    app.update(Action::ToggleHelp);
    let text = screen_text(&app, 160, 48);
    assert!(
        text.contains("next role of an account's calendar"),
        "{text}"
    );
    assert!(text.contains("read every calendar again now"), "{text}");
}

#[test]
fn the_tab_key_8_and_a_click_on_a_row_reach_it() {
    let mut app = app_at(store_with_account(), NOW);
    crate::testkit::tui::keys(&mut app, "8");
    assert_eq!(app.screen, Screen::Calendars);
    // Every tab's title fits 80 columns.
    let text = screen_text(&app, 80, 24);
    let top = text.lines().next().unwrap();
    assert!(top.contains("Review") && top.contains("Calendars"), "{top}");
    let row = text.lines().position(|l| l.contains("Leadership")).unwrap() as u16;
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 10,
        row,
        modifiers: KeyModifiers::NONE,
    };
    app.mouse(click, 80);
    assert_eq!(selected(&app), "Leadership");
}

#[test]
fn r_with_nothing_to_read_again_says_so() {
    // A journal in memory cannot be read from the refresh's own connection.
    let mut app = on_calendars(store_with_account());
    app.update(Action::RefreshCalendars);
    assert_eq!(app.pending, None);
    assert!(
        status(&app).contains("Nothing to read again"),
        "{}",
        status(&app)
    );
}

#[test]
fn r_right_after_every_calendar_was_read_says_so_and_starts_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    {
        let mut store = Store::open(&path).unwrap();
        crate::app::calendars::import::import_as(
            &mut store,
            "team",
            "/nowhere/team.ics",
            &team_ics(),
            chrono_tz::Europe::Berlin,
            at(NOW),
        )
        .unwrap();
    }
    let mut app = app_at(Store::open(&path).unwrap(), NOW);
    app.update(Action::ShowScreen(Screen::Calendars));
    app.update(Action::RefreshCalendars);
    assert_eq!(app.pending, None);
    assert_eq!(status(&app), crate::tui::strings::ALL_READ_JUST_NOW);
}

#[test]
fn r_reads_every_calendar_again_in_the_background_and_each_row_says_how_it_went() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let moved = team_ics().replace("Planning", "Planning (moved)");
    let server = HttpServer::answering(move |r| {
        if r.path.starts_with("/broken") {
            Reply::status(500, "")
        } else {
            Reply::ok(moved.clone())
        }
    });
    {
        // Read an hour ago: not stale for the start's refresh, read again when asked.
        let mut store = Store::open(&path).unwrap();
        let an_hour_ago = "2026-11-22T08:30:00+01:00";
        let other = team_ics().replace("1:1 Sam", "1:1 Ana");
        for (name, page, ics) in [
            ("team", "/team.ics", team_ics()),
            ("broken", "/broken.ics", other),
        ] {
            crate::app::calendars::import::import_as(
                &mut store,
                name,
                &server.url(page),
                &ics,
                chrono_tz::Europe::Berlin,
                at(an_hour_ago),
            )
            .unwrap();
        }
    }
    let mut app = app_at(Store::open(&path).unwrap(), NOW);
    app.handle(Event::Started);
    assert_eq!(app.pending, None, "nothing stale at the start");
    app.update(Action::ShowScreen(Screen::Calendars));
    app.update(Action::RefreshCalendars);
    let Some(Task::RefreshCalendars(stale)) = app.pending.clone() else {
        panic!("a refresh handed to the event loop");
    };
    assert_eq!(status(&app), "Reading 2 calendars again in the background…");
    let text = screen_text(&app, 80, 24);
    assert_eq!(text.matches("refreshing…").count(), 2, "{text}");
    // Asked again while it runs: nothing more starts.
    app.update(Action::RefreshCalendars);
    assert!(
        status(&app).contains("being read already"),
        "{}",
        status(&app)
    );
    assert_eq!(app.pending, Some(Task::RefreshCalendars(stale.clone())));
    app.pending = None;
    let done = crate::tui::refresh::start(stale)
        .recv_timeout(Duration::from_secs(30))
        .unwrap();
    app.handle(Event::CalendarsRefreshed(done));
    let text = screen_text(&app, 160, 48);
    assert!(!text.contains("refreshing…"), "{text}");
    assert!(text.contains("updated · just now"), "{text}");
    assert!(text.contains("! failed · last read 1 h ago"), "{text}");
    assert!(
        status(&app).contains("Could not read 'broken' again"),
        "{}",
        status(&app)
    );
    select(&mut app, "team");
    let text = screen_text(&app, 160, 48);
    assert!(text.contains("read again: its events changed"), "{text}");
    assert!(text.contains("Sun 22 Nov 09:30 · just now"), "{text}");
}

#[test]
fn it_draws_at_every_size_and_in_none() {
    let mut asking = on_calendars(store_with_account());
    select(&mut asking, "Team");
    send(
        &mut asking,
        [Action::CycleCalendarRole, Action::CycleCalendarRole],
    );
    assert!(matches!(
        asking.calendars_screen.editing,
        Editing::ConfirmRole(_)
    ));
    let apps = [
        on_calendars(Store::open_in_memory().unwrap()),
        on_calendars(store_with_account()),
        asking,
    ];
    for app in &apps {
        for (w, h) in [
            (0, 0),
            (1, 1),
            (50, 14),
            (51, 15),
            (80, 24),
            (119, 30),
            (120, 30),
            (300, 90),
        ] {
            let text = crate::tui::render_to_string(app, w, h);
            let drawn = w >= crate::tui::ui::MIN_WIDTH && h >= crate::tui::ui::MIN_HEIGHT;
            assert_eq!(text.contains("Calendars"), drawn, "{w}x{h}: {text}");
        }
        // The screen's own drawing, into nothing and into a sliver.
        for area in [
            ratatui::layout::Rect::new(0, 0, 0, 0),
            ratatui::layout::Rect::new(0, 0, 3, 2),
            ratatui::layout::Rect::new(0, 0, 10, 4),
        ] {
            let mut buf = ratatui::buffer::Buffer::empty(area);
            let view = app.view();
            crate::tui::screens::ScreenState::render(&app.calendars_screen, &view, area, &mut buf);
        }
    }
}

#[test]
fn a_refresh_answer_shows_on_its_own_calendar_when_a_file_and_an_account_share_a_name() {
    let mut store = Store::open_in_memory().unwrap();
    let link = "https://calendar.example.com/cal/work.ics";
    let berlin = chrono_tz::Europe::Berlin;
    crate::app::calendars::import::import_as(
        &mut store,
        "Work",
        link,
        &team_ics(),
        berlin,
        at(READ_AT),
    )
    .unwrap();
    add_account(&mut store, "fastmail", &[("/c/work/", "Work")]);
    set_roles(&mut store, "fastmail", "/c/work/", true, false);
    let mut app = on_calendars(store);
    let answer =
        |source: &str, changed: bool, error: Option<&str>| crate::tui::refresh::Refreshed {
            calendar: "Work".into(),
            source: source.into(),
            changed,
            error: error.map(String::from),
        };
    app.calendars.outcomes = vec![
        answer("account fastmail", false, Some("connection refused")),
        answer(&Source::parse(link).redacted(), true, None),
    ];
    let text = screen_text(&app, 160, 48);
    assert_eq!(text.matches("updated · 2 h ago").count(), 1, "{text}");
    assert!(text.contains("not read yet"), "{text}");
    assert!(text.contains("read again: its events changed"), "{text}");
    // The account's answer alone says nothing about the file.
    app.calendars.outcomes.truncate(1);
    let text = screen_text(&app, 160, 48);
    assert!(!text.contains("updated"), "{text}");
    assert!(!text.contains("read again"), "{text}");
    assert_eq!(text.matches("read 2 h ago").count(), 1, "{text}");
}
