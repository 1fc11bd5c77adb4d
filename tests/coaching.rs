//! Coaching through the real binary: delegations with what done looks like, the agenda
//! that carries forward, direct reports.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use common::Env;
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn a_delegation_needs_its_outcome_and_lives_until_done_or_dropped() {
    // Now: Sunday 22 November 2026.
    let env = Env::new();
    for (args, message) in [
        (
            &["delegate", "--task", "Weekly report", "--done", "sent"][..],
            "--to NAME",
        ),
        (
            &["delegate", "--to", "Sam", "--task", "Weekly report"],
            "what done looks like",
        ),
        (
            &[
                "delegate",
                "--to",
                "Sam",
                "--task",
                "Weekly report",
                "--done",
                "  ",
            ],
            "what done looks like",
        ),
        (&["delegate", "--to", "Sam", "--done", "sent"], "the task"),
        (
            &[
                "delegate",
                "--to",
                "Sam",
                "--task",
                "t",
                "--done",
                "d",
                "--check-in",
                "2026-12-10",
                "--due",
                "2026-12-01",
            ],
            "after the due date",
        ),
        (
            &[
                "delegate",
                "--to",
                "Sam",
                "--task",
                "t",
                "--done",
                "d",
                "--check-in",
                "yesterday",
            ],
            "in the past",
        ),
    ] {
        env.bearing()
            .args(args)
            .assert()
            .failure()
            .stderr(predicate::str::contains(message));
    }
    let id = env.ok(&[
        "delegate",
        "--to",
        "Sam",
        "--task",
        "Weekly status report",
        "--done",
        "Sent to the team by Friday noon, with risks first",
        "--authority",
        "decide the format",
        "--check-in",
        "fri",
        "--due",
        "in 2 weeks",
    ]);
    assert_eq!(id.trim(), "1");
    let list = env.json(&["delegate", "list", "--json"]);
    assert_eq!(list[0]["person"], "Sam");
    assert_eq!(list[0]["check_in_on"], "2026-11-27");
    assert_eq!(list[0]["due_on"], "2026-12-06");
    assert_eq!(list[0]["status"], "open");
    assert_eq!(list[0]["since"], "2026-11-22");
    env.ok(&[
        "delegate",
        "--to",
        "Ana",
        "--task",
        "Offsite venue",
        "--done",
        "Booked for 12",
    ]);
    assert_eq!(
        env.json(&["delegate", "list", "--person", "ana", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    env.ok(&["delegate", "done", "1"]);
    env.bearing()
        .args(["delegate", "done", "1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("delegation 1 is already done"));
    env.ok(&["delegate", "drop", "2"]);
    let list = env.json(&["delegate", "list", "--json"]);
    let statuses: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["done", "dropped"]);
    env.bearing()
        .args(["delegate", "done", "9"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no delegation 9"));
}

#[test]
fn the_agenda_carries_forward_until_each_item_is_discussed() {
    let env = Env::new();
    env.ok(&[
        "reflect",
        "--at",
        "2026-11-16 18:00",
        "1:1 with @Sam.\nNext: agree on the on-call rota\nAsk @Ana about the budget",
    ]);
    env.ok(&[
        "reflect",
        "--at",
        "2026-11-18 18:00",
        "--",
        "- [ ] share the roadmap draft with @Sam\n- [x] done already",
    ]);
    env.ok(&[
        "convo",
        "add",
        "--with",
        "Sam",
        "--topic",
        "Estimates",
        "--on",
        "2026-11-17 10:00",
    ]);
    env.ok(&["convo", "held", "1", "--at", "2026-11-17 10:30"]);
    env.ok(&[
        "convo",
        "followup",
        "1",
        "--on",
        "2026-11-24",
        "--notes",
        "look at the spreadsheet",
    ]);
    env.ok(&[
        "delegate",
        "--to",
        "Sam",
        "--task",
        "Release notes",
        "--done",
        "Published Thursdays",
        "--check-in",
        "today",
    ]);
    let agenda = env.json(&["agenda", "sam", "--json"]);
    let items = agenda.as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["r1.1", "r2.1", "d1@20261122", "c1@20261124"]);
    let sources: Vec<&str> = items
        .iter()
        .map(|i| i["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        ["reflection", "reflection", "delegation", "follow_up"]
    );
    assert_eq!(items[0]["text"], "agree on the on-call rota");
    assert_eq!(items[0]["since"], "2026-11-16");
    // Ana's line is hers, not Sam's.
    let ana = env.json(&["agenda", "Ana", "--json"]);
    assert_eq!(ana[0]["text"], "Ask @Ana about the budget");
    // Discussed: gone; the rest carries to the next 1:1.
    env.ok(&["agenda", "done", "r1.1"]);
    let text = env.ok(&["agenda", "Sam"]);
    assert!(text.starts_with("To raise with Sam (3 items):"), "{text}");
    assert!(!text.contains("on-call rota"), "{text}");
    env.bearing()
        .args(["agenda", "done", "r99.9"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no open agenda item 'r99.9'"));
    env.bearing()
        .args(["agenda", "Nobody"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("nobody called 'Nobody'"));
}

#[test]
fn direct_reports_are_marked_and_unmarked() {
    let env = Env::new();
    env.ok(&["reflect", "Good call with @Sam"]);
    env.bearing()
        .args(["people", "report", "sam"])
        .assert()
        .success()
        .stdout("Sam is a direct report: their 1:1s are watched.\n");
    env.ok(&["people", "report", "Sam", "--off"]);
    env.bearing()
        .args(["people", "report", "Nobody"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("nobody called 'Nobody'"));
    let _: Value = env.json(&["people", "--json"]);
}
