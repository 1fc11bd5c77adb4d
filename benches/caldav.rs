//! A CalDAV refresh at real scale, beside vdirsyncer 0.21 in the same run: Radicale on
//! 127.0.0.1 holding one calendar of the 10,000 events the calendar benchmark imports
//! (8,000 one-offs and 2,000 weekly series over ten years, one object each), read by
//! `bearing refresh` (the release binary, as a user runs it: `BEARING_NOW` pinned, its own
//! temp journal, the password through `--password-command`) and by `vdirsyncer sync`
//! (into a folder; its config and status in a temp dir, the password through
//! `password.fetch = ["command", ...]`). Three figures for each: the first sync (three
//! times, each from nothing; time and peak resident memory, from `/usr/bin/time -v`), a
//! sync with nothing changed, and one with 1% of the objects changed on the server in
//! between; and beside them what
//! Radicale alone takes to answer the requests such a sync needs at least, the floor.
//!
//! Run with `cargo bench --bench caldav` after `bash .ci/run servers` (which installs
//! Radicale and vdirsyncer); without them it says so and measures nothing. It is not a
//! divan benchmark: each sample is a process taking seconds, and the figures are only
//! worth reading side by side. `cargo test --benches` runs it without `--bench`, and then
//! it does nothing.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use bearing::testkit::{DavServer, Env, bin};

/// First syncs, per client, each into a journal or folder of its own (the median is
/// shown: one alone moved by a second from run to run here).
const FIRST_RUNS: usize = 3;
/// Syncs with nothing changed, per client (the median is shown).
const UNCHANGED_RUNS: usize = 3;
/// Syncs with 1% changed, per client (each after a different 1% changed).
const CHANGED_RUNS: usize = 3;
/// Where the time and peak memory of a child come from.
const TIME: &str = "/usr/bin/time";

const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n\
BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n\
DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n\
DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n\
END:VTIMEZONE\r\n";

fn main() {
    // `cargo test --benches` runs this without `--bench`: nothing to check here.
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    in_process(&objects());
    let Some(vdirsyncer) = vdirsyncer() else {
        println!(
            "caldav bench skipped: vdirsyncer is not installed (`bash .ci/run servers` installs it)"
        );
        return;
    };
    if !bin().is_file() {
        println!(
            "caldav bench skipped: no release binary at {}",
            bin().display()
        );
        return;
    }
    let Some(server) = DavServer::radicale() else {
        println!(
            "caldav bench skipped: Radicale is not installed (`bash .ci/run servers` installs it)"
        );
        return;
    };
    let objects = objects();
    let calendar = fill(&server, &objects);
    let mut bench = Bench {
        server,
        calendar,
        objects,
        bearing: BearingClient::new(),
        vdirsyncer: VdirClient::new(vdirsyncer),
        figures: Figures::default(),
    };
    bench.run();
}

/// The 10,000 events of the calendar benchmark, each an object of its own: its file
/// name and its event's lines (see [`object`]).
fn objects() -> Vec<(String, String)> {
    let text = bearing::app::seed::calendar_ics(8_000, 2_000, 71, 2017, 10, 7);
    text.split("BEGIN:VEVENT\r\n")
        .skip(1)
        .enumerate()
        .map(|(i, event)| {
            let event = event
                .trim_end_matches("END:VCALENDAR\r\n")
                .trim_end_matches("END:VEVENT\r\n");
            (format!("event-{i}.ics"), event.to_string())
        })
        .collect()
}

/// One object around `event` (a VEVENT's lines without BEGIN and END), its title
/// followed by `suffix`.
fn object(event: &str, suffix: &str) -> String {
    let mut out = String::with_capacity(event.len() + VTIMEZONE.len() + 200);
    out.push_str("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bearing bench//EN\r\n");
    out.push_str(VTIMEZONE);
    out.push_str("BEGIN:VEVENT\r\nDTSTAMP:20261101T000000Z\r\n");
    for line in event.split_terminator("\r\n") {
        out.push_str(line);
        if line.starts_with("SUMMARY:") {
            out.push_str(suffix);
        }
        out.push_str("\r\n");
    }
    out.push_str("END:VEVENT\r\nEND:VCALENDAR\r\n");
    out
}

