//! Looking back over the journal: its search and its filtered listing, as `bearing
//! search`, `bearing list` and the History screen ask them, and History's pages (a
//! window of rows read a page at a time, "on this day", going to a date, the preview).
//!
//! A filter is checked once, here, whichever front end it was typed into
//! ([`check`]): a tag is one word, a person has a name, the range runs forwards, and
//! conversations, which have no tags, are not asked for by tag.

use chrono::{Duration, NaiveDate, NaiveTime};
use chrono_tz::Tz;

use super::{Error, Field, Journal, Result};
use crate::domain::conversation::Conversation;
use crate::domain::history::{ItemId, ItemKind};
use crate::domain::{Entry, person};
pub use crate::store::{
    Cursor, HistoryRow, JournalFilter, MATCH_END, MATCH_START, RANKED_MATCHES, SearchOptions,
};

/// Rows read per page of History.
pub const PAGE: usize = 100;

/// A filter as the user typed it: the tag and person as text (`#` and `@` optional, any
/// case), the kind and days already read. `None` filters nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypedFilter {
    /// Only entries with this tag.
    pub tag: Option<String>,
    /// Only entries mentioning this person, and conversations with them.
    pub person: Option<String>,
    /// Only rows of this kind.
    pub kind: Option<ItemKind>,
    /// The first day to include.
    pub from: Option<NaiveDate>,
    /// The last day to include.
    pub to: Option<NaiveDate>,
}

/// Why a typed filter was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    /// A tag that is empty or more than one word.
    #[error("a tag is one word, e.g. #growth")]
    NotOneTag,
    /// A person with no name (only `@` and space).
    #[error("a person needs a name, e.g. @Sam")]
    NoPerson,
    /// A range whose last day comes before its first.
    #[error(transparent)]
    Backwards(#[from] crate::domain::week::Reversed),
    /// A tag asked of conversations, which have none.
    #[error("conversations have no tags; clear the tag or the kind")]
    ConversationTag,
}

impl From<FilterError> for Error {
    fn from(e: FilterError) -> Error {
        let field = match e {
            FilterError::NotOneTag | FilterError::ConversationTag => Field::Tag,
            FilterError::NoPerson => Field::Person,
            FilterError::Backwards(_) => Field::To,
        };
        Error::refused(field, e)
    }
}

/// Checks a typed filter and makes it the journal's: the tag lower-cased without its
/// `#`, the person's name without its `@`. The first refusal found, in the order the
/// fields are typed (tag, person, days), then a tag asked of conversations.
pub fn check(typed: &TypedFilter) -> Result<JournalFilter> {
    let tag = typed
        .tag
        .as_deref()
        .map(|t| t.trim().trim_start_matches('#').to_lowercase());
    if tag
        .as_deref()
        .is_some_and(|t| t.is_empty() || t.contains(char::is_whitespace))
    {
        return Err(FilterError::NotOneTag.into());
    }
    let person = typed
        .person
        .as_deref()
        .map(|p| person::clean(p).to_string());
    if person.as_deref().is_some_and(str::is_empty) {
        return Err(FilterError::NoPerson.into());
    }
    if let (Some(from), Some(to)) = (typed.from, typed.to) {
        crate::domain::week::check_period(from, to).map_err(FilterError::from)?;
    }
    if tag.is_some() && typed.kind == Some(ItemKind::Conversation) {
        return Err(FilterError::ConversationTag.into());
    }
    Ok(JournalFilter {
        tag,
        person,
        kind: typed.kind,
        from: typed.from,
        to: typed.to,
        days: Vec::new(),
    })
}

/// The entries a typed filter lets through, oldest first (what `bearing list` prints).
pub fn list_entries(journal: &Journal, typed: &TypedFilter) -> Result<Vec<Entry>> {
    let filter = check(typed)?;
    Ok(journal.store().list_entries(&filter)?)
}

/// The entries and conversations matching `query` (words, `"phrases"`, `prefix*`) that
/// `filter` lets through, best first, at most `limit`, ranked and cut as `options` say.
/// `None` when the query has nothing to search for.
pub fn search(
    journal: &Journal,
    query: &str,
    filter: &JournalFilter,
    limit: usize,
    options: SearchOptions,
) -> Result<Option<Vec<HistoryRow>>> {
    Ok(journal
        .store()
        .search_journal(query, filter, limit, options)?)
}

/// How many reflections, notes and conversations match `query`; `None` when the query
/// has nothing to search for.
pub fn count_matches(journal: &Journal, query: &str) -> Result<Option<usize>> {
    Ok(journal.store().count_journal_matches(query)?)
}

/// A window of History's rows, newest first: how many rows the filter lets through,
/// whether more lie past either edge, and the row to select.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Window {
    /// The rows, newest first.
    pub rows: Vec<HistoryRow>,
    /// How many rows the filter lets through.
    pub total: i64,
    /// Whether older rows exist past the window.
    pub has_older: bool,
    /// Whether newer rows exist before the window.
    pub has_newer: bool,
    /// The row to select: the first, or the last of the oldest page; none when empty.
    pub selected: Option<usize>,
}

