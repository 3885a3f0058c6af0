//! SAMA's websocket step, through the generated `Socket` and `Session::connect_socket`,
//! against a real websocket server on 127.0.0.1 that records every frame it receives.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use loginspec_generated::runtime::ws::{WsError, WsOptions};
use loginspec_generated::runtime::{BaseUrl, FromHttp, UnixMillis};
use loginspec_generated::sama::{self, Socket};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

/// What the scripted server does after each request frame it receives.
#[derive(Clone)]
enum Reply {
    /// Sends these frames (text); `{id}` is replaced by the request's id.
    Frames(Vec<String>),
    /// Closes with this code and reason.
    Close(u16, &'static str),
    /// Says nothing.
    Silence,
}

/// Starts a websocket server that answers the n-th request with `script[n]`; returns
/// its `ws://` URL and the frames it received.
async fn server(script: Vec<Reply>) -> (String, mpsc::UnboundedReceiver<Value>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("ws://{}/socket", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let mut ws = tokio_tungstenite::accept_async(tcp).await.unwrap();
        for reply in script {
            let frame = loop {
                match ws.next().await {
                    Some(Ok(Message::Text(text))) => break text.to_string(),
                    Some(Ok(_)) => continue,
                    _ => return,
                }
            };
            let value: Value = serde_json::from_str(&frame).unwrap();
            let id = value["request"]["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let _ = tx.send(value);
            match reply {
                Reply::Frames(frames) => {
                    for f in frames {
                        ws.send(Message::text(f.replace("{id}", &id)))
                            .await
                            .unwrap();
                    }
                }
                Reply::Close(code, reason) => {
                    let frame = CloseFrame {
                        code: CloseCode::from(code),
                        reason: reason.into(),
                    };
                    let _ = ws.close(Some(frame)).await;
                    return;
                }
                Reply::Silence => {}
            }
        }
        // Keep the connection open until the client is done.
        while let Some(Ok(_)) = ws.next().await {}
    });
    (url, rx)
}

fn session() -> sama::Session {
    let body = json!({
        "user": {"_id": "63480e68f4794709f802a2fa", "login": "login_u1",
                 "created_at": "2022-10-13T13:11:04.447Z", "updated_at": "2022-10-13T13:11:04.447Z"},
        "access_token": "the-access-token",
        "expired_at": 4102444800000_i64
    });
    let response = http::Response::builder()
        .status(200)
        .body(serde_json::to_vec(&body).unwrap())
        .unwrap();
    let login = sama::LoginResponse::from_http(&response).unwrap();
    assert_eq!(login.body.expired_at, UnixMillis(4102444800000));
    sama::Session::new(login, &BaseUrl::parse("https://api.sama.example").unwrap()).unwrap()
}

fn options() -> WsOptions {
    WsOptions::new().answer_timeout(Duration::from_millis(300))
}

const OK: &str = r#"{"response":{"id":"{id}","success":true}}"#;

#[tokio::test]
async fn connect_sends_the_documented_frame_with_the_session_token() {
    let (url, mut received) = server(vec![Reply::Frames(vec![OK.into()])]).await;
    let (socket, answer) = session()
        .connect_socket(&url, "device_u1", options())
        .await
        .unwrap();
    assert!(answer.success);
    let frame = received.recv().await.unwrap();
    let id = frame["request"]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        frame,
        json!({"request": {"connect": {"token": "the-access-token", "device_id": "device_u1"}, "id": id}})
    );
    assert!(!format!("{socket:?}").contains("the-access-token"));
    socket.close().await.unwrap();
}

#[tokio::test]
async fn unrelated_frames_are_kept_and_the_matching_answer_is_returned() {
    let frames = vec![
        r#"{"event":{"message":"hello"}}"#.to_owned(),
        r#"{"presence":"online"}"#.to_owned(),
        OK.to_owned(),
    ];
    let (url, _) = server(vec![Reply::Frames(frames)]).await;
    let (mut socket, answer) = session()
        .connect_socket(&url, "device_u1", options())
        .await
        .unwrap();
    assert!(answer.success);
    let events = socket.take_events();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["event"]["message"], "hello");
}

#[tokio::test]
async fn failures_are_typed() {
    type Expect = fn(&WsError) -> bool;
    let cases: Vec<(Reply, Expect)> = vec![
        (
            Reply::Frames(vec![r#"{"response":{"id":"{id}","success":false}}"#.into()]),
            |e| matches!(e, WsError::Rejected { message: "connect" }),
        ),
        (
            Reply::Close(4001, "token expired"),
            |e| matches!(e, WsError::Closed { code: Some(4001), reason } if reason == "token expired"),
        ),
        (Reply::Silence, |e| matches!(e, WsError::Timeout)),
        (Reply::Frames(vec!["not json".into()]), |e| {
            matches!(e, WsError::Malformed { .. })
        }),
        (
            Reply::Frames(vec![
                r#"{"response":{"id":"someone-else","success":true}}"#.into(),
            ]),
            |e| matches!(e, WsError::UnknownId(id) if id == "someone-else"),
        ),
        (
            Reply::Frames(vec![r#"{"response":{"id":"{id}","success":"yes"}}"#.into()]),
            |e| matches!(e, WsError::Decode { path, .. } if path == "success"),
        ),
    ];
    for (reply, expected) in cases {
        let (url, _) = server(vec![reply]).await;
        match session().connect_socket(&url, "device_u1", options()).await {
            Err(e) => assert!(expected(&e), "unexpected error: {e:?}"),
            Ok(_) => panic!("expected a failure"),
        }
    }
}

#[tokio::test]
async fn the_deprecated_user_login_is_typed_too() {
    let answer = r#"{"response":{"id":"{id}","user":{"_id":"1","login":"user_1","created_at":"2022-10-13T13:11:04.447Z","updated_at":"2022-10-13T13:11:04.447Z"},"token":"ws-token"}}"#;
    let (url, mut received) = server(vec![Reply::Frames(vec![answer.into()])]).await;
    let mut socket = Socket::open(&url, options()).await.unwrap();
    #[allow(deprecated)]
    let answer = socket
        .user_login(sama::UserLoginMessageTokenRequest::new("earlier-token"))
        .await
        .unwrap();
    assert_eq!(answer.user.login, "user_1");
    assert_eq!(answer.token.expose(), "ws-token");
    let frame = received.recv().await.unwrap();
    assert_eq!(
        frame["request"]["user_login"],
        json!({"token": "earlier-token"})
    );
}
