//! Paging configuration and page requests parsed from query strings.

use std::borrow::Cow;
use std::fmt;

use crate::query::{DecodeError, decode, raw_pairs};

/// How positional pages are addressed in query strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `?offset=20&limit=10`: the origin API's style.
    OffsetLimit,
    /// `?page=3&size=10`, with page numbers starting at `first_page` (0 or 1).
    PageSize {
        /// The number of the first page.
        first_page: u64,
    },
}

/// What to do with a limit above the maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverMaximum {
    /// Use the maximum instead.
    Clamp,
    /// Refuse the request.
    Reject,
}

/// Pages addressed by position: `?offset=20&limit=10` or `?page=3&size=10`. Their links come
/// from [`Paging::links`] and what is known of the total.
///
/// # Examples
///
/// ```
/// let paging: hal_paging::Paging<hal_paging::Offsets> = hal_paging::Paging::page_size(1);
/// assert_eq!(paging.offset_name(), "page");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offsets {
    style: Style,
    offset_name: Cow<'static, str>,
    /// Whether `indexRange`/`pageSize` are read too ([`Paging::with_index_range`]).
    index_range: bool,
}

/// The parameter of the index-range spelling that says which items: `START-` or `START-END`.
pub const INDEX_RANGE: &str = "indexRange";
/// The parameter of the index-range spelling that says how many items a page holds.
pub const PAGE_SIZE: &str = "pageSize";

/// Pages addressed by opaque tokens the service hands out: `?cursor=…&limit=10`. Their links
/// come from [`Paging::cursor_links`] and the tokens the service computed.
///
/// # Examples
///
/// ```
/// let paging: hal_paging::Paging<hal_paging::Cursors> = hal_paging::Paging::cursor();
/// assert_eq!(paging.cursor_name(), "cursor");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursors {
    cursor_name: Cow<'static, str>,
}

/// How a [`Paging`] addresses pages: [`Offsets`] or [`Cursors`]. Sealed: each kind has its own
/// link builder, so that a collection cannot be given links of the other kind.
pub trait Addressing: sealed::Sealed + fmt::Debug + Clone {
    /// The query parameter that carries the position, and how to read it.
    #[doc(hidden)]
    fn position(&self) -> Position<'_>;

    /// Whether the index-range spelling is read too.
    #[doc(hidden)]
    fn index_range(&self) -> bool {
        false
    }
}

/// The parameter that says where a page starts.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum Position<'a> {
    /// A 0-based item offset.
    Offset(&'a str),
    /// A page number counted from `first`.
    Page {
        /// The parameter's name.
        name: &'a str,
        /// The number of the first page.
        first: u64,
    },
    /// An opaque token.
    Cursor(&'a str),
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Offsets {}
    impl Sealed for super::Cursors {}
}

impl Addressing for Offsets {
    fn position(&self) -> Position<'_> {
        match self.style {
            Style::OffsetLimit => Position::Offset(&self.offset_name),
            Style::PageSize { first_page } => Position::Page {
                name: &self.offset_name,
                first: first_page,
            },
        }
    }

    fn index_range(&self) -> bool {
        self.index_range
    }
}

impl Addressing for Cursors {
    fn position(&self) -> Position<'_> {
        Position::Cursor(&self.cursor_name)
    }
}

