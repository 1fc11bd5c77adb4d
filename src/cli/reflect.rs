//! `bearing reflect`: add an entry from the command line.

use std::io::{IsTerminal, Read, Write};

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

use crate::app::journal::OpenMode;
use crate::app::{Field, Journal, Now, entries};
use crate::domain::entry::MAX_BODY_BYTES;
use crate::domain::{Clock, EntryKind};
use crate::io::editor::{EditError, EndSignal, Unfinished};

/// Options of `bearing reflect`.
#[derive(Debug, Clone, Args)]
pub struct ReflectArgs {
    /// The text; several words need no quotes. Text that starts with "-" (a checklist)
    /// goes after `--`: bearing reflect -- "- [ ] call Sam". Without it, standard input is
    /// read when piped, else $EDITOR opens.
    #[arg(value_name = "TEXT")]
    pub text: Vec<String>,
    /// Back-date the entry to a local time: "YYYY-MM-DD HH:MM" or words ("yesterday 17:30").
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// What kind of entry it is.
    #[arg(long, value_enum, default_value_t = KindArg::Reflection)]
    pub kind: KindArg,
    /// Write the text in $EDITOR even when standard input is piped.
    #[arg(long, short = 'e', conflicts_with = "text")]
    pub edit: bool,
    /// Print {"id": N, "sid": "..."} (its id here and on every device) instead of the bare
    /// id.
    #[arg(long)]
    pub json: bool,
}

/// Entry kinds as command-line values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// A daily reflection.
    Reflection,
    /// A free note.
    Note,
}

impl From<KindArg> for EntryKind {
    fn from(k: KindArg) -> EntryKind {
        match k {
            KindArg::Reflection => EntryKind::Reflection,
            KindArg::Note => EntryKind::Note,
        }
    }
}

/// Runs `bearing reflect` on the journal at `paths`: the text is read first (from the
/// argument, standard input or `$EDITOR`), then the journal opened to write it.
pub fn run(
    paths: &super::Paths,
    clock: &dyn crate::domain::Clock,
    args: &ReflectArgs,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    let text = match read_reflection_text(args)? {
        Written::Text(text) => text,
        Written::Ended(signal, unfinished) => {
            // Asked to end: the journal is opened to keep the editor's text only if that
            // needs no question (a plain journal, or a passphrase command).
            let mut journal = super::crypt::open(paths, OpenMode::Write, false)
                .ok()
                .filter(|j| j.read_only().is_none());
            let kind = args.kind.into();
            return Err(super::ended_in_editor(
                journal.as_mut(),
                clock,
                kind,
                signal,
                unfinished,
            ));
        }
    };
    let mut journal = paths.open_to_write()?;
    paths.take_leftovers(&mut journal, clock);
    reflect(&mut journal, clock, args, &text, out)
}

/// The entry's text, or, from `$EDITOR`, what it had saved when a signal asked bearing
/// to end.
enum Written {
    Text(String),
    Ended(EndSignal, Option<Unfinished>),
}

/// The entry's text: the arguments, else piped standard input, else `$EDITOR`.
fn read_reflection_text(args: &ReflectArgs) -> anyhow::Result<Written> {
    if !args.text.is_empty() {
        return Ok(Written::Text(args.text.join(" ")));
    }
    let stdin = std::io::stdin();
    if !args.edit && !stdin.is_terminal() {
        let mut bytes = Vec::new();
        stdin
            .lock()
            .take(MAX_BODY_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        // Too long is too long before any trimming: a cut that fell on whitespace would
        // otherwise be saved as if it were the whole text.
        if bytes.len() > MAX_BODY_BYTES {
            bail!(
                "the text is too long: an entry holds at most {} KB, and standard input has more; nothing was saved",
                MAX_BODY_BYTES / 1024
            );
        }
        return String::from_utf8(bytes)
            .map(Written::Text)
            .context("standard input is not UTF-8 text");
    }
    let edited = match crate::io::editor::edit("", MAX_BODY_BYTES) {
        Err(EditError::Signalled { signal, unfinished }) => {
            return Ok(Written::Ended(signal, unfinished));
        }
        other => other.context("cannot get the text from $EDITOR")?,
    };
    if let Some(note) = &edited.note {
        super::note(format_args!("bearing: {note}"));
    }
    Ok(Written::Text(edited.text))
}

/// The CLI's words for a refusal of `field` by an entry use case: its flag.
fn flag(field: Field) -> Option<&'static str> {
    match field {
        Field::WrittenAt => Some("--at"),
        Field::Kind => Some("--kind"),
        _ => None,
    }
}

/// Saves `text` as a new entry and prints its id.
pub fn reflect(
    journal: &mut Journal,
    clock: &dyn Clock,
    args: &ReflectArgs,
    text: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let at = args
        .at
        .as_deref()
        .map(|t| super::read_time(clock, "--at", t))
        .transpose()?;
    let new = entries::NewReflection {
        kind: args.kind.into(),
        at,
        text: text.to_string(),
    };
    let entry =
        entries::add(journal, Now::of(clock), &new, None).map_err(|e| super::app_error(e, flag))?;
    if args.json {
        writeln!(
            out,
            "{}",
            serde_json::json!({ "id": entry.id, "sid": entry.sid })
        )?;
    } else {
        writeln!(out, "{}", entry.id)?;
    }
    Ok(())
}
