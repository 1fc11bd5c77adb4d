//! The frame around every screen: tab bar, status line, overlays, and the too-small notice.
//! Render functions only read state.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};

use super::action::Action;
use super::app::{App, Focus, Overlay, Screen};
use super::keymap::Table;
use super::text::ellipsize;
use super::{keymap, strings};
use crate::domain::dates;

/// The smallest terminal bearing draws its interface in.
pub const MIN_WIDTH: u16 = 50;
/// The smallest terminal height bearing draws its interface in.
pub const MIN_HEIGHT: u16 = 14;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            render_too_small(area, buf);
            return;
        }
        let [tabs, body, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        render_tabs(self, tabs, buf);
        self.hits.clear();
        self.shown().render(&self.view(), body, buf);
        render_status(self, status, buf);
        if self.overlay == Some(Overlay::Help) {
            render_help(self, body, buf);
        }
    }
}

/// The keys a form shows on its border.
pub fn form_hint(keys: &super::keymap::Keymap) -> String {
    keys.hint(
        Table::Form,
        &[Action::Save, Action::NextField, Action::CancelForm],
    )
}

fn render_too_small(area: Rect, buf: &mut Buffer) {
    let lines = vec![
        Line::raw(strings::TOO_SMALL),
        Line::raw(strings::need_size(MIN_WIDTH, MIN_HEIGHT)),
        Line::raw(strings::have_size(area.width, area.height)),
    ];
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    let area = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .alignment(Alignment::Center)
        .render(area, buf);
}

/// Where each tab is on the top row `width` columns wide: (screen, first column, its
/// label). Every title when they fit, with a space either side, else with one space
/// between them (so all eight fit 80 columns, with the date); else the current one and
/// numbers for the rest. The mouse finds a tab by the same layout the row is drawn with.
pub fn tab_layout(app: &App, width: u16) -> Vec<(Screen, u16, String)> {
    let start = strings::APP_NAME.chars().count() + 3;
    let titles = |padding: usize| -> usize {
        Screen::ALL
            .iter()
            .map(|s| s.title().chars().count() + padding)
            .sum()
    };
    // One space between titles: the first needs none after the badge's gap.
    let padding = [2, 1]
        .into_iter()
        .find(|p| start + titles(*p) - (2 - p) <= usize::from(width));
    let mut x = start as u16;
    Screen::ALL
        .into_iter()
        .map(|screen| {
            let label = match padding {
                Some(2) => format!(" {} ", screen.title()),
                Some(_) if screen.index() == 0 => screen.title().to_string(),
                Some(_) => format!(" {}", screen.title()),
                None if screen == app.screen => format!(" {} ", screen.title()),
                None => format!(" {} ", screen.index() + 1),
            };
            let at = x;
            x += label.chars().count() as u16;
            (screen, at, label)
        })
        .collect()
}

/// The tab at column `x` of the top row, if one is there.
pub fn tab_at(app: &App, width: u16, x: u16) -> Option<Screen> {
    tab_layout(app, width)
        .into_iter()
        .find(|(_, at, label)| x >= *at && x < at + label.chars().count() as u16)
        .map(|(screen, _, _)| screen)
}

fn render_tabs(app: &App, area: Rect, buf: &mut Buffer) {
    let mut spans = vec![
        Span::styled(format!(" {} ", strings::APP_NAME), app.theme.badge),
        Span::raw(" "),
    ];
    for (screen, _, label) in tab_layout(app, area.width) {
        let style = if screen == app.screen {
            app.theme.accent.underlined()
        } else {
            app.theme.muted
        };
        spans.push(Span::styled(label, style));
    }
    let tabs = Line::from(spans);
    // The date takes what room the tabs leave: long, short, or not at all.
    let room = usize::from(area.width).saturating_sub(tabs.width() + 1);
    let date = [dates::LONG_DAY_COMMA, dates::DAY, dates::DATE]
        .iter()
        .map(|f| format!("{} ", app.day.format(f)))
        .chain([String::new()])
        .find(|d| d.chars().count() <= room)
        .unwrap_or_default();
    tabs.render(area, buf);
    Line::from(Span::styled(date, app.theme.accent))
        .alignment(Alignment::Right)
        .render(area, buf);
}

