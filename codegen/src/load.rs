//! Stage 1: read spec files and parse them into [`spec::SpecFile`](crate::spec::SpecFile).
//!
//! Takes paths or text; returns the parsed spec with its source text (kept so later
//! stages can point at lines), or diagnostics with the YAML path and the line and
//! column that serde_yaml reports. This module and `write` are the only ones that do I/O,
//! and this is the only one that uses serde_yaml.

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
pub fn load_str(file: &str, source: String, diags: &mut Diagnostics) -> Option<Loaded> {
    let deserializer = serde_yaml::Deserializer::from_str(&source);
    match serde_path_to_error::deserialize::<_, SpecFile>(deserializer) {
        Ok(spec) => Some(Loaded {
            file: file.to_owned(),
            source,
            spec,
        }),
        Err(err) => {
            let path = clean_path(&err.path().to_string());
            let inner = err.into_inner();
            let location = inner.location().map(|l| (l.line(), l.column()));
            let message = strip_location(&inner.to_string());
            // serde reports a duplicate key where its mapping starts; point at the key
            // written a second time instead.
            let location = duplicate_key(&message)
                .and_then(|key| locate_key(&source, &path, key, 1))
                .or(location);
            let help = hint_for(&message);
            diags.push(Diagnostic {
                file: file.to_owned(),
                path,
                location,
                message,
                help,
            });
            diags.add_source(file, source);
            None
        }
    }
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
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    match message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => rest.to_owned(),
        _ => message.to_owned(),
    }
}

/// A suggestion for the commonest serde messages: a misspelt key or variant.
fn hint_for(message: &str) -> Option<String> {
    // "unknown field `requird`, expected one of `type`, `required`, ..."
    // "unknown variant `baisc`, expected one of `basic`, `bearer`, ..."
    let (kind, rest) = if let Some(rest) = message.strip_prefix("unknown field `") {
        ("key", rest)
    } else if let Some(rest) = message.strip_prefix("unknown variant `") {
        ("value", rest)
    } else {
        return None;
    };
    let (word, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s)
        .collect();
    match crate::ident::closest(word, candidates.iter().copied()) {
        Some(best) => Some(format!("did you mean the {kind} `{best}`?")),
        None if expected.contains("there are no fields") => {
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

/// Finds the line and column of a YAML path in block-style source, for problems found
/// after parsing. Returns `None` when the path cannot be followed (flow style, aliases).
pub fn locate(source: &str, path: &str) -> Option<(usize, usize)> {
    locate_segments(source, &split_path(path), 0)
}

/// Finds the `n`th (from 0) occurrence of `key` directly in the mapping at `path`, as
/// [`locate`] does; for a key written more than once.
pub fn locate_key(source: &str, path: &str, key: &str, n: usize) -> Option<(usize, usize)> {
    let mut segments = split_path(path);
    segments.push(Segment::Key(key.to_owned()));
    locate_segments(source, &segments, n)
}

/// Follows `segments`; the last key is taken at its `nth` occurrence among siblings.
fn locate_segments(source: &str, segments: &[Segment], nth: usize) -> Option<(usize, usize)> {
    let mut found: Option<(usize, usize)> = None;
    let mut start = 0; // first line index to search from
    let mut min_indent: Option<usize> = None; // keys must be deeper than this
    let lines: Vec<&str> = source.lines().collect();
    for (depth, segment) in segments.iter().enumerate() {
        let last = depth + 1 == segments.len();
        let mut skip = if last { nth } else { 0 };
        let mut hit = None;
        let mut seen_indent: Option<usize> = None;
        for (i, line) in lines.iter().enumerate().skip(start) {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = line.len() - trimmed.len();
            if let Some(min) = min_indent
                && indent <= min
                && i > start
            {
                break; // left the parent block
            }
            match segment {
                Segment::Key(key) => {
                    let body = trimmed.strip_prefix("- ").unwrap_or(trimmed);
                    let indent = indent + (trimmed.len() - body.len());
                    if seen_indent.is_some_and(|s| indent > s) {
                        continue; // inside a sibling's block
                    }
                    seen_indent.get_or_insert(indent);
                    if key_of(body) == Some(key.as_str()) {
                        if skip > 0 {
                            skip -= 1;
                            continue;
                        }
                        hit = Some((i, indent));
                        break;
                    }
                }
                Segment::Index(n) => {
                    if !trimmed.starts_with("- ") && trimmed != "-" {
                        continue;
                    }
                    if seen_indent.is_some_and(|s| indent != s) {
                        continue;
                    }
                    seen_indent.get_or_insert(indent);
                    let count = lines[start..i]
                        .iter()
                        .filter(|l| {
                            let t = l.trim_start();
                            l.len() - t.len() == indent && (t.starts_with("- ") || t == "-")
                        })
                        .count();
                    if count == *n {
                        // The item's own keys sit after "- ".
                        hit = Some((i, indent + 1));
                        break;
                    }
                }
            }
        }
        let (line, indent) = hit?;
        found = Some((line + 1, indent + 1));
        start = line;
        min_indent = Some(indent);
        if let Segment::Key(_) = segment {
            start = line + 1;
            // A value on the same line as its key (`key: value`) has no block below.
        }
    }
    found
}

enum Segment {
    Key(String),
    Index(usize),
}

fn split_path(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            out.push(Segment::Key(name.to_owned()));
        }
        while let Some(end) = rest.find(']') {
            if let Ok(n) = rest[1..end].parse() {
                out.push(Segment::Index(n));
            }
            rest = &rest[end + 1..];
        }
    }
    out
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
        assert_eq!(locate(SRC, "service.name"), Some((3, 3)));
        assert_eq!(
            locate(SRC, "endpoints.login.body.fields.name.type"),
            Some((10, 11))
        );
        assert_eq!(
            locate(SRC, "endpoints.login.examples[1].response.status"),
            Some((16, 11))
        );
        assert_eq!(locate(SRC, "endpoints.login.examples[1]"), Some((14, 8)));
        assert_eq!(locate(SRC, "endpoints.logout"), None);
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
        assert_eq!(d.path, "endpoints");
        assert_eq!(d.location, Some((9, 3)));
    }

    #[test]
    fn duplicate_struct_keys_point_at_the_second_key() {
        let mut diags = Diagnostics::default();
        let src = "loginspec: 1\nservice:\n  name: x\n  name: y\nendpoints: {}\n";
        assert!(load_str("x.yaml", src.to_owned(), &mut diags).is_none());
        let d = diags.iter().next().expect("one diagnostic");
        assert_eq!(d.message, "duplicate field `name`");
        assert_eq!((d.path.as_str(), d.location), ("service", Some((4, 3))));
    }

    #[test]
    fn locate_key_finds_a_later_sibling() {
        let src = "a:\n  b: 1\n  c:\n    b: 2\n  b: 3\n";
        assert_eq!(locate_key(src, "a", "b", 0), Some((2, 3)));
        assert_eq!(locate_key(src, "a", "b", 1), Some((5, 3)));
        assert_eq!(locate_key(src, "a", "b", 2), None);
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
