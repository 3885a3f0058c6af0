//! Emits the ready clients over the runtime's HTTP transports: `Client` (async) and
//! `BlockingClient` (a gated part: it needs the runtime's `blocking` feature). Their generic
//! `send` takes any request type of the service (the runtime's `Endpoint` trait builds,
//! sends and decodes); the session endpoint also gets a `<endpoint>_session` method
//! returning the session (or the typed outcome).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Ctx, docs};
use crate::ident::to_ident;
use crate::ir;

/// The login outcome enum, when the session declares a verification step.
pub(super) fn outcome(cx: &Ctx<'_>, s: &ir::Session) -> TokenStream {
    let Some(path) = &s.verification_required else {
        return quote! {};
    };
    let endpoint = &cx.svc.endpoints[s.endpoint];
    let name = format_ident!("{}Outcome", endpoint.prefix);
    let doc = format!(
        "What `{}` gives: a ready session, or one that must first pass the verification step the service asks for.",
        endpoint.name.wire
    );
    let doc = docs([doc.as_str()]);
    let pending = format!(
        "The service asks for a verification step first (`{}` is true); the session holds the token and base URL that step needs, but is not ready for other calls.",
        path.wire
    );
    let pending = docs([pending.as_str()]);
    quote! {
        #doc
        #[derive(Clone, Debug)]
        pub enum #name {
            /// The session is ready for later calls.
            Ready(Session),
            #pending
            VerificationRequired(Session),
        }

        impl Session {
            /// Sorts the session by whether the service asks for a verification step.
            pub fn into_outcome(self) -> #name {
                if self.verification_required() {
                    #name::VerificationRequired(self)
                } else {
                    #name::Ready(self)
                }
            }
        }
    }
}

/// `Client`, or with `blocking` `BlockingClient`.
pub(super) fn client(cx: &Ctx<'_>, blocking: bool) -> TokenStream {
    let rt = cx.rt;
    let title = &cx.svc.title;
    let super::Flavour {
        client: name,
        transport,
        asyncness,
        await_,
        send: call,
        ..
    } = super::Flavour::of(rt, blocking);
    let doc = if blocking {
        format!(
            "A blocking {title} client, for scripts and command-line tools: sends the typed requests to its base URL and decodes the answers. It never retries a request."
        )
    } else {
        format!(
            "An async {title} client: sends the typed requests to its base URL and decodes the answers. It never retries a request (a retried login can lock an account or send extra verification codes)."
        )
    };
    let doc = docs([doc.as_str()]);
    let sessions = cx.svc.session.iter().map(|s| {
        let e = &cx.svc.endpoints[s.endpoint];
        let request = to_ident(match &e.request {
            ir::Request::Single(shape) => &shape.rust,
            ir::Request::Variants { rust, .. } => rust,
        });
        let error = to_ident(&e.error_rust);
        let allow = e.deprecated.is_some().then(|| quote! { #[allow(deprecated)] });
        let session_method = format_ident!("{}_session", e.name.rust.trim_end_matches('_'));
        let (ty, finish, what) = if s.verification_required.is_some() {
            let outcome = format_ident!("{}Outcome", e.prefix);
            (
                quote! { #outcome },
                quote! { .map(Session::into_outcome) },
                "the typed outcome: a ready session, or one waiting for verification",
            )
        } else {
            (quote! { Session }, quote! {}, "the session")
        };
        let doc = format!("Sends `{} {}` and, on success, starts {what}.", e.method, e.path);
        let doc = docs([doc.as_str()]);
        quote! {
            #doc
            #allow
            pub #asyncness fn #session_method(&self, request: impl Into<#request>) -> Result<#ty, #rt::CallError<#error>> {
                let response = self.send(request.into())#await_?;
                Session::new(response, &self.base_url).map_err(#rt::CallError::Session)#finish
            }
        }
    });
    // The blocking twins of the session's calls, here because they need the blocking
    // client.
    let session_send = cx.svc.session.as_ref().filter(|_| blocking).map(|s| {
        let send = s.send_as.is_some().then(|| {
            quote! {
                /// Sends a request of an endpoint that uses the session (`auth: session`)
                /// through the blocking `client`; the blocking twin of `Session::send`.
                pub fn send_blocking<R: #rt::Endpoint<Client = Session>>(&self, client: &BlockingClient, request: R) -> #rt::CallResult<R> {
                    #rt::send_blocking_with(client.transport(), &self.base_url, &request, Some(self.credential()))
                }
            }
        });
        let ends = super::session::ends(cx, s, true);
        (send.is_some() || !ends.is_empty()).then(|| quote! {
            impl Session {
                #send
                #ends
            }
        })
    });
    quote! {
        #session_send

        #doc
        #[derive(Clone, Debug)]
        pub struct #name {
            transport: #transport,
            base_url: #rt::BaseUrl,
        }

        impl #name {
            /// A client for `base_url` with the default transport options (timeouts, a
            /// cap on the response body, a loginspec `User-Agent`).
            pub fn new(base_url: #rt::BaseUrl) -> Result<Self, #rt::TransportError> {
                Ok(Self::with_transport(#transport::new(Default::default())?, base_url))
            }

            /// A client for `base_url` over a configured transport.
            pub fn with_transport(transport: #transport, base_url: #rt::BaseUrl) -> Self {
                Self { transport, base_url }
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &#rt::BaseUrl {
                &self.base_url
            }

            /// The transport, to send later calls a session built (`Session::request`).
            pub fn transport(&self) -> &#transport {
                &self.transport
            }

            /// Sends a request of this service (any of its request types) and decodes the
            /// answer into the endpoint's response or its typed error.
            pub #asyncness fn send<R: #rt::Endpoint<Client = Client>>(&self, request: R) -> #rt::CallResult<R> {
                #call(&self.transport, &self.base_url, &request)#await_
            }

            #(#sessions)*
        }
    }
}
