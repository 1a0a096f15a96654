//! `connected-car`: serve the demo fleet API, over plain HTTP or TLS with client certificates.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use connected_car::delivery::DeliveryConfig;
use connected_car::signing::SigningKey;
use connected_car::store::{Location, Store};
use connected_car::targets::WebhookAllow;
use connected_car::{AppState, FleetData};
use hal_axum::serve::ServeConfig;

/// mimalloc rather than the system allocator: measured faster on the serving path (README).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    Serve(Box<Serve>),
    /// Write a development CA, a server certificate for localhost and a client certificate per
    /// fleet (CN f1, f2, f3) into a folder; keys are readable by their owner only, and
    /// certificates are valid for 90 days.
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
    /// Connections served at once; more wait to be accepted.
    #[arg(long, default_value_t = ServeConfig::default().max_connections())]
    max_connections: usize,
    /// Seconds a client may take for the TLS handshake.
    #[arg(long, value_name = "SECONDS", value_parser = seconds, default_value = "10")]
    handshake_timeout: Duration,
    /// Seconds a client may take to send a request's headers.
    #[arg(long, value_name = "SECONDS", value_parser = seconds, default_value = "10")]
    header_timeout: Duration,
    /// Seconds an idle keep-alive connection stays open.
    #[arg(long, value_name = "SECONDS", value_parser = seconds, default_value = "60")]
    idle_timeout: Duration,
    /// Seconds the service waits for the next chunk of a request body.
    #[arg(long, value_name = "SECONDS", value_parser = seconds, default_value = "10")]
    body_timeout: Duration,
    /// The largest request body, in bytes.
    #[arg(long, default_value_t = 64 * 1024)]
    max_body_bytes: usize,
    /// The monitors one fleet may have at once.
    #[arg(long, default_value_t = connected_car::DEFAULT_MAX_MONITORS_PER_FLEET)]
    max_monitors: usize,
    /// The folder of the SQLite database (monitors, events, deliveries), created if needed.
    #[arg(long, default_value = "data", conflicts_with = "database_url")]
    data_dir: PathBuf,
    /// A PostgreSQL database (`postgres://user:password@host/db`) instead of SQLite, which
    /// several instances can share.
    #[arg(long, value_name = "URL")]
    database_url: Option<String>,
    /// Trust this CA (PEM) for HTTPS webhooks, besides the usual roots.
    #[arg(long, value_name = "FILE")]
    webhook_ca: Option<PathBuf>,
    /// Seconds a webhook may take to answer before the attempt counts as failed.
    #[arg(long, value_name = "SECONDS", value_parser = seconds, default_value = "10")]
    webhook_timeout: Duration,
    /// A file holding the key (32 bytes, base64) every monitor's webhook secret derives from.
    /// Give every instance sharing a database the same one. Without it, a key is made on first
    /// use and kept in the database, where a dump of the database reveals it.
    #[arg(long, value_name = "FILE")]
    webhook_signing_key: Option<PathBuf>,
    /// Seconds a delivery lease lasts without renewal: how long other instances wait before
    /// taking over the monitors of an instance that died. An attempt renews it while it runs.
    #[arg(long, value_name = "SECONDS", value_parser = seconds, default_value = "30")]
    delivery_lease: Duration,
    /// Hosts (`hooks.example.com`, `*.example.com`) and networks (`10.0.0.0/8`) webhooks may
    /// target besides public https addresses, over plain http too; comma-separated or
    /// repeated. By default only https targets whose every address is public are accepted.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    webhook_allow: Vec<String>,
    /// Seconds a sample's `recordedAt` may be ahead of this service's clock; a sample dated
    /// later is refused (400), since it would make every real sample after it late.
    #[arg(long, value_name = "SECONDS", value_parser = seconds, default_value = "300")]
    max_clock_skew: Duration,
    /// Refuse (428) a change to a monitor that does not send `If-Match` with the ETag read.
    #[arg(long)]
    require_if_match: bool,
    /// Bytes of serialized pages and resources kept to be sent again while their validator
    /// says they are current (0 keeps none).
    #[arg(long, value_name = "BYTES", default_value_t = connected_car::DEFAULT_REPRESENTATION_CACHE_BYTES)]
    representation_cache: u64,
    /// Drive the fleet with simulated vehicle data, SPEED simulated seconds per real second
    /// (60 when given without a value), through the same path as POST .../telemetry.
    #[arg(long, value_name = "SPEED", num_args = 0..=1, default_missing_value = "60", value_parser = simulation_speed)]
    simulate: Option<f64>,
}

