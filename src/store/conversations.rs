//! Difficult conversations and the people a manager leads.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{OptionalExtension, Row, TransactionBehavior, params};

use super::people::{ensure_person, record_conversation_mentions};
use super::{Result, Store, StoreError};
use crate::domain::conversation::{Conversation, Outcome, Prep, Status};

/// A conversation as first noted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConversation<'a> {
    /// Who it is with (created if new; matched ignoring case).
    pub person: &'a str,
    /// What it is about.
    pub topic: &'a str,
    /// When it is planned.
    pub planned_at: Option<DateTime<FixedOffset>>,
    /// Whether it is a stay interview.
    pub stay_interview: bool,
    /// The imported calendar event it is linked to (its UID).
    pub event_uid: Option<&'a str>,
}

/// Which conversations to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConversationFilter {
    /// Only this status.
    pub status: Option<Status>,
    /// Only with this person (any case, with or without `@`).
    pub person: Option<String>,
}

const COLUMNS: &str = "c.id, p.name, c.topic, c.planned_at, c.event_uid, c.stay_interview, c.status, c.held_at, c.followup_on,
    c.situation, c.behaviour, c.impact, c.outcome, c.opening, c.questions, c.reactions, c.care, c.challenge,
    c.happened, c.agreed, c.felt, c.followup_notes, c.version, c.sid";

/// The same columns with the thirteen free-text fields left empty, for lists that need
/// only who, what, when and the status (People reads all 2,000 of a decade).
const HEAD_COLUMNS: &str = "c.id, p.name, c.topic, c.planned_at, c.event_uid, c.stay_interview, c.status, c.held_at, c.followup_on,
    '', '', '', '', '', '', '', '', '', '', '', '', '', c.version, c.sid";

fn time(text: Option<String>) -> rusqlite::Result<Option<DateTime<FixedOffset>>> {
    Ok(text.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()))
}

fn read(r: &Row<'_>) -> rusqlite::Result<Conversation> {
    let status: String = r.get(6)?;
    Ok(Conversation {
        id: r.get(0)?,
        sid: r.get(23)?,
        person: r.get(1)?,
        topic: r.get(2)?,
        planned_at: time(r.get(3)?)?,
        event_uid: r.get(4)?,
        stay_interview: r.get(5)?,
        status: Status::parse(&status).unwrap_or(Status::Planned),
        held_at: time(r.get(7)?)?,
        followup_on: r
            .get::<_, Option<String>>(8)?
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        prep: Prep {
            situation: r.get(9)?,
            behaviour: r.get(10)?,
            impact: r.get(11)?,
            outcome: r.get(12)?,
            opening: r.get(13)?,
            questions: r.get(14)?,
            reactions: r.get(15)?,
            care: r.get(16)?,
            challenge: r.get(17)?,
        },
        outcome: Outcome {
            happened: r.get(18)?,
            agreed: r.get(19)?,
            felt: r.get(20)?,
            followup_notes: r.get(21)?,
        },
        version: r.get(22)?,
    })
}

impl Store {
    /// Notes a new conversation, creating the person if needed, in one transaction.
    pub fn insert_conversation(&mut self, new: &NewConversation<'_>) -> Result<Conversation> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let person = ensure_person(&tx, new.person)?;
        tx.execute(
            "INSERT INTO conversations (person_id, topic, planned_at, stay_interview, event_uid) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![person, new.topic.trim(), new.planned_at.map(|t| t.to_rfc3339()), new.stay_interview, new.event_uid],
        )?;
        let id = tx.last_insert_rowid();
        record_conversation_mentions(&tx, id)?;
        tx.commit()?;
        self.conversation(id)?
            .ok_or(StoreError::NoSuchConversation(id))
    }

