//! Real CalDAV and WebDAV servers for tests ([`DavServer`]): Radicale and Xandikos
//! (CalDAV) and wsgidav (WebDAV), each started on 127.0.0.1 on a free port with storage in
//! a temp directory of its own, and stopped by its own process id when dropped.
//!
//! The servers come from the virtual environment `bash .ci/run servers` fills
//! (`$BEARING_DAV_VENV`, else `target/dav-venv` in this crate's folder), else from PATH.
//! One that is not installed makes its constructor return `None`, so the test skips,
//! after one line on stderr per server and test process naming the command that installs
//! it; under CI (`CI=true`) it panics instead. The servers never run under the tests'
//! shifted clock: `LD_PRELOAD`, `DYLD_INSERT_LIBRARIES` and `FAKETIME*` are taken out of
//! their environment (CI runs the test executables under `faketime -f +400d`).

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Once;
use std::thread;
use std::time::{Duration, Instant};

const USER: &str = "manager";
const PASSWORD: &str = "leading-not-managing";
/// How long a server may take from its start to answering (a Python start, a few
/// hundred milliseconds here when idle, seconds on a busy machine).
const START_WITHIN: Duration = Duration::from_secs(30);
/// How long one request may take.
const REQUEST_WITHIN: Duration = Duration::from_secs(60);
/// The command that installs the servers, for the messages.
const INSTALL: &str = "bash .ci/run servers";

/// Runs a Python server's own script with a watch on its standard input: when the test
/// process ends without dropping its [`DavServer`] (killed, or timed out by its runner),
/// the pipe closes and the server exits instead of lingering. The script runs in this
/// same process, so the process id stays the server's own.
const GUARD: &str = "import os, runpy, sys, threading
def watch():
    try:
        sys.stdin.buffer.read()
    finally:
        os._exit(0)
threading.Thread(target=watch, daemon=True).start()
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name='__main__')
";

/// Which server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DavKind {
    /// Radicale (CalDAV), with an htpasswd account.
    Radicale,
    /// Xandikos (CalDAV), open to any client (see [`DavServer::xandikos`]).
    Xandikos,
    /// wsgidav (WebDAV, no CalDAV), with an account.
    Wsgidav,
}

