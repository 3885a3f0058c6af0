//! Emits the success response type with its `FromHttp` decoder (an enum over one struct
//! per status when an endpoint documents several successes), and the typed error enum
//! with its `ApiError` impl; the runtime's traits do the status dispatch.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{Ctx, docs};
use crate::ident::to_ident;
use crate::ir;

/// The success type and the error enum of an endpoint, with their decoders.
pub(super) fn endpoint(cx: &Ctx<'_>, e: &ir::Endpoint) -> TokenStream {
    let mut tokens = if e.more_successes.is_empty() {
        success(cx, e, &e.success, true)
    } else {
        successes(cx, e)
    };
    tokens.extend(error_enum(cx, e));
    tokens
}

/// An enum over the successes of an endpoint that documents several, each a struct of its
/// own; the answer's status picks the variant.
fn successes(cx: &Ctx<'_>, e: &ir::Endpoint) -> TokenStream {
    let rt = cx.rt;
    let name = to_ident(&e.response_rust);
    let error = to_ident(&e.error_rust);
    let all: Vec<&ir::Success> = std::iter::once(&e.success)
        .chain(&e.more_successes)
        .collect();
    let structs = all.iter().map(|s| success(cx, e, s, false));
    let variants: Vec<_> = all.iter().map(|s| to_ident(&s.variant)).collect();
    let types: Vec<_> = all.iter().map(|s| to_ident(&s.rust)).collect();
    let statuses: Vec<_> = all
        .iter()
        .map(|s| Literal::u16_unsuffixed(s.status))
        .collect();
    let variant_docs = all.iter().map(|s| {
        let text = match s.doc.as_deref().map(str::trim) {
            Some(d) if !d.is_empty() => format!("Status `{}`: {d}", s.status),
            _ => format!("Status `{}`.", s.status),
        };
        docs([text.as_str()])
    });
    let doc = format!(
        "The success of `{} {}`: one variant per documented status.",
        e.method, e.path
    );
    let doc = docs([doc.as_str()]);
    let first = &statuses[0];
    let secrets = secrets_const(cx, e);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #( #variant_docs #variants(#types), )*
        }

        impl #rt::FromHttp for #name {
            type Error = #error;
            const STATUS: u16 = #first;
            #secrets

            fn accepts(status: u16) -> bool {
                matches!(status, #(#statuses)|*)
            }

            fn decode(answer: &#rt::Answer<'_>) -> Result<Self, #rt::DecodeError> {
                match answer.status() {
                    #( #statuses => #types::decode(answer).map(Self::#variants), )*
                    _ => Err(answer.not_a_success()),
                }
            }
        }

        #(#structs)*
    }
}

/// One success struct. `alone`: the endpoint's response type, implementing `FromHttp`;
/// otherwise a variant's struct, with the `decode` its enum calls.
fn success(cx: &Ctx<'_>, e: &ir::Endpoint, s: &ir::Success, alone: bool) -> TokenStream {
    let rt = cx.rt;
    let name = to_ident(&s.rust);
    let error = to_ident(&e.error_rust);
    let summary = format!("The `{}` response of `{} {}`", s.status, e.method, e.path);
    let doc = match s.doc.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => docs([format!("{summary}: {d}").as_str()]),
        _ => docs([format!("{summary}.").as_str()]),
    };

    let (decls, inits) = answer_fields(cx, s.body, &s.headers, &s.cookies);

    let status = Literal::u16_unsuffixed(s.status);
    // A success without a body, headers or cookies reads nothing from the answer.
    let answer = if inits.is_empty() {
        quote::format_ident!("_answer")
    } else {
        quote::format_ident!("answer")
    };
    let secrets = secrets_const(cx, e);
    let decoder = if alone {
        quote! {
            impl #rt::FromHttp for #name {
                type Error = #error;
                const STATUS: u16 = #status;
                #secrets

                fn decode(#answer: &#rt::Answer<'_>) -> Result<Self, #rt::DecodeError> {
                    Ok(Self { #(#inits)* })
                }
            }
        }
    } else {
        quote! {
            impl #name {
                /// Decodes an answer with this status.
                fn decode(#answer: &#rt::Answer<'_>) -> Result<Self, #rt::DecodeError> {
                    Ok(Self { #(#inits)* })
                }
            }
        }
    };
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        pub struct #name {
            #(#decls)*
        }

        #decoder
    }
}

