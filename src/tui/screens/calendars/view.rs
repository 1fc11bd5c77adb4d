//! How the Calendars screen looks: the list of every calendar, grouped (files and links,
//! then each account), one line each with its role, what it holds and when it was read;
//! under it, while blocks are published, the blocks list ([`super::blocks_view`]); the
//! details of what is selected in the list that has the keys beside them (below them on
//! a narrow terminal); the question over all when one is open. Times are told from the
//! view's "now".

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    List, ListItem, ListState, Padding, Paragraph, StatefulWidget, Widget, Wrap,
};
use unicode_width::UnicodeWidthStr;

use super::blocks_view;
use super::state::{CalendarRow, CalendarsScreenState, Editing, Origin, Pane, Settle};
use crate::app::accounts::Role;
use crate::tui::action::Action;
use crate::tui::context::View;
use crate::tui::hits::Hit;
use crate::tui::keymap::Table;
use crate::tui::refresh::Refreshed;
use crate::tui::strings;
use crate::tui::text::{ellipsize, fit_line, wrap_lines};
use crate::tui::ui::{self, panel};

/// From this width the details stand beside the lists; below it, under them.
const SIDE_BY_SIDE: u16 = 120;
/// The fewest rows the details take under the lists.
const DETAILS_HEIGHT: u16 = 9;
/// The fewest rows a list takes (its borders and one row).
const LIST_HEIGHT: u16 = 3;
/// The width of the role column (`blocks`, `unused`).
const ROLE_WIDTH: usize = 6;
/// The width of the events column (`1,234 events`).
const EVENTS_WIDTH: usize = 11;

/// A list's lines, each with the index of the row it shows (none for a heading).
pub(super) type Items<'a> = Vec<(ListItem<'a>, Option<usize>)>;

/// Draws the Calendars screen, and the question over it when one is open.
pub fn render(state: &CalendarsScreenState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    if area.width < 4 || area.height < 3 {
        return;
    }
    if state.is_empty() {
        render_empty(view, area, buf);
        return;
    }
    let side_by_side = area.width >= SIDE_BY_SIDE;
    let [beside, details_beside] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
    let width = if side_by_side {
        beside.width
    } else {
        area.width
    };
    let items = items(state, view, width);
    let blocks = state
        .has_blocks()
        .then(|| blocks_view::items(state, view, width));
    let (lists, details_area) = if side_by_side {
        (beside, details_beside)
    } else {
        let wanted = items.len() as u16 + 2 + blocks.as_ref().map_or(0, |b| b.len() as u16 + 2);
        let height = wanted
            .min(area.height.saturating_sub(DETAILS_HEIGHT))
            .max(LIST_HEIGHT);
        let [l, d] =
            Layout::vertical([Constraint::Length(height), Constraint::Fill(1)]).areas(area);
        (l, d)
    };
    match blocks {
        Some(blocks) => {
            let wanted = (items.len() as u16 + 2, blocks.len() as u16 + 2);
            let calendars_height = split(lists.height, wanted, state.pane, side_by_side);
            let [c, b] =
                Layout::vertical([Constraint::Length(calendars_height), Constraint::Fill(1)])
                    .areas(lists);
            render_list(state, view, items, c, buf);
            blocks_view::render_list(state, view, blocks, b, buf);
        }
        None => render_list(state, view, items, lists, buf),
    }
    match state.pane {
        Pane::Calendars => render_details(state, view, details_area, buf),
        Pane::Blocks => blocks_view::render_details(state, view, details_area, buf),
    }
    let question = match &state.editing {
        Editing::Nothing => return,
        Editing::ConfirmRole(change) => {
            strings::confirm_stop_reading(&change.calendar, change.role, change.events)
        }
        Editing::ConfirmSettle(Settle::Resolve { block, keep, .. }) => {
            strings::confirm_resolve(block, *keep == crate::app::accounts::publish::Keep::Theirs)
        }
        Editing::ConfirmSettle(Settle::Publish { block, stop, .. }) => {
            strings::confirm_publish(block, *stop)
        }
    };
    let keys = view
        .keys
        .hint(Table::Confirm, &[Action::Confirm, Action::CloseOverlay]);
    ui::render_question_in(view.theme, area, buf, &question, &keys);
}

