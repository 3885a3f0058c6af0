//! Diagnostics: every problem found in the specs, with where it is and how to fix it.
//!
//! Stages push to [`Diagnostics`] and carry on; the pipeline stops only between
//! stages, so a user sees every problem of every file at once.
//!
//! A [`Report`] prints two ways: [`Display`](fmt::Display) gives one short block per
//! problem (`error: file:line:column: yaml.path`, the message, the help), and
//! [`Report::render`] shows each problem with the line of the spec it is on and a caret
//! under the offending key or value, as `cargo build` and the `loginspec-codegen`
//! command print it.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

/// One problem in a spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec file, as given to the generator.
    pub file: String,
    /// Path of the offending value in the YAML document (`endpoints.login.body`).
    pub path: String,
    /// 1-based line and column, when known.
    pub location: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is something to say.
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.file)?;
        if let Some((line, col)) = self.location {
            write!(f, ":{line}:{col}")?;
        }
        if !self.path.is_empty() {
            write!(f, ": {}", self.path)?;
        }
        write!(f, "\n  {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl Diagnostic {
    /// The problem with the line of `source` it is on and a caret under the offending
    /// key or value; without `source` (or a location), the file, line and path only.
    /// `styled` adds terminal colours.
    pub fn render(&self, source: Option<&str>, styled: bool) -> String {
        let renderer = if styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let message = clean(&self.message);
        let path = clean(&self.path);
        let at = (!path.is_empty()).then(|| format!("at `{path}`"));
        let help = self.help.as_deref().map(clean);
        let group = Level::ERROR.primary_title(message.as_str());
        let span = source
            .zip(self.location)
            .map(|(s, (l, c))| (s, span(s, l, c)));
        match span {
            Some((source, span)) => {
                let snippet = Snippet::source(source).path(self.file.as_str()).annotation(
                    AnnotationKind::Primary
                        .span(span)
                        .label(at.as_deref().unwrap_or_default()),
                );
                let mut g = group.element(snippet);
                if let Some(help) = &help {
                    g = g.element(Level::HELP.message(help.as_str()));
                }
                renderer.render(&[g])
            }
            None => {
                let mut origin = Origin::path(self.file.as_str());
                if let Some((line, col)) = self.location {
                    origin = origin.line(line).char_column(col);
                }
                let mut g: Group<'_> = group.element(origin);
                if let Some(at) = &at {
                    g = g.element(Level::NOTE.message(at.as_str()));
                }
                if let Some(help) = &help {
                    g = g.element(Level::HELP.message(help.as_str()));
                }
                renderer.render(&[g])
            }
        }
    }
}

/// The text of a message with control characters shown as `\u{..}` escapes, so that a
/// name in a spec cannot move the cursor or colour a terminal.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// The byte range to underline for a problem at 1-based `line` and `column` (in
/// characters): a key written alone (`fields:`) is underlined without its colon; a
/// `key: value` line, or a value, to the end of the line, without a trailing comment.
/// Always a valid range of `source` on character boundaries.
fn span(source: &str, line: usize, column: usize) -> Range<usize> {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match source[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return source.len()..source.len(),
        }
    }
    let end_of_line = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    let text = source[start..end_of_line].trim_end_matches('\r');
    let from = text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    // A list item is located just after its `-`: start at the item itself.
    let from = from + (text[from..].len() - text[from..].trim_start().len());
    let rest = &text[from..];
    let rest = match rest.find(" #") {
        Some(i) if !rest.starts_with('#') => &rest[..i],
        _ => rest,
    };
    let rest = rest.trim_end();
    let len = match rest.strip_suffix(':') {
        Some(key) if !key.is_empty() && !key.contains(": ") => key.len(),
        _ => rest.len(),
    };
    let len = if len == 0 {
        // Nothing printable there (end of file, an empty line): one character at most.
        text[from..].chars().next().map_or(0, char::len_utf8)
    } else {
        len
    };
    start + from..start + from + len
}

/// Every problem found so far, in the order found, and the text of the files they are
/// in (for [`Report::render`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    sources: BTreeMap<String, String>,
}

impl Diagnostics {
    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Keeps the text of `file`, so that its problems are shown with their source line.
    pub fn add_source(&mut self, file: &str, source: impl Into<String>) {
        self.sources.insert(file.to_owned(), source.into());
    }

    /// Whether the text of `file` is kept.
    pub fn has_source(&self, file: &str) -> bool {
        self.sources.contains_key(file)
    }

    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether no problem was found.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The problems found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Moves all problems (and kept sources) of `other` into `self`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        self.sources.extend(other.sources);
    }

    /// Turns the problems into a report sorted by file, then line, then path.
    pub fn into_report(mut self) -> Report {
        self.items.sort_by(|a, b| {
            (
                a.file.as_str(),
                a.location.unwrap_or((usize::MAX, 0)),
                a.path.as_str(),
            )
                .cmp(&(
                    b.file.as_str(),
                    b.location.unwrap_or((usize::MAX, 0)),
                    b.path.as_str(),
                ))
        });
        let files: Vec<&str> = self.items.iter().map(|d| d.file.as_str()).collect();
        self.sources
            .retain(|file, _| files.contains(&file.as_str()));
        Report {
            diagnostics: self.items,
            sources: self.sources,
        }
    }
}

