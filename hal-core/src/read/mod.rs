//! Reading HAL documents: the one parse path that [`Resource`](crate::Resource) and derived
//! types share, with errors that name their JSON path, within [`Limits`] that protect a service
//! from hostile input.
//!
//! - [`from_str`], [`from_slice`], [`from_value`] read a document within [`Limits::DEFAULT`];
//!   [`Limits::parse_str`] and its siblings within others.
//! - [`ParseError`] names the JSON path (`$._embedded.orders[1]._links.self`) of the first
//!   problem; [`JsonPath`] is that path.
//! - [`FromHal`] is what can be read as a whole document, [`HalDeserialize`] what can be read
//!   as a resource at any depth (embedded, or an item of a page); both are implemented here and
//!   by `#[derive(HalResource)]`, never by hand.
//!
//! A resource object is read member by member, without buffering: the state goes to the type's
//! own `Deserialize`, while `_links` and `_embedded` are taken aside, each at most once, the
//! depth checked before `_embedded` is read.
//!
//! # Examples
//!
//! ```
//! use hal_core::read::Limits;
//!
//! let strict = Limits::DEFAULT.with_max_depth(1);
//! let nested = r#"{"_embedded":{"a":{"_embedded":{"b":{}}}}}"#;
//! let error = strict.parse_str::<hal_core::Resource>(nested).unwrap_err();
//! assert_eq!(error.path().to_string(), "$._embedded.a._embedded");
//! ```

pub(crate) mod de;
mod limits;
mod path;

use std::fmt;

pub use de::{HalDeserialize, ParseContext};
pub use limits::Limits;
pub use path::{JsonPath, PathSegment};

/// A type that can be read as a whole HAL document: [`Resource<T>`](crate::Resource) and
/// [`Hal<T>`](crate::Hal) for a derived `T`.
///
/// Sealed: the parse functions need to carry [`Limits`] through the whole document, which only
/// these types know how to do. A domain type becomes readable with `#[derive(HalResource)]` and
/// is read as `Hal<T>`.
///
/// # Examples
///
/// ```
/// fn parse<'de, R: hal_core::read::FromHal<'de>>(json: &'de str) -> Result<R, hal_core::ParseError> {
///     hal_core::from_str(json)
/// }
/// let resource: hal_core::Resource = parse("{}")?;
/// assert!(resource.links().is_empty());
/// # Ok::<(), hal_core::ParseError>(())
/// ```
pub trait FromHal<'de>: Sized + sealed::Sealed {
    /// Reads the document at the root of `context`.
    ///
    /// # Errors
    ///
    /// The deserializer's error for malformed input.
    #[doc(hidden)]
    fn from_hal<D: serde::Deserializer<'de>>(
        deserializer: D,
        context: ParseContext,
    ) -> Result<Self, D::Error>;
}

pub(crate) mod sealed {
    /// Implemented beside each [`FromHal`](super::FromHal) impl, only in this crate.
    pub trait Sealed {}
}

/// Parses a HAL document from text, as [`Resource`](crate::Resource) or any other [`FromHal`]
/// type.
///
/// Unlike `serde_json::from_str`, the error names the JSON path of the problem, and
/// [`Limits::DEFAULT`] apply.
///
/// # Errors
///
/// [`ParseError`]: the text is not JSON, or not a HAL document of the expected shape.
///
/// # Examples
///
/// ```
/// use hal_core::Resource;
///
/// let json = r#"{"_embedded":{"orders":[{},{"_links":{"self":{"title":"no href"}}}]}}"#;
/// let error = hal_core::from_str::<Resource>(json).unwrap_err();
/// assert_eq!(error.path().to_string(), "$._embedded.orders[1]._links.self");
/// assert_eq!(error.message(), "missing field `href`");
/// ```
pub fn from_str<'de, R: FromHal<'de>>(json: &'de str) -> Result<R, ParseError> {
    Limits::DEFAULT.parse_str(json)
}

/// Parses a HAL document from bytes; see [`from_str`].
///
/// # Errors
///
/// [`ParseError`]: the bytes are not UTF-8 JSON, or not a HAL document of the expected shape.
///
/// # Examples
///
/// ```
/// let error = hal_core::from_slice::<hal_core::Resource>(b"[1,2,3]").unwrap_err();
/// assert!(error.path().is_root());
/// ```
pub fn from_slice<'de, R: FromHal<'de>>(json: &'de [u8]) -> Result<R, ParseError> {
    Limits::DEFAULT.parse_slice(json)
}

/// Reads a HAL document from a JSON value; see [`from_str`].
///
/// # Errors
///
/// [`ParseError`]: the value is not a HAL document of the expected shape.
///
/// # Examples
///
/// ```
/// let value = serde_json::json!({"_links": {"self": "/a"}});
/// let error = hal_core::from_value::<hal_core::Resource>(&value).unwrap_err();
/// assert_eq!(error.path().to_string(), "$._links.self");
/// ```
pub fn from_value<'de, R: FromHal<'de>>(value: &'de serde_json::Value) -> Result<R, ParseError> {
    Limits::DEFAULT.parse_value(value)
}

