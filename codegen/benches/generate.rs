//! Generator benchmarks: a synthetic spec of N = 10, 100 and 1,000 login-shaped
//! endpoints (see `support/synthetic.rs`) through each stage the public API reaches.
//!
//! * `load`: YAML text to the parsed spec (`codegen::load::load_str`).
//! * `check`: parsed spec to the IR (`codegen::check::check`).
//! * `format`: the whole generated file's tokens to formatted source on one thread
//!   (`codegen::write::format`). The emitter is private, so its tokens are rebuilt by
//!   tokenizing the generated source (outside the timed part); they hold the same items
//!   as the emitter's tokens. A real run formats part by part on every core instead, so
//!   this is the serial cost of formatting, not a slice of `generate`.
//! * `generate`: the whole run from text, `Config::generate_sources` (load, check, then
//!   emit and format interleaved on every core, and `mod.rs`).
//!
//! Every benchmark counts endpoints, so divan's throughput column is endpoints per
//! second. Each size takes up to 100 samples of one run, stopping after 12 s, so the
//! whole file runs in about two minutes on two cores. Run with
//! `cargo bench -p loginspec-codegen --bench generate`.

#[path = "support/synthetic.rs"]
mod synthetic;

use codegen::Diagnostics;
use divan::counter::ItemsCount;
use divan::{Bencher, black_box};

/// Endpoint counts of the synthetic spec.
const SIZES: &[usize] = &[10, 100, 1000];

fn main() {
    divan::main();
}

/// Parses the synthetic spec of `n` endpoints.
fn loaded(n: usize) -> codegen::load::Loaded {
    let mut diags = Diagnostics::default();
    match codegen::load::load_str(synthetic::FILE_NAME, synthetic::spec(n), &mut diags) {
        Some(loaded) => loaded,
        None => panic!("the synthetic spec must load: {diags:?}"),
    }
}

/// The generated source of the synthetic spec of `n` endpoints.
fn generated(n: usize) -> String {
    let text = synthetic::spec(n);
    match codegen::Config::new().generate_sources(&[(synthetic::FILE_NAME, &text)]) {
        Ok(mut output) => output.files.remove(0).contents,
        Err(err) => panic!("the synthetic spec must generate:\n{err}"),
    }
}

#[divan::bench(args = SIZES, sample_count = 100, sample_size = 1, max_time = 12)]
fn load(bencher: Bencher, n: usize) {
    let text = synthetic::spec(n);
    bencher
        .counter(ItemsCount::new(n))
        .with_inputs(|| text.clone())
        .bench_local_values(|text| {
            let mut diags = Diagnostics::default();
            codegen::load::load_str(synthetic::FILE_NAME, text, &mut diags)
        });
}

#[divan::bench(args = SIZES, sample_count = 100, sample_size = 1, max_time = 12)]
fn check(bencher: Bencher, n: usize) {
    let loaded = loaded(n);
    bencher.counter(ItemsCount::new(n)).bench_local(|| {
        let mut diags = Diagnostics::default();
        codegen::check::check(black_box(&loaded), &mut diags)
    });
}

#[divan::bench(args = SIZES, sample_count = 100, sample_size = 1, max_time = 12)]
fn format(bencher: Bencher, n: usize) {
    let source = generated(n);
    bencher
        .counter(ItemsCount::new(n))
        .with_inputs(|| match source.parse::<proc_macro2::TokenStream>() {
            Ok(tokens) => tokens,
            Err(err) => panic!("the generated source must tokenize: {err}"),
        })
        .bench_local_values(|tokens| codegen::write::format(tokens, synthetic::FILE_NAME));
}

#[divan::bench(args = SIZES, sample_count = 100, sample_size = 1, max_time = 12)]
fn generate(bencher: Bencher, n: usize) {
    let text = synthetic::spec(n);
    let config = codegen::Config::new();
    bencher.counter(ItemsCount::new(n)).bench_local(|| {
        config.generate_sources(&[(synthetic::FILE_NAME, black_box(text.as_str()))])
    });
}
