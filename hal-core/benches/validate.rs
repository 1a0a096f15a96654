//! Validating a 10 MB HAL document against parsing the same bytes into `serde_json::Value`.
//!
//! `cargo bench -p hal-core --bench validate`

use criterion::{Criterion, criterion_group};
use serde_json::{Value, json};

#[path = "support/ratio.rs"]
mod ratio;

/// A collection page of trips, each with links, state and embedded way points: about 10 MB.
fn document() -> Vec<u8> {
    let trips: Vec<Value> = (0..9_000)
        .map(|i| {
            json!({
                "_links": {
                    "self": {"href": format!("/connectedcar/v2/trips/{i}")},
                    "vehicle": {"href": format!("/connectedcar/v2/vehicles/VF3{i:014}"), "title": "Vehicle"},
                    "cc:alerts": {"href": format!("/connectedcar/v2/trips/{i}/alerts{{?offset,limit}}"), "templated": true}
                },
                "id": i,
                "vin": format!("VF3{i:014}"),
                "distanceKm": 12.5 + f64::from(i),
                "createdAt": "2017-08-10T13:46:39.652Z",
                "updatedAt": "2017-08-10T13:46:39.652Z",
                "_embedded": {
                    "wayPoints": (0..6).map(|w| json!({
                        "_links": {"self": {"href": format!("/connectedcar/v2/trips/{i}/waypoints/{w}")}},
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [2.35 + f64::from(w) / 100.0, 48.85]},
                        "properties": {"at": "2017-08-10T13:46:39.652Z"}
                    })).collect::<Vec<_>>()
                }
            })
        })
        .collect();
    let page = json!({
        "_links": {
            "self": {"href": "/connectedcar/v2/trips?offset=0&limit=9000"},
            "curies": [{"name": "cc", "href": "https://docs.example.com/rels/{rel}", "templated": true}]
        },
        "total": 9000,
        "_embedded": {"cc:trips": trips}
    });
    serde_json::to_vec(&page).unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let bytes = document();
    let value: Value = serde_json::from_slice(&bytes).unwrap_or_default();
    assert!(hal_core::validate(&value).is_valid());
    let mut group = c.benchmark_group("validate_10mb");
    group.sample_size(20);
    group.throughput(criterion::Throughput::Bytes(bytes.len() as u64));
    group.bench_function("parse_value_baseline", |b| {
        b.iter(|| serde_json::from_slice::<Value>(std::hint::black_box(&bytes)))
    });
    group.bench_function("validate", |b| {
        b.iter(|| hal_core::validate(std::hint::black_box(&value)))
    });
    group.finish();
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    ratio::report("validate_10mb", "validate", "parse_value_baseline", 2.0);
}
