//! Text in and out of the real binary: JSON times, text written in `$EDITOR` (never thrown
//! away), piped text at the size limit, escape sequences that must never reach the
//! terminal, and text that starts with a dash.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use std::fs;

use bearing::testkit::{Env, Event, Ics, random_sid};
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn json_times_are_local_with_their_offset_in_whole_seconds() {
    let env = Env::at("2026-11-22T09:00:00.123456789Z");
    env.reflect(&["written", "at", "a", "fraction", "of", "a", "second"]);
    assert_eq!(env.list_json(&[])[0]["at"], "2026-11-22T10:00:00+01:00");
    let ics = Ics::new()
        .event(
            Event::new("u1")
                .summary("Mystery meeting")
                .start("20261123T080000Z")
                .end("20261123T090000Z"),
        )
        .build();
    env.bearing()
        .args(["import", "-", "--calendar", "work"])
        .write_stdin(ics)
        .assert()
        .success();
    let audit = env.json(&["audit", "--week", "2026-11-23", "--json"]);
    assert_eq!(
        audit["unclassified"][0]["start"],
        "2026-11-23T09:00:00+01:00"
    );
}

/// The file a message says the text is kept in.
fn kept_file(stderr: &str) -> std::path::PathBuf {
    let at = stderr
        .find("kept in ")
        .expect("names where the text is kept")
        + "kept in ".len();
    let rest = &stderr[at..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == ')')
        .unwrap_or(rest.len());
    std::path::PathBuf::from(&rest[..end])
}

