//! What the History screen does with an action: move through the window (reading a page
//! as the selection nears an edge), search as you type, filter, go to a date, look at
//! "on this day", and edit or delete the selected row, all through `app::search` and
//! `app::entries`.

use ratatui::widgets::ListState;

use super::state::{
    DateField, Editing, EntryEditor, FilterField, HEAT_WEEKS, HistoryState, MARGIN, MAX_QUERY,
    Preview, SEARCH_LIMIT, SearchBox,
};
use crate::app::search::{self as find, Item, JournalFilter, SearchOptions, TypedFilter, Window};
use crate::app::{Field, entries};
use crate::domain::Entry;
use crate::domain::dates;
use crate::domain::history::{ItemId, ItemKind, search_terms};
use crate::domain::time::read_date;
use crate::io::editor::Edited;
use crate::tui::action::Action;
use crate::tui::changed::Changed;
use crate::tui::context::{Ctx, EditTarget, Request};
use crate::tui::editor;
use crate::tui::form::{FieldError, Form, Submitted};
use crate::tui::keymap::Table;
use crate::tui::strings;

/// The query as searched while it is typed: the word being typed is a prefix once it has
/// two letters, so "feed" already finds "feedback" (one letter would match nearly every
/// entry and only cost time). A finished word (followed by a space), a phrase and an
/// explicit `word*` are left as written.
pub fn as_you_type(query: &str) -> String {
    let open_phrase = query.matches('"').count() % 2 == 1;
    let last_word = query
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    if last_word.chars().count() >= 2 && !open_phrase {
        format!("{query}*")
    } else {
        query.to_string()
    }
}

/// The preview of row `id`, read in full, its times in `zone`.
fn preview_of(id: ItemId, item: Item, zone: chrono_tz::Tz) -> Preview {
    match item {
        Item::Entry(e) => Preview {
            id,
            heading: format!(
                "{} · {}",
                e.kind.label(),
                e.at.with_timezone(&zone).format(dates::DAY_TIME_YEAR)
            ),
            body: e.body,
        },
        Item::Conversation(mut c) => {
            let when = c
                .planned_at
                .or(c.held_at)
                .map(|t| {
                    t.with_timezone(&zone)
                        .format(dates::DAY_TIME_YEAR)
                        .to_string()
                })
                .unwrap_or_else(|| strings::NO_DATE.into());
            let mut body = String::new();
            for (label, value) in c.text_fields_mut() {
                if !value.trim().is_empty() {
                    body.push_str(&format!("{label}\n{}\n\n", value.trim_end()));
                }
            }
            Preview {
                id,
                heading: format!(
                    "{} · {when} · {}",
                    strings::conversation_with_person(&c.person),
                    c.status.label()
                ),
                body: format!("{}\n\n{}", c.topic, body.trim_end()),
            }
        }
    }
}

/// The filter form, filled with `filter`.
fn filter_form(filter: &JournalFilter, ctx: &Ctx<'_>) -> Form<FilterField> {
    let f = filter;
    Form::named(
        strings::FILTER_TITLE,
        &[
            (
                FilterField::Tag,
                strings::FIELD_TAG,
                strings::HINT_TAG,
                f.tag.clone().map(|t| format!("#{t}")).unwrap_or_default(),
            ),
            (
                FilterField::Person,
                strings::FIELD_PERSON,
                strings::HINT_PERSON,
                f.person
                    .clone()
                    .map(|p| format!("@{p}"))
                    .unwrap_or_default(),
            ),
            (
                FilterField::Kind,
                strings::FIELD_KIND,
                strings::HINT_KIND,
                f.kind.map(|k| k.as_str().to_string()).unwrap_or_default(),
            ),
            (
                FilterField::From,
                strings::FIELD_FROM,
                strings::HINT_DATE,
                f.from.map(|d| d.to_string()).unwrap_or_default(),
            ),
            (
                FilterField::To,
                strings::FIELD_TO,
                strings::HINT_DATE,
                f.to.map(|d| d.to_string()).unwrap_or_default(),
            ),
        ],
        ctx.theme,
    )
}

