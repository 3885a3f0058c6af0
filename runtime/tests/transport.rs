//! Tests of `loginspec_runtime::transport` against real servers on
//! 127.0.0.1: wiremock for plain HTTP, and small hand-written servers (on
//! their own threads) for TLS, endless bodies, silence and broken
//! connections. Every case runs through both transports.

mod common;

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use common::{Pki, make_pki, server_config};
use http::header::{LOCATION, SET_COOKIE, USER_AGENT};
use http::{Method, Request, Response, StatusCode, Version};
#[cfg(feature = "blocking")]
use loginspec_runtime::transport::BlockingTransport;
use loginspec_runtime::transport::{AsyncTransport, DEFAULT_USER_AGENT, Options, TransportError};
use tokio::runtime::Runtime;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The host name the TLS test server's certificate is issued for.
const TLS_HOST: &str = "rest-e002.immedia-semi.com";

/// A stand-in secret, put in URLs and headers to check that error messages
/// never repeat it.
const SECRET: &str = "s3cr3t-value-0xC0FFEE";

/// Which transport a case runs through.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Async,
    #[cfg(feature = "blocking")]
    Blocking,
}

/// Both transports (only the asynchronous one without the `blocking` feature).
fn kinds() -> Vec<Kind> {
    vec![
        Kind::Async,
        #[cfg(feature = "blocking")]
        Kind::Blocking,
    ]
}

/// A runtime for wiremock and the asynchronous transport. The blocking
/// transport is called from the test thread itself, outside this runtime.
fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

/// Options for the tests: the defaults, minus any proxy from the environment.
fn options() -> Options {
    Options::new().proxy_from_env(false)
}

/// Builds a transport of `kind` with `options` and sends `request` once.
fn send(
    rt: &Runtime,
    kind: Kind,
    options: Options,
    request: Request<Vec<u8>>,
) -> Result<Response<Vec<u8>>, TransportError> {
    match kind {
        Kind::Async => {
            rt.block_on(async move { AsyncTransport::new(options)?.send(request).await })
        }
        #[cfg(feature = "blocking")]
        Kind::Blocking => BlockingTransport::new(options)?.send(request),
    }
}

fn get(url: &str) -> Request<Vec<u8>> {
    Request::get(url).body(Vec::new()).expect("request")
}

/// A GET that carries [`SECRET`] in its query and in a header.
fn get_with_secret(url_without_query: &str) -> Request<Vec<u8>> {
    Request::get(format!("{url_without_query}?token={SECRET}"))
        .header("Authorization", format!("Bearer {SECRET}"))
        .body(Vec::new())
        .expect("request")
}

fn assert_no_secret(err: &TransportError) {
    let shown = format!("{err} / {err:?}");
    assert!(!shown.contains(SECRET), "error repeats the secret: {shown}");
}

// ---------------------------------------------------------------------------
// Hand-written servers
// ---------------------------------------------------------------------------

/// Reads an HTTP request head (up to the blank line), at most 64 KiB.
fn read_head(stream: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() > 64 * 1024 {
            return Err(io::Error::other("request head too long"));
        }
        match stream.read(&mut byte)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            _ => head.push(byte[0]),
        }
    }
    Ok(head)
}

/// A plain TCP server on 127.0.0.1 that hands each accepted connection to
/// `handle`, one at a time, on its own thread. Returns its address and the
/// count of accepted connections.
fn raw_server<F>(handle: F) -> (SocketAddr, Arc<AtomicUsize>)
where
    F: Fn(TcpStream) + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            counter.fetch_add(1, Ordering::SeqCst);
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .expect("read timeout");
            handle(stream);
        }
    });
    (addr, accepted)
}

/// What the TLS server saw on one connection.
#[derive(Debug)]
struct TlsSeen {
    sni: Option<String>,
    head: String,
}