/// The newest page of what `filter` lets through.
pub fn newest(journal: &Journal, filter: &JournalFilter) -> Result<Window> {
    let store = journal.store();
    let rows = store.history_page(filter, None, false, PAGE)?;
    let total = store.history_count(filter)?;
    Ok(Window {
        has_older: rows.len() == PAGE,
        has_newer: false,
        selected: (!rows.is_empty()).then_some(0),
        rows,
        total,
    })
}

/// The oldest page of what `filter` lets through, its oldest row selected.
pub fn oldest(journal: &Journal, filter: &JournalFilter) -> Result<Window> {
    let store = journal.store();
    let rows = store.history_page(filter, None, true, PAGE)?;
    let total = store.history_count(filter)?;
    Ok(Window {
        has_older: false,
        has_newer: (rows.len() as i64) < total,
        selected: rows.len().checked_sub(1),
        rows,
        total,
    })
}

/// The page that starts at `day` (its newest row on or before it, in `zone`), or, when
/// nothing is that old, the oldest page.
pub fn from_day(
    journal: &Journal,
    zone: Tz,
    filter: &JournalFilter,
    day: NaiveDate,
) -> Result<Window> {
    let next_midnight =
        crate::domain::block::place(zone, (day + Duration::days(1)).and_time(NaiveTime::MIN));
    let from = Cursor {
        at_utc: next_midnight.timestamp(),
        key: 0,
    };
    let store = journal.store();
    let rows = store.history_page(filter, Some(from), false, PAGE)?;
    let total = store.history_count(filter)?;
    if rows.is_empty() && total > 0 {
        return oldest(journal, filter);
    }
    Ok(Window {
        has_older: rows.len() == PAGE,
        has_newer: !rows.is_empty(),
        selected: (!rows.is_empty()).then_some(0),
        rows,
        total,
    })
}

/// A page read past an edge of the window: its rows, and whether there are more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The rows, newest first.
    pub rows: Vec<HistoryRow>,
    /// Whether more rows lie past these.
    pub more: bool,
}

/// The page just older than `last` (the window's last row).
pub fn older(journal: &Journal, filter: &JournalFilter, last: Option<Cursor>) -> Result<Page> {
    let rows = journal.store().history_page(filter, last, false, PAGE)?;
    Ok(Page {
        more: rows.len() == PAGE,
        rows,
    })
}

/// The page just newer than `first` (the window's first row), still newest first.
pub fn newer(journal: &Journal, filter: &JournalFilter, first: Option<Cursor>) -> Result<Page> {
    let rows = journal.store().history_page(filter, first, true, PAGE)?;
    Ok(Page {
        more: rows.len() == PAGE,
        rows,
    })
}

/// The window read again after an edit or a delete: from its first row `top` (given when
/// newer rows lie before it, so the rows above the selection stay where they were), at
/// least a page past row `keep`, which stays selected (or the last row, when fewer).
pub fn reread(
    journal: &Journal,
    filter: &JournalFilter,
    top: Option<Cursor>,
    keep: usize,
) -> Result<Window> {
    // The first row itself is read again: start just past it.
    let from = top.map(|c| Cursor {
        at_utc: c.at_utc,
        key: c.key + 1,
    });
    let store = journal.store();
    let rows = store.history_page(filter, from, false, keep + PAGE)?;
    let total = store.history_count(filter)?;
    let n = rows.len();
    Ok(Window {
        has_older: n == keep + PAGE,
        has_newer: top.is_some(),
        selected: (n > 0).then(|| keep.min(n - 1)),
        rows,
        total,
    })
}

/// The days "on this day" narrows History to on `today`: the same day of every earlier
/// month since the journal began, as a filter's `days`. With nothing to look back to
/// yet, one impossible day, so the filter still narrows to nothing.
pub fn on_this_day(journal: &Journal, today: NaiveDate) -> Result<Vec<NaiveDate>> {
    let earliest = journal.store().first_entry_day()?.unwrap_or(today);
    let days: Vec<NaiveDate> = crate::domain::history::on_this_day(today, earliest)
        .into_iter()
        .map(|(d, _)| d)
        .collect();
    Ok(if days.is_empty() {
        vec![NaiveDate::MIN]
    } else {
        days
    })
}

/// How much was written lately: entries per day over the weeks before `today`, and the
/// current streak of journaling days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Journaling {
    /// Entries per day with any, oldest first.
    pub days: Vec<(NaiveDate, u32)>,
    /// Days in a row, ending today (or yesterday), with an entry.
    pub streak: u32,
}

/// Entries per day over the `weeks` weeks before `today`, and the streak.
pub fn journaling(journal: &Journal, today: NaiveDate, weeks: i64) -> Result<Journaling> {
    let store = journal.store();
    let days = store.entry_counts_by_day(today - Duration::weeks(weeks), today)?;
    Ok(Journaling {
        days,
        streak: store.streak(today)?,
    })
}

/// One History row in full, for its preview.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// An entry.
    Entry(Entry),
    /// A conversation.
    Conversation(Box<Conversation>),
}

/// Row `id` in full; `None` when it is no longer in the journal.
pub fn item(journal: &Journal, id: ItemId) -> Result<Option<Item>> {
    let store = journal.store();
    Ok(match id {
        ItemId::Entry(id) => store.entry(id)?.map(Item::Entry),
        ItemId::Conversation(id) => store
            .conversation(id)?
            .map(|c| Item::Conversation(Box::new(c))),
    })
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
