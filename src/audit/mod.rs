//! The weekly audit: hours managing versus leading against the target, from imported
//! calendar occurrences and leadership blocks. Pure: data in, report out. The Audit screen
//! and `bearing audit` both call [`audit`]; neither computes hours itself.

use crate::domain::hours::{fmt_length, percent};
use crate::domain::words::{count, list_cut};
use std::collections::HashMap;

use crate::domain::hash::{FastMap, HashMapExt};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::block::{Occurrence, OccurrenceStatus};
use crate::domain::classify::Rules;
use crate::domain::event::{Attendance, Category, EventOccurrence, WHOLE_SERIES};
use crate::domain::shared::Shared;

/// Leading share at or below which the week is a burnout and disengagement warning.
pub const BURNOUT_SHARE: f64 = 0.10;
/// Share of unclassified hours above which the audit asks for classification.
pub const UNCLASSIFIED_SHARE: f64 = 0.20;

/// The category of each occurrence with no calendar classified: [`categorize_in`] for the
/// tests of the rules and choices alone.
#[cfg(test)]
pub fn categorize(
    events: &[EventOccurrence],
    rules: &Rules,
    choices: &HashMap<(String, i64), Category>,
) -> Vec<Category> {
    categorize_in(events, rules, choices, &HashMap::new())
}

/// The category of each occurrence: the user's choice for that occurrence, else for its
/// series, else for its whole calendar (`calendars`, by name), else the first rule that
/// matches.
pub fn categorize_in(
    events: &[EventOccurrence],
    rules: &Rules,
    choices: &HashMap<(String, i64), Category>,
    calendars: &HashMap<String, Category>,
) -> Vec<Category> {
    // The rules read only these fields, which the occurrences of a series share: match
    // each distinct combination once (a year holds thousands of occurrences, few series).
    // Known by where the shared texts are, not by what they say: hashing the texts
    // themselves, descriptions too, for every occurrence took 5M instructions of a
    // year's audit, more than matching each text once. Equal texts held apart are
    // matched apart, to the same category.
    type RuleKey = (usize, usize, usize, usize, u32);
    let mut by_rules: FastMap<RuleKey, Category> = FastMap::new();
    // The choices by borrowed UID, so no occurrence copies its UID to look itself up.
    let chosen: FastMap<(&str, i64), Category> = choices
        .iter()
        .map(|((uid, key), category)| ((uid.as_str(), *key), *category))
        .collect();
    events
        .iter()
        .map(|e| {
            chosen
                .get(&(e.uid.as_str(), e.key))
                .or_else(|| chosen.get(&(e.uid.as_str(), WHOLE_SERIES)))
                .copied()
                .or_else(|| calendars.get(e.calendar.as_str()).copied())
                .unwrap_or_else(|| {
                    let key = (
                        Shared::address(&e.title),
                        Shared::address(&e.description),
                        Shared::address(&e.categories),
                        Shared::address(&e.organizer),
                        e.attendees,
                    );
                    *by_rules.entry(key).or_insert_with(|| rules.classify(e))
                })
        })
        .collect()
}

/// What the audit is computed from.
#[derive(Debug)]
pub struct AuditInput<'a> {
    /// First local day.
    pub from: NaiveDate,
    /// Last local day.
    pub to: NaiveDate,
    /// The window's instants: `[from 00:00, to + 1 day 00:00)` local.
    pub window: (DateTime<Utc>, DateTime<Utc>),
    /// Imported occurrences overlapping the window.
    pub events: &'a [EventOccurrence],
    /// Their categories, in the same order.
    pub categories: &'a [Category],
    /// Leadership block occurrences overlapping the window.
    pub blocks: &'a [Occurrence],
    /// Target share of managing and leading, in percent.
    pub target: (u8, u8),
    /// Meetings longer than this are flagged.
    pub long_meeting_minutes: u32,
    /// The user's zone, for the times the report names.
    pub zone: chrono_tz::Tz,
    /// The direct reports, to whom managing work can be delegated.
    pub reports: &'a [String],
}

/// Hours per category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Hours {
    /// Managing.
    pub managing: f64,
    /// Leading (blocks included).
    pub leading: f64,
    /// Not yet classified.
    pub unclassified: f64,
    /// Not work.
    pub excluded: f64,
}

