//! `bearing calendars` (list, remove, rename the imported calendars) and `bearing refresh`
//! (read their sources again).

use std::io::Write;

use anyhow::bail;
use clap::{Args, Subcommand};

use crate::app::{self, Journal, calendars};
use crate::domain::source::redact;
use crate::domain::{Clock, words};

/// `bearing calendars` and its subcommands.
#[derive(Debug, Args)]
pub struct CalendarsArgs {
    /// What to do; without one, the calendars are listed.
    #[command(subcommand)]
    pub command: Option<CalendarsCommand>,
    /// Print JSON: name, source, events, series, refreshed_at, last_error.
    #[arg(long)]
    pub json: bool,
}

/// The calendars subcommands.
#[derive(Debug, Subcommand)]
pub enum CalendarsCommand {
    /// Remove a calendar with its events (a meeting another calendar also has stays).
    Rm {
        /// The calendar's name.
        name: String,
        /// Do it without asking (needed when standard input is not a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Give a calendar another name.
    Rename {
        /// Its name now.
        from: String,
        /// Its new name.
        to: String,
    },
}

/// Whether a `bearing calendars` invocation only reads.
pub fn only_reads(args: &CalendarsArgs) -> bool {
    args.command.is_none()
}

/// Runs `bearing calendars` on the journal at `paths`, asking on the terminal before a
/// calendar is removed.
pub fn run(
    paths: &super::Paths,
    clock: &dyn Clock,
    args: CalendarsArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut journal = super::open(paths, only_reads(&args))?;
    calendars(&mut journal, clock, args, &mut super::ask_on_terminal, out)
}

/// Runs `bearing calendars`.
pub fn calendars(
    journal: &mut Journal,
    clock: &dyn Clock,
    args: CalendarsArgs,
    ask: &mut dyn FnMut(&str) -> bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match args.command {
        None => list(journal, clock, args.json, out),
        Some(CalendarsCommand::Rm { name, yes }) => remove(journal, &name, yes, ask, out),
        Some(CalendarsCommand::Rename { from, to }) => rename(journal, &from, &to, out),
    }
}

/// `e` as the CLI says it (a calendar's name is an argument, not a flag).
fn said(e: app::Error) -> anyhow::Error {
    super::app_error(e, |_| None)
}

/// `bearing calendars rm NAME`: asks first, unless `yes`.
fn remove(
    journal: &mut Journal,
    name: &str,
    yes: bool,
    ask: &mut dyn FnMut(&str) -> bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let (_, counts) = calendars::get(journal, name).map_err(said)?;
    let what = format!(
        "{} ({})",
        words::count(counts.events, "event", "events"),
        words::count(counts.occurrences, "occurrence", "occurrences")
    );
    if !yes && !ask(&format!("Remove calendar '{name}' with its {what}? [y/N] ")) {
        bail!("nothing was removed (add --yes to remove it without asking)");
    }
    calendars::remove(journal, name).map_err(said)?;
    writeln!(out, "Removed calendar '{name}' and its {what}.")?;
    Ok(())
}

/// `bearing calendars rename FROM TO`.
fn rename(journal: &mut Journal, from: &str, to: &str, out: &mut impl Write) -> anyhow::Result<()> {
    let to = calendars::rename(journal, from, to).map_err(said)?;
    writeln!(out, "Renamed calendar '{from}' to '{to}'.")?;
    Ok(())
}

/// `bearing calendars`: each calendar with what it holds and when it was read.
fn list(
    journal: &Journal,
    clock: &dyn Clock,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let calendars = calendars::list_with_counts(journal).map_err(said)?;
    let local =
        |t: &Option<chrono::DateTime<chrono::Utc>>| t.map(|t| t.with_timezone(&clock.zone()));
    if json {
        let rows: Vec<serde_json::Value> = calendars
            .iter()
            .map(|(c, counts)| {
                serde_json::json!({
                    "name": c.name,
                    "source": redact(&c.source),
                    "events": counts.events,
                    "series": counts.series,
                    "occurrences": counts.occurrences,
                    "refreshed_at": local(&c.refreshed_at).map(|t| crate::domain::time::rfc3339(&t)),
                    "last_error": c.last_error,
                })
            })
            .collect();
        super::write_json(out, &rows)?;
        return Ok(());
    }
    if calendars.is_empty() {
        writeln!(
            out,
            "No calendars yet. Import one: bearing import FILE.ics (or a private iCal address)"
        )?;
        return Ok(());
    }
    for (c, counts) in &calendars {
        let when = local(&c.refreshed_at)
            .map(|t| t.format(crate::domain::dates::DAY_TIME_YEAR).to_string())
            .unwrap_or_else(|| "never".into());
        writeln!(
            out,
            "{}  {} · {} · read {when}",
            c.name,
            words::count(counts.events, "event", "events"),
            words::count(counts.series, "series", "series"),
        )?;
        writeln!(out, "  from {}", redact(&c.source))?;
        if let Some(error) = &c.last_error {
            writeln!(out, "  ! the last refresh failed: {error}")?;
        }
    }
    Ok(())
}
