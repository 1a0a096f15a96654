//! Webhook signatures, as the Standard Webhooks specification defines them: every delivery
//! carries `webhook-id` (the batch's `Idempotency-Key`, the same on retries),
//! `webhook-timestamp` (seconds since the epoch) and `webhook-signature` (`v1,<base64
//! HMAC-SHA256>` over `id.timestamp.body` with the monitor's secret).
//!
//! A monitor's secret (`whsec_` and the base64 of 32 bytes) is given once, in the answer that
//! creates it, and again only when rotated. It is not stored: it is derived from the service's
//! signing key, the monitor's id and the secret's generation (HMAC-SHA256), so a database
//! holds no secret. The key comes from `--webhook-signing-key FILE`, which every instance
//! sharing a database must be given, or else is made on first use and kept in the database
//! (then a dump of the database does reveal it; the README says to give a file).
//!
//! Rotating a secret (`POST .../monitors/{id}/secret`) starts a new generation; for
//! [`ROTATION_OVERLAP`] deliveries carry signatures by both, so receivers can switch at leisure.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How long deliveries are also signed with the secret a rotation replaced.
pub const ROTATION_OVERLAP: chrono::Duration = chrono::Duration::hours(24);

/// The prefix of a Standard Webhooks secret.
const SECRET_PREFIX: &str = "whsec_";

/// The service's signing key: 32 random bytes from which every monitor's secret derives.
#[derive(Clone)]
pub struct SigningKey([u8; 32]);

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(..)")
    }
}

/// Why a signing key cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError(pub String);

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KeyError {}

impl SigningKey {
    /// A new random key.
    ///
    /// # Errors
    ///
    /// [`KeyError`] when the operating system gives no randomness.
    pub fn generate() -> Result<Self, KeyError> {
        let mut bytes = [0; 32];
        getrandom::fill(&mut bytes).map_err(|error| KeyError(error.to_string()))?;
        Ok(Self(bytes))
    }

