//! Opening the journal: plain, with a command's passphrase, one given, or one asked for
//! (wrong ones asked again, up to a limit); a new encrypted journal; a missing one.

use std::cell::RefCell;

use super::*;

fn pass(text: &str) -> Passphrase {
    Passphrase::new(text.into()).unwrap()
}

/// A temp folder and an encrypted journal in it, made with `secret`.
fn encrypted_journal(secret: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    drop(create_encrypted(&path, &pass(secret)).unwrap());
    (dir, path)
}

#[test]
fn a_plain_journal_is_made_on_first_write_and_read_after() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new").join("journal.db");
    assert!(!exists(&path));
    let e = open(&path, OpenMode::Read, Unlock::No).unwrap_err();
    assert!(
        matches!(
            e,
            OpenError::Store {
                source: StoreError::NoJournal(_),
                by_command: false
            }
        ),
        "{e:?}"
    );
    let journal = open(&path, OpenMode::Write, Unlock::No).unwrap();
    assert!(!journal.is_encrypted());
    assert!(journal.read_only().is_none());
    assert!(journal.passphrase().is_none());
    drop(journal);
    assert!(exists(&path));
    assert!(open(&path, OpenMode::Read, Unlock::No).is_ok());
}

#[test]
fn an_encrypted_journal_opens_with_its_passphrase_only() {
    let (_dir, path) = encrypted_journal("right");
    let e = open(&path, OpenMode::Write, Unlock::No).unwrap_err();
    assert!(
        matches!(
            e,
            OpenError::Store {
                source: StoreError::Encrypted(_),
                ..
            }
        ),
        "{e:?}"
    );
    let journal = open(&path, OpenMode::Write, Unlock::With(&pass("right"))).unwrap();
    assert!(journal.is_encrypted());
    assert_eq!(journal.passphrase(), Some(&pass("right")));
    drop(journal);
    let e = open(&path, OpenMode::Write, Unlock::With(&pass("wrong"))).unwrap_err();
    assert!(
        matches!(
            e,
            OpenError::Store {
                source: StoreError::WrongPassphrase(_),
                by_command: false
            }
        ),
        "{e:?}"
    );
}

#[test]
fn a_passphrase_command_unlocks_and_its_failures_say_so() {
    let (_dir, path) = encrypted_journal("right");
    let journal = open(&path, OpenMode::Read, Unlock::Command("printf right")).unwrap();
    assert!(journal.is_encrypted());
    drop(journal);
    let e = open(&path, OpenMode::Read, Unlock::Command("printf wrong")).unwrap_err();
    assert!(
        matches!(
            e,
            OpenError::Store {
                source: StoreError::WrongPassphrase(_),
                by_command: true
            }
        ),
        "{e:?}"
    );
    let e = open(&path, OpenMode::Read, Unlock::Command("exit 3")).unwrap_err();
    assert!(
        matches!(e, OpenError::Command(PassphraseError::Failed { .. })),
        "{e:?}"
    );
}

#[test]
fn asking_goes_on_after_a_wrong_passphrase_up_to_the_limit() {
    let (_dir, path) = encrypted_journal("right");
    // Right on the third try: asked three times, told of two wrong ones.
    let asked = RefCell::new(Vec::new());
    let mut answers = ["no", "nope", "right"].into_iter();
    let mut ask = |wrong: usize| {
        asked.borrow_mut().push(wrong);
        Ok(pass(answers.next().unwrap()))
    };
    let journal = open(
        &path,
        OpenMode::Write,
        Unlock::Ask {
            tries: Some(3),
            ask: &mut ask,
        },
    )
    .unwrap();
    assert!(journal.is_encrypted());
    drop(journal);
    assert_eq!(*asked.borrow(), [0, 1, 2]);

    // Wrong three times: the third is the answer.
    let mut count = 0;
    let mut ask = |_| {
        count += 1;
        Ok(pass("wrong"))
    };
    let e = open(
        &path,
        OpenMode::Write,
        Unlock::Ask {
            tries: Some(3),
            ask: &mut ask,
        },
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            OpenError::Store {
                source: StoreError::WrongPassphrase(_),
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(count, 3);

    // No limit: until the user gives up.
    let mut count = 0;
    let mut ask = |_| {
        count += 1;
        if count < 5 {
            Ok(pass("wrong"))
        } else {
            Err(PassphraseError::Empty)
        }
    };
    let e = open(
        &path,
        OpenMode::Write,
        Unlock::Ask {
            tries: None,
            ask: &mut ask,
        },
    )
    .unwrap_err();
    assert!(
        matches!(e, OpenError::Asked(PassphraseError::Empty)),
        "{e:?}"
    );
    assert_eq!(count, 5);
}

#[test]
fn a_plain_journal_asks_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut ask = |_| -> std::result::Result<Passphrase, PassphraseError> {
        panic!("a plain journal needs no passphrase")
    };
    let journal = open(
        &path,
        OpenMode::Write,
        Unlock::Ask {
            tries: Some(3),
            ask: &mut ask,
        },
    )
    .unwrap();
    assert!(!journal.is_encrypted());
}

#[test]
fn a_journal_in_memory_is_empty_and_plain() {
    let journal = in_memory().unwrap();
    assert!(!journal.is_encrypted());
    assert!(journal.read_only().is_none());
}
