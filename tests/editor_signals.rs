//! Issue #24, item 5: bearing asked to end (SIGHUP, SIGTERM) while `$EDITOR` is open,
//! from the command line and from the interface, and what a `kill -9` leaves taken in at
//! the next start. Before, bearing ended on the spot (exit 129): the plain text stayed in
//! the temporary folder and the editor ran on without it.
#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::thread;
use std::time::{Duration, Instant};

use bearing::testkit::Env;
use rustix::process::{Pid, Signal};

/// An editor that saves `text` into its file at once, says its process id in
/// `editor.pid`, then stays open (as a person still writing would).
fn slow_editor(env: &Env, text: &str, append: bool) -> (PathBuf, PathBuf) {
    let pid_file = env.dir.path().join("editor.pid");
    let write = if append { ">>" } else { ">" };
    let script = env.editor_script(
        "slow.sh",
        &format!(
            "printf '%s' '{text}' {write} \"$1\"\necho $$ > '{}.new'\nmv '{0}.new' '{0}'\nexec sleep 30",
            pid_file.display()
        ),
    );
    (script, pid_file)
}

/// The editor's process id, once it has written it.
fn editor_pid(pid_file: &Path) -> i32 {
    let started = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(pid_file)
            && let Ok(pid) = text.trim().parse()
        {
            return pid;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "no editor");
        thread::sleep(Duration::from_millis(20));
    }
}

fn send(pid: u32, signal: Signal) {
    let pid = Pid::from_raw(i32::try_from(pid).unwrap()).unwrap();
    rustix::process::kill_process(pid, signal).unwrap();
}

/// Whether process `pid` is gone, or has ended and waits only to be reaped (an orphan,
/// where nothing reaps them).
fn gone(pid: i32) -> bool {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let zombie = stat
        .rsplit_once(')')
        .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'));
    zombie
        || matches!(
            rustix::process::test_kill_process(Pid::from_raw(pid).unwrap()),
            Err(rustix::io::Errno::SRCH)
        )
}

/// bearing's folders left in this environment's temporary directory.
fn folders_left(env: &Env) -> Vec<String> {
    std::fs::read_dir(env.tmp())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("bearing-"))
        .collect()
}

fn draft(env: &Env, slot: &str) -> Option<String> {
    env.store().draft(slot).unwrap().map(|d| d.body)
}

#[test]
fn sigterm_or_a_hangup_while_reflect_edits_keeps_the_text_as_a_draft() {
    for (signal, name, code) in [(Signal::TERM, "SIGTERM", 143), (Signal::HUP, "SIGHUP", 129)] {
        let env = Env::new();
        env.ok(&["reflect", "Already in the journal"]);
        let (editor, pid_file) = slow_editor(&env, "Half a thought about @Sam", false);
        let bearing = env
            .process()
            .args(["reflect", "--edit"])
            .env("EDITOR", &editor)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let editor_pid = editor_pid(&pid_file);
        assert_eq!(
            folders_left(&env).len(),
            1,
            "the editor's folder, while it runs"
        );
        let started = Instant::now();
        send(bearing.id(), signal);
        let out = bearing.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "{name} arrived while $EDITOR was open; what it saved is kept as a draft"
            )),
            "{stderr}"
        );
        // The editor was given a moment, then ended: it does not outlive bearing.
        assert!(gone(editor_pid), "{name}: the editor runs on");
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(folders_left(&env).is_empty(), "{:?}", folders_left(&env));
        assert_eq!(
            draft(&env, "today").as_deref(),
            Some("Half a thought about @Sam")
        );
        assert_eq!(env.list_json(&[]).len(), 1, "nothing was saved as an entry");
    }
}

/// The interface hands its draft to `$EDITOR` (`e`); a hangup arrives while it is open.
/// The draft becomes what the editor saved, the editor ends, the folder goes, and bearing
/// ends as a hangup ends a program (129); the next start shows the draft.
#[test]
fn a_hangup_while_the_interface_edits_in_the_editor_keeps_the_draft() {
    let env = Env::new();
    env.ok(&["reflect", "Already in the journal"]);
    let (editor, pid_file) = slow_editor(&env, " and the rest from the editor", true);
    let mut s = env.interface_with(&[("EDITOR", editor.display().to_string())]);
    s.wait_for("Prompt of the day");
    s.send("i");
    s.wait_for("WRITING");
    s.send("Typed in the interface");
    s.wait_for("Typed in the interface");
    s.send("\x1b"); // Esc: stop writing
    s.wait_gone("WRITING");
    s.send("e");
    let editor_pid = editor_pid(&pid_file);
    send(s.pid(), Signal::HUP);
    let status = s.wait_status();
    assert_eq!(status.exit_code(), 129, "{}", s.text());
    assert!(gone(editor_pid), "the editor runs on");
    assert!(folders_left(&env).is_empty(), "{:?}", folders_left(&env));
    assert_eq!(
        draft(&env, "today").as_deref(),
        Some("Typed in the interface and the rest from the editor")
    );
    let mut s = env.interface();
    s.wait_for("Recovered your unsaved draft");
    s.wait_for("and the rest from the editor");
    s.send("q");
    assert!(s.wait_exit());
}

