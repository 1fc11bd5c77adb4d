//! `bearing export` and `bearing restore` through the real binary.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use std::fs;

use bearing::testkit::{Env, fixture_path};
use predicates::prelude::*;

/// A journal with some of everything.
fn rich(env: &Env) {
    env.ok(&[
        "reflect",
        "--at",
        "2026-11-02 09:00",
        "Explained the why to @Sam #why",
    ]);
    env.ok(&[
        "reflect",
        "--at",
        "2026-11-03 18:30",
        "--kind",
        "note",
        "Book the room for @Ana, \"quotes\" and ünïcödé 🎉",
    ]);
    env.ok(&["people", "rename", "sam", "Sam Okafor"]);
    env.ok(&[
        "block",
        "add",
        "Vision work",
        "--start",
        "2026-11-03 09:00",
        "--minutes",
        "120",
        "--weekly",
        "--why",
        "Where next",
    ]);
    env.ok(&[
        "block",
        "skip",
        "1",
        "--on",
        "2026-11-10",
        "--reason",
        "offsite",
    ]);
    env.ok(&[
        "block",
        "move",
        "1",
        "--on",
        "2026-11-17",
        "--to",
        "2026-11-18 14:00",
    ]);
    env.ok(&[
        "import",
        &fixture_path("thunderbird.ics"),
        "--calendar",
        "work",
    ]);
    env.ok(&["classify", "--title", "vendor", "managing"]);
    env.ok(&[
        "convo",
        "add",
        "--new-person",
        "--with",
        "Sam Okafor",
        "--topic",
        "Missed deadlines",
        "--on",
        "2026-11-04 10:00",
    ]);
    env.ok(&["convo", "held", "1", "--at", "2026-11-04 10:30"]);
    env.ok(&[
        "convo",
        "followup",
        "1",
        "--on",
        "2026-11-11",
        "--notes",
        "Check the estimate with @Priya",
    ]);
}

#[test]
fn export_restore_export_is_identical() {
    let env = Env::new();
    rich(&env);
    let first = env.ok(&["export", "--format", "json"]);
    let file = env.dir.path().join("export.json");
    fs::write(&file, &first).unwrap();
    let fresh = env.dir.path().join("restored.db");
    env.bearing()
        .args(["restore"])
        .arg(&file)
        .arg("--db")
        .arg(&fresh)
        .assert()
        .success()
        .stdout(predicate::str::contains("Restored"));
    let second = env
        .bearing()
        .args(["export", "--format", "json", "--db"])
        .arg(&fresh)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(second.stdout).unwrap(), first);
    // The copy works: search (the index is rebuilt), lists, the audit.
    let hits = env
        .bearing()
        .args(["search", "estimate", "--json", "--db"])
        .arg(&fresh)
        .output()
        .unwrap();
    let hits: serde_json::Value = serde_json::from_slice(&hits.stdout).unwrap();
    assert_eq!(hits[0]["kind"], "conversation");
    let people = env
        .bearing()
        .args(["list", "--json", "--person", "sam okafor", "--db"])
        .arg(&fresh)
        .output()
        .unwrap();
    let people: serde_json::Value = serde_json::from_slice(&people.stdout).unwrap();
    assert_eq!(
        people.as_array().unwrap().len(),
        1,
        "mentions follow the rename"
    );
    let doc: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert!(
        doc["rules"].as_array().unwrap().len() >= 4,
        "the rules in effect are recorded"
    );
    assert_eq!(
        doc["tables"]["block_exceptions"].as_array().unwrap().len(),
        2
    );
    // Old names and mentions in conversations come along.
    assert_eq!(doc["tables"]["person_aliases"][0]["name"], "Sam");
    let old_name = env
        .bearing()
        .args(["list", "--json", "--person", "sam", "--db"])
        .arg(&fresh)
        .output()
        .unwrap();
    let old_name: serde_json::Value = serde_json::from_slice(&old_name.stdout).unwrap();
    assert_eq!(
        old_name.as_array().unwrap().len(),
        1,
        "the old name still finds Sam"
    );
    let people = env
        .bearing()
        .args(["people", "--json", "--db"])
        .arg(&fresh)
        .output()
        .unwrap();
    let people: serde_json::Value = serde_json::from_slice(&people.stdout).unwrap();
    let priya = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Priya")
        .unwrap();
    assert_eq!(priya["mentions"], 1);
    // An export from before conversation mentions were kept still gets them on restore.
    let mut older: serde_json::Value = serde_json::from_str(&first).unwrap();
    older["schema"] = 6.into();
    let tables = older["tables"].as_object_mut().unwrap();
    tables.remove("conversation_people");
    tables.remove("person_aliases");
    let old_file = env.dir.path().join("older.json");
    fs::write(&old_file, older.to_string()).unwrap();
    let older_db = env.dir.path().join("older.db");
    env.bearing()
        .arg("restore")
        .arg(&old_file)
        .arg("--db")
        .arg(&older_db)
        .assert()
        .success();
    let people = env
        .bearing()
        .args(["people", "--json", "--db"])
        .arg(&older_db)
        .output()
        .unwrap();
    let people: serde_json::Value = serde_json::from_slice(&people.stdout).unwrap();
    assert!(
        people
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "Priya" && p["mentions"] == 1)
    );
}

#[test]
fn restore_refuses_what_it_cannot_take_and_writes_nothing() {
    let env = Env::new();
    rich(&env);
    let export = env.dir.path().join("export.json");
    env.bearing()
        .args(["export", "--format", "json", "--out"])
        .arg(&export)
        .assert()
        .success()
        .stdout("");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&export).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let before = env.ok(&["export", "--format", "json"]);
    env.bearing()
        .arg("restore")
        .arg(&export)
        .assert()
        .failure()
        .stderr(predicate::str::contains("not empty"));
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "other.json",
            "{\"hello\": 1}".into(),
            "not a bearing export",
        ),
        ("text.json", "Dear diary".into(), "not JSON"),
        (
            "newer.json",
            fs::read_to_string(&export).unwrap().replacen(
                "\"bearing_export\": 1",
                "\"bearing_export\": 99",
                1,
            ),
            "newer bearing",
        ),
    ];
    for (name, content, message) in cases {
        let path = env.dir.path().join(name);
        fs::write(&path, content).unwrap();
        let target = env.dir.path().join(format!("{name}.db"));
        env.bearing()
            .arg("restore")
            .arg(&path)
            .arg("--db")
            .arg(&target)
            .assert()
            .failure()
            .stderr(predicate::str::contains(message));
        assert!(!target.exists(), "{name}: a failed restore left a journal");
    }
    assert_eq!(env.ok(&["export", "--format", "json"]), before);
    env.bearing()
        .args(["export", "--format", "json", "--from", "2026-11-01"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("always complete"));
}

#[test]
fn markdown_export_reads_by_day() {
    let env = Env::new();
    rich(&env);
    let md = env.ok(&["export", "--format", "markdown"]);
    insta::assert_snapshot!(md);
    let one_day = env.ok(&[
        "export",
        "--format",
        "markdown",
        "--from",
        "2026-11-03",
        "--to",
        "2026-11-03",
    ]);
    assert!(
        one_day.contains("## Tuesday 3 November 2026") && !one_day.contains("Monday 2 November"),
        "{one_day}"
    );
}
