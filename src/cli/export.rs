//! `bearing export` and `bearing restore`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::bail;
use clap::{Args, ValueEnum};

use crate::app::Journal;
use crate::app::export::{self, Export};
use crate::config::Config;

/// What to export as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A document for a person: one section per day.
    Markdown,
    /// A complete, lossless copy of everything, for `bearing restore`.
    Json,
}

/// Options of `bearing export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// markdown or json.
    #[arg(long, value_enum)]
    pub format: Format,
    /// First day (Markdown only): YYYY-MM-DD or words (fri, in 2 weeks).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day (Markdown only): YYYY-MM-DD or words (fri, in 2 weeks).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Write to FILE (private, 0600) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Keep the calendars' private addresses whole, and carry this device's CalDAV
    /// accounts (with a password an encrypted journal keeps) and the blocks published to
    /// them (JSON); without it addresses are cut to their host and accounts left out, so
    /// an export shared or synced does not carry the keys to your calendars.
    #[arg(long)]
    pub include_secrets: bool,
    /// Write plain text from an encrypted journal; without it, the export of an encrypted
    /// journal is encrypted with its passphrase (age's format: `age -d` decrypts it, and
    /// `bearing restore` reads it).
    #[arg(long)]
    pub plain: bool,
}

/// Runs `bearing export` on the journal at `paths`, opened to read.
pub fn run(
    paths: &super::Paths,
    config: &crate::config::Config,
    clock: &dyn crate::domain::Clock,
    args: &ExportArgs,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    export(&paths.open_to_read()?, config, clock, args, out)
}

/// Writes the export.
pub fn export(
    journal: &Journal,
    config: &Config,
    clock: &dyn crate::domain::Clock,
    args: &ExportArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let what = match args.format {
        Format::Json => {
            if args.from.is_some() || args.to.is_some() {
                bail!(
                    "a JSON export is always complete; --from and --to go with --format markdown"
                );
            }
            Export::Json {
                include_secrets: args.include_secrets,
            }
        }
        Format::Markdown => {
            let from = args
                .from
                .as_deref()
                .map(|t| super::read_day(clock, "--from", t))
                .transpose()?;
            let to = args
                .to
                .as_deref()
                .map(|t| super::read_day(clock, "--to", t))
                .transpose()?;
            if let (Some(f), Some(t)) = (from, to) {
                crate::domain::week::check_period(f, t)
                    .map_err(|e| anyhow::anyhow!("{e} (--to)"))?;
            }
            Export::Markdown { from, to }
        }
    };
    let exported = export::export(journal, config, what, args.plain)?;
    let how = if exported.sealed {
        " (encrypted with the journal's passphrase: age -d decrypts it, bearing restore reads it)"
    } else {
        ""
    };
    match &args.out {
        Some(path) => {
            super::write_file_atomically(path, exported.text.as_bytes(), args.force)?;
            super::note(format_args!("Exported to {}{how}.", path.display()));
        }
        None => out.write_all(exported.text.as_bytes())?,
    }
    Ok(())
}
