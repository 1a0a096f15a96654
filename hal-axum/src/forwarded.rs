//! The origin clients used (`https://api.example.com`), for services that write absolute links
//! behind a reverse proxy.
//!
//! Behind a proxy, the connection comes from the proxy and the `Host` is whatever the proxy sent;
//! the client's scheme and host travel in `Forwarded` (RFC 7239) or `X-Forwarded-Proto` and
//! `X-Forwarded-Host`. Those headers are believed only from the peers listed in
//! [`TrustedProxies`], which is empty by default: anyone can send them, and a service that
//! believed a client's `Forwarded: host=evil.example` would write links to that host into its
//! responses (and into caches that key on the path).

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;

use crate::ApiError;

/// The peers whose forwarding headers are believed: [`serve`](crate::serve::serve) puts
/// [`ServeConfig`](crate::serve::ServeConfig)'s into every request; absent or empty, none are.
///
/// # Examples
///
/// ```
/// let proxies = hal_axum::forwarded::TrustedProxies::parse(["10.0.0.0/8", "::1"]).unwrap();
/// assert!(proxies.trusts("10.1.2.3".parse().unwrap()));
/// assert!(!proxies.trusts("192.0.2.1".parse().unwrap()));
/// ```
#[derive(Debug, Clone, Default)]
// Shared, not copied: every request carries it as an extension.
pub struct TrustedProxies(std::sync::Arc<[ipnet::IpNet]>);

impl TrustedProxies {
    /// Proxies by address (`10.0.0.5`) or network (`10.0.0.0/8`).
    ///
    /// # Errors
    ///
    /// [`ProxyError`] naming the first entry that is neither.
    pub fn parse<'a>(entries: impl IntoIterator<Item = &'a str>) -> Result<Self, ProxyError> {
        entries
            .into_iter()
            .map(|entry| {
                entry
                    .parse::<ipnet::IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| ProxyError {
                        entry: entry.to_owned(),
                    })
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    /// Whether no proxy is trusted (the default): then the stack leaves the list off requests,
    /// and [`PublicOrigin`] trusts no forwarding header.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `peer`'s forwarding headers are believed.
    #[must_use]
    pub fn trusts(&self, peer: IpAddr) -> bool {
        self.0.iter().any(|network| network.contains(&peer))
    }
}

/// A trusted proxy that is neither an address nor a network.
///
/// # Examples
///
/// ```
/// let error = hal_axum::forwarded::TrustedProxies::parse(["10.0.0.0/8", "proxy"]).unwrap_err();
/// assert_eq!(error.entry(), "proxy");
/// assert_eq!(error.to_string(), "`proxy` is not an address or network");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyError {
    entry: String,
}

impl ProxyError {
    /// The entry at fault.
    #[must_use]
    pub fn entry(&self) -> &str {
        &self.entry
    }
}

