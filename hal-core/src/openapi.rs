//! OpenAPI 3.1 schemas (feature `openapi`, on utoipa) that are exactly what goes on the wire.
//!
//! `#[hal(openapi)]` on a derived resource (which also derives utoipa's `ToSchema`) makes
//! `Hal<T>` a schema: `_links` with one property per relation the type writes (declared links,
//! link fields, a `#[hal(links)]` field's relations such as the paging ones, `curies`), each a
//! [`Link`] or an array of them as declared, required when always written, `templated: true`
//! on templated ones; the state as `T`'s own schema (serde's renames, skips and flatten, as
//! utoipa reads them) without the fields written as links or embedded resources; and
//! `_embedded` with one property per embedded relation, each the item type's own HAL schema
//! (an array stays an array when empty). [`Link`] and [`Problem`] are components too.
//!
//! # Examples
//!
//! ```
//! use hal_core::{Hal, HalResource};
//! use utoipa::PartialSchema;
//!
//! #[derive(serde::Serialize, HalResource, utoipa::ToSchema)]
//! #[hal(openapi, self_link = "/trips/{id}")]
//! #[hal(link(rel = "vehicle", href = "/vehicles/{vin}"))]
//! struct Trip { id: u64, vin: String }
//!
//! let schema = serde_json::to_value(Hal::<Trip>::schema())?;
//! assert_eq!(schema["properties"]["_links"]["required"], serde_json::json!(["self", "vehicle"]));
//! assert_eq!(schema["properties"]["_links"]["properties"]["self"]["$ref"], "#/components/schemas/Link");
//! assert_eq!(schema["required"], serde_json::json!(["_links", "id", "vin"]));
//! # Ok::<(), serde_json::Error>(())
//! ```

mod forms;
mod transclusion;

use std::borrow::Cow;

use utoipa::openapi::schema::{
    AdditionalProperties, AllOfBuilder, ArrayBuilder, Object, ObjectBuilder, Schema, SchemaFormat,
    Type,
};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use crate::__private::fields::EmbeddedField;
use crate::link::Link;
use crate::problem::Problem;
use crate::typed::{Hal, HalResource, LinksFieldRelation};

pub use forms::apply_form;
pub use transclusion::allow_transclusion;

/// A derived resource whose HAL document has an OpenAPI schema: `#[hal(openapi)]` implements
/// it, beside utoipa's `ToSchema` for the state.
///
/// # Examples
///
/// See the [module documentation](self).
pub trait HalSchema: HalResource + ToSchema {
    /// Adds the relations the type writes into `_links`.
    #[doc(hidden)]
    fn hal_links(links: &mut LinksSchema);

    /// Adds the relations the type writes into `_embedded`.
    #[doc(hidden)]
    fn hal_embedded(embedded: &mut EmbeddedSchema);
}

/// The `_links` object a type writes, relation by relation (used by generated code).
#[doc(hidden)]
#[derive(Default)]
pub struct LinksSchema {
    object: ObjectBuilder,
    /// `Links` fields may hold any relation.
    open: bool,
}

impl LinksSchema {
    /// A relation: a [`Link`] or an array of them, required when always written.
    pub fn relation(&mut self, rel: &str, many: bool, always: bool, templated: bool) {
        let link = if templated {
            TemplatedLink::reference()
        } else {
            Link::reference()
        };
        let value: RefOr<Schema> = if many {
            ArrayBuilder::new().items(link).into()
        } else {
            link
        };
        let object = std::mem::take(&mut self.object).property(rel, value);
        self.object = if always { object.required(rel) } else { object };
    }

    /// `curies`: an array of links, left out where the enclosing document declares them.
    pub fn curies(&mut self) {
        self.relation("curies", true, false, true);
    }

    /// The relations a `#[hal(links)]` field may write; with none listed (`Links`), any.
    pub fn links_field(&mut self, relations: &[LinksFieldRelation]) {
        if relations.is_empty() {
            self.open = true;
        }
        for relation in relations {
            self.relation(relation.rel, relation.many, relation.always, false);
        }
    }

