//! `bearing block`: plan leadership time blocks, change single occurrences, export them.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{anyhow, bail};
use chrono::Duration;
use clap::{Args, Subcommand, ValueEnum};

use crate::app::{self, Field, Journal, Now, blocks};
use crate::config::Config;
use crate::domain::block::{
    BlockSpec, Mark, Occurrence, Repeat, parse_every, parse_minutes, parse_weekdays,
};
use crate::domain::week::week_start;
use crate::domain::{Clock, dates};

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
    /// Put a block on the calendar that receives the blocks (a CalDAV account's), kept
    /// in step both ways; --stop takes it off.
    Publish(PublishArgs),
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
    /// Print {"id": N, "uid": "...", "sid": "..."} (the sid is the uid: its id on every
    /// device) instead of the bare id.
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
    /// Move it even more than four weeks away, or into the past.
    #[arg(long)]
    pub anyway: bool,
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

/// The CLI's words for a refusal of `field` by a block use case: its flag (the title is
/// an argument, named by the message itself).
fn flag(field: Field) -> Option<&'static str> {
    match field {
        Field::Start => Some("--start"),
        Field::Length | Field::KeptMinutes => Some("--minutes"),
        Field::Weekdays => Some("--days"),
        Field::Every => Some("--every"),
        Field::Until => Some("--until"),
        Field::OccurrenceOn => Some("--on"),
        Field::MovedTo => Some("--to"),
        Field::Confirm => Some("to move it anyway: --anyway"),
        Field::DeleteFrom => Some("--from"),
        _ => None,
    }
}

/// `e` as the CLI says it, pointing at `bearing block list` for a missing block.
fn said(e: app::Error) -> anyhow::Error {
    super::app_error(e, flag)
}

/// Runs `bearing block` on the journal at `paths` (opened to read for `list` and
/// `export`).
pub fn run(
    paths: &super::Paths,
    config: &crate::config::Config,
    clock: &dyn Clock,
    args: BlockArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let reads = matches!(
        args.command,
        BlockCommand::List(_) | BlockCommand::Export(_)
    );
    block(&mut super::open(paths, reads)?, config, clock, args, out)
}

/// Runs a block subcommand.
pub fn block(
    journal: &mut Journal,
    config: &Config,
    clock: &dyn Clock,
    args: BlockArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match args.command {
        BlockCommand::Add(a) => add(journal, clock, a, out),
        BlockCommand::List(a) => list(journal, config, clock, a, out),
        BlockCommand::Skip(a) => skip(journal, clock, a, out),
        BlockCommand::Move(a) => move_one(journal, clock, a, out),
        BlockCommand::Mark(a) => mark(journal, clock, a, out),
        BlockCommand::Rm(a) => rm(journal, clock, a, out),
        BlockCommand::Export(a) => export(journal, clock, a, out),
        BlockCommand::Publish(a) => {
            let title = crate::app::accounts::publish::publish(journal, a.id, a.stop)
                .map_err(|e| super::app_error(e, |_| None))?;
            if a.stop {
                writeln!(
                    out,
                    "'{title}' is no longer published; the next refresh removes it from the calendar."
                )?;
            } else {
                writeln!(
                    out,
                    "'{title}' is published; the next refresh (bearing refresh) puts it on the calendar."
                )?;
            }
            Ok(())
        }
    }
}

/// Options of `bearing block publish`.
#[derive(Debug, Args)]
pub struct PublishArgs {
    /// The block's id (bearing block list shows it).
    pub id: i64,
    /// Stop publishing it: it is removed from the calendar.
    #[arg(long)]
    pub stop: bool,
}

/// `bearing block add`.
fn add(
    journal: &mut Journal,
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
    };
    let block = blocks::add(journal, Now::of(clock), spec).map_err(said)?;
    if a.json {
        writeln!(
            out,
            "{}",
            serde_json::json!({ "id": block.id, "uid": block.uid, "sid": block.uid })
        )?;
    } else {
        writeln!(out, "{}", block.id)?;
    }
    Ok(())
}

/// The occurrence of block `id` scheduled on the day `on` names.
fn occurrence_on(
    journal: &Journal,
    clock: &dyn Clock,
    id: i64,
    on: &str,
) -> anyhow::Result<Occurrence> {
    let day = super::read_day(clock, "--on", on)?;
    blocks::occurrence_on(journal, Now::of(clock), id, day).map_err(said)
}

