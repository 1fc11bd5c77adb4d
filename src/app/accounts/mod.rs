//! CalDAV accounts: adding one (bearing finds its calendars), giving each calendar its
//! roles (read, blocks, both), listing and removing accounts, and reading their
//! calendars again ([`sync`]).

pub mod google;
pub mod publish;
pub mod published;
pub mod sync;

use std::time::Duration;

use serde::Serialize;
use zeroize::Zeroizing;

use super::{Error, Field, Journal, Now, Result};
use crate::io::dav::{self, Auth, DavError, Options};
pub use crate::store::{AccountCalendar, AccountRow};
use crate::store::{FoundCalendarRow, NewAccount, Store};

/// An account to add, as the user gave it.
#[derive(Debug, Clone)]
pub struct AddAccount<'a> {
    /// Its name in bearing.
    pub name: &'a str,
    /// The server's address, or just its host.
    pub url: &'a str,
    /// The user name.
    pub user: &'a str,
    /// The command that prints the password.
    pub password_command: Option<&'a str>,
    /// A password typed at a prompt: kept in the journal only when it is encrypted.
    pub password: Option<Zeroizing<String>>,
    /// Certificate authorities to trust instead of the usual ones (a PEM file).
    pub ca_file: Option<&'a str>,
}

/// An account with its calendars.
#[derive(Debug, Clone, Serialize)]
pub struct Account {
    /// Its name.
    pub name: String,
    /// The address the user gave.
    pub url: String,
    /// The server discovery ended on.
    pub server: String,
    /// The user name.
    pub user: String,
    /// Where the password comes from: `command`, `journal`, or `none`.
    pub password: &'static str,
    /// Its calendars.
    pub calendars: Vec<CalendarRole>,
}

/// One of an account's calendars with its roles.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarRole {
    /// Its name on the server.
    pub name: String,
    /// Its path on the server.
    pub href: String,
    /// `read`, `blocks`, `both` or `unused`.
    pub role: Role,
    /// When it was last synced well (RFC 3339).
    pub synced_at: Option<String>,
    /// Why its last sync failed.
    pub error: Option<String>,
}

/// What a calendar of an account is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Its events count in Week, Audit, People and coaching.
    Read,
    /// It receives the published blocks.
    Blocks,
    /// Both.
    Both,
    /// Neither.
    Unused,
}

impl Role {
    fn of(c: &AccountCalendar) -> Role {
        match (c.read, c.blocks) {
            (true, true) => Role::Both,
            (true, false) => Role::Read,
            (false, true) => Role::Blocks,
            (false, false) => Role::Unused,
        }
    }

    /// The role in the user's words.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Read => "read",
            Role::Blocks => "blocks",
            Role::Both => "both",
            Role::Unused => "unused",
        }
    }
}

pub(super) fn account_view(store: &Store, row: AccountRow) -> Result<Account> {
    let calendars = store
        .account_calendars(row.id)?
        .into_iter()
        .map(|c| CalendarRole {
            role: Role::of(&c),
            name: c.display_name,
            href: c.href,
            synced_at: c.synced_at.map(|t| t.to_rfc3339()),
            error: c.last_error,
        })
        .collect();
    Ok(Account {
        password: if row.kind == "google" {
            "google"
        } else if row.password_command.is_some() {
            "command"
        } else if row.has_secret {
            "journal"
        } else {
            "none"
        },
        name: row.name,
        url: row.url,
        server: row.server,
        user: row.user,
        calendars,
    })
}

/// An account's name as typed: trimmed, not blank, no `:` (it names the account's
/// calendars' sources).
pub(super) fn account_name(typed: &str) -> Result<&str> {
    let name = typed.trim();
    if name.is_empty() {
        return Err(Error::refused(Field::Account, "an account needs a name"));
    }
    if name.contains(':') || name.chars().any(char::is_control) {
        return Err(Error::refused(
            Field::Account,
            format!("an account's name may not hold ':' or control characters: {name:?}"),
        ));
    }
    Ok(name)
}

/// The account called `name`.
pub(super) fn find(store: &Store, name: &str) -> Result<AccountRow> {
    store.account(name.trim())?.ok_or_else(|| {
        Error::refused(
            Field::Account,
            format!(
                "there is no account '{}': `bearing account list` shows them",
                name.trim()
            ),
        )
    })
}

/// A CalDAV error as a refusal of the field it is about.
pub(super) fn refused(e: DavError) -> Error {
    let field = match e {
        DavError::Unauthorized { .. } => Field::PasswordCommand,
        _ => Field::Url,
    };
    Error::refused(field, e)
}

