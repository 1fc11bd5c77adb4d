//! People: who a name means (their own name, or an old one kept as an alias after a rename
//! or merge), renaming and merging, their addresses, who is a direct report, and the
//! `@mentions` written in conversations.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::{Result, Store, StoreError};
use crate::domain::entry::{fold_key, mentions};
use crate::domain::person::{clean as clean_name, key as person_key};

/// A person with what the journal knows of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    /// The journal's id (this device's).
    pub id: i64,
    /// Their stable id, the same on every device the journal syncs to: `person:` and
    /// the folded name they were first written with.
    pub sid: String,
    /// The name as first written.
    pub name: String,
    /// Entries and conversations mentioning them (`@Name`).
    pub mentions: i64,
    /// Names they were known by before a rename or merge.
    pub aliases: Vec<String>,
    /// Their e-mail addresses, as calendars name them.
    pub addresses: Vec<String>,
    /// Whether they are a direct report.
    pub report: bool,
    /// Archived: someone who left, kept for history and never nudged about.
    pub archived: bool,
}

/// The person a name means: their own name (any case), else an old name of theirs.
pub(super) fn find_person(conn: &Connection, name: &str) -> Result<Option<i64>> {
    let key = person_key(clean_name(name));
    let own = conn
        .prepare_cached("SELECT id FROM people WHERE key = ?1")?
        .query_row([&key], |r| r.get(0))
        .optional()?;
    if own.is_some() {
        return Ok(own);
    }
    Ok(conn
        .prepare_cached("SELECT person_id FROM person_aliases WHERE key = ?1")?
        .query_row([&key], |r| r.get(0))
        .optional()?)
}

/// The person a name means, created under that name if nobody is called so; their id.
pub(super) fn ensure_person(tx: &Connection, name: &str) -> Result<i64> {
    if let Some(id) = find_person(tx, name)? {
        return Ok(id);
    }
    let name = clean_name(name);
    tx.prepare_cached("INSERT INTO people (name, key) VALUES (?1, ?2)")?
        .execute(params![name, person_key(name)])?;
    Ok(tx.last_insert_rowid())
}

/// The texts of a conversation that `@mentions` are read from.
const CONVERSATION_TEXT: &str =
    "concat_ws(char(10), topic, situation, behaviour, impact, outcome, opening,
    questions, reactions, care, challenge, happened, agreed, felt, followup_notes)";

/// Records who conversation `id`'s text mentions, replacing what was recorded before.
pub(super) fn record_conversation_mentions(tx: &Connection, id: i64) -> Result<()> {
    let text: Option<String> = tx
        .prepare_cached(&format!(
            "SELECT {CONVERSATION_TEXT} FROM conversations WHERE id = ?1"
        ))?
        .query_row([id], |r| r.get(0))
        .optional()?;
    tx.prepare_cached("DELETE FROM conversation_people WHERE conversation_id = ?1")?
        .execute([id])?;
    for name in mentions(&text.unwrap_or_default()) {
        let person = ensure_person(tx, &name)?;
        tx.prepare_cached(
            "INSERT OR IGNORE INTO conversation_people (conversation_id, person_id) VALUES (?1, ?2)",
        )?
        .execute(params![id, person])?;
    }
    Ok(())
}

