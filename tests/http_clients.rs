//! The generated clients over real HTTP: every case runs through the async client and
//! the blocking client against a wiremock server on 127.0.0.1, which asserts the exact
//! request (method, path, headers, JSON body) the client sent.

use std::time::Duration;

use loginspec_generated::runtime::{
    AsyncTransport, BaseUrl, BasicCredentials, BlockingTransport, CallError, Options, SessionError,
    TransportError,
};
use loginspec_generated::{blink, sama, socialid};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Clone, Copy, Debug)]
enum Mode {
    Async,
    Blocking,
}

const MODES: [Mode; 2] = [Mode::Async, Mode::Blocking];

fn options() -> Options {
    Options::new()
        .timeout(Duration::from_secs(5))
        .proxy_from_env(false)
}

/// Calls `$method` of the service's async or blocking client; the blocking one runs on a
/// blocking thread, as it must.
macro_rules! call {
    ($mode:expr, $svc:ident, $base:expr, $options:expr, $method:ident($request:expr)) => {{
        let (base, options, request) = ($base, $options, $request);
        match $mode {
            Mode::Async => {
                let transport = AsyncTransport::new(options).unwrap();
                $svc::Client::with_transport(transport, base)
                    .$method(request)
                    .await
            }
            Mode::Blocking => tokio::task::spawn_blocking(move || {
                let transport = BlockingTransport::new(options).unwrap();
                $svc::BlockingClient::with_transport(transport, base).$method(request)
            })
            .await
            .unwrap(),
        }
    }};
}

fn base(server: &MockServer, prefix: &str) -> BaseUrl {
    BaseUrl::parse(&format!("{}{prefix}", server.uri())).unwrap()
}

// ---------------------------------------------------------------------------
// Social ID
// ---------------------------------------------------------------------------

const APP_SECRET: &str = "e8b9ca24f1b590af67e6271297d6e1f7226625d61c5b5daa1b2f215464e292cf";
const SOCIALID_PATH: &str = "/v1/marketing/login/users/login";

fn socialid_request() -> socialid::LoginRequest {
    socialid::LoginRequest::new(
        BasicCredentials::new("138", APP_SECRET),
        "john_doe_secret",
        socialid::LoginUsernameOrEmailAddress::from_username("john_doe"),
    )
}

fn created() -> ResponseTemplate {
    ResponseTemplate::new(201)
        .insert_header(
            "Location",
            "https://api.socialidnow.com/v1/marketing/login/sign_ins/9678",
        )
        .set_body_json(json!({
            "connection": "https://api.socialidnow.com/v1/marketing/login/connections/f6a1",
            "connection_id": "f6a1",
            "login_token": "658cd5300e49d2834ffab3c3c9103b71",
            "user_id": 341
        }))
}

#[tokio::test]
async fn socialid_sends_the_exact_request_and_reads_location() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(SOCIALID_PATH))
        .and(header("content-type", "application/json"))
        .and(header(
            "authorization",
            "Basic MTM4OmU4YjljYTI0ZjFiNTkwYWY2N2U2MjcxMjk3ZDZlMWY3MjI2NjI1ZDYxYzViNWRhYTFiMmYyMTU0NjRlMjkyY2Y=",
        ))
        .and(body_json(json!({"username": "john_doe", "password": "john_doe_secret"})))
        .respond_with(created())
        .expect(2)
        .mount(&server)
        .await;
    for mode in MODES {
        let session = call!(
            mode,
            socialid,
            base(&server, "/v1/marketing"),
            options(),
            login_session(socialid_request())
        )
        .unwrap_or_else(|e| panic!("{mode:?}: {e}"));
        assert_eq!(
            session.login().location,
            "https://api.socialidnow.com/v1/marketing/login/sign_ins/9678"
        );
        assert_eq!(session.token().expose(), "658cd5300e49d2834ffab3c3c9103b71");
    }
    server.verify().await;
    for request in server.received_requests().await.unwrap() {
        let agent = request.headers.get("user-agent").unwrap().to_str().unwrap();
        assert!(agent.starts_with("loginspec/"), "{agent}");
        assert!(request.headers.get("cookie").is_none());
    }
}

