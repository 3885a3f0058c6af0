//! One test per rule of the loader and of `check`: each feeds a small spec and pins the
//! path, the location, a stable part of the message and the help of what is reported.
//!
//! Most tests tweak [`SPEC`], a minimal valid spec. Tests marked `#[ignore = "bug: ..."]`
//! show a defect of the checker; they pass once it is fixed.

use loginspec_codegen::{Config, Diagnostic, Error, Output};

/// The file name every single-spec test uses.
const FILE: &str = "specs/demo.yaml";

/// A minimal valid spec: one templated host, one Basic scheme, one endpoint with a body,
/// a success and an error status, and a session.
const SPEC: &str = r#"loginspec: 1
service:
  name: demo
  base_url: "https://{tier}.example.com"
  variables:
    tier:
      default: prod
auth:
  app:
    type: basic
endpoints:
  login:
    method: POST
    path: /login
    auth: app
    body:
      fields:
        user:
          type: string
        password:
          type: secret
    responses:
      200:
        body:
          fields:
            token:
              type: secret
      401:
        name: denied
    session:
      token: token
"#;

/// [`SPEC`] with a websocket whose `connect` message takes the session token.
fn ws_spec() -> String {
    format!(
        "{SPEC}{}",
        r"websocket:
  envelope:
    request: request
    response: response
    id: id
  messages:
    connect:
      request:
        fields:
          token:
            type: secret
      from_session:
        token: token
      response:
        fields:
          ok:
            type: boolean
  examples:
    - name: connect
      request:
        request:
          connect:
            token: abc
          id: r1
"
    )
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// Runs the generator on `(file, source)` pairs; the diagnostics when it fails.
fn run(files: &[(&str, &str)]) -> Result<Output, Vec<Diagnostic>> {
    match Config::new().generate_sources(files) {
        Ok(output) => Ok(output),
        Err(Error::Specs(report)) => Err(report.diagnostics),
        Err(Error::Io(message)) => panic!("unexpected I/O error: {message}"),
    }
}

fn show(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| format!("{d}\n  (path {:?}, location {:?})", d.path, d.location))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every problem of one spec; fails when the spec generates.
#[track_caller]
fn problems(src: &str) -> Vec<Diagnostic> {
    match run(&[(FILE, src)]) {
        Ok(_) => panic!("expected problems, but the spec generated:\n{src}"),
        Err(diags) => diags,
    }
}

/// The one problem of one spec.
#[track_caller]
fn only(src: &str) -> Diagnostic {
    let mut diags = problems(src);
    assert_eq!(
        diags.len(),
        1,
        "expected one problem, got:\n{}",
        show(&diags)
    );
    diags.remove(0)
}

/// The problem reported at `path`.
#[track_caller]
fn find<'a>(diags: &'a [Diagnostic], path: &str) -> &'a Diagnostic {
    diags
        .iter()
        .find(|d| d.path == path)
        .unwrap_or_else(|| panic!("no problem at `{path}` in:\n{}", show(diags)))
}

/// The generated file of one spec, checked to parse as Rust (and `mod.rs` too).
#[track_caller]
fn generated(src: &str) -> String {
    let output = run(&[(FILE, src)]).unwrap_or_else(|d| panic!("{}", show(&d)));
    for file in &output.files {
        if let Err(e) = syn::parse_file(&file.contents) {
            panic!("{} does not parse: {e}\n{}", file.name, file.contents);
        }
    }
    syn::parse_file(&output.mod_rs).expect("mod.rs parses");
    output.files[0].contents.clone()
}

/// Asserts one diagnostic: exact path, location and help, and a part of the message.
#[track_caller]
fn expect(
    d: &Diagnostic,
    path: &str,
    location: Option<(usize, usize)>,
    message: &str,
    help: Option<&str>,
) {
    assert_eq!(d.path, path, "path of\n{d}");
    assert_eq!(d.location, location, "location of\n{d}");
    assert!(
        d.message.contains(message),
        "message of\n{d}\ndoes not contain: {message}"
    );
    assert_eq!(d.help.as_deref(), help, "help of\n{d}");
}

/// `src` with `from`, which must occur exactly once, replaced by `to`.
#[track_caller]
fn edit(src: &str, from: &str, to: &str) -> String {
    let n = src.matches(from).count();
    assert_eq!(n, 1, "`{from}` occurs {n} times in:\n{src}");
    src.replacen(from, to, 1)
}

/// [`SPEC`] with one edit.
#[track_caller]
fn tweak(from: &str, to: &str) -> String {
    edit(SPEC, from, to)
}

/// `src` with `lines` (a leading newline dropped) inserted after the line on which the
/// unique `needle` ends.
#[track_caller]
fn add(src: &str, needle: &str, lines: &str) -> String {
    let n = src.matches(needle).count();
    assert_eq!(n, 1, "`{needle}` occurs {n} times in:\n{src}");
    let end = src.find(needle).unwrap() + needle.len();
    let at = src[end..].find('\n').map_or(src.len(), |i| end + i + 1);
    let lines = lines.strip_prefix('\n').unwrap_or(lines);
    format!("{}{lines}{}", &src[..at], &src[at..])
}

/// 1-based line and column of the first non-blank character of the unique `needle`.
#[track_caller]
fn pos(src: &str, needle: &str) -> Option<(usize, usize)> {
    let n = src.matches(needle).count();
    assert_eq!(n, 1, "`{needle}` occurs {n} times in:\n{src}");
    let start = src.find(needle).unwrap();
    line_col(src, start + (needle.len() - needle.trim_start().len()))
}

/// 1-based line and column of the first `needle` after the unique `context`.
#[track_caller]
fn pos_after(src: &str, context: &str, needle: &str) -> Option<(usize, usize)> {
    let n = src.matches(context).count();
    assert_eq!(n, 1, "`{context}` occurs {n} times in:\n{src}");
    let start = src.find(context).unwrap();
    line_col(
        src,
        start + src[start..].find(needle).expect("needle after context"),
    )
}

fn line_col(src: &str, at: usize) -> Option<(usize, usize)> {
    let line_start = src[..at].rfind('\n').map_or(0, |i| i + 1);
    Some((src[..at].matches('\n').count() + 1, at - line_start + 1))
}

/// Location of a block sequence item whose line holds `needle`: `load::locate` gives the
/// column just after the item's `-` (the space before its value).
#[track_caller]
fn item(src: &str, needle: &str) -> Option<(usize, usize)> {
    let (line, _) = pos(src, needle)?;
    let text = src.lines().nth(line - 1).unwrap();
    Some((line, text.find('-').unwrap() + 2))
}

// ---------------------------------------------------------------------------------------
// A valid spec
// ---------------------------------------------------------------------------------------

#[test]
fn the_minimal_spec_generates_code_that_parses() {
    let output = run(&[(FILE, SPEC)]).unwrap_or_else(|d| panic!("{}", show(&d)));
    assert_eq!(output.files.len(), 1);
    assert_eq!(output.files[0].name, "demo.rs");
    assert_eq!(output.files[0].spec, FILE);
    assert!(
        output.files[0]
            .contents
            .starts_with("// @generated by loginspec from specs/demo.yaml.")
    );
    assert!(output.mod_rs.contains("pub mod demo"), "{}", output.mod_rs);
    let code = generated(SPEC);
    for item in [
        "pub struct LoginRequest",
        "pub enum LoginError",
        "pub struct Session",
    ] {
        assert!(code.contains(item), "no `{item}` in:\n{code}");
    }
}

#[test]
fn generating_twice_gives_identical_bytes() {
    let ws = edit(&ws_spec(), "name: demo", "name: ws");
    let files = [(FILE, SPEC), ("specs/ws.yaml", ws.as_str())];
    let first = run(&files).unwrap_or_else(|d| panic!("{}", show(&d)));
    let second = run(&files).unwrap_or_else(|d| panic!("{}", show(&d)));
    assert_eq!(first, second);
}

#[test]
fn the_bundled_specs_generate_code_that_parses() {
    let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let output = Config::new()
        .specs(specs)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!output.files.is_empty());
    for file in &output.files {
        syn::parse_file(&file.contents).unwrap_or_else(|e| panic!("{}: {e}", file.name));
    }
}

// ---------------------------------------------------------------------------------------
// Loader: YAML and serde problems
// ---------------------------------------------------------------------------------------

#[test]
fn loader_unknown_key_suggests_the_closest_key() {
    let src = tweak("type: string", "tpye: string");
    expect(
        &only(&src),
        "endpoints.login.body.fields.user.tpye",
        pos(&src, "tpye"),
        "unknown field `tpye`, expected one of `type`,",
        Some("did you mean the key `type`?"),
    );
}

#[test]
fn loader_unknown_key_without_a_close_match_lists_the_keys() {
    let src = tweak("    path: /login", "    path: /login\n    timeout: 3");
    expect(
        &only(&src),
        "endpoints.login.timeout",
        pos(&src, "timeout"),
        "unknown field `timeout`, expected one of `method`, `path`,",
        Some("remove `timeout` or use one of the keys listed above"),
    );
}

#[test]
fn loader_unknown_auth_type_suggests_the_closest_value() {
    let src = tweak("type: basic", "type: basci");
    expect(
        &only(&src),
        "auth.app.type",
        pos(&src, "basci"),
        "unknown variant `basci`, expected one of `basic`, `bearer`, `header`, `cookie`",
        Some("did you mean the value `basic`?"),
    );
}

#[test]
fn loader_duplicate_key_is_refused() {
    let src = add(
        SPEC,
        "type: string",
        "        user:\n          type: string\n",
    );
    let d = only(&src);
    expect(
        &d,
        "endpoints.login.body.fields.user",
        d.location,
        "duplicate key `user`: each key may appear once in a mapping",
        Some("keep one `user:` and merge what the two say, or rename one"),
    );
    assert!(d.location.is_some(), "{d}");
}

#[test]
fn loader_duplicate_key_is_refused_in_a_large_mapping_too() {
    // Past a few dozen keys the loader hashes the keys instead of scanning them.
    let mut fields = String::new();
    for i in 0..60 {
        fields.push_str(&format!("        f{i}:\n          type: string\n"));
    }
    fields.push_str("        f7:\n          type: string\n");
    let src = add(SPEC, "type: string", &fields);
    let d = only(&src);
    expect(
        &d,
        "endpoints.login.body.fields.f7",
        d.location,
        "duplicate key `f7`: each key may appear once in a mapping",
        Some("keep one `f7:` and merge what the two say, or rename one"),
    );
    assert_eq!(
        d.location.map(|(line, _)| line),
        Some(pos(&src, "f59:").unwrap().0 + 2),
        "{d}"
    );
}

#[test]
fn loader_duplicate_key_points_at_the_second_key() {
    let src = add(
        SPEC,
        "type: string",
        "        user:\n          type: string\n",
    );
    assert_eq!(src.lines().nth(19), Some("        user:"));
    assert_eq!(only(&src).location, Some((20, 9)));
}

#[test]
fn loader_wrong_value_type_names_the_expected_type() {
    let src = add(SPEC, "type: string", "          required: yes\n");
    expect(
        &only(&src),
        "endpoints.login.body.fields.user.required",
        pos(&src, "yes"),
        "expected `true` or `false`, found the text \"yes\"",
        Some("YAML 1.2 reads `yes` as text: write `true` or `false`"),
    );
    let src = tweak("loginspec: 1", "loginspec: one");
    expect(
        &only(&src),
        "loginspec",
        Some((1, 12)),
        "expected the version of the spec language, `1`, found the text \"one\"",
        Some("write `loginspec: 1`"),
    );
}

#[test]
fn loader_missing_key_is_named() {
    let src = tweak("    path: /login\n", "");
    expect(
        &only(&src),
        "endpoints.login",
        pos(&src, "method:"),
        "the required key `path` is missing from `endpoints.login`",
        Some("add `path:` to this mapping"),
    );
}

#[test]
fn loader_yaml_syntax_error_has_a_location() {
    let src = tweak("method: POST", "method: POST: x");
    let d = only(&src);
    assert_eq!(d.file, FILE);
    expect(
        &d,
        "endpoints.login",
        pos(&src, ": x"),
        "a `key: value` is not allowed here",
        Some(
            "quote a value that holds `: ` (`name: \"a: b\"`), or indent this line like the keys next to it",
        ),
    );
}

// ---------------------------------------------------------------------------------------
// Service: version, base URL and its variables
// ---------------------------------------------------------------------------------------

#[test]
fn version_other_than_1_is_refused() {
    let src = tweak("loginspec: 1", "loginspec: 2");
    expect(
        &only(&src),
        "loginspec",
        Some((1, 1)),
        "unsupported spec language version 2; this generator reads version 1",
        Some("write `loginspec: 1`"),
    );
}

#[test]
fn base_url_needs_an_http_scheme() {
    let src = tweak("https://{tier}", "ftp://{tier}");
    expect(
        &only(&src),
        "service.base_url",
        pos(&src, "base_url:"),
        "base URL `ftp://{tier}.example.com` must start with `https://` or `http://`",
        Some(
            "write the base URL as `https://host` (or `http://localhost:port` for a local server)",
        ),
    );
}

#[test]
fn base_url_has_no_trailing_slash_query_or_fragment() {
    for url in [
        "https://{tier}.example.com/",
        "https://{tier}.example.com/v1?x=1",
        "https://{tier}.example.com#top",
    ] {
        let src = tweak("https://{tier}.example.com", url);
        expect(
            &only(&src),
            "service.base_url",
            pos(&src, "base_url:"),
            "must not end with `/` or carry a query or fragment",
            Some("put the path of each endpoint under `endpoints.<name>.path`"),
        );
    }
}

#[test]
fn base_url_placeholder_must_be_declared() {
    let src = tweak("{tier}", "{tire}");
    let diags = problems(&src);
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    expect(
        &diags[0],
        "service.base_url",
        pos(&src, "base_url:"),
        "the placeholder `{tire}` is not a declared variable",
        Some("did you mean `tier`?"),
    );
    expect(
        &diags[1],
        "service.variables.tier",
        pos(&src, "tier:"),
        "the variable `tier` is not used in `base_url`",
        Some("write `{tier}` in the host of `base_url`, or remove it"),
    );

    let src = edit(&src, "{tire}", "{tier}.{zone}");
    expect(
        &only(&src),
        "service.base_url",
        pos(&src, "base_url:"),
        "the placeholder `{zone}` is not a declared variable",
        Some("declare it under `service.variables.zone`"),
    );
}

#[test]
fn base_url_placeholder_only_in_the_host() {
    let src = tweak(".example.com\"", ".example.com/{tier}\"");
    expect(
        &only(&src),
        "service.base_url",
        pos(&src, "base_url:"),
        "the placeholder `{tier}` is outside the host; only the host may be templated",
        Some(
            "write the varying part of the path in each endpoint's `path`, or describe it in `notes`",
        ),
    );
}

#[test]
fn base_url_braces_must_match() {
    for (url, message, help) in [
        (
            "https://{tier.example.com",
            "`{` without a matching `}` in the base URL",
            "close the placeholder: `{name}`",
        ),
        (
            "https://tier}.example.com",
            "`}` without a matching `{` in the base URL",
            "write each placeholder as `{name}`",
        ),
    ] {
        let src = tweak("https://{tier}.example.com", url);
        expect(
            &only(&src),
            "service.base_url",
            pos(&src, "base_url:"),
            message,
            Some(help),
        );
    }
}

#[test]
fn unused_variable_is_reported() {
    let src = add(SPEC, "default: prod", "    region:\n      default: eu\n");
    expect(
        &only(&src),
        "service.variables.region",
        pos(&src, "region:"),
        "the variable `region` is not used in `base_url`",
        Some("write `{region}` in the host of `base_url`, or remove it"),
    );
}

