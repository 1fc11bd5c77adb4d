//! CalDAV accounts: their rows, the calendars found in each with their roles, the
//! objects of the calendars bearing reads (as the server sent them), and the blocks
//! published to them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::{Result, Store};

/// An account to add.
#[derive(Debug, Clone)]
pub struct NewAccount<'a> {
    /// Its name, unique.
    pub name: &'a str,
    /// The address the user gave.
    pub url: &'a str,
    /// The origin discovery ended on.
    pub server: &'a str,
    /// The user name.
    pub user: &'a str,
    /// The principal's path.
    pub principal: &'a str,
    /// The calendar home's path.
    pub home: &'a str,
    /// The command that prints the password.
    pub password_command: Option<&'a str>,
    /// `caldav` or `google`.
    pub kind: &'a str,
    /// Google: the user's OAuth client id.
    pub client_id: Option<&'a str>,
    /// Certificate authorities to trust instead of the usual ones.
    pub ca_file: Option<&'a str>,
}

/// A stored account (never its secret: see [`Store::account_secret`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    /// Its row.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// The address the user gave.
    pub url: String,
    /// The origin discovery ended on.
    pub server: String,
    /// The user name.
    pub user: String,
    /// The principal's path.
    pub principal: String,
    /// The calendar home's path.
    pub home: String,
    /// The command that prints the password.
    pub password_command: Option<String>,
    /// Whether a secret (password or token) is kept in the journal.
    pub has_secret: bool,
    /// `caldav` or `google`.
    pub kind: String,
    /// Google: the user's OAuth client id.
    pub client_id: Option<String>,
    /// Certificate authorities to trust instead of the usual ones.
    pub ca_file: Option<String>,
}

/// A calendar found on an account's server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountCalendar {
    /// Its row.
    pub id: i64,
    /// Its account's row.
    pub account_id: i64,
    /// Its path on the server.
    pub href: String,
    /// Its name on the server.
    pub display_name: String,
    /// Its colour on the server.
    pub color: Option<String>,
    /// Whether it answers sync-collection.
    pub supports_sync: bool,
    /// Whether bearing reads its events.
    pub read: bool,
    /// Whether it receives the published blocks.
    pub blocks: bool,
    /// The calendar its events are imported into, once read.
    pub calendar_id: Option<i64>,
    /// The sync token of the last sync.
    pub sync_token: Option<String>,
    /// The change tag of the last sync.
    pub ctag: Option<String>,
    /// When it was last synced well.
    pub synced_at: Option<DateTime<Utc>>,
    /// Why its last sync failed.
    pub last_error: Option<String>,
}

/// A calendar as discovery found it, to store.
#[derive(Debug, Clone)]
pub struct FoundCalendarRow<'a> {
    /// Its path.
    pub href: &'a str,
    /// Its name.
    pub display_name: &'a str,
    /// Its colour.
    pub color: Option<&'a str>,
    /// Whether it answers sync-collection.
    pub supports_sync: bool,
}

/// What one sync of a calendar changes in what bearing holds of it.
#[derive(Debug, Clone, Default)]
pub struct ObjectChanges<'a> {
    /// Objects new or changed: path, ETag, text.
    pub changed: Vec<(&'a str, &'a str, &'a str)>,
    /// Paths of objects gone.
    pub deleted: Vec<&'a str>,
    /// The token to give next time.
    pub token: Option<&'a str>,
    /// The change tag seen.
    pub ctag: Option<&'a str>,
    /// The calendar its events are kept in, read with nothing new for it, and when: it
    /// counts as read then, as a file read unchanged does.
    pub read_unchanged: Option<(i64, DateTime<Utc>)>,
}

const ACCOUNT_COLUMNS: &str = "id, name, url, server, user, principal, home, password_command, \
     secret IS NOT NULL, kind, client_id, ca_file";

fn account_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AccountRow> {
    Ok(AccountRow {
        id: r.get(0)?,
        name: r.get(1)?,
        url: r.get(2)?,
        server: r.get(3)?,
        user: r.get(4)?,
        principal: r.get(5)?,
        home: r.get(6)?,
        password_command: r.get(7)?,
        has_secret: r.get(8)?,
        kind: r.get(9)?,
        client_id: r.get(10)?,
        ca_file: r.get(11)?,
    })
}

const CALENDAR_COLUMNS: &str = "id, account_id, href, display_name, color, supports_sync, read, \
     blocks, calendar_id, sync_token, ctag, synced_at, last_error";

fn calendar_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AccountCalendar> {
    let synced: Option<String> = r.get(11)?;
    Ok(AccountCalendar {
        id: r.get(0)?,
        account_id: r.get(1)?,
        href: r.get(2)?,
        display_name: r.get(3)?,
        color: r.get(4)?,
        supports_sync: r.get(5)?,
        read: r.get(6)?,
        blocks: r.get(7)?,
        calendar_id: r.get(8)?,
        sync_token: r.get(9)?,
        ctag: r.get(10)?,
        synced_at: synced
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|t| t.to_utc()),
        last_error: r.get(12)?,
    })
}

