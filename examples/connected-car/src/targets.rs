//! Where webhooks may go: by default only `https` targets whose every address is public, checked
//! when a monitor is created or changed and again on the addresses each delivery connects to, so
//! that nobody can aim the service at internal addresses, not even by changing what a name
//! resolves to after the monitor was accepted (DNS rebinding).
//!
//! Refused addresses: unspecified, loopback, private (RFC 1918), link-local, carrier-grade NAT
//! (100.64.0.0/10), unique-local (fc00::/7), site-local, multicast, broadcast and reserved,
//! the documentation and benchmarking ranges, the IETF protocol assignments, and IPv6 forms that
//! embed an IPv4 address (mapped, compatible, NAT64) whenever that address is refused.
//!
//! `--webhook-allow` ([`WebhookAllow`]) is how an operator opts in to internal receivers: a target
//! whose host is an allowed name, or whose addresses are in an allowed network, may be internal
//! and may use plain `http`. An allowed name is still checked on what it resolves to when the
//! list also names networks: each address must then be public or in one of them.

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, LazyLock};

use ipnet::IpNet;

/// Which webhook targets monitors may name besides public `https` ones (`--webhook-allow`):
/// host names (`hooks.example.com`, or `*.example.com` for its subdomains) and IP networks
/// (`127.0.0.0/8`, `2001:db8::1`).
///
/// # Examples
///
/// ```
/// use connected_car::targets::WebhookAllow;
///
/// let allow = WebhookAllow::parse(["hooks.corp.example", "10.0.0.0/8"])?;
/// assert!(allow.names("hooks.corp.example"));
/// assert!(allow.covers("10.1.2.3".parse().unwrap()));
/// assert!(WebhookAllow::parse(["exa mple.com"]).is_err());
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct WebhookAllow {
    hosts: Vec<String>,
    networks: Vec<IpNet>,
}

impl WebhookAllow {
    /// Reads entries such as `hooks.example.com`, `*.example.com`, `10.0.0.0/8`, `::1`.
    ///
    /// # Errors
    ///
    /// A message naming an entry that is neither a host name nor an address or network.
    pub fn parse<'a>(entries: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut allow = Self::default();
        for entry in entries.into_iter().map(str::trim).filter(|e| !e.is_empty()) {
            if let Ok(network) = entry.parse::<IpNet>() {
                allow.networks.push(network);
            } else if let Ok(address) = entry.parse::<IpAddr>() {
                allow.networks.push(IpNet::from(address));
            } else {
                let host = entry.strip_prefix("*.").unwrap_or(entry);
                let valid = !host.is_empty()
                    && host.split('.').all(|label| {
                        !label.is_empty()
                            && label
                                .bytes()
                                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    });
                if !valid {
                    return Err(format!("`{entry}` is not a host name, address or network"));
                }
                allow.hosts.push(entry.to_ascii_lowercase());
            }
        }
        Ok(allow)
    }

    /// Whether `host` (a name) is one of the allowed names or under an allowed `*.` domain.
    #[must_use]
    pub fn names(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.hosts
            .iter()
            .any(|allowed| match allowed.strip_prefix("*.") {
                Some(parent) => host.ends_with(&format!(".{parent}")),
                None => *allowed == host,
            })
    }

    /// Whether `address` is in an allowed network.
    #[must_use]
    pub fn covers(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.networks
            .iter()
            .any(|network| network.contains(&address))
    }
}

/// Why a target is refused, in words a problem document or a delivery's error can carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// What a name resolves to, asynchronously.
type Resolution = Pin<Box<dyn Future<Output = std::io::Result<Vec<IpAddr>>> + Send>>;

/// Resolves host names for the target checks and for the deliveries' connections; replaceable
/// so that tests can say what a name resolves to, and change it.
pub trait NameResolver: Send + Sync + 'static {
    /// The addresses of `host`.
    fn resolve(&self, host: &str) -> Resolution;
}

/// The system's resolver (`getaddrinfo`, through tokio).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemResolver;

impl NameResolver for SystemResolver {
    fn resolve(&self, host: &str) -> Resolution {
        let host = host.to_owned();
        Box::pin(async move {
            let addresses = tokio::net::lookup_host((host.as_str(), 0)).await?;
            Ok(addresses.map(|address| address.ip()).collect())
        })
    }
}

