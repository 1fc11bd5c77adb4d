//! The journal sync's side of the store: every change to a carried row is noted by a
//! trigger in the same transaction as the change itself (no write path can forget it,
//! and none pays more than one small insert); a push gathers the noted rows into changes,
//! each field with the version it replaced; changes from other devices are merged in
//! ([`apply`]); and a canonical export of what is carried lets tests compare devices.

mod apply;
mod setup;
mod snapshot;
pub mod spec;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, Store, StoreError};
use crate::domain::sync::{Deletion, FieldChange, RowChange, Version, next_version};
use spec::{TABLES, Table};

pub use apply::Applied;
pub use setup::{DeviceRow, SyncPlaceRow};
pub use snapshot::SnapshotApplied;

/// Creates (again) the triggers that note each change to a carried row in `sync_dirty`:
/// the row's table and stable id, and for a deleted row its carried values (kept, so an
/// edit made meanwhile on another device can bring it back whole). Changes made while
/// other devices' changes are applied (`sync_state.applying`) are not noted.
pub(crate) fn install_triggers(conn: &Connection) -> rusqlite::Result<()> {
    for table in TABLES {
        let name = table.name;
        let quiet = "(SELECT applying FROM sync_state) = 0";
        let (new, old) = (table.sid_sql("new"), table.sid_sql("old"));
        let values = values_json(table, "old");
        conn.execute_batch(&format!(
            "DROP TRIGGER IF EXISTS sync_{name}_insert;
             DROP TRIGGER IF EXISTS sync_{name}_update;
             DROP TRIGGER IF EXISTS sync_{name}_delete;
             CREATE TRIGGER sync_{name}_insert AFTER INSERT ON {name}
                 WHEN {quiet} AND {new} IS NOT NULL BEGIN
                 INSERT INTO sync_dirty (tbl, sid, gone) VALUES ('{name}', {new}, NULL)
                     ON CONFLICT (tbl, sid) DO UPDATE SET gone = NULL;
             END;
             CREATE TRIGGER sync_{name}_update AFTER UPDATE ON {name}
                 WHEN {quiet} AND {new} IS NOT NULL BEGIN
                 INSERT INTO sync_dirty (tbl, sid, gone) SELECT '{name}', {old}, {values}
                     WHERE {old} IS NOT NULL AND {old} IS NOT {new}
                     ON CONFLICT (tbl, sid) DO UPDATE SET gone = excluded.gone;
                 INSERT INTO sync_dirty (tbl, sid, gone) VALUES ('{name}', {new}, NULL)
                     ON CONFLICT (tbl, sid) DO UPDATE SET gone = NULL;
             END;
             CREATE TRIGGER sync_{name}_delete AFTER DELETE ON {name}
                 WHEN {quiet} AND {old} IS NOT NULL BEGIN
                 INSERT INTO sync_dirty (tbl, sid, gone) VALUES ('{name}', {old}, {values})
                     ON CONFLICT (tbl, sid) DO UPDATE SET gone = excluded.gone;
             END;"
        ))?;
    }
    Ok(())
}

/// Gives this journal a new device id (a new journal, a restored one, a copy).
pub(crate) fn new_device_id(conn: &Connection) -> Result<()> {
    let mut random = [0u8; 16];
    getrandom::fill(&mut random)
        .map_err(|e| StoreError::BadData(format!("no random numbers for a device id: {e}")))?;
    conn.execute(
        "UPDATE sync_state SET device = ?1",
        [crate::domain::sync::device_id(random)],
    )?;
    Ok(())
}

/// SQL making a JSON object of the carried values of the row called `row`.
fn values_json(table: &Table, row: &str) -> String {
    let pairs: Vec<String> = table
        .fields
        .iter()
        .map(|f| format!("'{}', {}", f.name, table.field_sql(f, row)))
        .collect();
    format!("json_object({})", pairs.join(", "))
}

/// The SQL reading a table's rows as carried: the stable id, then each field.
fn select_sql(table: &Table) -> String {
    let fields: Vec<String> = table
        .fields
        .iter()
        .map(|f| table.field_sql(f, "t"))
        .collect();
    format!(
        "SELECT {}, {} FROM {} t",
        table.sid_sql("t"),
        fields.join(", "),
        table.name
    )
}

