//! The History screen: every entry and conversation, newest first, with a preview; `/`
//! to search, filters, jump to a date, "on this day", a heatmap of journaling days with
//! the streak, and editing (in place or in `$EDITOR`) or deleting an entry.
//!
//! The list is a window of pages read by keyset as the selection nears an edge, so a
//! ten-year journal opens as fast as a new one. All loading happens in `update`.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{
    Block, BorderType, List, ListItem, ListState, Paragraph, StatefulWidget, Widget, Wrap,
};

use super::action::Action;
use super::app::{App, EntryEditor, Overlay, Screen, Task};
use super::context::EditTarget;
use super::editor::Editor;
use super::form::{FieldError, Form, FormPurpose, Submitted};
use super::keymap::Table;
use super::strings;
use super::text::{ellipsize, fit_hint, fit_line};
use super::theme::Theme;
use super::ui::panel;
use crate::domain::EntryKind;
use crate::domain::history::{ItemId, ItemKind, match_ranges, on_this_day, search_terms};
use crate::domain::time::read_date;
use crate::store::{Cursor, HistoryRow, JournalFilter, MATCH_END, MATCH_START, SearchOptions};

/// Rows read per page.
const PAGE: usize = 100;
/// Read the next page when the selection comes this close to the window's edge.
const MARGIN: usize = 20;
/// Most search results shown.
const SEARCH_LIMIT: usize = 100;
/// Weeks of journaling days kept for the heatmap (the widest terminal shows this many).
const HEAT_WEEKS: i64 = 53;
/// The longest search query, in characters.
const MAX_QUERY: usize = 200;

/// The search line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchBox {
    /// What was typed.
    pub query: String,
    /// Whether keys type into it (else they move through the results).
    pub typing: bool,
}

/// The selected row's full text, read when the selection changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// Which row.
    pub id: ItemId,
    /// A heading: kind, date and time, and for conversations who and the status.
    pub heading: String,
    /// The text.
    pub body: String,
}

/// State of the History screen.
#[derive(Debug, Default)]
pub struct HistoryState {
    /// What the list is narrowed to.
    pub filter: JournalFilter,
    /// Whether "on this day" narrows the list (its days are in `filter.days`).
    pub on_this_day: bool,
    /// The rows in the window, newest first.
    pub rows: Vec<HistoryRow>,
    /// The selection in `rows`.
    pub selection: ListState,
    /// Whether older rows exist past the window.
    pub has_older: bool,
    /// Whether newer rows exist before the window.
    pub has_newer: bool,
    /// How many rows the filter lets through.
    pub total: i64,
    /// The search, while one is open.
    pub search: Option<SearchBox>,
    /// The words being searched for, for highlighting.
    pub terms: Vec<(String, bool)>,
    /// The selected row's text.
    pub preview: Option<Preview>,
    /// How far the preview is scrolled.
    pub preview_scroll: u16,
    /// The entry being edited in place.
    pub editor: Option<EntryEditor>,
    /// The entry being edited in `$EDITOR`.
    pub external: Option<i64>,
    /// Entries per day over the last weeks, for the heatmap.
    pub heat: Vec<(NaiveDate, u32)>,
    /// The current streak of journaling days.
    pub streak: u32,
}

impl HistoryState {
    /// The selected row.
    pub fn selected(&self) -> Option<&HistoryRow> {
        self.selection.selected().and_then(|i| self.rows.get(i))
    }

    fn searching(&self) -> bool {
        self.search
            .as_ref()
            .is_some_and(|s| !s.query.trim().is_empty())
    }
}

impl App {
    /// Reloads the History screen from the top: count, first page, heatmap, streak.
    pub(super) fn reload_history(&mut self) {
        let today = self.day;
        let heat = self
            .store
            .entry_counts_by_day(today - Duration::weeks(HEAT_WEEKS), today);
        let streak = self.store.streak(today);
        match (heat, streak) {
            (Ok(heat), Ok(streak)) => {
                self.history.heat = heat;
                self.history.streak = streak;
            }
            (Err(e), _) | (_, Err(e)) => self.report(&e),
        }
        self.reload_history_list();
    }

    /// Reloads the list alone (the filters changed; the heatmap and streak did not).
    fn reload_history_list(&mut self) {
        if self.history.searching() {
            self.run_search();
        } else {
            self.load_window(None, false);
        }
    }

