//! `bearing reflect`: add an entry from the command line.

use std::io::{IsTerminal, Read, Write};

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

use crate::app::{Field, Journal, Now, entries};
use crate::domain::entry::MAX_BODY_BYTES;
use crate::domain::{Clock, EntryKind};

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
    /// Print {"id": N} instead of the bare id.
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
    let text = read_reflection_text(args)?;
    reflect(&mut paths.open_to_write()?, clock, args, &text, out)
}

/// The entry's text: the arguments, else piped standard input, else `$EDITOR`.
pub fn read_reflection_text(args: &ReflectArgs) -> anyhow::Result<String> {
    if !args.text.is_empty() {
        return Ok(args.text.join(" "));
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
        return String::from_utf8(bytes).context("standard input is not UTF-8 text");
    }
    let edited =
        crate::io::editor::edit("", MAX_BODY_BYTES).context("cannot get the text from $EDITOR")?;
    if let Some(note) = &edited.note {
        super::note(format_args!("bearing: {note}"));
    }
    Ok(edited.text)
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
        writeln!(out, "{}", serde_json::json!({ "id": entry.id }))?;
    } else {
        writeln!(out, "{}", entry.id)?;
    }
    Ok(())
}
