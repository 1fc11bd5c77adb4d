//! The Week screen: a week of leadership time blocks as columns of 30-minute slots, and
//! the update logic for blocks and their forms.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};

use super::action::Action;
use super::app::{App, Overlay};
use super::form::{Form, FormPurpose};
use super::strings;
use super::ui::centered;
use crate::domain::block::{
    BlockError, BlockSpec, Mark, Occurrence, OccurrenceStatus, Repeat, parse_every,
    parse_kept_minutes, parse_minutes, parse_weekdays, weekday_name,
};
use crate::domain::event::{Category, EventOccurrence};
use crate::domain::time::{localize_in, read_date, read_date_time};
use crate::domain::week::week_start;

/// Slots in a day: 48 half hours.
pub const SLOTS: usize = 48;
/// Minutes in a slot.
pub const SLOT_MINUTES: u32 = 30;
/// Width of the time gutter on the left.
const GUTTER: u16 = 6;

/// State of the Week screen.
#[derive(Debug, Clone)]
pub struct WeekState {
    /// The first day shown.
    pub start: NaiveDate,
    /// The configured first day of the week.
    pub first_day: Weekday,
    /// The week's block occurrences, loaded when the week or a block changes.
    pub occurrences: Vec<Occurrence>,
    /// Cursor column, 0 to 6.
    pub day: usize,
    /// Cursor row, a 30-minute slot from 0 (00:00) to 47 (23:30).
    pub slot: usize,
    /// Imported calendar events of the week, with their categories.
    pub events: Vec<(EventOccurrence, Category)>,
    /// The selected item: an index into `occurrences`, or past them into `events`.
    pub selected: Option<usize>,
}

/// The narrowest lane an item is drawn in, in cells.
const MIN_LANE_WIDTH: u16 = 4;

/// Room kept at the right of a crowded day column for "+N".
const MORE_WIDTH: u16 = 3;

/// How a day column of `inner_width` cells holds side-by-side lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LaneLayout {
    /// Lanes drawn; items in later lanes are counted in "+N".
    drawn: usize,
    /// Width of each drawn lane but the last, which takes the rest of its share.
    width: u16,
    /// Width of the drawn lanes together.
    lanes_width: u16,
    /// Whether the column ends with a "+N" of `MORE_WIDTH` cells.
    more: bool,
}

/// Splits a day column into `lanes` lanes; when more lanes than fit, the last
/// `MORE_WIDTH` cells are kept for "+N". `None` when the column has no room at all.
fn lane_layout(inner_width: u16, lanes: usize) -> Option<LaneLayout> {
    if inner_width == 0 || lanes == 0 {
        return None;
    }
    let fit = usize::from((inner_width / MIN_LANE_WIDTH).max(1));
    let (drawn, lanes_width, more) = if lanes <= fit {
        (lanes, inner_width, false)
    } else if inner_width > MORE_WIDTH {
        let room = inner_width - MORE_WIDTH;
        (usize::from((room / MIN_LANE_WIDTH).max(1)), room, true)
    } else {
        (1, inner_width, false)
    };
    Some(LaneLayout {
        drawn,
        width: (lanes_width / drawn as u16).max(1),
        lanes_width,
        more,
    })
}

/// `lane_layout` as (drawn, width, lanes_width, more), for tests of the screen.
#[cfg(test)]
pub(super) fn lane_layout_for_tests(
    inner_width: u16,
    lanes: usize,
) -> Option<(usize, u16, u16, bool)> {
    lane_layout(inner_width, lanes).map(|l| (l.drawn, l.width, l.lanes_width, l.more))
}

/// An occurrence placed on the grid: its column, rows and lane among overlapping items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// Index into the week's occurrences.
    pub index: usize,
    /// Column, 0 to 6.
    pub day: usize,
    /// First slot covered.
    pub from: usize,
    /// One past the last slot covered.
    pub to: usize,
    /// Which of the side-by-side lanes it sits in.
    pub lane: usize,
    /// How many lanes its group of overlapping items needs.
    pub lanes: usize,
}

fn slot_of(t: NaiveTime) -> usize {
    ((t.hour() * 60 + t.minute()) / SLOT_MINUTES) as usize
}

impl WeekState {
    /// The week holding `today`.
    pub fn new(today: NaiveDate, first_day: Weekday) -> WeekState {
        WeekState {
            start: week_start(today, first_day),
            first_day,
            occurrences: Vec::new(),
            events: Vec::new(),
            day: 0,
            slot: 0,
            selected: None,
        }
    }

    /// The seven dates shown.
    pub fn days(&self) -> [NaiveDate; 7] {
        std::array::from_fn(|i| self.start + Duration::days(i as i64))
    }

    /// The date and time under the cursor.
    pub fn cursor_time(&self) -> NaiveDateTime {
        let minutes = self.slot as u32 * SLOT_MINUTES;
        let time = NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap_or(NaiveTime::MIN);
        (self.start + Duration::days(self.day as i64)).and_time(time)
    }

