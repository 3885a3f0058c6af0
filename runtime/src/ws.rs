//! Websocket runtime for the message types the generated clients declare.
//!
//! Some services continue a login over a websocket: after the HTTP login
//! the client opens a socket and exchanges JSON messages in an *envelope*,
//! for example
//!
//! ```text
//! -> {"request": {"connect": {"token": "…", "device_id": "…"}, "id": "1"}}
//! <- {"response": {"id": "1", "success": true}}
//! ```
//!
//! The generated request types encode such a frame with `to_frame(id)`;
//! this module does the rest:
//!
//! * [`Socket::open`] connects to a `wss://` URL (or `ws://` to a loopback
//!   host) with a connect timeout;
//! * [`Socket::send`] sends a frame under a fresh correlation id, and
//!   [`Socket::wait`] waits for the answer carrying that id, which it finds
//!   with the keys of an [`Envelope`]. Answers may arrive in any order;
//!   frames that are not answers (server events) are kept for
//!   [`Socket::take_events`];
//! * [`decode_answer`] turns an answer into a generated response type.
//!
//! Transport details:
//!
//! * The websocket protocol is tokio-tungstenite's; this module opens the
//!   connection itself (TCP, then for `wss://` TLS with rustls on the `ring`
//!   provider) and hands it to tokio-tungstenite for the handshake and
//!   framing. Proxies are not used.
//! * The trusted roots are those of the cargo features, as for the HTTP
//!   transports: the platform's trust store with `platform-roots` (on by
//!   default), Mozilla's root certificates with `webpki-roots`, both with
//!   both, none with neither; plus, in every case, the roots added with
//!   [`WsOptions::add_root_certificate_pem`].
//! * Incoming messages and frames larger than [`WsOptions::max_frame_bytes`]
//!   are refused by tungstenite before they are buffered whole.
//! * Everything must run inside a Tokio runtime.
//!
//! Frames sent may hold secrets (tokens, passwords): this module never logs
//! them or puts them into errors. Errors about frames received carry a
//! bounded [`Excerpt`]. Nothing here panics on data from the server.
//!
//! tungstenite itself logs every frame at the `trace` level of the `log`
//! crate; an application that turns on `trace` logging for `tungstenite`
//! will see frame contents, tokens included.

use std::collections::{HashMap, HashSet, VecDeque};
use std::error::Error as StdError;
use std::fmt;
use std::net::Ipv4Addr;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt as _, StreamExt as _};
use rustls::pki_types::{CertificateDer, ServerName};
use serde_json::{Map, Value};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite;
use tungstenite::Message;
use tungstenite::protocol::frame::coding::CloseCode;
use tungstenite::protocol::{CloseFrame, WebSocketConfig};

use crate::base_url::{Host, check_host_name, parse_port, split_authority};
use crate::tls;
use crate::transport::{describe, has_rustls_error};
use crate::{BuildError, ERROR_INPUT_CHARS, Excerpt};

/// The default for [`WsOptions::connect_timeout`]: 10 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The default for [`WsOptions::answer_timeout`]: 30 seconds.
pub const DEFAULT_ANSWER_TIMEOUT: Duration = Duration::from_secs(30);

/// The default for [`WsOptions::max_frame_bytes`]: 1 MiB.
pub const DEFAULT_MAX_FRAME_BYTES: usize = 1024 * 1024;

/// How many server events a socket keeps before dropping the oldest.
pub const MAX_QUEUED_EVENTS: usize = 1024;

/// At most `ERROR_INPUT_CHARS` characters of `text`, printable (see
/// `redact::printable`).
fn bounded(text: &str) -> String {
    crate::redact::printable(text, ERROR_INPUT_CHARS)
}

// ---------------------------------------------------------------------------
// Envelope and options
// ---------------------------------------------------------------------------

/// Keys of a JSON envelope: requests are
/// `{request: {<message>: body, id: "<id>"}}`, answers
/// `{response: {id: "<id>", ...fields}}`.
///
/// For example `Envelope { request: "request", response: "response", id: "id" }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Envelope {
    /// The key of the outer object of a request frame.
    pub request: &'static str,
    /// The key of the outer object of an answer frame. A frame without it is
    /// a server event.
    pub response: &'static str,
    /// The key of the correlation id inside the request and answer objects.
    pub id: &'static str,
}

