//! `bearing list`: entries as text or JSON.

use std::io::Write;

use clap::Args;

use super::read_day;
use crate::app::search::{self as find, TypedFilter};
use crate::app::{Field, Journal};
use crate::domain::dates;
use crate::domain::history::ItemKind;
use crate::domain::{Clock, Entry, EntryKind};

/// Options of `bearing list`.
#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    /// First day to include: YYYY-MM-DD or words (yesterday, mon, 2 weeks ago).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day to include: YYYY-MM-DD or words (today, last fri).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only entries with this #tag.
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Only entries mentioning this @person.
    #[arg(long, value_name = "NAME")]
    pub person: Option<String>,
    /// Only entries of this kind.
    #[arg(long, value_enum)]
    pub kind: Option<ListKind>,
    /// Print a JSON array for scripts.
    #[arg(long)]
    pub json: bool,
}

/// Entry kinds `bearing list --kind` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListKind {
    /// Daily reflections.
    Reflection,
    /// Free notes.
    Note,
    /// Weekly reviews.
    Review,
}

impl From<ListKind> for EntryKind {
    fn from(k: ListKind) -> EntryKind {
        match k {
            ListKind::Reflection => EntryKind::Reflection,
            ListKind::Note => EntryKind::Note,
            ListKind::Review => EntryKind::Review,
        }
    }
}

/// The flag of a refused filter field.
fn flag(field: Field) -> Option<&'static str> {
    match field {
        Field::Tag => Some("--tag"),
        Field::Person => Some("--person"),
        Field::To => Some("--to"),
        _ => None,
    }
}

/// Runs `bearing list` on the journal at `paths`, opened to read.
pub fn run(
    paths: &super::Paths,
    clock: &dyn crate::domain::Clock,
    args: &ListArgs,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    list(&paths.open_to_read()?, clock, args, out)
}

/// Prints the entries matching `args`, oldest first.
pub fn list(
    journal: &Journal,
    clock: &dyn Clock,
    args: &ListArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let from = args
        .from
        .as_deref()
        .map(|t| read_day(clock, "--from", t))
        .transpose()?;
    let to = args
        .to
        .as_deref()
        .map(|t| read_day(clock, "--to", t))
        .transpose()?;
    let filter = TypedFilter {
        tag: args.tag.clone(),
        person: args.person.clone(),
        kind: args.kind.map(|k| ItemKind::Entry(k.into())),
        from,
        to,
    };
    let entries = find::list_entries(journal, &filter).map_err(|e| super::app_error(e, flag))?;
    if args.json {
        super::write_json(out, &entries.iter().map(entry_json).collect::<Vec<_>>())?;
        return Ok(());
    }
    if entries.is_empty() {
        writeln!(out, "No entries match.")?;
    }
    let mut last_day = None;
    for e in &entries {
        if last_day != Some(e.day) {
            if last_day.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{}", e.day.format(dates::LONG_DAY_YEAR))?;
            last_day = Some(e.day);
        }
        writeln!(
            out,
            "  #{} {} {}",
            e.id,
            e.at.format(dates::CLOCK),
            e.kind.as_str()
        )?;
        for line in e.body.lines() {
            writeln!(out, "    {line}")?;
        }
    }
    Ok(())
}

/// The JSON object of one entry, as `bearing list --json` prints it.
pub fn entry_json(e: &Entry) -> serde_json::Value {
    serde_json::json!({
        "id": e.id,
        "sid": e.sid,
        "at": crate::domain::time::rfc3339(&e.at),
        "day": e.day.to_string(),
        "kind": e.kind.as_str(),
        "body": e.body,
        "tags": e.tags,
        "people": e.people,
    })
}
