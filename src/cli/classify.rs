//! `bearing classify`: say what an event, or a whole series, is.

use std::io::Write;

use anyhow::{anyhow, bail};
use clap::{Args, ValueEnum};

use crate::domain::event::Category;
use crate::store::{SERIES, Store};

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
}

impl From<CategoryArg> for Category {
    fn from(c: CategoryArg) -> Category {
        match c {
            CategoryArg::Managing => Category::Managing,
            CategoryArg::Leading => Category::Leading,
            CategoryArg::Excluded => Category::Excluded,
            CategoryArg::Unclassified => Category::Unclassified,
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
    /// What it is.
    #[arg(value_enum)]
    pub category: CategoryArg,
}

/// Records the classification and says what it applied to.
pub fn classify(
    store: &mut Store,
    args: &ClassifyArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let category: Category = args.category.into();
    if let Some(uid) = &args.series {
        if !store.series_exists(uid)? {
            bail!("no imported series has the UID '{uid}'");
        }
        store.set_classification(uid, SERIES, category)?;
        writeln!(out, "Classified series {uid} as {}.", category.as_str())?;
    } else if let Some(pattern) = &args.title {
        if pattern.trim().is_empty() {
            bail!("--title needs some text to look for");
        }
        let series = store.series_matching(pattern)?;
        if series.is_empty() {
            bail!("no imported event title contains '{pattern}'");
        }
        for (uid, _) in &series {
            store.set_classification(uid, SERIES, category)?;
        }
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
        let event = store
            .event_occurrence(id)?
            .ok_or_else(|| anyhow!("there is no imported event {id}; `bearing audit` lists ids"))?;
        store.set_classification(&event.uid, event.key, category)?;
        writeln!(
            out,
            "Classified '{}' on {} as {}.",
            event.title,
            event.start.format("%Y-%m-%d %H:%M UTC"),
            category.as_str()
        )?;
    }
    Ok(())
}
