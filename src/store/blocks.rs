//! Leadership time blocks and the changes made to single occurrences.

use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use rusqlite::{OptionalExtension, Row, TransactionBehavior, params};

use super::{Result, Store, StoreError};
use crate::domain::block::{Block, BlockSpec, Exception, Mark, Repeat};

const LOCAL_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

const BLOCK_COLUMNS: &str =
    "id, uid, title, intention, tzid, start_local, minutes, rrule, sequence";

pub(super) fn local_text(t: NaiveDateTime) -> String {
    t.format(LOCAL_FORMAT).to_string()
}

fn parse_local(text: &str) -> Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, LOCAL_FORMAT)
        .map_err(|_| StoreError::BadData(format!("a block time '{text}'")))
}

/// Whether a block ends before or continues past a date, for "from this date onwards".
fn ending_before(block: &Block, date: NaiveDate) -> Option<Repeat> {
    match &block.repeat {
        Repeat::Weekly { days, every, until } => {
            let last = date.pred_opt()?;
            let until = until.map_or(last, |u| u.min(last));
            (until >= block.start.date()).then(|| Repeat::Weekly {
                days: days.clone(),
                every: *every,
                until: Some(until),
            })
        }
        Repeat::Once => None,
    }
}

impl Store {
    /// Stores a new block (validate the spec first) in `zone`, returning it with its UID.
    pub fn insert_block(&mut self, spec: &BlockSpec, zone: Tz) -> Result<Block> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO blocks (title, intention, tzid, start_local, minutes, rrule)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                spec.title,
                spec.intention,
                zone.name(),
                local_text(spec.start),
                spec.minutes,
                spec.repeat.to_rrule(zone)
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        self.block(id)?.ok_or(StoreError::NoSuchBlock(id))
    }

    /// One block by id.
    pub fn block(&self, id: i64) -> Result<Option<Block>> {
        let sql = format!("SELECT {BLOCK_COLUMNS} FROM blocks WHERE id = ?1");
        self.conn
            .query_row(&sql, [id], read_block)
            .optional()?
            .transpose()
    }

    /// Every block, oldest first.
    pub fn list_blocks(&self) -> Result<Vec<Block>> {
        let sql = format!("SELECT {BLOCK_COLUMNS} FROM blocks ORDER BY id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], read_block)?;
        rows.map(|r| r?).collect()
    }

    /// The UIDs of every block: what tells a block imported back from an event, without
    /// reading (and parsing) the blocks themselves.
    pub fn block_uids(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT uid FROM blocks")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every block with its exceptions: what expansion needs for any window.
    pub fn list_blocks_with_exceptions(&self) -> Result<Vec<(Block, Vec<Exception>)>> {
        let blocks = self.list_blocks()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT block_id, original, mark, kept_minutes, reason, moved_to, removed
             FROM block_exceptions ORDER BY block_id, original",
        )?;
        let mut by_block: std::collections::HashMap<i64, Vec<Exception>> = Default::default();
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, read_exception(r)?)))?;
        for row in rows {
            let (block_id, exception) = row?;
            by_block.entry(block_id).or_default().push(exception?);
        }
        Ok(blocks
            .into_iter()
            .map(|b| {
                let ex = by_block.remove(&b.id).unwrap_or_default();
                (b, ex)
            })
            .collect())
    }

    /// The exceptions of one block.
    pub fn block_exceptions(&self, block_id: i64) -> Result<Vec<Exception>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT block_id, original, mark, kept_minutes, reason, moved_to, removed
             FROM block_exceptions WHERE block_id = ?1 ORDER BY original",
        )?;
        let rows = stmt.query_map([block_id], read_exception)?;
        rows.map(|r| r?).collect()
    }

    /// Changes one occurrence (skip, mark, move, remove) through `change`, creating its
    /// exception row if needed, and bumps the block's SEQUENCE, in one transaction.
    pub fn change_occurrence(
        &mut self,
        block_id: i64,
        original: NaiveDateTime,
        change: impl FnOnce(&mut Exception),
    ) -> Result<Exception> {
        let mut exception = self
            .block_exceptions(block_id)?
            .into_iter()
            .find(|e| e.original == original)
            .unwrap_or_else(|| Exception::new(original));
        change(&mut exception);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let bumped = tx.execute(
            "UPDATE blocks SET sequence = sequence + 1,
                    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1",
            [block_id],
        )?;
        if bumped == 0 {
            return Err(StoreError::NoSuchBlock(block_id));
        }
        write_exception(&tx, block_id, &exception)?;
        tx.commit()?;
        Ok(exception)
    }

    /// Replaces a whole series with `spec`. Per-occurrence changes are kept when the
    /// schedule (start and repeat) is unchanged, and dropped when it changed.
    pub fn update_block(&mut self, id: i64, spec: &BlockSpec) -> Result<Block> {
        let old = self.block(id)?.ok_or(StoreError::NoSuchBlock(id))?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE blocks SET title = ?2, intention = ?3, start_local = ?4, minutes = ?5, rrule = ?6,
                    sequence = sequence + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?1",
            params![id, spec.title, spec.intention, local_text(spec.start), spec.minutes, spec.repeat.to_rrule(old.zone)],
        )?;
        if !Block::same_schedule(&old.spec(), spec) {
            tx.execute("DELETE FROM block_exceptions WHERE block_id = ?1", [id])?;
        }
        tx.commit()?;
        self.block(id)?.ok_or(StoreError::NoSuchBlock(id))
    }

    /// Changes a series from `date` onwards: the old series ends the day before and a new
    /// one (with its own UID) follows `spec`. Changes to occurrences from `date` on move
    /// to the new series if its schedule is the same, else they are dropped. When `date`
    /// is on or before the series' first day, the whole series changes instead.
    pub fn split_block(&mut self, id: i64, date: NaiveDate, spec: &BlockSpec) -> Result<Block> {
        let old = self.block(id)?.ok_or(StoreError::NoSuchBlock(id))?;
        let Some(shortened) = ending_before(&old, date) else {
            return self.update_block(id, spec);
        };
        let same = Block::same_schedule(
            &old.spec(),
            &BlockSpec {
                start: old.start,
                ..spec.clone()
            },
        ) && spec.start.time() == old.start.time();
        let from = local_text(date.and_hms_opt(0, 0, 0).unwrap_or_default());
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE blocks SET rrule = ?2, sequence = sequence + 1,
                    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1",
            params![id, shortened.to_rrule(old.zone)],
        )?;
        tx.execute(
            "INSERT INTO blocks (title, intention, tzid, start_local, minutes, rrule)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                spec.title,
                spec.intention,
                old.zone.name(),
                local_text(spec.start),
                spec.minutes,
                spec.repeat.to_rrule(old.zone)
            ],
        )?;
        let new_id = tx.last_insert_rowid();
        if same {
            tx.execute(
                "UPDATE block_exceptions SET block_id = ?2 WHERE block_id = ?1 AND original >= ?3",
                params![id, new_id, from],
            )?;
        } else {
            tx.execute(
                "DELETE FROM block_exceptions WHERE block_id = ?1 AND original >= ?2",
                params![id, from],
            )?;
        }
        tx.commit()?;
        self.block(new_id)?.ok_or(StoreError::NoSuchBlock(new_id))
    }

    /// Deletes a whole series, or with `from` only its occurrences from that date on.
    /// Returns whether anything of the block is left.
    pub fn delete_block(&mut self, id: i64, from: Option<NaiveDate>) -> Result<bool> {
        let old = self.block(id)?.ok_or(StoreError::NoSuchBlock(id))?;
        let shortened = from.and_then(|d| ending_before(&old, d));
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let left = match (shortened, from) {
            (Some(repeat), Some(date)) => {
                tx.execute(
                    "UPDATE blocks SET rrule = ?2, sequence = sequence + 1,
                            updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1",
                    params![id, repeat.to_rrule(old.zone)],
                )?;
                let from = local_text(date.and_hms_opt(0, 0, 0).unwrap_or_default());
                tx.execute(
                    "DELETE FROM block_exceptions WHERE block_id = ?1 AND original >= ?2",
                    params![id, from],
                )?;
                true
            }
            _ => {
                tx.execute("DELETE FROM blocks WHERE id = ?1", [id])?;
                false
            }
        };
        tx.commit()?;
        Ok(left)
    }
}

