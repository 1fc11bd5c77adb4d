//! The few lines of XML the fake reads (which properties a PROPFIND asks for, a REPORT's
//! sync token and hrefs, a MKCALENDAR's display name) and writes (multistatus answers).
//! Requests come from clients that write plain, well-formed XML; a scan by pattern is
//! enough for them, and keeps the fake free of a second XML reader.

use std::sync::LazyLock;

use regex::Regex;

/// The namespaces the answers use: `d:` DAV, `c:` CalDAV, `cs:` CalendarServer, `a:`
/// Apple's iCal.
const NAMESPACES: &str = r#"xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/" xmlns:a="http://apple.com/ns/ical/""#;

/// An empty element: `<D:getetag/>`, its local name captured.
static EMPTY_ELEMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(?:[A-Za-z][\w.-]*:)?([A-Za-z][\w-]*)\s*/>").unwrap());
static SYNC_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"<(?:[A-Za-z][\w.-]*:)?sync-token\s*(?:/>|>([^<]*)</(?:[A-Za-z][\w.-]*:)?sync-token>)",
    )
    .unwrap()
});
static HREF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<(?:[A-Za-z][\w.-]*:)?href>([^<]*)</(?:[A-Za-z][\w.-]*:)?href>").unwrap()
});
static DISPLAY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<(?:[A-Za-z][\w.-]*:)?displayname>([^<]*)</(?:[A-Za-z][\w.-]*:)?displayname>")
        .unwrap()
});

/// The local names of the properties a PROPFIND body asks for, in order; the usual three
/// for an empty body or `allprop`.
pub(super) fn requested(body: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(body);
    let Some(start) = text.find("prop>") else {
        return ["resourcetype", "getetag", "displayname"]
            .map(str::to_string)
            .to_vec();
    };
    EMPTY_ELEMENT
        .captures_iter(&text[start..])
        .map(|c| c[1].to_string())
        .collect()
}

/// A `sync-collection` body's token: `None` without the element, `Some("")` when empty.
pub(super) fn sync_token(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    SYNC_TOKEN.captures(&text).map(|c| {
        c.get(1)
            .map(|m| unescape(m.as_str().trim()))
            .unwrap_or_default()
    })
}

/// The hrefs a body names (a `calendar-multiget`'s), decoded.
pub(super) fn hrefs(body: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(body);
    HREF.captures_iter(&text)
        .map(|c| percent_decoded(&unescape(c[1].trim())))
        .collect()
}

/// A MKCALENDAR body's display name.
pub(super) fn display_name(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    DISPLAY_NAME.captures(&text).map(|c| unescape(&c[1]))
}

/// `text` with `&`, `<`, `>` and `"` as entities.
pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// `path` with its `%XX` escapes decoded (an invalid one is kept as it is).
pub(super) fn percent_decoded(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The qualified name of property `name` in the answers' namespaces.
pub(super) fn qualified(name: &str) -> String {
    let prefix = match name {
        "calendar-home-set"
        | "calendar-data"
        | "supported-calendar-component-set"
        | "calendar-description"
        | "calendar-user-address-set"
        | "calendar-timezone" => "c",
        "getctag" => "cs",
        "calendar-color" | "calendar-order" => "a",
        _ => "d",
    };
    format!("{prefix}:{name}")
}

/// One `response` of a multistatus: `href` with the properties `found` (name, inner XML)
/// and, in a 404 propstat, the ones `missing`.
pub(super) fn response(href: &str, found: &[(String, String)], missing: &[String]) -> String {
    let mut out = format!("<d:response><d:href>{}</d:href>", escape(href));
    if !found.is_empty() {
        out.push_str("<d:propstat><d:prop>");
        for (name, value) in found {
            let name = qualified(name);
            if value.is_empty() {
                out.push_str(&format!("<{name}/>"));
            } else {
                out.push_str(&format!("<{name}>{value}</{name}>"));
            }
        }
        out.push_str("</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>");
    }
    if !missing.is_empty() {
        out.push_str("<d:propstat><d:prop>");
        for name in missing {
            out.push_str(&format!("<{}/>", qualified(name)));
        }
        out.push_str("</d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>");
    }
    out.push_str("</d:response>");
    out
}

/// A `response` for `href` that is not there (a deleted object in a sync answer, an
/// unknown one in a multiget).
pub(super) fn gone(href: &str) -> String {
    format!(
        "<d:response><d:href>{}</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>",
        escape(href)
    )
}

/// A multistatus of `responses`, then `tail` (a sync answer's `sync-token`).
pub(super) fn multistatus(responses: &[String], tail: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:multistatus {NAMESPACES}>{}{tail}</d:multistatus>",
        responses.concat()
    )
}

/// A DAV error body naming `condition` (`<d:valid-sync-token/>`), or none.
pub(super) fn error(condition: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:error {NAMESPACES}>{condition}</d:error>"
    )
}