    /// Puts the cursor at `now` (or the start of the working day if now is outside it)
    /// and shows now's week.
    pub fn cursor_to_now(&mut self, now: NaiveDateTime, workday_start: NaiveTime) {
        self.start = week_start(now.date(), self.first_day);
        self.day = (now.date() - self.start).num_days().clamp(0, 6) as usize;
        self.slot = slot_of(now.time()).max(slot_of(workday_start).min(slot_of(now.time())));
    }

    /// The selected block occurrence.
    pub fn selected_occurrence(&self) -> Option<&Occurrence> {
        self.selected.and_then(|i| self.occurrences.get(i))
    }

    /// The selected imported event and its category.
    pub fn selected_event(&self) -> Option<&(EventOccurrence, Category)> {
        self.selected
            .and_then(|i| i.checked_sub(self.occurrences.len()))
            .and_then(|i| self.events.get(i))
    }

    /// Every timed item as (index, local start, local end): blocks first, then events.
    /// All-day events are not on the grid; the day headers mark them.
    fn spans(&self, zone: Tz) -> Vec<(usize, NaiveDateTime, NaiveDateTime)> {
        let n = self.occurrences.len();
        let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&zone).naive_local();
        self.occurrences
            .iter()
            .enumerate()
            .map(|(i, o)| (i, local(o.start.to_utc()), local(o.end.to_utc())))
            .chain(
                self.events
                    .iter()
                    .enumerate()
                    .filter(|(_, (e, _))| !e.all_day)
                    .map(|(i, (e, _))| (n + i, local(e.start), local(e.end))),
            )
            .collect()
    }

    /// All-day events on `date`.
    pub fn all_day_on(&self, date: NaiveDate, zone: Tz) -> Vec<&str> {
        self.events
            .iter()
            .filter(|(e, _)| {
                e.all_day
                    && e.start.with_timezone(&zone).date_naive() <= date
                    && e.end.with_timezone(&zone).date_naive() > date
            })
            .map(|(e, _)| e.title.as_str())
            .collect()
    }

    /// Lays the week's occurrences out on the grid, in local time in `zone`. An
    /// occurrence over midnight is placed on both days.
    pub fn place(&self, zone: Tz) -> Vec<Placed> {
        let mut placed = Vec::new();
        for (day, date) in self.days().into_iter().enumerate() {
            let day_start = date.and_time(NaiveTime::MIN);
            let day_end = day_start + Duration::days(1);
            let mut items: Vec<(usize, usize, usize)> = Vec::new();
            for (index, s, e) in self.spans(zone) {
                if e < day_start || s >= day_end || (e == day_start && s < day_start) {
                    continue;
                }
                let from = if s <= day_start { 0 } else { slot_of(s.time()) };
                let to = if e >= day_end {
                    SLOTS
                } else {
                    let minutes = e.time().hour() * 60 + e.time().minute();
                    (minutes.div_ceil(SLOT_MINUTES) as usize).max(from + 1)
                };
                items.push((index, from, to));
            }
            items.sort_by_key(|&(i, from, to)| (from, std::cmp::Reverse(to), i));
            // Greedy lanes within groups of overlapping items.
            let mut group: Vec<Placed> = Vec::new();
            let mut lane_ends: Vec<usize> = Vec::new();
            let mut group_end = 0;
            for (index, from, to) in items {
                if from >= group_end && !group.is_empty() {
                    let lanes = lane_ends.len();
                    placed.extend(group.drain(..).map(|p| Placed { lanes, ..p }));
                    lane_ends.clear();
                }
                let lane = match lane_ends.iter().position(|&end| end <= from) {
                    Some(l) => {
                        lane_ends[l] = to;
                        l
                    }
                    None => {
                        lane_ends.push(to);
                        lane_ends.len() - 1
                    }
                };
                group_end = group_end.max(to);
                group.push(Placed {
                    index,
                    day,
                    from,
                    to,
                    lane,
                    lanes: 1,
                });
            }
            let lanes = lane_ends.len();
            placed.extend(group.drain(..).map(|p| Placed { lanes, ..p }));
        }
        placed
    }

    /// Selects the occurrence under the cursor, if any: one starting at the cursor's
    /// slot first, else the leftmost.
    pub fn select_at_cursor(&mut self, zone: Tz) {
        self.selected = self
            .place(zone)
            .into_iter()
            .filter(|p| p.day == self.day && p.from <= self.slot && self.slot < p.to)
            .min_by_key(|p| (p.from != self.slot, p.lane, p.index))
            .map(|p| p.index);
    }

    /// After a reload, keeps the same occurrence selected if it is still there.
    pub fn reselect(&mut self, zone: Tz) {
        self.select_at_cursor(zone);
    }
}

/// The first slot shown, given the cursor, how many slots fit, and the working day:
/// the working day stays in view until the cursor leaves it.
pub fn top_slot(cursor: usize, visible: usize, work_from: usize, work_to: usize) -> usize {
    let visible = visible.clamp(1, SLOTS);
    let work_len = work_to.saturating_sub(work_from);
    // With room to spare, start an hour before the working day.
    let preferred = if visible >= work_len {
        work_from.saturating_sub(2.min(visible - work_len))
    } else {
        work_from
    };
    let mut top = preferred.min(SLOTS - visible);
    if cursor < top {
        top = cursor;
    } else if cursor >= top + visible {
        top = cursor + 1 - visible;
    }
    top
}

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

