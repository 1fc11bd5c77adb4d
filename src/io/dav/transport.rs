//! One CalDAV server, spoken to over the ureq agent bearing already has: every request
//! libdav builds (`http::Request<String>`) is sent here, with the account's credentials,
//! one deadline and the decompressed-size limit of [`crate::io::http`].
//!
//! Redirects are followed here, not by ureq: only to the same host, or to a host of the
//! same registrable domain as the address the user gave (iCloud's discovery moves to
//! `pNN-caldav.icloud.com`), and the Authorization header goes nowhere else.
//!
//! A password goes as Basic with the first request over https (one round trip where most
//! servers take Basic); over plain http nothing goes until the server's 401 says which
//! scheme it takes, so a Digest server never sees the password itself. A Digest
//! challenge is answered and kept for the next requests (its nonce count going up), and
//! answered anew when the server calls the nonce stale; only a 401 after a real answer
//! is [`DavError::Unauthorized`].

use std::sync::Mutex;
use std::time::{Duration, Instant};

use http::{HeaderValue, Method, Request, Uri, header};
use zeroize::Zeroizing;

use super::digest;
use crate::io::http::{HttpError, Limits, read_body};

/// How many redirects one request may follow.
const MAX_REDIRECTS: usize = 5;

/// The largest answer a CalDAV server may give to one request (a multiget of a year's
/// calendar is a few MB).
pub const MAX_ANSWER_BYTES: u64 = 100 * 1024 * 1024;

/// How long one request may take unless the account says otherwise.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// How bearing proves who it is to the server.
#[derive(Clone)]
pub enum Auth {
    /// No credentials (a server on a trusted network).
    None,
    /// A user name and password (Basic, or Digest when the server asks for it).
    Password {
        /// The user name.
        user: String,
        /// The password, wiped from memory when dropped.
        password: Zeroizing<String>,
    },
    /// An OAuth access token (Google).
    Bearer(Zeroizing<String>),
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the secret itself.
        match self {
            Auth::None => f.write_str("Auth::None"),
            Auth::Password { user, .. } => write!(f, "Auth::Password({user})"),
            Auth::Bearer(_) => f.write_str("Auth::Bearer"),
        }
    }
}

/// What a connection to a server may take and trust.
#[derive(Debug, Clone)]
pub struct Options {
    /// How long one request may take, from connecting to its answer's last byte.
    pub timeout: Duration,
    /// How many bytes one answer may hold, unpacked.
    pub max_bytes: u64,
    /// A PEM file of certificate authorities to trust instead of the usual ones (a
    /// self-hosted server with its own authority).
    pub ca_file: Option<std::path::PathBuf>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            timeout: REQUEST_TIMEOUT,
            max_bytes: MAX_ANSWER_BYTES,
            ca_file: None,
        }
    }
}

/// Why a request to a CalDAV server gave nothing usable. No address with a secret and no
/// credential is ever in these words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DavError {
    /// The server refused the credentials.
    #[error("{host} refused the user name or password (401): check them, or the password command")]
    Unauthorized {
        /// The server's host.
        host: String,
    },
    /// The request failed, timed out, or its answer was too large.
    #[error("{host} {error}")]
    Http {
        /// The server's host.
        host: String,
        /// What went wrong.
        error: HttpError,
    },
    /// A redirect to a host bearing does not send the credentials to.
    #[error(
        "{from} sent bearing on to {to}, which is not part of {from}'s domain: bearing does not follow it (give that address instead if you trust it)"
    )]
    ForeignRedirect {
        /// The host that redirected.
        from: String,
        /// Where it pointed.
        to: String,
    },
    /// Redirects that never end.
    #[error("{host} redirected bearing more than {MAX_REDIRECTS} times")]
    TooManyRedirects {
        /// The host.
        host: String,
    },
    /// The answer could not be understood, or the request could not be made.
    #[error("{host} gave an answer bearing cannot read: {reason}")]
    BadAnswer {
        /// The host.
        host: String,
        /// Why.
        reason: String,
    },
    /// What the journal holds of the calendar could not be read (the journal's words).
    #[error("{0}")]
    Journal(String),
    /// The CA file could not be read or holds no certificate.
    #[error("cannot use the certificate file {path}: {reason}")]
    CaFile {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
}

