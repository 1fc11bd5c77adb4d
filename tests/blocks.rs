//! `bearing block` through the real binary: round trips, bad input, and an export that,
//! parsed back by the icalendar crate and expanded by rrule, gives the same occurrences.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use std::collections::{BTreeMap, BTreeSet};

use bearing::testkit::Env;
use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use icalendar::{Calendar, CalendarComponent, Component};
use predicates::prelude::*;
use serde_json::Value;

fn week(env: &Env, date: &str) -> Vec<Value> {
    env.json(&["block", "list", "--week", date, "--json"])
        .as_array()
        .unwrap()
        .clone()
}

fn summary(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|o| {
            format!(
                "{} {} {} {}",
                o["block_id"],
                o["title"].as_str().unwrap(),
                o["start"].as_str().unwrap(),
                o["status"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn plan_skip_move_mark_and_list_a_week() {
    let env = Env::new();
    let id = env.ok(&[
        "block",
        "add",
        "Vision work",
        "--start",
        "2026-11-24 09:00",
        "--minutes",
        "120",
        "--why",
        "Where we go next",
        "--weekly",
    ]);
    assert_eq!(id.trim(), "1");
    let hiring = env.json(&[
        "block",
        "add",
        "Hiring plan",
        "--start",
        "2026-11-25 14:00",
        "--minutes",
        "1h30",
        "--json",
    ]);
    // A block's stable id is its UID.
    let uid = hiring["uid"].as_str().unwrap();
    assert_eq!((&hiring["id"], &hiring["sid"]), (&2.into(), &uid.into()));
    assert!(uid.ends_with("@bearing"), "{uid}");
    env.ok(&[
        "block",
        "skip",
        "1",
        "--on",
        "2026-12-01",
        "--reason",
        "board prep",
    ]);
    env.ok(&[
        "block",
        "move",
        "1",
        "--on",
        "2026-12-08",
        "--to",
        "2026-12-10 14:00",
    ]);
    env.ok(&[
        "block",
        "mark",
        "1",
        "--on",
        "2026-11-24",
        "partly",
        "--minutes",
        "45",
    ]);

    let first = week(&env, "2026-11-26");
    assert_eq!(
        summary(&first),
        [
            "1 Vision work 2026-11-24T09:00:00+01:00 partly_kept",
            "2 Hiring plan 2026-11-25T14:00:00+01:00 planned",
        ]
    );
    assert_eq!(first[0]["end"], "2026-11-24T11:00:00+01:00");
    assert_eq!(first[0]["kept_minutes"], 45);
    assert_eq!(first[1]["end"], "2026-11-25T15:30:00+01:00");
    assert_eq!(first[1]["block_sid"], uid);
    let vision = first[0]["block_sid"].as_str().unwrap();
    assert!(vision.ends_with("@bearing") && vision != uid, "{vision}");
    let second = week(&env, "2026-11-30");
    assert_eq!(second[0]["status"], "skipped");
    assert_eq!(second[0]["reason"], "board prep");
    assert_eq!(
        summary(&week(&env, "2026-12-09")),
        ["1 Vision work 2026-12-10T14:00:00+01:00 planned"]
    );

    // Series end from a date; then deletion of the one-off.
    env.ok(&["block", "rm", "1", "--from", "2027-01-01"]);
    assert!(week(&env, "2027-01-05").is_empty());
    assert_eq!(week(&env, "2026-12-29").len(), 1);
    env.ok(&["block", "rm", "2"]);
    assert!(week(&env, "2026-11-26").iter().all(|o| o["block_id"] == 1));
}

#[test]
fn past_occurrences_not_marked_count_as_kept() {
    let env = Env::new();
    env.ok(&[
        "block",
        "add",
        "Coaching prep",
        "--start",
        "2025-01-07 08:00",
        "--minutes",
        "60",
        "--weekly",
    ]);
    let items = week(&env, "2025-01-08");
    assert_eq!(items[0]["status"], "kept");
    assert_eq!(items[0]["kept_minutes"], 60);
}

#[test]
fn bad_block_input_is_refused_and_changes_nothing() {
    let env = Env::new();
    env.ok(&[
        "block",
        "add",
        "Keep me",
        "--start",
        "2026-11-24 09:00",
        "--minutes",
        "60",
        "--weekly",
    ]);
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "block",
                "add",
                "X",
                "--start",
                "2026-11-24 09:00",
                "--minutes",
                "0",
            ],
            "5 minutes to 12 hours",
        ),
        (
            &[
                "block",
                "add",
                "X",
                "--start",
                "2026-11-24 09:00",
                "--minutes",
                "-30",
            ],
            "5 minutes to 12 hours",
        ),
        (
            &[
                "block",
                "add",
                "X",
                "--start",
                "2026-11-24 09:00",
                "--minutes",
                "13h",
            ],
            "5 minutes to 12 hours",
        ),
        (
            &[
                "block",
                "add",
                "X",
                "--start",
                "2026-02-30 09:00",
                "--minutes",
                "60",
            ],
            "not a date",
        ),
        (
            &[
                "block",
                "add",
                "X",
                "--start",
                "2026-03-29 02:30",
                "--minutes",
                "60",
            ],
            "does not exist in Europe/Berlin",
        ),
        (
            &[
                "block",
                "add",
                "X",
                "--start",
                "2026-11-24 09:00",
                "--minutes",
                "60",
                "--weekly",
                "--days",
                "mon,tus",
            ],
            "'tus' is not a weekday",
        ),
        (
            &[
                "block",
                "add",
                "X",
                "--start",
                "2026-11-24 09:00",
                "--minutes",
                "60",
                "--weekly",
                "--until",
                "2026-11-01",
            ],
            "before the block starts",
        ),
        (
            &[
                "block",
                "add",
                "X",
                "--start",
                "2026-11-24 09:00",
                "--minutes",
                "60",
                "--weekly",
                "--every",
                "0",
            ],
            "every 1 to 52 weeks",
        ),
        (
            &[
                "block",
                "add",
                " ",
                "--start",
                "2026-11-24 09:00",
                "--minutes",
                "60",
            ],
            "needs a title",
        ),
        (
            &["block", "skip", "42", "--on", "2026-11-24"],
            "no block 42",
        ),
        (
            &["block", "skip", "1", "--on", "2026-11-25"],
            "no occurrence on 2026-11-25",
        ),
        (
            &[
                "block",
                "move",
                "1",
                "--on",
                "2026-11-24",
                "--to",
                "2026-03-29 02:30",
            ],
            "does not exist",
        ),
        (
            &["block", "mark", "1", "--on", "2026-11-24", "partly"],
            "--minutes",
        ),
        (&["block", "rm", "42"], "no block 42"),
        (&["block", "list", "--week", "2026-02-30"], "not a date"),
    ];
    for (args, message) in cases {
        env.bearing()
            .args(*args)
            .assert()
            .failure()
            .stdout("")
            .stderr(predicate::str::contains(*message));
    }
    env.bearing()
        .args([
            "block",
            "add",
            "X",
            "--start",
            "2026-11-24 09:00",
            "--minutes",
            "60",
            "--days",
            "mon",
        ])
        .assert()
        .code(2);
    let all = env.json(&["block", "list", "--week", "2026-11-24", "--json"]);
    assert_eq!(
        summary(all.as_array().unwrap()),
        ["1 Keep me 2026-11-24T09:00:00+01:00 planned"]
    );
}

/// One VEVENT as the icalendar crate reads it.
struct ParsedEvent {
    uid: String,
    tzid: String,
    start: NaiveDateTime,
    end: NaiveDateTime,
    rrule: Option<String>,
    exdates: Vec<NaiveDateTime>,
    recurrence_id: Option<NaiveDateTime>,
    cancelled: bool,
    sequence: String,
}

fn local(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%S").unwrap()
}

fn parse_export(text: &str) -> Vec<ParsedEvent> {
    let calendar: Calendar = text.parse().unwrap();
    assert_eq!(calendar.property_value("VERSION"), Some("2.0"));
    assert!(calendar.property_value("PRODID").is_some());
    calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .map(|e| {
            let props = e.properties();
            let tzid = props["DTSTART"]
                .params()
                .get("TZID")
                .unwrap()
                .value()
                .to_string();
            let mut exdates = Vec::new();
            for p in e
                .multi_properties()
                .get("EXDATE")
                .into_iter()
                .flatten()
                .chain(props.get("EXDATE"))
            {
                exdates.extend(p.value().split(',').map(local));
            }
            ParsedEvent {
                uid: e.get_uid().unwrap().to_string(),
                tzid,
                start: local(props["DTSTART"].value()),
                end: local(props["DTEND"].value()),
                rrule: props.get("RRULE").map(|p| p.value().to_string()),
                exdates,
                recurrence_id: props.get("RECURRENCE-ID").map(|p| local(p.value())),
                cancelled: props
                    .get("STATUS")
                    .is_some_and(|p| p.value() == "CANCELLED"),
                sequence: props["SEQUENCE"].value().to_string(),
            }
        })
        .collect()
}

/// (start, end) instants of every occurrence the parsed file describes in [from, to).
fn occurrences_from_file(
    events: &[ParsedEvent],
    from: NaiveDate,
    to: NaiveDate,
) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let overrides: BTreeMap<(String, NaiveDateTime), &ParsedEvent> = events
        .iter()
        .filter_map(|e| e.recurrence_id.map(|r| ((e.uid.clone(), r), e)))
        .collect();
    let mut push = |tz: Tz, start: NaiveDateTime, end: NaiveDateTime| {
        let s = tz.from_local_datetime(&start).earliest().unwrap();
        let e = tz.from_local_datetime(&end).earliest().unwrap();
        if s.date_naive() >= from && s.date_naive() < to {
            out.insert((s.fixed_offset().to_rfc3339(), e.fixed_offset().to_rfc3339()));
        }
    };
    for e in events
        .iter()
        .filter(|e| e.recurrence_id.is_none() && !e.cancelled)
    {
        let tz: Tz = e.tzid.parse().unwrap();
        let length = tz.from_local_datetime(&e.end).earliest().unwrap()
            - tz.from_local_datetime(&e.start).earliest().unwrap();
        let Some(rule) = &e.rrule else {
            push(tz, e.start, e.end);
            continue;
        };
        let mut text = format!(
            "DTSTART;TZID={}:{}\nRRULE:{rule}",
            e.tzid,
            e.start.format("%Y%m%dT%H%M%S")
        );
        for x in &e.exdates {
            text.push_str(&format!(
                "\nEXDATE;TZID={}:{}",
                e.tzid,
                x.format("%Y%m%dT%H%M%S")
            ));
        }
        let set: rrule::RRuleSet = text.parse().unwrap();
        for t in set
            .into_iter()
            .take_while(|t| t.date_naive() < to + Duration::days(60))
        {
            let original = t.naive_local();
            match overrides.get(&(e.uid.clone(), original)) {
                Some(o) => push(tz, o.start, o.end),
                None => {
                    let start = tz.from_local_datetime(&original).earliest().unwrap();
                    push(
                        tz,
                        original,
                        (start + length).with_timezone(&tz).naive_local(),
                    );
                }
            }
        }
    }
    out
}

