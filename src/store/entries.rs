//! Journal entries (reflections, notes, weekly reviews) with their tags and people:
//! writing, editing and deleting them, listing them, and the days they were written on.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{OptionalExtension, Row, TransactionBehavior, params};

use super::filter::{JournalFilter, entry_conditions};
use super::{Result, Store, StoreError};
use crate::domain::entry::{self, Entry, EntryKind, NewEntry, fold_key};

/// The columns every entry query selects, with tags and people gathered in order.
/// Names are joined with U+001F (unit separator), which cannot occur in a tag or name.
const ENTRY_COLUMNS: &str = "
    e.id, e.kind, e.at, e.day, e.body,
    (SELECT group_concat(t.name, char(31) ORDER BY et.pos)
       FROM entry_tags et JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id),
    (SELECT group_concat(p.name, char(31) ORDER BY ep.pos)
       FROM entry_people ep JOIN people p ON p.id = ep.person_id WHERE ep.entry_id = e.id),
    e.version, e.sid";

/// Refuses an entry's text over the size an entry holds.
fn fits(body: &str) -> Result<()> {
    if body.len() > entry::MAX_BODY_BYTES {
        return Err(StoreError::BadData(format!(
            "an entry holds at most {} KB of text",
            entry::MAX_BODY_BYTES / 1024
        )));
    }
    Ok(())
}

impl Store {
    /// Saves a new entry with its tags and people, and clears the editor draft in `slot`
    /// if one is given, all in one transaction. Returns the new entry.
    pub fn insert_entry(&mut self, new: &NewEntry, clear_draft: Option<&str>) -> Result<Entry> {
        if new.kind == EntryKind::Review {
            return Err(StoreError::BadData(
                "a weekly review belongs to a week; save it with save_review".into(),
            ));
        }
        self.insert_entry_in_week(new, None, clear_draft)
    }

    /// Saves many entries in one transaction (all or none), for imports and generated
    /// journals. Returns how many were saved.
    pub fn insert_entries(&mut self, entries: &[NewEntry]) -> Result<usize> {
        if let Some(bad) = entries
            .iter()
            .find(|e| e.kind == EntryKind::Review || e.body.len() > entry::MAX_BODY_BYTES)
        {
            return Err(StoreError::BadData(format!(
                "an entry of {} bytes of kind {} cannot be saved in bulk",
                bad.body.len(),
                bad.kind.as_str()
            )));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for new in entries {
            insert_row(&tx, new, None)?;
        }
        tx.commit()?;
        Ok(entries.len())
    }

    /// Saves a new entry; a review names its week (the schema insists on it).
    pub(super) fn insert_entry_in_week(
        &mut self,
        new: &NewEntry,
        week: Option<NaiveDate>,
        clear_draft: Option<&str>,
    ) -> Result<Entry> {
        fits(&new.body)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = insert_row(&tx, new, week)?;
        if let Some(slot) = clear_draft {
            tx.execute("DELETE FROM drafts WHERE slot = ?1", [slot])?;
        }
        tx.commit()?;
        self.entry(id)?
            .ok_or_else(|| StoreError::BadData(format!("entry {id} vanished after saving")))
    }

    /// One entry by id.
    pub fn entry(&self, id: i64) -> Result<Option<Entry>> {
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM entries e WHERE e.id = ?1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query_map([id], read_entry)?;
        rows.next().transpose()?.transpose()
    }

    /// The entries of one local day, oldest first.
    pub fn list_entries_on(&self, day: NaiveDate) -> Result<Vec<Entry>> {
        self.list_entries(&JournalFilter {
            from: Some(day),
            to: Some(day),
            ..Default::default()
        })
    }

    /// The entries `filter` lets through (none when it asks for conversations only),
    /// oldest first.
    pub fn list_entries(&self, filter: &JournalFilter) -> Result<Vec<Entry>> {
        if !filter.wants_entries() {
            return Ok(Vec::new());
        }
        // Only the conditions in use go into the SQL, so SQLite can use the day index.
        let conditions = entry_conditions(filter, &self.named(filter)?);
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM entries e WHERE {} ORDER BY e.at_utc, e.id",
            conditions.sql()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(&conditions.values), read_entry)?;
        rows.map(|r| r?).collect()
    }

