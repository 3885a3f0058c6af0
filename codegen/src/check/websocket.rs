//! The websocket: its messages, their requests, session fields and responses, and the
//! envelope of its examples.

use super::{Checker, Fix, deprecation, looks_secret};
use crate::ident;
use crate::ir::{self, Name, Type};
use crate::spec;

/// Methods of the generated websocket `Socket` besides the messages'.
const SOCKET_METHODS: &[&str] = &["open", "take_events", "raw", "close"];

impl Checker<'_> {
    pub(super) fn websocket(
        &mut self,
        ws: &spec::Websocket,
        has_session: bool,
    ) -> Option<ir::Websocket> {
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
                        let help = ident::did_you_mean(field, names.iter().copied(), || {
                            "declare the field under `request.fields`, as `type: secret`".to_owned()
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
                        let help = ident::did_you_mean(field, names.iter().map(String::as_str), || "name a boolean field of `response.fields`".to_owned());
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
            self.example_name(&mut names, &example.name, &epath);
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
}

/// The Rust name of a message's request type.
fn request_name(prefix: &str) -> String {
    format!("{prefix}Request")
}
