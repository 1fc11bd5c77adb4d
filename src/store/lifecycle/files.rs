//! The journal's files as the file system sees them, checked before SQLite opens
//! anything: only regular files, private modes, a file the user made read-only left so,
//! a full disk recognised, and whether another process has the journal open.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::store::{Result, StoreError};

/// The files SQLite keeps beside a database: its write-ahead log, the log's shared index,
/// and a rollback journal.
pub(crate) const SIDECARS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// `path` with `suffix` appended (`journal.db` -> `journal.db-wal`).
pub(crate) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The journal's real file: where the symbolic link at `path` leads (followed to its end,
/// as an absolute path), or `path` as given when it is no link. Everything bearing does
/// to the journal's files (the `-wal` and `-shm` it vets, a rewrite renamed over it, the
/// locks and partial files beside it) is done at the real file, in its own folder: a link
/// replaced by a new file would leave the real journal behind, whole and stale.
///
/// A link to nothing (a folder not mounted, a file moved) and a loop of links are refused
/// with a message saying so; bearing creates nothing through them.
pub(crate) fn real_path(path: &Path) -> Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => match fs::canonicalize(path) {
            Ok(real) => Ok(real),
            Err(e) => Err(broken_link(path, e)),
        },
        Ok(_) => Ok(path.to_path_buf()),
        Err(e) if is_loop(&e) => Err(StoreError::LinkLoop(path.to_path_buf())),
        // Nothing there: a folder on the way may be a link to nothing.
        Err(_) => match path.ancestors().skip(1).find(|a| dangling(a)) {
            Some(link) => Err(broken_link(link, io::ErrorKind::NotFound.into())),
            None => Ok(path.to_path_buf()),
        },
    }
}

/// Whether `path` is a symbolic link that leads nowhere.
fn dangling(path: &Path) -> bool {
    !path.as_os_str().is_empty()
        && fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
        && fs::metadata(path).is_err()
}

/// Why the link at `link` could not be followed (`e`, from following it).
fn broken_link(link: &Path, e: io::Error) -> StoreError {
    if is_loop(&e) {
        return StoreError::LinkLoop(link.to_path_buf());
    }
    match fs::read_link(link) {
        Ok(target) if e.kind() == io::ErrorKind::NotFound => StoreError::DanglingLink {
            link: link.to_path_buf(),
            target,
        },
        _ => StoreError::Io {
            path: link.to_path_buf(),
            source: e,
        },
    }
}

/// Whether the system said "too many levels of symbolic links".
fn is_loop(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        rustix::io::Errno::from_io_error(e) == Some(rustix::io::Errno::LOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// What is at the journal's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// Nothing yet.
    Missing,
    /// A regular file.
    File {
        /// Whether bearing may write it: the owner's write bit is set (a file the user
        /// made read-only stays so, even for root) and the system allows writing.
        writable: bool,
    },
}

/// Looks at the journal and the files beside it without opening any of them: a device, a
/// pipe, a socket or a folder is refused before anything could block on it or change it.
pub(crate) fn inspect(path: &Path) -> Result<Found> {
    for suffix in SIDECARS {
        let side = sidecar(path, suffix);
        match fs::metadata(&side) {
            Ok(m) if !m.is_file() => return Err(StoreError::SidecarNotAFile(side)),
            _ => {}
        }
    }
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(source) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    if meta.is_dir() {
        return Err(StoreError::NotAJournal(path.to_path_buf()));
    }
    if !meta.is_file() {
        return Err(StoreError::NotAFile(path.to_path_buf()));
    }
    Ok(Found::File {
        writable: writable(path, &meta),
    })
}

#[cfg(unix)]
fn writable(path: &Path, meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o200 != 0
        && rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_ok()
}

#[cfg(not(unix))]
fn writable(_path: &Path, meta: &fs::Metadata) -> bool {
    !meta.permissions().readonly()
}

/// What the first bytes of the journal file say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Header {
    /// An empty file (a journal about to be made).
    Empty,
    /// An SQLite database with this page size.
    Sqlite {
        /// Bytes per page.
        page_size: u32,
    },
    /// No SQLite header, but whole pages of SQLCipher's size: an encrypted journal (or
    /// random bytes; only the key can tell).
    Encrypted,
}

impl Header {
    /// The page size of the database, where the header says (an encrypted journal's is
    /// SQLCipher's).
    pub(crate) fn page_size(self) -> Option<u32> {
        match self {
            Header::Empty => None,
            Header::Sqlite { page_size } => Some(page_size),
            Header::Encrypted => Some(super::cipher::PAGE_SIZE),
        }
    }
}

