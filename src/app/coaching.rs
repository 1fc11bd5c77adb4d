//! What the coaching commands and screens share: a person's agenda for the next 1:1
//! (and marking its items discussed), delegations (handed over, listed, closed), the
//! coverage of direct reports' 1:1s, a person's page, and what stands out in the week
//! for the prompt of the day: read from the journal, put together by `domain::coaching`.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::{Error, Field, Journal, Now};
use crate::app::audit::AuditSettings;
use crate::audit::Warning;
use crate::domain::coaching::{
    AgendaItem, Coverage, Delegation, DelegationError, DelegationStatus, OneOnOne, OneOnOneState,
    build_agenda, check_delegation, coverage,
};
use crate::domain::event::{Attendance, EventOccurrence};
use crate::domain::week::{day_window, week_start};
use crate::store::NewDelegation as NewRow;
use crate::store::{AddedItem, ConversationFilter, PersonRow, Store, StoreError};

/// How far back reflections are read for agenda lines.
pub const AGENDA_DAYS: i64 = 365;

/// The agenda of the person `name` means, on `today`, with their name as stored;
/// nobody called so is refused.
pub fn agenda(
    journal: &Journal,
    name: &str,
    today: NaiveDate,
) -> super::Result<(String, Vec<AgendaItem>)> {
    agenda_of(journal.store(), name, today)?.ok_or_else(|| nobody(name))
}

/// Adds `text` to the agenda of the person `name` means, for their next 1:1: the item
/// added. Blank text, and a name nobody has, are refused.
pub fn add_agenda_item(
    journal: &mut Journal,
    now: Now,
    name: &str,
    text: &str,
) -> super::Result<AgendaItem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::refused(Field::AgendaText, "say what to raise"));
    }
    if journal.store().person_ids_matching(name)?.is_empty() {
        return Err(nobody(name));
    }
    let added = journal.store_mut().insert_agenda_item(name, text, now.at)?;
    Ok(added_item(added))
}

/// An item added directly to someone's agenda, as the agenda lists it.
fn added_item(row: AddedItem) -> AgendaItem {
    use crate::domain::coaching::{AgendaSource, added_item_id};
    AgendaItem {
        id: added_item_id(row.id),
        sid: added_item_id(&row.sid),
        text: row.text,
        source: AgendaSource::Added,
        since: row.added_at.date_naive(),
    }
}

/// The refusal of a name nobody in the journal has.
fn nobody(name: &str) -> Error {
    Error::refused(
        Field::Person,
        StoreError::NoSuchPerson(name.trim().to_string()),
    )
}

/// Marks agenda item `id` discussed at `now`: it leaves the agenda, and what is not
/// marked carries to the next 1:1. The item must be open on the agenda of `whose` (the
/// person `whose` means), or, when not given, on anyone's.
pub fn mark_discussed(
    journal: &mut Journal,
    now: Now,
    whose: Option<&str>,
    id: &str,
) -> super::Result<()> {
    let id = id.trim();
    let store = journal.store();
    let names = match whose {
        Some(name) => vec![name.to_string()],
        // People are few; agendas are short.
        None => store.list_people()?.into_iter().map(|p| p.name).collect(),
    };
    let mut open = false;
    for name in &names {
        if let Some((_, items)) = agenda_of(store, name, now.today())?
            && items.iter().any(|i| i.id == id)
        {
            open = true;
            break;
        }
    }
    if !open {
        return Err(Error::refused(
            Field::AgendaItem,
            format!("there is no open agenda item '{id}'"),
        ));
    }
    journal.store_mut().mark_agenda_done(id, now.at)?;
    Ok(())
}

