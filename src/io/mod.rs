//! The edges where bearing meets the world outside the journal: reading a calendar's
//! source (file, standard input, HTTP), the user's `$EDITOR`, the passphrase (asked on
//! the terminal or from a command), and the journal sync's encrypted files in a folder
//! or on WebDAV. Nothing here knows the store or a front end.

pub mod dav;
pub mod editor;
pub mod http;
pub mod journal_sync;
pub mod leftovers;
pub mod oauth;
pub mod passphrase;
pub mod source;

/// Makes what bearing writes private by default and keeps its memory to itself, first
/// thing at start: the umask is 077 (every file and folder it creates is the user's
/// alone, temporary ones included, whatever a library asks), and on Linux the process is
/// not dumpable (no core file holds a passphrase or plain text, and other processes of the
/// user cannot read its memory).
pub fn private_by_default() {
    #[cfg(unix)]
    {
        rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    }
    #[cfg(target_os = "linux")]
    {
        let _ =
            rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
    }
}
