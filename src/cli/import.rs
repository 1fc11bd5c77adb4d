//! `bearing import`: a calendar from a file, standard input or a private iCal URL.

use std::io::Write;

use clap::Args;

use crate::app::{Field, Journal, Now, calendars};
use crate::domain::{Clock, words};

/// Options of `bearing import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// An .ics file, `-` for standard input, or the private http(s) iCal address Google,
    /// Outlook or Apple give you.
    pub source: String,
    /// The calendar's name in bearing [default: the name the file gives itself, else the
    /// file's name, else the address's path; made unique].
    #[arg(long, value_name = "NAME")]
    pub calendar: Option<String>,
    /// Replace the calendar of that --calendar name even if it came from another source.
    #[arg(long, requires = "calendar")]
    pub replace: bool,
    /// Take a file that looks cut short, or that empties a calendar that had events.
    #[arg(long)]
    pub force: bool,
    /// Print a JSON summary.
    #[arg(long)]
    pub json: bool,
}

/// The CLI's words for a refusal of `field` by an import: its flag.
fn flag(field: Field) -> Option<&'static str> {
    match field {
        Field::Calendar => Some("--calendar"),
        _ => None,
    }
}

/// Runs `bearing import` on the journal at `paths`, opened to write.
pub fn run(
    paths: &super::Paths,
    config: &crate::config::Config,
    clock: &dyn crate::domain::Clock,
    args: &ImportArgs,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    import(&mut paths.open_to_write()?, config, clock, args, out)
}

/// Imports a calendar and prints what happened.
pub fn import(
    journal: &mut Journal,
    config: &crate::config::Config,
    clock: &dyn Clock,
    args: &ImportArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let wanted = calendars::Import {
        source: &args.source,
        name: args.calendar.as_deref(),
        replace: args.replace,
        force: args.force,
    };
    let summary = calendars::import(
        journal,
        Now::of(clock),
        &wanted,
        config.calendars.fetch_timeout(),
    )
    .map_err(|e| super::app_error(e, flag))?;
    if args.json {
        super::write_json(out, &summary)?;
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
        "Imported '{}': {} ({}), {} stored.",
        summary.calendar,
        words::count(summary.events as i64, "event", "events"),
        words::count(
            summary.recurring_series as i64,
            "recurring series",
            "recurring series"
        ),
        words::count(summary.occurrences as i64, "occurrence", "occurrences"),
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
