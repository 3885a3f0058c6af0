//! Clients for the specs in `specs/`, each written to exercise constructs of the spec
//! language end to end: [`relay`] (a token in a response header, a relative expiry, a
//! refresh token in the body, a typed later call with path and query parameters) and
//! [`quay`] (a session cookie, a base URL from a discovery field, an optional absolute
//! expiry). The tests in `tests/` log into local servers with them.

loginspec_runtime::include_clients!();

/// The generator's valid fixtures' clients, for the hostile-answer harness: every
/// construct of the spec language, as a user's crate builds it.
pub mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixtures/mod.rs"));
}
