//! Events imported from real calendars, and how their hours are classified.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::shared::Shared;

/// The occurrence key that stands for "the whole series" in the user's classifications.
pub const WHOLE_SERIES: i64 = i64::MIN;

/// Which kind of work an event is (domain.md: managing answers "how do we get there?",
/// leading "where are we going, and why?").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Status, stand-ups, reports, budgets, scheduling, approvals, admin.
    Managing,
    /// 1:1s, coaching, strategy, vision, hiring, feedback, career talks.
    Leading,
    /// Not work: lunch, personal, out of office.
    Excluded,
    /// Not decided yet.
    Unclassified,
}

impl Category {
    /// Every category, in the order a key cycles through them.
    pub const ALL: [Category; 4] = [
        Category::Managing,
        Category::Leading,
        Category::Excluded,
        Category::Unclassified,
    ];

    /// The name used in config, JSON and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Managing => "managing",
            Category::Leading => "leading",
            Category::Excluded => "excluded",
            Category::Unclassified => "unclassified",
        }
    }

    /// Reads a category name.
    pub fn parse(text: &str) -> Option<Category> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == text.trim().to_ascii_lowercase())
    }

    /// The next category, for a key that cycles.
    pub fn next(self) -> Category {
        match self {
            Category::Managing => Category::Leading,
            Category::Leading => Category::Excluded,
            Category::Excluded => Category::Unclassified,
            Category::Unclassified => Category::Managing,
        }
    }
}

/// An attendee's answer to an invitation (`PARTSTAT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartStat {
    /// No answer yet (also when the file says nothing).
    NeedsAction,
    /// Accepted.
    Accepted,
    /// Declined.
    Declined,
    /// Tentatively accepted.
    Tentative,
    /// Delegated to someone else.
    Delegated,
}

impl PartStat {
    /// The iCalendar name.
    pub fn as_str(self) -> &'static str {
        match self {
            PartStat::NeedsAction => "NEEDS-ACTION",
            PartStat::Accepted => "ACCEPTED",
            PartStat::Declined => "DECLINED",
            PartStat::Tentative => "TENTATIVE",
            PartStat::Delegated => "DELEGATED",
        }
    }

    /// Reads an iCalendar PARTSTAT (unknown values are no answer).
    pub fn parse(text: &str) -> PartStat {
        let text = text.trim();
        [
            PartStat::Accepted,
            PartStat::Declined,
            PartStat::Tentative,
            PartStat::Delegated,
        ]
        .into_iter()
        .find(|p| p.as_str().eq_ignore_ascii_case(text))
        .unwrap_or(PartStat::NeedsAction)
    }
}

/// One attendee of an event.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Attendee {
    /// Their address, lower case, without `mailto:`.
    pub address: String,
    /// Their answer.
    pub partstat: PartStat,
}

/// Whether the manager's hours in an occurrence count, as far as the calendar says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    /// Busy time: counts.
    #[default]
    Counted,
    /// Tentatively accepted: counts, and is marked so.
    Tentative,
    /// The manager declined: counts no hours.
    Declined,
    /// Shown as free (`TRANSP:TRANSPARENT`): counts no hours unless the config says so.
    Free,
}

impl Attendance {
    /// Whether its hours count.
    pub fn counts(self) -> bool {
        matches!(self, Attendance::Counted | Attendance::Tentative)
    }
}

