//! Shared runtime for the generated login clients.
//!
//! Every client generated from a YAML spec in `specs/` is plain code that
//! builds [`http::Request`]s and interprets [`http::Response`] parts. The
//! pieces that all of them need live here, written once by hand:
//!
//! * [`Secret`] and [`BasicCredentials`] hold passwords and tokens and never
//!   show them in `Debug` output; [`authorize`] puts them on a request as
//!   headers that are marked sensitive.
//! * [`BaseUrl`] is a checked base URL (HTTPS, or HTTP to a loopback host),
//!   and [`host_label`] checks a server-supplied value before it becomes part
//!   of a host name.
//! * [`request_json`] and [`set_header`] build requests; [`BuildError`] says
//!   why one could not be built, without echoing secrets.
//! * [`decode_json`], [`header`], [`required_header`] and [`cookie`] read
//!   responses; [`DecodeError`] and [`Unexpected`] report failures with the
//!   path of the failing field and a bounded [`Excerpt`] of the body.
//! * [`UnixMillis`], [`UnixSeconds`] and [`Timestamp`] are the time types
//!   that specs can declare.
//!
//! Nothing in this module panics on data it is given: every parse and
//! conversion failure becomes an error value.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use http::header::{AUTHORIZATION, COOKIE, SET_COOKIE};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, Uri};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

pub use http;
pub use time;
pub use uuid::Uuid;

/// How many characters of caller- or server-supplied input an error message
/// repeats before cutting it short.
const ERROR_INPUT_CHARS: usize = 100;

/// Returns at most `max_chars` characters of `text`, with `…` appended when
/// something was cut off.
fn bounded(text: &str, max_chars: usize) -> String {
    let mut chars = text.char_indices();
    match chars.nth(max_chars) {
        Some((cut, _)) => {
            let mut out = text[..cut].to_owned();
            out.push('…');
            out
        }
        None => text.to_owned(),
    }
}

// ---------------------------------------------------------------------------
// Secrets and credentials
// ---------------------------------------------------------------------------

/// A password, token or other secret string.
///
/// `Debug` always prints `Secret("***")`, and there is deliberately no
/// `Display`: the value is only reachable through [`Secret::expose`]. With
/// serde it is a plain string, so it can be sent in request bodies and read
/// from response bodies.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// Returns the secret value itself. Call this only where the value must
    /// leave the program (a request header or body).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// A user name and password for HTTP Basic authentication.
///
/// `Debug` shows the user name but not the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasicCredentials {
    /// The user name (it must not contain `:` or control characters).
    pub username: String,
    /// The password.
    pub password: Secret,
}

impl BasicCredentials {
    /// Pairs a user name with a password.
    pub fn new(username: impl Into<String>, password: impl Into<Secret>) -> Self {
        BasicCredentials {
            username: username.into(),
            password: password.into(),
        }
    }
}

/// A credential to attach to a request with [`authorize`].
#[derive(Debug, Clone, Copy)]
pub enum Credential<'a> {
    /// `Authorization: Basic base64(username:password)`.
    Basic(&'a BasicCredentials),
    /// `Authorization: Bearer <token>`.
    Bearer(&'a Secret),
    /// A header of the given name whose whole value is the secret.
    Header {
        /// The header name, such as `X-Api-Key`.
        name: &'static str,
        /// The header value.
        value: &'a Secret,
    },
    /// A cookie `name=value`, added to the request's `Cookie` header.
    Cookie {
        /// The cookie name.
        name: &'static str,
        /// The cookie value.
        value: &'a Secret,
    },
}

/// Puts `credential` on `request`.
///
/// `Authorization` and named headers replace any existing header of that
/// name; a cookie is appended to the existing `Cookie` header (joined with
/// `; `) or starts a new one. Every header value written here is marked
/// sensitive so that HTTP/2 encoders and well-behaved loggers skip it.
///
/// # Errors
///
/// [`BuildError::InvalidHeader`] when the name or value cannot be used in a
/// header (for example a value containing a line break, a Basic user name
/// containing `:`, or a cookie value containing `;`). The error names the
/// header or cookie but never contains the value.
pub fn authorize<B>(
    request: &mut Request<B>,
    credential: Credential<'_>,
) -> Result<(), BuildError> {
    let invalid = |name: &'static str| BuildError::InvalidHeader { name };
    match credential {
        Credential::Basic(basic) => {
            if basic.username.contains(':') || basic.username.chars().any(char::is_control) {
                return Err(invalid("Authorization"));
            }
            let pair = format!("{}:{}", basic.username, basic.password.expose());
            let encoded = base64::engine::general_purpose::STANDARD.encode(pair.as_bytes());
            let value =
                sensitive_value(&format!("Basic {encoded}")).ok_or(invalid("Authorization"))?;
            request.headers_mut().insert(AUTHORIZATION, value);
        }
        Credential::Bearer(token) => {
            if token.expose().is_empty() {
                return Err(invalid("Authorization"));
            }
            let value = sensitive_value(&format!("Bearer {}", token.expose()))
                .ok_or(invalid("Authorization"))?;
            request.headers_mut().insert(AUTHORIZATION, value);
        }
        Credential::Header { name, value } => {
            let header = HeaderName::try_from(name).map_err(|_| invalid(name))?;
            let value = sensitive_value(value.expose()).ok_or(invalid(name))?;
            request.headers_mut().insert(header, value);
        }
        Credential::Cookie { name, value } => {
            if !is_token(name) || !is_cookie_value(value.expose()) {
                return Err(invalid(name));
            }
            let mut joined: Vec<u8> = Vec::new();
            for existing in request.headers().get_all(COOKIE) {
                let existing = existing.as_bytes();
                if existing.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                joined.extend_from_slice(existing);
                joined.extend_from_slice(b"; ");
            }
            joined.extend_from_slice(name.as_bytes());
            joined.push(b'=');
            joined.extend_from_slice(value.expose().as_bytes());
            let mut header = HeaderValue::from_bytes(&joined).map_err(|_| invalid(name))?;
            header.set_sensitive(true);
            request.headers_mut().insert(COOKIE, header);
        }
    }
    Ok(())
}

/// A header value marked sensitive, or `None` if `value` is not a valid one.
fn sensitive_value(value: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(value).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// Whether `name` is an RFC 9110 token (usable as a header or cookie name).
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Whether `value` can follow `name=` in a `Cookie` header without changing
/// its structure: printable ASCII without `;`, `,` or whitespace at either
/// end.
fn is_cookie_value(value: &str) -> bool {
    value
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b';' && b != b',')
        && value.trim() == value
}

// ---------------------------------------------------------------------------
// Base URLs and host labels
// ---------------------------------------------------------------------------

/// A checked base URL such as `https://api.example.com:8443/v2`.
///
/// The scheme is `https`, or `http` when the host is a loopback host
/// (`localhost`, an address in `127.0.0.0/8`, or `[::1]`). The host is
/// non-empty ASCII made of letters, digits, `-` and `.` (or the bracketed
/// IPv6 loopback); a port and a path prefix are optional. User information,
/// queries and fragments are refused. The scheme and host are stored in
/// lower case and the path prefix without a trailing slash, so [`join`]
/// only has to append a path.
///
/// [`join`]: BaseUrl::join
#[derive(Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// `scheme://host[:port][/prefix]`.
    serialized: String,
    /// Byte range of the host inside `serialized`.
    host_start: usize,
    host_end: usize,
}

/// Why a string is not an acceptable [`BaseUrl`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrlError {
    input: String,
    reason: &'static str,
}

impl BaseUrlError {
    fn new(input: &str, reason: &'static str) -> Self {
        BaseUrlError {
            input: bounded(input, ERROR_INPUT_CHARS),
            reason,
        }
    }

    /// The rejected input, cut to about 100 characters.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// What is wrong with the input.
    pub fn reason(&self) -> &'static str {
        self.reason
    }
}

impl fmt::Display for BaseUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid base URL {:?}: {}", self.input, self.reason)
    }
}

impl std::error::Error for BaseUrlError {}

impl BaseUrl {
    /// Checks a base URL whose host was filled from a template with values that
    /// [`host_label`] accepted.
    ///
    /// # Errors
    ///
    /// [`VariableError`] when the filled-in URL is still not a valid base URL.
    pub fn from_template(url: String) -> Result<BaseUrl, VariableError> {
        BaseUrl::parse(&url).map_err(|e| VariableError {
            variable: "base_url",
            value: bounded(&url, 64),
            reason: e.reason(),
        })
    }

    /// Checks and normalises a base URL.
    ///
    /// # Errors
    ///
    /// [`BaseUrlError`] naming the first problem found.
    pub fn parse(input: &str) -> Result<BaseUrl, BaseUrlError> {
        let err = |reason| BaseUrlError::new(input, reason);

        if input.is_empty() {
            return Err(err("the URL is empty"));
        }
        if !input.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(err(
                "the URL contains whitespace, control or non-ASCII characters",
            ));
        }
        if input.contains('?') {
            return Err(err("a base URL must not have a query (`?`)"));
        }
        if input.contains('#') {
            return Err(err("a base URL must not have a fragment (`#`)"));
        }
        let (scheme, rest) = input
            .split_once("://")
            .ok_or(err("the URL must start with `https://`"))?;
        let scheme = scheme.to_ascii_lowercase();
        let https = match scheme.as_str() {
            "https" => true,
            "http" => false,
            _ => {
                return Err(err(
                    "the scheme must be `https` (or `http` for a loopback host)",
                ));
            }
        };
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if authority.is_empty() {
            return Err(err("the URL has no host"));
        }
        if authority.contains('@') {
            return Err(err(
                "a base URL must not contain user information (`user@`)",
            ));
        }

