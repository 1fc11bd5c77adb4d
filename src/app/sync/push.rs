//! Sending what changed in this journal: the changes gathered since the last push, as
//! the next sealed batches of this device's log, each chained to the one before.

use std::collections::BTreeMap;

use crate::domain::sync::Payload;
use crate::io::journal_sync::{
    BatchError, BatchHash, Created, DeviceId, KeyRing, SyncPlace, batch,
};

use super::{Journal, Now, Progress, Result, millis, place_error};
use crate::app::{Error, Field};

/// The most rows one batch holds: a first push of ten years of journal is several batches
/// of a few megabytes, not one that must be held whole to be sealed and read.
const BATCH_ROWS: usize = 2_000;

/// How many times a batch name found taken is looked at before the push gives up.
const TRIES: usize = 8;

/// Sends the changes gathered since the last push; returns how many rows were sent.
pub(super) fn push(
    journal: &mut Journal,
    place: &dyn SyncPlace,
    ring: &KeyRing,
    own: &DeviceId,
    now: Now,
    progress: Progress<'_>,
) -> Result<usize> {
    journal.store_mut().sync_gather(millis(now))?;
    let outbox = journal.store().sync_outbox()?;
    if outbox.is_empty() {
        return Ok(0);
    }
    let devices = journal.store().sync_devices()?;
    let seen: BTreeMap<String, u64> = devices
        .iter()
        .filter(|(_, r)| r.applied > 0)
        .map(|(d, r)| (d.clone(), r.applied))
        .collect();
    let forgotten = super::keys::forgotten(&devices);
    let mut sent = 0;
    let batches = outbox.len().div_ceil(BATCH_ROWS);
    for (n, chunk) in outbox.chunks(BATCH_ROWS).enumerate() {
        let payload = Payload {
            seen: seen.clone(),
            rows: chunk.iter().map(|(_, r)| r.clone()).collect(),
            forgotten: forgotten.clone(),
        };
        let text = serde_json::to_vec(&payload).map_err(|e| {
            Error::refused(
                Field::SyncPlace,
                format!("a batch could not be written: {e}"),
            )
        })?;
        let upto = chunk.last().map(|(id, _)| *id);
        write_next(journal, place, ring, own, &text, upto)?;
        sent += chunk.len();
        progress("sending", n + 1, batches);
    }
    Ok(sent)
}

/// Writes `payload` as this device's next batch, and records it sent. A name found taken
/// holds this payload when this device wrote it before without hearing back (a kill, a
/// lost answer): it counts as written; one cut short is removed and written again; any
/// other is another journal writing this log, and the sync stops (the next one goes on
/// as a new device).
fn write_next(
    journal: &mut Journal,
    place: &dyn SyncPlace,
    ring: &KeyRing,
    own: &DeviceId,
    payload: &[u8],
    upto: Option<i64>,
) -> Result<()> {
    for _ in 0..TRIES {
        let row = journal
            .store()
            .sync_place()?
            .ok_or_else(|| Error::refused(Field::SyncPlace, "this journal stopped syncing"))?;
        let seq = row.sent + 1;
        let prev = super::chained(row.sent_hash.as_deref());
        let sealed = batch::seal(ring, own, seq, &prev, payload).map_err(|e| {
            Error::refused(
                Field::SyncPlace,
                format!("a batch could not be sealed: {e}"),
            )
        })?;
        match place.write_batch(own, seq, &sealed).map_err(place_error)? {
            Created::Written => {
                journal
                    .store_mut()
                    .sync_sent(seq, BatchHash::of(&sealed).as_bytes(), upto)?;
                return Ok(());
            }
            Created::AlreadyThere => {
                // This journal's own write that it did not hear back from (a kill, a lost
                // answer) holds this very payload: sent. One cut short is written again.
                // Anything else is another journal writing this device's log.
                let there = place.read_batch(own, seq).map_err(place_error)?;
                match there.map(|bytes| batch::open(ring, own, seq, &prev, &bytes)) {
                    Some(Ok(opened)) if *opened.payload == *payload => {
                        journal
                            .store_mut()
                            .sync_sent(seq, opened.hash.as_bytes(), upto)?;
                        return Ok(());
                    }
                    None | Some(Err(BatchError::Incomplete)) => {
                        place.remove_batch(own, seq).map_err(place_error)?;
                    }
                    Some(_) => return Err(shared_log()),
                }
            }
        }
    }
    Err(shared_log())
}

fn shared_log() -> Error {
    Error::refused(
        Field::SyncPlace,
        "another journal is writing this device's log at the same moment (a copy of this journal): the next sync continues as a new device",
    )
}

/// Whether another journal writes this device's log (a backup put back over this
/// journal, or a copy that kept its id): a batch past the last one this journal recorded
/// that is not the one it was writing when it was stopped (a kill between writing a
/// batch and recording it leaves exactly that one, holding the outbox's first rows).
pub(super) fn shared(
    journal: &Journal,
    place: &dyn SyncPlace,
    ring: &KeyRing,
    own: &DeviceId,
) -> Result<bool> {
    let Some(row) = journal.store().sync_place()? else {
        return Ok(false);
    };
    let beyond: Vec<u64> = place
        .batches(own)
        .map_err(place_error)?
        .into_iter()
        .filter(|&s| s > row.sent)
        .collect();
    let next = match beyond.as_slice() {
        [] => return Ok(false),
        [next] if *next == row.sent + 1 => *next,
        _ => return Ok(true),
    };
    let Some(bytes) = place.read_batch(own, next).map_err(place_error)? else {
        return Ok(false);
    };
    let prev = super::chained(row.sent_hash.as_deref());
    Ok(match batch::open(ring, own, next, &prev, &bytes) {
        Err(BatchError::Incomplete) => false,
        Err(_) => true,
        Ok(opened) => {
            let written: Option<Payload> = serde_json::from_slice(&opened.payload).ok();
            let outbox = journal.store().sync_outbox()?;
            written.is_none_or(|p| {
                p.rows.len() > outbox.len() || p.rows.iter().zip(&outbox).any(|(a, (_, b))| a != b)
            })
        }
    })
}
