//! TLS to PostgreSQL, as libpq's `sslmode` says (managed databases usually demand it), over
//! rustls with ring:
//!
//! | `sslmode` | encrypted | the server's certificate |
//! |---|---|---|
//! | `disable` | never | — |
//! | `prefer` (the default) | when the server offers it | not checked |
//! | `require` | always, or no connection | not checked (checked as `verify-ca` when a CA file is given, as libpq does) |
//! | `verify-ca` | always | signed by the CA file's certificates |
//! | `verify-full` | always | signed by them, and naming the host connected to |
//!
//! The CA file (PEM) comes from the URL's `sslrootcert` or `--db-ca-file`; `verify-ca` and
//! `verify-full` need one.

use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use postgres::tls::{ChannelBinding, MakeTlsConnect, TlsConnect, TlsStream};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::{Error, Result};

/// libpq's `sslmode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    pub fn parse(s: &str) -> std::result::Result<SslMode, String> {
        Ok(match s {
            "disable" => SslMode::Disable,
            // libpq's "allow" tries without TLS first; TLS when offered is the safer reading.
            "allow" | "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            other => {
                return Err(format!(
                    "sslmode={other}: not one of disable, prefer, require, verify-ca, verify-full"
                ))
            }
        })
    }
}

/// How to connect to PostgreSQL.
#[derive(Clone)]
pub struct Tls {
    mode: SslMode,
    /// `None` for `disable`.
    connector: Option<RustlsConnect>,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tls({:?})", self.mode)
    }
}

impl Tls {
    /// TLS in `mode`, checking the server's certificate against `ca_file`'s when given.
    pub fn new(mode: SslMode, ca_file: Option<&Path>) -> std::result::Result<Tls, String> {
        if mode == SslMode::Disable {
            return Ok(Tls {
                mode,
                connector: None,
            });
        }
        // ring: no C toolchain beyond cc and no cmake, unlike aws-lc-rs, which rustls now
        // prefers for its post-quantum key exchange (which is why this is deprecated); the
        // link to a private database does not need that yet.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let roots = match ca_file {
            Some(path) => Some(Arc::new(roots(path)?)),
            None if matches!(mode, SslMode::VerifyCa | SslMode::VerifyFull) => {
                return Err(format!(
                    "sslmode={}: a CA file is needed to check the server's certificate \
                     (sslrootcert=PATH in the URL, or --db-ca-file)",
                    if mode == SslMode::VerifyCa {
                        "verify-ca"
                    } else {
                        "verify-full"
                    }
                ))
            }
            None => None,
        };
        let chain = match roots {
            None => None,
            Some(roots) => Some(
                WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
                    .build()
                    .map_err(|e| format!("the CA file: {e}"))?,
            ),
        };
        let verifier = Arc::new(Verifier {
            provider: provider.clone(),
            chain,
            check_name: mode == SslMode::VerifyFull,
        });
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .dangerous()
            .with_custom_certificate_verifier(verifier)
            .with_no_client_auth();
        Ok(Tls {
            mode,
            connector: Some(RustlsConnect(Arc::new(config))),
        })
    }

    /// Sets what `config` asks of the server: TLS never, when offered, or always.
    pub fn apply(&self, config: &mut postgres::Config) {
        config.ssl_mode(match self.mode {
            SslMode::Disable => postgres::config::SslMode::Disable,
            SslMode::Prefer => postgres::config::SslMode::Prefer,
            _ => postgres::config::SslMode::Require,
        });
    }

    /// A new client for `config`.
    pub fn connect(&self, config: &postgres::Config) -> Result<postgres::Client> {
        match &self.connector {
            None => config.connect(postgres::NoTls).map_err(Error::from),
            Some(tls) => config.connect(tls.clone()).map_err(Error::from),
        }
    }
}

/// The certificates of PEM file `path`.
fn roots(path: &Path) -> std::result::Result<RootCertStore, String> {
    let named = |e: &dyn std::fmt::Display| format!("CA file {}: {e}", path.display());
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(path).map_err(|e| named(&e))? {
        roots
            .add(cert.map_err(|e| named(&e))?)
            .map_err(|e| named(&e))?;
    }
    if roots.is_empty() {
        return Err(named(&"no certificate in it"));
    }
    Ok(roots)
}