/// Where webhooks may go: the allow list and the resolver the checks use.
#[derive(Clone)]
pub struct TargetPolicy {
    allow: WebhookAllow,
    resolver: Arc<dyn NameResolver>,
}

impl Default for TargetPolicy {
    fn default() -> Self {
        Self::new(WebhookAllow::default())
    }
}

impl std::fmt::Debug for TargetPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TargetPolicy")
            .field("allow", &self.allow)
            .finish_non_exhaustive()
    }
}

impl TargetPolicy {
    /// Public `https` targets, and those `allow` names, resolved by the system.
    #[must_use]
    pub fn new(allow: WebhookAllow) -> Self {
        Self {
            allow,
            resolver: Arc::new(SystemResolver),
        }
    }

    /// The same policy with another allow list.
    #[must_use]
    pub fn with_allow(mut self, allow: WebhookAllow) -> Self {
        self.allow = allow;
        self
    }

    /// The same policy, resolving names with `resolver`.
    #[must_use]
    pub fn with_resolver(mut self, resolver: Arc<dyn NameResolver>) -> Self {
        self.resolver = resolver;
        self
    }

    /// Checks `target` as a monitor's webhook: its scheme, and every address its host is or
    /// resolves to.
    ///
    /// # Errors
    ///
    /// [`Refused`] saying why.
    pub async fn check(&self, target: &url::Url) -> Result<(), Refused> {
        let Some(host) = target.host() else {
            return Err(Refused("has no host".into()));
        };
        let (named, addresses) = match host {
            url::Host::Domain(name) => {
                let addresses = self
                    .resolver
                    .resolve(name)
                    .await
                    .map_err(|error| Refused(format!("`{name}` does not resolve: {error}")))?;
                (self.allow.names(name), addresses)
            }
            url::Host::Ipv4(address) => (false, vec![IpAddr::V4(address)]),
            url::Host::Ipv6(address) => (false, vec![IpAddr::V6(address)]),
        };
        if addresses.is_empty() {
            return Err(Refused("resolves to no address".into()));
        }
        let allowed = named || addresses.iter().all(|a| self.allow.covers(*a));
        if target.scheme() != "https" && !allowed {
            return Err(Refused(format!(
                "must be https (plain {} only for hosts and networks in --webhook-allow)",
                target.scheme()
            )));
        }
        self.admit(named, &addresses).map(|_| ())
    }

    /// The addresses of a host that may be connected to: all of them, or a refusal naming the
    /// first that may not. A host the allow list names may be anywhere, unless the list also
    /// names networks: then each address must be public or in one of them.
    fn admit(&self, named: bool, addresses: &[IpAddr]) -> Result<(), Refused> {
        if named && self.allow.networks.is_empty() {
            return Ok(());
        }
        match addresses
            .iter()
            .find(|a| !is_public(**a) && !self.allow.covers(**a))
        {
            Some(address) => Err(Refused(format!(
                "resolves to {address}, which is not a public address (allow it with --webhook-allow)"
            ))),
            None => Ok(()),
        }
    }

    /// A resolver for the webhook client that admits only what [`TargetPolicy::check`] would:
    /// the check on the address each delivery actually connects to.
    #[must_use]
    pub fn connector_resolver(&self) -> Arc<Self> {
        Arc::new(self.clone())
    }
}

impl reqwest::dns::Resolve for TargetPolicy {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.clone();
        Box::pin(async move {
            let host = name.as_str();
            let addresses = policy.resolver.resolve(host).await?;
            policy.admit(policy.allow.names(host), &addresses)?;
            let addresses: reqwest::dns::Addrs = Box::new(
                addresses
                    .into_iter()
                    .map(|address| SocketAddr::new(address, 0))
                    .collect::<Vec<_>>()
                    .into_iter(),
            );
            Ok(addresses)
        })
    }
}

