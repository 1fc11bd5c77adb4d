//! Opening the journal as the front ends need it: plain, or encrypted and unlocked with
//! the passphrase a command prints, one already had, or one the front end asks the user
//! for (the CLI on the terminal, the interface in its own prompt); making a new encrypted
//! one; and what an open journal says of itself (read-only, encrypted).

use std::path::Path;

use super::{Journal, Result};
pub use crate::io::passphrase::PassphraseError;
use crate::store::{Key, Store};
pub use crate::store::{OpenMode, Passphrase, ReadOnly, StoreError};

/// How an encrypted journal is unlocked.
pub enum Unlock<'a> {
    /// It is not: only a plain journal opens.
    No,
    /// With the passphrase this command prints (the user's passphrase command).
    Command(&'a str),
    /// With this passphrase.
    With(&'a Passphrase),
    /// Plain, or, when the journal turns out to be encrypted, with a passphrase asked for:
    /// `ask(wrong)` asks the user, `wrong` being how many passphrases given so far did
    /// not open it.
    Ask {
        /// How many passphrases may be tried, or `None` until one opens it or the user
        /// gives up (`ask` fails).
        tries: Option<usize>,
        /// Asks the user for the passphrase.
        ask: &'a mut dyn FnMut(usize) -> std::result::Result<Passphrase, PassphraseError>,
    },
}

impl std::fmt::Debug for Unlock<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Unlock::No => "Unlock::No",
            Unlock::Command(_) => "Unlock::Command",
            Unlock::With(_) => "Unlock::With",
            Unlock::Ask { .. } => "Unlock::Ask",
        })
    }
}

/// Why the journal did not open. Each says what its cause says (it adds no words of its
/// own), so the front end puts it in its words.
#[derive(Debug)]
pub enum OpenError {
    /// The passphrase command gave no passphrase.
    Command(PassphraseError),
    /// The user gave no passphrase when asked (or there was nobody to ask).
    Asked(PassphraseError),
    /// No key could be made for a new encrypted journal.
    Key(std::io::Error),
    /// The journal refused: not a journal, encrypted without a passphrase given, a wrong
    /// passphrase, damaged, in use, …
    Store {
        /// What the store said.
        source: StoreError,
        /// Whether the passphrase came from the passphrase command.
        by_command: bool,
    },
}

impl OpenError {
    /// The cause, whose words and causes are this error's.
    fn cause(&self) -> &(dyn std::error::Error + 'static) {
        match self {
            OpenError::Command(e) | OpenError::Asked(e) => e,
            OpenError::Key(e) => e,
            OpenError::Store { source, .. } => source,
        }
    }
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.cause(), f)
    }
}

impl std::error::Error for OpenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause().source()
    }
}

impl OpenError {
    fn store(source: StoreError) -> OpenError {
        OpenError::Store {
            source,
            by_command: false,
        }
    }
}

/// Whether there is anything at `path` (a journal, or something else a journal would
/// not be made over).
pub fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Opens the journal at `path` for reading or writing (see [`OpenMode`]), unlocked as
/// `unlock` says when it is encrypted. A journal opened to write that can only be read
/// opens read-only ([`Journal::read_only`] says why).
pub fn open(
    path: &Path,
    mode: OpenMode,
    unlock: Unlock<'_>,
) -> std::result::Result<Journal, OpenError> {
    match unlock {
        Unlock::No => Store::open_with(path, mode)
            .map(Journal::new)
            .map_err(OpenError::store),
        Unlock::Command(command) => {
            let pass = crate::io::passphrase::from_command(command).map_err(OpenError::Command)?;
            encrypted(path, mode, &pass).map_err(|source| OpenError::Store {
                source,
                by_command: true,
            })
        }
        Unlock::With(pass) => encrypted(path, mode, pass).map_err(OpenError::store),
        Unlock::Ask { tries, ask } => match Store::open_with(path, mode) {
            Err(StoreError::Encrypted(_)) => {
                let mut wrong = 0;
                loop {
                    let pass = ask(wrong).map_err(OpenError::Asked)?;
                    match encrypted(path, mode, &pass) {
                        Err(StoreError::WrongPassphrase(_))
                            if tries.is_none_or(|t| wrong + 1 < t) =>
                        {
                            wrong += 1;
                        }
                        opened => return opened.map_err(OpenError::store),
                    }
                }
            }
            opened => opened.map(Journal::new).map_err(OpenError::store),
        },
    }
}

/// The encrypted journal at `path`, opened with `pass`.
fn encrypted(
    path: &Path,
    mode: OpenMode,
    pass: &Passphrase,
) -> std::result::Result<Journal, StoreError> {
    let key = Key::for_journal(path, pass)?;
    Store::open_encrypted(path, mode, &key).map(Journal::new)
}

/// Makes a new journal at `path`, encrypted with `pass` (the key is new: a salt of its
/// own), and opens it to write.
pub fn create_encrypted(path: &Path, pass: &Passphrase) -> std::result::Result<Journal, OpenError> {
    let key = Key::for_new_file(pass).map_err(OpenError::Key)?;
    Store::open_encrypted(path, OpenMode::Write, &key)
        .map(Journal::new)
        .map_err(OpenError::store)
}

/// An empty journal in memory, kept nowhere: what a command that only reads sees before
/// the first thing is written.
pub fn in_memory() -> Result<Journal> {
    Ok(Journal::new(Store::open_in_memory()?))
}

impl Journal {
    /// Why the journal was opened read-only, or `None` if it can be written.
    pub fn read_only(&self) -> Option<ReadOnly> {
        self.store().read_only()
    }

    /// What the journal has to tell the user once (people an upgrade merged, say).
    /// Told once too: that the journal file lies in a folder a sync tool manages.
    pub fn take_notices(&mut self) -> Result<Vec<String>> {
        let mut notices = self.store_mut().take_notices()?;
        if self.read_only().is_none() && self.store_mut().sync_claim_file()? {
            notices.push(
                "this journal file is not the one that synced before (a copy, a backup put back, or the journal written anew): it syncs as a device of its own now, so two files never write one log (`bearing sync status` shows its id)."
                    .to_string(),
            );
        }
        let tool = match self.store().path() {
            Some(path) if self.read_only().is_none() => {
                crate::domain::sync::synced_folder(path, &|dir, name| dir.join(name).exists())
            }
            _ => None,
        };
        if let Some(tool) = tool
            && self.store_mut().sync_warn_folder_once()?
        {
            notices.push(format!(
                "the journal lies in a folder {tool} manages, which splits or loses a journal file (its side files, its \"conflicted copy\" files). Move it out (--db or BEARING_DB) and share it with `bearing sync` instead."
            ));
        }
        Ok(notices)
    }

    /// Whether the journal is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.store().is_encrypted()
    }

    /// A number that moves whenever another window or command writes to the journal
    /// (not when this one does): what tells an open editor to catch up.
    pub fn written_elsewhere_mark(&self) -> Result<i64> {
        Ok(self.store().data_version()?)
    }

    /// The passphrase an encrypted journal was opened with.
    pub fn passphrase(&self) -> Option<&Passphrase> {
        self.store().key().map(Key::passphrase)
    }
}

#[cfg(test)]
#[path = "journal_tests.rs"]
mod tests;
