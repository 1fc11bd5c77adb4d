//! Reading SQLite's write-ahead log (the `-wal` file beside the journal) without SQLite,
//! so bearing can tell what SQLite would replay into the journal before it does.
//!
//! The format is SQLite's documented file format ("The WAL File Format"): a 32-byte header
//! (magic, format version, page size, checkpoint sequence, two salts, a checksum), then
//! frames of a 24-byte header (page number, database size after a commit or 0, the two
//! salts again, a checksum) and one page. A frame counts only if its salts are the
//! header's and the checksum chain from the header through every earlier frame holds;
//! only frames up to the last commit frame are replayed. That is what SQLite's recovery
//! does, and what this module does too.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

/// The magic number of a WAL whose checksums are little-endian words (the low bit set
/// means big-endian).
const MAGIC: u32 = 0x377f_0682;
/// The only WAL format version there is.
const VERSION: u32 = 3_007_000;
const HEADER: usize = 32;
const FRAME_HEADER: usize = 24;

/// The committed content of a write-ahead log: what SQLite would copy into the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Committed {
    /// The page size the log was written with.
    pub page_size: u32,
    /// The database size, in pages, after the last commit.
    pub db_pages: u32,
    /// For each page the log holds, where its newest committed copy starts in the file.
    pub pages: HashMap<u32, u64>,
    /// How many frames the log holds up to its last commit.
    pub frames: u64,
}

impl Committed {
    /// Whether the database size the last commit claims could be true beside a main file
    /// of `main_len` bytes. Every page of the database is in the main file or in a frame
    /// of the log, so it has no more pages than the two hold together; a claim beyond that
    /// is crafted (a commit frame is only a number and a checksum anyone can compute), and
    /// replaying it would allocate all it claims: 0xFFFFFFFF pages are 16 TiB.
    pub(crate) fn plausible(&self, main_len: u64) -> bool {
        let main_pages = main_len.div_ceil(u64::from(self.page_size));
        u64::from(self.db_pages) <= main_pages.saturating_add(self.frames)
    }
}

/// Reads `file` (a `-wal`) and returns what SQLite's recovery would replay from it, or
/// `None` when it would replay nothing (an empty or torn log, a bad header, no commit).
pub(crate) fn committed(file: &mut File) -> io::Result<Option<Committed>> {
    let len = file.metadata()?.len();
    if len < HEADER as u64 {
        return Ok(None);
    }
    file.seek(SeekFrom::Start(0))?;
    let mut header = [0u8; HEADER];
    file.read_exact(&mut header)?;
    let magic = be(&header, 0);
    let page_size = be(&header, 8);
    if magic & !1 != MAGIC
        || be(&header, 4) != VERSION
        || !(512..=65536).contains(&page_size)
        || !page_size.is_power_of_two()
    {
        return Ok(None);
    }
    let big_endian = magic & 1 == 1;
    let mut sum = checksum(big_endian, &header[..24], (0, 0));
    if sum != (be(&header, 24), be(&header, 28)) {
        return Ok(None);
    }
    let salts = &header[16..24];
    let frame_len = FRAME_HEADER as u64 + u64::from(page_size);
    let mut reader = io::BufReader::with_capacity(1 << 16, &mut *file);
    let mut frame = vec![0u8; FRAME_HEADER + page_size as usize];
    let mut pending: Vec<(u32, u64)> = Vec::new();
    let mut done = Committed {
        page_size,
        db_pages: 0,
        pages: HashMap::new(),
        frames: 0,
    };
    let mut offset = HEADER as u64;
    while offset + frame_len <= len {
        if reader.read_exact(&mut frame).is_err() {
            break;
        }
        let page = be(&frame, 0);
        let commit = be(&frame, 4);
        if page == 0 || &frame[8..16] != salts {
            break;
        }
        sum = checksum(big_endian, &frame[..8], sum);
        sum = checksum(big_endian, &frame[FRAME_HEADER..], sum);
        if sum != (be(&frame, 16), be(&frame, 20)) {
            break;
        }
        pending.push((page, offset + FRAME_HEADER as u64));
        offset += frame_len;
        if commit != 0 {
            done.pages.extend(pending.drain(..));
            done.db_pages = commit;
            done.frames = (offset - HEADER as u64) / frame_len;
        }
    }
    Ok((done.db_pages != 0).then_some(done))
}

/// The database as SQLite would see it after replaying `wal` (read from `wal_file`) into
/// `db` (the bytes of the main file); with `legacy`, marked as in legacy (not WAL) mode so
/// it can be opened from memory (an encrypted database's header cannot be changed
/// without its key). Nothing on disk is changed.
pub(crate) fn replayed(
    mut db: Vec<u8>,
    wal: &Committed,
    wal_file: &mut File,
    legacy: bool,
) -> io::Result<Vec<u8>> {
    if !wal.plausible(db.len() as u64) {
        // Vetting refuses such a log first; this is the allocation's own guard.
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "the write-ahead log claims more pages than the journal and the log hold",
        ));
    }
    let size = wal.page_size as usize;
    db.resize(wal.db_pages as usize * size, 0);
    for (&page, &at) in &wal.pages {
        if page > wal.db_pages {
            continue;
        }
        let start = (page as usize - 1) * size;
        wal_file.seek(SeekFrom::Start(at))?;
        wal_file.read_exact(&mut db[start..start + size])?;
    }
    if legacy && db.len() >= 20 {
        // The file format's read and write versions: 1 (legacy) instead of 2 (WAL).
        db[18] = 1;
        db[19] = 1;
    }
    Ok(db)
}