/// A filter the journal refused, at the form's field.
fn refused(e: crate::app::Error) -> FieldError<FilterField> {
    let field = match e.field() {
        Some(Field::Person) => FilterField::Person,
        Some(Field::To) => FilterField::To,
        _ => FilterField::Tag,
    };
    FieldError::new(field, e.to_string())
}

impl HistoryState {
    /// Loads the screen from the top: count, first page, heatmap, streak.
    pub fn reload(&mut self, ctx: &mut Ctx<'_>) {
        self.first_day = Some(ctx.config.week.first_day.0);
        match find::journaling(ctx.journal, ctx.today, HEAT_WEEKS) {
            Ok(journaling) => {
                self.heat = journaling.days;
                self.streak = journaling.streak;
            }
            Err(e) => ctx.report(&e),
        }
        self.reload_list(ctx);
    }

    /// Loads the list alone (the filters changed; the heatmap and streak did not).
    fn reload_list(&mut self, ctx: &mut Ctx<'_>) {
        if self.searching() {
            self.run_search(ctx);
        } else {
            let window = find::newest(ctx.journal, &self.filter);
            self.show_window(window, ctx);
        }
    }

    /// Replaces the window with one just read, selecting its row.
    fn show_window(&mut self, window: crate::app::Result<Window>, ctx: &mut Ctx<'_>) {
        match window {
            Ok(w) => {
                self.total = w.total;
                self.has_older = w.has_older;
                self.has_newer = w.has_newer;
                self.rows = w.rows;
                self.selection = ListState::default().with_selected(w.selected);
                self.load_preview(ctx);
            }
            Err(e) => ctx.report(&e),
        }
    }

    /// Reads another page when the selection nears an edge of the window.
    fn extend_window(&mut self, ctx: &mut Ctx<'_>) {
        if self.searching() {
            return;
        }
        let Some(i) = self.selection.selected() else {
            return;
        };
        let n = self.rows.len();
        if self.has_older && i + MARGIN >= n {
            let last = self.rows.last().map(|r| r.cursor);
            match find::older(ctx.journal, &self.filter, last) {
                Ok(page) => {
                    self.has_older = page.more;
                    self.rows.extend(page.rows);
                }
                Err(e) => ctx.report(&e),
            }
        }
        if self.has_newer && i < MARGIN {
            let first = self.rows.first().map(|r| r.cursor);
            match find::newer(ctx.journal, &self.filter, first) {
                Ok(page) => {
                    let added = page.rows.len();
                    self.has_newer = page.more;
                    self.rows.splice(0..0, page.rows);
                    self.selection.select(Some(i + added));
                    // Keep the selected row where it was on screen.
                    *self.selection.offset_mut() += added;
                }
                Err(e) => ctx.report(&e),
            }
        }
    }

    /// Runs the search in the search line with the filters, best match first.
    fn run_search(&mut self, ctx: &mut Ctx<'_>) {
        let query = self
            .search
            .as_ref()
            .map(|s| as_you_type(&s.query))
            .unwrap_or_default();
        self.terms = search_terms(&query);
        if query.trim().is_empty() {
            let window = find::newest(ctx.journal, &self.filter);
            self.show_window(window, ctx);
            return;
        }
        let options = SearchOptions::AS_YOU_TYPE;
        match find::search(ctx.journal, &query, &self.filter, SEARCH_LIMIT, options) {
            Ok(Some(rows)) => {
                self.total = rows.len() as i64;
                self.has_older = false;
                self.has_newer = false;
                self.selection =
                    ListState::default().with_selected((!rows.is_empty()).then_some(0));
                self.rows = rows;
                self.load_preview(ctx);
            }
            // Only punctuation so far: nothing to look for yet, keep the list as it was.
            Ok(None) => {}
            Err(e) => ctx.report(&e),
        }
    }

    /// Reads the selected row's full text into the preview.
    fn load_preview(&mut self, ctx: &mut Ctx<'_>) {
        self.preview_scroll = 0;
        let Some(id) = self.selected().map(|r| r.id) else {
            self.preview = None;
            return;
        };
        match find::item(ctx.journal, id) {
            Ok(item) => self.preview = item.map(|item| preview_of(id, item, ctx.now.zone)),
            Err(e) => ctx.report(&e),
        }
    }

