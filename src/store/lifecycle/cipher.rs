//! Encryption at rest. An encrypted journal is one SQLCipher file: every page (entries,
//! the search index, drafts, calendars, and the write-ahead log's copies of them) is
//! AES-256 encrypted and authenticated, under a key derived from the user's passphrase.
//!
//! The key is derived as SQLCipher 4 derives it (PBKDF2-HMAC-SHA512, 256,000 rounds, over
//! the 16 random bytes that start the file), so the `sqlcipher` shell with
//! `PRAGMA key = 'passphrase'` opens a bearing journal too. bearing derives it once per
//! run and gives SQLCipher the raw key: the slow derivation, which is what makes guessing
//! passphrases slow, is paid once rather than by every connection bearing opens.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use rusqlite::Connection;
use zeroize::Zeroizing;

use crate::store::{Result, StoreError};

/// PBKDF2-HMAC-SHA512 rounds: SQLCipher 4's default.
const KDF_ROUNDS: u32 = 256_000;
/// The random salt at the start of an encrypted file.
pub(crate) const SALT_LEN: usize = 16;
/// SQLCipher 4's page size, which bearing keeps.
pub(crate) const PAGE_SIZE: u32 = 4096;
/// SQLite's page cache of an encrypted journal, as `PRAGMA cache_size` takes it (negative:
/// KiB): 16 MB rather than SQLite's 2 MB, since a page read from the file must be
/// decrypted and authenticated again, where a plain journal's comes from the system's cache.
pub(crate) const CACHE_KIB: i64 = -16 * 1024;
/// The bytes of a page's authentication code (HMAC-SHA256), its last.
const MAC_LEN: usize = 32;

/// What bearing changes of SQLCipher 4's defaults, for the database `schema`, right after
/// keying it: pages are authenticated with HMAC-SHA256 rather than HMAC-SHA512, as strong
/// for this and some twice as fast where the processor has SHA extensions (reading the
/// ten-year journal, authenticating pages was a third of the time).
pub(crate) fn settings(schema: &str) -> String {
    format!("PRAGMA \"{schema}\".cipher_hmac_algorithm = HMAC_SHA256;")
}

/// A passphrase, wiped from memory when dropped and never printed.
#[derive(Clone)]
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// A passphrase from what the user typed or a command printed; `None` when it is
    /// empty (SQLCipher would read an empty key as "not encrypted").
    pub fn new(text: String) -> Option<Passphrase> {
        let text = Zeroizing::new(text);
        (!text.is_empty()).then_some(Passphrase(text))
    }

    /// The passphrase itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(hidden)")
    }
}

impl PartialEq for Passphrase {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_bytes() == other.0.as_bytes()
    }
}

/// The key to one encrypted journal: its passphrase, its salt, and the AES key derived
/// from the two.
#[derive(Clone)]
pub struct Key {
    passphrase: Passphrase,
    salt: [u8; SALT_LEN],
    raw: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(hidden)")
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.salt == other.salt && openssl::memcmp::eq(&self.raw[..], &other.raw[..])
    }
}

impl Eq for Key {}

impl Key {
    /// Derives the key for a file whose salt is `salt` (slow by design: some 150
    /// milliseconds).
    pub fn derive(passphrase: &Passphrase, salt: [u8; SALT_LEN]) -> io::Result<Key> {
        let mut raw = Zeroizing::new([0u8; 32]);
        // OpenSSL's, as SQLCipher's own: the same bytes, and as fast in a debug build.
        openssl::pkcs5::pbkdf2_hmac(
            passphrase.expose().as_bytes(),
            &salt,
            KDF_ROUNDS as usize,
            openssl::hash::MessageDigest::sha512(),
            &mut raw[..],
        )
        .map_err(io::Error::other)?;
        Ok(Key {
            passphrase: passphrase.clone(),
            salt,
            raw,
        })
    }

