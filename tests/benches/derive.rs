//! `Hal(&page)` against plain serde structs that produce identical bytes, in one run: a
//! collection of 100 trips (six state fields including two timestamps, a self and a vehicle
//! link each) with paging links and `total`.
//!
//! `cargo bench -p hal-tests --bench derive`

use chrono::{DateTime, TimeZone, Utc};
use criterion::{Criterion, criterion_group};
use hal_core::{Hal, HalResource};
use hal_paging::{PageLinks, Paging, Total};
use serde::{Deserialize, Serialize};

#[path = "../../hal-core/benches/support/ratio.rs"]
mod ratio;

const BASE: &str = "/connectedcar/v2/trips";

#[derive(Serialize, Deserialize, HalResource)]
#[serde(rename_all = "camelCase")]
#[hal(self_link = "/connectedcar/v2/trips/{id}")]
#[hal(link(rel = "vehicle", href = "/connectedcar/v2/vehicles/{vin}"))]
struct Trip {
    id: u64,
    vin: String,
    distance_km: f64,
    duration_s: u32,
    #[serde(with = "hal_core::time::rfc3339")]
    created_at: DateTime<Utc>,
    #[serde(with = "hal_core::time::rfc3339")]
    updated_at: DateTime<Utc>,
}

#[derive(Serialize, Deserialize, HalResource)]
struct TripPage {
    total: u64,
    #[hal(links)]
    paging: PageLinks,
    #[hal(embedded(rel = "objects"))]
    trips: Vec<Trip>,
}

// The baseline: the same bytes from plain serde structs with the hrefs already built.
#[derive(Serialize, Deserialize)]
struct Href {
    href: String,
}

