//! How the published blocks look on the Calendars screen: a list under the calendars,
//! the conflicts first (they wait for the user), then each published block with where it
//! stands on the calendar (a failed push in the error style); and the selected one's
//! details, with the keys that settle it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{ListItem, Padding, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::state::{BlockRow, CalendarsScreenState, Pane};
use super::view::{Items, Shown, ago, fact, pad, render_rows};
use crate::app::accounts::publish::{ConflictView, PublicationStatus, PublicationView};
use crate::tui::action::Action;
use crate::tui::context::View;
use crate::tui::keymap::Table;
use crate::tui::strings;
use crate::tui::text::{fit_line, wrap, wrap_lines};
use crate::tui::ui::{self, panel};

/// The widest a block's title is in the list.
const TITLE_WIDTH: usize = 28;
/// The widest a calendar's name is in the list.
const CALENDAR_WIDTH: usize = 16;
/// Below this width (inside the borders) the list leaves out the calendar.
const CALENDAR_FROM: usize = 60;

/// The blocks list's lines, each with its index among [`CalendarsScreenState::block_rows`]
/// (none for a heading): the conflicts under their heading, then the published blocks.
pub(super) fn items<'a>(state: &CalendarsScreenState, view: &View<'_>, width: u16) -> Items<'a> {
    // Inside the borders, after the selection mark.
    let width = usize::from(width.saturating_sub(4));
    let theme = view.theme;
    let titles = state
        .conflicts
        .iter()
        .map(|c| c.block.width())
        .chain(state.publications.iter().map(|p| p.block.width()));
    let title_width = titles.max().unwrap_or(0).clamp(4, TITLE_WIDTH);
    let calendar_width = (width >= CALENDAR_FROM).then(|| {
        let longest = state.publications.iter().map(|p| p.calendar.width()).max();
        longest.unwrap_or(0).min(CALENDAR_WIDTH)
    });
    let heading = |text: &str| {
        let line = Line::styled(text.to_string(), theme.accent);
        (ListItem::new(fit_line(line, width)), None)
    };
    let mut out = Vec::new();
    for (i, row) in state.block_rows().enumerate() {
        let line = match row {
            BlockRow::Conflict(c) => {
                if i == 0 {
                    out.push(heading(strings::CONFLICTS_HEADING));
                }
                conflict_line(c, title_width, view)
            }
            BlockRow::Publication(p) => {
                if i == state.conflicts.len() {
                    out.push(heading(strings::PUBLISHED_HEADING));
                }
                publication_line(p, title_width, calendar_width, view)
            }
        };
        out.push((ListItem::new(fit_line(line, width)), Some(i)));
    }
    out
}

/// A conflict's line: the block, then what differed.
fn conflict_line(c: &ConflictView, title_width: usize, view: &View<'_>) -> Line<'static> {
    Line::from(vec![
        Span::raw(pad(&c.block, title_width)),
        Span::raw("  "),
        Span::styled(c.what.clone(), view.theme.accent),
    ])
}

/// A published block's line: its title, the calendar (where there is room) and where
/// it stands.
fn publication_line(
    p: &PublicationView,
    title_width: usize,
    calendar_width: Option<usize>,
    view: &View<'_>,
) -> Line<'static> {
    let mut spans = vec![Span::raw(pad(&p.block, title_width)), Span::raw("  ")];
    if let Some(w) = calendar_width {
        spans.push(Span::styled(pad(&p.calendar, w), view.theme.muted));
        spans.push(Span::raw("  "));
    }
    let (said, style) = stands(p, view, true);
    spans.push(Span::styled(said, style));
    Line::from(spans)
}

/// Whether `p` goes out (or comes off) in the push under way.
fn going_out(p: &PublicationView, view: &View<'_>) -> bool {
    view.calendars.pushing
        && matches!(
            p.status,
            PublicationStatus::Pending | PublicationStatus::Removing
        )
}

/// Where a published block stands, and its style: one going out in the push under way
/// says so; one waiting for the user stands out, a failed push too (in the list, with
/// why).
fn stands(p: &PublicationView, view: &View<'_>, with_error: bool) -> (String, Style) {
    let theme = view.theme;
    let words = p.status.words().to_string();
    match (&p.error, p.status) {
        _ if going_out(p, view) => (strings::PUSHING.to_string(), theme.accent),
        (Some(error), _) if with_error => (strings::push_failed_row(error), theme.error),
        (_, PublicationStatus::DeletedThere) => (words, theme.accent),
        (_, PublicationStatus::InStep) => (words, theme.muted),
        _ => (words, Style::default()),
    }
}