/// The height of the calendars list in `height` rows it shares with the blocks list
/// (which takes the rest), each wanting `wanted`: whole when both fit; else the list
/// with the keys whole (as far as it can, leaving the other its smallest), or beside the
/// details at most half unless the blocks need less.
fn split(height: u16, wanted: (u16, u16), pane: Pane, side_by_side: bool) -> u16 {
    let (calendars, blocks) = wanted;
    if calendars + blocks <= height {
        return calendars;
    }
    let calendars = if side_by_side {
        calendars.min(height / 2).max(height.saturating_sub(blocks))
    } else {
        match pane {
            Pane::Calendars => calendars.min(height.saturating_sub(LIST_HEIGHT)),
            Pane::Blocks => height.saturating_sub(blocks).max(LIST_HEIGHT),
        }
    };
    calendars.min(height)
}

/// No calendar and no account: what they are for and how to add them.
fn render_empty(view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let lines: Vec<Line> = strings::CALENDARS_EMPTY
        .iter()
        .map(|l| {
            if l.starts_with("  ") {
                Line::styled(*l, view.theme.accent)
            } else {
                Line::raw(*l)
            }
        })
        .collect();
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(
            panel(strings::CALENDARS_TITLE, "", view.theme, true).padding(Padding::horizontal(1)),
        )
        .render(area, buf);
}

/// The calendars list's lines, each with the row it shows (none for a heading): a
/// heading per group, then its calendars.
fn items<'a>(state: &CalendarsScreenState, view: &View<'_>, width: u16) -> Items<'a> {
    // Inside the borders, after the selection mark.
    let width = usize::from(width.saturating_sub(4));
    let name_width = name_width(state, width);
    let theme = view.theme;
    let heading = |text: String| {
        (
            ListItem::new(fit_line(Line::styled(text, theme.accent), width)),
            None,
        )
    };
    let row = |i: usize, r: &CalendarRow| {
        (
            ListItem::new(fit_line(row_line(state, r, view, name_width), width)),
            Some(i),
        )
    };
    let mut out = Vec::new();
    let imported = |r: &&CalendarRow| matches!(r.origin, Origin::Imported { .. });
    if state.rows.iter().any(|r| imported(&r)) {
        out.push(heading(strings::FILES_AND_LINKS.to_string()));
    }
    out.extend(
        state
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| imported(r))
            .map(|(i, r)| row(i, r)),
    );
    for (a, account) in state.accounts.iter().enumerate() {
        out.push(heading(strings::account_heading(
            &account.name,
            &account.user,
            &account.server,
        )));
        let before = out.len();
        out.extend(
            state
                .rows
                .iter()
                .enumerate()
                .filter(
                    |(_, r)| matches!(r.origin, Origin::Account { account, .. } if account == a),
                )
                .map(|(i, r)| row(i, r)),
        );
        if out.len() == before {
            let none = Line::styled(
                format!("  {}", strings::NO_CALENDARS_ON_ACCOUNT),
                theme.muted,
            );
            out.push((ListItem::new(none), None));
        }
    }
    out
}

/// The width of the name column: the longest name, within what the other columns leave.
fn name_width(state: &CalendarsScreenState, width: usize) -> usize {
    let longest = state.rows.iter().map(|r| r.name.width()).max().unwrap_or(0);
    let room = width.saturating_sub(2 + ROLE_WIDTH + 2 + EVENTS_WIDTH + 2 + 16);
    longest.min(room.max(8)).max(4)
}

/// `text` cut or padded to `width` columns.
pub(super) fn pad(text: &str, width: usize) -> String {
    let cut = ellipsize(text, width);
    let fill = width.saturating_sub(cut.width());
    format!("{cut}{}", " ".repeat(fill))
}

/// One calendar's line: name, role, events, and its state.
fn row_line(
    state: &CalendarsScreenState,
    row: &CalendarRow,
    view: &View<'_>,
    name_width: usize,
) -> Line<'static> {
    let theme = view.theme;
    let events = match row.counts {
        Some(c) => strings::events(c.events),
        None if row.reads() => strings::events(0),
        None => strings::NOT_READ.to_string(),
    };
    let (said, style) = row_state(state, row, view);
    Line::from(vec![
        Span::raw(pad(&row.name, name_width)),
        Span::raw("  "),
        Span::styled(pad(row.role.as_str(), ROLE_WIDTH), theme.muted),
        Span::raw("  "),
        Span::raw(format!("{events:>EVENTS_WIDTH$}")),
        Span::raw("  "),
        Span::styled(said, style),
    ])
}

