//! `connected-car`: serve the demo fleet API.

use std::net::SocketAddr;

use clap::Parser;

/// The connected-car fleet API, a demo HAL service.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let listener = match tokio::net::TcpListener::bind(args.addr).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("connected-car: cannot listen on {}: {error}", args.addr);
            return std::process::ExitCode::FAILURE;
        }
    };
    let addr = listener.local_addr().unwrap_or(args.addr);
    #[allow(clippy::print_stdout)] // telling the user where to start is this program's job
    {
        println!(
            "connected-car: serving http://{addr}/connectedcar/v2 (send `X-Fleet-Id: f1`); Ctrl-C stops"
        );
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match axum::serve(listener, connected_car::app())
        .with_graceful_shutdown(shutdown)
        .await
    {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("connected-car: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
