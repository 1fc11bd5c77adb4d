//! FNV-1a, 64 bits: a fast, stable hash for telling whether stored things changed (the
//! standard library's hasher is seeded per process, so its values cannot be stored).

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

/// The FNV-1a hash of `text`.
pub fn fnv1a(text: &str) -> u64 {
    let mut h = Fnv::new();
    h.write(text.as_bytes());
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

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
