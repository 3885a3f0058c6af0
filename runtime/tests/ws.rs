//! Tests of the websocket runtime against real websocket servers on
//! 127.0.0.1, each a small scripted task built on tokio-tungstenite's
//! server side.

use std::future::Future;
use std::time::{Duration, Instant};

mod common;

use common::{Pki, make_pki, server_config};
use futures_util::{SinkExt as _, StreamExt as _};
use loginspec_runtime::ws::{Envelope, Socket, WsError, WsOptions, decode_answer};
use loginspec_runtime::{self as runtime, BuildError, Secret};
use serde_json::{Map, Value, json};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{WebSocketStream, accept_async};

/// A message request shaped like a generated one: a token and a device, encoded as a
/// `connect` frame.
#[derive(serde::Serialize)]
struct ConnectMessageRequest {
    token: Secret,
    device_id: String,
}

impl ConnectMessageRequest {
    fn new(token: &str, device_id: &str) -> Self {
        Self {
            token: Secret::new(token),
            device_id: device_id.to_owned(),
        }
    }

    fn to_frame(&self, id: &str) -> Result<String, BuildError> {
        runtime::request_frame("request", "connect", "id", id, self)
    }
}

/// The answer to `connect`, shaped like a generated response.
#[derive(Debug, PartialEq, serde::Deserialize)]
struct ConnectMessageResponse {
    success: bool,
}

const ENVELOPE: Envelope = Envelope {
    request: "request",
    response: "response",
    id: "id",
};

// ---------------------------------------------------------------------------
// Scripted servers
// ---------------------------------------------------------------------------

/// Binds a listener on 127.0.0.1 and runs `script` on the first websocket
/// connection it accepts. Returns the `ws://` URL and the script's task.
async fn serve<F, Fut, T>(script: F) -> (String, JoinHandle<T>)
where
    F: FnOnce(WebSocketStream<tokio::net::TcpStream>) -> Fut + Send + 'static,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    let task = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.expect("accept");
        let ws = accept_async(tcp).await.expect("websocket handshake");
        script(ws).await
    });
    (format!("ws://127.0.0.1:{port}/socket"), task)
}

/// Reads the next text frame, skipping pings and pongs.
async fn recv_text<S: AsyncRead + AsyncWrite + Unpin>(ws: &mut WebSocketStream<S>) -> String {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(text))) => return text.as_str().to_owned(),
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
            other => panic!("expected a text frame, got {other:?}"),
        }
    }
}

/// Reads the next text frame as JSON.
async fn recv_json<S: AsyncRead + AsyncWrite + Unpin>(ws: &mut WebSocketStream<S>) -> Value {
    serde_json::from_str(&recv_text(ws).await).expect("the client sent JSON")
}

/// Sends `value` as a text frame.
async fn send_json<S: AsyncRead + AsyncWrite + Unpin>(ws: &mut WebSocketStream<S>, value: Value) {
    ws.send(Message::Text(value.to_string().into()))
        .await
        .expect("server send");
}

/// Reads until the client goes away and returns every message seen.
async fn drain<S: AsyncRead + AsyncWrite + Unpin>(ws: &mut WebSocketStream<S>) -> Vec<Message> {
    let mut seen = Vec::new();
    while let Some(Ok(message)) = ws.next().await {
        seen.push(message);
    }
    seen
}

/// The id of a request frame the client sent.
fn id_of(frame: &Value) -> String {
    frame["request"]["id"]
        .as_str()
        .expect("request id is a string")
        .to_owned()
}

/// An answer frame for `id` with extra fields.
fn answer(id: &str, fields: Value) -> Value {
    let mut inner = fields.as_object().cloned().unwrap_or_default();
    inner.insert("id".to_owned(), Value::String(id.to_owned()));
    json!({ "response": inner })
}

/// A frame builder like the generated `to_frame`, for message `message`.
fn frame(message: &'static str, body: Value) -> impl FnOnce(&str) -> Result<String, BuildError> {
    move |id| runtime::request_frame("request", message, "id", id, &body)
}

