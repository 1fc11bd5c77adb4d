//! The sign-in against a local token endpoint (the testkit's loopback server), with a
//! test "browser" that comes back to the redirect address as Google would send it.

use std::sync::{Arc, Mutex};

use super::*;
use crate::testkit::{HttpServer, Reply};

const SECRET: &str = "GOCSPX-client-secret";
const ACCESS: &str = "ya29.access-token";
const REFRESH: &str = "1//refresh-token";

fn client(server: &HttpServer) -> Client {
    Client {
        token_url: server.url("/token"),
        timeout: Duration::from_secs(10),
        ..Client::google(
            "42.apps.googleusercontent.com".to_string(),
            Zeroizing::new(SECRET.to_string()),
        )
    }
}

/// The forms a token endpoint got, in order.
type Forms = Arc<Mutex<Vec<Vec<(String, String)>>>>;

/// A token endpoint answering every request with `reply`, keeping each form it got.
fn endpoint(reply: Reply) -> (HttpServer, Forms) {
    let forms = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&forms);
    let server = HttpServer::answering(move |r| {
        assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/token"));
        assert_eq!(
            r.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        seen.lock()
            .unwrap()
            .push(parse_form(std::str::from_utf8(&r.body).unwrap()));
        reply.clone()
    });
    (server, forms)
}

fn value<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} in {pairs:?}"))
}

/// The test browser: a GET to `url` (the redirect address and its query); returns the
/// status line and the page.
fn browse(url: &str) -> String {
    let rest = url.strip_prefix("http://").unwrap();
    let (authority, target) = rest.split_at(rest.find('/').unwrap());
    let mut stream = TcpStream::connect(authority).unwrap();
    write!(stream, "GET {target} HTTP/1.1\r\nHost: {authority}\r\n\r\n").unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    text
}

fn in_seconds(seconds: u64) -> Instant {
    Instant::now() + Duration::from_secs(seconds)
}

#[test]
fn sign_in_through_the_loopback_redirect_with_pkce_then_the_code_for_tokens() {
    let (server, forms) = endpoint(Reply::ok(format!(
        r#"{{"access_token":"{ACCESS}","expires_in":3599,"refresh_token":"{REFRESH}","scope":"https://www.googleapis.com/auth/calendar","token_type":"Bearer"}}"#
    )));
    let client = client(&server);
    let sign_in = SignIn::start().unwrap();
    let redirect = sign_in.redirect_uri().to_string();
    assert!(redirect.starts_with("http://127.0.0.1:") && redirect.ends_with('/'));

    let url = sign_in.authorize_url(&client);
    let (address, query) = url.split_once('?').unwrap();
    assert_eq!(address, GOOGLE_AUTH_URL);
    let asked = parse_form(query);
    assert_eq!(value(&asked, "client_id"), "42.apps.googleusercontent.com");
    assert_eq!(value(&asked, "redirect_uri"), redirect);
    assert_eq!(value(&asked, "response_type"), "code");
    assert_eq!(value(&asked, "scope"), GOOGLE_CALENDAR_SCOPE);
    assert_eq!(value(&asked, "code_challenge_method"), "S256");
    assert_eq!(value(&asked, "access_type"), "offline");
    assert!(!url.contains(SECRET), "the secret is never in the address");
    let state = value(&asked, "state").to_string();
    let challenge = value(&asked, "code_challenge").to_string();
    assert!(
        state.len() >= 20 && challenge.len() == 43,
        "{state} {challenge}"
    );

    // Google sends the browser back with the code and the state.
    let browser = std::thread::spawn(move || {
        let favicon = browse(&format!("{redirect}favicon.ico"));
        assert!(favicon.starts_with("HTTP/1.1 404 "), "{favicon}");
        browse(&format!(
            "{redirect}?state={state}&code=4%2F0Ab-code&scope=x"
        ))
    });
    let code = sign_in.wait_for_code(in_seconds(10)).unwrap();
    assert_eq!(code.as_str(), "4/0Ab-code");
    let page = browser.join().unwrap();
    assert!(page.starts_with("HTTP/1.1 200 OK\r\n"), "{page}");
    assert!(page.contains("You can close this tab"), "{page}");

    let tokens = sign_in.exchange_code(&client, &code).unwrap();
    assert_eq!(tokens.access_token.as_str(), ACCESS);
    assert_eq!(
        tokens.refresh_token.as_deref().map(String::as_str),
        Some(REFRESH)
    );
    assert_eq!(tokens.expires_in, Some(Duration::from_secs(3599)));
    let shown = format!("{tokens:?} {client:?} {sign_in:?}");
    for secret in [ACCESS, REFRESH, SECRET, "4/0Ab-code"] {
        assert!(!shown.contains(secret), "{shown}");
    }

    let forms = forms.lock().unwrap();
    let sent = &forms[0];
    assert_eq!(value(sent, "grant_type"), "authorization_code");
    assert_eq!(value(sent, "code"), "4/0Ab-code");
    assert_eq!(value(sent, "redirect_uri"), sign_in.redirect_uri());
    assert_eq!(value(sent, "client_id"), "42.apps.googleusercontent.com");
    assert_eq!(value(sent, "client_secret"), SECRET);
    // PKCE: the verifier sent now is the one whose hash the sign-in address carried.
    let verifier = value(sent, "code_verifier");
    assert!((43..=128).contains(&verifier.len()), "{verifier}");
    assert_eq!(pkce_challenge(verifier), challenge);
}

