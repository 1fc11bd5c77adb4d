//! A complete, lossless copy of the journal as JSON, and loading one into an empty journal.
//!
//! Every table is written row by row with its column names, ids included, so a restore
//! reproduces the journal exactly (the search index is rebuilt by the tables' triggers).

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{TransactionBehavior, params_from_iter};
use serde_json::{Map, Value};

use std::path::Path;

use super::{Result, Store, StoreError, files};

/// The export format this bearing writes.
pub const EXPORT_FORMAT: i64 = 1;

/// The oldest journal schema whose exports load unchanged into this one.
const OLDEST_RESTORABLE_SCHEMA: i64 = 4;

/// The tables, in an order that restores without breaking foreign keys.
const TABLES: &[&str] = &[
    "people",
    "tags",
    "entries",
    "entry_tags",
    "entry_people",
    "drafts",
    "blocks",
    "block_exceptions",
    "calendars",
    "event_occurrences",
    "classifications",
    "conversations",
];

fn columns(store: &Store, table: &str) -> Result<Vec<String>> {
    let mut stmt = store.conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let names = stmt.query_map([], |r| r.get::<_, String>(1))?;
    Ok(names.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Every table as JSON: `{"bearing_export": 1, "schema": N, "tables": {name: [rows]}}`.
    pub fn export_json(&self) -> Result<Map<String, Value>> {
        let mut tables = Map::new();
        for table in TABLES {
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

    /// Loads an export into a new journal at `path`, where nothing is yet. It is written
    /// beside `path` under a temporary name and moved into place only when whole, so a
    /// restore that fails, or is killed, leaves no journal and no folder behind.
    pub fn restore_new(path: &Path, doc: &Value) -> Result<usize> {
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
        let restored = (|| {
            // Created 0600, like the journal it becomes.
            let partial = tempfile::Builder::new()
                .prefix(&prefix)
                .tempfile_in(dir)
                .map_err(io)?;
            let mut store = Store::open(partial.path())?;
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
            for suffix in files::SIDECARS {
                if let Ok(entries) = std::fs::read_dir(dir) {
                    for entry in entries.flatten() {
                        let n = entry.file_name().to_string_lossy().into_owned();
                        if n.starts_with(&prefix) && n.ends_with(suffix) {
                            let _ = std::fs::remove_file(entry.path());
                        }
                    }
                }
            }
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
        if !self.is_empty()? {
            return Err(StoreError::BadExport(
                "the journal is not empty; restore into a new one (--db NEW.db)".into(),
            ));
        }
        let known: Vec<(String, Vec<String>)> = TABLES
            .iter()
            .map(|t| Ok(((*t).to_string(), columns(self, t)?)))
            .collect::<Result<_>>()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut count = 0;
        for (table, cols) in &known {
            let Some(rows) = tables.get(table) else {
                continue;
            };
            let rows = rows
                .as_array()
                .ok_or_else(|| bad(&format!("{table} is not a list")))?;
            let sql = format!(
                "INSERT INTO {table} ({}) VALUES ({})",
                cols.join(", "),
                (1..=cols.len())
                    .map(|i| format!("?{i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let mut stmt = tx.prepare(&sql)?;
            for row in rows {
                let object = row
                    .as_object()
                    .ok_or_else(|| bad(&format!("a row of {table} is not an object")))?;
                if let Some(unknown) = object.keys().find(|k| !cols.contains(k)) {
                    return Err(bad(&format!("{table} has an unknown column '{unknown}'")));
                }
                let values: Vec<SqlValue> = cols
                    .iter()
                    .map(|c| match object.get(c) {
                        None | Some(Value::Null) => Ok(SqlValue::Null),
                        Some(Value::Bool(b)) => Ok(SqlValue::Integer(i64::from(*b))),
                        Some(Value::Number(n)) => Ok(n
                            .as_i64()
                            .map(SqlValue::Integer)
                            .or_else(|| n.as_f64().map(SqlValue::Real))
                            .unwrap_or(SqlValue::Null)),
                        Some(Value::String(s)) => Ok(SqlValue::Text(s.clone())),
                        Some(_) => Err(bad(&format!("{table}.{c} holds a list or object"))),
                    })
                    .collect::<Result<_>>()?;
                stmt.execute(params_from_iter(values))?;
                count += 1;
            }
        }
        tx.commit()?;
        Ok(count)
    }
}
