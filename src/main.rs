//! loginspec: log into documented services with clients generated from YAML specs.
//!
//! Without arguments this walks each bundled service through its documented login with
//! the generated typed client: it builds the documented request, decodes the documented
//! response into a typed session (secrets redacted) and decodes a documented failure
//! into its typed error.

use loginspec_generated::runtime::{BaseUrl, BasicCredentials, Uuid};
use loginspec_generated::{blink, sama, socialid};

fn main() {
    if let Err(err) = run() {
        eprintln!("error: {err}");
        std::process::exit(1);
    }
}

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Result<http::Response<Vec<u8>>> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    Ok(builder.body(body.as_bytes().to_vec())?)
}

fn show(request: &http::Request<Vec<u8>>) {
    let headers: Vec<String> = request
        .headers()
        .iter()
        .map(|(name, value)| match value.is_sensitive() {
            true => format!("{name}: ***"),
            false => format!("{name}: {}", value.to_str().unwrap_or("<binary>")),
        })
        .collect();
    println!("  request:  {} {} [{}]", request.method(), request.uri(), headers.join(", "));
}

fn run() -> Result<()> {
    println!("Blink");
    let base = BaseUrl::parse(blink::DEFAULT_BASE_URL)?;
    let request = blink::LoginRequest::new("anEmail", "aPassword").with_unique_id(Uuid::nil());
    show(&request.to_http(&base)?);
    let body = r#"{"account":{"account_id":1234,"client_id":1234567,"tier":"e002","client_verification_required":false},"auth":{"token":"anAuthTokenString"}}"#;
    let login = blink::LoginResponse::from_http(&response(200, &[], body)?)?;
    let session = blink::Session::new(login, &base)?;
    println!("  session:  base URL {}, token {:?}", session.base_url(), session.token());
    let hostile = body.replace("e002", "evil.example/");
    let login = blink::LoginResponse::from_http(&response(200, &[], &hostile)?)?;
    println!("  hostile tier: {}", blink::Session::new(login, &base).unwrap_err());

    println!("SAMA");
    let base = BaseUrl::parse("http://127.0.0.1:8080")?;
    let request = sama::LoginAccessTokenRequest::new("anAccessToken", "device_u1");
    show(&request.to_http(&base)?);
    let body = r#"{"user":{"_id":"63480e68f4794709f802a2fa","login":"login_u1","created_at":"2022-10-13T13:11:04.447Z","updated_at":"2022-10-13T13:11:04.447Z"},"access_token":"anAccessToken","expired_at":1665666664447}"#;
    let cookie = [("set-cookie", "refresh_token=aRefreshToken; HttpOnly")];
    let login = sama::LoginResponse::from_http(&response(200, &cookie, body)?)?;
    let session = sama::Session::new(login, &base)?;
    println!(
        "  session:  expires at {:?} (expired: {}), refresh token {:?}",
        session.expires_at(),
        session.is_expired(),
        session.refresh_token()
    );

    println!("Social ID");
    let base = BaseUrl::parse(socialid::DEFAULT_BASE_URL)?;
    let app = BasicCredentials::new("138", "e8b9ca24f1b590af67e6271297d6e1f7226625d61c5b5daa1b2f215464e292cf");
    let identity = socialid::LoginUsernameOrEmailAddress::from_username("john_doe");
    let request = socialid::LoginRequest::new(app, "john_doe_secret", identity);
    show(&request.to_http(&base)?);
    let forbidden = socialid::LoginResponse::from_http(&response(403, &[], r#"{"code":"locked"}"#)?);
    match forbidden {
        Err(err) => println!("  typed error: {err}"),
        Ok(_) => println!("  unexpected success"),
    }
    Ok(())
}