fn render_status(app: &App, area: Rect, buf: &mut Buffer) {
    let table = keymap::table_for(app);
    let (badge, hint) = match app.focus() {
        Focus::Form => (
            strings::MODE_FORM,
            app.keys.hint(table, &[Action::Save, Action::CancelForm]),
        ),
        Focus::Writing => (
            strings::MODE_EDITING,
            app.keys.hint(table, &[Action::ToggleHelp, Action::Back]),
        ),
        Focus::Searching => (
            strings::MODE_SEARCH,
            app.keys.hint(table, &[Action::ToggleHelp, Action::Back]),
        ),
        Focus::Browsing | Focus::Overlay => (
            strings::MODE_NORMAL,
            app.keys
                .hint(Table::Global, &[Action::ToggleHelp, Action::Quit]),
        ),
    };
    let mut spans = vec![
        Span::styled(format!(" {badge} "), app.theme.badge),
        Span::raw(" "),
    ];
    let room = usize::from(area.width).saturating_sub(badge.chars().count() + 3);
    if let Some(status) = &app.status {
        let style = if status.is_error {
            app.theme.error
        } else {
            Style::default()
        };
        spans.push(Span::styled(ellipsize(&status.text, room), style));
    }
    let line = Line::from(spans);
    // How the journal sync stands leads the hint: both give way to the message.
    let hint = match app.journal_sync.note() {
        Some(note) => format!("{note} · {hint}"),
        None => hint,
    };
    // The message matters more than the reminder of the help key: drop the hint when
    // both do not fit.
    let hint_width = hint.chars().count() + 1;
    if line.width() + hint_width <= area.width as usize {
        Line::from(Span::styled(hint, app.theme.muted))
            .alignment(Alignment::Right)
            .render(area, buf);
    }
    line.render(area, buf);
}

/// Draws a screen's heading `left` on `row` and, right-aligned in the room it leaves,
/// `hint` (fitted to that room): a hint never writes over a letter of the heading.
pub fn heading_with_hint(left: Line<'_>, hint: &str, row: Rect, style: Style, buf: &mut Buffer) {
    let left_width = left.width() as u16;
    left.render(row, buf);
    let room = row.width.saturating_sub(left_width + 2);
    Line::styled(
        format!(
            "{} ",
            super::text::fit_hint(hint, usize::from(room.saturating_sub(1)))
        ),
        style,
    )
    .alignment(Alignment::Right)
    .render(
        Rect {
            x: row.right() - room,
            width: room,
            ..row
        },
        buf,
    );
}

/// A day as the screens write it: "Tue 1 Dec", with the year when it is not `today`'s
/// ("Tue 2 Dec 2025" would otherwise read as this week).
pub fn day_label(day: chrono::NaiveDate, today: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let format = if day.year() == today.year() {
        dates::DAY
    } else {
        dates::DAY_YEAR
    };
    day.format(format).to_string()
}

/// A time as the screens write it: [`day_label`] and the time of day, in `zone`.
pub fn time_label(
    at: chrono::DateTime<chrono::Utc>,
    zone: chrono_tz::Tz,
    today: chrono::NaiveDate,
) -> String {
    let local = at.with_timezone(&zone);
    format!(
        "{} {}",
        day_label(local.date_naive(), today),
        local.format(dates::CLOCK)
    )
}

/// Keeps a list's selection within `len` items after the list was reloaded: the same
/// row if it still exists, else the last; none for an empty list.
pub fn clamp_selection(state: &mut ratatui::widgets::ListState, len: usize) {
    let i = state.selected().unwrap_or(0).min(len.saturating_sub(1));
    state.select((len > 0).then_some(i));
}

/// Moves a list's selection one row down or up, staying within `len` items. Returns
/// whether the selection changed.
pub fn step_selection(state: &mut ratatui::widgets::ListState, len: usize, down: bool) -> bool {
    if len == 0 {
        return false;
    }
    let i = state.selected().unwrap_or(0);
    let next = if down {
        (i + 1).min(len - 1)
    } else {
        i.saturating_sub(1)
    };
    state.select(Some(next));
    next != i
}

/// Draws `items` as a list in `block`, its selection marked while `focused` (an
/// unfocused list shows no selection).
pub fn render_list(
    items: Vec<ratatui::widgets::ListItem<'_>>,
    block: Block<'_>,
    state: ratatui::widgets::ListState,
    focused: bool,
    theme: &super::theme::Theme,
    (area, buf): (Rect, &mut Buffer),
) {
    render_list_in(items, block, state, focused, theme, None, (area, buf));
}

/// [`render_list`], recording where each row was drawn in `hits` (when given), so a
/// click can choose it.
pub fn render_list_in(
    items: Vec<ratatui::widgets::ListItem<'_>>,
    block: Block<'_>,
    state: ratatui::widgets::ListState,
    focused: bool,
    theme: &super::theme::Theme,
    hits: Option<&super::hits::Hits>,
    (area, buf): (Rect, &mut Buffer),
) {
    let mut state = state;
    if !focused {
        state.select(None);
    }
    let heights: Vec<u16> = items.iter().map(|i| i.height() as u16).collect();
    let inner = block.inner(area);
    ratatui::widgets::StatefulWidget::render(
        ratatui::widgets::List::new(items)
            .block(block)
            .highlight_style(theme.selection)
            .highlight_symbol("▌ "),
        area,
        buf,
        &mut state,
    );
    let Some(hits) = hits else { return };
    let mut y = inner.y;
    for (index, h) in heights.iter().enumerate().skip(state.offset()) {
        if y + h > inner.bottom() {
            break;
        }
        let row = Rect {
            y,
            height: *h,
            ..inner
        };
        let selected = state.selected();
        hits.add(row, super::hits::Hit::Row { index, selected });
        y += h;
    }
}

