//! Several devices in memory, random operations, batches delivered in random order and
//! twice: once everyone has synced, every device holds the same journal, and no text a
//! device sent is lost unless a later edit built on it replaced it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::DateTime;
use proptest::prelude::*;

use crate::domain::entry::{EntryKind, NewEntry};
use crate::domain::sync::{Payload, Ready, ready};
use crate::store::Store;

const NOW: i64 = 1_796_000_000_000;
const WORDS: [&str; 6] = ["#vision", "@Zoë", "@zoe", "@Sam", "#hiring", "plain"];

#[derive(Debug, Clone)]
enum Op {
    Write {
        device: usize,
        word: usize,
        n: u16,
    },
    Edit {
        device: usize,
        pick: usize,
        word: usize,
        n: u16,
    },
    Delete {
        device: usize,
        pick: usize,
    },
    Push {
        device: usize,
    },
    Deliver {
        device: usize,
        pick: usize,
    },
    /// The device writes a snapshot and removes its batches the snapshot holds.
    Compact {
        device: usize,
    },
    /// The device renames one of its people (two devices may rename one at once).
    Rename {
        device: usize,
        pick: usize,
        n: u16,
    },
    /// The device notes a conversation with one of the people the words name.
    Converse {
        device: usize,
        word: usize,
        n: u16,
    },
}

fn op(devices: usize, deletes: bool) -> impl Strategy<Value = Op> {
    let d = 0..devices;
    let w = 0..WORDS.len();
    let mut choices = vec![
        (
            3,
            (d.clone(), w.clone(), any::<u16>())
                .prop_map(|(device, word, n)| Op::Write { device, word, n })
                .boxed(),
        ),
        (
            4,
            (d.clone(), any::<usize>(), w, any::<u16>())
                .prop_map(|(device, pick, word, n)| Op::Edit {
                    device,
                    pick,
                    word,
                    n,
                })
                .boxed(),
        ),
        (3, d.clone().prop_map(|device| Op::Push { device }).boxed()),
        (
            1,
            (d.clone(), any::<usize>(), any::<u16>())
                .prop_map(|(device, pick, n)| Op::Rename { device, pick, n })
                .boxed(),
        ),
        (
            1,
            (d.clone(), 1..4usize, any::<u16>())
                .prop_map(|(device, word, n)| Op::Converse { device, word, n })
                .boxed(),
        ),
        (
            1,
            d.clone().prop_map(|device| Op::Compact { device }).boxed(),
        ),
        (
            5,
            (d.clone(), any::<usize>())
                .prop_map(|(device, pick)| Op::Deliver { device, pick })
                .boxed(),
        ),
    ];
    if deletes {
        choices.push((
            1,
            (d, any::<usize>())
                .prop_map(|(device, pick)| Op::Delete { device, pick })
                .boxed(),
        ));
    }
    proptest::strategy::Union::new_weighted(choices)
}

/// A device: its journal, its batches (`None` once compacted away), its latest snapshot
/// (its last batch the snapshot holds, and the snapshot), how far it merged the others',
/// and the batches delivered to it and not merged yet.
struct Device {
    store: Store,
    id: String,
    batches: Vec<Option<Payload>>,
    snapshot: Option<(u64, Vec<u8>)>,
    applied: BTreeMap<String, u64>,
    inbox: Vec<(String, u64, Payload)>,
}

struct World {
    devices: Vec<Device>,
    clock: i64,
    /// Every body value sent, by its version, with the version it replaced.
    sent: Vec<(String, Option<String>, String)>,
}

impl World {
    fn new(n: usize) -> World {
        let devices = (0..n)
            .map(|_| {
                let mut store = Store::open_in_memory().unwrap();
                store.start_sync(&place()).unwrap();
                let id = store.sync_device().unwrap();
                Device {
                    store,
                    id,
                    batches: Vec::new(),
                    snapshot: None,
                    applied: BTreeMap::new(),
                    inbox: Vec::new(),
                }
            })
            .collect();
        World {
            devices,
            clock: NOW,
            sent: Vec::new(),
        }
    }

    fn tick(&mut self) -> i64 {
        self.clock += 7;
        self.clock
    }

