//! The one place that speaks SQL. A [`Store`] owns the SQLite connection to the journal.
//!
//! Opening is careful: a file that is not a bearing journal, or one written by a newer
//! bearing, is refused before anything is written to it.

mod blocks;
mod calendars;
mod conversations;
mod drafts;
mod entries;
mod export;
mod history;
mod migrations;
mod people;
mod search;

use std::fs::{self, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use thiserror::Error;

pub use calendars::{CalendarInfo, NewCalendar, SERIES};
pub use conversations::{ConversationFilter, NewConversation};
pub use drafts::Draft;
pub use entries::{EntryFilter, fts_query};
pub use history::{Cursor, HistoryFilter, HistoryRow, MATCH_END, MATCH_START};
pub use people::PersonRow;
pub use search::SearchHit;

/// Marks an SQLite file as a bearing journal (`PRAGMA application_id`): "BRNG".
pub const APPLICATION_ID: i32 = 0x4252_4E47;

/// How long a write waits for another bearing process holding the journal.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Why the journal could not be opened, read or written.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The file holds something other than an SQLite database.
    #[error("it is not a bearing journal (not an SQLite database); it was left untouched")]
    NotAJournal(PathBuf),
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
    /// The new name belongs to someone else.
    #[error("'{0}' is already someone in the journal; merge the two instead")]
    PersonExists(String),
    /// A merge of a person into themselves.
    #[error("'{0}' and '{1}' are already the same person; nothing to merge")]
    SamePerson(String, String),
    /// No block has this id.
    #[error("there is no block {0}")]
    NoSuchBlock(i64),
    /// A stored value could not be read back (a damaged or hand-edited journal).
    #[error("the journal holds a value bearing cannot read: {0}")]
    BadData(String),
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
    conn: Connection,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens the journal at `path`, creating it (mode 0600, in a 0700 directory) if it
    /// does not exist, and upgrading its schema if it is older than this bearing.
    pub fn open(path: &Path) -> Result<Store> {
        let io = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        let created = create_private_file(path).map_err(io)?;
        if !created {
            check_sqlite_header(path)?;
        }
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        check_identity(&conn, path)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(path, fs::Permissions::from_mode(0o600)).map_err(io)?;
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        prepare(&mut conn)?;
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
        })
    }

    /// A journal that lives in memory only, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        prepare(&mut conn)?;
        Ok(Store { conn, path: None })
    }

    /// Where the journal lives, or `None` for an in-memory one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// SQLite's own consistency check: `"ok"`, or what is wrong.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
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
    migrations::MIGRATIONS.to_latest(conn)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // Setting it writes the header (and syncs); a journal that has it is left alone.
    let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if app != APPLICATION_ID {
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    Ok(())
}

/// Creates the journal file (and its directory) with private permissions. Returns whether
/// the file was created now.
fn create_private_file(path: &Path) -> std::io::Result<bool> {
    if path.exists() {
        return Ok(false);
    }
    if let Some(dir) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(dir)?;
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(true),
        // Another bearing created it between our check and now: treat as existing.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

/// Refuses any non-empty file that does not start with SQLite's magic header, before
/// SQLite itself touches it.
fn check_sqlite_header(path: &Path) -> Result<()> {
    const MAGIC: &[u8; 16] = b"SQLite format 3\0";
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = fs::File::open(path).map_err(io)?;
    if file.metadata().map_err(io)?.is_dir() {
        return Err(StoreError::NotAJournal(path.to_path_buf()));
    }
    let mut head = Vec::with_capacity(16);
    file.by_ref().take(16).read_to_end(&mut head).map_err(io)?;
    if head.is_empty() || head.as_slice() == MAGIC {
        Ok(())
    } else {
        Err(StoreError::NotAJournal(path.to_path_buf()))
    }
}

/// Reads (never writes) the markers that say whose database this is and how new.
fn check_identity(conn: &Connection, path: &Path) -> Result<()> {
    let read = || -> rusqlite::Result<(i32, i64, i64)> {
        let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let objects: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        Ok((app, version, objects))
    };
    let (app, version, objects) = match read() {
        Ok(v) => v,
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            return Err(StoreError::NotAJournal(path.to_path_buf()));
        }
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::DatabaseCorrupt =>
        {
            return Err(StoreError::Damaged(path.to_path_buf()));
        }
        Err(e) => return Err(e.into()),
    };
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
