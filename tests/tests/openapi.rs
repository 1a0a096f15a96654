//! `#[hal(openapi)]`: the schema of `Hal<T>` is what the derive writes, relation by relation,
//! and the bytes of every shape of a resource validate against it.

use hal_core::{Hal, HalResource, Link, Links};
use hal_paging::PageLinks;
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::{PartialSchema, ToSchema};

#[derive(Serialize, HalResource, ToSchema)]
#[hal(openapi, self_link = "/drivers/{id}")]
struct Driver {
    id: u32,
}

fn archived(trip: &Trip) -> bool {
    !trip.archived
}

#[derive(Serialize, HalResource, ToSchema)]
#[serde(rename_all = "camelCase")]
#[hal(openapi, curie(name = "cc", href = "/rels/{rel}"))]
#[hal(self_link = "/trips/{id}")]
#[hal(link(rel = "cc:search", href = "/trips{?q}", templated))]
#[hal(link(rel = "cc:archive", href = "/archive/{id}", skip_if = "archived"))]
#[hal(link(rel = "cc:series", href = "/series/{series}"))]
struct Trip {
    id: u32,
    distance_km: f64,
    archived: bool,
    series: Option<String>,
    #[hal(link(rel = "cc:map"))]
    #[schema(ignore)]
    map: Option<Link>,
    #[hal(link(rel = "cc:photos"))]
    #[schema(ignore)]
    photos: Vec<Link>,
    #[hal(embedded(rel = "cc:driver"))]
    #[schema(ignore)]
    driver: Option<Driver>,
    #[hal(embedded(rel = "cc:passengers"))]
    #[schema(ignore)]
    passengers: Vec<Driver>,
}

#[derive(Serialize, HalResource, ToSchema)]
#[hal(openapi)]
struct TripPage {
    total: u64,
    #[hal(links)]
    #[schema(ignore)]
    paging: PageLinks,
    #[hal(embedded(rel = "cc:trips"))]
    #[schema(ignore)]
    items: Vec<Trip>,
}

#[derive(Serialize, HalResource, ToSchema)]
#[hal(openapi, self_link = "/anything")]
struct Open {
    #[hal(links)]
    #[schema(ignore)]
    more: Links,
}

/// `Hal<T>`'s schema and the components it refers to, as one JSON Schema document.
fn schema_of<T: ToSchema>() -> Value {
    let mut components = Vec::new();
    T::schemas(&mut components);
    let schemas: serde_json::Map<String, Value> = components
        .into_iter()
        .map(|(name, schema)| (name, serde_json::to_value(schema).unwrap()))
        .collect();
    let mut root = serde_json::to_value(T::schema()).unwrap();
    root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    root["components"] = json!({"schemas": schemas});
    root
}

fn errors(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).unwrap();
    validator
        .iter_errors(instance)
        .map(|e| format!("at {}: {e}", e.instance_path()))
        .collect()
}

/// Paging links: `self`, and `next` when there is a next page.
fn page_links(self_href: &str, next: Option<&str>) -> PageLinks {
    let mut links = Links::new().with("self", Link::new(self_href));
    if let Some(next) = next {
        links = links.with("next", Link::new(next));
    }
    <PageLinks as hal_core::typed::LinksField>::from_links(links)
}

fn trip(archived: bool, series: Option<&str>, extras: bool) -> Trip {
    Trip {
        id: 7,
        distance_km: 12.5,
        archived,
        series: series.map(Into::into),
        map: extras.then(|| Link::new("/maps/7")),
        photos: if extras {
            vec![Link::new("/p/1"), Link::new("/p/2")]
        } else {
            vec![]
        },
        driver: extras.then_some(Driver { id: 1 }),
        passengers: if extras {
            vec![Driver { id: 2 }]
        } else {
            vec![]
        },
    }
}

