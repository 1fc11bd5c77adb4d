//! Reading calendars from where they live (a file, standard input, a private iCal
//! address) and refreshing imported calendars from their sources. Shared by `bearing
//! import`, `bearing refresh` and the interface's refresh in the background.

use std::io::Read;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::domain::source::Source;
use crate::service::{ImportRequest, ImportSummary, import_calendar};
use crate::store::Store;

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

/// What refreshing one calendar did.
#[derive(Debug, Clone, Serialize)]
pub struct RefreshOutcome {
    /// The calendar.
    pub calendar: String,
    /// Where it comes from, as shown.
    pub source: String,
    /// Whether its events changed.
    pub changed: bool,
    /// The import's summary when it was read well.
    pub summary: Option<ImportSummary>,
    /// Why it could not be refreshed (its events are kept as they were).
    pub error: Option<String>,
    /// Whether it cannot be refreshed at all (imported from standard input).
    pub skipped: bool,
}

/// The calendars whose sources were read well longer ago than `hours` (or never), and
/// that can be read again: what the interface refreshes when it starts.
pub fn stale_calendars(
    store: &Store,
    hours: u32,
    now: DateTime<Utc>,
) -> Result<Vec<String>, crate::store::StoreError> {
    let limit = now - chrono::Duration::hours(i64::from(hours));
    Ok(store
        .list_calendars()?
        .into_iter()
        .filter(|c| Source::parse(&c.source).refreshable())
        .filter(|c| c.content_hash.is_empty() || c.refreshed_at.is_none_or(|t| t < limit))
        .map(|c| c.name)
        .collect())
}

/// Refreshes the calendars `names`, one after the other, as [`refresh`] does for one.
pub fn refresh_these(
    store: &mut Store,
    names: &[String],
    timeout: Duration,
    zone: Tz,
    now: DateTime<Utc>,
) -> Vec<RefreshOutcome> {
    let mut out = Vec::new();
    for name in names {
        match refresh(store, Some(name), timeout, zone, now) {
            Ok(mut outcomes) => out.append(&mut outcomes),
            Err(e) => out.push(RefreshOutcome {
                calendar: name.clone(),
                source: String::new(),
                changed: false,
                summary: None,
                error: Some(e.to_string()),
                skipped: false,
            }),
        }
    }
    out
}

/// Re-reads the source of calendar `only` (or of every calendar) and re-imports what
/// changed. A source that fails, or a copy that is cut short or emptied, keeps the last
/// good copy and records why; the others are refreshed all the same.
pub fn refresh(
    store: &mut Store,
    only: Option<&str>,
    timeout: Duration,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<Vec<RefreshOutcome>, crate::store::StoreError> {
    // Calendars from an older journal format are rebuilt from their stored files first,
    // so a source that cannot be read leaves them whole all the same.
    let _ = crate::service::rebuild_stale_calendars(store, zone, now);
    let mut calendars = store.list_calendars()?;
    if let Some(name) = only {
        calendars.retain(|c| c.name == name);
        if calendars.is_empty() {
            return Err(crate::store::StoreError::NoSuchCalendar(name.to_string()));
        }
    }
    let mut outcomes = Vec::new();
    for cal in calendars {
        let source = Source::parse(&cal.source);
        let mut outcome = RefreshOutcome {
            calendar: cal.name.clone(),
            source: source.redacted(),
            changed: false,
            summary: None,
            error: None,
            skipped: false,
        };
        if !source.refreshable() {
            outcome.skipped = true;
            outcomes.push(outcome);
            continue;
        }
        let result = read(&source, timeout)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                import_calendar(
                    store,
                    &ImportRequest {
                        source: &source,
                        text: &text,
                        name: Some(&cal.name),
                        replace: true,
                        force: false,
                    },
                    zone,
                    now,
                )
                .map_err(|e| e.to_string())
            });
        match result {
            Ok(summary) => {
                outcome.changed = !summary.unchanged;
                outcome.summary = Some(summary);
            }
            Err(error) => {
                store.record_refresh_failure(&cal.name, &error)?;
                outcome.error = Some(error);
            }
        }
        outcomes.push(outcome);
    }
    Ok(outcomes)
}