/// The `Answer` method that decodes a body: the redacting one when the body holds a
/// secret, so a failed decode cannot carry a token into an error message.
fn decoder(cx: &Ctx<'_>, object: usize) -> proc_macro2::Ident {
    if super::holds_secret(cx.svc, &ir::Type::Object(object)) {
        quote::format_ident!("json_secret")
    } else {
        quote::format_ident!("json")
    }
}

/// The typed error of an endpoint: one variant per documented status, and the table of
/// statuses from which the runtime's `api_error!` makes its decoder, `status()`,
/// `retry_after()`, `Display` and `Error`.
fn error_enum(cx: &Ctx<'_>, e: &ir::Endpoint) -> TokenStream {
    let rt = cx.rt;
    let name = to_ident(&e.error_rust);
    let doc = format!("Why `{} {}` did not succeed.", e.method, e.path);
    let doc = docs([doc.as_str()]);
    let mut variants = Vec::new();
    let mut rows = Vec::new();
    let mut wrappers = Vec::new();
    for err in &e.errors {
        let variant = to_ident(&err.variant);
        let status = Literal::u16_unsuffixed(err.status);
        let doc = match err.doc.as_deref().map(str::trim) {
            Some(d) if !d.is_empty() => format!("Status `{}`: {d}", err.status),
            _ => format!("Status `{}`.", err.status),
        };
        let doc = docs([doc.as_str()]);
        // With headers or cookies, the variant holds a struct of them and the body.
        let (ty, read) = match (&err.rust, err.body) {
            (Some(rust), _) => {
                let wrapper = to_ident(rust);
                // The service's errors are generated once, for every endpoint.
                if !err.shared {
                    wrappers.push(error_answer(cx, &wrapper, err));
                }
                (quote! { #wrapper }, quote::format_ident!("decode"))
            }
            (None, Some(b)) => {
                let ty = to_ident(&cx.svc.objects[b].rust);
                (quote! { #ty }, decoder(cx, b))
            }
            (None, None) => (quote! { #rt::Excerpt }, quote::format_ident!("excerpt")),
        };
        variants.push(quote! { #doc #variant(#ty), });
        rows.push(quote! { #status => #variant(#read) });
    }
    quote! {
        #doc
        #[derive(Debug)]
        pub enum #name {
            #(#variants)*
            /// A documented status whose body or headers did not decode as documented.
            Decode(#rt::DecodeError),
            /// A status the spec does not document.
            Unexpected(#rt::Unexpected),
        }

        #rt::api_error!(#name { #(#rows),* });

        #(#wrappers)*
    }
}

/// The structs of the service's errors (`errors:`) that hold headers or cookies, once
/// for every endpoint whose error enum names them.
pub(super) fn service_errors(cx: &Ctx<'_>) -> TokenStream {
    let wrappers = cx.svc.errors.iter().filter_map(|err| {
        let wrapper = to_ident(err.rust.as_ref()?);
        Some(error_answer(cx, &wrapper, err))
    });
    quote! { #(#wrappers)* }
}

/// The struct a documented error status holds when the spec declares its headers or
/// cookies: its body (if any) and a field for each, decoded from the whole answer; what
/// it says of itself is what its body says, and its retry hint the `Retry-After` header
/// when it documents one.
fn error_answer(cx: &Ctx<'_>, name: &proc_macro2::Ident, err: &ir::ErrorStatus) -> TokenStream {
    let rt = cx.rt;
    let (decls, inits) = answer_fields(cx, err.body, &err.headers, &err.cookies);
    let doc = format!(
        "The answer of status `{}`: its body, headers and cookies.",
        err.status
    );
    let doc = docs([doc.as_str()]);
    let says = err.body.map(|_| {
        quote! {
            fn code(&self) -> Option<&str> {
                #rt::ErrorBody::code(&self.body)
            }
            fn message(&self) -> Option<&str> {
                #rt::ErrorBody::message(&self.body)
            }
        }
    });
    let from_body = err
        .body
        .map(|_| quote! { #rt::ErrorBody::retry_after(&self.body) });
    let header = err
        .headers
        .iter()
        .find(|h| h.kind == ir::HeaderKind::RetryAfter)
        .map(|h| {
            let field = to_ident(&h.name.rust);
            match (h.required, &from_body) {
                (true, _) => quote! { Some(self.#field) },
                (false, Some(body)) => quote! { self.#field.or_else(|| #body) },
                (false, None) => quote! { self.#field },
            }
        });
    let retry = header.or(from_body).map(|value| {
        quote! {
            fn retry_after(&self) -> Option<#rt::RetryAfter> {
                #value
            }
        }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        pub struct #name {
            #(#decls)*
        }

        impl #rt::DecodeAnswer for #name {
            fn decode(answer: &#rt::Answer<'_>) -> Result<Self, #rt::DecodeError> {
                Ok(Self { #(#inits)* })
            }
        }

        impl #rt::ErrorBody for #name {
            #says
            #retry
        }
    }
}

/// What the error body `ty` says of itself (the runtime's `ErrorBody`): the code,
/// message and retry hint at the paths the spec names, and a typed `error_code()` next
/// to the fields.
pub(super) fn error_body(
    cx: &Ctx<'_>,
    ty: &proc_macro2::Ident,
    reads: &ir::ErrorReads,
) -> TokenStream {
    let rt = cx.rt;
    let code = reads.code.as_ref().map(|(path, e)| {
        let (value, is_ref) = reach(path);
        let typed = if is_ref {
            value.clone()
        } else {
            quote! { &#value }
        };
        let enum_ty = to_ident(&cx.svc.enums[*e].rust);
        let doc = format!("The error code (`{}`), when the body holds it.", path.wire);
        let doc = docs([doc.as_str()]);
        (
            quote! {
                impl #ty {
                    #doc
                    pub fn error_code(&self) -> Option<&#enum_ty> {
                        Some(#typed)
                    }
                }
            },
            quote! {
                fn code(&self) -> Option<&str> {
                    Some(#value.as_str())
                }
            },
        )
    });
    let (typed, code) = code.unzip();
    let message = reads.message.as_ref().map(|path| {
        let (value, _) = reach(path);
        quote! {
            fn message(&self) -> Option<&str> {
                Some(#value.as_str())
            }
        }
    });
    let retry = reads.retry_after.as_ref().map(|(path, unit)| {
        let (value, is_ref) = reach(path);
        let value = if is_ref {
            quote! { *#value }
        } else {
            value
        };
        let after = match unit {
            crate::spec::TimeUnit::Seconds => quote! { after_secs },
            crate::spec::TimeUnit::Millis => quote! { after_millis },
        };
        quote! {
            fn retry_after(&self) -> Option<#rt::RetryAfter> {
                #rt::RetryAfter::#after(#value)
            }
        }
    });
    quote! {
        #typed
        impl #rt::ErrorBody for #ty {
            #code
            #message
            #retry
        }
    }
}

/// The expression that reaches `path` from `self`, leaving the function with `None`
/// (through `?`) where an optional field is absent or an array too short, and whether
/// it is a reference already (the last step took an optional or an item) or a place.
fn reach(path: &ir::FieldPath) -> (TokenStream, bool) {
    let mut value = quote! { self };
    let mut is_ref = false;
    for step in &path.steps {
        let field = to_ident(&step.rust);
        value = quote! { #value.#field };
        is_ref = false;
        if step.optional {
            value = quote! { #value.as_ref()? };
            is_ref = true;
        }
        for &item in &step.items {
            value = if item == 0 {
                quote! { #value.first()? }
            } else {
                let item = Literal::usize_unsuffixed(item);
                quote! { #value.get(#item)? }
            };
            is_ref = true;
        }
    }
    (value, is_ref)
}

/// `const SECRETS`, the wire names of the members the spec declares `secret` anywhere in
/// the endpoint's success and error bodies, so that every excerpt of its answers withholds
/// them (the runtime already withholds names that look like credentials); nothing when
/// there is none.
fn secrets_const(cx: &Ctx<'_>, e: &ir::Endpoint) -> Option<TokenStream> {
    let bodies = std::iter::once(&e.success)
        .chain(&e.more_successes)
        .filter_map(|s| s.body)
        .chain(e.errors.iter().filter_map(|err| err.body));
    let mut names = std::collections::BTreeSet::new();
    let mut seen = Vec::new();
    for body in bodies {
        secret_members(cx.svc, body, &mut names, &mut seen);
    }
    (!names.is_empty()).then(|| {
        let names = names.iter();
        quote! { const SECRETS: &'static [&'static str] = &[#(#names),*]; }
    })
}

/// Adds to `names` the secret members of `object` and of the objects inside it
/// (`seen`: those already walked, as types may nest through arrays and maps).
fn secret_members<'s>(
    svc: &'s ir::Service,
    object: usize,
    names: &mut std::collections::BTreeSet<&'s str>,
    seen: &mut Vec<usize>,
) {
    if seen.contains(&object) {
        return;
    }
    seen.push(object);
    for field in &svc.objects[object].fields {
        let mut ty = &field.ty;
        while let ir::Type::Array(inner) | ir::Type::Map(inner) = ty {
            ty = inner;
        }
        match ty {
            ir::Type::Secret => {
                names.insert(field.name.wire.as_str());
            }
            ir::Type::Object(inner) => secret_members(svc, *inner, names, seen),
            _ => {}
        }
    }
}

/// The fields of a type decoded from a whole answer, and their initialisers from
/// `answer`: the decoded `body` (when there is one), then one per header and cookie,
/// typed as the spec says.
fn answer_fields(
    cx: &Ctx<'_>,
    body: Option<usize>,
    headers: &[ir::Header],
    cookies: &[ir::Header],
) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let rt = cx.rt;
    let mut decls = Vec::new();
    let mut inits = Vec::new();
    if let Some(b) = body {
        let ty = to_ident(&cx.svc.objects[b].rust);
        decls.push(quote! { /// The decoded body.
        pub body: #ty, });
        let decode = decoder(cx, b);
        inits.push(quote! { body: answer.#decode()?, });
    }
    let header_like = headers
        .iter()
        .map(|h| (h, "header"))
        .chain(cookies.iter().map(|c| (c, "cookie")));
    for (h, kind) in header_like {
        let field = to_ident(&h.name.rust);
        let wire = &h.name.wire;
        let doc = super::doc_or(h.doc.as_ref(), &format!("The `{wire}` {kind}."));
        let typed = match h.kind {
            ir::HeaderKind::Text => None,
            ir::HeaderKind::Integer => Some(quote! { i64 }),
            ir::HeaderKind::RetryAfter => Some(quote! { #rt::RetryAfter }),
            ir::HeaderKind::Timestamp => Some(quote! { #rt::Timestamp }),
            ir::HeaderKind::UnixS => Some(quote! { #rt::UnixSeconds }),
            ir::HeaderKind::UnixMs => Some(quote! { #rt::UnixMillis }),
            ir::HeaderKind::HttpDate => Some(quote! { ::std::time::SystemTime }),
            ir::HeaderKind::DurationS => Some(quote! { ::std::time::Duration }),
        };
        let (ty, value) = match typed {
            // A typed header: parsed, and refused when it is not of its type.
            Some(ty) => {
                let read = if h.required {
                    quote! { answer.required_header_as::<#ty>(#wire)? }
                } else {
                    quote! { answer.header_as::<#ty>(#wire)? }
                };
                let ty = if h.required {
                    ty
                } else {
                    quote! { Option<#ty> }
                };
                (ty, read)
            }
            None => {
                let read = if h.required {
                    quote::format_ident!("required_{kind}")
                } else {
                    quote::format_ident!("{kind}")
                };
                // Every read but an optional cookie's can fail (a header that is not
                // text, a required one that is missing).
                let read = if h.required || kind == "header" {
                    quote! { answer.#read(#wire)? }
                } else {
                    quote! { answer.#read(#wire) }
                };
                match (h.required, h.secret) {
                    (true, false) => (quote! { String }, read),
                    (true, true) => (quote! { #rt::Secret }, quote! { #rt::Secret::new(#read) }),
                    (false, false) => (quote! { Option<String> }, read),
                    (false, true) => (
                        quote! { Option<#rt::Secret> },
                        quote! { #read.map(#rt::Secret::new) },
                    ),
                }
            }
        };
        decls.push(quote! { #doc pub #field: #ty, });
        inits.push(quote! { #field: #value, });
    }
    (decls, inits)
}
