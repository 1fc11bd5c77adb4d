//! CalDAV, the client side: finding the user's calendars on a server, reading what
//! changed in one of them, and writing the objects bearing owns. libdav builds each
//! request and reads each answer; [`Transport`] sends them over ureq (libdav's own
//! client is async and would need a runtime; this one is a plain loop).

pub mod digest;
mod sync_report;
pub mod transport;

use std::collections::HashMap;

use http::Uri;
use libdav::PropertyName;
use libdav::caldav::{FindCalendarHomeSet, FindCalendars, GetCalendarResources};
use libdav::dav::{Delete, FindPropertyHrefs, GetProperty, ListResources, PutResource};
pub use transport::{Answer, Auth, DavError, Options, Transport, host_of, may_follow};

/// The calendar server's change tag (a value that changes whenever the calendar does):
/// what servers without sync tokens offer.
const GETCTAG: PropertyName<'static, 'static> =
    PropertyName::new(libdav::names::CALENDAR_SERVER, "getctag");

/// How many objects one `calendar-multiget` asks for.
const MULTIGET_BATCH: usize = 200;

/// A calendar found on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundCalendar {
    /// Its path on the server.
    pub href: String,
    /// Its name as the server gives it, else its path's last part.
    pub name: String,
    /// Its colour, when the server keeps one.
    pub color: Option<String>,
    /// Whether it answers `sync-collection`.
    pub supports_sync: bool,
}

/// Where an account's calendars are, as discovery found them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovery {
    /// The server that answers (after redirects: iCloud's per-account host).
    pub server: String,
    /// The user's principal.
    pub principal: String,
    /// The calendar home.
    pub home: String,
    /// The calendars in it.
    pub calendars: Vec<FoundCalendar>,
}

/// `typed` as a server address: `https://` added to a bare host; a path kept.
pub fn server_address(typed: &str) -> Result<Uri, String> {
    let t = typed.trim();
    if t.is_empty() {
        return Err("give the server's address, or just its host".to_string());
    }
    let with_scheme = if t.contains("://") {
        t.to_string()
    } else {
        format!("https://{t}")
    };
    let uri: Uri = with_scheme
        .parse()
        .map_err(|_| format!("{t} is not a server address"))?;
    match uri.scheme_str() {
        Some("http" | "https") if uri.host().is_some() => Ok(uri),
        _ => Err(format!("{t} is not an http(s) server address")),
    }
}

/// The scheme and authority of `uri`, as a base for paths.
fn origin(uri: &Uri) -> Result<Uri, DavError> {
    let mut parts = http::uri::Parts::default();
    parts.scheme = uri.scheme().cloned();
    parts.authority = uri.authority().cloned();
    parts.path_and_query = Some(http::uri::PathAndQuery::from_static("/"));
    Uri::from_parts(parts).map_err(|e| DavError::BadAnswer {
        host: host_of(uri),
        reason: e.to_string(),
    })
}

/// A transport to the server `server` (an origin) for `given` (what the user typed,
/// for the redirect rule).
pub fn connect(
    given: &Uri,
    server: &Uri,
    auth: Auth,
    options: &Options,
) -> Result<Transport, DavError> {
    Transport::new(given.clone(), auth, options).map(|t| t.with_server(server.clone()))
}

/// Finds the user's principal, calendar home and calendars from the address they gave:
/// its own path, then `/.well-known/caldav`, then the server's root. Returns a transport
/// that talks to the server discovery ended on.
pub fn discover(
    given: &Uri,
    auth: Auth,
    options: &Options,
) -> Result<(Transport, Discovery), DavError> {
    let transport = Transport::new(given.clone(), auth, options)?;
    let mut tried = Vec::new();
    let path = given.path();
    if path != "/" && !path.is_empty() {
        tried.push(given.clone());
    }
    tried.push(join(given, "/.well-known/caldav")?);
    tried.push(join(given, "/")?);
    let mut last_error = None;
    for start in tried {
        match principal_at(&transport, &start) {
            Ok(Some((server, principal))) => {
                let mut server = origin(&server)?;
                let transport = transport.with_server(server.clone());
                let (home, elsewhere) = home_of(&transport, &principal)?;
                // iCloud names a home on a per-account host: bearing goes on there, when
                // that host is one credentials may go to.
                let transport = match elsewhere {
                    Some(host) if may_follow(given, &host) => {
                        server = origin(&host)?;
                        transport.with_server(server.clone())
                    }
                    Some(host) => {
                        return Err(DavError::ForeignRedirect {
                            from: host_of(given),
                            to: host_of(&host),
                        });
                    }
                    None => transport,
                };
                let calendars = calendars_in(&transport, &home)?;
                let discovery = Discovery {
                    server: server.to_string().trim_end_matches('/').to_string(),
                    principal,
                    home,
                    calendars,
                };
                return Ok((transport, discovery));
            }
            Ok(None) => {}
            Err(e @ (DavError::Unauthorized { .. } | DavError::ForeignRedirect { .. })) => {
                return Err(e);
            }
            Err(e) => last_error = Some(e),
        }
    }
    Err(last_error.unwrap_or_else(|| DavError::BadAnswer {
        host: host_of(given),
        reason: "it does not say where your calendars are (no current-user-principal): give the address of your calendar home".to_string(),
    }))
}