#[tokio::test]
async fn socialid_every_documented_status_comes_back_typed() {
    let cases: Vec<(u16, serde_json::Value)> = vec![
        (400, json!({"error": "missing"})),
        (401, json!({"error": "auth"})),
        (403, json!({"code": "active"})),
        (403, json!({"code": "confirmed"})),
        (403, json!({"code": "locked"})),
        (403, json!({"code": "invalid_password"})),
        (403, json!({"code": "brand_new_code"})),
        (404, json!({})),
        (500, json!({"oops": true})),
        (418, json!({"teapot": true})),
    ];
    for (status, body) in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(status).set_body_json(body.clone()))
            .mount(&server)
            .await;
        for mode in MODES {
            let err = call!(
                mode,
                socialid,
                base(&server, "/v1/marketing"),
                options(),
                send(socialid_request())
            )
            .unwrap_err();
            let CallError::Api(err) = err else {
                panic!("{mode:?} {status}: not an API error: {err}");
            };
            use socialid::{LoginError as E, LoginForbiddenCode as C};
            let ok = match (status, &err) {
                (400, E::BadRequest(_)) | (401, E::Unauthorized(_)) => true,
                (404, E::NotFound(_)) | (500, E::InternalServerError(_)) => true,
                (403, E::Forbidden(b)) => match body["code"].as_str().unwrap() {
                    "active" => b.code == C::Active,
                    "confirmed" => b.code == C::Confirmed,
                    "locked" => b.code == C::Locked,
                    "invalid_password" => b.code == C::InvalidPassword,
                    other => b.code == C::Unknown(other.to_owned()),
                },
                (418, E::Unexpected(u)) => u.status == 418 && u.excerpt.as_str().contains("teapot"),
                _ => false,
            };
            assert!(ok, "{mode:?} {status} {body}: got {err:?}");
            assert_eq!(err.status(), status);
        }
    }
}

#[tokio::test]
async fn socialid_created_without_location_is_a_typed_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "connection": "c", "connection_id": "i", "login_token": "t", "user_id": 1
        })))
        .mount(&server)
        .await;
    for mode in MODES {
        match call!(
            mode,
            socialid,
            base(&server, "/v1/marketing"),
            options(),
            send(socialid_request())
        ) {
            Err(CallError::Api(socialid::LoginError::Decode(e))) => {
                assert_eq!(e.path, "headers.Location", "{mode:?}")
            }
            other => panic!("{mode:?}: {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------
// SAMA
// ---------------------------------------------------------------------------

fn sama_ok(cookie: Option<&str>) -> ResponseTemplate {
    let mut template = ResponseTemplate::new(200).set_body_json(json!({
        "user": {
            "_id": "63480e68f4794709f802a2fa",
            "login": "login_u1",
            "created_at": "2022-10-13T13:11:04.447Z",
            "updated_at": "2022-10-13T13:11:04.447Z"
        },
        "access_token": "anAccessToken",
        "expired_at": 4102444800000_i64
    }));
    if let Some(cookie) = cookie {
        template = template
            .append_header("set-cookie", "theme=dark; Path=/")
            .append_header("set-cookie", cookie);
    }
    template
}

#[tokio::test]
async fn sama_password_login_keeps_the_refresh_cookie() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/login"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "organization_id": "680a2fae96cc69d78861f101",
            "login": "login_u1",
            "password": "u1_password",
            "device_id": "device_u1"
        })))
        .respond_with(sama_ok(Some(
            "refresh_token=r-123; Path=/; HttpOnly; Secure",
        )))
        .expect(2)
        .mount(&server)
        .await;
    for mode in MODES {
        let request = sama::LoginPasswordRequest::new(
            "680a2fae96cc69d78861f101",
            "login_u1",
            "u1_password",
            "device_u1",
        );
        let session = call!(
            mode,
            sama,
            base(&server, ""),
            options(),
            login_session(request)
        )
        .unwrap();
        assert_eq!(
            session.refresh_token().unwrap().expose(),
            "r-123",
            "{mode:?}"
        );
        assert_eq!(session.token().expose(), "anAccessToken");
        assert!(!session.is_expired());
    }
    server.verify().await;
    for request in server.received_requests().await.unwrap() {
        assert!(request.headers.get("authorization").is_none());
    }
}

#[tokio::test]
async fn sama_token_and_cookie_variants_carry_their_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/login"))
        .and(header("authorization", "Bearer earlier-access"))
        .and(body_json(json!({"device_id": "device_u1"})))
        .respond_with(sama_ok(None))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/login"))
        .and(header("cookie", "refresh_token=earlier-refresh"))
        .and(body_json(json!({"device_id": "device_u1"})))
        .respond_with(sama_ok(Some("refresh_token=next-refresh; HttpOnly")))
        .expect(2)
        .mount(&server)
        .await;
    for mode in MODES {
        let bearer = sama::LoginAccessTokenRequest::new("earlier-access", "device_u1");
        let session = call!(
            mode,
            sama,
            base(&server, ""),
            options(),
            login_session(bearer)
        )
        .unwrap();
        assert!(
            session.refresh_token().is_none(),
            "{mode:?}: no cookie was set"
        );
        let cookie = sama::LoginRefreshTokenRequest::new("earlier-refresh", "device_u1");
        let session = call!(
            mode,
            sama,
            base(&server, ""),
            options(),
            login_session(cookie)
        )
        .unwrap();
        assert_eq!(session.refresh_token().unwrap().expose(), "next-refresh");
    }
    server.verify().await;
}

// ---------------------------------------------------------------------------
// Blink
// ---------------------------------------------------------------------------

fn blink_ok(tier: &str, verification: bool) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "account": {
            "account_id": 1234, "client_id": 1234567, "tier": tier,
            "client_verification_required": verification
        },
        "auth": {"token": "anAuthTokenString"}
    }))
}

