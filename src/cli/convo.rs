//! `bearing convo` and `bearing people`: difficult conversations and the people you lead.

use std::io::Write;

use anyhow::{Context, anyhow, bail};
use clap::{Args, Subcommand};

use crate::config::Config;
use crate::domain::conversation::{
    Conversation, ConversationError, Group, Status, check_follow_up,
};
use crate::domain::time::rfc3339;
use crate::domain::{Clock, words};
use crate::service::people_summaries;
use crate::store::{ConversationFilter, NewConversation, Store};

/// `bearing convo` and its subcommands.
#[derive(Debug, Args)]
pub struct ConvoArgs {
    /// What to do with conversations.
    #[command(subcommand)]
    pub command: ConvoCommand,
}

/// The conversation subcommands.
#[derive(Debug, Subcommand)]
pub enum ConvoCommand {
    /// Note a conversation to prepare; prints its id.
    Add {
        /// Who it is with.
        #[arg(long = "with", value_name = "NAME")]
        person: String,
        /// What it is about.
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = super::free_text)]
        topic: String,
        /// When, local time: "YYYY-MM-DD HH:MM" or words ("tomorrow 9:00").
        #[arg(long, value_name = "WHEN")]
        on: Option<String>,
        /// It is a stay interview: asking why they stay.
        #[arg(long)]
        stay: bool,
        /// Link it to an imported calendar event (an id `bearing audit` shows); without
        /// --on it takes the event's time.
        #[arg(long, value_name = "ID")]
        event: Option<i64>,
        /// Print {"id": N}.
        #[arg(long)]
        json: bool,
    },
    /// List conversations, grouped: upcoming, follow-ups due, held, closed.
    List {
        /// Only this status: planned, held, followed-up, closed, cancelled.
        #[arg(long, value_name = "STATUS")]
        status: Option<String>,
        /// Only with this person.
        #[arg(long, value_name = "NAME")]
        person: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one conversation with its preparation and outcome.
    Show {
        /// The conversation's id.
        id: i64,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write the preparation and outcome in $EDITOR.
    Edit {
        /// The conversation's id.
        id: i64,
    },
    /// Mark it held (now, or --at).
    Held {
        /// The conversation's id.
        id: i64,
        /// When it was held: "YYYY-MM-DD HH:MM" or words ("yesterday 17:30").
        #[arg(long, value_name = "WHEN")]
        at: Option<String>,
    },
    /// Set the follow-up date.
    Followup {
        /// The conversation's id.
        id: i64,
        /// The day to follow up: YYYY-MM-DD or words (fri, in 2 weeks).
        #[arg(long, value_name = "DATE")]
        on: String,
        /// Notes for the follow-up.
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = super::free_text)]
        notes: Option<String>,
    },
    /// The follow-up happened.
    Done {
        /// The conversation's id.
        id: i64,
    },
    /// Nothing more to do.
    Close {
        /// The conversation's id.
        id: i64,
    },
    /// Call it off.
    Cancel {
        /// The conversation's id.
        id: i64,
    },
}

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

fn get(store: &Store, id: i64) -> anyhow::Result<Conversation> {
    store
        .conversation(id)?
        .ok_or_else(|| anyhow!("there is no conversation {id}; `bearing convo list` shows them"))
}

fn transition(c: &mut Conversation, to: Status) -> anyhow::Result<()> {
    if !c.status.can_become(to) {
        return Err(ConversationError::BadTransition {
            id: c.id,
            from: c.status.label(),
            to: to.label(),
        }
        .into());
    }
    c.status = to;
    Ok(())
}

/// The text `convo edit` opens: one `## Heading` per field.
pub fn to_sections(c: &Conversation) -> String {
    let mut copy = c.clone();
    let mut text = format!(
        "# {} with {}\n# Write under each heading; keep the headings.\n\n",
        c.topic, c.person
    );
    for (label, value) in copy.text_fields_mut() {
        text.push_str(&format!("## {label}\n{}\n\n", value.trim_end()));
    }
    text
}

/// Reads the text back into `c`; unknown headings, and text under no heading, are
/// refused so nothing is lost.
pub fn from_sections(c: &mut Conversation, text: &str) -> anyhow::Result<()> {
    let mut found: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            found.push((h.trim().to_string(), String::new()));
        } else if let Some((_, body)) = found.last_mut() {
            body.push_str(line);
            body.push('\n');
        } else if !line.trim().is_empty() && !line.starts_with("# ") {
            bail!(
                "'{}' is under no '## ' heading, so bearing cannot tell which part it belongs to",
                line.chars().take(40).collect::<String>()
            );
        }
    }
    let mut fields = c.text_fields_mut();
    for (heading, body) in &found {
        let field = fields
            .iter_mut()
            .find(|(label, _)| label.eq_ignore_ascii_case(heading))
            .ok_or_else(|| anyhow!("unknown heading '## {heading}'; nothing was saved"))?;
        *field.1 = body.trim().to_string();
    }
    Ok(())
}