/// Settings for [`Socket::open`].
///
/// Built from [`WsOptions::default`] (or [`WsOptions::new`]) with the
/// setters below.
#[derive(Clone)]
pub struct WsOptions {
    connect_timeout: Duration,
    answer_timeout: Duration,
    max_frame_bytes: usize,
    extra_roots: Vec<CertificateDer<'static>>,
}

impl Default for WsOptions {
    fn default() -> Self {
        WsOptions {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            answer_timeout: DEFAULT_ANSWER_TIMEOUT,
            max_frame_bytes: DEFAULT_MAX_FRAME_BYTES,
            extra_roots: Vec::new(),
        }
    }
}

impl fmt::Debug for WsOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WsOptions")
            .field("connect_timeout", &self.connect_timeout)
            .field("answer_timeout", &self.answer_timeout)
            .field("max_frame_bytes", &self.max_frame_bytes)
            .field("extra_roots", &self.extra_roots.len())
            .finish()
    }
}

impl WsOptions {
    /// The default options, as [`WsOptions::default`].
    pub fn new() -> Self {
        WsOptions::default()
    }

    /// How long [`Socket::open`] may take in all: name lookup, TCP
    /// connection, TLS handshake and websocket handshake (default 10 s).
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long [`Socket::wait`] waits for an answer, [`Socket::send`] for
    /// its frame to be written, and [`Socket::close`] for the server to
    /// acknowledge the close (default 30 s).
    #[must_use]
    pub fn answer_timeout(mut self, timeout: Duration) -> Self {
        self.answer_timeout = timeout;
        self
    }

    /// The largest message, and the largest single frame, accepted from the
    /// server, in bytes (default 1 MiB). A larger one ends the connection
    /// with [`WsError::Malformed`].
    #[must_use]
    pub fn max_frame_bytes(mut self, limit: usize) -> Self {
        self.max_frame_bytes = limit;
        self
    }

    /// Trusts the certificates in `pem` (one or more `CERTIFICATE` sections)
    /// as extra root CAs for `wss://`, in addition to the roots the cargo
    /// features give (see the [module docs](crate::ws)); for example the CA
    /// of a local test server. Without the `platform-roots` and
    /// `webpki-roots` features, these are the only roots, and with none
    /// added every `wss://` connection fails with [`WsError::Tls`].
    ///
    /// # Errors
    ///
    /// [`WsError::Tls`] when `pem` holds no certificate or one that cannot
    /// be used as a root.
    pub fn add_root_certificate_pem(mut self, pem: &[u8]) -> Result<Self, WsError> {
        let roots = tls::parse_roots(pem).map_err(|e| WsError::Tls(bounded(&e)))?;
        self.extra_roots.extend(roots);
        Ok(self)
    }

    /// The websocket settings that enforce the size limit.
    fn websocket_config(&self) -> WebSocketConfig {
        WebSocketConfig::default()
            .max_message_size(Some(self.max_frame_bytes))
            .max_frame_size(Some(self.max_frame_bytes))
    }

    /// The rustls configuration for `wss://`: the `ring` provider, the
    /// roots of the features plus the extra roots, HTTP/1.1 ALPN.
    fn tls_config(&self) -> Result<rustls::ClientConfig, WsError> {
        tls::client_config(&self.extra_roots).map_err(|e| WsError::Tls(bounded(&e)))
    }
}

// ---------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------

/// A checked websocket URL.
struct Target {
    /// The URL handed to the handshake (`/` added when there is no path).
    uri: tungstenite::http::Uri,
    /// `scheme://host:port`, for `Debug` (the path and query may hold secrets).
    origin: String,
    /// The host without IPv6 brackets, for name lookup and TLS.
    host: String,
    port: u16,
    tls: bool,
}