/// Moves everything of person `a` to person `b` (mentions, conversations, delegations,
/// added agenda items, addresses, old names) and keeps `a`'s name as `b`'s alias; then
/// `a` is gone. In the caller's transaction.
pub(crate) fn merge_into(tx: &Connection, a: i64, b: i64) -> Result<()> {
    tx.execute(
        "UPDATE delegations SET person_id = ?2 WHERE person_id = ?1",
        params![a, b],
    )?;
    tx.execute(
        "UPDATE agenda_items SET person_id = ?2 WHERE person_id = ?1",
        params![a, b],
    )?;
    tx.execute(
        "UPDATE people SET report = max(report, (SELECT report FROM people WHERE id = ?1)) WHERE id = ?2",
        params![a, b],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO entry_people (entry_id, person_id, pos) SELECT entry_id, ?2, pos FROM entry_people WHERE person_id = ?1",
        params![a, b],
    )?;
    tx.execute("DELETE FROM entry_people WHERE person_id = ?1", [a])?;
    tx.execute(
        "INSERT OR IGNORE INTO conversation_people (conversation_id, person_id) SELECT conversation_id, ?2 FROM conversation_people WHERE person_id = ?1",
        params![a, b],
    )?;
    tx.execute("DELETE FROM conversation_people WHERE person_id = ?1", [a])?;
    tx.execute(
        "UPDATE conversations SET person_id = ?2 WHERE person_id = ?1",
        params![a, b],
    )?;
    tx.execute(
        "UPDATE person_aliases SET person_id = ?2 WHERE person_id = ?1",
        params![a, b],
    )?;
    tx.execute(
        "UPDATE person_addresses SET person_id = ?2 WHERE person_id = ?1",
        params![a, b],
    )?;
    tx.execute(
        "INSERT OR REPLACE INTO person_aliases (key, name, person_id) SELECT key, name, ?2 FROM people WHERE id = ?1",
        params![a, b],
    )?;
    tx.execute("DELETE FROM people WHERE id = ?1", [a])?;
    Ok(())
}

/// Gives every person and old name the key of today's rule (case and accents folded);
/// people whose names now fold alike are one person: each is merged into the first
/// written. What was merged ("Zoë into zoe") is returned and kept as a notice for the
/// user.
pub(crate) fn refold_keys(tx: &Connection) -> Result<Vec<String>> {
    let people: Vec<(i64, String)> = tx
        .prepare("SELECT id, name FROM people ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // Keys must be free before they are given again.
    tx.execute("UPDATE people SET key = '#' || id", [])?;
    let mut first: std::collections::HashMap<String, (i64, String)> = Default::default();
    let mut merged = Vec::new();
    for (id, name) in people {
        let key = person_key(&name);
        match first.get(&key) {
            Some((into, into_name)) => {
                merge_into(tx, id, *into)?;
                let m = format!("{name} into {into_name}");
                tx.execute(
                    "INSERT INTO notices (text) VALUES (?1)",
                    [format!("People whose names differ only by accents or case are one person now: merged {m}.")],
                )?;
                merged.push(m);
            }
            None => {
                tx.execute("UPDATE people SET key = ?2 WHERE id = ?1", params![id, key])?;
                first.insert(key, (id, name));
            }
        }
    }
    let aliases: Vec<(String, String, i64)> = tx
        .prepare("SELECT key, name, person_id FROM person_aliases")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    tx.execute("DELETE FROM person_aliases", [])?;
    for (_, name, person) in aliases {
        let key = person_key(&name);
        // An old name that is now someone's own name is no alias.
        if first.contains_key(&key) {
            continue;
        }
        tx.execute(
            "INSERT OR IGNORE INTO person_aliases (key, name, person_id) VALUES (?1, ?2, ?3)",
            params![key, name, person],
        )?;
    }
    Ok(merged)
}

impl Store {
    /// The notices kept for the user (what an upgrade or a restore did), removed as they
    /// are read: each is told once. A journal that cannot be written keeps them.
    pub fn take_notices(&mut self) -> Result<Vec<String>> {
        let texts: Vec<String> = self
            .conn
            .prepare_cached("SELECT text FROM notices ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if !texts.is_empty() && self.read_only().is_none() {
            self.conn.execute("DELETE FROM notices", [])?;
        }
        Ok(texts)
    }
}

/// Records the mentions of every conversation (after a migration or a restore).
pub(crate) fn record_all_conversation_mentions(tx: &Connection) -> Result<()> {
    let ids: Vec<i64> = tx
        .prepare("SELECT id FROM conversations")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        record_conversation_mentions(tx, id)?;
    }
    Ok(())
}