/// One occurrence of an imported event. Its texts are [`Shared`] with the other
/// occurrences of its series that read the same (a clone counts, it does not copy).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventOccurrence {
    /// The journal's id for it (0 before it is stored).
    pub id: i64,
    /// The calendar it was imported into.
    pub calendar: Shared<String>,
    /// The event's UID (the series).
    pub uid: Shared<String>,
    /// Which occurrence of the series: its scheduled start as UTC seconds, or for
    /// all-day events the date's midnight as if UTC.
    pub key: i64,
    /// Its title.
    pub title: Shared<String>,
    /// Its description.
    pub description: Shared<String>,
    /// Its CATEGORIES.
    pub categories: Shared<Vec<String>>,
    /// The organizer's address or name.
    pub organizer: Shared<String>,
    /// How many people are in it: the organizer and the attendees, each once (groups,
    /// rooms and resources are not people).
    pub attendees: u32,
    /// When it starts.
    pub start: DateTime<Utc>,
    /// When it ends.
    pub end: DateTime<Utc>,
    /// An all-day event: shown, counts 0 hours.
    pub all_day: bool,
    /// Whether the series repeats.
    pub recurring: bool,
    /// The people in it who have an address (the organizer too), with their answers.
    pub attendee_list: Shared<Vec<Attendee>>,
    /// Shown as free time (`TRANSP:TRANSPARENT`).
    pub transparent: bool,
    /// The event itself is tentative (`STATUS:TENTATIVE`).
    pub tentative: bool,
    /// This occurrence was called off (`STATUS:CANCELLED` on it, or an EXDATE): kept so
    /// a cancelled 1:1 can be seen, never counted or drawn as a meeting.
    pub cancelled: bool,
    /// Other calendars holding the same meeting (same UID and occurrence), counted once.
    pub also_in: Vec<String>,
    /// Whether its hours count for the manager (set when read for a week or audit).
    pub attendance: Attendance,
}

/// The text occurrences of a series share: stored once, however often it repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct EventText {
    /// Its title.
    pub title: String,
    /// Its description.
    pub description: String,
    /// Its CATEGORIES.
    pub categories: Vec<String>,
    /// The organizer's address or name.
    pub organizer: String,
    /// How many people are in it: the organizer and the attendees, each once.
    pub attendees: u32,
    /// The people in it who have an address (the organizer too), with their answers.
    pub attendee_list: Vec<Attendee>,
    /// Shown as free time.
    pub transparent: bool,
    /// The event itself is tentative.
    pub tentative: bool,
    /// Called off.
    pub cancelled: bool,
}

impl EventText {
    /// The text of occurrence `o`.
    pub fn of(o: &EventOccurrence) -> EventText {
        EventText {
            title: String::clone(&o.title),
            description: String::clone(&o.description),
            categories: o.categories.to_vec(),
            organizer: String::clone(&o.organizer),
            attendees: o.attendees,
            attendee_list: o.attendee_list.to_vec(),
            transparent: o.transparent,
            tentative: o.tentative,
            cancelled: o.cancelled,
        }
    }
}

/// An event's text made ready to share: each occurrence that reads it holds it, none
/// copies it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharedText {
    title: Shared<String>,
    description: Shared<String>,
    categories: Shared<Vec<String>>,
    organizer: Shared<String>,
    attendees: u32,
    attendee_list: Shared<Vec<Attendee>>,
    transparent: bool,
    tentative: bool,
    cancelled: bool,
}

impl From<EventText> for SharedText {
    fn from(t: EventText) -> SharedText {
        SharedText {
            title: t.title.into(),
            description: t.description.into(),
            categories: t.categories.into(),
            organizer: t.organizer.into(),
            attendees: t.attendees,
            attendee_list: t.attendee_list.into(),
            transparent: t.transparent,
            tentative: t.tentative,
            cancelled: t.cancelled,
        }
    }
}

/// Where an occurrence of a [`SharedText`] is: its series and its times.
#[derive(Debug, Clone)]
pub struct Placement<'a> {
    /// The journal's id for it (0 when not stored).
    pub id: i64,
    /// Its calendar.
    pub calendar: &'a Shared<String>,
    /// Its series' UID.
    pub uid: &'a Shared<String>,
    /// Whether the series repeats.
    pub recurring: bool,
    /// Which occurrence of the series (see [`EventOccurrence::key`]).
    pub key: i64,
    /// When it starts.
    pub start: DateTime<Utc>,
    /// When it ends.
    pub end: DateTime<Utc>,
    /// An all-day event.
    pub all_day: bool,
}

