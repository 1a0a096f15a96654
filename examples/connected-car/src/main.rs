//! `connected-car`: serve the demo fleet API, over plain HTTP or TLS with client certificates.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// The connected-car fleet API, a demo HAL service.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: Serve,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (the default).
    Serve(Serve),
    /// Write a development CA, a server certificate for localhost and a client certificate per
    /// fleet (CN f1, f2, f3) into a folder.
    DevCerts {
        /// The folder to write into.
        #[arg(long, default_value = "certs")]
        out: PathBuf,
    },
}

#[derive(Args, Clone)]
struct Serve {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Serve TLS with this certificate chain (PEM); needs --tls-key and --client-ca.
    #[arg(long, requires_all = ["tls_key", "client_ca"])]
    tls_cert: Option<PathBuf>,
    /// The server's private key (PEM).
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// The CA that signs client certificates (PEM); a client certificate is then required.
    #[arg(long, requires = "tls_cert")]
    client_ca: Option<PathBuf>,
}

#[allow(clippy::print_stdout)] // telling the user where things are is this program's job
#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let serve = match cli.command {
        Some(Command::DevCerts { out }) => {
            return match connected_car::certs::write_dev_certs(&out, &connected_car::FLEETS) {
                Ok(files) => {
                    for file in files {
                        println!("wrote {}", file.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("connected-car: {error}");
                    ExitCode::FAILURE
                }
            };
        }
        Some(Command::Serve(serve)) => serve,
        None => cli.serve,
    };
    let listener = match tokio::net::TcpListener::bind(serve.addr).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("connected-car: cannot listen on {}: {error}", serve.addr);
            return ExitCode::FAILURE;
        }
    };
    let addr = listener.local_addr().unwrap_or(serve.addr);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let result = match (&serve.tls_cert, &serve.tls_key, &serve.client_ca) {
        (Some(cert), Some(key), Some(ca)) => {
            let config = match hal_axum::tls::server_config(cert, key, ca) {
                Ok(config) => config,
                Err(error) => {
                    eprintln!("connected-car: {error}");
                    return ExitCode::FAILURE;
                }
            };
            println!(
                "connected-car: serving https://{addr}/connectedcar/v2 (client certificate required); Ctrl-C stops"
            );
            hal_axum::tls::serve(listener, config, connected_car::app(), shutdown).await
        }
        _ => {
            println!(
                "connected-car: serving http://{addr}/connectedcar/v2 (send `X-Fleet-Id: f1`); Ctrl-C stops"
            );
            axum::serve(listener, connected_car::app())
                .with_graceful_shutdown(shutdown)
                .await
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("connected-car: {error}");
            ExitCode::FAILURE
        }
    }
}
