//! Emits the base URL helpers and the session a login leaves behind: its token, how later
//! calls carry it, its expiry, its refresh token and its base URL.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, docs};
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
fn read_path(root: &TokenStream, path: &ir::FieldPath) -> (TokenStream, bool) {
    let mut expr = quote! { #root.body };
    let mut in_option = false;
    for step in &path.steps {
        let (f, optional) = (to_ident(&step.rust), step.optional);
        expr = match (in_option, optional) {
            (false, false) => quote! { #expr.#f },
            (false, true) => quote! { #expr.#f.as_ref() },
            (true, true) => quote! { #expr.and_then(|v| v.#f.as_ref()) },
            (true, false) => quote! { #expr.map(|v| &v.#f) },
        };
        in_option |= optional;
    }
    (expr, in_option)
}

/// An owned copy of a response field, failing with `SessionError::Missing` when an
/// optional step is absent.
fn take_path(root: &TokenStream, path: &ir::FieldPath, rt: &TokenStream) -> TokenStream {
    let wire = &path.wire;
    match read_path(root, path) {
        (expr, true) => {
            quote! { Clone::clone(#expr.ok_or(#rt::SessionError::Missing { field: #wire })?) }
        }
        (expr, false) => quote! { Clone::clone(&#expr) },
    }
}

/// `Option<&T>` of a response field, whether or not a step on the way is optional.
fn optional_ref(root: &TokenStream, path: &ir::FieldPath) -> TokenStream {
    match read_path(root, path) {
        (expr, true) => expr,
        (expr, false) => quote! { Some(&#expr) },
    }
}

/// Where a secret of the login answer is: a body field, or a success header or cookie
/// with which of the two it is (for messages).
enum Place<'a> {
    Field(&'a ir::FieldPath),
    Header(&'a ir::Header, &'static str),
}

fn place<'a>(endpoint: &'a ir::Endpoint, located: &'a ir::Located) -> Place<'a> {
    match located {
        ir::Located::Field(p) => Place::Field(p),
        ir::Located::Header(i) => Place::Header(&endpoint.success.headers[*i], "header"),
        ir::Located::Cookie(i) => Place::Header(&endpoint.success.cookies[*i], "cookie"),
    }
}

/// An owned copy of a secret of the login answer (a body field, header or cookie),
/// failing with `SessionError::Missing` when it is optional and absent; and where it
/// comes from, for docs.
fn take_located(
    cx: &Ctx<'_>,
    root: &TokenStream,
    endpoint: &ir::Endpoint,
    located: &ir::Located,
) -> (TokenStream, String) {
    let rt = cx.rt;
    match place(endpoint, located) {
        Place::Field(p) => (
            take_path(root, p, rt),
            format!("the response field `{}`", p.wire),
        ),
        Place::Header(h, kind) => {
            let f = to_ident(&h.name.rust);
            let wire = &h.name.wire;
            let from = format!("the `{wire}` {kind}");
            let missing = format!("{kind} {wire}");
            let read = if h.required {
                quote! { Clone::clone(&#root.#f) }
            } else {
                quote! { Clone::clone(#root.#f.as_ref().ok_or(#rt::SessionError::Missing { field: #missing })?) }
            };
            (read, from)
        }
    }
}

/// `Option<Secret>` of a secret of the login answer that may be absent; and where it
/// comes from, for docs.
fn optional_located(
    root: &TokenStream,
    endpoint: &ir::Endpoint,
    located: &ir::Located,
) -> (TokenStream, String) {
    match place(endpoint, located) {
        Place::Field(p) => {
            let read = match read_path(root, p) {
                (expr, true) => quote! { #expr.cloned() },
                (expr, false) => quote! { Some(Clone::clone(&#expr)) },
            };
            (read, format!("the response field `{}`", p.wire))
        }
        Place::Header(h, kind) => {
            let f = to_ident(&h.name.rust);
            let read = if h.required {
                quote! { Some(Clone::clone(&#root.#f)) }
            } else {
                quote! { Clone::clone(&#root.#f) }
            };
            (read, format!("the `{}` {kind}", h.name.wire))
        }
    }
}

/// The `rt::Expiry` an answer (`root`) states, and where it comes from, for docs; a
/// lifetime counts from `received`.
fn expiry_init(cx: &Ctx<'_>, root: &TokenStream, expiry: &ir::Expiry) -> (TokenStream, String) {
    let rt = cx.rt;
    match expiry {
        ir::Expiry::At(p) => {
            let read = optional_ref(root, p);
            (
                quote! { #rt::Expiry::from_field(#read) },
                format!("the response field `{}`", p.wire),
            )
        }
        ir::Expiry::In(p, unit) => {
            let read = optional_ref(root, p);
            let (after, unit) = match unit {
                crate::spec::TimeUnit::Seconds => (quote! { after_secs_field }, "seconds"),
                crate::spec::TimeUnit::Millis => (quote! { after_millis_field }, "milliseconds"),
            };
            (
                quote! { #rt::Expiry::#after(received, #read) },
                format!(
                    "the lifetime in {unit} of the response field `{}`, counted from when the answer was received",
                    p.wire
                ),
            )
        }
    }
}

/// The session struct of a service.
pub(super) fn session(cx: &Ctx<'_>, s: &ir::Session) -> TokenStream {
    let rt = cx.rt;
    let endpoint = &cx.svc.endpoints[s.endpoint];
    let response = to_ident(&endpoint.success.rust);
    let title = &cx.svc.title;

    let login = quote! { login };
    let (token, token_from) = take_located(cx, &login, endpoint, &s.token);
    let renewed = if s.refresh.is_some() {
        " After a refresh, from the refresh answer."
    } else {
        ""
    };
    let token_doc = format!("The token, from {token_from}.{renewed}");
    let token_doc = super::docs([token_doc.as_str()]);

    // A refresh may state an expiry the login did not: the session then has one, unknown
    // until the first refresh.
    let refresh_expiry = s.refresh.as_ref().is_some_and(|r| r.expiry.is_some());
    let expiry_field = (s.expiry.is_some() || refresh_expiry).then(|| quote! { expiry, });
    let refresh_field = s.refresh_token.as_ref().map(|_| quote! { refresh_token, });
    let relative = matches!(s.expiry, Some(ir::Expiry::In(..)));
    let (expiry_decl, expiry_init, expiry_methods) = match &s.expiry {
        None if !refresh_expiry => (quote! {}, quote! {}, quote! {}),
        expiry => {
            let (init, from) = match expiry {
                Some(expiry) => expiry_init(cx, &login, expiry),
                None => (
                    quote! { #rt::Expiry::UNKNOWN },
                    "the last refresh answer (unknown until the first refresh)".to_owned(),
                ),
            };
            let optional = match expiry {
                Some(ir::Expiry::At(p) | ir::Expiry::In(p, _)) => {
                    p.steps.iter().any(|s| s.optional)
                }
                None => false,
            };
            let unknown = if optional {
                " `None` when the answer left it out."
            } else {
                ""
            };
            // Without a login expiry, `from` already names the refresh answer.
            let renewed = if s.expiry.is_some() { renewed } else { "" };
            let at_doc = format!("When the token expires, from {from}.{unknown}{renewed}");
            let at_doc = super::docs([at_doc.as_str()]);
            (
                quote! { expiry: #rt::Expiry, },
                quote! { let expiry = #init; },
                quote! {
                    #at_doc
                    pub fn expires_at(&self) -> Option<::std::time::SystemTime> {
                        self.expiry.time()
                    }

                    /// How long the token stays valid by the system clock (zero once it has
                    /// expired), if the expiry is known.
                    pub fn expires_in(&self) -> Option<::std::time::Duration> {
                        self.expiry.remaining()
                    }

                    /// Whether the token has expired by the system clock; never when the
                    /// expiry is unknown.
                    pub fn is_expired(&self) -> bool {
                        self.expiry.is_expired()
                    }

                    /// The expiry, to ask at a time of your own (`is_expired_at`) or with a
                    /// safety margin (`expires_within`).
                    pub fn expiry(&self) -> #rt::Expiry {
                        self.expiry
                    }
                },
            )
        }
    };

    let (refresh_decl, refresh_init, refresh_method) = match &s.refresh_token {
        None => (quote! {}, quote! {}, quote! {}),
        Some(located) => {
            let (read, from) = optional_located(&login, endpoint, located);
            let rotated = if s
                .refresh
                .as_ref()
                .is_some_and(|r| r.refresh_token.is_some())
            {
                " After a refresh that rotates it, from the refresh answer."
            } else {
                ""
            };
            let doc = format!("The refresh token, from {from}, when the login gave one.{rotated}");
            let doc = super::docs([doc.as_str()]);
            (
                quote! { refresh_token: Option<#rt::Secret>, },
                quote! { let refresh_token = #read; },
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
    let base = if let Some(p) = &s.base_url {
        let wire = &p.wire;
        match read_path(&login, p) {
            (expr, true) => quote! {
                let base_url = match #expr {
                    Some(url) => #rt::BaseUrl::from_server(#wire, url)?,
                    None => Clone::clone(base_url),
                };
            },
            (expr, false) => quote! { let base_url = #rt::BaseUrl::from_server(#wire, &#expr)?; },
        }
    } else if s.variables.is_empty() {
        quote! { let base_url = Clone::clone(base_url); }
    } else {
        let b = cx.svc.base_url.as_ref();
        let args = b.map(|b| {
            b.variables
                .iter()
                .enumerate()
                .map(|(i, v)| match s.variables.iter().find(|(vi, _)| *vi == i) {
                    Some((_, path)) => {
                        let read = take_path(&login, path, rt);
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
    let base_doc = if let Some(p) = &s.base_url {
        let absent = if p.steps.iter().any(|s| s.optional) {
            " When the answer leaves it out: the one the login was sent to."
        } else {
            ""
        };
        format!(
            "The base URL of later calls: the whole URL of the response field `{}` after checking it (`https`, or `http` to a loopback host; no user information, query or fragment).{absent}",
            p.wire
        )
    } else if s.variables.is_empty() {
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
                /// How later calls carry the token.
                fn credential(&self) -> #rt::Credential<'_> {
                    #credential
                }

                #authorize_doc
                pub fn authorize<B>(&self, request: &mut #rt::http::Request<B>) -> Result<(), #rt::BuildError> {
                    #rt::authorize(request, self.credential())
                }

                /// Sends a request of an endpoint that uses the session (`auth: session`)
                /// through `client`: to the session's base URL, with its token, and decodes
                /// the answer into the endpoint's response or its typed error.
                pub async fn send<R: #rt::Endpoint<Client = Session>>(&self, client: &Client, request: R) -> #rt::CallResult<R> {
                    #rt::send_with(client.transport(), &self.base_url, &request, Some(self.credential())).await
                }

                /// Starts an authenticated request for a later call: `path` (starting with `/`)
                /// below the session's base URL, with an empty body.
                pub fn request(&self, method: #rt::http::Method, path: &str) -> Result<#rt::http::Request<#rt::Body>, #rt::BuildError> {
                    let mut request = #rt::request_empty(method, self.base_url.join(path))?;
                    self.authorize(&mut request)?;
                    Ok(request)
                }
            }
        }
    };

    let verification = s.verification_required.as_ref().map(|p| {
        let value = match read_path(&quote! { login }, p) {
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
    let ends = ends(cx, s, false);
    let from_session = refresh_request(cx, s);
    let build = quote! {
        let token = #token;
        #expiry_init
        #refresh_init
        #base
        Ok(Self { token, base_url, #expiry_field #refresh_field login })
    };
    // A lifetime counts from when the answer was received: `new` takes that as now, and
    // `new_at` from the caller (a clock of its own, a test).
    let new = if relative {
        quote! {
            /// Starts a session from a successful login that was sent to `base_url` and
            /// answered just now.
            pub fn new(login: #response, base_url: &#rt::BaseUrl) -> Result<Self, #rt::SessionError> {
                Self::new_at(login, base_url, ::std::time::SystemTime::now())
            }

            /// Starts a session from a successful login that was sent to `base_url` and
            /// answered at `received`, from which the token's lifetime counts.
            pub fn new_at(login: #response, base_url: &#rt::BaseUrl, received: ::std::time::SystemTime) -> Result<Self, #rt::SessionError> {
                #build
            }
        }
    } else {
        quote! {
            /// Starts a session from a successful login that was sent to `base_url`.
            pub fn new(login: #response, base_url: &#rt::BaseUrl) -> Result<Self, #rt::SessionError> {
                #build
            }
        }
    };
    let session = quote! {
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
            #new

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
            #ends
        }
    };
    quote! { #session #from_session }
}

/// The arguments of the refresh request's `new`, in order: the session's refresh token
/// (`refresh_token`, an expression) where the spec puts it (a body field, or else the
/// credential), and the caller's values for everything else.
struct RefreshArguments {
    /// `name: Type` of each value the caller gives.
    params: Vec<TokenStream>,
    /// The names of those values, to pass them on.
    names: Vec<TokenStream>,
    /// The arguments of `new`.
    args: Vec<TokenStream>,
}

fn refresh_arguments(
    cx: &Ctx<'_>,
    r: &ir::Refresh,
    shape: &ir::Shape,
    refresh_token: &TokenStream,
) -> RefreshArguments {
    let rt = cx.rt;
    let e = &cx.svc.endpoints[r.endpoint];
    let mut out = RefreshArguments {
        params: Vec::new(),
        names: Vec::new(),
        args: Vec::new(),
    };
    let mut push = |name: &str, ty: TokenStream, takes_token: bool| {
        if takes_token {
            out.args.push(refresh_token.clone());
        } else {
            let n = to_ident(name);
            out.params.push(quote! { #n: #ty });
            out.names.push(quote! { #n });
            out.args.push(quote! { #n });
        }
    };
    if let Some(a) = shape.auth {
        let scheme = &cx.svc.auth[a];
        let ty = match scheme.kind {
            ir::AuthKind::Basic => quote! { #rt::BasicCredentials },
            _ => quote! { impl Into<#rt::Secret> },
        };
        push(&scheme.name.rust, ty, r.field.is_none());
    }
    for p in e.params.iter().filter(|p| p.required) {
        push(&p.name.rust, super::param_type(cx, &p.ty).0, false);
    }
    for f in shape.fields.iter().filter(|f| f.asked()) {
        let takes_token = r.field.as_ref() == Some(&f.name.rust);
        push(&f.name.rust, super::param_type(cx, &f.ty).0, takes_token);
    }
    out
}

/// `<Refresh>Request::from_session`: the refresh request with the session's refresh token
/// where the spec says it goes.
fn refresh_request(cx: &Ctx<'_>, s: &ir::Session) -> TokenStream {
    let rt = cx.rt;
    let Some(r) = &s.refresh else {
        return quote! {};
    };
    let e = &cx.svc.endpoints[r.endpoint];
    let ir::Request::Single(shape) = &e.request else {
        return quote! {};
    };
    let name = to_ident(&shape.rust);
    // The session's refresh token goes straight into its argument: a local variable could
    // hide a caller's argument of the same name.
    let refresh_token = quote! {
        Clone::clone(
            session.refresh_token.as_ref().ok_or(#rt::SessionError::Missing { field: "refresh_token" })?,
        )
    };
    let RefreshArguments { params, args, .. } = refresh_arguments(cx, r, shape, &refresh_token);
    let doc = format!(
        "The `{}` request that renews `session`, with its refresh token{}.",
        e.name.wire,
        match &r.field {
            Some(_) => " in the body",
            None => " as the request's credential",
        }
    );
    let doc = docs([doc.as_str()]);
    quote! {
        impl #name {
            #doc
            pub fn from_session(session: &Session, #(#params),*) -> Result<Self, #rt::SessionError> {
                Ok(Self::new(#(#args),*))
            }
        }
    }
}

/// `refresh` and `logout` on the session (`blocking`: their blocking twins).
pub(super) fn ends(cx: &Ctx<'_>, s: &ir::Session, blocking: bool) -> TokenStream {
    let rt = cx.rt;
    let super::Flavour {
        client,
        asyncness,
        await_,
        send_with: send,
        suffix,
        ..
    } = super::Flavour::of(rt, blocking);
    let refresh = s.refresh.as_ref().map(|r| {
        let e = &cx.svc.endpoints[r.endpoint];
        let ir::Request::Single(shape) = &e.request else {
            return quote! {};
        };
        let request = to_ident(&shape.rust);
        let response = to_ident(&e.success.rust);
        let error = to_ident(&e.error_rust);
        let RefreshArguments { params, names, .. } =
            refresh_arguments(cx, r, shape, &TokenStream::new());
        let credential = if e.uses_session {
            quote! { Some(self.credential()) }
        } else {
            quote! { None }
        };
        let method = quote::format_ident!("refresh{suffix}");
        let doc = format!(
            "Renews the session with `{} {}`: sends its refresh token, then takes the new token, expiry and (when the answer rotates it) refresh token. The request goes to `client`'s base URL, where the login went. On failure the session is left as it was; a refresh is never retried.",
            e.method, e.path
        );
        let doc = docs([doc.as_str()]);
        let renew = (!blocking).then(|| renew_at(cx, s, r, &response));
        let fresh = r.before_expiry.map(|secs| {
            let method = quote::format_ident!("send_fresh{suffix}");
            let refresh = quote::format_ident!("refresh{suffix}");
            let send = quote::format_ident!("send{suffix}");
            let doc = format!(
                "Sends a request of an endpoint that uses the session, as `send{suffix}` does, renewing the session first when its token expires within {secs} s (`refresh.before_expiry`). A failed renewal is `CallError::Refresh`, and the request is then not sent."
            );
            let doc = docs([doc.as_str()]);
            let secs = proc_macro2::Literal::u64_unsuffixed(secs);
            quote! {
                #doc
                pub #asyncness fn #method<R: #rt::Endpoint<Client = Session>>(&mut self, client: &#client, request: R) -> #rt::CallResult<R> {
                    if self.expiry.expires_within(::std::time::Duration::from_secs(#secs)) {
                        self.#refresh(client)#await_.map_err(|e| #rt::CallError::Refresh(Box::new(e)))?;
                    }
                    self.#send(client, request)#await_
                }
            }
        });
        quote! {
            #doc
            pub #asyncness fn #method(&mut self, client: &#client, #(#params),*) -> Result<(), #rt::CallError<#error>> {
                let request = #request::from_session(self, #(#names),*).map_err(#rt::CallError::Session)?;
                let answer = #send(client.transport(), client.base_url(), &request, #credential)#await_?;
                self.renew_at(answer, ::std::time::SystemTime::now()).map_err(#rt::CallError::Session)
            }

            #renew
            #fresh
        }
    });
    let logout = s.logout.map(|i| {
        let e = &cx.svc.endpoints[i];
        let request = to_ident(match &e.request {
            ir::Request::Single(shape) => &shape.rust,
            ir::Request::Variants { rust, .. } => rust,
        });
        let response = to_ident(&e.response_rust);
        let error = to_ident(&e.error_rust);
        let method = quote::format_ident!("logout{suffix}");
        let doc = format!(
            "Ends the session with `{} {}`, which carries its token. The session is used up: on success it is gone, and on failure `NotEnded` hands it back with the error.",
            e.method, e.path
        );
        let doc = docs([doc.as_str()]);
        quote! {
            #doc
            pub #asyncness fn #method(self, client: &#client, request: impl Into<#request>) -> Result<#response, #rt::NotEnded<Self, #error>> {
                let request = request.into();
                #send(client.transport(), &self.base_url, &request, Some(self.credential()))#await_
                    .map_err(|error| #rt::NotEnded { session: self, error })
            }
        }
    });
    quote! { #refresh #logout }
}

/// `Session::renew_at`: the session after a refresh answer received at `received`.
fn renew_at(
    cx: &Ctx<'_>,
    s: &ir::Session,
    r: &ir::Refresh,
    response: &proc_macro2::Ident,
) -> TokenStream {
    let rt = cx.rt;
    let e = &cx.svc.endpoints[r.endpoint];
    let answer = quote! { answer };
    let (token, _) = take_located(cx, &answer, e, &r.token);
    let has_expiry = s.expiry.is_some() || r.expiry.is_some();
    let expiry = match (&r.expiry, has_expiry) {
        (Some(expiry), _) => {
            let (init, _) = expiry_init(cx, &answer, expiry);
            quote! { self.expiry = #init; }
        }
        // A new token whose answer states no expiry: its expiry is unknown.
        (None, true) => quote! { self.expiry = #rt::Expiry::UNKNOWN; },
        (None, false) => quote! {},
    };
    let uses_received = matches!(r.expiry, Some(ir::Expiry::In(..)));
    let received = (!uses_received).then(|| quote! { let _ = received; });
    let rotate = r.refresh_token.as_ref().map(|located| {
        let (read, _) = optional_located(&answer, e, located);
        quote! {
            if let Some(rotated) = #read {
                self.refresh_token = Some(rotated);
            }
        }
    });
    quote! {
        /// Takes the new token, expiry and rotated refresh token from a refresh answer
        /// received at `received` (sans-IO; `refresh` does this with the answer it gets).
        pub fn renew_at(&mut self, answer: #response, received: ::std::time::SystemTime) -> Result<(), #rt::SessionError> {
            #received
            let token = #token;
            #expiry
            #rotate
            self.token = token;
            Ok(())
        }
    }
}
