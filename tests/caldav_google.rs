//! A Google account, end to end against stand-ins: the sign-in address printed for the
//! browser, the loopback redirect answered by a test "browser", the code exchanged at a
//! local token endpoint (PKCE, the client's secret from its command), the calendars found
//! with the access token (Xandikos stands in for Google's CalDAV endpoint: it takes any
//! token), the refresh token kept in a private file beside a plain journal, and a rotated
//! one kept at the next refresh. Skipped (one line) where Xandikos is not installed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::{Arc, Mutex};

use bearing::testkit::{DavServer, Env, HttpServer, Reply};

/// The value of `key` in the query of `url`, percent-decoded.
fn query_value(url: &str, key: &str) -> String {
    let query = url.split_once('?').unwrap().1;
    let raw = query
        .split('&')
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
        .unwrap();
    let mut out = Vec::new();
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&raw[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn a_google_account_signs_in_in_the_browser_and_keeps_its_rotating_token_privately() {
    let Some(server) = DavServer::xandikos() else {
        return;
    };
    server.make_calendar("primary", "you@example.com");
    let bodies: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = Arc::clone(&bodies);
    let token = HttpServer::answering(move |request| {
        let body = String::from_utf8_lossy(&request.body).into_owned();
        seen.lock().unwrap().push(body.clone());
        let json = if body.contains("grant_type=authorization_code") {
            r#"{"access_token":"access-1","refresh_token":"refresh-1","expires_in":3599,"token_type":"Bearer"}"#
        } else if body.contains("refresh_token=refresh-1") {
            r#"{"access_token":"access-2","refresh_token":"refresh-2","expires_in":3599,"token_type":"Bearer"}"#
        } else {
            r#"{"access_token":"access-3","expires_in":3599,"token_type":"Bearer"}"#
        };
        Reply::ok(json).header("Content-Type", "application/json")
    });
    let env = Env::new();
    env.reflect(&["A journal first"]);
    let secret = env.tmp().join("client-secret");
    std::fs::write(&secret, "client-s3cret").unwrap();
    let mut child = env
        .process()
        .args([
            "account",
            "add",
            "personal",
            "--google",
            "--client-id",
            "1234.apps.googleusercontent.com",
            "--client-secret-command",
            &format!("cat {}", secret.display()),
            "--url",
            &server.base_url(),
        ])
        .env(
            "BEARING_GOOGLE_AUTH_URL",
            "https://accounts.example.test/auth",
        )
        .env("BEARING_GOOGLE_TOKEN_URL", token.url("/token"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut address = String::new();
    while !address.starts_with("https://accounts.example.test/auth?") {
        address.clear();
        assert!(
            stderr.read_line(&mut address).unwrap() > 0,
            "no sign-in address"
        );
        address = address.trim().to_string();
    }
    assert!(
        !address.contains("client-s3cret"),
        "the secret is never in the address"
    );
    assert_eq!(query_value(&address, "code_challenge_method"), "S256");
    let redirect = query_value(&address, "redirect_uri");
    assert!(redirect.starts_with("http://127.0.0.1:"), "{redirect}");
    // The browser comes back with the code and the state.
    let state = query_value(&address, "state");
    let back = format!("{redirect}?code=the-code&state={state}");
    let answer = ureq::get(&back).call().unwrap();
    assert_eq!(answer.status(), 200);
    let out = child.wait_with_output().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(out.status.success(), "{rest}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("Added account 'personal'"), "{stdout}");
    assert!(stdout.contains("you@example.com"), "{stdout}");
    let exchanged = bodies.lock().unwrap()[0].clone();
    assert!(
        exchanged.contains("code=the-code") && exchanged.contains("code_verifier="),
        "{exchanged}"
    );
    assert!(
        exchanged.contains("client_secret=client-s3cret"),
        "{exchanged}"
    );
    // A plain journal keeps the refresh token in a private file beside it.
    let file = {
        let mut name = env.db().file_name().unwrap().to_os_string();
        name.push(".google-personal.token");
        env.db().with_file_name(name)
    };
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "refresh-1");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let listed = env.json(&["account", "list", "--json"]);
    assert_eq!(listed[0]["password"], "google", "{listed}");
    assert!(!listed.to_string().contains("refresh-1"), "{listed}");
    // A refresh takes a new access token, and keeps the rotated refresh token.
    let refresh_env = |args: &[&str]| {
        let out = env
            .process()
            .args(args)
            .env("BEARING_GOOGLE_TOKEN_URL", token.url("/token"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    refresh_env(&[
        "account",
        "use",
        "personal",
        "you@example.com",
        "--for",
        "read",
    ]);
    let refreshed = refresh_env(&["refresh"]);
    assert!(refreshed.contains("you@example.com"), "{refreshed}");
    assert!(!refreshed.contains("refresh-"), "{refreshed}");
    assert!(
        bodies
            .lock()
            .unwrap()
            .iter()
            .any(|b| b.contains("grant_type=refresh_token"))
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "refresh-2");
    // Removing the account removes its token file.
    env.ok(&["account", "rm", "personal"]);
    assert!(!file.exists());
}
