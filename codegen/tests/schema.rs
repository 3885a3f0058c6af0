//! The JSON Schema of the spec language (`schema/loginspec.schema.json`), which editors
//! use to complete and check specs as they are typed:
//!
//! * it is a valid draft-7 schema, and the one `loginspec-codegen schema` prints;
//! * it names exactly the keys the loader accepts, mapping by mapping (the loader's own
//!   "unknown field" message lists them), and refuses any other key;
//! * it accepts the bundled specs and the valid fixtures, and refuses every bad fixture
//!   the loader refuses (but for syntax errors and duplicate keys, which never reach a
//!   schema);
//! * on spec-shaped values, a spec that passes the checks is valid for the schema, and a
//!   spec the loader refuses is not (256 tame and 256 wild values).

#[path = "support/specgen.rs"]
mod specgen;

use std::path::{Path, PathBuf};

use loginspec_codegen::{Config, Error};
use proptest::prelude::*;
use serde_json::Value;

const URL: &str = "file:///loginspec.schema.json";

fn schema_value() -> Value {
    serde_json::from_str(loginspec_codegen::json_schema()).expect("the schema is JSON")
}

/// The compiled schema.
struct Validator {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Validator {
    fn new() -> Self {
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler.set_default_draft(boon::Draft::V7);
        compiler
            .add_resource(URL, schema_value())
            .expect("the schema loads");
        let index = compiler
            .compile(URL, &mut schemas)
            .unwrap_or_else(|e| panic!("the schema compiles: {e:#}"));
        Validator { schemas, index }
    }

    /// `Err` with the schema's complaint when `yaml` is not valid; `None` when the text
    /// is not YAML that converts to JSON.
    fn judge(&self, yaml: &str) -> Option<Result<(), String>> {
        let value: Value = serde_yaml::from_str(yaml).ok()?;
        Some(
            self.schemas
                .validate(&value, self.index)
                .map_err(|e| format!("{e}")),
        )
    }
}

/// One validator for the property test's many cases.
fn validator() -> &'static Validator {
    static VALIDATOR: std::sync::OnceLock<Validator> = std::sync::OnceLock::new();
    VALIDATOR.get_or_init(Validator::new)
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: PathBuf) -> Vec<(String, String)> {
    loginspec_codegen::load::spec_files(&dir)
        .expect("folder lists")
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).expect("spec reads"))
        })
        .collect()
}

#[test]
fn the_committed_schema_is_the_one_the_tool_prints() {
    let committed = std::fs::read_to_string(root().join("../schema/loginspec.schema.json"))
        .expect("schema/loginspec.schema.json reads");
    assert_eq!(committed, loginspec_codegen::json_schema());
    assert_eq!(
        schema_value()["$schema"],
        "http://json-schema.org/draft-07/schema#"
    );
    Validator::new();
}

#[test]
fn bundled_specs_and_valid_fixtures_are_valid_and_name_the_schema() {
    let validator = Validator::new();
    let mut all = files(root().join("../specs"));
    all.extend(files(root().join("tests/fixtures/ok")));
    assert!(all.len() >= 13);
    for (name, text) in all {
        let verdict = validator.judge(&text).expect("valid specs are YAML");
        assert!(verdict.is_ok(), "{name}: {}", verdict.unwrap_err());
        let first = text.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("# yaml-language-server: $schema=")
                && first.ends_with("schema/loginspec.schema.json"),
            "{name} must name the schema on its first line, not `{first}`"
        );
    }
}

#[test]
fn bad_fixtures_the_loader_refuses_are_refused_by_the_schema() {
    let validator = Validator::new();
    let mut judged = 0;
    for (name, text) in files(root().join("tests/fixtures/bad")) {
        let mut diags = loginspec_codegen::Diagnostics::default();
        if loginspec_codegen::load::load_str(&name, text.clone(), &mut diags).is_some() {
            continue; // only the checks refuse it
        }
        if diags.iter().any(|d| d.message.starts_with("duplicate key")) {
            continue; // a key written twice is gone once the YAML is a JSON value
        }
        let Some(verdict) = validator.judge(&text) else {
            continue; // not YAML, or a key twice: no schema sees it
        };
        assert!(
            verdict.is_err(),
            "the schema accepts the bad fixture {name}"
        );
        judged += 1;
    }
    assert!(judged >= 5, "only {judged} bad fixtures reached the schema");
}

