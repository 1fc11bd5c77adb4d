//! Coaching from the manager's own data: delegations with a definition of done, and the
//! agenda of things to raise at the next 1:1. Pure: what counts as an agenda item, when a
//! delegation's check-in is due.

use std::fmt::Display;

use chrono::NaiveDate;
use serde::Serialize;

/// Where a delegation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DelegationStatus {
    /// Handed over and not finished.
    Open,
    /// Done as "done" was defined.
    Done,
    /// Taken back or no longer needed.
    Dropped,
}

impl DelegationStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            DelegationStatus::Open => "open",
            DelegationStatus::Done => "done",
            DelegationStatus::Dropped => "dropped",
        }
    }

    /// Reads a stored name.
    pub fn parse(text: &str) -> Option<DelegationStatus> {
        [
            DelegationStatus::Open,
            DelegationStatus::Done,
            DelegationStatus::Dropped,
        ]
        .into_iter()
        .find(|s| s.as_str() == text.trim().to_ascii_lowercase())
    }
}

/// A task handed to someone with what "done" looks like: outcomes, not tasks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delegation {
    /// The journal's id (this device's: another device numbers it otherwise).
    pub id: i64,
    /// Its stable id, the same on every device the journal syncs to.
    pub sid: String,
    /// Who it is delegated to.
    pub person: String,
    /// What is handed over.
    pub task: String,
    /// What done looks like: the outcome, in the delegate's terms.
    pub done_looks_like: String,
    /// How far their authority goes (e.g. "decide and tell me after").
    pub authority: String,
    /// When to check in, for roadblocks only.
    pub check_in_on: Option<NaiveDate>,
    /// When it is due.
    pub due_on: Option<NaiveDate>,
    /// Where it stands.
    pub status: DelegationStatus,
    /// The day it was handed over.
    pub since: NaiveDate,
}

impl Delegation {
    /// Whether its check-in is due on `today` or late.
    pub fn check_in_due(&self, today: NaiveDate) -> bool {
        self.status == DelegationStatus::Open && self.check_in_on.is_some_and(|d| d <= today)
    }
}

/// Why a delegation was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DelegationError {
    /// No task.
    #[error("a delegation needs the task")]
    NoTask,
    /// No definition of done: the point of delegating outcomes, not tasks.
    #[error("say what done looks like: delegate the outcome, not the task")]
    NoDone,
    /// A check-in on a day gone: check-ins are ahead.
    #[error("the check-in ({0}) is in the past; a check-in is ahead")]
    CheckInPast(NaiveDate),
    /// A due date before the check-in.
    #[error("the check-in ({check_in}) is after the due date ({due})")]
    CheckInAfterDue {
        /// The check-in date.
        check_in: NaiveDate,
        /// The due date.
        due: NaiveDate,
    },
}

/// Checks what a new delegation needs, made on `today`.
pub fn check_delegation(
    task: &str,
    done: &str,
    check_in: Option<NaiveDate>,
    due: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), DelegationError> {
    if task.trim().is_empty() {
        return Err(DelegationError::NoTask);
    }
    if done.trim().is_empty() {
        return Err(DelegationError::NoDone);
    }
    if let (Some(c), Some(d)) = (check_in, due)
        && c > d
    {
        return Err(DelegationError::CheckInAfterDue {
            check_in: c,
            due: d,
        });
    }
    if let Some(c) = check_in
        && c < today
    {
        return Err(DelegationError::CheckInPast(c));
    }
    Ok(())
}

/// Where an agenda item comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgendaSource {
    /// A line of a reflection (`Next:`, `Ask …`, `- [ ] …`).
    Reflection,
    /// The open follow-up of a conversation.
    FollowUp,
    /// A delegation whose check-in is due.
    Delegation,
    /// Added directly (`bearing agenda add`, or from People).
    Added,
}

