fn main() {
    loginspec_codegen::Config::new().specs("specs").run_build_script();
}