    /// Replaces the window with the page older than `from` (or, with `newest_last`, the
    /// oldest page), selecting its first row.
    fn load_window(&mut self, from: Option<Cursor>, oldest: bool) {
        let filter = self.history.filter.clone();
        let page = self.store.history_page(&filter, from, oldest, PAGE);
        let total = self.store.history_count(&filter);
        match (page, total) {
            (Ok(rows), Ok(total)) => {
                let h = &mut self.history;
                h.total = total;
                h.has_older = !oldest && rows.len() == PAGE;
                h.has_newer = if oldest {
                    (rows.len() as i64) < total
                } else {
                    from.is_some() && !rows.is_empty()
                };
                h.rows = rows;
                let select = if oldest {
                    h.rows.len().checked_sub(1)
                } else {
                    (!h.rows.is_empty()).then_some(0)
                };
                h.selection = ListState::default().with_selected(select);
                // A jump before the first entry: show the oldest page instead.
                if h.rows.is_empty() && from.is_some() && total > 0 {
                    self.load_window(None, true);
                    return;
                }
                self.load_preview();
            }
            (Err(e), _) | (_, Err(e)) => self.report(&e),
        }
    }

    /// Reads another page when the selection nears an edge of the window.
    fn extend_window(&mut self) {
        if self.history.searching() {
            return;
        }
        let Some(i) = self.history.selection.selected() else {
            return;
        };
        let filter = self.history.filter.clone();
        let n = self.history.rows.len();
        if self.history.has_older && i + MARGIN >= n {
            let last = self.history.rows.last().map(|r| r.cursor);
            match self.store.history_page(&filter, last, false, PAGE) {
                Ok(rows) => {
                    self.history.has_older = rows.len() == PAGE;
                    self.history.rows.extend(rows);
                }
                Err(e) => self.report(&e),
            }
        }
        if self.history.has_newer && i < MARGIN {
            let first = self.history.rows.first().map(|r| r.cursor);
            match self.store.history_page(&filter, first, true, PAGE) {
                Ok(rows) => {
                    let added = rows.len();
                    self.history.has_newer = added == PAGE;
                    self.history.rows.splice(0..0, rows);
                    self.history.selection.select(Some(i + added));
                    // Keep the selected row where it was on screen.
                    *self.history.selection.offset_mut() += added;
                }
                Err(e) => self.report(&e),
            }
        }
    }

    /// Runs the search in the search line with the filters, best match first.
    fn run_search(&mut self) {
        let query = self
            .history
            .search
            .as_ref()
            .map(|s| as_you_type(&s.query))
            .unwrap_or_default();
        self.history.terms = search_terms(&query);
        if query.trim().is_empty() {
            self.load_window(None, false);
            return;
        }
        match self.store.search_journal(
            &query,
            &self.history.filter,
            SEARCH_LIMIT,
            SearchOptions::AS_YOU_TYPE,
        ) {
            Ok(Some(rows)) => {
                let h = &mut self.history;
                h.total = rows.len() as i64;
                h.has_older = false;
                h.has_newer = false;
                h.selection = ListState::default().with_selected((!rows.is_empty()).then_some(0));
                h.rows = rows;
                self.load_preview();
            }
            // Only punctuation so far: nothing to look for yet, keep the list as it was.
            Ok(None) => {}
            Err(e) => self.report(&e),
        }
    }