/// A TLS server on 127.0.0.1 presenting `pki`'s certificate. For each
/// connection it reports what it saw (or why the handshake or read failed)
/// and answers `200` with two cookies and the body `hello over tls`.
fn tls_server(pki: &Pki) -> (SocketAddr, mpsc::Receiver<Result<TlsSeen, String>>) {
    let config = server_config(pki);
    let (tx, rx) = mpsc::channel();
    let (addr, _) = raw_server(move |tcp| {
        let result = (|| {
            let conn =
                rustls::ServerConnection::new(Arc::clone(&config)).map_err(|e| e.to_string())?;
            let mut tls = rustls::StreamOwned::new(conn, tcp);
            let head = read_head(&mut tls).map_err(|e| e.to_string())?;
            let body = b"hello over tls";
            let response = format!(
                "HTTP/1.1 200 OK\r\nSet-Cookie: session=abc; Secure; HttpOnly\r\n\
                 Set-Cookie: region=e002\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            tls.write_all(response.as_bytes())
                .and_then(|()| tls.write_all(body))
                .map_err(|e| e.to_string())?;
            tls.conn.send_close_notify();
            tls.flush().map_err(|e| e.to_string())?;
            Ok(TlsSeen {
                sni: tls.conn.server_name().map(str::to_owned),
                head: String::from_utf8_lossy(&head).into_owned(),
            })
        })();
        let _ = tx.send(result);
    });
    (addr, rx)
}

// ---------------------------------------------------------------------------
// Plain HTTP with wiremock
// ---------------------------------------------------------------------------

#[test]
fn request_arrives_as_sent() {
    let rt = runtime();
    for kind in kinds() {
        let server = rt.block_on(MockServer::start());
        rt.block_on(
            Mock::given(method("POST"))
                .and(path("/api/v5/account/login"))
                .respond_with(ResponseTemplate::new(200).set_body_string("{\"ok\":true}"))
                .mount(&server),
        );
        let body = br#"{"email":"user@example.com","password":"pw","unique_id":"\u00e9"}"#.to_vec();
        let request = Request::builder()
            .method(Method::POST)
            .uri(format!(
                "{}/api/v5/account/login?a=1&b=two%20words",
                server.uri()
            ))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer token-123")
            .header("X-Multi", "first")
            .header("X-Multi", "second")
            .header("Cookie", "a=1; b=2")
            .body(body.clone())
            .expect("request");

        let response = send(&rt, kind, options(), request).expect("response");
        assert_eq!(response.status(), StatusCode::OK, "{kind:?}");
        assert_eq!(response.body(), b"{\"ok\":true}", "{kind:?}");

        let received = rt.block_on(server.received_requests()).expect("recording");
        assert_eq!(received.len(), 1, "{kind:?}");
        let got = &received[0];
        assert_eq!(got.method, Method::POST);
        assert_eq!(got.url.path(), "/api/v5/account/login");
        assert_eq!(got.url.query(), Some("a=1&b=two%20words"));
        assert_eq!(got.body, body, "{kind:?}");
        let header = |name: &str| -> Vec<&str> {
            got.headers
                .get_all(name)
                .iter()
                .map(|v| v.to_str().expect("ASCII header"))
                .collect()
        };
        assert_eq!(header("content-type"), ["application/json"]);
        assert_eq!(header("authorization"), ["Bearer token-123"]);
        assert_eq!(header("x-multi"), ["first", "second"], "{kind:?}");
        assert_eq!(header("cookie"), ["a=1; b=2"]);
        assert_eq!(header("content-length"), [body.len().to_string()]);
        assert_eq!(header("user-agent"), [DEFAULT_USER_AGENT], "{kind:?}");
    }
}

#[test]
fn default_user_agent_names_loginspec_and_is_overridable() {
    assert_eq!(
        DEFAULT_USER_AGENT,
        concat!("loginspec/", env!("CARGO_PKG_VERSION"))
    );
    let rt = runtime();
    for kind in kinds() {
        let server = rt.block_on(MockServer::start());
        rt.block_on(
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(204))
                .mount(&server),
        );
        let custom = options().user_agent("custom-agent/2.0");
        send(&rt, kind, custom.clone(), get(&server.uri())).expect("response");
        // A request's own User-Agent wins over the configured one.
        let own = Request::get(server.uri())
            .header(USER_AGENT, "per-request/1")
            .body(Vec::new())
            .expect("request");
        send(&rt, kind, custom, own).expect("response");

        let received = rt.block_on(server.received_requests()).expect("recording");
        let agents: Vec<_> = received
            .iter()
            .map(|r| r.headers.get(USER_AGENT).cloned())
            .collect();
        assert_eq!(
            agents,
            [
                Some(http::HeaderValue::from_static("custom-agent/2.0")),
                Some(http::HeaderValue::from_static("per-request/1")),
            ],
            "{kind:?}"
        );
    }
}

