//! `loginspec-codegen`: check specs, generate their Rust, print the spec language's JSON
//! Schema.
//!
//! ```text
//! loginspec-codegen check [PATHS]...
//! loginspec-codegen generate [PATHS]... [--out DIR] [--runtime PATH]
//! loginspec-codegen schema [--out FILE]
//! ```
//!
//! Exit status: 0 when there is no problem, 1 when the specs have problems, 2 for a
//! usage or I/O error. Arguments are parsed with the standard library only: the library
//! is a build dependency of every generated crate, and this tool needs only a few words.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use loginspec_codegen::{Config, Diagnostic, Diagnostics, Error, Output};

const USAGE: &str = "\
loginspec-codegen: check loginspec specs and generate their Rust clients

Usage:
  loginspec-codegen check [PATHS]...       report every problem of the specs
  loginspec-codegen generate [PATHS]...    print the generated Rust, or write it with --out
  loginspec-codegen schema [--out FILE]    print (or write) the JSON Schema of the spec language
  loginspec-codegen help [COMMAND]         print this help, or a command's

PATHS are spec files or folders of them (*.yaml, *.yml); the default is `specs`.

Exit status: 0 no problem, 1 problems in the specs, 2 usage or I/O error.
";

const CHECK_USAGE: &str = "\
loginspec-codegen check: report every problem of the specs

Usage:
  loginspec-codegen check [PATHS]... [--color auto|always|never]

PATHS are spec files or folders of them (*.yaml, *.yml); the default is `specs`.
Each problem is printed with its file, line and column, the YAML path of the value,
the line of the spec with a caret, and a hint; the same text `cargo build` prints.

Options:
  --color WHEN   colour the problems: auto (when writing to a terminal and NO_COLOR is
                 not set), always or never
  -h, --help     print this help

Exit status: 0 no problem, 1 problems in the specs, 2 usage or I/O error.
";

const GENERATE_USAGE: &str = "\
loginspec-codegen generate: the Rust a build script would write for the specs

Usage:
  loginspec-codegen generate [PATHS]... [--out DIR] [--runtime PATH] [--color WHEN]

PATHS are spec files or folders of them (*.yaml, *.yml); the default is `specs`.
Without --out, the generated source of every spec is printed; with it, one file per
spec and a `mod.rs` that includes them are written to DIR (only files whose bytes
changed are rewritten).

Options:
  --out DIR        write the files to DIR instead of printing them
  --runtime PATH   the Rust path of the runtime crate the code calls
                   (default `::loginspec_runtime`)
  --color WHEN     colour the problems: auto, always or never
  -h, --help       print this help

Exit status: 0 generated, 1 problems in the specs, 2 usage or I/O error.
";

const SCHEMA_USAGE: &str = "\
loginspec-codegen schema: print the JSON Schema of the spec language

Usage:
  loginspec-codegen schema [--out FILE]

The schema (draft 7) is the one kept in loginspec's `schema/loginspec.schema.json`.
Write it next to your specs and name it on the first line of each spec, so that
YAML-aware editors complete and check the spec as you type:

  loginspec-codegen schema --out specs/loginspec.schema.json

  # yaml-language-server: $schema=loginspec.schema.json

Options:
  --out FILE   write the schema to FILE (only when its bytes changed) instead of
               printing it
  -h, --help   print this help

Exit status: 0, or 2 for a usage or I/O error.
";