    /// Reads the selected row's full text into the preview.
    fn load_preview(&mut self) {
        self.history.preview_scroll = 0;
        let Some(row) = self.history.selected().cloned() else {
            self.history.preview = None;
            return;
        };
        let zone = self.zone();
        let preview = match row.id {
            ItemId::Entry(id) => self.store.entry(id).map(|e| {
                e.map(|e| Preview {
                    id: row.id,
                    heading: format!(
                        "{} · {}",
                        e.kind.label(),
                        e.at.with_timezone(&zone).format("%a %-d %b %Y %H:%M")
                    ),
                    body: e.body,
                })
            }),
            ItemId::Conversation(id) => self.store.conversation(id).map(|c| {
                c.map(|mut c| {
                    let when = c
                        .planned_at
                        .or(c.held_at)
                        .map(|t| {
                            t.with_timezone(&zone)
                                .format("%a %-d %b %Y %H:%M")
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
                        id: row.id,
                        heading: format!(
                            "{} · {when} · {}",
                            strings::conversation_with_person(&c.person),
                            c.status.label()
                        ),
                        body: format!("{}\n\n{}", c.topic, body.trim_end()),
                    }
                })
            }),
        };
        match preview {
            Ok(p) => self.history.preview = p,
            Err(e) => self.report(&e),
        }
    }

    fn move_history(&mut self, to: impl Fn(usize, usize) -> usize) {
        let n = self.history.rows.len();
        if n == 0 {
            return;
        }
        let i = self.history.selection.selected().unwrap_or(0);
        let next = to(i, n).min(n - 1);
        if next != i {
            self.history.selection.select(Some(next));
            self.extend_window();
            self.load_preview();
        }
    }

    /// Closes the saved in-place editor and shows the list again.
    pub(super) fn close_history_editor(&mut self) {
        self.history.editor = None;
        self.set_status(strings::ENTRY_SAVED);
        self.refresh_history_rows();
    }

    /// Re-reads the window in place after an edit or a delete, keeping the selection.
    fn refresh_history_rows(&mut self) {
        let keep = self.history.selection.selected().unwrap_or(0);
        if self.history.searching() {
            self.run_search();
        } else {
            // Reload from the window's first row, inclusive, so the rows above the
            // selection stay where they were.
            let from_top = if self.history.has_newer {
                self.history.rows.first().map(|c| Cursor {
                    at_utc: c.cursor.at_utc,
                    key: c.cursor.key + 1,
                })
            } else {
                None
            };
            let filter = self.history.filter.clone();
            match (
                self.store
                    .history_page(&filter, from_top, false, keep + PAGE),
                self.store.history_count(&filter),
            ) {
                (Ok(rows), Ok(total)) => {
                    self.history.has_older = rows.len() == keep + PAGE;
                    self.history.rows = rows;
                    self.history.total = total;
                }
                (Err(e), _) | (_, Err(e)) => self.report(&e),
            }
        }
        let n = self.history.rows.len();
        self.history
            .selection
            .select((n > 0).then(|| keep.min(n - 1)));
        self.load_preview();
    }

    fn filter_form(&mut self) {
        let f = &self.history.filter;
        self.form = Some(Form::new(
            strings::FILTER_TITLE,
            FormPurpose::HistoryFilter,
            &[
                (
                    strings::FIELD_TAG,
                    strings::HINT_TAG,
                    f.tag.clone().map(|t| format!("#{t}")).unwrap_or_default(),
                ),
                (
                    strings::FIELD_PERSON,
                    strings::HINT_PERSON,
                    f.person
                        .clone()
                        .map(|p| format!("@{p}"))
                        .unwrap_or_default(),
                ),
                (
                    strings::FIELD_KIND,
                    strings::HINT_KIND,
                    f.kind.map(|k| k.as_str().to_string()).unwrap_or_default(),
                ),
                (
                    strings::FIELD_FROM,
                    strings::HINT_DATE,
                    f.from.map(|d| d.to_string()).unwrap_or_default(),
                ),
                (
                    strings::FIELD_TO,
                    strings::HINT_DATE,
                    f.to.map(|d| d.to_string()).unwrap_or_default(),
                ),
            ],
            &self.theme,
        ));
    }

    /// Checks and applies the filter and go-to-date forms.
    pub(super) fn submit_history_form(&mut self, form: &Form) -> Submitted {
        let now = self.now().naive_local();
        match &form.purpose {
            FormPurpose::HistoryFilter => {
                let text = |i: usize| Some(form.value(i)).filter(|v| !v.trim().is_empty());
                let tag = text(0).map(|t| t.trim().trim_start_matches('#').to_lowercase());
                if tag
                    .as_deref()
                    .is_some_and(|t| t.is_empty() || t.contains(char::is_whitespace))
                {
                    return Err(FieldError::new(0, strings::ONE_TAG));
                }
                let person = text(1).map(|p| crate::domain::person::clean(&p).to_string());
                if person.as_deref().is_some_and(str::is_empty) {
                    return Err(FieldError::new(1, strings::ONE_PERSON));
                }
                let kind = match text(2) {
                    None => None,
                    Some(k) => Some(
                        ItemKind::parse(&k)
                            .ok_or_else(|| FieldError::new(2, strings::unknown_kind(&k)))?,
                    ),
                };
                let date = |i: usize| -> Result<Option<NaiveDate>, FieldError> {
                    text(i)
                        .map(|d| read_date(&d, now).map_err(|e| FieldError::at(i)(&e)))
                        .transpose()
                };
                let (from, to) = (date(3)?, date(4)?);
                if let (Some(f), Some(t)) = (from, to)
                    && t < f
                {
                    return Err(FieldError::new(4, strings::END_BEFORE_START));
                }
                if tag.is_some() && kind == Some(ItemKind::Conversation) {
                    return Err(FieldError::new(0, strings::CONVERSATIONS_HAVE_NO_TAGS));
                }
                let days = std::mem::take(&mut self.history.filter.days);
                self.history.filter = JournalFilter {
                    tag,
                    person,
                    kind,
                    from,
                    to,
                    days,
                };
                self.reload_history_list();
                Ok(strings::filtered(self.history.total))
            }
            FormPurpose::GoToDate => {
                let day = read_date(&form.value(0), now).map_err(|e| FieldError::at(0)(&e))?;
                self.history.search = None;
                self.history.terms.clear();
                let next_midnight = crate::domain::block::place(
                    self.zone(),
                    (day + Duration::days(1)).and_time(NaiveTime::MIN),
                );
                self.load_window(
                    Some(Cursor {
                        at_utc: next_midnight.timestamp(),
                        key: 0,
                    }),
                    false,
                );
                Ok(match self.history.selected() {
                    Some(r) if r.day == day => {
                        strings::went_to(&day.format("%a %-d %b %Y").to_string())
                    }
                    Some(r) => strings::nothing_on(
                        &day.format("%a %-d %b %Y").to_string(),
                        &r.day.format("%a %-d %b %Y").to_string(),
                    ),
                    None => strings::HISTORY_EMPTY.to_string(),
                })
            }
            _ => Ok(String::new()),
        }
    }

    fn toggle_on_this_day(&mut self) {
        self.history.on_this_day = !self.history.on_this_day;
        if self.history.on_this_day {
            let today = self.day;
            let earliest = match self.store.first_entry_day() {
                Ok(d) => d.unwrap_or(today),
                Err(e) => {
                    self.report(&e);
                    return;
                }
            };
            self.history.filter.days = on_this_day(today, earliest)
                .into_iter()
                .map(|(d, _)| d)
                .collect();
            if self.history.filter.days.is_empty() {
                // Nothing to look back to yet: an impossible day keeps the list empty.
                self.history.filter.days = vec![NaiveDate::MIN];
            }
        } else {
            self.history.filter.days.clear();
        }
        self.reload_history_list();
        let message = if self.history.on_this_day {
            strings::on_this_day(self.history.total, &self.day.format("%-d %B").to_string())
        } else {
            strings::ALL_HISTORY.to_string()
        };
        self.set_status(message);
    }

    /// Re-reads the list, the streak and the heatmap after a delete.
    pub(super) fn refresh_history_after_delete(&mut self) {
        self.refresh_history_rows();
        let today = self.day;
        if let Ok(s) = self.store.streak(today) {
            self.history.streak = s;
        }
        if let Ok(h) = self
            .store
            .entry_counts_by_day(today - Duration::weeks(HEAT_WEEKS), today)
        {
            self.history.heat = h;
        }
    }

    /// Applies a History screen action; false if `action` is not one.
    pub(super) fn apply_history(&mut self, action: &Action) -> bool {
        if let (Action::ExternalEditFinished(_, result), Some(id)) = (action, self.history.external)
        {
            self.history.external = None;
            match result {
                Ok(edited) => {
                    let text = edited.text.trim_end_matches('\n');
                    if let Err(too_big) = super::editor::fits(text.len()) {
                        // The entry stays as it was.
                        self.report_too_big(too_big);
                    } else if text.trim().is_empty() {
                        let delete = self.keys.key(Table::History, &Action::DeleteItem);
                        self.set_error(strings::empty_edit_kept(&delete));
                    } else {
                        match self.store.update_entry_body(id, text) {
                            Ok(_) => {
                                match &edited.note {
                                    Some(note) => self.set_error(strings::external_edit_note(note)),
                                    None => self.set_status(strings::ENTRY_SAVED),
                                }
                                self.refresh_history_rows();
                            }
                            Err(e) => self.set_error(strings::save_failed(&crate::describe(&e))),
                        }
                    }
                }
                Err(e) => self.set_error(strings::external_edit_failed(e)),
            }
            return true;
        }
        if let Some(Overlay::ConfirmDelete(id)) = self.overlay {
            if *action == Action::Confirm {
                self.overlay = None;
                self.delete_item(id);
                return true;
            }
            return false;
        }
        if self.history.search.as_ref().is_some_and(|s| s.typing)
            && self.apply_search_typing(action)
        {
            return true;
        }
        match action {
            Action::CursorDown => self.move_history(|i, _| i + 1),
            Action::CursorUp => self.move_history(|i, _| i.saturating_sub(1)),
            Action::PageDown => self.move_history(|i, _| i + 10),
            Action::PageUp => self.move_history(|i, _| i.saturating_sub(10)),
            Action::First => {
                if self.history.has_newer {
                    self.load_window(None, false);
                } else {
                    self.move_history(|_, _| 0);
                }
            }
            Action::Last => {
                if self.history.has_older {
                    self.load_window(None, true);
                } else {
                    self.move_history(|_, n| n - 1);
                }
            }
            Action::ScrollPreviewDown => {
                self.history.preview_scroll = self.history.preview_scroll.saturating_add(3)
            }
            Action::ScrollPreviewUp => {
                self.history.preview_scroll = self.history.preview_scroll.saturating_sub(3)
            }
            Action::StartSearch => {
                let query = self
                    .history
                    .search
                    .take()
                    .map(|s| s.query)
                    .unwrap_or_default();
                self.history.search = Some(SearchBox {
                    query,
                    typing: true,
                });
            }
            Action::Back if self.history.search.is_some() => {
                self.history.search = None;
                self.history.terms.clear();
                self.load_window(None, false);
            }
            Action::OpenFilter => self.filter_form(),
            Action::ClearFilters => {
                self.history.filter = JournalFilter::default();
                self.history.on_this_day = false;
                self.reload_history_list();
                self.set_status(strings::ALL_HISTORY);
            }
            Action::ToggleOnThisDay => self.toggle_on_this_day(),
            Action::GoToDate => {
                self.form = Some(Form::new(
                    strings::GO_TO_TITLE,
                    FormPurpose::GoToDate,
                    &[(strings::FIELD_DATE, strings::HINT_DATE, String::new())],
                    &self.theme,
                ));
            }
            Action::OpenItem => match self.history.selected().map(|r| r.id) {
                Some(ItemId::Entry(id)) => match self.store.entry(id) {
                    Ok(Some(e)) => {
                        let editor = Editor::new(&e.body, strings::EDITOR_PLACEHOLDER, &self.theme);
                        self.history.editor = Some(EntryEditor { id, editor });
                    }
                    Ok(None) => self.set_error(strings::ITEM_GONE),
                    Err(e) => self.report(&e),
                },
                Some(ItemId::Conversation(id)) => self.open_conversation_by_id(id),
                None => self.set_status(strings::HISTORY_EMPTY),
            },
            Action::OpenExternalEditor => match self.history.selected().map(|r| r.id) {
                Some(ItemId::Entry(id)) => match self.store.entry(id) {
                    Ok(Some(e)) => {
                        self.history.external = Some(id);
                        self.pending = Some(Task::ExternalEdit {
                            target: EditTarget::Entry(id),
                            text: e.body,
                        });
                    }
                    Ok(None) => self.set_error(strings::ITEM_GONE),
                    Err(e) => self.report(&e),
                },
                Some(ItemId::Conversation(_)) => {
                    let open = self.keys.key(Table::History, &Action::OpenItem);
                    self.set_status(strings::conversation_in_place(&open))
                }
                None => self.set_status(strings::HISTORY_EMPTY),
            },
            Action::DeleteItem => match self.history.selected() {
                Some(row) => self.overlay = Some(Overlay::ConfirmDelete(row.id)),
                None => self.set_status(strings::HISTORY_EMPTY),
            },
            _ => return false,
        }
        true
    }

    /// Keys while typing a search: they edit the query, which runs as it changes.
    fn apply_search_typing(&mut self, action: &Action) -> bool {
        let Some(search) = self.history.search.as_mut() else {
            return false;
        };
        let before = search.query.clone();
        match action {
            Action::EditText(input) => match input.key {
                ratatui_textarea::Key::Char(c)
                    if !input.ctrl && !input.alt && search.query.chars().count() < MAX_QUERY =>
                {
                    search.query.push(c);
                }
                ratatui_textarea::Key::Backspace => {
                    search.query.pop();
                }
                ratatui_textarea::Key::Char('w') if input.ctrl => {
                    let kept = search.query.trim_end().rfind(' ').map_or(0, |i| i + 1);
                    search.query.truncate(kept);
                }
                _ => {}
            },
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
                search.typing = false;
                if search.query.trim().is_empty() {
                    self.history.search = None;
                }
                return true;
            }
            Action::Back => {
                self.history.search = None;
                self.history.terms.clear();
                self.load_window(None, false);
                return true;
            }
            Action::CursorDown => {
                self.move_history(|i, _| i + 1);
                return true;
            }
            Action::CursorUp => {
                self.move_history(|i, _| i.saturating_sub(1));
                return true;
            }
            _ => return false,
        }
        if search.query != before {
            self.run_search();
        }
        true
    }
}

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

