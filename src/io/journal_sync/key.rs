//! The journal key: 32 random bytes that seal every batch, in generations. `sync forget`
//! (a lost device) makes a new generation that the lost device never saw; the older ones
//! stay in the ring, so batches sealed under them still open.
//!
//! The key file (`bearing-sync.key` at the root of the sync place) holds the whole ring,
//! wrapped with the passphrase by age's scrypt recipient at the pinned work factor
//! [`SCRYPT_WORK`]: a new device needs only the passphrase and the place. Inside a
//! journal the ring is kept in [`KeyRing::to_bytes`]'s form.

use std::io::Read;

use thiserror::Error;
use zeroize::Zeroizing;

use crate::io::passphrase::{MAX_SCRYPT_WORK, SCRYPT_WORK};

/// How many bytes a key has (XChaCha20-Poly1305's key).
pub const KEY_BYTES: usize = 32;

/// The first bytes of a serialised ring, and its format.
const RING_MAGIC: &[u8; 8] = b"BEARKEYR";
const RING_FORMAT: u8 = 1;
/// One generation in a serialised ring: its number (4 bytes) and its key.
const ENTRY_BYTES: usize = 4 + KEY_BYTES;
/// Magic, format, count.
const RING_HEAD: usize = RING_MAGIC.len() + 1 + 2;
/// The most a key file may hold once opened: a full ring (65,535 generations).
const MAX_RING_BYTES: usize = RING_HEAD + u16::MAX as usize * ENTRY_BYTES;

/// One generation of the journal key. Its bytes are wiped from memory when dropped and
/// never shown by `Debug`.
#[derive(Clone)]
pub struct JournalKey {
    generation: u32,
    secret: Zeroizing<[u8; KEY_BYTES]>,
}

impl JournalKey {
    /// Which generation this is (the first is 1).
    pub fn generation(&self) -> u32 {
        self.generation
    }

    /// The key itself, for the cipher.
    pub(super) fn secret(&self) -> &[u8; KEY_BYTES] {
        &self.secret
    }
}

impl std::fmt::Debug for JournalKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "JournalKey(generation {}, hidden)", self.generation)
    }
}

/// Every generation of the journal key, oldest first; never empty. The newest seals
/// what is written from now on.
#[derive(Clone, Debug)]
pub struct KeyRing {
    keys: Vec<JournalKey>,
}

/// Why a key could not be made or read back.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// The system gave no random bytes.
    #[error("the system's random number generator failed: {0}")]
    Random(String),
    /// Serialised ring bytes that are not a ring.
    #[error("the stored sync key is damaged: {0}")]
    Damaged(&'static str),
    /// Every generation number is used (after four billion rotations).
    #[error("the sync key has no generation left to rotate to")]
    Exhausted,
    /// Two rings hold different keys under one generation.
    #[error("two different sync keys claim generation {0}")]
    Conflict(u32),
}

/// Why the key file gave no ring.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum KeyFileError {
    /// The passphrase does not open it (or the part that holds the wrapped key was
    /// altered: the two cannot be told apart, by design of the cipher).
    #[error("the passphrase does not open the sync key file")]
    WrongPassphrase,
    /// It asks for more scrypt work than bearing allows (a crafted file).
    #[error(
        "the sync key file asks for more work to open (scrypt 2^{required}) than bearing allows (2^{MAX_SCRYPT_WORK}); bearing writes it with 2^{SCRYPT_WORK}"
    )]
    TooCostly {
        /// The work it asks for (scrypt's log2 N).
        required: u8,
    },
    /// It is not a key file, or it was altered or cut.
    #[error("the sync key file is damaged: {0}")]
    Damaged(String),
    /// Wrapping failed (age's encryption, or the system's random number generator).
    #[error("the sync key file could not be sealed: {0}")]
    Seal(String),
}

/// 32 random bytes from the system.
fn random_key() -> Result<Zeroizing<[u8; KEY_BYTES]>, KeyError> {
    let mut secret = Zeroizing::new([0u8; KEY_BYTES]);
    getrandom::fill(secret.as_mut_slice()).map_err(|e| KeyError::Random(e.to_string()))?;
    Ok(secret)
}

impl KeyRing {
    /// A new ring holding one random key, generation 1.
    pub fn generate() -> Result<KeyRing, KeyError> {
        Ok(KeyRing {
            keys: vec![JournalKey {
                generation: 1,
                secret: random_key()?,
            }],
        })
    }

    /// Adds a new random key, one generation after the newest, which seals from now on.
    /// Returns its generation.
    pub fn rotate(&mut self) -> Result<u32, KeyError> {
        let generation = self
            .current()
            .generation
            .checked_add(1)
            .ok_or(KeyError::Exhausted)?;
        if self.keys.len() >= usize::from(u16::MAX) {
            return Err(KeyError::Exhausted);
        }
        self.keys.push(JournalKey {
            generation,
            secret: random_key()?,
        });
        Ok(generation)
    }

    /// The newest generation: the one that seals.
    pub fn current(&self) -> &JournalKey {
        // Never empty: every constructor makes at least one, and nothing removes any.
        &self.keys[self.keys.len() - 1]
    }

    /// The key of `generation`, if this ring holds it.
    pub fn get(&self, generation: u32) -> Option<&JournalKey> {
        self.keys
            .binary_search_by_key(&generation, |k| k.generation)
            .ok()
            .map(|i| &self.keys[i])
    }

    /// The generations held, oldest first.
    pub fn generations(&self) -> Vec<u32> {
        self.keys.iter().map(|k| k.generation).collect()
    }

