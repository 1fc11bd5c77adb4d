//! Leadership blocks published to a real CalDAV calendar (Radicale and Xandikos, started
//! by the tests): one object per block series, pushed again without a duplicate; the
//! server's own expansion matches bearing's occurrences; another client's skip, move and
//! reminder are taken in (the reminder kept on bearing's next write); both sides
//! renaming it keeps bearing's and leaves a conflict the user settles; a block deleted
//! on the server is not recreated until published again; an object already on the
//! server (a push killed after the server took it) is adopted, never doubled.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use bearing::testkit::{DavKind, DavServer, Env};
use chrono::{TimeZone, Utc};
use serde_json::Value;

const KINDS: [DavKind; 2] = [DavKind::Radicale, DavKind::Xandikos];

/// An account `work` on `server` whose calendar "Leadership" receives the blocks (and
/// is read), with block 1: Vision work, Tuesdays 09:00-11:00 from the week after now.
fn published(server: &DavServer) -> (Env, String) {
    let leadership = server.make_calendar("leadership", "Leadership");
    let env = Env::new();
    let password = env.tmp().join("password");
    std::fs::write(&password, server.password()).unwrap();
    env.ok(&[
        "account",
        "add",
        "work",
        "--url",
        &server.base_url(),
        "--user",
        server.user(),
        "--password-command",
        &format!("cat {}", password.display()),
    ]);
    env.ok(&["account", "use", "work", "Leadership", "--for", "both"]);
    env.ok(&[
        "block",
        "add",
        "Vision work",
        "--start",
        "2026-11-24 09:00",
        "--minutes",
        "120",
        "--weekly",
        "--days",
        "tue",
    ]);
    env.ok(&["block", "publish", "1"]);
    (env, leadership)
}

/// The objects in calendar `url`.
fn objects(server: &DavServer, url: &str) -> Vec<String> {
    server
        .propfind(url, "1", "<d:getetag/>")
        .hrefs_in("response")
        .into_iter()
        .filter(|h| h.ends_with(".ics"))
        .collect()
}

fn block_url(server: &DavServer, calendar: &str) -> String {
    let all = objects(server, calendar);
    assert_eq!(all.len(), 1, "one object per block series: {all:?}");
    server.url(&all[0])
}

fn pushed(refresh: &Value) -> Vec<String> {
    refresh
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["done"].as_str().map(str::to_string))
        .collect()
}

/// The week's occurrences of block 1 as `bearing block list` shows them.
fn week(env: &Env, day: &str) -> Vec<Value> {
    env.json(&["block", "list", "--week", day, "--json"])
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn a_block_is_one_object_pushed_again_without_a_duplicate_and_expanded_alike() {
    for kind in KINDS {
        let Some(server) = DavServer::of(kind) else {
            continue;
        };
        let (env, leadership) = published(&server);
        let first = env.json(&["refresh", "--json"]);
        assert_eq!(pushed(&first), ["created"], "{}: {first}", kind.name());
        let url = block_url(&server, &leadership);
        assert!(
            url.contains("%40bearing.ics") || url.contains("@bearing.ics"),
            "{url}"
        );
        let again = env.json(&["refresh", "--json"]);
        assert_eq!(pushed(&again), ["unchanged"], "{again}");
        assert_eq!(objects(&server, &leadership).len(), 1);
        // Reading back only bearing's own block is no change to the calendar's events.
        let read: Vec<&Value> = again
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o.get("changed").is_some())
            .collect();
        assert_eq!(read.len(), 1, "{again}");
        assert_eq!(read[0]["changed"], false, "{}: {again}", kind.name());
        // Read back from the calendar it also reads, it is the block, not a meeting.
        let audit = env.json(&["audit", "--json", "--week", "2026-11-24"]);
        assert_eq!(audit["blocks"]["planned"], 1, "{audit}");
        // Its two hours count once, as the block's, never again as a calendar event.
        assert_eq!(audit["total_hours"], 2.0, "{audit}");
        assert!(
            audit["top_series"]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["calendar"] == ""),
            "{audit}"
        );
        // The server expands it as bearing does: four Tuesdays in four weeks.
        let report = server.report_expand(
            &leadership,
            Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 12, 21, 0, 0, 0).unwrap(),
        );
        let starts = report
            .lines()
            .filter(|l| l.trim_start().starts_with("RECURRENCE-ID"))
            .count();
        let ours: usize = ["2026-11-24", "2026-12-01", "2026-12-08", "2026-12-15"]
            .iter()
            .map(|d| week(&env, d).len())
            .sum();
        assert_eq!(starts, 4, "{report}");
        assert_eq!(ours, 4);
    }
}