/// Draws the History screen into `area`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let wide = area.width >= 100;
    let [list, side] = Layout::horizontal([
        Constraint::Percentage(if wide { 50 } else { 58 }),
        Constraint::Fill(1),
    ])
    .areas(area);
    // The heatmap needs 10 rows (months, seven days, borders); below that the preview
    // has the column to itself.
    let heat_height = if area.height >= 20 { 10 } else { 0 };
    let [heat, preview] =
        Layout::vertical([Constraint::Length(heat_height), Constraint::Fill(1)]).areas(side);
    render_list(app, list, buf);
    if heat_height > 0 {
        render_heatmap(app, heat, buf);
    }
    render_preview(app, preview, buf);
}

/// The kind in a list row: a short word, or one letter when the list is narrow.
fn kind_word(kind: ItemKind, narrow: bool) -> &'static str {
    match (kind, narrow) {
        (ItemKind::Entry(EntryKind::Reflection), false) => "refl  ",
        (ItemKind::Entry(EntryKind::Note), false) => "note  ",
        (ItemKind::Entry(EntryKind::Review), false) => "review",
        (ItemKind::Conversation, false) => "convo ",
        (ItemKind::Entry(EntryKind::Reflection), true) => "r",
        (ItemKind::Entry(EntryKind::Note), true) => "n",
        (ItemKind::Entry(EntryKind::Review), true) => "w",
        (ItemKind::Conversation, true) => "c",
    }
}