/// Checks `url`: `wss://`, or `ws://` to a loopback host; a host name or IP
/// address; an optional port, path and query; no user information or
/// fragment.
fn parse_url(url: &str) -> Result<Target, WsError> {
    let err = |reason: &str| {
        // Show the URL without its user information and query, which may carry secrets.
        WsError::InvalidUrl(format!(
            "{reason} (URL {:?})",
            crate::redact::url(url, ERROR_INPUT_CHARS)
        ))
    };
    if url.is_empty() {
        return Err(err("the URL is empty"));
    }
    if !url.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(err(
            "the URL contains whitespace, control or non-ASCII characters",
        ));
    }
    if url.contains('#') {
        return Err(err("a websocket URL must not have a fragment (`#`)"));
    }
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| err("the URL must start with `wss://`"))?;
    let scheme = scheme.to_ascii_lowercase();
    let tls = match scheme.as_str() {
        "wss" => true,
        "ws" => false,
        _ => {
            return Err(err(
                "the scheme must be `wss` (or `ws` for a loopback host)",
            ));
        }
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    if authority.is_empty() {
        return Err(err("the URL has no host"));
    }
    if authority.contains('@') {
        return Err(err("the URL must not contain user information (`user@`)"));
    }

    let (host, port, loopback, bracketed) = match split_authority(authority).map_err(err)? {
        (Host::V6(address), port) => (address.to_string(), port, address.is_loopback(), true),
        (Host::Name(host), port) => {
            let host = host.to_ascii_lowercase();
            let loopback = match host.parse::<Ipv4Addr>() {
                Ok(address) => address.is_loopback(),
                Err(_) => {
                    check_host_name(&host).map_err(err)?;
                    host == "localhost"
                }
            };
            (host, port, loopback, false)
        }
    };
    let port = match port {
        None if tls => 443,
        None => 80,
        Some(digits) => parse_port(digits).map_err(err)?,
    };

    if !tls && !loopback {
        return Err(err(
            "`ws` is only allowed for loopback hosts (localhost, 127.0.0.0/8, [::1]); use `wss`",
        ));
    }

    let origin = if bracketed {
        format!("{scheme}://[{host}]:{port}")
    } else {
        format!("{scheme}://{host}:{port}")
    };
    let path = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    let uri = format!("{origin}{path}")
        .parse::<tungstenite::http::Uri>()
        .map_err(|_| err("the path or query is not valid"))?;
    Ok(Target {
        uri,
        origin,
        host,
        port,
        tls,
    })
}

// ---------------------------------------------------------------------------
// The socket
// ---------------------------------------------------------------------------

/// The byte stream under the websocket: TCP, or TLS over TCP.
trait Io: AsyncRead + AsyncWrite + Unpin + Send {}

impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// An open websocket that exchanges enveloped JSON messages.
///
/// Methods take `&mut self`: one task drives the socket. `Debug` shows the
/// scheme, host and port and the bookkeeping counts, never frames or the
/// URL's path and query.
pub struct Socket {
    stream: WebSocketStream<Box<dyn Io>>,
    envelope: Envelope,
    options: WsOptions,
    origin: String,
    last_id: u64,
    /// Ids sent whose answer has not arrived yet.
    pending: HashSet<String>,
    /// Answers that arrived while another id was awaited.
    answers: HashMap<String, Map<String, Value>>,
    /// Server events, oldest first.
    events: VecDeque<Value>,
    /// Set once the connection is closed: the close code and reason.
    closed: Option<(Option<u16>, String)>,
}

impl fmt::Debug for Socket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Socket")
            .field("origin", &self.origin)
            .field("envelope", &self.envelope)
            .field("options", &self.options)
            .field("last_id", &self.last_id)
            .field("pending", &self.pending.len())
            .field("kept_answers", &self.answers.len())
            .field("events", &self.events.len())
            .field("closed", &self.closed.is_some())
            .finish()
    }
}

/// What a text frame turned out to be.
enum Incoming {
    /// An answer: its id and the answer object without the id.
    Answer(String, Map<String, Value>),
    /// A frame without the response key.
    Event(Value),
}

