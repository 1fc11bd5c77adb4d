//! Encrypting, decrypting and changing the passphrase, with their refusals.

use super::*;
use crate::app::journal::{create_encrypted, exists};

fn pass(text: &str) -> Passphrase {
    Passphrase::new(text.into()).unwrap()
}

fn plain_journal() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    drop(journal::open(&path, OpenMode::Write, Unlock::No).unwrap());
    (dir, path)
}

#[test]
fn a_plain_journal_is_encrypted_decrypted_and_given_a_new_passphrase() {
    let (_dir, path) = plain_journal();
    let done = encrypt(open_to_encrypt(&path).unwrap(), &pass("first")).unwrap();
    assert!(done.tables > 0);
    let opened = journal::open(&path, OpenMode::Write, Unlock::With(&pass("first"))).unwrap();
    change_passphrase(opened, &pass("second")).unwrap();
    assert!(journal::open(&path, OpenMode::Write, Unlock::With(&pass("first"))).is_err());
    let opened = journal::open(&path, OpenMode::Write, Unlock::With(&pass("second"))).unwrap();
    may_decrypt(&opened).unwrap();
    decrypt(opened).unwrap();
    let opened = journal::open(&path, OpenMode::Write, Unlock::No).unwrap();
    assert!(!opened.is_encrypted());
}

#[test]
fn refusals_name_the_journal() {
    let (_dir, path) = plain_journal();
    let opened = journal::open(&path, OpenMode::Write, Unlock::No).unwrap();
    let e = may_decrypt(&opened).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("the journal {} is not encrypted", path.display())
    );
    assert!(matches!(
        may_change_passphrase(&opened).unwrap_err(),
        CryptError::NotEncrypted(_)
    ));
    assert!(matches!(
        decrypt(opened).unwrap_err(),
        CryptError::NotEncrypted(_)
    ));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    assert!(!exists(&path));
    drop(create_encrypted(&path, &pass("secret")).unwrap());
    let e = open_to_encrypt(&path).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("the journal {} is already encrypted", path.display())
    );
    let opened = journal::open(&path, OpenMode::Write, Unlock::With(&pass("secret"))).unwrap();
    let e = change_passphrase(opened, &pass("secret")).unwrap_err();
    assert!(matches!(e, CryptError::SamePassphrase), "{e:?}");
    let opened = journal::open(&path, OpenMode::Write, Unlock::With(&pass("secret"))).unwrap();
    assert!(matches!(
        encrypt(opened, &pass("other")).unwrap_err(),
        CryptError::AlreadyEncrypted(_)
    ));
}

#[test]
fn a_missing_journal_is_not_opened_to_encrypt_but_made() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    // Opening to write makes a plain journal, which is then encrypted: the CLI makes a
    // new encrypted journal instead, where there is none.
    let done = encrypt(open_to_encrypt(&path).unwrap(), &pass("secret")).unwrap();
    assert!(done.tables > 0);
    assert!(journal::open(&path, OpenMode::Read, Unlock::With(&pass("secret"))).is_ok());
}

#[test]
fn decrypt_is_refused_while_an_account_keeps_its_password_in_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut journal = create_encrypted(&path, &pass("secret")).unwrap();
    let store = journal.store_mut();
    let id = store
        .insert_account(
            &crate::store::NewAccount {
                name: "work",
                url: "https://dav.example.com/",
                server: "https://dav.example.com",
                user: "me",
                principal: "/me/",
                home: "/me/cal/",
                password_command: None,
                kind: "caldav",
                client_id: None,
                ca_file: None,
            },
            &[],
            chrono::Utc::now(),
        )
        .unwrap();
    store.set_account_secret(id, Some("hunter2")).unwrap();
    let refused = may_decrypt(&journal).unwrap_err();
    let words = refused.to_string();
    assert!(
        matches!(refused, CryptError::KeepsSecrets { count: 1, .. }),
        "{words}"
    );
    assert!(
        words.contains("work") && words.contains("bearing account rm"),
        "{words}"
    );
    assert!(!words.contains("hunter2"), "{words}");
    assert!(decrypt(journal).is_err());
    // Still encrypted: nothing was rewritten.
    let opened = journal::open(&path, OpenMode::Write, Unlock::With(&pass("secret"))).unwrap();
    assert!(opened.is_encrypted());
    // Without the secret, decrypting goes ahead.
    let mut opened = opened;
    opened.store_mut().set_account_secret(id, None).unwrap();
    may_decrypt(&opened).unwrap();
}
