//! Diagnostics: every problem found in the specs, with where it is and how to fix it.
//!
//! Stages push to [`Diagnostics`] and carry on; the pipeline stops only between
//! stages, so a user sees every problem of every file at once.

use std::fmt;

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

/// Every problem found so far, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Whether no problem was found.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The problems found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Moves all problems of `other` into `self`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
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
        Report {
            diagnostics: self.items,
        }
    }
}

/// Why generation failed: every problem in every spec, sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The problems, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                f.write_str("\n\n")?;
            }
            write!(f, "{d}")?;
        }
        let n = self.diagnostics.len();
        write!(f, "\n\n{n} problem{} found", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Report {}
