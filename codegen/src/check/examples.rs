//! Examples of endpoints and websocket frames, judged against the spec as written: the
//! variant, auth scheme and status they name, request bodies against the fields their
//! variant carries, URLs against the base URL and path.

use super::Checker;
use super::example_values::describe;
use crate::ident;
use crate::ir;
use crate::spec;

/// Examples judged against the spec as written: values against field types, request
/// bodies against the fields their variant carries, URLs against the base URL and path.
impl Checker<'_> {
    /// Records the name of an example at `epath`; a name already in `names` (the
    /// earlier examples of the same list) is reported.
    pub(super) fn example_name<'e>(
        &mut self,
        names: &mut Vec<&'e str>,
        name: &'e str,
        epath: &str,
    ) {
        if names.contains(&name) {
            self.error(
                &format!("{epath}.name"),
                format!("another example is already named `{name}`"),
                Some("give each example its own `name:`".to_owned()),
            );
        }
        names.push(name);
    }

    /// Examples must name a declared variant, scheme and status, and their bodies must use
    /// declared fields. They are judged against the spec as written, so a problem in the
    /// endpoint itself does not make its examples wrong too.
    pub(super) fn examples(
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
            self.example_name(&mut names, &example.name, &epath);
            if let Some(req) = &example.request {
                match (&req.variant, variants.is_empty()) {
                    (Some(v), false) if !variants.contains(&v.as_str()) => {
                        let help = Some(ident::did_you_mean(v, variants.iter().copied(), || {
                            format!("use one of {}", variants.join(", "))
                        }));
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
                Some(field) => match variant
                    .flatten()
                    .and_then(|(name, shape)| Some((name, shape.constant.get(key)?)))
                {
                    // The variant fixes it: the example shows that value.
                    Some((name, fixed)) => {
                        if fixed != v {
                            self.error(
                                &kpath,
                                format!("`{key}` is fixed to `{fixed}` in the variant `{name}`, but the example has `{v}`"),
                                Some(format!("write `{fixed}`: every request of this variant sends that")),
                            );
                        }
                    }
                    None => self.example_value(v, field, &kpath, key),
                },
            }
        }
        let Some(carried) = carried else {
            return;
        };
        let fixed_here = |wire: &str| {
            variant
                .flatten()
                .is_some_and(|(_, v)| v.constant.get(wire).is_some())
        };
        for wire in &carried {
            let Some(field) = body.fields.get(wire) else {
                continue; // reported with the variant
            };
            // A constant may be left out: it is sent whatever the example says.
            if field.required.unwrap_or(true)
                && field.constant.is_none()
                && !fixed_here(wire)
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
        // The endpoint's own status, or else the service's.
        let spec = &self.loaded.spec;
        let documented = status_in(&endpoint.responses, resp.status)
            .or_else(|| status_in(&spec.errors, resp.status));
        // Its fields, listed or those of the type it names.
        let fields = documented
            .and_then(|r| r.body.as_ref())
            .and_then(|b| match &b.ty {
                Some(name) => spec.types.get(name)?.fields.as_ref(),
                None => b.fields.as_ref(),
            });
        if let (Some(body), Some(fields)) = (&resp.body, fields) {
            self.example_object(body, fields, None, &format!("{path}.body"), "");
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
            // Without a base URL, any URL that ends with the endpoint's path.
            None => url.split_once("://").is_some_and(|(_, rest)| {
                let rest = rest.split_once('?').map_or(rest, |(before, _)| before);
                rest.char_indices()
                    .filter(|(_, c)| *c == '/')
                    .any(|(i, _)| {
                        template_matches(
                            "x://host",
                            endpoint_path,
                            &format!("x://host{}", &rest[i..]),
                        )
                    })
            }),
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

    /// The request and response frames of a websocket example, against the message the
    /// request names (the response is matched to it by the correlation id).
    pub(super) fn ws_example(
        &mut self,
        ws: &spec::Websocket,
        example: &spec::FrameExample,
        path: &str,
    ) {
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
                    // given, with the values it fixes (and all the fields it requires), is
                    // the one.
                    let keys: Vec<&str> = value
                        .as_object()
                        .map(|o| o.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    let empty = serde_json::Map::new();
                    let given = value.as_object().unwrap_or(&empty);
                    let best =
                        super::example_values::fitting_variant(&body.variants, &body.fields, given);
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
                                        super::example_values::shapes(&body.variants)
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
            None,
            &rpath,
            "",
        );
    }
}

/// Whether `url` is the base URL `template` (any host label for each `{variable}`)
/// followed by `path`.
fn template_matches(template: &str, path: &str, url: &str) -> bool {
    // `done` is the template text already matched: a placeholder after the host is a path
    // parameter (any text but `/`), one in the host a label.
    fn go(done: &str, template: &str, rest: &str) -> bool {
        match template.find('{') {
            None => rest == template,
            Some(open) => {
                let Some(close) = template[open..].find('}').map(|c| open + c) else {
                    return false;
                };
                let Some(rest) = rest.strip_prefix(&template[..open]) else {
                    return false;
                };
                let before = format!("{done}{}", &template[..open]);
                let in_path = before
                    .split_once("://")
                    .is_some_and(|(_, after)| after.contains('/'));
                let after = &template[close + 1..];
                let len = rest
                    .bytes()
                    .take_while(|b| {
                        if in_path {
                            !matches!(b, b'/' | b'?' | b'#')
                        } else {
                            b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-'
                        }
                    })
                    .count();
                let done = format!("{before}{}", &template[open..=close]);
                (1..=len).any(|n| go(&done, after, &rest[n..]))
            }
        }
    }
    // An example URL's query is not compared with anything: only its path is matched.
    let url = url.split_once('?').map_or(url, |(before, _)| before);
    go("", &format!("{template}{path}"), url)
}

/// The response documented for `status` among `responses`.
fn status_in(responses: &spec::Map<spec::Response>, status: u16) -> Option<&spec::Response> {
    responses
        .iter()
        .find(|(code, _)| code.parse::<u16>().ok() == Some(status))
        .map(|(_, r)| r)
}
