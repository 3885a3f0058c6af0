//! Local simulators of the three documented services, on 127.0.0.1.
//!
//! Each serves the documented login endpoint and answers as the document says: the
//! documented success body, and the documented failures (Social ID's statuses and 403
//! codes, Blink's client verification). They exist so the command-line program can show
//! the generated clients logging in without touching the real services; the end-to-end
//! tests assert exact requests with their own servers.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

/// The account every simulator knows.
pub mod accounts {
    /// Blink: the account e-mail.
    pub const BLINK_EMAIL: &str = "demo@example.com";
    /// Blink: the account password.
    pub const BLINK_PASSWORD: &str = "blink-demo-password";
    /// Blink: the `unique_id` of a client that is already verified.
    pub const BLINK_VERIFIED_CLIENT: &str = "6a3c2b4e-55b1-4c1e-9d0e-1f2a3b4c5d6e";
    /// SAMA: organization, login, password.
    pub const SAMA_ORGANIZATION: &str = "680a2fae96cc69d78861f101";
    /// SAMA: the user's login.
    pub const SAMA_LOGIN: &str = "login_u1";
    /// SAMA: the user's password.
    pub const SAMA_PASSWORD: &str = "u1_password";
    /// Social ID: the Login App id.
    pub const SOCIALID_APP_ID: &str = "138";
    /// Social ID: the Login App secret.
    pub const SOCIALID_APP_SECRET: &str = "sim-app-secret";
    /// Social ID: a user that can log in.
    pub const SOCIALID_USERNAME: &str = "john_doe";
    /// Social ID: that user's e-mail.
    pub const SOCIALID_EMAIL: &str = "john_doe@domain.com";
    /// Social ID: that user's password.
    pub const SOCIALID_PASSWORD: &str = "john_doe_secret";
    /// Social ID: a user that is locked.
    pub const SOCIALID_LOCKED: &str = "locked_user";
}

use accounts::*;

/// A running simulator; it stops when dropped.
pub struct Simulator {
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Simulator {
    /// The `http://127.0.0.1:PORT` base URL of an HTTP simulator.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The `ws://127.0.0.1:PORT/` URL of a websocket simulator.
    pub fn ws_url(&self) -> String {
        format!("ws://{}/", self.addr)
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Which service to simulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// Blink `POST /api/v5/account/login`.
    Blink,
    /// SAMA `POST /login`.
    Sama,
    /// Social ID `POST /v1/marketing/login/users/login`.
    SocialId,
}

#[derive(Default)]
struct Counter(AtomicU64);

impl Counter {
    fn token(&self, prefix: &str) -> String {
        format!("{prefix}-{}", self.0.fetch_add(1, Ordering::Relaxed) + 1)
    }
}

/// Starts a simulator on an ephemeral port of 127.0.0.1.
///
/// # Errors
/// The port cannot be bound.
pub async fn start(service: Service) -> std::io::Result<Simulator> {
    let state = Arc::new(Counter::default());
    let router = match service {
        Service::Blink => Router::new().route("/api/v5/account/login", post(blink_login)),
        Service::Sama => Router::new().route("/login", post(sama_login)),
        Service::SocialId => {
            Router::new().route("/v1/marketing/login/users/login", post(socialid_login))
        }
    }
    .with_state(state);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
    let addr = listener.local_addr()?;
    let task = tokio::spawn(async move {
        // A failing simulator ends its task; the client then sees a connection error.
        let _ = axum::serve(listener, router).await;
    });
    Ok(Simulator { addr, task })
}

fn json_body(headers: &HeaderMap, body: &Bytes) -> Option<Value> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_json {
        return None;
    }
    serde_json::from_slice(body).ok()
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key)?.as_str().map(str::to_owned)
}

async fn blink_login(
    State(counter): State<Arc<Counter>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(body) = json_body(&headers, &body) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    if text(&body, "email").as_deref() != Some(BLINK_EMAIL)
        || text(&body, "password").as_deref() != Some(BLINK_PASSWORD)
    {
        // The document lists no error status; an unknown account gets a 401.
        return (StatusCode::UNAUTHORIZED, "Invalid credentials").into_response();
    }
    // A client is verified when it sends the known unique_id with reauth: true.
    let verified = text(&body, "unique_id").as_deref() == Some(BLINK_VERIFIED_CLIENT)
        && body.get("reauth") == Some(&Value::Bool(true));
    let answer = json!({
        "account": {
            "account_id": 1234,
            "user_id": 123456,
            "client_id": 1234567,
            "new_account": false,
            "tier": "e002",
            "region": "eu",
            "account_verification_required": false,
            "phone_verification_required": false,
            "client_verification_required": !verified,
            "verification_channel": "phone"
        },
        "auth": { "token": counter.token("blink-token") },
        "phone": {
            "number": "+49*******1234",
            "last_4_digits": "1234",
            "country_calling_code": "49",
            "valid": true
        },
        "verification": {
            "email": { "required": false },
            "phone": { "required": !verified, "channel": "sms" }
        },
        "lockout_time_remaining": 0,
        "force_password_reset": false,
        "allow_pin_resend_seconds": 60
    });
    axum::Json(answer).into_response()
}

