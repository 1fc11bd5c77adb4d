//! `bearing delegate` (outcomes, not tasks) and `bearing agenda` (what to raise at the
//! next 1:1).

use std::io::Write;

use anyhow::{anyhow, bail};
use clap::{Args, Subcommand};

use crate::domain::coaching::{AgendaSource, Delegation, DelegationStatus, check_delegation};
use crate::domain::{Clock, words};
use crate::store::{NewDelegation, Store};

/// `bearing delegate`: hand a task over with what done looks like.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct DelegateArgs {
    /// List, finish or drop delegations; without one, a new delegation is noted.
    #[command(subcommand)]
    pub command: Option<DelegateCommand>,
    /// Who it goes to.
    #[arg(long, value_name = "NAME")]
    pub to: Option<String>,
    /// What is handed over.
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = super::free_text)]
    pub task: Option<String>,
    /// What done looks like: the outcome, so they can own the how.
    #[arg(long = "done", value_name = "TEXT", allow_hyphen_values = true, value_parser = super::free_text)]
    pub done_looks_like: Option<String>,
    /// How far their authority goes (e.g. "decide, then tell me").
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = super::free_text)]
    pub authority: Option<String>,
    /// When to check in, for roadblocks only: a date or words (fri, in 2 weeks).
    #[arg(long, value_name = "DATE")]
    pub check_in: Option<String>,
    /// When it is due: a date or words.
    #[arg(long, value_name = "DATE")]
    pub due: Option<String>,
    /// Print {"id": N}.
    #[arg(long)]
    pub json: bool,
}

/// The delegate subcommands.
#[derive(Debug, Subcommand)]
pub enum DelegateCommand {
    /// List delegations, open ones first.
    List {
        /// Only to this person.
        #[arg(long, value_name = "NAME")]
        person: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// It is done, as done was defined.
    Done {
        /// The delegation's id.
        id: i64,
    },
    /// Take it back, or it is no longer needed.
    Drop {
        /// The delegation's id.
        id: i64,
    },
}

/// `bearing agenda`: what to raise at the next 1:1 with someone.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AgendaArgs {
    /// Mark an item discussed.
    #[command(subcommand)]
    pub command: Option<AgendaCommand>,
    /// Whose agenda.
    pub name: Option<String>,
    /// Print JSON: id, text, source, since.
    #[arg(long)]
    pub json: bool,
}

/// The agenda subcommands.
#[derive(Debug, Subcommand)]
pub enum AgendaCommand {
    /// Mark an item discussed; what is not marked carries to the next 1:1.
    Done {
        /// The item's id, as the agenda shows it.
        id: String,
    },
}

/// Whether a `bearing delegate` invocation only reads.
pub fn delegate_only_reads(args: &DelegateArgs) -> bool {
    matches!(args.command, Some(DelegateCommand::List { .. }))
}

/// Whether a `bearing agenda` invocation only reads.
pub fn agenda_only_reads(args: &AgendaArgs) -> bool {
    args.command.is_none()
}

/// A delegation as JSON.
pub fn delegation_json(d: &Delegation) -> serde_json::Value {
    serde_json::json!({
        "id": d.id,
        "person": d.person,
        "task": d.task,
        "done_looks_like": d.done_looks_like,
        "authority": d.authority,
        "check_in_on": d.check_in_on.map(|x| x.to_string()),
        "due_on": d.due_on.map(|x| x.to_string()),
        "status": d.status.as_str(),
        "since": d.since.to_string(),
    })
}

