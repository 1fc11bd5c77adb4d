//! Blocks published to a CalDAV calendar: where each lives on the server, the version
//! both sides last agreed on, and the conflicts the user has not settled yet.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::blocks::local_text;
use super::{Result, Store};
use crate::domain::block::{Exception, Mark};
use crate::domain::block_sync::BlockSide;

/// Where a published block stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicationState {
    /// Kept in step with the calendar.
    Publish,
    /// To be removed from the calendar on the next sync, then forgotten.
    Stop,
    /// Deleted in the calendar: bearing asks before publishing it again.
    Gone,
}

impl PublicationState {
    fn as_str(self) -> &'static str {
        match self {
            PublicationState::Publish => "publish",
            PublicationState::Stop => "stop",
            PublicationState::Gone => "gone",
        }
    }

    fn parse(text: &str) -> PublicationState {
        match text {
            "stop" => PublicationState::Stop,
            "gone" => PublicationState::Gone,
            _ => PublicationState::Publish,
        }
    }
}

/// A block published to a calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    /// The block's UID.
    pub block_uid: String,
    /// The calendar (of an account) it goes to.
    pub account_calendar_id: i64,
    /// Its object's path.
    pub href: String,
    /// The object's version bearing last wrote or read (`None`: not on the server yet).
    pub etag: Option<String>,
    /// The block both sides last agreed on (JSON), once they have.
    pub base: Option<String>,
    /// Where it stands.
    pub state: PublicationState,
    /// Why its last push failed.
    pub last_error: Option<String>,
}

/// A difference between bearing and the calendar that the user has not settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictRow {
    /// Its id.
    pub id: i64,
    /// The block's UID.
    pub block_uid: String,
    /// What differed, in words.
    pub what: String,
    /// Which part: title, intention, schedule, or an occurrence.
    pub field: String,
    /// The calendar's block (JSON).
    pub theirs: String,
    /// When it was found.
    pub created_at: String,
}

fn publication(r: &rusqlite::Row<'_>) -> rusqlite::Result<Publication> {
    let state: String = r.get(5)?;
    Ok(Publication {
        block_uid: r.get(0)?,
        account_calendar_id: r.get(1)?,
        href: r.get(2)?,
        etag: r.get(3)?,
        base: r.get(4)?,
        state: PublicationState::parse(&state),
        last_error: r.get(6)?,
    })
}

const PUBLICATION_COLUMNS: &str =
    "block_uid, account_calendar_id, href, etag, base, state, last_error";