/// A valid spec in which each mapping the loader reads as a struct holds a key `zz`
/// nowhere else: the loader's "unknown field" message then lists the keys of that
/// mapping. Each entry: the schema definition (a JSON pointer) and the spec.
fn probes() -> Vec<(&'static str, String)> {
    const BASE: &str = "loginspec: 1
service:
  name: x
  variables: { v: {} }
types:
  T: { fields: {} }
auth:
  b: { type: basic }
  be: { type: bearer }
  h: { type: header, header: X }
  c: { type: cookie, cookie: c }
endpoints:
  e:
    method: GET
    path: /
    parameters: { p: { in: query, type: string } }
    body: { fields: { f: { type: string } }, variants: { v: { fields: [] } } }
    responses:
      200: { body: { fields: {} } }
    session: { token: t, expires_in: { field: l, unit: s }, refresh_token: { cookie: r }, refresh: { endpoint: e, token: t } }
    examples:
      - { name: n, request: {}, response: { status: 200 } }
websocket:
  envelope: { request: q, response: r, id: i }
  messages:
    m: { request: { fields: {} }, response: { fields: {} } }
  examples:
    - { name: n }
";
    let at = |from: &str, to: &str| {
        assert_eq!(BASE.matches(from).count(), 1, "{from}");
        BASE.replacen(from, to, 1)
    };
    vec![
        ("", format!("zz: 1\n{BASE}")),
        (
            "/definitions/service",
            at("  name: x", "  name: x\n  zz: 1"),
        ),
        ("/definitions/variable", at("v: {}", "v: { zz: 1 }")),
        (
            "/definitions/named_type",
            at("T: { fields: {} }", "T: { fields: {}, zz: 1 }"),
        ),
        (
            "/definitions/responseBody",
            at(
                "200: { body: { fields: {} } }",
                "200: { body: { fields: {}, zz: 1 } }",
            ),
        ),
        (
            "/definitions/object",
            at(
                "response: { fields: {} }",
                "response: { fields: {}, zz: 1 }",
            ),
        ),
        (
            "/definitions/authScheme#basic",
            at("{ type: basic }", "{ type: basic, zz: 1 }"),
        ),
        (
            "/definitions/authScheme#bearer",
            at("{ type: bearer }", "{ type: bearer, zz: 1 }"),
        ),
        (
            "/definitions/authScheme#header",
            at("header: X }", "header: X, zz: 1 }"),
        ),
        (
            "/definitions/authScheme#cookie",
            at("cookie: c }", "cookie: c, zz: 1 }"),
        ),
        (
            "/definitions/endpoint",
            at("    path: /", "    path: /\n    zz: 1"),
        ),
        (
            "/definitions/body",
            at("variants: { v", "zz: 1, variants: { v"),
        ),
        (
            "/definitions/field",
            at("{ type: string }", "{ type: string, zz: 1 }"),
        ),
        (
            "/definitions/variant",
            at("v: { fields: [] }", "v: { fields: [], zz: 1 }"),
        ),
        (
            "/definitions/response",
            at("200: { body", "200: { zz: 1, body"),
        ),
        (
            "/definitions/session",
            at("{ token: t,", "{ token: t, zz: 1,"),
        ),
        (
            "/definitions/source",
            at("{ cookie: r }", "{ cookie: r, zz: 1 }"),
        ),
        ("/definitions/lifetime", at("unit: s }", "unit: s, zz: 1 }")),
        (
            "/definitions/parameter",
            at(
                "type: string } }\n    body",
                "type: string, zz: 1 } }\n    body",
            ),
        ),
        (
            "/definitions/example",
            at("{ name: n, request", "{ name: n, zz: 1, request"),
        ),
        (
            "/definitions/example/properties/request/anyOf/1",
            at("request: {}, response", "request: { zz: 1 }, response"),
        ),
        (
            "/definitions/example/properties/response/anyOf/1",
            at("{ status: 200 } }", "{ status: 200, zz: 1 } }"),
        ),
        (
            "/definitions/websocket",
            at("  envelope:", "  zz: 1\n  envelope:"),
        ),
        (
            "/definitions/websocket/properties/envelope",
            at("id: i }", "id: i, zz: 1 }"),
        ),
        (
            "/definitions/message",
            at("m: { request", "m: { zz: 1, request"),
        ),
        (
            "/definitions/frameExample",
            at("- { name: n }", "- { name: n, zz: 1 }"),
        ),
    ]
}

