//! `bearing sync` as a user runs it: two journals (two devices) and a folder, and the
//! same over WebDAV against a real server; a sync killed halfway, then converging.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use std::path::Path;
use std::time::Duration;

use bearing::testkit::{DavServer, Env, random_sid};
use serde_json::Value;

const PASSPHRASE: &str = "printf '%s' 'our sync passphrase'";

fn bodies(env: &Env) -> Vec<String> {
    let mut all: Vec<String> = env
        .list_json(&[])
        .into_iter()
        .map(|e| e["body"].as_str().unwrap_or_default().to_string())
        .collect();
    all.sort();
    all
}

/// Every file under `dir`.
fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Two devices through `place` (a folder, or a WebDAV address with `extra` flags).
fn two_devices_through(place: &str, extra: &[&str]) -> (Env, Env) {
    let (laptop, desktop) = (Env::new(), Env::new());
    laptop.reflect(&["Quetzalcoatl offsite: plan the #vision with @Zoë"]);
    let mut init = vec!["sync", "init", place, "--passphrase-command", PASSPHRASE];
    init.extend_from_slice(extra);
    let said = laptop.ok(&init);
    assert!(said.contains("bearing sync join"), "{said}");
    desktop.reflect(&["Written at home before joining"]);
    let mut join = vec![
        "sync",
        "join",
        place,
        "--passphrase-command",
        PASSPHRASE,
        "--json",
    ];
    join.extend_from_slice(extra);
    let joined = desktop.json(&join);
    assert!(joined["merged_rows"].as_u64().unwrap() >= 2, "{joined}");
    let back = laptop.json(&["sync", "--json"]);
    assert_eq!(back["merged_batches"], 1, "{back}");
    assert_eq!(bodies(&laptop), bodies(&desktop));
    assert_eq!(bodies(&laptop).len(), 2);
    (laptop, desktop)
}

#[test]
fn two_journals_share_one_through_a_folder_and_nothing_in_it_reads_without_the_passphrase() {
    let shared = tempfile::tempdir().unwrap();
    let place = shared.path().join("bearing-sync");
    let place = place.to_str().unwrap();
    let (laptop, desktop) = two_devices_through(place, &[]);
    // The desktop's backup before it merged, and its status.
    let status = desktop.json(&["sync", "status", "--json"]);
    assert_eq!(status["place"], place);
    assert_eq!(status["pending"], 0);
    assert_eq!(status["devices"].as_array().unwrap().len(), 1);
    let text = laptop.ok(&["sync", "status"]);
    assert!(
        text.contains("Syncs at") && text.contains("1 batch merged, the last "),
        "{text}"
    );
    // Times as the user reads them, not RFC 3339.
    assert!(
        text.contains("Last synced ") && !text.contains(":00Z") && !text.contains(":00+"),
        "{text}"
    );
    for file in files(shared.path()) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("Quetzalcoatl"),
            "{file:?}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{file:?}");
        }
    }
    // A third device with the wrong passphrase: refused, its journal left as it was.
    let stranger = Env::new();
    let refused = stranger.fails(&[
        "sync",
        "join",
        place,
        "--passphrase-command",
        "printf wrong",
    ]);
    assert!(refused.contains("passphrase does not open"), "{refused}");
    let status = stranger.json(&["sync", "status", "--json"]);
    assert!(status["place"].is_null());
    // Wrong input says what is wrong.
    let no_user = stranger.fails(&["sync", "join", "https://dav.example.com/sync"]);
    assert!(
        no_user.contains("--user") && no_user.contains("--password-command"),
        "{no_user}"
    );
    let not_yet = stranger.fails(&["sync"]);
    assert!(not_yet.contains("does not sync yet"), "{not_yet}");
}

/// `bearing ARGS --json` on `env` as (the row's `key` field, its `id`, its `sid`), sorted.
fn ids_of(env: &Env, args: &[&str], key: &str) -> Vec<(String, Value, String)> {
    let mut all = args.to_vec();
    all.push("--json");
    let mut rows: Vec<(String, Value, String)> = env
        .json(&all)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let sid = r["sid"].as_str().unwrap_or_else(|| panic!("no sid: {r}"));
            (r[key].to_string(), r["id"].clone(), sid.to_string())
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows
}

/// Of the rows of two devices, (key, sid) each, checking both hold the same rows.
fn same_rows(
    laptop: &[(String, Value, String)],
    desktop: &[(String, Value, String)],
) -> Vec<(String, String)> {
    let keyed = |rows: &[(String, Value, String)]| -> Vec<(String, String)> {
        rows.iter()
            .map(|(k, _, sid)| (k.clone(), sid.clone()))
            .collect()
    };
    assert_eq!(keyed(laptop), keyed(desktop));
    keyed(laptop)
}