fn object(value: Value) -> Map<String, Value> {
    value.as_object().cloned().expect("an object")
}

async fn open(url: &str) -> Socket {
    Socket::open(url, ENVELOPE, WsOptions::default())
        .await
        .expect("open")
}

// ---------------------------------------------------------------------------
// Requests and answers
// ---------------------------------------------------------------------------

#[tokio::test]
async fn connect_frame_is_sent_exactly_and_answered() {
    let (url, server) = serve(|mut ws| async move {
        let received = recv_json(&mut ws).await;
        let id = id_of(&received);
        send_json(&mut ws, answer(&id, json!({"success": true}))).await;
        (received, drain(&mut ws).await)
    })
    .await;

    let mut socket = open(&url).await;
    let request = ConnectMessageRequest::new("t0k3n-s3cret", "device-1");
    let id = socket.send(|id| request.to_frame(id)).await.expect("send");
    assert_eq!(id, "1");
    let debug = format!("{socket:?}");
    assert!(!debug.contains("t0k3n-s3cret"), "{debug}");
    assert!(!debug.contains("/socket"), "{debug}");

    let answer = socket.wait(&id).await.expect("answer");
    assert_eq!(answer, object(json!({"success": true})));
    let response: ConnectMessageResponse = decode_answer("connect", answer).expect("decode");
    assert!(response.success);
    assert!(socket.take_events().is_empty());
    socket.close().await.expect("close");

    let (received, after) = server.await.expect("server");
    assert_eq!(
        received,
        json!({"request": {"connect": {"token": "t0k3n-s3cret", "device_id": "device-1"}, "id": "1"}})
    );
    assert!(
        matches!(
            after.as_slice(),
            [Message::Close(Some(CloseFrame {
                code: CloseCode::Normal,
                ..
            }))]
        ),
        "{after:?}"
    );
}

#[tokio::test]
async fn request_sends_and_waits_with_unbounded_timeouts() {
    let (url, server) = serve(|mut ws| async move {
        let mut received = Vec::new();
        for _ in 0..2 {
            let frame = recv_json(&mut ws).await;
            let id = id_of(&frame);
            send_json(&mut ws, answer(&id, json!({"success": true, "n": id}))).await;
            received.push(frame);
        }
        received
    })
    .await;

    let options = WsOptions::new()
        .connect_timeout(Duration::MAX)
        .answer_timeout(Duration::MAX);
    let mut socket = Socket::open(&url, ENVELOPE, options).await.expect("open");
    let first = socket
        .request(frame("ping", json!({"a": 1})))
        .await
        .expect("first");
    let second = socket
        .request(frame("ping", json!({"a": 2})))
        .await
        .expect("second");
    assert_eq!(first, object(json!({"success": true, "n": "1"})));
    assert_eq!(second, object(json!({"success": true, "n": "2"})));

    let received = server.await.expect("server");
    assert_eq!(
        received,
        vec![
            json!({"request": {"ping": {"a": 1}, "id": "1"}}),
            json!({"request": {"ping": {"a": 2}, "id": "2"}}),
        ]
    );
}

#[tokio::test]
async fn answers_out_of_order() {
    let (url, server) = serve(|mut ws| async move {
        let one = id_of(&recv_json(&mut ws).await);
        let two = id_of(&recv_json(&mut ws).await);
        send_json(&mut ws, answer(&two, json!({"which": "second"}))).await;
        send_json(&mut ws, answer(&one, json!({"which": "first"}))).await;
        (one, two)
    })
    .await;

    let mut socket = open(&url).await;
    let one = socket.send(frame("a", json!({}))).await.expect("send 1");
    let two = socket.send(frame("b", json!({}))).await.expect("send 2");
    assert_eq!((one.as_str(), two.as_str()), ("1", "2"));
    let first = socket.wait(&one).await.expect("answer 1");
    let second = socket.wait(&two).await.expect("answer 2");
    assert_eq!(first, object(json!({"which": "first"})));
    assert_eq!(second, object(json!({"which": "second"})));
    // Each answer is handed out once.
    assert!(matches!(socket.wait(&one).await, Err(WsError::UnknownId(id)) if id == "1"));

    assert_eq!(
        server.await.expect("server"),
        ("1".to_owned(), "2".to_owned())
    );
}

