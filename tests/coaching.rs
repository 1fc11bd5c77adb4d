//! Coaching through the real binary: delegations with what done looks like, the agenda
//! that carries forward, direct reports.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use bearing::testkit::{Env, fixture_path, random_sid};
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
            &[
                "delegate",
                "--new-person",
                "--to",
                "Sam",
                "--task",
                "Weekly report",
            ],
            "what done looks like",
        ),
        (
            &[
                "delegate",
                "--new-person",
                "--to",
                "Sam",
                "--task",
                "Weekly report",
                "--done",
                "  ",
            ],
            "what done looks like",
        ),
        (
            &["delegate", "--new-person", "--to", "Sam", "--done", "sent"],
            "the task",
        ),
        (
            &[
                "delegate",
                "--new-person",
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
                "--new-person",
                "--to",
                "Sam",
                "--task",
                "t",
                "--done",
                "d",
                "--check-in",
                "yesterday",
            ],
            "in the past; a check-in is ahead (--check-in)",
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
        "--new-person",
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
    let sam = random_sid(&list[0]);
    let added = env.json(&[
        "delegate",
        "--new-person",
        "--to",
        "Ana",
        "--task",
        "Offsite venue",
        "--done",
        "Booked for 12",
        "--json",
    ]);
    assert_eq!(added["id"], 2);
    let ana = env.json(&["delegate", "list", "--person", "ana", "--json"]);
    assert_eq!(ana.as_array().unwrap().len(), 1);
    // Its stable id, as added and as listed; its own.
    assert_eq!(ana[0]["sid"], random_sid(&added));
    assert_ne!(random_sid(&added), sam);
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
        "--new-person",
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
        "--new-person",
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
    // Each item's stable id: the same id made from its row's stable id.
    let entries = env.list_json(&[]);
    let convo = env.json(&["convo", "show", "1", "--json"]);
    let delegation = &env.json(&["delegate", "list", "--json"])[0];
    let sids: Vec<&str> = items.iter().map(|i| i["sid"].as_str().unwrap()).collect();
    assert_eq!(
        sids,
        [
            format!("r{}.1", random_sid(&entries[0])),
            format!("r{}.1", random_sid(&entries[1])),
            format!("d{}@20261122", random_sid(delegation)),
            format!("c{}@20261124", random_sid(&convo)),
        ]
    );
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
    let report_of = |env: &Env, name: &str| -> Option<bool> {
        let people: Value = env.json(&["people", "--json"]);
        people
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .map(|p| p["report"].as_bool().unwrap())
    };
    assert_eq!(report_of(&env, "Sam"), Some(true));
    // A person's stable id is made from their name as first written.
    assert_eq!(env.json(&["people", "--json"])[0]["sid"], "person:sam");
    env.ok(&["people", "report", "Sam", "--off"]);
    assert_eq!(report_of(&env, "Sam"), Some(false));
    // Unmarking someone unknown is refused; marking a new report adds them, as does
    // linking an address to a new name.
    env.bearing()
        .args(["people", "report", "Nobody", "--off"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("nobody called 'Nobody'"));
    assert_eq!(report_of(&env, "Nobody"), None);
    env.bearing()
        .args(["people", "report", "Ana"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Added Ana to the journal.\n"));
    assert_eq!(report_of(&env, "Ana"), Some(true));
    env.bearing()
        .args(["people", "link", "Lee", "lee@example.com"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Added Lee to the journal.\n"));
    assert_eq!(report_of(&env, "Lee"), Some(false));
    // An address taken by someone else adds nobody; an empty name is refused.
    env.ok(&["people", "link", "Ana", "ana@example.com"]);
    env.bearing()
        .args(["people", "link", "Kim", "ana@example.com"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("Ana's address"));
    assert_eq!(report_of(&env, "Kim"), None);
    env.bearing()
        .args(["people", "report", "@"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("a person needs a name"));
}

/// Thursday 26 November 2026, noon: a weekly 1:1 with Sam on Tuesdays at 10:00 by
/// address, the one of 3 November moved to Monday 9 November, the one of 17 November
/// cancelled, the one of 24 November declined.
fn sam_with_one_on_ones() -> Env {
    let env = Env::at("2026-11-26T12:00:00+01:00");
    env.ok(&[
        "reflect",
        "--at",
        "2026-11-20 18:00",
        "1:1 with @Sam.\nNext: agree on the on-call rota",
    ]);
    env.ok(&["import", &fixture_path("google-one-on-ones.ics")]);
    env.ok(&["people", "link", "Sam", "s.okafor@example.com"]);
    env.ok(&["people", "report", "Sam"]);
    env
}

#[test]
fn a_report_s_page_counts_their_one_on_ones_by_hand() {
    let env = sam_with_one_on_ones();
    let page = env.json(&["people", "show", "sam", "--json"]);
    assert_eq!(page["name"], "Sam");
    assert_eq!(page["sid"], "person:sam");
    assert_eq!(page["report"], true);
    let entry = &env.list_json(&[])[0];
    assert_eq!(
        page["agenda"][0]["sid"],
        format!("r{}.1", random_sid(entry))
    );
    assert_eq!(page["addresses"][0], "s.okafor@example.com");
    let o = &page["one_on_ones"];
    // The last that happened: Tuesday 10 November; the next: Tuesday 1 December.
    assert_eq!(o["last"], "2026-11-10T10:00:00+01:00");
    assert_eq!(o["next"], "2026-12-01T10:00:00+01:00");
    // Last four weeks (from 29 October noon): 9 Nov (moved, 30) + 10 Nov (30) = 60 min.
    assert_eq!(o["minutes_per_week"], 15.0);
    // Moved out of its week, cancelled, declined.
    assert_eq!(o["cancelled"], 3);
    // Twelve weeks back is 3 September; the first 1:1 was 6 October: 32 days.
    assert_eq!(o["longest_gap_days"], 32);
    let flags = page["flags"].as_array().unwrap();
    assert!(flags.iter().any(|f| {
        f.as_str()
            .unwrap()
            .contains("cancelled or declined this week")
    }));
    assert_eq!(page["stay_interview_due"], true);
    assert_eq!(page["agenda"][0]["text"], "agree on the on-call rota");
    assert!(page["delegations"].as_array().unwrap().is_empty());
    // The audit of this week warns, naming Sam; a 20-minute minimum makes it low too.
    let audit = env.json(&["audit", "--json"]);
    let kinds: Vec<&str> = audit["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"one_on_one_cancelled"), "{kinds:?}");
    assert!(
        !kinds.contains(&"one_on_one_low"),
        "15 minutes a week meets the default 15"
    );
    std::fs::create_dir_all(env.config().parent().unwrap()).unwrap();
    std::fs::write(env.config(), "[people]\nmin_one_on_one_minutes = 20\n").unwrap();
    let audit = env.json(&["audit", "--json"]);
    let low = audit["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "one_on_one_low")
        .unwrap();
    assert!(
        low["message"]
            .as_str()
            .unwrap()
            .starts_with("Sam had 15 minutes"),
        "{low}"
    );
    // A past week's audit does not speak of this week's 1:1s.
    let past = env.json(&["audit", "--week", "2026-11-04", "--json"]);
    assert!(
        !past["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["kind"] == "one_on_one_cancelled")
    );
    // Reports come first in `bearing people`.
    env.ok(&["reflect", "@Aaron said hello"]);
    let people = env.json(&["people", "--json"]);
    assert_eq!(people[0]["name"], "Sam");
    assert_eq!(people[0]["report"], true);
    // The 1:1 of 24 November that the manager declined was no check-in, in the list as on
    // the page.
    assert_eq!(people[0]["last_one_on_one"], "2026-11-10");
    assert_eq!(people[0]["last_checkin"], "2026-11-10");
}

#[test]
fn today_says_the_day_in_one_look_and_why_its_prompt() {
    // Tuesday 1 December 2026, 08:00: a 1:1 with Sam at 10:00.
    let env = Env::at("2026-11-26T12:00:00+01:00");
    env.ok(&[
        "reflect",
        "--at",
        "2026-11-20 18:00",
        "1:1 with @Sam.\nNext: agree on the on-call rota",
    ]);
    env.ok(&["import", &fixture_path("google-one-on-ones.ics")]);
    env.ok(&["people", "link", "Sam", "s.okafor@example.com"]);
    env.ok(&["people", "report", "Sam"]);
    env.ok(&[
        "block",
        "add",
        "Vision work",
        "--start",
        "2026-12-01 07:00",
        "--minutes",
        "60",
    ]);
    let out = env
        .bearing()
        .env("BEARING_NOW", "2026-12-01T08:00:00+01:00")
        .args(["today", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let day: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(day["prompt"]["text"].as_str().unwrap().len() > 10);
    // No check-in with Sam since 10 November, 21 days: the prompt says so.
    assert_eq!(day["prompt"]["reason"], "No check-in with Sam for 21 days.");
    assert_eq!(day["blocks"][0]["title"], "Vision work");
    assert_eq!(day["meetings"][0]["title"], "Sam / Dana");
    assert_eq!(day["meetings"][0]["start"], "2026-12-01T10:00:00+01:00");
    assert_eq!(day["agendas"][0]["person"], "Sam");
    assert_eq!(
        day["agendas"][0]["items"][0]["text"],
        "agree on the on-call rota"
    );
    assert!(day["follow_ups"].as_array().unwrap().is_empty());
    assert_eq!(day["review_missing"], "2026-11-23");
    let text = String::from_utf8(
        env.bearing()
            .env("BEARING_NOW", "2026-12-01T08:00:00+01:00")
            .arg("today")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(text.contains("To raise with Sam today:"), "{text}");
    assert!(text.contains("10:00-10:30 Sam / Dana"), "{text}");
}

#[test]
fn today_before_the_first_journal_prints_the_day_and_creates_nothing() {
    let env = Env::new();
    let day = env.json(&["today", "--json"]);
    assert_eq!(day["day"], "2026-11-22");
    assert!(day["prompt"]["text"].as_str().unwrap().ends_with('?'));
    assert!(day["meetings"].as_array().unwrap().is_empty());
    assert!(!env.db().exists(), "a read creates no journal");
}

#[test]
fn a_next_sentence_inside_a_line_and_an_item_added_directly_are_on_the_agenda() {
    let env = Env::new();
    env.ok(&[
        "reflect",
        "Good 1:1 with @Sam. Next: ask about the on-call rota",
    ]);
    let text = env.ok(&["agenda", "Sam"]);
    assert!(text.contains("ask about the on-call rota"), "{text}");
    let added = env.ok(&["agenda", "add", "@sam", "the conference budget"]);
    assert!(added.starts_with("Added [a1] to sam's agenda"), "{added}");
    let json: Value = serde_json::from_str(&env.ok(&["agenda", "Sam", "--json"])).unwrap();
    let items: Vec<(&str, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["id"].as_str().unwrap(), i["source"].as_str().unwrap()))
        .collect();
    // One day: by id.
    assert_eq!(items, [("a1", "added"), ("r1.s1", "reflection")]);
    // The added item's stable id is `a` and its row's; the sentence's, its entry's.
    let added = json[0]["sid"].as_str().unwrap();
    assert_eq!(
        random_sid(&serde_json::json!({ "sid": added.strip_prefix('a').unwrap() })),
        added[1..]
    );
    assert_eq!(
        json[1]["sid"],
        format!("r{}.s1", random_sid(&env.list_json(&[])[0]))
    );
    env.ok(&["agenda", "done", "a1"]);
    assert!(!env.ok(&["agenda", "Sam"]).contains("conference budget"));
    // Nobody called so, and nothing to raise, change nothing.
    assert!(
        env.fails(&["agenda", "add", "Marcsu", "x"])
            .contains("Marcsu")
    );
    assert!(
        env.fails(&["agenda", "add", "Sam", "  "])
            .contains("say what to raise")
    );
}
