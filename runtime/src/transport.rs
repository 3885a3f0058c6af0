//! HTTP transports that send the requests the generated clients build.
//!
//! The generated code is sans-IO: a request type turns into an
//! [`http::Request<Body>`](crate::Body) with `to_http`, and a response type is read
//! back from an [`http::Response`] with `from_http`. The transports here do
//! the I/O in between:
//!
//! * [`AsyncTransport`] on reqwest's asynchronous client (it must be polled
//!   inside a Tokio runtime);
//! * `BlockingTransport` on reqwest's blocking client (cargo feature
//!   `blocking`, on by default).
//!
//! Both take the same [`Options`] and behave the same way:
//!
//! * The response is returned as it came: status, every header (each
//!   `Set-Cookie` separately) and the body bytes, undecoded.
//! * Redirects are **not** followed: a `3xx` response is returned like any
//!   other, and the typed decoders report it.
//! * Nothing is retried: reqwest's retry policy is switched off and idle
//!   connections are not kept, so every request is sent once on a fresh
//!   connection and no stale pooled connection can cause a silent resend.
//! * The body is read piece by piece and the read stops as soon as it would
//!   exceed [`Options::max_body_bytes`]; a larger body is an error, never
//!   silently truncated.
//! * There is no cookie store and no automatic decompression.
//! * TLS is rustls with the `ring` crypto provider. The trusted roots are
//!   those of the cargo features: the platform's trust store with
//!   `platform-roots` (on by default), Mozilla's root certificates with
//!   `webpki-roots`, both with both, none with neither; plus, in every case,
//!   the roots added with [`Options::add_root_certificate_pem`]. Only
//!   HTTP/1.1 (and 1.0) is spoken.
//!
//! Errors are [`TransportError`]s. Their messages come from the network stack
//! and never contain the request's path or query, header values or bodies,
//! which may hold secrets.

use std::error::Error as StdError;
use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use http::header::HeaderValue;
use rustls::pki_types::CertificateDer;

use crate::tls;

/// The default for [`Options::connect_timeout`]: 10 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The default for [`Options::timeout`]: 30 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default for [`Options::max_body_bytes`]: 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// The default `User-Agent` header: `loginspec/<version>`.
pub const DEFAULT_USER_AGENT: &str = concat!("loginspec/", env!("CARGO_PKG_VERSION"));

/// How many errors of a source chain a [`TransportError`] message describes.
const MAX_CHAIN: usize = 8;

/// How many characters a [`TransportError`] message keeps.
const MAX_MESSAGE_CHARS: usize = 300;

/// Size of the buffer the blocking transport reads the body with.
#[cfg(feature = "blocking")]
const READ_CHUNK: usize = 16 * 1024;

// ---------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------

/// Settings shared by [`AsyncTransport`] and `BlockingTransport`.
///
/// Start from [`Options::new`] (or `Options::default()`) and change what you
/// need with the builder-style setters:
///
/// ```
/// use std::time::Duration;
/// use loginspec_runtime::Options;
///
/// let options = Options::new()
///     .timeout(Duration::from_secs(5))
///     .max_body_bytes(64 * 1024);
/// # let _ = options;
/// ```
#[derive(Clone)]
pub struct Options {
    connect_timeout: Duration,
    timeout: Duration,
    max_body_bytes: usize,
    user_agent: String,
    resolve: Vec<(String, SocketAddr)>,
    extra_roots: Vec<CertificateDer<'static>>,
    proxy_from_env: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            resolve: Vec::new(),
            extra_roots: Vec::new(),
            proxy_from_env: true,
        }
    }
}

impl fmt::Debug for Options {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Options")
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("user_agent", &self.user_agent)
            .field("resolve", &self.resolve)
            .field("extra_roots", &self.extra_roots.len())
            .field("proxy_from_env", &self.proxy_from_env)
            .finish()
    }
}

impl Options {
    /// The defaults: [`DEFAULT_CONNECT_TIMEOUT`], [`DEFAULT_TIMEOUT`],
    /// [`DEFAULT_MAX_BODY_BYTES`], [`DEFAULT_USER_AGENT`], no host overrides,
    /// no extra root certificates, and proxies taken from the environment.
    pub fn new() -> Self {
        Options::default()
    }

