//! Fields and their types: built-in, `enum`, nested `object`, `array`, `map`, and the
//! named `types:`; the Rust names of fields and of the types they define.

use super::{BUILTIN_TYPES, Checker, Fix, deprecation, looks_secret, stem};
use crate::ident;
use crate::ir::{self, Name, Type};
use crate::spec::{self, Map};

impl Checker<'_> {
    /// Adds an object (its fields come later); `path` is where its `fields:` key is.
    pub(super) fn reserve_object(&mut self, rust: String, path: &str) -> usize {
        self.objects.push(ir::Object {
            rust,
            doc: None,
            fields: Vec::new(),
            in_request: false,
            error: None,
            variants: Vec::new(),
            decodable: true,
        });
        self.object_paths.push(path.to_owned());
        self.dropped.push(Vec::new());
        self.objects.len() - 1
    }

    /// Checks the fields under `{path}.fields` into the object `index`. A field with a
    /// `const` value makes the object one only requests send (checked once every
    /// response is known).
    pub(super) fn object_fields(
        &mut self,
        index: usize,
        fields: &Map<spec::Field>,
        path: &str,
        parent: &str,
    ) {
        let (checked, dropped) = self.fields(fields, &format!("{path}.fields"), parent);
        self.objects[index].fields = checked;
        self.dropped[index] = dropped;
    }

    /// Checks the alternative shapes (`variants`) of the object `index`, declared at
    /// `path`: each becomes a struct of the fields it lists, `<Object><Variant>`.
    pub(super) fn object_variants(
        &mut self,
        index: usize,
        variants: &Map<spec::Variant>,
        declared: &Map<spec::Field>,
        path: &str,
    ) {
        let parent = self.objects[index].rust.clone();
        let mut out: Vec<ir::ObjectVariant> = Vec::new();
        for (name, variant) in variants.iter() {
            let vpath = format!("{path}.variants.{name}");
            if variant.auth.is_some() {
                self.error(
                    &format!("{vpath}.auth"),
                    "only the variants of a request body carry an auth scheme",
                    Some("remove `auth:`".to_owned()),
                );
            }
            if variant.deprecated.is_some() {
                self.error(
                    &format!("{vpath}.deprecated"),
                    "only the variants of a request body can be deprecated",
                    Some("remove `deprecated:` and say it in `description`".to_owned()),
                );
            }
            let Some(vrust) = self.camel(
                name,
                &vpath,
                "rename the variant to an ASCII name such as `email`",
            ) else {
                continue;
            };
            if let Some(other) = out.iter().find(|v| v.name.rust == vrust) {
                let other = other.name.wire.clone();
                self.error(
                    &vpath,
                    format!("variants `{other}` and `{name}` both become `{vrust}`"),
                    Some("rename one of them".to_owned()),
                );
                continue;
            }
            let mut fields: Vec<ir::Field> = Vec::new();
            for (i, wire) in variant.fields.iter().enumerate() {
                let fpath = format!("{vpath}.fields[{i}]");
                if fields.iter().any(|f| f.name.wire == *wire) {
                    self.error(
                        &fpath,
                        format!("`{wire}` is listed twice"),
                        Some(format!("remove the second `{wire}`")),
                    );
                    continue;
                }
                let object = &self.objects[index];
                match object.fields.iter().find(|f| f.name.wire == *wire) {
                    Some(f) => fields.push(f.clone()),
                    // A field with a problem of its own is already reported.
                    None if self.dropped[index].contains(wire) => {}
                    None => {
                        let names: Vec<String> =
                            object.fields.iter().map(|f| f.name.wire.clone()).collect();
                        let help =
                            ident::did_you_mean(wire, names.iter().map(String::as_str), || {
                                "declare it under `fields:` of this object first".to_owned()
                            });
                        self.error(
                            &fpath,
                            format!("`{wire}` is not a field of this object"),
                            Some(help),
                        );
                    }
                }
            }
            self.variant_constants(variant, declared, &mut fields, &vpath);
            let rust = format!("{}{vrust}", stem(&parent));
            self.claim(
                &rust,
                &vpath,
                Fix::Rename(format!("rename the variant `{name}`")),
            );
            let object = self.reserve_object(rust, &vpath);
            self.objects[object].fields = fields;
            self.objects[object].doc = variant
                .description
                .clone()
                .or_else(|| Some(format!("The `{name}` shape of `{parent}`.")));
            out.push(ir::ObjectVariant {
                name: Name {
                    wire: name.to_owned(),
                    rust: vrust,
                },
                object,
            });
        }
        self.objects[index].variants = out;
    }

    /// Checks an object's fields; nested types are named after `parent`. Returns the
    /// sound fields, and the wire names of those left out because of a problem.
    pub(super) fn fields(
        &mut self,
        fields: &Map<spec::Field>,
        path: &str,
        parent: &str,
    ) -> (Vec<ir::Field>, Vec<String>) {
        let mut out: Vec<ir::Field> = Vec::new();
        let mut dropped = Vec::new();
        for (wire, field) in fields.iter() {
            let fpath = format!("{path}.{wire}");
            let Some(f) = self.field(wire, field, &fpath, parent) else {
                dropped.push(wire.to_owned());
                continue;
            };
            if let Some(other) = out.iter().find(|o| o.name.rust == f.name.rust) {
                let other = other.name.wire.clone();
                self.error(
                    &fpath,
                    format!(
                        "fields `{other}` and `{wire}` both become `{}` in Rust",
                        f.name.rust
                    ),
                    Some("set `rust_name:` on one of them".to_owned()),
                );
                dropped.push(wire.to_owned());
                continue;
            }
            out.push(f);
        }
        (out, dropped)
    }

    /// The Rust name of a field, header or cookie: its `rust_name:` or its converted name.
    pub(super) fn field_rust_name(
        &mut self,
        wire: &str,
        rust_name: Option<&String>,
        path: &str,
    ) -> Option<String> {
        match rust_name {
            Some(name) => {
                if ident::snake(name).ok().as_deref() != Some(name.as_str()) {
                    self.error(
                        &format!("{path}.rust_name"),
                        format!("`{name}` is not a snake_case Rust name that needs no escaping"),
                        ident::snake(name).ok().map(|s| format!("try `{s}`")),
                    );
                    return None;
                }
                Some(name.clone())
            }
            None => self.snake(wire, path, "set `rust_name:` to the Rust name to use"),
        }
    }

    fn field(
        &mut self,
        wire: &str,
        field: &spec::Field,
        path: &str,
        parent: &str,
    ) -> Option<ir::Field> {
        let rust = self.field_rust_name(wire, field.rust_name.as_ref(), path);
        let ty = self.field_type(wire, field, path, parent);
        if field.ty == "string" && looks_secret(wire) {
            self.secret_as_string(&format!("{path}.type"), "field", wire);
        }
        if let Some(example) = &field.example {
            self.example_value(example, field, &format!("{path}.example"), wire);
        }
        let constant = field
            .constant
            .as_ref()
            .and_then(|value| self.constant(value, field, path, wire));
        Some(ir::Field {
            name: Name {
                wire: wire.to_owned(),
                rust: rust?,
            },
            ty: ty?,
            required: field.required.unwrap_or(true),
            doc: field.description.clone(),
            deprecated: deprecation(field.deprecated.as_ref()),
            constant,
        })
    }

    /// Fixes the fields of a variant's shape that its `const` names (declared at `path`,
    /// the variant's path): each must be one the shape carries, declared under `fields`
    /// (`declared`) without a `const` of its own, and the value must fit its type; the
    /// shape's field then holds the value and is always sent.
    pub(super) fn variant_constants(
        &mut self,
        variant: &spec::Variant,
        declared: &Map<spec::Field>,
        shape: &mut [ir::Field],
        path: &str,
    ) -> bool {
        let mut ok = true;
        for (wire, value) in variant.constant.iter() {
            let cpath = format!("{path}.const.{wire}");
            let Some(field) = declared.get(wire) else {
                let help =
                    ident::did_you_mean(wire, variant.fields.iter().map(String::as_str), || {
                        format!(
                            "declare `{wire}` under `fields` and list it in this variant's `fields`"
                        )
                    });
                self.error(
                    &cpath,
                    format!("`{wire}` is not a field of this variant"),
                    Some(help),
                );
                ok = false;
                continue;
            };
            if !variant.fields.iter().any(|f| f == wire) {
                self.error(
                    &cpath,
                    format!("`{wire}` has a value in this variant, which does not carry it"),
                    Some(format!("add `{wire}` to the variant's `fields`")),
                );
                ok = false;
                continue;
            }
            if field.constant.is_some() {
                self.error(
                    &cpath,
                    format!("`{wire}` already has a `const` that every variant sends"),
                    Some(format!(
                        "keep one: remove `const` from the field `{wire}`, or this value"
                    )),
                );
                ok = false;
                continue;
            }
            let Some(json) = self.fixed_value(value, field, &cpath, wire) else {
                ok = false;
                continue;
            };
            if let Some(f) = shape.iter_mut().find(|f| f.name.wire == *wire) {
                f.constant = Some(json);
                f.required = true;
            }
        }
        ok
    }

    /// Checks the fixed value of `field` (its `const`) and gives it as JSON text.
    fn constant(
        &mut self,
        value: &serde_json::Value,
        field: &spec::Field,
        path: &str,
        wire: &str,
    ) -> Option<String> {
        let cpath = format!("{path}.const");
        if field.required == Some(false) {
            self.error(
                &format!("{path}.required"),
                format!(
                    "`{wire}` has a `const` value, which is always sent, so it cannot be optional"
                ),
                Some("remove `required: false`".to_owned()),
            );
            return None;
        }
        self.fixed_value(value, field, &cpath, wire)
    }

    /// A value the spec fixes for `field` (at `path`), as JSON text: not a secret, and of
    /// the field's type.
    fn fixed_value(
        &mut self,
        value: &serde_json::Value,
        field: &spec::Field,
        path: &str,
        wire: &str,
    ) -> Option<String> {
        if field.ty == "secret" {
            self.error(
                path,
                format!("`{wire}` is a `secret`, but a value written in the spec is no secret"),
                Some("use `type: string` for a fixed value, or remove `const` and let the caller supply the secret".to_owned()),
            );
            return None;
        }
        let before = self.diags.len();
        self.example_value(value, field, path, wire);
        (self.diags.len() == before).then(|| value.to_string())
    }

    /// The enum `rust` of the wire values `values` (with their descriptions), at `path`:
    /// a value that cannot become a variant is reported and left out. Its index in
    /// `enums`.
    pub(super) fn enum_type(
        &mut self,
        rust: String,
        values: &Map<Option<String>>,
        doc: Option<String>,
        path: &str,
    ) -> usize {
        let mut out: Vec<ir::EnumValue> = Vec::new();
        for (value, doc) in values.iter() {
            let vpath = format!("{path}.values.{value}");
            let leave_out = format!(
                "an enum value is sent as written and cannot be renamed: leave `{value}` out \
                 of `values:` (it still decodes, as `Unknown(\"{value}\")`) and describe it \
                 in the field's `description`"
            );
            let variant = match ident::camel(value) {
                Ok(variant) => variant,
                Err(err) => {
                    self.error(
                        &vpath,
                        format!(
                            "the enum value `{value}` cannot become a Rust variant name: {err}"
                        ),
                        Some(leave_out),
                    );
                    continue;
                }
            };
            if variant == "Unknown" {
                self.error(
                    &vpath,
                    format!("the value `{value}` would clash with the `Unknown` variant that keeps undocumented values"),
                    Some(leave_out),
                );
                continue;
            }
            if let Some(other) = out.iter().find(|v| v.name.rust == variant) {
                let other = other.name.wire.clone();
                self.error(
                    &vpath,
                    format!("values `{other}` and `{value}` both become the variant `{variant}`"),
                    Some(leave_out),
                );
                continue;
            }
            out.push(ir::EnumValue {
                name: Name {
                    wire: value.to_owned(),
                    rust: variant,
                },
                doc: doc.clone(),
            });
        }
        self.enums.push(ir::Enum {
            rust,
            doc,
            values: out,
        });
        self.enums.len() - 1
    }

    fn field_type(
        &mut self,
        wire: &str,
        field: &spec::Field,
        path: &str,
        parent: &str,
    ) -> Option<Type> {
        let tpath = format!("{path}.type");
        let kind = field.ty.as_str();
        let known = BUILTIN_TYPES.contains(&kind)
            || self.named.contains_key(kind)
            || self.named_enums.contains_key(kind)
            || self.broken_types.iter().any(|b| b == kind);
        // With a misspelt `type`, the other keys say what was meant: judge them only
        // against a known type.
        let misplaced = |key: &str, has: bool, wants: &[&str]| -> Option<(String, String)> {
            (known && has && !wants.contains(&kind)).then(|| {
                (
                    format!("{path}.{key}"),
                    format!(
                        "`{key}` only applies to `type: {}`, not `{kind}`",
                        wants.join("` or `type: ")
                    ),
                )
            })
        };
        let problems: Vec<_> = [
            misplaced("fields", field.fields.is_some(), &["object"]),
            misplaced("items", field.items.is_some(), &["array", "map"]),
            misplaced("values", field.values.is_some(), &["enum"]),
            misplaced("type_name", field.type_name.is_some(), &["object", "enum"]),
            misplaced("variants", field.variants.is_some(), &["object"]),
        ]
        .into_iter()
        .flatten()
        .collect();
        for (p, message) in problems {
            self.error(&p, message, Some("remove it, or change `type`".to_owned()));
        }
        let ty = match kind {
            "string" => Type::String,
            "integer" => Type::Integer,
            "number" => Type::Number,
            "boolean" => Type::Boolean,
            "uuid" => Type::Uuid,
            "timestamp" => Type::Timestamp,
            "unix_ms" => Type::UnixMs,
            "unix_s" => Type::UnixS,
            "secret" => Type::Secret,
            "any" => Type::Any,
            "null" => Type::Null,
            "enum" => {
                let Some(values) = field.values.as_ref().filter(|v| !v.is_empty()) else {
                    self.error(
                        path,
                        "an `enum` needs `values:`, a mapping from each wire value to its description",
                        Some("add `values: { some_value: What it means }`".to_owned()),
                    );
                    return None;
                };
                let rust = match &field.type_name {
                    Some(name) => self.type_name(name, &format!("{path}.type_name"))?,
                    None => format!(
                        "{}{}",
                        stem(parent),
                        self.camel(wire, path, "set `type_name:` to the Rust name to use")?
                    ),
                };
                self.claim(&rust, path, Fix::TypeName);
                Type::Enum(self.enum_type(rust, values, field.description.clone(), path))
            }
            "object" => {
                let Some(fields) = &field.fields else {
                    self.error(
                        path,
                        "an `object` needs `fields:`",
                        Some("add `fields:`, or use `type: map` for free-form keys".to_owned()),
                    );
                    return None;
                };
                let rust = match &field.type_name {
                    Some(name) => self.type_name(name, &format!("{path}.type_name"))?,
                    None => self.camel(wire, path, "set `type_name:` to the Rust name to use")?,
                };
                self.claim(&rust, path, Fix::TypeName);
                let index = self.reserve_object(rust.clone(), path);
                self.object_fields(index, fields, path, &rust);
                self.objects[index].doc = field.description.clone();
                if let Some(variants) = &field.variants {
                    self.object_variants(index, variants, fields, path);
                }
                Type::Object(index)
            }
            "array" | "map" => {
                let Some(items) = &field.items else {
                    self.error(
                        path,
                        format!("`{kind}` needs `items:`, the type of its elements"),
                        Some("add `items: { type: string }`".to_owned()),
                    );
                    return None;
                };
                if items.required.is_some() {
                    self.error(
                        &format!("{path}.items.required"),
                        "`required` has no meaning for the elements of a list or map",
                        Some("remove it".to_owned()),
                    );
                }
                if items.rust_name.is_some() {
                    self.error(
                        &format!("{path}.items.rust_name"),
                        "`rust_name` has no meaning for the elements of a list or map: they have no field of their own",
                        Some(format!("remove it; a `rust_name:` next to `type: {kind}` names the field")),
                    );
                }
                let item = self.field_type(wire, items, &format!("{path}.items"), parent)?;
                if kind == "array" {
                    Type::Array(Box::new(item))
                } else {
                    Type::Map(Box::new(item))
                }
            }
            other => match (self.named.get(other), self.named_enums.get(other)) {
                (Some(&index), _) => Type::Object(index),
                (None, Some(&index)) => Type::Enum(index),
                (None, None) if !known => {
                    let candidates = BUILTIN_TYPES
                        .iter()
                        .copied()
                        .chain(self.named.keys().map(String::as_str))
                        .chain(self.named_enums.keys().map(String::as_str));
                    let help = match type_alias(other).or_else(|| ident::closest(other, candidates))
                    {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!(
                            "use one of {} or a name declared under `types:`",
                            BUILTIN_TYPES.join(", ")
                        ),
                    };
                    self.error(&tpath, format!("unknown type `{other}`"), Some(help));
                    return None;
                }
                (None, None) => return None, // a `types:` entry whose problem is already reported
            },
        };
        Some(ty)
    }

    fn type_name(&mut self, name: &str, path: &str) -> Option<String> {
        if ident::camel(name).ok().as_deref() == Some(name) {
            Some(name.to_owned())
        } else {
            self.error(
                path,
                format!("`{name}` is not an UpperCamelCase Rust type name"),
                ident::camel(name).ok().map(|s| format!("try `{s}`")),
            );
            None
        }
    }
}

/// The spec language's name for a type as other languages write it (`bool`, `int`): the
/// help names it, though it is too far from them to be the closest spelling.
fn type_alias(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_lowercase().as_str() {
        "bool" => "boolean",
        "int" | "int32" | "int64" | "i32" | "i64" | "long" => "integer",
        "float" | "double" | "f32" | "f64" | "decimal" => "number",
        "str" | "text" => "string",
        "datetime" | "date-time" | "date_time" => "timestamp",
        "list" | "vec" => "array",
        "dict" | "hashmap" => "map",
        _ => return None,
    })
}