#[test]
fn every_set_cookie_comes_back() {
    let rt = runtime();
    for kind in kinds() {
        let server = rt.block_on(MockServer::start());
        rt.block_on(
            Mock::given(method("GET"))
                .respond_with(
                    ResponseTemplate::new(200)
                        .append_header("Set-Cookie", "session=abc; Path=/; HttpOnly")
                        .append_header("Set-Cookie", "csrf=def; Secure")
                        .append_header("Set-Cookie", "region=e002")
                        .append_header("X-Request-Id", "42")
                        .set_body_bytes(b"body bytes \x00\xff".to_vec()),
                )
                .mount(&server),
        );
        let response = send(&rt, kind, options(), get(&server.uri())).expect("response");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.version(), Version::HTTP_11);
        let cookies: Vec<_> = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().expect("ASCII"))
            .collect();
        assert_eq!(
            cookies,
            [
                "session=abc; Path=/; HttpOnly",
                "csrf=def; Secure",
                "region=e002"
            ],
            "{kind:?}"
        );
        assert_eq!(response.headers()["x-request-id"], "42");
        assert_eq!(response.body(), b"body bytes \x00\xff");
    }
}

#[test]
fn redirects_are_returned_not_followed() {
    let rt = runtime();
    for kind in kinds() {
        for status in [301u16, 302, 303, 307, 308] {
            let server = rt.block_on(MockServer::start());
            let target = format!("{}/elsewhere", server.uri());
            rt.block_on(async {
                Mock::given(path("/start"))
                    .respond_with(
                        ResponseTemplate::new(status)
                            .insert_header("Location", target.as_str())
                            .append_header("Set-Cookie", "step=1"),
                    )
                    .mount(&server)
                    .await;
                Mock::given(path("/elsewhere"))
                    .respond_with(ResponseTemplate::new(200))
                    .expect(0)
                    .mount(&server)
                    .await;
            });
            let url = format!("{}/start", server.uri());
            let response = send(&rt, kind, options(), get(&url)).expect("response");
            assert_eq!(response.status().as_u16(), status, "{kind:?}");
            assert_eq!(response.headers()[LOCATION], target.as_str());
            assert_eq!(response.headers()[SET_COOKIE], "step=1");
            let received = rt.block_on(server.received_requests()).expect("recording");
            assert_eq!(
                received.len(),
                1,
                "{kind:?} {status}: a redirect was followed"
            );
        }
    }
}

#[test]
fn error_statuses_are_returned_once() {
    let rt = runtime();
    for kind in kinds() {
        for status in [401u16, 429, 500, 503] {
            let server = rt.block_on(MockServer::start());
            rt.block_on(
                Mock::given(method("POST"))
                    .respond_with(
                        ResponseTemplate::new(status)
                            .insert_header("Retry-After", "0")
                            .set_body_string("{\"message\":\"no\"}"),
                    )
                    .mount(&server),
            );
            let request = Request::post(server.uri())
                .body(b"{}".to_vec())
                .expect("request");
            let response = send(&rt, kind, options(), request).expect("response");
            assert_eq!(response.status().as_u16(), status);
            assert_eq!(response.body(), b"{\"message\":\"no\"}");
            let received = rt.block_on(server.received_requests()).expect("recording");
            assert_eq!(
                received.len(),
                1,
                "{kind:?} {status}: the request was retried"
            );
        }
    }
}

#[test]
fn announced_body_over_the_limit_is_refused() {
    let rt = runtime();
    let limit = 1000;
    for kind in kinds() {
        let server = rt.block_on(MockServer::start());
        rt.block_on(async {
            Mock::given(path("/exact"))
                .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'x'; limit]))
                .mount(&server)
                .await;
            Mock::given(path("/over"))
                .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'x'; limit + 1]))
                .mount(&server)
                .await;
        });
        let capped = options().max_body_bytes(limit);

        let exact = send(
            &rt,
            kind,
            capped.clone(),
            get(&format!("{}/exact", server.uri())),
        )
        .expect("a body of exactly the limit is read");
        assert_eq!(exact.body().len(), limit);

        let over = send(&rt, kind, capped, get(&format!("{}/over", server.uri())));
        assert_eq!(
            over.unwrap_err(),
            TransportError::BodyTooLarge { limit },
            "{kind:?}"
        );
    }
}

