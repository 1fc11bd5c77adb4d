//! Merging other devices' changes into the journal: per field, the later version wins;
//! a text written at once on two devices keeps the loser's words as a note of its own
//! (named after what lost, so every device makes the same one); an edit this device had
//! not seen when another deleted the row brings the row back. Tags, mentions and the
//! search index follow the texts, as they do for changes made here.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::spec::{AGENDA_SOURCES, Field, Kind, Table};
use super::{
    Clock, Result, StoreError, from_json, hash, held_field, keep_tomb, latest_version, read_row,
    set_field, to_json,
};
use std::collections::BTreeMap;

use crate::domain::sync::{
    Held, Merge, RowChange, Version, copy_sid, deletion_wins, holds, merge, merge_snapshot,
};

/// What merging a batch of changes did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Rows changed, made, brought back or deleted here.
    pub rows: usize,
    /// Texts kept as copies because two devices wrote them at once.
    pub copies: usize,
    /// What the user should be told (an edit that won over a deletion, a change that
    /// could not be applied), in words.
    pub notices: Vec<String>,
}

/// A text that lost to another written at once, to keep as a note.
struct Copy {
    table: &'static str,
    sid: String,
    field: &'static str,
    loser: Version,
    text: String,
}

/// Where changes being merged come from.
pub(super) enum How<'a> {
    /// A batch: each field change names the version it replaced.
    Batch,
    /// A snapshot: each field's latest value, with how far its maker had merged each
    /// device (`theirs`) and how far this device had (`here`), each device's latest
    /// version, which tell "replaced since" from "written apart".
    Snapshot {
        theirs: &'a BTreeMap<String, Version>,
        here: &'a BTreeMap<String, Version>,
    },
}

