//! Snapshots and compaction. Now and then a device writes a snapshot of the journal
//! (sealed like a batch) and removes its own batches an earlier snapshot holds, so the
//! place does not grow without end. A new device starts from a snapshot instead of from
//! every batch ever written; a device offline while batches it had not read were removed
//! merges the snapshot that holds them, keeping what it changed meanwhile (sent next).

use std::collections::{BTreeMap, BTreeSet};

use super::{Journal, Now, Progress, Report, Result, keys, millis, place_error};
use crate::app::{Error, Field};
use crate::io::journal_sync::{
    BatchError, Created, DeviceId, KeyRing, SnapshotId, SyncPlace, batch,
};

/// A device writes a snapshot after this many batches of its own since its last one
/// (a batch per sync that sent something: weeks of use), and then removes the batches
/// the snapshot before held. A device that syncs at least that often never needs one.
pub const EVERY: u64 = 100;

/// Merges the snapshots this device needs before it reads batches: a device that merged
/// nothing yet starts from the newest snapshot of another device; a device whose next
/// batch was removed (its maker compacted its log) merges that maker's snapshot.
/// `listings` are each other device's batches in the place.
pub(super) fn catch_up(
    journal: &mut Journal,
    (place, ring, own): (&dyn SyncPlace, &KeyRing, &DeviceId),
    now: Now,
    listings: &BTreeMap<DeviceId, Vec<u64>>,
    report: &mut Report,
    progress: Progress<'_>,
) -> Result<()> {
    let mut newest: BTreeMap<DeviceId, SnapshotId> = BTreeMap::new();
    for id in place.snapshots().map_err(place_error)? {
        if id.device != *own && newest.get(&id.device).is_none_or(|s| s.number < id.number) {
            newest.insert(id.device.clone(), id);
        }
    }
    let mut merged: BTreeSet<DeviceId> = BTreeSet::new();
    loop {
        let known = journal.store().sync_devices()?;
        let fresh = known.values().all(|r| r.applied == 0);
        let usable = newest.values().filter(|s| {
            !merged.contains(&s.device)
                && known
                    .get(s.device.as_str())
                    .is_none_or(|r| r.stopped.is_none())
        });
        let behind = |s: &&SnapshotId| {
            let applied = known.get(s.device.as_str()).map_or(0, |r| r.applied);
            s.number > applied
                && !listings
                    .get(&s.device)
                    .is_some_and(|seqs| seqs.contains(&(applied + 1)))
        };
        let next = usable
            .clone()
            .find(behind)
            .or_else(|| fresh.then(|| usable.max_by_key(|s| s.number)).flatten())
            .cloned();
        let Some(id) = next else {
            return Ok(());
        };
        merged.insert(id.device.clone());
        progress("reading a snapshot", 1, 1);
        let Some(bytes) = place.read_snapshot(&id).map_err(place_error)? else {
            // Removed since it was listed (its maker wrote a newer one): the next sync.
            report.waiting.push(id.device.to_string());
            continue;
        };
        let opened = match batch::open_snapshot(ring, &id, &bytes) {
            Ok(opened) => opened,
            Err(BatchError::Incomplete) => {
                report.waiting.push(id.device.to_string());
                continue;
            }
            Err(e) => {
                let why = super::pull::unreadable(&format!("its snapshot {}", id.number), e);
                report.stopped.push((id.device.to_string(), why));
                continue;
            }
        };
        drop(bytes);
        let stamp = crate::domain::time::rfc3339(&now.at);
        let applied = journal
            .store_mut()
            .sync_apply_snapshot(&opened.payload, (millis(now), &stamp))?;
        for device in &applied.forgotten {
            let why = format!("{} by device {}", keys::FORGOTTEN, id.device);
            journal.store_mut().sync_stop_device(device, Some(&why))?;
        }
        report.snapshots += 1;
        report.merged_rows += applied.applied.rows;
        report.copies += applied.applied.copies;
        report.notices.extend(applied.applied.notices);
    }
}

/// What a compaction did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Compacted {
    /// The snapshot written: this device's last batch it holds (`None`: none was, as
    /// changes wait to be sent, or nothing was sent since the last one).
    pub snapshot: Option<u64>,
    /// This device's batches removed.
    pub removed: usize,
}

/// Writes a snapshot when this device sent `every` batches since its last one, then
/// removes its batches up to `remove_upto(last snapshot before, this one)`.
pub(super) fn compact(
    journal: &mut Journal,
    place: &dyn SyncPlace,
    ring: &KeyRing,
    own: &DeviceId,
    every: u64,
    remove_upto: fn(u64, u64) -> u64,
) -> Result<Compacted> {
    let Some(row) = journal.store().sync_place()? else {
        return Ok(Compacted::default());
    };
    if row.sent == 0 || row.sent < row.snapshot + every {
        return Ok(Compacted::default());
    }
    let forgotten = keys::forgotten(&journal.store().sync_devices()?);
    let Some(payload) = journal.store_mut().sync_snapshot(&forgotten)? else {
        return Ok(Compacted::default());
    };
    let id = SnapshotId {
        number: row.sent,
        device: own.clone(),
    };
    let sealed = batch::seal_snapshot(ring, &id, &payload).map_err(|e| {
        Error::refused(
            Field::SyncPlace,
            format!("a snapshot could not be sealed: {e}"),
        )
    })?;
    drop(payload);
    if place.write_snapshot(&id, &sealed).map_err(place_error)? == Created::AlreadyThere {
        // Written before without hearing back (a kill): kept when it opens, else again.
        let there = place.read_snapshot(&id).map_err(place_error)?;
        if there.is_none_or(|b| batch::open_snapshot(ring, &id, &b).is_err()) {
            place.remove_snapshot(&id).map_err(place_error)?;
            if place.write_snapshot(&id, &sealed).map_err(place_error)? == Created::AlreadyThere {
                return Ok(Compacted::default());
            }
        }
    }
    journal.store_mut().sync_snapshot_written(id.number)?;
    // Only once the new one is there: the older snapshots, and the batches it lets go.
    for old in place.snapshots().map_err(place_error)? {
        if old.device == *own && old.number < id.number {
            place.remove_snapshot(&old).map_err(place_error)?;
        }
    }
    let upto = remove_upto(row.snapshot, id.number);
    let mut removed = 0;
    for seq in place.batches(own).map_err(place_error)? {
        if seq <= upto && place.remove_batch(own, seq).map_err(place_error)? {
            removed += 1;
        }
    }
    Ok(Compacted {
        snapshot: Some(id.number),
        removed,
    })
}

#[cfg(test)]
#[path = "snapshot_tests.rs"]
mod tests;
