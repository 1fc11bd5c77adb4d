//! Sealing and opening a batch or snapshot file: XChaCha20-Poly1305 under the journal
//! key, a header in the clear that says what the file is, and associated data that ties
//! the file to where it belongs.
//!
//! A file is its header, then the ciphertext (with its 16-byte tag):
//! ```text
//! magic       8 bytes   BEARSYNC (a batch) or BEARSNAP (a snapshot)
//! format      u16       1 (this code writes 1, reads up to 1)
//! generation  u32       the key generation that sealed it
//! number      u64       the batch's sequence number, or the snapshot's number
//! length      u32       the ciphertext's length, tag included
//! nonce       24 bytes  random
//! ```
//! all big-endian. The associated data is the header and the device id, so a file moved
//! to another device's folder or renamed to another number fails to open. A batch's
//! plaintext starts with the SHA-256 of the device's batch before it (32 zero bytes for
//! the first), so a batch left out, replayed or swapped for another breaks the chain.
//!
//! A file shorter than its header says is [`BatchError::Incomplete`] (a folder still
//! syncing: try later), never damage.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};
use thiserror::Error;
use zeroize::Zeroizing;

use super::key::KeyRing;
use super::place::{DeviceId, MAX_FILE_BYTES, SnapshotId};

/// The format this code writes, and the newest it reads.
pub const FORMAT: u16 = 1;
/// The header's length in format 1.
pub const HEADER_BYTES: usize = 8 + 2 + 4 + 8 + 4 + NONCE_BYTES;
const NONCE_BYTES: usize = 24;
const TAG_BYTES: usize = 16;
const HASH_BYTES: usize = 32;
/// Where the format is in the header: right after the magic, so that a newer format
/// (whose header may differ past it) is told before anything else is read.
const FORMAT_AT: usize = 8;

/// The SHA-256 of a whole sealed file: what the next batch of the device names, and what
/// a reader keeps to check it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BatchHash([u8; HASH_BYTES]);

impl BatchHash {
    /// What the first batch of a device names as the one before it: 32 zero bytes.
    pub const FIRST: BatchHash = BatchHash([0; HASH_BYTES]);

    /// The hash of the file `bytes`.
    pub fn of(bytes: &[u8]) -> BatchHash {
        BatchHash(Sha256::digest(bytes).into())
    }

    /// A hash kept as its 32 bytes.
    pub fn from_bytes(bytes: [u8; HASH_BYTES]) -> BatchHash {
        BatchHash(bytes)
    }

    /// Its 32 bytes.
    pub fn as_bytes(&self) -> &[u8; HASH_BYTES] {
        &self.0
    }

    /// In lowercase hex (64 characters).
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    /// A hash from [`BatchHash::to_hex`]'s form.
    pub fn from_hex(text: &str) -> Option<BatchHash> {
        let bytes = crate::domain::hash::from_hex(text)?;
        Some(BatchHash(<[u8; HASH_BYTES]>::try_from(bytes).ok()?))
    }
}

impl std::fmt::Debug for BatchHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BatchHash({})", self.to_hex())
    }
}

impl std::fmt::Display for BatchHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_hex())
    }
}

pub(super) use crate::domain::hash::hex;

/// A file opened.
#[derive(Debug)]
pub struct Opened {
    /// What was sealed in it, wiped from memory when dropped.
    pub payload: Zeroizing<Vec<u8>>,
    /// The SHA-256 of the whole file (for a batch: what the next one must name).
    pub hash: BatchHash,
}

/// Why a file did not open: each asks for something else of the caller.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum BatchError {
    /// Shorter than its header says: still being copied. Wait, and try again.
    #[error("the file is still arriving (shorter than its header says): the next sync tries again")]
    Incomplete,
    /// Written by a newer bearing: stop reading this device's files, and say to upgrade.
    #[error("the file was written by a newer bearing (format {0}): upgrade bearing to read it")]
    NewerFormat(u16),
    /// Sealed under a key generation this ring does not hold.
    #[error("the file is sealed with key generation {0}, which this journal does not hold")]
    UnknownKey(u32),
    /// Altered, cut past its header, lengthened, moved to another device or number, out
    /// of its chain, or not such a file at all: report it, and stop reading this device's
    /// files there.
    #[error("the file is damaged: {0}")]
    Damaged(&'static str),
}

