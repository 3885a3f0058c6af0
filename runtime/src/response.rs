//! Reading responses: JSON decoding with the failing field's path, headers, cookies, bounded excerpts.

use std::fmt;

use http::header::SET_COOKIE;
use http::{HeaderMap, StatusCode};

use crate::*;

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

    /// Takes an excerpt of `body`: its start, at most [`Excerpt::LIMIT`] bytes, invalid
    /// UTF-8 replaced, and the value of every member whose name looks like a credential
    /// (`"access_token": "…"`, `password=…`) withheld as `***`, even in truncated JSON.
    pub fn new(body: &[u8]) -> Self {
        Self::withholding(body, &[])
    }

    /// [`Excerpt::new`], withholding also the members called one of `secrets` (the names
    /// the spec declares `secret` in the endpoint's answers).
    pub fn withholding(body: &[u8], secrets: &[&str]) -> Self {
        Self::withheld(
            body,
            crate::redact::Withheld {
                names: secrets,
                values: &[],
            },
        )
    }

    /// [`Excerpt::withholding`], withholding also the secret values the request held.
    pub(crate) fn withheld(body: &[u8], withheld: crate::redact::Withheld<'_>) -> Self {
        // Redact a generous prefix, then cut: a credential member that starts before the
        // cut is withheld whole, even when its value runs past the cut.
        let prefix = &body[..body.len().min(Self::LIMIT * 4)];
        let redacted = withheld.apply(&String::from_utf8_lossy(prefix));
        // The body (or its prefix) may end inside a held value.
        let redacted = crate::redact::withhold_values_cut(&redacted, withheld.values);
        let mut text = String::new();
        for c in redacted.chars() {
            if text.len() + c.len_utf8() > Self::LIMIT {
                break;
            }
            text.push(c);
        }
        let truncated = text.len() < redacted.len() || prefix.len() < body.len();
        Excerpt {
            text,
            total_len: body.len(),
            truncated,
        }
    }

    /// The excerpt's text, with the values of credential members withheld.
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
        // Line breaks read as spaces; other control characters and bidirectional
        // overrides could rewrite a terminal or log line: shown escaped, by the same rule
        // as every other error text. The text is already at most `LIMIT` bytes.
        f.write_str(&crate::redact::one_line(&self.text, Self::LIMIT))?;
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
    decode(status, body, false, Default::default())
}

/// Decodes a JSON body that carries secrets (tokens): like [`decode_json`], but a failure
/// keeps no excerpt of the body, blanks every quoted string in serde's message and every
/// path segment that is not a plain name, so a token in the body cannot reach logs
/// through the error.
///
/// # Errors
///
/// [`DecodeError`] with the failing path, an empty excerpt and a redacted message.
pub fn decode_json_secret<T: serde::de::DeserializeOwned>(
    status: StatusCode,
    body: &[u8],
) -> Result<T, DecodeError> {
    decode(status, body, true, Default::default())
}

/// [`decode_json`], and with `secret` [`decode_json_secret`]; `withheld` says what the
/// message, the path and the excerpt withhold besides the members that look like
/// credentials.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    status: StatusCode,
    body: &[u8],
    secret: bool,
    withheld: crate::redact::Withheld<'_>,
) -> Result<T, DecodeError> {
    let fail = |path: String, message: String| {
        // serde quotes what it could not read, and that is the server's text: bounded,
        // with credential members (or, in a secret body, every quoted string) withheld
        // and control characters escaped.
        let message = if secret {
            crate::redact::withhold_quoted(&message)
        } else {
            withheld.apply(&message)
        };
        DecodeError {
            status,
            path,
            message: crate::redact::printable(&message, ERROR_MESSAGE_CHARS),
            excerpt: if secret {
                Excerpt::default()
            } else {
                Excerpt::withheld(body, withheld)
            },
        }
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
        let path = crate::redact::error_path(e.path(), secret, ERROR_INPUT_CHARS);
        let path = crate::redact::withhold_values(&path, withheld.values);
        fail(path, e.into_inner().to_string())
    })?;
    deserializer
        .end()
        .map_err(|e| fail(String::new(), e.to_string()))?;
    Ok(value)
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

