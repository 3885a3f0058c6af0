//! Clients for the specs in `specs/`, each written to exercise constructs of the spec
//! language end to end: [`relay`] (a token in a response header, a relative expiry, a
//! refresh token in the body, a typed later call with path and query parameters) and
//! [`quay`] (a session cookie, a base URL from a discovery field, an optional absolute
//! expiry). The tests in `tests/` log into local servers with them.
//!
//! Relay's `lookup` names an account by one of its identifiers (`variants` inside a
//! nested object): each shape is a struct of its own fields, so a request that mixes
//! two cannot be built.
//!
//! ```compile_fail
//! // An identifier by user name has no e-mail address to fill.
//! let _ = loginspec_e2e::relay::IdentifierUsername {
//!     username: "ada".to_owned(),
//!     email: "ada@example.com".to_owned(),
//! };
//! ```
//!
//! ```compile_fail
//! // The request takes an identifier, not loose fields.
//! let _ = loginspec_e2e::relay::LookupRequest::new("ada");
//! ```
//!
//! ```compile_fail
//! // The tag a variant fixes (`grant_type`) is no field a caller can set.
//! let mut request = loginspec_e2e::relay::TokenRefreshTokenRequest::new("rt-1");
//! request.grant_type = "password".into();
//! ```
//!
//! ```
//! use loginspec_e2e::relay::{Identifier, IdentifierPhone, LookupRequest};
//! let by_phone: Identifier = IdentifierPhone::new("+3312345678").with_country("FR").into();
//! let _ = LookupRequest::new(by_phone);
//! ```

loginspec_runtime::include_clients!();

/// The generator's valid fixtures' clients, for the hostile-answer harness: every
/// construct of the spec language, as a user's crate builds it.
pub mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixtures/mod.rs"));
}
