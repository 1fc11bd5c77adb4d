//! How the Week screen looks: title, day headers with an all-day strip, the grid of
//! slots with its items, the cursor and the info line; and over it the open form or
//! window (see `details`).

use chrono::{Datelike, Duration};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::details;
use super::layout::{GUTTER, MORE_WIDTH, Placed, lane_layout, slot_of, top_slot};
use super::state::{Editing, SLOT_MINUTES, SLOTS, WeekState};
use crate::domain::block::OccurrenceStatus;
use crate::domain::dates;
use crate::domain::event::{Attendance, Category};
use crate::tui::action::Action;
use crate::tui::context::View;
use crate::tui::keymap::Table;
use crate::tui::strings;
use crate::tui::text::{ellipsize, fit_line};
use crate::tui::ui;

/// A letter for an imported event's category, so categories read without colour too.
fn category_marker(category: Category) -> &'static str {
    match category {
        Category::Managing => "M ",
        Category::Leading => "L ",
        Category::Excluded => "x ",
        Category::Unclassified => "? ",
    }
}

fn status_icon(status: OccurrenceStatus) -> &'static str {
    match status {
        OccurrenceStatus::Planned => "",
        OccurrenceStatus::Kept => "✓ ",
        OccurrenceStatus::PartlyKept => "◐ ",
        OccurrenceStatus::Skipped => "✗ ",
    }
}

/// Where the grid is drawn: its rows, the slots they show and the day columns.
struct Grid {
    area: Rect,
    rows_per_slot: usize,
    top: usize,
    visible: usize,
    col_width: u16,
}

impl Grid {
    fn col_x(&self, day: usize) -> u16 {
        self.area.x + GUTTER + self.col_width * day as u16
    }

    fn row_of(&self, slot: usize) -> u16 {
        self.area.y + ((slot - self.top) * self.rows_per_slot) as u16
    }
}

/// Draws the Week screen, and the form or window open over it.
pub fn render(week: &WeekState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    render_grid(week, view, area, buf);
    let form_hint = || ui::form_hint(view.keys);
    match &week.editing {
        Editing::Nothing => {}
        Editing::New(form) | Editing::Edit { form, .. } => {
            form.render(area, buf, view.theme, &form_hint())
        }
        Editing::Move { form, .. }
        | Editing::Skip { form, .. }
        | Editing::PartlyKept { form, .. } => form.render(area, buf, view.theme, &form_hint()),
        Editing::GoToDate(form) => form.render(area, buf, view.theme, &form_hint()),
        Editing::Details => details::render_details(week, view, area, buf),
        Editing::DeleteScope { .. } | Editing::EditScope { .. } | Editing::ConfirmKept(_) => {
            details::render_scope(&week.editing, view, area, buf)
        }
    }
}

/// The grid, its headings and the info line.
fn render_grid(week: &WeekState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let zone = view.zone;
    if area.height < 6 {
        return;
    }
    let has_all_day = week
        .days()
        .iter()
        .any(|d| !week.all_day_on(*d, zone).is_empty());
    let strip = u16::from(has_all_day && area.height >= 10);
    let grid_area = Rect {
        y: area.y + 2 + strip,
        height: area.height - 3 - strip,
        ..area
    };
    let work_from = slot_of(week.workday.0);
    let work_to = slot_of(week.workday.1);
    let rows_per_slot = if grid_area.height as usize >= 2 * (work_to - work_from).max(1) {
        2
    } else {
        1
    };
    let visible = (grid_area.height as usize / rows_per_slot).max(1);
    let grid = Grid {
        area: grid_area,
        rows_per_slot,
        top: top_slot(week.slot, visible, work_from, work_to),
        visible,
        col_width: (area.width.saturating_sub(GUTTER) / 7).max(1),
    };
    for slot in grid.top..(grid.top + grid.visible).min(SLOTS) {
        for day in 0..7 {
            let cell = Rect::new(
                grid.col_x(day),
                grid.row_of(slot),
                grid.col_width,
                grid.rows_per_slot as u16,
            );
            view.hits.add(
                cell.intersection(grid.area),
                crate::tui::hits::Hit::Slot { day, slot },
            );
        }
    }
    let placed = week.place(zone);
    render_title(week, view, &grid, &placed, Rect { height: 1, ..area }, buf);
    render_headers(week, view, &grid, area.y + 1, buf);
    if strip > 0 {
        render_all_day(week, view, &grid, area.y + 2, buf);
    }
    render_slots(week, view, &grid, (work_from, work_to), buf);
    render_items(week, view, &grid, &placed, buf);
    render_cursor(week, view, &grid, buf);
    render_info(
        week,
        view,
        Rect {
            y: area.bottom() - 1,
            height: 1,
            ..area
        },
        buf,
    );
}