/// Hours on the calendar that are not counted, and why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct NotCounted {
    /// Meetings the manager declined.
    pub declined: f64,
    /// Events shown as free time.
    pub free: f64,
}

/// The target as shares of classified work hours.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TargetShares {
    /// Managing share, e.g. 0.6.
    pub managing: f64,
    /// Leading share, e.g. 0.4.
    pub leading: f64,
}

/// What became of the week's leadership blocks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BlockCounts {
    /// Occurrences in the window.
    pub planned: u32,
    /// Kept or partly kept.
    pub kept: u32,
    /// Skipped.
    pub skipped: u32,
    /// Overlapped by an imported managing or unclassified event.
    pub invaded: u32,
}

/// Something worth the manager's attention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// A stable name: `burnout`, `below_target`, `long_meetings`, `blocks_skipped`,
    /// `blocks_invaded`, `unclassified`.
    pub kind: &'static str,
    /// What to tell the user.
    pub message: String,
}

/// Hours of one series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesHours {
    /// Its title.
    pub title: String,
    /// Its category (of its first occurrence in the window).
    pub category: Category,
    /// Hours in the window.
    pub hours: f64,
    /// Whether it repeats.
    pub recurring: bool,
    /// Its UID (imported) or `block:TITLE` (a block).
    pub uid: String,
    /// The calendar it is in (empty for a block).
    pub calendar: String,
}

/// An unclassified occurrence, to classify.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unclassified {
    /// The stored occurrence id (for `bearing classify --event`).
    pub id: i64,
    /// The series UID.
    pub uid: String,
    /// Its title.
    pub title: String,
    /// When it starts.
    pub start: String,
    /// Hours in the window.
    pub hours: f64,
}

/// The audit of a window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditReport {
    /// First local day, YYYY-MM-DD.
    pub from: String,
    /// Last local day, YYYY-MM-DD.
    pub to: String,
    /// Hours per category.
    pub hours: Hours,
    /// Hours left out: declined meetings and free time.
    pub not_counted: NotCounted,
    /// managing + leading + unclassified.
    pub total_hours: f64,
    /// leading / (managing + leading); `None` when both are 0.
    pub leading_share: Option<f64>,
    /// The target.
    pub target: TargetShares,
    /// Blocks.
    pub blocks: BlockCounts,
    /// What deserves attention.
    pub warnings: Vec<Warning>,
    /// The series that take the most hours, most first (at most [`TOP_SERIES`]).
    pub top_series: Vec<SeriesHours>,
    /// Unclassified occurrences, longest first.
    pub unclassified: Vec<Unclassified>,
    /// Which recurring managing series to shorten or cancel to reach the target.
    pub rebalance: Option<String>,
    /// Which meeting invaded which leadership block, in the order of the blocks (for the
    /// weekly review; the counts above are what the JSON report keeps).
    #[serde(skip)]
    pub invasions: Vec<Invasion>,
}

/// A meeting that overlapped a leadership block.
#[derive(Debug, Clone, PartialEq)]
pub struct Invasion {
    /// The block's title.
    pub block: String,
    /// When the block started.
    pub block_start: DateTime<chrono::FixedOffset>,
    /// The meeting's title.
    pub meeting: String,
}