/// How long before the view's now `at` was, in words.
pub(super) fn ago(view: &View<'_>, at: chrono::DateTime<chrono::Utc>) -> String {
    strings::ago((view.now.to_utc() - at).num_minutes())
}

/// The answer about `row` of the last refresh, if it read it.
fn outcome<'v>(
    state: &CalendarsScreenState,
    row: &CalendarRow,
    view: &View<'v>,
) -> Option<&'v Refreshed> {
    view.calendars
        .outcomes
        .iter()
        .find(|o| row.is_read_by(o, &state.accounts))
}

/// A calendar's state in the list, and its style: being read, what the refresh asked
/// for here did, failed, or when it was read (nothing for one bearing does not read).
fn row_state(state: &CalendarsScreenState, row: &CalendarRow, view: &View<'_>) -> (String, Style) {
    let theme = view.theme;
    let refreshing = view.calendars.refreshing.iter().any(|n| row.answers_to(n));
    if refreshing && row.reads() {
        return (strings::REFRESHING.to_string(), theme.accent);
    }
    let when = row.read_at.map(|t| ago(view, t));
    if !row.reads() {
        return (String::new(), theme.muted);
    }
    if row.error.is_some() {
        return (strings::failed_row(when.as_deref()), theme.error);
    }
    if let Some(o) = outcome(state, row, view).filter(|o| o.error.is_none()) {
        let when = when.unwrap_or_else(|| strings::ago(0));
        return (strings::outcome_row(o.changed, &when), theme.accent);
    }
    let account = matches!(row.origin, Origin::Account { .. });
    match when {
        Some(w) if account => (strings::synced_ago(&w), theme.muted),
        Some(w) => (strings::read_ago(&w), theme.muted),
        None => (strings::NOT_READ_YET.to_string(), theme.muted),
    }
}

/// The calendars list in its panel.
fn render_list<'a>(
    state: &CalendarsScreenState,
    view: &View<'_>,
    items: Items<'a>,
    area: Rect,
    buf: &mut Buffer,
) {
    let mut actions = vec![Action::CycleCalendarRole, Action::RefreshCalendars];
    let focused = state.pane == Pane::Calendars;
    if !focused {
        actions.clear();
    }
    if state.has_blocks() {
        actions.extend([Action::CursorLeft, Action::CursorRight]);
    }
    let hint = view.keys.hint(Table::Calendars, &actions);
    let title = format!("{} · {}", strings::CALENDARS_TITLE, state.rows.len());
    let shown = Shown {
        title: &title,
        hint: &hint,
        focused,
    };
    render_rows(view, items, state.list.selected(), &shown, area, buf);
}

/// How a list's panel shows: its title, its keys, and whether it has the keys.
pub(super) struct Shown<'s> {
    /// The panel's title.
    pub title: &'s str,
    /// Its keys, on its bottom border.
    pub hint: &'s str,
    /// Whether it has the keys: only then is its selection drawn, and its rows
    /// recorded for a click.
    pub focused: bool,
}

/// A list in its panel, row `selected` of `items` highlighted while it has the keys;
/// each row's line is recorded for a click then.
pub(super) fn render_rows(
    view: &View<'_>,
    items: Items<'_>,
    selected: Option<usize>,
    shown: &Shown<'_>,
    area: Rect,
    buf: &mut Buffer,
) {
    let theme = view.theme;
    let block = panel(shown.title, shown.hint, theme, shown.focused);
    let inner = block.inner(area);
    let selected = selected.filter(|_| shown.focused);
    let mut list_state = ListState::default().with_selected(
        items
            .iter()
            .position(|(_, r)| r.is_some() && *r == selected),
    );
    let rows: Vec<Option<usize>> = items.iter().map(|(_, r)| *r).collect();
    StatefulWidget::render(
        List::new(items.into_iter().map(|(item, _)| item))
            .block(block)
            .highlight_style(theme.selection)
            .highlight_symbol("▌ ")
            .highlight_spacing(ratatui::widgets::HighlightSpacing::Always),
        area,
        buf,
        &mut list_state,
    );
    if !shown.focused {
        return;
    }
    for (y, row) in (inner.y..inner.bottom()).zip(rows.iter().skip(list_state.offset())) {
        if let Some(index) = row {
            let at = Rect {
                y,
                height: 1,
                ..inner
            };
            view.hits.add(
                at,
                Hit::Row {
                    index: *index,
                    selected,
                },
            );
        }
    }
}

