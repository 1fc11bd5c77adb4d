//! Two journals and a folder, in process.

use std::path::Path;

use chrono::{DateTime, Duration};

use super::*;
use crate::domain::entry::{EntryKind, NewEntry};
use crate::store::Store;

pub(super) fn now(minutes: i64) -> Now {
    Now {
        at: DateTime::parse_from_rfc3339("2026-12-07T09:00:00+01:00").unwrap()
            + Duration::minutes(minutes),
        zone: chrono_tz::Europe::Berlin,
    }
}

/// No progress shown.
pub(super) fn quiet() -> impl FnMut(&str, usize, usize) {
    |_, _, _| {}
}

pub(super) fn journal() -> Journal {
    Journal::new(Store::open_in_memory().unwrap())
}

pub(super) fn pass(text: &str) -> Passphrase {
    Passphrase::new(text.to_string()).unwrap()
}

pub(super) fn write(j: &mut Journal, body: &str) -> i64 {
    j.store_mut()
        .insert_entry(
            &NewEntry {
                kind: EntryKind::Reflection,
                at: now(0).at,
                body: body.into(),
            },
            None,
        )
        .unwrap()
        .id
}

pub(super) fn bodies(j: &Journal) -> Vec<String> {
    let mut all: Vec<String> = j
        .store()
        .list_entries(&Default::default())
        .unwrap()
        .into_iter()
        .map(|e| e.body)
        .collect();
    all.sort();
    all
}

/// Every file under `dir`, with its bytes.
pub(super) fn files(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            let bytes = std::fs::read(&path).unwrap();
            out.push((path, bytes));
        }
    }
    out
}

#[test]
fn a_second_device_joins_with_the_passphrase_and_both_end_alike() {
    let dir = tempfile::tempdir().unwrap();
    let place = Place::Folder(dir.path().join("bearing-sync"));
    let (mut laptop, mut desktop) = (journal(), journal());
    write(&mut laptop, "Zanzibarite plans for #vision with @Zoë");
    let first = init(
        &mut laptop,
        &place,
        &pass("correct horse"),
        now(0),
        &mut quiet(),
    )
    .unwrap();
    assert!(first.sent >= 2, "{first:?}");
    write(&mut desktop, "Written at home before joining");
    let joined = join(
        &mut desktop,
        &place,
        &pass("correct horse"),
        now(1),
        &mut quiet(),
    )
    .unwrap();
    assert!(joined.merged_rows >= 2, "{joined:?}");
    assert!(joined.sent >= 1, "the desktop's own entry goes out too");
    assert!(
        status(&desktop).unwrap().synced_at.is_some(),
        "a join is a sync"
    );
    sync(&mut laptop, now(2), &mut quiet()).unwrap();
    assert_eq!(bodies(&laptop), bodies(&desktop));
    assert_eq!(bodies(&laptop).len(), 2);
    assert_eq!(
        laptop.store().sync_canonical().unwrap(),
        desktop.store().sync_canonical().unwrap()
    );
    // An edit on one reaches the other on the next syncs.
    let id = desktop
        .store()
        .list_entries(&Default::default())
        .unwrap()
        .into_iter()
        .find(|e| e.body.starts_with("Zanzibarite"))
        .unwrap()
        .id;
    desktop
        .store_mut()
        .update_entry_body(id, "Zanzibarite plans, revised")
        .unwrap();
    let sent = sync(&mut desktop, now(3), &mut quiet()).unwrap();
    assert_eq!(sent.sent, 1);
    let got = sync(&mut laptop, now(4), &mut quiet()).unwrap();
    assert_eq!((got.merged_batches, got.copies), (1, 0));
    assert!(bodies(&laptop).contains(&"Zanzibarite plans, revised".to_string()));
    // Nothing in the folder reads without the passphrase, and all of it is private.
    let all = files(dir.path());
    assert!(all.len() >= 4, "{all:?}");
    for (path, bytes) in &all {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("Zanzibarite") && !text.contains("correct horse"),
            "{path:?}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(path).unwrap().permissions().mode() & 0o777,
                0o600,
                "{path:?}"
            );
            let parent = path.parent().unwrap();
            assert_eq!(
                std::fs::metadata(parent).unwrap().permissions().mode() & 0o777,
                0o700,
                "{parent:?}"
            );
        }
    }
    let status = status(&laptop).unwrap();
    assert_eq!(status.devices.len(), 1);
    assert_eq!(status.pending, 0);
    assert!(status.synced_at.is_some());
}