    /// One conversation by id.
    pub fn conversation(&self, id: i64) -> Result<Option<Conversation>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM conversations c JOIN people p ON p.id = c.person_id WHERE c.id = ?1"
        );
        Ok(self.conn.query_row(&sql, [id], read).optional()?)
    }

    /// Conversations matching `filter`, by planned (else noted) time.
    pub fn list_conversations(&self, filter: &ConversationFilter) -> Result<Vec<Conversation>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM conversations c JOIN people p ON p.id = c.person_id
             WHERE (?1 IS NULL OR c.status = ?1)
               AND (?2 IS NULL OR c.person_id IN (SELECT value FROM json_each(?2)))
             ORDER BY coalesce(c.held_at, c.planned_at, c.created_at), c.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let people = filter
            .person
            .as_deref()
            .map(|p| {
                self.person_ids_matching(p)
                    .map(|ids| serde_json::json!(ids).to_string())
            })
            .transpose()?;
        let rows = stmt.query_map(params![filter.status.map(Status::as_str), people], read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// What a day's agenda and a week's review need, without reading every conversation:
    /// conversations planned on a day in `from..=to` (by their own date), held in it, or
    /// held with a follow-up due on or before `due_by`. Oldest first.
    pub fn conversations_around(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        due_by: NaiveDate,
    ) -> Result<Vec<Conversation>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM conversations c JOIN people p ON p.id = c.person_id
             WHERE (c.status = 'planned' AND substr(c.planned_at, 1, 10) BETWEEN ?1 AND ?2)
                OR (c.held_at IS NOT NULL AND substr(c.held_at, 1, 10) BETWEEN ?1 AND ?2)
                OR (c.status = 'held' AND c.followup_on <= ?3)
             ORDER BY coalesce(c.held_at, c.planned_at, c.created_at), c.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![from.to_string(), to.to_string(), due_by.to_string()],
            read,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every conversation without its preparation and outcome text, in no set order.
    pub fn list_conversation_heads(&self) -> Result<Vec<Conversation>> {
        let sql = format!(
            "SELECT {HEAD_COLUMNS} FROM conversations c JOIN people p ON p.id = c.person_id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Deletes a conversation. Returns whether it existed.
    pub fn delete_conversation(&mut self, id: i64) -> Result<bool> {
        Ok(self
            .conn
            .execute("DELETE FROM conversations WHERE id = ?1", [id])?
            > 0)
    }

    /// Saves every editable field of `c` (by its id); the person is matched or created.
    pub fn update_conversation(&mut self, c: &Conversation) -> Result<()> {
        if self.write_conversation(c, None)? {
            Ok(())
        } else {
            Err(StoreError::NoSuchConversation(c.id))
        }
    }

    /// Saves every editable field of `c` if the stored conversation is still at
    /// `c.version` (the one its writer loaded), in one transaction. False when it changed
    /// meanwhile: nothing was written. An error when it is gone.
    pub fn update_conversation_at(&mut self, c: &Conversation) -> Result<bool> {
        if self.write_conversation(c, Some(c.version))? {
            return Ok(true);
        }
        match self.conversation(c.id)? {
            Some(_) => Ok(false),
            None => Err(StoreError::NoSuchConversation(c.id)),
        }
    }

    fn write_conversation(&mut self, c: &Conversation, version: Option<i64>) -> Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let person = ensure_person(&tx, &c.person)?;
        let changed = tx.execute(
            "UPDATE conversations SET person_id = ?2, topic = ?3, planned_at = ?4, event_uid = ?5, stay_interview = ?6,
                status = ?7, held_at = ?8, followup_on = ?9, situation = ?10, behaviour = ?11, impact = ?12,
                outcome = ?13, opening = ?14, questions = ?15, reactions = ?16, care = ?17, challenge = ?18,
                happened = ?19, agreed = ?20, felt = ?21, followup_notes = ?22,
                version = version + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?1 AND (?23 IS NULL OR version = ?23)",
            params![
                c.id,
                person,
                c.topic.trim(),
                c.planned_at.map(|t| t.to_rfc3339()),
                c.event_uid,
                c.stay_interview,
                c.status.as_str(),
                c.held_at.map(|t| t.to_rfc3339()),
                c.followup_on.map(|d| d.to_string()),
                c.prep.situation,
                c.prep.behaviour,
                c.prep.impact,
                c.prep.outcome,
                c.prep.opening,
                c.prep.questions,
                c.prep.reactions,
                c.prep.care,
                c.prep.challenge,
                c.outcome.happened,
                c.outcome.agreed,
                c.outcome.felt,
                c.outcome.followup_notes,
                version
            ],
        )?;
        if changed == 0 {
            return Ok(false);
        }
        record_conversation_mentions(&tx, c.id)?;
        tx.commit()?;
        Ok(true)
    }
}
