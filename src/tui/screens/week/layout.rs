//! Where each item goes on the Week's grid: the slots it covers, its lane among the
//! items it overlaps, how a day column splits into lanes, and the rows in view. Pure:
//! the view draws what this places.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use chrono_tz::Tz;

use super::state::{SLOT_MINUTES, SLOTS, WeekState};

/// Width of the time gutter on the left.
pub(super) const GUTTER: u16 = 6;

/// The narrowest lane an item is drawn in, in cells.
const MIN_LANE_WIDTH: u16 = 4;

/// Room kept at the right of a crowded day column for "+N".
pub(super) const MORE_WIDTH: u16 = 3;

/// How a day column of `inner_width` cells holds side-by-side lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LaneLayout {
    /// Lanes drawn; items in later lanes are counted in "+N".
    pub drawn: usize,
    /// Width of each drawn lane but the last, which takes the rest of its share.
    pub width: u16,
    /// Width of the drawn lanes together.
    pub lanes_width: u16,
    /// Whether the column ends with a "+N" of `MORE_WIDTH` cells.
    pub more: bool,
}

/// Splits a day column into `lanes` lanes; when more lanes than fit, the last
/// `MORE_WIDTH` cells are kept for "+N". `None` when the column has no room at all.
pub(super) fn lane_layout(inner_width: u16, lanes: usize) -> Option<LaneLayout> {
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

/// The slot holding time of day `t`.
pub(super) fn slot_of(t: NaiveTime) -> usize {
    ((t.hour() * 60 + t.minute()) / SLOT_MINUTES) as usize
}

impl WeekState {
    /// Every timed item as (index, local start, local end): blocks first, then events.
    /// All-day events are not on the grid; the day headers mark them.
    pub(super) fn spans(&self, zone: Tz) -> Vec<(usize, NaiveDateTime, NaiveDateTime)> {
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
