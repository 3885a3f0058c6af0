//! Naming stage: wire names from a spec become Rust identifiers.
//!
//! Every case conversion and identifier escaping done by the generator lives
//! in this module; no other module calls `heck`. It takes the names exactly
//! as they appear on the wire (YAML keys, JSON fields, header names, error
//! codes) and returns valid Rust identifiers as strings ([`snake`],
//! [`camel`], [`screaming`]), or as [`proc_macro2::Ident`]s ([`to_ident`]).
//! It also answers whether a serde rename is needed ([`needs_rename`]) and
//! offers a did-you-mean helper for diagnostics ([`closest`]).
//!
//! # The conversion rule
//!
//! 1. Every character that is not an ASCII letter or digit is a word
//!    separator. Nothing is transliterated: `café_id` becomes `caf_id`,
//!    `X-Request-Id` becomes `x_request_id`.
//! 2. A name with no ASCII letter or digit at all (`+`, `---`, `_`, `日本`)
//!    is an error: [`IdentError::NoAsciiAlphanumeric`]; the empty name is
//!    [`IdentError::Empty`].
//! 3. The words are joined in the wanted case by `heck`. Leading separators
//!    disappear: `_id` becomes `id`.
//! 4. A result starting with a digit gets the prefix `n` (snake case) or `N`
//!    (camel and screaming case): `2fa` becomes `n2fa`, `N2fa`, `N2FA`.
//! 5. A result that is a Rust keyword of edition 2024, strict or reserved,
//!    gets a trailing `_`: `type` becomes `type_`, `Self` becomes `Self_`.
//!    Raw identifiers (`r#type`) are never produced.
//!
//! The rule is deterministic; distinct wire names may map to the same Rust
//! name (`fooBar` and `foo_bar`), and detecting such collisions is left to
//! the caller.

use std::fmt;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Why a wire name could not become a Rust identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentError {
    /// The name is the empty string.
    Empty,
    /// The name has no ASCII letter or digit (for example `+`, `---`, `_`
    /// or `日本`), so no Rust identifier can be built from it.
    NoAsciiAlphanumeric,
}

impl fmt::Display for IdentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdentError::Empty => f.write_str("the name is empty"),
            IdentError::NoAsciiAlphanumeric => {
                f.write_str("the name has no ASCII letter or digit to build a Rust name from")
            }
        }
    }
}

impl std::error::Error for IdentError {}

/// Strict Rust keywords of edition 2024.
const STRICT_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while",
];

/// Reserved Rust keywords of edition 2024. Contextual keywords such as
/// `union`, `raw` or `safe` are valid identifiers and listed nowhere.
const RESERVED_KEYWORDS: &[&str] = &[
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// True when `name` is a strict or reserved keyword of edition 2024.
fn is_keyword(name: &str) -> bool {
    STRICT_KEYWORDS.contains(&name) || RESERVED_KEYWORDS.contains(&name)
}

/// The snake_case Rust name for `wire`, for fields, methods and modules.
///
/// See the [module documentation](self) for the rule; for example
/// `X-Request-Id` gives `x_request_id`, `type` gives `type_` and `2fa` gives
/// `n2fa`.
///
/// # Errors
///
/// [`IdentError::Empty`] for the empty name and
/// [`IdentError::NoAsciiAlphanumeric`] for a name without any ASCII letter or
/// digit.
pub fn snake(wire: &str) -> Result<String, IdentError> {
    convert(wire, |s| s.to_snake_case(), 'n')
}

/// The UpperCamelCase Rust name for `wire`, for types and enum variants.
///
/// See the [module documentation](self) for the rule; for example
/// `bad_request` gives `BadRequest`, `self` gives `Self_` and `2fa` gives
/// `N2fa`.
///
/// # Errors
///
/// [`IdentError::Empty`] for the empty name and
/// [`IdentError::NoAsciiAlphanumeric`] for a name without any ASCII letter or
/// digit.
pub fn camel(wire: &str) -> Result<String, IdentError> {
    convert(wire, |s| s.to_upper_camel_case(), 'N')
}

/// The SCREAMING_SNAKE_CASE Rust name for `wire`, for constants.
///
/// See the [module documentation](self) for the rule; for example
/// `Content-Type` gives `CONTENT_TYPE` and `2fa` gives `N2FA`.
///
/// # Errors
///
/// [`IdentError::Empty`] for the empty name and
/// [`IdentError::NoAsciiAlphanumeric`] for a name without any ASCII letter or
/// digit.
pub fn screaming(wire: &str) -> Result<String, IdentError> {
    convert(wire, |s| s.to_shouty_snake_case(), 'N')
}

/// The identifier `name` with the call-site span.
///
/// `name` must be an output of [`snake`], [`camel`] or [`screaming`]; this
/// function does no conversion or escaping of its own.
///
/// # Panics
///
/// Panics when `name` is not a plain, non-keyword Rust identifier, which
/// means a caller skipped the conversion functions (an internal bug, never a
/// problem in the spec).
pub fn to_ident(name: &str) -> Ident {
    assert!(
        is_plain_ident(name),
        "internal error: `{name}` was not produced by ident::snake, camel or screaming"
    );
    Ident::new(name, Span::call_site())
}

/// True when the Rust name differs from the wire name, so `#[serde(rename)]`
/// is needed.
///
/// This is plain inequality: an escaped keyword such as `type_` for the wire
/// name `type` needs a rename too, because raw identifiers are not used.
pub fn needs_rename(wire: &str, rust: &str) -> bool {
    wire != rust
}

/// The help for a word that names nothing: ``did you mean `best`?`` for the candidate
/// closest to `word` (see [`closest`]), else what `otherwise` says.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: impl FnOnce() -> String,
) -> String {
    match closest(word, candidates) {
        Some(best) => format!("did you mean `{best}`?"),
        None => otherwise(),
    }
}

