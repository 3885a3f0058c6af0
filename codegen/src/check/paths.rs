//! Paths to a field inside a body (`account.tier`, `errors[0].code`), resolved against
//! the checked objects: for the session's fields of the login answer and for the error
//! code and message of an error body.

use super::Checker;
use crate::ir::{self, Type};
use crate::load::parse_segment;

/// A path segment that names no field of its object, for the caller's message.
pub(super) struct Missing<'a> {
    /// The path's segments as written.
    pub segments: &'a [&'a str],
    /// Which of them was not found.
    pub at: usize,
    /// The name looked for (the segment without its `[N]`).
    pub name: &'a str,
    /// The wire names of the object's fields.
    pub names: Vec<String>,
}

impl Checker<'_> {
    /// Resolves `wire` (field names joined by `.`; with `items`, each may take array
    /// items, `errors[0]`) from the object `object`. A field left out because of its own
    /// problem is not reported again; a field that is not there is reported at `path`
    /// with the message and help `missing` gives; a step into something that is not an
    /// object, an item of something that is not an array and a malformed segment are
    /// reported here.
    pub(super) fn field_at(
        &mut self,
        object: usize,
        wire: &str,
        path: &str,
        items: bool,
        missing: impl FnOnce(&Missing<'_>) -> (String, String),
    ) -> Option<ir::FieldPath> {
        let mut object = object;
        let segments: Vec<&str> = wire.split('.').collect();
        let mut steps = Vec::new();
        for (i, segment) in segments.iter().enumerate() {
            let written = segments[..=i].join(".");
            let (name, indexes) = if items {
                match parse_segment(segment).filter(|(name, _)| !name.is_empty()) {
                    Some(parsed) => parsed,
                    None => {
                        self.error(
                            path,
                            format!("`{segment}` is not a field name with optional item indexes"),
                            Some("write the path as field names joined by `.`, an array item as `name[0]`: `error.code`, `errors[0].code`".to_owned()),
                        );
                        return None;
                    }
                }
            } else {
                (*segment, Vec::new())
            };
            let fields = &self.objects[object].fields;
            let Some(field) = fields.iter().find(|f| f.name.wire == name) else {
                if self.dropped[object].iter().any(|d| d == name) {
                    return None; // the field's own problem is already reported
                }
                let names = fields.iter().map(|f| f.name.wire.clone()).collect();
                let (message, help) = missing(&Missing {
                    segments: &segments,
                    at: i,
                    name,
                    names,
                });
                self.error(path, message, Some(help));
                return None;
            };
            let mut ty = field.ty.clone();
            steps.push(ir::PathStep {
                rust: field.name.rust.clone(),
                optional: !field.required,
                items: indexes.clone(),
            });
            for _ in &indexes {
                let Type::Array(item) = ty else {
                    self.error(
                        path,
                        format!(
                            "`{name}` is not an `array`, so `{written}` cannot take an item of it"
                        ),
                        Some(format!("write `{name}` without `[...]`")),
                    );
                    return None;
                };
                ty = *item;
            }
            if i + 1 == segments.len() {
                return Some(ir::FieldPath {
                    wire: wire.to_owned(),
                    steps,
                    ty,
                });
            }
            let Type::Object(o) = ty else {
                self.error(
                    path,
                    format!("`{written}` is not an object, so `{wire}` cannot go inside it"),
                    Some(format!("name `{written}` itself, or a field of an object")),
                );
                return None;
            };
            object = o;
        }
        None
    }
}