#[tokio::test]
async fn events_between_answers_are_queued() {
    let (url, server) = serve(|mut ws| async move {
        let one = id_of(&recv_json(&mut ws).await);
        send_json(&mut ws, json!({"event": {"kind": "hello"}})).await;
        send_json(&mut ws, json!({"event": {"kind": "typing"}})).await;
        send_json(&mut ws, answer(&one, json!({"success": true}))).await;
        send_json(&mut ws, json!({"event": {"kind": "late"}})).await;
        let two = id_of(&recv_json(&mut ws).await);
        send_json(&mut ws, answer(&two, json!({"success": true}))).await;
    })
    .await;

    let mut socket = open(&url).await;
    socket.request(frame("a", json!({}))).await.expect("first");
    assert_eq!(
        socket.take_events(),
        vec![
            json!({"event": {"kind": "hello"}}),
            json!({"event": {"kind": "typing"}})
        ]
    );
    assert!(socket.take_events().is_empty());
    socket.request(frame("b", json!({}))).await.expect("second");
    assert_eq!(
        socket.take_events(),
        vec![json!({"event": {"kind": "late"}})]
    );
    server.await.expect("server");
}

#[tokio::test]
async fn pings_are_answered_and_ignored() {
    let (url, server) = serve(|mut ws| async move {
        let id = id_of(&recv_json(&mut ws).await);
        ws.send(Message::Ping(b"are you there".to_vec().into()))
            .await
            .expect("ping");
        send_json(&mut ws, answer(&id, json!({"success": true}))).await;
        drain(&mut ws).await
    })
    .await;

    let mut socket = open(&url).await;
    let answer = socket.request(frame("a", json!({}))).await.expect("answer");
    assert_eq!(answer, object(json!({"success": true})));
    assert!(socket.take_events().is_empty());
    socket.close().await.expect("close");

    let seen = server.await.expect("server");
    assert_eq!(
        seen.first(),
        Some(&Message::Pong(b"are you there".to_vec().into())),
        "{seen:?}"
    );
}

// ---------------------------------------------------------------------------
// Bad answers
// ---------------------------------------------------------------------------

#[tokio::test]
async fn unknown_ids() {
    let (url, server) = serve(|mut ws| async move {
        let id = id_of(&recv_json(&mut ws).await);
        send_json(&mut ws, answer("42", json!({"success": true}))).await;
        send_json(&mut ws, answer(&id, json!({"success": true}))).await;
        // A second answer for the same id is not awaited any more.
        send_json(&mut ws, answer(&id, json!({"success": false}))).await;
        let two = id_of(&recv_json(&mut ws).await);
        send_json(&mut ws, answer(&two, json!({}))).await;
    })
    .await;

    let mut socket = open(&url).await;
    // An id that was never sent fails at once.
    assert!(matches!(socket.wait("7").await, Err(WsError::UnknownId(id)) if id == "7"));

    let id = socket.send(frame("a", json!({}))).await.expect("send");
    let err = socket.wait(&id).await.expect_err("unknown id");
    assert!(
        matches!(&err, WsError::UnknownId(id) if id == "42"),
        "{err:?}"
    );
    assert!(err.to_string().contains("\"42\""), "{err}");
    // The socket and the awaited id survive.
    assert_eq!(
        socket.wait(&id).await.expect("answer"),
        object(json!({"success": true}))
    );
    let two = socket.send(frame("b", json!({}))).await.expect("send 2");
    assert!(matches!(socket.wait(&two).await, Err(WsError::UnknownId(id)) if id == "1"));
    assert_eq!(socket.wait(&two).await.expect("answer 2"), Map::new());
    server.await.expect("server");
}

