//! Writes synthetic specs in the loginspec language: one service with `n` login-shaped
//! endpoints, the shape the benchmarks measure.
//!
//! Each endpoint is a `POST` with a JSON body of 4 fields (one optional); its success is
//! `200`, or `201` with a `Location` header on every other endpoint, with a body of 6
//! fields, one of them a nested object of 3 fields; and it documents 3 errors: `400` and
//! `401` without a body, `403` with a JSON body carrying a `code` enum. The first endpoint
//! also declares the service's session (token, bearer scheme, expiry).
//!
//! Shared by `benches/generate.rs` and `examples/synthetic_specs.rs` with `#[path]`.

use std::fmt::Write as _;

/// The file name the synthetic spec is given in diagnostics and on disk.
pub const FILE_NAME: &str = "synthetic.yaml";

/// The source of a spec with `n` login-shaped endpoints.
pub fn spec(n: usize) -> String {
    let mut out = String::with_capacity(2_000 + n * 2_200);
    out.push_str(
        "\
# Synthetic spec for the benchmarks: login-shaped endpoints, all of one shape.
loginspec: 1

service:
  name: synthetic
  title: Synthetic
  description: A synthetic service whose endpoints all have the shape of a login.
  base_url: https://api.example.com

auth:
  bearer_token:
    type: bearer
    description: The session token, sent as a bearer token.

endpoints:
",
    );
    for i in 0..n {
        endpoint(&mut out, i);
    }
    out
}

/// Appends endpoint number `i`.
fn endpoint(out: &mut String, i: usize) {
    let name = format!("login_{i:04}");
    let camel = format!("Login{i:04}");
    let (status, location) = if i % 2 == 1 {
        (
            201,
            "
        headers:
          Location:
            type: string
            description: URL of the session that was created.",
        )
    } else {
        (200, "")
    };
    let session = if i == 0 {
        "
    session:
      token: token
      send_as: bearer_token
      expires_at: expires_at"
    } else {
        ""
    };
    // `write!` to a `String` cannot fail.
    let _ = write!(
        out,
        "  {name}:
    method: POST
    path: /v1/accounts/{i:04}/login
    summary: Log in to account {i}
    description: Creates a session from a user name and a password.
    headers:
      Content-Type: application/json
    body:
      fields:
        username:
          type: string
          description: The user name.
        password:
          type: secret
          description: The password.
        device_id:
          type: string
          description: Identifies the device that logs in.
        remember:
          type: boolean
          required: false
          description: Whether the session outlives the browser session.
    responses:
      {status}:
        description: The session was created.{location}
        body:
          fields:
            token:
              type: secret
              description: The session token.
            user_id:
              type: integer
              description: The user that logged in.
            expires_at:
              type: unix_s
              description: When the token expires.
            scope:
              type: string
              description: What the token may be used for.
            verified:
              type: boolean
              required: false
              description: Whether the user has verified their e-mail address.
            account:
              type: object
              type_name: {camel}Account
              description: The account of the user.
              fields:
                id:
                  type: integer
                  description: Account identifier.
                name:
                  type: string
                  description: Account name.
                tier:
                  type: string
                  description: Service tier of the account.
      400:
        description: The request is malformed.
      401:
        description: Wrong user name or password.
      403:
        description: The login was refused.
        body:
          fields:
            code:
              type: enum
              description: Why the login was refused.
              values:
                locked: The user is locked after too many attempts.
                disabled: The account is disabled.
                expired_password: The password must be changed first.
        error_code: code{session}
"
    );
}