fn clipped_hours(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    window: (DateTime<Utc>, DateTime<Utc>),
) -> f64 {
    let s = start.max(window.0);
    let e = end.min(window.1);
    if e <= s {
        0.0
    } else {
        (e - s).num_seconds() as f64 / 3600.0
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// How many series the report ranks by hours (the screen shows as many as fit, the
/// command's text the first few).
pub const TOP_SERIES: usize = 25;

/// Computes the audit of `input`.
pub fn audit(input: &AuditInput<'_>) -> AuditReport {
    let mut tally = Tally::default();
    for (e, category) in input.events.iter().zip(input.categories) {
        tally.add_event(input, e, *category);
    }
    for b in input.blocks {
        tally.add_block(input.window, b);
    }
    let Tally {
        hours,
        not_counted,
        series,
        longest,
        long_count,
        mut unclassified,
        blocks,
        invasions,
        ..
    } = tally;

    let classified = hours.managing + hours.leading;
    let leading_share = (classified > 0.0).then(|| hours.leading / classified);
    let total = hours.managing + hours.leading + hours.unclassified;
    let target = TargetShares {
        managing: f64::from(input.target.0) / 100.0,
        leading: f64::from(input.target.1) / 100.0,
    };
    let week = Week {
        hours: &hours,
        total,
        leading_share,
        target,
        longest: &longest,
        long_count,
        blocks,
    };
    let warnings = warnings(&week, input.long_meeting_minutes);
    let rebalance = rebalance(&hours, target, &series, input.reports);
    let top = top_series(series);
    unclassified.sort_by(|a, b| b.hours.total_cmp(&a.hours).then(a.start.cmp(&b.start)));

    AuditReport {
        from: input.from.to_string(),
        to: input.to.to_string(),
        hours: Hours {
            managing: round2(hours.managing),
            leading: round2(hours.leading),
            unclassified: round2(hours.unclassified),
            excluded: round2(hours.excluded),
        },
        not_counted: NotCounted {
            declined: round2(not_counted.declined),
            free: round2(not_counted.free),
        },
        total_hours: round2(total),
        leading_share: leading_share.map(|s| (s * 1000.0).round() / 1000.0),
        target,
        blocks,
        warnings,
        top_series: top,
        unclassified,
        rebalance,
        invasions,
    }
}

/// The window's events and blocks, added up as they come (hours not yet rounded).
#[derive(Default)]
struct Tally<'a> {
    hours: Hours,
    not_counted: NotCounted,
    /// Hours by series: an event's UID, or `block:TITLE`.
    series: FastMap<String, SeriesHours>,
    /// The [`LONGEST_NAMED`] longest meetings, longest first (of equal ones the first
    /// counted): title and minutes.
    longest: Vec<(&'a str, i64)>,
    /// How many meetings were long.
    long_count: usize,
    unclassified: Vec<Unclassified>,
    /// Managing and unclassified events, which invade a block they overlap.
    invaders: Vec<(DateTime<Utc>, DateTime<Utc>, &'a str)>,
    blocks: BlockCounts,
    invasions: Vec<Invasion>,
}

impl<'a> Tally<'a> {
    /// Counts an imported event of `category` (all-day events, and time declined or
    /// free, are not work; blocks imported back never reach the audit).
    fn add_event(&mut self, input: &AuditInput<'_>, e: &'a EventOccurrence, category: Category) {
        if e.all_day {
            return;
        }
        let h = clipped_hours(e.start, e.end, input.window);
        // Time the manager declined, or that the calendar shows as free, is not work.
        match e.attendance {
            Attendance::Declined => {
                self.not_counted.declined += h;
                return;
            }
            Attendance::Free => {
                self.not_counted.free += h;
                return;
            }
            Attendance::Counted | Attendance::Tentative => {}
        }
        match category {
            Category::Managing => self.hours.managing += h,
            Category::Leading => self.hours.leading += h,
            Category::Unclassified => self.hours.unclassified += h,
            Category::Excluded => self.hours.excluded += h,
        }
        // Kept for the blocks to find, when there are blocks.
        if !input.blocks.is_empty()
            && matches!(category, Category::Managing | Category::Unclassified)
        {
            self.invaders.push((e.start, e.end, e.title.as_str()));
        }
        let minutes = e.minutes();
        if category != Category::Excluded && minutes > i64::from(input.long_meeting_minutes) {
            self.add_long(e.title.as_str(), minutes);
        }
        if category == Category::Unclassified && h > 0.0 {
            self.unclassified.push(Unclassified {
                id: e.id,
                uid: String::clone(&e.uid),
                title: String::clone(&e.title),
                start: crate::domain::time::rfc3339(&e.start.with_timezone(&input.zone)),
                hours: round2(h),
            });
        }
        // Not work is not a series that "takes" the week.
        if category != Category::Excluded {
            // Looked up before inserting: a series' UID is copied once, not per occurrence.
            if let Some(s) = self.series.get_mut(e.uid.as_str()) {
                s.hours += h;
            } else {
                self.series.insert(
                    String::clone(&e.uid),
                    SeriesHours {
                        title: String::clone(&e.title),
                        category,
                        hours: h,
                        recurring: e.recurring,
                        uid: String::clone(&e.uid),
                        calendar: String::clone(&e.calendar),
                    },
                );
            }
        }
    }

    /// Counts a long meeting, keeping the longest only (a year holds thousands, and the
    /// warning names three): placed after those as long, as a stable sort would.
    fn add_long(&mut self, title: &'a str, minutes: i64) {
        self.long_count += 1;
        let at = self
            .longest
            .iter()
            .position(|&(_, m)| m < minutes)
            .unwrap_or(self.longest.len());
        if at < LONGEST_NAMED {
            self.longest.insert(at, (title, minutes));
            self.longest.truncate(LONGEST_NAMED);
        }
    }

    /// Counts a leadership block: its hours as leading, what became of it, and the
    /// events counted so far that invaded it.
    fn add_block(&mut self, window: (DateTime<Utc>, DateTime<Utc>), b: &Occurrence) {
        self.blocks.planned += 1;
        let h = match b.status {
            OccurrenceStatus::Skipped => {
                self.blocks.skipped += 1;
                0.0
            }
            OccurrenceStatus::PartlyKept => {
                self.blocks.kept += 1;
                (f64::from(b.kept_minutes) / 60.0).min(clipped_hours(
                    b.start.to_utc(),
                    b.end.to_utc(),
                    window,
                ))
            }
            OccurrenceStatus::Kept => {
                self.blocks.kept += 1;
                clipped_hours(b.start.to_utc(), b.end.to_utc(), window)
            }
            OccurrenceStatus::Planned => clipped_hours(b.start.to_utc(), b.end.to_utc(), window),
        };
        self.hours.leading += h;
        let invading: Vec<&str> = self
            .invaders
            .iter()
            .filter(|(s, e, _)| *s < b.end.to_utc() && *e > b.start.to_utc())
            .map(|(_, _, title)| *title)
            .collect();
        if b.status != OccurrenceStatus::Skipped && !invading.is_empty() {
            self.blocks.invaded += 1;
            self.invasions
                .extend(invading.into_iter().map(|meeting| Invasion {
                    block: b.title.clone(),
                    block_start: b.start,
                    meeting: meeting.to_string(),
                }));
        }
        // By title: a block edited "this and following" goes on as a new block of the
        // same name, and is still one series here.
        let key = format!("block:{}", b.title);
        let s = self
            .series
            .entry(key.clone())
            .or_insert_with(|| SeriesHours {
                title: b.title.clone(),
                category: Category::Leading,
                hours: 0.0,
                recurring: b.repeating,
                uid: key,
                calendar: String::new(),
            });
        s.hours += h;
    }
}

/// What the warnings are drawn from: the week's hours, added up.
struct Week<'t> {
    hours: &'t Hours,
    /// managing + leading + unclassified.
    total: f64,
    leading_share: Option<f64>,
    target: TargetShares,
    /// The longest meetings, longest first.
    longest: &'t [(&'t str, i64)],
    /// How many meetings were long.
    long_count: usize,
    blocks: BlockCounts,
}

