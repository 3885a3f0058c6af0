//! Macros through which generated code asks for an optional part of this crate.
//!
//! A `cfg(feature = …)` written into generated code would be read against the crate
//! that includes it, not this one, and the part would vanish without a word. Instead
//! the generator wraps such items in one of these macros: with the feature on, a macro
//! expands to the items; with it off, to a compile error that names the feature.

/// Expands to the items of a generated `BlockingClient`, which needs this crate's
/// `blocking` feature.
#[cfg(feature = "blocking")]
#[doc(hidden)]
#[macro_export]
macro_rules! __loginspec_blocking {
    ($($item:item)*) => { $($item)* };
}

/// Without the `blocking` feature: a compile error naming it.
#[cfg(not(feature = "blocking"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __loginspec_blocking {
    ($($item:item)*) => {
        ::core::compile_error!(
            "the generated `BlockingClient` needs the `blocking` feature of loginspec-runtime: \
             turn it on in Cargo.toml (it is a default feature), or generate no blocking \
             client with `Config::blocking_client(false)` in build.rs"
        );
    };
}

/// Expands to the items of a generated websocket `Socket`, which needs this crate's
/// `websocket` feature.
#[cfg(feature = "websocket")]
#[doc(hidden)]
#[macro_export]
macro_rules! __loginspec_websocket {
    ($($item:item)*) => { $($item)* };
}

/// Without the `websocket` feature: a compile error naming it.
#[cfg(not(feature = "websocket"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __loginspec_websocket {
    ($($item:item)*) => {
        ::core::compile_error!(
            "this spec describes a websocket: its generated `Socket` needs the `websocket` \
             feature of loginspec-runtime (`features = [\"websocket\"]` in Cargo.toml), or \
             generate no socket with `Config::websocket(false)` in build.rs"
        );
    };
}

/// Includes the modules `loginspec_codegen::Config::run_build_script` wrote to the
/// crate's `OUT_DIR`: one public module per spec, named after its service. Write it
/// once, at the level where the modules should live (the crate root, or inside a
/// `mod clients { ... }`).
///
/// ```ignore
/// // src/lib.rs
/// loginspec_runtime::include_clients!();
///
/// // then, anywhere in the crate:
/// let client = crate::acme::Client::new(base_url)?;
/// ```
#[macro_export]
macro_rules! include_clients {
    () => {
        ::core::include!(::core::concat!(::core::env!("OUT_DIR"), "/mod.rs"));
    };
}
