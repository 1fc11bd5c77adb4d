//! Taking back classification choices: what one series' choices are, and putting a
//! series' choices back as they were (undo), or forgetting them (back to the rules).

use rusqlite::{TransactionBehavior, params};

use super::{Result, Store};
use crate::domain::event::Category;

impl Store {
    /// The choices made for series `uid`: (occurrence key or [`super::SERIES`], category).
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
    use crate::store::SERIES;

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
