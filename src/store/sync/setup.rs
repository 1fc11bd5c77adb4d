//! Where this journal syncs, with its keys, and how far it has read each device: rows of
//! this device, never exported, never carried.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::{Applied, Result, Store, apply};
use crate::domain::sync::RowChange;

/// Where the journal syncs.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SyncPlaceRow {
    /// `folder` or `webdav`.
    pub kind: String,
    /// The folder, or the WebDAV address.
    pub location: String,
    /// WebDAV: the user name.
    pub user: Option<String>,
    /// WebDAV: the command that prints the password.
    pub password_command: Option<String>,
    /// WebDAV: a PEM file of certificate authorities to trust.
    pub ca_file: Option<String>,
    /// The journal keys (a serialised key ring).
    pub ring: Vec<u8>,
    /// This device's last batch written there.
    pub sent: u64,
    /// That batch's hash.
    pub sent_hash: Option<Vec<u8>>,
    /// When the last sync went through (RFC 3339).
    pub synced_at: Option<String>,
    /// Why the last sync failed.
    pub last_error: Option<String>,
    /// This device's last batch its newest snapshot covers (0: none written).
    pub snapshot: u64,
    /// The same for the snapshot before it: the batches it covered may be removed.
    pub snapshot_before: u64,
}

impl std::fmt::Debug for SyncPlaceRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the keys.
        f.debug_struct("SyncPlaceRow")
            .field("kind", &self.kind)
            .field("location", &self.location)
            .field("sent", &self.sent)
            .finish_non_exhaustive()
    }
}

/// How far this journal has read one other device.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeviceRow {
    /// Its last batch merged here.
    pub applied: u64,
    /// That batch's hash.
    pub hash: Option<Vec<u8>>,
    /// Why its stream stopped, if it did.
    pub stopped: Option<String>,
    /// When a batch of it was last merged (RFC 3339).
    pub seen_at: Option<String>,
    /// Its latest version merged here.
    pub upto: Option<String>,
}

impl Store {
    /// Where the journal syncs; `None` until `sync init` or `sync join`.
    pub fn sync_place(&self) -> Result<Option<SyncPlaceRow>> {
        place_row(&self.conn)
    }