/// Networks no webhook may reach unless allowed.
static REFUSED: LazyLock<Vec<IpNet>> = LazyLock::new(|| {
    [
        "0.0.0.0/8",       // "this network", unspecified
        "10.0.0.0/8",      // private
        "100.64.0.0/10",   // carrier-grade NAT
        "127.0.0.0/8",     // loopback
        "169.254.0.0/16",  // link-local, cloud metadata
        "172.16.0.0/12",   // private
        "192.0.0.0/24",    // IETF protocol assignments
        "192.0.2.0/24",    // documentation
        "192.88.99.0/24",  // 6to4 relay anycast
        "192.168.0.0/16",  // private
        "198.18.0.0/15",   // benchmarking
        "198.51.100.0/24", // documentation
        "203.0.113.0/24",  // documentation
        "224.0.0.0/4",     // multicast
        "240.0.0.0/4",     // reserved, broadcast
        "::/128",          // unspecified
        "::1/128",         // loopback
        "100::/64",        // discard
        "2001::/23",       // IETF protocol assignments (Teredo, benchmarking, ORCHID)
        "2001:db8::/32",   // documentation
        "3fff::/20",       // documentation
        "fc00::/7",        // unique-local
        "fe80::/10",       // link-local
        "fec0::/10",       // site-local
        "ff00::/8",        // multicast
    ]
    .iter()
    .filter_map(|network| network.parse().ok())
    .collect()
});

/// Whether `address` is a public unicast address a webhook may reach by default.
///
/// # Examples
///
/// ```
/// use connected_car::targets::is_public;
///
/// assert!(is_public("93.184.215.14".parse().unwrap()));
/// assert!(!is_public("169.254.169.254".parse().unwrap()));
/// assert!(!is_public("::ffff:10.0.0.1".parse().unwrap()));
/// ```
#[must_use]
pub fn is_public(address: IpAddr) -> bool {
    let address = canonical(address);
    !REFUSED.iter().any(|network| network.contains(&address))
}

/// An IPv6 address that embeds an IPv4 one (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`,
/// NAT64 `64:ff9b::a.b.c.d`) as that IPv4 address; any other address as it is.
fn canonical(address: IpAddr) -> IpAddr {
    let IpAddr::V6(v6) = address else {
        return address;
    };
    if let Some(v4) = v6.to_ipv4_mapped() {
        return IpAddr::V4(v4);
    }
    let segments = v6.segments();
    // The low 32 bits: the embedded IPv4 address, if any.
    let embedded = Ipv4Addr::from((u128::from(v6) & 0xffff_ffff) as u32);
    let compatible = segments[..6] == [0; 6] && u32::from(embedded) > 1;
    let nat64 = segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0];
    if compatible || nat64 {
        IpAddr::V4(embedded)
    } else {
        IpAddr::V6(v6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refused_range_is_refused_in_each_of_its_forms() {
        for refused in [
            "0.0.0.0",
            "10.1.2.3",
            "100.64.0.1",
            "127.0.0.1",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.8",
            "192.0.2.1",
            "192.168.1.1",
            "198.18.0.1",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "255.255.255.255",
            "::",
            "::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::10.0.0.1",
            "2001:2::1",
        ] {
            let address: IpAddr = refused.parse().unwrap();
            assert!(!is_public(address), "{refused} passed");
        }
        for public in [
            "93.184.215.14",
            "1.1.1.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::8.8.8.8",
        ] {
            assert!(is_public(public.parse().unwrap()), "{public} refused");
        }
    }

    #[test]
    fn the_allow_list_matches_hosts_subdomains_and_networks() {
        let allow =
            WebhookAllow::parse(["hooks.example.com", "*.corp.example", "127.0.0.0/8", "::1"])
                .unwrap();
        assert!(allow.names("hooks.example.com"));
        assert!(allow.names("HOOKS.example.com."));
        assert!(allow.names("a.b.corp.example"));
        assert!(!allow.names("corp.example"));
        assert!(!allow.names("evil-hooks.example.com"));
        assert!(allow.covers("127.0.0.9".parse().unwrap()));
        assert!(allow.covers("::ffff:127.0.0.9".parse().unwrap()));
        assert!(allow.covers("::1".parse().unwrap()));
        assert!(!allow.covers("10.0.0.1".parse().unwrap()));
        assert!(WebhookAllow::parse(["exa mple.com"]).is_err());
        assert!(WebhookAllow::parse(["10.0.0.0/33"]).is_err());
    }
}
