//! `#[derive(HalResource)]`: the issue's example, serde attributes, parsing, equality with
//! hand-built resources.

use chrono::{DateTime, TimeZone, Utc};
use hal_core::{Hal, HalResource, Link, Links, Rel, Resource};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, HalResource)]
#[serde(rename_all = "camelCase")]
#[hal(self_link = "/connectedcar/v2/trips/{trip_id}/waypoints/{seq}")]
struct WayPoint {
    trip_id: u64,
    seq: u32,
    lat: f64,
    lon: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, HalResource)]
#[serde(rename_all = "camelCase")]
#[hal(self_link = "/connectedcar/v2/trips/{id}")]
#[hal(link(rel = "vehicle", href = "/connectedcar/v2/vehicles/{vehicle_id}"))]
#[hal(link(
    rel = "alerts",
    href = "/connectedcar/v2/trips/{id}/alerts{?offset,limit}",
    templated
))]
#[hal(curie(name = "cc", href = "https://docs.example.com/rels/{rel}"))]
struct Trip {
    id: u64,
    vehicle_id: String,
    #[serde(with = "hal_core::time::rfc3339")]
    started_at: DateTime<Utc>,
    #[hal(embedded(rel = "wayPoints"))]
    way_points: Vec<WayPoint>,
    #[hal(link(rel = "driver"))]
    driver: Option<Link>,
}

fn trip() -> Trip {
    Trip {
        id: 42,
        vehicle_id: "VF3/../admin?x#y".into(),
        started_at: Utc.with_ymd_and_hms(2017, 8, 10, 13, 46, 39).unwrap(),
        way_points: vec![WayPoint {
            trip_id: 42,
            seq: 0,
            lat: 48.85,
            lon: 2.35,
        }],
        driver: Some(Link::new("/connectedcar/v2/drivers/7")),
    }
}

#[test]
fn the_example_writes_the_hal_document() {
    insta::assert_json_snapshot!(serde_json::to_value(Hal(&trip())).unwrap());
}

#[test]
fn and_parses_it_back() {
    let json = serde_json::to_string(&Hal(&trip())).unwrap();
    let back: Trip = serde_json::from_str::<Hal<Trip>>(&json)
        .unwrap()
        .into_inner();
    assert_eq!(back, trip());
}

/// The same document built by hand with `Resource`.
fn trip_by_hand(trip: &Trip) -> Resource {
    let state = serde_json::json!({
        "id": trip.id,
        "vehicleId": trip.vehicle_id,
        "startedAt": hal_core::time::format(&trip.started_at),
    });
    let mut resource = Resource::object()
        .with_curie(hal_core::Curie::new("cc", "https://docs.example.com/rels/{rel}").unwrap())
        .with_link(
            Rel::SELF,
            Link::new(format!("/connectedcar/v2/trips/{}", trip.id)),
        )
        .with_link(
            "vehicle",
            Link::new(format!(
                "/connectedcar/v2/vehicles/{}",
                encode(&trip.vehicle_id)
            )),
        )
        .with_link(
            "alerts",
            Link::templated(&format!(
                "/connectedcar/v2/trips/{}/alerts{{?offset,limit}}",
                trip.id
            ))
            .unwrap(),
        );
    if let Some(driver) = &trip.driver {
        resource = resource.with_link("driver", driver.clone());
    }
    for (name, value) in state.as_object().unwrap() {
        resource = resource.with_member(name.clone(), value.clone());
    }
    let way_points = trip
        .way_points
        .iter()
        .map(|w| Hal(w).to_resource().unwrap());
    resource.with_embedded_many("wayPoints", way_points)
}

fn encode(value: &str) -> String {
    let mut out = String::new();
    hal_core::template::encode_unreserved(&mut out, value);
    out
}

#[test]
fn bytes_equal_the_document_built_by_hand() {
    let trip = trip();
    assert_eq!(
        serde_json::to_string(&Hal(&trip)).unwrap(),
        serde_json::to_string(&trip_by_hand(&trip)).unwrap()
    );
}

#[test]
fn none_and_empty_fields() {
    let trip = Trip {
        driver: None,
        way_points: vec![],
        ..trip()
    };
    let value = serde_json::to_value(Hal(&trip)).unwrap();
    assert!(
        value["_links"].get("driver").is_none(),
        "None link is omitted"
    );
    assert_eq!(
        value["_embedded"]["wayPoints"],
        serde_json::json!([]),
        "empty Vec is []"
    );
    let back: Hal<Trip> = serde_json::from_value(value).unwrap();
    assert_eq!(back.into_inner(), trip);
}