/// A collection's paging rules: how pages are addressed ([`Offsets`] by default, or
/// [`Cursors`]), the parameter names, and the limits.
///
/// The addressing is part of the type, so a collection gets the links of its own kind:
/// [`links`](Paging::links) for offsets, [`cursor_links`](Paging::cursor_links) for cursors.
///
/// ```compile_fail
/// // Cursor paging cannot write offset links: they would all point at the same page.
/// let paging = hal_paging::Paging::cursor();
/// let request = paging.parse_query("")?;
/// let links = paging.links(&request, "/alerts", hal_paging::Total::Exact(10));
/// # Ok::<(), hal_paging::QueryError>(())
/// ```
///
/// # Examples
///
/// ```
/// use hal_paging::{OverMaximum, Paging};
///
/// let paging = Paging::offset_limit().with_default_limit(10).with_max_limit(100, OverMaximum::Reject);
/// let request = paging.parse_query("fleet=f1&offset=20&limit=10")?;
/// assert_eq!((request.offset(), request.limit()), (20, 10));
/// assert_eq!(request.other_parameters(), [("fleet".to_owned(), "f1".to_owned())]);
///
/// let error = paging.parse_query("limit=500").unwrap_err();
/// assert_eq!(error.to_string(), "`limit` must be at most 100 (got 500)");
/// # Ok::<(), hal_paging::QueryError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging<A: Addressing = Offsets> {
    addressing: A,
    limit_name: Cow<'static, str>,
    default_limit: u64,
    max_limit: u64,
    over_maximum: OverMaximum,
}

impl<A: Addressing> Paging<A> {
    fn with_addressing(addressing: A, limit_name: &'static str) -> Self {
        Self {
            addressing,
            limit_name: Cow::Borrowed(limit_name),
            default_limit: 10,
            max_limit: 100,
            over_maximum: OverMaximum::Clamp,
        }
    }
}

impl Paging {
    /// `?offset=N&limit=M`, default limit 10, maximum 100 (clamped).
    ///
    /// # Examples
    ///
    /// ```
    /// let request = hal_paging::Paging::offset_limit().parse_query("")?;
    /// assert_eq!((request.offset(), request.limit()), (0, 10));
    /// # Ok::<(), hal_paging::QueryError>(())
    /// ```
    #[must_use]
    pub fn offset_limit() -> Self {
        Self::with_addressing(
            Offsets {
                style: Style::OffsetLimit,
                offset_name: Cow::Borrowed("offset"),
                index_range: false,
            },
            "limit",
        )
    }

    /// `?page=N&size=M` with pages numbered from `first_page` (0 or 1 in practice).
    ///
    /// # Examples
    ///
    /// ```
    /// let paging = hal_paging::Paging::page_size(1);
    /// let request = paging.parse_query("page=3&size=20")?;
    /// assert_eq!((request.offset(), request.limit()), (40, 20));
    /// assert_eq!(paging.parse_query("page=0").unwrap_err().to_string(), "`page` starts at 1 (got 0)");
    /// # Ok::<(), hal_paging::QueryError>(())
    /// ```
    #[must_use]
    pub fn page_size(first_page: u64) -> Self {
        Self::with_addressing(
            Offsets {
                style: Style::PageSize { first_page },
                offset_name: Cow::Borrowed("page"),
                index_range: false,
            },
            "size",
        )
    }

    /// Names the position parameter (`offset`, or `page` for page/size paging).
    ///
    /// # Examples
    ///
    /// ```
    /// let paging = hal_paging::Paging::offset_limit().with_offset_name("start");
    /// assert_eq!(paging.parse_query("start=5")?.offset(), 5);
    /// # Ok::<(), hal_paging::QueryError>(())
    /// ```
    #[must_use]
    pub fn with_offset_name(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.addressing.offset_name = name.into();
        self
    }

