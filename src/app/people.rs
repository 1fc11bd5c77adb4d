//! The people a manager leads, ranked for the People list and `bearing people`: who has
//! gone longest without a check-in, quietest first, and who the calendar knows.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::app::audit::me_addresses;
use crate::domain::meeting::{Attendable, Meeting, OneOnOnes};
use crate::domain::week::day_window;
use crate::store::{Store, StoreError};

/// What bearing knows about one person, for the People list and `bearing people`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonSummary {
    /// Their name.
    pub name: String,
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
                nudge: days.is_none_or(|d| d > i64::from(checkin_days)),
                calendar_only: false,
            }
        })
        .collect();
    sort_people(&mut out);
    out
}

/// Nudges first (the longest without a check-in first, then the least mentioned: the
/// quietest), then the rest by name.
pub fn sort_people(people: &mut [PersonSummary]) {
    people.sort_by(|a, b| {
        b.report
            .cmp(&a.report)
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
                calendar_only: true,
            }
        })
        .collect()
}

#[cfg(test)]
#[path = "people_tests.rs"]
mod people_tests;