impl Socket {
    /// Opens a websocket to `url`: `wss://...`, or `ws://` only for a
    /// loopback host (`localhost`, `127.0.0.0/8`, `[::1]`); anything else is
    /// [`WsError::InvalidUrl`].
    ///
    /// Connects (TCP, TLS for `wss://`, websocket handshake) within
    /// [`WsOptions::connect_timeout`]. `envelope` names the keys with which
    /// answers are recognised.
    ///
    /// # Errors
    ///
    /// [`WsError::InvalidUrl`] before any connection is tried;
    /// [`WsError::Connect`] when the connection is refused, the name is not
    /// found or the server refuses the websocket upgrade (its HTTP status is
    /// named); [`WsError::Tls`] when the TLS handshake fails (an untrusted
    /// certificate, say); [`WsError::Timeout`] when it all takes too long.
    pub async fn open(
        url: &str,
        envelope: Envelope,
        options: WsOptions,
    ) -> Result<Socket, WsError> {
        let target = parse_url(url)?;
        let tls = if target.tls {
            Some(options.tls_config()?)
        } else {
            None
        };
        let connect = async {
            let tcp = tokio::net::TcpStream::connect((target.host.as_str(), target.port))
                .await
                .map_err(|e| WsError::Connect(describe(&e)))?;
            // Frames are small request/answer pairs: send them at once.
            tcp.set_nodelay(true)
                .map_err(|e| WsError::Connect(describe(&e)))?;
            let io: Box<dyn Io> = match tls {
                Some(config) => {
                    let name = ServerName::try_from(target.host.clone()).map_err(|_| {
                        WsError::InvalidUrl(format!(
                            "the host {:?} cannot be used as a TLS server name",
                            bounded(&target.host)
                        ))
                    })?;
                    let stream = tokio_rustls::TlsConnector::from(Arc::new(config))
                        .connect(name, tcp)
                        .await
                        .map_err(|e| {
                            if has_rustls_error(&e) {
                                WsError::Tls(describe(&e))
                            } else {
                                WsError::Connect(describe(&e))
                            }
                        })?;
                    Box::new(stream)
                }
                None => Box::new(tcp),
            };
            let (stream, _response) = tokio_tungstenite::client_async_with_config(
                target.uri.clone(),
                io,
                Some(options.websocket_config()),
            )
            .await
            .map_err(handshake_error)?;
            Ok::<_, WsError>(stream)
        };
        let stream = tokio::time::timeout(options.connect_timeout, connect)
            .await
            .map_err(|_| WsError::Timeout)??;
        Ok(Socket {
            stream,
            envelope,
            options,
            origin: target.origin,
            last_id: 0,
            pending: HashSet::new(),
            answers: HashMap::new(),
            events: VecDeque::new(),
            closed: None,
        })
    }

    /// A fresh correlation id, unique within this socket ("1", "2", ... is fine).
    pub fn next_id(&mut self) -> String {
        self.last_id = self.last_id.wrapping_add(1);
        self.last_id.to_string()
    }

    /// Sends one text frame built by `frame(id)` for a fresh id and returns
    /// the id; the frame text is never logged or put in errors (it may hold
    /// a token).
    ///
    /// The id is then awaited: [`Socket::wait`] with it returns its answer.
    ///
    /// # Errors
    ///
    /// [`WsError::Build`] when `frame` fails (nothing is sent);
    /// [`WsError::Closed`] when the connection is closed;
    /// [`WsError::Timeout`] when the frame cannot be written within
    /// [`WsOptions::answer_timeout`]; [`WsError::Io`] or [`WsError::Tls`]
    /// when writing fails.
    pub async fn send(
        &mut self,
        frame: impl FnOnce(&str) -> Result<String, BuildError>,
    ) -> Result<String, WsError> {
        if let Some(closed) = self.closed_error() {
            return Err(closed);
        }
        let id = self.next_id();
        let text = frame(&id).map_err(WsError::Build)?;
        let sent = tokio::time::timeout(
            self.options.answer_timeout,
            self.stream.send(Message::Text(text.into())),
        )
        .await;
        match sent {
            Err(_) => Err(WsError::Timeout),
            Ok(Err(e)) => Err(self.stream_error(e)),
            Ok(Ok(())) => {
                self.pending.insert(id.clone());
                Ok(id)
            }
        }
    }

