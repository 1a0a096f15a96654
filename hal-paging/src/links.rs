//! `self`, `first`, `prev`, `next` and `last` links for a page, as HAL links or an RFC 8288
//! `Link` header.

use std::fmt::Write as _;

use hal_core::template::uri::encode_uri_reference;
use hal_core::{Link, Links, Rel};

use crate::query::push_pair;
use crate::request::{Addressing, Cursors, INDEX_RANGE, PAGE_SIZE, PageRequest, Paging, Position};

/// What is known of the collection's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// The exact number of items (after filters).
    Exact(u64),
    /// Only whether items follow this page.
    HasMore(bool),
    /// Nothing: `next` is always given, since more items may follow, and there is no `last`.
    /// Prefer [`Total::HasMore`] when the service can tell (fetch one item more than the limit).
    Unknown,
}

/// The paging links of one page, as hrefs.
///
/// Every link carries the limit and every other parameter of the request, so each parses back
/// into exactly the request it stands for. (The origin API's example leaves `limit` out of
/// `first` and `prev`; then a client that asked for another limit would get the default one.)
///
/// # Examples
///
/// ```
/// use hal_paging::{Paging, Total};
///
/// let paging = Paging::offset_limit();
/// let request = paging.parse_query("offset=10&limit=10")?;
/// let links = paging.links(&request, "/connectedcar/v2/trips", Total::Exact(100));
/// assert_eq!(links.self_href(), "/connectedcar/v2/trips?offset=10&limit=10");
/// assert_eq!(links.first(), Some("/connectedcar/v2/trips?offset=0&limit=10"));
/// assert_eq!(links.prev(), Some("/connectedcar/v2/trips?offset=0&limit=10"));
/// assert_eq!(links.next(), Some("/connectedcar/v2/trips?offset=20&limit=10"));
/// assert_eq!(links.last(), Some("/connectedcar/v2/trips?offset=90&limit=10"));
/// # Ok::<(), hal_paging::QueryError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLinks {
    self_href: String,
    first: Option<String>,
    prev: Option<String>,
    next: Option<String>,
    last: Option<String>,
}

/// The tokens of the pages around a cursor page, as the service computed them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CursorPage {
    /// The token of the next page, when there is one.
    pub next: Option<String>,
    /// The token of the previous page, when there is one.
    pub prev: Option<String>,
}

impl Paging {
    /// The links of the page `request` asks for, in the collection at `base` (an absolute URL
    /// or a relative reference, without a query).
    ///
    /// No `prev` on the first page, no `next` past the end, no `last` without an exact total.
    /// A page that starts past the end has `prev` pointing at the last page. Offsets that would
    /// overflow 64 bits end the collection.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_paging::{Paging, Total};
    ///
    /// let paging = Paging::offset_limit();
    /// let past_end = paging.parse_query("offset=500&limit=10")?;
    /// let links = paging.links(&past_end, "/trips", Total::Exact(95));
    /// assert_eq!(links.next(), None);
    /// assert_eq!(links.prev(), Some("/trips?offset=90&limit=10"));
    /// # Ok::<(), hal_paging::QueryError>(())
    /// ```
    #[must_use]
    pub fn links(&self, request: &PageRequest, base: &str, total: Total) -> PageLinks {
        let (offset, step) = (request.offset(), request.page_size());
        let at = |offset: u64| {
            let position = match self.addressing().position() {
                _ if request.uses_index_range() => offset,
                Position::Page { first, .. } => {
                    // Offsets from this crate are multiples of the size; the sum cannot pass
                    // `u64::MAX` because `offset / step` is at most `u64::MAX / step`.
                    (offset / step).saturating_add(first)
                }
                Position::Offset(_) | Position::Cursor(_) => offset,
            };
            href(self, request, base, Some(&position.to_string()))
        };
        // An index range's end bounds the collection like its total does.
        let bound = request.index_range_end().map(|end| end.saturating_add(1));
        let total = match (total, bound) {
            (Total::Exact(n), Some(bound)) => Total::Exact(n.min(bound)),
            (total, _) => total,
        };
        let last_offset = match total {
            Total::Exact(0) => Some(0),
            Total::Exact(n) => Some((n - 1) / step * step),
            Total::HasMore(_) | Total::Unknown => None,
        };
        let next_offset = offset.checked_add(step).filter(|next| {
            bound.is_none_or(|bound| *next < bound)
                && match total {
                    Total::Exact(n) => *next < n,
                    Total::HasMore(more) => more,
                    Total::Unknown => true,
                }
        });
        let prev_offset = (offset > 0).then(|| match last_offset {
            Some(last) if offset > last => last,
            _ => offset.saturating_sub(step),
        });
        PageLinks {
            self_href: at(offset),
            first: Some(at(0)),
            prev: prev_offset.map(at),
            next: next_offset.map(at),
            last: last_offset.map(at),
        }
    }
}