#[test]
fn variables_need_a_base_url() {
    let src = tweak("  base_url: \"https://{tier}.example.com\"\n", "");
    expect(
        &only(&src),
        "service.variables",
        pos(&src, "variables:"),
        "`variables` are given but there is no `base_url` to use them",
        Some("add `base_url:` with `{name}` placeholders, or remove `variables`"),
    );
}

#[test]
fn variable_default_must_be_a_host_label() {
    for default in ["Prod", "-prod", "pr_od", "a.b"] {
        let src = tweak("default: prod", &format!("default: {default}"));
        expect(
            &only(&src),
            "service.variables.tier.default",
            pos(&src, "default:"),
            &format!(
                "the default `{default}` is not a host label (lowercase letters, digits and `-`, at most 63 characters)"
            ),
            Some("write the default as a host label, such as `prod` or `eu-1`"),
        );
    }
    let src = add(SPEC, "default: prod", "      max_length: 3\n");
    expect(
        &only(&src),
        "service.variables.tier.default",
        pos(&src, "default:"),
        "the default `prod` is not a host label (lowercase letters, digits and `-`, at most 3 characters)",
        Some("write the default as a host label, such as `prod` or `eu-1`"),
    );
}

#[test]
fn variable_max_length_is_between_1_and_63() {
    let src = add(SPEC, "default: prod", "      max_length: 64\n");
    expect(
        &only(&src),
        "service.variables.tier.max_length",
        pos(&src, "max_length:"),
        "`max_length` must be between 1 and 63 (a host label's limit)",
        Some("write a number from 1 to 63, or leave `max_length` out"),
    );
    assert!(generated(&add(SPEC, "default: prod", "      max_length: 63\n")).contains("63"));
}

#[test]
fn variable_max_length_zero_is_one_problem() {
    let src = add(SPEC, "default: prod", "      max_length: 0\n");
    expect(
        &only(&src),
        "service.variables.tier.max_length",
        pos(&src, "max_length:"),
        "`max_length` must be between 1 and 63",
        Some("write a number from 1 to 63, or leave `max_length` out"),
    );
}

#[test]
fn base_url_variables_that_collide_after_conversion_are_refused() {
    let src = tweak(
        "\"https://{tier}.example.com\"",
        "\"https://{a-b}.{a_b}.example.com\"",
    );
    let src = edit(
        &src,
        "    tier:\n      default: prod\n",
        "    a-b:\n      default: x\n    a_b:\n      default: y\n",
    );
    expect(
        &only(&src),
        "service.variables.a_b",
        pos(&src, "a_b:"),
        "variables `a-b` and `a_b` both become the parameter `a_b` of `base_url(..)`",
        Some("rename one of them, in `base_url` too"),
    );
}

#[test]
fn base_url_http_is_only_for_loopback_hosts() {
    for url in [
        "http://{tier}.example.com",
        "http://example.com",
        "http://127.0.0.1.example.com",
        "http://[2001:db8::1]",
    ] {
        let src = tweak("\"https://{tier}.example.com\"", &format!("\"{url}\""));
        let src = if url.contains("{tier}") {
            src
        } else {
            edit(&src, "  variables:\n    tier:\n      default: prod\n", "")
        };
        expect(
            &only(&src),
            "service.base_url",
            pos(&src, "base_url:"),
            &format!(
                "base URL `{url}` uses `http://`, which is only allowed for loopback hosts \
                 (localhost, 127.0.0.0/8, [::1]); the runtime refuses it elsewhere"
            ),
            Some("use `https://`"),
        );
    }
    for url in [
        "http://localhost",
        "http://LOCALHOST:8080/api",
        "http://127.0.0.1:3000",
        "http://127.8.9.10",
        "http://[::1]:8080",
    ] {
        let src = tweak("\"https://{tier}.example.com\"", &format!("\"{url}\""));
        let src = edit(&src, "  variables:\n    tier:\n      default: prod\n", "");
        generated(&src);
    }
}

// ---------------------------------------------------------------------------------------
// Auth schemes
// ---------------------------------------------------------------------------------------

#[test]
fn auth_header_name_must_be_a_token() {
    let src = tweak("type: basic", "type: header\n    header: X Token");
    expect(
        &only(&src),
        "auth.app.header",
        pos(&src, "header: X"),
        "`X Token` is not a valid HTTP header name",
        Some("use letters, digits and `-` (`X-Auth-Token`), no spaces"),
    );
}

#[test]
fn auth_cookie_name_must_be_a_token() {
    let src = tweak("type: basic", "type: cookie\n    cookie: a=b");
    expect(
        &only(&src),
        "auth.app.cookie",
        pos(&src, "cookie: a=b"),
        "`a=b` is not a valid cookie name",
        Some("use letters, digits, `-` and `_`, no spaces, `;` or `=`"),
    );
}

#[test]
fn unknown_auth_scheme_suggests_the_closest() {
    let src = tweak("auth: app", "auth: ap");
    expect(
        &only(&src),
        "endpoints.login.auth",
        pos(&src, "auth: ap"),
        "there is no auth scheme named `ap`",
        Some("did you mean `app`?"),
    );
    let src = tweak("auth: app", "auth: zzz");
    expect(
        &only(&src),
        "endpoints.login.auth",
        pos(&src, "auth: zzz"),
        "there is no auth scheme named `zzz`",
        Some("declare it under `auth:` first"),
    );
}

#[test]
fn unknown_endpoint_auth_does_not_hide_other_problems() {
    let src = tweak("auth: app", "auth: ap");
    let src = edit(&src, "type: string", "type: strnig");
    let diags = problems(&src);
    find(&diags, "endpoints.login.auth");
    find(&diags, "endpoints.login.body.fields.user.type");
}

// ---------------------------------------------------------------------------------------
// Field types
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_field_type_suggests_the_closest() {
    let src = tweak("type: string", "type: strnig");
    expect(
        &only(&src),
        "endpoints.login.body.fields.user.type",
        pos(&src, "type: strnig"),
        "unknown type `strnig`",
        Some("did you mean `string`?"),
    );
}

#[test]
fn unknown_field_type_suggests_a_declared_type() {
    let src = add(
        SPEC,
        "default: prod",
        "types:\n  Account:\n    fields:\n      id:\n        type: string\n",
    );
    let src = edit(
        &src,
        "type: string\n        password",
        "type: Acount\n        password",
    );
    expect(
        &only(&src),
        "endpoints.login.body.fields.user.type",
        pos(&src, "type: Acount"),
        "unknown type `Acount`",
        Some("did you mean `Account`?"),
    );
}

#[test]
fn unknown_field_type_without_a_close_match_lists_the_types() {
    let src = tweak("type: string", "type: zzz");
    let d = only(&src);
    assert_eq!(
        d.help.as_deref(),
        Some(
            "use one of string, integer, number, boolean, uuid, timestamp, unix_ms, unix_s, \
             secret, enum, object, array, map, any, null or a name declared under `types:`"
        )
    );
}

#[test]
fn misplaced_keys_are_reported_one_by_one() {
    let src = add(
        SPEC,
        "type: string",
        r"
          type_name: Name
          values: {a: A}
          items: {type: string}
          fields: {a: {type: string}}
",
    );
    let diags = problems(&src);
    assert_eq!(diags.len(), 4, "{}", show(&diags));
    let base = "endpoints.login.body.fields.user";
    for (d, (key, message)) in diags.iter().zip([
        (
            "type_name",
            "`type_name` only applies to `type: object` or `type: enum`, not `string`",
        ),
        (
            "values",
            "`values` only applies to `type: enum`, not `string`",
        ),
        (
            "items",
            "`items` only applies to `type: array` or `type: map`, not `string`",
        ),
        (
            "fields",
            "`fields` only applies to `type: object`, not `string`",
        ),
    ]) {
        expect(
            d,
            &format!("{base}.{key}"),
            pos(&src, &format!("{key}: ")),
            message,
            Some("remove it, or change `type`"),
        );
    }
}

/// [`SPEC`] with one more body field, written at field indentation.
fn with_field(yaml: &str) -> String {
    add(SPEC, "password:\n          type: secret", yaml)
}

#[test]
fn enum_needs_values() {
    for values in ["", "          values: {}\n"] {
        let src = with_field(&format!("        kind:\n          type: enum\n{values}"));
        expect(
            &only(&src),
            "endpoints.login.body.fields.kind",
            pos(&src, "kind:"),
            "an `enum` needs `values:`, a mapping from each wire value to its description",
            Some("add `values: { some_value: What it means }`"),
        );
    }
}

#[test]
fn enum_value_unknown_is_reserved() {
    let src = with_field(
        r"
        kind:
          type: enum
          values:
            ok: Fine.
            unknown: Not known.
",
    );
    expect(
        &only(&src),
        "endpoints.login.body.fields.kind.values.unknown",
        pos(&src, "unknown:"),
        "the value `unknown` would clash with the `Unknown` variant that keeps undocumented values",
        Some(
            "an enum value is sent as written and cannot be renamed: leave `unknown` out of \
             `values:` (it still decodes, as `Unknown(\"unknown\")`) and describe it in the \
             field's `description`",
        ),
    );
}

#[test]
fn enum_values_that_become_the_same_variant_collide() {
    let src = with_field(
        r"
        kind:
          type: enum
          values:
            a_b: First.
            aB: Second.
",
    );
    expect(
        &only(&src),
        "endpoints.login.body.fields.kind.values.aB",
        pos(&src, "aB:"),
        "values `a_b` and `aB` both become the variant `AB`",
        Some(
            "an enum value is sent as written and cannot be renamed: leave `aB` out of \
             `values:` (it still decodes, as `Unknown(\"aB\")`) and describe it in the \
             field's `description`",
        ),
    );
}

#[test]
fn object_needs_fields() {
    let src = with_field("        profile:\n          type: object\n");
    expect(
        &only(&src),
        "endpoints.login.body.fields.profile",
        pos(&src, "profile:"),
        "an `object` needs `fields:`",
        Some("add `fields:`, or use `type: map` for free-form keys"),
    );
}

#[test]
fn array_and_map_need_items() {
    for kind in ["array", "map"] {
        let src = with_field(&format!("        tags:\n          type: {kind}\n"));
        expect(
            &only(&src),
            "endpoints.login.body.fields.tags",
            pos(&src, "tags:"),
            &format!("`{kind}` needs `items:`, the type of its elements"),
            Some("add `items: { type: string }`"),
        );
    }
}

#[test]
fn required_on_items_is_refused() {
    let src = with_field(
        r"
        tags:
          type: array
          items:
            type: string
            required: false
",
    );
    expect(
        &only(&src),
        "endpoints.login.body.fields.tags.items.required",
        pos(&src, "required: false"),
        "`required` has no meaning for the elements of a list or map",
        Some("remove it"),
    );
}

#[test]
fn rust_name_must_be_plain_snake_case() {
    for (name, help) in [
        ("userName", Some("try `user_name`")),
        ("type", Some("try `type_`")),
        ("日本", None),
    ] {
        let src = add(
            SPEC,
            "type: string",
            &format!("          rust_name: {name}\n"),
        );
        expect(
            &only(&src),
            "endpoints.login.body.fields.user.rust_name",
            pos(&src, "rust_name:"),
            &format!("`{name}` is not a snake_case Rust name that needs no escaping"),
            help,
        );
    }
}

#[test]
fn type_name_must_be_upper_camel_case() {
    for (name, help) in [("my_profile", "try `MyProfile`"), ("Self", "try `Self_`")] {
        let src = with_field(&format!(
            r"
        profile:
          type: object
          type_name: {name}
          fields:
            a:
              type: string
"
        ));
        expect(
            &only(&src),
            "endpoints.login.body.fields.profile.type_name",
            pos(&src, "type_name:"),
            &format!("`{name}` is not an UpperCamelCase Rust type name"),
            Some(help),
        );
    }
}

#[test]
fn rust_type_names_must_be_unique() {
    let object =
        "          type: object\n          fields:\n            a:\n              type: string\n";
    let src = with_field(&format!(
        "        profile-info:\n{object}        profile_info:\n          rust_name: other\n{object}"
    ));
    expect(
        &only(&src),
        "endpoints.login.body.fields.profile_info",
        pos(&src, "profile_info:"),
        "the Rust type name `ProfileInfo` is already used by `endpoints.login.body.fields.profile-info`",
        Some("set `type_name:` on one of them to pick another name"),
    );
}

#[test]
fn a_declared_type_may_collide_with_a_generated_one() {
    let src = add(
        SPEC,
        "default: prod",
        "types:\n  LoginRequest:\n    fields:\n      id:\n        type: string\n",
    );
    let d = only(&src);
    expect(
        &d,
        "endpoints.login.body",
        pos(&src, "\n    body:"),
        "the Rust type name `LoginRequest` is already used by `types.LoginRequest`",
        d.help.as_deref(),
    );
}

#[test]
fn collision_with_a_declared_type_suggests_renaming_it() {
    let src = add(
        SPEC,
        "default: prod",
        "types:\n  LoginRequest:\n    fields:\n      id:\n        type: string\n",
    );
    expect(
        &only(&src),
        "endpoints.login.body",
        pos(&src, "\n    body:"),
        "the Rust type name `LoginRequest` is already used by `types.LoginRequest`",
        Some(
            "rename the endpoint `login`, or rename the `types` entry `LoginRequest` and the \
             fields that use it",
        ),
    );
}

#[test]
fn fixed_type_names_are_claimed_at_their_own_path() {
    let types = "types:\n  Client:\n    fields:\n      a:\n        type: string\n  Session:\n    fields:\n      a:\n        type: string\n  LoginOutcome:\n    fields:\n      a:\n        type: string\n";
    let src = add(SPEC, "default: prod", types);
    let src = edit(
        &src,
        "token:\n              type: secret\n",
        "token:\n              type: secret\n            verify:\n              type: boolean\n",
    );
    let src = add(
        &src,
        "token: token",
        "      verification_required: verify\n",
    );
    let diags = problems(&src);
    assert_eq!(diags.len(), 3, "{}", show(&diags));
    expect(
        &diags[0],
        "service.name",
        pos(&src, "name: demo"),
        "the Rust type name `Client` is already used by `types.Client`",
        Some(
            "rename the `types` entry `Client` and the fields that use it; the generator always \
             defines `Client`",
        ),
    );
    expect(
        &diags[1],
        "endpoints.login.session",
        pos(&src, "session:"),
        "the Rust type name `Session` is already used by `types.Session`",
        Some(
            "rename the `types` entry `Session` and the fields that use it; the generator always \
             defines `Session`",
        ),
    );
    expect(
        &diags[2],
        "endpoints.login.session.verification_required",
        pos(&src, "verification_required:"),
        "the Rust type name `LoginOutcome` is already used by `types.LoginOutcome`",
        Some(
            "rename the endpoint `login`, or rename the `types` entry `LoginOutcome` and the \
             fields that use it",
        ),
    );
}

#[test]
fn a_declared_type_cannot_redefine_a_builtin() {
    let src = add(
        SPEC,
        "default: prod",
        "types:\n  string:\n    fields:\n      id:\n        type: string\n",
    );
    expect(
        &only(&src),
        "types.string",
        pos(&src, "string:"),
        "`string` is a built-in type and cannot be redefined",
        Some("pick another name"),
    );
}

const RECURSION_HELP: &str = "break the cycle with an `array` or a `map` of the type (`type: \
     array` with `items: { type: ... }`); a recursion through them is fine";