#[test]
fn links_are_listed_with_their_cardinality_and_required_when_always_written() {
    let schema = serde_json::to_value(Hal::<Trip>::schema()).unwrap();
    let links = &schema["properties"]["_links"];
    assert_eq!(
        links["required"],
        json!(["self", "cc:search", "cc:photos"]),
        "{links:#}"
    );
    assert_eq!(
        links["additionalProperties"],
        json!(false),
        "no relation beyond the declared"
    );
    assert_eq!(
        links["properties"]["cc:search"]["$ref"],
        "#/components/schemas/TemplatedLink"
    );
    assert_eq!(
        links["properties"]["cc:photos"]["type"], "array",
        "Vec<Link> is an array"
    );
    assert_eq!(links["properties"]["curies"]["type"], "array");
    let embedded = &schema["properties"]["_embedded"];
    assert_eq!(
        embedded["required"],
        json!(["cc:passengers"]),
        "an empty Vec is still written"
    );
    assert_eq!(
        embedded["properties"]["cc:driver"]["$ref"],
        "#/components/schemas/DriverHal"
    );
    assert_eq!(
        embedded["properties"]["cc:passengers"]["items"]["$ref"],
        "#/components/schemas/DriverHal"
    );
    let state: Vec<&str> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        state,
        [
            "_links",
            "id",
            "distanceKm",
            "archived",
            "series",
            "_embedded"
        ],
        "serde's names, HAL fields out"
    );
}

#[test]
fn paging_links_and_open_links_fields() {
    let page = serde_json::to_value(Hal::<TripPage>::schema()).unwrap();
    let links = &page["properties"]["_links"];
    assert_eq!(links["required"], json!(["self"]));
    let relations: Vec<&str> = links["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(relations, ["self", "first", "prev", "next", "last"]);
    let open = serde_json::to_value(Hal::<Open>::schema()).unwrap();
    assert!(
        open["properties"]["_links"]["additionalProperties"]["oneOf"].is_array(),
        "a Links field may hold any relation"
    );
}

#[test]
fn every_shape_of_a_document_validates_against_its_schema() {
    let schema = schema_of::<Hal<TripPage>>();
    for (archived, series, extras) in [
        (false, None, false),
        (true, Some("s 1"), true),
        (false, Some("x"), false),
    ] {
        let page = TripPage {
            total: 1,
            paging: page_links("/trips?offset=0", extras.then_some("/trips?offset=10")),
            items: vec![trip(archived, series, extras)],
        };
        let document = serde_json::to_value(Hal(&page)).unwrap();
        assert_eq!(
            errors(&schema, &document),
            Vec::<String>::new(),
            "{document:#}"
        );
    }
    let empty = TripPage {
        total: 0,
        paging: page_links("/trips", None),
        items: vec![],
    };
    let document = serde_json::to_value(Hal(&empty)).unwrap();
    assert_eq!(document["_embedded"]["cc:trips"], json!([]));
    assert!(errors(&schema, &document).is_empty());
}

#[test]
fn documents_that_differ_from_the_declaration_do_not_validate() {
    let schema = schema_of::<Hal<Trip>>();
    let good = serde_json::to_value(Hal(&trip(false, None, true))).unwrap();
    assert!(errors(&schema, &good).is_empty());
    let mut single_photo = good.clone();
    single_photo["_links"]["cc:photos"] = json!({"href": "/p/1"});
    let mut untemplated = good.clone();
    untemplated["_links"]["cc:search"] = json!({"href": "/trips{?q}"});
    let mut renamed = good.clone();
    renamed["distance_km"] = renamed["distanceKm"].take();
    renamed.as_object_mut().unwrap().remove("distanceKm");
    let mut driver_as_array = good.clone();
    driver_as_array["_embedded"]["cc:driver"] = json!([good["_embedded"]["cc:driver"].clone()]);
    for (drift, document) in [
        ("an array relation written as one link", single_photo),
        ("a templated link without `templated`", untemplated),
        ("a member under another name", renamed),
        ("a single embedded resource as an array", driver_as_array),
    ] {
        assert!(!errors(&schema, &document).is_empty(), "{drift} validated");
    }
}
