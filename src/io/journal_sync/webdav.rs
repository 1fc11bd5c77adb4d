//! [`WebDav`]: a sync place in a collection on a WebDAV server (Nextcloud, Fastmail's
//! files, Apache, wsgidav), over the CalDAV client's [`Transport`] (Basic or Digest
//! auth, redirects only within the user's domain, one deadline, size limits, `ca_file`).
//!
//! The requests are made here by hand with `http::Request`: libdav speaks CalDAV and
//! CardDAV objects (text, with their content types) and has no call for a plain file's
//! bytes, a create-only `PUT` or a conditional replace, which is all this needs.
//!
//! - a batch or snapshot is created by `PUT` with `If-None-Match: *` (412: it is there
//!   already, and stays as it was); the server must honour that header (those named
//!   above do);
//! - the key file is replaced by `PUT` with `If-Match` and the `ETag` it was read with;
//! - `PROPFIND` (Depth 1) lists, `GET` reads, `DELETE` removes, and `MKCOL` makes the
//!   collections a first write needs (405: it is there).

use std::collections::HashSet;
use std::sync::{Mutex, PoisonError};

use http::{HeaderName, Method, Request, StatusCode, Uri, header};

use super::place::{
    Created, DEVICES_DIR, DeviceId, KEY_FILE_NAME, KeyFile, KeyWrite, MAX_FILE_BYTES, PlaceError,
    SNAPSHOTS_DIR, SnapshotId, SyncPlace, Version, batch_name, parse_batch_name,
    parse_snapshot_name, snapshot_name,
};
use crate::io::dav::{Answer, Auth, DavError, Options, Transport, host_of};

/// What a `PROPFIND` asks for: whether each member is a collection.
const PROPFIND_BODY: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>"#;

/// The start of a [`Version`] that is the server's `ETag` (else it is a content hash,
/// from a server that gives no strong `ETag`, and the key file cannot be replaced safely).
const ETAG_VERSION: &str = "etag:";

/// A sync place in a WebDAV collection.
pub struct WebDav {
    transport: Transport,
    /// The collection's address, its path ending in `/`.
    base: Uri,
    /// The collections known to be there (paths relative to `base`), so each `MKCOL` is
    /// sent once.
    made: Mutex<HashSet<String>>,
}

impl std::fmt::Debug for WebDav {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebDav")
            .field("base", &self.describe())
            .finish_non_exhaustive()
    }
}

/// How a member of a listed collection came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Member {
    /// Its last path segment, percent-decoded.
    pub name: String,
    /// Whether it is a collection.
    pub collection: bool,
}

impl WebDav {
    /// The collection at `collection` on the server `transport` talks to.
    pub fn new(transport: Transport, collection: &Uri) -> Result<WebDav, PlaceError> {
        let bad = |reason: &str| {
            PlaceError::Dav(DavError::BadAnswer {
                host: host_of(collection),
                reason: reason.to_string(),
            })
        };
        if collection.scheme().is_none() || collection.authority().is_none() {
            return Err(bad("the sync address is not a full http(s) address"));
        }
        let path = collection.path();
        let base = if path.ends_with('/') {
            collection.clone()
        } else {
            rebuild(collection, &format!("{path}/")).ok_or_else(|| bad("bad sync address"))?
        };
        Ok(WebDav {
            transport,
            base,
            made: Mutex::new(HashSet::new()),
        })
    }

    /// The collection at the address `url`, reached with `auth`; answers may be as large
    /// as a sync file may be.
    pub fn connect(url: &str, auth: Auth, options: &Options) -> Result<WebDav, PlaceError> {
        let uri = crate::io::dav::server_address(url).map_err(|reason| {
            PlaceError::Dav(DavError::BadAnswer {
                host: url.to_string(),
                reason,
            })
        })?;
        let options = Options {
            max_bytes: options.max_bytes.max(MAX_FILE_BYTES + 64 * 1024),
            ..options.clone()
        };
        let transport = Transport::new(uri.clone(), auth, &options)?;
        WebDav::new(transport, &uri)
    }

    /// The address of `relative` (a path under the collection).
    fn url(&self, relative: &str) -> Result<Uri, PlaceError> {
        rebuild(&self.base, &format!("{}{relative}", self.base.path())).ok_or_else(|| {
            PlaceError::Dav(DavError::BadAnswer {
                host: host_of(&self.base),
                reason: format!("cannot make an address for {relative}"),
            })
        })
    }

