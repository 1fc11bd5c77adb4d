//! Difficult conversations: note one, prepare it, mark it held, follow it up, close it.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

use super::{Error, Field, Journal, Now, Result};
use crate::domain::conversation::{Conversation, ConversationError, Group, Held, Status};
use crate::domain::dates;
use crate::domain::merge;
use crate::domain::person;
pub use crate::store::ConversationFilter as Filter;
use crate::store::NewConversation as NewRow;

impl From<ConversationError> for Error {
    fn from(e: ConversationError) -> Error {
        let field = match e {
            ConversationError::EmptyTopic => Field::Topic,
            ConversationError::NoPerson => Field::Person,
            ConversationError::FollowUpTooEarly { .. } => Field::FollowUpOn,
            ConversationError::AlreadyHeld { .. }
            | ConversationError::HeldInFuture
            | ConversationError::FollowUpBeforeHeld { .. } => Field::HeldAt,
            ConversationError::BadTransition { .. } | ConversationError::FollowUpNotHeld { .. } => {
                Field::Status
            }
        };
        Error::refused(field, e)
    }
}

/// A conversation to note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewConversation {
    /// Who it is with, as typed (`@`, case and accents do not matter).
    pub person: String,
    /// What it is about.
    pub topic: String,
    /// When it is planned, if known.
    pub planned_at: Option<DateTime<FixedOffset>>,
    /// A stay interview: asking a valued person why they stay.
    pub stay_interview: bool,
    /// An imported calendar occurrence it is linked to (its id); it then takes that
    /// meeting's time.
    pub event: Option<i64>,
    /// The person is someone new: a name nobody has is refused without it.
    pub new_person: bool,
}

/// Notes a new conversation (and its person, when new) in one transaction.
pub fn add(journal: &mut Journal, now: Now, new: &NewConversation) -> Result<Conversation> {
    if person::is_blank(&new.person) {
        return Err(ConversationError::NoPerson.into());
    }
    if new.topic.trim().is_empty() {
        return Err(ConversationError::EmptyTopic.into());
    }
    super::people::known_or_new(journal.store(), &new.person, new.new_person)?;
    let linked = new
        .event
        .map(|id| {
            journal.store().event_occurrence(id)?.ok_or(Error::Missing {
                what: "imported event",
                id,
            })
        })
        .transpose()?;
    let event_start = linked
        .as_ref()
        .map(|e| e.start.with_timezone(&now.zone).fixed_offset());
    if let (Some(on), Some(start)) = (new.planned_at, event_start)
        && on != start
    {
        return Err(Error::refused(
            Field::PlannedAt,
            format!(
                "the event starts {}, not {}; leave the time out to take the event's",
                start.format(dates::DAY_TIME_YEAR),
                on.format(dates::DAY_TIME_YEAR),
            ),
        ));
    }
    Ok(journal.store_mut().insert_conversation(&NewRow {
        person: &new.person,
        topic: &new.topic,
        planned_at: new.planned_at.or(event_start),
        stay_interview: new.stay_interview,
        event_uid: linked.as_ref().map(|e| e.uid.as_str()),
    })?)
}

/// One conversation.
pub fn get(journal: &Journal, id: i64) -> Result<Conversation> {
    journal.store().conversation(id)?.ok_or(Error::Missing {
        what: "conversation",
        id,
    })
}

/// The conversations `filter` asks for, in the order they are listed at `now`: by group
/// (not yet recorded, upcoming, follow-ups due, held, closed), then by time.
pub fn list(journal: &Journal, now: Now, filter: &Filter) -> Result<Vec<Conversation>> {
    if let Some(p) = &filter.person
        && journal.store().person_ids_matching(p)?.is_empty()
    {
        return Err(Error::refused(
            Field::Person,
            crate::store::StoreError::NoSuchPerson(person::clean(p).to_string()),
        ));
    }
    let mut list = journal.store().list_conversations(filter)?;
    list.sort_by_key(|c| c.list_order(now.at));
    Ok(list)
}

/// What Today lists on `day`: conversations planned for that day, and follow-ups due or
/// late at `now`; oldest first.
pub fn due_on(journal: &Journal, now: Now, day: NaiveDate) -> Result<Vec<Conversation>> {
    let around = journal.store().conversations_around(day, day, day)?;
    Ok(around
        .into_iter()
        .filter(|c| {
            c.group(now.at) == Group::FollowUpDue
                || (c.status == Status::Planned
                    && c.planned_at.is_some_and(|t| t.date_naive() == day))
        })
        .collect())
}

/// How often a change is tried again when another writer changes the conversation
/// between reading and writing it.
const TRIES: usize = 5;