    /// Waits for the answer with this id: returns the inner answer object
    /// with the id key removed.
    ///
    /// While waiting, every frame received is dealt with:
    ///
    /// * a JSON object without the envelope's `response` key is a server
    ///   event, queued for [`Socket::take_events`];
    /// * an answer for another id that was sent and is still awaited is kept
    ///   until someone waits for it, so answers may arrive in any order;
    /// * an answer whose id is not awaited (never sent, or already answered)
    ///   is [`WsError::UnknownId`];
    /// * a frame that is not JSON, not a JSON object, or whose `response` is
    ///   not an object with a string id is [`WsError::Malformed`] with a
    ///   bounded excerpt (escaped when displayed); so is a binary frame;
    /// * a close frame or the end of the stream is [`WsError::Closed`];
    /// * pings are answered (tungstenite does that) and otherwise ignored,
    ///   as are pongs.
    ///
    /// No answer within [`WsOptions::answer_timeout`] is [`WsError::Timeout`].
    ///
    /// The `response` key is the envelope's [`Envelope::response`] and the
    /// id key its [`Envelope::id`].
    ///
    /// After [`WsError::UnknownId`], [`WsError::Malformed`] (except for an
    /// oversized message or a text frame that is not UTF-8, which end the
    /// connection) and [`WsError::Timeout`], the socket stays usable
    /// and `id` stays awaited, so `wait` can be called again; an answer that
    /// arrives late is kept for it. Waiting for an id that was never sent by
    /// [`Socket::send`], or whose answer was already returned, is
    /// [`WsError::UnknownId`] at once. Once the connection is closed, every
    /// call returns the same [`WsError::Closed`] (answers received before
    /// the close are still returned).
    ///
    /// # Errors
    ///
    /// As above; also [`WsError::Io`] or [`WsError::Tls`] when the
    /// connection fails.
    pub async fn wait(&mut self, id: &str) -> Result<Map<String, Value>, WsError> {
        if let Some(answer) = self.answers.remove(id) {
            return Ok(answer);
        }
        if !self.pending.contains(id) {
            return Err(WsError::UnknownId(bounded(id)));
        }
        if let Some(closed) = self.closed_error() {
            return Err(closed);
        }
        let timeout = self.options.answer_timeout;
        tokio::time::timeout(timeout, self.receive_until(id))
            .await
            .unwrap_or(Err(WsError::Timeout))
    }

    /// Reads frames until the answer for `id` arrives or an error stops it.
    /// Cancelling it (on timeout) loses nothing: reading a message from the
    /// stream is cancel-safe, and every frame read is dealt with at once.
    async fn receive_until(&mut self, id: &str) -> Result<Map<String, Value>, WsError> {
        loop {
            let message = match self.stream.next().await {
                None => return Err(self.record_close(None, String::new())),
                Some(Err(e)) => return Err(self.stream_error(e)),
                Some(Ok(message)) => message,
            };
            match message {
                Message::Text(text) => match self.classify(text.as_str())? {
                    Incoming::Event(event) => {
                        if self.events.len() >= MAX_QUEUED_EVENTS {
                            self.events.pop_front();
                        }
                        self.events.push_back(event);
                    }
                    Incoming::Answer(answer_id, answer) => {
                        if !self.pending.remove(&answer_id) {
                            return Err(WsError::UnknownId(bounded(&answer_id)));
                        }
                        if answer_id == id {
                            return Ok(answer);
                        }
                        self.answers.insert(answer_id, answer);
                    }
                },
                Message::Binary(bytes) => {
                    return Err(WsError::Malformed {
                        message: "a binary frame arrived where JSON text was expected".to_owned(),
                        excerpt: Excerpt::new(&bytes),
                    });
                }
                Message::Close(frame) => {
                    let (code, reason) = match frame {
                        Some(frame) => {
                            (Some(u16::from(frame.code)), bounded(frame.reason.as_str()))
                        }
                        None => (None, String::new()),
                    };
                    return Err(self.record_close(code, reason));
                }
                // tungstenite answers pings itself; pongs and raw frames
                // carry nothing for us.
                Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => {}
            }
        }
    }

    /// send + wait.
    ///
    /// # Errors
    ///
    /// As [`Socket::send`] and [`Socket::wait`].
    pub async fn request(
        &mut self,
        frame: impl FnOnce(&str) -> Result<String, BuildError>,
    ) -> Result<Map<String, Value>, WsError> {
        let id = self.send(frame).await?;
        self.wait(&id).await
    }

