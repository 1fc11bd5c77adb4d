//! The one place that speaks SQL. A [`Store`] owns the SQLite connection to the journal.
//!
//! Opening is careful: a file that is not a bearing journal, or one written by a newer
//! bearing, is refused before anything is written to it (see `lifecycle`).

mod accounts;
mod blocks;
mod calendar_import;
mod calendars;
mod classifications;
mod coaching;
mod conversations;
mod drafts;
mod entries;
mod events;
mod export;
mod filter;
mod history;
mod lifecycle;
mod migrations;
mod people;
mod publications;
mod restore_rules;
mod search;
pub mod sync;

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use thiserror::Error;

pub use accounts::{AccountCalendar, AccountRow, FoundCalendarRow, NewAccount, ObjectChanges};
pub use calendar_import::{ReplaceStats, StoredSeries};
pub use calendars::{CalendarCounts, CalendarInfo, NewCalendar};
pub use classifications::SERIES;
pub use coaching::{AddedItem, NewDelegation};
pub use conversations::{ConversationFilter, NewConversation};
pub use drafts::Draft;
pub use events::SeenText;
pub use filter::JournalFilter;
pub use history::{Cursor, HistoryRow};
pub use lifecycle::{
    Key, OpenMode, Passphrase, ReadOnly, ReopenOptions, Rewritten, latest_schema_version,
    private_temp_dir, private_temp_parents, write_private,
};
pub use people::{PersonRow, normalize_address};
pub use publications::{ConflictRow, Publication, PublicationState};
pub use search::{MATCH_END, MATCH_START, Passage, RANKED_MATCHES, SearchOptions, fts_query};

/// Marks an SQLite file as a bearing journal (`PRAGMA application_id`): "BRNG".
pub const APPLICATION_ID: i32 = 0x4252_4E47;

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
    /// A person something in the journal still refers to.
    #[error("{0} stays: {1}; archive them instead (bearing people archive)")]
    PersonInUse(String, String),
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
    /// The journal's path is a symbolic link (or lies in a folder that is one) whose
    /// target does not exist.
    #[error(
        "{} is a symbolic link to {}, which does not exist (a folder not mounted, or a file moved?); bearing opened and created nothing",
        .link.display(),
        .target.display()
    )]
    DanglingLink {
        /// The link.
        link: PathBuf,
        /// Where it points.
        target: PathBuf,
    },
    /// The journal's path is a symbolic link that leads back to itself.
    #[error(
        "{} is a symbolic link that leads back to itself (a loop of links); bearing opened nothing",
        .0.display()
    )]
    LinkLoop(PathBuf),
    /// Another bearing renamed a new journal over this one (`bearing encrypt`, say) while
    /// it was being opened, again each time it was opened anew.
    #[error("{REPLACED}")]
    Replaced(PathBuf),
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
    /// It claims a journal larger than the journal file and the log together hold.
    Size,
}

impl std::fmt::Display for WalProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            WalProblem::NoJournal => "the journal file it would go with is empty",
            WalProblem::PageSize => "its page size is not the journal's",
            WalProblem::Foreign => "it holds another database's changes",
            WalProblem::DoesNotFit => "its changes do not fit the journal's pages",
            WalProblem::Size => {
                "it claims a journal larger than the journal file and the log together hold"
            }
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
        // The file was renamed over (or removed) since it was opened: nothing is read-only.
        Some(ErrorCode::ReadOnly) if moved(e) => REPLACED,
        Some(ErrorCode::ReadOnly) => "the journal cannot be written (a read-only file or disk)",
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "another program held the journal for more than 10 seconds; try again"
        }
        _ => "the journal database failed",
    }
}

/// What happened when the journal was renamed over while bearing had it open: SQLite
/// says "read-only", which nothing is.
const REPLACED: &str = "the journal was replaced while bearing read it (another bearing encrypted or restored it); run the command again";

/// Whether SQLite refused to write because the journal file it has open was renamed
/// over or removed since (`SQLITE_READONLY_DBMOVED`): the journal at the path is another
/// file now, to be opened anew.
pub(crate) fn moved(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.extended_code == rusqlite::ffi::SQLITE_READONLY_DBMOVED)
}

/// Result of a store operation.
pub type Result<T> = std::result::Result<T, StoreError>;

/// The journal: an SQLite database with bearing's schema.
#[derive(Debug)]
pub struct Store {
    // Declared first so it closes first: this process counts the journal as open until
    // the connection is gone (see `lifecycle::files::OpenHere`).
    conn: Connection,
    path: Option<PathBuf>,
    read_only: Option<ReadOnly>,
    /// The key of an encrypted journal.
    key: Option<Key>,
    _open_here: Option<lifecycle::files::OpenHere>,
    /// A private folder holding the replayed copy an encrypted journal is read from (see
    /// `lifecycle::vet::replayed`); after `conn`, so it is removed once the connection is closed.
    _scratch: Option<tempfile::TempDir>,
}

#[cfg(test)]
mod tests;