/// The candidate closest to `word` by edit distance, if close enough to be a
/// likely misspelling.
///
/// The comparison ignores case and counts an insertion, deletion,
/// substitution or swap of two adjacent characters as one edit (so `tpye` is
/// one edit from `type`). A candidate is accepted when it is at most
/// `max(1, len / 3)` edits away, `len` being the number of characters of
/// `word`. Ties go to the first candidate. A candidate equal to `word` is
/// never suggested, and an empty `word` gets no suggestion.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_chars: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    if word_chars.is_empty() {
        return None;
    }
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let candidate_chars: Vec<char> = candidate.chars().flat_map(char::to_lowercase).collect();
        let distance = edit_distance(&word_chars, &candidate_chars);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Shared body of [`snake`], [`camel`] and [`screaming`].
fn convert(
    wire: &str,
    case: impl Fn(&str) -> String,
    digit_prefix: char,
) -> Result<String, IdentError> {
    if wire.is_empty() {
        return Err(IdentError::Empty);
    }
    if !wire.chars().any(|c| c.is_ascii_alphanumeric()) {
        return Err(IdentError::NoAsciiAlphanumeric);
    }
    let separated: String = wire
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut name = case(&separated);
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, digit_prefix);
    }
    if is_keyword(&name) {
        name.push('_');
    }
    debug_assert!(
        is_plain_ident(&name),
        "bad conversion of `{wire}`: `{name}`"
    );
    Ok(name)
}

/// True for a non-empty ASCII identifier that is neither `_` nor a keyword.
fn is_plain_ident(name: &str) -> bool {
    let mut chars = name.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    starts_well
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
        && !is_keyword(name)
}

