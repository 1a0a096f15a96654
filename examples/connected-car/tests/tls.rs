//! The TLS mode: certificates made at test time, a real rustls client.

use std::path::Path;

use connected_car::certs::DevCa;
use reqwest::{Certificate, Client, Identity, StatusCode};
use serde_json::Value;

struct TlsService {
    base: String,
    dir: tempfile::TempDir,
}

impl TlsService {
    async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        connected_car::certs::write_dev_certs(dir.path(), &connected_car::FLEETS).unwrap();
        let config = hal_axum::tls::server_config(
            &dir.path().join("server.pem"),
            &dir.path().join("server.key"),
            &dir.path().join("ca.pem"),
        )
        .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(hal_axum::tls::serve(
            listener,
            config,
            connected_car::app().await,
            std::future::pending(),
        ));
        Self {
            base: format!("https://localhost:{port}"),
            dir,
        }
    }

    fn file(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.dir.path().join(name)).unwrap()
    }

    /// A client that trusts the server's CA and presents `identity`, if any.
    fn client(&self, identity: Option<Identity>) -> Client {
        let mut builder = Client::builder()
            .use_rustls_tls()
            .tls_built_in_root_certs(false)
            .add_root_certificate(Certificate::from_pem(&self.file("ca.pem")).unwrap());
        if let Some(identity) = identity {
            builder = builder.identity(identity);
        }
        builder.build().unwrap()
    }

    fn fleet(&self, fleet: &str) -> Client {
        let mut pem = self.file(&format!("client-{fleet}.pem"));
        pem.extend(self.file(&format!("client-{fleet}.key")));
        self.client(Some(Identity::from_pem(&pem).unwrap()))
    }

    async fn get(&self, client: &Client, href: &str) -> (StatusCode, Value) {
        let url = if href.starts_with("https://") {
            href.to_owned()
        } else {
            format!("{}{href}", self.base)
        };
        let response = client.get(url).send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

fn identity(pem: connected_car::certs::Pem) -> Identity {
    Identity::from_pem(format!("{}{}", pem.certificate, pem.key).as_bytes()).unwrap()
}

#[tokio::test]
async fn a_client_without_a_certificate_is_refused() {
    let service = TlsService::start().await;
    let result = service
        .client(None)
        .get(format!("{}/connectedcar/v2", service.base))
        .send()
        .await;
    assert!(
        result.is_err(),
        "the handshake must fail without a client certificate"
    );
}

#[tokio::test]
async fn a_certificate_from_another_ca_is_refused() {
    let service = TlsService::start().await;
    let stranger = DevCa::new("another CA").unwrap().client("f1").unwrap();
    let result = service
        .client(Some(identity(stranger)))
        .get(format!("{}/connectedcar/v2", service.base))
        .send()
        .await;
    assert!(
        result.is_err(),
        "the handshake must fail with a certificate from another CA"
    );
}

#[tokio::test]
async fn the_certificate_names_the_fleet() {
    let service = TlsService::start().await;
    let (f1, f2) = (service.fleet("f1"), service.fleet("f2"));
    let (status, root) = service.get(&f1, "/connectedcar/v2").await;
    assert_eq!(
        (status, root["fleetId"].as_str()),
        (StatusCode::OK, Some("f1"))
    );
    let (_, page) = service.get(&f1, "/connectedcar/v2/vehicles?limit=1").await;
    let own = page["_embedded"]["vehicles"][0]["_links"]["self"]["href"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, vehicle) = service.get(&f1, &own).await;
    assert_eq!(
        (status, vehicle["fleetId"].as_str()),
        (StatusCode::OK, Some("f1"))
    );
    let (status, problem) = service.get(&f2, &own).await;
    assert_eq!(
        (status, problem["status"].as_u64()),
        (StatusCode::FORBIDDEN, Some(403))
    );
    // Over TLS the header cannot override the certificate.
    let response = f2
        .get(format!("{}{own}", service.base))
        .header("x-fleet-id", "f1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // Transclusion fetches with the caller's certificate: the fleet comes embedded.
    let transcluded: Value = f1
        .get(format!("{}{own}", service.base))
        .header("prefer", r#"transclude="fleet status""#)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(transcluded["_embedded"]["fleet"]["fleetId"], "f1");
    assert!(
        transcluded["_embedded"]["status"].is_object(),
        "{transcluded}"
    );
}

#[tokio::test]
async fn a_full_paging_walk_over_tls_counts_total_items() {
    let service = TlsService::start().await;
    let f3 = service.fleet("f3");
    let mut href = format!("{}/connectedcar/v2/vehicles?limit=9", service.base);
    let mut seen = std::collections::HashSet::new();
    let mut total = None;
    loop {
        let (status, page) = service.get(&f3, &href).await;
        assert_eq!(status, StatusCode::OK);
        let page_total = page["total"].as_u64();
        assert!(
            total.is_none() || total == page_total,
            "the total changed while paging"
        );
        total = page_total;
        for item in page["_embedded"]["vehicles"].as_array().unwrap() {
            assert!(
                seen.insert(item["vin"].as_str().unwrap().to_owned()),
                "an item came twice"
            );
        }
        match page["_links"]["next"]["href"].as_str() {
            // Path-absolute: resolved against the https URL the client used.
            Some(next) => {
                href = url::Url::parse(&href)
                    .unwrap()
                    .join(next)
                    .unwrap()
                    .to_string()
            }
            None => break,
        }
    }
    assert_eq!((seen.len() as u64, total), (80, Some(80)));
    assert!(
        href.starts_with("https://localhost:"),
        "links keep the client's scheme and authority"
    );
}

#[test]
fn dev_certs_writes_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let files = connected_car::certs::write_dev_certs(dir.path(), &["f1"]).unwrap();
    let names: Vec<_> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "ca.pem",
            "server.pem",
            "server.key",
            "client-f1.pem",
            "client-f1.key"
        ]
    );
    assert!(Path::new(&files[0]).exists());
}

