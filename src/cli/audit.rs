//! `bearing audit`: hours managing versus leading against the target.

use std::io::Write;

use chrono::Duration;
use clap::Args;

use crate::app::audit::{self, AuditSettings};
use crate::app::{Field, Journal, Now};
use crate::audit::AuditReport;
use crate::config::Config;
use crate::domain::week::week_start;
use crate::domain::{Clock, hours};

/// Options of `bearing audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Any day of the week to audit: YYYY-MM-DD or words [default: this week].
    #[arg(long, value_name = "DATE", conflicts_with_all = ["from", "to"])]
    pub week: Option<String>,
    /// First day of a period: YYYY-MM-DD or words (with --to).
    #[arg(long, value_name = "DATE", requires = "to")]
    pub from: Option<String>,
    /// Last day of a period: YYYY-MM-DD or words (with --from).
    #[arg(long, value_name = "DATE", requires = "from")]
    pub to: Option<String>,
    /// Print JSON for scripts (the same as --format json).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Break the hours down by day (in the text, the JSON's "days", and the CSV).
    #[arg(long, value_name = "DAY", value_enum)]
    pub by: Option<By>,
    /// How to print: text, json, or csv (one row per day and category; implies --by day).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// What an audit is broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// Each day of the period.
    Day,
}

/// How `bearing audit` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For scripts.
    Json,
    /// For spreadsheets: day, category, minutes, hours.
    Csv,
}

/// The CLI's words for a refusal of `field` by an audit use case: its flag.
fn flag(field: Field) -> Option<&'static str> {
    match field {
        Field::Period => Some("--to"),
        _ => None,
    }
}

/// Runs `bearing audit` on the journal at `paths`, opened to read.
pub fn run(
    paths: &super::Paths,
    config: &crate::config::Config,
    clock: &dyn crate::domain::Clock,
    args: &AuditArgs,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    run_audit(&paths.open_to_read()?, config, clock, args, out)
}

/// Audits the week or period and prints the report.
pub fn run_audit(
    journal: &Journal,
    config: &Config,
    clock: &dyn Clock,
    args: &AuditArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let period = match (&args.from, &args.to) {
        (Some(f), Some(t)) => (
            super::read_day(clock, "--from", f)?,
            super::read_day(clock, "--to", t)?,
        ),
        _ => {
            let day = args
                .week
                .as_deref()
                .map(|t| super::read_day(clock, "--week", t))
                .transpose()?
                .unwrap_or_else(|| clock.today());
            let first = week_start(day, config.week.first_day.0);
            (first, first + Duration::days(6))
        }
    };
    let settings = AuditSettings::from_config(config)?;
    let now = Now::of(clock);
    let format = if args.json { Format::Json } else { args.format };
    let days = if args.by == Some(By::Day) || format == Format::Csv {
        Some(
            audit::by_day(journal, &settings, now, period)
                .map_err(|e| super::app_error(e, flag))?,
        )
    } else {
        None
    };
    if format == Format::Csv {
        return print_csv(days.as_deref().unwrap_or_default(), out);
    }
    let report = audit::report(journal, &settings, config, now, period)
        .map_err(|e| super::app_error(e, flag))?;
    match (format, days) {
        (Format::Json, None) => super::write_json(out, &report),
        (Format::Json, Some(days)) => {
            let mut value = serde_json::to_value(&report)?;
            value["days"] = serde_json::to_value(&days)?;
            super::write_json(out, &value)
        }
        (_, days) => {
            print_report(&report, out)?;
            match days {
                Some(days) => print_days(&days, out),
                None => Ok(()),
            }
        }
    }
}

