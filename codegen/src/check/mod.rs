//! Stage 2: judge a parsed spec and build the IR.
//!
//! Takes a [`Loaded`] spec; returns an [`ir::Service`] when the spec is sound. Every rule
//! pushes its problem to the diagnostics and carries on, so one run reports them all.
//! A part that has a problem is replaced by a placeholder so that the checks of the
//! parts that depend on it still run, and a problem that only follows from another one
//! already reported is not reported again. This is the only module that decides whether
//! input is acceptable.
//!
//! The checks are split by concern, one `impl Checker` each:
//! - `mod.rs` (this file): the checker and its shared helpers (errors, Rust names, type
//!   name claims, credential-like names), the walk over the whole service, and the
//!   check that no named type contains itself;
//! - `base_url.rs`: the base URL and its variables;
//! - `types.rs`: fields and their types, named and nested;
//! - `requests.rs`: auth schemes, endpoints and their request bodies;
//! - `responses.rs`: success and error responses, response headers and cookies;
//! - `sessions.rs`: the session a login endpoint declares;
//! - `websocket.rs`: websocket messages and the envelope of their examples;
//! - `examples.rs`: examples of endpoints and websocket frames;
//! - `example_values.rs`: example values against field types.

mod base_url;
mod example_values;
mod examples;
mod parameters;
mod paths;
mod requests;
mod responses;
mod sessions;
mod types;
mod websocket;

use std::cell::OnceCell;
use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Diagnostics};
use crate::ident;
use crate::ir::{self, Type};
use crate::load::{Loaded, Locations};
use crate::spec;

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
    "any",
    "null",
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
        named_enums: BTreeMap::new(),
        broken_types: Vec::new(),
        broken_auth: Vec::new(),
        type_names: BTreeMap::new(),
        service_errors: Vec::new(),
        error_bodies: BTreeMap::new(),
        locations: OnceCell::new(),
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
    /// `types:` entries that are enums: name to index into `enums`.
    named_enums: BTreeMap<String, usize>,
    /// `types:` keys that could not be used (already reported).
    broken_types: Vec<String>,
    /// Auth scheme keys that could not be used (already reported).
    broken_auth: Vec<String>,
    /// Every Rust type name claimed so far, with who claimed it.
    type_names: BTreeMap<String, Claim>,
    /// The error statuses any endpoint may answer (`errors:`), once checked.
    service_errors: Vec<ir::ErrorStatus>,
    /// For each error body, the path of the first status that reads it.
    error_bodies: BTreeMap<usize, String>,
    /// Where each path of the file is, indexed on the first problem.
    locations: OnceCell<Locations>,
}

/// Which objects the types `roots` hold, at any depth: through fields, items, values
/// and alternative shapes.
fn reached<'t>(objects: &[ir::Object], roots: impl Iterator<Item = &'t Type>) -> Vec<bool> {
    let mut reached = vec![false; objects.len()];
    let mut stack: Vec<&Type> = roots.collect();
    let mut shapes: Vec<usize> = Vec::new();
    loop {
        let object = match stack.pop() {
            Some(Type::Array(item) | Type::Map(item)) => {
                stack.push(item);
                continue;
            }
            Some(Type::Object(i)) => *i,
            Some(_) => continue,
            None => match shapes.pop() {
                Some(i) => i,
                None => break,
            },
        };
        if !reached[object] {
            reached[object] = true;
            stack.extend(objects[object].fields.iter().map(|f| &f.ty));
            shapes.extend(objects[object].variants.iter().map(|v| v.object));
        }
    }
    reached
}

/// Which objects can be decoded: those that hold no alternative shapes and no constant
/// at any depth.
fn decodable(objects: &[ir::Object]) -> Vec<bool> {
    let mut decodable: Vec<bool> = objects
        .iter()
        .map(|o| o.variants.is_empty() && o.fields.iter().all(|f| f.constant.is_none()))
        .collect();
    // Each pass marks the holders of what the last one marked; types may nest through
    // arrays and maps, so go on until nothing changes.
    let mut changed = true;
    while changed {
        changed = false;
        for (i, object) in objects.iter().enumerate() {
            if decodable[i]
                && object
                    .fields
                    .iter()
                    .any(|f| holds_undecodable(&f.ty, &decodable))
            {
                decodable[i] = false;
                changed = true;
            }
        }
    }
    decodable
}

