//! Devices in memory: each a journal; a push is its outbox taken whole, a pull merges
//! another's.

use chrono::DateTime;

use crate::domain::entry::{EntryKind, NewEntry};
use crate::domain::sync::RowChange;
use crate::store::Store;

const NOW: i64 = 1_796_000_000_000;

fn device() -> Store {
    Store::open_in_memory().unwrap()
}

fn write(store: &mut Store, body: &str) -> i64 {
    store
        .insert_entry(
            &NewEntry {
                kind: EntryKind::Reflection,
                at: DateTime::parse_from_rfc3339("2026-12-07T09:00:00+01:00").unwrap(),
                body: body.into(),
            },
            None,
        )
        .unwrap()
        .id
}

/// What `store` pushes: what changed since its last push.
fn push(store: &mut Store, now: i64) -> Vec<RowChange> {
    store.sync_gather(now).unwrap();
    let out = store.sync_outbox().unwrap();
    if let Some((last, _)) = out.last() {
        store.sync_outbox_sent(*last).unwrap();
    }
    out.into_iter().map(|(_, r)| r).collect()
}

fn bodies(store: &Store) -> Vec<String> {
    let mut all: Vec<String> = store
        .list_entries(&crate::store::JournalFilter::default())
        .unwrap()
        .into_iter()
        .map(|e| e.body)
        .collect();
    all.sort();
    all
}

#[test]
fn each_device_has_its_own_id_and_every_carried_row_a_stable_one() {
    let (a, b) = (device(), device());
    let (ida, idb) = (a.sync_device().unwrap(), b.sync_device().unwrap());
    assert_ne!(ida, idb);
    assert!(crate::domain::sync::is_device_id(&ida), "{ida}");
    let mut a = a;
    write(&mut a, "Met @Zoë about #hiring");
    let sent = push(&mut a, NOW);
    let entry = sent.iter().find(|r| r.table == "entries").unwrap();
    assert_eq!(entry.sid.len(), 32);
    let person = sent.iter().find(|r| r.table == "people").unwrap();
    assert_eq!(
        person.sid, "person:zoe",
        "a person's id is made from the folded name"
    );
    assert!(
        sent.iter().position(|r| r.table == "people")
            < sent.iter().position(|r| r.table == "entries"),
        "a person goes before what names them"
    );
    assert!(entry.fields.iter().all(|f| f.parent.is_none()));
    assert!(push(&mut a, NOW).is_empty(), "nothing changed since");
}