/// Draws the Week screen.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let week = &app.week;
    let theme = &app.theme;
    let zone = app.zone();
    let now = app.now().naive_local();
    if area.height < 6 {
        return;
    }
    let title_row = Rect { height: 1, ..area };
    let header_row = Rect {
        y: area.y + 1,
        height: 1,
        ..area
    };
    let info_row = Rect {
        y: area.bottom() - 1,
        height: 1,
        ..area
    };
    let grid = Rect {
        y: area.y + 2,
        height: area.height - 3,
        ..area
    };

    let work_from = slot_of(app.config.workday.start.0);
    let work_to = slot_of(app.config.workday.end.0);
    let rows_per_slot = if grid.height as usize >= 2 * (work_to - work_from).max(1) {
        2
    } else {
        1
    };
    let visible = (grid.height as usize / rows_per_slot).max(1);
    let top = top_slot(week.slot, visible, work_from, work_to);
    let placed = week.place(zone);

    // Title: the week and how to move.
    let last = week.start + Duration::days(6);
    let title = format!(
        " Week {} · {} – {}",
        week.start.iso_week().week(),
        week.start.format("%-d %b"),
        last.format("%-d %b %Y")
    );
    let above = placed.iter().filter(|p| p.to <= top).count();
    let below = placed.iter().filter(|p| p.from >= top + visible).count();
    let mut more = String::new();
    if above > 0 {
        more.push_str(&format!("↑ {above} earlier  "));
    }
    if below > 0 {
        more.push_str(&format!("↓ {below} later  "));
    }
    Line::from(vec![
        Span::styled(title, theme.accent),
        Span::raw("  "),
        Span::styled(more, theme.accent),
    ])
    .render(title_row, buf);
    Line::styled("[ ] week · t today · b new block ", theme.muted)
        .alignment(Alignment::Right)
        .render(
            Rect {
                x: title_row.x + title_row.width / 2,
                width: title_row.width - title_row.width / 2,
                ..title_row
            },
            buf,
        );

    // Columns.
    let col_width = (area.width.saturating_sub(GUTTER) / 7).max(1);
    let col_x = |day: usize| area.x + GUTTER + col_width * day as u16;
    for (i, date) in week.days().into_iter().enumerate() {
        let label = if col_width >= 10 {
            date.format("%a %-d").to_string()
        } else {
            date.format("%a").to_string()
        };
        let label = if week.all_day_on(date, zone).is_empty() {
            label
        } else {
            format!("{label} ◆")
        };
        let is_today = date == app.today.day;
        let style = if is_today {
            theme.badge
        } else if i == week.day {
            theme.accent
        } else {
            theme.muted
        };
        let cell = Rect {
            x: col_x(i),
            y: header_row.y,
            width: col_width,
            height: 1,
        };
        Line::from(Span::styled(format!(" {label}"), style)).render(cell, buf);
    }

    // Gutter times, separators, the cursor row and the now line.
    let now_slot = (now.date() >= week.start && now.date() <= last).then(|| {
        (
            (now.date() - week.start).num_days() as usize,
            slot_of(now.time()),
        )
    });
    for row in 0..grid.height {
        let slot = top + row as usize / rows_per_slot;
        if slot >= SLOTS {
            break;
        }
        let y = grid.y + row;
        let first_row_of_slot = (row as usize).is_multiple_of(rows_per_slot);
        if first_row_of_slot {
            let minutes = slot as u32 * SLOT_MINUTES;
            let is_now = now_slot.is_some_and(|(_, s)| s == slot);
            let label = if is_now {
                format!("{:>5}", now.format("%H:%M"))
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
            buf.set_string(area.x, y, label, style);
        }
        for day in 0..7 {
            let x = col_x(day);
            // Outside the working day the separators are dashed.
            let in_work = (work_from..work_to).contains(&slot);
            buf.set_string(x, y, if in_work { "│" } else { "╎" }, theme.muted);
            if now_slot == Some((day, slot)) && first_row_of_slot {
                for dx in 1..col_width {
                    buf.set_string(x + dx, y, "─", theme.accent);
                }
            }
        }
    }

    // Items.
    for p in &placed {
        let (title, status, start, end) = match week.occurrences.get(p.index) {
            Some(o) => (
                o.title.as_str(),
                Some(o.status),
                o.start.to_utc(),
                o.end.to_utc(),
            ),
            None => match week.events.get(p.index - week.occurrences.len()) {
                Some((e, _)) => (e.title.as_str(), None, e.start, e.end),
                None => continue,
            },
        };
        let category = week
            .events
            .get(p.index.wrapping_sub(week.occurrences.len()))
            .map(|(_, c)| *c);
        let from = p.from.max(top);
        let to = p.to.min(top + visible);
        if from >= to {
            continue;
        }
        let y0 = grid.y + ((from - top) * rows_per_slot) as u16;
        let y1 = (grid.y + ((to - top) * rows_per_slot) as u16).min(grid.bottom());
        let inner_width = col_width.saturating_sub(1);
        let Some(lanes) = lane_layout(inner_width, p.lanes) else {
            continue;
        };
        let lane_x = |lane: usize| col_x(p.day) + 1 + lanes.width * lane as u16;
        let lane_w = |lane: usize| {
            if lane + 1 == lanes.drawn {
                lanes.lanes_width.saturating_sub(lanes.width * lane as u16)
            } else {
                lanes.width
            }
        };
        if p.lane >= lanes.drawn {
            // No room for its lane: the column's end says how many more share the slot.
            if lanes.more && y0 < y1 {
                let more = strings::week_more(p.lanes - lanes.drawn);
                let at = col_x(p.day) + 1 + lanes.lanes_width;
                buf.set_stringn(at, y0, more, usize::from(MORE_WIDTH), theme.muted);
            }
            continue;
        }
        let x = lane_x(p.lane);
        let width = lane_w(p.lane);
        if width == 0 || x >= area.right() {
            continue;
        }
        let width = width.min(area.right() - x);
        let selected = week.selected == Some(p.index);
        let mut style = match (status, category) {
            (Some(OccurrenceStatus::Skipped), _) => theme.skipped,
            (Some(_), _) => theme.block,
            (None, Some(c)) => theme.category(c),
            (None, None) => theme.muted,
        };
        if selected {
            style = style.patch(theme.block_selected);
        }
        let item = Rect {
            x,
            y: y0,
            width,
            height: y1 - y0,
        };
        buf.set_style(item, style);
        for yy in item.y..item.bottom() {
            for xx in item.x..item.right() {
                buf[(xx, yy)].set_symbol(" ");
            }
        }
        let (start, end) = (start.with_timezone(&zone), end.with_timezone(&zone));
        let time = if width >= 11 {
            format!("{}-{}", start.format("%H:%M"), end.format("%H:%M"))
        } else {
            start.format("%H:%M").to_string()
        };
        let marker = match (status, category) {
            (Some(s), _) => status_icon(s),
            (None, Some(c)) => category_marker(c),
            (None, None) => "",
        };
        let lines = [format!("{marker}{title}"), time];
        // The title goes on the first visible row; the time below it if there is room.
        for (i, text) in lines.iter().enumerate().take(item.height as usize) {
            if p.from < top && i == 0 {
                buf.set_stringn(x, item.y, format!("↑{text}"), width as usize, style);
            } else {
                buf.set_stringn(x, item.y + i as u16, text, width as usize, style);
            }
        }
    }

    // The cursor: a bar across the column, unless it is on a selected item.
    if week.selected.is_none() && week.slot >= top && week.slot < top + visible {
        let y = grid.y + ((week.slot - top) * rows_per_slot) as u16;
        let bar = Rect {
            x: col_x(week.day) + 1,
            y,
            width: col_width.saturating_sub(1),
            height: 1,
        };
        buf.set_style(bar, theme.selection);
        let hint = format!("{}", week.cursor_time().format("%H:%M"));
        buf.set_stringn(bar.x, y, hint, bar.width as usize, theme.selection);
    }

    // The info line.
    let info = match (week.selected_occurrence(), week.selected_event()) {
        (None, Some((e, category))) => Line::from(format!(
            " {} · {} {}–{} · {} · a classify the series · A this one",
            e.title,
            e.start.with_timezone(&zone).format("%a %-d %b"),
            e.start.with_timezone(&zone).format("%H:%M"),
            e.end.with_timezone(&zone).format("%H:%M"),
            category.as_str()
        )),
        (Some(o), _) => {
            let mut text = format!(
                " {} · {} {}–{} · {}",
                o.title,
                o.start.with_timezone(&zone).format("%a %-d %b"),
                o.start.with_timezone(&zone).format("%H:%M"),
                o.end.with_timezone(&zone).format("%H:%M"),
                o.status.label()
            );
            if o.moved {
                text.push_str(" · moved");
            }
            text.push_str(if o.repeating {
                " · repeats"
            } else {
                " · once"
            });
            text.push_str(" · Enter for actions");
            Line::from(text)
        }
        (None, None) => {
            let all_day = week.all_day_on(week.cursor_time().date(), zone);
            let all_day = if all_day.is_empty() {
                String::new()
            } else {
                format!(" · all day: {}", all_day.join(", "))
            };
            Line::styled(
                format!(
                    " {}{all_day} · {}",
                    week.cursor_time().format("%a %-d %b %H:%M"),
                    strings::WEEK_EMPTY_HINT
                ),
                theme.muted,
            )
        }
    };
    info.render(info_row, buf);
}

