//! Emits request types (one struct, or an enum over variant structs), at-least-one-of
//! groups, and the sans-IO builder that turns a request into an `http::Request`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Ctx, deprecated, doc_or, docs, field_decl, method, param_type, rust_type};
use crate::ident::to_ident;
use crate::ir;

/// The request types of an endpoint and their `Endpoint` impls.
pub(super) fn endpoint(cx: &Ctx<'_>, e: &ir::Endpoint) -> TokenStream {
    let dep = deprecated(e.deprecated.as_ref());
    let mut first = format!("Request of `{} {}`", e.method, e.path);
    let mut rest = e.docs.iter().map(String::as_str);
    match rest.next() {
        Some(summary) => first = format!("{first}: {}", summary.trim()),
        None => first.push('.'),
    }
    let paragraphs: Vec<&str> = std::iter::once(first.as_str()).chain(rest).collect();
    let finish = Finish::Http {
        method: method(&e.method),
        path: e.path.clone(),
        headers: e.headers.clone(),
        response: to_ident(&e.response_rust),
        params: e.params.clone(),
        path_parts: e.path_parts.clone(),
        uses_session: e.uses_session,
    };
    request_types(cx, &e.request, &paragraphs, &dep, &finish)
}

/// How a request leaves the client.
pub(super) enum Finish {
    /// As an HTTP request.
    Http {
        /// The `http::Method`.
        method: TokenStream,
        /// The path below the base URL.
        path: String,
        /// The fixed headers.
        headers: Vec<(String, String)>,
        /// The success type.
        response: proc_macro2::Ident,
        /// Path and query parameters: fields of every request struct of the endpoint.
        params: Vec<ir::Param>,
        /// The path, with its parameters.
        path_parts: Vec<ir::PathPart>,
        /// Whether the session sends the request (`auth: session`).
        uses_session: bool,
    },
    /// As a websocket frame: `{request_key: {message: body, id_key: id}}`.
    Frame {
        /// Key wrapping requests.
        request_key: String,
        /// The message's key.
        message: String,
        /// Key of the correlation id.
        id_key: String,
    },
}

/// The request struct, or the enum over variant structs, with their final method.
pub(super) fn request_types(
    cx: &Ctx<'_>,
    request: &ir::Request,
    paragraphs: &[&str],
    dep: &TokenStream,
    finish: &Finish,
) -> TokenStream {
    let rt = cx.rt;
    match request {
        ir::Request::Single(shape) => {
            shape_tokens(cx, shape, docs(paragraphs.iter().copied()), finish, dep)
        }
        ir::Request::Variants { rust, variants } => {
            let name = to_ident(rust);
            // A deprecated variant is deprecated as a struct and as a variant of the
            // enum; the enum's own code then allows what it names.
            let variant_deps: Vec<TokenStream> = variants
                .iter()
                .map(|v| match &v.deprecated {
                    Some(_) => super::deprecated(v.deprecated.as_ref()),
                    None => dep.clone(),
                })
                .collect();
            let allow = (!dep.is_empty() || variants.iter().any(|v| v.deprecated.is_some()))
                .then(|| quote! { #[allow(deprecated)] });
            let doc = docs(
                paragraphs
                    .iter()
                    .copied()
                    .chain(["One of the documented variants of the request."]),
            );
            let names: Vec<_> = variants.iter().map(|v| to_ident(&v.name.rust)).collect();
            let structs: Vec<_> = variants.iter().map(|v| to_ident(&v.shape.rust)).collect();
            let variant_docs: Vec<_> = variants
                .iter()
                .map(|v| {
                    doc_or(
                        v.shape.doc.as_ref(),
                        &format!("The `{}` variant.", v.name.wire),
                    )
                })
                .collect();
            let shapes = variants
                .iter()
                .zip(&variant_docs)
                .zip(&variant_deps)
                .map(|((v, doc), vdep)| shape_tokens(cx, &v.shape, doc.clone(), finish, vdep));
            let variant_marks = variants
                .iter()
                .map(|v| super::deprecated(v.deprecated.as_ref()));
            let (derive, dispatch) = match finish {
                Finish::Http { .. } => (
                    quote! { #[derive(Clone, Debug, PartialEq, #rt::serde::Serialize)] #[serde(crate = "rt::serde", untagged)] },
                    endpoint_impl(
                        cx,
                        &name,
                        finish,
                        &allow,
                        quote! {
                            fn to_http(&self, base_url: &#rt::BaseUrl) -> Result<#rt::http::Request<#rt::Body>, #rt::BuildError> {
                                match self {
                                    #( Self::#names(request) => request.to_http(base_url), )*
                                }
                            }

                            fn body_secrets(&self) -> Vec<&#rt::Secret> {
                                match self {
                                    #( Self::#names(request) => #rt::Endpoint::body_secrets(request), )*
                                }
                            }
                        },
                    ),
                ),
                Finish::Frame { .. } => (
                    quote! { #[derive(Clone, Debug, PartialEq)] },
                    quote! {
                        #allow
                        impl #name {
                            /// Encodes the request as a websocket text frame with correlation id `id`.
                            pub fn to_frame(&self, id: &str) -> Result<String, #rt::BuildError> {
                                match self {
                                    #( Self::#names(request) => request.to_frame(id), )*
                                }
                            }
                        }
                    },
                ),
            };
            quote! {
                #doc
                #dep
                #allow
                #derive
                pub enum #name {
                    #( #variant_docs #variant_marks #names(#structs), )*
                }

                #dispatch

                #(
                    #allow
                    impl From<#structs> for #name {
                        fn from(request: #structs) -> Self {
                            Self::#names(request)
                        }
                    }
                )*

                #(#shapes)*
            }
        }
    }
}