#[test]
fn an_answer_with_another_state_is_refused_and_the_wait_goes_on() {
    let sign_in = SignIn::start().unwrap();
    let redirect = sign_in.redirect_uri().to_string();
    let client = Client::google("id".to_string(), Zeroizing::new(String::new()));
    let state = value(
        &parse_form(sign_in.authorize_url(&client).split_once('?').unwrap().1),
        "state",
    )
    .to_string();
    let browser = std::thread::spawn(move || {
        let forged = browse(&format!("{redirect}?state=forged&code=evil"));
        let stateless = browse(&format!("{redirect}?code=evil"));
        let right = browse(&format!("{redirect}?code=good&state={state}"));
        (forged, stateless, right)
    });
    let code = sign_in.wait_for_code(in_seconds(10)).unwrap();
    assert_eq!(code.as_str(), "good");
    let (forged, stateless, right) = browser.join().unwrap();
    assert!(forged.starts_with("HTTP/1.1 400 "), "{forged}");
    assert!(forged.contains("not started by bearing"), "{forged}");
    assert!(stateless.starts_with("HTTP/1.1 400 "), "{stateless}");
    assert!(right.starts_with("HTTP/1.1 200 "), "{right}");
}

#[test]
fn only_a_wrong_state_then_the_deadline_says_so_and_no_answer_times_out() {
    let sign_in = SignIn::start().unwrap();
    let redirect = sign_in.redirect_uri().to_string();
    let browser = std::thread::spawn(move || browse(&format!("{redirect}?state=forged&code=x")));
    let started = Instant::now();
    let error = sign_in
        .wait_for_code(started + Duration::from_millis(1500))
        .unwrap_err();
    assert_eq!(error, OAuthError::WrongState);
    assert!(error.to_string().contains("did not match"), "{error}");
    assert!(browser.join().unwrap().starts_with("HTTP/1.1 400 "));

    let quiet = SignIn::start().unwrap();
    let started = Instant::now();
    let error = quiet
        .wait_for_code(started + Duration::from_millis(300))
        .unwrap_err();
    assert_eq!(error, OAuthError::TimedOut);
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn access_refused_in_the_browser_is_said() {
    let sign_in = SignIn::start().unwrap();
    let redirect = sign_in.redirect_uri().to_string();
    let client = Client::google("id".to_string(), Zeroizing::new(String::new()));
    let url = sign_in.authorize_url(&client);
    let state = value(&parse_form(url.split_once('?').unwrap().1), "state").to_string();
    let browser = std::thread::spawn(move || {
        browse(&format!("{redirect}?error=access_denied&state={state}"))
    });
    let error = sign_in.wait_for_code(in_seconds(10)).unwrap_err();
    assert_eq!(
        error,
        OAuthError::Denied {
            error: "access_denied".to_string()
        }
    );
    assert!(browser.join().unwrap().contains("not given access"));
}

#[test]
fn refresh_sends_the_refresh_token_and_a_rotated_one_comes_back() {
    let (server, forms) = endpoint(Reply::ok(format!(
        r#"{{"access_token":"{ACCESS}","expires_in":"3599","token_type":"Bearer"}}"#
    )));
    let tokens = refresh(&client(&server), REFRESH).unwrap();
    assert_eq!(tokens.access_token.as_str(), ACCESS);
    assert!(tokens.refresh_token.is_none(), "Google keeps the old one");
    assert_eq!(tokens.expires_in, Some(Duration::from_secs(3599)));
    let forms = forms.lock().unwrap();
    assert_eq!(value(&forms[0], "grant_type"), "refresh_token");
    assert_eq!(value(&forms[0], "refresh_token"), REFRESH);
    assert_eq!(value(&forms[0], "client_secret"), SECRET);

    let (rotating, _) = endpoint(Reply::ok(
        r#"{"access_token":"a2","refresh_token":"r2","expires_in":60}"#,
    ));
    let tokens = refresh(&client(&rotating), REFRESH).unwrap();
    assert_eq!(
        tokens.refresh_token.as_deref().map(String::as_str),
        Some("r2")
    );
}

#[test]
fn an_expired_or_revoked_refresh_token_says_to_sign_in_again() {
    let (server, _) = endpoint(Reply::status(
        400,
        r#"{"error":"invalid_grant","error_description":"Token has been expired or revoked."}"#,
    ));
    let error = refresh(&client(&server), REFRESH).unwrap_err();
    assert_eq!(
        error,
        OAuthError::Expired {
            host: "127.0.0.1".to_string()
        }
    );
    let shown = error.to_string();
    assert!(
        shown.contains("bearing account add NAME --google"),
        "{shown}"
    );
    assert!(
        shown.contains("\"Testing\"") && shown.contains("7 days"),
        "{shown}"
    );
    assert!(
        !shown.contains(REFRESH) && !shown.contains(SECRET),
        "{shown}"
    );

    // The same error for a sign-in's code: that code is spent, not the account.
    let sign_in = SignIn::start().unwrap();
    let error = sign_in.exchange_code(&client(&server), "used").unwrap_err();
    assert!(matches!(error, OAuthError::CodeRefused { .. }), "{error}");
}

#[test]
fn token_endpoint_errors_in_words() {
    let cases = [
        (
            Reply::status(
                401,
                r#"{"error":"invalid_client","error_description":"The OAuth client was not found."}"#,
            ),
            "refused the OAuth client (invalid_client): check the client id",
        ),
        (
            Reply::status(
                400,
                r#"{"error":"invalid_scope","error_description":"Bad\nscope"}"#,
            ),
            "refused to give a token (invalid_scope: Badscope)",
        ),
        (
            Reply::status(503, "<html>down</html>"),
            "the token endpoint 127.0.0.1 answered 503",
        ),
        (Reply::ok("{}"), "holds no access_token"),
        (
            Reply::ok("not json"),
            "cannot read as a token: it is not JSON",
        ),
    ];
    for (reply, words) in cases {
        let (server, _) = endpoint(reply);
        let shown = refresh(&client(&server), REFRESH).unwrap_err().to_string();
        assert!(shown.contains(words), "{shown}");
        assert!(
            !shown.contains(REFRESH) && !shown.contains(SECRET),
            "{shown}"
        );
    }

    let slow = HttpServer::answering(|_| Reply::ok("{}").after(Duration::from_secs(5)));
    let mut hurried = client(&slow);
    hurried.timeout = Duration::from_secs(1);
    let error = refresh(&hurried, REFRESH).unwrap_err();
    assert!(
        matches!(
            error,
            OAuthError::Http {
                error: HttpError::Timeout { .. },
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn a_token_endpoint_in_clear_across_the_network_is_refused_before_any_request() {
    let mut plain = Client::google("id".to_string(), Zeroizing::new(SECRET.to_string()));
    plain.token_url = "http://oauth2.example.com/token".to_string();
    let error = refresh(&plain, REFRESH).unwrap_err();
    assert!(matches!(error, OAuthError::Endpoint { .. }), "{error}");
    assert!(error.to_string().contains("not https"), "{error}");
    assert!(endpoint_host("https://oauth2.googleapis.com/token").is_ok());
    assert!(endpoint_host("http://[::1]:8080/token").is_ok());
    assert!(endpoint_host("ftp://127.0.0.1/token").is_err());
}

#[test]
fn forms_encode_and_decode_what_they_carry() {
    let text = form(&[("a b", "x&y=z/é"), ("empty", "")]);
    assert_eq!(text.as_str(), "a%20b=x%26y%3Dz%2F%C3%A9&empty=");
    assert_eq!(
        parse_form("a+b=x%26y%3Dz%2F%C3%A9&empty=&bad=%zz&&flag"),
        vec![
            ("a b".to_string(), "x&y=z/é".to_string()),
            ("empty".to_string(), String::new()),
            ("flag".to_string(), String::new()),
        ]
    );
    // Computed apart: base64url(SHA-256(verifier)) by Python's hashlib and base64.
    assert_eq!(
        pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWjonnoM"),
        "nWzExfhMvmhtip7SrBVj-7nWhPIdZYeFiS8Xnztj9_k"
    );
}
