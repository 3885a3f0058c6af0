//! loginspec's generator: YAML login specs in, typed Rust clients out.
//!
//! The pipeline runs one way, one module per stage:
//! [`load`] (YAML -> [`spec`]) -> [`check`] (spec -> [`ir`], all problems at once) ->
//! `emit` (IR -> tokens) -> [`write`](mod@write) (tokens -> formatted source on disk).
//!
//! A build script uses [`Config`]:
//!
//! ```no_run
//! // the body of build.rs's `main`
//! loginspec_codegen::Config::new().specs("specs").run_build_script();
//! ```
//!
//! and the crate includes what it wrote, once, with the runtime's macro:
//!
//! ```ignore
//! // src/lib.rs or src/main.rs
//! loginspec_runtime::include_clients!();
//! ```
//!
//! The generated code names everything through the runtime crate (`loginspec-runtime`,
//! whose path [`Config::runtime_path`] can change), so that crate is the only
//! dependency it needs, and it reads no `cfg` of the crate that includes it: the parts
//! that need a runtime feature go through a macro of the runtime that expands them, or
//! fails with a message naming the feature.

pub mod check;
pub mod diag;
mod emit;
pub mod ident;
pub mod ir;
pub mod load;
pub mod spec;
pub mod write;

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::quote;

pub use diag::{Diagnostic, Diagnostics, Report};

/// The JSON Schema (draft 7) of the spec language, as kept in
/// `schema/loginspec.schema.json`: YAML-aware editors use it to complete keys and flag
/// mistakes as you type. It checks the shape of a spec (keys, value types, status codes);
/// the checks of [`check`] go further.
pub fn json_schema() -> &'static str {
    include_str!("../../schema/loginspec.schema.json")
}

/// What to generate and where; in the spirit of `prost_build::Config`.
#[derive(Debug, Clone)]
pub struct Config {
    specs: PathBuf,
    out_dir: Option<PathBuf>,
    runtime: String,
    parts: emit::Options,
}

impl Default for Config {
    fn default() -> Self {
        Self::new()
    }
}

/// One generated source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// File name inside the output folder (`blink.rs`).
    pub name: String,
    /// The spec it came from, as named in diagnostics.
    pub spec: String,
    /// The formatted source.
    pub contents: String,
}

/// Everything a run generates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// One file per spec, in spec file order.
    pub files: Vec<GeneratedFile>,
    /// `mod.rs`: one documented module per spec that includes its file.
    pub mod_rs: String,
}

