//! Client overhead of the generated Blink code against hand-written equivalents.
//!
//! * `decode`: the Blink example response (from `specs/blink.yaml`) decoded by
//!   `blink::LoginResponse::from_http` versus a hand-written serde struct of the same
//!   shape read with `serde_json::from_slice` after the same status check. Both read
//!   the same `http::Response`, built once.
//! * `build_request`: the example request built by `LoginRequest::new(..).to_http(..)`
//!   versus a hand-written struct serialised with `serde_json` into an
//!   `http::Request::builder()` with the same method, URL, header and body.
//! * `login`: one login over loopback against a small local HTTP/1.1 server (a tokio
//!   `TcpListener` that answers every request with the example response, keep-alive):
//!   the generated async client (`blink::Client::send`, which opens a fresh connection
//!   per request by design) versus a raw `reqwest::Client` configured the same way (no
//!   pooling, no redirects, no retries, the same timeouts) doing the same POST, reading
//!   the body and decoding it into the hand-written struct; plus, for scale, a raw
//!   `reqwest::Client` with reqwest's default connection pooling.
//!
//! Run with `cargo bench -p loginspec-generated --bench client`.

use std::io::ErrorKind;
use std::net::SocketAddr;
use std::time::Duration;

use divan::{Bencher, black_box};
use http::header::CONTENT_TYPE;
use loginspec_generated::blink;
use loginspec_generated::runtime::{AsyncTransport, BaseUrl, Endpoint, FromHttp, Options};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn main() {
    divan::main();
}

/// The example response body of `specs/blink.yaml`, as JSON.
const RESPONSE_BODY: &str = r#"{"account":{"account_id":1234,"user_id":123456,"client_id":1234567,"new_account":false,"tier":"e002","region":"eu","account_verification_required":false,"phone_verification_required":false,"client_verification_required":false,"verification_channel":"phone"},"auth":{"token":"anAuthTokenString"},"phone":{"number":"+49*******1234","last_4_digits":"1234","country_calling_code":"49","valid":true},"verification":{"email":{"required":false},"phone":{"required":true,"channel":"sms"}},"lockout_time_remaining":0,"force_password_reset":false,"allow_pin_resend_seconds":60}"#;

/// The example request's `unique_id`.
const UNIQUE_ID: loginspec_generated::runtime::Uuid = loginspec_generated::runtime::Uuid::nil();

/// The login path of the Blink spec.
const LOGIN_PATH: &str = "/api/v5/account/login";

// ---------------------------------------------------------------------------
// Hand-written equivalents of the generated types
// ---------------------------------------------------------------------------

/// Hand-written request body of the same shape as `blink::LoginRequest`.
#[derive(Serialize)]
struct HandRequest {
    email: String,
    password: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_id: Option<loginspec_generated::runtime::Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reauth: Option<bool>,
}

impl HandRequest {
    fn example() -> Self {
        HandRequest {
            email: "anEmail".to_owned(),
            password: "aPassword".to_owned(),
            unique_id: Some(UNIQUE_ID),
            reauth: None,
        }
    }
}

