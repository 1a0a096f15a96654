//! Documents that may carry transcluded resources.

use std::collections::BTreeMap;

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Schema, Type};

/// Lets every HAL document among `schemas` carry resources a client asked to have transcluded
/// (`Prefer: transclude="…"`, hal-axum's `transclude`): an `_embedded` that lists its relations
/// and refuses others (`additionalProperties: false`, exactly what the derive writes) takes
/// any further relation, as a HAL resource (an object). Call it on a document whose service
/// answers the preference; the declared relations keep their schemas.
///
/// # Examples
///
/// ```
/// use std::collections::BTreeMap;
/// use hal_core::{Hal, HalResource};
/// use utoipa::{PartialSchema, ToSchema};
///
/// #[derive(serde::Serialize, HalResource, ToSchema)]
/// #[hal(openapi, self_link = "/trips/{id}")]
/// struct Trip { id: u64 }
///
/// #[derive(serde::Serialize, HalResource, ToSchema)]
/// #[hal(openapi, self_link = "/trips")]
/// struct Trips { #[hal(embedded(rel = "trips"))] #[schema(ignore)] items: Vec<Trip> }
///
/// let mut schemas = BTreeMap::from([(Hal::<Trips>::name().into_owned(), Hal::<Trips>::schema())]);
/// hal_core::openapi::allow_transclusion(&mut schemas);
/// let schema = serde_json::to_value(&schemas["TripsHal"])?;
/// assert_eq!(schema["properties"]["_embedded"]["additionalProperties"]["type"], "object");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn allow_transclusion(schemas: &mut BTreeMap<String, RefOr<Schema>>) {
    for schema in schemas.values_mut() {
        open_embedded(schema);
    }
}

fn open_embedded(schema: &mut RefOr<Schema>) {
    match schema {
        RefOr::T(Schema::Object(object)) => {
            if let Some(RefOr::T(Schema::Object(embedded))) = object.properties.get_mut("_embedded")
                && matches!(
                    embedded.additional_properties.as_deref(),
                    Some(AdditionalProperties::FreeForm(false))
                )
            {
                let transcluded = ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .description(Some(
                        "A resource transcluded on request (`Prefer: transclude`)",
                    ))
                    .build();
                embedded.additional_properties = Some(Box::new(AdditionalProperties::RefOr(
                    RefOr::T(Schema::Object(transcluded)),
                )));
            }
        }
        RefOr::T(Schema::AllOf(all_of)) => all_of.items.iter_mut().for_each(open_embedded),
        _ => {}
    }
}