/// Runs `bearing delegate`.
pub fn delegate(
    store: &mut Store,
    clock: &dyn Clock,
    args: DelegateArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let today = clock.today();
    match args.command {
        None => {
            let person = args
                .to
                .as_deref()
                .map(crate::domain::person::clean)
                .filter(|p| !p.is_empty())
                .ok_or_else(|| anyhow!("say who it goes to (--to NAME)"))?;
            let task = args.task.unwrap_or_default();
            let done = args.done_looks_like.unwrap_or_default();
            let check_in = args
                .check_in
                .as_deref()
                .map(|t| super::read_day(clock, "--check-in", t))
                .transpose()?;
            let due = args
                .due
                .as_deref()
                .map(|t| super::read_day(clock, "--due", t))
                .transpose()?;
            check_delegation(&task, &done, check_in, due, today)?;
            let d = store.insert_delegation(&NewDelegation {
                person,
                task: &task,
                done_looks_like: &done,
                authority: args.authority.as_deref().unwrap_or(""),
                check_in_on: check_in,
                due_on: due,
                since: today,
            })?;
            if args.json {
                writeln!(out, "{}", serde_json::json!({ "id": d.id }))?;
            } else {
                writeln!(out, "{}", d.id)?;
            }
        }
        Some(DelegateCommand::List { person, json }) => {
            let list = store.list_delegations(person.as_deref())?;
            if json {
                let items: Vec<_> = list.iter().map(delegation_json).collect();
                super::write_json(out, &items)?;
                return Ok(());
            }
            if list.is_empty() {
                writeln!(
                    out,
                    "Nothing delegated yet. Hand over an outcome: bearing delegate --to NAME --task TEXT --done \"what done looks like\""
                )?;
            }
            for d in &list {
                let mut when = Vec::new();
                if let Some(c) = d.check_in_on {
                    let late = if d.check_in_due(today) { " (due)" } else { "" };
                    when.push(format!("check in {}{late}", c.format("%a %-d %b")));
                }
                if let Some(due) = d.due_on {
                    when.push(format!("due {}", due.format("%a %-d %b")));
                }
                let when = if when.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", when.join(" · "))
                };
                writeln!(
                    out,
                    "#{} {} → {} · {}{when}",
                    d.id,
                    d.task,
                    d.person,
                    d.status.as_str()
                )?;
                writeln!(out, "  done looks like: {}", d.done_looks_like)?;
                if !d.authority.is_empty() {
                    writeln!(out, "  authority: {}", d.authority)?;
                }
            }
        }
        Some(DelegateCommand::Done { id }) => {
            let d = store.close_delegation(id, DelegationStatus::Done, today)?;
            writeln!(out, "Delegation {id} is done: {} by {}.", d.task, d.person)?;
        }
        Some(DelegateCommand::Drop { id }) => {
            let d = store.close_delegation(id, DelegationStatus::Dropped, today)?;
            writeln!(out, "Delegation {id} dropped: {}.", d.task)?;
        }
    }
    Ok(())
}

