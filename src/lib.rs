//! loginspec: log into documented services with clients generated from YAML specs.
//!
//! The generated clients live in the `loginspec-generated` crate; this crate holds the
//! command-line program and local simulators of the bundled services.

pub mod simulator;
