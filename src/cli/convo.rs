//! `bearing convo`: difficult conversations, prepared, held and followed up.

use std::io::Write;

use anyhow::{Context, anyhow, bail};
use clap::{Args, Subcommand};

use crate::app::{self, Field, Journal, Now, conversations};
use crate::domain::conversation::{Conversation, Group, Held, Status};
use crate::domain::time::rfc3339;
use crate::domain::{Clock, dates, words};

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
        /// --with names someone new (a name nobody has is refused as a likely typo).
        #[arg(long)]
        new_person: bool,
        /// Print {"id": N, "sid": "..."} (its id here and on every device).
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
        .map(|t| t.format(dates::DAY_TIME_YEAR).to_string())
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

/// The CLI's words for a refusal of `field` by a conversation use case: its flag.
fn flag(field: Field) -> Option<&'static str> {
    match field {
        Field::Person => Some("--with"),
        Field::NewPerson => Some("to add them: --new-person"),
        Field::Topic => Some("--topic"),
        Field::PlannedAt | Field::FollowUpOn => Some("--on"),
        Field::Event => Some("--event"),
        Field::HeldAt => Some("--at"),
        _ => None,
    }
}

/// `e` as the CLI says it, pointing at `bearing convo list` for a missing conversation.
fn said(e: app::Error) -> anyhow::Error {
    super::app_error(e, flag)
}

/// Runs `bearing convo` on the journal at `paths` (opened to read for `list` and
/// `show`).
pub fn run(
    paths: &super::Paths,
    clock: &dyn Clock,
    args: ConvoArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let reads = matches!(
        args.command,
        ConvoCommand::List { .. } | ConvoCommand::Show { .. }
    );
    let edits = matches!(args.command, ConvoCommand::Edit { .. });
    let mut journal = super::open(paths, reads)?;
    if edits {
        paths.take_leftovers(&mut journal, clock);
    }
    convo(&mut journal, clock, args, out)
}

/// Runs a conversation subcommand.
pub fn convo(
    journal: &mut Journal,
    clock: &dyn Clock,
    args: ConvoArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let now = Now::of(clock);
    match args.command {
        ConvoCommand::Add {
            person,
            topic,
            on,
            stay,
            event,
            new_person,
            json,
        } => {
            let planned_at = on
                .as_deref()
                .map(|t| super::read_time(clock, "--on", t))
                .transpose()?;
            let new = conversations::NewConversation {
                person,
                topic,
                planned_at,
                stay_interview: stay,
                event,
                new_person,
            };
            let c = conversations::add(journal, now, &new).map_err(said)?;
            if json {
                writeln!(out, "{}", serde_json::json!({ "id": c.id, "sid": c.sid }))?;
            } else {
                writeln!(out, "{}", c.id)?;
            }
        }
        ConvoCommand::List {
            status,
            person,
            json,
        } => list(journal, now, status, person, json, out)?,
        ConvoCommand::Show { id, json } => {
            let c = conversations::get(journal, id).map_err(said)?;
            show(&c, now.today(), json, out)?;
        }
        ConvoCommand::Edit { id } => edit(journal, clock, id, out)?,
        ConvoCommand::Held { id, at } => {
            let at = at
                .map(|t| super::read_time(clock, "--at", &t))
                .transpose()?;
            let (c, held) = conversations::hold(journal, now, id, at).map_err(said)?;
            let when = c.held_at.unwrap_or(now.at);
            match held {
                Held::Corrected => writeln!(
                    out,
                    "Conversation {id} was held on {}.",
                    when.format(dates::DAY_TIME_YEAR)
                )?,
                Held::Now => writeln!(
                    out,
                    "Conversation {id} held on {}. Set a follow-up: bearing convo followup {id} --on DATE",
                    when.format(dates::DAY)
                )?,
            }
        }
        ConvoCommand::Followup { id, on, notes } => {
            // The conversation is looked up before the day is read, so a wrong id is
            // said first.
            conversations::get(journal, id).map_err(said)?;
            let day = super::read_day(clock, "--on", &on)?;
            conversations::follow_up(journal, id, day, notes).map_err(said)?;
            writeln!(
                out,
                "Follow-up for conversation {id} on {}.",
                day.format(dates::DAY_YEAR)
            )?;
        }
        ConvoCommand::Done { id } => set_status(journal, now, id, Status::FollowedUp, out)?,
        ConvoCommand::Close { id } => set_status(journal, now, id, Status::Closed, out)?,
        ConvoCommand::Cancel { id } => set_status(journal, now, id, Status::Cancelled, out)?,
    }
    Ok(())
}

