//! Middleware: code that runs around each request the client sends to an origin, before the
//! request leaves and after its response comes back, and may send it again (authentication,
//! tracing, retries). Registered on the [`ClientBuilder`](crate::ClientBuilder), for one
//! origin or for all; several run in the order registered, the first outermost.

use std::sync::Arc;

use futures_util::future::BoxFuture;
use reqwest::{Request, Response};
use url::{Origin, Url};

use crate::error::{Error, ErrorKind};

/// What runs around each request to the origins it is registered for.
///
/// # Examples
///
/// A middleware that adds an API key and counts the `429`s it sees:
///
/// ```
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use futures_util::future::BoxFuture;
/// use hal_client::middleware::{Middleware, Next};
/// use reqwest::header::HeaderValue;
///
/// struct ApiKey { key: HeaderValue, throttled: AtomicUsize }
///
/// impl Middleware for ApiKey {
///     fn handle<'a>(&'a self, mut request: reqwest::Request, next: Next<'a>) -> BoxFuture<'a, Result<reqwest::Response, hal_client::Error>> {
///         Box::pin(async move {
///             request.headers_mut().insert("x-api-key", self.key.clone());
///             let response = next.run(request).await?;
///             if response.status() == 429 {
///                 self.throttled.fetch_add(1, Ordering::Relaxed);
///             }
///             Ok(response)
///         })
///     }
/// }
///
/// let api = url::Url::parse("https://api.example.com/")?;
/// let key = ApiKey { key: HeaderValue::from_static("k-123"), throttled: AtomicUsize::new(0) };
/// let client = hal_client::Client::builder().middleware_for(&api, key).build()?;
/// # let _ = client;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Middleware: Send + Sync + 'static {
    /// Handles `request`: change it, send it on with [`Next::run`] (more than once if need
    /// be, with a clone from `Request::try_clone`), look at or replace the response.
    fn handle<'a>(
        &'a self,
        request: Request,
        next: Next<'a>,
    ) -> BoxFuture<'a, Result<Response, Error>>;
}

/// A middleware and the origins it runs for.
#[derive(Clone)]
pub(crate) struct Registered {
    /// `None`: every origin.
    origin: Option<Origin>,
    middleware: Arc<dyn Middleware>,
}

impl Registered {
    pub(crate) fn new(origin: Option<&Url>, middleware: impl Middleware) -> Self {
        Self {
            origin: origin.map(Url::origin),
            middleware: Arc::new(middleware),
        }
    }

    fn applies_to(&self, url: &Url) -> bool {
        self.origin
            .as_ref()
            .is_none_or(|origin| *origin == url.origin())
    }
}

impl std::fmt::Debug for Registered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Middleware")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// The rest of the chain: the middleware after this one, and then the HTTP client.
///
/// # Examples
///
/// See [`Middleware`].
#[derive(Clone, Copy)]
pub struct Next<'a> {
    http: &'a reqwest::Client,
    rest: &'a [Registered],
}

impl<'a> Next<'a> {
    /// Sends `request` through the rest of the chain and returns its response.
    ///
    /// # Errors
    ///
    /// What a later middleware returns, or the transport's failure.
    ///
    /// # Examples
    ///
    /// See [`Middleware`].
    pub fn run(self, request: Request) -> BoxFuture<'a, Result<Response, Error>> {
        let url = request.url().clone();
        match self.rest.iter().position(|m| m.applies_to(&url)) {
            Some(index) => {
                let next = Next {
                    http: self.http,
                    rest: &self.rest[index + 1..],
                };
                self.rest[index].middleware.handle(request, next)
            }
            None => Box::pin(async move {
                self.http
                    .execute(request)
                    .await
                    .map_err(|e| Error::from_source(ErrorKind::Http, e).at(&url))
            }),
        }
    }
}

/// Sends `request` through the middleware registered for its origin, then `http`.
pub(crate) async fn send(
    http: &reqwest::Client,
    middleware: &[Registered],
    request: Request,
) -> Result<Response, Error> {
    Next {
        http,
        rest: middleware,
    }
    .run(request)
    .await
}
