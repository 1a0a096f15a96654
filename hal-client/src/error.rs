//! One error for everything a client call can meet: where it happened (the URL and the
//! relations taken), the status, and the server's problem document when it sent one.

use std::fmt;
use std::sync::Arc;

use hal_core::{ParseError, Problem};
use reqwest::StatusCode;
use url::Url;

/// Why a call failed, with where: the URL, the relations followed to get there, the status and
/// the server's problem document (RFC 9457) when it sent one. What the cause was comes from
/// [`kind`](Self::kind) and the `is_*` questions; the underlying error (reqwest's, a parse
/// error) is the [`source`](std::error::Error::source), not part of this crate's API.
///
/// # Examples
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// // Nothing listens on the discard port of this machine.
/// let root = url::Url::parse("http://127.0.0.1:9/api")?;
/// let error = hal_client::Client::new().root(root).follow("items").get().await.unwrap_err();
/// assert!(error.is_connect());
/// assert_eq!(error.url().map(|u| u.as_str()), Some("http://127.0.0.1:9/api"));
/// assert!(error.to_string().starts_with("http://127.0.0.1:9/api"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # }).unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct Error {
    // Behind a pointer: an error is rare and `Result<T, Error>` stays one word wider than `T`.
    // Shared, so that reads waiting on one request each get its error.
    inner: Arc<Inner>,
}

#[derive(Debug, Clone)]
struct Inner {
    kind: ErrorKind,
    url: Option<Url>,
    path: Vec<String>,
    status: Option<StatusCode>,
    problem: Option<Problem>,
    /// The document an embedded resource that failed came in: no request went to `url`.
    embedded_in: Option<Url>,
    source: Option<Arc<dyn std::error::Error + Send + Sync>>,
}

/// What went wrong.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request could not be made or its response not read (connection, TLS, timeout,
    /// too many redirects); the transport's error is the source.
    Http,
    /// The HTTP client could not be built; its error is the source.
    Builder,
    /// The server answered with an error status.
    Status,
    /// The response is not JSON (HAL, JSON or a problem document).
    NotHal {
        /// Its `Content-Type`, if any.
        content_type: Option<String>,
    },
    /// The response is JSON but not a HAL document of the expected shape; the parse error,
    /// naming the JSON path, is the source ([`Error::parse_error`]).
    Parse,
    /// The response body is larger than the client reads.
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The document has no link and no embedded resource of this relation.
    NoSuchRelation {
        /// The relation asked for.
        rel: String,
    },
    /// No link of the relation has this `name`.
    NoSuchName {
        /// The relation.
        rel: String,
        /// The name asked for.
        name: String,
    },
    /// A templated link lacks a value for a variable its path needs.
    MissingVariable {
        /// The relation.
        rel: String,
        /// The variable.
        variable: String,
    },
    /// Variables were given for a link that is not templated.
    NotTemplated {
        /// The relation.
        rel: String,
    },
    /// A link's href is not a valid template or URL reference.
    BadHref {
        /// The href as found.
        href: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A request body that does not serialize; serde's error is the source.
    Body,
    /// A write was answered without the `Location` of what it created.
    NoLocation,
    /// Walking the pages of a collection failed (a `next` loop, too many pages); the pager's
    /// error is the source.
    Paging,
    /// The document offers no HAL-FORMS template of this name.
    NoSuchTemplate {
        /// The name asked for.
        name: String,
        /// The templates it offers.
        available: Vec<String>,
    },
    /// A body lacks a property its template requires (checked before sending).
    MissingProperty {
        /// The template.
        template: String,
        /// The property (a property path such as `webhook.target` for nested members).
        property: String,
    },
    /// A template names a method that is not an HTTP method.
    BadMethod {
        /// The method as written.
        method: String,
    },
    /// A template's `contentType` the client cannot encode (it writes `application/json` and
    /// `application/x-www-form-urlencoded`).
    UnsupportedContentType {
        /// The content type.
        content_type: String,
    },
    /// No access token: the authorization server refused the grant or could not be reached;
    /// its error is the source.
    Auth,
    /// A body member that the template's encoding cannot hold (a nested object in a form or a
    /// query string).
    FormEncoding {
        /// The member.
        property: String,
        /// Why.
        reason: String,
    },
}

