//! Delegations and the agenda items marked discussed.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Store, StoreError};
use crate::domain::coaching::{Delegation, DelegationStatus};

/// A delegation about to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDelegation<'a> {
    /// Who it goes to (created if new).
    pub person: &'a str,
    /// What is handed over.
    pub task: &'a str,
    /// What done looks like.
    pub done_looks_like: &'a str,
    /// How far their authority goes.
    pub authority: &'a str,
    /// When to check in.
    pub check_in_on: Option<NaiveDate>,
    /// When it is due.
    pub due_on: Option<NaiveDate>,
    /// The day it is handed over.
    pub since: NaiveDate,
}

/// An item added directly to someone's agenda (`bearing agenda add`), as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedItem {
    /// The journal's id.
    pub id: i64,
    /// Its stable id, the same on every device the journal syncs to.
    pub sid: String,
    /// What to raise.
    pub text: String,
    /// When it was added.
    pub added_at: DateTime<FixedOffset>,
}

const COLUMNS: &str = "d.id, p.name, d.task, d.done_looks_like, d.authority, d.check_in_on, d.due_on, d.status, d.since, d.sid";

fn day(text: Option<String>) -> Option<NaiveDate> {
    text.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok())
}

fn read(r: &Row<'_>) -> rusqlite::Result<Delegation> {
    let status: String = r.get(7)?;
    Ok(Delegation {
        id: r.get(0)?,
        person: r.get(1)?,
        task: r.get(2)?,
        done_looks_like: r.get(3)?,
        authority: r.get(4)?,
        check_in_on: day(r.get(5)?),
        due_on: day(r.get(6)?),
        status: DelegationStatus::parse(&status).unwrap_or(DelegationStatus::Open),
        since: day(r.get(8)?).unwrap_or_default(),
        sid: r.get(9)?,
    })
}

impl Store {
    /// Stores a delegation (check it first); the person is matched or created.
    pub fn insert_delegation(&mut self, new: &NewDelegation<'_>) -> Result<Delegation> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let person = super::people::ensure_person(&tx, new.person)?;
        tx.execute(
            "INSERT INTO delegations (person_id, task, done_looks_like, authority, check_in_on, due_on, since)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                person,
                new.task.trim(),
                new.done_looks_like.trim(),
                new.authority.trim(),
                new.check_in_on.map(|d| d.to_string()),
                new.due_on.map(|d| d.to_string()),
                new.since.to_string()
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        self.delegation(id)?.ok_or(StoreError::NoSuchDelegation(id))
    }

    /// One delegation by id.
    pub fn delegation(&self, id: i64) -> Result<Option<Delegation>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM delegations d JOIN people p ON p.id = d.person_id WHERE d.id = ?1"
        );
        Ok(self.conn.query_row(&sql, [id], read).optional()?)
    }

    /// Delegations, open ones first (by check-in, then due date), optionally only those
    /// to the people `person` means.
    pub fn list_delegations(&self, person: Option<&str>) -> Result<Vec<Delegation>> {
        let people = person
            .map(|p| {
                self.person_ids_matching(p)
                    .map(|ids| serde_json::json!(ids).to_string())
            })
            .transpose()?;
        let sql = format!(
            "SELECT {COLUMNS} FROM delegations d JOIN people p ON p.id = d.person_id
             WHERE (?1 IS NULL OR d.person_id IN (SELECT value FROM json_each(?1)))
             ORDER BY d.status != 'open', coalesce(d.check_in_on, d.due_on, '9999') , d.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([people], read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Closes delegation `id` as done or dropped on `on`; an already closed one is
    /// refused.
    pub fn close_delegation(
        &mut self,
        id: i64,
        status: DelegationStatus,
        on: NaiveDate,
    ) -> Result<Delegation> {
        let d = self
            .delegation(id)?
            .ok_or(StoreError::NoSuchDelegation(id))?;
        if d.status != DelegationStatus::Open {
            return Err(StoreError::DelegationClosed(id, d.status.as_str()));
        }
        self.conn.execute(
            "UPDATE delegations SET status = ?2, closed_on = ?3 WHERE id = ?1",
            params![id, status.as_str(), on.to_string()],
        )?;
        self.delegation(id)?.ok_or(StoreError::NoSuchDelegation(id))
    }

    /// Adds `text` to the agenda of the person `name` means, written at `at`: the item
    /// as stored.
    pub fn insert_agenda_item(
        &mut self,
        name: &str,
        text: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<AddedItem> {
        let person = self.person_id(name)?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO agenda_items (person_id, text, added_at) VALUES (?1, ?2, ?3)",
            params![person, text, crate::domain::time::rfc3339(&at)],
        )?;
        let id = tx.last_insert_rowid();
        // A trigger gave it its stable id.
        let sid = tx.query_row("SELECT sid FROM agenda_items WHERE id = ?1", [id], |r| {
            r.get(0)
        })?;
        tx.commit()?;
        Ok(AddedItem {
            id,
            sid,
            text: text.to_string(),
            added_at: at,
        })
    }

    /// The items added directly to person `person`'s agenda, oldest first.
    pub fn agenda_items_of(&self, person: i64) -> Result<Vec<AddedItem>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, sid, text, added_at FROM agenda_items WHERE person_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([person], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, sid, text, at) = row?;
            let added_at = DateTime::parse_from_rfc3339(&at)
                .map_err(|e| StoreError::BadData(format!("agenda item {id}: {e}")))?;
            out.push(AddedItem {
                id,
                sid,
                text,
                added_at,
            });
        }
        Ok(out)
    }

    /// Marks agenda item `item` discussed at `at`.
    pub fn mark_agenda_done(&mut self, item: &str, at: DateTime<FixedOffset>) -> Result<()> {
        self.conn.execute(
            "INSERT INTO agenda_done (item, done_at) VALUES (?1, ?2) ON CONFLICT (item) DO NOTHING",
            params![item, crate::domain::time::rfc3339(&at)],
        )?;
        Ok(())
    }

    /// The ids of the agenda items marked discussed.
    pub fn agenda_done(&self) -> Result<std::collections::HashSet<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT item FROM agenda_done")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
