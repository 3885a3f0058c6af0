//! Property tests: nothing a user writes may crash the generator or make it produce Rust
//! that does not parse.
//!
//! * arbitrary text, YAML-like token soup and randomly damaged valid specs: loading,
//!   checking and rendering the diagnostics never panic, and every location is inside
//!   the file;
//! * spec-shaped values, consistent (`Tame`) or not (`Wild`): the same, and every spec
//!   that passes `check` generates code that parses as Rust. (`compile_ok.rs` compiles a
//!   sample of them for real.)
//!
//! Case counts are chosen to keep this file at a few seconds: 256 texts, 256 token soups,
//! 256 damaged specs, 256 tame and 256 wild spec values.

#[path = "support/specgen.rs"]
mod specgen;

use loginspec_codegen::{Config, Error};
use proptest::prelude::*;
use specgen::Mode;

const FILE: &str = "specs/prop.yaml";

/// Runs the whole pipeline on `text` and checks what can be checked of the result;
/// gives the messages of the problems found (none when code was generated).
fn pipeline(text: &str) -> Result<Vec<String>, TestCaseError> {
    match Config::new().generate_sources(&[(FILE, text)]) {
        Ok(output) => {
            for file in &output.files {
                if let Err(e) = syn::parse_file(&file.contents) {
                    return Err(TestCaseError::fail(format!(
                        "generated code does not parse: {e}\n--- spec ---\n{text}"
                    )));
                }
            }
            Ok(Vec::new())
        }
        Err(Error::Specs(report)) => {
            let lines = text.lines().count().max(1);
            for d in &report.diagnostics {
                prop_assert!(!d.message.is_empty(), "empty message: {d:?}");
                if let Some((line, column)) = d.location {
                    prop_assert!(
                        line >= 1 && line <= lines + 1 && column >= 1,
                        "location {line}:{column} outside the file ({lines} lines): {d}\n--- spec ---\n{text}"
                    );
                }
            }
            let rendered = report.render();
            // `N problems found`, and past the shown ones how many more there are.
            let last = rendered.lines().last().unwrap_or_default();
            prop_assert!(
                last.ends_with("found") || last.ends_with("(fix these and check again)"),
                "{rendered}"
            );
            let _ = report.to_string();
            Ok(report
                .diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect())
        }
        Err(Error::Io(message)) => Err(TestCaseError::fail(format!(
            "{message}\n--- spec ---\n{text}"
        ))),
    }
}

/// Pieces of YAML and of the spec language, to build text that is nearly a spec.
const TOKENS: &[&str] = &[
    "loginspec: 1\n",
    "service:\n",
    "  name: x\n",
    "endpoints:\n",
    "  login:\n",
    "    method: POST\n",
    "    path: /login\n",
    "    responses:\n",
    "      200:\n",
    "        body:\n",
    "          fields:\n",
    "            token: { type: secret }\n",
    "    session:\n",
    "      token: token\n",
    "types:\n",
    "auth:\n",
    "websocket:\n",
    "  ",
    "    ",
    "- ",
    "-",
    ": ",
    ":",
    "\n",
    "\t",
    "{",
    "}",
    "[",
    "]",
    ",",
    "\"",
    "'",
    "&a ",
    "*a",
    "!!str ",
    "---\n",
    "...\n",
    "# c\n",
    "|\n",
    ">-\n",
    "? ",
    "%YAML 1.2\n",
    "null",
    "~",
    "true",
    "0x1F",
    "1e3",
    "type",
    "fields",
    "items",
    "values",
    "required",
    "example",
    "rust_name",
    "type_name",
    "enum",
    "object",
    "array",
    "map",
    "日本",
    "é",
    "\u{0}",
    "\r\n",
    "\u{feff}",
    "<<: *a\n",
    "@",
    "`",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..60).prop_map(|t| t.concat())
}

/// Valid specs to damage: the bundled ones and the valid fixtures.
fn bases() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [root.join("../specs"), root.join("tests/fixtures/ok")] {
        for path in loginspec_codegen::load::spec_files(&dir).expect("folder lists") {
            out.push(std::fs::read_to_string(path).expect("spec reads"));
        }
    }
    out
}

/// One edit at a character boundary: delete a range, insert a token, duplicate or drop
/// a line, or change a line's indentation.
fn damage(text: &str, seed: u64) -> String {
    let mut rng = specgen::Rng::new(seed);
    let mut text = text.to_owned();
    for _ in 0..1 + rng.below(4) {
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let at = boundaries[rng.below(boundaries.len())];
        match rng.below(5) {
            0 => {
                let end = boundaries[(boundaries.partition_point(|&b| b < at) + rng.below(8))
                    .min(boundaries.len() - 1)];
                text.replace_range(at..end, "");
            }
            1 => {
                let token: &&str = rng.pick(TOKENS);
                text.insert_str(at, token);
            }
            2 | 3 => {
                let lines: Vec<&str> = text.split('\n').collect();
                let n = rng.below(lines.len());
                let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
                match rng.below(3) {
                    0 => out.insert(n, lines[n].to_owned()),
                    1 => {
                        out.remove(n);
                    }
                    _ => out[n] = format!("  {}", lines[n]),
                }
                text = out.join("\n");
            }
            _ => {
                let lines: Vec<&str> = text.split('\n').collect();
                let n = rng.below(lines.len());
                let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
                out[n] = out[n].trim_start().to_owned();
                text = out.join("\n");
            }
        }
    }
    text
}

