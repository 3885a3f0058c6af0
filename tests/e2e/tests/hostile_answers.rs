//! The hostile-answer harness: every endpoint's response type of the bundled specs, of
//! the generator's valid fixtures and of this crate's specs decodes answers made to
//! hurt it (any status, odd headers, truncated or invalid JSON, form text, huge and
//! control-laden strings, credentials planted under credential names, in cookies and in
//! auth headers). For each answer:
//!
//! * decoding never panics;
//! * a typed error's `Display` and `Debug` never show a planted credential, nor the
//!   secret the request held (echoed under any name or in plain text), not even ten
//!   characters of either, nor a control character, and stay short;
//! * a decoded success's `Debug` never shows a planted credential.
//!
//! CI runs 64 answers per response type; `PROPTEST_CASES=N` runs N (RELIABILITY.md has
//! the long run and its figures). Run with `cargo test -p loginspec-e2e --test
//! hostile_answers -- --nocapture` to see the counts.

use std::cell::Cell;
use std::fmt::{Debug, Display};

use loginspec_runtime::{FromHttp, http};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// The credential every answer plants; no output may show ten characters of it.
const MARKER: &str = "PLANTEDq7Zx9Kw2Mn4Vb8RtLc";

/// The secret the request held (its password or token), which answers echo under any
/// name and in plain text; no error may show ten characters of it. (A success is the
/// server's data, decoded as sent.)
const HELD: &str = "HELDpw9Xy2Qz7Lm3Nc5Rt8Vb";

/// Member and cookie names that hold credentials, where answers plant [`MARKER`].
const CREDENTIAL_NAMES: &[&str] = &[
    "token",
    "access_token",
    "refresh_token",
    "id_token",
    "password",
    "session",
    "session_id",
    "sid",
    "auth",
    "api_key",
    "secret",
    "jwt",
];

/// Names of ordinary members; a few are those the specs document.
const PLAIN_NAMES: &[&str] = &[
    "error",
    "message",
    "code",
    "status",
    "data",
    "user",
    "account",
    "errors",
    "detail",
    "id",
    "name",
    "tier",
    "region",
    "expires_in",
    "expires_at",
    "retry_after",
    "success",
    "type",
];

/// What an endpoint's successes document, by wire name: headers and cookies with whether
/// they are secrets, top-level body members with the kind of value they take (see
/// `build.rs`). Answers use these names too, so that successes decode.
struct Documented {
    headers: &'static [(&'static str, bool)],
    cookies: &'static [(&'static str, bool)],
    fields: &'static [(&'static str, &'static str)],
}

/// The statuses answers use: the documented success, the common ones, then any.
fn status(success: u16) -> impl Strategy<Value = u16> {
    prop_oneof![
        2 => Just(success),
        3 => prop::sample::select(vec![
            200u16, 201, 202, 204, 301, 302, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503,
        ]),
        1 => 100u16..600,
    ]
}

/// A credential as a server might write it inside a JSON string.
fn planted() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        MARKER.to_owned(),
        format!("Bearer {MARKER}"),
        format!("a\\\"{MARKER}"),
        format!("{MARKER}\\n\\u001b[31m"),
        format!("{MARKER}{}", "x".repeat(600)),
    ])
}

/// The held secret as a server might echo it inside a JSON string.
fn echoed() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        HELD.to_owned(),
        format!("wrong password {HELD} for ada"),
        format!("token={HELD}"),
        format!("{HELD}\\n"),
    ])
}

/// A string that is no credential: words, control characters, a long run.
fn plain_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z ]{0,12}",
        Just("line\\nbreak\\u001b[2J\\r".to_owned()),
        Just("\\u0000\\u007f\\u009b".to_owned()),
        Just("m".repeat(100_000)),
        any::<String>().prop_map(|s| serde_json::to_string(&s).unwrap_or_default()),
    ]
    .prop_map(|s| {
        if s.starts_with('"') {
            s
        } else {
            format!("\"{s}\"")
        }
    })
}

/// A JSON value, as text: credentials only under credential names.
fn json_value() -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        plain_string(),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| serde_json::to_string(&n).unwrap_or_default()),
        Just("true".to_owned()),
        Just("null".to_owned()),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(member(inner), 0..6).prop_map(|m| format!("{{{}}}", m.join(","))),
        ]
    })
    .boxed()
}

