//! `bearing dev`: tools for developing and measuring bearing.

use std::io::Write;

use clap::{Args, Subcommand};

use crate::app::Journal;
use crate::app::seed::{SeedOptions, seed_journal};
use crate::domain::Clock;

/// Options of `bearing dev`.
#[derive(Debug, Clone, Args)]
pub struct DevArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: DevCommand,
}

/// The developer tools.
#[derive(Debug, Clone, Subcommand)]
pub enum DevCommand {
    /// Fill an empty journal with years of generated entries, reviews, conversations,
    /// people, blocks and calendar events (the same seed gives the same journal).
    Seed(SeedArgs),
}

/// Options of `bearing dev seed`.
#[derive(Debug, Clone, Args)]
pub struct SeedArgs {
    /// How many years of journal, ending today.
    #[arg(long, default_value_t = 10)]
    pub years: u32,
    /// The random seed.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Print what was generated as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `bearing dev` on the journal at `paths`, opened to write.
pub fn run(
    paths: &super::Paths,
    clock: &dyn crate::domain::Clock,
    args: &DevArgs,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    dev(&mut paths.open_to_write()?, clock, args, out)
}

/// Runs a developer tool.
pub fn dev(
    journal: &mut Journal,
    clock: &dyn Clock,
    args: &DevArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match &args.command {
        DevCommand::Seed(a) => {
            let summary = seed_journal(
                journal,
                SeedOptions {
                    years: a.years,
                    seed: a.seed,
                    today: clock.today(),
                    now: clock.now().to_utc(),
                    zone: clock.zone(),
                },
            )?;
            if a.json {
                super::write_json(out, &summary)?;
            } else {
                writeln!(
                    out,
                    "Seeded {} entries, {} weekly reviews, {} conversations with {} people, {} block series and {} calendar occurrences.",
                    summary.entries,
                    summary.reviews,
                    summary.conversations,
                    summary.people,
                    summary.blocks,
                    summary.occurrences
                )?;
            }
            Ok(())
        }
    }
}
