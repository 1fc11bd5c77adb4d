//! Editing long text in the user's `$VISUAL` / `$EDITOR`, without ever losing what they
//! wrote there: text bearing cannot take (too long, not UTF-8, an editor that failed
//! after writing) is kept in a private file whose path the message names.
//!
//! Written by hand: the job is a temp file and a child process, and the crates that do it
//! either pull in a shell-words parser we do not need or do not let us keep the file private.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use thiserror::Error;

/// The editor command to run: `$VISUAL`, else `$EDITOR`, else `vi`. Split on whitespace so
/// values like `code --wait` work.
pub fn editor_command() -> Vec<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Text back from the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    /// What was saved there (bytes that were not UTF-8 became U+FFFD).
    pub text: String,
    /// Something the user should know about how it was read, if anything.
    pub note: Option<String>,
}

impl Edited {
    /// Text that needs no note (as the editor would give it).
    pub fn plain(text: impl Into<String>) -> Edited {
        Edited {
            text: text.into(),
            note: None,
        }
    }
}

/// Why the editor's text did not come back.
#[derive(Debug, Error)]
pub enum EditError {
    /// The editor could not be started.
    #[error("cannot start '{program}': {source}")]
    Start {
        /// The program.
        program: String,
        /// Why.
        source: io::Error,
    },
    /// The editor failed. What it had saved, if anything, is kept.
    #[error("'{program}' exited with {status}; {}", kept_or_unchanged(kept.as_deref()))]
    Failed {
        /// The program.
        program: String,
        /// How it ended.
        status: std::process::ExitStatus,
        /// Where its text is kept, when it had saved any.
        kept: Option<PathBuf>,
    },
    /// More text than the caller takes; it is kept.
    #[error(
        "the text is {} KB, more than the {} KB bearing takes; what you wrote is kept in {}",
        size / 1024,
        limit / 1024,
        kept.display()
    )]
    TooLong {
        /// Its size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
        /// Where it is kept.
        kept: PathBuf,
    },
    /// The temporary file could not be written or read.
    #[error("the editor's file: {0}")]
    Io(#[from] io::Error),
}

fn kept_or_unchanged(kept: Option<&Path>) -> String {
    match kept {
        Some(path) => format!("what you wrote is kept in {}", path.display()),
        None => "nothing was changed".to_string(),
    }
}

/// Writes `bytes` to a new private file (0600, in a new 0700 folder of the temporary
/// directory) that outlives bearing, and returns its path: where text bearing could not
/// take is kept for the user.
pub fn rescue(bytes: &[u8]) -> io::Result<PathBuf> {
    let dir = crate::store::private_temp_dir("bearing-kept-")?.keep();
    let path = dir.join("text.md");
    crate::store::write_private(&path, bytes)?;
    Ok(path)
}

/// Opens `initial` in the editor and returns the text saved there, if it is at most
/// `limit` bytes. The file lives in a private folder (0700, the file 0600) that is removed
/// afterwards. What the user wrote is never dropped: when the editor fails after saving,
/// writes more than `limit` or writes bytes that are not UTF-8, the text is kept in a file
/// the error or note names.
pub fn edit(initial: &str, limit: usize) -> Result<Edited, EditError> {
    let dir = crate::store::private_temp_dir("bearing-edit-")?;
    let path = dir.path().join("text.md");
    crate::store::write_private(&path, initial.as_bytes())?;
    let command = editor_command();
    let (program, args) = command.split_first().ok_or_else(|| EditError::Start {
        program: String::new(),
        source: io::Error::new(io::ErrorKind::NotFound, "no editor set in $EDITOR"),
    })?;
    let status = Command::new(program)
        .args(args)
        .arg(&path)
        .status()
        .map_err(|source| EditError::Start {
            program: program.clone(),
            source,
        })?;
    // Read what is there even after a failure: the user may have saved before it failed.
    let bytes = std::fs::read(&path)?;
    if !status.success() {
        let kept = if bytes != initial.as_bytes() {
            Some(rescue(&bytes)?)
        } else {
            None
        };
        return Err(EditError::Failed {
            program: program.clone(),
            status,
            kept,
        });
    }
    if bytes.len() > limit {
        return Err(EditError::TooLong {
            size: bytes.len(),
            limit,
            kept: rescue(&bytes)?,
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Edited::plain(text)),
        Err(e) => {
            let bytes = e.into_bytes();
            let kept = rescue(&bytes)?;
            Ok(Edited {
                text: String::from_utf8_lossy(&bytes).into_owned(),
                note: Some(format!(
                    "some of the text was not UTF-8; those bytes became \u{fffd} (the original is kept in {})",
                    kept.display()
                )),
            })
        }
    }
}