/// One thing to raise at the next 1:1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaItem {
    /// Its id, for `bearing agenda done ID`: it stays the item's while it is open, and
    /// holds its row's id on this device (`r12.1`: line 1 of entry 12).
    pub id: String,
    /// The same made from its row's stable id (`r` and the entry's stable id, `.1`): the
    /// item's id on every device the journal syncs to.
    pub sid: String,
    /// What to raise.
    pub text: String,
    /// Where it comes from.
    pub source: AgendaSource,
    /// The day it was written (or the follow-up or check-in day).
    pub since: NaiveDate,
}

/// The things to raise with someone in a reflection: a line, or a sentence inside one,
/// that starts with `Next:`, `Ask` (a word: "Ask Sam", not "Asking"), or an open
/// checkbox `- [ ]`, as (its id within the entry, the text without the marker). A whole
/// line is numbered among such lines from 1 (`3`), as it always was, so an item marked
/// discussed stays so; a sentence inside a line is numbered among such sentences (`s1`).
pub fn agenda_lines(body: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let (mut lines, mut sentences) = (0, 0);
    for line in body.lines() {
        if let Some(text) = agenda_text(line.trim_start()) {
            lines += 1;
            out.push((lines.to_string(), text));
            continue;
        }
        for sentence in later_sentences(line) {
            if let Some(text) = agenda_text(sentence) {
                sentences += 1;
                out.push((format!("s{sentences}"), text));
                // The rest of the line belongs to this item.
                break;
            }
        }
    }
    out
}

/// The text of an agenda item that starts `t`, without its marker; `None` when `t` does
/// not start one (or leaves nothing after it).
fn agenda_text(t: &str) -> Option<String> {
    let text = if let Some(rest) = strip_ci(t, "next:") {
        rest.trim().to_string()
    } else if let Some(rest) = t.strip_prefix("- [ ]").or_else(|| t.strip_prefix("* [ ]")) {
        rest.trim().to_string()
    } else if strip_ci(t, "ask ").is_some() || t.trim().eq_ignore_ascii_case("ask") {
        t.trim().to_string()
    } else {
        return None;
    };
    (!text.is_empty()).then_some(text)
}

/// Where each sentence after the first starts in `line`, to its end: after `.`, `!` or
/// `?` and a space, at a capital letter or a checkbox (so "e.g. next:" starts none).
fn later_sentences(line: &str) -> impl Iterator<Item = &str> {
    line.char_indices()
        .filter(|&(i, c)| matches!(c, '.' | '!' | '?') && line[i + c.len_utf8()..].starts_with(' '))
        .map(move |(i, c)| line[i + c.len_utf8()..].trim_start())
        .filter(|rest| rest.starts_with(char::is_uppercase) || rest.starts_with("- [ ]"))
}

fn strip_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// The id of agenda item `n` of entry `entry` (`n` as [`agenda_lines`] numbers it). Each
/// of these ids is made from its row's id; made from the row's stable id, it is the
/// item's stable id, the same on every device (the form the journal sync carries it in).
pub fn reflection_item_id(entry: impl Display, n: &str) -> String {
    format!("r{entry}.{n}")
}

/// The id of an agenda item added directly (`bearing agenda add`).
pub fn added_item_id(id: impl Display) -> String {
    format!("a{id}")
}

/// The id of conversation `id`'s follow-up (one per follow-up date).
pub fn follow_up_item_id(conversation: impl Display, on: NaiveDate) -> String {
    format!("c{conversation}@{}", on.format("%Y%m%d"))
}

/// The id of delegation `id`'s check-in on `on` (a later check-in is a new item).
pub fn delegation_item_id(delegation: impl Display, on: NaiveDate) -> String {
    format!("d{delegation}@{}", on.format("%Y%m%d"))
}