/// The row of `table` with stable id `sid`, its carried values in field order.
fn read_row(conn: &Connection, table: &Table, sid: &str) -> Result<Option<Vec<Value>>> {
    let sql = format!("{} WHERE {} = ?1", select_sql(table), table.sid_sql("t"));
    let mut stmt = conn.prepare_cached(&sql)?;
    let row = stmt
        .query_row([sid], |r| {
            (1..=table.fields.len())
                .map(|i| r.get::<_, Value>(i))
                .collect::<rusqlite::Result<Vec<Value>>>()
        })
        .optional()?;
    Ok(row)
}

/// A stored value as carried in a batch.
fn to_json(value: &Value) -> serde_json::Value {
    match value {
        Value::Null | Value::Blob(_) => serde_json::Value::Null,
        Value::Integer(n) => serde_json::Value::from(*n),
        Value::Real(x) => serde_json::Value::from(*x),
        Value::Text(s) => serde_json::Value::String(s.clone()),
    }
}

/// A carried value as stored.
fn from_json(value: &serde_json::Value) -> Value {
    match value {
        serde_json::Value::Null | serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
            Value::Null
        }
        serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
        serde_json::Value::Number(n) => n
            .as_i64()
            .map_or_else(|| Value::Real(n.as_f64().unwrap_or(0.0)), Value::Integer),
        serde_json::Value::String(s) => Value::Text(s.clone()),
    }
}

/// A stable hash of a carried value (to tell whether it changed since it was carried).
fn hash(value: &serde_json::Value) -> i64 {
    let mut h = crate::domain::hash::Fnv::new();
    h.write_str(&value.to_string());
    h.finish().cast_signed()
}

/// The version and hash a field was last carried with.
fn held_field(
    conn: &Connection,
    table: &str,
    sid: &str,
    field: &str,
) -> Result<Option<(Version, i64)>> {
    let row: Option<(String, i64)> = conn
        .prepare_cached(
            "SELECT version, hash FROM sync_fields WHERE tbl = ?1 AND sid = ?2 AND field = ?3",
        )?
        .query_row(params![table, sid, field], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(row.and_then(|(v, h)| Version::parse(&v).map(|v| (v, h))))
}

fn set_field(
    conn: &Connection,
    table: &str,
    sid: &str,
    field: &str,
    version: &Version,
    hash: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_fields (tbl, sid, field, version, hash) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (tbl, sid, field) DO UPDATE SET version = excluded.version, hash = excluded.hash",
    )?
    .execute(params![table, sid, field, version.as_str(), hash])?;
    Ok(())
}

/// The latest version of any field of a row.
fn latest_version(conn: &Connection, table: &str, sid: &str) -> Result<Option<Version>> {
    let v: Option<String> = conn
        .prepare_cached("SELECT max(version) FROM sync_fields WHERE tbl = ?1 AND sid = ?2")?
        .query_row(params![table, sid], |r| r.get(0))?;
    Ok(v.as_deref().and_then(Version::parse))
}