fn join(base: &Uri, path: &str) -> Result<Uri, DavError> {
    let origin = origin(base)?;
    format!("{}{}", origin.to_string().trim_end_matches('/'), path)
        .parse()
        .map_err(|e: http::uri::InvalidUri| DavError::BadAnswer {
            host: host_of(base),
            reason: e.to_string(),
        })
}

/// The principal named at `start` (following redirects), with where the answer came
/// from; `None` when that address has none.
fn principal_at(transport: &Transport, start: &Uri) -> Result<Option<(Uri, String)>, DavError> {
    let request = FindPropertyHrefs::new(start.path(), &libdav::names::CURRENT_USER_PRINCIPAL);
    let prepared = libdav::requests::DavRequest::prepare_request(&request, origin(start)?)
        .map_err(|e| bad(start, &e))?;
    let answer = transport.send(prepared)?;
    if !answer.parts.status.is_success() {
        return Ok(None);
    }
    let found = libdav::requests::DavRequest::parse_response(&request, &answer.parts, &answer.body)
        .map_err(|e| bad(start, &e))?;
    Ok(found
        .hrefs
        .into_iter()
        .next()
        .map(|href| (answer.url.clone(), href.path().to_string())))
}

fn bad(at: &Uri, why: &dyn std::fmt::Display) -> DavError {
    DavError::BadAnswer {
        host: host_of(at),
        reason: why.to_string(),
    }
}

/// The calendar home of `principal`.
/// The calendar home of `principal`: its path, and the host it is on when that is
/// another one than the transport's.
fn home_of(transport: &Transport, principal: &str) -> Result<(String, Option<Uri>), DavError> {
    let found = transport.run(&FindCalendarHomeSet::new(principal))?;
    let home = found
        .home_sets
        .into_iter()
        .next()
        .ok_or_else(|| bad(transport.server(), &"the principal names no calendar home"))?;
    let elsewhere = home
        .authority()
        .is_some_and(|a| Some(a) != transport.server().authority());
    Ok((home.path().to_string(), elsewhere.then_some(home)))
}

/// The calendars in the home `home`.
pub fn calendars_in(transport: &Transport, home: &str) -> Result<Vec<FoundCalendar>, DavError> {
    let found = transport.run(&FindCalendars::new(home))?;
    Ok(found
        .calendars
        .into_iter()
        .map(|c| {
            let prop = |name: &str| {
                c.properties
                    .iter()
                    .find(|(p, _)| p.name() == name)
                    .and_then(|(_, v)| v.clone())
                    .filter(|v| !v.trim().is_empty())
            };
            let last = c
                .href
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("calendar")
                .to_string();
            FoundCalendar {
                name: prop("displayname").unwrap_or(last),
                color: prop("calendar-color"),
                supports_sync: c.supports_sync,
                href: c.href,
            }
        })
        .collect())
}

/// One object as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    /// Its path.
    pub href: String,
    /// Its version.
    pub etag: String,
    /// Its iCalendar text, as sent.
    pub data: String,
}

/// What changed in a calendar since bearing last read it.
#[derive(Debug, Default)]
pub struct Changes {
    /// Objects new or changed, with their text.
    pub changed: Vec<Object>,
    /// Paths of objects gone.
    pub deleted: Vec<String>,
    /// The sync token to give next time.
    pub token: Option<String>,
    /// The change tag seen (servers without sync tokens).
    pub ctag: Option<String>,
    /// Whether the calendar's whole list was read (a first sync, or a stale token):
    /// anything known and not in it is gone.
    pub full: bool,
    /// How many objects the server listed (a full read), for "a copy suddenly empty".
    pub listed: usize,
}

/// Where bearing left a calendar: its token or tag, and the objects it holds.
#[derive(Debug, Default)]
pub struct Known<'a> {
    /// The sync token from the last sync.
    pub token: Option<&'a str>,
    /// The change tag from the last sync.
    pub ctag: Option<&'a str>,
    /// Whether the server answers sync-collection.
    pub supports_sync: bool,
    /// The objects bearing holds of the calendar, with their ETags (`None`: none).
    pub held: Option<&'a dyn HeldTags>,
}

