//! Serving over TLS with client certificates (feature `tls`).
//!
//! [`server_config`] builds a rustls configuration that *requires* a client certificate signed
//! by the given CA: a handshake without one, or with one from another CA, fails. [`serve`]
//! accepts connections with it and puts the caller's verified certificate into every request's
//! extensions, where the [`ClientCertificate`] extractor reads it.
//!
//! # Example
//!
//! ```no_run
//! use std::path::Path;
//!
//! use axum::{Router, routing::get};
//! use hal_axum::tls::{self, ClientCertificate};
//!
//! async fn whoami(certificate: ClientCertificate) -> String {
//!     certificate.common_name().unwrap_or("?").to_owned()
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let config = tls::server_config(Path::new("server.pem"), Path::new("server.key"), Path::new("ca.pem"))?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8443").await?;
//! let app = Router::new().route("/whoami", get(whoami));
//! tls::serve(listener, config, app, std::future::pending()).await?;
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::future::Future;
use std::path::Path;
use std::sync::Arc;

use crate::ApiError;
use crate::serve::ServeConfig;
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use rustls::ServerConfig;
use rustls::server::WebPkiClientVerifier;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

/// Why a TLS configuration could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum TlsError {
    /// A PEM file that cannot be read or holds nothing usable.
    Pem {
        /// The file.
        file: String,
        /// What is wrong.
        reason: String,
    },
    /// rustls refused the certificates or the key.
    Rustls(rustls::Error),
    /// The client CA cannot verify certificates.
    Verifier(String),
}

impl fmt::Display for TlsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Pem { file, reason } => write!(f, "{file}: {reason}"),
            Self::Rustls(e) => write!(f, "TLS configuration refused: {e}"),
            Self::Verifier(e) => write!(f, "client CA unusable: {e}"),
        }
    }
}

impl std::error::Error for TlsError {}

fn certificates(file: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let pem_error = |reason: String| TlsError::Pem {
        file: file.display().to_string(),
        reason,
    };
    let certificates = CertificateDer::pem_file_iter(file)
        .map_err(|e| pem_error(e.to_string()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| pem_error(e.to_string()))?;
    if certificates.is_empty() {
        return Err(pem_error("no certificate in the file".into()));
    }
    Ok(certificates)
}

/// A server configuration from PEM files: the server's certificate chain and private key, and
/// the CA whose certificates clients must present.
///
/// # Errors
///
/// [`TlsError`] when a file cannot be read, holds no certificate or key, or rustls refuses them.
pub fn server_config(
    cert_chain: &Path,
    private_key: &Path,
    client_ca: &Path,
) -> Result<Arc<ServerConfig>, TlsError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    for certificate in certificates(client_ca)? {
        roots.add(certificate).map_err(TlsError::Rustls)?;
    }
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| TlsError::Verifier(e.to_string()))?;
    let key = PrivateKeyDer::from_pem_file(private_key).map_err(|e| TlsError::Pem {
        file: private_key.display().to_string(),
        reason: e.to_string(),
    })?;
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(TlsError::Rustls)?
        .with_client_cert_verifier(verifier)
        .with_single_cert(certificates(cert_chain)?, key)
        .map_err(TlsError::Rustls)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// The certificate a client authenticated with, verified against the client CA.
///
/// As an extractor it answers `403` with a problem document when the request did not come
/// through [`serve`] (so carries no certificate).
#[derive(Debug, Clone)]
pub struct ClientCertificate {
    der: CertificateDer<'static>,
    common_names: Vec<String>,
}

impl ClientCertificate {
    /// Reads the subject of a DER certificate.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    /// params.distinguished_name.push(rcgen::DnType::CommonName, "f1");
    /// let key = rcgen::KeyPair::generate().unwrap();
    /// let der = params.self_signed(&key).unwrap().der().clone();
    /// let certificate = hal_axum::tls::ClientCertificate::from_der(der);
    /// assert_eq!(certificate.common_name(), Some("f1"));
    /// ```
    #[must_use]
    pub fn from_der(der: CertificateDer<'static>) -> Self {
        let common_names = x509_parser::parse_x509_certificate(&der)
            .map(|(_, certificate)| {
                certificate
                    .subject()
                    .iter_common_name()
                    // A CN that is not a string is kept, empty, so that it still counts.
                    .map(|cn| cn.as_str().map_or_else(|_| String::new(), str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        Self { der, common_names }
    }

    /// The subject's common name (CN), which names the caller; `None` when the subject has
    /// no CN, several (`CN=f2, CN=f1` names nobody rather than whichever comes first), or one
    /// that is empty or not a string.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    /// params.distinguished_name.push(rcgen::DnType::CommonName, "f2");
    /// // The CN's object identifier under another name: a second CN.
    /// params.distinguished_name.push(rcgen::DnType::CustomDnType(vec![2, 5, 4, 3]), "f1");
    /// let key = rcgen::KeyPair::generate().unwrap();
    /// let der = params.self_signed(&key).unwrap().der().clone();
    /// let certificate = hal_axum::tls::ClientCertificate::from_der(der);
    /// assert_eq!(certificate.common_name(), None);
    /// assert_eq!(certificate.common_names().len(), 2);
    /// ```
    #[must_use]
    pub fn common_name(&self) -> Option<&str> {
        match self.common_names.as_slice() {
            [only] if !only.is_empty() => Some(only),
            _ => None,
        }
    }

    /// Every common name of the subject, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    /// params.distinguished_name = rcgen::DistinguishedName::new();
    /// let key = rcgen::KeyPair::generate().unwrap();
    /// let der = params.self_signed(&key).unwrap().der().clone();
    /// let certificate = hal_axum::tls::ClientCertificate::from_der(der);
    /// assert!(certificate.common_names().is_empty());
    /// assert_eq!(certificate.common_name(), None);
    /// ```
    #[must_use]
    pub fn common_names(&self) -> &[String] {
        &self.common_names
    }

    /// The certificate, DER-encoded.
    ///
    /// # Examples
    ///
    /// ```
    /// let params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    /// let key = rcgen::KeyPair::generate().unwrap();
    /// let der = params.self_signed(&key).unwrap().der().clone();
    /// let certificate = hal_axum::tls::ClientCertificate::from_der(der.clone());
    /// assert_eq!(certificate.der(), der.as_ref());
    /// ```
    #[must_use]
    pub fn der(&self) -> &[u8] {
        &self.der
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientCertificate {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<ClientCertificate>()
            .cloned()
            .ok_or_else(|| ApiError::forbidden("no client certificate"))
    }
}

/// Serves `router` over TLS with [`ServeConfig`]'s defaults until `shutdown` completes: a
/// shorthand for [`serve::serve`](crate::serve::serve) with
/// [`ServeConfig::with_tls`]. Each request carries the client's certificate as a
/// [`ClientCertificate`] extension. A connection whose handshake fails (no certificate, one from
/// another CA) or takes too long is closed without reaching the router.
///
/// # Errors
///
/// As [`serve::serve`](crate::serve::serve).
pub async fn serve(
    listener: tokio::net::TcpListener,
    config: Arc<ServerConfig>,
    router: Router,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    crate::serve::serve(
        listener,
        router,
        ServeConfig::default().with_tls(config),
        shutdown,
    )
    .await
}

/// The verified certificate the client presented, if any.
pub(crate) fn peer_certificate<I>(
    stream: &tokio_rustls::server::TlsStream<I>,
) -> Option<ClientCertificate> {
    stream
        .get_ref()
        .1
        .peer_certificates()
        .and_then(|chain| chain.first())
        .map(|der| ClientCertificate::from_der(der.clone().into_owned()))
}