/// The agenda of the person `name` means, on `today`; `None` when nobody is called so.
pub(super) fn agenda_of(
    store: &Store,
    name: &str,
    today: NaiveDate,
) -> Result<Option<(String, Vec<AgendaItem>)>, StoreError> {
    let ids = store.person_ids_matching(name)?;
    let Some(person) = store
        .list_people()?
        .into_iter()
        .find(|p| ids.first() == Some(&p.id))
    else {
        return Ok(None);
    };
    let mut names = vec![person.name.clone()];
    names.extend(person.aliases.iter().cloned());
    let entries =
        store.entries_mentioning_since(&person.name, today - Duration::days(AGENDA_DAYS))?;
    let conversations = store.list_conversations(&ConversationFilter {
        status: None,
        person: Some(person.name.clone()),
    })?;
    let delegations = store.list_delegations(Some(&person.name))?;
    let added: Vec<AgendaItem> = store
        .agenda_items_of(person.id)?
        .into_iter()
        .map(added_item)
        .collect();
    let done = store.agenda_done()?;
    Ok(Some((
        person.name,
        build_agenda(
            &names,
            &entries,
            &conversations,
            &delegations,
            &added,
            &done,
            today,
        ),
    )))
}

/// How far back 1:1s are read for coverage: the twelve weeks of the longest gap.
const BACK_WEEKS: i64 = crate::domain::coaching::GAP_WEEKS;
/// How far ahead the next 1:1 is looked for.
const AHEAD_WEEKS: i64 = 8;

/// Whether `e` is a 1:1 with `p`, by the one rule of [`crate::domain::meeting`].
fn is_one_on_one_with(e: &EventOccurrence, p: &PersonRow) -> bool {
    crate::domain::meeting::is_one_on_one_with(
        e,
        crate::domain::meeting::Attendable {
            id: (),
            name: &p.name,
            aliases: &p.aliases,
            addresses: &p.addresses,
        },
    )
}

/// The week an instant falls in (its first day), in `zone`.
fn week_of(t: DateTime<Utc>, zone: Tz, first: chrono::Weekday) -> chrono::NaiveDate {
    week_start(t.with_timezone(&zone).date_naive(), first)
}

/// Each person's 1:1s on the calendar from twelve weeks back to eight ahead of `now`.
fn one_on_ones(
    store: &Store,
    settings: &AuditSettings,
    people: &[&PersonRow],
    zone: Tz,
    first_day: chrono::Weekday,
    now: DateTime<FixedOffset>,
) -> Result<Vec<Vec<OneOnOne>>, StoreError> {
    let today = now.date_naive();
    let (from, _) = day_window(zone, today - Duration::weeks(BACK_WEEKS), today);
    let (_, to) = day_window(zone, today, today + Duration::weeks(AHEAD_WEEKS));
    let me = crate::app::audit::me_addresses(&settings.me, store)?;
    let events = crate::app::audit::events_between(store, zone, from, to)?;
    Ok(people
        .iter()
        .map(|p| {
            // A series is a 1:1 with them when one of its occurrences is: a cancelled
            // occurrence often lists nobody.
            let series: std::collections::HashSet<&str> = events
                .iter()
                .filter(|e| is_one_on_one_with(e, p))
                .map(|e| e.uid.as_str())
                .collect();
            events
                .iter()
                .filter(|e| !e.all_day && series.contains(e.uid.as_str()))
                .map(|e| {
                    let state = if e.cancelled {
                        OneOnOneState::Cancelled
                    } else if e.attendance_for(&me, true) == Attendance::Declined {
                        OneOnOneState::Declined
                    } else {
                        let planned = DateTime::<Utc>::from_timestamp(e.key, 0).unwrap_or(e.start);
                        if week_of(planned, zone, first_day) != week_of(e.start, zone, first_day) {
                            OneOnOneState::Moved
                        } else {
                            OneOnOneState::Kept
                        }
                    };
                    OneOnOne {
                        series: crate::domain::hash::fnv1a(&e.uid),
                        planned: DateTime::<Utc>::from_timestamp(e.key, 0).unwrap_or(e.start),
                        start: e.start,
                        minutes: e.minutes(),
                        state,
                    }
                })
                .collect()
        })
        .collect())
}

