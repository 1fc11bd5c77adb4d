//! `bearing today`: the day in one look (the prompt and why, blocks, meetings,
//! conversations, follow-ups, agendas for today's 1:1s), for a glance or a shell's start.

use std::io::Write;

use clap::Args;

use super::Paths;
use super::agenda::agenda_json;
use super::convo::conversation_json;
use crate::app::audit::AuditSettings;
use crate::app::{Journal, Now, coaching};
use crate::config::Config;
use crate::domain::dates;
use crate::domain::time::rfc3339;
use crate::domain::{Clock, words};

/// Options of `bearing today`.
#[derive(Debug, Args)]
pub struct TodayArgs {
    /// Print JSON: day, prompt, blocks, meetings, conversations, follow_ups, agendas,
    /// review_missing.
    #[arg(long)]
    pub json: bool,
}

/// Runs `bearing today` on the journal at `paths`; before the first journal, on an
/// empty one.
pub fn run(
    paths: &Paths,
    config: &Config,
    clock: &dyn Clock,
    args: &TodayArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    today(
        &super::open_to_read_or_empty(paths)?,
        config,
        clock,
        args,
        out,
    )
}

/// Runs `bearing today`: the day in one look.
pub fn today(
    journal: &Journal,
    config: &Config,
    clock: &dyn Clock,
    args: &TodayArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let settings = AuditSettings::from_config_or_defaults(config);
    let day = coaching::day(journal, &settings, config, Now::of(clock))?;
    if args.json {
        return super::write_json(out, &day_json(&day, clock));
    }
    let zone = clock.zone();
    writeln!(out, "{}", clock.today().format(dates::LONG_DAY_YEAR))?;
    writeln!(out, "  {}", day.prompt.text)?;
    if let Some(reason) = &day.prompt.reason {
        writeln!(out, "  ({reason})")?;
    }
    let hm =
        |x: chrono::DateTime<chrono::Utc>| x.with_timezone(&zone).format(dates::CLOCK).to_string();
    for b in &day.blocks {
        writeln!(
            out,
            "  {}-{} {} (block, {})",
            b.start.format(dates::CLOCK),
            b.end.format(dates::CLOCK),
            b.title,
            b.status.label()
        )?;
    }
    for (e, _) in &day.meetings {
        let mark = e.plan_mark().map(|m| format!(" ({m})")).unwrap_or_default();
        writeln!(out, "  {}-{} {}{mark}", hm(e.start), hm(e.end), e.title)?;
    }
    for c in &day.conversations {
        let at = c
            .planned_at
            .map(|p| p.format(dates::CLOCK).to_string())
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
            week.format(dates::DATE)
        )?;
    }
    Ok(())
}

/// The day as `bearing today --json` prints it.
fn day_json(day: &coaching::Day, clock: &dyn Clock) -> serde_json::Value {
    let zone = clock.zone();
    let today = clock.today();
    let t = |x: chrono::DateTime<chrono::Utc>| rfc3339(&x.with_timezone(&zone));
    serde_json::json!({
        "day": today.to_string(),
        "prompt": { "text": day.prompt.text, "reason": day.prompt.reason },
        "blocks": day.blocks.iter().map(|b| serde_json::json!({
            "block_id": b.block_id,
            "block_sid": b.block_uid,
            "title": b.title,
            "start": rfc3339(&b.start),
            "end": rfc3339(&b.end),
            "status": b.status.as_str(),
        })).collect::<Vec<_>>(),
        "meetings": day.meetings.iter().map(|(e, c)| serde_json::json!({
            "id": e.id,
            "title": e.title,
            "start": t(e.start),
            "end": t(e.end),
            "category": c.as_str(),
            "attendance": e.attendance,
            "cancelled": e.cancelled,
        })).collect::<Vec<_>>(),
        "conversations": day.conversations.iter().map(|c| conversation_json(c, today)).collect::<Vec<_>>(),
        "follow_ups": day.follow_ups.iter().map(|c| conversation_json(c, today)).collect::<Vec<_>>(),
        "agendas": day.agendas.iter().map(|a| serde_json::json!({
            "person": a.person,
            "items": agenda_json(&a.items),
        })).collect::<Vec<_>>(),
        "review_missing": day.review_missing.map(|d| d.to_string()),
    })
}