/// The active narrowing, in words, for the list's title.
fn filter_words(h: &HistoryState) -> String {
    let f = &h.filter;
    let mut words = Vec::new();
    if h.on_this_day {
        words.push(strings::ON_THIS_DAY.to_string());
    }
    if let Some(t) = &f.tag {
        words.push(format!("#{t}"));
    }
    if let Some(p) = &f.person {
        words.push(format!("@{p}"));
    }
    if let Some(k) = f.kind {
        words.push(k.as_str().to_string());
    }
    match (f.from, f.to) {
        (Some(a), Some(b)) => words.push(format!("{a}…{b}")),
        (Some(a), None) => words.push(strings::from_day(&a.to_string())),
        (None, Some(b)) => words.push(format!("to {b}")),
        (None, None) => {}
    }
    words.join(" ")
}

fn render_list(app: &App, area: Rect, buf: &mut Buffer) {
    let h = &app.history;
    let theme = &app.theme;
    let count = if h.searching() {
        strings::matches(h.total, h.total as usize >= SEARCH_LIMIT)
    } else {
        strings::items(h.total)
    };
    let narrowed = filter_words(h);
    let title = if narrowed.is_empty() {
        format!("{} · {count}", strings::HISTORY_TITLE)
    } else {
        format!("{} · {count} · {narrowed}", strings::HISTORY_TITLE)
    };
    let focused = h.editor.is_none();
    let hint = app.keys.hint(
        Table::History,
        &[
            Action::StartSearch,
            Action::OpenFilter,
            Action::ToggleOnThisDay,
            Action::GoToDate,
        ],
    );
    let title = ellipsize(&title, usize::from(area.width.saturating_sub(4)));
    let hint = fit_hint(
        &hint,
        usize::from(area.width.saturating_sub(title.chars().count() as u16 + 8)),
    );
    let block = panel(&title, &hint, theme, focused);
    let inner = block.inner(area);
    block.render(area, buf);
    let (search_area, list_area) = if h.search.is_some() {
        let [s, l] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
        (Some(s), l)
    } else {
        (None, inner)
    };
    if let (Some(search), Some(a)) = (&h.search, search_area) {
        let mut spans = vec![
            Span::styled("/ ", theme.accent),
            Span::raw(search.query.as_str()),
        ];
        if search.typing {
            spans.push(Span::styled(" ", theme.cursor));
        } else {
            let keys = app
                .keys
                .hint(Table::History, &[Action::StartSearch, Action::Back]);
            spans.push(Span::styled(format!("  {keys}"), theme.muted));
        }
        Line::from(spans).render(a, buf);
    }
    if h.rows.is_empty() {
        let message = if h.searching() {
            strings::NO_MATCHES.to_string()
        } else if h.filter.is_empty() {
            strings::HISTORY_EMPTY.to_string()
        } else {
            strings::nothing_filtered(&app.keys.key(Table::History, &Action::ClearFilters))
        };
        Paragraph::new(Span::styled(message, theme.muted))
            .wrap(Wrap { trim: true })
            .render(list_area, buf);
        return;
    }
    let width = list_area.width.saturating_sub(2) as usize;
    let narrow = width < 60;
    let items: Vec<ListItem> = h
        .rows
        .iter()
        .map(|r| {
            let mut head = vec![
                Span::styled(r.day.format("%d %b %y ").to_string(), theme.accent),
                Span::styled(format!("{} ", kind_word(r.kind, narrow)), theme.muted),
            ];
            head.extend(marked_line(&r.title, &h.terms, theme).spans);
            let mut lines = vec![fit_line(Line::from(head), width)];
            // The passage that matched, unless the title already shows all of it.
            if let Some(snippet) = &r.snippet {
                let plain: String = snippet
                    .chars()
                    .filter(|c| !matches!(*c, MATCH_START | MATCH_END))
                    .collect();
                if plain.trim_matches('…').trim() != r.title {
                    lines.push(snippet_line(snippet, width, theme));
                }
            }
            ListItem::new(Text::from(lines))
        })
        .collect();
    let list = List::new(items)
        .highlight_style(theme.selection)
        .highlight_symbol("▌ ");
    let mut state = h.selection;
    StatefulWidget::render(list, list_area, buf, &mut state);
}

