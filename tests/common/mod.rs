//! Shared helpers of the end-to-end tests: the documented examples, read from the specs.

#![allow(
    dead_code,
    reason = "each test crate uses a different part of this module"
)]

use std::path::Path;

use loginspec_codegen::spec::{Example, ExampleResponse, SpecFile};
use loginspec_generated::runtime::Body;

/// Parses a bundled spec (`blink`, `sama`, `socialid`) with the generator's own loader.
pub fn spec(name: &str) -> SpecFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("specs")
        .join(format!("{name}.yaml"));
    let source = std::fs::read_to_string(&path).expect("bundled spec reads");
    let mut diags = loginspec_codegen::Diagnostics::default();
    match loginspec_codegen::load::load_str(name, source, &mut diags) {
        Some(loaded) => loaded.spec,
        None => panic!("bundled spec {name} parses: {diags:?}"),
    }
}

/// The documented example `name` of `endpoint`.
pub fn example(spec: &SpecFile, endpoint: &str, name: &str) -> Example {
    let endpoint = spec.endpoints.get(endpoint).expect("endpoint exists");
    endpoint
        .examples
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("example {name} exists"))
        .clone()
}

/// The example response as an `http::Response`: status, headers, cookies as
/// `Set-Cookie`, and the JSON body.
pub fn http_response(example: &ExampleResponse) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(example.status);
    for (name, value) in example.headers.iter() {
        builder = builder.header(name, value);
    }
    for (name, value) in example.cookies.iter() {
        builder = builder.header(
            "set-cookie",
            format!("{name}={value}; Path=/; HttpOnly; Secure"),
        );
    }
    let body = example
        .body
        .as_ref()
        .map(|b| serde_json::to_vec(b).expect("example body encodes"))
        .unwrap_or_default();
    builder.body(body).expect("example response builds")
}

/// A response with this status and raw body.
pub fn raw_response(status: u16, body: &str) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .body(body.as_bytes().to_vec())
        .expect("response builds")
}

/// The JSON body of a built request.
pub fn json_body(request: &http::Request<Body>) -> serde_json::Value {
    serde_json::from_slice(request.body()).expect("request body is JSON")
}

/// Asserts that every header of the example request was sent with its value.
pub fn assert_headers(
    request: &http::Request<Body>,
    example: &loginspec_codegen::spec::ExampleRequest,
) {
    for (name, value) in example.headers.iter() {
        let sent = request
            .headers()
            .get(name)
            .unwrap_or_else(|| panic!("header {name} is sent"));
        assert_eq!(sent.to_str().unwrap(), value, "header {name}");
    }
}

pub mod tls;

/// Asserts that `text` shows none of `secrets`.
pub fn assert_redacted(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "`{secret}` leaked into: {text}");
    }
}
