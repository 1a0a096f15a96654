//! The typed layer: domain structs as HAL documents through `#[derive(HalResource)]`.
//!
//! - [`HalResource`]: what the derive implements; it knows a struct's links, embedded
//!   resources, curies and templates.
//! - [`Hal<T>`]: a derived value as a whole document, `Hal(&trip)` to write, `Hal<Trip>` to
//!   read.
//! - [`LinksField`]: what a `#[hal(links)]` field holds (hal-paging's page links implement it).
//!
//! # Examples
//!
//! ```
//! # #[cfg(feature = "derive")] {
//! use hal_core::typed::{Hal, HalResource};
//!
//! #[derive(serde::Serialize, serde::Deserialize, HalResource)]
//! #[hal(self_link = "/trips/{id}")]
//! struct Trip { id: u64 }
//!
//! let json = serde_json::to_string(&Hal(&Trip { id: 1 }))?;
//! assert_eq!(json, r#"{"_links":{"self":{"href":"/trips/1"}},"id":1}"#);
//! # }
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::borrow::Cow;

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};

use crate::forms::Templates;
use crate::link::links::Links;
use crate::read::Limits;
use crate::read::de::{HalDeserialize, ParseContext};
use crate::read::{FromHal, sealed};
use crate::resource::Resource;
use crate::write::HalDocument;

use crate::link::StaticCurie;
use crate::write::context::{FreshCuries, WriteContext};
use crate::write::state::FlatState;
/// `#[derive(HalResource)]`, beside the trait it implements (as `serde::Serialize` is both).
#[cfg(feature = "derive")]
#[cfg_attr(docsrs, doc(cfg(feature = "derive")))]
pub use hal_derive::HalResource;

/// A domain struct that is a HAL resource: it knows its links and embedded resources.
///
/// Implemented by `#[derive(HalResource)]` (feature `derive`); see the derive's documentation
/// for the attributes. Serialize one with [`Hal`]: `serde_json::to_string(&Hal(&trip))`.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "derive")] {
/// use hal_core::{Hal, HalResource};
///
/// #[derive(serde::Serialize, serde::Deserialize, HalResource)]
/// #[hal(self_link = "/vehicles/{vin}")]
/// struct Vehicle { vin: String }
///
/// let json = serde_json::to_string(&Hal(&Vehicle { vin: "VF3 1".into() }))?;
/// assert_eq!(json, r#"{"_links":{"self":{"href":"/vehicles/VF3%201"}},"vin":"VF3 1"}"#);
/// # }
/// # Ok::<(), serde_json::Error>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a HAL resource",
    label = "not a HAL resource",
    note = "derive `HalResource` for `{Self}`"
)]
pub trait HalResource {
    /// Serialized names of the fields written as links or embedded resources, which the state
    /// leaves out.
    #[doc(hidden)]
    const HAL_FIELDS: &'static [&'static str];

    /// Whether the derive proved that no state field serializes as `_links` or `_embedded`.
    #[doc(hidden)]
    const STATE_FIELDS_CHECKED: bool = false;

    /// The curies the type declares, written first in `_links` unless the enclosing document
    /// declares them already.
    #[doc(hidden)]
    const CURIES: &'static [StaticCurie] = &[];

    /// Whether `_links` has anything to write.
    #[doc(hidden)]
    fn has_links(&self) -> bool;

    /// Writes the members of `_links`, in the document's `context`.
    #[doc(hidden)]
    fn write_links<M: SerializeMap>(
        &self,
        links: &mut M,
        context: &WriteContext<'_>,
    ) -> Result<(), M::Error>;

    /// Whether `_embedded` has anything to write.
    #[doc(hidden)]
    fn has_embedded(&self) -> bool;

    /// Writes the members of `_embedded`; `context` is the one of the embedded resources.
    #[doc(hidden)]
    fn write_embedded<M: SerializeMap>(
        &self,
        embedded: &mut M,
        context: &WriteContext<'_>,
    ) -> Result<(), M::Error>;

    /// The HAL-FORMS templates the resource offers: what a client can send, and where. Written
    /// as `_templates` only when the document is written [`WithTemplates`](crate::WithTemplates), that is when the
    /// client asked for `application/prs.hal-forms+json`; a plain HAL document leaves them out.
    ///
    /// The derive generates it from `#[hal(template(…))]`; none by default.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "derive")] {
    /// use hal_core::forms::{HalForm, Property};
    /// use hal_core::{HalResource, WithTemplates};
    ///
    /// #[derive(serde::Deserialize, HalForm)]
    /// struct NewTrip { label: String }
    ///
    /// #[derive(serde::Serialize, HalResource)]
    /// #[hal(self_link = "/trips")]
    /// #[hal(template(method = "POST", input = NewTrip, title = "Add a trip"))]
    /// struct Trips { total: u32 }
    ///
    /// let trips = Trips { total: 0 };
    /// let form = trips.templates();
    /// assert_eq!(form.get("default").map(|t| t.method()), Some("POST"));
    /// assert_eq!(
    ///     serde_json::to_string(&WithTemplates(&trips))?,
    ///     concat!(
    ///         r#"{"_links":{"self":{"href":"/trips"}},"total":0,"#,
    ///         r#""_templates":{"default":{"method":"POST","title":"Add a trip","#,
    ///         r#""properties":[{"name":"label","required":true,"type":"text"}]}}}"#,
    ///     ),
    /// );
    /// assert_eq!(serde_json::to_string(&hal_core::Hal(&trips))?, r#"{"_links":{"self":{"href":"/trips"}},"total":0}"#);
    /// # }
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    fn templates(&self) -> Templates {
        Templates::new()
    }
}

