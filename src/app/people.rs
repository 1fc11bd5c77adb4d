//! The people a manager leads: ranked for the People list and `bearing people` (who has
//! gone longest without a check-in, quietest first, and who the calendar knows), a
//! person's page, and the changes to them: rename, merge, link or unlink an address,
//! mark a direct report.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::coaching::ReportCoverage;
use super::{Error, Field, Journal, Now};
use crate::app::audit::{AuditSettings, me_addresses};
use crate::config::Config;
use crate::domain::Entry;
use crate::domain::coaching::{AgendaItem, Delegation};
use crate::domain::conversation::Conversation;
use crate::domain::meeting::{Attendable, Meeting, OneOnOnes};
use crate::domain::person;
use crate::domain::week::day_window;
use crate::store::{Store, StoreError};

/// What bearing knows about one person, for the People list and `bearing people`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonSummary {
    /// Their name.
    pub name: String,
    /// Their stable id, the same on every device the journal syncs to (none for someone
    /// met on the calendar only, whom the journal does not hold).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Whether they are a direct report (reports come first).
    pub report: bool,
    /// Their e-mail addresses.
    pub addresses: Vec<String>,
    /// The last check-in: a held conversation or a 1:1 on the calendar.
    pub last_checkin: Option<NaiveDate>,
    /// Days since then (`None` when there was none).
    pub days_since_checkin: Option<i64>,
    /// The last 1:1 found on the calendar.
    pub last_one_on_one: Option<NaiveDate>,
    /// The last conversation.
    pub last_conversation: Option<LastConversation>,
    /// Held conversations whose follow-up is still open.
    pub open_followups: usize,
    /// Reflections mentioning them.
    pub mentions: i64,
    /// Whether a stay interview was held with them.
    pub stay_interview: bool,
    /// Whether bearing nudges you to check in.
    pub nudge: bool,
    /// Archived: someone who left, never nudged about.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub archived: bool,
    /// Met in 1:1s on the calendar only: never @mentioned, no conversation yet.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub calendar_only: bool,
}

/// The day and topic of someone's last conversation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LastConversation {
    /// Held, else planned.
    pub day: NaiveDate,
    /// What it was about.
    pub topic: String,
}

/// How far back the calendar is searched for someone's last 1:1, in days.
pub const ONE_ON_ONE_DAYS: i64 = 366;

/// What the People ranking reads from the journal: everyone, their conversations, and
/// the calendar's event texts of the last [`ONE_ON_ONE_DAYS`] with when each was last
/// seen.
#[derive(Debug, Clone)]
pub struct PeopleReads {
    /// Everyone in the journal.
    pub people: Vec<crate::store::PersonRow>,
    /// Every conversation's head.
    pub conversations: Vec<crate::domain::conversation::Conversation>,
    /// Each distinct event text of the period, with its last start.
    pub titles: Vec<crate::store::SeenText>,
}

/// Reads what [`rank_people`] ranks. Meetings the manager (`me`: `[me] addresses`, and
/// calendars named by an address) declined are left out: they were no check-in.
pub fn read_people(
    store: &Store,
    me: &[String],
    zone: Tz,
    now: DateTime<chrono::FixedOffset>,
) -> Result<PeopleReads, StoreError> {
    let today = now.date_naive();
    let until = now.to_utc() + Duration::seconds(1);
    let since = day_window(zone, today, today).1 - Duration::days(ONE_ON_ONE_DAYS);
    let me = me_addresses(me, store)?;
    let mut titles = store.event_texts_last_seen(since, until)?;
    titles.retain(|t| !crate::domain::event::declined_by(&t.attendee_list, &me));
    Ok(PeopleReads {
        people: store.list_people()?,
        conversations: store.list_conversation_heads()?,
        titles,
    })
}

/// Everyone, nudges first (the longest without a check-in first, then the least
/// mentioned: the quietest), then the rest by name.
pub fn people_summaries(
    store: &Store,
    me: &[String],
    zone: Tz,
    now: DateTime<chrono::FixedOffset>,
    checkin_days: u32,
) -> Result<Vec<PersonSummary>, StoreError> {
    Ok(rank_people(
        &read_people(store, me, zone, now)?,
        zone,
        now,
        checkin_days,
    ))
}

/// The day an event last seen at `seen` (Unix seconds) was, in `zone`.
fn seen_day(seen: Option<i64>, zone: Tz) -> Option<NaiveDate> {
    seen.and_then(|t| DateTime::<Utc>::from_timestamp(t, 0))
        .map(|t| t.with_timezone(&zone).date_naive())
}