impl Error {
    /// An error of this kind, with no place yet.
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Self {
            inner: Arc::new(Inner {
                kind,
                url: None,
                path: Vec::new(),
                status: None,
                problem: None,
                embedded_in: None,
                source: None,
            }),
        }
    }

    /// An error of this kind caused by `source`.
    pub(crate) fn from_source(
        kind: ErrorKind,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        let mut error = Self::new(kind);
        Arc::make_mut(&mut error.inner).source = Some(Arc::new(source));
        error
    }

    pub(crate) fn at(mut self, url: &Url) -> Self {
        Arc::make_mut(&mut self.inner).url = Some(url.clone());
        self
    }

    pub(crate) fn with_status(mut self, status: StatusCode, problem: Option<Problem>) -> Self {
        Arc::make_mut(&mut self.inner).status = Some(status);
        Arc::make_mut(&mut self.inner).problem = problem;
        self
    }

    /// The same error, about a resource embedded in the document at `parent`.
    pub(crate) fn in_embedded(mut self, parent: Url) -> Self {
        Arc::make_mut(&mut self.inner).embedded_in = Some(parent);
        self
    }

    /// The document whose embedded resource failed to read, when the failure was in such a
    /// resource: then no request went to [`url`](Self::url), which is only that resource's
    /// `self`.
    ///
    /// # Examples
    ///
    /// ```
    /// fn was_requested(error: &hal_client::Error) -> bool {
    ///     error.embedded_in().is_none()
    /// }
    /// # let _ = was_requested;
    /// ```
    #[must_use]
    pub fn embedded_in(&self) -> Option<&Url> {
        self.inner.embedded_in.as_ref()
    }

    /// The same error, having followed `path` to get where it happened.
    pub(crate) fn with_path(mut self, path: Vec<String>) -> Self {
        Arc::make_mut(&mut self.inner).path = path;
        self
    }

    /// What went wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// fn missing_link(error: &hal_client::Error) -> bool {
    ///     matches!(error.kind(), hal_client::ErrorKind::NoSuchRelation { .. })
    /// }
    /// # let _ = missing_link;
    /// ```
    #[must_use]
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// The URL of the request that failed, when there was one.
    ///
    /// # Examples
    ///
    /// ```
    /// fn where_it_failed(error: &hal_client::Error) -> String {
    ///     error.url().map_or_else(|| "before any request".to_owned(), |url| url.to_string())
    /// }
    /// # let _ = where_it_failed;
    /// ```
    #[must_use]
    pub fn url(&self) -> Option<&Url> {
        self.inner.url.as_ref()
    }

    /// The relations followed from the root to where it failed.
    ///
    /// # Examples
    ///
    /// ```
    /// fn relations(error: &hal_client::Error) -> String {
    ///     error.path().join(" → ")
    /// }
    /// # let _ = relations;
    /// ```
    #[must_use]
    pub fn path(&self) -> &[String] {
        &self.inner.path
    }

    /// The response's status, when the server answered with an error status.
    ///
    /// # Examples
    ///
    /// ```
    /// fn gone(error: &hal_client::Error) -> bool {
    ///     error.status() == Some(reqwest::StatusCode::GONE)
    /// }
    /// # let _ = gone;
    /// ```
    #[must_use]
    pub fn status(&self) -> Option<StatusCode> {
        self.inner.status
    }

    /// The server's problem document, when the error response was one.
    ///
    /// # Examples
    ///
    /// ```
    /// fn detail(error: &hal_client::Error) -> Option<&str> {
    ///     error.problem()?.detail()
    /// }
    /// # let _ = detail;
    /// ```
    #[must_use]
    pub fn problem(&self) -> Option<&Problem> {
        self.inner.problem.as_ref()
    }

    /// The transport's error, when the request could not be made or its answer not read.
    fn http(&self) -> Option<&reqwest::Error> {
        self.inner.source.as_deref()?.downcast_ref()
    }

    /// Whether the server answered with an error status ([`status`](Self::status) says
    /// which, [`problem`](Self::problem) why).
    ///
    /// # Examples
    ///
    /// ```
    /// fn retry_later(error: &hal_client::Error) -> bool {
    ///     error.is_status() && error.status().is_some_and(|s| s.is_server_error())
    /// }
    /// # let _ = retry_later;
    /// ```
    #[must_use]
    pub fn is_status(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Status)
    }

    /// Whether the request or its answer took longer than the client's timeout.
    ///
    /// # Examples
    ///
    /// ```
    /// fn try_again(error: &hal_client::Error) -> bool {
    ///     error.is_timeout() || error.is_connect()
    /// }
    /// # let _ = try_again;
    /// ```
    #[must_use]
    pub fn is_timeout(&self) -> bool {
        self.http().is_some_and(reqwest::Error::is_timeout)
    }

    /// Whether no connection could be made to the server.
    ///
    /// # Examples
    ///
    /// ```
    /// fn server_down(error: &hal_client::Error) -> bool {
    ///     error.is_connect()
    /// }
    /// # let _ = server_down;
    /// ```
    #[must_use]
    pub fn is_connect(&self) -> bool {
        self.http().is_some_and(reqwest::Error::is_connect)
    }

    /// Whether the server redirected more often than the client follows.
    ///
    /// # Examples
    ///
    /// ```
    /// fn redirect_loop(error: &hal_client::Error) -> bool {
    ///     error.is_redirect()
    /// }
    /// # let _ = redirect_loop;
    /// ```
    #[must_use]
    pub fn is_redirect(&self) -> bool {
        self.http().is_some_and(reqwest::Error::is_redirect)
    }

    /// Whether the request could not be made or its answer not read (connection, TLS,
    /// timeout, redirects, a body cut off).
    ///
    /// # Examples
    ///
    /// ```
    /// fn transport(error: &hal_client::Error) -> bool {
    ///     error.is_http() && error.status().is_none()
    /// }
    /// # let _ = transport;
    /// ```
    #[must_use]
    pub fn is_http(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Http)
    }

    /// Whether the answer was not a HAL document of the expected shape;
    /// [`parse_error`](Self::parse_error) says where.
    ///
    /// # Examples
    ///
    /// ```
    /// fn shape(error: &hal_client::Error) -> bool {
    ///     error.is_parse() && error.parse_error().is_some()
    /// }
    /// # let _ = shape;
    /// ```
    #[must_use]
    pub fn is_parse(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Parse)
    }

    /// The parse error, naming the JSON path of what did not fit, when the answer was not a
    /// HAL document of the expected shape.
    ///
    /// # Examples
    ///
    /// ```
    /// fn where_(error: &hal_client::Error) -> Option<String> {
    ///     error.parse_error().map(|e| e.path().to_string())
    /// }
    /// # let _ = where_;
    /// ```
    #[must_use]
    pub fn parse_error(&self) -> Option<&ParseError> {
        self.inner.source.as_deref()?.downcast_ref()
    }

    /// Whether the client could not be built ([`ClientBuilder::build`](crate::ClientBuilder::build)).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_client::Client::builder().build().is_ok());
    /// ```
    #[must_use]
    pub fn is_builder(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Builder)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let this = &self.inner;
        if let Some(url) = &this.url {
            write!(f, "{url}")?;
            if !this.path.is_empty() {
                write!(f, " (root → {})", this.path.join(" → "))?;
            }
            if let Some(parent) = &this.embedded_in {
                write!(f, " (embedded in {parent}; not requested)")?;
            }
        } else {
            write!(f, "root")?;
            for rel in &this.path {
                write!(f, " → {rel}")?;
            }
        }
        f.write_str(": ")?;
        match &this.kind {
            ErrorKind::Http => match &this.source {
                Some(error) => write!(f, "{error}")?,
                None => f.write_str("the request failed")?,
            },
            ErrorKind::Builder => match &this.source {
                Some(error) => write!(f, "cannot build the HTTP client: {error}")?,
                None => f.write_str("cannot build the HTTP client")?,
            },
            ErrorKind::Status => match this.status {
                Some(status) => write!(f, "{status}")?,
                None => f.write_str("error status")?,
            },
            ErrorKind::NotHal { content_type } => match content_type {
                Some(t) => write!(f, "not a HAL document (Content-Type `{t}`)")?,
                None => f.write_str("not a HAL document (no Content-Type)")?,
            },
            ErrorKind::Parse => {
                f.write_str("not a HAL document of the expected shape")?;
                if let Some(error) = &this.source {
                    write!(f, ": {error}")?;
                }
            }
            ErrorKind::TooLarge { limit } => write!(f, "response larger than {limit} bytes")?,
            ErrorKind::NoSuchRelation { rel } => write!(f, "no `{rel}` link or embedded resource")?,
            ErrorKind::NoSuchName { rel, name } => write!(f, "no `{rel}` link named `{name}`")?,
            ErrorKind::MissingVariable { rel, variable } => {
                write!(f, "the `{rel}` link needs a value for `{variable}`")?;
            }
            ErrorKind::NotTemplated { rel } => {
                write!(
                    f,
                    "variables given for `{rel}`, whose link is not templated"
                )?;
            }
            ErrorKind::BadHref { href, reason } => write!(f, "bad href `{href}`: {reason}")?,
            ErrorKind::Body => {
                f.write_str("the request body does not serialize")?;
                if let Some(error) = &this.source {
                    write!(f, ": {error}")?;
                }
            }
            ErrorKind::NoLocation => f.write_str("created, but no `Location` names what")?,
            ErrorKind::Paging => match &this.source {
                Some(error) => write!(f, "{error}")?,
                None => f.write_str("walking the pages failed")?,
            },
            ErrorKind::NoSuchTemplate { name, available } => {
                write!(f, "no template `{name}`")?;
                if available.is_empty() {
                    f.write_str(" (the document offers none; was it asked for as HAL-FORMS?)")?;
                } else {
                    write!(f, " (it offers `{}`)", available.join("`, `"))?;
                }
            }
            ErrorKind::MissingProperty { template, property } => {
                write!(
                    f,
                    "template `{template}` requires `{property}`, which the body lacks"
                )?;
            }
            ErrorKind::BadMethod { method } => write!(f, "`{method}` is not an HTTP method")?,
            ErrorKind::UnsupportedContentType { content_type } => {
                write!(f, "cannot encode a body as `{content_type}`")?;
            }
            ErrorKind::FormEncoding { property, reason } => {
                write!(f, "cannot encode `{property}`: {reason}")?;
            }
            ErrorKind::Auth => match &this.source {
                Some(error) => write!(f, "no access token: {error}")?,
                None => f.write_str("no access token")?,
            },
        }
        if let Some(problem) = &this.problem {
            write!(f, " — {}", problem.title())?;
            if let Some(detail) = problem.detail() {
                write!(f, ": {detail}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        let source: &(dyn std::error::Error + 'static) = self.inner.source.as_deref()?;
        Some(source)
    }
}