#[test]
fn a_type_that_contains_itself_is_refused() {
    let src = add(
        SPEC,
        "default: prod",
        "types:\n  Node:\n    fields:\n      next:\n        type: Node\n        required: false\n",
    );
    let src = add(
        &src,
        "password:\n          type: secret",
        "        node:\n          type: Node\n",
    );
    expect(
        &only(&src),
        "types.Node.fields.next.type",
        pos(&src, "type: Node\n        required"),
        "the type `Node` contains itself through `Node.next`, so it would have infinite size",
        Some(RECURSION_HELP),
    );
}

#[test]
fn a_type_that_contains_itself_through_other_types_is_refused() {
    let types = r"types:
  A:
    fields:
      b:
        type: B
  B:
    fields:
      inner:
        type: object
        fields:
          a:
            type: A
";
    let src = add(SPEC, "default: prod", types);
    expect(
        &only(&src),
        "types.B.fields.inner.fields.a.type",
        pos(&src, "type: A"),
        "the type `A` contains itself through `A.b` -> `B.inner` -> `Inner.a`, so it would have \
         infinite size",
        Some(RECURSION_HELP),
    );
}

#[test]
fn a_recursion_through_an_array_or_a_map_generates() {
    let types = r"types:
  Node:
    fields:
      children:
        type: array
        items:
          type: Node
      named:
        type: map
        required: false
        items:
          type: Node
";
    let src = add(SPEC, "default: prod", types);
    let src = add(
        &src,
        "password:\n          type: secret",
        "        node:\n          type: Node\n",
    );
    let code = generated(&src);
    assert!(code.contains("pub children: Vec<Node>"), "{code}");
}

// ---------------------------------------------------------------------------------------
// Names that collide or need escaping
// ---------------------------------------------------------------------------------------

#[test]
fn field_names_that_collide_after_conversion_get_a_rust_name_hint() {
    for (first, second, rust) in [("userId", "user_id", "user_id"), ("_id", "id", "id")] {
        let src = with_field(&format!(
            "        {first}:\n          type: string\n        {second}:\n          type: string\n"
        ));
        expect(
            &only(&src),
            &format!("endpoints.login.body.fields.{second}"),
            pos(&src, &format!("\n        {second}:")),
            &format!("fields `{first}` and `{second}` both become `{rust}` in Rust"),
            Some("set `rust_name:` on one of them"),
        );
        let fixed = with_field(&format!(
            r"
        {first}:
          type: string
          rust_name: first
        {second}:
          type: string
"
        ));
        assert!(generated(&fixed).contains(&format!("rename = \"{first}\"")));
    }
}

#[test]
fn keywords_and_leading_digits_are_escaped() {
    let src = with_field(
        r"
        type:
          type: string
        self:
          type: string
          required: false
        match:
          type: integer
        2fa:
          type: enum
          values:
            self: Itself.
            type: A type.
            2fa: Two factors.
",
    );
    let code = generated(&src);
    for rust in [
        "pub type_:",
        "pub self_:",
        "pub match_:",
        "pub n2fa:",
        "Self_,",
        "N2fa,",
    ] {
        assert!(code.contains(rust), "no `{rust}` in:\n{code}");
    }
    for wire in ["type", "self", "match", "2fa"] {
        assert!(code.contains(&format!("rename = \"{wire}\"")), "{wire}");
    }
}

#[test]
fn keywords_everywhere_still_generate() {
    let src = r#"loginspec: 1
service:
  name: self
  base_url: "https://{type}.example.com"
  variables:
    type:
      default: prod
auth:
  match:
    type: bearer
endpoints:
  type:
    method: POST
    path: /login
    auth: match
    body:
      fields:
        self:
          type: enum
          values:
            type: The type.
            self: Itself.
        2fa:
          type: object
          required: false
          fields:
            super:
              type: string
      variants:
        async:
          fields: [self]
        2fa:
          fields: [self, 2fa]
    responses:
      200:
        headers:
          Type:
            type: string
        body:
          fields:
            crate:
              type: secret
      401:
        name: self
    session:
      token: crate
      send_as: match
"#;
    let output = run(&[(FILE, src)]).unwrap_or_else(|d| panic!("{}", show(&d)));
    assert_eq!(output.files[0].name, "self_.rs");
    generated(src);
}

#[test]
fn a_service_named_mod_does_not_overwrite_mod_rs() {
    let output = run(&[(FILE, &tweak("name: demo", "name: mod"))]).unwrap();
    assert_eq!(output.files[0].name, "mod_.rs");
}

#[test]
fn non_ascii_field_names_are_converted_or_need_a_rust_name() {
    let code = generated(&with_field("        café_id:\n          type: string\n"));
    assert!(code.contains("pub caf_id:") && code.contains("rename = \"café_id\""));

    let src = with_field("        日本:\n          type: string\n");
    expect(
        &only(&src),
        "endpoints.login.body.fields.日本",
        pos(&src, "日本:"),
        "`日本` cannot become a Rust name: the name has no ASCII letter or digit to build a Rust name from",
        Some("set `rust_name:` to the Rust name to use"),
    );
    let code = generated(&with_field(
        "        日本:\n          type: string\n          rust_name: nihon\n",
    ));
    assert!(code.contains("pub nihon:") && code.contains("rename = \"日本\""));
}

#[test]
fn odd_field_names_never_panic() {
    for name in [
        "\"\"", "_", "+", "---", "a b", "a.b", "Self", "r#type", "__", "9", "日本2", "$ref",
        "\"[0]\"", "body", "new",
    ] {
        let src = with_field(&format!("        {name}:\n          type: string\n"));
        match run(&[(FILE, &src)]) {
            Ok(_) => {
                generated(&src);
            }
            Err(diags) => {
                for d in &diags {
                    assert!(
                        d.path.starts_with("endpoints.login.body.fields."),
                        "{name}: {d}"
                    );
                    assert!(d.help.is_some(), "{name}: {d}");
                }
            }
        }
    }
}

#[test]
fn unconvertible_names_without_a_naming_key_get_a_fitting_help() {
    let cases = [
        (
            with_field(
                "        kind:\n          type: enum\n          values:\n            日本: Japan.\n",
            ),
            "endpoints.login.body.fields.kind.values.日本",
            "the enum value `日本` cannot become a Rust variant name",
            "an enum value is sent as written and cannot be renamed: leave `日本` out of \
             `values:` (it still decodes, as `Unknown(\"日本\")`) and describe it in the \
             field's `description`",
        ),
        (
            tweak("  login:\n", "  日本:\n"),
            "endpoints.日本",
            "`日本` cannot become a Rust name",
            "rename the endpoint to an ASCII name such as `login`",
        ),
        (
            tweak("name: demo", "name: 日本"),
            "service.name",
            "`日本` cannot become a Rust name",
            "set `service.name` to an ASCII name such as `example`",
        ),
        (
            tweak("name: denied", "name: 日本"),
            "endpoints.login.responses.401.name",
            "`日本` cannot become a Rust type name",
            "change `name:` to an ASCII name such as `denied`",
        ),
        (
            add(
                SPEC,
                "default: prod",
                "types:\n  日本:\n    fields:\n      a:\n        type: string\n",
            ),
            "types.日本",
            "`日本` cannot become a Rust type name",
            "rename the `types` entry to an ASCII name such as `User`, and the fields that use it",
        ),
        (
            edit(&tweak("  app:\n", "  \"+\":\n"), "auth: app", "auth: \"+\""),
            "auth.+",
            "`+` cannot become a Rust name",
            "rename the auth scheme to an ASCII name such as `app`, and every `auth:` and \
             `send_as:` that names it",
        ),
        (
            edit(&tweak("{tier}", "{-}"), "    tier:", "    \"-\":"),
            "service.variables.-",
            "`-` cannot become a Rust name",
            "rename the variable to an ASCII name such as `tier`, in `base_url` too",
        ),
        (
            with_variants("        \"+\":\n          fields: [user, password]\n"),
            "endpoints.login.body.variants.+",
            "`+` cannot become a Rust type name",
            "rename the variant to an ASCII name such as `password`, and `variant:` in the \
             examples",
        ),
        (
            edit(
                &ws_spec(),
                "  messages:\n    connect:",
                "  messages:\n    \"+\":",
            ),
            "websocket.messages.+",
            "`+` cannot become a Rust name",
            "a message name is sent as written in the request envelope and cannot be renamed, \
             so v1 cannot describe this message; describe it in `websocket.description` instead",
        ),
    ];
    for (src, path, message, help) in cases {
        let diags = problems(&src);
        let d = find(&diags, path);
        assert!(d.message.contains(message), "{}", show(&diags));
        assert_eq!(d.help.as_deref(), Some(help), "{}", show(&diags));
        // One problem: nothing else is reported because of it, except that the websocket
        // example names the message by its old name.
        let expected = if path.starts_with("websocket") { 2 } else { 1 };
        assert_eq!(diags.len(), expected, "{}", show(&diags));
    }
}

#[test]
fn a_field_of_an_unconvertible_named_type_is_not_reported_again() {
    let src = add(
        SPEC,
        "default: prod",
        "types:\n  \"+\":\n    fields:\n      a:\n        type: string\n",
    );
    let src = edit(
        &src,
        "type: string\n        password",
        "type: \"+\"\n        password",
    );
    let d = only(&src);
    assert_eq!(d.path, "types.+", "{d}");
}

// ---------------------------------------------------------------------------------------
// Endpoints: method, path, fixed headers
// ---------------------------------------------------------------------------------------

#[test]
fn unsupported_method_suggests_the_closest() {
    for (method, help) in [
        ("POTS", "did you mean `POST`?"),
        ("post", "did you mean `POST`?"),
        ("FETCH", "use GET, POST, PUT, PATCH or DELETE"),
    ] {
        let src = tweak("method: POST", &format!("method: {method}"));
        expect(
            &only(&src),
            "endpoints.login.method",
            pos(&src, "method:"),
            &format!("unsupported method `{method}`"),
            Some(help),
        );
    }
}

#[test]
fn path_must_be_a_plain_absolute_path() {
    for path in ["login", "/login?x=1", "/a#b", "/a b"] {
        let src = tweak("path: /login", &format!("path: \"{path}\""));
        expect(
            &only(&src),
            "endpoints.login.path",
            pos(&src, "path:"),
            &format!("path `{path}` must start with `/` and hold no query, fragment or space"),
            Some(
                "write the path such as `/v1/users/{user_id}`, and each query parameter under `parameters` with `in: query`",
            ),
        );
    }
}

#[test]
fn path_parameters_are_declared_used_typed_and_apart_from_fields() {
    let params = "    parameters:\n      user_id: { in: path, type: integer }\n      include: { in: query, type: string, required: false }\n";
    let src = add(
        &tweak("path: /login", "path: /users/{user_id}/login"),
        "method: POST",
        params,
    );
    let code: String = generated(&src).split_whitespace().collect();
    assert!(
        code.contains(
            "rt::push_segment(&mutpath,\"user_id\",&ToString::to_string(&self.user_id))?;"
        ),
        "{code}"
    );
    assert!(
        code.contains("(\"include\",self.include.as_ref().map(ToString::to_string))"),
        "{code}"
    );

    let src2 = edit(&src, "/users/{user_id}/login", "/users/{usr_id}/login");
    let diags = problems(&src2);
    assert_eq!(diags.len(), 2, "{diags:?}");
    expect(
        &diags[1],
        "endpoints.login.path",
        pos(&src2, "path:"),
        "the path parameter `{usr_id}` is not declared",
        Some("did you mean `{user_id}`?"),
    );
    expect(
        &diags[0],
        "endpoints.login.parameters.user_id",
        pos(&src2, "user_id: { in"),
        "the path `/users/{usr_id}/login` has no `{user_id}` for this path parameter",
        Some("put `{user_id}` in the path, or make it a `query` parameter"),
    );
    let src2 = edit(
        &src,
        "user_id: { in: path, type: integer }",
        "user_id: { in: path, type: integer, required: false }",
    );
    expect(
        &only(&src2),
        "endpoints.login.parameters.user_id.required",
        pos(&src2, "user_id: { in"),
        "a path parameter is always required: the path has no meaning without it",
        Some("remove `required: false`, or make it a `query` parameter"),
    );
    let src2 = edit(
        &src,
        "include: { in: query, type: string",
        "include: { in: query, type: secret",
    );
    expect(
        &only(&src2),
        "endpoints.login.parameters.include.type",
        pos(&src2, "include: { in"),
        "a parameter is a `string`, `integer`, `boolean` or `uuid`, not `secret`",
        Some(
            "a parameter is part of the URL, which is logged: send a credential with `auth:` instead",
        ),
    );
    let src2 = edit(&src, "include: { in", "user: { in");
    expect(
        &only(&src2),
        "endpoints.login.parameters.user",
        pos(&src2, "user: { in"),
        "the parameter `user` and a body field or the credential both become the request field `user`",
        Some("set `rust_name:` on the parameter"),
    );
    let src2 = edit(&src, "include: { in", "app: { in");
    expect(
        &only(&src2),
        "endpoints.login.parameters.app",
        pos(&src2, "app: { in"),
        "the parameter `app` and a body field or the credential both become the request field `app`",
        Some("set `rust_name:` on the parameter"),
    );
    let src2 = edit(&src, "/users/{user_id}/login", "/users/{user_id/login");
    expect(
        &only(&src2),
        "endpoints.login.path",
        pos(&src2, "path:"),
        "path `/users/{user_id/login` has a `{` without its `}`",
        Some("write each parameter as `{name}`"),
    );
}

#[test]
fn credentials_are_not_fixed_headers() {
    let src = add(
        SPEC,
        "path: /login",
        "    headers:\n      Authorization: Basic abc\n      cookie: a=b\n",
    );
    let diags = problems(&src);
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    let help = "declare an auth scheme under `auth:` and name it in `auth:` of the endpoint";
    expect(
        &diags[0],
        "endpoints.login.headers.Authorization",
        pos(&src, "Authorization:"),
        "`Authorization` carries credentials and must not be a fixed header",
        Some(help),
    );
    expect(
        &diags[1],
        "endpoints.login.headers.cookie",
        pos(&src, "cookie:"),
        "`cookie` carries credentials and must not be a fixed header",
        Some(help),
    );
}

#[test]
fn fixed_headers_need_a_valid_name_and_value() {
    let src = add(
        SPEC,
        "path: /login",
        "    headers:\n      Content Type: json\n      X-A: \"a\\tb\"\n",
    );
    let diags = problems(&src);
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    expect(
        &diags[0],
        "endpoints.login.headers.Content Type",
        pos(&src, "Content Type:"),
        "`Content Type` is not a valid HTTP header name",
        Some("use letters, digits and `-` (`Content-Type`), no spaces"),
    );
    expect(
        &diags[1],
        "endpoints.login.headers.X-A",
        pos(&src, "X-A:"),
        "a header value may not hold control characters",
        Some("write the value on one line, without control characters"),
    );
}

// ---------------------------------------------------------------------------------------
// Request bodies: at-least-one-of groups and variants
// ---------------------------------------------------------------------------------------

/// [`SPEC`] with `user` optional, an optional `email`, and `yaml` after the fields.
fn with_body_extra(yaml: &str) -> String {
    let src = add(SPEC, "type: string", "          required: false\n");
    let src = add(
        &src,
        "password:\n          type: secret",
        "        email:\n          type: string\n          required: false\n",
    );
    add(
        &src,
        "email:\n          type: string\n          required: false",
        yaml,
    )
}

#[test]
fn a_valid_group_generates() {
    let code = generated(&with_body_extra(
        "      at_least_one_of:\n        - [user, email]\n",
    ));
    assert!(code.contains("pub struct LoginUserOrEmail"), "{code}");
}