/// A direct report's 1:1s, as the People screen, the review, the audit and
/// `bearing people show` tell them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportCoverage {
    /// Their name.
    pub name: String,
    /// Their 1:1s.
    pub one_on_ones: Coverage,
    /// A 1:1 this week was cancelled or declined.
    pub cancelled_this_week: bool,
    /// Their 1:1s average fewer minutes a week than `[people] min_one_on_one_minutes`.
    pub low: bool,
    /// No stay interview held with them in the last twelve months.
    pub stay_interview_due: bool,
}

/// The coverage of every direct report at `now`.
pub fn report_coverage(
    store: &Store,
    settings: &AuditSettings,
    config: &crate::config::Config,
    zone: Tz,
    now: DateTime<FixedOffset>,
) -> Result<Vec<ReportCoverage>, StoreError> {
    let people = store.list_people()?;
    let reports: Vec<&PersonRow> = people.iter().filter(|p| p.report).collect();
    coverage_of(store, settings, config, &reports, zone, now)
}

/// The coverage of every direct report as it stood in the week starting `week`: at its
/// end, or at `now` when the week is not over. Every figure of a week's review belongs to
/// the week reviewed.
pub fn report_coverage_in_week(
    store: &Store,
    settings: &AuditSettings,
    config: &crate::config::Config,
    zone: Tz,
    now: DateTime<FixedOffset>,
    week: chrono::NaiveDate,
) -> Result<Vec<ReportCoverage>, StoreError> {
    let (_, end) = day_window(zone, week, week + Duration::days(6));
    let as_of = (end - Duration::seconds(1))
        .with_timezone(&zone)
        .fixed_offset()
        .min(now);
    report_coverage(store, settings, config, zone, as_of)
}

fn coverage_of(
    store: &Store,
    settings: &AuditSettings,
    config: &crate::config::Config,
    people: &[&PersonRow],
    zone: Tz,
    now: DateTime<FixedOffset>,
) -> Result<Vec<ReportCoverage>, StoreError> {
    if people.is_empty() {
        return Ok(Vec::new());
    }
    let first_day = config.week.first_day.0;
    let lists = one_on_ones(store, settings, people, zone, first_day, now)?;
    let conversations = store.list_conversation_heads()?;
    let week_first = week_start(now.date_naive(), first_day);
    let week = day_window(zone, week_first, week_first + Duration::days(6));
    let year_ago = now - Duration::days(365);
    Ok(people
        .iter()
        .zip(lists)
        .map(|(p, list)| {
            let theirs = |c: &&crate::domain::conversation::Conversation| {
                crate::domain::person::key(&c.person) == crate::domain::person::key(&p.name)
            };
            let held: Vec<DateTime<Utc>> = conversations
                .iter()
                .filter(theirs)
                .filter_map(|c| c.held_at.map(|t| t.to_utc()))
                .collect();
            let cov = coverage(&list, &held, now.to_utc(), week);
            let stay = conversations
                .iter()
                .filter(theirs)
                .any(|c| c.stay_interview && c.held_at.is_some_and(|t| t >= year_ago));
            ReportCoverage {
                name: p.name.clone(),
                cancelled_this_week: cov.cancelled_this_week,
                low: cov.minutes_per_week < f64::from(config.people.min_one_on_one_minutes),
                stay_interview_due: !stay,
                one_on_ones: cov,
            }
        })
        .collect())
}

/// The audit's warnings about direct reports' 1:1s: `one_on_one_cancelled` for a 1:1
/// cancelled or declined this week, `one_on_one_low` under the weekly minimum.
pub fn one_on_one_warnings(coverage: &[ReportCoverage], min_minutes: u32) -> Vec<Warning> {
    let mut out = Vec::new();
    for r in coverage {
        if r.cancelled_this_week {
            out.push(Warning {
                kind: "one_on_one_cancelled",
                message: format!(
                    "Your 1:1 with {} was cancelled or declined this week. One-on-ones are sacred: make it up.",
                    r.name
                ),
            });
        }
        if r.low {
            out.push(Warning {
                kind: "one_on_one_low",
                message: format!(
                    "{} had {} of 1:1 time a week over the last four weeks, under your {min_minutes}.",
                    r.name,
                    crate::domain::words::count(r.one_on_ones.minutes_per_week.round() as i64, "minute", "minutes")
                ),
            });
        }
    }
    out
}