/// The keys the loader lists in its "unknown field `zz`" message.
fn loader_keys(spec: &str) -> Vec<String> {
    let mut diags = loginspec_codegen::Diagnostics::default();
    assert!(
        loginspec_codegen::load::load_str("probe.yaml", spec.to_owned(), &mut diags).is_none(),
        "the probe loads:\n{spec}"
    );
    let message = &diags.iter().next().expect("a problem").message;
    let rest = message
        .strip_prefix("unknown field `zz`, expected ")
        .unwrap_or_else(|| panic!("unexpected message `{message}` for\n{spec}"));
    rest.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, k)| k.to_owned())
        .collect()
}

#[test]
fn the_schema_names_exactly_the_keys_the_loader_accepts() {
    let schema = schema_value();
    for (pointer, spec) in probes() {
        let (pointer, variant) = pointer.split_once('#').unwrap_or((pointer, ""));
        let definition = schema
            .pointer(pointer)
            .unwrap_or_else(|| panic!("no {pointer} in the schema"));
        assert_eq!(
            definition["additionalProperties"],
            Value::Bool(false),
            "{pointer} must refuse unknown keys"
        );
        let mut in_schema: Vec<String> = definition["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{pointer} has properties"))
            .keys()
            .cloned()
            .collect();
        if !variant.is_empty() {
            // One object per auth type: `type`, `description`, and its own key.
            in_schema.retain(|k| k == "description" || k == variant);
        }
        let mut from_loader = loader_keys(&spec);
        in_schema.sort();
        from_loader.sort();
        assert_eq!(in_schema, from_loader, "keys of {pointer}{variant}");
    }
}

#[test]
fn the_schema_refuses_unknown_keys_everywhere() {
    let validator = Validator::new();
    for (pointer, spec) in probes() {
        let verdict = validator.judge(&spec).expect("probes are YAML");
        assert!(verdict.is_err(), "the schema accepts `zz` in {pointer}");
        // Without the probe key the spec is valid, so the key alone is refused.
        let clean = spec.replace(", zz: 1", "").replace("zz: 1, ", "");
        let clean: String = clean
            .lines()
            .filter(|l| l.trim() != "zz: 1")
            .map(|l| format!("{l}\n"))
            .collect();
        let clean = clean.replace("{ zz: 1 }", "{}");
        assert!(
            validator.judge(&clean).expect("YAML").is_ok(),
            "the base spec is refused:\n{clean}"
        );
    }
}

/// What the loader and the checks say of a spec: passes, refused by the checks only,
/// or refused by the loader.
#[derive(Debug, PartialEq)]
enum Verdict {
    Passes,
    Checks,
    Loader,
}

fn verdict(text: &str) -> Verdict {
    let mut diags = loginspec_codegen::Diagnostics::default();
    if loginspec_codegen::load::load_str("p.yaml", text.to_owned(), &mut diags).is_none() {
        return Verdict::Loader;
    }
    match Config::new().generate_sources(&[("p.yaml", text)]) {
        Ok(_) => Verdict::Passes,
        Err(Error::Specs(_)) => Verdict::Checks,
        Err(Error::Io(e)) => panic!("{e}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn schema_and_loader_agree_on_spec_values(seed in any::<u64>(), wild in any::<bool>()) {
        let mode = if wild { specgen::Mode::Wild } else { specgen::Mode::Tame };
        let text = specgen::yaml(seed, mode);
        let judged = validator().judge(&text).expect("generated specs are YAML");
        match verdict(&text) {
            Verdict::Passes => prop_assert!(judged.is_ok(), "schema refuses a valid spec: {}\n{text}", judged.unwrap_err()),
            Verdict::Loader => prop_assert!(judged.is_err(), "schema accepts a spec the loader refuses:\n{text}"),
            Verdict::Checks => {}
        }
    }
}
