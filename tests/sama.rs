//! SAMA: the three request variants, the documented response with its refresh-token
//! cookie and expiry, the websocket frames, and redaction.

mod common;

use common::{
    assert_headers, assert_redacted, example, http_response, json_body, raw_response, spec,
};
use loginspec_generated::runtime::{BaseUrl, Endpoint, FromHttp, UnixMillis};
use loginspec_generated::sama::{
    ConnectMessageRequest, ConnectMessageResponse, LoginAccessTokenRequest, LoginError,
    LoginPasswordRequest, LoginRefreshTokenRequest, LoginRequest, LoginResponse, Session,
    UserLoginMessageResponse,
};

// The document names no host; any base URL is given by the caller.
const BASE: &str = "https://api.sama.example";

fn base() -> BaseUrl {
    BaseUrl::parse(BASE).unwrap()
}

fn documented_response() -> LoginResponse {
    let ex = example(&spec("sama"), "login", "password");
    LoginResponse::from_http(&http_response(ex.response.as_ref().unwrap())).unwrap()
}

#[test]
fn password_variant_encodes_to_the_documented_json() {
    let ex = example(&spec("sama"), "login", "password");
    let documented = ex.request.as_ref().unwrap();
    let request: LoginRequest = LoginPasswordRequest::new(
        "680a2fae96cc69d78861f101",
        "login_u1",
        "u1_password",
        "device_u1",
    )
    .into();
    let request = request.to_http(&base()).unwrap();
    assert_eq!(request.uri().to_string(), format!("{BASE}/login"));
    assert_headers(&request, documented);
    assert!(request.headers().get(http::header::AUTHORIZATION).is_none());
    assert_eq!(&json_body(&request), documented.body.as_ref().unwrap());
}

#[test]
fn access_token_variant_sends_the_bearer_header() {
    let ex = example(&spec("sama"), "login", "access_token");
    let documented = ex.request.as_ref().unwrap();
    let request = LoginAccessTokenRequest::new("anAccessToken", "device_u1")
        .to_http(&base())
        .unwrap();
    assert_headers(&request, documented);
    assert!(request.headers()[http::header::AUTHORIZATION].is_sensitive());
    assert_eq!(&json_body(&request), documented.body.as_ref().unwrap());
}

#[test]
fn refresh_token_variant_sends_the_cookie() {
    let request = LoginRefreshTokenRequest::new("aRefreshToken", "device_u1")
        .to_http(&base())
        .unwrap();
    let cookie = &request.headers()[http::header::COOKIE];
    assert_eq!(cookie.to_str().unwrap(), "refresh_token=aRefreshToken");
    assert!(cookie.is_sensitive());
    assert_eq!(
        json_body(&request),
        serde_json::json!({"device_id": "device_u1"})
    );
}

#[test]
fn example_response_decodes_with_the_documented_values() {
    let ex = example(&spec("sama"), "login", "password");
    let response = documented_response();
    assert_eq!(response.body.user.id, "63480e68f4794709f802a2fa");
    assert_eq!(response.body.user.login, "login_u1");
    assert_eq!(
        response.body.user.created_at.to_string(),
        "2022-10-13T13:11:04.447Z"
    );
    assert_eq!(response.body.access_token.expose(), "anAccessToken");
    assert_eq!(response.body.expired_at, UnixMillis(1665666664447));
    assert_eq!(
        response.refresh_token.as_ref().unwrap().expose(),
        "aRefreshToken"
    );
    assert_eq!(
        &serde_json::to_value(&response.body).unwrap(),
        ex.response.as_ref().unwrap().body.as_ref().unwrap()
    );
}

