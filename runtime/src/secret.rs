//! Secrets and credentials: values that never show in `Debug`, and how they go on requests.

use std::fmt;

use base64::Engine as _;
use http::header::{AUTHORIZATION, COOKIE};
use http::{HeaderName, HeaderValue, Request};
use serde::{Deserialize, Serialize};

use crate::*;

/// A password, token or other secret string.
///
/// `Debug` always prints `Secret("***")`, and there is deliberately no
/// `Display`: the value is only reachable through [`Secret::expose`]. With
/// serde it is a plain string, so it can be sent in request bodies and read
/// from response bodies.
///
/// What a caller can do with a secret is therefore deliberate, and what it may do by
/// accident is safe:
/// * to send or store it: [`Secret::expose`], or serialise the value that holds it
///   (`serde_json::to_string(&response.body)` writes the token, as a request body must);
/// * by accident: `Debug` of secrets, of generated types, of sessions and of built
///   requests ([`Body`] shows only its length), and every error the runtime
///   makes (excerpts withhold credential members, URL errors withhold user information
///   and queries) show no secret.
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

    /// Takes the value out, for code of this crate that hands it on as a plain string.
    pub(crate) fn into_inner(self) -> String {
        self.0
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

/// What a generated request type holds of secrets, at any depth: the values the errors
/// of the answer to it withhold ([`Endpoint::body_secrets`] gathers them). Generated
/// objects that hold a `secret` field implement it; so do [`Secret`] and the containers
/// fields use.
pub trait HoldsSecrets {
    /// Adds the secrets it holds to `held`.
    fn held_secrets<'a>(&'a self, held: &mut Vec<&'a Secret>);
}

impl HoldsSecrets for Secret {
    fn held_secrets<'a>(&'a self, held: &mut Vec<&'a Secret>) {
        held.push(self);
    }
}

impl<T: HoldsSecrets> HoldsSecrets for Option<T> {
    fn held_secrets<'a>(&'a self, held: &mut Vec<&'a Secret>) {
        if let Some(value) = self {
            value.held_secrets(held);
        }
    }
}

impl<T: HoldsSecrets> HoldsSecrets for Vec<T> {
    fn held_secrets<'a>(&'a self, held: &mut Vec<&'a Secret>) {
        for value in self {
            value.held_secrets(held);
        }
    }
}

impl<T: HoldsSecrets> HoldsSecrets for std::collections::BTreeMap<String, T> {
    fn held_secrets<'a>(&'a self, held: &mut Vec<&'a Secret>) {
        for value in self.values() {
            value.held_secrets(held);
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

impl<'a> Credential<'a> {
    /// Its secret: the password, the token or the header's or cookie's value.
    pub fn secret(&self) -> &'a Secret {
        match *self {
            Credential::Basic(basic) => &basic.password,
            Credential::Bearer(token) => token,
            Credential::Header { value, .. } | Credential::Cookie { value, .. } => value,
        }
    }
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
}