    /// How long establishing a connection (TCP and TLS) may take.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long a whole exchange may take, from connecting until the last
    /// byte of the response body has been read, on both transports: a server
    /// that drips its body is cut off when the time is up
    /// ([`TransportError::Timeout`]).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest response body, in bytes, that a transport accepts. A
    /// longer body makes `send` fail with [`TransportError::BodyTooLarge`]:
    /// at once when `Content-Length` announces it, else as soon as the bytes
    /// read pass the limit (past it, the blocking transport has read at most
    /// six 16 KiB reads more: the one that passed it, four waiting and one in
    /// progress; the asynchronous one at most one network read more). The
    /// body is never truncated silently.
    #[must_use]
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// The `User-Agent` header sent with requests that do not set their own.
    ///
    /// A value that cannot be a header value makes the transport's `new`
    /// fail with [`TransportError::Config`].
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Connects to `addr` whenever a request's host is `host`, instead of
    /// looking the name up (for tests and staging servers). TLS still checks
    /// the certificate against `host`.
    ///
    /// A port in the request URL wins over the port of `addr`. When the URL
    /// has none, the port of `addr` is used, or the scheme's default port if
    /// that is `0`. So `resolve("api.example.com", 127.0.0.1:8443)` sends
    /// `https://api.example.com/login` to a local test server on port 8443.
    #[must_use]
    pub fn resolve(mut self, host: &str, addr: SocketAddr) -> Self {
        // URL host names are compared in lower case.
        self.resolve.push((host.to_ascii_lowercase(), addr));
        self
    }

    /// Trusts the certificates in `pem` (one or more `CERTIFICATE` sections)
    /// as extra root CAs, in addition to the roots the cargo features give
    /// (see the [module docs](crate::transport)); for example the CA of a
    /// local TLS test server. Without the `platform-roots` and
    /// `webpki-roots` features, these are the only roots, and with none
    /// added every `https://` request fails with [`TransportError::Tls`].
    ///
    /// # Errors
    ///
    /// [`TransportError::Config`] when `pem` holds no certificate or one
    /// that cannot be parsed.
    pub fn add_root_certificate_pem(mut self, pem: &[u8]) -> Result<Self, TransportError> {
        let roots = tls::parse_roots(pem).map_err(|e| TransportError::Config(bounded(&e)))?;
        self.extra_roots.extend(roots);
        Ok(self)
    }

    /// Whether to use the proxies named by the `HTTPS_PROXY`, `HTTP_PROXY`,
    /// `ALL_PROXY` and `NO_PROXY` environment variables (on by default, as
    /// in most HTTP clients). With `false`, every request goes directly to
    /// its host; tests against local servers should say `false`, since a
    /// proxy also bypasses [`Options::resolve`].
    #[must_use]
    pub fn proxy_from_env(mut self, enabled: bool) -> Self {
        self.proxy_from_env = enabled;
        self
    }

    /// The TLS configuration both transports hand to reqwest: the `ring`
    /// provider, the roots of the features plus the extra roots, HTTP/1.1
    /// ALPN.
    fn tls_config(&self) -> Result<rustls::ClientConfig, TransportError> {
        tls::client_config(&self.extra_roots).map_err(|e| TransportError::Config(bounded(&e)))
    }

    /// Checks the parts of the options that reqwest would only reject when
    /// building the client, with clearer messages.
    fn check(&self) -> Result<(), TransportError> {
        if HeaderValue::from_str(&self.user_agent).is_err() {
            return Err(TransportError::Config(
                "the User-Agent is not a valid header value".to_owned(),
            ));
        }
        Ok(())
    }
}

