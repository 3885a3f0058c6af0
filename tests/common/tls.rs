//! A one-shot HTTPS server on 127.0.0.1 for a given host name, with its own test CA, so
//! a client can follow a real `https://<host>` URL to loopback (`Options::resolve`) and
//! trust it (`Options::add_root_certificate_pem`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, mpsc};

use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

/// What the server received.
#[derive(Debug)]
pub struct Received {
    /// The TLS server name the client asked for.
    pub sni: Option<String>,
    /// The request line, e.g. `GET /path HTTP/1.1`.
    pub request_line: String,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
}

impl Received {
    /// The value of a header, by lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A running server: its address, the CA to trust, and what it received.
pub struct HttpsServer {
    /// Where it listens.
    pub addr: SocketAddr,
    /// The PEM of the CA that signed its certificate.
    pub ca_pem: String,
    /// One entry per request served.
    pub received: mpsc::Receiver<Result<Received, String>>,
}

/// Serves `requests` requests for `host`, each answered `200` with `body`.
pub fn serve(host: &str, requests: usize, body: &'static str) -> HttpsServer {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
    let mut ca = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca, KeyPair::generate().expect("CA key")).expect("CA");
    let key = KeyPair::generate().expect("server key");
    let cert = CertificateParams::new(vec![host.to_owned()])
        .expect("server parameters")
        .signed_by(&key, &ca)
        .expect("server certificate");
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("TLS versions")
    .with_no_client_auth()
    .with_single_cert(
        vec![cert.der().clone()],
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
    )
    .expect("server config");
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let result = stream.map_err(|e| e.to_string()).and_then(|tcp| {
                let conn = rustls::ServerConnection::new(Arc::clone(&config))
                    .map_err(|e| e.to_string())?;
                let mut tls = rustls::StreamOwned::new(conn, tcp);
                let received = read_request(&mut tls)?;
                let response = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                tls.write_all(response.as_bytes()).map_err(|e| e.to_string())?;
                tls.conn.send_close_notify();
                let _ = tls.flush();
                Ok(Received {
                    sni: tls.conn.server_name().map(str::to_owned),
                    ..received
                })
            });
            if tx.send(result).is_err() {
                break;
            }
        }
    });
    HttpsServer {
        addr,
        ca_pem: ca.pem(),
        received: rx,
    }
}

fn read_request(stream: &mut impl Read) -> Result<Received, String> {
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    reader
        .read_line(&mut request_line)
        .map_err(|e| e.to_string())?;
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).map_err(|e| e.to_string())?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    Ok(Received {
        sni: None,
        request_line: request_line.trim_end().to_owned(),
        headers,
    })
}