/// The objects bearing holds of a calendar, by path, with their ETags: read only as far
/// as a sync needs them. A sync by token needs only those of the objects the server
/// names; reading all of a 10,000-object calendar's (about 8 MB of the journal, the
/// objects' texts beside them) was most of a sync that found nothing new.
pub trait HeldTags: std::fmt::Debug {
    /// Whether any object is held.
    fn any(&self) -> Result<bool, String>;
    /// Every object held, with its ETag.
    fn all(&self) -> Result<HashMap<String, String>, String>;
    /// Those of `hrefs` held, with their ETags.
    fn among(&self, hrefs: &[&str]) -> Result<HashMap<String, String>, String>;
}

impl Known<'_> {
    /// [`HeldTags::any`], nothing being held without [`Known::held`].
    fn holds_any(&self) -> Result<bool, DavError> {
        self.held
            .map_or(Ok(false), |h| h.any().map_err(DavError::Journal))
    }

    /// [`HeldTags::all`], or [`HeldTags::among`] the paths `named` when given.
    fn etags(&self, named: Option<&[&str]>) -> Result<HashMap<String, String>, DavError> {
        let Some(held) = self.held else {
            return Ok(HashMap::new());
        };
        match named {
            None => held.all(),
            Some([]) => Ok(HashMap::new()),
            Some(hrefs) => held.among(hrefs),
        }
        .map_err(DavError::Journal)
    }
}

/// Reads what changed in calendar `href` since `known`: sync-collection with the token
/// (a stale token, 403/409 `valid-sync-token`, or a server that refuses a first sync,
/// starts again without it); else the change tag, then an ETag listing. Changed objects
/// are fetched in batches with `calendar-multiget`. `progress` hears (fetched, total).
pub fn changes(
    transport: &Transport,
    href: &str,
    known: &Known<'_>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Changes, DavError> {
    let first = known.supports_sync && known.token.is_none() && !known.holds_any()?;
    let by_query = if first {
        first_by_query(transport, href)
    } else {
        None
    };
    let mut out = if let Some(out) = by_query {
        out
    } else if known.supports_sync {
        match sync_report::changes_with_data(transport, href, known.token) {
            Ok(out) => out,
            Err(DavError::BadAnswer { .. }) if known.token.is_some() => {
                sync_report::changes_with_data(transport, href, None)
                    .or_else(|_| by_etags(transport, href, known))?
            }
            // Google refuses a first sync-collection without a token and gives the token
            // only to a PROPFIND: the list by ETags, and the token for next time.
            Err(DavError::BadAnswer { .. }) => {
                let mut out = by_etags(transport, href, known)?;
                out.token = transport
                    .run(&GetProperty::new(href, &libdav::names::SYNC_TOKEN))
                    .ok()
                    .and_then(|r| r.value);
                out
            }
            Err(e) => return Err(e),
        }
    } else {
        by_etags(transport, href, known)?
    };
    // What bearing holds: all of it against a full list (anything held that the list
    // does not name is gone), else only the objects the answer names.
    let held = if out.full {
        let held = known.etags(None)?;
        let listed: std::collections::HashSet<&str> =
            out.changed.iter().map(|o| o.href.as_str()).collect();
        out.deleted.extend(
            held.keys()
                .filter(|h| !listed.contains(h.as_str()))
                .cloned(),
        );
        held
    } else {
        let named: Vec<&str> = out.changed.iter().map(|o| o.href.as_str()).collect();
        known.etags(Some(&named))?
    };
    // Keep only what bearing does not already hold, then fetch what came without its
    // text.
    out.changed.retain(|o| held.get(&o.href) != Some(&o.etag));
    let (mut with_text, without): (Vec<Object>, Vec<Object>) =
        out.changed.drain(..).partition(|o| !o.data.is_empty());
    let wanted: Vec<String> = without.into_iter().map(|o| o.href).collect();
    let arrived = with_text.len();
    if arrived > 0 {
        progress(arrived, arrived + wanted.len());
    }
    with_text.extend(fetch(transport, href, &wanted, &mut |done, total| {
        progress(arrived + done, arrived + total);
    })?);
    out.changed = with_text;
    Ok(out)
}

