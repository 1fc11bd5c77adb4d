//! Exports (Markdown and JSON, secrets cut, encrypted with the journal's passphrase) and
//! restores into an empty journal or a new one.

use chrono::DateTime;
use chrono_tz::Europe::Berlin;

use super::*;
use crate::app::conversations::{self, NewConversation};
use crate::app::journal::{self, OpenMode, Unlock};
use crate::domain::{EntryKind, NewEntry};
use crate::testkit::{Event, Ics};

fn now() -> Now {
    Now {
        at: DateTime::parse_from_rfc3339("2026-11-22T09:30:00+01:00").unwrap(),
        zone: Berlin,
    }
}

fn pass(text: &str) -> Passphrase {
    Passphrase::new(text.into()).unwrap()
}

const MARKDOWN_ALL: Export = Export::Markdown {
    from: None,
    to: None,
};

#[test]
fn entries_keep_their_paragraphs_and_undated_conversations_are_included() {
    let mut journal = journal::in_memory().unwrap();
    let at = now().at;
    journal
        .store_mut()
        .insert_entry(
            &NewEntry {
                kind: EntryKind::Reflection,
                at,
                body: "First thought.\nSecond thought.\n\n\nThird, after a gap.".into(),
            },
            None,
        )
        .unwrap();
    let mut c = conversations::add(
        &mut journal,
        now(),
        &NewConversation {
            person: "Sam".into(),
            topic: "Ownership".into(),
            new_person: true,
            ..Default::default()
        },
    )
    .unwrap();
    let base = c.clone();
    c.prep.situation = "Stand-up, Monday.\nAnd Tuesday.".into();
    conversations::save(&mut journal, &base, &c).unwrap();
    let config = Config::default();
    let md = export(&journal, &config, MARKDOWN_ALL, false).unwrap();
    assert!(!md.sealed);
    let md = md.text;
    assert!(
        md.contains("First thought.\n\nSecond thought.\n\nThird, after a gap.\n"),
        "{md}"
    );
    assert!(md.contains("## Conversations without a date"), "{md}");
    assert!(
        md.contains("### Conversation with Sam: Ownership (planned)"),
        "{md}"
    );
    assert!(
        md.contains("**Situation.** Stand-up, Monday.\n\nAnd Tuesday."),
        "{md}"
    );
    // A period has no room for what has no date.
    let day = Some(at.date_naive());
    let md = export(
        &journal,
        &config,
        Export::Markdown { from: day, to: day },
        false,
    )
    .unwrap();
    assert!(!md.text.contains("Ownership"), "{}", md.text);
}

#[test]
fn a_json_export_cuts_private_addresses_unless_asked_and_records_the_rules() {
    let mut journal = journal::in_memory().unwrap();
    let ics = Ics::new()
        .event(
            Event::new("one")
                .line("DTSTART:20261120T090000Z")
                .line("DTEND:20261120T100000Z")
                .line("SUMMARY:Planning"),
        )
        .build();
    let address = "https://calendar.example.com/private-s3cr3t/basic.ics";
    crate::app::calendars::import::import_as(
        journal.store_mut(),
        "Work",
        address,
        &ics,
        Berlin,
        now().at.to_utc(),
    )
    .unwrap();
    let config = Config::default();
    let cut = export(
        &journal,
        &config,
        Export::Json {
            include_secrets: false,
        },
        false,
    )
    .unwrap();
    assert!(!cut.text.contains("s3cr3t"), "{}", cut.text);
    assert!(cut.text.contains("calendar.example.com"), "{}", cut.text);
    assert!(cut.text.ends_with("}\n"));
    let doc: Value = serde_json::from_str(&cut.text).unwrap();
    assert_eq!(
        doc["rules"].as_array().unwrap().len(),
        default_rules().len()
    );
    let whole = export(
        &journal,
        &config,
        Export::Json {
            include_secrets: true,
        },
        false,
    )
    .unwrap();
    assert!(whole.text.contains(address), "{}", whole.text);
}