        let (host, port, loopback) = if let Some(bracketed) = authority.strip_prefix('[') {
            let (inside, after) = bracketed
                .split_once(']')
                .ok_or(err("the host has `[` without a matching `]`"))?;
            let address: Ipv6Addr = inside
                .parse()
                .map_err(|_| err("the host is not a valid IPv6 address"))?;
            if !address.is_loopback() {
                return Err(err(
                    "the only IPv6 address accepted as a host is the loopback `[::1]`",
                ));
            }
            let port = match after {
                "" => None,
                _ => Some(
                    after
                        .strip_prefix(':')
                        .ok_or(err("unexpected characters after `]` in the host"))?,
                ),
            };
            ("[::1]".to_owned(), port, true)
        } else {
            let (host, port) = match authority.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            };
            check_host_name(host).map_err(err)?;
            let host = host.to_ascii_lowercase();
            let loopback =
                host == "localhost" || host.parse::<Ipv4Addr>().is_ok_and(|a| a.is_loopback());
            (host, port, loopback)
        };

        let port = match port {
            None => None,
            Some(digits) => {
                if digits.is_empty()
                    || digits.len() > 5
                    || !digits.bytes().all(|b| b.is_ascii_digit())
                {
                    return Err(err("the port must be a number from 1 to 65535"));
                }
                match digits.parse::<u16>() {
                    Ok(0) | Err(_) => return Err(err("the port must be a number from 1 to 65535")),
                    Ok(port) => Some(port),
                }
            }
        };

        if !https && !loopback {
            return Err(err(
                "`http` is only allowed for loopback hosts (localhost, 127.0.0.0/8, [::1]); use `https`",
            ));
        }

        let path = path.trim_end_matches('/');
        check_path_prefix(path).map_err(err)?;

        let mut serialized = format!("{scheme}://");
        let host_start = serialized.len();
        serialized.push_str(&host);
        let host_end = serialized.len();
        if let Some(port) = port {
            serialized.push(':');
            serialized.push_str(&port.to_string());
        }
        serialized.push_str(path);
        Ok(BaseUrl {
            serialized,
            host_start,
            host_end,
        })
    }

    /// The normalised URL, `scheme://host[:port][/prefix]`, without a
    /// trailing slash.
    pub fn as_str(&self) -> &str {
        &self.serialized
    }

    /// The host, in lower case (`[::1]` for the IPv6 loopback).
    pub fn host(&self) -> &str {
        self.serialized
            .get(self.host_start..self.host_end)
            .unwrap_or_default()
    }

    /// Appends `path` (which should start with `/`; one is inserted if it
    /// does not) to this base URL.
    pub fn join(&self, path: &str) -> String {
        let mut url = String::with_capacity(self.serialized.len() + path.len() + 1);
        url.push_str(&self.serialized);
        if !path.starts_with('/') {
            url.push('/');
        }
        url.push_str(path);
        url
    }
}

/// Checks a DNS-style host name: labels of letters, digits and `-`.
pub(crate) fn check_host_name(host: &str) -> Result<(), &'static str> {
    if host.is_empty() {
        return Err("the URL has no host");
    }
    if host.len() > 253 {
        return Err("the host name is longer than 253 characters");
    }
    for label in host.split('.') {
        if label.is_empty() {
            return Err("the host name has an empty label (`..`, or a leading or trailing `.`)");
        }
        if label.len() > 63 {
            return Err("a host name label is longer than 63 characters");
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err("the host may only contain ASCII letters, digits, `-` and `.`");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err("a host name label must not start or end with `-`");
        }
    }
    Ok(())
}

/// Checks a path prefix (empty, or `/segment` repeated) made of RFC 3986
/// path characters, without empty, `.` or `..` segments.
fn check_path_prefix(path: &str) -> Result<(), &'static str> {
    if path.is_empty() {
        return Ok(());
    }
    for segment in path.split('/').skip(1) {
        if segment.is_empty() {
            return Err("the path has an empty segment (`//`)");
        }
        let bytes = segment.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b == b'%' {
                let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
                if !(hex(i + 1) && hex(i + 2)) {
                    return Err("the path has a `%` that is not followed by two hex digits");
                }
                i += 3;
            } else if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
                i += 1;
            } else {
                return Err("the path contains a character that must be percent-encoded");
            }
        }
        let decoded_dots = segment.to_ascii_lowercase().replace("%2e", ".");
        if decoded_dots == "." || decoded_dots == ".." {
            return Err("the path must not contain `.` or `..` segments");
        }
    }
    Ok(())
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BaseUrl").field(&self.serialized).finish()
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.serialized)
    }
}

impl FromStr for BaseUrl {
    type Err = BaseUrlError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BaseUrl::parse(s)
    }
}

/// A server-supplied value that cannot be used where it was meant to go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableError {
    /// The name of the spec variable the value was meant for.
    pub variable: &'static str,
    /// The rejected value, cut to 64 characters.
    pub value: String,
    /// What is wrong with the value.
    pub reason: &'static str,
}

impl fmt::Display for VariableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid value {:?} for `{}`: {}",
            self.value, self.variable, self.reason
        )
    }
}

impl std::error::Error for VariableError {}

/// The longest host name label DNS allows.
const MAX_LABEL: usize = 63;

/// Checks a server-supplied `value` before it becomes one label of a host
/// name (for example the region in `rest-{region}.example.com`) and returns
/// it.
///
/// The value must be 1 to `min(max_len, 63)` characters of ASCII lower-case
/// letters, digits and `-`, and must not start or end with `-`. This rules
/// out anything that could move the request to another host: dots, slashes,
/// `@`, `:`, and non-ASCII look-alikes.
///
/// # Errors
///
/// [`VariableError`] naming `variable`, the (shortened) value and the
/// problem.
pub fn host_label(
    variable: &'static str,
    value: &str,
    max_len: usize,
) -> Result<String, VariableError> {
    let err = |reason| VariableError {
        variable,
        value: bounded(value, 64),
        reason,
    };
    if value.is_empty() {
        return Err(err("a host label must not be empty"));
    }
    if value.chars().count() > max_len.min(MAX_LABEL) {
        return Err(err("too long for a host label"));
    }
    if !value
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(err(
            "a host label may only contain ASCII lower-case letters, digits and `-`",
        ));
    }
    if value.starts_with('-') || value.ends_with('-') {
        return Err(err("a host label must not start or end with `-`"));
    }
    Ok(value.to_owned())
}

// ---------------------------------------------------------------------------
// Building requests
// ---------------------------------------------------------------------------

/// Why a request could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// The URL could not be parsed as a request URI.
    InvalidUrl {
        /// The URL, cut to about 100 characters.
        url: String,
    },
    /// A header (or cookie) name or value could not be used. The value is
    /// never included, as it may be a secret.
    InvalidHeader {
        /// The header or cookie name.
        name: &'static str,
    },
    /// The request body could not be serialised to JSON.
    Body(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidUrl { url } => write!(f, "invalid request URL {url:?}"),
            BuildError::InvalidHeader { name } => write!(
                f,
                "invalid name or value for header or cookie `{name}` (value not shown)"
            ),
            BuildError::Body(message) => {
                write!(f, "could not serialise the request body as JSON: {message}")
            }
        }
    }
}

impl std::error::Error for BuildError {}

/// Builds a request with a JSON body serialised from `body`.
///
/// No headers are set, not even `Content-Type`; the caller sets them (see
/// [`set_header`]).
///
/// # Errors
///
/// [`BuildError::InvalidUrl`] if `url` is not a valid URI, and
/// [`BuildError::Body`] if serialisation fails.
pub fn request_json<T: Serialize>(
    method: Method,
    url: String,
    body: &T,
) -> Result<Request<Vec<u8>>, BuildError> {
    let uri = Uri::try_from(url.as_str()).map_err(|_| BuildError::InvalidUrl {
        url: bounded(&url, ERROR_INPUT_CHARS),
    })?;
    let bytes = serde_json::to_vec(body).map_err(|e| BuildError::Body(e.to_string()))?;
    let mut request = Request::new(bytes);
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    Ok(request)
}

/// Builds a request: the JSON `body` if any (with `Content-Type: application/json`), the
/// fixed `headers` (which may replace that `Content-Type`), then the `credential`; what
/// [`Endpoint::to_http`] does.
///
/// # Errors
///
/// [`BuildError`] for an invalid URL, header or credential, or a body that does not
/// serialise.
pub fn http_request<T: Serialize>(
    method: Method,
    url: String,
    body: Option<&T>,
    headers: &[(&'static str, &'static str)],
    credential: Option<Credential<'_>>,
) -> Result<Request<Vec<u8>>, BuildError> {
    let mut request = match body {
        Some(body) => {
            let mut request = request_json(method, url, body)?;
            set_header(&mut request, "Content-Type", "application/json")?;
            request
        }
        None => request_empty(method, url)?,
    };
    for (name, value) in headers {
        set_header(&mut request, name, value)?;
    }
    if let Some(credential) = credential {
        authorize(&mut request, credential)?;
    }
    Ok(request)
}

