//! The journal's file lifecycle: opening it (vetting its files first), the write-ahead
//! log, keys, the reasons it is read-only, checking it, backing it up and rewriting it.

mod backup;
pub(super) mod cipher;
pub(super) mod files;
mod open;
mod rewrite;
mod vet;
mod wal;

use std::path::Path;
use std::time::Duration;

pub use cipher::{Key, Passphrase};
pub use files::{private_temp_dir, private_temp_parents, write_private};
pub use open::{OpenMode, ReadOnly, ReopenOptions};
pub use rewrite::Rewritten;

use super::{Result, Store, migrations};

/// How long a write waits for another bearing process holding the journal.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The schema version this build writes.
pub fn latest_schema_version() -> i64 {
    migrations::COUNT as i64
}

impl Store {
    /// Whether the journal is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// The key an encrypted journal was opened with.
    pub fn key(&self) -> Option<&Key> {
        self.key.as_ref()
    }

    /// Where the journal lives, or `None` for an in-memory one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Why the journal was opened read-only, or `None` if it can be written.
    pub fn read_only(&self) -> Option<ReadOnly> {
        self.read_only
    }

    /// A number that moves whenever another connection (another window, a command)
    /// commits a change to the journal: cheap to ask on every tick.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// SQLite's own consistency check: `"ok"`, or what is wrong. For an encrypted
    /// journal, SQLCipher's check of every page's authentication code comes first (it
    /// finds damage anywhere in the file, free pages too).
    pub fn integrity_check(&self) -> Result<String> {
        if self.key.is_some() {
            let problems = self.check_lines("PRAGMA cipher_integrity_check")?;
            if !problems.is_empty() {
                // SQLCipher says "HMAC verification failed for page 11".
                let words: Vec<String> = problems
                    .iter()
                    .map(|p| match p.rsplit_once("page ") {
                        Some((_, n)) if p.contains("HMAC") => format!(
                            "page {n} is damaged (its contents do not match its authentication code)"
                        ),
                        _ => p.clone(),
                    })
                    .collect();
                return Ok(words.join("\n"));
            }
        }
        Ok(self.check_lines("PRAGMA integrity_check")?.join("\n"))
    }

    /// The lines a check pragma reports; a page too damaged to read ends the report.
    fn check_lines(&self, pragma: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(pragma)?;
        let mut rows = stmt.query([])?;
        let mut lines = Vec::new();
        loop {
            match rows.next() {
                Ok(Some(row)) => lines.push(row.get(0)?),
                Ok(None) => return Ok(lines),
                Err(e)
                    if matches!(
                        e.sqlite_error_code(),
                        Some(
                            rusqlite::ErrorCode::DatabaseCorrupt
                                | rusqlite::ErrorCode::NotADatabase
                        )
                    ) =>
                {
                    lines.push("a page cannot be read: the file is damaged there".into());
                    return Ok(lines);
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// The schema version of this journal.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }
}

#[cfg(test)]
impl Store {
    /// From now on, writes that need a new page fail as on a full disk (SQLITE_FULL).
    pub(crate) fn fill_disk(&self) {
        let pages: i64 = self
            .conn
            .pragma_query_value(None, "page_count", |r| r.get(0))
            .unwrap_or(1);
        let _ = self.conn.pragma_update(None, "max_page_count", pages);
    }

    /// From now on, every write fails as on a read-only file.
    pub(crate) fn make_read_only(&self) {
        let _ = self.conn.pragma_update(None, "query_only", true);
    }
}
