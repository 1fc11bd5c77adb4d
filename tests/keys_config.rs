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
