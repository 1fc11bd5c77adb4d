//! Where an expansion puts the occurrences it finds: whole [`EventOccurrence`]s to read,
//! or an import's rows ([`RowSink`]), each event's text once per series.

use chrono::{DateTime, Utc};

use super::run::SeriesContext;
use crate::calendar::vevent::Vevent;
use crate::domain::event::{
    EventOccurrence, EventText, ImportRows, OccurrenceRow, Placement, SeriesRows, SharedText,
};
use crate::domain::hash::{FastMap, HashMapExt as _};
use crate::domain::shared::Shared;

/// Where an occurrence falls, as an expansion hands it to a [`Sink`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Placed {
    pub(super) key: i64,
    pub(super) start: DateTime<Utc>,
    pub(super) end: DateTime<Utc>,
    pub(super) all_day: bool,
    pub(super) cancelled: bool,
    /// Within the text budgets: the event's whole text, else only a short title.
    pub(super) full_text: bool,
}

/// Where an expansion puts what it finds: whole occurrences to read, or an import's rows.
pub(super) trait Sink {
    /// How many occurrences it holds.
    fn count(&self) -> usize;
    /// Adds an occurrence of `e`.
    fn put(&mut self, ctx: &SeriesContext<'_>, e: &Vevent, at: Placed);
    /// Every occurrence of one UID has been put; false stops the expansion.
    fn uid_done(&mut self) -> bool {
        true
    }
}

/// `text` cut to at most `bytes` bytes, on a character boundary.
fn cut(text: &str, bytes: usize) -> String {
    if text.len() <= bytes {
        return text.to_string();
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// The text of `e` an occurrence keeps: all of it, or past the budgets a short title.
fn text_of(e: &Vevent, full_text: bool, cancelled: bool) -> EventText {
    EventText {
        title: if full_text {
            e.title.clone()
        } else {
            cut(&e.title, 80)
        },
        description: if full_text {
            e.description.clone()
        } else {
            String::new()
        },
        categories: if full_text {
            e.categories.clone()
        } else {
            Vec::new()
        },
        organizer: if full_text {
            e.organizer.clone()
        } else {
            cut(&e.organizer, 80)
        },
        attendees: e.attendees,
        attendee_list: if full_text {
            e.attendee_list.clone()
        } else {
            Vec::new()
        },
        transparent: e.transparent,
        tentative: e.tentative,
        cancelled,
    }
}

/// Whole occurrences to read: each event's text made once and shared by its
/// occurrences, as the calendar's name and each series' UID are.
#[derive(Default)]
pub(super) struct OccurrenceSink {
    /// The occurrences, in the order they were put.
    pub(super) out: Vec<EventOccurrence>,
    /// The text of each event (by its place in the parsed calendar, which outlives the
    /// sink), cancelled or not, whole or cut.
    texts: FastMap<(usize, bool, bool), SharedText>,
    /// The calendar's name and the UID of the series being put.
    names: Option<(Shared<String>, Shared<String>)>,
}

impl Sink for OccurrenceSink {
    fn count(&self) -> usize {
        self.out.len()
    }

    fn put(&mut self, ctx: &SeriesContext<'_>, e: &Vevent, at: Placed) {
        let event = std::ptr::from_ref(e) as usize;
        let text = self
            .texts
            .entry((event, at.cancelled, at.full_text))
            .or_insert_with(|| text_of(e, at.full_text, at.cancelled).into());
        let (calendar, uid) = match self.names.take() {
            Some((calendar, uid)) if *calendar == ctx.calendar && *uid == ctx.uid => {
                (calendar, uid)
            }
            _ => (ctx.calendar.into(), ctx.uid.into()),
        };
        self.out.push(text.occurrence(Placement {
            id: 0,
            calendar: &calendar,
            uid: &uid,
            recurring: ctx.recurring,
            key: at.key,
            start: at.start,
            end: at.end,
            all_day: at.all_day,
        }));
        self.names = Some((calendar, uid));
    }
}

/// An import's rows: each event's text once per series, each occurrence in a few bytes.
pub(super) struct RowSink<'e> {
    rows: ImportRows,
    count: usize,
    /// The series and text index of each event (by its place in the parsed calendar),
    /// cancelled or not, whole or cut.
    texts: FastMap<(usize, bool, bool), (usize, u32)>,
    /// Where each series goes once its UID is done.
    each: &'e mut dyn FnMut(SeriesRows) -> bool,
}

impl<'e> RowSink<'e> {
    /// Rows handed to `each`, a series at a time.
    pub(super) fn new(each: &'e mut dyn FnMut(SeriesRows) -> bool) -> RowSink<'e> {
        RowSink {
            rows: ImportRows::default(),
            count: 0,
            texts: FastMap::new(),
            each,
        }
    }
}

impl Sink for RowSink<'_> {
    fn count(&self) -> usize {
        self.count
    }

    fn uid_done(&mut self) -> bool {
        self.texts.clear();
        std::mem::take(&mut self.rows)
            .series
            .into_iter()
            .all(|series| (self.each)(series))
    }

    fn put(&mut self, ctx: &SeriesContext<'_>, e: &Vevent, at: Placed) {
        // The event's address identifies it while the parsed calendar is borrowed.
        let event = std::ptr::from_ref(e) as usize;
        let (series, text) = match self.texts.get(&(event, at.cancelled, at.full_text)) {
            Some(&found) => found,
            None => {
                let series = self.rows.series_index(ctx.uid, ctx.recurring);
                let texts = &mut self.rows.series[series].texts;
                let text = u32::try_from(texts.len()).unwrap_or(u32::MAX);
                texts.push(text_of(e, at.full_text, at.cancelled));
                self.texts
                    .insert((event, at.cancelled, at.full_text), (series, text));
                (series, text)
            }
        };
        self.rows.series[series].occurrences.push(OccurrenceRow {
            text,
            key: at.key,
            start: at.start.timestamp(),
            end: at.end.timestamp(),
            all_day: at.all_day,
        });
        self.count += 1;
    }
}
