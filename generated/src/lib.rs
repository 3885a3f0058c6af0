//! Typed login clients generated at build time from the YAML specs in `specs/`.

pub mod runtime;