/// The agenda for the next 1:1 with the person called by any of `names` (their name and
/// old names), on `today`: reflection lines (`Next:`, `Ask`, `- [ ]`) that mention them,
/// or that mention nobody in an entry that mentions them first; the open follow-ups of their
/// held conversations; their delegations whose check-in is due; the items `added`
/// directly. Items in `done` were discussed and are left out; everything else carries
/// forward by itself. Oldest first.
pub fn build_agenda(
    names: &[String],
    entries: &[super::Entry],
    conversations: &[super::conversation::Conversation],
    delegations: &[Delegation],
    added: &[AgendaItem],
    done: &std::collections::HashSet<String>,
    today: NaiveDate,
) -> Vec<AgendaItem> {
    use super::entry::{fold_key, mentions};
    let theirs = |name: &str| names.iter().any(|n| fold_key(n) == fold_key(name));
    let mut items = Vec::new();
    for e in entries {
        if !e.people.iter().any(|p| theirs(p)) {
            continue;
        }
        for (n, text) in agenda_lines(&e.body) {
            // A line names whom it is for; one that names nobody is for the person the
            // entry is about, the first it mentions ("1:1 with @Sam. Next: ...").
            let named = mentions(&text);
            let for_them = if named.is_empty() {
                e.people.first().is_some_and(|p| theirs(p))
            } else {
                named.iter().any(|p| theirs(p))
            };
            if !for_them {
                continue;
            }
            let id = reflection_item_id(e.id, &n);
            if !done.contains(&id) {
                items.push(AgendaItem {
                    id,
                    sid: reflection_item_id(&e.sid, &n),
                    text,
                    source: AgendaSource::Reflection,
                    since: e.day,
                });
            }
        }
    }
    for c in conversations {
        if !theirs(&c.person) || c.status != super::conversation::Status::Held {
            continue;
        }
        let Some(on) = c.followup_on else { continue };
        let id = follow_up_item_id(c.id, on);
        if !done.contains(&id) {
            let notes = c.outcome.followup_notes.trim();
            let text = if notes.is_empty() {
                format!("Follow up on '{}'", c.topic)
            } else {
                format!("Follow up on '{}': {notes}", c.topic)
            };
            items.push(AgendaItem {
                id,
                sid: follow_up_item_id(&c.sid, on),
                text,
                source: AgendaSource::FollowUp,
                since: on,
            });
        }
    }
    for d in delegations {
        if !theirs(&d.person) || !d.check_in_due(today) {
            continue;
        }
        let Some(on) = d.check_in_on else { continue };
        let id = delegation_item_id(d.id, on);
        if !done.contains(&id) {
            items.push(AgendaItem {
                id,
                sid: delegation_item_id(&d.sid, on),
                text: format!(
                    "Check in on '{}' (done looks like: {}); roadblocks only",
                    d.task, d.done_looks_like
                ),
                source: AgendaSource::Delegation,
                since: on,
            });
        }
    }
    items.extend(added.iter().filter(|a| !done.contains(&a.id)).cloned());
    items.sort_by(|a, b| a.since.cmp(&b.since).then(a.id.cmp(&b.id)));
    items
}

/// What became of one 1:1 on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OneOnOneState {
    /// It happened (or will), in its own week.
    Kept,
    /// It happened, but moved out of the week it was planned in.
    Moved,
    /// Called off.
    Cancelled,
    /// The manager declined it.
    Declined,
}

/// One 1:1 occurrence with a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OneOnOne {
    /// Which series it belongs to (a hash of its UID).
    pub series: u64,
    /// When it was scheduled (its RECURRENCE-ID), which a move leaves as it was.
    pub planned: chrono::DateTime<chrono::Utc>,
    /// When it starts.
    pub start: chrono::DateTime<chrono::Utc>,
    /// How long, in minutes.
    pub minutes: i64,
    /// What became of it.
    pub state: OneOnOneState,
}

/// How well a person's 1:1s are kept, from the calendar and held conversations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// The last 1:1 or held conversation that has started.
    pub last: Option<chrono::DateTime<chrono::Utc>>,
    /// The next 1:1 planned.
    pub next: Option<chrono::DateTime<chrono::Utc>>,
    /// Average 1:1 minutes a week over the last four weeks.
    pub minutes_per_week: f64,
    /// 1:1s cancelled, declined or moved out of their week in the last four weeks.
    pub cancelled: usize,
    /// The longest stretch without a check-in in the last twelve weeks, in days.
    pub longest_gap_days: i64,
    /// Whether a 1:1 this week was cancelled or declined.
    pub cancelled_this_week: bool,
    /// The first 1:1 of this week that is called off (cancelled or declined) and not yet
    /// made up: no 1:1 happened and no conversation was held with them after it.
    #[serde(skip)]
    pub called_off: Option<chrono::DateTime<chrono::Utc>>,
}

