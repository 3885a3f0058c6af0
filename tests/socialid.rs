//! Social ID: the documented examples, every documented status and the redaction of
//! secrets, through the generated sans-IO layer.

mod common;

use base64::Engine as _;
use common::{
    assert_headers, assert_redacted, example, http_response, json_body, raw_response, spec,
};
use loginspec_generated::runtime::{BaseUrl, BasicCredentials, Endpoint, FromHttp};
use loginspec_generated::socialid::{
    self, LoginError, LoginForbiddenCode, LoginRequest, LoginResponse, LoginUsernameOrEmailAddress,
};

const APP_SECRET: &str = "e8b9ca24f1b590af67e6271297d6e1f7226625d61c5b5daa1b2f215464e292cf";
const LOGIN_TOKEN: &str = "658cd5300e49d2834ffab3c3c9103b71a5075a9cda4621df56b4d59cffbaec08";

fn base() -> BaseUrl {
    BaseUrl::parse(socialid::DEFAULT_BASE_URL).unwrap()
}

fn app() -> BasicCredentials {
    BasicCredentials::new("138", APP_SECRET)
}

#[test]
fn example_requests_encode_to_the_documented_json_and_headers() {
    let spec = spec("socialid");
    let cases = [
        (
            "username",
            LoginUsernameOrEmailAddress::from_username("john_doe"),
        ),
        (
            "email_address",
            LoginUsernameOrEmailAddress::from_email_address("john_doe@domain.com"),
        ),
    ];
    for (name, identity) in cases {
        let ex = example(&spec, "login", name);
        let documented = ex.request.as_ref().unwrap();
        let request = LoginRequest::new(app(), "john_doe_secret", identity)
            .to_http(&base())
            .unwrap();
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri().to_string(), documented.url.clone().unwrap());
        assert_headers(&request, documented);
        assert_eq!(
            &json_body(&request),
            documented.body.as_ref().unwrap(),
            "{name}"
        );

        // The curl `--user 138:<secret>` of the document, as an HTTP Basic header.
        let user = documented.auth.get("app").unwrap();
        let expected = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!(
                "{}:{}",
                user["username"].as_str().unwrap(),
                user["password"].as_str().unwrap()
            ))
        );
        let sent = request.headers().get(http::header::AUTHORIZATION).unwrap();
        assert_eq!(sent.to_str().unwrap(), expected);
        assert!(sent.is_sensitive());
    }
}

#[test]
fn both_identifiers_can_be_sent_together() {
    let identity = LoginUsernameOrEmailAddress::from_username("john_doe")
        .with_email_address("john_doe@domain.com");
    assert_eq!(identity.username().map(String::as_str), Some("john_doe"));
    let request = LoginRequest::new(app(), "pw", identity)
        .to_http(&base())
        .unwrap();
    assert_eq!(
        json_body(&request),
        serde_json::json!({"username": "john_doe", "email_address": "john_doe@domain.com", "password": "pw"})
    );
}

#[test]
fn example_response_decodes_with_the_documented_values() {
    let spec = spec("socialid");
    for name in ["username", "email_address"] {
        let ex = example(&spec, "login", name);
        let documented = ex.response.as_ref().unwrap();
        let response = LoginResponse::from_http(&http_response(documented)).unwrap();
        assert_eq!(
            response.location,
            "https://api.socialidnow.com/v1/marketing/login/sign_ins/9678"
        );
        assert_eq!(response.body.user_id, 341);
        assert_eq!(
            response.body.connection_id,
            "f6a13b09cf19ce1b9eaf849d59f220250210b5c44c10c71033d253de8b61ed9b"
        );
        assert_eq!(response.body.login_token.expose(), LOGIN_TOKEN);
        // Every documented field is modelled: the typed body encodes back to the example.
        assert_eq!(
            &serde_json::to_value(&response.body).unwrap(),
            documented.body.as_ref().unwrap()
        );
        let session = socialid::Session::new(response, &base()).unwrap();
        assert_eq!(session.token().expose(), LOGIN_TOKEN);
    }
}