/// Refuses any non-empty file that is neither an SQLite database (SQLite's magic header)
/// nor could be an encrypted one (whole pages), before SQLite itself touches it.
pub(crate) fn read_header(file: &mut File, path: &Path) -> Result<Header> {
    const MAGIC: &[u8; 16] = b"SQLite format 3\0";
    let len = file
        .metadata()
        .map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?
        .len();
    let mut head = Vec::with_capacity(100);
    file.by_ref()
        .take(100)
        .read_to_end(&mut head)
        .map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if head.is_empty() {
        return Ok(Header::Empty);
    }
    if head.len() == 100 && &head[..16] != MAGIC && len % u64::from(super::cipher::PAGE_SIZE) == 0 {
        return Ok(Header::Encrypted);
    }
    if head.len() < 100 || &head[..16] != MAGIC {
        return Err(StoreError::NotAJournal(path.to_path_buf()));
    }
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65536,
        n => u32::from(n),
    };
    Ok(Header::Sqlite { page_size })
}

/// Whether a rollback journal beside the file would, replayed, make it empty again: a
/// journal being made (its schema is written in rollback mode) whose process was killed.
/// Its main file is half written and reads as damaged; SQLite's rollback restores it.
pub(crate) fn rolls_back_to_empty(path: &Path) -> bool {
    const MAGIC: [u8; 8] = [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7];
    let mut head = [0u8; 28];
    File::open(sidecar(path, "-journal"))
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| head[..8] == MAGIC && head[16..20] == [0, 0, 0, 0])
}

/// Folders and the file that opening a new journal created, to be removed again when the
/// open fails, so a failed command leaves nothing behind.
#[derive(Debug)]
pub(crate) struct Created {
    file: PathBuf,
    dirs: Vec<PathBuf>,
}

impl Created {
    /// Removes the file, anything SQLite made beside it, and the folders created for it.
    pub(crate) fn undo(&self) {
        let _ = fs::remove_file(&self.file);
        for suffix in SIDECARS {
            let _ = fs::remove_file(sidecar(&self.file, suffix));
        }
        // Only if still empty: never what someone else put there meanwhile.
        remove_folders(&self.dirs);
    }
}

/// Creates the journal file (mode 0600) and the folders it needs (0700). Returns `None`
/// when another bearing created the file first.
pub(crate) fn create_journal(path: &Path) -> io::Result<Option<Created>> {
    let dirs = create_folders(path)?;
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => {
            // The umask may have taken bits away: the journal is the user's to read and write.
            set_mode(path, 0o600)?;
            Ok(Some(Created {
                file: path.to_path_buf(),
                dirs,
            }))
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(None),
        Err(e) => {
            remove_folders(&dirs);
            Err(e)
        }
    }
}

/// Creates the folders `path` needs that do not exist yet, private (0700), and returns
/// them, outermost first.
pub(crate) fn create_folders(path: &Path) -> io::Result<Vec<PathBuf>> {
    let mut dirs = Vec::new();
    let mut dir = path.parent();
    while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        dirs.push(d.to_path_buf());
        dir = d.parent();
    }
    dirs.reverse();
    for (i, d) in dirs.iter().enumerate() {
        let mut builder = fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        let made = match builder.create(d) {
            Ok(()) => set_mode(d, 0o700),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
            Err(e) => Err(e),
        };
        if let Err(e) = made {
            remove_folders(&dirs[..i]);
            return Err(e);
        }
    }
    Ok(dirs)
}

/// Removes folders made by [`create_folders`], innermost first, each only if empty.
pub(crate) fn remove_folders(dirs: &[PathBuf]) {
    for dir in dirs.iter().rev() {
        let _ = fs::remove_dir(dir);
    }
}

