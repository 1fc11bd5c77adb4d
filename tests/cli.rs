//! The real binary against tempfile journals: round trips, bad input, stderr and exit codes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use std::fs;
use std::path::Path;

use bearing::testkit::{Env, random_sid};
use predicates::prelude::*;
use serde_json::Value;

fn bytes(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap()
}

#[test]
fn help_is_available_everywhere() {
    let env = Env::new();
    for args in [
        &["--help"][..],
        &["reflect", "--help"],
        &["list", "--help"],
        &["config", "--help"],
        &["help"],
    ] {
        env.bearing()
            .args(args)
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage: bearing"));
    }
    env.bearing()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains("bearing 0."));
}

#[test]
fn reflect_then_list_json_round_trips() {
    let env = Env::new();
    let id = env.reflect(&[
        "Had",
        "a",
        "good",
        "1:1",
        "with",
        "@Sam",
        "about",
        "#growth",
        "and",
        "#Feedback",
    ]);
    assert_eq!(id, 1);
    let id = env.reflect(&[
        "--at",
        "2026-03-29 09:15",
        "--kind",
        "note",
        "Spring: ask @Zoë about #growth",
    ]);
    assert_eq!(id, 2);
    let all = env.list_json(&[]);
    assert_eq!(all.len(), 2);
    let spring = &all[0];
    assert_eq!(spring["id"], 2);
    // 2026-03-29 is the day Berlin moves to summer time: 09:15 is +02:00.
    assert_eq!(spring["at"], "2026-03-29T09:15:00+02:00");
    assert_eq!(spring["day"], "2026-03-29");
    assert_eq!(spring["kind"], "note");
    assert_eq!(spring["body"], "Spring: ask @Zoë about #growth");
    assert_eq!(spring["tags"], serde_json::json!(["growth"]));
    assert_eq!(spring["people"], serde_json::json!(["Zoë"]));
    let now = &all[1];
    assert_eq!(
        now["body"],
        "Had a good 1:1 with @Sam about #growth and #Feedback"
    );
    assert_eq!(now["tags"], serde_json::json!(["growth", "feedback"]));
    assert_eq!(now["kind"], "reflection");
    chrono::DateTime::parse_from_rfc3339(now["at"].as_str().unwrap()).unwrap();
}

#[test]
fn reflect_reads_piped_standard_input() {
    let env = Env::new();
    env.bearing()
        .arg("reflect")
        .write_stdin("Line one about @Ana.\nLine two, #delegation.\n\n")
        .assert()
        .success()
        .stdout("1\n");
    let all = env.list_json(&[]);
    assert_eq!(
        all[0]["body"],
        "Line one about @Ana.\nLine two, #delegation."
    );
}

#[cfg(unix)]
#[test]
fn reflect_opens_the_editor_when_asked() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let script = env.dir.path().join("fake-editor.sh");
    fs::write(
        &script,
        "#!/bin/sh\nprintf 'Written in my editor #long\\n' > \"$1\"\n",
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    let out = env
        .bearing()
        .args(["reflect", "--edit", "--json"])
        .env("EDITOR", &script)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let saved: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(saved["id"], 1);
    let listed = &env.list_json(&[])[0];
    assert_eq!(listed["body"], "Written in my editor #long");
    assert_eq!(listed["sid"], random_sid(&saved));

    // An editor that fails saves nothing.
    env.bearing()
        .args(["reflect", "--edit"])
        .env("EDITOR", "false")
        .assert()
        .failure()
        .stderr(predicate::str::contains("$EDITOR"));
    assert_eq!(env.list_json(&[]).len(), 1);
}

