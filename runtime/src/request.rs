//! Building requests: JSON bodies, headers and websocket frames, with errors that never echo secrets.

use std::fmt;

use http::{HeaderName, HeaderValue, Method, Request, Uri};
use serde::Serialize;

use crate::*;

/// The body of a request the runtime built: JSON bytes that may hold a password or a
/// token.
///
/// Its `Debug` shows only its length, so logging a built `http::Request` (whose `Debug`
/// prints its body) shows no secret; the bytes are there for sending: [`Body::as_bytes`],
/// `Deref<Target = [u8]>`, [`Body::into_inner`]. The transports take any body that turns
/// into one, `Vec<u8>` included.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Body(Vec<u8>);

impl Body {
    /// The bytes, to send.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, to send.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Body({} bytes)", self.0.len())
    }
}

impl std::ops::Deref for Body {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Body(bytes)
    }
}

/// Why a request could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// The URL could not be parsed as a request URI.
    InvalidUrl {
        /// The URL, cut to about 100 characters, user information and query withheld.
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
    /// A path parameter's value cannot be a path segment: it is empty, `.` or `..`
    /// (which would name another resource once the server normalises the path).
    InvalidPathParameter {
        /// The parameter's name in the spec.
        name: &'static str,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidUrl { url } => write!(f, "invalid request URL {url:?}"),
            BuildError::InvalidPathParameter { name } => write!(
                f,
                "the path parameter `{name}` is empty, `.` or `..`, which is no path segment"
            ),
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
) -> Result<Request<Body>, BuildError> {
    // The URL is judged before the body, so a bad URL is the error whatever the body.
    let uri = uri(&url)?;
    let bytes = serde_json::to_vec(body).map_err(|e| BuildError::Body(e.to_string()))?;
    Ok(request(method, uri, Body(bytes)))
}

/// `url` as a request's URI.
fn uri(url: &str) -> Result<Uri, BuildError> {
    Uri::try_from(url).map_err(|_| BuildError::InvalidUrl {
        url: crate::redact::url(url, ERROR_INPUT_CHARS),
    })
}

/// A request of `method` to `uri` with `body`, no header set.
fn request(method: Method, uri: Uri, body: Body) -> Request<Body> {
    let mut request = Request::new(body);
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    request
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
) -> Result<Request<Body>, BuildError> {
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

/// What a path parameter's value may hold as it is: RFC 3986's unreserved characters.
/// Everything else (`/`, `?`, `#`, `%`, spaces, non-ASCII...) is percent-encoded.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends a path parameter's value to `path` as one percent-encoded segment, so that no
/// value can add a segment, a query or a fragment.
///
/// # Errors
///
/// [`BuildError::InvalidPathParameter`] for an empty value, `.` or `..`.
pub fn push_segment(path: &mut String, name: &'static str, value: &str) -> Result<(), BuildError> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(BuildError::InvalidPathParameter { name });
    }
    path.extend(percent_encoding::utf8_percent_encode(value, SEGMENT));
    Ok(())
}

/// Appends query parameters to `url` (`?a=1&b=x+y`), form-encoded; `None` values are left
/// out, and nothing is appended when every value is `None`.
pub fn push_query(url: &mut String, pairs: &[(&str, Option<String>)]) {
    let mut query = form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (name, value) in pairs {
        if let Some(value) = value {
            query.append_pair(name, value);
            any = true;
        }
    }
    if any {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&query.finish());
    }
}

/// Builds a request with an empty body; no headers are set.
///
/// # Errors
///
/// [`BuildError::InvalidUrl`] if `url` is not a valid URI.
pub fn request_empty(method: Method, url: String) -> Result<Request<Body>, BuildError> {
    Ok(request(method, uri(&url)?, Body::default()))
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

/// A request body member whose value the spec fixes (`const`): the generated request
/// holds it as a private field set by `new`, and it is serialised as the JSON value the
/// spec wrote. `Debug` shows that JSON text.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Constant(&'static str);

impl Constant {
    /// The constant whose value is the JSON text `json` (the generator writes it from
    /// the spec, so it is valid JSON).
    pub const fn json(json: &'static str) -> Self {
        Constant(json)
    }
}

impl std::fmt::Debug for Constant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl serde::Serialize for Constant {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value: serde_json::Value =
            serde_json::from_str(self.0).map_err(serde::ser::Error::custom)?;
        value.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            request.body().as_bytes(),
            br#"{"email":"a@example.com","password":"pw"}"#
        );
        // Logging the built request shows the body's length, never the password.
        let debug = format!("{request:?}");
        assert!(debug.contains("Body(41 bytes)"), "{debug}");
        assert!(!debug.contains("112, 119"), "{debug}");
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
    fn path_parameters_are_one_segment_each() {
        let mut path = "/users/".to_owned();
        push_segment(&mut path, "id", "a b/../c?d#e%f~g.h_i-j").unwrap();
        assert_eq!(path, "/users/a%20b%2F..%2Fc%3Fd%23e%25f~g.h_i-j");
        let mut path = "/u/".to_owned();
        push_segment(&mut path, "id", "é").unwrap();
        assert_eq!(path, "/u/%C3%A9");
        for bad in ["", ".", ".."] {
            let err = push_segment(&mut String::new(), "id", bad).unwrap_err();
            assert_eq!(err, BuildError::InvalidPathParameter { name: "id" });
        }
        assert!(
            BuildError::InvalidPathParameter { name: "id" }
                .to_string()
                .contains("`id`")
        );
    }

    #[test]
    fn query_pairs_are_form_encoded_and_absent_ones_left_out() {
        let mut url = "https://x.example/a".to_owned();
        push_query(
            &mut url,
            &[("include", Some("a b&c".to_owned())), ("page", None)],
        );
        assert_eq!(url, "https://x.example/a?include=a+b%26c");
        push_query(&mut url, &[("n", Some("1".to_owned()))]);
        assert_eq!(url, "https://x.example/a?include=a+b%26c&n=1");
        let mut url = "https://x.example/a".to_owned();
        push_query(&mut url, &[("page", None)]);
        assert_eq!(url, "https://x.example/a");
    }
}