/// One `"name": value` member: a credential name with a planted value (a string, or a
/// whole object holding one), or a plain name with any value.
fn member(value: BoxedStrategy<String>) -> BoxedStrategy<String> {
    prop_oneof![
        (prop::sample::select(CREDENTIAL_NAMES), planted())
            .prop_map(|(k, v)| format!("\"{k}\":\"{v}\"")),
        (prop::sample::select(CREDENTIAL_NAMES), planted())
            .prop_map(|(k, v)| format!("\"{k}\":{{\"value\":\"{v}\"}}")),
        (prop::sample::select(PLAIN_NAMES), value).prop_map(|(k, v)| format!("\"{k}\":{v}")),
        (prop::sample::select(PLAIN_NAMES), echoed()).prop_map(|(k, v)| format!("\"{k}\":\"{v}\"")),
    ]
    .boxed()
}

/// The documented members of a body, each there or not: a secret one holds a planted
/// credential, the others mostly a value of their kind, sometimes any value.
fn documented_members(
    fields: &'static [(&'static str, &'static str)],
) -> BoxedStrategy<Vec<String>> {
    fields
        .iter()
        .map(|&(name, kind)| {
            let of_kind = match kind {
                "secret" => planted().prop_map(|v| format!("\"{v}\"")).boxed(),
                "string" => prop_oneof![
                    3 => plain_string(),
                    1 => echoed().prop_map(|v| format!("\"{v}\"")),
                ]
                .boxed(),
                "integer" => any::<i64>().prop_map(|n| n.to_string()).boxed(),
                "number" => any::<i32>().prop_map(|n| format!("{n}.5")).boxed(),
                "boolean" => any::<bool>().prop_map(|b| b.to_string()).boxed(),
                _ => json_value(),
            };
            let value = prop_oneof![4 => of_kind, 1 => json_value()];
            prop::option::weighted(0.8, value.prop_map(move |v| format!("\"{name}\":{v}")))
        })
        .collect::<Vec<_>>()
        .prop_map(|members| members.into_iter().flatten().collect())
        .boxed()
}

/// A body: a JSON object (its documented members and others), the same cut short, form
/// text, HTML, or bytes.
fn body(fields: &'static [(&'static str, &'static str)]) -> impl Strategy<Value = Vec<u8>> {
    let object = (
        documented_members(fields),
        prop::collection::vec(member(json_value()), 0..4),
    )
        .prop_map(|(mut members, others)| {
            members.extend(others);
            format!("{{{}}}", members.join(","))
        })
        .boxed();
    prop_oneof![
        4 => object.clone().prop_map(String::into_bytes),
        2 => (object, any::<prop::sample::Index>()).prop_map(|(text, at)| {
            let bytes = text.into_bytes();
            let cut = at.index(bytes.len().max(1));
            bytes[..cut].to_vec()
        }),
        1 => prop::sample::select(CREDENTIAL_NAMES)
            .prop_map(|k| format!("state=x&{k}={MARKER}&user=ada").into_bytes()),
        1 => Just(format!("<html><a href=\"/x?token={MARKER}\">token</a></html>").into_bytes()),
        1 => Just(format!("login refused: password {HELD} is wrong").into_bytes()),
        1 => prop::collection::vec(any::<u8>(), 0..64),
        1 => Just(Vec::new()),
    ]
}

/// One header: credentials in cookies and auth headers, anything in the rest.
fn header() -> impl Strategy<Value = (String, Vec<u8>)> {
    let name = prop::sample::select(vec![
        "content-type",
        "location",
        "retry-after",
        "x-ratelimit-remaining",
        "www-authenticate",
        "x-request-id",
    ]);
    let value = prop_oneof![
        Just(b"application/json".to_vec()),
        Just(b"text/html; charset=utf-8".to_vec()),
        Just(b"https://example.com/next".to_vec()),
        Just(b"120".to_vec()),
        Just(b"Wed, 21 Oct 2015 07:28:00 GMT".to_vec()),
        prop::collection::vec(any::<u8>(), 0..24),
    ];
    prop_oneof![
        1 => prop::sample::select(CREDENTIAL_NAMES).prop_map(|k| (
            "set-cookie".to_owned(),
            format!("{k}={MARKER}; Path=/; HttpOnly").into_bytes()
        )),
        1 => prop::sample::select(vec!["authorization", "x-auth-token", "token", "token_auth"])
            .prop_map(|k| (k.to_owned(), format!("Bearer {MARKER}").into_bytes())),
        3 => (name, value).prop_map(|(k, v)| (k.to_owned(), v)),
    ]
}

/// The documented headers and cookies, each there or not: a secret one holds a planted
/// credential, the others a plain value.
fn documented_headers(documented: &Documented) -> BoxedStrategy<Vec<(String, Vec<u8>)>> {
    let headers = documented.headers.iter().map(|&(name, secret)| {
        let value = if secret {
            format!("Bearer {MARKER}")
        } else {
            "v1".to_owned()
        };
        (name.to_owned(), value.into_bytes())
    });
    let cookies = documented.cookies.iter().map(|&(name, secret)| {
        let value = if secret { MARKER } else { "v1" };
        (
            "set-cookie".to_owned(),
            format!("{name}={value}; Path=/").into_bytes(),
        )
    });
    headers
        .chain(cookies)
        .map(|header| prop::option::weighted(0.8, Just(header)))
        .collect::<Vec<_>>()
        .prop_map(|headers| headers.into_iter().flatten().collect())
        .boxed()
}

