//! loginspec: log into documented services with clients generated from YAML specs.
//!
//! `loginspec` with no arguments starts local simulators of the bundled services on
//! 127.0.0.1 and logs into each with the generated clients, showing a success and a
//! documented failure per service. `loginspec login SERVICE` logs into the real service
//! with credentials from environment variables (never from arguments, which other users
//! of the machine can read).

use std::process::ExitCode;

use loginspec::simulator::{self, Service, accounts};
use loginspec_generated::runtime::ws::WsOptions;
use loginspec_generated::runtime::{BaseUrl, BasicCredentials, CallError, Uuid};
use loginspec_generated::{blink, sama, socialid};

const USAGE: &str = "\
usage: loginspec                 log into local simulators of every bundled service
       loginspec login SERVICE   log into the real SERVICE (blink, sama, socialid)

Credentials come from the environment, never from arguments:
  blink     LOGINSPEC_EMAIL, LOGINSPEC_PASSWORD, optional LOGINSPEC_UNIQUE_ID
  sama      LOGINSPEC_BASE_URL, LOGINSPEC_ORGANIZATION, LOGINSPEC_LOGIN,
            LOGINSPEC_PASSWORD, LOGINSPEC_DEVICE_ID
  socialid  LOGINSPEC_APP_ID, LOGINSPEC_APP_SECRET, LOGINSPEC_USERNAME or
            LOGINSPEC_EMAIL, LOGINSPEC_PASSWORD
LOGINSPEC_BASE_URL overrides the documented base URL of any service.";