/// Builds a request with an empty body; no headers are set.
///
/// # Errors
///
/// [`BuildError::InvalidUrl`] if `url` is not a valid URI.
pub fn request_empty(method: Method, url: String) -> Result<Request<Vec<u8>>, BuildError> {
    let uri = Uri::try_from(url.as_str()).map_err(|_| BuildError::InvalidUrl {
        url: bounded(&url, ERROR_INPUT_CHARS),
    })?;
    let mut request = Request::new(Vec::new());
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    Ok(request)
}

/// Sets (replacing) a header with a fixed, non-secret value, such as
/// `Content-Type: application/json`.
///
/// # Errors
///
/// [`BuildError::InvalidHeader`] if the name or value is not valid.
pub fn set_header<B>(
    request: &mut Request<B>,
    name: &'static str,
    value: &'static str,
) -> Result<(), BuildError> {
    let invalid = || BuildError::InvalidHeader { name };
    let header = HeaderName::try_from(name).map_err(|_| invalid())?;
    let value = HeaderValue::from_str(value).map_err(|_| invalid())?;
    request.headers_mut().insert(header, value);
    Ok(())
}

// ---------------------------------------------------------------------------
// Reading responses
// ---------------------------------------------------------------------------

/// A bounded excerpt of a response body, for error messages.
///
/// It holds at most [`Excerpt::LIMIT`] bytes of text, decoded as UTF-8 with
/// invalid sequences replaced by `U+FFFD`, cut on a character boundary, and
/// remembers how long the whole body was. `Display` escapes control
/// characters so that one error stays on one line.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Excerpt {
    text: String,
    total_len: usize,
    truncated: bool,
}

impl Excerpt {
    /// The most bytes of text an excerpt keeps.
    pub const LIMIT: usize = 512;

    /// Takes an excerpt of `body`.
    pub fn new(body: &[u8]) -> Self {
        let mut text = String::new();
        let mut consumed = 0;
        'chunks: for chunk in body.utf8_chunks() {
            for c in chunk.valid().chars() {
                if text.len() + c.len_utf8() > Self::LIMIT {
                    break 'chunks;
                }
                text.push(c);
                consumed += c.len_utf8();
            }
            let invalid = chunk.invalid();
            if !invalid.is_empty() {
                let replacement = char::REPLACEMENT_CHARACTER;
                if text.len() + replacement.len_utf8() > Self::LIMIT {
                    break;
                }
                text.push(replacement);
                consumed += invalid.len();
            }
        }
        Excerpt {
            text,
            total_len: body.len(),
            truncated: consumed < body.len(),
        }
    }

    /// The excerpt's text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The length in bytes of the whole body.
    pub fn total_len(&self) -> usize {
        self.total_len
    }

    /// Whether the body was longer than the excerpt.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    fn write_suffix(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.truncated {
            write!(f, " … ({} bytes in all)", self.total_len)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.text)?;
        self.write_suffix(f)
    }
}

impl fmt::Display for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.text.chars() {
            // Control characters and bidirectional overrides could rewrite a
            // terminal or log line; show them escaped.
            let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
            if c.is_control() || bidi {
                write!(f, "{}", c.escape_default())?;
            } else {
                fmt::Write::write_char(f, c)?;
            }
        }
        self.write_suffix(f)
    }
}

/// A response that could not be decoded as the spec describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The response status.
    pub status: StatusCode,
    /// Where decoding failed: a `.`-separated field path into the body such
    /// as `account.tier` (`[0]` for array items), `headers.<Name>` for a
    /// header, or empty for the body as a whole.
    pub path: String,
    /// What went wrong.
    pub message: String,
    /// The start of the response body.
    pub excerpt: Excerpt,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = self.status.as_u16();
        if self.path.is_empty() {
            write!(f, "status {status}: response body: {}", self.message)
        } else if self.path.starts_with("headers.") {
            write!(
                f,
                "status {status}: response `{}`: {}",
                self.path, self.message
            )
        } else {
            write!(
                f,
                "status {status}: response body at `{}`: {}",
                self.path, self.message
            )
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes a JSON response body into `T`.
///
/// # Errors
///
/// [`DecodeError`] whose `path` names the field that failed (empty when the
/// body as a whole is at fault, for example when it is empty or has trailing
/// data).
pub fn decode_json<T: serde::de::DeserializeOwned>(
    status: StatusCode,
    body: &[u8],
) -> Result<T, DecodeError> {
    let fail = |path: String, message: String| DecodeError {
        status,
        path,
        message,
        excerpt: Excerpt::new(body),
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(fail(String::new(), "empty body".to_owned()));
    }
    // The common case, a body that decodes, takes the fast path; only a failure pays
    // for decoding again with the path of the failing field tracked.
    if let Ok(value) = serde_json::from_slice::<T>(body) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        // serde_path_to_error writes the root as `.` and a key it never read as `?`
        // (the body ended before it): the path then ends at the last known field.
        let path = path.trim_end_matches(".?");
        let path = if path == "." || path == "?" {
            String::new()
        } else {
            bounded(path, ERROR_INPUT_CHARS)
        };
        fail(path, e.into_inner().to_string())
    })?;
    deserializer
        .end()
        .map_err(|e| fail(String::new(), e.to_string()))?;
    Ok(value)
}

/// Decodes a JSON body that carries secrets (tokens): like [`decode_json`], but a failure
/// keeps no excerpt of the body and blanks every quoted string in serde's message, so a
/// token in the body cannot reach logs through the error.
///
/// # Errors
///
/// [`DecodeError`] with the failing path, an empty excerpt and a redacted message.
pub fn decode_json_secret<T: serde::de::DeserializeOwned>(
    status: StatusCode,
    body: &[u8],
) -> Result<T, DecodeError> {
    decode_json(status, body).map_err(|mut e| {
        e.excerpt = Excerpt::new(&[]);
        e.message = redact_quoted(&e.message);
        e
    })
}

/// Replaces the text between each pair of double quotes (and of backticks) with `…`.
fn redact_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut inside: Option<char> = None;
    for c in message.chars() {
        match inside {
            Some(q) if c == q => {
                out.push('…');
                out.push(c);
                inside = None;
            }
            Some(_) => {}
            None => {
                out.push(c);
                if c == '"' || c == '`' {
                    inside = Some(c);
                }
            }
        }
    }
    if inside.is_some() {
        out.push('…');
    }
    out
}

/// A response with a status the spec does not document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unexpected {
    /// The response status.
    pub status: StatusCode,
    /// The start of the response body.
    pub excerpt: Excerpt,
}

impl Unexpected {
    /// Records an undocumented response.
    pub fn new(status: StatusCode, body: &[u8]) -> Self {
        Unexpected {
            status,
            excerpt: Excerpt::new(body),
        }
    }
}

impl fmt::Display for Unexpected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unexpected status {}", self.status.as_u16())?;
        if self.excerpt.total_len() == 0 {
            f.write_str(" (empty body)")
        } else {
            write!(f, ": {}", self.excerpt)
        }
    }
}

impl std::error::Error for Unexpected {}

/// Reads the first response header called `name`, if there is one.
///
/// # Errors
///
/// [`DecodeError`] with path `headers.<name>` if the value is not visible
/// ASCII. The value is not repeated in the error.
pub fn header(
    headers: &HeaderMap,
    name: &'static str,
    status: StatusCode,
) -> Result<Option<String>, DecodeError> {
    match headers.get(name) {
        None => Ok(None),
        Some(value) => match value.to_str() {
            Ok(text) => Ok(Some(text.to_owned())),
            Err(_) => Err(part_error(
                format!("headers.{name}"),
                status,
                "header value is not visible ASCII",
            )),
        },
    }
}

/// Reads the first response header called `name`, which must be present.
///
/// # Errors
///
/// As [`header`], and a [`DecodeError`] with message "missing required
/// header" if there is no such header.
pub fn required_header(
    headers: &HeaderMap,
    name: &'static str,
    status: StatusCode,
) -> Result<String, DecodeError> {
    header(headers, name, status)?
        .ok_or_else(|| part_error(format!("headers.{name}"), status, "missing required header"))
}

/// A header or cookie (at `path`) that did not decode; headers and cookies are not
/// quoted in errors, as they may carry secrets.
fn part_error(path: String, status: StatusCode, message: &str) -> DecodeError {
    DecodeError {
        status,
        path,
        message: message.to_owned(),
        excerpt: Excerpt::default(),
    }
}

/// Finds the cookie called `name` among the `Set-Cookie` response headers.
///
/// The value is the part of the header before the first `;`, after the
/// first `=`, trimmed, with surrounding double quotes removed. Cookie names
/// are compared exactly. If several headers set the cookie the last one
/// wins, as in a browser; `None` if none does or its value is empty (which
/// is how servers delete cookies).
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<Secret> {
    let mut found = None;
    for header in headers.get_all(SET_COOKIE) {
        let Ok(text) = std::str::from_utf8(header.as_bytes()) else {
            continue;
        };
        let pair = text.split(';').next().unwrap_or_default();
        let Some((cookie_name, value)) = pair.split_once('=') else {
            continue;
        };
        if cookie_name.trim() != name {
            continue;
        }
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        found = Some(value);
    }
    found.filter(|v| !v.is_empty()).map(Secret::from)
}