async fn sama_login(
    State(counter): State<Arc<Counter>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(body) = json_body(&headers, &body) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    if text(&body, "device_id").is_none() {
        return StatusCode::BAD_REQUEST.into_response();
    }
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|t| t.starts_with("sama-access-"));
    let refresh = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| {
            c.split(';')
                .any(|p| p.trim().starts_with("refresh_token=sama-refresh-"))
        });
    let password = text(&body, "organization_id").as_deref() == Some(SAMA_ORGANIZATION)
        && text(&body, "login").as_deref() == Some(SAMA_LOGIN)
        && text(&body, "password").as_deref() == Some(SAMA_PASSWORD);
    if !(bearer || refresh || password) {
        // The document lists no error status; a failed login gets a 401.
        return (StatusCode::UNAUTHORIZED, r#"{"error":"unauthorized"}"#).into_response();
    }
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    let answer = json!({
        "user": {
            "_id": "63480e68f4794709f802a2fa",
            "login": SAMA_LOGIN,
            "created_at": "2022-10-13T13:11:04.447Z",
            "updated_at": "2022-10-13T13:11:04.447Z"
        },
        "access_token": counter.token("sama-access"),
        "expired_at": now_ms + 3_600_000
    });
    let mut response = axum::Json(answer).into_response();
    // Only logins by password or refresh token get a new refresh token.
    if password || refresh {
        let cookie = format!(
            "refresh_token={}; Path=/; HttpOnly; Secure; SameSite=Strict",
            counter.token("sama-refresh")
        );
        if let Ok(value) = cookie.parse() {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
    }
    response
}

async fn socialid_login(
    State(counter): State<Arc<Counter>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    use base64::Engine as _;
    let expected = base64::engine::general_purpose::STANDARD
        .encode(format!("{SOCIALID_APP_ID}:{SOCIALID_APP_SECRET}"));
    let authorized = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        == Some(expected.as_str());
    if !authorized {
        return (StatusCode::UNAUTHORIZED, r#"{"error":"unauthorized"}"#).into_response();
    }
    let Some(body) = json_body(&headers, &body) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let username = text(&body, "username");
    let email = text(&body, "email_address");
    let (Some(password), true) = (
        text(&body, "password"),
        username.is_some() || email.is_some(),
    ) else {
        return (StatusCode::BAD_REQUEST, r#"{"error":"bad_request"}"#).into_response();
    };
    let forbidden =
        |code: &str| (StatusCode::FORBIDDEN, axum::Json(json!({ "code": code }))).into_response();
    match (username.as_deref(), email.as_deref()) {
        (Some(SOCIALID_LOCKED), _) => return forbidden("locked"),
        (Some(SOCIALID_USERNAME), _) | (None, Some(SOCIALID_EMAIL)) => {}
        _ => return (StatusCode::NOT_FOUND, r#"{"error":"not_found"}"#).into_response(),
    }
    if password != SOCIALID_PASSWORD {
        return forbidden("invalid_password");
    }
    let id = counter.token("sign-in");
    let location = format!("https://api.socialidnow.com/v1/marketing/login/sign_ins/{id}");
    let answer = json!({
        "connection": "https://api.socialidnow.com/v1/marketing/login/connections/f6a13b09cf19ce1b9eaf849d59f220250210b5c44c10c71033d253de8b61ed9b",
        "connection_id": "f6a13b09cf19ce1b9eaf849d59f220250210b5c44c10c71033d253de8b61ed9b",
        "login_token": counter.token("socialid-login-token"),
        "user_id": 341
    });
    let mut response = (StatusCode::CREATED, axum::Json(answer)).into_response();
    if let Ok(value) = location.parse() {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// Starts SAMA's websocket on an ephemeral port of 127.0.0.1: it answers `connect`
/// with `success: true` when the token is one the HTTP simulator issued, and `false`
/// otherwise, after a server event, as a real socket might send one.
///
/// # Errors
/// The port cannot be bound.
pub async fn start_sama_socket() -> std::io::Result<Simulator> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
    let addr = listener.local_addr()?;
    let task = tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            tokio::spawn(serve_socket(tcp));
        }
    });
    Ok(Simulator { addr, task })
}

async fn serve_socket(tcp: tokio::net::TcpStream) {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    let Ok(mut ws) = tokio_tungstenite::accept_async(tcp).await else {
        return;
    };
    while let Some(Ok(message)) = ws.next().await {
        let Message::Text(text) = message else {
            continue;
        };
        let Ok(frame) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let request = &frame["request"];
        let id = request["id"].clone();
        let answer = if let Some(connect) = request.get("connect") {
            let token_ok = connect["token"]
                .as_str()
                .is_some_and(|t| t.starts_with("sama-access-"));
            json!({"response": {"id": id, "success": token_ok}})
        } else {
            json!({"response": {"id": id, "error": "unsupported request"}})
        };
        let event = json!({"event": {"kind": "presence", "status": "online"}});
        for out in [event, answer] {
            if ws.send(Message::text(out.to_string())).await.is_err() {
                return;
            }
        }
    }
}
