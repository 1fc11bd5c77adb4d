//! `bearing account` and `bearing block publish` with wrong input, no server needed:
//! each refusal names what is wrong and its flag, exits non-zero, and adds nothing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use bearing::testkit::Env;

#[test]
fn wrong_account_input_is_refused_in_words_and_adds_nothing() {
    let env = Env::new();
    env.reflect(&["A journal to hold accounts"]);
    let cases: [(&[&str], &str); 7] = [
        (
            &[
                "account",
                "add",
                "x",
                "--url",
                "",
                "--user",
                "me",
                "--password-command",
                "echo s",
            ],
            "give the server's address, or just its host (--url)",
        ),
        (
            &[
                "account",
                "add",
                "x",
                "--url",
                "ftp://h",
                "--user",
                "me",
                "--password-command",
                "echo s",
            ],
            "ftp://h is not an http(s) server address (--url)",
        ),
        (
            &[
                "account",
                "add",
                "x",
                "--url",
                "h",
                "--user",
                " ",
                "--password-command",
                "echo s",
            ],
            "give your user name on the server (--user)",
        ),
        (
            &["account", "add", "x", "--url", "h", "--user", "me"],
            "give a command that prints the password (or an app password) (--password-command)",
        ),
        (
            &[
                "account",
                "add",
                "x",
                "--url",
                "h",
                "--user",
                "me",
                "--password-command",
                "false",
            ],
            "the password command 'false' failed",
        ),
        (
            &[
                "account",
                "add",
                "a:b",
                "--url",
                "h",
                "--user",
                "me",
                "--password-command",
                "echo s",
            ],
            "may not hold ':'",
        ),
        (
            &[
                "account",
                "add",
                "x",
                "--url",
                "http://127.0.0.1:9",
                "--user",
                "me",
                "--password-command",
                "echo s",
            ],
            "127.0.0.1",
        ),
    ];
    for (args, says) in cases {
        let stderr = env.fails(args);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(!stderr.contains("echo s"), "{stderr}");
    }
    assert_eq!(
        env.json(&["account", "list", "--json"]),
        serde_json::json!([])
    );
    for (args, says) in [
        (
            &["account", "use", "nope", "Work", "--for", "read"][..],
            "there is no account 'nope'",
        ),
        (&["account", "rm", "nope"][..], "there is no account 'nope'"),
        (
            &["account", "resolve", "4", "--keep", "mine"][..],
            "there is no conflict 4",
        ),
        (&["block", "publish", "9"][..], "there is no block 9"),
    ] {
        let stderr = env.fails(args);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    // A block, but no calendar receives blocks yet: says how to choose one.
    env.ok(&[
        "block",
        "add",
        "Vision work",
        "--start",
        "2026-11-24 09:00",
        "--minutes",
        "60",
    ]);
    let stderr = env.fails(&["block", "publish", "1"]);
    assert!(
        stderr.contains("bearing account use NAME CALENDAR --for blocks"),
        "{stderr}"
    );
    let stderr = env.fails(&["block", "publish", "1", "--stop"]);
    assert!(stderr.contains("is not published"), "{stderr}");
    assert!(env.ok(&["account", "conflicts"]).contains("No conflicts"));
}
