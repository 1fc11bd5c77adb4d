//! `bearing convo` and `bearing people` through the real binary.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use bearing::testkit::{Env, Event, Ics, NOW, random_sid};
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
            "--new-person",
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
    let ana = env.json(&[
        "convo",
        "add",
        "--new-person",
        "--with",
        "@ana",
        "--topic",
        "Stay interview",
        "--stay",
        "--json",
    ]);
    assert_eq!(ana["id"], 2);
    env.ok(&["convo", "cancel", "2"]);
    let cancelled = convo(&env, "2");
    assert_eq!(cancelled["status"], "cancelled");
    // The stable id it was given, kept through its changes; its own.
    assert_eq!(cancelled["sid"], random_sid(&ana));
    assert_ne!(random_sid(&listed[0]), random_sid(&ana));
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
    env.ok(&[
        "convo",
        "add",
        "--new-person",
        "--with",
        "Sam",
        "--topic",
        "Ownership",
    ]);
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
        "--new-person",
        "--with",
        "Sam",
        "--topic",
        "Ownership",
        "--on",
        "2025-03-03 10:00",
    ]);
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "convo",
                "add",
                "--new-person",
                "--with",
                "Sam",
                "--topic",
                "  ",
            ],
            "needs a topic",
        ),
        (
            &["convo", "add", "--new-person", "--with", "", "--topic", "x"],
            "needs a name",
        ),
        (
            &[
                "convo",
                "add",
                "--new-person",
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
        (
            &["convo", "held", "42"],
            "no conversation 42; `bearing convo list` shows them",
        ),
        (
            &[
                "convo",
                "add",
                "--new-person",
                "--with",
                "Lee",
                "--topic",
                "ev",
                "--event",
                "4711",
            ],
            "there is no imported event 4711; `bearing audit` shows them",
        ),
        (&["convo", "show", "42"], "no conversation 42"),
        (
            &["convo", "held", "1", "--at", "2099-01-01 10:00"],
            "in the future",
        ),
        (&["convo", "list", "--status", "done"], "not a status"),
        (
            &["convo", "list", "--person", "Nobody"],
            "nobody called 'Nobody'",
        ),
        (&["convo", "close", "1"], "cannot be marked closed"),
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
        "--new-person",
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
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap();
    let yesterday = (now - chrono::Duration::days(1)).format("%Y%m%d");
    let ics = Ics::new()
        .event(
            Event::new("ana-1on1")
                .summary("Ana / me")
                .start(&format!("{yesterday}T090000Z"))
                .end(&format!("{yesterday}T093000Z"))
                .attendee("ana@x")
                .attendee("me@x"),
        )
        .build();
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
    let ics = Ics::new()
        .event(
            Event::new("sam-1on1")
                .summary("Sam / me")
                .start("20261124T090000Z")
                .end("20261124T093000Z"),
        )
        .build();
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
        "--new-person",
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
            "convo",
            "add",
            "--new-person",
            "--with",
            "Sam",
            "--topic",
            "x",
            "--event",
            "99999",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no imported event 99999"));
    // Another time than the event's is refused and changes nothing.
    env.bearing()
        .args([
            "convo",
            "add",
            "--new-person",
            "--with",
            "Sam",
            "--topic",
            "x",
            "--event",
            &id.to_string(),
            "--on",
            "2026-11-25 10:00",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("starts Tue 24 Nov 2026 10:00"));
    assert_eq!(
        env.json(&["convo", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn held_times_can_be_corrected_and_are_what_lists_show() {
    // Now: Sunday 22 November 2026, 10:00.
    let env = Env::new();
    env.ok(&[
        "convo",
        "add",
        "--new-person",
        "--with",
        "Sam",
        "--topic",
        "Estimates",
        "--on",
        "2026-11-20 10:00",
    ]);
    env.ok(&[
        "convo",
        "add",
        "--new-person",
        "--with",
        "Ana",
        "--topic",
        "Growth",
        "--on",
        "2026-11-24 10:00",
    ]);
    env.ok(&[
        "convo",
        "add",
        "--new-person",
        "--with",
        "Lee",
        "--topic",
        "Someday",
    ]);
    // Planned on Friday, not marked held: not yet recorded, not upcoming; undated last.
    let list = env.ok(&["convo", "list"]);
    let not_recorded = list.find("Not yet recorded").unwrap();
    let upcoming = list.find("Upcoming").unwrap();
    assert!(not_recorded < list.find("Estimates").unwrap(), "{list}");
    assert!(list.find("Estimates").unwrap() < upcoming, "{list}");
    assert!(
        list.find("Growth").unwrap() < list.find("Someday").unwrap(),
        "{list}"
    );
    env.ok(&["convo", "held", "1", "--at", "2026-11-20 10:30"]);
    env.bearing()
        .args(["convo", "held", "1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "already held; give the time to correct when it was held (--at)",
        ));
    env.bearing()
        .args(["convo", "held", "1", "--at", "2026-11-20 11:15"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "was held on Fri 20 Nov 2026 11:15",
        ));
    assert_eq!(convo(&env, "1")["held_at"], "2026-11-20T11:15:00+01:00");
    // Show and list give the held time, which the follow-up counts from.
    let shown = env.ok(&["convo", "show", "1"]);
    assert!(shown.contains("Fri 20 Nov 2026 11:15"), "{shown}");
    assert!(env.ok(&["convo", "list"]).contains("Fri 20 Nov 2026 11:15"));
    env.ok(&["convo", "cancel", "2"]);
    env.bearing()
        .args(["convo", "cancel", "2"])
        .assert()
        .failure()
        .stderr("bearing: conversation 2 is already cancelled\n");
    env.ok(&["convo", "followup", "1", "--on", "2026-11-27"]);
    let out = env.ok(&["convo", "done", "1"]);
    assert_eq!(out, "Conversation 1 is now followed up.\n");
}

#[test]
fn people_keep_their_old_names_and_filters_ignore_case_and_accents() {
    let env = Env::new();
    env.ok(&["reflect", "Good call with @Sam"]);
    env.ok(&["people", "rename", "sam", "Sam Okafor"]);
    env.ok(&["reflect", "@Sam again, on the roadmap"]);
    let people = env.json(&["people", "--json"]);
    let names: Vec<&str> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Sam Okafor"], "a later @Sam is the same person");
    assert_eq!(people[0]["mentions"], 2);
    assert_eq!(env.list_json(&["--person", "sam"]).len(), 2);
    // A calendar 1:1 titled with the old name is still a check-in with them.
    let ics = Ics::new()
        .event(
            Event::new("s")
                .summary("1:1 Sam")
                .start("20261120T090000Z")
                .end("20261120T093000Z"),
        )
        .build();
    env.bearing()
        .args(["import", "-", "--calendar", "work"])
        .write_stdin(ics)
        .assert()
        .success();
    assert_eq!(
        env.json(&["people", "--json"])[0]["last_checkin"],
        "2026-11-20"
    );
    env.bearing()
        .args(["people", "merge", "Sam Okafor", "sam"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("already the same person"));
    // Names and tags ignore case and accents.
    env.ok(&["reflect", "@Zoë disagreed, and she was right #Équipe"]);
    assert_eq!(env.list_json(&["--person", "zoe"]).len(), 1);
    assert_eq!(env.list_json(&["--tag", "equipe"]).len(), 1);
    assert_eq!(env.list_json(&["--person", "ZOË"]).len(), 1);
    // Mentions in a conversation's fields count.
    env.ok(&[
        "convo",
        "add",
        "--new-person",
        "--with",
        "Lee",
        "--topic",
        "Handover to @Priya",
    ]);
    let people = env.json(&["people", "--json"]);
    let priya = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Priya")
        .unwrap();
    assert_eq!(priya["mentions"], 1);
}

#[test]
fn only_one_on_ones_that_have_started_are_check_ins() {
    let ics = Ics::new()
        .event(
            Event::new("a")
                .summary("1:1 Ana")
                .start("20261122T090000Z")
                .end("20261122T093000Z"),
        )
        .build();
    let env = Env::at("2026-11-22T08:20:00+01:00");
    env.ok(&["reflect", "Prepare for @Ana"]);
    env.bearing()
        .args(["import", "-", "--calendar", "work"])
        .write_stdin(ics)
        .assert()
        .success();
    assert_eq!(
        env.json(&["people", "--json"])[0]["last_checkin"],
        Value::Null
    );
    let later = env
        .bearing()
        .env("BEARING_NOW", "2026-11-22T10:05:00+01:00")
        .args(["people", "--json"])
        .output()
        .unwrap();
    let later: Value = serde_json::from_slice(&later.stdout).unwrap();
    assert_eq!(later[0]["last_checkin"], "2026-11-22");
    let text = String::from_utf8(
        env.bearing()
            .env("BEARING_NOW", "2026-11-22T10:05:00+01:00")
            .arg("people")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(text.contains("(today)"), "{text}");
}

#[test]
fn a_mistyped_name_makes_no_person_unless_it_is_someone_new() {
    let env = Env::new();
    env.ok(&["reflect", "Coffee with @Marcus"]);
    let refused = env.fails(&["convo", "add", "--with", "Marcsu", "--topic", "Ownership"]);
    assert!(refused.contains("nobody is called Marcsu yet"), "{refused}");
    assert!(refused.contains("--new-person"), "{refused}");
    let refused = env.fails(&["delegate", "--to", "Marcsu", "--task", "t", "--done", "d"]);
    assert!(refused.contains("nobody is called Marcsu yet"), "{refused}");
    let people = env.ok(&["people"]);
    assert!(!people.contains("Marcsu"), "{people}");
    // A known name needs nothing more (any case, accents, @); someone new says so.
    env.ok(&["convo", "add", "--with", "@MARCUS", "--topic", "Ownership"]);
    env.ok(&[
        "convo",
        "add",
        "--with",
        "Lee",
        "--topic",
        "Growth",
        "--new-person",
    ]);
    let people = env.ok(&["people"]);
    assert!(
        people.contains("Lee") && !people.contains("Marcsu"),
        "{people}"
    );
}

#[test]
fn someone_who_left_is_archived_and_a_mistake_removed() {
    let env = Env::new();
    env.ok(&["reflect", "Farewell lunch for @Kim"]);
    env.ok(&["people", "link", "Typo", "typo@x"]);
    let before = env.ok(&["people"]);
    assert!(before.contains("→ Kim"), "{before}");
    assert!(
        env.ok(&["people", "archive", "kim"])
            .contains("Archived Kim")
    );
    let after = env.ok(&["people"]);
    assert!(
        after.contains("  Kim (archived)") && !after.contains("→ Kim"),
        "{after}"
    );
    // Kim is mentioned: removing is refused and says why; a name added by mistake goes.
    let refused = env.fails(&["people", "rm", "Kim"]);
    assert!(refused.contains("1 entries mention them"), "{refused}");
    assert!(env.ok(&["people", "rm", "typo"]).contains("Removed Typo"));
    assert!(!env.ok(&["people"]).contains("Typo"));
    env.ok(&["people", "archive", "Kim", "--undo"]);
    assert!(env.ok(&["people"]).contains("→ Kim"));
}