    /// Sends `method` to `relative` with `headers` and `body`.
    fn send(
        &self,
        method: &Method,
        relative: &str,
        headers: &[(HeaderName, &str)],
        body: Vec<u8>,
    ) -> Result<Answer, PlaceError> {
        let mut builder = Request::builder()
            .method(method.clone())
            .uri(self.url(relative)?);
        for (name, value) in headers {
            builder = builder.header(name, *value);
        }
        let request = builder.body(body).map_err(|e| {
            PlaceError::Dav(DavError::BadAnswer {
                host: host_of(&self.base),
                reason: e.to_string(),
            })
        })?;
        Ok(self.transport.send(request)?)
    }

    /// A WebDAV method by its name (`MKCOL`, `PROPFIND`).
    fn method(&self, name: &'static str) -> Result<Method, PlaceError> {
        Method::from_bytes(name.as_bytes()).map_err(|e| {
            PlaceError::Dav(DavError::BadAnswer {
                host: host_of(&self.base),
                reason: e.to_string(),
            })
        })
    }

    fn refused(&self, method: &Method, relative: &str, status: StatusCode) -> PlaceError {
        PlaceError::Refused {
            host: host_of(&self.base),
            method: method.to_string(),
            path: format!("{}{relative}", self.base.path()),
            status: status.as_u16(),
        }
    }

    /// The body at `relative`; `None` when it is not there.
    fn get(&self, relative: &str) -> Result<Option<Answer>, PlaceError> {
        let answer = self.send(&Method::GET, relative, &[], Vec::new())?;
        match answer.parts.status {
            s if s.is_success() => Ok(Some(answer)),
            StatusCode::NOT_FOUND | StatusCode::GONE => Ok(None),
            s => Err(self.refused(&Method::GET, relative, s)),
        }
    }

    /// `PUT`s `bytes` to `name` in the collection `dir` under the condition `condition`;
    /// makes the collections first when the server says a parent is missing. Returns the
    /// status of the `PUT`.
    fn put(
        &self,
        dir: &str,
        name: &str,
        bytes: &[u8],
        condition: (HeaderName, &str),
    ) -> Result<StatusCode, PlaceError> {
        let relative = format!("{dir}{name}");
        let headers = [
            condition,
            (header::CONTENT_TYPE, "application/octet-stream"),
        ];
        let status = self
            .send(&Method::PUT, &relative, &headers, bytes.to_vec())?
            .parts
            .status;
        // A missing parent: 409 by RFC 4918, 404 from some servers.
        if matches!(status, StatusCode::CONFLICT | StatusCode::NOT_FOUND) {
            // What was made before may have been removed since (by hand, or by another
            // client): ask again.
            self.made
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clear();
            self.make_collection(dir)?;
            return Ok(self
                .send(&Method::PUT, &relative, &headers, bytes.to_vec())?
                .parts
                .status);
        }
        Ok(status)
    }

    /// Creates `name` in `dir` holding `bytes`, never over an existing file.
    fn create_only(&self, dir: &str, name: &str, bytes: &[u8]) -> Result<Created, PlaceError> {
        let status = self.put(dir, name, bytes, (header::IF_NONE_MATCH, "*"))?;
        match status {
            s if s.is_success() => Ok(Created::Written),
            StatusCode::PRECONDITION_FAILED => Ok(Created::AlreadyThere),
            s => Err(self.refused(&Method::PUT, &format!("{dir}{name}"), s)),
        }
    }

    /// Makes the collection `dir` (a path under the collection ending in `/`, or `""`
    /// for the collection itself), and its parents when the server says they are missing.
    fn make_collection(&self, dir: &str) -> Result<(), PlaceError> {
        let made = |dir: &str| {
            self.made
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .contains(dir)
        };
        if made(dir) {
            return Ok(());
        }
        let mkcol = self.method("MKCOL")?;
        let mut status = self.send(&mkcol, dir, &[], Vec::new())?.parts.status;
        if status == StatusCode::CONFLICT && !dir.is_empty() {
            self.make_collection(parent(dir))?;
            status = self.send(&mkcol, dir, &[], Vec::new())?.parts.status;
        }
        // 405: the collection is there already.
        if !(status.is_success() || status == StatusCode::METHOD_NOT_ALLOWED) {
            return Err(self.refused(&mkcol, dir, status));
        }
        self.made
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(dir.to_string());
        Ok(())
    }