#[test]
fn at_least_one_of_group_needs_two_fields() {
    let src = with_body_extra("      at_least_one_of:\n        - [user]\n");
    expect(
        &only(&src),
        "endpoints.login.body.at_least_one_of[0]",
        item(&src, "- [user]"),
        "a group needs at least two fields",
        Some("make a single field `required: true` instead"),
    );
}

#[test]
fn at_least_one_of_member_must_be_a_field() {
    let src = with_body_extra("      at_least_one_of:\n        - [user, emial]\n");
    expect(
        &only(&src),
        "endpoints.login.body.at_least_one_of[0]",
        item(&src, "- [user, emial]"),
        "`emial` is not a field of this body",
        Some("did you mean `email`?"),
    );
}

#[test]
fn at_least_one_of_member_must_be_optional() {
    let src = with_body_extra("      at_least_one_of:\n        - [user, email]\n");
    let src = edit(
        &src,
        "type: string\n          required: false\n        password",
        "type: string\n          required: true\n        password",
    );
    expect(
        &only(&src),
        "endpoints.login.body.fields.user.required",
        pos(&src, "required: true"),
        "`user` is in an at-least-one-of group, so it must be `required: false`",
        Some("set `required: false`"),
    );
}

#[test]
fn at_least_one_of_implicitly_required_member_has_a_location() {
    let src = with_body_extra("      at_least_one_of:\n        - [email, password]\n");
    expect(
        &only(&src),
        "endpoints.login.body.fields.password.required",
        pos(&src, "password:"),
        "`password` is in an at-least-one-of group, so it must be `required: false`",
        Some("set `required: false`"),
    );
}

#[test]
fn at_least_one_of_member_listed_twice_is_refused() {
    let src = with_body_extra("      at_least_one_of:\n        - [user, user]\n");
    expect(
        &only(&src),
        "endpoints.login.body.at_least_one_of[0]",
        item(&src, "- [user, user]"),
        "`user` is listed twice in this group",
        Some("remove the second `user`"),
    );
}

#[test]
fn a_field_in_two_groups_is_refused() {
    let src = with_body_extra(
        "      at_least_one_of:\n        - [user, email]\n        - [email, password]\n",
    );
    let src = edit(
        &src,
        "type: secret\n        email",
        "type: secret\n          required: false\n        email",
    );
    expect(
        &only(&src),
        "endpoints.login.body.at_least_one_of[1]",
        item(&src, "- [email, password]"),
        "`email` is already in the group [user, email]; a field can be in one group only",
        Some("merge the two groups, or remove `email` from one of them"),
    );
}

#[test]
fn a_group_field_cannot_collide_with_a_plain_field() {
    let src = with_body_extra(
        "        user_or_email:\n          type: string\n      at_least_one_of:\n        - [user, email]\n",
    );
    expect(
        &only(&src),
        "endpoints.login.body.at_least_one_of[0]",
        item(&src, "- [user, email]"),
        "the group becomes the field `user_or_email`, the Rust name of the body field \
         `user_or_email`",
        Some("set `rust_name:` on the body field `user_or_email`"),
    );
    let fixed = edit(
        &src,
        "user_or_email:\n          type: string\n",
        "user_or_email:\n          type: string\n          rust_name: either\n",
    );
    assert!(generated(&fixed).contains("pub either:"));
}

#[test]
fn groups_with_the_same_field_name_are_refused() {
    let src = with_field(
        r"
        a:
          type: string
          required: false
        b_or_c:
          type: string
          required: false
        a_or_b:
          type: string
          required: false
        c:
          type: string
          required: false
      at_least_one_of:
        - [a, b_or_c]
        - [a_or_b, c]
",
    );
    expect(
        &only(&src),
        "endpoints.login.body.at_least_one_of[1]",
        item(&src, "- [a_or_b, c]"),
        "the groups [a, b_or_c] and [a_or_b, c] both become the field `a_or_b_or_c`",
        Some(
            "list the fields of one group in another order (a group's field joins its fields \
             with `_or_`)",
        ),
    );
    generated(&edit(&src, "- [a_or_b, c]", "- [c, a_or_b]"));
}

#[test]
fn an_endpoint_named_request_keeps_its_prefix_in_group_names() {
    let src = with_body_extra("      at_least_one_of:\n        - [user, email]\n");
    let src = edit(&src, "  login:\n", "  request:\n");
    let code = generated(&src);
    assert!(code.contains("pub struct RequestUserOrEmail"), "{code}");
}

/// [`SPEC`] with `variants:` (given at body indentation) after the fields.
fn with_variants(yaml: &str) -> String {
    add(
        SPEC,
        "password:\n          type: secret",
        &format!("      variants:\n{yaml}"),
    )
}

#[test]
fn a_valid_variant_request_generates() {
    let code = generated(&with_variants(
        "        pass:\n          fields: [user, password]\n        anon:\n          fields: []\n",
    ));
    assert!(code.contains("pub enum LoginRequest") && code.contains("pub struct LoginPassRequest"));
}

#[test]
fn variant_fields_must_be_body_fields() {
    let src = with_variants(
        "        pass:\n          fields:\n            - user\n            - pasword\n",
    );
    expect(
        &only(&src),
        "endpoints.login.body.variants.pass.fields[1]",
        item(&src, "- pasword"),
        "`pasword` is not a field of this body",
        Some("did you mean `password`?"),
    );
}

#[test]
fn variant_field_listed_twice_is_refused() {
    let src =
        with_variants("        pass:\n          fields:\n            - user\n            - user\n");
    let d = only(&src);
    expect(
        &d,
        "endpoints.login.body.variants.pass.fields[1]",
        d.location,
        "`user` is listed twice",
        Some("remove the second `user`"),
    );
    let line = src.lines().position(|l| l == "            - user").unwrap() + 2;
    assert_eq!(d.location, Some((line, 14)));
}

#[test]
fn variant_must_carry_whole_groups() {
    let src = with_body_extra(
        r"
      at_least_one_of:
        - [user, email]
      variants:
        pass:
          fields: [user, password]
",
    );
    expect(
        &only(&src),
        "endpoints.login.body.variants.pass.fields",
        pos(&src, "fields: [user, password]"),
        "the variant carries part of the group [user, email]; list all of its fields or none",
        Some("add the other fields of [user, email] to this variant, or take its fields out"),
    );
}

#[test]
fn variant_auth_must_be_declared() {
    let src =
        with_variants("        pass:\n          fields: [user, password]\n          auth: ap\n");
    expect(
        &only(&src),
        "endpoints.login.body.variants.pass.auth",
        pos(&src, "auth: ap\n"),
        "there is no auth scheme named `ap`",
        Some("did you mean `app`?"),
    );
}

#[test]
fn credential_field_cannot_share_a_body_field_name() {
    let src = tweak("  app:\n    type: basic", "  user:\n    type: basic");
    let src = edit(&src, "auth: app", "auth: user");
    expect(
        &only(&src),
        "endpoints.login.body",
        pos(&src, "\n    body:"),
        "the credential field `user` (from the auth scheme) has the name of a body field",
        Some("rename the auth scheme"),
    );
}

// ---------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------

#[test]
fn status_code_must_be_an_http_status() {
    for code in ["600", "99", "4xx"] {
        let src = tweak("      401:", &format!("      {code}:"));
        expect(
            &only(&src),
            &format!("endpoints.login.responses.{code}"),
            pos(&src, &format!("{code}:")),
            &format!("`{code}` is not an HTTP status code (100 to 599)"),
            Some(if code == "4xx" {
                "write each status as a key of its own (`401:`, `403:`), each with its \
                 `error_code:` if it has one; v1 has no status ranges (`4XX`) and no `default` \
                 response"
            } else {
                "use a status code from 100 to 599"
            }),
        );
    }
}

#[test]
fn several_success_statuses_make_an_enum_but_not_for_a_login_with_a_session() {
    let src = tweak("      401:", "      201:");
    expect(
        &only(&src),
        "endpoints.login.session",
        pos(&src, "session:"),
        "a login that starts a session documents one success status: the session reads its answer",
        Some("keep the 2xx whose answer holds the token, and describe the others in `notes`"),
    );
    let src = edit(&src, "    session:\n      token: token\n", "");
    let code: String = generated(&src).split_whitespace().collect();
    assert!(code.contains("pubenumLoginResponse{"), "{code}");
    assert!(code.contains("Ok(LoginOkResponse),"), "{code}");
    // The 201 keeps the `name:` it had as an error: `denied`.
    assert!(code.contains("Denied(LoginDeniedResponse),"), "{code}");
    assert!(code.contains("matches!(status,200|201)"), "{code}");
    let src2 = edit(&src, "name: denied", "name: ok");
    expect(
        &only(&src2),
        "endpoints.login.responses.201",
        pos(&src2, "201:"),
        "statuses 200 and 201 both become the variant `Ok`",
        Some("set `name:` on one of them"),
    );
}

#[test]
fn a_success_status_is_needed() {
    let src = tweak("      200:", "      403:");
    expect(
        &only(&src),
        "endpoints.login.responses",
        pos(&src, "responses:"),
        "no success (2xx) response is documented",
        Some("add the success status, e.g. `200: { body: { fields: ... } }`"),
    );
}

#[test]
fn two_statuses_cannot_become_the_same_variant() {
    let src = add(SPEC, "name: denied", "      403:\n        name: denied\n");
    expect(
        &only(&src),
        "endpoints.login.responses.403",
        pos(&src, "403:"),
        "statuses 401 and 403 both become the variant `Denied`",
        Some("set `name:` on one of them"),
    );
}

#[test]
fn decode_and_unexpected_are_reserved_variant_names() {
    for (name, variant) in [("decode", "Decode"), ("Unexpected", "Unexpected")] {
        let src = tweak("name: denied", &format!("name: {name}"));
        expect(
            &only(&src),
            "endpoints.login.responses.401.name",
            pos(&src, &format!("name: {name}")),
            &format!("`{variant}` is reserved for errors the generator adds"),
            Some("pick another `name:`"),
        );
    }
}

#[test]
fn error_response_headers_are_typed_and_give_retry_after() {
    let src = add(
        SPEC,
        "name: denied",
        "        headers:\n          Retry-After:\n            type: retry_after\n",
    );
    let code = generated(&src);
    assert!(code.contains("pub struct LoginDenied {"), "{code}");
    assert!(code.contains("pub retry_after: rt::RetryAfter,"), "{code}");
    assert!(code.contains("401 => Denied(decode)"), "{code}");
    // The error enum's `retry_after()` asks the struct, which reads the header.
    assert!(
        code.contains(
            "fn retry_after(&self) -> Option<rt::RetryAfter> {\n        Some(self.retry_after)"
        ),
        "{code}"
    );
}

#[test]
fn error_code_needs_a_body() {
    let src = add(SPEC, "name: denied", "        error_code: code\n");
    expect(
        &only(&src),
        "endpoints.login.responses.401.error_code",
        pos(&src, "error_code:"),
        "`error_code: code` names a body field, but status 401 has no `body`",
        Some("add the body with its error code field under `body.fields`"),
    );
}

/// [`SPEC`] whose 401 has a body with a field `code` of `type` and `error_code: {code}`.
fn with_error_code(ty: &str, code: &str) -> String {
    add(
        SPEC,
        "name: denied",
        &format!(
            r"
        body:
          fields:
            code:
              type: {ty}
              values: {{locked: Locked.}}
        error_code: {code}
"
        ),
    )
}

#[test]
fn a_valid_error_code_generates() {
    let code = generated(&with_error_code("enum", "code"));
    assert!(code.contains("401 => Denied(json)"), "{code}");
    assert!(
        code.contains("impl rt::ErrorBody for LoginDenied {\n    fn code(&self) -> Option<&str> {\n        Some(self.code.as_str())"),
        "{code}"
    );
}

#[test]
fn error_code_must_be_an_enum() {
    let src =
        with_error_code("enum", "code").replace("              values: {locked: Locked.}\n", "");
    let src = edit(&src, "type: enum", "type: string");
    expect(
        &only(&src),
        "endpoints.login.responses.401.error_code",
        pos(&src, "error_code:"),
        "the error code field `code` must be a `type: enum` listing the documented codes",
        Some("set `type: enum` on `code` with `values:`, one per documented code"),
    );
}

#[test]
fn error_code_must_name_a_body_field() {
    let src = with_error_code("enum", "cod");
    expect(
        &only(&src),
        "endpoints.login.responses.401.error_code",
        pos(&src, "error_code:"),
        "the body has no field `cod`",
        Some("did you mean `code`?"),
    );
}

#[test]
fn a_success_carries_no_error_code() {
    let src = add(SPEC, "      200:", "        error_code: code\n");
    expect(
        &only(&src),
        "endpoints.login.responses.200.error_code",
        pos(&src, "error_code:"),
        "a success response carries no error code (`code`)",
        Some("remove `error_code`"),
    );
}

/// [`SPEC`] with `yaml` (at key indentation of a response) under the 200 response.
fn with_success(yaml: &str) -> String {
    add(SPEC, "      200:", yaml)
}

#[test]
fn headers_are_text_numbers_times_or_durations_and_cookies_text() {
    let src = with_success("        headers:\n          X-Count:\n            type: number\n");
    expect(
        &only(&src),
        "endpoints.login.responses.200.headers.X-Count.type",
        pos(&src, "type: number"),
        "headers are `string`, `secret`, `integer`, `retry_after`, `duration_s`, `http_date`, `timestamp`, `unix_s` or `unix_ms`, not `number`",
        Some(
            "use `string` for text (`secret` for a credential), `integer` for a number, `retry_after` for `Retry-After` (seconds or an HTTP date), `duration_s` for a number of seconds, and `http_date`, `timestamp` (RFC 3339), `unix_s` or `unix_ms` for a point in time",
        ),
    );
    let src = with_success("        cookies:\n          count:\n            type: integer\n");
    expect(
        &only(&src),
        "endpoints.login.responses.200.cookies.count.type",
        pos(&src, "type: integer"),
        "cookies are `string` or `secret`, not `integer`",
        Some("use `type: string`, or `type: secret` for a credential"),
    );
}

#[test]
fn success_cookie_names_must_be_tokens() {
    let src = with_success("        cookies:\n          a b:\n            type: string\n");
    expect(
        &only(&src),
        "endpoints.login.responses.200.cookies.a b",
        pos(&src, "a b:"),
        "`a b` is not a valid cookie name",
        Some("use letters, digits and `-`, no spaces or separators"),
    );
}

#[test]
fn success_headers_and_cookies_cannot_share_a_field() {
    let src = with_success(
        r"
        headers:
          X-Id:
            type: string
        cookies:
          x_id:
            type: string
",
    );
    expect(
        &only(&src),
        "endpoints.login.responses.200.cookies.x_id",
        pos(&src, "x_id:"),
        "the header `X-Id` and the cookie `x_id` both become the field `x_id`",
        Some("set `rust_name:` on one of them"),
    );
    let src = with_success("        headers:\n          Body:\n            type: string\n");
    expect(
        &only(&src),
        "endpoints.login.responses.200.headers.Body",
        pos(&src, "Body:"),
        "the header `Body` becomes the field `body`, which holds the decoded body",
        Some("set `rust_name:` on it"),
    );
}