#[test]
fn another_clients_skip_move_and_reminder_come_in_and_the_reminder_stays() {
    for kind in KINDS {
        let Some(server) = DavServer::of(kind) else {
            continue;
        };
        let (env, leadership) = published(&server);
        env.ok(&["refresh"]);
        let url = block_url(&server, &leadership);
        let text = server.get(&url).body.replace("\r\n", "\n");
        let zone_line = text
            .lines()
            .find(|l| l.starts_with("DTSTART;TZID="))
            .unwrap()
            .to_string();
        let tzid = zone_line
            .trim_start_matches("DTSTART;TZID=")
            .split(':')
            .next()
            .unwrap()
            .to_string();
        // Another client: skips 1 Dec, moves 8 Dec to 14:00, adds a reminder.
        let master_end = text.find("END:VEVENT").unwrap();
        let mut edited = text[..master_end].to_string();
        edited.push_str(&format!("EXDATE;TZID={tzid}:20261201T090000\n"));
        edited.push_str(
            "BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:Vision work\nTRIGGER:-PT15M\nEND:VALARM\n",
        );
        edited.push_str("END:VEVENT\n");
        let uid = text
            .lines()
            .find(|l| l.starts_with("UID:"))
            .unwrap()
            .trim_start_matches("UID:")
            .to_string();
        edited.push_str(&format!(
            "BEGIN:VEVENT\nUID:{uid}\nDTSTAMP:20261120T000000Z\nRECURRENCE-ID;TZID={tzid}:20261208T090000\nDTSTART;TZID={tzid}:20261208T140000\nDTEND;TZID={tzid}:20261208T160000\nSUMMARY:Vision work\nSEQUENCE:1\nEND:VEVENT\n"
        ));
        edited.push_str(&text[master_end + "END:VEVENT\n".len()..]);
        server.put(&url, &edited.replace('\n', "\r\n"));
        let took = env.json(&["refresh", "--json"]);
        assert_eq!(
            pushed(&took),
            ["took the calendar's changes"],
            "{}: {took}",
            kind.name()
        );
        let dec1 = week(&env, "2026-12-01");
        assert_eq!(dec1[0]["status"], "skipped", "{dec1:?}");
        let dec8 = week(&env, "2026-12-08");
        assert!(
            dec8[0]["start"].as_str().unwrap().contains("14:00"),
            "{dec8:?}"
        );
        // bearing's own change goes out with the reminder kept.
        env.ok(&["block", "skip", "1", "--on", "2026-12-15"]);
        let out = env.json(&["refresh", "--json"]);
        assert_eq!(pushed(&out), ["updated"], "{out}");
        let now = server.get(&url).body;
        assert!(now.contains("TRIGGER:-PT15M"), "{now}");
        assert!(now.contains("20261215T090000"), "{now}");
        assert!(now.contains("RECURRENCE-ID"), "{now}");
    }
}

