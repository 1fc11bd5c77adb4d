//! Reading the other devices' batches and merging them: each device's in order, each
//! batch once, and after the batches it was built on. A batch is merged as soon as it
//! may be, so a join with ten years of journal holds one batch at a time, not all.

use std::collections::BTreeMap;

use super::{Journal, Now, Progress, Report, Result, keys, millis, place_error};
use crate::domain::sync::{Payload, Ready, ready};
use crate::io::journal_sync::{BatchError, BatchHash, DeviceId, KeyRing, SyncPlace, batch};

/// A batch read and opened, waiting to be merged.
struct Opened {
    device: String,
    seq: u64,
    hash: BatchHash,
    payload: Payload,
}

/// What merging knows as it goes: how far each device was merged, the devices
/// forgotten, and the batches read that wait for others.
struct Merger<'a> {
    own: &'a DeviceId,
    now: Now,
    stamp: String,
    applied: BTreeMap<String, u64>,
    gone: Vec<String>,
    waiting: Vec<Opened>,
}

impl Merger<'_> {
    /// Takes batch `o`, and merges every batch held that may be merged now.
    fn offer(
        &mut self,
        journal: &mut Journal,
        o: Opened,
        report: &mut Report,
        progress: Progress<'_>,
    ) -> Result<()> {
        self.waiting.push(o);
        loop {
            let mut advanced = false;
            let mut i = 0;
            while i < self.waiting.len() {
                let o = &self.waiting[i];
                let gone = &self.gone;
                let forgotten = |d: &str| gone.iter().any(|g| g == d);
                match ready(
                    &self.applied,
                    self.own.as_str(),
                    &forgotten,
                    &o.device,
                    o.seq,
                    &o.payload.seen,
                ) {
                    Ready::Now => {
                        let o = self.waiting.swap_remove(i);
                        self.merge(journal, &o, report)?;
                        progress("merging", report.merged_batches, report.merged_batches);
                        advanced = true;
                    }
                    Ready::Done => {
                        self.waiting.swap_remove(i);
                    }
                    Ready::Later => i += 1,
                }
            }
            if !advanced {
                return Ok(());
            }
        }
    }

    fn merge(&mut self, journal: &mut Journal, o: &Opened, report: &mut Report) -> Result<()> {
        for device in &o.payload.forgotten {
            if device != self.own.as_str() && !self.gone.contains(device) {
                let why = format!("{} by device {}", keys::FORGOTTEN, o.device);
                journal.store_mut().sync_stop_device(device, Some(&why))?;
                self.gone.push(device.clone());
            }
        }
        let merged = journal.store_mut().sync_apply_batch(
            &o.device,
            o.seq,
            o.hash.as_bytes(),
            &o.payload.rows,
            (millis(self.now), &self.stamp),
        )?;
        report.merged_batches += 1;
        report.merged_rows += merged.rows;
        report.copies += merged.copies;
        report.notices.extend(merged.notices);
        self.applied.insert(o.device.clone(), o.seq);
        Ok(())
    }
}

