//! Stage 1: read spec files and parse them into [`spec::SpecFile`](crate::spec::SpecFile).
//!
//! Takes paths or text; returns the parsed spec with its source text (kept so later
//! stages can point at lines), or diagnostics with the YAML path and the line and
//! column that serde_yaml reports, its message rewritten as what was expected and what
//! was found, with a hint. After a problem the loader can step over (a misspelt key, an
//! unknown key, a value of the wrong type, a key written twice), it reads on in a
//! repaired copy of the text, so one run reports every such problem of a file and the
//! checks still run ([`load_recovering`]). This module and `write` are the only ones
//! that do I/O, and this is the only one that uses serde_yaml.

use std::cell::Cell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::spec::SpecFile;

/// A parsed spec and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file name used in diagnostics and in the generated header.
    pub file: String,
    /// The source text.
    pub source: String,
    /// The parsed spec.
    pub spec: SpecFile,
}

/// Lists the `*.yaml` and `*.yml` files of a directory, sorted by name.
pub fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, std::io::Error> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let is_yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        if is_yaml && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Reads and parses one spec file; problems go to `diags`.
pub fn load_file(path: &Path, display: &str, diags: &mut Diagnostics) -> Option<Loaded> {
    match std::fs::read_to_string(path) {
        Ok(source) => load_str(display, source, diags),
        Err(err) => {
            diags.push(Diagnostic {
                file: display.to_owned(),
                path: String::new(),
                location: None,
                message: format!("cannot read the file: {err}"),
                help: None,
            });
            None
        }
    }
}

/// Parses spec text; `file` names it in diagnostics.
///
/// When the text has problems, all that can be found are reported: see
/// [`load_recovering`]. The result is `None` whenever a problem was found.
pub fn load_str(file: &str, source: String, diags: &mut Diagnostics) -> Option<Loaded> {
    load_recovering(file, source, diags).loaded
}

/// What [`load_recovering`] gives.
#[derive(Debug)]
pub struct Recovered {
    /// The spec, when the text has no problem.
    pub loaded: Option<Loaded>,
    /// When the text had problems the loader could step over, the spec read from a copy
    /// of the text with them set aside (same lines, so locations still hold), for the
    /// checks of the next stage. Nothing is ever generated from it.
    pub repaired: Option<Loaded>,
}

/// At most this many problems are looked for in one file by stepping over them.
const MAX_RECOVERIES: usize = 25;

/// Parses spec text like [`load_str`], and keeps looking for problems after the first:
/// a problem the loader can step over is set aside in a copy of the text, and the copy
/// is parsed again. A misspelt key or value is read as the one suggested; an unknown
/// key, a value of the wrong type and a key written twice (its second time) are left
/// out. Syntax errors and missing keys stop the search; so does a key left out that
/// turns out to be required (that is not reported again).
pub fn load_recovering(file: &str, source: String, diags: &mut Diagnostics) -> Recovered {
    // Bounds checked on the text, before the YAML parser spends time on it.
    if let Some(diagnostic) = too_large(file, &source).or_else(|| expands_too_much(file, &source)) {
        diags.push(diagnostic);
        return Recovered {
            loaded: None,
            repaired: None,
        };
    }
    // The fast path: no path tracking unless there is a problem to report.
    let first = match serde_yaml::from_str::<SpecFile>(&source).or_else(|_| parse(&source)) {
        Ok(spec) => {
            return Recovered {
                loaded: Some(Loaded {
                    file: file.to_owned(),
                    source,
                    spec,
                }),
                repaired: None,
            };
        }
        Err(problem) => problem,
    };
    // A syntax error can show first as a value of the wrong type (`key: [a, b` reads as
    // the start of a list): problems from where the syntax error starts on are not
    // reported, the syntax error is.
    let syntax = serde_yaml::from_str::<serde_yaml::Value>(&source)
        .err()
        .and_then(|e| syntax_error(&e.to_string()));
    let syntax_line = syntax.as_ref().and_then(|s| {
        [s.location, s.context]
            .into_iter()
            .flatten()
            .map(|(line, _)| line)
            .min()
    });
    let mut syntax_path: Option<String> = None;
    let mut syntax_reported = false;
    let mut text = source.clone();
    let mut problem = first;
    let mut left_out: Vec<(String, String)> = Vec::new();
    // Each problem reported, to stop on a repeat.
    let mut seen: Vec<Diagnostic> = Vec::new();
    let mut repaired = None;
    for _ in 0..MAX_RECOVERIES {
        let places = Locations::new(&text);
        if syntax_error(&problem.raw).is_some() {
            syntax_reported = true;
            diags.push(problem.diagnostic(file, &text, &places));
            break;
        }
        if let Some(line) = syntax_line
            && problem.location.is_some_and(|(l, _)| l >= line)
        {
            syntax_path = Some(problem.path.clone());
            break;
        }
        if let Some(key) = problem.missing_key()
            && left_out.contains(&(problem.path.clone(), key.to_owned()))
        {
            break; // follows from a value already reported and left out
        }
        let d = problem.diagnostic(file, &text, &places);
        if seen.contains(&d) {
            break;
        }
        seen.push(d.clone());
        diags.push(d);
        let Some(fixed) = problem.step_over(&text, &places, &mut left_out) else {
            break;
        };
        text = fixed;
        match parse(&text) {
            Ok(spec) => {
                repaired = Some(Loaded {
                    file: file.to_owned(),
                    source: text,
                    spec,
                });
                break;
            }
            Err(next) => problem = next,
        }
    }
    if let Some(syntax) = syntax {
        repaired = None;
        if !syntax_reported {
            diags.push(Diagnostic {
                file: file.to_owned(),
                path: syntax_path.unwrap_or_default(),
                location: syntax.location,
                message: syntax.message,
                help: syntax.help,
            });
        }
    }
    diags.add_source(file, source);
    Recovered {
        loaded: None,
        repaired,
    }
}

/// One problem serde_yaml found, before it is turned into a [`Diagnostic`].
struct Problem {
    /// The YAML path, cleaned.
    path: String,
    /// serde_yaml's line and column.
    location: Option<(usize, usize)>,
    /// serde_yaml's message.
    raw: String,
}

/// The largest spec the loader reads, in bytes: a login spec is a few kilobytes.
pub const MAX_SPEC_BYTES: usize = 4 * 1024 * 1024;

