//! Saying what imported meetings are (managing, leading, not work) for one occurrence or
//! a whole series, handing a series back to the rules, and putting a series' choices
//! back as they were (the Audit screen's undo).

use super::{Error, Field, Journal, Result};
pub use crate::domain::event::Category;
use crate::domain::event::{EventOccurrence, WHOLE_SERIES};

/// The choices made for one series: (occurrence key, or [`WHOLE_SERIES`], and its
/// category). None: the rules classify it.
pub type Choices = Vec<(i64, Category)>;

/// The choices made for series `uid` (none: the rules classify it).
pub fn choices(journal: &Journal, uid: &str) -> Result<Choices> {
    Ok(journal.store().classifications_of(uid)?)
}

/// Gives imported occurrence `id` (the id `bearing audit` shows) `category`, for it
/// alone. Returns the occurrence.
pub fn event(journal: &mut Journal, id: i64, category: Category) -> Result<EventOccurrence> {
    let event = journal
        .store()
        .event_occurrence(id)?
        .ok_or(Error::Missing {
            what: "imported event",
            id,
        })?;
    occurrence(journal, &event.uid, event.key, category)?;
    Ok(event)
}

/// Gives the occurrence `key` of series `uid` `category`, for it alone (the other
/// occurrences keep theirs).
pub fn occurrence(journal: &mut Journal, uid: &str, key: i64, category: Category) -> Result<()> {
    journal.store_mut().set_classification(uid, key, category)?;
    Ok(())
}

/// Gives every occurrence of series `uid` `category`, over the choices made for its
/// single occurrences. Returns the choices it replaced, for [`restore`].
pub fn series(journal: &mut Journal, uid: &str, category: Category) -> Result<Choices> {
    if !journal.store().series_exists(uid)? {
        return Err(Error::refused(
            Field::Series,
            format!("no imported series has the UID '{uid}'"),
        ));
    }
    let before = choices(journal, uid)?;
    journal
        .store_mut()
        .set_classification(uid, WHOLE_SERIES, category)?;
    Ok(before)
}

/// Gives every series whose title contains `pattern` (in any case) `category`, in one
/// transaction. Returns them, (UID, title), by title.
pub fn titled(
    journal: &mut Journal,
    pattern: &str,
    category: Category,
) -> Result<Vec<(String, String)>> {
    if pattern.trim().is_empty() {
        return Err(Error::refused(
            Field::TitleSearch,
            "a title search needs some text to look for",
        ));
    }
    let series = journal.store().series_matching(pattern)?;
    if series.is_empty() {
        return Err(Error::refused(
            Field::TitleSearch,
            format!("no imported event title contains '{pattern}'"),
        ));
    }
    let uids: Vec<&str> = series.iter().map(|(uid, _)| uid.as_str()).collect();
    journal
        .store_mut()
        .set_series_classifications(&uids, category)?;
    Ok(series)
}

/// Hands series `uid` back to the classification rules: every choice made for it is
/// forgotten. Returns those choices, for [`restore`].
pub fn to_rules(journal: &mut Journal, uid: &str) -> Result<Choices> {
    let before = choices(journal, uid)?;
    journal.store_mut().replace_classifications(uid, &[])?;
    Ok(before)
}

/// Puts the choices of series `uid` back to `before` (what [`series`] or [`to_rules`]
/// returned), in one transaction.
pub fn restore(journal: &mut Journal, uid: &str, before: &[(i64, Category)]) -> Result<()> {
    journal.store_mut().replace_classifications(uid, before)?;
    Ok(())
}

#[cfg(test)]
#[path = "classify_tests.rs"]
mod tests;

/// Classifies everything in calendar `name` as `category` ("everything in On-call is
/// managing"), or hands it back to the rules with `None`. An occurrence's own class
/// beats its series', which beats its calendar's, which beats the title rules.
pub fn calendar(journal: &mut Journal, name: &str, category: Option<Category>) -> Result<()> {
    let name = name.trim();
    if journal.store_mut().set_calendar_category(name, category)? {
        Ok(())
    } else {
        Err(super::Error::refused(
            super::Field::Calendar,
            format!("there is no calendar '{name}'; `bearing calendars` lists them"),
        ))
    }
}
