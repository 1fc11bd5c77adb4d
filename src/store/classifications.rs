//! The user's classifications of imported meetings, by series UID (and occurrence):
//! making a choice, reading them all, and putting a series' choices back as they were
//! (undo) or forgetting them (back to the rules).

use std::collections::HashMap;

use rusqlite::{TransactionBehavior, params};

use super::{Result, Store, StoreError};
use crate::domain::event::Category;

/// The occurrence key of a choice made for a whole series.
pub use crate::domain::event::WHOLE_SERIES as SERIES;

impl Store {
    /// Records the user's choice for a series (`occ_key` = [`SERIES`]) or one occurrence.
    /// Choosing for a series clears earlier choices for its single occurrences, so the
    /// new choice applies to all of them.
    pub fn set_classification(
        &mut self,
        uid: &str,
        occ_key: i64,
        category: Category,
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if occ_key == SERIES {
            tx.execute("DELETE FROM classifications WHERE uid = ?1", [uid])?;
        }
        tx.execute(
            "INSERT INTO classifications (uid, occ_key, category) VALUES (?1, ?2, ?3)
             ON CONFLICT (uid, occ_key) DO UPDATE SET category = excluded.category",
            params![uid, occ_key, category.as_str()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Gives each series of `uids` `category` for all its occurrences (clearing earlier
    /// choices for its single occurrences), in one transaction.
    pub fn set_series_classifications(&mut self, uids: &[&str], category: Category) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for uid in uids {
            tx.execute("DELETE FROM classifications WHERE uid = ?1", [uid])?;
            tx.execute(
                "INSERT INTO classifications (uid, occ_key, category) VALUES (?1, ?2, ?3)",
                params![uid, SERIES, category.as_str()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Classifies everything in calendar `name` as `category` (`None` hands it back to
    /// the rules); false when there is no such calendar.
    pub fn set_calendar_category(
        &mut self,
        name: &str,
        category: Option<Category>,
    ) -> Result<bool> {
        let changed = self.conn.execute(
            "UPDATE calendars SET category = ?2 WHERE name = ?1",
            params![name, category.map(Category::as_str)],
        )?;
        Ok(changed > 0)
    }

    /// The category each classified calendar gives everything in it, by calendar name.
    pub fn calendar_categories(&self) -> Result<HashMap<String, Category>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, category FROM calendars WHERE category IS NOT NULL")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = HashMap::new();
        for row in rows {
            let (name, category) = row?;
            let category = Category::parse(&category)
                .ok_or_else(|| StoreError::BadData(format!("a calendar category '{category}'")))?;
            out.insert(name, category);
        }
        Ok(out)
    }

    /// Every choice the user made: (UID, occurrence key or [`SERIES`]) to category.
    pub fn classifications(&self) -> Result<HashMap<(String, i64), Category>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT uid, occ_key, category FROM classifications")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (uid, key, category) = row?;
            let category = Category::parse(&category)
                .ok_or_else(|| StoreError::BadData(format!("a classification '{category}'")))?;
            out.insert((uid, key), category);
        }
        Ok(out)
    }

    /// The choices made for series `uid`: (occurrence key or [`SERIES`], category).
    pub fn classifications_of(&self, uid: &str) -> Result<Vec<(i64, Category)>> {
        Ok(self
            .classifications()?
            .into_iter()
            .filter(|((u, _), _)| u == uid)
            .map(|((_, key), category)| (key, category))
            .collect())
    }

    /// Replaces every choice made for series `uid` with `choices`, in one transaction;
    /// no choices hands the series back to the rules.
    pub fn replace_classifications(
        &mut self,
        uid: &str,
        choices: &[(i64, Category)],
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM classifications WHERE uid = ?1", [uid])?;
        for (key, category) in choices {
            tx.execute(
                "INSERT INTO classifications (uid, occ_key, category) VALUES (?1, ?2, ?3)",
                params![uid, key, category.as_str()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_series_are_classified_at_once_over_their_single_choices() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .set_classification("a", 7, Category::Excluded)
            .unwrap();
        store
            .set_classification("c", SERIES, Category::Leading)
            .unwrap();
        store
            .set_series_classifications(&["a", "b"], Category::Managing)
            .unwrap();
        assert_eq!(
            store.classifications_of("a").unwrap(),
            [(SERIES, Category::Managing)]
        );
        assert_eq!(
            store.classifications_of("b").unwrap(),
            [(SERIES, Category::Managing)]
        );
        assert_eq!(
            store.classifications_of("c").unwrap(),
            [(SERIES, Category::Leading)]
        );
    }

    #[test]
    fn a_series_choices_are_put_back_or_forgotten() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .set_classification("a", SERIES, Category::Leading)
            .unwrap();
        store
            .set_classification("a", 7, Category::Excluded)
            .unwrap();
        store
            .set_classification("b", SERIES, Category::Managing)
            .unwrap();
        let mut before = store.classifications_of("a").unwrap();
        before.sort_by_key(|(k, _)| *k);
        store
            .set_classification("a", SERIES, Category::Managing)
            .unwrap();
        store.replace_classifications("a", &before).unwrap();
        let mut again = store.classifications_of("a").unwrap();
        again.sort_by_key(|(k, _)| *k);
        assert_eq!(again, before);
        store.replace_classifications("a", &[]).unwrap();
        assert!(store.classifications_of("a").unwrap().is_empty());
        assert_eq!(
            store.classifications_of("b").unwrap(),
            [(SERIES, Category::Managing)]
        );
    }
}