#[test]
fn both_sides_renaming_keeps_bearings_and_a_conflict_the_user_settles() {
    for kind in KINDS {
        let Some(server) = DavServer::of(kind) else {
            continue;
        };
        let (env, leadership) = published(&server);
        env.ok(&["refresh"]);
        let url = block_url(&server, &leadership);
        let text = server.get(&url).body;
        server.put(
            &url,
            &text.replace("SUMMARY:Vision work", "SUMMARY:Strategy time"),
        );
        // The Week screen renames a series (the CLI has no verb for it): the same row change.
        let db = rusqlite::Connection::open(env.db()).unwrap();
        db.execute(
            "UPDATE blocks SET title = 'Deep work', sequence = sequence + 1 WHERE id = 1",
            [],
        )
        .unwrap();
        drop(db);
        env.ok(&["refresh"]);
        assert!(server.get(&url).body.contains("SUMMARY:Deep work"));
        let conflicts = env.json(&["account", "conflicts", "--json"]);
        let list = conflicts.as_array().unwrap();
        assert_eq!(list.len(), 1, "{}: {conflicts}", kind.name());
        assert!(
            list[0]["what"].as_str().unwrap().contains("Strategy time"),
            "{conflicts}"
        );
        let id = list[0]["id"].as_i64().unwrap().to_string();
        env.ok(&["account", "resolve", &id, "--keep", "theirs"]);
        assert_eq!(
            env.json(&["account", "conflicts", "--json"]),
            serde_json::json!([])
        );
        env.ok(&["refresh"]);
        assert!(server.get(&url).body.contains("SUMMARY:Strategy time"));
        // A conflict that is not there says so.
        let missing = env.fails(&["account", "resolve", "999", "--keep", "mine"]);
        assert!(missing.contains("conflict 999"), "{missing}");
    }
}

#[test]
fn a_block_deleted_on_the_server_waits_and_one_already_there_is_adopted() {
    for kind in KINDS {
        let Some(server) = DavServer::of(kind) else {
            continue;
        };
        let (env, leadership) = published(&server);
        env.ok(&["refresh"]);
        let url = block_url(&server, &leadership);
        let copy = server.get(&url).body;
        server.delete(&url);
        let asked = env.json(&["refresh", "--json"]);
        assert!(
            pushed(&asked)[0].contains("deleted in the calendar"),
            "{asked}"
        );
        env.ok(&["refresh"]);
        assert!(
            objects(&server, &leadership).is_empty(),
            "never recreated silently"
        );
        // Put back as it was (as if a push had been killed after the server took it),
        // then published again: adopted, one object.
        server.put(&url, &copy);
        env.ok(&["block", "publish", "1"]);
        let adopted = env.json(&["refresh", "--json"]);
        assert_eq!(
            pushed(&adopted),
            ["already there"],
            "{}: {adopted}",
            kind.name()
        );
        assert_eq!(objects(&server, &leadership).len(), 1);
        // Stopped: removed from the server, and forgotten.
        env.ok(&["block", "publish", "1", "--stop"]);
        env.ok(&["refresh"]);
        assert!(objects(&server, &leadership).is_empty());
    }
}

#[test]
fn removing_the_account_leaves_its_published_blocks_on_the_server_unless_asked() {
    let Some(server) = DavServer::of(DavKind::Radicale) else {
        return;
    };
    let (env, leadership) = published(&server);
    env.ok(&["refresh"]);
    assert_eq!(objects(&server, &leadership).len(), 1);
    // Not a terminal: the question is answered no, as by default.
    let out = env.ok(&["account", "rm", "work"]);
    assert!(out.contains("Removed account 'work'"), "{out}");
    assert_eq!(objects(&server, &leadership).len(), 1);
    assert_eq!(
        env.json(&["account", "list", "--json"]),
        serde_json::json!([])
    );
    // The block itself stays in bearing.
    assert_eq!(week(&env, "2026-11-24").len(), 1);
}

