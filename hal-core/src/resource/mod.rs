//! Resource objects (draft-kelly-json-hal §4): a [`Resource`] is its state, its links, the
//! [`Embedded`] resources it carries and its HAL-FORMS templates; [`CurieScope`] is what its
//! curies (and those of the resources around it) make of relation names.
//!
//! # Examples
//!
//! ```
//! use hal_core::resource::{Embedded, Resource};
//!
//! let trip = Resource::object().with_member("distance", 12.5);
//! let page = Resource::object().with_embedded_many("trips", [trip]);
//! let embedded: &Embedded = page.embedded();
//! assert_eq!(embedded.get_all("trips").len(), 1);
//! ```

pub(crate) mod embedded;
mod parts;
pub(crate) mod scope;

pub use embedded::Embedded;
pub use parts::{EmbeddedRelation, PartsReader, read_parts};
pub use scope::CurieScope;

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};

use crate::forms::read::Within;
use crate::forms::{Template, Templates};
use crate::link::Link;
use crate::link::curie::Curie;
use crate::link::links::Links;
use crate::read::Limits;
use crate::read::de::{HalDeserialize, ParseContext, ReservedSlots, read_resource_object};
use crate::read::{FromHal, sealed};
use crate::rel::Rel;
use crate::write::state::FlatState;

/// The state of a dynamic resource: a JSON object that keeps its members in document order.
pub type State = serde_json::Map<String, serde_json::Value>;

/// A HAL Resource Object: typed state `T`, its [`Links`] and its [`Embedded`] resources.
///
/// On the wire the state's members stand in the object itself, between `_links` and
/// `_embedded`:
///
/// ```json
/// {"_links": {"self": {"href": "/trips/1"}}, "distance": 12.5, "_embedded": {"wayPoints": []}}
/// ```
///
/// `T` is any type that serializes as a JSON object (a struct or a map), or `()` for a resource
/// with no state. The default, [`State`], is a dynamic JSON object: `hal_core::Resource` parses
/// any valid HAL document, and writes it back as it was (members other than `_links` and
/// `_embedded`, `_`-prefixed ones included, stay state: [H-12](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-12)).
///
/// Empty `_links` and `_embedded` are left out ([H-13](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-13), [H-14](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-14)), except that a parsed document which
/// had them keeps them.
///
/// # Examples
///
/// ```
/// use hal_core::{Link, Rel, Resource};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize, Debug, PartialEq)]
/// struct Vehicle { vin: String }
///
/// let vehicle = Resource::new(Vehicle { vin: "VF1".into() })
///     .with_link(Rel::SELF, Link::new("/vehicles/VF1"));
/// let json = serde_json::to_string(&vehicle)?;
/// assert_eq!(json, r#"{"_links":{"self":{"href":"/vehicles/VF1"}},"vin":"VF1"}"#);
///
/// let back: Resource<Vehicle> = serde_json::from_str(&json)?;
/// assert_eq!(back, vehicle);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resource<T = State> {
    links: Links,
    state: T,
    embedded: Embedded,
    templates: Templates,
    /// A parsed `"_links": {}`, `"_embedded": {}` or `"_templates": {}` is written back.
    keep_empty: KeepEmpty,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct KeepEmpty {
    links: bool,
    embedded: bool,
    templates: bool,
}

impl Resource {
    /// A dynamic resource with no state yet.
    ///
    /// # Examples
    ///
    /// ```
    /// let resource = hal_core::Resource::object();
    /// assert_eq!(serde_json::to_string(&resource)?, "{}");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn object() -> Self {
        Self::new(State::new())
    }

    /// Sets a state member of a dynamic resource.
    ///
    /// # Examples
    ///
    /// ```
    /// let resource = hal_core::Resource::object().with_member("total", 100);
    /// assert_eq!(serde_json::to_string(&resource)?, r#"{"total":100}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn with_member(
        mut self,
        name: impl Into<String>,
        value: impl Into<serde_json::Value>,
    ) -> Self {
        self.state.insert(name.into(), value.into());
        self
    }

    /// Reads the state as `T`, keeping links and embedded resources.
    ///
    /// # Errors
    ///
    /// The `serde_json` error when the state does not fit `T`.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::Resource;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Page { total: u64 }
    ///
    /// let page: Resource<Page> = Resource::object().with_member("total", 3).into_typed()?;
    /// assert_eq!(page.state().total, 3);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn into_typed<T: DeserializeOwned>(self) -> Result<Resource<T>, serde_json::Error> {
        let state = serde_json::from_value(serde_json::Value::Object(self.state))?;
        Ok(Resource {
            links: self.links,
            state,
            embedded: self.embedded,
            templates: self.templates,
            keep_empty: self.keep_empty,
        })
    }
}