/// The deepest nesting of flow collections (`[...]`, `{...}`) the loader reads: a spec
/// needs a handful, and the YAML parser's time grows with the square of the depth.
pub const MAX_FLOW_DEPTH: usize = 64;

/// A problem of the text as a whole that stops the loader before it parses: a file over
/// [`MAX_SPEC_BYTES`], or flow collections nested deeper than [`MAX_FLOW_DEPTH`] (see
/// [`too_deep`]).
fn too_large(file: &str, text: &str) -> Option<Diagnostic> {
    if text.len() > MAX_SPEC_BYTES {
        return Some(Diagnostic {
            file: file.to_owned(),
            path: String::new(),
            location: Some((1, 1)),
            message: format!(
                "the file is {} bytes, more than the {MAX_SPEC_BYTES} a spec may have",
                text.len()
            ),
            help: Some("a login spec is a few kilobytes: split the file, or remove what is not the login's".to_owned()),
        });
    }
    let (line, column) = too_deep(text)?;
    Some(Diagnostic {
        file: file.to_owned(),
        path: String::new(),
        location: Some((line, column)),
        message: format!(
            "the document nests too deeply: more than {MAX_FLOW_DEPTH} levels of `[...]` or `{{...}}`"
        ),
        help: Some("a spec needs only a few levels of nesting".to_owned()),
    })
}

/// The line and column (from 1) of the first `[` or `{` that opens a flow collection
/// deeper than [`MAX_FLOW_DEPTH`], found without the YAML parser. Two counts are kept,
/// and either one past the bound is enough:
/// * one that reads YAML's tokens as far as nesting needs: quoted scalars (which start
///   only where a value can start: after `[`, `{`, `,`, an indicator followed by a
///   space, an anchor or tag, or a JSON-like key's `:`), plain scalars (whose quotes
///   are text, over several lines too), block scalars (whose lines are text) and
///   comments;
/// * one blind to quotes and scalars, which counts every bracket outside comments and
///   starts again at each line that begins in the first column (a key of the spec's
///   top mapping), so that a scalar the first count misreads cannot hide brackets from
///   both.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let is_flow = |c: char| matches!(c, '[' | ']' | '{' | '}' | ',');
    let (mut depth, mut blind) = (0usize, 0usize);
    let mut quote: Option<char> = None;
    // Where a scalar may start; inside a plain scalar (and the indent of the line it
    // started on); the indent of the line that opened a block scalar.
    let mut value_start = true;
    let mut plain: Option<usize> = None;
    let mut block: Option<usize> = None;
    // A quoted scalar or a collection just closed: a `:` right after it is a key's.
    let mut closed = false;
    for (n, line) in text.split('\n').enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let indent = chars.iter().take_while(|&&c| c == ' ').count();
        let blank = chars.iter().all(|c| c.is_whitespace()) || chars.get(indent) == Some(&'#');
        if indent == 0 && !blank {
            blind = 0;
        }
        if quote.is_none() {
            if let Some(b) = block {
                if blank || indent > b {
                    // A line of a block scalar: text. Brackets in it still count for
                    // the blind count.
                    for (j, &c) in chars.iter().enumerate() {
                        if matches!(c, '[' | '{') {
                            blind += 1;
                            if blind > MAX_FLOW_DEPTH {
                                return Some((n + 1, j + 1));
                            }
                        } else if matches!(c, ']' | '}') {
                            blind = blind.saturating_sub(1);
                        }
                    }
                    continue;
                }
                block = None;
            }
            match plain {
                // A plain scalar of block context goes on over more indented lines.
                Some(p) if depth == 0 && !blank && indent <= p => plain = None,
                _ => {}
            }
            if plain.is_none() {
                value_start = true;
            }
        }
        let mut j = 0;
        let mut space_before = true; // the line's start counts as a space
        while j < chars.len() {
            let c = chars[j];
            let next = chars.get(j + 1).copied();
            j += 1;
            if let Some(q) = quote {
                // `\x` in double quotes and `''` in single quotes are no closing quote.
                let escape =
                    (q == '"' && c == '\\') || (q == '\'' && c == '\'' && next == Some('\''));
                if escape {
                    j += 1;
                } else if c == q {
                    quote = None;
                    closed = true;
                    value_start = false;
                }
                continue;
            }
            if c == ' ' || c == '\t' {
                space_before = true;
                continue;
            }
            if c == '#' && space_before {
                break; // a comment, for both counts
            }
            let followed_by_space = next.is_none_or(|c| c == ' ' || c == '\t');
            // The blind count.
            if matches!(c, '[' | '{') {
                blind += 1;
                if blind > MAX_FLOW_DEPTH {
                    return Some((n + 1, j));
                }
            } else if matches!(c, ']' | '}') {
                blind = blind.saturating_sub(1);
            }
            // The token count.
            let was_closed = std::mem::replace(&mut closed, false);
            space_before = false;
            if plain.is_some() {
                let ends = (c == ':'
                    && (followed_by_space || (depth > 0 && next.is_some_and(is_flow))))
                    || (depth > 0 && is_flow(c));
                if !ends {
                    continue; // text of the plain scalar: quotes and (in block context) brackets
                }
                plain = None;
                if c == ':' {
                    value_start = true;
                    continue;
                }
            }
            match c {
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some((n + 1, j));
                    }
                    value_start = true;
                }
                ']' | '}' => {
                    depth = depth.saturating_sub(1);
                    value_start = false;
                    closed = true;
                }
                ',' => value_start = true,
                '"' | '\'' if value_start || was_closed => {
                    quote = Some(c);
                    value_start = false;
                }
                ':' if was_closed => value_start = true,
                '-' | '?' | ':' if followed_by_space => value_start = true,
                '&' | '!' | '*' if value_start => {
                    // An anchor, a tag or an alias: its name runs to a space or, in a
                    // flow collection, to a flow indicator.
                    while chars
                        .get(j)
                        .is_some_and(|&c| c != ' ' && c != '\t' && !(depth > 0 && is_flow(c)))
                    {
                        j += 1;
                    }
                    value_start = c != '*';
                }
                '|' | '>' if value_start && depth == 0 => {
                    block = Some(indent);
                    break; // the rest of the line is the block scalar's header
                }
                _ => {
                    plain = Some(indent);
                    value_start = false;
                }
            }
        }
    }
    None
}

