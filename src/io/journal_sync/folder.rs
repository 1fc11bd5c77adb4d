//! [`Folder`]: a sync place on a local directory that a sync tool (Syncthing, Dropbox,
//! iCloud Drive) or the user (a USB stick) carries between devices.
//!
//! Every folder bearing makes here is 0700 and every file 0600. A file is created whole
//! or not at all: written to a hidden temp file in the same folder (private, flushed to
//! disk), then hard-linked to its name, which fails when the name exists (an atomic
//! create-only), then the temp file is removed. Where the file system refuses hard links
//! (FAT, some network and FUSE file systems) the file is created in place with
//! `create_new`; one cut short there reads as [`super::BatchError::Incomplete`] by its
//! header's length, never as damage.
//!
//! The key file is replaced by a temp file renamed over it, under an advisory lock on the
//! file and only when its content hash is still the version read. That serialises the
//! processes of one machine; across machines a sync tool gives no such guarantee (two
//! devices replacing it at once leave a "conflicted copy", which is passed over): read the
//! key file again after a sync to see whose write stayed.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::batch::BatchHash;
use super::place::{
    Created, DEVICES_DIR, DeviceId, KEY_FILE_NAME, KeyFile, KeyWrite, MAX_FILE_BYTES, PlaceError,
    SNAPSHOTS_DIR, SnapshotId, SyncPlace, Version, batch_name, parse_batch_name,
    parse_snapshot_name, snapshot_name,
};

/// How many times a replacement of the key file starts again when the file it locked
/// was replaced meanwhile.
const LOCK_TRIES: usize = 10;

/// A sync place on a local directory.
#[derive(Debug, Clone)]
pub struct Folder {
    root: PathBuf,
    /// Whether to create files by hard link (else by `create_new`, as where the file
    /// system refuses links).
    hard_links: bool,
}

fn io_error(path: &Path, source: io::Error) -> PlaceError {
    PlaceError::Io {
        path: path.display().to_string(),
        source,
    }
}

impl Folder {
    /// The sync place in the existing directory `root` (a folder a sync tool shares: its
    /// own mode is left as it is).
    pub fn open(root: impl Into<PathBuf>) -> Result<Folder, PlaceError> {
        let root = root.into();
        let meta = fs::metadata(&root).map_err(|e| {
            if e.kind() == io::ErrorKind::NotFound {
                PlaceError::Missing(root.display().to_string())
            } else {
                io_error(&root, e)
            }
        })?;
        if !meta.is_dir() {
            return Err(io_error(
                &root,
                io::Error::new(io::ErrorKind::NotADirectory, "not a folder"),
            ));
        }
        Ok(Folder {
            root,
            hard_links: true,
        })
    }

    /// The sync place in directory `root`, made (0700, with any missing parents) when it
    /// is not there.
    pub fn create(root: impl Into<PathBuf>) -> Result<Folder, PlaceError> {
        let root = root.into();
        make_dirs(&root)?;
        Folder::open(root)
    }

    /// This place, creating files with `create_new` as where hard links are refused: for
    /// tests of that way.
    #[cfg(any(test, feature = "testkit"))]
    #[must_use]
    pub fn without_hard_links(mut self) -> Folder {
        self.hard_links = false;
        self
    }

