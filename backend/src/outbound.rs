//! What the server asks of others: the vendor's webhook endpoint (issue 33, our extension),
//! one for the whole server (`--webhook-url`, `--webhook-secret`), called as Standard Webhooks
//! has it — headers `webhook-id`, `webhook-timestamp` and `webhook-signature` (`v1,` and the
//! base64 of HMAC-SHA256 over `{id}.{timestamp}.{body}`, keyed with the secret after `whsec_`,
//! base64 decoded). One attempt at a time; what to do with its answer is the domain's
//! (`domain::webhook::after`), when to make it the service's (`service::webhooks`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use bytes::Bytes;
use hmac::{Hmac, Mac};
use http_body_util::Full;
use hyper::Uri;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use sha2::Sha256;

use crate::domain::webhook::Attempt;
use crate::domain::Timestamp;

/// How long one attempt may take, connecting included.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);
/// Where Debian, Ubuntu and Alpine keep the system's CA certificates.
const SYSTEM_CA_FILE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// The vendor's endpoint and the key its requests are signed with.
pub struct Webhooks {
    url: Uri,
    key: Vec<u8>,
    /// For an `https` URL.
    tls: Option<Arc<rustls::ClientConfig>>,
}

/// Never the key.
impl std::fmt::Debug for Webhooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Webhooks").field("url", &self.url).finish()
    }
}

impl Webhooks {
    /// The endpoint `url` (http or https), signed with `secret` (`whsec_` and base64); an https
    /// endpoint's certificate is checked against `ca_file` (PEM; default: the system's).
    pub fn new(
        url: &str,
        secret: &str,
        ca_file: Option<&Path>,
    ) -> std::result::Result<Self, String> {
        let https = if url.starts_with("https://") {
            true
        } else if url.starts_with("http://") {
            false
        } else {
            return Err(format!(
                "--webhook-url {url:?}: must start with http:// or https://"
            ));
        };
        let uri: Uri = url
            .parse()
            .map_err(|e| format!("--webhook-url {url:?}: not a URL ({e})"))?;
        if uri.host().is_none_or(str::is_empty) {
            return Err(format!("--webhook-url {url:?}: names no host"));
        }
        if uri.authority().is_some_and(|a| a.as_str().contains('@')) {
            return Err("--webhook-url: must not hold a user name or password (the signature authenticates the server)".to_string());
        }
        let key = secret
            .strip_prefix("whsec_")
            .and_then(|k| B64.decode(k).ok())
            .filter(|k| (24..=64).contains(&k.len()))
            .ok_or(
                "--webhook-secret: must be whsec_ followed by the base64 of 24 to 64 random bytes \
                 (e.g. whsec_$(openssl rand -base64 32))",
            )?;
        let tls = if https {
            let default = PathBuf::from(SYSTEM_CA_FILE);
            let file = ca_file.unwrap_or(&default);
            Some(Arc::new(client_config(file)?))
        } else {
            None
        };
        Ok(Webhooks { url: uri, key, tls })
    }

    /// The `webhook-signature` of `body` sent as message `id` at `timestamp` (Unix seconds).
    pub fn signature(&self, id: &str, timestamp: i64, body: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key");
        mac.update(format!("{id}.{timestamp}.").as_bytes());
        mac.update(body.as_bytes());
        format!("v1,{}", B64.encode(mac.finalize().into_bytes()))
    }