/// Draws the details window of the selected occurrence.
pub fn render_details(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(o) = app.week.selected_occurrence() else {
        return;
    };
    let zone = app.zone();
    let theme = &app.theme;
    let mut lines = vec![
        Line::from(vec![Span::styled(o.title.clone(), theme.accent)]),
        Line::raw(format!(
            "{} {}–{} ({} min)",
            o.start.with_timezone(&zone).format("%A %-d %B"),
            o.start.with_timezone(&zone).format("%H:%M"),
            o.end.with_timezone(&zone).format("%H:%M"),
            o.minutes()
        )),
        Line::raw(format!(
            "Status: {}",
            match o.status {
                OccurrenceStatus::PartlyKept => format!("partly kept ({} min)", o.kept_minutes),
                s => s.as_str().to_string(),
            }
        )),
    ];
    if o.moved {
        lines.push(Line::raw(format!(
            "Moved from {}",
            o.original.format("%a %-d %b %H:%M")
        )));
    }
    if let Some(reason) = &o.reason {
        lines.push(Line::raw(format!("Reason: {reason}")));
    }
    if !o.intention.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!("Why: {}", o.intention), theme.muted));
    }
    lines.push(Line::raw(""));
    for (keys, what) in [
        ("y", "kept"),
        ("u", "partly kept…"),
        ("x", "skip…"),
        ("c", "clear the mark"),
        ("m", "move…"),
        ("e", "edit…"),
        ("d", "delete…"),
        ("Esc", "close"),
    ] {
        lines.push(Line::from(vec![
            Span::styled(format!("{keys:>4}  "), theme.accent),
            Span::raw(what),
        ]));
    }
    let popup = centered(area, 60, lines.len() as u16 + 2);
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(theme.accent)
                .title(" Block "),
        )
        .render(popup, buf);
}

