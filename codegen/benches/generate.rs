//! Generator benchmarks: a synthetic spec of N = 10, 100 and 1,000 login-shaped
//! endpoints (see `support/synthetic.rs`) through each stage the public API reaches.
//!
//! * `load`: YAML text to the parsed spec (`loginspec_codegen::load::load_str`).
//! * `check`: parsed spec to the IR (`loginspec_codegen::check::check`).
//! * `emit`: the IR to the emitter's tokens for the whole service, on one thread, no
//!   formatting (`loginspec_codegen::emit_tokens`, a hidden hook for benchmarks).
//! * `format`: those same emitted tokens (made by `loginspec_codegen::emit_tokens` outside the
//!   timed part) to formatted source, on one thread, as one file
//!   (`loginspec_codegen::write::format`). A real run emits and formats part by part on every core
//!   instead, so `emit` and `format` are serial costs, not slices of `generate`.
//! * `generate`: the whole run from text, `Config::generate_sources` (load, check, then
//!   emit and format interleaved on every core, and `mod.rs`).
//!
//! Every benchmark counts endpoints, so divan's throughput column is endpoints per
//! second. Each size takes up to 100 samples of one run, stopping after 12 s, so the
//! whole file runs in about three minutes on two cores. Run with
//! `cargo bench -p loginspec-codegen --bench generate`.

#[path = "support/synthetic.rs"]
mod synthetic;

use divan::counter::ItemsCount;
use divan::{Bencher, black_box};
use loginspec_codegen::Diagnostics;

/// Endpoint counts of the synthetic spec.
const SIZES: &[usize] = &[10, 100, 1000];

fn main() {
    divan::main();
}

/// Parses the synthetic spec of `n` endpoints.
fn loaded(n: usize) -> loginspec_codegen::load::Loaded {
    let mut diags = Diagnostics::default();
    match loginspec_codegen::load::load_str(synthetic::FILE_NAME, synthetic::spec(n), &mut diags) {
        Some(loaded) => loaded,
        None => panic!("the synthetic spec must load: {diags:?}"),
    }
}

/// The checked IR of the synthetic spec of `n` endpoints.
fn checked(n: usize) -> loginspec_codegen::ir::Service {
    let loaded = loaded(n);
    let mut diags = Diagnostics::default();
    match loginspec_codegen::check::check(&loaded, &mut diags) {
        Some(service) => service,
        None => panic!("the synthetic spec must check: {diags:?}"),
    }
}

/// The runtime path the generator uses by default (`Config::new`).
const RUNTIME: &str = "crate::runtime";

#[divan::bench(args = SIZES, sample_count = 100, sample_size = 1, max_time = 12)]
fn load(bencher: Bencher, n: usize) {
    let text = synthetic::spec(n);
    bencher
        .counter(ItemsCount::new(n))
        .with_inputs(|| text.clone())
        .bench_local_values(|text| {
            let mut diags = Diagnostics::default();
            loginspec_codegen::load::load_str(synthetic::FILE_NAME, text, &mut diags)
        });
}

#[divan::bench(args = SIZES, sample_count = 100, sample_size = 1, max_time = 12)]
fn check(bencher: Bencher, n: usize) {
    let loaded = loaded(n);
    bencher.counter(ItemsCount::new(n)).bench_local(|| {
        let mut diags = Diagnostics::default();
        loginspec_codegen::check::check(black_box(&loaded), &mut diags)
    });
}

#[divan::bench(args = SIZES, sample_count = 100, sample_size = 1, max_time = 12)]
fn emit(bencher: Bencher, n: usize) {
    let service = checked(n);
    bencher
        .counter(ItemsCount::new(n))
        .bench_local(|| loginspec_codegen::emit_tokens(black_box(&service), RUNTIME));
}

#[divan::bench(args = SIZES, sample_count = 100, sample_size = 1, max_time = 12)]
fn format(bencher: Bencher, n: usize) {
    let service = checked(n);
    bencher
        .counter(ItemsCount::new(n))
        .with_inputs(|| loginspec_codegen::emit_tokens(&service, RUNTIME))
        .bench_local_values(|tokens| {
            let formatted = loginspec_codegen::write::format(tokens, synthetic::FILE_NAME);
            assert!(formatted.is_ok(), "the emitted tokens must format");
            formatted
        });
}

#[divan::bench(args = SIZES, sample_count = 100, sample_size = 1, max_time = 12)]
fn generate(bencher: Bencher, n: usize) {
    let text = synthetic::spec(n);
    let config = loginspec_codegen::Config::new();
    bencher.counter(ItemsCount::new(n)).bench_local(|| {
        config.generate_sources(&[(synthetic::FILE_NAME, black_box(text.as_str()))])
    });
}
