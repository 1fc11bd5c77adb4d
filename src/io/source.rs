//! Reading a calendar from where it lives: a file, standard input, or a private iCal
//! address over HTTP (with a time limit and a size limit, the address never shown whole).

use std::io::Read;
use std::time::Duration;

use crate::domain::source::Source;

/// The largest calendar file bearing reads (100 MB).
pub const MAX_BYTES: u64 = 100 * 1024 * 1024;
/// How long fetching an address may take, in all, unless the config says otherwise.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a source could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The file could not be read.
    #[error("cannot read {path}: {error}")]
    File {
        /// The file, as shown.
        path: String,
        /// Why.
        error: std::io::Error,
    },
    /// Standard input could not be read.
    #[error("cannot read standard input: {0}")]
    Stdin(std::io::Error),
    /// The address did not answer in time.
    #[error("{url} did not answer within {}", crate::domain::words::count(*seconds as i64, "second", "seconds"))]
    Timeout {
        /// The address, redacted.
        url: String,
        /// How long bearing waited.
        seconds: u64,
    },
    /// The address answered with an error.
    #[error("{url} answered {status}")]
    Status {
        /// The address, redacted.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// The address could not be fetched.
    #[error("cannot fetch {url}: {reason}")]
    Fetch {
        /// The address, redacted.
        url: String,
        /// Why, without the address (which may hold a secret).
        reason: String,
    },
    /// More than [`MAX_BYTES`].
    #[error("{0} is larger than 100 MB; that is not a calendar export")]
    TooLarge(String),
}

/// Reads `source` as text (Latin-1 or broken UTF-8 is read as well as it can be).
pub fn read(source: &Source, timeout: Duration) -> Result<String, SourceError> {
    let bytes = match source {
        Source::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(MAX_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(SourceError::Stdin)?;
            bytes
        }
        Source::File(path) => {
            let shown = path.display().to_string();
            let file = std::fs::File::open(path).map_err(|error| SourceError::File {
                path: shown.clone(),
                error,
            })?;
            let mut bytes = Vec::new();
            file.take(MAX_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|error| SourceError::File { path: shown, error })?;
            bytes
        }
        Source::Url(url) => fetch(url, &source.redacted(), timeout)?,
    };
    if bytes.len() as u64 > MAX_BYTES {
        return Err(SourceError::TooLarge(source.redacted()));
    }
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

fn fetch(url: &str, shown: &str, timeout: Duration) -> Result<Vec<u8>, SourceError> {
    let seconds = timeout.as_secs();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .build()
        .into();
    let failed = |e: ureq::Error| match e {
        ureq::Error::Timeout(_) => SourceError::Timeout {
            url: shown.to_string(),
            seconds,
        },
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => SourceError::Timeout {
            url: shown.to_string(),
            seconds,
        },
        other => SourceError::Fetch {
            url: shown.to_string(),
            reason: describe_fetch_error(&other),
        },
    };
    let mut response = agent.get(url).call().map_err(failed)?;
    let status = response.status().as_u16();
    if !(200..300).contains(&status) {
        return Err(SourceError::Status {
            url: shown.to_string(),
            status,
        });
    }
    let mut bytes = Vec::new();
    response
        .body_mut()
        .with_config()
        .limit(MAX_BYTES + 1)
        .reader()
        .read_to_end(&mut bytes)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::TimedOut => SourceError::Timeout {
                url: shown.to_string(),
                seconds,
            },
            _ => SourceError::Fetch {
                url: shown.to_string(),
                reason: format!("the answer broke off ({})", e.kind()),
            },
        })?;
    Ok(bytes)
}

/// A fetch error in words, without the address (it may hold the calendar's secret).
fn describe_fetch_error(e: &ureq::Error) -> String {
    match e {
        ureq::Error::HostNotFound => "no such host".to_string(),
        ureq::Error::ConnectionFailed => "the connection failed".to_string(),
        ureq::Error::Io(io) => format!("{}", io.kind()),
        ureq::Error::TooManyRedirects => "too many redirects".to_string(),
        ureq::Error::BadUri(_) => "not a valid address".to_string(),
        ureq::Error::Tls(_) => "the secure connection failed".to_string(),
        ureq::Error::BodyExceedsLimit(_) => "larger than 100 MB".to_string(),
        other => {
            // ureq's own words, unless they would repeat the address.
            let text = other.to_string();
            if text.contains("://") {
                "the request failed".to_string()
            } else {
                text
            }
        }
    }
}
