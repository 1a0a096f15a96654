//! hal-client walking collections of the demo, against a hand-written reqwest + serde_json loop
//! over the same pages, in the same run.
//!
//! `cargo bench -p connected-car --bench client`
//!
//! Every trip of ten vehicles of fleet f1, 10 a page (the demo's default), so many pages
//! and requests: `items::<TripSummary>("trips")` from each vehicle's trips link, against a
//! loop that GETs each page, reads it as a `serde_json::Value`, deserializes the embedded trips
//! and follows `next`. Both talk to the demo in-process over loopback; the ratio of their
//! medians is the client's overhead.

use std::net::SocketAddr;

use connected_car::resources::TripSummary;
use criterion::{Criterion, criterion_group};
use futures_util::StreamExt;
use hal_client::Client;
use reqwest::header::{HeaderMap, HeaderValue};
use url::Url;

#[path = "../../../hal-core/benches/support/ratio.rs"]
mod ratio;

const VEHICLES: usize = 10;

fn http() -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert("x-fleet-id", HeaderValue::from_static("f1"));
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap_or_default()
}

async fn start() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind: {e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let app = connected_car::app().await;
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// The trips collections of the first vehicles of f1.
async fn trips_urls(addr: SocketAddr) -> Vec<Url> {
    let page: serde_json::Value = http()
        .get(format!(
            "http://{addr}/connectedcar/v2/vehicles?limit={VEHICLES}"
        ))
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    page["_embedded"]["vehicles"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["vin"].as_str())
        .map(|vin| {
            Url::parse(&format!(
                "http://{addr}/connectedcar/v2/vehicles/{vin}/trips"
            ))
            .unwrap_or_else(|e| panic!("{e}"))
        })
        .collect()
}

async fn with_client(client: &Client, urls: &[Url]) -> usize {
    let mut count = 0;
    for url in urls {
        let trips = client.root(url.clone()).items::<TripSummary>("trips");
        let mut trips = std::pin::pin!(trips);
        while let Some(trip) = trips.next().await {
            trip.unwrap_or_else(|e| panic!("{e}"));
            count += 1;
        }
    }
    count
}

async fn by_hand(http: &reqwest::Client, urls: &[Url]) -> usize {
    let mut count = 0;
    for url in urls {
        let mut next = Some(url.clone());
        while let Some(url) = next.take() {
            let bytes = http
                .get(url.clone())
                .send()
                .await
                .and_then(|r| r.error_for_status())
                .unwrap_or_else(|e| panic!("{e}"))
                .bytes()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let page: serde_json::Value =
                serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{e}"));
            if let Some(items) = page["_embedded"]["trips"].as_array() {
                for item in items {
                    let _trip: TripSummary =
                        serde_json::from_value(item.clone()).unwrap_or_else(|e| panic!("{e}"));
                    count += 1;
                }
            }
            next = page["_links"]["next"]["href"]
                .as_str()
                .and_then(|href| url.join(href).ok());
        }
    }
    count
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = runtime.block_on(start());
    let urls = runtime.block_on(trips_urls(addr));
    let client = Client::with_http(http());
    let plain = http();
    let ours = runtime.block_on(with_client(&client, &urls));
    let theirs = runtime.block_on(by_hand(&plain, &urls));
    assert_eq!(ours, theirs, "both walks read the same trips");
    assert!(ours > 0);

    let mut group = c.benchmark_group("client_trips_of_10_vehicles");
    group.sample_size(20);
    group.bench_function("hand_written_reqwest_serde", |b| {
        b.iter(|| runtime.block_on(by_hand(&plain, &urls)))
    });
    group.bench_function("hal_client_items", |b| {
        b.iter(|| runtime.block_on(with_client(&client, &urls)))
    });
    group.finish();

    // Walks take milliseconds, so fewer interleaved rounds than `ratio::interleaved` runs: 41
    // rounds of three walks each side, the median of the per-round ratios.
    let mut ratios: Vec<f64> = (0..41)
        .map(|_| {
            let time = |walk: &dyn Fn()| {
                let start = std::time::Instant::now();
                for _ in 0..3 {
                    walk();
                }
                start.elapsed().as_secs_f64()
            };
            let baseline = time(&|| {
                runtime.block_on(by_hand(&plain, &urls));
            });
            let ours = time(&|| {
                runtime.block_on(with_client(&client, &urls));
            });
            ours / baseline
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    let (median, low, high) = (ratios[20], ratios[10], ratios[30]);
    let verdict = if median <= 1.05 { "within" } else { "OVER" };
    #[allow(clippy::print_stdout)] // the figures are this bench's output
    {
        println!("client_trips_of_10_vehicles: {ours} trips a walk");
        println!(
            "client_trips_of_10_vehicles: interleaved median ratio {median:.3}x (quartiles {low:.3}-{high:.3}, 41 rounds of 3; {verdict} the 1.05x target)"
        );
    }
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    ratio::report(
        "client_trips_of_10_vehicles",
        "hal_client_items",
        "hand_written_reqwest_serde",
        1.05,
    );
}