    /// The newest `limit` entries mentioning `person` (any case, with or without `@`),
    /// newest first.
    pub fn recent_mentions(&self, person: &str, limit: usize) -> Result<Vec<Entry>> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM entries e
             WHERE e.id IN (SELECT ep.entry_id FROM entry_people ep JOIN people p ON p.id = ep.person_id
                            WHERE p.key = ?1)
             ORDER BY e.at_utc DESC, e.id DESC LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let key = crate::domain::person::key(person);
        let rows = stmt.query_map(params![key, limit as i64], read_entry)?;
        rows.map(|r| r?).collect()
    }

    /// How many entries the journal holds.
    pub fn count_entries(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))?)
    }

    /// How many entries each local day in `from..=to` has, for days with any, oldest first.
    pub fn entry_counts_by_day(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, u32)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT day, count(*) FROM entries WHERE day >= ?1 AND day <= ?2 GROUP BY day ORDER BY day",
        )?;
        let rows = stmt.query_map(params![from.to_string(), to.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (day, n) = row?;
            out.push((parse_day(0, &day)?, n));
        }
        Ok(out)
    }

    /// The current journaling streak as of `today` (see [`crate::domain::history::streak`]).
    /// Reads days newest first only as far as the streak goes.
    pub fn streak(&self, today: NaiveDate) -> Result<u32> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT day FROM entries WHERE day <= ?1 ORDER BY day DESC")?;
        let mut rows = stmt.query([today.to_string()])?;
        let mut days = Vec::new();
        let mut expected = today;
        while let Some(r) = rows.next()? {
            let day = parse_day(0, &r.get::<_, String>(0)?)?;
            // Stop reading at the first gap; the pure function decides the count.
            if day < expected - chrono::Duration::days(1) {
                days.push(day);
                break;
            }
            days.push(day);
            expected = day;
        }
        Ok(crate::domain::history::streak(days, today))
    }

    /// The first day anything was written, if anything was.
    pub fn first_entry_day(&self) -> Result<Option<NaiveDate>> {
        let day: Option<String> = self
            .conn
            .query_row("SELECT min(day) FROM entries", [], |r| r.get(0))?;
        day.map(|d| parse_day(0, &d)).transpose()
    }

    /// Replaces an entry's text, and with it its tags and people, in one transaction.
    pub fn update_entry_body(&mut self, id: i64, body: &str) -> Result<Entry> {
        self.replace_body(id, body, None)?
            .ok_or_else(|| StoreError::BadData(format!("there is no entry {id}")))
    }

    /// Replaces entry `id`'s text if its stored version is still `version` (the one an
    /// editor loaded), in one transaction. `None` when the entry changed or went
    /// meanwhile: nothing was written.
    pub fn update_entry_body_at(
        &mut self,
        id: i64,
        body: &str,
        version: i64,
    ) -> Result<Option<Entry>> {
        self.replace_body(id, body, Some(version))
    }

    fn replace_body(&mut self, id: i64, body: &str, version: Option<i64>) -> Result<Option<Entry>> {
        fits(body)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = tx.execute(
            "UPDATE entries SET body = ?2, version = version + 1,
                 updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?1 AND (?3 IS NULL OR version = ?3)",
            params![id, body, version],
        )?;
        if changed == 0 {
            return Ok(None);
        }
        tx.execute("DELETE FROM entry_tags WHERE entry_id = ?1", [id])?;
        tx.execute("DELETE FROM entry_people WHERE entry_id = ?1", [id])?;
        link_tags_and_people(&tx, id, body)?;
        tx.commit()?;
        self.entry(id)?
            .ok_or_else(|| StoreError::BadData(format!("entry {id} vanished after saving")))
            .map(Some)
    }

    /// Deletes an entry (its tags and mentions go with it). Returns whether it existed.
    pub fn delete_entry(&mut self, id: i64) -> Result<bool> {
        Ok(self
            .conn
            .execute("DELETE FROM entries WHERE id = ?1", [id])?
            > 0)
    }

    /// The weekly review of the week starting `week`, if written.
    pub fn review_for(&self, week: NaiveDate) -> Result<Option<Entry>> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM entries WHERE week = ?1",
                [week.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        match id {
            Some(id) => self.entry(id),
            None => Ok(None),
        }
    }

    /// Saves the weekly review of the week starting `week`: a new review entry written
    /// `at`, or the week's existing review with its text replaced.
    pub fn save_review(
        &mut self,
        week: NaiveDate,
        body: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<Entry> {
        if let Some(existing) = self.review_for(week)? {
            return self.update_entry_body(existing.id, body);
        }
        self.insert_entry_in_week(
            &NewEntry {
                kind: EntryKind::Review,
                at,
                body: body.to_string(),
            },
            Some(week),
            None,
        )
    }

    /// Writes the first weekly review of the week starting `week`, unless one was written
    /// meanwhile (another window's): `None`, and nothing written.
    pub fn insert_review(
        &mut self,
        week: NaiveDate,
        body: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<Option<Entry>> {
        let new = NewEntry {
            kind: EntryKind::Review,
            at,
            body: body.to_string(),
        };
        match self.insert_entry_in_week(&new, Some(week), None) {
            Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Ok(None)
            }
            other => other.map(Some),
        }
    }

    /// Entries since `since` that mention the people `person` means, oldest first.
    pub fn entries_mentioning_since(
        &self,
        person: &str,
        since: NaiveDate,
    ) -> Result<Vec<crate::domain::Entry>> {
        // Filtered in SQL: a People keystroke reads this, and reading every entry of the
        // last months to keep two took most of its frame.
        self.list_entries(&JournalFilter {
            from: Some(since),
            person: Some(person.to_string()),
            ..Default::default()
        })
    }

    /// The ids of the tags `tag` means, ignoring case and accents (`#equipe` is `#équipe`).
    pub fn tag_ids_matching(&self, tag: &str) -> Result<Vec<i64>> {
        let wanted = fold_key(tag.trim().trim_start_matches('#'));
        let mut stmt = self.conn.prepare_cached("SELECT id, name FROM tags")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        let mut ids = Vec::new();
        for row in rows {
            let (id, n) = row?;
            if fold_key(&n) == wanted {
                ids.push(id);
            }
        }
        Ok(ids)
    }
}

