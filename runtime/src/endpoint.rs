//! The traits and macros generated types implement: `Endpoint`, `FromHttp`, `ApiError`.

use std::fmt;

use http::{HeaderMap, Method, Request, StatusCode};
use serde::Serialize;

use crate::response::part_error;
use crate::*;

/// A generated request type: where it is sent and what its answer decodes to.
///
/// Every endpoint of a spec has one request type implementing this trait (a request
/// with variants has one per variant, and the enum over them). A generated client's
/// `send` takes any request of its service; [`Endpoint::to_http`] is the sans-IO half.
/// The spec's fields are the JSON body, so the trait asks for [`Serialize`].
///
/// A client sends the requests of its own service only: `Client` ties each request
/// type to its service's generated client.
pub trait Endpoint: Serialize + Sized {
    /// What sends the request: the generated async `Client` of the endpoint's service,
    /// or, for an endpoint with `auth: session`, the service's `Session` (which adds its
    /// token). It ties the request to its service and sender: a client only sends the
    /// requests of its own service, and never those the session must send.
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

    /// The secret values the request's body holds (its `secret` fields at any depth,
    /// through [`HoldsSecrets`]): with its credential, the answer's errors withhold them
    /// (see [`FromHttp::from_http_withholding`]).
    fn body_secrets(&self) -> Vec<&Secret> {
        Vec::new()
    }

    /// The URL the request goes to: [`Endpoint::PATH`] below `base_url`, with the
    /// request's path parameters put in (each one percent-encoded segment) and its query
    /// parameters appended, for endpoints that have them.
    ///
    /// # Errors
    ///
    /// [`BuildError::InvalidPathParameter`] for a path parameter that is no segment.
    fn url(&self, base_url: &BaseUrl) -> Result<String, BuildError> {
        Ok(base_url.join(Self::PATH))
    }

    /// Builds the HTTP request against `base_url`: the JSON body (with its
    /// `Content-Type`), the fixed headers, then the credential.
    ///
    /// # Errors
    ///
    /// [`BuildError`] for an invalid URL, header or credential, or a body that does not
    /// serialise.
    fn to_http(&self, base_url: &BaseUrl) -> Result<Request<Body>, BuildError> {
        http_request(
            Self::METHOD,
            self.url(base_url)?,
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
    /// The documented success status (the first, when several are documented).
    const STATUS: u16;

    /// The body members the spec declares `secret` in this endpoint's answers (success
    /// and error bodies, at any depth), by wire name: every excerpt and decode error of
    /// an answer withholds their values, besides those of members whose names look like
    /// credentials, even when the answer has a status the spec does not document.
    const SECRETS: &'static [&'static str] = &[];

    /// Whether `status` is a documented success status; [`FromHttp::STATUS`] unless the
    /// endpoint documents several (then the response is an enum over them).
    fn accepts(status: u16) -> bool {
        status == Self::STATUS
    }

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
        Self::from_http_withholding(response, &[])
    }

    /// [`FromHttp::from_http`] for the answer to a request that held the secret values
    /// `held` (a password, a token): every excerpt and decode error of the answer
    /// withholds them, under any member name or in plain text, as written or as JSON
    /// escapes them; an error answer has them withheld (`***`) inside its JSON strings
    /// (each read as JSON reads it) and its text headers and cookies before they are
    /// decoded, so a typed error's fields and message do not hold them either. A success
    /// is decoded as sent. The clients' `send` passes the request's
    /// [`Endpoint::body_secrets`] and credentials. Values shorter than four characters
    /// are not searched for.
    ///
    /// # Errors
    ///
    /// As [`FromHttp::from_http`].
    fn from_http_withholding<B: AsRef<[u8]>>(
        response: &http::Response<B>,
        held: &[&str],
    ) -> Result<Self, Self::Error> {
        let status = response.status();
        let raw = response.body().as_ref();
        // An error answer has no use for the secrets the request sent: they are withheld
        // from its body before it is decoded, so no field, message or excerpt holds them.
        let accepted = Self::accepts(status.as_u16());
        let body = if accepted {
            std::borrow::Cow::Borrowed(raw)
        } else {
            crate::redact::withhold_in_strings(raw, held)
        };
        let answer = Answer {
            status,
            headers: response.headers(),
            body: &body,
            secrets: Self::SECRETS,
            held,
            is_error: !accepted,
        };
        if accepted {
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
    /// [`FromHttp::SECRETS`] of the endpoint.
    secrets: &'static [&'static str],
    /// The secret values the request held, withheld from every excerpt and decode error,
    /// and from the text headers and cookies of an error answer.
    held: &'a [&'a str],
    /// Whether the status is not a success the response type accepts (a success is
    /// decoded as sent).
    is_error: bool,
}

