//! An in-memory HTTP cache of documents, keyed by URL: RFC 9111 freshness and revalidation
//! from http-cache-semantics (a private, single-user cache), size-bounded, invalidated by
//! unsafe requests and by `Link: rel=invalidates`.

use std::sync::Mutex;
use std::time::SystemTime;

use http_cache_semantics::{AfterResponse, BeforeRequest, CacheOptions, CachePolicy};
use indexmap::IndexMap;
use url::Url;

use crate::document::Document;

/// What the cache did, counted since the client was made.
///
/// # Examples
///
/// ```
/// let stats = hal_client::Client::new().cache_stats();
/// assert_eq!((stats.fresh_hits, stats.revalidated, stats.stored), (0, 0, 0));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Documents served without a request (still fresh).
    pub fresh_hits: u64,
    /// Documents served after a `304 Not Modified` (a request, but no body).
    pub revalidated: u64,
    /// Responses stored.
    pub stored: u64,
}

/// What the cache has for a request.
pub(crate) enum Lookup {
    /// Fresh: use it without a request.
    Fresh(Box<Document>),
    /// Stored, but to revalidate: send these headers (`If-None-Match`, `If-Modified-Since`).
    Stale(http::HeaderMap),
    /// Nothing usable.
    Miss,
}

struct Entry {
    policy: CachePolicy,
    /// The response's status and headers, whose freshness the resources it embeds share.
    response: http::response::Parts,
    document: Document,
}

pub(crate) struct Cache {
    entries: Mutex<IndexMap<Url, Entry>>,
    max_entries: usize,
    stats: Mutex<CacheStats>,
}

/// The request the cache reasons about: `GET url` with the client's `Accept` and the caller's
/// headers (which a response's `Vary` may name).
pub(crate) fn request(
    url: &Url,
    accept: &'static str,
    headers: &http::HeaderMap,
) -> http::request::Parts {
    let (mut parts, ()) = http::Request::new(()).into_parts();
    parts.method = http::Method::GET;
    parts.uri = url.as_str().parse().unwrap_or_default();
    parts
        .headers
        .insert(http::header::ACCEPT, http::HeaderValue::from_static(accept));
    parts.headers.extend(headers.clone());
    parts
}

/// A response's status and headers, as the cache reasons about them.
pub(crate) fn response(response: &reqwest::Response) -> http::response::Parts {
    let (mut parts, ()) = http::Response::new(()).into_parts();
    parts.status = response.status();
    parts.headers = response.headers().clone();
    parts
}

/// `http::response::Parts` is not `Clone`: a copy of its status and headers.
fn clone_parts(parts: &http::response::Parts) -> http::response::Parts {
    let (mut copy, ()) = http::Response::new(()).into_parts();
    copy.status = parts.status;
    copy.version = parts.version;
    copy.headers = parts.headers.clone();
    copy
}

fn options() -> CacheOptions {
    CacheOptions {
        shared: false,
        ..CacheOptions::default()
    }
}

impl Cache {
    pub(crate) fn new(max_entries: usize) -> Self {
        Self {
            entries: Mutex::new(IndexMap::new()),
            max_entries,
            stats: Mutex::new(CacheStats::default()),
        }
    }

    pub(crate) fn stats(&self) -> CacheStats {
        self.stats.lock().map(|stats| *stats).unwrap_or_default()
    }

    fn count(&self, change: impl FnOnce(&mut CacheStats)) {
        if let Ok(mut stats) = self.stats.lock() {
            change(&mut stats);
        }
    }

    pub(crate) fn lookup(&self, url: &Url, request: &http::request::Parts) -> Lookup {
        let Ok(mut entries) = self.entries.lock() else {
            return Lookup::Miss;
        };
        let Some(entry) = entries.get(url) else {
            return Lookup::Miss;
        };
        match entry.policy.before_request(request, SystemTime::now()) {
            BeforeRequest::Fresh(_) => {
                let document = entry.document.clone();
                // Most recently used last: eviction takes the first.
                if let Some(index) = entries.get_index_of(url) {
                    let last = entries.len() - 1;
                    entries.move_index(index, last);
                }
                drop(entries);
                self.count(|stats| stats.fresh_hits += 1);
                Lookup::Fresh(Box::new(document))
            }
            BeforeRequest::Stale {
                request,
                matches: true,
            } => Lookup::Stale(request.headers),
            BeforeRequest::Stale { matches: false, .. } => Lookup::Miss,
        }
    }

    /// A `304 Not Modified` for `url`: the stored document, with its policy brought up to date.
    pub(crate) fn revalidated(
        &self,
        url: &Url,
        request: &http::request::Parts,
        response: &http::response::Parts,
    ) -> Option<Document> {
        let mut entries = self.entries.lock().ok()?;
        let entry = entries.get_mut(url)?;
        match entry
            .policy
            .after_response(request, response, SystemTime::now())
        {
            AfterResponse::NotModified(policy, _) => {
                entry.policy = policy;
                let document = entry.document.clone();
                drop(entries);
                self.count(|stats| stats.revalidated += 1);
                Some(document)
            }
            AfterResponse::Modified(..) => None,
        }
    }

    /// Keeps `document` for `url` when the response may be stored.
    pub(crate) fn store(
        &self,
        url: &Url,
        request: &http::request::Parts,
        response: &http::response::Parts,
        document: &Document,
    ) {
        if self.max_entries == 0 {
            return;
        }
        let policy = CachePolicy::new_options(request, response, SystemTime::now(), options());
        if !policy.is_storable() {
            self.invalidate(url);
            return;
        }
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        entries.shift_remove(url);
        while entries.len() >= self.max_entries {
            entries.shift_remove_index(0);
        }
        entries.insert(
            url.clone(),
            Entry {
                policy,
                response: clone_parts(response),
                document: document.clone(),
            },
        );
        drop(entries);
        self.count(|stats| stats.stored += 1);
    }

    /// Keeps a resource embedded in the document stored for `parent`, under its own `self`,
    /// as fresh as its parent: the parent's response headers without its validators (the
    /// parent's `ETag` does not name the embedded resource, so it is never revalidated with
    /// it). Only on the parent's origin: a service may say what its own resources are, not
    /// what another origin's are, or one service could plant what the client later believes
    /// another said.
    pub(crate) fn store_embedded(&self, parent: &Url, document: &Document, accept: &'static str) {
        if !same_origin(parent, document.url()) {
            return;
        }
        let response = {
            let Ok(entries) = self.entries.lock() else {
                return;
            };
            let Some(entry) = entries.get(parent) else {
                return;
            };
            let mut response = clone_parts(&entry.response);
            for validator in [http::header::ETAG, http::header::LAST_MODIFIED] {
                response.headers.remove(validator);
            }
            response
        };
        let url = document.url();
        if url != parent {
            self.store(
                url,
                &request(url, accept, &http::HeaderMap::new()),
                &response,
                document,
            );
        }
    }

    /// Forgets `url`, as a response to `from` asks (its `Location`, `Content-Location` or
    /// `Link: rel=invalidates`): only on `from`'s origin (RFC 9111 §4.4), so that no service
    /// can empty the cache of another's resources.
    pub(crate) fn invalidate_named(&self, from: &Url, url: &Url) {
        if same_origin(from, url) {
            self.invalidate(url);
        }
    }

    pub(crate) fn invalidate(&self, url: &Url) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.shift_remove(url);
        }
    }
}

/// Whether `a` and `b` have one origin (scheme, host and port; RFC 6454).
pub(crate) fn same_origin(a: &Url, b: &Url) -> bool {
    a.origin() == b.origin()
}
