//! How the Today screen looks: the prompt, what is planned today, today's entries and
//! the editor (the draft, or an entry edited in place), and a question over them.

use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Padding, Paragraph, Widget, Wrap};

use super::state::{Editing, TodayState};
use crate::domain::block::OccurrenceStatus;
use crate::domain::conversation::FollowUp;
use crate::domain::event::EventOccurrence;
use crate::domain::meeting::is_one_on_one;
use crate::domain::{Entry, dates};
use crate::tui::action::Action;
use crate::tui::app::Screen;
use crate::tui::context::View;
use crate::tui::keymap::Table;
use crate::tui::strings;
use crate::tui::text::{fit_line, highlight_marks, wrap};
use crate::tui::theme::Theme;
use crate::tui::ui::{self, panel};

/// Wide terminals show entries and editor side by side; narrower ones stack them.
const SIDE_BY_SIDE_WIDTH: u16 = 100;

/// Rows the editor keeps while writing, however small the terminal (borders included).
const EDITOR_MIN_ROWS: u16 = 6;

/// Draws the Today screen into `area`.
pub fn render(state: &TodayState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let writing = state.writing();
    let agenda = agenda_lines(state, view);
    let side_by_side = area.width >= SIDE_BY_SIDE_WIDTH;
    // While writing, the editor keeps its rows first: the prompt and the agenda give way.
    let needed = if writing && !side_by_side {
        EDITOR_MIN_ROWS + 3
    } else if writing {
        EDITOR_MIN_ROWS
    } else {
        3
    };
    let mut prompt_height = prompt_height(state, view, area.width);
    let mut agenda_height = match agenda.len() {
        0 => 0,
        n => (n as u16).min((area.height / 4).max(4)) + 2,
    };
    if area.height < prompt_height + agenda_height + needed {
        agenda_height = 0;
    }
    if area.height < prompt_height + needed {
        prompt_height = if area.height >= 3 + needed { 3 } else { 0 };
    }
    let [prompt, agenda_area, rest] = Layout::vertical([
        Constraint::Length(prompt_height),
        Constraint::Length(agenda_height),
        Constraint::Fill(1),
    ])
    .areas(area);
    if prompt_height > 0 {
        render_prompt(state, view, prompt, buf);
    }
    if agenda_height > 0 {
        render_agenda(view, agenda, agenda_area, buf);
    }
    let (entries, editor) = if side_by_side {
        let [l, r] = Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
            .areas(rest);
        (l, r)
    } else if writing {
        let [t, b] =
            Layout::vertical([Constraint::Fill(1), Constraint::Min(EDITOR_MIN_ROWS)]).areas(rest);
        let [t, b] = if t.height < 3 {
            // No room for a list worth reading: the editor takes it all.
            [Rect { height: 0, ..t }, rest]
        } else {
            [t, b]
        };
        (t, b)
    } else {
        let [t, b] = Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(rest);
        (t, b)
    };
    if entries.height > 0 {
        render_entries(state, view, entries, buf);
    }
    render_editor(state, view, editor, buf);
    render_question(state, view, area, buf);
}

fn prompt_height(state: &TodayState, view: &View<'_>, width: u16) -> u16 {
    let (_, text) = state.prompt(view.today);
    let inner = width.saturating_sub(4).max(1) as usize;
    let lines = wrap(&text, inner).len().clamp(1, 3);
    let reason = u16::from(state.prompt_reason().is_some());
    lines as u16 + 2 + reason
}

