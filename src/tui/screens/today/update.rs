//! What the Today screen does with an action: write and save the draft, move through the
//! entries and the prompts, edit and delete entries, all through `app::entries`; and how
//! it loads what it shows.

use super::state::{Editing, EntryEditor, TodayState};
use crate::app::entries::{self, ItemId, NewReflection};
use crate::domain::{EntryKind, dates, entry};
use crate::io::editor::Edited;
use crate::tui::action::Action;
use crate::tui::changed::Changed;
use crate::tui::context::{Ctx, EditTarget, Request};
use crate::tui::editor::Editor;
use crate::tui::keymap::Table;
use crate::tui::strings;

impl TodayState {
    /// Puts the draft left by an earlier bearing (or a window that ended) in the editor,
    /// and says so; or says how to start writing.
    pub fn recover_draft(&mut self, ctx: &mut Ctx<'_>) {
        match entries::draft(ctx.journal, &self.slot.name) {
            Ok(Some(draft)) if !entry::is_blank(&draft.body) => {
                self.draft = Editor::new(&draft.body, strings::EDITOR_PLACEHOLDER, ctx.theme);
                self.draft.saved_at = Some(draft.saved_at);
                self.kind = draft.kind;
                let when = draft.saved_at.format(dates::DAY_TIME).to_string();
                let save = ctx.keys.key(Table::Today, &Action::Save);
                let discard = ctx.keys.key(Table::Today, &Action::DiscardDraft);
                let adopted = self.slot.adopted;
                ctx.set_status(strings::draft_recovered(&when, adopted, &save, &discard));
            }
            Ok(_) => {
                let write = ctx.keys.key(Table::Today, &Action::StartWriting);
                ctx.set_status(strings::start_hint(&write));
            }
            Err(e) => ctx.set_error(strings::autosave_failed(&crate::describe(&e))),
        }
        if self.slot.shared {
            ctx.set_status(strings::ANOTHER_BEARING);
        }
    }

    /// Loads today's entries, and with them what changes when they do: the
    /// conversations, the review reminder, the prompt and the 1:1 agendas.
    pub fn reload(&mut self, ctx: &mut Ctx<'_>) {
        let keep = self.selected_entry().map(|e| e.id);
        match entries::on_day(ctx.journal, ctx.today) {
            Ok(entries) => {
                // The same entry stays selected when it is still there, else the newest.
                self.selected = keep
                    .and_then(|id| entries.iter().position(|e| e.id == id))
                    .or(entries.len().checked_sub(1));
                self.entries = entries;
                self.scroll = 0;
            }
            Err(e) => ctx.report(&e),
        }
        self.reload_conversations(ctx);
        match crate::app::reviews::missing(ctx.journal, ctx.today, ctx.config.week.first_day.0) {
            Ok(missing) => self.review_missing = missing,
            Err(e) => ctx.report(&e),
        }
        self.reload_coaching(ctx);
    }

    /// Loads the prompt chosen for today and the agendas of today's 1:1s.
    fn reload_coaching(&mut self, ctx: &mut Ctx<'_>) {
        let day = crate::app::coaching::day(ctx.journal, ctx.settings, ctx.config, ctx.now);
        match day {
            Ok(day) => {
                self.chosen = Some(day.prompt);
                self.agendas = day
                    .agendas
                    .into_iter()
                    .filter(|a| !a.items.is_empty())
                    .collect();
            }
            Err(e) => ctx.report(&e),
        }
    }

    /// Loads today's conversations and follow-ups due or late.
    pub fn reload_conversations(&mut self, ctx: &mut Ctx<'_>) {
        match crate::app::conversations::due_on(ctx.journal, ctx.now, ctx.today) {
            Ok(list) => self.conversations = list,
            Err(e) => ctx.report(&e),
        }
    }

    /// Loads today's block occurrences.
    pub fn reload_blocks(&mut self, ctx: &mut Ctx<'_>) {
        match crate::app::blocks::occurrences_between(ctx.journal, ctx.now, ctx.today, ctx.today) {
            Ok(blocks) => self.blocks = blocks,
            Err(e) => ctx.report(&e),
        }
    }

    /// Loads today's imported events, 1:1s first.
    pub fn reload_events(&mut self, ctx: &mut Ctx<'_>) {
        match crate::app::calendars::meetings_on(ctx.journal, ctx.settings, ctx.now, ctx.today) {
            Ok(events) => self.events = events,
            Err(e) => ctx.set_error(format!("{e:#}")),
        }
    }

    /// The day turned: the prompt starts again from the day's own.
    pub fn day_turned(&mut self) {
        self.prompt_offset = 0;
    }