#[test]
fn parsing_accepts_the_single_and_the_array_form() {
    let single = r#"{"id":1,"vehicleId":"v","startedAt":"2017-08-10T13:46:39.652+0000",
        "_links":{"driver":[{"href":"/d"}]},
        "_embedded":{"wayPoints":{"tripId":1,"seq":0,"lat":1.0,"lon":2.0}}}"#;
    let trip = serde_json::from_str::<Hal<Trip>>(single)
        .unwrap()
        .into_inner();
    assert_eq!(trip.way_points.len(), 1);
    assert_eq!(
        trip.driver.map(|l| l.href().to_owned()).as_deref(),
        Some("/d")
    );
}

#[test]
fn parse_errors_name_the_json_path() {
    let json = r#"{"id":1,"vehicleId":"v","startedAt":"2017-08-10T13:46:39Z",
        "_embedded":{"wayPoints":[{"tripId":1,"seq":0,"lat":1.0,"lon":2.0},{"tripId":1,"seq":"x","lat":1.0,"lon":2.0}]}}"#;
    let error = hal_core::from_str::<Hal<Trip>>(json).unwrap_err();
    assert_eq!(error.path().to_string(), "$._embedded.wayPoints[1].seq");
    assert!(
        error.message().starts_with("invalid type: string \"x\""),
        "{error}"
    );

    let bad_date = r#"{"id":1,"vehicleId":"v","startedAt":"2017-02-30T00:00:00Z"}"#;
    let error = hal_core::from_str::<Hal<Trip>>(bad_date).unwrap_err();
    assert_eq!(error.path().to_string(), "$.startedAt");
    assert!(
        error.message().contains("`2017-02-30T00:00:00Z`"),
        "{error}"
    );

    let bad_link = r#"{"id":1,"vehicleId":"v","startedAt":"2017-08-10T13:46:39Z","_links":{"driver":{"title":"x"}}}"#;
    let error = hal_core::from_str::<Hal<Trip>>(bad_link).unwrap_err();
    assert_eq!(error.path().to_string(), "$._links.driver");

    let not_object = hal_core::from_str::<Hal<Trip>>("[]").unwrap_err();
    assert!(
        not_object.message().contains("Resource Object"),
        "{not_object}"
    );
}

/// Every serde attribute the state may carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, HalResource)]
#[serde(rename_all = "kebab-case")]
#[hal(self_link = "/things/{thing_id}")]
#[hal(link(
    rel = "archive",
    href = "/archive/{thing_id}",
    skip_if = "Thing::is_live"
))]
struct Thing {
    thing_id: u32,
    #[serde(rename = "displayName")]
    name: String,
    #[serde(skip)]
    cache: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    note: Option<String>,
    #[serde(serialize_with = "shout", deserialize_with = "whisper")]
    label: String,
    #[serde(default = "default_live")]
    live: bool,
    #[serde(flatten)]
    extra: Extra,
    #[hal(link)]
    owner: Link,
    #[hal(link)]
    aliases: Vec<Link>,
    #[hal(links)]
    more: Links,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
struct Extra {
    colour: String,
}

fn default_live() -> bool {
    true
}

fn shout<S: serde::Serializer>(value: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&value.to_uppercase())
}

fn whisper<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    String::deserialize(d).map(|s| s.to_lowercase())
}

impl Thing {
    fn is_live(&self) -> bool {
        self.live
    }
}

fn thing() -> Thing {
    Thing {
        thing_id: 9,
        name: "Nine".into(),
        cache: None,
        note: None,
        label: "quiet".into(),
        live: false,
        extra: Extra {
            colour: "red".into(),
        },
        owner: Link::new("/owners/1"),
        aliases: vec![],
        more: Links::new().with("help", Link::new("/help")),
    }
}

#[test]
fn serde_attributes_shape_the_state() {
    insta::assert_json_snapshot!(serde_json::to_value(Hal(&thing())).unwrap());
}