/// Why a run failed.
#[derive(Debug)]
pub enum Error {
    /// The specs have problems; every one is listed.
    Specs(Report),
    /// Files could not be listed, read or written.
    Io(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Specs(report) => report.fmt(f),
            Error::Io(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// The error as a user reads it: each problem of the specs with its source line and
    /// a caret ([`Report::render`]), or the I/O message. Plain text, no colours.
    pub fn render(&self) -> String {
        match self {
            Error::Specs(report) => report.render(),
            Error::Io(message) => format!("error: {message}"),
        }
    }
}

impl Config {
    /// Specs from `specs/`, output to `OUT_DIR`, runtime at `::loginspec_runtime`, with
    /// a blocking client and, for specs that describe one, a websocket.
    pub fn new() -> Self {
        Config {
            specs: PathBuf::from("specs"),
            out_dir: None,
            runtime: "::loginspec_runtime".to_owned(),
            parts: emit::Options::ALL,
        }
    }

    /// The folder of `*.yaml` specs.
    pub fn specs(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.specs = dir.into();
        self
    }

    /// Where to write; defaults to the `OUT_DIR` cargo gives build scripts.
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Path of the runtime crate the generated code calls; `::loginspec_runtime` by
    /// default. Change it when the runtime is renamed in `Cargo.toml` or re-exported
    /// (`crate::deps::loginspec_runtime`).
    pub fn runtime_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.runtime = path.into();
        self
    }

    /// Whether to generate each service's `BlockingClient` (on by default). It needs
    /// the runtime's `blocking` feature: with the feature off and this on, the build
    /// fails with a message naming the feature; turn this off to do without it.
    pub fn blocking_client(&mut self, enabled: bool) -> &mut Self {
        self.parts.blocking = enabled;
        self
    }

    /// Whether to generate the websocket `Socket` of specs that describe one (on by
    /// default). It needs the runtime's `websocket` feature: with the feature off and
    /// this on, the build fails with a message naming the feature. The message types
    /// (`to_frame`) are generated either way.
    pub fn websocket(&mut self, enabled: bool) -> &mut Self {
        self.parts.websocket = enabled;
        self
    }

    /// The spec files this configuration reads, sorted by name.
    ///
    /// # Errors
    /// The specs folder cannot be listed.
    pub fn spec_files(&self) -> Result<Vec<PathBuf>, Error> {
        load::spec_files(&self.specs).map_err(|e| {
            Error::Io(format!(
                "cannot list the specs folder {}: {e}",
                self.specs.display()
            ))
        })
    }

    /// Generates the source of every spec without writing anything.
    ///
    /// # Errors
    /// Every problem of every spec, or an I/O error listing the folder.
    pub fn generate(&self) -> Result<Output, Error> {
        let mut diags = Diagnostics::default();
        let mut sources = Vec::new();
        for path in self.spec_files()? {
            let display = self.display(&path);
            match std::fs::read_to_string(&path) {
                Ok(text) => sources.push((display, text)),
                Err(err) => diags.push(Diagnostic {
                    file: display,
                    path: String::new(),
                    location: None,
                    message: format!("cannot read the file: {err}"),
                    help: None,
                }),
            }
        }
        self.generate_texts(sources, diags)
    }

    /// Generates from spec texts given as `(file name, source)`; for tests and tools.
    ///
    /// # Errors
    /// Every problem of every spec.
    pub fn generate_sources(&self, sources: &[(&str, &str)]) -> Result<Output, Error> {
        let texts = sources
            .iter()
            .map(|(file, text)| ((*file).to_owned(), (*text).to_owned()))
            .collect();
        self.generate_texts(texts, Diagnostics::default())
    }

    /// Loads and checks every `(file name, text)`, then generates when no problem was
    /// found. A file whose loading had problems the loader could step over is checked
    /// too (in its repaired form), so that one run reports the problems of both stages.
    fn generate_texts(
        &self,
        texts: Vec<(String, String)>,
        mut diags: Diagnostics,
    ) -> Result<Output, Error> {
        let mut loaded = Vec::new();
        for (file, text) in texts {
            let recovered = load::load_recovering(&file, text, &mut diags);
            loaded.extend(recovered.loaded);
            if let Some(repaired) = recovered.repaired {
                let mut more = Diagnostics::default();
                check::check(&repaired, &mut more);
                diags.extend(more);
            }
        }
        self.generate_loaded(&loaded, diags)
    }

    fn generate_loaded(
        &self,
        loaded: &[load::Loaded],
        mut diags: Diagnostics,
    ) -> Result<Output, Error> {
        let services: Vec<ir::Service> = loaded
            .iter()
            .filter_map(|l| check::check(l, &mut diags))
            .collect();
        for (i, svc) in services.iter().enumerate() {
            if let Some(first) = services[..i].iter().find(|s| s.module == svc.module) {
                diags.push(Diagnostic {
                    file: svc.file.clone(),
                    path: "service.name".to_owned(),
                    location: loaded
                        .iter()
                        .find(|l| l.file == svc.file)
                        .and_then(|l| load::Locations::new(&l.source).get("service.name")),
                    message: format!(
                        "the module name `{}` is already used by {}",
                        svc.module, first.file
                    ),
                    help: Some("give each service its own `service.name`".to_owned()),
                });
            }
        }
        if !diags.is_empty() {
            for l in loaded {
                if !diags.has_source(&l.file) {
                    diags.add_source(&l.file, l.source.as_str());
                }
            }
            return Err(Error::Specs(diags.into_report()));
        }
        if syn::parse_str::<syn::Path>(&self.runtime).is_err() {
            return Err(Error::Io(format!("`{}` is not a Rust path", self.runtime)));
        }
        let mut files = Vec::new();
        for svc in &services {
            let parts = emit::parts(svc, self.parts);
            let contents = write::format_parts(&parts, &svc.file, |part| {
                (emit::part(svc, &self.runtime, part), part.gate())
            })
            .map_err(Error::Io)?;
            files.push(GeneratedFile {
                name: format!("{}.rs", svc.module),
                spec: svc.file.clone(),
                contents,
            });
        }
        let mod_rs = mod_rs(&services).map_err(Error::Io)?;
        Ok(Output { files, mod_rs })
    }

    /// Generates and writes every file (only those whose bytes changed).
    ///
    /// # Errors
    /// As [`Config::generate`], or a file cannot be written.
    pub fn write(&self) -> Result<Output, Error> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Error::Io(
                        "OUT_DIR is not set: call `out_dir` outside a build script".to_owned(),
                    )
                })?,
        };
        let output = self.generate()?;
        let io = |path: &Path, e: std::io::Error| {
            Error::Io(format!("cannot write {}: {e}", path.display()))
        };
        std::fs::create_dir_all(&out_dir).map_err(|e| io(&out_dir, e))?;
        for file in &output.files {
            let path = out_dir.join(&file.name);
            write::write_if_changed(&path, &file.contents).map_err(|e| io(&path, e))?;
        }
        let path = out_dir.join("mod.rs");
        write::write_if_changed(&path, &output.mod_rs).map_err(|e| io(&path, e))?;
        Ok(output)
    }

    /// The whole job of a build script: tells cargo to re-run only when a spec (or the
    /// build script) changes, writes the generated files to `OUT_DIR`, and on failure
    /// prints the rendered problems ([`Error::render`]) as `cargo::error=` lines, one
    /// per line of text, which makes cargo fail the build and show exactly that text.
    ///
    /// It is meant to be the body of `build.rs`'s `main`. It returns normally even on
    /// failure: cargo then reports "build script logged errors" after the problems,
    /// instead of dumping the build script's whole output a second time.
    pub fn run_build_script(&self) {
        println!("cargo::rerun-if-changed=build.rs");
        println!("cargo::rerun-if-changed={}", self.specs.display());
        if let Ok(files) = self.spec_files() {
            for file in files {
                println!("cargo::rerun-if-changed={}", file.display());
            }
        }
        if let Err(err) = self.write() {
            for line in err.render().lines() {
                println!("cargo::error={line}");
            }
        }
    }
}