/// Cases per property: `PROPTEST_CASES` when set (the long run of RELIABILITY.md), else
/// `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        pipeline(&text)?;
    }

    #[test]
    fn yaml_token_soup_never_panics(text in token_soup()) {
        pipeline(&text)?;
    }

    #[test]
    fn damaged_specs_never_panic(base in 0usize..64, seed in any::<u64>()) {
        let bases = bases();
        let text = damage(&bases[base % bases.len()], seed);
        pipeline(&text)?;
    }

    #[test]
    fn tame_spec_values_pass_or_are_refused_and_passing_ones_parse(seed in any::<u64>()) {
        pipeline(&specgen::yaml(seed, Mode::Tame))?;
    }

    #[test]
    fn wild_spec_values_never_panic(seed in any::<u64>()) {
        pipeline(&specgen::yaml(seed, Mode::Wild))?;
    }
}

/// The tame generator is only useful if a good share of its specs pass `check`, so that
/// the property above really runs the emitter on them.
#[test]
fn a_good_share_of_tame_specs_pass_the_checks() {
    let passed = (0..200u64)
        .filter(|&seed| {
            Config::new()
                .generate_sources(&[(FILE, &specgen::yaml(seed, Mode::Tame))])
                .is_ok()
        })
        .count();
    assert!(
        passed >= 40,
        "only {passed} of 200 tame specs pass the checks"
    );
}

/// The head of a spec whose one endpoint's body field `f0` is an array of numbers, and
/// `rest` after it (more fields).
fn spec_with_fields(rest: &str) -> String {
    format!(
        "loginspec: 1\nservice:\n  name: x\n  base_url: https://example.com\nendpoints:\n  login:\n    method: POST\n    path: /\n    body:\n      fields:\n{rest}    responses:\n      200: {{}}\n"
    )
}

/// `fields` fields whose examples repeat an anchored list of `list` numbers `per` times.
fn aliased(list: usize, fields: usize, per: usize) -> String {
    let mut rest = format!(
        "        f0:\n          type: array\n          items: {{type: integer}}\n          example: &a [{}]\n",
        vec!["1"; list].join(",")
    );
    for i in 1..=fields {
        rest.push_str(&format!(
            "        f{i}:\n          type: array\n          items: {{type: array, items: {{type: integer}}}}\n          example: [{}]\n",
            vec!["*a"; per].join(",")
        ));
    }
    spec_with_fields(&rest)
}

// Hostile structures: each is refused by the bound meant for it, or read, never worked
// through at a cost that grows faster than the text.
proptest! {
    #![proptest_config(ProptestConfig { cases: cases(24), ..ProptestConfig::default() })]

    #[test]
    fn aliases_are_read_or_refused_by_the_expansion_bound(
        list in 1usize..3000,
        fields in 1usize..300,
        per in 1usize..20,
    ) {
        let text = aliased(list, fields, per);
        let budget = loginspec_codegen::load::MAX_EXPANDED_VALUES.max(text.len());
        let expanded = list * (1 + fields * per);
        let refused = pipeline(&text)?
            .iter()
            .any(|m| m.starts_with("the aliases of the document expand to more than"));
        if expanded > budget {
            prop_assert!(refused, "{expanded} values of {budget} read");
        } else if expanded + fields * (per + 20) < budget {
            prop_assert!(!refused, "{expanded} values of {budget} refused");
        }
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_parsing(
        // Half of the depths around the bound, half anywhere.
        depth in prop_oneof![1usize..=2 * loginspec_codegen::load::MAX_FLOW_DEPTH, 1usize..200_000],
        brace in any::<bool>(),
    ) {
        let (open, close) = if brace { ("{a: ", "}") } else { ("[", "]") };
        let text = spec_with_fields(&format!(
            "        f0:\n          type: string\n          example: {}1{}\n",
            open.repeat(depth),
            close.repeat(depth)
        ));
        let too_deep = pipeline(&text)?.iter().any(|m| m.starts_with("the document nests too deeply"));
        prop_assert_eq!(too_deep, depth > loginspec_codegen::load::MAX_FLOW_DEPTH);
    }

    #[test]
    fn every_problem_is_found_and_a_bounded_number_shown(n in 1usize..3000) {
        let fields: String = (0..n)
            .map(|i| format!("        f{i}:\n          type: nope{i}\n"))
            .collect();
        let text = spec_with_fields(&fields);
        let Err(Error::Specs(report)) = Config::new().generate_sources(&[(FILE, &text)]) else {
            return Err(TestCaseError::fail("unknown types were accepted"));
        };
        prop_assert_eq!(report.diagnostics.len(), n);
        let rendered = report.render();
        let shown = rendered.matches("\nerror: ").count() + usize::from(rendered.starts_with("error: "));
        prop_assert_eq!(shown, n.min(loginspec_codegen::Report::MAX_SHOWN));
    }
}