    /// Also reads pages spelt as the connected-car origin API spells them:
    /// `indexRange=START-` or `indexRange=START-END` (0-based item indexes, `END` included)
    /// with `pageSize=N`. A request uses one spelling or the other, and its links keep the
    /// one it used; `END` bounds the collection, so the page that reaches it is the last.
    /// `pageSize` has the limit's default and maximum.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_paging::{Paging, Total};
    ///
    /// let paging = Paging::offset_limit().with_index_range();
    /// let request = paging.parse_query("indexRange=20-44&pageSize=10")?;
    /// assert_eq!((request.offset(), request.limit(), request.index_range_end()), (20, 10, Some(44)));
    /// let links = paging.links(&request, "/trips", Total::Exact(100));
    /// assert_eq!(links.next(), Some("/trips?indexRange=30-44&pageSize=10"));
    /// assert_eq!(links.last(), Some("/trips?indexRange=40-44&pageSize=10"));
    ///
    /// // The page that reaches the end holds only what is left of the range.
    /// assert_eq!(paging.parse_query("indexRange=40-44&pageSize=10")?.limit(), 5);
    /// // The other spelling still works, with its own links.
    /// let request = paging.parse_query("offset=20&limit=10")?;
    /// assert_eq!(paging.links(&request, "/trips", Total::Exact(100)).next(), Some("/trips?offset=30&limit=10"));
    /// assert_eq!(
    ///     paging.parse_query("offset=0&pageSize=5").unwrap_err().to_string(),
    ///     "`pageSize` cannot be combined with `offset`"
    /// );
    /// # Ok::<(), hal_paging::QueryError>(())
    /// ```
    #[must_use]
    pub fn with_index_range(mut self) -> Self {
        self.addressing.index_range = true;
        self
    }

    /// The style.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_paging::{Paging, Style};
    ///
    /// assert_eq!(Paging::offset_limit().style(), Style::OffsetLimit);
    /// ```
    #[must_use]
    pub fn style(&self) -> Style {
        self.addressing.style
    }

    /// The position parameter's name.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_paging::Paging::page_size(0).offset_name(), "page");
    /// ```
    #[must_use]
    pub fn offset_name(&self) -> &str {
        &self.addressing.offset_name
    }
}

impl Paging<Cursors> {
    /// `?cursor=TOKEN&limit=M`, with tokens the service makes; default limit 10, maximum 100
    /// (clamped).
    ///
    /// # Examples
    ///
    /// ```
    /// let request = hal_paging::Paging::cursor().parse_query("cursor=abc&limit=5")?;
    /// assert_eq!(request.cursor(), Some("abc"));
    /// # Ok::<(), hal_paging::QueryError>(())
    /// ```
    #[must_use]
    pub fn cursor() -> Self {
        Self::with_addressing(
            Cursors {
                cursor_name: Cow::Borrowed("cursor"),
            },
            "limit",
        )
    }

    /// Names the cursor parameter.
    ///
    /// # Examples
    ///
    /// ```
    /// let paging = hal_paging::Paging::cursor().with_cursor_name("after");
    /// assert_eq!(paging.parse_query("after=x")?.cursor(), Some("x"));
    /// # Ok::<(), hal_paging::QueryError>(())
    /// ```
    #[must_use]
    pub fn with_cursor_name(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.addressing.cursor_name = name.into();
        self
    }

    /// The cursor parameter's name.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_paging::Paging::cursor().cursor_name(), "cursor");
    /// ```
    #[must_use]
    pub fn cursor_name(&self) -> &str {
        &self.addressing.cursor_name
    }
}

impl<A: Addressing> Paging<A> {
    /// Names the page-length parameter (`limit`, or `size` for page/size paging).
    ///
    /// # Examples
    ///
    /// ```
    /// let paging = hal_paging::Paging::offset_limit().with_limit_name("count");
    /// assert_eq!(paging.parse_query("count=5")?.limit(), 5);
    /// # Ok::<(), hal_paging::QueryError>(())
    /// ```
    #[must_use]
    pub fn with_limit_name(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.limit_name = name.into();
        self
    }

    /// The limit when the query has none (at least 1; 0 is taken as 1).
    ///
    /// # Examples
    ///
    /// ```
    /// let paging = hal_paging::Paging::offset_limit().with_default_limit(25);
    /// assert_eq!(paging.parse_query("offset=0")?.limit(), 25);
    /// # Ok::<(), hal_paging::QueryError>(())
    /// ```
    #[must_use]
    pub fn with_default_limit(mut self, limit: u64) -> Self {
        self.default_limit = limit.max(1);
        self
    }

