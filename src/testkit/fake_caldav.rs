//! A small CalDAV server in the test process ([`FakeCalDav`]) that can answer the way the
//! public servers do where they differ from the RFCs ([`Quirks`]): Google, iCloud and
//! Baïkal, none of which a test can start. It keeps one user's calendars with their
//! objects, ETags and sync tokens, answers what bearing's client sends (discovery
//! PROPFINDs, `sync-collection`, `calendar-multiget`, conditional PUT and DELETE, GET,
//! MKCALENDAR), and logs every request so a test can say how many it took.
//!
//! What each quirk imitates, and where that is written down:
//! - Google ([`Quirks::google`]): no MKCALENDAR and `If-Match` honoured only on PUT (its
//!   CalDAV guide: "Does not support the HTTP method MKCALENDAR"; the issue adds DELETE
//!   ignoring it); a `sync-collection` without a token refused with 400, the token served
//!   only by a Depth 0 PROPFIND, and a PUT stored under a name of Google's own that the
//!   answer's `Location` gives (pimalaya/io-webdav's live Google suite; the guide: "client
//!   applications must switch to this mode of operation after the initial sync"; Google's
//!   CardDAV does the same renaming, vdirsyncer#1223); `.well-known/caldav` not redirecting,
//!   discovery from `/caldav/v2/`; an OAuth bearer token.
//! - iCloud ([`Quirks::icloud`]): the principal on the address the user gives, the
//!   calendar home an absolute URL on a per-account host (`https://p37-caldav.icloud.com:443
//!   /…/calendars/`, go-webdav#61) that the first host does not serve; here that host is a
//!   second port of the same server. MKCALENDAR refused with 403 (io-webdav's iCloud suite).
//! - Baïkal ([`Quirks::baikal`]): Digest only, MD5 with `qop="auth"`, challenged the way
//!   sabre/http writes it (no `algorithm`, no spaces); `/.well-known/caldav` leads to
//!   `/dav.php/`.

mod answer;
pub(crate) mod auth;
mod xml;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::HttpServer;

/// The user name of the fake's one account.
pub const FAKE_USER: &str = "alice";
/// Its password (Basic and Digest).
pub const FAKE_PASSWORD: &str = "fake-caldav-secret-7";
/// The OAuth access token it takes when it imitates Google.
pub const FAKE_BEARER_TOKEN: &str = "ya29.fake-google-access-token";

/// How the server wants to be told who is asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FakeAuth {
    /// No credentials needed.
    None,
    /// Basic with [`FAKE_USER`] and [`FAKE_PASSWORD`].
    Basic,
    /// Digest (MD5, `qop="auth"`, realm `BaikalDAV`) with the same.
    Digest,
    /// `Bearer` [`FAKE_BEARER_TOKEN`].
    Bearer,
}

/// Where the server keeps things.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The address the user gives (`/`, Google's `/caldav/v2/`).
    pub root: String,
    /// Where `/.well-known/caldav` redirects to; `None`: it is not there (404).
    pub well_known: Option<String>,
    /// The user's principal.
    pub principal: String,
    /// The calendar home.
    pub home: String,
    /// A calendar's path is this, its slug, then [`Layout::calendar_suffix`].
    pub calendar_prefix: String,
    /// What follows a calendar's slug (`/`, Google's `/events/`).
    pub calendar_suffix: String,
}

/// How the fake departs from the RFCs. [`Quirks::standard`] departs from nothing.
#[derive(Debug, Clone)]
pub struct Quirks {
    /// Whose ways these are, for messages.
    pub name: &'static str,
    /// The credentials it takes.
    pub auth: FakeAuth,
    /// The status MKCALENDAR is refused with; `None`: it makes the calendar.
    pub mkcalendar_refused: Option<u16>,
    /// DELETE deletes whatever the `If-Match` says.
    pub delete_ignores_if_match: bool,
    /// A `sync-collection` without a sync token is refused with 400.
    pub sync_needs_token: bool,
    /// The `sync-token` property is served only by a Depth 0 PROPFIND.
    pub sync_token_at_depth_zero_only: bool,
    /// A `sync-collection` that asks for `calendar-data` gets the ETags only (RFC 6578
    /// lets a server leave a property out); multiget brings the text.
    pub sync_leaves_text_out: bool,
    /// A PUT that makes a new object stores it under a name of the server's own, given
    /// in the answer's `Location`.
    pub own_names: bool,
    /// The calendar home is on a second port (iCloud's per-account host), which the
    /// first port does not serve.
    pub per_account_host: bool,
    /// Where things are.
    pub layout: Layout,
}