    /// The members of collection `dir`; none when it is not there.
    fn list(&self, dir: &str) -> Result<Vec<Member>, PlaceError> {
        let propfind = self.method("PROPFIND")?;
        let headers = [
            (HeaderName::from_static("depth"), "1"),
            (header::CONTENT_TYPE, "application/xml; charset=utf-8"),
        ];
        let answer = self.send(&propfind, dir, &headers, PROPFIND_BODY.into())?;
        match answer.parts.status {
            StatusCode::MULTI_STATUS => {
                let listed = self.url(dir)?;
                parse_members(&String::from_utf8_lossy(&answer.body), listed.path()).map_err(
                    |reason| {
                        PlaceError::Dav(DavError::BadAnswer {
                            host: host_of(&self.base),
                            reason,
                        })
                    },
                )
            }
            StatusCode::NOT_FOUND => Ok(Vec::new()),
            s => Err(self.refused(&propfind, dir, s)),
        }
    }

    /// Removes `relative`; whether it was there.
    fn delete(&self, relative: &str) -> Result<bool, PlaceError> {
        let status = self
            .send(&Method::DELETE, relative, &[], Vec::new())?
            .parts
            .status;
        match status {
            s if s.is_success() => Ok(true),
            StatusCode::NOT_FOUND | StatusCode::GONE => Ok(false),
            s => Err(self.refused(&Method::DELETE, relative, s)),
        }
    }

    fn device_dir(device: &DeviceId) -> String {
        format!("{DEVICES_DIR}/{device}/")
    }

    fn snapshots_dir() -> String {
        format!("{SNAPSHOTS_DIR}/")
    }
}

impl SyncPlace for WebDav {
    fn describe(&self) -> String {
        format!("{}{}", host_of(&self.base), self.base.path())
    }

    fn devices(&self) -> Result<Vec<DeviceId>, PlaceError> {
        let mut found: Vec<DeviceId> = self
            .list(&format!("{DEVICES_DIR}/"))?
            .into_iter()
            .filter(|m| m.collection)
            .filter_map(|m| DeviceId::parse(&m.name))
            .collect();
        found.sort();
        found.dedup();
        Ok(found)
    }

    fn batches(&self, device: &DeviceId) -> Result<Vec<u64>, PlaceError> {
        let mut found: Vec<u64> = self
            .list(&WebDav::device_dir(device))?
            .into_iter()
            .filter(|m| !m.collection)
            .filter_map(|m| parse_batch_name(&m.name))
            .collect();
        found.sort_unstable();
        found.dedup();
        Ok(found)
    }

    fn read_batch(&self, device: &DeviceId, seq: u64) -> Result<Option<Vec<u8>>, PlaceError> {
        let relative = format!("{}{}", WebDav::device_dir(device), batch_name(seq));
        Ok(self.get(&relative)?.map(|answer| answer.body))
    }

    fn write_batch(
        &self,
        device: &DeviceId,
        seq: u64,
        bytes: &[u8],
    ) -> Result<Created, PlaceError> {
        self.create_only(&WebDav::device_dir(device), &batch_name(seq), bytes)
    }

    fn remove_batch(&self, device: &DeviceId, seq: u64) -> Result<bool, PlaceError> {
        self.delete(&format!(
            "{}{}",
            WebDav::device_dir(device),
            batch_name(seq)
        ))
    }

