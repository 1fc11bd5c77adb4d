//! Every HTTP read bearing makes goes through [`get`]: one deadline for the whole answer
//! and one size limit, counted on the bytes as they come out of any decompression.
//!
//! ureq's own body limit counts the bytes on the wire, below its gzip decoder: a 1 MB
//! gzip answer of zeros unpacks to a gigabyte under it. Its timeouts and limits also
//! reach a reader as an `io::Error` of kind `Other` wrapping its own error, which read as
//! "the answer broke off (other error)". Here the limit counts what the decoder gives,
//! and each error says which limit was hit.

use std::io::Read;
use std::time::{Duration, Instant};

/// What one HTTP read may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How long the whole answer may take, from the first connection to its last byte.
    pub timeout: Duration,
    /// How many bytes the answer may hold once unpacked.
    pub max_bytes: u64,
}

/// Why an HTTP read gave nothing. The address is never in these words (it may hold a
/// secret): the caller names it as it may be shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    /// The answer did not come, or did not end, within the time allowed.
    #[error("did not answer within {}", crate::domain::words::count(i64::try_from(*seconds).unwrap_or(i64::MAX), "second", "seconds"))]
    Timeout {
        /// The time allowed, in whole seconds.
        seconds: u64,
    },
    /// The answer, unpacked, held more than allowed.
    #[error("is larger than {}", size_in_words(*limit))]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The server answered with an error status.
    #[error("answered {0}")]
    Status(u16),
    /// Anything else, in words without the address.
    #[error("{0}")]
    Failed(String),
}

/// `bytes` as a person says it: `100 MB`, `64 KB`, `1000 bytes`.
pub fn size_in_words(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else if bytes >= KB && bytes.is_multiple_of(KB) {
        format!("{} KB", bytes / KB)
    } else {
        crate::domain::words::count(i64::try_from(bytes).unwrap_or(i64::MAX), "byte", "bytes")
    }
}

/// Fetches `url` with a GET and returns the answer's body, unpacked, within `limits`.
pub fn get(url: &str, limits: Limits) -> Result<Vec<u8>, HttpError> {
    let deadline = Instant::now() + limits.timeout;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent.get(url).call().map_err(|e| from_ureq(e, limits))?;
    let status = response.status().as_u16();
    if !(200..300).contains(&status) {
        return Err(HttpError::Status(status));
    }
    let announced = response.body().content_length();
    read_body(response.body_mut().as_reader(), announced, limits, deadline)
}

/// Reads `body` to its end, unless it holds more than `limits.max_bytes` or `deadline`
/// passes first: the size is counted on what `body` gives (unpacked), read by read, so
/// no more than the limit and one read is ever held. `announced` (the answer's
/// `Content-Length`, where it gave one within the limit) is room made at once: a 9 MB
/// answer grown by doubling would hold 16 MB, and 24 MB while it moves.
pub fn read_body(
    mut body: impl Read,
    announced: Option<u64>,
    limits: Limits,
    deadline: Instant,
) -> Result<Vec<u8>, HttpError> {
    let room = announced
        .filter(|&n| n <= limits.max_bytes)
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(0);
    let mut bytes = Vec::with_capacity(room);
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        if Instant::now() >= deadline {
            return Err(timeout(limits));
        }
        let n = match body.read(&mut chunk) {
            Ok(0) => return Ok(bytes),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(from_ureq(ureq::Error::from(e), limits)),
        };
        if bytes.len() as u64 + n as u64 > limits.max_bytes {
            return Err(HttpError::TooLarge {
                limit: limits.max_bytes,
            });
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
}

fn timeout(limits: Limits) -> HttpError {
    HttpError::Timeout {
        seconds: limits.timeout.as_secs(),
    }
}

/// A ureq error (also one a body reader wrapped in an `io::Error`) in words, without
/// the address.
pub(crate) fn from_ureq(e: ureq::Error, limits: Limits) -> HttpError {
    let words = match e {
        ureq::Error::Timeout(_) => return timeout(limits),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
            return timeout(limits);
        }
        ureq::Error::BodyExceedsLimit(_) => {
            return HttpError::TooLarge {
                limit: limits.max_bytes,
            };
        }
        ureq::Error::HostNotFound => "no such host".to_string(),
        ureq::Error::ConnectionFailed => "the connection failed".to_string(),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the answer broke off".to_string()
        }
        ureq::Error::Io(io) => io.kind().to_string(),
        ureq::Error::TooManyRedirects => "too many redirects".to_string(),
        ureq::Error::BadUri(_) => "not a valid address".to_string(),
        ureq::Error::Tls(_) => "the secure connection failed".to_string(),
        ureq::Error::Decompress(how, _) => format!("its {how} compression is broken"),
        other => {
            // ureq's own words, unless they would repeat the address.
            let text = other.to_string();
            if text.contains("://") {
                "the request failed".to_string()
            } else {
                text
            }
        }
    };
    HttpError::Failed(words)
}

#[cfg(test)]
#[path = "http_tests.rs"]
mod tests;
