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
use crate::app::people::{
    PersonSummary, calendar_only_people, rank_people, read_people, sort_people,
};
use crate::domain::Entry;
use crate::domain::conversation::Conversation;
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
    /// How each direct report's 1:1s are kept.
    pub coverage: Vec<crate::app::coaching::ReportCoverage>,
    /// The selected person's agenda for the next 1:1, oldest first.
    pub agenda: Vec<crate::domain::coaching::AgendaItem>,
    /// The selected person's delegations, open ones first.
    pub delegations: Vec<crate::domain::coaching::Delegation>,
}

impl PeopleState {
    /// The coverage of `name`'s 1:1s, when they are a direct report.
    pub fn coverage_of(&self, name: &str) -> Option<&crate::app::coaching::ReportCoverage> {
        self.coverage.iter().find(|c| c.name == name)
    }

    /// The selected person's open delegations.
    pub fn open_delegations(&self) -> impl Iterator<Item = &crate::domain::coaching::Delegation> {
        self.delegations
            .iter()
            .filter(|d| d.status == crate::domain::coaching::DelegationStatus::Open)
    }
}

impl App {
    /// Loads everyone and the selected person's page; the selection stays on the person
    /// it was on, wherever the new order puts them.
    pub(super) fn reload_people(&mut self) {
        let keep = self.selected_person();
        self.reload_people_on(keep.as_deref());
    }

    /// Loads everyone, with the selection on `keep` (by name, any case) when listed.
    fn reload_people_on(&mut self, keep: Option<&str>) {
        let (zone, now, days) = (self.zone(), self.now(), self.config.people.checkin_days);
        match read_people(&self.store, &self.settings.me, zone, now) {
            Ok(reads) => {
                let mut people = rank_people(&reads, zone, now, days);
                let met = calendar_only_people(&reads, &people, zone, now, days);
                people.extend(met);
                sort_people(&mut people);
                let n = people.len();
                let at = keep.and_then(|k| {
                    let key = crate::domain::person::key(k);
                    people
                        .iter()
                        .position(|p| crate::domain::person::key(&p.name) == key)
                });
                self.people.people = people;
                match at {
                    Some(i) => self.people.list.select(Some(i)),
                    None => clamp_selection(&mut self.people.list, n),
                }
                self.load_person_page();
            }
            Err(e) => self.report(&e),
        }
        match self.store.reports() {
            Ok(reports) => self.people.reports = reports,
            Err(e) => self.report(&e),
        }
        match crate::app::coaching::report_coverage(
            &self.store,
            &self.settings,
            &self.config,
            zone,
            now,
        ) {
            Ok(c) => self.people.coverage = c,
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
            self.people.agenda.clear();
            self.people.delegations.clear();
            return;
        };
        match crate::app::coaching::agenda_for(&self.store, &person, self.day) {
            Ok(agenda) => self.people.agenda = agenda.map(|(_, items)| items).unwrap_or_default(),
            Err(e) => self.report(&e),
        }
        match self.store.list_delegations(Some(&person)) {
            Ok(d) => self.people.delegations = d,
            Err(e) => self.report(&e),
        }
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
            (Action::AgendaDone, Some(name)) => match self.people.agenda.first().cloned() {
                Some(item) => match self.store.mark_agenda_done(&item.id, self.clock.now()) {
                    Ok(()) => {
                        self.set_status(strings::agenda_item_done(&item.text));
                        self.load_person_page();
                    }
                    Err(e) => self.report(&e),
                },
                None => self.set_status(strings::agenda_empty(&name)),
            },
            (Action::NewDelegation, Some(name)) => {
                let fields = [
                    (strings::FIELD_TASK, strings::HINT_TASK, String::new()),
                    (strings::FIELD_DONE, strings::HINT_DONE, String::new()),
                    (
                        strings::FIELD_AUTHORITY,
                        strings::HINT_AUTHORITY,
                        String::new(),
                    ),
                    (
                        strings::FIELD_CHECK_IN,
                        strings::HINT_CHECK_IN,
                        String::new(),
                    ),
                    (strings::FIELD_DUE, strings::HINT_DUE, String::new()),
                ];
                self.form = Some(Form::new(
                    strings::delegate_title(&name),
                    FormPurpose::NewDelegation(name),
                    &fields,
                    &self.theme,
                ));
            }
            (Action::CloseDelegation, Some(name)) => {
                let first = self.people.open_delegations().next().map(|d| d.id);
                match first {
                    Some(first) => {
                        let fields = [
                            (
                                strings::FIELD_DELEGATION,
                                strings::HINT_DELEGATION,
                                first.to_string(),
                            ),
                            (strings::FIELD_HOW, strings::HINT_HOW, "done".to_string()),
                        ];
                        self.form = Some(Form::new(
                            strings::close_delegation_title(&name),
                            FormPurpose::CloseDelegation(name),
                            &fields,
                            &self.theme,
                        ));
                    }
                    None => self.set_status(strings::no_open_delegations(&name)),
                }
            }
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
                | Action::ToggleReport
                | Action::AgendaDone
                | Action::NewDelegation
                | Action::CloseDelegation,
                None,
            ) => self.set_status(strings::NOBODY_SELECTED),
            _ => return false,
        }
        true
    }

    /// Saves the rename, merge and address forms.
    pub(super) fn submit_people_form(&mut self, form: &Form) -> Submitted {
        let value = form.value(0);
        if crate::domain::person::is_blank(&value) {
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
        // A renamed or merged person is followed to their new name.
        let now_called = match &form.purpose {
            FormPurpose::LinkAddress(name) => name.clone(),
            _ => crate::domain::person::clean(&value).to_string(),
        };
        self.reload_people_on(Some(&now_called));
        Ok(done)
    }
}