    /// The largest limit, and whether a larger one is clamped or rejected.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_paging::{OverMaximum, Paging};
    ///
    /// let clamped = Paging::offset_limit().with_max_limit(50, OverMaximum::Clamp);
    /// assert_eq!(clamped.parse_query("limit=500")?.limit(), 50);
    /// # Ok::<(), hal_paging::QueryError>(())
    /// ```
    #[must_use]
    pub fn with_max_limit(mut self, max: u64, over_maximum: OverMaximum) -> Self {
        self.max_limit = max.max(1);
        self.default_limit = self.default_limit.min(self.max_limit);
        self.over_maximum = over_maximum;
        self
    }

    /// How pages are addressed.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_paging::Paging::cursor().addressing().clone(), hal_paging::Paging::cursor().addressing().clone());
    /// ```
    #[must_use]
    pub fn addressing(&self) -> &A {
        &self.addressing
    }

    /// The page-length parameter's name.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_paging::Paging::page_size(0).limit_name(), "size");
    /// ```
    #[must_use]
    pub fn limit_name(&self) -> &str {
        &self.limit_name
    }

    /// The default limit.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_paging::Paging::offset_limit().default_limit(), 10);
    /// ```
    #[must_use]
    pub fn default_limit(&self) -> u64 {
        self.default_limit
    }

    /// The maximum limit.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_paging::Paging::offset_limit().max_limit(), 100);
    /// ```
    #[must_use]
    pub fn max_limit(&self) -> u64 {
        self.max_limit
    }

    /// Reads a page request from a query string (with or without its leading `?`). Parameters
    /// other than the paging ones are kept, decoded and in order, for the links.
    ///
    /// # Errors
    ///
    /// [`QueryError`] naming the parameter: not a number, negative, a zero limit, above the
    /// maximum (when rejected), given twice, too large for 64 bits, bad percent-encoding, a page
    /// below the first.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_paging::{Paging, QueryErrorKind};
    ///
    /// let paging = Paging::offset_limit();
    /// let error = paging.parse_query("offset=1&offset=2").unwrap_err();
    /// assert_eq!((error.parameter(), error.kind()), ("offset", &QueryErrorKind::Duplicate));
    /// assert_eq!(paging.parse_query("offset=-3").unwrap_err().to_string(), "`offset` must not be negative (got -3)");
    /// assert_eq!(paging.parse_query("offset=ten").unwrap_err().to_string(), "`offset` must be a whole number (got \"ten\")");
    /// assert_eq!(paging.parse_query("limit=0").unwrap_err().to_string(), "`limit` must be at least 1");
    /// assert_eq!(paging.parse_query("q=%zz").unwrap_err().to_string(), "`q` is not correctly percent-encoded");
    /// ```
    pub fn parse_query(&self, query: &str) -> Result<PageRequest, QueryError> {
        let position_rule = self.addressing.position();
        let (position_name, is_cursor) = match position_rule {
            Position::Offset(name) | Position::Page { name, .. } => (name, false),
            Position::Cursor(name) => (name, true),
        };
        let index_range = self.addressing.index_range();
        let mut position: Option<u64> = None;
        let mut limit: Option<u64> = None;
        let mut cursor: Option<String> = None;
        let mut range: Option<(u64, Option<u64>)> = None;
        let mut page_size: Option<u64> = None;
        let mut others = Vec::new();
        for (raw_name, raw_value) in raw_pairs(query) {
            let name = decode(raw_name).map_err(|e| QueryError::decode(raw_name, &e))?;
            let value = decode(raw_value).map_err(|e| QueryError::decode(&name, &e))?;
            if name == position_name && is_cursor {
                set_once(&mut cursor, value, &name)?;
            } else if name == position_name {
                set_once(&mut position, number(&name, &value)?, &name)?;
            } else if name == *self.limit_name {
                set_once(&mut limit, number(&name, &value)?, &name)?;
            } else if index_range && name == INDEX_RANGE {
                set_once(&mut range, index_range_value(&value)?, &name)?;
            } else if index_range && name == PAGE_SIZE {
                set_once(&mut page_size, number(&name, &value)?, &name)?;
            } else {
                others.push((name, value));
            }
        }
        if range.is_some() || page_size.is_some() {
            let theirs = if range.is_some() {
                INDEX_RANGE
            } else {
                PAGE_SIZE
            };
            let ours = match (position, limit) {
                (Some(_), _) => Some(position_name),
                (None, Some(_)) => Some(&*self.limit_name),
                (None, None) => None,
            };
            if let Some(ours) = ours {
                return Err(QueryError::new(
                    theirs,
                    QueryErrorKind::Mixed {
                        with: ours.to_owned(),
                    },
                ));
            }
            let size = self.checked_limit(PAGE_SIZE, page_size)?;
            let (start, end) = range.unwrap_or((0, None));
            // The page holds what is left of the range, at most a page.
            let left = end.map_or(u64::MAX, |end| (end - start).saturating_add(1));
            return Ok(PageRequest {
                offset: start,
                limit: size.min(left),
                page_size: size,
                range_end: Some(end),
                cursor: None,
                others,
            });
        }
        let limit = self.checked_limit(&self.limit_name, limit)?;
        let offset = match position_rule {
            Position::Offset(_) | Position::Cursor(_) => position.unwrap_or(0),
            Position::Page { name, first } => {
                let page = position.unwrap_or(first);
                let index = page.checked_sub(first).ok_or_else(|| {
                    QueryError::new(name, QueryErrorKind::BelowFirstPage { first, value: page })
                })?;
                index.checked_mul(limit).ok_or_else(|| {
                    QueryError::new(
                        name,
                        QueryErrorKind::Overflow {
                            value: page.to_string(),
                        },
                    )
                })?
            }
        };
        Ok(PageRequest {
            offset,
            limit,
            page_size: limit,
            range_end: None,
            cursor,
            others,
        })
    }

