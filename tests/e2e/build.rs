//! Generates the clients of `specs/` into `OUT_DIR`, as a user's `build.rs`.
//!
//! For the hostile-answer harness (`tests/hostile_answers.rs`) it also generates the
//! generator's valid fixtures into `OUT_DIR/fixtures`, and lists every endpoint's
//! response type of this crate's specs, of the fixtures and of the bundled specs (whose
//! clients the harness takes from `loginspec-generated`) in `OUT_DIR/responses.rs`, so
//! that no endpoint can be left out of the harness.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    loginspec_codegen::Config::new()
        .specs("specs")
        .run_build_script();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    // The bundled specs are listed below (loginspec-generated builds them).
    println!("cargo::rerun-if-changed=../../specs");
    let fixtures = Path::new("../../codegen/tests/fixtures/ok");
    loginspec_codegen::Config::new()
        .specs(fixtures)
        .out_dir(out.join("fixtures"))
        .run_build_script();
    let mut list = String::from(
        "/// Calls `probe` with every endpoint's response type of this crate's specs.\n\
         fn each_response<P: Probe>(probe: &mut P) {\n",
    );
    // (label, the Rust path of the crate and module, the specs)
    let folders = [
        ("e2e", "loginspec_e2e", Path::new("specs")),
        ("fixtures", "loginspec_e2e::fixtures", fixtures),
        ("bundled", "loginspec_generated", Path::new("../../specs")),
    ];
    for (label, module, specs) in folders {
        for (service, endpoint, response) in responses(specs) {
            writeln!(
                list,
                "    probe.probe::<{module}::{service}::{response}>(\"{label}/{service}: {endpoint}\");"
            )
            .expect("writing to a String");
        }
    }
    list.push_str("}\n");
    // Written only when it changes, so the harness is not compiled again for nothing.
    loginspec_codegen::write::write_if_changed(&out.join("responses.rs"), &list)
        .expect("OUT_DIR is writable");
}

/// (Rust module, endpoint name, response type) of every endpoint of the specs in `dir`;
/// the specs were checked by the generation above, so problems are not reported again.
fn responses(dir: &Path) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for file in loginspec_codegen::load::spec_files(dir).unwrap_or_default() {
        let mut diags = loginspec_codegen::Diagnostics::default();
        let display = file.display().to_string();
        let Some(loaded) = loginspec_codegen::load::load_file(&file, &display, &mut diags) else {
            continue;
        };
        let Some(service) = loginspec_codegen::check::check(&loaded, &mut diags) else {
            continue;
        };
        let module = loginspec_codegen::ident::to_ident(&service.module).to_string();
        for endpoint in &service.endpoints {
            found.push((
                module.clone(),
                endpoint.name.wire.clone(),
                endpoint.response_rust.clone(),
            ));
        }
    }
    found
}
