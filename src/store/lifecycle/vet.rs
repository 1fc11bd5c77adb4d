//! Vetting the journal's files before opening them, reading only: that the file is a
//! journal this bearing may open, and that the write-ahead log beside it (left by a
//! process that was killed, say) belongs to it. Replaying the log is tried apart from the
//! journal's files, which are not touched.

use std::fs;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::open::keyed;
use super::{BUSY_TIMEOUT, Key, cipher, files, latest_schema_version, wal};
use crate::store::{APPLICATION_ID, Result, StoreError, WalProblem};

/// What was learnt about the journal's files before opening it.
pub(super) struct Vetted {
    /// Another connection has the journal open: read through SQLite's locking.
    pub(super) live: bool,
    /// The write-ahead log that opening would replay (nobody else has it open).
    pub(super) wal: Option<(wal::Committed, fs::File)>,
}

/// A connection to a journal, and the private folder of the replayed copy it reads, if
/// it reads one (see [`replayed`]).
pub(super) struct Opened {
    pub(super) conn: Connection,
    pub(super) scratch: Option<tempfile::TempDir>,
}

impl From<Connection> for Opened {
    fn from(conn: Connection) -> Opened {
        Opened {
            conn,
            scratch: None,
        }
    }
}

/// Checks, reading only, that the file at `path` is a journal this bearing may open (with
/// `key`, or plain without one) and that the write-ahead log beside it (if any) belongs
/// to it.
pub(super) fn vet(path: &Path, key: Option<&Key>) -> Result<Vetted> {
    // The files are read apart from SQLite's locks: another bearing that checkpoints or
    // closes meanwhile changes them under the reading, and a page half written then is
    // no damage. A verdict of damage while the files moved is read again, a few times.
    let mut tries = 0;
    loop {
        let before = files_state(path);
        let verdict = vet_once(path, key);
        let moved = files_state(path) != before;
        tries += 1;
        match verdict {
            Err(StoreError::Damaged(_) | StoreError::WalMismatch { .. }) if moved && tries < 5 => {
                std::thread::sleep(std::time::Duration::from_millis(20 * tries));
            }
            verdict => return verdict,
        }
    }
}

/// The size and last change of the journal and its `-wal`, to tell files that moved.
fn files_state(path: &Path) -> [Option<(u64, std::time::SystemTime)>; 2] {
    let state = |p: &Path| {
        fs::metadata(p)
            .ok()
            .and_then(|m| Some((m.len(), m.modified().ok()?)))
    };
    [state(path), state(&files::sidecar(path, "-wal"))]
}

/// One reading of [`vet`].
fn vet_once(path: &Path, key: Option<&Key>) -> Result<Vetted> {
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
    if !committed.plausible(db.metadata().map_err(io(path))?.len()) {
        // Checked before anything is allocated for it, and before another bearing's use
        // of the log is trusted: no bearing writes such a log.
        return Err(mismatch(WalProblem::Size));
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
pub(super) fn main_file_only(path: &Path, key: Option<&Key>) -> Result<Connection> {
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
pub(super) fn read_only_connection(path: &Path, key: Option<&Key>) -> Result<Connection> {
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
pub(super) fn replayed(
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
    // A private folder (0700) and file (0600); the copy is as encrypted as the journal.
    let scratch = super::files::private_temp_dir("bearing-replay-").map_err(io)?;
    let copy = scratch.path().join("journal.db");
    super::files::write_private(&copy, &image).map_err(io)?;
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
pub(super) fn unreadable(e: rusqlite::Error, path: &Path, key: Option<&Key>) -> StoreError {
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