/// A simulation speed: more than 0, at most 3600 simulated seconds per real second.
fn simulation_speed(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(speed) if speed > 0.0 && speed <= 3_600.0 => Ok(speed),
        _ => Err(format!(
            "`{text}` must be a number more than 0 and at most 3600"
        )),
    }
}

impl Serve {
    fn config(&self) -> ServeConfig {
        connected_car::serve_config()
            .with_max_connections(self.max_connections)
            .with_tls_handshake_timeout(self.handshake_timeout)
            .with_header_read_timeout(self.header_timeout)
            .with_idle_timeout(self.idle_timeout)
            .with_body_read_timeout(self.body_timeout)
            .with_max_body_bytes(self.max_body_bytes)
    }
}

/// A positive number of seconds, fractions allowed (`0.5`).
fn seconds(text: &str) -> Result<Duration, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !(value.is_finite() && value > 0.0 && value <= 86_400.0) {
        return Err(format!(
            "`{text}` must be more than 0 and at most 86400 seconds"
        ));
    }
    Ok(Duration::from_secs_f64(value))
}

/// Plain mode trusts the `X-Fleet-Id` header; reachable from other machines, anyone is any fleet.
fn plain_mode_warning(addr: SocketAddr) -> Option<String> {
    (!addr.ip().is_loopback()).then(|| {
        format!(
            "serving plain HTTP on {addr}, which other machines can reach: the caller's fleet is \
             whatever its `X-Fleet-Id` header says. Use --tls-cert, --tls-key and --client-ca \
             outside development."
        )
    })
}

