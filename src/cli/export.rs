//! `bearing export` and `bearing restore`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

use crate::app::export::{self, Export, ExportError};
use crate::app::{Journal, Now, journal};
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
    /// Keep the calendars' private addresses whole (JSON); without it they are cut to
    /// their host, so an export shared or synced does not carry the keys to your calendars.
    #[arg(long)]
    pub include_secrets: bool,
    /// Write plain text from an encrypted journal; without it, the export of an encrypted
    /// journal is encrypted with its passphrase (age's format: `age -d` decrypts it, and
    /// `bearing restore` reads it).
    #[arg(long)]
    pub plain: bool,
}

/// Options of `bearing restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A JSON export (`bearing export --format json`), plain or encrypted.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
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
            if let (Some(f), Some(t)) = (from, to)
                && f > t
            {
                bail!("--from {f} is after --to {t}");
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

/// Loads an export into an empty journal, or into a new one where there is none yet (a
/// failed restore then leaves no journal behind).
pub fn restore(
    paths: &super::Paths,
    clock: &dyn crate::domain::Clock,
    args: &RestoreArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let (text, pass) = if export::is_sealed(&bytes) {
        let (text, pass) = super::crypt::open_sealed(paths, &args.file, &bytes)?;
        (text, Some(pass))
    } else {
        let text = String::from_utf8(bytes).map_err(|_| {
            anyhow::anyhow!("{} is not a bearing export (not text)", args.file.display())
        })?;
        (zeroize::Zeroizing::new(text), None)
    };
    let doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "{} is not a bearing export (not JSON: {e})",
            args.file.display()
        )
    })?;
    let cannot = || format!("cannot restore {}", args.file.display());
    let rows = if journal::exists(&paths.journal) {
        let mut journal = super::crypt::open_for_restore(paths, pass.as_ref())?;
        export::restore(&mut journal, &doc).with_context(cannot)?
    } else {
        // A new journal is encrypted where a passphrase command is set (with its
        // passphrase), or where the export was (with the export's).
        let pass = super::crypt::passphrase_for_new_journal(paths, pass.as_ref())?;
        export::restore_new(&paths.journal, &doc, pass.as_ref()).map_err(|e| match e {
            ExportError::Key(_) => anyhow::Error::new(e),
            e => anyhow::Error::new(e).context(cannot()),
        })?
    };
    writeln!(out, "Restored {rows} rows from {}.", args.file.display())?;
    // An export from an older journal format brings its calendars' files but not their
    // events in today's form: they are rebuilt from those files.
    let mut journal = paths.open_to_write()?;
    let rebuilt = export::rebuild_calendars(&mut journal, Now::of(clock))?;
    if !rebuilt.is_empty() {
        writeln!(
            out,
            "Rebuilt the events of {} from their files.",
            crate::domain::words::count(rebuilt.len() as i64, "calendar", "calendars")
        )?;
    }
    Ok(())
}
