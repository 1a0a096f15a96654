//! Prints a page of trips as a HAL document, built with the `hal_core` API.
//!
//! `cargo run -p hal-core --example trip_page`

use hal_core::time::Timestamps;
use hal_core::{Link, Rel, Resource};
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Trip {
    id: u64,
    distance_km: f64,
    #[serde(flatten)]
    timestamps: Timestamps,
}

#[derive(Serialize)]
struct Page {
    total: u64,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let started = hal_core::time::parse("2017-08-10T13:46:39.652+0000")?;
    let trips = (1..=3)
        .map(|id| {
            Resource::new(Trip {
                id,
                distance_km: 10.0 * id as f64,
                timestamps: Timestamps::created(started),
            })
            .with_link(Rel::SELF, Link::new(format!("/connectedcar/v2/trips/{id}")))
            .into_dynamic()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let page = Resource::new(Page { total: 3 })
        .with_link(
            Rel::SELF,
            Link::new("/connectedcar/v2/trips?offset=0&limit=10"),
        )
        .with_link(
            Rel::FIRST,
            Link::new("/connectedcar/v2/trips?offset=0&limit=10"),
        )
        .with_link(
            Rel::LAST,
            Link::new("/connectedcar/v2/trips?offset=0&limit=10"),
        )
        .with_link("find", Link::templated("/connectedcar/v2/trips/{id}")?)
        .with_embedded_many("objects", trips);
    let json = serde_json::to_string_pretty(&page)?;
    #[allow(clippy::print_stdout)] // printing the document is this program's job
    {
        println!("{json}");
    }
    Ok(())
}