/// Makes calendar "Work" and writes `objects` straight into its folder in Radicale's
/// storage (10,000 PUTs would take minutes), then reads it whole once and lists it by
/// sync-collection once: Radicale's first read of objects it did not write parses and
/// caches each one, over a minute here, and its first sync-collection writes a history
/// entry for each, which no client should be charged for. Returns the calendar's URL.
fn fill(server: &DavServer, objects: &[(String, String)]) -> String {
    let url = server.make_calendar("work", "Work");
    let folder = server
        .storage()
        .join("collection-root")
        .join(server.user())
        .join("work");
    assert!(
        folder.is_dir(),
        "no calendar folder at {}",
        folder.display()
    );
    for (name, event) in objects {
        fs::write(folder.join(name), object(event, "")).unwrap();
    }
    let started = Instant::now();
    let events = warm(server, &url).matches("BEGIN:VEVENT").count();
    assert_eq!(events, objects.len(), "the server's read of the calendar");
    // Radicale's first sync-collection keeps a history entry for each object (about 20 s
    // here): the server's work once, whichever client asks first, not a client's.
    let answer = server
        .request("REPORT", &url)
        .header("Depth", "0")
        .xml(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <d:sync-collection xmlns:d=\"DAV:\"><d:sync-token/><d:sync-level>1</d:sync-level>\
             <d:prop><d:getetag/></d:prop></d:sync-collection>"
                .to_string(),
        )
        .send()
        .unwrap();
    assert_eq!(answer.status, 207, "{}", answer.body);
    println!(
        "Radicale's first read of the {} objects (the warm-up, not counted): {:.1} s",
        objects.len(),
        started.elapsed().as_secs_f64()
    );
    url
}

/// The calendar at `url`, read whole (a GET of the collection) with no time limit: the
/// testkit's requests give up after 60 s, and this first read took longer here.
fn warm(server: &DavServer, url: &str) -> String {
    use base64::Engine as _;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(None)
        .build()
        .into();
    let credentials = format!("{}:{}", server.user(), server.password());
    let basic = base64::engine::general_purpose::STANDARD.encode(credentials);
    let mut answer = agent
        .get(url)
        .header("Authorization", &format!("Basic {basic}"))
        .call()
        .unwrap();
    let bytes = answer
        .body_mut()
        .with_config()
        .limit(u64::MAX)
        .read_to_vec()
        .unwrap();
    String::from_utf8(bytes).unwrap()
}

/// One run of a child: how long it took, start to exit, and its peak resident memory.
#[derive(Debug, Clone, Copy)]
struct Run {
    time: Duration,
    rss_mb: Option<f64>,
}