impl Paging<Cursors> {
    /// The links of a cursor page: `self` with the request's cursor, `first` without one, and
    /// `next`/`prev` with the tokens the service computed. There is no `last`.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_paging::{CursorPage, Paging};
    ///
    /// let paging = Paging::cursor();
    /// let request = paging.parse_query("cursor=b&limit=2")?;
    /// let links = paging.cursor_links(&request, "/alerts", &CursorPage { next: Some("c".into()), prev: Some("a".into()) });
    /// assert_eq!(links.self_href(), "/alerts?cursor=b&limit=2");
    /// assert_eq!(links.first(), Some("/alerts?limit=2"));
    /// assert_eq!(links.next(), Some("/alerts?cursor=c&limit=2"));
    /// assert_eq!(links.last(), None);
    /// # Ok::<(), hal_paging::QueryError>(())
    /// ```
    ///
    /// Offset paging has no cursors to link with:
    ///
    /// ```compile_fail
    /// let paging = hal_paging::Paging::offset_limit();
    /// let request = paging.parse_query("")?;
    /// let links = paging.cursor_links(&request, "/trips", &hal_paging::CursorPage::default());
    /// # Ok::<(), hal_paging::QueryError>(())
    /// ```
    #[must_use]
    pub fn cursor_links(&self, request: &PageRequest, base: &str, page: &CursorPage) -> PageLinks {
        let at = |cursor: Option<&str>| href(self, request, base, cursor);
        PageLinks {
            self_href: at(request.cursor()),
            first: Some(at(None)),
            prev: page.prev.as_deref().map(|c| at(Some(c))),
            next: page.next.as_deref().map(|c| at(Some(c))),
            last: None,
        }
    }
}

/// `base?others&position&limit`, the position written under its parameter's name.
fn href<A: Addressing>(
    paging: &Paging<A>,
    request: &PageRequest,
    base: &str,
    position: Option<&str>,
) -> String {
    let mut query = String::new();
    for (name, value) in request.other_parameters() {
        push_pair(&mut query, name, value);
    }
    // The position in the request's spelling, then the page's length under that spelling's name.
    let length_name = if request.uses_index_range() {
        let start = position.unwrap_or("0");
        let end = request
            .index_range_end()
            .map_or_else(String::new, |end| end.to_string());
        push_pair(&mut query, INDEX_RANGE, &format!("{start}-{end}"));
        PAGE_SIZE
    } else {
        if let Some(position) = position {
            let name = match paging.addressing().position() {
                Position::Offset(name) | Position::Page { name, .. } | Position::Cursor(name) => {
                    name
                }
            };
            push_pair(&mut query, name, position);
        }
        paging.limit_name()
    };
    push_pair(&mut query, length_name, &request.page_size().to_string());
    let separator = if base.contains('?') { '&' } else { '?' };
    format!("{base}{separator}{query}")
}

impl PageLinks {
    /// The current page (a concrete URL, never a template).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_paging::{PageRequest, Paging, Total};
    ///
    /// let links = Paging::offset_limit().links(&PageRequest::new(0, 5), "/a", Total::Exact(3));
    /// assert_eq!(links.self_href(), "/a?offset=0&limit=5");
    /// ```
    #[must_use]
    pub fn self_href(&self) -> &str {
        &self.self_href
    }

    /// The first page.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_paging::{PageRequest, Paging, Total};
    ///
    /// let links = Paging::offset_limit().links(&PageRequest::new(20, 5), "/a", Total::Exact(30));
    /// assert_eq!(links.first(), Some("/a?offset=0&limit=5"));
    /// ```
    #[must_use]
    pub fn first(&self) -> Option<&str> {
        self.first.as_deref()
    }

    /// The previous page, absent on the first.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_paging::{PageRequest, Paging, Total};
    ///
    /// let links = Paging::offset_limit().links(&PageRequest::new(0, 5), "/a", Total::Exact(30));
    /// assert_eq!(links.prev(), None);
    /// ```
    #[must_use]
    pub fn prev(&self) -> Option<&str> {
        self.prev.as_deref()
    }

    /// The next page, absent on the last.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_paging::{PageRequest, Paging, Total};
    ///
    /// let links = Paging::offset_limit().links(&PageRequest::new(25, 5), "/a", Total::Exact(30));
    /// assert_eq!(links.next(), None);
    /// ```
    #[must_use]
    pub fn next(&self) -> Option<&str> {
        self.next.as_deref()
    }

    /// The last page, present only with an exact total.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_paging::{PageRequest, Paging, Total};
    ///
    /// let links = Paging::offset_limit().links(&PageRequest::new(0, 5), "/a", Total::HasMore(true));
    /// assert_eq!(links.last(), None);
    /// ```
    #[must_use]
    pub fn last(&self) -> Option<&str> {
        self.last.as_deref()
    }

