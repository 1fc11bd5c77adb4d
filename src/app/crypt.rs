//! Encryption at rest: encrypting a plain journal, decrypting an encrypted one, changing
//! its passphrase. Each writes the whole journal anew beside itself, checks the copy and
//! renames it over the journal (see `store::lifecycle`), so a kill at any moment leaves
//! the old journal or the finished new one.
//!
//! The front end asks for passphrases; the checks a journal must pass come first
//! ([`open_to_encrypt`], [`may_decrypt`], [`may_change_passphrase`]), so nobody is asked
//! for a passphrase only to be refused.

use std::path::{Path, PathBuf};

use super::Journal;
use super::journal::{self, OpenError, OpenMode, Passphrase, ReadOnly, Unlock};
pub use crate::store::Rewritten;
use crate::store::{Key, StoreError};

/// Why the journal's encryption was not changed.
#[derive(Debug, thiserror::Error)]
pub enum CryptError {
    /// `encrypt` of a journal that is encrypted already.
    #[error("the journal {} is already encrypted", .0.display())]
    AlreadyEncrypted(PathBuf),
    /// `decrypt` or a new passphrase for a journal that is plain.
    #[error("the journal {} is not encrypted", .0.display())]
    NotEncrypted(PathBuf),
    /// `encrypt` of a journal that can only be read.
    #[error("cannot encrypt the journal: {}", .why.explain(.path))]
    ReadOnly {
        /// The journal file.
        path: PathBuf,
        /// Why it cannot be written.
        why: ReadOnly,
    },
    /// `decrypt` while the journal keeps account passwords or tokens, which a plain
    /// file would hold in the clear.
    #[error(
        "the journal keeps the password or token of {} ({}); a plain journal would hold it in the clear. Remove it first (bearing account rm NAME, then add it again with --password-command), then decrypt",
        crate::domain::words::count(*.count, "account", "accounts"),
        .names.join(", ")
    )]
    KeepsSecrets {
        /// How many accounts keep one.
        count: i64,
        /// Their names.
        names: Vec<String>,
    },
    /// A new passphrase that is the old one.
    #[error("the new passphrase is the journal's passphrase already; nothing was changed")]
    SamePassphrase,
    /// The journal did not open.
    #[error(transparent)]
    Open(#[from] OpenError),
    /// No key could be made for the new passphrase.
    #[error("cannot make a key")]
    Key(#[source] std::io::Error),
    /// The journal could not be written anew (nothing was changed).
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Opens the plain journal at `path` to encrypt it: an encrypted journal, or one that can
/// only be read, is refused.
pub fn open_to_encrypt(path: &Path) -> Result<Journal, CryptError> {
    let journal = match journal::open(path, OpenMode::Write, Unlock::No) {
        Err(OpenError::Store {
            source: StoreError::Encrypted(_),
            ..
        }) => return Err(CryptError::AlreadyEncrypted(path.to_path_buf())),
        opened => opened?,
    };
    if journal.is_encrypted() {
        return Err(CryptError::AlreadyEncrypted(path.to_path_buf()));
    }
    if let Some(why) = journal.read_only() {
        return Err(CryptError::ReadOnly {
            path: path_of(&journal),
            why,
        });
    }
    Ok(journal)
}

/// Writes the plain `journal` anew, encrypted with `pass` (see [`open_to_encrypt`]).
pub fn encrypt(journal: Journal, pass: &Passphrase) -> Result<Rewritten, CryptError> {
    if journal.is_encrypted() {
        return Err(CryptError::AlreadyEncrypted(path_of(&journal)));
    }
    let key = Key::for_new_file(pass).map_err(CryptError::Key)?;
    Ok(journal.into_store().rewrite(Some(&key))?)
}

/// Refuses to decrypt `journal` when it is plain.
pub fn may_decrypt(journal: &Journal) -> Result<(), CryptError> {
    not_plain(journal)?;
    let store = journal.store();
    let names: Vec<String> = store
        .list_accounts()?
        .into_iter()
        .filter(|a| a.has_secret)
        .map(|a| a.name)
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    Err(CryptError::KeepsSecrets {
        count: names.len() as i64,
        names,
    })
}

/// Writes the encrypted `journal` anew, plain.
pub fn decrypt(journal: Journal) -> Result<Rewritten, CryptError> {
    may_decrypt(&journal)?;
    Ok(journal.into_store().rewrite(None)?)
}

/// Refuses a new passphrase for `journal` when it is plain.
pub fn may_change_passphrase(journal: &Journal) -> Result<(), CryptError> {
    not_plain(journal)
}

/// Writes the encrypted `journal` anew, encrypted with `new` (a new salt, a new key).
pub fn change_passphrase(journal: Journal, new: &Passphrase) -> Result<Rewritten, CryptError> {
    may_change_passphrase(&journal)?;
    if journal.passphrase() == Some(new) {
        return Err(CryptError::SamePassphrase);
    }
    let key = Key::for_new_file(new).map_err(CryptError::Key)?;
    Ok(journal.into_store().rewrite(Some(&key))?)
}

fn not_plain(journal: &Journal) -> Result<(), CryptError> {
    if journal.is_encrypted() {
        return Ok(());
    }
    Err(CryptError::NotEncrypted(path_of(journal)))
}

/// Where `journal` lives, for messages.
fn path_of(journal: &Journal) -> PathBuf {
    journal
        .store()
        .path()
        .unwrap_or(Path::new(":memory:"))
        .to_path_buf()
}

#[cfg(test)]
#[path = "crypt_tests.rs"]
mod tests;