/// Draws a "which occurrences?" question.
pub fn render_scope(app: &App, area: Rect, buf: &mut Buffer) {
    let (question, keys): (&str, &str) = match &app.overlay {
        Some(Overlay::DeleteScope {
            repeating: true, ..
        }) => (
            strings::DELETE_WHICH,
            "o this one · f this and following · a all · Esc keep",
        ),
        Some(Overlay::DeleteScope {
            repeating: false, ..
        }) => (strings::DELETE_ONE, "y delete · Esc keep"),
        Some(Overlay::EditScope { .. }) => (
            strings::EDIT_WHICH,
            "f this and following · a all · Esc cancel",
        ),
        _ => return,
    };
    super::ui::render_question(app, area, buf, question, keys);
}

/// Field order of the block form.
mod field {
    pub const TITLE: usize = 0;
    pub const WHY: usize = 1;
    pub const START: usize = 2;
    pub const LENGTH: usize = 3;
    pub const DAYS: usize = 4;
    pub const EVERY: usize = 5;
    pub const UNTIL: usize = 6;
}

fn block_form(
    title: &str,
    purpose: FormPurpose,
    spec: &BlockSpec,
    theme: &super::theme::Theme,
) -> Form {
    let (days, every, until) = match &spec.repeat {
        Repeat::Once => (String::new(), String::new(), String::new()),
        Repeat::Weekly { days, every, until } => (
            days.iter()
                .map(|d| weekday_name(*d))
                .collect::<Vec<_>>()
                .join(","),
            every.to_string(),
            until.map(|u| u.to_string()).unwrap_or_default(),
        ),
    };
    let minutes = if spec.minutes.is_multiple_of(60) {
        format!("{}h", spec.minutes / 60)
    } else {
        spec.minutes.to_string()
    };
    Form::new(
        title,
        purpose,
        &[
            ("Title", "e.g. Vision work", spec.title.clone()),
            (
                "Why",
                "why this time matters (optional)",
                spec.intention.clone(),
            ),
            (
                "Start",
                "YYYY-MM-DD HH:MM",
                spec.start.format("%Y-%m-%d %H:%M").to_string(),
            ),
            ("Length", "90, 1h30 or 2h (5 min to 12 h)", minutes),
            ("Repeat on", "weekdays, e.g. tue,thu; empty: once", days),
            ("Every", "weeks between repeats (default 1)", every),
            ("Until", "YYYY-MM-DD (optional)", until),
        ],
        theme,
    )
}

/// Reads the block form into a checked description, or the field to blame and why.
fn read_block_form(
    form: &Form,
    zone: Tz,
    now: NaiveDateTime,
) -> Result<BlockSpec, (usize, String)> {
    let start = read_date_time(&form.value(field::START), now)
        .map_err(|e| (field::START, e.to_string()))?;
    let minutes =
        parse_minutes(&form.value(field::LENGTH)).map_err(|e| (field::LENGTH, e.to_string()))?;
    let days_text = form.value(field::DAYS);
    let (every_text, until_text) = (form.value(field::EVERY), form.value(field::UNTIL));
    let repeat = if days_text.is_empty() {
        if !every_text.is_empty() || !until_text.is_empty() {
            return Err((field::DAYS, strings::DAYS_NEEDED.to_string()));
        }
        Repeat::Once
    } else {
        Repeat::Weekly {
            days: parse_weekdays(&days_text).map_err(|e| (field::DAYS, e.to_string()))?,
            every: if every_text.is_empty() {
                1
            } else {
                parse_every(&every_text).map_err(|e| (field::EVERY, e.to_string()))?
            },
            until: if until_text.is_empty() {
                None
            } else {
                Some(read_date(&until_text, now).map_err(|e| (field::UNTIL, e.to_string()))?)
            },
        }
    };
    let spec = BlockSpec {
        title: form.value(field::TITLE),
        intention: form.value(field::WHY),
        start,
        minutes,
        repeat,
    };
    spec.validated(zone).map_err(|e| {
        let at = match e {
            BlockError::EmptyTitle | BlockError::LongTitle => field::TITLE,
            BlockError::BadLength(_) | BlockError::NotANumber(_) | BlockError::NotAPart { .. } => {
                field::LENGTH
            }
            BlockError::BadWeekday(_) => field::DAYS,
            BlockError::BadInterval(_) => field::EVERY,
            BlockError::UntilBeforeStart { .. } => field::UNTIL,
            BlockError::InDstGap { .. } | BlockError::BadRule(_) => field::START,
        };
        (at, e.to_string())
    })
}

