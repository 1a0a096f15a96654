//! `webhook-receiver --secret whsec_… [--database events.db] [--addr 127.0.0.1:9000]`: receives
//! connected-car's deliveries at `/webhooks` and serves them at `/events`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Receives connected-car's signed webhook deliveries.
#[derive(Parser)]
#[command(version)]
struct Arguments {
    /// Where to listen.
    #[arg(long, default_value = "127.0.0.1:9000")]
    addr: SocketAddr,
    /// The SQLite file events are stored in, created if needed.
    #[arg(long, default_value = "webhook-events.db")]
    database: PathBuf,
    /// A monitor's secret (`whsec_…`, from the answer that created it or rotated it); repeat
    /// it to accept several, as during a rotation.
    #[arg(long, required = true, value_delimiter = ',')]
    secret: Vec<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .init();
    let arguments = Arguments::parse();
    let receiver = match webhook_receiver::Receiver::open(&arguments.database).await {
        Ok(receiver) => receiver,
        Err(error) => {
            eprintln!(
                "webhook-receiver: {}: {error}",
                arguments.database.display()
            );
            return ExitCode::FAILURE;
        }
    };
    for secret in &arguments.secret {
        if let Err(error) = receiver.add_secret(secret) {
            eprintln!("webhook-receiver: --secret: {error}");
            return ExitCode::FAILURE;
        }
    }
    let listener = match tokio::net::TcpListener::bind(arguments.addr).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("webhook-receiver: {}: {error}", arguments.addr);
            return ExitCode::FAILURE;
        }
    };
    eprintln!("webhook-receiver: listening on http://{}", arguments.addr);
    let served = hal_axum::serve::serve(
        listener,
        webhook_receiver::router(receiver),
        hal_axum::serve::ServeConfig::default(),
        async {
            let _ = tokio::signal::ctrl_c().await;
        },
    )
    .await;
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("webhook-receiver: {error}");
            ExitCode::FAILURE
        }
    }
}
