//! The Today screen: the date, the prompt of the day, today's entries and the editor.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{
    Block, BorderType, List, ListItem, Paragraph, StatefulWidget, Widget, Wrap,
};

use super::app::{App, Mode};
use super::strings;
use super::theme::Theme;
use crate::domain::Entry;
use crate::domain::block::OccurrenceStatus;
use crate::domain::conversation::FollowUp;

/// Wide terminals show entries and editor side by side; narrower ones stack them.
const SIDE_BY_SIDE_WIDTH: u16 = 100;

/// Draws the Today screen into `area`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let prompt_height = prompt_height(app, area.width);
    // Today's blocks get a strip of their own, only when there are any.
    // Today's agenda gets a strip of its own, only when there is something on it.
    let agenda = agenda_lines(app);
    let agenda_height = match agenda.len() {
        0 => 0,
        n => n.min(4) as u16 + 2,
    };
    let [prompt, agenda_area, rest] = Layout::vertical([
        Constraint::Length(prompt_height),
        Constraint::Length(agenda_height),
        Constraint::Fill(1),
    ])
    .areas(area);
    render_prompt(app, prompt, buf);
    if agenda_height > 0 {
        render_agenda(app, agenda, agenda_area, buf);
    }
    let (entries, editor) = if area.width >= SIDE_BY_SIDE_WIDTH {
        let [l, r] = Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
            .areas(rest);
        (l, r)
    } else {
        // The pane in use gets the larger share.
        let (top, bottom) = match app.mode {
            Mode::Normal => (3, 2),
            Mode::Editing => (1, 2),
        };
        let [t, b] =
            Layout::vertical([Constraint::Fill(top), Constraint::Fill(bottom)]).areas(rest);
        (t, b)
    };
    render_entries(app, entries, buf);
    render_editor(app, editor, buf);
}

fn prompt_height(app: &App, width: u16) -> u16 {
    let (_, text) = app.current_prompt();
    let inner = width.saturating_sub(4).max(1) as usize;
    let lines = textwrap::wrap(text, inner).len().clamp(1, 3);
    lines as u16 + 2
}

fn render_prompt(app: &App, area: Rect, buf: &mut Buffer) {
    let (n, text) = app.current_prompt();
    let title = format!(" {} · {n}/{} ", strings::PROMPT_TITLE, app.prompts.len());
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(app.theme.muted)
                .title(Span::styled(title, app.theme.accent))
                .title_bottom(
                    Line::styled(" n another · p previous ", app.theme.muted).right_aligned(),
                )
                .padding(ratatui::widgets::Padding::horizontal(1)),
        )
        .render(area, buf);
}

/// Today's leadership blocks, conversations planned for today, and follow-ups due or late.
fn agenda_lines(app: &App) -> Vec<Line<'static>> {
    let zone = app.zone();
    let theme = &app.theme;
    let mut lines: Vec<Line<'static>> = app
        .today
        .blocks
        .iter()
        .map(|o| {
            let status = match o.status {
                OccurrenceStatus::Planned => String::new(),
                s => format!(" ({})", s.label()),
            };
            Line::from(vec![
                Span::styled(
                    format!(
                        "{}–{} ",
                        o.start.with_timezone(&zone).format("%H:%M"),
                        o.end.with_timezone(&zone).format("%H:%M")
                    ),
                    theme.accent,
                ),
                Span::raw(o.title.clone()),
                Span::styled(status, theme.muted),
            ])
        })
        .collect();
    if app.today.review_missing.is_some() {
        lines.push(Line::styled(strings::REVIEW_MISSING, theme.accent));
    }
    for c in &app.today.conversations {
        let line = match c.follow_up(app.today.day) {
            FollowUp::Due => Line::from(vec![
                Span::styled(strings::FOLLOW_UP_DUE, theme.accent),
                Span::raw(format!(" with {}: {}", c.person, c.topic)),
            ]),
            FollowUp::Overdue(days) => Line::from(vec![
                Span::styled(strings::follow_up_late(days), theme.error),
                Span::raw(format!(" with {}: {}", c.person, c.topic)),
            ]),
            _ => Line::from(vec![
                Span::styled(
                    c.planned_at
                        .map(|t| t.with_timezone(&zone).format("%H:%M ").to_string())
                        .unwrap_or_default(),
                    theme.accent,
                ),
                Span::raw(format!("Conversation with {}: {}", c.person, c.topic)),
            ]),
        };
        lines.push(line);
    }
    lines
}

