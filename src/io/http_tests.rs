//! HTTP reads against the testkit's loopback server: a gzip bomb, an answer that
//! trickles, one that never ends; each refused with the limit it hit, named.

use std::io::Write;
use std::time::{Duration, Instant};

use super::*;
use crate::domain::source::Source;
use crate::io::source::{MAX_BYTES, SourceError, read_within};
use crate::testkit::{HttpServer, Reply};

const MB: u64 = 1024 * 1024;

/// `members` gzip members, each of a megabyte of zeros, one after the other (a valid
/// gzip stream that unpacks to `members` MB from about a kilobyte each).
fn gzip_bomb(members: usize) -> Vec<u8> {
    let mut one = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    one.write_all(&vec![0u8; 1024 * 1024]).unwrap();
    let one = one.finish().unwrap();
    one.repeat(members)
}

/// The most memory this process has held so far, in bytes (Linux's `VmHWM`).
#[cfg(target_os = "linux")]
fn peak_memory() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kb: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .unwrap();
    kb * 1024
}

fn limits(seconds: u64, max_bytes: u64) -> Limits {
    Limits {
        timeout: Duration::from_secs(seconds),
        max_bytes,
    }
}

#[test]
fn sizes_are_said_in_the_largest_whole_unit() {
    assert_eq!(size_in_words(MAX_BYTES), "100 MB");
    assert_eq!(size_in_words(64 * 1024), "64 KB");
    assert_eq!(size_in_words(1000), "1000 bytes");
    let shown = SourceError::TooLarge {
        url: "https://example.com/…".to_string(),
        limit: MAX_BYTES,
    }
    .to_string();
    assert!(shown.contains("is larger than 100 MB"), "{shown}");
}

/// Issue #24, item 7: a gzip answer of half a megabyte unpacks to 512 MB. ureq's own
/// limit counts the bytes before its decoder, so the whole was read into memory; the
/// limit now counts what the decoder gives, and the read stops there.
#[test]
fn a_gzip_bomb_is_refused_at_the_limit_on_what_it_unpacks_to() {
    let bomb = gzip_bomb(512);
    assert!(bomb.len() < 1024 * 1024, "{} bytes on the wire", bomb.len());
    let server =
        HttpServer::answering(move |_| Reply::ok(bomb.clone()).header("Content-Encoding", "gzip"));
    let source = Source::parse(&server.url("/team.ics"));
    #[cfg(target_os = "linux")]
    let before = peak_memory();
    let error = read_within(&source, limits(60, MB)).unwrap_err();
    let shown = error.to_string();
    assert!(
        matches!(error, SourceError::TooLarge { limit: MB, .. }),
        "{shown}"
    );
    assert!(
        shown.ends_with("is larger than 1 MB; that is not a calendar export"),
        "{shown}"
    );
    #[cfg(target_os = "linux")]
    {
        let grew = peak_memory().saturating_sub(before);
        assert!(grew < 128 * MB, "the process grew by {} MB", grew / MB);
    }
}

/// Issue #24, item 15(b): an answer that trickles a byte at a time never trips a
/// timeout on each read; the whole answer has a deadline, and the message says it.
#[test]
fn an_answer_that_trickles_is_named_with_the_time_it_had() {
    let server =
        HttpServer::answering(|_| Reply::ok(vec![b'x'; 400]).trickle(Duration::from_millis(25)));
    let source = Source::parse(&server.url("/slow.ics"));
    let started = Instant::now();
    let error = read_within(&source, limits(1, MB)).unwrap_err();
    let shown = error.to_string();
    assert!(
        matches!(error, SourceError::Timeout { seconds: 1, .. }),
        "{shown}"
    );
    assert!(shown.ends_with("did not answer within 1 second"), "{shown}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

/// Issue #24, item 15(b): an answer that never ends is refused at the size limit, and
/// says so (it read "the answer broke off (other error)").
#[test]
fn an_answer_that_never_ends_is_named_with_the_size_limit() {
    let server = HttpServer::answering(|_| Reply::endless(vec![b'x'; 16 * 1024]));
    let source = Source::parse(&server.url("/endless.ics"));
    let error = read_within(&source, limits(30, MB)).unwrap_err();
    let shown = error.to_string();
    assert!(
        matches!(error, SourceError::TooLarge { limit: MB, .. }),
        "{shown}"
    );
    assert!(shown.contains("is larger than 1 MB"), "{shown}");
    // ureq's own limit, had it been the one hit, says the same.
    let said = from_ureq(ureq::Error::BodyExceedsLimit(5), limits(30, MB));
    assert_eq!(said, HttpError::TooLarge { limit: MB });
}

/// The helper itself, on a reader that never ends: it stops one read past the limit.
#[test]
fn a_body_is_read_no_further_than_the_limit() {
    let deadline = Instant::now() + Duration::from_secs(30);
    let error = read_body(std::io::repeat(0), None, limits(30, 3 * MB), deadline).unwrap_err();
    assert_eq!(error, HttpError::TooLarge { limit: 3 * MB });
    let gone = Instant::now() - Duration::from_secs(1);
    let error = read_body(std::io::repeat(0), None, limits(7, MB), gone).unwrap_err();
    assert_eq!(error, HttpError::Timeout { seconds: 7 });
    let whole = read_body(&b"BEGIN:VCALENDAR"[..], Some(15), limits(30, 15), deadline).unwrap();
    assert_eq!(whole, b"BEGIN:VCALENDAR");
    // A length announced past the limit (or past what memory holds) makes no room: the
    // body is read as it comes, and stopped at the limit as before.
    let short = read_body(&b"BEGIN"[..], Some(u64::MAX), limits(30, 15), deadline).unwrap();
    assert_eq!(short, b"BEGIN");
    let lying = read_body(std::io::repeat(0), Some(10), limits(30, 3 * MB), deadline).unwrap_err();
    assert_eq!(lying, HttpError::TooLarge { limit: 3 * MB });
}