    /// A key for a new encrypted file, with a fresh random salt.
    pub fn for_new_file(passphrase: &Passphrase) -> io::Result<Key> {
        let mut salt = [0u8; SALT_LEN];
        getrandom::fill(&mut salt).map_err(io::Error::other)?;
        Key::derive(passphrase, salt)
    }

    /// The key for the journal at `path` with `passphrase`: derived with the salt the
    /// file starts with, or a fresh one when there is no file yet (or an empty one).
    pub fn for_journal(path: &Path, passphrase: &Passphrase) -> Result<Key> {
        match salt_of(path) {
            Ok(Some(salt)) => Key::derive(passphrase, salt),
            Ok(None) => Key::for_new_file(passphrase),
            Err(e) => Err(e),
        }
        .map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })
    }

    /// The passphrase this key was derived from.
    pub fn passphrase(&self) -> &Passphrase {
        &self.passphrase
    }

    /// Whether this key was derived for a file with `salt`.
    pub(crate) fn has_salt(&self, salt: &[u8; SALT_LEN]) -> bool {
        &self.salt == salt
    }

    /// The key as SQLCipher reads a raw key and its salt: `x'KEY SALT'` in hex.
    pub(crate) fn spec(&self) -> Zeroizing<String> {
        let mut spec = Zeroizing::new(String::with_capacity(3 + 2 * (32 + SALT_LEN)));
        spec.push_str("x'");
        for b in self.raw.iter().chain(self.salt.iter()) {
            spec.push(hex_digit(b >> 4));
            spec.push(hex_digit(b & 0xF));
        }
        spec.push('\'');
        spec
    }

    /// Whether `page` (page number `pgno` of a file, counted from 1) was written with this
    /// key: the authentication code SQLCipher keeps at the end of every page checks out.
    /// It tells a damaged first page from a wrong passphrase, which SQLCipher cannot.
    pub(crate) fn wrote_page(&self, page: &[u8], pgno: u32) -> bool {
        use openssl::hash::MessageDigest;
        // SQLCipher 4's layout: the page's last 48 bytes are a 16-byte IV and a 32-byte
        // HMAC-SHA256 (see `settings`) of the encrypted bytes and the IV (after the salt
        // on page 1), then the page number (little-endian). Its HMAC key is derived from
        // the AES key with the salt XOR 0x3a, in 2 rounds of PBKDF2-HMAC-SHA512.
        const MAC_AT: usize = PAGE_SIZE as usize - MAC_LEN;
        if page.len() != PAGE_SIZE as usize {
            return false;
        }
        let start = if pgno == 1 { SALT_LEN } else { 0 };
        let mut mac_salt = self.salt;
        for b in &mut mac_salt {
            *b ^= 0x3a;
        }
        let mut mac_key = Zeroizing::new([0u8; 32]);
        let mac = openssl::pkcs5::pbkdf2_hmac(
            &self.raw[..],
            &mac_salt,
            2,
            MessageDigest::sha512(),
            &mut mac_key[..],
        )
        .and_then(|()| openssl::pkey::PKey::hmac(&mac_key[..]))
        .and_then(|pkey| {
            let mut signer = openssl::sign::Signer::new(MessageDigest::sha256(), &pkey)?;
            signer.update(&page[start..MAC_AT])?;
            signer.update(&pgno.to_le_bytes())?;
            signer.sign_to_vec()
        });
        mac.is_ok_and(|mac| openssl::memcmp::eq(&mac, &page[MAC_AT..]))
    }

    /// Keys the database `schema` of `conn`: the first thing done after opening it.
    pub(crate) fn apply(&self, conn: &Connection, schema: &str) -> rusqlite::Result<()> {
        quiet(conn);
        let spec = self.spec();
        let sql = Zeroizing::new(format!(
            "PRAGMA \"{schema}\".key = \"{}\"; {}",
            spec.as_str(),
            settings(schema)
        ));
        conn.execute_batch(&sql)
    }
}

fn hex_digit(n: u8) -> char {
    char::from(b"0123456789abcdef"[usize::from(n & 0xF)])
}