impl<T> Resource<T> {
    /// A resource with this state and no links.
    ///
    /// # Examples
    ///
    /// ```
    /// let resource = hal_core::Resource::new(());
    /// assert!(resource.links().is_empty());
    /// ```
    pub fn new(state: T) -> Self {
        Self {
            links: Links::new(),
            state,
            embedded: Embedded::new(),
            templates: Templates::new(),
            keep_empty: KeepEmpty::default(),
        }
    }

    /// A resource from its three parts.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Embedded, Links, Resource};
    ///
    /// let resource = Resource::from_parts(Links::new(), (), Embedded::new());
    /// assert!(resource.embedded().is_empty());
    /// ```
    pub fn from_parts(links: Links, state: T, embedded: Embedded) -> Self {
        Self {
            links,
            state,
            embedded,
            templates: Templates::new(),
            keep_empty: KeepEmpty::default(),
        }
    }

    /// Adds a single link (replacing the relation's links).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Link, Rel, Resource};
    ///
    /// let r = Resource::new(()).with_link(Rel::SELF, Link::new("/"));
    /// assert_eq!(r.self_link().map(Link::href), Some("/"));
    /// ```
    #[must_use]
    pub fn with_link(mut self, rel: impl Into<Rel>, link: Link) -> Self {
        self.links.insert(rel, link);
        self
    }