/// Merges `rows` (one device's batch, or a slice of a snapshot) into the journal, in the
/// caller's transaction. What this device changed and had not gathered yet is gathered
/// first, so it is merged as a change of its own, with its version.
pub(super) fn apply(
    tx: &Transaction<'_>,
    rows: &[RowChange],
    now_ms: i64,
    how: &How<'_>,
) -> Result<Applied> {
    super::gather(tx, now_ms)?;
    let mut clock = Clock::read(tx, now_ms)?;
    let mut applied = Applied::default();
    let mut copies = Vec::new();
    let mut touched: Vec<(&'static Table, String)> = Vec::new();
    tx.execute("UPDATE sync_state SET applying = 1", [])?;
    let mut ordered: Vec<&RowChange> = rows.iter().collect();
    ordered.sort_by_key(|r| super::order(&r.table));
    for row in &ordered {
        let Some(table) = super::spec::table(&row.table) else {
            continue;
        };
        for f in &row.fields {
            clock.observe(&f.version);
        }
        let outcome = apply_fields(tx, table, row, how, false, &mut applied, &mut copies)?;
        if outcome == Outcome::Written {
            touched.push((table, row.sid.clone()));
        }
    }
    // Changes refused before are tried again: what stood in their way may be gone (one
    // of two people who took one name renamed).
    for (id, row) in refused(tx)? {
        let Some(table) = super::spec::table(&row.table) else {
            continue;
        };
        let outcome = apply_fields(
            tx,
            table,
            &row,
            &How::Batch,
            true,
            &mut applied,
            &mut copies,
        )?;
        if outcome != Outcome::Refused {
            tx.execute("DELETE FROM sync_refused WHERE id = ?1", [id])?;
        }
        if outcome == Outcome::Written {
            touched.push((table, row.sid.clone()));
        }
    }
    // Deletions last, the rows that refer to others first (a person is deleted after the
    // conversations moved away from them).
    for row in ordered.iter().rev() {
        let (Some(table), Some(deletion)) = (super::spec::table(&row.table), &row.deleted) else {
            continue;
        };
        clock.observe(&deletion.version);
        apply_deletion(tx, table, &row.sid, deletion, &mut applied)?;
    }
    follow_texts(tx, &touched)?;
    tx.execute("UPDATE sync_state SET applying = 0", [])?;
    // The copies are changes of this device: noted, and pushed like the others. A name
    // that lost is kept as another name of the person.
    for copy in &copies {
        if copy.table == "people" {
            applied.notices.extend(keep_name(tx, copy)?);
        } else {
            applied.copies += usize::from(keep_copy(tx, copy)?);
        }
    }
    clock.save(tx)?;
    Ok(applied)
}

/// Deletes the row of `table` with stable id `sid` as `deletion` says, unless an edit
/// made meanwhile (or something written here that refers to it) keeps it.
fn apply_deletion(
    tx: &Transaction<'_>,
    table: &'static Table,
    sid: &str,
    deletion: &crate::domain::sync::Deletion,
    applied: &mut Applied,
) -> Result<()> {
    let latest = latest_version(tx, table.name, sid)?;
    let here = read_row(tx, table, sid)?;
    if deletion_wins(deletion, latest.as_ref()) {
        let values = match (&here, &deletion.row) {
            (Some(v), _) => values_text(table, v),
            (None, Some(row)) => serde_json::Value::Object(row.clone()).to_string(),
            (None, None) => "{}".to_string(),
        };
        tx.execute_batch("SAVEPOINT sync_delete")?;
        keep_tomb(tx, table.name, sid, deletion, &values)?;
        let deleted = if here.is_some() {
            tx.execute(
                &format!(
                    "DELETE FROM {} AS t WHERE {} = ?1",
                    table.name,
                    table.sid_sql("t")
                ),
                [sid],
            )
            .map(|_| true)
        } else {
            Ok(false)
        };
        match deleted.map_err(StoreError::from) {
            Ok(gone) => {
                tx.execute_batch("RELEASE sync_delete")?;
                applied.rows += usize::from(gone);
            }
            // Something written here meanwhile refers to it (a conversation with a
            // person merged away elsewhere): it stays, as an edit would keep it.
            Err(e) if refused_here(&e) => {
                tx.execute_batch("ROLLBACK TO sync_delete; RELEASE sync_delete")?;
                applied.notices.push(format!(
                    "A {} deleted on another device was kept: something written here meanwhile refers to it.",
                    what(table)
                ));
            }
            Err(e) => {
                tx.execute_batch("ROLLBACK TO sync_delete; RELEASE sync_delete")?;
                return Err(e);
            }
        }
    } else if here.is_some() {
        applied.notices.push(format!(
            "A {} deleted on another device was kept: it was changed here meanwhile.",
            what(table)
        ));
    }
    Ok(())
}

/// A table's rows in words, for notices.
fn what(table: &Table) -> &'static str {
    match table.name {
        "entries" => "journal entry",
        "conversations" => "conversation",
        "delegations" => "delegation",
        "people" => "person",
        "blocks" => "block",
        "agenda_items" => "agenda item",
        _ => "row",
    }
}

/// The carried values of a row as the JSON object a tomb keeps.
fn values_text(table: &Table, values: &[Value]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = table
        .fields
        .iter()
        .zip(values)
        .map(|(f, v)| (f.name.to_string(), to_json(v)))
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// What merging a row's field changes did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// The row was written.
    Written,
    /// Nothing to write.
    Unchanged,
    /// This journal refused it (kept, to be tried again).
    Refused,
}

/// The changes refused before, oldest first.
fn refused(tx: &Transaction<'_>) -> Result<Vec<(i64, RowChange)>> {
    let rows: Vec<(i64, String)> = tx
        .prepare_cached("SELECT id, row FROM sync_refused ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, row)| serde_json::from_str(&row).ok().map(|row| (id, row)))
        .collect())
}

