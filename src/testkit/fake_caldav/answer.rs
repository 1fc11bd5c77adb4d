//! How the fake answers each request: the well-known address, the credentials, then
//! PROPFIND (discovery, calendars, objects), REPORT (`sync-collection`,
//! `calendar-multiget`, `calendar-query`), PUT, DELETE, GET and MKCALENDAR, each the
//! way its [`Quirks`] say. Every request is logged with what it was answered.

use super::xml::{self, escape};
use super::{Calendar, Host, Object, Quirks, Seen, Shared, State, auth};
use crate::testkit::{Reply, Request};

/// An answer with its status (a [`Reply`] keeps its own to itself).
struct Out {
    status: u16,
    reply: Reply,
}

fn out(status: u16, body: impl Into<Vec<u8>>) -> Out {
    Out {
        status,
        reply: Reply::status(status, body),
    }
}

fn with(status: u16, reply: Reply) -> Out {
    Out { status, reply }
}

/// A request's method, and for a REPORT its kind.
fn what(r: &Request) -> String {
    if r.method != "REPORT" {
        return r.method.clone();
    }
    let body = String::from_utf8_lossy(&r.body);
    let kind = ["sync-collection", "calendar-multiget", "calendar-query"]
        .into_iter()
        .find(|k| body.contains(k))
        .unwrap_or("other");
    format!("REPORT {kind}")
}

/// Answers `r`, which came to `host`, and logs it.
pub(super) fn answer(shared: &Shared, host: Host, r: &Request) -> Reply {
    let path = xml::percent_decoded(r.path.split('?').next().unwrap_or("/"));
    let mut state = shared.state.lock().unwrap();
    let answered = if path.trim_end_matches('/') == "/.well-known/caldav" {
        // A rewrite in front of the server: no credentials asked.
        match &shared.quirks.layout.well_known {
            Some(to) => with(301, Reply::status(301, "").header("Location", to)),
            None => out(404, ""),
        }
    } else {
        match auth::check(shared.quirks.auth, &mut state, r) {
            Err(challenge) => with(401, challenge),
            Ok(()) => route(shared, &mut state, host, &path, r),
        }
    };
    let port = match host {
        Host::Front => shared.ports.get().map_or(0, |p| p.0),
        Host::Account => shared.ports.get().and_then(|p| p.1).unwrap_or(0),
    };
    state.seen.push(Seen {
        port,
        what: what(r),
        path: r.path.clone(),
        depth: r.header("depth").map(str::to_string),
        authorization: r.header("authorization").map(str::to_string),
        status: answered.status,
    });
    answered.reply
}