#[tokio::test]
async fn blink_outcome_follows_client_verification_required() {
    for (verification, expect_ready) in [(true, false), (false, true)] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/api/v5/account/login"))
            .and(header("content-type", "application/json"))
            .and(body_json(
                json!({"email": "anEmail", "password": "aPassword", "reauth": true}),
            ))
            .respond_with(blink_ok("e002", verification))
            .expect(2)
            .mount(&server)
            .await;
        for mode in MODES {
            let request = blink::LoginRequest::new("anEmail", "aPassword").with_reauth(true);
            let outcome = call!(
                mode,
                blink,
                base(&server, ""),
                options(),
                login_session(request)
            )
            .unwrap();
            let (ready, session) = match outcome {
                blink::LoginOutcome::Ready(s) => (true, s),
                blink::LoginOutcome::VerificationRequired(s) => (false, s),
            };
            assert_eq!(ready, expect_ready, "{mode:?}");
            assert_eq!(
                session.base_url().as_str(),
                "https://rest-e002.immedia-semi.com"
            );
        }
        server.verify().await;
    }
}

#[tokio::test]
async fn blink_injected_tier_is_a_typed_session_error() {
    for tier in [
        "evil.example/",
        "a.b",
        "../x",
        "",
        "x".repeat(64).as_str(),
        "E002",
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(blink_ok(tier, false))
            .mount(&server)
            .await;
        for mode in MODES {
            let request = blink::LoginRequest::new("e", "p");
            match call!(
                mode,
                blink,
                base(&server, ""),
                options(),
                login_session(request)
            ) {
                Err(CallError::Session(SessionError::Variable(e))) => {
                    assert_eq!(e.variable, "tier")
                }
                other => panic!("{mode:?} tier {tier:?}: {other:?}"),
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Hostile responses
// ---------------------------------------------------------------------------

async fn serve(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn hostile_bodies_give_typed_decode_errors() {
    let cases = [
        (
            "html 500",
            ResponseTemplate::new(500)
                .set_body_raw("<html><body>Internal error</body></html>", "text/html"),
            None,
        ),
        ("empty 200", ResponseTemplate::new(200), Some("")),
        (
            "truncated",
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"account":{"account_id":12"#, "application/json"),
            Some("account"),
        ),
        (
            "wrong type",
            ResponseTemplate::new(200).set_body_json(json!({"account": {"account_id": "x"}})),
            Some("account.account_id"),
        ),
        (
            "array",
            ResponseTemplate::new(200).set_body_json(json!([1, 2])),
            Some("[0]"),
        ),
    ];
    for (what, template, decode_path) in cases {
        let server = serve(template).await;
        for mode in MODES {
            let result = call!(
                mode,
                blink,
                base(&server, ""),
                options(),
                send(blink::LoginRequest::new("e", "p"))
            );
            match (decode_path, result) {
                (Some(p), Err(CallError::Api(blink::LoginError::Decode(e)))) => {
                    assert_eq!(e.path, p, "{what} {mode:?}")
                }
                (None, Err(CallError::Api(blink::LoginError::Unexpected(u)))) => {
                    assert_eq!(u.status, 500);
                    assert!(u.excerpt.as_str().contains("Internal error"));
                }
                (_, other) => panic!("{what} {mode:?}: {other:?}"),
            }
        }
    }
}

#[tokio::test]
async fn a_body_over_the_cap_is_refused() {
    let server = serve(ResponseTemplate::new(200).set_body_string("x".repeat(64 * 1024))).await;
    for mode in MODES {
        let options = options().max_body_bytes(4096);
        match call!(
            mode,
            blink,
            base(&server, ""),
            options,
            send(blink::LoginRequest::new("e", "p"))
        ) {
            Err(CallError::Transport(TransportError::BodyTooLarge { limit })) => {
                assert_eq!(limit, 4096)
            }
            other => panic!("{mode:?}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = serve(blink_ok("e002", false).set_delay(Duration::from_secs(10))).await;
    for mode in MODES {
        let options = options().timeout(Duration::from_millis(300));
        match call!(
            mode,
            blink,
            base(&server, ""),
            options,
            send(blink::LoginRequest::new("e", "p"))
        ) {
            Err(CallError::Transport(TransportError::Timeout)) => {}
            other => panic!("{mode:?}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_closed_port_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    for mode in MODES {
        let base = BaseUrl::parse(&url).unwrap();
        match call!(
            mode,
            blink,
            base,
            options(),
            send(blink::LoginRequest::new("e", "p"))
        ) {
            Err(CallError::Transport(TransportError::Connect(_))) => {}
            other => panic!("{mode:?}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_redirect_is_not_followed() {
    let server =
        serve(ResponseTemplate::new(302).insert_header("location", "https://evil.example/steal"))
            .await;
    for mode in MODES {
        match call!(
            mode,
            blink,
            base(&server, ""),
            options(),
            send(blink::LoginRequest::new("e", "p"))
        ) {
            Err(CallError::Api(blink::LoginError::Unexpected(u))) => assert_eq!(u.status, 302),
            other => panic!("{mode:?}: {other:?}"),
        }
    }
}