impl Coverage {
    /// The longest gap in words: "longest gap 23 days in 12 weeks", or "no 1:1 in 12
    /// weeks" when the gap is the whole window (a gap of 84 days reads as if there had
    /// been 1:1s around it).
    pub fn gap_words(&self) -> String {
        if self.longest_gap_days >= GAP_WEEKS * 7 {
            format!("no 1:1 in {GAP_WEEKS} weeks")
        } else {
            format!(
                "longest gap {} in {GAP_WEEKS} weeks",
                super::words::count(self.longest_gap_days, "day", "days")
            )
        }
    }
}

/// The weeks over which 1:1 minutes are averaged.
pub const COVERAGE_WEEKS: i64 = 4;
/// The weeks over which the longest gap is looked for.
pub const GAP_WEEKS: i64 = 12;

/// Coverage at `now`, the week being `[week_from, week_to)`, from the person's 1:1s and
/// the times their conversations were held.
pub fn coverage(
    one_on_ones: &[OneOnOne],
    held: &[chrono::DateTime<chrono::Utc>],
    now: chrono::DateTime<chrono::Utc>,
    week: (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>),
) -> Coverage {
    use chrono::Duration;
    let with_skipped: Vec<OneOnOne>;
    let one_on_ones = {
        with_skipped = one_on_ones
            .iter()
            .copied()
            .chain(skipped(one_on_ones))
            .collect();
        &with_skipped[..]
    };
    let happened = |o: &&OneOnOne| matches!(o.state, OneOnOneState::Kept | OneOnOneState::Moved);
    let recent_from = now - Duration::weeks(COVERAGE_WEEKS);
    let mut checkins: Vec<chrono::DateTime<chrono::Utc>> = one_on_ones
        .iter()
        .filter(happened)
        .map(|o| o.start)
        .chain(held.iter().copied())
        .filter(|t| *t <= now)
        .collect();
    checkins.sort();
    let minutes: i64 = one_on_ones
        .iter()
        .filter(happened)
        .filter(|o| o.start >= recent_from && o.start <= now)
        .map(|o| o.minutes)
        .sum();
    let gap_from = now - Duration::weeks(GAP_WEEKS);
    let mut marks: Vec<chrono::DateTime<chrono::Utc>> = checkins
        .iter()
        .copied()
        .filter(|t| *t >= gap_from)
        .collect();
    marks.insert(0, gap_from);
    marks.push(now);
    let longest_gap_days = marks
        .windows(2)
        .map(|w| (w[1] - w[0]).num_days())
        .max()
        .unwrap_or(0);
    let off = |o: &&OneOnOne| o.state != OneOnOneState::Kept;
    Coverage {
        last: checkins.last().copied(),
        next: one_on_ones
            .iter()
            .filter(|o| o.start > now && happened(o))
            .map(|o| o.start)
            .min(),
        minutes_per_week: minutes as f64 / COVERAGE_WEEKS as f64,
        cancelled: one_on_ones
            .iter()
            .filter(off)
            .filter(|o| o.start >= recent_from && o.start <= now)
            .count(),
        longest_gap_days,
        cancelled_this_week: one_on_ones.iter().any(|o| called_off_in(o, week)),
        called_off: one_on_ones
            .iter()
            .filter(|o| called_off_in(o, week))
            .map(|o| o.start)
            .filter(|at| !checkins.iter().any(|t| t > at))
            .min(),
    }
}