impl Store {
    /// Every block publication, by UID.
    pub fn list_publications(&self) -> Result<Vec<Publication>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {PUBLICATION_COLUMNS} FROM block_publications ORDER BY block_uid"
        ))?;
        Ok(stmt
            .query_map([], publication)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The publication of block `uid`, if it is published.
    pub fn publication(&self, uid: &str) -> Result<Option<Publication>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {PUBLICATION_COLUMNS} FROM block_publications WHERE block_uid = ?1"
                ),
                [uid],
                publication,
            )
            .optional()?)
    }

    /// Starts publishing block `uid` to calendar `calendar` as object `href`, or (already
    /// published) sets it to be published again.
    pub fn start_publication(&mut self, uid: &str, calendar: i64, href: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO block_publications (block_uid, account_calendar_id, href, state)
             VALUES (?1, ?2, ?3, 'publish')
             ON CONFLICT (block_uid) DO UPDATE SET state = 'publish', last_error = NULL",
            params![uid, calendar, href],
        )?;
        Ok(())
    }

    /// Sets block `uid`'s publication to `state`.
    pub fn set_publication_state(&mut self, uid: &str, state: PublicationState) -> Result<()> {
        self.conn.execute(
            "UPDATE block_publications SET state = ?2 WHERE block_uid = ?1",
            params![uid, state.as_str()],
        )?;
        Ok(())
    }

    /// Records that block `uid`'s object is at version `etag` on the server and that both
    /// sides agree on `base` (a JSON block), in one statement.
    pub fn record_publication(&mut self, uid: &str, etag: Option<&str>, base: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE block_publications SET etag = ?2, base = ?3, last_error = NULL
             WHERE block_uid = ?1",
            params![uid, etag, base],
        )?;
        Ok(())
    }

    /// Records that block `uid`'s object lives at `href` (where the server put it).
    pub fn set_publication_href(&mut self, uid: &str, href: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE block_publications SET href = ?2 WHERE block_uid = ?1",
            params![uid, href],
        )?;
        Ok(())
    }

    /// Moves block `uid`'s publication to calendar `calendar` as object `href`, not yet
    /// written there (no ETag, no agreed version): the blocks role moved to another
    /// calendar, and the block's old object is gone from the one it was on. One statement.
    pub fn move_publication(&mut self, uid: &str, calendar: i64, href: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE block_publications SET account_calendar_id = ?2, href = ?3, etag = NULL,
                    base = NULL, last_error = NULL WHERE block_uid = ?1",
            params![uid, calendar, href],
        )?;
        Ok(())
    }

    /// Records why block `uid`'s last push failed.
    pub fn record_publication_error(&mut self, uid: &str, error: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE block_publications SET last_error = ?2 WHERE block_uid = ?1",
            params![uid, error],
        )?;
        Ok(())
    }

    /// Forgets block `uid`'s publication and its conflicts, in one transaction.
    pub fn forget_publication(&mut self, uid: &str) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM block_publications WHERE block_uid = ?1", [uid])?;
        tx.execute("DELETE FROM block_conflicts WHERE block_uid = ?1", [uid])?;
        tx.commit()?;
        Ok(())
    }

    /// Records a conflict on block `uid`.
    pub fn insert_conflict(
        &mut self,
        uid: &str,
        field: &str,
        what: &str,
        theirs: &str,
        at: DateTime<Utc>,
    ) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO block_conflicts (block_uid, field, what, theirs, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![uid, field, what, theirs, at.to_rfc3339()],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Every conflict not settled yet, oldest first.
    pub fn list_conflicts(&self) -> Result<Vec<ConflictRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, block_uid, what, field, theirs, created_at FROM block_conflicts ORDER BY id",
        )?;
        Ok(stmt
            .query_map([], |r| {
                Ok(ConflictRow {
                    id: r.get(0)?,
                    block_uid: r.get(1)?,
                    what: r.get(2)?,
                    field: r.get(3)?,
                    theirs: r.get(4)?,
                    created_at: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Makes block `id` what `side` says (title, intention, schedule, and which
    /// occurrences are skipped or moved), in one transaction: a skip taken from the
    /// calendar is a skip "removed in calendar"; kept and partly kept marks stay.
    pub fn apply_block_side(&mut self, id: i64, side: &BlockSide) -> Result<()> {
        let exceptions = self.block_exceptions(id)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = tx.execute(
            "UPDATE blocks SET title = ?2, intention = ?3, tzid = ?4, start_local = ?5, minutes = ?6,
                    rrule = ?7, sequence = sequence + 1,
                    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?1",
            params![
                id,
                side.title,
                side.intention,
                side.zone.name(),
                local_text(side.start),
                side.minutes,
                side.repeat.to_rrule(side.zone)
            ],
        )?;
        if changed == 0 {
            return Err(super::StoreError::NoSuchBlock(id));
        }
        let mut originals: std::collections::BTreeSet<chrono::NaiveDateTime> =
            exceptions.iter().map(|e| e.original).collect();
        originals.extend(side.skips.iter().copied());
        originals.extend(side.moves.keys().copied());
        for original in originals {
            let mut e = exceptions
                .iter()
                .find(|e| e.original == original)
                .cloned()
                .unwrap_or_else(|| Exception::new(original));
            let was_gone = e.removed || e.mark == Some(Mark::Skipped);
            if side.skips.contains(&original) {
                if !was_gone {
                    e.mark = Some(Mark::Skipped);
                    e.reason = Some("removed in calendar".to_string());
                }
                e.moved_to = None;
            } else {
                if was_gone {
                    e.removed = false;
                    if e.mark == Some(Mark::Skipped) {
                        e.mark = None;
                    }
                }
                e.moved_to = side.moves.get(&original).copied();
            }
            super::blocks::write_exception(&tx, id, &e)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Settles conflict `id`.
    pub fn remove_conflict(&mut self, id: i64) -> Result<bool> {
        Ok(self
            .conn
            .execute("DELETE FROM block_conflicts WHERE id = ?1", [id])?
            > 0)
    }
}
