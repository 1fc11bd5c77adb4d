//! Sending what changed in this journal: the changes gathered since the last push, as
//! the next sealed batches of this device's log, each chained to the one before.

use std::collections::BTreeMap;

use crate::domain::sync::Payload;
use crate::io::journal_sync::{BatchHash, Created, DeviceId, KeyRing, SyncPlace, batch};

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
/// is a batch this device wrote before without hearing back (a kill, a lost answer): when
/// it opens, it counts as written and the payload goes in the one after (a change merged
/// twice is merged once); when it does not (cut short), it is removed and written again.
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
        let prev = row
            .sent_hash
            .as_deref()
            .and_then(|h| <[u8; 32]>::try_from(h).ok())
            .map_or(BatchHash::FIRST, BatchHash::from_bytes);
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
                let there = place.read_batch(own, seq).map_err(place_error)?;
                match there.map(|bytes| batch::open(ring, own, seq, &prev, &bytes)) {
                    Some(Ok(opened)) => {
                        journal
                            .store_mut()
                            .sync_sent(seq, opened.hash.as_bytes(), None)?
                    }
                    _ => {
                        place.remove_batch(own, seq).map_err(place_error)?;
                    }
                }
            }
        }
    }
    Err(Error::refused(
        Field::SyncPlace,
        "this device's next batch name stays taken: another journal may share this device's id (a copied journal file); `bearing sync status` says more",
    ))
}
