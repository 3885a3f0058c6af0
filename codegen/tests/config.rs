//! `Config` settings that change what is generated.

use loginspec_codegen::Config;

fn websocket_fixture() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ok/websocket.yaml"
    );
    std::fs::read_to_string(path).expect("fixture reads")
}

fn generate(config: &Config) -> String {
    let spec = websocket_fixture();
    let output = config
        .generate_sources(&[("ok/websocket.yaml", &spec)])
        .unwrap_or_else(|e| panic!("the fixture generates:\n{}", e.render()));
    output.files[0].contents.clone()
}

#[test]
fn by_default_the_gated_parts_go_through_the_runtime_macros() {
    let code = generate(&Config::new());
    assert!(code.starts_with("// @generated"), "{code}");
    assert!(code.contains("use ::loginspec_runtime as rt;"));
    assert!(code.contains("rt::blocking! {\n    /// A blocking"));
    assert!(code.contains("    pub struct BlockingClient {"));
    assert!(code.contains("rt::websocket! {\n"));
    assert!(code.contains("    pub struct Socket {"));
    assert!(
        !code.contains("cfg("),
        "no cfg of the including crate is read"
    );
    assert!(syn::parse_file(&code).is_ok());
}

#[test]
fn the_blocking_client_and_the_socket_can_be_left_out() {
    let code = generate(Config::new().blocking_client(false).websocket(false));
    assert!(!code.contains("BlockingClient"), "{code}");
    assert!(!code.contains("rt::blocking!"), "{code}");
    assert!(!code.contains("Socket"), "{code}");
    assert!(!code.contains("rt::ws::"), "{code}");
    // The message types stay: they need only the runtime's core.
    assert!(code.contains("pub fn to_frame(&self, id: &str)"), "{code}");
    assert!(code.contains("pub struct Client {"), "{code}");
}

#[test]
fn the_runtime_path_is_the_one_configured() {
    let code = generate(Config::new().runtime_path("crate::deps::loginspec_runtime"));
    assert!(code.contains("use crate::deps::loginspec_runtime as rt;"));
    assert!(!code.contains("use ::loginspec_runtime"));
}