/// A first sync (nothing held yet): the sync token first, then every object with its
/// text by one `calendar-query`. Radicale answers that in half the time of a
/// sync-collection bringing the same texts (which walks its sync history object by
/// object); a change made between the two comes again with the next sync. `None` when
/// either is refused or an object comes without its text: then the usual way.
fn first_by_query(transport: &Transport, href: &str) -> Option<Changes> {
    let token = transport
        .run(&GetProperty::new(href, &libdav::names::SYNC_TOKEN))
        .ok()?
        .value?;
    let found = transport.run(&GetCalendarResources::new(href)).ok()?;
    let mut changed = Vec::with_capacity(found.resources.len());
    for resource in found.resources {
        if !is_object(href, &resource.href) {
            continue;
        }
        changed.push(kept(resource.href, resource.content.ok()?));
    }
    Some(Changes {
        listed: changed.len(),
        changed,
        deleted: Vec::new(),
        token: Some(token),
        ctag: None,
        full: true,
    })
}

/// An object libdav fetched, as kept. libdav grows each text line by line, to up to twice
/// its length: ten thousand objects are held through a whole sync, so each gives back
/// what it does not use.
fn kept(href: String, mut content: libdav::FetchedResourceContent) -> Object {
    content.data.shrink_to_fit();
    Object {
        href,
        etag: content.etag,
        data: content.data,
    }
}

/// Whether `item` is an object inside collection `href` (not the collection itself).
fn is_object(href: &str, item: &str) -> bool {
    item.trim_end_matches('/') != href.trim_end_matches('/')
}

/// The change tag, then (when it moved) every object's ETag.
fn by_etags(transport: &Transport, href: &str, known: &Known<'_>) -> Result<Changes, DavError> {
    let ctag = transport
        .run(&GetProperty::new(href, &GETCTAG))
        .ok()
        .and_then(|r| r.value);
    if ctag.is_some() && ctag.as_deref() == known.ctag {
        return Ok(Changes {
            ctag,
            ..Changes::default()
        });
    }
    let listed = transport.run(&ListResources::new(href))?;
    let changed: Vec<Object> = listed
        .resources
        .into_iter()
        .filter(|r| is_object(href, &r.href) && !r.href.ends_with('/'))
        .map(|r| Object {
            href: r.href,
            etag: r.etag.unwrap_or_default(),
            data: String::new(),
        })
        .collect();
    Ok(Changes {
        listed: changed.len(),
        changed,
        deleted: Vec::new(),
        token: None,
        ctag,
        full: true,
    })
}

/// Every object of calendar `href` with its ETag, by path (percent-encoding made
/// alike, so a path bearing made and the server's spelling of it are one key): one
/// PROPFIND.
pub fn etags(transport: &Transport, href: &str) -> Result<HashMap<String, String>, DavError> {
    let listed = transport.run(&ListResources::new(href))?;
    Ok(listed
        .resources
        .into_iter()
        .filter(|r| is_object(href, &r.href) && !r.href.ends_with('/'))
        .map(|r| (same_path(&r.href), r.etag.unwrap_or_default()))
        .collect())
}

/// Path `href` with its percent-encoding made alike (as it is, when it cannot be).
pub fn same_path(href: &str) -> String {
    libdav::encoding::normalise_percent_encoded(href)
        .map_or_else(|_| href.to_string(), std::borrow::Cow::into_owned)
}

/// The objects `hrefs` of calendar `collection`, in batches.
fn fetch(
    transport: &Transport,
    collection: &str,
    hrefs: &[String],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<Object>, DavError> {
    let mut out = Vec::with_capacity(hrefs.len());
    for batch in hrefs.chunks(MULTIGET_BATCH) {
        let found = transport.run(&GetCalendarResources::new(collection).with_hrefs(batch))?;
        for resource in found.resources {
            if let Ok(content) = resource.content {
                out.push(kept(resource.href, content));
            }
        }
        progress(out.len(), hrefs.len());
    }
    Ok(out)
}

/// What a conditional write found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Written; the new ETag when the server gave one.
    Done(Option<String>),
    /// The server's copy is not the one expected (412): someone else changed it, or
    /// (on create) it is already there.
    Changed,
    /// The object is not on the server (404 on update or delete).
    Gone,
}

/// Creates object `href` with `text`, only if it is not there yet (`If-None-Match: *`).
/// Also returns the path the server keeps it under when that is another (Google names
/// objects itself and says where in `Location`).
pub fn create(
    transport: &Transport,
    href: &str,
    text: &str,
) -> Result<(Written, Option<String>), DavError> {
    let request =
        PutResource::new(href).create(text.to_string(), libdav::dav::mime_types::CALENDAR);
    let prepared =
        libdav::requests::DavRequest::prepare_request(&request, transport.server().clone())
            .map_err(|e| bad(transport.server(), &e))?;
    let answer = transport.send(prepared)?;
    let written = written(transport, &answer)?;
    let location = answer
        .parts
        .headers
        .get(http::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|l| l.parse::<Uri>().ok())
        .map(|u| u.path().to_string())
        .filter(|p| p != href && matches!(written, Written::Done(_)));
    Ok((written, location))
}

