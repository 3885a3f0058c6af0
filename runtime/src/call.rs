//! Calls over a transport: what a generated client's `send` does, and its error.

use std::fmt;

use crate::*;

/// Why a call through a generated client or session failed: the request could not be
/// built, the exchange failed, the service answered with a (typed) error, the answer
/// could not start a session (or the session lacks what the call needs), or the renewal
/// a call made first failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum CallError<E> {
    /// The request could not be built (an invalid header value, say).
    Build(BuildError),
    /// The exchange failed: connection, TLS, timeout, body over the cap.
    Transport(TransportError),
    /// The service answered with a documented error, an undocumented status, or a body
    /// that does not decode: the endpoint's typed error.
    Api(E),
    /// The login succeeded but its answer cannot start a session (a missing field, a
    /// host name the server chose that is refused), or a session lacks what a call
    /// needs (a refresh token to refresh with).
    Session(SessionError),
    /// A later call renewed its session first, as the spec allows when the token is
    /// about to expire (`send_fresh`), and the renewal failed: the box holds the
    /// refresh's own `CallError` (with the refresh endpoint's typed error). The call
    /// itself was not sent.
    Refresh(Box<dyn std::error::Error + Send + Sync>),
}

impl<E: fmt::Display> fmt::Display for CallError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Build(e) => write!(f, "could not build the request: {e}"),
            CallError::Transport(e) => write!(f, "the exchange failed: {e}"),
            CallError::Api(e) => write!(f, "the service answered: {e}"),
            CallError::Session(e) => write!(f, "the session cannot be used: {e}"),
            CallError::Refresh(e) => write!(f, "the session could not be renewed first: {e}"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for CallError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CallError::Build(e) => Some(e),
            CallError::Transport(e) => Some(e),
            CallError::Api(e) => Some(e),
            CallError::Session(e) => Some(e),
            CallError::Refresh(e) => Some(e.as_ref()),
        }
    }
}

/// What a call through a generated client gives for the request type `R`: the decoded
/// success, or a [`CallError`] carrying the endpoint's typed error.
pub type CallResult<R> =
    Result<<R as Endpoint>::Response, CallError<<<R as Endpoint>::Response as FromHttp>::Error>>;

/// Sends `request` to `base_url` and decodes the answer; what every generated async
/// client's `send` does.
///
/// # Errors
///
/// [`CallError`] for each way the call can fail.
pub async fn send<R: Endpoint>(
    transport: &AsyncTransport,
    base_url: &BaseUrl,
    request: &R,
) -> CallResult<R> {
    send_with(transport, base_url, request, None).await
}

/// [`send`], with `credential` added to the request: how a generated session sends the
/// requests of endpoints that use it.
///
/// # Errors
///
/// [`CallError`] for each way the call can fail.
pub async fn send_with<R: Endpoint>(
    transport: &AsyncTransport,
    base_url: &BaseUrl,
    request: &R,
    credential: Option<Credential<'_>>,
) -> CallResult<R> {
    let held = held(request, credential);
    let request = build(base_url, request, credential)?;
    let response = transport
        .send(request)
        .await
        .map_err(CallError::Transport)?;
    R::Response::from_http_withholding(&response, &held).map_err(CallError::Api)
}

/// The secret values a call's request holds: its secret body fields, its credential and
/// the session's; the answer's errors withhold them.
fn held<'a, R: Endpoint>(request: &'a R, credential: Option<Credential<'a>>) -> Vec<&'a str> {
    request
        .body_secrets()
        .into_iter()
        .chain(request.credential().map(|c| c.secret()))
        .chain(credential.map(|c| c.secret()))
        .map(Secret::expose)
        .collect()
}

/// The request of a call, with the extra credential of a session.
fn build<R: Endpoint, E>(
    base_url: &BaseUrl,
    request: &R,
    credential: Option<Credential<'_>>,
) -> Result<http::Request<Body>, CallError<E>> {
    let mut request = request.to_http(base_url).map_err(CallError::Build)?;
    if let Some(credential) = credential {
        authorize(&mut request, credential).map_err(CallError::Build)?;
    }
    Ok(request)
}

/// The blocking twin of [`send`].
///
/// # Errors
///
/// [`CallError`] for each way the call can fail.
#[cfg(feature = "blocking")]
pub fn send_blocking<R: Endpoint>(
    transport: &BlockingTransport,
    base_url: &BaseUrl,
    request: &R,
) -> CallResult<R> {
    send_blocking_with(transport, base_url, request, None)
}

/// The blocking twin of [`send_with`].
///
/// # Errors
///
/// [`CallError`] for each way the call can fail.
#[cfg(feature = "blocking")]
pub fn send_blocking_with<R: Endpoint>(
    transport: &BlockingTransport,
    base_url: &BaseUrl,
    request: &R,
    credential: Option<Credential<'_>>,
) -> CallResult<R> {
    let held = held(request, credential);
    let request = build(base_url, request, credential)?;
    let response = transport.send(request).map_err(CallError::Transport)?;
    R::Response::from_http_withholding(&response, &held).map_err(CallError::Api)
}

// ---------------------------------------------------------------------------
