//! What the commands print, in process: `cli::run` with the environment's pinned clock
//! (Sunday 22 November 2026, 10:00 in Berlin) writing into a buffer, text and `--json`;
//! and the real binary printing the same.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use bearing::testkit::{Env, fixture_path, random_sid};
use serde_json::{Value, json};

/// Two reflections, the Google fixture's week, a conversation planned for Monday and a
/// block this afternoon, all written in process.
fn a_week(env: &Env) {
    for args in [
        vec![
            "reflect",
            "--at",
            "2026-11-20 18:00",
            "Budget talk with @Sam ran long #budget",
        ],
        vec![
            "reflect",
            "--at",
            "2026-11-21 09:15",
            "Coached @Ana on delegation",
        ],
        vec!["import", &fixture_path("google.ics")],
        vec![
            "convo",
            "add",
            "--new-person",
            "--with",
            "Sam",
            "--topic",
            "Missed deadlines",
            "--on",
            "2026-11-23 10:00",
        ],
        vec![
            "block",
            "add",
            "Strategy",
            "--start",
            "2026-11-22 14:00",
            "--minutes",
            "90",
        ],
    ] {
        env.in_process(&args).unwrap();
    }
}

fn json_of(env: &Env, args: &[&str]) -> Value {
    serde_json::from_str(&env.in_process(args).unwrap()).unwrap()
}

#[test]
fn list_prints_entries_under_their_day_and_as_json() {
    let env = Env::new();
    a_week(&env);
    assert_eq!(
        env.in_process(&["list"]).unwrap(),
        "Friday 20 November 2026\n  #1 18:00 reflection\n    Budget talk with @Sam ran long #budget\n\n\
         Saturday 21 November 2026\n  #2 09:15 reflection\n    Coached @Ana on delegation\n"
    );
    let mut listed = json_of(&env, &["list", "--json"]);
    // Each entry's stable id beside its id here: its own, kept from one listing to the next.
    let sids: Vec<String> = listed.as_array().unwrap().iter().map(random_sid).collect();
    assert_ne!(sids[0], sids[1]);
    let again = json_of(&env, &["list", "--json"]);
    assert_eq!(
        again
            .as_array()
            .unwrap()
            .iter()
            .map(random_sid)
            .collect::<Vec<_>>(),
        sids
    );
    for e in listed.as_array_mut().unwrap() {
        e.as_object_mut().unwrap().remove("sid");
    }
    assert_eq!(
        listed,
        json!([
            {
                "at": "2026-11-20T18:00:00+01:00",
                "body": "Budget talk with @Sam ran long #budget",
                "day": "2026-11-20",
                "id": 1,
                "kind": "reflection",
                "people": ["Sam"],
                "tags": ["budget"]
            },
            {
                "at": "2026-11-21T09:15:00+01:00",
                "body": "Coached @Ana on delegation",
                "day": "2026-11-21",
                "id": 2,
                "kind": "reflection",
                "people": ["Ana"],
                "tags": []
            }
        ])
    );
}

#[test]
fn audit_prints_hours_against_the_targets_and_how_to_rebalance() {
    let env = Env::new();
    a_week(&env);
    let text = env.in_process(&["audit", "--week", "2026-11-25"]).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Audit 2026-11-23 to 2026-11-29");
    assert_eq!(
        lines[1],
        "  managing       1:15 h  ██████████████······   71%  (target 60%)"
    );
    assert_eq!(
        lines[2],
        "  leading        0:30 h  ██████··············   29%  (target 40%)"
    );
    assert_eq!(
        &lines[3..],
        [
            "  unclassified   0:00 h",
            "  work total     1:45 h",
            "  not work       1:00 h",
            "  blocks: 0 planned, 0 kept, 0 skipped, 0 invaded",
            "Warnings:",
            "  ! Leading is 29%, the target is 40%.",
            "Most hours:",
            "   1:15 h  managing     Team stand-up",
            "   0:30 h  leading      Sam / me",
            "Rebalance: To reach 60/40: shorten 'Team stand-up' by 30 min.",
        ]
    );
    let report = json_of(&env, &["audit", "--week", "2026-11-25", "--json"]);
    assert_eq!(report["hours"]["managing"], 1.25);
    assert_eq!(report["hours"]["leading"], 0.5);
    assert_eq!(report["hours"]["excluded"], 1.0);
}