/// A reference or a box to a resource is that resource; a box lets a type embed itself
/// (`Option<Box<Trip>>`).
macro_rules! delegate_hal_resource {
    ($($pointer:ty),*) => {$(
        impl<T: HalResource + ?Sized> HalResource for $pointer {
            const HAL_FIELDS: &'static [&'static str] = T::HAL_FIELDS;
            const STATE_FIELDS_CHECKED: bool = T::STATE_FIELDS_CHECKED;
            const CURIES: &'static [StaticCurie] = T::CURIES;

            fn has_links(&self) -> bool {
                (**self).has_links()
            }

            fn write_links<M: SerializeMap>(
                &self,
                links: &mut M,
                context: &WriteContext<'_>,
            ) -> Result<(), M::Error> {
                (**self).write_links(links, context)
            }

            fn has_embedded(&self) -> bool {
                (**self).has_embedded()
            }

            fn write_embedded<M: SerializeMap>(
                &self,
                embedded: &mut M,
                context: &WriteContext<'_>,
            ) -> Result<(), M::Error> {
                (**self).write_embedded(embedded, context)
            }

            fn templates(&self) -> Templates {
                (**self).templates()
            }
        }
    )*};
}
delegate_hal_resource!(&T, Box<T>);

/// A derived [`HalResource`] as a HAL document: `Hal(&trip)` serializes, `Hal<Trip>`
/// deserializes.
///
/// The bytes are `_links`, then the state as the struct's own `Serialize` writes it (every
/// `#[serde]` attribute applies), then `_embedded`.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "derive")] {
/// use hal_core::{Hal, HalResource};
///
/// #[derive(serde::Serialize, serde::Deserialize, HalResource, Debug, PartialEq)]
/// #[serde(rename_all = "camelCase")]
/// #[hal(self_link = "/fleets/{fleet_id}")]
/// struct Fleet { fleet_id: u32, display_name: String }
///
/// let fleet = Fleet { fleet_id: 7, display_name: "North".into() };
/// let json = serde_json::to_string(&Hal(&fleet))?;
/// assert_eq!(json, r#"{"_links":{"self":{"href":"/fleets/7"}},"fleetId":7,"displayName":"North"}"#);
/// assert_eq!(serde_json::from_str::<Hal<Fleet>>(&json)?.into_inner(), fleet);
/// # }
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Hal<T>(pub T);

impl<T> Hal<T> {
    /// The wrapped value.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Hal(3).into_inner(), 3);
    /// ```
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: HalResource + Serialize> Hal<T> {
    /// The resource as a dynamic [`Resource`], to inspect or to embed in a built one.
    ///
    /// # Errors
    ///
    /// The `serde_json` error when the state does not serialize as an object.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "derive")] {
    /// use hal_core::{Hal, HalResource};
    ///
    /// #[derive(serde::Serialize, HalResource)]
    /// #[hal(self_link = "/a/{id}")]
    /// struct A { id: u8 }
    ///
    /// let resource = Hal(&A { id: 1 }).to_resource()?;
    /// assert_eq!(resource.self_link().map(|l| l.href()), Some("/a/1"));
    /// # }
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn to_resource(&self) -> Result<Resource, serde_json::Error> {
        let value = serde_json::to_value(self)?;
        crate::read::from_value(&value).map_err(|e| serde::de::Error::custom(e.to_string()))
    }

    /// Writes the resource as the root of a document, with its templates when `templates`.
    #[inline]
    fn serialize_root<S: serde::Serializer>(
        &self,
        serializer: S,
        templates: bool,
    ) -> Result<S::Ok, S::Error> {
        let href_buffer = WriteContext::href_buffer();
        self.serialize_in(serializer, &WriteContext::root(&href_buffer, templates))
    }

    /// Writes the resource in `context`: what the derive's generated code calls for an
    /// embedded resource, so that the document's scope travels with it.
    #[doc(hidden)]
    #[inline]
    pub fn serialize_in<S: serde::Serializer>(
        &self,
        serializer: S,
        context: &WriteContext<'_>,
    ) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        // Curies the enclosing resources declare already are not repeated (H-65: their
        // definitions are in force here too).
        let curies = context.fresh_curies(T::CURIES);
        if self.0.has_links() || !curies.is_empty() {
            map.serialize_entry("_links", &LinksOf(&self.0, curies, context))?;
        }
        let state = if T::STATE_FIELDS_CHECKED {
            FlatState::with_checked_fields(&mut map, T::HAL_FIELDS)
        } else {
            FlatState::new(&mut map, T::HAL_FIELDS)
        };
        self.0.serialize(state)?;
        if self.0.has_embedded() {
            let inner = context.embedded(T::CURIES);
            map.serialize_entry("_embedded", &EmbeddedOf(&self.0, &inner))?;
        }
        if context.templates() {
            let templates = self.0.templates();
            if !templates.is_empty() {
                map.serialize_entry("_templates", &templates)?;
            }
        }
        map.end()
    }
}

