//! Blink: the documented example, the tier switch of the session, and redaction,
//! through the generated sans-IO layer.

mod common;

use common::{
    assert_headers, assert_redacted, example, http_response, json_body, raw_response, spec,
};
use loginspec_generated::blink::{self, LoginError, LoginRequest, LoginResponse, Session};
use loginspec_generated::runtime::{BaseUrl, Endpoint, FromHttp, SessionError, Uuid};

const TOKEN: &str = "anAuthTokenString";

fn base() -> BaseUrl {
    BaseUrl::parse(blink::DEFAULT_BASE_URL).unwrap()
}

fn documented_response() -> LoginResponse {
    let ex = example(&spec("blink"), "login", "login");
    LoginResponse::from_http(&http_response(ex.response.as_ref().unwrap())).unwrap()
}

#[test]
fn example_request_encodes_to_the_documented_json_and_headers() {
    let ex = example(&spec("blink"), "login", "login");
    let documented = ex.request.as_ref().unwrap();
    let request = LoginRequest::new("anEmail", "aPassword")
        .with_unique_id(Uuid::nil())
        .to_http(&base())
        .unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(request.uri().to_string(), documented.url.clone().unwrap());
    assert_headers(&request, documented);
    assert_eq!(&json_body(&request), documented.body.as_ref().unwrap());
    // Nothing else is sent: no credential, no unset optional field.
    assert_eq!(request.headers().len(), documented.headers.0.len());
}

#[test]
fn reauth_is_sent_when_set() {
    let request = LoginRequest::new("e", "p")
        .with_reauth(true)
        .to_http(&base())
        .unwrap();
    assert_eq!(
        json_body(&request),
        serde_json::json!({"email": "e", "password": "p", "reauth": true})
    );
}

#[test]
fn example_response_decodes_with_the_documented_values() {
    let ex = example(&spec("blink"), "login", "login");
    let response = documented_response();
    let body = &response.body;
    assert_eq!(body.account.account_id, 1234);
    assert_eq!(body.account.client_id, 1234567);
    assert_eq!(body.account.tier, "e002");
    assert!(!body.account.client_verification_required);
    assert_eq!(body.auth.token.expose(), TOKEN);
    let phone = body.phone.as_ref().unwrap();
    assert_eq!(phone.number.as_deref(), Some("+49*******1234"));
    let verification = body.verification.as_ref().unwrap();
    let phone_verification = verification.phone.as_ref().unwrap();
    assert_eq!(phone_verification.required, Some(true));
    assert_eq!(phone_verification.channel.as_deref(), Some("sms"));
    assert_eq!(body.allow_pin_resend_seconds, Some(60));
    // Every field of the example is modelled: the typed body encodes back to it.
    assert_eq!(
        &serde_json::to_value(body).unwrap(),
        ex.response.as_ref().unwrap().body.as_ref().unwrap()
    );
}

#[test]
fn the_session_moves_to_the_tier_host_and_sends_token_auth() {
    let session = Session::new(documented_response(), &base()).unwrap();
    assert_eq!(
        session.base_url().as_str(),
        "https://rest-e002.immedia-semi.com"
    );
    assert!(!session.verification_required());
    let later = session
        .request(http::Method::GET, "/api/v3/accounts/1234/homescreen")
        .unwrap();
    assert_eq!(
        later.uri().to_string(),
        "https://rest-e002.immedia-semi.com/api/v3/accounts/1234/homescreen"
    );
    let token = later.headers().get("TOKEN_AUTH").unwrap();
    assert_eq!(token.to_str().unwrap(), TOKEN);
    assert!(token.is_sensitive());
    assert!(later.headers().get(http::header::AUTHORIZATION).is_none());
}

#[test]
fn a_hostile_tier_is_refused_before_it_becomes_a_host() {
    for tier in [
        "evil.example/",
        "a.b",
        "../x",
        "",
        "E002",
        &"a".repeat(64),
        "e002@evil",
    ] {
        let mut response = documented_response();
        response.body.account.tier = tier.to_owned();
        match Session::new(response, &base()) {
            Err(SessionError::Variable(e)) => assert_eq!(e.variable, "tier"),
            other => panic!("tier {tier:?} must be refused, got {other:?}"),
        }
    }
}

#[test]
fn verification_required_is_reported() {
    let mut response = documented_response();
    response.body.account.client_verification_required = true;
    assert!(
        Session::new(response, &base())
            .unwrap()
            .verification_required()
    );
}

#[test]
fn undocumented_statuses_and_bad_bodies_are_typed_errors() {
    for status in [400, 401, 403, 404, 429, 500, 503] {
        match LoginResponse::from_http(&raw_response(status, "<html>no</html>")) {
            Err(LoginError::Unexpected(u)) => assert_eq!(u.status, status),
            other => panic!("{status}: {other:?}"),
        }
    }
    for (body, path) in [
        ("", ""),
        ("{\"account\":", "account"),
        (r#"{"account":{"account_id":"x"}}"#, "account.account_id"),
    ] {
        match LoginResponse::from_http(&raw_response(200, body)) {
            Err(LoginError::Decode(e)) => assert_eq!(e.path, path, "{body}"),
            other => panic!("{body}: {other:?}"),
        }
    }
}

#[test]
fn no_secret_appears_in_debug_output() {
    let request = LoginRequest::new("anEmail", "aPassword");
    let http_request = request.to_http(&base()).unwrap();
    let response = documented_response();
    let session = Session::new(response.clone(), &base()).unwrap();
    let broken =
        format!(r#"{{"auth":{{"token":"{TOKEN}"}},"account":{{"account_id":"{TOKEN}"}}}}"#);
    let error = LoginResponse::from_http(&raw_response(200, &broken)).unwrap_err();
    let text = format!("{request:?} {http_request:?} {response:?} {session:?} {error:?} {error}");
    assert_redacted(&text, &["aPassword", TOKEN]);
    assert!(text.contains("anEmail"));
}
