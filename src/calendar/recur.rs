//! One repeat rule (RRULE or EXRULE) into wall-clock times, with bounded work.
//!
//! The `rrule` crate does the calendar arithmetic. Around it:
//! - COUNT and UNTIL are applied here, not by the crate: DTSTART counts toward COUNT
//!   even when it does not match the rule (RFC 5545 3.8.5.3), and stopping here is what
//!   makes the crate's work visible.
//! - The crate searches up to 100,000 periods for a rule that matches nothing more (a
//!   rule for the 30th of February searches until year 10,000). Rules are moved forward
//!   by whole 400-year cycles, which leave weekdays and leap years as they were, so that
//!   the crate's year limit falls soon after the window; and every expansion is charged
//!   to a [`Budget`], so no file can make a calendar's rules cost more than a few seconds.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

/// How often a rule repeats, as its FREQ says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Freq {
    Yearly,
    Monthly,
    Weekly,
    Daily,
    Hourly,
    Minutely,
    Secondly,
}

impl Freq {
    /// What one period of searching costs, in budget units (about 50 ns of work on the
    /// machine bearing is measured on: a year's period builds a year of days).
    fn period_cost(self) -> u64 {
        match self {
            Freq::Yearly => 40,
            Freq::Monthly => 4,
            Freq::Weekly | Freq::Hourly | Freq::Minutely | Freq::Secondly => 2,
            Freq::Daily => 1,
        }
    }

    /// Whole periods (of `interval`) from `a` to `b`.
    fn periods(self, a: NaiveDateTime, b: NaiveDateTime, interval: u32) -> u64 {
        let span = b.signed_duration_since(a);
        let n = match self {
            Freq::Yearly => i64::from(b.year() - a.year()),
            Freq::Monthly => {
                i64::from(b.year() - a.year()) * 12 + i64::from(b.month()) - i64::from(a.month())
            }
            Freq::Weekly => span.num_weeks(),
            Freq::Daily => span.num_days(),
            Freq::Hourly | Freq::Minutely | Freq::Secondly => span.num_hours(),
        };
        u64::try_from(n).unwrap_or(0) / u64::from(interval.max(1)) + 1
    }
}

/// Where a rule ends, as its UNTIL says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Until {
    /// A date: through the end of that day, in the event's own time.
    Date(NaiveDate),
    /// A wall-clock time in the event's zone.
    Local(NaiveDateTime),
    /// A UTC time (`...Z`).
    Utc(NaiveDateTime),
}

/// A repeat rule, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rule {
    pub(crate) freq: Freq,
    interval: u32,
    count: Option<u64>,
    pub(crate) until: Option<Until>,
    /// The rule's other parts, for the crate.
    parts: String,
}

fn date_time(value: &str) -> Option<NaiveDateTime> {
    let v = value.trim().trim_end_matches(['Z', 'z']);
    NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M"))
        .ok()
}

/// Real rules are a few dozen characters; a BYYEARDAY list of every day fits in this.
const MAX_RULE_TEXT: usize = 2_000;

/// Reads an RRULE or EXRULE value such as `FREQ=WEEKLY;BYDAY=MO;UNTIL=20261231T000000Z`.
pub(crate) fn parse_rule(text: &str) -> Result<Rule, String> {
    if text.len() > MAX_RULE_TEXT {
        return Err(format!("it is longer than {MAX_RULE_TEXT} characters"));
    }
    let mut freq = None;
    let mut interval = 1;
    let mut count = None;
    let mut until = None;
    let mut parts = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        let (key, value) = (key.trim().to_ascii_uppercase(), value.trim());
        match key.as_str() {
            "FREQ" => {
                freq = Some(match value.to_ascii_uppercase().as_str() {
                    "YEARLY" => Freq::Yearly,
                    "MONTHLY" => Freq::Monthly,
                    "WEEKLY" => Freq::Weekly,
                    "DAILY" => Freq::Daily,
                    "HOURLY" => Freq::Hourly,
                    "MINUTELY" => Freq::Minutely,
                    "SECONDLY" => Freq::Secondly,
                    _ => return Err(format!("FREQ={} is not a frequency", short(value))),
                });
            }
            "COUNT" => {
                count = Some(
                    value
                        .parse::<u64>()
                        .map_err(|_| format!("COUNT={} is not a number", short(value)))?,
                );
                continue;
            }
            "UNTIL" => {
                until = Some(if value.len() == 8 {
                    NaiveDate::parse_from_str(value, "%Y%m%d")
                        .map(Until::Date)
                        .map_err(|_| format!("UNTIL={} is not a date", short(value)))?
                } else {
                    let t = date_time(value)
                        .ok_or_else(|| format!("UNTIL={} is not a date", short(value)))?;
                    if value.ends_with(['Z', 'z']) {
                        Until::Utc(t)
                    } else {
                        Until::Local(t)
                    }
                });
                continue;
            }
            "INTERVAL" => {
                interval = value
                    .parse::<u32>()
                    .map_err(|_| format!("INTERVAL={} is not a number", short(value)))?;
            }
            _ => {}
        }
        parts.push(format!("{key}={value}"));
    }
    let freq = freq.ok_or("it has no FREQ")?;
    Ok(Rule {
        freq,
        interval,
        count,
        until,
        parts: parts.join(";"),
    })
}