/// Why generation failed: every problem in every spec, sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The problems, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of the files the problems are in, when known.
    sources: BTreeMap<String, String>,
}

impl Report {
    /// A report of `diagnostics` (sorted as given), without source text.
    pub fn new(diagnostics: Vec<Diagnostic>) -> Self {
        Report {
            diagnostics,
            sources: BTreeMap::new(),
        }
    }

    /// The text of `file`, when the report keeps it.
    pub fn source(&self, file: &str) -> Option<&str> {
        self.sources.get(file).map(String::as_str)
    }

    /// Every problem with its source line and a caret, then the count: the text
    /// `cargo build` and `loginspec-codegen check` print. Plain text, no colours.
    pub fn render(&self) -> String {
        self.render_with(false)
    }

    /// As [`Report::render`], with terminal colours.
    pub fn render_styled(&self) -> String {
        self.render_with(true)
    }

    fn render_with(&self, styled: bool) -> String {
        let mut out = String::new();
        for d in self.diagnostics.iter().take(Self::MAX_SHOWN) {
            out.push_str(&d.render(self.source(&d.file), styled));
            out.push_str("\n\n");
        }
        out.push_str(&self.count());
        out
    }

    /// The most problems a report shows; every problem is still found and counted.
    pub const MAX_SHOWN: usize = 100;

    /// `1 problem found`, `3 problems found`, and past [`Report::MAX_SHOWN`] how many are
    /// not shown.
    fn count(&self) -> String {
        let n = self.diagnostics.len();
        let found = format!("{n} problem{} found", if n == 1 { "" } else { "s" });
        match n.checked_sub(Self::MAX_SHOWN) {
            Some(hidden) if hidden > 0 => format!(
                "{found}; the first {} are shown, {hidden} more are not (fix these and check again)",
                Self::MAX_SHOWN
            ),
            _ => found,
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().take(Self::MAX_SHOWN).enumerate() {
            if i > 0 {
                f.write_str("\n\n")?;
            }
            write!(f, "{d}")?;
        }
        write!(f, "\n\n{}", self.count())
    }
}

impl std::error::Error for Report {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_stay_inside_the_source() {
        let src = "a:\n  key: value # note\n  block:\n  é: ü\r\n";
        assert_eq!(&src[span(src, 2, 3)], "key: value");
        assert_eq!(&src[span(src, 2, 8)], "value");
        assert_eq!(&src[span(src, 3, 3)], "block");
        assert_eq!(&src[span(src, 4, 3)], "é: ü");
        assert_eq!(&src[span(src, 4, 6)], "ü");
        for line in 0..8 {
            for col in 0..20 {
                let r = span(src, line, col);
                assert!(src.get(r.clone()).is_some(), "{line}:{col} gives {r:?}");
            }
        }
        assert_eq!(span("", 3, 3), 0..0);
    }

    #[test]
    fn rendering_shows_the_line_and_the_help() {
        let d = Diagnostic {
            file: "specs/x.yaml".to_owned(),
            path: "service.name".to_owned(),
            location: Some((2, 3)),
            message: "bad \u{1b}name".to_owned(),
            help: Some("rename it".to_owned()),
        };
        let text = d.render(Some("service:\n  name: x\n"), false);
        assert!(text.contains("--> specs/x.yaml:2:3"), "{text}");
        assert!(text.contains("name: x"), "{text}");
        assert!(text.contains("^^^^^^^ at `service.name`"), "{text}");
        assert!(text.contains("help: rename it"), "{text}");
        assert!(text.contains("bad \\u{1b}name"), "{text}");
        let bare = d.render(None, false);
        assert!(bare.contains("specs/x.yaml:2:3"), "{bare}");
    }

    #[test]
    fn a_report_shows_the_first_problems_and_counts_them_all() {
        let diagnostics: Vec<Diagnostic> = (0..150)
            .map(|i| Diagnostic {
                file: "specs/a.yaml".to_owned(),
                path: format!("endpoints.e{i}"),
                location: Some((i + 1, 1)),
                message: format!("problem {i}"),
                help: Some("fix it".to_owned()),
            })
            .collect();
        let report = Report::new(diagnostics);
        for text in [report.render(), report.to_string()] {
            assert!(text.contains("problem 99"), "{text}");
            assert!(!text.contains("problem 100"), "{text}");
            assert!(text.ends_with(
                "150 problems found; the first 100 are shown, 50 more are not (fix these and check again)"
            ));
        }
        assert_eq!(report.diagnostics.len(), 150, "every problem is kept");
    }
}