/// Runs `command` to its end under `/usr/bin/time` (where there is one), panicking with
/// its output if it fails.
fn measure(mut command: Command, what: &str) -> Run {
    let report = tempfile::NamedTempFile::new().unwrap();
    let timed = Path::new(TIME).is_file();
    let mut run = if timed {
        let mut wrapper = Command::new(TIME);
        wrapper.arg("-v").arg("-o").arg(report.path());
        wrapper.arg(command.get_program()).args(command.get_args());
        // Each client's command sets all its environment (`Env::process` clears it).
        wrapper.env_clear();
        for (name, value) in command.get_envs() {
            match value {
                Some(value) => wrapper.env(name, value),
                None => wrapper.env_remove(name),
            };
        }
        if let Some(dir) = command.get_current_dir() {
            wrapper.current_dir(dir);
        }
        wrapper
    } else {
        std::mem::replace(&mut command, Command::new("true"))
    };
    let started = Instant::now();
    let out = run.stdin(Stdio::null()).output().unwrap();
    let time = started.elapsed();
    assert!(
        out.status.success(),
        "{what} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let rss_mb = timed
        .then(|| fs::read_to_string(report.path()).ok())
        .flatten()
        .and_then(|text| {
            let line = text
                .lines()
                .find(|l| l.contains("Maximum resident set size"))?;
            let kb: f64 = line.rsplit(':').next()?.trim().parse().ok()?;
            Some(kb / 1024.0)
        });
    Run { time, rss_mb }
}

/// `bearing` with a journal of its own, an account on the server and calendar "Work"
/// read from it.
struct BearingClient {
    env: Env,
}

impl BearingClient {
    fn new() -> BearingClient {
        BearingClient { env: Env::new() }
    }

    fn set_up(&self, server: &DavServer) {
        let password = self.env.dir.path().join("password");
        fs::write(&password, server.password()).unwrap();
        self.env.ok(&[
            "account",
            "add",
            "work",
            "--url",
            &server.base_url(),
            "--user",
            server.user(),
            "--password-command",
            &format!("cat {}", password.display()),
        ]);
        self.env
            .ok(&["account", "use", "work", "Work", "--for", "read"]);
    }

    fn sync(&self) -> Run {
        let mut command = self.env.process();
        command.arg("refresh");
        measure(command, "bearing refresh")
    }

    /// How many events the journal holds from the calendar.
    fn events(&self) -> i64 {
        let out = self.env.ok(&["calendars", "--json"]);
        let all: serde_json::Value = serde_json::from_str(&out).unwrap();
        all.as_array()
            .unwrap()
            .iter()
            .filter(|c| c["name"].as_str().unwrap_or_default().contains("Work"))
            .map(|c| c["events"].as_i64().unwrap_or(0))
            .sum()
    }
}

/// vdirsyncer syncing the calendar into a folder, read only, everything of its own in a
/// temp dir.
struct VdirClient {
    exe: PathBuf,
    dir: tempfile::TempDir,
}

impl VdirClient {
    fn new(exe: PathBuf) -> VdirClient {
        VdirClient {
            exe,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn set_up(&self, server: &DavServer, calendar: &str) {
        let dir = self.dir.path();
        fs::create_dir_all(dir.join("local")).unwrap();
        fs::create_dir_all(dir.join("status")).unwrap();
        fs::write(dir.join("password"), server.password()).unwrap();
        let config = format!(
            "[general]\nstatus_path = \"{status}/\"\n\n\
             [pair work]\na = \"work_local\"\nb = \"work_remote\"\ncollections = null\n\
             conflict_resolution = \"b wins\"\n\n\
             [storage work_local]\ntype = \"filesystem\"\npath = \"{local}/\"\nfileext = \".ics\"\n\n\
             [storage work_remote]\ntype = \"caldav\"\nurl = \"{calendar}\"\n\
             username = \"{user}\"\npassword.fetch = [\"command\", \"cat\", \"{password}\"]\n\
             read_only = true\n",
            status = dir.join("status").display(),
            local = dir.join("local").display(),
            user = server.user(),
            password = dir.join("password").display(),
        );
        fs::write(dir.join("config"), config).unwrap();
        measure(self.command("discover"), "vdirsyncer discover");
    }

    fn command(&self, verb: &str) -> Command {
        let mut command = Command::new(&self.exe);
        command
            .arg("-c")
            .arg(self.dir.path().join("config"))
            .arg(verb)
            .env_clear()
            .env("HOME", self.dir.path())
            .env("LANG", "C.UTF-8")
            .env("PATH", std::env::var_os("PATH").unwrap_or_default());
        command
    }

    fn sync(&self) -> Run {
        measure(self.command("sync"), "vdirsyncer sync")
    }

    /// How many objects its folder holds.
    fn objects(&self) -> usize {
        fs::read_dir(self.dir.path().join("local")).unwrap().count()
    }
}

/// vdirsyncer from the venv the servers come from, else from PATH.
fn vdirsyncer() -> Option<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(venv) = std::env::var_os("BEARING_DAV_VENV") {
        dirs.push(PathBuf::from(venv).join("bin"));
    }
    dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/dav-venv/bin"));
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    dirs.into_iter()
        .map(|dir| dir.join("vdirsyncer"))
        .find(|exe| exe.is_file())
}

/// The figures of one run.
#[derive(Default)]
struct Figures {
    first: [Vec<Run>; 2],
    /// The server alone: the sync token, then every object with its text.
    first_server: Vec<Duration>,
    unchanged: [Vec<Run>; 2],
    /// The server alone: a sync-collection with the current token.
    unchanged_server: Vec<Duration>,
    /// The server alone: a `getctag` PROPFIND.
    ctag_server: Vec<Duration>,
    changed: [Vec<Run>; 2],
    /// The server alone: a sync-collection with the token before a change of its own
    /// (asking first after it, as each client did), with the text of what changed.
    changed_server: Vec<Duration>,
}

const BEARING: usize = 0;
const VDIRSYNCER: usize = 1;

/// Everything one run needs.
struct Bench {
    server: DavServer,
    calendar: String,
    objects: Vec<(String, String)>,
    bearing: BearingClient,
    vdirsyncer: VdirClient,
    figures: Figures,
}

impl Bench {
    fn run(&mut self) {
        let n = self.objects.len();
        let mut token = String::new();
        for round in 0..FIRST_RUNS {
            // Each first sync from nothing: a new journal, a new folder.
            if round > 0 {
                self.bearing = BearingClient::new();
                self.vdirsyncer = VdirClient::new(self.vdirsyncer.exe.clone());
            }
            self.bearing.set_up(&self.server);
            self.vdirsyncer.set_up(&self.server, &self.calendar);
            self.figures.first[BEARING].push(self.bearing.sync());
            assert_eq!(self.bearing.events(), n as i64, "bearing's first sync");
            self.figures.first[VDIRSYNCER].push(self.vdirsyncer.sync());
            assert_eq!(self.vdirsyncer.objects(), n, "vdirsyncer's first sync");
            let (time, first_token) = self.server_first();
            self.figures.first_server.push(time);
            token = first_token;
        }

        for _ in 0..UNCHANGED_RUNS {
            self.figures.unchanged[BEARING].push(self.bearing.sync());
            self.figures.unchanged[VDIRSYNCER].push(self.vdirsyncer.sync());
            let (time, answer) = self.sync_collection(&token, false);
            assert_eq!(answer.hrefs_in("response").len(), 0, "{}", answer.body);
            self.figures.unchanged_server.push(time);
            let started = Instant::now();
            let ctag = self.server.propfind(&self.calendar, "0", "<cs:getctag/>");
            self.figures.ctag_server.push(started.elapsed());
            assert_eq!(ctag.status, 207, "{}", ctag.body);
        }

        for round in 0..CHANGED_RUNS {
            self.change_one_percent(round);
            self.figures.changed[BEARING].push(self.bearing.sync());
            self.figures.changed[VDIRSYNCER].push(self.vdirsyncer.sync());
            // The server alone, on another 1% and asking first as the clients did
            // (Radicale brings its sync history up to date for whoever asks first after
            // a change); then both clients catch up, unmeasured.
            let (_, caught_up) = self.sync_collection(&token, false);
            token = token_of(&caught_up.body);
            self.change_one_percent(round + CHANGED_RUNS);
            let (time, next) = self.server_changed(&token);
            self.figures.changed_server.push(time);
            token = next;
            self.bearing.sync();
            self.vdirsyncer.sync();
        }
        assert_eq!(self.bearing.events(), n as i64, "bearing after the changes");
        assert_eq!(self.vdirsyncer.objects(), n, "vdirsyncer after the changes");
        println!("{}", self.report());
    }

    /// Writes a new version of every hundredth object (from the `round`th), its title
    /// changed, as another client would (PUT).
    fn change_one_percent(&self, round: usize) {
        let base = self.calendar.trim_end_matches('/');
        for (name, event) in self.objects.iter().skip(round).step_by(100) {
            let text = object(event, &format!(" (moved {round})"));
            self.server.put(&format!("{base}/{name}"), &text);
        }
    }

    /// A sync-collection REPORT of the calendar's ETags from `token` (empty: all of it),
    /// with each object's text when `with_text` (as bearing asks): how long it took, and
    /// the answer.
    fn sync_collection(
        &self,
        token: &str,
        with_text: bool,
    ) -> (Duration, bearing::testkit::DavResponse) {
        let token = if token.is_empty() {
            "<d:sync-token/>".to_string()
        } else {
            format!("<d:sync-token>{token}</d:sync-token>")
        };
        let text = if with_text { "<c:calendar-data/>" } else { "" };
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <d:sync-collection xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">\
             {token}<d:sync-level>1</d:sync-level>\
             <d:prop><d:getetag/>{text}</d:prop></d:sync-collection>"
        );
        let started = Instant::now();
        let answer = self
            .server
            .request("REPORT", &self.calendar)
            .header("Depth", "0")
            .xml(body)
            .send()
            .unwrap();
        let time = started.elapsed();
        assert_eq!(answer.status, 207, "sync-collection: {}", answer.body);
        (time, answer)
    }

    /// The server alone serving a first sync as bearing asks for it: the sync token (a
    /// PROPFIND), then every object with its text (a calendar-query).
    fn server_first(&self) -> (Duration, String) {
        let started = Instant::now();
        let token = self.server.propfind(&self.calendar, "0", "<d:sync-token/>");
        assert_eq!(token.status, 207, "{}", token.body);
        let answer = self
            .server
            .request("REPORT", &self.calendar)
            .header("Depth", "1")
            .xml(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
                 <c:calendar-query xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">\
                 <d:prop><d:getetag/><c:calendar-data/></d:prop>\
                 <c:filter><c:comp-filter name=\"VCALENDAR\"/></c:filter></c:calendar-query>"
                    .to_string(),
            )
            .send()
            .unwrap();
        let time = started.elapsed();
        assert_eq!(answer.status, 207, "calendar-query: {}", answer.body);
        assert_eq!(
            answer.body.matches("BEGIN:VCALENDAR").count(),
            self.objects.len(),
            "the server's objects"
        );
        (time, token_of(&token.body))
    }

    /// The server alone serving a sync after 1% changed: what changed since `token`, and
    /// those objects. Returns the time and the token after.
    fn server_changed(&self, token: &str) -> (Duration, String) {
        let (time, answer) = self.sync_collection(token, true);
        assert_eq!(
            answer.body.matches("BEGIN:VCALENDAR").count(),
            self.objects.len().div_ceil(100),
            "what changed"
        );
        (time, token_of(&answer.body))
    }
}

/// The `sync-token` of a sync-collection answer.
fn token_of(body: &str) -> String {
    let start = body.find("sync-token>").expect("a sync-token") + "sync-token>".len();
    let end = body[start..].find('<').unwrap() + start;
    body[start..end].trim().to_string()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn secs(time: Duration) -> String {
    format!("{:.2} s", time.as_secs_f64())
}

/// The median run's time, the range, and the highest peak memory of `runs`.
fn runs_text(runs: &[Run]) -> String {
    let times: Vec<Duration> = runs.iter().map(|r| r.time).collect();
    let (low, high) = (
        times.iter().min().copied().unwrap_or_default(),
        times.iter().max().copied().unwrap_or_default(),
    );
    let rss = runs
        .iter()
        .filter_map(|r| r.rss_mb)
        .fold(None, |peak: Option<f64>, mb| {
            Some(peak.map_or(mb, |p| p.max(mb)))
        });
    let mut text = secs(median(times.clone()));
    if runs.len() > 1 {
        let _ = write!(
            text,
            " ({:.2}-{:.2})",
            low.as_secs_f64(),
            high.as_secs_f64()
        );
    }
    if let Some(mb) = rss {
        let _ = write!(text, ", {mb:.0} MB");
    }
    text
}

impl Bench {
    fn report(&self) -> String {
        let f = &self.figures;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "\nCalDAV sync of {} objects from Radicale on 127.0.0.1 (warm); median (range), peak RSS",
            self.objects.len()
        );
        let _ = writeln!(
            out,
            "{:<28} {:<28} {:<28} server alone",
            "", "bearing refresh", "vdirsyncer sync"
        );
        let _ = writeln!(
            out,
            "{:<28} {:<28} {:<28} {} (sync-token, calendar-query)",
            format!("first sync (x{FIRST_RUNS})"),
            runs_text(&f.first[BEARING]),
            runs_text(&f.first[VDIRSYNCER]),
            secs(median(f.first_server.clone()))
        );
        let _ = writeln!(
            out,
            "{:<28} {:<28} {:<28} {} (sync-collection) / {} (getctag)",
            format!("nothing changed (x{UNCHANGED_RUNS})"),
            runs_text(&f.unchanged[BEARING]),
            runs_text(&f.unchanged[VDIRSYNCER]),
            secs(median(f.unchanged_server.clone())),
            secs(median(f.ctag_server.clone()))
        );
        let _ = writeln!(
            out,
            "{:<28} {:<28} {:<28} {} (sync-collection with the text of the 1%)",
            format!("1% changed (x{CHANGED_RUNS})"),
            runs_text(&f.changed[BEARING]),
            runs_text(&f.changed[VDIRSYNCER]),
            secs(median(f.changed_server.clone()))
        );
        out.push_str(&self.goals());
        out
    }

    /// The goals, each against this run's figures.
    fn goals(&self) -> String {
        let f = &self.figures;
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let median_ms = |runs: &[Run]| ms(median(runs.iter().map(|r| r.time).collect()));
        let unchanged = median_ms(&f.unchanged[BEARING]) - ms(median(f.unchanged_server.clone()));
        let changed = median_ms(&f.changed[BEARING]) - ms(median(f.changed_server.clone()));
        if f.first.iter().any(Vec::is_empty) {
            return String::new();
        }
        let speedup = median_ms(&f.first[VDIRSYNCER]) / median_ms(&f.first[BEARING]);
        let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
        let mut out = String::from("\ngoals (issue #25):\n");
        let _ = writeln!(
            out,
            "  nothing changed: bearing's own work {unchanged:.0} ms over the server's (goal <= 50): {}",
            verdict(unchanged <= 50.0)
        );
        let _ = writeln!(
            out,
            "  1% changed: bearing's own work {changed:.0} ms over the server's (goal <= 100): {}",
            verdict(changed <= 100.0)
        );
        // The highest of bearing's first syncs.
        let rss = f.first[BEARING]
            .iter()
            .filter_map(|r| r.rss_mb)
            .fold(f64::NAN, f64::max);
        let _ = writeln!(
            out,
            "  first sync: {speedup:.1}x vdirsyncer's speed (goal >= 3), {rss:.0} MB (goal <= 60): {}",
            verdict(speedup >= 3.0 && rss <= 60.0)
        );
        out
    }
}

/// bearing's own work, apart from any real server's: the same 10,000 objects served
/// from memory by the testkit's CalDAV server on 127.0.0.1, refreshed in process (a
/// journal file of its own, plain). The figures hold the in-memory server's answers too,
/// so they are the most bearing's own work can be: a first sync, one with nothing
/// changed, and one with 1% changed (medians of 5).
fn in_process(objects: &[(String, String)]) {
    use bearing::app::{self, Now, accounts};
    use bearing::testkit::{FAKE_PASSWORD, FAKE_USER, FakeCalDav, Quirks};
    let fake = FakeCalDav::start(Quirks::standard());
    let work = fake.add_calendar("work", "Work");
    for (name, event) in objects {
        fake.put(&work, name, &object(event, ""));
    }
    let dir = tempfile::tempdir().unwrap();
    let password = dir.path().join("password");
    fs::write(&password, FAKE_PASSWORD).unwrap();
    let command = format!("cat {}", password.display());
    let mut journal = app::journal::open(
        &dir.path().join("journal.db"),
        app::journal::OpenMode::Write,
        app::journal::Unlock::No,
    )
    .unwrap();
    let now = Now {
        at: chrono::DateTime::parse_from_rfc3339("2026-11-22T09:30:00+01:00").unwrap(),
        zone: chrono_tz::Europe::Berlin,
    };
    let url = fake.url();
    let add = accounts::AddAccount {
        name: "work",
        url: &url,
        user: FAKE_USER,
        password_command: Some(&command),
        password: None,
        ca_file: None,
    };
    accounts::add(&mut journal, now, &add, Duration::from_secs(60)).unwrap();
    accounts::use_calendar(&mut journal, "work", "Work", accounts::Role::Read).unwrap();
    let refresh = |journal: &mut app::Journal| {
        let started = Instant::now();
        let out = accounts::sync::refresh(
            journal,
            now,
            None,
            Duration::from_secs(600),
            false,
            &mut |_, _, _| {},
        )
        .unwrap();
        assert!(out.iter().all(|o| o.error.is_none()), "{out:?}");
        started.elapsed()
    };
    let first = refresh(&mut journal);
    let unchanged: Vec<Duration> = (0..5).map(|_| refresh(&mut journal)).collect();
    let changed: Vec<Duration> = (0..5)
        .map(|round| {
            for (name, event) in objects.iter().skip(round).step_by(100) {
                fake.put(&work, name, &object(event, &format!(" (moved {round})")));
            }
            refresh(&mut journal)
        })
        .collect();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "\nbearing's own work, in process, against the in-memory CalDAV server ({} objects):\n  first sync {:.0} ms; nothing changed {:.1} ms; 1% changed {:.1} ms (medians of 5)",
        objects.len(),
        ms(first),
        ms(median(unchanged)),
        ms(median(changed))
    );
}
