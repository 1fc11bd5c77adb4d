//! The People screen: everyone you lead, nudges first (no check-in for too long, the
//! quietest first), and the selected person's page.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{ListItem, ListState, Padding, Paragraph, Widget, Wrap};

use super::action::Action;
use super::app::App;
use super::form::{FieldError, Form, FormPurpose, Submitted};
use super::keymap::Table;
use super::strings;
use super::text::{fit_hint, fit_line};
use super::ui::{clamp_selection, panel, render_list, step_selection};
use crate::domain::Entry;
use crate::domain::conversation::Conversation;
use crate::service::{PersonSummary, calendar_only_people, rank_people, read_people, sort_people};
use crate::store::ConversationFilter;

/// How many recent reflections the person's page shows.
const RECENT_MENTIONS: usize = 5;

/// State of the People screen, loaded when it opens or the selection moves.
#[derive(Debug, Clone, Default)]
pub struct PeopleState {
    /// Everyone, nudges first.
    pub people: Vec<PersonSummary>,
    /// The selection.
    pub list: ListState,
    /// The selected person's conversations.
    pub conversations: Vec<Conversation>,
    /// The selected person's latest mentions, newest first.
    pub mentions: Vec<Entry>,
    /// The names of your direct reports.
    pub reports: Vec<String>,
}

impl App {
    /// Loads everyone and the selected person's page.
    pub(super) fn reload_people(&mut self) {
        let (zone, now, days) = (self.zone(), self.now(), self.config.people.checkin_days);
        match read_people(&self.store, zone, now) {
            Ok(reads) => {
                let mut people = rank_people(&reads, zone, now, days);
                let met = calendar_only_people(&reads, &people, zone, now, days);
                people.extend(met);
                sort_people(&mut people);
                let n = people.len();
                self.people.people = people;
                clamp_selection(&mut self.people.list, n);
                self.load_person_page();
            }
            Err(e) => self.report(&e),
        }
        match self.store.reports() {
            Ok(reports) => self.people.reports = reports,
            Err(e) => self.report(&e),
        }
    }

    fn load_person_page(&mut self) {
        let Some(person) = self
            .people
            .list
            .selected()
            .and_then(|i| self.people.people.get(i))
            .map(|p| p.name.clone())
        else {
            self.people.conversations.clear();
            self.people.mentions.clear();
            return;
        };
        let conversations = self.store.list_conversations(&ConversationFilter {
            person: Some(person.clone()),
            ..Default::default()
        });
        let mentions = self.store.recent_mentions(&person, RECENT_MENTIONS);
        match (conversations, mentions) {
            (Ok(c), Ok(m)) => {
                self.people.conversations = c;
                self.people.mentions = m;
            }
            (Err(e), _) | (_, Err(e)) => self.report(&e),
        }
    }

    /// The selected person's name.
    fn selected_person(&self) -> Option<String> {
        self.people
            .list
            .selected()
            .and_then(|i| self.people.people.get(i))
            .map(|p| p.name.clone())
    }

    /// Applies a People screen action; false if `action` is not one.
    pub(super) fn apply_people(&mut self, action: &Action) -> bool {
        let person = self.selected_person();
        match (action, person) {
            (Action::CursorDown | Action::CursorUp, _) => {
                let down = *action == Action::CursorDown;
                if step_selection(&mut self.people.list, self.people.people.len(), down) {
                    self.load_person_page();
                }
            }
            (Action::NewConversation, Some(name)) => self.new_conversation_form(&name),
            (Action::ToggleReport, Some(name)) => {
                let report = !self.people.reports.contains(&name);
                match self.store.set_report(&name, report) {
                    Ok(name) => {
                        self.set_status(strings::report_now(&name, report));
                        self.reload_people();
                    }
                    Err(e) => self.report(&e),
                }
            }
            (Action::RenamePerson | Action::MergePerson | Action::LinkAddress, Some(name)) => {
                let (title, label, hint) = match action {
                    Action::RenamePerson => (
                        strings::rename_title(&name),
                        strings::FIELD_NEW_NAME,
                        strings::HINT_NEW_NAME,
                    ),
                    Action::MergePerson => (
                        strings::merge_title(&name),
                        strings::FIELD_MERGE_INTO,
                        strings::HINT_MERGE_INTO,
                    ),
                    _ => (
                        strings::link_title(&name),
                        strings::FIELD_ADDRESS,
                        strings::HINT_ADDRESS,
                    ),
                };
                let purpose = match action {
                    Action::RenamePerson => FormPurpose::RenamePerson(name),
                    Action::MergePerson => FormPurpose::MergePerson(name),
                    _ => FormPurpose::LinkAddress(name),
                };
                let fields = [(label, hint, String::new())];
                self.form = Some(Form::new(title, purpose, &fields, &self.theme));
            }
            (
                Action::NewConversation
                | Action::RenamePerson
                | Action::MergePerson
                | Action::LinkAddress
                | Action::ToggleReport,
                None,
            ) => self.set_status(strings::NOBODY_SELECTED),
            _ => return false,
        }
        true
    }

