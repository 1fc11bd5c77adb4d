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

    /// Moves the drafts of slots `from` into slot `into`, in one transaction: their texts
    /// are added after its own, a blank line apart, oldest first. Returns how many drafts
    /// were taken.
    pub fn adopt_drafts(&mut self, into: &str, from: &[String]) -> Result<usize> {
        let mut drafts: Vec<Draft> = Vec::new();
        for slot in from {
            if let Some(d) = self.draft(slot)?
                && !d.body.trim().is_empty()
            {
                drafts.push(d);
            }
        }
        if drafts.is_empty() {
            return Ok(0);
        }
        drafts.sort_by_key(|d| d.saved_at);
        let mut merged = self.draft(into)?.filter(|d| !d.body.trim().is_empty());
        for d in &drafts {
            merged = Some(match merged {
                None => d.clone(),
                Some(m) => Draft {
                    kind: m.kind,
                    body: format!("{}\n\n{}", m.body.trim_end(), d.body),
                    saved_at: m.saved_at.max(d.saved_at),
                },
            });
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if let Some(m) = merged {
            tx.execute(
                "INSERT INTO drafts (slot, kind, body, saved_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (slot) DO UPDATE SET kind = excluded.kind, body = excluded.body,
                                                  saved_at = excluded.saved_at",
                params![into, m.kind.as_str(), m.body, m.saved_at.to_rfc3339()],
            )?;
        }
        for slot in from {
            tx.execute("DELETE FROM drafts WHERE slot = ?1", [slot])?;
        }
        tx.commit()?;
        Ok(drafts.len())
    }

    /// Adds `text` to the draft of `slot` in one transaction: after its text, a blank
    /// line apart, unless one already holds the other (text an editor gave back holds
    /// the draft it was given: it takes its place). A new draft is a `kind`.
    pub fn add_to_draft(
        &mut self,
        slot: &str,
        kind: EntryKind,
        text: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let held: Option<(String, String)> = tx
            .query_row(
                "SELECT kind, body FROM drafts WHERE slot = ?1",
                [slot],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (kind, body) = match held {
            Some((kind, body)) => (kind, joined(&body, text)),
            None => (kind.as_str().to_string(), text.to_string()),
        };
        tx.execute(
            "INSERT INTO drafts (slot, kind, body, saved_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (slot) DO UPDATE SET kind = excluded.kind, body = excluded.body,
                                              saved_at = excluded.saved_at",
            params![slot, kind, body, at.to_rfc3339()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Forgets the draft for editor `slot`.
    pub fn clear_draft(&mut self, slot: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM drafts WHERE slot = ?1", [slot])?;
        Ok(())
    }
}

/// Draft `held` with `added` after it, a blank line apart; whichever holds the other when
/// one does (`added` when `held` is blank).
fn joined(held: &str, added: &str) -> String {
    let (h, a) = (held.trim(), added.trim());
    if h.is_empty() || a.contains(h) {
        added.to_string()
    } else if h.contains(a) {
        held.to_string()
    } else {
        format!("{}\n\n{added}", held.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::joined;

    #[test]
    fn text_added_to_a_draft_follows_it_unless_one_holds_the_other() {
        assert_eq!(joined("", "new"), "new");
        assert_eq!(joined("  \n", "new"), "new");
        assert_eq!(joined("first\n", "second"), "first\n\nsecond");
        assert_eq!(joined("draft", "draft, and more"), "draft, and more");
        assert_eq!(joined("draft, and more", "and more"), "draft, and more");
    }
}