#[test]
fn head_response_length_is_not_a_body() {
    // A HEAD response announces the length of a body it does not carry.
    let rt = runtime();
    for kind in kinds() {
        let server = rt.block_on(MockServer::start());
        rt.block_on(
            Mock::given(method("HEAD"))
                .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'x'; 5000]))
                .mount(&server),
        );
        let head = Request::head(server.uri())
            .body(Vec::new())
            .expect("request");
        let response = send(&rt, kind, options().max_body_bytes(100), head).expect("response");
        assert_eq!(response.headers()["content-length"], "5000", "{kind:?}");
        assert!(response.body().is_empty());
    }
}

#[test]
fn zero_limit_allows_only_empty_bodies() {
    let rt = runtime();
    for kind in kinds() {
        let server = rt.block_on(MockServer::start());
        rt.block_on(async {
            Mock::given(path("/empty"))
                .respond_with(ResponseTemplate::new(204))
                .mount(&server)
                .await;
            Mock::given(path("/one"))
                .respond_with(ResponseTemplate::new(200).set_body_string("1"))
                .mount(&server)
                .await;
        });
        let none = options().max_body_bytes(0);
        let empty = send(
            &rt,
            kind,
            none.clone(),
            get(&format!("{}/empty", server.uri())),
        );
        assert_eq!(empty.expect("empty body").status(), StatusCode::NO_CONTENT);
        let one = send(&rt, kind, none, get(&format!("{}/one", server.uri())));
        assert_eq!(one.unwrap_err(), TransportError::BodyTooLarge { limit: 0 });
    }
}

// ---------------------------------------------------------------------------
// Hand-written plain servers
// ---------------------------------------------------------------------------

/// What the endless-body server reports when it stops writing.
#[derive(Debug)]
struct Streamed {
    bytes: usize,
    write_failed: bool,
}

#[test]
fn endless_body_stops_at_the_limit() {
    // The server streams a body with neither length nor end (closed-delimited)
    // and stops only when a write fails or after 512 MiB. The client must give
    // up at its limit, close the connection and so make the server's writes
    // fail long before that.
    const SERVER_MAX: usize = 512 * 1024 * 1024;
    let rt = runtime();
    let limit = 64 * 1024;
    for kind in kinds() {
        let (tx, rx) = mpsc::channel();
        let (addr, _) = raw_server(move |mut stream| {
            let _ = read_head(&mut stream);
            let chunk = vec![b'z'; 64 * 1024];
            let mut bytes = 0;
            let mut write_failed = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
                .is_err();
            while !write_failed && bytes < SERVER_MAX {
                match stream.write(&chunk) {
                    Ok(n) => bytes += n,
                    Err(_) => write_failed = true,
                }
            }
            let _ = tx.send(Streamed {
                bytes,
                write_failed,
            });
        });
        let started = Instant::now();
        let result = send(
            &rt,
            kind,
            options().max_body_bytes(limit),
            get(&format!("http://{addr}/stream")),
        );
        assert_eq!(
            result.unwrap_err(),
            TransportError::BodyTooLarge { limit },
            "{kind:?}"
        );
        let streamed = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("the server noticed the closed connection");
        assert!(streamed.write_failed, "{kind:?}: {streamed:?}");
        // What the server got rid of is what the client read plus what the
        // two sockets' kernel buffers held: a few MiB at most on loopback.
        assert!(
            streamed.bytes < 64 * 1024 * 1024,
            "{kind:?}: the server wrote {} bytes before the client stopped",
            streamed.bytes
        );
        assert!(started.elapsed() < Duration::from_secs(10), "{kind:?}");
    }
}

#[test]
fn silent_server_times_out() {
    let rt = runtime();
    for kind in kinds() {
        // Accepts, reads the request and never answers; it holds the
        // connection until the client gives up.
        let (addr, _) = raw_server(|mut stream| {
            let _ = read_head(&mut stream);
            let mut rest = [0u8; 1024];
            while matches!(stream.read(&mut rest), Ok(n) if n > 0) {}
        });
        let quick = options().timeout(Duration::from_millis(300));
        let started = Instant::now();
        let result = send(
            &rt,
            kind,
            quick,
            get_with_secret(&format!("http://{addr}/login")),
        );
        let elapsed = started.elapsed();
        assert_eq!(result.unwrap_err(), TransportError::Timeout, "{kind:?}");
        assert!(
            elapsed >= Duration::from_millis(250),
            "{kind:?}: {elapsed:?}"
        );
        assert!(elapsed < Duration::from_secs(5), "{kind:?}: {elapsed:?}");
    }
}

