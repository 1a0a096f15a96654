//! The two document shapes of the origin API (single object, paged collection), built through
//! the `hal_core` API and pinned as JSON snapshots.

use chrono::{TimeZone, Utc};
use hal_core::time::Timestamps;
use hal_core::{Link, Rel, Resource};
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Trip {
    id: u64,
    vin: String,
    distance_km: f64,
    #[serde(flatten)]
    timestamps: Timestamps,
}

fn trip(id: u64) -> Resource<Trip> {
    let created = Utc.with_ymd_and_hms(2017, 8, 10, 13, 46, 39).unwrap()
        + chrono::Duration::milliseconds(652);
    Resource::new(Trip {
        id,
        vin: "VF3ABCDEF12345678".into(),
        distance_km: 12.5,
        timestamps: Timestamps::created(created),
    })
    .with_link(Rel::SELF, Link::new(format!("/connectedcar/v2/trips/{id}")))
}

#[test]
fn single_object() {
    insta::assert_json_snapshot!(trip(7));
}

#[test]
fn collection_page() {
    #[derive(Serialize)]
    struct Page {
        total: u64,
    }
    let base = "/connectedcar/v2/trips";
    let page = Resource::new(Page { total: 100 })
        .with_link(Rel::SELF, Link::new(base))
        .with_link(Rel::FIRST, Link::new(format!("{base}/?offset=0")))
        .with_link(Rel::NEXT, Link::new(format!("{base}/?offset=10&limit=10")))
        .with_link(Rel::PREV, Link::new(format!("{base}/?offset=0")))
        .with_link(Rel::LAST, Link::new(format!("{base}/?offset=90&limit=10")))
        .with_embedded_many(
            "objects",
            [
                trip(1).into_dynamic().unwrap(),
                trip(2).into_dynamic().unwrap(),
            ],
        );
    insta::assert_json_snapshot!(page);
}

#[test]
fn the_origin_time_format_reads_back_to_the_same_instant() {
    let parsed = hal_core::time::parse("2017-08-10T13:46:39.652+0000").unwrap();
    assert_eq!(hal_core::time::format(&parsed), "2017-08-10T13:46:39.652Z");
}