    /// The entries a user would edit on `device`: not the copies a merge kept (editing
    /// one replaces the words it keeps, as the user meant to).
    fn entries(&self, device: usize) -> Vec<i64> {
        self.devices[device]
            .store
            .list_entries(&Default::default())
            .unwrap()
            .into_iter()
            .filter(|e| !e.body.starts_with("(edited in two places"))
            .map(|e| e.id)
            .collect()
    }

    fn run(&mut self, op: &Op) {
        let now = self.tick();
        match *op {
            Op::Write { device, word, n } => {
                let body = format!("text {n} {} on {device}", WORDS[word]);
                self.devices[device]
                    .store
                    .insert_entry(
                        &NewEntry {
                            kind: EntryKind::Reflection,
                            at: DateTime::parse_from_rfc3339("2026-12-07T09:00:00+01:00").unwrap(),
                            body,
                        },
                        None,
                    )
                    .unwrap();
            }
            Op::Edit {
                device,
                pick,
                word,
                n,
            } => {
                let ids = self.entries(device);
                if !ids.is_empty() {
                    let body = format!("edit {n} {} on {device} at {now}", WORDS[word]);
                    self.devices[device]
                        .store
                        .update_entry_body(ids[pick % ids.len()], &body)
                        .unwrap();
                }
            }
            Op::Delete { device, pick } => {
                let ids = self.entries(device);
                if !ids.is_empty() {
                    self.devices[device]
                        .store
                        .delete_entry(ids[pick % ids.len()])
                        .unwrap();
                }
            }
            Op::Push { device } => self.push(device, now),
            Op::Deliver { device, pick } => {
                let all: Vec<(usize, usize)> = (0..self.devices.len())
                    .filter(|&d| d != device)
                    .flat_map(|d| (0..self.devices[d].batches.len()).map(move |i| (d, i)))
                    .collect();
                if !all.is_empty() {
                    let (from, i) = all[pick % all.len()];
                    self.catch_up(device, from, now);
                    if let Some(batch) = self.devices[from].batches[i].clone() {
                        let id = self.devices[from].id.clone();
                        self.devices[device].inbox.push((id, i as u64 + 1, batch));
                    }
                    self.merge(device, now);
                }
            }
            Op::Rename { device, pick, n } => {
                let people = self.devices[device].store.list_people().unwrap();
                if !people.is_empty() {
                    let from = people[pick % people.len()].name.clone();
                    // A name someone else has here is refused, as it is to a user.
                    let _ = self.devices[device]
                        .store
                        .rename_person(&from, &format!("Person {n}"));
                }
            }
            Op::Converse { device, word, n } => {
                let person = WORDS[word].trim_start_matches('@');
                self.devices[device]
                    .store
                    .insert_conversation(&crate::store::conversations::NewConversation {
                        person,
                        topic: &format!("topic {n} on {device}"),
                        planned_at: None,
                        stay_interview: false,
                        event_uid: None,
                    })
                    .unwrap();
            }
            Op::Compact { device } => {
                // As a sync does: what changed is sent first.
                self.push(device, now);
                let d = &mut self.devices[device];
                if let Some(bytes) = d.store.sync_snapshot(&[]).unwrap() {
                    let number = d.batches.len() as u64;
                    d.store.sync_snapshot_written(number).unwrap();
                    for b in &mut d.batches {
                        *b = None;
                    }
                    d.snapshot = Some((number, bytes));
                }
            }
        }
    }

    /// Merges the snapshot of `from` when `device` has not merged a batch of it that
    /// is gone now.
    fn catch_up(&mut self, device: usize, from: usize, now: i64) {
        let Some((number, bytes)) = self.devices[from].snapshot.clone() else {
            return;
        };
        let id = self.devices[from].id.clone();
        let d = &mut self.devices[device];
        let had = d.applied.get(&id).copied().unwrap_or(0);
        let gone = self.devices[from]
            .batches
            .get(usize::try_from(had).unwrap())
            .is_some_and(Option::is_none);
        let d = &mut self.devices[device];
        if had < number && gone {
            d.store
                .sync_apply_snapshot(&bytes, (now, "2026-12-07T09:00:00Z"))
                .unwrap();
            d.applied = d
                .store
                .sync_devices()
                .unwrap()
                .into_iter()
                .map(|(k, r)| (k, r.applied))
                .collect();
        }
    }

