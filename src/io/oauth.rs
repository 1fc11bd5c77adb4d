//! OAuth 2.0 for an installed application (Google's CalDAV): the user's own OAuth client,
//! a sign-in in their browser that comes back to a one-request listener on
//! `http://127.0.0.1:PORT/` (RFC 8252), PKCE (RFC 7636, S256), and the token endpoint for
//! the code and for refreshing.
//!
//! Google's desktop clients still send the client secret at the token endpoint, so it is
//! a parameter here, kept in a [`Zeroizing`] string (it comes from a command or a prompt,
//! never argv). No token, code, verifier or secret is in a `Debug` output or a message.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use crate::io::http::{HttpError, Limits, from_ureq, read_body};

/// Google's authorization endpoint.
pub const GOOGLE_AUTH_URL: &str = "https://accounts.google.com/o/oauth2/v2/auth";
/// Google's token endpoint.
pub const GOOGLE_TOKEN_URL: &str = "https://oauth2.googleapis.com/token";
/// The scope that reads and writes the user's Google calendars (CalDAV included).
pub const GOOGLE_CALENDAR_SCOPE: &str = "https://www.googleapis.com/auth/calendar";
/// Google's CalDAV endpoint.
pub const GOOGLE_CALDAV_URL: &str = "https://apidata.googleusercontent.com/caldav/v2/";

/// How long one request to the token endpoint may take.
pub const TOKEN_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest answer a token endpoint may give (Google's are under 2 KB).
const MAX_TOKEN_ANSWER: u64 = 64 * 1024;

/// The largest request the loopback listener reads (a redirect is one line).
const MAX_REDIRECT_REQUEST: usize = 16 * 1024;

/// The user's OAuth client and the endpoints it signs in at.
#[derive(Clone)]
pub struct Client {
    /// The client id (not secret: it is in every sign-in address).
    pub client_id: String,
    /// The client secret, wiped from memory when dropped.
    pub client_secret: Zeroizing<String>,
    /// The authorization endpoint the browser opens.
    pub auth_url: String,
    /// The token endpoint (https, or plain http on the loopback for tests).
    pub token_url: String,
    /// The scopes asked for, separated by spaces.
    pub scope: String,
    /// How long one request to the token endpoint may take.
    pub timeout: Duration,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("client_id", &self.client_id)
            .field("token_url", &self.token_url)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The user's OAuth client at Google, asking for their calendars.
    pub fn google(client_id: String, client_secret: Zeroizing<String>) -> Client {
        Client {
            client_id,
            client_secret,
            auth_url: GOOGLE_AUTH_URL.to_string(),
            token_url: GOOGLE_TOKEN_URL.to_string(),
            scope: GOOGLE_CALENDAR_SCOPE.to_string(),
            timeout: TOKEN_TIMEOUT,
        }
    }
}

/// What the token endpoint gave.
pub struct Tokens {
    /// The access token, for `Authorization: Bearer`.
    pub access_token: Zeroizing<String>,
    /// A refresh token: always after a sign-in (asked for with `access_type=offline`),
    /// after a refresh only when the server rotates it (then it replaces the old one).
    pub refresh_token: Option<Zeroizing<String>>,
    /// How long the access token lasts from the answer, when the server says.
    pub expires_in: Option<Duration>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens")
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| "…"))
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// Why a sign-in or a refresh gave no token, in words the user acts on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OAuthError {
    /// The loopback listener could not be opened or broke.
    #[error("bearing cannot listen for the sign-in on 127.0.0.1: {0}")]
    Listen(String),
    /// The browser did not come back before the deadline.
    #[error(
        "the sign-in did not come back to bearing in time: run the command again and finish signing in in the browser"
    )]
    TimedOut,
    /// Only answers to another sign-in came back (their `state` was not this one's).
    #[error(
        "the browser came back with a sign-in bearing did not start (its state did not match), so bearing ignored it: run the command again"
    )]
    WrongState,
    /// The user (or the server) refused access in the browser.
    #[error(
        "the sign-in was refused in the browser ({error}): run the command again and allow bearing access to the calendar"
    )]
    Denied {
        /// The OAuth error code (`access_denied`).
        error: String,
    },
    /// The saved refresh token no longer works.
    #[error(
        "{host} no longer accepts bearing's saved sign-in (invalid_grant: it expired or was revoked): sign in again with `bearing account add NAME --google --client-id ID --client-secret-command CMD`. An OAuth client left in \"Testing\" status in the Google Cloud console loses its tokens after 7 days: set it to \"In production\" to keep them"
    )]
    Expired {
        /// The token endpoint's host.
        host: String,
    },
    /// The code from the browser was refused (used, expired, or not for this sign-in).
    #[error("{host} refused the sign-in's code (invalid_grant): run the command again")]
    CodeRefused {
        /// The token endpoint's host.
        host: String,
    },
    /// The OAuth client is unknown or its secret wrong.
    #[error(
        "{host} refused the OAuth client ({error}): check the client id and what the client secret command prints"
    )]
    InvalidClient {
        /// The token endpoint's host.
        host: String,
        /// The OAuth error code.
        error: String,
    },
    /// Another refusal from the token endpoint.
    #[error("{host} refused to give a token ({error}{})", description.as_ref().map(|d| format!(": {d}")).unwrap_or_default())]
    Refused {
        /// The token endpoint's host.
        host: String,
        /// The OAuth error code.
        error: String,
        /// The server's explanation, when it gives one.
        description: Option<String>,
    },
    /// The request failed, timed out, or the endpoint answered an error without words.
    #[error("the token endpoint {host} {error}")]
    Http {
        /// The token endpoint's host.
        host: String,
        /// What went wrong.
        error: HttpError,
    },
    /// The answer was not a token.
    #[error("{host} gave an answer bearing cannot read as a token: {reason}")]
    BadAnswer {
        /// The token endpoint's host.
        host: String,
        /// Why.
        reason: String,
    },
    /// The token endpoint's address is not one bearing sends a secret to.
    #[error("{address} cannot be a token endpoint: {reason}")]
    Endpoint {
        /// The address.
        address: String,
        /// Why.
        reason: String,
    },
}

