//! Entries and conversations listed together (what the History screen shows), newest
//! first, a page at a time, through one [`JournalFilter`].
//!
//! Pages are read by keyset (the last row's time and key), so a page costs the same at
//! the top of a ten-year journal as at its end, and nothing is loaded that is not shown.

use chrono::NaiveDate;
use rusqlite::params_from_iter;

use super::entries::parse_day;
use super::filter::{CONVO_WHEN, JournalFilter, convo_conditions, entry_conditions};
use super::{Result, Store, StoreError};
use crate::domain::entry::EntryKind;
use crate::domain::history::{ItemId, ItemKind, first_line};

/// Where a page starts: strictly older (or newer) than this row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// The row's time, unix seconds.
    pub at_utc: i64,
    /// The row's tie-breaking key: `2 * id` for an entry, `2 * id + 1` for a conversation
    /// (the same numbering as the search index).
    pub key: i64,
}

/// One History row: enough to list it; the full text is read when it is selected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    /// The entry or conversation.
    pub id: ItemId,
    /// Its stable id, the same on every device the journal syncs to.
    pub sid: String,
    /// What it is.
    pub kind: ItemKind,
    /// Its local day.
    pub day: NaiveDate,
    /// Its place in the order.
    pub cursor: Cursor,
    /// One line: an entry's first line; a conversation's topic and person.
    pub title: String,
    /// For search results, the passage that matched (see [`super::Passage`]).
    pub snippet: Option<String>,
}

/// The longest title kept for a row, in bytes (the list shows one line anyway).
const TITLE_BYTES: usize = 240;

impl Store {
    /// A page of History, newest first: `limit` rows older than `before` (from the newest
    /// when `None`), or, with `newer`, the `limit` rows just newer than `before`, still
    /// listed newest first.
    pub fn history_page(
        &self,
        filter: &JournalFilter,
        before: Option<Cursor>,
        newer: bool,
        limit: usize,
    ) -> Result<Vec<HistoryRow>> {
        let (cmp, order) = if newer { (">", "ASC") } else { ("<", "DESC") };
        let named = self.named(filter)?;
        let mut rows = Vec::new();
        if filter.wants_entries() {
            let mut c = entry_conditions(filter, &named);
            if let Some(at) = before {
                // `at_utc {cmp}= ?` on its own lets SQLite walk the time index from the cursor.
                c.add(&format!("e.at_utc {cmp}= ?"), [at.at_utc.into()]);
                c.add(
                    &format!("e.at_utc {cmp} ? OR 2 * e.id {cmp} ?"),
                    [at.at_utc.into(), at.key.into()],
                );
            }
            let sql = format!(
                "SELECT e.id, e.kind, e.day, e.at_utc, substr(e.body, 1, 1000), e.sid FROM entries e
                 WHERE {} ORDER BY e.at_utc {order}, e.id {order} LIMIT {limit}",
                c.sql()
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut query = stmt.query(params_from_iter(&c.values))?;
            while let Some(r) = query.next()? {
                let id: i64 = r.get(0)?;
                let kind: String = r.get(1)?;
                let day: String = r.get(2)?;
                let body: String = r.get(4)?;
                let kind = EntryKind::parse(&kind).ok_or_else(|| {
                    StoreError::BadData(format!("entry {id} has an unknown kind '{kind}'"))
                })?;
                rows.push(HistoryRow {
                    id: ItemId::Entry(id),
                    sid: r.get(5)?,
                    kind: ItemKind::Entry(kind),
                    day: parse_day(id, &day)?,
                    cursor: Cursor {
                        at_utc: r.get(3)?,
                        key: 2 * id,
                    },
                    title: short_title(&body),
                    snippet: None,
                });
            }
        }
        if filter.wants_conversations() {
            let c = convo_conditions(filter, &named);
            let mut values = c.values.clone();
            let after = match before {
                Some(at) => {
                    values.extend([at.at_utc.into(), at.at_utc.into(), at.key.into()]);
                    format!("WHERE at_utc {cmp} ? OR (at_utc = ? AND key {cmp} ?)")
                }
                None => String::new(),
            };
            let sql = format!(
                "SELECT * FROM (
                   SELECT c.id, substr({CONVO_WHEN}, 1, 10) AS day, unixepoch({CONVO_WHEN}) AS at_utc,
                          c.topic, p.name, 2 * c.id + 1 AS key, c.sid
                   FROM conversations c JOIN people p ON p.id = c.person_id
                   WHERE {})
                 {after}
                 ORDER BY at_utc {order}, key {order} LIMIT {limit}",
                c.sql()
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut query = stmt.query(params_from_iter(&values))?;
            while let Some(r) = query.next()? {
                let id: i64 = r.get(0)?;
                let day: String = r.get(1)?;
                let topic: String = r.get(3)?;
                let person: String = r.get(4)?;
                rows.push(HistoryRow {
                    id: ItemId::Conversation(id),
                    sid: r.get(6)?,
                    kind: ItemKind::Conversation,
                    day: parse_day(id, &day)?,
                    cursor: Cursor {
                        at_utc: r.get::<_, Option<i64>>(2)?.unwrap_or(0),
                        key: r.get(5)?,
                    },
                    title: short_title(&format!("{topic} · with {person}")),
                    snippet: None,
                });
            }
        }
        rows.sort_by_key(|r| std::cmp::Reverse((r.cursor.at_utc, r.cursor.key)));
        if newer {
            // The rows just newer than the cursor are the oldest of the newer ones.
            let skip = rows.len().saturating_sub(limit);
            rows.drain(..skip);
        } else {
            rows.truncate(limit);
        }
        Ok(rows)
    }

    /// How many History rows `filter` lets through.
    pub fn history_count(&self, filter: &JournalFilter) -> Result<i64> {
        let named = self.named(filter)?;
        let mut n = 0;
        if filter.wants_entries() {
            let c = entry_conditions(filter, &named);
            let sql = format!("SELECT count(*) FROM entries e WHERE {}", c.sql());
            let mut stmt = self.conn.prepare_cached(&sql)?;
            n += stmt.query_row(params_from_iter(&c.values), |r| r.get::<_, i64>(0))?;
        }
        if filter.wants_conversations() {
            let c = convo_conditions(filter, &named);
            let sql = format!(
                "SELECT count(*) FROM conversations c JOIN people p ON p.id = c.person_id WHERE {}",
                c.sql()
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            n += stmt.query_row(params_from_iter(&c.values), |r| r.get::<_, i64>(0))?;
        }
        Ok(n)
    }
}

pub(super) fn short_title(text: &str) -> String {
    let line = first_line(text);
    if line.len() <= TITLE_BYTES {
        return line.to_string();
    }
    let mut end = TITLE_BYTES;
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &line[..end])
}
