//! The journal file kept safe: a copy made while bearing may be writing, and a read of
//! the whole file to find damage.

use std::path::Path;

use super::{Journal, Result};

/// Copies the journal to `target`, consistent even while another bearing writes: a
/// private (0600) file that must not exist yet, encrypted with the journal's key when
/// the journal is encrypted. A backup that is killed leaves no half-written file.
pub fn backup(journal: &Journal, target: &Path) -> Result<()> {
    Ok(journal.store().backup_to(target)?)
}

/// What a check of the journal file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// Nothing wrong.
    Sound,
    /// The file is damaged: what SQLite (and, for an encrypted journal, SQLCipher)
    /// found, a line each.
    Damaged(Vec<String>),
}

/// Reads the whole journal file to find damage (SQLite's integrity check; for an
/// encrypted journal, every page's authentication code first). Slow on a large journal
/// (seconds), so it is asked for rather than part of every start.
pub fn check(journal: &Journal) -> Result<Check> {
    let report = journal.store().integrity_check()?;
    Ok(if report == "ok" {
        Check::Sound
    } else {
        Check::Damaged(report.lines().map(str::to_string).collect())
    })
}
