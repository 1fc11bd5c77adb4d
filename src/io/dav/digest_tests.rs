//! Digest against the worked examples of RFC 7616 (SHA-256 and MD5) and RFC 2617 (MD5),
//! and the reading of challenges as servers write them.

use super::*;

const RFC7616: &str = r#"Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#;

fn get_index() -> Target<'static> {
    Target {
        method: "GET",
        uri: "/dir/index.html",
        body: b"",
    }
}

/// The value of `name` in an `Authorization` value.
fn param<'a>(value: &'a str, name: &str) -> &'a str {
    let at = value.find(&format!(" {name}=")).unwrap() + name.len() + 2;
    let rest = &value[at..];
    let rest = rest.strip_prefix('"').unwrap_or(rest);
    let end = rest.find(['"', ',']).unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn rfc_7616_sha_256_and_md5_examples() {
    let offered = offers([RFC7616]);
    let sha = offered.digest.unwrap();
    assert_eq!(sha.algorithm, Algorithm::Sha256);
    assert_eq!(sha.qop, Some(Qop::Auth), "auth is taken over auth-int");
    let cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    let value = authorization(&sha, "Mufasa", "Circle of Life", get_index(), 1, cnonce);
    assert_eq!(
        param(&value, "response"),
        "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"
    );
    assert_eq!(param(&value, "nc"), "00000001");
    assert_eq!(param(&value, "qop"), "auth");
    assert_eq!(param(&value, "algorithm"), "SHA-256");
    assert_eq!(
        param(&value, "opaque"),
        "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"
    );
    assert!(
        value.starts_with("Digest username=\"Mufasa\", "),
        "{}",
        *value
    );

    let md5 = Challenge {
        algorithm: Algorithm::Md5,
        ..sha
    };
    let value = authorization(&md5, "Mufasa", "Circle of Life", get_index(), 1, cnonce);
    assert_eq!(
        param(&value, "response"),
        "8ca523f5e9506fed4657c9700eebdbec"
    );
}

#[test]
fn rfc_2617_md5_example_as_baikal_asks() {
    let header = r#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#;
    let challenge = offers([header]).digest.unwrap();
    assert_eq!(challenge.algorithm, Algorithm::Md5, "no algorithm is MD5");
    let value = authorization(
        &challenge,
        "Mufasa",
        "Circle Of Life",
        get_index(),
        1,
        "0a4f113b",
    );
    assert_eq!(
        param(&value, "response"),
        "6629fae49393a05397450978507c4ef1"
    );
    assert_eq!(param(&value, "realm"), "testrealm@host.com");
    assert_eq!(param(&value, "uri"), "/dir/index.html");
}

#[test]
fn the_count_goes_up_and_each_answer_has_its_own_client_nonce() {
    let mut session = Session::new(offers([RFC7616]).digest.unwrap());
    let first = session.authorize("Mufasa", "Circle of Life", get_index());
    let second = session.authorize("Mufasa", "Circle of Life", get_index());
    assert_eq!(param(&first, "nc"), "00000001");
    assert_eq!(param(&second, "nc"), "00000002");
    assert_ne!(param(&first, "cnonce"), param(&second, "cnonce"));
    assert_eq!(param(&first, "cnonce").len(), 32);
}

#[test]
fn the_strongest_of_several_challenges_is_taken_and_basic_is_seen() {
    let found = offers([
        r#"Digest realm="a", nonce="n1", algorithm=MD5, qop="auth", Digest realm="a", nonce="n2", algorithm=SHA-256, qop="auth""#,
        r#"Basic realm="a", charset="UTF-8""#,
    ]);
    assert!(found.basic);
    let digest = found.digest.unwrap();
    assert_eq!(
        (digest.nonce.as_str(), digest.algorithm),
        ("n2", Algorithm::Sha256)
    );

    let only_md5_after = offers([
        r#"Digest realm="a", nonce="n2", algorithm=SHA-256, qop="auth""#,
        r#"Digest realm="a", nonce="n1", algorithm=MD5, qop="auth""#,
    ]);
    assert_eq!(only_md5_after.digest.unwrap().nonce, "n2");
}

#[test]
fn challenges_bearing_cannot_answer_are_left_out() {
    for header in [
        r#"Digest realm="a", nonce="n", algorithm=SHA-512-256"#,
        r#"Digest realm="a", nonce="n", qop="auth-conf""#,
        r#"Digest realm="a""#,
        r#"Bearer realm="a", error="invalid_token""#,
        "Negotiate",
        "",
        ",,, =",
    ] {
        let found = offers([header]);
        assert_eq!(found.digest, None, "{header}");
        assert!(!found.basic, "{header}");
    }
}

#[test]
fn quoted_values_stale_userhash_and_rfc_2069() {
    let found = offers([
        r#"Digest realm="say \"hi\", ok", nonce=abc, stale=TRUE, userhash=true, algorithm=md5-sess"#,
    ]);
    let c = found.digest.unwrap();
    assert_eq!(c.realm, r#"say "hi", ok"#);
    assert_eq!(c.nonce, "abc");
    assert!(c.stale && c.userhash);
    assert_eq!(c.algorithm, Algorithm::Md5Sess);
    assert_eq!(c.qop, None);

    let value = authorization(&c, "Mufasa", "pw", get_index(), 7, "cn");
    assert!(value.contains(r#"realm="say \"hi\", ok""#), "{}", *value);
    assert!(!value.contains("qop="), "RFC 2069 has no qop: {}", *value);
    assert!(
        !value.contains("Mufasa"),
        "the user name is hashed: {}",
        *value
    );
    assert!(value.contains("userhash=true"), "{}", *value);
    // RFC 2069's response: H(HA1:nonce:HA2), HA1 of the session form.
    let h = |s: &str| Algorithm::Md5.hex(s.as_bytes());
    let ha1 = h(&format!(
        "{}:abc:cn",
        h(r#"Mufasa:say "hi", ok:pw"#).as_str()
    ));
    let ha2 = h("GET:/dir/index.html");
    let expected = h(&format!("{}:abc:{}", ha1.as_str(), ha2.as_str()));
    assert_eq!(param(&value, "response"), expected.as_str());
}

#[test]
fn auth_int_hashes_the_body_and_a_name_beyond_ascii_is_encoded() {
    let c = offers([r#"Digest realm="r", nonce="n", qop="auth-int", algorithm=SHA-256"#])
        .digest
        .unwrap();
    assert_eq!(c.qop, Some(Qop::AuthInt));
    let put = |body: &'static [u8]| Target {
        method: "PUT",
        uri: "/cal/a.ics",
        body,
    };
    let one = authorization(&c, "Zoë", "pw", put(b"one"), 1, "cn");
    let two = authorization(&c, "Zoë", "pw", put(b"two"), 1, "cn");
    assert_ne!(param(&one, "response"), param(&two, "response"));
    assert_eq!(param(&one, "qop"), "auth-int");
    assert!(
        one.starts_with("Digest username*=UTF-8''Zo%C3%AB, "),
        "{}",
        *one
    );
}