/// The clock of this device: the latest version it made or saw.
fn last_version(conn: &Connection) -> Result<Option<Version>> {
    let v: Option<String> = conn
        .prepare_cached("SELECT last_version FROM sync_state")?
        .query_row([], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(v.as_deref().and_then(Version::parse))
}

fn set_last_version(conn: &Connection, v: &Version) -> Result<()> {
    conn.prepare_cached(
        "UPDATE sync_state SET last_version = ?1 WHERE last_version IS NULL OR last_version < ?1",
    )?
    .execute([v.as_str()])?;
    Ok(())
}

/// This device's id.
fn device(conn: &Connection) -> Result<String> {
    let id: String = conn.query_row("SELECT device FROM sync_state", [], |r| r.get(0))?;
    if crate::domain::sync::is_device_id(&id) {
        Ok(id)
    } else {
        Err(StoreError::BadData(format!(
            "the journal's device id {id:?} is not one"
        )))
    }
}

/// A clock that hands out this device's next versions within one transaction.
struct Clock {
    device: String,
    last: Option<Version>,
    now_ms: i64,
}

impl Clock {
    fn read(conn: &Connection, now_ms: i64) -> Result<Clock> {
        Ok(Clock {
            device: device(conn)?,
            last: last_version(conn)?,
            now_ms,
        })
    }

    fn next(&mut self) -> Version {
        let v = next_version(self.last.as_ref(), self.now_ms, &self.device);
        self.last = Some(v.clone());
        v
    }

    /// Notes a version made elsewhere: what this device makes next is later.
    fn observe(&mut self, seen: &Version) {
        if self.last.as_ref().is_none_or(|last| seen > last) {
            self.last = Some(seen.clone());
        }
    }

    fn save(&self, conn: &Connection) -> Result<()> {
        match &self.last {
            Some(v) => set_last_version(conn, v),
            None => Ok(()),
        }
    }
}

/// Notes every carried row as changed; in the caller's transaction.
fn note_all(conn: &Connection) -> Result<usize> {
    let mut n = 0;
    for table in TABLES {
        let sid = table.sid_sql("t");
        n += conn.execute(
            &format!(
                "INSERT OR IGNORE INTO sync_dirty (tbl, sid, gone)
                 SELECT '{}', {sid}, NULL FROM {} t WHERE {sid} IS NOT NULL",
                table.name, table.name
            ),
            [],
        )?;
    }
    Ok(n)
}

/// Gathers the rows changed since the last gathering into the outbox, as changes, each
/// field with the version it replaced; in the caller's transaction. Returns how many rows.
fn gather(conn: &Connection, now_ms: i64) -> Result<usize> {
    let dirty: Vec<(String, String, Option<String>)> = conn
        .prepare_cached("SELECT tbl, sid, gone FROM sync_dirty")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if dirty.is_empty() {
        return Ok(0);
    }
    let mut clock = Clock::read(conn, now_ms)?;
    let mut rows = Vec::new();
    for (name, sid, gone) in &dirty {
        let Some(table) = spec::table(name) else {
            continue;
        };
        let change = match read_row(conn, table, sid)? {
            Some(values) => changed_fields(conn, table, sid, &values, &mut clock)?,
            None => Some(deletion(conn, table, sid, gone.as_deref(), &mut clock)?),
        };
        rows.extend(change);
    }
    rows.sort_by_key(|r| order(&r.table));
    for row in &rows {
        conn.prepare_cached("INSERT INTO sync_outbox (row) VALUES (?1)")?
            .execute([
                serde_json::to_string(row).map_err(|e| StoreError::BadData(e.to_string()))?
            ])?;
    }
    conn.execute("DELETE FROM sync_dirty", [])?;
    clock.save(conn)?;
    Ok(rows.len())
}

/// Where table `name` comes in the order changes are applied.
fn order(name: &str) -> usize {
    TABLES
        .iter()
        .position(|t| t.name == name)
        .unwrap_or(usize::MAX)
}

/// The fields of a row that changed since they were last carried.
fn changed_fields(
    conn: &Connection,
    table: &Table,
    sid: &str,
    values: &[Value],
    clock: &mut Clock,
) -> Result<Option<RowChange>> {
    let mut fields = Vec::new();
    for (f, value) in table.fields.iter().zip(values) {
        let value = to_json(value);
        let h = hash(&value);
        let held = held_field(conn, table.name, sid, f.name)?;
        if held.as_ref().is_some_and(|(_, held)| *held == h) {
            continue;
        }
        let version = clock.next();
        set_field(conn, table.name, sid, f.name, &version, h)?;
        fields.push(FieldChange {
            field: f.name.to_string(),
            value,
            version,
            parent: held.map(|(v, _)| v),
        });
    }
    conn.prepare_cached("DELETE FROM sync_tombs WHERE tbl = ?1 AND sid = ?2")?
        .execute(params![table.name, sid])?;
    Ok((!fields.is_empty()).then(|| RowChange {
        table: table.name.to_string(),
        sid: sid.to_string(),
        fields,
        deleted: None,
    }))
}

/// A row deleted here: its deletion, with the latest version of it this device held.
fn deletion(
    conn: &Connection,
    table: &Table,
    sid: &str,
    gone: Option<&str>,
    clock: &mut Clock,
) -> Result<RowChange> {
    let deletion = Deletion {
        version: clock.next(),
        seen: latest_version(conn, table.name, sid)?,
        row: None,
    };
    keep_tomb(conn, table.name, sid, &deletion, gone.unwrap_or("{}"))?;
    Ok(RowChange {
        table: table.name.to_string(),
        sid: sid.to_string(),
        fields: Vec::new(),
        deleted: Some(deletion),
    })
}

/// Keeps what is known of a deleted row: the latest version its deletions had seen, and
/// its values (JSON), to bring it back if an edit made meanwhile elsewhere wins.
fn keep_tomb(
    conn: &Connection,
    table: &str,
    sid: &str,
    deletion: &Deletion,
    values: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_tombs (tbl, sid, seen, row) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (tbl, sid) DO UPDATE SET
             seen = max(coalesce(seen, ''), coalesce(excluded.seen, '')),
             row = CASE WHEN excluded.row = '{}' THEN row ELSE excluded.row END",
    )?
    .execute(params![
        table,
        sid,
        deletion.seen.as_ref().map(Version::as_str),
        values
    ])?;
    Ok(())
}

