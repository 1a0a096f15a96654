//! One error for everything a client call can meet: where it happened (the URL and the
//! relations taken), the status, and the server's problem document when it sent one.

use std::fmt;

use hal_core::{ParseError, Problem};
use reqwest::StatusCode;
use url::Url;

/// Why a call failed, with where: the URL, the relations followed to get there, the status and
/// the server's problem document (RFC 9457) when it sent one.
///
/// # Examples
///
/// ```
/// use hal_client::{Error, ErrorKind};
///
/// let error = Error::new(ErrorKind::NoSuchRelation { rel: "cc:trips".into() })
///     .with_path(vec!["cc:vehicles".into()]);
/// assert_eq!(
///     error.to_string(),
///     "root → cc:vehicles: no `cc:trips` link or embedded resource"
/// );
/// ```
#[derive(Debug)]
pub struct Error {
    // Boxed: an error is rare and `Result<T, Error>` stays one word wider than `T`.
    inner: Box<Inner>,
}

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    url: Option<Url>,
    path: Vec<String>,
    status: Option<StatusCode>,
    problem: Option<Problem>,
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request could not be made or its response not read (connection, TLS, timeout,
    /// too many redirects).
    Http(reqwest::Error),
    /// The server answered with an error status.
    Status,
    /// The response is not JSON (HAL, JSON or a problem document).
    NotHal {
        /// Its `Content-Type`, if any.
        content_type: Option<String>,
    },
    /// The response is JSON but not a HAL document of the expected shape.
    Parse(ParseError),
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
    /// A request body that does not serialize.
    Body(serde_json::Error),
    /// A write was answered without the `Location` of what it created.
    NoLocation,
    /// Walking the pages of a collection failed (a `next` loop, too many pages).
    Paging(hal_paging::PagerError),
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
    ///
    /// # Examples
    ///
    /// ```
    /// let error = hal_client::Error::new(hal_client::ErrorKind::NoLocation);
    /// assert!(error.url().is_none());
    /// ```
    #[must_use]
    pub fn new(kind: ErrorKind) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                url: None,
                path: Vec::new(),
                status: None,
                problem: None,
            }),
        }
    }

    pub(crate) fn at(mut self, url: &Url) -> Self {
        self.inner.url = Some(url.clone());
        self
    }

    pub(crate) fn with_status(mut self, status: StatusCode, problem: Option<Problem>) -> Self {
        self.inner.status = Some(status);
        self.inner.problem = problem;
        self
    }

    /// The same error, having followed `path` to get where it happened.
    ///
    /// # Examples
    ///
    /// ```
    /// let error = hal_client::Error::new(hal_client::ErrorKind::NoLocation).with_path(vec!["item".into()]);
    /// assert_eq!(error.path(), ["item"]);
    /// ```
    #[must_use]
    pub fn with_path(mut self, path: Vec<String>) -> Self {
        self.inner.path = path;
        self
    }

    /// What went wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// let error = hal_client::Error::new(hal_client::ErrorKind::NoLocation);
    /// assert!(matches!(error.kind(), hal_client::ErrorKind::NoLocation));
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
    /// assert!(hal_client::Error::new(hal_client::ErrorKind::NoLocation).url().is_none());
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
    /// assert!(hal_client::Error::new(hal_client::ErrorKind::NoLocation).path().is_empty());
    /// ```
    #[must_use]
    pub fn path(&self) -> &[String] {
        &self.inner.path
    }

    /// The response's status, when the server answered.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_client::Error::new(hal_client::ErrorKind::NoLocation).status().is_none());
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
    /// assert!(hal_client::Error::new(hal_client::ErrorKind::NoLocation).problem().is_none());
    /// ```
    #[must_use]
    pub fn problem(&self) -> Option<&Problem> {
        self.inner.problem.as_ref()
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
        } else {
            write!(f, "root")?;
            for rel in &this.path {
                write!(f, " → {rel}")?;
            }
        }
        f.write_str(": ")?;
        match &this.kind {
            ErrorKind::Http(error) => write!(f, "{error}")?,
            ErrorKind::Status => match this.status {
                Some(status) => write!(f, "{status}")?,
                None => f.write_str("error status")?,
            },
            ErrorKind::NotHal { content_type } => match content_type {
                Some(t) => write!(f, "not a HAL document (Content-Type `{t}`)")?,
                None => f.write_str("not a HAL document (no Content-Type)")?,
            },
            ErrorKind::Parse(error) => {
                write!(f, "not a HAL document of the expected shape: {error}")?
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
            ErrorKind::Body(error) => write!(f, "the request body does not serialize: {error}")?,
            ErrorKind::NoLocation => f.write_str("created, but no `Location` names what")?,
            ErrorKind::Paging(error) => write!(f, "{error}")?,
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
        match &self.inner.kind {
            ErrorKind::Http(error) => Some(error),
            ErrorKind::Parse(error) => Some(error),
            ErrorKind::Paging(error) => Some(error),
            ErrorKind::Body(error) => Some(error),
            _ => None,
        }
    }
}