/// A `kill -9` while `$EDITOR` is open runs no handler: the folder stays. The next
/// start takes its text in as a draft and removes it; the editor's own folder of a
/// bearing still running, and folders not bearing's, stay.
#[test]
fn what_a_kill_left_while_the_editor_was_open_is_taken_in_at_the_next_start() {
    let env = Env::new();
    env.ok(&["reflect", "Already in the journal"]);
    let (editor, pid_file) = slow_editor(&env, "Written before the kill", false);
    let mut bearing = env
        .process()
        .args(["reflect", "--edit"])
        .env("EDITOR", &editor)
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    let editor_pid = editor_pid(&pid_file);
    bearing.kill().unwrap();
    bearing.wait().unwrap();
    let left = folders_left(&env);
    assert_eq!(left.len(), 1, "{left:?}");
    // Its editor still runs: the folder is in use, and the next start leaves it.
    let out = env.bearing().args(["reflect", "Next"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(folders_left(&env), left);
    assert_eq!(draft(&env, "today"), None);
    // Once the editor is gone too, the next start takes the text in.
    send(u32::try_from(editor_pid).unwrap(), Signal::KILL);
    let started = Instant::now();
    while !gone(editor_pid) {
        assert!(started.elapsed() < Duration::from_secs(20));
        thread::sleep(Duration::from_millis(20));
    }
    let other = env.tmp().join("bearing-replay-1-x");
    std::fs::create_dir(&other).unwrap();
    let out = env.bearing().args(["reflect", "Later"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("Recovered text from an editor bearing could not finish: kept as a draft"),
        "{stderr}"
    );
    assert_eq!(folders_left(&env), ["bearing-replay-1-x"]);
    assert_eq!(
        draft(&env, "today").as_deref(),
        Some("Written before the kill")
    );
    // And the interface shows it.
    let mut s = env.interface();
    s.wait_for("Written before the kill");
    s.send("q");
    assert!(s.wait_exit());
}

/// The interface takes in, at its start, what an ended bearing left, and says so.
#[test]
fn the_interface_takes_in_at_its_start_what_an_ended_bearing_left() {
    let env = Env::new();
    env.ok(&["reflect", "Already in the journal"]);
    let ended = {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    };
    let dir = env.tmp().join(format!("bearing-kept-{ended}-Zz9"));
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("text.md"), "Kept when my editor failed").unwrap();
    let mut s = env.interface();
    s.wait_for("Recovered text from an editor bearing could not finish");
    s.wait_for("Kept when my editor failed");
    s.send("q");
    assert!(s.wait_exit());
    assert!(!dir.exists());
}

/// An encrypted journal whose passphrase must be typed cannot be opened once bearing is
/// asked to end: the editor's text stays in its private folder, which the message names,
/// and the next start that unlocks the journal takes it in.
#[test]
fn an_encrypted_journal_that_needs_its_passphrase_typed_gets_the_text_at_the_next_start() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::encrypted();
    env.ok(&["reflect", "Already in the journal"]);
    let (editor, pid_file) = slow_editor(&env, "A secret half thought", false);
    let bearing = env
        .process()
        .env_remove("BEARING_PASSPHRASE_COMMAND")
        .args(["reflect", "--edit"])
        .env("EDITOR", &editor)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    editor_pid(&pid_file);
    send(bearing.id(), Signal::TERM);
    let out = bearing.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(143), "{stderr}");
    assert!(
        stderr.contains("the next bearing to open the journal takes it in as a draft"),
        "{stderr}"
    );
    let left = folders_left(&env);
    assert_eq!(left.len(), 1, "{left:?}");
    let file = env.tmp().join(&left[0]).join("text.md");
    assert!(stderr.contains(&file.display().to_string()), "{stderr}");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    env.ok(&["reflect", "Unlocked again"]);
    assert!(folders_left(&env).is_empty(), "{:?}", folders_left(&env));
    assert_eq!(
        draft(&env, "today").as_deref(),
        Some("A secret half thought")
    );
}

/// `bearing convo edit` the same: what the editor saved is kept as a draft (a note),
/// the conversation is left as it was.
#[test]
fn sigterm_while_a_conversation_is_edited_keeps_the_text_as_a_note_draft() {
    let env = Env::new();
    env.ok(&[
        "convo",
        "add",
        "--new-person",
        "--with",
        "Sam",
        "--topic",
        "Estimates",
    ]);
    let before = env.ok(&["convo", "show", "1", "--json"]);
    let (editor, pid_file) = slow_editor(&env, "## Situation\nThree releases slipped", false);
    let bearing = env
        .process()
        .args(["convo", "edit", "1"])
        .env("EDITOR", &editor)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let editor_pid = editor_pid(&pid_file);
    send(bearing.id(), Signal::TERM);
    let out = bearing.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(143), "{stderr}");
    assert!(gone(editor_pid));
    assert!(folders_left(&env).is_empty(), "{:?}", folders_left(&env));
    let kept = env.store().draft("today").unwrap().unwrap();
    assert_eq!(kept.body, "## Situation\nThree releases slipped");
    assert_eq!(kept.kind, bearing::domain::EntryKind::Note);
    assert_eq!(env.ok(&["convo", "show", "1", "--json"]), before);
}
