//! TLS to the shared database: rustls with the *ring* crypto provider, through
//! `tokio-postgres-rustls`. Which certificates the server's is checked against ([`Trust`]), the
//! one connector that every connection of a [`super::DbConfig`] shares (the worker's and the
//! listener's: clones share it), and the user's sentence for a failed handshake.
//!
//! As libpq names them (`sslmode`, `sslrootcert`):
//!
//! - `sslmode=disable`: no TLS.
//! - `sslmode=prefer` (the default): TLS when the server offers it, in clear when it does not.
//!   The certificate is checked against the CA file when one is given (`sslrootcert=FILE` or
//!   `ZHONGZHAN_DB_CA=FILE`), against the system's store with `sslrootcert=system`, and
//!   otherwise not at all, as libpq does: encrypted against eavesdroppers, but an impostor is
//!   not detected (with `prefer` it could simply refuse TLS anyway).
//! - `sslmode=require` (and libpq's `verify-ca` and `verify-full`): TLS or no connection, and
//!   the certificate is always checked, chain and host name — against the CA file when one is
//!   given, else against the system's store (`rustls-native-certs`: the operating system's
//!   trusted CAs; `SSL_CERT_FILE`/`SSL_CERT_DIR` override it as for OpenSSL). libpq's `require`
//!   checks nothing; here a password is sent only to a server that proved who it is.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::error::DbError;

/// The environment variable naming the bureau's CA file when the URL has no `sslrootcert`.
pub const CA_VARIABLE: &str = "ZHONGZHAN_DB_CA";

/// `sslrootcert=system`: the system's store, as libpq 16 spells it.
pub const SYSTEM_STORE: &str = "system";

/// What the server's certificate is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trust {
    /// The CA certificates in a PEM file (`sslrootcert=FILE` or [`CA_VARIABLE`]).
    CaFile(PathBuf),
    /// The operating system's trusted CAs.
    SystemStore,
    /// Nothing: `sslmode=prefer` without a CA (encrypted, but the server is not identified).
    Unchecked,
}

impl std::fmt::Display for Trust {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Trust::CaFile(path) => write!(f, "the CA in {}", path.display()),
            Trust::SystemStore => f.write_str("the system's certificate store"),
            Trust::Unchecked => f.write_str("no certificate check"),
        }
    }
}

/// A TLS connector and what it trusts. Cloning shares the connector (one `Arc`).
#[derive(Clone)]
pub(crate) struct Tls {
    connector: MakeRustlsConnect,
    trust: Trust,
}

impl Tls {
    /// Reads the certificates `trust` names and builds the connector.
    pub(crate) fn new(trust: Trust) -> Result<Self, DbError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = ClientConfig::builder_with_provider(Arc::clone(&provider))
            .with_safe_default_protocol_versions()
            .map_err(|e| DbError::Tls {
                reason: e.to_string(),
            })?;
        let config = match &trust {
            Trust::CaFile(path) => builder
                .with_root_certificates(ca_file_roots(path)?)
                .with_no_client_auth(),
            Trust::SystemStore => builder
                .with_root_certificates(system_roots()?)
                .with_no_client_auth(),
            Trust::Unchecked => builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(Unchecked(provider)))
                .with_no_client_auth(),
        };
        Ok(Self {
            connector: MakeRustlsConnect::new(config),
            trust,
        })
    }

    /// The shared connector.
    pub(crate) fn connector(&self) -> MakeRustlsConnect {
        self.connector.clone()
    }

    /// What the server's certificate is checked against.
    pub(crate) fn trust(&self) -> &Trust {
        &self.trust
    }

    /// The user's sentence for a connection that failed over TLS (the problem and its fix),
    /// or `None` when the failure is not about TLS. `host` is the host connected to.
    pub(crate) fn explain(&self, error: &postgres::Error, host: &str) -> Option<String> {
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
        while let Some(inner) = cause {
            if let Some(tls) = as_rustls(inner) {
                return Some(self.explain_rustls(tls, host));
            }
            if inner.to_string() == "server does not support TLS" {
                return Some(
                    "the server does not offer TLS and the URL says sslmode=require; ask the administrator to turn on ssl in postgresql.conf, or use sslmode=prefer only on a trusted network"
                        .to_owned(),
                );
            }
            cause = inner.source();
        }
        None
    }

    fn explain_rustls(&self, error: &rustls::Error, host: &str) -> String {
        let rustls::Error::InvalidCertificate(certificate) = error else {
            return format!("the TLS handshake with the server failed ({error})");
        };
        match certificate {
            CertificateError::UnknownIssuer | CertificateError::BadSignature => match &self.trust {
                Trust::CaFile(path) => format!(
                    "the server's certificate is not signed by the CA in {}; give the bureau's CA (the certificate that signed the server's) with sslrootcert=FILE or {CA_VARIABLE}=FILE",
                    path.display()
                ),
                Trust::SystemStore | Trust::Unchecked => format!(
                    "the server's certificate is not signed by a CA in this computer's certificate store; if the bureau has its own CA, pass its file: sslrootcert=/path/ca.pem in the URL or {CA_VARIABLE}=/path/ca.pem"
                ),
            },
            CertificateError::NotValidForName => format!(
                "the server's certificate is not made out to {host}; connect with the host name the certificate names, or ask the administrator for a certificate for {host}"
            ),
            CertificateError::NotValidForNameContext { presented, .. } => format!(
                "the server's certificate is not made out to {host} but to {}; connect with one of those names, or ask the administrator for a certificate for {host}",
                presented
                    .iter()
                    .map(|name| presented_name(name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                "the server's certificate has expired; the administrator must renew it".to_owned()
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                "the server's certificate is not valid yet; check this computer's date and time"
                    .to_owned()
            }
            other => format!(
                "the server's certificate was refused ({other:?}), checked against {}",
                self.trust
            ),
        }
    }
}

/// The rustls error inside `error`, which tokio-rustls wraps in an `io::Error` (whose
/// `source` skips it, so it is looked for in both places).
fn as_rustls<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    error.downcast_ref::<rustls::Error>().or_else(|| {
        error
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
    })
}

