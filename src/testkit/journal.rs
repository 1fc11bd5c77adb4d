//! Journals of many entries, written in process.

use crate::domain::{EntryKind, NewEntry};

use super::Env;

/// The filler sentence of [`reflections`] (34 bytes).
const FILLER: &str = "a longer reflection to fill pages ";

/// `n` reflections of Friday 20 November 2026, 09:00 in Berlin, each `entry I: ` and
/// `fill` copies of a 34-byte sentence (30 make about a kilobyte).
pub fn reflections(n: usize, fill: usize) -> Vec<NewEntry> {
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-20T09:00:00+01:00").unwrap();
    (0..n)
        .map(|i| NewEntry {
            kind: EntryKind::Reflection,
            at,
            body: format!("entry {i}: {}", FILLER.repeat(fill)),
        })
        .collect()
}

/// Writes `n` reflections of about a kilobyte each into `env`'s journal (made if
/// missing, encrypted where `env` is), in one transaction.
pub fn journal_of(env: &Env, n: usize) {
    env.store().insert_entries(&reflections(n, 30)).unwrap();
}