/// The most values a document may hold once its aliases are expanded, besides one per
/// byte of its text (which a document without aliases never exceeds): aliases may
/// repeat a value a few times, not multiply the document.
pub const MAX_EXPANDED_VALUES: usize = 100_000;

/// A document whose aliases (`*name`) expand to more than [`MAX_EXPANDED_VALUES`] values
/// or one per byte of its text, whichever is more. serde_yaml refuses exponential
/// expansion, but an anchored list repeated by many aliases grows with the product of
/// the two, and every later stage walks the copies; the values are counted, and the
/// count stops at the bound, before anything is built.
fn expands_too_much(file: &str, text: &str) -> Option<Diagnostic> {
    if !text.contains('*') {
        return None; // no alias, nothing to count
    }
    let budget = MAX_EXPANDED_VALUES.max(text.len());
    let left = Cell::new(budget);
    let deserializer = serde_yaml::Deserializer::from_str(text);
    match serde::de::DeserializeSeed::deserialize(Budget { left: &left }, deserializer) {
        // serde_yaml puts the path in front of the message.
        Err(e) if e.to_string().contains(Budget::SPENT) => Some(Diagnostic {
            file: file.to_owned(),
            path: String::new(),
            location: first_alias(text),
            message: format!("the aliases of the document expand to more than {budget} values"),
            help: Some("write the values out instead of repeating them with aliases".to_owned()),
        }),
        // Any other problem is the parser's to report, with its path.
        _ => None,
    }
}

/// The line and column of the first token that looks like an alias (`*name` where a
/// value starts), to point the refusal at.
fn first_alias(text: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let bytes = line.as_bytes();
        (0..bytes.len()).find_map(|j| {
            let starts_value =
                j == 0 || matches!(bytes[j - 1], b' ' | b'\t' | b'[' | b',' | b'{' | b':');
            let names = bytes.get(j + 1).is_some_and(|b| !b.is_ascii_whitespace());
            (bytes[j] == b'*' && starts_value && names).then_some((i + 1, j + 1))
        })
    })
}

/// Visits every value of a document, aliases expanded, taking one from `left` each,
/// and fails with [`Budget::SPENT`] when none is left.
#[derive(Clone, Copy)]
struct Budget<'a> {
    left: &'a Cell<usize>,
}

impl Budget<'_> {
    const SPENT: &'static str = "expansion budget spent";

    fn spend<E: serde::de::Error>(self) -> Result<(), E> {
        match self.left.get().checked_sub(1) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => Err(E::custom(Self::SPENT)),
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Budget<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Budget<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.spend()
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.spend()
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.spend()
    }

    fn visit_i128<E: serde::de::Error>(self, _: i128) -> Result<(), E> {
        self.spend()
    }

    fn visit_u128<E: serde::de::Error>(self, _: u128) -> Result<(), E> {
        self.spend()
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.spend()
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        self.spend()
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend()
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend()
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        serde::de::DeserializeSeed::deserialize(self, deserializer)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.spend()?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.spend()?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }

    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged value (`!tag value`): the tag, then the value.
        let ((), variant) = data.variant_seed(self)?;
        serde::de::VariantAccess::newtype_variant_seed(variant, self)
    }
}

fn parse(text: &str) -> Result<SpecFile, Problem> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize::<_, SpecFile>(deserializer).map_err(|err| {
        let path = clean_path(&err.path().to_string());
        let inner = err.into_inner();
        Problem {
            path,
            location: inner.location().map(|l| (l.line(), l.column())),
            raw: inner.to_string(),
        }
    })
}

impl Problem {
    /// The diagnostic a user sees: a plain message that says what was expected and what
    /// was found, at the most useful place, with a hint.
    fn diagnostic(&self, file: &str, text: &str, places: &Locations) -> Diagnostic {
        if let Some(mut syntax) = syntax_error(&self.raw) {
            let at = syntax.location.or(self.location);
            if at.and_then(|(l, c)| char_at(text, l, c)) == Some('\t') {
                syntax.message = "a tab character is used for indentation".to_owned();
                syntax.help =
                    Some("indent with spaces: YAML does not allow tabs in indentation".to_owned());
            }
            return Diagnostic {
                file: file.to_owned(),
                path: self.path.clone(),
                location: syntax.location.or(self.location),
                message: syntax.message,
                help: syntax.help,
            };
        }
        let message = strip_location(&self.raw);
        let blank = text.lines().all(|l| {
            let l = l.trim();
            l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
        });
        if blank {
            return Diagnostic {
                file: file.to_owned(),
                path: String::new(),
                location: Some((1, 1)),
                message: "the file is empty".to_owned(),
                help: Some(
                    "a spec is a mapping that starts with `loginspec: 1`; see docs/spec-language.md"
                        .to_owned(),
                ),
            };
        }
        if message.contains("more than one document") {
            // Point at the `---` that starts the second document.
            let mut content = false;
            let second = text.lines().enumerate().find_map(|(i, line)| {
                let t = line.trim_end();
                if t == "---" || t.starts_with("--- ") {
                    if content {
                        return Some(i + 1);
                    }
                } else if !t.trim().is_empty() && !t.trim_start().starts_with('#') {
                    content = true;
                }
                None
            });
            return Diagnostic {
                file: file.to_owned(),
                path: String::new(),
                location: second.map(|line| (line, 1)),
                message: "the file holds more than one YAML document".to_owned(),
                help: Some(
                    "keep one spec per file: move what follows `---` to a file of its own"
                        .to_owned(),
                ),
            };
        }
        // serde reports a duplicate key where its mapping starts; point at the key
        // written a second time instead. A value that matched no form of an untagged
        // enum is reported where the enclosing mapping starts; point at the value.
        let location = match duplicate_key(&message) {
            Some(key) => places.key(&self.path, key, 1).or(self.location),
            None if message.starts_with("data did not match any variant") => {
                places.get(&self.path).or(self.location)
            }
            None => self.location,
        };
        // The path of a key written twice is that of the key (serde gives its mapping's).
        let path = match duplicate_key(&message) {
            Some(key) if self.path.is_empty() => key.to_owned(),
            Some(key) => format!("{}.{key}", self.path),
            None => self.path.clone(),
        };
        let (message, help) = explain(&message, &self.path);
        Diagnostic {
            file: file.to_owned(),
            path,
            location,
            message,
            help,
        }
    }