#[test]
fn stalled_body_times_out() {
    let rt = runtime();
    for kind in kinds() {
        // Sends the head and part of the announced body, then stalls.
        let (addr, _) = raw_server(|mut stream| {
            let _ = read_head(&mut stream);
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
            let mut rest = [0u8; 1024];
            while matches!(stream.read(&mut rest), Ok(n) if n > 0) {}
        });
        let quick = options().timeout(Duration::from_millis(300));
        let started = Instant::now();
        let result = send(&rt, kind, quick, get(&format!("http://{addr}/")));
        assert_eq!(result.unwrap_err(), TransportError::Timeout, "{kind:?}");
        assert!(started.elapsed() < Duration::from_secs(5), "{kind:?}");
    }
}

#[test]
fn refused_connection_is_a_connect_error() {
    let rt = runtime();
    for kind in kinds() {
        // A port that was just free: nothing listens there any more.
        let addr = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port");
        let result = send(
            &rt,
            kind,
            options(),
            get_with_secret(&format!("http://{addr}/login")),
        );
        let err = result.unwrap_err();
        assert!(
            matches!(err, TransportError::Connect(_)),
            "{kind:?}: {err:?}"
        );
        assert_no_secret(&err);
    }
}

#[test]
fn broken_responses_are_io_errors_and_not_retried() {
    let rt = runtime();
    let cases: [(&str, &'static [u8]); 3] = [
        ("closed without an answer", b""),
        ("not HTTP", b"garbage that is not a status line\r\n\r\n"),
        (
            "closed inside the body",
            b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort",
        ),
    ];
    for kind in kinds() {
        for (case, reply) in cases {
            let (addr, accepted) = raw_server(move |mut stream| {
                let _ = read_head(&mut stream);
                let _ = stream.write_all(reply);
                // Dropping the stream closes the connection.
            });
            let result = send(
                &rt,
                kind,
                options(),
                get_with_secret(&format!("http://{addr}/")),
            );
            let err = result.unwrap_err();
            assert!(
                matches!(err, TransportError::Io(_)),
                "{kind:?} {case}: {err:?}"
            );
            assert_no_secret(&err);
            // Give a retry, had there been one, the time to arrive.
            thread::sleep(Duration::from_millis(200));
            assert_eq!(
                accepted.load(Ordering::SeqCst),
                1,
                "{kind:?} {case}: retried"
            );
        }
    }
}

#[test]
fn every_request_uses_a_fresh_connection() {
    let rt = runtime();
    let (addr, accepted) = raw_server(|mut stream| {
        let _ = read_head(&mut stream);
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        // Keep the connection open (keep-alive) until the client closes it.
        let mut rest = [0u8; 1024];
        while matches!(stream.read(&mut rest), Ok(n) if n > 0) {}
    });
    let url = format!("http://{addr}/");
    let transport = AsyncTransport::new(options()).expect("transport");
    for _ in 0..3 {
        let response = rt.block_on(transport.send(get(&url))).expect("response");
        assert_eq!(response.body(), b"ok");
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 3);
    #[cfg(feature = "blocking")]
    {
        let transport = BlockingTransport::new(options()).expect("transport");
        for _ in 0..3 {
            assert_eq!(transport.send(get(&url)).expect("response").body(), b"ok");
        }
        assert_eq!(accepted.load(Ordering::SeqCst), 6);
    }
}

// ---------------------------------------------------------------------------
// TLS
// ---------------------------------------------------------------------------

#[test]
fn tls_with_resolve_and_an_extra_root() {
    let rt = runtime();
    let pki = make_pki("loginspec test CA", TLS_HOST);
    for kind in kinds() {
        let (addr, seen) = tls_server(&pki);
        let trusted = options()
            .resolve(TLS_HOST, addr)
            .add_root_certificate_pem(pki.ca_pem.as_bytes())
            .expect("CA certificate");
        let url = format!(
            "https://{TLS_HOST}:{}/api/v5/account/login?x=1",
            addr.port()
        );
        let response = send(&rt, kind, trusted, get(&url)).expect("response");
        assert_eq!(response.status(), StatusCode::OK, "{kind:?}");
        assert_eq!(response.body(), b"hello over tls");
        assert_eq!(response.headers().get_all(SET_COOKIE).iter().count(), 2);

        let seen = seen
            .recv_timeout(Duration::from_secs(10))
            .expect("server report")
            .expect("handshake and request");
        assert_eq!(seen.sni.as_deref(), Some(TLS_HOST));
        assert!(
            seen.head
                .starts_with("GET /api/v5/account/login?x=1 HTTP/1.1\r\n"),
            "{}",
            seen.head
        );
        let host_line = format!("\r\nhost: {TLS_HOST}:{}\r\n", addr.port());
        assert!(
            seen.head.to_ascii_lowercase().contains(&host_line),
            "{}",
            seen.head
        );
    }
}

#[test]
fn resolve_supplies_the_port_when_the_url_has_none() {
    // The generated clients' base URLs name fixed hosts without a port; a
    // test server is reached by resolving the host to 127.0.0.1:PORT.
    let rt = runtime();
    let pki = make_pki("loginspec test CA", TLS_HOST);
    for kind in kinds() {
        let (addr, seen) = tls_server(&pki);
        let trusted = options()
            .resolve("REST-E002.Immedia-Semi.com", addr)
            .add_root_certificate_pem(pki.ca_pem.as_bytes())
            .expect("CA certificate");
        let url = format!("https://{TLS_HOST}/api/v5/account/login");
        let response = send(&rt, kind, trusted, get(&url)).expect("response");
        assert_eq!(response.body(), b"hello over tls", "{kind:?}");
        let seen = seen
            .recv_timeout(Duration::from_secs(10))
            .expect("server report")
            .expect("handshake and request");
        assert_eq!(seen.sni.as_deref(), Some(TLS_HOST));
    }
}

#[test]
fn untrusted_certificate_is_a_tls_error() {
    let rt = runtime();
    let pki = make_pki("loginspec test CA", TLS_HOST);
    // Another CA is trusted (so there is at least one root even on a machine
    // without a system trust store), but not the one that issued the server's
    // certificate.
    let other = make_pki("some other CA", "other.invalid");
    for kind in kinds() {
        let (addr, seen) = tls_server(&pki);
        let untrusting = options()
            .resolve(TLS_HOST, addr)
            .add_root_certificate_pem(other.ca_pem.as_bytes())
            .expect("CA certificate");
        let url = format!("https://{TLS_HOST}:{}/login", addr.port());
        let err = send(&rt, kind, untrusting, get_with_secret(&url)).unwrap_err();
        assert!(matches!(err, TransportError::Tls(_)), "{kind:?}: {err:?}");
        assert_no_secret(&err);
        let server_side = seen
            .recv_timeout(Duration::from_secs(10))
            .expect("server report");
        assert!(
            server_side.is_err(),
            "the server got a request: {server_side:?}"
        );
    }
}

#[test]
fn certificate_for_another_host_is_a_tls_error() {
    let rt = runtime();
    let pki = make_pki("loginspec test CA", TLS_HOST);
    for kind in kinds() {
        let (addr, _seen) = tls_server(&pki);
        let options = options()
            .resolve("rest-u001.immedia-semi.com", addr)
            .add_root_certificate_pem(pki.ca_pem.as_bytes())
            .expect("CA certificate");
        let url = format!("https://rest-u001.immedia-semi.com:{}/", addr.port());
        let err = send(&rt, kind, options, get(&url)).unwrap_err();
        assert!(matches!(err, TransportError::Tls(_)), "{kind:?}: {err:?}");
    }
}

#[cfg(not(any(feature = "platform-roots", feature = "webpki-roots")))]
#[test]
fn without_any_root_tls_is_refused_with_the_reason() {
    let rt = runtime();
    let pki = make_pki("loginspec test CA", TLS_HOST);
    for kind in kinds() {
        let (addr, _seen) = tls_server(&pki);
        let url = format!("https://{TLS_HOST}:{}/login", addr.port());
        let err = send(&rt, kind, options().resolve(TLS_HOST, addr), get(&url)).unwrap_err();
        let TransportError::Tls(message) = &err else {
            panic!("{kind:?}: {err:?}");
        };
        for needle in ["platform-roots", "webpki-roots", "add_root_certificate_pem"] {
            assert!(message.contains(needle), "{kind:?}: {message}");
        }
    }
}

// ---------------------------------------------------------------------------
// Bad options and requests
// ---------------------------------------------------------------------------

#[test]
fn bad_options_are_config_errors() {
    let bad_agent = options().user_agent("line\r\nbreak");
    let err = AsyncTransport::new(bad_agent.clone()).unwrap_err();
    assert!(matches!(err, TransportError::Config(_)), "{err:?}");
    #[cfg(feature = "blocking")]
    {
        let err = BlockingTransport::new(bad_agent).unwrap_err();
        assert!(matches!(err, TransportError::Config(_)), "{err:?}");
    }

    let not_pem: &[&[u8]] = &[
        b"",
        b"not a PEM file",
        b"-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n",
        // Valid base64, but not a certificate.
        b"-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n",
        b"-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n",
        &[0xff, 0xfe, 0x00, 0x2d, 0x2d],
    ];
    for pem in not_pem {
        let err = options().add_root_certificate_pem(pem).unwrap_err();
        assert!(matches!(err, TransportError::Config(_)), "{err:?}");
    }

    // A PEM file with two certificates (and surrounding text) is accepted.
    let both = format!(
        "first CA\n{}\nsecond CA\n{}",
        make_pki("one", "a.invalid").ca_pem,
        make_pki("two", "b.invalid").ca_pem
    );
    let options = options()
        .add_root_certificate_pem(both.as_bytes())
        .expect("two certificates");
    AsyncTransport::new(options).expect("transport");
}

#[test]
fn unusable_requests_are_errors_not_panics() {
    let rt = runtime();
    let server = rt.block_on(MockServer::start());
    rt.block_on(
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200))
            .mount(&server),
    );
    for kind in kinds() {
        for uri in [
            "/relative/path",
            "ftp://127.0.0.1/file",
            "mailto:someone@example.com",
        ] {
            let err = send(&rt, kind, options(), get(uri)).unwrap_err();
            assert!(
                matches!(err, TransportError::InvalidRequest(_)),
                "{kind:?} {uri}: {err:?}"
            );
        }
        // These transports speak HTTP/1.1 and 1.0 only.
        for version in [Version::HTTP_09, Version::HTTP_2, Version::HTTP_3] {
            let mut other = get(&server.uri());
            *other.version_mut() = version;
            let err = send(&rt, kind, options(), other).unwrap_err();
            assert!(
                matches!(err, TransportError::InvalidRequest(_)),
                "{kind:?} {version:?}: {err:?}"
            );
        }
        // An HTTP/1.0 request is fine.
        let mut h10 = get(&server.uri());
        *h10.version_mut() = Version::HTTP_10;
        assert_eq!(
            send(&rt, kind, options(), h10).expect("response").status(),
            StatusCode::OK
        );
    }
}