    fn build(self) -> (Object, bool) {
        let additional: AdditionalProperties<Schema> = if self.open {
            RefOr::T(Schema::from(
                utoipa::openapi::schema::OneOfBuilder::new()
                    .item(Link::reference())
                    .item(ArrayBuilder::new().items(Link::reference())),
            ))
            .into()
        } else {
            AdditionalProperties::FreeForm(false)
        };
        let object = self
            .object
            .schema_type(Type::Object)
            .additional_properties(Some(additional))
            .build();
        let required = !object.required.is_empty();
        (object, required)
    }
}

/// A component's schemas, to register: `(name, schema)` pairs, as utoipa collects them.
type Schemas = Vec<(String, RefOr<Schema>)>;

/// The `_embedded` object a type writes (used by generated code).
#[doc(hidden)]
#[derive(Default)]
pub struct EmbeddedSchema {
    object: ObjectBuilder,
    any: bool,
    dependencies: Vec<fn(&mut Schemas)>,
}

impl EmbeddedSchema {
    /// An embedded field: its item type's HAL schema, or an array of them.
    pub fn field<F>(&mut self, rel: &str)
    where
        F: EmbeddedField,
        F::Item: HalSchema,
    {
        let item = Hal::<F::Item>::reference();
        let value: RefOr<Schema> = if F::MANY {
            ArrayBuilder::new().items(item).into()
        } else {
            item
        };
        let object = std::mem::take(&mut self.object).property(rel, value);
        self.object = if F::ALWAYS {
            object.required(rel)
        } else {
            object
        };
        self.any = true;
        self.dependencies.push(register::<Hal<F::Item>>);
    }
}

/// Registers `S` and what it refers to, once.
fn register<S: ToSchema>(schemas: &mut Schemas) {
    let name = S::name();
    if schemas.iter().any(|(known, _)| *known == name) {
        return;
    }
    schemas.push((name.into_owned(), S::schema()));
    S::schemas(schemas);
}

/// `#/components/schemas/{name}`.
trait Reference {
    fn reference() -> RefOr<Schema>;
}

impl<S: ToSchema> Reference for S {
    fn reference() -> RefOr<Schema> {
        RefOr::Ref(Ref::from_schema_name(S::name()))
    }
}

impl<T: HalSchema> PartialSchema for Hal<T> {
    fn schema() -> RefOr<Schema> {
        let mut links = LinksSchema::default();
        T::hal_links(&mut links);
        let (links, links_required) = links.build();
        let mut embedded = EmbeddedSchema::default();
        T::hal_embedded(&mut embedded);
        let embedded = embedded.any.then(|| {
            embedded
                .object
                .schema_type(Type::Object)
                .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(false)))
                .build()
        });
        let embedded_required = embedded.as_ref().is_some_and(|e| !e.required.is_empty());
        let state = without_fields(T::schema(), T::HAL_FIELDS);
        // `_links`, the state's members, `_embedded`: the order the bytes have.
        let mut document = ObjectBuilder::new()
            .schema_type(Type::Object)
            .property("_links", links);
        if links_required {
            document = document.required("_links");
        }
        let mut document = document.build();
        let rest = match state {
            RefOr::T(Schema::Object(object)) => {
                document.properties.extend(object.properties);
                document.required.extend(object.required);
                document.description = object.description;
                None
            }
            other => Some(other),
        };
        if let Some(embedded) = embedded {
            document
                .properties
                .insert("_embedded".into(), embedded.into());
            if embedded_required {
                document.required.push("_embedded".into());
            }
        }
        match rest {
            None => document.into(),
            // A state that is not a plain object (flattened parts: `allOf`): the HAL members
            // join it as one more part.
            Some(state) => AllOfBuilder::new().item(state).item(document).into(),
        }
    }
}