impl Answer<'_> {
    /// What the answer's texts withhold.
    fn withheld(&self) -> crate::redact::Withheld<'_> {
        crate::redact::Withheld {
            names: self.secrets,
            values: self.held,
        }
    }

    /// The status code.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The error of a success decoder handed an answer whose status it does not document
    /// (the runtime only hands it the statuses it accepts, so this is a guard, not a path).
    pub fn not_a_success(&self) -> DecodeError {
        part_error(
            String::new(),
            self.status,
            "the status is not one of the documented successes",
        )
    }

    /// The body decoded from JSON (see [`decode_json`]).
    ///
    /// # Errors
    ///
    /// [`DecodeError`] naming the field that failed.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, DecodeError> {
        crate::response::decode(self.status, self.body, false, self.withheld())
    }

    /// The body decoded from JSON when it carries a secret (see [`decode_json_secret`]).
    ///
    /// # Errors
    ///
    /// [`DecodeError`] naming the field that failed, with no excerpt of the body.
    pub fn json_secret<T: serde::de::DeserializeOwned>(&self) -> Result<T, DecodeError> {
        crate::response::decode(self.status, self.body, true, self.withheld())
    }

    /// The first header called `name`, if any (see [`header`]).
    ///
    /// # Errors
    ///
    /// [`DecodeError`] if the value is not visible ASCII.
    pub fn header(&self, name: &'static str) -> Result<Option<String>, DecodeError> {
        Ok(header(self.headers, name, self.status)?.map(|v| self.withhold(v)))
    }

    /// `value` of a text header or cookie, with the secrets the request held withheld
    /// when the answer is an error.
    fn withhold(&self, value: String) -> String {
        if !self.is_error || self.held.is_empty() {
            value
        } else {
            crate::redact::withhold_values(&value, self.held)
        }
    }

    /// The first header called `name` as a `T` (a number, a retry hint), if any (see
    /// [`header_as`]).
    ///
    /// # Errors
    ///
    /// [`DecodeError`] if the value is not a `T`.
    pub fn header_as<T: FromHeader>(&self, name: &'static str) -> Result<Option<T>, DecodeError> {
        header_as(self.headers, name, self.status)
    }

    /// The first header called `name` as a `T`, which must be present.
    ///
    /// # Errors
    ///
    /// [`DecodeError`] if it is missing or not a `T`.
    pub fn required_header_as<T: FromHeader>(&self, name: &'static str) -> Result<T, DecodeError> {
        self.header_as(name)?.ok_or_else(|| {
            part_error(
                format!("headers.{name}"),
                self.status,
                "missing required header",
            )
        })
    }

    /// The first header called `name`, which must be present (see [`required_header`]).
    ///
    /// # Errors
    ///
    /// [`DecodeError`] if it is missing or not visible ASCII.
    pub fn required_header(&self, name: &'static str) -> Result<String, DecodeError> {
        required_header(self.headers, name, self.status).map(|v| self.withhold(v))
    }

    /// The cookie called `name` set by a `Set-Cookie` header, if any (see [`cookie()`]).
    pub fn cookie(&self, name: &'static str) -> Option<String> {
        cookie(self.headers, name).map(|v| self.withhold(v.into_inner()))
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
        Excerpt::withheld(self.body, self.withheld())
    }

    /// The answer as an undocumented one.
    pub fn unexpected(&self) -> Unexpected {
        Unexpected {
            status: self.status,
            excerpt: self.excerpt(),
        }
    }
}

