//! Base URLs and host labels: where requests go, checked before use.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use crate::*;

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
            input: crate::redact::url(input, ERROR_INPUT_CHARS),
            reason,
        }
    }

    /// The rejected input, cut to about 100 characters, with any user information and
    /// query withheld (`https://***@host/?***`).
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
            value: crate::redact::cut(&url, 64),
            reason: e.reason(),
        })
    }

    /// Checks a whole base URL a server chose (a discovery field such as
    /// `server.base_url`) before later calls go there: as [`BaseUrl::parse`] (`https`, or
    /// `http` to a loopback host; no user information, query or fragment) and at most
    /// 2,048 characters. `field` names the response field in the error, which repeats the
    /// value cut short, its user information and query withheld.
    ///
    /// # Errors
    ///
    /// [`VariableError`] naming the field and the problem.
    pub fn from_server(field: &'static str, url: &str) -> Result<BaseUrl, VariableError> {
        const MAX_SERVER_URL: usize = 2048;
        let value = crate::redact::url(url, 64);
        if url.len() > MAX_SERVER_URL {
            return Err(VariableError {
                variable: field,
                value,
                reason: "the URL is longer than 2048 characters",
            });
        }
        BaseUrl::parse(url).map_err(|e| VariableError {
            variable: field,
            value,
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

        let (host, port, loopback) = match split_authority(authority).map_err(err)? {
            (Host::V6(address), port) => {
                if !address.is_loopback() {
                    return Err(err(
                        "the only IPv6 address accepted as a host is the loopback `[::1]`",
                    ));
                }
                ("[::1]".to_owned(), port, true)
            }
            (Host::Name(host), port) => {
                check_host_name(host).map_err(err)?;
                let host = host.to_ascii_lowercase();
                let loopback =
                    host == "localhost" || host.parse::<Ipv4Addr>().is_ok_and(|a| a.is_loopback());
                (host, port, loopback)
            }
        };
        let port = port.map(parse_port).transpose().map_err(err)?;

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

/// The host of a URL's authority: an IPv6 address written in brackets, or a name or IPv4
/// address as written.
pub(crate) enum Host<'a> {
    V6(Ipv6Addr),
    Name(&'a str),
}

/// Splits a URL's authority (`host[:port]`, `[v6][:port]`) into its host and the digits
/// of its port, if any; the caller judges the host, then the port ([`parse_port`]).
pub(crate) fn split_authority(authority: &str) -> Result<(Host<'_>, Option<&str>), &'static str> {
    let Some(bracketed) = authority.strip_prefix('[') else {
        return Ok(match authority.split_once(':') {
            Some((host, port)) => (Host::Name(host), Some(port)),
            None => (Host::Name(authority), None),
        });
    };
    let (inside, after) = bracketed
        .split_once(']')
        .ok_or("the host has `[` without a matching `]`")?;
    let address: Ipv6Addr = inside
        .parse()
        .map_err(|_| "the host is not a valid IPv6 address")?;
    let port = match after {
        "" => None,
        _ => Some(
            after
                .strip_prefix(':')
                .ok_or("unexpected characters after `]` in the host")?,
        ),
    };
    Ok((Host::V6(address), port))
}

/// A URL's port, written as digits only: a number from 1 to 65535.
pub(crate) fn parse_port(digits: &str) -> Result<u16, &'static str> {
    const RANGE: &str = "the port must be a number from 1 to 65535";
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RANGE);
    }
    match digits.parse::<u16>() {
        Ok(0) | Err(_) => Err(RANGE),
        Ok(port) => Ok(port),
    }
}

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
        value: crate::redact::cut(value, 64),
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

#[cfg(test)]
mod tests {
    use super::*;
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
    fn a_base_url_from_a_server_is_checked_and_never_echoes_user_information() {
        let ok = BaseUrl::from_server("server.base_url", "https://eu.api.example/v2/").unwrap();
        assert_eq!(ok.as_str(), "https://eu.api.example/v2");
        let cases = [
            ("http://api.example", "`http` is only allowed"),
            ("https://user:pw@api.example", "user information"),
            ("https://api.example/?next=x", "query"),
            ("https://api.example/#x", "fragment"),
            ("javascript:alert(1)", "https://"),
            ("", "empty"),
        ];
        for (url, reason) in cases {
            let err = BaseUrl::from_server("server.base_url", url).unwrap_err();
            assert_eq!(err.variable, "server.base_url");
            assert!(err.reason.contains(reason), "{url}: {err}");
            assert!(!err.to_string().contains("pw@"), "{err}");
        }
        let long = format!("https://api.example/{}", "a".repeat(3000));
        let err = BaseUrl::from_server("server.base_url", &long).unwrap_err();
        assert!(err.reason.contains("2048"), "{err}");
        assert!(err.value.chars().count() <= 65, "{err}");
    }

    /// A URL error repeats neither user information nor a query.
    #[test]
    fn url_errors_withhold_credentials() {
        for (url, planted) in [
            ("https://user:PASSWORD-planted@host", "PASSWORD-planted"),
            ("http://example.com/cb?token=TOKEN-planted", "TOKEN-planted"),
            ("ftp://ftp-user:FTP-planted@host/", "FTP-planted"),
        ] {
            let err = BaseUrl::parse(url).unwrap_err();
            let text = format!("{err} {err:?} {}", err.input());
            assert!(!text.contains(planted), "{text}");
        }
    }
}
