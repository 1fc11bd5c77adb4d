//! Editing long text in the user's `$VISUAL` / `$EDITOR`.
//!
//! Written by hand: the job is a temp file and a child process, and the crates that do it
//! either pull in a shell-words parser we do not need or do not let us keep the file private.

use std::io::{self, Write};
use std::process::Command;

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

/// Opens `initial` in the editor and returns the text saved there. The temporary file is
/// private (0600) and removed afterwards. An editor that exits with an error is an error.
pub fn edit(initial: &str) -> io::Result<String> {
    let mut file = tempfile::Builder::new()
        .prefix("bearing-")
        .suffix(".md")
        .tempfile()?;
    file.write_all(initial.as_bytes())?;
    file.flush()?;
    let command = editor_command();
    let (program, args) = command
        .split_first()
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no editor set in $EDITOR"))?;
    let status = Command::new(program)
        .args(args)
        .arg(file.path())
        .status()
        .map_err(|e| io::Error::new(e.kind(), format!("cannot start '{program}': {e}")))?;
    if !status.success() {
        return Err(io::Error::other(format!(
            "'{program}' exited with {status}"
        )));
    }
    std::fs::read_to_string(file.path())
}
