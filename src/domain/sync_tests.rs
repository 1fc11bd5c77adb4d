use super::*;

fn v(ms: i64, counter: u32, device: &str) -> Version {
    Version::new(ms, counter, device)
}

fn change(version: &Version, parent: Option<&Version>) -> FieldChange {
    FieldChange {
        field: "body".into(),
        value: serde_json::Value::String("text".into()),
        version: version.clone(),
        parent: parent.cloned(),
    }
}

#[test]
fn versions_compare_in_the_order_they_were_made_and_read_back() {
    let a = v(1_765_000_000_000, 0, "aaaa");
    let b = v(1_765_000_000_000, 1, "aaaa");
    let c = v(1_765_000_000_001, 0, "aaaa");
    let other = v(1_765_000_000_000, 1, "bbbb");
    assert!(a < b && b < c);
    assert!(b < other, "the device breaks a tie");
    assert_eq!(b.ms(), 1_765_000_000_000);
    assert_eq!(b.counter(), 1);
    assert_eq!(other.device(), "bbbb");
    assert_eq!(Version::parse(other.as_str()), Some(other.clone()));
    for bad in [
        "",
        "1765000000000-00001",
        "176500000000-00001-aaaa",
        "1765000000000-00001-AAAA",
        "1765000000000-0001-aaaa",
        "1765000000000-00001-aa/a",
        "x765000000000-00001-aaaa",
    ] {
        assert_eq!(Version::parse(bad), None, "{bad:?}");
    }
}

#[test]
fn the_next_version_is_later_than_the_last_even_when_the_clock_went_back() {
    let now = 1_765_000_000_000;
    assert_eq!(next_version(None, now, "dev"), v(now, 0, "dev"));
    let last = v(now, 3, "dev");
    assert_eq!(next_version(Some(&last), now, "dev"), v(now, 4, "dev"));
    // The clock an hour behind what was seen (another device's clock ahead).
    let ahead = v(now + 3_600_000, 7, "other");
    let next = next_version(Some(&ahead), now, "dev");
    assert!(next > ahead);
    assert_eq!(next, v(now + 3_600_000, 8, "dev"));
    assert_eq!(
        next_version(Some(&last), now + 5, "dev"),
        v(now + 5, 0, "dev")
    );
    let full = v(now, 99_999, "dev");
    assert_eq!(next_version(Some(&full), now, "dev"), v(now + 1, 0, "dev"));
}

#[test]
fn a_change_merges_by_the_later_version_and_a_text_written_at_once_keeps_the_loser() {
    let base = v(100, 0, "a");
    let mine = v(200, 0, "a");
    let later_on_mine = v(300, 0, "b");
    let later_on_base = v(300, 0, "b");
    let earlier_on_base = v(150, 0, "b");
    let held = Held {
        version: Some(&mine),
    };
    assert_eq!(
        merge(Held { version: None }, &change(&mine, None), true),
        Merge::Take
    );
    assert_eq!(
        merge(held, &change(&mine, Some(&base)), true),
        Merge::Ignore
    );
    assert_eq!(
        merge(held, &change(&later_on_mine, Some(&mine)), true),
        Merge::Take
    );
    assert_eq!(
        merge(held, &change(&later_on_base, Some(&base)), true),
        Merge::TakeKeepingHeld
    );
    assert_eq!(
        merge(held, &change(&later_on_base, Some(&base)), false),
        Merge::Take
    );
    assert_eq!(
        merge(held, &change(&earlier_on_base, Some(&base)), true),
        Merge::KeepKeepingTheirs
    );
    assert_eq!(
        merge(held, &change(&earlier_on_base, Some(&base)), false),
        Merge::Ignore
    );
}