/// How many long meetings the warning names.
const LONGEST_NAMED: usize = 3;

/// What deserves attention in `week`, in a fixed order.
fn warnings(week: &Week<'_>, long_meeting_minutes: u32) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if let Some(share) = week.leading_share {
        if share <= BURNOUT_SHARE {
            warnings.push(Warning { kind: "burnout", message: format!("Leading is {}% of your classified hours. A 90/10 week is a burnout and disengagement warning.", percent(share)) });
        } else if share + 0.005 < week.target.leading {
            warnings.push(Warning {
                kind: "below_target",
                message: format!(
                    "Leading is {}%, the target is {}%.",
                    percent(share),
                    percent(week.target.leading)
                ),
            });
        }
    }
    if week.long_count > 0 {
        // Only the names shown are written out (a year can hold thousands); the rest
        // are counted.
        let names: Vec<String> = week
            .longest
            .iter()
            .map(|(t, m)| format!("{t} ({m} min)"))
            .collect();
        warnings.push(Warning {
            kind: "long_meetings",
            message: format!(
                "{} longer than {} minutes: {}.",
                count(week.long_count as i64, "meeting", "meetings"),
                long_meeting_minutes,
                list_cut(&names, week.long_count)
            ),
        });
    }
    if week.blocks.skipped > 0 {
        warnings.push(Warning {
            kind: "blocks_skipped",
            message: format!(
                "{} skipped.",
                count(week.blocks.skipped, "leadership block", "leadership blocks")
            ),
        });
    }
    if week.blocks.invaded > 0 {
        warnings.push(Warning {
            kind: "blocks_invaded",
            message: format!(
                "{} invaded by other meetings.",
                count(week.blocks.invaded, "leadership block", "leadership blocks")
            ),
        });
    }
    if week.total > 0.0 && week.hours.unclassified / week.total > UNCLASSIFIED_SHARE {
        warnings.push(Warning {
            kind: "unclassified",
            message: format!(
                "{}% of your hours are unclassified; classify them so the split is true.",
                percent(week.hours.unclassified / week.total)
            ),
        });
    }
    warnings
}

