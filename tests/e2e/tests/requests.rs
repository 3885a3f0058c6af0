//! Request shapes end to end, against wiremock servers on 127.0.0.1: an object with
//! alternative shapes (`variants` inside a nested object) is sent as exactly the shape
//! the caller built, with the constant its shape fixes, and nothing of the others; a
//! request's variants each send the tag they fix. (That a request mixing two shapes cannot
//! be built is shown by the crate's `compile_fail` doc tests.)

mod common;

use common::relay_client;

use loginspec_e2e::relay::{
    self, Identifier, IdentifierEmail, IdentifierPhone, IdentifierRecovery, IdentifierUsername,
};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn each_nested_shape_is_sent_as_built() {
    let cases: Vec<(Identifier, bool, serde_json::Value)> = vec![
        (
            IdentifierUsername::new("ada").into(),
            false,
            json!({"identifier": {"username": "ada"}}),
        ),
        (
            IdentifierEmail::new("ada@example.com").into(),
            true,
            json!({"identifier": {"email": "ada@example.com"}, "include_disabled": true}),
        ),
        (
            IdentifierPhone::new("+3312345678").into(),
            false,
            json!({"identifier": {"phone": "+3312345678", "format": "e164"}}),
        ),
        (
            IdentifierPhone::new("+3312345678")
                .with_country("FR")
                .into(),
            false,
            json!({"identifier": {"phone": "+3312345678", "country": "FR", "format": "e164"}}),
        ),
    ];
    for (identifier, include_disabled, expected) in cases {
        let server = MockServer::start().await;
        // The server answers only the exact body; any other is a 404, an error here.
        Mock::given(method("POST"))
            .and(path("/accounts/lookup"))
            .and(body_json(&expected))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"found": true})))
            .expect(1)
            .mount(&server)
            .await;
        let mut request = relay::LookupRequest::new(identifier);
        if include_disabled {
            request = request.with_include_disabled(true);
        }
        let response = relay_client(&server)
            .send(request)
            .await
            .unwrap_or_else(|e| panic!("{expected}: {e}"));
        assert!(response.body.found);
    }
}

/// A secret inside a nested shape is held like a top-level one: an error answer that
/// echoes it shows `***` instead.
#[tokio::test]
async fn a_secret_in_a_nested_shape_is_withheld_from_the_error() {
    const CODE: &str = "rc-5b2e-9f1d";
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/accounts/lookup"))
        .and(body_json(json!({"identifier": {"recovery_code": CODE}})))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_json(json!({"detail": format!("no account for {CODE}")})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let request = relay::LookupRequest::new(IdentifierRecovery::new(CODE).into());
    let error = relay_client(&server)
        .send(request)
        .await
        .expect_err("a 500 is no success");
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains(CODE), "{shown}");
        assert!(shown.contains("no account for ***"), "{shown}");
    }
}

/// Relay's OAuth token request fixes `grant_type` per variant (`const` of a variant): each
/// shape sends its own value, which `new` does not ask for, and no shape can send the
/// other's.
#[tokio::test]
async fn each_variant_sends_the_tag_it_fixes() {
    let cases: Vec<(relay::TokenRequest, serde_json::Value)> = vec![
        (
            relay::TokenPasswordRequest::new("ada", "pw").into(),
            json!({"grant_type": "password", "username": "ada", "password": "pw"}),
        ),
        (
            relay::TokenPasswordRequest::new("ada", "pw")
                .with_scope("profile")
                .into(),
            json!({"grant_type": "password", "username": "ada", "password": "pw", "scope": "profile"}),
        ),
        (
            relay::TokenRefreshTokenRequest::new("rt-1").into(),
            json!({"grant_type": "refresh_token", "refresh_token": "rt-1"}),
        ),
    ];
    for (request, expected) in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .and(body_json(&expected))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "at"})))
            .expect(1)
            .mount(&server)
            .await;
        let response = relay_client(&server)
            .send(request)
            .await
            .unwrap_or_else(|e| panic!("{expected}: {e}"));
        assert_eq!(response.body.access_token.expose(), "at");
    }
}