// ---------------------------------------------------------------------------
// Use from async code
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transports_work_from_async_code() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("hi"))
        .mount(&server)
        .await;
    let url = server.uri();

    // The asynchronous transport's future can move between threads.
    let transport = AsyncTransport::new(options()).expect("transport");
    let task = tokio::spawn({
        let url = url.clone();
        async move { transport.send(get(&url)).await }
    });
    assert_eq!(task.await.expect("task").expect("response").body(), b"hi");

    // The blocking one runs on a blocking-pool thread.
    #[cfg(feature = "blocking")]
    {
        let response =
            tokio::task::spawn_blocking(move || BlockingTransport::new(options())?.send(get(&url)))
                .await
                .expect("blocking task")
                .expect("response");
        assert_eq!(response.body(), b"hi");
    }
}

/// A server that sends its headers, then one byte of the body every 200 ms: the total
/// timeout bounds reading the body too, on the blocking transport as on the async one.
#[cfg(feature = "blocking")]
#[test]
fn the_total_timeout_covers_a_body_that_drips() {
    let (addr, _) = raw_server(|mut stream| {
        let _ = read_head(&mut stream);
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
        for _ in 0..1000 {
            if stream.write_all(b"x").is_err() {
                return;
            }
            thread::sleep(Duration::from_millis(200));
        }
    });
    let options = Options::new()
        .timeout(Duration::from_millis(1_000))
        .proxy_from_env(false);
    let transport = BlockingTransport::new(options).expect("transport");
    let request = http::Request::get(format!("http://{addr}/"))
        .body(Vec::new())
        .unwrap();
    let started = std::time::Instant::now();
    let err = transport
        .send(request)
        .expect_err("the body never ends in time");
    let took = started.elapsed();
    assert_eq!(err, TransportError::Timeout);
    // One second of timeout, and at most one more dripped byte to notice it.
    assert!(took < Duration::from_millis(2_500), "took {took:?}");
}
