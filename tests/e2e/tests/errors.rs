//! Typed errors end to end, against wiremock servers on 127.0.0.1: an error code and a
//! message read from inside an array of the error body, and the error's `Display` as the
//! server meant it; one error envelope shared by statuses and endpoints, and a
//! service-level status every endpoint answers; retry hints from a header or a body
//! field; and constant request fields, sent without being asked for.

mod common;

use common::relay_client;

use std::time::{Duration, SystemTime};

use loginspec_e2e::relay;
use loginspec_runtime::{BaseUrl, CallError, RetryAfter};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn refuse_login(server: &MockServer, body: serde_json::Value) -> relay::LoginError {
    Mock::given(method("POST"))
        .and(path("/sessions"))
        .respond_with(ResponseTemplate::new(403).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
    let request = relay::LoginRequest::new("ada", "pw");
    match relay_client(server).send(request).await {
        Err(CallError::Api(error)) => error,
        other => panic!("expected the typed 403, got {other:?}"),
    }
}

#[tokio::test]
async fn an_error_code_and_message_inside_an_array_are_read_and_shown() {
    let server = MockServer::start().await;
    let error = refuse_login(
        &server,
        json!({"errors": [
            {"code": "locked", "message": "too many attempts, try again in an hour"},
            {"code": "disabled"}
        ]}),
    )
    .await;
    let relay::LoginError::Refused(body) = &error else {
        panic!("expected Refused, got {error:?}");
    };
    assert_eq!(body.error_code(), Some(&relay::ProblemCode::Locked));
    assert_eq!(body.errors.len(), 2);
    assert_eq!(
        error.to_string(),
        "403 Forbidden: too many attempts, try again in an hour (code locked)"
    );
}

#[tokio::test]
async fn an_unknown_code_is_kept_and_an_empty_array_has_no_code() {
    let server = MockServer::start().await;
    let error = refuse_login(&server, json!({"errors": [{"code": "suspended"}]})).await;
    let relay::LoginError::Refused(body) = &error else {
        panic!("expected Refused, got {error:?}");
    };
    assert_eq!(
        body.error_code(),
        Some(&relay::ProblemCode::Unknown("suspended".to_owned()))
    );
    assert_eq!(error.to_string(), "403 Forbidden (code suspended)");

    let server = MockServer::start().await;
    let error = refuse_login(&server, json!({"errors": []})).await;
    let relay::LoginError::Refused(body) = &error else {
        panic!("expected Refused, got {error:?}");
    };
    assert_eq!(body.error_code(), None);
    assert_eq!(error.to_string(), "403 Forbidden");
}

#[tokio::test]
async fn a_status_without_a_body_reads_as_its_reason_phrase() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/sessions"))
        .respond_with(ResponseTemplate::new(401).set_body_string("nope"))
        .mount(&server)
        .await;
    let request = relay::LoginRequest::new("ada", "pw");
    let error = match relay_client(&server).send(request).await {
        Err(CallError::Api(error)) => error,
        other => panic!("expected the typed 401, got {other:?}"),
    };
    assert!(matches!(error, relay::LoginError::Unauthorized(_)));
    assert_eq!(error.to_string(), "401 Unauthorized");
}

