//! Generated code names Rust's prelude types unqualified (`Option`, `String`, `Result`),
//! so no generated type may take one of those names.

const SPEC: &str = "\
loginspec: 1
service:
  name: demo
  base_url: https://api.example.com
types:
  String:
    fields:
      value:
        type: string
endpoints:
  login:
    method: POST
    path: /login
    body:
      fields:
        result:
          type: object
          fields:
            ok:
              type: boolean
    responses:
      200:
        body:
          fields:
            token:
              type: secret
";

#[test]
fn prelude_names_are_refused_with_a_fix() {
    let err = loginspec_codegen::Config::new()
        .generate_sources(&[("specs/demo.yaml", SPEC)])
        .expect_err("prelude names must be refused");
    let loginspec_codegen::Error::Specs(report) = err else {
        panic!("expected spec problems, got {err}");
    };
    let found: Vec<(&str, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (d.path.as_str(), d.message.as_str()))
        .collect();
    assert!(
        found
            .iter()
            .any(|(p, m)| *p == "types.String" && m.contains("shadow Rust's own `String`")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(p, m)| *p == "endpoints.login.body.fields.result" && m.contains("`Result`")),
        "{found:?}"
    );
    let result = report
        .diagnostics
        .iter()
        .find(|d| d.path == "endpoints.login.body.fields.result")
        .unwrap();
    assert_eq!(
        result.help.as_deref(),
        Some("set `type_name:` on `endpoints.login.body.fields.result`")
    );
}
