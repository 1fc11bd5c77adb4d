//! Snapshots of what the journal sync carries: every carried row with each field's
//! value and version, and every deletion, as one text a device writes so that a new
//! device (or one offline while old batches were removed) starts from it instead of
//! from every batch ever written. One JSON line of head, then one change per line, so
//! a snapshot of ten years is merged a slice at a time, not held parsed whole.

use std::collections::BTreeMap;

use rusqlite::params;
use rusqlite::types::Value;

use super::apply::{self, How};
use super::spec::TABLES;
use super::{Applied, Result, Store, StoreError, last_version, to_json};
use crate::domain::hash::{from_hex, hex};
use crate::domain::sync::{Covered, Deletion, FieldChange, RowChange, SnapshotHead, Version};

/// How many rows of a snapshot are merged at a time (all in one transaction).
const SLICE: usize = 2_000;

/// What merging a snapshot did, and the devices its maker had forgotten.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SnapshotApplied {
    /// What changed here.
    pub applied: Applied,
    /// The devices forgotten where it was made: no device reads them any more.
    pub forgotten: Vec<String>,
}

impl Store {
    /// A snapshot of what this journal carries, covering this device's batches up to
    /// its last sent, and the other devices' as far as they were merged here; `None`
    /// while changes wait to be sent (a snapshot holds only what its batches hold).
    /// `forgotten` are the devices no one reads any more. Read in one transaction.
    pub fn sync_snapshot(&mut self, forgotten: &[String]) -> Result<Option<Vec<u8>>> {
        let tx = self.conn.transaction()?;
        let waiting: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM sync_dirty) OR EXISTS (SELECT 1 FROM sync_outbox)",
            [],
            |r| r.get(0),
        )?;
        let Some(place) = super::setup::place_row(&tx)? else {
            return Ok(None);
        };
        if waiting || place.sent == 0 {
            return Ok(None);
        }
        let maker = super::device(&tx)?;
        let mut covers = BTreeMap::new();
        covers.insert(
            maker.clone(),
            Covered {
                seq: place.sent,
                hash: place.sent_hash.as_deref().map(hex).unwrap_or_default(),
                upto: last_version(&tx)?,
            },
        );
        for (device, row) in super::setup::device_rows(&tx)? {
            if row.applied > 0 && !forgotten.contains(&device) {
                covers.insert(
                    device,
                    Covered {
                        seq: row.applied,
                        hash: row.hash.as_deref().map(hex).unwrap_or_default(),
                        upto: row.upto.as_deref().and_then(Version::parse),
                    },
                );
            }
        }
        let mut lines = Vec::new();
        let mut rows = 0;
        let fallback = last_version(&tx)?.unwrap_or_else(|| Version::new(0, 0, &maker));
        for table in TABLES {
            rows += write_rows(&tx, table, &mut lines)?;
        }
        for table in TABLES.iter().rev() {
            rows += write_tombs(&tx, table, &fallback, &mut lines)?;
        }
        let head = SnapshotHead {
            maker,
            covers,
            forgotten: forgotten.to_vec(),
            rows,
        };
        let mut out = json(&head)?;
        out.push(b'\n');
        out.extend_from_slice(&lines);
        Ok(Some(out))
    }

    /// Records snapshot `number` (this device's last batch it covers) as written: the
    /// batches the one before covered may be removed now.
    pub fn sync_snapshot_written(&mut self, number: u64) -> Result<()> {
        self.conn.execute(
            "UPDATE sync_place SET snapshot_before = snapshot, snapshot = ?1",
            [i64::try_from(number).unwrap_or(i64::MAX)],
        )?;
        Ok(())
    }

    /// Merges snapshot `bytes` (made by another device) into the journal, and records
    /// each device's batches it holds as merged; one transaction. A field this device
    /// holds that the snapshot's maker had too takes the snapshot's value; one the maker
    /// never had (changed here, or by a device read further here) merges as changes
    /// written at once do; what changed here and was not sent is kept, to be sent next.
    pub fn sync_apply_snapshot(
        &mut self,
        bytes: &[u8],
        now: (i64, &str),
    ) -> Result<SnapshotApplied> {
        let mut lines = bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty());
        let head: SnapshotHead = lines
            .next()
            .ok_or_else(|| StoreError::BadData("an empty snapshot".into()))
            .and_then(parse)?;
        let own = self.sync_device()?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // What changed here is gathered first, with versions of this device: every one
        // this device made is then no later than its clock.
        super::gather(&tx, now.0)?;
        let mut here: BTreeMap<String, Version> = super::setup::device_rows(&tx)?
            .into_iter()
            .filter_map(|(d, r)| r.upto.as_deref().and_then(Version::parse).map(|v| (d, v)))
            .collect();
        if let Some(last) = last_version(&tx)? {
            here.insert(own.clone(), last);
        }
        let theirs: BTreeMap<String, Version> = head
            .covers
            .iter()
            .filter_map(|(d, c)| c.upto.clone().map(|v| (d.clone(), v)))
            .collect();
        let how = How::Snapshot {
            theirs: &theirs,
            here: &here,
        };
        let mut applied = Applied::default();
        let mut slice = Vec::with_capacity(SLICE);
        for line in lines {
            slice.push(parse::<RowChange>(line)?);
            if slice.len() == SLICE {
                add(&mut applied, apply::apply(&tx, &slice, now.0, &how)?);
                slice.clear();
            }
        }
        add(&mut applied, apply::apply(&tx, &slice, now.0, &how)?);
        for (device, covered) in &head.covers {
            if *device == own || head.forgotten.contains(device) {
                continue;
            }
            let hash = from_hex(&covered.hash);
            tx.execute(
                "INSERT INTO sync_devices (device, applied, hash, upto, seen_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (device) DO UPDATE SET
                     hash = CASE WHEN excluded.applied > applied THEN excluded.hash ELSE hash END,
                     applied = max(applied, excluded.applied),
                     upto = CASE WHEN upto IS NULL OR upto < excluded.upto
                                 THEN excluded.upto ELSE upto END,
                     seen_at = excluded.seen_at",
                params![
                    device,
                    i64::try_from(covered.seq).unwrap_or(i64::MAX),
                    hash,
                    covered.upto.as_ref().map(Version::as_str),
                    now.1
                ],
            )?;
        }
        tx.commit()?;
        Ok(SnapshotApplied {
            applied,
            forgotten: head.forgotten.into_iter().filter(|d| *d != own).collect(),
        })
    }
}