impl App {
    /// Opens the new-conversation form over People, with `person` filled in: its fields
    /// in the order of [`NewField`].
    pub(super) fn new_conversation_form(&mut self, person: &str) {
        let named = {
            let ctx = super::app::ctx!(self);
            super::screens::conversations::new_form(person, &ctx)
        };
        let fields: Vec<(&'static str, &'static str, String)> = named
            .fields
            .iter()
            .map(|f| (f.label, f.hint, f.input.lines().join(" ")))
            .collect();
        let mut form = Form::new(
            named.title,
            FormPurpose::NewConversation,
            &fields,
            &self.theme,
        );
        if !person.is_empty() {
            form.next(&self.theme);
        }
        self.form = Some(form);
    }

    /// Notes the conversation of the new-conversation form, then shows it for writing.
    pub(super) fn submit_conversation_form(&mut self, form: &Form) -> Submitted {
        use super::screens::conversations::{NewField, add_from};
        let mut ctx = super::app::ctx!(self);
        let noted = add_from(|f: NewField| form.value(f as usize), &mut ctx)
            .map_err(|e| FieldError::new(e.field as usize, e.message));
        let (changed, mut requests) = (ctx.changed, ctx.requests);
        if let Ok(c) = &noted {
            requests.push(super::context::Request::OpenConversation {
                id: c.id,
                noted: true,
            });
        }
        self.apply_changes(changed, requests);
        noted.map(|_| String::new())
    }