#[test]
fn merging_two_changes_in_either_order_ends_on_the_same_value_and_the_same_copy() {
    // Two devices changed the same text at once; a third device hears them in both orders.
    let base = v(100, 0, "a");
    let one = change(&v(200, 0, "a"), Some(&base));
    let two = change(&v(250, 0, "b"), Some(&base));
    let end = |first: &FieldChange, second: &FieldChange| {
        let held = first.version.clone();
        match merge(
            Held {
                version: Some(&held),
            },
            second,
            true,
        ) {
            Merge::TakeKeepingHeld => (second.version.clone(), held),
            Merge::KeepKeepingTheirs => (held, second.version.clone()),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(end(&one, &two), end(&two, &one));
    assert_eq!(end(&one, &two), (two.version.clone(), one.version.clone()));
}

#[test]
fn an_edit_the_deleting_device_had_not_seen_wins_over_the_deletion() {
    let seen = v(200, 0, "a");
    let deletion = Deletion {
        version: v(300, 0, "a"),
        seen: Some(seen.clone()),
        row: None,
    };
    assert!(deletion_wins(&deletion, Some(&seen)));
    assert!(deletion_wins(&deletion, Some(&v(150, 0, "b"))));
    assert!(deletion_wins(&deletion, None));
    assert!(!deletion_wins(&deletion, Some(&v(250, 0, "b"))));
    let blind = Deletion {
        version: v(300, 0, "a"),
        seen: None,
        row: None,
    };
    assert!(!deletion_wins(&blind, Some(&v(100, 0, "b"))));
}

#[test]
fn a_copy_is_named_by_what_lost_so_every_device_names_it_alike() {
    let loser = v(200, 0, "a");
    let one = copy_sid("entries", "e1", "body", &loser);
    assert_eq!(one, copy_sid("entries", "e1", "body", &loser));
    assert_ne!(one, copy_sid("entries", "e2", "body", &loser));
    assert_ne!(one, copy_sid("entries", "e1", "body", &v(200, 1, "a")));
    assert!(one.starts_with("copy-") && one.len() == 21);
}

#[test]
fn a_payload_reads_back_as_written() {
    let payload = Payload {
        seen: [("bbbb".to_string(), 3)].into_iter().collect(),
        rows: vec![RowChange {
            table: "entries".into(),
            sid: "e1".into(),
            fields: vec![change(&v(200, 0, "a"), None)],
            deleted: Some(Deletion {
                version: v(300, 0, "a"),
                seen: None,
                row: None,
            }),
        }],
        forgotten: vec!["cccc".into()],
    };
    let text = serde_json::to_string(&payload).unwrap();
    assert_eq!(serde_json::from_str::<Payload>(&text).unwrap(), payload);
}

#[test]
fn a_batch_is_merged_in_its_order_once_and_after_what_it_was_built_on() {
    let applied: std::collections::BTreeMap<String, u64> =
        [("b".to_string(), 2), ("c".to_string(), 1)]
            .into_iter()
            .collect();
    let none = |_: &str| false;
    let seen = |pairs: &[(&str, u64)]| -> std::collections::BTreeMap<String, u64> {
        pairs.iter().map(|(d, n)| (d.to_string(), *n)).collect()
    };
    assert_eq!(ready(&applied, "a", &none, "b", 3, &seen(&[])), Ready::Now);
    assert_eq!(ready(&applied, "a", &none, "b", 2, &seen(&[])), Ready::Done);
    assert_eq!(
        ready(&applied, "a", &none, "b", 4, &seen(&[])),
        Ready::Later
    );
    assert_eq!(ready(&applied, "a", &none, "d", 1, &seen(&[])), Ready::Now);
    assert_eq!(
        ready(&applied, "a", &none, "b", 3, &seen(&[("c", 2)])),
        Ready::Later
    );
    assert_eq!(
        ready(&applied, "a", &none, "b", 3, &seen(&[("c", 1), ("a", 9)])),
        Ready::Now
    );
    let c_gone = |d: &str| d == "c";
    assert_eq!(
        ready(&applied, "a", &c_gone, "b", 3, &seen(&[("c", 2)])),
        Ready::Now
    );
}

#[test]
fn a_device_id_is_26_characters_of_base32_made_from_its_random_bits() {
    assert_eq!(device_id([0; 16]), "a".repeat(26));
    assert_eq!(device_id([0xff; 16]), format!("{}4", "7".repeat(25)));
    let id = device_id(*b"0123456789abcdef");
    assert_eq!(id.len(), 26);
    assert!(is_device_id(&id));
    assert_ne!(id, device_id(*b"0123456789abcdeg"));
}

#[test]
fn a_journal_in_a_folder_a_sync_tool_manages_is_told_apart() {
    use std::path::Path;
    let none = |_: &Path, _: &str| false;
    let cases = [
        ("/home/ann/Dropbox/notes/journal.db", Some("Dropbox")),
        ("/home/ann/Dropbox (Acme)/journal.db", Some("Dropbox")),
        (
            "/Users/ann/Library/Mobile Documents/com~apple~CloudDocs/journal.db",
            Some("iCloud Drive"),
        ),
        ("C:/Users/ann/OneDrive - Acme/journal.db", Some("OneDrive")),
        ("/home/ann/.local/share/bearing/journal.db", None),
        ("/home/ann/Dropbox.db", None),
    ];
    for (path, tool) in cases {
        assert_eq!(synced_folder(Path::new(path), &none), tool, "{path}");
    }
    let syncthing =
        |dir: &Path, name: &str| dir == Path::new("/home/ann/Sync") && name == ".stfolder";
    assert_eq!(
        synced_folder(Path::new("/home/ann/Sync/bearing/journal.db"), &syncthing),
        Some("Syncthing")
    );
    assert_eq!(
        synced_folder(Path::new("/home/ann/journal.db"), &syncthing),
        None
    );
}

#[test]
fn a_snapshot_field_replaces_what_its_maker_had_and_yields_to_what_replaced_it_here() {
    let v = |ms: i64, device: &str| Version::new(ms, 0, device);
    let (a, b) = ("A".repeat(26), "B".repeat(26));
    let change = |version: Version| FieldChange {
        field: "body".into(),
        value: serde_json::json!("theirs"),
        version,
        parent: None,
    };
    let held = v(10, &b);
    let held_at = Held {
        version: Some(&held),
    };
    // Nothing here: take it. The same version: nothing to do.
    assert_eq!(
        merge_snapshot(
            Held { version: None },
            &change(v(5, &a)),
            false,
            false,
            true
        ),
        Merge::Take
    );
    assert_eq!(
        merge_snapshot(held_at, &change(held.clone()), false, false, true),
        Merge::Ignore
    );
    // The maker had what is held: its later value replaced it, without a copy.
    assert_eq!(
        merge_snapshot(held_at, &change(v(20, &a)), true, false, true),
        Merge::Take
    );
    // This device had the snapshot's value and changed it since: it stays, no copy.
    assert_eq!(
        merge_snapshot(held_at, &change(v(5, &a)), false, true, true),
        Merge::Ignore
    );
    // Written apart: the later wins, and a text keeps the other's words.
    assert_eq!(
        merge_snapshot(held_at, &change(v(20, &a)), false, false, true),
        Merge::TakeKeepingHeld
    );
    assert_eq!(
        merge_snapshot(held_at, &change(v(5, &a)), false, false, true),
        Merge::KeepKeepingTheirs
    );
    assert_eq!(
        merge_snapshot(held_at, &change(v(20, &a)), false, false, false),
        Merge::Take
    );
    assert_eq!(
        merge_snapshot(held_at, &change(v(5, &a)), false, false, false),
        Merge::Ignore
    );
}

#[test]
fn a_version_is_held_when_its_device_got_that_far() {
    let device = "C".repeat(26);
    let upto: std::collections::BTreeMap<String, Version> =
        [(device.clone(), Version::new(100, 3, &device))].into();
    assert!(holds(&upto, &Version::new(100, 3, &device)));
    assert!(holds(&upto, &Version::new(99, 9, &device)));
    assert!(!holds(&upto, &Version::new(100, 4, &device)));
    assert!(!holds(&upto, &Version::new(1, 0, &"D".repeat(26))));
}
