//! `bearing people`: the people you lead, with nudges; rename, merge, link, report.

use std::io::Write;

use clap::{Args, Subcommand};

use super::Paths;
use super::agenda::agenda_json;
use super::delegate::delegation_json;
use crate::app::audit::AuditSettings;
use crate::app::coaching::PersonPage;
use crate::app::{self, Journal, Now, people};
use crate::config::Config;
use crate::domain::coaching::{Delegation, DelegationStatus};
use crate::domain::dates;
use crate::domain::{Clock, words};

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
        /// Print JSON: name, sid, report, addresses, one_on_ones, agenda, delegations.
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
    /// Archive someone who left: kept for history, never nudged about; --undo brings
    /// them back.
    Archive {
        /// Their name.
        name: String,
        /// Bring them back.
        #[arg(long)]
        undo: bool,
    },
    /// Remove a name added by mistake; refused while anything refers to them.
    Rm {
        /// Their name.
        name: String,
    },
}

/// `e` as the CLI says it: the people subcommands take no flag to name.
fn said(e: app::Error) -> anyhow::Error {
    super::app_error(e, |_| None)
}

/// Runs `bearing people` on the journal at `paths` (opened to read only for the list).
pub fn run(
    paths: &Paths,
    config: &Config,
    clock: &dyn Clock,
    args: PeopleArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let reads = args.command.is_none();
    people(&mut super::open(paths, reads)?, config, clock, args, out)
}

/// Runs `bearing people`.
pub fn people(
    journal: &mut Journal,
    config: &Config,
    clock: &dyn Clock,
    args: PeopleArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let now = Now::of(clock);
    match args.command {
        Some(PeopleCommand::Rename { from, to }) => {
            people::rename(journal, &from, &to).map_err(said)?;
            writeln!(out, "Renamed {from} to {}.", to.trim())?;
        }
        Some(PeopleCommand::Merge { from, into }) => {
            people::merge(journal, &from, &into).map_err(said)?;
            writeln!(out, "Merged {from} into {into}.")?;
        }
        Some(PeopleCommand::Link { name, address }) => {
            let linked = people::link(journal, &name, &address).map_err(said)?;
            if linked.added {
                writeln!(out, "Added {} to the journal.", linked.person)?;
            }
            writeln!(
                out,
                "Linked {} to {}: 1:1s with it count as check-ins.",
                linked.address, linked.person
            )?;
        }
        Some(PeopleCommand::Unlink { address }) => {
            people::unlink(journal, &address).map_err(said)?;
            writeln!(out, "Unlinked {}.", address.trim())?;
        }
        Some(PeopleCommand::Show { name, json }) => {
            let settings = AuditSettings::from_config_or_defaults(config);
            let page =
                app::coaching::person_page(journal, &settings, config, now, &name).map_err(said)?;
            print_person_page(&page, clock, json, out)?;
        }
        Some(PeopleCommand::Report { name, off }) => {
            let marked = people::set_report(journal, &name, !off).map_err(said)?;
            let who = marked.person;
            if marked.added {
                writeln!(out, "Added {who} to the journal.")?;
            }
            if off {
                writeln!(out, "{who} is no longer marked a direct report.")?;
            } else {
                writeln!(out, "{who} is a direct report: their 1:1s are watched.")?;
            }
        }
        Some(PeopleCommand::Archive { name, undo }) => {
            let who = people::archive(journal, &name, !undo).map_err(said)?;
            if undo {
                writeln!(out, "{who} is back among your people.")?;
            } else {
                writeln!(out, "Archived {who}: kept for history, no more nudges.")?;
            }
        }
        Some(PeopleCommand::Rm { name }) => {
            let who = people::remove(journal, &name).map_err(said)?;
            writeln!(out, "Removed {who}.")?;
        }
        None => list(journal, config, now, args.json, out)?,
    }
    Ok(())
}

/// `bearing people`: everyone, nudges first.
fn list(
    journal: &Journal,
    config: &Config,
    now: Now,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let settings = AuditSettings::from_config_or_defaults(config);
    let people = people::list(journal, &settings, config, now).map_err(said)?;
    if json {
        return super::write_json(out, &people);
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
                d.format(dates::DATE_YEAR),
                words::days_ago(n)
            ),
            _ => "no check-in yet".to_string(),
        };
        let nudge = if p.nudge { "→ " } else { "  " };
        let archived = if p.archived { " (archived)" } else { "" };
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
            "{nudge}{}{archived}: {since}{followups}{stay} · {}",
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
    Ok(())
}

/// A time as JSON shows it: local RFC 3339.
fn local(clock: &dyn Clock, t: Option<chrono::DateTime<chrono::Utc>>) -> serde_json::Value {
    t.map(|t| crate::domain::time::rfc3339(&t.with_timezone(&clock.zone())))
        .into()
}

/// Prints a person's page (`bearing people show`).
fn print_person_page(
    page: &PersonPage,
    clock: &dyn Clock,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let c = &page.one_on_ones;
    if json {
        let value = serde_json::json!({
            "name": page.name,
            "sid": page.sid,
            "report": page.report,
            "addresses": page.addresses,
            "aliases": page.aliases,
            "one_on_ones": {
                "last": local(clock, c.last),
                "next": local(clock, c.next),
                "minutes_per_week": (c.minutes_per_week * 10.0).round() / 10.0,
                "cancelled": c.cancelled,
                "longest_gap_days": c.longest_gap_days,
            },
            "flags": page.flags,
            "stay_interview_due": page.stay_interview_due,
            "agenda": agenda_json(&page.agenda),
            "delegations": page.delegations.iter().map(delegation_json).collect::<Vec<_>>(),
        });
        return super::write_json(out, &value);
    }
    let role = if page.report { " · direct report" } else { "" };
    writeln!(out, "{}{role}", page.name)?;
    if !page.addresses.is_empty() {
        writeln!(out, "  addresses: {}", page.addresses.join(", "))?;
    }
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| {
            t.with_timezone(&clock.zone())
                .format(dates::DAY_TIME_YEAR)
                .to_string()
        })
        .unwrap_or_else(|| "none".into())
    };
    writeln!(
        out,
        "  1:1s: last {} · next {} · {} a week over four weeks · {} cancelled, declined or moved · {}",
        when(c.last),
        when(c.next),
        words::count(c.minutes_per_week.round() as i64, "minute", "minutes"),
        c.cancelled,
        c.gap_words(),
    )?;
    for f in &page.flags {
        writeln!(out, "  ! {f}")?;
    }
    if page.stay_interview_due {
        writeln!(
            out,
            "  → no stay interview in the last twelve months: ask why they stay (bearing convo add --with '{}' --topic 'Why do you stay?' --stay)",
            page.name
        )?;
    }
    if page.agenda.is_empty() {
        writeln!(out, "  Agenda: nothing yet")?;
    } else {
        writeln!(out, "  Agenda:")?;
        for i in &page.agenda {
            writeln!(out, "    [{}] {}", i.id, i.text)?;
        }
    }
    let open: Vec<&Delegation> = page
        .delegations
        .iter()
        .filter(|d| d.status == DelegationStatus::Open)
        .collect();
    if !open.is_empty() {
        writeln!(out, "  Delegated:")?;
        for d in open {
            writeln!(
                out,
                "    #{} {} (done: {})",
                d.id, d.task, d.done_looks_like
            )?;
        }
    }
    Ok(())
}