/// Everything bearing knows about one person, for `bearing people show`.
#[derive(Debug, Clone, Serialize)]
pub struct PersonPage {
    /// Their name.
    pub name: String,
    /// Their stable id, the same on every device the journal syncs to.
    pub sid: String,
    /// A direct report.
    pub report: bool,
    /// Their addresses.
    pub addresses: Vec<String>,
    /// Names they had before.
    pub aliases: Vec<String>,
    /// Their 1:1s.
    pub one_on_ones: Coverage,
    /// Flags on their 1:1s (reports only).
    pub flags: Vec<String>,
    /// No stay interview in the last twelve months (reports only).
    pub stay_interview_due: bool,
    /// What to raise at the next 1:1.
    pub agenda: Vec<AgendaItem>,
    /// Delegations to them.
    pub delegations: Vec<Delegation>,
}

/// The page of the person `name` means at `now`; nobody called so is refused.
pub fn person_page(
    journal: &Journal,
    settings: &AuditSettings,
    config: &crate::config::Config,
    now: Now,
    name: &str,
) -> super::Result<PersonPage> {
    let store = journal.store();
    let ids = store.person_ids_matching(name)?;
    let people = store.list_people()?;
    let Some(p) = people.iter().find(|p| ids.first() == Some(&p.id)) else {
        return Err(nobody(name));
    };
    let (zone, now) = (now.zone, now.at);
    let cov = coverage_of(store, settings, config, &[p], zone, now)?
        .pop()
        .ok_or_else(|| StoreError::BadData("no coverage was computed".into()))?;
    let flags = if p.report {
        one_on_one_warnings(
            std::slice::from_ref(&cov),
            config.people.min_one_on_one_minutes,
        )
        .into_iter()
        .map(|w| w.message)
        .collect()
    } else {
        Vec::new()
    };
    let agenda = agenda_of(store, &p.name, now.date_naive())?
        .map(|(_, items)| items)
        .unwrap_or_default();
    Ok(PersonPage {
        name: p.name.clone(),
        sid: p.sid.clone(),
        report: p.report,
        addresses: p.addresses.clone(),
        aliases: p.aliases.clone(),
        stay_interview_due: p.report && cov.stay_interview_due,
        one_on_ones: cov.one_on_ones,
        flags,
        agenda,
        delegations: store.list_delegations(Some(&p.name))?,
    })
}

/// What stands out this week, for the prompt of the day.
pub fn signals(
    store: &Store,
    settings: &AuditSettings,
    config: &crate::config::Config,
    zone: Tz,
    now: DateTime<FixedOffset>,
) -> Result<crate::domain::prompts::Signals, StoreError> {
    let today = now.date_naive();
    let yesterday = today - Duration::days(1);
    let held_yesterday = store
        .conversations_around(yesterday, yesterday, yesterday)?
        .into_iter()
        .find(|c| {
            c.held_at
                .is_some_and(|t| t.with_timezone(&zone).date_naive() == yesterday)
        })
        .map(|c| (c.person, c.topic));
    let coverage = report_coverage(store, settings, config, zone, now)?;
    let cancelled_one_on_one = coverage.iter().find_map(|r| {
        let at = r.one_on_ones.called_off?;
        let day = at.with_timezone(&zone).date_naive();
        Some((r.name.clone(), day, at > now.to_utc()))
    });
    let checkin_days = i64::from(config.people.checkin_days);
    let no_check_in = coverage
        .iter()
        .map(|r| {
            // Calendar days, as `bearing people` counts them.
            let days = r
                .one_on_ones
                .last
                .map(|t| (today - t.with_timezone(&zone).date_naive()).num_days());
            (r.name.clone(), days)
        })
        .filter(|(_, d)| d.is_none_or(|d| d > checkin_days))
        .max_by_key(|(_, d)| d.unwrap_or(i64::MAX));
    let first = week_start(today, config.week.first_day.0);
    let report = crate::app::audit::audit_between(
        store,
        settings,
        zone,
        first,
        first + Duration::days(6),
        now.to_utc(),
    )?;
    let leading_below_target = report
        .leading_share
        .filter(|s| *s + 0.005 < report.target.leading)
        .map(|s| (s, report.target.leading));
    let review_day = today.weekday() == chrono::Weekday::Fri;
    Ok(crate::domain::prompts::Signals {
        held_yesterday,
        cancelled_one_on_one,
        no_check_in,
        leading_below_target,
        review_day,
    })
}