#[test]
fn serde_attributes_apply_when_parsing() {
    let json = serde_json::to_string(&Hal(&thing())).unwrap();
    let back = serde_json::from_str::<Hal<Thing>>(&json)
        .unwrap()
        .into_inner();
    assert_eq!(back, thing());
    let minimal = r#"{"thing-id":1,"displayName":"n","label":"LOUD","colour":"c","_links":{"owner":{"href":"/o"}}}"#;
    let parsed = serde_json::from_str::<Hal<Thing>>(minimal)
        .unwrap()
        .into_inner();
    assert!(parsed.live, "`default = …` applies");
    assert_eq!(parsed.label, "loud", "`deserialize_with` applies");
    assert!(parsed.aliases.is_empty() && parsed.more.is_empty());
    let missing = hal_core::from_str::<Hal<Thing>>(
        r#"{"thing-id":1,"displayName":"n","label":"L","colour":"c"}"#,
    )
    .unwrap_err();
    assert_eq!(missing.message(), "missing link `owner`");
}

#[test]
fn skip_if_leaves_a_link_out() {
    let live = Thing {
        live: true,
        ..thing()
    };
    let value = serde_json::to_value(Hal(&live)).unwrap();
    assert!(value["_links"].get("archive").is_none());
    let value = serde_json::to_value(Hal(&thing())).unwrap();
    assert_eq!(value["_links"]["archive"]["href"], "/archive/9");
}

/// Generics and lifetimes.
#[derive(Debug, Serialize, Deserialize, HalResource)]
#[hal(self_link = "/pages/{number}")]
struct Page<'a, T> {
    number: u32,
    #[serde(borrow)]
    title: &'a str,
    #[hal(embedded(rel = "items"))]
    items: Vec<T>,
}

#[test]
fn generic_structs_with_lifetimes() {
    let page = Page {
        number: 2,
        title: "two",
        items: vec![thing()],
    };
    let json = serde_json::to_string(&Hal(&page)).unwrap();
    let back: Page<'_, Thing> = serde_json::from_str::<Hal<Page<'_, Thing>>>(&json)
        .unwrap()
        .into_inner();
    assert_eq!((back.number, back.title, back.items.len()), (2, "two", 1));
}

mod renamed {
    // The runtime crate under another name.
    pub(crate) use hal_core as hal_runtime;
}

#[derive(Serialize, Deserialize, HalResource)]
#[hal(crate = "renamed::hal_runtime", self_link = "/r/{id}")]
struct Renamed {
    id: u8,
}

#[test]
fn the_crate_path_can_be_overridden() {
    let json = serde_json::to_string(&Hal(&Renamed { id: 1 })).unwrap();
    assert_eq!(json, r#"{"_links":{"self":{"href":"/r/1"}},"id":1}"#);
}

/// Expressions other than `{field}`: optional fields, query and path operators.
#[derive(Serialize, Deserialize, HalResource)]
#[hal(self_link = "/search{/kind}{?q,page}")]
struct Search {
    kind: String,
    q: Option<String>,
    page: u32,
}

#[test]
fn optional_fields_and_other_operators_expand_as_rfc_6570_says() {
    let with = Search {
        kind: "a b".into(),
        q: Some("x&y".into()),
        page: 2,
    };
    let value = serde_json::to_value(Hal(&with)).unwrap();
    assert_eq!(
        value["_links"]["self"]["href"],
        "/search/a%20b?q=x%26y&page=2"
    );
    let without = Search { q: None, ..with };
    let value = serde_json::to_value(Hal(&without)).unwrap();
    assert_eq!(value["_links"]["self"]["href"], "/search/a%20b?page=2");
}

mod props {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn prop_no_field_value_changes_the_href_structure(vehicle_id in any::<String>()) {
            let trip = Trip { vehicle_id: vehicle_id.clone(), ..trip() };
            let value = serde_json::to_value(Hal(&trip)).unwrap();
            let href = value["_links"]["vehicle"]["href"].as_str().unwrap().to_owned();
            let segments: Vec<&str> = href.split('/').collect();
            prop_assert_eq!(segments.len(), 5, "segments changed: {}", href);
            prop_assert!(!href.contains('?') && !href.contains('#'), "query or fragment added: {}", href);
            let decoded = percent_encoding::percent_decode_str(segments[4]).decode_utf8().unwrap();
            prop_assert_eq!(decoded.as_ref(), vehicle_id.as_str(), "segment does not decode back");
        }

        #[test]
        fn prop_bytes_equal_the_hand_built_document(
            id in any::<u64>(),
            vehicle_id in any::<String>(),
            seconds in 0i64..4_000_000_000,
            points in proptest::collection::vec((any::<u32>(), -90.0f64..90.0, -180.0f64..180.0), 0..4),
            driver in proptest::option::of("/[a-z]{1,8}"),
        ) {
            let trip = Trip {
                id,
                vehicle_id,
                started_at: Utc.timestamp_opt(seconds, 0).unwrap(),
                way_points: points.into_iter().map(|(seq, lat, lon)| WayPoint { trip_id: id, seq, lat, lon }).collect(),
                driver: driver.map(Link::new),
            };
            let derived = serde_json::to_string(&Hal(&trip)).unwrap();
            prop_assert_eq!(&derived, &serde_json::to_string(&trip_by_hand(&trip)).unwrap());
            let back = serde_json::from_str::<Hal<Trip>>(&derived).unwrap().into_inner();
            prop_assert_eq!(back, trip);
        }
    }
}

