//! `bearing classify`: say what an event, or a whole series, is.

use std::io::Write;

use clap::{Args, ValueEnum};

use crate::app::classify::{self, Category};
use crate::app::{self, Field, Journal};

/// A category as a command-line value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CategoryArg {
    /// How we get there: status, reports, budgets, admin.
    Managing,
    /// Where we are going: 1:1s, coaching, strategy, hiring.
    Leading,
    /// Not work: lunch, personal, out of office.
    Excluded,
    /// Undecided (overrides the rules too).
    Unclassified,
    /// With --calendar: no class for the whole calendar; its events go by the rules.
    Rules,
}

impl From<CategoryArg> for Category {
    fn from(c: CategoryArg) -> Category {
        match c {
            CategoryArg::Managing => Category::Managing,
            CategoryArg::Leading => Category::Leading,
            CategoryArg::Excluded => Category::Excluded,
            CategoryArg::Unclassified | CategoryArg::Rules => Category::Unclassified,
        }
    }
}

/// Options of `bearing classify`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("what").required(true).multiple(false))]
pub struct ClassifyArgs {
    /// Every occurrence of the series with this UID.
    #[arg(long, value_name = "UID", group = "what")]
    pub series: Option<String>,
    /// Every series whose title contains this text (any case).
    #[arg(long, value_name = "PATTERN", group = "what")]
    pub title: Option<String>,
    /// One occurrence, by the id `bearing audit` shows.
    #[arg(long, value_name = "ID", group = "what")]
    pub event: Option<i64>,
    /// Everything in this imported calendar (a series' or an occurrence's own class still
    /// wins); `rules` hands it back to the rules.
    #[arg(long, value_name = "NAME", group = "what")]
    pub calendar: Option<String>,
    /// What it is (`rules`, with --calendar, hands the calendar back to the rules).
    #[arg(value_enum)]
    pub category: CategoryArg,
}

/// The CLI's words for a refusal of `field` by a classification: its flag.
fn flag(field: Field) -> Option<&'static str> {
    match field {
        Field::Series => Some("--series"),
        Field::TitleSearch => Some("--title"),
        Field::Calendar => Some("--calendar"),
        _ => None,
    }
}

/// `e` as the CLI says it, pointing at `bearing audit` for a missing event.
fn said(e: app::Error) -> anyhow::Error {
    super::app_error(e, flag)
}

/// Runs `bearing classify` on the journal at `paths`, opened to write.
pub fn run(
    paths: &super::Paths,
    args: &ClassifyArgs,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    classify(&mut paths.open_to_write()?, args, out)
}

/// Records the classification and says what it applied to.
pub fn classify(
    journal: &mut Journal,
    args: &ClassifyArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    if let Some(name) = &args.calendar {
        let category = (args.category != CategoryArg::Rules).then(|| args.category.into());
        classify::calendar(journal, name, category).map_err(said)?;
        match category {
            Some(c) => writeln!(
                out,
                "Everything in calendar '{}' is {} now (what you classified one by one keeps its class).",
                name.trim(),
                c.as_str()
            )?,
            None => writeln!(out, "Calendar '{}' goes by the rules again.", name.trim())?,
        }
        return Ok(());
    }
    if args.category == CategoryArg::Rules {
        anyhow::bail!(
            "`rules` goes with --calendar; to hand a series back to the rules, press r on the Audit screen"
        );
    }
    let category: Category = args.category.into();
    if let Some(uid) = &args.series {
        classify::series(journal, uid, category).map_err(said)?;
        writeln!(out, "Classified series {uid} as {}.", category.as_str())?;
    } else if let Some(pattern) = &args.title {
        let series = classify::titled(journal, pattern, category).map_err(said)?;
        writeln!(
            out,
            "Classified {} series as {}:",
            series.len(),
            category.as_str()
        )?;
        for (_, title) in &series {
            writeln!(out, "  {title}")?;
        }
    } else if let Some(id) = args.event {
        let event = classify::event(journal, id, category).map_err(said)?;
        writeln!(
            out,
            "Classified '{}' on {} UTC as {}.",
            event.title,
            event.start.format(crate::domain::dates::TYPED),
            category.as_str()
        )?;
    }
    Ok(())
}
