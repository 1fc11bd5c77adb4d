//! Listing, renaming, removing and importing calendars, and what the interface reads
//! again in the background, with their refusals.

use chrono_tz::Europe::Berlin;

use super::*;
use crate::store::Store;
use crate::testkit::{fixture, fixture_path};

/// Wednesday 25 November 2026, noon in Berlin.
fn now() -> Now {
    Now {
        at: chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00+01:00").unwrap(),
        zone: Berlin,
    }
}

const TIMEOUT: Duration = Duration::from_secs(5);

fn import_file(journal: &mut Journal, name: Option<&str>, file: &str) -> Result<ImportSummary> {
    let path = fixture_path(file);
    import(
        journal,
        now(),
        &Import {
            source: &path,
            name,
            replace: false,
            force: false,
        },
        TIMEOUT,
    )
}

#[test]
fn a_calendar_is_imported_listed_renamed_and_removed() {
    let mut journal = Journal::new(Store::open_in_memory().unwrap());
    let summary = import_file(&mut journal, Some(" team "), "outlook-team.ics").unwrap();
    assert_eq!(summary.calendar, "team");
    let listed = list_with_counts(&journal).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].0.name, "team");
    assert_eq!(listed[0].1.events, summary.events as i64);
    assert_eq!(rename(&mut journal, "team", "  Team  ").unwrap(), "Team");
    assert_eq!(get(&journal, "Team").unwrap().1, listed[0].1);
    assert_eq!(remove(&mut journal, "Team").unwrap(), listed[0].1);
    assert!(list(&journal).unwrap().is_empty());
}

#[test]
fn a_blank_name_is_refused_alike_when_importing_and_renaming() {
    let mut journal = Journal::new(Store::open_in_memory().unwrap());
    let e = import_file(&mut journal, Some("  "), "google.ics").unwrap_err();
    assert_eq!(e.field(), Some(Field::Calendar));
    assert_eq!(e.to_string(), "a calendar needs a name");
    assert!(list(&journal).unwrap().is_empty());
    import_file(&mut journal, None, "google.ics").unwrap();
    let e = rename(&mut journal, "Work", " ").unwrap_err();
    assert_eq!(e.field(), Some(Field::Calendar));
    assert_eq!(e.to_string(), "a calendar needs a name");
}

#[test]
fn a_missing_calendar_a_taken_name_and_a_source_imported_twice_are_refused() {
    let mut journal = Journal::new(Store::open_in_memory().unwrap());
    import_file(&mut journal, Some("work"), "google.ics").unwrap();
    import_file(&mut journal, Some("team"), "outlook-team.ics").unwrap();
    for e in [
        get(&journal, "nope").unwrap_err(),
        remove(&mut journal, "nope").unwrap_err(),
        rename(&mut journal, "nope", "other").unwrap_err(),
    ] {
        assert_eq!(
            e.to_string(),
            "there is no calendar called 'nope'; `bearing calendars` lists them"
        );
    }
    let e = rename(&mut journal, "work", "team").unwrap_err();
    assert_eq!(e.to_string(), "there is already a calendar called 'team'");
    let e = import_file(&mut journal, Some("again"), "google.ics").unwrap_err();
    assert_eq!(e.field(), Some(Field::Source));
    assert!(
        e.to_string()
            .contains("is already imported as calendar 'work'"),
        "{e}"
    );
    let e = import_file(&mut journal, None, "no-such-file.ics").unwrap_err();
    assert_eq!(e.field(), Some(Field::Source));
    assert!(e.to_string().starts_with("cannot read "), "{e}");
}