    /// A page length as given under `name`, with the default, the maximum and its rule.
    fn checked_limit(&self, name: &str, given: Option<u64>) -> Result<u64, QueryError> {
        Ok(match given {
            None => self.default_limit,
            Some(0) => return Err(QueryError::new(name, QueryErrorKind::Zero)),
            Some(n) if n > self.max_limit => match self.over_maximum {
                OverMaximum::Clamp => self.max_limit,
                OverMaximum::Reject => {
                    return Err(QueryError::new(
                        name,
                        QueryErrorKind::AboveMaximum {
                            value: n,
                            maximum: self.max_limit,
                        },
                    ));
                }
            },
            Some(n) => n,
        })
    }

    /// Reads `query` as [`parse_query`](Self::parse_query) does, accepting besides the paging
    /// parameters only those named in `parameters`, each at most once. A collection's links
    /// then carry only parameters it understands, so a client cannot make them (and the
    /// response) grow with parameters of its own.
    ///
    /// # Errors
    ///
    /// As [`parse_query`](Self::parse_query), and [`QueryErrorKind::Unknown`] for a parameter
    /// not named, [`QueryErrorKind::Duplicate`] for one given twice.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_paging::{Paging, QueryErrorKind};
    ///
    /// let paging = Paging::offset_limit();
    /// let request = paging.parse_query_with("brand=DS&limit=5", &["brand"]).unwrap();
    /// assert_eq!(request.parameter("brand"), Some("DS"));
    ///
    /// let error = paging.parse_query_with("brand=DS&brand=Peugeot", &["brand"]).unwrap_err();
    /// assert_eq!((error.parameter(), error.kind()), ("brand", &QueryErrorKind::Duplicate));
    /// let error = paging.parse_query_with("colour=red", &["brand"]).unwrap_err();
    /// assert_eq!((error.parameter(), error.kind()), ("colour", &QueryErrorKind::Unknown));
    /// assert_eq!(error.to_string(), "`colour` is not a parameter of this resource");
    /// ```
    pub fn parse_query_with(
        &self,
        query: &str,
        parameters: &[&str],
    ) -> Result<PageRequest, QueryError> {
        let request = self.parse_query(query)?;
        for (index, (name, _)) in request.others.iter().enumerate() {
            if !parameters.contains(&name.as_str()) {
                return Err(QueryError::new(name, QueryErrorKind::Unknown));
            }
            if request.others[..index].iter().any(|(seen, _)| seen == name) {
                return Err(QueryError::new(name, QueryErrorKind::Duplicate));
            }
        }
        Ok(request)
    }
}