    /// The key a "missing field" problem names.
    fn missing_key(&self) -> Option<&str> {
        let rest = strip_location_ref(&self.raw).strip_prefix("missing field `")?;
        rest.split_once('`').map(|(key, _)| key)
    }

    /// The text with this problem set aside, keeping every line where it was; `None`
    /// when the problem cannot be stepped over. Keys left out are added to `left_out`
    /// as (path of their mapping, key).
    fn step_over(
        &self,
        text: &str,
        places: &Locations,
        left_out: &mut Vec<(String, String)>,
    ) -> Option<String> {
        if syntax_error(&self.raw).is_some() {
            return None;
        }
        let message = strip_location(&self.raw);
        if let Some(rest) = message
            .strip_prefix("unknown field `")
            .or_else(|| message.strip_prefix("unknown variant `"))
        {
            let (line, column) = self.location?;
            let (word, _) = rest.split_once('`')?;
            let is_key = message.starts_with("unknown field");
            let parent = parent_of(&self.path);
            if let Some(best) = suggestion(&message) {
                let taken = is_key && places.key(parent, &best, 0).is_some();
                if !taken && let Some(fixed) = replace_word(text, line, column, word, &best) {
                    return Some(fixed);
                }
            }
            if !is_key {
                return None;
            }
            let fixed = remove_block(text, line, column)?;
            left_out.push((parent.to_owned(), word.to_owned()));
            return Some(fixed);
        }
        if let Some(key) = duplicate_key(&message) {
            let (line, column) = places.key(&self.path, key, 1)?;
            return remove_block(text, line, column);
        }
        let wrong_value = ["invalid type", "invalid value", "invalid length"]
            .iter()
            .any(|p| message.starts_with(p))
            || message.starts_with("data did not match any variant");
        if wrong_value {
            let (line, column) = places.get(&self.path)?;
            let (parent, key) = match self.path.rsplit_once('.') {
                Some((parent, key)) => (parent, key),
                None => ("", self.path.as_str()),
            };
            if key.is_empty() || key.contains('[') {
                return None; // a list item: left as is
            }
            let fixed = remove_block(text, line, column)?;
            left_out.push((parent.to_owned(), key.to_owned()));
            return Some(fixed);
        }
        None
    }
}

/// The path of the mapping that holds the key at `path`.
fn parent_of(path: &str) -> &str {
    path.rsplit_once('.').map_or("", |(parent, _)| parent)
}

/// The candidates listed by an "unknown field" or "unknown variant" message, and the
/// word it is about.
fn candidates(message: &str) -> Option<(&str, Vec<&str>, &str)> {
    let (kind, rest) = if let Some(rest) = message.strip_prefix("unknown field `") {
        ("key", rest)
    } else if let Some(rest) = message.strip_prefix("unknown variant `") {
        ("value", rest)
    } else {
        return None;
    };
    let (word, expected) = rest.split_once('`')?;
    let listed: Vec<&str> = expected
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s)
        .collect();
    Some((word, listed, kind))
}

/// The closest candidate of an "unknown field" or "unknown variant" message.
fn suggestion(message: &str) -> Option<String> {
    let (word, listed, _) = candidates(message)?;
    crate::ident::closest(word, listed.iter().copied()).map(str::to_owned)
}

/// The text with `word`, written at 1-based `line` and `column` (in characters), replaced
/// by `by`; `None` when `word` is not there.
fn replace_word(text: &str, line: usize, column: usize, word: &str, by: &str) -> Option<String> {
    let start = line_start(text, line)?;
    let offset = text[start..].char_indices().nth(column.checked_sub(1)?)?.0;
    let mut at = start + offset;
    if !text[at..].starts_with(word)
        && text[at..].starts_with(['"', '\''])
        && text[at + 1..].starts_with(word)
    {
        at += 1;
    }
    if word.is_empty() || !text[at..].starts_with(word) {
        return None;
    }
    Some(format!("{}{by}{}", &text[..at], &text[at + word.len()..]))
}

/// The character at 1-based `line` and `column` (in characters).
fn char_at(text: &str, line: usize, column: usize) -> Option<char> {
    let start = line_start(text, line)?;
    text[start..].chars().nth(column.checked_sub(1)?)
}

/// Byte offset of the start of 1-based `line`.
fn line_start(text: &str, line: usize) -> Option<usize> {
    let mut start = 0;
    for _ in 1..line {
        start += text[start..].find('\n')? + 1;
    }
    Some(start)
}

/// The text with the key written at 1-based `line` and `column` left out, with the block
/// below it: its lines become empty, so every other line keeps its number. `None` when
/// the key is not the first thing on its line (a list item `- key:`, a flow mapping).
fn remove_block(text: &str, line: usize, column: usize) -> Option<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let index = line.checked_sub(1)?;
    let first = lines.get(index)?;
    let indent = first.len() - first.trim_start_matches(' ').len();
    let body = first[indent..].trim_end_matches('\r');
    if column != indent + 1 || body.starts_with(['-', '{', '[', '#']) || !body.contains(':') {
        return None;
    }
    let mut end = index + 1;
    while let Some(next) = lines.get(end) {
        let trimmed = next.trim();
        let next_indent = next.len() - next.trim_start_matches(' ').len();
        let inside = trimmed.is_empty()
            || trimmed.starts_with('#')
            || next_indent > indent
            // A block list may sit at its key's own indentation.
            || (next_indent == indent && (trimmed == "-" || trimmed.starts_with("- ")));
        if !inside {
            break;
        }
        end += 1;
    }
    // Trailing blank and comment lines belong to what follows.
    while end > index + 1 && {
        let t = lines[end - 1].trim();
        t.is_empty() || t.starts_with('#')
    } {
        end -= 1;
    }
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    out.extend(&lines[..index]);
    out.extend(std::iter::repeat_n("", end - index));
    out.extend(&lines[end..]);
    Some(out.join("\n"))
}

/// A YAML syntax error, explained.
struct Syntax {
    message: String,
    location: Option<(usize, usize)>,
    /// Where the construct the error is in starts, when libyaml says.
    context: Option<(usize, usize)>,
    help: Option<String>,
}

