//! Who is on the other end: the client address that the per-address rate limit counts and a
//! token's last use records.
//!
//! It is the socket's peer address. `X-Forwarded-For` is anyone's to write, so it counts only
//! with `--trust-proxy` (the server runs behind a reverse proxy that appends the address it
//! saw): then the right-most entry, the one that proxy appended, is the client. Entries to its
//! left came from the client and prove nothing. When that header is absent, or its right-most
//! entry is not an address, the peer address it is.

use std::net::{IpAddr, SocketAddr};

use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;

use super::error::AppError;
use super::Config;

/// The client address of a request (see the module's documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl<S> FromRequestParts<S> for ClientIp
where
    S: Send + Sync,
    Arc<Config>: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
            // The server is always served with connect info (serve.rs); a router served
            // without it is a bug, not a client without an address.
            .ok_or_else(|| AppError::internal("served without connect info"))?;
        let trust_proxy = Arc::<Config>::from_ref(state).trust_proxy;
        Ok(ClientIp(client_ip(peer, &parts.headers, trust_proxy)))
    }
}

/// The client address for a request from `peer` with `headers`.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trust_proxy: bool) -> IpAddr {
    let ip = if trust_proxy {
        appended_by_proxy(headers).unwrap_or(peer)
    } else {
        peer
    };
    // An IPv4 client of a dual-stack socket is itself, not ::ffff:a.b.c.d.
    ip.to_canonical()
}

/// The right-most entry of `X-Forwarded-For` (over all its lines, which count as one
/// comma-separated list), when it is an address (`192.0.2.1`, `2001:db8::1`, or one with a
/// port: `192.0.2.1:4711`, `[2001:db8::1]:4711`).
fn appended_by_proxy(headers: &HeaderMap) -> Option<IpAddr> {
    let line = headers.get_all("x-forwarded-for").iter().next_back()?;
    let entry = line.to_str().ok()?.rsplit(',').next()?.trim();
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|a| a.ip()))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(lines: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for l in lines {
            h.append("x-forwarded-for", HeaderValue::from_str(l).unwrap());
        }
        h
    }

    #[test]
    fn x_forwarded_for_counts_only_behind_a_trusted_proxy_and_only_its_last_entry() {
        let peer: IpAddr = "10.0.0.2".parse().unwrap();
        let ip = |lines: &[&str], trust| client_ip(peer, &headers(lines), trust).to_string();

        // Without --trust-proxy the header is anyone's to forge: ignored.
        assert_eq!(ip(&["203.0.113.7"], false), "10.0.0.2");
        assert_eq!(ip(&[], false), "10.0.0.2");

        // With it: the right-most entry, the one the proxy appended.
        assert_eq!(ip(&["203.0.113.7"], true), "203.0.113.7");
        assert_eq!(ip(&["198.51.100.1, 203.0.113.7"], true), "203.0.113.7");
        assert_eq!(ip(&["198.51.100.1", "203.0.113.7"], true), "203.0.113.7");
        assert_eq!(ip(&["1.1.1.1,2001:db8::17"], true), "2001:db8::17");
        assert_eq!(ip(&["[2001:db8::17]:4711"], true), "2001:db8::17");
        assert_eq!(ip(&["203.0.113.7:4711"], true), "203.0.113.7");
        assert_eq!(ip(&["::ffff:203.0.113.7"], true), "203.0.113.7");

        // Absent, or not an address: the peer. A forged entry further left never counts.
        assert_eq!(ip(&[], true), "10.0.0.2");
        assert_eq!(ip(&["garbage"], true), "10.0.0.2");
        assert_eq!(ip(&["203.0.113.7, "], true), "10.0.0.2");
        assert_eq!(ip(&["203.0.113.7, unknown"], true), "10.0.0.2");
        assert_eq!(ip(&[""], true), "10.0.0.2");
    }

    #[test]
    fn a_dual_stack_peer_is_its_ipv4_address() {
        let peer: IpAddr = "::ffff:127.0.0.1".parse().unwrap();
        assert_eq!(
            client_ip(peer, &HeaderMap::new(), false).to_string(),
            "127.0.0.1"
        );
    }
}
