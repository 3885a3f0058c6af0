//! Stage 2: judge a parsed spec and build the IR.
//!
//! Takes a [`Loaded`] spec; returns an [`ir::Service`] when the spec is sound. Every rule
//! pushes its problem to the diagnostics and carries on, so one run reports them all.
//! This is the only module that decides whether input is acceptable.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Diagnostics};
use crate::ident;
use crate::ir::{self, Name, Type};
use crate::load::{Loaded, locate};
use crate::spec::{self, Map};

/// The built-in field types.
const BUILTIN_TYPES: &[&str] = &[
    "string",
    "integer",
    "number",
    "boolean",
    "uuid",
    "timestamp",
    "unix_ms",
    "unix_s",
    "secret",
    "enum",
    "object",
    "array",
    "map",
];

/// Longest host label (RFC 1035).
const MAX_LABEL: usize = 63;

/// Checks one loaded spec; `None` when any problem was found (all are in `diags`).
pub fn check(loaded: &Loaded, diags: &mut Diagnostics) -> Option<ir::Service> {
    let mut checker = Checker {
        loaded,
        diags: Diagnostics::default(),
        objects: Vec::new(),
        enums: Vec::new(),
        named: BTreeMap::new(),
        type_names: BTreeMap::new(),
    };
    let service = checker.service();
    let ok = checker.diags.is_empty();
    diags.extend(checker.diags);
    if ok { service } else { None }
}

struct Checker<'a> {
    loaded: &'a Loaded,
    diags: Diagnostics,
    objects: Vec<ir::Object>,
    enums: Vec<ir::Enum>,
    /// `types:` entries by spec name, to their object index.
    named: BTreeMap<String, usize>,
    /// Every Rust type name claimed so far, with the path that claimed it.
    type_names: BTreeMap<String, String>,
}

