//! `bearing config`: where files live and the configuration in effect.

use std::io::Write;

use clap::Args;

use super::Paths;
use crate::app::journal::OpenMode;
use crate::config::Config;
use crate::tui::about;

/// Options of `bearing config`.
#[derive(Debug, Clone, Args)]
pub struct ConfigArgs {
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
    /// Print the interface's keys in effect, as `[keys.*]` tables to copy into the file.
    #[arg(long)]
    pub keys: bool,
}

/// Prints the journal and config locations and the effective configuration.
pub fn show_config(
    paths: &Paths,
    config: &Config,
    args: &ConfigArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    if args.keys {
        let at_line = |e: about::KeyError| {
            anyhow::anyhow!(
                "config file {}, line {}: {}",
                paths.config.display(),
                e.line,
                e
            )
        };
        if args.json {
            super::write_json(out, &about::keys_json(&config.keys).map_err(at_line)?)?;
        } else {
            let toml = about::keys_toml(&config.keys).map_err(at_line)?;
            writeln!(
                out,
                "# The interface's keys in effect. Copy a line under its [keys.*] table in the config file to change it."
            )?;
            write!(out, "{toml}")?;
        }
        return Ok(());
    }
    let journal_exists = paths.journal.exists();
    let config_exists = paths.config.exists();
    let journal = if journal_exists {
        // Not worth asking for a passphrase: an encrypted journal is read only when a
        // passphrase command unlocks it.
        super::crypt::open(paths, OpenMode::Read, false).ok()
    } else {
        None
    };
    let me = crate::app::audit::my_addresses(config, journal.as_ref())?;
    if args.json {
        let value = serde_json::json!({
            "journal": paths.journal,
            "journal_exists": journal_exists,
            "config_file": paths.config,
            "config_file_exists": config_exists,
            "config": config,
            "my_addresses": me,
        });
        super::write_json(out, &value)?;
        return Ok(());
    }
    let journal_note = if journal_exists {
        ""
    } else {
        " (created on first use)"
    };
    let config_note = if config_exists {
        ""
    } else {
        " (not present: the defaults below are in effect)"
    };
    writeln!(out, "journal: {}{journal_note}", paths.journal.display())?;
    writeln!(out, "config:  {}{config_note}", paths.config.display())?;
    if me.is_empty() {
        writeln!(
            out,
            "me:      no addresses known; set [me] addresses to count no hours for meetings you declined"
        )?;
    } else {
        let list: Vec<String> = me
            .iter()
            .map(|m| format!("{} (from {})", m.address, m.from))
            .collect();
        writeln!(out, "me:      {}", list.join(", "))?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "# The configuration in effect. Copy any part of it into the config file to change it."
    )?;
    write!(out, "{}", config.to_toml())?;
    Ok(())
}