#[test]
fn convo_list_groups_upcoming_and_held_conversations() {
    let env = Env::at("2026-11-23T08:00:00+01:00");
    for args in [
        vec![
            "convo",
            "add",
            "--new-person",
            "--with",
            "Sam",
            "--topic",
            "Missed deadlines",
            "--on",
            "2026-11-23 10:00",
        ],
        vec![
            "convo",
            "add",
            "--new-person",
            "--with",
            "Ana",
            "--topic",
            "Career",
            "--on",
            "2026-11-20 10:00",
        ],
        vec!["convo", "held", "2", "--at", "2026-11-20 10:30"],
    ] {
        env.in_process(&args).unwrap();
    }
    assert_eq!(
        env.in_process(&["convo", "list"]).unwrap(),
        "Upcoming\n#1 Missed deadlines with Sam · Mon 23 Nov 2026 10:00 · planned\n\
         Held\n#2 Career with Ana · Fri 20 Nov 2026 10:30 · held\n"
    );
    let listed = json_of(&env, &["convo", "list", "--json"]);
    let sam = &listed.as_array().unwrap()[0];
    // Its stable id, as `convo show` and `today` show it too.
    let sid = random_sid(sam);
    assert_eq!(json_of(&env, &["convo", "show", "1", "--json"])["sid"], sid);
    assert_eq!(
        json_of(&env, &["today", "--json"])["conversations"][0]["sid"],
        sid
    );
    assert_ne!(random_sid(&listed[1]), sid);
    assert_eq!(
        (
            &sam["id"],
            &sam["person"],
            &sam["topic"],
            &sam["status"],
            &sam["planned_at"],
            &sam["held_at"],
        ),
        (
            &json!(1),
            &json!("Sam"),
            &json!("Missed deadlines"),
            &json!("planned"),
            &json!("2026-11-23T10:00:00+01:00"),
            &Value::Null,
        )
    );
}

#[test]
fn today_prints_the_prompt_the_meetings_and_the_conversations_of_the_day() {
    let env = Env::new();
    a_week(&env);
    // Sunday: the prompt and this afternoon's block.
    assert_eq!(
        env.in_process(&["today"]).unwrap(),
        "Sunday 22 November 2026\n  Which status update could be written instead of met about?\n  \
         14:00-15:30 Strategy (block, planned)\n"
    );
    let sunday = json_of(&env, &["today", "--json"]);
    assert_eq!(sunday["day"], "2026-11-22");
    // The block's stable id is its UID, as `block list` shows it.
    let uid = json_of(&env, &["block", "list", "--json"])[0]["block_sid"].clone();
    assert!(uid.as_str().unwrap().ends_with("@bearing"), "{uid}");
    assert_eq!(
        sunday["blocks"],
        json!([{
            "block_id": 1,
            "block_sid": uid,
            "end": "2026-11-22T15:30:00+01:00",
            "start": "2026-11-22T14:00:00+01:00",
            "status": "planned",
            "title": "Strategy"
        }])
    );
    assert_eq!(sunday["meetings"], json!([]));
    // Monday morning, the same journal: the stand-up, the conversation with Sam, the
    // week's balance under the prompt, and last week's review still to write.
    let monday = Env {
        now: "2026-11-23T08:00:00+01:00".into(),
        ..env
    };
    assert_eq!(
        monday.in_process(&["today"]).unwrap(),
        "Monday 23 November 2026\n  Which management task could you delegate this week, and what \
         would done look like for the person who takes it?\n  (Leading is 29% of your week, under \
         your 40% target.)\n  09:30-09:45 Team stand-up\n  10:00 conversation with Sam: Missed \
         deadlines\n  The review of the \
         week of 16 Nov is not written yet (bearing, then 7).\n"
    );
    let day = json_of(&monday, &["today", "--json"]);
    assert_eq!(day["meetings"].as_array().unwrap().len(), 1);
    assert_eq!(day["conversations"].as_array().unwrap().len(), 1);
    assert_ne!(day["review_missing"], Value::Null);
}

#[test]
fn a_command_in_process_returns_its_error_and_makes_nothing() {
    let env = Env::new();
    let err = env.in_process(&["list"]).unwrap_err().to_string();
    assert!(
        err.starts_with("no journal at ")
            && err.ends_with("yet; write a reflection or run bearing to start one"),
        "{err}"
    );
    // Nothing was made by trying.
    assert!(!env.db().exists());
}

#[test]
fn the_binary_prints_what_the_command_writes_in_process() {
    let env = Env::new();
    a_week(&env);
    for args in [
        vec!["list"],
        vec!["list", "--json"],
        vec!["audit", "--week", "2026-11-25"],
        vec!["convo", "list"],
        vec!["convo", "list", "--json"],
        vec!["today"],
        vec!["today", "--json"],
    ] {
        assert_eq!(env.in_process(&args).unwrap(), env.ok(&args), "{args:?}");
    }
}