fn render_agenda(app: &App, lines: Vec<Line<'static>>, area: Rect, buf: &mut Buffer) {
    let shown = (area.height.saturating_sub(2)) as usize;
    let total = lines.len();
    let mut lines = lines;
    if total > shown && shown > 0 {
        lines.truncate(shown - 1);
        lines.push(Line::styled(
            format!("… {} more", total - shown + 1),
            app.theme.muted,
        ));
    }
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(app.theme.muted)
                .title(Span::styled(
                    format!(" {} ", strings::AGENDA_TITLE),
                    app.theme.accent,
                ))
                .title_bottom(
                    Line::styled(" 2 week · bearing convo list ", app.theme.muted).right_aligned(),
                )
                .padding(ratatui::widgets::Padding::horizontal(1)),
        )
        .render(area, buf);
}

fn render_entries(app: &App, area: Rect, buf: &mut Buffer) {
    let entries = &app.today.entries;
    let count = match entries.len() {
        1 => "1 entry".to_string(),
        n => format!("{n} entries"),
    };
    let focused = app.mode == Mode::Normal;
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(if focused {
            app.theme.accent
        } else {
            app.theme.muted
        })
        .title(Span::styled(
            format!(" {} · {count} ", strings::ENTRIES_TITLE),
            app.theme.accent,
        ));
    if entries.is_empty() {
        Paragraph::new(Span::styled(strings::NO_ENTRIES, app.theme.muted))
            .wrap(Wrap { trim: true })
            .block(block.padding(ratatui::widgets::Padding::horizontal(1)))
            .render(area, buf);
        return;
    }
    let width = block.inner(area).width.saturating_sub(2).max(1) as usize;
    let items: Vec<ListItem> = entries
        .iter()
        .map(|e| entry_item(e, width, &app.theme))
        .collect();
    let list = List::new(items)
        .block(block)
        .highlight_style(app.theme.selection)
        .highlight_symbol("▌ ");
    let mut state = app.today.list;
    StatefulWidget::render(list, area, buf, &mut state);
}

/// One entry as a list item: a heading line (time, kind) and the wrapped body.
fn entry_item<'a>(entry: &'a Entry, width: usize, theme: &Theme) -> ListItem<'a> {
    let mut lines = vec![Line::from(vec![
        Span::styled(entry.at.format("%H:%M").to_string(), theme.accent),
        Span::styled(format!(" · {}", entry.kind.label()), theme.muted),
    ])];
    for paragraph in entry.body.lines() {
        for piece in textwrap::wrap(paragraph, width) {
            lines.push(highlight_marks(piece.into_owned(), theme));
        }
    }
    ListItem::new(Text::from(lines))
}

/// Colours `#tags` and `@people` in a line of text.
fn highlight_marks(line: String, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    let mut plain = String::new();
    for word in line.split_inclusive(' ') {
        let style = match word.chars().next() {
            Some('#') if word.chars().nth(1).is_some_and(char::is_alphanumeric) => Some(theme.tag),
            Some('@') if word.chars().nth(1).is_some_and(char::is_alphanumeric) => {
                Some(theme.person)
            }
            _ => None,
        };
        match style {
            Some(style) => {
                if !plain.is_empty() {
                    spans.push(Span::raw(std::mem::take(&mut plain)));
                }
                spans.push(Span::styled(word.to_string(), style));
            }
            None => plain.push_str(word),
        }
    }
    if !plain.is_empty() {
        spans.push(Span::raw(plain));
    }
    Line::from(spans)
}

fn render_editor(app: &App, area: Rect, buf: &mut Buffer) {
    let editing = app.mode == Mode::Editing;
    let hint = if editing {
        strings::EDITOR_HINT_EDITING
    } else {
        strings::EDITOR_HINT_NORMAL
    };
    let saved = app
        .today
        .draft_saved_at
        .filter(|_| !app.today.editor.is_empty())
        .map(|t| format!(" draft saved {} ", t.format("%H:%M:%S")))
        .unwrap_or_default();
    let block = Block::bordered()
        .border_type(if editing {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(if editing {
            app.theme.accent
        } else {
            app.theme.muted
        })
        .title(Span::styled(
            format!(" {} · {} ", strings::EDITOR_TITLE, app.today.kind.as_str()),
            app.theme.accent,
        ))
        .title(Line::styled(format!(" {hint} "), app.theme.muted).right_aligned())
        .title_bottom(Line::styled(saved, app.theme.muted).right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    app.today.editor.render(inner, buf);
}
