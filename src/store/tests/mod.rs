//! Store tests on in-memory and tempfile journals, one file per concern: opening the
//! journal's file (`lifecycle`, `encrypted`), then the table families.

mod blocks;
mod calendars;
mod conversations;
mod encrypted;
mod entries;
mod history;
mod lifecycle;
mod search;
mod windows;

use super::*;
use crate::domain::history::{ItemId, ItemKind};
use crate::domain::{EntryKind, NewEntry};
use chrono::{DateTime, NaiveDate};
use rusqlite::OptionalExtension;
use std::fs;
use std::path::Path;

pub(super) fn entry_at(at: &str, body: &str) -> NewEntry {
    NewEntry {
        kind: EntryKind::Reflection,
        at: DateTime::parse_from_rfc3339(at).unwrap(),
        body: body.to_string(),
    }
}

/// The ids of the entries whose text matches `query`, best first, at most `limit`.
pub(super) fn entries_found(store: &Store, query: &str, limit: usize) -> Vec<i64> {
    found(store, query)
        .into_iter()
        .filter_map(|id| match id {
            ItemId::Entry(id) => Some(id),
            ItemId::Conversation(_) => None,
        })
        .take(limit)
        .collect()
}

/// The ids of the conversations whose text matches `query`, best first, at most `limit`.
pub(super) fn conversations_found(store: &Store, query: &str, limit: usize) -> Vec<i64> {
    found(store, query)
        .into_iter()
        .filter_map(|id| match id {
            ItemId::Conversation(id) => Some(id),
            ItemId::Entry(_) => None,
        })
        .take(limit)
        .collect()
}

/// Every entry and conversation matching `query`, best first.
pub(super) fn found(store: &Store, query: &str) -> Vec<ItemId> {
    store
        .search_journal(
            query,
            &JournalFilter::default(),
            usize::MAX,
            SearchOptions::EVERY_MATCH,
        )
        .unwrap()
        .unwrap_or_default()
        .into_iter()
        .map(|row| row.id)
        .collect()
}

/// The passphrase of the encrypted journals of tests.
pub(super) fn pass() -> Passphrase {
    Passphrase::new("correct horse battery staple".into()).unwrap()
}

/// Makes the journal file `path` as an older bearing left it: schema `version`, holding
/// the rows `sql` writes.
pub(super) fn old_journal(path: &std::path::Path, version: usize, sql: &str) {
    let mut conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    migrations::MIGRATIONS
        .to_version(&mut conn, version)
        .unwrap();
    conn.execute_batch(sql).unwrap();
}

pub(super) fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(super) fn at(s: &str) -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

pub(super) fn add(store: &mut Store, when: &str, kind: EntryKind, body: &str) -> i64 {
    store
        .insert_entry(
            &NewEntry {
                kind,
                at: at(when),
                body: body.into(),
            },
            None,
        )
        .unwrap()
        .id
}

/// Four entries and two conversations over a week.
pub(super) fn journal() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    add(
        &mut store,
        "2026-11-16T09:00:00+01:00",
        EntryKind::Reflection,
        "Budget #planning with @Sam",
    );
    add(
        &mut store,
        "2026-11-17T09:00:00+01:00",
        EntryKind::Note,
        "Hiring #planning note",
    );
    add(
        &mut store,
        "2026-11-18T09:00:00+01:00",
        EntryKind::Reflection,
        "Delegated the release to @Ana",
    );
    add(
        &mut store,
        "2026-11-20T18:00:00+01:00",
        EntryKind::Reflection,
        "Feedback for @Sam went well #feedback",
    );
    store
        .insert_conversation(&NewConversation {
            person: "Sam",
            topic: "Missed deadlines",
            planned_at: Some(at("2026-11-19T10:00:00+01:00")),
            stay_interview: false,
            event_uid: None,
        })
        .unwrap();
    store
        .insert_conversation(&NewConversation {
            person: "Ana",
            topic: "Career path",
            planned_at: Some(at("2026-11-21T10:00:00+01:00")),
            stay_interview: true,
            event_uid: None,
        })
        .unwrap();
    store
}

pub(super) fn titles(rows: &[HistoryRow]) -> Vec<&str> {
    rows.iter().map(|r| r.title.as_str()).collect()
}
