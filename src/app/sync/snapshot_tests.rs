//! Snapshots and compaction, with journals and a folder, in process.

use std::path::Path;

use super::super::tests::{bodies, files, journal, now, pass, quiet, write};
use super::super::{Place, compact, init, join, status, sync};
use super::EVERY;
use crate::app::Journal;

fn batches(root: &Path, device: &str) -> usize {
    std::fs::read_dir(root.join("devices").join(device))
        .map(|d| d.count())
        .unwrap_or(0)
}

fn snapshots(root: &Path) -> Vec<String> {
    let mut all: Vec<String> = std::fs::read_dir(root.join("snapshots"))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    all.sort();
    all
}

fn canonical(j: &Journal) -> String {
    j.store().sync_canonical().unwrap()
}

fn entry_id(j: &Journal, starts: &str) -> i64 {
    j.store()
        .list_entries(&Default::default())
        .unwrap()
        .into_iter()
        .find(|e| e.body.starts_with(starts))
        .unwrap()
        .id
}

#[test]
fn a_compacted_log_leaves_a_sealed_snapshot_a_new_device_starts_from() {
    let dir = tempfile::tempdir().unwrap();
    let place = Place::Folder(dir.path().to_path_buf());
    let mut laptop = journal();
    write(&mut laptop, "Quetzalcoatl first #vision");
    init(&mut laptop, &place, &pass("pw"), now(0), &mut quiet()).unwrap();
    for i in 0..5 {
        write(&mut laptop, &format!("Quetzalcoatl day {i}"));
        sync(&mut laptop, now(i + 1), &mut quiet()).unwrap();
    }
    let own = status(&laptop).unwrap().device;
    assert_eq!(batches(dir.path(), &own), 6);
    let done = compact(&mut laptop, now(10), &mut quiet()).unwrap();
    assert_eq!(done.compacted.snapshot, Some(6), "{done:?}");
    assert_eq!(done.compacted.removed, 6);
    assert_eq!(batches(dir.path(), &own), 0, "every batch it holds is gone");
    assert_eq!(snapshots(dir.path()).len(), 1);
    // Sealed and private like the batches.
    for (path, bytes) in files(dir.path()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("Quetzalcoatl"),
            "{path:?}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600, "{path:?}");
            // The folders bearing made (the place itself is the test's).
            let parent = path.parent().unwrap();
            if parent != dir.path() {
                assert_eq!(mode(parent), 0o700, "{path:?}");
            }
        }
    }
    // Nothing new since: no second snapshot.
    let again = compact(&mut laptop, now(11), &mut quiet()).unwrap();
    assert_eq!(again.compacted.snapshot, None);
    // A new device has only the snapshot to start from, and ends alike.
    let mut desktop = journal();
    let joined = join(&mut desktop, &place, &pass("pw"), now(12), &mut quiet()).unwrap();
    assert_eq!(
        (joined.snapshots, joined.merged_batches),
        (1, 0),
        "{joined:?}"
    );
    assert_eq!(canonical(&desktop), canonical(&laptop));
    assert_eq!(bodies(&desktop).len(), 6);
    // And goes on from there: an edit after the snapshot arrives as a batch.
    write(&mut laptop, "Quetzalcoatl after the snapshot");
    sync(&mut laptop, now(13), &mut quiet()).unwrap();
    let got = sync(&mut desktop, now(14), &mut quiet()).unwrap();
    assert_eq!((got.snapshots, got.merged_batches), (0, 1), "{got:?}");
    assert_eq!(canonical(&desktop), canonical(&laptop));
    // The desktop's own edit reaches the laptop.
    let id = entry_id(&desktop, "Quetzalcoatl day 3");
    desktop
        .store_mut()
        .update_entry_body(id, "Quetzalcoatl day 3, seen from home")
        .unwrap();
    sync(&mut desktop, now(15), &mut quiet()).unwrap();
    sync(&mut laptop, now(16), &mut quiet()).unwrap();
    assert_eq!(canonical(&desktop), canonical(&laptop));
    assert!(bodies(&laptop).contains(&"Quetzalcoatl day 3, seen from home".to_string()));
}