impl Quirks {
    /// A server that follows the RFCs: Basic auth, `/principals/alice/`,
    /// `/calendars/alice/SLUG/`, the well-known address redirecting to `/`.
    pub fn standard() -> Quirks {
        Quirks {
            name: "standard",
            auth: FakeAuth::Basic,
            mkcalendar_refused: None,
            delete_ignores_if_match: false,
            sync_needs_token: false,
            sync_token_at_depth_zero_only: false,
            sync_leaves_text_out: false,
            own_names: false,
            per_account_host: false,
            layout: Layout {
                root: "/".to_string(),
                well_known: Some("/".to_string()),
                principal: "/principals/alice/".to_string(),
                home: "/calendars/alice/".to_string(),
                calendar_prefix: "/calendars/alice/".to_string(),
                calendar_suffix: "/".to_string(),
            },
        }
    }

    /// Google's CalDAV (see the module's words for the sources).
    pub fn google() -> Quirks {
        Quirks {
            name: "google",
            auth: FakeAuth::Bearer,
            // Its guide says only that MKCALENDAR is not supported; 405 is the HTTP word
            // for that, the status itself is not documented.
            mkcalendar_refused: Some(405),
            delete_ignores_if_match: true,
            sync_needs_token: true,
            sync_token_at_depth_zero_only: true,
            // Not documented either way: the fake takes the path that works for both.
            sync_leaves_text_out: true,
            own_names: true,
            per_account_host: false,
            layout: Layout {
                root: "/caldav/v2/".to_string(),
                well_known: None,
                principal: "/caldav/v2/alice@gmail.test/user".to_string(),
                home: "/caldav/v2/alice@gmail.test/".to_string(),
                calendar_prefix: "/caldav/v2/".to_string(),
                calendar_suffix: "/events/".to_string(),
            },
        }
    }

    /// iCloud's CalDAV.
    pub fn icloud() -> Quirks {
        Quirks {
            name: "icloud",
            auth: FakeAuth::Basic,
            mkcalendar_refused: Some(403),
            per_account_host: true,
            layout: Layout {
                root: "/".to_string(),
                well_known: Some("/".to_string()),
                principal: "/123456789/principal/".to_string(),
                home: "/123456789/calendars/".to_string(),
                calendar_prefix: "/123456789/calendars/".to_string(),
                calendar_suffix: "/".to_string(),
            },
            ..Quirks::standard()
        }
    }

    /// Baïkal as installed (sabre/dav, Digest auth).
    pub fn baikal() -> Quirks {
        Quirks {
            name: "baikal",
            auth: FakeAuth::Digest,
            layout: Layout {
                root: "/dav.php/".to_string(),
                well_known: Some("/dav.php/".to_string()),
                principal: "/dav.php/principals/alice/".to_string(),
                home: "/dav.php/calendars/alice/".to_string(),
                calendar_prefix: "/dav.php/calendars/alice/".to_string(),
                calendar_suffix: "/".to_string(),
            },
            ..Quirks::standard()
        }
    }

    /// The same quirks with other credentials (Google's with a password: bearing's
    /// command line has no Google sign-in yet).
    #[must_use]
    pub fn with_auth(self, auth: FakeAuth) -> Quirks {
        Quirks { auth, ..self }
    }
}

/// One request the server received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// The port it came to.
    pub port: u16,
    /// The method, and for a REPORT its kind: `PROPFIND`, `REPORT sync-collection`.
    pub what: String,
    /// The path, as sent.
    pub path: String,
    /// The `Depth` header.
    pub depth: Option<String>,
    /// The `Authorization` header, as sent.
    pub authorization: Option<String>,
    /// The status it was answered with.
    pub status: u16,
}

