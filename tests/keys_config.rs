//! `[keys.*]` in config.toml: the interface refuses, before it starts, keys it cannot
//! use, naming the file and the line; good keys change the keys drawn on the screen.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use assert_cmd::Command;
use bearing::testkit::Env;
use predicates::prelude::*;

/// `bearing` in `env` (its "now" Sunday 22 November 2026, 10:00 in Berlin) with `config`
/// as its named config file.
fn bearing(env: &Env, config: &str) -> Command {
    let path = env.dir.path().join("config.toml");
    std::fs::write(&path, config).unwrap();
    let mut cmd = env.bearing();
    cmd.arg("--config").arg(&path);
    cmd
}

#[test]
fn keys_that_cannot_be_used_are_refused_by_their_line() {
    let env = Env::new();
    for (config, words) in [
        (
            "[keys.week]\nnew_block = \"n\"\nnext_item = \"n\"\n",
            "n would be both",
        ),
        (
            "[keys.week]\nnew_block = \"q\"\n",
            "line 2: q would be both",
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
        bearing(&env, config)
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
    let env = Env::new();
    bearing(&env, "[keys.week]\nnew_block = \"B\"\n")
        .args(["--render-once", "week", "--size", "120x30"])
        .assert()
        .success()
        .stdout(predicate::str::contains("B new block"));
}

#[test]
fn config_keys_prints_the_keys_in_effect_and_refuses_a_conflict() {
    let env = Env::new();
    let out = bearing(&env, "[keys.week]\nnew_block = [\"B\", \"f2\"]\n")
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
    let again = bearing(&env, &text)
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
    bearing(&env, "[keys.week]\nnew_block = \"q\"\n")
        .args(["config", "--keys"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("line 2: q would be both"));
    // A key bound on a screen is taken from that screen's default that had it: a
    // go-to-date bound to g before g meant "newest" on History keeps working.
    let moved = bearing(&env, "[keys.history]\ngo_to_date = \"g\"\n")
        .args(["config", "--keys", "--json"])
        .output()
        .unwrap();
    assert!(
        moved.status.success(),
        "{}",
        String::from_utf8_lossy(&moved.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&moved.stdout).unwrap();
    assert_eq!(
        json["history"]["go_to_date"]["keys"],
        serde_json::json!(["g"])
    );
    assert_eq!(
        json["history"]["newest"]["keys"],
        serde_json::json!(["home"])
    );
}

/// The README's key tables for each screen name only keys that screen has (or every
/// screen has): a manual that drifts from the keys sends a user to a key that does
/// nothing.
#[test]
fn every_key_the_readme_names_for_a_screen_is_bound_there() {
    let env = Env::new();
    let out = bearing(&env, "")
        .args(["config", "--keys", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let keys: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let bound = |table: &str| -> Vec<String> {
        keys[table]
            .as_object()
            .unwrap()
            .values()
            .flat_map(|b| b["keys"].as_array().unwrap().iter())
            .map(|k| k.as_str().unwrap().to_string())
            .collect()
    };
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut checked = 0;
    let mut table: Option<String> = None;
    for line in readme.lines() {
        if let Some(rest) = line.strip_prefix("| Key | On the ") {
            table = rest.strip_suffix(" screen |").map(str::to_lowercase);
            continue;
        }
        let Some(name) = &table else { continue };
        if !line.starts_with('|') {
            table = None;
            continue;
        }
        let first = line.split('|').nth(1).unwrap_or_default();
        let mut here = bound(name);
        here.extend(bound("global"));
        for key in first.split('`').skip(1).step_by(2) {
            let key = match key {
                "↓" => "down".to_string(),
                "↑" => "up".to_string(),
                "←" => "left".to_string(),
                "→" => "right".to_string(),
                "PgDn" => "pagedown".to_string(),
                "PgUp" => "pageup".to_string(),
                k if k.chars().count() > 1 => k.to_lowercase(),
                k => k.to_string(),
            };
            checked += 1;
            assert!(
                here.contains(&key),
                "README: `{key}` on the {name} screen is not bound there: {line}"
            );
        }
    }
    assert!(checked > 40, "the README's key tables were read: {checked}");
}
