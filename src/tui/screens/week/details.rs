//! The windows over the Week screen: a block's or an imported event's details, and the
//! questions about which occurrences a change is for.

use chrono::NaiveDateTime;
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};

use super::state::{Editing, WeekState};
use super::view::when;
use crate::domain::block::{Occurrence, OccurrenceStatus};
use crate::domain::dates;
use crate::domain::event::{Category, EventOccurrence};
use crate::tui::action::Action;
use crate::tui::context::View;
use crate::tui::keymap::Table;
use crate::tui::strings;
use crate::tui::theme::Theme;
use crate::tui::ui::centered;

/// How the occurrence's block repeats, in words.
pub(super) fn repeat_words(week: &WeekState, o: &Occurrence) -> String {
    match week.repeats.get(&o.block_id) {
        Some(repeat) => strings::repeats(&repeat.to_string()),
        None if o.repeating => strings::REPEATS.to_string(),
        None => strings::repeats("once"),
    }
}

/// Draws the details window of the selected occurrence or imported event.
pub(super) fn render_details(week: &WeekState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let zone = view.zone;
    let theme = view.theme;
    let (title, mut lines, rows) = if let Some(o) = week.selected_occurrence() {
        (
            strings::DETAILS_BLOCK,
            block_details(week, zone, theme, o),
            view.keys
                .bindings(Table::Details)
                .iter()
                .map(|b| {
                    (
                        b.keys.first().map(|k| k.label()).unwrap_or_default(),
                        b.help,
                    )
                })
                .collect::<Vec<_>>(),
        )
    } else if let Some((e, category)) = week.selected_event() {
        let close = view
            .keys
            .bindings(Table::Details)
            .iter()
            .find(|b| b.action == Action::CloseOverlay);
        let mut rows: Vec<(String, &str)> =
            [Action::CycleSeriesCategory, Action::CycleEventCategory]
                .iter()
                .filter_map(|a| {
                    view.keys
                        .bindings(Table::Week)
                        .iter()
                        .find(|b| b.action == *a)
                })
                .map(|b| {
                    (
                        b.keys.first().map(|k| k.label()).unwrap_or_default(),
                        b.help,
                    )
                })
                .collect();
        rows.extend(close.map(|b| {
            (
                b.keys.first().map(|k| k.label()).unwrap_or_default(),
                b.help,
            )
        }));
        (
            strings::DETAILS_EVENT,
            event_details(zone, e, *category),
            rows,
        )
    } else {
        return;
    };
    lines.push(Line::raw(""));
    for (keys, what) in rows {
        lines.push(Line::from(vec![
            Span::styled(format!("{keys:>5}  "), theme.accent),
            Span::raw(what),
        ]));
    }
    let popup = centered(area, 64, lines.len() as u16 + 2);
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(theme.accent)
                .title(format!(" {title} ")),
        )
        .render(popup, buf);
}

fn block_details(week: &WeekState, zone: Tz, theme: &Theme, o: &Occurrence) -> Vec<Line<'static>> {
    let start = o.start.with_timezone(&zone);
    let mut lines = vec![
        Line::styled(o.title.clone(), theme.accent),
        Line::raw(strings::block_when(
            &start.format(dates::LONG_DAY).to_string(),
            &start.format(dates::CLOCK).to_string(),
            &o.end.with_timezone(&zone).format(dates::CLOCK).to_string(),
            o.minutes(),
        )),
        Line::raw(repeat_words(week, o)),
        Line::raw(strings::block_status(match o.status {
            OccurrenceStatus::PartlyKept => strings::partly_kept_minutes(o.kept_minutes),
            s => s.label().to_string(),
        })),
    ];
    if o.moved {
        lines.push(Line::raw(strings::moved_from(
            &o.original.format(dates::DAY_TIME).to_string(),
        )));
    }
    if let Some(reason) = &o.reason {
        lines.push(Line::raw(strings::reason(reason)));
    }
    if !o.intention.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(strings::why(&o.intention), theme.muted));
    }
    lines
}

fn event_details(zone: Tz, e: &EventOccurrence, category: Category) -> Vec<Line<'static>> {
    let start: NaiveDateTime = e.start.with_timezone(&zone).naive_local();
    let mut lines = vec![
        Line::raw(e.title.to_string()),
        Line::raw(if e.all_day {
            format!("{} · {}", start.format(dates::LONG_DAY), strings::ALL_DAY)
        } else {
            format!("{} ({} min)", when(zone, e.start, e.end), e.minutes())
        }),
        Line::raw(strings::event_calendar(&e.calendar, category.as_str())),
        Line::raw(strings::event_people(&e.organizer, e.attendees)),
    ];
    if !e.also_in.is_empty() {
        lines.push(Line::raw(strings::event_also_in(&e.also_in)));
    }
    if let Some(note) = strings::attendance_note(e.attendance) {
        lines.push(Line::raw(note));
    }
    if !e.description.trim().is_empty() {
        lines.push(Line::raw(""));
        for l in e.description.lines().take(6) {
            lines.push(Line::raw(l.to_string()));
        }
    }
    lines
}

/// Draws a "which occurrences?" question, or "it is still ahead: kept?".
pub(super) fn render_scope(editing: &Editing, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let (question, table) = match editing {
        Editing::DeleteScope {
            repeating: true, ..
        } => (strings::DELETE_WHICH, Table::DeleteScope),
        Editing::DeleteScope { .. } => (strings::DELETE_ONE, Table::DeleteOne),
        Editing::EditScope { .. } => (strings::EDIT_WHICH, Table::EditScope),
        Editing::ConfirmKept(_) => (strings::CONFIRM_KEPT_AHEAD, Table::Confirm),
        _ => return,
    };
    let actions: Vec<Action> = view
        .keys
        .bindings(table)
        .iter()
        .map(|b| b.action.clone())
        .collect();
    let keys = view.keys.hint(table, &actions);
    crate::tui::ui::render_question_in(view.theme, area, buf, question, &keys);
}
