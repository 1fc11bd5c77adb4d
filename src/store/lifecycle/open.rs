//! Opening the journal: the file is inspected and vetted before SQLite writes to it,
//! made (private) when missing, keyed when encrypted, upgraded, and opened read-only
//! when it cannot be written.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::vet::{Vetted, main_file_only, read_only_connection, replayed, unreadable, vet};
use super::{BUSY_TIMEOUT, Key, cipher, files, latest_schema_version};
use crate::store::{APPLICATION_ID, Result, Store, StoreError, migrations};

/// How a command opens the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// For reading: the journal must already exist, and nothing is created. A read-only
    /// file, a full disk or an unwritable folder still read, through a view that writes
    /// nothing.
    Read,
    /// For writing: a missing journal is created (0600, in a 0700 folder). A file the
    /// user made read-only is opened read-only, and [`Store::read_only`] says why.
    Write,
}

/// What opening a journal again takes (see [`Store::reopen_options`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReopenOptions {
    /// It was opened read-only.
    pub read_only: bool,
    /// The key it was opened with, if it is encrypted.
    pub key: Option<Key>,
}

/// Why a journal was opened read-only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadOnly {
    /// The file is read-only: its owner may not write it, or the system says so.
    File,
    /// The disk is full.
    DiskFull,
    /// It could not be opened for writing (a folder bearing may not write in, say).
    Unwritable,
}

impl ReadOnly {
    /// Why writing is not possible, and what to do, as a sentence about the journal at `path`.
    pub fn explain(self, path: &Path) -> String {
        match self {
            ReadOnly::File => format!(
                "the journal file is read-only and bearing leaves it so; to write to it, make it writable (chmod u+w {})",
                path.display()
            ),
            ReadOnly::DiskFull => {
                "the disk is full, so the journal can only be read; free some space to write to it"
                    .to_string()
            }
            ReadOnly::Unwritable => format!(
                "the journal cannot be written where it is (is its folder {} writable?)",
                path.parent().unwrap_or(Path::new(".")).display()
            ),
        }
    }
}