#[test]
fn a_wrong_passphrase_or_an_empty_place_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let place = Place::Folder(dir.path().to_path_buf());
    let (mut a, mut b) = (journal(), journal());
    let refused = join(&mut b, &place, &pass("anything"), now(0), &mut quiet()).unwrap_err();
    assert!(
        refused.to_string().contains("bearing sync init"),
        "{refused}"
    );
    init(&mut a, &place, &pass("right one"), now(0), &mut quiet()).unwrap();
    let wrong = join(&mut b, &place, &pass("wrong one"), now(1), &mut quiet()).unwrap_err();
    assert_eq!(wrong.field(), Some(Field::Passphrase));
    assert!(b.store().sync_place().unwrap().is_none(), "b does not sync");
    let again = init(&mut b, &place, &pass("right one"), now(1), &mut quiet()).unwrap_err();
    assert!(again.to_string().contains("bearing sync join"), "{again}");
    let twice = init(&mut a, &place, &pass("right one"), now(1), &mut quiet()).unwrap_err();
    assert!(twice.to_string().contains("syncs at"), "{twice}");
    let none = sync(&mut b, now(2), &mut quiet()).unwrap_err();
    assert!(none.to_string().contains("does not sync yet"), "{none}");
}

/// The newest batch file of `device` in `root`.
fn newest_batch(root: &Path, device: &str) -> std::path::PathBuf {
    let mut all: Vec<_> = std::fs::read_dir(root.join("devices").join(device))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "batch"))
        .collect();
    all.sort();
    all.pop().unwrap()
}

#[test]
fn a_batch_still_arriving_waits_and_one_from_a_newer_bearing_stops_that_device_only() {
    let dir = tempfile::tempdir().unwrap();
    let place = Place::Folder(dir.path().to_path_buf());
    let (mut a, mut b) = (journal(), journal());
    init(&mut a, &place, &pass("pw"), now(0), &mut quiet()).unwrap();
    join(&mut b, &place, &pass("pw"), now(1), &mut quiet()).unwrap();
    write(&mut a, "Arrives in the end");
    sync(&mut a, now(2), &mut quiet()).unwrap();
    let file = newest_batch(dir.path(), &a.store().sync_device().unwrap());
    let whole = std::fs::read(&file).unwrap();
    std::fs::write(&file, &whole[..whole.len() / 2]).unwrap();
    let cut = sync(&mut b, now(3), &mut quiet()).unwrap();
    assert_eq!(cut.waiting, vec![a.store().sync_device().unwrap()]);
    assert!(bodies(&b).is_empty());
    std::fs::write(&file, &whole).unwrap();
    let later = sync(&mut b, now(4), &mut quiet()).unwrap();
    assert_eq!(later.merged_batches, 1);
    assert_eq!(bodies(&b), vec!["Arrives in the end"]);
    // A newer format: this device's stream stops, with what to do.
    write(&mut a, "From the future");
    sync(&mut a, now(5), &mut quiet()).unwrap();
    let file = newest_batch(dir.path(), &a.store().sync_device().unwrap());
    let mut bytes = std::fs::read(&file).unwrap();
    bytes[8..10].copy_from_slice(&2u16.to_be_bytes());
    std::fs::write(&file, &bytes).unwrap();
    let newer = sync(&mut b, now(6), &mut quiet()).unwrap();
    assert_eq!(newer.stopped.len(), 1);
    assert!(newer.stopped[0].1.contains("upgrade bearing"), "{newer:?}");
    let status = status(&b).unwrap();
    assert!(
        status.devices[0]
            .stopped
            .as_deref()
            .unwrap()
            .contains("newer bearing")
    );
}

