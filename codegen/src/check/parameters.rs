//! The path and query parameters of an endpoint: each `{name}` of the path declared as a
//! path parameter and each path parameter used, typed, named apart from the body fields.

use super::Checker;
use crate::ident;
use crate::ir::{self, Name, Type};
use crate::spec::{self, Map, ParameterIn};

impl Checker<'_> {
    /// Splits the endpoint's path into literal text and parameters, and checks every
    /// parameter; `None` when something is wrong (already reported).
    pub(super) fn parameters(
        &mut self,
        endpoint_path: &str,
        parameters: &Map<spec::Parameter>,
        path: &str,
    ) -> Option<(Vec<ir::Param>, Vec<ir::PathPart>)> {
        let mut ok = true;
        let mut params = Vec::new();
        for (name, p) in parameters.iter() {
            let ppath = format!("{path}.parameters.{name}");
            let rust = self.field_rust_name(name, p.rust_name.as_ref(), &ppath);
            let ty = match p.ty.as_str() {
                "string" => Some(Type::String),
                "integer" => Some(Type::Integer),
                "boolean" => Some(Type::Boolean),
                "uuid" => Some(Type::Uuid),
                other => {
                    let help = match other {
                        "secret" => "a parameter is part of the URL, which is logged: send a \
                                     credential with `auth:` instead"
                            .to_owned(),
                        _ => ident::did_you_mean(
                            other,
                            ["string", "integer", "boolean", "uuid"],
                            || "use `string`, `integer`, `boolean` or `uuid`".to_owned(),
                        ),
                    };
                    self.error(
                        &format!("{ppath}.type"),
                        format!("a parameter is a `string`, `integer`, `boolean` or `uuid`, not `{other}`"),
                        Some(help),
                    );
                    None
                }
            };
            if p.location == ParameterIn::Path && p.required == Some(false) {
                self.error(
                    &format!("{ppath}.required"),
                    "a path parameter is always required: the path has no meaning without it",
                    Some("remove `required: false`, or make it a `query` parameter".to_owned()),
                );
                ok = false;
            }
            match (rust, ty) {
                (Some(rust), Some(ty)) => params.push(ir::Param {
                    name: Name {
                        wire: name.to_owned(),
                        rust,
                    },
                    location: p.location,
                    ty,
                    required: p.location == ParameterIn::Path || p.required != Some(false),
                    doc: p.description.clone(),
                }),
                _ => ok = false,
            }
        }
        for (i, a) in params.iter().enumerate() {
            if let Some(b) = params[..i].iter().find(|b| b.name.rust == a.name.rust) {
                self.error(
                    &format!("{path}.parameters.{}", a.name.wire),
                    format!(
                        "parameters `{}` and `{}` both become the field `{}`",
                        b.name.wire, a.name.wire, a.name.rust
                    ),
                    Some("set `rust_name:` on one of them".to_owned()),
                );
                ok = false;
            }
        }

        let mut parts = Vec::new();
        let mut used = vec![false; params.len()];
        let mut rest = endpoint_path;
        let ppath = format!("{path}.path");
        while !rest.is_empty() {
            let Some(open) = rest.find(['{', '}']) else {
                parts.push(ir::PathPart::Literal(rest.to_owned()));
                break;
            };
            if rest[open..].starts_with('}') {
                self.error(
                    &ppath,
                    format!("path `{endpoint_path}` has a `}}` without its `{{`"),
                    Some("write each parameter as `{name}`".to_owned()),
                );
                return None;
            }
            if open > 0 {
                parts.push(ir::PathPart::Literal(rest[..open].to_owned()));
            }
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                self.error(
                    &ppath,
                    format!("path `{endpoint_path}` has a `{{` without its `}}`"),
                    Some("write each parameter as `{name}`".to_owned()),
                );
                return None;
            };
            let name = &rest[open + 1..close];
            match parameters.iter().position(|(n, _)| n == name) {
                Some(i) if parameters.0[i].1.location == ParameterIn::Path => {
                    if let Some(k) = params.iter().position(|p| p.name.wire == name) {
                        used[k] = true;
                        parts.push(ir::PathPart::Param(k));
                    }
                }
                Some(_) => {
                    self.error(
                        &ppath,
                        format!("`{{{name}}}` in the path is declared as a `query` parameter"),
                        Some(format!("set `in: path` on `parameters.{name}`")),
                    );
                    ok = false;
                }
                None => {
                    let names = parameters.keys().collect::<Vec<_>>();
                    let help = ident::closest(name, names.iter().copied())
                        .map(|s| format!("did you mean `{{{s}}}`?"))
                        .unwrap_or_else(|| {
                            format!("declare it: `parameters: {{ {name}: {{ in: path, type: string }} }}`")
                        });
                    self.error(
                        &ppath,
                        format!("the path parameter `{{{name}}}` is not declared"),
                        Some(help),
                    );
                    ok = false;
                }
            }
            rest = &rest[close + 1..];
        }
        for (k, p) in params.iter().enumerate() {
            if p.location == ParameterIn::Path && !used[k] {
                self.error(
                    &format!("{path}.parameters.{}", p.name.wire),
                    format!(
                        "the path `{endpoint_path}` has no `{{{}}}` for this path parameter",
                        p.name.wire
                    ),
                    Some(format!(
                        "put `{{{}}}` in the path, or make it a `query` parameter",
                        p.name.wire
                    )),
                );
                ok = false;
            }
        }
        ok.then_some((params, parts))
    }

    /// Refuses request fields (body fields, groups, the credential) that would share a
    /// Rust name with a parameter.
    pub(super) fn parameters_apart_from_fields(
        &mut self,
        params: &[ir::Param],
        request: &ir::Request,
        auth: &[ir::AuthScheme],
        path: &str,
    ) -> bool {
        let shapes: Vec<&ir::Shape> = match request {
            ir::Request::Single(shape) => vec![shape],
            ir::Request::Variants { variants, .. } => variants.iter().map(|v| &v.shape).collect(),
        };
        let mut ok = true;
        for p in params {
            let clash = shapes.iter().any(|s| {
                s.fields.iter().any(|f| f.name.rust == p.name.rust)
                    || s.groups.iter().any(|g| g.field == p.name.rust)
                    || s.auth.is_some_and(|a| auth[a].name.rust == p.name.rust)
            });
            if clash {
                self.error(
                    &format!("{path}.parameters.{}", p.name.wire),
                    format!(
                        "the parameter `{}` and a body field or the credential both become the request field `{}`",
                        p.name.wire, p.name.rust
                    ),
                    Some("set `rust_name:` on the parameter".to_owned()),
                );
                ok = false;
            }
        }
        ok
    }
}
