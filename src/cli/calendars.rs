//! `bearing calendars` (list, remove, rename the imported calendars) and `bearing refresh`
//! (read their sources again).

use std::io::Write;

use anyhow::bail;
use clap::{Args, Subcommand};

use crate::domain::source::redact;
use crate::domain::{Clock, words};
use crate::store::Store;

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

/// Options of `bearing refresh`.
#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// Only this calendar [default: every calendar with a file or address to read].
    pub name: Option<String>,
    /// Print JSON: one object per calendar.
    #[arg(long)]
    pub json: bool,
}

/// Whether a `bearing calendars` invocation only reads.
pub fn only_reads(args: &CalendarsArgs) -> bool {
    args.command.is_none()
}

/// Runs `bearing calendars`.
pub fn calendars(
    store: &mut Store,
    clock: &dyn Clock,
    args: CalendarsArgs,
    ask: &mut dyn FnMut(&str) -> bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match args.command {
        None => list(store, clock, args.json, out),
        Some(CalendarsCommand::Rm { name, yes }) => {
            let Some(cal) = store.calendar(&name)? else {
                bail!("there is no calendar called '{name}'; `bearing calendars` lists them");
            };
            let counts = store.calendar_counts(cal.id)?;
            let what = format!(
                "{} ({})",
                words::count(counts.events, "event", "events"),
                words::count(counts.occurrences, "occurrence", "occurrences")
            );
            if !yes && !ask(&format!("Remove calendar '{name}' with its {what}? [y/N] ")) {
                bail!("nothing was removed (add --yes to remove it without asking)");
            }
            store.remove_calendar(&name)?;
            writeln!(out, "Removed calendar '{name}' and its {what}.")?;
            Ok(())
        }
        Some(CalendarsCommand::Rename { from, to }) => {
            if to.trim().is_empty() {
                bail!("the new name is empty");
            }
            store.rename_calendar(&from, to.trim())?;
            writeln!(out, "Renamed calendar '{from}' to '{}'.", to.trim())?;
            Ok(())
        }
    }
}

fn list(store: &Store, clock: &dyn Clock, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let calendars = store.list_calendars()?;
    let mut rows = Vec::new();
    let local =
        |t: &Option<chrono::DateTime<chrono::Utc>>| t.map(|t| t.with_timezone(&clock.zone()));
    for c in &calendars {
        let counts = store.calendar_counts(c.id)?;
        let refreshed = local(&c.refreshed_at);
        rows.push(serde_json::json!({
            "name": c.name,
            "source": redact(&c.source),
            "events": counts.events,
            "series": counts.series,
            "occurrences": counts.occurrences,
            "refreshed_at": refreshed.map(|t| crate::domain::time::rfc3339(&t)),
            "last_error": c.last_error,
        }));
    }
    if json {
        super::write_json(out, &rows)?;
        return Ok(());
    }
    if rows.is_empty() {
        writeln!(
            out,
            "No calendars yet. Import one: bearing import FILE.ics (or a private iCal address)"
        )?;
        return Ok(());
    }
    for (c, row) in calendars.iter().zip(&rows) {
        let when = local(&c.refreshed_at)
            .map(|t| t.format("%a %-d %b %Y %H:%M").to_string())
            .unwrap_or_else(|| "never".into());
        writeln!(
            out,
            "{}  {} · {} · read {when}",
            c.name,
            words::count(row["events"].as_i64().unwrap_or(0), "event", "events"),
            words::count(row["series"].as_i64().unwrap_or(0), "series", "series"),
        )?;
        writeln!(out, "  from {}", redact(&c.source))?;
        if let Some(error) = &c.last_error {
            writeln!(out, "  ! the last refresh failed: {error}")?;
        }
    }
    Ok(())
}

/// Runs `bearing refresh`: every source read again, failures named after the rest are
/// done, and a non-zero exit if any failed.
pub fn refresh(
    store: &mut Store,
    config: &crate::config::Config,
    clock: &dyn Clock,
    args: &RefreshArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let outcomes = crate::app::calendars::refresh::refresh(
        store,
        args.name.as_deref(),
        config.calendars.fetch_timeout(),
        clock.zone(),
        clock.now().to_utc(),
    )?;
    let failed: Vec<&crate::app::calendars::refresh::RefreshOutcome> =
        outcomes.iter().filter(|o| o.error.is_some()).collect();
    if args.json {
        super::write_json(out, &outcomes)?;
    } else {
        if outcomes.is_empty() {
            writeln!(
                out,
                "No calendars to refresh. Import one: bearing import FILE.ics"
            )?;
        }
        for o in &outcomes {
            let line = match (&o.error, &o.summary) {
                _ if o.skipped => format!(
                    "{}: imported from standard input, so it cannot be read again; import it anew with `bearing import - --calendar '{}'`",
                    o.calendar, o.calendar
                ),
                (Some(error), _) => format!("{}: failed, kept as it was: {error}", o.calendar),
                (None, Some(s)) if s.unchanged => format!("{}: unchanged", o.calendar),
                (None, Some(s)) => format!(
                    "{}: refreshed, {} ({} stored)",
                    o.calendar,
                    words::count(s.events as i64, "event", "events"),
                    words::count(s.occurrences as i64, "occurrence", "occurrences")
                ),
                (None, None) => format!("{}: nothing to do", o.calendar),
            };
            writeln!(out, "{line}")?;
        }
    }
    if !failed.is_empty() {
        let names: Vec<String> = failed
            .iter()
            .map(|o| format!("'{}' ({})", o.calendar, o.error.as_deref().unwrap_or("")))
            .collect();
        bail!(
            "{} could not be refreshed: {}",
            words::count(failed.len() as i64, "calendar", "calendars"),
            names.join("; ")
        );
    }
    Ok(())
}