/// Optimal string alignment distance: Levenshtein plus adjacent swaps.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    // d[i][j] is the distance between a[..i] and b[..j].
    let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wire name, then the expected snake, camel and screaming names.
    const TABLE: &[(&str, &str, &str, &str)] = &[
        ("type", "type_", "Type", "TYPE"),
        ("self", "self_", "Self_", "SELF"),
        ("Self", "self_", "Self_", "SELF"),
        ("crate", "crate_", "Crate", "CRATE"),
        ("super", "super_", "Super", "SUPER"),
        ("gen", "gen_", "Gen", "GEN"),
        ("async", "async_", "Async", "ASYNC"),
        ("match", "match_", "Match", "MATCH"),
        ("union", "union", "Union", "UNION"),
        ("_id", "id", "Id", "ID"),
        ("2fa", "n2fa", "N2fa", "N2FA"),
        ("+1", "n1", "N1", "N1"),
        ("X-Request-Id", "x_request_id", "XRequestId", "X_REQUEST_ID"),
        ("fooBar", "foo_bar", "FooBar", "FOO_BAR"),
        ("foo_bar", "foo_bar", "FooBar", "FOO_BAR"),
        ("café_id", "caf_id", "CafId", "CAF_ID"),
        ("été", "t", "T", "T"),
        ("TOKEN_AUTH", "token_auth", "TokenAuth", "TOKEN_AUTH"),
        (
            "Content-Type",
            "content_type",
            "ContentType",
            "CONTENT_TYPE",
        ),
        ("login_token", "login_token", "LoginToken", "LOGIN_TOKEN"),
        ("bad_request", "bad_request", "BadRequest", "BAD_REQUEST"),
        (
            "invalid_password",
            "invalid_password",
            "InvalidPassword",
            "INVALID_PASSWORD",
        ),
        ("e002", "e002", "E002", "E002"),
    ];

    #[test]
    fn converts_the_table() {
        for &(wire, snake_name, camel_name, screaming_name) in TABLE {
            assert_eq!(snake(wire).as_deref(), Ok(snake_name), "snake({wire:?})");
            assert_eq!(camel(wire).as_deref(), Ok(camel_name), "camel({wire:?})");
            assert_eq!(
                screaming(wire).as_deref(),
                Ok(screaming_name),
                "screaming({wire:?})"
            );
        }
    }

    #[test]
    fn rejects_names_without_ascii_alphanumerics() {
        let table = [
            ("", IdentError::Empty),
            ("_", IdentError::NoAsciiAlphanumeric),
            ("+", IdentError::NoAsciiAlphanumeric),
            ("---", IdentError::NoAsciiAlphanumeric),
            ("日本", IdentError::NoAsciiAlphanumeric),
        ];
        for (wire, error) in table {
            assert_eq!(snake(wire), Err(error.clone()), "snake({wire:?})");
            assert_eq!(camel(wire), Err(error.clone()), "camel({wire:?})");
            assert_eq!(screaming(wire), Err(error), "screaming({wire:?})");
        }
    }

    #[test]
    fn errors_read_as_sentences() {
        assert_eq!(IdentError::Empty.to_string(), "the name is empty");
        assert_eq!(
            IdentError::NoAsciiAlphanumeric.to_string(),
            "the name has no ASCII letter or digit to build a Rust name from"
        );
    }

    #[test]
    fn every_output_parses_as_a_rust_identifier() {
        let nasty = [
            "type",
            "Self",
            "self",
            "SELF",
            "r#type",
            "crate",
            "super",
            "gen",
            "try",
            "yield",
            "_",
            "__",
            "_1",
            "1",
            "123abc",
            "+1",
            "a b c",
            "a.b.c",
            "HTTPServer",
            "X-Request-Id",
            "x--y",
            "café_id",
            "日本",
            "日本2",
            "ÅNGSTRÖM",
            "e002",
            "@type",
            "$ref",
            "",
            "-",
            "9-9",
            "macro_rules",
            "Box",
        ];
        for wire in nasty {
            for (convert, name) in [
                (snake as fn(&str) -> Result<String, IdentError>, "snake"),
                (camel, "camel"),
                (screaming, "screaming"),
            ] {
                let Ok(rust) = convert(wire) else { continue };
                assert!(
                    syn::parse_str::<syn::Ident>(&rust).is_ok(),
                    "{name}({wire:?}) = {rust:?} is not an identifier"
                );
                assert_eq!(to_ident(&rust).to_string(), rust);
            }
        }
    }

    #[test]
    #[should_panic(expected = "internal error")]
    fn to_ident_rejects_unconverted_names() {
        to_ident("type");
    }

    #[test]
    fn renames_whenever_the_names_differ() {
        assert!(!needs_rename("login_token", "login_token"));
        assert!(needs_rename("type", "type_"));
        assert!(needs_rename("X-Request-Id", "x_request_id"));
        assert!(needs_rename("fooBar", "foo_bar"));
    }

    #[test]
    fn suggests_close_candidates() {
        let keys = ["type", "types", "required"];
        assert_eq!(closest("tpye", keys), Some("type"));
        assert_eq!(closest("requird", keys), Some("required"));
        assert_eq!(closest("Required", keys), Some("required"));
        assert_eq!(closest("zzzz", keys), None);
        assert_eq!(closest("type", keys), Some("types"));
        assert_eq!(closest("type", ["type"]), None);
        assert_eq!(closest("", ["a"]), None);
        // Ties go to the first candidate.
        assert_eq!(closest("cat", ["bat", "hat"]), Some("bat"));
    }
}