impl DavKind {
    /// Its name as its authors write it: `Radicale`.
    pub fn name(self) -> &'static str {
        match self {
            DavKind::Radicale => "Radicale",
            DavKind::Xandikos => "Xandikos",
            DavKind::Wsgidav => "WsgiDAV",
        }
    }

    /// Its executable: `radicale`.
    pub fn program(self) -> &'static str {
        match self {
            DavKind::Radicale => "radicale",
            DavKind::Xandikos => "xandikos",
            DavKind::Wsgidav => "wsgidav",
        }
    }

    fn protocol(self) -> &'static str {
        match self {
            DavKind::Radicale | DavKind::Xandikos => "CalDAV",
            DavKind::Wsgidav => "WebDAV",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A server running for a test: its own port on 127.0.0.1, its own storage in a temp
/// directory, stopped (SIGKILL to its process id, then reaped) when dropped.
pub struct DavServer {
    kind: DavKind,
    exe: PathBuf,
    port: u16,
    dir: tempfile::TempDir,
    running: Option<Running>,
    agent: ureq::Agent,
    /// Xandikos before 0.3 (Debian 12's 0.2.8): no `serve` subcommand, no `--state-dir`.
    old_xandikos: bool,
}

struct Running {
    child: Child,
    /// Held open for the server's guard ([`GUARD`]); dropped with the server.
    _stdin: Option<ChildStdin>,
}

/// Why a start failed.
enum StartError {
    /// The port was taken between choosing it and the server binding it.
    PortTaken,
    /// Anything else, in words, with the server's output.
    Failed(String),
}

impl DavServer {
    /// Radicale with one account ([`DavServer::user`], [`DavServer::password`]) in an
    /// htpasswd file (plain text: Radicale's bcrypt needs a package more), and no delay
    /// after a wrong password. The principal and the calendar home are `/manager/`.
    pub fn radicale() -> Option<DavServer> {
        DavServer::start(DavKind::Radicale)
    }

    /// Xandikos, open to any client: it has no accounts of its own here (its `--htpasswd`
    /// needs HTTPS, `--autocert`; it is meant to sit behind a proxy that authenticates),
    /// so it ignores the Authorization header the helpers send and never answers 401.
    /// The principal is `/manager/` (`--current-user-principal`, made at start with
    /// `--autocreate`), the calendar home `/manager/calendars/`, empty at start.
    pub fn xandikos() -> Option<DavServer> {
        DavServer::start(DavKind::Xandikos)
    }

    /// wsgidav serving its storage folder at `/` over WebDAV (no CalDAV), with one
    /// account (Basic auth).
    pub fn wsgidav() -> Option<DavServer> {
        DavServer::start(DavKind::Wsgidav)
    }

    /// The server of `kind`.
    pub fn of(kind: DavKind) -> Option<DavServer> {
        DavServer::start(kind)
    }

    fn start(kind: DavKind) -> Option<DavServer> {
        let Some(exe) = find_executable(kind.program()) else {
            return missing(kind);
        };
        let dir = tempfile::Builder::new()
            .prefix(&format!("bearing-{}-", kind.program()))
            .tempdir()
            .unwrap();
        fs::create_dir(dir.path().join("storage")).unwrap();
        let mut server = DavServer {
            kind,
            exe,
            port: 0,
            dir,
            running: None,
            agent: agent(),
            old_xandikos: false,
        };
        // A port is free when chosen and taken when the server binds it; another process
        // can take it in between, so a server told "address already in use" tries again.
        for _ in 0..5 {
            server.port = free_port();
            match server.run() {
                Ok(()) => return Some(server),
                Err(StartError::PortTaken) => {}
                Err(StartError::Failed(why)) if server.try_old_xandikos(&why) => {}
                Err(StartError::Failed(why)) => panic!("{why}"),
            }
        }
        panic!(
            "{} found no free port in 5 tries; its output:\n{}",
            kind.name(),
            server.log()
        );
    }

    /// Whether a start that failed with `why` was an older Xandikos refusing the
    /// arguments of a newer one: then the next start uses the older ones.
    fn try_old_xandikos(&mut self, why: &str) -> bool {
        let refused = why.contains("unrecognized arguments") || why.contains("invalid choice");
        let retry = self.kind == DavKind::Xandikos && !self.old_xandikos && refused;
        self.old_xandikos |= retry;
        retry
    }

    /// Which server this is.
    pub fn kind(&self) -> DavKind {
        self.kind
    }

    /// Its port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Its process id, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.running.as_ref().map(|running| running.child.id())
    }

    /// Whether it runs (it was not stopped, and has not exited).
    pub fn is_running(&mut self) -> bool {
        match self.running.as_mut() {
            Some(running) => matches!(running.child.try_wait(), Ok(None)),
            None => false,
        }
    }

    /// The server's root: `http://127.0.0.1:PORT/`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// `href` as a full URL: a path (`/manager/`) on this server, a full URL as it is.
    pub fn url(&self, href: &str) -> String {
        if href.starts_with("http://") || href.starts_with("https://") {
            href.to_string()
        } else {
            format!(
                "http://127.0.0.1:{}/{}",
                self.port,
                href.trim_start_matches('/')
            )
        }
    }

    /// The account's user name.
    pub fn user(&self) -> &'static str {
        USER
    }

    /// The account's password.
    pub fn password(&self) -> &'static str {
        PASSWORD
    }

    /// The account's principal (what `current-user-principal` names).
    pub fn principal_url(&self) -> String {
        self.caldav_only("a principal");
        self.url(&format!("/{USER}/"))
    }

    /// The account's calendar home (what `calendar-home-set` names): new calendars go
    /// under it.
    pub fn calendar_home_url(&self) -> String {
        self.caldav_only("a calendar home");
        match self.kind {
            DavKind::Xandikos => self.url(&format!("/{USER}/calendars/")),
            _ => self.principal_url(),
        }
    }

    fn caldav_only(&self, what: &str) {
        assert!(
            self.kind != DavKind::Wsgidav,
            "wsgidav serves WebDAV only: it has no {what}"
        );
    }

    /// The folder the server keeps its collections in (for a test that writes objects
    /// straight into it, or reads what the server wrote).
    pub fn storage(&self) -> PathBuf {
        self.dir.path().join("storage")
    }

    /// Everything the server wrote to its stdout and stderr, over all its starts.
    pub fn log(&self) -> String {
        fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("server.log")
    }

    /// Stops the server at once, as a crash or a pulled plug would (SIGKILL to its
    /// process id), and waits for it to be gone: its port refuses connections from then
    /// on. Its storage stays, for [`DavServer::restart`]. Stopping a stopped server does
    /// nothing.
    pub fn stop(&mut self) {
        if let Some(mut running) = self.running.take() {
            // Killing an exited child fails harmlessly; waiting reaps it either way.
            let _ = running.child.kill();
            let _ = running.child.wait();
        }
    }

    /// Starts the server again (stopping it first if it runs) on the same port, with
    /// the same storage and account: what it held before is there again.
    pub fn restart(&mut self) {
        self.stop();
        match self.run() {
            Ok(()) => {}
            Err(StartError::PortTaken) => panic!(
                "{} could not start again: port {} was taken while it was stopped",
                self.kind.name(),
                self.port
            ),
            Err(StartError::Failed(why)) => panic!("{why}"),
        }
    }

    /// Starts the process on `self.port` and waits until it listens and answers.
    fn run(&mut self) -> Result<(), StartError> {
        self.write_config();
        let log_from = fs::metadata(self.log_path()).map_or(0, |m| m.len());
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .unwrap();
        let mut command = self.command();
        command
            .current_dir(self.dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log));
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("{} did not start: {e}", self.exe.display()));
        let stdin = child.stdin.take();
        match self.wait_until_ready(&mut child, log_from) {
            Ok(()) => {
                self.running = Some(Running {
                    child,
                    _stdin: stdin,
                });
                Ok(())
            }
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                Err(e)
            }
        }
    }

    /// Ready once the server has said in its output that it listens on its port (so the
    /// listener is this process's, not another's that took the port) and an HTTP request
    /// gets an answer, of any status.
    fn wait_until_ready(&self, child: &mut Child, log_from: u64) -> Result<(), StartError> {
        let deadline = Instant::now() + START_WITHIN;
        let address = format!("127.0.0.1:{}", self.port);
        loop {
            let said = self.log_since(log_from);
            let exited = child.try_wait().unwrap();
            if let Some(status) = exited {
                if said.to_lowercase().contains("address already in use") {
                    return Err(StartError::PortTaken);
                }
                return Err(StartError::Failed(format!(
                    "{} ({}) exited at its start ({status}); its output:\n{said}",
                    self.kind.name(),
                    self.exe.display()
                )));
            }
            let listens = said.lines().any(|line| {
                line.contains(&address)
                    && (line.contains("Listening on") || line.contains("Serving on"))
            });
            if listens && self.request("GET", &self.base_url()).send().is_ok() {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(StartError::Failed(format!(
                    "{} did not answer on {address} within {} s; its output:\n{said}",
                    self.kind.name(),
                    START_WITHIN.as_secs()
                )));
            }
            thread::sleep(Duration::from_millis(25));
        }
    }

    /// What the server wrote from byte `from` of its log on: what this start said.
    fn log_since(&self, from: u64) -> String {
        let mut text = Vec::new();
        if let Ok(mut file) = File::open(self.log_path())
            && file.seek(SeekFrom::Start(from)).is_ok()
        {
            let _ = file.read_to_end(&mut text);
        }
        String::from_utf8_lossy(&text).into_owned()
    }

    /// The server's command line, run through [`GUARD`] where the executable is a Python
    /// script, with an environment free of the shifted clock.
    fn command(&self) -> Command {
        let mut command = match python_of(&self.exe) {
            Some(python) => {
                let mut command = Command::new(python);
                command.arg("-c").arg(GUARD).arg(&self.exe);
                command
            }
            None => Command::new(&self.exe),
        };
        command.args(self.args());
        for (name, _) in std::env::vars_os() {
            let name_text = name.to_string_lossy();
            if name_text.starts_with("FAKETIME")
                || name_text.starts_with("RADICALE_")
                || ["LD_PRELOAD", "DYLD_INSERT_LIBRARIES", "DYLD_FORCE_FLAT_NAMESPACE"]
                    .contains(&name_text.as_ref())
                // Not systemd's sockets: Xandikos would listen on those instead.
                || ["LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES"].contains(&name_text.as_ref())
            {
                command.env_remove(&name);
            }
        }
        // Output reaches the log as it is written, so the start is seen when it happens.
        command.env("PYTHONUNBUFFERED", "1");
        command
    }

    fn args(&self) -> Vec<String> {
        let dir = self.dir.path();
        let path = |name: &str| dir.join(name).display().to_string();
        let port = self.port.to_string();
        match self.kind {
            DavKind::Radicale => vec!["--config".into(), path("radicale.conf")],
            DavKind::Xandikos => {
                let mut args: Vec<String> = [
                    "--directory",
                    &path("storage"),
                    "--autocreate",
                    "--current-user-principal",
                    &format!("/{USER}/"),
                    "--listen-address",
                    "127.0.0.1",
                    "--port",
                    &port,
                ]
                .map(String::from)
                .to_vec();
                if !self.old_xandikos {
                    args.insert(0, "serve".into());
                    args.extend(["--state-dir".into(), path("state")]);
                }
                args
            }
            DavKind::Wsgidav => [
                "--config",
                &path("wsgidav.json"),
                "--host",
                "127.0.0.1",
                "--port",
                &port,
            ]
            .map(String::from)
            .to_vec(),
        }
    }

    fn write_config(&self) {
        let dir = self.dir.path();
        let storage = self.storage().display().to_string();
        match self.kind {
            DavKind::Radicale => {
                fs::write(dir.join("users"), format!("{USER}:{PASSWORD}\n")).unwrap();
                let config = format!(
                    "[server]\nhosts = 127.0.0.1:{port}\n\n\
                     [auth]\ntype = htpasswd\nhtpasswd_filename = {users}\n\
                     htpasswd_encryption = plain\ndelay = 0\n\n\
                     [storage]\nfilesystem_folder = {storage}\n\n\
                     [logging]\nlevel = info\n",
                    port = self.port,
                    users = dir.join("users").display(),
                );
                fs::write(dir.join("radicale.conf"), config).unwrap();
            }
            DavKind::Xandikos => {}
            DavKind::Wsgidav => {
                let config = serde_json::json!({
                    "provider_mapping": { "/": storage },
                    "http_authenticator": {
                        "accept_basic": true,
                        "accept_digest": false,
                        "default_to_digest": false,
                        "domain_controller": null,
                        "trusted_auth_header": null,
                    },
                    "simple_dc": { "user_mapping": { "*": { USER: { "password": PASSWORD } } } },
                    "dir_browser": { "enable": false },
                    "verbose": 3,
                });
                fs::write(dir.join("wsgidav.json"), config.to_string()).unwrap();
            }
        }
    }
}