    /// Frames received that were not answers, oldest first.
    ///
    /// They are taken out of the socket. At most [`MAX_QUEUED_EVENTS`] are
    /// kept between calls; older ones are dropped.
    pub fn take_events(&mut self) -> Vec<Value> {
        self.events.drain(..).collect()
    }

    /// Closes politely.
    ///
    /// Sends a close frame (code 1000) and waits, within
    /// [`WsOptions::answer_timeout`], until the server has answered it and
    /// ended the connection; frames that arrive meanwhile are dropped. When
    /// the server already closed the connection this only acknowledges that.
    ///
    /// # Errors
    ///
    /// [`WsError::Timeout`] when the server does not end the connection in
    /// time; [`WsError::Io`] or [`WsError::Tls`] when the connection fails
    /// otherwise. The connection is dropped in every case.
    pub async fn close(mut self) -> Result<(), WsError> {
        let already_closed = self.closed.is_some();
        let stream = &mut self.stream;
        let polite = async {
            if !already_closed {
                let frame = CloseFrame {
                    code: CloseCode::Normal,
                    reason: "".into(),
                };
                stream.close(Some(frame)).await?;
            } else {
                // Write out the reply to the server's close, if still queued.
                stream.flush().await?;
            }
            while let Some(message) = stream.next().await {
                message?;
            }
            Ok::<(), tungstenite::Error>(())
        };
        match tokio::time::timeout(self.options.answer_timeout, polite).await {
            Err(_) => Err(WsError::Timeout),
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => match classify_error(e) {
                WsError::Closed { .. } => Ok(()),
                other => Err(other),
            },
        }
    }

    /// Sorts a text frame into answer or event.
    fn classify(&self, text: &str) -> Result<Incoming, WsError> {
        let malformed = |message: String| WsError::Malformed {
            message,
            excerpt: Excerpt::new(text.as_bytes()),
        };
        let value: Value = serde_json::from_str(text)
            .map_err(|e| malformed(format!("the frame is not JSON ({e})")))?;
        let Value::Object(mut object) = value else {
            return Err(malformed("the frame is not a JSON object".to_owned()));
        };
        let response_key = self.envelope.response;
        let id_key = self.envelope.id;
        match object.remove(response_key) {
            None => Ok(Incoming::Event(Value::Object(object))),
            Some(Value::Object(mut answer)) => match answer.remove(id_key) {
                Some(Value::String(id)) => Ok(Incoming::Answer(id, answer)),
                Some(_) => Err(malformed(format!(
                    "the `{id_key}` of the `{response_key}` object is not a string"
                ))),
                None => Err(malformed(format!(
                    "the `{response_key}` object has no `{id_key}`"
                ))),
            },
            Some(_) => Err(malformed(format!("`{response_key}` is not a JSON object"))),
        }
    }

    /// The error every call returns once the connection is closed.
    fn closed_error(&self) -> Option<WsError> {
        self.closed.as_ref().map(|(code, reason)| WsError::Closed {
            code: *code,
            reason: reason.clone(),
        })
    }

    /// Remembers that the connection is closed and returns the error for it.
    fn record_close(&mut self, code: Option<u16>, reason: String) -> WsError {
        let (code, reason) = self.closed.get_or_insert((code, reason));
        WsError::Closed {
            code: *code,
            reason: reason.clone(),
        }
    }

    /// Turns an error from the open websocket into a [`WsError`],
    /// remembering a close.
    fn stream_error(&mut self, e: tungstenite::Error) -> WsError {
        match e {
            tungstenite::Error::Capacity(e) => WsError::Malformed {
                message: bounded(&format!(
                    "a message is larger than the limit of {} bytes ({e}); the connection is dropped",
                    self.options.max_frame_bytes
                )),
                excerpt: Excerpt::default(),
            },
            tungstenite::Error::Protocol(tungstenite::error::ProtocolError::SendAfterClosing) => {
                self.record_close(None, String::new())
            }
            e => match classify_error(e) {
                WsError::Closed { code, reason } => self.record_close(code, reason),
                other => other,
            },
        }
    }
}

