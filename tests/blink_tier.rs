//! Blink's tier switch end to end: the login goes to one server; the session then sends
//! the next request to `https://rest-{tier}.immedia-semi.com` — the real host name from
//! the spec's template, resolved to a local HTTPS server — carrying `TOKEN_AUTH`.

mod common;

use std::time::Duration;

use loginspec_generated::blink;
use loginspec_generated::runtime::{AsyncTransport, BaseUrl, BlockingTransport, Options};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TIER_HOST: &str = "rest-e002.immedia-semi.com";
const LATER: &str = "/api/v3/accounts/1234/homescreen";

#[tokio::test]
async fn the_next_request_goes_to_the_tier_host_with_token_auth() {
    let login = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v5/account/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "account": {"account_id": 1234, "client_id": 1, "tier": "e002", "client_verification_required": false},
            "auth": {"token": "tier-token-1"}
        })))
        .expect(2)
        .mount(&login)
        .await;
    let tier = common::tls::serve(TIER_HOST, 2, r#"{"ok":true}"#);
    let options = Options::new()
        .timeout(Duration::from_secs(5))
        .proxy_from_env(false)
        .resolve(TIER_HOST, tier.addr)
        .add_root_certificate_pem(tier.ca_pem.as_bytes())
        .expect("test CA loads");
    let base = BaseUrl::parse(&login.uri()).unwrap();

    // Async client.
    let client =
        blink::Client::with_transport(AsyncTransport::new(options.clone()).unwrap(), base.clone());
    let session = match client
        .login_session(blink::LoginRequest::new("e", "p"))
        .await
        .unwrap()
    {
        blink::LoginOutcome::Ready(session) => session,
        other => panic!("{other:?}"),
    };
    assert_eq!(session.base_url().as_str(), format!("https://{TIER_HOST}"));
    let later = session.request(http::Method::GET, LATER).unwrap();
    let answer = client.transport().send(later).await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.body(), br#"{"ok":true}"#);

    // Blocking client, on a blocking thread.
    let answer = tokio::task::spawn_blocking(move || {
        let client =
            blink::BlockingClient::with_transport(BlockingTransport::new(options).unwrap(), base);
        let session = match client
            .login_session(blink::LoginRequest::new("e", "p"))
            .unwrap()
        {
            blink::LoginOutcome::Ready(session) => session,
            other => panic!("{other:?}"),
        };
        client
            .transport()
            .send(session.request(http::Method::GET, LATER).unwrap())
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(answer.status(), 200);

    for _ in 0..2 {
        let seen = tier
            .received
            .recv_timeout(Duration::from_secs(5))
            .unwrap()
            .unwrap();
        assert_eq!(seen.sni.as_deref(), Some(TIER_HOST));
        assert_eq!(seen.request_line, format!("GET {LATER} HTTP/1.1"));
        assert_eq!(seen.header("host"), Some(TIER_HOST));
        assert_eq!(seen.header("token_auth"), Some("tier-token-1"));
        assert_eq!(seen.header("authorization"), None);
    }
    login.verify().await;
}

/// The tier is one host label with `rest-` in front of it: the generated check leaves it
/// the 58 characters DNS has room for, so a longer tier is refused as too long, not as a
/// host name that happens to break.
#[test]
fn a_tier_fits_its_label_with_the_template_around_it() {
    let longest = "a".repeat(58);
    let url = blink::base_url(&longest).expect("58 characters fit `rest-{tier}`");
    assert_eq!(url.host(), format!("rest-{longest}.immedia-semi.com"));
    for len in [59, 63] {
        let err = blink::base_url(&"a".repeat(len)).unwrap_err();
        assert_eq!(err.variable, "tier");
        assert_eq!(err.reason, "too long for a host label", "{len}");
    }
}
