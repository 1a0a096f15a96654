//! A collection page read for what a client walking it needs: its links, and the items under
//! one relation as a derived type, in one pass over the bytes (no dynamic resources between).

use serde::de::{IgnoredAny, MapAccess, Visitor};

use crate::de::{
    EmbeddedEntrySeed, HalDeserialize, Member, ParseContext, RelationSlots, Relations,
    ReservedSlots, read_resource_object,
};
use crate::limits::Limits;
use crate::links::Links;
use crate::parse::ParseError;
use crate::rel::Rel;
use crate::resource::EXPECTING_RESOURCE;

/// A page of a collection: its links and the items embedded under one relation, typed.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "derive")] {
/// use hal_core::{HalResource, Limits};
///
/// #[derive(serde::Serialize, serde::Deserialize, HalResource)]
/// struct Trip { id: u64 }
///
/// let json = br#"{"_links":{"next":{"href":"?page=2"}},"total":9,"_embedded":{"trips":[{"id":1},{"id":2}]}}"#;
/// let page = Limits::DEFAULT.parse_page::<Trip>(json, "trips")?;
/// assert_eq!(page.links().get("next").map(|l| l.href()), Some("?page=2"));
/// assert_eq!(page.items().iter().map(|t| t.id).collect::<Vec<_>>(), [1, 2]);
/// # }
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
    /// let page = hal_core::Page::new(hal_core::Links::new(), vec![1, 2]);
    /// assert_eq!(page.items(), [1, 2]);
    /// ```
    #[must_use]
    pub fn new(links: Links, items: Vec<T>) -> Self {
        Self { links, items }
    }

    /// The page's links (`next`, `prev`, …).
    ///
    /// # Examples
    ///
    /// ```
    /// let page = hal_core::Limits::DEFAULT.parse_page::<hal_core::Resource>(b"{}", "items")?;
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
    /// let page = hal_core::Limits::DEFAULT.parse_page::<hal_core::Resource>(br#"{"_embedded":{"items":{"a":1}}}"#, "items")?;
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
    /// let page = hal_core::Limits::DEFAULT.parse_page::<hal_core::Resource>(b"{}", "items")?;
    /// let (links, items) = page.into_parts();
    /// assert!(links.is_empty() && items.is_empty());
    /// # Ok::<(), hal_core::ParseError>(())
    /// ```
    #[must_use]
    pub fn into_parts(self) -> (Links, Vec<T>) {
        (self.links, self.items)
    }
}

impl Limits {
    /// Reads a collection page from bytes within these limits: its links, and the items under
    /// `rel` (matched as relations are: registered names in any case) as `T`, a derived type or
    /// [`Resource`](crate::Resource). The page's state and its other embedded relations are
    /// skipped unread.
    ///
    /// # Errors
    ///
    /// [`ParseError`] naming the JSON path of the first problem, in the page or an item.
    ///
    /// # Examples
    ///
    /// See [`Page`].
    pub fn parse_page<'de, T: HalDeserialize<'de>>(
        &self,
        json: &'de [u8],
        rel: &str,
    ) -> Result<Page<T>, ParseError> {
        self.parse_slice_by(json, |deserializer, context| {
            serde::Deserializer::deserialize_map(
                deserializer,
                PageVisitor {
                    rel: Rel::new(rel.to_owned()),
                    context,
                    item: std::marker::PhantomData,
                },
            )
        })
    }
}

struct PageVisitor<T> {
    rel: Rel,
    context: ParseContext,
    item: std::marker::PhantomData<fn() -> T>,
}

impl<'de, T: HalDeserialize<'de>> Visitor<'de> for PageVisitor<T> {
    type Value = Page<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(EXPECTING_RESOURCE)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Page<T>, A::Error> {
        let mut slots = PageSlots {
            rel: self.rel,
            links: Links::new(),
            items: Vec::new(),
        };
        read_resource_object::<IgnoredAny, _, _>(map, self.context, &mut slots)?;
        Ok(Page {
            links: slots.links,
            items: slots.items,
        })
    }
}

struct PageSlots<T> {
    rel: Rel,
    links: Links,
    items: Vec<T>,
}

impl<'de, T: HalDeserialize<'de>> ReservedSlots<'de> for PageSlots<T> {
    fn read_links<A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        context: ParseContext,
    ) -> Result<(), A::Error> {
        self.links = Links::read(map, context.limits())?;
        Ok(())
    }

    fn read_embedded<A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        context: ParseContext,
    ) -> Result<(), A::Error> {
        map.next_value_seed(Relations::new(
            Member::Embedded,
            &mut ItemsOf {
                slots: self,
                context,
            },
        ))
    }
}

struct ItemsOf<'s, T> {
    slots: &'s mut PageSlots<T>,
    context: ParseContext,
}

impl<'de, T: HalDeserialize<'de>> RelationSlots<'de> for ItemsOf<'_, T> {
    fn read_relation<A: MapAccess<'de>>(&mut self, rel: &str, map: &mut A) -> Result<(), A::Error> {
        if self.slots.rel != *rel {
            map.next_value::<IgnoredAny>()?;
            return Ok(());
        }
        let entry = map.next_value_seed(EmbeddedEntrySeed::<T>::new(self.context))?;
        self.slots.items = entry.into_vec();
        Ok(())
    }
}