/// `bearing block skip`.
fn skip(
    journal: &mut Journal,
    clock: &dyn Clock,
    a: SkipArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let occ = occurrence_on(journal, clock, a.id, &a.on)?;
    blocks::skip(journal, occ.at(), a.reason).map_err(said)?;
    writeln!(
        out,
        "Skipped block {} on {}.",
        a.id,
        dates::day_time(occ.start.naive_local(), Now::of(clock).today())
    )?;
    Ok(())
}

/// `bearing block move`.
fn move_one(
    journal: &mut Journal,
    clock: &dyn Clock,
    a: MoveArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    // The occurrence is found before the new time is read, so a wrong one is said first.
    let occ = occurrence_on(journal, clock, a.id, &a.on)?;
    let to = super::read_wall_time(clock, "--to", &a.to)?;
    let now = Now::of(clock);
    blocks::move_occurrence(journal, now, occ.at(), to, a.anyway).map_err(said)?;
    let today = now.today();
    writeln!(
        out,
        "Moved block {} from {} to {}.",
        a.id,
        dates::day_time(occ.start.naive_local(), today),
        dates::day_time(to, today)
    )?;
    Ok(())
}

/// `bearing block mark`.
fn mark(
    journal: &mut Journal,
    clock: &dyn Clock,
    a: MarkArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let occ = occurrence_on(journal, clock, a.id, &a.on)?;
    let mark = match (a.mark, &a.minutes) {
        (MarkArg::Kept, None) => Mark::Kept,
        (MarkArg::Skipped, None) => Mark::Skipped,
        (MarkArg::Partly, Some(m)) => {
            Mark::PartlyKept(parse_minutes(m).map_err(|e| anyhow!("--minutes: {e}"))?)
        }
        (MarkArg::Partly, None) => bail!("say how many minutes were kept with --minutes"),
        (_, Some(_)) => bail!("--minutes goes with 'partly' only"),
    };
    blocks::mark(journal, occ.at(), mark).map_err(said)?;
    writeln!(
        out,
        "Marked block {} on {} as {}.",
        a.id,
        dates::day(occ.start.date_naive(), Now::of(clock).today()),
        match a.mark {
            MarkArg::Kept => "kept",
            MarkArg::Partly => "partly kept",
            MarkArg::Skipped => "skipped",
        }
    )?;
    Ok(())
}

/// `bearing block rm`: the whole block, or with `--from` its occurrences from a day on.
fn rm(
    journal: &mut Journal,
    clock: &dyn Clock,
    a: RmArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let from = a
        .from
        .as_deref()
        .map(|t| super::read_day(clock, "--from", t))
        .transpose()?;
    match from {
        Some(day) => {
            if blocks::end_before(journal, a.id, day).map_err(said)? {
                writeln!(out, "Block {} now ends before {day}.", a.id)?;
            } else {
                writeln!(out, "Deleted block {}.", a.id)?;
            }
        }
        None => {
            blocks::delete_series(journal, a.id).map_err(said)?;
            writeln!(out, "Deleted block {}.", a.id)?;
        }
    }
    Ok(())
}

/// `bearing block export`.
fn export(
    journal: &Journal,
    clock: &dyn Clock,
    a: ExportArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let export = blocks::export(journal, Now::of(clock)).map_err(said)?;
    match a.out {
        Some(path) => {
            super::write_file_atomically(&path, export.ics.as_bytes(), a.force)?;
            super::note(format_args!(
                "Wrote {} to {}.",
                crate::domain::words::count(export.blocks as i64, "block", "blocks"),
                path.display()
            ));
        }
        None => out.write_all(export.ics.as_bytes())?,
    }
    Ok(())
}

/// `bearing block list`.
fn list(
    journal: &Journal,
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
    let occurrences =
        blocks::occurrences_between(journal, Now::of(clock), first, last).map_err(said)?;
    if a.json {
        let items: Vec<_> = occurrences
            .iter()
            .map(|o| {
                serde_json::json!({
                    "block_id": o.block_id,
                    "block_sid": o.block_uid,
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
        first.format(dates::LONG_DAY_YEAR),
        last.format(dates::LONG_DAY)
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
            o.start.format(dates::DAY),
            o.start.format(dates::CLOCK),
            o.end.format(dates::CLOCK),
            o.title,
            o.block_id
        )?;
    }
    Ok(())
}