#[test]
fn list_filters_by_date_tag_and_person() {
    let env = Env::new();
    env.reflect(&["--at", "2026-11-02 09:00", "#growth with @Sam"]);
    env.reflect(&["--at", "2026-11-09 09:00", "#growth with @Ana"]);
    env.reflect(&["--at", "2026-11-16 09:00", "#budget with @Sam"]);
    let days = |args: &[&str]| -> Vec<String> {
        env.list_json(args)
            .iter()
            .map(|e| e["day"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(days(&["--tag", "growth"]), ["2026-11-02", "2026-11-09"]);
    assert_eq!(
        days(&["--tag", "#GROWTH", "--person", "@sam"]),
        ["2026-11-02"]
    );
    assert_eq!(
        days(&["--from", "2026-11-05", "--to", "2026-11-16"]),
        ["2026-11-09", "2026-11-16"]
    );
    assert_eq!(days(&["--person", "nobody"]), Vec::<String>::new());
    assert_eq!(days(&["--kind", "note"]), Vec::<String>::new());
}

#[test]
fn list_prints_readable_text() {
    let env = Env::new();
    env.reflect(&["--at", "2026-11-20 17:45", "First line\nsecond line"]);
    env.bearing().arg("list").assert().success().stdout(
        "Friday 20 November 2026\n  #1 17:45 reflection\n    First line\n    second line\n",
    );
    // A journal with nothing in it (where there is none, `list` says so: see
    // tests/journal_files.rs).
    let empty = Env::new();
    drop(bearing::store::Store::open(&empty.db()).unwrap());
    empty
        .bearing()
        .arg("list")
        .assert()
        .success()
        .stdout("No entries match.\n");
    empty
        .bearing()
        .args(["list", "--json"])
        .assert()
        .success()
        .stdout("[]\n");
}

#[test]
fn bad_input_is_refused_on_stderr_and_changes_nothing() {
    let env = Env::new();
    env.reflect(&["one entry to keep"]);
    let cases: &[(&[&str], &str)] = &[
        (
            &["reflect", "--at", "2026-02-30 10:00", "x"],
            "not a date and time",
        ),
        (&["reflect", "--at", "yesterday", "x"], "no time of day"),
        (&["reflect", "--at", "blah", "x"], "YYYY-MM-DD HH:MM"),
        (
            &["reflect", "--at", "2026-03-29 02:30", "x"],
            "does not exist",
        ),
        (
            &["reflect", "--at", "2099-01-01 10:00", "x"],
            "in the future",
        ),
        (&["reflect", "--at", "2999-01-01 10:00", "x"], "too far off"),
        (&["reflect", "   "], "empty"),
        (&["list", "--from", "2026-13-01"], "not a date"),
        (
            &["list", "--from", "2026-11-20", "--to", "2026-11-01"],
            "after",
        ),
        // The History filter's rules: one tag, a name.
        (
            &["list", "--tag", "two words"],
            "a tag is one word, e.g. #growth (--tag)",
        ),
        (
            &["list", "--person", "@"],
            "a person needs a name, e.g. @Sam (--person)",
        ),
    ];
    for (args, message) in cases {
        env.bearing()
            .args(*args)
            .write_stdin("")
            .assert()
            .failure()
            .stdout("")
            .stderr(predicate::str::contains(*message));
    }
    env.bearing()
        .arg("reflect")
        .write_stdin("\n\n")
        .assert()
        .failure()
        .stderr(predicate::str::contains("empty"));
    env.bearing()
        .args(["list", "--kind", "diary"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("diary"));
    env.bearing().arg("frobnicate").assert().code(2);
    assert_eq!(env.list_json(&[]).len(), 1);
}

#[test]
fn a_huge_paste_on_stdin_is_refused() {
    let env = Env::new();
    env.bearing()
        .arg("reflect")
        .write_stdin("x".repeat(300 * 1024))
        .assert()
        .failure()
        .stderr(predicate::str::contains("too long"));
    assert!(
        !env.db().exists(),
        "nothing was saved, and no journal was made"
    );
}

#[test]
fn a_file_that_is_not_a_journal_is_refused_untouched() {
    let env = Env::new();
    let notes = env.dir.path().join("notes.txt");
    fs::write(&notes, "my private notes\n").unwrap();
    env.bearing()
        .args(["reflect", "hello"])
        .env("BEARING_DB", &notes)
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("not a bearing journal")
                .and(predicate::str::contains("untouched")),
        );
    assert_eq!(bytes(&notes), b"my private notes\n");
    // --db wins over BEARING_DB.
    env.bearing()
        .args(["reflect", "hello", "--db"])
        .arg(env.dir.path().join("other.db"))
        .assert()
        .success();
}

#[cfg(unix)]
#[test]
fn the_journal_created_by_the_cli_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.reflect(&["private"]);
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&env.db()), 0o600);
    assert_eq!(mode(env.db().parent().unwrap()), 0o700);
}