    /// The directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn device_dir(&self, device: &DeviceId) -> PathBuf {
        self.root.join(DEVICES_DIR).join(device.as_str())
    }

    fn batch_path(&self, device: &DeviceId, seq: u64) -> PathBuf {
        self.device_dir(device).join(batch_name(seq))
    }

    fn snapshot_path(&self, id: &SnapshotId) -> PathBuf {
        self.root.join(SNAPSHOTS_DIR).join(snapshot_name(id))
    }

    /// Creates `dir/name` holding `bytes`, never over an existing file.
    fn create_only(&self, dir: &Path, name: &str, bytes: &[u8]) -> Result<Created, PlaceError> {
        make_dirs(dir)?;
        let target = dir.join(name);
        if self.hard_links {
            let (temp, mut file) = temp_file(dir, name)?;
            let written = file.write_all(bytes).and_then(|()| file.sync_all());
            drop(file);
            let linked = written.and_then(|()| fs::hard_link(&temp, &target));
            // A temp file left behind (the removal failed) is hidden and passed over.
            let _ = fs::remove_file(&temp);
            match linked {
                Ok(()) => {
                    sync_dir(dir)?;
                    return Ok(Created::Written);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    return Ok(Created::AlreadyThere);
                }
                Err(e) if links_refused(&e) => {}
                Err(e) => return Err(io_error(&target, e)),
            }
        }
        let mut file = match private_file(&target) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(Created::AlreadyThere),
            Err(e) => return Err(io_error(&target, e)),
        };
        if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_all()) {
            // A file cut short reads as still arriving; removing it lets the write be
            // made again.
            drop(file);
            let _ = fs::remove_file(&target);
            return Err(io_error(&target, e));
        }
        sync_dir(dir)?;
        Ok(Created::Written)
    }

    /// The names in `dir` that `keep` accepts, sorted; none when `dir` is not there.
    fn list<T: Ord>(
        dir: &Path,
        want_dirs: bool,
        keep: impl Fn(&str) -> Option<T>,
    ) -> Result<Vec<T>, PlaceError> {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io_error(dir, e)),
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| io_error(dir, e))?;
            let Some(found) = entry.file_name().to_str().and_then(&keep) else {
                continue;
            };
            // A symlink is neither: bearing never made one.
            let kind = entry.file_type().map_err(|e| io_error(&entry.path(), e))?;
            if (want_dirs && kind.is_dir()) || (!want_dirs && kind.is_file()) {
                out.push(found);
            }
        }
        out.sort();
        Ok(out)
    }

    /// Replaces the key file, under its lock, when it still has `version`.
    fn replace_key_file(&self, bytes: &[u8], version: &Version) -> Result<KeyWrite, PlaceError> {
        let path = self.root.join(KEY_FILE_NAME);
        for _ in 0..LOCK_TRIES {
            let mut file = match File::open(&path) {
                Ok(file) => file,
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(KeyWrite::Changed),
                Err(e) => return Err(io_error(&path, e)),
            };
            file.lock().map_err(|e| io_error(&path, e))?;
            // Another process may have renamed a new file over the one locked while this
            // one waited: then the lock guards nothing, and it starts again.
            if !same_file(&file, &path)? {
                continue;
            }
            let current = read_limited(&mut file, &path)?;
            if content_version(&current) != *version {
                return Ok(KeyWrite::Changed);
            }
            let (temp, mut new) = temp_file(&self.root, KEY_FILE_NAME)?;
            let written = new.write_all(bytes).and_then(|()| new.sync_all());
            drop(new);
            let renamed = written.and_then(|()| fs::rename(&temp, &path));
            if let Err(e) = renamed {
                let _ = fs::remove_file(&temp);
                return Err(io_error(&path, e));
            }
            sync_dir(&self.root)?;
            // The lock goes with `file`, now the old one.
            return Ok(KeyWrite::Written);
        }
        Err(io_error(
            &path,
            io::Error::other("it kept being replaced by another process"),
        ))
    }
}

impl SyncPlace for Folder {
    fn describe(&self) -> String {
        self.root.display().to_string()
    }

    fn devices(&self) -> Result<Vec<DeviceId>, PlaceError> {
        Folder::list(&self.root.join(DEVICES_DIR), true, DeviceId::parse)
    }

    fn batches(&self, device: &DeviceId) -> Result<Vec<u64>, PlaceError> {
        Folder::list(&self.device_dir(device), false, parse_batch_name)
    }

    fn read_batch(&self, device: &DeviceId, seq: u64) -> Result<Option<Vec<u8>>, PlaceError> {
        read_file(&self.batch_path(device, seq))
    }

    fn write_batch(
        &self,
        device: &DeviceId,
        seq: u64,
        bytes: &[u8],
    ) -> Result<Created, PlaceError> {
        self.create_only(&self.device_dir(device), &batch_name(seq), bytes)
    }

    fn remove_batch(&self, device: &DeviceId, seq: u64) -> Result<bool, PlaceError> {
        remove(&self.batch_path(device, seq))
    }