    fn move_by(&mut self, to: impl Fn(usize, usize) -> usize, ctx: &mut Ctx<'_>) {
        let n = self.rows.len();
        if n == 0 {
            return;
        }
        let i = self.selection.selected().unwrap_or(0);
        let next = to(i, n).min(n - 1);
        if next != i {
            self.selection.select(Some(next));
            self.extend_window(ctx);
            self.load_preview(ctx);
        }
    }

    /// Re-reads the window in place after an edit or a delete, keeping the selection.
    fn refresh_rows(&mut self, ctx: &mut Ctx<'_>) {
        let keep = self.selection.selected().unwrap_or(0);
        if self.searching() {
            self.run_search(ctx);
        } else {
            // Read again from the window's first row, so the rows above the selection
            // stay where they were.
            let top = self
                .has_newer
                .then(|| self.rows.first().map(|r| r.cursor))
                .flatten();
            match find::reread(ctx.journal, &self.filter, top, keep) {
                Ok(w) => {
                    self.has_older = w.has_older;
                    self.rows = w.rows;
                    self.total = w.total;
                }
                Err(e) => ctx.report(&e),
            }
        }
        let n = self.rows.len();
        self.selection.select((n > 0).then(|| keep.min(n - 1)));
        self.load_preview(ctx);
    }

    /// Re-reads the list, the streak and the heatmap after a delete.
    fn refresh_after_delete(&mut self, ctx: &mut Ctx<'_>) {
        self.refresh_rows(ctx);
        if let Ok(journaling) = find::journaling(ctx.journal, ctx.today, HEAT_WEEKS) {
            self.heat = journaling.days;
            self.streak = journaling.streak;
        }
    }

    /// Checks and applies the filter form; the status line's message, or the field to fix.
    fn submit_filter(
        &mut self,
        form: &Form<FilterField>,
        ctx: &mut Ctx<'_>,
    ) -> Submitted<FilterField> {
        let now = ctx.now.at.naive_local();
        let text = |f: FilterField| Some(form.value(f)).filter(|v| !v.trim().is_empty());
        let (tag, person) = (text(FilterField::Tag), text(FilterField::Person));
        // The tag and the person are checked first, as they are typed first.
        find::check(&TypedFilter {
            tag: tag.clone(),
            person: person.clone(),
            ..TypedFilter::default()
        })
        .map_err(refused)?;
        let kind = match text(FilterField::Kind) {
            None => None,
            Some(k) => Some(
                ItemKind::parse(&k)
                    .ok_or_else(|| FieldError::new(FilterField::Kind, strings::unknown_kind(&k)))?,
            ),
        };
        let date = |f: FilterField| {
            text(f)
                .map(|d| read_date(&d, now).map_err(|e| FieldError::at(f)(&e)))
                .transpose()
        };
        let (from, to) = (date(FilterField::From)?, date(FilterField::To)?);
        let typed = TypedFilter {
            tag,
            person,
            kind,
            from,
            to,
        };
        let mut filter = find::check(&typed).map_err(refused)?;
        filter.days = std::mem::take(&mut self.filter.days);
        self.filter = filter;
        self.reload_list(ctx);
        Ok(strings::filtered(self.total))
    }

    /// Goes to the day the form names, or the nearest before it.
    fn submit_go_to(&mut self, form: &Form<DateField>, ctx: &mut Ctx<'_>) -> Submitted<DateField> {
        let now = ctx.now.at.naive_local();
        let day = read_date(&form.value(DateField::Date), now)
            .map_err(|e| FieldError::at(DateField::Date)(&e))?;
        self.search = None;
        self.terms.clear();
        let window = find::from_day(ctx.journal, ctx.now.zone, &self.filter, day);
        self.show_window(window, ctx);
        Ok(match self.selected() {
            Some(r) if r.day == day => strings::went_to(&day.format(dates::DAY_YEAR).to_string()),
            Some(r) => strings::nothing_on(
                &day.format(dates::DAY_YEAR).to_string(),
                &r.day.format(dates::DAY_YEAR).to_string(),
            ),
            None => strings::HISTORY_EMPTY.to_string(),
        })
    }