#[test]
fn a_row_shows_one_stable_id_on_both_devices_while_their_ids_differ() {
    let shared = tempfile::tempdir().unwrap();
    let place = shared.path().join("bearing-sync");
    let (laptop, desktop) = two_devices_through(place.to_str().unwrap(), &[]);
    // Each device notes a conversation before it hears of the other's: each numbers its
    // own 1.
    desktop.ok(&[
        "convo",
        "add",
        "--new-person",
        "--with",
        "Ana",
        "--topic",
        "Career path",
    ]);
    laptop.ok(&["convo", "add", "--with", "Zoë", "--topic", "Offsite agenda"]);
    laptop.ok(&[
        "delegate",
        "--to",
        "zoe",
        "--task",
        "Venue",
        "--done",
        "Booked",
        "--check-in",
        "today",
    ]);
    laptop.ok(&["agenda", "add", "Zoë", "the offsite budget"]);
    let block = laptop.json(&[
        "block",
        "add",
        "Vision work",
        "--start",
        "2026-11-24 09:00",
        "--minutes",
        "90",
        "--json",
    ]);
    for env in [&desktop, &laptop, &desktop] {
        env.ok(&["sync"]);
    }

    // Entries: the laptop's first is the desktop's second (it wrote one before joining).
    let (l, d) = (
        ids_of(&laptop, &["list"], "body"),
        ids_of(&desktop, &["list"], "body"),
    );
    let entries = same_rows(&l, &d);
    assert_eq!(entries.len(), 2);
    let offsite = l
        .iter()
        .position(|(b, ..)| b.contains("Quetzalcoatl"))
        .unwrap();
    assert_eq!((&l[offsite].1, &d[offsite].1), (&1.into(), &2.into()));
    for (_, sid) in &entries {
        random_sid(&serde_json::json!({ "sid": sid }));
    }
    // Conversations: each device's 1 is the other's 2.
    let (l, d) = (
        ids_of(&laptop, &["convo", "list"], "topic"),
        ids_of(&desktop, &["convo", "list"], "topic"),
    );
    assert_eq!(same_rows(&l, &d).len(), 2);
    assert_ne!(l[0].1, d[0].1, "{l:?} {d:?}");
    // People (no id of theirs is shown): one stable id each, made from the name.
    let (l, d) = (
        ids_of(&laptop, &["people"], "name"),
        ids_of(&desktop, &["people"], "name"),
    );
    let people = same_rows(&l, &d);
    assert!(
        people.contains(&("\"Zoë\"".into(), "person:zoe".into())),
        "{people:?}"
    );
    let page = |env: &Env| env.json(&["people", "show", "zoe", "--json"])["sid"].clone();
    assert_eq!(
        (page(&laptop), page(&desktop)),
        ("person:zoe".into(), "person:zoe".into())
    );
    // Delegations, agenda items (made from the rows' stable ids), search hits, blocks.
    let (l, d) = (
        ids_of(&laptop, &["delegate", "list"], "task"),
        ids_of(&desktop, &["delegate", "list"], "task"),
    );
    assert_eq!(same_rows(&l, &d).len(), 1);
    let (l, d) = (
        ids_of(&laptop, &["agenda", "Zoë"], "text"),
        ids_of(&desktop, &["agenda", "Zoë"], "text"),
    );
    assert_eq!(same_rows(&l, &d).len(), 2, "{l:?}");
    let (l, d) = (
        ids_of(&laptop, &["search", "Quetzalcoatl"], "kind"),
        ids_of(&desktop, &["search", "Quetzalcoatl"], "kind"),
    );
    assert_eq!(same_rows(&l, &d), [(l[0].0.clone(), entries_sid(&entries))]);
    assert_ne!(l[0].1, d[0].1);
    let listed = desktop.json(&["block", "list", "--week", "2026-11-24", "--json"]);
    assert_eq!(listed[0]["block_sid"], block["sid"]);
    assert_eq!(block["sid"], block["uid"]);
}

/// The stable id of the entry about the offsite, of `entries` as [`same_rows`] gives them.
fn entries_sid(entries: &[(String, String)]) -> String {
    entries
        .iter()
        .find(|(body, _)| body.contains("Quetzalcoatl"))
        .unwrap()
        .1
        .clone()
}

#[test]
fn two_journals_share_one_through_a_webdav_server() {
    let Some(server) = DavServer::wsgidav() else {
        return;
    };
    let url = server.url("/bearing-sync/");
    let password = format!("printf '%s' '{}'", server.password());
    let (laptop, _desktop) = two_devices_through(
        &url,
        &["--user", server.user(), "--password-command", &password],
    );
    let stored = files(&server.storage().join("bearing-sync"));
    assert!(stored.len() >= 3, "{stored:?}");
    for file in stored {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("Quetzalcoatl"),
            "{file:?}"
        );
    }
    // The password never reaches what bearing prints or keeps in plain sight.
    let status = laptop.ok(&["sync", "status"]);
    assert!(!status.contains(server.password()), "{status}");
}

