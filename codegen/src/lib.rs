//! loginspec's generator: YAML spec -> checked model -> Rust source.

pub mod diag;
pub mod ident;
pub mod load;
pub mod spec;