fn set_once<T>(slot: &mut Option<T>, value: T, name: &str) -> Result<(), QueryError> {
    if slot.is_some() {
        return Err(QueryError::new(name, QueryErrorKind::Duplicate));
    }
    *slot = Some(value);
    Ok(())
}

/// `START-` or `START-END`, `START` at most `END`.
fn index_range_value(value: &str) -> Result<(u64, Option<u64>), QueryError> {
    let bad = || {
        QueryError::new(
            INDEX_RANGE,
            QueryErrorKind::BadRange {
                value: value.to_owned(),
            },
        )
    };
    let (start, end) = value.split_once('-').ok_or_else(bad)?;
    let start = number(INDEX_RANGE, start).map_err(|_| bad())?;
    if end.is_empty() {
        return Ok((start, None));
    }
    let end = number(INDEX_RANGE, end).map_err(|_| bad())?;
    if end < start {
        return Err(bad());
    }
    Ok((start, Some(end)))
}

fn number(name: &str, value: &str) -> Result<u64, QueryError> {
    let digits = value.strip_prefix('-').unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(QueryError::new(
            name,
            QueryErrorKind::NotANumber {
                value: value.to_owned(),
            },
        ));
    }
    if value.starts_with('-') {
        // `-0` is zero written oddly, not a negative number.
        if digits.bytes().all(|b| b == b'0') {
            return Ok(0);
        }
        return Err(QueryError::new(
            name,
            QueryErrorKind::Negative {
                value: value.to_owned(),
            },
        ));
    }
    digits.parse().map_err(|_| {
        QueryError::new(
            name,
            QueryErrorKind::Overflow {
                value: value.to_owned(),
            },
        )
    })
}

/// A requested page: where it starts, how long it is, and the query's other parameters.
///
/// For page/size paging the offset is the page's first index (`(page - first_page) * size`).
///
/// # Examples
///
/// ```
/// use hal_paging::PageRequest;
///
/// let request = PageRequest::new(20, 10).with_parameter("fleet", "f1");
/// assert_eq!(request.offset(), 20);
/// assert_eq!(request.other_parameters()[0].0, "fleet");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    offset: u64,
    /// At most `page_size`: less on the page that reaches an index range's end.
    limit: u64,
    page_size: u64,
    /// `Some` for a request spelt `indexRange`/`pageSize`, with the range's end if it has one.
    range_end: Option<Option<u64>>,
    cursor: Option<String>,
    others: Vec<(String, String)>,
}

impl PageRequest {
    /// A request for `limit` items from `offset` (a `limit` of 0 is taken as 1).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_paging::PageRequest::new(0, 0).limit(), 1);
    /// ```
    #[must_use]
    pub fn new(offset: u64, limit: u64) -> Self {
        Self {
            offset,
            limit: limit.max(1),
            page_size: limit.max(1),
            range_end: None,
            cursor: None,
            others: Vec::new(),
        }
    }

    /// The same page spelt `indexRange=OFFSET-[END]&pageSize=LIMIT` (see
    /// [`Paging::with_index_range`]); `end` (included) bounds the collection. An `end` before
    /// the offset is taken as the offset.
    ///
    /// # Examples
    ///
    /// ```
    /// let request = hal_paging::PageRequest::new(40, 10).with_index_range(Some(44));
    /// assert_eq!((request.limit(), request.page_size()), (5, 10));
    /// assert!(request.uses_index_range());
    /// ```
    #[must_use]
    pub fn with_index_range(mut self, end: Option<u64>) -> Self {
        let end = end.map(|end| end.max(self.offset));
        let left = end.map_or(u64::MAX, |end| (end - self.offset).saturating_add(1));
        self.limit = self.page_size.min(left);
        self.range_end = Some(end);
        self
    }