/// Connection options for an account.
pub fn options(ca_file: Option<&str>, timeout: Duration) -> Options {
    Options {
        timeout,
        ca_file: ca_file.map(std::path::PathBuf::from),
        ..Options::default()
    }
}

/// Adds account `input`: finds its principal, calendar home and calendars, and stores
/// it with them (none read yet: [`use_calendar`] gives roles). A password typed at a
/// prompt is kept only in an encrypted journal.
pub fn add(
    journal: &mut Journal,
    now: Now,
    input: &AddAccount<'_>,
    timeout: Duration,
) -> Result<Account> {
    let name = account_name(input.name)?;
    let store = journal.store();
    if store.account(name)?.is_some() {
        return Err(Error::refused(
            Field::Account,
            format!("there is already an account '{name}'"),
        ));
    }
    let given = dav::server_address(input.url).map_err(|e| Error::refused(Field::Url, e))?;
    let user = input.user.trim();
    if user.is_empty() {
        return Err(Error::refused(
            Field::User,
            "give your user name on the server",
        ));
    }
    if input.password.is_some() && !store.is_encrypted() {
        return Err(Error::refused(
            Field::PasswordCommand,
            "a password is kept in the journal only when the journal is encrypted (bearing encrypt); give a --password-command that prints it instead",
        ));
    }
    let password = match (input.password_command, &input.password) {
        (Some(command), _) => run_password_command(command)?,
        (None, Some(typed)) => typed.clone(),
        (None, None) => {
            return Err(Error::refused(
                Field::PasswordCommand,
                "give a command that prints the password (or an app password)",
            ));
        }
    };
    let auth = Auth::Password {
        user: user.to_string(),
        password,
    };
    let (_, found) =
        dav::discover(&given, auth, &options(input.ca_file, timeout)).map_err(refused)?;
    let rows: Vec<FoundCalendarRow<'_>> = found
        .calendars
        .iter()
        .map(|c| FoundCalendarRow {
            href: &c.href,
            display_name: &c.name,
            color: c.color.as_deref(),
            supports_sync: c.supports_sync,
        })
        .collect();
    let given_text = given.to_string();
    let store = journal.store_mut();
    let id = store.insert_account(
        &NewAccount {
            name,
            url: &given_text,
            server: &found.server,
            user,
            principal: &found.principal,
            home: &found.home,
            password_command: input.password_command,
            kind: "caldav",
            client_id: None,
            ca_file: input.ca_file,
        },
        &rows,
        now.at.to_utc(),
    )?;
    if input.password_command.is_none()
        && let Some(typed) = &input.password
    {
        store.set_account_secret(id, Some(typed.as_str()))?;
    }
    account_view(store, find(store, name)?)
}

/// Runs `command` for a password (an account's, or a WebDAV sync place's).
pub(crate) fn run_password_command(command: &str) -> Result<Zeroizing<String>> {
    crate::io::passphrase::from_command(command)
        .map(|p| Zeroizing::new(p.expose().to_string()))
        // The command's errors are worded for the journal's passphrase; here it prints a
        // password.
        .map_err(|e| {
            Error::refused(
                Field::PasswordCommand,
                e.to_string().replace("passphrase", "password"),
            )
        })
}

/// How bearing proves who it is to account `account`'s server.
pub(crate) fn credentials(store: &mut Store, account: &AccountRow) -> Result<Auth> {
    if account.kind == "google" {
        return google::access(store, account);
    }
    let password = match (&account.password_command, store.account_secret(account.id)?) {
        (Some(command), _) => run_password_command(command)?,
        (None, Some(secret)) => secret,
        (None, None) => return Ok(Auth::None),
    };
    Ok(Auth::Password {
        user: account.user.clone(),
        password,
    })
}

/// Every account with its calendars, by name.
pub fn list(journal: &Journal) -> Result<Vec<Account>> {
    let store = journal.store();
    store
        .list_accounts()?
        .into_iter()
        .map(|row| account_view(store, row))
        .collect()
}

/// Account `name` with its calendars.
pub fn get(journal: &Journal, name: &str) -> Result<Account> {
    let store = journal.store();
    account_view(store, find(store, name)?)
}

