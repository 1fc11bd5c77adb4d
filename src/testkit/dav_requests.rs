//! The requests the tests make of a [`DavServer`] as another client would: any request
//! with the account's Basic auth ([`DavRequest`]), the answer read whole
//! ([`DavResponse`], with the few lines of XML scanning a test needs to follow hrefs),
//! and the CalDAV steps a test takes for granted (MKCALENDAR, PUT, GET, DELETE, an
//! expanded `calendar-query` REPORT), each checked for the status a working server gives.

use chrono::{DateTime, Utc};

use super::{DavServer, PASSWORD, REQUEST_WITHIN, USER};

pub(super) fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .allow_non_standard_methods(true)
        // A test sees a redirect (the well-known URL's) as the server sent it.
        .max_redirects(0)
        .timeout_global(Some(REQUEST_WITHIN))
        .build()
        .into()
}

/// The CalDAV requests the tests make of a server as another client would, each checked
/// for the status a working server answers with (a helper panics on any other: that is
/// how the test fails).
impl DavServer {
    /// A request of `method` to `url` (a full URL, or a path on this server), with the
    /// account's Basic auth; [`DavRequest::send`] sends it.
    pub fn request(&self, method: &str, url: &str) -> DavRequest<'_> {
        DavRequest {
            agent: &self.agent,
            method: method.to_string(),
            url: self.url(url),
            headers: vec![("Authorization".into(), basic_auth(USER, PASSWORD))],
            body: Vec::new(),
        }
    }

    /// A PROPFIND of `props` (the inside of `<d:prop>`, with `d:` for `DAV:`, `c:` for
    /// CalDAV and `cs:` for CalendarServer: `<d:current-user-principal/>`) at `depth`
    /// (`"0"`, `"1"`), answered with any status.
    pub fn propfind(&self, url: &str, depth: &str, props: &str) -> DavResponse {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <d:propfind {NAMESPACES}><d:prop>{props}</d:prop></d:propfind>"
        );
        self.request("PROPFIND", url)
            .header("Depth", depth)
            .xml(body)
            .send()
            .unwrap()
    }

    /// Makes a calendar named `display_name` at `slug/` under the calendar home
    /// (MKCALENDAR; 201) and returns its URL.
    pub fn make_calendar(&self, slug: &str, display_name: &str) -> String {
        let url = format!("{}{slug}/", self.calendar_home_url());
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <c:mkcalendar {NAMESPACES}><d:set><d:prop>\
             <d:displayname>{}</d:displayname>\
             <c:supported-calendar-component-set><c:comp name=\"VEVENT\"/></c:supported-calendar-component-set>\
             </d:prop></d:set></c:mkcalendar>",
            xml_text(display_name)
        );
        let answer = self.request("MKCALENDAR", &url).xml(body).send().unwrap();
        answer.expect(201, &format!("MKCALENDAR {url}"));
        url
    }

    /// Writes `ics` at `url` (PUT as `text/calendar`: a new object or a new version of
    /// it; 201 or 204) and returns the ETag the server gave it.
    pub fn put(&self, url: &str, ics: &str) -> String {
        let answer = self
            .request("PUT", url)
            .header("Content-Type", "text/calendar; charset=utf-8")
            .body(ics)
            .send()
            .unwrap();
        assert!(
            matches!(answer.status, 201 | 204),
            "PUT {url}: {} answered {}: {}",
            self.kind.name(),
            answer.status,
            answer.body
        );
        match answer.etag() {
            Some(etag) => etag.to_string(),
            // A server may leave the ETag out of a PUT's answer; a GET has it.
            None => self.get(url).etag().unwrap().to_string(),
        }
    }

    /// GETs `url`, answered with any status (a 404 is what a test of a deletion wants).
    pub fn get(&self, url: &str) -> DavResponse {
        self.request("GET", url).send().unwrap()
    }

    /// Deletes `url` (DELETE; 200 or 204).
    pub fn delete(&self, url: &str) {
        let answer = self.request("DELETE", url).send().unwrap();
        assert!(
            matches!(answer.status, 200 | 204),
            "DELETE {url}: {} answered {}: {}",
            self.kind.name(),
            answer.status,
            answer.body
        );
    }

    /// The server's own expansion of the events of the calendar at `calendar_url`
    /// between `from` and `to`: a `calendar-query` REPORT of VEVENTs in that time range
    /// with `<c:expand>`, so each occurrence comes back as an event of its own with its
    /// RECURRENCE-ID. Returns the multistatus body as the server sent it (207).
    pub fn report_expand(
        &self,
        calendar_url: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> String {
        let (start, end) = (ical_utc(from), ical_utc(to));
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <c:calendar-query {NAMESPACES}>\
             <d:prop><d:getetag/><c:calendar-data>\
             <c:expand start=\"{start}\" end=\"{end}\"/>\
             </c:calendar-data></d:prop>\
             <c:filter><c:comp-filter name=\"VCALENDAR\"><c:comp-filter name=\"VEVENT\">\
             <c:time-range start=\"{start}\" end=\"{end}\"/>\
             </c:comp-filter></c:comp-filter></c:filter></c:calendar-query>"
        );
        let answer = self
            .request("REPORT", calendar_url)
            .header("Depth", "1")
            .xml(body)
            .send()
            .unwrap();
        answer.expect(207, &format!("REPORT {calendar_url}"));
        answer.body
    }
}