    /// Adds the generations of `other` this ring lacks (a ring read from the key file
    /// after another device rotated). Returns whether any was added; refuses two
    /// different keys under one generation, and changes nothing then.
    pub fn absorb(&mut self, other: &KeyRing) -> Result<bool, KeyError> {
        for key in &other.keys {
            if let Some(mine) = self.get(key.generation)
                && mine.secret() != key.secret()
            {
                return Err(KeyError::Conflict(key.generation));
            }
        }
        let before = self.keys.len();
        for key in &other.keys {
            if let Err(at) = self
                .keys
                .binary_search_by_key(&key.generation, |k| k.generation)
            {
                self.keys.insert(at, key.clone());
            }
        }
        Ok(self.keys.len() > before)
    }

    /// The ring in a compact form, for keeping inside the journal: `BEARKEYR`, a format
    /// byte, the count (u16), then each generation (u32) with its key, big-endian. Wiped
    /// from memory when dropped.
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(
            RING_HEAD + self.keys.len() * ENTRY_BYTES,
        ));
        out.extend_from_slice(RING_MAGIC);
        out.push(RING_FORMAT);
        // At most u16::MAX keys: `rotate` and `from_bytes` keep to it.
        let count = u16::try_from(self.keys.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&count.to_be_bytes());
        for key in self.keys.iter().take(usize::from(count)) {
            out.extend_from_slice(&key.generation.to_be_bytes());
            out.extend_from_slice(key.secret());
        }
        out
    }

    /// A ring from [`KeyRing::to_bytes`]'s form, read strictly: the exact length, at
    /// least one generation, generations rising.
    pub fn from_bytes(bytes: &[u8]) -> Result<KeyRing, KeyError> {
        let rest = bytes
            .strip_prefix(RING_MAGIC.as_slice())
            .ok_or(KeyError::Damaged("it does not start as a key ring"))?;
        let (&format, rest) = rest
            .split_first()
            .ok_or(KeyError::Damaged("it is cut short"))?;
        if format != RING_FORMAT {
            return Err(KeyError::Damaged(
                "it is of a format this bearing does not know",
            ));
        }
        let (count, rest) = rest
            .split_first_chunk::<2>()
            .ok_or(KeyError::Damaged("it is cut short"))?;
        let count = usize::from(u16::from_be_bytes(*count));
        if count == 0 {
            return Err(KeyError::Damaged("it holds no key"));
        }
        if rest.len() != count * ENTRY_BYTES {
            return Err(KeyError::Damaged("its length is not what it says"));
        }
        let mut keys: Vec<JournalKey> = Vec::with_capacity(count);
        for entry in rest.chunks_exact(ENTRY_BYTES) {
            let (generation, secret) = entry.split_at(4);
            let mut number = [0u8; 4];
            number.copy_from_slice(generation);
            let generation = u32::from_be_bytes(number);
            if keys.last().is_some_and(|k| k.generation >= generation) {
                return Err(KeyError::Damaged("its generations are out of order"));
            }
            let mut key = Zeroizing::new([0u8; KEY_BYTES]);
            key.copy_from_slice(secret);
            keys.push(JournalKey {
                generation,
                secret: key,
            });
        }
        Ok(KeyRing { keys })
    }
}

/// The key file's bytes: `ring` wrapped with `passphrase` (age, scrypt at
/// [`SCRYPT_WORK`]: about a second).
pub fn wrap(ring: &KeyRing, passphrase: &str) -> Result<Vec<u8>, KeyFileError> {
    wrap_at(ring, passphrase, SCRYPT_WORK)
}

/// [`wrap`] at another work factor: for tests, where a second per wrap would add up. The
/// product always wraps at [`SCRYPT_WORK`]; [`unwrap`] opens either.
#[cfg(any(test, feature = "testkit"))]
pub fn wrap_with_work(ring: &KeyRing, passphrase: &str, work: u8) -> Result<Vec<u8>, KeyFileError> {
    wrap_at(ring, passphrase, work)
}

fn wrap_at(ring: &KeyRing, passphrase: &str, work: u8) -> Result<Vec<u8>, KeyFileError> {
    let mut recipient =
        age::scrypt::Recipient::new(age::secrecy::SecretString::from(passphrase.to_string()));
    recipient.set_work_factor(work);
    age::encrypt(&recipient, &ring.to_bytes()).map_err(|e| KeyFileError::Seal(e.to_string()))
}

/// The ring in the key file `bytes`, opened with `passphrase`. A wrong passphrase is told
/// apart from a file that is damaged, not a key file, or asks for more work than
/// [`MAX_SCRYPT_WORK`].
pub fn unwrap(bytes: &[u8], passphrase: &str) -> Result<KeyRing, KeyFileError> {
    let damaged = |why: &dyn std::fmt::Display| KeyFileError::Damaged(why.to_string());
    let decryptor = age::Decryptor::new(bytes).map_err(|e| damaged(&e))?;
    if !decryptor.is_scrypt() {
        return Err(damaged(&"it is not sealed with a passphrase"));
    }
    let mut identity =
        age::scrypt::Identity::new(age::secrecy::SecretString::from(passphrase.to_string()));
    identity.set_max_work_factor(MAX_SCRYPT_WORK);
    let reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed | age::DecryptError::KeyDecryptionFailed => {
                KeyFileError::WrongPassphrase
            }
            age::DecryptError::ExcessiveWork { required, .. } => {
                KeyFileError::TooCostly { required }
            }
            e => damaged(&e),
        })?;
    // Past the header, the passphrase was right: what fails now is the file.
    let mut plain = Zeroizing::new(Vec::new());
    reader
        .take(MAX_RING_BYTES as u64 + 1)
        .read_to_end(&mut plain)
        .map_err(|_| damaged(&"its contents fail to decrypt (altered or cut)"))?;
    KeyRing::from_bytes(&plain).map_err(|e| damaged(&e))
}

#[cfg(test)]
#[path = "key_tests.rs"]
mod tests;