    fn toggle_on_this_day(&mut self, ctx: &mut Ctx<'_>) {
        self.on_this_day = !self.on_this_day;
        if self.on_this_day {
            match find::on_this_day(ctx.journal, ctx.today) {
                Ok(days) => self.filter.days = days,
                Err(e) => {
                    ctx.report(&e);
                    return;
                }
            }
        } else {
            self.filter.days.clear();
        }
        self.reload_list(ctx);
        let message = if self.on_this_day {
            strings::on_this_day(self.total, &ctx.today.format(dates::LONG_DATE).to_string())
        } else {
            strings::ALL_HISTORY.to_string()
        };
        ctx.set_status(message);
    }

    /// Closes the search and shows the newest rows again.
    fn close_search(&mut self, ctx: &mut Ctx<'_>) {
        self.editing = Editing::Nothing;
        self.search = None;
        self.terms.clear();
        let window = find::newest(ctx.journal, &self.filter);
        self.show_window(window, ctx);
    }

    /// Saves the entry open in place if its text changed since last saved: the
    /// autosave. False when saving failed (the status line says why; the text stays).
    pub fn flush(&mut self, ctx: &mut Ctx<'_>) -> bool {
        match &mut self.editing {
            Editing::Entry(open) => open.flush(ctx),
            _ => true,
        }
    }

    /// The text entry `base` (as it was when `$EDITOR` opened) came back with, whichever
    /// screen shows now: saved unless it is empty or too big (the entry then stays as it
    /// was); kept as a copy when the entry changed elsewhere meanwhile.
    pub fn external_edit_finished(
        &mut self,
        base: &Entry,
        result: &Result<Edited, String>,
        ctx: &mut Ctx<'_>,
    ) {
        let edited = match result {
            Ok(edited) => edited,
            Err(e) => return ctx.set_error(strings::external_edit_failed(e)),
        };
        let text = edited.text.trim_end_matches('\n');
        if let Err(too_big) = editor::fits(text.len()) {
            ctx.report_too_big(too_big);
        } else if text.trim().is_empty() {
            let delete = ctx.keys.key(Table::History, &Action::DeleteItem);
            ctx.set_error(strings::empty_edit_kept(&delete));
        } else {
            match entries::edit_text(ctx.journal, base, text) {
                Ok(edit) => {
                    match (&edit, &edited.note) {
                        (entries::Edit::Copied { original, .. }, _) => {
                            ctx.set_error(strings::entry_copied(*original));
                        }
                        (_, Some(note)) => ctx.set_error(strings::external_edit_note(note)),
                        (_, None) => ctx.set_status(strings::ENTRY_SAVED),
                    }
                    self.refresh_rows(ctx);
                }
                Err(e) => ctx.set_error(strings::save_failed(&crate::describe(&e))),
            }
        }
    }

    /// Applies a History screen action; false if `action` is not one.
    pub fn update(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        match &self.editing {
            Editing::Filter(_) | Editing::GoToDate(_) => self.update_form(action, ctx),
            Editing::Entry(_) => self.update_entry(action, ctx),
            Editing::Searching => self.update_search(action, ctx) || self.update_list(action, ctx),
            Editing::ConfirmDelete(id) => {
                let id = *id;
                self.update_question(id, action, ctx)
            }
            Editing::Nothing => self.update_list(action, ctx),
        }
    }

    /// Keys in the filter or go-to-date form: typing, Save (checked first) and Cancel.
    fn update_form(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        match action {
            Action::CancelForm => self.editing = Editing::Nothing,
            Action::Save => self.submit_form(ctx),
            Action::Quit => return false,
            other => match &mut self.editing {
                Editing::Filter(form) => {
                    form.apply(other, ctx.theme);
                }
                Editing::GoToDate(form) => {
                    form.apply(other, ctx.theme);
                }
                _ => {}
            },
        }
        true
    }