#[test]
fn published_blocks_follow_the_blocks_role_to_another_calendar_with_what_changed_there() {
    for kind in KINDS {
        let Some(server) = DavServer::of(kind) else {
            continue;
        };
        let (env, leadership) = published(&server);
        let other = server.make_calendar("other", "Other");
        env.ok(&["refresh"]);
        // Another client renames the block on the old calendar just before the move.
        let url = block_url(&server, &leadership);
        let text = server.get(&url).body;
        server.put(
            &url,
            &text.replace("SUMMARY:Vision work", "SUMMARY:Strategy time"),
        );
        let said = env.ok(&["account", "use", "work", "Other", "--for", "blocks"]);
        assert!(
            said.contains("1 published block move here"),
            "{}: {said}",
            kind.name()
        );
        let moved = env.json(&["refresh", "--json"]);
        assert_eq!(pushed(&moved), ["created"], "{}: {moved}", kind.name());
        // Off the old calendar, once on the new one, with the rename made there kept.
        assert!(objects(&server, &leadership).is_empty(), "{}", kind.name());
        let now_at = block_url(&server, &other);
        assert!(server.get(&now_at).body.contains("SUMMARY:Strategy time"));
        let week = week(&env, "2026-11-24");
        assert_eq!(week[0]["title"], "Strategy time", "{week:?}");
        // Nothing moves twice.
        let again = env.json(&["refresh", "--json"]);
        assert_eq!(pushed(&again), ["unchanged"], "{again}");
        assert_eq!(objects(&server, &other).len(), 1);
        // Taken away with no calendar to go to, the blocks stay where they are.
        env.ok(&["account", "use", "work", "Other", "--for", "read"]);
        let left = env.json(&["refresh", "--json"]);
        assert!(pushed(&left).is_empty(), "{left}");
        assert_eq!(objects(&server, &other).len(), 1);
    }
}

#[test]
fn an_occurrence_given_its_own_title_in_the_calendar_is_told_when_bearing_writes_over_it() {
    let Some(server) = DavServer::of(DavKind::Radicale) else {
        return;
    };
    let (env, leadership) = published(&server);
    env.ok(&["refresh"]);
    let url = block_url(&server, &leadership);
    let text = server.get(&url).body.replace("\r\n", "\n");
    let tzid = text
        .lines()
        .find(|l| l.starts_with("DTSTART;TZID="))
        .unwrap()
        .trim_start_matches("DTSTART;TZID=")
        .split(':')
        .next()
        .unwrap()
        .to_string();
    let uid = text
        .lines()
        .find(|l| l.starts_with("UID:"))
        .unwrap()
        .trim_start_matches("UID:")
        .to_string();
    // Another client gives 1 Dec a title of its own, at its usual time.
    let end = text.rfind("END:VCALENDAR").unwrap();
    let edited = format!(
        "{}BEGIN:VEVENT\nUID:{uid}\nDTSTAMP:20261120T000000Z\nRECURRENCE-ID;TZID={tzid}:20261201T090000\nDTSTART;TZID={tzid}:20261201T090000\nDTEND;TZID={tzid}:20261201T110000\nSUMMARY:Vision work with Sam\nSEQUENCE:1\nEND:VEVENT\n{}",
        &text[..end],
        &text[end..]
    );
    server.put(&url, &edited.replace('\n', "\r\n"));
    // Nothing changed in bearing: the calendar keeps it, and nothing is said.
    env.ok(&["refresh"]);
    assert!(server.get(&url).body.contains("Vision work with Sam"));
    assert_eq!(
        env.json(&["account", "conflicts", "--json"]),
        serde_json::json!([])
    );
    // bearing skips another week: its write puts the block's title back, and says so.
    env.ok(&["block", "skip", "1", "--on", "2026-12-15"]);
    env.ok(&["refresh"]);
    assert!(!server.get(&url).body.contains("Vision work with Sam"));
    let conflicts = env.json(&["account", "conflicts", "--json"]);
    assert!(
        conflicts[0]["what"]
            .as_str()
            .unwrap()
            .contains("a title or length of its own"),
        "{conflicts}"
    );
}