    fn read_key_file(&self) -> Result<Option<KeyFile>, PlaceError> {
        let Some(answer) = self.get(KEY_FILE_NAME)? else {
            return Ok(None);
        };
        let etag = answer
            .parts
            .headers
            .get(header::ETAG)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.starts_with("W/") && !v.is_empty());
        let version = match etag {
            Some(etag) => Version::new(format!("{ETAG_VERSION}{etag}")),
            None => Version::new(format!(
                "sha256:{}",
                super::batch::BatchHash::of(&answer.body).to_hex()
            )),
        };
        Ok(Some(KeyFile {
            bytes: answer.body,
            version,
        }))
    }

    fn write_key_file(
        &self,
        bytes: &[u8],
        replacing: Option<&Version>,
    ) -> Result<KeyWrite, PlaceError> {
        let Some(version) = replacing else {
            return Ok(match self.create_only("", KEY_FILE_NAME, bytes)? {
                Created::Written => KeyWrite::Written,
                Created::AlreadyThere => KeyWrite::Changed,
            });
        };
        let etag = version.as_str().strip_prefix(ETAG_VERSION).ok_or_else(|| {
            PlaceError::Unsupported(format!(
                "{} gives no strong ETag for the sync key file, so bearing cannot replace it without risking another device's change",
                host_of(&self.base)
            ))
        })?;
        let status = self.put("", KEY_FILE_NAME, bytes, (header::IF_MATCH, etag))?;
        match status {
            s if s.is_success() => Ok(KeyWrite::Written),
            // Changed since (412), or removed (404: If-Match on nothing).
            StatusCode::PRECONDITION_FAILED | StatusCode::NOT_FOUND => Ok(KeyWrite::Changed),
            s => Err(self.refused(&Method::PUT, KEY_FILE_NAME, s)),
        }
    }

    fn snapshots(&self) -> Result<Vec<SnapshotId>, PlaceError> {
        let mut found: Vec<SnapshotId> = self
            .list(&WebDav::snapshots_dir())?
            .into_iter()
            .filter(|m| !m.collection)
            .filter_map(|m| parse_snapshot_name(&m.name))
            .collect();
        found.sort();
        found.dedup();
        Ok(found)
    }

    fn read_snapshot(&self, id: &SnapshotId) -> Result<Option<Vec<u8>>, PlaceError> {
        let relative = format!("{}{}", WebDav::snapshots_dir(), snapshot_name(id));
        Ok(self.get(&relative)?.map(|answer| answer.body))
    }

    fn write_snapshot(&self, id: &SnapshotId, bytes: &[u8]) -> Result<Created, PlaceError> {
        self.create_only(&WebDav::snapshots_dir(), &snapshot_name(id), bytes)
    }

    fn remove_snapshot(&self, id: &SnapshotId) -> Result<bool, PlaceError> {
        self.delete(&format!("{}{}", WebDav::snapshots_dir(), snapshot_name(id)))
    }
}

/// `uri` with the path `path`.
fn rebuild(uri: &Uri, path: &str) -> Option<Uri> {
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = Some(path.parse().ok()?);
    Uri::from_parts(parts).ok()
}

/// The parent of the collection `dir` (`devices/x/` -> `devices/`, `devices/` -> ``).
fn parent(dir: &str) -> &str {
    let trimmed = dir.trim_end_matches('/');
    trimmed.rfind('/').map_or("", |at| &trimmed[..=at])
}

/// The members of a `PROPFIND` answer `xml` for the collection at path `listed` (which
/// is left out): each one's last path segment, and whether it is a collection.
pub(super) fn parse_members(xml: &str, listed: &str) -> Result<Vec<Member>, String> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| e.to_string())?;
    let listed = percent_decode(listed);
    let listed = listed.trim_end_matches('/');
    let mut out = Vec::new();
    for response in doc
        .descendants()
        .filter(|n| n.has_tag_name(("DAV:", "response")))
    {
        let Some(href) = response
            .descendants()
            .find(|n| n.has_tag_name(("DAV:", "href")))
            .and_then(|n| n.text())
        else {
            continue;
        };
        let href = href.trim();
        // An href is a path, or a full address (some servers).
        let path = match href.parse::<Uri>() {
            Ok(uri) if uri.scheme().is_some() => uri.path().to_string(),
            _ => href.to_string(),
        };
        let path = percent_decode(&path);
        let path = path.trim_end_matches('/');
        if path == listed {
            continue;
        }
        let Some(name) = path.rsplit('/').next().filter(|n| !n.is_empty()) else {
            continue;
        };
        let collection = response
            .descendants()
            .any(|n| n.has_tag_name(("DAV:", "collection")));
        out.push(Member {
            name: name.to_string(),
            collection,
        });
    }
    Ok(out)
}

/// `text` with its `%XX` escapes decoded (bytes that are not UTF-8 are replaced: such a
/// name is never one of bearing's).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
#[path = "webdav_tests.rs"]
mod tests;