/// A header value a spec can type: text, a whole number, or a retry hint.
pub trait FromHeader: Sized {
    /// What the value should be, for the error when it is not.
    const EXPECTED: &'static str;

    /// The value of `text` (visible ASCII, as sent), or `None` when it is not one.
    fn from_header(text: &str) -> Option<Self>;
}

impl FromHeader for String {
    const EXPECTED: &'static str = "text";

    fn from_header(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
}

impl FromHeader for i64 {
    const EXPECTED: &'static str = "a whole number";

    fn from_header(text: &str) -> Option<Self> {
        text.trim().parse().ok()
    }
}

impl FromHeader for crate::Timestamp {
    const EXPECTED: &'static str = "an RFC 3339 date-time";

    fn from_header(text: &str) -> Option<Self> {
        text.trim().parse().ok()
    }
}

impl FromHeader for crate::UnixSeconds {
    const EXPECTED: &'static str = "a whole number of seconds since the Unix epoch";

    fn from_header(text: &str) -> Option<Self> {
        text.trim().parse().ok().map(crate::UnixSeconds)
    }
}

impl FromHeader for crate::UnixMillis {
    const EXPECTED: &'static str = "a whole number of milliseconds since the Unix epoch";

    fn from_header(text: &str) -> Option<Self> {
        text.trim().parse().ok().map(crate::UnixMillis)
    }
}

/// An HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`, and the obsolete forms HTTP accepts).
impl FromHeader for std::time::SystemTime {
    const EXPECTED: &'static str = "an HTTP date";

    fn from_header(text: &str) -> Option<Self> {
        httpdate::parse_http_date(text.trim()).ok()
    }
}

/// A number of seconds (`Age`, `Access-Control-Max-Age`, a rate limit's reset delay).
impl FromHeader for std::time::Duration {
    const EXPECTED: &'static str = "a whole number of seconds";

    fn from_header(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.parse().ok().map(std::time::Duration::from_secs)
    }
}

impl FromHeader for RetryAfter {
    const EXPECTED: &'static str = "a number of seconds or an HTTP date";

    fn from_header(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

/// When a server says a request may be sent again (`Retry-After`): after a number of
/// seconds, or at a time. loginspec never retries by itself; this is for the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    /// After this long, counted from the answer.
    Delay(std::time::Duration),
    /// At this time.
    At(std::time::SystemTime),
}

impl RetryAfter {
    /// How long to wait from `now`: the delay, or the time left until the date (zero
    /// once it is past).
    pub fn delay_at(&self, now: std::time::SystemTime) -> std::time::Duration {
        match self {
            RetryAfter::Delay(delay) => *delay,
            RetryAfter::At(at) => at.duration_since(now).unwrap_or_default(),
        }
    }

    /// A delay of `seconds`, as a body field states it; `None` when it is negative.
    pub fn after_secs(seconds: i64) -> Option<Self> {
        u64::try_from(seconds)
            .ok()
            .map(|s| RetryAfter::Delay(std::time::Duration::from_secs(s)))
    }

    /// A delay of `millis` milliseconds, as a body field states it; `None` when it is
    /// negative.
    pub fn after_millis(millis: i64) -> Option<Self> {
        u64::try_from(millis)
            .ok()
            .map(|ms| RetryAfter::Delay(std::time::Duration::from_millis(ms)))
    }

    /// How long to wait from the current time (see [`RetryAfter::delay_at`]).
    pub fn delay(&self) -> std::time::Duration {
        self.delay_at(std::time::SystemTime::now())
    }
}

impl std::str::FromStr for RetryAfter {
    type Err = ();

