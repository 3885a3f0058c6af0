//! The session of a login endpoint: its token, how it is sent, the base URL variables
//! it sets, and the response fields it reads.

use super::{Checker, looks_secret};
use crate::ident;
use crate::ir::{self, Type};
use crate::spec;

impl Checker<'_> {
    /// Checks a session; `success` is the login's success response, when documented
    /// (without one, only the parts that do not read it are checked).
    pub(super) fn session(
        &mut self,
        s: &spec::Session,
        path: &str,
        success: Option<&ir::Success>,
        index: usize,
        auth: &[ir::AuthScheme],
        base_url: Option<&ir::BaseUrl>,
    ) -> Option<ir::Session> {
        let token = success.and_then(|ok| self.secret_value(ok, &s.token, "token", path));
        // Whether every part is sound; a part with a problem is reported where it is.
        let mut ok = token.is_some();
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
                let help = Some(ident::did_you_mean(name, names.iter().copied(), || {
                    format!("the variables of `base_url`: {}", names.join(", "))
                }));
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
        let expiry = self.expiry(s.expires_at.as_ref(), s.expires_in.as_ref(), path, success);
        ok &= (s.expires_at.is_none() && s.expires_in.is_none()) || expiry.is_some();
        let base_url_field = s.base_url.as_ref().and_then(|f| {
            let bpath = format!("{path}.base_url");
            if !s.variables.is_empty() {
                self.error(
                    &bpath,
                    "a session takes its base URL from a response field or from `variables` of the host template, not both",
                    Some("keep `base_url` (a field holding the whole URL) or `variables`".to_owned()),
                );
                return None;
            }
            let fp = self.field_path(success?, f, &bpath)?;
            match fp.ty {
                Type::String => Some(fp),
                Type::Secret => {
                    self.error(
                        &bpath,
                        format!("`{f}` is a secret and would leak into the URL"),
                        Some("name the `type: string` field that holds the base URL".to_owned()),
                    );
                    None
                }
                _ => {
                    self.error(
                        &bpath,
                        format!("`{f}` must be a `string` holding a whole URL (`https://host/prefix`)"),
                        Some("name the `type: string` field that holds the base URL".to_owned()),
                    );
                    None
                }
            }
        });
        ok &= s.base_url.is_none() || base_url_field.is_some();
        let refresh_token = s
            .refresh_token
            .as_ref()
            .and_then(|r| self.secret_value(success?, r, "refresh_token", path));
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
            base_url: base_url_field,
            expiry,
            refresh_token,
            verification_required,
            refresh: None,
            logout: None,
        })
    }

    /// Resolves the token or refresh token (`key`) of a session: a body field, a header or
    /// a cookie of the success answer, which must be a secret.
    fn secret_value(
        &mut self,
        success: &ir::Success,
        source: &spec::Source,
        key: &str,
        path: &str,
    ) -> Option<ir::Located> {
        let vpath = format!("{path}.{key}");
        let status = success.status;
        let (kind, name, list) = match source {
            spec::Source::Field(wire) => {
                // A bare name that is no body field but a documented header or cookie: the
                // author meant that one.
                let in_body = success.body.is_some_and(|b| {
                    self.objects[b]
                        .fields
                        .iter()
                        .any(|f| f.name.wire == wire.split('.').next().unwrap_or(wire))
                });
                if !in_body {
                    let cookie = success.cookies.iter().any(|c| c.name.wire == *wire);
                    let header = success
                        .headers
                        .iter()
                        .any(|h| h.name.wire.eq_ignore_ascii_case(wire));
                    if cookie || header {
                        let which = if cookie { "cookie" } else { "header" };
                        self.error(
                            &vpath,
                            format!(
                                "the success body has no field `{wire}`, but the answer documents a {which} of that name"
                            ),
                            Some(format!("to read the {which}, write `{key}: {{ {which}: {wire} }}`")),
                        );
                        return None;
                    }
                }
                let fp = self.field_path(success, wire, &vpath)?;
                let named_secret = looks_secret(wire.rsplit('.').next().unwrap_or(wire));
                match &fp.ty {
                    Type::Secret => return Some(ir::Located::Field(fp)),
                    // A `string` named like a credential is already reported where it is.
                    Type::String if named_secret => return None,
                    Type::String => self.error(
                        &vpath,
                        format!("the {key} field `{wire}` must be `type: secret` so it never shows in Debug output"),
                        Some(format!("set `type: secret` on the response field `{wire}`")),
                    ),
                    Type::Object(o) => {
                        let inside: Vec<String> = self.objects[*o]
                            .fields
                            .iter()
                            .filter(|f| f.ty == Type::Secret)
                            .map(|f| format!("`{wire}.{}`", f.name.wire))
                            .collect();
                        let help = if inside.is_empty() {
                            format!("name the `type: secret` field inside `{wire}` that holds the {key}")
                        } else {
                            format!("did you mean {}?", inside.join(" or "))
                        };
                        self.error(
                            &vpath,
                            format!("`{wire}` is an object; the {key} is one field inside it"),
                            Some(help),
                        );
                    }
                    _ => self.error(
                        &vpath,
                        format!("the {key} must be text (a `type: secret` field), but `{wire}` is not"),
                        Some(format!("name the `type: secret` field of the success body that holds the {key}")),
                    ),
                }
                return None;
            }
            spec::Source::Header(name) => ("header", name, &success.headers),
            spec::Source::Cookie(name) => ("cookie", name, &success.cookies),
        };
        let found = list.iter().position(|h| {
            if kind == "header" {
                h.name.wire.eq_ignore_ascii_case(name)
            } else {
                h.name.wire == *name
            }
        });
        let plural = if kind == "header" {
            "headers"
        } else {
            "cookies"
        };
        match found {
            Some(i) if list[i].secret => Some(if kind == "header" {
                ir::Located::Header(i)
            } else {
                ir::Located::Cookie(i)
            }),
            Some(_) if looks_secret(name) => None, // reported where it is declared
            Some(_) => {
                self.error(
                    &vpath,
                    format!("the {kind} `{name}` must be `type: secret` so it never shows in Debug output"),
                    Some(format!("set `type: secret` on `responses.{status}.{plural}.{name}`")),
                );
                None
            }
            None => {
                let help =
                    ident::did_you_mean(name, list.iter().map(|h| h.name.wire.as_str()), || {
                        format!(
                            "declare it under `responses.{status}.{plural}` with `type: secret`"
                        )
                    });
                self.error(
                    &vpath,
                    format!("the success response documents no {kind} `{name}`"),
                    Some(help),
                );
                None
            }
        }
    }

    /// Resolves the expiry of a session: `expires_at` (a point in time) or `expires_in`
    /// (a lifetime with its unit), not both.
    fn expiry(
        &mut self,
        expires_at: Option<&String>,
        expires_in: Option<&spec::Lifetime>,
        path: &str,
        success: Option<&ir::Success>,
    ) -> Option<ir::Expiry> {
        if expires_at.is_some() && expires_in.is_some() {
            self.error(
                &format!("{path}.expires_in"),
                "a session gives its expiry once: as a time (`expires_at`) or as a lifetime (`expires_in`)",
                Some("keep the one the answer states".to_owned()),
            );
            return None;
        }
        if let Some(f) = expires_at {
            let epath = format!("{path}.expires_at");
            let fp = self.field_path(success?, f, &epath)?;
            if matches!(fp.ty, Type::UnixMs | Type::UnixS | Type::Timestamp) {
                return Some(ir::Expiry::At(fp));
            }
            let help = if matches!(fp.ty, Type::Integer) {
                // The checker cannot know the unit of a number: a lifetime is the commoner
                // meaning of a bare integer next to a token, and a wrong unit compiles.
                format!(
                    "if `{f}` is a lifetime (seconds or milliseconds from now), write `expires_in: {{ field: {f}, unit: s }}` (or `ms`); if it is a point in time, give the field `type: unix_s` or `unix_ms`"
                )
            } else {
                "name a field of `type: unix_ms`, `unix_s` or `timestamp`".to_owned()
            };
            self.error(
                &epath,
                format!("`{f}` must be `unix_ms`, `unix_s` or `timestamp` to give a point in time"),
                Some(help),
            );
            return None;
        }
        let lifetime = expires_in?;
        let epath = format!("{path}.expires_in.field");
        let fp = self.field_path(success?, &lifetime.field, &epath)?;
        if fp.ty == Type::Integer {
            return Some(ir::Expiry::In(fp, lifetime.unit));
        }
        let f = &lifetime.field;
        let help = if matches!(fp.ty, Type::UnixMs | Type::UnixS | Type::Timestamp) {
            format!("`{f}` is a point in time: write `expires_at: {f}`")
        } else {
            "name an `integer` field holding the lifetime".to_owned()
        };
        self.error(
            &epath,
            format!("`{f}` must be an `integer` to give a lifetime"),
            Some(help),
        );
        None
    }

    /// Resolves `a.b.c` against the success body. A field left out because of its own
    /// problem is not reported again.
    fn field_path(
        &mut self,
        success: &ir::Success,
        wire: &str,
        path: &str,
    ) -> Option<ir::FieldPath> {
        let Some(object) = success.body else {
            self.error(
                path,
                format!("`{wire}` names a response field, but the success response has no body"),
                Some("document the success body under `responses.<2xx>.body.fields`".to_owned()),
            );
            return None;
        };
        self.field_at(object, wire, path, false, |m| {
            let help = ident::closest(m.name, m.names.iter().map(String::as_str))
                .map(|s| {
                    let mut fixed = m.segments[..m.at].to_vec();
                    fixed.push(s);
                    format!("did you mean `{}`?", fixed.join("."))
                })
                .unwrap_or_else(|| {
                    if m.names.is_empty() {
                        "declare the field in the success body first".to_owned()
                    } else {
                        format!("fields here: {}", m.names.join(", "))
                    }
                });
            let message = format!(
                "the success response has no field `{}`",
                m.segments[..=m.at].join(".")
            );
            (message, help)
        })
    }

    /// Resolves the session's `refresh` and `logout` endpoints, once every endpoint is
    /// checked (`endpoints[i]` is the endpoint named `names[i]`).
    pub(super) fn session_ends(
        &mut self,
        session: &mut ir::Session,
        s: &spec::Session,
        path: &str,
        endpoints: &[ir::Endpoint],
        names: &[&str],
        auth: &[ir::AuthScheme],
    ) -> bool {
        let mut ok = true;
        if let Some(r) = &s.refresh {
            let rpath = format!("{path}.refresh");
            session.refresh = self.refresh(session, r, &rpath, endpoints, names, auth);
            ok &= session.refresh.is_some();
        }
        if let Some(name) = &s.logout {
            let lpath = format!("{path}.logout");
            match self.session_endpoint(name, &lpath, session.endpoint, names) {
                Some(i) if endpoints[i].uses_session => session.logout = Some(i),
                Some(_) => {
                    self.error(
                        &lpath,
                        format!("the logout endpoint `{name}` must carry the session's token"),
                        Some(format!("give `endpoints.{name}` the key `auth: session`")),
                    );
                    ok = false;
                }
                None => ok = false,
            }
        }
        ok
    }

    /// The index of the endpoint `name` a session names at `path`, which is not the login.
    fn session_endpoint(
        &mut self,
        name: &str,
        path: &str,
        login: usize,
        names: &[&str],
    ) -> Option<usize> {
        match names.iter().position(|n| *n == name) {
            Some(i) if i == login => {
                self.error(
                    path,
                    format!("`{name}` is the login that starts the session"),
                    Some("name another endpoint of this spec".to_owned()),
                );
                None
            }
            Some(i) => Some(i),
            None => {
                let help = ident::did_you_mean(name, names.iter().copied(), || {
                    format!("the endpoints: {}", names.join(", "))
                });
                self.error(
                    path,
                    format!("there is no endpoint named `{name}`"),
                    Some(help),
                );
                None
            }
        }
    }

    /// Checks how the session is renewed: the endpoint, where its request takes the
    /// refresh token, and what its answer gives.
    fn refresh(
        &mut self,
        session: &ir::Session,
        r: &spec::Refresh,
        path: &str,
        endpoints: &[ir::Endpoint],
        names: &[&str],
        auth: &[ir::AuthScheme],
    ) -> Option<ir::Refresh> {
        let epath = format!("{path}.endpoint");
        let i = self.session_endpoint(&r.endpoint, &epath, session.endpoint, names)?;
        let endpoint = &endpoints[i];
        let name = &r.endpoint;
        let mut ok = true;
        if session.refresh_token.is_none() {
            self.error(
                path,
                "a refresh sends the session's refresh token, but the session has no `refresh_token`",
                Some("add `refresh_token:` to the session, naming where the login answer gives it".to_owned()),
            );
            ok = false;
        }
        if !endpoint.more_successes.is_empty() {
            self.error(
                &epath,
                format!("the refresh endpoint `{name}` documents several success statuses; the session reads one answer"),
                Some("keep the 2xx whose answer holds the new token".to_owned()),
            );
            return None;
        }
        let ir::Request::Single(shape) = &endpoint.request else {
            self.error(
                &epath,
                format!("the refresh endpoint `{name}` has request variants; the session builds one request"),
                Some("describe the refresh request without `variants`".to_owned()),
            );
            return None;
        };
        if !shape.groups.is_empty() {
            self.error(
                &epath,
                format!("the refresh endpoint `{name}` has an `at_least_one_of` group; the session cannot choose its members"),
                Some("make the fields the refresh needs required".to_owned()),
            );
            ok = false;
        }
        let field = match &r.refresh_token_in {
            Some(f) => {
                let fpath = format!("{path}.refresh_token_in");
                match shape.fields.iter().find(|x| x.name.wire == *f) {
                    Some(x) if x.required && x.ty == Type::Secret => Some(x.name.rust.clone()),
                    // A `string` named like a credential is already reported where it is.
                    Some(x) if x.ty == Type::String && looks_secret(f) => {
                        ok = false;
                        None
                    }
                    Some(_) => {
                        self.error(
                            &fpath,
                            format!("the field `{f}` that takes the refresh token must be a required `type: secret`"),
                            Some(format!("declare `endpoints.{name}.body.fields.{f}` as `{{ type: secret }}`")),
                        );
                        ok = false;
                        None
                    }
                    None => {
                        let help = ident::did_you_mean(
                            f,
                            shape.fields.iter().map(|x| x.name.wire.as_str()),
                            || {
                                format!(
                                    "declare it under `endpoints.{name}.body.fields` as `{{ type: secret }}`"
                                )
                            },
                        );
                        self.error(
                            &fpath,
                            format!("the refresh request has no body field `{f}`"),
                            Some(help),
                        );
                        ok = false;
                        None
                    }
                }
            }
            None => {
                let carried = shape
                    .auth
                    .is_some_and(|a| auth[a].kind != ir::AuthKind::Basic);
                if !carried {
                    self.error(
                        path,
                        format!("nothing in the `{name}` request carries the refresh token"),
                        Some(format!(
                            "name its body field with `refresh_token_in`, or give `endpoints.{name}` an `auth` scheme (bearer, header or cookie) to carry it"
                        )),
                    );
                    ok = false;
                }
                None
            }
        };
        // The values the caller gives `refresh` and `from_session`, which also take
        // `client` and `session`.
        let scheme = shape.auth.filter(|_| field.is_some());
        let caller: Vec<&str> = scheme
            .map(|a| auth[a].name.rust.as_str())
            .into_iter()
            .chain(
                endpoint
                    .params
                    .iter()
                    .filter(|p| p.required)
                    .map(|p| p.name.rust.as_str()),
            )
            .chain(
                shape
                    .fields
                    .iter()
                    .filter(|f| f.required && Some(&f.name.rust) != field.as_ref())
                    .map(|f| f.name.rust.as_str()),
            )
            .collect();
        for taken in caller.iter().filter(|n| ["client", "session"].contains(n)) {
            // The credential's parameter is named after its scheme, which has no
            // `rust_name`: the scheme itself is renamed.
            let help = match scheme {
                Some(a) if auth[a].name.rust == *taken => format!(
                    "rename the auth scheme `{}` (and every `auth:` that names it)",
                    auth[a].name.wire
                ),
                _ => format!("set `rust_name:` on `{taken}` in `endpoints.{name}`"),
            };
            self.error(
                &epath,
                format!(
                    "the `{name}` request asks the caller for `{taken}`, a name the generated `refresh(client, ..)` and `from_session(session, ..)` already take"
                ),
                Some(help),
            );
            ok = false;
        }
        if r.before_expiry.is_some() {
            let bpath = format!("{path}.before_expiry");
            // A renewal on its own asks the caller nothing.
            let asks = &caller;
            if !asks.is_empty() {
                self.error(
                    &bpath,
                    format!(
                        "the refresh needs {} from the caller, so later calls cannot renew the session on their own",
                        asks.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
                    ),
                    Some("remove `before_expiry` and call `refresh` with those values".to_owned()),
                );
                ok = false;
            }
            if session.expiry.is_none() && r.expires_at.is_none() && r.expires_in.is_none() {
                self.error(
                    &bpath,
                    "neither the login nor the refresh states when the token expires, so `before_expiry` would never renew it",
                    Some("add `expires_at` or `expires_in` to the session or to the refresh".to_owned()),
                );
                ok = false;
            }
            if session.send_as.is_none() {
                self.error(
                    &bpath,
                    "`before_expiry` renews the session before later calls it sends, but the session has no `send_as`",
                    Some("add `send_as:` to the session".to_owned()),
                );
                ok = false;
            }
        }
        let success = &endpoint.success;
        let token = self.secret_value(success, &r.token, "token", path);
        let expiry = self.expiry(
            r.expires_at.as_ref(),
            r.expires_in.as_ref(),
            path,
            Some(success),
        );
        let refresh_token = r
            .refresh_token
            .as_ref()
            .and_then(|t| self.secret_value(success, t, "refresh_token", path));
        ok &= token.is_some()
            && (r.expires_at.is_none() && r.expires_in.is_none() || expiry.is_some())
            && (r.refresh_token.is_none() || refresh_token.is_some());
        if !ok {
            return None;
        }
        Some(ir::Refresh {
            endpoint: i,
            field,
            token: token?,
            expiry,
            refresh_token,
            before_expiry: r.before_expiry,
        })
    }
}
