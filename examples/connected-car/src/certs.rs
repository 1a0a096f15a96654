//! Development certificates: a CA, a server certificate for localhost, one client certificate
//! per fleet (its CN is the fleet id). For trying the TLS mode, not for production.

use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};

/// A certificate authority that signs development certificates.
pub struct DevCa {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

/// A certificate and its private key, PEM-encoded.
pub struct Pem {
    /// The certificate.
    pub certificate: String,
    /// The private key.
    pub key: String,
}

type Error = rcgen::Error;

impl DevCa {
    /// A new self-signed CA named `name`.
    ///
    /// # Errors
    ///
    /// rcgen's error when the key or certificate cannot be made.
    pub fn new(name: &str) -> Result<Self, Error> {
        let mut params = CertificateParams::new(Vec::<String>::new())?;
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        Ok(Self {
            issuer: CertifiedIssuer::self_signed(params, KeyPair::generate()?)?,
        })
    }

    /// The CA's certificate.
    #[must_use]
    pub fn certificate_pem(&self) -> String {
        self.issuer.pem()
    }

    /// A server certificate for `localhost` and `127.0.0.1`.
    ///
    /// # Errors
    ///
    /// rcgen's error.
    pub fn server(&self) -> Result<Pem, Error> {
        let mut params =
            CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])?;
        params
            .distinguished_name
            .push(DnType::CommonName, "connected-car");
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        self.sign(params)
    }

    /// A client certificate whose subject CN is `common_name` (a fleet id).
    ///
    /// # Errors
    ///
    /// rcgen's error.
    pub fn client(&self, common_name: &str) -> Result<Pem, Error> {
        let mut params = CertificateParams::new(Vec::<String>::new())?;
        params
            .distinguished_name
            .push(DnType::CommonName, common_name);
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        self.sign(params)
    }

    fn sign(&self, params: CertificateParams) -> Result<Pem, Error> {
        let key = KeyPair::generate()?;
        let certificate = params.signed_by(&key, &self.issuer)?;
        Ok(Pem {
            certificate: certificate.pem(),
            key: key.serialize_pem(),
        })
    }
}

/// Writes `ca.pem`, `server.pem`, `server.key` and `client-<fleet>.pem`/`.key` for each fleet
/// into `dir` (created if needed); returns the files written.
///
/// # Errors
///
/// A message when a certificate cannot be made or a file written.
pub fn write_dev_certs(dir: &Path, fleets: &[&str]) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let ca = DevCa::new("connected-car development CA").map_err(|e| e.to_string())?;
    let mut files = vec![(dir.join("ca.pem"), ca.certificate_pem())];
    let server = ca.server().map_err(|e| e.to_string())?;
    files.push((dir.join("server.pem"), server.certificate));
    files.push((dir.join("server.key"), server.key));
    for fleet in fleets {
        let client = ca.client(fleet).map_err(|e| e.to_string())?;
        files.push((dir.join(format!("client-{fleet}.pem")), client.certificate));
        files.push((dir.join(format!("client-{fleet}.key")), client.key));
    }
    for (path, text) in &files {
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}