/// A type that embeds itself, through `Option<Box<…>>`.
#[derive(Debug, PartialEq, Serialize, Deserialize, HalResource)]
#[hal(self_link = "/nodes/{id}")]
struct Node {
    id: u32,
    #[hal(embedded)]
    next: Option<Box<Node>>,
}

#[test]
fn recursive_embedding_through_box() {
    let chain = Node {
        id: 1,
        next: Some(Box::new(Node {
            id: 2,
            next: Some(Box::new(Node { id: 3, next: None })),
        })),
    };
    let json = serde_json::to_string(&Hal(&chain)).unwrap();
    assert_eq!(
        json,
        r#"{"_links":{"self":{"href":"/nodes/1"}},"id":1,"_embedded":{"next":{"_links":{"self":{"href":"/nodes/2"}},"id":2,"_embedded":{"next":{"_links":{"self":{"href":"/nodes/3"}},"id":3}}}}}"#
    );
    assert_eq!(
        serde_json::from_str::<Hal<Node>>(&json)
            .unwrap()
            .into_inner(),
        chain
    );
    // The depth limit applies to derived types too.
    let deep = hal_core::Limits::DEFAULT
        .with_max_depth(1)
        .parse_str::<Hal<Node>>(&json)
        .unwrap_err();
    assert_eq!(deep.message(), "`_embedded` nests deeper than 1 levels");
}

/// A `None` in a `{field}` placeholder leaves the link out instead of writing `/series/`; in a
/// prefixed expression it only drops the prefix.
#[derive(Serialize, Deserialize, HalResource)]
#[hal(self_link = "/books/{isbn}")]
#[hal(link(rel = "series", href = "/series/{series_id}"))]
#[hal(link(rel = "shelf", href = "/shelves{/shelf}"))]
struct Book {
    isbn: String,
    series_id: Option<u32>,
    shelf: Option<String>,
}

#[test]
fn a_none_placeholder_leaves_its_link_out() {
    let lone = Book {
        isbn: "1".into(),
        series_id: None,
        shelf: None,
    };
    let json = serde_json::to_value(Hal(&lone)).unwrap();
    assert_eq!(
        json["_links"],
        serde_json::json!({"self": {"href": "/books/1"}, "shelf": {"href": "/shelves"}})
    );
    let in_series = Book {
        isbn: "2".into(),
        series_id: Some(7),
        shelf: Some("a b".into()),
    };
    let json = serde_json::to_value(Hal(&in_series)).unwrap();
    assert_eq!(json["_links"]["series"]["href"], "/series/7");
    assert_eq!(json["_links"]["shelf"]["href"], "/shelves/a%20b");
}

#[derive(Serialize, Deserialize, HalResource)]
#[hal(link(rel = "series", href = "/series/{series_id}"))]
struct OnlyOptionalLink {
    series_id: Option<u32>,
}

