//! `bearing search`.

use std::io::Write;

use clap::Args;

use crate::app::Journal;
use crate::app::search::{self as find, HistoryRow, JournalFilter, SearchOptions};
use crate::domain::history::ItemId;

/// Options of `bearing search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words (all must match), "quoted phrases", prefix* words.
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// At most this many results [default: the best 20 as text, every match as JSON].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: Option<u32>,
    /// Print JSON: kind, id, sid, day, snippet (every match unless --limit).
    #[arg(long)]
    pub json: bool,
}

/// One result as `bearing search` prints it (and, in this order, as JSON).
#[derive(Debug, serde::Serialize)]
struct Hit<'a> {
    /// `reflection`, `note`, `review` or `conversation`.
    kind: &'static str,
    /// The entry's or conversation's id.
    id: i64,
    /// Its stable id, the same on every device the journal syncs to.
    sid: &'a str,
    /// Its day (a conversation's held, else planned, else noted day).
    day: chrono::NaiveDate,
    /// The matching passage, matches in `[brackets]`.
    snippet: &'a str,
}

impl<'a> Hit<'a> {
    fn of(row: &'a HistoryRow) -> Hit<'a> {
        Hit {
            kind: row.kind.as_str(),
            id: match row.id {
                ItemId::Entry(id) | ItemId::Conversation(id) => id,
            },
            sid: &row.sid,
            day: row.day,
            snippet: row.snippet.as_deref().unwrap_or_default(),
        }
    }
}

/// How many results `bearing search` prints as text when not told.
pub const DEFAULT_SHOWN: usize = 20;

/// Runs `bearing search` on the journal at `paths`, opened to read.
pub fn run(
    paths: &super::Paths,
    args: &SearchArgs,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    search(&paths.open_to_read()?, args, out)
}

/// Searches reflections, notes and conversations, best match first.
pub fn search(journal: &Journal, args: &SearchArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let query = args.query.join(" ");
    let nothing = || anyhow::anyhow!("nothing to search for in '{query}': give at least one word");
    let limit = match (args.limit, args.json) {
        (Some(n), _) => n as usize,
        (None, true) => usize::MAX,
        (None, false) => DEFAULT_SHOWN,
    };
    let rows = find::search(
        journal,
        &query,
        &JournalFilter::default(),
        limit,
        SearchOptions::EVERY_MATCH,
    )?
    .ok_or_else(nothing)?;
    let hits: Vec<Hit<'_>> = rows.iter().map(Hit::of).collect();
    if args.json {
        super::write_json(out, &hits)?;
        return Ok(());
    }
    if hits.is_empty() {
        writeln!(out, "Nothing matches '{query}'.")?;
        return Ok(());
    }
    for h in &hits {
        writeln!(out, "{}  {:<12} #{:<5} {}", h.day, h.kind, h.id, h.snippet)?;
    }
    let total = find::count_matches(journal, &query)?.ok_or_else(nothing)?;
    if total > hits.len() {
        let more = total - hits.len();
        writeln!(
            out,
            "… and {more} more (of {total}); see them with --limit {total}, or all as --json."
        )?;
    }
    Ok(())
}