/// Reads account `name`'s list of calendars from its server again (one made in another
/// app since it was added), keeping the roles of those already known.
pub fn relist(journal: &mut Journal, name: &str, timeout: Duration) -> Result<Account> {
    let store = journal.store_mut();
    let account = find(store, name)?;
    let transport =
        sync::connect(store, &account, timeout).map_err(|e| Error::refused(Field::Url, e))?;
    let found = dav::calendars_in(&transport, &account.home).map_err(refused)?;
    let rows: Vec<FoundCalendarRow<'_>> = found
        .iter()
        .map(|c| FoundCalendarRow {
            href: &c.href,
            display_name: &c.name,
            color: c.color.as_deref(),
            supports_sync: c.supports_sync,
        })
        .collect();
    store.update_account_calendars(account.id, &rows)?;
    account_view(store, find(store, name)?)
}

/// Makes a calendar called `display_name` on account `name`'s server (where it allows
/// it) and adds it to the account's calendars, without a role yet.
pub fn create_calendar(
    journal: &mut Journal,
    name: &str,
    display_name: &str,
    timeout: Duration,
) -> Result<Account> {
    let display_name = display_name.trim();
    if display_name.is_empty() {
        return Err(Error::refused(Field::Calendar, "a calendar needs a name"));
    }
    let store = journal.store_mut();
    let account = find(store, name)?;
    let transport =
        sync::connect(store, &account, timeout).map_err(|e| Error::refused(Field::Url, e))?;
    let href = dav::make_calendar(&transport, &account.home, display_name).map_err(refused)?;
    let found = dav::calendars_in(&transport, &account.home).map_err(refused)?;
    let rows: Vec<FoundCalendarRow<'_>> = found
        .iter()
        .map(|c| FoundCalendarRow {
            href: &c.href,
            display_name: &c.name,
            color: c.color.as_deref(),
            supports_sync: c.supports_sync,
        })
        .collect();
    store.update_account_calendars(account.id, &rows)?;
    if !found
        .iter()
        .any(|c| c.href.trim_end_matches('/') == href.trim_end_matches('/'))
    {
        return Err(Error::refused(
            Field::Calendar,
            "the server said it made the calendar, then did not list it",
        ));
    }
    account_view(store, find(store, name)?)
}

/// Gives calendar `calendar` (its name or path) of account `name` the role `role`. A
/// calendar no longer read loses its events (the objects bearing held of it too); the
/// blocks role moves from any other calendar to this one, and the blocks published there
/// follow it on the next refresh ([`publish::moving`] says how many).
pub fn use_calendar(
    journal: &mut Journal,
    name: &str,
    calendar: &str,
    role: Role,
) -> Result<Account> {
    let store = journal.store_mut();
    let account = find(store, name)?;
    let calendars = store.account_calendars(account.id)?;
    let wanted = calendar.trim();
    let matching: Vec<&AccountCalendar> = calendars
        .iter()
        .filter(|c| c.href == wanted || c.display_name == wanted)
        .collect();
    let found = match matching.as_slice() {
        [one] => *one,
        [] => {
            let names: Vec<&str> = calendars.iter().map(|c| c.display_name.as_str()).collect();
            return Err(Error::refused(
                Field::Calendar,
                format!(
                    "account '{}' has no calendar '{wanted}'; it has: {}",
                    account.name,
                    names.join(", ")
                ),
            ));
        }
        _ => {
            return Err(Error::refused(
                Field::Calendar,
                format!("more than one calendar is called '{wanted}': give its path instead"),
            ));
        }
    };
    let (read, blocks) = match role {
        Role::Read => (true, false),
        Role::Blocks => (false, true),
        Role::Both => (true, true),
        Role::Unused => (false, false),
    };
    if !read && let Some(imported) = found.calendar_id {
        store.forget_account_calendar(found.id, imported)?;
    }
    store.set_account_calendar_roles(found.id, read, blocks)?;
    account_view(store, find(store, name)?)
}

/// Whether `name` names an account, or a calendar of one (so `bearing refresh NAME`
/// is about accounts only); `None` names nothing.
pub fn names(journal: &Journal, name: Option<&str>) -> Result<bool> {
    let Some(name) = name else {
        return Ok(false);
    };
    let store = journal.store();
    for account in store.list_accounts()? {
        if account.name == name
            || store
                .account_calendars(account.id)?
                .iter()
                .any(|c| c.read && c.display_name == name)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Removes account `name` with its calendars' events (and nothing else); returns how
/// many events went.
pub fn remove(journal: &mut Journal, name: &str) -> Result<i64> {
    let store = journal.store_mut();
    let account = find(store, name)?;
    let events = store.remove_account(account.id)?;
    google::forget_token(store, &account.name);
    Ok(events)
}

#[cfg(test)]
#[path = "accounts_tests.rs"]
mod tests;
