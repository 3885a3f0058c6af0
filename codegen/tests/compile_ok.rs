//! The code generated for every valid fixture (`tests/fixtures/ok/`) and for a sample of
//! generated specs that pass the checks really compiles in a binary crate that uses none
//! of it, rustc's and clippy's warnings denied, against the
//! real runtime crate, as a user's crate does: `loginspec-runtime` is its only dependency.
//!
//! The test writes one small crate (under the target folder) with a module per spec,
//! each holding the generated files, and runs `cargo clippy` on it once, with the
//! workspace's `Cargo.lock` and a target folder of its own (kept between runs, so only
//! the first run compiles the dependencies).

#[path = "support/specgen.rs"]
mod specgen;

use std::path::{Path, PathBuf};
use std::process::Command;

use loginspec_codegen::Config;

/// How many generated specs that pass the checks are compiled besides the fixtures
/// (`LOGINSPEC_COMPILE_SAMPLE` sets another number, to search further by hand).
const SAMPLE: usize = 12;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace holds codegen")
        .to_path_buf()
}

/// The specs to compile: `(module name, file name in diagnostics, text)`.
fn specs() -> Vec<(String, String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ok");
    let mut out = Vec::new();
    for path in loginspec_codegen::load::spec_files(&dir).expect("fixtures list") {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("fixture reads");
        out.push((format!("ok_{stem}"), format!("ok/{stem}.yaml"), text));
    }
    let sample = std::env::var("LOGINSPEC_COMPILE_SAMPLE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(SAMPLE);
    let mut taken = 0;
    for seed in 0.. {
        if taken == sample {
            break;
        }
        let text = specgen::yaml(seed, specgen::Mode::Tame);
        let file = format!("generated/seed_{seed}.yaml");
        if Config::new().generate_sources(&[(&file, &text)]).is_ok() {
            out.push((format!("seed_{seed}"), file, text));
            taken += 1;
        }
    }
    out
}

#[test]
fn generated_code_of_valid_specs_compiles() {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"));
    let root = target.join("loginspec-compile-ok");
    let krate = root.join("crate");
    let _ = std::fs::remove_dir_all(krate.join("src"));
    std::fs::create_dir_all(krate.join("src")).expect("crate folder");

    let mut lib = String::from(
        "//! Generated code of valid specs, compiled by codegen's `compile_ok` test.\n\
         #![deny(warnings)]\n\nfn main() {}\n\n",
    );
    for (module, file, text) in specs() {
        let output = Config::new()
            .generate_sources(&[(&file, &text)])
            .unwrap_or_else(|e| panic!("{file} must generate:\n{}", e.render()));
        let dir = krate.join("src").join(&module);
        std::fs::create_dir_all(&dir).expect("module folder");
        for f in &output.files {
            std::fs::write(dir.join(&f.name), &f.contents).expect("generated file writes");
        }
        std::fs::write(dir.join("mod.rs"), &output.mod_rs).expect("mod.rs writes");
        lib.push_str(&format!(
            "/// From `{file}`.\nmod {module} {{\n    include!(\"{module}/mod.rs\");\n}}\n"
        ));
    }
    std::fs::write(krate.join("src/main.rs"), lib).expect("main.rs writes");
    let runtime = workspace().join("runtime");
    let manifest = format!(
        r#"[package]
name = "loginspec-compile-ok"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
loginspec-runtime = {{ path = {runtime:?}, features = ["websocket"] }}
"#,
        runtime = runtime.display().to_string()
    );
    std::fs::write(krate.join("Cargo.toml"), manifest).expect("Cargo.toml writes");
    std::fs::copy(workspace().join("Cargo.lock"), krate.join("Cargo.lock"))
        .expect("Cargo.lock copies");

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let started = std::time::Instant::now();
    let out = Command::new(cargo)
        .args([
            "clippy",
            "--quiet",
            "--message-format",
            "short",
            "--manifest-path",
        ])
        .arg(krate.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    eprintln!(
        "cargo clippy of the generated code took {:?}",
        started.elapsed()
    );
    assert!(
        out.status.success(),
        "the generated code does not compile (crate in {}):\n{}{}",
        krate.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `cargo build` of a crate whose build script runs the generator on a bad spec fails,
/// and prints each line of the rendered problems as a cargo error, nothing else of the
/// build script's output.
#[test]
fn cargo_build_of_a_bad_spec_prints_the_rendered_problems() {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"));
    let root = target.join("loginspec-compile-ok");
    let krate = root.join("build-script");
    let _ = std::fs::remove_dir_all(&krate);
    std::fs::create_dir_all(krate.join("src")).expect("crate folder");
    std::fs::create_dir_all(krate.join("specs")).expect("specs folder");
    let codegen_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = format!(
        r#"[package]
name = "loginspec-build-check"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[build-dependencies]
loginspec-codegen = {{ path = {path:?} }}
"#,
        path = codegen_dir.display().to_string()
    );
    std::fs::write(krate.join("Cargo.toml"), manifest).expect("Cargo.toml writes");
    std::fs::copy(workspace().join("Cargo.lock"), krate.join("Cargo.lock"))
        .expect("Cargo.lock copies");
    std::fs::write(krate.join("src/lib.rs"), "//! Never built.\n").expect("lib.rs writes");
    std::fs::write(
        krate.join("build.rs"),
        "fn main() {\n    loginspec_codegen::Config::new().specs(\"specs\").run_build_script();\n}\n",
    )
    .expect("build.rs writes");
    let spec = std::fs::read_to_string(codegen_dir.join("tests/fixtures/bad/unknown_keys.yaml"))
        .expect("fixture reads");
    std::fs::write(krate.join("specs/demo.yaml"), &spec).expect("spec writes");

    let expected = match Config::new().generate_sources(&[("specs/demo.yaml", &spec)]) {
        Err(e) => e.render(),
        Ok(_) => panic!("the fixture must be refused"),
    };
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["build", "--quiet", "--manifest-path"])
        .arg(krate.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(!out.status.success(), "the build must fail");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let prefix = "error: loginspec-build-check@0.0.0: ";
    let printed: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix(prefix.trim_end()))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    let wanted: Vec<&str> = expected.lines().collect();
    assert_eq!(
        printed.iter().map(|l| l.trim_end()).collect::<Vec<_>>(),
        wanted.iter().map(|l| l.trim_end()).collect::<Vec<_>>(),
        "cargo printed:\n{stderr}"
    );
    assert!(
        stderr.contains("build script logged errors"),
        "cargo names the failed build script:\n{stderr}"
    );
    assert!(
        !stderr.contains("cargo::rerun-if-changed"),
        "the build script's output is not dumped:\n{stderr}"
    );
}
