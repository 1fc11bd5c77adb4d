//! Encryption at rest from the command line: `bearing encrypt`, `bearing decrypt`,
//! `bearing passphrase`, and unlocking an encrypted journal for every other command.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, anyhow, bail};
use clap::Args;

use super::Paths;
use crate::app::Journal;
use crate::app::crypt::{self, CryptError};
use crate::app::export::{self, Unsealed};
use crate::app::journal::{
    self, OpenError, OpenMode, Passphrase, PassphraseError, StoreError, Unlock,
};
use crate::io::passphrase;

/// How many times a passphrase typed on the terminal may be wrong.
const TRIES: usize = 3;

/// Options of `bearing passphrase`.
#[derive(Debug, Args)]
pub struct PassphraseArgs {
    /// Take the new passphrase from what this command prints (e.g. `pass show
    /// bearing-new`) instead of asking twice on the terminal.
    #[arg(long, value_name = "COMMAND")]
    pub new_command: Option<String>,
}

/// How to open the journal this run: with the configured passphrase command, or
/// plain, asking on the terminal (when `ask`) should the journal turn out encrypted.
pub(crate) fn open(paths: &Paths, mode: OpenMode, ask: bool) -> anyhow::Result<Journal> {
    let path = &paths.journal;
    let command = passphrase::configured_command(&paths.load_config()?);
    let mut prompt = |wrong: usize| {
        if wrong > 0 {
            super::note("That passphrase does not open the journal; try again.");
        }
        passphrase::ask(&format!("Passphrase for {}: ", path.display()))
    };
    let unlock = match &command {
        Some(command) => Unlock::Command(command),
        None if ask => Unlock::Ask {
            tries: Some(TRIES),
            ask: &mut prompt,
        },
        None => Unlock::No,
    };
    journal::open(path, mode, unlock).map_err(|e| not_opened(e, path))
}

fn cannot_open(journal: &Path) -> String {
    format!("cannot open the journal {}", journal.display())
}

/// Why the journal did not open, as the user reads it.
fn not_opened(e: OpenError, journal: &Path) -> anyhow::Error {
    match e {
        OpenError::Command(e) => anyhow::Error::new(e).context(cannot_open(journal)),
        OpenError::Asked(e) => locked(e, journal),
        OpenError::Key(e) => anyhow::Error::new(e).context("cannot make a key"),
        OpenError::Store { source, by_command } => explain(source, journal, by_command),
    }
}

/// The error of an encrypted journal that could not be unlocked.
fn locked(e: PassphraseError, journal: &Path) -> anyhow::Error {
    anyhow::Error::new(e).context(format!(
        "cannot open the journal {}: it is encrypted, and bearing needs its passphrase",
        journal.display()
    ))
}

/// A store error as the user reads it, with what to do about a journal that is not as
/// encrypted as expected.
fn explain(e: StoreError, journal: &Path, by_command: bool) -> anyhow::Error {
    match e {
        // Names the path already.
        e @ StoreError::NoJournal(_) => anyhow::Error::new(e),
        StoreError::NotEncrypted(_) if by_command => anyhow!(
            "{}: it is a plain journal, not an encrypted one, yet a passphrase command is set ({}). To encrypt the journal with that passphrase, run bearing encrypt; to keep it plain, remove the passphrase command",
            cannot_open(journal),
            passphrase::command_origin()
        ),
        StoreError::Encrypted(_) => anyhow!(
            "{}: it is an encrypted journal (or not a journal at all), and bearing needs its passphrase: run bearing on a terminal to be asked, or set passphrase_command in the config's [security] section (or {})",
            cannot_open(journal),
            passphrase::COMMAND_VARIABLE
        ),
        e => anyhow::Error::new(e).context(cannot_open(journal)),
    }
}

/// A new passphrase: the configured command's, else typed twice on the terminal.
fn new_passphrase(paths: &Paths, command: Option<&str>) -> anyhow::Result<Passphrase> {
    let configured = passphrase::configured_command(&paths.load_config()?);
    match command.or(configured.as_deref()) {
        Some(c) => Ok(passphrase::from_command(c)?),
        None => {
            Ok(passphrase::ask_new("New passphrase for the journal: ")
                .context("no new passphrase")?)
        }
    }
}

/// Where a passphrase command is set, a reminder of what it must print now.
fn command_reminder(paths: &Paths, out: &mut impl Write, now: &str) -> anyhow::Result<()> {
    if passphrase::configured_command(&paths.load_config()?).is_some() {
        writeln!(
            out,
            "A passphrase command is set ({}): {now}",
            passphrase::command_origin()
        )?;
    }
    Ok(())
}

/// `bearing encrypt`: the plain journal, written anew encrypted (or, where there is no
/// journal yet, a new encrypted one).
pub fn encrypt(paths: &Paths, out: &mut impl Write) -> anyhow::Result<()> {
    let path = &paths.journal;
    if !journal::exists(path) {
        let pass = new_passphrase(paths, None)?;
        drop(journal::create_encrypted(path, &pass).map_err(|e| not_opened(e, path))?);
        writeln!(out, "Made a new encrypted journal at {}.", path.display())?;
        return passphrase_warning(out);
    }
    let doing = || format!("cannot encrypt the journal {}", path.display());
    let plain = crypt::open_to_encrypt(path).map_err(|e| said(e, path, doing))?;
    let pass = new_passphrase(paths, None)?;
    let done = crypt::encrypt(plain, &pass).map_err(|e| said(e, path, doing))?;
    writeln!(
        out,
        "Encrypted the journal {} ({} rows, checked).",
        path.display(),
        done.rows
    )?;
    passphrase_warning(out)?;
    writeln!(
        out,
        "Copies made before stay plain: backups, exports, and what the disk still holds of the old file. Remove them if they matter."
    )?;
    Ok(())
}

