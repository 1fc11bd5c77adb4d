//! Export and restore: the journal as Markdown to read or as JSON to keep everything,
//! encrypted with the journal's passphrase when the journal is encrypted; and a JSON
//! export loaded into an empty journal, or into a new one.
//!
//! A JSON export cuts the calendars' private addresses to their host unless the secrets
//! are asked for: an export shared or synced must not carry the keys to the calendars.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::journal::Passphrase;
use super::{Journal, Now};
use crate::config::Config;
use crate::domain::classify::default_rules;
use crate::domain::conversation::Conversation;
use crate::domain::dates;
use crate::domain::source::{self, Source};
use crate::store::{JournalFilter, Key, Store, StoreError};

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// A document for a person: one section per day, between two days if given.
    Markdown {
        /// The first day.
        from: Option<NaiveDate>,
        /// The last day.
        to: Option<NaiveDate>,
    },
    /// A complete, lossless copy of everything, for a restore.
    Json {
        /// Keep the calendars' private addresses whole.
        include_secrets: bool,
    },
}

/// An export, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// Its text (ASCII-armoured age when sealed).
    pub text: String,
    /// Whether it is encrypted with the journal's passphrase.
    pub sealed: bool,
}

/// Why an export or a restore failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The journal could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The export could not be written as JSON.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// The export could not be encrypted.
    #[error("cannot encrypt the export: {0}")]
    Seal(String),
    /// No key could be made for the journal a restore makes.
    #[error("cannot make a key")]
    Key(#[source] std::io::Error),
    /// An encrypted export would be written into a journal that is not encrypted.
    #[error(
        "the export is encrypted and this journal is not, so its text would be written in plain; restore into a new journal (--db NEW.db), which is made encrypted as the export was, or run `bearing encrypt` first"
    )]
    SealedIntoPlain,
}

/// Exports the journal as `what` says: encrypted with its passphrase when the journal is
/// encrypted, unless `plain` is asked for. A JSON export records, for the reader, the
/// classification rules in effect (`config`'s, then the defaults where they apply); a
/// restore does not read them back (they live in the config file).
pub fn export(
    journal: &Journal,
    config: &Config,
    what: Export,
    plain: bool,
) -> Result<Exported, ExportError> {
    let store = journal.store();
    let text = match what {
        Export::Json { include_secrets } => {
            let mut doc = if include_secrets {
                let mut doc = store.export_json_with_accounts()?;
                // A password leaves an encrypted journal only inside its encrypted export.
                if plain || journal.passphrase().is_none() {
                    drop_account_secrets(&mut doc);
                }
                doc
            } else {
                let mut doc = store.export_json()?;
                redact_sources(&mut doc);
                doc
            };
            let mut rules = config.rules.clone();
            if config.classification.defaults {
                rules.extend(default_rules());
            }
            doc.insert("rules".into(), serde_json::to_value(rules)?);
            serde_json::to_string_pretty(&doc)? + "\n"
        }
        Export::Markdown { from, to } => markdown(store, from, to)?,
    };
    match journal.passphrase() {
        Some(pass) if !plain => Ok(Exported {
            text: seal(&text, pass)?,
            sealed: true,
        }),
        _ => Ok(Exported {
            text,
            sealed: false,
        }),
    }
}

/// Cuts the calendars' addresses in an export to what `bearing calendars` shows: a
/// private iCal address is a key to the calendar.
fn redact_sources(doc: &mut Map<String, Value>) {
    let Some(rows) = doc
        .get_mut("tables")
        .and_then(|t| t.get_mut("calendars"))
        .and_then(|c| c.as_array_mut())
    else {
        return;
    };
    for row in rows {
        for column in ["source", "source_key"] {
            if let Some(value) = row.get_mut(column)
                && let Some(text) = value.as_str()
                && matches!(Source::parse(text), Source::Url(_))
            {
                *value = source::redact(text).into();
            }
        }
    }
}

fn markdown(
    store: &Store,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<String, StoreError> {
    let entries = store.list_entries(&JournalFilter {
        from,
        to,
        ..Default::default()
    })?;
    let all = store.list_conversations(&Default::default())?;
    let conversations: Vec<_> = all
        .iter()
        .filter(|c| {
            c.day()
                .is_some_and(|d| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t))
        })
        .collect();
    // A conversation without a date belongs to no period: a whole export has it at the end.
    let undated: Vec<_> = if from.is_none() && to.is_none() {
        all.iter().filter(|c| c.day().is_none()).collect()
    } else {
        Vec::new()
    };
    let mut days: Vec<NaiveDate> = entries
        .iter()
        .map(|e| e.day)
        .chain(conversations.iter().filter_map(|c| c.day()))
        .collect();
    days.sort();
    days.dedup();
    let span = match (days.first(), days.last()) {
        (Some(a), Some(b)) => format!(", {a} to {b}"),
        _ => String::new(),
    };
    let mut md = format!("# bearing journal{span}\n");
    if days.is_empty() && undated.is_empty() {
        md.push_str("\nNothing written in this period.\n");
    }
    for day in days {
        md.push_str(&format!("\n## {}\n", day.format(dates::LONG_DAY_YEAR)));
        for e in entries.iter().filter(|e| e.day == day) {
            md.push_str(&format!(
                "\n### {} · {}\n\n{}\n",
                e.at.format(dates::CLOCK),
                e.kind.as_str(),
                paragraphs(&e.body)
            ));
        }
        for c in conversations.iter().filter(|c| c.day() == Some(day)) {
            md.push_str(&conversation_markdown(c));
        }
    }
    if !undated.is_empty() {
        md.push_str("\n## Conversations without a date\n");
        for c in undated {
            md.push_str(&conversation_markdown(c));
        }
    }
    Ok(md)
}

