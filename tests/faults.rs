//! Faults from outside: the process killed in the middle of a large import, two bearing
//! processes writing at once, a damaged journal file. Each runs the real binary, on a
//! plain journal and on an encrypted one.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use std::process::Stdio;
use std::time::{Duration, Instant};

use bearing::testkit::{Env, reflections};

/// Each calendar's name and stored occurrences.
fn calendars(env: &Env) -> Vec<(String, i64)> {
    let store = env.store();
    store
        .list_calendars()
        .unwrap()
        .into_iter()
        .map(|c| {
            let n = store.count_calendar_occurrences(c.id).unwrap();
            (c.name, n)
        })
        .collect()
}

fn bytes_of(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn sigkill_in_the_middle_of_a_large_import_leaves_the_journal_as_it_was() {
    for env in Env::both() {
        sigkill_in_the_middle_of_a_large_import(&env);
    }
}

fn sigkill_in_the_middle_of_a_large_import(env: &Env) {
    env.bearing()
        .args(["reflect", "kept", "#safe"])
        .assert()
        .success();
    let small = env.dir.path().join("small.ics");
    std::fs::write(
        &small,
        bearing::app::seed::calendar_ics(5, 2, 4, 2026, 1, 1),
    )
    .unwrap();
    env.bearing()
        .args(["import"])
        .arg(&small)
        .assert()
        .success();
    let before = calendars(env);
    // A decade of meetings: seconds of work, most of it one write transaction.
    let big = env.dir.path().join("big.ics");
    std::fs::write(
        &big,
        bearing::app::seed::calendar_ics(0, 2_000, 75, 2017, 10, 9),
    )
    .unwrap();
    let wal = std::path::PathBuf::from(format!("{}-wal", env.db().display()));
    let wal_size = || std::fs::metadata(&wal).map_or(0, |m| m.len());
    let mut child = env
        .process()
        .args(["import", "--calendar", "decade"])
        .arg(&big)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until it is writing (the write-ahead log grows), then kill it mid-transaction.
    let start_size = wal_size();
    let deadline = Instant::now() + Duration::from_secs(120);
    while wal_size() <= start_size + 64 * 1024 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended before it could be killed; make the file bigger"
        );
        assert!(
            Instant::now() < deadline,
            "the import never started writing"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let store = env.store();
    assert_eq!(store.integrity_check().unwrap(), "ok", "{}", env.kind());
    assert_eq!(
        calendars(env),
        before,
        "the half-done import left nothing behind"
    );
    assert_eq!(store.count_entries().unwrap(), 1);
    drop(store);
    // And bearing goes on working: the import can simply be run again.
    env.bearing()
        .args(["list", "--json"])
        .assert()
        .success()
        .stdout(predicates::str::contains("kept #safe"));
}

#[test]
fn two_bearing_processes_writing_at_once_lose_nothing() {
    for env in Env::both() {
        two_bearing_processes_writing_at_once(&env);
    }
}

fn two_bearing_processes_writing_at_once(env: &Env) {
    drop(env.store());
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let mut cmds: Vec<std::process::Command> = (0..20)
                .map(|i| {
                    let mut cmd = env.process();
                    cmd.args(["reflect", &format!("writer {w} entry {i} #w{w}")]);
                    cmd
                })
                .collect();
            std::thread::spawn(move || {
                for (i, cmd) in cmds.iter_mut().enumerate() {
                    let out = cmd.output().unwrap();
                    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
                    assert!(out.status.success(), "writer {w} entry {i}: {stderr}");
                    assert!(!stderr.contains("locked"), "{stderr}");
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let store = env.store();
    assert_eq!(store.count_entries().unwrap(), 40, "{}", env.kind());
    for w in 0..2 {
        let filter = bearing::store::JournalFilter {
            tag: Some(format!("w{w}")),
            ..Default::default()
        };
        assert_eq!(store.list_entries(&filter).unwrap().len(), 20);
    }
}

#[test]
fn reflections_written_while_a_large_import_runs_all_land() {
    let env = Env::new();
    drop(env.store());
    let big = env.dir.path().join("big.ics");
    std::fs::write(
        &big,
        bearing::app::seed::calendar_ics(0, 2_000, 75, 2017, 10, 9),
    )
    .unwrap();
    let mut import = env
        .process()
        .args(["import", "--calendar", "decade"])
        .arg(&big)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Write while it imports (the decade takes seconds): none may fail as "locked".
    let mut written = 0;
    while import.try_wait().unwrap().is_none() && written < 20 {
        let out = env
            .process()
            .args(["reflect", &format!("during the import {written}")])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(out.status.success(), "{stderr}");
        written += 1;
    }
    let status = import.wait().unwrap();
    assert!(status.success());
    let store = env.store();
    assert_eq!(store.count_entries().unwrap(), written);
    assert!(
        written > 0,
        "the import ended before anything was written beside it"
    );
}

/// A journal of 300 entries, closed (so the write-ahead log is folded into the file).
fn journal_of_300(env: &Env) -> Vec<u8> {
    env.store().insert_entries(&reflections(300, 8)).unwrap();
    let bytes = bytes_of(&env.db());
    assert!(bytes.len() > 64 * 1024, "{}", bytes.len());
    bytes
}

fn damage(env: &Env, mut bytes: Vec<u8>, range: std::ops::Range<usize>) -> Vec<u8> {
    for b in &mut bytes[range] {
        *b = 0xA5;
    }
    std::fs::write(env.db(), &bytes).unwrap();
    bytes
}

#[test]
fn a_journal_damaged_at_its_root_is_refused_by_every_command_and_left_as_it_was() {
    for env in Env::both() {
        damaged_at_its_root(&env);
    }
}

fn damaged_at_its_root(env: &Env) {
    let bytes = journal_of_300(env);
    // The schema page, after the 100-byte file header.
    let bytes = damage(env, bytes, 100..4096);
    for args in [vec!["list"], vec!["reflect", "more"], vec!["check"]] {
        let out = env.bearing().args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("damaged"),
            "{} {args:?}: {stderr}",
            env.kind()
        );
        assert!(!stderr.contains("passphrase"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(
            bytes_of(&env.db()),
            bytes,
            "{args:?} left the file as it was"
        );
    }
}

#[test]
fn damage_inside_the_journal_is_reported_when_read_and_by_check() {
    for env in Env::both() {
        damage_inside(&env);
    }
}

fn damage_inside(env: &Env) {
    let bytes = journal_of_300(env);
    let bytes = damage(env, bytes, 16 * 1024..48 * 1024);
    let out = env.bearing().args(["list"]).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("damaged") && stderr.contains("backup"),
        "{}: {stderr}",
        env.kind()
    );
    assert_eq!(bytes_of(&env.db()), bytes);
    let out = env.bearing().args(["check", "--json"]).output().unwrap();
    assert!(!out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert!(!report["problems"].as_array().unwrap().is_empty());
    assert_eq!(bytes_of(&env.db()), bytes);
    // A sound journal checks out.
    let sound = if env.encrypted {
        Env::encrypted()
    } else {
        Env::new()
    };
    journal_of_300(&sound);
    sound.bearing().args(["check"]).assert().success();
}

#[test]
fn a_journal_from_a_newer_bearing_is_refused_by_every_command() {
    let env = Env::new();
    env.bearing().args(["reflect", "hello"]).assert().success();
    rusqlite::Connection::open(env.db())
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let bytes = bytes_of(&env.db());
    for args in [vec!["list"], vec!["reflect", "x"], vec!["search", "hello"]] {
        let out = env.bearing().args(&args).output().unwrap();
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("newer bearing"), "{stderr}");
    }
    assert_eq!(bytes_of(&env.db()), bytes);
}