#[tokio::test]
async fn malformed_frames_are_reported_and_skipped() {
    let deep = "[".repeat(5000);
    let frames: Vec<Message> = vec![
        Message::Text("not json at all\u{1b}[31m".into()),
        Message::Text("[1, 2]".into()),
        Message::Text(r#"{"response": "nope"}"#.into()),
        Message::Text(r#"{"response": {"success": true}}"#.into()),
        Message::Text(r#"{"response": {"id": 1, "success": true}}"#.into()),
        Message::Text(deep.clone().into()),
        Message::Binary(vec![0xff, 0x00, b'x'].into()),
    ];
    let count = frames.len();
    let (url, server) = serve(move |mut ws| async move {
        let id = id_of(&recv_json(&mut ws).await);
        for frame in frames {
            ws.send(frame).await.expect("server send");
        }
        send_json(&mut ws, answer(&id, json!({"success": true}))).await;
    })
    .await;

    let mut socket = open(&url).await;
    let id = socket.send(frame("a", json!({}))).await.expect("send");
    let mut errors = Vec::new();
    let answer = loop {
        match socket.wait(&id).await {
            Ok(answer) => break answer,
            Err(WsError::Malformed { message, excerpt }) => errors.push((message, excerpt)),
            Err(other) => panic!("unexpected {other:?}"),
        }
    };
    assert_eq!(answer, object(json!({"success": true})));
    assert_eq!(errors.len(), count, "{errors:?}");

    let (message, excerpt) = &errors[0];
    assert!(message.contains("not JSON"), "{message}");
    assert_eq!(excerpt.as_str(), "not json at all\u{1b}[31m");
    // Display escapes control characters.
    let shown = WsError::Malformed {
        message: message.clone(),
        excerpt: excerpt.clone(),
    }
    .to_string();
    assert!(shown.contains("\\u{1b}[31m"), "{shown}");
    assert!(errors[1].0.contains("not a JSON object"), "{:?}", errors[1]);
    assert!(
        errors[2].0.contains("`response` is not a JSON object"),
        "{:?}",
        errors[2]
    );
    assert!(errors[3].0.contains("has no `id`"), "{:?}", errors[3]);
    assert!(errors[4].0.contains("not a string"), "{:?}", errors[4]);
    assert!(errors[5].0.contains("not JSON"), "{:?}", errors[5]);
    assert!(errors[5].1.is_truncated());
    assert!(errors[6].0.contains("binary"), "{:?}", errors[6]);
    assert_eq!(errors[6].1.as_str(), "\u{fffd}\0x");
    assert!(socket.take_events().is_empty());
    server.await.expect("server");
}

#[tokio::test]
async fn oversized_frame_is_refused() {
    let (url, server) = serve(|mut ws| async move {
        let id = id_of(&recv_json(&mut ws).await);
        send_json(&mut ws, json!({"event": "small"})).await;
        let big = answer(&id, json!({"padding": "x".repeat(200)}));
        send_json(&mut ws, big).await;
        drain(&mut ws).await
    })
    .await;

    let options = WsOptions::default().max_frame_bytes(64);
    let mut socket = Socket::open(&url, ENVELOPE, options).await.expect("open");
    let id = socket.send(frame("a", json!({}))).await.expect("send");
    let err = socket.wait(&id).await.expect_err("too large");
    let WsError::Malformed { message, excerpt } = &err else {
        panic!("expected Malformed, got {err:?}");
    };
    assert!(message.contains("limit of 64 bytes"), "{message}");
    assert_eq!(excerpt.total_len(), 0);
    assert_eq!(socket.take_events(), vec![json!({"event": "small"})]);
    // The connection is gone after that.
    assert!(matches!(
        socket.wait(&id).await,
        Err(WsError::Closed { code: None, .. })
    ));
    drop(socket);
    server.await.expect("server");
}

// ---------------------------------------------------------------------------
// Closing, dropping, timing out
// ---------------------------------------------------------------------------

#[tokio::test]
async fn server_close_frame_ends_the_socket() {
    let (url, server) = serve(|mut ws| async move {
        recv_json(&mut ws).await;
        ws.close(Some(CloseFrame {
            code: CloseCode::Away,
            reason: "going home".into(),
        }))
        .await
        .expect("server close");
        drain(&mut ws).await
    })
    .await;

    let mut socket = open(&url).await;
    let id = socket.send(frame("a", json!({}))).await.expect("send");
    let err = socket.wait(&id).await.expect_err("closed");
    assert!(
        matches!(&err, WsError::Closed { code: Some(1001), reason } if reason == "going home"),
        "{err:?}"
    );
    assert!(err.to_string().contains("1001"), "{err}");
    // Later calls report the same close.
    assert!(matches!(
        socket.wait(&id).await,
        Err(WsError::Closed {
            code: Some(1001),
            ..
        })
    ));
    assert!(matches!(
        socket.send(frame("b", json!({}))).await,
        Err(WsError::Closed {
            code: Some(1001),
            ..
        })
    ));
    socket.close().await.expect("close after the server closed");
    server.await.expect("server");
}

#[tokio::test]
async fn tcp_drop_without_close_frame() {
    let (url, server) = serve(|mut ws| async move {
        recv_json(&mut ws).await;
        // Dropping the stream closes the TCP connection without a close frame.
        drop(ws);
    })
    .await;

    let mut socket = open(&url).await;
    let id = socket.send(frame("a", json!({}))).await.expect("send");
    let err = socket.wait(&id).await.expect_err("dropped");
    assert!(
        matches!(&err, WsError::Closed { code: None, reason } if reason.is_empty()),
        "{err:?}"
    );
    server.await.expect("server");
    socket.close().await.expect("close after a drop");
}

#[tokio::test]
async fn slow_server_times_out_and_late_answer_is_kept() {
    let (url, server) = serve(|mut ws| async move {
        let one = id_of(&recv_json(&mut ws).await);
        // Stay silent until the client, having timed out, sends again.
        let two = id_of(&recv_json(&mut ws).await);
        send_json(&mut ws, answer(&one, json!({"n": 1}))).await;
        send_json(&mut ws, answer(&two, json!({"n": 2}))).await;
    })
    .await;

    let options = WsOptions::default().answer_timeout(Duration::from_millis(200));
    let mut socket = Socket::open(&url, ENVELOPE, options).await.expect("open");
    let one = socket.send(frame("a", json!({}))).await.expect("send 1");
    let started = Instant::now();
    assert!(matches!(socket.wait(&one).await, Err(WsError::Timeout)));
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(200), "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");

    let two = socket.send(frame("b", json!({}))).await.expect("send 2");
    assert_eq!(
        socket.wait(&two).await.expect("answer 2"),
        object(json!({"n": 2}))
    );
    assert_eq!(
        socket.wait(&one).await.expect("late answer 1"),
        object(json!({"n": 1}))
    );
    server.await.expect("server");
}

#[tokio::test]
async fn connect_timeout_when_the_handshake_never_comes() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.expect("accept");
        // Hold the connection open without answering.
        tokio::time::sleep(Duration::from_secs(2)).await;
        drop(tcp);
    });
    let options = WsOptions::default().connect_timeout(Duration::from_millis(200));
    let started = Instant::now();
    let result = Socket::open(&format!("ws://127.0.0.1:{port}/"), ENVELOPE, options).await;
    assert!(matches!(result, Err(WsError::Timeout)), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    server.abort();
}