    /// Submits the open form; a refusal keeps it open at the field to fix.
    fn submit_form(&mut self, ctx: &mut Ctx<'_>) {
        match std::mem::take(&mut self.editing) {
            Editing::Filter(mut form) => match self.submit_filter(&form, ctx) {
                Ok(done) => ctx.set_status(done),
                Err(e) => {
                    form.fail(e, ctx.theme);
                    self.editing = Editing::Filter(form);
                }
            },
            Editing::GoToDate(mut form) => match self.submit_go_to(&form, ctx) {
                Ok(done) => ctx.set_status(done),
                Err(e) => {
                    form.fail(e, ctx.theme);
                    self.editing = Editing::GoToDate(form);
                }
            },
            other => self.editing = other,
        }
    }

    /// Keys typed into the entry open in place, and its Save and Back.
    fn update_entry(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        let Editing::Entry(open) = &mut self.editing else {
            return false;
        };
        if let Some(typed) = open.editor.apply(action) {
            if let Err(too_big) = typed {
                ctx.report_too_big(too_big);
            }
            return true;
        }
        match action {
            Action::Save => {
                open.editor.dirty = true;
                if self.flush(ctx) {
                    ctx.set_status(strings::ENTRY_SAVED);
                }
            }
            Action::Back => {
                // Saved first; Today, as before, reads its entries again on its own.
                if self.flush(ctx) {
                    self.editing = Editing::Nothing;
                    ctx.set_status(strings::ENTRY_SAVED);
                    self.refresh_rows(ctx);
                }
            }
            _ => return false,
        }
        true
    }

    /// "Delete this?": yes deletes, no closes the question.
    fn update_question(&mut self, id: ItemId, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        match action {
            Action::Confirm => {
                self.editing = Editing::Nothing;
                self.delete(id, ctx);
            }
            Action::CloseOverlay => self.editing = Editing::Nothing,
            _ => return false,
        }
        true
    }

    /// Deletes row `id` after the question was answered yes.
    fn delete(&mut self, id: ItemId, ctx: &mut Ctx<'_>) {
        match entries::delete(ctx.journal, id) {
            Ok(_) => {
                ctx.set_status(strings::DELETED_ITEM);
                ctx.change(match id {
                    ItemId::Entry(_) => Changed::ENTRIES,
                    ItemId::Conversation(_) => Changed::CONVERSATIONS | Changed::PEOPLE,
                });
                self.refresh_after_delete(ctx);
            }
            Err(e) => ctx.report(&e),
        }
    }

    /// Keys while typing a search: they edit the query, which runs as it changes.
    fn update_search(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        let Some(search) = self.search.as_mut() else {
            return false;
        };
        let before = search.query.clone();
        match action {
            Action::EditText(input) => type_into(&mut search.query, input),
            Action::PasteText(text) => {
                let room = MAX_QUERY.saturating_sub(search.query.chars().count());
                search.query.extend(
                    text.chars()
                        .map(|c| if c.is_control() { ' ' } else { c })
                        .take(room),
                );
            }
            Action::ClearField => search.query.clear(),
            Action::FinishSearch => {
                self.editing = Editing::Nothing;
                if search.query.trim().is_empty() {
                    self.search = None;
                }
                return true;
            }
            Action::Back => {
                self.close_search(ctx);
                return true;
            }
            Action::CursorDown => {
                self.move_by(|i, _| i + 1, ctx);
                return true;
            }
            Action::CursorUp => {
                self.move_by(|i, _| i.saturating_sub(1), ctx);
                return true;
            }
            _ => return false,
        }
        if search.query != before {
            self.run_search(ctx);
        }
        true
    }