/// Inserts one entry row with its tags and people; returns its id.
fn insert_row(
    tx: &rusqlite::Transaction<'_>,
    new: &NewEntry,
    week: Option<NaiveDate>,
) -> Result<i64> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO entries (kind, at, at_utc, day, body, week) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    // Whole seconds: nobody writes twice in a second, and scripts read times like that.
    stmt.execute(params![
        new.kind.as_str(),
        crate::domain::time::rfc3339(&new.at),
        new.at.timestamp(),
        new.at.date_naive().to_string(),
        new.body,
        week.map(|w| w.to_string()),
    ])?;
    let id = tx.last_insert_rowid();
    link_tags_and_people(tx, id, &new.body)?;
    Ok(id)
}

/// Records the `#tags` and `@people` written in entry `id`'s `body`, in order.
pub(super) fn link_tags_and_people(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    body: &str,
) -> Result<()> {
    for (pos, tag) in entry::tags(body).iter().enumerate() {
        tx.prepare_cached("INSERT INTO tags (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")?
            .execute([tag])?;
        tx.prepare_cached(
            "INSERT INTO entry_tags (entry_id, tag_id, pos)
             SELECT ?1, id, ?2 FROM tags WHERE name = ?3",
        )?
        .execute(params![id, pos as i64, tag])?;
    }
    for (pos, name) in entry::mentions(body).iter().enumerate() {
        // An old name (kept after a rename or merge) means the person it became.
        let person = super::people::ensure_person(tx, name)?;
        tx.prepare_cached(
            "INSERT OR IGNORE INTO entry_people (entry_id, person_id, pos) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![id, person, pos as i64])?;
    }
    Ok(())
}

fn read_entry(row: &Row<'_>) -> rusqlite::Result<Result<Entry>> {
    let id: i64 = row.get(0)?;
    let kind: String = row.get(1)?;
    let at: String = row.get(2)?;
    let day: String = row.get(3)?;
    let body: String = row.get(4)?;
    let tags: Option<String> = row.get(5)?;
    let people: Option<String> = row.get(6)?;
    let version: i64 = row.get(7)?;
    let sid: String = row.get(8)?;
    Ok(build_entry(id, &kind, &at, &day, body, tags, people).map(|e| Entry { version, sid, ..e }))
}

fn build_entry(
    id: i64,
    kind: &str,
    at: &str,
    day: &str,
    body: String,
    tags: Option<String>,
    people: Option<String>,
) -> Result<Entry> {
    let bad = |what: &str| StoreError::BadData(format!("entry {id} has {what}"));
    let split = |s: Option<String>| -> Vec<String> {
        s.map(|s| s.split('\u{1f}').map(str::to_string).collect())
            .unwrap_or_default()
    };
    Ok(Entry {
        id,
        sid: String::new(),
        kind: EntryKind::parse(kind).ok_or_else(|| bad(&format!("an unknown kind '{kind}'")))?,
        at: DateTime::<FixedOffset>::parse_from_rfc3339(at)
            .map_err(|_| bad(&format!("an unreadable time '{at}'")))?,
        day: NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .map_err(|_| bad(&format!("an unreadable day '{day}'")))?,
        body,
        tags: split(tags),
        people: split(people),
        version: 0,
    })
}

pub(super) fn parse_day(id: i64, day: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map_err(|_| StoreError::BadData(format!("item {id} has an unreadable day '{day}'")))
}
