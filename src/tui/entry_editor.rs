//! A saved entry open for editing in place (Today's panel, History): its text autosaved
//! over the entry as it was loaded, never over what another window or command wrote
//! meanwhile (the text then goes on in a copy marked "edited in two places").

use crate::app::entries::{self, Edit};
use crate::domain::Entry;
use crate::tui::changed::Changed;
use crate::tui::context::Ctx;
use crate::tui::editor::Editor;
use crate::tui::strings;
use crate::tui::theme::Theme;

/// An entry being edited in place.
#[derive(Debug)]
pub struct EntryEditor {
    /// The entry as last loaded or saved: what the editor's text started from.
    pub base: Entry,
    /// Its text.
    pub editor: Editor,
}

impl EntryEditor {
    /// `entry` open for editing.
    pub fn open(entry: Entry, theme: &Theme) -> EntryEditor {
        EntryEditor {
            editor: Editor::new(&entry.body, strings::EDITOR_PLACEHOLDER, theme),
            base: entry,
        }
    }

    /// The entry's id (a copy's, once the text went on in one).
    pub fn id(&self) -> i64 {
        self.base.id
    }

    /// Saves the text if it changed since last saved: the autosave. False when saving
    /// failed (the status line says why; the text stays).
    pub fn flush(&mut self, ctx: &mut Ctx<'_>) -> bool {
        if !self.editor.needs_saving() {
            return true;
        }
        match entries::edit_text(ctx.journal, &self.base, &self.editor.clean_text()) {
            Ok(edit) => {
                if let Edit::Copied { copy, original } = &edit {
                    self.editor
                        .adopt(std::slice::from_ref(&copy.body), ctx.theme);
                    ctx.set_error(strings::entry_copied(*original));
                    ctx.change(Changed::ENTRIES);
                }
                self.base = edit.entry().clone();
                self.editor.saved(ctx.now.at);
                true
            }
            Err(e) => {
                ctx.set_error(strings::autosave_failed(&crate::describe(&e)));
                false
            }
        }
    }

    /// Shows what another window or command saved in the entry meanwhile, unless the
    /// editor holds unsaved text (its save then keeps both).
    pub fn catch_up(&mut self, ctx: &mut Ctx<'_>) {
        if self.editor.needs_saving() {
            return;
        }
        if let Ok(Some(stored)) = entries::get(ctx.journal, self.base.id)
            && stored.version != self.base.version
        {
            self.editor
                .adopt(std::slice::from_ref(&stored.body), ctx.theme);
            self.base = stored;
        }
    }
}