#[derive(Serialize, Deserialize)]
struct PlainTripLinks {
    #[serde(rename = "self")]
    this: Href,
    vehicle: Href,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlainTrip {
    #[serde(rename = "_links")]
    links: PlainTripLinks,
    id: u64,
    vin: String,
    distance_km: f64,
    duration_s: u32,
    #[serde(with = "hal_core::time::rfc3339")]
    created_at: DateTime<Utc>,
    #[serde(with = "hal_core::time::rfc3339")]
    updated_at: DateTime<Utc>,
}

#[derive(Serialize, Deserialize)]
struct PlainPageLinks {
    #[serde(rename = "self")]
    this: Href,
    first: Href,
    #[serde(skip_serializing_if = "Option::is_none")]
    prev: Option<Href>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<Href>,
    last: Href,
}

#[derive(Serialize, Deserialize)]
struct PlainEmbedded {
    objects: Vec<PlainTrip>,
}

#[derive(Serialize, Deserialize)]
struct PlainPage {
    _links: PlainPageLinks,
    total: u64,
    _embedded: PlainEmbedded,
}

fn trips() -> Vec<Trip> {
    let start = Utc
        .with_ymd_and_hms(2026, 11, 1, 8, 0, 0)
        .single()
        .unwrap_or_default();
    (0..100)
        .map(|i| Trip {
            id: 4_000 + i,
            vin: format!("VF3{:014}", i % 7),
            distance_km: 3.5 + i as f64 / 4.0,
            duration_s: 600 + i as u32,
            created_at: start + chrono::Duration::minutes(i as i64),
            updated_at: start + chrono::Duration::minutes(i as i64 + 30),
        })
        .collect()
}

fn page() -> TripPage {
    let paging = Paging::offset_limit().with_max_limit(100, hal_paging::OverMaximum::Clamp);
    let request = paging
        .parse_query("offset=100&limit=100")
        .unwrap_or_else(|_| hal_paging::PageRequest::new(100, 100));
    TripPage {
        total: 1_000,
        paging: paging.links(&request, BASE, Total::Exact(1_000)),
        trips: trips(),
    }
}

fn plain(page: &TripPage) -> PlainPage {
    let href = |h: &str| Href { href: h.to_owned() };
    PlainPage {
        _links: PlainPageLinks {
            this: href(page.paging.self_href()),
            first: href(page.paging.first().unwrap_or_default()),
            prev: page.paging.prev().map(href),
            next: page.paging.next().map(href),
            last: href(page.paging.last().unwrap_or_default()),
        },
        total: page.total,
        _embedded: PlainEmbedded {
            objects: page
                .trips
                .iter()
                .map(|t| PlainTrip {
                    links: PlainTripLinks {
                        this: href(&format!("{BASE}/{}", t.id)),
                        vehicle: href(&format!("/connectedcar/v2/vehicles/{}", t.vin)),
                    },
                    id: t.id,
                    vin: t.vin.clone(),
                    distance_km: t.distance_km,
                    duration_s: t.duration_s,
                    created_at: t.created_at,
                    updated_at: t.updated_at,
                })
                .collect(),
        },
    }
}

fn bench(c: &mut Criterion) {
    let page = page();
    let plain = plain(&page);
    let ours = serde_json::to_vec(&Hal(&page)).unwrap_or_default();
    let theirs = serde_json::to_vec(&plain).unwrap_or_default();
    assert_eq!(
        String::from_utf8_lossy(&ours),
        String::from_utf8_lossy(&theirs),
        "the baseline must write the same bytes"
    );

    let mut group = c.benchmark_group("derive_serialize_page_of_100");
    group.bench_function("plain_serde_baseline", |b| {
        let mut out = Vec::with_capacity(theirs.len());
        b.iter(|| {
            out.clear();
            serde_json::to_writer(&mut out, std::hint::black_box(&plain))
        })
    });
    group.bench_function("hal_derive", |b| {
        let mut out = Vec::with_capacity(ours.len());
        b.iter(|| {
            out.clear();
            serde_json::to_writer(&mut out, &Hal(std::hint::black_box(&page)))
        })
    });
    group.finish();

    let mut group = c.benchmark_group("derive_parse_page_of_100");
    group.bench_function("plain_serde_baseline", |b| {
        b.iter(|| serde_json::from_slice::<PlainPage>(std::hint::black_box(&theirs)))
    });
    group.bench_function("hal_derive", |b| {
        b.iter(|| serde_json::from_slice::<Hal<TripPage>>(std::hint::black_box(&ours)))
    });
    group.finish();
}

criterion_group!(benches, bench);

fn interleaved() {
    let page = page();
    let plain = plain(&page);
    let ours = serde_json::to_vec(&Hal(&page)).unwrap_or_default();
    let theirs = serde_json::to_vec(&plain).unwrap_or_default();
    let (mut out_plain, mut out_hal) = (
        Vec::with_capacity(ours.len()),
        Vec::with_capacity(ours.len()),
    );
    ratio::interleaved(
        "derive_serialize_page_of_100",
        1.10,
        || {
            out_plain.clear();
            let _ = serde_json::to_writer(&mut out_plain, std::hint::black_box(&plain));
        },
        || {
            out_hal.clear();
            let _ = serde_json::to_writer(&mut out_hal, &Hal(std::hint::black_box(&page)));
        },
    );
    ratio::interleaved(
        "derive_parse_page_of_100",
        1.30,
        || {
            let _ = std::hint::black_box(serde_json::from_slice::<PlainPage>(
                std::hint::black_box(&theirs),
            ));
        },
        || {
            let _ = std::hint::black_box(serde_json::from_slice::<Hal<TripPage>>(
                std::hint::black_box(&ours),
            ));
        },
    );
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    ratio::report(
        "derive_serialize_page_of_100",
        "hal_derive",
        "plain_serde_baseline",
        1.10,
    );
    ratio::report(
        "derive_parse_page_of_100",
        "hal_derive",
        "plain_serde_baseline",
        1.30,
    );
    // Not when criterion only lists or smoke-tests the benchmarks.
    if !std::env::args().any(|a| a == "--list" || a == "--test") {
        interleaved();
    }
}
