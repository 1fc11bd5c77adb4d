//! The words of the passphrase prompt before the interface opens.

/// After the journal's path: why a passphrase is asked.
pub const LOCKED: &str = "is encrypted.";
/// The passphrase prompt.
pub const ASK: &str = "Passphrase (empty to quit): ";
/// While the key is derived.
pub const UNLOCKING: &str = "Unlocking…";
/// A wrong passphrase, to be typed again.
pub const WRONG: &str = "That passphrase does not open the journal. Try again.";
/// No passphrase given: bearing ends.
pub const QUIT: &str = "No passphrase given; the journal stays locked.";
/// The first run's offer to encrypt the new journal.
pub const OFFER: &str = "Encrypt it with a passphrase? Nobody without the passphrase can then read it, on this disk or in a copy of it. [y/N] ";
/// The new passphrase prompt.
pub const NEW: &str = "New passphrase: ";
/// The new passphrase, asked a second time.
pub const AGAIN: &str = "The same again: ";
/// The two new passphrases differ.
pub const DIFFER: &str = "The two differ; once more.";
/// After a journal is made encrypted.
pub const KEEP: &str =
    "Keep the passphrase safe: without it nobody, bearing included, can read the journal.";
/// The offer declined.
pub const PLAIN: &str = "A plain journal, then (bearing encrypt encrypts it later).";
