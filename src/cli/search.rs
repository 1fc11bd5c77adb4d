//! `bearing search` and `bearing backup`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use crate::app::Journal;
use crate::app::search::{self as find, HistoryRow, JournalFilter, SearchOptions};
use crate::domain::history::ItemId;
use crate::store::Store;

/// Options of `bearing search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words (all must match), "quoted phrases", prefix* words.
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// At most this many results [default: the best 20 as text, every match as JSON].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: Option<u32>,
    /// Print JSON: id, kind, day, snippet (every match unless --limit).
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
            day: row.day,
            snippet: row.snippet.as_deref().unwrap_or_default(),
        }
    }
}

/// How many results `bearing search` prints as text when not told.
pub const DEFAULT_SHOWN: usize = 20;

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

/// Options of `bearing backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy (must not exist yet).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// Options of `bearing check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Print `{"ok": bool, "problems": [..]}`.
    #[arg(long)]
    pub json: bool,
}

/// Reads the whole journal file to find damage (SQLite's integrity check). Slow on a large
/// journal (seconds), so it is a command of its own rather than part of every start.
pub fn check(store: &Store, args: &CheckArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let report = store.integrity_check()?;
    let ok = report == "ok";
    if args.json {
        let problems: Vec<&str> = if ok {
            Vec::new()
        } else {
            report.lines().collect()
        };
        super::write_json(out, &serde_json::json!({ "ok": ok, "problems": problems }))?;
    } else if ok {
        writeln!(out, "The journal is sound.")?;
    }
    if !ok {
        anyhow::bail!(
            "the journal file is damaged: {}. Open a copy from a backup or restore an export",
            report.lines().next().unwrap_or_default()
        );
    }
    Ok(())
}

/// Copies the journal safely, even while bearing is running.
pub fn backup(store: &Store, args: &BackupArgs, out: &mut impl Write) -> anyhow::Result<()> {
    store
        .backup_to(&args.file)
        .with_context(|| format!("cannot back up to {}", args.file.display()))?;
    writeln!(out, "Backed up the journal to {}.", args.file.display())?;
    Ok(())
}
