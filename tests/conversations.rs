//! `bearing convo` and `bearing people` through the real binary.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use common::Env;
use predicates::prelude::*;
use serde_json::Value;

fn convo(env: &Env, id: &str) -> Value {
    env.json(&["convo", "show", id, "--json"])
}

#[test]
fn prepare_hold_and_follow_up_a_conversation() {
    let env = Env::new();
    assert_eq!(
        env.ok(&[
            "convo",
            "add",
            "--with",
            "Sam",
            "--topic",
            "Missed deadlines",
            "--on",
            "2025-03-03 10:00"
        ])
        .trim(),
        "1"
    );
    let c = convo(&env, "1");
    assert_eq!(
        (c["person"].as_str(), c["status"].as_str()),
        (Some("Sam"), Some("planned"))
    );
    assert_eq!(c["planned_at"], "2025-03-03T10:00:00+01:00");
    env.ok(&["convo", "held", "1", "--at", "2025-03-03 10:30"]);
    env.ok(&[
        "convo",
        "followup",
        "1",
        "--on",
        "2025-03-10",
        "--notes",
        "Look at the new estimate together",
    ]);
    let c = convo(&env, "1");
    assert_eq!(c["status"], "held");
    assert_eq!(c["followup_on"], "2025-03-10");
    assert_eq!(c["follow_up"]["state"], "overdue", "{c}");
    assert_eq!(
        c["outcome"]["followup_notes"],
        "Look at the new estimate together"
    );
    env.ok(&["convo", "done", "1"]);
    assert_eq!(convo(&env, "1")["status"], "followed_up");
    env.ok(&["convo", "close", "1"]);
    let listed = env.json(&["convo", "list", "--status", "closed", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    env.ok(&[
        "convo",
        "add",
        "--with",
        "@ana",
        "--topic",
        "Stay interview",
        "--stay",
    ]);
    env.ok(&["convo", "cancel", "2"]);
    assert_eq!(convo(&env, "2")["status"], "cancelled");
    let human = env.ok(&["convo", "list"]);
    assert!(
        human.contains("Closed") && human.contains("#1 Missed deadlines with Sam"),
        "{human}"
    );
}

#[test]
fn edit_writes_every_field_in_the_editor() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.ok(&["convo", "add", "--with", "Sam", "--topic", "Ownership"]);
    let script = env.dir.path().join("ed.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\nsed -i -e '/^## Behaviour/a Three releases slipped without a heads-up' -e '/^## What was agreed/a A weekly estimate review' \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    env.bearing()
        .args(["convo", "edit", "1"])
        .env("EDITOR", &script)
        .assert()
        .success();
    let c = convo(&env, "1");
    assert_eq!(
        c["prep"]["behaviour"],
        "Three releases slipped without a heads-up"
    );
    assert_eq!(c["outcome"]["agreed"], "A weekly estimate review");
    assert_eq!(c["prep"]["situation"], "");
    let shown = env.ok(&["convo", "show", "1"]);
    assert!(
        shown.contains("Behaviour:\n  Three releases slipped"),
        "{shown}"
    );
    // A heading the form does not know is refused, and nothing changes.
    let bad = env.dir.path().join("bad.sh");
    std::fs::write(&bad, "#!/bin/sh\necho '## Mood' >> \"$1\"\n").unwrap();
    std::fs::set_permissions(&bad, std::fs::Permissions::from_mode(0o755)).unwrap();
    env.bearing()
        .args(["convo", "edit", "1"])
        .env("EDITOR", &bad)
        .assert()
        .failure()
        .stderr(predicate::str::contains("unknown heading"));
    assert_eq!(convo(&env, "1"), c);
}

#[test]
fn bad_conversation_input_is_refused_and_changes_nothing() {
    let env = Env::new();
    env.ok(&[
        "convo",
        "add",
        "--with",
        "Sam",
        "--topic",
        "Ownership",
        "--on",
        "2025-03-03 10:00",
    ]);
    let cases: &[(&[&str], &str)] = &[
        (
            &["convo", "add", "--with", "Sam", "--topic", "  "],
            "needs a topic",
        ),
        (
            &["convo", "add", "--with", "", "--topic", "x"],
            "needs a name",
        ),
        (
            &[
                "convo",
                "add",
                "--with",
                "Sam",
                "--topic",
                "x",
                "--on",
                "2025-02-30 10:00",
            ],
            "not a date",
        ),
        (
            &["convo", "followup", "1", "--on", "2025-03-10"],
            "once it is held",
        ),
        (&["convo", "held", "42"], "no conversation 42"),
        (&["convo", "show", "42"], "no conversation 42"),
        (
            &["convo", "held", "1", "--at", "2999-01-01 10:00"],
            "in the future",
        ),
        (&["convo", "list", "--status", "done"], "not a status"),
        (
            &["convo", "list", "--person", "Nobody"],
            "nobody called 'Nobody'",
        ),
        (&["convo", "close", "1"], "cannot become closed"),
    ];
    for (args, message) in cases {
        env.bearing()
            .args(*args)
            .assert()
            .failure()
            .stdout("")
            .stderr(predicate::str::contains(*message));
    }
    env.ok(&["convo", "held", "1", "--at", "2025-03-03 10:30"]);
    env.bearing()
        .args(["convo", "followup", "1", "--on", "2025-03-01"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("before the conversation"));
    assert_eq!(convo(&env, "1")["followup_on"], Value::Null);
    assert_eq!(
        env.json(&["convo", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn people_show_check_ins_and_nudge_the_quietest() {
    let env = Env::new();
    env.ok(&["reflect", "Great demo by @Ana and @Sam"]);
    env.ok(&["reflect", "@Ana again, always ready to help"]);
    env.ok(&["reflect", "Noticed @Lee is quiet"]);
    env.ok(&[
        "convo",
        "add",
        "--with",
        "Sam",
        "--topic",
        "Career",
        "--on",
        "2025-03-03 10:00",
        "--stay",
    ]);
    env.ok(&["convo", "held", "1", "--at", "2025-03-03 10:30"]);
    env.ok(&["convo", "followup", "1", "--on", "2025-03-17"]);
    // A 1:1 with Ana on the calendar, yesterday.
    let now = chrono::DateTime::parse_from_rfc3339(common::NOW).unwrap();
    let yesterday = (now - chrono::Duration::days(1)).format("%Y%m%d");
    let ics = format!(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:ana-1on1\nSUMMARY:Ana / me\nDTSTART:{yesterday}T090000Z\nDTEND:{yesterday}T093000Z\nATTENDEE:mailto:ana@x\nATTENDEE:mailto:me@x\nEND:VEVENT\nEND:VCALENDAR\n"
    );
    env.bearing()
        .args(["import", "-", "--calendar", "work"])
        .write_stdin(ics)
        .assert()
        .success();
    let people = env.json(&["people", "--json"]);
    let names: Vec<&str> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    // Nudged first: Lee (never, one mention) before Sam (long ago); Ana was yesterday.
    assert_eq!(names, ["Lee", "Sam", "Ana"]);
    let by = |n: &str| {
        people
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == n)
            .unwrap()
            .clone()
    };
    assert_eq!(by("Lee")["last_checkin"], Value::Null);
    assert_eq!(by("Sam")["last_checkin"], "2025-03-03");
    assert_eq!(by("Sam")["open_followups"], 1);
    assert_eq!(by("Sam")["stay_interview"], true);
    assert_eq!(by("Ana")["nudge"], false);
    assert_eq!(by("Ana")["last_checkin"].as_str().unwrap().len(), 10);
    assert_eq!(by("Ana")["mentions"], 2);
    // Rename and merge.
    env.ok(&["people", "rename", "lee", "Lee Chen"]);
    env.ok(&["people", "merge", "Lee Chen", "Ana"]);
    let people = env.json(&["people", "--json"]);
    assert_eq!(people.as_array().unwrap().len(), 2);
    assert_eq!(
        env.list_json(&["--person", "ana"]).len(),
        3,
        "Lee's mention follows the merge"
    );
    env.bearing()
        .args(["people", "rename", "Ana", "sam"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("merge the two"));
    env.bearing()
        .args(["people", "merge", "Nobody", "Ana"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("nobody called 'Nobody'"));
}

#[test]
fn a_conversation_can_be_linked_to_a_calendar_event() {
    let env = Env::new();
    let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:sam-1on1\nSUMMARY:Sam / me\nDTSTART:20261124T090000Z\nDTEND:20261124T093000Z\nEND:VEVENT\nEND:VCALENDAR\n";
    env.bearing()
        .args(["import", "-", "--calendar", "work"])
        .write_stdin(ics)
        .assert()
        .success();
    let id = env.json(&["audit", "--week", "2026-11-24", "--json"])["unclassified"][0]["id"]
        .as_i64()
        .unwrap();
    env.ok(&[
        "convo",
        "add",
        "--with",
        "Sam",
        "--topic",
        "Estimates",
        "--event",
        &id.to_string(),
    ]);
    let c = convo(&env, "1");
    assert_eq!(c["event_uid"], "sam-1on1");
    assert_eq!(
        c["planned_at"], "2026-11-24T10:00:00+01:00",
        "the event's time"
    );
    env.bearing()
        .args([
            "convo", "add", "--with", "Sam", "--topic", "x", "--event", "99999",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no imported event 99999"));
}
