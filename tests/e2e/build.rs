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
        for r in responses(specs) {
            let (service, endpoint, response) = (&r.module, &r.endpoint, &r.rust);
            writeln!(
                list,
                "    probe.probe::<{module}::{service}::{response}>(\"{label}/{service}: {endpoint}\", &Documented {{ headers: &{:?}, cookies: &{:?}, fields: &{:?} }});",
                r.headers, r.cookies, r.fields
            )
            .expect("writing to a String");
        }
    }
    list.push_str("}\n");
    // Written only when it changes, so the harness is not compiled again for nothing.
    loginspec_codegen::write::write_if_changed(&out.join("responses.rs"), &list)
        .expect("OUT_DIR is writable");
}

/// One endpoint's response type, and what its successes document: each header and
/// cookie by wire name with whether it is a secret, and each top-level body member with
/// the kind of value it takes (`secret`, `string`, `integer`, `number`, `boolean`, or
/// `other`).
struct Response {
    module: String,
    endpoint: String,
    rust: String,
    headers: Vec<(String, bool)>,
    cookies: Vec<(String, bool)>,
    fields: Vec<(String, &'static str)>,
}

/// The response of every endpoint of the specs in `dir`; the specs were checked by the
/// generation above, so problems are not reported again.
fn responses(dir: &Path) -> Vec<Response> {
    use loginspec_codegen::ir;
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
            let successes: Vec<&ir::Success> = std::iter::once(&endpoint.success)
                .chain(&endpoint.more_successes)
                .collect();
            let names = |list: fn(&ir::Success) -> &Vec<ir::Header>| {
                successes
                    .iter()
                    .flat_map(|s| list(s))
                    .map(|h| (h.name.wire.clone(), h.secret))
                    .collect()
            };
            let fields = successes
                .iter()
                .filter_map(|s| s.body)
                .flat_map(|b| &service.objects[b].fields)
                .map(|f| {
                    let kind = match f.ty {
                        ir::Type::Secret => "secret",
                        ir::Type::String => "string",
                        ir::Type::Integer | ir::Type::UnixMs | ir::Type::UnixS => "integer",
                        ir::Type::Number => "number",
                        ir::Type::Boolean => "boolean",
                        _ => "other",
                    };
                    (f.name.wire.clone(), kind)
                })
                .collect();
            found.push(Response {
                module: module.clone(),
                endpoint: endpoint.name.wire.clone(),
                rust: endpoint.response_rust.clone(),
                headers: names(|s| &s.headers),
                cookies: names(|s| &s.cookies),
                fields,
            });
        }
    }
    found
}