/// The summaries of `reads`, ranked: the pure part of [`people_summaries`]. A 1:1 on
/// the calendar is an event that has started with two attendees or saying it is a 1:1,
/// whose title names the person (or an old name of theirs), or, with two attendees, one
/// of whom has one of their addresses; names are looked up by word, not tried one by one.
pub fn rank_people(
    reads: &PeopleReads,
    zone: Tz,
    now: DateTime<chrono::FixedOffset>,
    checkin_days: u32,
) -> Vec<PersonSummary> {
    let today = now.date_naive();
    let mut last_one_on_one: HashMap<i64, NaiveDate> = Default::default();
    let finder = OneOnOnes::new(reads.people.iter().map(|p| Attendable {
        id: p.id,
        name: &p.name,
        aliases: &p.aliases,
        addresses: &p.addresses,
    }));
    for seen in &reads.titles {
        let with = finder.with_whom(Meeting {
            title: &seen.title,
            attendees: seen.attendees,
            attendee_list: &seen.attendee_list,
        });
        if with.is_empty() {
            continue;
        }
        let Some(day) = seen_day(Some(seen.last_start), zone) else {
            continue;
        };
        for id in with {
            let last = last_one_on_one.entry(id).or_insert(day);
            *last = (*last).max(day);
        }
    }
    let mut by_person: HashMap<String, Vec<&crate::domain::conversation::Conversation>> =
        Default::default();
    for c in &reads.conversations {
        by_person
            .entry(crate::domain::person::key(&c.person))
            .or_default()
            .push(c);
    }
    let mut out: Vec<PersonSummary> = reads
        .people
        .iter()
        .map(|p| {
            let key = crate::domain::person::key(&p.name);
            let theirs = by_person.get(&key).map(Vec::as_slice).unwrap_or_default();
            let held = theirs
                .iter()
                .filter_map(|c| c.held_at)
                .filter(|t| *t <= now)
                .map(|t| t.date_naive())
                .max();
            let one_on_one = last_one_on_one.get(&p.id).copied();
            let last_checkin = held.max(one_on_one);
            let days = last_checkin.map(|d| (today - d).num_days());
            PersonSummary {
                name: p.name.clone(),
                sid: Some(p.sid.clone()),
                report: p.report,
                addresses: p.addresses.clone(),
                last_checkin,
                days_since_checkin: days,
                last_one_on_one: one_on_one,
                last_conversation: theirs
                    .iter()
                    .filter_map(|c| {
                        c.day().map(|day| LastConversation {
                            day,
                            topic: c.topic.clone(),
                        })
                    })
                    .max(),
                open_followups: theirs
                    .iter()
                    .filter(|c| {
                        c.status == crate::domain::conversation::Status::Held
                            && c.followup_on.is_some()
                    })
                    .count(),
                mentions: p.mentions,
                stay_interview: theirs
                    .iter()
                    .any(|c| c.stay_interview && c.held_at.is_some()),
                nudge: !p.archived && days.is_none_or(|d| d > i64::from(checkin_days)),
                archived: p.archived,
                calendar_only: false,
            }
        })
        .collect();
    sort_people(&mut out);
    out
}

