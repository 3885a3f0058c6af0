//! The TLS client setup that the HTTP transports (`transport`) and the
//! websocket (`ws`) share: it takes the PEM text of extra root certificates
//! ([`parse_roots`]) and returns the rustls [`ClientConfig`] both hand to
//! their connections ([`client_config`]).
//!
//! The crypto provider is always `ring`. Which roots a server's certificate
//! may chain to is a choice of this crate's features:
//!
//! * `platform-roots` (default): the operating system's trust store, through
//!   rustls-platform-verifier;
//! * `webpki-roots`: Mozilla's root certificates, compiled in from the
//!   webpki-roots crate; with `platform-roots` as well, a certificate is
//!   accepted when either set of roots vouches for it;
//! * neither: no built-in roots. A config still builds, so plain `http://`
//!   and `ws://` to a loopback host work, but every TLS handshake is refused
//!   with an error saying why.
//!
//! The roots added with `add_root_certificate_pem` are trusted in every case.
//! Errors are plain strings; each caller wraps them in its own error type and
//! bounds their length.

use std::fmt;
use std::sync::Arc;

use rustls::ClientConfig;
use rustls::client::danger::ServerCertVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject as _;

/// Every `CERTIFICATE` section of `pem`, each checked to be usable as a
/// trust anchor, so that a bad certificate is reported when it is added
/// rather than when a connection is set up. Other sections are skipped.
///
/// # Errors
///
/// A section that is not valid PEM or not a usable certificate, or no
/// `CERTIFICATE` section at all.
pub(crate) fn parse_roots(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, String> {
    let mut found = Vec::new();
    for cert in CertificateDer::pem_slice_iter(pem) {
        let cert = cert.map_err(|e| format!("invalid PEM certificate: {e}"))?;
        rustls::RootCertStore::empty()
            .add(cert.clone())
            .map_err(|e| format!("unusable root certificate: {e}"))?;
        found.push(cert);
    }
    if found.is_empty() {
        return Err("no CERTIFICATE section in the PEM input".to_owned());
    }
    Ok(found)
}

/// The client configuration for `https://` and `wss://`: the `ring`
/// provider, its safe default protocol versions, HTTP/1.1 ALPN, and a
/// certificate verifier over the roots the features give plus
/// `extra_roots` (see the module docs).
///
/// # Errors
///
/// The verifier or the protocol versions could not be set up; for example,
/// with `platform-roots` alone on a Linux system without CA certificates
/// and no `extra_roots`.
pub(crate) fn client_config(
    extra_roots: &[CertificateDer<'static>],
) -> Result<ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = verifier(extra_roots, &provider)?;
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS setup failed: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// The message for a verifier that could not be built.
fn setup_error(e: impl fmt::Display) -> String {
    format!("cannot set up certificate verification: {e}")
}

/// `platform-roots` alone: the platform verifier, which also trusts
/// `extra_roots`.
#[cfg(all(feature = "platform-roots", not(feature = "webpki-roots")))]
fn verifier(
    extra_roots: &[CertificateDer<'static>],
    provider: &Arc<CryptoProvider>,
) -> Result<Arc<dyn ServerCertVerifier>, String> {
    let platform = rustls_platform_verifier::Verifier::new_with_extra_roots(
        extra_roots.iter().cloned(),
        Arc::clone(provider),
    )
    .map_err(setup_error)?;
    Ok(Arc::new(platform))
}

/// `platform-roots` and `webpki-roots`: Mozilla's roots and `extra_roots`
/// first, then the platform verifier (which also trusts `extra_roots`).
#[cfg(all(feature = "platform-roots", feature = "webpki-roots"))]
fn verifier(
    extra_roots: &[CertificateDer<'static>],
    provider: &Arc<CryptoProvider>,
) -> Result<Arc<dyn ServerCertVerifier>, String> {
    // The platform verifier takes extra roots as whole certificates, and
    // webpki-roots has only their trust anchors, so Mozilla's roots get a
    // verifier of their own.
    let mozilla = webpki_verifier(mozilla_roots(), extra_roots, provider)?;
    match rustls_platform_verifier::Verifier::new_with_extra_roots(
        extra_roots.iter().cloned(),
        Arc::clone(provider),
    ) {
        Ok(platform) => Ok(Arc::new(MozillaOrPlatform { mozilla, platform })),
        // Where the platform verifier reads the roots itself (Linux, the
        // BSDs) it fails when the system has none; Mozilla's roots, which
        // the caller asked for too, still stand then. The extra roots were
        // all checked by `parse_roots`, so they are not the cause.
        Err(_) => Ok(mozilla),
    }
}

/// Without `platform-roots`: webpki's verifier over Mozilla's roots (with
/// `webpki-roots`) and `extra_roots`.
#[cfg(not(feature = "platform-roots"))]
fn verifier(
    extra_roots: &[CertificateDer<'static>],
    provider: &Arc<CryptoProvider>,
) -> Result<Arc<dyn ServerCertVerifier>, String> {
    #[cfg(feature = "webpki-roots")]
    let roots = mozilla_roots();
    #[cfg(not(feature = "webpki-roots"))]
    let roots = rustls::RootCertStore::empty();
    // webpki's verifier cannot be built without a root, but a client that
    // only speaks plain HTTP to a loopback host must still work.
    #[cfg(not(feature = "webpki-roots"))]
    if extra_roots.is_empty() {
        return Ok(Arc::new(NoRoots {
            algorithms: provider.signature_verification_algorithms,
        }));
    }
    Ok(webpki_verifier(roots, extra_roots, provider)?)
}

/// Mozilla's root certificates, from webpki-roots.
#[cfg(feature = "webpki-roots")]
fn mozilla_roots() -> rustls::RootCertStore {
    rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    }
}

/// webpki's verifier over `roots` and `extra_roots`.
#[cfg(any(feature = "webpki-roots", not(feature = "platform-roots")))]
fn webpki_verifier(
    mut roots: rustls::RootCertStore,
    extra_roots: &[CertificateDer<'static>],
    provider: &Arc<CryptoProvider>,
) -> Result<Arc<rustls::client::WebPkiServerVerifier>, String> {
    for cert in extra_roots {
        roots.add(cert.clone()).map_err(setup_error)?;
    }
    rustls::client::WebPkiServerVerifier::builder_with_provider(
        Arc::new(roots),
        Arc::clone(provider),
    )
    .build()
    .map_err(setup_error)
}

/// Accepts a certificate that either Mozilla's roots or the platform
/// vouches for.
#[cfg(all(feature = "platform-roots", feature = "webpki-roots"))]
#[derive(Debug)]
struct MozillaOrPlatform {
    mozilla: Arc<rustls::client::WebPkiServerVerifier>,
    platform: rustls_platform_verifier::Verifier,
}

#[cfg(all(feature = "platform-roots", feature = "webpki-roots"))]
impl ServerCertVerifier for MozillaOrPlatform {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &rustls::pki_types::ServerName<'_>,
        ocsp_response: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        // Mozilla's roots first: checking them needs no call into the
        // system. When both refuse, the platform's reason is the one shown.
        self.mozilla
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            .or_else(|_| {
                self.platform.verify_server_cert(
                    end_entity,
                    intermediates,
                    server_name,
                    ocsp_response,
                    now,
                )
            })
    }

    // Handshake signatures do not depend on the roots: both verifiers check
    // them with the same provider's algorithms.
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.mozilla.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.mozilla.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.mozilla.supported_verify_schemes()
    }
}

/// Why every TLS handshake fails when this crate has no roots at all.
#[cfg(not(any(feature = "platform-roots", feature = "webpki-roots")))]
const NO_ROOTS: &str = "no root certificate is trusted: loginspec-runtime was built \
    without its `platform-roots` and `webpki-roots` features, and none was added \
    with `add_root_certificate_pem`";

/// The verifier when there is no root to trust: it refuses every server.
#[cfg(not(any(feature = "platform-roots", feature = "webpki-roots")))]
#[derive(Debug)]
struct NoRoots {
    /// The provider's signature algorithms, to offer the usual schemes.
    algorithms: rustls::crypto::WebPkiSupportedAlgorithms,
}

#[cfg(not(any(feature = "platform-roots", feature = "webpki-roots")))]
impl ServerCertVerifier for NoRoots {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Err(rustls::Error::General(NO_ROOTS.to_owned()))
    }

    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        Err(rustls::Error::General(NO_ROOTS.to_owned()))
    }

    fn verify_tls13_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        Err(rustls::Error::General(NO_ROOTS.to_owned()))
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The PEM of a fresh self-signed CA certificate named `name`.
    fn ca_pem(name: &str) -> String {
        use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params
            .self_signed(&KeyPair::generate().expect("CA key"))
            .expect("CA certificate")
            .pem()
    }

    #[test]
    fn parse_errors() {
        let cases: &[(&[u8], &str)] = &[
            (b"", "no CERTIFICATE section in the PEM input"),
            (b"not a PEM file", "no CERTIFICATE section in the PEM input"),
            (
                b"-----BEGIN PRIVATE KEY-----\naGVsbG8=\n-----END PRIVATE KEY-----\n",
                "no CERTIFICATE section in the PEM input",
            ),
            (
                b"-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n",
                "invalid PEM certificate: ",
            ),
            (
                b"-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n",
                "invalid PEM certificate: ",
            ),
            // Valid base64, but not a certificate.
            (
                b"-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n",
                "unusable root certificate: ",
            ),
        ];
        for (pem, expected) in cases {
            let err = parse_roots(pem).unwrap_err();
            assert!(
                err.starts_with(expected),
                "{:?}: {err}",
                String::from_utf8_lossy(pem)
            );
        }
    }

    #[test]
    fn parses_every_certificate_section() {
        let pem = format!("first CA\n{}\nsecond CA\n{}", ca_pem("one"), ca_pem("two"));
        assert_eq!(parse_roots(pem.as_bytes()).expect("two roots").len(), 2);
    }

    #[test]
    fn config_with_extra_roots() {
        let roots = parse_roots(ca_pem("extra").as_bytes()).expect("root");
        let config = client_config(&roots).expect("config");
        assert_eq!(config.alpn_protocols, [b"http/1.1".to_vec()]);
    }

    /// With `platform-roots` and no extra root, the system's store is read.
    #[cfg(feature = "platform-roots")]
    #[test]
    fn config_with_the_platform_roots() {
        match client_config(&[]) {
            Ok(config) => assert_eq!(config.alpn_protocols, [b"http/1.1".to_vec()]),
            // A system without any CA certificate (a bare container) leaves
            // the platform verifier nothing to load; Mozilla's roots, when
            // on, stand in for them.
            Err(e) => assert!(
                !cfg!(feature = "webpki-roots") && e.contains("No CA certificates"),
                "{e}"
            ),
        }
    }

    #[cfg(feature = "webpki-roots")]
    #[test]
    fn mozilla_roots_are_there() {
        assert!(mozilla_roots().len() > 100);
        client_config(&[]).expect("config");
    }

    #[cfg(not(any(feature = "platform-roots", feature = "webpki-roots")))]
    #[test]
    fn without_roots_a_config_builds_and_refuses_servers() {
        let config = client_config(&[]).expect("config");
        assert_eq!(config.alpn_protocols, [b"http/1.1".to_vec()]);

        let provider = rustls::crypto::ring::default_provider();
        let verifier = NoRoots {
            algorithms: provider.signature_verification_algorithms,
        };
        assert!(!verifier.supported_verify_schemes().is_empty());
        let server_name =
            rustls::pki_types::ServerName::try_from("example.com").expect("server name");
        let err = verifier
            .verify_server_cert(
                &CertificateDer::from(Vec::new()),
                &[],
                &server_name,
                &[],
                rustls::pki_types::UnixTime::now(),
            )
            .unwrap_err();
        let message = err.to_string();
        for needle in ["platform-roots", "webpki-roots", "add_root_certificate_pem"] {
            assert!(message.contains(needle), "{message}");
        }
    }
}