/// Relay's login fixes `grant_type` and `scope` (`const`): `new` does not ask for them,
/// and the body holds them, in the spec's order, exactly as the spec writes them. (Every
/// login of `sessions.rs` also sends them to a server that checks the whole body.)
#[test]
fn constant_fields_are_sent_and_never_asked_for() {
    let request = relay::LoginRequest::new("ada", "pw");
    let shown = format!("{request:?}");
    assert!(shown.contains(r#"grant_type: "password""#), "{shown}");
    assert!(!shown.contains("pw\""), "{shown}");
    let request = loginspec_runtime::Endpoint::to_http(
        &request,
        &BaseUrl::parse("http://127.0.0.1:1").unwrap(),
    )
    .unwrap();
    assert_eq!(
        std::str::from_utf8(request.body().as_bytes()).unwrap(),
        r#"{"grant_type":"password","user":"ada","password":"pw","scope":["login","profile"]}"#
    );
}

/// Relay's login documents a `429` with a `Retry-After` header (seconds or an HTTP date),
/// a rate-limit count, the time it is lifted and its window: the typed error carries
/// them, typed, `retry_after()` reads the hint, and nothing is sent again.
#[tokio::test]
async fn a_429_carries_its_retry_hint_and_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/sessions"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "120")
                .insert_header("X-RateLimit-Remaining", "0")
                .insert_header("X-RateLimit-Reset", "1445412480")
                .insert_header("X-RateLimit-Window", "900")
                .set_body_json(json!({"message": "slow down"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let request = relay::LoginRequest::new("ada", "pw");
    let error = match relay_client(&server).send(request).await {
        Err(CallError::Api(error)) => error,
        other => panic!("expected the typed 429, got {other:?}"),
    };
    assert_eq!(
        error.retry_after(),
        Some(RetryAfter::Delay(Duration::from_secs(120)))
    );
    let relay::LoginError::SlowDown(answer) = &error else {
        panic!("expected SlowDown, got {error:?}");
    };
    assert_eq!(answer.x_rate_limit_remaining, Some(0));
    assert_eq!(
        answer.x_rate_limit_reset,
        Some(loginspec_runtime::UnixSeconds(1_445_412_480))
    );
    assert_eq!(answer.x_rate_limit_window, Some(Duration::from_secs(900)));
    assert_eq!(error.to_string(), "429 Too Many Requests: slow down");
}

#[tokio::test]
async fn a_retry_date_and_a_broken_hint() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/sessions"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")
                .set_body_json(json!({})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/sessions"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "soon")
                .set_body_json(json!({})),
        )
        .mount(&server)
        .await;
    let client = relay_client(&server);
    let error = match client.send(relay::LoginRequest::new("ada", "pw")).await {
        Err(CallError::Api(error)) => error,
        other => panic!("expected the typed 429, got {other:?}"),
    };
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
    assert_eq!(error.retry_after(), Some(RetryAfter::At(at)));
    // A hint that is neither seconds nor a date is a decode error of that header.
    match client.send(relay::LoginRequest::new("ada", "pw")).await {
        Err(CallError::Api(relay::LoginError::Decode(e))) => {
            assert_eq!(e.path, "headers.Retry-After");
            assert_eq!(e.status, 429);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// What a test reads from Relay's shared envelope: taking `&relay::Problems` shows that
/// the login's 403 and every endpoint's 503 hold one and the same Rust type.
fn first_code(problems: &relay::Problems) -> Option<&relay::ProblemCode> {
    problems.error_code()
}

/// Relay declares its error envelope once (`types: Problems`), as the body of the
/// login's 403 and of the service-level 503 (`errors:`), which neither `login` nor
/// `refresh` documents: each endpoint's error enum has the 503, decoded into the shared
/// type, with its code, message and the body's retry hint in milliseconds.
#[tokio::test]
async fn a_shared_envelope_and_a_service_level_status_reach_every_endpoint() {
    let server = MockServer::start().await;
    let overloaded = json!({
        "errors": [{"code": "overloaded", "message": "come back later"}],
        "retry_after_ms": 1500
    });
    for route in ["/sessions/refresh", "/sessions"] {
        Mock::given(method("POST"))
            .and(path(route))
            .respond_with(ResponseTemplate::new(503).set_body_json(&overloaded))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = relay_client(&server);

    // An endpoint that documents a 401 of its own, and no 503.
    let request = relay::RefreshRequest::new("rt", "phone");
    let error = match client.send(request).await {
        Err(CallError::Api(error)) => error,
        other => panic!("expected the typed 503, got {other:?}"),
    };
    let relay::RefreshError::Unavailable(problems) = &error else {
        panic!("expected Unavailable, got {error:?}");
    };
    assert_eq!(first_code(problems), Some(&relay::ProblemCode::Overloaded));
    assert_eq!(error.status(), 503);
    assert_eq!(
        error.to_string(),
        "503 Service Unavailable: come back later (code overloaded)"
    );
    assert_eq!(
        error.retry_after(),
        Some(RetryAfter::Delay(Duration::from_millis(1500)))
    );

    // The login answers the same status into the same type.
    let error = match client.send(relay::LoginRequest::new("ada", "pw")).await {
        Err(CallError::Api(error)) => error,
        other => panic!("expected the typed 503, got {other:?}"),
    };
    let relay::LoginError::Unavailable(problems) = &error else {
        panic!("expected Unavailable, got {error:?}");
    };
    assert_eq!(first_code(problems), Some(&relay::ProblemCode::Overloaded));
}

/// The login's 403 holds the shared envelope too; without a hint, and with a negative
/// one, `retry_after()` is `None` (a hint is never invented).
#[tokio::test]
async fn a_403_in_the_shared_envelope_with_and_without_a_retry_hint() {
    let server = MockServer::start().await;
    let error = refuse_login(
        &server,
        json!({"errors": [{"code": "locked"}], "retry_after_ms": 60000}),
    )
    .await;
    let relay::LoginError::Refused(problems) = &error else {
        panic!("expected Refused, got {error:?}");
    };
    assert_eq!(first_code(problems), Some(&relay::ProblemCode::Locked));
    assert_eq!(
        error.retry_after(),
        Some(RetryAfter::Delay(Duration::from_secs(60)))
    );

    let server = MockServer::start().await;
    let error = refuse_login(&server, json!({"errors": [{"code": "locked"}]})).await;
    assert_eq!(error.retry_after(), None);

    let server = MockServer::start().await;
    let error = refuse_login(
        &server,
        json!({"errors": [{"code": "locked"}], "retry_after_ms": -5}),
    )
    .await;
    assert!(matches!(error, relay::LoginError::Refused(_)), "{error:?}");
    assert_eq!(error.retry_after(), None);
}

/// A server that echoes the password it was sent, under a name that looks like nothing
/// (`detail`), in plain text, or inside the documented message: no error shows it. The
/// client withholds what the request held, wherever the answer repeats it.
#[tokio::test]
async fn a_password_the_server_echoes_is_withheld_from_every_error() {
    const PASSWORD: &str = "correct-horse-battery";
    let answers = [
        ResponseTemplate::new(500)
            .set_body_json(json!({"detail": format!("user ada with {PASSWORD} refused")})),
        ResponseTemplate::new(502).set_body_string(format!("bad gateway: pw={PASSWORD}&u=ada")),
        ResponseTemplate::new(403).set_body_json(json!({"errors": [
            {"code": "locked", "message": format!("{PASSWORD} is locked")}
        ]})),
        ResponseTemplate::new(403).set_body_json(json!({"errors": [{"code": PASSWORD}]})),
    ];
    for answer in answers {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/sessions"))
            .respond_with(answer)
            .mount(&server)
            .await;
        let request = relay::LoginRequest::new("ada", PASSWORD);
        let error = match relay_client(&server).send(request).await {
            Err(CallError::Api(error)) => error,
            other => panic!("expected a typed error, got {other:?}"),
        };
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains("horse"), "{shown}");
        }
        if let relay::LoginError::Refused(problems) = &error {
            // The decoded body holds `***` where the server wrote the password.
            let first = &problems.errors[0];
            assert!(
                first.message.as_deref() == Some("*** is locked")
                    || first.code == relay::ProblemCode::Unknown("***".to_owned()),
                "{first:?}"
            );
        }
    }
}
