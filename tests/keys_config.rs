//! `[keys.*]` in config.toml: the interface refuses, before it starts, keys it cannot
//! use, naming the file and the line; good keys change the keys drawn on the screen.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use assert_cmd::Command;
use predicates::prelude::*;

fn bearing(dir: &std::path::Path, config: &str) -> Command {
    let path = dir.join("config.toml");
    std::fs::write(&path, config).unwrap();
    let mut cmd = Command::cargo_bin("bearing").unwrap();
    cmd.env("BEARING_NOW", "2026-11-22 10:00")
        .env("TZ", "Europe/Berlin")
        .arg("--config")
        .arg(&path)
        .arg("--db")
        .arg(dir.join("journal.db"));
    cmd
}

#[test]
fn keys_that_cannot_be_used_are_refused_by_their_line() {
    let dir = tempfile::tempdir().unwrap();
    for (config, words) in [
        (
            "[keys.week]\nnew_block = \"n\"\n",
            "line 2: n would be both",
        ),
        (
            "\n\n[keys.week]\nnew_blok = \"B\"\n",
            "line 4: 'new_blok' is not an action of [keys.week]",
        ),
        (
            "[keys.weak]\nnew_block = \"B\"\n",
            "line 2: [keys.weak] is not a part",
        ),
        (
            "[keys.week]\nnew_block = \"ctrl-\"\n",
            "line 2: [keys.week] new_block: 'ctrl-' is not a key",
        ),
    ] {
        bearing(dir.path(), config)
            .args(["--render-once", "week", "--size", "80x24"])
            .assert()
            .failure()
            .stderr(
                predicate::str::contains("config.toml, line").and(predicate::str::contains(words)),
            );
    }
}

#[test]
fn a_rebound_key_is_the_one_the_screen_shows() {
    let dir = tempfile::tempdir().unwrap();
    bearing(dir.path(), "[keys.week]\nnew_block = \"B\"\n")
        .args(["--render-once", "week", "--size", "120x30"])
        .assert()
        .success()
        .stdout(predicate::str::contains("B new block"));
}

#[test]
fn config_keys_prints_the_keys_in_effect_and_refuses_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let out = bearing(dir.path(), "[keys.week]\nnew_block = [\"B\", \"f2\"]\n")
        .args(["config", "--keys"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("[keys.week]\n"), "{text}");
    assert!(
        text.contains("new_block = [\"B\", \"f2\"]  # new block at the cursor"),
        "{text}"
    );
    assert!(text.contains("delegate = [\"D\"]"), "{text}");
    // What it prints, used as the config file, is taken as it is.
    let again = bearing(dir.path(), &text)
        .args(["config", "--keys", "--json"])
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(
        json["week"]["new_block"]["keys"],
        serde_json::json!(["B", "f2"])
    );
    assert_eq!(
        json["global"]["quit"]["keys"],
        serde_json::json!(["q", "ctrl-c"])
    );
    bearing(dir.path(), "[keys.week]\nnew_block = \"n\"\n")
        .args(["config", "--keys"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("line 2: n would be both"));
}
