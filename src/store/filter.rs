//! The one filter over the journal's entries and conversations, and the SQL conditions it
//! makes: `bearing list`, the History screen's list and search, the review and the
//! export all narrow the journal with it.

use chrono::NaiveDate;
use rusqlite::types::Value;

use super::{Result, Store};
use crate::domain::history::ItemKind;

/// Which entries and conversations to read. Every field narrows; empty fields do not
/// filter. A tag is matched with or without its `#`, a person with or without their `@`,
/// both ignoring case and accents (`#equipe` is `#équipe`, `zoe` is Zoë), a person by
/// any of their names, old ones included.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JournalFilter {
    /// Only entries with this tag. Conversations have no tags, so a tag leaves them out.
    pub tag: Option<String>,
    /// Only entries mentioning this person, and conversations with them.
    pub person: Option<String>,
    /// Only rows of this kind.
    pub kind: Option<ItemKind>,
    /// First local day to include.
    pub from: Option<NaiveDate>,
    /// Last local day to include.
    pub to: Option<NaiveDate>,
    /// Only these days (for "on this day"); empty means any day.
    pub days: Vec<NaiveDate>,
}

impl JournalFilter {
    /// Whether nothing is filtered.
    pub fn is_empty(&self) -> bool {
        *self == JournalFilter::default()
    }

    /// Whether any entry can pass.
    pub(super) fn wants_entries(&self) -> bool {
        !matches!(self.kind, Some(ItemKind::Conversation))
    }

    /// Whether any conversation can pass.
    pub(super) fn wants_conversations(&self) -> bool {
        self.tag.is_none() && matches!(self.kind, None | Some(ItemKind::Conversation))
    }

    fn entry_kind(&self) -> Option<&'static str> {
        match self.kind {
            Some(ItemKind::Entry(k)) => Some(k.as_str()),
            _ => None,
        }
    }

    fn days_value(&self) -> Option<Value> {
        (!self.days.is_empty()).then(|| {
            serde_json::Value::from(self.days.iter().map(|d| d.to_string()).collect::<Vec<_>>())
                .to_string()
                .into()
        })
    }
}

/// A conversation's day and time: when it was held, else planned, else noted.
pub(super) const CONVO_WHEN: &str = "coalesce(c.held_at, c.planned_at, c.created_at)";

/// The people and tags a filter names, as the ids they mean (ignoring case and accents,
/// old names included), each a JSON array for `json_each`.
pub(super) struct Named {
    people: Option<Value>,
    tags: Option<Value>,
}

impl Store {
    /// The ids of the people and tags `filter` names.
    pub(super) fn named(&self, filter: &JournalFilter) -> Result<Named> {
        let json = |ids: Vec<i64>| Value::from(serde_json::json!(ids).to_string());
        Ok(Named {
            people: filter
                .person
                .as_deref()
                .map(|p| self.person_ids_matching(p).map(json))
                .transpose()?,
            tags: filter
                .tag
                .as_deref()
                .map(|t| self.tag_ids_matching(t).map(json))
                .transpose()?,
        })
    }
}

/// The filter's conditions on entries `e`; only those in use, so SQLite can pick the
/// best index for what is asked.
pub(super) fn entry_conditions(filter: &JournalFilter, named: &Named) -> Conditions {
    let mut c = Conditions::default();
    if let Some(tags) = &named.tags {
        c.add(
            "e.id IN (SELECT et.entry_id FROM entry_tags et WHERE et.tag_id IN (SELECT value FROM json_each(?)))",
            [tags.clone()],
        );
    }
    if let Some(people) = &named.people {
        c.add(
            "e.id IN (SELECT ep.entry_id FROM entry_people ep WHERE ep.person_id IN (SELECT value FROM json_each(?)))",
            [people.clone()],
        );
    }
    if let Some(kind) = filter.entry_kind() {
        c.add("e.kind = ?", [kind.to_string().into()]);
    }
    if let Some(from) = filter.from {
        c.add("e.day >= ?", [from.to_string().into()]);
    }
    if let Some(to) = filter.to {
        c.add("e.day <= ?", [to.to_string().into()]);
    }
    if let Some(days) = filter.days_value() {
        c.add("e.day IN (SELECT value FROM json_each(?))", [days]);
    }
    c
}

/// The filter's conditions on conversations `c` with their person `p`.
pub(super) fn convo_conditions(filter: &JournalFilter, named: &Named) -> Conditions {
    let mut c = Conditions::default();
    if let Some(people) = &named.people {
        c.add(
            "c.person_id IN (SELECT value FROM json_each(?))",
            [people.clone()],
        );
    }
    if let Some(from) = filter.from {
        c.add(
            &format!("substr({CONVO_WHEN}, 1, 10) >= ?"),
            [from.to_string().into()],
        );
    }
    if let Some(to) = filter.to {
        c.add(
            &format!("substr({CONVO_WHEN}, 1, 10) <= ?"),
            [to.to_string().into()],
        );
    }
    if let Some(days) = filter.days_value() {
        c.add(
            &format!("substr({CONVO_WHEN}, 1, 10) IN (SELECT value FROM json_each(?))"),
            [days],
        );
    }
    c
}

/// The conditions of a query being built: SQL fragments with `?` placeholders, joined
/// with AND, and their values in order.
#[derive(Debug, Default)]
pub(super) struct Conditions {
    clauses: Vec<String>,
    /// The values, in placeholder order.
    pub values: Vec<Value>,
}

impl Conditions {
    /// Adds a fragment with one `?` per value, and the values.
    pub fn add<const N: usize>(&mut self, clause: &str, values: [Value; N]) {
        self.clauses.push(format!("({clause})"));
        self.values.extend(values);
    }

    /// The WHERE expression (`1` when there is none).
    pub fn sql(&self) -> String {
        if self.clauses.is_empty() {
            "1".to_string()
        } else {
            self.clauses.join(" AND ")
        }
    }
}
