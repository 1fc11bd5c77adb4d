//! Encryption at rest from the command line: `bearing encrypt`, `bearing decrypt`,
//! `bearing passphrase`, and unlocking an encrypted journal for every other command.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, anyhow, bail};
use clap::Args;

use super::Paths;
use crate::io::passphrase::{self, PassphraseError};
use crate::store::{Key, OpenMode, Passphrase, Store, StoreError};

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
/// plain, asking on the terminal when the journal turns out to be encrypted.
pub(crate) fn open(paths: &Paths, mode: OpenMode, ask: bool) -> anyhow::Result<Store> {
    let journal = &paths.journal;
    let config = paths.load_config()?;
    if let Some(command) = passphrase::configured_command(&config) {
        let pass = passphrase::from_command(&command).with_context(|| cannot_open(journal))?;
        return open_with(journal, mode, &pass).map_err(|e| explain(e, journal, true));
    }
    match Store::open_with(journal, mode) {
        Err(StoreError::Encrypted(_)) if ask => {
            for tries_left in (0..TRIES).rev() {
                let pass = passphrase::ask(&format!("Passphrase for {}: ", journal.display()))
                    .map_err(|e| locked(e, journal))?;
                match open_with(journal, mode, &pass) {
                    Err(StoreError::WrongPassphrase(_)) if tries_left > 0 => {
                        super::note("That passphrase does not open the journal; try again.");
                    }
                    opened => return opened.map_err(|e| explain(e, journal, false)),
                }
            }
            Err(explain(
                StoreError::WrongPassphrase(journal.clone()),
                journal,
                false,
            ))
        }
        opened => opened.map_err(|e| explain(e, journal, false)),
    }
}

/// Opens the encrypted journal at `path` with `pass`.
pub(crate) fn open_with(
    path: &Path,
    mode: OpenMode,
    pass: &Passphrase,
) -> Result<Store, StoreError> {
    let key = Key::for_journal(path, pass)?;
    Store::open_encrypted(path, mode, &key)
}