    /// `120` (seconds) or an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`).
    fn from_str(text: &str) -> Result<Self, ()> {
        <std::time::Duration as FromHeader>::from_header(text)
            .map(RetryAfter::Delay)
            .or_else(|| {
                <std::time::SystemTime as FromHeader>::from_header(text).map(RetryAfter::At)
            })
            .ok_or(())
    }
}

/// Reads the first response header called `name` as a `T`, if there is one.
///
/// # Errors
///
/// [`DecodeError`] if the value is not visible ASCII or not a `T`
/// ([`FromHeader::EXPECTED`]); the value itself is not repeated.
pub fn header_as<T: FromHeader>(
    headers: &HeaderMap,
    name: &'static str,
    status: StatusCode,
) -> Result<Option<T>, DecodeError> {
    let Some(text) = header(headers, name, status)? else {
        return Ok(None);
    };
    T::from_header(&text).map(Some).ok_or_else(|| {
        part_error(
            format!("headers.{name}"),
            status,
            &format!("header value is not {}", T::EXPECTED),
        )
    })
}

/// A header or cookie (at `path`) that did not decode; headers and cookies are not
/// quoted in errors, as they may carry secrets.
pub(crate) fn part_error(path: String, status: StatusCode, message: &str) -> DecodeError {
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
        if let Ok(set) = ::cookie::Cookie::parse(text)
            && set.name() == name
        {
            found = Some(set.value_trimmed().to_owned());
        }
    }
    found.filter(|v| !v.is_empty()).map(Secret::from)
}

// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use http::HeaderValue;
    use serde::Deserialize;

    use super::*;
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
        assert_eq!(excerpt.to_string(), "ok\u{FFFD} next\\u{1b}[31m");
        // A pretty-printed body reads on one line.
        let excerpt = Excerpt::new(b"{\n  \"error\": \"locked\",\r\n\t\"n\": 1\n}\n");
        assert_eq!(excerpt.to_string(), r#"{ "error": "locked", "n": 1 }"#);

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
    fn retry_after_is_seconds_or_an_http_date() {
        use std::time::{Duration, SystemTime};
        let at = |secs| SystemTime::UNIX_EPOCH + Duration::from_secs(secs);
        assert_eq!(
            "120".parse::<RetryAfter>(),
            Ok(RetryAfter::Delay(Duration::from_secs(120)))
        );
        let date: RetryAfter = "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap();
        assert_eq!(date, RetryAfter::At(at(1_445_412_480)));
        assert_eq!(
            date.delay_at(at(1_445_412_480 - 90)),
            Duration::from_secs(90)
        );
        assert_eq!(date.delay_at(at(1_445_412_480 + 5)), Duration::ZERO);
        for bad in ["", "-1", "1.5", "soon", "99999999999999999999999"] {
            assert!(bad.parse::<RetryAfter>().is_err(), "{bad}");
        }

        let status = StatusCode::TOO_MANY_REQUESTS;
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("later"));
        headers.insert("x-left", HeaderValue::from_static(" 7 "));
        let err = header_as::<RetryAfter>(&headers, "retry-after", status).unwrap_err();
        assert_eq!(err.path, "headers.retry-after");
        assert!(!err.to_string().contains("later"), "{err}");
        assert_eq!(header_as::<i64>(&headers, "x-left", status), Ok(Some(7)));
        assert_eq!(header_as::<i64>(&headers, "x-none", status), Ok(None));
    }

    #[test]
    fn headers_read_as_times_and_durations() {
        use std::time::{Duration, SystemTime};
        let status = StatusCode::OK;
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("date", "Wed, 21 Oct 2015 07:28:00 GMT"),
            ("age", " 30 "),
            ("issued", "2015-10-21T07:28:00Z"),
            ("reset-s", "1445412480"),
            ("reset-ms", "1445412480500"),
            ("bad", "-30"),
        ] {
            headers.insert(name, HeaderValue::from_static(value));
        }
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        assert_eq!(
            header_as::<SystemTime>(&headers, "date", status),
            Ok(Some(at))
        );
        assert_eq!(
            header_as::<Duration>(&headers, "age", status),
            Ok(Some(Duration::from_secs(30)))
        );
        let issued = header_as::<crate::Timestamp>(&headers, "issued", status).unwrap();
        assert_eq!(issued.map(|t| t.to_system_time()), Some(Some(at)));
        assert_eq!(
            header_as::<crate::UnixSeconds>(&headers, "reset-s", status),
            Ok(Some(crate::UnixSeconds(1_445_412_480)))
        );
        assert_eq!(
            header_as::<crate::UnixMillis>(&headers, "reset-ms", status),
            Ok(Some(crate::UnixMillis(1_445_412_480_500)))
        );
        // A value of another kind is a decode error of that header, never a guess.
        for wrong in ["date", "issued"] {
            assert!(
                header_as::<Duration>(&headers, wrong, status).is_err(),
                "{wrong}"
            );
        }
        assert!(header_as::<Duration>(&headers, "bad", status).is_err());
        assert!(header_as::<SystemTime>(&headers, "age", status).is_err());
        assert!(header_as::<crate::Timestamp>(&headers, "date", status).is_err());
        assert!(header_as::<crate::UnixSeconds>(&headers, "date", status).is_err());
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