/// Reports first, then nudges (the longest without a check-in first, then the least
/// mentioned: the quietest), then the rest by name; the archived last.
pub fn sort_people(people: &mut [PersonSummary]) {
    people.sort_by(|a, b| {
        a.archived
            .cmp(&b.archived)
            .then(b.report.cmp(&a.report))
            .then(b.nudge.cmp(&a.nudge))
            .then_with(|| match (a.nudge, b.nudge) {
                (true, true) => b
                    .days_since_checkin
                    .unwrap_or(i64::MAX)
                    .cmp(&a.days_since_checkin.unwrap_or(i64::MAX))
                    .then(a.mentions.cmp(&b.mentions)),
                _ => std::cmp::Ordering::Equal,
            })
            .then(a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
}

/// People met in 1:1s on the calendar whom the journal does not know yet (never
/// @mentioned, no conversation): their name from the title and the last 1:1.
pub fn calendar_only_people(
    reads: &PeopleReads,
    known: &[PersonSummary],
    zone: Tz,
    now: DateTime<chrono::FixedOffset>,
    checkin_days: u32,
) -> Vec<PersonSummary> {
    let today = now.date_naive();
    let known: HashSet<String> = known
        .iter()
        .map(|p| crate::domain::person::key(&p.name))
        .chain(
            reads
                .people
                .iter()
                .flat_map(|p| p.aliases.iter().map(|a| crate::domain::person::key(a))),
        )
        .collect();
    let mut found: std::collections::BTreeMap<String, (String, NaiveDate)> = Default::default();
    for seen in &reads.titles {
        let (Some(name), Some(day)) = (
            crate::domain::meeting::one_on_one_name(&seen.title),
            seen_day(Some(seen.last_start), zone),
        ) else {
            continue;
        };
        let key = crate::domain::person::key(&name);
        if known.contains(&key) || known.iter().any(|k| key.split(' ').any(|w| w == k)) {
            continue;
        }
        let entry = found.entry(key).or_insert((name, day));
        entry.1 = entry.1.max(day);
    }
    found
        .into_values()
        .map(|(name, day)| {
            let days = (today - day).num_days();
            PersonSummary {
                name,
                sid: None,
                report: false,
                addresses: Vec::new(),
                last_checkin: Some(day),
                days_since_checkin: Some(days),
                last_one_on_one: Some(day),
                last_conversation: None,
                open_followups: 0,
                mentions: 0,
                stay_interview: false,
                nudge: days > i64::from(checkin_days),
                archived: false,
                calendar_only: true,
            }
        })
        .collect()
}

/// Everyone in the journal, ranked as [`people_summaries`] ranks them: what `bearing
/// people` lists.
pub fn list(
    journal: &Journal,
    settings: &AuditSettings,
    config: &Config,
    now: Now,
) -> super::Result<Vec<PersonSummary>> {
    Ok(people_summaries(
        journal.store(),
        &settings.me,
        now.zone,
        now.at,
        config.people.checkin_days,
    )?)
}

/// What the People screen lists: everyone, with the people met in 1:1s on the calendar
/// only, ranked; the direct reports; how each report's 1:1s are kept.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    /// Everyone, reports first, then nudges (the quietest first), then by name.
    pub people: Vec<PersonSummary>,
    /// The names of the direct reports.
    pub reports: Vec<String>,
    /// How each direct report's 1:1s are kept.
    pub coverage: Vec<ReportCoverage>,
}

/// Everyone at `now`, with the people the calendar knows, the reports and their 1:1s.
pub fn overview(
    journal: &Journal,
    settings: &AuditSettings,
    config: &Config,
    now: Now,
) -> super::Result<Overview> {
    let store = journal.store();
    let days = config.people.checkin_days;
    let reads = read_people(store, &settings.me, now.zone, now.at)?;
    let mut people = rank_people(&reads, now.zone, now.at, days);
    let met = calendar_only_people(&reads, &people, now.zone, now.at, days);
    people.extend(met);
    sort_people(&mut people);
    Ok(Overview {
        people,
        reports: store.reports()?,
        coverage: super::coaching::report_coverage(store, settings, config, now.zone, now.at)?,
    })
}

/// What a person's page shows beside their summary.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// What to raise at the next 1:1, oldest first.
    pub agenda: Vec<AgendaItem>,
    /// Delegations to them, open ones first.
    pub delegations: Vec<Delegation>,
    /// Their conversations.
    pub conversations: Vec<Conversation>,
    /// Their latest mentions, newest first.
    pub mentions: Vec<Entry>,
}

/// The page of the person `name` means on `today`, with their `mentions` latest
/// mentions; someone the journal does not know (met on the calendar only) has an empty
/// one.
pub fn page(
    journal: &Journal,
    today: NaiveDate,
    name: &str,
    mentions: usize,
) -> super::Result<Page> {
    let store = journal.store();
    Ok(Page {
        agenda: super::coaching::agenda_of(store, name, today)?
            .map(|(_, items)| items)
            .unwrap_or_default(),
        delegations: store.list_delegations(Some(name))?,
        conversations: store.list_conversations(&crate::store::ConversationFilter {
            person: Some(name.to_string()),
            ..Default::default()
        })?,
        mentions: store.recent_mentions(name, mentions)?,
    })
}

/// The names of the direct reports.
pub fn reports(journal: &Journal) -> super::Result<Vec<String>> {
    Ok(journal.store().reports()?)
}

/// A refusal of `field` when the journal refused a name or an address; any other
/// failure as it is.
fn refused(field: Field) -> impl Fn(StoreError) -> Error {
    move |e| match e {
        StoreError::NoSuchPerson(_)
        | StoreError::EmptyName
        | StoreError::PersonExists(_)
        | StoreError::SamePerson(..)
        | StoreError::BadAddress(_)
        | StoreError::AddressTaken(..) => Error::refused(field, e),
        e => e.into(),
    }
}

/// Renames the person `from` means to `to`: their mentions and conversations follow,
/// and the old name stays theirs. Returns the new name as stored.
pub fn rename(journal: &mut Journal, from: &str, to: &str) -> super::Result<String> {
    if person::is_blank(to) {
        return Err(Error::refused(Field::NewName, "the new name is empty"));
    }
    journal
        .store_mut()
        .rename_person(from, to)
        .map_err(|e| match e {
            StoreError::NoSuchPerson(_) => refused(Field::Person)(e),
            e => refused(Field::NewName)(e),
        })?;
    Ok(person::clean(to).to_string())
}

/// Merges the person `from` means into the one `into` means, in one transaction.
pub fn merge(journal: &mut Journal, from: &str, into: &str) -> super::Result<()> {
    if person::is_blank(into) {
        return Err(Error::refused(
            Field::MergeInto,
            "the name to merge into is empty",
        ));
    }
    let into_key = person::key(into);
    journal
        .store_mut()
        .merge_people(from, into)
        .map_err(|e| match &e {
            StoreError::NoSuchPerson(name) if person::key(name) != into_key => {
                refused(Field::Person)(e)
            }
            _ => refused(Field::MergeInto)(e),
        })
}

/// An address linked to someone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    /// The address, as stored (lower case, no `mailto:`).
    pub address: String,
    /// Whose it is now, their name as stored.
    pub person: String,
    /// Whether they were added to the journal for it.
    pub added: bool,
}

