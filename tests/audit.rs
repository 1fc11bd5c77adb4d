//! `bearing import`, `classify` and `audit` through the real binary.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use bearing::testkit::{Env, HttpServer, Reply, fixture, fixture_path};
use predicates::prelude::*;
use serde_json::Value;

fn audit(env: &Env, week: &str) -> Value {
    env.json(&["audit", "--week", week, "--json"])
}

fn hours(report: &Value) -> (f64, f64, f64, f64) {
    let h = &report["hours"];
    (
        h["managing"].as_f64().unwrap(),
        h["leading"].as_f64().unwrap(),
        h["unclassified"].as_f64().unwrap(),
        h["excluded"].as_f64().unwrap(),
    )
}

#[test]
fn the_audit_json_has_its_shape_and_hand_computed_hours() {
    let env = Env::new();
    env.ok(&["import", &fixture_path("google.ics")]);
    env.ok(&["import", &fixture_path("outlook.ics")]);
    let r = audit(&env, "2026-11-25");
    assert_eq!(r["from"], "2026-11-23");
    assert_eq!(r["to"], "2026-11-29");
    // Google 1.25 managing, 0.5 leading, 1 excluded; Outlook 3.5 managing.
    assert_eq!(hours(&r), (4.75, 0.5, 0.0, 1.0));
    assert_eq!(r["total_hours"], 5.25);
    assert_eq!(r["leading_share"], 0.095);
    assert_eq!(r["target"]["managing"], 0.6);
    assert_eq!(r["target"]["leading"], 0.4);
    for key in ["planned", "kept", "skipped", "invaded"] {
        assert!(r["blocks"][key].is_u64(), "blocks.{key}");
    }
    let kinds: Vec<&str> = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"burnout") && kinds.contains(&"long_meetings"),
        "{kinds:?}"
    );
    for w in r["warnings"].as_array().unwrap() {
        assert!(w["message"].as_str().unwrap().len() > 10);
    }
    let top = r["top_series"].as_array().unwrap();
    assert!(
        top.iter()
            .all(|s| s["title"].is_string() && s["category"].is_string() && s["hours"].is_f64())
    );
    let titles: Vec<&str> = top.iter().map(|s| s["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Budget planning",
            "Team stand-up",
            "Email / admin",
            "Weekly status report review",
            "Sam / me"
        ],
        "not work (lunch) is not a top series"
    );
    // A period instead of a week.
    let period = env.json(&[
        "audit",
        "--from",
        "2026-11-24",
        "--to",
        "2026-11-24",
        "--json",
    ]);
    assert_eq!(period["from"], "2026-11-24");
    // Tuesday: stand-up 0.25 + budget 1.5 managing (admin cancelled); 1:1 0.5; lunch 1.
    assert_eq!(hours(&period), (1.75, 0.5, 0.0, 1.0));
}