/// Why a file could not be sealed.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum SealError {
    /// The system gave no random nonce.
    #[error("the system's random number generator failed: {0}")]
    Random(String),
    /// More than a sync file may hold.
    #[error("{0} bytes are more than a sync file may hold ({MAX_FILE_BYTES} bytes)")]
    TooLarge(usize),
}

/// Which kind of file: its magic, and whether its plaintext starts with the hash of the
/// one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Batch,
    Snapshot,
}

impl Kind {
    fn magic(self) -> &'static [u8; 8] {
        match self {
            Kind::Batch => b"BEARSYNC",
            Kind::Snapshot => b"BEARSNAP",
        }
    }

    /// How many bytes of the plaintext come before the payload.
    fn prefix(self) -> usize {
        match self {
            Kind::Batch => HASH_BYTES,
            Kind::Snapshot => 0,
        }
    }
}

/// Batch `seq` of `device`, holding `payload`, chained to the batch before it (`prev`:
/// its [`Opened::hash`], or [`BatchHash::FIRST`]), sealed with the ring's newest key.
pub fn seal(
    ring: &KeyRing,
    device: &DeviceId,
    seq: u64,
    prev: &BatchHash,
    payload: &[u8],
) -> Result<Vec<u8>, SealError> {
    let mut plain = Zeroizing::new(Vec::with_capacity(HASH_BYTES + payload.len()));
    plain.extend_from_slice(prev.as_bytes());
    plain.extend_from_slice(payload);
    seal_file(Kind::Batch, ring, device, seq, &plain)
}

/// Opens batch `seq` of `device`, which must follow the batch whose hash is
/// `expected_prev` ([`BatchHash::FIRST`] for the first).
pub fn open(
    ring: &KeyRing,
    device: &DeviceId,
    seq: u64,
    expected_prev: &BatchHash,
    bytes: &[u8],
) -> Result<Opened, BatchError> {
    let mut plain = open_file(Kind::Batch, ring, device, seq, bytes)?;
    if plain.get(..HASH_BYTES) != Some(expected_prev.as_bytes().as_slice()) {
        return Err(BatchError::Damaged(
            "it does not follow the batch before it (one is missing, replayed or swapped)",
        ));
    }
    plain.drain(..HASH_BYTES);
    Ok(Opened {
        payload: plain,
        hash: BatchHash::of(bytes),
    })
}

/// Snapshot `id` holding `payload`, sealed with the ring's newest key.
pub fn seal_snapshot(
    ring: &KeyRing,
    id: &SnapshotId,
    payload: &[u8],
) -> Result<Vec<u8>, SealError> {
    seal_file(Kind::Snapshot, ring, &id.device, id.number, payload)
}

/// Opens snapshot `id`.
pub fn open_snapshot(ring: &KeyRing, id: &SnapshotId, bytes: &[u8]) -> Result<Opened, BatchError> {
    let payload = open_file(Kind::Snapshot, ring, &id.device, id.number, bytes)?;
    Ok(Opened {
        payload,
        hash: BatchHash::of(bytes),
    })
}

fn seal_file(
    kind: Kind,
    ring: &KeyRing,
    device: &DeviceId,
    number: u64,
    plain: &[u8],
) -> Result<Vec<u8>, SealError> {
    let too_large = || SealError::TooLarge(plain.len());
    let sealed_length = plain.len().checked_add(TAG_BYTES).ok_or_else(too_large)?;
    if (HEADER_BYTES + sealed_length) as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    let length = u32::try_from(sealed_length).map_err(|_| too_large())?;
    let mut nonce = [0u8; NONCE_BYTES];
    getrandom::fill(&mut nonce).map_err(|e| SealError::Random(e.to_string()))?;
    let key = ring.current();
    let mut file = Vec::with_capacity(HEADER_BYTES + sealed_length);
    file.extend_from_slice(kind.magic());
    file.extend_from_slice(&FORMAT.to_be_bytes());
    file.extend_from_slice(&key.generation().to_be_bytes());
    file.extend_from_slice(&number.to_be_bytes());
    file.extend_from_slice(&length.to_be_bytes());
    file.extend_from_slice(&nonce);
    let aad = associated_data(&file, device);
    let cipher = XChaCha20Poly1305::new(Key::from_slice(key.secret()));
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plain,
                aad: &aad,
            },
        )
        // Encryption fails only for a message past the cipher's limit (256 GiB),
        // far beyond what was checked above.
        .map_err(|_| too_large())?;
    file.extend_from_slice(&sealed);
    Ok(file)
}

