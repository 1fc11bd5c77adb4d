//! Difficult conversations and the people a manager leads.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{OptionalExtension, Row, Transaction, TransactionBehavior, params};

use super::{Result, Store, StoreError};
use crate::domain::conversation::{Conversation, Outcome, Prep, Status};
use crate::domain::entry::person_key;

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
}

/// Which conversations to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConversationFilter {
    /// Only this status.
    pub status: Option<Status>,
    /// Only with this person (any case, with or without `@`).
    pub person: Option<String>,
}

/// A person with what the journal knows of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    /// The journal's id.
    pub id: i64,
    /// The name as first written.
    pub name: String,
    /// Entries mentioning them.
    pub mentions: i64,
}

const COLUMNS: &str = "c.id, p.name, c.topic, c.planned_at, c.event_uid, c.stay_interview, c.status, c.held_at, c.followup_on,
    c.situation, c.behaviour, c.impact, c.outcome, c.opening, c.questions, c.reactions, c.care, c.challenge,
    c.happened, c.agreed, c.felt, c.followup_notes";

/// The same columns with the thirteen free-text fields left empty, for lists that need
/// only who, what, when and the status (People reads all 2,000 of a decade).
const HEAD_COLUMNS: &str = "c.id, p.name, c.topic, c.planned_at, c.event_uid, c.stay_interview, c.status, c.held_at, c.followup_on,
    '', '', '', '', '', '', '', '', '', '', '', '', ''";

fn time(text: Option<String>) -> rusqlite::Result<Option<DateTime<FixedOffset>>> {
    Ok(text.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()))
}

fn read(r: &Row<'_>) -> rusqlite::Result<Conversation> {
    let status: String = r.get(6)?;
    Ok(Conversation {
        id: r.get(0)?,
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
    })
}

/// The person called `name` (any case), created if new; their id.
fn ensure_person(tx: &Transaction<'_>, name: &str) -> Result<i64> {
    let name = name.trim().trim_start_matches('@');
    tx.execute(
        "INSERT INTO people (name, key) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
        params![name, person_key(name)],
    )?;
    Ok(tx.query_row(
        "SELECT id FROM people WHERE key = ?1",
        [person_key(name)],
        |r| r.get(0),
    )?)
}

impl Store {
    /// Notes a new conversation, creating the person if needed, in one transaction.
    pub fn insert_conversation(&mut self, new: &NewConversation<'_>) -> Result<Conversation> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let person = ensure_person(&tx, new.person)?;
        tx.execute(
            "INSERT INTO conversations (person_id, topic, planned_at, stay_interview) VALUES (?1, ?2, ?3, ?4)",
            params![person, new.topic.trim(), new.planned_at.map(|t| t.to_rfc3339()), new.stay_interview],
        )?;
        let id = tx.last_insert_rowid();
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
             WHERE (?1 IS NULL OR c.status = ?1) AND (?2 IS NULL OR p.key = ?2)
             ORDER BY coalesce(c.held_at, c.planned_at, c.created_at), c.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let person = filter
            .person
            .as_deref()
            .map(|p| person_key(p.trim().trim_start_matches('@')));
        let rows = stmt.query_map(params![filter.status.map(Status::as_str), person], read)?;
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
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let person = ensure_person(&tx, &c.person)?;
        let changed = tx.execute(
            "UPDATE conversations SET person_id = ?2, topic = ?3, planned_at = ?4, event_uid = ?5, stay_interview = ?6,
                status = ?7, held_at = ?8, followup_on = ?9, situation = ?10, behaviour = ?11, impact = ?12,
                outcome = ?13, opening = ?14, questions = ?15, reactions = ?16, care = ?17, challenge = ?18,
                happened = ?19, agreed = ?20, felt = ?21, followup_notes = ?22,
                updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?1",
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
                c.outcome.followup_notes
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::NoSuchConversation(c.id));
        }
        tx.commit()?;
        Ok(())
    }

    /// Conversations whose text (topic, preparation, outcome) matches `query`, best first.
    pub fn search_conversations(&self, query: &str, limit: usize) -> Result<Vec<Conversation>> {
        let Some(fts) = super::fts_query(query) else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM journal_fts f JOIN conversations c ON c.id = f.rowid / 2 JOIN people p ON p.id = c.person_id
             WHERE journal_fts MATCH ?1 AND f.rowid % 2 = 1 ORDER BY f.rank LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![fts, limit as i64], read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Everyone in the journal, by name, with their mentions.
    pub fn list_people(&self) -> Result<Vec<PersonRow>> {
        let mut stmt = self.conn.prepare_cached(
            // Counted from each person's slice of the mentions index alone: a join with the
            // entries read every mentioning entry (70 ms at ten years).
            "SELECT p.id, p.name,
                (SELECT count(*) FROM entry_people ep WHERE ep.person_id = p.id)
             FROM people p ORDER BY p.key",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(PersonRow {
                id: r.get(0)?,
                name: r.get(1)?,
                mentions: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn person_id(&self, name: &str) -> Result<i64> {
        let key = person_key(name.trim().trim_start_matches('@'));
        self.conn
            .query_row("SELECT id FROM people WHERE key = ?1", [&key], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NoSuchPerson(name.trim().to_string()))
    }

    /// Renames a person; their mentions and conversations follow (they point at the
    /// person, not the name). A name that belongs to someone else is refused: merge instead.
    pub fn rename_person(&mut self, from: &str, to: &str) -> Result<()> {
        let id = self.person_id(from)?;
        let to = to.trim().trim_start_matches('@');
        if let Ok(other) = self.person_id(to)
            && other != id
        {
            return Err(StoreError::PersonExists(to.to_string()));
        }
        self.conn.execute(
            "UPDATE people SET name = ?2, key = ?3 WHERE id = ?1",
            params![id, to, person_key(to)],
        )?;
        Ok(())
    }

    /// Merges person `from` into `into`: mentions and conversations move, `from` goes, in
    /// one transaction.
    pub fn merge_people(&mut self, from: &str, into: &str) -> Result<()> {
        let (a, b) = (self.person_id(from)?, self.person_id(into)?);
        if a == b {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT OR IGNORE INTO entry_people (entry_id, person_id, pos) SELECT entry_id, ?2, pos FROM entry_people WHERE person_id = ?1",
            params![a, b],
        )?;
        tx.execute("DELETE FROM entry_people WHERE person_id = ?1", [a])?;
        tx.execute(
            "UPDATE conversations SET person_id = ?2 WHERE person_id = ?1",
            params![a, b],
        )?;
        tx.execute("DELETE FROM people WHERE id = ?1", [a])?;
        tx.commit()?;
        Ok(())
    }
}
