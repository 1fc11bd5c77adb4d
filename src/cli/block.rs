//! `bearing block`: plan leadership time blocks, change single occurrences, export them.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{anyhow, bail};
use chrono::{Duration, NaiveDate};
use clap::{Args, Subcommand, ValueEnum};

use crate::calendar::{expand_block, export::blocks_to_ics};
use crate::config::Config;
use crate::domain::Clock;
use crate::domain::block::{
    Block, BlockSpec, Mark, Occurrence, Repeat, parse_every, parse_kept_minutes, parse_minutes,
    parse_weekdays,
};
use crate::domain::week::{day_window, week_start};
use crate::store::Store;

/// `bearing block` and its subcommands.
#[derive(Debug, Args)]
pub struct BlockArgs {
    /// What to do with blocks.
    #[command(subcommand)]
    pub command: BlockCommand,
}

/// The block subcommands.
#[derive(Debug, Subcommand)]
pub enum BlockCommand {
    /// Plan a block of leadership time; prints its id.
    Add(AddArgs),
    /// List the block occurrences of a week.
    List(ListArgs),
    /// Skip one occurrence.
    Skip(SkipArgs),
    /// Move one occurrence to another time.
    Move(MoveArgs),
    /// Record after the fact whether an occurrence was kept.
    Mark(MarkArgs),
    /// Delete a block, or its occurrences from a date on.
    Rm(RmArgs),
    /// Write every block as an iCalendar (.ics) file to import into your calendar.
    Export(ExportArgs),
}

/// Options of `bearing block add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// What the time is for, e.g. "Vision work".
    pub title: String,
    /// First occurrence, local time: "YYYY-MM-DD HH:MM" or words ("tomorrow 9:00").
    #[arg(long, value_name = "WHEN")]
    pub start: String,
    /// Length: minutes (90), or hours and minutes (1h30). From 5 minutes to 12 hours.
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub minutes: String,
    /// Why this time matters.
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = super::free_text)]
    pub why: Option<String>,
    /// Repeat every week (on the start's weekday unless --days says otherwise).
    #[arg(long)]
    pub weekly: bool,
    /// Weekdays to repeat on, e.g. mon,thu.
    #[arg(long, value_name = "DAYS", requires = "weekly")]
    pub days: Option<String>,
    /// Repeat every N weeks (1 to 52).
    #[arg(
        long,
        value_name = "N",
        requires = "weekly",
        allow_hyphen_values = true
    )]
    pub every: Option<String>,
    /// Last day the block may happen on: YYYY-MM-DD or words (fri, in 2 weeks).
    #[arg(long, value_name = "DATE", requires = "weekly")]
    pub until: Option<String>,
    /// Print {"id": N} instead of the bare id.
    #[arg(long)]
    pub json: bool,
}

/// Options of `bearing block list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Any day of the week to list: YYYY-MM-DD or words [default: today].
    #[arg(long, value_name = "DATE")]
    pub week: Option<String>,
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

/// Options of `bearing block skip`.
#[derive(Debug, Args)]
pub struct SkipArgs {
    /// The block's id.
    pub id: i64,
    /// The date of the occurrence: YYYY-MM-DD or words (fri, in 2 weeks).
    #[arg(long, value_name = "DATE")]
    pub on: String,
    /// Why it is skipped.
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = super::free_text)]
    pub reason: Option<String>,
}

/// Options of `bearing block move`.
#[derive(Debug, Args)]
pub struct MoveArgs {
    /// The block's id.
    pub id: i64,
    /// The date of the occurrence: YYYY-MM-DD or words (fri, in 2 weeks).
    #[arg(long, value_name = "DATE")]
    pub on: String,
    /// Its new start: "YYYY-MM-DD HH:MM" or words ("fri 14:00").
    #[arg(long, value_name = "WHEN")]
    pub to: String,
}

/// What became of an occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MarkArg {
    /// Used as intended.
    Kept,
    /// Partly used (give --minutes).
    Partly,
    /// Not used.
    Skipped,
}

/// Options of `bearing block mark`.
#[derive(Debug, Args)]
pub struct MarkArgs {
    /// The block's id.
    pub id: i64,
    /// The date of the occurrence: YYYY-MM-DD or words (fri, in 2 weeks).
    #[arg(long, value_name = "DATE")]
    pub on: String,
    /// kept, partly or skipped.
    #[arg(value_enum)]
    pub mark: MarkArg,
    /// Minutes kept, with `partly`.
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub minutes: Option<String>,
}