/// One sign-in under way: the loopback listener the browser comes back to, the `state`
/// that proves an answer is this sign-in's, and the PKCE verifier.
pub struct SignIn {
    listener: TcpListener,
    redirect_uri: String,
    state: Zeroizing<String>,
    verifier: Zeroizing<String>,
}

impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIn")
            .field("redirect_uri", &self.redirect_uri)
            .finish_non_exhaustive()
    }
}

/// What one request to the loopback listener was.
enum Visit {
    Code(Zeroizing<String>),
    Denied(String),
    WrongState,
    Other,
}

impl SignIn {
    /// Opens the loopback listener on a free port of 127.0.0.1 and makes the state and
    /// the PKCE verifier.
    pub fn start() -> Result<SignIn, OAuthError> {
        let listen = |e: std::io::Error| OAuthError::Listen(e.to_string());
        let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(listen)?;
        let port = listener.local_addr().map_err(listen)?.port();
        Ok(SignIn {
            listener,
            redirect_uri: format!("http://127.0.0.1:{port}/"),
            state: random_text(16)?,
            verifier: random_text(32)?,
        })
    }

    /// Where the browser comes back to: `http://127.0.0.1:PORT/`.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// The address the user opens in their browser to sign in.
    pub fn authorize_url(&self, client: &Client) -> String {
        let query = form(&[
            ("client_id", client.client_id.as_str()),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("response_type", "code"),
            ("scope", client.scope.as_str()),
            ("state", self.state.as_str()),
            ("code_challenge", pkce_challenge(&self.verifier).as_str()),
            ("code_challenge_method", "S256"),
            // A refresh token (Google gives one only for offline access, and again on a
            // second sign-in only when asked to consent again).
            ("access_type", "offline"),
            ("prompt", "consent"),
        ]);
        let join = if client.auth_url.contains('?') {
            '&'
        } else {
            '?'
        };
        format!("{}{join}{}", client.auth_url, query.as_str())
    }

    /// Waits until `deadline` for the browser to come back with this sign-in's code.
    /// Other requests (a favicon) get a 404, an answer with another `state` a 400, and
    /// the wait goes on: a page on another site cannot end the sign-in.
    pub fn wait_for_code(&self, deadline: Instant) -> Result<Zeroizing<String>, OAuthError> {
        let listen = |e: std::io::Error| OAuthError::Listen(e.to_string());
        self.listener.set_nonblocking(true).map_err(listen)?;
        let mut wrong_state = false;
        loop {
            match self.listener.accept() {
                Ok((stream, _)) => match self.visit(stream, deadline) {
                    Visit::Code(code) => return Ok(code),
                    Visit::Denied(error) => return Err(OAuthError::Denied { error }),
                    Visit::WrongState => wrong_state = true,
                    Visit::Other => {}
                },
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    let now = Instant::now();
                    if now >= deadline {
                        return Err(if wrong_state {
                            OAuthError::WrongState
                        } else {
                            OAuthError::TimedOut
                        });
                    }
                    std::thread::sleep((deadline - now).min(Duration::from_millis(25)));
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(listen(e)),
            }
        }
    }