/// A type decoded from a whole answer (body, headers and cookies): the typed error of a
/// documented status whose headers the spec declares. The `decode` reader of
/// [`api_error!`] uses it.
pub trait DecodeAnswer: Sized {
    /// Decodes `answer`.
    ///
    /// # Errors
    ///
    /// [`DecodeError`] naming the body field, header or cookie that did not decode.
    fn decode(answer: &Answer<'_>) -> Result<Self, DecodeError>;
}

/// What a documented error body says of itself, for the typed error's `Display`: the
/// server's error code and message, where the spec names the fields that hold them
/// (`error_code`, `error_message`). The generated error bodies implement it; the
/// defaults say nothing, which is what an [`Excerpt`] (a status without a documented
/// body) says.
pub trait ErrorBody {
    /// The error code, as the server wrote it.
    fn code(&self) -> Option<&str> {
        None
    }

    /// The server's message.
    fn message(&self) -> Option<&str> {
        None
    }

    /// When the server says the request may be sent again: a `Retry-After` header, or a
    /// body field the spec names (`retry_after`).
    fn retry_after(&self) -> Option<crate::RetryAfter> {
        None
    }
}

impl ErrorBody for Excerpt {}

/// What a typed error says about itself: its `Display` text and status.
#[derive(Clone, Copy)]
pub enum Description<'a> {
    /// A documented error status.
    Documented {
        /// The status code.
        status: u16,
        /// The variant's name (`Unauthorized`, or the spec's `name:`); the spec's
        /// description of the status is the variant's documentation.
        name: &'static str,
        /// The decoded body, or the excerpt of an undocumented one.
        body: &'a dyn ErrorBody,
    },
    /// A documented status that did not decode.
    Decode(&'a DecodeError),
    /// An undocumented status.
    Unexpected(&'a Unexpected),
}

impl fmt::Debug for Description<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Description::Documented { status, name, .. } => f
                .debug_struct("Documented")
                .field("status", status)
                .field("name", name)
                .finish_non_exhaustive(),
            Description::Decode(problem) => f.debug_tuple("Decode").field(problem).finish(),
            Description::Unexpected(unexpected) => {
                f.debug_tuple("Unexpected").field(unexpected).finish()
            }
        }
    }
}