/// libyaml's problems, as the start of its messages.
const SYNTAX_PROBLEMS: &[&str] = &[
    "found unexpected end of stream",
    "found unexpected document indicator",
    "did not find expected",
    "mapping values are not allowed",
    "found character that cannot start any token",
    "found a tab character",
    "could not find expected ':'",
    "unknown anchor",
    "recursion limit exceeded",
    "repetition limit exceeded",
    "found undefined tag handle",
    "block sequence entries are not allowed",
    "found unknown escape character",
    "control characters are not allowed",
    "invalid leading UTF-8 octet",
    "invalid trailing UTF-8 octet",
    "found incompatible YAML document",
    "did not find URI escaped octet",
    "found an incorrect leading UTF-8 octet",
    "found extra characters",
    "found unexpected ':'",
    "found duplicate",
    "found unknown directive",
    "found a comment without a preceding whitespace",
    "invalid",
];

/// libyaml writes `<problem>[ at line L column C][, <context>[ at line L column C]]`;
/// returns the explanation of a syntax error, `None` for other messages.
fn syntax_error(raw: &str) -> Option<Syntax> {
    // A path prefix (`a.b: `) may come first.
    let body = match raw.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => rest,
        _ => raw,
    };
    let is_syntax = body.contains(", while ")
        || SYNTAX_PROBLEMS.iter().any(|p| {
            body.starts_with(p)
                && !body.starts_with("invalid type")
                && !body.starts_with("invalid value")
                && !body.starts_with("invalid length")
        });
    if !is_syntax {
        return None;
    }
    let (problem, context) = match body.split_once(", while ") {
        Some((problem, context)) => (problem, Some(context)),
        None => (body, None),
    };
    let (problem, problem_at) = cut_mark(problem);
    let (context, context_at) = match context {
        Some(c) => {
            let (c, at) = cut_mark(c);
            (Some(format!("while {c}")), at)
        }
        None => (None, None),
    };
    let started = |what: &str| match context_at {
        Some((line, _)) => format!("{what} that starts on line {line}"),
        None => what.to_owned(),
    };
    let context_text = context.as_deref().unwrap_or_default();
    let (message, location, help): (String, Option<(usize, usize)>, &str) = if problem
        == "found unexpected end of stream"
        && context_text.contains("quoted scalar")
    {
        (
            "this quoted text is never closed".to_owned(),
            context_at.or(problem_at),
            "add the closing quote at the end of the value",
        )
    } else if problem.starts_with("did not find expected ',' or ']'") {
        (
            "this `[` list is not closed".to_owned(),
            context_at.or(problem_at),
            "close the list with `]` and separate its items with `,`",
        )
    } else if problem.starts_with("did not find expected ',' or '}'") {
        (
            "this `{` mapping is not closed".to_owned(),
            context_at.or(problem_at),
            "close the mapping with `}` and separate its entries with `,`",
        )
    } else if problem.starts_with("mapping values are not allowed") {
        (
            "a `key: value` is not allowed here: this line is read as part of the value \
                 above it, or the value holds `: `"
                .to_owned(),
            problem_at,
            "quote a value that holds `: ` (`name: \"a: b\"`), or indent this line like the keys next to it",
        )
    } else if problem.starts_with("did not find expected key") {
        (
            format!("this line does not continue {}", started("the mapping")),
            problem_at,
            "keys of one mapping line up at one indentation; a list item (`- `) needs a key of its own above it",
        )
    } else if problem.starts_with("did not find expected '-' indicator") {
        (
            format!("this line does not continue {}", started("the list")),
            problem_at,
            "start each item of a list with `- `, at the same indentation as the others",
        )
    } else if problem.starts_with("found a tab character") {
        (
            "a tab character is used for indentation".to_owned(),
            problem_at,
            "indent with spaces: YAML does not allow tabs in indentation",
        )
    } else if problem.starts_with("found character that cannot start any token") {
        (
            "this character cannot start a value".to_owned(),
            problem_at,
            "quote the value: `@`, `` ` `` and `%` cannot start plain YAML text",
        )
    } else if problem.starts_with("could not find expected ':'") {
        (
            format!("{} has no `:`", started("the key")),
            context_at.or(problem_at),
            "write `key: value`, or join this line to the value above it",
        )
    } else if problem.starts_with("unknown anchor") {
        (
            "this alias (`*name`) names no anchor (`&name`) defined before it".to_owned(),
            problem_at,
            "define the anchor with `&name` on an earlier value, or write the value out",
        )
    } else if problem.starts_with("recursion limit exceeded") {
        (
            "the document nests too deeply".to_owned(),
            problem_at,
            "a spec needs only a few levels of nesting",
        )
    } else if problem.starts_with("repetition limit exceeded") {
        (
            "the aliases of the document expand to too much text".to_owned(),
            problem_at,
            "write the values out instead of nesting aliases",
        )
    } else {
        let mut message = format!("invalid YAML: {problem}");
        if let Some(c) = &context {
            message.push_str(", ");
            message.push_str(c);
            if let Some((line, column)) = context_at {
                message.push_str(&format!(" (line {line}, column {column})"));
            }
        }
        (
            message,
            problem_at,
            "check the YAML syntax of this line and of the line above it",
        )
    };
    Some(Syntax {
        message,
        location,
        context: context_at,
        help: Some(help.to_owned()),
    })
}

/// Splits ` at line L column C` off the end of a libyaml message part.
fn cut_mark(text: &str) -> (&str, Option<(usize, usize)>) {
    let Some(i) = text.rfind(" at line ") else {
        return (text, None);
    };
    let mark = &text[i + " at line ".len()..];
    let parsed = mark
        .split_once(" column ")
        .and_then(|(line, column)| Some((line.trim().parse().ok()?, column.trim().parse().ok()?)));
    match parsed {
        Some(at) => (&text[..i], Some(at)),
        None => (text, None),
    }
}