#[test]
fn clocks_an_hour_apart_and_a_month_offline_with_200_edits_on_each_side_converge() {
    let dir = tempfile::tempdir().unwrap();
    let place = Place::Folder(dir.path().to_path_buf());
    let (mut a, mut b) = (journal(), journal());
    for i in 0..20 {
        write(&mut a, &format!("Shared entry {i}"));
    }
    init(&mut a, &place, &pass("pw"), now(0), &mut quiet()).unwrap();
    join(&mut b, &place, &pass("pw"), now(0), &mut quiet()).unwrap();
    let ids = |j: &Journal| -> Vec<i64> {
        let mut e = j.store().list_entries(&Default::default()).unwrap();
        e.sort_by(|x, y| x.body.cmp(&y.body));
        e.into_iter().map(|e| e.id).collect()
    };
    let (ids_a, ids_b) = (ids(&a), ids(&b));
    // A month apart; b's clock an hour behind. Each edits its own 9 entries 20 times (180
    // edits on each side, and 20 new entries) and both edit the last one.
    for round in 0..20 {
        for k in 0..9 {
            a.store_mut()
                .update_entry_body(ids_a[k], &format!("a's edit {round} of {k}"))
                .unwrap();
            b.store_mut()
                .update_entry_body(ids_b[10 + k], &format!("b's edit {round} of {}", 10 + k))
                .unwrap();
        }
        write(&mut a, &format!("a offline {round}"));
        write(&mut b, &format!("b offline {round}"));
    }
    // One entry both edited: the later (a, whose clock is ahead) holds it, b's is a copy.
    a.store_mut()
        .update_entry_body(ids_a[19], "both: a's words")
        .unwrap();
    b.store_mut()
        .update_entry_body(ids_b[19], "both: b's words")
        .unwrap();
    let month = 31 * 24 * 60;
    sync(&mut b, now(month - 60), &mut quiet()).unwrap();
    let on_a = sync(&mut a, now(month), &mut quiet()).unwrap();
    assert_eq!((on_a.copies, on_a.conflicts), (1, 1), "{on_a:?}");
    sync(&mut b, now(month + 1), &mut quiet()).unwrap();
    sync(&mut a, now(month + 2), &mut quiet()).unwrap();
    assert_eq!(
        a.store().sync_canonical().unwrap(),
        b.store().sync_canonical().unwrap()
    );
    let all = bodies(&a);
    assert_eq!(all.len(), 20 + 2 * 20 + 1);
    for k in 0..9 {
        assert!(all.contains(&format!("a's edit 19 of {k}")));
        assert!(all.contains(&format!("b's edit 19 of {}", 10 + k)));
    }
    assert!(
        all.iter()
            .any(|b| b.ends_with("\n\nboth: b's words") || b.ends_with("\n\nboth: a's words"))
    );
    // sync status counts the copy until it is made one with the original and deleted.
    assert_eq!(
        (status(&b).unwrap().conflicts, status(&b).unwrap().held_back),
        (1, 0)
    );
    let copy = a
        .store()
        .list_entries(&Default::default())
        .unwrap()
        .into_iter()
        .find(|e| e.body.starts_with("(edited in two places"))
        .unwrap();
    a.store_mut().delete_entry(copy.id).unwrap();
    assert_eq!(
        sync(&mut a, now(month + 3), &mut quiet())
            .unwrap()
            .conflicts,
        0
    );
    sync(&mut b, now(month + 4), &mut quiet()).unwrap();
    assert_eq!(status(&b).unwrap().conflicts, 0);
}

