//! Responses: the success response with its body, headers and cookies, and the error
//! statuses with their variants and error codes.

use super::{Checker, Fix, is_token, looks_secret, stem};
use crate::ident;
use crate::ir::{self, Name, Type};
use crate::spec::{self, Map};

impl Checker<'_> {
    pub(super) fn success(
        &mut self,
        prefix: &str,
        status: u16,
        response: &spec::Response,
        path: &str,
        fix: &Fix,
        several: Option<&[ir::Success]>,
    ) -> Option<ir::Success> {
        // With several successes (`several` holds those checked before this one), each is
        // a variant of `<Prefix>Response`, named after its `name:` or its reason phrase.
        let name = response.name.as_ref().filter(|_| several.is_some());
        let variant = self.variant_name(name, status, path, "created")?;
        if let Some(other) =
            several.and_then(|earlier| earlier.iter().find(|o| o.variant == variant))
        {
            self.error(
                path,
                format!(
                    "statuses {} and {status} both become the variant `{variant}`",
                    other.status
                ),
                Some("set `name:` on one of them".to_owned()),
            );
            return None;
        }
        let rust = if several.is_some() {
            format!("{prefix}{}Response", stem(&variant))
        } else {
            format!("{prefix}Response")
        };
        let fix = if several.is_some() {
            Fix::Rename(format!("set `name:` on status {status}"))
        } else {
            fix.clone()
        };
        self.claim(&rust, path, fix.clone());
        if let Some(code) = &response.error_code {
            self.error(
                &format!("{path}.error_code"),
                format!("a success response carries no error code (`{code}`)"),
                Some("remove `error_code`".to_owned()),
            );
        }
        if let Some(message) = &response.error_message {
            self.error(
                &format!("{path}.error_message"),
                format!("a success response carries no error message (`{message}`)"),
                Some("remove `error_message`".to_owned()),
            );
        }
        if response.retry_after.is_some() {
            self.error(
                &format!("{path}.retry_after"),
                "a success response carries no retry hint",
                Some("remove `retry_after`".to_owned()),
            );
        }
        let body = match &response.body {
            Some(b) => {
                Some(self.response_body(response, b, path, format!("{rust}Body"), fix.clone())?)
            }
            None => None,
        };
        let (headers, cookies) = self.headers_and_cookies(response, path);
        Some(ir::Success {
            status,
            variant,
            rust,
            doc: response.description.clone(),
            body,
            headers,
            cookies,
        })
    }

    /// The headers and cookies a response documents, checked: their Rust names are
    /// neither `body` nor each other's.
    fn headers_and_cookies(
        &mut self,
        response: &spec::Response,
        path: &str,
    ) -> (Vec<ir::Header>, Vec<ir::Header>) {
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
        (headers, cookies)
    }

    /// The body of the response at `path`: its `fields:`, declared as the object `rust`,
    /// or the object of `types` its `type:` names. Its index in `objects`.
    fn response_body(
        &mut self,
        response: &spec::Response,
        body: &spec::ResponseBody,
        path: &str,
        rust: String,
        fix: Fix,
    ) -> Option<usize> {
        let bpath = format!("{path}.body");
        match (&body.fields, &body.ty) {
            (Some(fields), None) => {
                self.claim(&rust, &bpath, fix);
                let index = self.reserve_object(rust.clone(), &bpath);
                self.object_fields(index, fields, &bpath, &rust);
                self.objects[index].doc = body
                    .description
                    .clone()
                    .or_else(|| response.description.clone());
                Some(index)
            }
            (None, Some(name)) => self.named_body(name, &format!("{bpath}.type")),
            (Some(_), Some(name)) => {
                self.error(
                    &bpath,
                    format!("the body both lists `fields:` and is `type: {name}`"),
                    Some(format!(
                        "keep `type: {name}` and declare the fields once under `types.{name}.fields`, or remove `type:`"
                    )),
                );
                None
            }
            (None, None) => {
                self.error(
                    &bpath,
                    "the body says neither what it holds nor which type it is",
                    Some(
                        "list its `fields:`, or name an object of `types` with `type:`".to_owned(),
                    ),
                );
                None
            }
        }
    }

    /// The object of `types` named `name`, the body at `path` (its `type:` key).
    fn named_body(&mut self, name: &str, path: &str) -> Option<usize> {
        if let Some(&index) = self.named.get(name) {
            return Some(index);
        }
        if self.broken_types.iter().any(|b| b == name) {
            return None; // reported at the type
        }
        let objects: Vec<&str> = self.named.keys().map(String::as_str).collect();
        let (message, help) = if self.named_enums.contains_key(name) {
            (
                format!("`{name}` is an enum, but a body is an object"),
                "name an object of `types` (one with `fields:`)".to_owned(),
            )
        } else if super::BUILTIN_TYPES.contains(&name) {
            (
                format!("a body is an object of `types`, not `{name}`"),
                "list the body's `fields:`, or name an object of `types`".to_owned(),
            )
        } else {
            (
                format!("no object `{name}` is declared under `types`"),
                ident::did_you_mean(name, objects.iter().copied(), || {
                    format!("declare `{name}` under `types` with its `fields:`")
                }),
            )
        };
        self.error(path, message, Some(help));
        None
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
            let kind =
                ir::HeaderKind::of(&field.ty).filter(|k| is_header || *k == ir::HeaderKind::Text);
            let Some(kind) = kind else {
                let other = &field.ty;
                let (message, help) = if is_header {
                    (
                        format!(
                            "headers are `string`, `secret`, `integer`, `retry_after`, `duration_s`, `http_date`, `timestamp`, `unix_s` or `unix_ms`, not `{other}`"
                        ),
                        "use `string` for text (`secret` for a credential), `integer` for a number, `retry_after` for `Retry-After` (seconds or an HTTP date), `duration_s` for a number of seconds, and `http_date`, `timestamp` (RFC 3339), `unix_s` or `unix_ms` for a point in time",
                    )
                } else {
                    (
                        format!("cookies are `string` or `secret`, not `{other}`"),
                        "use `type: string`, or `type: secret` for a credential",
                    )
                };
                self.error(&format!("{hpath}.type"), message, Some(help.to_owned()));
                continue;
            };
            let secret = field.ty == "secret";
            if field.ty == "string" && looks_secret(name) {
                let what = if is_header { "header" } else { "cookie" };
                self.secret_as_string(&format!("{hpath}.type"), what, name);
            }
            let Some(rust) = self.field_rust_name(name, field.rust_name.as_ref(), &hpath) else {
                continue;
            };
            out.push(ir::Header {
                name: Name {
                    wire: name.to_owned(),
                    rust,
                },
                secret,
                kind,
                required: field.required.unwrap_or(true),
                doc: field.description.clone(),
            });
        }
        out
    }

    /// The error statuses any endpoint may answer (`errors:`), checked once; every
    /// endpoint that does not document the status itself gets a variant for it.
    pub(super) fn service_errors(&mut self, errors: &Map<spec::Response>) -> Vec<ir::ErrorStatus> {
        let mut out: Vec<ir::ErrorStatus> = Vec::new();
        for (code, response) in errors.iter() {
            let path = format!("errors.{code}");
            let Some(status) = self.status_code(code, &path) else {
                continue;
            };
            if (200..300).contains(&status) {
                self.error(
                    &path,
                    format!("status {status} is a success, and each endpoint documents its own"),
                    Some(
                        "move it under the `responses` of the endpoints that answer it".to_owned(),
                    ),
                );
                continue;
            }
            let fix = Fix::Rename(format!("set `name:` on `errors.{code}`"));
            let Some(e) = self.error_status("", status, response, &path, &fix, true) else {
                continue;
            };
            if let Some(other) = out.iter().find(|o| o.variant == e.variant) {
                self.error(
                    &path,
                    format!(
                        "statuses {} and {status} both become the variant `{}`",
                        other.status, e.variant
                    ),
                    Some("set `name:` on one of them".to_owned()),
                );
                continue;
            }
            out.push(e);
        }
        out
    }

    /// The status a `responses` or `errors` key stands for, if it is one written as
    /// three digits.
    pub(super) fn status_code(&mut self, code: &str, path: &str) -> Option<u16> {
        match code.parse::<u16>() {
            Ok(s) if (100..=599).contains(&s) && s.to_string() == code => Some(s),
            Ok(s) if (100..=599).contains(&s) => {
                self.error(
                    path,
                    format!("the status `{code}` is not written as three digits"),
                    Some(format!("write `{s}:`")),
                );
                None
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
                    path,
                    format!("`{code}` is not an HTTP status code (100 to 599)"),
                    Some(help),
                );
                None
            }
        }
    }

    /// A documented error status; `shared` when it is one of the service's `errors`.
    pub(super) fn error_status(
        &mut self,
        prefix: &str,
        status: u16,
        response: &spec::Response,
        path: &str,
        fix: &Fix,
        shared: bool,
    ) -> Option<ir::ErrorStatus> {
        let variant = self.variant_name(response.name.as_ref(), status, path, "denied")?;
        if variant == "Decode" || variant == "Unexpected" {
            self.error(
                &format!("{path}.name"),
                format!("`{variant}` is reserved for errors the generator adds"),
                Some("pick another `name:`".to_owned()),
            );
            return None;
        }
        // With headers or cookies, the variant holds a struct of them and the body.
        let (headers, cookies) = self.headers_and_cookies(response, path);
        let wrapper = (!headers.is_empty() || !cookies.is_empty()).then(|| {
            let rust = format!("{prefix}{}", stem(&variant));
            self.claim(&rust, path, fix.clone());
            rust
        });
        let body = match &response.body {
            Some(b) => {
                let bfix = match fix {
                    Fix::Rename(how) => {
                        Fix::Rename(format!("set `name:` on status {status}, or {how}"))
                    }
                    other => other.clone(),
                };
                let brust = match &wrapper {
                    Some(rust) => format!("{rust}Body"),
                    None => format!("{prefix}{}", stem(&variant)),
                };
                Some(self.response_body(response, b, path, brust, bfix)?)
            }
            None => None,
        };
        let reads = self.error_reads(response, body, path, status)?;
        if let Some(body) = body {
            self.read_alike(body, reads, path)?;
        }
        Some(ir::ErrorStatus {
            status,
            variant,
            doc: response.description.clone(),
            body,
            shared,
            headers,
            cookies,
            rust: wrapper,
        })
    }

    /// Where the body of the error status at `path` holds its code, message and retry
    /// hint.
    fn error_reads(
        &mut self,
        response: &spec::Response,
        body: Option<usize>,
        path: &str,
        status: u16,
    ) -> Option<ir::ErrorReads> {
        let code = match &response.error_code {
            None => None,
            Some(code) => {
                let cpath = format!("{path}.error_code");
                let field =
                    self.error_field(body, code, &cpath, status, ("error_code", "a `type: enum`"))?;
                let Type::Enum(e) = field.ty else {
                    self.error(
                        &cpath,
                        format!("the error code field `{code}` must be a `type: enum` listing the documented codes"),
                        Some(format!("set `type: enum` on `{code}` with `values:`, one per documented code")),
                    );
                    return None;
                };
                Some((field, e))
            }
        };
        let message = match &response.error_message {
            None => None,
            Some(message) => {
                let mpath = format!("{path}.error_message");
                let field = self.error_field(
                    body,
                    message,
                    &mpath,
                    status,
                    ("error_message", "a `type: string`"),
                )?;
                if field.ty != Type::String {
                    self.error(
                        &mpath,
                        format!("the error message field `{message}` must be a `type: string`"),
                        Some(format!("set `type: string` on `{message}`, or name the field that holds the message")),
                    );
                    return None;
                }
                Some(field)
            }
        };
        let retry_after = match &response.retry_after {
            None => None,
            Some(hint) => {
                let rpath = format!("{path}.retry_after.field");
                let field = self.error_field(
                    body,
                    &hint.field,
                    &rpath,
                    status,
                    ("retry_after.field", "a `type: integer`"),
                )?;
                if field.ty != Type::Integer {
                    self.error(
                        &rpath,
                        format!(
                            "the retry hint field `{}` must be a `type: integer`, a number of seconds or milliseconds",
                            hint.field
                        ),
                        Some(format!(
                            "set `type: integer` on `{}`, and `unit:` to its unit (`s` or `ms`); a date belongs in a `Retry-After` header of `type: retry_after`",
                            hint.field
                        )),
                    );
                    return None;
                }
                Some((field, hint.unit))
            }
        };
        Some(ir::ErrorReads {
            code,
            message,
            retry_after,
        })
    }

    /// Records what the error body `object` says of itself for the status at `path`: a
    /// body shared by several statuses is one Rust type, so each must read it alike.
    fn read_alike(&mut self, object: usize, reads: ir::ErrorReads, path: &str) -> Option<()> {
        let Some(first) = &self.objects[object].error else {
            self.objects[object].error = Some(reads);
            self.error_bodies.insert(object, path.to_owned());
            return Some(());
        };
        let wire = |p: Option<&ir::FieldPath>| p.map(|p| p.wire.clone());
        let mut differ = Vec::new();
        if wire(first.code.as_ref().map(|c| &c.0)) != wire(reads.code.as_ref().map(|c| &c.0)) {
            differ.push("`error_code`");
        }
        if wire(first.message.as_ref()) != wire(reads.message.as_ref()) {
            differ.push("`error_message`");
        }
        let hint = |r: &ir::ErrorReads| r.retry_after.as_ref().map(|(p, u)| (p.wire.clone(), *u));
        if hint(first) != hint(&reads) {
            differ.push("`retry_after`");
        }
        if differ.is_empty() {
            return Some(());
        }
        let rust = self.objects[object].rust.clone();
        let other = self.error_bodies.get(&object).cloned().unwrap_or_default();
        self.error(
            path,
            format!(
                "the body `{rust}` is also the body of `{other}`, with another {}; one type reads its code, message and retry hint one way",
                differ.join(" and ")
            ),
            Some(format!(
                "give every status whose body is `type: {rust}` the same `error_code`, `error_message` and `retry_after`"
            )),
        );
        None
    }

    /// The variant a status becomes: its `name:` (an ASCII name such as `example`), or
    /// its reason phrase (`Unauthorized`), or `Status<n>`.
    fn variant_name(
        &mut self,
        name: Option<&String>,
        status: u16,
        path: &str,
        example: &str,
    ) -> Option<String> {
        match name {
            Some(name) => self.camel(
                name,
                &format!("{path}.name"),
                &format!("change `name:` to an ASCII name such as `{example}`"),
            ),
            None => Some(
                reason(status)
                    .and_then(|r| ident::camel(r).ok())
                    .unwrap_or_else(|| format!("Status{status}")),
            ),
        }
    }

    /// Resolves the path of an error body field (`code`, `error.code`, `errors[0].code`)
    /// in the body `body` of status `status`, for the key `key` (`error_code` or
    /// `error_message`), whose field must be `kind` (`a `type: enum``).
    fn error_field(
        &mut self,
        body: Option<usize>,
        wire: &str,
        path: &str,
        status: u16,
        (key, kind): (&str, &str),
    ) -> Option<ir::FieldPath> {
        let what = key.split('.').next().unwrap_or(key).replace('_', " ");
        let Some(object) = body else {
            self.error(
                path,
                format!("`{key}: {wire}` names a body field, but status {status} has no `body`"),
                Some(format!(
                    "add the body with its {what} field under `body.fields`"
                )),
            );
            return None;
        };
        // A body of `types` is declared there; any other under the status's `body`.
        let declared = Some(&self.object_paths[object])
            .filter(|p| p.starts_with("types."))
            .map_or_else(|| "`body.fields`".to_owned(), |p| format!("`{p}.fields`"));
        self.field_at(object, wire, path, true, |m| {
            let parent = m.segments[..m.at].join(".");
            let inside = if parent.is_empty() {
                "the body".to_owned()
            } else {
                format!("`{parent}`")
            };
            let help = ident::did_you_mean(m.name, m.names.iter().map(String::as_str), || {
                let under = if parent.is_empty() {
                    declared
                } else {
                    format!("the `fields` of `{parent}`")
                };
                format!("declare `{}` under {under}, as {kind}", m.name)
            });
            (format!("{inside} has no field `{}`", m.name), help)
        })
    }
}

/// The IANA reason phrase of the success statuses and of the error statuses a login
/// documents most often.
fn reason(status: u16) -> Option<&'static str> {
    Some(match status {
        200 => "ok",
        201 => "created",
        202 => "accepted",
        203 => "non authoritative information",
        204 => "no content",
        205 => "reset content",
        206 => "partial content",
        207 => "multi status",
        208 => "already reported",
        226 => "im used",
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
