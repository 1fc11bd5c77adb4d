//! The People screen: everyone you lead, nudges first (no check-in for too long, the
//! quietest first), and the selected person's page.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, BorderType, List, ListItem, ListState, Paragraph, StatefulWidget, Widget, Wrap,
};

use super::action::Action;
use super::app::App;
use super::strings;
use super::ui::{clamp_selection, panel, step_selection};
use crate::domain::Entry;
use crate::domain::conversation::Conversation;
use crate::service::{PersonSummary, people_summaries};
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
}

impl App {
    /// Loads everyone and the selected person's page.
    pub(super) fn reload_people(&mut self) {
        match people_summaries(
            &self.store,
            self.zone(),
            self.now(),
            self.config.people.checkin_days,
        ) {
            Ok(people) => {
                let n = people.len();
                self.people.people = people;
                clamp_selection(&mut self.people.list, n);
                self.load_person_page();
            }
            Err(e) => self.set_error(crate::describe(&e)),
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
            (Err(e), _) | (_, Err(e)) => self.set_error(crate::describe(&e)),
        }
    }

    /// Applies a People screen action; false if `action` is not one.
    pub(super) fn apply_people(&mut self, action: &Action) -> bool {
        let down = match action {
            Action::CursorDown => true,
            Action::CursorUp => false,
            _ => return false,
        };
        if step_selection(&mut self.people.list, self.people.people.len(), down) {
            self.load_person_page();
        }
        true
    }
}

fn since(p: &PersonSummary) -> String {
    match p.days_since_checkin {
        None => strings::NEVER_CHECKED_IN.to_string(),
        Some(0) => "checked in today".into(),
        Some(d) => format!("{d} days since a check-in"),
    }
}

/// Draws the People screen.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let state = &app.people;
    let [list_area, page] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(area);
    let hint = format!("→ no check-in for {}+ days", app.config.people.checkin_days);
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
            ListItem::new(vec![
                Line::from(vec![mark, Span::raw(p.name.clone())]),
                Line::styled(format!("  {}", since(p)), theme.muted),
            ])
        })
        .collect();
    let mut list_state = state.list;
    StatefulWidget::render(
        List::new(items)
            .block(outer)
            .highlight_style(theme.selection)
            .highlight_symbol("▌"),
        list_area,
        buf,
        &mut list_state,
    );

    let Some(p) = state.list.selected().and_then(|i| state.people.get(i)) else {
        return;
    };
    let mut lines = vec![
        Line::styled(p.name.clone(), theme.accent),
        Line::raw(format!(
            "Last check-in: {}",
            p.last_checkin
                .map_or(strings::NEVER_CHECKED_IN.to_string(), |d| format!(
                    "{} ({})",
                    d.format("%a %-d %b %Y"),
                    since(p)
                ))
        )),
        Line::raw(format!(
            "Last 1:1 on the calendar: {}",
            p.last_one_on_one.map_or("none found".to_string(), |d| d
                .format("%a %-d %b %Y")
                .to_string())
        )),
        Line::raw(format!(
            "Last conversation: {}",
            p.last_conversation
                .as_ref()
                .map_or("none".to_string(), |c| format!(
                    "{} ({})",
                    c.topic,
                    c.day.format("%-d %b %Y")
                ))
        )),
        Line::raw(format!(
            "Open follow-ups: {} · mentioned {}",
            p.open_followups,
            crate::domain::words::count(p.mentions, "time", "times")
        )),
        Line::raw(if p.stay_interview {
            strings::STAY_HELD
        } else {
            strings::STAY_NOT_HELD
        }),
    ];
    if !state.conversations.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Conversations", theme.accent));
        for c in &state.conversations {
            let day = c
                .day()
                .map(|d| d.format("%-d %b %Y").to_string())
                .unwrap_or_else(|| "no date".into());
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
        lines.push(Line::styled("Recent reflections", theme.accent));
        for e in &state.mentions {
            let first = e.body.lines().next().unwrap_or_default();
            lines.push(Line::from(vec![
                Span::styled(format!("  {} ", e.day.format("%-d %b")), theme.muted),
                Span::raw(first.to_string()),
            ]));
        }
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(theme.muted)
                .padding(ratatui::widgets::Padding::horizontal(1)),
        )
        .render(page, buf);
}