/// One calendar object.
#[derive(Debug, Clone)]
struct Object {
    etag: String,
    data: String,
    /// The change (sync counter) that last wrote it.
    changed_at: u64,
}

/// One calendar.
#[derive(Debug, Clone, Default)]
struct Calendar {
    name: String,
    objects: BTreeMap<String, Object>,
    /// Objects deleted, with the change that deleted them.
    gone: BTreeMap<String, u64>,
    /// The last change in it.
    changed_at: u64,
}

/// What the server holds and has seen.
#[derive(Debug, Default)]
struct State {
    /// By path.
    calendars: BTreeMap<String, Calendar>,
    /// The change counter sync tokens are made of.
    changes: u64,
    /// Bumped to make every token given so far unknown.
    epoch: u64,
    /// The ETag counter.
    etags: u64,
    /// The counter Google's own names are made of.
    names: u64,
    /// The Digest nonces given, with the last nonce count each was used with.
    nonces: BTreeMap<String, u32>,
    /// How many nonces were given.
    nonces_given: u64,
    seen: Vec<Seen>,
}

impl State {
    fn next_change(&mut self) -> u64 {
        self.changes += 1;
        self.changes
    }

    fn next_etag(&mut self) -> String {
        self.etags += 1;
        format!("\"e{}\"", self.etags)
    }

    fn token(&self) -> String {
        format!(
            "http://fake-caldav.test/sync/{}-{}",
            self.epoch, self.changes
        )
    }

    /// The calendar holding `href`, with the object's name in it.
    fn calendar_of(&self, href: &str) -> Option<&str> {
        self.calendars
            .keys()
            .find(|c| href.starts_with(c.as_str()) && href.len() > c.len())
            .map(String::as_str)
    }

    fn write(&mut self, calendar: &str, href: &str, data: &str) -> Option<String> {
        let change = self.next_change();
        let etag = self.next_etag();
        let c = self.calendars.get_mut(calendar)?;
        c.gone.remove(href);
        c.objects.insert(
            href.to_string(),
            Object {
                etag: etag.clone(),
                data: data.to_string(),
                changed_at: change,
            },
        );
        c.changed_at = change;
        Some(etag)
    }

    fn remove(&mut self, href: &str) -> bool {
        let Some(calendar) = self.calendar_of(href).map(str::to_string) else {
            return false;
        };
        let change = self.next_change();
        let Some(c) = self.calendars.get_mut(&calendar) else {
            return false;
        };
        if c.objects.remove(href).is_none() {
            return false;
        }
        c.gone.insert(href.to_string(), change);
        c.changed_at = change;
        true
    }
}

/// What the answering threads share.
struct Shared {
    quirks: Quirks,
    state: Mutex<State>,
    /// The port the user's address is on, and the per-account host's (iCloud).
    ports: OnceLock<(u16, Option<u16>)>,
}

/// Which of the fake's hosts a request came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Host {
    /// The address the user gives.
    Front,
    /// The per-account host discovery leads to (iCloud).
    Account,
}

/// A stateful CalDAV server on 127.0.0.1 (one or two free ports), stopped when dropped.
pub struct FakeCalDav {
    shared: Arc<Shared>,
    front: HttpServer,
    account: Option<HttpServer>,
}

impl FakeCalDav {
    /// A server with `quirks`, no calendar yet.
    pub fn start(quirks: Quirks) -> FakeCalDav {
        let shared = Arc::new(Shared {
            quirks,
            state: Mutex::default(),
            ports: OnceLock::new(),
        });
        let serve = |host: Host| {
            let shared = Arc::clone(&shared);
            HttpServer::answering(move |r| answer::answer(&shared, host, r))
        };
        let account = shared.quirks.per_account_host.then(|| serve(Host::Account));
        let front = serve(Host::Front);
        let _ = shared
            .ports
            .set((front.port(), account.as_ref().map(HttpServer::port)));
        FakeCalDav {
            shared,
            front,
            account,
        }
    }

    /// The address a user gives bearing: `http://127.0.0.1:PORT` and the layout's root.
    pub fn url(&self) -> String {
        self.front.url(&self.shared.quirks.layout.root)
    }