/// A request struct, its groups, its constructor, setters and `to_http`.
fn shape_tokens(
    cx: &Ctx<'_>,
    shape: &ir::Shape,
    doc: TokenStream,
    finish: &Finish,
    dep: &TokenStream,
) -> TokenStream {
    let rt = cx.rt;
    let name = to_ident(&shape.rust);
    let allow = (!dep.is_empty()).then(|| quote! { #[allow(deprecated)] });

    // The credential field comes first: it is what `new` asks for first.
    let (cred_decl, cred_param, cred_init, cred_use) = match shape.auth {
        None => (quote! {}, quote! {}, quote! {}, quote! {}),
        Some(a) => {
            let scheme = &cx.svc.auth[a];
            let field = to_ident(&scheme.name.rust);
            let doc = doc_or(
                scheme.doc.as_ref(),
                &format!("Credential of the `{}` auth scheme.", scheme.name.wire),
            );
            let (ty, credential) = match &scheme.kind {
                ir::AuthKind::Basic => (
                    quote! { #rt::BasicCredentials },
                    quote! { #rt::Credential::Basic(&self.#field) },
                ),
                ir::AuthKind::Bearer => (
                    quote! { #rt::Secret },
                    quote! { #rt::Credential::Bearer(&self.#field) },
                ),
                ir::AuthKind::Header(h) => (
                    quote! { #rt::Secret },
                    quote! { #rt::Credential::Header { name: #h, value: &self.#field } },
                ),
                ir::AuthKind::Cookie(c) => (
                    quote! { #rt::Secret },
                    quote! { #rt::Credential::Cookie { name: #c, value: &self.#field } },
                ),
            };
            let param = match &scheme.kind {
                ir::AuthKind::Basic => quote! { #field: #rt::BasicCredentials, },
                _ => quote! { #field: impl Into<#rt::Secret>, },
            };
            let init = match &scheme.kind {
                ir::AuthKind::Basic => quote! { #field, },
                _ => quote! { #field: #field.into(), },
            };
            (
                quote! { #doc #[serde(skip)] pub #field: #ty, },
                param,
                init,
                credential,
            )
        }
    };

    let has_constant = shape.fields.iter().any(|f| f.constant.is_some());
    let fields = shape.fields.iter().map(|f| field_decl(cx, f, false));
    let group_fields = shape.groups.iter().map(|g| {
        let field = to_ident(&g.field);
        let ty = to_ident(&g.rust);
        let members: Vec<String> = g
            .members
            .iter()
            .map(|m| format!("`{}`", m.name.wire))
            .collect();
        let doc = format!("At least one of {}.", members.join(", "));
        let doc = super::docs([doc.as_str()]);
        quote! { #doc #[serde(flatten)] pub #field: #ty, }
    });

    let required: Vec<&ir::Field> = shape.fields.iter().filter(|f| f.asked()).collect();
    let super::Constructor {
        params,
        inits,
        setters,
    } = super::constructor(cx, &shape.fields);
    let group_params = shape.groups.iter().map(|g| {
        let n = to_ident(&g.field);
        let ty = to_ident(&g.rust);
        quote! { #n: #ty, }
    });
    let group_inits = shape.groups.iter().map(|g| {
        let n = to_ident(&g.field);
        quote! { #n, }
    });
    let groups = shape.groups.iter().map(|g| group(cx, g));
    let endpoint_params: &[ir::Param] = match finish {
        Finish::Http { params, .. } => params,
        Finish::Frame { .. } => &[],
    };
    let parameters = parameters(cx, endpoint_params);
    let (param_decls, param_params, param_inits, param_setters) = (
        &parameters.decls,
        &parameters.params,
        &parameters.inits,
        &parameters.setters,
    );
    // A request whose `new` takes nothing is also its `Default` (clippy asks for one).
    let default = (shape.auth.is_none()
        && required.is_empty()
        && shape.groups.is_empty()
        && endpoint_params.iter().all(|p| !p.required))
    .then_some(());
    // A constant is no `Default`: such a request's `Default` is its `new`.
    let (default, default_impl) = match default {
        Some(()) if has_constant => (
            None,
            Some(quote! {
                impl Default for #name {
                    fn default() -> Self {
                        Self::new()
                    }
                }
            }),
        ),
        Some(()) => (Some(quote! { Default, }), None),
        None => (None, None),
    };
    let (final_method, endpoint) = match finish {
        Finish::Http { headers, .. } => {
            // Every JSON body gets `Content-Type: application/json` from the runtime.
            let headers: Vec<_> = headers
                .iter()
                .filter(|(n, v)| {
                    !(shape.has_body
                        && n.eq_ignore_ascii_case("content-type")
                        && v == "application/json")
                })
                .collect();
            let headers = (!headers.is_empty()).then(|| {
                let names = headers.iter().map(|(n, _)| n);
                let values = headers.iter().map(|(_, v)| v);
                quote! {
                    const HEADERS: &'static [(&'static str, &'static str)] = &[#((#names, #values)),*];
                }
            });
            let body = (!shape.has_body).then(|| quote! { const BODY: bool = false; });
            let url = url_method(cx, finish);
            let credential = (!cred_use.is_empty()).then(|| {
                quote! {
                    fn credential(&self) -> Option<#rt::Credential<'_>> {
                        Some(#cred_use)
                    }
                }
            });
            let body_secrets = body_secrets(cx, shape);
            (
                quote! {},
                endpoint_impl(
                    cx,
                    &name,
                    finish,
                    &allow,
                    quote! { #headers #body #credential #body_secrets #url },
                ),
            )
        }
        Finish::Frame {
            request_key,
            message,
            id_key,
        } => (
            quote! {
                /// Encodes the request as a websocket text frame with correlation id `id`.
                pub fn to_frame(&self, id: &str) -> Result<String, #rt::BuildError> {
                    #rt::request_frame(#request_key, #message, #id_key, id, self)
                }
            },
            quote! {},
        ),
    };

    quote! {
        #doc
        #dep
        #[derive(Clone, Debug, #default PartialEq, #rt::serde::Serialize)]
        #[serde(crate = "rt::serde")]
        pub struct #name {
            #cred_decl
            #(#param_decls)*
            #(#fields)*
            #(#group_fields)*
        }

        #allow
        impl #name {
            /// Creates the request from its required parts; optional fields start unset.
            pub fn new(#cred_param #(#param_params)* #(#params)* #(#group_params)*) -> Self {
                Self { #cred_init #(#param_inits)* #(#inits)* #(#group_inits)* }
            }

            #(#param_setters)*
            #(#setters)*

            #final_method
        }

        #default_impl

        #endpoint

        #(#groups)*
    }
}

/// `impl rt::Endpoint for <name>`: the service's client, the success type, the method
/// and path of an HTTP `finish`, then `items` (overridden constants and methods).
fn endpoint_impl(
    cx: &Ctx<'_>,
    name: &proc_macro2::Ident,
    finish: &Finish,
    allow: &Option<TokenStream>,
    items: TokenStream,
) -> TokenStream {
    let rt = cx.rt;
    let Finish::Http {
        method,
        path,
        response,
        uses_session,
        ..
    } = finish
    else {
        return quote! {};
    };
    // The type that sends the request: the client, or for `auth: session` the session.
    let sender = if *uses_session {
        quote! { Session }
    } else {
        quote! { Client }
    };
    quote! {
        #allow
        impl #rt::Endpoint for #name {
            type Client = #sender;
            type Response = #response;
            const METHOD: #rt::http::Method = #method;
            const PATH: &'static str = #path;
            #items
        }
    }
}

/// `body_secrets` of a request struct: the `secret` values its fields hold at any depth
/// (in groups too), that the answer's errors withhold wherever they appear; nothing when
/// it holds none.
fn body_secrets(cx: &Ctx<'_>, shape: &ir::Shape) -> Option<TokenStream> {
    let rt = cx.rt;
    let holds = |f: &&ir::Field| super::holds_secret(cx.svc, &f.ty);
    let plain = shape.fields.iter().filter(holds).map(|f| {
        let n = to_ident(&f.name.rust);
        quote! { &self.#n }
    });
    let grouped = shape.groups.iter().flat_map(|g| {
        let field = to_ident(&g.field);
        g.members.iter().filter(holds).map(move |m| {
            let n = to_ident(&m.name.rust);
            quote! { &self.#field.#n }
        })
    });
    let places: Vec<TokenStream> = plain.chain(grouped).collect();
    (!places.is_empty()).then(|| {
        quote! {
            fn body_secrets(&self) -> Vec<&#rt::Secret> {
                let mut held = Vec::new();
                #( #rt::HoldsSecrets::held_secrets(#places, &mut held); )*
                held
            }
        }
    })
}

/// A group of optional fields that cannot be built empty: its fields are private and
/// every constructor sets one of them.
fn group(cx: &Ctx<'_>, g: &ir::Group) -> TokenStream {
    let rt = cx.rt;
    let name = to_ident(&g.rust);
    let members: Vec<String> = g
        .members
        .iter()
        .map(|m| format!("`{}`", m.name.wire))
        .collect();
    let doc = format!(
        "At least one of {}; it cannot be built with none.",
        members.join(", ")
    );
    let doc = super::docs([doc.as_str()]);
    let decls = g.members.iter().map(|m| {
        let n = to_ident(&m.name.rust);
        let ty = rust_type(cx, &m.ty);
        let rename = (m.name.wire != m.name.rust).then(|| {
            let wire = &m.name.wire;
            quote! { #[serde(rename = #wire)] }
        });
        quote! {
            #rename
            #[serde(skip_serializing_if = "Option::is_none")]
            #n: Option<#ty>,
        }
    });
    let all: Vec<_> = g.members.iter().map(|m| to_ident(&m.name.rust)).collect();
    let methods = g.members.iter().map(|m| {
        let n = to_ident(&m.name.rust);
        let base = m.name.rust.trim_end_matches('_');
        let from = format_ident!("from_{}", base);
        let with = format_ident!("with_{}", base);
        let ty = rust_type(cx, &m.ty);
        let (param, into) = param_type(cx, &m.ty);
        let value = if into {
            quote! { value.into() }
        } else {
            quote! { value }
        };
        let others = all.iter().filter(|o| **o != n);
        let member_doc = m.doc.clone().unwrap_or_default();
        let from_doc = format!("Starts with `{}`. {}", m.name.wire, member_doc);
        let from_doc = super::docs([from_doc.as_str()]);
        let with_doc = format!("Sets `{}` as well.", m.name.wire);
        let with_doc = super::docs([with_doc.as_str()]);
        let get_doc = format!("The `{}`, if set.", m.name.wire);
        let get_doc = super::docs([get_doc.as_str()]);
        quote! {
            #from_doc
            pub fn #from(value: #param) -> Self {
                Self { #n: Some(#value), #( #others: None, )* }
            }

            #with_doc
            pub fn #with(mut self, value: #param) -> Self {
                self.#n = Some(#value);
                self
            }

            #get_doc
            pub fn #n(&self) -> Option<&#ty> {
                self.#n.as_ref()
            }
        }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, #rt::serde::Serialize)]
        #[serde(crate = "rt::serde")]
        pub struct #name {
            #(#decls)*
        }

        impl #name {
            #(#methods)*
        }
    }
}

/// What the path and query parameters add to a request struct.
struct Parameters {
    decls: Vec<TokenStream>,
    params: Vec<TokenStream>,
    inits: Vec<TokenStream>,
    setters: Vec<TokenStream>,
}

/// The parameters' fields (not in the JSON body), `new` parameters for the required
/// ones and `with_*` setters for the others.
fn parameters(cx: &Ctx<'_>, params: &[ir::Param]) -> Parameters {
    let mut out = Parameters {
        decls: Vec::new(),
        params: Vec::new(),
        inits: Vec::new(),
        setters: Vec::new(),
    };
    for p in params {
        let n = to_ident(&p.name.rust);
        let ty = rust_type(cx, &p.ty);
        let (param, into) = param_type(cx, &p.ty);
        let value = if into {
            quote! { #n.into() }
        } else {
            quote! { #n }
        };
        let place = match p.location {
            crate::spec::ParameterIn::Path => {
                format!("The `{{{}}}` segment of the path", p.name.wire)
            }
            crate::spec::ParameterIn::Query => format!("The `{}` query parameter", p.name.wire),
        };
        let text = match &p.doc {
            Some(d) => format!("{place}: {}", d.trim()),
            None => format!("{place}."),
        };
        let doc = docs([text.as_str()]);
        if p.required {
            out.decls.push(quote! { #doc #[serde(skip)] pub #n: #ty, });
            out.params.push(quote! { #n: #param, });
            out.inits.push(quote! { #n: #value, });
        } else {
            out.decls
                .push(quote! { #doc #[serde(skip)] pub #n: Option<#ty>, });
            out.inits.push(quote! { #n: None, });
            let setter = format_ident!("with_{}", p.name.rust.trim_end_matches('_'));
            let doc = format!("Sets the optional `{}` query parameter.", p.name.wire);
            let doc = docs([doc.as_str()]);
            out.setters.push(quote! {
                #doc
                pub fn #setter(mut self, #n: #param) -> Self {
                    self.#n = Some(#value);
                    self
                }
            });
        }
    }
    out
}

/// `Endpoint::url` for an endpoint with parameters: each path parameter one
/// percent-encoded segment, the query parameters form-encoded after the path.
fn url_method(cx: &Ctx<'_>, finish: &Finish) -> Option<TokenStream> {
    let rt = cx.rt;
    let Finish::Http {
        params, path_parts, ..
    } = finish
    else {
        return None;
    };
    if params.is_empty() {
        return None;
    }
    let text = |p: &ir::Param| {
        let n = to_ident(&p.name.rust);
        match p.ty {
            ir::Type::String => quote! { &self.#n },
            _ => quote! { &ToString::to_string(&self.#n) },
        }
    };
    let segments = path_parts.iter().map(|part| match part {
        ir::PathPart::Literal(text) => quote! { path.push_str(#text); },
        ir::PathPart::Param(i) => {
            let p = &params[*i];
            let wire = &p.name.wire;
            let value = text(p);
            quote! { #rt::push_segment(&mut path, #wire, #value)?; }
        }
    });
    let query: Vec<TokenStream> = params
        .iter()
        .filter(|p| p.location == crate::spec::ParameterIn::Query)
        .map(|p| {
            let n = to_ident(&p.name.rust);
            let wire = &p.name.wire;
            if p.required {
                quote! { (#wire, Some(ToString::to_string(&self.#n))) }
            } else {
                quote! { (#wire, self.#n.as_ref().map(ToString::to_string)) }
            }
        })
        .collect();
    let query = (!query.is_empty()).then(|| quote! { #rt::push_query(&mut url, &[#(#query),*]); });
    let mutability = query.as_ref().map(|_| quote! { mut });
    Some(quote! {
        fn url(&self, base_url: &#rt::BaseUrl) -> Result<String, #rt::BuildError> {
            let mut path = String::new();
            #(#segments)*
            let #mutability url = base_url.join(&path);
            #query
            Ok(url)
        }
    })
}
