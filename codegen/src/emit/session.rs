//! Emits the base URL helpers and the session a login leaves behind: its token, how later
//! calls carry it, its expiry, its refresh token and its base URL.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, docs, rust_type};
use crate::ident::to_ident;
use crate::ir;

/// `DEFAULT_BASE_URL` and `base_url(...)` for a templated base URL.
pub(super) fn base_url(cx: &Ctx<'_>) -> TokenStream {
    let rt = cx.rt;
    let default = cx
        .svc
        .base_url
        .as_ref()
        .and_then(|b| b.default_url())
        .map(|url| {
            let doc = format!("The documented base URL: `{url}`.");
            let doc = super::docs([doc.as_str()]);
            quote! {
                #doc
                pub const DEFAULT_BASE_URL: &str = #url;
            }
        });
    let Some(b) = &cx.svc.base_url else {
        return quote! {};
    };
    if b.variables.is_empty() {
        return default.unwrap_or_default();
    }
    let params: Vec<_> = b.variables.iter().map(|v| to_ident(&v.name.rust)).collect();
    let checks = b.variables.iter().map(|v| {
        let n = to_ident(&v.name.rust);
        let wire = &v.name.wire;
        let max = proc_macro2::Literal::usize_unsuffixed(v.max_len);
        quote! { let #n = #rt::host_label(#wire, #n, #max)?; }
    });
    let pieces = b.parts.iter().map(|p| match p {
        ir::UrlPart::Literal(text) => quote! { #text },
        ir::UrlPart::Variable(i) => {
            let n = to_ident(&b.variables[*i].name.rust);
            quote! { #n.as_str() }
        }
    });
    let mut paragraphs = vec![format!("Builds the base URL `{}`.", b.template)];
    for v in &b.variables {
        let mut text = format!(
            "`{}`: a host label (lowercase letters, digits and `-`, at most {} characters)",
            v.name.wire, v.max_len
        );
        if let Some(d) = &v.default {
            text.push_str(&format!(", `{d}` by default"));
        }
        text.push('.');
        if let Some(doc) = &v.doc {
            text.push(' ');
            text.push_str(doc.trim());
        }
        paragraphs.push(text);
    }
    paragraphs.push("Any other value is refused, so a value from a server cannot redirect a client to another host.".to_owned());
    let doc = docs(paragraphs.iter().map(String::as_str));
    quote! {
        #default

        #doc
        pub fn base_url(#(#params: &str),*) -> Result<#rt::BaseUrl, #rt::VariableError> {
            #(#checks)*
            #rt::BaseUrl::from_template([#(#pieces),*].concat())
        }
    }
}

/// An expression reading a response field along a path from `login`: a place of the
/// field's type, or an `Option<&T>` when a step on the way is optional (then `true`).
fn read_path(path: &ir::FieldPath) -> (TokenStream, bool) {
    let mut expr = quote! { login.body };
    let mut in_option = false;
    for (step, optional) in &path.steps {
        let f = to_ident(step);
        expr = match (in_option, *optional) {
            (false, false) => quote! { #expr.#f },
            (false, true) => quote! { #expr.#f.as_ref() },
            (true, true) => quote! { #expr.and_then(|v| v.#f.as_ref()) },
            (true, false) => quote! { #expr.map(|v| &v.#f) },
        };
        in_option |= *optional;
    }
    (expr, in_option)
}

/// An owned copy of a response field, failing with `SessionError::Missing` when an
/// optional step is absent.
fn take_path(path: &ir::FieldPath, rt: &TokenStream) -> TokenStream {
    let wire = &path.wire;
    match read_path(path) {
        (expr, true) => {
            quote! { Clone::clone(#expr.ok_or(#rt::SessionError::Missing { field: #wire })?) }
        }
        (expr, false) => quote! { Clone::clone(&#expr) },
    }
}

/// The session struct of a service.
pub(super) fn session(cx: &Ctx<'_>, s: &ir::Session) -> TokenStream {
    let rt = cx.rt;
    let endpoint = &cx.svc.endpoints[s.endpoint];
    let response = to_ident(&endpoint.success.rust);
    let title = &cx.svc.title;

    let token = take_path(&s.token, rt);
    let token_doc = format!("The token, from the response field `{}`.", s.token.wire);
    let token_doc = super::docs([token_doc.as_str()]);

    let expiry_field = s.expires_at.as_ref().map(|_| quote! { expires_at, });
    let refresh_field = s.refresh_token.map(|_| quote! { refresh_token, });
    let (expiry_decl, expiry_init, expiry_methods) = match &s.expires_at {
        None => (quote! {}, quote! {}, quote! {}),
        Some(p) => {
            let ty = rust_type(cx, &p.ty);
            let read = take_path(p, rt);
            let doc = format!(
                "When the token expires, from the response field `{}`.",
                p.wire
            );
            let doc = super::docs([doc.as_str()]);
            (
                quote! { expires_at: #ty, },
                quote! { let expires_at = #read; },
                quote! {
                    #doc
                    pub fn expires_at(&self) -> #ty {
                        self.expires_at
                    }

                    /// Whether the token has expired by the system clock.
                    pub fn is_expired(&self) -> bool {
                        self.expires_at.is_past()
                    }
                },
            )
        }
    };

    let (refresh_decl, refresh_init, refresh_method) = match s.refresh_token {
        None => (quote! {}, quote! {}, quote! {}),
        Some(i) => {
            let cookie = &endpoint.success.cookies[i];
            let f = to_ident(&cookie.name.rust);
            let doc = format!(
                "The refresh token from the `{}` cookie, when the login set one.",
                cookie.name.wire
            );
            let doc = super::docs([doc.as_str()]);
            let init = if cookie.required {
                quote! { let refresh_token = Some(login.#f.clone()); }
            } else {
                quote! { let refresh_token = login.#f.clone(); }
            };
            (
                quote! { refresh_token: Option<#rt::Secret>, },
                init,
                quote! {
                    #doc
                    pub fn refresh_token(&self) -> Option<&#rt::Secret> {
                        self.refresh_token.as_ref()
                    }
                },
            )
        }
    };

    // The base URL of later calls: the template filled from the response, or the URL
    // the login was sent to.
    let base = if s.variables.is_empty() {
        quote! { let base_url = Clone::clone(base_url); }
    } else {
        let b = cx.svc.base_url.as_ref();
        let args = b.map(|b| {
            b.variables
                .iter()
                .enumerate()
                .map(|(i, v)| match s.variables.iter().find(|(vi, _)| *vi == i) {
                    Some((_, path)) => {
                        let read = take_path(path, rt);
                        quote! { &#read }
                    }
                    None => {
                        let d = v.default.clone().unwrap_or_default();
                        quote! { #d }
                    }
                })
                .collect::<Vec<_>>()
        });
        let args = args.unwrap_or_default();
        quote! {
            let _ = base_url;
            let base_url = self::base_url(#(#args),*)?;
        }
    };
    let base_doc = if s.variables.is_empty() {
        "The base URL of later calls: the one the login was sent to.".to_owned()
    } else {
        let fields: Vec<String> = s
            .variables
            .iter()
            .map(|(_, p)| format!("`{}`", p.wire))
            .collect();
        format!(
            "The base URL of later calls, built from the response field(s) {} after checking them.",
            fields.join(", ")
        )
    };
    let base_doc = super::docs([base_doc.as_str()]);

    let auth = match s.send_as {
        None => quote! {},
        Some(a) => {
            let scheme = &cx.svc.auth[a];
            let credential = match &scheme.kind {
                ir::AuthKind::Bearer | ir::AuthKind::Basic => {
                    quote! { #rt::Credential::Bearer(&self.token) }
                }
                ir::AuthKind::Header(h) => {
                    quote! { #rt::Credential::Header { name: #h, value: &self.token } }
                }
                ir::AuthKind::Cookie(c) => {
                    quote! { #rt::Credential::Cookie { name: #c, value: &self.token } }
                }
            };
            let how = match &scheme.kind {
                ir::AuthKind::Bearer | ir::AuthKind::Basic => {
                    "an `Authorization: Bearer` header".to_owned()
                }
                ir::AuthKind::Header(h) => format!("the `{h}` header"),
                ir::AuthKind::Cookie(c) => format!("the `{c}` cookie"),
            };
            let authorize_doc = format!("Adds the token to a request for a later call, as {how}.");
            let authorize_doc = super::docs([authorize_doc.as_str()]);
            quote! {
                #authorize_doc
                pub fn authorize<B>(&self, request: &mut #rt::http::Request<B>) -> Result<(), #rt::BuildError> {
                    #rt::authorize(request, #credential)
                }

                /// Starts an authenticated request for a later call: `path` (starting with `/`)
                /// below the session's base URL, with an empty body.
                pub fn request(&self, method: #rt::http::Method, path: &str) -> Result<#rt::http::Request<Vec<u8>>, #rt::BuildError> {
                    let mut request = #rt::request_empty(method, self.base_url.join(path))?;
                    self.authorize(&mut request)?;
                    Ok(request)
                }
            }
        }
    };

    let verification = s.verification_required.as_ref().map(|p| {
        let value = match read_path(p) {
            (expr, true) => quote! { #expr.copied().unwrap_or(false) },
            (expr, false) => quote! { #expr },
        };
        let doc = format!(
            "Whether the service asks for a verification step before the session is usable (`{}`; false when absent).",
            p.wire
        );
        let doc = super::docs([doc.as_str()]);
        quote! {
            #doc
            pub fn verification_required(&self) -> bool {
                let login = &self.login;
                #value
            }
        }
    });

    let doc = format!(
        "A {title} session: what a successful `{}` leaves for later calls. Its `Debug` output never shows the token.",
        endpoint.name.wire
    );

    let doc = super::docs([doc.as_str()]);
    quote! {
        #doc
        #[derive(Clone, Debug)]
        pub struct Session {
            token: #rt::Secret,
            base_url: #rt::BaseUrl,
            #expiry_decl
            #refresh_decl
            login: #response,
        }

        impl Session {
            /// Starts a session from a successful login that was sent to `base_url`.
            pub fn new(login: #response, base_url: &#rt::BaseUrl) -> Result<Self, #rt::SessionError> {
                let token = #token;
                #expiry_init
                #refresh_init
                #base
                Ok(Self { token, base_url, #expiry_field #refresh_field login })
            }

            #token_doc
            pub fn token(&self) -> &#rt::Secret {
                &self.token
            }

            #base_doc
            pub fn base_url(&self) -> &#rt::BaseUrl {
                &self.base_url
            }

            /// Sends later calls to another base URL (a staging host, a local test server).
            pub fn with_base_url(mut self, base_url: #rt::BaseUrl) -> Self {
                self.base_url = base_url;
                self
            }

            /// The login response the session came from.
            pub fn login(&self) -> &#response {
                &self.login
            }

            #expiry_methods
            #refresh_method
            #verification
            #auth
        }
    }
}
