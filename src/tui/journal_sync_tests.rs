//! The background journal sync, driven as the event loop drives it.

use std::time::Duration;

use crate::app::entries::NewReflection;
use crate::app::sync::{Place, init, join};
use crate::app::{Journal, Now};
use crate::domain::clock::FixedClock;
use crate::domain::entry::EntryKind;
use crate::store::{Passphrase, Store};
use crate::testkit::tui::app_at;
use crate::tui::app::{App, Task};
use crate::tui::event::Event;

const NOW: &str = "2026-11-22T10:00:00+01:00";

fn now(at: &str) -> Now {
    Now::of(&FixedClock::at(at))
}

fn write(journal: &mut Journal, body: &str) {
    crate::app::entries::add(
        journal,
        now(NOW),
        &NewReflection {
            kind: EntryKind::Reflection,
            at: None,
            text: body.into(),
        },
        None,
    )
    .unwrap();
}

fn bodies_of(journal: &Journal) -> Vec<String> {
    crate::app::entries::on_day(journal, now(NOW).today())
        .unwrap()
        .into_iter()
        .map(|e| e.body)
        .collect()
}

/// Runs the sync the app handed to the event loop, and gives the app its answer.
fn run_handed(app: &mut App) {
    let Some(Task::SyncJournal(waiting)) = app.pending.take() else {
        panic!("no sync handed to the event loop: {:?}", app.pending);
    };
    let done = super::start(waiting)
        .recv_timeout(Duration::from_secs(60))
        .unwrap();
    app.handle(Event::JournalSynced(done));
}

fn bodies(app: &App) -> Vec<String> {
    bodies_of(&app.journal)
}

#[test]
fn the_interface_syncs_at_start_after_changes_and_says_when_it_could_not() {
    let dir = tempfile::tempdir().unwrap();
    let place = Place::Folder(dir.path().join("sync"));
    let pass = Passphrase::new("pw".into()).unwrap();
    let mut other = Journal::new(Store::open(&dir.path().join("other.db")).unwrap());
    init(&mut other, &place, &pass, now(NOW), &mut |_, _, _| {}).unwrap();
    let path = dir.path().join("journal.db");
    let mut here = Journal::new(Store::open(&path).unwrap());
    join(&mut here, &place, &pass, now(NOW), &mut |_, _, _| {}).unwrap();
    write(&mut other, "Written on the other device");
    crate::app::sync::sync(&mut other, now(NOW), &mut |_, _, _| {}).unwrap();
    drop(here);

    let mut app = app_at(Store::open(&path).unwrap(), NOW);
    app.handle(Event::Started);
    app.handle(Event::Tick);
    let last_row = |app: &App| {
        crate::testkit::tui::screen_text(app, 100, 24)
            .lines()
            .last()
            .unwrap_or_default()
            .to_string()
    };
    assert!(last_row(&app).contains("syncing…"), "{}", last_row(&app));
    run_handed(&mut app);
    assert!(
        last_row(&app).contains("synced 10:00"),
        "{}",
        last_row(&app)
    );
    assert_eq!(
        bodies(&app),
        vec!["Written on the other device"],
        "heard at start"
    );
    assert!(app.journal_sync.last_done.is_some());
    // Not again at once.
    app.handle(Event::Tick);
    assert_eq!(app.pending, None);
    // A change here goes out a little later, without a word on the status line.
    write(&mut app.journal, "Written here");
    app.handle(Event::Tick);
    assert_eq!(app.pending, None, "not at once");
    app.clock = Box::new(FixedClock::at("2026-11-22T10:00:30+01:00"));
    app.handle(Event::Tick);
    run_handed(&mut app);
    assert!(
        app.status
            .as_ref()
            .is_none_or(|s| !s.is_error && !s.text.contains("ync")),
        "{:?}",
        app.status
    );
    crate::app::sync::sync(&mut other, now(NOW), &mut |_, _, _| {}).unwrap();
    assert_eq!(bodies_of(&other).len(), 2);
    // Offline (the folder gone): said on the status line, and the change waits.
    write(&mut app.journal, "Written offline");
    std::fs::rename(dir.path().join("sync"), dir.path().join("away")).unwrap();
    app.clock = Box::new(FixedClock::at("2026-11-22T10:01:00+01:00"));
    app.handle(Event::Tick);
    run_handed(&mut app);
    let status = app.status.clone().unwrap();
    assert!(
        status.is_error
            && status.text.contains("did not sync")
            && status.text.contains("/sync is not there"),
        "{}",
        status.text
    );
    // Once the message is gone, the status line still says it did not sync.
    app.status = None;
    assert!(last_row(&app).contains("not synced"), "{}", last_row(&app));
    assert!(crate::app::sync::pending(&app.journal).unwrap());
}

#[test]
fn the_status_line_counts_texts_kept_twice_after_a_sync() {
    let at = chrono::DateTime::parse_from_rfc3339(NOW).unwrap();
    let mut sync = super::JournalSync {
        syncs: true,
        last_done: Some(at),
        ..Default::default()
    };
    assert_eq!(sync.note().as_deref(), Some("synced 10:00"));
    sync.conflicts = 2;
    assert_eq!(sync.note().as_deref(), Some("synced 10:00 · 2 kept twice"));
    sync.syncs = false;
    assert_eq!(sync.note(), None);
}
