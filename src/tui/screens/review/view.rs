//! How the Review screen looks: what the week held on the left (the split and its trend,
//! blocks, direct reports, delegations, conversations, entries), the questions with
//! their answers on the right.

use chrono::Duration;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget, Wrap};

use super::state::{Editing, ReviewState};
use crate::app::reviews::WeekSummary;
use crate::domain::block::OccurrenceStatus;
use crate::domain::dates;
use crate::domain::hours;
use crate::domain::review::QUESTIONS;
use crate::tui::action::Action;
use crate::tui::context::View;
use crate::tui::keymap::Table;
use crate::tui::strings;
use crate::tui::text::ellipsize;
use crate::tui::ui::{self, panel};

/// Draws the Review screen into `area`.
pub fn render(state: &ReviewState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let [summary, questions] = if area.width >= 100 {
        Layout::horizontal([Constraint::Percentage(45), Constraint::Fill(1)]).areas(area)
    } else {
        Layout::horizontal([Constraint::Percentage(42), Constraint::Fill(1)]).areas(area)
    };
    render_summary(state, view, summary, buf);
    render_questions(state, view, questions, buf);
}

fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "–".to_string(), |s| format!("{}%", hours::percent(s)))
}

fn render_summary(state: &ReviewState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let week = state.week.unwrap_or(view.today);
    let title = strings::review_week_title(
        &week.format(dates::DATE).to_string(),
        &(week + Duration::days(6))
            .format(dates::DATE_YEAR)
            .to_string(),
    );
    let block = panel(
        &title,
        &view.keys.hint(
            Table::Review,
            &[Action::PreviousWeek, Action::NextWeek, Action::ThisWeek],
        ),
        view.theme,
        state.editing == Editing::Reading,
    );
    let Some(s) = &state.summary else {
        Paragraph::new(strings::AUDIT_LOADING)
            .block(block)
            .render(area, buf);
        return;
    };
    let mut lines = split_lines(s, view);
    lines.push(Line::raw(""));
    lines.extend(block_lines(s, view));
    if !s.reports.is_empty() {
        lines.push(Line::raw(""));
        lines.extend(report_lines(s, view));
    }
    if !s.delegations.is_empty() {
        lines.push(Line::raw(""));
        lines.extend(delegation_lines(s, view));
    }
    lines.push(Line::raw(""));
    lines.extend(conversation_lines(s, view));
    lines.push(Line::raw(""));
    // One row each, cut to the panel's width, so a busy week still shows many.
    let room = usize::from(area.width.saturating_sub(4 + 6)).max(1);
    lines.extend(entry_lines(s, view, room));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(block.padding(ratatui::widgets::Padding::horizontal(1)))
        .render(area, buf);
}

fn heading(text: &str, view: &View<'_>) -> Line<'static> {
    Line::styled(text.to_string(), view.theme.accent)
}

/// The week's managing and leading split against the target, and the trend before it.
fn split_lines(s: &WeekSummary, view: &View<'_>) -> Vec<Line<'static>> {
    let r = &s.report;
    let target = strings::target(
        hours::percent(r.target.managing),
        hours::percent(r.target.leading),
    );
    vec![
        heading(strings::REVIEW_SPLIT, view),
        match r.leading_share {
            Some(l) => Line::raw(format!(
                "  {} · {} ({target})",
                strings::managing_percent(100 - hours::percent(l)),
                strings::leading_percent(hours::percent(l))
            )),
            None => Line::styled(format!("  {}", strings::REVIEW_NO_HOURS), view.theme.muted),
        },
        Line::from(vec![
            Span::styled(format!("  {} ", strings::TREND), view.theme.muted),
            Span::raw(
                s.trend
                    .iter()
                    .map(|(_, share)| percent(*share))
                    .collect::<Vec<_>>()
                    .join(" → "),
            ),
        ]),
    ]
}

/// The week's blocks: how many were kept, which meetings invaded them, each occurrence.
fn block_lines(s: &WeekSummary, view: &View<'_>) -> Vec<Line<'static>> {
    let theme = view.theme;
    let zone = view.zone;
    let r = &s.report;
    let mut lines = vec![
        heading(strings::REVIEW_BLOCKS, view),
        Line::raw(format!("  {}", strings::block_counts(&r.blocks))),
    ];
    for i in &r.invasions {
        lines.push(Line::styled(
            strings::invaded(
                &i.meeting,
                &i.block,
                &i.block_start
                    .with_timezone(&zone)
                    .format(dates::WEEKDAY_CLOCK)
                    .to_string(),
            ),
            theme.error,
        ));
    }
    for o in &s.blocks {
        let status = match o.status {
            OccurrenceStatus::Planned => String::new(),
            other => other.label().to_string(),
        };
        let reason = o
            .reason
            .as_deref()
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "  {} ",
                    o.start.with_timezone(&zone).format(dates::WEEKDAY_CLOCK)
                ),
                theme.muted,
            ),
            Span::raw(o.title.clone()),
            Span::styled(format!(" {status}{reason}"), theme.muted),
        ]));
    }
    lines
}

