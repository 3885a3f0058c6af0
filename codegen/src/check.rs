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
pub const BUILTIN_TYPES: &[&str] = &[
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

/// Methods of the generated websocket `Socket` besides the messages'.
const SOCKET_METHODS: &[&str] = &["open", "take_events", "raw", "close"];

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
            // The prefix always has a suffix after it, so an escaped keyword drops its
            // `_` (`self` -> `SelfRequest`, not `Self_Request`).
            (Ok(rust), Ok(prefix)) => (Some(rust), stem(&prefix).to_owned()),
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

                Some("write the base URL as `https://host` (or `http://localhost:port` for a local server)".to_owned()),
            );
            return None;
        };
        let host_end = rest.find('/').unwrap_or(rest.len());
        if rest[..host_end].contains('@') {
            self.error(
                path,
                format!(
                    "base URL `{template}` carries credentials (`user:password@`): they would be \
                     written into the generated source and show wherever the URL is logged"
                ),
                Some(
                    "remove them, declare an auth scheme under `auth:` (`type: basic` for a user \
                     and password) and name it in the endpoint's `auth:`"
                        .to_owned(),
                ),
            );
            return None;
        }
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
                self.error(
                    path,
                    "`}` without a matching `{` in the base URL",
                    Some("write each placeholder as `{name}`".to_owned()),
                );
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
                self.error(
                    path,
                    "`{` without a matching `}` in the base URL",
                    Some("close the placeholder: `{name}`".to_owned()),
                );
                return None;
            }
            if at < host_range.0 || at >= host_range.1 {
                self.error(
                    path,
                    format!("the placeholder `{{{name}}}` is outside the host; only the host may be templated"),

                    Some("write the varying part of the path in each endpoint's `path`, or describe it in `notes`".to_owned()),
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

                                Some(format!("write a number from 1 to {MAX_LABEL}, or leave `max_length` out")),
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

                            Some("write the default as a host label, such as `prod` or `eu-1`".to_owned()),
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
                            Some(
                                "use letters, digits and `-` (`X-Auth-Token`), no spaces"
                                    .to_owned(),
                            ),
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
                            Some(
                                "use letters, digits, `-` and `_`, no spaces, `;` or `=`"
                                    .to_owned(),
                            ),
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
        if field.ty == "string" && looks_secret(wire) {
            self.secret_as_string(&format!("{path}.type"), "field", wire);
        }
        if let Some(example) = &field.example {
            self.example_value(example, field, &format!("{path}.example"), wire);
        }
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
                        "{}{}",
                        stem(parent),
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

                Some("write a fixed path such as `/v1/login`; v1 has no path parameters or query (describe them in `notes`)".to_owned()),
            );
        }
        let mut headers = Vec::new();
        for (header, value) in endpoint.headers.iter() {
            let hpath = format!("{path}.headers.{header}");
            if !is_token(header) {
                self.error(
                    &hpath,
                    format!("`{header}` is not a valid HTTP header name"),
                    Some("use letters, digits and `-` (`Content-Type`), no spaces".to_owned()),
                );
            } else if value.bytes().any(|b| b < 0x20 || b == 0x7f) {
                self.error(
                    &hpath,
                    "a header value may not hold control characters",
                    Some("write the value on one line, without control characters".to_owned()),
                );
            } else if header.eq_ignore_ascii_case("authorization")
                || header.eq_ignore_ascii_case("cookie")
            {
                self.error(
                    &hpath,
                    format!("`{header}` carries credentials and must not be a fixed header"),
                    Some("declare an auth scheme under `auth:` and name it in `auth:` of the endpoint".to_owned()),
                );
            } else if looks_secret(header) {
                self.error(
                    &hpath,
                    format!(
                        "`{header}` looks like a credential: a fixed header is written into the \
                         generated source as plain text and is not marked sensitive, so it would \
                         show in logs"
                    ),
                    Some(format!(
                        "declare an auth scheme `{{ type: header, header: {header} }}` under `auth:` \
                         and name it in `auth:` of the endpoint"
                    )),
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
                Ok(s) if (100..=599).contains(&s) && s.to_string() == code => s,
                Ok(s) if (100..=599).contains(&s) => {
                    self.error(
                        &rpath,
                        format!("the status `{code}` is not written as three digits"),
                        Some(format!("write `{s}:`")),
                    );
                    responses_ok = false;
                    continue;
                }
                _ => {
                    let help = if code.parse::<i64>().is_ok() {
                        "use a status code from 100 to 599".to_owned()
                    } else {
                        "write each status as a key of its own (`401:`, `403:`), each with its \
                         `error_code:` if it has one; v1 has no status ranges (`4XX`) and no \
                         `default` response"
                            .to_owned()
                    };
                    self.error(
                        &rpath,
                        format!("`{code}` is not an HTTP status code (100 to 599)"),
                        Some(help),
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
                    let help = Some(
                        ident::closest(member, body.fields.keys())
                            .map(|s| format!("did you mean `{s}`?"))
                            .unwrap_or_else(|| {
                                "list fields declared under `fields:` of this body".to_owned()
                            }),
                    );
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
            // The group's struct has `from_<m>`, `with_<m>` and `<m>()` for each member.
            let mut methods: Vec<(String, &str)> = Vec::new();
            for member in group {
                let Some(f) = all.iter().find(|f| f.name.wire == *member) else {
                    continue;
                };
                let base = f.name.rust.trim_end_matches('_');
                for method in [
                    format!("from_{base}"),
                    format!("with_{base}"),
                    f.name.rust.clone(),
                ] {
                    match methods.iter().find(|(m, _)| *m == method) {
                        Some((_, other)) if other != member => {
                            self.error(
                                &gpath,
                                format!(
                                    "the members `{other}` and `{member}` both give the group the method `{method}`"
                                ),
                                Some(format!("set `rust_name:` on the body field `{member}`")),
                            );
                            ok = false;
                        }
                        _ => methods.push((method, member)),
                    }
                }
            }
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
                        Some(format!("remove the second `{wire}`")),
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

                        Some(format!("add the other fields of [{}] to this variant, or take its fields out", g.join(", "))),
                    );
                    ok = false;
                }
            }
            let srust = format!("{prefix}{}Request", stem(&vrust));
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
                        stem(rust.strip_suffix("Request").unwrap_or(rust)),
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
                self.error(
                    &hpath,
                    format!("`{name}` is not a valid {what} name"),
                    Some("use letters, digits and `-`, no spaces or separators".to_owned()),
                );
                continue;
            }
            let secret = match field.ty.as_str() {
                "string" if looks_secret(name) => {
                    let what = if is_header { "header" } else { "cookie" };
                    self.secret_as_string(&format!("{hpath}.type"), what, name);
                    false
                }
                "string" => false,
                "secret" => true,
                other => {
                    self.error(
                        &format!("{hpath}.type"),
                        format!("headers and cookies are `string` or `secret`, not `{other}`"),
                        Some("use `type: string`, or `type: secret` for a credential".to_owned()),
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
            let brust = format!("{prefix}{}", stem(&variant));
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
                        self.error(
                            &cpath,
                            format!("the error code field `{code}` must be a `type: enum` listing the documented codes"),
                            Some(format!("set `type: enum` on `{code}` with `values:`, one per documented code")),
                        );
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
        // A `string` named like a credential is already reported where it is declared.
        let named_secret = |wire: &str| looks_secret(wire.rsplit('.').next().unwrap_or(wire));
        if let Some(t) = &token
            && t.ty != Type::Secret
            && !(t.ty == Type::String && named_secret(&s.token))
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

                    Some("add `service.base_url` with a `{variable}` in its host, or remove `variables` from the session".to_owned()),
                );
                continue;
            };
            let Some(v) = b.variables.iter().position(|v| v.name.wire == name) else {
                let names: Vec<&str> = b.variables.iter().map(|v| v.name.wire.as_str()).collect();
                let help = Some(
                    ident::closest(name, names.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| {
                            format!("the variables of `base_url`: {}", names.join(", "))
                        }),
                );
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
                    Some("name a `type: string` field of the success body".to_owned()),
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

                    Some("name a field of `type: unix_ms`, `unix_s` or `timestamp`, or change the type of this one".to_owned()),
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
                Some(_) if looks_secret(c) => None, // reported where it is declared
                Some(_) => {
                    self.error(
                        &format!("{path}.refresh_token"),
                        format!("the cookie `{c}` must be `type: secret`"),
                        Some(format!("set `type: secret` on the cookie `{c}`")),
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
                    Some("name a `type: boolean` field of the success body".to_owned()),
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
                Some("document the success body under `responses.<2xx>.body.fields`".to_owned()),
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
                        Some(format!(
                            "name `{}` itself, or a field of an object",
                            segments[..=i].join(".")
                        )),
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
            if let Some(r) = &rust
                && SOCKET_METHODS.contains(&r.as_str())
            {
                self.error(
                    &path,
                    format!(
                        "the message `{name}` would become the method `Socket::{r}`, which the generator defines"
                    ),
                    Some(format!(
                        "a message name is sent as written and cannot be renamed, so v1 cannot \
                         describe it; `Socket::raw` sends any frame (the socket defines {})",
                        SOCKET_METHODS.join(", ")
                    )),
                );
                ok = false;
            }
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
                        Some("write `token`".to_owned()),
                    );
                    ok = false;
                    continue;
                }
                if !has_session {
                    self.error(
                        &fpath,
                        "no endpoint declares a `session` to take the token from",
                        Some(
                            "declare `session:` on the login endpoint, or remove `from_session`"
                                .to_owned(),
                        ),
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
                    Some(f) if f.ty == "string" && looks_secret(field) => {
                        ok = false; // reported where the field is declared
                    }
                    Some(_) => {
                        self.error(
                            &fpath,
                            format!(
                                "`{field}` receives the session token, so it must be `type: secret`"
                            ),
                            Some(format!("set `type: secret` on the request field `{field}`")),
                        );
                        ok = false;
                    }
                    None => {
                        let names: Vec<&str> = message.request.fields.keys().collect();
                        let help = ident::closest(field, names.iter().copied())
                            .map(|s| format!("did you mean `{s}`?"))
                            .unwrap_or_else(|| {
                                "declare the field under `request.fields`, as `type: secret`"
                                    .to_owned()
                            });
                        self.error(
                            &fpath,
                            format!("the request has no field `{field}`"),
                            Some(help),
                        );
                        ok = false;
                    }
                }
            }
            // `from_session(session, ..)` and `Session::<message>_socket(url, .., options)`
            // take the other required fields as parameters.
            if !token_fields.is_empty()
                && message.request.variants.is_empty()
                && message.request.at_least_one_of.is_empty()
            {
                for (wire, f) in message.request.fields.iter() {
                    let Some(r) = f.rust_name.clone().or_else(|| ident::snake(wire).ok()) else {
                        continue;
                    };
                    if token_fields.contains(&r) || f.required == Some(false) {
                        continue;
                    }
                    let taken = match r.as_str() {
                        "session" => {
                            format!("`{}::from_session(session, ..)`", request_name(&prefix))
                        }
                        "url" | "options" => format!(
                            "`Session::{}_socket(url, .., options)`",
                            rust.as_deref().unwrap_or(name).trim_end_matches('_')
                        ),
                        _ => continue,
                    };
                    self.error(
                        &format!("{path}.request.fields.{wire}"),
                        format!("the field `{wire}` becomes the parameter `{r}` of {taken}, which already has one"),
                        Some("set `rust_name:` on the field".to_owned()),
                    );
                    ok = false;
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
                    Some("remove it from `response.fields`".to_owned()),
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

                        Some(format!("write the frame as `{}: {{ <message>: {{ ... }}, {}: ... }}`, with a message declared under `messages`", ws.envelope.request, ws.envelope.id)),
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
            self.ws_example(ws, example, &epath);
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
                    Some("give each example its own `name:`".to_owned()),
                );
            }
            names.push(&example.name);
            if let Some(req) = &example.request {
                match (&req.variant, variants.is_empty()) {
                    (Some(v), false) if !variants.contains(&v.as_str()) => {
                        let help = Some(
                            ident::closest(v, variants.iter().copied())
                                .map(|s| format!("did you mean `{s}`?"))
                                .unwrap_or_else(|| format!("use one of {}", variants.join(", "))),
                        );
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
                self.example_request(endpoint, req, auth, &format!("{epath}.request"));
            }
            if let Some(resp) = &example.response {
                if statuses.contains(&resp.status) {
                    self.example_response(endpoint, resp, &format!("{epath}.response"));
                } else {
                    let documented: Vec<String> = statuses.iter().map(u16::to_string).collect();
                    let help = if documented.is_empty() {
                        "document the status under `responses` first".to_owned()
                    } else {
                        format!("documented: {}", documented.join(", "))
                    };
                    self.error(
                        &format!("{epath}.response.status"),
                        format!("status {} is not documented under `responses`", resp.status),
                        Some(help),
                    );
                }
            }
        }
    }
}

/// Examples judged against the spec as written: values against field types, request
/// bodies against the fields their variant carries, URLs against the base URL and path.
impl Checker<'_> {
    /// Reports a `string` that looks like a credential (`what` is field, header or cookie).
    fn secret_as_string(&mut self, path: &str, what: &str, name: &str) {
        self.error(
            path,
            format!(
                "the {what} `{name}` looks like a credential but is `type: string`, so `Debug` \
                 output and logs would show it"
            ),
            Some(
                "set `type: secret`: the value is then kept out of `Debug` output and read with \
                 `expose()`"
                    .to_owned(),
            ),
        );
    }

    /// An example request: its URL, headers, credentials and body.
    fn example_request(
        &mut self,
        endpoint: &spec::Endpoint,
        req: &spec::ExampleRequest,
        auth: &[ir::AuthScheme],
        path: &str,
    ) {
        let variant = req
            .variant
            .as_deref()
            .and_then(|v| Some((v, endpoint.body.as_ref()?.variants.get(v)?)));
        if let Some(url) = &req.url {
            self.example_url(url, &endpoint.path, &format!("{path}.url"));
        }
        for (name, value) in req.headers.iter() {
            let fixed = endpoint
                .headers
                .iter()
                .find(|(h, _)| h.eq_ignore_ascii_case(name));
            if let Some((fixed_name, fixed)) = fixed
                && fixed != value
            {
                self.error(
                    &format!("{path}.headers.{name}"),
                    format!(
                        "the example sends `{name}: {value}`, but the endpoint always sends \
                         `{fixed_name}: {fixed}`"
                    ),
                    Some(
                        "write the endpoint's value here, or change `headers:` of the endpoint"
                            .to_owned(),
                    ),
                );
            }
        }
        let carried = variant
            .and_then(|(_, v)| v.auth.as_deref())
            .or(endpoint.auth.as_deref());
        for (scheme, value) in req.auth.iter() {
            let Some(a) = auth.iter().find(|a| a.name.wire == scheme) else {
                continue; // reported by the caller
            };
            let apath = format!("{path}.auth.{scheme}");
            if carried != Some(scheme) {
                let message = match carried {
                    Some(c) => format!("the request carries the auth scheme `{c}`, not `{scheme}`"),
                    None => {
                        format!("the request carries no auth scheme, so `{scheme}` is never sent")
                    }
                };
                self.error(
                    &apath,
                    message,
                    Some(
                        "give the credential of the scheme the request carries, or set `auth:` \
                         on the endpoint or its variant"
                            .to_owned(),
                    ),
                );
                continue;
            }
            let fits = match a.kind {
                ir::AuthKind::Basic => value.as_object().is_some_and(|o| {
                    o.len() == 2
                        && o.get("username").is_some_and(serde_json::Value::is_string)
                        && o.get("password").is_some_and(serde_json::Value::is_string)
                }),
                _ => value.is_string(),
            };
            if !fits {
                let expected = match a.kind {
                    ir::AuthKind::Basic => "`{ username: ..., password: ... }` (two texts)",
                    _ => "the token as text",
                };
                self.error(
                    &apath,
                    format!(
                        "expected {expected} for the auth scheme `{scheme}`, found {}",
                        describe(value)
                    ),
                    Some(match a.kind {
                        ir::AuthKind::Basic => {
                            format!("write `{scheme}: {{ username: ..., password: ... }}`")
                        }
                        _ => format!("write `{scheme}: <the token>`"),
                    }),
                );
            }
        }
        let bpath = format!("{path}.body");
        match (&req.body, &endpoint.body) {
            (None, _) => {}
            (Some(_), None) => self.error(
                &bpath,
                "the endpoint sends no body",
                Some(
                    "remove `body:` from the example, or declare `body:` on the endpoint"
                        .to_owned(),
                ),
            ),
            (Some(value), Some(body)) => {
                // With variants, an example without a known variant is already reported;
                // its keys are judged against every field, and nothing is required.
                let chosen = if body.variants.is_empty() {
                    Some(None)
                } else {
                    variant.map(Some)
                };
                self.example_body(value, body, chosen, &bpath, "the request body");
            }
        }
    }

    /// A request body (HTTP or websocket) against `body`; `variant` is `Some(None)` for a
    /// body without variants, `Some(Some(v))` for the variant it uses, and `None` when that
    /// is unknown (then only the keys and values are judged).
    fn example_body(
        &mut self,
        value: &serde_json::Value,
        body: &spec::Body,
        variant: Option<Option<(&str, &spec::Variant)>>,
        path: &str,
        what: &str,
    ) {
        let serde_json::Value::Object(given) = value else {
            self.error(
                path,
                format!(
                    "expected a mapping of the fields of {what}, found {}",
                    describe(value)
                ),
                Some("write the fields as `name: value` lines, indented below".to_owned()),
            );
            return;
        };
        let carried: Option<Vec<&str>> = match variant {
            Some(Some((_, v))) => Some(v.fields.iter().map(String::as_str).collect()),
            Some(None) => Some(body.fields.keys().collect()),
            None => None,
        };
        // A misspelt key is reported once, with its suggestion; the field it stands for
        // is not reported missing too.
        let mut suggested: Vec<&str> = Vec::new();
        for (key, v) in given {
            let kpath = format!("{path}.{key}");
            match body.fields.get(key) {
                None => {
                    let best = ident::closest(key, body.fields.keys());
                    suggested.extend(best);
                    let help = Some(best.map_or_else(
                        || {
                            let names: Vec<&str> = body.fields.keys().collect();
                            format!("the fields of {what}: {}", names.join(", "))
                        },
                        |s| format!("did you mean `{s}`?"),
                    ));
                    self.error(&kpath, format!("`{key}` is not a field of {what}"), help);
                }
                Some(_) if carried.as_ref().is_some_and(|c| !c.contains(&key.as_str())) => {
                    let name = variant.flatten().map_or("", |(n, _)| n);
                    self.error(
                        &kpath,
                        format!("`{key}` is not carried by the variant `{name}`"),
                        Some(format!(
                            "remove it from the example, or add it to `fields:` of the variant `{name}`"
                        )),
                    );
                }
                Some(field) => self.example_value(v, field, &kpath, key),
            }
        }
        let Some(carried) = carried else {
            return;
        };
        for wire in &carried {
            let Some(field) = body.fields.get(wire) else {
                continue; // reported with the variant
            };
            if field.required.unwrap_or(true)
                && !given.contains_key(*wire)
                && !suggested.contains(wire)
            {
                self.error(
                    path,
                    format!("the example has no `{wire}`, which {what} requires"),
                    Some(format!(
                        "add `{wire}` to the example, or set `required: false` on the field"
                    )),
                );
            }
        }
        for group in &body.at_least_one_of {
            let applies = group.iter().all(|m| carried.contains(&m.as_str()));
            let given_any = group
                .iter()
                .any(|m| given.contains_key(m) || suggested.contains(&m.as_str()));
            if applies && !given_any {
                self.error(
                    path,
                    format!(
                        "the example gives none of [{}], but {what} needs at least one of them",
                        group.join(", ")
                    ),
                    Some(format!("add `{}` to the example", group[0])),
                );
            }
        }
    }

    /// An example response: its body against the documented body of its status.
    fn example_response(
        &mut self,
        endpoint: &spec::Endpoint,
        resp: &spec::ExampleResponse,
        path: &str,
    ) {
        let documented = endpoint
            .responses
            .iter()
            .find(|(code, _)| code.parse::<u16>().ok() == Some(resp.status))
            .map(|(_, r)| r);
        if let (Some(body), Some(Some(object))) = (&resp.body, documented.map(|r| &r.body)) {
            self.example_object(body, &object.fields, &format!("{path}.body"), "");
        }
    }

    /// An example URL: the base URL (any value of its variables) followed by the path.
    fn example_url(&mut self, url: &str, endpoint_path: &str, path: &str) {
        let authority = url
            .split_once("://")
            .map_or(url, |(_, rest)| rest.split('/').next().unwrap_or(rest));
        if authority.contains('@') {
            self.error(
                path,
                "the example URL carries credentials (`user:password@`), which would show \
                 wherever the URL is logged",
                Some("remove them; give the credentials under `auth:` of the example".to_owned()),
            );
            return;
        }
        let service = &self.loaded.spec.service;
        let fits = match &service.base_url {
            Some(template) => template_matches(template, endpoint_path, url),
            None => url.ends_with(endpoint_path) && url.contains("://"),
        };
        if !fits {
            let expected = match &service.base_url {
                Some(template) => format!("{template}{endpoint_path}"),
                None => format!("<base URL>{endpoint_path}"),
            };
            self.error(
                path,
                format!(
                    "the example URL `{url}` is not the base URL followed by the endpoint's path"
                ),
                Some(format!(
                    "write `{expected}` (with a value for each placeholder)"
                )),
            );
        }
    }

    /// A JSON object against the fields of an object; `name` is the dotted wire path of
    /// the object in messages (empty for a whole body).
    fn example_object(
        &mut self,
        value: &serde_json::Value,
        fields: &Map<spec::Field>,
        path: &str,
        name: &str,
    ) {
        let serde_json::Value::Object(given) = value else {
            let what = if name.is_empty() {
                "the body".to_owned()
            } else {
                format!("`{name}`")
            };
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
                    let what = if name.is_empty() {
                        "the body".to_owned()
                    } else {
                        format!("`{name}`")
                    };
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
        for (wire, field) in fields.iter() {
            if field.required.unwrap_or(true)
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

    /// An example value against a field as written; `name` is its dotted wire path in
    /// messages. Fields whose type has a problem of its own are not judged.
    fn example_value(
        &mut self,
        value: &serde_json::Value,
        field: &spec::Field,
        path: &str,
        name: &str,
    ) {
        use serde_json::Value;
        let loaded = self.loaded;
        let ty = field.ty.as_str();
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
                let Some(text) = value.as_str() else {
                    let help = field.values.as_ref().map(|v| {
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
                if let Some(values) = field.values.as_ref().filter(|v| !v.is_empty())
                    && values.get(text).is_none()
                {
                    let listed: Vec<&str> = values.keys().collect();
                    let help = ident::closest(text, listed.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| {
                            format!(
                                "documented values: {}; or add `{text}` to `values:`",
                                listed.join(", ")
                            )
                        });
                    self.error(
                        path,
                        format!("`{text}` is not a documented value of `{name}`"),
                        Some(help),
                    );
                }
                return;
            }
            "object" => {
                if let Some(fields) = &field.fields {
                    self.example_object(value, fields, path, name);
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
                if let Some(object) = loaded.spec.types.get(other)
                    && !BUILTIN_TYPES.contains(&other)
                {
                    self.example_object(value, &object.fields, path, name);
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

    /// The request and response frames of a websocket example, against the message the
    /// request names (the response is matched to it by the correlation id).
    fn ws_example(&mut self, ws: &spec::Websocket, example: &spec::FrameExample, path: &str) {
        let mut asked: Option<(&spec::Message, Option<&serde_json::Value>)> = None;
        // A frame whose envelope is wrong is reported as such, and not judged further.
        if let Some(inner) = example
            .request
            .as_ref()
            .and_then(|f| f.get(&ws.envelope.request))
            .and_then(serde_json::Value::as_object)
            .filter(|o| o.contains_key(&ws.envelope.id))
        {
            let id = inner.get(&ws.envelope.id);
            for (key, value) in inner {
                let Some(message) = ws.messages.get(key) else {
                    continue;
                };
                let mpath = format!("{path}.request.{}.{key}", ws.envelope.request);
                let body = &message.request;
                let variant = if body.variants.is_empty() {
                    Some(None)
                } else {
                    // Frames do not name their variant: the first that carries every key
                    // given (and all the fields it requires) is the one.
                    let keys: Vec<&str> = value
                        .as_object()
                        .map(|o| o.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    let fitting = |v: &spec::Variant, all: bool| {
                        keys.iter().all(|k| v.fields.iter().any(|f| f == k))
                            && (!all
                                || v.fields.iter().all(|f| {
                                    keys.contains(&f.as_str())
                                        || body
                                            .fields
                                            .get(f)
                                            .is_some_and(|x| x.required == Some(false))
                                }))
                    };
                    let best = body
                        .variants
                        .iter()
                        .find(|(_, v)| fitting(v, true))
                        .or_else(|| body.variants.iter().find(|(_, v)| fitting(v, false)));
                    match best {
                        Some(v) => Some(Some(v)),
                        None => {
                            if keys.iter().all(|k| body.fields.get(k).is_some()) {
                                self.error(
                                    &mpath,
                                    format!(
                                        "no variant of `{key}` carries all of [{}]",
                                        keys.join(", ")
                                    ),
                                    Some(format!(
                                        "give the fields of one variant: {}",
                                        body.variants
                                            .iter()
                                            .map(|(n, v)| format!("{n} [{}]", v.fields.join(", ")))
                                            .collect::<Vec<_>>()
                                            .join("; ")
                                    )),
                                );
                            }
                            None
                        }
                    }
                };
                let what = format!("the `{key}` request");
                self.example_body(value, body, variant, &mpath, &what);
                asked = Some((message, id));
            }
        }
        let Some((message, id)) = asked else {
            return;
        };
        let Some(inner) = example
            .response
            .as_ref()
            .and_then(|f| f.get(&ws.envelope.response))
            .and_then(serde_json::Value::as_object)
            .filter(|o| o.contains_key(&ws.envelope.id))
        else {
            return;
        };
        let rpath = format!("{path}.response.{}", ws.envelope.response);
        if let (Some(asked_id), Some(answered)) = (id, inner.get(&ws.envelope.id))
            && asked_id != answered
        {
            self.error(
                &format!("{rpath}.{}", ws.envelope.id),
                format!(
                    "the response's `{}` is {answered}, but the request's is {asked_id}",
                    ws.envelope.id
                ),
                Some("an answer carries the id of its request".to_owned()),
            );
            return;
        }
        let mut fields = inner.clone();
        fields.remove(&ws.envelope.id);
        self.example_object(
            &serde_json::Value::Object(fields),
            &message.response.fields,
            &rpath,
            "",
        );
    }
}

/// Whether a wire name reads like a credential: its last word is `password`, `secret`,
/// `token`, ... (`access_token`, `X-Api-Key`, `clientSecret`), or it is `Authorization`
/// or `Cookie`.
pub(crate) fn looks_secret(name: &str) -> bool {
    let Ok(snake) = ident::snake(name) else {
        return false;
    };
    let words: Vec<&str> = snake
        .trim_end_matches('_')
        .split('_')
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.concat();
    if ["authorization", "proxyauthorization", "cookie", "setcookie"].contains(&joined.as_str()) {
        return true;
    }
    let last = words.last().copied().unwrap_or_default();
    let before = words.len().checked_sub(2).map_or("", |i| words[i]);
    matches!(
        last,
        "password"
            | "passwd"
            | "passphrase"
            | "secret"
            | "token"
            | "apikey"
            | "credential"
            | "credentials"
    ) || (last == "key" && matches!(before, "api" | "access" | "private" | "secret"))
}

/// How a JSON value reads in a message: `the text "abc"`, `the number 5`, `a list`.
fn describe(value: &serde_json::Value) -> String {
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

/// Whether `url` is the base URL `template` (any host label for each `{variable}`)
/// followed by `path`.
fn template_matches(template: &str, path: &str, url: &str) -> bool {
    fn go(template: &str, rest: &str) -> bool {
        match template.find('{') {
            None => rest == template,
            Some(open) => {
                let Some(close) = template[open..].find('}').map(|c| open + c) else {
                    return false;
                };
                let Some(rest) = rest.strip_prefix(&template[..open]) else {
                    return false;
                };
                let after = &template[close + 1..];
                let label_len = rest
                    .bytes()
                    .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
                    .count();
                (1..=label_len).any(|n| go(after, &rest[n..]))
            }
        }
    }
    go(&format!("{template}{path}"), url)
}

/// A Rust type name to build a longer one from: an escaped keyword loses its `_`
/// (`Self_` + `Kind` gives `SelfKind`, which Rust's naming lints accept).
fn stem(name: &str) -> &str {
    name.trim_end_matches('_')
}

/// The Rust name of a message's request type.
fn request_name(prefix: &str) -> String {
    format!("{prefix}Request")
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