/// Merges the field changes of `row`. A row this journal refuses (a name another person
/// holds here, a reference to a row it does not have) is left as it was, told once, and
/// kept to be tried again on the next merges (`again`: it is one of those); the sync goes
/// on: one row never stops a stream.
fn apply_fields(
    tx: &Transaction<'_>,
    table: &'static Table,
    row: &RowChange,
    how: &How<'_>,
    again: bool,
    applied: &mut Applied,
    copies: &mut Vec<Copy>,
) -> Result<Outcome> {
    let kept = copies.len();
    tx.execute_batch("SAVEPOINT sync_row")?;
    match merge_fields(tx, table, row, how, applied, copies) {
        Ok(written) => {
            tx.execute_batch("RELEASE sync_row")?;
            Ok(if written {
                Outcome::Written
            } else {
                Outcome::Unchanged
            })
        }
        Err(e) if refused_here(&e) => {
            tx.execute_batch("ROLLBACK TO sync_row; RELEASE sync_row")?;
            copies.truncate(kept);
            let told: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM sync_refused WHERE tbl = ?1 AND sid = ?2)",
                params![table.name, row.sid],
                |r| r.get(0),
            )?;
            if !again {
                let json =
                    serde_json::to_string(row).map_err(|e| StoreError::BadData(e.to_string()))?;
                tx.execute(
                    "INSERT INTO sync_refused (tbl, sid, row) VALUES (?1, ?2, ?3)",
                    params![table.name, row.sid, json],
                )?;
            }
            if !told {
                applied.notices.push(format!(
                    "A {} from another device could not be merged here ({}); the other devices keep it, and bearing tries again at each sync.",
                    what(table),
                    refusal(&e)
                ));
            }
            Ok(Outcome::Refused)
        }
        Err(e) => {
            tx.execute_batch("ROLLBACK TO sync_row; RELEASE sync_row")?;
            Err(e)
        }
    }
}

/// The words a change from another device refers to a row this journal lacks with.
const MISSING: &str = "it refers to a";

/// Whether `e` is this journal refusing a row (not a failure of the journal itself).
fn refused_here(e: &StoreError) -> bool {
    match e {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => {
            f.code == rusqlite::ErrorCode::ConstraintViolation
        }
        StoreError::BadData(why) => why.starts_with(MISSING),
        _ => false,
    }
}

/// Why a row was refused, in words.
fn refusal(e: &StoreError) -> String {
    match e {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(_, Some(why)))
            if why.contains("UNIQUE") =>
        {
            "it clashes with one here: a name, an address or a date only one row may have".into()
        }
        StoreError::BadData(why) => why.clone(),
        _ => "it clashes with one here".into(),
    }
}