fn read_block(row: &Row<'_>) -> rusqlite::Result<Result<Block>> {
    let id: i64 = row.get(0)?;
    let tzid: String = row.get(4)?;
    let start: String = row.get(5)?;
    let rule: Option<String> = row.get(7)?;
    let minutes: u32 = row.get(6)?;
    let (uid, title, intention, sequence) = (row.get(1)?, row.get(2)?, row.get(3)?, row.get(8)?);
    Ok((|| {
        let zone: Tz = tzid
            .parse()
            .map_err(|_| StoreError::BadData(format!("block {id} has an unknown zone '{tzid}'")))?;
        let repeat = Repeat::from_rrule(rule.as_deref(), zone)
            .map_err(|e| StoreError::BadData(format!("block {id}: {e}")))?;
        Ok(Block {
            id,
            uid,
            title,
            intention,
            zone,
            start: parse_local(&start)?,
            minutes,
            repeat,
            sequence,
        })
    })())
}

fn read_exception(row: &Row<'_>) -> rusqlite::Result<Result<Exception>> {
    let original: String = row.get(1)?;
    let mark: Option<String> = row.get(2)?;
    let kept: Option<u32> = row.get(3)?;
    let reason: Option<String> = row.get(4)?;
    let moved: Option<String> = row.get(5)?;
    let removed: bool = row.get(6)?;
    Ok((|| {
        let mark = match mark.as_deref() {
            None => None,
            Some("kept") => Some(Mark::Kept),
            Some("partly_kept") => Some(Mark::PartlyKept(kept.unwrap_or(0))),
            Some("skipped") => Some(Mark::Skipped),
            Some(other) => {
                return Err(StoreError::BadData(format!(
                    "an occurrence marked '{other}'"
                )));
            }
        };
        Ok(Exception {
            original: parse_local(&original)?,
            mark,
            reason,
            moved_to: moved.as_deref().map(parse_local).transpose()?,
            removed,
        })
    })())
}

/// Writes exception `e` of block `block_id` (its row made or replaced), within `tx`.
pub(super) fn write_exception(
    tx: &rusqlite::Transaction<'_>,
    block_id: i64,
    e: &Exception,
) -> Result<()> {
    let (mark, kept) = match e.mark {
        Some(Mark::Kept) => (Some("kept"), None),
        Some(Mark::PartlyKept(m)) => (Some("partly_kept"), Some(m)),
        Some(Mark::Skipped) => (Some("skipped"), None),
        None => (None, None),
    };
    tx.execute(
        "INSERT INTO block_exceptions (block_id, original, mark, kept_minutes, reason, moved_to, removed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (block_id, original) DO UPDATE SET mark = excluded.mark,
            kept_minutes = excluded.kept_minutes, reason = excluded.reason,
            moved_to = excluded.moved_to, removed = excluded.removed",
        params![
            block_id,
            local_text(e.original),
            mark,
            kept,
            e.reason,
            e.moved_to.map(local_text),
            e.removed
        ],
    )?;
    Ok(())
}
