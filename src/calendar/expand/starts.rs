//! The starts a series' master schedules: DTSTART, each RRULE's times and the RDATEs,
//! keyed; and what its EXDATEs and EXRULEs take away. Rules are expanded in wall-clock
//! time (so DST is right), as far as the window needs.

use chrono::{DateTime, Duration, NaiveDateTime, NaiveTime, Utc};

use super::run::Run;
use crate::calendar::recur::{self, Cut, Freq, Rule, Window};
use crate::calendar::values::{Start, key_of};
use crate::calendar::vevent::Vevent;
use crate::calendar::zones::{Zone, Zones};
use crate::calendar::{Notes, called};
use crate::domain::hash::FastSet;

/// A scheduled start with its key and, for an RDATE period, its own length.
pub(super) type KeyedStart = (i64, Start, Option<Duration>);

/// The scheduled starts of a series' master: DTSTART, its rules' and its RDATEs, without
/// its exceptions, keyed and in order; with the keys its EXDATEs and EXRULEs take away.
/// `keep_all` keeps the starts before the window too; `overrides` is how many
/// overrides the series has.
pub(super) fn master_starts(
    master: &Vevent,
    zones: &Zones,
    keep_all: bool,
    overrides: usize,
    run: &mut Run<'_>,
    notes: &mut Notes,
) -> (Vec<KeyedStart>, FastSet<i64>) {
    let rules = MasterRules::new(master, zones, keep_all, overrides, run);
    // RFC 5545: DTSTART is always the first instance, whether or not a rule produces it.
    let mut starts: Vec<(Start, Option<Duration>)> = vec![(master.start, None)];
    for rule in &master.rrules {
        starts.extend(
            rules
                .times(rule, true, run, notes)
                .into_iter()
                .map(|t| (rules.as_start(t), None)),
        );
    }
    starts.extend(master.rdates.iter().copied());
    let mut excluded: FastSet<i64> = master.exdates.iter().map(|s| key_of(*s, zones)).collect();
    for rule in &master.exrules {
        excluded.extend(
            rules
                .times(rule, false, run, notes)
                .into_iter()
                .map(|t| key_of(rules.as_start(t), zones)),
        );
    }
    let mut keyed: Vec<KeyedStart> = starts
        .into_iter()
        .map(|(s, l)| (key_of(s, zones), s, l))
        .collect();
    // Stable: for one key, DTSTART and rule times come before RDATE periods.
    keyed.sort_by_key(|(k, _, _)| *k);
    (keyed, excluded)
}

/// How a master's repeat rules are expanded: from its DTSTART as a wall-clock time in
/// its zone, over the wall-clock times the window needs.
struct MasterRules<'a> {
    master: &'a Vevent,
    zones: &'a Zones,
    /// The master's zone (the floating one for an all-day event).
    zone: Zone,
    dtstart: NaiveDateTime,
    window: Window,
}

impl<'a> MasterRules<'a> {
    /// The rules of `master` over the run's window; `keep_all` keeps the times before it
    /// too (a THISANDFUTURE override can move them into it).
    fn new(
        master: &'a Vevent,
        zones: &'a Zones,
        keep_all: bool,
        overrides: usize,
        run: &Run<'_>,
    ) -> MasterRules<'a> {
        let zone = match master.start {
            Start::Timed(_, z) => z,
            Start::Date(_) => zones.floating,
        };
        let local_of = |t: DateTime<Utc>| zones.to_local(zone, t);
        let (from, to) = run.window;
        let dtstart = match master.start {
            Start::Date(d) => d.and_time(NaiveTime::MIN),
            Start::Timed(l, _) => l,
        };
        // Times are compared as wall-clock times; two days either side cover any offset.
        let limit = local_of(to)
            .checked_add_signed(Duration::days(2))
            .unwrap_or(NaiveDateTime::MAX);
        let keep_from = if keep_all {
            NaiveDateTime::MIN
        } else {
            local_of(from)
                .checked_sub_signed(master.length)
                .and_then(|t| t.checked_sub_signed(Duration::days(2)))
                .unwrap_or(NaiveDateTime::MIN)
        };
        let window = Window {
            keep_from,
            limit,
            max_steps: run.limits.steps_per_rule,
            // No more can be counted: the series' limit, and what exceptions take away.
            max_kept: run.limits.per_series + master.exdates.len() + overrides,
        };
        MasterRules {
            master,
            zones,
            zone,
            dtstart,
            window,
        }
    }

    /// A time a rule gives, as a start of the master's kind.
    fn as_start(&self, t: NaiveDateTime) -> Start {
        match self.master.start {
            Start::Date(_) => Start::Date(t.date()),
            Start::Timed(_, z) => Start::Timed(t, z),
        }
    }

    /// The times of an RRULE (`is_rrule`) or EXRULE, noting why there are none or no
    /// more (a rule that cannot be read, one too frequent, a limit met).
    fn times(
        &self,
        rule: &Rule,
        is_rrule: bool,
        run: &mut Run<'_>,
        notes: &mut Notes,
    ) -> Vec<NaiveDateTime> {
        let master = self.master;
        if matches!(rule.freq, Freq::Minutely | Freq::Secondly) {
            let every = if rule.freq == Freq::Minutely {
                "minute"
            } else {
                "second"
            };
            notes.push(|| format!("line {}: {} repeats every {every}, which bearing does not expand; only its first occurrence is counted", master.line, called(&master.title)));
            return Vec::new();
        }
        // An EXRULE may take away more than a series can count; it keeps all it steps
        // through.
        let window = if is_rrule {
            self.window
        } else {
            Window {
                max_kept: self.window.max_steps,
                ..self.window
            }
        };
        let until = rule
            .until
            .map(|u| recur::until_local(u, |t| self.zones.to_local(self.zone, t.and_utc())));
        match recur::expand_rule(self.dtstart, rule, until, is_rrule, window, &mut run.budget) {
            Ok(t) => {
                note_cut(t.cut, master, run, notes);
                t.times
            }
            Err(e) => {
                notes.push(|| format!("line {}: the repeat rule of {} cannot be read ({e}); only its first occurrence is counted", master.line, called(&master.title)));
                Vec::new()
            }
        }
    }
}

/// Notes why a rule of `master` stopped early, if it did (the calendar's budget only
/// once).
fn note_cut(cut: Option<Cut>, master: &Vevent, run: &mut Run<'_>, notes: &mut Notes) {
    match cut {
        Some(Cut::Steps) => notes.push(|| format!("line {}: {} repeats more than {} times up to the period's end; the rest are not counted", master.line, called(&master.title), run.limits.steps_per_rule)),
        Some(Cut::Budget) if !run.budget_noted => {
            run.budget_noted = true;
            notes.push(|| format!("line {}: the calendar's repeat rules need more work than bearing allows; from {} on, repeating events count only their first occurrence", master.line, called(&master.title)));
        }
        _ => {}
    }
}