impl SharedText {
    /// The occurrence of this text at `at`, holding the text and the series' names, not
    /// copies of them.
    pub fn occurrence(&self, at: Placement<'_>) -> EventOccurrence {
        EventOccurrence {
            id: at.id,
            calendar: at.calendar.clone(),
            uid: at.uid.clone(),
            key: at.key,
            title: self.title.clone(),
            description: self.description.clone(),
            categories: self.categories.clone(),
            organizer: self.organizer.clone(),
            attendees: self.attendees,
            start: at.start,
            end: at.end,
            all_day: at.all_day,
            recurring: at.recurring,
            attendee_list: self.attendee_list.clone(),
            transparent: self.transparent,
            tentative: self.tentative,
            cancelled: self.cancelled,
            also_in: Vec::new(),
            attendance: Attendance::Counted,
        }
    }
}

/// One occurrence as an import stores it: its times and which of its series' texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OccurrenceRow {
    /// Index of its text in [`SeriesRows::texts`].
    pub text: u32,
    /// Which occurrence of the series (see [`EventOccurrence::key`]).
    pub key: i64,
    /// Start, UTC seconds.
    pub start: i64,
    /// End, UTC seconds.
    pub end: i64,
    /// An all-day event.
    pub all_day: bool,
}

/// One series as an import stores it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SeriesRows {
    /// Its UID.
    pub uid: String,
    /// Whether it repeats.
    pub recurring: bool,
    /// The distinct texts of its occurrences.
    pub texts: Vec<EventText>,
    /// Its occurrences.
    pub occurrences: Vec<OccurrenceRow>,
}

/// What an import stores, series by series: each text once, each occurrence in a few
/// bytes (a decade of a busy calendar is 150,000 occurrences but a few thousand texts).
#[derive(Debug, Clone, Default)]
pub struct ImportRows {
    /// The series, in the order they were met.
    pub series: Vec<SeriesRows>,
    index: std::collections::HashMap<String, usize>,
}

impl ImportRows {
    /// The index in [`ImportRows::series`] of the series with this UID, added (empty)
    /// when new.
    pub fn series_index(&mut self, uid: &str, recurring: bool) -> usize {
        let i = match self.index.get(uid) {
            Some(&i) => i,
            None => {
                self.series.push(SeriesRows {
                    uid: uid.to_string(),
                    recurring,
                    ..SeriesRows::default()
                });
                self.index.insert(uid.to_string(), self.series.len() - 1);
                self.series.len() - 1
            }
        };
        self.series[i].recurring |= recurring;
        i
    }

    /// The series with this UID, added (empty) when new.
    pub fn series_mut(&mut self, uid: &str, recurring: bool) -> &mut SeriesRows {
        let i = self.series_index(uid, recurring);
        &mut self.series[i]
    }

    /// The series with this UID, if any occurrence has it.
    pub fn series(&self, uid: &str) -> Option<&SeriesRows> {
        self.index.get(uid).map(|&i| &self.series[i])
    }

    /// How many occurrences in all.
    pub fn len(&self) -> usize {
        self.series.iter().map(|s| s.occurrences.len()).sum()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.series.iter().all(|s| s.occurrences.is_empty())
    }

    /// The rows of full occurrences (texts that are equal stored once per series).
    pub fn from_occurrences(occurrences: &[EventOccurrence]) -> ImportRows {
        let mut rows = ImportRows::default();
        let mut seen: std::collections::HashMap<(String, EventText), u32> = Default::default();
        for o in occurrences {
            let text = EventText::of(o);
            let series = rows.series_mut(&o.uid, o.recurring);
            let i = match seen.get(&(o.uid.to_string(), text.clone())) {
                Some(&i) => i,
                None => {
                    let i = u32::try_from(series.texts.len()).unwrap_or(u32::MAX);
                    series.texts.push(text.clone());
                    seen.insert((o.uid.to_string(), text), i);
                    i
                }
            };
            series.occurrences.push(OccurrenceRow {
                text: i,
                key: o.key,
                start: o.start.timestamp(),
                end: o.end.timestamp(),
                all_day: o.all_day,
            });
        }
        rows
    }
}

/// Whether the manager (any of `me`, lower case) declined a meeting with these attendees.
pub fn declined_by(attendees: &[Attendee], me: &[String]) -> bool {
    my_answer(attendees, me) == Some(PartStat::Declined)
}

/// The manager's answer to an invitation, if they are among the attendees.
fn my_answer(attendees: &[Attendee], me: &[String]) -> Option<PartStat> {
    attendees
        .iter()
        .find(|a| me.contains(&a.address))
        .map(|a| a.partstat)
}