#[test]
fn the_session_holds_token_expiry_and_refresh_token() {
    let session = Session::new(documented_response(), &base()).unwrap();
    assert_eq!(session.token().expose(), "anAccessToken");
    assert_eq!(
        session.expires_at(),
        UnixMillis(1665666664447).to_system_time()
    );
    assert!(session.expires_at().is_some());
    assert!(session.is_expired(), "October 2022 is in the past");
    assert_eq!(session.refresh_token().unwrap().expose(), "aRefreshToken");
    assert_eq!(session.base_url(), &base());
    let later = session.request(http::Method::GET, "/users/me").unwrap();
    assert_eq!(
        later.headers()[http::header::AUTHORIZATION]
            .to_str()
            .unwrap(),
        "Bearer anAccessToken"
    );

    let mut fresh = documented_response();
    fresh.body.expired_at = UnixMillis(i64::MAX);
    fresh.refresh_token = None;
    let session = Session::new(fresh, &base()).unwrap();
    assert!(!session.is_expired());
    assert!(session.refresh_token().is_none());
}

#[test]
fn undocumented_statuses_and_bad_bodies_are_typed_errors() {
    for status in [400, 401, 403, 404, 500] {
        assert!(matches!(
            LoginResponse::from_http(&raw_response(status, "{}")),
            Err(LoginError::Unexpected(_))
        ));
    }
    let wrong = r#"{"user":{"_id":"1","login":"l","created_at":"yesterday","updated_at":"2022-10-13T13:11:04.447Z"},"access_token":"t","expired_at":1}"#;
    match LoginResponse::from_http(&raw_response(200, wrong)) {
        Err(LoginError::Decode(e)) => assert_eq!(e.path, "user.created_at"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn websocket_frames_match_the_documented_examples() {
    let spec = spec("sama");
    let ws = spec.websocket.as_ref().unwrap();
    let frame = |name: &str| ws.examples.iter().find(|e| e.name == name).unwrap().clone();
    let parse = |text: String| serde_json::from_str::<serde_json::Value>(&text).unwrap();

    let connect = frame("connect");
    let sent = ConnectMessageRequest::new("access_token", "device_u1")
        .to_frame("RequestId")
        .unwrap();
    assert_eq!(parse(sent), connect.request.unwrap());
    let answer = &connect.response.unwrap()["response"];
    let decoded: ConnectMessageResponse = serde_json::from_value(answer.clone()).unwrap();
    assert!(decoded.success);

    #[allow(deprecated)]
    {
        use loginspec_generated::sama::{
            UserLoginMessagePasswordRequest, UserLoginMessageRequest, UserLoginMessageTokenRequest,
        };
        let password = frame("user_login_password");
        let request: UserLoginMessageRequest = UserLoginMessagePasswordRequest::new(
            "680a2fae96cc69d78861f101",
            "user_1",
            "user_paswword_1",
            "xxx-yyy-zzz",
        )
        .into();
        assert_eq!(
            parse(request.to_frame("RequestId").unwrap()),
            password.request.unwrap()
        );
        let answer = &password.response.unwrap()["response"];
        let decoded: UserLoginMessageResponse = serde_json::from_value(answer.clone()).unwrap();
        assert_eq!(decoded.user.login, "user_1");
        assert_eq!(decoded.token.expose(), "aToken");

        let token = frame("user_login_token");
        let request = UserLoginMessageTokenRequest::new("aToken");
        assert_eq!(
            parse(request.to_frame("RequestId").unwrap()),
            token.request.unwrap()
        );
    }
}

#[test]
fn no_secret_appears_in_debug_output() {
    let password = LoginPasswordRequest::new("org", "login_u1", "u1_password", "device_u1");
    let bearer = LoginAccessTokenRequest::new("anAccessToken", "device_u1");
    let refresh = LoginRefreshTokenRequest::new("aRefreshToken", "device_u1");
    let response = documented_response();
    let session = Session::new(response.clone(), &base()).unwrap();
    let connect = ConnectMessageRequest::new("anAccessToken", "device_u1");
    let text = format!(
        "{password:?} {bearer:?} {refresh:?} {:?} {response:?} {session:?} {connect:?}",
        bearer.to_http(&base()).unwrap()
    );
    assert_redacted(&text, &["u1_password", "anAccessToken", "aRefreshToken"]);
    assert!(text.contains("device_u1"));
}