/// hal-client over mutual TLS: the fleet is named by the client certificate, and every vehicle
/// of it comes back across the pages, typed.
#[tokio::test]
async fn hal_client_walks_the_fleet_over_mutual_tls() {
    use futures_util::StreamExt;
    let service = TlsService::start().await;
    let client = hal_client::Client::with_http(service.fleet("f3"));
    let root = url::Url::parse(&format!("{}/connectedcar/v2", service.base)).unwrap();
    let vehicles: Vec<connected_car::resources::Vehicle> = client
        .root(root.clone())
        .follow("vehicles")
        .items("vehicles")
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(vehicles.len(), 80);
    assert!(vehicles.iter().all(|v| v.fleet_id == "f3"));
    // Without a certificate the handshake is refused: an HTTP error naming the URL.
    let anonymous = hal_client::Client::with_http(service.client(None));
    let error = anonymous.root(root).get().await.unwrap_err();
    assert!(error.is_http(), "{error}");
}

/// `hal get` with a client certificate, a private CA and `--items`: the CLI over mutual TLS.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hal_get_over_mutual_tls() {
    let service = TlsService::start().await;
    let path = |name: &str| service.dir.path().join(name).to_string_lossy().into_owned();
    let args = hal_cli::get::Args {
        url: format!("{}/connectedcar/v2", service.base),
        headers: vec![],
        follow: vec!["vehicles".into()],
        items: Some("vehicles".into()),
        all_pages: false,
        templates: false,
        lenient: false,
        color: hal_cli::get::Colour::Never,
        cacert: Some(path("ca.pem")),
        cert: Some(path("client-f3.pem")),
        key: Some(path("client-f3.key")),
    };
    // `hal get` runs its own runtime: on a thread of its own.
    let (outcome, out, err) = std::thread::spawn(move || {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let outcome = hal_cli::get::run(&args, &mut out, &mut err);
        (outcome, out, err)
    })
    .join()
    .unwrap();
    assert_eq!(
        outcome,
        hal_cli::Outcome::Ok,
        "{}",
        String::from_utf8_lossy(&err)
    );
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 80);
}
