//! Example values against the fields they fill: JSON objects against documented fields,
//! and each value against its field type.

use super::{BUILTIN_TYPES, Checker};
use crate::ident;
use crate::spec::{self, Map};

impl Checker<'_> {
    /// A JSON object against the fields of an object, and against one of its shapes when
    /// it has `variants`; `name` is the dotted wire path of the object in messages (empty
    /// for a whole body).
    pub(super) fn example_object(
        &mut self,
        value: &serde_json::Value,
        fields: &Map<spec::Field>,
        variants: Option<&Map<spec::Variant>>,
        path: &str,
        name: &str,
    ) {
        let what = if name.is_empty() {
            "the body".to_owned()
        } else {
            format!("`{name}`")
        };
        let serde_json::Value::Object(given) = value else {
            self.error(
                path,
                format!("expected a mapping for {what}, found {}", describe(value)),
                Some("write its fields as `name: value` lines, indented below".to_owned()),
            );
            return;
        };
        let inside = |key: &str| {
            if name.is_empty() {
                key.to_owned()
            } else {
                format!("{name}.{key}")
            }
        };
        let mut suggested: Vec<&str> = Vec::new();
        for (key, v) in given {
            let kpath = format!("{path}.{key}");
            match fields.get(key) {
                Some(field) => self.example_value(v, field, &kpath, &inside(key)),
                None => {
                    let best = ident::closest(key, fields.keys());
                    suggested.extend(best);
                    let help = best
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| {
                            "document it under `fields:`, or remove it from the example".to_owned()
                        });
                    self.error(
                        &kpath,
                        format!("`{key}` is not a documented field of {what}"),
                        Some(help),
                    );
                }
            }
        }
        // With variants, the shape whose fields the example gives is the one it shows.
        let carried: Option<&spec::Variant> = match variants.filter(|v| !v.is_empty()) {
            None => None,
            Some(variants) => {
                let keys: Vec<&str> = given
                    .keys()
                    .map(String::as_str)
                    .filter(|k| fields.get(k).is_some())
                    .collect();
                match fitting_variant(variants, fields, given) {
                    Some((_, v)) => Some(v),
                    None => {
                        // Carried, but with another value than the variants fix.
                        let carried = variants
                            .iter()
                            .any(|(_, v)| keys.iter().all(|k| v.fields.iter().any(|f| f == k)));
                        let values = if carried {
                            " with the values given"
                        } else {
                            ""
                        };
                        self.error(
                            path,
                            format!(
                                "no variant of {what} carries all of [{}]{values}",
                                keys.join(", ")
                            ),
                            Some(format!(
                                "give the fields of one variant: {}",
                                shapes(variants)
                            )),
                        );
                        return;
                    }
                }
            }
        };
        // A constant may be left out: it is sent whatever the example says.
        for (wire, field) in fields.iter() {
            let shape_fixes = carried.is_some_and(|v| v.constant.get(wire).is_some());
            if carried.is_some_and(|v| !v.fields.iter().any(|f| f == wire)) || shape_fixes {
                continue;
            }
            if field.required.unwrap_or(true)
                && field.constant.is_none()
                && !given.contains_key(wire)
                && !suggested.contains(&wire)
            {
                self.error(
                    path,
                    format!("the example has no `{}`, which is required", inside(wire)),
                    Some(format!(
                        "add `{wire}` to the example, or set `required: false` on the field"
                    )),
                );
            }
        }
    }

    /// An example value of an enum of `values` (`ty` is how the field names the type).
    /// Enums are open: a value the spec does not list decodes as `Unknown`, so an example
    /// may show one; only a near miss of a documented value, most likely a typo, is
    /// refused.
    fn example_enum(
        &mut self,
        value: &serde_json::Value,
        values: Option<&spec::Map<Option<String>>>,
        path: &str,
        name: &str,
        ty: &str,
    ) {
        let Some(text) = value.as_str() else {
            let help = values.map(|v| {
                format!(
                    "documented values: {}",
                    v.keys().collect::<Vec<_>>().join(", ")
                )
            });
            self.mismatch(
                path,
                name,
                ty,
                "one of the enum's values (text)",
                value,
                help,
            );
            return;
        };
        if let Some(values) = values.filter(|v| !v.is_empty())
            && values.get(text).is_none()
            && let Some(best) = ident::closest(text, values.keys())
        {
            self.error(
                path,
                format!("`{text}` is not a documented value of `{name}`"),
                Some(format!(
                    "did you mean `{best}`? (a value the spec does not list is fine in an example, it decodes as `Unknown`, unless it is this close to a listed one)"
                )),
            );
        }
    }

    /// An example value against a field as written; `name` is its dotted wire path in
    /// messages. Fields whose type has a problem of its own are not judged.
    pub(super) fn example_value(
        &mut self,
        value: &serde_json::Value,
        field: &spec::Field,
        path: &str,
        name: &str,
    ) {
        use serde_json::Value;
        if let Some(fixed) = field.constant.as_ref().filter(|fixed| *fixed != value) {
            self.error(
                path,
                format!("`{name}` is fixed to `{fixed}` (`const`), but the example has `{value}`"),
                Some(format!("write `{fixed}`: every request sends that")),
            );
            return;
        }
        let loaded = self.loaded;
        let ty = field.ty.as_str();
        if ty == "any" || (ty == "null" && value.is_null()) {
            return; // any JSON value, `null` included; `null` for `type: null`
        }
        if value.is_null() {
            if field.required == Some(false) {
                return;
            }
            self.error(
                path,
                format!("expected a value for `{name}` (`type: {ty}`), found `null`"),
                Some("set `required: false` on the field if it may be null or absent".to_owned()),
            );
            return;
        }
        let (expected, fits, help): (&str, bool, Option<String>) = match ty {
            "string" | "secret" => (
                "text",
                value.is_string(),
                Some(if value.is_number() || value.is_boolean() {
                    format!("quote it: `\"{value}\"`")
                } else {
                    "write the text, in quotes if it could be read as something else".to_owned()
                }),
            ),
            "integer" | "unix_ms" | "unix_s" => (
                "a whole number",
                value.is_i64(),
                Some(match value.as_str() {
                    Some(s) if s.parse::<i64>().is_ok() => "write it without quotes".to_owned(),
                    _ => "write a whole number, such as `42`".to_owned(),
                }),
            ),
            "number" => (
                "a number",
                value.is_number(),
                Some(match value.as_str() {
                    Some(s) if s.parse::<f64>().is_ok() => "write it without quotes".to_owned(),
                    _ => "write a number, such as `1.5`".to_owned(),
                }),
            ),
            "null" => ("`null`", false, Some("write `null`".to_owned())),
            "boolean" => (
                "`true` or `false`",
                value.is_boolean(),
                Some("write `true` or `false`, without quotes".to_owned()),
            ),
            "uuid" => (
                "a UUID",
                value.as_str().is_some_and(is_uuid),
                Some(
                    "write 32 hex digits as 8-4-4-4-12, such as \
                     `00000000-0000-0000-0000-000000000000`"
                        .to_owned(),
                ),
            ),
            "timestamp" => (
                "an RFC 3339 date-time",
                value.as_str().is_some_and(is_rfc3339),
                Some(
                    "write a date-time with its offset, such as `2024-01-31T12:00:00Z`".to_owned(),
                ),
            ),
            "enum" => {
                self.example_enum(value, field.values.as_ref(), path, name, ty);
                return;
            }
            "object" => {
                if let Some(fields) = &field.fields {
                    self.example_object(value, fields, field.variants.as_ref(), path, name);
                }
                return;
            }
            "array" => {
                let Value::Array(items) = value else {
                    self.mismatch(
                        path,
                        name,
                        ty,
                        "a list",
                        value,
                        Some("write a list: `[a, b]`, or one `- item` per line".to_owned()),
                    );
                    return;
                };
                if let Some(item) = &field.items {
                    for (i, v) in items.iter().enumerate() {
                        self.example_value(
                            v,
                            item,
                            &format!("{path}[{i}]"),
                            &format!("{name}[{i}]"),
                        );
                    }
                }
                return;
            }
            "map" => {
                let Value::Object(entries) = value else {
                    self.mismatch(
                        path,
                        name,
                        ty,
                        "a mapping",
                        value,
                        Some("write `key: value` lines, indented below".to_owned()),
                    );
                    return;
                };
                if let Some(item) = &field.items {
                    for (k, v) in entries {
                        self.example_value(v, item, &format!("{path}.{k}"), &format!("{name}.{k}"));
                    }
                }
                return;
            }
            other => {
                if let Some(named) = loaded.spec.types.get(other)
                    && !BUILTIN_TYPES.contains(&other)
                {
                    if let Some(fields) = &named.fields {
                        self.example_object(value, fields, named.variants.as_ref(), path, name);
                    } else {
                        self.example_enum(value, named.values.as_ref(), path, name, ty);
                    }
                }
                return; // an unknown type is reported where it is written
            }
        };
        if !fits {
            self.mismatch(path, name, ty, expected, value, help);
        }
    }

    fn mismatch(
        &mut self,
        path: &str,
        name: &str,
        ty: &str,
        expected: &str,
        value: &serde_json::Value,
        help: Option<String>,
    ) {
        self.error(
            path,
            format!(
                "expected {expected} for `{name}` (`type: {ty}`), found {}",
                describe(value)
            ),
            help,
        );
    }
}