/// Reads every other device's new batches and merges them, after the snapshots this
/// device needs (a first sync, or batches it had not read removed meanwhile).
pub(super) fn pull(
    journal: &mut Journal,
    place: &dyn SyncPlace,
    ring: &KeyRing,
    own: &DeviceId,
    now: Now,
    report: &mut Report,
    progress: Progress<'_>,
) -> Result<()> {
    let mut listings = BTreeMap::new();
    for device in place.devices().map_err(place_error)? {
        if device != *own {
            let seqs = place.batches(&device).map_err(place_error)?;
            listings.insert(device, seqs);
        }
    }
    let again = journal.store_mut().sync_retry_refused(millis(now))?;
    report.merged_rows += again.rows;
    report.notices.extend(again.notices);
    let heard: Vec<String> = listings.keys().map(ToString::to_string).collect();
    journal.store_mut().sync_note_devices(&heard)?;
    super::snapshot::catch_up(
        journal,
        (place, ring, own),
        now,
        &listings,
        report,
        progress,
    )?;
    let known = journal.store().sync_devices()?;
    let mut merger = Merger {
        own,
        now,
        stamp: crate::domain::time::rfc3339(&now.at),
        applied: known.iter().map(|(d, r)| (d.clone(), r.applied)).collect(),
        gone: keys::forgotten(&known),
        waiting: Vec::new(),
    };
    for (device, seqs) in &listings {
        let row = known.get(device.as_str()).cloned().unwrap_or_default();
        if let Some(why) = row.stopped {
            if !report.stopped.iter().any(|(d, _)| d == device.as_str()) {
                report.stopped.push((device.to_string(), why));
            }
            continue;
        }
        let stream = Stream {
            place,
            ring,
            device,
            row: &row,
            seqs,
        };
        stream.read(journal, &mut merger, report, progress)?;
    }
    for o in merger.waiting {
        if !report.waiting.contains(&o.device) {
            report.waiting.push(o.device);
        }
    }
    Ok(())
}

/// Why a batch or snapshot (`what`: "its batch 7") that will not open stops its device's
/// stream, in words.
pub(super) fn unreadable(what: &str, e: BatchError) -> String {
    match e {
        BatchError::Incomplete => format!("{what} is not all there yet"),
        BatchError::NewerFormat(v) => format!(
            "{what} was written by a newer bearing (format {v}): upgrade bearing on this device to read it"
        ),
        BatchError::UnknownKey(g) => format!(
            "{what} is sealed with a journal key this device does not have (generation {g}): join again with `bearing sync join`"
        ),
        BatchError::Damaged(why) => format!("{what} does not open: {why}"),
    }
}

/// One device's batches in a place.
struct Stream<'a> {
    place: &'a dyn SyncPlace,
    ring: &'a KeyRing,
    device: &'a DeviceId,
    row: &'a crate::store::sync::DeviceRow,
    /// Its batches in the place.
    seqs: &'a [u64],
}

impl Stream<'_> {
    /// Reads the batches after the last one merged, in order, each offered to `merger`
    /// as it opens, until one is missing, still arriving, or will not open (the stream
    /// stops there, with the reason kept).
    fn read(
        &self,
        journal: &mut Journal,
        merger: &mut Merger<'_>,
        report: &mut Report,
        progress: Progress<'_>,
    ) -> Result<()> {
        let device = self.device;
        let mut prev = super::chained(self.row.hash.as_deref());
        let first = self.row.applied + 1;
        let seqs: Vec<u64> = self.seqs.iter().copied().filter(|&s| s >= first).collect();
        for (n, &seq) in seqs.iter().enumerate() {
            progress("reading", n + 1, seqs.len());
            let missing = seq != first + n as u64;
            let bytes = if missing {
                None
            } else {
                self.place.read_batch(device, seq).map_err(place_error)?
            };
            let Some(bytes) = bytes else {
                // One is missing (still on its way): wait for it.
                report.waiting.push(device.to_string());
                return Ok(());
            };
            let stop = match batch::open(self.ring, device, seq, &prev, &bytes) {
                Ok(o) => match serde_json::from_slice::<Payload>(&o.payload) {
                    Ok(payload) => {
                        prev = o.hash;
                        let opened = Opened {
                            device: device.to_string(),
                            seq,
                            hash: o.hash,
                            payload,
                        };
                        merger.offer(journal, opened, report, progress)?;
                        continue;
                    }
                    Err(e) => format!("its batch {seq} opened but could not be read ({e})"),
                },
                Err(BatchError::Incomplete) => {
                    report.waiting.push(device.to_string());
                    return Ok(());
                }
                Err(e) => unreadable(&format!("its batch {seq}"), e),
            };
            journal
                .store_mut()
                .sync_stop_device(device.as_str(), Some(&stop))?;
            report.stopped.push((device.to_string(), stop));
            return Ok(());
        }
        Ok(())
    }
}
