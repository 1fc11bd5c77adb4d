//! The rules a restored row must keep: the ones the commands that write each table keep,
//! so a restored journal reads back whole. A row that breaks one is refused, naming its
//! table, its place in the file and the field.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime};
use serde_json::{Map, Value};

use crate::domain::dates;
use crate::domain::entry::MAX_BODY_BYTES;
use crate::domain::time::{FIRST_YEAR, LAST_YEAR};

/// What one column holds, beyond its SQL type.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// An RFC 3339 time with its offset, as bearing writes times.
    Time,
    /// A day, YYYY-MM-DD.
    Date,
    /// A wall-clock time in a block's zone, YYYY-MM-DDTHH:MM:SS.
    Local,
    /// One of these words.
    OneOf(&'static [&'static str]),
    /// An IANA time zone name.
    Zone,
    /// Text that is not blank.
    NotBlank,
    /// 0 or 1.
    Flag,
    /// A whole number in this range.
    Range(i64, i64),
    /// At most this many bytes of text.
    MaxBytes(usize),
    /// A block's repeat rule as bearing writes it (weekly, on days, 1 to 52 weeks apart).
    BlockRepeat,
}

const KINDS: &[&str] = &["reflection", "note", "review"];

fn rule(table: &str, column: &str) -> Option<Rule> {
    use Rule::*;
    Some(match (table, column) {
        ("entries", "kind") | ("drafts", "kind") => OneOf(KINDS),
        ("entries", "at") | ("drafts", "saved_at") => Time,
        ("entries", "day") | ("entries", "week") => Date,
        ("entries", "body") | ("drafts", "body") => MaxBytes(MAX_BODY_BYTES),
        ("tags", "name")
        | ("people", "name")
        | ("people", "key")
        | ("person_aliases", "name")
        | ("person_aliases", "key")
        | ("person_addresses", "address")
        | ("agenda_items", "text") => NotBlank,
        ("agenda_items", "added_at") => Time,
        ("blocks", "title") => NotBlank,
        ("blocks", "rrule") => BlockRepeat,
        ("delegations", "task") | ("delegations", "done_looks_like") => NotBlank,
        ("delegations", "check_in_on")
        | ("delegations", "due_on")
        | ("delegations", "since")
        | ("delegations", "closed_on") => Date,
        ("delegations", "status") => OneOf(&["open", "done", "dropped"]),
        ("agenda_done", "done_at") => Time,
        ("blocks", "tzid") => Zone,
        ("blocks", "start_local") => Local,
        ("blocks", "minutes") => Range(5, 720),
        ("block_exceptions", "original") | ("block_exceptions", "moved_to") => Local,
        ("block_exceptions", "mark") => OneOf(&["kept", "partly_kept", "skipped"]),
        ("block_exceptions", "kept_minutes") => Range(0, 720),
        ("block_exceptions", "removed") => Flag,
        ("calendars", "name") => NotBlank,
        ("calendars", "imported_at") => Time,
        ("event_occurrences", "all_day")
        | ("event_series", "recurring")
        | ("event_details", "transparent")
        | ("event_details", "tentative")
        | ("event_details", "cancelled")
        | ("people", "report")
        | ("people", "archived") => Flag,
        ("classifications", "category") | ("calendars", "category") => {
            OneOf(&["managing", "leading", "excluded", "unclassified"])
        }
        ("conversations", "topic") => NotBlank,
        ("conversations", "planned_at") | ("conversations", "held_at") => Time,
        ("conversations", "followup_on") => Date,
        ("conversations", "status") => {
            OneOf(&["planned", "held", "followed_up", "closed", "cancelled"])
        }
        ("conversations", "stay_interview") => Flag,
        _ => return None,
    })
}

/// A column of the journal's table, as `PRAGMA table_info` describes it.
#[derive(Debug, Clone)]
pub(super) struct Column {
    /// Its name.
    pub name: String,
    /// Its declared SQL type (`INTEGER`, `TEXT`).
    pub sql_type: String,
    /// Whether it must hold a value.
    pub not_null: bool,
    /// Whether SQLite fills it in when it is left out.
    pub has_default: bool,
    /// Whether it is the table's integer primary key (SQLite numbers it when left out).
    pub rowid: bool,
}

/// Checks one row of `table` (the `n`th in the file); says what is wrong in words.
pub(super) fn check_row(
    table: &str,
    n: usize,
    row: &Map<String, Value>,
    columns: &[Column],
) -> Result<(), String> {
    let id = row
        .get("id")
        .and_then(Value::as_i64)
        .map_or(String::new(), |id| format!(" (id {id})"));
    let at = |field: &str, problem: String| format!("{table} row {n}{id}: {field} {problem}");
    for col in columns {
        let value = row.get(&col.name).filter(|v| !v.is_null());
        let Some(value) = value else {
            if col.not_null && !col.has_default && !col.rowid {
                return Err(at(&col.name, "is missing".into()));
            }
            continue;
        };
        let shown = shown(value);
        if col.sql_type.eq_ignore_ascii_case("INTEGER")
            && value.as_i64().is_none()
            && !value.is_boolean()
        {
            return Err(at(
                &col.name,
                format!("is {shown}, which is not a whole number"),
            ));
        }
        if col.sql_type.eq_ignore_ascii_case("TEXT") && !value.is_string() {
            return Err(at(&col.name, format!("is {shown}, which is not text")));
        }
        let Some(rule) = rule(table, &col.name) else {
            continue;
        };
        check_value(rule, value)
            .map_err(|problem| at(&col.name, format!("is {shown}, {problem}")))?;
    }
    check_together(table, row).map_err(|problem| format!("{table} row {n}{id}: {problem}"))
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => {
            let cut: String = s.chars().take(40).collect();
            if cut.len() < s.len() {
                format!("'{cut}…'")
            } else {
                format!("'{cut}'")
            }
        }
        other => other.to_string(),
    }
}

