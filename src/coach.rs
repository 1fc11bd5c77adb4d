//! What the coaching commands and screens share: a person's agenda for the next 1:1,
//! read from the journal and put together by `domain::coaching`.

use chrono::{Duration, NaiveDate};

use crate::domain::coaching::{AgendaItem, build_agenda};
use crate::store::{ConversationFilter, Store, StoreError};

/// How far back reflections are read for agenda lines.
pub const AGENDA_DAYS: i64 = 365;

/// The agenda of the person `name` means, on `today`; `None` when nobody is called so.
pub fn agenda_for(
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
    let done = store.agenda_done()?;
    Ok(Some((
        person.name,
        build_agenda(&names, &entries, &conversations, &delegations, &done, today),
    )))
}
