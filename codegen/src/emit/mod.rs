//! Stage 4: turn a checked [`ir::Service`] into Rust tokens with `quote`.
//!
//! One emitter per concern: `types` (structs and enums of fields), `request` (request
//! types and the sans-IO builder), `response` (success types, typed errors and the
//! decoder), `session` (base URL and session), `websocket` (socket messages). Emitters
//! name the runtime through the alias `rt` and Rust prelude items unqualified; `check`
//! refuses generated type names that would shadow either.

mod client;
mod request;
mod response;
mod session;
mod types;
mod websocket;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident::to_ident;
use crate::ir;

/// What every emitter needs: the service and the path of the runtime module.
pub(crate) struct Ctx<'a> {
    pub svc: &'a ir::Service,
    pub rt: &'a TokenStream,
}

/// What differs between the async and the blocking form of a generated client and of the
/// session methods that take one.
pub(crate) struct Flavour {
    /// `Client` or `BlockingClient`.
    pub client: proc_macro2::Ident,
    /// The runtime's transport of that client.
    pub transport: TokenStream,
    /// `async`, or nothing.
    pub asyncness: TokenStream,
    /// `.await`, or nothing.
    pub await_: TokenStream,
    /// The runtime's `send` and `send_with` of that transport.
    pub send: TokenStream,
    pub send_with: TokenStream,
    /// What the blocking twin of a method adds to its name: `_blocking`, or nothing.
    pub suffix: &'static str,
}