fn in_years(year: i32) -> Result<(), String> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(format!(
            "outside the years bearing keeps ({FIRST_YEAR} to {LAST_YEAR})"
        ))
    }
}

fn check_value(rule: Rule, value: &Value) -> Result<(), String> {
    let text = value.as_str().unwrap_or_default();
    let int = value
        .as_i64()
        .or_else(|| value.as_bool().map(i64::from))
        .unwrap_or_default();
    match rule {
        Rule::Time => {
            let t = DateTime::parse_from_rfc3339(text).map_err(|_| {
                "which is not a time (RFC 3339 with an offset, e.g. 2026-11-20T09:00:00+01:00)"
                    .to_string()
            })?;
            in_years(t.year())
        }
        Rule::Date => {
            let d = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|_| "which is not a day (YYYY-MM-DD, a day that exists)".to_string())?;
            in_years(d.year())
        }
        Rule::Local => {
            let t = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
                .map_err(|_| "which is not a time (YYYY-MM-DDTHH:MM:SS)".to_string())?;
            in_years(t.year())
        }
        Rule::OneOf(words) => {
            if words.contains(&text) {
                Ok(())
            } else {
                Err(format!("which is not one of {}", words.join(", ")))
            }
        }
        Rule::Zone => text
            .parse::<chrono_tz::Tz>()
            .map(|_| ())
            .map_err(|_| "which is not a time zone (an IANA name, e.g. Europe/Berlin)".into()),
        Rule::NotBlank => {
            if text.trim().is_empty() {
                Err("which is blank".into())
            } else {
                Ok(())
            }
        }
        Rule::Flag => {
            if int == 0 || int == 1 {
                Ok(())
            } else {
                Err("which is not 0 or 1".into())
            }
        }
        Rule::Range(low, high) => {
            if (low..=high).contains(&int) {
                Ok(())
            } else {
                Err(format!("which is not from {low} to {high}"))
            }
        }
        Rule::BlockRepeat => crate::domain::block::Repeat::from_rrule(Some(text), chrono_tz::UTC)
            .map(|_| ())
            .map_err(|_| {
                "which is not a block's repeat rule (weekly, on days, 1 to 52 weeks apart)".into()
            }),
        Rule::MaxBytes(max) => {
            if text.len() <= max {
                Ok(())
            } else {
                Err(format!(
                    "which is longer than the {} KB an entry holds",
                    max / 1024
                ))
            }
        }
    }
}

/// Rules that tie one column to another.
fn check_together(table: &str, row: &Map<String, Value>) -> Result<(), String> {
    let text = |c: &str| row.get(c).and_then(Value::as_str);
    match table {
        "entries" => {
            let at = text("at").and_then(|t| DateTime::<FixedOffset>::parse_from_rfc3339(t).ok());
            if let (Some(at), Some(day)) = (at, text("day"))
                && at.date_naive().format(dates::TYPED_DAY).to_string() != day
            {
                return Err(format!(
                    "day is '{day}', but at ({}) falls on {}",
                    at.to_rfc3339(),
                    at.date_naive()
                ));
            }
            if let (Some(at), Some(utc)) = (at, row.get("at_utc").and_then(Value::as_i64))
                && at.timestamp() != utc
            {
                return Err(format!(
                    "at_utc is {utc}, but at ({}) is {}",
                    at.to_rfc3339(),
                    at.timestamp()
                ));
            }
            let review = text("kind") == Some("review");
            let week = text("week").is_some();
            if review && !week {
                return Err("is a review without its week".into());
            }
            if !review && week {
                return Err("has a week but is not a review".into());
            }
        }
        "blocks" => {
            if let (Some(zone), rrule) = (text("tzid"), text("rrule"))
                && let Ok(zone) = zone.parse::<chrono_tz::Tz>()
                && let Err(e) = crate::domain::block::Repeat::from_rrule(rrule, zone)
            {
                return Err(format!("rrule: {e}"));
            }
        }
        "event_occurrences" => {
            let int = |c: &str| row.get(c).and_then(Value::as_i64);
            if let (Some(start), Some(end)) = (int("start_utc"), int("end_utc"))
                && end < start
            {
                return Err("ends (end_utc) before it starts (start_utc)".into());
            }
        }
        _ => {}
    }
    Ok(())
}

/// What SQLite's refusal of a row means, in words (its own text names constraints).
pub(super) fn constraint(e: &rusqlite::Error) -> Option<&'static str> {
    let rusqlite::Error::SqliteFailure(f, _) = e else {
        return None;
    };
    if f.code != rusqlite::ErrorCode::ConstraintViolation {
        return None;
    }
    Some(match f.extended_code {
        rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY | rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE => {
            "repeats an id, name or key an earlier row of the file already has"
        }
        rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY => {
            "refers to a row the file does not have (a person, tag, block or calendar)"
        }
        rusqlite::ffi::SQLITE_CONSTRAINT_NOTNULL => "leaves out a value it must have",
        _ => "holds a value the journal does not take",
    })
}
