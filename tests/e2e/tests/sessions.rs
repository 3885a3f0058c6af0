//! Session constructs end to end, against wiremock servers on 127.0.0.1 that check the
//! exact requests: a token handed out in a response header or a session cookie, relative
//! and absolute expiry (against a clock the test chooses), an expiry the answer leaves
//! out, a base URL from a discovery field (hostile ones refused), and typed later calls
//! the session sends, with percent-encoded path parameters and a query.

mod common;

use common::{options, relay_client};

use std::time::{Duration, SystemTime};

use loginspec_e2e::{quay, relay};
use loginspec_runtime::{
    AsyncTransport, BaseUrl, BlockingTransport, BuildError, CallError, Endpoint, FromHttp,
    SessionError,
};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "rl-7e4b1c-secret";

/// Relay's login: 201, the token in `X-Session-Token` only; `body` describes it.
async fn relay_login(server: &MockServer, body: serde_json::Value) {
    Mock::given(method("POST"))
        .and(path("/sessions"))
        .and(body_json(json!({
            "grant_type": "password",
            "user": "ada",
            "password": "pw",
            "scope": ["login", "profile"]
        })))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("X-Session-Token", TOKEN)
                .set_body_json(body),
        )
        .expect(1)
        .mount(server)
        .await;
}

/// Relay's login (see [`relay_login`]) through a new client: the client and the session.
async fn relay_session(
    server: &MockServer,
    body: serde_json::Value,
) -> (relay::Client, relay::Session) {
    relay_login(server, body).await;
    let client = relay_client(server);
    let session = client
        .login_session(relay::LoginRequest::new("ada", "pw"))
        .await
        .expect("the login succeeds");
    (client, session)
}

#[tokio::test]
async fn a_token_in_a_response_header_is_the_session_and_later_calls_carry_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/a%20b%2Fc"))
        .and(query_param("include", "roles & teams"))
        .and(query_param("limit", "5"))
        .and(header("X-Session-Token", TOKEN))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "a b/c", "name": "Ada"})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let (client, session) = relay_session(
        &server,
        json!({"token_type": "session", "expires_in": 3600, "refresh_token": "rf-1"}),
    )
    .await;
    assert_eq!(session.token().expose(), TOKEN);
    assert_eq!(session.refresh_token().unwrap().expose(), "rf-1");
    assert!(!format!("{session:?}").contains(TOKEN));

    // A typed later call: no token argument, the session fills it and the base URL.
    let request = relay::UserRequest::new("a b/c")
        .with_include("roles & teams")
        .with_limit(5);
    let user = session
        .send(&client, request)
        .await
        .expect("the later call");
    assert_eq!(user.body.name, "Ada");
}

#[tokio::test]
async fn a_later_call_with_an_absent_optional_query_sends_none_and_maps_its_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/7"))
        .and(query_param_is_missing("include"))
        .and(header("X-Session-Token", TOKEN))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(&server)
        .await;
    let (client, session) = relay_session(&server, json!({"token_type": "session"})).await;
    match session.send(&client, relay::UserRequest::new("7")).await {
        Err(CallError::Api(relay::UserError::NotFound(_))) => {}
        other => panic!("expected the typed 404, got {other:?}"),
    }
    // A path parameter that would climb out of its segment is refused before sending.
    for bad in ["..", ".", ""] {
        match session.send(&client, relay::UserRequest::new(bad)).await {
            Err(CallError::Build(BuildError::InvalidPathParameter { name: "user_id" })) => {}
            other => panic!("{bad:?}: expected a build error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn the_blocking_client_sends_the_sessions_later_calls_too() {
    let server = MockServer::start().await;
    relay_login(&server, json!({"token_type": "session", "expires_in": 60})).await;
    Mock::given(method("GET"))
        .and(path("/users/u1"))
        .and(header("X-Session-Token", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "u1", "name": "Bo"})))
        .expect(1)
        .mount(&server)
        .await;
    let base = BaseUrl::parse(&server.uri()).unwrap();
    let name = tokio::task::spawn_blocking(move || {
        let client =
            relay::BlockingClient::with_transport(BlockingTransport::new(options()).unwrap(), base);
        let session = client
            .login_session(relay::LoginRequest::new("ada", "pw"))
            .unwrap();
        assert!(!session.is_expired());
        session
            .send_blocking(&client, relay::UserRequest::new("u1"))
            .unwrap()
            .body
            .name
    })
    .await
    .unwrap();
    assert_eq!(name, "Bo");
}

