//! The TLS glue on its own: a certificate signed by the client CA reaches the handler as
//! `ClientCertificate`; no certificate, or one from another CA, never reaches it.
#![cfg(feature = "tls")]

use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use hal_axum::serve::ServeConfig;
use hal_axum::tls::{self, ClientCertificate};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair,
};
use reqwest::{Certificate, Client, Identity};
use tokio::io::AsyncReadExt;

struct Ca(CertifiedIssuer<'static, KeyPair>);

impl Ca {
    fn new() -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(DnType::CommonName, "test CA");
        Ca(CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap())
    }

    /// PEM certificate and key.
    fn issue(
        &self,
        names: Vec<String>,
        cn: &str,
        usage: ExtendedKeyUsagePurpose,
    ) -> (String, String) {
        let mut params = CertificateParams::new(names).unwrap();
        params.distinguished_name.push(DnType::CommonName, cn);
        params.extended_key_usages = vec![usage];
        let key = KeyPair::generate().unwrap();
        (
            params.signed_by(&key, &self.0).unwrap().pem(),
            key.serialize_pem(),
        )
    }
}

async fn whoami(certificate: ClientCertificate) -> String {
    assert!(!certificate.der().is_empty());
    certificate.common_name().unwrap_or("(no CN)").to_owned()
}

#[tokio::test]
async fn the_caller_is_its_certificate() {
    let ca = Ca::new();
    let config = server_config(&ca, "tls");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "https://localhost:{}/whoami",
        listener.local_addr().unwrap().port()
    );
    tokio::spawn(tls::serve(
        listener,
        config,
        Router::new().route("/whoami", get(whoami)),
        std::future::pending(),
    ));

    let client = |identity: Option<(String, String)>| {
        let mut builder = Client::builder()
            .use_rustls_tls()
            .tls_built_in_root_certs(false)
            .add_root_certificate(Certificate::from_pem(ca.0.pem().as_bytes()).unwrap());
        if let Some((cert, key)) = identity {
            builder =
                builder.identity(Identity::from_pem(format!("{cert}{key}").as_bytes()).unwrap());
        }
        builder.build().unwrap()
    };
    let alice = ca.issue(vec![], "alice", ExtendedKeyUsagePurpose::ClientAuth);
    let body = client(Some(alice))
        .get(&url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(body, "alice");

    assert!(
        client(None).get(&url).send().await.is_err(),
        "no certificate"
    );
    let stranger = Ca::new().issue(vec![], "alice", ExtendedKeyUsagePurpose::ClientAuth);
    assert!(
        client(Some(stranger)).get(&url).send().await.is_err(),
        "another CA"
    );
}

#[tokio::test]
async fn without_tls_the_extractor_answers_403() {
    use tower::ServiceExt;
    let app = Router::new().route("/whoami", get(whoami));
    let response = app
        .oneshot(
            axum::http::Request::get("/whoami")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[test]
fn a_missing_pem_file_is_a_clear_error() {
    let missing = std::path::Path::new("/no/such/file.pem");
    let error = tls::server_config(missing, missing, missing).unwrap_err();
    assert!(
        error.to_string().starts_with("/no/such/file.pem: "),
        "{error}"
    );
}

#[tokio::test]
async fn a_client_that_never_completes_the_handshake_is_dropped() {
    let config = server_config(&Ca::new(), "handshake");
    let serve_config = ServeConfig::default()
        .with_tls(config)
        .with_tls_handshake_timeout(Duration::from_millis(500))
        .with_header_read_timeout(Duration::from_secs(30));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(hal_axum::serve::serve(
        listener,
        Router::new().route("/whoami", get(whoami)),
        serve_config,
        std::future::pending(),
    ));
    // Plain TCP, no ClientHello: the connection is closed once the handshake timeout passes.
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    let mut buffer = [0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buffer)).await;
    assert!(
        matches!(read, Ok(Ok(0)) | Ok(Err(_))),
        "the connection stayed open: {read:?}"
    );
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(400) && elapsed < Duration::from_secs(3),
        "closed after {elapsed:?}"
    );
}

/// A server configuration for `localhost` signed by `ca`, which also signs clients; its PEM
/// files go through a folder named after `test`, removed afterwards.
fn server_config(ca: &Ca, test: &str) -> std::sync::Arc<rustls::ServerConfig> {
    let dir = std::env::temp_dir().join(format!("hal-axum-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (server_cert, server_key) = ca.issue(
        vec!["localhost".into()],
        "server",
        ExtendedKeyUsagePurpose::ServerAuth,
    );
    for (name, text) in [
        ("server.pem", &server_cert),
        ("server.key", &server_key),
        ("ca.pem", &ca.0.pem()),
    ] {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let config = tls::server_config(
        &dir.join("server.pem"),
        &dir.join("server.key"),
        &dir.join("ca.pem"),
    )
    .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    config
}
