//! Draft slots for text kept from an editor, and the folders ended bearings left.

use std::path::Path;

use chrono_tz::Europe::Berlin;

use super::*;
use crate::io::editor::{EDITING_PREFIX, GIVEN_FILE, KEPT_PREFIX, TEXT_FILE, given_hash};
use crate::store::Store;

fn now() -> Now {
    Now {
        at: chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00+01:00").unwrap(),
        zone: Berlin,
    }
}

fn draft_of(journal: &Journal, slot: &str) -> Option<String> {
    super::super::entries::draft(journal, slot)
        .unwrap()
        .map(|d| d.body)
}

/// The id of a process that has ended (and been waited for).
#[cfg(unix)]
fn ended_process() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

/// A folder named as bearing names them, holding `text` (and, for an editor's, the hash
/// of what it was given).
fn plant(parent: &Path, name: (&str, u32, &str), text: &[u8], given: Option<&[u8]>) -> PathBuf {
    let (prefix, pid, random) = name;
    let dir = parent.join(format!("{prefix}{pid}-{random}"));
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join(TEXT_FILE), text).unwrap();
    if let Some(given) = given {
        std::fs::write(dir.join(GIVEN_FILE), given_hash(given)).unwrap();
    }
    dir
}

#[test]
fn kept_text_goes_to_a_slot_no_interface_holds_and_follows_its_draft() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut journal = Journal::new(Store::open(&path).unwrap());
    // An interface holds the first slot, with a draft of its own.
    let held = try_lock(&path, FIRST_SLOT).unwrap();
    super::super::entries::save_draft(&mut journal, now(), FIRST_SLOT, EntryKind::Note, "mine")
        .unwrap();
    let slot = keep(&mut journal, now(), EntryKind::Reflection, "kept once").unwrap();
    assert_eq!(slot, "today-1");
    assert!(
        lock_path(&path, "today-1").exists(),
        "the next interface adopts it"
    );
    assert!(try_lock(&path, "today-1").is_some(), "and nobody holds it");
    keep(&mut journal, now(), EntryKind::Reflection, "kept twice").unwrap();
    assert_eq!(
        draft_of(&journal, "today-1").unwrap(),
        "kept once\n\nkept twice"
    );
    assert_eq!(draft_of(&journal, FIRST_SLOT).unwrap(), "mine");
    drop(held);
    // Free again: the first slot, after its draft.
    assert_eq!(
        keep(&mut journal, now(), EntryKind::Reflection, "third").unwrap(),
        FIRST_SLOT
    );
    assert_eq!(draft_of(&journal, FIRST_SLOT).unwrap(), "mine\n\nthird");
}

/// What a `kill -9` leaves while `$EDITOR` is open is taken in at the next start: text
/// that changed becomes a draft and its folder goes; an editor's folder with the text it
/// was given, or a blank one, just goes; a text too long for an entry stays. Folders of a
/// bearing still running, and any other name, are left alone.
#[cfg(unix)]
#[test]
fn what_ended_bearings_left_becomes_drafts_and_their_folders_go() {
    let tmp = tempfile::tempdir().unwrap();
    let parent = tmp.path();
    let gone = ended_process();
    let edited = plant(
        parent,
        (EDITING_PREFIX, gone, "a1"),
        b"typed before the crash",
        Some(b""),
    );
    let kept = plant(
        parent,
        (KEPT_PREFIX, gone, "a2"),
        b"Caf\xe9 kept for me",
        None,
    );
    let unchanged = plant(
        parent,
        (EDITING_PREFIX, gone, "a3"),
        b"given",
        Some(b"given"),
    );
    let blank = plant(parent, (KEPT_PREFIX, gone, "a4"), b" \n", None);
    let too_long = "a".repeat(MAX_BODY_BYTES + 1);
    let long = plant(parent, (KEPT_PREFIX, gone, "a5"), too_long.as_bytes(), None);
    let mine = std::process::id();
    let running = plant(parent, (EDITING_PREFIX, mine, "a6"), b"still here", None);
    let other = plant(parent, ("bearing-replay-", gone, "a7"), b"not ours", None);
    // A folder whose bearing ended while its editor runs on is still in use.
    let in_use = plant(parent, (EDITING_PREFIX, gone, "a8"), b"still typing", None);
    std::fs::write(
        in_use.join(crate::io::editor::EDITOR_PID_FILE),
        mine.to_string(),
    )
    .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let mut journal = Journal::new(Store::open(&dir.path().join("journal.db")).unwrap());
    let found = leftovers::find_in(&[parent.to_path_buf()], MAX_BODY_BYTES);
    let recovered = recover(&mut journal, now(), found).unwrap();
    assert_eq!(recovered.taken, 2);
    assert_eq!(recovered.too_long, [long.join(TEXT_FILE)]);
    let draft = draft_of(&journal, FIRST_SLOT).unwrap();
    assert!(draft.contains("typed before the crash"), "{draft}");
    assert!(draft.contains("Caf\u{fffd} kept for me"), "{draft}");
    assert!(
        !draft.contains("given") && !draft.contains("still"),
        "{draft}"
    );
    for gone in [&edited, &kept, &unchanged, &blank] {
        assert!(!gone.exists(), "{} was removed", gone.display());
    }
    for stays in [&long, &running, &other, &in_use] {
        assert!(stays.exists(), "{} was left alone", stays.display());
    }
}