#[test]
fn created_without_location_is_a_decode_error() {
    let body = r#"{"connection":"c","connection_id":"i","login_token":"t","user_id":1}"#;
    match LoginResponse::from_http(&raw_response(201, body)) {
        Err(LoginError::Decode(e)) => assert_eq!(e.path, "headers.Location"),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn every_documented_status_decodes_into_its_own_variant() {
    fn err(status: u16, body: &str) -> LoginError {
        LoginResponse::from_http(&raw_response(status, body)).unwrap_err()
    }
    assert!(matches!(err(400, ""), LoginError::BadRequest(_)));
    assert!(matches!(err(401, "no"), LoginError::Unauthorized(_)));
    assert!(matches!(err(404, "{}"), LoginError::NotFound(_)));
    assert!(matches!(
        err(500, "<html>oops</html>"),
        LoginError::InternalServerError(_)
    ));
    for (wire, code) in [
        ("active", LoginForbiddenCode::Active),
        ("confirmed", LoginForbiddenCode::Confirmed),
        ("locked", LoginForbiddenCode::Locked),
        ("invalid_password", LoginForbiddenCode::InvalidPassword),
        (
            "rate_limited",
            LoginForbiddenCode::Unknown("rate_limited".into()),
        ),
    ] {
        match err(403, &format!(r#"{{"code":"{wire}"}}"#)) {
            LoginError::Forbidden(body) => {
                assert_eq!(body.code, code);
                assert_eq!(body.code.as_str(), wire);
            }
            other => panic!("403 {wire}: {other:?}"),
        }
    }
    for (status, e) in [(400, err(400, "")), (403, err(403, r#"{"code":"locked"}"#))] {
        assert_eq!(e.status(), status);
    }
    assert_eq!(
        err(403, r#"{"code":"locked"}"#).to_string(),
        "403 Forbidden (code locked)"
    );
}

#[test]
fn undocumented_and_malformed_responses_are_typed_errors() {
    let err =
        |status, body: &str| LoginResponse::from_http(&raw_response(status, body)).unwrap_err();
    match err(418, "I'm a teapot") {
        LoginError::Unexpected(u) => {
            assert_eq!(u.status, 418);
            assert_eq!(u.excerpt.as_str(), "I'm a teapot");
        }
        other => panic!("{other:?}"),
    }
    // A 200 is not the documented success (201) of this endpoint.
    assert!(matches!(err(200, "{}"), LoginError::Unexpected(_)));
    match err(403, r#"{"code": 7}"#) {
        LoginError::Decode(e) => assert_eq!(e.path, "code"),
        other => panic!("{other:?}"),
    }
    let huge = "x".repeat(100_000);
    match err(502, &huge) {
        LoginError::Unexpected(u) => {
            assert!(u.excerpt.as_str().len() <= 512);
            assert_eq!(u.excerpt.total_len(), 100_000);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn no_secret_appears_in_debug_output() {
    let request = LoginRequest::new(
        app(),
        "john_doe_secret",
        LoginUsernameOrEmailAddress::from_username("john_doe"),
    );
    let http_request = request.to_http(&base()).unwrap();
    let body = format!(
        r#"{{"connection":"c","connection_id":"i","login_token":"{LOGIN_TOKEN}","user_id":1}}"#
    );
    let mut ok = raw_response(201, &body);
    ok.headers_mut()
        .insert("location", "https://x.example/1".parse().unwrap());
    let response = LoginResponse::from_http(&ok).unwrap();
    let session = socialid::Session::new(response.clone(), &base()).unwrap();
    // A body that fails to decode after the token: the error must not carry the token.
    let broken = format!(r#"{{"login_token":"{LOGIN_TOKEN}","user_id":"not a number"}}"#);
    let mut bad = raw_response(201, &broken);
    bad.headers_mut()
        .insert("location", "https://x.example/1".parse().unwrap());
    let decode_error = LoginResponse::from_http(&bad).unwrap_err();
    let text = format!(
        "{request:?} {http_request:?} {response:?} {session:?} {decode_error:?} {decode_error}"
    );
    assert_redacted(&text, &["john_doe_secret", APP_SECRET, LOGIN_TOKEN]);
    assert!(text.contains("john_doe"), "non-secret fields stay visible");
}