/// Options of `bearing block rm`.
#[derive(Debug, Args)]
pub struct RmArgs {
    /// The block's id.
    pub id: i64,
    /// Delete only the occurrences from this date on: YYYY-MM-DD or words (fri, in 2 weeks).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
}

/// Options of `bearing block export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write to this file instead of standard output (an existing file is kept unless
    /// --force).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// Runs a block subcommand.
pub fn block(
    store: &mut Store,
    config: &Config,
    clock: &dyn Clock,
    args: BlockArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match args.command {
        BlockCommand::Add(a) => add(store, clock, a, out),
        BlockCommand::List(a) => list(store, config, clock, a, out),
        BlockCommand::Skip(a) => {
            let occ = occurrence_on(store, clock, a.id, &a.on)?;
            store.change_occurrence(a.id, occ.original, |e| {
                e.mark = Some(Mark::Skipped);
                e.reason = a.reason.clone().filter(|r| !r.trim().is_empty());
            })?;
            writeln!(
                out,
                "Skipped block {} on {}.",
                a.id,
                occ.start.format("%a %-d %b %H:%M")
            )?;
            Ok(())
        }
        BlockCommand::Move(a) => {
            let occ = occurrence_on(store, clock, a.id, &a.on)?;
            let to = super::read_wall_time(clock, "--to", &a.to)?;
            let moved = crate::domain::block::moved_to(occ.original, to, clock.zone())?;
            store.change_occurrence(a.id, occ.original, |e| e.moved_to = moved)?;
            writeln!(
                out,
                "Moved block {} from {} to {}.",
                a.id,
                occ.start.format("%a %-d %b %H:%M"),
                to.format("%a %-d %b %H:%M")
            )?;
            Ok(())
        }
        BlockCommand::Mark(a) => {
            let occ = occurrence_on(store, clock, a.id, &a.on)?;
            let mark = match (a.mark, &a.minutes) {
                (MarkArg::Kept, None) => Mark::Kept,
                (MarkArg::Skipped, None) => Mark::Skipped,
                (MarkArg::Partly, Some(m)) => Mark::PartlyKept(
                    parse_kept_minutes(m, occ.minutes()).map_err(|e| anyhow!("--minutes: {e}"))?,
                ),
                (MarkArg::Partly, None) => bail!("say how many minutes were kept with --minutes"),
                (_, Some(_)) => bail!("--minutes goes with 'partly' only"),
            };
            store.change_occurrence(a.id, occ.original, |e| e.mark = Some(mark))?;
            writeln!(
                out,
                "Marked block {} on {} as {}.",
                a.id,
                occ.start.format("%a %-d %b"),
                match a.mark {
                    MarkArg::Kept => "kept",
                    MarkArg::Partly => "partly kept",
                    MarkArg::Skipped => "skipped",
                }
            )?;
            Ok(())
        }
        BlockCommand::Rm(a) => {
            let from = a
                .from
                .as_deref()
                .map(|t| super::read_day(clock, "--from", t))
                .transpose()?;
            if let Some(day) = from {
                let block = store.block(a.id)?.ok_or_else(|| {
                    anyhow!(
                        "there is no block {}; `bearing block list` shows them",
                        a.id
                    )
                })?;
                let first = block.start.date();
                if day <= first {
                    bail!(
                        "block {} starts on {}, so --from {day} would remove all of it; to delete the block, run `bearing block rm {}`",
                        a.id,
                        first.format("%a %-d %b %Y"),
                        a.id
                    );
                }
                if block.repeat == Repeat::Once {
                    bail!(
                        "block {} happens once, on {}; to delete it, run `bearing block rm {}`",
                        a.id,
                        first.format("%a %-d %b %Y"),
                        a.id
                    );
                }
            }
            let left = store.delete_block(a.id, from)?;
            match (left, from) {
                (true, Some(d)) => writeln!(out, "Block {} now ends before {d}.", a.id)?,
                _ => writeln!(out, "Deleted block {}.", a.id)?,
            }
            Ok(())
        }
        BlockCommand::Export(a) => {
            let blocks = store.list_blocks_with_exceptions()?;
            let ics = blocks_to_ics(&blocks, clock.now().to_utc());
            match a.out {
                Some(path) => {
                    super::write_file_atomically(&path, ics.as_bytes(), a.force)?;
                    super::note(format_args!(
                        "Wrote {} to {}.",
                        crate::domain::words::count(blocks.len() as i64, "block", "blocks"),
                        path.display()
                    ));
                }
                None => out.write_all(ics.as_bytes())?,
            }
            Ok(())
        }
    }
}