    /// Sets a relation to an array of links (an empty one is written as `[]`).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Link, Resource};
    ///
    /// let r = Resource::new(()).with_links("item", [Link::new("/1")]);
    /// assert_eq!(serde_json::to_string(&r)?, r#"{"_links":{"item":[{"href":"/1"}]}}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn with_links(
        mut self,
        rel: impl Into<Rel>,
        links: impl IntoIterator<Item = Link>,
    ) -> Self {
        self.links.insert_many(rel, links);
        self
    }

    /// Merges a set of links (paging links, say) into the resource's.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Link, Links, Resource};
    ///
    /// let r = Resource::new(()).with_all_links(Links::new().with("next", Link::new("/p2")));
    /// assert!(r.links().contains("next"));
    /// ```
    #[must_use]
    pub fn with_all_links(mut self, links: impl Into<Links>) -> Self {
        self.links.merge(links.into());
        self
    }

    /// Declares a curie for this resource and those embedded in it.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Curie, Resource};
    ///
    /// let r = Resource::new(()).with_curie(Curie::new("cc", "https://docs.example.com/{rel}")?);
    /// assert_eq!(r.curie_scope().expand("cc:trips").as_deref(), Some("https://docs.example.com/trips"));
    /// # Ok::<(), hal_core::link::CurieError>(())
    /// ```
    #[must_use]
    pub fn with_curie(mut self, curie: Curie) -> Self {
        self.links.add_curie(curie);
        self
    }

    /// Embeds a single resource under `rel`.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::Resource;
    ///
    /// let r = Resource::new(()).with_embedded("vehicle", Resource::object().with_member("vin", "VF1"));
    /// assert_eq!(serde_json::to_string(&r)?, r#"{"_embedded":{"vehicle":{"vin":"VF1"}}}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn with_embedded(mut self, rel: impl Into<Rel>, resource: Resource) -> Self {
        self.embedded.insert(rel, resource);
        self
    }

    /// Embeds an array of resources under `rel` (an empty one is written as `[]`).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::Resource;
    ///
    /// let r = Resource::new(()).with_embedded_many("objects", []);
    /// assert_eq!(serde_json::to_string(&r)?, r#"{"_embedded":{"objects":[]}}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn with_embedded_many(
        mut self,
        rel: impl Into<Rel>,
        resources: impl IntoIterator<Item = Resource>,
    ) -> Self {
        self.embedded.insert_many(rel, resources);
        self
    }

    /// The links.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::Resource::new(()).links().is_empty());
    /// ```
    #[must_use]
    pub fn links(&self) -> &Links {
        &self.links
    }

    /// The links, to change them.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut r = hal_core::Resource::new(());
    /// r.links_mut().insert("self", hal_core::Link::new("/"));
    /// assert_eq!(r.links().len(), 1);
    /// ```
    pub fn links_mut(&mut self) -> &mut Links {
        &mut self.links
    }

    /// The `self` link ([H-60](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-60)), when there is one.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::Resource::new(()).self_link().is_none());
    /// ```
    #[must_use]
    pub fn self_link(&self) -> Option<&Link> {
        self.links.get("self")
    }

    /// The state.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(*hal_core::Resource::new(5u8.to_string()).state(), "5");
    /// ```
    #[must_use]
    pub fn state(&self) -> &T {
        &self.state
    }

    /// The state, to change it.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut r = hal_core::Resource::object();
    /// r.state_mut().insert("total".into(), 3.into());
    /// assert_eq!(r.state()["total"], 3);
    /// ```
    pub fn state_mut(&mut self) -> &mut T {
        &mut self.state
    }

    /// The embedded resources.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::Resource::new(()).embedded().is_empty());
    /// ```
    #[must_use]
    pub fn embedded(&self) -> &Embedded {
        &self.embedded
    }

    /// The embedded resources, to change them.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut r = hal_core::Resource::new(());
    /// r.embedded_mut().insert_many("objects", []);
    /// assert!(r.embedded().contains("objects"));
    /// ```
    pub fn embedded_mut(&mut self) -> &mut Embedded {
        &mut self.embedded
    }

    /// Adds (or replaces) a HAL-FORMS template (`_templates`, written after `_embedded`).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::Template;
    /// use hal_core::{Link, Resource};
    ///
    /// let monitors = Resource::object()
    ///     .with_link("self", Link::new("/monitors"))
    ///     .with_template("default", Template::new("POST"));
    /// assert_eq!(
    ///     serde_json::to_string(&monitors)?,
    ///     r#"{"_links":{"self":{"href":"/monitors"}},"_templates":{"default":{"method":"POST"}}}"#,
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn with_template(mut self, name: impl Into<String>, template: Template) -> Self {
        self.templates.insert(name, template);
        self
    }

    /// The HAL-FORMS templates (`_templates`), `default` first.
    ///
    /// # Examples
    ///
    /// ```
    /// let json = r#"{"_templates":{"default":{"method":"POST"}}}"#;
    /// let resource: hal_core::Resource = hal_core::from_str(json)?;
    /// assert_eq!(resource.templates().len(), 1);
    /// # Ok::<(), hal_core::ParseError>(())
    /// ```
    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    /// The templates, to change.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::Template;
    ///
    /// let mut resource = hal_core::Resource::object();
    /// resource.templates_mut().insert("delete", Template::new("DELETE"));
    /// assert!(resource.template("delete").is_some());
    /// ```
    pub fn templates_mut(&mut self) -> &mut Templates {
        &mut self.templates
    }

    /// The template `name`.
    ///
    /// # Examples
    ///
    /// ```
    /// let json = r#"{"_templates":{"default":{"method":"PUT","properties":[{"name":"status","required":true}]}}}"#;
    /// let resource: hal_core::Resource = hal_core::from_str(json)?;
    /// let template = resource.template("default").unwrap();
    /// assert_eq!(template.method(), "PUT");
    /// assert!(template.property("status").unwrap().is_required());
    /// # Ok::<(), hal_core::ParseError>(())
    /// ```
    pub fn template(&self, name: &str) -> Option<&Template> {
        self.templates.get(name)
    }

    /// The state, dropping links and embedded resources.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Resource::new(7).into_state(), 7);
    /// ```
    pub fn into_state(self) -> T {
        self.state
    }

    /// The three parts.
    ///
    /// # Examples
    ///
    /// ```
    /// let (links, state, embedded) = hal_core::Resource::new(()).into_parts();
    /// assert!(links.is_empty() && embedded.is_empty());
    /// # let () = state;
    /// ```
    pub fn into_parts(self) -> (Links, T, Embedded) {
        (self.links, self.state, self.embedded)
    }

    /// Replaces the state, keeping links and embedded resources.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Link, Resource};
    ///
    /// let r = Resource::new(1).with_link("self", Link::new("/")).map_state(|n| n + 1);
    /// assert_eq!((*r.state(), r.links().len()), (2, 1));
    /// ```
    pub fn map_state<U>(self, f: impl FnOnce(T) -> U) -> Resource<U> {
        Resource {
            links: self.links,
            state: f(self.state),
            embedded: self.embedded,
            templates: self.templates,
            keep_empty: self.keep_empty,
        }
    }
}