impl App {
    /// Applies a Week screen action; false if `action` is not one.
    pub(super) fn apply_week(&mut self, action: &Action) -> bool {
        let zone = self.zone();
        match action {
            Action::CursorLeft => {
                if self.week.day == 0 {
                    self.change_week(-7);
                    self.week.day = 6;
                } else {
                    self.week.day -= 1;
                }
            }
            Action::CursorRight => {
                if self.week.day == 6 {
                    self.change_week(7);
                    self.week.day = 0;
                } else {
                    self.week.day += 1;
                }
            }
            Action::CursorUp => self.week.slot = self.week.slot.saturating_sub(1),
            Action::CursorDown => self.week.slot = (self.week.slot + 1).min(SLOTS - 1),
            Action::PreviousWeek => self.change_week(-7),
            Action::NextWeek => self.change_week(7),
            Action::ThisWeek => {
                self.week
                    .cursor_to_now(self.now().naive_local(), self.config.workday.start.0);
                self.reload_blocks();
            }
            Action::NextItem | Action::PreviousItem => {
                let forward = *action == Action::NextItem;
                let mut timeline = self.week.spans(zone);
                timeline.sort_by_key(|&(i, start, _)| (start, i));
                let n = timeline.len();
                if n == 0 {
                    self.set_status(strings::NO_BLOCKS_THIS_WEEK.to_string());
                    return true;
                }
                let cursor = self.week.cursor_time();
                let at = self
                    .week
                    .selected
                    .and_then(|sel| timeline.iter().position(|(i, _, _)| *i == sel));
                let next = match (at, forward) {
                    (Some(k), true) => (k + 1) % n,
                    (Some(k), false) => (k + n - 1) % n,
                    (None, true) => timeline
                        .iter()
                        .position(|(_, s, _)| *s >= cursor)
                        .unwrap_or(0),
                    (None, false) => timeline
                        .iter()
                        .rposition(|(_, s, _)| *s < cursor)
                        .unwrap_or(n - 1),
                };
                let index = timeline[next].0;
                if let Some(p) = self.week.place(zone).into_iter().find(|p| p.index == index) {
                    self.week.day = p.day;
                    self.week.slot = p.from;
                }
                self.week.selected = Some(index);
                return true;
            }
            Action::CycleSeriesCategory | Action::CycleEventCategory => {
                let Some((event, category)) = self.week.selected_event().cloned() else {
                    self.set_status(strings::NO_EVENT_HERE.to_string());
                    return true;
                };
                let next = category.next();
                let (key, scope) = if *action == Action::CycleSeriesCategory {
                    (crate::store::SERIES, strings::ALL_OCCURRENCES)
                } else {
                    (event.key, strings::THIS_OCCURRENCE)
                };
                match self.store.set_classification(&event.uid, key, next) {
                    Ok(()) => {
                        self.set_status(strings::classified(&event.title, scope, next.as_str()));
                        self.reload_blocks();
                    }
                    Err(e) => self.set_error(crate::describe(&e)),
                }
                return true;
            }
            Action::NewBlock => {
                let spec = BlockSpec {
                    title: String::new(),
                    intention: String::new(),
                    start: self.week.cursor_time(),
                    minutes: 120,
                    repeat: Repeat::Once,
                };
                self.form = Some(block_form(
                    strings::NEW_BLOCK_TITLE,
                    FormPurpose::NewBlock,
                    &spec,
                    &self.theme,
                ));
                return true;
            }
            Action::OpenItem => {
                if self.week.selected_occurrence().is_some() {
                    self.overlay = Some(Overlay::Details);
                } else if let Some((e, category)) = self.week.selected_event() {
                    // Imported events are read-only here: say what bearing knows of one.
                    let text = strings::event_details(
                        &e.title,
                        &e.calendar,
                        &e.start
                            .with_timezone(&zone)
                            .format("%a %-d %b %H:%M")
                            .to_string(),
                        e.minutes(),
                        category.as_str(),
                        &e.organizer,
                        e.attendees,
                    );
                    self.set_status(text);
                } else {
                    self.set_status(strings::NO_BLOCK_HERE.to_string());
                }
                return true;
            }
            Action::SkipOccurrence
            | Action::MoveOccurrence
            | Action::MarkKept
            | Action::MarkPartlyKept
            | Action::ClearMark
            | Action::EditBlock
            | Action::DeleteBlock => {
                self.overlay = None;
                let Some(o) = self.week.selected_occurrence().cloned() else {
                    self.set_status(strings::NO_BLOCK_HERE.to_string());
                    return true;
                };
                self.act_on_occurrence(action, &o);
                return true;
            }
            Action::ChooseThisOccurrence
            | Action::ChooseFollowing
            | Action::ChooseAll
            | Action::Confirm => {
                return self.answer_scope(action);
            }
            _ => return false,
        }
        self.week.select_at_cursor(zone);
        true
    }