/// Makes the journal and every file SQLite keeps beside it readable by the user only,
/// before SQLite reuses one (a leftover `-wal` may hold what was typed).
pub(crate) fn make_private(path: &Path) -> io::Result<()> {
    set_mode(path, 0o600)?;
    for suffix in SIDECARS {
        match set_mode(&sidecar(path, suffix), 0o600) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let meta = fs::metadata(path)?;
    if meta.permissions().mode() & 0o777 != mode {
        fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> io::Result<()> {
    Ok(())
}

/// Whether the disk holding the journal has (next to) no room left.
#[cfg(unix)]
pub(crate) fn disk_is_full(path: &Path) -> bool {
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d,
        None => Path::new("."),
    };
    rustix::fs::statvfs(dir).is_ok_and(|s| s.f_bavail.saturating_mul(s.f_frsize) < 64 * 1024)
}

/// Whether the disk holding the journal has (next to) no room left.
#[cfg(not(unix))]
pub(crate) fn disk_is_full(_path: &Path) -> bool {
    false
}

/// Whether another process has the database open. SQLite keeps a shared lock on the file
/// of a WAL database for as long as a connection is open (and, closing, takes it
/// exclusively to learn it is the last one); this asks the system who holds it, without
/// taking any lock.
#[cfg(unix)]
pub(crate) fn open_elsewhere(file: &File) -> bool {
    use rustix::process::{Flock, FlockOffsetType, FlockType, fcntl_getlk};
    // SQLite's unix locking bytes: the shared range after the pending and reserved bytes.
    const SHARED_FIRST: u64 = 0x4000_0000 + 2;
    const SHARED_SIZE: u64 = 510;
    let probe = Flock {
        start: SHARED_FIRST,
        length: SHARED_SIZE,
        pid: None,
        typ: FlockType::WriteLock,
        offset_type: FlockOffsetType::Set,
    };
    // If the system cannot say, assume someone is there: bearing then reads through
    // SQLite's own locking rather than around it.
    fcntl_getlk(file, &probe).map_or(true, |holder| holder.is_some())
}

/// Whether another process has the database open (unknown here: assume so).
#[cfg(not(unix))]
pub(crate) fn open_elsewhere(_file: &File) -> bool {
    true
}

/// The journals this process has open, by device and inode: the system's lock query does
/// not report a process's own locks.
static OPEN_HERE: Mutex<Vec<(u64, u64)>> = Mutex::new(Vec::new());

/// Marks a journal as open in this process for as long as it lives.
#[derive(Debug)]
pub(crate) struct OpenHere(Option<(u64, u64)>);

impl OpenHere {
    /// Registers the journal at `path`.
    pub(crate) fn register(path: &Path) -> OpenHere {
        let key = file_key(path);
        if let Some(k) = key {
            OPEN_HERE
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(k);
        }
        OpenHere(key)
    }

    /// Whether this process already has the journal at `path` open.
    pub(crate) fn is_open(path: &Path) -> bool {
        file_key(path).is_some_and(|k| {
            OPEN_HERE
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .contains(&k)
        })
    }
}

impl Drop for OpenHere {
    fn drop(&mut self) {
        if let Some(k) = self.0 {
            let mut open = OPEN_HERE
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(i) = open.iter().position(|o| *o == k) {
                open.swap_remove(i);
            }
        }
    }
}

#[cfg(unix)]
pub(crate) fn file_key(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
pub(crate) fn file_key(path: &Path) -> Option<(u64, u64)> {
    let _ = path;
    None
}

/// A new private folder (0700, whatever the umask) for bearing's temporary files, named
/// `prefix` and random letters: in `$XDG_RUNTIME_DIR` when it is a private folder of
/// this user's (a tmpfs that never reaches a disk and is emptied at logout), else in the
/// system's temporary directory. Removed when dropped.
pub fn private_temp_dir(prefix: &str) -> io::Result<tempfile::TempDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o700));
    }
    match runtime_dir() {
        Some(dir) => builder.tempdir_in(dir).or_else(|_| builder.tempdir()),
        None => builder.tempdir(),
    }
}

/// The folders [`private_temp_dir`] makes its folders in: `$XDG_RUNTIME_DIR` when it is
/// a private folder of this user's, and the system's temporary directory.
pub fn private_temp_parents() -> Vec<PathBuf> {
    let mut parents: Vec<PathBuf> = runtime_dir().into_iter().collect();
    let system = std::env::temp_dir();
    if !parents.contains(&system) {
        parents.push(system);
    }
    parents
}

/// `$XDG_RUNTIME_DIR` when it is a folder of this user's that nobody else can enter.
fn runtime_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("XDG_RUNTIME_DIR")?);
    let meta = fs::metadata(&dir).ok().filter(fs::Metadata::is_dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let mine = meta.uid() == rustix::process::geteuid().as_raw();
        if !mine || meta.mode() & 0o077 != 0 {
            return None;
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    Some(dir)
}

/// Writes `bytes` to the new file `path`, readable by the user only (0600) whatever the
/// umask.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Removes what a killed backup or restore left: the temporary file of one to the same
/// name (`prefix`, and anything SQLite kept beside it), and those of other names once
/// they are a few minutes old (one still running keeps its file fresh).
pub(crate) fn remove_leftovers(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let stale = |entry: &std::fs::DirEntry| {
        entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(300))
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.starts_with(prefix);
        let a_backups = name.starts_with('.') && name.contains(".partial-");
        if (ours || (a_backups && stale(&entry))) && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