    /// A key written as base64 (as [`SigningKey::to_base64`] writes it; white space around it
    /// is ignored).
    ///
    /// # Errors
    ///
    /// [`KeyError`] when it is not base64 of 32 bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use connected_car::signing::SigningKey;
    ///
    /// let key = SigningKey::generate()?;
    /// let again = SigningKey::from_base64(&key.to_base64())?;
    /// assert_eq!(key.secret("m1", 1), again.secret("m1", 1));
    /// assert!(SigningKey::from_base64("c2hvcnQ=").is_err());
    /// # Ok::<(), connected_car::signing::KeyError>(())
    /// ```
    pub fn from_base64(text: &str) -> Result<Self, KeyError> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|error| KeyError(format!("not base64: {error}")))?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|bytes: Vec<u8>| KeyError(format!("{} bytes, not 32", bytes.len())))?;
        Ok(Self(bytes))
    }

    /// The key as base64.
    #[must_use]
    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0)
    }

    /// Generation `generation` of monitor `monitor_id`'s secret: `whsec_` and base64.
    ///
    /// # Examples
    ///
    /// ```
    /// use connected_car::signing::SigningKey;
    ///
    /// let key = SigningKey::generate()?;
    /// let secret = key.secret("m1", 1);
    /// assert!(secret.starts_with("whsec_"));
    /// assert_ne!(secret, key.secret("m1", 2), "a rotation changes it");
    /// assert_ne!(secret, key.secret("m2", 1), "each monitor has its own");
    /// # Ok::<(), connected_car::signing::KeyError>(())
    /// ```
    #[must_use]
    pub fn secret(&self, monitor_id: &str, generation: i64) -> String {
        // HMAC accepts keys of any length: `new_from_slice` cannot fail here.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            return String::new();
        };
        mac.update(b"connected-car monitor secret\0");
        mac.update(monitor_id.as_bytes());
        mac.update(&generation.to_be_bytes());
        format!(
            "{SECRET_PREFIX}{}",
            STANDARD.encode(mac.finalize().into_bytes())
        )
    }

    /// The `webhook-signature` header of a delivery of monitor `monitor_id`, whose secret is at
    /// `generation` since `rotated_at` (`None`: never rotated): the current secret's signature,
    /// and the previous one's while the rotation is less than [`ROTATION_OVERLAP`] old.
    ///
    /// # Examples
    ///
    /// ```
    /// use connected_car::signing::SigningKey;
    ///
    /// let key = SigningKey::generate()?;
    /// let now = chrono::Utc::now();
    /// let one = key.signature("m1", 1, None, now, "msg_1", 1_700_000_000, b"{}");
    /// assert!(one.starts_with("v1,") && !one.contains(' '));
    /// let both = key.signature("m1", 2, Some(now), now, "msg_1", 1_700_000_000, b"{}");
    /// assert_eq!(both.split(' ').count(), 2);
    /// # Ok::<(), connected_car::signing::KeyError>(())
    /// ```
    #[allow(clippy::too_many_arguments)] // what is signed, with whose secrets, when
    #[must_use]
    pub fn signature(
        &self,
        monitor_id: &str,
        generation: i64,
        rotated_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
        message_id: &str,
        timestamp: i64,
        body: &[u8],
    ) -> String {
        let overlapping = rotated_at.is_some_and(|at| now - at < ROTATION_OVERLAP);
        let generations: &[i64] = if overlapping && generation > 1 {
            &[generation, generation - 1]
        } else {
            &[generation]
        };
        generations
            .iter()
            .filter_map(|generation| {
                let secret = self.secret(monitor_id, *generation);
                standardwebhooks::Webhook::new(&secret)
                    .and_then(|webhook| webhook.sign(message_id, timestamp, body))
                    .ok()
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The signing key a service signs with: the one configured, or else the one kept in the
/// database (made there on first use), read once.
pub struct Signer {
    configured: Option<SigningKey>,
    loaded: tokio::sync::OnceCell<SigningKey>,
    store: crate::store::Store,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("configured", &self.configured.is_some())
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// Signs with `configured`, or with the key `store` keeps.
    #[must_use]
    pub fn new(store: crate::store::Store, configured: Option<SigningKey>) -> Self {
        Self {
            configured,
            loaded: tokio::sync::OnceCell::new(),
            store,
        }
    }

    /// The key.
    ///
    /// # Errors
    ///
    /// [`crate::store::StoreError`] when the key must be read from the database and cannot be,
    /// or what is stored is not a key.
    pub async fn key(&self) -> Result<&SigningKey, crate::store::StoreError> {
        if let Some(key) = &self.configured {
            return Ok(key);
        }
        self.loaded
            .get_or_try_init(|| async {
                let stored = self
                    .store
                    .signing_key(|| {
                        SigningKey::generate()
                            .map(|key| key.to_base64())
                            .unwrap_or_default()
                    })
                    .await?;
                SigningKey::from_base64(&stored).map_err(|error| {
                    crate::store::StoreError::Corrupt {
                        what: "signing key",
                        source: Box::new(error),
                    }
                })
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_with_the_secret_given_to_the_receiver() {
        let key = SigningKey::generate().unwrap();
        let body = br#"{"monitorId":"m1","events":[]}"#;
        let now = Utc::now();
        let signature = key.signature("m1", 1, None, now, "msg_1", now.timestamp(), body);
        let mut headers = axum::http::HeaderMap::new();
        headers.insert("webhook-id", "msg_1".parse().unwrap());
        headers.insert(
            "webhook-timestamp",
            now.timestamp().to_string().parse().unwrap(),
        );
        headers.insert("webhook-signature", signature.parse().unwrap());
        let verifier = standardwebhooks::Webhook::new(&key.secret("m1", 1)).unwrap();
        assert!(verifier.verify(body, &headers).is_ok());
        let other = standardwebhooks::Webhook::new(&key.secret("m2", 1)).unwrap();
        assert!(
            other.verify(body, &headers).is_err(),
            "another monitor's secret"
        );
        assert!(verifier.verify(b"{}", &headers).is_err(), "another body");
    }
}
