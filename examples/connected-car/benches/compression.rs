//! What each gzip and brotli level costs on the demo's 100-vehicle page, and what it saves: the
//! table the serving stack's compression level is chosen from.
//!
//! `cargo bench -p connected-car --bench compression`
//!
//! The page is the one the demo serves (`/vehicles?offset=0&limit=100` for f1, 75 640 bytes),
//! compressed whole as the stack compresses a response. Criterion reports the time per page;
//! the compressed sizes are printed before the runs.

use std::io::Write;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use tower::ServiceExt;

/// The page as the demo writes it.
fn page() -> Vec<u8> {
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|e| panic!("{e}"));
    runtime.block_on(async {
        let request = axum::http::Request::get("/connectedcar/v2/vehicles?offset=0&limit=100")
            .header("x-fleet-id", "f1")
            .body(axum::body::Body::empty())
            .unwrap_or_else(|e| panic!("{e}"));
        let response = connected_car::app()
            .await
            .oneshot(request)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .to_vec()
    })
}

fn gzip(page: &[u8], level: u32) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
    encoder
        .write_all(page)
        .and_then(|()| encoder.finish())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn brotli(page: &[u8], level: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        // Window 22, as the stack's encoder uses by default.
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, level, 22);
        writer.write_all(page).unwrap_or_else(|e| panic!("{e}"));
    }
    out
}

const GZIP_LEVELS: [u32; 4] = [1, 3, 6, 9];
const BROTLI_LEVELS: [u32; 5] = [1, 3, 4, 5, 11];

#[allow(clippy::print_stdout)] // the sizes are this bench's output
fn levels(c: &mut Criterion) {
    let page = page();
    println!("page: {} bytes", page.len());
    for level in GZIP_LEVELS {
        println!("gzip {level}: {} bytes", gzip(&page, level).len());
    }
    for level in BROTLI_LEVELS {
        println!("br {level}: {} bytes", brotli(&page, level).len());
    }
    let mut group = c.benchmark_group("compress the page");
    group.throughput(Throughput::Bytes(page.len() as u64));
    for level in GZIP_LEVELS {
        group.bench_with_input(BenchmarkId::new("gzip", level), &level, |b, &level| {
            b.iter(|| gzip(&page, level));
        });
    }
    for level in BROTLI_LEVELS {
        group.bench_with_input(BenchmarkId::new("br", level), &level, |b, &level| {
            b.iter(|| brotli(&page, level));
        });
    }
    group.finish();
}

criterion_group!(benches, levels);
criterion_main!(benches);
