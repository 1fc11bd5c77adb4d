//! How the People screen looks: everyone on the left, nudges marked; the selected
//! person's page on the right (facts, then agenda, delegations, conversations and
//! mentions); a form over both when one is open.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{ListItem, Padding, Paragraph, Widget, Wrap};

use super::state::{Editing, PeopleState};
use crate::app::coaching::ReportCoverage;
use crate::app::people::PersonSummary;
use crate::domain::dates;
use crate::tui::action::Action;
use crate::tui::app::Screen;
use crate::tui::context::View;
use crate::tui::keymap::Table;
use crate::tui::strings;
use crate::tui::text::{fit_hint, fit_line, wrap_lines};
use crate::tui::ui::{self, panel};

/// Draws the People screen, and its form over it when one is open.
pub fn render(state: &PeopleState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let [list_area, page] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(area);
    render_people(state, view, list_area, buf);
    if let Some(p) = state.selected() {
        render_page(state, view, p, page, buf);
    }
    let hint = ui::form_hint(view.keys);
    let theme = view.theme;
    match &state.editing {
        Editing::Nothing => {}
        Editing::Rename { form, .. }
        | Editing::Merge { form, .. }
        | Editing::Link { form, .. }
        | Editing::AddAgenda { form, .. } => {
            form.render(area, buf, theme, &hint);
        }
        Editing::Delegate { form, .. } => form.render(area, buf, theme, &hint),
        Editing::Close(form) => form.render(area, buf, theme, &hint),
        Editing::NewConversation(form) => form.render(area, buf, theme, &hint),
    }
}

fn since(p: &PersonSummary) -> String {
    match p.days_since_checkin {
        None => strings::NEVER_CHECKED_IN.to_string(),
        Some(0) => strings::CHECKED_IN_TODAY.into(),
        Some(d) => strings::days_since_checkin(d),
    }
}

