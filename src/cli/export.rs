//! `bearing export` and `bearing restore`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use crate::config::Config;
use crate::domain::classify::default_rules;
use crate::store::{JournalFilter, Store};

/// What to export as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A document for a person: one section per day.
    Markdown,
    /// A complete, lossless copy of everything, for `bearing restore`.
    Json,
}

/// Options of `bearing export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// markdown or json.
    #[arg(long, value_enum)]
    pub format: Format,
    /// First day (Markdown only): YYYY-MM-DD or words (fri, in 2 weeks).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day (Markdown only): YYYY-MM-DD or words (fri, in 2 weeks).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Write to FILE (private, 0600) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Keep the calendars' private addresses whole (JSON); without it they are cut to
    /// their host, so an export shared or synced does not carry the keys to your calendars.
    #[arg(long)]
    pub include_secrets: bool,
    /// Write plain text from an encrypted journal; without it, the export of an encrypted
    /// journal is encrypted with its passphrase (age's format: `age -d` decrypts it, and
    /// `bearing restore` reads it).
    #[arg(long)]
    pub plain: bool,
}

/// Options of `bearing restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A JSON export (`bearing export --format json`), plain or encrypted.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// Cuts the calendars' addresses in an export to what `bearing calendars` shows: a
/// private iCal address is a key to the calendar.
fn redact_sources(doc: &mut serde_json::Map<String, serde_json::Value>) {
    let Some(rows) = doc
        .get_mut("tables")
        .and_then(|t| t.get_mut("calendars"))
        .and_then(|c| c.as_array_mut())
    else {
        return;
    };
    for row in rows {
        for column in ["source", "source_key"] {
            if let Some(value) = row.get_mut(column)
                && let Some(text) = value.as_str()
                && matches!(
                    crate::domain::source::Source::parse(text),
                    crate::domain::source::Source::Url(_)
                )
            {
                *value = crate::domain::source::redact(text).into();
            }
        }
    }
}

