//! A crate of its own that logs into a service with the client loginspec generates from
//! `specs/harbor.yaml`: first with the blocking client, then with the async one, against
//! a small Harbor server this program starts on 127.0.0.1.

mod api {
    loginspec_runtime::include_clients!();
}

mod server;

use api::harbor;
use loginspec_runtime::{BaseUrl, CallError};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = BaseUrl::parse(&format!("{}/v1", server::start()?))?;

    // Blocking, as in a script.
    let client = harbor::BlockingClient::new(base_url.clone())?;
    let status = client.send(harbor::StatusRequest::default())?;
    assert!(status.body.up);
    let session = client.login_session(harbor::LoginRequest::new("ada", "correct horse"))?;
    println!("blocking: logged in, session {session:?}");
    assert!(!session.is_expired());
    let me = client.send(harbor::WhoamiRequest::new(session.token().clone()))?;
    println!("blocking: GET /me answered user {}", me.body.id);
    assert_eq!(me.body.id, 7);

    match client.login_session(harbor::LoginRequest::new("ada", "wrong")) {
        Err(CallError::Api(harbor::LoginError::Unauthorized(refusal))) => {
            println!("blocking: a wrong password is refused: {:?}", refusal.reason);
            assert_eq!(refusal.reason, harbor::LoginUnauthorizedReason::BadPassword);
        }
        other => return Err(format!("expected a typed 401, got {other:?}").into()),
    }

    // Async, on the application's own runtime.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let client = harbor::Client::new(base_url)?;
        let login = harbor::LoginRequest::new("ada", "correct horse").with_remember(true);
        let session = client.login_session(login).await?;
        let left = session.expires_in().ok_or("the login states an expiry")?;
        println!(
            "async: logged in as user {}, token valid for {} more minutes",
            session.login().body.user.id,
            left.as_secs() / 60
        );
        assert!(left > std::time::Duration::from_secs(3500));
        let me = client
            .send(harbor::WhoamiRequest::new(session.token().clone()))
            .await?;
        assert_eq!(me.body.id, 7);
        match client.login_session(harbor::LoginRequest::new("bob", "x")).await {
            Err(CallError::Api(error)) => println!("async: {error}"),
            other => return Err(format!("expected a typed error, got {other:?}").into()),
        }
        Ok::<_, Box<dyn std::error::Error>>(())
    })?;
    println!("your-crate: every call behaved as its spec says");
    Ok(())
}
