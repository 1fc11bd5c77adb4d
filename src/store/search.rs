//! Searching the journal: its entries and conversations through the one full-text index
//! (`journal_fts`; rowid `2 * id` for an entry, `2 * id + 1` for a conversation), best
//! match first, narrowed by the one [`JournalFilter`]. `bearing search` and the History
//! screen search through [`Store::search_journal`], each with its [`SearchOptions`].

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter};

use super::entries::parse_day;
use super::filter::{CONVO_WHEN, JournalFilter, convo_conditions, entry_conditions};
use super::history::{Cursor, HistoryRow, short_title};
use super::{Result, Store, StoreError};
use crate::domain::entry::EntryKind;
use crate::domain::history::{ItemId, ItemKind, first_line, search_terms, snippet};

/// Marks the start of a match in a search snippet.
pub const MATCH_START: char = '\u{2}';
/// Marks the end of a match in a search snippet.
pub const MATCH_END: char = '\u{3}';

/// How many of a search's most recently written matches the History screen ranks when
/// nothing is filtered (see [`SearchOptions::AS_YOU_TYPE`]).
pub const RANKED_MATCHES: usize = 2_000;

/// About how many words a [`Passage::Marked`] passage has.
const SNIPPET_WORDS: usize = 14;

/// FTS5's passage of a match (column 0, the text): about 12 tokens, matches in
/// `[brackets]`, `…` where the text was cut.
const BRACKETED: &str = "snippet(journal_fts, 0, '[', ']', '…', 12)";

/// How a search ranks its matches and cuts their passages. `bearing search` and the
/// History screen have always differed in both, and each keeps what it shows; a filtered
/// search ranks every match that passes the filter, ties newest first, either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchOptions {
    /// With nothing filtered, rank only this many of the most recently written matches,
    /// ties newest first: ranking (bm25) costs microseconds a match, and the first
    /// letters of a common word match most of a ten-year journal. `None` ranks every
    /// match, ties in the index's order (oldest first).
    pub rank_newest: Option<usize>,
    /// How each hit's passage is cut.
    pub passage: Passage,
}

impl SearchOptions {
    /// `bearing search`: every match ranked; FTS5's passages, matches in `[brackets]`.
    pub const EVERY_MATCH: SearchOptions = SearchOptions {
        rank_newest: None,
        passage: Passage::Bracketed,
    };

    /// The History screen, searching as the user types: the newest [`RANKED_MATCHES`]
    /// ranked when nothing is filtered; bearing's passages, matches marked.
    pub const AS_YOU_TYPE: SearchOptions = SearchOptions {
        rank_newest: Some(RANKED_MATCHES),
        passage: Passage::Marked,
    };
}

/// How a hit's passage (the text around its matches) is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passage {
    /// By FTS5's `snippet()`: about 12 tokens, matches in `[brackets]`, `…` where cut.
    Bracketed,
    /// By bearing ([`crate::domain::history::snippet`]): about 14 words, matches
    /// between [`MATCH_START`] and [`MATCH_END`]. Cut from the text read by rowid:
    /// FTS5's own `snippet()` would run the whole MATCH again for each row (a prefix
    /// query merges every word with that prefix).
    Marked,
}

/// Where a search's passages come from.
enum Passages {
    /// FTS5's, by rowid, as the ranking read them.
    Bracketed(HashMap<i64, String>),
    /// Cut from each text around these terms.
    Marked(Vec<(String, bool)>),
}

impl Passages {
    /// The passage of the text `body` of index row `rowid`.
    fn of(&self, rowid: i64, body: &str) -> String {
        match self {
            Passages::Bracketed(found) => found.get(&rowid).cloned().unwrap_or_default(),
            Passages::Marked(terms) => snippet(body, terms, SNIPPET_WORDS, MATCH_START, MATCH_END),
        }
    }
}

/// Index rowids, best first, with FTS5's passages of them when the ranking cut them.
type Ranked = (Vec<i64>, Option<HashMap<i64, String>>);

/// `limit` as SQL reads it (a limit past what SQLite counts is no limit).
fn sql_limit(limit: usize) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX)
}