    /// Adds a parameter to keep in every link (a filter, say).
    ///
    /// # Examples
    ///
    /// ```
    /// let request = hal_paging::PageRequest::new(0, 10).with_parameter("status", "open");
    /// assert_eq!(request.other_parameters().len(), 1);
    /// ```
    #[must_use]
    pub fn with_parameter(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.others.push((name.into(), value.into()));
        self
    }

    /// With a cursor token (cursor paging).
    ///
    /// # Examples
    ///
    /// ```
    /// let request = hal_paging::PageRequest::new(0, 10).with_cursor("abc");
    /// assert_eq!(request.cursor(), Some("abc"));
    /// ```
    #[must_use]
    pub fn with_cursor(mut self, cursor: impl Into<String>) -> Self {
        self.cursor = Some(cursor.into());
        self
    }

    /// The index of the page's first item.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_paging::PageRequest::new(30, 10).offset(), 30);
    /// ```
    #[must_use]
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// How many items the page holds at most: the page size, or less on the page that
    /// reaches an index range's end.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_paging::PageRequest::new(30, 10).limit(), 10);
    /// ```
    #[must_use]
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// The distance between pages, as the request gave it (`limit`, `size` or `pageSize`).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_paging::PageRequest::new(30, 10).page_size(), 10);
    /// ```
    #[must_use]
    pub fn page_size(&self) -> u64 {
        self.page_size
    }

    /// Whether the request was spelt `indexRange`/`pageSize` (see
    /// [`Paging::with_index_range`]); its links are spelt so too.
    ///
    /// # Examples
    ///
    /// ```
    /// let paging = hal_paging::Paging::offset_limit().with_index_range();
    /// assert!(paging.parse_query("pageSize=5")?.uses_index_range());
    /// assert!(!paging.parse_query("limit=5")?.uses_index_range());
    /// # Ok::<(), hal_paging::QueryError>(())
    /// ```
    #[must_use]
    pub fn uses_index_range(&self) -> bool {
        self.range_end.is_some()
    }

    /// The end (included) of the request's `indexRange`, if it gave one.
    ///
    /// # Examples
    ///
    /// ```
    /// let paging = hal_paging::Paging::offset_limit().with_index_range();
    /// assert_eq!(paging.parse_query("indexRange=0-9")?.index_range_end(), Some(9));
    /// assert_eq!(paging.parse_query("indexRange=0-")?.index_range_end(), None);
    /// # Ok::<(), hal_paging::QueryError>(())
    /// ```
    #[must_use]
    pub fn index_range_end(&self) -> Option<u64> {
        self.range_end.flatten()
    }