fn print_one(
    c: &Conversation,
    today: chrono::NaiveDate,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    // A held conversation shows when it was held, as the follow-up check counts from it.
    let when = c
        .when()
        .map(|t| t.format("%a %-d %b %Y %H:%M").to_string())
        .unwrap_or_else(|| "no date".into());
    writeln!(
        out,
        "#{} {} with {} · {} · {}",
        c.id,
        c.topic,
        c.person,
        when,
        c.status.label()
    )?;
    if c.stay_interview {
        writeln!(out, "  stay interview")?;
    }
    if let Some(phrase) = words::follow_up(c.follow_up(today)) {
        writeln!(out, "  {phrase}")?;
    }
    Ok(())
}

/// Runs a conversation subcommand.
pub fn convo(
    store: &mut Store,
    clock: &dyn Clock,
    args: ConvoArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let today = clock.today();
    let now = clock.now();
    match args.command {
        ConvoCommand::Add {
            person,
            topic,
            on,
            stay,
            event,
            json,
        } => {
            if person.trim().trim_start_matches('@').is_empty() {
                bail!("--with needs a name");
            }
            if topic.trim().is_empty() {
                bail!("a conversation needs a topic (--topic)");
            }
            let planned_at = on
                .as_deref()
                .map(|t| super::read_time(clock, "--on", t))
                .transpose()?;
            let linked = event
                .map(|id| {
                    store.event_occurrence(id)?.ok_or_else(|| {
                        anyhow!("there is no imported event {id}; `bearing audit` lists ids")
                    })
                })
                .transpose()?;
            let event_start = linked
                .as_ref()
                .map(|e| e.start.with_timezone(&clock.zone()).fixed_offset());
            if let (Some(on), Some(start)) = (planned_at, event_start)
                && on != start
            {
                bail!(
                    "event {} starts {}, not {}; leave out --on to take the event's time",
                    event.unwrap_or_default(),
                    start.format("%a %-d %b %Y %H:%M"),
                    on.format("%a %-d %b %Y %H:%M")
                );
            }
            let planned_at = planned_at.or(event_start);
            let mut c = store.insert_conversation(&NewConversation {
                person: &person,
                topic: &topic,
                planned_at,
                stay_interview: stay,
            })?;
            if let Some(e) = linked {
                c.event_uid = Some(e.uid);
                store.update_conversation(&c)?;
            }
            if json {
                writeln!(out, "{}", serde_json::json!({ "id": c.id }))?;
            } else {
                writeln!(out, "{}", c.id)?;
            }
        }
        ConvoCommand::List {
            status,
            person,
            json,
        } => {
            let status = status
                .as_deref()
                .map(|s| {
                    Status::parse(s).ok_or_else(|| {
                        anyhow!(
                            "'{s}' is not a status: planned, held, followed-up, closed or cancelled"
                        )
                    })
                })
                .transpose()?;
            if let Some(p) = &person
                && store.person_ids_matching(p)?.is_empty()
            {
                bail!("there is nobody called '{p}' in the journal");
            }
            let mut list = store.list_conversations(&ConversationFilter { status, person })?;
            list.sort_by_key(|c| c.list_order(now));
            if json {
                let items: Vec<_> = list.iter().map(|c| conversation_json(c, today)).collect();
                super::write_json(out, &items)?;
                return Ok(());
            }
            if list.is_empty() {
                writeln!(
                    out,
                    "No conversations. Note one: bearing convo add --with NAME --topic TEXT"
                )?;
            }
            for group in Group::ALL {
                let members: Vec<&Conversation> =
                    list.iter().filter(|c| c.group(now) == group).collect();
                if members.is_empty() {
                    continue;
                }
                writeln!(out, "{}", group.title())?;
                for c in members {
                    print_one(c, today, out)?;
                }
            }
        }
        ConvoCommand::Show { id, json } => {
            let c = get(store, id)?;
            if json {
                super::write_json(out, &conversation_json(&c, today))?;
            } else {
                print_one(&c, today, out)?;
                let mut copy = c.clone();
                let mut empty = true;
                for (label, value) in copy.text_fields_mut() {
                    if !value.trim().is_empty() {
                        empty = false;
                        writeln!(out, "\n{label}:")?;
                        for line in value.lines() {
                            writeln!(out, "  {line}")?;
                        }
                    }
                }
                if empty {
                    writeln!(
                        out,
                        "  Nothing written yet. Prepare it: bearing convo edit {}",
                        c.id
                    )?;
                }
            }
        }
        ConvoCommand::Edit { id } => {
            let mut c = get(store, id)?;
            let edited = crate::external_editor::edit(
                &to_sections(&c),
                crate::domain::entry::MAX_BODY_BYTES,
            )
            .context("cannot get the text from $EDITOR")?;
            if let Some(note) = &edited.note {
                super::note(format_args!("bearing: {note}"));
            }
            // Text that cannot be taken is kept in a file, never dropped.
            let refused = |e: anyhow::Error| -> anyhow::Error {
                match crate::external_editor::rescue(edited.text.as_bytes()) {
                    Ok(kept) => anyhow!(
                        "{e:#}; nothing was saved, and what you wrote is kept in {}",
                        kept.display()
                    ),
                    Err(_) => anyhow!("{e:#}; nothing was saved"),
                }
            };
            from_sections(&mut c, &edited.text).map_err(refused)?;
            store
                .update_conversation(&c)
                .map_err(|e| refused(e.into()))?;
            writeln!(out, "Saved conversation {id}.")?;
        }
        ConvoCommand::Held { id, at } => {
            let mut c = get(store, id)?;
            // Marking a held conversation held again corrects when it was held.
            let correcting = c.held_at.is_some() && c.status != Status::Planned;
            if correcting && at.is_none() {
                bail!(
                    "conversation {id} is already {}; give --at to correct when it was held",
                    c.status.label()
                );
            }
            if !correcting {
                transition(&mut c, Status::Held)?;
            }
            let when = match at {
                Some(t) => super::read_time(clock, "--at", &t)?,
                None => now,
            };
            if when > now + chrono::Duration::minutes(1) {
                bail!("--at is in the future; mark a conversation held once it has happened");
            }
            if let Some(followup) = c.followup_on
                && followup < when.date_naive()
            {
                bail!(
                    "the follow-up ({followup}) would be before the conversation ({}); move the follow-up first",
                    when.date_naive()
                );
            }
            c.held_at = Some(when);
            store.update_conversation(&c)?;
            if correcting {
                writeln!(
                    out,
                    "Conversation {id} was held on {}.",
                    when.format("%a %-d %b %Y %H:%M")
                )?;
            } else {
                writeln!(
                    out,
                    "Conversation {id} held on {}. Set a follow-up: bearing convo followup {id} --on DATE",
                    when.format("%a %-d %b")
                )?;
            }
        }
        ConvoCommand::Followup { id, on, notes } => {
            let mut c = get(store, id)?;
            if c.status != Status::Held {
                bail!(
                    "conversation {id} is {}; a follow-up is set once it is held",
                    c.status.label()
                );
            }
            let day = super::read_day(clock, "--on", &on)?;
            check_follow_up(&c, day)?;
            c.followup_on = Some(day);
            if let Some(n) = notes {
                c.outcome.followup_notes = n;
            }
            store.update_conversation(&c)?;
            writeln!(
                out,
                "Follow-up for conversation {id} on {}.",
                day.format("%a %-d %b %Y")
            )?;
        }
        ConvoCommand::Done { id } => set_status(store, id, Status::FollowedUp, out)?,
        ConvoCommand::Close { id } => set_status(store, id, Status::Closed, out)?,
        ConvoCommand::Cancel { id } => set_status(store, id, Status::Cancelled, out)?,
    }
    Ok(())
}