impl Store {
    /// This device's id in the journal sync.
    pub fn sync_device(&self) -> Result<String> {
        device(&self.conn)
    }

    /// Notes every carried row as changed, so the next push carries the whole journal
    /// (the first push of a journal that starts syncing). Returns how many rows.
    pub fn sync_note_all(&mut self) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let n = note_all(&tx)?;
        tx.commit()?;
        Ok(n)
    }

    /// Gathers what changed since the last push into the outbox (one transaction).
    /// Returns how many rows changed.
    pub fn sync_gather(&mut self, now_ms: i64) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let n = gather(&tx, now_ms)?;
        tx.commit()?;
        Ok(n)
    }

    /// Merges another device's changes into the journal, in one transaction (what this
    /// device changed meanwhile is gathered first, and merged as its own change).
    pub fn sync_apply(&mut self, rows: &[RowChange], now_ms: i64) -> Result<Applied> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let applied = apply::apply(&tx, rows, now_ms, &apply::How::Batch)?;
        tx.commit()?;
        Ok(applied)
    }

    /// What merging left for the user: the notes keeping texts written on two devices at
    /// once (until they are edited into one and deleted), and the changes from other
    /// devices refused here (waiting for a name to be freed).
    pub fn sync_conflicts(&self) -> Result<(i64, i64)> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM entries WHERE sid LIKE 'copy-%'),
                    (SELECT count(DISTINCT tbl || ' ' || sid) FROM sync_refused)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// Tries again the changes this journal refused before (one transaction), when there
    /// are any: what stood in their way may be gone.
    pub fn sync_retry_refused(&mut self, now_ms: i64) -> Result<Applied> {
        let any: bool =
            self.conn
                .query_row("SELECT EXISTS (SELECT 1 FROM sync_refused)", [], |r| {
                    r.get(0)
                })?;
        if !any {
            return Ok(Applied::default());
        }
        self.sync_apply(&[], now_ms)
    }

    /// The changes waiting in the outbox, oldest first, with their outbox ids.
    pub fn sync_outbox(&self) -> Result<Vec<(i64, RowChange)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, row FROM sync_outbox ORDER BY id")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, row)| {
                serde_json::from_str(&row)
                    .map(|row| (id, row))
                    .map_err(|e| StoreError::BadData(format!("a change waiting to be pushed: {e}")))
            })
            .collect()
    }

    /// Removes the changes up to outbox id `upto`: they were pushed.
    pub fn sync_outbox_sent(&mut self, upto: i64) -> Result<()> {
        self.conn
            .execute("DELETE FROM sync_outbox WHERE id <= ?1", [upto])?;
        Ok(())
    }

    /// How many rows have changed and wait to be pushed.
    pub fn sync_pending(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM sync_dirty) + (SELECT count(*) FROM sync_outbox)",
            [],
            |r| r.get(0),
        )?)
    }

    /// What the journal holds of the carried tables, in a canonical form: one JSON line
    /// per row (its table, stable id and fields), tables in their order, rows by stable
    /// id. Two devices that have seen the same changes give the same text.
    pub fn sync_canonical(&self) -> Result<String> {
        let mut out = String::new();
        for table in TABLES {
            let sql = format!("{} ORDER BY 1", select_sql(table));
            let mut stmt = self.conn.prepare(&sql)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let sid: Value = r.get(0)?;
                let mut fields = serde_json::Map::new();
                for (i, f) in table.fields.iter().enumerate() {
                    fields.insert(f.name.to_string(), to_json(&r.get::<_, Value>(i + 1)?));
                }
                let line = serde_json::json!({
                    "table": table.name,
                    "sid": to_json(&sid),
                    "fields": fields,
                });
                out.push_str(&line.to_string());
                out.push('\n');
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
#[path = "sync_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "property_tests.rs"]
mod property_tests;
