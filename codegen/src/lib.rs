//! loginspec's generator: YAML spec -> checked model -> Rust source.

pub mod ident;