fn short(text: &str) -> String {
    text.chars().take(20).collect()
}

/// Work a calendar's repeat rules may cost, in units of about 50 ns.
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    left: u64,
}

impl Budget {
    /// A budget of `units`.
    pub(crate) fn new(units: u64) -> Budget {
        Budget { left: units }
    }

    /// Whether it is spent.
    pub(crate) fn spent(&self) -> bool {
        self.left == 0
    }

    fn charge(&mut self, units: u64) {
        self.left = self.left.saturating_sub(units);
    }
}

/// What one yielded time costs, in budget units.
const ITEM_COST: u64 = 3;

/// The crate stops a search after this many periods without a match.
const CRATE_SEARCH_LIMIT: u64 = 100_000;

/// The crate's last year.
const CRATE_LAST_YEAR: i32 = 10_000;

/// How a rule's expansion ended early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cut {
    /// More than the steps allowed for one rule.
    Steps,
    /// The calendar's budget was spent before this rule.
    Budget,
}

/// A rule's times in the window asked for.
#[derive(Debug, Clone, Default)]
pub(crate) struct Times {
    /// Wall-clock times, in order.
    pub(crate) times: Vec<NaiveDateTime>,
    /// Why it stopped early, if it did.
    pub(crate) cut: Option<Cut>,
}

/// What an expansion of one rule is asked for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    /// Times before this are not returned (they still count toward COUNT).
    pub(crate) keep_from: NaiveDateTime,
    /// The expansion stops at the first time after this.
    pub(crate) limit: NaiveDateTime,
    /// The most times one rule may step through, returned or not.
    pub(crate) max_steps: usize,
    /// The most times returned (the caller keeps no more than this many).
    pub(crate) max_kept: usize,
}

/// Moves `t` by `years`, a multiple of 400 (so a 29 February stays one).
fn shift(t: NaiveDateTime, years: i32) -> Option<NaiveDateTime> {
    t.with_year(t.year().checked_add(years)?)
}

