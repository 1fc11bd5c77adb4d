//! The edges where bearing meets the world outside the journal: reading a calendar's
//! source (file, standard input, HTTP), the user's `$EDITOR`, and the passphrase (asked
//! on the terminal or from a command). Nothing here knows the store or a front end.

pub mod editor;
pub mod passphrase;
pub mod source;
