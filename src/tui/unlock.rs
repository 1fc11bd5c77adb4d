//! Before the interface's first frame: its own prompt for an encrypted journal's
//! passphrase (a wrong one can be typed again; an empty one quits), and, on the first run,
//! the offer to make the new journal encrypted. Plain lines on the terminal, before the
//! interface takes the screen: nothing here draws a frame.

use std::io::{self, BufRead, Write};
use std::path::Path;

use anyhow::{Context, anyhow};

use crate::app::Journal;
use crate::app::journal::{self, OpenError, OpenMode, PassphraseError, StoreError, Unlock};
use crate::io::passphrase;

use super::strings::unlock as text;

/// Opens the journal at `path` for the interface on a terminal, when no passphrase
/// command is set: an encrypted journal is unlocked with a passphrase asked here (until
/// one opens it, or nothing is typed), and a missing one is made, encrypted if the user
/// wants.
pub fn open(path: &Path) -> anyhow::Result<Journal> {
    let cannot = || format!("cannot open the journal {}", path.display());
    if !journal::exists(path) {
        return first_run(path).with_context(cannot);
    }
    let mut ask = |wrong: usize| {
        if wrong == 0 {
            say(&format!(
                "bearing: the journal {} {}",
                path.display(),
                text::LOCKED
            ));
        } else {
            say(text::WRONG);
        }
        let pass = passphrase::ask(text::ASK)?;
        say(text::UNLOCKING);
        Ok(pass)
    };
    let unlock = Unlock::Ask {
        tries: None,
        ask: &mut ask,
    };
    match journal::open(path, OpenMode::Write, unlock) {
        Ok(opened) => Ok(opened),
        Err(OpenError::Store {
            source: e @ StoreError::NoJournal(_),
            ..
        }) => Err(e.into()),
        Err(OpenError::Asked(PassphraseError::Empty)) => {
            Err(anyhow!(text::QUIT)).with_context(cannot)
        }
        Err(OpenError::Asked(e)) => Err(anyhow::Error::new(e)).with_context(cannot),
        Err(OpenError::Store { source, .. }) => {
            Err(anyhow::Error::new(source)).with_context(cannot)
        }
        Err(e) => Err(anyhow::Error::new(e)).with_context(cannot),
    }
}

fn say(line: &str) {
    let mut err = io::stderr();
    let _ = writeln!(err, "{line}");
    let _ = err.flush();
}

/// A plain journal at `path`, made if missing.
fn plain(path: &Path) -> anyhow::Result<Journal> {
    Ok(journal::open(path, OpenMode::Write, Unlock::No)?)
}

/// No journal yet: offers to make it encrypted.
fn first_run(path: &Path) -> anyhow::Result<Journal> {
    say(&format!(
        "bearing: there is no journal at {} yet.",
        path.display()
    ));
    let mut err = io::stderr();
    let _ = write!(err, "{}", text::OFFER);
    let _ = err.flush();
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer)?;
    if !matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
        say(text::PLAIN);
        return plain(path);
    }
    let pass = loop {
        let first = match passphrase::ask(text::NEW) {
            Ok(p) => p,
            Err(PassphraseError::Empty) => {
                say(text::PLAIN);
                return plain(path);
            }
            Err(e) => return Err(e.into()),
        };
        match passphrase::ask(text::AGAIN) {
            Ok(second) if second == first => break first,
            Ok(_) | Err(PassphraseError::Empty) => say(text::DIFFER),
            Err(e) => return Err(e.into()),
        }
    };
    let opened = journal::create_encrypted(path, &pass)?;
    say(text::KEEP);
    Ok(opened)
}