    /// Saves the draft and the entry open in place if they changed since last saved: the
    /// autosave. False when saving failed (the status line says why; the text stays).
    pub fn flush(&mut self, ctx: &mut Ctx<'_>) -> bool {
        let draft = self.flush_draft(ctx);
        let entry = self.flush_entry(ctx);
        draft && entry
    }

    /// Adds `text` at the end of the draft (kept by the next autosave): what another
    /// screen could not save where it belonged.
    pub fn keep_in_draft(&mut self, text: &str) {
        self.draft.append(text);
    }

    /// Keeps the draft (or clears it when blank) if it changed since last kept.
    fn flush_draft(&mut self, ctx: &mut Ctx<'_>) -> bool {
        if !self.draft.needs_saving() {
            return true;
        }
        let text = self.draft.text();
        match entries::save_draft(ctx.journal, ctx.now, &self.slot.name, self.kind, &text) {
            Ok(()) => {
                self.draft.saved(ctx.now.at);
                true
            }
            Err(e) => {
                ctx.set_error(strings::autosave_failed(&crate::describe(&e)));
                false
            }
        }
    }

    /// Saves the text of the entry open in place if it changed since last saved.
    fn flush_entry(&mut self, ctx: &mut Ctx<'_>) -> bool {
        match &mut self.editing {
            Editing::Entry(edit) => edit.flush(ctx),
            _ => true,
        }
    }

    /// Another screen is shown: writing the draft stops, and the draft is kept.
    pub fn leave(&mut self, ctx: &mut Ctx<'_>) {
        if matches!(self.editing, Editing::Draft) {
            self.editing = Editing::Browsing;
            self.flush_draft(ctx);
        }
    }

    /// The external editor gave the draft back (or failed).
    pub fn external_edit_finished(&mut self, result: &Result<Edited, String>, ctx: &mut Ctx<'_>) {
        match result {
            Ok(edited) => {
                if let Err(too_big) = self.draft.replace(&edited.text, ctx.theme) {
                    ctx.report_too_big(too_big);
                    return;
                }
                self.flush_draft(ctx);
                match &edited.note {
                    Some(note) => ctx.set_error(strings::external_edit_note(note)),
                    None => {
                        let save = ctx.keys.key(Table::Writing, &Action::Save);
                        ctx.set_status(strings::external_edit_done(&save));
                    }
                }
            }
            Err(e) => ctx.set_error(strings::external_edit_failed(e)),
        }
    }

    /// Applies a Today screen action; false if `action` is not one.
    pub fn update(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        match self.editing {
            Editing::ConfirmDiscard | Editing::ConfirmDelete(_) => self.answer(action, ctx),
            Editing::Entry(_) => self.update_entry(action, ctx),
            Editing::Draft => self.update_draft(action, ctx) || self.update_browsing(action, ctx),
            Editing::Browsing => self.update_browsing(action, ctx),
        }
    }

    /// Keys typed into the draft, and leaving it; false for the rest (browsing's keys
    /// still work while writing).
    fn update_draft(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        let typed = match action {
            Action::EditText(input) => self.draft.input(input.clone()),
            Action::PasteText(text) => self.draft.paste(text),
            Action::NextField => {
                self.draft.next_field();
                Ok(())
            }
            Action::PreviousField => {
                self.draft.previous_field();
                Ok(())
            }
            Action::Back => {
                if self.flush_draft(ctx) {
                    self.editing = Editing::Browsing;
                }
                Ok(())
            }
            _ => return false,
        };
        if let Err(too_big) = typed {
            ctx.report_too_big(too_big);
        }
        true
    }

    /// Keys typed into the entry open in place, and its Save and Back.
    fn update_entry(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        let Editing::Entry(edit) = &mut self.editing else {
            return false;
        };
        if let Some(typed) = edit.editor.apply(action) {
            if let Err(too_big) = typed {
                ctx.report_too_big(too_big);
            }
            return true;
        }
        match action {
            Action::Save => {
                edit.editor.dirty = true;
                if self.flush_entry(ctx) {
                    ctx.set_status(strings::ENTRY_SAVED);
                }
            }
            Action::Back => {
                if self.flush_entry(ctx) {
                    self.editing = Editing::Browsing;
                    ctx.set_status(strings::ENTRY_SAVED);
                    ctx.change(Changed::ENTRIES);
                }
            }
            _ => return false,
        }
        true
    }

    /// The answer to the question asked: yes does it, no closes it; the question takes
    /// every other key until answered.
    fn answer(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        match (action, std::mem::take(&mut self.editing)) {
            (Action::Confirm, Editing::ConfirmDiscard) => {
                self.draft.clear(ctx.theme);
                self.flush_draft(ctx);
                ctx.set_status(strings::DRAFT_DISCARDED);
            }
            (Action::Confirm, Editing::ConfirmDelete(id)) => {
                match entries::delete(ctx.journal, ItemId::Entry(id)) {
                    Ok(()) => {
                        ctx.set_status(strings::DELETED_ITEM);
                        ctx.change(Changed::ENTRIES);
                    }
                    Err(e) => ctx.report(&e),
                }
            }
            (Action::CloseOverlay, _) => {}
            (_, asked) => self.editing = asked,
        }
        true
    }