#[test]
fn the_export_parses_back_to_the_same_occurrences() {
    let env = Env::new();
    // Every other week on Tuesday and Thursday across the March and October DST switches,
    // with a skip, a deletion, a move, a one-off and a skipped one-off.
    env.ok(&[
        "block",
        "add",
        "Vision work, \"big picture\"; why it matters",
        "--start",
        "2026-03-03 09:00",
        "--minutes",
        "120",
        "--weekly",
        "--days",
        "tue,thu",
        "--every",
        "2",
        "--until",
        "2026-11-30",
        "--why",
        "Line one\nLine two, with a comma; and a semicolon",
    ]);
    env.ok(&[
        "block",
        "add",
        "Hiring plan",
        "--start",
        "2026-06-17 14:00",
        "--minutes",
        "90",
    ]);
    env.ok(&[
        "block",
        "add",
        "Cancelled one-off",
        "--start",
        "2026-06-18 14:00",
        "--minutes",
        "30",
    ]);
    env.ok(&[
        "block",
        "add",
        "Night owl",
        "--start",
        "2026-03-22 23:30",
        "--minutes",
        "60",
        "--weekly",
        "--days",
        "sun",
        "--until",
        "2026-04-30",
    ]);
    env.ok(&["block", "skip", "1", "--on", "2026-03-17"]);
    env.ok(&["block", "skip", "3", "--on", "2026-06-18"]);
    env.ok(&[
        "block",
        "move",
        "1",
        "--on",
        "2026-03-31",
        "--to",
        "2026-04-01 16:00",
    ]);
    env.ok(&[
        "block",
        "move",
        "1",
        "--on",
        "2026-10-27",
        "--to",
        "2026-10-24 10:00",
    ]);

    let ics = env.ok(&["block", "export"]);
    assert!(ics.lines().all(|l| l.len() <= 75 + 1), "lines are folded");
    assert!(
        ics.contains("\r\n") && !ics.replace("\r\n", "").contains('\n'),
        "CRLF only"
    );
    let events = parse_export(&ics);

    // bearing's own expansion, week by week, without the skipped occurrences.
    let mut ours = BTreeSet::new();
    let mut day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    while day < NaiveDate::from_ymd_opt(2026, 12, 7).unwrap() {
        for o in week(&env, &day.to_string()) {
            if o["status"] != "skipped" {
                ours.insert((
                    o["start"].as_str().unwrap().to_string(),
                    o["end"].as_str().unwrap().to_string(),
                ));
            }
        }
        day += Duration::days(7);
    }
    let theirs = occurrences_from_file(
        &events,
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
    );
    assert_eq!(theirs, ours);
    assert!(
        ours.contains(&(
            "2026-04-01T16:00:00+02:00".to_string(),
            "2026-04-01T18:00:00+02:00".to_string()
        )),
        "the move"
    );
    assert!(
        ours.contains(&(
            "2026-03-29T23:30:00+02:00".to_string(),
            "2026-03-30T00:30:00+02:00".to_string()
        )),
        "after the switch"
    );
    assert!(ours.len() > 30);

    // The same UIDs on every export; SEQUENCE moves on when something changes.
    let uids = |events: &[ParsedEvent]| {
        events
            .iter()
            .map(|e| e.uid.clone())
            .collect::<BTreeSet<_>>()
    };
    let again = parse_export(&env.ok(&["block", "export"]));
    assert_eq!(uids(&again), uids(&events));
    assert_eq!(uids(&events).len(), 4);
    env.ok(&["block", "skip", "1", "--on", "2026-05-12"]);
    let changed = parse_export(&env.ok(&["block", "export"]));
    assert_eq!(uids(&changed), uids(&events));
    let seq = |evs: &[ParsedEvent]| {
        evs.iter()
            .find(|e| e.uid == events[0].uid && e.recurrence_id.is_none())
            .unwrap()
            .sequence
            .parse::<i64>()
            .unwrap()
    };
    assert!(seq(&changed) > seq(&events));
}

#[test]
fn export_writes_a_file_when_asked() {
    let env = Env::new();
    env.ok(&[
        "block",
        "add",
        "Vision",
        "--start",
        "2026-11-24 09:00",
        "--minutes",
        "60",
    ]);
    let out = env.dir.path().join("blocks.ics");
    env.bearing()
        .args(["block", "export", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("Wrote 1 block"));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    );
    env.bearing()
        .args(["block", "export", "--out", "/nonexistent-dir/x.ics"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot write"));
}