impl Store {
    /// Opens the journal at `path` for writing, creating it (mode 0600, in a 0700
    /// directory) if it does not exist, and upgrading its schema if it is older than this
    /// bearing. The same as [`Store::open_with`] with [`OpenMode::Write`].
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, OpenMode::Write)
    }

    /// Opens the journal at `path`. Before SQLite writes anything, bearing checks that it
    /// is a regular file holding a journal this bearing knows, and that the write-ahead
    /// log beside it (left by a process that was killed, say) belongs to it; a file that
    /// fails is refused and left, with the files beside it, byte for byte as it was.
    pub fn open_with(path: &Path, mode: OpenMode) -> Result<Store> {
        Store::open_keyed(path, mode, None)
    }

    /// Opens the encrypted journal at `path` with `key` (see [`Key::for_journal`]), as
    /// [`Store::open_with`] opens a plain one, with the same checks; a missing journal
    /// is created encrypted. A plain journal is refused ([`StoreError::NotEncrypted`]),
    /// and so is a key that does not open it ([`StoreError::WrongPassphrase`]), the file
    /// left byte for byte as it was.
    pub fn open_encrypted(path: &Path, mode: OpenMode, key: &Key) -> Result<Store> {
        Store::open_keyed(path, mode, Some(key))
    }

    fn open_keyed(path: &Path, mode: OpenMode, key: Option<&Key>) -> Result<Store> {
        // Through a symbolic link, the journal is the file it leads to, and so are the
        // files beside it: the store knows it by its real path from here on.
        let real = files::real_path(path)?;
        let path = real.as_path();
        // A journal renamed over while it was being opened (`bearing encrypt` finishing,
        // say) is opened again: what was opened is no longer the journal. SQLite notices
        // it at the first write to the old file and refuses it as "read-only"
        // (SQLITE_READONLY_DBMOVED), which it is not.
        let mut tries = 0;
        loop {
            tries += 1;
            match Store::open_once(path, mode, key) {
                Ok((store, true)) => return Ok(store),
                Ok((store, false)) if tries >= OPEN_TRIES => return Ok(store),
                Ok((store, false)) => drop(store),
                Err(e) if replaced(&e) && tries < OPEN_TRIES => {}
                Err(e) if replaced(&e) => return Err(StoreError::Replaced(path.to_path_buf())),
                Err(e) => return Err(e),
            }
        }
    }

    /// Opens the journal; the flag says whether `path` is still the file that was opened.
    fn open_once(path: &Path, mode: OpenMode, key: Option<&Key>) -> Result<(Store, bool)> {
        let io = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut created = None;
        let writable = match files::inspect(path)? {
            files::Found::File { writable } => writable,
            files::Found::Missing if mode == OpenMode::Read => {
                return Err(StoreError::NoJournal(path.to_path_buf()));
            }
            files::Found::Missing => match files::create_journal(path).map_err(io)? {
                Some(c) => {
                    created = Some(c);
                    true
                }
                // Another bearing made it meanwhile: open what it made.
                None => match files::inspect(path)? {
                    files::Found::File { writable } => writable,
                    files::Found::Missing => {
                        return Err(io(std::io::ErrorKind::NotFound.into()));
                    }
                },
            },
        };
        let identity = files::file_key(path);
        let key = match key {
            Some(k) => Some(key_for_file(path, k)?),
            None => None,
        };
        let opened = open_found(path, mode, writable, key);
        if opened.is_err()
            && let Some(c) = &created
        {
            c.undo();
        }
        let store = opened?;
        let same = files::file_key(path) == identity;
        Ok((store, same))
    }

    /// A journal that lives in memory only: for tests, benchmarks, and `bearing today`
    /// before the first journal exists.
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        prepare(&mut conn)?;
        Ok(Store {
            conn,
            path: None,
            read_only: None,
            key: None,
            _open_here: None,
            _scratch: None,
        })
    }

    /// What another connection to this journal needs to open it as this one was (a
    /// background refresh opens its own).
    pub fn reopen_options(&self) -> ReopenOptions {
        ReopenOptions {
            read_only: self.read_only().is_some(),
            key: self.key.clone(),
        }
    }

    /// Opens the journal at `path` again, as [`Store::reopen_options`] describes.
    pub fn reopen(path: &Path, options: &ReopenOptions) -> Result<Store> {
        let mode = if options.read_only {
            OpenMode::Read
        } else {
            OpenMode::Write
        };
        Store::open_keyed(path, mode, options.key.as_ref())
    }
}

/// How many times a journal renamed over while it was being opened is opened anew.
const OPEN_TRIES: usize = 3;

/// Whether opening failed because the file opened was renamed over (or removed) since.
fn replaced(e: &StoreError) -> bool {
    match e {
        StoreError::Sqlite(e)
        | StoreError::Migration(rusqlite_migration::Error::RusqliteError { err: e, .. }) => {
            crate::store::moved(e)
        }
        _ => false,
    }
}

