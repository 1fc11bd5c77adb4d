//! Editor drafts: text being typed, autosaved so nothing is lost if bearing is killed.

use chrono::{DateTime, FixedOffset};
use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError};
use crate::domain::EntryKind;

/// Unsaved editor text, kept until it is saved as an entry or discarded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The kind the entry will have when saved.
    pub kind: EntryKind,
    /// The text typed so far.
    pub body: String,
    /// When it was last autosaved.
    pub saved_at: DateTime<FixedOffset>,
}

impl Store {
    /// Stores the draft for editor `slot`, replacing the previous one.
    pub fn save_draft(&mut self, slot: &str, draft: &Draft) -> Result<()> {
        self.conn.execute(
            "INSERT INTO drafts (slot, kind, body, saved_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (slot) DO UPDATE SET kind = excluded.kind, body = excluded.body,
                                              saved_at = excluded.saved_at",
            params![
                slot,
                draft.kind.as_str(),
                draft.body,
                draft.saved_at.to_rfc3339()
            ],
        )?;
        Ok(())
    }

    /// The draft for editor `slot`, if there is one.
    pub fn draft(&self, slot: &str) -> Result<Option<Draft>> {
        let row: Option<(String, String, String)> = self
            .conn
            .query_row(
                "SELECT kind, body, saved_at FROM drafts WHERE slot = ?1",
                [slot],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        row.map(|(kind, body, saved_at)| {
            Ok(Draft {
                kind: EntryKind::parse(&kind).ok_or_else(|| {
                    StoreError::BadData(format!("a draft of unknown kind '{kind}'"))
                })?,
                body,
                saved_at: DateTime::parse_from_rfc3339(&saved_at)
                    .map_err(|_| StoreError::BadData(format!("a draft time '{saved_at}'")))?,
            })
        })
        .transpose()
    }

    /// Forgets the draft for editor `slot`.
    pub fn clear_draft(&mut self, slot: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM drafts WHERE slot = ?1", [slot])?;
        Ok(())
    }
}