    /// Trades the browser's `code` for tokens, proving with the verifier that this is
    /// the client that started the sign-in.
    pub fn exchange_code(&self, client: &Client, code: &str) -> Result<Tokens, OAuthError> {
        post_token(
            client,
            &[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", self.redirect_uri.as_str()),
                ("client_id", client.client_id.as_str()),
                ("client_secret", client.client_secret.as_str()),
                ("code_verifier", self.verifier.as_str()),
            ],
            false,
        )
    }

    /// Reads one request to the listener and answers it with a page for the browser.
    fn visit(&self, mut stream: TcpStream, deadline: Instant) -> Visit {
        let left = deadline.saturating_duration_since(Instant::now());
        let _ = stream.set_nonblocking(false);
        let _ = stream.set_read_timeout(Some(
            left.clamp(Duration::from_millis(100), Duration::from_secs(5)),
        ));
        let head = read_head(&mut stream);
        let target = head
            .strip_prefix("GET ")
            .and_then(|rest| rest.split(' ').next())
            .unwrap_or("");
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        if path != "/" || query.is_empty() {
            reply(
                &mut stream,
                404,
                "Not found",
                "This is bearing's sign-in listener.",
            );
            return Visit::Other;
        }
        let params = parse_form(query);
        let get = |name: &str| params.iter().find(|(n, _)| n == name).map(|(_, v)| v);
        let state_matches = get("state").is_some_and(|s| {
            s.len() == self.state.len() && openssl::memcmp::eq(s.as_bytes(), self.state.as_bytes())
        });
        if !state_matches {
            reply(
                &mut stream,
                400,
                "Bad Request",
                "This sign-in was not started by bearing now, so bearing ignored it.",
            );
            return Visit::WrongState;
        }
        if let Some(error) = get("error") {
            let error: String = error
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                .take(64)
                .collect();
            reply(
                &mut stream,
                200,
                "OK",
                "bearing was not given access. You can close this tab and go back to the terminal.",
            );
            return Visit::Denied(error);
        }
        let Some(code) = get("code") else {
            reply(
                &mut stream,
                400,
                "Bad Request",
                "This answer holds no sign-in code.",
            );
            return Visit::Other;
        };
        reply(
            &mut stream,
            200,
            "OK",
            "bearing is signed in. You can close this tab and go back to the terminal.",
        );
        Visit::Code(Zeroizing::new(code.clone()))
    }
}

/// Trades `refresh_token` for a new access token (and, where the server rotates them, a
/// new refresh token that replaces it).
pub fn refresh(client: &Client, refresh_token: &str) -> Result<Tokens, OAuthError> {
    post_token(
        client,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", client.client_id.as_str()),
            ("client_secret", client.client_secret.as_str()),
        ],
        true,
    )
}

/// The token endpoint's answer as sent: a token, or an error.
#[derive(serde::Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    refresh_token: Option<String>,
    expires_in: Option<serde_json::Value>,
    error: Option<String>,
    error_description: Option<String>,
}

