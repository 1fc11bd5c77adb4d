//! The one place that speaks SQL. A [`Store`] owns the SQLite connection to the journal.
//!
//! Opening is careful: a file that is not a bearing journal, or one written by a newer
//! bearing, is refused before anything is written to it.

mod blocks;
mod calendars;
mod cipher;
mod classifications;
mod coaching;
mod conversations;
mod drafts;
mod entries;
mod export;
mod files;
mod history;
mod migrations;
mod people;
mod restore_rules;
mod rewrite;
mod search;
mod wal;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use thiserror::Error;

pub use calendars::{
    CalendarCounts, CalendarInfo, NewCalendar, ReplaceStats, SERIES, SeenText, StoredSeries,
};
pub use cipher::{Key, Passphrase};
pub use coaching::NewDelegation;
pub use conversations::{ConversationFilter, NewConversation};
pub use drafts::Draft;
pub use entries::{EntryFilter, fts_query};
pub use history::{Cursor, HistoryFilter, HistoryRow, MATCH_END, MATCH_START};
pub use people::{PersonRow, normalize_address};
pub use rewrite::Rewritten;
pub use search::SearchHit;

/// Marks an SQLite file as a bearing journal (`PRAGMA application_id`): "BRNG".
pub const APPLICATION_ID: i32 = 0x4252_4E47;