    /// Starts syncing at `place`, with every carried row noted to be pushed; one
    /// transaction.
    pub fn start_sync(&mut self, place: &SyncPlaceRow) -> Result<()> {
        let self_file = self.file_identity();
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM sync_place", [])?;
        tx.execute(
            "INSERT INTO sync_place (id, kind, location, user, password_command, ring, ca_file)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                place.kind,
                place.location,
                place.user,
                place.password_command,
                place.ring,
                place.ca_file
            ],
        )?;
        tx.execute("DELETE FROM sync_devices", [])?;
        tx.execute("UPDATE sync_state SET file = ?1", [self_file])?;
        super::note_all(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// Keeps `ring` as the journal keys (after a rotation, or keys taken from the place).
    pub fn set_sync_ring(&mut self, ring: &[u8]) -> Result<()> {
        self.conn
            .execute("UPDATE sync_place SET ring = ?1", [ring])?;
        Ok(())
    }

    /// Stops syncing (the batches already there stay); what was noted stays noted.
    pub fn stop_sync(&mut self) -> Result<()> {
        self.conn.execute("DELETE FROM sync_place", [])?;
        Ok(())
    }

    /// Records batch `seq` (hash `hash`) of this device as written, and the outbox up to
    /// `upto` as sent in it (none when `upto` is `None`); one transaction.
    pub fn sync_sent(&mut self, seq: u64, hash: &[u8], upto: Option<i64>) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE sync_place SET sent = ?1, sent_hash = ?2",
            params![i64::try_from(seq).unwrap_or(i64::MAX), hash],
        )?;
        if let Some(upto) = upto {
            tx.execute("DELETE FROM sync_outbox WHERE id <= ?1", [upto])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Records how the last sync went.
    pub fn sync_finished(&mut self, at: &str, error: Option<&str>) -> Result<()> {
        if error.is_none() {
            self.conn.execute(
                "UPDATE sync_place SET synced_at = ?1, last_error = NULL",
                [at],
            )?;
        } else {
            self.conn
                .execute("UPDATE sync_place SET last_error = ?1", [error])?;
        }
        Ok(())
    }

    /// Whether this journal is a copy of the file its device id was given in (a copied
    /// file, a restored backup, a file written anew): two journals writing one device's
    /// log would break it, so a journal that syncs and finds itself in another file takes
    /// a new id and starts a log of its own (what it merged stays merged). True then.
    pub fn sync_claim_file(&mut self) -> Result<bool> {
        // Reads only, on every open: a journal that does not sync, or syncs in its own
        // file, is never written to here (a damaged one stays as it was, and two bearings
        // opening at once do not fight for the lock).
        let Some(here) = self.file_identity() else {
            return Ok(false);
        };
        let (stored, syncing): (Option<String>, bool) = self.conn.query_row(
            "SELECT file, EXISTS (SELECT 1 FROM sync_place) FROM sync_state",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if !syncing || stored.as_deref().is_none_or(|s| s == here) {
            return Ok(false);
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        split_device(&tx)?;
        tx.execute("UPDATE sync_state SET file = ?1", [&here])?;
        tx.commit()?;
        Ok(true)
    }

    /// Continues as a new device, with a log of its own: another journal writes this
    /// device's log (a backup put back over the journal, a copy that kept its id). The
    /// old id becomes another device, read from after this journal's last batch in its
    /// log (what the other journal wrote there is merged here). Returns the new id.
    pub fn sync_split_device(&mut self) -> Result<String> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        split_device(&tx)?;
        let id = super::device(&tx)?;
        tx.commit()?;
        Ok(id)
    }

    /// This journal's file as `device:inode`, when it has one.
    fn file_identity(&self) -> Option<String> {
        self.path()
            .and_then(crate::store::lifecycle::files::file_key)
            .map(|(dev, ino)| format!("{dev}:{ino}"))
    }

    /// Whether the user is to be told now that the journal lies in a folder a sync tool
    /// manages: true once, then never again for this journal.
    pub fn sync_warn_folder_once(&mut self) -> Result<bool> {
        Ok(self.conn.execute(
            "UPDATE sync_state SET warned_folder = 1 WHERE warned_folder = 0",
            [],
        )? > 0)
    }

    /// How far each other device was read.
    pub fn sync_devices(&self) -> Result<BTreeMap<String, DeviceRow>> {
        device_rows(&self.conn)
    }

    /// Notes `devices` as syncing at the place (heard of, if nothing of them was merged
    /// yet), so `sync status` lists every device there.
    pub fn sync_note_devices(&mut self, devices: &[String]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for device in devices {
            tx.execute(
                "INSERT OR IGNORE INTO sync_devices (device) VALUES (?1)",
                [device],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Notes why `device`'s stream stopped (`None`: it goes on).
    pub fn sync_stop_device(&mut self, device: &str, why: Option<&str>) -> Result<()> {
        self.conn.execute(
            "INSERT INTO sync_devices (device, stopped) VALUES (?1, ?2)
             ON CONFLICT (device) DO UPDATE SET stopped = excluded.stopped",
            params![device, why],
        )?;
        Ok(())
    }

    /// Merges batch `seq` of `device` (hash `hash`) and records it merged; one
    /// transaction, so a batch is merged once or not at all.
    pub fn sync_apply_batch(
        &mut self,
        device: &str,
        seq: u64,
        hash: &[u8],
        rows: &[RowChange],
        now: (i64, &str),
    ) -> Result<Applied> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let applied = apply::apply(&tx, rows, now.0, &apply::How::Batch)?;
        // Its latest version: a device's versions rise batch after batch.
        let upto = rows
            .iter()
            .flat_map(|r| {
                r.fields
                    .iter()
                    .map(|f| &f.version)
                    .chain(r.deleted.as_ref().map(|d| &d.version))
            })
            .max();
        tx.execute(
            "INSERT INTO sync_devices (device, applied, hash, seen_at, upto)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (device) DO UPDATE SET applied = excluded.applied,
                 hash = excluded.hash, seen_at = excluded.seen_at,
                 upto = CASE WHEN upto IS NULL OR upto < excluded.upto
                             THEN excluded.upto ELSE upto END",
            params![
                device,
                i64::try_from(seq).unwrap_or(i64::MAX),
                hash,
                now.1,
                upto.map(crate::domain::sync::Version::as_str)
            ],
        )?;
        tx.commit()?;
        Ok(applied)
    }
}

/// Where the journal syncs, read on `conn`.
pub(super) fn place_row(conn: &Connection) -> Result<Option<SyncPlaceRow>> {
    Ok(conn
        .query_row(
            "SELECT kind, location, user, password_command, ring, sent, sent_hash,
                    synced_at, last_error, snapshot, snapshot_before, ca_file FROM sync_place",
            [],
            |r| {
                Ok(SyncPlaceRow {
                    kind: r.get(0)?,
                    location: r.get(1)?,
                    user: r.get(2)?,
                    password_command: r.get(3)?,
                    ring: r.get(4)?,
                    sent: count(r.get(5)?),
                    sent_hash: r.get(6)?,
                    synced_at: r.get(7)?,
                    last_error: r.get(8)?,
                    snapshot: count(r.get(9)?),
                    snapshot_before: count(r.get(10)?),
                    ca_file: r.get(11)?,
                })
            },
        )
        .optional()?)
}

/// How far each other device was read, read on `conn`.
pub(super) fn device_rows(conn: &Connection) -> Result<BTreeMap<String, DeviceRow>> {
    let mut stmt =
        conn.prepare("SELECT device, applied, hash, stopped, seen_at, upto FROM sync_devices")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            DeviceRow {
                applied: count(r.get(1)?),
                hash: r.get(2)?,
                stopped: r.get(3)?,
                seen_at: r.get(4)?,
                upto: r.get(5)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn count(n: i64) -> u64 {
    n.try_into().unwrap_or(0)
}

/// Gives this journal a new device id and an empty log of its own; the old id becomes
/// another device, merged as far as this journal wrote its log. In the caller's
/// transaction.
fn split_device(conn: &Connection) -> Result<()> {
    let old = super::device(conn)?;
    if let Some(place) = place_row(conn)?
        && place.sent > 0
    {
        conn.execute(
            "INSERT INTO sync_devices (device, applied, hash, upto) VALUES (?1, ?2, ?3,
                 (SELECT last_version FROM sync_state))
             ON CONFLICT (device) DO UPDATE SET applied = excluded.applied,
                 hash = excluded.hash, upto = excluded.upto, stopped = NULL",
            params![
                old,
                i64::try_from(place.sent).unwrap_or(i64::MAX),
                place.sent_hash
            ],
        )?;
    }
    super::new_device_id(conn)?;
    conn.execute(
        "UPDATE sync_place SET sent = 0, sent_hash = NULL, snapshot = 0, snapshot_before = 0",
        [],
    )?;
    Ok(())
}