    /// The links with their relations, in the order `self`, `first`, `prev`, `next`, `last`.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_paging::{PageRequest, Paging, Total};
    ///
    /// let links = Paging::offset_limit().links(&PageRequest::new(0, 5), "/a", Total::Exact(30));
    /// let rels: Vec<String> = links.iter().map(|(rel, _)| rel.to_string()).collect();
    /// assert_eq!(rels, ["self", "first", "next", "last"]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (Rel, &str)> {
        [
            (Rel::SELF, Some(self.self_href.as_str())),
            (Rel::FIRST, self.first()),
            (Rel::PREV, self.prev()),
            (Rel::NEXT, self.next()),
            (Rel::LAST, self.last()),
        ]
        .into_iter()
        .filter_map(|(rel, href)| href.map(|h| (rel, h)))
    }

    /// An RFC 8288 `Link` header value: `<href>; rel="next", …`.
    ///
    /// Characters a URI reference cannot hold (CR, LF, `<`, `>`, spaces, quotes, …) are
    /// percent-encoded, so no href can break out of its `<…>` or start a new header line.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_paging::{PageRequest, Paging, Total};
    ///
    /// let links = Paging::offset_limit().links(&PageRequest::new(0, 5), "/a", Total::Exact(8));
    /// assert_eq!(
    ///     links.link_header(),
    ///     r#"</a?offset=0&limit=5>; rel="self", </a?offset=0&limit=5>; rel="first", </a?offset=5&limit=5>; rel="next", </a?offset=5&limit=5>; rel="last""#
    /// );
    ///
    /// let hostile = Paging::offset_limit().links(&PageRequest::new(0, 5), "/a>\r\nSet-Cookie: x", Total::Exact(1));
    /// let header = hostile.link_header();
    /// assert!(!header.contains('\r') && !header.contains('\n'));
    /// assert_eq!(header.matches('>').count(), hostile.iter().count(), "one `>` per link, none from the href");
    /// assert!(header.starts_with("</a%3E%0D%0ASet-Cookie:%20x?offset=0&limit=5>"));
    /// ```
    #[must_use]
    pub fn link_header(&self) -> String {
        let mut header = String::new();
        for (rel, href) in self.iter() {
            if !header.is_empty() {
                header.push_str(", ");
            }
            header.push('<');
            encode_uri_reference(&mut header, href);
            let _ = write!(header, ">; rel=\"{}\"", rel.as_str());
        }
        header
    }
}

impl From<PageLinks> for Links {
    fn from(page: PageLinks) -> Self {
        let mut links = Links::new();
        for (rel, href) in page.iter() {
            links.insert(rel, Link::new(href));
        }
        links
    }
}

impl From<&PageLinks> for Links {
    fn from(page: &PageLinks) -> Self {
        page.clone().into()
    }
}

const fn page_relation(rel: &'static str, always: bool) -> hal_core::typed::LinksFieldRelation {
    hal_core::typed::LinksFieldRelation {
        rel,
        always,
        many: false,
    }
}

/// `#[hal(links)] paging: PageLinks` in a derived collection writes the paging links; parsing
/// reads them back from `self`, `first`, `prev`, `next` and `last`.
impl hal_core::typed::LinksField for PageLinks {
    const RELATIONS: &'static [hal_core::typed::LinksFieldRelation] = &[
        page_relation("self", true),
        page_relation("first", false),
        page_relation("prev", false),
        page_relation("next", false),
        page_relation("last", false),
    ];

    fn to_links(&self) -> std::borrow::Cow<'_, Links> {
        std::borrow::Cow::Owned(self.into())
    }

    fn write_links<M: serde::ser::SerializeMap>(
        &self,
        map: &mut M,
        declared: &[&str],
    ) -> Result<(), M::Error> {
        // Written directly: building `Links` for every response would cost an allocation per link.
        for (rel, href) in self.iter() {
            if !declared.iter().any(|d| rel == **d) {
                map.serialize_entry(&rel, &HrefOnly(href))?;
            }
        }
        Ok(())
    }

    fn from_links(links: Links) -> Self {
        let href = |rel: &str| links.get(rel).map(|l| l.href().to_owned());
        PageLinks {
            self_href: href("self").unwrap_or_default(),
            first: href("first"),
            prev: href("prev"),
            next: href("next"),
            last: href("last"),
        }
    }
}

/// Written as the `_links` object it stands for: `{"self": {"href": …}, "next": …}`.
impl serde::Serialize for PageLinks {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Links::from(self).serialize(serializer)
    }
}

/// Read from a `_links` object; relations other than the paging ones are ignored.
impl<'de> serde::Deserialize<'de> for PageLinks {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Links::deserialize(deserializer).map(hal_core::typed::LinksField::from_links)
    }
}

/// `{"href": "…"}`.
struct HrefOnly<'a>(&'a str);

impl serde::Serialize for HrefOnly<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("href", self.0)?;
        map.end()
    }
}
