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
}