/// Text as Markdown paragraphs: each line of it one paragraph, a blank line between, so
/// a multi-line entry keeps its lines (Markdown joins lines that touch); runs of blank
/// lines become one.
fn paragraphs(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// One conversation as a Markdown section: heading, follow-up, and each field written.
fn conversation_markdown(c: &Conversation) -> String {
    let mut c = c.clone();
    let kind = if c.stay_interview {
        "Stay interview"
    } else {
        "Conversation"
    };
    let mut md = format!(
        "\n### {kind} with {}: {} ({})\n",
        c.person,
        c.topic,
        c.status.label()
    );
    if let Some(f) = c.followup_on {
        md.push_str(&format!("\nFollow-up on {f}.\n"));
    }
    for (label, value) in c.text_fields_mut() {
        if !value.trim().is_empty() {
            md.push_str(&format!("\n**{label}.** {}\n", paragraphs(value)));
        }
    }
    md
}

pub use crate::io::passphrase::{MAX_SCRYPT_WORK, SCRYPT_WORK};

/// `text` encrypted with `pass` in age's format (ASCII armoured, so it can go to a
/// terminal or a pipe): what an export of an encrypted journal is.
fn seal(text: &str, pass: &Passphrase) -> Result<String, ExportError> {
    let mut recipient =
        age::scrypt::Recipient::new(age::secrecy::SecretString::from(pass.expose().to_string()));
    recipient.set_work_factor(SCRYPT_WORK);
    age::encrypt_and_armor(&recipient, text.as_bytes())
        .map_err(|e| ExportError::Seal(e.to_string()))
}

/// Whether `bytes` are an age file (armoured or not): an encrypted export.
pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(b"age-encryption.org/")
        || bytes
            .trim_ascii_start()
            .starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
}

/// Why an encrypted export did not decrypt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsealed {
    /// Not with this passphrase.
    WrongPassphrase,
    /// Not at all: what is wrong with it.
    Unreadable(String),
}

/// The text of the encrypted export `bytes`, decrypted with `pass`.
pub fn unseal(bytes: &[u8], pass: &Passphrase) -> Result<zeroize::Zeroizing<String>, Unsealed> {
    let mut identity =
        age::scrypt::Identity::new(age::secrecy::SecretString::from(pass.expose().to_string()));
    identity.set_max_work_factor(MAX_SCRYPT_WORK);
    let plain = zeroize::Zeroizing::new(age::decrypt(&identity, bytes).map_err(|e| match e {
        age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
            Unsealed::WrongPassphrase
        }
        age::DecryptError::ExcessiveWork { required, .. } => Unsealed::Unreadable(format!(
            "it asks for more work to open (scrypt 2^{required}) than bearing allows (2^{MAX_SCRYPT_WORK}); bearing writes its exports with 2^{SCRYPT_WORK}"
        )),
        e => Unsealed::Unreadable(e.to_string()),
    })?);
    match std::str::from_utf8(&plain) {
        Ok(text) => Ok(zeroize::Zeroizing::new(text.to_string())),
        Err(_) => Err(Unsealed::Unreadable("it does not hold text".into())),
    }
}

/// Loads the export `doc` into `journal`, which must be empty, in one transaction: all
/// of it or nothing. An export that was `sealed` (encrypted) goes only into an encrypted
/// journal. Returns how many rows it loaded.
pub fn restore(journal: &mut Journal, doc: &Value, sealed: bool) -> Result<usize, ExportError> {
    if sealed && !journal.is_encrypted() {
        return Err(ExportError::SealedIntoPlain);
    }
    Ok(journal.store_mut().restore_json(doc)?)
}

/// Loads the export `doc` into a new journal at `path`, where there is nothing yet:
/// encrypted with `pass`, or plain. A restore that fails leaves no journal behind.
/// Returns how many rows it loaded.
pub fn restore_new(
    path: &Path,
    doc: &Value,
    pass: Option<&Passphrase>,
) -> Result<usize, ExportError> {
    let key = pass
        .map(Key::for_new_file)
        .transpose()
        .map_err(ExportError::Key)?;
    Ok(Store::restore_new(path, doc, key.as_ref())?)
}

/// After a restore: an export from an older journal format brings its calendars' files
/// but not their events in today's form, so they are rebuilt from those files. Returns
/// the names of the calendars rebuilt.
pub fn rebuild_calendars(
    journal: &mut Journal,
    now: Now,
) -> Result<Vec<String>, crate::app::calendars::import::ImportError> {
    crate::app::calendars::import::rebuild_stale_calendars(
        journal.store_mut(),
        now.zone,
        now.at.to_utc(),
    )
}

/// Leaves the passwords and tokens of the accounts in `doc` out.
fn drop_account_secrets(doc: &mut serde_json::Map<String, serde_json::Value>) {
    if let Some(serde_json::Value::Array(rows)) =
        doc.get_mut("tables").and_then(|t| t.get_mut("accounts"))
    {
        for row in rows {
            if let Some(row) = row.as_object_mut() {
                row.insert("secret".into(), serde_json::Value::Null);
            }
        }
    }
}

#[cfg(test)]
#[path = "export_tests.rs"]
mod tests;
