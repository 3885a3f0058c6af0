//! Emits the structs and enums that fields and bodies use.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, doc_or, field_decl};
use crate::ident::to_ident;
use crate::ir;

/// A struct of fields, decoded from and encoded to JSON.
pub(super) fn object(cx: &Ctx<'_>, object: &ir::Object) -> TokenStream {
    let rt = cx.rt;
    let name = to_ident(&object.rust);
    let doc = doc_or(object.doc.as_ref(), &format!("`{}`.", object.rust));
    if !object.variants.is_empty() {
        return shapes(cx, &name, doc, object);
    }
    // An object that holds alternative shapes is only ever sent.
    let decode = object
        .decodable
        .then(|| quote! { #rt::serde::Deserialize, });
    let fields = object
        .fields
        .iter()
        .map(|f| field_decl(cx, f, object.decodable));
    // An object a request holds is built by callers, as the request is.
    let (default, constructor) = if object.in_request {
        let super::Constructor {
            params,
            inits,
            setters,
        } = super::constructor(cx, &object.fields);
        // One that `new` builds from nothing is also its `Default`; with a constant, a
        // derived one would leave it unset.
        let has_constant = object.fields.iter().any(|f| f.constant.is_some());
        let (default, default_impl) = match (params.is_empty(), has_constant) {
            (true, false) => (Some(quote! { Default, }), None),
            (true, true) => (
                None,
                Some(quote! {
                    impl Default for #name {
                        fn default() -> Self {
                            Self::new()
                        }
                    }
                }),
            ),
            (false, _) => (None, None),
        };
        let constructor = quote! {
            impl #name {
                /// Creates it from its required fields; optional fields start unset.
                pub fn new(#(#params)*) -> Self {
                    Self { #(#inits)* }
                }

                #(#setters)*
            }

            #default_impl
        };
        (default, constructor)
    } else {
        (None, quote! {})
    };
    let holds = holds_secrets(cx, &name, object);
    // The body of error statuses says what went wrong.
    let error = object
        .error
        .as_ref()
        .map(|reads| super::response::error_body(cx, &name, reads));
    quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq, #rt::serde::Serialize, #decode)]
        #[serde(crate = "rt::serde")]
        pub struct #name {
            #(#fields)*
        }

        #constructor
        #error
        #holds
    }
}

/// An object with alternative shapes: an enum over one struct per shape, sent as the
/// struct it holds, with `From` each struct.
fn shapes(
    cx: &Ctx<'_>,
    name: &proc_macro2::Ident,
    doc: TokenStream,
    object: &ir::Object,
) -> TokenStream {
    let rt = cx.rt;
    let variants: Vec<_> = object
        .variants
        .iter()
        .map(|v| to_ident(&v.name.rust))
        .collect();
    let structs: Vec<_> = object
        .variants
        .iter()
        .map(|v| to_ident(&cx.svc.objects[v.object].rust))
        .collect();
    let holds = holds_secrets(cx, name, object);
    let variant_docs = object.variants.iter().map(|v| {
        doc_or(
            cx.svc.objects[v.object].doc.as_ref(),
            &format!("The `{}` shape.", v.name.wire),
        )
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, #rt::serde::Serialize)]
        #[serde(crate = "rt::serde", untagged)]
        pub enum #name {
            #( #variant_docs #variants(#structs), )*
        }

        #(
            impl From<#structs> for #name {
                fn from(shape: #structs) -> Self {
                    Self::#variants(shape)
                }
            }
        )*

        #holds
    }
}

/// `runtime::HoldsSecrets` for an object a request sends that holds a `secret` at any
/// depth: the request's `body_secrets` reaches its secrets through it.
fn holds_secrets(
    cx: &Ctx<'_>,
    name: &proc_macro2::Ident,
    object: &ir::Object,
) -> Option<TokenStream> {
    let rt = cx.rt;
    let svc = cx.svc;
    let holds = |fields: &[ir::Field]| fields.iter().any(|f| super::holds_secret(svc, &f.ty));
    let held = if object.variants.is_empty() {
        holds(&object.fields)
    } else {
        object
            .variants
            .iter()
            .any(|v| holds(&svc.objects[v.object].fields))
    };
    if !object.in_request || !held {
        return None;
    }
    let body = if object.variants.is_empty() {
        let places = object
            .fields
            .iter()
            .filter(|f| super::holds_secret(svc, &f.ty))
            .map(|f| to_ident(&f.name.rust));
        quote! { #( #rt::HoldsSecrets::held_secrets(&self.#places, held); )* }
    } else {
        // Every shape named: a single `_` arm would make a one-arm `match`.
        let arms = object.variants.iter().map(|v| {
            let variant = to_ident(&v.name.rust);
            if holds(&svc.objects[v.object].fields) {
                quote! { Self::#variant(shape) => #rt::HoldsSecrets::held_secrets(shape, held), }
            } else {
                quote! { Self::#variant(_) => {} }
            }
        });
        quote! { match self { #(#arms)* } }
    };
    Some(quote! {
        impl #rt::HoldsSecrets for #name {
            fn held_secrets<'a>(&'a self, held: &mut Vec<&'a #rt::Secret>) {
                #body
            }
        }
    })
}

/// An enum that keeps values the spec does not document in `Unknown`; the runtime's
/// `open_enum!` gives it `as_str` and the conversions serde uses.
pub(super) fn enumeration(cx: &Ctx<'_>, e: &ir::Enum) -> TokenStream {
    let rt = cx.rt;
    let name = to_ident(&e.rust);
    let doc = doc_or(e.doc.as_ref(), &format!("`{}`.", e.rust));
    let variants: Vec<_> = e.values.iter().map(|v| to_ident(&v.name.rust)).collect();
    let wires: Vec<&str> = e.values.iter().map(|v| v.name.wire.as_str()).collect();
    let variant_docs = e.values.iter().map(|v| {
        let text = match &v.doc {
            Some(d) => format!("`{}`: {}", v.name.wire, d.trim()),
            None => format!("`{}`.", v.name.wire),
        };
        super::docs([text.as_str()])
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, #rt::serde::Serialize, #rt::serde::Deserialize)]
        #[serde(crate = "rt::serde", from = "String", into = "String")]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the spec does not document, kept as sent.
            Unknown(String),
        }

        #rt::open_enum!(#name { #( #variants = #wires ),* });
    }
}
