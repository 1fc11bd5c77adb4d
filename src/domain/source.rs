//! Where an imported calendar comes from: a file, a URL, or standard input. Pure: how a
//! source is named, compared and shown, never read (see `crate::io::source` for that).

use std::path::{Path, PathBuf};

/// The source of a calendar, as the user named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file on this machine.
    File(PathBuf),
    /// An http(s) address (`webcal://` is read as `https://`).
    Url(String),
    /// Standard input (`-`): cannot be read again, so never refreshed.
    Stdin,
    /// A calendar of a CalDAV account: `ACCOUNT:PATH` (stored as `caldav:ACCOUNT:PATH`),
    /// refreshed with its account, never as a file or link.
    Account(String),
}

/// How a CalDAV account's calendar is stored as a source.
const ACCOUNT_PREFIX: &str = "caldav:";

impl Source {
    /// Reads what the user typed: `-`, an `http(s)://` or `webcal(s)://` address, else a
    /// file path.
    pub fn parse(text: &str) -> Source {
        let t = text.trim();
        if t == "-" {
            return Source::Stdin;
        }
        if let Some(rest) = t.strip_prefix(ACCOUNT_PREFIX) {
            return Source::Account(rest.to_string());
        }
        let lower = t.to_ascii_lowercase();
        if let Some(rest) = ["webcal://", "webcals://"]
            .iter()
            .find_map(|p| lower.starts_with(p).then(|| &t[p.len()..]))
        {
            return Source::Url(format!("https://{rest}"));
        }
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return Source::Url(t.to_string());
        }
        Source::File(PathBuf::from(t))
    }

    /// As stored in the journal, to be read again on refresh: the file's absolute path,
    /// the address, or `-`.
    pub fn stored(&self) -> String {
        match self {
            Source::File(path) => absolute(path).display().to_string(),
            Source::Url(url) => url.clone(),
            Source::Stdin => "-".to_string(),
            Source::Account(at) => format!("{ACCOUNT_PREFIX}{at}"),
        }
    }

    /// The source of calendar `href` of account `account`.
    pub fn account(account: &str, href: &str) -> Source {
        Source::Account(format!("{account}:{href}"))
    }

    /// What makes two sources the same calendar: the file's canonical path, the address
    /// with its scheme and host in lower case; `None` for standard input.
    pub fn key(&self) -> Option<String> {
        match self {
            Source::File(path) => Some(
                std::fs::canonicalize(path)
                    .unwrap_or_else(|_| absolute(path))
                    .display()
                    .to_string(),
            ),
            Source::Url(url) => Some(match Address::parse(url) {
                // Scheme and host fold case; the path and query are kept as written (a
                // token in a query is case-sensitive).
                Some(a) => format!(
                    "{}://{}/{}",
                    a.scheme.to_lowercase(),
                    a.host.to_lowercase(),
                    a.rest.trim_start_matches('/')
                ),
                None => url.clone(),
            }),
            Source::Stdin => None,
            Source::Account(_) => Some(self.stored()),
        }
    }

    /// Whether bearing can read it again as a file or link (an account's calendars are
    /// read with their account).
    pub fn refreshable(&self) -> bool {
        !matches!(self, Source::Stdin | Source::Account(_))
    }

    /// The name a calendar from this source gets when its file does not name it: the
    /// file's name, or the most telling part of the address's path (never the host alone,
    /// which every Google calendar shares, and never a secret).
    pub fn default_name(&self) -> String {
        match self {
            Source::Stdin => "stdin".to_string(),
            Source::Account(at) => at
                .rsplit(['/', ':'])
                .find(|s| !s.is_empty())
                .unwrap_or("calendar")
                .to_string(),
            Source::File(path) => path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "calendar".to_string()),
            Source::Url(url) => {
                let path = Address::parse(url).map_or("", |a| a.path());
                let generic = [
                    "basic",
                    "calendar",
                    "calendars",
                    "ical",
                    "ics",
                    "feed",
                    "export",
                ];
                path.split('/')
                    .rev()
                    .map(|seg| percent_decode(seg.trim_end_matches(".ics")))
                    .map(|seg| seg.split('@').next().unwrap_or("").to_string())
                    .find(|seg| {
                        !seg.is_empty()
                            && !looks_secret(seg)
                            && !generic.contains(&seg.to_lowercase().as_str())
                    })
                    .unwrap_or_else(|| "calendar".to_string())
            }
        }
    }

    /// The source as shown in messages and lists: a file as it is; an address with its
    /// host and first path segment only, the rest (where private addresses keep their
    /// secret) cut to `…`, and never a user name or password.
    pub fn redacted(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::Stdin => "standard input".to_string(),
            Source::Url(url) => redact_url(url),
            Source::Account(at) => format!("account {}", at.split(':').next().unwrap_or_default()),
        }
    }
}

/// A stored source text as shown to the user (see [`Source::redacted`]).
pub fn redact(stored: &str) -> String {
    Source::parse(stored).redacted()
}

/// An address taken apart as RFC 3986 does: the authority runs from `//` to the first
/// `/`, `?` or `#` after its user information, which ends at the last `@` before the
/// query (so a password with a `/` in it stays in the user information).
struct Address<'a> {
    scheme: &'a str,
    host: &'a str,
    /// The path, query and fragment, from the `/`, `?` or `#` that ends the host.
    rest: &'a str,
}

