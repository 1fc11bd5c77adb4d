//! Where an encrypted journal's passphrase comes from: a command the user set up
//! (`passphrase_command` in the config, or `BEARING_PASSPHRASE_COMMAND`, e.g.
//! `pass show bearing` or a keyring helper), or the terminal, where it is not echoed.
//! Never from a command-line argument, which any user of the machine can read in the
//! process list.

use std::io::{self, IsTerminal, Read};
use std::process::{Command, Stdio};

use thiserror::Error;

use crate::config::Config;
use crate::store::Passphrase;

/// The variable that names the passphrase command (it wins over the config).
pub const COMMAND_VARIABLE: &str = "BEARING_PASSPHRASE_COMMAND";

/// The work (scrypt's log2 N) bearing wraps with a passphrase: its encrypted exports and
/// the journal sync's key file. About a second and 256 MiB. Pinned, not calibrated per
/// machine as age would, so a file written on a fast machine opens on a slow one.
pub const SCRYPT_WORK: u8 = 18;

/// The most work a file wrapped with a passphrase may ask for when it is read: 1 GiB. A
/// crafted file asking for more (2^24 made a restore allocate 16 GiB) is refused before
/// any is done.
pub const MAX_SCRYPT_WORK: u8 = 20;

/// The most a passphrase command may print.
const MAX_OUTPUT: u64 = 64 * 1024;

/// Why no passphrase was had.
#[derive(Debug, Error)]
pub enum PassphraseError {
    /// Nothing to ask on, and no command set.
    #[error(
        "there is no terminal to ask for it on; set passphrase_command in the config's [security] section, or {COMMAND_VARIABLE}"
    )]
    NoTerminal,
    /// The command could not be started.
    #[error("the passphrase command '{command}' could not be started: {source}")]
    Start {
        /// The command.
        command: String,
        /// What the system said.
        source: io::Error,
    },
    /// The command failed.
    #[error("the passphrase command '{command}' failed ({status})")]
    Failed {
        /// The command.
        command: String,
        /// How it ended.
        status: std::process::ExitStatus,
    },
    /// The command printed nothing usable.
    #[error("the passphrase command '{command}' {what}")]
    BadOutput {
        /// The command.
        command: String,
        /// What was wrong with its output.
        what: &'static str,
    },
    /// Nothing was typed.
    #[error("no passphrase was given")]
    Empty,
    /// The two new passphrases typed differ.
    #[error("the two passphrases differ")]
    Mismatch,
    /// Reading the terminal failed.
    #[error("cannot read the passphrase from the terminal: {0}")]
    Terminal(#[source] io::Error),
}

/// The passphrase command in effect: `BEARING_PASSPHRASE_COMMAND` when set and not empty,
/// else the config's `passphrase_command`.
pub fn configured_command(config: &Config) -> Option<String> {
    std::env::var(COMMAND_VARIABLE)
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(|| config.security.passphrase_command.clone())
        .filter(|c| !c.trim().is_empty())
}

/// Where the passphrase command in effect was set, for messages.
pub fn command_origin() -> &'static str {
    match std::env::var(COMMAND_VARIABLE) {
        Ok(c) if !c.trim().is_empty() => COMMAND_VARIABLE,
        _ => "passphrase_command in the config",
    }
}

/// Runs `command` through the shell (standard input and error stay the user's, so a
/// helper can ask for its own unlocking) and takes the first line it prints.
pub fn from_command(command: &str) -> Result<Passphrase, PassphraseError> {
    let mut child = shell(command)
        .stdin(Stdio::inherit())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|source| PassphraseError::Start {
            command: command.to_string(),
            source,
        })?;
    let mut output = zeroize::Zeroizing::new(Vec::new());
    let read = match child.stdout.take() {
        Some(out) => out.take(MAX_OUTPUT + 1).read_to_end(&mut output),
        None => Ok(0),
    };
    let status = child.wait().map_err(|source| PassphraseError::Start {
        command: command.to_string(),
        source,
    })?;
    let bad = |what| PassphraseError::BadOutput {
        command: command.to_string(),
        what,
    };
    if !status.success() {
        return Err(PassphraseError::Failed {
            command: command.to_string(),
            status,
        });
    }
    if read.is_err() {
        return Err(bad("could not be read"));
    }
    if output.len() as u64 > MAX_OUTPUT {
        return Err(bad("printed more than 64 KB"));
    }
    let text = std::str::from_utf8(&output).map_err(|_| bad("printed text that is not UTF-8"))?;
    let line = text.lines().next().unwrap_or_default();
    Passphrase::new(line.to_string()).ok_or_else(|| bad("printed an empty passphrase"))
}

#[cfg(unix)]
fn shell(command: &str) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(command);
    cmd
}

#[cfg(not(unix))]
fn shell(command: &str) -> Command {
    let mut cmd = Command::new("cmd");
    cmd.arg("/C").arg(command);
    cmd
}

/// Whether there is a terminal to ask on.
pub fn have_terminal() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// Asks for the passphrase on the terminal, not echoing it.
pub fn ask(prompt: &str) -> Result<Passphrase, PassphraseError> {
    if !have_terminal() {
        return Err(PassphraseError::NoTerminal);
    }
    let typed = zeroize::Zeroizing::new(
        rpassword::prompt_password(prompt).map_err(PassphraseError::Terminal)?,
    );
    Passphrase::new(typed.to_string()).ok_or(PassphraseError::Empty)
}

/// Asks for a new passphrase twice on the terminal; they must be the same.
pub fn ask_new(prompt: &str) -> Result<Passphrase, PassphraseError> {
    let first = ask(prompt)?;
    let second = ask("The same again: ")?;
    if first == second {
        Ok(first)
    } else {
        Err(PassphraseError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_gives_its_first_line() {
        let p = from_command("printf 'first line\\nsecond\\n'").unwrap();
        assert_eq!(p.expose(), "first line");
        let p = from_command("printf secret").unwrap();
        assert_eq!(p.expose(), "secret");
    }

    #[test]
    fn a_failing_or_silent_command_says_so_without_its_output() {
        let e = from_command("printf 'sec%s' ret; exit 3").unwrap_err();
        assert!(e.to_string().contains("failed"), "{e}");
        assert!(!e.to_string().contains("secret"), "{e}");
        let e = from_command("true").unwrap_err();
        assert!(e.to_string().contains("empty"), "{e}");
        let e = from_command("printf '\\377\\376'").unwrap_err();
        assert!(e.to_string().contains("UTF-8"), "{e}");
    }
}