#[test]
fn an_encrypted_journal_exports_sealed_with_its_passphrase_unless_plain() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let journal = journal::create_encrypted(&path, &pass("secret")).unwrap();
    let config = Config::default();
    let plain = export(&journal, &config, MARKDOWN_ALL, true).unwrap();
    assert!(!plain.sealed);
    assert!(!is_sealed(plain.text.as_bytes()));
    let sealed = export(&journal, &config, MARKDOWN_ALL, false).unwrap();
    assert!(sealed.sealed);
    assert!(is_sealed(sealed.text.as_bytes()));
    assert_eq!(
        unseal(sealed.text.as_bytes(), &pass("secret"))
            .unwrap()
            .as_str(),
        plain.text
    );
    assert_eq!(
        unseal(sealed.text.as_bytes(), &pass("other")).unwrap_err(),
        Unsealed::WrongPassphrase
    );
    assert!(matches!(
        unseal(b"age-encryption.org/v1\nnonsense", &pass("secret")).unwrap_err(),
        Unsealed::Unreadable(_)
    ));
    // Written with the pinned work factor: an identity that allows no more opens it.
    let secret = || age::secrecy::SecretString::from("secret".to_string());
    let mut exact = age::scrypt::Identity::new(secret());
    exact.set_max_work_factor(SCRYPT_WORK);
    assert!(age::decrypt(&exact, sealed.text.as_bytes()).is_ok());
    // A crafted file asking for 2^24 is refused before any work is done.
    let mut recipient = age::scrypt::Recipient::new(secret());
    recipient.set_work_factor(SCRYPT_WORK);
    let binary = age::encrypt(&recipient, b"text").unwrap();
    let header_end = binary.windows(4).position(|w| w == b"\n---").unwrap();
    let header = String::from_utf8(binary[..header_end].to_vec()).unwrap();
    let crafted_header = header.replace(&format!(" {SCRYPT_WORK}\n"), " 24\n");
    assert_ne!(header, crafted_header);
    let mut crafted = crafted_header.into_bytes();
    crafted.extend_from_slice(&binary[header_end..]);
    match unseal(&crafted, &pass("secret")).unwrap_err() {
        Unsealed::Unreadable(why) => assert!(why.contains("2^24") && why.contains("2^20"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_restore_fills_an_empty_journal_or_a_new_one_and_refuses_one_not_empty() {
    let mut from = journal::in_memory().unwrap();
    conversations::add(
        &mut from,
        now(),
        &NewConversation {
            person: "Sam".into(),
            topic: "Ownership".into(),
            new_person: true,
            ..Default::default()
        },
    )
    .unwrap();
    let json = Export::Json {
        include_secrets: true,
    };
    let text = export(&from, &Config::default(), json, false).unwrap().text;
    let doc: Value = serde_json::from_str(&text).unwrap();

    let mut empty = journal::in_memory().unwrap();
    // An export that was encrypted does not go into a plain journal: its text would be
    // written in plain. Nothing is restored.
    assert!(matches!(
        restore(&mut empty, &doc, true).unwrap_err(),
        ExportError::SealedIntoPlain
    ));
    let rows = restore(&mut empty, &doc, false).unwrap();
    assert!(rows >= 2, "{rows}");
    assert_eq!(
        rebuild_calendars(&mut empty, now()).unwrap(),
        Vec::<String>::new()
    );
    let again = export(&empty, &Config::default(), json, false)
        .unwrap()
        .text;
    assert_eq!(again, text);
    // Not into a journal that holds something.
    assert!(matches!(
        restore(&mut empty, &doc, false).unwrap_err(),
        ExportError::Store(StoreError::BadExport(_))
    ));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("restored.db");
    // A restore killed before it finished left its partial journal, -wal and -shm:
    // the next one removes them.
    let left: Vec<_> = ["", "-wal", "-shm"]
        .iter()
        .map(|s| dir.path().join(format!(".restored.db.partial-Ab12Cd{s}")))
        .collect();
    for f in &left {
        std::fs::write(f, "restored text of a killed restore").unwrap();
    }
    assert_eq!(
        restore_new(&path, &doc, Some(&pass("secret"))).unwrap(),
        rows
    );
    assert!(left.iter().all(|f| !f.exists()), "{left:?}");
    let opened = journal::open(&path, OpenMode::Read, Unlock::With(&pass("secret"))).unwrap();
    assert_eq!(
        export(&opened, &Config::default(), json, true)
            .unwrap()
            .text,
        text
    );
}