impl<T: HalSchema> ToSchema for Hal<T> {
    fn name() -> Cow<'static, str> {
        Cow::Owned(format!("{}Hal", T::name()))
    }

    fn schemas(schemas: &mut Schemas) {
        T::schemas(schemas);
        register::<Link>(schemas);
        register::<TemplatedLink>(schemas);
        let mut embedded = EmbeddedSchema::default();
        T::hal_embedded(&mut embedded);
        for dependency in embedded.dependencies {
            dependency(schemas);
        }
    }
}

/// `schema` without the properties `fields` (those written as links or embedded resources),
/// looking into `allOf` parts (flattened members).
fn without_fields(schema: RefOr<Schema>, fields: &[&str]) -> RefOr<Schema> {
    match schema {
        RefOr::T(Schema::Object(mut object)) => {
            object
                .properties
                .retain(|name, _| !fields.contains(&name.as_str()));
            object
                .required
                .retain(|name| !fields.contains(&name.as_str()));
            RefOr::T(Schema::Object(object))
        }
        RefOr::T(Schema::AllOf(mut all_of)) => {
            all_of.items = all_of
                .items
                .into_iter()
                .map(|item| without_fields(item, fields))
                .collect();
            RefOr::T(Schema::AllOf(all_of))
        }
        other => other,
    }
}

/// A link whose `href` is a URI template: `templated` is `true`.
struct TemplatedLink;

impl PartialSchema for TemplatedLink {
    fn schema() -> RefOr<Schema> {
        AllOfBuilder::new()
            .item(Link::reference())
            .item(
                ObjectBuilder::new()
                    .property(
                        "templated",
                        ObjectBuilder::new()
                            .schema_type(Type::Boolean)
                            .enum_values(Some([true])),
                    )
                    .required("templated"),
            )
            .description(Some(
                "A templated link: `href` is an RFC 6570 URI template the client expands",
            ))
            .into()
    }
}

impl ToSchema for TemplatedLink {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("TemplatedLink")
    }
}

fn text(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
}

impl PartialSchema for Link {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "A HAL Link Object (draft-kelly-json-hal-11, section 5)",
            ))
            .property(
                "href",
                text("A URI reference, or an RFC 6570 URI template when `templated`"),
            )
            .required("href")
            .property(
                "templated",
                ObjectBuilder::new()
                    .schema_type(Type::Boolean)
                    .description(Some("`true` when `href` is a URI template")),
            )
            .property("type", text("The media type expected at `href`"))
            .property(
                "deprecation",
                text("A URL that explains why the link is deprecated")
                    .format(Some(SchemaFormat::Custom("uri".into()))),
            )
            .property("name", text("Tells apart links of one relation"))
            .property(
                "profile",
                text("A profile of the target resource (RFC 6906)"),
            )
            .property("title", text("A label for people"))
            .property("hreflang", text("The language of the target resource"))
            .into()
    }
}

impl ToSchema for Link {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Link")
    }
}

impl PartialSchema for Problem {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "An RFC 9457 problem document (`application/problem+json`); services add members",
            ))
            .property(
                "type",
                text("A URI reference that identifies the problem type"),
            )
            .property("title", text("A short summary of the problem type"))
            .property(
                "status",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .description(Some("The HTTP status code")),
            )
            .property("detail", text("This occurrence of the problem, for people"))
            .property("instance", text("A URI reference to this occurrence"))
            .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(true)))
            .into()
    }
}

impl ToSchema for Problem {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Problem")
    }
}

/// `createdAt` and `updatedAt`, RFC 3339 times in UTC, as [`Timestamps`](crate::time::Timestamps)
/// writes them.
#[cfg(feature = "chrono")]
impl PartialSchema for crate::time::Timestamps {
    fn schema() -> RefOr<Schema> {
        let time = |description: &str| {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::Custom("date-time".into())))
                .description(Some(description))
        };
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .property(
                "createdAt",
                time("When the data was collected (RFC 3339, UTC)"),
            )
            .required("createdAt")
            .property("updatedAt", time("When it last changed (RFC 3339, UTC)"))
            .required("updatedAt")
            .into()
    }
}

#[cfg(feature = "chrono")]
impl ToSchema for crate::time::Timestamps {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Timestamps")
    }
}