fn render_title(
    week: &WeekState,
    view: &View<'_>,
    grid: &Grid,
    placed: &[Placed],
    row: Rect,
    buf: &mut Buffer,
) {
    let theme = view.theme;
    let last = week.start + Duration::days(6);
    let title = strings::week_title(
        week.start.iso_week().week(),
        &week.start.format(dates::DATE).to_string(),
        &last.format(dates::DATE_YEAR).to_string(),
    );
    let above = placed.iter().filter(|p| p.to <= grid.top).count();
    let below = placed
        .iter()
        .filter(|p| p.from >= grid.top + grid.visible)
        .count();
    let more = strings::earlier_later(above, below);
    let mut spans = vec![
        Span::styled(format!(" {title}"), theme.accent),
        Span::raw("  "),
        Span::styled(more, theme.accent),
    ];
    spans.extend(ui::calendars_span_in(view));
    let hint = view.keys.hint(
        Table::Week,
        &[
            Action::PreviousWeek,
            Action::NextWeek,
            Action::ThisWeek,
            Action::NewBlock,
        ],
    );
    ui::heading_with_hint(Line::from(spans), &hint, row, theme.muted, buf);
}

fn render_headers(week: &WeekState, view: &View<'_>, grid: &Grid, y: u16, buf: &mut Buffer) {
    let theme = view.theme;
    for (i, date) in week.days().into_iter().enumerate() {
        let label = if grid.col_width >= 10 {
            date.format(dates::WEEKDAY_DATE).to_string()
        } else {
            date.format(dates::WEEKDAY).to_string()
        };
        let style = if date == view.today {
            theme.badge
        } else if i == week.day {
            theme.accent
        } else {
            theme.muted
        };
        let cell = Rect::new(grid.col_x(i), y, grid.col_width, 1);
        Line::from(Span::styled(format!(" {label}"), style)).render(cell, buf);
    }
}

/// The strip under the day headers: each day's all-day events by title, cut to fit.
fn render_all_day(week: &WeekState, view: &View<'_>, grid: &Grid, y: u16, buf: &mut Buffer) {
    let zone = view.zone;
    buf.set_stringn(
        grid.area.x,
        y,
        strings::ALL_DAY_SHORT,
        usize::from(GUTTER),
        view.theme.muted,
    );
    for (i, date) in week.days().into_iter().enumerate() {
        let titles = week.all_day_on(date, zone);
        let Some(first) = titles.first() else {
            continue;
        };
        let width = usize::from(grid.col_width.saturating_sub(1));
        let more = if titles.len() > 1 {
            strings::week_more(titles.len() - 1)
        } else {
            String::new()
        };
        let room = width.saturating_sub(more.chars().count() + usize::from(!more.is_empty()));
        let text = if more.is_empty() {
            ellipsize(first, width)
        } else {
            format!("{} {more}", ellipsize(first, room))
        };
        buf.set_stringn(
            grid.col_x(i) + 1,
            y,
            text,
            width,
            view.theme.category(Category::Excluded),
        );
    }
}