/// Replaces object `href` with `text`, only if its ETag is still `etag` (`If-Match`).
pub fn update(
    transport: &Transport,
    href: &str,
    text: &str,
    etag: &str,
) -> Result<Written, DavError> {
    let request =
        PutResource::new(href).update(text.to_string(), libdav::dav::mime_types::CALENDAR, etag);
    put(transport, &request)
}

fn put<R>(transport: &Transport, request: &R) -> Result<Written, DavError>
where
    R: libdav::requests::DavRequest,
{
    let prepared = request
        .prepare_request(transport.server().clone())
        .map_err(|e| bad(transport.server(), &e))?;
    let answer = transport.send(prepared)?;
    written(transport, &answer)
}

fn written(transport: &Transport, answer: &Answer) -> Result<Written, DavError> {
    match answer.parts.status.as_u16() {
        200..=299 => Ok(Written::Done(
            answer
                .parts
                .headers
                .get(http::header::ETAG)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
        )),
        412 => Ok(Written::Changed),
        404 | 410 => Ok(Written::Gone),
        status => Err(bad(transport.server(), &format!("it answered {status}"))),
    }
}

/// Deletes object `href` only if its ETag is still `etag`. Some servers (Google) ignore
/// `If-Match` on DELETE, so the ETag is checked first.
pub fn delete(transport: &Transport, href: &str, etag: &str) -> Result<Written, DavError> {
    match transport.run(&libdav::dav::GetEtag::new(href)) {
        Ok(found) if found.etag != etag => return Ok(Written::Changed),
        Ok(_) => {}
        Err(DavError::BadAnswer { .. }) => return Ok(Written::Gone),
        Err(e) => return Err(e),
    }
    let request = Delete::new(href).with_etag(etag);
    let prepared =
        libdav::requests::DavRequest::prepare_request(&request, transport.server().clone())
            .map_err(|e| bad(transport.server(), &e))?;
    let answer = transport.send(prepared)?;
    written(transport, &answer)
}

/// Makes a calendar called `display_name` in the calendar home `home` (an extended
/// MKCOL, RFC 5689, which Radicale, Xandikos, Nextcloud and Fastmail take; Google makes
/// none over CalDAV). Returns its path.
pub fn make_calendar(
    transport: &Transport,
    home: &str,
    display_name: &str,
) -> Result<String, DavError> {
    let slug: String = display_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .trim_matches('-')
        .to_string();
    let slug = if slug.is_empty() {
        "leadership".to_string()
    } else {
        slug
    };
    let href = format!("{}/{slug}-bearing/", home.trim_end_matches('/'));
    let components = [libdav::caldav::CalendarComponent::VEvent];
    let request = libdav::caldav::CreateCalendar::new(&href)
        .with_display_name(display_name)
        .with_components(&components);
    let prepared =
        libdav::requests::DavRequest::prepare_request(&request, transport.server().clone())
            .map_err(|e| bad(transport.server(), &e))?;
    let answer = transport.send(prepared)?;
    if answer.parts.status.is_success() {
        return Ok(href);
    }
    Err(bad(
        transport.server(),
        &format!(
            "it would not make a calendar ({}): make one in your calendar app and choose it",
            answer.parts.status.as_u16()
        ),
    ))
}

/// Reads object `href` (after a 412: the server's copy), with its ETag.
pub fn get(
    transport: &Transport,
    collection: &str,
    href: &str,
) -> Result<Option<Object>, DavError> {
    let mut found = fetch(transport, collection, &[href.to_string()], &mut |_, _| {})?;
    Ok(found.pop())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_host_becomes_an_https_address_and_other_schemes_are_refused() {
        assert_eq!(
            server_address("caldav.fastmail.com").unwrap().to_string(),
            "https://caldav.fastmail.com/"
        );
        assert_eq!(
            server_address(" http://127.0.0.1:5232/dav/ ")
                .unwrap()
                .to_string(),
            "http://127.0.0.1:5232/dav/"
        );
        assert!(server_address("ftp://example.com").is_err());
        assert!(server_address("").is_err());
        assert!(server_address("https://").is_err());
    }

    #[test]
    fn only_objects_inside_the_collection_count() {
        assert!(!is_object("/cal/work/", "/cal/work"));
        assert!(!is_object("/cal/work/", "/cal/work/"));
        assert!(is_object("/cal/work/", "/cal/work/a.ics"));
    }
}