/// The salt an encrypted file starts with, or `None` for a missing or empty file.
pub(crate) fn salt_of(path: &Path) -> io::Result<Option<[u8; SALT_LEN]>> {
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut salt = [0u8; SALT_LEN];
    let mut read = 0;
    while read < SALT_LEN {
        match file.read(&mut salt[read..])? {
            0 => break,
            n => read += n,
        }
    }
    Ok((read == SALT_LEN).then_some(salt))
}

/// Settings every connection gets, keyed or not. SQLCipher's own log (on standard error)
/// is silenced: what goes wrong is bearing's to say, in words.
pub(crate) fn quiet(conn: &Connection) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE");
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_sqlciphers_own_derivation_so_the_passphrase_alone_opens_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.db");
        let pass = Passphrase::new("correct horse".into()).unwrap();
        let key = Key::for_new_file(&pass).unwrap();
        {
            let conn = Connection::open(&path).unwrap();
            key.apply(&conn, "main").unwrap();
            conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES ('hello')")
                .unwrap();
        }
        let bytes = std::fs::read(&path).unwrap();
        assert_ne!(&bytes[..16], b"SQLite format 3\0");
        assert!(key.has_salt(bytes[..16].try_into().unwrap()));
        // SQLCipher, given only the passphrase, derives the same key from the file's salt.
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "key", "correct horse").unwrap();
        conn.pragma_update(None, "cipher_hmac_algorithm", "HMAC_SHA256")
            .unwrap();
        let x: String = conn.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(x, "hello");
        // And the key bearing derives again for the file is the same.
        let again = Key::for_journal(&path, &pass).unwrap();
        assert_eq!(again.spec().as_str(), key.spec().as_str());
        // A wrong passphrase reads nothing.
        let wrong = Key::for_journal(&path, &Passphrase::new("wrong".into()).unwrap()).unwrap();
        let conn = Connection::open(&path).unwrap();
        wrong.apply(&conn, "main").unwrap();
        let err = conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap_err();
        assert_eq!(
            err.sqlite_error_code(),
            Some(rusqlite::ErrorCode::NotADatabase)
        );
    }

    #[test]
    fn the_key_tells_its_own_pages_from_others() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.db");
        let key = Key::for_new_file(&Passphrase::new("p".into()).unwrap()).unwrap();
        {
            let conn = Connection::open(&path).unwrap();
            key.apply(&conn, "main").unwrap();
            conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (randomblob(9000))")
                .unwrap();
        }
        let bytes = std::fs::read(&path).unwrap();
        let pages: Vec<&[u8]> = bytes.chunks(PAGE_SIZE as usize).collect();
        assert!(pages.len() >= 3);
        for (i, page) in pages.iter().enumerate() {
            assert!(key.wrote_page(page, i as u32 + 1), "page {}", i + 1);
        }
        // Not as another page, not with another key, not once changed.
        assert!(!key.wrote_page(pages[1], 3));
        let other = Key::derive(&Passphrase::new("q".into()).unwrap(), key.salt).unwrap();
        assert!(!other.wrote_page(pages[1], 2));
        let mut changed = pages[1].to_vec();
        changed[100] ^= 1;
        assert!(!key.wrote_page(&changed, 2));
    }

    #[test]
    fn passphrases_are_never_printed_and_never_empty() {
        assert!(Passphrase::new(String::new()).is_none());
        let p = Passphrase::new("hunter2".into()).unwrap();
        assert!(!format!("{p:?}").contains("hunter2"));
        let k = Key::derive(&p, [7; SALT_LEN]).unwrap();
        assert!(!format!("{k:?}").contains("hunter2"));
    }

    #[test]
    fn fts5_and_serialize_work_under_sqlcipher() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE f USING fts5(body); INSERT INTO f VALUES ('feedback given')",
        )
        .unwrap();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM f WHERE f MATCH 'feedb*'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(n, 1);
        let image = conn.serialize("main").unwrap();
        assert!(!image.is_empty());
    }
}