/// A usage or I/O error: exit status 2.
struct Fatal(String);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(Fatal(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, Fatal> {
    let Some((command, rest)) = args.split_first() else {
        print!("{USAGE}");
        return Err(Fatal("no command given".to_owned()));
    };
    match command.as_str() {
        "check" => check(rest),
        "generate" => generate(rest),
        "schema" => schema(rest),
        "help" | "-h" | "--help" => {
            let text = match rest.first().map(String::as_str) {
                None => USAGE,
                Some("check") => CHECK_USAGE,
                Some("generate") => GENERATE_USAGE,
                Some("schema") => SCHEMA_USAGE,
                Some(other) => return Err(Fatal(format!("no command `{other}`; see --help"))),
            };
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        "-V" | "--version" => {
            println!("loginspec-codegen {}", env!("CARGO_PKG_VERSION"));
            Ok(ExitCode::SUCCESS)
        }
        other => Err(Fatal(format!(
            "no command `{other}`: use check, generate or schema (see --help)"
        ))),
    }
}

/// The options of `check` and `generate`.
#[derive(Default)]
struct Options {
    paths: Vec<PathBuf>,
    out: Option<PathBuf>,
    runtime: Option<String>,
    color: Option<bool>,
    help: bool,
}

fn parse(args: &[String], generate: bool) -> Result<Options, Fatal> {
    let mut options = Options::default();
    let mut iter = args.iter();
    let mut only_paths = false;
    while let Some(arg) = iter.next() {
        if only_paths || !arg.starts_with('-') || arg == "-" {
            options.paths.push(PathBuf::from(arg));
            continue;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag, Some(value.to_owned())),
            None => (arg.as_str(), None),
        };
        let mut value = |name: &str| -> Result<String, Fatal> {
            match inline.clone().or_else(|| iter.next().cloned()) {
                Some(v) => Ok(v),
                None => Err(Fatal(format!("`{name}` needs a value; see --help"))),
            }
        };
        match flag {
            "--" => only_paths = true,
            "-h" | "--help" => options.help = true,
            "--out" | "-o" if generate => options.out = Some(PathBuf::from(value("--out")?)),
            "--runtime" if generate => options.runtime = Some(value("--runtime")?),
            "--color" => {
                options.color = match value("--color")?.as_str() {
                    "auto" => None,
                    "always" => Some(true),
                    "never" => Some(false),
                    other => {
                        return Err(Fatal(format!(
                            "`--color {other}`: use auto, always or never"
                        )));
                    }
                }
            }
            other => return Err(Fatal(format!("unknown option `{other}`; see --help"))),
        }
    }
    if options.paths.is_empty() {
        options.paths.push(PathBuf::from("specs"));
    }
    Ok(options)
}

fn check(args: &[String]) -> Result<ExitCode, Fatal> {
    let options = parse(args, false)?;
    if options.help {
        print!("{CHECK_USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let sources = read_specs(&options.paths)?;
    let result = build(&sources, &Config::new());
    match result {
        Ok(output) => {
            let n = output.files.len();
            println!(
                "{n} spec{} checked: no problem found",
                if n == 1 { "" } else { "s" }
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => fail(error, options.color),
    }
}

fn generate(args: &[String]) -> Result<ExitCode, Fatal> {
    let options = parse(args, true)?;
    if options.help {
        print!("{GENERATE_USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let sources = read_specs(&options.paths)?;
    let mut config = Config::new();
    if let Some(runtime) = &options.runtime {
        config.runtime_path(runtime.as_str());
    }
    let output = match build(&sources, &config) {
        Ok(output) => output,
        Err(error) => return fail(error, options.color),
    };
    match &options.out {
        Some(dir) => {
            write_all(dir, &output)?;
            println!(
                "wrote {} file{} to {}",
                output.files.len() + 1,
                if output.files.is_empty() { "" } else { "s" },
                dir.display()
            );
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            let several = output.files.len() > 1;
            for (i, file) in output.files.iter().enumerate() {
                if several {
                    if i > 0 {
                        let _ = writeln!(stdout);
                    }
                    let _ = writeln!(stdout, "// ----- {} -----", file.name);
                }
                if stdout.write_all(file.contents.as_bytes()).is_err() {
                    return Err(Fatal("cannot write to the standard output".to_owned()));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn schema(args: &[String]) -> Result<ExitCode, Fatal> {
    let schema = loginspec_codegen::json_schema();
    match args {
        [] => {
            print!("{schema}");
            Ok(ExitCode::SUCCESS)
        }
        [help] if help == "-h" || help == "--help" => {
            print!("{SCHEMA_USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        [out, file] if out == "--out" || out == "-o" => {
            let path = Path::new(file);
            loginspec_codegen::write::write_if_changed(path, schema)
                .map_err(|e| Fatal(format!("cannot write {}: {e}", path.display())))?;
            eprintln!("wrote {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(Fatal(format!(
            "`schema` takes only `--out FILE`, got `{}`; see --help",
            args.join(" ")
        ))),
    }
}

/// The problems as the user reads them, on the standard error; exit status 1 (2 for an
/// I/O error).
fn fail(error: Error, color: Option<bool>) -> Result<ExitCode, Fatal> {
    match error {
        Error::Specs(report) => {
            let styled = color.unwrap_or_else(|| {
                std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            });
            let text = if styled {
                report.render_styled()
            } else {
                report.render()
            };
            eprintln!("{text}");
            Ok(ExitCode::from(1))
        }
        Error::Io(message) => Err(Fatal(message)),
    }
}

/// A spec read from disk: its name in diagnostics, and its text or why it is not text.
struct Source {
    name: String,
    text: Result<String, Diagnostic>,
}

/// Reads every spec named by `paths` (files, or folders of `*.yaml` and `*.yml`).
fn read_specs(paths: &[PathBuf]) -> Result<Vec<Source>, Fatal> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let listed = loginspec_codegen::load::spec_files(path)
                .map_err(|e| Fatal(format!("cannot list {}: {e}", path.display())))?;
            if listed.is_empty() {
                return Err(Fatal(format!(
                    "{} holds no spec (*.yaml or *.yml)",
                    path.display()
                )));
            }
            files.extend(listed);
        } else {
            files.push(path.clone());
        }
    }
    files
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path)
                .map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))?;
            let name = display(path);
            let text = String::from_utf8(bytes).map_err(|e| {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let valid = String::from_utf8_lossy(valid);
                let line = valid.matches('\n').count() + 1;
                let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                Diagnostic {
                    file: name.clone(),
                    path: String::new(),
                    location: Some((line, column)),
                    message: "the file is not UTF-8 text".to_owned(),
                    help: Some("save the spec as UTF-8".to_owned()),
                }
            });
            Ok(Source { name, text })
        })
        .collect()
}

/// A path as it is shown in diagnostics: as given, with `/` separators.
fn display(path: &Path) -> String {
    let text = path.display().to_string();
    let text = text.strip_prefix("./").unwrap_or(&text);
    text.replace('\\', "/")
}

/// Checks and generates; a file that is not text is a problem like any other.
fn build(sources: &[Source], config: &Config) -> Result<Output, Error> {
    let texts: Vec<(&str, &str)> = sources
        .iter()
        .filter_map(|s| s.text.as_ref().ok().map(|t| (s.name.as_str(), t.as_str())))
        .collect();
    let result = config.generate_sources(&texts);
    let unreadable: Vec<&Diagnostic> = sources
        .iter()
        .filter_map(|s| s.text.as_ref().err())
        .collect();
    if unreadable.is_empty() {
        return result;
    }
    let mut all = Diagnostics::default();
    for d in unreadable {
        all.push(d.clone());
    }
    match result {
        Err(Error::Io(message)) => return Err(Error::Io(message)),
        Err(Error::Specs(report)) => {
            for d in &report.diagnostics {
                if let Some(text) = report.source(&d.file)
                    && !all.has_source(&d.file)
                {
                    all.add_source(&d.file, text);
                }
            }
            for d in report.diagnostics {
                all.push(d);
            }
        }
        Ok(_) => {}
    }
    Err(Error::Specs(all.into_report()))
}

/// Writes every generated file and `mod.rs` to `dir`.
fn write_all(dir: &Path, output: &Output) -> Result<(), Fatal> {
    let io =
        |path: &Path, e: std::io::Error| Fatal(format!("cannot write {}: {e}", path.display()));
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    for file in &output.files {
        let path = dir.join(&file.name);
        loginspec_codegen::write::write_if_changed(&path, &file.contents)
            .map_err(|e| io(&path, e))?;
    }
    let path = dir.join("mod.rs");
    loginspec_codegen::write::write_if_changed(&path, &output.mod_rs).map_err(|e| io(&path, e))
}