// ---------------------------------------------------------------------------
// Sessions and websocket frames
// ---------------------------------------------------------------------------

/// Why a session could not be made from a login response.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SessionError {
    /// An optional response field the session needs was absent.
    Missing {
        /// The field's path in the response body (`auth.token`).
        field: &'static str,
    },
    /// A response value meant for the base URL was refused.
    Variable(VariableError),
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionError::Missing { field } => {
                write!(
                    f,
                    "the login response has no `{field}`, which the session needs"
                )
            }
            SessionError::Variable(e) => write!(f, "the login response names a bad host: {e}"),
        }
    }
}

impl std::error::Error for SessionError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SessionError::Missing { .. } => None,
            SessionError::Variable(e) => Some(e),
        }
    }
}

impl From<VariableError> for SessionError {
    fn from(e: VariableError) -> Self {
        SessionError::Variable(e)
    }
}

/// Encodes a websocket request frame: `{request_key: {message: body, id_key: id}}`.
///
/// # Errors
///
/// [`BuildError::Body`] when `body` does not serialise to a JSON object.
pub fn request_frame<T: Serialize>(
    request_key: &str,
    message: &str,
    id_key: &str,
    id: &str,
    body: &T,
) -> Result<String, BuildError> {
    let body = serde_json::to_value(body).map_err(|e| BuildError::Body(e.to_string()))?;
    let mut inner = serde_json::Map::new();
    inner.insert(message.to_owned(), body);
    inner.insert(id_key.to_owned(), serde_json::Value::String(id.to_owned()));
    let mut outer = serde_json::Map::new();
    outer.insert(request_key.to_owned(), serde_json::Value::Object(inner));
    serde_json::to_string(&outer).map_err(|e| BuildError::Body(e.to_string()))
}

// ---------------------------------------------------------------------------
// Calls over a transport
// ---------------------------------------------------------------------------

pub use crate::transport::{AsyncTransport, Options, TransportError};
pub use crate::ws;

#[cfg(feature = "blocking")]
pub use crate::transport::BlockingTransport;

/// Why a call through a generated client failed: the request could not be built, the
/// exchange failed, the service answered with a (typed) error, or the answer could not
/// start a session.
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
    /// host name the server chose that is refused).
    Session(SessionError),
}

impl<E: fmt::Display> fmt::Display for CallError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Build(e) => write!(f, "could not build the request: {e}"),
            CallError::Transport(e) => write!(f, "the exchange failed: {e}"),
            CallError::Api(e) => write!(f, "the service answered: {e}"),
            CallError::Session(e) => write!(f, "could not start the session: {e}"),
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
    let request = request.to_http(base_url).map_err(CallError::Build)?;
    let response = transport
        .send(request)
        .await
        .map_err(CallError::Transport)?;
    R::Response::from_http(&response).map_err(CallError::Api)
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
    let request = request.to_http(base_url).map_err(CallError::Build)?;
    let response = transport.send(request).map_err(CallError::Transport)?;
    R::Response::from_http(&response).map_err(CallError::Api)
}

// ---------------------------------------------------------------------------
// Endpoints: the traits generated types implement
// ---------------------------------------------------------------------------

/// A generated request type: where it is sent and what its answer decodes to.
///
/// Every endpoint of a spec has one request type implementing this trait (a request
/// with variants has one per variant, and the enum over them). A generated client's
/// `send` takes any request of its service; [`Endpoint::to_http`] is the sans-IO half.
/// The spec's fields are the JSON body, so the trait asks for [`Serialize`].
///
/// A client sends the requests of its own service:
///
/// ```no_run
/// use loginspec_generated::blink;
///
/// async fn log_in(client: &blink::Client) {
///     let _ = client.send(blink::LoginRequest::new("me@example.com", "pw")).await;
/// }
/// ```
///
/// and no other service's:
///
/// ```compile_fail
/// use loginspec_generated::{blink, sama};
///
/// async fn log_in(client: &sama::Client) {
///     let _ = client.send(blink::LoginRequest::new("me@example.com", "pw")).await;
/// }
/// ```
pub trait Endpoint: Serialize + Sized {
    /// The generated async `Client` of the endpoint's service. It ties the request to
    /// its service: a client only sends the requests of its own service.
    type Client;
    /// What a successful answer decodes to.
    type Response: FromHttp;
    /// The HTTP method.
    const METHOD: Method;
    /// The path below the base URL, starting with `/`.
    const PATH: &'static str;
    /// The fixed headers the spec lists, besides `Content-Type: application/json`,
    /// which every JSON body gets.
    const HEADERS: &'static [(&'static str, &'static str)] = &[];
    /// Whether the request has a JSON body; without one the body is empty.
    const BODY: bool = true;

    /// The credential the request carries, when its auth scheme takes one.
    fn credential(&self) -> Option<Credential<'_>> {
        None
    }

    /// Builds the HTTP request against `base_url`: the JSON body (with its
    /// `Content-Type`), the fixed headers, then the credential.
    ///
    /// # Errors
    ///
    /// [`BuildError`] for an invalid URL, header or credential, or a body that does not
    /// serialise.
    fn to_http(&self, base_url: &BaseUrl) -> Result<Request<Vec<u8>>, BuildError> {
        http_request(
            Self::METHOD,
            base_url.join(Self::PATH),
            Self::BODY.then_some(self),
            Self::HEADERS,
            self.credential(),
        )
    }
}

/// A generated success type: its status, and how an answer with that status decodes.
pub trait FromHttp: Sized {
    /// The endpoint's typed error, for every other answer.
    type Error: ApiError;
    /// The documented success status.
    const STATUS: u16;

    /// Decodes an answer that has the success status.
    ///
    /// # Errors
    ///
    /// [`DecodeError`] naming the body field, header or cookie that did not decode.
    fn decode(answer: &Answer<'_>) -> Result<Self, DecodeError>;

    /// Decodes an HTTP response into the success or the typed error; never panics.
    ///
    /// # Errors
    ///
    /// The typed error: a documented error status with its decoded body, a documented
    /// status that did not decode (`Decode`), or an undocumented one (`Unexpected`).
    fn from_http<B: AsRef<[u8]>>(response: &http::Response<B>) -> Result<Self, Self::Error> {
        let answer = Answer {
            status: response.status(),
            headers: response.headers(),
            body: response.body().as_ref(),
        };
        if answer.status.as_u16() == Self::STATUS {
            return Self::decode(&answer).map_err(Self::Error::from);
        }
        Err(Self::Error::from_answer(&answer).unwrap_or_else(Self::Error::from))
    }
}

/// A generated typed error: one variant per documented error status, plus `Decode` (a
/// documented status that did not decode) and `Unexpected` (any other status).
///
/// Its `Display`, `Error`, `status()` and conversions come from [`api_error!`].
pub trait ApiError: Sized + From<DecodeError> + From<Unexpected> {
    /// Decodes an answer whose status is not the success: the documented status's
    /// variant, or `Unexpected`.
    ///
    /// # Errors
    ///
    /// [`DecodeError`] when a documented error body does not decode.
    fn from_answer(answer: &Answer<'_>) -> Result<Self, DecodeError>;

    /// The status and the documented text of the error.
    fn describe(&self) -> Description<'_>;
}

/// An HTTP answer as the generated decoders read it.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    status: StatusCode,
    headers: &'a HeaderMap,
    body: &'a [u8],
}

impl Answer<'_> {
    /// The status code.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The body decoded from JSON (see [`decode_json`]).
    ///
    /// # Errors
    ///
    /// [`DecodeError`] naming the field that failed.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, DecodeError> {
        decode_json(self.status, self.body)
    }

    /// The body decoded from JSON when it carries a secret (see [`decode_json_secret`]).
    ///
    /// # Errors
    ///
    /// [`DecodeError`] naming the field that failed, with no excerpt of the body.
    pub fn json_secret<T: serde::de::DeserializeOwned>(&self) -> Result<T, DecodeError> {
        decode_json_secret(self.status, self.body)
    }

    /// The first header called `name`, if any (see [`header`]).
    ///
    /// # Errors
    ///
    /// [`DecodeError`] if the value is not visible ASCII.
    pub fn header(&self, name: &'static str) -> Result<Option<String>, DecodeError> {
        header(self.headers, name, self.status)
    }

    /// The first header called `name`, which must be present (see [`required_header`]).
    ///
    /// # Errors
    ///
    /// [`DecodeError`] if it is missing or not visible ASCII.
    pub fn required_header(&self, name: &'static str) -> Result<String, DecodeError> {
        required_header(self.headers, name, self.status)
    }

    /// The cookie called `name` set by a `Set-Cookie` header, if any (see [`cookie`]).
    pub fn cookie(&self, name: &'static str) -> Option<String> {
        cookie(self.headers, name).map(|secret| secret.0)
    }

    /// The cookie called `name`, which must be set.
    ///
    /// # Errors
    ///
    /// [`DecodeError`] with path `cookies.<name>` when no `Set-Cookie` header sets it.
    pub fn required_cookie(&self, name: &'static str) -> Result<String, DecodeError> {
        self.cookie(name).ok_or_else(|| {
            part_error(
                format!("cookies.{name}"),
                self.status,
                "missing required cookie",
            )
        })
    }

    /// A bounded excerpt of the body, for a documented status without a body.
    pub fn excerpt(&self) -> Excerpt {
        Excerpt::new(self.body)
    }

    /// The answer as an undocumented one.
    pub fn unexpected(&self) -> Unexpected {
        Unexpected::new(self.status, self.body)
    }
}