impl EventOccurrence {
    /// What a plan says beside it when it is not plain busy time: `cancelled`,
    /// `declined`, `free` or `tentative`.
    pub fn plan_mark(&self) -> Option<&'static str> {
        if self.cancelled {
            return Some("cancelled");
        }
        match self.attendance {
            Attendance::Counted => None,
            Attendance::Tentative => Some("tentative"),
            Attendance::Declined => Some("declined"),
            Attendance::Free => Some("free"),
        }
    }

    /// How the manager attends, given their addresses (lower case): declined by one of
    /// them, shown as free (unless `count_free`), tentative, or plain busy time.
    pub fn attendance_for(&self, me: &[String], count_free: bool) -> Attendance {
        match my_answer(&self.attendee_list, me) {
            Some(PartStat::Declined) => return Attendance::Declined,
            Some(PartStat::Tentative) => return Attendance::Tentative,
            _ => {}
        }
        if self.transparent && !count_free {
            return Attendance::Free;
        }
        if self.tentative {
            Attendance::Tentative
        } else {
            Attendance::Counted
        }
    }

    /// Its length in minutes (0 for all-day events).
    pub fn minutes(&self) -> i64 {
        if self.all_day {
            0
        } else {
            (self.end - self.start).num_minutes().max(0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occ(attendees: &[(&str, PartStat)], transparent: bool) -> EventOccurrence {
        EventOccurrence {
            id: 0,
            calendar: "work".into(),
            uid: "u".into(),
            key: 0,
            title: "Sync".into(),
            description: "".into(),
            categories: Shared::default(),
            organizer: "".into(),
            attendees: attendees.len() as u32,
            start: DateTime::<Utc>::MIN_UTC,
            end: DateTime::<Utc>::MIN_UTC,
            all_day: false,
            recurring: false,
            attendee_list: attendees
                .iter()
                .map(|(a, p)| Attendee {
                    address: (*a).into(),
                    partstat: *p,
                })
                .collect(),
            transparent,
            tentative: false,
            cancelled: false,
            also_in: Vec::new(),
            attendance: Attendance::Counted,
        }
    }

    #[test]
    fn an_answer_is_read_ignoring_case_and_spaces_and_an_unknown_one_is_none() {
        for (text, want) in [
            ("ACCEPTED", PartStat::Accepted),
            ("declined", PartStat::Declined),
            (" Tentative ", PartStat::Tentative),
            ("DeLeGaTeD", PartStat::Delegated),
            ("NEEDS-ACTION", PartStat::NeedsAction),
            ("", PartStat::NeedsAction),
            ("ACCEPTÉ", PartStat::NeedsAction),
            ("X-BUSY", PartStat::NeedsAction),
        ] {
            assert_eq!(PartStat::parse(text), want, "{text:?}");
        }
    }

    #[test]
    fn attendance_follows_my_answer_then_free_time() {
        let me = vec!["me@x.org".to_string()];
        let declined = occ(
            &[
                ("me@x.org", PartStat::Declined),
                ("sam@x.org", PartStat::Accepted),
            ],
            false,
        );
        assert_eq!(declined.attendance_for(&me, false), Attendance::Declined);
        // Someone else declining changes nothing for me.
        let theirs = occ(
            &[
                ("me@x.org", PartStat::Accepted),
                ("sam@x.org", PartStat::Declined),
            ],
            false,
        );
        assert_eq!(theirs.attendance_for(&me, false), Attendance::Counted);
        let free = occ(&[], true);
        assert_eq!(free.attendance_for(&me, false), Attendance::Free);
        assert_eq!(free.attendance_for(&me, true), Attendance::Counted);
        let maybe = occ(&[("me@x.org", PartStat::Tentative)], false);
        assert_eq!(maybe.attendance_for(&me, false), Attendance::Tentative);
        assert!(Attendance::Tentative.counts() && !Attendance::Free.counts());
        // Without my addresses, a decline cannot be mine.
        assert_eq!(declined.attendance_for(&[], false), Attendance::Counted);
    }
}