fn render_prompt(state: &TodayState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let (n, text) = state.prompt(view.today);
    let title = if n == 0 {
        format!(
            "{} · {}",
            strings::PROMPT_TITLE,
            strings::PROMPT_FOR_THIS_WEEK
        )
    } else {
        format!("{} · {n}/{}", strings::PROMPT_TITLE, state.prompts.len())
    };
    let hint = view
        .keys
        .hint(Table::Today, &[Action::NextPrompt, Action::PreviousPrompt]);
    let inner_width = usize::from(area.width.saturating_sub(4));
    let reason = state.prompt_reason();
    let rows =
        usize::from(area.height.saturating_sub(2)).saturating_sub(usize::from(reason.is_some()));
    let mut lines: Vec<Line> = wrap(&text, inner_width)
        .into_iter()
        .map(Line::raw)
        .collect();
    if lines.len() > rows && rows > 0 {
        let rest = lines[rows - 1..]
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        lines.truncate(rows - 1);
        lines.push(fit_line(Line::raw(rest), inner_width));
    }
    if let Some(reason) = reason {
        lines.push(fit_line(
            Line::styled(reason.to_string(), view.theme.muted),
            inner_width,
        ));
    }
    Paragraph::new(lines)
        .block(panel(&title, &hint, view.theme, false).padding(Padding::horizontal(1)))
        .render(area, buf);
}

/// A time range as `09:00–10:30`, in the user's zone.
fn span_of(view: &View<'_>, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let zone = view.zone;
    format!(
        "{}–{} ",
        start.with_timezone(&zone).format(dates::CLOCK),
        end.with_timezone(&zone).format(dates::CLOCK)
    )
}

/// What is planned today: 1:1s first, then leadership blocks, other meetings,
/// conversations planned for today, follow-ups due or late, and a missing review.
fn agenda_lines(state: &TodayState, view: &View<'_>) -> Vec<Line<'static>> {
    let theme = view.theme;
    let event_line = |e: &EventOccurrence| {
        let when = if e.all_day {
            format!("{} ", strings::ALL_DAY)
        } else {
            span_of(view, e.start, e.end)
        };
        // Cancelled: struck through where it would have been; declined or free: quiet,
        // after the meetings you attend.
        let title = if e.cancelled {
            theme
                .muted
                .add_modifier(ratatui::style::Modifier::CROSSED_OUT)
        } else if e.attendance.counts() {
            ratatui::style::Style::default()
        } else {
            theme.muted
        };
        let mut spans = vec![
            Span::styled(when, theme.accent),
            Span::styled(e.title.to_string(), title),
        ];
        if let Some(mark) = e.plan_mark() {
            spans.push(Span::styled(format!(" ({mark})"), theme.muted));
        }
        spans.push(Span::styled(format!(" ({})", e.calendar), theme.muted));
        Line::from(spans)
    };
    let (one_on_ones, others): (Vec<_>, Vec<_>) = state
        .events
        .iter()
        .partition(|e| e.attendance.counts() && is_one_on_one((*e).into()));
    let mut lines: Vec<Line<'static>> = Vec::new();
    for e in one_on_ones {
        lines.push(event_line(e));
        // What to raise with whoever the 1:1 is with.
        for a in state.agendas.iter().filter(|a| a.meetings.contains(&e.uid)) {
            for i in &a.items {
                lines.push(Line::styled(
                    strings::agenda_line(&a.person, &i.text),
                    theme.muted,
                ));
            }
        }
    }
    lines.extend(state.blocks.iter().map(|o| {
        let status = match o.status {
            OccurrenceStatus::Planned => String::new(),
            s => format!(" ({})", s.label()),
        };
        Line::from(vec![
            Span::styled(
                span_of(view, o.start.to_utc(), o.end.to_utc()),
                theme.accent,
            ),
            Span::raw(o.title.clone()),
            Span::styled(status, theme.muted),
        ])
    }));
    lines.extend(others.into_iter().map(event_line));
    let zone = view.zone;
    for c in &state.conversations {
        let line = match c.follow_up(view.today) {
            FollowUp::Due => Line::from(vec![
                Span::styled(strings::FOLLOW_UP_DUE, theme.accent),
                Span::raw(strings::with_topic(&c.person, &c.topic)),
            ]),
            FollowUp::Overdue(days) => Line::from(vec![
                Span::styled(strings::follow_up_late(days), theme.error),
                Span::raw(strings::with_topic(&c.person, &c.topic)),
            ]),
            _ => Line::from(vec![
                Span::styled(
                    c.planned_at
                        .map(|t| format!("{} ", t.with_timezone(&zone).format(dates::CLOCK)))
                        .unwrap_or_default(),
                    theme.accent,
                ),
                Span::raw(strings::conversation_with(&c.person, &c.topic)),
            ]),
        };
        lines.push(line);
    }
    if state.review_missing.is_some() {
        let review = view.keys.key(Table::Today, &Action::WriteMissingReview);
        lines.push(Line::styled(strings::review_missing(&review), theme.accent));
    }
    lines
}

fn render_agenda(view: &View<'_>, lines: Vec<Line<'static>>, area: Rect, buf: &mut Buffer) {
    let shown = (area.height.saturating_sub(2)) as usize;
    let width = usize::from(area.width.saturating_sub(4));
    let total = lines.len();
    let mut lines: Vec<Line> = lines.into_iter().map(|l| fit_line(l, width)).collect();
    if total > shown && shown > 0 {
        lines.truncate(shown - 1);
        lines.push(Line::styled(
            strings::more(total - shown + 1),
            view.theme.muted,
        ));
    }
    let hint = view.keys.hint(
        Table::Global,
        &[
            Action::ShowScreen(Screen::Week),
            Action::ShowScreen(Screen::Conversations),
        ],
    );
    Paragraph::new(lines)
        .block(
            panel(strings::AGENDA_TITLE, &hint, view.theme, false).padding(Padding::horizontal(1)),
        )
        .render(area, buf);
}

/// One entry as lines: a heading (time, kind) and the wrapped body.
fn entry_lines(entry: &Entry, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled(entry.at.format(dates::CLOCK).to_string(), theme.accent),
        Span::styled(format!(" · {}", entry.kind.label()), theme.muted),
    ])];
    lines.extend(
        wrap(&entry.body, width)
            .iter()
            .map(|l| highlight_marks(l, theme)),
    );
    lines
}