#[test]
fn success_headers_and_cookies_take_a_rust_name() {
    let src = with_success(
        r"
        headers:
          X-Id:
            type: string
          Body:
            type: string
            rust_name: body_header
        cookies:
          x_id:
            type: string
            rust_name: id_cookie
",
    );
    let code = generated(&src);
    for field in [
        "pub x_id: String",
        "pub body_header: String",
        "pub id_cookie: String",
    ] {
        assert!(code.contains(field), "no `{field}` in:\n{code}");
    }
    let src = with_success(
        "        headers:\n          X-Id:\n            type: string\n            rust_name: Id\n",
    );
    expect(
        &only(&src),
        "endpoints.login.responses.200.headers.X-Id.rust_name",
        pos(&src, "rust_name:"),
        "`Id` is not a snake_case Rust name that needs no escaping",
        Some("try `id`"),
    );
}

// ---------------------------------------------------------------------------------------
// Session
// ---------------------------------------------------------------------------------------

#[test]
fn session_token_must_be_a_response_field() {
    let src = tweak("token: token", "token: tokn");
    expect(
        &only(&src),
        "endpoints.login.session.token",
        pos(&src, "token: tokn"),
        "the success response has no field `tokn`",
        Some("did you mean `token`?"),
    );
    let src = tweak("token: token", "token: zzz");
    assert_eq!(only(&src).help.as_deref(), Some("fields here: token"));
}

#[test]
fn session_token_path_goes_through_objects_only() {
    let src = tweak("token: token", "token: token.value");
    expect(
        &only(&src),
        "endpoints.login.session.token",
        pos(&src, "token: token.value"),
        "`token` is not an object, so `token.value` cannot go inside it",
        Some("name `token` itself, or a field of an object"),
    );
}

#[test]
fn session_token_in_a_nested_object_suggests_the_full_path() {
    let src = tweak(
        "            token:\n              type: secret\n",
        r"            auth:
              type: object
              fields:
                token:
                  type: secret
",
    );
    assert!(generated(&edit(&src, "token: token", "token: auth.token")).contains("Session"));
    let src = edit(&src, "token: token", "token: auth.tokn");
    expect(
        &only(&src),
        "endpoints.login.session.token",
        pos(&src, "token: auth.tokn"),
        "the success response has no field `auth.tokn`",
        Some("did you mean `auth.token`?"),
    );
}

#[test]
fn session_token_must_be_secret() {
    // (A `string` named like a credential is refused where it is declared, see
    // `strings_named_like_credentials_must_be_secrets`.)
    let src = tweak(
        "token:\n              type: secret",
        "token:\n              type: integer",
    );
    expect(
        &only(&src),
        "endpoints.login.session.token",
        pos(&src, "token: token"),
        "the token must be text (a `type: secret` field), but `token` is not",
        Some("name the `type: secret` field of the success body that holds the token"),
    );
    // A `string` gets the plain fix; an object points inside.
    let src = with_session(
        "            ticket:\n              type: string\n            auth:\n              type: object\n              fields:\n                key:\n                  type: secret\n",
        "",
    );
    let src = edit(&src, "token: token", "token: ticket");
    expect(
        &only(&src),
        "endpoints.login.session.token",
        pos(&src, "token: ticket"),
        "the token field `ticket` must be `type: secret` so it never shows in Debug output",
        Some("set `type: secret` on the response field `ticket`"),
    );
    let src = edit(&src, "token: ticket", "token: auth");
    expect(
        &only(&src),
        "endpoints.login.session.token",
        pos(&src, "token: auth"),
        "`auth` is an object; the token is one field inside it",
        Some("did you mean `auth.key`?"),
    );
}

#[test]
fn session_token_from_a_header_or_a_cookie() {
    let headers = "        headers:\n          X-Session-Token:\n            type: secret\n        cookies:\n          sid:\n            type: secret\n          lang:\n            type: string\n";
    let src = with_success(headers);
    for source in [
        "{ header: X-Session-Token }",
        "{ header: x-session-token }",
        "{ cookie: sid }",
    ] {
        let code = generated(&edit(&src, "token: token", &format!("token: {source}")));
        assert!(code.contains("pub fn token(&self)"), "{source}");
    }
    let src2 = edit(&src, "token: token", "token: { header: X-Sesion-Token }");
    expect(
        &only(&src2),
        "endpoints.login.session.token",
        pos(&src2, "token: { header"),
        "the success response documents no header `X-Sesion-Token`",
        Some("did you mean `X-Session-Token`?"),
    );
    let src2 = edit(&src, "token: token", "token: { cookie: lang }");
    expect(
        &only(&src2),
        "endpoints.login.session.token",
        pos(&src2, "token: { cookie"),
        "the cookie `lang` must be `type: secret` so it never shows in Debug output",
        Some("set `type: secret` on `responses.200.cookies.lang`"),
    );
    // A bare name that is a cookie, not a body field: the hint writes the cookie form.
    let src2 = edit(&src, "token: token", "token: sid");
    expect(
        &only(&src2),
        "endpoints.login.session.token",
        pos(&src2, "token: sid"),
        "the success body has no field `sid`, but the answer documents a cookie of that name",
        Some("to read the cookie, write `token: { cookie: sid }`"),
    );
    let src2 = edit(
        &src,
        "token: token",
        "token: { cookie: sid, header: X-Session-Token }",
    );
    assert!(
        only(&src2)
            .message
            .contains("give one of `field`, `header` or `cookie`"),
        "{:?}",
        only(&src2)
    );
}

#[test]
fn session_needs_a_success_body() {
    let src = tweak(
        "        body:\n          fields:\n            token:\n              type: secret\n",
        "        description: OK\n",
    );
    expect(
        &only(&src),
        "endpoints.login.session.token",
        pos(&src, "token: token"),
        "`token` names a response field, but the success response has no body",
        Some("document the success body under `responses.<2xx>.body.fields`"),
    );
}

#[test]
fn session_send_as_must_be_a_known_non_basic_scheme() {
    let src = add(SPEC, "token: token", "      send_as: ap\n");
    expect(
        &only(&src),
        "endpoints.login.session.send_as",
        pos(&src, "send_as:"),
        "there is no auth scheme named `ap`",
        Some("did you mean `app`?"),
    );
    let src = add(SPEC, "token: token", "      send_as: app\n");
    expect(
        &only(&src),
        "endpoints.login.session.send_as",
        pos(&src, "send_as:"),
        "a session token cannot be sent as HTTP Basic credentials",
        Some("use a `bearer`, `header` or `cookie` scheme"),
    );
}

/// [`SPEC`] with more success body fields (at field indentation) and session keys.
fn with_session(fields: &str, session: &str) -> String {
    let src = add(SPEC, "token:\n              type: secret", fields);
    add(&src, "token: token", session)
}

#[test]
fn a_full_session_generates() {
    let fields = r"
            zone:
              type: string
            until:
              type: unix_s
            verify:
              type: boolean
";
    let session = r"
      variables:
        tier: zone
      expires_at: until
      verification_required: verify
";
    let code = generated(&with_session(fields, session));
    assert!(
        code.contains("pub fn verification_required(&self) -> bool"),
        "{code}"
    );
}

#[test]
fn session_variables_must_be_base_url_variables() {
    let src = with_session("", "      variables:\n        tire: token\n");
    expect(
        &only(&src),
        "endpoints.login.session.variables.tire",
        pos(&src, "tire:"),
        "`tire` is not a variable of `base_url`",
        Some("did you mean `tier`?"),
    );
}

#[test]
fn session_variables_take_non_secret_strings() {
    let src = with_session("", "      variables:\n        tier: token\n");
    expect(
        &only(&src),
        "endpoints.login.session.variables.tier",
        pos(&src, "tier: token"),
        "`token` is a secret and would leak into the URL",
        Some("use a non-secret field for the host"),
    );
    let src = with_session(
        "            zone:\n              type: integer\n",
        "      variables:\n        tier: zone\n",
    );
    expect(
        &only(&src),
        "endpoints.login.session.variables.tier",
        pos(&src, "tier: zone"),
        "`zone` must be a `string` to become part of a host name",
        Some("name a `type: string` field of the success body"),
    );
}

#[test]
fn session_variables_need_defaults_for_the_variables_they_do_not_set() {
    let src = with_session(
        "            zone:\n              type: string\n",
        "      variables:\n        tier: zone\n",
    );
    let src = edit(
        &src,
        "https://{tier}.example.com",
        "https://{tier}.{region}.example.com",
    );
    let src = add(
        &src,
        "default: prod",
        "    region:\n      description: Region.\n",
    );
    expect(
        &only(&src),
        "endpoints.login.session.variables",
        pos(&src, "    variables:\n        tier"),
        "the session rebuilds the base URL, but does not set the variable `region`, which has \
         no `default`, so every session would fail",
        Some(
            "add `default:` to `service.variables.region`, or set `region` here from a response \
             field",
        ),
    );
    generated(&edit(&src, "description: Region.", "default: eu"));
    // Without `variables` the session keeps the login's base URL: no default is needed.
    generated(&edit(&src, "      variables:\n        tier: zone\n", ""));
}

#[test]
fn session_variables_need_a_base_url() {
    let src = with_session(
        "            zone:\n              type: string\n",
        "      variables:\n        tier: zone\n",
    );
    let src = edit(
        &src,
        "  base_url: \"https://{tier}.example.com\"\n  variables:\n    tier:\n      default: prod\n",
        "",
    );
    expect(
        &only(&src),
        "endpoints.login.session.variables.tier",
        pos(&src, "tier: zone"),
        "the service has no `base_url` whose variables a session could set",
        Some(
            "add `service.base_url` with a `{variable}` in its host, or remove `variables` from the session",
        ),
    );
}

#[test]
fn session_expires_at_is_a_time() {
    let src = with_session(
        "            until:\n              type: integer\n",
        "      expires_at: until\n",
    );
    expect(
        &only(&src),
        "endpoints.login.session.expires_at",
        pos(&src, "expires_at:"),
        "`until` must be `unix_ms`, `unix_s` or `timestamp` to give a point in time",
        Some(
            "if `until` is a lifetime (seconds or milliseconds from now), write `expires_in: { field: until, unit: s }` (or `ms`); if it is a point in time, give the field `type: unix_s` or `unix_ms`",
        ),
    );
    // Following the hint compiles: a lifetime in seconds.
    let fixed = edit(
        &src,
        "expires_at: until",
        "expires_in: { field: until, unit: s }",
    );
    assert!(generated(&fixed).contains("rt::Expiry::after_secs_field(received"));
}

#[test]
fn session_expires_in_is_an_integer_lifetime_given_once() {
    let fields = "            until:\n              type: unix_s\n            ttl:\n              type: integer\n              required: false\n";
    let src = with_session(fields, "      expires_in: { field: ttl, unit: ms }\n");
    let code = generated(&src);
    assert!(code.contains("rt::Expiry::after_millis_field(received, login.body.ttl.as_ref())"));
    assert!(code.contains("pub fn new_at("));
    let src2 = edit(&src, "field: ttl", "field: until");
    expect(
        &only(&src2),
        "endpoints.login.session.expires_in.field",
        pos(&src2, "expires_in:"),
        "`until` must be an `integer` to give a lifetime",
        Some("`until` is a point in time: write `expires_at: until`"),
    );
    let src2 = add(&src, "expires_in:", "      expires_at: until\n");
    expect(
        &only(&src2),
        "endpoints.login.session.expires_in",
        pos(&src2, "expires_in:"),
        "a session gives its expiry once: as a time (`expires_at`) or as a lifetime (`expires_in`)",
        Some("keep the one the answer states"),
    );
    let src2 = edit(&src, "unit: ms", "unit: min");
    assert!(
        only(&src2).message.contains("unknown variant `min`"),
        "{:?}",
        only(&src2)
    );
}

#[test]
fn session_base_url_is_a_string_field_and_not_also_variables() {
    let fields = "            server:\n              type: object\n              fields:\n                base_url:\n                  type: string\n                port:\n                  type: integer\n";
    let src = with_session(fields, "      base_url: server.base_url\n");
    let code: String = generated(&src).split_whitespace().collect();
    assert!(
        code.contains("letbase_url=rt::BaseUrl::from_server(\"server.base_url\",&login.body.server.base_url,)?;"),
        "{code}"
    );
    let src2 = edit(&src, "base_url: server.base_url", "base_url: server.port");
    expect(
        &only(&src2),
        "endpoints.login.session.base_url",
        pos(&src2, "base_url: server.port"),
        "`server.port` must be a `string` holding a whole URL (`https://host/prefix`)",
        Some("name the `type: string` field that holds the base URL"),
    );
    let src2 = add(
        &src,
        "base_url: server.base_url",
        "      variables:\n        tier: server.base_url\n",
    );
    expect(
        &only(&src2),
        "endpoints.login.session.base_url",
        pos(&src2, "base_url: server.base_url"),
        "a session takes its base URL from a response field or from `variables` of the host template, not both",
        Some("keep `base_url` (a field holding the whole URL) or `variables`"),
    );
}

#[test]
fn session_refresh_token_is_a_documented_secret_cookie() {
    let cookie = "        cookies:\n          refresh:\n            type: secret\n";
    let src = add(
        &with_success(cookie),
        "token: token",
        "      refresh_token: { cookie: refrsh }\n",
    );
    expect(
        &only(&src),
        "endpoints.login.session.refresh_token",
        pos(&src, "refresh_token:"),
        "the success response documents no cookie `refrsh`",
        Some("did you mean `refresh`?"),
    );
    let src = add(
        SPEC,
        "token: token",
        "      refresh_token: { cookie: refresh }\n",
    );
    expect(
        &only(&src),
        "endpoints.login.session.refresh_token",
        pos(&src, "refresh_token:"),
        "the success response documents no cookie `refresh`",
        Some("declare it under `responses.200.cookies` with `type: secret`"),
    );
    let src = add(
        &with_success(&cookie.replace("secret", "string")),
        "token: token",
        "      refresh_token: { cookie: refresh }\n",
    );
    expect(
        &only(&src),
        "endpoints.login.session.refresh_token",
        pos(&src, "refresh_token:"),
        "the cookie `refresh` must be `type: secret` so it never shows in Debug output",
        Some("set `type: secret` on `responses.200.cookies.refresh`"),
    );
    let src = add(
        &with_success(cookie),
        "token: token",
        "      refresh_token: { cookie: refresh }\n",
    );
    assert!(generated(&src).contains("pub fn refresh_token(&self)"));
    // The old shorthand named the cookie; now a bare name is a body field, and the hint
    // says how to read the cookie.
    let src = add(
        &with_success(cookie),
        "token: token",
        "      refresh_token: refresh\n",
    );
    expect(
        &only(&src),
        "endpoints.login.session.refresh_token",
        pos(&src, "refresh_token:"),
        "the success body has no field `refresh`, but the answer documents a cookie of that name",
        Some("to read the cookie, write `refresh_token: { cookie: refresh }`"),
    );
}

#[test]
fn session_verification_required_is_a_boolean() {
    let src = with_session(
        "            verify:\n              type: string\n",
        "      verification_required: verify\n",
    );
    expect(
        &only(&src),
        "endpoints.login.session.verification_required",
        pos(&src, "verification_required:"),
        "`verify` must be a `boolean`",
        Some("name a `type: boolean` field of the success body"),
    );
}

#[test]
fn only_one_session_per_service() {
    let second = r"
  again:
    method: POST
    path: /again
    responses:
      200:
        body:
          fields:
            token:
              type: secret
    session:
      token: token
";
    let src = format!("{SPEC}{}", second.strip_prefix('\n').unwrap());
    let d = only(&src);
    expect(
        &d,
        "endpoints.again.session",
        d.location,
        "only one endpoint of a service may declare a `session`",
        Some("keep the session on the login endpoint"),
    );
    let lines: Vec<&str> = src.lines().collect();
    let line = lines.iter().rposition(|l| *l == "    session:").unwrap() + 1;
    assert_eq!(d.location, Some((line, 5)));
}

