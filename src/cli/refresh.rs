//! `bearing refresh`: every imported calendar's file or address read again, what changed
//! imported.

use std::io::Write;

use anyhow::bail;
use clap::Args;

use super::Paths;
use crate::app::{Journal, Now, calendars};
use crate::domain::{Clock, words};

/// Options of `bearing refresh`.
#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// Only this calendar [default: every calendar with a file or address to read].
    pub name: Option<String>,
    /// Print JSON: one object per calendar.
    #[arg(long)]
    pub json: bool,
}

/// Runs `bearing refresh` on the journal at `paths`.
pub fn run(
    paths: &Paths,
    config: &crate::config::Config,
    clock: &dyn Clock,
    args: &RefreshArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    refresh(&mut paths.open_to_write()?, config, clock, args, out)
}

/// Runs `bearing refresh`: every source read again, failures named after the rest are
/// done, and a non-zero exit if any failed.
pub fn refresh(
    journal: &mut Journal,
    config: &crate::config::Config,
    clock: &dyn Clock,
    args: &RefreshArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let outcomes = calendars::refresh::refresh(
        journal,
        Now::of(clock),
        args.name.as_deref(),
        config.calendars.fetch_timeout(),
    )
    .map_err(|e| super::app_error(e, |_| None))?;
    let failed: Vec<&calendars::refresh::RefreshOutcome> =
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