impl Checker<'_> {
    fn error(&mut self, path: &str, message: impl Into<String>, help: Option<String>) {
        self.diags.push(Diagnostic {
            file: self.loaded.file.clone(),
            path: path.to_owned(),
            location: locate(&self.loaded.source, path),
            message: message.into(),
            help,
        });
    }

    /// Claims a Rust type name for the generated module; reports a collision.
    fn claim(&mut self, rust: &str, path: &str) {
        if let Some(first) = self.type_names.get(rust) {
            let first = first.clone();
            self.error(
                path,
                format!("the Rust type name `{rust}` is already used by `{first}`"),
                Some("set `type_name:` on one of them to pick another name".to_owned()),
            );
        } else {
            self.type_names.insert(rust.to_owned(), path.to_owned());
        }
    }

    fn snake(&mut self, wire: &str, path: &str) -> Option<String> {
        match ident::snake(wire) {
            Ok(name) => Some(name),
            Err(err) => {
                self.error(
                    path,
                    format!("`{wire}` cannot become a Rust name: {err}"),
                    Some("set `rust_name:` to the Rust name to use".to_owned()),
                );
                None
            }
        }
    }

    fn camel(&mut self, wire: &str, path: &str) -> Option<String> {
        match ident::camel(wire) {
            Ok(name) => Some(name),
            Err(err) => {
                self.error(
                    path,
                    format!("`{wire}` cannot become a Rust type name: {err}"),
                    Some("set `type_name:` to the Rust name to use".to_owned()),
                );
                None
            }
        }
    }

    fn service(&mut self) -> Option<ir::Service> {
        let spec = &self.loaded.spec;
        if spec.loginspec != 1 {
            self.error(
                "loginspec",
                format!(
                    "unsupported spec language version {}; this generator reads version 1",
                    spec.loginspec
                ),
                Some("write `loginspec: 1`".to_owned()),
            );
        }
        let module = self.snake(&spec.service.name, "service.name");
        let base_url = self.base_url(&spec.service);
        let auth = self.auth(&spec.auth);

        // Named types first, so fields anywhere can refer to them.
        for name in spec.types.keys() {
            let path = format!("types.{name}");
            if BUILTIN_TYPES.contains(&name) {
                self.error(
                    &path,
                    format!("`{name}` is a built-in type and cannot be redefined"),
                    Some("pick another name".to_owned()),
                );
                continue;
            }
            let Some(rust) = self.camel(name, &path) else {
                continue;
            };
            self.claim(&rust, &path);
            let index = self.reserve_object(rust);
            self.named.insert(name.to_owned(), index);
        }
        for (name, object) in spec.types.iter() {
            if let Some(&index) = self.named.get(name) {
                let path = format!("types.{name}");
                let rust = self.objects[index].rust.clone();
                let fields = self.fields(&object.fields, &format!("{path}.fields"), &rust);
                self.objects[index].doc = object.description.clone();
                self.objects[index].fields = fields;
            }
        }

        let mut endpoints = Vec::new();
        let mut session = None;
        for (name, endpoint) in spec.endpoints.iter() {
            let path = format!("endpoints.{name}");
            let Some(checked) = self.endpoint(name, endpoint, &path, &auth) else {
                continue;
            };
            if let Some(s) = &endpoint.session {
                if session.is_some() {
                    self.error(
                        &format!("{path}.session"),
                        "only one endpoint of a service may declare a `session`",
                        Some("keep the session on the login endpoint".to_owned()),
                    );
                } else {
                    session = self.session(
                        s,
                        &format!("{path}.session"),
                        &checked,
                        endpoints.len(),
                        &auth,
                        base_url.as_ref(),
                    );
                }
            }
            endpoints.push(checked);
        }
        if endpoints.is_empty() && spec.endpoints.is_empty() {
            self.error(
                "endpoints",
                "a spec needs at least one endpoint",
                Some("describe the login endpoint under `endpoints:`".to_owned()),
            );
        }
        self.claim("Client", "service");
        self.claim("BlockingClient", "service");
        if let Some(s) = &session {
            self.claim("Session", "endpoints.*.session");
            if s.verification_required.is_some() {
                let prefix = endpoints[s.endpoint].prefix.clone();
                self.claim(
                    &format!("{prefix}Outcome"),
                    "endpoints.*.session.verification_required",
                );
            }
        }
        let websocket = spec
            .websocket
            .as_ref()
            .and_then(|ws| self.websocket(ws, session.is_some()));

        let mut docs = Vec::new();
        docs.extend(spec.service.description.clone());
        docs.extend(spec.service.notes.iter().cloned());
        Some(ir::Service {
            file: self.loaded.file.clone(),
            module: module?,
            title: spec
                .service
                .title
                .clone()
                .unwrap_or_else(|| spec.service.name.clone()),
            docs,
            base_url,
            auth,
            objects: std::mem::take(&mut self.objects),
            enums: std::mem::take(&mut self.enums),
            endpoints,
            session,
            websocket,
        })
    }

    fn base_url(&mut self, service: &spec::Service) -> Option<ir::BaseUrl> {
        let Some(template) = &service.base_url else {
            if !service.variables.is_empty() {
                self.error(
                    "service.variables",
                    "`variables` are given but there is no `base_url` to use them",
                    Some(
                        "add `base_url:` with `{name}` placeholders, or remove `variables`"
                            .to_owned(),
                    ),
                );
            }
            return None;
        };
        let path = "service.base_url";
        let rest = if let Some(rest) = template.strip_prefix("https://") {
            rest
        } else if let Some(rest) = template.strip_prefix("http://") {
            rest
        } else {
            self.error(
                path,
                format!("base URL `{template}` must start with `https://` or `http://`"),
                None,
            );
            return None;
        };
        let host_end = rest.find('/').unwrap_or(rest.len());
        if rest.contains(['?', '#']) || template.ends_with('/') {
            self.error(
                path,
                format!("base URL `{template}` must not end with `/` or carry a query or fragment"),
                Some("put the path of each endpoint under `endpoints.<name>.path`".to_owned()),
            );
        }
        let mut parts = Vec::new();
        let mut variables: Vec<ir::Variable> = Vec::new();
        let mut literal = String::new();
        let mut chars = template.char_indices().peekable();
        let host_range = (
            template.len() - rest.len(),
            template.len() - rest.len() + host_end,
        );
        while let Some((at, c)) = chars.next() {
            if c == '}' {
                self.error(path, "`}` without a matching `{` in the base URL", None);
                return None;
            }
            if c != '{' {
                literal.push(c);
                continue;
            }
            let mut name = String::new();
            let mut closed = false;
            for (_, c) in chars.by_ref() {
                if c == '}' {
                    closed = true;
                    break;
                }
                name.push(c);
            }
            if !closed {
                self.error(path, "`{` without a matching `}` in the base URL", None);
                return None;
            }
            if at < host_range.0 || at >= host_range.1 {
                self.error(
                    path,
                    format!("the placeholder `{{{name}}}` is outside the host; only the host may be templated"),
                    None,
                );
                continue;
            }
            let Some(variable) = service.variables.get(&name) else {
                let help = ident::closest(&name, service.variables.keys())
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| format!("declare it under `service.variables.{name}`"));
                self.error(
                    path,
                    format!("the placeholder `{{{name}}}` is not a declared variable"),
                    Some(help),
                );
                continue;
            };
            if !literal.is_empty() {
                parts.push(ir::UrlPart::Literal(std::mem::take(&mut literal)));
            }
            let index = match variables.iter().position(|v| v.name.wire == name) {
                Some(i) => i,
                None => {
                    let vpath = format!("service.variables.{name}");
                    let max_len = variable.max_length.map_or(MAX_LABEL, |m| m as usize);
                    if max_len == 0 || max_len > MAX_LABEL {
                        self.error(
                            &format!("{vpath}.max_length"),
                            format!("`max_length` must be between 1 and {MAX_LABEL} (a host label's limit)"),
                            None,
                        );
                    }
                    if let Some(default) = &variable.default
                        && !is_host_label(default, max_len)
                    {
                        self.error(
                            &format!("{vpath}.default"),
                            format!("the default `{default}` is not a host label (lowercase letters, digits and `-`, at most {max_len} characters)"),
                            None,
                        );
                    }
                    let rust = self.snake(&name, &vpath).unwrap_or_default();
                    variables.push(ir::Variable {
                        name: Name {
                            wire: name.clone(),
                            rust,
                        },
                        default: variable.default.clone(),
                        doc: variable.description.clone(),
                        max_len: max_len.clamp(1, MAX_LABEL),
                    });
                    variables.len() - 1
                }
            };
            parts.push(ir::UrlPart::Variable(index));
        }
        if !literal.is_empty() {
            parts.push(ir::UrlPart::Literal(literal));
        }
        for name in service.variables.keys() {
            if !variables.iter().any(|v| v.name.wire == name) {
                self.error(
                    &format!("service.variables.{name}"),
                    format!("the variable `{name}` is not used in `base_url`"),
                    Some(format!(
                        "write `{{{name}}}` in the host of `base_url`, or remove it"
                    )),
                );
            }
        }
        Some(ir::BaseUrl {
            template: template.clone(),
            parts,
            variables,
        })
    }

    fn auth(&mut self, schemes: &Map<spec::AuthScheme>) -> Vec<ir::AuthScheme> {
        let mut out = Vec::new();
        for (name, scheme) in schemes.iter() {
            let path = format!("auth.{name}");
            let Some(rust) = self.snake(name, &path) else {
                continue;
            };
            let (kind, doc) = match scheme {
                spec::AuthScheme::Basic { description } => (ir::AuthKind::Basic, description),
                spec::AuthScheme::Bearer { description } => (ir::AuthKind::Bearer, description),
                spec::AuthScheme::Header {
                    header,
                    description,
                } => {
                    if !is_token(header) {
                        self.error(
                            &format!("{path}.header"),
                            format!("`{header}` is not a valid HTTP header name"),
                            None,
                        );
                    }
                    (ir::AuthKind::Header(header.clone()), description)
                }
                spec::AuthScheme::Cookie {
                    cookie,
                    description,
                } => {
                    if !is_token(cookie) {
                        self.error(
                            &format!("{path}.cookie"),
                            format!("`{cookie}` is not a valid cookie name"),
                            None,
                        );
                    }
                    (ir::AuthKind::Cookie(cookie.clone()), description)
                }
            };
            out.push(ir::AuthScheme {
                name: Name {
                    wire: name.to_owned(),
                    rust,
                },
                kind,
                doc: doc.clone(),
            });
        }
        out
    }

    fn find_auth(&mut self, auth: &[ir::AuthScheme], name: &str, path: &str) -> Option<usize> {
        if let Some(i) = auth.iter().position(|a| a.name.wire == name) {
            return Some(i);
        }
        let help = ident::closest(name, auth.iter().map(|a| a.name.wire.as_str()))
            .map(|s| format!("did you mean `{s}`?"))
            .unwrap_or_else(|| "declare it under `auth:` first".to_owned());
        self.error(
            path,
            format!("there is no auth scheme named `{name}`"),
            Some(help),
        );
        None
    }

    fn reserve_object(&mut self, rust: String) -> usize {
        self.objects.push(ir::Object {
            rust,
            doc: None,
            fields: Vec::new(),
        });
        self.objects.len() - 1
    }

    /// Checks an object's fields; nested types are named after `parent`.
    fn fields(&mut self, fields: &Map<spec::Field>, path: &str, parent: &str) -> Vec<ir::Field> {
        let mut out: Vec<ir::Field> = Vec::new();
        for (wire, field) in fields.iter() {
            let fpath = format!("{path}.{wire}");
            let Some(f) = self.field(wire, field, &fpath, parent) else {
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
                continue;
            }
            out.push(f);
        }
        out
    }

    fn field(
        &mut self,
        wire: &str,
        field: &spec::Field,
        path: &str,
        parent: &str,
    ) -> Option<ir::Field> {
        let rust = match &field.rust_name {
            Some(name) => {
                if ident::snake(name).ok().as_deref() != Some(name.as_str()) {
                    self.error(
                        &format!("{path}.rust_name"),
                        format!("`{name}` is not a snake_case Rust name that needs no escaping"),
                        ident::snake(name).ok().map(|s| format!("try `{s}`")),
                    );
                    return None;
                }
                name.clone()
            }
            None => self.snake(wire, path)?,
        };
        let ty = self.field_type(wire, field, path, parent)?;
        Some(ir::Field {
            name: Name {
                wire: wire.to_owned(),
                rust,
            },
            ty,
            required: field.required.unwrap_or(true),
            doc: field.description.clone(),
            deprecated: deprecation(field.deprecated.as_ref()),
        })
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
        let misplaced = |key: &str, has: bool, wants: &[&str]| -> Option<(String, String)> {
            (has && !wants.contains(&kind)).then(|| {
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
                    None => format!("{parent}{}", self.camel(wire, path)?),
                };
                self.claim(&rust, path);
                let mut out: Vec<ir::EnumValue> = Vec::new();
                for (value, doc) in values.iter() {
                    let vpath = format!("{path}.values.{value}");
                    let Some(variant) = self.camel(value, &vpath) else {
                        continue;
                    };
                    if variant == "Unknown" {
                        self.error(
                            &vpath,
                            "the value `unknown` would clash with the `Unknown` variant that keeps undocumented values",
                            None,
                        );
                        continue;
                    }
                    if let Some(other) = out.iter().find(|v| v.name.rust == variant) {
                        let other = other.name.wire.clone();
                        self.error(
                            &vpath,
                            format!(
                                "values `{other}` and `{value}` both become the variant `{variant}`"
                            ),
                            None,
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
                    doc: field.description.clone(),
                    values: out,
                });
                Type::Enum(self.enums.len() - 1)
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
                    None => self.camel(wire, path)?,
                };
                self.claim(&rust, path);
                let index = self.reserve_object(rust.clone());
                let checked = self.fields(fields, &format!("{path}.fields"), &rust);
                self.objects[index].doc = field.description.clone();
                self.objects[index].fields = checked;
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
                let item = self.field_type(wire, items, &format!("{path}.items"), parent)?;
                if kind == "array" {
                    Type::Array(Box::new(item))
                } else {
                    Type::Map(Box::new(item))
                }
            }
            other => match self.named.get(other) {
                Some(&index) => Type::Object(index),
                None => {
                    let candidates = BUILTIN_TYPES
                        .iter()
                        .copied()
                        .chain(self.named.keys().map(String::as_str));
                    let help = match ident::closest(other, candidates) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!(
                            "use one of {} or a name declared under `types:`",
                            BUILTIN_TYPES.join(", ")
                        ),
                    };
                    self.error(&tpath, format!("unknown type `{other}`"), Some(help));
                    return None;
                }
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

    fn endpoint(
        &mut self,
        name: &str,
        endpoint: &spec::Endpoint,
        path: &str,
        auth: &[ir::AuthScheme],
    ) -> Option<ir::Endpoint> {
        let rust = self.snake(name, path);
        let prefix = self.camel(name, path)?;
        let method = endpoint.method.clone();
        if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method.as_str()) {
            let help = ident::closest(&method, ["GET", "POST", "PUT", "PATCH", "DELETE"])
                .map(|m| format!("did you mean `{m}`?"))
                .unwrap_or_else(|| "use GET, POST, PUT, PATCH or DELETE".to_owned());
            self.error(
                &format!("{path}.method"),
                format!("unsupported method `{method}`"),
                Some(help),
            );
        }
        if !endpoint.path.starts_with('/') || endpoint.path.contains(['?', '#', '{', '}', ' ']) {
            self.error(
                &format!("{path}.path"),
                format!("path `{}` must start with `/` and hold no query, fragment, placeholder or space", endpoint.path),
                None,
            );
        }
        let mut headers = Vec::new();
        for (header, value) in endpoint.headers.iter() {
            let hpath = format!("{path}.headers.{header}");
            if !is_token(header) {
                self.error(
                    &hpath,
                    format!("`{header}` is not a valid HTTP header name"),
                    None,
                );
            } else if value.bytes().any(|b| b < 0x20 || b == 0x7f) {
                self.error(
                    &hpath,
                    "a header value may not hold control characters",
                    None,
                );
            } else if header.eq_ignore_ascii_case("authorization")
                || header.eq_ignore_ascii_case("cookie")
            {
                self.error(
                    &hpath,
                    format!("`{header}` carries credentials and must not be a fixed header"),
                    Some("declare an auth scheme under `auth:` and name it in `auth:` of the endpoint".to_owned()),
                );
            } else {
                headers.push((header.to_owned(), value.clone()));
            }
        }
        let endpoint_auth = match &endpoint.auth {
            Some(a) => Some(self.find_auth(auth, a, &format!("{path}.auth"))?),
            None => None,
        };
        let request = self.request(
            &prefix,
            endpoint.body.as_ref(),
            &format!("{path}.body"),
            endpoint_auth,
            auth,
            true,
        );

        let mut success: Option<ir::Success> = None;
        let mut errors: Vec<ir::ErrorStatus> = Vec::new();
        for (code, response) in endpoint.responses.iter() {
            let rpath = format!("{path}.responses.{code}");
            let status = match code.parse::<u16>() {
                Ok(s) if (100..=599).contains(&s) => s,
                _ => {
                    self.error(
                        &rpath,
                        format!("`{code}` is not an HTTP status code (100 to 599)"),
                        None,
                    );
                    continue;
                }
            };
            if (200..300).contains(&status) {
                if success.is_some() {
                    self.error(
                        &rpath,
                        "only one success (2xx) status per endpoint is supported",
                        Some(
                            "describe the other success as an error status, or split the endpoint"
                                .to_owned(),
                        ),
                    );
                    continue;
                }
                success = self.success(&prefix, status, response, &rpath);
            } else if let Some(e) = self.error_status(&prefix, status, response, &rpath) {
                if let Some(other) = errors.iter().find(|o| o.variant == e.variant) {
                    let other = other.status;
                    self.error(
                        &rpath,
                        format!(
                            "statuses {other} and {status} both become the variant `{}`",
                            e.variant
                        ),
                        Some("set `name:` on one of them".to_owned()),
                    );
                    continue;
                }
                errors.push(e);
            }
        }
        let Some(success) = success else {
            self.error(
                &format!("{path}.responses"),
                "no success (2xx) response is documented",
                Some("add the success status, e.g. `200: { body: { fields: ... } }`".to_owned()),
            );
            return None;
        };
        let error_rust = format!("{prefix}Error");
        self.claim(&error_rust, path);
        self.examples(endpoint, &request, &success, &errors, auth, path);

        let mut docs = Vec::new();
        docs.extend(endpoint.summary.clone());
        docs.extend(endpoint.description.clone());
        docs.extend(endpoint.notes.iter().cloned());
        Some(ir::Endpoint {
            name: Name {
                wire: name.to_owned(),
                rust: rust?,
            },
            prefix,
            method,
            path: endpoint.path.clone(),
            docs,
            deprecated: deprecation(endpoint.deprecated.as_ref()),
            headers,
            request: request?,
            success,
            errors,
            error_rust,
        })
    }

    /// Builds the request type of an endpoint (`http`) or websocket message.
    fn request(
        &mut self,
        prefix: &str,
        body: Option<&spec::Body>,
        path: &str,
        base_auth: Option<usize>,
        auth: &[ir::AuthScheme],
        http: bool,
    ) -> Option<ir::Request> {
        let rust = format!("{prefix}Request");
        let empty = spec::Body {
            fields: Map::default(),
            at_least_one_of: Vec::new(),
            variants: Map::default(),
        };
        let has_body = body.is_some();
        let body = body.unwrap_or(&empty);
        let all = self.fields(&body.fields, &format!("{path}.fields"), prefix);
        if all.len() != body.fields.0.len() {
            return None; // problems already reported
        }
        for (i, group) in body.at_least_one_of.iter().enumerate() {
            let gpath = format!("{path}.at_least_one_of[{i}]");
            if group.len() < 2 {
                self.error(
                    &gpath,
                    "a group needs at least two fields",
                    Some("make a single field `required: true` instead".to_owned()),
                );
            }
            for member in group {
                match body.fields.get(member) {
                    None => {
                        let help = ident::closest(member, body.fields.keys()).map(|s| format!("did you mean `{s}`?"));
                        self.error(&gpath, format!("`{member}` is not a field of this body"), help);
                    }
                    Some(f) if f.required.unwrap_or(true) => self.error(
                        &format!("{path}.fields.{member}.required"),
                        format!("`{member}` is in an at-least-one-of group, so it must be `required: false`"),
                        Some("set `required: false`".to_owned()),
                    ),
                    Some(_) => {}
                }
            }
        }

        if body.variants.is_empty() {
            self.claim(&rust, path);
            let shape = self.shape(
                &rust,
                None,
                &all,
                &body.at_least_one_of,
                base_auth,
                auth,
                path,
                has_body,
            )?;
            return Some(ir::Request::Single(shape));
        }
        self.claim(&rust, path);
        let mut variants = Vec::new();
        for (name, variant) in body.variants.iter() {
            let vpath = format!("{path}.variants.{name}");
            let Some(vrust) = self.camel(name, &vpath) else {
                continue;
            };
            let mut fields = Vec::new();
            for (i, wire) in variant.fields.iter().enumerate() {
                match all.iter().find(|f| f.name.wire == *wire) {
                    Some(f) if fields.iter().any(|g: &ir::Field| g.name.wire == *wire) => {
                        self.error(
                            &format!("{vpath}.fields[{i}]"),
                            format!("`{}` is listed twice", f.name.wire),
                            None,
                        );
                    }
                    Some(f) => fields.push(f.clone()),
                    None => {
                        let help = ident::closest(wire, body.fields.keys())
                            .map(|s| format!("did you mean `{s}`?"))
                            .unwrap_or_else(|| {
                                "declare it under `fields:` of the body first".to_owned()
                            });
                        self.error(
                            &format!("{vpath}.fields[{i}]"),
                            format!("`{wire}` is not a field of this body"),
                            Some(help),
                        );
                    }
                }
            }
            let vauth = match &variant.auth {
                Some(a) if !http => {
                    let _ = a;
                    self.error(
                        &format!("{vpath}.auth"),
                        "websocket request variants carry no auth scheme",
                        Some("remove `auth:`".to_owned()),
                    );
                    None
                }
                Some(a) => self
                    .find_auth(auth, a, &format!("{vpath}.auth"))
                    .or(base_auth),
                None => base_auth,
            };
            let groups: Vec<Vec<String>> = body
                .at_least_one_of
                .iter()
                .filter(|g| g.iter().any(|m| variant.fields.contains(m)))
                .cloned()
                .collect();
            for g in &groups {
                if !g.iter().all(|m| variant.fields.contains(m)) {
                    self.error(
                        &format!("{vpath}.fields"),
                        format!("the variant carries part of the group [{}]; list all of its fields or none", g.join(", ")),
                        None,
                    );
                }
            }
            let srust = format!("{prefix}{vrust}Request");
            self.claim(&srust, &vpath);
            let Some(mut shape) = self.shape(
                &srust,
                variant.description.clone(),
                &fields,
                &groups,
                vauth,
                auth,
                &vpath,
                has_body,
            ) else {
                continue;
            };
            shape.doc = variant.description.clone();
            variants.push(ir::RequestVariant {
                name: Name {
                    wire: name.to_owned(),
                    rust: vrust,
                },
                shape,
            });
        }
        Some(ir::Request::Variants { rust, variants })
    }

    #[allow(clippy::too_many_arguments)] // one call site per request kind; a struct would only rename these
    fn shape(
        &mut self,
        rust: &str,
        doc: Option<String>,
        fields: &[ir::Field],
        groups: &[Vec<String>],
        auth_index: Option<usize>,
        auth: &[ir::AuthScheme],
        path: &str,
        has_body: bool,
    ) -> Option<ir::Shape> {
        let mut plain = Vec::new();
        let mut out_groups: Vec<ir::Group> = Vec::new();
        for field in fields {
            match groups.iter().position(|g| g.contains(&field.name.wire)) {
                None => plain.push(field.clone()),
                Some(g) => {
                    let members: Vec<ir::Field> = groups[g]
                        .iter()
                        .filter_map(|m| fields.iter().find(|f| f.name.wire == *m).cloned())
                        .collect();
                    let wire = groups[g].join("_or_");
                    let field_rust = ident::snake(&wire).unwrap_or_default();
                    if out_groups.iter().any(|x| x.field == field_rust) {
                        continue;
                    }
                    let group_rust = format!(
                        "{}{}",
                        rust.trim_end_matches("Request"),
                        ident::camel(&wire).unwrap_or_default()
                    );
                    self.claim(&group_rust, path);
                    out_groups.push(ir::Group {
                        rust: group_rust,
                        field: field_rust,
                        members,
                    });
                }
            }
        }
        if let Some(a) = auth_index {
            let name = &auth[a].name.rust;
            if fields.iter().any(|f| f.name.rust == *name) {
                self.error(
                    path,
                    format!("the credential field `{name}` (from the auth scheme) has the name of a body field"),
                    Some("rename the auth scheme".to_owned()),
                );
                return None;
            }
        }
        Some(ir::Shape {
            rust: rust.to_owned(),
            doc,
            fields: plain,
            groups: out_groups,
            auth: auth_index,
            has_body,
        })
    }

    fn success(
        &mut self,
        prefix: &str,
        status: u16,
        response: &spec::Response,
        path: &str,
    ) -> Option<ir::Success> {
        let rust = format!("{prefix}Response");
        self.claim(&rust, path);
        if let Some(code) = &response.error_code {
            self.error(
                &format!("{path}.error_code"),
                format!("a success response carries no error code (`{code}`)"),
                Some("remove `error_code`".to_owned()),
            );
        }
        let body = response.body.as_ref().map(|b| {
            let brust = format!("{rust}Body");
            self.claim(&brust, &format!("{path}.body"));
            let index = self.reserve_object(brust.clone());
            let fields = self.fields(&b.fields, &format!("{path}.body.fields"), &brust);
            self.objects[index].doc = b
                .description
                .clone()
                .or_else(|| response.description.clone());
            self.objects[index].fields = fields;
            index
        });
        let headers = self.headers(&response.headers, &format!("{path}.headers"), true);
        let cookies = self.headers(&response.cookies, &format!("{path}.cookies"), false);
        let mut seen: Vec<&str> = Vec::new();
        for h in headers.iter().chain(&cookies) {
            if seen.contains(&h.name.rust.as_str()) || h.name.rust == "body" {
                self.error(
                    path,
                    format!(
                        "two headers or cookies (or one and `body`) become the field `{}`",
                        h.name.rust
                    ),
                    Some("rename one of them".to_owned()),
                );
            }
            seen.push(&h.name.rust);
        }
        Some(ir::Success {
            status,
            rust,
            doc: response.description.clone(),
            body,
            headers,
            cookies,
        })
    }

    fn headers(
        &mut self,
        fields: &Map<spec::Field>,
        path: &str,
        is_header: bool,
    ) -> Vec<ir::Header> {
        let mut out = Vec::new();
        for (name, field) in fields.iter() {
            let hpath = format!("{path}.{name}");
            if !is_token(name) {
                let what = if is_header { "header" } else { "cookie" };
                self.error(&hpath, format!("`{name}` is not a valid {what} name"), None);
                continue;
            }
            let secret = match field.ty.as_str() {
                "string" => false,
                "secret" => true,
                other => {
                    self.error(
                        &format!("{hpath}.type"),
                        format!("headers and cookies are `string` or `secret`, not `{other}`"),
                        None,
                    );
                    continue;
                }
            };
            let Some(rust) = self.snake(name, &hpath) else {
                continue;
            };
            out.push(ir::Header {
                name: Name {
                    wire: name.to_owned(),
                    rust,
                },
                secret,
                required: field.required.unwrap_or(true),
                doc: field.description.clone(),
            });
        }
        out
    }

    fn error_status(
        &mut self,
        prefix: &str,
        status: u16,
        response: &spec::Response,
        path: &str,
    ) -> Option<ir::ErrorStatus> {
        let variant = match &response.name {
            Some(name) => self.camel(name, &format!("{path}.name"))?,
            None => reason(status)
                .and_then(|r| ident::camel(r).ok())
                .unwrap_or_else(|| format!("Status{status}")),
        };
        if variant == "Decode" || variant == "Unexpected" {
            self.error(
                &format!("{path}.name"),
                format!("`{variant}` is reserved for errors the generator adds"),
                Some("pick another `name:`".to_owned()),
            );
            return None;
        }
        if !response.headers.is_empty() || !response.cookies.is_empty() {
            self.error(
                path,
                "headers and cookies of error responses are not supported yet",
                Some("describe them in `description:`".to_owned()),
            );
        }
        let body = response.body.as_ref().map(|b| {
            let brust = format!("{prefix}{variant}");
            self.claim(&brust, &format!("{path}.body"));
            let index = self.reserve_object(brust.clone());
            let fields = self.fields(&b.fields, &format!("{path}.body.fields"), &brust);
            self.objects[index].doc = b
                .description
                .clone()
                .or_else(|| response.description.clone());
            self.objects[index].fields = fields;
            index
        });
        let code = match &response.error_code {
            None => None,
            Some(code) => {
                let cpath = format!("{path}.error_code");
                let Some(b) = body else {
                    self.error(&cpath, format!("`error_code: {code}` names a body field, but status {status} has no `body`"), Some("add the body with its code field".to_owned()));
                    return None;
                };
                let fields = &self.objects[b].fields;
                match fields.iter().find(|f| f.name.wire == *code) {
                    Some(ir::Field {
                        ty: Type::Enum(e),
                        name,
                        ..
                    }) => Some((name.rust.clone(), *e)),
                    Some(_) => {
                        self.error(&cpath, format!("the error code field `{code}` must be a `type: enum` listing the documented codes"), None);
                        None
                    }
                    None => {
                        let names: Vec<String> =
                            fields.iter().map(|f| f.name.wire.clone()).collect();
                        let help = ident::closest(code, names.iter().map(String::as_str))
                            .map(|s| format!("did you mean `{s}`?"));
                        self.error(&cpath, format!("the body has no field `{code}`"), help);
                        None
                    }
                }
            }
        };
        Some(ir::ErrorStatus {
            status,
            variant,
            doc: response.description.clone(),
            body,
            code,
        })
    }

    fn session(
        &mut self,
        s: &spec::Session,
        path: &str,
        endpoint: &ir::Endpoint,
        index: usize,
        auth: &[ir::AuthScheme],
        base_url: Option<&ir::BaseUrl>,
    ) -> Option<ir::Session> {
        let token = self.field_path(endpoint, &s.token, &format!("{path}.token"));
        if let Some(t) = &token
            && t.ty != Type::Secret
        {
            self.error(
                &format!("{path}.token"),
                format!(
                    "the token field `{}` must be `type: secret` so it never shows in Debug output",
                    s.token
                ),
                Some("set `type: secret` on the response field".to_owned()),
            );
        }
        let send_as = match &s.send_as {
            None => None,
            Some(name) => {
                let i = self.find_auth(auth, name, &format!("{path}.send_as"));
                if let Some(i) = i
                    && auth[i].kind == ir::AuthKind::Basic
                {
                    self.error(
                        &format!("{path}.send_as"),
                        "a session token cannot be sent as HTTP Basic credentials",
                        Some("use a `bearer`, `header` or `cookie` scheme".to_owned()),
                    );
                }
                i
            }
        };
        let mut variables = Vec::new();
        for (name, field) in s.variables.iter() {
            let vpath = format!("{path}.variables.{name}");
            let Some(b) = base_url else {
                self.error(
                    &vpath,
                    "the service has no `base_url` whose variables a session could set",
                    None,
                );
                continue;
            };
            let Some(v) = b.variables.iter().position(|v| v.name.wire == name) else {
                let help = ident::closest(name, b.variables.iter().map(|v| v.name.wire.as_str()))
                    .map(|s| format!("did you mean `{s}`?"));
                self.error(
                    &vpath,
                    format!("`{name}` is not a variable of `base_url`"),
                    help,
                );
                continue;
            };
            if let Some(fp) = self.field_path(endpoint, field, &vpath) {
                match fp.ty {
                    Type::String => variables.push((v, fp)),
                    Type::Secret => self.error(
                        &vpath,
                        format!("`{field}` is a secret and would leak into the URL"),
                        Some("use a non-secret field for the host".to_owned()),
                    ),
                    _ => self.error(
                        &vpath,
                        format!("`{field}` must be a `string` to become part of a host name"),
                        None,
                    ),
                }
            }
        }
        let expires_at = s.expires_at.as_ref().and_then(|f| {
            let fp = self.field_path(endpoint, f, &format!("{path}.expires_at"))?;
            if matches!(fp.ty, Type::UnixMs | Type::UnixS | Type::Timestamp) {
                Some(fp)
            } else {
                self.error(
                    &format!("{path}.expires_at"),
                    format!("`{f}` must be `unix_ms`, `unix_s` or `timestamp` to give an expiry"),
                    None,
                );
                None
            }
        });
        let refresh_token = s.refresh_token.as_ref().and_then(|c| {
            let cookies = &endpoint.success.cookies;
            match cookies.iter().position(|k| k.name.wire == *c) {
                Some(i) if cookies[i].secret => Some(i),
                Some(_) => {
                    self.error(
                        &format!("{path}.refresh_token"),
                        format!("the cookie `{c}` must be `type: secret`"),
                        None,
                    );
                    None
                }
                None => {
                    let help = ident::closest(c, cookies.iter().map(|k| k.name.wire.as_str()))
                        .map(|s| format!("did you mean `{s}`?"))
                        .or_else(|| {
                            Some(format!(
                                "declare it under `responses.{}.cookies`",
                                endpoint.success.status
                            ))
                        });
                    self.error(
                        &format!("{path}.refresh_token"),
                        format!("the success response documents no cookie `{c}`"),
                        help,
                    );
                    None
                }
            }
        });
        let verification_required = s.verification_required.as_ref().and_then(|f| {
            let fp = self.field_path(endpoint, f, &format!("{path}.verification_required"))?;
            if fp.ty == Type::Boolean {
                Some(fp)
            } else {
                self.error(
                    &format!("{path}.verification_required"),
                    format!("`{f}` must be a `boolean`"),
                    None,
                );
                None
            }
        });
        Some(ir::Session {
            endpoint: index,
            token: token?,
            send_as,
            variables,
            expires_at,
            refresh_token,
            verification_required,
        })
    }

    /// Resolves `a.b.c` against the success body of `endpoint`.
    fn field_path(
        &mut self,
        endpoint: &ir::Endpoint,
        wire: &str,
        path: &str,
    ) -> Option<ir::FieldPath> {
        let Some(mut object) = endpoint.success.body else {
            self.error(
                path,
                format!("`{wire}` names a response field, but the success response has no body"),
                None,
            );
            return None;
        };
        let mut steps = Vec::new();
        let segments: Vec<&str> = wire.split('.').collect();
        for (i, segment) in segments.iter().enumerate() {
            let fields = &self.objects[object].fields;
            let Some(field) = fields.iter().find(|f| f.name.wire == *segment) else {
                let names: Vec<String> = fields.iter().map(|f| f.name.wire.clone()).collect();
                let help = ident::closest(segment, names.iter().map(String::as_str))
                    .map(|s| {
                        format!(
                            "did you mean `{}`?",
                            segments[..i]
                                .iter()
                                .copied()
                                .chain([s])
                                .collect::<Vec<_>>()
                                .join(".")
                        )
                    })
                    .unwrap_or_else(|| format!("fields here: {}", names.join(", ")));
                self.error(
                    path,
                    format!(
                        "the success response has no field `{}`",
                        segments[..=i].join(".")
                    ),
                    Some(help),
                );
                return None;
            };
            steps.push((field.name.rust.clone(), !field.required));
            let ty = field.ty.clone();
            if i + 1 == segments.len() {
                return Some(ir::FieldPath {
                    wire: wire.to_owned(),
                    steps,
                    ty,
                });
            }
            match ty {
                Type::Object(o) => object = o,
                _ => {
                    self.error(
                        path,
                        format!(
                            "`{}` is not an object, so `{wire}` cannot go inside it",
                            segments[..=i].join(".")
                        ),
                        None,
                    );
                    return None;
                }
            }
        }
        None
    }

    fn websocket(&mut self, ws: &spec::Websocket, has_session: bool) -> Option<ir::Websocket> {
        let mut messages = Vec::new();
        for (name, message) in ws.messages.iter() {
            let path = format!("websocket.messages.{name}");
            let Some(rust) = self.snake(name, &path) else {
                continue;
            };
            let Some(prefix) = self.camel(name, &path).map(|c| format!("{c}Message")) else {
                continue;
            };
            let Some(request) = self.request(
                &prefix,
                Some(&message.request),
                &format!("{path}.request"),
                None,
                &[],
                false,
            ) else {
                continue;
            };
            let mut token_fields = Vec::new();
            for (field, value) in message.from_session.iter() {
                let fpath = format!("{path}.from_session.{field}");
                if value != "token" {
                    self.error(
                        &fpath,
                        format!("`{value}` is not a session value; the session offers `token`"),
                        None,
                    );
                    continue;
                }
                if !has_session {
                    self.error(
                        &fpath,
                        "no endpoint declares a `session` to take the token from",
                        None,
                    );
                    continue;
                }
                match message.request.fields.get(field) {
                    Some(f) if f.ty == "secret" => {
                        token_fields.push(ident::snake(field).unwrap_or_default())
                    }
                    Some(_) => self.error(
                        &fpath,
                        format!(
                            "`{field}` receives the session token, so it must be `type: secret`"
                        ),
                        None,
                    ),
                    None => self.error(&fpath, format!("the request has no field `{field}`"), None),
                }
            }
            let response_rust = format!("{prefix}Response");
            self.claim(&response_rust, &format!("{path}.response"));
            let index = self.reserve_object(response_rust.clone());
            let fields = self.fields(
                &message.response.fields,
                &format!("{path}.response.fields"),
                &response_rust,
            );
            if fields.iter().any(|f| f.name.wire == ws.envelope.id) {
                self.error(
                    &format!("{path}.response.fields.{}", ws.envelope.id),
                    "the correlation id is part of the envelope; do not list it as a field",
                    None,
                );
            }
            self.objects[index].doc = message.response.description.clone();
            self.objects[index].fields = fields;
            messages.push(ir::Message {
                name: Name {
                    wire: name.to_owned(),
                    rust,
                },
                prefix,
                doc: message.description.clone(),
                deprecated: deprecation(message.deprecated.as_ref()),
                request,
                token_fields,
                response: index,
            });
        }
        for (i, example) in ws.examples.iter().enumerate() {
            let epath = format!("websocket.examples[{i}]");
            if let Some(frame) = &example.request {
                let inner = frame.get(&ws.envelope.request);
                let known = inner.and_then(|r| r.as_object()).is_some_and(|o| {
                    o.keys().any(|k| ws.messages.get(k).is_some())
                        && o.contains_key(&ws.envelope.id)
                });
                if !known {
                    self.error(
                        &format!("{epath}.request"),
                        format!("the frame is not `{{{}: {{<message>: ..., {}: ...}}}}` for a declared message", ws.envelope.request, ws.envelope.id),
                        None,
                    );
                }
            }
        }
        Some(ir::Websocket {
            doc: ws.description.clone(),
            request_key: ws.envelope.request.clone(),
            response_key: ws.envelope.response.clone(),
            id_key: ws.envelope.id.clone(),
            messages,
        })
    }

    /// Examples must name a declared variant, scheme and status, and their bodies must use
    /// declared fields.
    fn examples(
        &mut self,
        endpoint: &spec::Endpoint,
        request: &Option<ir::Request>,
        success: &ir::Success,
        errors: &[ir::ErrorStatus],
        auth: &[ir::AuthScheme],
        path: &str,
    ) {
        let mut names: Vec<&str> = Vec::new();
        for (i, example) in endpoint.examples.iter().enumerate() {
            let epath = format!("{path}.examples[{i}]");
            if names.contains(&example.name.as_str()) {
                self.error(
                    &format!("{epath}.name"),
                    format!("another example is already named `{}`", example.name),
                    None,
                );
            }
            names.push(&example.name);
            if let Some(req) = &example.request {
                let variants: Vec<&str> = match request {
                    Some(ir::Request::Variants { variants, .. }) => {
                        variants.iter().map(|v| v.name.wire.as_str()).collect()
                    }
                    _ => Vec::new(),
                };
                match (&req.variant, variants.is_empty()) {
                    (Some(v), false) if !variants.contains(&v.as_str()) => {
                        let help = ident::closest(v, variants.iter().copied())
                            .map(|s| format!("did you mean `{s}`?"));
                        self.error(
                            &format!("{epath}.request.variant"),
                            format!("there is no request variant `{v}`"),
                            help,
                        );
                    }
                    (Some(_), true) => self.error(
                        &format!("{epath}.request.variant"),
                        "the request has no variants",
                        Some("remove `variant:`".to_owned()),
                    ),
                    (None, false) => self.error(
                        &format!("{epath}.request"),
                        "the request has variants; say which one the example uses",
                        Some(format!(
                            "add `variant:` with one of {}",
                            variants.join(", ")
                        )),
                    ),
                    _ => {}
                }
                for scheme in req.auth.keys() {
                    if !auth.iter().any(|a| a.name.wire == scheme) {
                        self.find_auth(auth, scheme, &format!("{epath}.request.auth.{scheme}"));
                    }
                }
                if let (Some(serde_json::Value::Object(body)), Some(b)) =
                    (&req.body, &endpoint.body)
                {
                    for key in body.keys() {
                        if b.fields.get(key).is_none() {
                            let help = ident::closest(key, b.fields.keys())
                                .map(|s| format!("did you mean `{s}`?"));
                            self.error(
                                &format!("{epath}.request.body.{key}"),
                                format!("`{key}` is not a field of the request body"),
                                help,
                            );
                        }
                    }
                }
            }
            if let Some(resp) = &example.response {
                let documented =
                    resp.status == success.status || errors.iter().any(|e| e.status == resp.status);
                if !documented {
                    self.error(
                        &format!("{epath}.response.status"),
                        format!("status {} is not documented under `responses`", resp.status),
                        None,
                    );
                }
            }
        }
    }
}

fn deprecation(d: Option<&spec::Deprecated>) -> Option<String> {
    match d {
        None | Some(spec::Deprecated::Flag(false)) => None,
        Some(spec::Deprecated::Flag(true)) => Some(String::new()),
        Some(spec::Deprecated::Note(note)) => Some(note.clone()),
    }
}

/// RFC 9110 token characters: header and cookie names.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn is_host_label(s: &str, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The IANA reason phrase of the error statuses a login documents most often.
fn reason(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "bad request",
        401 => "unauthorized",
        402 => "payment required",
        403 => "forbidden",
        404 => "not found",
        405 => "method not allowed",
        406 => "not acceptable",
        408 => "request timeout",
        409 => "conflict",
        410 => "gone",
        412 => "precondition failed",
        413 => "content too large",
        415 => "unsupported media type",
        422 => "unprocessable content",
        423 => "locked",
        428 => "precondition required",
        429 => "too many requests",
        500 => "internal server error",
        501 => "not implemented",
        502 => "bad gateway",
        503 => "service unavailable",
        504 => "gateway timeout",
        _ => return None,
    })
}