fn prepare(conn: &mut Connection) -> Result<()> {
    // Foreign keys are enforced from the first write on, but not while migrating: a
    // migration that rebuilds a table would otherwise cascade deletes into the tables
    // that point at it. Migrations that rebuild check the references themselves.
    conn.pragma_update(None, "foreign_keys", false)?;
    migrations::MIGRATIONS
        .to_latest(conn)
        .map_err(|e| match e {
            rusqlite_migration::Error::MigrationDefinition(
                rusqlite_migration::MigrationDefinitionError::DatabaseTooFarAhead,
            ) => StoreError::TooNew {
                path: PathBuf::new(),
                found: conn
                    .pragma_query_value(None, "user_version", |r| r.get(0))
                    .unwrap_or(0),
                known: latest_schema_version(),
            },
            e => StoreError::Migration(e),
        })?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // Setting it writes the header (and syncs); a journal that has it is left alone.
    let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if app != APPLICATION_ID {
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    Ok(())
}

/// `key`, or the key derived again from its passphrase when the file at `path` is an
/// encrypted journal with another salt (a journal replaced since the key was made).
fn key_for_file(path: &Path, key: &Key) -> Result<Key> {
    match cipher::salt_of(path) {
        Ok(Some(salt)) if &salt != b"SQLite format 3\0" && !key.has_salt(&salt) => {
            Key::derive(key.passphrase(), salt).map_err(|source| StoreError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
        Ok(_) => Ok(key.clone()),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn open_found(path: &Path, mode: OpenMode, writable: bool, key: Option<Key>) -> Result<Store> {
    let vetted = vet(path, key.as_ref())?;
    if !writable {
        return open_read_only(path, ReadOnly::File, vetted, key);
    }
    match open_read_write(path, key.as_ref()) {
        Ok(conn) => Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            read_only: None,
            key,
            _open_here: Some(files::OpenHere::register(path)),
            _scratch: None,
        }),
        Err(e) if !cannot_write(&e) => Err(e),
        Err(e) => {
            let full = files::disk_is_full(path);
            if mode == OpenMode::Read {
                let why = if full {
                    ReadOnly::DiskFull
                } else {
                    ReadOnly::Unwritable
                };
                // If even the view that writes nothing fails, what went wrong first says more.
                open_read_only(path, why, vetted, key).map_err(|_| e)
            } else if full {
                Err(StoreError::DiskFull(path.to_path_buf()))
            } else {
                Err(e)
            }
        }
    }
}

/// Whether opening for writing failed because nothing can be written (rather than
/// because of what the file holds).
fn cannot_write(e: &StoreError) -> bool {
    use rusqlite::ErrorCode;
    let sqlite = match e {
        StoreError::Io { .. } => return true,
        StoreError::Sqlite(e) => e,
        StoreError::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => err,
        _ => return false,
    };
    if crate::store::moved(sqlite) {
        // Not unwritable: another file is at the path now, to be opened anew.
        return false;
    }
    matches!(
        sqlite.sqlite_error_code(),
        Some(
            ErrorCode::CannotOpen
                | ErrorCode::ReadOnly
                | ErrorCode::DiskFull
                | ErrorCode::SystemIoFailure
                | ErrorCode::PermissionDenied
        )
    )
}

/// Keys a new connection (for an encrypted journal) before anything else reads it.
pub(super) fn keyed(conn: Connection, key: Option<&Key>) -> Result<Connection> {
    cipher::quiet(&conn);
    if let Some(key) = key {
        key.apply(&conn, "main")?;
        // A page read again from SQLite's cache is not decrypted again. Setting it reads
        // the schema: with a wrong key that fails, and the first read after says why.
        let _ = conn.pragma_update(None, "cache_size", cipher::CACHE_KIB);
    }
    Ok(conn)
}

fn open_read_write(path: &Path, key: Option<&Key>) -> Result<Connection> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    // Before SQLite reuses a leftover -wal or -shm: they hold what was written.
    files::make_private(path).map_err(io)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let mut conn = keyed(conn, key)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Upgrade (or make) the schema before switching to WAL: a file that fails here is
    // rolled back and left as it was, in the journal mode it had.
    prepare(&mut conn).map_err(|e| match e {
        StoreError::TooNew { found, known, .. } => StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            known,
        },
        StoreError::Sqlite(e)
        | StoreError::Migration(rusqlite_migration::Error::RusqliteError { err: e, .. })
            if key.is_some()
                && e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) =>
        {
            StoreError::WrongPassphrase(path.to_path_buf())
        }
        e => e,
    })?;
    let journal_mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
    if !journal_mode.eq_ignore_ascii_case("wal") {
        conn.pragma_update(None, "journal_mode", "WAL")?;
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // And the ones SQLite has just made.
    files::make_private(path).map_err(io)?;
    Ok(conn)
}

/// Opens a view of the journal that writes nothing, not even beside it.
fn open_read_only(path: &Path, why: ReadOnly, vetted: Vetted, key: Option<Key>) -> Result<Store> {
    let opened = if vetted.live {
        read_only_connection(path, key.as_ref())?.into()
    } else if let Some((committed, mut wal_file)) = vetted.wal {
        replayed(path, &committed, &mut wal_file, key.as_ref())?
    } else {
        main_file_only(path, key.as_ref())?.into()
    };
    let conn = opened.conn;
    conn.pragma_update(None, "query_only", true)?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| unreadable(e, path, key.as_ref()))?;
    if version < latest_schema_version() {
        return Err(StoreError::NeedsUpgrade {
            path: path.to_path_buf(),
            why,
        });
    }
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(Store {
        conn,
        path: Some(path.to_path_buf()),
        read_only: Some(why),
        key,
        _open_here: Some(files::OpenHere::register(path)),
        _scratch: opened.scratch,
    })
}
