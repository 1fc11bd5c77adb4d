//! `bearing check`: the whole journal file read to find damage.

use std::io::Write;

use clap::Args;

use crate::app::Journal;
use crate::app::files::{self, Check};

/// Options of `bearing check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Print `{"ok": bool, "problems": [..]}`.
    #[arg(long)]
    pub json: bool,
}

/// Runs `bearing check` on the journal at `paths`, opened to read.
pub fn run(
    paths: &super::Paths,
    args: &CheckArgs,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    check(&paths.open_to_read()?, args, out)
}

/// Reads the whole journal file to find damage; a damaged journal fails the command,
/// saying the first problem found.
pub fn check(journal: &Journal, args: &CheckArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let problems = match files::check(journal)? {
        Check::Sound => None,
        Check::Damaged(problems) => Some(problems),
    };
    if args.json {
        let list = problems.as_deref().unwrap_or_default();
        super::write_json(
            out,
            &serde_json::json!({ "ok": problems.is_none(), "problems": list }),
        )?;
    } else if problems.is_none() {
        writeln!(out, "The journal is sound.")?;
    }
    if let Some(problems) = problems {
        anyhow::bail!(
            "the journal file is damaged: {}. Open a copy from a backup or restore an export",
            problems.first().map(String::as_str).unwrap_or_default()
        );
    }
    Ok(())
}