/// A label and its value, for the details.
pub(super) fn fact(label: &str, value: String, style: Style, muted: Style) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label:<10} "), muted),
        Span::styled(value, style),
    ])
}

/// The selected calendar's details: where it comes from, its role, when it was read,
/// what it holds, why its last refresh failed; then how to connect an account, while
/// none is.
fn render_details(state: &CalendarsScreenState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let theme = view.theme;
    let width = usize::from(area.width.saturating_sub(4));
    let mut lines: Vec<Line> = Vec::new();
    if let Some(row) = state.selected() {
        lines.extend(details(state, row, view));
    }
    if state.accounts.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(strings::ADD_ACCOUNT, theme.muted));
    }
    let block = panel(strings::CALENDAR_DETAILS, "", theme, false);
    Paragraph::new(wrap_lines(lines, width))
        .block(block.padding(Padding::horizontal(1)))
        .render(area, buf);
}

/// The lines of `row`'s details.
fn details(state: &CalendarsScreenState, row: &CalendarRow, view: &View<'_>) -> Vec<Line<'static>> {
    let theme = view.theme;
    let plain = Style::default();
    let fact = |label: &str, value: String, style: Style| fact(label, value, style, theme.muted);
    let mut lines = vec![Line::styled(row.name.clone(), theme.accent)];
    match &row.origin {
        Origin::Imported {
            source,
            refreshable,
            ..
        } => {
            let source = if *refreshable {
                source.clone()
            } else {
                strings::FROM_STDIN.to_string()
            };
            lines.push(fact(strings::LABEL_SOURCE, source, plain));
            lines.push(fact(strings::LABEL_ROLE, strings::FILE_ROLE.into(), plain));
        }
        Origin::Account { account, href, .. } => {
            if let Some(a) = state.accounts.get(*account) {
                let who = strings::account_who(&a.name, &a.user, &a.server);
                lines.push(fact(strings::LABEL_ACCOUNT, who, plain));
            }
            lines.push(fact(strings::LABEL_PATH, href.clone(), plain));
            let role = strings::role_meaning(row.role).to_string();
            lines.push(fact(strings::LABEL_ROLE, role, plain));
        }
    }
    let read = match row.read_at {
        Some(t) => format!(
            "{} · {}",
            ui::time_label(t, view.zone, view.today),
            ago(view, t)
        ),
        None => strings::NEVER.to_string(),
    };
    lines.push(fact(strings::LABEL_LAST_READ, read, plain));
    let holds = match row.counts {
        Some(c) => strings::holds(c.events, c.series, c.occurrences),
        None if row.reads() => strings::HOLDS_NOTHING_YET.to_string(),
        None => strings::HOLDS_NOTHING.to_string(),
    };
    lines.push(fact(strings::LABEL_HOLDS, holds, plain));
    if matches!(row.role, Role::Blocks | Role::Both) {
        let n = state
            .publications
            .iter()
            .filter(|p| p.calendar == row.name)
            .count();
        let published = match n {
            0 => strings::NOTHING_PUBLISHED.to_string(),
            n => strings::published_count(n),
        };
        lines.push(fact(strings::LABEL_PUBLISHED, published, plain));
    }
    // Why reading it failed matters only while it is read.
    if let Some(error) = row.error.as_ref().filter(|_| row.reads()) {
        lines.push(fact(strings::LABEL_FAILED, error.clone(), theme.error));
    } else if let Some(o) = outcome(state, row, view).filter(|o| o.error.is_none()) {
        let said = strings::outcome_details(o.changed).to_string();
        lines.push(fact(strings::LABEL_JUST_NOW, said, theme.accent));
    }
    lines
}