/// Gutter times, separators (dashed outside the working day) and the now line.
fn render_slots(
    week: &WeekState,
    view: &View<'_>,
    grid: &Grid,
    (work_from, work_to): (usize, usize),
    buf: &mut Buffer,
) {
    let theme = view.theme;
    let now = view.now.naive_local();
    let last = week.start + Duration::days(6);
    let now_slot = (now.date() >= week.start && now.date() <= last).then(|| {
        (
            (now.date() - week.start).num_days() as usize,
            slot_of(now.time()),
        )
    });
    for row in 0..grid.area.height {
        let slot = grid.top + row as usize / grid.rows_per_slot;
        if slot >= SLOTS {
            break;
        }
        let y = grid.area.y + row;
        let first_row_of_slot = (row as usize).is_multiple_of(grid.rows_per_slot);
        if first_row_of_slot {
            let minutes = slot as u32 * SLOT_MINUTES;
            let is_now = now_slot.is_some_and(|(_, s)| s == slot);
            let label = if is_now {
                format!("{:>5}", now.format(dates::CLOCK))
            } else if minutes.is_multiple_of(60) {
                format!("{:02}:00", minutes / 60)
            } else {
                "   ·".to_string()
            };
            let style = if is_now {
                theme.accent.add_modifier(Modifier::REVERSED)
            } else {
                theme.muted
            };
            buf.set_string(grid.area.x, y, label, style);
        }
        for day in 0..7 {
            let x = grid.col_x(day);
            let in_work = (work_from..work_to).contains(&slot);
            buf.set_string(x, y, if in_work { "│" } else { "╎" }, theme.muted);
            if now_slot == Some((day, slot)) && first_row_of_slot {
                for dx in 1..grid.col_width {
                    buf.set_string(x + dx, y, "─", theme.accent);
                }
            }
        }
    }
}

/// What an item on the grid shows: title, block status or event category, times.
struct ItemView<'a> {
    title: &'a str,
    status: Option<OccurrenceStatus>,
    category: Option<Category>,
    attendance: Attendance,
    start: chrono::DateTime<chrono::Utc>,
    end: chrono::DateTime<chrono::Utc>,
}

fn item_view(week: &WeekState, index: usize) -> Option<ItemView<'_>> {
    match week.occurrences.get(index) {
        Some(o) => Some(ItemView {
            title: &o.title,
            status: Some(o.status),
            category: None,
            attendance: Attendance::Counted,
            start: o.start.to_utc(),
            end: o.end.to_utc(),
        }),
        None => week
            .events
            .get(index - week.occurrences.len())
            .map(|(e, c)| ItemView {
                title: &e.title,
                status: None,
                category: Some(*c),
                attendance: e.attendance,
                start: e.start,
                end: e.end,
            }),
    }
}

fn render_items(
    week: &WeekState,
    view: &View<'_>,
    grid: &Grid,
    placed: &[Placed],
    buf: &mut Buffer,
) {
    let theme = view.theme;
    let zone = view.zone;
    let right = grid.area.right();
    for p in placed {
        let Some(item) = item_view(week, p.index) else {
            continue;
        };
        let from = p.from.max(grid.top);
        let to = p.to.min(grid.top + grid.visible);
        if from >= to {
            continue;
        }
        let y0 = grid.row_of(from);
        let y1 =
            (grid.area.y + ((to - grid.top) * grid.rows_per_slot) as u16).min(grid.area.bottom());
        let Some(lanes) = lane_layout(grid.col_width.saturating_sub(1), p.lanes) else {
            continue;
        };
        if p.lane >= lanes.drawn {
            // No room for its lane: the column's end says how many more share the slot.
            if lanes.more && y0 < y1 {
                let more = strings::week_more(p.lanes - lanes.drawn);
                let at = grid.col_x(p.day) + 1 + lanes.lanes_width;
                buf.set_stringn(at, y0, more, usize::from(MORE_WIDTH), theme.muted);
            }
            continue;
        }
        let x = grid.col_x(p.day) + 1 + lanes.width * p.lane as u16;
        let width = if p.lane + 1 == lanes.drawn {
            lanes
                .lanes_width
                .saturating_sub(lanes.width * p.lane as u16)
        } else {
            lanes.width
        };
        if width == 0 || x >= right {
            continue;
        }
        let width = width.min(right - x);
        let mut style = match (item.status, item.category, item.attendance) {
            (Some(OccurrenceStatus::Skipped), _, _) => theme.skipped,
            (Some(_), _, _) => theme.block,
            // Declined and free time count no hours: drawn, but quietly.
            (None, _, Attendance::Declined | Attendance::Free) => theme.skipped,
            (None, Some(c), _) => theme.category(c),
            (None, None, _) => theme.muted,
        };
        if week.selected == Some(p.index) {
            style = style.patch(theme.block_selected);
        }
        let rect = Rect::new(x, y0, width, y1 - y0);
        buf.set_style(rect, style);
        for yy in rect.y..rect.bottom() {
            for xx in rect.x..rect.right() {
                buf[(xx, yy)].set_symbol(" ");
            }
        }
        let (start, end) = (
            item.start.with_timezone(&zone),
            item.end.with_timezone(&zone),
        );
        let time = if width >= 11 {
            format!(
                "{}-{}",
                start.format(dates::CLOCK),
                end.format(dates::CLOCK)
            )
        } else {
            start.format(dates::CLOCK).to_string()
        };
        let marker = match (item.status, item.category, item.attendance) {
            (Some(s), _, _) => status_icon(s),
            (None, _, Attendance::Declined) => strings::DECLINED_MARK,
            (None, _, Attendance::Free) => strings::FREE_MARK,
            (None, _, Attendance::Tentative) => strings::TENTATIVE_MARK,
            (None, Some(c), _) => category_marker(c),
            (None, None, _) => "",
        };
        let arrow = if p.from < grid.top { "↑" } else { "" };
        // The title goes on the first visible row, cut with an ellipsis; the time below it
        // when there is a row for it and it fits whole (a cut time reads as another time).
        let title = ellipsize(
            &format!("{arrow}{marker}{}", item.title),
            usize::from(width),
        );
        buf.set_stringn(x, rect.y, title, usize::from(width), style);
        if rect.height > 1 && time.chars().count() <= usize::from(width) {
            buf.set_stringn(x, rect.y + 1, time, usize::from(width), style);
        }
    }
}