impl Store {
    /// Adds account `account` with the calendars found on it, in one transaction;
    /// returns its row.
    pub fn insert_account(
        &mut self,
        account: &NewAccount<'_>,
        calendars: &[FoundCalendarRow<'_>],
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO accounts (name, url, server, user, principal, home, password_command,
                                   kind, client_id, ca_file, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                account.name,
                account.url,
                account.server,
                account.user,
                account.principal,
                account.home,
                account.password_command,
                account.kind,
                account.client_id,
                account.ca_file,
                now.to_rfc3339()
            ],
        )?;
        let id = tx.last_insert_rowid();
        upsert_calendars(&tx, id, calendars)?;
        tx.commit()?;
        Ok(id)
    }

    /// Every account, by name.
    pub fn list_accounts(&self) -> Result<Vec<AccountRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY name"
        ))?;
        Ok(stmt
            .query_map([], account_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Account `name`, if there is one.
    pub fn account(&self, name: &str) -> Result<Option<AccountRow>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE name = ?1"),
                [name],
                account_row,
            )
            .optional()?)
    }

    /// The secret (password or refresh token) kept for account `id`, if any.
    pub fn account_secret(&self, id: i64) -> Result<Option<zeroize::Zeroizing<String>>> {
        let secret: Option<String> = self
            .conn
            .query_row("SELECT secret FROM accounts WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .flatten();
        Ok(secret.map(zeroize::Zeroizing::new))
    }

    /// Keeps `secret` for account `id` (`None` drops it).
    pub fn set_account_secret(&mut self, id: i64, secret: Option<&str>) -> Result<()> {
        self.conn.execute(
            "UPDATE accounts SET secret = ?2 WHERE id = ?1",
            params![id, secret],
        )?;
        Ok(())
    }

    /// The calendars found on account `account`, by name.
    pub fn account_calendars(&self, account: i64) -> Result<Vec<AccountCalendar>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CALENDAR_COLUMNS} FROM account_calendars WHERE account_id = ?1
             ORDER BY display_name COLLATE NOCASE, href"
        ))?;
        Ok(stmt
            .query_map([account], calendar_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The calendar that receives the published blocks, if one does.
    pub fn blocks_calendar(&self) -> Result<Option<AccountCalendar>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {CALENDAR_COLUMNS} FROM account_calendars WHERE blocks = 1"),
                [],
                calendar_row,
            )
            .optional()?)
    }

    /// Records the calendars now on account `account` (new ones added without roles;
    /// names and colours brought up to date; none removed).
    pub fn update_account_calendars(
        &mut self,
        account: i64,
        calendars: &[FoundCalendarRow<'_>],
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        upsert_calendars(&tx, account, calendars)?;
        tx.commit()?;
        Ok(())
    }

    /// Gives calendar `id` its roles; the blocks role moves to it from any other, in one
    /// transaction.
    pub fn set_account_calendar_roles(&mut self, id: i64, read: bool, blocks: bool) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if blocks {
            tx.execute(
                "UPDATE account_calendars SET blocks = 0 WHERE blocks = 1 AND id <> ?1",
                [id],
            )?;
        }
        tx.execute(
            "UPDATE account_calendars SET read = ?2, blocks = ?3 WHERE id = ?1",
            params![id, read, blocks],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Removes account `name`: its calendars, their objects and events, its
    /// publications, in one transaction. Returns how many events went.
    pub fn remove_account(&mut self, id: i64) -> Result<i64> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let events: i64 = tx.query_row(
            "SELECT count(*) FROM event_series s
             JOIN account_calendars a ON a.calendar_id = s.calendar_id WHERE a.account_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        tx.execute(
            "DELETE FROM calendars WHERE id IN
             (SELECT calendar_id FROM account_calendars WHERE account_id = ?1)",
            [id],
        )?;
        tx.execute("DELETE FROM accounts WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(events)
    }

    /// Each object held of calendar `id`, by path, with its ETag.
    pub fn caldav_etags(&self, id: i64) -> Result<HashMap<String, String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT href, etag FROM caldav_objects WHERE account_calendar_id = ?1",
        )?;
        Ok(stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The text of every object held of calendar `id`, by path.
    pub fn caldav_texts(&self, id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT data FROM caldav_objects WHERE account_calendar_id = ?1 ORDER BY href",
        )?;
        Ok(stmt
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Writes one sync's `changes` to calendar `id`'s objects with its new token, in one
    /// transaction.
    pub fn apply_object_changes(&mut self, id: i64, changes: &ObjectChanges<'_>) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut upsert = tx.prepare_cached(
                "INSERT INTO caldav_objects (account_calendar_id, href, etag, data)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (account_calendar_id, href) DO UPDATE SET etag = ?3, data = ?4",
            )?;
            // In the table's order, by path, whatever order the server answered in
            // (Radicale's is its folder's): each object is then added after the last
            // rather than between two others, splitting pages all over the table. The
            // 10,000 objects of a first sync took 88 ms to write in a shuffled order,
            // 35 ms in this one.
            let mut changed: Vec<&(&str, &str, &str)> = changes.changed.iter().collect();
            changed.sort_unstable_by_key(|(href, ..)| *href);
            for (href, etag, data) in changed {
                upsert.execute(params![id, href, etag, data])?;
            }
            let mut delete = tx.prepare_cached(
                "DELETE FROM caldav_objects WHERE account_calendar_id = ?1 AND href = ?2",
            )?;
            for href in &changes.deleted {
                delete.execute(params![id, href])?;
            }
        }
        tx.execute(
            "UPDATE account_calendars SET sync_token = ?2, ctag = ?3 WHERE id = ?1",
            params![id, changes.token, changes.ctag],
        )?;
        if let Some((calendar, at)) = changes.read_unchanged {
            tx.execute(
                "UPDATE calendars SET last_error = NULL, refreshed_at = ?2 WHERE id = ?1",
                params![calendar, at.to_rfc3339()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Stops reading calendar `id`: the calendar its events were imported into
    /// (`calendar`) goes with them, and the objects held of it, in one transaction.
    pub fn forget_account_calendar(&mut self, id: i64, calendar: i64) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM calendars WHERE id = ?1", [calendar])?;
        tx.execute(
            "DELETE FROM caldav_objects WHERE account_calendar_id = ?1",
            [id],
        )?;
        tx.execute(
            "UPDATE account_calendars SET calendar_id = NULL, sync_token = NULL, ctag = NULL,
                 synced_at = NULL, last_error = NULL WHERE id = ?1",
            [id],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Each object held of calendar `id`: its path and text.
    pub fn caldav_objects(&self, id: i64) -> Result<HashMap<String, String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT href, data FROM caldav_objects WHERE account_calendar_id = ?1",
        )?;
        Ok(stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The texts of objects `hrefs` of calendar `id`, those it holds, by path.
    pub fn caldav_objects_among(&self, id: i64, hrefs: &[&str]) -> Result<HashMap<String, String>> {
        self.caldav_among(
            "SELECT data FROM caldav_objects WHERE account_calendar_id = ?1 AND href = ?2",
            id,
            hrefs,
        )
    }

    /// The ETags of objects `hrefs` of calendar `id`, those it holds, by path.
    pub fn caldav_etags_among(&self, id: i64, hrefs: &[&str]) -> Result<HashMap<String, String>> {
        self.caldav_among(
            "SELECT etag FROM caldav_objects WHERE account_calendar_id = ?1 AND href = ?2",
            id,
            hrefs,
        )
    }

    /// What `sql` reads of each of objects `hrefs` of calendar `id` held, by path.
    fn caldav_among(&self, sql: &str, id: i64, hrefs: &[&str]) -> Result<HashMap<String, String>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut out = HashMap::new();
        for href in hrefs {
            if let Some(value) = stmt
                .query_row(params![id, href], |r| r.get::<_, String>(0))
                .optional()?
            {
                out.insert((*href).to_string(), value);
            }
        }
        Ok(out)
    }

    /// Whether any object of calendar `id` is held.
    pub fn holds_caldav_objects(&self, id: i64) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM caldav_objects WHERE account_calendar_id = ?1)",
            [id],
            |r| r.get(0),
        )?)
    }

    /// Records the calendar calendar `id`'s events are imported into.
    pub fn link_account_calendar(&mut self, id: i64, calendar: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE account_calendars SET calendar_id = ?2 WHERE id = ?1",
            params![id, calendar],
        )?;
        Ok(())
    }

    /// Records how calendar `id`'s sync at `at` went: well (`error` is `None`), or why not.
    pub fn record_account_sync(
        &mut self,
        id: i64,
        at: DateTime<Utc>,
        error: Option<&str>,
    ) -> Result<()> {
        match error {
            None => self.conn.execute(
                "UPDATE account_calendars SET synced_at = ?2, last_error = NULL WHERE id = ?1",
                params![id, at.to_rfc3339()],
            )?,
            Some(e) => self.conn.execute(
                "UPDATE account_calendars SET last_error = ?2 WHERE id = ?1",
                params![id, e],
            )?,
        };
        Ok(())
    }
}

/// Adds the calendars of `calendars` to account `account`, or brings their names and
/// colours up to date.
fn upsert_calendars(
    tx: &rusqlite::Transaction<'_>,
    account: i64,
    calendars: &[FoundCalendarRow<'_>],
) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO account_calendars (account_id, href, display_name, color, supports_sync)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (account_id, href) DO UPDATE SET display_name = ?3, color = ?4,
             supports_sync = ?5",
    )?;
    for c in calendars {
        stmt.execute(params![
            account,
            c.href,
            c.display_name,
            c.color,
            c.supports_sync
        ])?;
    }
    Ok(())
}
