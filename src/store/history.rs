//! The History screen's queries: entries and conversations together, newest first, a page
//! at a time; ranked search over both; journaling days; and editing or deleting an entry.
//!
//! Pages are read by keyset (the last row's time and key), so a page costs the same at
//! the top of a ten-year journal as at its end, and nothing is loaded that is not shown.

use chrono::NaiveDate;
use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::entries::{Conditions, parse_day};
use super::{Result, Store, StoreError};
use crate::domain::entry::EntryKind;
use crate::domain::history::{ItemId, ItemKind, first_line, search_terms, snippet};

/// Which History rows to show. Every field narrows; empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryFilter {
    /// Only entries with this tag (without `#`, any case). Conversations have no tags.
    pub tag: Option<String>,
    /// Only entries mentioning this person, and conversations with them.
    pub person: Option<String>,
    /// Only rows of this kind.
    pub kind: Option<ItemKind>,
    /// First local day.
    pub from: Option<NaiveDate>,
    /// Last local day.
    pub to: Option<NaiveDate>,
    /// Only these days (for "on this day"); empty means any day.
    pub days: Vec<NaiveDate>,
}

impl HistoryFilter {
    /// Whether nothing is filtered.
    pub fn is_empty(&self) -> bool {
        *self == HistoryFilter::default()
    }

    fn wants_entries(&self) -> bool {
        !matches!(self.kind, Some(ItemKind::Conversation))
    }

    fn wants_conversations(&self) -> bool {
        self.tag.is_none() && matches!(self.kind, None | Some(ItemKind::Conversation))
    }

    fn entry_kind(&self) -> Option<&'static str> {
        match self.kind {
            Some(ItemKind::Entry(k)) => Some(k.as_str()),
            _ => None,
        }
    }
}

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
    /// What it is.
    pub kind: ItemKind,
    /// Its local day.
    pub day: NaiveDate,
    /// Its place in the order.
    pub cursor: Cursor,
    /// One line: an entry's first line; a conversation's topic and person.
    pub title: String,
    /// For search results, the matching passage with matches between
    /// [`MATCH_START`] and [`MATCH_END`].
    pub snippet: Option<String>,
}

/// Marks the start of a match in a search snippet.
pub const MATCH_START: char = '\u{2}';
/// Marks the end of a match in a search snippet.
pub const MATCH_END: char = '\u{3}';

/// How many of a search's most recently written matches are ranked when nothing is
/// filtered (see `history_search`).
pub const RANKED_MATCHES: usize = 2_000;

/// About how many words a search result's passage has.
const SNIPPET_WORDS: usize = 14;

/// The longest title kept for a row, in bytes (the list shows one line anyway).
const TITLE_BYTES: usize = 240;

/// A conversation's day and time: when it was held, else planned, else noted.
const CONVO_WHEN: &str = "coalesce(c.held_at, c.planned_at, c.created_at)";

/// The people and tags a filter names, as the ids they mean (ignoring case and accents,
/// old names included), each a JSON array for `json_each`.
struct Named {
    people: Option<Value>,
    tags: Option<Value>,
}

impl Store {
    fn named(&self, filter: &HistoryFilter) -> Result<Named> {
        let json = |ids: Vec<i64>| Value::from(serde_json::json!(ids).to_string());
        Ok(Named {
            people: filter
                .person
                .as_deref()
                .map(|p| self.person_ids_matching(p).map(json))
                .transpose()?,
            tags: filter
                .tag
                .as_deref()
                .map(|t| self.tag_ids_matching(t).map(json))
                .transpose()?,
        })
    }
}

fn days_value(filter: &HistoryFilter) -> Option<Value> {
    (!filter.days.is_empty()).then(|| {
        serde_json::Value::from(
            filter
                .days
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>(),
        )
        .to_string()
        .into()
    })
}

/// The filter's conditions on entries `e`; only those in use, so SQLite can pick the
/// best index for what is asked.
fn entry_conditions(filter: &HistoryFilter, named: &Named) -> Conditions {
    let mut c = Conditions::default();
    if let Some(tags) = &named.tags {
        c.add(
            "e.id IN (SELECT et.entry_id FROM entry_tags et WHERE et.tag_id IN (SELECT value FROM json_each(?)))",
            [tags.clone()],
        );
    }
    if let Some(people) = &named.people {
        c.add(
            "e.id IN (SELECT ep.entry_id FROM entry_people ep WHERE ep.person_id IN (SELECT value FROM json_each(?)))",
            [people.clone()],
        );
    }
    if let Some(kind) = filter.entry_kind() {
        c.add("e.kind = ?", [kind.to_string().into()]);
    }
    if let Some(from) = filter.from {
        c.add("e.day >= ?", [from.to_string().into()]);
    }
    if let Some(to) = filter.to {
        c.add("e.day <= ?", [to.to_string().into()]);
    }
    if let Some(days) = days_value(filter) {
        c.add("e.day IN (SELECT value FROM json_each(?))", [days]);
    }
    c
}

