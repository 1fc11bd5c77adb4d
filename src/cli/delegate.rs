//! `bearing delegate`: hand a task over with what done looks like (outcomes, not tasks);
//! list, finish or drop delegations.

use std::io::Write;

use clap::{Args, Subcommand};

use super::Paths;
use crate::app::{self, Field, Journal, coaching};
use crate::domain::Clock;
use crate::domain::coaching::{Delegation, DelegationStatus};
use crate::domain::dates;

/// `bearing delegate`: hand a task over with what done looks like.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct DelegateArgs {
    /// List, finish or drop delegations; without one, a new delegation is noted.
    #[command(subcommand)]
    pub command: Option<DelegateCommand>,
    /// Who it goes to.
    #[arg(long, value_name = "NAME")]
    pub to: Option<String>,
    /// What is handed over.
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = super::free_text)]
    pub task: Option<String>,
    /// What done looks like: the outcome, so they can own the how.
    #[arg(long = "done", value_name = "TEXT", allow_hyphen_values = true, value_parser = super::free_text)]
    pub done_looks_like: Option<String>,
    /// How far their authority goes (e.g. "decide, then tell me").
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = super::free_text)]
    pub authority: Option<String>,
    /// When to check in, for roadblocks only: a date or words (fri, in 2 weeks).
    #[arg(long, value_name = "DATE")]
    pub check_in: Option<String>,
    /// When it is due: a date or words.
    #[arg(long, value_name = "DATE")]
    pub due: Option<String>,
    /// --to names someone new (a name nobody has is refused as a likely typo).
    #[arg(long)]
    pub new_person: bool,
    /// Print {"id": N, "sid": "..."} (its id here and on every device).
    #[arg(long)]
    pub json: bool,
}

/// The delegate subcommands.
#[derive(Debug, Subcommand)]
pub enum DelegateCommand {
    /// List delegations, open ones first.
    List {
        /// Only to this person.
        #[arg(long, value_name = "NAME")]
        person: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// It is done, as done was defined.
    Done {
        /// The delegation's id.
        id: i64,
    },
    /// Take it back, or it is no longer needed.
    Drop {
        /// The delegation's id.
        id: i64,
    },
}

/// The CLI's words for a refusal of `field` by a delegation use case: its flag. The
/// check-in's refusals name the check-in already.
fn flag(field: Field) -> Option<&'static str> {
    match field {
        Field::Person => Some("--to NAME"),
        Field::NewPerson => Some("to add them: --new-person"),
        Field::Task => Some("--task"),
        Field::DoneLooksLike => Some("--done"),
        Field::CheckIn => Some("--check-in"),
        _ => None,
    }
}

/// `e` as the CLI says it, pointing at `bearing delegate list` for a missing delegation.
fn said(e: app::Error) -> anyhow::Error {
    super::app_error(e, flag)
}

/// Runs `bearing delegate` on the journal at `paths` (opened to read only for a list).
pub fn run(
    paths: &Paths,
    clock: &dyn Clock,
    args: DelegateArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let reads = matches!(args.command, Some(DelegateCommand::List { .. }));
    delegate(&mut super::open(paths, reads)?, clock, args, out)
}

/// Runs `bearing delegate`.
pub fn delegate(
    journal: &mut Journal,
    clock: &dyn Clock,
    args: DelegateArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let today = clock.today();
    match args.command {
        None => add(journal, clock, args, out),
        Some(DelegateCommand::List { person, json }) => list(journal, today, person, json, out),
        Some(DelegateCommand::Done { id }) => {
            let d = coaching::close_delegation(journal, today, id, DelegationStatus::Done)
                .map_err(said)?;
            writeln!(out, "Delegation {id} is done: {} by {}.", d.task, d.person)?;
            Ok(())
        }
        Some(DelegateCommand::Drop { id }) => {
            let d = coaching::close_delegation(journal, today, id, DelegationStatus::Dropped)
                .map_err(said)?;
            writeln!(out, "Delegation {id} dropped: {}.", d.task)?;
            Ok(())
        }
    }
}

/// `bearing delegate --to NAME --task TEXT --done TEXT`: prints the new delegation's id.
fn add(
    journal: &mut Journal,
    clock: &dyn Clock,
    args: DelegateArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let day = |flag: &str, text: Option<String>| {
        text.map(|t| super::read_day(clock, flag, &t)).transpose()
    };
    let new = coaching::NewDelegation {
        person: args.to.unwrap_or_default(),
        task: args.task.unwrap_or_default(),
        done_looks_like: args.done_looks_like.unwrap_or_default(),
        authority: args.authority.unwrap_or_default(),
        check_in: day("--check-in", args.check_in)?,
        due: day("--due", args.due)?,
        new_person: args.new_person,
    };
    let d = coaching::delegate(journal, clock.today(), &new).map_err(said)?;
    if args.json {
        writeln!(out, "{}", serde_json::json!({ "id": d.id, "sid": d.sid }))?;
    } else {
        writeln!(out, "{}", d.id)?;
    }
    Ok(())
}

/// `bearing delegate list`.
fn list(
    journal: &Journal,
    today: chrono::NaiveDate,
    person: Option<String>,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let list = coaching::delegations(journal, person.as_deref()).map_err(said)?;
    if json {
        let items: Vec<_> = list.iter().map(delegation_json).collect();
        return super::write_json(out, &items);
    }
    if list.is_empty() {
        writeln!(
            out,
            "Nothing delegated yet. Hand over an outcome: bearing delegate --to NAME --task TEXT --done \"what done looks like\""
        )?;
    }
    for d in &list {
        let mut when = Vec::new();
        if let Some(c) = d.check_in_on {
            let late = if d.check_in_due(today) { " (due)" } else { "" };
            when.push(format!("check in {}{late}", c.format(dates::DAY)));
        }
        if let Some(due) = d.due_on {
            when.push(format!("due {}", due.format(dates::DAY)));
        }
        let when = if when.is_empty() {
            String::new()
        } else {
            format!(" · {}", when.join(" · "))
        };
        writeln!(
            out,
            "#{} {} → {} · {}{when}",
            d.id,
            d.task,
            d.person,
            d.status.as_str()
        )?;
        writeln!(out, "  done looks like: {}", d.done_looks_like)?;
        if !d.authority.is_empty() {
            writeln!(out, "  authority: {}", d.authority)?;
        }
    }
    Ok(())
}

/// A delegation as JSON.
pub fn delegation_json(d: &Delegation) -> serde_json::Value {
    serde_json::json!({
        "id": d.id,
        "sid": d.sid,
        "person": d.person,
        "task": d.task,
        "done_looks_like": d.done_looks_like,
        "authority": d.authority,
        "check_in_on": d.check_in_on.map(|x| x.to_string()),
        "due_on": d.due_on.map(|x| x.to_string()),
        "status": d.status.as_str(),
        "since": d.since.to_string(),
    })
}