#[test]
fn a_broken_token_field_is_reported_once() {
    let src = tweak(
        "token:\n              type: secret",
        "token:\n              type: secrte",
    );
    expect(
        &only(&src),
        "endpoints.login.responses.200.body.fields.token.type",
        pos(&src, "type: secrte"),
        "unknown type `secrte`",
        Some("did you mean `secret`?"),
    );
}

#[test]
fn a_broken_error_code_field_is_reported_once() {
    let src = with_error_code("enmu", "code");
    let diags = problems(&src);
    find(
        &diags,
        "endpoints.login.responses.401.body.fields.code.type",
    );
    let cascade = diags.iter().find(|d| d.path.ends_with("error_code"));
    assert!(cascade.is_none(), "{}", show(&diags));
}

#[test]
fn a_misspelt_type_is_one_problem() {
    let src = with_field("        kind:\n          type: enmu\n          values: {a: A}\n");
    expect(
        &only(&src),
        "endpoints.login.body.fields.kind.type",
        pos(&src, "type: enmu"),
        "unknown type `enmu`",
        Some("did you mean `enum`?"),
    );
}

// ---------------------------------------------------------------------------------------
// Examples
// ---------------------------------------------------------------------------------------

/// [`SPEC`] with `examples:` (items at example indentation).
fn with_examples(src: &str, yaml: &str) -> String {
    add(src, "token: token", &format!("    examples:\n{yaml}"))
}

const EXAMPLE: &str = "      - name: ok
        request:
          body:
            user: a
            password: b
        response:
          status: 200
";

#[test]
fn a_valid_example_generates() {
    generated(&with_examples(SPEC, EXAMPLE));
}

#[test]
fn example_names_are_unique() {
    let src = with_examples(
        SPEC,
        &format!("{EXAMPLE}      - summary: Again.\n        name: ok\n"),
    );
    expect(
        &only(&src),
        "endpoints.login.examples[1].name",
        pos_after(&src, "Again.", "name: ok"),
        "another example is already named `ok`",
        Some("give each example its own `name:`"),
    );
}

#[test]
fn example_variant_must_be_declared() {
    let src = with_variants("        pass:\n          fields: [user, password]\n");
    let src = with_examples(
        &src,
        &EXAMPLE.replace(
            "        request:\n",
            "        request:\n          variant: pas\n",
        ),
    );
    expect(
        &only(&src),
        "endpoints.login.examples[0].request.variant",
        pos(&src, "variant: pas"),
        "there is no request variant `pas`",
        Some("did you mean `pass`?"),
    );
}

#[test]
fn example_must_name_its_variant() {
    let src = with_variants(
        "        pass:\n          fields: [user, password]\n        anon:\n          fields: []\n",
    );
    let src = with_examples(&src, EXAMPLE);
    expect(
        &only(&src),
        "endpoints.login.examples[0].request",
        pos(&src, "\n        request:"),
        "the request has variants; say which one the example uses",
        Some("add `variant:` with one of pass, anon"),
    );
}

#[test]
fn example_variant_needs_variants() {
    let src = with_examples(
        SPEC,
        &EXAMPLE.replace(
            "        request:\n",
            "        request:\n          variant: pass\n",
        ),
    );
    expect(
        &only(&src),
        "endpoints.login.examples[0].request.variant",
        pos(&src, "variant: pass"),
        "the request has no variants",
        Some("remove `variant:`"),
    );
}

#[test]
fn example_variant_is_not_judged_when_the_request_failed() {
    let src = with_variants("        pass:\n          fields: [user, password]\n");
    let src = edit(&src, "type: string", "type: strnig");
    let src = with_examples(
        &src,
        &EXAMPLE.replace(
            "        request:\n",
            "        request:\n          variant: pass\n",
        ),
    );
    expect(
        &only(&src),
        "endpoints.login.body.fields.user.type",
        pos(&src, "type: strnig"),
        "unknown type `strnig`",
        Some("did you mean `string`?"),
    );
}

#[test]
fn example_auth_scheme_must_be_declared() {
    let src = with_examples(
        SPEC,
        &EXAMPLE.replace(
            "        request:\n",
            "        request:\n          auth:\n            ap: {username: a, password: b}\n",
        ),
    );
    expect(
        &only(&src),
        "endpoints.login.examples[0].request.auth.ap",
        pos(&src, "ap: {"),
        "there is no auth scheme named `ap`",
        Some("did you mean `app`?"),
    );
}

#[test]
fn example_body_uses_declared_fields() {
    let src = with_examples(SPEC, &EXAMPLE.replace("user: a", "usr: a"));
    expect(
        &only(&src),
        "endpoints.login.examples[0].request.body.usr",
        pos(&src, "usr: a"),
        "`usr` is not a field of the request body",
        Some("did you mean `user`?"),
    );
}

#[test]
fn example_status_must_be_documented() {
    let src = with_examples(SPEC, &EXAMPLE.replace("status: 200", "status: 500"));
    expect(
        &only(&src),
        "endpoints.login.examples[0].response.status",
        pos(&src, "status: 500"),
        "status 500 is not documented under `responses`",
        Some("documented: 200, 401"),
    );
}

#[test]
fn example_status_of_a_broken_error_status_is_not_judged() {
    let src = tweak("name: denied", "name: decode");
    let src = with_examples(&src, &EXAMPLE.replace("status: 200", "status: 401"));
    let d = only(&src);
    assert_eq!(d.path, "endpoints.login.responses.401.name", "{d}");
}

// ---------------------------------------------------------------------------------------
// Websocket
// ---------------------------------------------------------------------------------------

#[test]
fn a_valid_websocket_generates() {
    let code = generated(&ws_spec());
    assert!(code.contains("pub struct ConnectMessageRequest"), "{code}");
}

#[test]
fn from_session_offers_only_the_token() {
    let src = edit(
        &ws_spec(),
        "from_session:\n        token: token",
        "from_session:\n        token: tok",
    );
    expect(
        &only(&src),
        "websocket.messages.connect.from_session.token",
        pos(&src, "token: tok\n"),
        "`tok` is not a session value; the session offers `token`",
        Some("write `token`"),
    );
}

#[test]
fn from_session_field_must_be_a_secret_request_field() {
    let src = edit(
        &ws_spec(),
        "from_session:\n        token: token",
        "from_session:\n        tokn: token",
    );
    expect(
        &only(&src),
        "websocket.messages.connect.from_session.tokn",
        pos(&src, "tokn:"),
        "the request has no field `tokn`",
        Some("did you mean `token`?"),
    );
    let src = edit(
        &edit(
            &ws_spec(),
            "token:\n            type: secret",
            "token:\n            type: integer",
        ),
        "token: abc",
        "token: 5",
    );
    expect(
        &only(&src),
        "websocket.messages.connect.from_session.token",
        pos_after(&src, "from_session:", "token"),
        "`token` receives the session token, so it must be `type: secret`",
        Some("set `type: secret` on the request field `token`"),
    );
}

#[test]
fn from_session_needs_a_session() {
    let src = edit(&ws_spec(), "    session:\n      token: token\n", "");
    expect(
        &only(&src),
        "websocket.messages.connect.from_session.token",
        pos_after(&src, "from_session:", "token"),
        "no endpoint declares a `session` to take the token from",
        Some("declare `session:` on the login endpoint, or remove `from_session`"),
    );
}

#[test]
fn websocket_id_is_not_a_response_field() {
    let src = add(
        &ws_spec(),
        "type: boolean",
        "          id:\n            type: string\n",
    );
    expect(
        &only(&src),
        "websocket.messages.connect.response.fields.id",
        pos_after(&src, "type: boolean", "id:"),
        "the correlation id is part of the envelope; do not list it as a field",
        Some("remove it from `response.fields`"),
    );
}

#[test]
fn websocket_variants_carry_no_auth() {
    let src = add(
        &ws_spec(),
        "          token:\n            type: secret",
        "        variants:\n          plain:\n            fields: [token]\n            auth: app\n",
    );
    let src = edit(&src, "      from_session:\n        token: token\n", "");
    expect(
        &only(&src),
        "websocket.messages.connect.request.variants.plain.auth",
        pos_after(&src, "plain:", "auth: app"),
        "websocket request variants carry no auth scheme",
        Some("remove `auth:`"),
    );
}

#[test]
fn websocket_example_frame_must_match_a_message() {
    for (from, to) in [
        ("connect:\n            token", "conect:\n            token"),
        ("id: r1", "di: r1"),
    ] {
        let src = edit(&ws_spec(), from, to);
        expect(
            &only(&src),
            "websocket.examples[0].request",
            pos_after(&src, "- name: connect", "request:"),
            "the frame is not `{request: {<message>: ..., id: ...}}` for a declared message",
            Some(
                "write the frame as `request: { <message>: { ... }, id: ... }`, with a message declared under `messages`",
            ),
        );
    }
}

#[test]
fn websocket_example_names_are_unique() {
    let src = format!(
        "{}{}",
        ws_spec(),
        "    - name: connect\n      summary: Again.\n"
    );
    expect(
        &only(&src),
        "websocket.examples[1].name",
        pos_after(&src, "id: r1", "name: connect"),
        "another example is already named `connect`",
        Some("give each example its own `name:`"),
    );
}

#[test]
fn websocket_example_response_frame_must_be_enveloped() {
    let good = format!(
        "{}{}",
        ws_spec(),
        "      response:\n        response:\n          id: r1\n          ok: true\n"
    );
    generated(&good);
    for (from, to) in [
        ("response:\n          id", "respons:\n          id"),
        ("id: r1\n          ok", "di: r1\n          ok"),
    ] {
        let src = edit(&good, from, to);
        expect(
            &only(&src),
            "websocket.examples[0].response",
            pos(&src, "      response:\n        respons"),
            "the frame is not `{response: {id: ..., <fields>...}}`",
            Some("wrap the response in `response:` and give it the correlation id `id:`"),
        );
    }
}

// ---------------------------------------------------------------------------------------
// Several problems, several files
// ---------------------------------------------------------------------------------------

#[test]
fn a_spec_needs_an_endpoint() {
    let src = "loginspec: 1\nservice:\n  name: demo\nendpoints: {}\n";
    expect(
        &only(src),
        "endpoints",
        Some((4, 1)),
        "a spec needs at least one endpoint",
        Some("describe the login endpoint under `endpoints:`"),
    );
}

#[test]
fn every_problem_of_a_spec_is_reported_sorted_by_line() {
    let src = tweak("loginspec: 1", "loginspec: 2");
    let src = edit(&src, "default: prod", "default: Prod");
    let src = edit(&src, "method: POST", "method: POTS");
    let src = edit(&src, "      401:", "      600:");
    let src = edit(&src, "token: token", "token: tokn");
    let diags = problems(&src);
    let paths: Vec<&str> = diags.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "loginspec",
            "service.variables.tier.default",
            "endpoints.login.method",
            "endpoints.login.responses.600",
            "endpoints.login.session.token",
        ],
        "{}",
        show(&diags)
    );
    assert!(diags.windows(2).all(|w| w[0].location < w[1].location));
    assert!(diags.iter().all(|d| d.file == FILE && d.location.is_some()));
}

#[test]
fn a_request_problem_does_not_hide_session_problems() {
    let src = tweak("type: string", "type: strnig");
    let src = edit(&src, "token: token", "token: tokn");
    let diags = problems(&src);
    find(&diags, "endpoints.login.body.fields.user.type");
    find(&diags, "endpoints.login.session.token");
}

#[test]
fn an_unconvertible_endpoint_name_does_not_hide_other_problems() {
    let src = tweak("  login:\n", "  \"+\":\n");
    let src = edit(&src, "type: string", "type: strnig");
    let src = edit(&src, "token: token", "token: tokn");
    let diags = problems(&src);
    assert_eq!(diags.len(), 3, "{}", show(&diags));
    find(&diags, "endpoints.+");
    find(&diags, "endpoints.+.body.fields.user.type");
    find(&diags, "endpoints.+.session.token");
}

#[test]
fn a_missing_success_does_not_hide_session_and_example_problems() {
    let src = tweak("      200:", "      403:");
    let src = with_examples(&src, &EXAMPLE.replace("user: a", "usr: a"));
    let src = add(&src, "token: token", "      send_as: ap\n");
    let diags = problems(&src);
    let paths: Vec<&str> = diags.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "endpoints.login.responses",
            "endpoints.login.session.send_as",
            "endpoints.login.examples[0].request.body.usr",
            "endpoints.login.examples[0].response.status",
        ],
        "{}",
        show(&diags)
    );
}

#[test]
fn every_problem_of_every_file_is_reported_sorted_by_file() {
    let b = tweak("method: POST", "method: POTS");
    let b = edit(&b, "type: string", "type: strnig");
    let a = tweak("name: demo", "name: other");
    let a = edit(&a, "path: /login", "path: login");
    let c = tweak("method: POST", "method: POST: x");
    let diags = match run(&[
        ("specs/b.yaml", &b),
        ("specs/c.yaml", &c),
        ("specs/a.yaml", &a),
    ]) {
        Ok(_) => panic!("expected problems"),
        Err(diags) => diags,
    };
    let got: Vec<(&str, &str)> = diags
        .iter()
        .map(|d| (d.file.as_str(), d.path.as_str()))
        .collect();
    assert_eq!(got.len(), 4, "{}", show(&diags));
    assert_eq!(got[0], ("specs/a.yaml", "endpoints.login.path"));
    assert_eq!(got[1], ("specs/b.yaml", "endpoints.login.method"));
    assert_eq!(
        got[2],
        ("specs/b.yaml", "endpoints.login.body.fields.user.type")
    );
    assert_eq!(got[3], ("specs/c.yaml", "endpoints.login"));
}

#[test]
fn a_module_name_is_used_by_one_spec_only() {
    let diags = match run(&[
        ("specs/a.yaml", SPEC),
        ("specs/b.yaml", &tweak("name: demo", "name: Demo")),
    ]) {
        Ok(_) => panic!("expected problems"),
        Err(diags) => diags,
    };
    assert_eq!(diags.len(), 1, "{}", show(&diags));
    assert_eq!(diags[0].file, "specs/b.yaml");
    expect(
        &diags[0],
        "service.name",
        Some((3, 3)),
        "the module name `demo` is already used by specs/a.yaml",
        Some("give each service its own `service.name`"),
    );
}

#[test]
fn a_report_shows_file_line_column_and_path() {
    let src = tweak("method: POST", "method: POTS");
    let err = Config::new().generate_sources(&[(FILE, &src)]).unwrap_err();
    let text = err.to_string();
    let first = "error: specs/demo.yaml:13:5: endpoints.login.method
  unsupported method `POTS`
  help: did you mean `POST`?";
    assert!(text.starts_with(first), "{text}");
    assert!(text.ends_with("1 problem found"), "{text}");
}

#[test]
fn a_rendered_report_shows_the_source_line_and_a_caret() {
    let src = tweak("method: POST", "method: POTS");
    let err = Config::new().generate_sources(&[(FILE, &src)]).unwrap_err();
    let text = err.render();
    let expected = "\
error: unsupported method `POTS`
  --> specs/demo.yaml:13:5
   |
13 |     method: POTS
   |     ^^^^^^^^^^^^ at `endpoints.login.method`
   |
   = help: did you mean `POST`?

1 problem found";
    assert_eq!(text, expected);
}

// ---------------------------------------------------------------------------------------
// Loader: every problem at once, explained
// ---------------------------------------------------------------------------------------

