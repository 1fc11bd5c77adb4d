//! HTTP Digest authentication (RFC 7616, and RFC 2617's MD5 that Baïkal uses by
//! default): reading a server's `WWW-Authenticate` challenges and answering one.
//!
//! The hashes are OpenSSL's, already linked for the journal's cipher (no second crate
//! for MD5 and SHA-256).

use openssl::hash::{MessageDigest, hash};
use zeroize::Zeroizing;

/// The hash a challenge asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// MD5 (RFC 2617, and the default when a challenge names none).
    Md5,
    /// MD5 with the session key (`MD5-sess`).
    Md5Sess,
    /// SHA-256 (RFC 7616).
    Sha256,
    /// SHA-256 with the session key (`SHA-256-sess`).
    Sha256Sess,
}

impl Algorithm {
    fn parse(name: &str) -> Option<Algorithm> {
        match name.to_ascii_uppercase().as_str() {
            "MD5" => Some(Algorithm::Md5),
            "MD5-SESS" => Some(Algorithm::Md5Sess),
            "SHA-256" => Some(Algorithm::Sha256),
            "SHA-256-SESS" => Some(Algorithm::Sha256Sess),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Algorithm::Md5 => "MD5",
            Algorithm::Md5Sess => "MD5-sess",
            Algorithm::Sha256 => "SHA-256",
            Algorithm::Sha256Sess => "SHA-256-sess",
        }
    }

    fn session(self) -> bool {
        matches!(self, Algorithm::Md5Sess | Algorithm::Sha256Sess)
    }

    /// Which to take when a server offers several: the stronger hash first.
    fn strength(self) -> u8 {
        match self {
            Algorithm::Sha256 | Algorithm::Sha256Sess => 2,
            Algorithm::Md5 | Algorithm::Md5Sess => 1,
        }
    }

    /// The lower-case hex of the hash of `data`.
    fn hex(self, data: &[u8]) -> Zeroizing<String> {
        use std::fmt::Write as _;
        let digest = match self {
            Algorithm::Md5 | Algorithm::Md5Sess => MessageDigest::md5(),
            Algorithm::Sha256 | Algorithm::Sha256Sess => MessageDigest::sha256(),
        };
        // OpenSSL fails here only without the algorithm compiled in; the vendored build
        // has both, so an empty hash (which no server accepts) is the worst case.
        let bytes = hash(digest, data).map(|d| d.to_vec()).unwrap_or_default();
        let mut text = Zeroizing::new(String::with_capacity(bytes.len() * 2));
        for byte in bytes {
            let _ = write!(text, "{byte:02x}");
        }
        text
    }
}

/// The quality of protection a challenge offers that bearing answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qop {
    /// `auth`: the request line is protected.
    Auth,
    /// `auth-int`: the body too (taken only when `auth` is not offered).
    AuthInt,
}

/// One `Digest` challenge from a `WWW-Authenticate` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// The protection space, as the server names it.
    pub realm: String,
    /// The server's nonce.
    pub nonce: String,
    /// A value to send back unchanged.
    pub opaque: Option<String>,
    /// The hash.
    pub algorithm: Algorithm,
    /// The protection bearing answers with; none for an RFC 2069 server.
    pub qop: Option<Qop>,
    /// Whether the nonce was only out of date (the credentials were right).
    pub stale: bool,
    /// Whether the server wants the user name hashed.
    pub userhash: bool,
}

/// What a 401 answer offers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Offers {
    /// The strongest Digest challenge bearing can answer, if any.
    pub digest: Option<Challenge>,
    /// Whether Basic is offered.
    pub basic: bool,
}

/// Reads every challenge in `values` (the `WWW-Authenticate` headers of one answer).
pub fn offers<'a>(values: impl IntoIterator<Item = &'a str>) -> Offers {
    let mut found = Offers::default();
    for value in values {
        for (scheme, params) in challenges(value) {
            if scheme.eq_ignore_ascii_case("basic") {
                found.basic = true;
            } else if scheme.eq_ignore_ascii_case("digest")
                && let Some(challenge) = digest_challenge(&params)
                && found
                    .digest
                    .as_ref()
                    .is_none_or(|d| d.algorithm.strength() < challenge.algorithm.strength())
            {
                found.digest = Some(challenge);
            }
        }
    }
    found
}

fn digest_challenge(params: &[(String, String)]) -> Option<Challenge> {
    let get = |name: &str| {
        params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let algorithm = match get("algorithm") {
        None => Algorithm::Md5,
        Some(name) => Algorithm::parse(&name)?,
    };
    let qop = match get("qop") {
        None => None,
        Some(list) => {
            let offered: Vec<String> = list
                .split(',')
                .map(|q| q.trim().to_ascii_lowercase())
                .collect();
            if offered.iter().any(|q| q == "auth") {
                Some(Qop::Auth)
            } else if offered.iter().any(|q| q == "auth-int") {
                Some(Qop::AuthInt)
            } else {
                return None;
            }
        }
    };
    let yes = |name: &str| get(name).is_some_and(|v| v.eq_ignore_ascii_case("true"));
    Some(Challenge {
        realm: get("realm").unwrap_or_default(),
        nonce: get("nonce")?,
        opaque: get("opaque"),
        algorithm,
        qop,
        stale: yes("stale"),
        userhash: yes("userhash"),
    })
}

/// The challenges in one header value: each scheme with its parameters. A header may
/// hold several (`Digest realm="a", algorithm=SHA-256, Digest realm="a", Basic realm="a"`):
/// a word not followed by `=` starts the next one.
fn challenges(value: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut found: Vec<(String, Vec<(String, String)>)> = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_ascii_whitespace());
        if rest.is_empty() {
            return found;
        }
        let end = rest
            .find(|c: char| c == '=' || c == ',' || c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let word = &rest[..end];
        let after = rest[end..].trim_start();
        if let Some(value_text) = after.strip_prefix('=')
            && !word.is_empty()
        {
            let (value, left) = param_value(value_text.trim_start());
            if let Some((_, params)) = found.last_mut() {
                params.push((word.to_string(), value));
            }
            rest = left;
        } else if word.is_empty() {
            // A stray character: skip it.
            rest = &rest[rest.chars().next().map_or(1, char::len_utf8)..];
        } else {
            found.push((word.to_string(), Vec::new()));
            rest = &rest[end..];
        }
    }
}