impl Flavour {
    /// The async form, or with `blocking` the blocking one.
    pub(crate) fn of(rt: &TokenStream, blocking: bool) -> Self {
        if blocking {
            Flavour {
                client: quote::format_ident!("BlockingClient"),
                transport: quote! { #rt::BlockingTransport },
                asyncness: quote! {},
                await_: quote! {},
                send: quote! { #rt::send_blocking },
                send_with: quote! { #rt::send_blocking_with },
                suffix: "_blocking",
            }
        } else {
            Flavour {
                client: quote::format_ident!("Client"),
                transport: quote! { #rt::AsyncTransport },
                asyncness: quote! { async },
                await_: quote! { .await },
                send: quote! { #rt::send },
                send_with: quote! { #rt::send_with },
                suffix: "",
            }
        }
    }
}

/// Which optional parts to generate; the rest of a service's module is always there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The `BlockingClient` (it needs the runtime's `blocking` feature).
    pub blocking: bool,
    /// The websocket `Socket`, when the spec describes one (it needs the runtime's
    /// `websocket` feature). The message types are generated either way.
    pub websocket: bool,
}

impl Options {
    /// Every optional part: what `Config::new` generates.
    pub const ALL: Options = Options {
        blocking: true,
        websocket: true,
    };
}

/// A piece of a service's module, emitted and formatted on its own so pieces can be
/// handled in parallel; concatenated in order they make the whole module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The runtime alias, base URL helpers and the async client.
    Head,
    /// The blocking client.
    Blocking,
    /// One endpoint's request, response and error types.
    Endpoint(usize),
    /// The types of the service's errors that every endpoint may answer.
    Errors,
    /// The session and its outcome.
    Session,
    /// One struct.
    Object(usize),
    /// One enum.
    Enum(usize),
    /// The websocket message types.
    Messages,
    /// The websocket socket and the session methods that open it.
    Socket,
}

impl Part {
    /// The runtime macro the part's items go through, named after the runtime feature
    /// they need: generated code never reads a `cfg` of the crate that includes it, so
    /// the runtime, which knows its own features, expands them or says which to enable.
    pub fn gate(self) -> Option<&'static str> {
        match self {
            Part::Blocking => Some("blocking"),
            Part::Socket => Some("websocket"),
            _ => None,
        }
    }
}

/// The parts of a service's module, in output order.
pub fn parts(svc: &ir::Service, options: Options) -> Vec<Part> {
    let mut parts = vec![Part::Head];
    if options.blocking {
        parts.push(Part::Blocking);
    }
    parts.extend((0..svc.endpoints.len()).map(Part::Endpoint));
    if svc.errors.iter().any(|e| e.rust.is_some()) {
        parts.push(Part::Errors);
    }
    if svc.session.is_some() {
        parts.push(Part::Session);
    }
    parts.extend((0..svc.objects.len()).map(Part::Object));
    parts.extend((0..svc.enums.len()).map(Part::Enum));
    if svc.websocket.is_some() {
        parts.push(Part::Messages);
        if options.websocket {
            parts.push(Part::Socket);
        }
    }
    parts
}

/// The items of one part of a service's module. `runtime` is the path of the runtime
/// crate; every runtime path goes through one alias, `rt`, declared in the head (no
/// generated item is named `rt`: types are UpperCamel, the only function `base_url`).
/// A gated part ([`Part::gate`]) gives its items bare: the caller wraps them.
pub fn part(svc: &ir::Service, runtime: &str, part: Part) -> TokenStream {
    let alias = quote! { rt };
    let cx = Ctx { svc, rt: &alias };
    match part {
        Part::Head => {
            // Only the head names the runtime; `Config` checked that the path parses.
            let runtime: TokenStream = runtime.parse().unwrap_or_default();
            let base_url = session::base_url(&cx);
            let client = client::client(&cx, false);
            quote! {
                use #runtime as rt;
                #base_url
                #client
            }
        }
        Part::Blocking => client::client(&cx, true),
        Part::Endpoint(i) => {
            // Joined by moving: `quote!` would copy every token of both.
            let mut tokens = request::endpoint(&cx, &svc.endpoints[i]);
            tokens.extend(response::endpoint(&cx, &svc.endpoints[i]));
            tokens
        }
        Part::Errors => response::service_errors(&cx),
        Part::Session => match &svc.session {
            Some(s) => {
                let session = session::session(&cx, s);
                let outcome = client::outcome(&cx, s);
                quote! { #session #outcome }
            }
            None => quote! {},
        },
        Part::Object(i) => types::object(&cx, &svc.objects[i]),
        Part::Enum(i) => types::enumeration(&cx, &svc.enums[i]),
        Part::Messages => match &svc.websocket {
            Some(w) => websocket::messages(&cx, w),
            None => quote! {},
        },
        Part::Socket => match &svc.websocket {
            Some(w) => websocket::socket(&cx, w),
            None => quote! {},
        },
    }
}

/// `#[doc]` attributes for optional paragraphs, one attribute per line.
pub(crate) fn docs<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        for line in paragraph.trim().lines() {
            lines.push(format!(" {}", markdown_safe(line.trim_end())));
        }
    }
    quote! { #(#[doc = #lines])* }
}

/// A line of the spec's prose as rustdoc reads it without a warning in the including
/// crate: outside code spans, a `<` that opens no autolink is written `&lt;` (rustdoc
/// reads `<tags>` as an unclosed HTML tag), and a bare `http(s)://` URL is put between
/// `<` and `>` (rustdoc asks for that of a bare URL).
fn markdown_safe(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        }
        if !in_code {
            let starts_word = out.is_empty() || out.ends_with([' ', '(', '[', '"', '\'']);
            if c == '<' {
                let autolink = ["<http://", "<https://", "<mailto:"]
                    .iter()
                    .any(|p| rest.starts_with(p))
                    && rest.contains('>');
                if !autolink {
                    out.push_str("&lt;");
                    rest = &rest[1..];
                    continue;
                }
                let end = rest.find('>').map_or(rest.len(), |i| i + 1);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
                continue;
            }
            if starts_word && (rest.starts_with("http://") || rest.starts_with("https://")) {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                let url =
                    rest[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '"', '\'']);
                out.push('<');
                out.push_str(url);
                out.push('>');
                rest = &rest[url.len()..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `#[doc]` for an optional description, with a fallback.
pub(crate) fn doc_or(doc: Option<&String>, fallback: &str) -> TokenStream {
    match doc {
        Some(d) if !d.trim().is_empty() => docs([d.as_str()]),
        _ => docs([fallback]),
    }
}

/// `#[deprecated]` when there is a note (empty note: plain deprecation).
pub(crate) fn deprecated(note: Option<&String>) -> TokenStream {
    match note {
        None => quote! {},
        Some(n) if n.is_empty() => quote! { #[deprecated] },
        Some(n) => quote! { #[deprecated(note = #n)] },
    }
}

/// The Rust type of a field type.
pub(crate) fn rust_type(cx: &Ctx<'_>, ty: &ir::Type) -> TokenStream {
    let rt = cx.rt;
    match ty {
        ir::Type::String => quote! { String },
        ir::Type::Integer => quote! { i64 },
        ir::Type::Number => quote! { f64 },
        ir::Type::Boolean => quote! { bool },
        ir::Type::Uuid => quote! { #rt::Uuid },
        ir::Type::Timestamp => quote! { #rt::Timestamp },
        ir::Type::UnixMs => quote! { #rt::UnixMillis },
        ir::Type::UnixS => quote! { #rt::UnixSeconds },
        ir::Type::Secret => quote! { #rt::Secret },
        ir::Type::Enum(i) => {
            let name = to_ident(&cx.svc.enums[*i].rust);
            quote! { #name }
        }
        ir::Type::Object(i) => {
            let name = to_ident(&cx.svc.objects[*i].rust);
            quote! { #name }
        }
        ir::Type::Array(item) => {
            let item = rust_type(cx, item);
            quote! { Vec<#item> }
        }
        ir::Type::Map(item) => {
            let item = rust_type(cx, item);
            quote! { ::std::collections::BTreeMap<String, #item> }
        }
        ir::Type::Any => quote! { #rt::serde_json::Value },
        ir::Type::Null => quote! { () },
    }
}

/// The type of a field as stored: `Option<T>` when optional.
pub(crate) fn field_type(cx: &Ctx<'_>, field: &ir::Field) -> TokenStream {
    let ty = rust_type(cx, &field.ty);
    if field.required {
        ty
    } else {
        quote! { Option<#ty> }
    }
}

/// A struct field declaration with its docs and serde attributes. A constant is a
/// private field, in its place among the others (serde writes the members in field
/// order), that `new` sets.
pub(crate) fn field_decl(cx: &Ctx<'_>, field: &ir::Field, deserialize: bool) -> TokenStream {
    let name = to_ident(&field.name.rust);
    if field.constant.is_some() {
        let rt = cx.rt;
        let wire = &field.name.wire;
        let doc = format!("`{wire}`, always sent as the spec fixes it.");
        let doc = docs([doc.as_str()]);
        let rename = (*wire != field.name.rust).then(|| quote! { #[serde(rename = #wire)] });
        return quote! { #doc #rename #name: #rt::Constant, };
    }
    let ty = field_type(cx, field);
    let mut paragraphs: Vec<String> = Vec::new();
    paragraphs.push(
        field
            .doc
            .clone()
            .unwrap_or_else(|| format!("`{}`.", field.name.wire)),
    );
    if let Some(note) = &field.deprecated {
        paragraphs.push(format!("Deprecated. {note}").trim().to_owned());
    }
    let doc = docs(paragraphs.iter().map(String::as_str));
    let rename = (field.name.wire != field.name.rust).then(|| {
        let wire = &field.name.wire;
        quote! { #[serde(rename = #wire)] }
    });
    let optional = (!field.required).then(|| {
        if deserialize {
            quote! { #[serde(default, skip_serializing_if = "Option::is_none")] }
        } else {
            quote! { #[serde(skip_serializing_if = "Option::is_none")] }
        }
    });
    quote! {
        #doc
        #rename
        #optional
        pub #name: #ty,
    }
}

/// The parts of a `new` and its `with_*` setters over `fields`, for a request and for an
/// object a request holds.
pub(crate) struct Constructor {
    /// `name: type,` of each field `new` asks for ([`ir::Field::asked`]).
    pub params: Vec<TokenStream>,
    /// `name: value,` of every field, the constants as the spec fixes them.
    pub inits: Vec<TokenStream>,
    /// `with_<name>` of each optional field.
    pub setters: Vec<TokenStream>,
}

/// [`Constructor`] of `fields`.
pub(crate) fn constructor(cx: &Ctx<'_>, fields: &[ir::Field]) -> Constructor {
    let params = fields
        .iter()
        .filter(|f| f.asked())
        .map(|f| {
            let n = to_ident(&f.name.rust);
            let (ty, _) = param_type(cx, &f.ty);
            quote! { #n: #ty, }
        })
        .collect();
    let rt = cx.rt;
    let inits = fields
        .iter()
        .map(|f| {
            let n = to_ident(&f.name.rust);
            if let Some(json) = &f.constant {
                return quote! { #n: #rt::Constant::json(#json), };
            }
            match (f.required, param_type(cx, &f.ty).1) {
                (true, _) if f.ty == ir::Type::Null => quote! { #n: (), },
                (true, true) => quote! { #n: #n.into(), },
                (true, false) => quote! { #n, },
                (false, _) => quote! { #n: None, },
            }
        })
        .collect();
    let setters = fields
        .iter()
        .filter(|f| !f.required)
        .map(|f| {
            let n = to_ident(&f.name.rust);
            let setter = quote::format_ident!("with_{}", f.name.rust.trim_end_matches('_'));
            let (ty, into) = param_type(cx, &f.ty);
            let value = if into {
                quote! { #n.into() }
            } else {
                quote! { #n }
            };
            let doc = format!("Sets the optional `{}`.", f.name.wire);
            let doc = docs([doc.as_str()]);
            quote! {
                #doc
                pub fn #setter(mut self, #n: #ty) -> Self {
                    self.#n = Some(#value);
                    self
                }
            }
        })
        .collect();
    Constructor {
        params,
        inits,
        setters,
    }
}

/// A parameter type for a constructor or setter, and whether the value needs `.into()`.
pub(crate) fn param_type(cx: &Ctx<'_>, ty: &ir::Type) -> (TokenStream, bool) {
    let rt = cx.rt;
    match ty {
        ir::Type::String => (quote! { impl Into<String> }, true),
        ir::Type::Secret => (quote! { impl Into<#rt::Secret> }, true),
        other => (rust_type(cx, other), false),
    }
}

/// Whether a value of this type can hold a secret (through any nesting).
pub(crate) fn holds_secret(svc: &ir::Service, ty: &ir::Type) -> bool {
    fn walk(svc: &ir::Service, ty: &ir::Type, seen: &mut Vec<usize>) -> bool {
        match ty {
            ir::Type::Secret => true,
            ir::Type::Array(item) | ir::Type::Map(item) => walk(svc, item, seen),
            ir::Type::Object(i) => {
                if seen.contains(i) {
                    return false;
                }
                seen.push(*i);
                let object = &svc.objects[*i];
                // An object with shapes holds what its shapes hold: a declared field no
                // shape lists is never there.
                if object.variants.is_empty() {
                    object.fields.iter().any(|f| walk(svc, &f.ty, seen))
                } else {
                    object
                        .variants
                        .iter()
                        .any(|v| walk(svc, &ir::Type::Object(v.object), seen))
                }
            }
            _ => false,
        }
    }
    walk(svc, ty, &mut Vec::new())
}

/// The HTTP method as an `http::Method` constant.
pub(crate) fn method(name: &str) -> TokenStream {
    let m = to_ident(match name {
        "GET" => "GET",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        _ => "POST",
    });
    quote! { rt::http::Method::#m }
}

#[cfg(test)]
mod tests {
    use super::markdown_safe;

    #[test]
    fn prose_reads_without_rustdoc_warnings() {
        assert_eq!(
            markdown_safe("#hashes, <tags>, `<code>` and a<b"),
            "#hashes, &lt;tags>, `<code>` and a&lt;b"
        );
        assert_eq!(
            markdown_safe("see https://example.com/a. Or <https://x.y>, (http://h/p)."),
            "see <https://example.com/a>. Or <https://x.y>, (<http://h/p>)."
        );
        assert_eq!(markdown_safe("`https://in.code`"), "`https://in.code`");
    }
}