    fn change_week(&mut self, days: i64) {
        self.week.start += Duration::days(days);
        self.reload_blocks();
    }

    fn act_on_occurrence(&mut self, action: &Action, o: &Occurrence) {
        let (block_id, original) = (o.block_id, o.original);
        let one_line = |title: &str, purpose, label, hint, text: String, theme| {
            Form::new(title, purpose, &[(label, hint, text)], theme)
        };
        match action {
            Action::SkipOccurrence => {
                self.form = Some(one_line(
                    strings::SKIP_TITLE,
                    FormPurpose::SkipOccurrence { block_id, original },
                    "Reason",
                    "optional, e.g. offsite",
                    o.reason.clone().unwrap_or_default(),
                    &self.theme,
                ));
            }
            Action::MoveOccurrence => {
                let at = o
                    .start
                    .with_timezone(&self.zone())
                    .format("%Y-%m-%d %H:%M")
                    .to_string();
                self.form = Some(one_line(
                    strings::MOVE_TITLE,
                    FormPurpose::MoveOccurrence { block_id, original },
                    "New start",
                    "YYYY-MM-DD HH:MM",
                    at,
                    &self.theme,
                ));
            }
            Action::MarkPartlyKept => {
                self.form = Some(one_line(
                    strings::PARTLY_TITLE,
                    FormPurpose::PartlyKept { block_id, original },
                    "Minutes kept",
                    "e.g. 45",
                    String::new(),
                    &self.theme,
                ));
            }
            Action::MarkKept => self.change(block_id, original, strings::MARKED_KEPT, |e| {
                e.mark = Some(Mark::Kept)
            }),
            Action::ClearMark => self.change(block_id, original, strings::MARK_CLEARED, |e| {
                e.mark = None;
                e.reason = None;
            }),
            Action::EditBlock => match self.store.block(block_id) {
                Ok(Some(block)) => {
                    let spec = BlockSpec {
                        start: o.original,
                        ..block.spec()
                    };
                    self.form = Some(block_form(
                        strings::EDIT_BLOCK_TITLE,
                        FormPurpose::EditBlock { block_id, original },
                        &spec,
                        &self.theme,
                    ));
                }
                Ok(None) => self.set_error(strings::BLOCK_GONE.to_string()),
                Err(e) => self.set_error(crate::describe(&e)),
            },
            Action::DeleteBlock => {
                self.overlay = Some(Overlay::DeleteScope {
                    block_id,
                    original,
                    repeating: o.repeating,
                });
            }
            _ => {}
        }
    }

    /// Applies one change to one occurrence, reports it, reloads.
    fn change(
        &mut self,
        block_id: i64,
        original: NaiveDateTime,
        done: &str,
        f: impl FnOnce(&mut crate::domain::block::Exception),
    ) {
        match self.store.change_occurrence(block_id, original, f) {
            Ok(_) => {
                self.set_status(done.to_string());
                self.reload_blocks();
            }
            Err(e) => self.set_error(crate::describe(&e)),
        }
    }

    fn answer_scope(&mut self, action: &Action) -> bool {
        let Some(overlay) = self.overlay.clone() else {
            return false;
        };
        let result = match (overlay, action) {
            (
                Overlay::DeleteScope {
                    block_id,
                    original,
                    repeating: true,
                },
                Action::ChooseThisOccurrence,
            ) => {
                self.overlay = None;
                self.change(block_id, original, strings::DELETED_ONE, |e| {
                    e.removed = true
                });
                return true;
            }
            (
                Overlay::DeleteScope {
                    block_id,
                    original,
                    repeating: true,
                },
                Action::ChooseFollowing,
            ) => self
                .store
                .delete_block(block_id, Some(original.date()))
                .map(|_| strings::DELETED_FOLLOWING),
            (Overlay::DeleteScope { block_id, .. }, Action::ChooseAll | Action::Confirm) => self
                .store
                .delete_block(block_id, None)
                .map(|_| strings::DELETED_SERIES),
            (
                Overlay::EditScope {
                    block_id,
                    original,
                    spec,
                },
                Action::ChooseFollowing,
            ) => self
                .store
                .split_block(block_id, original.date(), &spec)
                .map(|_| strings::EDITED_FOLLOWING),
            (Overlay::EditScope { block_id, spec, .. }, Action::ChooseAll) => {
                // The series keeps its first week; the new time and days apply to all.
                let first = match self.store.block(block_id) {
                    Ok(Some(b)) => b.start.date(),
                    _ => spec.start.date(),
                };
                let all = BlockSpec {
                    start: first.and_time(spec.start.time()),
                    ..spec
                };
                match all.validated(self.zone()) {
                    Ok(all) => self
                        .store
                        .update_block(block_id, &all)
                        .map(|_| strings::EDITED_SERIES),
                    Err(e) => {
                        self.overlay = None;
                        self.set_error(e.to_string());
                        return true;
                    }
                }
            }
            _ => return self.overlay.is_some(),
        };
        self.overlay = None;
        match result {
            Ok(done) => {
                self.set_status(done.to_string());
                self.reload_blocks();
            }
            Err(e) => self.set_error(crate::describe(&e)),
        }
        true
    }

