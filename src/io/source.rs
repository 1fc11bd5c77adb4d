//! Reading a calendar from where it lives: a file, standard input, or a private iCal
//! address over HTTP (with a time limit and a size limit, the address never shown whole).

use std::io::Read;
use std::time::Duration;

use super::http::{self, HttpError, Limits};
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
    /// More than the size limit ([`MAX_BYTES`] unless a test says otherwise).
    #[error("{url} is larger than {}; that is not a calendar export", http::size_in_words(*limit))]
    TooLarge {
        /// The source, as shown.
        url: String,
        /// The limit, in bytes.
        limit: u64,
    },
}

/// Reads `source` as text (a character split by a fold is joined again; Latin-1 or
/// broken UTF-8 is read as well as it can be), at most [`MAX_BYTES`], an address
/// answering within `timeout`.
pub fn read(source: &Source, timeout: Duration) -> Result<String, SourceError> {
    read_within(
        source,
        Limits {
            timeout,
            max_bytes: MAX_BYTES,
        },
    )
}

/// [`read`] within `limits`.
pub fn read_within(source: &Source, limits: Limits) -> Result<String, SourceError> {
    let max = limits.max_bytes;
    let bytes = match source {
        Source::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(max + 1)
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
            file.take(max + 1)
                .read_to_end(&mut bytes)
                .map_err(|error| SourceError::File { path: shown, error })?;
            bytes
        }
        Source::Url(url) => {
            http::get(url, limits).map_err(|e| fetch_error(e, source.redacted()))?
        }
        Source::Account(_) => {
            return Err(SourceError::Fetch {
                url: source.redacted(),
                reason: "an account's calendar is read with its account (bearing refresh)"
                    .to_string(),
            });
        }
    };
    if bytes.len() as u64 > max {
        return Err(SourceError::TooLarge {
            url: source.redacted(),
            limit: max,
        });
    }
    Ok(text_of(bytes))
}

/// The text of a calendar's bytes. UTF-8 is taken as it is, without a copy. Otherwise a
/// character that a fold splits (`Caf\xc3` CRLF SPACE `\xa9`: exporters that fold at 75
/// octets count bytes, not characters) is joined again in place, its first bytes moved
/// after the fold, where the reader's unfolding puts it back whole ("Café", not
/// "Caf��"); the lines stay as many and as long. Anything still not UTF-8 (Latin-1,
/// broken bytes) becomes U+FFFD, as before.
fn text_of(bytes: Vec<u8>) -> String {
    let mut bytes = match String::from_utf8(bytes) {
        Ok(text) => return text,
        Err(e) => e.into_bytes(),
    };
    mend_split_characters(&mut bytes);
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Moves the first bytes of each character a fold splits to after the fold: one pass
/// from one invalid place to the next, so bounded by the length however broken.
fn mend_split_characters(bytes: &mut [u8]) {
    let mut at = 0;
    while let Err(e) = std::str::from_utf8(&bytes[at..]) {
        let bad = at + e.valid_up_to();
        let Some(error_len) = e.error_len() else {
            // Cut short inside a character at the very end: nothing follows to join.
            return;
        };
        match split_by_fold(&bytes[bad..]) {
            Some((head, fold)) => {
                // `head` bytes, then the fold: the fold first, then the character's
                // bytes together. Checked again from the fold (a character split twice).
                bytes[bad..bad + head + fold].rotate_left(head);
                at = bad + fold;
            }
            None => at = bad + error_len,
        }
    }
}

/// Whether `bytes` starts with the first bytes of a character, then a fold (a line end
/// and a space or tab), then more of that character: its first bytes' length and the
/// fold's.
fn split_by_fold(bytes: &[u8]) -> Option<(usize, usize)> {
    let continues = |b: Option<&u8>| b.is_some_and(|b| (0x80..=0xBF).contains(b));
    let needs = match bytes.first()? {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let head = 1 + (1..needs).take_while(|&i| continues(bytes.get(i))).count();
    if head == needs {
        return None;
    }
    let fold = match &bytes[head..] {
        [b'\r', b'\n', b' ' | b'\t', ..] => 3,
        [b'\r' | b'\n', b' ' | b'\t', ..] => 2,
        _ => return None,
    };
    continues(bytes.get(head + fold)).then_some((head, fold))
}

/// An HTTP read's failure, naming the address as it may be shown.
fn fetch_error(e: HttpError, url: String) -> SourceError {
    match e {
        HttpError::Timeout { seconds } => SourceError::Timeout { url, seconds },
        HttpError::TooLarge { limit } => SourceError::TooLarge { url, limit },
        HttpError::Status(status) => SourceError::Status { url, status },
        HttpError::Failed(reason) => SourceError::Fetch { url, reason },
    }
}

#[cfg(test)]
mod tests {
    use super::text_of;

    /// Exporters that fold at 75 octets split characters: each is joined again, however
    /// split (one byte of two before the fold, two of three, one of four, across two
    /// folds), by CRLF, LF or CR and a space or a tab; the lines stay as they were.
    /// Before, each half became U+FFFD.
    #[test]
    fn a_character_split_by_a_fold_is_joined_again() {
        let cases: [(&[u8], &str); 8] = [
            (
                b"SUMMARY:Caf\xc3\r\n \xa9 at 9\r\n",
                "SUMMARY:Caf\r\n \u{e9} at 9\r\n",
            ),
            (b"X:Caf\xc3\n\t\xa9", "X:Caf\n\t\u{e9}"),
            (b"X:Caf\xc3\r \xa9", "X:Caf\r \u{e9}"),
            (b"X:a\xe2\x80\r\n \x94b", "X:a\r\n \u{2014}b"),
            (b"X:a\xf0\r\n \x9f\x8e\x89b", "X:a\r\n \u{1f389}b"),
            (b"X:\xf0\x9f\r\n \x8e\r\n \x89", "X:\r\n \r\n \u{1f389}"),
            // Not a character split by a fold: read as before.
            (
                b"X:Caf\xe9\r\n \r\nY:\xc3",
                "X:Caf\u{fffd}\r\n \r\nY:\u{fffd}",
            ),
            (b"X:\xc3\r\nY:\xa9", "X:\u{fffd}\r\nY:\u{fffd}"),
        ];
        for (bytes, want) in cases {
            assert_eq!(text_of(bytes.to_vec()), want, "{}", bytes.escape_ascii());
        }
        let utf8 = "SUMMARY:Caf\u{e9}\r\n".to_string();
        let at = utf8.as_ptr();
        let text = text_of(utf8.into_bytes());
        assert_eq!(text.as_ptr(), at, "UTF-8 is taken as it is, not copied");
    }
}
