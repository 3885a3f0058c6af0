//! Writes a synthetic spec with N login-shaped endpoints (the shape the benchmarks
//! measure) into DIR, and with `--generate` also generates its client in this process.
//!
//! ```text
//! cargo run -p loginspec-codegen --example synthetic_specs -- N DIR [--generate]
//! ```
//!
//! `DIR/synthetic.yaml` is the spec. With `--generate`, the generated source goes to
//! `DIR/out/` and one line of figures is printed: endpoints, generated lines, lines per
//! endpoint and the generation time of this one run. Peak memory of the whole run is
//! measured from outside, with `/usr/bin/time -v`.

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let generate = args.iter().any(|a| a == "--generate");
    let positional: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let (Some(n), Some(dir)) = (
        positional.first().and_then(|n| n.parse::<usize>().ok()),
        positional.get(1).map(PathBuf::from),
    ) else {
        eprintln!("usage: synthetic_specs N DIR [--generate]");
        return ExitCode::FAILURE;
    };
    if let Err(err) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {err}", dir.display());
        return ExitCode::FAILURE;
    }
    let path = dir.join(synthetic::FILE_NAME);
    if let Err(err) = std::fs::write(&path, synthetic::spec(n)) {
        eprintln!("cannot write {}: {err}", path.display());
        return ExitCode::FAILURE;
    }
    println!("wrote {} ({n} endpoints)", path.display());
    if !generate {
        return ExitCode::SUCCESS;
    }
    let start = Instant::now();
    let output = loginspec_codegen::Config::new()
        .specs(&dir)
        .out_dir(dir.join("out"))
        .write();
    let elapsed = start.elapsed();
    match output {
        Ok(output) => {
            let lines: usize = output
                .files
                .iter()
                .map(|f| f.contents.lines().count())
                .sum();
            let docs: usize = output
                .files
                .iter()
                .flat_map(|f| f.contents.lines())
                .filter(|l| l.trim_start().starts_with("///"))
                .count();
            println!(
                "endpoints={n} lines={lines} doc_lines={docs} lines_per_endpoint={:.1} generate_ms={:.1}",
                lines as f64 / n.max(1) as f64,
                elapsed.as_secs_f64() * 1e3
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}