fn set_status(store: &mut Store, id: i64, to: Status, out: &mut impl Write) -> anyhow::Result<()> {
    let mut c = get(store, id)?;
    transition(&mut c, to)?;
    store.update_conversation(&c)?;
    writeln!(out, "Conversation {id} is now {}.", to.label())?;
    Ok(())
}

/// A conversation as JSON, with where its follow-up stands today.
pub fn conversation_json(c: &Conversation, today: chrono::NaiveDate) -> serde_json::Value {
    serde_json::json!({
        "id": c.id,
        "person": c.person,
        "topic": c.topic,
        "planned_at": c.planned_at.as_ref().map(rfc3339),
        "status": c.status.as_str(),
        "held_at": c.held_at.as_ref().map(rfc3339),
        "followup_on": c.followup_on.map(|d| d.to_string()),
        "follow_up": c.follow_up(today),
        "stay_interview": c.stay_interview,
        "event_uid": c.event_uid,
        "prep": c.prep,
        "outcome": c.outcome,
    })
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
            if to.trim().trim_start_matches('@').is_empty() {
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
            let settings = crate::service::AuditSettings::from_config_or_defaults(config);
            let Some(page) = crate::coach::person_page(
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
            let me = crate::service::AuditSettings::from_config_or_defaults(config).me;
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