/// The 1:1 warnings for an audit of the days `from..=to`: only when they hold today
/// (a 1:1 "cancelled this week" is this week's).
pub fn audit_warnings(
    store: &Store,
    settings: &AuditSettings,
    config: &crate::config::Config,
    zone: Tz,
    now: DateTime<FixedOffset>,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<Vec<Warning>, StoreError> {
    let today = now.date_naive();
    if today < from || today > to {
        return Ok(Vec::new());
    }
    let coverage = report_coverage(store, settings, config, zone, now)?;
    Ok(one_on_one_warnings(
        &coverage,
        config.people.min_one_on_one_minutes,
    ))
}

/// The day in one look, for `bearing today` and a shell's start.
#[derive(Debug, Clone)]
pub struct Day {
    /// The prompt of the day, and why.
    pub prompt: crate::domain::prompts::Chosen,
    /// Today's leadership blocks.
    pub blocks: Vec<crate::domain::block::Occurrence>,
    /// Today's meetings (not all-day), in the plan's order: cancelled, declined and free
    /// ones marked as such.
    pub meetings: Vec<(EventOccurrence, crate::domain::event::Category)>,
    /// Conversations planned today.
    pub conversations: Vec<crate::domain::conversation::Conversation>,
    /// Held conversations whose follow-up is due today or late.
    pub follow_ups: Vec<crate::domain::conversation::Conversation>,
    /// For each person with a 1:1 today, what to raise.
    pub agendas: Vec<DayAgenda>,
    /// The first day of last week, when its review is missing.
    pub review_missing: Option<NaiveDate>,
}

/// What to raise with someone met in a 1:1 today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayAgenda {
    /// Who.
    pub person: String,
    /// The UIDs of today's 1:1s with them.
    pub meetings: Vec<String>,
    /// What to raise.
    pub items: Vec<AgendaItem>,
}

/// Everything of `now`'s day.
pub fn day(
    journal: &Journal,
    settings: &AuditSettings,
    config: &crate::config::Config,
    now: Now,
) -> super::Result<Day> {
    use crate::domain::conversation::{Group, Status};
    let store = journal.store();
    let (zone, now) = (now.zone, now.at);
    let today = now.date_naive();
    let signals = signals(store, settings, config, zone, now)?;
    let prompt = crate::domain::prompts::choose(&signals, today, 0, &crate::domain::prompts::all());
    let blocks = crate::app::audit::blocks_between(store, zone, today, today, now.to_utc())?;
    let (from, _) = day_window(zone, today, today);
    let people = store.list_people()?;
    let meetings: Vec<(EventOccurrence, crate::domain::event::Category)> =
        crate::app::audit::plan_of_day(store, settings, zone, today)?
            .into_iter()
            .filter(|(e, _)| !e.all_day && e.start >= from)
            .collect();
    let mut agendas = Vec::new();
    for p in &people {
        let theirs: Vec<String> = meetings
            .iter()
            .filter(|(e, _)| !e.cancelled && is_one_on_one_with(e, p))
            .map(|(e, _)| e.uid.to_string())
            .collect();
        if !theirs.is_empty()
            && let Some((person, items)) = agenda_of(store, &p.name, today)?
        {
            agendas.push(DayAgenda {
                person,
                meetings: theirs,
                items,
            });
        }
    }
    let around = store.conversations_around(today, today, today)?;
    let conversations = around
        .iter()
        .filter(|c| {
            c.status == Status::Planned
                && c.planned_at
                    .is_some_and(|t| t.with_timezone(&zone).date_naive() == today)
        })
        .cloned()
        .collect();
    let follow_ups = around
        .into_iter()
        .filter(|c| c.group(now) == Group::FollowUpDue)
        .collect();
    let review_missing = crate::app::reviews::missing_in(store, today, config.week.first_day.0)?;
    Ok(Day {
        prompt,
        blocks,
        meetings,
        conversations,
        follow_ups,
        agendas,
        review_missing,
    })
}

