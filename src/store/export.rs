//! A complete, lossless copy of the journal as JSON, and loading one into an empty journal.
//!
//! Every table is written row by row with its column names, ids included, so a restore
//! reproduces the journal exactly (the search index is rebuilt by the tables' triggers).

use rusqlite::params_from_iter;
use rusqlite::types::{Value as SqlValue, ValueRef};
use serde_json::{Map, Value};

use std::path::Path;

use super::lifecycle::files;
use super::restore_rules::{self, Column};
use super::{Result, Store, StoreError};

/// The export format this bearing writes.
pub const EXPORT_FORMAT: i64 = 1;

/// The oldest journal schema whose exports load unchanged into this one.
const OLDEST_RESTORABLE_SCHEMA: i64 = 4;

/// The tables, in an order that restores without breaking foreign keys.
const TABLES: &[&str] = &[
    "people",
    "agenda_items",
    "person_aliases",
    "person_addresses",
    "tags",
    "entries",
    "entry_tags",
    "entry_people",
    "drafts",
    "blocks",
    "block_exceptions",
    "calendars",
    "calendar_files",
    "event_series",
    "event_details",
    "event_occurrences",
    "classifications",
    "conversations",
    "conversation_people",
    "delegations",
    "agenda_done",
];

/// This device's CalDAV accounts, their calendars' roles and the blocks published to
/// them: in an export only when asked for (`--include-secrets`: an account may keep its
/// password), after the tables they refer to. Their sync state is not carried: a
/// restored journal reads each calendar whole on its first sync.
const ACCOUNT_TABLES: &[&str] = &["accounts", "account_calendars", "block_publications"];