/// Classifies an error from tungstenite; an end of the connection is
/// [`WsError::Closed`] without a code.
fn classify_error(e: tungstenite::Error) -> WsError {
    use tungstenite::error::ProtocolError;
    let closed = || WsError::Closed {
        code: None,
        reason: String::new(),
    };
    match e {
        tungstenite::Error::ConnectionClosed
        | tungstenite::Error::AlreadyClosed
        | tungstenite::Error::Protocol(ProtocolError::ResetWithoutClosingHandshake) => closed(),
        tungstenite::Error::Io(e) => {
            if has_rustls_error(&e) {
                WsError::Tls(describe(&e))
            } else if matches!(
                e.kind(),
                std::io::ErrorKind::UnexpectedEof
                    | std::io::ErrorKind::ConnectionReset
                    | std::io::ErrorKind::ConnectionAborted
                    | std::io::ErrorKind::BrokenPipe
            ) {
                closed()
            } else {
                WsError::Io(describe(&e))
            }
        }
        tungstenite::Error::Utf8(_) => WsError::Malformed {
            message: "a text frame is not valid UTF-8".to_owned(),
            excerpt: Excerpt::default(),
        },
        tungstenite::Error::Protocol(e) => {
            WsError::Io(bounded(&format!("websocket protocol error: {e}")))
        }
        e => WsError::Io(bounded(&e.to_string())),
    }
}

/// Classifies an error from the websocket handshake.
fn handshake_error(e: tungstenite::Error) -> WsError {
    match e {
        tungstenite::Error::Http(response) => WsError::Connect(format!(
            "the server refused the websocket upgrade with HTTP status {}",
            response.status().as_u16()
        )),
        tungstenite::Error::Url(e) => WsError::InvalidUrl(bounded(&e.to_string())),
        e => match classify_error(e) {
            WsError::Closed { .. } => WsError::Connect(
                "the server closed the connection during the websocket handshake".to_owned(),
            ),
            WsError::Io(message) => WsError::Connect(message),
            other => other,
        },
    }
}

// ---------------------------------------------------------------------------
// Decoding answers
// ---------------------------------------------------------------------------

/// Decodes an answer object into a typed response; failures name the field
/// path and never include secret values.
///
/// `message` is the name of the request that was answered (`connect`), for
/// the error. The path is `.`-separated (`user.name`, `[0]` for array
/// items) and empty when the answer as a whole is at fault, as for a
/// missing field, whose name the detail then gives.
///
/// # Errors
///
/// [`WsError::Decode`] with the failing path and serde's message, in which
/// every quoted value from the answer is replaced by `…`.
pub fn decode_answer<T: serde::de::DeserializeOwned>(
    message: &'static str,
    answer: Map<String, Value>,
) -> Result<T, WsError> {
    // An answer may carry a token: its errors are redacted as those of a secret body.
    serde_path_to_error::deserialize(Value::Object(answer)).map_err(|e| WsError::Decode {
        message,
        path: crate::redact::error_path(e.path(), true, ERROR_INPUT_CHARS),
        detail: bounded(&crate::redact::withhold_quoted(&e.into_inner().to_string())),
    })
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// Why a websocket exchange failed.
///
/// No variant holds a frame that was sent (they may carry tokens); frames
/// received appear only as a bounded [`Excerpt`].
#[derive(Debug)]
#[non_exhaustive]
pub enum WsError {
    /// The URL is not an acceptable websocket URL (the message says why;
    /// the URL's query is not repeated).
    InvalidUrl(String),
    /// No websocket connection could be made: refused, unreachable, name
    /// not found, or the server refused the upgrade.
    Connect(String),
    /// TLS failed: an untrusted or mismatched certificate, a bad root
    /// certificate, or a broken TLS connection.
    Tls(String),
    /// A timeout of the [`WsOptions`] ran out.
    Timeout,
    /// The connection is closed: by a close frame (with its code and
    /// reason) or by the end of the stream (no code, empty reason).
    Closed {
        /// The close code the server sent, if any.
        code: Option<u16>,
        /// The close reason the server sent (bounded), or empty.
        reason: String,
    },
    /// A frame arrived that is not an answer or event as the envelope
    /// describes: not JSON, not an object, an answer without a string id,
    /// a binary frame, or a message over the size limit.
    Malformed {
        /// What is wrong with the frame.
        message: String,
        /// The start of the frame (empty when it was not kept).
        excerpt: Excerpt,
    },
    /// An answer for an id that is not awaited (never sent, or already
    /// answered), or a wait for such an id. The id is bounded.
    UnknownId(String),
    /// The server answered a request with its success flag false.
    Rejected {
        /// The name of the request.
        message: &'static str,
    },
    /// An answer could not be decoded into the response type.
    Decode {
        /// The name of the request that was answered.
        message: &'static str,
        /// The path of the failing field, empty for the answer as a whole.
        path: String,
        /// What went wrong, with quoted values blanked out.
        detail: String,
    },
    /// The request frame could not be built; nothing was sent.
    Build(BuildError),
    /// Reading or writing the connection failed, or the server broke the
    /// websocket protocol.
    Io(String),
}

impl fmt::Display for WsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WsError::InvalidUrl(m) => write!(f, "invalid websocket URL: {m}"),
            WsError::Connect(m) => write!(f, "could not open the websocket: {m}"),
            WsError::Tls(m) => write!(f, "websocket TLS failure: {m}"),
            WsError::Timeout => f.write_str("the websocket timed out"),
            WsError::Closed {
                code: Some(code),
                reason,
            } => write!(f, "the websocket was closed with code {code}: {reason:?}"),
            WsError::Closed { code: None, reason } if reason.is_empty() => {
                f.write_str("the websocket connection is closed")
            }
            WsError::Closed { code: None, reason } => {
                write!(f, "the websocket connection is closed: {reason:?}")
            }
            WsError::Malformed { message, excerpt } => {
                write!(f, "malformed websocket frame: {message}")?;
                if excerpt.total_len() > 0 {
                    write!(f, ": {excerpt}")?;
                }
                Ok(())
            }
            WsError::UnknownId(id) => {
                write!(f, "websocket answer for an id that is not awaited: {id:?}")
            }
            WsError::Rejected { message } => {
                write!(f, "the server rejected the `{message}` request")
            }
            WsError::Decode {
                message,
                path,
                detail,
            } => {
                if path.is_empty() {
                    write!(f, "the `{message}` answer: {detail}")
                } else {
                    write!(f, "the `{message}` answer at `{path}`: {detail}")
                }
            }
            WsError::Build(e) => write!(f, "could not build the websocket frame: {e}"),
            WsError::Io(m) => write!(f, "the websocket connection failed: {m}"),
        }
    }
}