/// What a typed error says about itself: its `Display` text and status.
#[derive(Debug, Clone, Copy)]
pub enum Description<'a> {
    /// A documented error status.
    Documented {
        /// The status code.
        status: u16,
        /// The variant's name (`Unauthorized`); the spec's description of the status is
        /// the variant's documentation.
        name: &'static str,
        /// The value of the body's error code field, when the spec names one.
        code: Option<&'a str>,
    },
    /// A documented status that did not decode.
    Decode(&'a DecodeError),
    /// An undocumented status.
    Unexpected(&'a Unexpected),
}

impl<'a> Description<'a> {
    /// A documented status without an error code.
    pub fn of(status: u16, name: &'static str) -> Self {
        Description::Documented {
            status,
            name,
            code: None,
        }
    }

    /// A documented status whose body carries the error code `code`.
    pub fn coded(status: u16, name: &'static str, code: &'a str) -> Self {
        Description::Documented {
            status,
            name,
            code: Some(code),
        }
    }

    /// The status code.
    pub fn status(&self) -> u16 {
        match self {
            Description::Documented { status, .. } => *status,
            Description::Decode(problem) => problem.status.as_u16(),
            Description::Unexpected(unexpected) => unexpected.status.as_u16(),
        }
    }
}

impl fmt::Display for Description<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Description::Documented {
                status,
                name,
                code: None,
            } => write!(f, "{status} {name}"),
            Description::Documented {
                status,
                name,
                code: Some(code),
            } => write!(f, "{status} {name} (code `{code}`)"),
            Description::Decode(problem) => fmt::Display::fmt(problem, f),
            Description::Unexpected(unexpected) => fmt::Display::fmt(unexpected, f),
        }
    }
}

/// Makes a generated typed error: implements [`ApiError`] from a table of its documented
/// statuses, and gives it `status()`, `Display` (from [`ApiError::describe`]),
/// `std::error::Error`, and the conversions from [`DecodeError`] and [`Unexpected`].
///
/// The enum has one variant per documented status plus `Decode(DecodeError)` and
/// `Unexpected(Unexpected)`. Each table row names how the variant's body is read:
/// `excerpt` (no documented body: a bounded [`Excerpt`]), `json` or `json_secret` (see
/// [`Answer::json`] and [`Answer::json_secret`]), and, after the reader, the body field
/// that carries the error code, if there is one:
///
/// ```ignore
/// api_error!(LoginError { 400 => BadRequest(excerpt), 403 => Forbidden(json, code) });
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __loginspec_api_error {
    ($name:ident { $($status:literal => $variant:ident($read:ident $(, $code:ident)?)),* $(,)? }) => {
        impl $crate::runtime::ApiError for $name {
            fn from_answer(
                answer: &$crate::runtime::Answer<'_>,
            ) -> ::std::result::Result<Self, $crate::runtime::DecodeError> {
                ::std::result::Result::Ok(match answer.status() {
                    $($status => Self::$variant($crate::__loginspec_api_error!(@read answer $read)),)*
                    _ => Self::Unexpected(answer.unexpected()),
                })
            }

            fn describe(&self) -> $crate::runtime::Description<'_> {
                match self {
                    $(Self::$variant(_body) => {
                        $crate::__loginspec_api_error!(@describe _body $status $variant $($code)?)
                    })*
                    Self::Decode(problem) => $crate::runtime::Description::Decode(problem),
                    Self::Unexpected(unexpected) => $crate::runtime::Description::Unexpected(unexpected),
                }
            }
        }

        impl $name {
            /// The HTTP status code of the response.
            pub fn status(&self) -> u16 {
                $crate::runtime::ApiError::describe(self).status()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&$crate::runtime::ApiError::describe(self), f)
            }
        }

        impl ::std::error::Error for $name {}

        impl ::std::convert::From<$crate::runtime::DecodeError> for $name {
            fn from(problem: $crate::runtime::DecodeError) -> Self {
                Self::Decode(problem)
            }
        }

        impl ::std::convert::From<$crate::runtime::Unexpected> for $name {
            fn from(unexpected: $crate::runtime::Unexpected) -> Self {
                Self::Unexpected(unexpected)
            }
        }
    };
    (@read $answer:ident excerpt) => { $answer.excerpt() };
    (@read $answer:ident $read:ident) => { $answer.$read()? };
    (@describe $body:ident $status:literal $variant:ident) => {
        $crate::runtime::Description::of($status, ::std::stringify!($variant))
    };
    (@describe $body:ident $status:literal $variant:ident $code:ident) => {
        $crate::runtime::Description::coded($status, ::std::stringify!($variant), $body.$code.as_str())
    };
}

#[doc(inline)]
pub use crate::__loginspec_api_error as api_error;

/// Gives a generated open enum (unit variants plus `Unknown(String)`, with
/// `#[serde(from = "String", into = "String")]`) its `as_str` and the conversions from
/// and to `String`: `open_enum!(Code { Locked = "locked", Disabled = "disabled" })`.
#[doc(hidden)]
#[macro_export]
macro_rules! __loginspec_open_enum {
    ($name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl ::std::convert::From<$name> for ::std::string::String {
            fn from(value: $name) -> Self {
                match value {
                    $name::Unknown(value) => value,
                    known => known.as_str().to_owned(),
                }
            }
        }
    };
}

#[doc(inline)]
pub use crate::__loginspec_open_enum as open_enum;

// ---------------------------------------------------------------------------
// Times
// ---------------------------------------------------------------------------

/// Converts a signed offset from the Unix epoch to a `SystemTime`.
fn offset_from_epoch(magnitude: Duration, negative: bool) -> Option<SystemTime> {
    if negative {
        SystemTime::UNIX_EPOCH.checked_sub(magnitude)
    } else {
        SystemTime::UNIX_EPOCH.checked_add(magnitude)
    }
}

/// Whether a time is at or before `now`. A time too far from the epoch for
/// `SystemTime` counts as past when it is before the epoch.
fn is_past(time: Option<SystemTime>, negative: bool, now: SystemTime) -> bool {
    match time {
        Some(time) => time <= now,
        None => negative,
    }
}

/// Milliseconds since the Unix epoch, an integer in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnixMillis(pub i64);

impl UnixMillis {
    /// This time as a `SystemTime`, or `None` if it cannot be represented.
    pub fn to_system_time(&self) -> Option<SystemTime> {
        offset_from_epoch(Duration::from_millis(self.0.unsigned_abs()), self.0 < 0)
    }

    /// Whether this time is at or before `now`.
    pub fn is_past_at(&self, now: SystemTime) -> bool {
        is_past(self.to_system_time(), self.0 < 0, now)
    }

    /// Whether this time is at or before the current time.
    pub fn is_past(&self) -> bool {
        self.is_past_at(SystemTime::now())
    }
}

/// Seconds since the Unix epoch, an integer in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnixSeconds(pub i64);

impl UnixSeconds {
    /// This time as a `SystemTime`, or `None` if it cannot be represented.
    pub fn to_system_time(&self) -> Option<SystemTime> {
        offset_from_epoch(Duration::from_secs(self.0.unsigned_abs()), self.0 < 0)
    }

    /// Whether this time is at or before `now`.
    pub fn is_past_at(&self, now: SystemTime) -> bool {
        is_past(self.to_system_time(), self.0 < 0, now)
    }

    /// Whether this time is at or before the current time.
    pub fn is_past(&self) -> bool {
        self.is_past_at(SystemTime::now())
    }
}

/// A date and time with an offset, an RFC 3339 string in JSON (such as
/// `2022-10-13T13:11:04Z`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub OffsetDateTime);