#[allow(clippy::print_stdout)] // telling the user where things are is this program's job
#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        // Colours for a person at a terminal only: escape codes in a log file are noise, and
        // writing them is most of the cost of every request's span (measured).
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
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
        Some(Command::Serve(serve)) => *serve,
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
    let mut config = serve.config();
    let scheme = match (&serve.tls_cert, &serve.tls_key, &serve.client_ca) {
        (Some(cert), Some(key), Some(ca)) => match hal_axum::tls::server_config(cert, key, ca) {
            Ok(tls) => {
                config = config.with_tls(tls);
                "https"
            }
            Err(error) => {
                eprintln!("connected-car: {error}");
                return ExitCode::FAILURE;
            }
        },
        _ => {
            if let Some(warning) = plain_mode_warning(addr) {
                tracing::warn!("{warning}");
            }
            "http"
        }
    };
    let identity = if scheme == "https" {
        "client certificate required"
    } else {
        "send `X-Fleet-Id: f1`"
    };
    println!("connected-car: serving {scheme}://{addr}/connectedcar/v2 ({identity}); Ctrl-C stops");
    let allow = match WebhookAllow::parse(serve.webhook_allow.iter().map(String::as_str)) {
        Ok(allow) => allow,
        Err(error) => {
            eprintln!("connected-car: --webhook-allow: {error}");
            return ExitCode::FAILURE;
        }
    };
    let location = match &serve.database_url {
        Some(url) => Location::Url(url.clone()),
        None => Location::Folder(serve.data_dir.clone()),
    };
    let store = match Store::open(&location, Duration::from_secs(5)).await {
        Ok(store) => store,
        Err(error) => {
            eprintln!("connected-car: cannot open the database: {error}");
            return ExitCode::FAILURE;
        }
    };
    let state = AppState::new(FleetData::generate(connected_car::SEED), store)
        .with_max_monitors_per_fleet(serve.max_monitors)
        .with_webhook_allow(allow)
        .with_if_match_required(serve.require_if_match)
        .with_max_clock_skew(serve.max_clock_skew)
        .with_representation_cache(serve.representation_cache);
    // Development (plain HTTP on loopback, where the header is trusted anyway): the explorer
    // offers the first fleet when a request lacks one.
    let state = if scheme == "http" && addr.ip().is_loopback() {
        state.with_explorer_identity("f1")
    } else {
        state
    };
    let state = match &serve.webhook_signing_key {
        None => state,
        Some(file) => {
            let key = std::fs::read_to_string(file)
                .map_err(|error| error.to_string())
                .and_then(|text| SigningKey::from_base64(&text).map_err(|error| error.to_string()));
            match key {
                Ok(key) => state.with_signing_key(key),
                Err(error) => {
                    eprintln!(
                        "connected-car: --webhook-signing-key {}: {error}",
                        file.display()
                    );
                    return ExitCode::FAILURE;
                }
            }
        }
    };
    // The binary, not a library, decides the process's recorder.
    let state = match hal_axum::metrics::prometheus() {
        Ok((recorder, handle)) => match metrics::set_global_recorder(recorder) {
            Ok(()) => state.with_metrics(handle),
            Err(error) => {
                tracing::warn!(%error, "no /metrics: another recorder is installed");
                state
            }
        },
        Err(error) => {
            tracing::warn!(%error, "no /metrics");
            state
        }
    };
    if let Err(error) = state.sync_monitors().await {
        eprintln!("connected-car: cannot load the monitors: {error}");
        return ExitCode::FAILURE;
    }
    let delivery = DeliveryConfig {
        timeout: serve.webhook_timeout,
        lease: serve.delivery_lease,
        webhook_ca: serve.webhook_ca.clone(),
        ..DeliveryConfig::default()
    };
    // Requests that apply samples load monitor changes in their transaction; this keeps idle
    // instances close to the database.
    if let Err(error) = state.start_background(delivery, Duration::from_secs(1)) {
        eprintln!("connected-car: {error}");
        return ExitCode::FAILURE;
    }
    if let Some(speed) = serve.simulate {
        println!("connected-car: simulating the fleet at {speed}x");
        tokio::spawn(connected_car::simulator::run(state.clone(), speed));
    }
    let app = connected_car::router(state);
    match hal_axum::serve::serve(listener, app, config, hal_axum::serve::shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("connected-car: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_mode_warns_off_loopback_only() {
        assert_eq!(plain_mode_warning("127.0.0.1:8080".parse().unwrap()), None);
        assert_eq!(plain_mode_warning("[::1]:8080".parse().unwrap()), None);
        let warning = plain_mode_warning("0.0.0.0:8080".parse().unwrap()).unwrap();
        assert!(warning.contains("X-Fleet-Id"), "{warning}");
        assert!(plain_mode_warning("192.0.2.7:80".parse().unwrap()).is_some());
    }

    #[test]
    fn seconds_are_positive_and_bounded() {
        assert_eq!(seconds("0.5"), Ok(Duration::from_millis(500)));
        assert_eq!(seconds("10"), Ok(Duration::from_secs(10)));
        for bad in ["0", "-1", "NaN", "inf", "ten", "100000"] {
            assert!(seconds(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_command_line_reaches_the_serving_config() {
        let cli = Cli::parse_from([
            "connected-car",
            "--max-connections",
            "7",
            "--header-timeout",
            "1.5",
            "--max-body-bytes",
            "100",
            "--simulate",
        ]);
        let config = cli.serve.config();
        assert_eq!(config.max_connections(), 7);
        assert_eq!(config.header_read_timeout(), Duration::from_millis(1500));
        assert_eq!(config.max_body_bytes(), 100);
        assert_eq!(config.idle_timeout(), Duration::from_secs(60));
        assert_eq!(cli.serve.simulate, Some(60.0));
        let cli = Cli::parse_from(["connected-car", "--simulate=600"]);
        assert_eq!(cli.serve.simulate, Some(600.0));
        assert!(Cli::try_parse_from(["connected-car", "--simulate=0"]).is_err());
        assert_eq!(Cli::parse_from(["connected-car"]).serve.simulate, None);
    }
}