#[test]
fn a_device_offline_past_a_compaction_merges_the_snapshot_and_keeps_what_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let place = Place::Folder(dir.path().to_path_buf());
    let (mut a, mut b) = (journal(), journal());
    for i in 0..10 {
        write(&mut a, &format!("Shared {i}"));
    }
    init(&mut a, &place, &pass("pw"), now(0), &mut quiet()).unwrap();
    join(&mut b, &place, &pass("pw"), now(1), &mut quiet()).unwrap();
    // b goes offline: edits one entry alone, one that a edits too, deletes one, writes
    // a new one.
    let b_alone = entry_id(&b, "Shared 1");
    let b_both = entry_id(&b, "Shared 2");
    let b_gone = entry_id(&b, "Shared 3");
    b.store_mut()
        .update_entry_body(b_alone, "Shared 1 by b")
        .unwrap();
    b.store_mut()
        .update_entry_body(b_both, "Shared 2 by b")
        .unwrap();
    b.store_mut().delete_entry(b_gone).unwrap();
    write(&mut b, "Written by b offline");
    // a goes on, a lot, and compacts its log away.
    let a_both = entry_id(&a, "Shared 2");
    let a_more = entry_id(&a, "Shared 4");
    a.store_mut()
        .update_entry_body(a_both, "Shared 2 by a")
        .unwrap();
    sync(&mut a, now(2), &mut quiet()).unwrap();
    for i in 0..4 {
        a.store_mut()
            .update_entry_body(a_more, &format!("Shared 4 by a, take {i}"))
            .unwrap();
        write(&mut a, &format!("a's day {i}"));
        sync(&mut a, now(3 + i), &mut quiet()).unwrap();
    }
    let a_id = status(&a).unwrap().device;
    let done = compact(&mut a, now(10), &mut quiet()).unwrap();
    assert!(done.compacted.removed >= 5, "{done:?}");
    assert_eq!(batches(dir.path(), &a_id), 0);
    // b comes back: a's batches it never read are gone; the snapshot holds them.
    let back = sync(&mut b, now(20), &mut quiet()).unwrap();
    assert_eq!(back.snapshots, 1, "{back:?}");
    assert!(
        back.waiting.is_empty() && back.stopped.is_empty(),
        "{back:?}"
    );
    assert!(back.sent >= 4, "what b wrote offline goes out: {back:?}");
    sync(&mut a, now(21), &mut quiet()).unwrap();
    assert_eq!(canonical(&a), canonical(&b));
    let all = bodies(&a);
    assert!(all.contains(&"Shared 1 by b".to_string()), "{all:?}");
    assert!(all.contains(&"Written by b offline".to_string()));
    assert!(all.contains(&"Shared 4 by a, take 3".to_string()));
    assert!(!all.iter().any(|t| t == "Shared 3"), "b's deletion holds");
    // Written apart on both: the later change holds the entry (b's: a change takes its
    // version when a sync gathers it), and a's words are kept as a copy.
    assert!(all.contains(&"Shared 2 by b".to_string()));
    assert!(
        all.iter().any(|t| t.ends_with("\n\nShared 2 by a")),
        "{all:?}"
    );
    // No other copy: what one side had seen and changed since replaced it (b's edit of
    // entry 1, a's takes of entry 4) is no conflict.
    let copies = all
        .iter()
        .filter(|t| t.starts_with("(edited in two places"))
        .count();
    assert_eq!(copies, 1, "{all:?}");
}

#[test]
fn a_device_writes_a_snapshot_every_so_many_batches_and_lets_the_older_batches_go() {
    let dir = tempfile::tempdir().unwrap();
    let place = Place::Folder(dir.path().to_path_buf());
    let mut a = journal();
    write(&mut a, "Day 0");
    init(&mut a, &place, &pass("pw"), now(0), &mut quiet()).unwrap();
    let own = status(&a).unwrap().device;
    let seq = |n: u64| format!("{n:020}-{own}.snapshot");
    let mut written = Vec::new();
    for i in 1..=2 * EVERY {
        write(&mut a, &format!("Day {i}"));
        let report = sync(&mut a, now(i64::try_from(i).unwrap()), &mut quiet()).unwrap();
        written.extend(report.compacted.snapshot);
    }
    // One snapshot after EVERY batches, the next after EVERY more; the older goes, and
    // with it the batches the first held; those after it stay for devices reading them.
    assert_eq!(written, vec![EVERY, 2 * EVERY]);
    assert_eq!(snapshots(dir.path()), vec![seq(2 * EVERY)]);
    assert_eq!(
        batches(dir.path(), &own),
        usize::try_from(EVERY + 1).unwrap()
    );
    // A new device starts from the newest snapshot, and reads the one batch after it.
    let mut b = journal();
    let joined = join(&mut b, &place, &pass("pw"), now(1_000), &mut quiet()).unwrap();
    assert_eq!(
        (joined.snapshots, joined.merged_batches),
        (1, 1),
        "{joined:?}"
    );
    assert_eq!(canonical(&a), canonical(&b));
}
