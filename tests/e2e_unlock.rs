//! The interface's own passphrase prompt, in a pseudo-terminal: an encrypted journal is
//! unlocked before the first frame (a wrong passphrase can be typed again, an empty one
//! quits), and the first run offers to make the journal encrypted.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use bearing::testkit::{Env, PASSPHRASE};

fn header(env: &Env) -> Vec<u8> {
    std::fs::read(env.db()).unwrap()[..16].to_vec()
}

#[test]
fn the_interface_asks_for_the_passphrase_before_its_first_frame_and_a_wrong_one_can_be_retried() {
    let env = Env::encrypted();
    env.reflect(&["Written before, encrypted"]);
    let before = std::fs::read(env.db()).unwrap();
    let mut ui = env.interface();
    ui.wait_for("is encrypted.");
    ui.wait_for("Passphrase (empty to quit):");
    assert!(!ui.text().contains("Prompt of the day"), "no frame yet");
    ui.send("not the passphrase\r");
    ui.wait_for("That passphrase does not open the journal. Try again.");
    assert!(
        !ui.text().contains("not the passphrase"),
        "typing is not echoed"
    );
    assert_eq!(std::fs::read(env.db()).unwrap(), before, "unchanged");
    ui.send(&format!("{PASSPHRASE}\r"));
    ui.wait_for("Prompt of the day");
    ui.send("i");
    ui.wait_for("WRITING");
    ui.send("Typed after unlocking #e2e");
    ui.wait_for("after unlocking");
    ui.send("\x13"); // Ctrl-S
    ui.wait_for("Saved reflection #2");
    ui.send("q");
    assert!(ui.wait_exit(), "bearing exited with an error");
    let bodies: Vec<String> = env
        .list_json(&[])
        .iter()
        .map(|e| e["body"].as_str().unwrap().to_string())
        .collect();
    assert!(
        bodies.contains(&"Typed after unlocking #e2e".to_string()),
        "{bodies:?}"
    );
    assert_ne!(header(&env), b"SQLite format 3\0");
}

#[test]
fn an_empty_passphrase_quits_and_leaves_the_journal_locked() {
    let env = Env::encrypted();
    env.reflect(&["locked away"]);
    let before = std::fs::read(env.db()).unwrap();
    let mut ui = env.interface();
    ui.wait_for("Passphrase (empty to quit):");
    ui.send("\r");
    ui.wait_for("stays locked");
    assert!(
        !ui.wait_exit(),
        "quitting without the passphrase is a failure"
    );
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
}

#[test]
fn the_first_run_offers_to_encrypt_the_new_journal() {
    let env = Env::encrypted();
    assert!(!env.db().exists());
    let mut ui = env.interface();
    ui.wait_for("there is no journal at");
    ui.wait_for("Encrypt it with a passphrase?");
    ui.send("y\r");
    ui.wait_for("New passphrase:");
    ui.send(&format!("{PASSPHRASE}\r"));
    ui.wait_for("The same again:");
    ui.send("a typo\r");
    ui.wait_for("The two differ; once more.");
    ui.send(&format!("{PASSPHRASE}\r"));
    ui.wait_for("The same again:");
    ui.send(&format!("{PASSPHRASE}\r"));
    ui.wait_for("Prompt of the day");
    ui.send("q");
    assert!(ui.wait_exit());
    assert_ne!(header(&env), b"SQLite format 3\0");
    // The passphrase typed opens it.
    assert!(env.list_json(&[]).is_empty());

    // Declined, the journal is plain.
    let plain = Env::new();
    let mut ui = plain.interface();
    ui.wait_for("Encrypt it with a passphrase?");
    ui.send("\r");
    ui.wait_for("Prompt of the day");
    ui.send("q");
    assert!(ui.wait_exit());
    assert_eq!(header(&plain), b"SQLite format 3\0");
}
