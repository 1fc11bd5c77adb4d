//! Where a journal's sync files live ([`SyncPlace`]), what they are called, and the
//! names bearing accepts when it reads a place back: strictly its own, so the files a
//! sync tool or an operating system leaves there (`.stfolder`, `.DS_Store`,
//! `0000…1 (conflicted copy).batch`, temp files) are passed over, never read.

use thiserror::Error;

use super::key::KeyError;
use crate::io::dav::DavError;

/// The key file's name, at the root of the place.
pub const KEY_FILE_NAME: &str = "bearing-sync.key";
/// The folder that holds one folder per device.
pub const DEVICES_DIR: &str = "devices";
/// The folder that holds the snapshots.
pub const SNAPSHOTS_DIR: &str = "snapshots";
const BATCH_SUFFIX: &str = ".batch";
const SNAPSHOT_SUFFIX: &str = ".snapshot";
/// A number in a name: 20 digits, zero-padded, so names sort as their numbers do and
/// every `u64` has one.
const NUMBER_DIGITS: usize = 20;

/// The largest file bearing reads from a place or seals (a snapshot of a ten-year journal
/// is tens of MB): anything larger is not one of its files.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// How many characters a device id has.
const DEVICE_ID_CHARS: usize = 26;
/// RFC 4648's base32 alphabet, lower case: the characters of a device id.
const BASE32: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

/// A device's id: 128 random bits in lowercase base32 (26 characters), the name of its
/// folder in the place. Read back strictly: only the 26-character form
/// [`DeviceId::generate`] writes.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeviceId(String);

impl DeviceId {
    /// A new random id.
    pub fn generate() -> Result<DeviceId, KeyError> {
        let mut random = [0u8; 16];
        getrandom::fill(&mut random).map_err(|e| KeyError::Random(e.to_string()))?;
        // The same encoding as a journal's own id (`domain::sync::device_id`).
        let text = crate::domain::sync::device_id(random);
        Ok(DeviceId(text))
    }

    /// `text` as a device id, if it is one in the form bearing writes: 26 characters of
    /// `a-z2-7`, the last one's two padding bits zero.
    pub fn parse(text: &str) -> Option<DeviceId> {
        let bytes = text.as_bytes();
        if bytes.len() != DEVICE_ID_CHARS || !bytes.iter().all(|b| BASE32.contains(b)) {
            return None;
        }
        let last = BASE32.iter().position(|b| Some(b) == bytes.last())?;
        (last & 0b11 == 0).then(|| DeviceId(text.to_string()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DeviceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Debug for DeviceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DeviceId({})", self.0)
    }
}

/// A snapshot: the device that made it and its number (rising per device).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SnapshotId {
    /// Its number: sorts before the device, so snapshots list in the order made.
    pub number: u64,
    /// The device that made it.
    pub device: DeviceId,
}

/// The file name of batch `seq`: `00000000000000000042.batch`.
pub fn batch_name(seq: u64) -> String {
    format!("{seq:0NUMBER_DIGITS$}{BATCH_SUFFIX}")
}

/// The sequence number a batch file's name gives, if it is one bearing writes.
pub fn parse_batch_name(name: &str) -> Option<u64> {
    parse_number(name.strip_suffix(BATCH_SUFFIX)?)
}

/// The file name of snapshot `id`: `00000000000000000003-<device id>.snapshot`.
pub fn snapshot_name(id: &SnapshotId) -> String {
    format!(
        "{:0NUMBER_DIGITS$}-{}{SNAPSHOT_SUFFIX}",
        id.number, id.device
    )
}

/// The snapshot a file's name gives, if it is one bearing writes.
pub fn parse_snapshot_name(name: &str) -> Option<SnapshotId> {
    let stem = name.strip_suffix(SNAPSHOT_SUFFIX)?;
    let (number, device) = stem.split_once('-')?;
    Some(SnapshotId {
        number: parse_number(number)?,
        device: DeviceId::parse(device)?,
    })
}

/// Exactly [`NUMBER_DIGITS`] ASCII digits, as a `u64`.
fn parse_number(text: &str) -> Option<u64> {
    if text.len() != NUMBER_DIGITS || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// The key file's version as the place saw it when it was read: replacing it is refused
/// once it changed since. Opaque: a content hash in a folder, an `ETag` on WebDAV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version(String);

impl Version {
    pub(super) fn new(token: String) -> Version {
        Version(token)
    }

    pub(super) fn as_str(&self) -> &str {
        &self.0
    }
}

/// The key file, as read.
#[derive(Debug, Clone)]
pub struct KeyFile {
    /// Its bytes (see [`super::key::unwrap`]).
    pub bytes: Vec<u8>,
    /// Its version, for [`SyncPlace::write_key_file`].
    pub version: Version,
}

/// What a create-only write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Created {
    /// The file is there now, with these bytes.
    Written,
    /// A file of that name was there already; it was left as it was. (After a write
    /// whose answer was lost, that can be this write's own file: read it back to tell.)
    AlreadyThere,
}

/// What a write of the key file did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum KeyWrite {
    /// The key file holds these bytes now.
    Written,
    /// It changed since it was read (or, for a first write, one is there already): it
    /// was left as it is; read it again.
    Changed,
}