type Error = Box<dyn std::error::Error>;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => demo().await,
        ["login", service] => login(service).await,
        ["-h" | "--help" | "help"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Prints a typed result: the value (secrets redacted by its `Debug`) or the typed error.
fn report<T: std::fmt::Debug, E: std::fmt::Display + std::fmt::Debug>(
    what: &str,
    result: &Result<T, CallError<E>>,
) {
    match result {
        Ok(value) => println!("  {what}: ok\n{}", indent(&format!("{value:#?}"))),
        Err(CallError::Api(e)) => println!("  {what}: typed error: {e}"),
        Err(e) => println!("  {what}: {e}"),
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("      {l}\n"))
        .collect::<String>()
        .trim_end()
        .to_owned()
}

async fn demo() -> Result<(), Error> {
    println!("Blink (local simulator)");
    let sim = simulator::start(Service::Blink).await?;
    let client = blink::Client::new(BaseUrl::parse(&sim.base_url())?)?;
    let first = client
        .login_session(blink::LoginRequest::new(
            accounts::BLINK_EMAIL,
            accounts::BLINK_PASSWORD,
        ))
        .await;
    match &first {
        Ok(blink::LoginOutcome::VerificationRequired(session)) => println!(
            "  new client: verification required before use (token {:?}, next host {})",
            session.token(),
            session.base_url()
        ),
        other => report("new client", other),
    }
    let verified = blink::LoginRequest::new(accounts::BLINK_EMAIL, accounts::BLINK_PASSWORD)
        .with_unique_id(Uuid::parse_str(accounts::BLINK_VERIFIED_CLIENT)?)
        .with_reauth(true);
    match client.login_session(verified).await {
        Ok(blink::LoginOutcome::Ready(session)) => println!(
            "  verified client: session ready, later calls go to {} with TOKEN_AUTH {:?}",
            session.base_url(),
            session.token()
        ),
        other => report("verified client", &other),
    }
    let wrong = client
        .send(blink::LoginRequest::new(accounts::BLINK_EMAIL, "wrong"))
        .await;
    report(
        "wrong password (no error status is documented)",
        &wrong.map(|_| ()),
    );

    println!("SAMA (local simulator)");
    let sim = simulator::start(Service::Sama).await?;
    let client = sama::Client::new(BaseUrl::parse(&sim.base_url())?)?;
    let password = sama::LoginPasswordRequest::new(
        accounts::SAMA_ORGANIZATION,
        accounts::SAMA_LOGIN,
        accounts::SAMA_PASSWORD,
        "device_u1",
    );
    let session = client.login_session(password).await;
    match &session {
        Ok(s) => println!(
            "  login and password: session for {} until {:?}, token {:?}, refresh token {:?}",
            s.login().body.user.login,
            s.expires_at(),
            s.token(),
            s.refresh_token()
        ),
        Err(e) => println!("  login and password: {e}"),
    }
    if let Ok(session) = &session
        && let Some(refresh) = session.refresh_token()
    {
        let again = client
            .login_session(sama::LoginRefreshTokenRequest::new(
                refresh.clone(),
                "device_u1",
            ))
            .await;
        match again {
            Ok(s) => println!(
                "  refresh-token cookie: new session, expired: {}, new refresh token: {}",
                s.is_expired(),
                s.refresh_token().is_some()
            ),
            Err(e) => println!("  refresh-token cookie: {e}"),
        }
        let socket = simulator::start_sama_socket().await?;
        match session
            .connect_socket(&socket.ws_url(), "device_u1", WsOptions::new())
            .await
        {
            Ok((mut ws, answer)) => {
                println!(
                    "  websocket connect: success {} ({} server event(s) kept aside)",
                    answer.success,
                    ws.take_events().len()
                );
                ws.close().await?;
            }
            Err(e) => println!("  websocket connect: {e}"),
        }
        let stale = sama::ConnectMessageRequest::new("not-a-token-of-ours", "device_u1");
        let mut ws = sama::Socket::open(&socket.ws_url(), WsOptions::new()).await?;
        match ws.connect(stale).await {
            Err(e) => println!("  websocket connect with a stale token: typed error: {e}"),
            Ok(answer) => println!("  websocket connect with a stale token: {answer:?}"),
        }
    }
    let wrong = sama::LoginPasswordRequest::new(
        accounts::SAMA_ORGANIZATION,
        accounts::SAMA_LOGIN,
        "wrong",
        "device_u1",
    );
    report(
        "wrong password (no error status is documented)",
        &client.send(wrong).await.map(|_| ()),
    );

    println!("Social ID (local simulator)");
    let sim = simulator::start(Service::SocialId).await?;
    let client =
        socialid::Client::new(BaseUrl::parse(&format!("{}/v1/marketing", sim.base_url()))?)?;
    let app = || BasicCredentials::new(accounts::SOCIALID_APP_ID, accounts::SOCIALID_APP_SECRET);
    let by = socialid::LoginUsernameOrEmailAddress::from_email_address;
    let ok = client
        .login_session(socialid::LoginRequest::new(
            app(),
            accounts::SOCIALID_PASSWORD,
            by(accounts::SOCIALID_EMAIL),
        ))
        .await;
    match &ok {
        Ok(session) => println!(
            "  e-mail and password: signed in at {} with login token {:?}",
            session.login().location,
            session.token()
        ),
        Err(e) => println!("  e-mail and password: {e}"),
    }
    let by = socialid::LoginUsernameOrEmailAddress::from_username;
    for (what, user, password) in [
        ("wrong password", accounts::SOCIALID_USERNAME, "wrong"),
        ("locked user", accounts::SOCIALID_LOCKED, "any"),
        ("unknown user", "nobody", "any"),
    ] {
        let result = client
            .send(socialid::LoginRequest::new(app(), password, by(user)))
            .await;
        report(what, &result.map(|_| ()));
    }
    let bad_app = BasicCredentials::new(accounts::SOCIALID_APP_ID, "not-the-secret");
    let result = client
        .send(socialid::LoginRequest::new(
            bad_app,
            accounts::SOCIALID_PASSWORD,
            by(accounts::SOCIALID_USERNAME),
        ))
        .await;
    report("wrong app secret", &result.map(|_| ()));
    Ok(())
}

fn env(name: &str) -> Result<String, Error> {
    std::env::var(name).map_err(|_| format!("set {name} (see `loginspec --help`)").into())
}

fn base_url(default: Option<&str>) -> Result<BaseUrl, Error> {
    let url = match std::env::var("LOGINSPEC_BASE_URL") {
        Ok(url) => url,
        Err(_) => default
            .ok_or("set LOGINSPEC_BASE_URL: the document names no host")?
            .to_owned(),
    };
    Ok(BaseUrl::parse(&url)?)
}

async fn login(service: &str) -> Result<(), Error> {
    match service {
        "blink" => {
            let client = blink::Client::new(base_url(Some(blink::DEFAULT_BASE_URL))?)?;
            let mut request =
                blink::LoginRequest::new(env("LOGINSPEC_EMAIL")?, env("LOGINSPEC_PASSWORD")?);
            if let Ok(id) = std::env::var("LOGINSPEC_UNIQUE_ID") {
                request = request
                    .with_unique_id(Uuid::parse_str(&id)?)
                    .with_reauth(true);
            }
            let result = client.login_session(request).await;
            report("login", &result);
            result.map(|_| ()).map_err(Into::into)
        }
        "sama" => {
            let client = sama::Client::new(base_url(None)?)?;
            let request = sama::LoginPasswordRequest::new(
                env("LOGINSPEC_ORGANIZATION")?,
                env("LOGINSPEC_LOGIN")?,
                env("LOGINSPEC_PASSWORD")?,
                env("LOGINSPEC_DEVICE_ID")?,
            );
            let result = client.login_session(request).await;
            report("login", &result);
            result.map(|_| ()).map_err(Into::into)
        }
        "socialid" => {
            let client = socialid::Client::new(base_url(Some(socialid::DEFAULT_BASE_URL))?)?;
            let app = BasicCredentials::new(env("LOGINSPEC_APP_ID")?, env("LOGINSPEC_APP_SECRET")?);
            let identity = match (
                std::env::var("LOGINSPEC_USERNAME"),
                std::env::var("LOGINSPEC_EMAIL"),
            ) {
                (Ok(user), Ok(email)) => socialid::LoginUsernameOrEmailAddress::from_username(user)
                    .with_email_address(email),
                (Ok(user), Err(_)) => socialid::LoginUsernameOrEmailAddress::from_username(user),
                (Err(_), Ok(email)) => {
                    socialid::LoginUsernameOrEmailAddress::from_email_address(email)
                }
                (Err(_), Err(_)) => return Err("set LOGINSPEC_USERNAME or LOGINSPEC_EMAIL".into()),
            };
            let result = client
                .login_session(socialid::LoginRequest::new(
                    app,
                    env("LOGINSPEC_PASSWORD")?,
                    identity,
                ))
                .await;
            report("login", &result);
            result.map(|_| ()).map_err(Into::into)
        }
        other => Err(format!("unknown service `{other}`: use blink, sama or socialid").into()),
    }
}