#[test]
fn a_forgotten_device_is_read_no_more_and_the_others_take_the_new_key_with_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let place = Place::Folder(dir.path().to_path_buf());
    let (mut a, mut b, mut lost) = (journal(), journal(), journal());
    init(&mut a, &place, &pass("pw"), now(0), &mut quiet()).unwrap();
    join(&mut b, &place, &pass("pw"), now(1), &mut quiet()).unwrap();
    write(&mut lost, "Written on the laptop before it was lost");
    join(&mut lost, &place, &pass("pw"), now(2), &mut quiet()).unwrap();
    let lost_id = lost.store().sync_device().unwrap();
    let wrong = forget(&mut a, &lost_id, &pass("not it"), now(3), &mut quiet()).unwrap_err();
    assert_eq!(wrong.field(), Some(Field::Passphrase));
    let unknown = forget(
        &mut a,
        "aaaaaaaaaaaaaaaaaaaaaaaaaa",
        &pass("pw"),
        now(3),
        &mut quiet(),
    )
    .unwrap_err();
    assert!(unknown.to_string().contains("no device"), "{unknown}");
    forget(&mut a, &lost_id, &pass("pw"), now(3), &mut quiet()).unwrap();
    write(&mut a, "After the laptop was stolen");
    sync(&mut a, now(4), &mut quiet()).unwrap();
    // b needs the new key for a's new batch, and takes it with the passphrase; a's batch
    // tells it the lost device is forgotten.
    let on_b = sync(&mut b, now(5), &mut quiet()).unwrap();
    assert!(
        on_b.stopped
            .iter()
            .any(|(_, why)| why.contains("journal key")),
        "{on_b:?}"
    );
    let rejoined = join(&mut b, &place, &pass("pw"), now(6), &mut quiet()).unwrap();
    assert!(rejoined.merged_batches >= 1, "{rejoined:?}");
    assert!(bodies(&b).contains(&"After the laptop was stolen".to_string()));
    // The lost device writes on: nobody reads it. It cannot read what a wrote since.
    write(&mut lost, "Written by whoever has it");
    sync(&mut lost, now(7), &mut quiet()).unwrap();
    let on_lost = sync(&mut lost, now(8), &mut quiet()).unwrap();
    assert!(!bodies(&lost).contains(&"After the laptop was stolen".to_string()));
    assert!(
        on_lost
            .stopped
            .iter()
            .any(|(_, why)| why.contains("does not have")),
        "{on_lost:?}"
    );
    sync(&mut a, now(9), &mut quiet()).unwrap();
    sync(&mut b, now(9), &mut quiet()).unwrap();
    assert!(!bodies(&b).contains(&"Written by whoever has it".to_string()));
    assert!(!bodies(&a).contains(&"Written by whoever has it".to_string()));
    let status = status(&b).unwrap();
    let lost_row = status.devices.iter().find(|d| d.device == lost_id).unwrap();
    assert!(
        lost_row
            .stopped
            .as_deref()
            .unwrap()
            .starts_with("forgotten"),
        "{lost_row:?}"
    );
}

#[test]
fn a_copied_journal_file_syncs_as_a_device_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let place = Place::Folder(dir.path().join("sync"));
    let path = dir.path().join("journal.db");
    let mut first = Journal::new(Store::open(&path).unwrap());
    assert!(first.take_notices().unwrap().is_empty(), "its own file");
    write(&mut first, "Before the copy");
    init(&mut first, &place, &pass("pw"), now(0), &mut quiet()).unwrap();
    drop(first);
    let copy = dir.path().join("copy.db");
    std::fs::copy(&path, &copy).unwrap();
    let mut first = Journal::new(Store::open(&path).unwrap());
    assert!(first.take_notices().unwrap().is_empty(), "the same file");
    let mut second = Journal::new(Store::open(&copy).unwrap());
    let told = second.take_notices().unwrap();
    assert!(
        told.iter().any(|n| n.contains("not the one that synced")),
        "{told:?}"
    );
    assert!(second.take_notices().unwrap().is_empty(), "told once");
    let (a, b) = (
        first.store().sync_device().unwrap(),
        second.store().sync_device().unwrap(),
    );
    assert_ne!(a, b);
    write(&mut first, "On the first");
    write(&mut second, "On the copy");
    sync(&mut first, now(1), &mut quiet()).unwrap();
    sync(&mut second, now(2), &mut quiet()).unwrap();
    sync(&mut first, now(3), &mut quiet()).unwrap();
    assert_eq!(bodies(&first), bodies(&second));
    assert_eq!(bodies(&first).len(), 3);
}