impl<T: HalResource + Serialize> Serialize for Hal<T> {
    /// Writes the resource as a document of its own: no templates (see [`WithTemplates`](crate::WithTemplates)), and
    /// every curie it declares.
    #[inline]
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize_root(serializer, false)
    }
}

struct LinksOf<'a, T>(&'a T, FreshCuries, &'a WriteContext<'a>);

impl<T: HalResource> Serialize for LinksOf<'_, T> {
    #[inline]
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if !self.1.is_empty() {
            map.serialize_entry("curies", &self.1)?;
        }
        self.0.write_links(&mut map, self.2)?;
        map.end()
    }
}

struct EmbeddedOf<'a, T>(&'a T, &'a WriteContext<'a>);

impl<T: HalResource> Serialize for EmbeddedOf<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        self.0.write_embedded(&mut map, self.1)?;
        map.end()
    }
}

impl<'de, T: HalDeserialize<'de>> Deserialize<'de> for Hal<T> {
    /// Reads a document within [`Limits::DEFAULT`]; [`Limits::parse_str`] takes others.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_hal(deserializer, ParseContext::root(Limits::DEFAULT)).map(Hal)
    }
}

impl<T> sealed::Sealed for Hal<T> {}

impl<'de, T: HalDeserialize<'de>> FromHal<'de> for Hal<T> {
    fn from_hal<D: serde::Deserializer<'de>>(
        deserializer: D,
        context: ParseContext,
    ) -> Result<Self, D::Error> {
        T::deserialize_hal(deserializer, context).map(Hal)
    }
}

/// What a `#[hal(links)]` field can hold: its links are merged into the resource's `_links`,
/// and a parsed document's links that no other field takes come back into it.
///
/// Implemented for [`Links`]; `hal-paging` implements it for its page links.
///
/// # Examples
///
/// ```
/// use hal_core::{Link, Links};
/// use hal_core::typed::LinksField;
///
/// let links = Links::new().with("next", Link::new("/p2"));
/// assert_eq!(LinksField::to_links(&links).len(), 1, "borrowed, not copied");
/// assert!(<Links as LinksField>::from_links(Links::new()).is_empty());
/// ```
pub trait LinksField {
    /// The relations the field may write, each with whether it always does (`self` for page
    /// links) and whether it is an array: what an OpenAPI schema of the resource lists. Empty
    /// for [`Links`], which may hold any.
    const RELATIONS: &'static [LinksFieldRelation] = &[];

    /// The links to merge: borrowed when the field holds `Links`, built when it converts.
    fn to_links(&self) -> Cow<'_, Links>;

    /// The value for the links a parsed document has beyond the declared ones.
    fn from_links(links: Links) -> Self;

    /// Whether there is no link to write. The default goes through
    /// [`to_links`](Self::to_links).
    fn is_empty(&self) -> bool {
        self.to_links().is_empty()
    }

    /// Writes the links into an open `_links` map, except the relations in `declared` (which
    /// the struct writes itself). The default goes through [`to_links`](Self::to_links); a type
    /// can write its links directly instead.
    ///
    /// # Errors
    ///
    /// The serializer's error.
    fn write_links<M: SerializeMap>(&self, map: &mut M, declared: &[&str]) -> Result<(), M::Error> {
        self.to_links().write_except(map, declared)
    }
}

/// A relation a [`LinksField`] may write, for schemas.
///
/// # Examples
///
/// ```
/// use hal_core::typed::LinksFieldRelation;
///
/// const NEXT: LinksFieldRelation = LinksFieldRelation { rel: "next", always: false, many: false };
/// assert_eq!(NEXT.rel, "next");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinksFieldRelation {
    /// The relation.
    pub rel: &'static str,
    /// Whether it is always written.
    pub always: bool,
    /// Whether it is an array of links.
    pub many: bool,
}

impl LinksField for Links {
    fn to_links(&self) -> Cow<'_, Links> {
        Cow::Borrowed(self)
    }

    fn from_links(links: Links) -> Self {
        links
    }
}

impl<T: HalResource + Serialize> HalDocument for Hal<T> {
    fn serialize_document<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize(serializer)
    }

    fn serialize_with_templates<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        self.serialize_root(serializer, true)
    }
}

impl<T: HalResource + Serialize> HalDocument for T {
    fn serialize_document<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Hal(self).serialize(serializer)
    }

    fn serialize_with_templates<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        Hal(self).serialize_with_templates(serializer)
    }
}