/// A serde message rewritten as "expected ..., found ...", with a hint; the hints of
/// misspelt keys and values, and of duplicate keys.
fn explain(message: &str, path: &str) -> (String, Option<String>) {
    let wrong = message
        .strip_prefix("invalid type: ")
        .map(|rest| (rest, true))
        .or_else(|| {
            message
                .strip_prefix("invalid value: ")
                .map(|rest| (rest, false))
        });
    if let Some((rest, is_type)) = wrong
        && let Some((found, expected)) = rest.rsplit_once(", expected ")
    {
        let expected_text = expected_text(expected, path);
        let help = if path.is_empty() && expected_text == "a mapping" {
            Some(
                "a spec is a mapping that starts with `loginspec: 1`; see docs/spec-language.md"
                    .to_owned(),
            )
        } else if is_type {
            type_hint(&expected_text, found)
        } else {
            None
        };
        return (
            format!("expected {expected_text}, found {}", found_text(found)),
            help,
        );
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        return (format!("wrong number of items: {rest}"), None);
    }
    if message.starts_with("data did not match any variant of untagged enum Deprecated") {
        return (
            "expected `true`, `false` or a note saying why (text)".to_owned(),
            Some("write `deprecated: true` or `deprecated: \"use ... instead\"`".to_owned()),
        );
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split_once('`').map_or(rest, |(k, _)| k);
        let what = if path.is_empty() {
            "the spec".to_owned()
        } else {
            format!("`{path}`")
        };
        return (
            format!("the required key `{key}` is missing from {what}"),
            Some(format!("add `{key}:` to this mapping")),
        );
    }
    if let Some(key) = duplicate_key(message) {
        return (
            format!("duplicate key `{key}`: each key may appear once in a mapping"),
            Some(format!(
                "keep one `{key}:` and merge what the two say, or rename one"
            )),
        );
    }
    (message.to_owned(), hint_for(message))
}

/// The expected type of a serde message, in spec words.
fn expected_text(expected: &str, path: &str) -> String {
    let last = path.rsplit('.').next().unwrap_or_default();
    if path == "loginspec" {
        return "the version of the spec language, `1`".to_owned();
    }
    match expected {
        "u16" if last == "status" => "an HTTP status code (a whole number, 100 to 599)".to_owned(),
        "u16" => "a whole number from 0 to 65535".to_owned(),
        "u32" => "a whole number from 0 to 4294967295".to_owned(),
        "u64" => "a whole number".to_owned(),
        "a boolean" => "`true` or `false`".to_owned(),
        "a sequence" => "a list".to_owned(),
        "a string or integer key" => "a key (text or a number)".to_owned(),
        e if e.starts_with("struct ")
            || e.starts_with("internally tagged enum")
            || e.starts_with("a mapping") =>
        {
            "a mapping".to_owned()
        }
        e => e.to_owned(),
    }
}

/// The found value of a serde message, in spec words.
fn found_text(found: &str) -> String {
    if let Some(text) = found.strip_prefix("string ") {
        return format!("the text {text}");
    }
    for (prefix, what) in [
        ("integer ", "the number "),
        ("floating point ", "the number "),
        ("boolean ", ""),
    ] {
        if let Some(value) = found.strip_prefix(prefix) {
            return format!("{what}`{}`", value.trim_matches('`'));
        }
    }
    match found {
        "sequence" => "a list".to_owned(),
        "map" => "a mapping".to_owned(),
        "unit value" => "nothing (an empty value)".to_owned(),
        other => other.to_owned(),
    }
}

/// A hint for a value of the wrong type.
fn type_hint(expected: &str, found: &str) -> Option<String> {
    let text = found
        .strip_prefix("string \"")
        .and_then(|s| s.strip_suffix('"'));
    Some(match expected {
        e if e.starts_with("the version") => "write `loginspec: 1`".to_owned(),
        "`true` or `false`" => match text {
            Some(t)
                if ["yes", "no", "on", "off", "y", "n"]
                    .contains(&t.to_ascii_lowercase().as_str()) =>
            {
                format!("YAML 1.2 reads `{t}` as text: write `true` or `false`")
            }
            _ => "write `true` or `false`, without quotes".to_owned(),
        },
        e if e.contains("whole number") => match text {
            Some(t) if t.trim().parse::<u64>().is_ok() => {
                format!("write the number without quotes: `{}`", t.trim())
            }
            _ => "write a whole number, without quotes".to_owned(),
        },
        "a list" => "write a list: `[a, b]`, or one `- item` per line".to_owned(),
        "a mapping" => "write `key: value` lines below it, indented".to_owned(),
        "a string" => "quote the value if it is text: `\"...\"`".to_owned(),
        _ => return None,
    })
}

/// serde_path_to_error writes `.` for the document root and `?` for unknown parts.
fn clean_path(path: &str) -> String {
    let path = path.trim_end_matches(".?");
    if path == "." || path == "?" {
        String::new()
    } else {
        path.to_owned()
    }
}

/// serde_yaml writes "path: message at line L column C"; path and location are shown
/// separately, so only the message is kept.
fn strip_location(message: &str) -> String {
    strip_location_ref(message).to_owned()
}

fn strip_location_ref(message: &str) -> &str {
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    match message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => rest,
        _ => message,
    }
}

/// A suggestion for the commonest serde messages: a misspelt key or variant.
fn hint_for(message: &str) -> Option<String> {
    // "unknown field `requird`, expected one of `type`, `required`, ..."
    // "unknown variant `baisc`, expected one of `basic`, `bearer`, ..."
    let (word, listed, kind) = candidates(message)?;
    match crate::ident::closest(word, listed.iter().copied()) {
        Some(best) => Some(format!("did you mean the {kind} `{best}`?")),
        None if message.contains("there are no fields") => {
            Some("this mapping takes no keys".to_owned())
        }
        None => Some(format!(
            "remove `{word}` or use one of the {kind}s listed above"
        )),
    }
}

/// The key named by a duplicate-key message: `duplicate key `a`: ...` (from [`Map`]) or
/// `duplicate field `a`` (from serde's derived structs).
///
/// [`Map`]: crate::spec::Map
fn duplicate_key(message: &str) -> Option<&str> {
    let rest = message
        .strip_prefix("duplicate key `")
        .or_else(|| message.strip_prefix("duplicate field `"))?;
    rest.split_once('`').map(|(key, _)| key)
}

/// Where each key and list item of block-style source is, by YAML path, found in one
/// scan of the text: locating a problem is then a lookup, so the time to report many
/// problems grows with their number, not with their number times the file's length.
///
/// A key is located at its first character; a list item just after its `-`. A path
/// written more than once (a duplicate key) keeps every place, in order. Flow style
/// (`{a: 1}`, `[1, 2]`) is not followed.
#[derive(Debug, Default)]
pub struct Locations {
    at: HashMap<Vec<Segment>, Vec<(usize, usize)>>,
}