impl Timestamp {
    /// Whether this time is at or before `now`.
    pub fn is_past_at(&self, now: SystemTime) -> bool {
        // Compare nanoseconds since the epoch rather than converting `now`
        // to an `OffsetDateTime`, which panics outside `time`'s range.
        let now_nanos = match now.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(after) => i128::try_from(after.as_nanos()).unwrap_or(i128::MAX),
            Err(before) => i128::try_from(before.duration().as_nanos()).map_or(i128::MIN, |n| -n),
        };
        self.0.unix_timestamp_nanos() <= now_nanos
    }

    /// Whether this time is at or before the current time.
    pub fn is_past(&self) -> bool {
        self.is_past_at(SystemTime::now())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.format(&Rfc3339) {
            Ok(text) => f.write_str(&text),
            // RFC 3339 cannot express years outside 0..=9999 or offsets
            // with seconds; fall back to `time`'s own format.
            Err(_) => write!(f, "{}", self.0),
        }
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl FromStr for Timestamp {
    type Err = time::error::Parse;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OffsetDateTime::parse(s, &Rfc3339).map(Timestamp)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.0.format(&Rfc3339).map_err(|e| {
            serde::ser::Error::custom(format_args!("cannot write {} as RFC 3339: {e}", self.0))
        })?;
        serializer.serialize_str(&text)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time string such as \"2022-10-13T13:11:04Z\"")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
                text.parse().map_err(|e| {
                    E::custom(format_args!(
                        "invalid RFC 3339 date-time {:?}: {e}",
                        bounded(text, ERROR_INPUT_CHARS)
                    ))
                })
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    const BASIC_USER: &str = "138";
    const BASIC_PASSWORD: &str = "e8b9ca24f1b590af67e6271297d6e1f7226625d61c5b5daa1b2f215464e292cf";
    // printf '138:e8b9…92cf' | base64 -w0
    const BASIC_HEADER: &str = "Basic MTM4OmU4YjljYTI0ZjFiNTkwYWY2N2U2MjcxMjk3ZDZlMWY3MjI2NjI1ZDYxYzViNWRhYTFiMmYyMTU0NjRlMjkyY2Y=";

    fn empty_request() -> Request<Vec<u8>> {
        Request::new(Vec::new())
    }

    #[test]
    fn secret_debug_is_redacted() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "Secret(\"***\")");
        assert_eq!(format!("{:?}", Secret::from("")), "Secret(\"***\")");
        assert_eq!(secret.expose(), "hunter2");
        assert_eq!(secret, Secret::from(String::from("hunter2")));

        let basic = BasicCredentials::new("alice", "hunter2");
        let debug = format!("{basic:?}");
        assert!(debug.contains("alice"), "{debug}");
        assert!(!debug.contains("hunter2"), "{debug}");
    }

    #[test]
    fn secret_serde_is_a_plain_string() {
        let secret = Secret::new("to\"ken");
        assert_eq!(serde_json::to_string(&secret).unwrap(), r#""to\"ken""#);
        let back: Secret = serde_json::from_str(r#""to\"ken""#).unwrap();
        assert_eq!(back, secret);
        assert!(serde_json::from_str::<Secret>("5").is_err());
    }

    #[test]
    fn basic_header_matches_reference_and_is_sensitive() {
        let credentials = BasicCredentials::new(BASIC_USER, BASIC_PASSWORD);
        let mut request = empty_request();
        authorize(&mut request, Credential::Basic(&credentials)).unwrap();
        let value = request.headers().get(AUTHORIZATION).unwrap();
        assert_eq!(value.to_str().unwrap(), BASIC_HEADER);
        assert!(value.is_sensitive());
    }

    #[test]
    fn basic_rejects_colon_in_username() {
        let credentials = BasicCredentials::new("a:b", "pw");
        let mut request = empty_request();
        let err = authorize(&mut request, Credential::Basic(&credentials)).unwrap_err();
        assert_eq!(
            err,
            BuildError::InvalidHeader {
                name: "Authorization"
            }
        );
        assert!(request.headers().is_empty());
    }

    #[test]
    fn bearer_and_named_headers_are_sensitive() {
        let token = Secret::new("abc.def");
        let mut request = empty_request();
        authorize(&mut request, Credential::Bearer(&token)).unwrap();
        let value = request.headers().get(AUTHORIZATION).unwrap();
        assert_eq!(value, "Bearer abc.def");
        assert!(value.is_sensitive());

        authorize(
            &mut request,
            Credential::Header {
                name: "X-Api-Key",
                value: &token,
            },
        )
        .unwrap();
        let value = request.headers().get("x-api-key").unwrap();
        assert_eq!(value, "abc.def");
        assert!(value.is_sensitive());
    }

    #[test]
    fn invalid_header_value_does_not_echo_the_secret() {
        let token = Secret::new("sneaky\nX-Injected: 1");
        let mut request = empty_request();
        let err = authorize(&mut request, Credential::Bearer(&token)).unwrap_err();
        assert_eq!(
            err,
            BuildError::InvalidHeader {
                name: "Authorization"
            }
        );
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("sneaky"), "{shown}");

        let err = authorize(
            &mut request,
            Credential::Header {
                name: "X-Token",
                value: &token,
            },
        )
        .unwrap_err();
        assert_eq!(err, BuildError::InvalidHeader { name: "X-Token" });

        let err = authorize(
            &mut request,
            Credential::Header {
                name: "Bad Name",
                value: &Secret::new("ok"),
            },
        )
        .unwrap_err();
        assert_eq!(err, BuildError::InvalidHeader { name: "Bad Name" });
        assert!(request.headers().is_empty());
    }

    #[test]
    fn cookie_is_appended() {
        let sid = Secret::new("s3cr3t");
        let mut request = empty_request();
        authorize(
            &mut request,
            Credential::Cookie {
                name: "sid",
                value: &sid,
            },
        )
        .unwrap();
        let value = request.headers().get(COOKIE).unwrap();
        assert_eq!(value, "sid=s3cr3t");
        assert!(value.is_sensitive());

        let mut request = empty_request();
        request
            .headers_mut()
            .insert(COOKIE, HeaderValue::from_static("lang=en"));
        authorize(
            &mut request,
            Credential::Cookie {
                name: "sid",
                value: &sid,
            },
        )
        .unwrap();
        assert_eq!(request.headers().get_all(COOKIE).iter().count(), 1);
        let value = request.headers().get(COOKIE).unwrap();
        assert_eq!(value, "lang=en; sid=s3cr3t");
        assert!(value.is_sensitive());

        let err = authorize(
            &mut request,
            Credential::Cookie {
                name: "sid",
                value: &Secret::new("a; admin=1"),
            },
        )
        .unwrap_err();
        assert_eq!(err, BuildError::InvalidHeader { name: "sid" });
        let err = authorize(
            &mut request,
            Credential::Cookie {
                name: "s=id",
                value: &sid,
            },
        )
        .unwrap_err();
        assert_eq!(err, BuildError::InvalidHeader { name: "s=id" });
    }

    #[test]
    fn base_url_accepts() {
        let cases = [
            (
                "https://rest-prod.immedia-semi.com",
                "https://rest-prod.immedia-semi.com",
                "rest-prod.immedia-semi.com",
            ),
            (
                "http://127.0.0.1:8080",
                "http://127.0.0.1:8080",
                "127.0.0.1",
            ),
            (
                "http://localhost:1/api",
                "http://localhost:1/api",
                "localhost",
            ),
            ("http://127.8.9.10/", "http://127.8.9.10", "127.8.9.10"),
            ("http://[::1]:3000/v1/", "http://[::1]:3000/v1", "[::1]"),
            (
                "HTTPS://API.Example.COM/Base",
                "https://api.example.com/Base",
                "api.example.com",
            ),
            ("https://x:65535/a/b%20c//", "https://x:65535/a/b%20c", "x"),
        ];
        for (input, normalised, host) in cases {
            let url = BaseUrl::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(url.as_str(), normalised, "{input}");
            assert_eq!(url.to_string(), normalised, "{input}");
            assert_eq!(url.host(), host, "{input}");
        }
    }

    #[test]
    fn base_url_rejects() {
        let cases = [
            ("http://example.com", "loopback"),
            ("ftp://x", "scheme"),
            ("https://user@x", "user information"),
            ("https://user:pw@x", "user information"),
            ("https://x/?q", "query"),
            ("https://x?q", "query"),
            ("https://x#f", "fragment"),
            ("", "empty"),
            ("https://", "no host"),
            ("https:///path", "no host"),
            ("example.com", "https://"),
            ("https://exa mple.com", "whitespace"),
            ("https://bücher.de", "non-ASCII"),
            ("https://a..b", "empty label"),
            ("https://a_b.com", "only contain"),
            ("https://-a.com", "start or end"),
            ("https://x:", "port"),
            ("https://x:0", "port"),
            ("https://x:65536", "port"),
            ("https://x:8a", "port"),
            ("https://[2001:db8::1]", "loopback"),
            ("https://[::1", "matching"),
            ("http://127.0.0.1.evil.com", "loopback"),
            ("http://localhost.evil.com", "loopback"),
            ("https://x/a/../b", "`..`"),
            ("https://x/%2E%2e/b", "`..`"),
            ("https://x/a\\b", "percent-encoded"),
            ("https://x/%zz", "hex"),
        ];
        for (input, expected) in cases {
            let err = BaseUrl::parse(input).expect_err(input);
            let shown = err.to_string();
            assert!(shown.contains(expected), "{input}: {shown}");
        }
        let long = format!("ftp://{}", "a".repeat(500));
        let err = BaseUrl::parse(&long).unwrap_err();
        assert!(err.input().chars().count() <= 101);
        assert!(err.to_string().len() < 250, "{err}");
    }

    #[test]
    fn base_url_join() {
        let url = BaseUrl::parse("https://api.example.com/v2/").unwrap();
        assert_eq!(url.join("/login"), "https://api.example.com/v2/login");
        assert_eq!(url.join("login"), "https://api.example.com/v2/login");
        let url: BaseUrl = "http://localhost:8080".parse().unwrap();
        assert_eq!(url.join("/a/b"), "http://localhost:8080/a/b");
    }

    #[test]
    fn host_label_table() {
        let good = ["u011", "a", "prod-1", "0", &"a".repeat(63)];
        for value in good {
            assert_eq!(host_label("tier", value, 63).as_deref(), Ok(value));
        }
        let bad = [
            ("evil.example/", "only contain"),
            ("a.b", "only contain"),
            ("../x", "only contain"),
            ("", "empty"),
            (&"a".repeat(64), "too long"),
            ("Prod", "only contain"),
            ("-a", "start or end"),
            ("a-", "start or end"),
            ("ünï", "only contain"),
            ("a b", "only contain"),
            ("a@b", "only contain"),
        ];
        for (value, reason) in bad {
            let err = host_label("tier", value, 63).expect_err(value);
            assert_eq!(err.variable, "tier");
            assert!(err.reason.contains(reason), "{value}: {err}");
        }
        assert!(host_label("tier", "abcd", 3).is_err());
        assert!(host_label("tier", "abc", 3).is_ok());
        assert!(host_label("tier", &"a".repeat(64), 1000).is_err());

        let err = host_label("tier", &"\n".repeat(200), 63).unwrap_err();
        assert_eq!(err.value.chars().count(), 65); // 64 + `…`
        let shown = err.to_string();
        assert!(!shown.contains('\n'), "{shown}");
        assert!(shown.contains("`tier`"), "{shown}");
    }

    #[test]
    fn excerpt_cuts_on_char_boundary() {
        let mut body = "a".repeat(Excerpt::LIMIT - 1).into_bytes();
        body.extend_from_slice("é and more".as_bytes());
        let excerpt = Excerpt::new(&body);
        assert_eq!(excerpt.as_str(), "a".repeat(Excerpt::LIMIT - 1));
        assert!(excerpt.is_truncated());
        assert_eq!(excerpt.total_len(), body.len());
        assert!(
            excerpt
                .to_string()
                .ends_with(&format!("… ({} bytes in all)", body.len()))
        );
        assert!(format!("{excerpt:?}").ends_with(&format!("… ({} bytes in all)", body.len())));

        let exact = "€".repeat(170); // 510 bytes
        let excerpt = Excerpt::new(exact.as_bytes());
        assert_eq!(excerpt.as_str(), exact);
        assert!(!excerpt.is_truncated());
        assert_eq!(excerpt.to_string(), exact);

        let excerpt = Excerpt::new(b"ok\xff\nnext\x1b[31m");
        assert_eq!(excerpt.as_str(), "ok\u{FFFD}\nnext\u{1b}[31m");
        assert!(!excerpt.is_truncated());
        assert_eq!(excerpt.to_string(), "ok\u{FFFD}\\nnext\\u{1b}[31m");

        let garbage = vec![0xffu8; 4096];
        let excerpt = Excerpt::new(&garbage);
        assert!(excerpt.as_str().len() <= Excerpt::LIMIT);
        assert!(excerpt.is_truncated());
        assert_eq!(excerpt.total_len(), 4096);
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Login {
        account: Account,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Account {
        id: u64,
        tier: String,
    }

    #[test]
    fn decode_json_names_the_failing_field() {
        let body = br#"{"account":{"id":1,"tier":5}}"#;
        let err = decode_json::<Login>(StatusCode::OK, body).unwrap_err();
        assert_eq!(err.path, "account.tier");
        assert!(
            err.message.starts_with("invalid type: integer `5`"),
            "{}",
            err.message
        );
        assert_eq!(err.excerpt.as_str(), std::str::from_utf8(body).unwrap());
        let shown = err.to_string();
        assert!(
            shown.starts_with("status 200: response body at `account.tier`: invalid type:"),
            "{shown}"
        );

        let ok: Login =
            decode_json(StatusCode::OK, br#"{"account":{"id":1,"tier":"gold"}}"#).unwrap();
        assert_eq!(ok.account.tier, "gold");

        let err = decode_json::<Login>(StatusCode::OK, b"").unwrap_err();
        assert_eq!(
            (err.path.as_str(), err.message.as_str()),
            ("", "empty body")
        );
        assert_eq!(err.to_string(), "status 200: response body: empty body");

        let err =
            decode_json::<Login>(StatusCode::CREATED, br#"{"account":{"id":1,"tier":"x"}} x"#)
                .unwrap_err();
        assert_eq!(err.path, "");
        assert!(err.message.contains("trailing"), "{}", err.message);

        let err = decode_json::<Vec<Account>>(
            StatusCode::OK,
            br#"[{"id":1,"tier":"a"},{"id":"2","tier":"b"}]"#,
        )
        .unwrap_err();
        assert_eq!(err.path, "[1].id");
    }

    #[test]
    fn unexpected_display() {
        let err = Unexpected::new(StatusCode::INTERNAL_SERVER_ERROR, b"oops");
        assert_eq!(err.to_string(), "unexpected status 500: oops");
        let err = Unexpected::new(StatusCode::NOT_FOUND, b"");
        assert_eq!(err.to_string(), "unexpected status 404 (empty body)");
    }

    #[test]
    fn header_helpers() {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", HeaderValue::from_static("abc-123"));
        headers.insert("x-binary", HeaderValue::from_bytes(b"caf\xc3\xa9").unwrap());
        let status = StatusCode::OK;

        assert_eq!(
            header(&headers, "X-Request-Id", status),
            Ok(Some("abc-123".to_owned()))
        );
        assert_eq!(header(&headers, "X-Missing", status), Ok(None));
        assert_eq!(
            required_header(&headers, "X-Request-Id", status).unwrap(),
            "abc-123"
        );

        let err = header(&headers, "X-Binary", status).unwrap_err();
        assert_eq!(err.path, "headers.X-Binary");
        assert!(!err.to_string().contains("caf"), "{err}");

        let err = required_header(&headers, "X-Missing", status).unwrap_err();
        assert_eq!(err.path, "headers.X-Missing");
        assert_eq!(err.message, "missing required header");
        assert_eq!(
            err.to_string(),
            "status 200: response `headers.X-Missing`: missing required header"
        );

        // An invalid header name is simply absent, not a panic.
        assert_eq!(header(&headers, "bad name", status), Ok(None));
    }

    #[test]
    fn cookie_parsing() {
        let mut headers = HeaderMap::new();
        for value in [
            "lang=en; Path=/",
            "session = \"q1w2e3\" ; Path=/; Secure; HttpOnly; SameSite=Lax",
            "sessionid=other; Max-Age=3600",
            "flag",
            "gone=; Max-Age=0",
            "token=abc=def; Domain=example.com",
        ] {
            headers.append(SET_COOKIE, HeaderValue::from_static(value));
        }
        headers.append(SET_COOKIE, HeaderValue::from_bytes(b"bin=\xff").unwrap());

        assert_eq!(cookie(&headers, "session").unwrap().expose(), "q1w2e3");
        assert_eq!(cookie(&headers, "sessionid").unwrap().expose(), "other");
        assert_eq!(cookie(&headers, "lang").unwrap().expose(), "en");
        assert_eq!(cookie(&headers, "token").unwrap().expose(), "abc=def");
        assert_eq!(cookie(&headers, "gone"), None);
        assert_eq!(cookie(&headers, "flag"), None);
        assert_eq!(cookie(&headers, "Session"), None);
        assert_eq!(cookie(&headers, "Path"), None);
        assert_eq!(cookie(&headers, "bin"), None);

        headers.append(SET_COOKIE, HeaderValue::from_static("lang=fr"));
        assert_eq!(cookie(&headers, "lang").unwrap().expose(), "fr");
    }

    #[derive(Serialize)]
    struct LoginBody<'a> {
        email: &'a str,
        password: &'a Secret,
    }

    #[test]
    fn request_json_and_set_header() {
        let password = Secret::new("pw");
        let body = LoginBody {
            email: "a@example.com",
            password: &password,
        };
        let mut request =
            request_json(Method::POST, "https://x.example/login".to_owned(), &body).unwrap();
        assert_eq!(request.method(), Method::POST);
        assert_eq!(request.uri(), "https://x.example/login");
        assert_eq!(
            request.body(),
            br#"{"email":"a@example.com","password":"pw"}"#
        );
        assert!(request.headers().is_empty());

        set_header(&mut request, "Content-Type", "application/json").unwrap();
        assert_eq!(
            request.headers().get("content-type").unwrap(),
            "application/json"
        );
        assert_eq!(
            set_header(&mut request, "X-Bad", "a\r\nb"),
            Err(BuildError::InvalidHeader { name: "X-Bad" })
        );
        assert_eq!(
            set_header(&mut request, "Bad:Name", "a"),
            Err(BuildError::InvalidHeader { name: "Bad:Name" })
        );

        let err = request_json(Method::GET, "not a url".to_owned(), &()).unwrap_err();
        assert_eq!(
            err,
            BuildError::InvalidUrl {
                url: "not a url".to_owned()
            }
        );

        let mut map = std::collections::BTreeMap::new();
        map.insert((1, 2), 3);
        let err = request_json(Method::POST, "https://x.example/".to_owned(), &map).unwrap_err();
        assert!(matches!(err, BuildError::Body(_)), "{err:?}");
    }

    #[test]
    fn unix_times() {
        let millis = UnixMillis(1_665_666_664_447);
        let time = millis.to_system_time().unwrap();
        assert_eq!(
            time.duration_since(SystemTime::UNIX_EPOCH).unwrap(),
            Duration::from_millis(1_665_666_664_447)
        );
        assert!(millis.is_past_at(time));
        assert!(millis.is_past_at(time + Duration::from_millis(1)));
        assert!(!millis.is_past_at(time - Duration::from_millis(1)));
        assert!(millis.is_past());

        let before_epoch = UnixMillis(-1_500);
        assert_eq!(
            before_epoch.to_system_time(),
            SystemTime::UNIX_EPOCH.checked_sub(Duration::from_millis(1_500))
        );
        assert!(before_epoch.is_past_at(SystemTime::UNIX_EPOCH));

        let seconds = UnixSeconds(1_665_666_664);
        assert_eq!(
            seconds.to_system_time(),
            SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(1_665_666_664))
        );
        assert!(!UnixSeconds(i64::MAX).is_past());
        assert!(UnixSeconds(i64::MIN).is_past());
        assert!(!UnixMillis(i64::MAX).is_past());
        assert!(UnixMillis(i64::MIN).is_past());

        assert_eq!(serde_json::to_string(&millis).unwrap(), "1665666664447");
        assert_eq!(
            serde_json::from_str::<UnixSeconds>("-5").unwrap(),
            UnixSeconds(-5)
        );
        assert!(serde_json::from_str::<UnixMillis>("\"5\"").is_err());
    }

    #[test]
    fn timestamps() {
        let stamp: Timestamp = serde_json::from_str("\"2022-10-13T13:11:04.447Z\"").unwrap();
        assert_eq!(stamp.0.unix_timestamp(), 1_665_666_664);
        assert_eq!(stamp.to_string(), "2022-10-13T13:11:04.447Z");
        assert_eq!(format!("{stamp:?}"), "Timestamp(2022-10-13T13:11:04.447Z)");
        assert_eq!(
            serde_json::to_string(&stamp).unwrap(),
            "\"2022-10-13T13:11:04.447Z\""
        );
        assert!(stamp.is_past());
        let at = SystemTime::UNIX_EPOCH + Duration::from_millis(1_665_666_664_447);
        assert!(stamp.is_past_at(at));
        assert!(!stamp.is_past_at(at - Duration::from_nanos(1)));
        assert!(!stamp.is_past_at(SystemTime::UNIX_EPOCH));
        // Far outside `time`'s range: no panic.
        if let Some(far) = SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(1 << 40)) {
            assert!(stamp.is_past_at(far));
        }

        let offset: Timestamp = serde_json::from_str("\"2022-10-13T15:11:04.447+02:00\"").unwrap();
        assert_eq!(offset, stamp);

        let err = serde_json::from_str::<Timestamp>("\"13/10/2022\"").unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid RFC 3339 date-time \"13/10/2022\""),
            "{err}"
        );
        let err = serde_json::from_str::<Timestamp>("1665666664").unwrap_err();
        assert!(err.to_string().contains("RFC 3339"), "{err}");
    }
}