#[test]
fn loader_reports_every_problem_it_can_step_over() {
    // A misspelt key is read as the key it suggests, an unknown key and a value of the
    // wrong type are left out, a key written twice keeps its first value: the loader
    // goes on, and the checks run on what is left.
    let src = tweak("  name: demo", "  name: demo\n  tilte: Demo");
    let src = edit(&src, "    path: /login", "    path: /login\n    timeout: 3");
    let src = edit(
        &src,
        "          type: string",
        "          tpye: string\n          required: yes",
    );
    let src = edit(
        &src,
        "        name: denied",
        "        name: denied\n        name: no",
    );
    let src = edit(&src, "token: token", "token: tokn");
    let diags = problems(&src);
    let paths: Vec<&str> = diags.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "service.tilte",
            "endpoints.login.timeout",
            "endpoints.login.body.fields.user.tpye",
            "endpoints.login.body.fields.user.required",
            "endpoints.login.responses.401.name",
            "endpoints.login.session.token",
        ],
        "{}",
        show(&diags)
    );
    expect(
        &diags[1],
        "endpoints.login.timeout",
        pos(&src, "timeout"),
        "unknown field `timeout`",
        Some("remove `timeout` or use one of the keys listed above"),
    );
    expect(
        &diags[5],
        "endpoints.login.session.token",
        pos(&src, "token: tokn"),
        "the success response has no field `tokn`",
        Some("did you mean `token`?"),
    );
}

#[test]
fn loader_does_not_report_a_required_key_it_left_out() {
    let src = tweak("    method: POST", "    method: [POST]");
    let d = only(&src);
    expect(
        &d,
        "endpoints.login.method",
        pos(&src, "[POST]"),
        "expected a string, found a list",
        Some("quote the value if it is text: `\"...\"`"),
    );
}

#[test]
fn loader_explains_yaml_syntax_errors() {
    let src = tweak("  name: demo", "  name: 'demo");
    expect(
        &only(&src),
        "service.name",
        pos(&src, "'demo"),
        "this quoted text is never closed",
        Some("add the closing quote at the end of the value"),
    );
    let src = tweak("  name: demo", "\tname: demo");
    let d = only(&src);
    assert_eq!(d.message, "a tab character is used for indentation", "{d}");
    assert_eq!(
        d.help.as_deref(),
        Some("indent with spaces: YAML does not allow tabs in indentation")
    );
    let src = tweak("    path: /login", "    path: /login\n    - x");
    let d = only(&src);
    assert!(
        d.message
            .starts_with("this line does not continue the mapping that starts on line"),
        "{d}"
    );
    assert_eq!(d.location, pos(&src, "- x"));
    let src = tweak("    auth: app", "    auth: [a, b");
    let d = only(&src);
    assert_eq!(d.message, "this `[` list is not closed", "{d}");
    assert_eq!(d.location, pos(&src, "[a, b"), "{d}");
    assert!(d.message.ends_with("is not closed"), "{d}");
}

#[test]
fn loader_names_an_empty_file_and_a_document_that_is_not_a_mapping() {
    let d = only("# nothing yet\n");
    expect(
        &d,
        "",
        Some((1, 1)),
        "the file is empty",
        Some("a spec is a mapping that starts with `loginspec: 1`; see docs/spec-language.md"),
    );
    let d = only("- loginspec: 1\n");
    expect(
        &d,
        "",
        Some((1, 1)),
        "expected a mapping, found a list",
        Some("a spec is a mapping that starts with `loginspec: 1`; see docs/spec-language.md"),
    );
}

#[test]
fn loader_names_an_http_status_where_one_is_expected() {
    let src = with_examples(SPEC, &EXAMPLE.replace("status: 200", "status: \"200\""));
    expect(
        &only(&src),
        "endpoints.login.examples[0].response.status",
        pos(&src, "\"200\""),
        "expected an HTTP status code (a whole number, 100 to 599), found the text \"200\"",
        Some("write the number without quotes: `200`"),
    );
}

// ---------------------------------------------------------------------------------------
// Secrets where they would leak
// ---------------------------------------------------------------------------------------

#[test]
fn base_url_with_credentials_is_refused() {
    let src = tweak(
        "https://{tier}.example.com",
        "https://me:pw@{tier}.example.com",
    );
    expect(
        &only(&src),
        "service.base_url",
        pos(&src, "base_url:"),
        "carries credentials (`user:password@`)",
        Some(
            "remove them, declare an auth scheme under `auth:` (`type: basic` for a user and \
             password) and name it in the endpoint's `auth:`",
        ),
    );
}

#[test]
fn a_fixed_header_that_looks_like_a_credential_is_refused() {
    for header in [
        "X-Api-Key",
        "X-Auth-Token",
        "Proxy-Authorization",
        "client_secret",
    ] {
        let src = tweak(
            "    auth: app\n",
            &format!("    auth: app\n    headers:\n      {header}: abc\n"),
        );
        expect(
            &only(&src),
            &format!("endpoints.login.headers.{header}"),
            pos(&src, &format!("{header}:")),
            &format!("`{header}` looks like a credential"),
            Some(&format!(
                "declare an auth scheme `{{ type: header, header: {header} }}` under `auth:` and \
                 name it in `auth:` of the endpoint"
            )),
        );
    }
    // Names that only contain such a word are fine.
    let src = tweak(
        "    auth: app\n",
        "    auth: app\n    headers:\n      X-Token-Type: bearer\n      X-Idempotency-Key: abc\n",
    );
    generated(&src);
}

#[test]
fn strings_named_like_credentials_must_be_secrets() {
    let src = tweak(
        "        password:\n          type: secret",
        "        password:\n          type: string",
    );
    expect(
        &only(&src),
        "endpoints.login.body.fields.password.type",
        pos_after(&src, "password:", "type: string"),
        "the field `password` looks like a credential but is `type: string`, so `Debug` output \
         and logs would show it",
        Some(
            "set `type: secret`: the value is then kept out of `Debug` output and read with \
             `expose()`",
        ),
    );
    let src = add(
        SPEC,
        "      200:",
        "        headers:\n          X-Refresh-Token:\n            type: string\n        cookies:\n          session_token:\n            type: string\n",
    );
    let diags = problems(&src);
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    expect(
        &diags[0],
        "endpoints.login.responses.200.headers.X-Refresh-Token.type",
        pos_after(&src, "X-Refresh-Token:", "type"),
        "the header `X-Refresh-Token` looks like a credential",
        diags[0].help.as_deref(),
    );
    expect(
        &diags[1],
        "endpoints.login.responses.200.cookies.session_token.type",
        pos_after(&src, "session_token:", "type"),
        "the cookie `session_token` looks like a credential",
        diags[1].help.as_deref(),
    );
    // The session's own rule is not repeated for a token declared as such a string.
    let src = tweak(
        "token:\n              type: secret",
        "token:\n              type: string",
    );
    assert_eq!(
        only(&src).path,
        "endpoints.login.responses.200.body.fields.token.type"
    );
}

// ---------------------------------------------------------------------------------------
// Status keys
// ---------------------------------------------------------------------------------------

#[test]
fn status_keys_are_written_as_three_digits() {
    let src = tweak("      401:", "      \"0401\":");
    expect(
        &only(&src),
        "endpoints.login.responses.0401",
        pos(&src, "\"0401\":"),
        "the status `0401` is not written as three digits",
        Some("write `401:`"),
    );
}

// ---------------------------------------------------------------------------------------
// Examples match their own schema
// ---------------------------------------------------------------------------------------

#[test]
fn a_field_example_must_match_the_field_type() {
    let src = add(SPEC, "          type: string", "          example: 5\n");
    expect(
        &only(&src),
        "endpoints.login.body.fields.user.example",
        pos(&src, "example: 5"),
        "expected text for `user` (`type: string`), found the number `5`",
        Some("quote it: `\"5\"`"),
    );
    for (ty, value, expected) in [
        ("integer", "1.5", "a whole number"),
        ("boolean", "\"yes\"", "`true` or `false`"),
        ("uuid", "not-a-uuid", "a UUID"),
        ("timestamp", "2024-13-01T00:00:00Z", "an RFC 3339 date-time"),
        ("unix_ms", "soon", "a whole number"),
    ] {
        let src = add(
            SPEC,
            "        user:\n",
            &format!("          example: {value}\n"),
        );
        let src = edit(
            &src,
            "          type: string\n          example",
            &format!("          type: {ty}\n          example"),
        );
        let d = only(&src);
        assert!(
            d.message
                .starts_with(&format!("expected {expected} for `user` (`type: {ty}`)")),
            "{d}"
        );
    }
    for (ty, value) in [
        ("uuid", "\"00000000-0000-0000-0000-000000000000\""),
        ("timestamp", "\"2022-10-13T13:11:04.447Z\""),
        ("timestamp", "2022-10-13T13:11:04+02:00"),
        ("number", "1.5"),
        ("unix_s", "1665666664"),
    ] {
        let src = add(
            SPEC,
            "        user:\n",
            &format!("          example: {value}\n"),
        );
        let src = edit(
            &src,
            "          type: string\n          example",
            &format!("          type: {ty}\n          example"),
        );
        generated(&src);
    }
}

#[test]
fn an_example_enum_value_close_to_a_documented_one_is_refused() {
    let src = add(
        SPEC,
        "        user:\n          type: string",
        "        role:\n          type: enum\n          values: { admin: , member: }\n          example: membr\n",
    );
    expect(
        &only(&src),
        "endpoints.login.body.fields.role.example",
        pos(&src, "example: membr"),
        "`membr` is not a documented value of `role`",
        Some(
            "did you mean `member`? (a value the spec does not list is fine in an example, it decodes as `Unknown`, unless it is this close to a listed one)",
        ),
    );
}

/// Enums are open (an unlisted value decodes as `Unknown`), so an example may show a value
/// the spec does not list.
#[test]
fn an_example_enum_value_the_spec_does_not_list_is_accepted() {
    let src = add(
        SPEC,
        "        user:\n          type: string",
        "        role:\n          type: enum\n          values: { admin: , member: }\n          example: auditor\n",
    );
    generated(&src);
}

#[test]
fn an_example_request_body_must_match_the_request() {
    // A value of the wrong type, a required field left out, and `null` for a required
    // field.
    let src = with_examples(
        SPEC,
        &EXAMPLE.replace("user: a\n            password: b", "user: [a]"),
    );
    let diags = problems(&src);
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    expect(
        &diags[0],
        "endpoints.login.examples[0].request.body",
        pos(&src, "body:\n            user"),
        "the example has no `password`, which the request body requires",
        Some("add `password` to the example, or set `required: false` on the field"),
    );
    expect(
        &diags[1],
        "endpoints.login.examples[0].request.body.user",
        pos(&src, "user: [a]"),
        "expected text for `user` (`type: string`), found a list",
        Some("write the text, in quotes if it could be read as something else"),
    );
    let src = with_examples(SPEC, &EXAMPLE.replace("user: a", "user: null"));
    expect(
        &only(&src),
        "endpoints.login.examples[0].request.body.user",
        pos(&src, "user: null"),
        "expected a value for `user` (`type: string`), found `null`",
        Some("set `required: false` on the field if it may be null or absent"),
    );
}

#[test]
fn an_example_request_may_not_send_a_body_the_endpoint_has_not() {
    let src = with_examples(
        &tweak(
            "    body:\n      fields:\n        user:\n          type: string\n        password:\n          type: secret\n",
            "",
        ),
        EXAMPLE,
    );
    expect(
        &only(&src),
        "endpoints.login.examples[0].request.body",
        pos(&src, "body:\n            user"),
        "the endpoint sends no body",
        Some("remove `body:` from the example, or declare `body:` on the endpoint"),
    );
}

#[test]
fn an_example_request_body_follows_its_variant_and_groups() {
    let body = "    body:
      fields:
        user:
          type: string
          required: false
        email:
          type: string
          required: false
        password:
          type: secret
        token:
          type: secret
      at_least_one_of:
        - [user, email]
      variants:
        password:
          fields: [user, email, password]
        token:
          fields: [token]
";
    let spec = edit(
        SPEC,
        "    body:\n      fields:\n        user:\n          type: string\n        password:\n          type: secret\n",
        body,
    );
    let examples = "      - name: a
        request:
          variant: password
          body:
            password: b
            token: c
";
    let src = with_examples(&spec, examples);
    let diags = problems(&src);
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    expect(
        &diags[0],
        "endpoints.login.examples[0].request.body",
        pos(&src, "body:\n            password"),
        "the example gives none of [user, email], but the request body needs at least one of them",
        Some("add `user` to the example"),
    );
    expect(
        &diags[1],
        "endpoints.login.examples[0].request.body.token",
        pos(&src, "token: c"),
        "`token` is not carried by the variant `password`",
        Some("remove it from the example, or add it to `fields:` of the variant `password`"),
    );
}

#[test]
fn an_example_request_url_headers_and_credentials_match_the_endpoint() {
    let spec = tweak(
        "    auth: app\n",
        "    auth: app\n    headers:\n      Content-Type: application/json\n",
    );
    let examples = "      - name: a
        request:
          url: https://prod.example.com/logon
          headers:
            content-type: text/plain
          auth:
            app: abc
          body:
            user: a
            password: b
";
    let src = with_examples(&spec, examples);
    let diags = problems(&src);
    assert_eq!(diags.len(), 3, "{}", show(&diags));
    expect(
        &diags[0],
        "endpoints.login.examples[0].request.url",
        pos(&src, "url: https"),
        "the example URL `https://prod.example.com/logon` is not the base URL followed by the endpoint's path",
        Some("write `https://{tier}.example.com/login` (with a value for each placeholder)"),
    );
    expect(
        &diags[1],
        "endpoints.login.examples[0].request.headers.content-type",
        pos(&src, "content-type:"),
        "the example sends `content-type: text/plain`, but the endpoint always sends `Content-Type: application/json`",
        Some("write the endpoint's value here, or change `headers:` of the endpoint"),
    );
    expect(
        &diags[2],
        "endpoints.login.examples[0].request.auth.app",
        pos(&src, "app: abc"),
        "expected `{ username: ..., password: ... }` (two texts) for the auth scheme `app`, found the text \"abc\"",
        Some("write `app: { username: ..., password: ... }`"),
    );
    let good = examples
        .replace("/logon", "/login")
        .replace("text/plain", "application/json")
        .replace("app: abc", "app: { username: u, password: p }");
    generated(&with_examples(&spec, &good));
    let creds = good.replace("https://prod", "https://me:pw@prod");
    expect(
        &only(&with_examples(&spec, &creds)),
        "endpoints.login.examples[0].request.url",
        pos(&with_examples(&spec, &creds), "url: https"),
        "the example URL carries credentials",
        Some("remove them; give the credentials under `auth:` of the example"),
    );
}

#[test]
fn an_example_credential_must_be_the_one_the_request_carries() {
    let src = tweak(
        "auth:\n  app:\n    type: basic\n",
        "auth:\n  app:\n    type: basic\n  bearer:\n    type: bearer\n",
    );
    let examples = "      - name: a
        request:
          auth:
            bearer: abc
";
    let src = with_examples(&src, examples);
    expect(
        &only(&src),
        "endpoints.login.examples[0].request.auth.bearer",
        pos(&src, "bearer: abc"),
        "the request carries the auth scheme `app`, not `bearer`",
        Some(
            "give the credential of the scheme the request carries, or set `auth:` on the \
             endpoint or its variant",
        ),
    );
}

