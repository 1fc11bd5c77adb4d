//! A loopback HTTP server for tests: 127.0.0.1 on a free port, answering each request
//! on a thread of its own, until it is dropped (then the port is closed).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// A request the server received.
#[derive(Debug, Clone)]
pub struct Request {
    /// Its place among the requests, from 0.
    pub number: usize,
    /// The method, `GET`.
    pub method: String,
    /// The path and query, `/team.ics`.
    pub path: String,
    /// The header lines, names as sent, in order.
    pub headers: Vec<(String, String)>,
    /// The body (as long as its `Content-Length` says; empty without one).
    pub body: Vec<u8>,
}

impl Request {
    /// The value of the first header named `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the server answers a request with.
#[derive(Debug, Clone)]
pub struct Reply {
    status: u16,
    body: Vec<u8>,
    delay: Duration,
    silent: bool,
    headers: Vec<(String, String)>,
    trickle: Option<Duration>,
    endless: bool,
    gate: Option<Gate>,
}

/// A gate an answer waits at ([`Reply::at`]) until the test opens it: for a request the
/// test must know is under way while it does something else.
#[derive(Debug, Clone, Default)]
pub struct Gate(Arc<AtomicBool>);

impl Gate {
    /// A closed gate.
    pub fn new() -> Gate {
        Gate::default()
    }