/// `bearing convo list`.
fn list(
    journal: &Journal,
    now: Now,
    status: Option<String>,
    person: Option<String>,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let today = now.today();
    let status = status
        .as_deref()
        .map(|s| {
            Status::parse(s).ok_or_else(|| {
                anyhow!("'{s}' is not a status: planned, held, followed-up, closed or cancelled")
            })
        })
        .transpose()?;
    let filter = conversations::Filter { status, person };
    let list = conversations::list(journal, now, &filter).map_err(|e| match e {
        // Nobody by that name is said as such, without a flag.
        app::Error::Refused { message, .. } => anyhow!(message),
        e => said(e),
    })?;
    if json {
        let items: Vec<_> = list.iter().map(|c| conversation_json(c, today)).collect();
        return super::write_json(out, &items);
    }
    if list.is_empty() {
        writeln!(
            out,
            "No conversations. Note one: bearing convo add --with NAME --topic TEXT"
        )?;
    }
    for group in Group::ALL {
        let members: Vec<&Conversation> =
            list.iter().filter(|c| c.group(now.at) == group).collect();
        if members.is_empty() {
            continue;
        }
        writeln!(out, "{}", group.title())?;
        for c in members {
            print_one(c, today, out)?;
        }
    }
    Ok(())
}

/// `bearing convo show`.
fn show(
    c: &Conversation,
    today: chrono::NaiveDate,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    if json {
        return super::write_json(out, &conversation_json(c, today));
    }
    print_one(c, today, out)?;
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
    Ok(())
}

/// `bearing convo edit`: the conversation's texts in `$EDITOR`. Should a signal ask
/// bearing to end meanwhile, what the editor saved is kept as a draft (a note).
fn edit(
    journal: &mut Journal,
    clock: &dyn Clock,
    id: i64,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    use crate::io::editor::EditError;
    let mut c = conversations::get(journal, id).map_err(said)?;
    let edited =
        match crate::io::editor::edit(&to_sections(&c), crate::domain::entry::MAX_BODY_BYTES) {
            Err(EditError::Signalled { signal, unfinished }) => {
                return Err(super::ended_in_editor(
                    Some(journal),
                    clock,
                    crate::domain::EntryKind::Note,
                    signal,
                    unfinished,
                ));
            }
            other => other.context("cannot get the text from $EDITOR")?,
        };
    if let Some(note) = &edited.note {
        super::note(format_args!("bearing: {note}"));
    }
    // Text that cannot be taken is kept in a file, never dropped.
    let refused = |e: anyhow::Error| -> anyhow::Error {
        match crate::io::editor::rescue(edited.text.as_bytes()) {
            Ok(kept) => anyhow!(
                "{e:#}; nothing was saved, and what you wrote is kept in {}",
                kept.display()
            ),
            Err(_) => anyhow!("{e:#}; nothing was saved"),
        }
    };
    let base = c.clone();
    from_sections(&mut c, &edited.text).map_err(refused)?;
    let saved = conversations::save(journal, &base, &c).map_err(|e| refused(said(e)))?;
    writeln!(out, "Saved conversation {id}.")?;
    if !saved.conflicts.is_empty() {
        super::note(format_args!(
            "bearing: {}",
            crate::domain::merge::conflict_note(&saved.conflicts)
        ));
    }
    Ok(())
}

fn set_status(
    journal: &mut Journal,
    now: Now,
    id: i64,
    to: Status,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    conversations::mark(journal, now, id, to).map_err(said)?;
    writeln!(out, "Conversation {id} is now {}.", to.label())?;
    Ok(())
}

/// A conversation as JSON, with where its follow-up stands today.
pub fn conversation_json(c: &Conversation, today: chrono::NaiveDate) -> serde_json::Value {
    serde_json::json!({
        "id": c.id,
        "sid": c.sid,
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