    /// Saves the rename, merge and address forms.
    pub(super) fn submit_people_form(&mut self, form: &Form) -> Submitted {
        let value = form.value(0);
        if value.trim_start_matches('@').trim().is_empty() {
            let cancel = self.keys.key(Table::Form, &Action::CancelForm);
            return Err(FieldError::new(0, strings::give_a_value(&cancel)));
        }
        let done = match &form.purpose {
            FormPurpose::RenamePerson(name) => self
                .store
                .rename_person(name, &value)
                .map(|_| strings::renamed(name, &value)),
            FormPurpose::MergePerson(name) => self
                .store
                .merge_people(name, &value)
                .map(|_| strings::merged(name, &value)),
            FormPurpose::LinkAddress(name) => self
                .store
                .link_address(name, &value)
                .map(|(address, who)| strings::linked(&address, &who)),
            _ => return Ok(String::new()),
        }
        .map_err(|e| FieldError::new(0, crate::describe(&e)))?;
        self.reload_people();
        Ok(done)
    }
}

fn since(p: &PersonSummary) -> String {
    match p.days_since_checkin {
        None => strings::NEVER_CHECKED_IN.to_string(),
        Some(0) => strings::CHECKED_IN_TODAY.into(),
        Some(d) => strings::days_since_checkin(d),
    }
}

/// Draws the People screen.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let state = &app.people;
    let [list_area, page] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(area);
    let hint = strings::nudge_hint(app.config.people.checkin_days);
    let outer = panel(strings::PEOPLE_TITLE, &hint, theme, true);
    if state.people.is_empty() {
        Paragraph::new(Line::styled(strings::NOBODY_YET, theme.muted))
            .wrap(Wrap { trim: true })
            .block(outer)
            .render(list_area, buf);
        return;
    }
    let items: Vec<ListItem> = state
        .people
        .iter()
        .map(|p| {
            let mark = if p.nudge {
                Span::styled("→ ", theme.error)
            } else {
                Span::raw("  ")
            };
            let calendar = if p.calendar_only {
                Span::styled(format!(" · {}", strings::FROM_CALENDAR), theme.muted)
            } else {
                Span::raw("")
            };
            ListItem::new(vec![
                Line::from(vec![mark, Span::raw(p.name.clone()), calendar]),
                Line::styled(format!("  {}", since(p)), theme.muted),
            ])
        })
        .collect();
    render_list(items, outer, state.list, true, theme, (list_area, buf));

    let Some(p) = state.list.selected().and_then(|i| state.people.get(i)) else {
        return;
    };
    let width = usize::from(page.width.saturating_sub(4));
    let day = |d: chrono::NaiveDate| d.format("%a %-d %b %Y").to_string();
    let mut lines = vec![
        Line::styled(p.name.clone(), theme.accent),
        Line::raw(strings::last_checkin(
            &p.last_checkin
                .map_or(strings::NEVER_CHECKED_IN.to_string(), |d| {
                    format!("{} ({})", day(d), since(p))
                }),
        )),
        Line::raw(strings::last_one_on_one(
            &p.last_one_on_one
                .map_or(strings::NONE_FOUND.to_string(), day),
        )),
        Line::raw(strings::last_conversation(
            &p.last_conversation
                .as_ref()
                .map_or(strings::NONE.to_string(), |c| {
                    format!("{} ({})", c.topic, c.day.format("%-d %b %Y"))
                }),
        )),
        Line::raw(strings::followups_and_mentions(
            p.open_followups,
            p.mentions,
        )),
        Line::raw(if p.stay_interview {
            strings::STAY_HELD
        } else {
            strings::STAY_NOT_HELD
        }),
    ];
    if state.reports.contains(&p.name) {
        lines.push(Line::styled(strings::DIRECT_REPORT, theme.accent));
    }
    if p.calendar_only {
        lines.push(Line::styled(strings::ONLY_ON_CALENDAR, theme.muted));
    }
    if !p.addresses.is_empty() {
        lines.push(Line::raw(strings::addresses(&p.addresses.join(", "))));
    }
    if !state.conversations.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(strings::CONVERSATIONS_TITLE, theme.accent));
        for c in &state.conversations {
            let day = c
                .day()
                .map(|d| d.format("%-d %b %Y").to_string())
                .unwrap_or_else(|| strings::NO_DATE.into());
            lines.push(Line::raw(format!(
                "  #{} {} · {day} · {}",
                c.id,
                c.topic,
                c.status.label()
            )));
        }
    }
    if !state.mentions.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(strings::RECENT_REFLECTIONS, theme.accent));
        for e in &state.mentions {
            let first = e.body.lines().next().unwrap_or_default();
            lines.push(Line::from(vec![
                Span::styled(format!("  {} ", e.day.format("%-d %b")), theme.muted),
                Span::raw(first.to_string()),
            ]));
        }
    }
    let lines: Vec<Line> = lines.into_iter().map(|l| fit_line(l, width)).collect();
    let hint = app.keys.hint(
        Table::People,
        &[
            Action::NewConversation,
            Action::RenamePerson,
            Action::MergePerson,
            Action::LinkAddress,
            Action::ToggleReport,
        ],
    );
    Paragraph::new(lines)
        .block(panel("", &fit_hint(&hint, width), theme, false).padding(Padding::horizontal(1)))
        .render(page, buf);
}
