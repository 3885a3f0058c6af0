//! Heap use of a whole generator run: `Config::generate_sources` on the synthetic spec
//! of N = 10, 100 and 1,000 login-shaped endpoints, under divan's `AllocProfiler`.
//!
//! The `max alloc` rows are the peak of live heap bytes during one run (on the
//! benchmark thread, which is the only one the generator uses). Times here include the
//! profiler's own bookkeeping: read times from the `generate` benchmark instead. Run
//! with `cargo bench -p loginspec-codegen --bench memory`.

#[path = "support/synthetic.rs"]
mod synthetic;

use divan::{AllocProfiler, Bencher, black_box};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

/// Endpoint counts of the synthetic spec.
const SIZES: &[usize] = &[10, 100, 1000];

fn main() {
    divan::main();
}

#[divan::bench(args = SIZES, sample_count = 3, sample_size = 1)]
fn generate(bencher: Bencher, n: usize) {
    let text = synthetic::spec(n);
    let config = codegen::Config::new();
    bencher.bench_local(|| {
        config.generate_sources(&[(synthetic::FILE_NAME, black_box(text.as_str()))])
    });
}