/// The header read from a file whose format this code knows.
struct Header {
    generation: u32,
    number: u64,
    length: usize,
    nonce: [u8; NONCE_BYTES],
}

/// The header of `bytes`, or why it is not one: in the order that lets each answer be
/// the right one (a file cut inside its header is still arriving; a newer format is told
/// before the rest of its header is read).
fn read_header(kind: Kind, bytes: &[u8]) -> Result<Header, BatchError> {
    let magic = kind.magic();
    let seen = &bytes[..bytes.len().min(magic.len())];
    if !magic.starts_with(seen) {
        return Err(BatchError::Damaged(match kind {
            Kind::Batch => "it is not a bearing batch",
            Kind::Snapshot => "it is not a bearing snapshot",
        }));
    }
    let Some(format) = bytes.get(FORMAT_AT..FORMAT_AT + 2) else {
        return Err(BatchError::Incomplete);
    };
    let format = u16::from_be_bytes([format[0], format[1]]);
    if format > FORMAT {
        return Err(BatchError::NewerFormat(format));
    }
    if format == 0 {
        // No bearing ever wrote format 0.
        return Err(BatchError::Damaged("its format number is 0"));
    }
    let Some(header) = bytes.get(..HEADER_BYTES) else {
        return Err(BatchError::Incomplete);
    };
    let field = |at: usize, n: usize| &header[at..at + n];
    let mut generation = [0u8; 4];
    generation.copy_from_slice(field(10, 4));
    let mut number = [0u8; 8];
    number.copy_from_slice(field(14, 8));
    let mut length = [0u8; 4];
    length.copy_from_slice(field(22, 4));
    let mut nonce = [0u8; NONCE_BYTES];
    nonce.copy_from_slice(field(26, NONCE_BYTES));
    Ok(Header {
        generation: u32::from_be_bytes(generation),
        number: u64::from_be_bytes(number),
        length: u32::from_be_bytes(length) as usize,
        nonce,
    })
}

fn open_file(
    kind: Kind,
    ring: &KeyRing,
    device: &DeviceId,
    number: u64,
    bytes: &[u8],
) -> Result<Zeroizing<Vec<u8>>, BatchError> {
    let header = read_header(kind, bytes)?;
    if header.number != number {
        return Err(BatchError::Damaged(
            "it carries another number than its name (renamed or moved)",
        ));
    }
    if header.length < TAG_BYTES + kind.prefix() {
        return Err(BatchError::Damaged("its header gives an impossible length"));
    }
    let sealed = &bytes[HEADER_BYTES..];
    if sealed.len() < header.length {
        return Err(BatchError::Incomplete);
    }
    if sealed.len() > header.length {
        return Err(BatchError::Damaged("it is longer than its header says"));
    }
    let key = ring
        .get(header.generation)
        .ok_or(BatchError::UnknownKey(header.generation))?;
    let aad = associated_data(&bytes[..HEADER_BYTES], device);
    let cipher = XChaCha20Poly1305::new(Key::from_slice(key.secret()));
    cipher
        .decrypt(
            XNonce::from_slice(&header.nonce),
            Payload {
                msg: sealed,
                aad: &aad,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| {
            BatchError::Damaged("it fails to open (altered, or moved from another device's folder)")
        })
}

/// What the cipher authenticates besides the plaintext: the header as written, and the
/// device whose folder the file belongs in (26 characters, so the two cannot run into
/// each other).
fn associated_data(header: &[u8], device: &DeviceId) -> Vec<u8> {
    let mut aad = Vec::with_capacity(header.len() + device.as_str().len());
    aad.extend_from_slice(header);
    aad.extend_from_slice(device.as_str().as_bytes());
    aad
}

#[cfg(test)]
#[path = "batch_tests.rs"]
mod tests;