/// Posts `pairs` to the token endpoint and reads its answer; `refreshing` says which
/// words an `invalid_grant` gets.
fn post_token(
    client: &Client,
    pairs: &[(&str, &str)],
    refreshing: bool,
) -> Result<Tokens, OAuthError> {
    let host = endpoint_host(&client.token_url)?;
    let limits = Limits {
        timeout: client.timeout,
        max_bytes: MAX_TOKEN_ANSWER,
    };
    let deadline = Instant::now() + client.timeout;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(client.timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(concat!("bearing/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let body = form(pairs);
    let failed = |error: HttpError| OAuthError::Http {
        host: host.clone(),
        error,
    };
    let mut response = agent
        .post(&client.token_url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .send(body.as_bytes())
        .map_err(|e| failed(from_ureq(e, limits)))?;
    let status = response.status();
    let announced = response.body().content_length();
    let bytes = Zeroizing::new(
        read_body(response.body_mut().as_reader(), announced, limits, deadline).map_err(failed)?,
    );
    let answer: Option<TokenAnswer> = serde_json::from_slice(&bytes).ok();
    let Some(answer) = answer else {
        return Err(if status.is_success() {
            OAuthError::BadAnswer {
                host,
                reason: "it is not JSON".to_string(),
            }
        } else {
            failed(HttpError::Status(status.as_u16()))
        });
    };
    if let Some(error) = answer.error.filter(|_| !status.is_success()) {
        return Err(refusal(host, error, answer.error_description, refreshing));
    }
    if !status.is_success() {
        return Err(failed(HttpError::Status(status.as_u16())));
    }
    let Some(access_token) = answer.access_token.filter(|t| !t.is_empty()) else {
        return Err(OAuthError::BadAnswer {
            host,
            reason: "it holds no access_token".to_string(),
        });
    };
    let expires_in = answer.expires_in.and_then(|v| {
        v.as_u64()
            .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
    });
    Ok(Tokens {
        access_token: Zeroizing::new(access_token),
        refresh_token: answer
            .refresh_token
            .filter(|t| !t.is_empty())
            .map(Zeroizing::new),
        expires_in: expires_in.map(Duration::from_secs),
    })
}

/// The token endpoint's refusal `error` in words the user acts on.
fn refusal(
    host: String,
    error: String,
    description: Option<String>,
    refreshing: bool,
) -> OAuthError {
    match error.as_str() {
        "invalid_grant" if refreshing => OAuthError::Expired { host },
        "invalid_grant" => OAuthError::CodeRefused { host },
        "invalid_client" | "unauthorized_client" => OAuthError::InvalidClient { host, error },
        _ => OAuthError::Refused {
            host,
            error,
            // The server's own sentence, kept short and to one line.
            description: description
                .map(|d| d.chars().filter(|c| !c.is_control()).take(200).collect()),
        },
    }
}

/// The host of the token endpoint `address`, refused unless it is https (or plain http
/// to the loopback, where nothing crosses a network): the client secret and the refresh
/// token go there.
fn endpoint_host(address: &str) -> Result<String, OAuthError> {
    let refuse = |reason: &str| OAuthError::Endpoint {
        address: address.to_string(),
        reason: reason.to_string(),
    };
    let uri: http::Uri = address
        .parse()
        .map_err(|_| refuse("it is not an address"))?;
    let host = uri
        .host()
        .ok_or_else(|| refuse("it names no host"))?
        .to_ascii_lowercase();
    let loopback = host == "localhost"
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match uri.scheme_str() {
        Some("https") => Ok(host),
        Some("http") if loopback => Ok(host),
        _ => Err(refuse(
            "it is not https (the client secret and tokens would cross the network in clear)",
        )),
    }
}

/// `bytes` random bytes from the system, as base64url text without padding.
fn random_text(bytes: usize) -> Result<Zeroizing<String>, OAuthError> {
    use base64::Engine as _;
    let mut raw = Zeroizing::new(vec![0u8; bytes]);
    getrandom::fill(&mut raw).map_err(|e| OAuthError::Listen(e.to_string()))?;
    Ok(Zeroizing::new(
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&*raw),
    ))
}

/// The PKCE S256 challenge of `verifier`: base64url(SHA-256(verifier)), no padding.
pub fn pkce_challenge(verifier: &str) -> String {
    use base64::Engine as _;
    let digest = openssl::sha::sha256(verifier.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
}

/// `pairs` as `application/x-www-form-urlencoded` text.
fn form(pairs: &[(&str, &str)]) -> Zeroizing<String> {
    let mut text = Zeroizing::new(String::new());
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            text.push('&');
        }
        encode_into(&mut text, name);
        text.push('=');
        encode_into(&mut text, value);
    }
    text
}

/// Appends `value` percent-encoded: all but RFC 3986's unreserved characters.
fn encode_into(text: &mut String, value: &str) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            text.push(char::from(byte));
        } else {
            text.push_str(&format!("%{byte:02X}"));
        }
    }
}

/// The pairs of a query or form text, decoded (`+` is a space); a pair that does not
/// decode to UTF-8 is left out.
fn parse_form(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .filter_map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Some((decode(name)?, decode(value)?))
        })
        .collect()
}

fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// The head of one request, up to its blank line (or what came before the time ran out).
fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < MAX_REDIRECT_REQUEST {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// Answers the browser with a one-line page, and closes the connection.
fn reply(stream: &mut TcpStream, status: u16, reason: &str, words: &str) {
    let page = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>bearing</title></head><body><p>{words}</p></body></html>"
    );
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{page}",
        page.len()
    );
    let _ = stream.flush();
}

#[cfg(test)]
#[path = "oauth_tests.rs"]
mod tests;
