//! The fake against raw requests (each quirk answered as its server is known to), and
//! against bearing's own transport (Digest as Baïkal asks for it).

use super::*;
use crate::io::dav::{Auth, DavError, Options, Transport};

/// An answer: status, headers (names lower case), body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn send(method: &str, url: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .allow_non_standard_methods(true)
        .max_redirects(0)
        .build()
        .into();
    let mut request = http::Request::builder().method(method).uri(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut response = agent.run(request.body(body.to_string()).unwrap()).unwrap();
    Answer {
        status: response.status().as_u16(),
        headers: response
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str().to_string(), v.to_str().unwrap().to_string()))
            .collect(),
        body: response.body_mut().read_to_string().unwrap(),
    }
}

fn basic() -> String {
    auth::basic()
}

const SYNC_WITHOUT_TOKEN: &str = r#"<D:sync-collection xmlns:D="DAV:"><D:sync-token/><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>"#;

fn sync_from(token: &str) -> String {
    SYNC_WITHOUT_TOKEN.replace(
        "<D:sync-token/>",
        &format!("<D:sync-token>{token}</D:sync-token>"),
    )
}

/// The text of the first `<...sync-token>` element of `xml`.
fn token_in(xml: &str) -> String {
    let start = xml.find("sync-token>").unwrap() + "sync-token>".len();
    xml[start..start + xml[start..].find('<').unwrap()].to_string()
}

const ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a@x\r\nDTSTART:20261123T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

#[test]
fn a_standard_server_syncs_by_token_and_refuses_one_it_forgot() {
    let fake = FakeCalDav::start(Quirks::standard());
    let work = fake.add_calendar("work", "Work");
    let a = fake.put(&work, "a.ics", ICS);
    let url = |path: &str| format!("{}{path}", fake.calendar_origin());
    let auth = basic();
    let with_auth = [("Authorization", auth.as_str())];

    let refused = send("PROPFIND", &url("/"), &[], "");
    assert_eq!(refused.status, 401);
    assert!(
        refused
            .header("www-authenticate")
            .unwrap()
            .starts_with("Basic ")
    );
    let principal = send(
        "PROPFIND",
        &url("/"),
        &with_auth,
        r#"<D:propfind xmlns:D="DAV:"><D:prop><D:current-user-principal/></D:prop></D:propfind>"#,
    );
    assert_eq!(principal.status, 207);
    assert!(
        principal
            .body
            .contains("<d:href>/principals/alice/</d:href>"),
        "{}",
        principal.body
    );

    let first = send("REPORT", &url(&work), &with_auth, SYNC_WITHOUT_TOKEN);
    assert_eq!(first.status, 207);
    assert!(first.body.contains(&a), "{}", first.body);
    let token = token_in(&first.body);
    let nothing = send("REPORT", &url(&work), &with_auth, &sync_from(&token));
    assert!(!nothing.body.contains("<d:response>"), "{}", nothing.body);

    fake.delete(&a);
    let b = fake.put(&work, "b.ics", ICS);
    let since = send("REPORT", &url(&work), &with_auth, &sync_from(&token));
    assert!(since.body.contains(&b), "{}", since.body);
    assert!(
        since.body.contains(&format!(
            "<d:href>{a}</d:href><d:status>HTTP/1.1 404 Not Found</d:status>"
        )),
        "{}",
        since.body
    );
    fake.forget_sync_tokens();
    let stale = send("REPORT", &url(&work), &with_auth, &sync_from(&token));
    assert_eq!(stale.status, 403);
    assert!(stale.body.contains("valid-sync-token"), "{}", stale.body);

    // If-None-Match and If-Match are honoured.
    let (etag, _) = fake.object(&b).unwrap();
    let again = send(
        "PUT",
        &url(&b),
        &[with_auth[0], ("If-None-Match", "*")],
        ICS,
    );
    assert_eq!(again.status, 412);
    let stale_put = send(
        "PUT",
        &url(&b),
        &[with_auth[0], ("If-Match", "\"old\"")],
        ICS,
    );
    assert_eq!(stale_put.status, 412);
    let stale_delete = send(
        "DELETE",
        &url(&b),
        &[with_auth[0], ("If-Match", "\"old\"")],
        "",
    );
    assert_eq!(stale_delete.status, 412);
    let deleted = send("DELETE", &url(&b), &[with_auth[0], ("If-Match", &etag)], "");
    assert_eq!(deleted.status, 204);
    let made = send(
        "MKCALENDAR",
        &url("/calendars/alice/leadership/"),
        &with_auth,
        "<C:mkcalendar xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set><D:prop><D:displayname>Leadership</D:displayname></D:prop></D:set></C:mkcalendar>",
    );
    assert_eq!(made.status, 201);
    assert_eq!(fake.calendars().len(), 2);
}