/// A parameter's value at the start of `text` (a token, or a quoted string with its
/// escapes undone) and what follows it.
fn param_value(text: &str) -> (String, &str) {
    let Some(quoted) = text.strip_prefix('"') else {
        let end = text
            .find(|c: char| c == ',' || c.is_ascii_whitespace())
            .unwrap_or(text.len());
        return (text[..end].to_string(), &text[end..]);
    };
    let mut value = String::new();
    let mut chars = quoted.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (value, &quoted[i + 1..]),
            '\\' => {
                if let Some((_, next)) = chars.next() {
                    value.push(next);
                }
            }
            _ => value.push(c),
        }
    }
    (value, "")
}

/// A challenge being answered, request after request, with its nonce count.
#[derive(Debug, Clone)]
pub struct Session {
    challenge: Challenge,
    count: u32,
}

/// What one request is, for its answer: the method, the request target (path and
/// query) and the body.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// `PROPFIND`, `GET`, …
    pub method: &'a str,
    /// `/dav/calendars/`, as on the request line.
    pub uri: &'a str,
    /// The request's body (hashed only for `auth-int`).
    pub body: &'a [u8],
}

impl Session {
    /// A session answering `challenge`, its count at zero.
    pub fn new(challenge: Challenge) -> Session {
        Session {
            challenge,
            count: 0,
        }
    }

    /// The challenge it answers.
    pub fn challenge(&self) -> &Challenge {
        &self.challenge
    }

    /// The `Authorization` value for `target`, the nonce count one up, with a fresh
    /// client nonce.
    pub fn authorize(
        &mut self,
        user: &str,
        password: &str,
        target: Target<'_>,
    ) -> Zeroizing<String> {
        self.count = self.count.wrapping_add(1);
        let mut random = [0u8; 16];
        // Without the system's randomness, a client nonce from the clock and the count
        // still differs from answer to answer (what the server checks).
        if getrandom::fill(&mut random).is_err() {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            random = nanos.to_le_bytes();
        }
        let cnonce = Algorithm::Md5.hex(&random);
        authorization(&self.challenge, user, password, target, self.count, &cnonce)
    }
}

/// The `Authorization` value answering `challenge` for `target`, with nonce count `nc`
/// and client nonce `cnonce` (RFC 7616 section 3.4).
pub fn authorization(
    challenge: &Challenge,
    user: &str,
    password: &str,
    target: Target<'_>,
    nc: u32,
    cnonce: &str,
) -> Zeroizing<String> {
    let c = challenge;
    let h = |data: &str| c.algorithm.hex(data.as_bytes());
    let mut ha1 = h(&format!("{user}:{}:{password}", c.realm));
    if c.algorithm.session() {
        ha1 = h(&format!("{}:{}:{cnonce}", ha1.as_str(), c.nonce));
    }
    let ha2 = match c.qop {
        Some(Qop::AuthInt) => h(&format!(
            "{}:{}:{}",
            target.method,
            target.uri,
            c.algorithm.hex(target.body).as_str()
        )),
        _ => h(&format!("{}:{}", target.method, target.uri)),
    };
    let nc = format!("{nc:08x}");
    let qop = match c.qop {
        Some(Qop::Auth) => Some("auth"),
        Some(Qop::AuthInt) => Some("auth-int"),
        None => None,
    };
    let response = match qop {
        Some(qop) => h(&format!(
            "{}:{}:{nc}:{cnonce}:{qop}:{}",
            ha1.as_str(),
            c.nonce,
            ha2.as_str()
        )),
        None => h(&format!("{}:{}:{}", ha1.as_str(), c.nonce, ha2.as_str())),
    };
    let mut value = Zeroizing::new(String::from("Digest "));
    value.push_str(&user_param(c, user));
    for (name, text) in [
        ("realm", c.realm.as_str()),
        ("nonce", c.nonce.as_str()),
        ("uri", target.uri),
    ] {
        value.push_str(&format!(", {name}={}", quoted(text)));
    }
    value.push_str(&format!(
        ", algorithm={}, response=\"{}\"",
        c.algorithm.name(),
        response.as_str()
    ));
    if let Some(qop) = qop {
        value.push_str(&format!(", qop={qop}, nc={nc}, cnonce=\"{cnonce}\""));
    }
    if let Some(opaque) = &c.opaque {
        value.push_str(&format!(", opaque={}", quoted(opaque)));
    }
    if c.userhash {
        value.push_str(", userhash=true");
    }
    value
}

/// The user name as the challenge wants it: hashed (`userhash`), quoted, or, when it is
/// not plain ASCII, in RFC 8187's `username*=UTF-8''…`.
fn user_param(c: &Challenge, user: &str) -> String {
    if c.userhash {
        return format!(
            "username=\"{}\"",
            c.algorithm
                .hex(format!("{user}:{}", c.realm).as_bytes())
                .as_str()
        );
    }
    if user.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return format!("username={}", quoted(user));
    }
    let mut encoded = String::from("username*=UTF-8''");
    for byte in user.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// `text` as a quoted string, its quotes and backslashes escaped.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

#[cfg(test)]
#[path = "digest_tests.rs"]
mod tests;
