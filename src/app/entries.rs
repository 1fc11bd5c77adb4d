//! Reflections and notes: add one (from the command line or the Today editor), list a
//! day's, edit one's text in place, delete one; the drafts the editor autosaves, and the
//! reminder that last week's review is missing.

use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::{Error, Field, Journal, Now, Result};
use crate::domain::entry::{self, EntryError};
pub use crate::domain::history::ItemId;
use crate::domain::merge;
use crate::domain::{Entry, EntryKind, NewEntry};
pub use crate::store::Draft;

impl From<EntryError> for Error {
    fn from(e: EntryError) -> Error {
        let field = match e {
            EntryError::Empty | EntryError::TooLong => Field::Text,
            EntryError::InFuture(_) => Field::WrittenAt,
            EntryError::Review => Field::Kind,
        };
        Error::refused(field, e)
    }
}

/// A reflection or note to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReflection {
    /// Reflection or note.
    pub kind: EntryKind,
    /// When it was written, back-dated; now when not given.
    pub at: Option<DateTime<FixedOffset>>,
    /// The text, as typed (trailing white space is dropped).
    pub text: String,
}

/// Adds a reflection or note, refusing an empty or too long text, a time in the future
/// and a review; when `draft` names a draft slot, that draft is cleared in the same
/// transaction (the Today editor's text became the entry).
pub fn add(
    journal: &mut Journal,
    now: Now,
    new: &NewReflection,
    draft: Option<&str>,
) -> Result<Entry> {
    let at = new.at.unwrap_or(now.at);
    let body = entry::check_new(new.kind, &new.text, at, now.at)?;
    let row = NewEntry {
        kind: new.kind,
        at,
        body: body.to_string(),
    };
    Ok(journal.store_mut().insert_entry(&row, draft)?)
}

/// The entries of local day `day`, oldest first.
pub fn on_day(journal: &Journal, day: NaiveDate) -> Result<Vec<Entry>> {
    Ok(journal.store().list_entries_on(day)?)
}

/// Entry `id`; `None` when it is no longer in the journal.
pub fn get(journal: &Journal, id: i64) -> Result<Option<Entry>> {
    Ok(journal.store().entry(id)?)
}

/// What saving an entry's edited text did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// The entry holds the text.
    Saved(Entry),
    /// Someone else changed (or deleted) the entry's text since the editor loaded it: the
    /// text was kept as a new entry marked "edited in two places", beside the other.
    Copied {
        /// The new entry holding the editor's text; the editor goes on in it.
        copy: Entry,
        /// The entry the editor had loaded.
        original: i64,
    },
}

impl Edit {
    /// The entry that now holds the editor's text.
    pub fn entry(&self) -> &Entry {
        match self {
            Edit::Saved(e) | Edit::Copied { copy: e, .. } => e,
        }
    }
}

/// How often a save is tried again when another writer changes the entry between reading
/// and writing it (each try takes well under a millisecond; losing five races in a row
/// means something is writing in a loop).
const TRIES: usize = 5;

/// Replaces the text of entry `base` (as the editor loaded it) with `text` (its tags and
/// people follow); trailing white space is dropped and a text too long is refused. When
/// someone else changed the text since `base` was loaded, nothing is overwritten: the
/// text is kept as a copy beside it ([`Edit::Copied`]).
pub fn edit_text(journal: &mut Journal, base: &Entry, text: &str) -> Result<Edit> {
    let body = entry::fit_body(text)?;
    for _ in 0..TRIES {
        let Some(stored) = journal.store().entry(base.id)? else {
            let body = format!("{}\n\n{body}", merge::gone_heading(base.id));
            return keep_copy(journal, base, &body);
        };
        if stored.body == body {
            return Ok(Edit::Saved(stored));
        }
        if stored.version != base.version && stored.body != base.body {
            let body = format!("{}\n\n{body}", merge::copy_heading(base.id));
            return keep_copy(journal, base, &body);
        }
        if let Some(saved) =
            journal
                .store_mut()
                .update_entry_body_at(base.id, body, stored.version)?
        {
            return Ok(Edit::Saved(saved));
        }
    }
    Err(Error::Busy)
}

/// Keeps `body` as a new entry dated like `base` (a review's copy is a note: a week has
/// one review).
fn keep_copy(journal: &mut Journal, base: &Entry, body: &str) -> Result<Edit> {
    let kind = match base.kind {
        EntryKind::Review => EntryKind::Note,
        kind => kind,
    };
    let body = entry::fit_body(body)?;
    let copy = journal.store_mut().insert_entry(
        &NewEntry {
            kind,
            at: base.at,
            body: body.to_string(),
        },
        None,
    )?;
    Ok(Edit::Copied {
        copy,
        original: base.id,
    })
}

/// Deletes an entry (its tags and mentions go with it) or a conversation.
pub fn delete(journal: &mut Journal, id: ItemId) -> Result<()> {
    match id {
        ItemId::Entry(id) => journal.store_mut().delete_entry(id)?,
        ItemId::Conversation(id) => journal.store_mut().delete_conversation(id)?,
    };
    Ok(())
}

/// The draft kept in editor slot `slot`, if there is one.
pub fn draft(journal: &Journal, slot: &str) -> Result<Option<Draft>> {
    Ok(journal.store().draft(slot)?)
}

/// Keeps `text` as the draft of slot `slot`, to be saved later as a `kind`: the autosave.
/// A blank text clears the slot instead, so nothing empty is offered back.
pub fn save_draft(
    journal: &mut Journal,
    now: Now,
    slot: &str,
    kind: EntryKind,
    text: &str,
) -> Result<()> {
    if entry::is_blank(text) {
        return clear_draft(journal, slot);
    }
    let draft = Draft {
        kind,
        body: text.to_string(),
        saved_at: now.at,
    };
    Ok(journal.store_mut().save_draft(slot, &draft)?)
}

/// Empties draft slot `slot`.
pub fn clear_draft(journal: &mut Journal, slot: &str) -> Result<()> {
    Ok(journal.store_mut().clear_draft(slot)?)
}

/// Moves the drafts of slots `from` into slot `into`, in one transaction, their texts
/// after its own; returns how many were taken.
pub fn adopt_drafts(journal: &mut Journal, into: &str, from: &[String]) -> Result<usize> {
    Ok(journal.store_mut().adopt_drafts(into, from)?)
}

/// The journal's file, beside which each open interface locks its draft slot; none for
/// a journal in memory.
pub fn journal_file(journal: &Journal) -> Option<&Path> {
    journal.store().path()
}

#[cfg(test)]
#[path = "entries_tests.rs"]
mod tests;
