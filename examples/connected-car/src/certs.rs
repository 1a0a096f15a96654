//! Development certificates: a CA, a server certificate for localhost, one client certificate
//! per fleet (its CN is the fleet id). For trying the TLS mode, not for production: each is
//! valid for [`VALIDITY_DAYS`] days, and private keys are written readable by their owner only.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, Utc};

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

/// How long development certificates are valid, from yesterday (for clocks a little behind).
pub const VALIDITY_DAYS: i64 = 90;

/// Sets a certificate's validity to [`VALIDITY_DAYS`] from yesterday.
fn limit_validity(params: &mut CertificateParams) {
    let day = |date: chrono::DateTime<Utc>| {
        // A calendar month and day always fit in u8.
        rcgen::date_time_ymd(date.year(), date.month() as u8, date.day() as u8)
    };
    let yesterday = Utc::now() - Duration::days(1);
    params.not_before = day(yesterday);
    params.not_after = day(yesterday + Duration::days(VALIDITY_DAYS));
}

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
        limit_validity(&mut params);
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

    fn sign(&self, mut params: CertificateParams) -> Result<Pem, Error> {
        limit_validity(&mut params);
        let key = KeyPair::generate()?;
        let certificate = params.signed_by(&key, &self.issuer)?;
        Ok(Pem {
            certificate: certificate.pem(),
            key: key.serialize_pem(),
        })
    }
}

/// Writes `ca.pem`, `server.pem`, `server.key` and `client-<fleet>.pem`/`.key` for each fleet
/// into `dir` (created if needed); returns the files written. Keys (`.key`) are made readable
/// and writable by their owner only (mode 0600 on Unix), also when they already existed.
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
        let secret = path.extension().is_some_and(|ext| ext == "key");
        write_file(path, text, secret).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// Writes `text` to `path`; a `secret` is never readable by others, not even for a moment.
fn write_file(path: &Path, text: &str, secret: bool) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        // `mode` applies to new files only; an existing key may have been readable.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        return (&file).write_all(text.as_bytes());
    }
    let _ = secret;
    options.open(path)?.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_private_and_certificates_short_lived() {
        let dir = tempfile::tempdir().unwrap();
        // A key left readable by an earlier run is tightened too.
        std::fs::write(dir.path().join("server.key"), "old").unwrap();
        let files = write_dev_certs(dir.path(), &["f1"]).unwrap();
        assert_eq!(files.len(), 5);
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
                if file.extension().unwrap() == "key" {
                    assert_eq!(mode, 0o600, "{}", file.display());
                    assert!(text.contains("PRIVATE KEY"));
                } else {
                    assert_eq!(mode & 0o600, 0o600, "{}", file.display());
                }
            }
            if file.extension().unwrap() == "pem" {
                use rustls_pki_types::pem::PemObject;
                let der =
                    rustls_pki_types::CertificateDer::from_pem_slice(text.as_bytes()).unwrap();
                let (_, certificate) = x509_parser::parse_x509_certificate(&der).unwrap();
                let validity = certificate.validity();
                let days =
                    (validity.not_after.timestamp() - validity.not_before.timestamp()) / 86_400;
                assert!(days <= 366, "{}: valid for {days} days", file.display());
                assert!(validity.is_valid(), "{} is not valid now", file.display());
            }
        }
    }
}
