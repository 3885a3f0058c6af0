//! Emits websocket message types: each request with its `to_frame` encoder; responses are
//! ordinary objects emitted with the others.

use proc_macro2::TokenStream;
use quote::quote;

use super::request::{Finish, request_types};
use super::{Ctx, deprecated};
use crate::ir;

/// The request types of every websocket message.
pub(super) fn websocket(cx: &Ctx<'_>, ws: &ir::Websocket) -> TokenStream {
    let messages = ws.messages.iter().map(|m| {
        let summary = format!(
            "The websocket `{}` request, sent as `{{\"{}\": {{\"{}\": ..., \"{}\": id}}}}`.",
            m.name.wire, ws.request_key, m.name.wire, ws.id_key
        );
        let mut paragraphs: Vec<&str> = vec![&summary];
        paragraphs.extend(m.doc.as_deref());
        paragraphs.extend(ws.doc.as_deref().filter(|_| m.deprecated.is_none()));
        let dep = deprecated(m.deprecated.as_ref());
        let finish = Finish::Frame {
            request_key: ws.request_key.clone(),
            message: m.name.wire.clone(),
            id_key: ws.id_key.clone(),
        };
        request_types(cx, &m.request, &paragraphs, &dep, &finish)
    });
    quote! { #(#messages)* }
}
