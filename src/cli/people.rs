//! `bearing people`: the people you lead, with nudges; rename, merge, link, report.

use std::io::Write;

use anyhow::bail;
use clap::{Args, Subcommand};

use crate::app::people::people_summaries;
use crate::config::Config;
use crate::domain::{Clock, words};
use crate::store::Store;

/// `bearing people`: everyone, with nudges.
#[derive(Debug, Args)]
pub struct PeopleArgs {
    /// Rename or merge people.
    #[command(subcommand)]
    pub command: Option<PeopleCommand>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// The people subcommands.
#[derive(Debug, Subcommand)]
pub enum PeopleCommand {
    /// Rename someone; mentions and conversations follow.
    Rename {
        /// The current name.
        from: String,
        /// The new name.
        to: String,
    },
    /// Merge two people who are one (mentions and conversations move to INTO).
    Merge {
        /// The name that goes.
        from: String,
        /// The name that stays.
        into: String,
    },
    /// Link an e-mail address to someone (added if new): a 1:1 with it is theirs.
    Link {
        /// Their name.
        name: String,
        /// The address, as invitations show it.
        address: String,
    },
    /// Forget an address linked to someone.
    Unlink {
        /// The address.
        address: String,
    },
    /// Everything about one person: 1:1s kept, agenda, delegations.
    Show {
        /// Their name.
        name: String,
        /// Print JSON: name, report, addresses, one_on_ones, agenda, delegations.
        #[arg(long)]
        json: bool,
    },
    /// Mark someone a direct report (added if new; their 1:1s are watched), or not with --off.
    Report {
        /// Their name.
        name: String,
        /// No longer a direct report.
        #[arg(long)]
        off: bool,
    },
}

/// Runs `bearing people`.
pub fn people(
    store: &mut Store,
    config: &Config,
    clock: &dyn Clock,
    args: PeopleArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match args.command {
        Some(PeopleCommand::Rename { from, to }) => {
            if crate::domain::person::is_blank(&to) {
                bail!("the new name is empty");
            }
            store.rename_person(&from, &to)?;
            writeln!(out, "Renamed {from} to {}.", to.trim())?;
        }
        Some(PeopleCommand::Merge { from, into }) => {
            store.merge_people(&from, &into)?;
            writeln!(out, "Merged {from} into {into}.")?;
        }
        Some(PeopleCommand::Link { name, address }) => {
            let new = !store.knows_person(&name)?;
            let (address, who) = store.link_address(&name, &address)?;
            if new {
                writeln!(out, "Added {who} to the journal.")?;
            }
            writeln!(
                out,
                "Linked {address} to {who}: 1:1s with it count as check-ins."
            )?;
        }
        Some(PeopleCommand::Show { name, json }) => {
            let settings = crate::app::audit::AuditSettings::from_config_or_defaults(config);
            let Some(page) = crate::app::coaching::person_page(
                store,
                &settings,
                config,
                &name,
                clock.zone(),
                clock.now(),
            )?
            else {
                bail!("there is nobody called '{}' in the journal", name.trim());
            };
            super::coaching::print_person_page(&page, clock, json, out)?;
        }
        Some(PeopleCommand::Report { name, off }) => {
            let new = !off && !store.knows_person(&name)?;
            let who = store.set_report(&name, !off)?;
            if new {
                writeln!(out, "Added {who} to the journal.")?;
            }
            if off {
                writeln!(out, "{who} is no longer marked a direct report.")?;
            } else {
                writeln!(out, "{who} is a direct report: their 1:1s are watched.")?;
            }
        }
        Some(PeopleCommand::Unlink { address }) => {
            if !store.unlink_address(&address)? {
                bail!("{} is not linked to anyone", address.trim());
            }
            writeln!(out, "Unlinked {}.", address.trim())?;
        }
        None => {
            let me = crate::app::audit::AuditSettings::from_config_or_defaults(config).me;
            let people = people_summaries(
                store,
                &me,
                clock.zone(),
                clock.now(),
                config.people.checkin_days,
            )?;
            if args.json {
                super::write_json(out, &people)?;
                return Ok(());
            }
            if people.is_empty() {
                writeln!(
                    out,
                    "Nobody yet. Mention someone in a reflection (@Name) or add a conversation."
                )?;
            }
            for p in &people {
                let since = match (p.last_checkin, p.days_since_checkin) {
                    (Some(d), Some(n)) => format!(
                        "last check-in {} ({})",
                        d.format("%-d %b %Y"),
                        words::days_ago(n)
                    ),
                    _ => "no check-in yet".to_string(),
                };
                let nudge = if p.nudge { "→ " } else { "  " };
                let followups = if p.open_followups > 0 {
                    format!(
                        " · {}",
                        words::count(p.open_followups as i64, "open follow-up", "open follow-ups")
                    )
                } else {
                    String::new()
                };
                let stay = if p.stay_interview {
                    " · stay interview held"
                } else {
                    ""
                };
                writeln!(
                    out,
                    "{nudge}{}: {since}{followups}{stay} · {}",
                    p.name,
                    words::count(p.mentions, "mention", "mentions")
                )?;
            }
            if people.iter().any(|p| p.nudge) {
                writeln!(
                    out,
                    "→ no check-in for more than {} days: quietest first.",
                    config.people.checkin_days
                )?;
            }
        }
    }
    Ok(())
}