/// Writes the export.
pub fn export(
    store: &Store,
    config: &Config,
    clock: &dyn crate::domain::Clock,
    args: &ExportArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let text = match args.format {
        Format::Json => {
            if args.from.is_some() || args.to.is_some() {
                bail!(
                    "a JSON export is always complete; --from and --to go with --format markdown"
                );
            }
            let mut doc = store.export_json()?;
            if !args.include_secrets {
                redact_sources(&mut doc);
            }
            // For the record: the rules in effect when exported (not restored; they live
            // in config.toml).
            let mut rules = config.rules.clone();
            if config.classification.defaults {
                rules.extend(default_rules());
            }
            doc.insert("rules".into(), serde_json::to_value(rules)?);
            serde_json::to_string_pretty(&doc)? + "\n"
        }
        Format::Markdown => {
            let from = args
                .from
                .as_deref()
                .map(|t| super::read_day(clock, "--from", t))
                .transpose()?;
            let to = args
                .to
                .as_deref()
                .map(|t| super::read_day(clock, "--to", t))
                .transpose()?;
            if let (Some(f), Some(t)) = (from, to)
                && f > t
            {
                bail!("--from {f} is after --to {t}");
            }
            markdown(store, from, to)?
        }
    };
    let sealed = match store.key() {
        Some(key) if !args.plain => Some(super::crypt::seal(&text, key.passphrase())?),
        _ => None,
    };
    let how = if sealed.is_some() {
        " (encrypted with the journal's passphrase: age -d decrypts it, bearing restore reads it)"
    } else {
        ""
    };
    let text = sealed.unwrap_or(text);
    match &args.out {
        Some(path) => {
            super::write_file_atomically(path, text.as_bytes(), args.force)?;
            super::note(format_args!("Exported to {}{how}.", path.display()));
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(())
}

fn markdown(
    store: &Store,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> anyhow::Result<String> {
    let entries = store.list_entries(&JournalFilter {
        from,
        to,
        ..Default::default()
    })?;
    let all = store.list_conversations(&Default::default())?;
    let conversations: Vec<_> = all
        .iter()
        .filter(|c| {
            c.day()
                .is_some_and(|d| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t))
        })
        .collect();
    // A conversation without a date belongs to no period: a whole export has it at the end.
    let undated: Vec<_> = if from.is_none() && to.is_none() {
        all.iter().filter(|c| c.day().is_none()).collect()
    } else {
        Vec::new()
    };
    let mut days: Vec<NaiveDate> = entries
        .iter()
        .map(|e| e.day)
        .chain(conversations.iter().filter_map(|c| c.day()))
        .collect();
    days.sort();
    days.dedup();
    let span = match (days.first(), days.last()) {
        (Some(a), Some(b)) => format!(", {a} to {b}"),
        _ => String::new(),
    };
    let mut md = format!("# bearing journal{span}\n");
    if days.is_empty() && undated.is_empty() {
        md.push_str("\nNothing written in this period.\n");
    }
    for day in days {
        md.push_str(&format!("\n## {}\n", day.format("%A %-d %B %Y")));
        for e in entries.iter().filter(|e| e.day == day) {
            md.push_str(&format!(
                "\n### {} · {}\n\n{}\n",
                e.at.format("%H:%M"),
                e.kind.as_str(),
                paragraphs(&e.body)
            ));
        }
        for c in conversations.iter().filter(|c| c.day() == Some(day)) {
            md.push_str(&conversation_markdown(c));
        }
    }
    if !undated.is_empty() {
        md.push_str("\n## Conversations without a date\n");
        for c in undated {
            md.push_str(&conversation_markdown(c));
        }
    }
    Ok(md)
}

/// Text as Markdown paragraphs: each line of it one paragraph, a blank line between, so
/// a multi-line entry keeps its lines (Markdown joins lines that touch); runs of blank
/// lines become one.
fn paragraphs(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// One conversation as a Markdown section: heading, follow-up, and each field written.
fn conversation_markdown(c: &crate::domain::conversation::Conversation) -> String {
    let mut c = c.clone();
    let kind = if c.stay_interview {
        "Stay interview"
    } else {
        "Conversation"
    };
    let mut md = format!(
        "\n### {kind} with {}: {} ({})\n",
        c.person,
        c.topic,
        c.status.label()
    );
    if let Some(f) = c.followup_on {
        md.push_str(&format!("\nFollow-up on {f}.\n"));
    }
    for (label, value) in c.text_fields_mut() {
        if !value.trim().is_empty() {
            md.push_str(&format!("\n**{label}.** {}\n", paragraphs(value)));
        }
    }
    md
}

/// Loads an export into an empty journal, or into a new one where there is none yet (a
/// failed restore then leaves no journal behind).
pub fn restore(
    paths: &super::Paths,
    clock: &dyn crate::domain::Clock,
    args: &RestoreArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let (text, pass) = if super::crypt::is_sealed(&bytes) {
        let (text, pass) = super::crypt::open_sealed(paths, &args.file, &bytes)?;
        (text, Some(pass))
    } else {
        let text = String::from_utf8(bytes).map_err(|_| {
            anyhow::anyhow!("{} is not a bearing export (not text)", args.file.display())
        })?;
        (zeroize::Zeroizing::new(text), None)
    };
    let doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "{} is not a bearing export (not JSON: {e})",
            args.file.display()
        )
    })?;
    let cannot = || format!("cannot restore {}", args.file.display());
    let rows = if std::fs::symlink_metadata(&paths.journal).is_ok() {
        super::crypt::open_for_restore(paths, pass.as_ref())?
            .restore_json(&doc)
            .with_context(cannot)?
    } else {
        // A new journal is encrypted where a passphrase command is set (with its
        // passphrase), or where the export was (with the export's).
        let key = super::crypt::key_for_new_journal(paths, pass.as_ref())?;
        Store::restore_new(&paths.journal, &doc, key.as_ref()).with_context(cannot)?
    };
    writeln!(out, "Restored {rows} rows from {}.", args.file.display())?;
    // An export from an older journal format brings its calendars' files but not their
    // events in today's form: they are rebuilt from those files.
    let mut store = paths.open_store()?;
    let rebuilt = crate::app::calendars::import::rebuild_stale_calendars(
        &mut store,
        clock.zone(),
        clock.now().to_utc(),
    )?;
    if !rebuilt.is_empty() {
        writeln!(
            out,
            "Rebuilt the events of {} from their files.",
            crate::domain::words::count(rebuilt.len() as i64, "calendar", "calendars")
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{EntryKind, NewEntry};
    use crate::store::NewConversation;

    #[test]
    fn entries_keep_their_paragraphs_and_undated_conversations_are_included() {
        let mut store = Store::open_in_memory().unwrap();
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-22T09:30:00+01:00").unwrap();
        store
            .insert_entry(
                &NewEntry {
                    kind: EntryKind::Reflection,
                    at,
                    body: "First thought.\nSecond thought.\n\n\nThird, after a gap.".into(),
                },
                None,
            )
            .unwrap();
        let mut c = store
            .insert_conversation(&NewConversation {
                person: "Sam",
                topic: "Ownership",
                planned_at: None,
                stay_interview: false,
                event_uid: None,
            })
            .unwrap();
        c.prep.situation = "Stand-up, Monday.\nAnd Tuesday.".into();
        store.update_conversation(&c).unwrap();
        let md = markdown(&store, None, None).unwrap();
        assert!(
            md.contains("First thought.\n\nSecond thought.\n\nThird, after a gap.\n"),
            "{md}"
        );
        assert!(md.contains("## Conversations without a date"), "{md}");
        assert!(
            md.contains("### Conversation with Sam: Ownership (planned)"),
            "{md}"
        );
        assert!(
            md.contains("**Situation.** Stand-up, Monday.\n\nAnd Tuesday."),
            "{md}"
        );
        // A period has no room for what has no date.
        let day = at.date_naive();
        let md = markdown(&store, Some(day), Some(day)).unwrap();
        assert!(!md.contains("Ownership"), "{md}");
    }
}