/// Why a place did not do what was asked.
#[derive(Debug, Error)]
pub enum PlaceError {
    /// The file system refused.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The folder is not there (a drive not mounted, a sync tool that has not made it).
    #[error(
        "the folder {0} is not there (a drive not mounted, or a sync tool that has not made it yet?)"
    )]
    Missing(String),
    /// The server could not be reached, refused the credentials, or gave no usable answer.
    #[error(transparent)]
    Dav(#[from] DavError),
    /// The server answered a request with a status that means it did not do it.
    #[error("{host} answered {status} to {method} {path}")]
    Refused {
        /// The server's host.
        host: String,
        /// The request's method.
        method: String,
        /// The path asked for.
        path: String,
        /// The status.
        status: u16,
    },
    /// A file larger than bearing reads or writes.
    #[error("{path} is larger than a sync file may be ({MAX_FILE_BYTES} bytes)")]
    TooLarge {
        /// The file.
        path: String,
    },
    /// The place cannot do this safely.
    #[error("{0}")]
    Unsupported(String),
}

/// Where a journal's sync files live: a folder ([`super::Folder`]) or a WebDAV
/// collection ([`super::WebDav`]). Files are immutable once written: batches and
/// snapshots are only ever created (never overwritten) or removed; the key file is
/// replaced only over the version that was read.
pub trait SyncPlace: Send + Sync {
    /// Where this is, for messages (no credentials).
    fn describe(&self) -> String;

    /// The devices that have a folder here, sorted.
    fn devices(&self) -> Result<Vec<DeviceId>, PlaceError>;

    /// The sequence numbers of `device`'s batches here, rising.
    fn batches(&self, device: &DeviceId) -> Result<Vec<u64>, PlaceError>;

    /// Batch `seq` of `device`; `None` when it is not here.
    fn read_batch(&self, device: &DeviceId, seq: u64) -> Result<Option<Vec<u8>>, PlaceError>;

    /// Creates batch `seq` of `device` holding `bytes`, never over an existing file.
    fn write_batch(&self, device: &DeviceId, seq: u64, bytes: &[u8])
    -> Result<Created, PlaceError>;

    /// Removes batch `seq` of `device` (compaction); whether it was there.
    fn remove_batch(&self, device: &DeviceId, seq: u64) -> Result<bool, PlaceError>;

    /// The key file; `None` when there is none yet.
    fn read_key_file(&self) -> Result<Option<KeyFile>, PlaceError>;

    /// Writes the key file: a first one when `replacing` is `None` (refused when one is
    /// there), else over the version `replacing` (refused when it changed since).
    fn write_key_file(
        &self,
        bytes: &[u8],
        replacing: Option<&Version>,
    ) -> Result<KeyWrite, PlaceError>;

    /// The snapshots here, oldest number first.
    fn snapshots(&self) -> Result<Vec<SnapshotId>, PlaceError>;

    /// Snapshot `id`; `None` when it is not here.
    fn read_snapshot(&self, id: &SnapshotId) -> Result<Option<Vec<u8>>, PlaceError>;

    /// Creates snapshot `id` holding `bytes`, never over an existing file.
    fn write_snapshot(&self, id: &SnapshotId, bytes: &[u8]) -> Result<Created, PlaceError>;

    /// Removes snapshot `id`; whether it was there.
    fn remove_snapshot(&self, id: &SnapshotId) -> Result<bool, PlaceError>;
}

#[cfg(test)]
#[path = "place_tests.rs"]
mod tests;
