//! Any bytes into a derived `Hal<T>` with links, link fields, paging links and nested embedded
//! resources, and as a typed page (`hal_paging::Page::parse`): no panic, and a parsed value writes
//! back to a document that parses.
#![no_main]

use hal_core::{Hal, HalResource, Link, Links};
use libfuzzer_sys::fuzz_target;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, HalResource)]
#[serde(rename_all = "camelCase")]
#[hal(self_link = "/points/{seq}")]
struct Point {
    seq: u32,
    lat: f64,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Serialize, Deserialize, HalResource)]
#[serde(rename_all = "camelCase")]
#[hal(self_link = "/trips/{id}")]
#[hal(link(rel = "search", href = "/trips{?q}", templated))]
struct Trip {
    id: u64,
    vin: String,
    #[hal(embedded)]
    points: Vec<Point>,
    #[hal(embedded)]
    next_trip: Option<Box<Trip>>,
    #[hal(link)]
    driver: Option<Link>,
    #[hal(links)]
    more: Links,
}

fuzz_target!(|data: &[u8]| {
    if let Ok(Hal(trip)) = hal_core::from_slice::<Hal<Trip>>(data) {
        let written = serde_json::to_vec(&Hal(&trip)).expect("a parsed trip serializes");
        hal_core::from_slice::<Hal<Trip>>(&written).expect("a written trip parses");
    }
    let lenient = hal_core::Limits::DEFAULT.with_lenient(true);
    for limits in [hal_core::Limits::DEFAULT, lenient] {
        if let Ok(page) = hal_paging::Page::<Trip>::parse(data, "points", limits) {
            let (_links, trips) = page.into_parts();
            for trip in &trips {
                serde_json::to_vec(&Hal(trip)).expect("a parsed item serializes");
            }
        }
        let _ = hal_paging::Page::<hal_core::Resource>::parse(data, "points", limits);
    }
});