/// How the server's certificate is taken: as it comes (`prefer`, `require` without a CA file:
/// libpq's meaning), or checked against the CA file's certificates, with (`verify-full`) or
/// without (`verify-ca`) its name. The handshake's signatures are checked against it either
/// way.
#[derive(Debug)]
struct Verifier {
    provider: Arc<CryptoProvider>,
    /// `None`: not checked.
    chain: Option<Arc<WebPkiServerVerifier>>,
    check_name: bool,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        let Some(chain) = &self.chain else {
            return Ok(ServerCertVerified::assertion());
        };
        match chain.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if !self.check_name => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        let algorithms = &self.provider.signature_verification_algorithms;
        verify_tls12_signature(message, cert, dss, algorithms)
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        let algorithms = &self.provider.signature_verification_algorithms;
        verify_tls13_signature(message, cert, dss, algorithms)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// Makes TLS connectors for the `postgres` client, one per host connected to.
#[derive(Clone)]
struct RustlsConnect(Arc<rustls::ClientConfig>);

impl<S> MakeTlsConnect<S> for RustlsConnect
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    type Stream = RustlsStream<S>;
    type TlsConnect = RustlsConnector;
    type Error = rustls::pki_types::InvalidDnsNameError;

    fn make_tls_connect(
        &mut self,
        host: &str,
    ) -> std::result::Result<RustlsConnector, Self::Error> {
        Ok(RustlsConnector {
            config: self.0.clone(),
            name: ServerName::try_from(host.to_string())?,
        })
    }
}

struct RustlsConnector {
    config: Arc<rustls::ClientConfig>,
    name: ServerName<'static>,
}

impl<S> TlsConnect<S> for RustlsConnector
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    type Stream = RustlsStream<S>;
    type Error = io::Error;
    type Future = Pin<Box<dyn Future<Output = io::Result<RustlsStream<S>>> + Send>>;

    fn connect(self, stream: S) -> Self::Future {
        Box::pin(async move {
            let tls = tokio_rustls::TlsConnector::from(self.config)
                .connect(self.name, stream)
                .await?;
            Ok(RustlsStream(tls))
        })
    }
}

struct RustlsStream<S>(tokio_rustls::client::TlsStream<S>);

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for RustlsStream<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncWrite for RustlsStream<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> TlsStream for RustlsStream<S> {
    /// None: SCRAM without channel binding (binding needs the certificate's own hash
    /// algorithm, which this does not read).
    fn channel_binding(&self) -> ChannelBinding {
        ChannelBinding::none()
    }
}

/// The `sslmode` and `sslrootcert` of PostgreSQL URL `url` taken out of it (the client reads
/// neither `verify-ca`/`verify-full` nor `sslrootcert`), and the URL without them.
pub fn take_ssl_params(
    url: &str,
) -> std::result::Result<(String, SslMode, Option<PathBuf>), String> {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, q),
        None => return Ok((url.to_string(), SslMode::Prefer, None)),
    };
    let (mut mode, mut ca) = (SslMode::Prefer, None);
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k {
            "sslmode" => mode = SslMode::parse(&percent_decode(v))?,
            "sslrootcert" => ca = Some(PathBuf::from(percent_decode(v))),
            "sslcert" | "sslkey" | "sslpassword" => {
                return Err(format!(
                    "{k}: client certificates are not supported (the server's is checked with sslmode and sslrootcert)"
                ))
            }
            _ => kept.push(pair),
        }
    }
    let url = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Ok((url, mode, ca))
}

/// `%XX` escapes of a URL's query value decoded (`+` kept: libpq keeps it too).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sslmode_and_the_ca_file_are_read_out_of_the_url() {
        let (url, mode, ca) =
            take_ssl_params("postgres://u:p@db:5432/x?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&application_name=att")
                .unwrap();
        assert_eq!(url, "postgres://u:p@db:5432/x?application_name=att");
        assert_eq!(mode, SslMode::VerifyFull);
        assert_eq!(ca, Some(PathBuf::from("/etc/ca.pem")));
        assert_eq!(
            take_ssl_params("postgres://h/x").unwrap(),
            ("postgres://h/x".into(), SslMode::Prefer, None)
        );
        assert_eq!(
            take_ssl_params("postgres://h/x?sslmode=require").unwrap(),
            ("postgres://h/x".into(), SslMode::Require, None)
        );
        assert!(take_ssl_params("postgres://h/x?sslmode=sometimes")
            .unwrap_err()
            .contains("verify-full"));
        assert!(take_ssl_params("postgres://h/x?sslcert=/c.pem")
            .unwrap_err()
            .contains("client certificates"));
        assert!(Tls::new(SslMode::VerifyFull, None)
            .unwrap_err()
            .contains("a CA file is needed"));
        assert!(
            Tls::new(SslMode::Require, Some(Path::new("/nonexistent/ca.pem")))
                .unwrap_err()
                .contains("CA file /nonexistent/ca.pem")
        );
    }
}