/// How long a write waits for another bearing process holding the journal.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Why the journal could not be opened, read or written.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The file holds something other than an SQLite database.
    #[error(
        "it is not a bearing journal (neither an SQLite database nor an encrypted journal); it was left untouched"
    )]
    NotAJournal(PathBuf),
    /// The journal is encrypted, and it was opened without its passphrase.
    #[error(
        "it is an encrypted journal (or not a journal at all); bearing needs its passphrase to open it"
    )]
    Encrypted(PathBuf),
    /// The journal is a plain one, and it was opened with a passphrase.
    #[error("it is a plain journal, not an encrypted one, so no passphrase opens it")]
    NotEncrypted(PathBuf),
    /// The passphrase does not open the encrypted journal.
    #[error(
        "the passphrase does not open it (a wrong passphrase, or a file that is not a bearing journal); the file was left untouched"
    )]
    WrongPassphrase(PathBuf),
    /// Another process has the journal open, and the operation needs it alone.
    #[error(
        "another bearing (or another program) has the journal open; close it and try again. Nothing was changed"
    )]
    InUse(PathBuf),
    /// The file is a journal whose structure is damaged (found on opening).
    #[error(
        "the journal file is damaged; bearing changed nothing. Open a copy from a backup (bearing backup makes one) or restore an export"
    )]
    Damaged(PathBuf),
    /// The file is an SQLite database that some other program made.
    #[error("it is an SQLite database but not a bearing journal; it was left untouched")]
    ForeignDatabase(PathBuf),
    /// The journal was written by a newer bearing whose schema this one does not know.
    #[error(
        "it was written by a newer bearing (journal format {found}, this bearing knows up to {known}); upgrade bearing to open it. The file was left untouched"
    )]
    TooNew {
        /// The journal file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest schema version this build knows.
        known: i64,
    },
    /// The journal's directory or file could not be created or read.
    #[error("cannot create or read the file")]
    Io {
        /// The journal file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// SQLite refused an operation.
    #[error("{}", sqlite_failure(.0))]
    Sqlite(#[from] rusqlite::Error),
    /// The schema could not be brought up to date.
    #[error("could not upgrade the journal")]
    Migration(#[from] rusqlite_migration::Error),
    /// No conversation has this id.
    #[error("there is no conversation {0}")]
    NoSuchConversation(i64),
    /// Nobody has this name.
    #[error("there is nobody called '{0}' in the journal")]
    NoSuchPerson(String),
    /// A person's name that is empty (or only `@`).
    #[error("a person needs a name")]
    EmptyName,
    /// The new name belongs to someone else.
    #[error("'{0}' is already someone in the journal; merge the two instead")]
    PersonExists(String),
    /// Text given as an e-mail address that is not one.
    #[error("'{0}' is not an e-mail address")]
    BadAddress(String),
    /// An address already linked to someone else.
    #[error("{0} is {1}'s address; unlink it first (bearing people unlink {0})")]
    AddressTaken(String, String),
    /// No delegation has this id.
    #[error("there is no delegation {0}; `bearing delegate list` shows them")]
    NoSuchDelegation(i64),
    /// The delegation is already closed.
    #[error("delegation {0} is already {1}")]
    DelegationClosed(i64, &'static str),
    /// No imported calendar has this name.
    #[error("there is no calendar called '{0}'; `bearing calendars` lists them")]
    NoSuchCalendar(String),
    /// The new calendar name is taken.
    #[error("there is already a calendar called '{0}'")]
    CalendarExists(String),
    /// A merge of a person into themselves.
    #[error("'{0}' and '{1}' are already the same person; nothing to merge")]
    SamePerson(String, String),
    /// No block has this id.
    #[error("there is no block {0}")]
    NoSuchBlock(i64),
    /// The path is a device, a pipe or a socket, not a file.
    #[error("it is not a regular file (a device, a pipe or a socket); bearing opened nothing")]
    NotAFile(PathBuf),
    /// A file SQLite keeps beside the journal (`-wal`, `-shm`, `-journal`) is not a file.
    #[error(
        "{} beside it is not a regular file (a device, a pipe, a socket or a folder); bearing opened nothing",
        file_name(.0)
    )]
    SidecarNotAFile(PathBuf),
    /// There is no journal yet, and the command only reads.
    #[error("no journal at {} yet; write a reflection or run bearing to start one", .0.display())]
    NoJournal(PathBuf),
    /// The write-ahead log beside the journal does not belong to it.
    #[error(
        "the write-ahead log beside it ({}) does not belong to it: {why}. Replaying it would damage the journal, so bearing changed nothing; if you replaced the journal file (restored a backup, say), move {} away and try again",
        file_name(.wal),
        file_name(.wal)
    )]
    WalMismatch {
        /// The `-wal` file.
        wal: PathBuf,
        /// What does not fit.
        why: WalProblem,
    },
    /// The disk is full (found on opening).
    #[error("the disk is full; bearing wrote nothing. Free some space and try again")]
    DiskFull(PathBuf),
    /// The journal needs a schema upgrade but can only be read.
    #[error(
        "it is from an older bearing and must be upgraded before it can be read, which needs writing: {}",
        .why.explain(.path)
    )]
    NeedsUpgrade {
        /// The journal file.
        path: PathBuf,
        /// Why it cannot be written.
        why: ReadOnly,
    },
    /// A command that writes found the journal read-only.
    #[error("{}", .why.explain(.path))]
    ReadOnlyJournal {
        /// The journal file.
        path: PathBuf,
        /// Why it cannot be written.
        why: ReadOnly,
    },
    /// `backup` never overwrites a file.
    #[error("it already exists, and bearing never overwrites a file; choose another name")]
    BackupExists(PathBuf),
    /// A file given to `restore` is not an export bearing can load.
    #[error("{0}")]
    BadExport(String),
    /// A stored value could not be read back (a damaged or hand-edited journal).
    #[error("the journal holds a value bearing cannot read: {0}")]
    BadData(String),
    /// What was to be written stopped coming before its end; nothing was written.
    #[error("the calendar's events stopped coming before their end; nothing was changed")]
    CutOff,
    /// The calendar changed (another bearing wrote to it) after its series were read for
    /// an import; nothing was written, and the import is to be made again.
    #[error("the calendar changed while it was being imported; nothing was changed")]
    Stale,
}

/// What about a write-ahead log shows it is not the journal's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalProblem {
    /// The journal file is empty: there is nothing the log could belong to.
    NoJournal,
    /// The log was written with another page size.
    PageSize,
    /// Replayed, it would make another program's database.
    Foreign,
    /// Replayed, it would make a damaged journal (it was written against another file).
    DoesNotFit,
}