/// A search snippet on one line, its matches highlighted, indented under the row.
fn snippet_line(snippet: &str, width: usize, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::raw("  ")];
    let mut used = 2;
    let mut on = false;
    for piece in snippet.split_inclusive([MATCH_START, MATCH_END]) {
        let (text, marker) = match piece.chars().last() {
            Some(c @ (MATCH_START | MATCH_END)) => (&piece[..piece.len() - c.len_utf8()], Some(c)),
            _ => (piece, None),
        };
        let room = width.saturating_sub(used);
        let text: String = text.chars().take(room).collect();
        used += text.chars().count();
        let style = if on {
            theme.accent.underlined()
        } else {
            theme.muted
        };
        spans.push(Span::styled(text, style));
        if let Some(m) = marker {
            on = m == MATCH_START;
        }
    }
    Line::from(spans)
}

fn render_heatmap(app: &App, area: Rect, buf: &mut Buffer) {
    let h = &app.history;
    let theme = &app.theme;
    let today = app.day;
    let first_weekday = app.config.week.first_day.0;
    let inner_width = area.width.saturating_sub(2 + 2) as i64;
    let weeks = (inner_width / 2).clamp(1, HEAT_WEEKS);
    let this_week = crate::domain::week::week_start(today, first_weekday);
    let start = this_week - Duration::weeks(weeks - 1);
    let count_on = |d: NaiveDate| -> u32 {
        h.heat
            .binary_search_by_key(&d, |(day, _)| *day)
            .map_or(0, |i| h.heat[i].1)
    };
    let days_written = h.heat.iter().filter(|(d, _)| *d >= start).count();
    let mut title = strings::heatmap_title(h.streak, Some(days_written));
    if title.chars().count() + 4 > usize::from(area.width) {
        title = strings::heatmap_title(h.streak, None);
    }
    let block = panel(&title, "", theme, false);
    let inner = block.inner(area);
    block.render(area, buf);
    // Month names over the week in which each month starts.
    let mut months = String::from("  ");
    for week in 0..weeks {
        let monday = start + Duration::weeks(week);
        let starts = (0..7)
            .map(|d| monday + Duration::days(d))
            .find(|d| d.day() == 1);
        let column = 2 + 2 * week as usize;
        // A name that would be cut at the edge ("De") is left out.
        match starts {
            Some(first)
                if months.chars().count() <= column && column + 3 <= usize::from(inner.width) =>
            {
                while months.chars().count() < column {
                    months.push(' ');
                }
                months.push_str(&first.format("%b").to_string());
            }
            _ => {}
        }
    }
    let mut lines = vec![Line::styled(months, theme.muted)];
    for row in 0..7i64 {
        let weekday_day = start + Duration::days(row);
        let label = weekday_day.format("%a").to_string();
        let mut spans = vec![Span::styled(
            format!("{} ", label.chars().next().unwrap_or(' ')),
            theme.muted,
        )];
        for week in 0..weeks {
            let day = start + Duration::weeks(week) + Duration::days(row);
            let (glyph, style): (&str, Style) = if day > today {
                ("  ", Style::default())
            } else {
                match count_on(day) {
                    0 => ("· ", theme.muted),
                    1 => ("▪ ", theme.accent),
                    _ => ("■ ", theme.accent),
                }
            };
            let style = if day == today {
                style.underlined()
            } else {
                style
            };
            spans.push(Span::styled(glyph, style));
        }
        lines.push(Line::from(spans));
    }
    Paragraph::new(lines).render(inner, buf);
}