/// Hand-written response body of the same shape as `blink::LoginResponseBody`.
#[derive(Deserialize)]
#[allow(dead_code)]
struct HandResponse {
    account: HandAccount,
    auth: HandAuth,
    phone: Option<HandPhone>,
    verification: Option<HandVerification>,
    lockout_time_remaining: Option<i64>,
    force_password_reset: Option<bool>,
    allow_pin_resend_seconds: Option<i64>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct HandAccount {
    account_id: i64,
    user_id: Option<i64>,
    client_id: i64,
    new_account: Option<bool>,
    tier: String,
    region: Option<String>,
    account_verification_required: Option<bool>,
    phone_verification_required: Option<bool>,
    client_verification_required: bool,
    verification_channel: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct HandAuth {
    token: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct HandPhone {
    number: Option<String>,
    last_4_digits: Option<String>,
    country_calling_code: Option<String>,
    valid: Option<bool>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct HandVerification {
    email: Option<HandEmailVerification>,
    phone: Option<HandPhoneVerification>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct HandEmailVerification {
    required: Option<bool>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct HandPhoneVerification {
    required: Option<bool>,
    channel: Option<String>,
}

/// The hand-written decoder: the status the spec documents, then plain serde_json.
fn hand_decode(response: &http::Response<Vec<u8>>) -> Option<HandResponse> {
    if response.status() != http::StatusCode::OK {
        return None;
    }
    serde_json::from_slice(response.body()).ok()
}

/// The hand-written request builder.
fn hand_request(base_url: &str) -> http::Request<Vec<u8>> {
    let body = match serde_json::to_vec(&HandRequest::example()) {
        Ok(body) => body,
        Err(err) => panic!("the request serialises: {err}"),
    };
    match http::Request::builder()
        .method(http::Method::POST)
        .uri(format!("{base_url}{LOGIN_PATH}"))
        .header(CONTENT_TYPE, "application/json")
        .body(body)
    {
        Ok(request) => request,
        Err(err) => panic!("the request builds: {err}"),
    }
}

fn generated_request() -> blink::LoginRequest {
    blink::LoginRequest::new("anEmail", "aPassword").with_unique_id(UNIQUE_ID)
}

fn example_response() -> http::Response<Vec<u8>> {
    match http::Response::builder()
        .status(200)
        .header(CONTENT_TYPE, "application/json")
        .body(RESPONSE_BODY.as_bytes().to_vec())
    {
        Ok(response) => response,
        Err(err) => panic!("the response builds: {err}"),
    }
}

fn base_url(url: &str) -> BaseUrl {
    match BaseUrl::parse(url) {
        Ok(base) => base,
        Err(err) => panic!("{url} is a base URL: {err}"),
    }
}

// ---------------------------------------------------------------------------
// Decoding and building
// ---------------------------------------------------------------------------

#[divan::bench_group(sample_count = 1000, sample_size = 100)]
mod decode {
    use super::*;

    #[divan::bench]
    fn generated(bencher: Bencher) {
        let response = example_response();
        bencher.bench_local(|| blink::LoginResponse::from_http(black_box(&response)).is_ok());
    }

    #[divan::bench]
    fn hand_written(bencher: Bencher) {
        let response = example_response();
        bencher.bench_local(|| hand_decode(black_box(&response)).is_some());
    }

    /// The hand-written struct read through `serde_path_to_error`, as the generated
    /// decoder reads a body only after plain `serde_json` failed on it (to name the
    /// failing field in errors): shows what tracking the path on every decode costs.
    #[divan::bench]
    fn hand_written_path_tracked(bencher: Bencher) {
        let response = example_response();
        bencher.bench_local(|| {
            let mut deserializer =
                serde_json::Deserializer::from_slice(black_box(&response).body());
            let value: Option<HandResponse> =
                serde_path_to_error::deserialize(&mut deserializer).ok();
            value.is_some() && deserializer.end().is_ok()
        });
    }
}

#[divan::bench_group(sample_count = 1000, sample_size = 100)]
mod build_request {
    use super::*;

    #[divan::bench]
    fn generated(bencher: Bencher) {
        let base = base_url(blink::DEFAULT_BASE_URL);
        bencher.bench_local(|| generated_request().to_http(black_box(&base)));
    }

    #[divan::bench]
    fn hand_written(bencher: Bencher) {
        let base = blink::DEFAULT_BASE_URL;
        bencher.bench_local(|| hand_request(black_box(base)));
    }
}

// ---------------------------------------------------------------------------
// One login over loopback
// ---------------------------------------------------------------------------

/// Starts the local server on its own thread and returns its address. It answers every
/// HTTP/1.1 request with the example response and keeps connections open until the
/// client closes them; it lives until the benchmark process ends.
fn start_server() -> SocketAddr {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(runtime) => runtime,
            Err(err) => panic!("server runtime: {err}"),
        };
        runtime.block_on(async move {
            let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
                Ok(listener) => listener,
                Err(err) => panic!("bind: {err}"),
            };
            let addr = listener.local_addr().map_err(|e| e.to_string());
            let _ = sender.send(addr);
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                tokio::spawn(serve(stream));
            }
        });
    });
    match receiver.recv() {
        Ok(Ok(addr)) => addr,
        other => panic!("the server did not start: {other:?}"),
    }
}

/// Answers the requests of one connection with the example response.
async fn serve(mut stream: tokio::net::TcpStream) {
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{RESPONSE_BODY}",
        RESPONSE_BODY.len()
    );
    let _ = stream.set_nodelay(true);
    let mut buffer: Vec<u8> = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        // One whole request: the head, then `content-length` bytes of body.
        let request_len = loop {
            if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
                let body_len = head
                    .lines()
                    .find_map(|line| line.strip_prefix("content-length:"))
                    .and_then(|value| value.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                if buffer.len() >= end + 4 + body_len {
                    break end + 4 + body_len;
                }
            }
            match stream.read(&mut chunk).await {
                Ok(0) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                Err(err) if err.kind() == ErrorKind::Interrupted => {}
                Err(_) => return,
            }
        };
        buffer.drain(..request_len);
        if stream.write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// The client runtime: one thread, as a small command-line client would use.
fn client_runtime() -> tokio::runtime::Runtime {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => panic!("client runtime: {err}"),
    }
}

