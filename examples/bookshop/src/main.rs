//! `bookshop`: the bookshop service on a SQLite file, until Ctrl-C or `SIGTERM`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use hal_axum::serve::{ServeConfig, serve, shutdown_signal};

/// A small HAL service: authors and their books, on SQLite.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
struct Args {
    /// Where to listen.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The SQLite file, created with sample books when missing (`:memory:` for none).
    #[arg(long, default_value = "bookshop.db")]
    database: PathBuf,
}

#[allow(clippy::print_stdout)] // telling the user where the service is is this program's job
#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = Args::parse();
    let db = match bookshop::open(&args.database).await {
        Ok(db) => db,
        Err(error) => {
            eprintln!("bookshop: cannot open {}: {error}", args.database.display());
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(args.addr).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("bookshop: cannot listen on {}: {error}", args.addr);
            return ExitCode::FAILURE;
        }
    };
    println!("bookshop: http://{}/", args.addr);
    // `serve` adds what production needs: timeouts, limits, problem documents, request ids,
    // ETags and `304`s, compression, and a graceful drain on shutdown.
    let served = serve(
        listener,
        bookshop::router(db),
        ServeConfig::default(),
        shutdown_signal(),
    );
    match served.await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bookshop: {error}");
            ExitCode::FAILURE
        }
    }
}
