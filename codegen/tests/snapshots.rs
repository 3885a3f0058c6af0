//! Snapshots of the exact source generated for the bundled specs, and determinism.
//!
//! Every change to the generated API shows up here as a reviewed diff. With `CI` set,
//! insta fails on a changed or missing snapshot instead of writing a new one.

use std::path::Path;

fn specs_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../specs"))
}

fn generate() -> loginspec_codegen::Output {
    match loginspec_codegen::Config::new()
        .specs(specs_dir())
        .generate()
    {
        Ok(output) => output,
        Err(err) => panic!("the bundled specs must generate:\n{err}"),
    }
}

#[test]
fn bundled_specs_generate_the_snapshotted_source() {
    let output = generate();
    let names: Vec<&str> = output.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["blink.rs", "sama.rs", "socialid.rs"]);
    for file in &output.files {
        insta::assert_snapshot!(file.name.clone(), file.contents);
    }
    insta::assert_snapshot!("mod.rs", output.mod_rs);
}

#[test]
fn generating_twice_gives_the_same_bytes() {
    let first = generate();
    let second = generate();
    assert_eq!(first, second);
    // The same text given directly (as tools do) generates the same bytes too.
    let sources: Vec<(String, String)> = loginspec_codegen::Config::new()
        .specs(specs_dir())
        .spec_files()
        .expect("specs folder lists")
        .iter()
        .map(|p| {
            let name = format!("specs/{}", p.file_name().unwrap().to_string_lossy());
            (name, std::fs::read_to_string(p).expect("spec reads"))
        })
        .collect();
    let borrowed: Vec<(&str, &str)> = sources
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_str()))
        .collect();
    let third = loginspec_codegen::Config::new()
        .generate_sources(&borrowed)
        .expect("bundled specs generate");
    assert_eq!(first, third);
}

#[test]
fn written_files_are_not_rewritten_when_unchanged() {
    let dir = std::env::temp_dir().join(format!("loginspec-write-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut config = loginspec_codegen::Config::new();
    config.specs(specs_dir()).out_dir(&dir);
    config.write().expect("first write");
    let path = dir.join("blink.rs");
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    config.write().expect("second write");
    let after = std::fs::metadata(&path).unwrap().modified().unwrap();
    assert_eq!(before, after, "an unchanged file must keep its timestamp");
    let _ = std::fs::remove_dir_all(&dir);
}