impl<'a> Description<'a> {
    /// A documented status and its body.
    pub fn documented(status: u16, name: &'static str, body: &'a dyn ErrorBody) -> Self {
        Description::Documented { status, name, body }
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

/// The longest server message a typed error's `Display` repeats, in characters.
const MESSAGE_CHARS: usize = 200;

/// The longest error code a typed error's `Display` repeats, in characters.
const CODE_CHARS: usize = 64;

impl fmt::Display for Description<'_> {
    /// `401 Unauthorized: wrong user name or password (code bad_credentials)`: the
    /// status and its reason phrase (the variant's name for a status without one), then
    /// the server's message and code where the spec names them. Both are the server's
    /// text, so they are cut to a bounded length, credential pairs (`token=…`) in the
    /// message withheld and control characters escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Description::Documented { status, name, body } => {
                let reason = StatusCode::from_u16(*status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or(name);
                write!(f, "{status} {reason}")?;
                if let Some(message) = body.message() {
                    // Cut before redacting: the message may be as long as the body.
                    let message = crate::redact::cut(message.trim(), MESSAGE_CHARS);
                    let message = crate::redact::redact_members(&message);
                    let message = crate::redact::printable(&message, MESSAGE_CHARS + 1);
                    write!(f, ": {message}")?;
                }
                if let Some(code) = body.code() {
                    let code = crate::redact::printable(code, CODE_CHARS);
                    write!(f, " (code {code})")?;
                }
                Ok(())
            }
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
/// [`Answer::json`] and [`Answer::json_secret`]), or `decode` (a type that reads the
/// whole answer, [`DecodeAnswer`]). A documented body implements
/// [`ErrorBody`], which gives `Display` the server's code and message:
///
/// ```ignore
/// api_error!(LoginError { 400 => BadRequest(excerpt), 403 => Forbidden(json) });
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __loginspec_api_error {
    ($name:ident { $($status:literal => $variant:ident($read:ident)),* $(,)? }) => {
        impl $crate::ApiError for $name {
            fn from_answer(
                answer: &$crate::Answer<'_>,
            ) -> ::std::result::Result<Self, $crate::DecodeError> {
                ::std::result::Result::Ok(match answer.status() {
                    $($status => Self::$variant($crate::__loginspec_api_error!(@read answer $read)),)*
                    _ => Self::Unexpected(answer.unexpected()),
                })
            }

            fn describe(&self) -> $crate::Description<'_> {
                match self {
                    $(Self::$variant(body) => $crate::Description::documented(
                        $status,
                        ::std::stringify!($variant),
                        body,
                    ),)*
                    Self::Decode(problem) => $crate::Description::Decode(problem),
                    Self::Unexpected(unexpected) => $crate::Description::Unexpected(unexpected),
                }
            }
        }

        impl $name {
            /// The HTTP status code of the response.
            pub fn status(&self) -> u16 {
                $crate::ApiError::describe(self).status()
            }

            /// When the server says the request may be sent again, for a documented
            /// status whose answer carries a hint the spec declares (a `Retry-After`
            /// header, or a body field); `None` otherwise. The client never retries by
            /// itself.
            pub fn retry_after(&self) -> ::std::option::Option<$crate::RetryAfter> {
                match $crate::ApiError::describe(self) {
                    $crate::Description::Documented { body, .. } => body.retry_after(),
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&$crate::ApiError::describe(self), f)
            }
        }

        impl ::std::error::Error for $name {}

        impl ::std::convert::From<$crate::DecodeError> for $name {
            fn from(problem: $crate::DecodeError) -> Self {
                Self::Decode(problem)
            }
        }

        impl ::std::convert::From<$crate::Unexpected> for $name {
            fn from(unexpected: $crate::Unexpected) -> Self {
                Self::Unexpected(unexpected)
            }
        }
    };
    (@read $answer:ident excerpt) => { $answer.excerpt() };
    (@read $answer:ident decode) => { $crate::DecodeAnswer::decode($answer)? };
    (@read $answer:ident $read:ident) => { $answer.$read()? };
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

/// The traits and macros generated code builds on, exercised on hand-written types shaped
/// like generated ones.
#[cfg(test)]
mod endpoint_tests {
    use http::{HeaderName, HeaderValue};
    use serde::Deserialize;

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
        const SECRETS: &'static [&'static str] = &["ticket"];

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
        #[serde(default)]
        detail: Option<String>,
        #[serde(default)]
        wait_s: Option<i64>,
    }

    impl ErrorBody for Refusal {
        fn code(&self) -> Option<&str> {
            Some(self.code.as_str())
        }

        fn message(&self) -> Option<&str> {
            self.detail.as_deref()
        }

        fn retry_after(&self) -> Option<crate::RetryAfter> {
            crate::RetryAfter::after_secs(self.wait_s?)
        }
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(from = "String", into = "String")]
    enum RefusalCode {
        Locked,
        ExpiredPassword,
        Unknown(String),
    }