    /// Lets the answers waiting at it go.
    pub fn open(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    fn is_open(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

impl Reply {
    /// `200 OK` with `body` (as `text/calendar`).
    pub fn ok(body: impl Into<Vec<u8>>) -> Reply {
        Reply::status(200, body)
    }

    /// `status` with `body`.
    pub fn status(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            body: body.into(),
            delay: Duration::ZERO,
            silent: false,
            headers: Vec::new(),
            trickle: None,
            endless: false,
            gate: None,
        }
    }

    /// `200 OK` whose body is `chunk` again and again, with no length, until the client
    /// goes or the server stops (an answer that never ends).
    pub fn endless(chunk: impl Into<Vec<u8>>) -> Reply {
        Reply {
            endless: true,
            ..Reply::ok(chunk)
        }
    }

    /// `404 Not Found`, empty.
    pub fn not_found() -> Reply {
        Reply::status(404, Vec::new())
    }

    /// No answer at all: the connection is taken and held open, silent, until the server
    /// stops (a server that hangs).
    pub fn silence() -> Reply {
        Reply {
            silent: true,
            ..Reply::not_found()
        }
    }

    /// The same answer, given only after `delay` (a slow server).
    pub fn after(self, delay: Duration) -> Reply {
        Reply { delay, ..self }
    }

    /// The same answer, given only once `gate` is open (a server that answers when the
    /// test says).
    pub fn at(self, gate: &Gate) -> Reply {
        Reply {
            gate: Some(gate.clone()),
            ..self
        }
    }

    /// The same answer with one more header line (`Content-Encoding: gzip`, say).
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// The same answer, its body sent a byte at a time, one every `every` (a server that
    /// trickles: each read gets something, the whole takes long).
    pub fn trickle(self, every: Duration) -> Reply {
        Reply {
            trickle: Some(every),
            ..self
        }
    }
}

/// How the server answers: its pages first, then its function.
type Answer = dyn Fn(&Request) -> Reply + Send + Sync;

/// What the accepting thread and each request's thread share.
struct Shared {
    pages: Mutex<HashMap<String, Reply>>,
    answer: Box<Answer>,
    stop: AtomicBool,
    served: AtomicUsize,
    held: Mutex<Vec<TcpStream>>,
}

/// A loopback HTTP server. Each request is answered from the pages [`HttpServer::page`]
/// set (by path), else by the server's function; every response closes its
/// connection. Dropping the server stops it: the port is closed, a slow answer not yet
/// sent is never sent, and held connections are closed.
pub struct HttpServer {
    port: u16,
    shared: Arc<Shared>,
    accepting: Option<JoinHandle<()>>,
}

impl HttpServer {
    /// A server answering only its pages, `404` for any other path.
    pub fn new() -> HttpServer {
        HttpServer::answering(|_| Reply::not_found())
    }

    /// A server answering every request (but its pages) with `answer(request)`.
    pub fn answering(answer: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> HttpServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Shared {
            pages: Mutex::default(),
            answer: Box::new(answer),
            stop: AtomicBool::new(false),
            served: AtomicUsize::new(0),
            held: Mutex::default(),
        });
        let accepting = {
            let shared = Arc::clone(&shared);
            thread::spawn(move || accept(&listener, &shared))
        };
        HttpServer {
            port,
            shared,
            accepting: Some(accepting),
        }
    }

    /// Answers `path` with `reply` from now on (a page changed while the server runs).
    pub fn page(&self, path: &str, reply: Reply) {
        self.shared
            .pages
            .lock()
            .unwrap()
            .insert(path.to_string(), reply);
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:PORT` and `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// How many requests it has received.
    pub fn requests(&self) -> usize {
        self.shared.served.load(Ordering::SeqCst)
    }
}

impl Default for HttpServer {
    fn default() -> Self {
        HttpServer::new()
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accepting thread so it sees the stop.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(accepting) = self.accepting.take() {
            let _ = accepting.join();
        }
        self.shared.held.lock().unwrap().clear();
    }
}

fn accept(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let number = shared.served.fetch_add(1, Ordering::SeqCst);
        let shared = Arc::clone(shared);
        thread::spawn(move || respond(stream, number, &shared));
    }
}

fn respond(mut stream: TcpStream, number: usize, shared: &Shared) {
    let (head, body) = read_request(&mut stream);
    let mut lines = head.lines();
    let mut words = lines.next().unwrap_or_default().split_whitespace();
    let request = Request {
        number,
        method: words.next().unwrap_or("GET").to_string(),
        path: words.next().unwrap_or("/").to_string(),
        headers: lines
            .filter_map(|line| line.split_once(':'))
            .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
            .collect(),
        body,
    };
    let page = shared.pages.lock().unwrap().get(&request.path).cloned();
    let reply = page.unwrap_or_else(|| (shared.answer)(&request));
    if reply.silent {
        shared.held.lock().unwrap().push(stream);
        return;
    }
    while reply.gate.as_ref().is_some_and(|g| !g.is_open()) {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        thread::sleep(Duration::from_millis(10));
    }
    let until = Instant::now() + reply.delay;
    while Instant::now() < until {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        thread::sleep(Duration::from_millis(20).min(until - Instant::now()));
    }
    let extra: String = reply
        .headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .collect();
    let length = if reply.endless {
        String::new()
    } else {
        format!("Content-Length: {}\r\n", reply.body.len())
    };
    let head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: text/calendar\r\n{length}{extra}Connection: close\r\n\r\n",
        reply.status,
        reason(reply.status),
    );
    let _ = stream.write_all(head.as_bytes());
    if reply.endless {
        // Until the client goes (the write fails) or the server stops.
        let mut going = true;
        while going && !shared.stop.load(Ordering::SeqCst) {
            going = stream.write_all(&reply.body).is_ok();
        }
    } else if let Some(every) = reply.trickle {
        for byte in &reply.body {
            if shared.stop.load(Ordering::SeqCst) || stream.write_all(&[*byte]).is_err() {
                return;
            }
            thread::sleep(every);
        }
    } else {
        let _ = stream.write_all(&reply.body);
    }
    let _ = stream.flush();
}

/// The request's head, up to its blank line, and its body as long as its
/// `Content-Length` says (none without one).
fn read_request(stream: &mut TcpStream) -> (String, Vec<u8>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    let end = loop {
        if let Some(at) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        if bytes.len() >= 64 * 1024 {
            break bytes.len();
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break bytes.len(),
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
        }
    };
    let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
    let length = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .unwrap_or(0)
        .min(64 * 1024 * 1024);
    let mut body = bytes.split_off(end);
    while body.len() < length {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => body.extend_from_slice(&buf[..n]),
        }
    }
    body.truncate(length);
    (head, body)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(url_port: u16, path: &str) -> std::io::Result<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", url_port))?;
        write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n")?;
        let mut text = String::new();
        stream.read_to_string(&mut text)?;
        Ok(text)
    }

    #[test]
    fn pages_then_the_function_answer_and_a_dropped_server_is_gone() {
        let server = HttpServer::answering(|r| Reply::ok(format!("request {}", r.number)));
        server.page("/team.ics", Reply::status(500, "down"));
        let port = server.port();
        assert!(get(port, "/team.ics").unwrap().starts_with("HTTP/1.1 500 "));
        let other = get(port, "/other").unwrap();
        assert!(other.starts_with("HTTP/1.1 200 OK\r\n"), "{other}");
        assert!(other.ends_with("\r\n\r\nrequest 1"), "{other}");
        assert_eq!(server.requests(), 2);
        assert_eq!(server.url("/a"), format!("http://127.0.0.1:{port}/a"));
        drop(server);
        assert!(get(port, "/team.ics").is_err(), "nothing listens");
    }

    #[test]
    fn the_answer_sees_the_headers_and_the_body() {
        let server = HttpServer::answering(|r| {
            Reply::ok(format!(
                "{} {} {:?} {}",
                r.method,
                r.path,
                r.header("x-probe"),
                String::from_utf8_lossy(&r.body)
            ))
        });
        let mut stream = TcpStream::connect(("127.0.0.1", server.port())).unwrap();
        write!(
            stream,
            "POST /token HTTP/1.1\r\nHost: x\r\nX-Probe: yes\r\nContent-Length: 9\r\n\r\na=1&b=two"
        )
        .unwrap();
        let mut text = String::new();
        stream.read_to_string(&mut text).unwrap();
        assert!(
            text.ends_with("POST /token Some(\"yes\") a=1&b=two"),
            "{text}"
        );
    }
}