impl Locations {
    /// Scans `source`.
    pub fn new(source: &str) -> Self {
        /// A key or list item whose block may hold the lines that follow.
        struct Open {
            indent: usize,
            path: Vec<Segment>,
            is_item: bool,
            items: usize,
        }
        let mut open: Vec<Open> = Vec::new();
        let mut root_items = 0;
        let mut at: HashMap<Vec<Segment>, Vec<(usize, usize)>> = HashMap::new();
        for (i, line) in source.lines().enumerate() {
            let mut body = line.trim_start();
            if body.is_empty() || body.starts_with('#') {
                continue;
            }
            let mut indent = line.len() - body.len();
            // List items, possibly nested on one line (`- - a`).
            while body == "-" || body.starts_with("- ") {
                // An item ends its earlier siblings and what they hold; a key at the
                // same indent is the list's own key (`key:` then `- a` below it).
                while open
                    .last()
                    .is_some_and(|o| o.indent > indent || (o.indent == indent && o.is_item))
                {
                    open.pop();
                }
                let (n, mut path) = match open.last_mut() {
                    Some(parent) => {
                        parent.items += 1;
                        (parent.items - 1, parent.path.clone())
                    }
                    None => {
                        root_items += 1;
                        (root_items - 1, Vec::new())
                    }
                };
                path.push(Segment::Index(n));
                at.entry(path.clone())
                    .or_default()
                    .push((i + 1, indent + 2));
                open.push(Open {
                    indent,
                    path,
                    is_item: true,
                    items: 0,
                });
                let rest = &body[1..];
                let content = rest.trim_start();
                indent += 1 + rest.len() - content.len();
                body = content;
            }
            let Some(key) = key_of(body) else {
                continue; // a scalar, or a line of a multi-line one
            };
            while open.last().is_some_and(|o| o.indent >= indent) {
                open.pop();
            }
            let mut path = open.last().map(|o| o.path.clone()).unwrap_or_default();
            path.push(Segment::Key(key.to_owned()));
            at.entry(path.clone())
                .or_default()
                .push((i + 1, indent + 1));
            open.push(Open {
                indent,
                path,
                is_item: false,
                items: 0,
            });
        }
        Locations { at }
    }

    /// Where `path` (`a.b[2].c`) is written first.
    pub fn get(&self, path: &str) -> Option<(usize, usize)> {
        self.at.get(&split_path(path)?)?.first().copied()
    }

    /// Where `key` is written the `n`th time (from 0) directly in the mapping at `path`.
    pub fn key(&self, path: &str, key: &str, n: usize) -> Option<(usize, usize)> {
        let mut segments = split_path(path)?;
        segments.push(Segment::Key(key.to_owned()));
        self.at.get(&segments)?.get(n).copied()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Segment {
    Key(String),
    Index(usize),
}

/// The segments of a path (`a.b[2].c`); `None` when a part is not a name with item
/// indexes.
fn split_path(path: &str) -> Option<Vec<Segment>> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (name, items) = parse_segment(part)?;
        if !name.is_empty() {
            out.push(Segment::Key(name.to_owned()));
        }
        out.extend(items.into_iter().map(Segment::Index));
    }
    Some(out)
}

/// One part of a path, `name[0][1]`, as its name (possibly empty) and item indexes;
/// `None` when it is not that form.
pub(crate) fn parse_segment(segment: &str) -> Option<(&str, Vec<usize>)> {
    let (name, mut rest) = segment.split_at(segment.find('[').unwrap_or(segment.len()));
    let mut items = Vec::new();
    while !rest.is_empty() {
        let (index, after) = rest.strip_prefix('[')?.split_once(']')?;
        items.push(index.parse().ok()?);
        rest = after;
    }
    Some((name, items))
}