/// The list of everyone, two lines each: the name with its marks, then the last check-in
/// with a report's flag.
fn render_people(state: &PeopleState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let theme = view.theme;
    let hint = strings::nudge_hint(state.checkin_days);
    let outer = panel(strings::PEOPLE_TITLE, &hint, theme, true);
    if state.people.is_empty() {
        let key = |screen| view.keys.key(Table::Global, &Action::ShowScreen(screen));
        let text = strings::nobody_yet(&key(Screen::Today), &key(Screen::Conversations));
        Paragraph::new(Line::styled(text, theme.muted))
            .wrap(Wrap { trim: true })
            .block(outer)
            .render(area, buf);
        return;
    }
    // Inside the borders, after the selection mark.
    let width = usize::from(area.width.saturating_sub(4));
    let mark = |on: bool, text: &str, style| {
        if on {
            Span::styled(format!(" · {text}"), style)
        } else {
            Span::raw("")
        }
    };
    let items: Vec<ListItem> = state
        .people
        .iter()
        .map(|p| {
            let nudge = if p.nudge {
                Span::styled("→ ", theme.error)
            } else {
                Span::raw("  ")
            };
            let calendar = mark(p.calendar_only, strings::FROM_CALENDAR, theme.muted);
            let flag = match state.coverage_of(&p.name) {
                Some(c) if c.cancelled_this_week => {
                    mark(true, strings::FLAG_CANCELLED, theme.error)
                }
                Some(c) if c.low => mark(true, strings::FLAG_LOW, theme.error),
                _ => Span::raw(""),
            };
            let report = mark(p.report, strings::REPORT_MARK, theme.accent);
            ListItem::new(vec![
                fit_line(
                    Line::from(vec![nudge, Span::raw(p.name.clone()), report, calendar]),
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
    ui::render_list_in(
        items,
        outer,
        state.list,
        true,
        theme,
        Some(view.hits),
        (area, buf),
    );
}

/// The selected person's page: the facts wrap (each matters); the lists below are one
/// line per item.
fn render_page(
    state: &PeopleState,
    view: &View<'_>,
    p: &PersonSummary,
    area: Rect,
    buf: &mut Buffer,
) {
    let width = usize::from(area.width.saturating_sub(4));
    let mut text: Vec<Line> = wrap_lines(facts(state, view, p), width);
    text.extend(
        sections(state, view, p)
            .into_iter()
            .map(|l| fit_line(l, width)),
    );
    let hint = view.keys.hint(
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
        .block(
            panel("", &fit_hint(&hint, width), view.theme, false).padding(Padding::horizontal(1)),
        )
        .render(area, buf);
}

fn day(d: chrono::NaiveDate) -> String {
    d.format(dates::DAY_YEAR).to_string()
}

/// Who they are and how you keep in touch: check-ins, 1:1s, conversations, follow-ups,
/// mentions, stay interviews.
fn facts(state: &PeopleState, view: &View<'_>, p: &PersonSummary) -> Vec<Line<'static>> {
    let theme = view.theme;
    let coverage = state.coverage_of(&p.name);
    let mut head = vec![Span::styled(p.name.clone(), theme.accent)];
    if state.reports.contains(&p.name) {
        head.push(Span::styled(
            format!(" · {}", strings::DIRECT_REPORT),
            theme.accent,
        ));
    }
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
                format!("{} ({})", c.topic, c.day.format(dates::DATE_YEAR))
            }),
    )));
    facts.push(Line::raw(strings::followups_and_mentions(
        p.open_followups,
        p.mentions,
    )));
    match coverage {
        Some(c) => facts.extend(one_on_ones(state, view, c)),
        None => facts.push(Line::raw(if p.stay_interview {
            strings::STAY_HELD
        } else {
            strings::STAY_NOT_HELD
        })),
    }
    facts
}

/// A direct report's 1:1s: last and next, minutes a week, what went wrong, the flags,
/// and the stay interview.
fn one_on_ones(state: &PeopleState, view: &View<'_>, c: &ReportCoverage) -> Vec<Line<'static>> {
    let theme = view.theme;
    let at = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| ui::time_label(t, view.zone, view.today))
            .unwrap_or_else(|| strings::NONE_FOUND.to_string())
    };
    let o = &c.one_on_ones;
    let mut lines = vec![
        Line::raw(strings::coverage_line(
            &at(o.last),
            &at(o.next),
            o.minutes_per_week,
        )),
        Line::raw(strings::coverage_line_2(o.cancelled, &o.gap_words())),
    ];
    if c.cancelled_this_week {
        lines.push(Line::styled(strings::FLAG_CANCELLED_LONG, theme.error));
    }
    if c.low {
        lines.push(Line::styled(
            strings::flag_low_long(state.min_one_on_one_minutes),
            theme.error,
        ));
    }
    lines.push(if c.stay_interview_due {
        Line::styled(strings::STAY_INTERVIEW_DUE, theme.accent)
    } else {
        Line::raw(strings::STAY_HELD)
    });
    lines
}

/// The lists under the facts: agenda, open delegations, where they were met, addresses,
/// conversations, recent reflections.
fn sections(state: &PeopleState, view: &View<'_>, p: &PersonSummary) -> Vec<Line<'static>> {
    let theme = view.theme;
    let mut lines: Vec<Line> = Vec::new();
    let heading = |lines: &mut Vec<Line>, title: &'static str| {
        lines.push(Line::raw(""));
        lines.push(Line::styled(title, theme.accent));
    };
    if !state.agenda.is_empty() {
        heading(&mut lines, strings::AGENDA_HEADING);
        for i in &state.agenda {
            lines.push(Line::raw(format!("  • {}", i.text)));
        }
    }
    let open: Vec<_> = state.open_delegations().collect();
    if !open.is_empty() {
        heading(&mut lines, strings::DELEGATIONS_HEADING);
        for d in open {
            let check = d
                .check_in_on
                .map(|c| format!(" · check in {}", ui::day_label(c, view.today)))
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
        heading(&mut lines, strings::CONVERSATIONS_TITLE);
        for c in &state.conversations {
            let day = c
                .day()
                .map(|d| d.format(dates::DATE_YEAR).to_string())
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
        heading(&mut lines, strings::RECENT_REFLECTIONS);
        for e in &state.mentions {
            let first = e.body.lines().next().unwrap_or_default();
            lines.push(Line::from(vec![
                Span::styled(format!("  {} ", e.day.format(dates::DATE)), theme.muted),
                Span::raw(first.to_string()),
            ]));
        }
    }
    lines
}