/// The columns of `table`, with what restoring needs to know of each.
fn column_info(store: &Store, table: &str) -> Result<Vec<Column>> {
    let mut stmt = store.conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let mut cols: Vec<Column> = stmt
        .query_map([], |r| {
            Ok(Column {
                name: r.get(1)?,
                sql_type: r.get(2)?,
                not_null: r.get(3)?,
                has_default: r.get::<_, Option<String>>(4)?.is_some(),
                rowid: r.get::<_, i64>(5)? > 0,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    // Only a lone INTEGER primary key is the rowid SQLite numbers by itself.
    let keys = cols.iter().filter(|c| c.rowid).count();
    for c in &mut cols {
        c.rowid = c.rowid && keys == 1 && c.sql_type.eq_ignore_ascii_case("INTEGER");
    }
    Ok(cols)
}

fn columns(store: &Store, table: &str) -> Result<Vec<String>> {
    let mut stmt = store.conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let names = stmt.query_map([], |r| r.get::<_, String>(1))?;
    Ok(names.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Every table as JSON: `{"bearing_export": 1, "schema": N, "tables": {name: [rows]}}`,
    /// but this device's accounts.
    pub fn export_json(&self) -> Result<Map<String, Value>> {
        self.export_tables(TABLES)
    }

    /// [`Store::export_json`] with this device's accounts, their passwords (an encrypted
    /// journal's) and the blocks published to them.
    pub fn export_json_with_accounts(&self) -> Result<Map<String, Value>> {
        let all: Vec<&str> = TABLES.iter().chain(ACCOUNT_TABLES).copied().collect();
        self.export_tables(&all)
    }

    fn export_tables(&self, which: &[&str]) -> Result<Map<String, Value>> {
        let mut tables = Map::new();
        for table in which {
            let cols = columns(self, table)?;
            let order: Vec<String> = (1..=cols.len()).map(|i| i.to_string()).collect();
            let sql = format!(
                "SELECT {} FROM {table} ORDER BY {}",
                cols.join(", "),
                order.join(", ")
            );
            let mut stmt = self.conn.prepare(&sql)?;
            let mut rows = stmt.query([])?;
            let mut out = Vec::new();
            while let Some(row) = rows.next()? {
                let mut object = Map::new();
                for (i, col) in cols.iter().enumerate() {
                    let value = match row.get_ref(i)? {
                        ValueRef::Null => Value::Null,
                        ValueRef::Integer(n) => Value::from(n),
                        ValueRef::Real(f) => Value::from(f),
                        ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
                        ValueRef::Blob(_) => {
                            return Err(StoreError::BadData(format!(
                                "a binary value in {table}.{col}"
                            )));
                        }
                    };
                    object.insert(col.clone(), value);
                }
                out.push(Value::Object(object));
            }
            tables.insert((*table).to_string(), Value::Array(out));
        }
        let mut doc = Map::new();
        doc.insert("bearing_export".into(), Value::from(EXPORT_FORMAT));
        doc.insert("schema".into(), Value::from(self.schema_version()?));
        doc.insert("tables".into(), Value::Object(tables));
        Ok(doc)
    }

    /// Whether the journal holds anything a restore could clash with.
    pub fn is_empty(&self) -> Result<bool> {
        for table in [
            "entries",
            "people",
            "blocks",
            "calendars",
            "conversations",
            "drafts",
        ] {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            if n > 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Loads an export into a new journal at `path`, where nothing is yet (encrypted with
    /// `key`, or plain). It is written beside `path` under a temporary name and moved into
    /// place only when whole, so a restore that fails, or is killed, leaves no journal and
    /// no folder behind.
    pub fn restore_new(path: &Path, doc: &Value, key: Option<&super::Key>) -> Result<usize> {
        // A folder on the way that is a link to nothing is said, not created through.
        let real = files::real_path(path)?;
        let path = real.as_path();
        let io = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        let name = path
            .file_name()
            .ok_or_else(|| io(std::io::ErrorKind::InvalidInput.into()))?
            .to_string_lossy()
            .into_owned();
        let dirs = files::create_folders(path).map_err(io)?;
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let prefix = format!(".{name}.partial-");
        // What a restore killed before it finished left (the partial journal and its
        // -wal and -shm, holding restored text) goes first.
        files::remove_leftovers(dir, &prefix);
        let restored = (|| {
            // Created 0600, like the journal it becomes.
            let partial = tempfile::Builder::new()
                .prefix(&prefix)
                .tempfile_in(dir)
                .map_err(io)?;
            let mut store = match key {
                Some(key) => Store::open_encrypted(partial.path(), super::OpenMode::Write, key)?,
                None => Store::open(partial.path())?,
            };
            let rows = store.restore_json(doc)?;
            // Closing folds the write-ahead log into the file, which then holds it all.
            drop(store);
            partial.as_file().sync_all().map_err(io)?;
            partial.persist_noclobber(path).map_err(|e| {
                if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                    StoreError::BadExport(format!(
                        "a journal appeared at {} while restoring; nothing was changed",
                        path.display()
                    ))
                } else {
                    io(e.error)
                }
            })?;
            Ok(rows)
        })();
        if restored.is_err() {
            files::remove_leftovers(dir, &prefix);
            files::remove_folders(&dirs);
        }
        restored
    }

    /// Loads an export into this (empty) journal in one transaction: all of it or nothing.
    pub fn restore_json(&mut self, doc: &Value) -> Result<usize> {
        let bad =
            |what: &str| StoreError::BadExport(format!("this is not a bearing export: {what}"));
        let format = doc
            .get("bearing_export")
            .and_then(Value::as_i64)
            .ok_or_else(|| bad("no bearing_export marker"))?;
        let schema = doc
            .get("schema")
            .and_then(Value::as_i64)
            .ok_or_else(|| bad("no schema version"))?;
        if format > EXPORT_FORMAT || schema > super::latest_schema_version() {
            return Err(StoreError::BadExport(format!(
                "this export was written by a newer bearing (format {format}, journal format {schema}); upgrade bearing to restore it"
            )));
        }
        // Format 4 differs from 5 only by a column that may be empty (a review's week),
        // so its exports restore as they are.
        if schema < OLDEST_RESTORABLE_SCHEMA {
            return Err(StoreError::BadExport(format!(
                "this export is from journal format {schema}; this bearing restores formats {OLDEST_RESTORABLE_SCHEMA} to {}",
                super::latest_schema_version()
            )));
        }
        let tables = doc
            .get("tables")
            .and_then(Value::as_object)
            .ok_or_else(|| bad("no tables"))?;
        // Before journal format 9 occurrences carried their own text; they are not read
        // back but rebuilt from each calendar's file, which the export keeps. Before
        // format 11 that file was in the calendar's row.
        let converted;
        let tables = if schema < 11 {
            let mut t = tables.clone();
            if schema < 9 {
                t.remove("event_occurrences");
            }
            let mut files = Vec::new();
            if let Some(Value::Array(rows)) = t.get_mut("calendars") {
                for row in rows {
                    if let Some(o) = row.as_object_mut() {
                        if schema < 9 {
                            o.insert("content_hash".into(), Value::from(""));
                        }
                        if let Some(content) = o.remove("content") {
                            let mut file = Map::new();
                            file.insert(
                                "calendar_id".into(),
                                o.get("id").cloned().unwrap_or(Value::Null),
                            );
                            file.insert("content".into(), content);
                            files.push(Value::Object(file));
                        }
                    }
                }
            }
            t.insert("calendar_files".into(), Value::Array(files));
            converted = t;
            &converted
        } else {
            tables
        };
        if !self.is_empty()? {
            return Err(StoreError::BadExport(
                "the journal is not empty; restore into a new one (--db NEW.db)".into(),
            ));
        }
        let known: Vec<(String, Vec<Column>)> = TABLES
            .iter()
            .chain(ACCOUNT_TABLES)
            .map(|t| Ok(((*t).to_string(), column_info(self, t)?)))
            .collect::<Result<_>>()?;
        // One transaction, read back before it commits: all of the file or nothing.
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let restored = self
            .restore_rows(tables, &known)
            .and_then(|count| {
                // Exports from before journal format 7 have no conversation mentions:
                // read them from the conversations' text, as the upgrade does.
                if !tables.contains_key("conversation_people") {
                    super::people::record_all_conversation_mentions(&self.conn)?;
                }
                // Names keyed by an older rule (before format 13, case only) are keyed
                // again; people whose names fold alike become one, and the user is told.
                super::people::refold_keys(&self.conn)?;
                // Accounts: each calendar is read whole on its first sync (the objects
                // a sync token stands for are not carried), and a password is kept only
                // in an encrypted journal.
                self.conn
                    .execute_batch("UPDATE account_calendars SET sync_token = NULL, ctag = NULL")?;
                if !self.is_encrypted() {
                    self.conn
                        .execute_batch("UPDATE accounts SET secret = NULL")?;
                }
                // Each calendar's count of occurrences, from the rows themselves (an
                // export from before journal format 11 has none).
                self.conn.execute_batch(
                    "UPDATE calendars SET occurrences = (
                         SELECT count(*) FROM event_occurrences o
                         JOIN event_series s ON s.id = o.series_id
                         WHERE s.calendar_id = calendars.id)",
                )?;
                Ok(count)
            })
            .and_then(|count| self.read_back().map(|()| count))
            .and_then(|count| Ok(self.conn.execute_batch("COMMIT").map(|()| count)?));
        if restored.is_err() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        restored
    }

    fn restore_rows(
        &self,
        tables: &Map<String, Value>,
        known: &[(String, Vec<Column>)],
    ) -> Result<usize> {
        let bad =
            |what: String| StoreError::BadExport(format!("this is not a bearing export: {what}"));
        let refuse = |what: String| StoreError::BadExport(format!("{what}; nothing was restored"));
        let mut count = 0;
        for (table, cols) in known {
            let Some(rows) = tables.get(table) else {
                continue;
            };
            let rows = rows
                .as_array()
                .ok_or_else(|| bad(format!("{table} is not a list")))?;
            for (i, row) in rows.iter().enumerate() {
                let n = i + 1;
                let object = row
                    .as_object()
                    .ok_or_else(|| bad(format!("row {n} of {table} is not an object")))?;
                if let Some(unknown) = object.keys().find(|k| !cols.iter().any(|c| &c.name == *k)) {
                    return Err(bad(format!("{table} has an unknown column '{unknown}'")));
                }
                restore_rules::check_row(table, n, object, cols).map_err(refuse)?;
                let mut names = Vec::new();
                let mut values = Vec::new();
                for col in cols {
                    let value = match object.get(&col.name) {
                        None | Some(Value::Null) => continue,
                        Some(Value::Bool(b)) => SqlValue::Integer(i64::from(*b)),
                        Some(Value::Number(n)) => match n.as_i64() {
                            Some(i) => SqlValue::Integer(i),
                            None => SqlValue::Real(n.as_f64().unwrap_or_default()),
                        },
                        Some(Value::String(s)) => SqlValue::Text(s.clone()),
                        Some(_) => {
                            return Err(refuse(format!(
                                "{table} row {n}: {} holds a list or an object",
                                col.name
                            )));
                        }
                    };
                    names.push(col.name.as_str());
                    values.push(value);
                }
                // Columns left out take the journal's defaults.
                let sql = format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    names.join(", "),
                    (1..=names.len())
                        .map(|i| format!("?{i}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                let sql = if names.is_empty() {
                    format!("INSERT INTO {table} DEFAULT VALUES")
                } else {
                    sql
                };
                self.conn
                    .prepare_cached(&sql)?
                    .execute(params_from_iter(values))
                    .map_err(|e| match restore_rules::constraint(&e) {
                        Some(what) => {
                            let id = object
                                .get("id")
                                .and_then(Value::as_i64)
                                .map_or(String::new(), |id| format!(" (id {id})"));
                            refuse(format!("{table} row {n}{id} {what}"))
                        }
                        None => e.into(),
                    })?;
                count += 1;
            }
        }
        Ok(count)
    }

    /// Reads everything restored the way bearing's screens and commands read it, so a
    /// value no rule above foresaw still cannot land.
    fn read_back(&self) -> Result<()> {
        let unreadable = |e: StoreError| match e {
            StoreError::BadData(what) => StoreError::BadExport(format!(
                "the export holds a value bearing cannot read back ({what}); nothing was restored"
            )),
            e => e,
        };
        self.list_entries(&super::JournalFilter::default())
            .map_err(unreadable)?;
        self.list_conversations(&super::ConversationFilter::default())
            .map_err(unreadable)?;
        self.list_blocks_with_exceptions().map_err(unreadable)?;
        self.list_calendars().map_err(unreadable)?;
        self.list_people().map_err(unreadable)?;
        let slots: Vec<String> = self
            .conn
            .prepare("SELECT slot FROM drafts")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for slot in slots {
            self.draft(&slot).map_err(unreadable)?;
        }
        Ok(())
    }
}