fn add(
    store: &mut Store,
    clock: &dyn Clock,
    a: AddArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let start = super::read_wall_time(clock, "--start", &a.start)?;
    let minutes = parse_minutes(&a.minutes)?;
    let repeat = if a.weekly {
        Repeat::Weekly {
            days: a
                .days
                .as_deref()
                .map(parse_weekdays)
                .transpose()?
                .unwrap_or_default(),
            every: a
                .every
                .as_deref()
                .map(parse_every)
                .transpose()?
                .unwrap_or(1),
            until: a
                .until
                .as_deref()
                .map(|t| super::read_day(clock, "--until", t))
                .transpose()?,
        }
    } else {
        Repeat::Once
    };
    let spec = BlockSpec {
        title: a.title,
        intention: a.why.unwrap_or_default(),
        start,
        minutes,
        repeat,
    }
    .validated(clock.zone())?;
    let block = store.insert_block(&spec, clock.zone())?;
    if a.json {
        writeln!(
            out,
            "{}",
            serde_json::json!({ "id": block.id, "uid": block.uid })
        )?;
    } else {
        writeln!(out, "{}", block.id)?;
    }
    Ok(())
}

/// Every block occurrence overlapping the local days `from..=to`.
fn occurrences_between(
    store: &Store,
    clock: &dyn Clock,
    from: NaiveDate,
    to: NaiveDate,
) -> anyhow::Result<Vec<Occurrence>> {
    Ok(crate::app::audit::blocks_between(
        store,
        clock.zone(),
        from,
        to,
        clock.now().to_utc(),
    )?)
}

fn occurrence_on(
    store: &Store,
    clock: &dyn Clock,
    id: i64,
    on: &str,
) -> anyhow::Result<Occurrence> {
    let day = super::read_day(clock, "--on", on)?;
    let block: Block = store
        .block(id)?
        .ok_or_else(|| anyhow!("there is no block {id}; `bearing block list` shows them"))?;
    let (from, to) = day_window(block.zone, day, day);
    let exceptions = store.block_exceptions(id)?;
    // Match the scheduled day, so an occurrence moved to another day is still found by it.
    let wide = expand_block(
        &block,
        &exceptions,
        from - Duration::days(60),
        to + Duration::days(60),
        clock.now().to_utc(),
    );
    wide.into_iter()
        .find(|o| o.original.date() == day)
        .ok_or_else(|| {
            anyhow!(
                "block {id} ({}, {}) has no occurrence on {day}",
                block.title,
                block.repeat
            )
        })
}

fn list(
    store: &Store,
    config: &Config,
    clock: &dyn Clock,
    a: ListArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let day = match &a.week {
        Some(text) => super::read_day(clock, "--week", text)?,
        None => clock.today(),
    };
    let first = week_start(day, config.week.first_day.0);
    let last = first + Duration::days(6);
    let occurrences = occurrences_between(store, clock, first, last)?;
    if a.json {
        let items: Vec<_> = occurrences
            .iter()
            .map(|o| {
                serde_json::json!({
                    "block_id": o.block_id,
                    "title": o.title,
                    "intention": o.intention,
                    "start": crate::domain::time::rfc3339(&o.start),
                    "end": crate::domain::time::rfc3339(&o.end),
                    "status": o.status.as_str(),
                    "kept_minutes": o.kept_minutes,
                    "moved": o.moved,
                    "reason": o.reason,
                })
            })
            .collect();
        super::write_json(out, &items)?;
        return Ok(());
    }
    writeln!(
        out,
        "Week of {} to {}",
        first.format("%A %-d %B %Y"),
        last.format("%A %-d %B")
    )?;
    if occurrences.is_empty() {
        writeln!(
            out,
            "  No blocks this week. Plan one: bearing block add \"Vision work\" --start \"{} 09:00\" --minutes 120 --weekly",
            first + Duration::days(1)
        )?;
    }
    for o in &occurrences {
        let mut status = o.status.label().to_string();
        if o.moved {
            status.push_str(", moved");
        }
        writeln!(
            out,
            "  {} {}-{}  {}  [{status}]  block {}",
            o.start.format("%a %-d %b"),
            o.start.format("%H:%M"),
            o.end.format("%H:%M"),
            o.title,
            o.block_id
        )?;
    }
    Ok(())
}