    fn push(&mut self, device: usize, now: i64) {
        let d = &mut self.devices[device];
        d.store.sync_gather(now).unwrap();
        let out = d.store.sync_outbox().unwrap();
        let Some((last, _)) = out.last() else {
            return;
        };
        let seq = d.batches.len() as u64 + 1;
        d.store.sync_sent(seq, &[7; 32], Some(*last)).unwrap();
        let rows: Vec<_> = out.into_iter().map(|(_, r)| r).collect();
        for r in rows.iter().filter(|r| r.table == "entries") {
            for f in r.fields.iter().filter(|f| f.field == "body") {
                self.sent.push((
                    f.version.to_string(),
                    f.parent.as_ref().map(ToString::to_string),
                    f.value.as_str().unwrap_or_default().to_string(),
                ));
            }
        }
        d.batches.push(Some(Payload {
            seen: d.applied.clone(),
            rows,
            forgotten: Vec::new(),
        }));
    }

    /// Merges every batch in the inbox that may be merged, until none may.
    fn merge(&mut self, device: usize, now: i64) {
        let d = &mut self.devices[device];
        loop {
            let mut progress = false;
            let mut i = 0;
            while i < d.inbox.len() {
                let (from, seq, batch) = &d.inbox[i];
                match ready(&d.applied, &d.id, &|_| false, from, *seq, &batch.seen) {
                    Ready::Now => {
                        d.store
                            .sync_apply_batch(from, *seq, &[7; 32], &batch.rows, (now, "-"))
                            .unwrap();
                        d.applied.insert(from.clone(), *seq);
                        d.inbox.swap_remove(i);
                        progress = true;
                    }
                    Ready::Done => {
                        d.inbox.swap_remove(i);
                    }
                    Ready::Later => i += 1,
                }
            }
            if !progress {
                break;
            }
        }
    }

    /// Everyone pushes and hears every batch, until nothing changes.
    fn settle(&mut self) {
        for _ in 0..4 {
            let now = self.tick();
            for d in 0..self.devices.len() {
                self.push(d, now);
            }
            for d in 0..self.devices.len() {
                for from in 0..self.devices.len() {
                    if from == d {
                        continue;
                    }
                    self.catch_up(d, from, now);
                    let id = self.devices[from].id.clone();
                    for (i, batch) in self.devices[from]
                        .batches
                        .clone()
                        .into_iter()
                        .enumerate()
                        .rev()
                    {
                        if let Some(batch) = batch {
                            self.devices[d]
                                .inbox
                                .push((id.clone(), i as u64 + 1, batch));
                        }
                    }
                }
                self.merge(d, now);
            }
        }
    }
}

/// Where the simulated devices sync: nowhere real, only so they keep what a sync keeps.
fn place() -> super::SyncPlaceRow {
    super::SyncPlaceRow {
        kind: "folder".into(),
        location: "/nowhere".into(),
        ..Default::default()
    }
}

fn check(devices: usize, ops: &[Op], deletes: bool) -> Result<(), TestCaseError> {
    let mut world = World::new(devices);
    for op in ops {
        world.run(op);
    }
    world.settle();
    let first = world.devices[0].store.sync_canonical().unwrap();
    for d in &world.devices[1..] {
        prop_assert_eq!(&first, &d.store.sync_canonical().unwrap());
    }
    for d in &world.devices {
        prop_assert!(d.inbox.is_empty(), "a batch was never merged");
    }
    if !deletes {
        // Every text sent that no later edit was built on is in some entry.
        let replaced: BTreeSet<&str> = world
            .sent
            .iter()
            .filter_map(|(_, p, _)| p.as_deref())
            .collect();
        let bodies: Vec<String> = world.devices[0]
            .store
            .list_entries(&Default::default())
            .unwrap()
            .into_iter()
            .map(|e| e.body)
            .collect();
        for (version, _, text) in &world.sent {
            if replaced.contains(version.as_str()) {
                continue;
            }
            prop_assert!(
                bodies
                    .iter()
                    .any(|b| b == text || b.ends_with(&format!("\n\n{text}"))),
                "lost: {text:?}"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn devices_that_heard_everything_hold_the_same_journal(
        ops in proptest::collection::vec(op(3, true), 1..60)
    ) {
        check(3, &ops, true)?;
    }

    #[test]
    fn no_text_sent_is_lost_unless_an_edit_built_on_it(
        ops in proptest::collection::vec(op(3, false), 1..60)
    ) {
        check(3, &ops, false)?;
    }
}