    /// The list's actions.
    fn update_list(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        match action {
            Action::CursorDown => self.move_by(|i, _| i + 1, ctx),
            Action::CursorUp => self.move_by(|i, _| i.saturating_sub(1), ctx),
            Action::PageDown => self.move_by(|i, _| i + 10, ctx),
            Action::PageUp => self.move_by(|i, _| i.saturating_sub(10), ctx),
            Action::First if self.has_newer => {
                let window = find::newest(ctx.journal, &self.filter);
                self.show_window(window, ctx);
            }
            Action::First => self.move_by(|_, _| 0, ctx),
            Action::Last if self.has_older => {
                let window = find::oldest(ctx.journal, &self.filter);
                self.show_window(window, ctx);
            }
            Action::Last => self.move_by(|_, n| n - 1, ctx),
            Action::ScrollPreviewDown => {
                self.preview_scroll = self.preview_scroll.saturating_add(3)
            }
            Action::ScrollPreviewUp => self.preview_scroll = self.preview_scroll.saturating_sub(3),
            Action::StartSearch => {
                let query = self.search.take().map(|s| s.query).unwrap_or_default();
                self.search = Some(SearchBox { query });
                self.editing = Editing::Searching;
            }
            Action::Back if self.search.is_some() => self.close_search(ctx),
            Action::OpenFilter => self.editing = Editing::Filter(filter_form(&self.filter, ctx)),
            Action::ClearFilters => {
                self.filter = JournalFilter::default();
                self.on_this_day = false;
                self.reload_list(ctx);
                ctx.set_status(strings::ALL_HISTORY);
            }
            Action::ToggleOnThisDay => self.toggle_on_this_day(ctx),
            Action::GoToDate => {
                let field = (
                    DateField::Date,
                    strings::FIELD_DATE,
                    strings::HINT_DATE,
                    String::new(),
                );
                let form = Form::named(strings::GO_TO_TITLE, &[field], ctx.theme);
                self.editing = Editing::GoToDate(form);
            }
            Action::OpenItem => self.open_selected(ctx),
            Action::OpenExternalEditor => self.edit_selected_externally(ctx),
            Action::DeleteItem => match self.selected() {
                Some(row) => self.editing = Editing::ConfirmDelete(row.id),
                None => ctx.set_status(strings::HISTORY_EMPTY),
            },
            _ => return false,
        }
        true
    }

    /// Opens the selected entry for editing in place; a conversation opens on its screen.
    fn open_selected(&mut self, ctx: &mut Ctx<'_>) {
        match self.selected().map(|r| r.id) {
            Some(ItemId::Entry(id)) => match entries::get(ctx.journal, id) {
                Ok(Some(e)) => self.editing = Editing::Entry(EntryEditor::open(e, ctx.theme)),
                Ok(None) => ctx.set_error(strings::ITEM_GONE),
                Err(e) => ctx.report(&e),
            },
            Some(ItemId::Conversation(id)) => {
                ctx.request(Request::OpenConversation { id, noted: false })
            }
            None => ctx.set_status(strings::HISTORY_EMPTY),
        }
    }

    /// Asks for the selected entry to be edited in `$EDITOR`.
    fn edit_selected_externally(&mut self, ctx: &mut Ctx<'_>) {
        match self.selected().map(|r| r.id) {
            Some(ItemId::Entry(id)) => match entries::get(ctx.journal, id) {
                Ok(Some(e)) => ctx.request(Request::ExternalEdit {
                    text: e.body.clone(),
                    target: EditTarget::Entry(Box::new(e)),
                }),
                Ok(None) => ctx.set_error(strings::ITEM_GONE),
                Err(e) => ctx.report(&e),
            },
            Some(ItemId::Conversation(_)) => {
                let open = ctx.keys.key(Table::History, &Action::OpenItem);
                ctx.set_status(strings::conversation_in_place(&open))
            }
            None => ctx.set_status(strings::HISTORY_EMPTY),
        }
    }
}

/// A key typed into the search line: a letter, Backspace, or Ctrl-W (the last word).
fn type_into(query: &mut String, input: &ratatui_textarea::Input) {
    match input.key {
        ratatui_textarea::Key::Char(c)
            if !input.ctrl && !input.alt && query.chars().count() < MAX_QUERY =>
        {
            query.push(c);
        }
        ratatui_textarea::Key::Backspace => {
            query.pop();
        }
        ratatui_textarea::Key::Char('w') if input.ctrl => {
            let kept = query.trim_end().rfind(' ').map_or(0, |i| i + 1);
            query.truncate(kept);
        }
        _ => {}
    }
}
