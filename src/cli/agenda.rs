//! `bearing agenda`: what to raise at the next 1:1 with someone; mark items discussed.

use std::io::Write;

use anyhow::{anyhow, bail};
use clap::{Args, Subcommand};

use super::Paths;
use crate::app::{self, Field, Journal, Now, coaching};
use crate::domain::coaching::{AgendaItem, AgendaSource};
use crate::domain::dates;
use crate::domain::{Clock, words};

/// `bearing agenda`: what to raise at the next 1:1 with someone.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AgendaArgs {
    /// Mark an item discussed.
    #[command(subcommand)]
    pub command: Option<AgendaCommand>,
    /// Whose agenda.
    pub name: Option<String>,
    /// Print JSON: id, sid (the item's id on every device), text, source, since.
    #[arg(long)]
    pub json: bool,
}

/// The agenda subcommands.
#[derive(Debug, Subcommand)]
pub enum AgendaCommand {
    /// Add something to raise at the next 1:1 with someone.
    Add {
        /// Whose agenda.
        name: String,
        /// What to raise.
        text: String,
    },
    /// Mark an item discussed; what is not marked carries to the next 1:1.
    Done {
        /// The item's id, as the agenda shows it.
        id: String,
    },
}

/// `e` as the CLI says it: an item that is not open points at the agenda's ids.
fn said(e: app::Error) -> anyhow::Error {
    match e {
        app::Error::Refused {
            field: Field::AgendaItem,
            message,
        } => anyhow!("{message}; `bearing agenda NAME` shows the ids"),
        e => super::app_error(e, |_| None),
    }
}

/// Runs `bearing agenda` on the journal at `paths` (opened to read only to show one).
pub fn run(
    paths: &Paths,
    clock: &dyn Clock,
    args: AgendaArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let reads = args.command.is_none();
    agenda(&mut super::open(paths, reads)?, clock, args, out)
}

/// Runs `bearing agenda`.
pub fn agenda(
    journal: &mut Journal,
    clock: &dyn Clock,
    args: AgendaArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match args.command {
        Some(AgendaCommand::Done { id }) => {
            let id = id.trim();
            coaching::mark_discussed(journal, Now::of(clock), None, id).map_err(said)?;
            writeln!(out, "Marked {id} discussed.")?;
            return Ok(());
        }
        Some(AgendaCommand::Add { name, text }) => {
            let item =
                coaching::add_agenda_item(journal, Now::of(clock), &name, &text).map_err(said)?;
            writeln!(
                out,
                "Added [{}] to {}'s agenda: {}",
                item.id,
                crate::domain::person::clean(&name),
                item.text
            )?;
            return Ok(());
        }
        None => {}
    }
    let Some(name) = args.name else {
        bail!("whose agenda? bearing agenda NAME");
    };
    let (who, items) = coaching::agenda(journal, &name, clock.today()).map_err(said)?;
    if args.json {
        return super::write_json(out, &agenda_json(&items));
    }
    if items.is_empty() {
        writeln!(
            out,
            "Nothing to raise with {who} yet. Lines of your reflections that start with Next:, Ask or - [ ] and name @{who} land here."
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "To raise with {who} ({}):",
        words::count(items.len() as i64, "item", "items")
    )?;
    for i in &items {
        let from = match i.source {
            AgendaSource::Reflection => format!("noted {}", i.since.format(dates::DAY)),
            AgendaSource::FollowUp => format!("follow-up {}", i.since.format(dates::DAY)),
            AgendaSource::Delegation => format!("check-in {}", i.since.format(dates::DAY)),
            AgendaSource::Added => format!("added {}", i.since.format(dates::DAY)),
        };
        writeln!(out, "  [{}] {} ({from})", i.id, i.text)?;
    }
    writeln!(out, "Mark one discussed: bearing agenda done ID")?;
    Ok(())
}

/// Agenda items as JSON.
pub fn agenda_json(items: &[AgendaItem]) -> Vec<serde_json::Value> {
    items
        .iter()
        .map(|i| {
            serde_json::json!({
                "id": i.id,
                "sid": i.sid,
                "text": i.text,
                "source": i.source,
                "since": i.since.to_string(),
            })
        })
        .collect()
}