/// A refusal or failure of `bearing encrypt`, `decrypt` or `passphrase` as the user reads
/// it: a failed rewrite says what failed (`doing`), a journal encrypted already points
/// at the command that changes its passphrase.
fn said(e: CryptError, journal: &Path, doing: impl FnOnce() -> String) -> anyhow::Error {
    match e {
        CryptError::AlreadyEncrypted(_) => {
            anyhow!("{e}; bearing passphrase changes its passphrase")
        }
        CryptError::Open(e) => not_opened(e, journal),
        CryptError::Store(e) => anyhow::Error::new(e).context(doing()),
        e => anyhow::Error::new(e),
    }
}

fn passphrase_warning(out: &mut impl Write) -> anyhow::Result<()> {
    writeln!(
        out,
        "Keep the passphrase safe: without it nobody, bearing included, can read the journal."
    )?;
    Ok(())
}

/// `bearing decrypt`: the encrypted journal, written anew plain.
pub fn decrypt(paths: &Paths, out: &mut impl Write) -> anyhow::Result<()> {
    let path = &paths.journal;
    let journal = open(paths, OpenMode::Write, true)?;
    crypt::may_decrypt(&journal).map_err(anyhow::Error::new)?;
    let done = crypt::decrypt(journal).map_err(|e| {
        said(e, path, || {
            format!("cannot decrypt the journal {}", path.display())
        })
    })?;
    writeln!(
        out,
        "Decrypted the journal {} ({} rows, checked); it is plain text on disk now.",
        path.display(),
        done.rows
    )?;
    command_reminder(
        paths,
        out,
        "remove it, or bearing will refuse the plain journal.",
    )
}

/// `bearing passphrase`: the encrypted journal, written anew with a new passphrase.
pub fn change_passphrase(
    paths: &Paths,
    args: &PassphraseArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let path = &paths.journal;
    let journal = open(paths, OpenMode::Write, true)?;
    crypt::may_change_passphrase(&journal)
        .map_err(|e| anyhow!("{e}; bearing encrypt encrypts it"))?;
    let new = match &args.new_command {
        Some(c) => passphrase::from_command(c)?,
        None => {
            passphrase::ask_new("New passphrase for the journal: ").context("no new passphrase")?
        }
    };
    let done = crypt::change_passphrase(journal, &new).map_err(|e| {
        said(e, path, || {
            format!("cannot change the passphrase of {}", path.display())
        })
    })?;
    writeln!(
        out,
        "Changed the journal's passphrase ({} rows, checked). Backups made before open with the old one.",
        done.rows
    )?;
    command_reminder(
        paths,
        out,
        "make it print the new passphrase, or bearing cannot open the journal.",
    )
}

/// Decrypts an encrypted export with the passphrase command's passphrase, or one asked
/// on the terminal; returns its text and the passphrase that opened it.
pub(crate) fn open_sealed(
    paths: &Paths,
    file: &Path,
    bytes: &[u8],
) -> anyhow::Result<(zeroize::Zeroizing<String>, Passphrase)> {
    let unreadable = |why: String| anyhow!("cannot read {}: {why}", file.display());
    if let Some(command) = passphrase::configured_command(&paths.load_config()?) {
        let pass = passphrase::from_command(&command)?;
        match export::unseal(bytes, &pass) {
            Ok(text) => return Ok((text, pass)),
            Err(Unsealed::Unreadable(why)) => return Err(unreadable(why)),
            // Made with another passphrase: ask for it, where there is a terminal.
            Err(Unsealed::WrongPassphrase) if passphrase::have_terminal() => {}
            Err(Unsealed::WrongPassphrase) => {
                bail!(
                    "the passphrase from the passphrase command does not decrypt {}",
                    file.display()
                )
            }
        }
    }
    for tries_left in (0..TRIES).rev() {
        let pass = passphrase::ask(&format!("Passphrase of {}: ", file.display()))
            .with_context(|| format!("{} is encrypted", file.display()))?;
        match export::unseal(bytes, &pass) {
            Ok(text) => return Ok((text, pass)),
            Err(Unsealed::Unreadable(why)) => return Err(unreadable(why)),
            Err(Unsealed::WrongPassphrase) if tries_left > 0 => {
                super::note("That passphrase does not decrypt it; try again.");
            }
            Err(Unsealed::WrongPassphrase) => {}
        }
    }
    bail!("the passphrase does not decrypt {}", file.display())
}

/// Opens the journal a restore writes into: with the export's passphrase first, where
/// it was encrypted and no passphrase command is set (the same passphrase, likely).
pub(crate) fn open_for_restore(
    paths: &Paths,
    pass: Option<&Passphrase>,
) -> anyhow::Result<Journal> {
    if passphrase::configured_command(&paths.load_config()?).is_none()
        && let Some(pass) = pass
        && let Ok(opened) = journal::open(&paths.journal, OpenMode::Write, Unlock::With(pass))
        && opened.read_only().is_none()
    {
        return Ok(opened);
    }
    paths.open_to_write()
}

/// The passphrase of a journal a restore makes: the passphrase command's, else the
/// encrypted export's; `None` for a plain journal.
pub(crate) fn passphrase_for_new_journal(
    paths: &Paths,
    pass: Option<&Passphrase>,
) -> anyhow::Result<Option<Passphrase>> {
    Ok(
        match passphrase::configured_command(&paths.load_config()?) {
            Some(command) => Some(passphrase::from_command(&command)?),
            None => pass.cloned(),
        },
    )
}
