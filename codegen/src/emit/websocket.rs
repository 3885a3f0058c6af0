//! Emits the websocket parts. [`messages`]: each message's request types with their
//! `to_frame` encoder and, for messages that carry the session token, `from_session`;
//! they need only the runtime's core. [`socket`]: a `Socket` with one typed method per
//! message (send with a fresh id, wait for the answer with that id, decode it, turn a
//! false success flag into an error) and `Session::<message>_socket`; they need the
//! runtime's `websocket` feature, so the caller wraps them in its gate.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::request::{Finish, request_types};
use super::{Ctx, deprecated, docs, param_type};
use crate::ident::to_ident;
use crate::ir;

/// The message request types of a service's websocket, with `from_session`.
pub(super) fn messages(cx: &Ctx<'_>, ws: &ir::Websocket) -> TokenStream {
    let messages = ws.messages.iter().map(|m| {
        let summary = format!(
            "The websocket `{}` request, sent as `{{\"{}\": {{\"{}\": ..., \"{}\": id}}}}`.",
            m.name.wire, ws.request_key, m.name.wire, ws.id_key
        );
        let mut paragraphs: Vec<&str> = vec![&summary];
        paragraphs.extend(m.doc.as_deref());
        let dep = deprecated(m.deprecated.as_ref());
        let finish = Finish::Frame {
            request_key: ws.request_key.clone(),
            message: m.name.wire.clone(),
            id_key: ws.id_key.clone(),
        };
        let types = request_types(cx, &m.request, &paragraphs, &dep, &finish);
        let from_session = from_session(cx, m).map(|(from_session, _)| from_session);
        quote! { #types #from_session }
    });
    quote! { #(#messages)* }
}

/// The typed `Socket` of a service's websocket and the `Session` methods that open it.
pub(super) fn socket(cx: &Ctx<'_>, ws: &ir::Websocket) -> TokenStream {
    let rt = cx.rt;
    let session_sockets = ws
        .messages
        .iter()
        .filter_map(|m| from_session(cx, m).map(|(_, socket)| socket));
    let methods = ws.messages.iter().map(|m| {
        let method = to_ident(&m.name.rust);
        let wire = &m.name.wire;
        let request = to_ident(request_rust(&m.request));
        let response = to_ident(&cx.svc.objects[m.response].rust);
        let dep = deprecated(m.deprecated.as_ref());
        let allow = m.deprecated.is_some().then(|| quote! { #[allow(deprecated)] });
        let summary = format!(
            "Sends the `{wire}` request with a fresh id and waits for the answer with that id; other frames are kept for [`Socket::take_events`]."
        );
        let doc = docs(std::iter::once(summary.as_str()).chain(m.doc.as_deref()));
        let check = m.success.as_ref().map(|field| {
            let field = to_ident(field);
            quote! {
                if !response.#field {
                    return Err(#rt::ws::WsError::Rejected { message: #wire });
                }
            }
        });
        quote! {
            #doc
            #dep
            #allow
            pub async fn #method(&mut self, request: impl Into<#request>) -> Result<#response, #rt::ws::WsError> {
                let request = request.into();
                let answer = self.inner.request(|id| request.to_frame(id)).await?;
                let response: #response = #rt::ws::decode_answer(#wire, answer)?;
                #check
                Ok(response)
            }
        }
    });
    let (request_key, response_key, id_key) = (&ws.request_key, &ws.response_key, &ws.id_key);
    let title = &cx.svc.title;
    let doc =
        format!("The {title} websocket: typed requests out, answers matched by their `{id_key}`.");
    let doc = docs(std::iter::once(doc.as_str()).chain(ws.doc.as_deref()));
    quote! {
        #doc
        #[derive(Debug)]
        pub struct Socket {
            inner: #rt::ws::Socket,
        }

        impl Socket {
            /// How this service wraps requests and answers.
            pub const ENVELOPE: #rt::ws::Envelope = #rt::ws::Envelope {
                request: #request_key,
                response: #response_key,
                id: #id_key,
            };

            /// Opens the socket at `url`: `wss://`, or `ws://` to a loopback host.
            pub async fn open(url: &str, options: #rt::ws::WsOptions) -> Result<Self, #rt::ws::WsError> {
                Ok(Self { inner: #rt::ws::Socket::open(url, Self::ENVELOPE, options).await? })
            }

            #(#methods)*

            /// Frames received that were not answers (server events), oldest first.
            pub fn take_events(&mut self) -> Vec<#rt::serde_json::Value> {
                self.inner.take_events()
            }

            /// The untyped socket, to send and wait for frames by hand.
            pub fn raw(&mut self) -> &mut #rt::ws::Socket {
                &mut self.inner
            }

            /// Closes the socket politely.
            pub async fn close(self) -> Result<(), #rt::ws::WsError> {
                self.inner.close().await
            }
        }

        #(#session_sockets)*
    }
}

fn request_rust(request: &ir::Request) -> &str {
    match request {
        ir::Request::Single(shape) => &shape.rust,
        ir::Request::Variants { rust, .. } => rust,
    }
}

/// For a message request that carries the session token: `from_session` on the request,
/// and `Session::<message>_socket`, which opens the socket and sends it.
fn from_session(cx: &Ctx<'_>, m: &ir::Message) -> Option<(TokenStream, TokenStream)> {
    let rt = cx.rt;
    let ir::Request::Single(shape) = &m.request else {
        return None;
    };
    if m.token_fields.is_empty() || !shape.groups.is_empty() {
        return None;
    }
    let name = to_ident(&shape.rust);
    let response = to_ident(&cx.svc.objects[m.response].rust);
    // `new` takes the asked fields in order: the token's from the session, the others
    // from the caller.
    let others: Vec<&ir::Field> = shape
        .fields
        .iter()
        .filter(|f| f.asked() && !m.token_fields.contains(&f.name.rust))
        .collect();
    let params: Vec<TokenStream> = others
        .iter()
        .map(|f| {
            let n = to_ident(&f.name.rust);
            let (ty, _) = param_type(cx, &f.ty);
            quote! { #n: #ty }
        })
        .collect();
    let names: Vec<_> = others.iter().map(|f| to_ident(&f.name.rust)).collect();
    let args = shape.fields.iter().filter(|f| f.asked()).map(|f| {
        if m.token_fields.contains(&f.name.rust) {
            quote! { Clone::clone(session.token()) }
        } else {
            let n = to_ident(&f.name.rust);
            quote! { #n }
        }
    });
    let method = to_ident(&m.name.rust);
    let socket_method = format_ident!("{}_socket", m.name.rust.trim_end_matches('_'));
    let wire = &m.name.wire;
    let dep = deprecated(m.deprecated.as_ref());
    let allow = m
        .deprecated
        .is_some()
        .then(|| quote! { #[allow(deprecated)] });
    let from_doc = format!("The `{wire}` request with the session's token.");
    let from_doc = docs([from_doc.as_str()]);
    let socket_doc = format!(
        "Opens the websocket at `url` and sends the `{wire}` request with this session's token; returns the socket and the answer."
    );
    let socket_doc = docs([socket_doc.as_str()]);
    let from_session = quote! {
        #allow
        impl #name {
            #from_doc
            pub fn from_session(session: &Session, #(#params),*) -> Self {
                Self::new(#(#args),*)
            }
        }
    };
    let socket = quote! {
        #allow
        impl Session {
            #socket_doc
            #dep
            pub async fn #socket_method(&self, url: &str, #(#params,)* options: #rt::ws::WsOptions) -> Result<(Socket, #response), #rt::ws::WsError> {
                let mut socket = Socket::open(url, options).await?;
                let answer = socket.#method(#name::from_session(self, #(#names),*)).await?;
                Ok((socket, answer))
            }
        }
    };
    Some((from_session, socket))
}