    /// The origin the calendars are served from (the per-account host where there is
    /// one), `http://127.0.0.1:PORT`.
    pub fn calendar_origin(&self) -> String {
        self.account.as_ref().unwrap_or(&self.front).url("")
    }

    /// The ports it listens on: the user's address first.
    pub fn ports(&self) -> Vec<u16> {
        std::iter::once(self.front.port())
            .chain(self.account.as_ref().map(HttpServer::port))
            .collect()
    }

    /// The port of the per-account host (iCloud), if there is one.
    pub fn account_port(&self) -> Option<u16> {
        self.account.as_ref().map(HttpServer::port)
    }

    /// Its quirks.
    pub fn quirks(&self) -> &Quirks {
        &self.shared.quirks
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.shared.state.lock().unwrap()
    }

    /// Makes calendar `slug` named `name` (as the user would in the web interface) and
    /// returns its path.
    pub fn add_calendar(&self, slug: &str, name: &str) -> String {
        let layout = &self.shared.quirks.layout;
        let href = format!("{}{slug}{}", layout.calendar_prefix, layout.calendar_suffix);
        let mut state = self.state();
        let change = state.next_change();
        state.calendars.insert(
            href.clone(),
            Calendar {
                name: name.to_string(),
                changed_at: change,
                ..Calendar::default()
            },
        );
        href
    }

    /// Writes object `name` (`one-on-one.ics`) of calendar `calendar` (a path from
    /// [`FakeCalDav::add_calendar`]) as another client would; returns its path.
    pub fn put(&self, calendar: &str, name: &str, ics: &str) -> String {
        let href = format!("{calendar}{name}");
        self.state()
            .write(calendar, &href, ics)
            .unwrap_or_else(|| panic!("no calendar {calendar}"));
        href
    }

    /// Deletes object `href` as another client would.
    pub fn delete(&self, href: &str) {
        assert!(self.state().remove(href), "no object {href}");
    }

    /// Object `href`'s ETag and text, if it is there.
    pub fn object(&self, href: &str) -> Option<(String, String)> {
        let state = self.state();
        let calendar = state.calendar_of(href)?;
        state.calendars[calendar]
            .objects
            .get(href)
            .map(|o| (o.etag.clone(), o.data.clone()))
    }

    /// The paths of calendar `calendar`'s objects, in order.
    pub fn hrefs(&self, calendar: &str) -> Vec<String> {
        self.state()
            .calendars
            .get(calendar)
            .map(|c| c.objects.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// The calendars' paths, in order.
    pub fn calendars(&self) -> Vec<String> {
        self.state().calendars.keys().cloned().collect()
    }

    /// Makes every sync token given so far unknown to the server (as a server that
    /// forgot its history does): the next `sync-collection` with one is refused with
    /// 403 `valid-sync-token`.
    pub fn forget_sync_tokens(&self) {
        self.state().epoch += 1;
    }

    /// Every request received since the start or [`FakeCalDav::clear_seen`], in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.state().seen.clone()
    }

    /// What each request it answered (not with a 401 challenge) was, in order:
    /// `PROPFIND`, `REPORT sync-collection`, `REPORT calendar-multiget`, `PUT`.
    pub fn answered(&self) -> Vec<String> {
        self.state()
            .seen
            .iter()
            .filter(|s| s.status != 401)
            .map(|s| s.what.clone())
            .collect()
    }

    /// How many requests whose [`Seen::what`] starts with `what` (`PROPFIND`, `REPORT`,
    /// `REPORT sync-collection`) it answered (not with a 401 challenge).
    pub fn count(&self, what: &str) -> usize {
        self.answered()
            .iter()
            .filter(|w| w.starts_with(what))
            .count()
    }

    /// How many requests were answered with a 401.
    pub fn challenges(&self) -> usize {
        self.state().seen.iter().filter(|s| s.status == 401).count()
    }

    /// Forgets the requests seen so far.
    pub fn clear_seen(&self) {
        self.state().seen.clear();
    }
}

#[cfg(test)]
#[path = "fake_caldav_tests.rs"]
mod tests;