// ---------------------------------------------------------------------------
// Opening
// ---------------------------------------------------------------------------

#[tokio::test]
async fn plain_ws_to_a_public_host_is_refused() {
    for url in [
        "ws://example.com/socket",
        "ws://10.1.2.3/",
        "http://127.0.0.1/",
        "wss://user@example.com/",
        "not a url",
    ] {
        let result = Socket::open(url, ENVELOPE, WsOptions::default()).await;
        assert!(
            matches!(result, Err(WsError::InvalidUrl(_))),
            "{url}: {result:?}"
        );
    }
    let Err(err) = Socket::open(
        "ws://example.com/?token=s3cret",
        ENVELOPE,
        WsOptions::default(),
    )
    .await
    else {
        panic!("must be refused");
    };
    assert!(!err.to_string().contains("s3cret"), "{err}");
}

#[tokio::test]
async fn refused_connection_and_refused_upgrade() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    drop(listener);
    let result = Socket::open(
        &format!("ws://127.0.0.1:{port}/"),
        ENVELOPE,
        WsOptions::default(),
    )
    .await;
    assert!(matches!(result, Err(WsError::Connect(_))), "{result:?}");

    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.expect("accept");
        // The callback's error type is tungstenite's, large or not.
        #[allow(clippy::result_large_err)]
        let refuse = |_: &tungstenite::handshake::server::Request,
                      _: tungstenite::handshake::server::Response| {
            let mut response =
                tungstenite::handshake::server::ErrorResponse::new(Some("go away".to_owned()));
            *response.status_mut() = tungstenite::http::StatusCode::FORBIDDEN;
            Err(response)
        };
        let _ = tokio_tungstenite::accept_hdr_async(tcp, refuse).await;
    });
    let result = Socket::open(
        &format!("ws://localhost:{port}/"),
        ENVELOPE,
        WsOptions::default(),
    )
    .await;
    match result {
        Err(WsError::Connect(message)) => assert!(message.contains("403"), "{message}"),
        other => panic!("expected Connect, got {other:?}"),
    }
    server.await.expect("server");
}