/// The cursor: a bar across the column, unless it is on a selected item.
fn render_cursor(week: &WeekState, view: &View<'_>, grid: &Grid, buf: &mut Buffer) {
    if week.selected.is_some() || week.slot < grid.top || week.slot >= grid.top + grid.visible {
        return;
    }
    let y = grid.row_of(week.slot);
    let bar = Rect::new(
        grid.col_x(week.day) + 1,
        y,
        grid.col_width.saturating_sub(1),
        1,
    );
    buf.set_style(bar, view.theme.selection);
    let time = week.cursor_time().format(dates::CLOCK).to_string();
    buf.set_stringn(bar.x, y, time, bar.width as usize, view.theme.selection);
}

/// A time range on one day: `Tue 24 Nov 09:00–11:00`.
pub(super) fn when(
    zone: Tz,
    start: chrono::DateTime<chrono::Utc>,
    end: chrono::DateTime<chrono::Utc>,
) -> String {
    let (s, e) = (start.with_timezone(&zone), end.with_timezone(&zone));
    format!(
        "{} {}–{}",
        s.format(dates::DAY),
        s.format(dates::CLOCK),
        e.format(dates::CLOCK)
    )
}

fn render_info(week: &WeekState, view: &View<'_>, row: Rect, buf: &mut Buffer) {
    let zone = view.zone;
    let theme = view.theme;
    let keys = view.keys;
    let width = usize::from(row.width);
    let line = match (week.selected_occurrence(), week.selected_event()) {
        (None, Some((e, category))) => {
            let hint = keys.hint(
                Table::Week,
                &[
                    Action::OpenItem,
                    Action::CycleSeriesCategory,
                    Action::CycleEventCategory,
                ],
            );
            Line::from(format!(
                " {} · {} · {} · {hint}",
                e.title,
                when(zone, e.start, e.end),
                category.as_str()
            ))
        }
        (Some(o), _) => {
            let mut parts = vec![
                o.title.clone(),
                when(zone, o.start.to_utc(), o.end.to_utc()),
                o.status.label().to_string(),
            ];
            if o.moved {
                parts.push(strings::MOVED.to_string());
            }
            parts.push(super::details::repeat_words(week, o));
            parts.push(keys.hint(Table::Week, &[Action::OpenItem]));
            Line::from(format!(" {}", parts.join(" · ")))
        }
        (None, None) => {
            let cursor = week.cursor_time();
            let all_day = week.all_day_on(cursor.date(), zone);
            let all_day = if all_day.is_empty() {
                String::new()
            } else {
                format!(" · {}: {}", strings::ALL_DAY, all_day.join(", "))
            };
            let hint = keys.hint(Table::Week, &[Action::NewBlock, Action::NextItem]);
            Line::styled(
                format!(
                    " {}{all_day} · {hint} · {}",
                    cursor.format(dates::DAY_TIME),
                    keys.hint(Table::Global, &[Action::ToggleHelp])
                ),
                theme.muted,
            )
        }
    };
    fit_line(line, width).render(row, buf);
}