impl std::fmt::Display for ProxyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` is not an address or network", self.entry)
    }
}

impl std::error::Error for ProxyError {}

/// The scheme and authority the client used: `https://api.example.com`.
///
/// From a trusted proxy, the last `Forwarded` element's `proto` and `host` (the one that proxy
/// added), else `X-Forwarded-Proto` and `X-Forwarded-Host`; otherwise the connection's scheme
/// (`https` when it came through TLS) and the `Host` header.
///
/// # Examples
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use axum::extract::FromRequestParts;
/// use hal_axum::forwarded::{PublicOrigin, TrustedProxies};
///
/// let request = axum::http::Request::get("/")
///     .header("host", "10.0.0.7:8080")
///     .header("forwarded", "for=192.0.2.60;proto=https;host=api.example.com")
///     .extension(axum::extract::ConnectInfo("10.0.0.2:50000".parse::<std::net::SocketAddr>().unwrap()))
///     .extension(TrustedProxies::parse(["10.0.0.0/8"]).unwrap())
///     .body(())
///     .unwrap();
/// let (mut parts, ()) = request.into_parts();
/// let origin = PublicOrigin::from_request_parts(&mut parts, &()).await.unwrap();
/// assert_eq!(origin.0, "https://api.example.com");
/// # });
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicOrigin(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PublicOrigin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(address)| address.ip());
        let trusted = match (peer, parts.extensions.get::<TrustedProxies>()) {
            (Some(peer), Some(proxies)) => proxies.trusts(peer),
            _ => false,
        };
        let (mut scheme, mut host) = (None, None);
        if trusted {
            if let Some(last) = header("forwarded").and_then(|f| f.rsplit(',').next()) {
                for pair in last.split(';') {
                    let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                    let value = value.trim().trim_matches('"');
                    match key.trim().to_ascii_lowercase().as_str() {
                        "proto" => scheme = Some(value.to_ascii_lowercase()),
                        "host" => host = Some(value.to_owned()),
                        _ => {}
                    }
                }
            }
            let last_of = |value: &str| value.rsplit(',').next().unwrap_or(value).trim().to_owned();
            scheme = scheme
                .or_else(|| header("x-forwarded-proto").map(|v| last_of(v).to_ascii_lowercase()));
            host = host.or_else(|| header("x-forwarded-host").map(last_of));
        }
        let scheme = scheme.unwrap_or_else(|| {
            if parts.extensions.get::<TlsConnection>().is_some() {
                "https".into()
            } else {
                "http".into()
            }
        });
        if !matches!(scheme.as_str(), "http" | "https") {
            return Err(ApiError::bad_request(
                "the forwarded scheme is neither http nor https",
            ));
        }
        let host = host
            .or_else(|| header(header::HOST.as_str()).map(str::to_owned))
            .ok_or_else(|| ApiError::bad_request("the request names no host"))?;
        let valid = !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
        if !valid {
            return Err(ApiError::bad_request("the host is not a valid authority"));
        }
        Ok(PublicOrigin(format!("{scheme}://{host}")))
    }
}

/// Marks a request that came over TLS (set by [`serve`](crate::serve::serve)).
#[derive(Debug, Clone, Copy)]
pub struct TlsConnection;

#[cfg(test)]
mod tests {
    use super::*;

    async fn origin(peer: &str, trusted: &[&str], headers: &[(&str, &str)]) -> Result<String, u16> {
        let mut request = axum::http::Request::get("/");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .extension(ConnectInfo(peer.parse::<SocketAddr>().unwrap()))
            .extension(TrustedProxies::parse(trusted.iter().copied()).unwrap())
            .body(())
            .unwrap();
        let (mut parts, ()) = request.into_parts();
        PublicOrigin::from_request_parts(&mut parts, &())
            .await
            .map(|o| o.0)
            .map_err(|e| e.problem().status())
    }

    #[tokio::test]
    async fn forwarding_headers_count_from_trusted_proxies_only() {
        let forged = [
            ("host", "svc:8080"),
            ("forwarded", "proto=https;host=evil.example"),
        ];
        assert_eq!(
            origin("192.0.2.1:1", &[], &forged).await,
            Ok("http://svc:8080".into()),
            "off by default"
        );
        assert_eq!(
            origin("192.0.2.1:1", &["10.0.0.0/8"], &forged).await,
            Ok("http://svc:8080".into())
        );
        assert_eq!(
            origin("10.0.0.2:1", &["10.0.0.0/8"], &forged).await,
            Ok("https://evil.example".into())
        );
        // The last element is the one the trusted proxy added.
        let chained = [
            ("host", "svc"),
            (
                "forwarded",
                "host=spoofed.example, proto=https;host=api.example.com",
            ),
        ];
        assert_eq!(
            origin("10.0.0.2:1", &["10.0.0.0/8"], &chained).await,
            Ok("https://api.example.com".into())
        );
        let x = [
            ("host", "svc"),
            ("x-forwarded-proto", "https"),
            ("x-forwarded-host", "a.example, api.example.com"),
        ];
        assert_eq!(
            origin("10.0.0.2:1", &["10.0.0.0/8"], &x).await,
            Ok("https://api.example.com".into())
        );
        let bad = [
            ("host", "svc"),
            ("forwarded", "proto=gopher;host=api.example.com"),
        ];
        assert_eq!(origin("10.0.0.2:1", &["10.0.0.0/8"], &bad).await, Err(400));
        let injected = [("host", "svc"), ("forwarded", "host=\"a.example/evil?x\"")];
        assert_eq!(
            origin("10.0.0.2:1", &["10.0.0.0/8"], &injected).await,
            Err(400)
        );
        assert!(TrustedProxies::parse(["nonsense"]).is_err());
    }
}