#[test]
fn a_change_made_on_one_device_arrives_on_another_with_its_tags_and_people() {
    let (mut a, mut b) = (device(), device());
    let id = write(&mut a, "First draft about #vision with @Sam");
    let sent = push(&mut a, NOW);
    let applied = b.sync_apply(&sent, NOW + 10).unwrap();
    assert!(applied.rows >= 2);
    assert_eq!(bodies(&b), vec!["First draft about #vision with @Sam"]);
    assert_eq!(a.sync_canonical().unwrap(), b.sync_canonical().unwrap());
    let found = b
        .list_entries(&crate::store::JournalFilter {
            tag: Some("vision".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.len(), 1, "the tag followed the text");
    // A later edit on a, built on what b holds: taken, no copy.
    a.update_entry_body(id, "Second draft about #vision")
        .unwrap();
    let sent = push(&mut a, NOW + 20);
    let field = &sent[0].fields[0];
    assert_eq!(field.field, "body");
    assert!(
        field.parent.is_some(),
        "the change names the version it replaced"
    );
    let applied = b.sync_apply(&sent, NOW + 30).unwrap();
    assert_eq!(applied.copies, 0);
    assert_eq!(bodies(&b), vec!["Second draft about #vision"]);
    // Nothing came back from b that a did not have.
    let back = push(&mut b, NOW + 40);
    a.sync_apply(&back, NOW + 50).unwrap();
    assert_eq!(a.sync_canonical().unwrap(), b.sync_canonical().unwrap());
}

#[test]
fn a_text_written_on_two_devices_at_once_keeps_both_and_both_devices_agree() {
    let (mut a, mut b) = (device(), device());
    let id_a = write(&mut a, "Base text");
    let sent = push(&mut a, NOW);
    b.sync_apply(&sent, NOW + 1).unwrap();
    let id_b = b.list_entries(&Default::default()).unwrap()[0].id;
    a.update_entry_body(id_a, "Written on the laptop").unwrap();
    b.update_entry_body(id_b, "Written on the desktop").unwrap();
    let from_a = push(&mut a, NOW + 100);
    let from_b = push(&mut b, NOW + 200);
    let on_a = a.sync_apply(&from_b, NOW + 300).unwrap();
    let on_b = b.sync_apply(&from_a, NOW + 300).unwrap();
    assert_eq!((on_a.copies, on_b.copies), (1, 1));
    // Each pushes the copy it made: the same copy, so nothing more changes.
    let again_a = push(&mut a, NOW + 400);
    let again_b = push(&mut b, NOW + 400);
    b.sync_apply(&again_a, NOW + 500).unwrap();
    a.sync_apply(&again_b, NOW + 500).unwrap();
    assert_eq!(a.sync_canonical().unwrap(), b.sync_canonical().unwrap());
    let all = bodies(&a);
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(
        all.contains(&"Written on the desktop".to_string()),
        "the later one holds the entry"
    );
    assert!(
        all.iter()
            .any(|b| b.contains("edited in two places") && b.ends_with("Written on the laptop")),
        "{all:?}"
    );
}

#[test]
fn an_edit_not_seen_by_the_deleting_device_wins_and_the_row_comes_back_whole() {
    let (mut a, mut b) = (device(), device());
    let id_a = write(&mut a, "Keep me #one");
    b.sync_apply(&push(&mut a, NOW), NOW + 1).unwrap();
    let id_b = b.list_entries(&Default::default()).unwrap()[0].id;
    b.update_entry_body(id_b, "Kept, and edited #two").unwrap();
    a.delete_entry(id_a).unwrap();
    let from_a = push(&mut a, NOW + 100);
    assert!(from_a.iter().any(|r| r.deleted.is_some()));
    let from_b = push(&mut b, NOW + 200);
    let on_b = b.sync_apply(&from_a, NOW + 300).unwrap();
    assert_eq!(on_b.notices.len(), 1, "{:?}", on_b.notices);
    let on_a = a.sync_apply(&from_b, NOW + 300).unwrap();
    assert_eq!(on_a.notices.len(), 1, "{:?}", on_a.notices);
    assert_eq!(bodies(&a), vec!["Kept, and edited #two"]);
    assert_eq!(a.sync_canonical().unwrap(), b.sync_canonical().unwrap());
}

#[test]
fn a_deletion_after_the_last_edit_wins_everywhere() {
    let (mut a, mut b) = (device(), device());
    let id_a = write(&mut a, "Short lived");
    b.sync_apply(&push(&mut a, NOW), NOW + 1).unwrap();
    a.delete_entry(id_a).unwrap();
    b.sync_apply(&push(&mut a, NOW + 100), NOW + 200).unwrap();
    assert!(bodies(&b).is_empty());
    assert_eq!(a.sync_canonical().unwrap(), b.sync_canonical().unwrap());
}

#[test]
fn a_change_made_here_while_changes_arrive_is_noted_and_changes_there_are_not_echoed() {
    let (mut a, mut b) = (device(), device());
    write(&mut a, "From a");
    let sent = push(&mut a, NOW);
    write(&mut b, "From b, not yet pushed");
    b.sync_apply(&sent, NOW + 10).unwrap();
    let back = push(&mut b, NOW + 20);
    assert!(
        back.iter().all(|r| r.table != "entries"
            || r.fields.iter().any(|f| f.value == "From b, not yet pushed")),
        "what arrived is not sent back: {back:?}"
    );
    assert_eq!(back.iter().filter(|r| r.table == "entries").count(), 1);
}

#[test]
fn giving_a_new_row_its_id_is_not_an_edit() {
    let mut a = device();
    let id = write(&mut a, "New");
    let entry = a.entry(id).unwrap().unwrap();
    assert_eq!(
        entry.version, 0,
        "an editor that loaded it may save over it"
    );
    let device = a.sync_device().unwrap();
    assert!(
        crate::domain::sync::is_device_id(&device) && device.len() == 26,
        "{device}"
    );
}