/// One answer: where it finally came from (after redirects), its head and its body.
#[derive(Debug)]
pub struct Answer {
    /// The address that answered (the request's, or where redirects led).
    pub url: Uri,
    /// Status and headers.
    pub parts: http::response::Parts,
    /// The body, unpacked.
    pub body: Vec<u8>,
}

/// What credentials went with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sent {
    Nothing,
    Basic,
    Digest,
    Bearer,
}

/// How the server wants the password, as far as this transport has learnt.
#[derive(Debug)]
enum Scheme {
    /// Not asked yet.
    Unknown,
    /// Basic.
    Basic,
    /// Digest, with the server's last challenge and its nonce count.
    Digest(digest::Session),
}

/// A connection to one CalDAV server.
pub struct Transport {
    agent: ureq::Agent,
    /// The address the user gave: what redirects and credentials are judged against.
    base: Uri,
    /// The server's origin that paths are sent to (after discovery, where it led).
    server: Uri,
    auth: Auth,
    limits: Limits,
    /// What the server asked for, kept for the next requests (a Digest challenge is
    /// answered without a round trip until its nonce goes stale).
    scheme: Mutex<Scheme>,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("base", &self.base)
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

/// The host of `uri`, lower case, for messages and for the redirect rule.
pub fn host_of(uri: &Uri) -> String {
    uri.host().unwrap_or("the server").to_ascii_lowercase()
}

/// Whether credentials for `given` may go to `to`: the same host, or a host of the same
/// registrable domain (by the public suffix list, so `a.github.io` and `b.github.io` are
/// not one), over https unless `given` was plain http too.
pub fn may_follow(given: &Uri, to: &Uri) -> bool {
    let (Some(a), Some(b)) = (given.host(), to.host()) else {
        return false;
    };
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    let secure_enough = to.scheme_str() == Some("https") || given.scheme_str() == to.scheme_str();
    if !secure_enough {
        return false;
    }
    if a == b {
        return true;
    }
    // An address is its own domain: the public suffix rules would read `127.0.0.1` and
    // `10.0.0.1` as two hosts of the domain `0.1`.
    let is_ip = |h: &str| h.starts_with('[') || h.parse::<std::net::IpAddr>().is_ok();
    if is_ip(&a) || is_ip(&b) {
        return false;
    }
    match (psl::domain_str(&a), psl::domain_str(&b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

impl Transport {
    /// A connection to the server at `base` (an http(s) address).
    pub fn new(base: Uri, auth: Auth, options: &Options) -> Result<Transport, DavError> {
        let mut config = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .allow_non_standard_methods(true)
            .user_agent(concat!("bearing/", env!("CARGO_PKG_VERSION")));
        if let Some(path) = &options.ca_file {
            config = config.tls_config(ca_config(path)?);
        }
        Ok(Transport {
            agent: config.build().into(),
            server: base.clone(),
            base,
            auth,
            limits: Limits {
                timeout: options.timeout,
                max_bytes: options.max_bytes,
            },
            scheme: Mutex::new(Scheme::Unknown),
        })
    }

    /// The address the user gave.
    pub fn base(&self) -> &Uri {
        &self.base
    }

    /// The server's origin that paths go to.
    pub fn server(&self) -> &Uri {
        &self.server
    }

    /// This transport, sending paths to `server` (where discovery led).
    #[must_use]
    pub fn with_server(mut self, server: Uri) -> Transport {
        self.server = server;
        self
    }

    /// Sends `request`, following redirects the rule allows and answering the server's
    /// challenge (Basic or Digest), and returns the answer whatever its status, except a
    /// 401 after the credentials were given (an error: they are wrong). The body is text
    /// (libdav's requests) or bytes (the journal sync's sealed files).
    pub fn send<B: Into<Vec<u8>>>(&self, request: Request<B>) -> Result<Answer, DavError> {
        let deadline = Instant::now() + self.limits.timeout;
        let (head, body) = request.into_parts();
        let body: Vec<u8> = body.into();
        let mut url = head.uri.clone();
        let mut method = head.method.clone();
        let mut redirects = 0;
        // Challenges answered at this address: one, and one more for a stale nonce.
        let mut answered = 0;
        loop {
            let (sent, mut response) =
                self.attempt(&head.headers, &method, &url, &body, deadline)?;
            let status = response.status();
            if status == http::StatusCode::UNAUTHORIZED {
                if answered < 2 && self.take_challenge(&response, sent, answered, &url) {
                    answered += 1;
                    continue;
                }
                return Err(DavError::Unauthorized {
                    host: host_of(&url),
                });
            }
            if status.is_redirection()
                && let Some(next) = response.headers().get(header::LOCATION)
            {
                let next = resolve(&url, next)
                    .ok_or_else(|| self.bad(&"a redirect without a usable address"))?;
                if !may_follow(&self.base, &next) {
                    return Err(DavError::ForeignRedirect {
                        from: host_of(&url),
                        to: host_of(&next),
                    });
                }
                redirects += 1;
                if redirects > MAX_REDIRECTS {
                    return Err(DavError::TooManyRedirects {
                        host: host_of(&self.base),
                    });
                }
                if status == http::StatusCode::SEE_OTHER {
                    method = Method::GET;
                }
                url = next;
                answered = 0;
                continue;
            }
            let announced = response.body().content_length();
            let bytes = read_body(
                response.body_mut().as_reader(),
                announced,
                self.limits,
                deadline,
            )
            .map_err(|e| self.failed(&url, e))?;
            let (parts, _) = response.into_parts();
            return Ok(Answer {
                url,
                parts,
                body: bytes,
            });
        }
    }

    /// Sends one request to `url` with the credentials it may have, within what is left
    /// of `deadline`; returns what kind of credentials went with it, and the answer's head.
    fn attempt(
        &self,
        headers: &http::HeaderMap,
        method: &Method,
        url: &Uri,
        body: &[u8],
        deadline: Instant,
    ) -> Result<(Sent, http::Response<ureq::Body>), DavError> {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(self.failed(
                url,
                HttpError::Timeout {
                    seconds: self.limits.timeout.as_secs(),
                },
            ));
        }
        let mut builder = Request::builder().method(method.clone()).uri(url.clone());
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        let mut sent = Sent::Nothing;
        if may_follow(&self.base, url)
            && let Some((kind, value)) = self.authorization(method, url, body)
        {
            builder = builder.header(header::AUTHORIZATION, value);
            sent = kind;
        }
        let request = builder.body(body).map_err(|e| self.bad(&e))?;
        let request = self
            .agent
            .configure_request(request)
            .timeout_global(Some(left))
            .build();
        let response = self
            .agent
            .run(request)
            .map_err(|e| self.failed(url, transport_error(e, self.limits)))?;
        Ok((sent, response))
    }

    /// Whether to send `url` again after its 401 `response`, and with what: the Digest
    /// challenge it offers (remembered for the next requests), or Basic. Not when the
    /// same credentials were just refused: a Digest answer is repeated only for a nonce
    /// the server calls stale, Basic never.
    fn take_challenge(
        &self,
        response: &http::Response<ureq::Body>,
        sent: Sent,
        answered: usize,
        url: &Uri,
    ) -> bool {
        if !matches!(self.auth, Auth::Password { .. }) || !may_follow(&self.base, url) {
            return false;
        }
        let values = response
            .headers()
            .get_all(header::WWW_AUTHENTICATE)
            .iter()
            .filter_map(|v| v.to_str().ok());
        let offers = digest::offers(values);
        let mut scheme = self
            .scheme
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(challenge) = offers.digest {
            if answered == 0 || challenge.stale {
                *scheme = Scheme::Digest(digest::Session::new(challenge));
                return true;
            }
            return false;
        }
        // Basic offered (or a 401 that names nothing: Basic is what is left to try).
        if answered == 0 && sent != Sent::Basic {
            *scheme = Scheme::Basic;
            return true;
        }
        false
    }

    /// Sends libdav's `request` (its paths taken against the server's base) and parses
    /// the answer with it.
    pub fn run<R>(&self, request: &R) -> Result<R::Response, DavError>
    where
        R: libdav::requests::DavRequest,
        R::ParseError: std::fmt::Display,
    {
        let prepared = request
            .prepare_request(self.server.clone())
            .map_err(|e| self.bad(&e))?;
        let answer = self.send(prepared)?;
        request
            .parse_response(&answer.parts, &answer.body)
            .map_err(|e| self.bad(&e))
    }

    /// The `Authorization` value for a request, and its kind: Basic over https until
    /// the server asks otherwise; over plain http nothing until the server says which it
    /// takes, so a Digest server (Baïkal's default, often on a home network without TLS)
    /// never sees the password itself; Digest once a server asked for it.
    fn authorization(
        &self,
        method: &Method,
        url: &Uri,
        body: &[u8],
    ) -> Option<(Sent, HeaderValue)> {
        use base64::Engine as _;
        let (kind, value) = match &self.auth {
            Auth::None => return None,
            Auth::Password { user, password } => {
                let mut scheme = self
                    .scheme
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                match &mut *scheme {
                    Scheme::Unknown if url.scheme_str() != Some("https") => return None,
                    Scheme::Unknown | Scheme::Basic => (
                        Sent::Basic,
                        Zeroizing::new(format!(
                            "Basic {}",
                            base64::engine::general_purpose::STANDARD.encode(
                                Zeroizing::new(format!("{user}:{}", password.as_str())).as_bytes()
                            )
                        )),
                    ),
                    Scheme::Digest(session) => {
                        let target = digest::Target {
                            method: method.as_str(),
                            uri: url
                                .path_and_query()
                                .map_or("/", http::uri::PathAndQuery::as_str),
                            body,
                        };
                        (Sent::Digest, session.authorize(user, password, target))
                    }
                }
            }
            Auth::Bearer(token) => (
                Sent::Bearer,
                Zeroizing::new(format!("Bearer {}", token.as_str())),
            ),
        };
        let mut value = HeaderValue::from_str(&value).ok()?;
        value.set_sensitive(true);
        Some((kind, value))
    }

    fn failed(&self, url: &Uri, error: HttpError) -> DavError {
        DavError::Http {
            host: host_of(url),
            error,
        }
    }

    fn bad(&self, why: &dyn std::fmt::Display) -> DavError {
        DavError::BadAnswer {
            host: host_of(&self.base),
            reason: why.to_string(),
        }
    }
}

/// A ureq error in words, without the address: a certificate the client does not
/// trust says so and what to do.
fn transport_error(e: ureq::Error, limits: Limits) -> HttpError {
    // rustls's refusal reaches here as itself, or (during the handshake) inside an
    // `io::Error` of kind `InvalidData`.
    let tls = match &e {
        ureq::Error::Rustls(tls) => Some(tls.to_string()),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::InvalidData => {
            io.get_ref().map(ToString::to_string)
        }
        _ => None,
    };
    if let Some(why) = tls.filter(|why| why.contains("certificate")) {
        return HttpError::Failed(format!(
            "the secure connection failed: the server's certificate is not trusted ({}); a server with its own certificate authority needs that authority's PEM file as ca_file",
            why.trim_start_matches("invalid peer certificate: ")
        ));
    }
    if let ureq::Error::Rustls(tls) = &e {
        return HttpError::Failed(format!("the secure connection failed ({tls})"));
    }
    crate::io::http::from_ureq(e, limits)
}

/// `location` read against `from`: absolute, or a path on the same server.
fn resolve(from: &Uri, location: &HeaderValue) -> Option<Uri> {
    let text = location.to_str().ok()?;
    let uri: Uri = text.parse().ok()?;
    if uri.scheme().is_some() {
        return Some(uri);
    }
    let mut parts = from.clone().into_parts();
    parts.path_and_query = Some(if text.starts_with('/') {
        text.parse().ok()?
    } else {
        let path = from.path();
        let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{text}").parse().ok()?
    });
    Uri::from_parts(parts).ok()
}

/// A TLS configuration trusting only the authorities in the PEM file at `path`.
fn ca_config(path: &std::path::Path) -> Result<ureq::tls::TlsConfig, DavError> {
    let refuse = |reason: String| DavError::CaFile {
        path: path.display().to_string(),
        reason,
    };
    let pem = std::fs::read(path).map_err(|e| refuse(e.to_string()))?;
    let certs: Vec<ureq::tls::Certificate<'static>> = ureq::tls::parse_pem(&pem)
        .filter_map(|item| match item {
            Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
            _ => None,
        })
        .collect();
    if certs.is_empty() {
        return Err(refuse("it holds no PEM certificate".to_string()));
    }
    Ok(ureq::tls::TlsConfig::builder()
        .root_certs(ureq::tls::RootCerts::new_with_certs(&certs))
        .build())
}

#[cfg(test)]
#[path = "transport_tests.rs"]
mod tests;