#[test]
fn google_refuses_mkcalendar_and_a_first_sync_ignores_if_match_on_delete_and_renames() {
    let fake = FakeCalDav::start(Quirks::google());
    let work = fake.add_calendar("work", "Work");
    assert_eq!(work, "/caldav/v2/work/events/");
    let url = |path: &str| format!("{}{path}", fake.calendar_origin());
    let token = format!("Bearer {FAKE_BEARER_TOKEN}");
    let with_auth = [("Authorization", token.as_str())];
    assert_eq!(send("PROPFIND", &url("/caldav/v2/"), &[], "").status, 401);
    assert_eq!(
        send("PROPFIND", &url("/.well-known/caldav"), &[], "").status,
        404
    );
    assert_eq!(
        send("MKCALENDAR", &url("/caldav/v2/new/events/"), &with_auth, "").status,
        405
    );
    assert_eq!(
        send("REPORT", &url(&work), &with_auth, SYNC_WITHOUT_TOKEN).status,
        400
    );

    // The sync token is there at Depth 0 only.
    let props = r#"<D:propfind xmlns:D="DAV:"><D:prop><D:sync-token/></D:prop></D:propfind>"#;
    let zero = send(
        "PROPFIND",
        &url(&work),
        &[with_auth[0], ("Depth", "0")],
        props,
    );
    let token = token_in(&zero.body);
    assert!(token.starts_with("http://"), "{}", zero.body);
    let one = send(
        "PROPFIND",
        &url(&work),
        &[with_auth[0], ("Depth", "1")],
        props,
    );
    assert!(!one.body.contains(&token), "{}", one.body);
    assert_eq!(
        send("REPORT", &url(&work), &with_auth, &sync_from(&token)).status,
        207
    );

    // A new object goes under a name of Google's own, given in Location.
    let asked = format!("{work}a@x.ics");
    let created = send(
        "PUT",
        &url(&asked),
        &[with_auth[0], ("If-None-Match", "*")],
        ICS,
    );
    assert_eq!(created.status, 201);
    let location = created.header("location").unwrap().to_string();
    let named = location.strip_prefix(&fake.calendar_origin()).unwrap();
    assert_ne!(named, asked);
    assert_eq!(fake.hrefs(&work), [named]);
    assert!(fake.object(&asked).is_none());
    // DELETE takes no notice of If-Match.
    let deleted = send(
        "DELETE",
        &url(named),
        &[with_auth[0], ("If-Match", "\"old\"")],
        "",
    );
    assert_eq!(deleted.status, 204);
    assert!(fake.hrefs(&work).is_empty());
}

#[test]
fn icloud_serves_the_calendars_on_its_per_account_host_only() {
    let fake = FakeCalDav::start(Quirks::icloud());
    let account = fake.account_port().unwrap();
    fake.add_calendar("work", "Work");
    let front = |path: &str| format!("http://127.0.0.1:{}{path}", fake.ports()[0]);
    let auth = basic();
    let with_auth = [("Authorization", auth.as_str())];
    let home = send(
        "PROPFIND",
        &front("/123456789/principal/"),
        &with_auth,
        r#"<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><C:calendar-home-set/></D:prop></D:propfind>"#,
    );
    let expected = format!("<d:href>http://127.0.0.1:{account}/123456789/calendars/</d:href>");
    assert!(home.body.contains(&expected), "{}", home.body);
    let depth = [with_auth[0], ("Depth", "1")];
    assert_eq!(
        send("PROPFIND", &front("/123456789/calendars/"), &depth, "").status,
        404
    );
    let listed = send(
        "PROPFIND",
        &format!("{}/123456789/calendars/", fake.calendar_origin()),
        &depth,
        "",
    );
    assert_eq!(listed.status, 207);
    assert!(
        listed.body.contains("/123456789/calendars/work/"),
        "{}",
        listed.body
    );
    assert_eq!(
        send(
            "MKCALENDAR",
            &format!("{}/123456789/calendars/x/", fake.calendar_origin()),
            &with_auth,
            ""
        )
        .status,
        403
    );
}

#[test]
fn baikal_takes_digest_only_and_bearing_answers_it() {
    let fake = FakeCalDav::start(Quirks::baikal());
    fake.add_calendar("default", "Default");
    let basic_answer = send("PROPFIND", &fake.url(), &[("Authorization", &basic())], "");
    assert_eq!(basic_answer.status, 401);
    let challenge = basic_answer.header("www-authenticate").unwrap();
    assert!(
        challenge.starts_with(r#"Digest realm="BaikalDAV",qop="auth",nonce=""#),
        "{challenge}"
    );
    let well_known = send(
        "PROPFIND",
        &format!("{}/.well-known/caldav", fake.calendar_origin()),
        &[],
        "",
    );
    assert_eq!(well_known.header("location"), Some("/dav.php/"));

    let transport = |password: &str| {
        Transport::new(
            fake.url().parse().unwrap(),
            Auth::Password {
                user: FAKE_USER.to_string(),
                password: zeroize::Zeroizing::new(password.to_string()),
            },
            &Options::default(),
        )
        .unwrap()
    };
    let request = || {
        http::Request::builder()
            .method("PROPFIND")
            .uri(format!("{}calendars/alice/", fake.url()))
            .header("Depth", "1")
            .body(String::new())
            .unwrap()
    };
    let right = transport(FAKE_PASSWORD);
    assert_eq!(right.send(request()).unwrap().parts.status, 207);
    // Remembered: the next request is answered at once, its nonce count one up.
    fake.clear_seen();
    assert_eq!(right.send(request()).unwrap().parts.status, 207);
    assert_eq!(fake.challenges(), 0);
    let wrong = transport("not-the-password");
    assert!(matches!(
        wrong.send(request()),
        Err(DavError::Unauthorized { .. })
    ));
}