#[test]
fn what_was_read_long_ago_is_read_again_on_a_connection_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("team.ics");
    std::fs::write(&file, fixture("outlook-team.ics")).unwrap();
    let journal_path = dir.path().join("journal.db");
    let mut journal = Journal::new(Store::open(&journal_path).unwrap());
    let source = file.display().to_string();
    let wanted = Import {
        source: &source,
        name: Some("team"),
        replace: false,
        force: false,
    };
    import(&mut journal, now(), &wanted, TIMEOUT).unwrap();
    // Read just now: nothing is stale.
    assert_eq!(refresh::stale(&journal, now(), 6, TIMEOUT).unwrap(), None);
    // A day later it is; the file changed meanwhile.
    let later = Now {
        at: now().at + chrono::Duration::days(1),
        ..now()
    };
    let stale = refresh::stale(&journal, later, 6, TIMEOUT)
        .unwrap()
        .unwrap();
    assert_eq!(stale.names, ["team"]);
    std::fs::write(
        &file,
        fixture("outlook-team.ics").replace("Team stand-up", "Team stand-up (moved)"),
    )
    .unwrap();
    let done = refresh::refresh_stale(&stale);
    assert_eq!(done.len(), 1);
    assert!(done[0].changed && done[0].error.is_none(), "{done:?}");
    assert_eq!(refresh::stale(&journal, later, 6, TIMEOUT).unwrap(), None);
    // A journal in memory has no other connection to read it on.
    let memory = Journal::new(Store::open_in_memory().unwrap());
    assert_eq!(refresh::stale(&memory, later, 6, TIMEOUT).unwrap(), None);
}

/// Issue #24, item 11, as the interface's background refresh meets it: calendars
/// removed before the refresh starts, or while it fetches, on another connection, are
/// not imported again; one renamed meanwhile is refreshed under its new name.
#[test]
fn the_background_refresh_writes_only_into_the_calendars_it_started_from() {
    use crate::testkit::{Gate, HttpServer, Reply};
    let dir = tempfile::tempdir().unwrap();
    let journal_path = dir.path().join("journal.db");
    let mut journal = Journal::new(Store::open(&journal_path).unwrap());
    let server = HttpServer::new();
    let text = fixture("outlook-team.ics");
    for page in ["/gone.ics", "/fetching.ics", "/renamed.ics"] {
        server.page(
            page,
            Reply::ok(text.replace("UID:", &format!("UID:{page}-"))),
        );
    }
    for (name, page) in [
        ("gone", "/gone.ics"),
        ("fetching", "/fetching.ics"),
        ("renamed", "/renamed.ics"),
    ] {
        let source = server.url(page);
        let wanted = Import {
            source: &source,
            name: Some(name),
            replace: false,
            force: false,
        };
        import(&mut journal, now(), &wanted, TIMEOUT).unwrap();
    }
    let later = Now {
        at: now().at + chrono::Duration::days(1),
        ..now()
    };
    let stale = refresh::stale(&journal, later, 6, TIMEOUT)
        .unwrap()
        .unwrap();
    assert_eq!(stale.names, ["fetching", "gone", "renamed"]);
    // Before the refresh starts, one is removed and one renamed; the other's address
    // answers only when the test says, and is removed while it is fetched.
    remove(&mut journal, "gone").unwrap();
    rename(&mut journal, "renamed", "Renamed").unwrap();
    let slow = text
        .replace("UID:", "UID:/fetching.ics-")
        .replace("Team stand-up", "Moved");
    let gate = Gate::new();
    server.page("/fetching.ics", Reply::ok(slow).at(&gate));
    let refreshing = std::thread::spawn(move || refresh::refresh_stale(&stale));
    let started = std::time::Instant::now();
    while server.requests() < 4 {
        assert!(started.elapsed() < Duration::from_secs(20));
        std::thread::sleep(Duration::from_millis(20));
    }
    remove(&mut journal, "fetching").unwrap();
    gate.open();
    let done = refreshing.join().unwrap();
    let said: Vec<(&str, Option<&str>)> = done
        .iter()
        .map(|o| (o.calendar.as_str(), o.error.as_deref()))
        .collect();
    let removed = |name: &str| {
        format!(
            "calendar '{name}' was removed while its source was read; it was not imported again"
        )
    };
    assert_eq!(
        said,
        [
            ("fetching", Some(removed("fetching").as_str())),
            ("gone", Some(removed("gone").as_str())),
            ("Renamed", None),
        ]
    );
    let names: Vec<String> = list(&journal)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Renamed"]);
}