impl From<DelegationError> for Error {
    fn from(e: DelegationError) -> Error {
        let field = match e {
            DelegationError::NoTask => Field::Task,
            DelegationError::NoDone => Field::DoneLooksLike,
            DelegationError::CheckInPast(_) | DelegationError::CheckInAfterDue { .. } => {
                Field::CheckIn
            }
        };
        Error::refused(field, e)
    }
}

/// A task to hand over, with what done looks like.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewDelegation {
    /// Who it goes to, as typed (`@`, case and accents do not matter).
    pub person: String,
    /// The person is someone new: a name nobody has is refused without it.
    pub new_person: bool,
    /// What is handed over.
    pub task: String,
    /// What done looks like: the outcome, so they can own the how.
    pub done_looks_like: String,
    /// How far their authority goes (may be empty).
    pub authority: String,
    /// When to check in, for roadblocks only.
    pub check_in: Option<NaiveDate>,
    /// When it is due.
    pub due: Option<NaiveDate>,
}

/// Hands a task over on `today` (its person added when new), checked by
/// [`check_delegation`]: a task, what done looks like, a check-in not in the past and not
/// after the due date.
pub fn delegate(
    journal: &mut Journal,
    today: NaiveDate,
    new: &NewDelegation,
) -> super::Result<Delegation> {
    if crate::domain::person::is_blank(&new.person) {
        return Err(Error::refused(Field::Person, "say who it goes to"));
    }
    check_delegation(
        &new.task,
        &new.done_looks_like,
        new.check_in,
        new.due,
        today,
    )?;
    super::people::known_or_new(journal.store(), &new.person, new.new_person)?;
    Ok(journal.store_mut().insert_delegation(&NewRow {
        person: crate::domain::person::clean(&new.person),
        task: &new.task,
        done_looks_like: &new.done_looks_like,
        authority: &new.authority,
        check_in_on: new.check_in,
        due_on: new.due,
        since: today,
    })?)
}

/// Delegations, open ones first (by check-in, then due date), only those to the person
/// `person` means when given.
pub fn delegations(journal: &Journal, person: Option<&str>) -> super::Result<Vec<Delegation>> {
    Ok(journal.store().list_delegations(person)?)
}

/// Closes delegation `id` on `today` as done or dropped; one already closed is refused.
pub fn close_delegation(
    journal: &mut Journal,
    today: NaiveDate,
    id: i64,
    how: DelegationStatus,
) -> super::Result<Delegation> {
    journal
        .store_mut()
        .close_delegation(id, how, today)
        .map_err(|e| match e {
            StoreError::NoSuchDelegation(id) => Error::Missing {
                what: "delegation",
                id,
            },
            StoreError::DelegationClosed(..) => Error::refused(Field::Status, e),
            e => e.into(),
        })
}

#[cfg(test)]
#[path = "coaching_tests.rs"]
mod coaching_tests;