#[test]
fn a_new_sync_passphrase_opens_the_key_and_the_old_one_no_longer_does() {
    let dir = tempfile::tempdir().unwrap();
    let place = Place::Folder(dir.path().to_path_buf());
    let (mut a, mut b, mut c) = (journal(), journal(), journal());
    init(&mut a, &place, &pass("old one"), now(0), &mut quiet()).unwrap();
    join(&mut b, &place, &pass("old one"), now(1), &mut quiet()).unwrap();
    let wrong = change_passphrase(&mut a, &pass("not it"), &pass("new one")).unwrap_err();
    assert_eq!(wrong.field(), Some(Field::Passphrase));
    change_passphrase(&mut a, &pass("old one"), &pass("new one")).unwrap();
    write(&mut a, "After the change");
    sync(&mut a, now(2), &mut quiet()).unwrap();
    sync(&mut b, now(3), &mut quiet()).unwrap();
    assert_eq!(bodies(&b), vec!["After the change"], "b keeps working");
    let refused = join(&mut c, &place, &pass("old one"), now(4), &mut quiet()).unwrap_err();
    assert_eq!(refused.field(), Some(Field::Passphrase));
    join(&mut c, &place, &pass("new one"), now(5), &mut quiet()).unwrap();
    assert_eq!(bodies(&c), vec!["After the change"]);
}

#[test]
fn a_backup_put_back_over_the_journal_goes_on_as_a_new_device_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let place = Place::Folder(dir.path().join("place"));
    let (file, kept) = (dir.path().join("journal.db"), dir.path().join("backup.db"));
    let mut laptop = Journal::new(Store::open(&file).unwrap());
    write(&mut laptop, "one");
    init(&mut laptop, &place, &pass("pw"), now(0), &mut quiet()).unwrap();
    crate::app::files::backup(&laptop, &kept).unwrap();
    write(&mut laptop, "two, after the backup");
    sync(&mut laptop, now(1), &mut quiet()).unwrap();
    let old_id = status(&laptop).unwrap().device;
    drop(laptop);
    // Put back in place: the same file, so nothing tells it is not the one that synced.
    std::fs::write(&file, std::fs::read(&kept).unwrap()).unwrap();
    let mut laptop = Journal::new(Store::open(&file).unwrap());
    assert_eq!(status(&laptop).unwrap().device, old_id);
    write(&mut laptop, "three, after putting it back");
    let report = sync(&mut laptop, now(2), &mut quiet()).unwrap();
    assert!(
        report.notices.iter().any(|n| n.contains("new device")),
        "{report:?}"
    );
    let new_id = status(&laptop).unwrap().device;
    assert_ne!(new_id, old_id);
    // What the journal wrote before it was put back comes back from its old log.
    assert_eq!(
        bodies(&laptop),
        vec![
            "one".to_string(),
            "three, after putting it back".to_string(),
            "two, after the backup".to_string()
        ]
    );
    // Another device sees all three, and both end alike.
    let mut desktop = journal();
    join(&mut desktop, &place, &pass("pw"), now(3), &mut quiet()).unwrap();
    sync(&mut laptop, now(4), &mut quiet()).unwrap();
    assert_eq!(bodies(&desktop), bodies(&laptop));
    assert_eq!(
        desktop.store().sync_canonical().unwrap(),
        laptop.store().sync_canonical().unwrap()
    );
    // A sync later is quiet: no second split.
    let again = sync(&mut laptop, now(5), &mut quiet()).unwrap();
    assert!(again.notices.is_empty(), "{again:?}");
    assert_eq!(status(&laptop).unwrap().device, new_id);
}

/// Two devices syncing through a folder in `dir`, both knowing @Sam.
fn two_who_know_sam(dir: &Path) -> (Journal, Journal) {
    let place = Place::Folder(dir.to_path_buf());
    let (mut a, mut b) = (journal(), journal());
    write(&mut a, "1:1 with @Sam");
    init(&mut a, &place, &pass("pw"), now(0), &mut quiet()).unwrap();
    join(&mut b, &place, &pass("pw"), now(1), &mut quiet()).unwrap();
    (a, b)
}