/// A plain rustls configuration (ring, no roots): these requests are plain HTTP, but
/// the TLS-provider-free reqwest build needs one to build a client.
fn plain_tls() -> rustls::ClientConfig {
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    match rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
    {
        Ok(builder) => builder
            .with_root_certificates(rustls::RootCertStore::empty())
            .with_no_client_auth(),
        Err(err) => panic!("TLS config: {err}"),
    }
}

/// A raw reqwest client; `pooled` keeps idle connections (reqwest's default), otherwise
/// it is configured like the generated client's transport.
fn raw_client(pooled: bool) -> reqwest::Client {
    let mut builder = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .user_agent("loginspec/0.1.0")
        .redirect(reqwest::redirect::Policy::none())
        .retry(reqwest::retry::never())
        .referer(false)
        .http1_only()
        .no_proxy()
        .tls_backend_preconfigured(plain_tls());
    if !pooled {
        builder = builder.pool_max_idle_per_host(0);
    }
    match builder.build() {
        Ok(client) => client,
        Err(err) => panic!("reqwest client: {err}"),
    }
}

/// One raw login: the same POST, the whole body, the hand-written decoder.
async fn raw_login(client: &reqwest::Client, url: &str) -> Option<HandResponse> {
    let body = serde_json::to_vec(&HandRequest::example()).ok()?;
    let response = client
        .post(url)
        .header(CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await
        .ok()?;
    if response.status() != reqwest::StatusCode::OK {
        return None;
    }
    let bytes = response.bytes().await.ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[divan::bench_group(sample_count = 300, sample_size = 4)]
mod login {
    use super::*;

    #[divan::bench]
    fn generated(bencher: Bencher) {
        let addr = start_server();
        let runtime = client_runtime();
        let options = Options::new().proxy_from_env(false);
        let transport = match AsyncTransport::new(options) {
            Ok(transport) => transport,
            Err(err) => panic!("transport: {err}"),
        };
        let client = blink::Client::with_transport(transport, base_url(&format!("http://{addr}")));
        bencher.bench_local(|| {
            let login = runtime.block_on(client.send(generated_request()));
            assert!(login.is_ok(), "{login:?}");
        });
    }

    #[divan::bench]
    fn raw_reqwest(bencher: Bencher) {
        let addr = start_server();
        let runtime = client_runtime();
        let client = raw_client(false);
        let url = format!("http://{addr}{LOGIN_PATH}");
        bencher.bench_local(|| {
            let login = runtime.block_on(raw_login(&client, &url));
            assert!(login.is_some());
        });
    }

    #[divan::bench]
    fn raw_reqwest_pooled(bencher: Bencher) {
        let addr = start_server();
        let runtime = client_runtime();
        let client = raw_client(true);
        let url = format!("http://{addr}{LOGIN_PATH}");
        bencher.bench_local(|| {
            let login = runtime.block_on(raw_login(&client, &url));
            assert!(login.is_some());
        });
    }
}
