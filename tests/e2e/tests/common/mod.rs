//! What the end-to-end tests share: client options for a local server, and a Relay
//! client for one.

use std::time::Duration;

use loginspec_e2e::relay;
use loginspec_runtime::{AsyncTransport, BaseUrl, Options};
use wiremock::MockServer;

/// Options for a server on 127.0.0.1: a short timeout, and no proxy from the environment.
pub fn options() -> Options {
    Options::new()
        .timeout(Duration::from_secs(5))
        .proxy_from_env(false)
}

/// A Relay client whose base URL is `server`'s.
pub fn relay_client(server: &MockServer) -> relay::Client {
    let base = BaseUrl::parse(&server.uri()).unwrap();
    relay::Client::with_transport(AsyncTransport::new(options()).unwrap(), base)
}
