//! What the History screen changes: an entry's text, edited in place or in `$EDITOR`,
//! and deleting an entry or a conversation.

use super::{Journal, Result};
use crate::domain::Entry;
use crate::domain::history::ItemId;

/// Entry `id`; `None` when it is no longer in the journal.
pub fn entry(journal: &Journal, id: i64) -> Result<Option<Entry>> {
    Ok(journal.store().entry(id)?)
}

/// Replaces entry `id`'s text; its tags and people follow the new text.
pub fn edit_text(journal: &mut Journal, id: i64, text: &str) -> Result<Entry> {
    Ok(journal.store_mut().update_entry_body(id, text)?)
}

/// Deletes an entry or a conversation; false when it was already gone.
pub fn delete(journal: &mut Journal, id: ItemId) -> Result<bool> {
    let store = journal.store_mut();
    Ok(match id {
        ItemId::Entry(id) => store.delete_entry(id)?,
        ItemId::Conversation(id) => store.delete_conversation(id)?,
    })
}
