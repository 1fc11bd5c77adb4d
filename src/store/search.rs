//! Searching the whole journal at once.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Result, Store};

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchHit {
    /// `reflection`, `note` or `conversation`.
    pub kind: String,
    /// The entry's or conversation's id.
    pub id: i64,
    /// Its day (a conversation's held, else planned, else noted day).
    pub day: Option<NaiveDate>,
    /// The matching passage, matches in [brackets].
    pub snippet: String,
}

impl Store {
    /// Reflections, notes and conversations matching `query` (words, `"phrases"`,
    /// `prefix*`), best first. `None` when the query has nothing to search for.
    pub fn search_journal(&self, query: &str, limit: usize) -> Result<Option<Vec<SearchHit>>> {
        let Some(fts) = super::fts_query(query) else {
            return Ok(None);
        };
        // SQLite reads a negative LIMIT as "no limit".
        let limit = i64::try_from(limit).unwrap_or(-1);
        let mut stmt = self.conn.prepare_cached(
            "SELECT rowid, snippet(journal_fts, 0, '[', ']', '…', 12) FROM journal_fts
             WHERE journal_fts MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        let rows: Vec<(i64, String)> = stmt
            .query_map(params![fts, limit], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut hits = Vec::with_capacity(rows.len());
        for (rowid, snippet) in rows {
            let id = rowid / 2;
            let found: Option<(String, Option<String>)> = if rowid % 2 == 0 {
                self.conn
                    .query_row("SELECT kind, day FROM entries WHERE id = ?1", [id], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })
                    .optional()?
            } else {
                self.conn
                    .query_row(
                        "SELECT 'conversation', substr(coalesce(held_at, planned_at, created_at), 1, 10) FROM conversations WHERE id = ?1",
                        [id],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?
            };
            let Some((kind, day)) = found else { continue };
            let day = day.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
            hits.push(SearchHit {
                kind,
                id,
                day,
                snippet: snippet.replace('\n', " "),
            });
        }
        Ok(Some(hits))
    }

    /// How many reflections, notes and conversations match `query`; `None` when the query
    /// has nothing to search for.
    pub fn count_journal_matches(&self, query: &str) -> Result<Option<usize>> {
        let Some(fts) = super::fts_query(query) else {
            return Ok(None);
        };
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM journal_fts WHERE journal_fts MATCH ?1",
            [fts],
            |r| r.get(0),
        )?;
        Ok(Some(usize::try_from(n).unwrap_or(0)))
    }
}
