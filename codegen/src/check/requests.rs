//! Auth schemes and endpoints: method, path, fixed headers, the auth an endpoint
//! carries, and its request body with its variants and at-least-one-of groups.

use super::{
    Checker, EndpointCheck, Fix, deprecation, is_token, looks_secret, several_successes, stem,
};
use crate::ident;
use crate::ir::{self, Name};
use crate::spec::{self, Map};

/// The `auth:` of an endpoint whose requests the session sends, with its credential.
pub(super) const SESSION_AUTH: &str = "session";

impl Checker<'_> {
    pub(super) fn auth(&mut self, schemes: &Map<spec::AuthScheme>) -> Vec<ir::AuthScheme> {
        let mut out = Vec::new();
        for (name, scheme) in schemes.iter() {
            let path = format!("auth.{name}");
            if name == SESSION_AUTH {
                self.error(
                    &path,
                    "`session` is the `auth:` of endpoints whose requests the session sends; no scheme may take that name",
                    Some("rename the scheme (and every `auth:` and `send_as:` that names it)".to_owned()),
                );
                self.broken_auth.push(name.to_owned());
                continue;
            }
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

    pub(super) fn find_auth(
        &mut self,
        auth: &[ir::AuthScheme],
        name: &str,
        path: &str,
    ) -> Option<usize> {
        if let Some(i) = auth.iter().position(|a| a.name.wire == name) {
            return Some(i);
        }
        if self.broken_auth.iter().any(|b| b == name) {
            return None; // its problem is already reported
        }
        let help = ident::did_you_mean(name, auth.iter().map(|a| a.name.wire.as_str()), || {
            "declare it under `auth:` first".to_owned()
        });
        self.error(
            path,
            format!("there is no auth scheme named `{name}`"),
            Some(help),
        );
        None
    }

    pub(super) fn endpoint(
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
            let help =
                ident::did_you_mean(&method, ["GET", "POST", "PUT", "PATCH", "DELETE"], || {
                    "use GET, POST, PUT, PATCH or DELETE".to_owned()
                });
            self.error(
                &format!("{path}.method"),
                format!("unsupported method `{method}`"),
                Some(help),
            );
        }
        let mut params_ok = true;
        if !endpoint.path.starts_with('/') || endpoint.path.contains(['?', '#', ' ']) {
            self.error(
                &format!("{path}.path"),
                format!("path `{}` must start with `/` and hold no query, fragment or space", endpoint.path),
                Some("write the path such as `/v1/users/{user_id}`, and each query parameter under `parameters` with `in: query`".to_owned()),
            );
            params_ok = false;
        }
        // A path already refused is not searched for parameters too.
        let checked = params_ok
            .then(|| self.parameters(&endpoint.path, &endpoint.parameters, path))
            .flatten();
        let (params, path_parts) = checked.unwrap_or_else(|| {
            params_ok = false;
            (Vec::new(), Vec::new())
        });
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
        let uses_session = endpoint.auth.as_deref() == Some(SESSION_AUTH);
        let endpoint_auth = match &endpoint.auth {
            Some(_) if uses_session => None,
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

        let mut successes: Vec<ir::Success> = Vec::new();
        let several = several_successes(endpoint);
        let response_rust = format!("{prefix}Response");
        if several {
            self.claim(&response_rust, &format!("{path}.responses"), fix.clone());
        }
        let mut errors: Vec<ir::ErrorStatus> = Vec::new();
        let mut responses_ok = true;
        // Every status the spec documents, even one with a problem: examples may use it.
        let mut statuses: Vec<u16> = Vec::new();
        for (code, response) in endpoint.responses.iter() {
            let rpath = format!("{path}.responses.{code}");
            let Some(status) = self.status_code(code, &rpath) else {
                responses_ok = false;
                continue;
            };
            statuses.push(status);
            if (200..300).contains(&status) {
                let earlier = several.then_some(successes.as_slice());
                match self.success(&prefix, status, response, &rpath, &fix, earlier) {
                    Some(s) => successes.push(s),
                    None => responses_ok = false,
                }
            } else if let Some(e) =
                self.error_status(&prefix, status, response, &rpath, &fix, false)
            {
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
        // The service's errors, for the statuses the endpoint does not document itself.
        let shared: Vec<ir::ErrorStatus> = self
            .service_errors
            .iter()
            .filter(|e| !statuses.contains(&e.status))
            .cloned()
            .collect();
        for shared in shared {
            if let Some(own) = errors.iter().find(|o| o.variant == shared.variant) {
                self.error(
                    &format!("{path}.responses.{}", own.status),
                    format!(
                        "status {} and the service's status {} (`errors.{}`) both become the variant `{}`",
                        own.status, shared.status, shared.status, shared.variant
                    ),
                    Some("set `name:` on one of them".to_owned()),
                );
                responses_ok = false;
                continue;
            }
            statuses.push(shared.status);
            errors.push(shared);
        }
        let mut successes = successes.into_iter();
        let success = successes.next();
        let more_successes: Vec<ir::Success> = successes.collect();
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
        if let Some(request) = &request {
            params_ok &= self.parameters_apart_from_fields(&params, request, auth, path);
        }
        let checked = match (rust, request, success.clone()) {
            (Some(rust), Some(request), Some(success)) if auth_ok && responses_ok && params_ok => {
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
                    params,
                    path_parts,
                    uses_session,
                    request,
                    success,
                    more_successes,
                    response_rust,
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
    pub(super) fn request(
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
                    let help = Some(ident::did_you_mean(member, body.fields.keys(), || {
                        "list fields declared under `fields:` of this body".to_owned()
                    }));
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
                    let help = ident::did_you_mean(wire, body.fields.keys(), || {
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
            if variant
                .constant
                .iter()
                .any(|(wire, _)| groups.iter().flatten().any(|m| m == wire))
            {
                self.error(
                    &format!("{vpath}.const"),
                    "a field of an at-least-one-of group cannot be fixed by a variant",
                    Some("take the field out of the group, or its value out of `const`".to_owned()),
                );
                ok = false;
            } else if !self.variant_constants(variant, &body.fields, &mut fields, &vpath) {
                ok = false;
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
                deprecated: super::deprecation(variant.deprecated.as_ref()),
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
}

/// Rust name of the field holding an at-least-one-of group: its members joined by `_or_`.
fn group_field(members: &[String]) -> String {
    // `_or_` always leaves letters to build a name from.
    ident::snake(&members.join("_or_")).unwrap_or_else(|_| "or".to_owned())
}