    crate::open_enum!(RefusalCode {
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

    crate::api_error!(PingError {
        400 => BadRequest(excerpt),
        403 => Forbidden(json),
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
        assert_eq!(request.body().as_bytes(), br#"{"name":"a"}"#);
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
        assert_eq!(err.to_string(), "400 Bad Request");

        let err = Pong::from_http(&answer(403, &[], r#"{"code":"locked"}"#)).unwrap_err();
        assert!(matches!(
            &err,
            PingError::Forbidden(Refusal {
                code: RefusalCode::Locked,
                detail: None,
                wait_s: None,
            })
        ));
        assert_eq!(err.to_string(), "403 Forbidden (code locked)");
        assert_eq!(err.retry_after(), None);

        let err = Pong::from_http(&answer(
            403,
            &[],
            r#"{"code":"new","detail":"wrong user name\nor password"}"#,
        ))
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "403 Forbidden: wrong user name\\nor password (code new)"
        );
        assert!(std::error::Error::source(&err).is_none());
    }

    #[test]
    fn an_error_answer_withholds_held_values_from_its_text_headers_and_cookies() {
        let mut headers = http::HeaderMap::new();
        headers.insert("x-why", "bad hunter2-pw for ada".parse().unwrap());
        headers.insert("set-cookie", "last=hunter2-pw; Path=/".parse().unwrap());
        let held = ["hunter2-pw"];
        let answer = |is_error| Answer {
            status: StatusCode::UNAUTHORIZED,
            headers: &headers,
            body: b"",
            secrets: &[],
            held: &held,
            is_error,
        };
        let error = answer(true);
        assert_eq!(error.header("x-why").unwrap().unwrap(), "bad *** for ada");
        assert_eq!(error.required_header("x-why").unwrap(), "bad *** for ada");
        assert_eq!(error.cookie("last").unwrap(), "***");
        // A success's are as sent.
        let success = answer(false);
        assert_eq!(success.cookie("last").unwrap(), "hunter2-pw");
    }

    #[test]
    fn retry_after_is_what_the_documented_body_says() {
        let err =
            Pong::from_http(&answer(403, &[], r#"{"code":"locked","wait_s":30}"#)).unwrap_err();
        assert_eq!(
            err.retry_after(),
            Some(crate::RetryAfter::Delay(std::time::Duration::from_secs(30)))
        );
        // A negative hint is none; a status without a documented body has none.
        let err =
            Pong::from_http(&answer(403, &[], r#"{"code":"locked","wait_s":-1}"#)).unwrap_err();
        assert_eq!(err.retry_after(), None);
        let err = Pong::from_http(&answer(400, &[], r#"{"wait_s":30}"#)).unwrap_err();
        assert_eq!(err.retry_after(), None);
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

    /// A member the spec declares secret is withheld from every excerpt of the endpoint's
    /// answers, whatever its name looks like and whatever the status.
    #[test]
    fn members_the_spec_declares_secret_are_withheld_under_any_status() {
        let body = r#"{"ticket":"T-planted-1","note":"kept"}"#;
        for status in [200, 400, 418] {
            let err = Pong::from_http(&answer(status, &[], body)).unwrap_err();
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains("T-planted-1"), "{status}: {shown}");
            assert!(shown.contains("kept"), "{status}: {shown}");
        }
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

    /// An error code is the server's text: its display is bounded and cannot forge a
    /// line of a log.
    #[test]
    fn a_documented_code_is_shown_bounded_and_printable() {
        let code = format!(
            "locked\n2026-12-03 INFO admin logged in\u{1b}[0m{}",
            "z".repeat(10_000)
        );
        let refusal = Refusal {
            code: RefusalCode::from(code.clone()),
            detail: Some(code),
            wait_s: None,
        };
        let text = Description::documented(403, "Forbidden", &refusal).to_string();
        assert!(
            text.starts_with("403 Forbidden: locked\\n2026-12-03"),
            "{text}"
        );
        assert!(text.contains(" (code locked\\n2026-12-03"), "{text}");
        assert!(!text.contains('\n') && !text.contains('\u{1b}'), "{text}");
        assert!(text.len() < 400, "{} bytes", text.len());
    }
}
