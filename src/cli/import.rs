//! `bearing import`: a calendar from a file, standard input or a private iCal URL.

use std::io::{Read, Write};
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Args;

use crate::domain::Clock;
use crate::service::import_calendar;
use crate::store::Store;

/// The largest calendar file bearing reads (100 MB).
const MAX_BYTES: u64 = 100 * 1024 * 1024;
/// How long fetching a URL may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(30);

/// Options of `bearing import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// An .ics file, `-` for standard input, or the private http(s) iCal address Google,
    /// Outlook or Apple give you.
    pub source: String,
    /// The calendar's name in bearing; importing the same name again replaces it
    /// [default: the file's name, or the URL's host].
    #[arg(long, value_name = "NAME")]
    pub calendar: Option<String>,
    /// Print a JSON summary.
    #[arg(long)]
    pub json: bool,
}

fn default_name(source: &str) -> String {
    if source == "-" {
        return "stdin".into();
    }
    if let Some(rest) = source.split_once("://").map(|(_, r)| r) {
        return rest.split('/').next().unwrap_or("calendar").to_string();
    }
    std::path::Path::new(source)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "calendar".into())
}

fn read_source(source: &str) -> anyhow::Result<String> {
    let bytes = if source == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        bytes
    } else if let Some(rest) = source
        .strip_prefix("webcal://")
        .or_else(|| source.strip_prefix("webcals://"))
    {
        fetch(&format!("https://{rest}"))?
    } else if source.starts_with("http://") || source.starts_with("https://") {
        fetch(source)?
    } else {
        let file = std::fs::File::open(source).with_context(|| format!("cannot read {source}"))?;
        let mut bytes = Vec::new();
        file.take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .with_context(|| format!("cannot read {source}"))?;
        bytes
    };
    if bytes.len() as u64 > MAX_BYTES {
        bail!(
            "{source} is larger than {} MB; that is not a calendar export",
            MAX_BYTES / 1024 / 1024
        );
    }
    // Some exporters write Latin-1 or broken UTF-8: read what can be read.
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

fn fetch(url: &str) -> anyhow::Result<Vec<u8>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(FETCH_TIMEOUT))
        .build()
        .into();
    let mut response = agent
        .get(url)
        .call()
        .with_context(|| format!("cannot fetch {url}"))?;
    let mut bytes = Vec::new();
    response
        .body_mut()
        .as_reader()
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read the answer from {url}"))?;
    Ok(bytes)
}

/// Imports a calendar and prints what happened.
pub fn import(
    store: &mut Store,
    clock: &dyn Clock,
    args: &ImportArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let name = args
        .calendar
        .clone()
        .unwrap_or_else(|| default_name(&args.source));
    if name.trim().is_empty() {
        bail!("--calendar needs a name");
    }
    let text = read_source(&args.source)?;
    let summary = import_calendar(
        store,
        name.trim(),
        &args.source,
        &text,
        clock.zone(),
        clock.now().to_utc(),
    )?;
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &summary)?;
        writeln!(out)?;
        return Ok(());
    }
    if summary.unchanged {
        writeln!(
            out,
            "Calendar '{}' is unchanged since the last import; nothing was written.",
            summary.calendar
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "Imported '{}': {} events ({} recurring series), {} occurrences stored.",
        summary.calendar, summary.events, summary.recurring_series, summary.occurrences
    )?;
    if !summary.skipped.is_empty() {
        writeln!(out, "Skipped {}:", summary.skipped.len())?;
        for s in &summary.skipped {
            let title = if s.title.is_empty() {
                String::new()
            } else {
                format!(" '{}'", s.title)
            };
            writeln!(out, "  line {}{title}: {}", s.line, s.reason)?;
        }
    }
    for note in summary.notes.iter().take(10) {
        writeln!(out, "Note: {note}")?;
    }
    if summary.notes.len() > 10 {
        writeln!(out, "Note: … and {} more", summary.notes.len() - 10)?;
    }
    Ok(())
}