#[test]
fn re_import_replaces_without_duplicates_and_keeps_classifications() {
    let env = Env::new();
    env.ok(&[
        "import",
        &fixture_path("thunderbird.ics"),
        "--calendar",
        "work",
    ]);
    let before = audit(&env, "2026-11-25");
    assert_eq!(hours(&before), (1.0, 1.0, 1.0, 0.0));
    env.ok(&["classify", "--title", "vendor", "leading"]);
    let classified = audit(&env, "2026-11-25");
    assert_eq!(hours(&classified), (1.0, 2.0, 0.0, 0.0));
    // The same file again: nothing written, same totals.
    env.bearing()
        .args([
            "import",
            &fixture_path("thunderbird.ics"),
            "--calendar",
            "work",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("unchanged"));
    assert_eq!(audit(&env, "2026-11-25"), classified);
    // A changed file under the same name replaces the old events; the choice survives.
    let changed =
        fixture("thunderbird.ics").replace("SUMMARY:Hiring sync", "SUMMARY:Hiring sync (renamed)");
    env.bearing()
        .args(["import", "-", "--calendar", "work", "--replace"])
        .write_stdin(changed)
        .assert()
        .success();
    let after = audit(&env, "2026-11-25");
    assert_eq!(hours(&after), (1.0, 2.0, 0.0, 0.0));
    assert!(
        after["top_series"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["title"] == "Hiring sync (renamed)")
    );
    assert!(
        !after["top_series"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["title"] == "Hiring sync")
    );
}

#[test]
fn a_failing_import_changes_nothing() {
    let env = Env::new();
    env.ok(&["import", &fixture_path("apple.ics"), "--calendar", "work"]);
    let before = (
        audit(&env, "2026-11-25"),
        env.ok(&["audit", "--week", "2026-11-25"]),
    );
    env.bearing()
        .args([
            "import",
            &fixture_path("not-a-calendar.ics"),
            "--calendar",
            "work",
            "--replace",
        ])
        .assert()
        .failure()
        .stdout("")
        .stderr(
            predicate::str::contains("line 1")
                .and(predicate::str::contains("not an iCalendar file")),
        );
    env.bearing()
        .args(["import", "-", "--calendar", "work", "--replace"])
        .write_stdin("")
        .assert()
        .failure()
        .stderr(predicate::str::contains("empty"));
    env.bearing()
        .args(["import", "/nonexistent/file.ics"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot read"));
    assert_eq!(
        (
            audit(&env, "2026-11-25"),
            env.ok(&["audit", "--week", "2026-11-25"])
        ),
        before
    );
}

#[test]
fn classify_by_series_event_and_title() {
    let env = Env::new();
    env.ok(&["import", &fixture_path("messy.ics")]);
    let r = audit(&env, "2026-11-25");
    let daily = r["unclassified"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["title"] == "Daily check")
        .unwrap()
        .clone();
    let uid = daily["uid"].as_str().unwrap().to_string();
    env.ok(&["classify", "--series", &uid, "managing"]);
    let r = audit(&env, "2026-11-25");
    assert!(
        !r["unclassified"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["title"] == "Daily check")
    );
    // One occurrence back to excluded: 15 min leave managing.
    let id = env.json(&["audit", "--week", "2026-11-25", "--json"])["top_series"]
        .as_array()
        .unwrap()
        .len();
    assert!(id > 0);
    let occurrence = audit(&env, "2026-11-25")["unclassified"]
        .as_array()
        .unwrap()[0]["id"]
        .as_i64()
        .unwrap();
    env.ok(&["classify", "--event", &occurrence.to_string(), "excluded"]);
    let after = audit(&env, "2026-11-25");
    assert!(
        after["unclassified"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["id"].as_i64() != Some(occurrence))
    );
    // Bad input.
    let cases: &[(&[&str], &str)] = &[
        (
            &["classify", "--series", "no-such-uid", "leading"],
            "no imported series",
        ),
        (
            &["classify", "--title", "zzz", "leading"],
            "no imported event title contains 'zzz'",
        ),
        (
            &["classify", "--event", "999999", "leading"],
            "no imported event 999999",
        ),
    ];
    for (args, message) in cases {
        env.bearing()
            .args(*args)
            .assert()
            .failure()
            .stderr(predicate::str::contains(*message));
    }
    env.bearing()
        .args(["classify", "--title", "x", "leadership"])
        .assert()
        .code(2);
    env.bearing().args(["classify", "leading"]).assert().code(2);
    env.bearing()
        .args(["classify", "--title", "x", "--event", "1", "leading"])
        .assert()
        .code(2);
}

#[test]
fn blocks_count_in_the_audit_and_an_imported_block_is_not_counted_twice() {
    let env = Env::new();
    env.ok(&[
        "block",
        "add",
        "Vision work",
        "--start",
        "2026-11-24 11:00",
        "--minutes",
        "120",
    ]);
    let ics = env.ok(&["block", "export"]);
    env.bearing()
        .args(["import", "-", "--calendar", "mine"])
        .write_stdin(ics)
        .assert()
        .success();
    let r = audit(&env, "2026-11-25");
    assert_eq!(hours(&r).1, 2.0, "the block once, not twice");
    assert_eq!(r["blocks"]["planned"], 1);
}

#[test]
fn import_from_a_url_with_a_timeout_and_errors() {
    // The calendar first, then 404.
    let body = fixture("google.ics");
    let server = HttpServer::answering(move |r| {
        if r.number == 0 {
            Reply::ok(body.clone())
        } else {
            Reply::not_found()
        }
    });
    let env = Env::new();
    let url = server.url("/private/basic.ics");
    env.bearing()
        .args(["import", &url])
        .assert()
        .success()
        .stdout(predicate::str::contains("Imported 'Work'"));
    // The address again, now answering 404: an error in words, the last copy kept.
    env.bearing()
        .args(["import", &url])
        .assert()
        .failure()
        .stderr(predicate::str::contains("answered 404"));
    assert_eq!(server.requests(), 2);
    drop(server);
    assert_eq!(hours(&audit(&env, "2026-11-25")).0, 1.25);
    // The same address under a second name is refused before anything is fetched.
    env.bearing()
        .args(["import", &url, "--calendar", "again"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "already imported as calendar 'Work'",
        ));
    // Nothing listens any more: a closed port is said in words.
    env.bearing()
        .args(["refresh"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("'Work'"))
        .stderr(predicate::str::contains("cannot fetch"));
}

#[test]
fn audit_bad_input_is_refused() {
    let env = Env::new();
    // On a journal (on none, `audit` says there is none yet).
    env.reflect(&["a journal to audit"]);
    env.bearing()
        .args(["audit", "--week", "2026-02-30"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not a date"));
    env.bearing()
        .args(["audit", "--from", "2026-11-30", "--to", "2026-11-01"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("after"));
    env.bearing()
        .args(["audit", "--from", "2026-11-01"])
        .assert()
        .code(2);
    env.bearing()
        .args([
            "audit",
            "--week",
            "2026-11-25",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-02",
        ])
        .assert()
        .code(2);
    env.bearing()
        .args(["audit"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No classified hours"));
}

#[test]
fn printed_hours_are_exact_and_add_up_to_the_total_json_gives() {
    let env = Env::new();
    env.ok(&["import", &fixture_path("google.ics")]);
    env.ok(&["import", &fixture_path("outlook.ics")]);
    let text = env.ok(&["audit", "--week", "2026-11-25"]);
    // 4.75 h managing is 4:45, 0.5 leading is 0:30: the rows add up to 5:15, not to the
    // 5.3 h that rows rounded to tenths made of a 5.25 h week.
    assert!(text.contains("managing       4:45 h"), "{text}");
    assert!(text.contains("leading        0:30 h"), "{text}");
    assert!(text.contains("work total     5:15 h"), "{text}");
    assert!(text.contains("not work       1:00 h"), "{text}");
    // Shares add up to 100: 90% and 10% (0.095 rounds up to 10%).
    assert!(text.contains(" 90%") && text.contains(" 10%"), "{text}");
    // The 1.25 h stand-up series is 1:15 h in the list, as everywhere.
    assert!(
        text.contains("1:15 h  managing     Team stand-up"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["audit", "--week", "2026-11-25", "--json"])).unwrap();
    assert_eq!(json["total_hours"], 5.25);
}

#[test]
fn an_audit_by_day_adds_up_to_the_week_in_text_json_and_csv() {
    let env = Env::new();
    for f in ["google.ics", "outlook.ics", "apple.ics", "thunderbird.ics"] {
        env.ok(&["import", &fixture_path(f)]);
    }
    let json: Value =
        serde_json::from_str(&env.ok(&["audit", "--week", "2026-11-25", "--by", "day", "--json"]))
            .unwrap();
    let days = json["days"].as_array().unwrap();
    assert_eq!(days.len(), 7);
    assert_eq!(days[0]["day"], "2026-11-23");
    for category in ["managing", "leading", "unclassified", "excluded"] {
        let sum: f64 = days
            .iter()
            .map(|d| d["hours"][category].as_f64().unwrap())
            .sum();
        let week = json["hours"][category].as_f64().unwrap();
        assert!((sum - week).abs() < 0.011, "{category}: {sum} vs {week}");
    }
    let csv = env.ok(&["audit", "--week", "2026-11-25", "--format", "csv"]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "day,category,minutes,hours");
    assert_eq!(rows.len(), 1 + 7 * 4, "{csv}");
    let managing: i64 = rows[1..]
        .iter()
        .filter(|r| r.split(',').nth(1) == Some("managing"))
        .map(|r| r.split(',').nth(2).unwrap().parse::<i64>().unwrap())
        .sum();
    assert_eq!(
        managing,
        (json["hours"]["managing"].as_f64().unwrap() * 60.0).round() as i64
    );
    let text = env.ok(&["audit", "--week", "2026-11-25", "--by", "day"]);
    assert!(text.contains("By day:"), "{text}");
    assert!(text.contains("  Mon 23 Nov "), "{text}");
    // A period the wrong way round is refused here too.
    env.bearing()
        .args([
            "audit",
            "--from",
            "2026-11-30",
            "--to",
            "2026-11-01",
            "--format",
            "csv",
        ])
        .assert()
        .failure();
}

#[test]
fn a_whole_calendar_is_classified_below_a_series_and_above_the_rules() {
    let env = Env::new();
    env.ok(&["import", &fixture_path("google.ics")]);
    env.ok(&["import", &fixture_path("thunderbird.ics")]);
    let hours = |env: &Env| -> Value {
        serde_json::from_str(&env.ok(&["audit", "--week", "2026-11-25", "--json"])).unwrap()
    };
    let before = hours(&env);
    let said = env.ok(&["classify", "--calendar", "thunderbird", "excluded"]);
    assert!(
        said.contains("Everything in calendar 'thunderbird' is excluded now"),
        "{said}"
    );
    let all_out = hours(&env);
    assert!(
        all_out["hours"]["excluded"].as_f64().unwrap()
            > before["hours"]["excluded"].as_f64().unwrap(),
        "{all_out}"
    );
    // A series' own class beats its calendar's.
    let series = before["top_series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["calendar"] == "thunderbird")
        .unwrap_or_else(|| panic!("{all_out}"))
        .clone();
    env.ok(&[
        "classify",
        "--series",
        series["uid"].as_str().unwrap(),
        "leading",
    ]);
    let mixed = hours(&env);
    let again = mixed["top_series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["uid"] == series["uid"])
        .unwrap()
        .clone();
    assert_eq!(again["category"], "leading", "{mixed}");
    // Back to the rules; an unknown calendar is refused.
    env.ok(&["classify", "--calendar", "thunderbird", "rules"]);
    assert!(
        env.fails(&["classify", "--calendar", "nope", "leading"])
            .contains("no calendar 'nope'")
    );
    assert!(
        env.fails(&["classify", "--series", "x", "rules"])
            .contains("`rules` goes with --calendar")
    );
}