impl<'a> Address<'a> {
    fn parse(url: &'a str) -> Option<Address<'a>> {
        let (scheme, after) = url.split_once("://")?;
        let query_at = after.find(['?', '#']).unwrap_or(after.len());
        let host_from = after[..query_at].rfind('@').map_or(0, |at| at + 1);
        let host_and_rest = &after[host_from..];
        let host_end = host_and_rest
            .find(['/', '?', '#'])
            .unwrap_or(host_and_rest.len());
        Some(Address {
            scheme,
            host: &host_and_rest[..host_end],
            rest: &host_and_rest[host_end..],
        })
    }

    /// The path alone, without its leading `/`, the query or the fragment.
    fn path(&self) -> &'a str {
        let path = self.rest.split(['?', '#']).next().unwrap_or("");
        path.trim_start_matches('/')
    }
}

fn redact_url(url: &str) -> String {
    let Some(address) = Address::parse(url) else {
        return "…".to_string();
    };
    let (scheme, host) = (address.scheme, address.host);
    // The query and the user information never show; the path shows a segment at most.
    let mut segments = address.path().split('/').filter(|s| !s.is_empty());
    match (segments.next(), segments.next()) {
        (None, _) => format!("{scheme}://{host}/"),
        (Some(first), None) if !looks_secret(first) && !first.contains(['?', '=']) => {
            format!("{scheme}://{host}/{first}")
        }
        (Some(first), _) if !looks_secret(first) && !first.contains(['?', '=']) => {
            format!("{scheme}://{host}/{first}/…")
        }
        _ => format!("{scheme}://{host}/…"),
    }
}

/// Path segments that are keys, not names: long runs of hex or base64-like characters,
/// or Google's `private-…`.
fn looks_secret(segment: &str) -> bool {
    let s = segment.to_lowercase();
    s.starts_with("private")
        || (s.len() >= 20
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(hex, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_read_as_typed() {
        assert_eq!(Source::parse("-"), Source::Stdin);
        assert_eq!(
            Source::parse("webcal://p01-caldav.icloud.com/published/2/abc"),
            Source::Url("https://p01-caldav.icloud.com/published/2/abc".into())
        );
        assert!(matches!(Source::parse("work.ics"), Source::File(_)));
        assert!(!Source::Stdin.refreshable());
    }

    #[test]
    fn names_come_from_the_path_never_the_host_or_a_secret() {
        let google = Source::parse(
            "https://calendar.google.com/calendar/ical/team.lead%40example.com/private-0a1b2c3d4e5f/basic.ics",
        );
        assert_eq!(google.default_name(), "team.lead");
        let other = Source::parse(
            "https://calendar.google.com/calendar/ical/c_1234%40group.calendar.google.com/private-99/basic.ics",
        );
        assert_eq!(other.default_name(), "c_1234");
        assert_ne!(google.default_name(), other.default_name());
        let with_password = Source::parse("https://me:hunter2@cal.example.com/team.ics");
        assert_eq!(with_password.default_name(), "team");
        assert_eq!(
            Source::parse("/home/me/Work Calendar.ics").default_name(),
            "Work Calendar"
        );
    }

    #[test]
    fn secret_addresses_are_shown_redacted() {
        let google = Source::parse(
            "https://calendar.google.com/calendar/ical/team.lead%40example.com/private-0a1b2c3d4e5f/basic.ics",
        );
        assert_eq!(google.redacted(), "https://calendar.google.com/calendar/…");
        let userinfo = Source::parse("https://me:hunter2@cal.example.com/team.ics");
        assert_eq!(userinfo.redacted(), "https://cal.example.com/team.ics");
        assert!(!userinfo.redacted().contains("hunter2"));
        let token = Source::parse(
            "https://outlook.office365.com/owa/calendar/8f3e2a1b9c7d6e5f4a3b2c1d/reachcalendar.ics",
        );
        assert_eq!(token.redacted(), "https://outlook.office365.com/owa/…");
        let query = Source::parse("https://example.com/feed?token=abc");
        assert!(!query.redacted().contains("abc"));
        // A query with no path, and a password with a `/` in it, are never shown.
        let bare = Source::parse("https://host.example?token=SECRET");
        assert_eq!(bare.redacted(), "https://host.example/");
        let slash = Source::parse("http://alice:Pa/ss@cal.example.com/team.ics");
        assert_eq!(slash.redacted(), "http://cal.example.com/team.ics");
        assert_eq!(slash.default_name(), "team");
        let fragment = Source::parse("https://cal.example.com#k=SECRET");
        assert_eq!(fragment.redacted(), "https://cal.example.com/");
    }

    #[test]
    fn the_same_source_has_the_same_key() {
        assert_eq!(
            Source::parse("HTTPS://Cal.Example.com/a.ics").key(),
            Source::parse("https://user:pw@cal.example.com/a.ics").key()
        );
        assert_eq!(Source::Stdin.key(), None);
        // The query keeps its case: a token is case-sensitive, and two tokens that differ
        // only in case are two calendars.
        assert_ne!(
            Source::parse("https://host.example?token=AbC").key(),
            Source::parse("https://host.example?token=abc").key()
        );
        assert_eq!(
            Source::parse("https://Host.Example?token=AbC")
                .key()
                .unwrap(),
            "https://host.example/?token=AbC"
        );
        assert_eq!(
            Source::parse("http://alice:Pa/ss@cal.example.com/a.ics")
                .key()
                .unwrap(),
            "http://cal.example.com/a.ics"
        );
    }
}
