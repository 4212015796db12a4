//! Who is asking: the client's address and whether its request came over HTTPS. Read from
//! the connection, or — only when the connection comes from a proxy the operator trusts
//! (`--trusted-proxy`) — from `X-Forwarded-For` and `X-Forwarded-Proto`. Throttling, logs,
//! `Secure` cookies and HSTS all use this one answer.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::app::AppState;
use crate::config::Config;

/// The client of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Client {
    /// Its address (the connection's peer, or the nearest untrusted hop of
    /// `X-Forwarded-For` behind a trusted proxy).
    pub ip: IpAddr,
    /// Whether it reached softland over HTTPS.
    pub https: bool,
}

impl Client {
    /// What per-address throttles count under: the IPv4 address, or the /64 network of an
    /// IPv6 address (one host is commonly given a whole /64, so counting single addresses
    /// would give it billions).
    pub fn network(&self) -> String {
        network_of(self.ip).to_string()
    }
}

/// `ip` with IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`, a dual-stack listener's IPv4
/// peers) written as IPv4, and IPv6 addresses cut to their /64 network.
pub fn network_of(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let s = v6.segments();
            IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
        v4 @ IpAddr::V4(_) => v4,
    }
}

/// Whether `ip` is one of the trusted proxies.
pub fn is_trusted(ip: IpAddr, config: &Config) -> bool {
    let ip = ip.to_canonical();
    config.trusted_proxies.iter().any(|net| net.contains(&ip))
}

/// The client behind `peer` for a request with `headers`.
pub fn resolve(peer: IpAddr, headers: &HeaderMap, config: &Config) -> Client {
    let peer = peer.to_canonical();
    if !is_trusted(peer, config) {
        return Client {
            ip: peer,
            https: config.secure_cookies(),
        };
    }
    // Walk the hops from the nearest: each trusted proxy vouches for the one before it; the
    // first hop it cannot vouch for is the client. A malformed entry ends the walk.
    let mut ip = peer;
    let hops = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect::<Vec<_>>();
    for hop in hops.iter().rev() {
        if !is_trusted(ip, config) {
            break;
        }
        match hop.trim().parse::<IpAddr>() {
            Ok(previous) => ip = previous.to_canonical(),
            Err(_) => break,
        }
    }
    let forwarded_https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"));
    Client {
        ip,
        https: config.secure_cookies() || forwarded_https,
    }
}

/// Middleware: works out the client once per request and keeps it in the request's
/// extensions; over HTTPS (known only per request behind a proxy) every cookie set gets
/// `Secure` and the response carries HSTS.
pub async fn identify(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([127, 0, 0, 1]), |c| c.0.ip());
    let client = resolve(peer, request.headers(), &state.config);
    request.extensions_mut().insert(client);
    let mut response = next.run(request).await;
    if client.https {
        secure_cookies(response.headers_mut());
        response.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// Adds `Secure` to every `Set-Cookie` that lacks it.
fn secure_cookies(headers: &mut HeaderMap) {
    let cookies: Vec<HeaderValue> = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .cloned()
        .collect();
    if cookies.is_empty() {
        return;
    }
    headers.remove(header::SET_COOKIE);
    for cookie in cookies {
        let text = cookie.to_str().unwrap_or_default();
        let has_secure = text
            .split(';')
            .any(|attr| attr.trim().eq_ignore_ascii_case("secure"));
        let value = if has_secure || text.is_empty() {
            cookie
        } else {
            HeaderValue::from_str(&format!("{text}; Secure")).unwrap_or(cookie)
        };
        headers.append(header::SET_COOKIE, value);
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Client>()
            .copied()
            .unwrap_or_else(|| {
                let ip = parts
                    .extensions
                    .get::<ConnectInfo<SocketAddr>>()
                    .map_or(IpAddr::from([127, 0, 0, 1]), |c| c.0.ip());
                Client { ip, https: false }
            }))
    }
}

/// A warning for the log when softland listens on an address other people can reach
/// without an `https://` public URL (cookies would travel in clear text), if it does.
pub fn exposure_warning(config: &Config) -> Option<String> {
    let ip = config.bind.ip();
    if ip.is_loopback() || config.secure_cookies() {
        return None;
    }
    Some(format!(
        "softland listens on {} without an https:// public URL: sign-in cookies would travel \
         unencrypted. Put it behind a TLS proxy, set --public-url https://… and \
         --trusted-proxy to the proxy's address",
        config.bind
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(trusted: &[&str]) -> Config {
        let mut c = Config::for_database("sqlite::memory:");
        c.trusted_proxies = trusted.iter().map(|t| t.parse().unwrap()).collect();
        c
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_headers_from_an_untrusted_peer_are_ignored() {
        let c = resolve(
            ip("203.0.113.9"),
            &headers(&[
                ("x-forwarded-for", "1.2.3.4"),
                ("x-forwarded-proto", "https"),
            ]),
            &config(&["10.0.0.0/8"]),
        );
        assert_eq!(
            c,
            Client {
                ip: ip("203.0.113.9"),
                https: false
            }
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_nearest_untrusted_hop_is_the_client() {
        let c = resolve(
            ip("10.0.0.2"),
            &headers(&[
                ("x-forwarded-for", "6.6.6.6, 198.51.100.7, 10.0.0.5"),
                ("x-forwarded-proto", "https"),
            ]),
            &config(&["10.0.0.0/8"]),
        );
        assert_eq!(
            c,
            Client {
                ip: ip("198.51.100.7"),
                https: true
            }
        );
    }

    #[test]
    fn a_malformed_hop_ends_the_walk_at_the_last_trusted_address() {
        let c = resolve(
            ip("127.0.0.1"),
            &headers(&[("x-forwarded-for", "nonsense")]),
            &config(&["127.0.0.1/32"]),
        );
        assert_eq!(c.ip, ip("127.0.0.1"));
    }

    #[test]
    fn throttles_count_ipv6_hosts_by_their_network_and_mapped_ipv4_as_ipv4() {
        let v6 = Client {
            ip: ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd"),
            https: false,
        };
        let same_host = Client {
            ip: ip("2001:db8:1:2::1"),
            https: false,
        };
        assert_eq!(v6.network(), same_host.network());
        assert_eq!(v6.network(), "2001:db8:1:2::");
        let mapped = resolve(
            ip("::ffff:192.0.2.7"),
            &HeaderMap::new(),
            &config(&["192.0.2.7/32"]),
        );
        assert_eq!(
            mapped.ip,
            ip("192.0.2.7"),
            "a trusted IPv4 proxy seen through a dual-stack socket"
        );
        assert_eq!(
            Client {
                ip: ip("192.0.2.7"),
                https: false
            }
            .network(),
            "192.0.2.7"
        );
    }

    #[test]
    fn a_public_bind_without_https_is_warned_about() {
        let mut c = config(&[]);
        assert!(exposure_warning(&c).is_none());
        c.bind = "0.0.0.0:8080".parse().unwrap();
        assert!(exposure_warning(&c).is_some());
        c.public_url = Some("https://expat.example.cz".into());
        assert!(exposure_warning(&c).is_none());
    }
}