fn render_preview(app: &App, area: Rect, buf: &mut Buffer) {
    let h = &app.history;
    let theme = &app.theme;
    if let Some(edit) = &h.editor {
        let saved = edit
            .editor
            .saved_at
            .map(|t| strings::saved_at(&t.format("%H:%M:%S").to_string()))
            .unwrap_or_default();
        let keys = app.keys.hint(Table::Entry, &[Action::Save, Action::Back]);
        let block = Block::bordered()
            .border_type(BorderType::Thick)
            .border_style(theme.accent)
            .title(Span::styled(
                format!(" {} ", strings::EDITING_ENTRY),
                theme.accent,
            ))
            .title(Line::styled(format!(" {keys} "), theme.muted).right_aligned())
            .title_bottom(Line::styled(format!(" {saved} "), theme.muted).right_aligned());
        let inner = block.inner(area);
        block.render(area, buf);
        edit.editor.render(inner, buf);
        return;
    }
    let Some(p) = &h.preview else {
        panel(strings::PREVIEW_TITLE, "", theme, false).render(area, buf);
        return;
    };
    let actions: &[Action] = match p.id {
        ItemId::Entry(_) => &[Action::OpenItem, Action::OpenExternalEditor],
        ItemId::Conversation(_) => &[Action::OpenItem],
    };
    let hint = app.keys.hint(Table::History, actions);
    let width = usize::from(area.width.saturating_sub(4));
    let mut lines = vec![
        fit_line(Line::styled(p.heading.clone(), theme.muted), width),
        Line::raw(""),
    ];
    for line in p.body.lines() {
        lines.push(marked_line(line, &h.terms, theme));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((h.preview_scroll, 0))
        .block(
            panel(strings::PREVIEW_TITLE, &hint, theme, false)
                .padding(ratatui::widgets::Padding::horizontal(1)),
        )
        .render(area, buf);
}

/// A line of text with the search's words highlighted.
fn marked_line(line: &str, terms: &[(String, bool)], theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    let mut at = 0;
    for r in match_ranges(line, terms) {
        if r.start > at {
            spans.push(Span::raw(line[at..r.start].to_string()));
        }
        spans.push(Span::styled(
            line[r.clone()].to_string(),
            theme.accent.underlined(),
        ));
        at = r.end;
    }
    if at < line.len() {
        spans.push(Span::raw(line[at..].to_string()));
    }
    Line::from(spans)
}

/// The question asked before deleting `id`, from History's rows or Today's entries.
pub fn delete_question(app: &App, id: ItemId) -> String {
    let day = |d: NaiveDate| d.format("%a %-d %b %Y").to_string();
    if let Some(r) = app.history.rows.iter().find(|r| r.id == id) {
        let kind = match r.kind {
            ItemKind::Entry(k) => k.label(),
            ItemKind::Conversation => strings::CONVERSATION,
        };
        return strings::delete_item(kind, &day(r.day));
    }
    match app.today.entries.iter().find(|e| ItemId::Entry(e.id) == id) {
        Some(e) => strings::delete_entry_at(e.kind.label(), &e.at.format("%H:%M").to_string()),
        None => strings::delete_item(strings::ITEM, "?"),
    }
}

impl App {
    /// Deletes `id` after the question was answered yes.
    fn delete_item(&mut self, id: ItemId) {
        match crate::app::entries::delete(&mut self.store, id) {
            Ok(()) => {
                self.set_status(strings::DELETED_ITEM);
                self.reload_today();
                if self.screen == Screen::History {
                    self.refresh_history_after_delete();
                }
            }
            Err(e) => self.report(&e),
        }
    }

    /// Shows conversation `id` on the Conversations screen, open for writing.
    fn open_conversation_by_id(&mut self, id: i64) {
        self.apply_changes(
            super::changed::Changed::empty(),
            vec![super::context::Request::OpenConversation { id, noted: false }],
        );
    }
}