impl Store {
    /// The entries and conversations matching `query` (words, `"phrases"`, `prefix*`)
    /// that `filter` lets through, best match first, at most `limit`, each with the
    /// passage that matched, ranked and cut as `options` say. `None` when the query has
    /// nothing to search for.
    pub fn search_journal(
        &self,
        query: &str,
        filter: &JournalFilter,
        limit: usize,
        options: SearchOptions,
    ) -> Result<Option<Vec<HistoryRow>>> {
        let Some(fts) = fts_query(query) else {
            return Ok(None);
        };
        let (rowids, bracketed) = if !filter.is_empty() {
            (self.ranked_filtered_matches(&fts, filter, limit)?, None)
        } else if let Some(newest) = options.rank_newest {
            (self.ranked_newest_matches(&fts, newest, limit)?, None)
        } else {
            self.ranked_every_match(&fts, limit, options.passage)?
        };
        let passages = match (options.passage, bracketed) {
            (Passage::Marked, _) => Passages::Marked(search_terms(query)),
            (Passage::Bracketed, Some(found)) => Passages::Bracketed(found),
            (Passage::Bracketed, None) => {
                Passages::Bracketed(self.bracketed_passages(&fts, &rowids)?)
            }
        };
        self.search_rows(&rowids, &passages).map(Some)
    }