#[test]
fn a_sync_killed_halfway_converges_on_the_next() {
    let shared = tempfile::tempdir().unwrap();
    let place = shared.path().join("sync");
    let place = place.to_str().unwrap();
    let laptop = Env::new();
    laptop.ok(&["sync", "init", place, "--passphrase-command", PASSPHRASE]);
    bearing::testkit::journal_of(&laptop, 6_000);
    // Killed at several moments of a push of several batches.
    for wait in [50, 150, 400] {
        let mut child = laptop.process().args(["sync"]).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(wait));
        let _ = child.kill();
        let _ = child.wait();
    }
    laptop.ok(&["sync"]);
    let desktop = Env::new();
    desktop.ok(&["sync", "join", place, "--passphrase-command", PASSPHRASE]);
    assert_eq!(bodies(&desktop).len(), 6_000);
    assert_eq!(bodies(&laptop), bodies(&desktop));
    let again = laptop.json(&["sync", "--json"]);
    assert_eq!(again["sent"], 0, "{again}");
}

#[test]
fn a_journal_kept_in_a_dropbox_folder_is_warned_about_once() {
    let env = Env::new();
    let dropbox = env.dir.path().join("Dropbox").join("notes");
    std::fs::create_dir_all(&dropbox).unwrap();
    let db = dropbox.join("journal.db");
    let db = db.to_str().unwrap();
    let first = env
        .bearing()
        .args(["--db", db, "reflect", "First"])
        .output()
        .unwrap();
    assert!(first.status.success());
    let said = String::from_utf8_lossy(&first.stderr);
    assert!(
        said.contains("Dropbox manages") && said.contains("bearing sync"),
        "{said}"
    );
    let second = env
        .bearing()
        .args(["--db", db, "reflect", "Second"])
        .output()
        .unwrap();
    assert!(second.status.success());
    assert!(
        !String::from_utf8_lossy(&second.stderr).contains("Dropbox"),
        "told once"
    );
    // Not a word about it for a journal elsewhere.
    let elsewhere = env.bearing().args(["reflect", "Third"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&elsewhere.stderr).contains("manages"));
}

#[test]
fn a_compacted_journal_is_joined_from_its_snapshot() {
    let shared = tempfile::tempdir().unwrap();
    let place = shared.path().join("bearing-sync");
    let place = place.to_str().unwrap();
    let (laptop, desktop) = two_devices_through(place, &[]);
    laptop.reflect(&["Quetzalcoatl again, after the desktop joined"]);
    let said = laptop.ok(&["sync", "compact"]);
    assert!(said.contains("Wrote a snapshot"), "{said}");
    assert!(said.contains("removed 2 old batches"), "{said}");
    let again = laptop.ok(&["sync", "compact"]);
    assert!(again.contains("Nothing to compact"), "{again}");
    // The desktop had not read the newest batch: it is gone, the snapshot holds it.
    let got = desktop.json(&["sync", "--json"]);
    assert_eq!(
        (got["snapshots"].as_u64(), got["merged_batches"].as_u64()),
        (Some(1), Some(0)),
        "{got}"
    );
    // A third device starts from the snapshot.
    let third = Env::new();
    let joined = third.ok(&["sync", "join", place, "--passphrase-command", PASSPHRASE]);
    assert!(joined.contains("Started from 1 snapshot"), "{joined}");
    assert_eq!(bodies(&third), bodies(&laptop));
    assert_eq!(bodies(&desktop), bodies(&laptop));
    assert_eq!(bodies(&third).len(), 3);
    for path in files(shared.path()) {
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("Quetzalcoatl"),
            "{path:?}"
        );
    }
}

#[test]
fn a_place_named_from_a_folder_is_kept_whole_and_a_webdav_place_takes_a_ca_file() {
    // Named relative to where the command runs: kept as the whole path, so the next sync
    // (or the interface) finds it from anywhere.
    let env = Env::new();
    let work = tempfile::tempdir().unwrap();
    let out = env
        .process()
        .current_dir(work.path())
        .args(["sync", "init", "shared", "--passphrase-command", PASSPHRASE])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let status = env.json(&["sync", "status", "--json"]);
    let kept = work.path().join("shared");
    assert_eq!(status["place"], kept.to_str().unwrap(), "{status}");
    assert!(kept.join("bearing-sync.key").exists());
    env.ok(&["sync"]);
    // A ca_file is for a WebDAV address; one that is not a PEM file of authorities says
    // so, and nothing is changed.
    let other = Env::new();
    let said = other.fails(&["sync", "init", "/tmp/x", "--ca-file", "ca.pem"]);
    assert!(said.contains("--ca-file"), "{said}");
    let bad = other.tmp().join("ca.pem");
    std::fs::write(&bad, "not a certificate").unwrap();
    let said = other.fails(&[
        "sync",
        "init",
        "https://127.0.0.1:9/dav/",
        "--user",
        "me",
        "--password-command",
        "printf secret",
        "--ca-file",
        bad.to_str().unwrap(),
        "--passphrase-command",
        PASSPHRASE,
    ]);
    assert!(said.contains("ca.pem"), "{said}");
    assert!(other.json(&["sync", "status", "--json"])["place"].is_null());
}
