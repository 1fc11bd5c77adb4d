//! Stable hashes for telling whether stored things changed: FNV-1a, 64 bits, and a
//! faster word-at-a-time one for large texts (the standard library's hasher is seeded per
//! process, so its values cannot be stored). And the seeded maps the import path uses.

/// A map keyed by text from calendar files (UIDs above all), and other maps on the import
/// path: hashed with foldhash, several times faster on short keys than the standard
/// library's SipHash. It is seeded per process, which makes a file written to make its
/// keys collide hard to write, though foldhash claims only minimal resistance to that.
pub type FastMap<K, V> = foldhash::HashMap<K, V>;

/// A set hashed as [`FastMap`] is.
pub type FastSet<T> = foldhash::HashSet<T>;

pub use foldhash::{HashMapExt, HashSetExt};

/// An FNV-1a 64-bit hash being computed.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self::new()
    }
}

impl Fnv {
    /// A hash of nothing yet.
    pub fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    /// Adds bytes.
    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Adds a string and its length, so "ab","c" and "a","bc" differ.
    pub fn write_str(&mut self, text: &str) {
        self.write_i64(text.len() as i64);
        self.write(text.as_bytes());
    }

    /// Adds a number.
    pub fn write_i64(&mut self, n: i64) {
        self.write(&n.to_le_bytes());
    }

    /// Adds a byte.
    pub fn write_u8(&mut self, n: u8) {
        self.write(&[n]);
    }

    /// The hash.
    pub fn finish(self) -> u64 {
        self.0
    }
}

/// A hash for telling whether a large text changed (a calendar file, the events in it):
/// eight bytes a step, where FNV-1a takes one, so a 2 MB file hashes in a fraction of a
/// millisecond. Stable across runs and builds, like [`Fnv`]; not for identities that
/// must never change (those stay FNV-1a), since a new version of it only costs one
/// refresh that rewrites what it compares.
#[derive(Debug, Clone, Copy)]
pub struct Words(u64);

impl Default for Words {
    fn default() -> Self {
        Self::new()
    }
}

impl Words {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;

    /// A hash of nothing yet.
    pub fn new() -> Words {
        Words(0x243f_6a88_85a3_08d3)
    }

    fn mix(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(Self::K);
        self.0 ^= self.0 >> 29;
    }

    /// Adds a string and its length, so "ab","c" and "a","bc" differ.
    pub fn write_str(&mut self, text: &str) {
        self.mix(text.len() as u64);
        let mut chunks = text.as_bytes().chunks_exact(8);
        for c in &mut chunks {
            self.mix(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let mut last = [0u8; 8];
        let rest = chunks.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.mix(u64::from_le_bytes(last));
    }

    /// Adds a number.
    pub fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }

    /// The hash.
    pub fn finish(self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

/// The [`Words`] hash of `text`.
pub fn words(text: &str) -> u64 {
    let mut h = Words::new();
    h.write_str(text);
    h.finish()
}

/// The FNV-1a hash of `text`.
pub fn fnv1a(text: &str) -> u64 {
    let mut h = Fnv::new();
    h.write(text.as_bytes());
    h.finish()
}

/// `bytes` in lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 15)]));
    }
    out
}

/// The bytes [`hex`] wrote, when `text` is hex (either case).
pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_hash_is_stable_and_tells_small_changes_apart() {
        // Stored values must not change between runs or builds.
        assert_eq!(words(""), words(""));
        assert_eq!(
            format!("{:016x}", words("BEGIN:VCALENDAR")),
            format!("{:016x}", words("BEGIN:VCALENDAR"))
        );
        let base = "SUMMARY:Weekly 1:1 with Sam\r\nDTSTART:20261201T100000Z";
        let mut seen = std::collections::HashSet::new();
        assert!(seen.insert(words(base)));
        for i in 0..base.len() {
            let mut changed = base.as_bytes().to_vec();
            changed[i] ^= 1;
            assert!(
                seen.insert(words(std::str::from_utf8(&changed).unwrap())),
                "byte {i}"
            );
        }
        assert!(
            seen.insert(words(&base[..base.len() - 1])),
            "one byte shorter"
        );
        let mut a = Words::new();
        a.write_str("ab");
        a.write_str("c");
        let mut b = Words::new();
        b.write_str("a");
        b.write_str("bc");
        assert_ne!(a.finish(), b.finish());
    }

    #[test]
    fn known_values_and_boundaries() {
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
        let mut a = Fnv::new();
        a.write_str("ab");
        a.write_str("c");
        let mut b = Fnv::new();
        b.write_str("a");
        b.write_str("bc");
        assert_ne!(a.finish(), b.finish());
    }
}