#[test]
fn links_left_out_leave_no_empty_links_member() {
    let json = serde_json::to_string(&Hal(&OnlyOptionalLink { series_id: None })).unwrap();
    assert_eq!(json, r#"{"series_id":null}"#);
}

/// Hrefs and curies from consts, as a router would share them.
mod paths {
    pub(crate) const DOCS: &str = "https://docs.example.com/rels/{rel}";
    pub(crate) const BOOK: &str = "/books/{isbn}";
    pub(crate) const SERIES: &str = "/series/{series_id}";
    pub(crate) const SEARCH: &str = "/books{?q,page}";
}

#[derive(Serialize, Deserialize, HalResource, Debug, PartialEq)]
#[hal(curie(name = "lib", href = paths::DOCS))]
#[hal(self_link = paths::BOOK)]
#[hal(link(rel = "lib:series", href = paths::SERIES))]
#[hal(link(rel = "search", href = paths::SEARCH, templated))]
struct SharedPaths {
    isbn: String,
    series_id: Option<u32>,
}

#[test]
fn hrefs_and_curies_can_be_consts() {
    let book = SharedPaths {
        isbn: "978 1".into(),
        series_id: Some(3),
    };
    let json = serde_json::to_value(Hal(&book)).unwrap();
    assert_eq!(
        json["_links"],
        serde_json::json!({
            "curies": [{"href": "https://docs.example.com/rels/{rel}", "templated": true, "name": "lib"}],
            "self": {"href": "/books/978%201"},
            "lib:series": {"href": "/series/3"},
            "search": {"href": "/books{?q,page}", "templated": true},
        })
    );
    // The same bytes as literal hrefs would write, and a None placeholder leaves its link out.
    let alone = SharedPaths {
        isbn: "2".into(),
        series_id: None,
    };
    let json = serde_json::to_value(Hal(&alone)).unwrap();
    assert!(json["_links"].get("lib:series").is_none(), "{json}");
    let back: Hal<SharedPaths> = hal_core::from_value(&json).unwrap();
    assert_eq!(back.0, alone);
}

/// An embedded resource does not repeat a curie its enclosing document declares; a curie of
/// the same name with another template is written (the nearest definition wins, [H-65](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-65)).
mod curie_scope {
    use hal_core::{Hal, HalResource};
    use serde::Serialize;

    #[derive(Serialize, HalResource)]
    #[hal(curie(name = "lib", href = "https://docs.example.com/rels/{rel}"))]
    #[hal(self_link = "/books/{isbn}")]
    pub(crate) struct Book {
        pub(crate) isbn: String,
    }

    #[derive(Serialize, HalResource)]
    #[hal(curie(name = "lib", href = "https://other.example.com/{rel}"))]
    #[hal(self_link = "/magazines/{issn}")]
    pub(crate) struct Magazine {
        pub(crate) issn: String,
    }

    #[derive(Serialize, HalResource)]
    #[hal(curie(name = "lib", href = "https://docs.example.com/rels/{rel}"))]
    #[hal(self_link = "/shelf")]
    pub(crate) struct Shelf {
        #[hal(embedded(rel = "lib:books"))]
        pub(crate) books: Vec<Book>,
        #[hal(embedded(rel = "lib:magazines"))]
        pub(crate) magazines: Vec<Magazine>,
    }

    #[test]
    fn embedded_resources_do_not_repeat_the_enclosing_curies() {
        let shelf = Shelf {
            books: (0..100)
                .map(|i| Book {
                    isbn: i.to_string(),
                })
                .collect(),
            magazines: vec![Magazine { issn: "1".into() }],
        };
        let json = serde_json::to_value(Hal(&shelf)).unwrap();
        assert_eq!(json["_links"]["curies"][0]["name"], "lib");
        let book = &json["_embedded"]["lib:books"][0];
        assert_eq!(
            book["_links"],
            serde_json::json!({"self": {"href": "/books/0"}})
        );
        // Another template under the same name is a new definition: written.
        let magazine = &json["_embedded"]["lib:magazines"][0];
        assert_eq!(
            magazine["_links"]["curies"][0]["href"],
            "https://other.example.com/{rel}"
        );
        // Alone, a book declares its curie.
        let alone = serde_json::to_value(Hal(&shelf.books[0])).unwrap();
        assert_eq!(alone["_links"]["curies"][0]["name"], "lib");
        // And the page is smaller by the 100 repeated arrays.
        let bytes = serde_json::to_vec(&Hal(&shelf)).unwrap().len();
        let repeated: usize = shelf
            .books
            .iter()
            .map(|b| serde_json::to_vec(&Hal(b)).unwrap().len())
            .sum();
        assert!(bytes < repeated, "{bytes} >= {repeated}");
    }
}

/// One curie list for the whole service: every resource names it, embedded ones do not repeat
/// it, and reading matches relations by the URIs it expands them to.
mod shared_curies {
    use hal_core::{Hal, HalResource, Link, StaticCurie};
    use serde::{Deserialize, Serialize};

    pub(crate) const CURIES: &[StaticCurie] = &[
        StaticCurie::new("lib", "https://docs.example.com/rels/{rel}"),
        StaticCurie::new("ext", "https://other.example.com/{rel}"),
    ];

    #[derive(Serialize, Deserialize, HalResource, Debug, PartialEq)]
    #[hal(curies = CURIES, self_link = "/authors/{id}")]
    pub(crate) struct Author {
        pub(crate) id: u32,
    }

    #[derive(Serialize, Deserialize, HalResource, Debug, PartialEq)]
    #[hal(curies = self::CURIES, self_link = "/books/{id}")]
    pub(crate) struct Book {
        pub(crate) id: u32,
        #[hal(link(rel = "lib:publisher"))]
        pub(crate) publisher: Option<Link>,
        #[hal(embedded(rel = "lib:author"))]
        pub(crate) author: Option<Author>,
    }

    #[test]
    fn one_declaration_serves_every_resource() {
        let book = Book {
            id: 1,
            publisher: Some(Link::new("/publishers/2")),
            author: Some(Author { id: 7 }),
        };
        let json = serde_json::to_value(Hal(&book)).unwrap();
        assert_eq!(
            json["_links"]["curies"],
            serde_json::json!([
                {"href": "https://docs.example.com/rels/{rel}", "templated": true, "name": "lib"},
                {"href": "https://other.example.com/{rel}", "templated": true, "name": "ext"},
            ])
        );
        // The embedded author is in the book's scope: no second copy of the same list.
        assert_eq!(
            json["_embedded"]["lib:author"]["_links"],
            serde_json::json!({"self": {"href": "/authors/7"}})
        );
        let alone = serde_json::to_value(Hal(&Author { id: 7 })).unwrap();
        assert_eq!(alone["_links"]["curies"][1]["name"], "ext");
        // Read back, also from a document that calls the curie by another name.
        let back: Hal<Book> = hal_core::from_value(&json).unwrap();
        assert_eq!(back.0, book);
        let renamed = r#"{"_links":{"curies":[{"name":"l","href":"https://docs.example.com/rels/{rel}","templated":true}],
            "self":{"href":"/books/1"},"l:publisher":{"href":"/p/9"}},"id":1}"#;
        let back: Hal<Book> = hal_core::from_str(renamed).unwrap();
        assert_eq!(
            back.0.publisher.map(|l| l.href().to_owned()).as_deref(),
            Some("/p/9")
        );
    }
}

