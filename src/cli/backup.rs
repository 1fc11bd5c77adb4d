//! `bearing backup`: a copy of the journal, made safely even while bearing is running.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use crate::app::{Journal, files};

/// Options of `bearing backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy (must not exist yet).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// Runs `bearing backup` on the journal at `paths`, opened to read.
pub fn run(
    paths: &super::Paths,
    args: &BackupArgs,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    backup(&paths.open_to_read()?, args, out)
}

/// Copies the journal safely, even while bearing is running.
pub fn backup(journal: &Journal, args: &BackupArgs, out: &mut impl Write) -> anyhow::Result<()> {
    files::backup(journal, &args.file)
        .with_context(|| format!("cannot back up to {}", args.file.display()))?;
    writeln!(out, "Backed up the journal to {}.", args.file.display())?;
    Ok(())
}