    /// The keys of the screen while browsing (and while writing, where not typed).
    fn update_browsing(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        match action {
            Action::Save => self.save_entry(ctx),
            Action::StartWriting => {
                self.editing = Editing::Draft;
                if ctx.status().is_some_and(|s| !s.is_error) {
                    ctx.clear_status();
                }
            }
            Action::CycleEntryKind => {
                self.kind = self.kind.next();
                self.draft.dirty = true;
                ctx.set_status(strings::kind_now(self.kind.as_str()));
            }
            Action::NextPrompt => self.prompt_offset += 1,
            Action::WriteMissingReview => match self.review_missing {
                Some(week) => ctx.request(Request::WriteMissingReview(week)),
                None => ctx.set_status(strings::NO_REVIEW_MISSING),
            },
            Action::PreviousPrompt => self.prompt_offset -= 1,
            Action::CursorDown => self.select_entry(|i, _| i + 1),
            Action::CursorUp => self.select_entry(|i, _| i.saturating_sub(1)),
            Action::First => self.select_entry(|_, _| 0),
            Action::Last => self.select_entry(|_, n| n - 1),
            Action::ScrollPreviewDown => {
                let lines = self.selected_entry().map_or(0, |e| e.body.lines().count());
                self.scroll = (self.scroll + 1).min(lines.saturating_sub(1));
            }
            Action::ScrollPreviewUp => self.scroll = self.scroll.saturating_sub(1),
            Action::OpenItem => self.edit_selected_entry(ctx),
            Action::DeleteItem => match self.selected_entry() {
                Some(e) => self.editing = Editing::ConfirmDelete(e.id),
                None => ctx.set_status(strings::NO_ENTRY_SELECTED),
            },
            Action::OpenExternalEditor => {
                self.flush_draft(ctx);
                ctx.request(Request::ExternalEdit {
                    target: EditTarget::Draft,
                    text: self.text(),
                });
            }
            Action::DiscardDraft => {
                if self.draft.is_empty() {
                    ctx.set_status(strings::NO_DRAFT);
                } else {
                    self.editing = Editing::ConfirmDiscard;
                }
            }
            // No question is open: nothing to answer. A paste while browsing is not
            // typed as commands.
            Action::Confirm | Action::PasteText(_) => {}
            _ => return false,
        }
        true
    }

    /// Saves the draft as an entry; the kind goes back to reflection after it.
    fn save_entry(&mut self, ctx: &mut Ctx<'_>) {
        let text = self.draft.clean_text();
        if entry::is_blank(&text) {
            ctx.set_status(strings::NOTHING_TO_SAVE);
            return;
        }
        let new = NewReflection {
            kind: self.kind,
            at: None,
            text,
        };
        match entries::add(ctx.journal, ctx.now, &new, Some(&self.slot.name)) {
            Ok(entry) => {
                let time = entry.at.format(dates::CLOCK).to_string();
                ctx.set_status(strings::saved(entry.kind.as_str(), entry.id, &time));
                self.draft = Editor::new("", strings::EDITOR_PLACEHOLDER, ctx.theme);
                self.kind = EntryKind::Reflection;
                self.editing = Editing::Browsing;
                // Written just past midnight, before the tick noticed: the day turns.
                if entry.day != ctx.today {
                    ctx.change(Changed::DAY);
                }
                // Selected now, it stays selected when the entries load again.
                self.entries.push(entry);
                self.selected = Some(self.entries.len() - 1);
                ctx.change(Changed::ENTRIES);
            }
            Err(e) => {
                self.draft.dirty = true;
                ctx.set_error(strings::save_failed(&crate::describe(&e)));
            }
        }
    }

    fn select_entry(&mut self, f: impl Fn(usize, usize) -> usize) {
        let n = self.entries.len();
        if n == 0 {
            return;
        }
        let current = self.selected.unwrap_or(n - 1);
        self.selected = Some(f(current, n).min(n - 1));
        self.scroll = 0;
    }

    /// Opens the selected entry in the editor's panel to edit it in place.
    fn edit_selected_entry(&mut self, ctx: &mut Ctx<'_>) {
        let Some(entry) = self.selected_entry().cloned() else {
            ctx.set_status(strings::NO_ENTRY_SELECTED);
            return;
        };
        let at = entry.at.format(dates::CLOCK).to_string();
        self.editing = Editing::Entry(Box::new(EntryEditor::open(entry, ctx.theme)));
        ctx.set_status(strings::editing_entry(&at));
    }
}