    /// What an undocumented status repeats of its body never shows a credential member:
    /// the same success body under a neighbouring status, or an error that echoes tokens.
    #[test]
    fn unexpected_answers_withhold_credential_members() {
        let body = br#"{"error":"expired","access_token":"TOKEN-planted-1","refresh_token":"RT-planted-2","user":{"id":7,"password":"PW-planted-3"}}"#;
        let unexpected = Unexpected::new(StatusCode::UNAUTHORIZED, body);
        for text in [format!("{unexpected}"), format!("{unexpected:?}")] {
            for planted in ["TOKEN-planted-1", "RT-planted-2", "PW-planted-3"] {
                assert!(!text.contains(planted), "{text}");
            }
        }
        let text = unexpected.to_string();
        assert!(text.contains(r#""error":"expired""#), "{text}");
        assert!(text.contains(r#""access_token":"***""#), "{text}");
        // A body cut in the middle of a secret withholds what is left of it.
        let mut long = br#"{"pad":""#.to_vec();
        long.extend(std::iter::repeat_n(b'x', Excerpt::LIMIT - 10));
        long.extend(br#"","token":"SECRET-past-the-cut-0123456789"}"#);
        let excerpt = Excerpt::new(&long);
        assert!(excerpt.is_truncated());
        assert!(!excerpt.as_str().contains("SECRET"), "{excerpt}");
        assert!(!excerpt.as_str().contains("past-the"), "{excerpt}");
    }

    /// A decode error about a body that holds a secret repeats nothing of its strings,
    /// escaped quotes included, nor a map key the server chose.
    #[test]
    fn secret_decode_errors_withhold_quoted_text_and_odd_keys() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code, reason = "only decoded")]
        struct Auth {
            auth: i64,
        }
        let body = br#"{"auth": "a\"TOKEN-planted\"b"}"#;
        let err = decode_json_secret::<Auth>(StatusCode::OK, body).unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(!text.contains("TOKEN-planted"), "{text}");
        assert!(text.contains("response body at `auth`"), "{text}");

        #[derive(Debug, Deserialize)]
        #[allow(dead_code, reason = "only decoded")]
        struct Sessions {
            sessions: std::collections::BTreeMap<String, i64>,
        }
        let body = br#"{"sessions": {"tok-3f9a-PLANTED-c0ffee-0123456789abcdef0123": "x"}}"#;
        let err = decode_json_secret::<Sessions>(StatusCode::OK, body).unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(!text.contains("PLANTED"), "{text}");
        assert!(err.path.starts_with("sessions."), "{}", err.path);
    }

    /// Every decode error is bounded and escapes control characters, whatever the server
    /// sends (a 1 MiB string, a log-forging line break).
    #[test]
    fn decode_errors_are_bounded_and_printable() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code, reason = "only decoded")]
        struct Message {
            n: i64,
        }
        let huge = format!(
            r#"{{"n": "{}
FAKE LOG LINE"}}"#,
            "y".repeat(1 << 20)
        );
        // Invalid JSON (a raw line break in a string), and valid JSON whose string serde
        // quotes whole in its message ("invalid type: string ...").
        let quoted = format!(
            r#"{{"n": "{}\nFAKE LOG LINE\u001b[0m"}}"#,
            "y".repeat(1 << 20)
        );
        for body in [huge, quoted] {
            let err = decode_json::<Message>(StatusCode::BAD_REQUEST, body.as_bytes()).unwrap_err();
            let text = err.to_string();
            assert!(text.len() < 1_000, "{} bytes", text.len());
            assert!(!text.contains('\n') && !text.contains('\u{1b}'), "{text}");
            assert!(format!("{err:?}").len() < 2_000);
        }
    }
}
