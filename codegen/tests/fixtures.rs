//! The corpora of specs a user might write in their first hour:
//!
//! * `fixtures/bad/*.yaml`: each is refused, and its diagnostics, rendered as
//!   `cargo build` and `loginspec-codegen check` print them, are a snapshot. Every
//!   problem has a location in the file, a YAML path (but for problems of the whole
//!   file) and a hint.
//! * `fixtures/ok/*.yaml`: tricky valid specs; each generates, and its generated code is
//!   a snapshot. (`compile_ok.rs` compiles that code.)
//! * `tests/e2e/specs/*.yaml` of the workspace: the specs whose clients the end-to-end
//!   tests log in with; their generated code is a snapshot too.
//!
//! With `CI` set, a changed or missing snapshot fails instead of being written.

use std::path::Path;

use loginspec_codegen::{Config, Error};

fn read(path: &Path) -> (String, String) {
    let dir = path
        .parent()
        .and_then(Path::file_name)
        .map(|d| d.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
    let text = std::fs::read_to_string(path).expect("fixture reads");
    (name, text)
}

#[test]
fn bad_specs_are_refused_with_these_diagnostics() {
    let mut count = 0;
    insta::glob!("fixtures/bad/*.yaml", |path| {
        count += 1;
        let (name, text) = read(path);
        let report = match Config::new().generate_sources(&[(&name, &text)]) {
            Ok(_) => panic!("{name} must be refused"),
            Err(Error::Io(e)) => panic!("{name}: {e}"),
            Err(Error::Specs(report)) => report,
        };
        for d in &report.diagnostics {
            assert_eq!(d.file, name);
            assert!(d.location.is_some(), "{name}: no location for\n{d}");
            assert!(d.help.is_some(), "{name}: no hint for\n{d}");
            let whole_file = d.path.is_empty()
                && (d.message.contains("empty")
                    || d.message.contains("document")
                    || d.message.starts_with("expected a mapping"));
            assert!(!d.path.is_empty() || whole_file, "{name}: no path for\n{d}");
        }
        assert_eq!(
            report.source(&name),
            Some(text.as_str()),
            "{name}: the report keeps the source for rendering"
        );
        insta::assert_snapshot!(report.render());
    });
    assert!(count >= 30, "only {count} bad fixtures");
}

#[test]
fn valid_specs_generate_this_code() {
    let mut count = 0;
    insta::glob!("fixtures/ok/*.yaml", |path| {
        count += 1;
        let (name, text) = read(path);
        let output = Config::new()
            .generate_sources(&[(&name, &text)])
            .unwrap_or_else(|e| panic!("{name} must generate:\n{}", e.render()));
        assert_eq!(output.files.len(), 1);
        insta::assert_snapshot!(output.files[0].contents);
    });
    assert!(count >= 10, "only {count} valid fixtures");
}

#[test]
fn end_to_end_specs_generate_this_code() {
    let mut count = 0;
    insta::glob!("../../tests/e2e/specs", "*.yaml", |path| {
        count += 1;
        let (name, text) = read(path);
        let output = Config::new()
            .generate_sources(&[(&name, &text)])
            .unwrap_or_else(|e| panic!("{name} must generate:\n{}", e.render()));
        insta::assert_snapshot!(output.files[0].contents);
    });
    assert!(count >= 2, "only {count} end-to-end specs");
}