/// A document that names the curie otherwise, or writes the full URI, is read by the URIs its
/// relations expand to.
mod curies_by_uri {
    use hal_core::{Hal, HalResource, Link};
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize, HalResource, Debug)]
    #[hal(curie(name = "lib", href = "https://docs.example.com/rels/{rel}"))]
    pub(crate) struct Book {
        pub(crate) isbn: String,
        #[hal(link(rel = "lib:author"))]
        pub(crate) author: Option<Link>,
    }

    fn author(json: &str) -> Option<String> {
        let book: Hal<Book> = hal_core::from_str(json).unwrap();
        book.0.author.map(|l| l.href().to_owned())
    }

    #[test]
    fn relations_match_by_their_expanded_uri() {
        let renamed = r#"{"_links":{"curies":[{"name":"l","href":"https://docs.example.com/rels/{rel}","templated":true}],"l:author":{"href":"/authors/7"}},"isbn":"1"}"#;
        assert_eq!(author(renamed).as_deref(), Some("/authors/7"));
        let full_uri = r#"{"_links":{"https://docs.example.com/rels/author":{"href":"/authors/8"}},"isbn":"1"}"#;
        assert_eq!(author(full_uri).as_deref(), Some("/authors/8"));
        let same = r#"{"_links":{"lib:author":{"href":"/authors/9"}},"isbn":"1"}"#;
        assert_eq!(author(same).as_deref(), Some("/authors/9"));
        // `lib` that means something else in this document is not our `lib:author`.
        let other = r#"{"_links":{"curies":[{"name":"lib","href":"https://elsewhere.example/{rel}","templated":true}],"lib:author":{"href":"/x"}},"isbn":"1"}"#;
        assert_eq!(author(other), None);
    }
}
