//! A tiny Harbor on 127.0.0.1, on the standard library alone: `POST /v1/sessions` logs
//! `ada` in with `correct horse`, `GET /v1/me` answers the holder of the token.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{SystemTime, UNIX_EPOCH};

use loginspec_runtime::serde_json::{Value, json};

const TOKEN: &str = "hb-9f8e7d6c5b4a";

/// Starts the server on a free port; returns its `http://127.0.0.1:PORT`.
pub fn start() -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let address = format!("http://{}", listener.local_addr()?);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = answer(stream);
        }
    });
    Ok(address)
}

fn answer(mut stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let (mut length, mut authorization) = (0, String::new());
    loop {
        let mut header = String::new();
        reader.read_line(&mut header)?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.trim().parse().unwrap_or(0),
                "authorization" => authorization = value.trim().to_owned(),
                _ => {}
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let body: Value = loginspec_runtime::serde_json::from_slice(&body).unwrap_or(Value::Null);

    let (status, reply) = match (method, path) {
        ("POST", "/v1/sessions") if body["user"] == "ada" && body["password"] == "correct horse" => {
            let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
            let user = json!({"id": 7, "display_name": "Ada"});
            (200, json!({"token": TOKEN, "expires": now + 3600, "user": user}))
        }
        ("POST", "/v1/sessions") if body["user"] == "ada" => (401, json!({"reason": "bad_password"})),
        ("POST", "/v1/sessions") => (401, json!({"reason": "unknown_user"})),
        ("GET", "/v1/me") if authorization == format!("Bearer {TOKEN}") => (200, json!({"id": 7})),
        ("GET", "/v1/status") => (200, json!({"up": true})),
        _ => (404, json!({})),
    };
    let reply = reply.to_string();
    write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
        reply.len()
    )
}