/// What kind of problem a [`ParseError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The input is not JSON (or not UTF-8).
    Syntax,
    /// The input ended in the middle of a value.
    Eof,
    /// Valid JSON that is not a HAL document of the expected shape.
    Data,
    /// Reading the input failed.
    Io,
}

/// A document that could not be parsed, with the JSON path of the problem.
///
/// # Examples
///
/// ```
/// use hal_core::Resource;
/// use hal_core::read::ParseErrorKind;
///
/// let error = hal_core::from_str::<Resource>(r#"{"_links": []}"#).unwrap_err();
/// assert_eq!(error.kind(), ParseErrorKind::Data);
/// assert_eq!(error.path().to_string(), "$._links");
/// assert_eq!((error.line(), error.column()), (1, 11));
/// assert_eq!(
///     error.to_string(),
///     "$._links: invalid type: sequence, expected `_links` as an object whose members are relation types (H-20) (line 1, column 11)"
/// );
/// ```
#[derive(Debug)]
pub struct ParseError {
    path: JsonPath,
    message: String,
    kind: ParseErrorKind,
    line: usize,
    column: usize,
}

impl ParseError {
    /// A `serde_json` error with no path (writing a value, before any was read).
    pub(crate) fn from_json(error: serde_json::Error) -> Self {
        Self::new(serde_path_to_error::Track::new().path(), error)
    }

    pub(crate) fn new(path: serde_path_to_error::Path, error: serde_json::Error) -> Self {
        let (line, column) = (error.line(), error.column());
        let kind = match error.classify() {
            serde_json::error::Category::Syntax => ParseErrorKind::Syntax,
            serde_json::error::Category::Eof => ParseErrorKind::Eof,
            serde_json::error::Category::Data => ParseErrorKind::Data,
            serde_json::error::Category::Io => ParseErrorKind::Io,
        };
        let mut message = error.to_string();
        let position = format!(" at line {line} column {column}");
        if line > 0 && message.ends_with(&position) {
            message.truncate(message.len() - position.len());
        }
        let path = if kind == ParseErrorKind::Data {
            path.iter()
                .filter_map(|segment| match segment {
                    serde_path_to_error::Segment::Map { key } => {
                        Some(PathSegment::Key(key.clone()))
                    }
                    serde_path_to_error::Segment::Seq { index } => Some(PathSegment::Index(*index)),
                    serde_path_to_error::Segment::Enum { variant } => {
                        Some(PathSegment::Key(variant.clone()))
                    }
                    serde_path_to_error::Segment::Unknown => None,
                })
                .collect()
        } else {
            JsonPath::root()
        };
        Self {
            path,
            message,
            kind,
            line,
            column,
        }
    }

    /// Where the problem is. For syntax errors, where the document's structure could not be
    /// read, this is the root; see [`line`](Self::line) and [`column`](Self::column).
    ///
    /// # Examples
    ///
    /// ```
    /// let error = hal_core::from_str::<hal_core::Resource>(r#"{"_embedded":{"a":[1]}}"#).unwrap_err();
    /// assert_eq!(error.path().to_string(), "$._embedded.a[0]");
    /// ```
    #[must_use]
    pub fn path(&self) -> &JsonPath {
        &self.path
    }

    /// The problem, without its position.
    ///
    /// # Examples
    ///
    /// ```
    /// let error = hal_core::from_str::<hal_core::Resource>(r#"{"_links":{"self":{"href":1}}}"#).unwrap_err();
    /// assert_eq!(error.message(), "invalid type: integer `1`, expected a string");
    /// ```
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// What kind of problem this is.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::read::ParseErrorKind;
    ///
    /// let error = hal_core::from_str::<hal_core::Resource>("{").unwrap_err();
    /// assert_eq!(error.kind(), ParseErrorKind::Eof);
    /// ```
    #[must_use]
    pub fn kind(&self) -> ParseErrorKind {
        self.kind
    }

    /// The 1-based line where the problem was found (0 when parsing a [`serde_json::Value`]).
    ///
    /// # Examples
    ///
    /// ```
    /// let error = hal_core::from_str::<hal_core::Resource>("{\n  x").unwrap_err();
    /// assert_eq!(error.line(), 2);
    /// ```
    #[must_use]
    pub fn line(&self) -> usize {
        self.line
    }

    /// The 1-based column where the problem was found (0 when parsing a [`serde_json::Value`]).
    ///
    /// # Examples
    ///
    /// ```
    /// let error = hal_core::from_str::<hal_core::Resource>("{\n  x").unwrap_err();
    /// assert_eq!(error.column(), 3);
    /// ```
    #[must_use]
    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)?;
        if self.line > 0 {
            write!(f, " (line {}, column {})", self.line, self.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseError {}