#[tokio::test]
async fn build_errors_send_nothing() {
    let (url, server) = serve(|mut ws| async move { recv_json(&mut ws).await }).await;
    let mut socket = open(&url).await;
    let result = socket
        .send(|_| Err(BuildError::Body("no body".to_owned())))
        .await;
    assert!(
        matches!(&result, Err(WsError::Build(BuildError::Body(m))) if m == "no body"),
        "{result:?}"
    );
    let id = socket.send(frame("a", json!({}))).await.expect("send");
    assert_eq!(
        server.await.expect("server"),
        json!({"request": {"a": {}, "id": id}})
    );
}

// ---------------------------------------------------------------------------
// Decoding answers
// ---------------------------------------------------------------------------

#[derive(Debug, serde::Deserialize)]
struct Nested {
    #[allow(dead_code)]
    user: User,
}

#[derive(Debug, serde::Deserialize)]
struct User {
    #[allow(dead_code)]
    name: String,
}

#[test]
fn decode_answer_success_and_failures() {
    let ok: ConnectMessageResponse =
        decode_answer("connect", object(json!({"success": true}))).expect("decode");
    assert_eq!(ok, ConnectMessageResponse { success: true });

    let err = decode_answer::<ConnectMessageResponse>(
        "connect",
        object(json!({"success": "yes-s3cret"})),
    )
    .expect_err("wrong type");
    let WsError::Decode {
        message,
        path,
        detail,
    } = &err
    else {
        panic!("expected Decode, got {err:?}");
    };
    assert_eq!((*message, path.as_str()), ("connect", "success"));
    assert!(detail.contains("expected a boolean"), "{detail}");
    assert!(!detail.contains("s3cret"), "{detail}");
    assert!(!err.to_string().contains("s3cret"), "{err}");
    assert!(err.to_string().contains("`success`"), "{err}");

    let err = decode_answer::<ConnectMessageResponse>("connect", Map::new()).expect_err("missing");
    assert!(
        matches!(&err, WsError::Decode { path, detail, .. }
            if path.is_empty() && detail == "missing field `success`"),
        "{err:?}"
    );

    let err = decode_answer::<Nested>("user_login", object(json!({"user": {"name": 5}})))
        .expect_err("nested");
    assert!(
        matches!(&err, WsError::Decode { path, .. } if path == "user.name"),
        "{err:?}"
    );
}