/// The traits and macros generated code builds on, exercised on hand-written types shaped
/// like generated ones.
#[cfg(test)]
mod endpoint_tests {
    use super::*;

    #[derive(Serialize)]
    struct Ping {
        name: String,
        #[serde(skip)]
        key: Secret,
    }

    impl Endpoint for Ping {
        type Client = ();
        type Response = Pong;
        const METHOD: Method = Method::PUT;
        const PATH: &'static str = "/ping";
        const HEADERS: &'static [(&'static str, &'static str)] =
            &[("Accept", "application/json"), ("X-Mode", "test")];

        fn credential(&self) -> Option<Credential<'_>> {
            Some(Credential::Header {
                name: "X-Key",
                value: &self.key,
            })
        }
    }

    #[derive(Serialize)]
    struct Bare;

    impl Endpoint for Bare {
        type Client = ();
        type Response = Pong;
        const METHOD: Method = Method::GET;
        const PATH: &'static str = "/bare";
        const HEADERS: &'static [(&'static str, &'static str)] = &[("Content-Type", "text/plain")];
        const BODY: bool = false;
    }

    #[derive(Debug, PartialEq)]
    struct Pong {
        body: serde_json::Value,
        location: String,
        session: Option<Secret>,
    }

    impl FromHttp for Pong {
        type Error = PingError;
        const STATUS: u16 = 201;

        fn decode(answer: &Answer<'_>) -> Result<Self, DecodeError> {
            Ok(Pong {
                body: answer.json()?,
                location: answer.required_header("Location")?,
                session: answer.cookie("session").map(Secret::new),
            })
        }
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Refusal {
        code: RefusalCode,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(from = "String", into = "String")]
    enum RefusalCode {
        Locked,
        ExpiredPassword,
        Unknown(String),
    }

    crate::runtime::open_enum!(RefusalCode {
        Locked = "locked",
        ExpiredPassword = "expired_password"
    });

    #[derive(Debug)]
    enum PingError {
        BadRequest(Excerpt),
        Forbidden(Refusal),
        Decode(DecodeError),
        Unexpected(Unexpected),
    }

    crate::runtime::api_error!(PingError {
        400 => BadRequest(excerpt),
        403 => Forbidden(json, code),
    });

    fn base() -> BaseUrl {
        BaseUrl::parse("http://127.0.0.1:8080/api").unwrap()
    }

    fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> http::Response<Vec<u8>> {
        let mut response = http::Response::new(body.as_bytes().to_vec());
        *response.status_mut() = StatusCode::from_u16(status).unwrap();
        for (name, value) in headers {
            response.headers_mut().append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        response
    }

    #[test]
    fn to_http_sends_the_json_body_its_headers_and_its_credential() {
        let ping = Ping {
            name: "a".to_owned(),
            key: Secret::new("k"),
        };
        let request = ping.to_http(&base()).unwrap();
        assert_eq!(request.method(), Method::PUT);
        assert_eq!(request.uri(), "http://127.0.0.1:8080/api/ping");
        assert_eq!(request.body(), br#"{"name":"a"}"#);
        let headers = request.headers();
        assert_eq!(headers["content-type"], "application/json");
        assert_eq!(headers["accept"], "application/json");
        assert_eq!(headers["x-mode"], "test");
        assert_eq!(headers["x-key"], "k");
        assert!(headers["x-key"].is_sensitive());
    }

    #[test]
    fn a_request_without_body_sends_none_and_keeps_its_own_content_type() {
        let request = Bare.to_http(&base()).unwrap();
        assert!(request.body().is_empty());
        assert_eq!(request.headers()["content-type"], "text/plain");
        assert_eq!(request.headers().len(), 1);
    }

    #[test]
    fn the_success_status_decodes_the_body_headers_and_cookies() {
        let response = answer(
            201,
            &[
                ("Location", "/pings/1"),
                ("Set-Cookie", "session=s3; Path=/"),
            ],
            r#"{"ok":true}"#,
        );
        let pong = Pong::from_http(&response).unwrap();
        assert_eq!(pong.body, serde_json::json!({"ok": true}));
        assert_eq!(pong.location, "/pings/1");
        assert_eq!(pong.session.unwrap().expose(), "s3");
    }

    #[test]
    fn a_success_missing_a_required_header_is_a_decode_error() {
        let err = Pong::from_http(&answer(201, &[], "{}")).unwrap_err();
        let PingError::Decode(problem) = &err else {
            panic!("{err:?}");
        };
        assert_eq!(problem.path, "headers.Location");
        assert_eq!(err.status(), 201);
    }

    #[test]
    fn documented_statuses_become_their_variants() {
        let err = Pong::from_http(&answer(400, &[], "no")).unwrap_err();
        assert!(matches!(&err, PingError::BadRequest(e) if e.as_str() == "no"));
        assert_eq!(err.status(), 400);
        assert_eq!(err.to_string(), "400 BadRequest");

        let err = Pong::from_http(&answer(403, &[], r#"{"code":"locked"}"#)).unwrap_err();
        assert!(matches!(
            &err,
            PingError::Forbidden(Refusal {
                code: RefusalCode::Locked
            })
        ));
        assert_eq!(err.to_string(), "403 Forbidden (code `locked`)");

        let err = Pong::from_http(&answer(403, &[], r#"{"code":"new"}"#)).unwrap_err();
        assert_eq!(err.to_string(), "403 Forbidden (code `new`)");
        assert!(std::error::Error::source(&err).is_none());
    }

    #[test]
    fn a_documented_body_that_does_not_decode_and_an_undocumented_status_are_kept_apart() {
        let err = Pong::from_http(&answer(403, &[], r#"{"code":7}"#)).unwrap_err();
        assert!(
            matches!(&err, PingError::Decode(p) if p.path == "code"),
            "{err:?}"
        );
        assert_eq!(err.status(), 403);

        let err = Pong::from_http(&answer(418, &[], "teapot")).unwrap_err();
        assert!(matches!(&err, PingError::Unexpected(u) if u.status == 418));
        assert_eq!(err.status(), 418);
        assert_eq!(err.to_string(), "unexpected status 418: teapot");
    }

    #[test]
    fn open_enums_keep_unknown_values_both_ways() {
        assert_eq!(
            RefusalCode::from("expired_password".to_owned()),
            RefusalCode::ExpiredPassword
        );
        assert_eq!(RefusalCode::ExpiredPassword.as_str(), "expired_password");
        let unknown = RefusalCode::from("brand_new".to_owned());
        assert_eq!(unknown, RefusalCode::Unknown("brand_new".to_owned()));
        assert_eq!(String::from(unknown), "brand_new");
        assert_eq!(String::from(RefusalCode::Locked), "locked");
    }
}