fn add(total: &mut Applied, more: Applied) {
    total.rows += more.rows;
    total.copies += more.copies;
    total.notices.extend(more.notices);
}

/// Writes every row of `table` as a change with all its fields; how many.
fn write_rows(
    conn: &rusqlite::Connection,
    table: &super::spec::Table,
    out: &mut Vec<u8>,
) -> Result<usize> {
    let fields: Vec<String> = table
        .fields
        .iter()
        .map(|f| table.field_sql(f, "t"))
        .collect();
    let versions: Vec<String> = table
        .fields
        .iter()
        .map(|f| {
            format!(
                "(SELECT version FROM sync_fields WHERE tbl = '{}' AND sid = q.s AND field = '{}')",
                table.name, f.name
            )
        })
        .collect();
    let sql = format!(
        "SELECT q.*, {} FROM (SELECT {} AS s, {} FROM {} t) q WHERE q.s IS NOT NULL ORDER BY q.s",
        versions.join(", "),
        table.sid_sql("t"),
        fields.join(", "),
        table.name
    );
    let n = table.fields.len();
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut count = 0;
    while let Some(r) = rows.next()? {
        let sid: String = r.get(0)?;
        let mut changes = Vec::with_capacity(n);
        for (i, f) in table.fields.iter().enumerate() {
            let version: Option<String> = r.get(1 + n + i)?;
            // A field never carried (none should be: a push gathers every field) has
            // nothing to merge with.
            let Some(version) = version.as_deref().and_then(Version::parse) else {
                continue;
            };
            changes.push(FieldChange {
                field: f.name.to_string(),
                value: to_json(&r.get::<_, Value>(1 + i)?),
                version,
                parent: None,
            });
        }
        let change = RowChange {
            table: table.name.to_string(),
            sid,
            fields: changes,
            deleted: None,
        };
        out.extend_from_slice(&json(&change)?);
        out.push(b'\n');
        count += 1;
    }
    Ok(count)
}

/// Writes every deletion of a row of `table` this journal keeps; how many.
fn write_tombs(
    conn: &rusqlite::Connection,
    table: &super::spec::Table,
    fallback: &Version,
    out: &mut Vec<u8>,
) -> Result<usize> {
    let mut stmt =
        conn.prepare("SELECT sid, seen, row FROM sync_tombs WHERE tbl = ?1 ORDER BY sid")?;
    let mut rows = stmt.query([table.name])?;
    let mut count = 0;
    while let Some(r) = rows.next()? {
        let seen: Option<Version> = r
            .get::<_, Option<String>>(1)?
            .as_deref()
            .and_then(Version::parse);
        let change = RowChange {
            table: table.name.to_string(),
            sid: r.get(0)?,
            fields: Vec::new(),
            deleted: Some(Deletion {
                version: seen.clone().unwrap_or_else(|| fallback.clone()),
                seen,
                row: serde_json::from_str(&r.get::<_, String>(2)?).ok(),
            }),
        };
        out.extend_from_slice(&json(&change)?);
        out.push(b'\n');
        count += 1;
    }
    Ok(count)
}

fn json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(|e| StoreError::BadData(format!("a snapshot line: {e}")))
}

fn parse<T: serde::de::DeserializeOwned>(line: &[u8]) -> Result<T> {
    serde_json::from_slice(line)
        .map_err(|e| StoreError::BadData(format!("a snapshot line does not read: {e}")))
}
