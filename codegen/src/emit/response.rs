//! Emits the success response type, the typed error enum, and the sans-IO decoder that
//! turns an `http::Response` into one or the other.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, docs};
use crate::ident::to_ident;
use crate::ir;

/// The success struct, the error enum and `from_http` of an endpoint.
pub(super) fn endpoint(cx: &Ctx<'_>, e: &ir::Endpoint) -> TokenStream {
    let rt = cx.rt;
    let s = &e.success;
    let name = to_ident(&s.rust);
    let error = to_ident(&e.error_rust);
    let summary = format!("The `{}` response of `{} {}`.", s.status, e.method, e.path);
    let doc = docs(
        [Some(summary.as_str()), s.doc.as_deref()]
            .into_iter()
            .flatten(),
    );

    let mut decls = Vec::new();
    let mut inits = Vec::new();
    if let Some(b) = s.body {
        let ty = to_ident(&cx.svc.objects[b].rust);
        decls.push(quote! { /// The decoded body.
        pub body: #ty, });
        let decode = decoder(cx, b);
        inits.push(quote! { body: #rt::#decode(status, body).map_err(#error::Decode)?, });
    }
    for h in &s.headers {
        let field = to_ident(&h.name.rust);
        let wire = &h.name.wire;
        let doc = super::doc_or(h.doc.as_ref(), &format!("The `{wire}` header."));
        let (ty, value) = header_value(
            cx,
            h,
            quote! { #rt::header(response.headers(), #wire, status) },
            quote! { #rt::required_header(response.headers(), #wire, status) },
            &error,
        );
        decls.push(quote! { #doc pub #field: #ty, });
        inits.push(quote! { #field: #value, });
    }
    for c in &s.cookies {
        let field = to_ident(&c.name.rust);
        let wire = &c.name.wire;
        let doc = super::doc_or(c.doc.as_ref(), &format!("The `{wire}` cookie."));
        let (ty, value) = header_value(
            cx,
            c,
            quote! { #rt::cookie_text(response.headers(), #wire, status) },
            quote! { #rt::required_cookie(response.headers(), #wire, status) },
            &error,
        );
        decls.push(quote! { #doc pub #field: #ty, });
        inits.push(quote! { #field: #value, });
    }

    let success_status = proc_macro2::Literal::u16_unsuffixed(s.status);
    let arms = e.errors.iter().map(|err| {
        let status = proc_macro2::Literal::u16_unsuffixed(err.status);
        let variant = to_ident(&err.variant);
        match err.body {
            Some(b) => {
                let decode = decoder(cx, b);
                quote! {
                #status => match #rt::#decode(status, body) {
                    Ok(decoded) => #error::#variant(decoded),
                    Err(problem) => #error::Decode(problem),
                },
                }
            }
            None => quote! { #status => #error::#variant(#rt::Excerpt::new(body)), },
        }
    });
    let error_enum = error_enum(cx, e);

    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        pub struct #name {
            #(#decls)*
        }

        impl #name {
            /// Decodes an HTTP response into the success or the typed error; never panics.
            pub fn from_http<B: AsRef<[u8]>>(response: &::http::Response<B>) -> Result<Self, #error> {
                let status = response.status();
                let body = response.body().as_ref();
                Err(match status.as_u16() {
                    #success_status => {
                        return Ok(Self { #(#inits)* });
                    }
                    #(#arms)*
                    _ => #error::Unexpected(#rt::Unexpected::new(status, body)),
                })
            }
        }

        #error_enum
    }
}

/// The stored type of a header or cookie and the expression that reads it; the runtime
/// reads both as text, and a secret is wrapped at once.
fn header_value(
    cx: &Ctx<'_>,
    h: &ir::Header,
    optional: TokenStream,
    required: TokenStream,
    error: &proc_macro2::Ident,
) -> (TokenStream, TokenStream) {
    let rt = cx.rt;
    match (h.required, h.secret) {
        (true, false) => (
            quote! { String },
            quote! { #required.map_err(#error::Decode)? },
        ),
        (true, true) => (
            quote! { #rt::Secret },
            quote! { #rt::Secret::new(#required.map_err(#error::Decode)?) },
        ),
        (false, false) => (
            quote! { Option<String> },
            quote! { #optional.map_err(#error::Decode)? },
        ),
        (false, true) => (
            quote! { Option<#rt::Secret> },
            quote! { #optional.map_err(#error::Decode)?.map(#rt::Secret::new) },
        ),
    }
}

/// The runtime decoder for a body: the redacting one when the body holds a secret, so a
/// failed decode cannot carry a token into an error message.
fn decoder(cx: &Ctx<'_>, object: usize) -> proc_macro2::Ident {
    if super::holds_secret(cx.svc, &ir::Type::Object(object)) {
        quote::format_ident!("decode_json_secret")
    } else {
        quote::format_ident!("decode_json")
    }
}

/// The typed error of an endpoint: one variant per documented status.
fn error_enum(cx: &Ctx<'_>, e: &ir::Endpoint) -> TokenStream {
    let rt = cx.rt;
    let name = to_ident(&e.error_rust);
    let doc = format!("Why `{} {}` did not succeed.", e.method, e.path);
    let doc = super::docs([doc.as_str()]);
    let variants = e.errors.iter().map(|err| {
        let variant = to_ident(&err.variant);
        let summary = format!("Status `{}`.", err.status);
        let doc = docs(
            [Some(summary.as_str()), err.doc.as_deref()]
                .into_iter()
                .flatten(),
        );
        match err.body {
            Some(b) => {
                let ty = to_ident(&cx.svc.objects[b].rust);
                quote! { #doc #variant(#ty), }
            }
            None => quote! { #doc #variant(#rt::Excerpt), },
        }
    });
    let status_arms = e.errors.iter().map(|err| {
        let variant = to_ident(&err.variant);
        let status = proc_macro2::Literal::u16_unsuffixed(err.status);
        quote! { Self::#variant(_) => #status, }
    });
    let display_arms = e.errors.iter().map(|err| {
        let variant = to_ident(&err.variant);
        let text = match &err.doc {
            Some(d) => format!("{} {}: {}", err.status, err.variant, d.trim()),
            None => format!("{} {}", err.status, err.variant),
        };
        match err.code {
            Some((ref field, _)) => {
                let field = to_ident(field);
                let text = format!("{text} (code `{{}}`)");
                quote! { Self::#variant(body) => write!(f, #text, body.#field.as_str()), }
            }
            None => quote! { Self::#variant(_) => f.write_str(#text), },
        }
    });
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

        impl #name {
            /// The HTTP status code of the response.
            pub fn status(&self) -> u16 {
                match self {
                    #(#status_arms)*
                    Self::Decode(problem) => problem.status.as_u16(),
                    Self::Unexpected(unexpected) => unexpected.status.as_u16(),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#display_arms)*
                    Self::Decode(problem) => ::std::fmt::Display::fmt(problem, f),
                    Self::Unexpected(unexpected) => ::std::fmt::Display::fmt(unexpected, f),
                }
            }
        }

        impl ::std::error::Error for #name {}
    }
}