fn be(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// SQLite's WAL checksum over `data` (a multiple of 8 bytes), continuing from `sum`.
fn checksum(big_endian: bool, data: &[u8], (mut s0, mut s1): (u32, u32)) -> (u32, u32) {
    for pair in data.chunks_exact(8) {
        let word = |at: usize| {
            let b = [pair[at], pair[at + 1], pair[at + 2], pair[at + 3]];
            if big_endian {
                u32::from_be_bytes(b)
            } else {
                u32::from_le_bytes(b)
            }
        };
        s0 = s0.wrapping_add(word(0)).wrapping_add(s1);
        s1 = s1.wrapping_add(word(4)).wrapping_add(s0);
    }
    (s0, s1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::{Connection, config::DbConfig};

    /// A database in WAL mode whose last transactions stay in its `-wal` (closed without
    /// a checkpoint), as a killed process leaves it.
    fn left_with_wal(path: &std::path::Path, page_size: u32, rows: usize) {
        let conn = Connection::open(path).unwrap();
        conn.pragma_update(None, "page_size", page_size).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        conn.execute_batch("CREATE TABLE t (x)").unwrap();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        for i in 0..rows {
            conn.execute(
                "INSERT INTO t VALUES (?1)",
                [format!("row {i} {}", "x".repeat(200))],
            )
            .unwrap();
        }
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .unwrap();
        drop(conn);
    }

    #[test]
    fn reads_what_sqlite_would_replay() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        left_with_wal(&path, 4096, 100);
        let wal_path = dir.path().join("a.db-wal");
        let mut wal = File::open(&wal_path).unwrap();
        let found = committed(&mut wal).unwrap().unwrap();
        assert_eq!(found.page_size, 4096);
        assert!(found.db_pages > 1);
        // Replayed into the main file, the rows are there, as SQLite itself reads them.
        let image = replayed(std::fs::read(&path).unwrap(), &found, &mut wal, true).unwrap();
        let mut mem = Connection::open_in_memory().unwrap();
        let len = image.len();
        mem.deserialize_read_exact("main", &image[..], len, true)
            .unwrap();
        let n: i64 = mem
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 100);
        // Without the log, the main file has none of them.
        let main_only = Connection::open(format!("file:{}?immutable=1", path.display())).unwrap();
        let n: i64 = main_only
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn a_claim_beyond_the_main_file_and_the_log_is_implausible_and_never_allocated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        left_with_wal(&path, 4096, 30);
        let wal_path = dir.path().join("a.db-wal");
        let main_len = std::fs::metadata(&path).unwrap().len();
        let main_pages = main_len.div_ceil(4096);
        let honest = committed(&mut File::open(&wal_path).unwrap())
            .unwrap()
            .unwrap();
        assert!(honest.plausible(main_len));
        // The bound is what the main file and the log's frames hold together, no more.
        let frames = honest.frames;
        let most = u32::try_from(main_pages + frames).unwrap();
        for (claim, plausible) in [
            (most, true),
            (most + 1, false),
            (262_144, false),
            (u32::MAX, false),
        ] {
            crate::testkit::claim_pages(&wal_path, claim);
            let mut wal = File::open(&wal_path).unwrap();
            let crafted = committed(&mut wal).unwrap().unwrap();
            assert_eq!((crafted.db_pages, crafted.frames), (claim, frames));
            assert_eq!(crafted.plausible(main_len), plausible, "{claim}");
            let image = replayed(std::fs::read(&path).unwrap(), &crafted, &mut wal, true);
            match image {
                Ok(image) => assert!(plausible && image.len() == claim as usize * 4096),
                Err(e) => assert!(!plausible && e.kind() == io::ErrorKind::InvalidData, "{e}"),
            }
        }
    }

    #[test]
    fn a_torn_or_tampered_log_replays_only_what_was_committed_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        left_with_wal(&path, 1024, 30);
        let wal_path = dir.path().join("a.db-wal");
        let bytes = std::fs::read(&wal_path).unwrap();
        let whole = committed(&mut File::open(&wal_path).unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(whole.page_size, 1024);
        // A bad header: nothing is replayed.
        let mut bad = bytes.clone();
        bad[26] ^= 0xFF;
        std::fs::write(&wal_path, &bad).unwrap();
        assert_eq!(
            committed(&mut File::open(&wal_path).unwrap()).unwrap(),
            None
        );
        // A flipped byte in the last frame's page: that commit is dropped, earlier ones stay.
        let mut bad = bytes.clone();
        let last = bad.len() - 10;
        bad[last] ^= 0xFF;
        std::fs::write(&wal_path, &bad).unwrap();
        let cut = committed(&mut File::open(&wal_path).unwrap())
            .unwrap()
            .unwrap();
        assert!(cut.pages.len() <= whole.pages.len());
        assert_ne!(cut, whole);
        // Too short for a header: nothing.
        std::fs::write(&wal_path, &bytes[..20]).unwrap();
        assert_eq!(
            committed(&mut File::open(&wal_path).unwrap()).unwrap(),
            None
        );
    }
}
