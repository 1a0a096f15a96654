//! The baselines `load.sh` measures the demo against, on loopback:
//!
//! - `page`: a bare axum server that writes a page's bytes, read once from a file, with the
//!   demo's headers; `304` when `If-None-Match` names its tag; the brotli or gzip bytes,
//!   compressed once, when the client accepts them. Whatever the demo spends beyond this is the serving path's.
//! - `trivial`: one handler answering `ok`, through bare `axum::serve`, or with `--stack`
//!   through `hal_axum::serve::serve` and all of its stack (metrics included, with a recorder
//!   installed as the demo does): the stack's own cost.
//!
//! ```text
//! cargo run --release -p connected-car --example serving_baseline -- page --addr 127.0.0.1:18091 --body page.json --etag '"x"' --gzip page.json.gz
//! cargo run --release -p connected-car --example serving_baseline -- trivial --addr 127.0.0.1:18092 --stack
//! ```

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use clap::{Parser, Subcommand};

/// The demo's allocator, for every baseline alike: the comparison is of the serving path.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The page's bytes, served bare.
    Page {
        #[arg(long)]
        addr: SocketAddr,
        /// The page as the demo sends it.
        #[arg(long)]
        body: PathBuf,
        /// The demo's tag for it, quotes included.
        #[arg(long)]
        etag: String,
        /// The page gzip-compressed.
        #[arg(long)]
        gzip: Option<PathBuf>,
        /// The page brotli-compressed.
        #[arg(long)]
        br: Option<PathBuf>,
    },
    /// A trivial handler.
    Trivial {
        #[arg(long)]
        addr: SocketAddr,
        /// Through hal-axum's serve stack rather than bare `axum::serve`.
        #[arg(long)]
        stack: bool,
    },
}

/// What the bare page server answers with.
#[derive(Clone)]
struct Page {
    body: Bytes,
    gzip: Option<Bytes>,
    br: Option<Bytes>,
    etag: HeaderValue,
}

/// The headers the demo's page carries besides its length and date.
fn page_headers(etag: &HeaderValue) -> [(header::HeaderName, HeaderValue); 4] {
    [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/hal+json"),
        ),
        (header::ETAG, etag.clone()),
        (header::CACHE_CONTROL, HeaderValue::from_static("private")),
        (
            header::VARY,
            HeaderValue::from_static("x-fleet-id, accept, accept-encoding"),
        ),
    ]
}

async fn page(
    axum::extract::State(page): axum::extract::State<Page>,
    headers: HeaderMap,
) -> Response {
    let mut response = if headers.get(header::IF_NONE_MATCH) == Some(&page.etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let accepts = |coding: &str| {
            headers
                .get(header::ACCEPT_ENCODING)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains(coding))
        };
        let encoded = [("br", &page.br), ("gzip", &page.gzip)]
            .into_iter()
            .find_map(|(coding, bytes)| {
                bytes
                    .as_ref()
                    .filter(|_| accepts(coding))
                    .map(|b| (coding, b))
            });
        match encoded {
            Some((coding, bytes)) => (
                [(header::CONTENT_ENCODING, HeaderValue::from_static(coding))],
                bytes.clone(),
            )
                .into_response(),
            None => page.body.clone().into_response(),
        }
    };
    for (name, value) in page_headers(&page.etag) {
        if response.status() == StatusCode::OK || name != header::CONTENT_TYPE {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    match Args::parse().command {
        Command::Page {
            addr,
            body,
            etag,
            gzip,
            br,
        } => {
            let page_state = Page {
                body: std::fs::read(body)?.into(),
                gzip: gzip.map(std::fs::read).transpose()?.map(Bytes::from),
                br: br.map(std::fs::read).transpose()?.map(Bytes::from),
                etag: HeaderValue::from_str(&etag)?,
            };
            let app = Router::new().fallback(get(page)).with_state(page_state);
            let listener = tokio::net::TcpListener::bind(addr).await?;
            axum::serve(listener, app).await?;
        }
        Command::Trivial { addr, stack } => {
            let app = Router::new().route("/", get(|| async { "ok" }));
            let listener = tokio::net::TcpListener::bind(addr).await?;
            if stack {
                // As the demo runs: its log filter (RUST_LOG overrides), and a metrics recorder.
                tracing_subscriber::fmt()
                    .with_env_filter(
                        tracing_subscriber::EnvFilter::try_from_default_env()
                            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
                    )
                    .with_writer(std::io::stderr)
                    .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
                    .init();
                let (recorder, _handle) = hal_axum::metrics::prometheus()?;
                metrics::set_global_recorder(recorder)?;
                hal_axum::serve::serve(
                    listener,
                    app,
                    hal_axum::serve::ServeConfig::default(),
                    std::future::pending(),
                )
                .await?;
            } else {
                axum::serve(listener, app).await?;
            }
        }
    }
    Ok(())
}