#[test]
fn a_name_taken_on_each_device_at_once_is_told_and_never_stops_the_sync() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = two_who_know_sam(dir.path());
    // a renames Sam to Alex while b writes about a new Alex: one name, two people.
    a.store_mut().rename_person("Sam", "Alex").unwrap();
    write(&mut b, "Lunch with @Alex");
    sync(&mut b, now(2), &mut quiet()).unwrap();
    let on_a = sync(&mut a, now(3), &mut quiet()).unwrap();
    let on_b = sync(&mut b, now(4), &mut quiet()).unwrap();
    for report in [&on_a, &on_b] {
        assert!(
            report
                .notices
                .iter()
                .any(|n| n.contains("could not be merged here")),
            "{report:?}"
        );
    }
    // The sync goes on: what either writes next reaches the other.
    write(&mut a, "After the clash, from a");
    write(&mut b, "After the clash, from b");
    sync(&mut a, now(5), &mut quiet()).unwrap();
    sync(&mut b, now(6), &mut quiet()).unwrap();
    sync(&mut a, now(7), &mut quiet()).unwrap();
    for j in [&a, &b] {
        let all = bodies(j);
        assert!(
            all.contains(&"After the clash, from a".to_string()),
            "{all:?}"
        );
        assert!(
            all.contains(&"After the clash, from b".to_string()),
            "{all:?}"
        );
        assert!(all.contains(&"Lunch with @Alex".to_string()), "{all:?}");
    }
}

#[test]
fn a_person_renamed_on_two_devices_at_once_keeps_both_names() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = two_who_know_sam(dir.path());
    a.store_mut().rename_person("Sam", "Samuel").unwrap();
    b.store_mut().rename_person("Sam", "Sammy").unwrap();
    sync(&mut a, now(2), &mut quiet()).unwrap();
    let on_b = sync(&mut b, now(3), &mut quiet()).unwrap();
    let on_a = sync(&mut a, now(4), &mut quiet()).unwrap();
    sync(&mut b, now(5), &mut quiet()).unwrap();
    // b's rename is the later: the person is Sammy everywhere, and Samuel (and Sam)
    // still find them, on both devices.
    assert!(
        on_b.notices
            .iter()
            .chain(&on_a.notices)
            .any(|n| n.contains("renamed on two devices at once")),
        "{on_a:?} {on_b:?}"
    );
    for j in [&a, &b] {
        let people = j.store().list_people().unwrap();
        assert_eq!(people.len(), 1, "{people:?}");
        assert_eq!(people[0].name, "Sammy");
        for name in ["Samuel", "Sam", "Sammy"] {
            assert!(j.store().knows_person(name).unwrap(), "{name}");
        }
    }
    assert_eq!(
        a.store().sync_canonical().unwrap(),
        b.store().sync_canonical().unwrap()
    );
}

#[test]
fn a_person_merged_away_on_one_device_while_the_other_noted_a_conversation_with_them_stays() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = two_who_know_sam(dir.path());
    write(&mut a, "And @Samuel too");
    sync(&mut a, now(2), &mut quiet()).unwrap();
    sync(&mut b, now(3), &mut quiet()).unwrap();
    // a merges Sam into Samuel; b, not knowing, notes a conversation with Sam.
    a.store_mut().merge_people("Sam", "Samuel").unwrap();
    b.store_mut()
        .insert_conversation(&crate::store::NewConversation {
            person: "Sam",
            topic: "Career plans",
            planned_at: None,
            stay_interview: false,
            event_uid: None,
        })
        .unwrap();
    sync(&mut a, now(4), &mut quiet()).unwrap();
    let on_b = sync(&mut b, now(5), &mut quiet()).unwrap();
    let on_a = sync(&mut a, now(6), &mut quiet()).unwrap();
    sync(&mut b, now(7), &mut quiet()).unwrap();
    assert!(
        on_b.notices.iter().any(|n| n.contains("refers to it")),
        "{on_b:?}"
    );
    assert!(
        on_a.notices.iter().any(|n| n.contains("came back")),
        "{on_a:?}"
    );
    // Nothing stuck, nothing lost: both hold the conversation, with Sam, and end alike.
    for j in [&a, &b] {
        let talks = j.store().list_conversations(&Default::default()).unwrap();
        assert_eq!(talks.len(), 1, "{talks:?}");
        assert_eq!(talks[0].topic, "Career plans");
        assert!(j.store().knows_person("Sam").unwrap());
    }
    assert_eq!(
        a.store().sync_canonical().unwrap(),
        b.store().sync_canonical().unwrap()
    );
    let again = sync(&mut a, now(8), &mut quiet()).unwrap();
    assert_eq!(again.held_back, 0, "{again:?}");
}