impl Config {
    /// A spec's name in diagnostics and headers: the specs folder's own name and the
    /// file name (`specs/blink.yaml`), the same wherever the build runs.
    fn display(&self, path: &Path) -> String {
        let folder = self
            .specs
            .file_name()
            .map(|f| f.to_string_lossy().into_owned());
        let file = path.file_name().map(|f| f.to_string_lossy().into_owned());
        match (folder, file) {
            (Some(folder), Some(file)) => format!("{folder}/{file}"),
            _ => path.display().to_string(),
        }
    }
}

/// `mod.rs`: one documented module per service, each including its own file.
///
/// Each module allows three lints, so that a crate that denies warnings builds with the
/// generated code whatever it uses of it:
/// * `dead_code`: a module offers every endpoint, type and accessor of its spec, and a
///   binary crate (or a private module) that calls only some would be warned of the rest;
/// * `clippy::too_many_arguments`: a request's `new` takes one parameter per required
///   field of the spec, however many the service requires;
/// * `clippy::result_large_err`: a typed error carries the decoded error body inline, and
///   a failed logout hands the whole session back, so that both can be matched and used
///   without unboxing.
fn mod_rs(services: &[ir::Service]) -> Result<String, String> {
    let modules = services.iter().map(|svc| {
        let name = ident::to_ident(&svc.module);
        let file = format!("{}.rs", svc.module);
        let title = format!(
            "{}: typed login client generated from `{}`.",
            svc.title, svc.file
        );
        let docs =
            emit::docs(std::iter::once(title.as_str()).chain(svc.docs.iter().map(String::as_str)));
        quote! {
            #docs
            #[allow(dead_code, reason = "a spec's module offers all of its endpoints; a crate uses some")]
            #[allow(clippy::too_many_arguments, reason = "`new` takes each required field of the spec")]
            #[allow(clippy::result_large_err, reason = "errors carry decoded bodies and failed logouts their session")]
            pub mod #name {
                include!(#file);
            }
        }
    });
    write::format(quote! { #(#modules)* }, "the specs folder")
}

/// The tokens the emitter makes for a checked service, unformatted: for benchmarks that
/// time emission apart from formatting. Not part of the stable API.
#[doc(hidden)]
pub fn emit_tokens(svc: &ir::Service, runtime: &str) -> TokenStream {
    emit::parts(svc, emit::Options::ALL)
        .into_iter()
        .map(|part| emit::part(svc, runtime, part))
        .collect()
}