impl StdError for WsError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            WsError::Build(e) => Some(e),
            _ => None,
        }
    }
}

impl From<BuildError> for WsError {
    fn from(e: BuildError) -> Self {
        WsError::Build(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        for ok in [
            "wss://example.com",
            "wss://example.com:8443/socket?x=1",
            "WSS://Example.COM/a",
            "ws://localhost:1234/ws",
            "ws://127.0.0.5",
            "ws://[::1]:80/",
            "wss://[2001:db8::1]/",
            "wss://10.0.0.1/",
        ] {
            assert!(parse_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "ws://example.com",
            "ws://10.0.0.1/",
            "ws://[::2]/",
            "http://127.0.0.1/",
            "wss://user@example.com/",
            "wss://",
            "wss:///path",
            "wss://example.com:0/",
            "wss://example.com:65536/",
            "wss://example.com:/",
            "wss://exa mple.com/",
            "wss://example.com/#frag",
            "wss://[::1/",
            "wss://-bad.example/",
            "wss://bad..example/",
            "wss://ex_ample.com/",
            "wss://é.example/",
            "localhost:80",
        ] {
            assert!(
                matches!(parse_url(bad), Err(WsError::InvalidUrl(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn url_normalisation_and_secrets() {
        let target = parse_url("wss://Example.com?token=abc").expect("valid");
        assert_eq!(target.uri.to_string(), "wss://example.com:443/?token=abc");
        assert_eq!(target.origin, "wss://example.com:443");
        let target = parse_url("ws://[::1]:9000").expect("valid");
        assert_eq!(target.host, "::1");
        assert_eq!(target.uri.to_string(), "ws://[::1]:9000/");
        let Err(WsError::InvalidUrl(message)) = parse_url("ws://example.com/?token=s3cret") else {
            panic!("ws to a public host must be refused");
        };
        assert!(!message.contains("s3cret"), "{message}");
    }
}
