//! Before the interface's first frame: its own prompt for an encrypted journal's
//! passphrase (a wrong one can be typed again; an empty one quits), and, on the first run,
//! the offer to make the new journal encrypted. Plain lines on the terminal, before the
//! interface takes the screen: nothing here draws a frame.

use std::io::{self, BufRead, Write};
use std::path::Path;

use anyhow::{Context, anyhow};

use crate::io::passphrase::{self, PassphraseError};
use crate::store::{Key, OpenMode, Passphrase, Store, StoreError};

use super::strings::unlock as text;

/// Opens the journal at `journal` for the interface on a terminal, when no passphrase
/// command is set: an encrypted journal is unlocked with a passphrase asked here, and a
/// missing one is made, encrypted if the user wants.
pub fn open(journal: &Path) -> anyhow::Result<Store> {
    let cannot = || format!("cannot open the journal {}", journal.display());
    if std::fs::symlink_metadata(journal).is_err() {
        return first_run(journal).with_context(cannot);
    }
    match Store::open_with(journal, OpenMode::Write) {
        Err(StoreError::Encrypted(_)) => unlock(journal).with_context(cannot),
        Err(e @ StoreError::NoJournal(_)) => Err(e.into()),
        opened => opened.with_context(cannot),
    }
}

fn say(line: &str) {
    let mut err = io::stderr();
    let _ = writeln!(err, "{line}");
    let _ = err.flush();
}

/// Asks until a passphrase opens the journal, or nothing is typed.
fn unlock(journal: &Path) -> anyhow::Result<Store> {
    say(&format!(
        "bearing: the journal {} {}",
        journal.display(),
        text::LOCKED
    ));
    loop {
        let pass = match passphrase::ask(text::ASK) {
            Ok(p) => p,
            Err(PassphraseError::Empty) => return Err(anyhow!(text::QUIT)),
            Err(e) => return Err(e.into()),
        };
        say(text::UNLOCKING);
        match open_with(journal, &pass) {
            Err(StoreError::WrongPassphrase(_)) => say(text::WRONG),
            opened => return Ok(opened?),
        }
    }
}

fn open_with(journal: &Path, pass: &Passphrase) -> Result<Store, StoreError> {
    let key = Key::for_journal(journal, pass)?;
    Store::open_encrypted(journal, OpenMode::Write, &key)
}

/// No journal yet: offers to make it encrypted.
fn first_run(journal: &Path) -> anyhow::Result<Store> {
    say(&format!(
        "bearing: there is no journal at {} yet.",
        journal.display()
    ));
    let mut err = io::stderr();
    let _ = write!(err, "{}", text::OFFER);
    let _ = err.flush();
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer)?;
    if !matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
        say(text::PLAIN);
        return Ok(Store::open_with(journal, OpenMode::Write)?);
    }
    let pass = loop {
        let first = match passphrase::ask(text::NEW) {
            Ok(p) => p,
            Err(PassphraseError::Empty) => {
                say(text::PLAIN);
                return Ok(Store::open_with(journal, OpenMode::Write)?);
            }
            Err(e) => return Err(e.into()),
        };
        match passphrase::ask(text::AGAIN) {
            Ok(second) if second == first => break first,
            Ok(_) | Err(PassphraseError::Empty) => say(text::DIFFER),
            Err(e) => return Err(e.into()),
        }
    };
    let key = Key::for_new_file(&pass)?;
    let store = Store::open_encrypted(journal, OpenMode::Write, &key)?;
    say(text::KEEP);
    Ok(store)
}
