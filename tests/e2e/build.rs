//! Generates the clients of `specs/` into `OUT_DIR`, as a user's `build.rs`.

fn main() {
    loginspec_codegen::Config::new()
        .specs("specs")
        .run_build_script();
}
