//! The runtime of loginspec's generated login clients.
//!
//! `loginspec-codegen` turns a YAML spec of a service's login into Rust at build time;
//! that code calls this crate, and this crate alone: add `loginspec-runtime` to
//! `[dependencies]` and the generated modules need nothing else (they name `serde`,
//! `serde_json` and `http` through this crate's re-exports).
//!
//! One module per concern:
//!
//! * [`secret`]: [`Secret`] and [`BasicCredentials`] hold passwords and tokens and never
//!   show them in `Debug`; [`authorize`] puts them on a request as sensitive headers.
//! * [`base_url`]: [`BaseUrl`] is a checked base URL (HTTPS, or HTTP to a loopback
//!   host); [`host_label`] checks a server-supplied value before it becomes part of a
//!   host name.
//! * [`request`]: building requests ([`request_json`], [`set_header`], path segments
//!   and query pairs with [`push_segment`] and [`push_query`]); their [`Body`] shows only
//!   its length in `Debug`; [`BuildError`] says why one could not be built, without
//!   echoing secrets.
//! * [`response`]: reading answers ([`decode_json`], [`header`], [`cookie()`]);
//!   [`DecodeError`] and [`Unexpected`] name the failing field and keep a bounded
//!   [`Excerpt`] of the body, credential members withheld.
//! * [`endpoint`]: the traits generated types implement ([`Endpoint`], [`FromHttp`],
//!   [`ApiError`]) and the macros that write their boilerplate.
//! * [`call`]: [`send`], [`send_with`] (with a session's credential) and [`CallError`],
//!   what a generated client or session does with a request.
//! * [`session`]: [`SessionError`], why a login answer could not start a session, and
//!   [`NotEnded`], a logout that failed.
//! * [`clock`]: [`UnixMillis`], [`UnixSeconds`] and [`Timestamp`], and [`Expiry`], when a
//!   session's token stops being valid (with `_at(now)` twins for a clock of your own).
//! * [`transport`]: [`AsyncTransport`] (and `BlockingTransport`) on reqwest, with
//!   timeouts, a body cap and no redirects or retries.
//! * `ws` (feature `websocket`): the websocket a spec may describe after its login.
//!
//! Two private modules serve the others: `tls` (the rustls configuration both the
//! transport and the websocket use) and `redact` (the one redaction every excerpt and
//! error text goes through: credential members withheld, user information and queries of
//! URLs withheld, control characters escaped, lengths bounded).
//!
//! # Features
//!
//! * `blocking` (default): `BlockingTransport` and the generated `BlockingClient`s.
//! * `websocket`: the `ws` module and the generated `Socket`s, on tokio-tungstenite.
//! * `platform-roots` (default): TLS trusts the operating system's trust store,
//!   through rustls-platform-verifier.
//! * `webpki-roots`: TLS trusts Mozilla's root certificates, compiled in from the
//!   webpki-roots crate (for systems without a usable trust store). With
//!   `platform-roots` as well, a certificate either set vouches for is accepted.
//!
//! With neither of the last two, TLS trusts only the roots added with
//! `add_root_certificate_pem` (on [`Options`] and `ws::WsOptions`); with none added,
//! plain `http://` and `ws://` to a loopback host still work but every TLS handshake
//! fails with an error naming these features.
//!
//! Generated code never reads a feature of the crate that includes it. A generated
//! module that needs a feature this crate was built without fails to compile with a
//! message naming the feature; `loginspec_codegen::Config` can also leave those parts
//! out (`blocking_client(false)`, `websocket(false)`).
//!
//! TLS is rustls with the `ring` provider, trusting the roots the features above give
//! plus those added with `add_root_certificate_pem`.
//!
//! Nothing in this crate panics on data it is given: every parse and conversion
//! failure becomes an error value.

pub mod base_url;
pub mod call;
pub mod clock;
pub mod endpoint;
mod features;
mod redact;
pub mod request;
pub mod response;
pub mod secret;
pub mod session;
mod tls;
pub mod transport;
#[cfg(feature = "websocket")]
pub mod ws;

pub use crate::__loginspec_blocking as blocking;
pub use crate::__loginspec_websocket as websocket;
pub use base_url::{BaseUrl, BaseUrlError, VariableError, host_label};
pub use call::{CallError, CallResult, send, send_with};
#[cfg(feature = "blocking")]
pub use call::{send_blocking, send_blocking_with};
pub use clock::{Expiry, PointInTime, Timestamp, UnixMillis, UnixSeconds};
pub use endpoint::{
    Answer, ApiError, DecodeAnswer, Description, Endpoint, ErrorBody, FromHttp, api_error,
    open_enum,
};
pub use request::{
    Body, BuildError, Constant, http_request, push_query, push_segment, request_empty,
    request_frame, request_json, set_header,
};
pub use response::{
    DecodeError, Excerpt, FromHeader, RetryAfter, Unexpected, cookie, decode_json,
    decode_json_secret, header, header_as, required_header,
};
pub use secret::{BasicCredentials, Credential, HoldsSecrets, Secret, authorize};
pub use session::{NotEnded, SessionError};
#[cfg(feature = "blocking")]
pub use transport::BlockingTransport;
pub use transport::{AsyncTransport, Options, TransportError};

// What generated code names through this crate, so the user's crate needs no direct
// dependency on them.
pub use http;
pub use serde;
pub use serde_json;
pub use time;
pub use uuid::{self, Uuid};

/// How many characters of caller- or server-supplied input an error message
/// repeats before cutting it short.
const ERROR_INPUT_CHARS: usize = 100;

/// How many characters of a decoder's message an error keeps (the message quotes what
/// the server sent).
const ERROR_MESSAGE_CHARS: usize = 300;