/// A rounded panel with a title, and a hint on its bottom border when given; its border
/// is the accent colour when `focused`.
pub fn panel(
    title: &str,
    hint: &str,
    theme: &super::theme::Theme,
    focused: bool,
) -> Block<'static> {
    let mut block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(if focused { theme.accent } else { theme.muted });
    if !title.is_empty() {
        block = block.title(Span::styled(format!(" {title} "), theme.accent));
    }
    if !hint.is_empty() {
        block = block.title_bottom(Line::styled(format!(" {hint} "), theme.muted).right_aligned());
    }
    block
}

/// A centred rectangle of at most `width`×`height` inside `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn render_help(app: &App, area: Rect, buf: &mut Buffer) {
    let sections = keymap::help_sections(app);
    let key_width = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|(k, _)| k.chars().count()))
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    for (title, rows) in sections {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(title, app.theme.accent));
        for (keys, what) in rows {
            lines.push(Line::from(vec![
                Span::raw(format!("  {keys:<key_width$}  ")),
                Span::styled(what, app.theme.muted),
            ]));
        }
    }
    let width = lines.iter().map(Line::width).max().unwrap_or(20) as u16 + 4;
    let popup = centered(area, width.max(40), lines.len() as u16 + 2);
    // Keep the last line at the bottom edge rather than scrolling into blank space.
    let visible = popup.height.saturating_sub(2);
    let scroll = app
        .help_scroll
        .min((lines.len() as u16).saturating_sub(visible));
    let more = if scroll + visible < lines.len() as u16 {
        format!(" {} ", strings::MORE_BELOW)
    } else {
        String::new()
    };
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .scroll((scroll, 0))
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .title(format!(" {} ", strings::HELP_TITLE))
                .title_bottom(Line::styled(
                    format!(
                        " {} ",
                        app.keys
                            .hint(Table::Help, &[Action::ScrollHelpDown, Action::CloseOverlay])
                    ),
                    app.theme.muted,
                ))
                .title_bottom(Line::styled(more, app.theme.accent).right_aligned())
                .border_style(app.theme.accent),
        )
        .render(popup, buf);
}

/// A question in a small window, drawn with `theme`: the question, then the keys that
/// answer it, the window as tall as the question needs (the keys always show).
pub fn render_question_in(
    theme: &super::theme::Theme,
    area: Rect,
    buf: &mut Buffer,
    question: &str,
    keys: &str,
) {
    const WIDTH: u16 = 60;
    let inner = usize::from(WIDTH.min(area.width).saturating_sub(2)).max(1);
    let lines = textwrap::wrap(question, inner).len() + textwrap::wrap(keys, inner).len();
    let popup = centered(area, WIDTH, u16::try_from(lines + 2).unwrap_or(u16::MAX));
    Clear.render(popup, buf);
    Paragraph::new(vec![Line::raw(question), Line::styled(keys, theme.accent)])
        .wrap(Wrap { trim: true })
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(theme.error),
        )
        .render(popup, buf);
}

/// When the imported calendars were last read, or that a refresh is under way or failed,
/// as a span for a screen's title row (nothing without calendars), as of the last update.
pub fn calendars_span_in(view: &super::context::View<'_>) -> Option<ratatui::text::Span<'static>> {
    calendars_note_span(view.calendars, view.zone, view.now.date_naive(), view.theme)
}

fn calendars_note_span(
    cals: &super::app::CalendarsState,
    zone: chrono_tz::Tz,
    today: chrono::NaiveDate,
    theme: &super::theme::Theme,
) -> Option<ratatui::text::Span<'static>> {
    if cals.list.is_empty() {
        return None;
    }
    let failed = cals
        .list
        .iter()
        .find(|c| c.last_error.is_some())
        .map(|c| c.name.as_str());
    let oldest = cals
        .list
        .iter()
        .filter_map(|c| c.refreshed_at)
        .min()
        .map(|t| {
            let t = t.with_timezone(&zone);
            if t.date_naive() == today {
                t.format(dates::CLOCK).to_string()
            } else {
                t.format(dates::DAY_TIME).to_string()
            }
        });
    let text =
        super::strings::calendars_note(oldest.as_deref(), !cals.refreshing.is_empty(), failed)?;
    let style = if failed.is_some() && cals.refreshing.is_empty() {
        theme.error
    } else {
        theme.muted
    };
    Some(ratatui::text::Span::styled(format!("  {text}"), style))
}