/// The filter's conditions on conversations `c` with their person `p`.
fn convo_conditions(filter: &HistoryFilter, named: &Named) -> Conditions {
    let mut c = Conditions::default();
    if let Some(people) = &named.people {
        c.add(
            "c.person_id IN (SELECT value FROM json_each(?))",
            [people.clone()],
        );
    }
    if let Some(from) = filter.from {
        c.add(
            &format!("substr({CONVO_WHEN}, 1, 10) >= ?"),
            [from.to_string().into()],
        );
    }
    if let Some(to) = filter.to {
        c.add(
            &format!("substr({CONVO_WHEN}, 1, 10) <= ?"),
            [to.to_string().into()],
        );
    }
    if let Some(days) = days_value(filter) {
        c.add(
            &format!("substr({CONVO_WHEN}, 1, 10) IN (SELECT value FROM json_each(?))"),
            [days],
        );
    }
    c
}

fn id_number(id: ItemId) -> i64 {
    match id {
        ItemId::Entry(n) | ItemId::Conversation(n) => n,
    }
}

fn short_title(text: &str) -> String {
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

impl Store {
    /// A page of History, newest first: `limit` rows older than `before` (from the newest
    /// when `None`), or, with `newer`, the `limit` rows just newer than `before`, still
    /// listed newest first.
    pub fn history_page(
        &self,
        filter: &HistoryFilter,
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
                "SELECT e.id, e.kind, e.day, e.at_utc, substr(e.body, 1, 1000) FROM entries e
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
                          c.topic, p.name, 2 * c.id + 1 AS key
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
    pub fn history_count(&self, filter: &HistoryFilter) -> Result<i64> {
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

    /// History rows matching `query` (words, `"phrases"`, `prefix*`) and `filter`, best
    /// match first, at most `limit`, each with its matching passage. `None` when the
    /// query has nothing to search for.
    pub fn history_search(
        &self,
        query: &str,
        filter: &HistoryFilter,
        limit: usize,
    ) -> Result<Option<Vec<HistoryRow>>> {
        let Some(fts) = super::fts_query(query) else {
            return Ok(None);
        };
        let ranked = if filter.is_empty() {
            self.ranked_matches(&fts, limit)?
        } else {
            self.ranked_filtered_matches(&fts, filter, limit)?
        };
        self.search_rows(query, &ranked).map(Some)
    }

    /// The best `limit` index rowids matching `fts`, from the index alone. Ranking (bm25)
    /// costs microseconds a match, and a word in most of a ten-year journal would take
    /// tens of milliseconds, so only the RANKED_MATCHES most recently written matches are
    /// ranked (FTS5 walks rowids newest first and stops there).
    fn ranked_matches(&self, fts: &str, limit: usize) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT rowid FROM journal_fts
             WHERE journal_fts MATCH ?1 AND rowid >= (SELECT coalesce(min(rowid), 0) FROM (
                 SELECT rowid FROM journal_fts WHERE journal_fts MATCH ?1
                 ORDER BY rowid DESC LIMIT {RANKED_MATCHES}))
             ORDER BY rank, rowid DESC LIMIT {limit}"
        ))?;
        let rows = stmt.query_map([fts], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The best `limit` index rowids matching `fts` whose entries or conversations pass
    /// `filter` (filters are applied to every match, so all of them are ranked).
    fn ranked_filtered_matches(
        &self,
        fts: &str,
        filter: &HistoryFilter,
        limit: usize,
    ) -> Result<Vec<i64>> {
        let named = self.named(filter)?;
        let mut values: Vec<Value> = vec![fts.to_string().into()];
        let mut parts = Vec::new();
        if filter.wants_entries() {
            let c = entry_conditions(filter, &named);
            values.extend(c.values.iter().cloned());
            parts.push(format!(
                "SELECT f.rowid AS rowid, f.rank AS rank, e.at_utc AS at_utc
                 FROM f JOIN entries e ON e.id = f.rowid / 2 AND f.rowid % 2 = 0
                 WHERE {}",
                c.sql()
            ));
        }
        if filter.wants_conversations() {
            let c = convo_conditions(filter, &named);
            values.extend(c.values.iter().cloned());
            parts.push(format!(
                "SELECT f.rowid AS rowid, f.rank AS rank, unixepoch({CONVO_WHEN}) AS at_utc
                 FROM f JOIN conversations c ON c.id = f.rowid / 2 AND f.rowid % 2 = 1
                 JOIN people p ON p.id = c.person_id
                 WHERE {}",
                c.sql()
            ));
        }
        let sql = format!(
            "WITH f AS MATERIALIZED (SELECT rowid, rank FROM journal_fts WHERE journal_fts MATCH ?)
             SELECT rowid FROM ({}) ORDER BY rank, at_utc DESC LIMIT {limit}",
            parts.join(" UNION ALL ")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(&values), |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// History rows for index rowids, in their order, each with its title and the
    /// passage that matched `query`.
    fn search_rows(&self, query: &str, rowids: &[i64]) -> Result<Vec<HistoryRow>> {
        let json = |ids: Vec<i64>| serde_json::Value::from(ids).to_string();
        let entry_ids = json(
            rowids
                .iter()
                .filter(|r| *r % 2 == 0)
                .map(|r| r / 2)
                .collect(),
        );
        let convo_ids = json(
            rowids
                .iter()
                .filter(|r| *r % 2 == 1)
                .map(|r| r / 2)
                .collect(),
        );
        // rowid -> (kind, day, at_utc, person for a conversation)
        let mut details: std::collections::HashMap<i64, (String, String, i64, Option<String>)> =
            Default::default();
        let mut stmt = self.conn.prepare_cached(
            "SELECT 2 * id, kind, day, at_utc, NULL FROM entries
             WHERE id IN (SELECT value FROM json_each(?1))",
        )?;
        for row in stmt.query_map([&entry_ids], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        })? {
            let (k, v) = row?;
            details.insert(k, v);
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT 2 * c.id + 1, 'conversation', substr({CONVO_WHEN}, 1, 10),
                    coalesce(unixepoch({CONVO_WHEN}), 0), p.name
             FROM conversations c JOIN people p ON p.id = c.person_id
             WHERE c.id IN (SELECT value FROM json_each(?1))"
        ))?;
        for row in stmt.query_map([&convo_ids], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        })? {
            let (k, v) = row?;
            details.insert(k, v);
        }
        // FTS5's own snippet() would run the whole MATCH again for each row (a prefix
        // query merges every word with that prefix): the passages are cut here instead,
        // from the text read by rowid.
        let terms = search_terms(query);
        let mut stmt = self.conn.prepare_cached(
            "SELECT rowid, body FROM journal_fts WHERE rowid IN (SELECT value FROM json_each(?1))",
        )?;
        let texts: std::collections::HashMap<i64, (String, String)> = stmt
            .query_map([json(rowids.to_vec())], |r| {
                let body: String = r.get(1)?;
                let passage = snippet(&body, &terms, SNIPPET_WORDS, MATCH_START, MATCH_END);
                Ok((r.get(0)?, (passage, body)))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut rows = Vec::with_capacity(rowids.len());
        for rowid in rowids {
            // Deleted since the index was read: skip it.
            let (Some((kind, day, at_utc, who)), Some((snippet, text))) =
                (details.get(rowid), texts.get(rowid))
            else {
                continue;
            };
            let id = rowid / 2;
            let (id, kind, title) = match who {
                // A conversation's indexed text starts with its topic.
                Some(person) => (
                    ItemId::Conversation(id),
                    ItemKind::Conversation,
                    format!("{} · with {person}", first_line(text)),
                ),
                None => {
                    let k = EntryKind::parse(kind).ok_or_else(|| {
                        StoreError::BadData(format!("entry {id} has an unknown kind '{kind}'"))
                    })?;
                    (ItemId::Entry(id), ItemKind::Entry(k), text.clone())
                }
            };
            rows.push(HistoryRow {
                id,
                kind,
                day: parse_day(id_number(id), day)?,
                cursor: Cursor {
                    at_utc: *at_utc,
                    key: *rowid,
                },
                title: short_title(&title),
                snippet: Some(snippet.replace('\n', " ")),
            });
        }
        Ok(rows)
    }
}