/// Applies `options` to a reqwest `ClientBuilder`; the asynchronous and the
/// blocking builders have the same methods but no common trait.
macro_rules! configure {
    ($builder:expr, $options:expr) => {{
        let options: &Options = $options;
        options.check()?;
        let mut builder = $builder
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            .user_agent(options.user_agent.as_str())
            .redirect(reqwest::redirect::Policy::none())
            .retry(reqwest::retry::never())
            .referer(false)
            .pool_max_idle_per_host(0)
            .http1_only()
            .tls_backend_preconfigured(options.tls_config()?);
        for (host, addr) in &options.resolve {
            builder = builder.resolve(host, *addr);
        }
        if !options.proxy_from_env {
            builder = builder.no_proxy();
        }
        builder
            .build()
            .map_err(|e| TransportError::Config(describe(&e.without_url())))?
    }};
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// Why a transport could not be built or a request got no complete response.
///
/// Messages are taken from the network stack's errors. They may name the
/// host (a certificate issued for another name, say) but never contain the
/// request's path or query, header values or body bytes, which may be
/// secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportError {
    /// The connect timeout or the total timeout ran out.
    Timeout,
    /// No connection could be made (refused, unreachable, name not found).
    Connect(String),
    /// The response body is longer than [`Options::max_body_bytes`]; reading
    /// stopped there.
    BodyTooLarge {
        /// The limit that was exceeded, in bytes.
        limit: usize,
    },
    /// The TLS handshake failed, for example because the server's
    /// certificate is not trusted or is for another host.
    Tls(String),
    /// The exchange failed after the connection was made (the connection
    /// was closed, or the response was not valid HTTP).
    Io(String),
    /// The [`Options`] could not be used to build a transport.
    Config(String),
    /// The request cannot be sent, for example because its URI is not an
    /// absolute `http` or `https` URL or it asks for an HTTP version other
    /// than 1.1 or 1.0.
    InvalidRequest(String),
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransportError::Timeout => f.write_str("the request timed out"),
            TransportError::Connect(m) => write!(f, "could not connect: {m}"),
            TransportError::BodyTooLarge { limit } => {
                write!(f, "the response body is larger than {limit} bytes")
            }
            TransportError::Tls(m) => write!(f, "TLS failure: {m}"),
            TransportError::Io(m) => write!(f, "the HTTP exchange failed: {m}"),
            TransportError::Config(m) => write!(f, "invalid transport options: {m}"),
            TransportError::InvalidRequest(m) => write!(f, "the request cannot be sent: {m}"),
        }
    }
}

impl StdError for TransportError {}

/// At most [`MAX_MESSAGE_CHARS`] characters of `text`, printable (see
/// `redact::printable`).
fn bounded(text: &str) -> String {
    crate::redact::printable(text, MAX_MESSAGE_CHARS)
}

/// The next error in the chain below `err`.
///
/// `io::Error::source` skips the error an `io::Error` wraps (its `Display`
/// shows that error instead), so this steps into it explicitly: that is
/// where TLS errors sit.
fn next_in_chain<'a>(err: &'a (dyn StdError + 'static)) -> Option<&'a (dyn StdError + 'static)> {
    match err
        .downcast_ref::<std::io::Error>()
        .and_then(std::io::Error::get_ref)
    {
        Some(inner) => Some(inner),
        None => err.source(),
    }
}

/// The errors of the chain starting at `err`, at most [`MAX_CHAIN`].
pub(crate) fn chain<'a>(
    err: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(err), |e| next_in_chain(*e)).take(MAX_CHAIN)
}

