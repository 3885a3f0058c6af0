//! The `loginspec-codegen` command: its commands, help, output and exit statuses
//! (0 no problem, 1 problems in the specs, 2 usage or I/O error).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tool(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_loginspec-codegen"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .output()
        .expect("the tool runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("loginspec-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

#[test]
fn check_passes_the_bundled_specs() {
    let out = tool(&["check", "../specs"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "3 specs checked: no problem found\n");
}

#[test]
fn check_prints_every_problem_rendered_and_exits_1() {
    let out = tool(&[
        "check",
        "tests/fixtures/bad/unknown_keys.yaml",
        "tests/fixtures/bad/secret_in_url.yaml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: base URL `https://admin:hunter2@api.example.com` carries"),
        "problems are sorted by file, then line:\n{err}"
    );
    assert!(
        err.contains(" --> tests/fixtures/bad/unknown_keys.yaml:7:3\n"),
        "{err}"
    );
    assert!(err.contains("^^^^^^^^^^^ at `service.tilte`"), "{err}");
    assert!(
        err.contains("= help: did you mean the key `title`?"),
        "{err}"
    );
    assert!(
        err.contains("tests/fixtures/bad/secret_in_url.yaml:7:3"),
        "{err}"
    );
    assert!(err.trim_end().ends_with("8 problems found"), "{err}");
    assert!(!err.contains('\u{1b}'), "no colour when not on a terminal");
    let colored = tool(&[
        "check",
        "--color=always",
        "tests/fixtures/bad/unknown_keys.yaml",
    ]);
    assert!(
        stderr(&colored).contains('\u{1b}'),
        "--color=always colours"
    );
}

#[test]
fn check_of_a_folder_reads_every_spec_in_it() {
    let out = tool(&["check", "tests/fixtures/ok"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("14 specs checked"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn generate_prints_what_the_build_script_writes() {
    let out = tool(&["generate", "../specs/socialid.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let expected = loginspec_codegen::Config::new()
        .generate_sources(&[(
            "../specs/socialid.yaml",
            &std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/socialid.yaml"),
            )
            .unwrap(),
        )])
        .expect("socialid generates");
    assert_eq!(stdout(&out), expected.files[0].contents);

    let out = tool(&[
        "generate",
        "--runtime",
        "::loginspec_generated::runtime",
        "../specs/socialid.yaml",
    ]);
    assert!(
        stdout(&out).contains("use ::loginspec_generated::runtime as rt;"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn generate_out_writes_one_file_per_spec_and_mod_rs() {
    let dir = scratch("out");
    let out = tool(&["generate", "../specs", "--out", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["blink.rs", "mod.rs", "sama.rs", "socialid.rs"]);
    let mod_rs = std::fs::read_to_string(dir.join("mod.rs")).unwrap();
    assert!(mod_rs.contains("include!(\"blink.rs\")"), "{mod_rs}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn generate_refuses_bad_specs_with_status_1_and_writes_nothing() {
    let dir = scratch("bad");
    let out = tool(&[
        "generate",
        "tests/fixtures/bad/status_codes.yaml",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("5 problems found"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn schema_prints_the_committed_schema() {
    let out = tool(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), loginspec_codegen::json_schema());
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(value["title"], "loginspec spec, version 1");
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["help"],
        &["check", "--help"],
        &["generate", "-h"],
        &["schema", "--help"],
        &["help", "generate"],
    ] {
        let out = tool(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = stdout(&out);
        assert!(text.contains("Usage:"), "{args:?}: {text}");
        assert!(text.contains("Exit status"), "{args:?}: {text}");
    }
    assert!(stdout(&tool(&["check", "--help"])).contains("--color"));
    assert!(stdout(&tool(&["generate", "--help"])).contains("--out DIR"));
    assert!(stdout(&tool(&["schema", "--help"])).contains("yaml-language-server"));
}

#[test]
fn usage_and_io_errors_exit_2() {
    for args in [
        &[][..],
        &["frobnicate"],
        &["check", "--out", "x"],
        &["generate", "--out"],
        &["check", "--color", "sometimes"],
        &["schema", "extra"],
        &["schema", "--out"],
        &["schema", "--out", "no/such/folder/schema.json"],
        &["check", "no/such/spec.yaml"],
        &["check", "tests"],
    ] {
        let out = tool(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).starts_with("error: "),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn a_file_that_is_not_utf8_is_a_problem_of_the_spec() {
    let dir = scratch("utf8");
    let path = dir.join("latin1.yaml");
    std::fs::write(&path, b"loginspec: 1\nservice:\n  name: caf\xe9\n").unwrap();
    let out = tool(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("the file is not UTF-8 text"), "{err}");
    assert!(err.contains("latin1.yaml:3:12"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The installed tool works in any crate's folder: `check` and `generate` read `specs/`
/// of the current folder, and `schema --out` writes the schema next to the specs, where
/// a spec's editor comment finds it.
#[test]
fn the_tool_works_in_a_crate_outside_the_repository() {
    let dir = scratch("outside");
    std::fs::create_dir_all(dir.join("specs")).unwrap();
    let spec = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ok/minimal.yaml"),
    )
    .unwrap();
    std::fs::write(dir.join("specs/minimal.yaml"), spec).unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_loginspec-codegen"))
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("the tool runs")
    };

    let out = run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "1 spec checked: no problem found\n");

    let out = run(&["generate"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("use ::loginspec_runtime as rt;"));

    let out = run(&["schema", "--out", "specs/loginspec.schema.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = std::fs::read_to_string(dir.join("specs/loginspec.schema.json")).unwrap();
    assert_eq!(written, loginspec_codegen::json_schema());
    // The schema is not a spec: the next check still reads one spec.
    assert_eq!(
        stdout(&run(&["check"])),
        "1 spec checked: no problem found\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