/// The blocks list in its panel, with the keys that settle the selected row.
pub(super) fn render_list(
    state: &CalendarsScreenState,
    view: &View<'_>,
    items: Items<'_>,
    area: Rect,
    buf: &mut Buffer,
) {
    let focused = state.pane == Pane::Blocks;
    let mut actions = match state.selected_block().filter(|_| focused) {
        Some(BlockRow::Conflict(_)) => vec![Action::KeepMine, Action::KeepTheirs],
        Some(BlockRow::Publication(p)) => match (p.block_id, p.status) {
            (Some(_), PublicationStatus::DeletedThere) => {
                vec![Action::PublishAgain, Action::StopPublishing]
            }
            (Some(_), _) => vec![Action::StopPublishing, Action::RefreshCalendars],
            (None, _) => vec![Action::RefreshCalendars],
        },
        None => Vec::new(),
    };
    actions.extend([Action::CursorLeft, Action::CursorRight]);
    let hint = view.keys.hint(Table::Calendars, &actions);
    let title = strings::blocks_title(state.publications.len(), state.conflicts.len());
    let shown = Shown {
        title: &title,
        hint: &hint,
        focused,
    };
    render_rows(view, items, state.blocks.selected(), &shown, area, buf);
}

/// The selected row's details: a conflict's block, what differed, when it was found and
/// the keys that settle it; a published block's calendar, where it stands, why its last
/// push failed and what can be done with it.
pub(super) fn render_details(
    state: &CalendarsScreenState,
    view: &View<'_>,
    area: Rect,
    buf: &mut Buffer,
) {
    let width = usize::from(area.width.saturating_sub(4));
    let (title, lines) = match state.selected_block() {
        Some(BlockRow::Conflict(c)) => {
            (strings::CONFLICT_DETAILS, conflict_details(c, view, width))
        }
        Some(BlockRow::Publication(p)) => {
            (strings::BLOCK_DETAILS, publication_details(p, view, width))
        }
        None => (strings::BLOCK_DETAILS, Vec::new()),
    };
    Paragraph::new(wrap_lines(lines, width))
        .block(panel(title, "", view.theme, false).padding(Padding::horizontal(1)))
        .render(area, buf);
}

/// A label and its value wrapped under itself in `width` columns, for the details.
fn facts(label: &str, value: &str, style: Style, muted: Style, width: usize) -> Vec<Line<'static>> {
    // The label's column: ten and a space, as [`fact`] writes it.
    let indent = 11;
    let rows = wrap(value, width.saturating_sub(indent).max(8));
    rows.into_iter()
        .enumerate()
        .map(|(i, row)| {
            let label = if i == 0 { label } else { "" };
            fact(label, row, style, muted)
        })
        .collect()
}

/// The key bound to `action` on the Calendars screen.
fn key(view: &View<'_>, action: &Action) -> String {
    view.keys.key(Table::Calendars, action)
}

/// The lines of a conflict's details, `width` columns wide.
fn conflict_details(c: &ConflictView, view: &View<'_>, width: usize) -> Vec<Line<'static>> {
    let theme = view.theme;
    let plain = Style::default();
    let found = match chrono::DateTime::parse_from_rfc3339(&c.found) {
        Ok(t) => {
            let t = t.to_utc();
            format!(
                "{} · {}",
                ui::time_label(t, view.zone, view.today),
                ago(view, t)
            )
        }
        Err(_) => c.found.clone(),
    };
    let choices = strings::conflict_choices(
        &key(view, &Action::KeepMine),
        &key(view, &Action::KeepTheirs),
    );
    let mut lines = vec![Line::styled(
        format!("{} · #{}", c.block, c.id),
        theme.accent,
    )];
    lines.extend(facts(
        strings::LABEL_WHAT,
        &c.what,
        plain,
        theme.muted,
        width,
    ));
    lines.push(fact(strings::LABEL_FOUND, found, plain, theme.muted));
    lines.extend(facts(
        strings::LABEL_YOU_CAN,
        &choices,
        theme.accent,
        theme.muted,
        width,
    ));
    lines
}

/// The lines of a published block's details, `width` columns wide.
fn publication_details(p: &PublicationView, view: &View<'_>, width: usize) -> Vec<Line<'static>> {
    let theme = view.theme;
    let plain = Style::default();
    let fact = |label: &str, value: String, style: Style| fact(label, value, style, theme.muted);
    let facts =
        |label: &str, value: &str, style: Style| facts(label, value, style, theme.muted, width);
    let mut lines = vec![
        Line::styled(p.block.clone(), theme.accent),
        fact(strings::LABEL_CALENDAR, p.calendar.clone(), plain),
    ];
    // Why its last push failed has a line of its own.
    let (said, style) = stands(p, view, false);
    lines.extend(facts(strings::LABEL_STANDS, &said, style));
    if let Some(error) = &p.error {
        lines.extend(facts(strings::LABEL_PUSH_FAILED, error, theme.error));
    }
    let you_can = match (p.block_id, p.status) {
        (None, _) => strings::COMES_OFF.to_string(),
        (Some(_), PublicationStatus::DeletedThere) => strings::deleted_there_choices(
            &key(view, &Action::PublishAgain),
            &key(view, &Action::StopPublishing),
        ),
        (Some(_), _) => strings::published_choices(&key(view, &Action::StopPublishing)),
    };
    lines.extend(facts(strings::LABEL_YOU_CAN, &you_can, theme.accent));
    lines
}