/// How the direct reports' 1:1s are kept, the worrying ones marked.
fn report_lines(s: &WeekSummary, view: &View<'_>) -> Vec<Line<'static>> {
    let mut lines = vec![heading(strings::REVIEW_REPORTS, view)];
    for r in &s.reports {
        let o = &r.one_on_ones;
        let mut line = strings::review_report(&r.name, o.minutes_per_week, o.cancelled);
        if r.cancelled_this_week {
            line.push_str(strings::REVIEW_FLAG_CANCELLED);
        }
        if r.low {
            line.push_str(strings::REVIEW_FLAG_LOW);
        }
        let style = if r.cancelled_this_week || r.low {
            view.theme.error
        } else {
            Style::default()
        };
        lines.push(Line::styled(format!("  {line}"), style));
    }
    lines
}

/// The delegations still open, with what done looks like.
fn delegation_lines(s: &WeekSummary, view: &View<'_>) -> Vec<Line<'static>> {
    let mut lines = vec![heading(strings::REVIEW_DELEGATIONS, view)];
    for d in &s.delegations {
        lines.push(Line::raw(format!(
            "  {}",
            strings::review_delegation(&d.task, &d.person, &d.done_looks_like)
        )));
    }
    lines
}

/// Conversations held this week and follow-ups due.
fn conversation_lines(s: &WeekSummary, view: &View<'_>) -> Vec<Line<'static>> {
    let mut lines = vec![heading(strings::REVIEW_CONVERSATIONS, view)];
    if s.held.is_empty() && s.due.is_empty() {
        lines.push(Line::styled(
            format!("  {}", strings::REVIEW_NO_CONVERSATIONS),
            view.theme.muted,
        ));
    }
    for c in &s.held {
        lines.push(Line::raw(format!(
            "  {}",
            strings::held_with(&c.topic, &c.person)
        )));
    }
    for c in &s.due {
        let on = c
            .followup_on
            .map(|d| ui::day_label(d, view.today))
            .unwrap_or_default();
        lines.push(Line::raw(format!(
            "  {}",
            strings::follow_up_with(&on, &c.topic, &c.person)
        )));
    }
    lines
}

/// The week's entries, one row each cut to `room` characters.
fn entry_lines(s: &WeekSummary, view: &View<'_>, room: usize) -> Vec<Line<'static>> {
    let notes = s
        .entries
        .iter()
        .filter(|e| e.kind == crate::domain::EntryKind::Note)
        .count();
    let mut lines = vec![heading(
        &strings::review_entries(s.entries.len() - notes, notes),
        view,
    )];
    for e in &s.entries {
        let first = crate::domain::history::first_line(&e.body);
        let shown = ellipsize(first, room);
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {} ", e.day.format(dates::WEEKDAY)),
                view.theme.muted,
            ),
            Span::raw(shown),
        ]));
    }
    lines
}

fn render_questions(state: &ReviewState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let theme = view.theme;
    let Some(answers) = &state.answers else {
        return;
    };
    let n = answers.field_count().max(1);
    let areas = Layout::vertical(vec![Constraint::Fill(1); n]).split(area);
    let saved = answers
        .saved_at
        .map(|t| strings::saved_at(&t.format(dates::CLOCK_SECONDS).to_string()))
        .unwrap_or_default();
    let answering = state.editing == Editing::Answering;
    for (i, question) in QUESTIONS.iter().enumerate().take(n) {
        let Some(&rect) = areas.get(i) else { break };
        let focused = i == answers.focus();
        let editing = focused && answering;
        let width = usize::from(rect.width.saturating_sub(4));
        let mut block = Block::bordered()
            .border_type(if editing {
                BorderType::Thick
            } else {
                BorderType::Rounded
            })
            .border_style(if focused { theme.accent } else { theme.muted })
            .title(Span::styled(
                format!(" {} ", ellipsize(question, width)),
                theme.accent,
            ));
        if i + 1 == n {
            let hint = if answering {
                view.keys
                    .hint(Table::Answering, &[Action::NextField, Action::Back])
            } else {
                view.keys.hint(Table::Review, &[Action::StartWriting])
            };
            let text = if saved.is_empty() {
                format!(" {hint} ")
            } else {
                format!(" {saved} · {hint} ")
            };
            block = block.title_bottom(Line::styled(text, theme.muted).right_aligned());
        }
        let inner = block.inner(rect);
        block.render(rect, buf);
        answers.render_field(i, inner, buf);
    }
}