/// A name the certificate holds, as rustls words it (`DnsName("localhost")`,
/// `IpAddress(127.0.0.1)`), as the user would type it.
fn presented_name(text: &str) -> &str {
    text.split_once('(')
        .and_then(|(_, inner)| inner.strip_suffix(')'))
        .map_or(text, |inner| inner.trim_matches('"'))
}

/// The certificates of a PEM file.
fn ca_file_roots(path: &Path) -> Result<RootCertStore, DbError> {
    let refused = |reason: String| DbError::CaFile {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| refused(e.to_string()))?;
    let mut roots = RootCertStore::empty();
    for (number, certificate) in CertificateDer::pem_slice_iter(&bytes).enumerate() {
        let certificate =
            certificate.map_err(|e| refused(format!("certificate {}: {e}", number + 1)))?;
        roots
            .add(certificate)
            .map_err(|e| refused(format!("certificate {}: {e}", number + 1)))?;
    }
    if roots.is_empty() {
        return Err(refused(
            "it holds no certificate in PEM form (-----BEGIN CERTIFICATE-----)".to_owned(),
        ));
    }
    Ok(roots)
}

/// The operating system's trusted CAs.
fn system_roots() -> Result<RootCertStore, DbError> {
    let found = rustls_native_certs::load_native_certs();
    let mut roots = RootCertStore::empty();
    let (added, ignored) = roots.add_parsable_certificates(found.certs);
    log::debug!(
        "system certificate store: {added} CAs, {ignored} unusable, {} errors",
        found.errors.len()
    );
    if roots.is_empty() {
        let reason = if found.errors.is_empty() {
            "no certificates found".to_owned()
        } else {
            found
                .errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        };
        return Err(DbError::SystemCertificates { reason });
    }
    Ok(roots)
}

/// `sslmode=prefer` without a CA: any certificate is accepted (the handshake's signatures are
/// still checked, so the session key belongs to the certificate shown).
#[derive(Debug)]
struct Unchecked(Arc<CryptoProvider>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_on_a_certificate_are_shown_as_the_user_types_them() {
        assert_eq!(presented_name(r#"DnsName("db.example")"#), "db.example");
        assert_eq!(presented_name("IpAddress(127.0.0.1)"), "127.0.0.1");
        assert_eq!(presented_name("plain"), "plain");
    }

    #[test]
    fn a_ca_file_without_certificates_is_refused_with_its_name() {
        let path =
            std::env::temp_dir().join(format!("zhongzhan-empty-ca-{}.pem", std::process::id()));
        std::fs::write(&path, "not a certificate\n").unwrap();
        let error = Tls::new(Trust::CaFile(path.clone()))
            .err()
            .unwrap()
            .to_string();
        std::fs::remove_file(&path).ok();
        assert!(error.contains(&path.display().to_string()), "{error}");
        assert!(error.contains("no certificate in PEM form"), "{error}");
        let missing = Tls::new(Trust::CaFile("/no/such/ca.pem".into()))
            .err()
            .unwrap();
        assert!(missing.to_string().contains("/no/such/ca.pem"), "{missing}");
    }
}