fn cannot_open(journal: &Path) -> String {
    format!("cannot open the journal {}", journal.display())
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
pub(crate) fn explain(e: StoreError, journal: &Path, by_command: bool) -> anyhow::Error {
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
    let journal = &paths.journal;
    if std::fs::symlink_metadata(journal).is_err() {
        let pass = new_passphrase(paths, None)?;
        let key = Key::for_new_file(&pass).context("cannot make a key")?;
        drop(
            Store::open_encrypted(journal, OpenMode::Write, &key)
                .map_err(|e| explain(e, journal, false))?,
        );
        writeln!(
            out,
            "Made a new encrypted journal at {}.",
            journal.display()
        )?;
        return passphrase_warning(out);
    }
    let store = match Store::open_with(journal, OpenMode::Write) {
        Err(StoreError::Encrypted(_)) => bail!(
            "the journal {} is already encrypted; bearing passphrase changes its passphrase",
            journal.display()
        ),
        opened => opened.map_err(|e| explain(e, journal, false))?,
    };
    if let Some(why) = store.read_only() {
        bail!("cannot encrypt the journal: {}", why.explain(journal));
    }
    let pass = new_passphrase(paths, None)?;
    let key = Key::for_new_file(&pass).context("cannot make a key")?;
    let done = store
        .rewrite(Some(&key))
        .with_context(|| format!("cannot encrypt the journal {}", journal.display()))?;
    writeln!(
        out,
        "Encrypted the journal {} ({} rows, checked).",
        journal.display(),
        done.rows
    )?;
    passphrase_warning(out)?;
    writeln!(
        out,
        "Copies made before stay plain: backups, exports, and what the disk still holds of the old file. Remove them if they matter."
    )?;
    Ok(())
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
    let journal = &paths.journal;
    let store = open(paths, OpenMode::Write, true)?;
    if !store.is_encrypted() {
        bail!("the journal {} is not encrypted", journal.display());
    }
    let done = store
        .rewrite(None)
        .with_context(|| format!("cannot decrypt the journal {}", journal.display()))?;
    writeln!(
        out,
        "Decrypted the journal {} ({} rows, checked); it is plain text on disk now.",
        journal.display(),
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
    let journal = &paths.journal;
    let store = open(paths, OpenMode::Write, true)?;
    let Some(old) = store.key().map(|k| k.passphrase().clone()) else {
        bail!(
            "the journal {} is not encrypted; bearing encrypt encrypts it",
            journal.display()
        );
    };
    let new = match &args.new_command {
        Some(c) => passphrase::from_command(c)?,
        None => {
            passphrase::ask_new("New passphrase for the journal: ").context("no new passphrase")?
        }
    };
    if new == old {
        bail!("the new passphrase is the journal's passphrase already; nothing was changed");
    }
    let key = Key::for_new_file(&new).context("cannot make a key")?;
    let done = store
        .rewrite(Some(&key))
        .with_context(|| format!("cannot change the passphrase of {}", journal.display()))?;
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

/// The most work (scrypt's log2 N) a passphrase-encrypted export may ask for: far more
/// than bearing writes (about a second's worth), less than would take minutes.
const MAX_SCRYPT_WORK: u8 = 24;

/// `text` encrypted with `pass` in age's format (ASCII armoured, so it can go to a
/// terminal or a pipe): what an export of an encrypted journal is.
pub(crate) fn seal(text: &str, pass: &Passphrase) -> anyhow::Result<String> {
    let recipient =
        age::scrypt::Recipient::new(age::secrecy::SecretString::from(pass.expose().to_string()));
    age::encrypt_and_armor(&recipient, text.as_bytes())
        .map_err(|e| anyhow!("cannot encrypt the export: {e}"))
}

/// Whether `bytes` are an age file (armoured or not).
pub(crate) fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(b"age-encryption.org/")
        || bytes
            .trim_ascii_start()
            .starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
}

/// Why an age file did not decrypt.
enum Unsealed {
    /// Not with this passphrase.
    WrongPassphrase,
    /// Not at all: what is wrong with it.
    Unreadable(String),
}

fn unseal(bytes: &[u8], pass: &Passphrase) -> Result<zeroize::Zeroizing<String>, Unsealed> {
    let mut identity =
        age::scrypt::Identity::new(age::secrecy::SecretString::from(pass.expose().to_string()));
    identity.set_max_work_factor(MAX_SCRYPT_WORK);
    let plain = zeroize::Zeroizing::new(age::decrypt(&identity, bytes).map_err(|e| match e {
        age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
            Unsealed::WrongPassphrase
        }
        e => Unsealed::Unreadable(e.to_string()),
    })?);
    match std::str::from_utf8(&plain) {
        Ok(text) => Ok(zeroize::Zeroizing::new(text.to_string())),
        Err(_) => Err(Unsealed::Unreadable("it does not hold text".into())),
    }
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
        match unseal(bytes, &pass) {
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
        match unseal(bytes, &pass) {
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
pub(crate) fn open_for_restore(paths: &Paths, pass: Option<&Passphrase>) -> anyhow::Result<Store> {
    if passphrase::configured_command(&paths.load_config()?).is_none()
        && let Some(pass) = pass
        && let Ok(store) = open_with(&paths.journal, OpenMode::Write, pass)
        && store.read_only().is_none()
    {
        return Ok(store);
    }
    paths.open_store()
}

/// The key of a journal a restore makes: the passphrase command's, else the encrypted
/// export's passphrase; `None` for a plain journal.
pub(crate) fn key_for_new_journal(
    paths: &Paths,
    pass: Option<&Passphrase>,
) -> anyhow::Result<Option<Key>> {
    let pass = match passphrase::configured_command(&paths.load_config()?) {
        Some(command) => Some(passphrase::from_command(&command)?),
        None => pass.cloned(),
    };
    pass.map(|p| Key::for_new_file(&p).context("cannot make a key"))
        .transpose()
}