impl Drop for DavServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A port that was free a moment ago on 127.0.0.1.
fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The folders of virtual environments the servers may be installed in: the one in
/// `$BEARING_DAV_VENV`, then `target/dav-venv` in this crate's folder (where `.ci/run`
/// puts it, whatever `CARGO_TARGET_DIR` says).
fn venvs() -> Vec<PathBuf> {
    let mut venvs = Vec::new();
    if let Some(venv) = std::env::var_os("BEARING_DAV_VENV") {
        venvs.push(PathBuf::from(venv));
    }
    venvs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/dav-venv"));
    venvs
}

fn find_executable(program: &str) -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default();
    venvs()
        .into_iter()
        .map(|venv| venv.join("bin"))
        .chain(on_path)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// The Python interpreter a script's `#!` line names (`#!/venv/bin/python3`, or
/// `#!/usr/bin/env python3`), if it names one.
fn python_of(script: &Path) -> Option<PathBuf> {
    let mut head = [0u8; 256];
    let n = File::open(script).ok()?.read(&mut head).ok()?;
    let text = String::from_utf8_lossy(&head[..n]);
    let line = text.lines().next()?.strip_prefix("#!")?;
    let mut words = line.split_whitespace();
    let mut interpreter = words.next()?;
    if interpreter.ends_with("/env") {
        interpreter = words.next()?;
    }
    let name = Path::new(interpreter).file_name()?.to_string_lossy();
    name.starts_with("python")
        .then(|| PathBuf::from(interpreter))
}

/// One line per server and test process on the process's own stderr (libtest captures
/// what `eprintln!` writes in a test, so it goes straight to the file descriptor).
static SKIP_NOTES: [Once; 3] = [const { Once::new() }; 3];

fn missing(kind: DavKind) -> Option<DavServer> {
    let looked: Vec<String> = venvs()
        .iter()
        .map(|venv| venv.join("bin").display().to_string())
        .collect();
    if std::env::var("CI").is_ok_and(|ci| ci == "true") {
        panic!(
            "{name} is not installed: no `{program}` in {looked} or on PATH; \
             `{INSTALL}` installs it (CI must run the {protocol} tests)",
            name = kind.name(),
            program = kind.program(),
            looked = looked.join(", "),
            protocol = kind.protocol(),
        );
    }
    SKIP_NOTES[kind.index()].call_once(|| {
        let line = format!(
            "bearing tests: skipped the {} tests against {} (not installed): {INSTALL}\n",
            kind.protocol(),
            kind.name()
        );
        let _ = std::io::stderr().write_all(line.as_bytes());
    });
    None
}

#[path = "dav_requests.rs"]
mod requests;
use requests::agent;
pub use requests::{DavRequest, DavResponse};
