//! A collection page read for what a client walking it needs: its links, and the items under
//! one relation as a derived type, in one pass over the bytes (no dynamic resources between).

use hal_core::read::HalDeserialize;
use hal_core::resource::{EmbeddedRelation, PartsReader, read_parts};
use hal_core::{Limits, Links, ParseError, Rel};

/// A page of a collection: its links and the items embedded under one relation, typed.
///
/// # Examples
///
/// ```
/// use hal_core::{HalResource, Limits};
/// use hal_paging::Page;
///
/// #[derive(serde::Serialize, serde::Deserialize, HalResource)]
/// struct Trip { id: u64 }
///
/// let json = br#"{"_links":{"next":{"href":"?page=2"}},"total":9,"_embedded":{"trips":[{"id":1},{"id":2}]}}"#;
/// let page = Page::<Trip>::parse(json, "trips", Limits::DEFAULT)?;
/// assert_eq!(page.links().get("next").map(|l| l.href()), Some("?page=2"));
/// assert_eq!(page.items().iter().map(|t| t.id).collect::<Vec<_>>(), [1, 2]);
/// # Ok::<(), hal_core::ParseError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Page<T> {
    links: Links,
    items: Vec<T>,
}

impl<T> Page<T> {
    /// A page of these links and items.
    ///
    /// # Examples
    ///
    /// ```
    /// let page = hal_paging::Page::new(hal_core::Links::new(), vec![1, 2]);
    /// assert_eq!(page.items(), [1, 2]);
    /// ```
    #[must_use]
    pub fn new(links: Links, items: Vec<T>) -> Self {
        Self { links, items }
    }

    /// Reads a collection page from bytes within `limits`: its links, and the items under
    /// `rel` (matched as relations are: registered names in any case) as `T`, a derived type
    /// or [`Resource`](hal_core::Resource). The page's state and its other embedded relations
    /// are skipped unread.
    ///
    /// # Errors
    ///
    /// [`ParseError`] naming the JSON path of the first problem, in the page or an item.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Limits, Resource};
    ///
    /// let json = br#"{"_embedded":{"items":[{"n":1},{"n":"two"}]}}"#;
    /// let error = hal_paging::Page::<Resource>::parse(json, "items", Limits::DEFAULT.with_max_depth(0))
    ///     .unwrap_err();
    /// assert_eq!(error.path().to_string(), "$._embedded");
    /// ```
    pub fn parse<'de>(json: &'de [u8], rel: &str, limits: Limits) -> Result<Self, ParseError>
    where
        T: HalDeserialize<'de>,
    {
        let reader = PageReader {
            rel: Rel::new(rel.to_owned()),
            page: Page::new(Links::new(), Vec::new()),
        };
        read_parts(limits, json, reader).map(|reader| reader.page)
    }

    /// The page's links (`next`, `prev`, …).
    ///
    /// # Examples
    ///
    /// ```
    /// let page = hal_paging::Page::<hal_core::Resource>::parse(b"{}", "items", hal_core::Limits::DEFAULT)?;
    /// assert!(page.links().is_empty());
    /// # Ok::<(), hal_core::ParseError>(())
    /// ```
    #[must_use]
    pub fn links(&self) -> &Links {
        &self.links
    }

    /// The items, in order; empty when the relation is absent.
    ///
    /// # Examples
    ///
    /// ```
    /// let json = br#"{"_embedded":{"items":{"a":1}}}"#;
    /// let page = hal_paging::Page::<hal_core::Resource>::parse(json, "items", hal_core::Limits::DEFAULT)?;
    /// assert_eq!(page.items().len(), 1);
    /// # Ok::<(), hal_core::ParseError>(())
    /// ```
    #[must_use]
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The links and the items.
    ///
    /// # Examples
    ///
    /// ```
    /// let page = hal_paging::Page::<hal_core::Resource>::parse(b"{}", "items", hal_core::Limits::DEFAULT)?;
    /// let (links, items) = page.into_parts();
    /// assert!(links.is_empty() && items.is_empty());
    /// # Ok::<(), hal_core::ParseError>(())
    /// ```
    #[must_use]
    pub fn into_parts(self) -> (Links, Vec<T>) {
        (self.links, self.items)
    }
}

/// Takes the links and the relation's items, through hal-core's parts reader.
struct PageReader<T> {
    rel: Rel,
    page: Page<T>,
}

impl<'de, T: HalDeserialize<'de>> PartsReader<'de> for PageReader<T> {
    fn links(&mut self, links: Links) {
        self.page.links = links;
    }

    fn embedded<R: EmbeddedRelation<'de>>(
        &mut self,
        rel: &str,
        relation: R,
    ) -> Result<(), R::Error> {
        if self.rel == *rel {
            self.page.items = relation.read()?;
        }
        Ok(())
    }
}