    fn read_key_file(&self) -> Result<Option<KeyFile>, PlaceError> {
        Ok(
            read_file(&self.root.join(KEY_FILE_NAME))?.map(|bytes| KeyFile {
                version: content_version(&bytes),
                bytes,
            }),
        )
    }

    fn write_key_file(
        &self,
        bytes: &[u8],
        replacing: Option<&Version>,
    ) -> Result<KeyWrite, PlaceError> {
        match replacing {
            None => Ok(match self.create_only(&self.root, KEY_FILE_NAME, bytes)? {
                Created::Written => KeyWrite::Written,
                Created::AlreadyThere => KeyWrite::Changed,
            }),
            Some(version) => self.replace_key_file(bytes, version),
        }
    }

    fn snapshots(&self) -> Result<Vec<SnapshotId>, PlaceError> {
        Folder::list(&self.root.join(SNAPSHOTS_DIR), false, parse_snapshot_name)
    }

    fn read_snapshot(&self, id: &SnapshotId) -> Result<Option<Vec<u8>>, PlaceError> {
        read_file(&self.snapshot_path(id))
    }

    fn write_snapshot(&self, id: &SnapshotId, bytes: &[u8]) -> Result<Created, PlaceError> {
        self.create_only(&self.root.join(SNAPSHOTS_DIR), &snapshot_name(id), bytes)
    }

    fn remove_snapshot(&self, id: &SnapshotId) -> Result<bool, PlaceError> {
        remove(&self.snapshot_path(id))
    }
}

/// A folder's version of the key file: the SHA-256 of its bytes.
fn content_version(bytes: &[u8]) -> Version {
    Version::new(format!("sha256:{}", BatchHash::of(bytes).to_hex()))
}

/// Makes `dir` and its missing parents, each 0700.
fn make_dirs(dir: &Path) -> Result<(), PlaceError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|e| io_error(dir, e))
}

/// A new file at `path` that only its owner may read (0600); refused when one is there.
fn private_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// A new hidden temp file beside `name` in `dir`, private: `.NAME.RANDOM.tmp`.
fn temp_file(dir: &Path, name: &str) -> Result<(PathBuf, File), PlaceError> {
    loop {
        let mut random = [0u8; 8];
        getrandom::fill(&mut random).map_err(|e| io_error(dir, io::Error::other(e)))?;
        let path = dir.join(format!(".{name}.{}.tmp", super::batch::hex(&random)));
        match private_file(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io_error(&path, e)),
        }
    }
}

/// Whether a hard link failed because the file system does not make them (then files
/// are created in place): `EPERM` (FAT, exFAT) or `ENOSYS`/`ENOTSUP` (some FUSE and
/// network file systems).
fn links_refused(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::Unsupported | io::ErrorKind::PermissionDenied
    )
}

/// Flushes `dir`'s entries to disk (a new name there survives a power cut).
fn sync_dir(dir: &Path) -> Result<(), PlaceError> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| io_error(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Whether `file` is still the file at `path`.
fn same_file(file: &File, path: &Path) -> Result<bool, PlaceError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let open = file.metadata().map_err(|e| io_error(path, e))?;
        match fs::metadata(path) {
            Ok(now) => Ok(open.dev() == now.dev() && open.ino() == now.ino()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(io_error(path, e)),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        Ok(true)
    }
}

/// All of `file`, refused past [`MAX_FILE_BYTES`].
fn read_limited(file: &mut File, path: &Path) -> Result<Vec<u8>, PlaceError> {
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(path, e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(PlaceError::TooLarge {
            path: path.display().to_string(),
        });
    }
    Ok(bytes)
}

/// The file at `path`; `None` when it is not there.
fn read_file(path: &Path) -> Result<Option<Vec<u8>>, PlaceError> {
    match File::open(path) {
        Ok(mut file) => read_limited(&mut file, path).map(Some),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_error(path, e)),
    }
}

/// Removes the file at `path`; whether it was there.
fn remove(path: &Path) -> Result<bool, PlaceError> {
    match fs::remove_file(path) {
        Ok(()) => {
            if let Some(dir) = path.parent() {
                sync_dir(dir)?;
            }
            Ok(true)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io_error(path, e)),
    }
}

#[cfg(test)]
#[path = "folder_tests.rs"]
mod tests;
