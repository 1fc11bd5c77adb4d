//! `bearing refresh`: every imported calendar's file or address read again, what changed
//! imported.

use std::io::Write;

use anyhow::bail;
use clap::Args;

use super::Paths;
use crate::app::{Journal, Now, accounts, calendars};
use crate::domain::{Clock, words};

/// Options of `bearing refresh`.
#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// Only this calendar or account [default: every calendar with a file or address to
    /// read, and every account's calendars].
    pub name: Option<String>,
    /// Take a copy that looks cut short or emptied all the same.
    #[arg(long)]
    pub force: bool,
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

/// Refuses a `name` that is no calendar (nor, the caller found, an account), naming both;
/// and the name of a calendar an account feeds, which is read with its account.
fn known_calendar(journal: &Journal, name: Option<&str>) -> anyhow::Result<()> {
    let Some(name) = name else {
        return Ok(());
    };
    let all = calendars::list(journal).map_err(|e| super::app_error(e, |_| None))?;
    match all.iter().find(|c| c.name == name) {
        None => bail!(
            "there is no calendar or account called '{name}'; `bearing calendars` and `bearing account list` list them"
        ),
        // Its account's calendars are read with the account, by its name.
        Some(c) => match crate::domain::source::Source::parse(&c.source) {
            crate::domain::source::Source::Account(at) => {
                let account = at.split(':').next().unwrap_or_default();
                bail!(
                    "'{name}' comes from account '{account}': read it again with `bearing refresh {account}`"
                )
            }
            _ => Ok(()),
        },
    }
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
    let now = Now::of(clock);
    let timeout = config.calendars.fetch_timeout();
    let only = args.name.as_deref();
    let of_accounts = accounts::names(journal, only).map_err(|e| super::app_error(e, |_| None))?;
    if !of_accounts {
        known_calendar(journal, only)?;
    }
    let mut outcomes = if only.is_some() && of_accounts {
        Vec::new()
    } else {
        calendars::refresh::refresh(journal, now, only, timeout)
            .map_err(|e| super::app_error(e, |_| None))?
    };
    let mut progress = super::Progress::new();
    outcomes.extend(
        accounts::sync::refresh(
            journal,
            now,
            only,
            timeout,
            args.force,
            &mut |c, done, total| {
                progress.show(format_args!("{c}: {done} of {total} fetched"));
            },
        )
        .map_err(|e| super::app_error(e, |_| None))?,
    );
    progress.finish();
    let pushed = accounts::publish::push_all(journal, now, only, timeout)
        .map_err(|e| super::app_error(e, |_| None))?;
    let failed: Vec<&calendars::refresh::RefreshOutcome> =
        outcomes.iter().filter(|o| o.error.is_some()).collect();
    if args.json {
        let mut all: Vec<serde_json::Value> = Vec::new();
        for o in &outcomes {
            all.push(serde_json::to_value(o)?);
        }
        for p in &pushed {
            all.push(serde_json::to_value(p)?);
        }
        super::write_json(out, &all)?;
    } else {
        if outcomes.is_empty() && pushed.is_empty() {
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
                (None, None) => format!("{}: unchanged", o.calendar),
            };
            writeln!(out, "{line}")?;
        }
    }
    if !args.json {
        for p in &pushed {
            match &p.error {
                Some(e) => writeln!(out, "block '{}': failed: {e}", p.block)?,
                None => writeln!(out, "block '{}': {}", p.block, p.done)?,
            }
        }
    }
    let push_failed: Vec<String> = pushed
        .iter()
        .filter_map(|p| p.error.as_ref().map(|e| format!("'{}' ({e})", p.block)))
        .collect();
    if failed.is_empty() && !push_failed.is_empty() {
        bail!(
            "{} could not be published: {}",
            words::count(push_failed.len() as i64, "block", "blocks"),
            push_failed.join("; ")
        );
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