/// The categories of a day's hours, as the CSV and the text name them.
fn day_rows(h: &crate::audit::Hours) -> [(&'static str, f64); 4] {
    [
        ("managing", h.managing),
        ("leading", h.leading),
        ("unclassified", h.unclassified),
        ("excluded", h.excluded),
    ]
}

/// One row per day and category: `day,category,minutes,hours` (hours to two decimals,
/// minutes exact).
fn print_csv(days: &[audit::DayHours], out: &mut impl Write) -> anyhow::Result<()> {
    writeln!(out, "day,category,minutes,hours")?;
    for d in days {
        for (category, h) in day_rows(&d.hours) {
            writeln!(out, "{},{category},{},{h:.2}", d.day, hours::minutes(h))?;
        }
    }
    Ok(())
}

/// The text's table of days: each day's hours by category, in hours and minutes.
fn print_days(days: &[audit::DayHours], out: &mut impl Write) -> anyhow::Result<()> {
    writeln!(
        out,
        "By day:        managing  leading  unclassified  not work"
    )?;
    for d in days {
        let [m, l, u, x] = day_rows(&d.hours).map(|(_, h)| hours::fmt_minutes(hours::minutes(h)));
        let day = d.day.format(crate::domain::dates::DAY).to_string();
        writeln!(out, "  {day:<11}  {m:>8}  {l:>7}  {u:>12}  {x:>8}")?;
    }
    Ok(())
}

/// How many of the series with the most hours the text shows.
const SHOWN_SERIES: usize = 5;

fn bar(share: f64, width: usize) -> String {
    let n = (share * width as f64).round() as usize;
    format!(
        "{}{}",
        "█".repeat(n.min(width)),
        "·".repeat(width - n.min(width))
    )
}

fn print_report(r: &AuditReport, out: &mut impl Write) -> anyhow::Result<()> {
    writeln!(out, "Audit {} to {}", r.from, r.to)?;
    let (managing_pct, leading_pct) =
        hours::percents(r.hours.managing, r.hours.leading).unwrap_or((0, 0));
    let h = |x: f64| hours::fmt_minutes(hours::minutes(x));
    writeln!(
        out,
        "  managing     {:>6} h  {}  {:>3}%  (target {}%)",
        h(r.hours.managing),
        bar(managing_pct as f64 / 100.0, 20),
        managing_pct,
        hours::percent(r.target.managing)
    )?;
    writeln!(
        out,
        "  leading      {:>6} h  {}  {:>3}%  (target {}%)",
        h(r.hours.leading),
        bar(leading_pct as f64 / 100.0, 20),
        leading_pct,
        hours::percent(r.target.leading)
    )?;
    writeln!(out, "  unclassified {:>6} h", h(r.hours.unclassified))?;
    // Shown exactly, the rows add up to the total.
    let total = hours::total_minutes(&[r.hours.managing, r.hours.leading, r.hours.unclassified]);
    writeln!(out, "  work total   {:>6} h", hours::fmt_minutes(total))?;
    writeln!(out, "  not work     {:>6} h", h(r.hours.excluded))?;
    writeln!(
        out,
        "  blocks: {} planned, {} kept, {} skipped, {} invaded",
        r.blocks.planned, r.blocks.kept, r.blocks.skipped, r.blocks.invaded
    )?;
    if r.leading_share.is_none() {
        writeln!(
            out,
            "  No classified hours in this period. Import a calendar: bearing import FILE.ics"
        )?;
    }
    if !r.warnings.is_empty() {
        writeln!(out, "Warnings:")?;
        for w in &r.warnings {
            writeln!(out, "  ! {}", w.message)?;
        }
    }
    if !r.top_series.is_empty() {
        writeln!(out, "Most hours:")?;
        for s in r.top_series.iter().take(SHOWN_SERIES) {
            writeln!(
                out,
                "  {:>5} h  {:<12} {}",
                h(s.hours),
                s.category.as_str(),
                s.title
            )?;
        }
    }
    if r.top_series.len() > SHOWN_SERIES {
        writeln!(
            out,
            "  … and {} more (all of them with --json)",
            r.top_series.len() - SHOWN_SERIES
        )?;
    }
    if let Some(hint) = &r.rebalance {
        writeln!(out, "Rebalance: {hint}")?;
    }
    if !r.unclassified.is_empty() {
        // Grouped by series: one line, and one command, per recurring meeting.
        writeln!(
            out,
            "Unclassified (then: bearing classify ... managing|leading|excluded):"
        )?;
        for s in audit::unclassified_series(r).iter().take(10) {
            let which = if s.count > 1 {
                format!("--series {}", s.uid)
            } else {
                format!("--event {}", s.id)
            };
            writeln!(
                out,
                "  {:>5} h  {} ({}×)  {which}",
                h(s.hours),
                s.title,
                s.count
            )?;
        }
    }
    Ok(())
}