#[test]
fn the_default_journal_lives_in_the_platform_data_dir() {
    let env = Env::new();
    let mut cmd = env.bearing();
    cmd.env_remove("BEARING_DB")
        .env("XDG_DATA_HOME", env.dir.path().join("xdg"));
    cmd.args(["reflect", "found where expected"])
        .assert()
        .success();
    assert!(env.dir.path().join("xdg/bearing/journal.db").exists());
}

#[test]
fn config_shows_paths_and_the_effective_configuration() {
    let env = Env::new();
    env.bearing()
        .arg("config")
        .assert()
        .success()
        .stdout(predicate::str::contains(env.db().display().to_string()))
        .stdout(predicate::str::contains("created on first use"))
        .stdout(predicate::str::contains("managing = 60"))
        .stdout(predicate::str::contains("first_day = \"monday\""));
    assert!(
        !env.db().exists(),
        "showing the config does not create the journal"
    );

    fs::create_dir_all(env.config().parent().unwrap()).unwrap();
    fs::write(env.config(), "[target]\nmanaging = 70\nleading = 30\n").unwrap();
    let out = env.bearing().args(["config", "--json"]).output().unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["config"]["target"]["leading"], 30);
    assert_eq!(json["config"]["workday"]["start"], "07:00");
    assert_eq!(json["config_file_exists"], true);
}