/// An answer for an endpoint whose success is `success`: status, headers and body.
fn answer(success: u16, documented: &Documented) -> impl Strategy<Value = http::Response<Vec<u8>>> {
    let headers = (
        documented_headers(documented),
        prop::collection::vec(header(), 0..6),
    )
        .prop_map(|(mut documented, others)| {
            documented.extend(others);
            documented
        });
    (status(success), headers, body(documented.fields)).prop_map(|(status, headers, body)| {
        let mut response = http::Response::new(body);
        *response.status_mut() = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
        for (name, value) in headers {
            if let (Ok(name), Ok(value)) = (
                http::HeaderName::from_bytes(name.as_bytes()),
                http::HeaderValue::from_bytes(&value),
            ) {
                response.headers_mut().append(name, value);
            }
        }
        response
    })
}

/// The first ten-character piece of `secret` that `text` shows, if any.
fn leak(text: &str, secret: &'static str) -> Option<&'static str> {
    (0..=secret.len() - 10)
        .map(|i| &secret[i..i + 10])
        .find(|piece| text.contains(piece))
}

/// Runs the answers through one response type and counts what came out.
#[derive(Default)]
struct Harness {
    cases: u32,
    types: usize,
    successes: u64,
    errors: u64,
    failures: Vec<String>,
    /// The response types no answer decoded as a success.
    never_decoded: Vec<String>,
}

/// What [`each_response`] calls with every response type.
trait Probe {
    fn probe<T>(&mut self, name: &str, documented: &Documented)
    where
        T: FromHttp + Debug,
        T::Error: Debug + Display;
}

impl Probe for Harness {
    fn probe<T>(&mut self, name: &str, documented: &Documented)
    where
        T: FromHttp + Debug,
        T::Error: Debug + Display,
    {
        self.types += 1;
        let mut runner = TestRunner::new(Config {
            cases: self.cases,
            failure_persistence: None,
            ..Config::default()
        });
        let (successes, errors) = (Cell::new(0), Cell::new(0));
        let result = runner.run(&answer(T::STATUS, documented), |response| {
            match T::from_http_withholding(&response, &[HELD]) {
                Ok(value) => {
                    successes.set(successes.get() + 1);
                    let shown = format!("{value:?}");
                    if let Some(piece) = leak(&shown, MARKER) {
                        return Err(TestCaseError::fail(format!(
                            "the success's Debug shows `{piece}`: {shown:.300}"
                        )));
                    }
                }
                Err(error) => {
                    errors.set(errors.get() + 1);
                    for (how, shown) in [
                        ("Display", format!("{error}")),
                        ("Debug", format!("{error:?}")),
                    ] {
                        if let Some(piece) = leak(&shown, MARKER).or_else(|| leak(&shown, HELD)) {
                            return Err(TestCaseError::fail(format!(
                                "the error's {how} shows `{piece}`: {shown:.300}"
                            )));
                        }
                        if let Some(c) = shown.chars().find(|c| c.is_control()) {
                            return Err(TestCaseError::fail(format!(
                                "the error's {how} holds the control character {c:?}: {shown:.300}"
                            )));
                        }
                        if shown.len() > 4096 {
                            return Err(TestCaseError::fail(format!(
                                "the error's {how} is {} bytes long: {shown:.300}",
                                shown.len()
                            )));
                        }
                    }
                }
            }
            Ok(())
        });
        if successes.get() == 0 {
            self.never_decoded.push(name.to_owned());
        }
        self.successes += successes.get();
        self.errors += errors.get();
        if let Err(e) = result {
            self.failures.push(format!("{name}: {e}"));
        }
    }
}

include!(concat!(env!("OUT_DIR"), "/responses.rs"));

#[test]
fn no_answer_panics_or_shows_a_credential() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    let mut harness = Harness {
        cases,
        ..Harness::default()
    };
    each_response(&mut harness);
    println!(
        "hostile answers: {} response types, {} answers each: {} decoded, {} typed errors, {} failing types",
        harness.types,
        cases,
        harness.successes,
        harness.errors,
        harness.failures.len()
    );
    println!(
        "never decoded as a success: {}",
        harness.never_decoded.join(", ")
    );
    assert!(harness.types > 20, "only {} response types", harness.types);
    assert!(
        harness.failures.is_empty(),
        "{}",
        harness.failures.join("\n\n")
    );
}