/// What a path names.
enum Resource<'a> {
    Root,
    Principal,
    Home,
    Calendar(&'a Calendar),
    Object(&'a Object),
}

fn route(shared: &Shared, state: &mut State, host: Host, path: &str, r: &Request) -> Out {
    let q = &shared.quirks;
    // iCloud's first host answers discovery only; the per-account host all of it.
    let calendars_here = !q.per_account_host || host == Host::Account;
    match r.method.as_str() {
        "PROPFIND" => propfind(shared, state, calendars_here, path, r),
        "REPORT" if calendars_here => report(q, state, path, r),
        "PUT" if calendars_here => put(shared, state, host, path, r),
        "DELETE" if calendars_here => delete(q, state, path, r),
        "GET" if calendars_here => get(state, path),
        "MKCALENDAR" => mkcalendar(q, state, path, r),
        "OPTIONS" => with(
            200,
            Reply::status(200, "")
                .header("DAV", "1, 2, 3, calendar-access, extended-mkcol")
                .header(
                    "Allow",
                    "OPTIONS, GET, PUT, DELETE, PROPFIND, REPORT, MKCALENDAR",
                ),
        ),
        "REPORT" | "PUT" | "DELETE" | "GET" => out(404, ""),
        _ => out(405, ""),
    }
}

/// The value (inner XML) of property `name` of `resource`; `None` where it has none.
fn property(
    shared: &Shared,
    state: &State,
    resource: &Resource<'_>,
    name: &str,
    depth: &str,
) -> Option<String> {
    let q = &shared.quirks;
    let principal = || format!("<d:href>{}</d:href>", escape(&q.layout.principal));
    match (resource, name) {
        (Resource::Root | Resource::Principal | Resource::Home, "current-user-principal")
        | (Resource::Principal, "principal-URL") => Some(principal()),
        (Resource::Principal, "calendar-home-set") => Some(match shared.ports.get() {
            // iCloud: an absolute address on the per-account host.
            Some((_, Some(account))) => format!(
                "<d:href>http://127.0.0.1:{account}{}</d:href>",
                escape(&q.layout.home)
            ),
            _ => format!("<d:href>{}</d:href>", escape(&q.layout.home)),
        }),
        (Resource::Root | Resource::Home, "resourcetype") => Some("<d:collection/>".into()),
        (Resource::Principal, "resourcetype") => Some("<d:principal/>".into()),
        (Resource::Principal, "displayname") => Some("Alice".into()),
        (Resource::Calendar(..), "resourcetype") => Some("<d:collection/><c:calendar/>".into()),
        (Resource::Calendar(c), "displayname") => Some(escape(&c.name)),
        (Resource::Calendar(c), "getctag" | "getetag") => {
            Some(format!("\"ctag-{}-{}\"", state.epoch, c.changed_at))
        }
        (Resource::Calendar(..), "sync-token") => {
            (!q.sync_token_at_depth_zero_only || depth == "0").then(|| escape(&state.token()))
        }
        (Resource::Calendar(..), "supported-report-set") => Some(
            [
                "d:sync-collection",
                "c:calendar-multiget",
                "c:calendar-query",
            ]
            .map(|r| {
                format!("<d:supported-report><d:report><{r}/></d:report></d:supported-report>")
            })
            .concat(),
        ),
        (Resource::Calendar(..), "supported-calendar-component-set") => {
            Some("<c:comp name=\"VEVENT\"/>".into())
        }
        (Resource::Object(o), "getetag") => Some(escape(&o.etag)),
        (Resource::Object(_), "getcontenttype") => {
            Some("text/calendar; charset=utf-8; component=vevent".into())
        }
        (Resource::Object(_), "resourcetype") => Some(String::new()),
        _ => None,
    }
}

/// A multistatus `response` for `href` with the properties `props` asks for.
fn propfind_response(
    shared: &Shared,
    state: &State,
    href: &str,
    resource: &Resource<'_>,
    props: &[String],
    depth: &str,
) -> String {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for name in props {
        match property(shared, state, resource, name, depth) {
            Some(value) => found.push((name.clone(), value)),
            None => missing.push(name.clone()),
        }
    }
    xml::response(href, &found, &missing)
}

fn propfind(shared: &Shared, state: &State, calendars_here: bool, path: &str, r: &Request) -> Out {
    let layout = &shared.quirks.layout;
    let depth = r.header("depth").unwrap_or("0");
    let props = xml::requested(&r.body);
    let one = |href: &str, resource: Resource<'_>| {
        propfind_response(shared, state, href, &resource, &props, depth)
    };
    let mut responses = Vec::new();
    if path == "/" || path == layout.root {
        responses.push(one(path, Resource::Root));
    } else if path == layout.principal {
        responses.push(one(path, Resource::Principal));
    } else if calendars_here && path == layout.home {
        responses.push(one(path, Resource::Home));
        if depth != "0" {
            for (href, c) in &state.calendars {
                responses.push(one(href, Resource::Calendar(c)));
            }
        }
    } else if let Some((href, c)) = state
        .calendars
        .get_key_value(path)
        .filter(|_| calendars_here)
    {
        responses.push(one(href, Resource::Calendar(c)));
        if depth != "0" {
            for (href, o) in &c.objects {
                responses.push(one(href, Resource::Object(o)));
            }
        }
    } else if let Some(o) = object(state, path).filter(|_| calendars_here) {
        responses.push(one(path, Resource::Object(o)));
    } else {
        return out(404, "");
    }
    out(207, xml::multistatus(&responses, ""))
}

fn object<'s>(state: &'s State, href: &str) -> Option<&'s Object> {
    let calendar = state.calendar_of(href)?;
    state.calendars[calendar].objects.get(href)
}

fn report(q: &Quirks, state: &State, path: &str, r: &Request) -> Out {
    let Some(c) = state.calendars.get(path) else {
        return out(404, "");
    };
    let body = String::from_utf8_lossy(&r.body);
    if body.contains("sync-collection") {
        return sync_collection(q, state, c, r);
    }
    let with_data = |href: &str, o: &Object| {
        xml::response(
            href,
            &[
                ("getetag".to_string(), escape(&o.etag)),
                ("calendar-data".to_string(), escape(&o.data)),
            ],
            &[],
        )
    };
    let responses: Vec<String> = if body.contains("calendar-multiget") {
        xml::hrefs(&r.body)
            .iter()
            .map(|href| match c.objects.get(href) {
                Some(o) => with_data(href, o),
                None => xml::gone(href),
            })
            .collect()
    } else if body.contains("calendar-query") {
        c.objects.iter().map(|(h, o)| with_data(h, o)).collect()
    } else {
        return out(400, xml::error("<d:supported-report/>"));
    };
    out(207, xml::multistatus(&responses, ""))
}