    /// One attempt at delivering message `id`: the endpoint's status, or why there was none.
    pub async fn post(&self, id: &str, body: &str) -> Attempt {
        let attempt = async {
            let host = self.url.host().unwrap_or_default();
            let https = self.tls.is_some();
            let port = self.url.port_u16().unwrap_or(if https { 443 } else { 80 });
            let bare = host.trim_start_matches('[').trim_end_matches(']');
            let tcp = tokio::net::TcpStream::connect((bare, port))
                .await
                .map_err(|e| format!("cannot connect to {host}:{port}: {e}"))?;
            let timestamp = Timestamp::now().unix_seconds();
            let path = self.url.path_and_query().map_or("/", |p| p.as_str());
            let request = hyper::Request::post(path)
                .header(
                    hyper::header::HOST,
                    self.url.authority().map_or(host, |a| a.as_str()),
                )
                .header(hyper::header::CONTENT_TYPE, "application/json")
                .header(
                    hyper::header::USER_AGENT,
                    concat!("api-tokens-backend/", env!("CARGO_PKG_VERSION")),
                )
                .header("webhook-id", id)
                .header("webhook-timestamp", timestamp.to_string())
                .header("webhook-signature", self.signature(id, timestamp, body))
                .body(Full::new(Bytes::from(body.to_string())))
                .map_err(|e| e.to_string())?;
            match &self.tls {
                None => exchange(hyper_util::rt::TokioIo::new(tcp), request).await,
                Some(config) => {
                    let name = ServerName::try_from(bare.to_string())
                        .map_err(|e| format!("{host}: {e}"))?;
                    let stream = tokio_rustls::TlsConnector::from(config.clone())
                        .connect(name, tcp)
                        .await
                        .map_err(|e| format!("TLS with {host}: {e}"))?;
                    exchange(hyper_util::rt::TokioIo::new(stream), request).await
                }
            }
        };
        match tokio::time::timeout(ATTEMPT_TIMEOUT, attempt).await {
            Ok(Ok(status)) => Attempt::Answered(status),
            Ok(Err(why)) => Attempt::NoAnswer(why),
            Err(_) => {
                Attempt::NoAnswer(format!("no answer within {} s", ATTEMPT_TIMEOUT.as_secs()))
            }
        }
    }
}

/// Sends `request` over `io` and answers the response's status (its body is not read).
async fn exchange<I>(
    io: I,
    request: hyper::Request<Full<Bytes>>,
) -> std::result::Result<u16, String>
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let (mut sender, connection) = hyper::client::conn::http1::handshake(io)
        .await
        .map_err(|e| e.to_string())?;
    let connection = tokio::spawn(connection);
    let answer = sender
        .send_request(request)
        .await
        .map_err(|e| e.to_string());
    connection.abort();
    Ok(answer?.status().as_u16())
}

/// rustls checking servers against the certificates of PEM file `path`.
fn client_config(path: &Path) -> std::result::Result<rustls::ClientConfig, String> {
    let named = |e: &dyn std::fmt::Display| format!("--webhook-ca-file {}: {e}", path.display());
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| named(&e))?
        .filter_map(|c| c.ok());
    let mut roots = rustls::RootCertStore::empty();
    roots.add_parsable_certificates(certs);
    if roots.is_empty() {
        return Err(named(&"no certificate in it"));
    }
    // ring, as for PostgreSQL (db/tls.rs says why).
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_as_the_standard_webhooks_reference_does() {
        // The Standard Webhooks specification's example.
        let hooks = Webhooks::new(
            "http://example.com/hook",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            None,
        )
        .unwrap();
        assert_eq!(
            hooks.signature(
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                r#"{"test": 2432232314}"#
            ),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn a_bad_endpoint_or_secret_is_refused_at_start_with_why() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let refused = |url: &str, secret: &str| Webhooks::new(url, secret, None).unwrap_err();
        assert!(refused("ftp://example.com/", secret).contains("http:// or https://"));
        assert!(refused("example.com/hook", secret).contains("http:// or https://"));
        assert!(refused("http://user:pw@example.com/", secret).contains("user name"));
        assert!(
            refused("http://example.com/", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").contains("whsec_")
        );
        assert!(refused("http://example.com/", "whsec_not base64!").contains("whsec_"));
        assert!(refused("http://example.com/", "whsec_c2hvcnQ=").contains("24 to 64"));
        let missing = Webhooks::new(
            "https://example.com/",
            secret,
            Some(Path::new("/nonexistent.pem")),
        );
        assert!(missing
            .unwrap_err()
            .contains("--webhook-ca-file /nonexistent.pem"));
        let ok = Webhooks::new("http://127.0.0.1:9/hook?x=1", secret, None).unwrap();
        assert!(
            !format!("{ok:?}").contains("MfKQ9"),
            "Debug never shows the key"
        );
    }
}