#[cfg(unix)]
#[test]
fn text_written_in_the_editor_is_never_thrown_away() {
    let env = Env::new();
    let tmp = env.tmp();
    let run = |script: &std::path::Path, args: &[&str]| {
        env.bearing()
            .args(args)
            .env("EDITOR", script)
            .env("TMPDIR", &tmp)
            .output()
            .unwrap()
    };
    // Saved, then the editor failed: the text is kept and the message says where.
    let failing = env.editor_script("fails.sh", "printf 'Half a thought' > \"$1\"; exit 3");
    let out = run(&failing, &["reflect", "--edit"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        fs::read_to_string(kept_file(&stderr)).unwrap(),
        "Half a thought"
    );
    assert!(
        !env.db().exists(),
        "nothing was saved, and no journal was made"
    );
    // Bytes that are not UTF-8 are read lossily, said so, and the original kept.
    let latin1 = env.editor_script("latin1.sh", "printf 'Caf\\351 with @Sam' > \"$1\"");
    let out = run(&latin1, &["reflect", "--edit"]);
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("not UTF-8"), "{stderr}");
    assert_eq!(fs::read(kept_file(&stderr)).unwrap(), b"Caf\xe9 with @Sam");
    assert_eq!(env.list_json(&[])[0]["body"], "Caf\u{fffd} with @Sam");
    // More than an entry holds: refused, kept.
    let huge = env.editor_script(
        "huge.sh",
        "head -c 300000 /dev/zero | tr '\\0' 'a' > \"$1\"",
    );
    let out = run(&huge, &["reflect", "--edit"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(fs::metadata(kept_file(&stderr)).unwrap().len(), 300_000);
    assert_eq!(env.list_json(&[]).len(), 1);
    // A conversation edited without its headings: nothing saved, nothing lost.
    env.ok(&[
        "convo",
        "add",
        "--new-person",
        "--with",
        "Sam",
        "--topic",
        "Estimates",
    ]);
    let flat = env.editor_script("flat.sh", "printf 'Just my notes, no headings\\n' > \"$1\"");
    let out = run(&flat, &["convo", "edit", "1"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("under no '## ' heading"), "{stderr}");
    assert_eq!(
        fs::read_to_string(kept_file(&stderr)).unwrap(),
        "Just my notes, no headings\n"
    );
    // Files kept are private.
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(kept_file(&stderr))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn piped_text_just_over_the_limit_is_refused_not_cut() {
    let env = Env::new();
    // 256 KB of text and one more byte, a newline: trimming must not make it fit.
    let mut text = "a".repeat(256 * 1024);
    text.push('\n');
    env.bearing()
        .arg("reflect")
        .write_stdin(text)
        .assert()
        .failure()
        .stderr(predicate::str::contains("too long"));
    assert!(
        !env.db().exists(),
        "nothing was saved, and no journal was made"
    );
    let fits = "b".repeat(256 * 1024);
    env.bearing()
        .arg("reflect")
        .write_stdin(fits)
        .assert()
        .success();
}

#[test]
fn escape_sequences_in_titles_and_text_never_reach_the_terminal() {
    let env = Env::new();
    // Anyone who sends an invitation controls its title.
    let evil = "Sync \u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\r";
    let ics = format!(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:e1\nSUMMARY:{evil}\nDTSTART:20261123T080000Z\nDTEND:20261123T090000Z\nEND:VEVENT\nEND:VCALENDAR\n"
    );
    env.bearing()
        .args(["import", "-", "--calendar", "work"])
        .write_stdin(ics)
        .assert()
        .success();
    env.ok(&["reflect", &format!("Noted {evil} #sync")]);
    env.ok(&[
        "convo",
        "add",
        "--new-person",
        "--with",
        "Sam",
        "--topic",
        evil,
    ]);
    env.ok(&[
        "block",
        "add",
        evil,
        "--start",
        "2026-11-24 09:00",
        "--minutes",
        "60",
    ]);
    let no_raw_controls = |out: &[u8]| {
        let text = String::from_utf8(out.to_vec()).unwrap();
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{text:?}"
        );
        text
    };
    for args in [
        &["audit", "--week", "2026-11-23"][..],
        &["audit", "--week", "2026-11-23", "--json"],
        &["list"],
        &["list", "--json"],
        &["search", "sync"],
        &["search", "sync", "--json"],
        &["convo", "list"],
        &["convo", "list", "--json"],
        &["block", "list", "--week", "2026-11-24"],
        &["block", "list", "--week", "2026-11-24", "--json"],
        &["export", "--format", "markdown"],
        &["export", "--format", "json"],
    ] {
        let out = env.bearing().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let text = no_raw_controls(&out.stdout);
        no_raw_controls(&out.stderr);
        assert!(text.contains("\\u001b"), "{args:?}: {text}");
        if args.contains(&"--json") {
            // Still JSON, and reading it back gives the text as written.
            let v: Value = serde_json::from_str(&text).unwrap();
            assert!(v.to_string().contains("\\u001b]0;pwned"), "{args:?}");
        }
    }
    // Errors quoting what was typed are made visible too.
    let out = env
        .bearing()
        .args(["list", "--tag", "x", "--from", "\u{1b}[2J"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = no_raw_controls(&out.stderr);
    assert!(err.contains("\\u001b[2J"), "{err}");
}

/// Free text may start with a dash, as a list or checklist does: an option's text is
/// taken as it is, and a reflection's after `--` (as its help says), with the options
/// around it still read as options.
#[test]
fn text_that_starts_with_a_dash_is_kept_as_text() {
    let env = Env::new();
    env.ok(&[
        "delegate",
        "--new-person",
        "--to",
        "Sam",
        "--task",
        "- draft the plan",
        "--done",
        "- shipped, - reviewed",
        "--authority",
        "-decide, then tell me",
    ]);
    let d = &env.json(&["delegate", "list", "--json"])[0];
    assert_eq!(d["task"], "- draft the plan");
    assert_eq!(d["done_looks_like"], "- shipped, - reviewed");
    assert_eq!(d["authority"], "-decide, then tell me");
    env.ok(&[
        "block",
        "add",
        "Vision work",
        "--start",
        "2026-11-24 09:00",
        "--minutes",
        "120",
        "--why",
        "- the roadmap needs it",
    ]);
    let blocks = env.json(&["block", "list", "--week", "2026-11-24", "--json"]);
    assert_eq!(blocks[0]["intention"], "- the roadmap needs it", "{blocks}");
    // A text left out is not filled with the next option, which would be lost.
    for args in [
        &[
            "block",
            "add",
            "Vision",
            "--start",
            "2026-11-24 09:00",
            "--minutes",
            "120",
            "--why",
            "--weekly",
        ][..],
        &[
            "delegate",
            "--new-person",
            "--to",
            "Sam",
            "--task",
            "t",
            "--done",
            "--help",
        ],
        &[
            "delegate",
            "--new-person",
            "--to",
            "Sam",
            "--task",
            "-e",
            "--done",
            "d",
        ],
    ] {
        env.bearing()
            .args(args)
            .assert()
            .failure()
            .stderr(predicate::str::contains("is an option, not text"));
    }
    assert_eq!(
        env.json(&["block", "list", "--week", "2026-11-24", "--json"]),
        blocks
    );
    assert_eq!(
        env.json(&["delegate", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let id = env.json(&[
        "reflect",
        "--json",
        "--kind",
        "note",
        "--",
        "- [ ] call Sam",
    ]);
    let entries = env.list_json(&[]);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["id"], id["id"]);
    assert_eq!(entries[0]["sid"], random_sid(&id));
    assert_eq!(entries[0]["body"], "- [ ] call Sam");
    assert_eq!(entries[0]["kind"], "note");
    env.bearing()
        .args(["reflect", "- [ ] call Sam"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("use '-- "));
    let help = env.ok(&["reflect", "--help"]);
    assert!(
        help.contains("bearing reflect -- \"- [ ] call Sam\""),
        "{help}"
    );
}
