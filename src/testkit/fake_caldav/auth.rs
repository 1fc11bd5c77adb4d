//! Who is asking: Basic, Digest (checked by its hash, computed here apart from bearing's
//! `digest.rs`) or a Bearer token, each refused with the challenge its server sends.

use openssl::hash::{MessageDigest, hash};

use super::{FAKE_BEARER_TOKEN, FAKE_PASSWORD, FAKE_USER, FakeAuth, State};
use crate::testkit::{Reply, Request};

/// Baïkal's default realm.
const REALM: &str = "BaikalDAV";
const OPAQUE: &str = "b4ik4l-0paque";

/// `Ok` when `r` carries the credentials `auth` takes; else the 401 to answer with.
pub(super) fn check(auth: FakeAuth, state: &mut State, r: &Request) -> Result<(), Reply> {
    let given = r.header("authorization").unwrap_or_default();
    match auth {
        FakeAuth::None => Ok(()),
        FakeAuth::Basic if given == basic() => Ok(()),
        FakeAuth::Basic => Err(Reply::status(401, "").header(
            "WWW-Authenticate",
            r#"Basic realm="fake CalDAV", charset="UTF-8""#,
        )),
        FakeAuth::Bearer if given == format!("Bearer {FAKE_BEARER_TOKEN}") => Ok(()),
        FakeAuth::Bearer => Err(Reply::status(401, "").header(
            "WWW-Authenticate",
            r#"Bearer realm="https://accounts.google.com/", error="invalid_token""#,
        )),
        FakeAuth::Digest if digest_is_right(state, r, given) => Ok(()),
        FakeAuth::Digest => {
            state.nonces_given += 1;
            let nonce = format!("{:x}", state.nonces_given * 7_919 + 1_000_003);
            state.nonces.insert(nonce.clone(), 0);
            // As sabre/http writes it: no algorithm (MD5), no spaces.
            Err(Reply::status(401, "").header(
                "WWW-Authenticate",
                &format!(r#"Digest realm="{REALM}",qop="auth",nonce="{nonce}",opaque="{OPAQUE}""#),
            ))
        }
    }
}

/// The `Authorization` value of the fake's user with Basic.
pub(super) fn basic() -> String {
    use base64::Engine as _;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{FAKE_USER}:{FAKE_PASSWORD}"))
    )
}

/// `text` hashed with `algorithm` (`MD5`, else SHA-256), in lowercase hex.
fn hex(algorithm: &str, text: &str) -> String {
    let digest = if algorithm.eq_ignore_ascii_case("MD5") || algorithm.is_empty() {
        MessageDigest::md5()
    } else {
        MessageDigest::sha256()
    };
    hash(digest, text.as_bytes())
        .unwrap()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `response` a Digest answer with `qop="auth"` must carry (RFC 7616 3.4.1),
/// computed here apart from bearing's `digest.rs`: `given` holds the answer's
/// parameters ([`params`]), the password is the one the server knows.
pub(crate) fn expected_response(
    algorithm: &str,
    realm: &str,
    (user, password): (&str, &str),
    (method, path): (&str, &str),
    given: &[(String, String)],
) -> String {
    let get = |name: &str| {
        given
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let ha1 = hex(algorithm, &format!("{user}:{realm}:{password}"));
    let ha2 = hex(algorithm, &format!("{method}:{path}"));
    hex(
        algorithm,
        &format!(
            "{ha1}:{}:{}:{}:auth:{ha2}",
            get("nonce"),
            get("nc"),
            get("cnonce")
        ),
    )
}

/// The parameters of a Digest answer, by name (values unquoted; a comma inside quotes
/// kept).
pub(crate) fn params(value: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = value.trim();
    while !rest.is_empty() {
        let Some((name, after)) = rest.split_once('=') else {
            break;
        };
        let after = after.trim_start();
        let (value, tail) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            (&quoted[..end], quoted.get(end + 1..).unwrap_or(""))
        } else {
            let end = after.find(',').unwrap_or(after.len());
            (after[..end].trim(), &after[end..])
        };
        out.push((name.trim().to_ascii_lowercase(), value.to_string()));
        rest = tail.trim_start().trim_start_matches(',').trim_start();
    }
    out
}

/// Whether `given` answers one of the nonces given, for this request, with the user's
/// password, and with a nonce count above any seen for that nonce.
fn digest_is_right(state: &mut State, r: &Request, given: &str) -> bool {
    let Some(answer) = given.strip_prefix("Digest ") else {
        return false;
    };
    let p = params(answer);
    let get = |name: &str| {
        p.iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let Some(&last) = state.nonces.get(get("nonce")) else {
        return false;
    };
    let expected = expected_response(
        "MD5",
        REALM,
        (FAKE_USER, FAKE_PASSWORD),
        (&r.method, &r.path),
        &p,
    );
    let nc = u32::from_str_radix(get("nc"), 16).unwrap_or(0);
    let right = get("response") == expected
        && get("username") == FAKE_USER
        && get("realm") == REALM
        && get("uri") == r.path
        && get("qop") == "auth"
        && get("opaque") == OPAQUE
        && matches!(get("algorithm"), "" | "MD5" | "md5")
        && nc > last;
    if right {
        state.nonces.insert(get("nonce").to_string(), nc);
    }
    right
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_parameters_are_read_quoted_or_not_with_or_without_spaces() {
        let p = params(r#"username="alice", uri="/a,b", nc=00000001,qop=auth, response="x""#);
        assert_eq!(
            p,
            [
                ("username", "alice"),
                ("uri", "/a,b"),
                ("nc", "00000001"),
                ("qop", "auth"),
                ("response", "x")
            ]
            .map(|(n, v)| (n.to_string(), v.to_string()))
        );
    }
}