/// The namespace prefixes of the request bodies: `d:` for `DAV:`, `c:` for CalDAV, `cs:`
/// for CalendarServer (`getctag`).
const NAMESPACES: &str = "xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\" \
                          xmlns:cs=\"http://calendarserver.org/ns/\"";

/// A request to a [`DavServer`], built up and then sent.
pub struct DavRequest<'a> {
    agent: &'a ureq::Agent,
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl DavRequest<'_> {
    /// Adds a header (`Depth: 1`, `If-Match: "etag"`).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// The body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// An XML body (`Content-Type: application/xml; charset=utf-8`).
    pub fn xml(self, body: impl Into<Vec<u8>>) -> Self {
        self.header("Content-Type", "application/xml; charset=utf-8")
            .body(body)
    }

    /// Basic auth as `user` with `password` instead of the account's (a wrong password,
    /// say).
    pub fn auth(mut self, user: &str, password: &str) -> Self {
        self.headers.retain(|(name, _)| name != "Authorization");
        self.headers
            .push(("Authorization".into(), basic_auth(user, password)));
        self
    }

    /// No Authorization header at all.
    pub fn no_auth(mut self) -> Self {
        self.headers.retain(|(name, _)| name != "Authorization");
        self
    }

    /// Sends it and reads the whole answer, of any status; an error only when no answer
    /// came (refused connection, timeout).
    pub fn send(self) -> Result<DavResponse, ureq::Error> {
        let mut request = ureq::http::Request::builder()
            .method(self.method.as_str())
            .uri(self.url.as_str());
        for (name, value) in &self.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let request = request.body(self.body).map_err(ureq::Error::from)?;
        let mut response = self.agent.run(request)?;
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_string(), value)
            })
            .collect();
        let bytes = response
            .body_mut()
            .with_config()
            .limit(u64::MAX)
            .read_to_vec()?;
        Ok(DavResponse {
            status: response.status().as_u16(),
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
        })
    }
}

/// A server's answer, read whole.
#[derive(Debug, Clone)]
pub struct DavResponse {
    /// The status: `207`.
    pub status: u16,
    /// The headers, names in lower case, in the order sent.
    pub headers: Vec<(String, String)>,
    /// The body, as text (bytes that are not UTF-8 as U+FFFD).
    pub body: String,
    /// The body as it came.
    pub bytes: Vec<u8>,
}

impl DavResponse {
    /// The first header named `name` (in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(have, _)| have.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The `ETag` header, quotes and all (`"abc"`), as `If-Match` wants it.
    pub fn etag(&self) -> Option<&str> {
        self.header("ETag")
    }

    /// The `Location` header (where a redirect points).
    pub fn location(&self) -> Option<&str> {
        self.header("Location")
    }

    /// The first `href` right inside an element named `element` (its local name, any
    /// namespace prefix): `href_in("current-user-principal")` gives `/manager/`.
    pub fn href_in(&self, element: &str) -> Option<String> {
        self.hrefs_in(element).into_iter().next()
    }

    /// Every `href` right inside an element named `element`: `hrefs_in("response")`
    /// lists what a multistatus answered about. A few lines of scanning, enough for the
    /// servers' own well-formed answers (entities `&amp;` and the like decoded).
    pub fn hrefs_in(&self, element: &str) -> Vec<String> {
        let tags = tags(&self.body);
        tags.windows(2)
            .filter(|pair| pair[0].name == element && !pair[0].closing && !pair[0].empty)
            .filter(|pair| pair[1].name == "href" && !pair[1].closing && !pair[1].empty)
            .filter_map(|pair| {
                let text = &self.body[pair[1].end..];
                text.find('<').map(|end| xml_unescape(text[..end].trim()))
            })
            .collect()
    }

    /// Panics unless the status is `status`, saying what was asked and what came back.
    fn expect(&self, status: u16, what: &str) {
        assert!(
            self.status == status,
            "{what}: expected {status}, got {}: {}",
            self.status,
            self.body
        );
    }
}

/// One XML tag: its local name, whether it closes (`</x>`) or is empty (`<x/>`), and the
/// byte after its `>`.
struct Tag<'a> {
    name: &'a str,
    closing: bool,
    empty: bool,
    end: usize,
}

fn tags(xml: &str) -> Vec<Tag<'_>> {
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(open) = xml[at..].find('<').map(|i| at + i + 1) {
        let Some(close) = xml[open..].find('>').map(|i| open + i) else {
            break;
        };
        let inside = &xml[open..close];
        at = close + 1;
        if inside.starts_with('?') || inside.starts_with('!') {
            continue;
        }
        let closing = inside.starts_with('/');
        let qualified = inside
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        tags.push(Tag {
            name: qualified.rsplit(':').next().unwrap_or(qualified),
            closing,
            empty: inside.ends_with('/'),
            end: at,
        });
    }
    tags
}

fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn xml_unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn basic_auth(user: &str, password: &str) -> String {
    format!("Basic {}", base64(format!("{user}:{password}").as_bytes()))
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `when` as iCalendar writes a UTC time: `20260105T090000Z`.
fn ical_utc(when: DateTime<Utc>) -> String {
    when.format("%Y%m%dT%H%M%SZ").to_string()
}