impl<T: Serialize> Resource<T> {
    /// The same resource with its state as a dynamic JSON object, to embed it in another.
    ///
    /// # Errors
    ///
    /// The `serde_json` error when the state does not serialize as a JSON object.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Link, Resource};
    ///
    /// #[derive(serde::Serialize)]
    /// struct Trip { id: u64 }
    ///
    /// let trip = Resource::new(Trip { id: 1 }).with_link("self", Link::new("/trips/1"));
    /// let page = Resource::object().with_member("total", 1).with_embedded_many("objects", [trip.into_dynamic()?]);
    /// assert_eq!(page.embedded().get_all("objects")[0].state()["id"], 1);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn into_dynamic(self) -> Result<Resource, serde_json::Error> {
        let state = match serde_json::to_value(&self.state)? {
            serde_json::Value::Object(map) => map,
            serde_json::Value::Null => State::new(),
            _ => {
                return Err(serde::ser::Error::custom(
                    "resource state must serialize as a JSON object (a struct or a map)",
                ));
            }
        };
        Ok(Resource {
            links: self.links,
            state,
            embedded: self.embedded,
            templates: self.templates,
            keep_empty: self.keep_empty,
        })
    }
}

impl<T: Serialize> Serialize for Resource<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if !self.links.is_empty() || self.keep_empty.links {
            map.serialize_entry("_links", &self.links)?;
        }
        self.state.serialize(FlatState::new(&mut map, &[]))?;
        if !self.embedded.is_empty() || self.keep_empty.embedded {
            map.serialize_entry("_embedded", &self.embedded)?;
        }
        if !self.templates.is_empty() || self.keep_empty.templates {
            map.serialize_entry("_templates", &self.templates)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Resource<T> {
    /// Reads a document within [`Limits::DEFAULT`]; [`Limits::parse_str`] takes others.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::deserialize_hal(deserializer, ParseContext::root(Limits::DEFAULT))
    }
}

impl<'de, T: Deserialize<'de>> HalDeserialize<'de> for Resource<T> {
    fn deserialize_hal<D: serde::Deserializer<'de>>(
        deserializer: D,
        context: ParseContext,
    ) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ResourceVisitor {
            context,
            state: PhantomData,
        })
    }
}

impl<T> sealed::Sealed for Resource<T> {}

impl<'de, T: Deserialize<'de>> FromHal<'de> for Resource<T> {
    fn from_hal<D: serde::Deserializer<'de>>(
        deserializer: D,
        context: ParseContext,
    ) -> Result<Self, D::Error> {
        Self::deserialize_hal(deserializer, context)
    }
}

/// What a resource object must be, in the errors of both parse paths.
pub(crate) const EXPECTING_RESOURCE: &str = "a Resource Object (a JSON object, H-01)";

struct ResourceVisitor<T> {
    context: ParseContext,
    state: PhantomData<fn() -> T>,
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for ResourceVisitor<T> {
    type Value = Resource<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTING_RESOURCE)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Resource<T>, A::Error> {
        let mut parts = ReservedParts::default();
        let state = read_resource_object(map, self.context, &mut parts)?;
        // Only an empty member needs remembering: a non-empty one is written anyway.
        let keep_empty = KeepEmpty {
            links: parts.links.as_ref().is_some_and(Links::is_empty),
            embedded: parts.embedded.as_ref().is_some_and(Embedded::is_empty),
            templates: parts.templates.as_ref().is_some_and(Templates::is_empty),
        };
        Ok(Resource {
            links: parts.links.unwrap_or_default(),
            state,
            embedded: parts.embedded.unwrap_or_default(),
            templates: parts.templates.unwrap_or_default(),
            keep_empty,
        })
    }
}

/// A dynamic resource keeps `_links`, `_embedded` and `_templates` whole.
#[derive(Default)]
struct ReservedParts {
    links: Option<Links>,
    embedded: Option<Embedded>,
    templates: Option<Templates>,
}