/// Rows of the first `lines` logical lines of `body` once wrapped at `width`.
fn rows_of_first_lines(body: &str, lines: usize, width: usize) -> usize {
    body.lines()
        .take(lines)
        .map(|l| wrap(l, width).len().max(1))
        .sum()
}

fn render_entries(state: &TodayState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let entries = &state.entries;
    let count = strings::entries(entries.len());
    let focused = !state.writing();
    let title = format!("{} · {count}", strings::ENTRIES_TITLE);
    let hint = if focused && !entries.is_empty() {
        view.keys
            .hint(Table::Today, &[Action::OpenItem, Action::DeleteItem])
    } else {
        String::new()
    };
    let block = panel(&title, &hint, view.theme, focused);
    if entries.is_empty() {
        Paragraph::new(Span::styled(
            strings::no_entries(&view.keys.key(Table::Today, &Action::StartWriting)),
            view.theme.muted,
        ))
        .wrap(Wrap { trim: true })
        .block(block.padding(Padding::horizontal(1)))
        .render(area, buf);
        return;
    }
    let inner = block.inner(area);
    block.render(area, buf);
    let width = usize::from(inner.width.saturating_sub(2)).max(1);
    let visible = usize::from(inner.height);
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_start = 0;
    for (i, e) in entries.iter().enumerate() {
        let selected = state.selected == Some(i);
        if selected {
            selected_start = lines.len();
        }
        for line in entry_lines(e, width, view.theme) {
            let (mark, line) = if selected {
                (
                    Span::styled("▌ ", view.theme.accent),
                    line.patch_style(view.theme.selection),
                )
            } else {
                (Span::raw("  "), line)
            };
            let mut spans = vec![mark];
            spans.extend(line.spans);
            lines.push(Line::from(spans).style(line.style));
        }
    }
    // The selected entry starts at the top (scrolled within when tall), unless the rest
    // fits below: then the entries above it fill the panel.
    // Scrolled past: the heading, then the first `scroll` lines of the body.
    let scrolled = state
        .selected_entry()
        .filter(|_| state.scroll > 0)
        .map_or(0, |e| 1 + rows_of_first_lines(&e.body, state.scroll, width));
    let top = if state.scroll == 0 {
        selected_start.min(lines.len().saturating_sub(visible))
    } else {
        (selected_start + scrolled).min(lines.len().saturating_sub(1))
    };
    let more_below = lines.len() > top + visible;
    let shown: Vec<Line> = lines.into_iter().skip(top).take(visible).collect();
    Paragraph::new(shown).render(inner, buf);
    if more_below {
        let hint = view.keys.hint(
            Table::Today,
            &[Action::ScrollPreviewDown, Action::ScrollPreviewUp],
        );
        let text = format!(" {} · {hint} ", strings::MORE_BELOW);
        let x = area.right().saturating_sub(text.chars().count() as u16 + 1);
        buf.set_stringn(
            x.max(area.x),
            area.bottom().saturating_sub(1),
            text,
            usize::from(area.width),
            view.theme.muted,
        );
    }
}