fn holds_undecodable(ty: &Type, decodable: &[bool]) -> bool {
    match ty {
        Type::Array(item) | Type::Map(item) => holds_undecodable(item, decodable),
        Type::Object(i) => !decodable[*i],
        _ => false,
    }
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
        let locations = self
            .locations
            .get_or_init(|| Locations::new(&self.loaded.source));
        let mut location = locations.get(path);
        let mut at = path;
        while location.is_none() {
            let Some(parent) = parent_path(at) else {
                break;
            };
            at = parent;
            location = locations.get(at);
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
        for (name, named) in spec.types.iter() {
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
            match (&named.fields, &named.values) {
                (Some(_), None) => {
                    let index = self.reserve_object(rust, &path);
                    self.named.insert(name.to_owned(), index);
                }
                (None, Some(values)) if !values.is_empty() => {
                    let index = self.enum_type(rust, values, named.description.clone(), &path);
                    self.named_enums.insert(name.to_owned(), index);
                }
                (fields, _) => {
                    let (message, help) = if fields.is_some() {
                        (
                            format!("`{name}` has both `fields:` and `values:`"),
                            "keep `fields:` for an object or `values:` for an enum",
                        )
                    } else {
                        (
                            format!("`{name}` has neither `fields:` nor any `values:`"),
                            "add `fields:` for an object, or `values:` for an enum",
                        )
                    };
                    self.error(&path, message, Some(help.to_owned()));
                    self.broken_types.push(name.to_owned());
                }
            }
        }
        for (name, named) in spec.types.iter() {
            if let (Some(&index), Some(fields)) = (self.named.get(name), &named.fields) {
                let path = format!("types.{name}");
                let rust = self.objects[index].rust.clone();
                self.object_fields(index, fields, &path, &rust);
                self.objects[index].doc = named.description.clone();
                if let Some(variants) = &named.variants {
                    self.object_variants(index, variants, fields, &path);
                }
            } else if named.variants.is_some() && named.values.is_some() {
                self.error(
                    &format!("types.{name}.variants"),
                    format!("`{name}` is an enum; `variants` shape an object"),
                    Some("remove `variants:`".to_owned()),
                );
            }
        }
        // Only named types can refer back to a type being defined.
        self.recursion();

        self.service_errors = self.service_errors(&spec.errors);

        let mut endpoints = Vec::new();
        let mut session = None;
        let mut session_at: Option<String> = None;
        // The `session` the checked session was made from.
        let mut session_spec: Option<&spec::Session> = None;
        // Fixed and derived names are claimed last, so a collision is reported at them.
        let mut late_claims: Vec<(String, String, Fix)> = Vec::new();
        let mut broken = false;
        for (name, endpoint) in spec.endpoints.iter() {
            let path = format!("endpoints.{name}");
            let checked = self.endpoint(name, endpoint, &path, &auth);
            if let Some(s) = &endpoint.session {
                let spath = format!("{path}.session");
                if several_successes(endpoint) {
                    self.error(
                        &spath,
                        "a login that starts a session documents one success status: the session reads its answer",
                        Some("keep the 2xx whose answer holds the token, and describe the others in `notes`".to_owned()),
                    );
                    session_at = Some(spath.clone());
                } else if session_at.is_some() {
                    self.error(
                        &spath,
                        "only one endpoint of a service may declare a `session`",
                        Some("keep the session on the login endpoint".to_owned()),
                    );
                } else {
                    session_at = Some(spath.clone());
                    session_spec = Some(s);
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
        // The endpoints a session names are known once every endpoint is checked.
        if let (Some(session), Some(s), Some(spath), false) =
            (session.as_mut(), session_spec, &session_at, broken)
        {
            let names: Vec<&str> = spec.endpoints.keys().collect();
            if !self.session_ends(session, s, spath, &endpoints, &names, &auth) {
                broken = true;
            }
        }
        // An endpoint the session sends needs a session that knows how to send its token.
        for (name, endpoint) in spec.endpoints.iter() {
            if endpoint.auth.as_deref() != Some(requests::SESSION_AUTH) {
                continue;
            }
            let apath = format!("endpoints.{name}.auth");
            if endpoint.session.is_some() {
                self.error(
                    &apath,
                    "the login that starts the session cannot itself be sent by the session",
                    Some("remove `auth: session` from the login endpoint".to_owned()),
                );
            } else if session_at.is_none() {
                self.error(
                    &apath,
                    "`auth: session` sends the request with the session's token, but no endpoint declares a `session`",
                    Some("declare `session:` on the login endpoint, or name an auth scheme here".to_owned()),
                );
            } else if spec
                .endpoints
                .iter()
                .any(|(_, e)| e.session.as_ref().is_some_and(|s| s.send_as.is_none()))
            {
                self.error(
                    &apath,
                    "`auth: session` sends the request with the session's token, but the session has no `send_as`",
                    Some("add `send_as:` to the session, naming the scheme that carries its token".to_owned()),
                );
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

        // The objects requests hold, at any depth, are built by callers.
        let requests = endpoints.iter().map(|e| &e.request).chain(
            websocket
                .iter()
                .flat_map(|ws| ws.messages.iter().map(|m| &m.request)),
        );
        let held = requests
            .flat_map(|r| r.shapes())
            .flat_map(|s| {
                s.fields
                    .iter()
                    .chain(s.groups.iter().flat_map(|g| &g.members))
            })
            .map(|f| &f.ty);
        let in_request = reached(&self.objects, held);
        // The objects responses hold are decoded; alternative shapes cannot be.
        let bodies = endpoints
            .iter()
            .flat_map(|e| {
                std::iter::once(&e.success)
                    .chain(&e.more_successes)
                    .filter_map(|s| s.body)
                    .chain(e.errors.iter().filter_map(|err| err.body))
            })
            .chain(
                websocket
                    .iter()
                    .flat_map(|ws| ws.messages.iter().map(|m| m.response)),
            )
            // A service-level status every endpoint documents itself is still generated.
            .chain(self.service_errors.iter().filter_map(|e| e.body))
            .map(Type::Object)
            .collect::<Vec<_>>();
        let in_response = reached(&self.objects, bodies.iter());
        // Variant structs hold their object's fields: its problems are theirs.
        let shapes: Vec<usize> = self
            .objects
            .iter()
            .flat_map(|o| o.variants.iter().map(|v| v.object))
            .collect();
        let mut sent_only: Vec<(String, String, &str)> = Vec::new();
        for (i, object) in self.objects.iter().enumerate() {
            if !in_response[i] || shapes.contains(&i) {
                continue;
            }
            let path = &self.object_paths[i];
            if !object.variants.is_empty() {
                sent_only.push((
                    format!("{path}.variants"),
                    format!("`{}` has `variants`, which shape what a request sends, but a response holds it", object.rust),
                    "a response is read whatever its shape: give it a type of its own, with the fields that vary `required: false` and no `variants`",
                ));
            }
            for field in object.fields.iter().filter(|f| f.constant.is_some()) {
                sent_only.push((
                    format!("{path}.fields.{}.const", field.name.wire),
                    format!("`{}` has a `const` value, which only what a request sends can have, but `{}` is read from a response", field.name.wire, object.rust),
                    "a response is read as the server sends it: give it a type of its own without `const`, and describe the value in `description`",
                ));
            }
        }
        for (path, message, help) in sent_only {
            broken = true;
            self.error(&path, message, Some(help.to_owned()));
        }
        if broken {
            return None;
        }
        let decodable = decodable(&self.objects);
        for ((object, in_request), decodable) in
            self.objects.iter_mut().zip(in_request).zip(decodable)
        {
            object.in_request = in_request;
            object.decodable = decodable;
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
            errors: std::mem::take(&mut self.service_errors),
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

/// Whether an endpoint documents more than one success (2xx) status.
fn several_successes(endpoint: &spec::Endpoint) -> bool {
    endpoint
        .responses
        .keys()
        .filter(|k| k.parse::<u16>().is_ok_and(|s| (200..300).contains(&s)))
        .count()
        > 1
}

/// A Rust type name to build a longer one from: an escaped keyword loses its `_`
/// (`Self_` + `Kind` gives `SelfKind`, which Rust's naming lints accept).
fn stem(name: &str) -> &str {
    name.trim_end_matches('_')
}

/// What to tell about one side of a type name collision; `None` when it cannot change.
fn fix_text(fix: &Fix, path: &str) -> Option<String> {
    match fix {
        Fix::TypeName => Some(format!("set `type_name:` on `{path}`")),
        Fix::Rename(how) => Some(how.clone()),
        Fix::Wire | Fix::Fixed => None,
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