/// Whether `o` is a 1:1 of `week` that was cancelled or declined.
fn called_off_in(
    o: &OneOnOne,
    week: (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>),
) -> bool {
    matches!(o.state, OneOnOneState::Cancelled | OneOnOneState::Declined)
        && o.start >= week.0
        && o.start < week.1
}

/// The 1:1s a repeating series left out (an EXDATE removes an occurrence without a
/// trace): where its occurrences, a steady interval apart, leave a gap of two intervals
/// or more, each slot in the gap is a 1:1 called off. The interval is the series'
/// shortest; a series needs three occurrences to have one it keeps.
pub fn skipped(one_on_ones: &[OneOnOne]) -> Vec<OneOnOne> {
    let mut by_series: std::collections::BTreeMap<u64, Vec<&OneOnOne>> = Default::default();
    for o in one_on_ones {
        by_series.entry(o.series).or_default().push(o);
    }
    let mut out = Vec::new();
    for list in by_series.values_mut().filter(|l| l.len() >= 3) {
        list.sort_by_key(|o| o.planned);
        let Some(every) = list
            .windows(2)
            .map(|w| w[1].planned - w[0].planned)
            .filter(|d| *d >= chrono::Duration::days(1))
            .min()
        else {
            continue;
        };
        for w in list.windows(2) {
            let mut slot = w[0].planned + every;
            // Half an interval of slack: a slot moved by a time-zone change is not a gap.
            while slot + every / 2 < w[1].planned {
                out.push(OneOnOne {
                    planned: slot,
                    start: slot,
                    minutes: 0,
                    state: OneOnOneState::Cancelled,
                    ..*w[0]
                });
                slot += every;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn agenda_lines_are_next_ask_and_open_checkboxes() {
        let body = "Good 1:1 with @Sam.\nNext: agree on the on-call rota\n  - [ ] share the roadmap draft\n- [x] done already\nAsking around is not an item\nAsk @Sam how the move feels\nnext:   \nNEXT: capital letters count";
        let got = agenda_lines(body);
        let got: Vec<(&str, &str)> = got.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        assert_eq!(
            got,
            [
                ("1", "agree on the on-call rota"),
                ("2", "share the roadmap draft"),
                ("3", "Ask @Sam how the move feels"),
                ("4", "capital letters count"),
            ]
        );
        assert!(agenda_lines("").is_empty());
        // A sentence inside a line counts too, numbered apart so the ids of whole lines
        // stay as they were.
        let one_line = "Good 1:1 with @Sam. Next: ask about the on-call rota\nNext: the budget\nIt went well! Ask Ana how. Done.\nAsking.  Nothing here. e.g. next: no";
        let got = agenda_lines(one_line);
        let got: Vec<(&str, &str)> = got.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        assert_eq!(
            got,
            [
                ("s1", "ask about the on-call rota"),
                ("1", "the budget"),
                ("s2", "Ask Ana how. Done."),
            ]
        );
    }

    #[test]
    fn delegations_need_an_outcome_and_sane_dates() {
        let today = day("2026-11-22");
        assert_eq!(
            check_delegation("Weekly report", "  ", None, None, today),
            Err(DelegationError::NoDone)
        );
        assert_eq!(
            check_delegation(" ", "x", None, None, today),
            Err(DelegationError::NoTask)
        );
        assert!(matches!(
            check_delegation(
                "t",
                "d",
                Some(day("2026-12-10")),
                Some(day("2026-12-01")),
                today
            ),
            Err(DelegationError::CheckInAfterDue { .. })
        ));
        assert!(
            check_delegation(
                "t",
                "d",
                Some(day("2026-12-01")),
                Some(day("2026-12-10")),
                today
            )
            .is_ok()
        );
        // A check-in today is fine; yesterday's is in the past.
        assert!(check_delegation("t", "d", Some(today), None, today).is_ok());
        assert_eq!(
            check_delegation("t", "d", Some(day("2026-11-21")), None, today),
            Err(DelegationError::CheckInPast(day("2026-11-21")))
        );
    }

    #[test]
    fn the_agenda_gathers_lines_follow_ups_and_check_ins_and_drops_what_was_discussed() {
        use crate::domain::conversation::{Conversation, Outcome, Prep, Status};
        use crate::domain::{Entry, EntryKind};
        let entry = |id: i64, d: &str, body: &str, people: &[&str]| Entry {
            id,
            sid: format!("e{id}"),
            kind: EntryKind::Reflection,
            at: chrono::DateTime::parse_from_rfc3339(&format!("{d}T18:00:00+01:00")).unwrap(),
            day: day(d),
            body: body.into(),
            tags: Vec::new(),
            people: people.iter().map(|p| p.to_string()).collect(),
            version: 0,
        };
        let entries = vec![
            entry(
                1,
                "2026-11-16",
                "1:1 with @Sam.\nNext: agree the on-call rota\nAsk @Ana about the budget",
                &["Sam", "Ana"],
            ),
            entry(2, "2026-11-18", "- [ ] share the draft with @Sam", &["Sam"]),
            entry(3, "2026-11-19", "Next: nothing about Sam here", &["Lee"]),
        ];
        let held = Conversation {
            id: 4,
            sid: "c4".into(),
            person: "Sam".into(),
            topic: "Estimates".into(),
            planned_at: None,
            event_uid: None,
            stay_interview: false,
            status: Status::Held,
            held_at: None,
            followup_on: Some(day("2026-11-25")),
            prep: Prep::default(),
            outcome: Outcome {
                followup_notes: "look at the spreadsheet".into(),
                ..Outcome::default()
            },
            version: 0,
        };
        let delegation = Delegation {
            id: 7,
            sid: "d7".into(),
            person: "sam".into(),
            task: "Weekly report".into(),
            done_looks_like: "sent Fridays by noon".into(),
            authority: String::new(),
            check_in_on: Some(day("2026-11-20")),
            due_on: None,
            status: DelegationStatus::Open,
            since: day("2026-11-10"),
        };
        let names = vec!["Sam".to_string()];
        let mut done = std::collections::HashSet::new();
        let agenda = build_agenda(
            &names,
            &entries,
            std::slice::from_ref(&held),
            std::slice::from_ref(&delegation),
            &[AgendaItem {
                id: added_item_id(3),
                sid: added_item_id("x3"),
                text: "the conference budget".into(),
                source: AgendaSource::Added,
                since: day("2026-11-21"),
            }],
            &done,
            day("2026-11-22"),
        );
        let ids: Vec<&str> = agenda.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["r1.1", "r2.1", "d7@20261120", "a3", "c4@20261125"]);
        // The same made from the rows' stable ids.
        let sids: Vec<&str> = agenda.iter().map(|a| a.sid.as_str()).collect();
        assert_eq!(
            sids,
            ["re1.1", "re2.1", "dd7@20261120", "ax3", "cc4@20261125"]
        );
        assert_eq!(agenda[0].text, "agree the on-call rota");
        assert!(agenda[4].text.contains("look at the spreadsheet"));
        // Discussed: gone; the rest carries forward.
        done.insert("r1.1".to_string());
        let later = build_agenda(
            &names,
            &entries,
            &[held],
            &[delegation],
            &[],
            &done,
            day("2026-11-29"),
        );
        assert_eq!(later.len(), 3);
        assert!(later.iter().all(|a| a.id != "r1.1"));
    }

    #[test]
    fn coverage_is_counted_by_hand() {
        use chrono::{TimeZone, Utc};
        let t = |d: u32, h: u32| Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap();
        let one = |d: u32, minutes: i64, state: OneOnOneState| OneOnOne {
            series: u64::from(d),
            planned: t(d, 9),
            start: t(d, 9),
            minutes,
            state,
        };
        // Weekly 30-minute 1:1s on Tuesdays; now is Sunday 29 November, noon.
        let list = [
            one(3, 30, OneOnOneState::Kept),
            one(10, 30, OneOnOneState::Cancelled),
            one(17, 30, OneOnOneState::Moved),
            one(24, 30, OneOnOneState::Declined),
            one(26, 45, OneOnOneState::Kept),
            one(8, 30, OneOnOneState::Kept),
        ];
        let mut list = list.to_vec();
        list[5].start = Utc.with_ymd_and_hms(2026, 12, 8, 9, 0, 0).unwrap();
        let now = t(29, 12);
        let week = (t(23, 0), t(30, 0));
        let c = coverage(&list, &[t(12, 15)], now, week);
        // Last four weeks (from 1 Nov 12:00): kept 3rd (30) + moved 17th (30) + 26th (45).
        assert_eq!(c.minutes_per_week, 105.0 / 4.0);
        // Cancelled 10th, moved 17th, declined 24th.
        assert_eq!(c.cancelled, 3);
        assert!(c.cancelled_this_week, "the 24th was declined");
        assert_eq!(c.called_off, None, "made up on the 26th");
        let not_made_up = coverage(&list[..4], &[t(12, 15)], now, week);
        assert_eq!(not_made_up.called_off, Some(t(24, 9)));
        // A conversation held after it makes it up too.
        let held = coverage(&list[..4], &[t(25, 15)], now, week);
        assert_eq!(held.called_off, None);
        assert_eq!(c.last, Some(t(26, 9)));
        assert_eq!(
            c.next,
            Some(Utc.with_ymd_and_hms(2026, 12, 8, 9, 0, 0).unwrap())
        );
        // Twelve weeks back (6 September) to the first check-in on 3 November is the gap.
        assert_eq!(c.longest_gap_days, 57);
        let nothing = coverage(&[], &[], now, week);
        assert_eq!(
            (nothing.minutes_per_week, nothing.longest_gap_days),
            (0.0, 84)
        );
        assert_eq!(c.gap_words(), "longest gap 57 days in 12 weeks");
        assert_eq!(nothing.gap_words(), "no 1:1 in 12 weeks");
    }

    #[test]
    fn a_one_on_one_an_exdate_removed_is_called_off_in_its_week() {
        use chrono::{Duration, TimeZone, Utc};
        let t = |d: u32| Utc.with_ymd_and_hms(2026, 11, d, 9, 0, 0).unwrap();
        let weekly = |d: u32| OneOnOne {
            series: 7,
            planned: t(d),
            start: t(d),
            minutes: 30,
            state: OneOnOneState::Kept,
        };
        // Mondays 2, 9, 23 and 30 November: the 16th was removed by an EXDATE.
        let list = [weekly(2), weekly(9), weekly(23), weekly(30)];
        let week_of = |d: u32| (t(d) - Duration::hours(9), t(d) + Duration::days(7));
        let in_gap = coverage(&list, &[], t(22), week_of(16));
        assert!(in_gap.cancelled_this_week, "the 16th's 1:1 is called off");
        assert_eq!(in_gap.cancelled, 1);
        let after = coverage(&list, &[], t(29), week_of(23));
        assert!(!after.cancelled_this_week);
        // Nothing is left out of a series with another rhythm, or too short to have one.
        let other = [weekly(2), weekly(9), weekly(16)];
        assert!(skipped(&other).is_empty());
        assert!(skipped(&[weekly(2), weekly(23)]).is_empty());
    }

    #[test]
    fn a_check_in_is_due_on_its_day_and_after() {
        let mut d = Delegation {
            id: 1,
            sid: "d1".into(),
            person: "Sam".into(),
            task: "Status report".into(),
            done_looks_like: "Sent by Friday noon".into(),
            authority: String::new(),
            check_in_on: Some(day("2026-12-03")),
            due_on: None,
            status: DelegationStatus::Open,
            since: day("2026-11-20"),
        };
        assert!(!d.check_in_due(day("2026-12-02")));
        assert!(d.check_in_due(day("2026-12-03")));
        assert!(d.check_in_due(day("2026-12-09")));
        d.status = DelegationStatus::Done;
        assert!(!d.check_in_due(day("2026-12-09")));
        assert_eq!(delegation_item_id(4, day("2026-12-03")), "d4@20261203");
    }
}
