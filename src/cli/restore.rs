//! `bearing restore`: a JSON export loaded into an empty journal, or into a new one.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use crate::app::export::{self, ExportError};
use crate::app::{Now, journal};

/// Options of `bearing restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A JSON export (`bearing export --format json`), plain or encrypted.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// Loads an export into an empty journal, or into a new one where there is none yet (a
/// failed restore then leaves no journal behind).
pub fn run(
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
        export::restore(&mut journal, &doc, pass.is_some()).map_err(|e| match e {
            ExportError::SealedIntoPlain => anyhow::Error::new(e),
            e => anyhow::Error::new(e).context(cannot()),
        })?
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