/// The series with hours, most first (a tie by title), at most [`TOP_SERIES`], rounded.
fn top_series(series: FastMap<String, SeriesHours>) -> Vec<SeriesHours> {
    let mut top: Vec<SeriesHours> = series.into_values().filter(|s| s.hours > 0.0).collect();
    top.sort_by(|a, b| b.hours.total_cmp(&a.hours).then(a.title.cmp(&b.title)));
    top.truncate(TOP_SERIES);
    for s in &mut top {
        s.hours = round2(s.hours);
    }
    top
}

/// Which recurring managing series, cancelled or shortened, would bring the week to the
/// target; `None` when the week is at or above it.
fn rebalance(
    hours: &Hours,
    target: TargetShares,
    series: &FastMap<String, SeriesHours>,
    reports: &[String],
) -> Option<String> {
    if hours.managing <= 0.0 || target.leading <= 0.0 {
        return None;
    }
    // Managing hours allowed for the leading hours there are: leading / managing = tl / tm.
    let allowed = hours.leading * target.managing / target.leading;
    let cut = hours.managing - allowed;
    if cut <= 0.01 {
        return None;
    }
    let mut candidates: Vec<&SeriesHours> = series
        .values()
        .filter(|s| s.recurring && s.category == Category::Managing && s.hours > 0.0)
        .collect();
    candidates.sort_by(|a, b| b.hours.total_cmp(&a.hours).then(a.title.cmp(&b.title)));
    let goal = format!("{}/{}", percent(target.managing), percent(target.leading));
    // A title two series share is told apart by its calendar.
    let named = |s: &SeriesHours| {
        let twins = candidates.iter().filter(|c| c.title == s.title).count();
        if twins > 1 && !s.calendar.is_empty() {
            format!("'{}' in {}", s.title, s.calendar)
        } else {
            format!("'{}'", s.title)
        }
    };
    let named: Vec<String> = candidates.iter().map(|s| named(s)).collect();
    let mut left = cut;
    let mut steps = Vec::new();
    // With direct reports, the biggest recurring managing series is handed over first:
    // delegating one management task a week makes room for leading.
    let to = match reports {
        [] => None,
        [one] => Some(one.clone()),
        [first, second] => Some(format!("{first} or {second}")),
        [first, ..] => Some(format!("{first} or another report")),
    };
    let mut candidates = candidates.into_iter().zip(&named);
    if let Some(to) = &to
        && let Some((s, name)) = candidates.next()
    {
        steps.push(format!("delegate {name} ({}) to {to}", fmt_length(s.hours)));
        left -= s.hours;
    }
    for (s, name) in candidates {
        if left <= 0.01 {
            break;
        }
        if s.hours <= left + 0.01 {
            steps.push(format!("cancel {name} ({})", fmt_length(s.hours)));
            left -= s.hours;
        } else {
            steps.push(format!("shorten {name} by {}", fmt_length(left)));
            left = 0.0;
        }
    }
    if steps.is_empty() {
        return Some(format!(
            "To reach {goal}, move {} of managing work to someone else, or block {} more for leading.",
            fmt_length(cut),
            fmt_length(cut * target.leading / target.managing)
        ));
    }
    let mut text = format!("To reach {goal}: {}", steps.join(", then "));
    if left > 0.01 {
        text.push_str(&format!(
            "; that still leaves {} to move or delegate",
            fmt_length(left)
        ));
    }
    text.push('.');
    Some(text)
}

#[cfg(test)]
mod tests;