/// Links `address` to the person `name` means (added when new), so a 1:1 with it is
/// theirs; an address that is someone else's is refused, and then nobody is added.
pub fn link(journal: &mut Journal, name: &str, address: &str) -> super::Result<Linked> {
    if address.trim().is_empty() {
        return Err(Error::refused(Field::Address, "the address is empty"));
    }
    let added = !journal.store().knows_person(name)?;
    let (address, person) =
        journal
            .store_mut()
            .link_address(name, address)
            .map_err(|e| match e {
                StoreError::EmptyName => refused(Field::Person)(e),
                e => refused(Field::Address)(e),
            })?;
    Ok(Linked {
        address,
        person,
        added,
    })
}

/// Forgets `address`; one linked to nobody is refused.
pub fn unlink(journal: &mut Journal, address: &str) -> super::Result<()> {
    if !journal.store_mut().unlink_address(address)? {
        return Err(Error::refused(
            Field::Address,
            format!("{} is not linked to anyone", address.trim()),
        ));
    }
    Ok(())
}

/// Someone marked a direct report, or no longer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    /// Their name as stored.
    pub person: String,
    /// Whether they were added to the journal for it.
    pub added: bool,
}

/// Marks the person `name` means a direct report (added when new), or not (someone
/// unknown is refused).
pub fn set_report(journal: &mut Journal, name: &str, report: bool) -> super::Result<Marked> {
    let added = report && !journal.store().knows_person(name)?;
    let person = journal
        .store_mut()
        .set_report(name, report)
        .map_err(refused(Field::Person))?;
    Ok(Marked { person, added })
}

/// Archives the person `name` means (someone who left), or brings them back: kept for
/// history, never nudged about, no longer a direct report. Their name.
pub fn archive(journal: &mut Journal, name: &str, archived: bool) -> super::Result<String> {
    journal
        .store_mut()
        .set_archived(name, archived)
        .map_err(person_error)
}

/// Removes the person `name` means when nothing refers to them (a name added by
/// mistake); refused, saying what refers to them, otherwise. Their name.
pub fn remove(journal: &mut Journal, name: &str) -> super::Result<String> {
    journal
        .store_mut()
        .remove_person(name)
        .map_err(person_error)
}

/// A store error about a person as the use cases refuse it.
fn person_error(e: StoreError) -> super::Error {
    match e {
        e @ (StoreError::NoSuchPerson(_) | StoreError::PersonInUse(..)) => {
            super::Error::refused(super::Field::Person, e)
        }
        e => e.into(),
    }
}

/// Refuses `name` when nobody in the journal has it (nor had it), unless `new_person`:
/// a conversation or delegation with a mistyped name would make a person nudged forever.
/// Writing `@Name` in a reflection still adds someone at once (writing stays fast).
pub(crate) fn known_or_new(
    store: &crate::store::Store,
    name: &str,
    new_person: bool,
) -> super::Result<()> {
    if new_person || !store.person_ids_matching(name)?.is_empty() {
        return Ok(());
    }
    Err(super::Error::refused(
        super::Field::NewPerson,
        format!(
            "nobody is called {} yet; is it a typo? `bearing people` lists everyone",
            crate::domain::person::clean(name)
        ),
    ))
}

#[cfg(test)]
#[path = "people_tests.rs"]
mod people_tests;
