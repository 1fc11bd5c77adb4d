//! One expansion's window and its progress against its [`Limits`]: the gate every
//! occurrence passes on its way to a [`Sink`].

use chrono::{DateTime, Duration, Utc};

use super::Limits;
use super::sink::{Placed, Sink};
use crate::calendar::recur::Budget;
use crate::calendar::values::{Start, bounds};
use crate::calendar::vevent::Vevent;
use crate::calendar::zones::Zones;
use crate::calendar::{Notes, called};

/// What every occurrence of one series shares.
pub(super) struct SeriesContext<'a> {
    pub(super) calendar: &'a str,
    pub(super) uid: &'a str,
    pub(super) recurring: bool,
    pub(super) zones: &'a Zones,
}

/// An occurrence the expansion has placed in its series: which event it shows, where,
/// and whether it was called off.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scheduled<'e> {
    pub(super) event: &'e Vevent,
    /// Its key in its series (the scheduled start's, for a moved one).
    pub(super) key: i64,
    pub(super) start: Start,
    pub(super) length: Duration,
    /// Kept, marked cancelled (so a 1:1 called off can be told from one never planned);
    /// a cancelled `event` marks it too.
    pub(super) cancelled: bool,
}

impl<'e> Scheduled<'e> {
    /// `event` where and as long as it says, under `key`.
    pub(super) fn as_written(event: &'e Vevent, key: i64) -> Scheduled<'e> {
        Scheduled {
            event,
            key,
            start: event.start,
            length: event.length,
            cancelled: false,
        }
    }
}

/// One expansion's window and its progress against its [`Limits`].
pub(super) struct Run<'a> {
    pub(super) limits: &'a Limits,
    /// Occurrences overlapping `[from, to)` are kept.
    pub(super) window: (DateTime<Utc>, DateTime<Utc>),
    pub(super) budget: Budget,
    /// Bytes of text the occurrences carry in full so far.
    text: usize,
    /// The calendar has as many occurrences as it may.
    pub(super) full: bool,
    pub(super) budget_noted: bool,
    text_noted: bool,
}

/// What one series has produced so far.
#[derive(Debug, Default)]
pub(super) struct SeriesCount {
    occurrences: usize,
    /// Bytes of text its occurrences carry in full.
    text: usize,
    text_noted: bool,
}

impl Run<'_> {
    /// A run over `window` within `limits`, nothing produced yet.
    pub(super) fn new(limits: &Limits, window: (DateTime<Utc>, DateTime<Utc>)) -> Run<'_> {
        Run {
            limits,
            window,
            budget: Budget::new(limits.rule_work),
            text: 0,
            full: false,
            budget_noted: false,
            text_noted: false,
        }
    }

    /// Makes and keeps occurrence `at`, if it overlaps the window and there is room.
    /// `false` when the series or the calendar is full.
    pub(super) fn add(
        &mut self,
        ctx: &SeriesContext<'_>,
        at: Scheduled<'_>,
        in_series: &mut SeriesCount,
        out: &mut impl Sink,
        notes: &mut Notes,
    ) -> bool {
        let e = at.event;
        let Some((s, end)) = bounds(at.start, at.length, ctx.zones) else {
            notes.push(|| {
                format!(
                    "line {}: an occurrence of {} ends past the years bearing can count; left out",
                    e.line,
                    called(&e.title)
                )
            });
            return true;
        };
        let (from, to) = self.window;
        let overlaps = end > from && s < to || (s == end && s >= from && s < to);
        if !overlaps {
            return true;
        }
        if !self.room_for_one(e, in_series, out.count(), notes) {
            return false;
        }
        let full_text = self.room_for_text(ctx, e, in_series, notes);
        out.put(
            ctx,
            e,
            Placed {
                key: at.key,
                start: s,
                end,
                all_day: matches!(at.start, Start::Date(_)),
                cancelled: at.cancelled || e.cancelled,
                full_text,
            },
        );
        true
    }

    /// Whether the calendar (holding `count`) and the series have room for one more
    /// occurrence of `e`, which is then counted; a note when not.
    fn room_for_one(
        &mut self,
        e: &Vevent,
        in_series: &mut SeriesCount,
        count: usize,
        notes: &mut Notes,
    ) -> bool {
        if count >= self.limits.per_calendar {
            self.full = true;
            notes.push(|| format!("the calendar has more than {} occurrences in the period; {} and later events are not counted", self.limits.per_calendar, called(&e.title)));
            return false;
        }
        if in_series.occurrences >= self.limits.per_series {
            notes.push(|| format!("line {}: {} has more than {} occurrences in the period; the rest are not counted", e.line, called(&e.title), self.limits.per_series));
            return false;
        }
        in_series.occurrences += 1;
        true
    }

    /// Whether an occurrence of `e` may carry its whole text, which is then counted
    /// against the budgets; a note the first time one may not.
    fn room_for_text(
        &mut self,
        ctx: &SeriesContext<'_>,
        e: &Vevent,
        in_series: &mut SeriesCount,
        notes: &mut Notes,
    ) -> bool {
        // Each occurrence copies its event's text; past the budgets, only a short title,
        // so a long description repeated hourly cannot fill the memory.
        let size = e.text_size() + ctx.calendar.len();
        let series_room = in_series.text + size <= self.limits.series_text_bytes;
        let calendar_room = self.text + size <= self.limits.text_bytes;
        let full_text = series_room && calendar_room;
        if full_text {
            self.text += size;
            in_series.text += size;
        } else if !series_room && !in_series.text_noted {
            in_series.text_noted = true;
            let mb = self.limits.series_text_bytes >> 20;
            notes.push(|| format!("line {}: the occurrences of {} repeat more than {mb} MB of its text; later ones keep only the start of their title", e.line, called(&e.title)));
        } else if !calendar_room && !self.text_noted {
            self.text_noted = true;
            let mb = self.limits.text_bytes >> 20;
            notes.push(|| format!("line {}: the calendar's occurrences carry more than {mb} MB of text; from {} on they keep only the start of their titles", e.line, called(&e.title)));
        }
        full_text
    }
}