    /// Saves the delegation forms of the People screen.
    pub(super) fn submit_delegation_form(&mut self, form: &Form) -> Submitted {
        use crate::domain::coaching::{DelegationError, DelegationStatus, check_delegation};
        let now = self.now().naive_local();
        let today = self.day;
        let done = match &form.purpose {
            FormPurpose::NewDelegation(name) => {
                let day = |i: usize| -> Result<Option<chrono::NaiveDate>, FieldError> {
                    let text = form.value(i);
                    if text.trim().is_empty() {
                        return Ok(None);
                    }
                    crate::domain::time::read_date(&text, now)
                        .map(Some)
                        .map_err(|e| FieldError::new(i, e.to_string()))
                };
                let (task, done) = (form.value(0), form.value(1));
                let (check_in, due) = (day(3)?, day(4)?);
                check_delegation(&task, &done, check_in, due, today).map_err(|e| {
                    let field = match e {
                        DelegationError::NoTask => 0,
                        DelegationError::NoDone => 1,
                        DelegationError::CheckInPast(_)
                        | DelegationError::CheckInAfterDue { .. } => 3,
                    };
                    FieldError::new(field, e.to_string())
                })?;
                let authority = form.value(2);
                self.store
                    .insert_delegation(&crate::store::NewDelegation {
                        person: name,
                        task: &task,
                        done_looks_like: &done,
                        authority: &authority,
                        check_in_on: check_in,
                        due_on: due,
                        since: today,
                    })
                    .map(|d| strings::delegated(&d.task, &d.person))
                    .map_err(|e| FieldError::new(0, crate::describe(&e)))?
            }
            FormPurpose::CloseDelegation(_) => {
                let id: i64 = form
                    .value(0)
                    .trim()
                    .trim_start_matches('#')
                    .parse()
                    .map_err(|_| FieldError::new(0, strings::NOT_A_DELEGATION))?;
                if !self.people.open_delegations().any(|d| d.id == id) {
                    return Err(FieldError::new(0, strings::NOT_A_DELEGATION));
                }
                let how = match form.value(1).trim().to_lowercase().as_str() {
                    "done" | "d" => DelegationStatus::Done,
                    "dropped" | "drop" => DelegationStatus::Dropped,
                    _ => return Err(FieldError::new(1, strings::DONE_OR_DROPPED)),
                };
                self.store
                    .close_delegation(id, how, today)
                    .map(|d| strings::delegation_closed(&d.task, how.as_str()))
                    .map_err(|e| FieldError::new(0, crate::describe(&e)))?
            }
            _ => return Ok(String::new()),
        };
        self.load_person_page();
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
    // Inside the borders, after the selection mark.
    let width = usize::from(list_area.width.saturating_sub(4));
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
            let flag = match state.coverage_of(&p.name) {
                Some(c) if c.cancelled_this_week => {
                    Span::styled(format!(" · {}", strings::FLAG_CANCELLED), theme.error)
                }
                Some(c) if c.low => Span::styled(format!(" · {}", strings::FLAG_LOW), theme.error),
                _ => Span::raw(""),
            };
            let report = if p.report {
                Span::styled(format!(" · {}", strings::REPORT_MARK), theme.accent)
            } else {
                Span::raw("")
            };
            ListItem::new(vec![
                fit_line(
                    Line::from(vec![mark, Span::raw(p.name.clone()), report, calendar]),
                    width,
                ),
                fit_line(
                    Line::from(vec![
                        Span::styled(format!("  {}", since(p)), theme.muted),
                        flag,
                    ]),
                    width,
                ),
            ])
        })
        .collect();
    render_list(items, outer, state.list, true, theme, (list_area, buf));

    let Some(p) = state.list.selected().and_then(|i| state.people.get(i)) else {
        return;
    };
    let width = usize::from(page.width.saturating_sub(4));
    let day = |d: chrono::NaiveDate| d.format("%a %-d %b %Y").to_string();
    let coverage = state.coverage_of(&p.name);
    let mut head = vec![Span::styled(p.name.clone(), theme.accent)];
    if state.reports.contains(&p.name) {
        head.push(Span::styled(
            format!(" · {}", strings::DIRECT_REPORT),
            theme.accent,
        ));
    }
    // The facts wrap (each matters); the lists below are one line per item.
    let mut facts = vec![
        Line::from(head),
        Line::raw(strings::last_checkin(
            &p.last_checkin
                .map_or(strings::NEVER_CHECKED_IN.to_string(), |d| {
                    format!("{} ({})", day(d), since(p))
                }),
        )),
    ];
    if coverage.is_none() {
        // A report's 1:1 figures below say this and more.
        facts.push(Line::raw(strings::last_one_on_one(
            &p.last_one_on_one
                .map_or(strings::NONE_FOUND.to_string(), day),
        )));
    }
    facts.push(Line::raw(strings::last_conversation(
        &p.last_conversation
            .as_ref()
            .map_or(strings::NONE.to_string(), |c| {
                format!("{} ({})", c.topic, c.day.format("%-d %b %Y"))
            }),
    )));
    facts.push(Line::raw(strings::followups_and_mentions(
        p.open_followups,
        p.mentions,
    )));
    if let Some(c) = coverage {
        let zone = app.zone();
        let at = |t: Option<chrono::DateTime<chrono::Utc>>| {
            t.map(|t| super::ui::time_label(t, zone, app.day))
                .unwrap_or_else(|| strings::NONE_FOUND.to_string())
        };
        let o = &c.one_on_ones;
        facts.push(Line::raw(strings::coverage_line(
            &at(o.last),
            &at(o.next),
            o.minutes_per_week,
        )));
        facts.push(Line::raw(strings::coverage_line_2(
            o.cancelled,
            &o.gap_words(),
        )));
        if c.cancelled_this_week {
            facts.push(Line::styled(strings::FLAG_CANCELLED_LONG, theme.error));
        }
        if c.low {
            facts.push(Line::styled(
                strings::flag_low_long(app.config.people.min_one_on_one_minutes),
                theme.error,
            ));
        }
        if c.stay_interview_due {
            facts.push(Line::styled(strings::STAY_INTERVIEW_DUE, theme.accent));
        } else {
            facts.push(Line::raw(strings::STAY_HELD));
        }
    } else {
        facts.push(Line::raw(if p.stay_interview {
            strings::STAY_HELD
        } else {
            strings::STAY_NOT_HELD
        }));
    }
    let mut lines: Vec<Line> = Vec::new();
    if !state.agenda.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(strings::AGENDA_HEADING, theme.accent));
        for i in &state.agenda {
            lines.push(Line::raw(format!("  • {}", i.text)));
        }
    }
    let open: Vec<_> = state.open_delegations().collect();
    if !open.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(strings::DELEGATIONS_HEADING, theme.accent));
        for d in open {
            let check = d
                .check_in_on
                .map(|c| format!(" · check in {}", super::ui::day_label(c, app.day)))
                .unwrap_or_default();
            lines.push(Line::raw(format!("  #{} {}{check}", d.id, d.task)));
            lines.push(Line::styled(
                format!("     {}", strings::done_looks_like(&d.done_looks_like)),
                theme.muted,
            ));
        }
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
    let mut text: Vec<Line> = super::text::wrap_lines(facts, width);
    text.extend(lines.into_iter().map(|l| fit_line(l, width)));
    let hint = app.keys.hint(
        Table::People,
        &[
            Action::NewConversation,
            Action::RenamePerson,
            Action::MergePerson,
            Action::LinkAddress,
            Action::ToggleReport,
            Action::AgendaDone,
            Action::NewDelegation,
            Action::CloseDelegation,
        ],
    );
    Paragraph::new(text)
        .block(panel("", &fit_hint(&hint, width), theme, false).padding(Padding::horizontal(1)))
        .render(page, buf);
}