/// The times of `rule` starting at wall-clock `dtstart`, within `window`. For an RRULE
/// (`dtstart_counts`), DTSTART takes one of COUNT's places even when the rule does not
/// produce it; the caller adds DTSTART itself. `until_local` is the rule's UNTIL as
/// wall-clock time, converted by the caller, which knows the zone.
pub(crate) fn expand_rule(
    dtstart: NaiveDateTime,
    rule: &Rule,
    until_local: Option<NaiveDateTime>,
    dtstart_counts: bool,
    window: Window,
    budget: &mut Budget,
) -> Result<Times, String> {
    let mut out = Times::default();
    if budget.spent() {
        out.cut = Some(Cut::Budget);
        return Ok(out);
    }
    let stop = until_local.map_or(window.limit, |u| u.min(window.limit));
    if dtstart > stop || rule.count == Some(0) {
        return Ok(out);
    }
    // The crate gives up at year 10,000: move the rule so that this comes soon after the
    // window, cutting short its search for matches that never come.
    let years = if stop.year() < CRATE_LAST_YEAR - 400 {
        (CRATE_LAST_YEAR - 1 - stop.year()) / 400 * 400
    } else {
        0
    };
    let (start, years) = match shift(dtstart, years) {
        Some(s) => (s, years),
        None => (dtstart, 0),
    };
    let text = format!(
        "DTSTART:{}Z\nRRULE:{}",
        start.format("%Y%m%dT%H%M%S"),
        rule.parts
    );
    let set = super::rule_set(&text)?.limit();
    let mut count_left = rule.count;
    let mut steps = 0usize;
    let mut first = true;
    let mut ended_here = false;
    let mut last = start;
    for t in &set {
        let moved = t.naive_utc();
        let Some(local) = shift(moved, -years) else {
            ended_here = true;
            break;
        };
        if first {
            first = false;
            // RFC 5545: DTSTART is the first instance and counts toward COUNT, whether
            // or not the rule produces it.
            if dtstart_counts && local != dtstart {
                count_left = count_left.map(|c| c.saturating_sub(1));
            }
        }
        last = moved;
        if count_left == Some(0) || local > stop {
            ended_here = true;
            break;
        }
        steps += 1;
        if steps > window.max_steps {
            out.cut = Some(Cut::Steps);
            ended_here = true;
            break;
        }
        if local >= window.keep_from {
            if out.times.len() >= window.max_kept {
                out.cut = Some(Cut::Steps);
                ended_here = true;
                break;
            }
            out.times.push(local);
        }
        count_left = count_left.map(|c| c.saturating_sub(1));
    }
    let mut cost = ITEM_COST * steps as u64
        + rule.freq.period_cost() * rule.freq.periods(start, last, rule.interval);
    if !ended_here {
        // The crate stopped on its own: after its longest search, or at its last year.
        let end_of_range = NaiveDate::from_ymd_opt(CRATE_LAST_YEAR, 12, 31)
            .map_or(last, |d| d.and_time(NaiveTime::MIN));
        let tail = rule
            .freq
            .periods(last, end_of_range, rule.interval)
            .min(CRATE_SEARCH_LIMIT);
        cost += rule.freq.period_cost() * tail;
    }
    budget.charge(cost);
    Ok(out)
}