/// The variant an example shows, by the members it gives (`given`): the first that
/// carries each of them, with the value it fixes for any it fixes, and every field it
/// requires; or else the first that carries each of them with those values; `None` when
/// no variant does.
pub(super) fn fitting_variant<'v>(
    variants: &'v Map<spec::Variant>,
    fields: &Map<spec::Field>,
    given: &serde_json::Map<String, serde_json::Value>,
) -> Option<(&'v str, &'v spec::Variant)> {
    let keys: Vec<&str> = given
        .keys()
        .map(String::as_str)
        .filter(|k| fields.get(k).is_some())
        .collect();
    let fitting = |v: &spec::Variant, all: bool| {
        keys.iter().all(|k| v.fields.iter().any(|f| f == k))
            && v.constant
                .iter()
                .all(|(k, fixed)| given.get(k).is_none_or(|value| value == fixed))
            && (!all
                || v.fields.iter().all(|f| {
                    keys.contains(&f.as_str())
                        || v.constant.get(f).is_some()
                        || fields.get(f).is_some_and(|x| x.required == Some(false))
                }))
    };
    variants
        .iter()
        .find(|(_, v)| fitting(v, true))
        .or_else(|| variants.iter().find(|(_, v)| fitting(v, false)))
}

/// The shapes of `variants` as a help lists them: `email [kind, email] (kind: "email")`.
pub(super) fn shapes(variants: &Map<spec::Variant>) -> String {
    variants
        .iter()
        .map(|(n, v)| {
            let fixed: Vec<String> = v
                .constant
                .iter()
                .map(|(k, x)| format!("{k}: {x}"))
                .collect();
            if fixed.is_empty() {
                format!("{n} [{}]", v.fields.join(", "))
            } else {
                format!("{n} [{}] ({})", v.fields.join(", "), fixed.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// How a JSON value reads in a message: `the text "abc"`, `the number 5`, `a list`.
pub(super) fn describe(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => "`null`".to_owned(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) if s.chars().count() > 40 => {
            let cut: String = s.chars().take(40).collect();
            format!("the text \"{cut}...\"")
        }
        Value::String(s) => format!("the text \"{s}\""),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a mapping".to_owned(),
    }
}

/// Whether `s` is a UUID in one of the forms the runtime's `Uuid` decodes: hyphenated
/// (`8-4-4-4-12`), 32 plain hex digits, braced or as a URN.
fn is_uuid(s: &str) -> bool {
    let s = s.strip_prefix("urn:uuid:").unwrap_or(s);
    let s = s
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(s);
    let hex =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_hexdigit());
    if hex(s, 32) {
        return true;
    }
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5 && [8, 4, 4, 4, 12].iter().zip(&parts).all(|(&n, p)| hex(p, n))
}

/// Whether `s` is an RFC 3339 date-time: `2024-01-31T12:00:00Z`, with optional fraction
/// and a `Z` or `+hh:mm` offset.
fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |from: usize, len: usize, max: u32| {
        b.get(from..from + len).is_some_and(|d| {
            d.iter().all(u8::is_ascii_digit)
                && std::str::from_utf8(d)
                    .ok()
                    .and_then(|t| t.parse::<u32>().ok())
                    .is_some_and(|n| n <= max)
        })
    };
    let at = |i: usize, c: &[u8]| b.get(i).is_some_and(|x| c.contains(x));
    if !(digits(0, 4, 9999)
        && at(4, b"-")
        && digits(5, 2, 12)
        && at(7, b"-")
        && digits(8, 2, 31)
        && at(10, b"Tt ")
        && digits(11, 2, 23)
        && at(13, b":")
        && digits(14, 2, 59)
        && at(16, b":")
        && digits(17, 2, 60))
    {
        return false;
    }
    if b[5..7] == *b"00" || b[8..10] == *b"00" {
        return false;
    }
    let mut i = 19;
    if at(i, b".") {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            digits(i + 1, 2, 23) && at(i + 3, b":") && digits(i + 4, 2, 59) && i + 6 == b.len()
        }
        _ => false,
    }
}
