//! Copying the journal safely: `bearing backup`.

use std::path::Path;

use rusqlite::MAIN_DB;

use super::cipher;
use crate::store::{Result, Store, StoreError};

impl Store {
    /// Copies the journal to `target` with SQLite's online backup, consistent even while
    /// another bearing writes. The copy is private (0600); an existing file is refused. The
    /// copy of an encrypted journal is encrypted with the same key (and opens with the
    /// same passphrase).
    /// The copy is written to a temporary file beside `target` and renamed at the end, so
    /// a backup that is killed never leaves a half-written file at `target` (and what it
    /// left is removed by the next backup to the same name).
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        let io = |source| StoreError::Io {
            path: target.to_path_buf(),
            source,
        };
        let name = target
            .file_name()
            .ok_or_else(|| io(std::io::ErrorKind::InvalidInput.into()))?
            .to_string_lossy()
            .into_owned();
        if std::fs::symlink_metadata(target).is_ok() {
            return Err(StoreError::BackupExists(target.to_path_buf()));
        }
        let dir = target
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let prefix = format!(".{name}.partial-");
        super::files::remove_leftovers(dir, &prefix);
        // tempfile creates the file 0600: the journal is private, so are its copies.
        let partial = tempfile::Builder::new()
            .prefix(&prefix)
            .tempfile_in(dir)
            .map_err(io)?;
        let copied = self
            .copy_to(partial.path())
            .and_then(|()| partial.as_file().sync_all().map_err(io));
        if let Err(e) = copied {
            super::files::remove_leftovers(dir, &prefix);
            // The copy is written under a temporary name the user never chose: an error
            // names the backup they asked for.
            let said = crate::describe(&e).replace(
                &partial.path().display().to_string(),
                &target.display().to_string(),
            );
            return Err(io(std::io::Error::other(said)));
        }
        match partial.persist_noclobber(target) {
            Ok(_) => Ok(()),
            Err(e) => {
                let exists = e.error.kind() == std::io::ErrorKind::AlreadyExists;
                drop(e.file);
                super::files::remove_leftovers(dir, &prefix);
                if exists {
                    Err(StoreError::BackupExists(target.to_path_buf()))
                } else {
                    Err(io(e.error))
                }
            }
        }
    }

    /// Copies every page into the (empty) database file at `target`, through SQLite's
    /// online backup; for an encrypted journal, the copy is keyed as the journal is.
    fn copy_to(&self, target: &Path) -> Result<()> {
        let Some(key) = &self.key else {
            return Ok(self.conn.backup(MAIN_DB, target, None)?);
        };
        let mut copy = rusqlite::Connection::open(target)?;
        cipher::quiet(&copy);
        key.apply(&copy, "main")?;
        let backup = rusqlite::backup::Backup::new(&self.conn, &mut copy)?;
        loop {
            match backup.step(100)? {
                rusqlite::backup::StepResult::Done => return Ok(()),
                rusqlite::backup::StepResult::More => {}
                _ => {
                    return Err(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        None,
                    )
                    .into());
                }
            }
        }
    }
}