/// The UNTIL of a rule as wall-clock time: a date through its last second; a UTC time
/// through `to_local`.
pub(crate) fn until_local(
    until: Until,
    to_local: impl Fn(NaiveDateTime) -> NaiveDateTime,
) -> NaiveDateTime {
    match until {
        Until::Date(d) => d
            .and_hms_opt(23, 59, 59)
            .unwrap_or(d.and_time(NaiveTime::MIN)),
        Until::Local(t) => t,
        Until::Utc(t) => to_local(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn times(dtstart: &str, rule: &str, limit: &str) -> (Vec<String>, Budget) {
        let rule = parse_rule(rule).unwrap();
        let mut budget = Budget::new(u64::MAX);
        let until = rule.until.map(|u| until_local(u, |t| t));
        let window = Window {
            keep_from: NaiveDateTime::MIN,
            limit: t(limit),
            max_steps: 10_000,
            max_kept: 10_000,
        };
        let got = expand_rule(t(dtstart), &rule, until, true, window, &mut budget).unwrap();
        (
            got.times
                .iter()
                .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                .collect(),
            budget,
        )
    }

    #[test]
    fn dtstart_off_the_rule_takes_one_of_count_s_places() {
        // Tuesday 24 November; the rule says Mondays. DTSTART is added by the caller.
        let (got, _) = times(
            "2026-11-24 09:00",
            "FREQ=WEEKLY;BYDAY=MO;COUNT=3",
            "2027-12-31 00:00",
        );
        assert_eq!(got, ["2026-11-30 09:00", "2026-12-07 09:00"]);
        // On the rule, DTSTART is the rule's own first time.
        let (got, _) = times(
            "2026-11-23 09:00",
            "FREQ=WEEKLY;BYDAY=MO;COUNT=3",
            "2027-12-31 00:00",
        );
        assert_eq!(
            got,
            ["2026-11-23 09:00", "2026-11-30 09:00", "2026-12-07 09:00"]
        );
    }

    #[test]
    fn until_is_inclusive_and_dates_last_the_whole_day() {
        let (got, _) = times(
            "2026-11-23 09:00",
            "FREQ=DAILY;UNTIL=20261125",
            "2027-12-31 00:00",
        );
        assert_eq!(got.len(), 3);
        let (got, _) = times(
            "2026-11-23 09:00",
            "FREQ=DAILY;UNTIL=20261125T090000",
            "2027-12-31 00:00",
        );
        assert_eq!(got.len(), 3);
        let (got, _) = times(
            "2026-11-23 09:00",
            "FREQ=DAILY;UNTIL=20261125T085959",
            "2027-12-31 00:00",
        );
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn moving_by_400_years_keeps_weekdays_and_leap_days() {
        // The last Friday of February, across a leap year, and the 29th of February.
        let (got, _) = times(
            "2027-02-26 16:00",
            "FREQ=YEARLY;BYMONTH=2;BYDAY=-1FR",
            "2029-12-31 00:00",
        );
        assert_eq!(
            got,
            ["2027-02-26 16:00", "2028-02-25 16:00", "2029-02-23 16:00"]
        );
        let (got, _) = times("2024-02-29 08:00", "FREQ=YEARLY", "2032-12-31 00:00");
        assert_eq!(
            got,
            ["2024-02-29 08:00", "2028-02-29 08:00", "2032-02-29 08:00"]
        );
        // Far dates are not moved past the crate's range.
        let (got, _) = times(
            "9998-01-05 08:00",
            "FREQ=WEEKLY;COUNT=2",
            "9999-12-31 00:00",
        );
        assert_eq!(got, ["9998-01-05 08:00", "9998-01-12 08:00"]);
        let (got, _) = times(
            "0001-01-01 08:00",
            "FREQ=YEARLY;COUNT=2",
            "0003-12-31 00:00",
        );
        assert_eq!(got, ["0001-01-01 08:00", "0002-01-01 08:00"]);
    }

    #[test]
    fn a_rule_that_never_matches_costs_a_bounded_search_and_is_charged_for_it() {
        let start = std::time::Instant::now();
        let (got, budget) = times(
            "2026-01-01 09:00",
            "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30",
            "2028-12-31 00:00",
        );
        assert!(got.is_empty());
        assert!(
            u64::MAX - budget.left >= 100_000,
            "charged {}",
            u64::MAX - budget.left
        );
        let (_, yearly) = times(
            "2026-01-01 09:00",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
            "2028-12-31 00:00",
        );
        assert!(
            u64::MAX - yearly.left < 40 * 1_000,
            "the 400-year move keeps a yearly search short"
        );
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }

    #[test]
    fn a_spent_budget_expands_nothing() {
        let rule = parse_rule("FREQ=DAILY").unwrap();
        let mut budget = Budget::new(0);
        let window = Window {
            keep_from: NaiveDateTime::MIN,
            limit: t("2027-01-01 00:00"),
            max_steps: 10,
            max_kept: 10,
        };
        let got = expand_rule(
            t("2026-01-01 09:00"),
            &rule,
            None,
            true,
            window,
            &mut budget,
        )
        .unwrap();
        assert_eq!((got.times.len(), got.cut), (0, Some(Cut::Budget)));
        let mut budget = Budget::new(u64::MAX);
        let got = expand_rule(
            t("2026-01-01 09:00"),
            &rule,
            None,
            true,
            window,
            &mut budget,
        )
        .unwrap();
        assert_eq!((got.times.len(), got.cut), (10, Some(Cut::Steps)));
    }

    #[test]
    fn rules_are_read_leniently_but_not_blindly() {
        let r = parse_rule(" freq=weekly ; byday=MO;COUNT=4;UNTIL=20261231T230000Z;").unwrap();
        assert_eq!(r.freq, Freq::Weekly);
        assert_eq!(r.count, Some(4));
        assert!(matches!(r.until, Some(Until::Utc(_))));
        assert_eq!(r.parts, "FREQ=weekly;BYDAY=MO");
        assert!(parse_rule(&format!("FREQ=DAILY;BYHOUR={}", "1,".repeat(2000))).is_err());
        assert!(parse_rule("BYDAY=MO").is_err());
        assert!(parse_rule("FREQ=SOMETIMES").is_err());
        assert!(parse_rule("FREQ=DAILY;COUNT=many").is_err());
        assert!(parse_rule("FREQ=DAILY;UNTIL=tomorrow").is_err());
    }
}