    /// Applies a form action; false if `action` is not one.
    pub(super) fn apply_form(&mut self, action: &Action) -> bool {
        let Some(form) = self.form.as_mut() else {
            return false;
        };
        match action {
            Action::NextField => form.next(&self.theme),
            Action::PreviousField => form.previous(&self.theme),
            Action::CancelForm => self.form = None,
            Action::ClearField => form.clear(),
            Action::EditText(input) => {
                form.input_key(input.clone());
            }
            Action::PasteText(text) => {
                // Fields are single lines: a pasted line break becomes a space.
                let text: String = text
                    .chars()
                    .take(1000)
                    .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
                    .collect();
                form.insert(&text);
            }
            Action::SubmitForm => self.submit_form(),
            Action::Quit => return false,
            _ => return true,
        }
        true
    }

    fn submit_form(&mut self) {
        let Some(form) = self.form.as_ref() else {
            return;
        };
        let zone = self.zone();
        let now = self.now().naive_local();
        let outcome: Result<String, (usize, String)> = match form.purpose.clone() {
            purpose @ (FormPurpose::HistoryFilter | FormPurpose::GoToDate) => {
                match self.submit_history_form(&purpose) {
                    Ok(done) => self.set_status(done),
                    Err((field, message)) => {
                        if let Some(form) = self.form.as_mut() {
                            form.fail(field, message, &self.theme);
                        }
                    }
                }
                return;
            }
            purpose @ (FormPurpose::NewConversation | FormPurpose::FollowUp { .. }) => {
                self.submit_conversation_form(&purpose)
            }
            FormPurpose::NewBlock => read_block_form(form, zone, now).and_then(|spec| {
                let saved = self
                    .store
                    .insert_block(&spec, zone)
                    .map_err(|e| (0, crate::describe(&e)))?;
                // Show the new block: its first occurrence's week, with it under the cursor.
                self.week.cursor_to_now(spec.start, spec.start.time());
                Ok(strings::block_saved(
                    &saved.title,
                    &spec.repeat.to_string(),
                    &spec.start.format("%a %-d %b %Y %H:%M").to_string(),
                ))
            }),
            FormPurpose::EditBlock { block_id, original } => read_block_form(form, zone, now)
                .and_then(|spec| {
                    let repeating = self
                        .store
                        .block(block_id)
                        .ok()
                        .flatten()
                        .is_some_and(|b| b.repeat != Repeat::Once);
                    if repeating {
                        self.overlay = Some(Overlay::EditScope {
                            block_id,
                            original,
                            spec,
                        });
                        Ok(String::new())
                    } else {
                        self.store
                            .update_block(block_id, &spec)
                            .map(|_| strings::EDITED_SERIES.to_string())
                            .map_err(|e| (0, crate::describe(&e)))
                    }
                }),
            FormPurpose::MoveOccurrence { block_id, original } => {
                let text = form.value(0);
                read_date_time(&text, now)
                    .and_then(|t| localize_in(&zone, t).map(|_| t))
                    .map_err(|e| (0, e.to_string()))
                    .and_then(|to| {
                        let moved = (to != original).then_some(to);
                        self.store
                            .change_occurrence(block_id, original, |e| e.moved_to = moved)
                            .map(|_| strings::moved(&to.format("%a %-d %b %H:%M").to_string()))
                            .map_err(|e| (0, crate::describe(&e)))
                    })
            }
            FormPurpose::SkipOccurrence { block_id, original } => {
                let reason = Some(form.value(0)).filter(|r| !r.is_empty());
                self.store
                    .change_occurrence(block_id, original, |e| {
                        e.mark = Some(Mark::Skipped);
                        e.reason = reason;
                    })
                    .map(|_| strings::SKIPPED.to_string())
                    .map_err(|e| (0, crate::describe(&e)))
            }
            FormPurpose::PartlyKept { block_id, original } => {
                let length = self
                    .week
                    .occurrences
                    .iter()
                    .find(|o| o.block_id == block_id && o.original == original)
                    .map_or(u32::MAX, Occurrence::minutes);
                match parse_kept_minutes(&form.value(0), length) {
                    Ok(m) => self
                        .store
                        .change_occurrence(block_id, original, |e| {
                            e.mark = Some(Mark::PartlyKept(m))
                        })
                        .map(|_| strings::MARKED_PARTLY.to_string())
                        .map_err(|e| (0, crate::describe(&e))),
                    Err(e) => Err((0, e.to_string())),
                }
            }
        };
        match outcome {
            Ok(done) => {
                self.form = None;
                if !done.is_empty() {
                    self.set_status(done);
                }
                self.reload_blocks();
            }
            Err((field, message)) => {
                if let Some(form) = self.form.as_mut() {
                    form.fail(field, message, &self.theme);
                }
            }
        }
    }
}