/// Merges the field changes of `row` (the caller undoes them all when one is refused).
fn merge_fields(
    tx: &Transaction<'_>,
    table: &'static Table,
    row: &RowChange,
    how: &How<'_>,
    applied: &mut Applied,
    copies: &mut Vec<Copy>,
) -> Result<bool> {
    if row.fields.is_empty() {
        return Ok(false);
    }
    let here = read_row(tx, table, &row.sid)?;
    let tomb: Option<(Option<String>, String)> = tx
        .prepare_cached("SELECT seen, row FROM sync_tombs WHERE tbl = ?1 AND sid = ?2")?
        .query_row(params![table.name, row.sid], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let kept: serde_json::Map<String, serde_json::Value> = tomb
        .as_ref()
        .and_then(|(_, json)| serde_json::from_str(json).ok())
        .unwrap_or_default();
    let current = |f: &Field| -> Option<serde_json::Value> {
        match &here {
            Some(values) => {
                let i = table.fields.iter().position(|x| x.name == f.name)?;
                values.get(i).map(to_json)
            }
            None => kept.get(f.name).cloned(),
        }
    };
    let mut set: Vec<(&'static Field, serde_json::Value)> = Vec::new();
    for change in &row.fields {
        let Some(f) = table.fields.iter().find(|f| f.name == change.field) else {
            continue;
        };
        let held = held_field(tx, table.name, &row.sid, f.name)?;
        let text = matches!(f.kind, Kind::Text | Kind::Name);
        let held_version = Held {
            version: held.as_ref().map(|(v, _)| v),
        };
        let decision = match how {
            How::Batch => merge(held_version, change, text),
            How::Snapshot { theirs, here } => merge_snapshot(
                held_version,
                change,
                held.as_ref().is_some_and(|(v, _)| holds(theirs, v)),
                holds(here, &change.version),
                text,
            ),
        };
        let mut keep =
            |loser: &Version, words: Option<serde_json::Value>, winner: &serde_json::Value| {
                if let Some(serde_json::Value::String(words)) = words
                    && !words.trim().is_empty()
                    && Some(words.as_str()) != winner.as_str()
                {
                    copies.push(Copy {
                        table: table.name,
                        sid: row.sid.clone(),
                        field: f.name,
                        loser: loser.clone(),
                        text: words,
                    });
                }
            };
        match decision {
            Merge::Take | Merge::TakeKeepingHeld => {
                if decision == Merge::TakeKeepingHeld
                    && let Some((loser, _)) = &held
                {
                    keep(loser, current(f), &change.value);
                }
                set_field(
                    tx,
                    table.name,
                    &row.sid,
                    f.name,
                    &change.version,
                    hash(&change.value),
                )?;
                set.push((f, change.value.clone()));
            }
            Merge::KeepKeepingTheirs => {
                let winner = current(f).unwrap_or(serde_json::Value::Null);
                keep(&change.version, Some(change.value.clone()), &winner);
            }
            Merge::Ignore => {}
        }
    }
    if set.is_empty() {
        return Ok(false);
    }
    if here.is_some() {
        update(tx, table, &row.sid, &set, &mut applied.notices)?;
    } else if let Some((seen, _)) = &tomb {
        if !bring_back(tx, table, &row.sid, seen.as_deref(), kept, &set, applied)? {
            return Ok(false);
        }
    } else {
        insert(tx, table, &row.sid, &set, &mut applied.notices)?;
    }
    applied.rows += 1;
    Ok(true)
}

/// A row deleted here that changes arrived for: made again from what was kept of it
/// and the changes when a change is later than what its deletions had seen (true), else
/// what was kept of it takes the changes (false).
fn bring_back(
    tx: &Transaction<'_>,
    table: &Table,
    sid: &str,
    seen: Option<&str>,
    mut values: serde_json::Map<String, serde_json::Value>,
    set: &[(&'static Field, serde_json::Value)],
    applied: &mut Applied,
) -> Result<bool> {
    let latest = latest_version(tx, table.name, sid)?;
    for (f, v) in set {
        values.insert(f.name.to_string(), v.clone());
    }
    if latest.as_ref().map(Version::as_str) <= seen {
        tx.execute(
            "UPDATE sync_tombs SET row = ?3 WHERE tbl = ?1 AND sid = ?2",
            params![
                table.name,
                sid,
                serde_json::Value::Object(values).to_string()
            ],
        )?;
        return Ok(false);
    }
    let all: Vec<(&'static Field, serde_json::Value)> = table
        .fields
        .iter()
        .filter_map(|f| values.get(f.name).map(|v| (f, v.clone())))
        .collect();
    insert(tx, table, sid, &all, &mut applied.notices)?;
    tx.execute(
        "DELETE FROM sync_tombs WHERE tbl = ?1 AND sid = ?2",
        params![table.name, sid],
    )?;
    applied.notices.push(format!(
        "A {} deleted here came back: it was changed on another device meanwhile.",
        what(table)
    ));
    Ok(true)
}

/// A carried value as this journal stores it: a reference's stable id becomes the local
/// row's id; an agenda item's stable id, the local row's number.
fn stored(
    conn: &Connection,
    f: &Field,
    value: &serde_json::Value,
    notices: &mut Vec<String>,
) -> Result<Value> {
    match f.kind {
        Kind::Value | Kind::Text | Kind::Name => Ok(from_json(value)),
        Kind::Ref(to) => {
            let Some(sid) = value.as_str() else {
                return Ok(Value::Null);
            };
            if let Some(id) = local_id(conn, to, sid)? {
                return Ok(Value::Integer(id));
            }
            // Deleted here while another device wrote something that refers to it: that
            // is a change made meanwhile, and it brings the row back, as an edit would.
            revive(conn, to, sid, notices)?
                .map(Value::Integer)
                .ok_or_else(|| {
                    StoreError::BadData(format!(
                        "{MISSING} {} this journal does not have",
                        what(to)
                    ))
                })
        }
        Kind::AgendaItem => Ok(Value::Text(
            value
                .as_str()
                .map(|item| local_item(conn, item))
                .transpose()?
                .unwrap_or_default(),
        )),
    }
}

/// Makes again the row of `table` with stable id `sid` that was deleted here, from what
/// its tomb kept of it; its local id, or `None` when nothing was kept.
fn revive(
    conn: &Connection,
    table: &'static Table,
    sid: &str,
    notices: &mut Vec<String>,
) -> Result<Option<i64>> {
    let kept: Option<String> = conn
        .prepare_cached("SELECT row FROM sync_tombs WHERE tbl = ?1 AND sid = ?2")?
        .query_row(params![table.name, sid], |r| r.get(0))
        .optional()?;
    let Some(values) = kept
        .and_then(|k| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&k).ok())
        .filter(|v| !v.is_empty())
    else {
        return Ok(None);
    };
    let all: Vec<(&'static Field, serde_json::Value)> = table
        .fields
        .iter()
        .filter_map(|f| values.get(f.name).map(|v| (f, v.clone())))
        .collect();
    insert(conn, table, sid, &all, notices)?;
    conn.execute(
        "DELETE FROM sync_tombs WHERE tbl = ?1 AND sid = ?2",
        params![table.name, sid],
    )?;
    notices.push(format!(
        "A {} deleted here came back: another device wrote something about them meanwhile.",
        what(table)
    ));
    local_id(conn, table, sid)
}

/// The local id of the row of `table` with stable id `sid`.
fn local_id(conn: &Connection, table: &Table, sid: &str) -> Result<Option<i64>> {
    let column = table.sid.trim_start_matches("$.");
    Ok(conn
        .prepare_cached(&format!(
            "SELECT id FROM {} WHERE {column} = ?1",
            table.name
        ))?
        .query_row([sid], |r| r.get(0))
        .optional()?)
}

/// An agenda item's id as carried (`r<sid>.1`) as this journal writes it (`r12.1`).
fn local_item(conn: &Connection, item: &str) -> Result<String> {
    let mut chars = item.chars();
    let Some(letter) = chars.next() else {
        return Ok(String::new());
    };
    let rest = chars.as_str();
    let end = rest.find(['.', '@']).unwrap_or(rest.len());
    let (sid, tail) = rest.split_at(end);
    let Some((_, table)) = AGENDA_SOURCES.iter().find(|(l, _)| *l == letter) else {
        return Ok(item.to_string());
    };
    Ok(match local_id(conn, table, sid)? {
        Some(id) => format!("{letter}{id}{tail}"),
        None => item.to_string(),
    })
}

fn update(
    tx: &Transaction<'_>,
    table: &Table,
    sid: &str,
    set: &[(&Field, serde_json::Value)],
    notices: &mut Vec<String>,
) -> Result<()> {
    let assignments: Vec<String> = set
        .iter()
        .enumerate()
        .map(|(i, (f, _))| format!("{} = ?{}", f.name, i + 2))
        .collect();
    let sql = format!(
        "UPDATE {} AS t SET {} WHERE {} = ?1",
        table.name,
        assignments.join(", "),
        table.sid_sql("t")
    );
    let mut values = vec![Value::Text(sid.to_string())];
    for (f, v) in set {
        values.push(stored(tx, f, v, notices)?);
    }
    tx.execute(&sql, rusqlite::params_from_iter(values))?;
    Ok(())
}

/// Makes the row (an error when this journal refuses it: the caller says so).
fn insert(
    tx: &Connection,
    table: &Table,
    sid: &str,
    set: &[(&Field, serde_json::Value)],
    notices: &mut Vec<String>,
) -> Result<()> {
    let mut columns: Vec<&str> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    if table.sid_column {
        columns.push("sid");
        values.push(Value::Text(sid.to_string()));
    }
    for (f, v) in set {
        columns.push(f.name);
        values.push(stored(tx, f, v, notices)?);
    }
    let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({})",
        table.name,
        columns.join(", "),
        marks.join(", ")
    );
    tx.execute(&sql, rusqlite::params_from_iter(values))?;
    Ok(())
}

/// Tags, mentions and the people they name follow the texts that changed.
fn follow_texts(tx: &Transaction<'_>, touched: &[(&'static Table, String)]) -> Result<()> {
    for (table, sid) in touched {
        let Some(id) = (match table.name {
            "entries" | "conversations" => local_id(tx, table, sid)?,
            _ => None,
        }) else {
            continue;
        };
        if table.name == "entries" {
            let body: String =
                tx.query_row("SELECT body FROM entries WHERE id = ?1", [id], |r| r.get(0))?;
            tx.execute("DELETE FROM entry_tags WHERE entry_id = ?1", [id])?;
            tx.execute("DELETE FROM entry_people WHERE entry_id = ?1", [id])?;
            crate::store::entries::link_tags_and_people(tx, id, &body)?;
        } else {
            crate::store::people::record_conversation_mentions(tx, id)?;
        }
    }
    Ok(())
}

/// Keeps a person's name that lost to another written at once as another name of theirs
/// (unless someone here has that name already); what to tell the user, when it was kept.
fn keep_name(tx: &Transaction<'_>, copy: &Copy) -> Result<Option<String>> {
    let name = crate::domain::person::clean(&copy.text).to_string();
    let key = crate::domain::person::key(&name);
    let Some((id, now)): Option<(i64, String)> = tx
        .query_row(
            "SELECT id, name FROM people WHERE sid = ?1",
            [&copy.sid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
    else {
        return Ok(None);
    };
    let taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM people WHERE key = ?1)
             OR EXISTS (SELECT 1 FROM person_aliases WHERE key = ?1)",
        [&key],
        |r| r.get(0),
    )?;
    if taken || key.is_empty() {
        return Ok(None);
    }
    tx.execute(
        "INSERT INTO person_aliases (key, name, person_id) VALUES (?1, ?2, ?3)",
        params![key, name, id],
    )?;
    Ok(Some(format!(
        "{now} was renamed on two devices at once: {now} it is, and {name} still finds them."
    )))
}

/// Keeps a text that lost as a note of its own, named after what lost (one note however
/// many devices make it). Whether it was made here.
fn keep_copy(tx: &Transaction<'_>, copy: &Copy) -> Result<bool> {
    let sid = copy_sid(copy.table, &copy.sid, copy.field, &copy.loser);
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM entries WHERE sid = ?1)",
        [&sid],
        |r| r.get(0),
    )?;
    if exists {
        return Ok(false);
    }
    // Dated like the entry it copies; a conversation's, when the losing words were written.
    let original: Option<(String, i64, String)> = if copy.table == "entries" {
        tx.query_row(
            "SELECT at, at_utc, day FROM entries WHERE sid = ?1",
            [&copy.sid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
    } else {
        None
    };
    let (at, at_utc, day) = original.unwrap_or_else(|| {
        let when = chrono::DateTime::from_timestamp_millis(copy.loser.ms()).unwrap_or_default();
        (
            crate::domain::time::rfc3339(&when.fixed_offset()),
            when.timestamp(),
            when.date_naive().to_string(),
        )
    });
    let about = match copy.table {
        "entries" => String::new(),
        _ => {
            let topic: Option<String> = tx
                .query_row(
                    "SELECT topic FROM conversations WHERE sid = ?1",
                    [&copy.sid],
                    |r| r.get(0),
                )
                .optional()?;
            format!(
                " in the conversation '{}' ({})",
                topic.unwrap_or_default(),
                copy.field.replace('_', " ")
            )
        }
    };
    let body = format!(
        "{}\n\n{}",
        crate::domain::sync::copy_heading(&about),
        copy.text
    );
    tx.execute(
        "INSERT INTO entries (sid, kind, at, at_utc, day, body) VALUES (?1, 'note', ?2, ?3, ?4, ?5)",
        params![sid, at, at_utc, day, body],
    )?;
    let id = tx.last_insert_rowid();
    crate::store::entries::link_tags_and_people(tx, id, &body)?;
    Ok(true)
}
