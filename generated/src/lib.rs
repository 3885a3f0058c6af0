//! Typed login clients for the bundled specs in `specs/`: [`blink`], [`sama`] and
//! [`socialid`].
//!
//! This crate is built exactly as a user's crate is: `loginspec-runtime` as its one
//! dependency, `loginspec-codegen` as its build-dependency, a `build.rs` that runs the
//! generator, and the [`include_clients!`](loginspec_runtime::include_clients) below.
//! [`runtime`] re-exports the runtime crate for callers of these clients.
//!
//! A client sends the requests of its own service:
//!
//! ```no_run
//! use loginspec_generated::blink;
//!
//! async fn log_in(client: &blink::Client) {
//!     let _ = client.send(blink::LoginRequest::new("me@example.com", "pw")).await;
//! }
//! ```
//!
//! and no other service's:
//!
//! ```compile_fail
//! use loginspec_generated::{blink, sama};
//!
//! async fn log_in(client: &sama::Client) {
//!     let _ = client.send(blink::LoginRequest::new("me@example.com", "pw")).await;
//! }
//! ```

pub use loginspec_runtime as runtime;

loginspec_runtime::include_clients!();