fn key_of(line: &str) -> Option<&str> {
    let (key, _) = line.split_once(':')?;
    let key = key.trim();
    let key = key
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
        .unwrap_or(key);
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "\
loginspec: 1
service:
  name: x
endpoints:
  login:
    method: POST
    body:
      fields:
        name:
          type: strin
    examples:
      - name: a
        request: {}
      - name: b
        response:
          status: 200
";

    #[test]
    fn locate_follows_keys_and_indices() {
        assert_eq!(Locations::new(SRC).get("service.name"), Some((3, 3)));
        assert_eq!(
            Locations::new(SRC).get("endpoints.login.body.fields.name.type"),
            Some((10, 11))
        );
        assert_eq!(
            Locations::new(SRC).get("endpoints.login.examples[1].response.status"),
            Some((16, 11))
        );
        assert_eq!(
            Locations::new(SRC).get("endpoints.login.examples[1]"),
            Some((14, 8))
        );
        assert_eq!(Locations::new(SRC).get("endpoints.logout"), None);
    }

    #[test]
    fn unknown_key_gets_a_did_you_mean() {
        let mut diags = Diagnostics::default();
        let src = SRC.replace("type: strin", "tpye: string");
        assert!(load_str("x.yaml", src, &mut diags).is_none());
        let d = diags.iter().next().expect("one diagnostic");
        assert_eq!(d.path, "endpoints.login.body.fields.name.tpye");
        assert_eq!(d.location, Some((10, 11)));
        assert!(
            d.message.starts_with("unknown field `tpye`"),
            "{}",
            d.message
        );
        assert_eq!(d.help.as_deref(), Some("did you mean the key `type`?"));
    }

    #[test]
    fn duplicate_keys_are_refused() {
        let mut diags = Diagnostics::default();
        let src = "loginspec: 1\nservice:\n  name: x\nendpoints:\n  a:\n    method: GET\n    path: /\n    responses: {}\n  a:\n    method: GET\n    path: /\n    responses: {}\n";
        assert!(load_str("x.yaml", src.to_owned(), &mut diags).is_none());
        let d = diags.iter().next().expect("one diagnostic");
        assert!(d.message.contains("duplicate key `a`"), "{}", d.message);
        assert_eq!(d.path, "endpoints.a");
        assert_eq!(d.location, Some((9, 3)));
    }

    #[test]
    fn duplicate_struct_keys_point_at_the_second_key() {
        let mut diags = Diagnostics::default();
        let src = "loginspec: 1\nservice:\n  name: x\n  name: y\nendpoints: {}\n";
        assert!(load_str("x.yaml", src.to_owned(), &mut diags).is_none());
        let d = diags.iter().next().expect("one diagnostic");
        assert_eq!(
            d.message,
            "duplicate key `name`: each key may appear once in a mapping"
        );
        assert_eq!(
            (d.path.as_str(), d.location),
            ("service.name", Some((4, 3)))
        );
    }

    #[test]
    fn locations_follow_lists_at_the_key_indent_and_nested_items() {
        let src = "a:\n- x: 1\n  y: 2\n-   x: 3\nb:\n  - - c: 4\n    - c: 5\n  -\n    c: 6\n";
        let at = Locations::new(src);
        assert_eq!(at.get("a[0].y"), Some((3, 3)));
        assert_eq!(at.get("a[1]"), Some((4, 2)));
        assert_eq!(at.get("a[1].x"), Some((4, 5)));
        assert_eq!(at.get("b"), Some((5, 1)));
        assert_eq!(at.get("b[0][0].c"), Some((6, 7)));
        assert_eq!(at.get("b[0][1].c"), Some((7, 7)));
        assert_eq!(at.get("b[1].c"), Some((9, 5)));
        assert_eq!(at.get("b[2]"), None);
        assert_eq!(at.get(""), None);
    }

    /// A spec whose field example is an anchored list of `list` numbers, then `aliases`
    /// more fields whose examples repeat it ten times each.
    fn aliased_examples(list: usize, aliases: usize) -> String {
        let mut src = String::from(
            "loginspec: 1\nservice:\n  name: x\n  base_url: https://example.com\nendpoints:\n  login:\n    method: POST\n    path: /\n    body:\n      fields:\n        a:\n          type: array\n          items: {type: integer}\n          example: &a [",
        );
        src.push_str(&vec!["1"; list].join(","));
        src.push_str("]\n");
        for i in 0..aliases {
            src.push_str(&format!(
                "        f{i}:\n          type: array\n          items: {{type: array, items: {{type: integer}}}}\n          example: [{}]\n",
                ["*a"; 10].join(",")
            ));
        }
        src.push_str("    responses:\n      200: {}\n");
        src
    }

    #[test]
    fn aliases_that_multiply_the_document_are_refused_before_it_is_built() {
        // 1,000 numbers repeated 10 times by each of 200 fields: 2 million values from
        // 40 KB of text.
        let src = aliased_examples(1000, 200);
        let mut diags = Diagnostics::default();
        assert!(load_str("x.yaml", src, &mut diags).is_none());
        let all: Vec<_> = diags.iter().collect();
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(
            all[0].message,
            format!("the aliases of the document expand to more than {MAX_EXPANDED_VALUES} values")
        );
        assert_eq!(all[0].location, Some((18, 21)));
    }

    #[test]
    fn aliases_that_repeat_a_value_a_few_times_are_read() {
        let src = aliased_examples(5, 3);
        let mut diags = Diagnostics::default();
        let loaded = load_str("x.yaml", src, &mut diags);
        assert!(loaded.is_some(), "{diags:?}");
    }

    /// The messages of the problems of `src`.
    fn messages(src: String) -> Vec<String> {
        let mut diags = Diagnostics::default();
        load_str("x.yaml", src, &mut diags);
        diags.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn deep_flow_nesting_is_found_past_quotes_that_are_not_quotes_and_properties() {
        let deep =
            |open: &str, close: &str| format!("{}1{}", open.repeat(1000), close.repeat(1000));
        // The scan itself, which runs before the parser (whose own depth limit would
        // give the same message, after the time the scan is there to save).
        let too_deep = |src: String| too_large("x.yaml", &src).is_some();
        // `a -'` is plain text: the `'` opens no quote.
        assert!(too_deep(format!("x: a -'\ny: {}\n", deep("[", "]"))));
        // A plain scalar that goes on over lines: its `'` opens no quote either.
        assert!(too_deep(format!("x: abc\n  'def\ny: {}\n", deep("[", "]"))));
        // A quoted `]` after an anchor or a tag is no closing bracket.
        assert!(too_deep(format!("y: {}\n", deep("[ &a \"]\", ", "]"))));
        assert!(too_deep(format!("y: {}\n", deep("[ !t \"]\", ", "]"))));
        // Nor is one in a JSON-like `"k":"]"`, or in a comment.
        assert!(too_deep(format!("y: {}\n", deep("[{\"k\":\"]\"}, ", "]"))));
        assert!(too_deep(format!("y: {}\n", deep("[ # ]\n", "]"))));
        // A block scalar is text: its quotes open nothing.
        assert!(too_deep(format!("x: |\n  it's\ny: {}\n", deep("[", "]"))));
        // What specs write is not refused.
        assert!(!too_deep(
            "x: it's [a] 'b'\ny: [\"[\", '[', {k: \"{\"}] # [[[\nz: |\n  [[[ \"\n".to_owned()
        ));
    }

    #[test]
    fn aliases_are_counted_wherever_they_stand() {
        let mut src = String::from("x: &a [");
        src.push_str(&vec!["1"; 1000].join(","));
        src.push_str("]\ny: [");
        src.push_str(&vec![r#"{"k":*a}"#; 200].join(","));
        src.push_str("]\n");
        assert!(
            messages(src)
                .iter()
                .any(|m| m.starts_with("the aliases of the document expand")),
        );
    }

    #[test]
    fn locate_key_finds_a_later_sibling() {
        let src = "a:\n  b: 1\n  c:\n    b: 2\n  b: 3\n";
        assert_eq!(Locations::new(src).key("a", "b", 0), Some((2, 3)));
        assert_eq!(Locations::new(src).key("a", "b", 1), Some((5, 3)));
        assert_eq!(Locations::new(src).key("a", "b", 2), None);
    }
}
#[cfg(test)]
mod bundled {
    #[test]
    fn bundled_specs_parse() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        for path in super::spec_files(&dir).unwrap() {
            let mut diags = crate::diag::Diagnostics::default();
            let loaded = super::load_file(&path, &path.display().to_string(), &mut diags);
            assert!(loaded.is_some(), "{:?}", diags);
        }
    }
}
