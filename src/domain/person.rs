//! A person's name as typed and as matched: the one normaliser every path uses, so
//! `@Priya`, ` priya ` and `PRIYA` mean the same person everywhere, and so do `@zoe` and
//! `@Zoë`.

/// A name as typed, without a leading `@` and surrounding space: what is stored and shown.
pub fn clean(name: &str) -> &str {
    name.trim().trim_start_matches('@').trim()
}

/// The key under which a person's name is matched: case and accents folded away, so
/// one person is one folded name.
pub fn key(name: &str) -> String {
    super::entry::fold_key(clean(name))
}

/// Whether a typed name names nobody (empty, or only `@` and space).
pub fn is_blank(name: &str) -> bool {
    clean(name).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_typed_clean_to_one_key() {
        for (typed, cleaned, keyed) in [
            ("Priya", "Priya", "priya"),
            ("@Priya", "Priya", "priya"),
            ("  @Ana Lima ", "Ana Lima", "ana lima"),
            ("@ Sam", "Sam", "sam"),
            ("ZOË", "ZOË", "zoe"),
            ("@Zoë", "Zoë", "zoe"),
            ("José Núñez", "José Núñez", "jose nunez"),
            ("@", "", ""),
            ("   ", "", ""),
        ] {
            assert_eq!(clean(typed), cleaned, "{typed:?}");
            assert_eq!(key(typed), keyed, "{typed:?}");
            assert_eq!(is_blank(typed), cleaned.is_empty(), "{typed:?}");
        }
    }
}