/// The changes in `c` since the request's token (all of it without one).
fn sync_collection(q: &Quirks, state: &State, c: &Calendar, r: &Request) -> Out {
    let token = xml::sync_token(&r.body).filter(|t| !t.is_empty());
    let since = match token {
        None if q.sync_needs_token => {
            // Google: "client applications must switch to this mode of operation after
            // the initial sync"; the body is the bare error its 400s carry.
            return out(400, xml::error(""));
        }
        None => None,
        Some(token) => match parse_token(state, &token) {
            Some(n) => Some(n),
            None => return out(403, xml::error("<d:valid-sync-token/>")),
        },
    };
    let after = since.unwrap_or(0);
    let text =
        String::from_utf8_lossy(&r.body).contains("calendar-data") && !q.sync_leaves_text_out;
    let mut responses: Vec<String> = c
        .objects
        .iter()
        .filter(|(_, o)| since.is_none() || o.changed_at > after)
        .map(|(href, o)| {
            let mut props = vec![("getetag".to_string(), escape(&o.etag))];
            if text {
                props.push(("calendar-data".to_string(), escape(&o.data)));
            }
            xml::response(href, &props, &[])
        })
        .collect();
    if since.is_some() {
        responses.extend(
            c.gone
                .iter()
                .filter(|(href, at)| **at > after && !c.objects.contains_key(*href))
                .map(|(href, _)| xml::gone(href)),
        );
    }
    let tail = format!("<d:sync-token>{}</d:sync-token>", escape(&state.token()));
    out(207, xml::multistatus(&responses, &tail))
}

/// The change a token this server gave stands for; `None` for one it does not know.
fn parse_token(state: &State, token: &str) -> Option<u64> {
    let (epoch, n) = token
        .strip_prefix("http://fake-caldav.test/sync/")?
        .split_once('-')?;
    let (epoch, n) = (epoch.parse::<u64>().ok()?, n.parse::<u64>().ok()?);
    (epoch == state.epoch && n <= state.changes).then_some(n)
}

/// A name of Google's own for a new object: 26 characters of base32hex, as its event
/// ids are.
fn own_name(n: u64) -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuv";
    let mut x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5bd1_e995;
    (0..26)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            char::from(ALPHABET[usize::try_from(x >> 59).unwrap_or(0)])
        })
        .collect()
}

fn put(shared: &Shared, state: &mut State, host: Host, path: &str, r: &Request) -> Out {
    let q = &shared.quirks;
    let Some(calendar) = state.calendar_of(path).map(str::to_string) else {
        return out(409, "");
    };
    let existing = object(state, path).map(|o| o.etag.clone());
    if r.header("if-none-match") == Some("*") && existing.is_some() {
        return out(412, "");
    }
    if let Some(wanted) = r.header("if-match")
        && existing
            .as_deref()
            .is_none_or(|e| wanted != "*" && wanted != e)
    {
        return out(412, "");
    }
    let href = if existing.is_none() && q.own_names {
        state.names += 1;
        format!("{calendar}{}.ics", own_name(state.names))
    } else {
        path.to_string()
    };
    let data = String::from_utf8_lossy(&r.body).into_owned();
    let Some(etag) = state.write(&calendar, &href, &data) else {
        return out(409, "");
    };
    let status = if existing.is_some() { 204 } else { 201 };
    let mut reply = Reply::status(status, "").header("ETag", &etag);
    if href != path {
        let port = match host {
            Host::Front => shared.ports.get().map_or(0, |p| p.0),
            Host::Account => shared.ports.get().and_then(|p| p.1).unwrap_or(0),
        };
        reply = reply.header("Location", &format!("http://127.0.0.1:{port}{href}"));
    }
    with(status, reply)
}

fn delete(q: &Quirks, state: &mut State, path: &str, r: &Request) -> Out {
    let Some(etag) = object(state, path).map(|o| o.etag.clone()) else {
        return out(404, "");
    };
    if let Some(wanted) = r.header("if-match")
        && !q.delete_ignores_if_match
        && wanted != "*"
        && wanted != etag
    {
        return out(412, "");
    }
    state.remove(path);
    out(204, "")
}

fn get(state: &State, path: &str) -> Out {
    match object(state, path) {
        Some(o) => with(200, Reply::ok(o.data.clone()).header("ETag", &o.etag)),
        None => out(404, ""),
    }
}

fn mkcalendar(q: &Quirks, state: &mut State, path: &str, r: &Request) -> Out {
    if let Some(status) = q.mkcalendar_refused {
        return out(status, "");
    }
    let layout = &q.layout;
    let slug = path
        .strip_prefix(layout.calendar_prefix.as_str())
        .and_then(|rest| rest.strip_suffix(layout.calendar_suffix.as_str()))
        .filter(|slug| !slug.is_empty() && !slug.contains('/'));
    let Some(slug) = slug else {
        return out(403, "");
    };
    if state.calendars.contains_key(path) {
        return out(405, "");
    }
    let change = state.next_change();
    state.calendars.insert(
        path.to_string(),
        Calendar {
            name: xml::display_name(&r.body).unwrap_or_else(|| slug.to_string()),
            changed_at: change,
            ..Calendar::default()
        },
    );
    out(201, "")
}