fn render_editor(state: &TodayState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let theme = view.theme;
    let (editor, title, table) = match state.entry_edit() {
        Some(edit) => {
            let at = state
                .entries
                .iter()
                .find(|e| e.id == edit.id())
                .map(|e| {
                    format!(
                        "{} {}",
                        e.at.with_timezone(&view.zone).format(dates::CLOCK),
                        e.kind.label()
                    )
                })
                .unwrap_or_default();
            (&edit.editor, strings::editing_title(&at), Table::Entry)
        }
        None => (
            &state.draft,
            format!("{} · {}", strings::EDITOR_TITLE, state.kind.as_str()),
            Table::Writing,
        ),
    };
    let writing = state.writing();
    let hint = if writing {
        view.keys.hint(table, &[Action::Save, Action::Back])
    } else {
        view.keys.hint(Table::Today, &[Action::StartWriting])
    };
    let saved = editor
        .saved_at
        .filter(|_| !editor.is_empty())
        .map(|t| strings::draft_saved(&t.format(dates::CLOCK_SECONDS).to_string()))
        .unwrap_or_default();
    let border = if writing { theme.accent } else { theme.muted };
    let width = usize::from(area.width.saturating_sub(4));
    let title = fit_line(
        Line::raw(title),
        width.saturating_sub(hint.chars().count() + 4),
    );
    let mut block = Block::bordered()
        .border_type(if writing {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(border)
        .title(Span::styled(format!(" {title} "), theme.accent));
    if title.width() + hint.chars().count() + 6 <= usize::from(area.width) {
        block = block.title(Line::styled(format!(" {hint} "), theme.muted).right_aligned());
    }
    if !saved.is_empty() {
        block = block.title_bottom(Line::styled(format!(" {saved} "), theme.muted).right_aligned());
    }
    let inner = block.inner(area);
    block.render(area, buf);
    editor.render(inner, buf);
}

/// The question asked, over the screen: discard the draft, or delete an entry.
fn render_question(state: &TodayState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let question = match state.editing {
        Editing::ConfirmDiscard => strings::CONFIRM_DISCARD.to_string(),
        Editing::ConfirmDelete(id) => match state.entries.iter().find(|e| e.id == id) {
            Some(e) => {
                strings::delete_entry_at(e.kind.label(), &e.at.format(dates::CLOCK).to_string())
            }
            None => strings::delete_item(strings::ITEM, "?"),
        },
        _ => return,
    };
    let keys = view
        .keys
        .hint(Table::Confirm, &[Action::Confirm, Action::CloseOverlay]);
    ui::render_question_in(view.theme, area, buf, &question, &keys);
}