/// The login answer, decoded as the client would, for sans-IO sessions at chosen times.
fn relay_answer(body: serde_json::Value) -> relay::LoginResponse {
    let response = http_response(201, &[("X-Session-Token", TOKEN)], body);
    relay::LoginResponse::from_http(&response).unwrap()
}

fn http_response(
    status: u16,
    headers: &[(&str, &str)],
    body: serde_json::Value,
) -> loginspec_runtime::http::Response<Vec<u8>> {
    let mut builder = loginspec_runtime::http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body.to_string().into_bytes()).unwrap()
}

#[test]
fn a_relative_expiry_counts_from_when_the_answer_was_received() {
    let base = BaseUrl::parse("https://api.relay.example").unwrap();
    let received = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let login = relay_answer(json!({"token_type": "session", "expires_in": 3600}));
    let session = relay::Session::new_at(login, &base, received).unwrap();
    let expiry = session.expiry();
    assert_eq!(
        session.expires_at(),
        Some(received + Duration::from_secs(3600))
    );
    assert!(!expiry.is_expired_at(received), "right after login");
    assert!(!expiry.is_expired_at(received + Duration::from_secs(3599)));
    assert!(
        expiry.is_expired_at(received + Duration::from_secs(3600)),
        "after its lifetime"
    );
    assert_eq!(
        expiry.remaining_at(received + Duration::from_secs(600)),
        Some(Duration::from_secs(3000))
    );
    // A margin: with a minute to go, a caller that wants 5 minutes sees it as expiring.
    assert!(expiry.expires_within_at(
        Duration::from_secs(300),
        received + Duration::from_secs(3540)
    ));
    assert!(!expiry.expires_within_at(Duration::from_secs(300), received));

    // Through the client: the lifetime counts from about now.
    let now = SystemTime::now();
    let login = relay_answer(json!({"token_type": "session", "expires_in": 3600}));
    let session = relay::Session::new(login, &base).unwrap();
    let at = session.expires_at().unwrap();
    assert!(at >= now + Duration::from_secs(3600) && at <= now + Duration::from_secs(3660));
    assert!(!session.is_expired());
    assert!(session.expires_in().unwrap() <= Duration::from_secs(3600));
}

#[tokio::test]
async fn an_absent_optional_expiry_is_unknown_and_the_login_is_kept() {
    let server = MockServer::start().await;
    relay_login(&server, json!({"token_type": "session"})).await;
    let session = relay_client(&server)
        .login_session(relay::LoginRequest::new("ada", "pw"))
        .await
        .expect("a login without an expiry is still a session");
    assert_eq!(session.token().expose(), TOKEN);
    assert_eq!(session.expires_at(), None);
    assert_eq!(session.expires_in(), None);
    assert!(!session.is_expired());
    assert!(
        !session
            .expiry()
            .is_expired_at(SystemTime::UNIX_EPOCH + Duration::MAX / 2)
    );
    assert!(session.refresh_token().is_none());
}