/// Whether a TLS (rustls) error is among `err` and its sources.
pub(crate) fn has_rustls_error(err: &(dyn StdError + 'static)) -> bool {
    chain(err).any(|e| e.downcast_ref::<rustls::Error>().is_some())
}

/// `err` and its sources as one line, `outer: inner: innermost`, without
/// repeating a message that the previous one already ends with.
pub(crate) fn describe(err: &(dyn StdError + 'static)) -> String {
    let mut out = String::new();
    for e in chain(err) {
        let message = e.to_string();
        if message.is_empty() || out.ends_with(&message) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&message);
    }
    bounded(&out)
}

/// Classifies an error from reqwest.
fn from_reqwest(err: reqwest::Error) -> TransportError {
    // The URL may carry secrets in its query; leave it out of messages.
    let err = err.without_url();
    if err.is_timeout() {
        return TransportError::Timeout;
    }
    let has_tls_error = has_rustls_error(&err);
    let message = describe(&err);
    if has_tls_error {
        TransportError::Tls(message)
    } else if err.is_connect() {
        TransportError::Connect(message)
    } else if err.is_builder() {
        TransportError::InvalidRequest(message)
    } else {
        TransportError::Io(message)
    }
}

/// Classifies an error from reading a blocking response body.
#[cfg(feature = "blocking")]
fn from_io(err: std::io::Error) -> TransportError {
    if err.kind() == std::io::ErrorKind::TimedOut {
        return TransportError::Timeout;
    }
    let kind = err.kind();
    match err.into_inner() {
        Some(inner) => match inner.downcast::<reqwest::Error>() {
            Ok(err) => from_reqwest(*err),
            Err(other) => TransportError::Io(describe(&*other)),
        },
        None => TransportError::Io(kind.to_string()),
    }
}

// ---------------------------------------------------------------------------
// Shared request and response handling
// ---------------------------------------------------------------------------

/// Refuses requests for an HTTP version other than 1.0 and 1.1, the only
/// ones these transports speak.
fn check_version<B>(request: &http::Request<B>) -> Result<(), TransportError> {
    let version = request.version();
    if version == http::Version::HTTP_11 || version == http::Version::HTTP_10 {
        Ok(())
    } else {
        Err(TransportError::InvalidRequest(format!(
            "the request asks for {version:?}, but only HTTP/1.1 and HTTP/1.0 are spoken"
        )))
    }
}

/// Fails early when the announced body length is over the limit.
fn check_announced_length(length: Option<u64>, limit: usize) -> Result<(), TransportError> {
    match length {
        Some(length) if u64::try_from(limit).is_ok_and(|limit| length > limit) => {
            Err(TransportError::BodyTooLarge { limit })
        }
        _ => Ok(()),
    }
}

/// The initial capacity of the body buffer: the announced length (which
/// the server chose) but never more than the limit or 1 MiB, or a small
/// default when no length was announced. Beyond that the buffer only grows
/// with bytes actually received.
fn initial_capacity(length: Option<u64>, limit: usize) -> usize {
    length
        .and_then(|length| usize::try_from(length).ok())
        .map_or(8 * 1024, |length| length.min(limit).min(1024 * 1024))
}

/// Appends `chunk` to `body` unless that would take it past `limit`.
fn append_capped(body: &mut Vec<u8>, chunk: &[u8], limit: usize) -> Result<(), TransportError> {
    if chunk.len() > limit.saturating_sub(body.len()) {
        return Err(TransportError::BodyTooLarge { limit });
    }
    body.extend_from_slice(chunk);
    Ok(())
}

/// Assembles the response handed back to the caller.
fn assemble(
    status: http::StatusCode,
    version: http::Version,
    headers: http::HeaderMap,
    body: Vec<u8>,
) -> http::Response<Vec<u8>> {
    let mut response = http::Response::new(body);
    *response.status_mut() = status;
    *response.version_mut() = version;
    *response.headers_mut() = headers;
    response
}

// ---------------------------------------------------------------------------
// Asynchronous transport
// ---------------------------------------------------------------------------

/// Sends requests asynchronously with reqwest.
///
/// `send` must be polled inside a Tokio runtime. Cloning is cheap and the
/// clones share one client.
#[derive(Clone)]
pub struct AsyncTransport {
    client: reqwest::Client,
    max_body_bytes: usize,
}

impl fmt::Debug for AsyncTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncTransport")
            .field("max_body_bytes", &self.max_body_bytes)
            .finish_non_exhaustive()
    }
}

impl AsyncTransport {
    /// Builds a transport with `options`.
    ///
    /// # Errors
    ///
    /// [`TransportError::Config`] when the options cannot be used (an invalid
    /// `User-Agent`, or no root certificate at all could be loaded).
    pub fn new(options: Options) -> Result<Self, TransportError> {
        let client = configure!(reqwest::Client::builder(), &options);
        Ok(AsyncTransport {
            client,
            max_body_bytes: options.max_body_bytes,
        })
    }

    /// Sends `request` once and returns the response with its status, all
    /// headers and the whole body. A `3xx` response is returned, not
    /// followed.
    ///
    /// # Errors
    ///
    /// See [`TransportError`]: the request is invalid, the connection or TLS
    /// handshake failed, a timeout ran out, the exchange broke off, or the
    /// body is larger than [`Options::max_body_bytes`].
    ///
    /// # Panics
    ///
    /// Like any reqwest request, when polled outside a Tokio runtime that
    /// has its I/O and time drivers enabled.
    pub async fn send<B: Into<crate::Body>>(
        &self,
        request: http::Request<B>,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let limit = self.max_body_bytes;
        check_version(&request)?;
        let request = request.map(|body| body.into().into_inner());
        let request = reqwest::Request::try_from(request).map_err(from_reqwest)?;
        let mut response = self.client.execute(request).await.map_err(from_reqwest)?;
        let length = response.content_length();
        check_announced_length(length, limit)?;
        let status = response.status();
        let version = response.version();
        let headers = std::mem::take(response.headers_mut());
        let mut body = Vec::with_capacity(initial_capacity(length, limit));
        while let Some(chunk) = response.chunk().await.map_err(from_reqwest)? {
            append_capped(&mut body, &chunk, limit)?;
        }
        Ok(assemble(status, version, headers, body))
    }
}

