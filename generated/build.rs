//! Generates the typed clients from `../specs` into `OUT_DIR`.

fn main() {
    codegen::Config::new().specs("../specs").run_build_script();
}
