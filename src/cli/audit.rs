//! `bearing audit`: hours managing versus leading against the target.

use std::io::Write;

use anyhow::bail;
use chrono::Duration;
use clap::Args;

use crate::app::audit::{AuditSettings, audit_between};
use crate::audit::AuditReport;
use crate::config::Config;
use crate::domain::week::week_start;
use crate::domain::{Clock, hours};
use crate::store::Store;

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
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

/// Audits the week or period and prints the report.
pub fn run_audit(
    store: &Store,
    config: &Config,
    clock: &dyn Clock,
    args: &AuditArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let (from, to) = match (&args.from, &args.to) {
        (Some(f), Some(t)) => {
            let (f, t) = (
                super::read_day(clock, "--from", f)?,
                super::read_day(clock, "--to", t)?,
            );
            if f > t {
                bail!("--from {f} is after --to {t}");
            }
            (f, t)
        }
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
    let mut report = audit_between(
        store,
        &settings,
        clock.zone(),
        from,
        to,
        clock.now().to_utc(),
    )?;
    report.warnings.extend(crate::app::coaching::audit_warnings(
        store,
        &settings,
        config,
        clock.zone(),
        clock.now(),
        (from, to),
    )?);
    if args.json {
        super::write_json(out, &report)?;
        return Ok(());
    }
    print_report(&report, out)
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
    let h = |x: f64| hours::fmt_tenths(hours::tenths(x));
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
    // The sum of the rows as printed, so the column adds up.
    let total = hours::total_tenths(&[r.hours.managing, r.hours.leading, r.hours.unclassified]);
    writeln!(out, "  work total   {:>6} h", hours::fmt_tenths(total))?;
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
        let mut groups: Vec<(&str, &str, usize, f64, i64)> = Vec::new();
        for u in &r.unclassified {
            match groups.iter_mut().find(|g| g.0 == u.uid) {
                Some(g) => {
                    g.2 += 1;
                    g.3 += u.hours;
                }
                None => groups.push((&u.uid, &u.title, 1, u.hours, u.id)),
            }
        }
        writeln!(
            out,
            "Unclassified (then: bearing classify ... managing|leading|excluded):"
        )?;
        for (uid, title, n, hours, id) in groups.iter().take(10) {
            let which = if *n > 1 {
                format!("--series {uid}")
            } else {
                format!("--event {id}")
            };
            writeln!(out, "  {:>5} h  {title} ({n}×)  {which}", h(*hours))?;
        }
    }
    Ok(())
}