#[test]
fn rejected_and_build_errors_display() {
    let err = WsError::Rejected { message: "connect" };
    assert_eq!(err.to_string(), "the server rejected the `connect` request");
    let err = WsError::from(BuildError::Body("bad".to_owned()));
    assert!(std::error::Error::source(&err).is_some());
}

// ---------------------------------------------------------------------------
// TLS
// ---------------------------------------------------------------------------

/// A TLS websocket server on 127.0.0.1 that answers each request with
/// `success: true` and reports the frames it received. Returns its port.
async fn tls_server(pki: &Pki) -> (u16, JoinHandle<Result<Vec<Value>, String>>) {
    let acceptor = tokio_rustls::TlsAcceptor::from(server_config(pki));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    let task = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.map_err(|e| e.to_string())?;
        let tls = acceptor.accept(tcp).await.map_err(|e| e.to_string())?;
        let mut ws = accept_async(tls).await.map_err(|e| e.to_string())?;
        let mut received = Vec::new();
        while let Some(Ok(Message::Text(text))) = ws.next().await {
            let frame: Value = serde_json::from_str(text.as_str()).map_err(|e| e.to_string())?;
            let id = id_of(&frame);
            send_json(&mut ws, answer(&id, json!({"success": true}))).await;
            received.push(frame);
        }
        Ok(received)
    });
    (port, task)
}

#[tokio::test]
async fn wss_with_a_test_root_certificate() {
    let pki = make_pki("loginspec websocket test CA", "localhost");
    let (port, server) = tls_server(&pki).await;
    let options = WsOptions::default()
        .add_root_certificate_pem(pki.ca_pem.as_bytes())
        .expect("root");
    let mut socket = Socket::open(&format!("wss://localhost:{port}/socket"), ENVELOPE, options)
        .await
        .expect("open over TLS");
    let request = ConnectMessageRequest::new("tls-token", "device-9");
    let answer = socket
        .request(|id| request.to_frame(id))
        .await
        .expect("answer");
    let response: ConnectMessageResponse = decode_answer("connect", answer).expect("decode");
    assert!(response.success);
    socket.close().await.expect("close");
    assert_eq!(
        server.await.expect("server task").expect("server"),
        vec![
            json!({"request": {"connect": {"token": "tls-token", "device_id": "device-9"}, "id": "1"}})
        ]
    );
}

#[tokio::test]
async fn wss_without_the_root_is_a_tls_error() {
    let pki = make_pki("loginspec websocket test CA", "localhost");
    let (port, server) = tls_server(&pki).await;
    let result = Socket::open(
        &format!("wss://localhost:{port}/socket"),
        ENVELOPE,
        WsOptions::default(),
    )
    .await;
    assert!(matches!(result, Err(WsError::Tls(_))), "{result:?}");
    assert!(server.await.expect("server task").is_err());

    for bad in [
        &b"not a certificate"[..],
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    ] {
        let result = WsOptions::default().add_root_certificate_pem(bad);
        assert!(matches!(result, Err(WsError::Tls(_))), "{result:?}");
    }
}

#[test]
fn socket_and_its_futures_are_send() {
    fn is_send<T: Send>(_: &T) {}
    let open = Socket::open("ws://127.0.0.1:1/", ENVELOPE, WsOptions::default());
    is_send(&open);
    drop(open);
    fn socket_is_send<T: Send + std::fmt::Debug>() {}
    socket_is_send::<Socket>();
    fn uses(socket: &mut Socket) {
        is_send(&socket.wait("1"));
        is_send(&socket.request(frame("a", json!({}))));
    }
    let _ = uses;
}