/// Runs `bearing agenda`.
pub fn agenda(
    store: &mut Store,
    clock: &dyn Clock,
    args: AgendaArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    if let Some(AgendaCommand::Done { id }) = args.command {
        let id = id.trim().to_string();
        let known = known_item(store, clock, &id)?;
        if !known {
            bail!("there is no open agenda item '{id}'; `bearing agenda NAME` shows the ids");
        }
        store.mark_agenda_done(&id, clock.now())?;
        writeln!(out, "Marked {id} discussed.")?;
        return Ok(());
    }
    let Some(name) = args.name else {
        bail!("whose agenda? bearing agenda NAME");
    };
    let Some((who, items)) = crate::app::coaching::agenda_for(store, &name, clock.today())? else {
        bail!("there is nobody called '{}' in the journal", name.trim());
    };
    if args.json {
        super::write_json(out, &agenda_json(&items))?;
        return Ok(());
    }
    if items.is_empty() {
        writeln!(
            out,
            "Nothing to raise with {who} yet. Lines of your reflections that start with Next:, Ask or - [ ] and name @{who} land here."
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "To raise with {who} ({}):",
        words::count(items.len() as i64, "item", "items")
    )?;
    for i in &items {
        let from = match i.source {
            AgendaSource::Reflection => format!("noted {}", i.since.format("%a %-d %b")),
            AgendaSource::FollowUp => format!("follow-up {}", i.since.format("%a %-d %b")),
            AgendaSource::Delegation => format!("check-in {}", i.since.format("%a %-d %b")),
        };
        writeln!(out, "  [{}] {} ({from})", i.id, i.text)?;
    }
    writeln!(out, "Mark one discussed: bearing agenda done ID")?;
    Ok(())
}

/// Whether `id` is an item of anyone's agenda now (people are few; agendas are short).
fn known_item(store: &Store, clock: &dyn Clock, id: &str) -> anyhow::Result<bool> {
    for p in store.list_people()? {
        if let Some((_, items)) = crate::app::coaching::agenda_for(store, &p.name, clock.today())?
            && items.iter().any(|i| i.id == id)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A time as JSON shows it: local RFC 3339.
fn local(clock: &dyn Clock, t: Option<chrono::DateTime<chrono::Utc>>) -> serde_json::Value {
    t.map(|t| crate::domain::time::rfc3339(&t.with_timezone(&clock.zone())))
        .into()
}

/// Agenda items as JSON.
fn agenda_json(items: &[crate::domain::coaching::AgendaItem]) -> Vec<serde_json::Value> {
    items
        .iter()
        .map(|i| {
            serde_json::json!({
                "id": i.id,
                "text": i.text,
                "source": i.source,
                "since": i.since.to_string(),
            })
        })
        .collect()
}

/// Prints a person's page (`bearing people show`).
pub fn print_person_page(
    page: &crate::app::coaching::PersonPage,
    clock: &dyn Clock,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let c = &page.one_on_ones;
    if json {
        let value = serde_json::json!({
            "name": page.name,
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
        super::write_json(out, &value)?;
        return Ok(());
    }
    let role = if page.report { " · direct report" } else { "" };
    writeln!(out, "{}{role}", page.name)?;
    if !page.addresses.is_empty() {
        writeln!(out, "  addresses: {}", page.addresses.join(", "))?;
    }
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| {
            t.with_timezone(&clock.zone())
                .format("%a %-d %b %Y %H:%M")
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

/// Options of `bearing today`.
#[derive(Debug, Args)]
pub struct TodayArgs {
    /// Print JSON: day, prompt, blocks, meetings, conversations, follow_ups, agendas,
    /// review_missing.
    #[arg(long)]
    pub json: bool,
}

/// Runs `bearing today`: the day in one look.
pub fn today(
    store: &Store,
    config: &crate::config::Config,
    clock: &dyn Clock,
    args: &TodayArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let settings = crate::app::audit::AuditSettings::from_config_or_defaults(config);
    let zone = clock.zone();
    let day = crate::app::coaching::day(store, &settings, config, zone, clock.now())?;
    let t =
        |x: chrono::DateTime<chrono::Utc>| crate::domain::time::rfc3339(&x.with_timezone(&zone));
    if args.json {
        let value = serde_json::json!({
            "day": clock.today().to_string(),
            "prompt": { "text": day.prompt.text, "reason": day.prompt.reason },
            "blocks": day.blocks.iter().map(|b| serde_json::json!({
                "block_id": b.block_id,
                "title": b.title,
                "start": crate::domain::time::rfc3339(&b.start),
                "end": crate::domain::time::rfc3339(&b.end),
                "status": b.status.as_str(),
            })).collect::<Vec<_>>(),
            "meetings": day.meetings.iter().map(|(e, c)| serde_json::json!({
                "id": e.id,
                "title": e.title,
                "start": t(e.start),
                "end": t(e.end),
                "category": c.as_str(),
                "attendance": e.attendance,
            })).collect::<Vec<_>>(),
            "conversations": day.conversations.iter().map(|c| super::convo::conversation_json(c, clock.today())).collect::<Vec<_>>(),
            "follow_ups": day.follow_ups.iter().map(|c| super::convo::conversation_json(c, clock.today())).collect::<Vec<_>>(),
            "agendas": day.agendas.iter().map(|a| serde_json::json!({
                "person": a.person,
                "items": agenda_json(&a.items),
            })).collect::<Vec<_>>(),
            "review_missing": day.review_missing.map(|d| d.to_string()),
        });
        super::write_json(out, &value)?;
        return Ok(());
    }
    writeln!(out, "{}", clock.today().format("%A %-d %B %Y"))?;
    writeln!(out, "  {}", day.prompt.text)?;
    if let Some(reason) = &day.prompt.reason {
        writeln!(out, "  ({reason})")?;
    }
    let hm = |x: chrono::DateTime<chrono::Utc>| x.with_timezone(&zone).format("%H:%M").to_string();
    for b in &day.blocks {
        writeln!(
            out,
            "  {}-{} {} (block, {})",
            b.start.format("%H:%M"),
            b.end.format("%H:%M"),
            b.title,
            b.status.label()
        )?;
    }
    for (e, _) in &day.meetings {
        writeln!(out, "  {}-{} {}", hm(e.start), hm(e.end), e.title)?;
    }
    for c in &day.conversations {
        let at = c
            .planned_at
            .map(|p| p.format("%H:%M").to_string())
            .unwrap_or_default();
        writeln!(out, "  {at} conversation with {}: {}", c.person, c.topic)?;
    }
    for c in &day.follow_ups {
        if let Some(phrase) = words::follow_up(c.follow_up(clock.today())) {
            writeln!(out, "  {phrase} with {}: {}", c.person, c.topic)?;
        }
    }
    for a in &day.agendas {
        if a.items.is_empty() {
            continue;
        }
        writeln!(out, "  To raise with {} today:", a.person)?;
        for i in &a.items {
            writeln!(out, "    [{}] {}", i.id, i.text)?;
        }
    }
    if let Some(week) = day.review_missing {
        writeln!(
            out,
            "  The review of the week of {} is not written yet (bearing, then 7).",
            week.format("%-d %b")
        )?;
    }
    Ok(())
}