impl std::fmt::Display for WalProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            WalProblem::NoJournal => "the journal file it would go with is empty",
            WalProblem::PageSize => "its page size is not the journal's",
            WalProblem::Foreign => "it holds another database's changes",
            WalProblem::DoesNotFit => "its changes do not fit the journal's pages",
        })
    }
}

/// A file's name, for messages about the files beside the journal.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// What to tell the user when SQLite fails: most failures are bearing's to explain, but
/// a damaged file, a full disk and a read-only file are the user's to act on.
fn sqlite_failure(e: &rusqlite::Error) -> &'static str {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
            "the journal file is damaged; bearing changed nothing. Open a copy from a backup (bearing backup makes one) or restore an export"
        }
        Some(ErrorCode::DiskFull) => "the disk is full; nothing was written",
        Some(ErrorCode::SystemIoFailure) => {
            "the journal file could not be read or written (a disk error: is the disk full?)"
        }
        Some(ErrorCode::ReadOnly) => "the journal cannot be written (a read-only file or disk)",
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "another program held the journal for more than 10 seconds; try again"
        }
        _ => "the journal database failed",
    }
}

/// Result of a store operation.
pub type Result<T> = std::result::Result<T, StoreError>;

/// The journal: an SQLite database with bearing's schema.
#[derive(Debug)]
pub struct Store {
    // Declared first so it closes first: this process counts the journal as open until
    // the connection is gone (see `files::OpenHere`).
    conn: Connection,
    path: Option<PathBuf>,
    read_only: Option<ReadOnly>,
    /// The key of an encrypted journal.
    key: Option<Key>,
    _open_here: Option<files::OpenHere>,
    /// A private folder holding the replayed copy an encrypted journal is read from (see
    /// `replayed`); after `conn`, so it is removed once the connection is closed.
    _scratch: Option<tempfile::TempDir>,
}

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
        // A journal renamed over while it was being opened (`bearing encrypt` finishing,
        // say) is opened again: what was opened is no longer the journal.
        let mut tries = 0;
        loop {
            tries += 1;
            match Store::open_once(path, mode, key)? {
                (store, true) => return Ok(store),
                (store, false) if tries >= 3 => return Ok(store),
                (store, false) => drop(store),
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

    /// Why the journal was opened read-only, or `None` if it can be written.
    pub fn read_only(&self) -> Option<ReadOnly> {
        self.read_only
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

/// The schema version this build writes.
pub fn latest_schema_version() -> i64 {
    migrations::COUNT as i64
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

/// What was learnt about the journal's files before opening it.
struct Vetted {
    /// Another connection has the journal open: read through SQLite's locking.
    live: bool,
    /// The write-ahead log that opening would replay (nobody else has it open).
    wal: Option<(wal::Committed, fs::File)>,
}

/// A connection to a journal, and the private folder of the replayed copy it reads, if
/// it reads one (see [`replayed`]).
struct Opened {
    conn: Connection,
    scratch: Option<tempfile::TempDir>,
}

impl From<Connection> for Opened {
    fn from(conn: Connection) -> Opened {
        Opened {
            conn,
            scratch: None,
        }
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
fn keyed(conn: Connection, key: Option<&Key>) -> Result<Connection> {
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

/// Checks, reading only, that the file at `path` is a journal this bearing may open (with
/// `key`, or plain without one) and that the write-ahead log beside it (if any) belongs
/// to it.
fn vet(path: &Path, key: Option<&Key>) -> Result<Vetted> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Io { path, source }
    };
    let mut db = fs::File::open(path).map_err(io(path))?;
    let header = files::read_header(&mut db, path)?;
    match (header, key) {
        (files::Header::Sqlite { .. }, Some(_)) => {
            return Err(StoreError::NotEncrypted(path.to_path_buf()));
        }
        (files::Header::Encrypted, None) => {
            return Err(StoreError::Encrypted(path.to_path_buf()));
        }
        _ => {}
    }
    if files::OpenHere::is_open(path) {
        // This process has it open (and checked it then): look through SQLite's locking.
        check_identity(&read_only_connection(path, key)?, path, key)?;
        return Ok(Vetted {
            live: true,
            wal: None,
        });
    }
    let wal_path = files::sidecar(path, "-wal");
    let committed = match fs::File::open(&wal_path) {
        Ok(mut f) => wal::committed(&mut f)
            .map_err(io(&wal_path))?
            .map(|c| (c, f)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(StoreError::Io {
                path: wal_path,
                source,
            });
        }
    };
    let Some((committed, mut wal_file)) = committed else {
        if files::rolls_back_to_empty(path) {
            // A journal whose making was cut short: SQLite's rollback empties it again.
            return Ok(Vetted {
                live: false,
                wal: None,
            });
        }
        // Nothing to replay: the main file is the whole journal.
        check_identity(&main_file_only(path, key)?, path, key)?;
        return Ok(Vetted {
            live: false,
            wal: None,
        });
    };
    let mismatch = |why| StoreError::WalMismatch {
        wal: wal_path.clone(),
        why,
    };
    match header.page_size() {
        None => return Err(mismatch(WalProblem::NoJournal)),
        Some(page_size) if page_size != committed.page_size => {
            return Err(mismatch(WalProblem::PageSize));
        }
        Some(_) => {}
    }
    let live = || -> Result<Vetted> {
        check_identity(&read_only_connection(path, key)?, path, key)?;
        Ok(Vetted {
            live: true,
            wal: None,
        })
    };
    if files::open_elsewhere(&db) {
        // Another bearing is using this log, and checked it when it opened the journal.
        return live();
    }
    // Nobody has the journal open, so opening it replays the log into the file: first see,
    // apart from the journal's files, what that would make.
    let replay = replayed(path, &committed, &mut wal_file, key)?;
    match check_identity(&replay.conn, path, key)
        .and_then(|()| quick_check(&replay.conn, path, key))
    {
        Ok(()) => Ok(Vetted {
            live: false,
            wal: Some((committed, wal_file)),
        }),
        Err(e @ StoreError::TooNew { .. }) => Err(e),
        Err(e) => {
            // The log, or the journal itself?
            let main = main_file_only(path, key)?;
            check_identity(&main, path, key)?;
            quick_check(&main, path, key)?;
            if files::open_elsewhere(&db) {
                // A bearing started meanwhile and changed the files while they were read.
                return live();
            }
            Err(mismatch(match e {
                StoreError::ForeignDatabase(_)
                | StoreError::NotAJournal(_)
                | StoreError::WrongPassphrase(_) => WalProblem::Foreign,
                _ => WalProblem::DoesNotFit,
            }))
        }
    }
}

/// A connection that reads the main file alone, as it is: no lock, no write-ahead log, no
/// file created beside it (SQLite's `immutable` mode).
fn main_file_only(path: &Path, key: Option<&Key>) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        file_uri(path, "immutable=1"),
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    keyed(conn, key)
}

/// A read-only connection through SQLite's locking, for a journal another connection has
/// open (its write-ahead log is that connection's to manage).
fn read_only_connection(path: &Path, key: Option<&Key>) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let conn = keyed(conn, key)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

/// The journal with its write-ahead log replayed, apart from its files, which are not
/// touched. A plain journal is replayed in memory. An encrypted one cannot be (its pages
/// say they are in WAL mode, and only the key could change that), so its replayed copy,
/// still encrypted, is written to a private folder and read from there.
fn replayed(
    path: &Path,
    committed: &wal::Committed,
    wal_file: &mut fs::File,
    key: Option<&Key>,
) -> Result<Opened> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let main = fs::read(path).map_err(io)?;
    let Some(key) = key else {
        let image = wal::replayed(main, committed, wal_file, true).map_err(io)?;
        let mut conn = Connection::open_in_memory()?;
        cipher::quiet(&conn);
        let len = image.len();
        conn.deserialize_read_exact("main", &image[..], len, true)?;
        return Ok(conn.into());
    };
    let image = wal::replayed(main, committed, wal_file, false).map_err(io)?;
    // tempfile makes the folder 0700; the copy is as encrypted as the journal.
    let scratch = tempfile::Builder::new()
        .prefix("bearing-replay-")
        .tempdir()
        .map_err(io)?;
    let copy = scratch.path().join("journal.db");
    fs::write(&copy, &image).map_err(io)?;
    let conn = main_file_only(&copy, Some(key))?;
    Ok(Opened {
        conn,
        scratch: Some(scratch),
    })
}

/// `path` as an SQLite `file:` URI with `query`, every byte that could be read as URI
/// syntax percent-encoded.
fn file_uri(path: &Path, query: &str) -> String {
    let mut uri = String::from("file:");
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push('?');
    uri.push_str(query);
    uri
}

/// Maps what SQLite says about a file it cannot read as a database. Through a key,
/// "not a database" means the key does not open it.
fn unreadable(e: rusqlite::Error, path: &Path, key: Option<&Key>) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => match key {
            // SQLCipher cannot tell a damaged first page from a wrong key; the pages after
            // it can: if the key wrote them, the key is right.
            Some(key) if key_wrote_later_pages(path, key) => {
                StoreError::Damaged(path.to_path_buf())
            }
            Some(_) => StoreError::WrongPassphrase(path.to_path_buf()),
            None => StoreError::NotAJournal(path.to_path_buf()),
        },
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => StoreError::Damaged(path.to_path_buf()),
        _ => e.into(),
    }
}

/// Whether `key` wrote any of the first few pages after the first of the file at `path`.
fn key_wrote_later_pages(path: &Path, key: &Key) -> bool {
    use std::io::Read;
    let Ok(file) = fs::File::open(path) else {
        return false;
    };
    let size = cipher::PAGE_SIZE as usize;
    let mut page = vec![0u8; size];
    let mut reader = std::io::BufReader::new(file.take(9 * size as u64));
    if reader.read_exact(&mut page).is_err() {
        return false;
    }
    (2..=9).any(|pgno| reader.read_exact(&mut page).is_ok() && key.wrote_page(&page, pgno))
}

/// SQLite's quick structural check of every page; a damaged database is refused.
fn quick_check(conn: &Connection, path: &Path, key: Option<&Key>) -> Result<()> {
    let report: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| match unreadable(e, path, key) {
            // The first page opened (the key is right), so a page that does not is damage.
            StoreError::WrongPassphrase(p) => StoreError::Damaged(p),
            e => e,
        })?;
    if report == "ok" {
        Ok(())
    } else {
        Err(StoreError::Damaged(path.to_path_buf()))
    }
}

/// Reads (never writes) the markers that say whose database this is and how new.
fn check_identity(conn: &Connection, path: &Path, key: Option<&Key>) -> Result<()> {
    let read = || -> rusqlite::Result<(i32, i64, i64, bool)> {
        let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let objects: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        let entries: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'entries')",
            [],
            |r| r.get(0),
        )?;
        Ok((app, version, objects, entries))
    };
    let (app, version, objects, entries) = read().map_err(|e| unreadable(e, path, key))?;
    let blank = app == 0 && version == 0 && objects == 0;
    if !blank && app != APPLICATION_ID {
        return Err(StoreError::ForeignDatabase(path.to_path_buf()));
    }
    if version > latest_schema_version() {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            known: latest_schema_version(),
        });
    }
    // bearing's mark without bearing's tables (or tables without a version) is not a
    // journal bearing made.
    if app == APPLICATION_ID && ((version > 0 && !entries) || (version == 0 && objects > 0)) {
        return Err(StoreError::Damaged(path.to_path_buf()));
    }
    Ok(())
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod blocks_tests;

#[cfg(test)]
mod conversations_tests;

#[cfg(test)]
mod history_tests;

#[cfg(test)]
mod encrypted_tests;