#[tokio::test]
async fn a_login_without_its_token_header_is_a_decode_error_not_a_panic() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"token_type": "session"})))
        .mount(&server)
        .await;
    match relay_client(&server)
        .login_session(relay::LoginRequest::new("ada", "pw"))
        .await
    {
        Err(CallError::Api(relay::LoginError::Decode(e))) => {
            assert!(e.to_string().contains("X-Session-Token"), "{e}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Quay: a session cookie, and a base URL from a discovery field
// ---------------------------------------------------------------------------

const SID: &str = "sid-5f0c-secret";

async fn quay_login(server: &MockServer, body: serde_json::Value) -> quay::Client {
    Mock::given(method("POST"))
        .and(path("/login"))
        .and(body_json(
            json!({"email": "ada@example.com", "password": "pw"}),
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Set-Cookie", format!("sid={SID}; Path=/; HttpOnly; Secure"))
                .set_body_json(body),
        )
        .mount(server)
        .await;
    quay_client(server)
}

/// A Quay client whose base URL is `server`'s.
fn quay_client(server: &MockServer) -> quay::Client {
    let base = BaseUrl::parse(&server.uri()).unwrap();
    quay::Client::with_transport(AsyncTransport::new(options()).unwrap(), base)
}

#[tokio::test]
async fn a_session_cookie_is_the_token_and_later_calls_go_to_the_discovered_server() {
    let login_server = MockServer::start().await;
    let api_server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/account"))
        .and(header("Cookie", format!("sid={SID}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"plan": "pro"})))
        .expect(1)
        .mount(&api_server)
        .await;
    let discovered = format!("{}/v2/", api_server.uri());
    let expires = 1_900_000_000_000_i64;
    let client = quay_login(
        &login_server,
        json!({"server": {"base_url": discovered}, "expires_at": expires}),
    )
    .await;
    let session = client
        .login_session(quay::LoginRequest::new("ada@example.com", "pw"))
        .await
        .expect("the login succeeds");
    assert_eq!(session.token().expose(), SID);
    assert_eq!(
        session.base_url().as_str(),
        format!("{}/v2", api_server.uri())
    );
    assert_eq!(
        session.expires_at(),
        Some(SystemTime::UNIX_EPOCH + Duration::from_millis(expires as u64))
    );
    let account = session
        .send(&client, quay::AccountRequest::new())
        .await
        .unwrap();
    assert_eq!(account.body.plan, "pro");
    // The login server saw no later call.
    assert_eq!(login_server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn without_a_discovery_block_later_calls_stay_on_the_login_server() {
    let server = MockServer::start().await;
    let client = quay_login(&server, json!({})).await;
    let session = client
        .login_session(quay::LoginRequest::new("ada@example.com", "pw"))
        .await
        .unwrap();
    assert_eq!(session.base_url(), client.base_url());
    assert_eq!(session.expires_at(), None);
}

#[tokio::test]
async fn a_hostile_discovered_base_url_is_refused_without_repeating_credentials() {
    for url in [
        "https://admin:hunter2@evil.example",
        "http://evil.example",
        "https://evil.example/?next=x",
        "https://evil.example/#x",
        "javascript:alert(1)",
        "https://evil.example:99999",
        "",
    ] {
        let server = MockServer::start().await;
        let client = quay_login(&server, json!({"server": {"base_url": url}})).await;
        match client
            .login_session(quay::LoginRequest::new("ada@example.com", "pw"))
            .await
        {
            Err(CallError::Session(SessionError::Variable(e))) => {
                assert_eq!(e.variable, "server.base_url");
                let text =
                    CallError::<quay::LoginError>::Session(SessionError::Variable(e)).to_string();
                assert!(!text.contains("hunter2"), "{text}");
            }
            other => panic!("{url:?} must be refused, got {other:?}"),
        }
    }
}

#[test]
fn a_session_request_type_is_sent_by_the_session_not_the_client() {
    // `Client::send` takes `R: Endpoint<Client = Client>`; a request of an endpoint with
    // `auth: session` names the session instead (a compile-time split, checked here by
    // the associated type itself).
    fn sender_of<R: Endpoint>(_: &R) -> &'static str {
        std::any::type_name::<R::Client>()
    }
    assert!(sender_of(&relay::UserRequest::new("x")).ends_with("relay::Session"));
    assert!(sender_of(&relay::LoginRequest::new("a", "b")).ends_with("relay::Client"));
    assert!(sender_of(&quay::AccountRequest::new()).ends_with("quay::Session"));
}

// ---------------------------------------------------------------------------
// Refresh and logout
// ---------------------------------------------------------------------------

#[tokio::test]
async fn refresh_rotates_both_tokens_and_logout_ends_the_session() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/sessions/refresh"))
        .and(body_json(
            json!({"grant_type": "refresh_token", "refresh_token": "rf-1", "device": "laptop"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "rl-new-token", "expires_in": 7200, "refresh_token": "rf-2"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/sessions/current"))
        .and(header("X-Session-Token", "rl-new-token"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let (client, mut session) = relay_session(
        &server,
        json!({"token_type": "session", "expires_in": 60, "refresh_token": "rf-1"}),
    )
    .await;
    let first_expiry = session.expires_at().unwrap();
    session
        .refresh(&client, "laptop")
        .await
        .expect("the refresh succeeds");
    assert_eq!(session.token().expose(), "rl-new-token");
    assert_eq!(session.refresh_token().unwrap().expose(), "rf-2");
    assert!(session.expires_at().unwrap() > first_expiry + Duration::from_secs(7000));

    // `logout` takes the session by value: it cannot be used afterwards.
    session
        .logout(&client, relay::LogoutRequest::new())
        .await
        .expect("the logout succeeds");
}

#[test]
fn a_refresh_answer_without_a_new_refresh_token_keeps_the_old_one() {
    let base = BaseUrl::parse("https://api.relay.example").unwrap();
    let received = SystemTime::UNIX_EPOCH + Duration::from_secs(2_000_000_000);
    let login = relay_answer(json!({"token_type": "session", "refresh_token": "rf-1"}));
    let mut session = relay::Session::new_at(login, &base, received).unwrap();
    assert_eq!(session.expires_at(), None);
    let answer = http_response(200, &[], json!({"access_token": "t2", "expires_in": 30}));
    let answer = relay::RefreshResponse::from_http(&answer).unwrap();
    let later = received + Duration::from_secs(100);
    session.renew_at(answer, later).unwrap();
    assert_eq!(session.token().expose(), "t2");
    assert_eq!(session.refresh_token().unwrap().expose(), "rf-1");
    assert_eq!(session.expires_at(), Some(later + Duration::from_secs(30)));
    assert!(
        session
            .expiry()
            .is_expired_at(later + Duration::from_secs(30))
    );
}

#[tokio::test]
async fn a_refused_refresh_leaves_the_session_as_it_was() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/sessions/refresh"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    let (client, mut session) = relay_session(
        &server,
        json!({"token_type": "session", "refresh_token": "rf-1"}),
    )
    .await;
    match session.refresh(&client, "laptop").await {
        Err(CallError::Api(relay::RefreshError::Expired(_))) => {}
        other => panic!("expected the typed 401, got {other:?}"),
    }
    assert_eq!(session.token().expose(), TOKEN);
    assert_eq!(session.refresh_token().unwrap().expose(), "rf-1");
}

#[tokio::test]
async fn a_session_without_a_refresh_token_says_so_and_sends_nothing() {
    let server = MockServer::start().await;
    let (client, mut session) = relay_session(&server, json!({"token_type": "session"})).await;
    match session.refresh(&client, "laptop").await {
        Err(CallError::Session(SessionError::Missing {
            field: "refresh_token",
        })) => {}
        other => panic!("expected a session error, got {other:?}"),
    }
    // Only the login reached the server.
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_failed_logout_hands_the_session_back() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/sessions/current"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let (client, session) = relay_session(&server, json!({"token_type": "session"})).await;
    let failed = session
        .logout(&client, relay::LogoutRequest::new())
        .await
        .expect_err("a 502 does not end the session");
    assert!(matches!(
        failed.error,
        CallError::Api(relay::LogoutError::Unexpected(_))
    ));
    assert!(failed.to_string().starts_with("the session was not ended"));
    assert!(!format!("{failed:?}").contains(TOKEN));
    assert_eq!(failed.session.token().expose(), TOKEN);
}

/// Quay's login with a refresh cookie too: `sid` and `rt=rt-1`, and `body`.
async fn quay_login_with_refresh(server: &MockServer, body: serde_json::Value) {
    Mock::given(method("POST"))
        .and(path("/login"))
        .respond_with(
            ResponseTemplate::new(200)
                .append_header("Set-Cookie", format!("sid={SID}; Path=/"))
                .append_header("Set-Cookie", "rt=rt-1; Path=/")
                .set_body_json(body),
        )
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_refresh_token_cookie_renews_a_cookie_session_blocking() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/refresh"))
        .and(header("Cookie", "rt=rt-1"))
        .respond_with(
            ResponseTemplate::new(200)
                .append_header("Set-Cookie", "sid=sid-2; Path=/")
                .append_header("Set-Cookie", "rt=rt-2; Path=/")
                .set_body_json(json!({})),
        )
        .expect(1)
        .mount(&server)
        .await;
    quay_login_with_refresh(&server, json!({})).await;
    let base = BaseUrl::parse(&server.uri()).unwrap();
    let (token, refresh) = tokio::task::spawn_blocking(move || {
        let client =
            quay::BlockingClient::with_transport(BlockingTransport::new(options()).unwrap(), base);
        let mut session = client
            .login_session(quay::LoginRequest::new("ada@example.com", "pw"))
            .unwrap();
        assert_eq!(session.token().expose(), SID);
        session.refresh_blocking(&client).unwrap();
        (
            session.token().expose().to_owned(),
            session.refresh_token().unwrap().expose().to_owned(),
        )
    })
    .await
    .unwrap();
    assert_eq!((token.as_str(), refresh.as_str()), ("sid-2", "rt-2"));
}

#[tokio::test]
async fn an_endpoint_with_two_success_statuses_gives_each_as_its_own_variant() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/users/u1/avatar"))
        .and(body_json(json!({"url": "https://img.example/a.png"})))
        .and(header("X-Session-Token", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"previous": "old.png"})))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/users/u2/avatar"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let (client, session) = relay_session(&server, json!({"token_type": "session"})).await;
    let url = "https://img.example/a.png";
    match session
        .send(&client, relay::AvatarRequest::new("u1", url))
        .await
    {
        Ok(relay::AvatarResponse::Replaced(r)) => assert_eq!(r.body.previous, "old.png"),
        other => panic!("expected the 200 variant, got {other:?}"),
    }
    match session
        .send(&client, relay::AvatarRequest::new("u2", url))
        .await
    {
        Ok(relay::AvatarResponse::Set(_)) => {}
        other => panic!("expected the 204 variant, got {other:?}"),
    }
    // A 2xx the spec does not document is not a success.
    let answer = http_response(202, &[], json!({}));
    match relay::AvatarResponse::from_http(&answer) {
        Err(relay::AvatarError::Unexpected(u)) => assert_eq!(u.status.as_u16(), 202),
        other => panic!("expected Unexpected, got {other:?}"),
    }
}

#[tokio::test]
async fn send_fresh_renews_a_session_about_to_expire_at_the_login_server_then_calls() {
    let login_server = MockServer::start().await;
    let api_server = MockServer::start().await;
    let soon = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
        + 10_000;
    quay_login_with_refresh(
        &login_server,
        json!({
            "server": {"base_url": format!("{}/v2", api_server.uri())},
            "expires_at": soon,
        }),
    )
    .await;
    // The refresh goes where the login went; the later calls to the discovered server.
    Mock::given(method("POST"))
        .and(path("/refresh"))
        .and(header("Cookie", "rt=rt-1"))
        .respond_with(
            ResponseTemplate::new(200)
                .append_header("Set-Cookie", "sid=sid-2; Path=/")
                .set_body_json(json!({"expires_in": 3600})),
        )
        .expect(1)
        .mount(&login_server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/account"))
        .and(header("Cookie", "sid=sid-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"plan": "pro"})))
        .expect(2)
        .mount(&api_server)
        .await;
    let client = quay_client(&login_server);
    let mut session = client
        .login_session(quay::LoginRequest::new("ada@example.com", "pw"))
        .await
        .unwrap();
    assert!(session.expiry().expires_within(Duration::from_secs(60)));
    // Ten seconds left, under the spec's 60: renewed first.
    let account = session
        .send_fresh(&client, quay::AccountRequest::new())
        .await
        .unwrap();
    assert_eq!(account.body.plan, "pro");
    assert_eq!(session.token().expose(), "sid-2");
    // No rotated refresh token in the answer: the old one is kept.
    assert_eq!(session.refresh_token().unwrap().expose(), "rt-1");
    assert!(!session.expiry().expires_within(Duration::from_secs(3000)));
    // An hour left: sent as it is.
    session
        .send_fresh(&client, quay::AccountRequest::new())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_failed_renewal_is_a_refresh_error_and_the_call_is_not_sent() {
    let server = MockServer::start().await;
    quay_login_with_refresh(&server, json!({"expires_at": 0})).await;
    Mock::given(method("POST"))
        .and(path("/refresh"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let client = quay_client(&server);
    let mut session = client
        .login_session(quay::LoginRequest::new("ada@example.com", "pw"))
        .await
        .unwrap();
    assert!(session.is_expired());
    match session
        .send_fresh(&client, quay::AccountRequest::new())
        .await
    {
        Err(CallError::Refresh(e)) => assert!(e.to_string().contains("500"), "{e}"),
        other => panic!("expected a refresh error, got {other:?}"),
    }
    assert_eq!(session.token().expose(), SID);
    let sent: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(sent, ["/login", "/refresh"]);
}

/// A later call's answer that echoes the session's token (an undocumented status, and a
/// documented one whose body does not decode): neither error shows it.
#[tokio::test]
async fn the_session_token_an_answer_echoes_is_withheld() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/1"))
        .respond_with(
            ResponseTemplate::new(502).set_body_string(format!("upstream said: {TOKEN} expired")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": TOKEN})))
        .mount(&server)
        .await;
    let (client, session) = relay_session(&server, json!({"token_type": "session"})).await;
    for user in ["1", "2"] {
        let error = session
            .send(&client, relay::UserRequest::new(user))
            .await
            .expect_err("neither answer is a success");
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains(TOKEN), "{shown}");
        }
    }
}