// ---------------------------------------------------------------------------
// Blocking transport
// ---------------------------------------------------------------------------

/// Sends requests with reqwest's blocking client (cargo feature `blocking`).
///
/// The client runs its own background thread. As with any reqwest blocking
/// client, do not create, use or drop it on a thread that is running
/// asynchronous tasks (inside `async` code, use [`AsyncTransport`], or call
/// this from `tokio::task::spawn_blocking`). Cloning is cheap and the clones
/// share one client.
#[cfg(feature = "blocking")]
#[derive(Clone)]
pub struct BlockingTransport {
    client: reqwest::blocking::Client,
    max_body_bytes: usize,
    timeout: Duration,
}

#[cfg(feature = "blocking")]
impl fmt::Debug for BlockingTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockingTransport")
            .field("max_body_bytes", &self.max_body_bytes)
            .finish_non_exhaustive()
    }
}

#[cfg(feature = "blocking")]
impl BlockingTransport {
    /// Builds a transport with `options`.
    ///
    /// # Errors
    ///
    /// [`TransportError::Config`] when the options cannot be used (an invalid
    /// `User-Agent`, or no root certificate at all could be loaded).
    ///
    /// # Panics
    ///
    /// Like reqwest's blocking client, when called on a thread that is
    /// running asynchronous tasks.
    pub fn new(options: Options) -> Result<Self, TransportError> {
        let client = configure!(reqwest::blocking::Client::builder(), &options);
        Ok(BlockingTransport {
            client,
            max_body_bytes: options.max_body_bytes,
            timeout: options.timeout,
        })
    }

    /// Sends `request` once, blocking the current thread, and returns the
    /// response with its status, all headers and the whole body. A `3xx`
    /// response is returned, not followed.
    ///
    /// # Errors
    ///
    /// As [`AsyncTransport::send`].
    ///
    /// # Panics
    ///
    /// Like reqwest's blocking client, when called on a thread that is
    /// running asynchronous tasks.
    pub fn send<B: Into<crate::Body>>(
        &self,
        request: http::Request<B>,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        use std::io::Read as _;
        use std::sync::mpsc;

        let deadline = std::time::Instant::now() + self.timeout;
        let limit = self.max_body_bytes;
        check_version(&request)?;
        let request = request.map(|body| body.into().into_inner());
        let request = reqwest::blocking::Request::try_from(request).map_err(from_reqwest)?;
        let mut response = self.client.execute(request).map_err(from_reqwest)?;
        let length = response.content_length();
        check_announced_length(length, limit)?;
        let status = response.status();
        let version = response.version();
        let headers = std::mem::take(response.headers_mut());
        // reqwest's blocking body reads are not bounded by the total timeout: a server
        // that drips its body would hold the caller for as long as it likes. The body is
        // read on a thread of its own and waited for until the deadline; a reader left
        // behind ends when its connection does.
        let (chunks, received) = mpsc::sync_channel::<std::io::Result<Vec<u8>>>(4);
        std::thread::spawn(move || {
            let mut buffer = vec![0u8; READ_CHUNK];
            loop {
                // Each chunk is handed over as it comes; the caller applies the cap, and
                // a full channel (four chunks) makes this wait, so memory stays bounded.
                let read = match response.read(&mut buffer) {
                    Ok(0) => return,
                    Ok(n) => Ok(buffer.get(..n).unwrap_or_default().to_vec()),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => Err(e),
                };
                let failed = read.is_err();
                if chunks.send(read).is_err() || failed {
                    return;
                }
            }
        });
        let mut body = Vec::with_capacity(initial_capacity(length, limit));
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match received.recv_timeout(left) {
                Ok(Ok(chunk)) => append_capped(&mut body, &chunk, limit)?,
                Ok(Err(e)) => return Err(from_io(e)),
                Err(mpsc::RecvTimeoutError::Timeout) => return Err(TransportError::Timeout),
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        Ok(assemble(status, version, headers, body))
    }
}