#[test]
fn a_broken_config_names_the_line_and_stops_everything() {
    let env = Env::new();
    fs::create_dir_all(env.config().parent().unwrap()).unwrap();
    fs::write(
        env.config(),
        "[target]\nmanaging = 60\nleading = 40\n\n[week]\nfirst_day = \"funday\"\n",
    )
    .unwrap();
    for args in [&["config"][..], &["list"], &["reflect", "x"]] {
        env.bearing()
            .args(args)
            .assert()
            .failure()
            .stderr(predicate::str::contains("line 6").and(predicate::str::contains("funday")));
    }
    assert!(!env.db().exists());
    env.bearing()
        .args(["config", "--config"])
        .arg(env.dir.path().join("missing.toml"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot read the config file"));
}

#[test]
fn search_finds_reflections_and_conversations_ranked_with_snippets() {
    let env = Env::new();
    env.reflect(&[
        "--at",
        "2026-11-02 09:00",
        "Explained the why behind the migration to the team",
    ]);
    env.reflect(&[
        "--at",
        "2026-11-03 09:00",
        "Migration again: migration plan, migration risks, migration owners",
    ]);
    env.reflect(&["--at", "2026-11-04 09:00", "Celebrated a small win"]);
    env.ok(&[
        "convo",
        "add",
        "--new-person",
        "--with",
        "Sam",
        "--topic",
        "Migration ownership",
    ]);
    let hits = env.json(&["search", "migration", "--json"]);
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 3);
    assert_eq!(hits[0]["id"], 2, "the entry that says it most ranks first");
    assert!(hits[0]["snippet"].as_str().unwrap().contains("[Migration]"));
    assert!(
        hits.iter()
            .any(|h| h["kind"] == "conversation" && h["id"] == 1)
    );
    assert_eq!(
        hits.iter()
            .find(|h| h["kind"] == "reflection" && h["id"] == 1)
            .unwrap()["day"],
        "2026-11-02"
    );
    // Each hit's stable id is its entry's or conversation's, as `list` and `convo list`
    // show it.
    let entries = env.list_json(&[]);
    let convos = env.json(&["convo", "list", "--json"]);
    for h in hits {
        let sid = random_sid(h);
        let of = if h["kind"] == "conversation" {
            convos.as_array().unwrap()
        } else {
            &entries
        };
        let row = of.iter().find(|r| r["id"] == h["id"]).unwrap();
        assert_eq!(row["sid"], sid, "{h}");
    }
    let phrase = env.json(&["search", "\"small win\"", "--json"]);
    assert_eq!(phrase.as_array().unwrap().len(), 1);
    let prefix = env.json(&["search", "celebr*", "--json"]);
    assert_eq!(prefix[0]["id"], 3);
    env.bearing()
        .args(["search", "nothing-like-this"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing matches"));
    // Operators and stray quotes are words, not syntax errors; nothing at all is refused.
    env.bearing()
        .args(["search", "AND", "(", "\"unclosed"])
        .assert()
        .success();
    env.bearing()
        .args(["search", "***"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("nothing to search for"));
    env.bearing().arg("search").assert().code(2);
}

#[cfg(unix)]
#[test]
fn backup_copies_the_journal_privately_and_never_overwrites() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.reflect(&["kept safe in the backup #backup"]);
    let copy = env.dir.path().join("backup.db");
    env.ok(&["backup", copy.to_str().unwrap()]);
    assert_eq!(
        fs::metadata(&copy).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let from_copy = env
        .bearing()
        .args(["list", "--json", "--db"])
        .arg(&copy)
        .output()
        .unwrap();
    let entries: Value = serde_json::from_slice(&from_copy.stdout).unwrap();
    assert_eq!(entries[0]["body"], "kept safe in the backup #backup");
    let before = bytes(&copy);
    env.bearing()
        .args(["backup", copy.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot back up"));
    assert_eq!(
        bytes(&copy),
        before,
        "an existing file is never overwritten"
    );
}

#[test]
fn bearing_now_pins_the_clock_and_a_bad_value_is_refused() {
    let env = Env::at("2030-01-09T10:00:00+01:00");
    env.reflect(&["written", "at", "the", "pinned", "time"]);
    let entries = env.list_json(&[]);
    assert_eq!(entries[0]["at"], "2030-01-09T10:00:00+01:00");
    // Local "YYYY-MM-DD HH:MM" is read in TZ.
    env.bearing()
        .env("BEARING_NOW", "2030-07-01 08:15")
        .args(["reflect", "summer"])
        .assert()
        .success();
    assert_eq!(env.list_json(&[])[1]["at"], "2030-07-01T08:15:00+02:00");
    for bad in ["soon", "2030-02-30 10:00", ""] {
        env.bearing()
            .env("BEARING_NOW", bad)
            .arg("list")
            .assert()
            .failure()
            .stdout("")
            .stderr(predicate::str::contains("BEARING_NOW"));
    }
}

#[test]
fn dates_in_plain_words_resolve_against_now_and_are_echoed() {
    // Sunday 22 November 2026, 10:00.
    let env = Env::new();
    env.bearing()
        .args([
            "block",
            "add",
            "Vision",
            "--start",
            "tomorrow 9:00",
            "--minutes",
            "60",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("Mon 23 Nov 2026 09:00"));
    let week = env.json(&["block", "list", "--week", "tomorrow", "--json"]);
    assert_eq!(week[0]["start"], "2026-11-23T09:00:00+01:00");
    env.ok(&["reflect", "--at", "yesterday 17:30", "looking back"]);
    assert_eq!(env.list_json(&[])[0]["at"], "2026-11-21T17:30:00+01:00");
    env.ok(&[
        "convo",
        "add",
        "--new-person",
        "--with",
        "Sam",
        "--topic",
        "Growth",
        "--on",
        "next tue 14:00",
    ]);
    let c = env.json(&["convo", "show", "1", "--json"]);
    assert_eq!(c["planned_at"], "2026-11-24T14:00:00+01:00");
    env.ok(&["convo", "held", "1", "--at", "now"]);
    env.bearing()
        .args(["convo", "followup", "1", "--on", "in 2 weeks"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Sun 6 Dec 2026"));
    // ISO keeps working and is not echoed; bad phrases are clear errors.
    env.bearing()
        .args(["list", "--from", "2026-11-01"])
        .assert()
        .success()
        .stderr("");
    for (args, message) in [
        (&["list", "--from", "someday"][..], "not a date"),
        (&["list", "--from", "03/04/2026"], "ambiguous"),
        (
            &["block", "add", "X", "--start", "fri", "--minutes", "60"],
            "no time of day",
        ),
        (
            &[
                "block",
                "add",
                "X",
                "--start",
                "fri 25:00",
                "--minutes",
                "60",
            ],
            "not a date and time",
        ),
        (
            &[
                "block",
                "add",
                "X",
                "--start",
                "0001-01-01 09:00",
                "--minutes",
                "60",
                "--weekly",
            ],
            "too far off",
        ),
    ] {
        env.bearing()
            .args(args)
            .assert()
            .failure()
            .stderr(predicate::str::contains(message));
    }
    assert_eq!(
        env.json(&["block", "list", "--week", "2026-11-23", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn search_cuts_nothing_silently() {
    let env = Env::new();
    for i in 0..23 {
        env.reflect(&["Delegated", "the", "roadmap", "part", &i.to_string()]);
    }
    let text = env.ok(&["search", "roadmap"]);
    assert_eq!(
        text.lines().filter(|l| l.contains("roadmap")).count(),
        20,
        "{text}"
    );
    assert!(
        text.ends_with("… and 3 more (of 23); see them with --limit 23, or all as --json.\n"),
        "{text}"
    );
    let all = env.json(&["search", "roadmap", "--json"]);
    assert_eq!(all.as_array().unwrap().len(), 23, "JSON has every match");
    let three = env.json(&["search", "roadmap", "--json", "--limit", "3"]);
    assert_eq!(three.as_array().unwrap().len(), 3);
    let text = env.ok(&["search", "roadmap", "--limit", "23"]);
    assert!(!text.contains("more"), "{text}");
    env.bearing()
        .args(["search", "roadmap", "--limit", "0"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--limit"));
}

/// Runs `bearing ARGS` with its standard output or error already closed by the reader.
fn with_closed(env: &Env, args: &[&str], close_stdout: bool) -> std::process::Output {
    use std::process::Stdio;
    let mut child = env
        .process()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if close_stdout {
        drop(child.stdout.take());
    } else {
        drop(child.stderr.take());
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let env = Env::new();
    for i in 0..50 {
        env.reflect(&["entry", &i.to_string()]);
    }
    // `bearing list | head -1`: the reader is gone; no message, no failure.
    let out = with_closed(&env, &["list"], true);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    // `bearing list 2>&1 | head`: a closed standard error is no panic (exit 101).
    let out = with_closed(&env, &["list", "--from", "someday"], false);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let out = with_closed(&env, &["list", "--from", "yesterday"], false);
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn block_export_never_overwrites_unless_forced_and_rm_from_checks_the_start() {
    let env = Env::new();
    env.ok(&[
        "block",
        "add",
        "Vision",
        "--start",
        "2026-11-24 09:00",
        "--minutes",
        "120",
        "--weekly",
    ]);
    let file = env.dir.path().join("blocks.ics");
    fs::write(&file, "keep me").unwrap();
    let home = env.dir.path().to_str().unwrap().to_string();
    let no_temp_names = move |s: &str| !s.replace(&home, "HOME").contains(".tmp");
    env.bearing()
        .args(["block", "export", "--out", file.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists; pass --force"))
        .stderr(predicate::function(no_temp_names.clone()));
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep me");
    env.bearing()
        .args([
            "block",
            "export",
            "--out",
            file.to_str().unwrap(),
            "--force",
        ])
        .assert()
        .success()
        .stderr("Wrote 1 block to ".to_string() + file.to_str().unwrap() + ".\n");
    assert!(
        fs::read_to_string(&file)
            .unwrap()
            .starts_with("BEGIN:VCALENDAR")
    );
    let missing_dir = env.dir.path().join("no/such/dir/blocks.ics");
    env.bearing()
        .args(["block", "export", "--out", missing_dir.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot write"))
        .stderr(predicate::function(no_temp_names));
    // --from on or before the first occurrence would delete everything: refused.
    env.bearing()
        .args(["block", "rm", "1", "--from", "2026-11-20"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("run `bearing block rm 1`"));
    assert_eq!(
        env.json(&["block", "list", "--week", "2026-11-24", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Minutes that are not a number say so.
    env.bearing()
        .args([
            "block",
            "add",
            "X",
            "--start",
            "2026-11-25 09:00",
            "--minutes",
            "lots",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "'lots' is not a number of minutes",
        ));
    env.bearing()
        .args([
            "block",
            "mark",
            "1",
            "--on",
            "2026-11-24",
            "partly",
            "--minutes",
            "abc",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not a number"));
    env.bearing()
        .args([
            "block",
            "mark",
            "1",
            "--on",
            "2026-11-24",
            "partly",
            "--minutes",
            "45",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("as partly kept"));
}

#[test]
fn completions_man_and_a_quiet_main_help() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        env.bearing()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("reflect"));
    }
    env.bearing()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(".ie"))
        .stdout(predicate::str::contains(".TH bearing"));
    let help = env.ok(&["--help"]);
    assert!(
        help.contains("completions") && help.contains("man"),
        "{help}"
    );
    assert!(
        !help.contains("render-once") && !help.contains("\n  dev "),
        "{help}"
    );
    // Still there for developers.
    env.bearing().args(["dev", "--help"]).assert().success();
    env.bearing()
        .args(["--render-once", "today", "--size", "65535x65535"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("too large"));
    assert!(!env.db().exists(), "completions and man need no journal");
}

#[test]
fn without_a_terminal_the_interface_says_what_to_use_instead() {
    let env = Env::new();
    env.bearing()
        .write_stdin("")
        .assert()
        .failure()
        .stderr(predicate::str::contains("needs a terminal"))
        .stderr(predicate::str::contains("bearing reflect"))
        .stderr(predicate::str::contains("os error").not());
}

/// The editor's folder and file are the user's alone even with a permissive umask, and
/// an editor that saves by writing a new file and renaming it over the old one leaves a
/// private file too (bearing's umask is 077). With `XDG_RUNTIME_DIR` set to a private
/// folder, the file lives there.
#[cfg(unix)]
#[test]
fn the_editors_folder_and_file_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let runtime = env.dir.path().join("runtime");
    fs::create_dir(&runtime).unwrap();
    fs::set_permissions(&runtime, fs::Permissions::from_mode(0o700)).unwrap();
    let seen = env.dir.path().join("seen");
    let script = env.dir.path().join("renaming-editor.sh");
    fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf 'Saved by rename\\n' > \"$1.new\" && mv \"$1.new\" \"$1\"\nstat -c '%a %n' \"$(dirname \"$1\")\" \"$1\" > {}\n",
            seen.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    let shell = format!(
        "umask 000; exec {} reflect --edit",
        assert_cmd::cargo::cargo_bin("bearing").display()
    );
    let status = std::process::Command::new("sh")
        .args(["-c", &shell])
        .env_clear()
        .envs(env.vars())
        .env("EDITOR", &script)
        .env("XDG_RUNTIME_DIR", &runtime)
        .status()
        .unwrap();
    assert!(status.success());
    let seen = fs::read_to_string(&seen).unwrap();
    let modes: Vec<(&str, &str)> = seen.lines().filter_map(|l| l.split_once(' ')).collect();
    assert_eq!(modes.len(), 2, "{seen}");
    assert_eq!((modes[0].0, modes[1].0), ("700", "600"), "{seen}");
    assert!(modes[0].1.starts_with(runtime.to_str().unwrap()), "{seen}");
    assert_eq!(env.list_json(&[])[0]["body"], "Saved by rename");
}
