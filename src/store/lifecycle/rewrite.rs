//! Writing the whole journal anew, encrypted or plain: what `bearing encrypt`, `decrypt`
//! and `passphrase` do.
//!
//! The new journal is written beside the old one (SQLCipher's `sqlcipher_export` into an
//! attached database), checked (SQLite's integrity check, every table's row count, the
//! journal's marks), synced, and renamed over the old one. Until the rename the journal
//! holds all it held (it only leaves WAL mode, which folds its log into it); the rename
//! is atomic. So a kill at any moment leaves the old journal or the finished new one.

use std::path::Path;
use std::time::Duration;

use rusqlite::params;
use zeroize::Zeroizing;

use super::{BUSY_TIMEOUT, Key};
use crate::store::{APPLICATION_ID, Result, Store, StoreError};

/// What a rewrite wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rewritten {
    /// Rows copied, over every table (the search index's own tables included).
    pub rows: u64,
    /// Tables copied.
    pub tables: usize,
}

/// How long a rewrite waits for other connections to let go of the journal.
const ALONE_WITHIN: Duration = Duration::from_millis(500);

/// The name the new journal is written under, beside the old one, until it is whole.
fn partial_prefix(path: &Path) -> Option<String> {
    Some(format!(".{}.rewrite-", path.file_name()?.to_string_lossy()))
}

impl Store {
    /// Writes the journal anew beside itself, encrypted with `to` (or plain for `None`),
    /// checks the copy, syncs it and renames it over the journal. The journal must be open
    /// for writing and open nowhere else ([`StoreError::InUse`] otherwise, nothing
    /// changed). What a killed rewrite left beside the journal is removed.
    pub fn rewrite(self, to: Option<&Key>) -> Result<Rewritten> {
        let Some(path) = self.path.clone() else {
            return Err(StoreError::BadData(
                "a journal in memory cannot be rewritten".into(),
            ));
        };
        if let Some(why) = self.read_only {
            return Err(StoreError::ReadOnlyJournal { path, why });
        }
        let io = |source| StoreError::Io {
            path: path.clone(),
            source,
        };
        let prefix =
            partial_prefix(&path).ok_or_else(|| io(std::io::ErrorKind::InvalidInput.into()))?;
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        self.take_alone(&path)?;
        // Alone, so no other rewrite is running: what is there was left by a killed one.
        remove_partials(&dir, &prefix);
        // Created 0600, like the journal it becomes.
        let partial = tempfile::Builder::new()
            .prefix(&prefix)
            .tempfile_in(&dir)
            .map_err(io)?;
        let written = self.export_to(partial.path(), to);
        let _ = self.conn.execute_batch("DETACH DATABASE rewritten");
        let done = written.and_then(|counts| {
            partial.as_file().sync_all().map_err(io)?;
            partial.persist(&path).map_err(|e| io(e.error))?;
            sync_folder(&dir);
            Ok(counts)
        });
        if done.is_err() {
            remove_partials(&dir, &prefix);
        }
        drop(self);
        done
    }

    /// Makes this connection the journal's only one until it closes: it leaves WAL mode
    /// (which SQLite allows only to the last connection, and which folds the log into the
    /// file) and holds an exclusive lock, so no other bearing reads or writes the old
    /// journal from here on.
    fn take_alone(&self, path: &Path) -> Result<()> {
        let in_use = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::InUse(path.to_path_buf())
            }
            _ => e.into(),
        };
        self.conn.busy_timeout(ALONE_WITHIN)?;
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
            .map_err(in_use)?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(StoreError::InUse(path.to_path_buf()));
        }
        self.conn
            .execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;")
            .map_err(in_use)?;
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(())
    }

    /// Copies every table into the empty file at `target`, keyed with `to`, and checks
    /// the copy against the journal.
    fn export_to(&self, target: &Path, to: Option<&Key>) -> Result<Rewritten> {
        let target = target.to_str().ok_or_else(|| StoreError::Io {
            path: target.to_path_buf(),
            source: std::io::ErrorKind::InvalidInput.into(),
        })?;
        let spec = to.map_or_else(|| Zeroizing::new(String::new()), Key::spec);
        self.conn.execute(
            "ATTACH DATABASE ?1 AS rewritten KEY ?2",
            params![target, spec.as_str()],
        )?;
        drop(spec);
        if to.is_some() {
            self.conn
                .execute_batch(&super::cipher::settings("rewritten"))?;
        }
        // The copy is synced once, whole, before it is used; until then it is nothing.
        self.conn.execute_batch(
            "PRAGMA rewritten.journal_mode = OFF; PRAGMA rewritten.synchronous = OFF",
        )?;
        let version = self.schema_version()?;
        self.conn.execute_batch("BEGIN")?;
        let copied = (|| -> Result<()> {
            self.conn
                .query_row("SELECT sqlcipher_export('rewritten')", [], |_| Ok(()))?;
            // sqlcipher_export copies the schema and rows, not the header's marks.
            self.conn.execute_batch(&format!(
                "PRAGMA rewritten.user_version = {version}; PRAGMA rewritten.application_id = {APPLICATION_ID};"
            ))?;
            Ok(self.conn.execute_batch("COMMIT")?)
        })();
        if let Err(e) = copied {
            let _ = self.conn.execute_batch("ROLLBACK");
            return Err(e);
        }
        self.check_copy()
    }

    /// The copy holds what the journal holds: SQLite finds nothing wrong with it, and
    /// every table has as many rows, and the marks are the same.
    fn check_copy(&self) -> Result<Rewritten> {
        let differs = |what: String| {
            StoreError::BadData(format!(
                "the new copy differs from the journal ({what}); the journal was left as it was"
            ))
        };
        let report: String = self
            .conn
            .query_row("PRAGMA rewritten.integrity_check", [], |r| r.get(0))?;
        if report != "ok" {
            return Err(differs(format!("SQLite's check says: {report}")));
        }
        for mark in ["user_version", "application_id"] {
            let a: i64 = self
                .conn
                .pragma_query_value(Some("main"), mark, |r| r.get(0))?;
            let b: i64 = self
                .conn
                .pragma_query_value(Some("rewritten"), mark, |r| r.get(0))?;
            if a != b {
                return Err(differs(format!("{mark} {a} against {b}")));
            }
        }
        let tables: Vec<String> = {
            let mut stmt = self.conn.prepare(
                "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND rootpage > 0 ORDER BY name",
            )?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let mut rows = 0u64;
        for table in &tables {
            let quoted = table.replace('"', "\"\"");
            let count = |schema: &str| -> rusqlite::Result<i64> {
                self.conn.query_row(
                    &format!("SELECT count(*) FROM {schema}.\"{quoted}\""),
                    [],
                    |r| r.get(0),
                )
            };
            let (a, b) = (count("main")?, count("rewritten")?);
            if a != b {
                return Err(differs(format!("{table}: {a} rows against {b}")));
            }
            rows += u64::try_from(a).unwrap_or(0);
        }
        Ok(Rewritten {
            rows,
            tables: tables.len(),
        })
    }
}

/// Removes what a killed rewrite of this journal left: its partial file and anything
/// SQLite kept beside it.
fn remove_partials(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(prefix)
            && entry.file_type().is_ok_and(|t| t.is_file())
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Makes a rename in `dir` durable.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}
