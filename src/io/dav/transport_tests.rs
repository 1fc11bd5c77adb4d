//! The transport against the testkit's loopback server (credentials, redirects, limits,
//! Digest as Baïkal asks for it) and against a TLS server whose certificate authority is
//! made at test time (`ca_file`).

use std::io::Write as _;
use std::sync::{Arc, Mutex};

use super::*;
use crate::testkit::fake_caldav::auth::{expected_response, params};
use crate::testkit::{HttpServer, Reply};

const USER: &str = "alice";
const PASSWORD: &str = "hunter2-secret";

fn password(password: &str) -> Auth {
    Auth::Password {
        user: USER.to_string(),
        password: Zeroizing::new(password.to_string()),
    }
}

fn transport(base: &str, auth: Auth) -> Transport {
    Transport::new(base.parse().unwrap(), auth, &Options::default()).unwrap()
}

fn get(url: &str) -> Request<String> {
    Request::get(url).body(String::new()).unwrap()
}

fn basic() -> String {
    use base64::Engine as _;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"))
    )
}

/// The `Authorization` header of every request a server got, in order.
type Seen = Arc<Mutex<Vec<Option<String>>>>;

/// A server that asks for Basic (401) until it gets `basic()`, then answers `then`.
fn basic_server(
    then: impl Fn(&crate::testkit::Request) -> Reply + Send + Sync + 'static,
) -> (HttpServer, Seen) {
    let seen = Seen::default();
    let log = Arc::clone(&seen);
    let server = HttpServer::answering(move |r| {
        let auth = r.header("authorization").map(str::to_string);
        log.lock().unwrap().push(auth.clone());
        if auth.as_deref() == Some(basic().as_str()) {
            then(r)
        } else {
            Reply::status(401, "").header("WWW-Authenticate", r#"Basic realm="cal""#)
        }
    });
    (server, seen)
}

/// A server that records each request's `Authorization` and answers `200 moved here`.
fn recording_server() -> (HttpServer, Seen) {
    let seen = Seen::default();
    let log = Arc::clone(&seen);
    let server = HttpServer::answering(move |r| {
        log.lock()
            .unwrap()
            .push(r.header("authorization").map(str::to_string));
        Reply::ok("moved here")
    });
    (server, seen)
}

#[test]
fn may_follow_keeps_credentials_within_the_registrable_domain() {
    let uri = |s: &str| s.parse::<Uri>().unwrap();
    let cases = [
        (
            "https://caldav.icloud.com/",
            "https://p42-caldav.icloud.com/123/",
            true,
        ),
        (
            "https://caldav.icloud.com/",
            "https://CALDAV.icloud.com:8443/",
            true,
        ),
        ("https://caldav.icloud.com/", "https://evil.com/", false),
        (
            "https://caldav.icloud.com/",
            "https://icloud.com.evil.com/",
            false,
        ),
        ("https://a.github.io/", "https://b.github.io/", false),
        ("https://a.github.io/", "https://a.github.io/dav/", true),
        (
            "https://dav.example.co.uk/",
            "https://cal.example.co.uk/",
            true,
        ),
        ("https://dav.example.co.uk/", "https://other.co.uk/", false),
        (
            "https://caldav.icloud.com/",
            "http://p42-caldav.icloud.com/",
            false,
        ),
        (
            "https://caldav.icloud.com/",
            "http://caldav.icloud.com/",
            false,
        ),
        ("http://baikal.lan/", "http://baikal.lan/dav.php/", true),
        ("http://baikal.lan/", "https://baikal.lan/dav.php/", true),
        ("http://127.0.0.1:5232/", "http://127.0.0.1:5233/", true),
        ("http://127.0.0.1/", "http://10.0.0.1/", false),
        ("http://127.0.0.1/", "http://localhost/", false),
        ("http://[::1]:80/", "http://[::2]/", false),
        ("https://caldav.icloud.com/", "/relative", false),
    ];
    for (given, to, allowed) in cases {
        assert_eq!(
            may_follow(&uri(given), &uri(to)),
            allowed,
            "{given} -> {to}"
        );
    }
}

#[test]
fn basic_goes_at_once_over_https_and_after_the_challenge_over_plain_http() {
    let (server, seen) = basic_server(|r| Reply::ok(format!("hello {}", r.path)));
    let transport = transport(&server.url("/"), password(PASSWORD));
    let answer = transport.send(get(&server.url("/dav/"))).unwrap();
    assert_eq!(answer.parts.status, 200);
    assert_eq!(answer.body, b"hello /dav/");
    // Remembered: the next request carries Basic from the start.
    transport.send(get(&server.url("/dav/cal/"))).unwrap();
    assert_eq!(
        *seen.lock().unwrap(),
        vec![None, Some(basic()), Some(basic())],
        "plain http: nothing until the server says which it takes"
    );
    // Over https the header goes with the first request: see the ca_file test.
}

#[test]
fn a_redirect_to_another_port_of_the_same_host_is_followed_with_the_credentials() {
    let (second, second_seen) = recording_server();
    let target = second.url("/dav/calendars/");
    let (first, _) = basic_server(move |_| Reply::status(301, "").header("Location", &target));
    let transport = transport(&first.url("/"), password(PASSWORD));
    let answer = transport
        .send(get(&first.url("/.well-known/caldav")))
        .unwrap();
    assert_eq!(answer.url.to_string(), second.url("/dav/calendars/"));
    assert_eq!(answer.body, b"moved here");
    assert_eq!(*second_seen.lock().unwrap(), vec![Some(basic())]);
}

#[test]
fn a_redirect_out_of_the_domain_is_refused_and_the_host_gets_nothing() {
    let (elsewhere, elsewhere_seen) = recording_server();
    for (to, named) in [
        (
            format!("http://localhost:{}/steal", elsewhere.port()),
            "localhost",
        ),
        (
            format!("http://127.0.0.2:{}/steal", elsewhere.port()),
            "127.0.0.2",
        ),
    ] {
        let (first, first_seen) =
            basic_server(move |_| Reply::status(302, "").header("Location", &to));
        let transport = transport(&first.url("/"), password(PASSWORD));
        let error = transport.send(get(&first.url("/dav/"))).unwrap_err();
        assert_eq!(
            error,
            DavError::ForeignRedirect {
                from: "127.0.0.1".to_string(),
                to: named.to_string()
            }
        );
        assert!(error.to_string().contains("does not follow it"), "{error}");
        assert_eq!(
            first_seen.lock().unwrap().len(),
            2,
            "the challenge, then Basic"
        );
    }
    assert_eq!(
        elsewhere.requests(),
        0,
        "never asked, so never sent the header"
    );
    assert!(elsewhere_seen.lock().unwrap().is_empty());
}

#[test]
fn a_redirect_loop_ends_with_a_clear_error() {
    let server = HttpServer::answering(|r| {
        let next = if r.path == "/a" { "/b" } else { "/a" };
        Reply::status(302, "").header("Location", next)
    });
    let transport = transport(&server.url("/"), Auth::None);
    let error = transport.send(get(&server.url("/a"))).unwrap_err();
    assert_eq!(
        error,
        DavError::TooManyRedirects {
            host: "127.0.0.1".to_string()
        }
    );
    assert_eq!(server.requests(), MAX_REDIRECTS + 1);
    assert!(error.to_string().contains("more than 5 times"), "{error}");
}

#[test]
fn a_refused_password_is_unauthorized_without_the_secret_in_any_words() {
    let (server, seen) = basic_server(|_| Reply::ok("never"));
    let transport = transport(&server.url("/"), password("wrong-secret-pw"));
    let error = transport.send(get(&server.url("/dav/"))).unwrap_err();
    assert_eq!(
        error,
        DavError::Unauthorized {
            host: "127.0.0.1".to_string()
        }
    );
    assert_eq!(
        seen.lock().unwrap().len(),
        2,
        "asked, answered once, refused"
    );
    let shown = format!("{error} {error:?} {transport:?}");
    assert!(
        shown.contains("refused the user name or password (401)"),
        "{shown}"
    );
    assert!(!shown.contains("wrong-secret-pw"), "{shown}");
    assert!(!shown.contains("d3Jvbmct"), "nor its base64: {shown}");

    // No credentials at all: the 401 is the answer.
    let anonymous = transport_for_none(&server);
    assert!(matches!(
        anonymous.send(get(&server.url("/dav/"))),
        Err(DavError::Unauthorized { .. })
    ));
}

fn transport_for_none(server: &HttpServer) -> Transport {
    transport(&server.url("/"), Auth::None)
}

#[test]
fn a_slow_body_times_out_and_a_gzip_bomb_is_too_large() {
    let slow =
        HttpServer::answering(|_| Reply::ok(vec![b'x'; 200]).trickle(Duration::from_millis(20)));
    let options = Options {
        timeout: Duration::from_secs(1),
        ..Options::default()
    };
    let transport = Transport::new(slow.url("/").parse().unwrap(), Auth::None, &options).unwrap();
    let started = Instant::now();
    let error = transport.send(get(&slow.url("/dav/"))).unwrap_err();
    assert!(
        matches!(
            &error,
            DavError::Http {
                error: HttpError::Timeout { seconds: 1 },
                ..
            }
        ),
        "{error}"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(
        error.to_string(),
        "127.0.0.1 did not answer within 1 second"
    );

    let mut one = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    one.write_all(&vec![0u8; 1024 * 1024]).unwrap();
    let bomb = one.finish().unwrap().repeat(64);
    let server =
        HttpServer::answering(move |_| Reply::ok(bomb.clone()).header("Content-Encoding", "gzip"));
    let options = Options {
        max_bytes: 1024 * 1024,
        ..Options::default()
    };
    let transport = Transport::new(server.url("/").parse().unwrap(), Auth::None, &options).unwrap();
    let error = transport.send(get(&server.url("/dav/"))).unwrap_err();
    assert!(
        matches!(
            &error,
            DavError::Http {
                error: HttpError::TooLarge { limit: 1_048_576 },
                ..
            }
        ),
        "{error}"
    );
}

/// A Digest-only server (Baïkal's default): it checks each answer's hash, computed here
/// apart from `digest.rs`, its `uri` against the request line, and that the nonce count
/// goes up; an answer to an old nonce with the right password gets `stale=true`.
struct DigestServer {
    server: HttpServer,
    state: Arc<Mutex<DigestState>>,
}

#[derive(Default)]
struct DigestState {
    nonce: String,
    last_nc: u32,
    seen: Vec<Option<String>>,
}

impl DigestServer {
    fn new(algorithm: &'static str) -> DigestServer {
        let state = Arc::new(Mutex::new(DigestState {
            nonce: "nonce-1".to_string(),
            ..DigestState::default()
        }));
        let shared = Arc::clone(&state);
        let server = HttpServer::answering(move |r| {
            let mut state = shared.lock().unwrap();
            let auth = r.header("authorization").map(str::to_string);
            state.seen.push(auth.clone());
            let challenge = |nonce: &str, stale: bool| {
                Reply::status(401, "").header(
                    "WWW-Authenticate",
                    &format!(
                        r#"Digest realm="BaikalDAV", nonce="{nonce}", qop="auth", algorithm={algorithm}, opaque="op4que", stale={stale}"#
                    ),
                )
            };
            let Some(auth) = auth.filter(|a| a.starts_with("Digest ")) else {
                return challenge(&state.nonce, false);
            };
            let p = params(auth.trim_start_matches("Digest "));
            let get = |name: &str| {
                p.iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.as_str())
                    .unwrap_or("")
            };
            let expected = expected_response(
                algorithm,
                "BaikalDAV",
                (USER, PASSWORD),
                (&r.method, &r.path),
                &p,
            );
            let nc = u32::from_str_radix(get("nc"), 16).unwrap_or(0);
            let right = get("response") == expected
                && get("username") == USER
                && get("uri") == r.path
                && get("opaque") == "op4que"
                && get("qop") == "auth"
                && get("algorithm") == algorithm;
            if right && get("nonce") != state.nonce {
                return challenge(&state.nonce.clone(), true);
            }
            if !right || nc <= state.last_nc {
                return challenge(&state.nonce.clone(), false);
            }
            state.last_nc = nc;
            Reply::ok(format!("{} {}", r.method, r.path))
        });
        DigestServer { server, state }
    }

    fn seen(&self) -> Vec<Option<String>> {
        self.state.lock().unwrap().seen.clone()
    }

    /// A new nonce: the old one is stale from now on.
    fn renew(&self, nonce: &str) {
        let mut state = self.state.lock().unwrap();
        state.nonce = nonce.to_string();
        state.last_nc = 0;
    }
}

#[test]
fn digest_md5_and_sha_256_are_answered_remembered_and_renewed_when_stale() {
    for algorithm in ["MD5", "SHA-256"] {
        let baikal = DigestServer::new(algorithm);
        let url = |path: &str| baikal.server.url(path);
        let transport = transport(&url("/"), password(PASSWORD));
        let propfind = Request::builder()
            .method("PROPFIND")
            .uri(url("/dav.php/calendars/alice/"))
            .header("Depth", "1")
            .body("<propfind/>".to_string())
            .unwrap();
        let answer = transport.send(propfind).unwrap();
        assert_eq!(
            answer.body, b"PROPFIND /dav.php/calendars/alice/",
            "{algorithm}"
        );
        assert_eq!(baikal.seen().len(), 2, "challenge, answer");

        // The challenge is remembered: one request, its count one up.
        let answer = transport.send(get(&url("/dav.php/a.ics?export"))).unwrap();
        assert_eq!(answer.body, b"GET /dav.php/a.ics?export");
        let seen = baikal.seen();
        assert_eq!(seen.len(), 3);
        assert!(
            seen[2].as_deref().unwrap().contains("nc=00000002"),
            "{seen:?}"
        );

        // A stale nonce is renewed without failing.
        baikal.renew("nonce-2");
        transport.send(get(&url("/dav.php/b.ics"))).unwrap();
        let seen = baikal.seen();
        assert_eq!(seen.len(), 5, "old nonce (stale), new nonce");
        assert!(seen[4].as_deref().unwrap().contains(r#"nonce="nonce-2""#));
        assert!(seen[4].as_deref().unwrap().contains("nc=00000001"));

        for header in seen.iter().flatten() {
            assert!(
                !header.contains(PASSWORD) && !header.starts_with("Basic"),
                "{header}"
            );
        }
    }
}

#[test]
fn a_wrong_password_against_digest_is_unauthorized_after_one_real_answer() {
    let baikal = DigestServer::new("MD5");
    let transport = transport(&baikal.server.url("/"), password("not-the-password"));
    let error = transport
        .send(get(&baikal.server.url("/dav.php/")))
        .unwrap_err();
    assert!(matches!(error, DavError::Unauthorized { .. }), "{error}");
    let seen = baikal.seen();
    assert_eq!(seen.len(), 2, "asked once, answered once: {seen:?}");
    assert!(seen[1].as_deref().unwrap().starts_with("Digest "));
}

/// A certificate authority and a server certificate for 127.0.0.1, made now (a committed
/// one would expire under the clock the suite also runs at, 400 days ahead).
struct Certificates {
    ca: openssl::x509::X509,
    server: openssl::x509::X509,
    key: openssl::pkey::PKey<openssl::pkey::Private>,
}

fn certificates() -> Certificates {
    use openssl::asn1::Asn1Time;
    use openssl::bn::BigNum;
    use openssl::ec::{EcGroup, EcKey};
    use openssl::hash::MessageDigest;
    use openssl::nid::Nid;
    use openssl::pkey::PKey;
    use openssl::x509::extension::{
        BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAlternativeName,
    };
    use openssl::x509::{X509, X509NameBuilder};

    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    let new_key = || PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap();
    let name = |cn: &str| {
        let mut name = X509NameBuilder::new().unwrap();
        name.append_entry_by_text("CN", cn).unwrap();
        name.build()
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let begins = Asn1Time::from_unix(i64::try_from(now).unwrap() - 3600).unwrap();
    let ends = Asn1Time::days_from_now(30).unwrap();

    let ca_key = new_key();
    let mut ca = X509::builder().unwrap();
    ca.set_version(2).unwrap();
    ca.set_serial_number(&BigNum::from_u32(1).unwrap().to_asn1_integer().unwrap())
        .unwrap();
    ca.set_subject_name(&name("bearing test authority"))
        .unwrap();
    ca.set_issuer_name(&name("bearing test authority")).unwrap();
    ca.set_pubkey(&ca_key).unwrap();
    ca.set_not_before(&begins).unwrap();
    ca.set_not_after(&ends).unwrap();
    ca.append_extension(BasicConstraints::new().critical().ca().build().unwrap())
        .unwrap();
    ca.append_extension(
        KeyUsage::new()
            .critical()
            .key_cert_sign()
            .crl_sign()
            .build()
            .unwrap(),
    )
    .unwrap();
    ca.sign(&ca_key, MessageDigest::sha256()).unwrap();
    let ca = ca.build();

    let key = new_key();
    let mut server = X509::builder().unwrap();
    server.set_version(2).unwrap();
    server
        .set_serial_number(&BigNum::from_u32(2).unwrap().to_asn1_integer().unwrap())
        .unwrap();
    server.set_subject_name(&name("127.0.0.1")).unwrap();
    server.set_issuer_name(ca.subject_name()).unwrap();
    server.set_pubkey(&key).unwrap();
    server.set_not_before(&begins).unwrap();
    server.set_not_after(&ends).unwrap();
    server
        .append_extension(BasicConstraints::new().build().unwrap())
        .unwrap();
    server
        .append_extension(
            KeyUsage::new()
                .critical()
                .digital_signature()
                .build()
                .unwrap(),
        )
        .unwrap();
    server
        .append_extension(ExtendedKeyUsage::new().server_auth().build().unwrap())
        .unwrap();
    let san = SubjectAlternativeName::new()
        .ip("127.0.0.1")
        .build(&server.x509v3_context(Some(&ca), None))
        .unwrap();
    server.append_extension(san).unwrap();
    server.sign(&ca_key, MessageDigest::sha256()).unwrap();
    Certificates {
        ca,
        server: server.build(),
        key,
    }
}

/// An https server on 127.0.0.1 with `certs`' server certificate: it records the
/// `Authorization` of each request it reads and answers `200 secure`. Dropping it stops
/// it.
struct TlsServer {
    port: u16,
    seen: Seen,
    stop: Arc<std::sync::atomic::AtomicBool>,
    accepting: Option<std::thread::JoinHandle<()>>,
}

impl TlsServer {
    fn start(certs: &Certificates) -> TlsServer {
        use openssl::ssl::{SslAcceptor, SslMethod};
        use std::io::Read as _;
        use std::sync::atomic::Ordering;

        let mut acceptor = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls()).unwrap();
        acceptor.set_private_key(&certs.key).unwrap();
        acceptor.set_certificate(&certs.server).unwrap();
        acceptor.check_private_key().unwrap();
        let acceptor = Arc::new(acceptor.build());
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Seen::default();
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (log, stopped) = (Arc::clone(&seen), Arc::clone(&stop));
        let accepting = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                stream
                    .set_read_timeout(Some(Duration::from_secs(5)))
                    .unwrap();
                // A client that does not trust the certificate ends the handshake.
                let Ok(mut tls) = acceptor.accept(stream) else {
                    continue;
                };
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                log.lock().unwrap().push(
                    head.lines()
                        .find_map(|l| {
                            l.strip_prefix("authorization: ")
                                .or_else(|| l.strip_prefix("Authorization: "))
                        })
                        .map(str::to_string),
                );
                let _ = tls.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecure",
                );
                let _ = tls.shutdown();
            }
        });
        TlsServer {
            port,
            seen,
            stop,
            accepting: Some(accepting),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("https://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = std::net::TcpStream::connect(("127.0.0.1", self.port));
        if let Some(accepting) = self.accepting.take() {
            let _ = accepting.join();
        }
    }
}

#[test]
fn a_server_of_its_own_authority_is_trusted_with_ca_file_and_refused_without() {
    let certs = certificates();
    let server = TlsServer::start(&certs);
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("authority.pem");
    std::fs::write(&ca_file, certs.ca.to_pem().unwrap()).unwrap();

    let trusting = Options {
        ca_file: Some(ca_file.clone()),
        ..Options::default()
    };
    let transport = Transport::new(
        server.url("/").parse().unwrap(),
        password(PASSWORD),
        &trusting,
    )
    .unwrap();
    let answer = transport.send(get(&server.url("/dav/"))).unwrap();
    assert_eq!(answer.body, b"secure");
    assert_eq!(
        *server.seen.lock().unwrap(),
        vec![Some(basic())],
        "over https Basic goes with the first request"
    );

    let usual = Transport::new(
        server.url("/").parse().unwrap(),
        password(PASSWORD),
        &Options::default(),
    )
    .unwrap();
    let error = usual.send(get(&server.url("/dav/"))).unwrap_err();
    let shown = error.to_string();
    assert!(
        matches!(
            error,
            DavError::Http {
                error: HttpError::Failed(_),
                ..
            }
        ),
        "{shown}"
    );
    assert!(
        shown.starts_with(
            "127.0.0.1 the secure connection failed: the server's certificate is not trusted"
        ),
        "{shown}"
    );
    assert!(shown.contains("ca_file"), "{shown}");
    assert_eq!(
        server.seen.lock().unwrap().len(),
        1,
        "no request after a failed handshake"
    );

    // A file with no certificate in it is refused at once, by name.
    let empty = dir.path().join("empty.pem");
    std::fs::write(&empty, "not a certificate\n").unwrap();
    let error = Transport::new(
        server.url("/").parse().unwrap(),
        Auth::None,
        &Options {
            ca_file: Some(empty),
            ..Options::default()
        },
    )
    .unwrap_err();
    assert!(matches!(error, DavError::CaFile { .. }), "{error}");
    assert!(
        error.to_string().contains("holds no PEM certificate"),
        "{error}"
    );
}
