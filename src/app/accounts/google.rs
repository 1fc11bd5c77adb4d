//! Google accounts: OAuth 2.0 with the user's own client (Google's terms forbid shipping
//! a secret), a loopback redirect and PKCE, then CalDAV at Google's endpoint with the
//! access token. The refresh token (Google may rotate it) is kept in the journal when it
//! is encrypted, else in a private file beside it (`<journal>.google-<account>.token`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use super::{Account, AccountRow, account_name, account_view, find, refused, run_password_command};
use crate::app::{Error, Field, Journal, Now, Result};
use crate::io::dav::{self, Auth};
use crate::io::oauth::{self, Client, SignIn};
use crate::store::{FoundCalendarRow, NewAccount, Store};

/// How long bearing waits for the browser's answer.
const SIGN_IN_WAIT: Duration = Duration::from_secs(300);

/// A Google account to add.
#[derive(Debug, Clone)]
pub struct AddGoogle<'a> {
    /// Its name in bearing.
    pub name: &'a str,
    /// The user's OAuth client id.
    pub client_id: &'a str,
    /// The command that prints the client's secret.
    pub client_secret_command: &'a str,
    /// The CalDAV address (Google's unless given).
    pub url: Option<&'a str>,
}

/// The OAuth client of account `account` (its secret from its command). The endpoints
/// are Google's, unless `BEARING_GOOGLE_AUTH_URL` / `BEARING_GOOGLE_TOKEN_URL` name
/// others (the tests' stand-ins).
fn client(client_id: &str, secret_command: &str) -> Result<Client> {
    let secret = run_password_command(secret_command)?;
    let mut client = Client::google(client_id.to_string(), secret);
    if let Ok(url) = std::env::var("BEARING_GOOGLE_AUTH_URL") {
        client.auth_url = url;
    }
    if let Ok(url) = std::env::var("BEARING_GOOGLE_TOKEN_URL") {
        client.token_url = url;
    }
    Ok(client)
}

fn oauth_refused(e: oauth::OAuthError) -> Error {
    Error::refused(Field::PasswordCommand, e)
}

/// Adds Google account `input`: `browser` is given the address to open, bearing waits for
/// its answer, takes the tokens, finds the calendars with them, and keeps the refresh
/// token (in the encrypted journal, else a private file beside it).
pub fn add(
    journal: &mut Journal,
    now: Now,
    input: &AddGoogle<'_>,
    timeout: Duration,
    browser: &mut dyn FnMut(&str),
) -> Result<Account> {
    let name = account_name(input.name)?;
    if journal.store().account(name)?.is_some() {
        return Err(Error::refused(
            Field::Account,
            format!("there is already an account '{name}'"),
        ));
    }
    let given = dav::server_address(input.url.unwrap_or(oauth::GOOGLE_CALDAV_URL))
        .map_err(|e| Error::refused(Field::Url, e))?;
    let client = client(input.client_id, input.client_secret_command)?;
    let sign_in = SignIn::start().map_err(oauth_refused)?;
    browser(&sign_in.authorize_url(&client));
    let code = sign_in
        .wait_for_code(Instant::now() + SIGN_IN_WAIT)
        .map_err(oauth_refused)?;
    let tokens = sign_in
        .exchange_code(&client, &code)
        .map_err(oauth_refused)?;
    let refresh_token = tokens.refresh_token.clone().ok_or_else(|| {
        Error::refused(
            Field::PasswordCommand,
            "Google gave no refresh token; remove bearing's access in your Google account and add it again",
        )
    })?;
    let (_, found) = dav::discover(
        &given,
        Auth::Bearer(tokens.access_token.clone()),
        &super::options(None, timeout),
    )
    .map_err(refused)?;
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
            user: "",
            principal: &found.principal,
            home: &found.home,
            password_command: Some(input.client_secret_command),
            kind: "google",
            client_id: Some(input.client_id),
            ca_file: None,
        },
        &rows,
        now.at.to_utc(),
    )?;
    let account = find(store, name)?;
    if let Err(e) = keep_refresh_token(store, &account, &refresh_token) {
        store.remove_account(id)?;
        return Err(e);
    }
    account_view(store, account)
}

/// Where a plain journal keeps account `account`'s refresh token.
fn token_file(store: &Store, account: &str) -> Option<PathBuf> {
    let journal = store.path()?;
    let mut name = journal.file_name()?.to_os_string();
    name.push(format!(".google-{account}.token"));
    Some(journal.with_file_name(name))
}

/// Keeps `token` as account `account`'s refresh token: in the journal when it is
/// encrypted, else in a private file beside it (replaced whole, never half written).
fn keep_refresh_token(store: &mut Store, account: &AccountRow, token: &str) -> Result<()> {
    if store.is_encrypted() {
        store.set_account_secret(account.id, Some(token))?;
        return Ok(());
    }
    let path = token_file(store, &account.name).ok_or_else(|| {
        Error::refused(
            Field::Account,
            "a journal kept in memory has nowhere to keep a Google token",
        )
    })?;
    let write = || -> std::io::Result<()> {
        let temp = path.with_extension("token.new");
        let _ = std::fs::remove_file(&temp);
        crate::store::write_private(&temp, token.as_bytes())?;
        std::fs::rename(&temp, &path)
    };
    write()
        .map_err(|e| Error::refused(Field::Account, format!("cannot keep the Google token: {e}")))
}

/// An access token for Google account `account`, from its refresh token (a new refresh
/// token Google gives is kept at once).
pub(crate) fn access(store: &mut Store, account: &AccountRow) -> Result<Auth> {
    let command = account.password_command.as_deref().unwrap_or_default();
    let client = client(account.client_id.as_deref().unwrap_or_default(), command)?;
    let refresh_token = match store.account_secret(account.id)? {
        Some(secret) => secret,
        None => {
            let path = token_file(store, &account.name);
            let text = path
                .and_then(|p| std::fs::read_to_string(p).ok())
                .ok_or_else(|| {
                    Error::refused(
                        Field::Account,
                        format!(
                            "the Google token of account '{}' is missing: add the account again",
                            account.name
                        ),
                    )
                })?;
            Zeroizing::new(text.trim().to_string())
        }
    };
    let tokens = oauth::refresh(&client, &refresh_token).map_err(oauth_refused)?;
    if let Some(new) = &tokens.refresh_token
        && new.as_str() != refresh_token.as_str()
    {
        keep_refresh_token(store, account, new)?;
    }
    Ok(Auth::Bearer(tokens.access_token))
}

/// Forgets account `account`'s token file, if it has one.
pub(crate) fn forget_token(store: &Store, account: &str) {
    if let Some(path) = token_file(store, account) {
        let _ = std::fs::remove_file(path);
    }
}