#[test]
fn an_example_response_body_must_match_the_documented_body() {
    let examples = "      - name: a
        response:
          status: 200
          body:
            tokn: abc
            extra: 1
";
    let src = with_examples(SPEC, examples);
    let diags = problems(&src);
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    expect(
        &diags[0],
        "endpoints.login.examples[0].response.body.tokn",
        pos(&src, "tokn: abc"),
        "`tokn` is not a documented field of the body",
        Some("did you mean `token`?"),
    );
    expect(
        &diags[1],
        "endpoints.login.examples[0].response.body.extra",
        pos(&src, "extra: 1"),
        "`extra` is not a documented field of the body",
        Some("document it under `fields:`, or remove it from the example"),
    );
    let nested = add(
        SPEC,
        "            token:\n              type: secret",
        "            account:\n              type: object\n              fields:\n                tier:\n                  type: string\n",
    );
    let examples = "      - name: a
        response:
          status: 200
          body:
            token: abc
            account:
              tier: 5
";
    let src = with_examples(&nested, examples);
    expect(
        &only(&src),
        "endpoints.login.examples[0].response.body.account.tier",
        pos(&src, "tier: 5"),
        "expected text for `account.tier` (`type: string`), found the number `5`",
        Some("quote it: `\"5\"`"),
    );
    let src = with_examples(
        &nested,
        &examples
            .replace("              tier: 5\n", "              {}\n")
            .replace("account:\n              {}", "account: {}"),
    );
    expect(
        &only(&src),
        "endpoints.login.examples[0].response.body.account",
        pos(&src, "account: {}"),
        "the example has no `account.tier`, which is required",
        Some("add `tier` to the example, or set `required: false` on the field"),
    );
}

#[test]
fn websocket_example_frames_must_match_their_message() {
    let src = edit(
        &ws_spec(),
        "            token: abc\n",
        "            tokn: abc\n",
    );
    expect(
        &only(&src),
        "websocket.examples[0].request.request.connect.tokn",
        pos(&src, "tokn: abc"),
        "`tokn` is not a field of the `connect` request",
        Some("did you mean `token`?"),
    );
    let answer = "      response:
        response:
          id: r2
          ok: yes
";
    let src = format!("{}{answer}", ws_spec());
    expect(
        &only(&src),
        "websocket.examples[0].response.response.id",
        pos(&src, "id: r2"),
        "the response's `id` is \"r2\", but the request's is \"r1\"",
        Some("an answer carries the id of its request"),
    );
    let src = format!("{}{}", ws_spec(), answer.replace("r2", "r1"));
    expect(
        &only(&src),
        "websocket.examples[0].response.response.ok",
        pos(&src, "ok: yes"),
        "expected `true` or `false` for `ok` (`type: boolean`), found the text \"yes\"",
        Some("write `true` or `false`, without quotes"),
    );
    generated(&format!(
        "{}{}",
        ws_spec(),
        answer.replace("r2", "r1").replace("yes", "true")
    ));
}

// ---------------------------------------------------------------------------------------
// Names the generator uses itself
// ---------------------------------------------------------------------------------------

#[test]
fn a_keyword_endpoint_name_gives_lint_clean_names() {
    let src = tweak("  login:\n", "  self:\n");
    let code = generated(&src);
    for item in [
        "pub struct SelfRequest",
        "pub struct SelfResponse",
        "pub enum SelfError",
        "impl rt::Endpoint for SelfRequest",
        "pub async fn self_session(",
    ] {
        assert!(code.contains(item), "no `{item}` in:\n{code}");
    }
    assert!(!code.contains("Self_Request"), "{code}");
}

#[test]
fn messages_named_like_socket_methods_are_refused() {
    let src = edit(&ws_spec(), "\n    connect:\n", "\n    close:\n");
    let src = edit(
        &src,
        "          connect:\n            token: abc",
        "          close:\n            token: abc",
    );
    let d = find(&problems(&src), "websocket.messages.close").clone();
    expect(
        &d,
        "websocket.messages.close",
        pos(&src, "\n    close:\n"),
        "the message `close` would become the method `Socket::close`, which the generator defines",
        d.help.as_deref(),
    );
    assert!(
        d.help
            .as_deref()
            .unwrap_or_default()
            .contains("`Socket::raw`"),
        "{d}"
    );
}

#[test]
fn from_session_parameters_cannot_take_the_names_of_fixed_ones() {
    for (name, taken) in [
        (
            "session",
            "`ConnectMessageRequest::from_session(session, ..)`",
        ),
        ("url", "`Session::connect_socket(url, .., options)`"),
        ("options", "`Session::connect_socket(url, .., options)`"),
    ] {
        let src = add(
            &ws_spec(),
            "          token:\n            type: secret",
            &format!("          {name}:\n            type: string\n"),
        );
        let src = edit(
            &src,
            "            token: abc",
            &format!("            token: abc\n            {name}: x"),
        );
        expect(
            &only(&src),
            &format!("websocket.messages.connect.request.fields.{name}"),
            pos(&src, &format!("          {name}:\n")),
            &format!(
                "the field `{name}` becomes the parameter `{name}` of {taken}, which already has one"
            ),
            Some("set `rust_name:` on the field"),
        );
    }
}

#[test]
fn group_members_cannot_give_one_method_twice() {
    let src = tweak(
        "        user:\n          type: string\n",
        "        user:\n          type: string\n        with_x:\n          type: string\n          required: false\n        x:\n          type: string\n          required: false\n",
    );
    let src = edit(
        &src,
        "    responses:\n      200:",
        "      at_least_one_of:\n        - [with_x, x]\n    responses:\n      200:",
    );
    expect(
        &only(&src),
        "endpoints.login.body.at_least_one_of[0]",
        item(&src, "- [with_x, x]"),
        "the members `with_x` and `x` both give the group the method `with_x`",
        Some("set `rust_name:` on the body field `x`"),
    );
}

#[test]
fn rust_name_is_refused_in_items() {
    let src = tweak(
        "        user:\n          type: string\n",
        "        user:\n          type: string\n        tags:\n          type: array\n          items:\n            type: string\n            rust_name: tag\n",
    );
    expect(
        &only(&src),
        "endpoints.login.body.fields.tags.items.rust_name",
        pos(&src, "rust_name: tag"),
        "`rust_name` has no meaning for the elements of a list or map",
        Some("remove it; a `rust_name:` next to `type: array` names the field"),
    );
}

#[test]
fn two_documents_in_one_file_are_refused() {
    let src = format!("{SPEC}---\n{SPEC}");
    let d = only(&src);
    expect(
        &d,
        "",
        Some((SPEC.lines().count() + 1, 1)),
        "the file holds more than one YAML document",
        Some("keep one spec per file: move what follows `---` to a file of its own"),
    );
}

/// [`SPEC`] whose session has a refresh token, a `send_as`, a refresh endpoint that takes
/// the refresh token in its body, and a logout endpoint sent by the session.
fn with_refresh() -> String {
    let src = add(
        SPEC,
        "token:\n              type: secret",
        "            refresh:\n              type: secret\n              required: false\n",
    );
    let src = add(
        &src,
        "token: token",
        "      send_as: bearer\n      refresh_token: refresh\n      refresh:\n        endpoint: renew\n        refresh_token_in: refresh_token\n        token: access_token\n      logout: logout\n",
    );
    let src = edit(
        &src,
        "auth:\n  app:\n    type: basic\n",
        "auth:\n  app:\n    type: basic\n  bearer:\n    type: bearer\n",
    );
    format!(
        "{src}  renew:\n    method: POST\n    path: /renew\n    body:\n      fields:\n        refresh_token: {{ type: secret }}\n    responses:\n      200:\n        body:\n          fields:\n            access_token: {{ type: secret }}\n  logout:\n    method: POST\n    path: /logout\n    auth: session\n    responses:\n      204: {{}}\n"
    )
}

#[test]
fn refresh_and_logout_name_endpoints_that_can_do_it() {
    let src = with_refresh();
    let code: String = generated(&src).split_whitespace().collect();
    assert!(
        code.contains("pubasyncfnrefresh(&mutself,client:&Client,)"),
        "{code}"
    );
    assert!(code.contains("pubfnrenew_at("));
    assert!(code.contains("pubasyncfnlogout("));
    assert!(code.contains("pubfnrefresh_blocking("));

    let src2 = edit(&src, "endpoint: renew", "endpoint: renw");
    expect(
        &only(&src2),
        "endpoints.login.session.refresh.endpoint",
        pos(&src2, "endpoint: renw"),
        "there is no endpoint named `renw`",
        Some("did you mean `renew`?"),
    );
    let src2 = edit(
        &src,
        "refresh_token_in: refresh_token",
        "refresh_token_in: refresh_tokn",
    );
    expect(
        &only(&src2),
        "endpoints.login.session.refresh.refresh_token_in",
        pos(&src2, "refresh_token_in:"),
        "the refresh request has no body field `refresh_tokn`",
        Some("did you mean `refresh_token`?"),
    );
    let src2 = edit(&src, "        refresh_token_in: refresh_token\n", "");
    expect(
        &only(&src2),
        "endpoints.login.session.refresh",
        pos(&src2, "refresh:\n        endpoint"),
        "nothing in the `renew` request carries the refresh token",
        Some(
            "name its body field with `refresh_token_in`, or give `endpoints.renew` an `auth` scheme (bearer, header or cookie) to carry it",
        ),
    );
    let src2 = edit(&src, "      refresh_token: refresh\n", "");
    expect(
        &only(&src2),
        "endpoints.login.session.refresh",
        pos(&src2, "refresh:\n        endpoint"),
        "a refresh sends the session's refresh token, but the session has no `refresh_token`",
        Some("add `refresh_token:` to the session, naming where the login answer gives it"),
    );
    let src2 = edit(&src, "token: access_token", "token: acces_token");
    expect(
        &only(&src2),
        "endpoints.login.session.refresh.token",
        pos(&src2, "token: acces_token"),
        "the success response has no field `acces_token`",
        Some("did you mean `access_token`?"),
    );
    let src2 = edit(
        &src,
        "    path: /logout\n    auth: session\n",
        "    path: /logout\n",
    );
    expect(
        &only(&src2),
        "endpoints.login.session.logout",
        pos(&src2, "logout: logout"),
        "the logout endpoint `logout` must carry the session's token",
        Some("give `endpoints.logout` the key `auth: session`"),
    );
    let src2 = edit(&src, "logout: logout", "logout: login");
    expect(
        &only(&src2),
        "endpoints.login.session.logout",
        pos(&src2, "logout: login"),
        "`login` is the login that starts the session",
        Some("name another endpoint of this spec"),
    );
}

#[test]
fn auth_session_needs_a_session_that_sends_its_token() {
    let src = with_refresh();
    let src2 = edit(&src, "      send_as: bearer\n", "");
    expect(
        &only(&src2),
        "endpoints.logout.auth",
        pos(&src2, "auth: session"),
        "`auth: session` sends the request with the session's token, but the session has no `send_as`",
        Some("add `send_as:` to the session, naming the scheme that carries its token"),
    );
    let src2 = edit(&src, "    auth: app\n", "    auth: session\n");
    assert!(
        problems(&src2).iter().any(|d| d.message
            == "the login that starts the session cannot itself be sent by the session"),
        "{}",
        show(&problems(&src2))
    );
    let src2 = edit(
        &src,
        "  bearer:\n    type: bearer\n",
        "  session:\n    type: bearer\n",
    );
    assert!(
        problems(&src2)
            .iter()
            .any(|d| d.path == "auth.session" && d.message.contains("no scheme may take that name")),
        "{}",
        show(&problems(&src2))
    );
}

#[test]
fn before_expiry_needs_an_expiry_and_a_refresh_that_asks_nothing() {
    let src = add(
        &with_refresh(),
        "token: access_token",
        "        before_expiry: 60\n",
    );
    expect(
        &only(&src),
        "endpoints.login.session.refresh.before_expiry",
        pos(&src, "before_expiry:"),
        "neither the login nor the refresh states when the token expires, so `before_expiry` would never renew it",
        Some("add `expires_at` or `expires_in` to the session or to the refresh"),
    );
    let src = add(
        &edit(
            &src,
            "access_token: { type: secret }",
            "access_token: { type: secret }\n            ttl: { type: integer }",
        ),
        "before_expiry: 60",
        "        expires_in: { field: ttl, unit: s }\n",
    );
    let code: String = generated(&src).split_whitespace().collect();
    assert!(
        code.contains("pubasyncfnsend_fresh<R:rt::Endpoint<Client=Session>>("),
        "{code}"
    );
    assert!(code.contains("ifself.expiry.expires_within(::std::time::Duration::from_secs(60))"));
    assert!(code.contains("pubfnsend_fresh_blocking<"));
    let src2 = edit(
        &src,
        "refresh_token: { type: secret }\n",
        "refresh_token: { type: secret }\n        device: { type: string }\n",
    );
    expect(
        &only(&src2),
        "endpoints.login.session.refresh.before_expiry",
        pos(&src2, "before_expiry:"),
        "the refresh needs `device` from the caller, so later calls cannot renew the session on their own",
        Some("remove `before_expiry` and call `refresh` with those values"),
    );
    let src2 = edit(
        &src,
        "refresh_token: { type: secret }\n",
        "refresh_token: { type: secret }\n        client: { type: string }\n",
    );
    let diags = problems(&src2);
    assert!(
        diags.iter().any(|d| d
            .message
            .contains("asks the caller for `client`, a name the generated")
            && d.help.as_deref() == Some("set `rust_name:` on `client` in `endpoints.renew`")),
        "{}",
        show(&diags)
    );
}

#[test]
fn a_variable_gets_the_room_its_host_label_leaves() {
    let src = tweak(
        "\"https://{tier}.example.com\"",
        "\"https://api-{tier}.example.com\"",
    );
    assert!(generated(&src).contains("rt::host_label(\"tier\", tier, 59)?"));
    let long = "p".repeat(60);
    let src = edit(&src, "default: prod", &format!("default: {long}"));
    expect(
        &only(&src),
        "service.variables.tier.default",
        pos(&src, "default:"),
        &format!(
            "the default `{long}` does not fit its host label: with the template's text around it, `tier` has room for 59 characters"
        ),
        Some("shorten the default to 59 characters at most"),
    );
}

#[test]
fn deep_flow_nesting_and_huge_files_are_refused_before_parsing() {
    let deep = format!("{}{}", "[".repeat(40_000), "]".repeat(40_000));
    let src = add(
        SPEC,
        "      token: token",
        &format!("    notes: [\"it's fine\", {deep}]\n"),
    );
    let diags = problems(&src);
    assert_eq!(diags.len(), 1, "{}", show(&diags));
    assert!(
        diags[0]
            .message
            .starts_with("the document nests too deeply: more than 64 levels")
    );
    assert_eq!(
        diags[0].location.map(|(line, _)| line),
        pos(&src, "notes:").map(|(l, _)| l)
    );
    // An apostrophe in plain text opens no quote that would hide the brackets.
    let src = add(
        SPEC,
        "      token: token",
        &format!("    notes: [it's {deep}]\n"),
    );
    assert!(
        problems(&src)[0]
            .message
            .starts_with("the document nests too deeply")
    );
    // Brackets inside quoted text or comments do not count.
    let quoted = format!(
        "    notes: [\"{}\"] # {}\n",
        "[".repeat(100),
        "{".repeat(100)
    );
    assert!(generated(&add(SPEC, "      token: token", &quoted)).contains("Session"));

    let huge = format!(
        "{SPEC}# {}\n",
        "x".repeat(loginspec_codegen::load::MAX_SPEC_BYTES)
    );
    let diags = problems(&huge);
    assert_eq!(diags.len(), 1);
    assert!(
        diags[0]
            .message
            .contains("more than the 4194304 a spec may have"),
        "{}",
        show(&diags)
    );
}