    /// The cursor token, for cursor paging.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_paging::PageRequest::new(0, 10).cursor(), None);
    /// ```
    #[must_use]
    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }

    /// The query's other parameters, decoded, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// let request = hal_paging::Paging::offset_limit().parse_query("q=a+b&offset=0")?;
    /// assert_eq!(request.other_parameters(), [("q".to_owned(), "a b".to_owned())]);
    /// # Ok::<(), hal_paging::QueryError>(())
    /// ```
    #[must_use]
    pub fn other_parameters(&self) -> &[(String, String)] {
        &self.others
    }

    /// The value of another parameter (the first, if it repeats).
    ///
    /// # Examples
    ///
    /// ```
    /// let request = hal_paging::Paging::offset_limit().parse_query("fleet=f2")?;
    /// assert_eq!(request.parameter("fleet"), Some("f2"));
    /// # Ok::<(), hal_paging::QueryError>(())
    /// ```
    #[must_use]
    pub fn parameter(&self, name: &str) -> Option<&str> {
        self.others
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What is wrong with a paging parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum QueryErrorKind {
    /// Not a whole number.
    NotANumber {
        /// The value as given.
        value: String,
    },
    /// A negative number.
    Negative {
        /// The value as given.
        value: String,
    },
    /// A limit of zero.
    Zero,
    /// A limit above the maximum.
    AboveMaximum {
        /// The value as given.
        value: u64,
        /// The maximum.
        maximum: u64,
    },
    /// The parameter appears more than once.
    Duplicate,
    /// Too large to count with (more than 64 bits, or a page whose offset would be).
    Overflow {
        /// The value as given.
        value: String,
    },
    /// A `%` not followed by two hexadecimal digits, or bytes that are not UTF-8.
    BadEncoding,
    /// A parameter the resource does not understand (see [`Paging::parse_query_with`]).
    Unknown,
    /// A page number below the first page.
    BelowFirstPage {
        /// The first page's number.
        first: u64,
        /// The value as given.
        value: u64,
    },
    /// One spelling of a page mixed with the other (`pageSize` with `offset`).
    Mixed {
        /// The parameter of the other spelling.
        with: String,
    },
    /// An `indexRange` that is not `START-` or `START-END` with `START` at most `END`.
    BadRange {
        /// The value as given.
        value: String,
    },
}

/// A query parameter that cannot be read, named so that a 400 response can say which.
///
/// # Examples
///
/// ```
/// let error = hal_paging::Paging::offset_limit().parse_query("limit=99999999999999999999").unwrap_err();
/// assert_eq!(error.parameter(), "limit");
/// assert_eq!(error.to_string(), "`limit` is too large (got 99999999999999999999)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    parameter: String,
    kind: QueryErrorKind,
}

impl QueryError {
    fn new(parameter: &str, kind: QueryErrorKind) -> Self {
        Self {
            parameter: parameter.to_owned(),
            kind,
        }
    }

    fn decode(parameter: &str, _error: &DecodeError) -> Self {
        Self::new(parameter, QueryErrorKind::BadEncoding)
    }

    /// The parameter's name (as written, when the name itself cannot be decoded).
    ///
    /// # Examples
    ///
    /// ```
    /// let error = hal_paging::Paging::offset_limit().parse_query("offset=x").unwrap_err();
    /// assert_eq!(error.parameter(), "offset");
    /// ```
    #[must_use]
    pub fn parameter(&self) -> &str {
        &self.parameter
    }

    /// What is wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_paging::QueryErrorKind;
    ///
    /// let error = hal_paging::Paging::offset_limit().parse_query("limit=0").unwrap_err();
    /// assert_eq!(error.kind(), &QueryErrorKind::Zero);
    /// ```
    #[must_use]
    pub fn kind(&self) -> &QueryErrorKind {
        &self.kind
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.parameter;
        match &self.kind {
            QueryErrorKind::NotANumber { value } => {
                write!(f, "`{name}` must be a whole number (got {value:?})")
            }
            QueryErrorKind::Negative { value } => {
                write!(f, "`{name}` must not be negative (got {value})")
            }
            QueryErrorKind::Zero => write!(f, "`{name}` must be at least 1"),
            QueryErrorKind::AboveMaximum { value, maximum } => {
                write!(f, "`{name}` must be at most {maximum} (got {value})")
            }
            QueryErrorKind::Duplicate => write!(f, "`{name}` must be given only once"),
            QueryErrorKind::Overflow { value } => write!(f, "`{name}` is too large (got {value})"),
            QueryErrorKind::BadEncoding => write!(f, "`{name}` is not correctly percent-encoded"),
            QueryErrorKind::Unknown => write!(f, "`{name}` is not a parameter of this resource"),
            QueryErrorKind::BelowFirstPage { first, value } => {
                write!(f, "`{name}` starts at {first} (got {value})")
            }
            QueryErrorKind::Mixed { with } => {
                write!(f, "`{name}` cannot be combined with `{with}`")
            }
            QueryErrorKind::BadRange { value } => write!(
                f,
                "`{name}` must be `START-` or `START-END`, START at most END (got {value:?})"
            ),
        }
    }
}

impl std::error::Error for QueryError {}