impl Store {
    /// Marks `name` a direct report (someone not yet in the journal is added) or not (an
    /// unknown name is refused); returns their name as stored.
    pub fn set_report(&mut self, name: &str, report: bool) -> Result<String> {
        if !report {
            let id = self.person_id(name)?;
            self.conn
                .execute("UPDATE people SET report = 0 WHERE id = ?1", [id])?;
            return Ok(self.conn.query_row(
                "SELECT name FROM people WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?);
        }
        if clean_name(name).is_empty() {
            return Err(StoreError::EmptyName);
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let id = ensure_person(&tx, name)?;
        tx.execute("UPDATE people SET report = 1 WHERE id = ?1", [id])?;
        let who = tx.query_row("SELECT name FROM people WHERE id = ?1", [id], |r| r.get(0))?;
        tx.commit()?;
        Ok(who)
    }

    /// Archives the person `name` means (someone who left: kept for history, no longer
    /// a direct report, never nudged about), or brings them back; their name.
    pub fn set_archived(&mut self, name: &str, archived: bool) -> Result<String> {
        let id = self.person_id(name)?;
        self.conn.execute(
            "UPDATE people SET archived = ?2, report = CASE WHEN ?2 THEN 0 ELSE report END WHERE id = ?1",
            params![id, archived],
        )?;
        Ok(self
            .conn
            .query_row("SELECT name FROM people WHERE id = ?1", [id], |r| r.get(0))?)
    }

    /// Removes the person `name` means, with their addresses and old names, when nothing
    /// in the journal refers to them (a name added by mistake); refused otherwise, saying
    /// what does. Their name.
    pub fn remove_person(&mut self, name: &str) -> Result<String> {
        let id = self.person_id(name)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let who: String =
            tx.query_row("SELECT name FROM people WHERE id = ?1", [id], |r| r.get(0))?;
        for (table, what) in [
            ("entry_people", "entries mention them"),
            ("conversation_people", "conversations mention them"),
            ("conversations", "conversations are with them"),
            ("delegations", "delegations are theirs"),
            ("agenda_items", "their agenda has items"),
        ] {
            let n: i64 = tx.query_row(
                &format!("SELECT count(*) FROM {table} WHERE person_id = ?1"),
                [id],
                |r| r.get(0),
            )?;
            if n > 0 {
                return Err(StoreError::PersonInUse(who, format!("{n} {what}")));
            }
        }
        tx.execute("DELETE FROM people WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(who)
    }

    /// The names of the direct reports.
    pub fn reports(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name FROM people WHERE report = 1 ORDER BY key")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Everyone in the journal, by name, with their mentions and old names.
    pub fn list_people(&self) -> Result<Vec<PersonRow>> {
        let mut stmt = self.conn.prepare_cached(
            // Counted from each person's slice of the mentions indexes alone: a join with
            // the entries read every mentioning entry (70 ms at ten years).
            "SELECT p.id, p.name,
                (SELECT count(*) FROM entry_people ep WHERE ep.person_id = p.id)
                + (SELECT count(*) FROM conversation_people cp WHERE cp.person_id = p.id),
                (SELECT group_concat(a.name, char(31)) FROM person_aliases a WHERE a.person_id = p.id),
                (SELECT group_concat(d.address, char(31)) FROM person_addresses d WHERE d.person_id = p.id),
                p.report, p.archived, p.sid
             FROM people p ORDER BY p.key",
        )?;
        let split = |joined: Option<String>| -> Vec<String> {
            let mut items: Vec<String> = joined
                .map(|a| a.split('\u{1f}').map(str::to_string).collect())
                .unwrap_or_default();
            items.sort();
            items
        };
        let rows = stmt.query_map([], |r| {
            Ok(PersonRow {
                id: r.get(0)?,
                name: r.get(1)?,
                mentions: r.get(2)?,
                aliases: split(r.get(3)?),
                addresses: split(r.get(4)?),
                report: r.get(5)?,
                archived: r.get(6)?,
                sid: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The ids of the people `name` means, ignoring case and accents (`zoe` is Zoë), by
    /// their names and old names. Empty when nobody matches.
    pub fn person_ids_matching(&self, name: &str) -> Result<Vec<i64>> {
        let wanted = fold_key(clean_name(name));
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name FROM people UNION ALL SELECT person_id, name FROM person_aliases",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        let mut ids = Vec::new();
        for row in rows {
            let (id, n) = row?;
            if fold_key(&n) == wanted && !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// Whether a name (their own or an old one, any case) belongs to someone.
    pub fn knows_person(&self, name: &str) -> Result<bool> {
        Ok(find_person(&self.conn, name)?.is_some())
    }

    pub(super) fn person_id(&self, name: &str) -> Result<i64> {
        find_person(&self.conn, name)?
            .ok_or_else(|| StoreError::NoSuchPerson(clean_name(name).to_string()))
    }

    /// Renames a person; their mentions and conversations follow (they point at the
    /// person, not the name), and the old name stays theirs as an alias, so a later
    /// `@Sam` or a calendar "1:1 Sam" is still them. A name that belongs to someone else is
    /// refused: merge instead.
    pub fn rename_person(&mut self, from: &str, to: &str) -> Result<()> {
        let id = self.person_id(from)?;
        let to = clean_name(to);
        if let Some(other) = find_person(&self.conn, to)?
            && other != id
        {
            return Err(StoreError::PersonExists(to.to_string()));
        }
        let (old_name, old_key): (String, String) =
            self.conn
                .query_row("SELECT name, key FROM people WHERE id = ?1", [id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let new_key = person_key(to);
        tx.execute("DELETE FROM person_aliases WHERE key = ?1", [&new_key])?;
        tx.execute(
            "UPDATE people SET name = ?2, key = ?3 WHERE id = ?1",
            params![id, to, new_key],
        )?;
        if old_key != new_key {
            tx.execute(
                "INSERT OR REPLACE INTO person_aliases (key, name, person_id) VALUES (?1, ?2, ?3)",
                params![old_key, old_name, id],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Merges person `from` into `into`: mentions and conversations move, `from`'s names
    /// become `into`'s aliases, `from` goes, in one transaction. One person cannot be
    /// merged into themselves.
    pub fn merge_people(&mut self, from: &str, into: &str) -> Result<()> {
        let (a, b) = (self.person_id(from)?, self.person_id(into)?);
        if a == b {
            return Err(StoreError::SamePerson(
                clean_name(from).to_string(),
                clean_name(into).to_string(),
            ));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        merge_into(&tx, a, b)?;
        tx.commit()?;
        Ok(())
    }

    /// Links an e-mail address to a person (any case), so a 1:1 on the calendar with
    /// that address is theirs; someone not yet in the journal is added. An address that
    /// is someone else's is refused, and then nobody is added.
    pub fn link_address(&mut self, name: &str, address: &str) -> Result<(String, String)> {
        if clean_name(name).is_empty() {
            return Err(StoreError::EmptyName);
        }
        let address = normalize_address(address)
            .ok_or_else(|| StoreError::BadAddress(address.trim().to_string()))?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let id = ensure_person(&tx, name)?;
        let owner: Option<(i64, String)> = tx
            .query_row(
                "SELECT d.person_id, p.name FROM person_addresses d JOIN people p ON p.id = d.person_id WHERE d.address = ?1",
                [&address],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match owner {
            Some((other, _)) if other == id => {}
            Some((_, who)) => return Err(StoreError::AddressTaken(address, who)),
            None => {
                tx.execute(
                    "INSERT INTO person_addresses (address, person_id) VALUES (?1, ?2)",
                    params![address, id],
                )?;
            }
        }
        let who: String =
            tx.query_row("SELECT name FROM people WHERE id = ?1", [id], |r| r.get(0))?;
        tx.commit()?;
        Ok((address, who))
    }

    /// Forgets an address; whether it was linked to anyone.
    pub fn unlink_address(&mut self, address: &str) -> Result<bool> {
        let address = normalize_address(address).unwrap_or_default();
        Ok(self
            .conn
            .execute("DELETE FROM person_addresses WHERE address = ?1", [address])?
            > 0)
    }
}

/// An e-mail address as calendars are matched by it: trimmed, without `mailto:`, lower
/// case; `None` when it is not an address.
pub fn normalize_address(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t
        .strip_prefix("mailto:")
        .or_else(|| t.strip_prefix("MAILTO:"))
        .unwrap_or(t)
        .trim();
    let (local, domain) = t.split_once('@')?;
    if local.is_empty() || domain.is_empty() || t.contains(char::is_whitespace) {
        return None;
    }
    Some(t.to_lowercase())
}
