//! The parts of [`WebDav`] that need no server: reading a `PROPFIND` answer as servers
//! write them, and the paths. The requests themselves are tested against wsgidav in
//! `tests/journal_sync_io.rs`.

use super::*;

fn member(name: &str, collection: bool) -> Member {
    Member {
        name: name.to_string(),
        collection,
    }
}

#[test]
fn a_listing_names_each_member_once_without_the_collection_itself() {
    // As Nextcloud answers: full paths, a prefix other than `d`, percent escapes, a
    // propstat for a property it does not have.
    let xml = r#"<?xml version="1.0"?>
<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:oc="http://owncloud.org/ns">
 <d:response><d:href>/remote.php/dav/files/me/My%20Sync/devices/</d:href>
  <d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop>
   <d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
 <d:response><d:href>/remote.php/dav/files/me/My%20Sync/devices/abcdefghijklmnopqrstuvwxya/</d:href>
  <d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop>
   <d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
 <d:response><d:href>/remote.php/dav/files/me/My%20Sync/devices/.DS_Store</d:href>
  <d:propstat><d:prop><d:resourcetype/></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
  <d:propstat><d:prop><oc:size/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>
 </d:response>
 <d:response><d:href>/remote.php/dav/files/me/My%20Sync/devices/conflicted%20copy%20%281%29</d:href>
  <d:propstat><d:prop><d:resourcetype/></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
 </d:response>
</d:multistatus>"#;
    let members = parse_members(xml, "/remote.php/dav/files/me/My%20Sync/devices/").unwrap();
    assert_eq!(
        members,
        vec![
            member("abcdefghijklmnopqrstuvwxya", true),
            member(".DS_Store", false),
            member("conflicted copy (1)", false),
        ]
    );
}

#[test]
fn a_listing_with_full_addresses_and_another_prefix_reads_the_same() {
    // As some servers answer: hrefs as full addresses, the DAV namespace as default.
    let xml = r#"<multistatus xmlns="DAV:">
 <response><href>http://127.0.0.1:8080/sync/devices/x/</href>
  <propstat><prop><resourcetype><collection/></resourcetype></prop></propstat></response>
 <response><href>http://127.0.0.1:8080/sync/devices/x/00000000000000000001.batch</href>
  <propstat><prop><resourcetype/></prop></propstat></response>
 <response><href>http://127.0.0.1:8080/sync/devices/x/%30%30000000000000000002.batch</href>
  <propstat><prop><resourcetype/></prop></propstat></response>
</multistatus>"#;
    let members = parse_members(xml, "/sync/devices/x/").unwrap();
    assert_eq!(
        members,
        vec![
            member("00000000000000000001.batch", false),
            member("00000000000000000002.batch", false),
        ]
    );
    // The listed collection without its trailing slash is still itself.
    assert_eq!(parse_members(xml, "/sync/devices/x").unwrap().len(), 2);
}

#[test]
fn an_answer_that_is_not_xml_is_an_error_and_an_empty_one_lists_nothing() {
    assert!(parse_members("<html>oops", "/").is_err());
    assert!(
        parse_members(r#"<d:multistatus xmlns:d="DAV:"/>"#, "/")
            .unwrap()
            .is_empty()
    );
    // A response without an href, or one whose href is the root, is passed over.
    let xml = r#"<d:multistatus xmlns:d="DAV:"><d:response/><d:response><d:href>/</d:href></d:response></d:multistatus>"#;
    assert!(parse_members(xml, "/sync/").unwrap().is_empty());
}

#[test]
fn escapes_decode_and_a_stray_percent_stays() {
    assert_eq!(percent_decode("My%20Sync%2fx"), "My Sync/x");
    assert_eq!(percent_decode("100%"), "100%");
    assert_eq!(percent_decode("%zz%4"), "%zz%4");
    assert_eq!(percent_decode("caf%C3%A9"), "café");
}

#[test]
fn a_collection_s_parent_is_one_level_up() {
    assert_eq!(parent("devices/abc/"), "devices/");
    assert_eq!(parent("devices/"), "");
    assert_eq!(parent("snapshots/"), "");
    assert_eq!(parent(""), "");
}

#[test]
fn the_collection_address_gets_its_slash_and_files_go_under_it() {
    let transport = |uri: &Uri| Transport::new(uri.clone(), Auth::None, &Options::default());
    let given: Uri = "https://cloud.example.com/remote.php/dav/files/me/bearing"
        .parse()
        .unwrap();
    let place = WebDav::new(transport(&given).unwrap(), &given).unwrap();
    assert_eq!(
        place.url(KEY_FILE_NAME).unwrap().to_string(),
        "https://cloud.example.com/remote.php/dav/files/me/bearing/bearing-sync.key"
    );
    assert_eq!(
        place.describe(),
        "cloud.example.com/remote.php/dav/files/me/bearing/"
    );
    let relative: Uri = "/just/a/path".parse().unwrap();
    assert!(WebDav::new(transport(&given).unwrap(), &relative).is_err());
    assert!(WebDav::connect("", Auth::None, &Options::default()).is_err());
    assert!(WebDav::connect("ftp://host/x", Auth::None, &Options::default()).is_err());
}