/// Reads conversation `id`, applies `change`, and writes it if nobody changed it
/// meanwhile (else reads it again and retries): a command never reverts another
/// window's save.
fn change<T>(
    journal: &mut Journal,
    id: i64,
    mut change: impl FnMut(&mut Conversation) -> Result<T>,
) -> Result<(Conversation, T)> {
    for _ in 0..TRIES {
        let mut c = get(journal, id)?;
        let out = change(&mut c)?;
        if journal.store_mut().update_conversation_at(&c)? {
            c.version += 1;
            return Ok((c, out));
        }
    }
    Err(Error::Busy)
}

/// Moves conversation `id` to `to`: held (now), followed up, closed, cancelled, or
/// planned again.
pub fn mark(journal: &mut Journal, now: Now, id: i64, to: Status) -> Result<Conversation> {
    change(journal, id, |c| Ok(c.mark(to, now.at)?)).map(|(c, ())| c)
}

/// Records that conversation `id` was held at `at` (now, when not given): a planned one
/// becomes held; a held one has its time corrected, which needs `at`.
pub fn hold(
    journal: &mut Journal,
    now: Now,
    id: i64,
    at: Option<DateTime<FixedOffset>>,
) -> Result<(Conversation, Held)> {
    change(journal, id, |c| Ok(c.hold(at, now.at)?))
}

/// Sets when to follow up held conversation `id`, with notes for it when given.
pub fn follow_up(
    journal: &mut Journal,
    id: i64,
    on: NaiveDate,
    notes: Option<String>,
) -> Result<Conversation> {
    change(journal, id, |c| Ok(c.set_follow_up(on, notes.clone())?)).map(|(c, ())| c)
}

/// What saving an editor's conversation kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The conversation as stored now: the editor's new starting point.
    pub conversation: Conversation,
    /// Fields someone else changed too since the editor loaded them, by label: a text
    /// holds both versions under a marker, any other field kept the other change.
    pub conflicts: Vec<&'static str>,
}

/// Saves what was written in a conversation (its topic, time and texts) by an editor
/// that loaded `base`: only the fields it changed are written, so a status, a time held
/// or a follow-up set meanwhile (by a command, another window) stays; a field both
/// changed keeps both texts ([`merge::conversation`]). Its status and person are
/// otherwise changed only through [`mark`], [`hold`] and [`follow_up`].
pub fn save(journal: &mut Journal, base: &Conversation, mine: &Conversation) -> Result<Saved> {
    if mine.topic.trim().is_empty() {
        return Err(ConversationError::EmptyTopic.into());
    }
    for _ in 0..TRIES {
        let stored = get(journal, base.id)?;
        let (mut merged, conflicts) = if stored.version == base.version {
            (mine.clone(), Vec::new())
        } else {
            merge::conversation(base, &stored, mine)
        };
        merged.version = stored.version;
        if journal.store_mut().update_conversation_at(&merged)? {
            // Read back: the person is stored as the journal writes the name.
            return Ok(Saved {
                conversation: get(journal, base.id)?,
                conflicts,
            });
        }
    }
    Err(Error::Busy)
}

/// Deletes conversation `id`.
pub fn delete(journal: &mut Journal, id: i64) -> Result<()> {
    journal.store_mut().delete_conversation(id)?;
    Ok(())
}

/// A timed calendar meeting other than its own at the time planned conversation `c`
/// is planned for: its title and when, as "Title 10:00–11:00".
pub fn clash(
    journal: &Journal,
    settings: &crate::app::audit::AuditSettings,
    now: Now,
    c: &Conversation,
) -> Result<Option<String>> {
    let Some(at) = c.planned_at.filter(|_| c.status == Status::Planned) else {
        return Ok(None);
    };
    let zone = now.zone;
    let at = at.to_utc();
    let events = crate::app::audit::classified_events_between(
        journal.store(),
        settings,
        zone,
        at - Duration::hours(12),
        at + Duration::hours(12),
    )?;
    let person = c.person.to_lowercase();
    Ok(events
        .into_iter()
        .map(|(e, _)| e)
        .find(|e| {
            !e.all_day
                && e.start <= at
                && at < e.end
                && c.event_uid.as_deref() != Some(e.uid.as_str())
                && !e.title.to_lowercase().contains(&person)
        })
        .map(|e| {
            let start = e.start.with_timezone(&zone).format(dates::CLOCK);
            let end = e.end.with_timezone(&zone).format(dates::CLOCK);
            format!("{} {start}–{end}", e.title)
        }))
}

#[cfg(test)]
#[path = "conversations_tests.rs"]
mod tests;