impl<'de> ReservedSlots<'de> for ReservedParts {
    fn read_links<A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        context: ParseContext,
    ) -> Result<(), A::Error> {
        self.links = Some(Links::read(map, context.limits())?);
        Ok(())
    }

    fn read_embedded<A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        context: ParseContext,
    ) -> Result<(), A::Error> {
        self.embedded = Some(Embedded::read(map, context)?);
        Ok(())
    }

    fn read_templates<A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        context: ParseContext,
    ) -> Result<(), A::Error> {
        self.templates = Some(map.next_value_seed(Within::<Templates>::new(context.limits()))?);
        Ok(())
    }
}

impl<T: Serialize> Resource<T> {
    /// The resource read as a derived type, as `from_str::<Hal<U>>` would read its document
    /// (written to bytes and read back): for items a client got as dynamic resources, such as
    /// a pager's.
    ///
    /// # Errors
    ///
    /// [`ParseError`](crate::ParseError) naming the JSON path of what does not fit `U`.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "derive")] {
    /// use hal_core::{HalResource, Link, Resource};
    ///
    /// #[derive(serde::Serialize, serde::Deserialize, HalResource, Debug)]
    /// #[hal(self_link = "/trips/{id}")]
    /// struct Trip { id: u64 }
    ///
    /// let item = Resource::object().with_member("id", 7).with_link("self", Link::new("/trips/7"));
    /// let trip: Trip = item.into_hal()?;
    /// assert_eq!(trip.id, 7);
    /// let error = Resource::object().with_member("id", "seven").into_hal::<Trip>().unwrap_err();
    /// assert_eq!(error.path().to_string(), "$.id");
    /// # }
    /// # Ok::<(), hal_core::ParseError>(())
    /// ```
    pub fn into_hal<U>(self) -> Result<U, crate::read::ParseError>
    where
        U: for<'de> HalDeserialize<'de>,
    {
        // Through bytes: cheaper than building a `serde_json::Value` tree and reading it back.
        let bytes = serde_json::to_vec(&self).map_err(crate::read::ParseError::from_json)?;
        Limits::DEFAULT.parse_slice_by(&bytes, |deserializer, context| {
            U::deserialize_hal(deserializer, context)
        })
    }
}

impl<T: Serialize> crate::write::HalDocument for Resource<T> {
    fn serialize_document<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize(serializer)
    }
}

impl<T> Resource<T> {
    /// The curies in force for this resource, as the root of a document.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!hal_core::Resource::object().curie_scope().is_defined("ea"));
    /// ```
    #[must_use]
    pub fn curie_scope(&self) -> CurieScope<'_> {
        CurieScope::of(self.links().curies())
    }

    /// The first link of a relation given by its name, a CURIE, or the full URI a CURIE
    /// expands to, in this resource's curie scope (as the root of a document; for an embedded
    /// resource, see [`CurieScope::links_for`]).
    ///
    /// # Examples
    ///
    /// ```
    /// let doc: hal_core::Resource = hal_core::from_str(r#"{"_links": {
    ///   "curies": [{"name": "l", "href": "https://docs.example.com/rels/{rel}", "templated": true}],
    ///   "self": {"href": "/books/1"},
    ///   "l:author": {"href": "/authors/7"}
    /// }}"#)?;
    /// let by_uri = doc.link("https://docs.example.com/rels/author").map(|l| l.href());
    /// assert_eq!(by_uri, Some("/authors/7"));
    /// assert_eq!(doc.link("l:author").map(|l| l.href()), Some("/authors/7"));
    /// assert_eq!(doc.link("SELF").map(|l| l.href()), Some("/books/1"));
    /// assert!(doc.link("lib:author").is_none(), "`lib` is not declared here");
    /// # Ok::<(), hal_core::ParseError>(())
    /// ```
    #[must_use]
    pub fn link(&self, rel: &str) -> Option<&Link> {
        self.links_for(rel).first()
    }

    /// Every link of a relation given by its name, a CURIE or the full URI; see
    /// [`link`](Self::link).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Curie, Link, Resource};
    ///
    /// let page = Resource::object()
    ///     .with_curie(Curie::new("cc", "https://docs.example.com/{rel}")?)
    ///     .with_links("cc:trips", [Link::new("/trips/1"), Link::new("/trips/2")]);
    /// assert_eq!(page.links_for("https://docs.example.com/trips").len(), 2);
    /// assert!(page.links_for("next").is_empty());
    /// # Ok::<(), hal_core::link::CurieError>(())
    /// ```
    #[must_use]
    pub fn links_for(&self, rel: &str) -> &[Link] {
        self.curie_scope().links_for(self.links(), rel)
    }
}
