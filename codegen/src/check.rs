//! Stage 2: judge a parsed spec and build the IR.
//!
//! Takes a [`Loaded`] spec; returns an [`ir::Service`] when the spec is sound. Every rule
//! pushes its problem to the diagnostics and carries on, so one run reports them all.
//! A part that has a problem is replaced by a placeholder so that the checks of the
//! parts that depend on it still run, and a problem that only follows from another one
//! already reported is not reported again. This is the only module that decides whether
//! input is acceptable.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, Ipv6Addr};

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

/// Names from Rust's prelude that generated code uses unqualified; no generated type may
/// take one of them.
const PRELUDE: &[&str] = &[
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Eq",
    "Err",
    "From",
    "Hash",
    "Into",
    "None",
    "Ok",
    "Option",
    "PartialEq",
    "Result",
    "Self",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "Vec",
];

/// Longest host label (RFC 1035).
const MAX_LABEL: usize = 63;

/// Checks one loaded spec; `None` when any problem was found (all are in `diags`).
pub fn check(loaded: &Loaded, diags: &mut Diagnostics) -> Option<ir::Service> {
    let mut checker = Checker {
        loaded,
        diags: Diagnostics::default(),
        objects: Vec::new(),
        object_paths: Vec::new(),
        dropped: Vec::new(),
        enums: Vec::new(),
        named: BTreeMap::new(),
        broken_types: Vec::new(),
        broken_auth: Vec::new(),
        type_names: BTreeMap::new(),
    };
    let service = checker.service();
    let ok = checker.diags.is_empty();
    diags.extend(checker.diags);
    if ok { service } else { None }
}

/// How the spec can change a generated Rust type name, for the help of a collision.
#[derive(Debug, Clone)]
enum Fix {
    /// The name comes from an `object` or `enum` field, which takes `type_name:`.
    TypeName,
    /// The name comes from a key that can be renamed; says how.
    Rename(String),
    /// The name comes from a wire name that cannot be changed.
    Wire,
    /// The generator always uses this name.
    Fixed,
}

/// Who claimed a Rust type name.
struct Claim {
    path: String,
    fix: Fix,
}

/// The result of checking one endpoint.
struct EndpointCheck {
    /// The endpoint, when every part of it is sound.
    endpoint: Option<ir::Endpoint>,
    /// The success response, when one was documented (the session reads it).
    success: Option<ir::Success>,
    /// The prefix of its types (a placeholder when the name cannot be converted).
    prefix: String,
}

struct Checker<'a> {
    loaded: &'a Loaded,
    diags: Diagnostics,
    objects: Vec<ir::Object>,
    /// For each object, the spec path whose `fields:` it was built from.
    object_paths: Vec<String>,
    /// For each object, the wire names of fields left out because of a reported problem;
    /// references to them are not reported again.
    dropped: Vec<Vec<String>>,
    enums: Vec<ir::Enum>,
    /// `types:` entries by spec name, to their object index.
    named: BTreeMap<String, usize>,
    /// `types:` keys that could not be used (already reported).
    broken_types: Vec<String>,
    /// Auth scheme keys that could not be used (already reported).
    broken_auth: Vec<String>,
    /// Every Rust type name claimed so far, with who claimed it.
    type_names: BTreeMap<String, Claim>,
}

/// The spec path of the element a diagnostic path is inside: `a.b[2]` -> `a.b`, `a.b` -> `a`.
fn parent_path(path: &str) -> Option<&str> {
    let cut = path.rfind(['.', '['])?;
    Some(&path[..cut]).filter(|p| !p.is_empty())
}

