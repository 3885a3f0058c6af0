//! Typed login clients generated at build time from the YAML specs in `specs/`.
//!
//! One module per spec ([`blink`], [`sama`], [`socialid`]), plus [`runtime`], the
//! hand-written helpers they share (secrets, base URLs, request building, decoding).

pub mod runtime;
pub mod transport;
pub mod ws;

include!(concat!(env!("OUT_DIR"), "/mod.rs"));