    /// How many reflections, notes and conversations match `query`; `None` when the query
    /// has nothing to search for.
    pub fn count_journal_matches(&self, query: &str) -> Result<Option<usize>> {
        let Some(fts) = fts_query(query) else {
            return Ok(None);
        };
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM journal_fts WHERE journal_fts MATCH ?1",
            [fts],
            |r| r.get(0),
        )?;
        Ok(Some(usize::try_from(n).unwrap_or(0)))
    }

    /// The best `limit` index rowids matching `fts`, every match ranked (ties in the
    /// index's order), with FTS5's passages when they are `Bracketed` (cut for the rows
    /// returned only).
    fn ranked_every_match(&self, fts: &str, limit: usize, passage: Passage) -> Result<Ranked> {
        // SQLite reads a negative LIMIT as "no limit".
        let limit = i64::try_from(limit).unwrap_or(-1);
        if passage == Passage::Marked {
            let mut stmt = self.conn.prepare_cached(
                "SELECT rowid FROM journal_fts WHERE journal_fts MATCH ?1 ORDER BY rank LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![fts, limit], |r| r.get(0))?;
            return Ok((rows.collect::<rusqlite::Result<_>>()?, None));
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT rowid, {BRACKETED} FROM journal_fts
             WHERE journal_fts MATCH ?1 ORDER BY rank LIMIT ?2"
        ))?;
        let rows: Vec<(i64, String)> = stmt
            .query_map(params![fts, limit], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let rowids = rows.iter().map(|(rowid, _)| *rowid).collect();
        Ok((rowids, Some(rows.into_iter().collect())))
    }

    /// FTS5's passages of the index rows `rowids` matching `fts`.
    fn bracketed_passages(&self, fts: &str, rowids: &[i64]) -> Result<HashMap<i64, String>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT rowid, {BRACKETED} FROM journal_fts
             WHERE journal_fts MATCH ?1 AND rowid IN (SELECT value FROM json_each(?2))"
        ))?;
        let ids = serde_json::Value::from(rowids.to_vec()).to_string();
        let rows = stmt.query_map(params![fts, ids], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The best `limit` index rowids matching `fts`, from the index alone. Ranking (bm25)
    /// costs microseconds a match, and a word in most of a ten-year journal would take
    /// tens of milliseconds, so only the `newest` most recently written matches are
    /// ranked (FTS5 walks rowids newest first and stops there).
    fn ranked_newest_matches(&self, fts: &str, newest: usize, limit: usize) -> Result<Vec<i64>> {
        let limit = sql_limit(limit);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT rowid FROM journal_fts
             WHERE journal_fts MATCH ?1 AND rowid >= (SELECT coalesce(min(rowid), 0) FROM (
                 SELECT rowid FROM journal_fts WHERE journal_fts MATCH ?1
                 ORDER BY rowid DESC LIMIT {newest}))
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
        filter: &JournalFilter,
        limit: usize,
    ) -> Result<Vec<i64>> {
        let limit = sql_limit(limit);
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
        if parts.is_empty() {
            // A tag, and only conversations: nothing can pass (and no SQL is left to run).
            return Ok(Vec::new());
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
    /// passage that matched.
    fn search_rows(&self, rowids: &[i64], passages: &Passages) -> Result<Vec<HistoryRow>> {
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
        // rowid -> (kind, day, at_utc, person for a conversation, stable id)
        let mut details: HashMap<i64, (String, String, i64, Option<String>, String)> =
            Default::default();
        let mut stmt = self.conn.prepare_cached(
            "SELECT 2 * id, kind, day, at_utc, NULL, sid FROM entries
             WHERE id IN (SELECT value FROM json_each(?1))",
        )?;
        for row in stmt.query_map([&entry_ids], |r| {
            Ok((
                r.get(0)?,
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
            ))
        })? {
            let (k, v) = row?;
            details.insert(k, v);
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT 2 * c.id + 1, 'conversation', substr({CONVO_WHEN}, 1, 10),
                    coalesce(unixepoch({CONVO_WHEN}), 0), p.name, c.sid
             FROM conversations c JOIN people p ON p.id = c.person_id
             WHERE c.id IN (SELECT value FROM json_each(?1))"
        ))?;
        for row in stmt.query_map([&convo_ids], |r| {
            Ok((
                r.get(0)?,
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
            ))
        })? {
            let (k, v) = row?;
            details.insert(k, v);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT rowid, body FROM journal_fts WHERE rowid IN (SELECT value FROM json_each(?1))",
        )?;
        let texts: HashMap<i64, (String, String)> = stmt
            .query_map([json(rowids.to_vec())], |r| {
                let rowid: i64 = r.get(0)?;
                let body: String = r.get(1)?;
                let passage = passages.of(rowid, &body);
                Ok((rowid, (passage, body)))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut rows = Vec::with_capacity(rowids.len());
        for rowid in rowids {
            // Deleted since the index was read: skip it.
            let (Some((kind, day, at_utc, who, sid)), Some((snippet, text))) =
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
                sid: sid.clone(),
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

fn id_number(id: ItemId) -> i64 {
    match id {
        ItemId::Entry(n) | ItemId::Conversation(n) => n,
    }
}

/// Turns what a user types into a safe FTS5 query: each word is matched as a term,
/// `"quoted text"` as a phrase, and a word ending in `*` as a prefix. Operators and
/// punctuation are taken literally, so no input is a syntax error. A term repeated (in
/// any case) is looked for once, and at most [`crate::domain::history::MAX_SEARCH_TERMS`]
/// terms are. `None` when nothing searchable is left.
pub fn fts_query(input: &str) -> Option<String> {
    let mut parts = Vec::new();
    let mut rest = input;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        rest = &rest[start..];
        let (token, after, phrase) = if let Some(stripped) = rest.strip_prefix('"') {
            match stripped.find('"') {
                Some(end) => (&stripped[..end], &stripped[end + 1..], true),
                None => (stripped, "", true),
            }
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            (&rest[..end], &rest[end..], false)
        };
        rest = after;
        let (word, prefix) = match token.strip_suffix('*') {
            Some(w) if !phrase => (w, true),
            _ => (token, false),
        };
        if !word.chars().any(char::is_alphanumeric) {
            continue;
        }
        let quoted = format!("\"{}\"", word.replace('"', "\"\""));
        let part = if prefix { format!("{quoted}*") } else { quoted };
        // A term said twice finds nothing more; each one costs a pass over the index.
        if !parts
            .iter()
            .any(|p: &String| p.to_lowercase() == part.to_lowercase())
        {
            parts.push(part);
        }
        if parts.len() == crate::domain::history::MAX_SEARCH_TERMS {
            break;
        }
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}