impl Checker<'_> {
    /// Records a problem. A path whose last keys are not written in the file (a default
    /// such as an implicit `required: true`) is located at the nearest enclosing key.
    fn error(&mut self, path: &str, message: impl Into<String>, help: Option<String>) {
        let mut location = locate(&self.loaded.source, path);
        let mut at = path;
        while location.is_none() {
            let Some(parent) = parent_path(at) else {
                break;
            };
            at = parent;
            location = locate(&self.loaded.source, at);
        }
        self.diags.push(Diagnostic {
            file: self.loaded.file.clone(),
            path: path.to_owned(),
            location,
            message: message.into(),
            help,
        });
    }

    /// Claims a Rust type name for the generated module; reports a collision.
    fn claim(&mut self, rust: &str, path: &str, fix: Fix) {
        if PRELUDE.contains(&rust) {
            let help =
                fix_text(&fix, path).unwrap_or_else(|| "v1 cannot describe this name".to_owned());
            self.error(
                path,
                format!(
                    "the Rust type name `{rust}` would shadow Rust's own `{rust}`, which the generated code uses"
                ),
                Some(help),
            );
            return;
        }
        let Some(first) = self.type_names.get(rust) else {
            self.type_names.insert(
                rust.to_owned(),
                Claim {
                    path: path.to_owned(),
                    fix,
                },
            );
            return;
        };
        let first_path = first.path.clone();
        let help = match (&fix, &first.fix) {
            (Fix::TypeName, Fix::TypeName) => {
                "set `type_name:` on one of them to pick another name".to_owned()
            }
            (new, old) => {
                let parts: Vec<String> = [fix_text(new, path), fix_text(old, &first_path)]
                    .into_iter()
                    .flatten()
                    .collect();
                let mut help = if parts.is_empty() {
                    "both names come from wire names, which cannot be changed, so v1 cannot \
                     describe both"
                        .to_owned()
                } else {
                    parts.join(", or ")
                };
                if matches!(new, Fix::Fixed) || matches!(old, Fix::Fixed) {
                    help.push_str(&format!("; the generator always defines `{rust}`"));
                }
                help
            }
        };
        self.error(
            path,
            format!("the Rust type name `{rust}` is already used by `{first_path}`"),
            Some(help),
        );
    }

    /// The snake_case Rust name of `wire`; `help` says how to fix a name that cannot
    /// be converted.
    fn snake(&mut self, wire: &str, path: &str, help: &str) -> Option<String> {
        match ident::snake(wire) {
            Ok(name) => Some(name),
            Err(err) => {
                self.error(
                    path,
                    format!("`{wire}` cannot become a Rust name: {err}"),
                    Some(help.to_owned()),
                );
                None
            }
        }
    }

    /// The UpperCamelCase Rust name of `wire`; `help` as for [`Checker::snake`].
    fn camel(&mut self, wire: &str, path: &str, help: &str) -> Option<String> {
        match ident::camel(wire) {
            Ok(name) => Some(name),
            Err(err) => {
                self.error(
                    path,
                    format!("`{wire}` cannot become a Rust type name: {err}"),
                    Some(help.to_owned()),
                );
                None
            }
        }
    }

    /// Both Rust names of a key that names generated items (an endpoint or a message):
    /// one problem when it cannot be converted, and a placeholder prefix that collides
    /// with nothing so the rest can still be checked.
    fn item_names(&mut self, wire: &str, path: &str, help: &str) -> (Option<String>, String) {
        match (ident::snake(wire), ident::camel(wire)) {
            (Ok(rust), Ok(prefix)) => (Some(rust), prefix),
            (Err(err), _) | (_, Err(err)) => {
                self.error(
                    path,
                    format!("`{wire}` cannot become a Rust name: {err}"),
                    Some(help.to_owned()),
                );
                (None, format!("<{wire}>"))
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
        let module = self.snake(
            &spec.service.name,
            "service.name",
            "set `service.name` to an ASCII name such as `example`",
        );
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
                self.broken_types.push(name.to_owned());
                continue;
            }
            let Some(rust) = self.camel(
                name,
                &path,
                "rename the `types` entry to an ASCII name such as `User`, and the fields that use it",
            ) else {
                self.broken_types.push(name.to_owned());
                continue;
            };
            self.claim(
                &rust,
                &path,
                Fix::Rename(format!(
                    "rename the `types` entry `{name}` and the fields that use it"
                )),
            );
            let index = self.reserve_object(rust, &path);
            self.named.insert(name.to_owned(), index);
        }
        for (name, object) in spec.types.iter() {
            if let Some(&index) = self.named.get(name) {
                let path = format!("types.{name}");
                let rust = self.objects[index].rust.clone();
                self.object_fields(index, &object.fields, &path, &rust);
                self.objects[index].doc = object.description.clone();
            }
        }
        // Only named types can refer back to a type being defined.
        self.recursion();

        let mut endpoints = Vec::new();
        let mut session = None;
        let mut session_at: Option<String> = None;
        // Fixed and derived names are claimed last, so a collision is reported at them.
        let mut late_claims: Vec<(String, String, Fix)> = Vec::new();
        let mut broken = false;
        for (name, endpoint) in spec.endpoints.iter() {
            let path = format!("endpoints.{name}");
            let checked = self.endpoint(name, endpoint, &path, &auth);
            if let Some(s) = &endpoint.session {
                let spath = format!("{path}.session");
                if session_at.is_some() {
                    self.error(
                        &spath,
                        "only one endpoint of a service may declare a `session`",
                        Some("keep the session on the login endpoint".to_owned()),
                    );
                } else {
                    session_at = Some(spath.clone());
                    session = self.session(
                        s,
                        &spath,
                        checked.success.as_ref(),
                        endpoints.len(),
                        &auth,
                        base_url.as_ref(),
                    );
                    late_claims.push(("Session".to_owned(), spath.clone(), Fix::Fixed));
                    if s.verification_required.is_some() {
                        late_claims.push((
                            format!("{}Outcome", checked.prefix),
                            format!("{spath}.verification_required"),
                            Fix::Rename(format!("rename the endpoint `{name}`")),
                        ));
                    }
                }
            }
            match checked.endpoint {
                Some(e) => endpoints.push(e),
                None => broken = true,
            }
        }
        if spec.endpoints.is_empty() {
            self.error(
                "endpoints",
                "a spec needs at least one endpoint",
                Some("describe the login endpoint under `endpoints:`".to_owned()),
            );
        }
        let websocket = spec
            .websocket
            .as_ref()
            .and_then(|ws| self.websocket(ws, session_at.is_some()));
        late_claims.push(("Client".to_owned(), "service.name".to_owned(), Fix::Fixed));
        late_claims.push((
            "BlockingClient".to_owned(),
            "service.name".to_owned(),
            Fix::Fixed,
        ));
        if spec.websocket.is_some() {
            late_claims.push(("Socket".to_owned(), "websocket".to_owned(), Fix::Fixed));
        }
        for (rust, path, fix) in late_claims {
            self.claim(&rust, &path, fix);
        }
        if broken || (session_at.is_some() && session.is_none()) {
            return None; // problems already reported
        }

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

    /// Refuses named types that contain themselves other than through an `array` or a
    /// `map` (a struct cannot hold itself, even in an `Option`).
    fn recursion(&mut self) {
        // Iterative depth-first search over "object holds object" edges.
        const NEW: u8 = 0;
        const OPEN: u8 = 1;
        const DONE: u8 = 2;
        let count = self.objects.len();
        let mut state = vec![NEW; count];
        let mut found: Vec<(String, String)> = Vec::new();
        for root in 0..count {
            if state[root] != NEW {
                continue;
            }
            // (object, index of the next field to follow)
            let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
            state[root] = OPEN;
            while let Some(top) = stack.len().checked_sub(1) {
                let (object, next) = stack[top];
                let Some(field) = self.objects[object].fields.get(next) else {
                    state[object] = DONE;
                    stack.pop();
                    continue;
                };
                stack[top].1 += 1;
                let Type::Object(target) = field.ty else {
                    continue;
                };
                match state.get(target).copied() {
                    Some(NEW) => {
                        state[target] = OPEN;
                        stack.push((target, 0));
                    }
                    Some(OPEN) => {
                        // A cycle: from `target` down the stack to this field.
                        let start = stack.iter().position(|(o, _)| *o == target).unwrap_or(0);
                        let steps: Vec<String> = stack[start..]
                            .iter()
                            .map(|&(o, n)| {
                                let wire = self.objects[o]
                                    .fields
                                    .get(n.saturating_sub(1))
                                    .map_or("", |f| f.name.wire.as_str());
                                format!("`{}.{wire}`", self.objects[o].rust)
                            })
                            .collect();
                        let rust = &self.objects[target].rust;
                        let path = format!(
                            "{}.fields.{}.type",
                            self.object_paths[object], field.name.wire
                        );
                        let message = format!(
                            "the type `{rust}` contains itself through {}, so it would have infinite size",
                            steps.join(" -> ")
                        );
                        found.push((path, message));
                    }
                    _ => {}
                }
            }
        }
        for (path, message) in found {
            self.error(
                &path,
                message,
                Some(
                    "break the cycle with an `array` or a `map` of the type (`type: array` with \
                     `items: { type: ... }`); a recursion through them is fine"
                        .to_owned(),
                ),
            );
        }
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
        let (rest, https) = if let Some(rest) = template.strip_prefix("https://") {
            (rest, true)
        } else if let Some(rest) = template.strip_prefix("http://") {
            (rest, false)
        } else {
            self.error(
                path,
                format!("base URL `{template}` must start with `https://` or `http://`"),
                None,
            );
            return None;
        };
        let host_end = rest.find('/').unwrap_or(rest.len());
        if !https && !is_loopback_authority(&rest[..host_end]) {
            self.error(
                path,
                format!(
                    "base URL `{template}` uses `http://`, which is only allowed for loopback \
                     hosts (localhost, 127.0.0.0/8, [::1]); the runtime refuses it elsewhere"
                ),
                Some("use `https://`".to_owned()),
            );
        }
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
                    let max_len = match variable.max_length {
                        None => MAX_LABEL,
                        Some(m) if (1..=MAX_LABEL).contains(&(m as usize)) => m as usize,
                        Some(_) => {
                            self.error(
                                &format!("{vpath}.max_length"),
                                format!("`max_length` must be between 1 and {MAX_LABEL} (a host label's limit)"),
                                None,
                            );
                            MAX_LABEL // judge the default by the host label's limit only
                        }
                    };
                    if let Some(default) = &variable.default
                        && !is_host_label(default, max_len)
                    {
                        self.error(
                            &format!("{vpath}.default"),
                            format!("the default `{default}` is not a host label (lowercase letters, digits and `-`, at most {max_len} characters)"),
                            None,
                        );
                    }
                    let rust = self
                        .snake(
                            &name,
                            &vpath,
                            "rename the variable to an ASCII name such as `tier`, in `base_url` too",
                        )
                        .unwrap_or_default();
                    if let Some(other) = variables
                        .iter()
                        .find(|v| !rust.is_empty() && v.name.rust == rust)
                    {
                        let other = other.name.wire.clone();
                        self.error(
                            &vpath,
                            format!(
                                "variables `{other}` and `{name}` both become the parameter `{rust}` of `base_url(..)`"
                            ),
                            Some("rename one of them, in `base_url` too".to_owned()),
                        );
                    }
                    variables.push(ir::Variable {
                        name: Name {
                            wire: name.clone(),
                            rust,
                        },
                        default: variable.default.clone(),
                        doc: variable.description.clone(),
                        max_len,
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
            let Some(rust) = self.snake(
                name,
                &path,
                "rename the auth scheme to an ASCII name such as `app`, and every `auth:` and `send_as:` that names it",
            ) else {
                self.broken_auth.push(name.to_owned());
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
        if self.broken_auth.iter().any(|b| b == name) {
            return None; // its problem is already reported
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

    /// Adds an object (its fields come later); `path` is where its `fields:` key is.
    fn reserve_object(&mut self, rust: String, path: &str) -> usize {
        self.objects.push(ir::Object {
            rust,
            doc: None,
            fields: Vec::new(),
        });
        self.object_paths.push(path.to_owned());
        self.dropped.push(Vec::new());
        self.objects.len() - 1
    }

    /// Checks the fields under `{path}.fields` into the object `index`.
    fn object_fields(&mut self, index: usize, fields: &Map<spec::Field>, path: &str, parent: &str) {
        let (checked, dropped) = self.fields(fields, &format!("{path}.fields"), parent);
        self.objects[index].fields = checked;
        self.dropped[index] = dropped;
    }

    /// Checks an object's fields; nested types are named after `parent`. Returns the
    /// sound fields, and the wire names of those left out because of a problem.
    fn fields(
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
    fn field_rust_name(&mut self, wire: &str, field: &spec::Field, path: &str) -> Option<String> {
        match &field.rust_name {
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
        let rust = self.field_rust_name(wire, field, path);
        let ty = self.field_type(wire, field, path, parent);
        Some(ir::Field {
            name: Name {
                wire: wire.to_owned(),
                rust: rust?,
            },
            ty: ty?,
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
        let known = BUILTIN_TYPES.contains(&kind)
            || self.named.contains_key(kind)
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
                    None => format!(
                        "{parent}{}",
                        self.camel(wire, path, "set `type_name:` to the Rust name to use")?
                    ),
                };
                self.claim(&rust, path, Fix::TypeName);
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
                            format!(
                                "values `{other}` and `{value}` both become the variant `{variant}`"
                            ),
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
                    None => self.camel(wire, path, "set `type_name:` to the Rust name to use")?,
                };
                self.claim(&rust, path, Fix::TypeName);
                let index = self.reserve_object(rust.clone(), path);
                self.object_fields(index, fields, path, &rust);
                self.objects[index].doc = field.description.clone();
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
                None if !known => {
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
                None => return None, // a `types:` entry whose problem is already reported
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
    ) -> EndpointCheck {
        let (rust, prefix) = self.item_names(
            name,
            path,
            "rename the endpoint to an ASCII name such as `login`",
        );
        let fix = Fix::Rename(format!("rename the endpoint `{name}`"));
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
        let mut auth_ok = true;
        let endpoint_auth = match &endpoint.auth {
            Some(a) => {
                let found = self.find_auth(auth, a, &format!("{path}.auth"));
                auth_ok = found.is_some();
                found
            }
            None => None,
        };
        let request = self.request(
            &prefix,
            endpoint.body.as_ref(),
            &format!("{path}.body"),
            endpoint_auth,
            auth,
            true,
            &fix,
        );

        let mut success: Option<ir::Success> = None;
        let mut errors: Vec<ir::ErrorStatus> = Vec::new();
        let mut responses_ok = true;
        // Every status the spec documents, even one with a problem: examples may use it.
        let mut statuses: Vec<u16> = Vec::new();
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
                    responses_ok = false;
                    continue;
                }
            };
            statuses.push(status);
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
                    responses_ok = false;
                    continue;
                }
                success = Some(self.success(&prefix, status, response, &rpath, &fix));
            } else if let Some(e) = self.error_status(&prefix, status, response, &rpath, &fix) {
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
                    responses_ok = false;
                    continue;
                }
                errors.push(e);
            } else {
                responses_ok = false;
            }
        }
        if success.is_none() {
            self.error(
                &format!("{path}.responses"),
                "no success (2xx) response is documented",
                Some("add the success status, e.g. `200: { body: { fields: ... } }`".to_owned()),
            );
        }
        let error_rust = format!("{prefix}Error");
        self.claim(&error_rust, path, fix.clone());
        self.examples(endpoint, &statuses, auth, path);

        let mut docs = Vec::new();
        docs.extend(endpoint.summary.clone());
        docs.extend(endpoint.description.clone());
        docs.extend(endpoint.notes.iter().cloned());
        let checked = match (rust, request, success.clone()) {
            (Some(rust), Some(request), Some(success)) if auth_ok && responses_ok => {
                Some(ir::Endpoint {
                    name: Name {
                        wire: name.to_owned(),
                        rust,
                    },
                    prefix: prefix.clone(),
                    method,
                    path: endpoint.path.clone(),
                    docs,
                    deprecated: deprecation(endpoint.deprecated.as_ref()),
                    headers,
                    request,
                    success,
                    errors,
                    error_rust,
                })
            }
            _ => None,
        };
        EndpointCheck {
            endpoint: checked,
            success,
            prefix,
        }
    }

    /// Builds the request type of an endpoint (`http`) or websocket message; `fix` says
    /// how the spec can rename its types.
    #[allow(clippy::too_many_arguments)] // one call site per request kind; a struct would only rename these
    fn request(
        &mut self,
        prefix: &str,
        body: Option<&spec::Body>,
        path: &str,
        base_auth: Option<usize>,
        auth: &[ir::AuthScheme],
        http: bool,
        fix: &Fix,
    ) -> Option<ir::Request> {
        let rust = format!("{prefix}Request");
        let empty = spec::Body {
            fields: Map::default(),
            at_least_one_of: Vec::new(),
            variants: Map::default(),
        };
        let has_body = body.is_some();
        let body = body.unwrap_or(&empty);
        let (all, dropped) = self.fields(&body.fields, &format!("{path}.fields"), prefix);
        // Later checks go on with the sound fields; `ok` says whether a type can be built.
        let mut ok = dropped.is_empty();

        // Each field is in one group at most, and each group's field name is its own.
        let mut grouped: Vec<(&str, usize)> = Vec::new();
        let mut group_fields: Vec<(String, usize)> = Vec::new();
        for (i, group) in body.at_least_one_of.iter().enumerate() {
            let gpath = format!("{path}.at_least_one_of[{i}]");
            if group.len() < 2 {
                self.error(
                    &gpath,
                    "a group needs at least two fields",
                    Some("make a single field `required: true` instead".to_owned()),
                );
                ok = false;
            }
            let mut seen: Vec<&str> = Vec::new();
            for member in group {
                if seen.contains(&member.as_str()) {
                    self.error(
                        &gpath,
                        format!("`{member}` is listed twice in this group"),
                        Some(format!("remove the second `{member}`")),
                    );
                    ok = false;
                    continue;
                }
                seen.push(member);
                let Some(f) = body.fields.get(member) else {
                    let help = ident::closest(member, body.fields.keys())
                        .map(|s| format!("did you mean `{s}`?"));
                    self.error(
                        &gpath,
                        format!("`{member}` is not a field of this body"),
                        help,
                    );
                    ok = false;
                    continue;
                };
                if let Some(&(_, other)) = grouped.iter().find(|(m, _)| *m == member) {
                    self.error(
                        &gpath,
                        format!(
                            "`{member}` is already in the group [{}]; a field can be in one group only",
                            body.at_least_one_of[other].join(", ")
                        ),
                        Some(format!(
                            "merge the two groups, or remove `{member}` from one of them"
                        )),
                    );
                    ok = false;
                    continue;
                }
                grouped.push((member, i));
                if f.required.unwrap_or(true) {
                    self.error(
                        &format!("{path}.fields.{member}.required"),
                        format!("`{member}` is in an at-least-one-of group, so it must be `required: false`"),
                        Some("set `required: false`".to_owned()),
                    );
                    ok = false;
                }
            }
            if group.len() < 2 {
                continue;
            }
            let field_rust = group_field(group);
            // Members sit inside the group's struct; other fields sit beside its field.
            let beside = all.iter().find(|f| {
                f.name.rust == field_rust
                    && !body
                        .at_least_one_of
                        .iter()
                        .any(|g| g.contains(&f.name.wire))
            });
            if let Some(&(_, other)) = group_fields.iter().find(|(f, _)| *f == field_rust) {
                self.error(
                    &gpath,
                    format!(
                        "the groups [{}] and [{}] both become the field `{field_rust}`",
                        body.at_least_one_of[other].join(", "),
                        group.join(", ")
                    ),
                    Some(
                        "list the fields of one group in another order (a group's field joins its \
                         fields with `_or_`)"
                            .to_owned(),
                    ),
                );
                ok = false;
            } else if let Some(f) = beside {
                self.error(
                    &gpath,
                    format!(
                        "the group becomes the field `{field_rust}`, the Rust name of the body field `{}`",
                        f.name.wire
                    ),
                    Some(format!("set `rust_name:` on the body field `{}`", f.name.wire)),
                );
                ok = false;
            }
            group_fields.push((field_rust, i));
        }

        self.claim(&rust, path, fix.clone());
        if body.variants.is_empty() {
            let shape = self.shape(
                &rust,
                None,
                &all,
                &body.at_least_one_of,
                base_auth,
                auth,
                path,
                has_body,
                fix,
            );
            return shape.filter(|_| ok).map(ir::Request::Single);
        }
        let mut variants = Vec::new();
        for (name, variant) in body.variants.iter() {
            let vpath = format!("{path}.variants.{name}");
            let vfix = Fix::Rename(format!("rename the variant `{name}`"));
            let Some(vrust) = self.camel(
                name,
                &vpath,
                "rename the variant to an ASCII name such as `password`, and `variant:` in the examples",
            ) else {
                ok = false;
                continue;
            };
            let mut fields = Vec::new();
            let mut listed: Vec<&str> = Vec::new();
            for (i, wire) in variant.fields.iter().enumerate() {
                if listed.contains(&wire.as_str()) {
                    self.error(
                        &format!("{vpath}.fields[{i}]"),
                        format!("`{wire}` is listed twice"),
                        None,
                    );
                    ok = false;
                    continue;
                }
                listed.push(wire);
                if body.fields.get(wire).is_none() {
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
                    ok = false;
                    continue;
                }
                // A field with a problem of its own is already reported.
                if let Some(f) = all.iter().find(|f| f.name.wire == *wire) {
                    fields.push(f.clone());
                }
            }
            let vauth = match &variant.auth {
                Some(_) if !http => {
                    self.error(
                        &format!("{vpath}.auth"),
                        "websocket request variants carry no auth scheme",
                        Some("remove `auth:`".to_owned()),
                    );
                    ok = false;
                    None
                }
                Some(a) => match self.find_auth(auth, a, &format!("{vpath}.auth")) {
                    Some(i) => Some(i),
                    None => {
                        ok = false;
                        base_auth
                    }
                },
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
                    ok = false;
                }
            }
            let srust = format!("{prefix}{vrust}Request");
            self.claim(&srust, &vpath, vfix.clone());
            let Some(mut shape) = self.shape(
                &srust,
                variant.description.clone(),
                &fields,
                &groups,
                vauth,
                auth,
                &vpath,
                has_body,
                &vfix,
            ) else {
                ok = false;
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
        ok.then_some(ir::Request::Variants { rust, variants })
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
        fix: &Fix,
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
                    let field_rust = group_field(&groups[g]);
                    if out_groups.iter().any(|x| x.field == field_rust) {
                        continue;
                    }
                    let wire = groups[g].join("_or_");
                    let group_rust = format!(
                        "{}{}",
                        rust.strip_suffix("Request").unwrap_or(rust),
                        ident::camel(&wire).unwrap_or_default()
                    );
                    self.claim(&group_rust, path, fix.clone());
                    out_groups.push(ir::Group {
                        rust: group_rust,
                        field: field_rust,
                        members,
                    });
                }
            }
        }
        if let Some(a) = auth_index.and_then(|i| auth.get(i)) {
            let name = &a.name.rust;
            if fields.iter().any(|f| f.name.rust == *name) {
                self.error(
                    path,
                    format!("the credential field `{name}` (from the auth scheme) has the name of a body field"),
                    Some("rename the auth scheme".to_owned()),
                );
                return None;
            }
            if out_groups.iter().any(|g| g.field == *name) {
                self.error(
                    path,
                    format!("the credential field `{name}` (from the auth scheme) has the name of an at-least-one-of group's field"),
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
        fix: &Fix,
    ) -> ir::Success {
        let rust = format!("{prefix}Response");
        self.claim(&rust, path, fix.clone());
        if let Some(code) = &response.error_code {
            self.error(
                &format!("{path}.error_code"),
                format!("a success response carries no error code (`{code}`)"),
                Some("remove `error_code`".to_owned()),
            );
        }
        let body = response.body.as_ref().map(|b| {
            let bpath = format!("{path}.body");
            let brust = format!("{rust}Body");
            self.claim(&brust, &bpath, fix.clone());
            let index = self.reserve_object(brust.clone(), &bpath);
            self.object_fields(index, &b.fields, &bpath, &brust);
            self.objects[index].doc = b
                .description
                .clone()
                .or_else(|| response.description.clone());
            index
        });
        let headers = self.headers(&response.headers, &format!("{path}.headers"), true);
        let cookies = self.headers(&response.cookies, &format!("{path}.cookies"), false);
        let mut seen: Vec<(&str, &str)> = Vec::new(); // (what, wire) by Rust name below
        let mut seen_rust: Vec<&str> = Vec::new();
        for (what, key, h) in headers
            .iter()
            .map(|h| ("header", "headers", h))
            .chain(cookies.iter().map(|c| ("cookie", "cookies", c)))
        {
            let hpath = format!("{path}.{key}.{}", h.name.wire);
            if h.name.rust == "body" {
                self.error(
                    &hpath,
                    format!(
                        "the {what} `{}` becomes the field `body`, which holds the decoded body",
                        h.name.wire
                    ),
                    Some("set `rust_name:` on it".to_owned()),
                );
            } else if let Some(i) = seen_rust.iter().position(|r| *r == h.name.rust) {
                let (other_what, other) = seen[i];
                self.error(
                    &hpath,
                    format!(
                        "the {other_what} `{other}` and the {what} `{}` both become the field `{}`",
                        h.name.wire, h.name.rust
                    ),
                    Some("set `rust_name:` on one of them".to_owned()),
                );
            }
            seen.push((what, &h.name.wire));
            seen_rust.push(&h.name.rust);
        }
        ir::Success {
            status,
            rust,
            doc: response.description.clone(),
            body,
            headers,
            cookies,
        }
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
            let Some(rust) = self.field_rust_name(name, field, &hpath) else {
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
        fix: &Fix,
    ) -> Option<ir::ErrorStatus> {
        let variant = match &response.name {
            Some(name) => self.camel(
                name,
                &format!("{path}.name"),
                "change `name:` to an ASCII name such as `denied`",
            )?,
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
            let bpath = format!("{path}.body");
            let brust = format!("{prefix}{variant}");
            let bfix = match fix {
                Fix::Rename(how) => {
                    Fix::Rename(format!("set `name:` on status {status}, or {how}"))
                }
                other => other.clone(),
            };
            self.claim(&brust, &bpath, bfix);
            let index = self.reserve_object(brust.clone(), &bpath);
            self.object_fields(index, &b.fields, &bpath, &brust);
            self.objects[index].doc = b
                .description
                .clone()
                .or_else(|| response.description.clone());
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
                        return None;
                    }
                    None if self.dropped[b].contains(code) => return None, // already reported
                    None => {
                        let names: Vec<String> =
                            fields.iter().map(|f| f.name.wire.clone()).collect();
                        let help = ident::closest(code, names.iter().map(String::as_str))
                            .map(|s| format!("did you mean `{s}`?"))
                            .unwrap_or_else(|| {
                                format!("declare `{code}` under `body.fields`, as a `type: enum`")
                            });
                        self.error(
                            &cpath,
                            format!("the body has no field `{code}`"),
                            Some(help),
                        );
                        return None;
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

    /// Checks a session; `success` is the login's success response, when documented
    /// (without one, only the parts that do not read it are checked).
    fn session(
        &mut self,
        s: &spec::Session,
        path: &str,
        success: Option<&ir::Success>,
        index: usize,
        auth: &[ir::AuthScheme],
        base_url: Option<&ir::BaseUrl>,
    ) -> Option<ir::Session> {
        let token = success.and_then(|ok| self.field_path(ok, &s.token, &format!("{path}.token")));
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
        // Whether every part is sound; a part with a problem is reported where it is.
        let mut ok = token.as_ref().is_some_and(|t| t.ty == Type::Secret);
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
                    ok = false;
                }
                ok &= i.is_some();
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
            let Some(fp) = success.and_then(|ok| self.field_path(ok, field, &vpath)) else {
                continue;
            };
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
        ok &= variables.len() == s.variables.0.len();
        // The session rebuilds the base URL from the template: every variable it does not
        // set takes its default, so each needs one.
        if let Some(b) = base_url
            && !s.variables.is_empty()
        {
            let set: Vec<&str> = s.variables.keys().collect();
            for v in &b.variables {
                if v.default.is_none() && !set.contains(&v.name.wire.as_str()) {
                    let wire = &v.name.wire;
                    self.error(
                        &format!("{path}.variables"),
                        format!(
                            "the session rebuilds the base URL, but does not set the variable \
                             `{wire}`, which has no `default`, so every session would fail"
                        ),
                        Some(format!(
                            "add `default:` to `service.variables.{wire}`, or set `{wire}` here from a response field"
                        )),
                    );
                    ok = false;
                }
            }
        }
        let expires_at = s.expires_at.as_ref().and_then(|f| {
            let fp = self.field_path(success?, f, &format!("{path}.expires_at"))?;
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
        ok &= s.expires_at.is_none() || expires_at.is_some();
        let refresh_token = s.refresh_token.as_ref().and_then(|c| {
            let success = success?;
            let cookies = &success.cookies;
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
                        .unwrap_or_else(|| {
                            format!("declare it under `responses.{}.cookies`", success.status)
                        });
                    self.error(
                        &format!("{path}.refresh_token"),
                        format!("the success response documents no cookie `{c}`"),
                        Some(help),
                    );
                    None
                }
            }
        });
        ok &= s.refresh_token.is_none() || refresh_token.is_some();
        let verification_required = s.verification_required.as_ref().and_then(|f| {
            let fp = self.field_path(success?, f, &format!("{path}.verification_required"))?;
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
        ok &= s.verification_required.is_none() || verification_required.is_some();
        if !ok {
            return None;
        }
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

    /// Resolves `a.b.c` against the success body. A field left out because of its own
    /// problem is not reported again.
    fn field_path(
        &mut self,
        success: &ir::Success,
        wire: &str,
        path: &str,
    ) -> Option<ir::FieldPath> {
        let Some(mut object) = success.body else {
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
                if self.dropped[object].iter().any(|d| d == segment) {
                    return None; // the field's own problem is already reported
                }
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
                    .unwrap_or_else(|| {
                        if names.is_empty() {
                            "declare the field in the success body first".to_owned()
                        } else {
                            format!("fields here: {}", names.join(", "))
                        }
                    });
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
        let mut ok = true;
        for (name, message) in ws.messages.iter() {
            let path = format!("websocket.messages.{name}");
            // The name is the key sent inside the request envelope: it cannot change.
            let (rust, camel) = self.item_names(
                name,
                &path,
                "a message name is sent as written in the request envelope and cannot be \
                 renamed, so v1 cannot describe this message; describe it in \
                 `websocket.description` instead",
            );
            let prefix = format!("{camel}Message");
            let request = self.request(
                &prefix,
                Some(&message.request),
                &format!("{path}.request"),
                None,
                &[],
                false,
                &Fix::Wire,
            );
            let mut token_fields = Vec::new();
            for (field, value) in message.from_session.iter() {
                let fpath = format!("{path}.from_session.{field}");
                if value != "token" {
                    self.error(
                        &fpath,
                        format!("`{value}` is not a session value; the session offers `token`"),
                        None,
                    );
                    ok = false;
                    continue;
                }
                if !has_session {
                    self.error(
                        &fpath,
                        "no endpoint declares a `session` to take the token from",
                        None,
                    );
                    ok = false;
                    continue;
                }
                match message.request.fields.get(field) {
                    Some(f) if f.ty == "secret" => token_fields.push(
                        f.rust_name
                            .clone()
                            .or_else(|| ident::snake(field).ok())
                            .unwrap_or_default(),
                    ),
                    Some(_) => {
                        self.error(
                            &fpath,
                            format!(
                                "`{field}` receives the session token, so it must be `type: secret`"
                            ),
                            None,
                        );
                        ok = false;
                    }
                    None => {
                        self.error(&fpath, format!("the request has no field `{field}`"), None);
                        ok = false;
                    }
                }
            }
            let rpath = format!("{path}.response");
            let response_rust = format!("{prefix}Response");
            self.claim(&response_rust, &rpath, Fix::Wire);
            let index = self.reserve_object(response_rust.clone(), &rpath);
            self.object_fields(index, &message.response.fields, &rpath, &response_rust);
            if self.objects[index]
                .fields
                .iter()
                .any(|f| f.name.wire == ws.envelope.id)
            {
                self.error(
                    &format!("{rpath}.fields.{}", ws.envelope.id),
                    "the correlation id is part of the envelope; do not list it as a field",
                    None,
                );
            }
            self.objects[index].doc = message.response.description.clone();
            let success = message.success.as_ref().and_then(|field| {
                let spath = format!("{path}.success");
                let fields = &self.objects[index].fields;
                match fields.iter().find(|f| f.name.wire == *field) {
                    Some(f) if f.ty == Type::Boolean && f.required => Some(f.name.rust.clone()),
                    Some(_) => {
                        self.error(
                            &spath,
                            format!("`{field}` must be a required `boolean` response field to tell success from failure"),
                            Some("set `type: boolean` on it and leave `required` at its default".to_owned()),
                        );
                        None
                    }
                    None => {
                        let names: Vec<String> = fields.iter().map(|f| f.name.wire.clone()).collect();
                        let help = ident::closest(field, names.iter().map(String::as_str))
                            .map(|s| format!("did you mean `{s}`?"))
                            .unwrap_or_else(|| "name a boolean field of `response.fields`".to_owned());
                        self.error(&spath, format!("the response has no field `{field}`"), Some(help));
                        None
                    }
                }
            });
            let (Some(rust), Some(request)) = (rust, request) else {
                ok = false;
                continue;
            };
            messages.push(ir::Message {
                success,
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
        let mut names: Vec<&str> = Vec::new();
        for (i, example) in ws.examples.iter().enumerate() {
            let epath = format!("websocket.examples[{i}]");
            if names.contains(&example.name.as_str()) {
                self.error(
                    &format!("{epath}.name"),
                    format!("another example is already named `{}`", example.name),
                    Some("give each example its own `name:`".to_owned()),
                );
            }
            names.push(&example.name);
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
            if let Some(frame) = &example.response {
                let inner = frame.get(&ws.envelope.response);
                let known = inner
                    .and_then(|r| r.as_object())
                    .is_some_and(|o| o.contains_key(&ws.envelope.id));
                if !known {
                    self.error(
                        &format!("{epath}.response"),
                        format!(
                            "the frame is not `{{{}: {{{}: ..., <fields>...}}}}`",
                            ws.envelope.response, ws.envelope.id
                        ),
                        Some(format!(
                            "wrap the response in `{}:` and give it the correlation id `{}:`",
                            ws.envelope.response, ws.envelope.id
                        )),
                    );
                }
            }
        }
        ok.then(|| ir::Websocket {
            doc: ws.description.clone(),
            request_key: ws.envelope.request.clone(),
            response_key: ws.envelope.response.clone(),
            id_key: ws.envelope.id.clone(),
            messages,
        })
    }

    /// Examples must name a declared variant, scheme and status, and their bodies must use
    /// declared fields. They are judged against the spec as written, so a problem in the
    /// endpoint itself does not make its examples wrong too.
    fn examples(
        &mut self,
        endpoint: &spec::Endpoint,
        statuses: &[u16],
        auth: &[ir::AuthScheme],
        path: &str,
    ) {
        let variants: Vec<&str> = endpoint
            .body
            .as_ref()
            .map(|b| b.variants.keys().collect())
            .unwrap_or_default();
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
            if let Some(resp) = &example.response
                && !statuses.contains(&resp.status)
            {
                self.error(
                    &format!("{epath}.response.status"),
                    format!("status {} is not documented under `responses`", resp.status),
                    None,
                );
            }
        }
    }
}

/// Rust name of the field holding an at-least-one-of group: its members joined by `_or_`.
fn group_field(members: &[String]) -> String {
    // `_or_` always leaves letters to build a name from.
    ident::snake(&members.join("_or_")).unwrap_or_else(|_| "or".to_owned())
}

/// What to tell about one side of a type name collision; `None` when it cannot change.
fn fix_text(fix: &Fix, path: &str) -> Option<String> {
    match fix {
        Fix::TypeName => Some(format!("set `type_name:` on `{path}`")),
        Fix::Rename(how) => Some(how.clone()),
        Fix::Wire | Fix::Fixed => None,
    }
}

/// Whether the host (and port) of an `http://` base URL is a loopback host, the only
/// kind the runtime's `BaseUrl` accepts without TLS.
fn is_loopback_authority(authority: &str) -> bool {
    if let Some(inside) = authority.strip_prefix('[') {
        return match inside.split_once(']') {
            Some((address, rest)) if rest.is_empty() || rest.starts_with(':') => {
                address.parse::<Ipv6Addr>().is_ok_and(|a| a.is_loopback())
            }
            _ => false,
        };
    }
    let host = authority.split_once(':').map_or(authority, |(h, _)| h);
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<Ipv4Addr>().is_ok_and(|a| a.is_loopback())
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
