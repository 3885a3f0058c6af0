//! Stage 3 model: a checked spec, with every name decided and every reference resolved.
//!
//! `check` builds it and is the only way to get one, so emitters may trust it: names are
//! valid, unique Rust identifiers, indices point into the service's tables, and paths
//! lead to fields of the stated type. Emitters never see raw YAML.

/// A name on the wire and its Rust identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// As written in the spec and sent on the wire.
    pub wire: String,
    /// The Rust identifier (already escaped).
    pub rust: String,
}

/// One service: everything generated from one spec file.
#[derive(Debug, Clone)]
pub struct Service {
    /// The spec file, as named in diagnostics and in the generated header.
    pub file: String,
    /// The generated module's name.
    pub module: String,
    /// Human name of the service.
    pub title: String,
    /// Description and notes, as doc paragraphs.
    pub docs: Vec<String>,
    /// The base URL, when the document gives one.
    pub base_url: Option<BaseUrl>,
    /// Credential schemes.
    pub auth: Vec<AuthScheme>,
    /// Every struct type of fields and bodies, in the order they were met.
    pub objects: Vec<Object>,
    /// Every enum type of fields.
    pub enums: Vec<Enum>,
    /// The endpoints.
    pub endpoints: Vec<Endpoint>,
    /// The error statuses any endpoint may answer; each endpoint's `errors` holds those
    /// it does not document itself.
    pub errors: Vec<ErrorStatus>,
    /// The session a login leaves behind.
    pub session: Option<Session>,
    /// Websocket messages after login.
    pub websocket: Option<Websocket>,
}

/// A base URL, possibly templated.
#[derive(Debug, Clone)]
pub struct BaseUrl {
    /// The template as written (`https://rest-{tier}.immedia-semi.com`).
    pub template: String,
    /// The template cut into literal text and variables.
    pub parts: Vec<UrlPart>,
    /// The variables, in order of first use.
    pub variables: Vec<Variable>,
}

impl BaseUrl {
    /// The URL with every variable at its default, if every variable has one.
    pub fn default_url(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                UrlPart::Literal(text) => out.push_str(text),
                UrlPart::Variable(i) => out.push_str(self.variables[*i].default.as_deref()?),
            }
        }
        Some(out)
    }
}

/// A piece of a base URL template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlPart {
    /// Text copied as is.
    Literal(String),
    /// Index into [`BaseUrl::variables`].
    Variable(usize),
}

/// A base URL variable; its values are host labels.
#[derive(Debug, Clone)]
pub struct Variable {
    /// Name in the template and Rust parameter name.
    pub name: Name,
    /// Value before a session sets it.
    pub default: Option<String>,
    /// What it means.
    pub doc: Option<String>,
    /// Longest accepted value.
    pub max_len: usize,
}

/// A credential scheme.
#[derive(Debug, Clone)]
pub struct AuthScheme {
    /// Its name in the spec; `rust` names request fields that carry it.
    pub name: Name,
    /// How it is sent.
    pub kind: AuthKind,
    /// What it is.
    pub doc: Option<String>,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    /// HTTP Basic.
    Basic,
    /// `Authorization: Bearer`.
    Bearer,
    /// A header of this name.
    Header(String),
    /// A cookie of this name.
    Cookie(String),
}

/// A generated struct.
#[derive(Debug, Clone)]
pub struct Object {
    /// Rust type name.
    pub rust: String,
    /// What it is.
    pub doc: Option<String>,
    /// Its fields, in spec order.
    pub fields: Vec<Field>,
    /// Whether a request holds it (at any depth), so that callers build it: it then
    /// gets `new` and `with_*` setters as request types do.
    pub in_request: bool,
    /// Where it says what went wrong, when it is the body of an error status (every
    /// status whose body it is reads it alike).
    pub error: Option<ErrorReads>,
    /// Its alternative shapes, when it has any: it is then an enum over one struct per
    /// shape (each an object of its own), which only requests hold.
    pub variants: Vec<ObjectVariant>,
    /// Whether it can be decoded: it holds no alternative shapes and no constant, at any
    /// depth.
    pub decodable: bool,
}

/// One alternative shape of an object.
#[derive(Debug, Clone)]
pub struct ObjectVariant {
    /// Spec name and enum variant name.
    pub name: Name,
    /// Index into [`Service::objects`] of its struct.
    pub object: usize,
}

/// What an error body says of itself, and where: its code, the server's message and a
/// hint of when to send again. Each is absent when the spec does not name it.
#[derive(Debug, Clone, Default)]
pub struct ErrorReads {
    /// Where the body holds the error code, and its enum (index into
    /// [`Service::enums`]).
    pub code: Option<(FieldPath, usize)>,
    /// Where the body holds the server's message (a string).
    pub message: Option<FieldPath>,
    /// Where the body holds how long to wait before sending again (an integer), and in
    /// which unit.
    pub retry_after: Option<(FieldPath, crate::spec::TimeUnit)>,
}

/// A field of a struct.
#[derive(Debug, Clone)]
pub struct Field {
    /// Wire and Rust names.
    pub name: Name,
    /// Its type.
    pub ty: Type,
    /// Whether it must be present; optional fields are `Option`.
    pub required: bool,
    /// What it means.
    pub doc: Option<String>,
    /// Deprecation note, if deprecated.
    pub deprecated: Option<String>,
    /// A fixed value (JSON text) sent always and never asked of the caller; only fields
    /// of what requests send have one.
    pub constant: Option<String>,
}

impl Field {
    /// Whether a request's `new` asks the caller for this field: it is required, and the
    /// spec neither fixes its value nor makes it always `null`.
    pub fn asked(&self) -> bool {
        self.required && self.constant.is_none() && self.ty != Type::Null
    }
}

/// A field type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// A string.
    String,
    /// A 64-bit signed integer.
    Integer,
    /// A 64-bit float.
    Number,
    /// A boolean.
    Boolean,
    /// A UUID.
    Uuid,
    /// An RFC 3339 timestamp.
    Timestamp,
    /// Milliseconds since the Unix epoch.
    UnixMs,
    /// Seconds since the Unix epoch.
    UnixS,
    /// A string that must never be shown.
    Secret,
    /// Index into [`Service::enums`].
    Enum(usize),
    /// Index into [`Service::objects`].
    Object(usize),
    /// A list.
    Array(Box<Type>),
    /// A map from strings.
    Map(Box<Type>),
    /// Any JSON value, kept as it is (`serde_json::Value`).
    Any,
    /// Always `null` (`()`): a member a server sends but never fills.
    Null,
}

/// A generated enum that keeps unknown values.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Rust type name.
    pub rust: String,
    /// What it is.
    pub doc: Option<String>,
    /// The documented values.
    pub values: Vec<EnumValue>,
}

/// One documented enum value.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// Wire value and Rust variant name.
    pub name: Name,
    /// What it means.
    pub doc: Option<String>,
}

/// One endpoint.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// Spec name and snake-case Rust name.
    pub name: Name,
    /// UpperCamel prefix of its types (`Login`).
    pub prefix: String,
    /// HTTP method, upper case.
    pub method: String,
    /// Path below the base URL.
    pub path: String,
    /// Summary, description and notes.
    pub docs: Vec<String>,
    /// Deprecation note, if deprecated.
    pub deprecated: Option<String>,
    /// Fixed request headers.
    pub headers: Vec<(String, String)>,
    /// Path and query parameters, in spec order.
    pub params: Vec<Param>,
    /// The path: literal text and path parameters (indexes into `params`).
    pub path_parts: Vec<PathPart>,
    /// Whether the request is sent by the session, with its credential (`auth: session`).
    pub uses_session: bool,
    /// What a caller builds.
    pub request: Request,
    /// The success response: the first documented 2xx.
    pub success: Success,
    /// The other documented 2xx, in spec order; with any, the response type is an enum
    /// named `response_rust` with one variant per success.
    pub more_successes: Vec<Success>,
    /// Rust name of the type a call gives: `success.rust`, or the enum over successes.
    pub response_rust: String,
    /// Documented error statuses.
    pub errors: Vec<ErrorStatus>,
    /// Rust name of the error enum.
    pub error_rust: String,
}

/// A path or query parameter of an endpoint.
#[derive(Debug, Clone)]
pub struct Param {
    /// Spec name (the query key) and Rust field name.
    pub name: Name,
    /// Where it goes.
    pub location: crate::spec::ParameterIn,
    /// `String`, `Integer`, `Boolean` or `Uuid`.
    pub ty: Type,
    /// Whether it must be given (always for a path parameter).
    pub required: bool,
    /// What it means.
    pub doc: Option<String>,
}

/// A piece of an endpoint's path.
#[derive(Debug, Clone)]
pub enum PathPart {
    /// Text as written.
    Literal(String),
    /// Index into [`Endpoint::params`].
    Param(usize),
}

/// The request type of an endpoint (or a websocket message).
#[derive(Debug, Clone)]
pub enum Request {
    /// One struct.
    Single(Shape),
    /// An enum over variant structs.
    Variants {
        /// Rust name of the enum.
        rust: String,
        /// The variants.
        variants: Vec<RequestVariant>,
    },
}

impl Request {
    /// Its structs: the one, or each variant's.
    pub fn shapes(&self) -> Vec<&Shape> {
        match self {
            Request::Single(shape) => vec![shape],
            Request::Variants { variants, .. } => variants.iter().map(|v| &v.shape).collect(),
        }
    }
}

/// One request variant.
#[derive(Debug, Clone)]
pub struct RequestVariant {
    /// Spec name and enum variant name.
    pub name: Name,
    /// Its struct.
    pub shape: Shape,
    /// Deprecation note, if deprecated.
    pub deprecated: Option<String>,
}

/// A request struct: body fields, groups and the credential it carries.
#[derive(Debug, Clone)]
pub struct Shape {
    /// Rust type name.
    pub rust: String,
    /// What it is.
    pub doc: Option<String>,
    /// Body fields outside every group, in order.
    pub fields: Vec<Field>,
    /// At-least-one-of groups.
    pub groups: Vec<Group>,
    /// Index into [`Service::auth`] of the credential it carries.
    pub auth: Option<usize>,
    /// Whether a JSON body is sent.
    pub has_body: bool,
}

/// Optional fields of which at least one must be set.
#[derive(Debug, Clone)]
pub struct Group {
    /// Rust type name.
    pub rust: String,
    /// Rust name of the field holding it.
    pub field: String,
    /// The members; all optional on the wire.
    pub members: Vec<Field>,
}

/// The success response of an endpoint.
#[derive(Debug, Clone)]
pub struct Success {
    /// Status code.
    pub status: u16,
    /// Variant name in the response enum, when the endpoint documents several successes.
    pub variant: String,
    /// Rust name of the response struct.
    pub rust: String,
    /// What it means.
    pub doc: Option<String>,
    /// Index into [`Service::objects`] of the body.
    pub body: Option<usize>,
    /// Documented headers.
    pub headers: Vec<Header>,
    /// Documented cookies.
    pub cookies: Vec<Header>,
}

/// A response header or cookie.
#[derive(Debug, Clone)]
pub struct Header {
    /// Header or cookie name, and Rust field name.
    pub name: Name,
    /// Whether it is a secret.
    pub secret: bool,
    /// What its value is (a cookie's is text).
    pub kind: HeaderKind,
    /// Whether it must be present.
    pub required: bool,
    /// What it means.
    pub doc: Option<String>,
}

/// What a response header holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderKind {
    /// Text (`string` or `secret`).
    Text,
    /// A whole number (`integer`, `i64`).
    Integer,
    /// A retry hint (`retry_after`: seconds or an HTTP date, `runtime::RetryAfter`).
    RetryAfter,
    /// An RFC 3339 date-time (`timestamp`, `runtime::Timestamp`).
    Timestamp,
    /// Seconds since the Unix epoch (`unix_s`, `runtime::UnixSeconds`).
    UnixS,
    /// Milliseconds since the Unix epoch (`unix_ms`, `runtime::UnixMillis`).
    UnixMs,
    /// An HTTP date (`http_date`, `Wed, 21 Oct 2015 07:28:00 GMT`: a `SystemTime`).
    HttpDate,
    /// A number of seconds (`duration_s`: a `Duration`).
    DurationS,
}

impl HeaderKind {
    /// The kind of header a spec type names (`None` for one that is no header type).
    pub fn of(ty: &str) -> Option<Self> {
        Some(match ty {
            "string" | "secret" => HeaderKind::Text,
            "integer" => HeaderKind::Integer,
            "retry_after" => HeaderKind::RetryAfter,
            "timestamp" => HeaderKind::Timestamp,
            "unix_s" => HeaderKind::UnixS,
            "unix_ms" => HeaderKind::UnixMs,
            "http_date" => HeaderKind::HttpDate,
            "duration_s" => HeaderKind::DurationS,
            _ => return None,
        })
    }
}

/// A documented error status.
#[derive(Debug, Clone)]
pub struct ErrorStatus {
    /// Status code.
    pub status: u16,
    /// Rust variant name.
    pub variant: String,
    /// What it means.
    pub doc: Option<String>,
    /// Index into [`Service::objects`] of the body; what it says of itself is
    /// [`Object::error`].
    pub body: Option<usize>,
    /// Whether it is one of the service's errors ([`Service::errors`]), whose types are
    /// generated once for every endpoint.
    pub shared: bool,
    /// Documented headers; with any header or cookie, the variant holds a struct named
    /// `rust` with the body (when there is one) and a field for each.
    pub headers: Vec<Header>,
    /// Documented cookies.
    pub cookies: Vec<Header>,
    /// Rust name of that struct, when there are headers or cookies.
    pub rust: Option<String>,
}

/// What a login leaves behind.
#[derive(Debug, Clone)]
pub struct Session {
    /// Index into [`Service::endpoints`] of the login.
    pub endpoint: usize,
    /// Where the token is.
    pub token: Located,
    /// Index into [`Service::auth`] of how later calls carry it.
    pub send_as: Option<usize>,
    /// Base URL variables set from the response: (variable index, field).
    pub variables: Vec<(usize, FieldPath)>,
    /// A response field holding the whole base URL of later calls.
    pub base_url: Option<FieldPath>,
    /// When the token expires.
    pub expiry: Option<Expiry>,
    /// Where the refresh token is.
    pub refresh_token: Option<Located>,
    /// A boolean that, when true, means the login needs a verification step.
    pub verification_required: Option<FieldPath>,
    /// How the session is renewed.
    pub refresh: Option<Refresh>,
    /// Index into [`Service::endpoints`] of the endpoint that ends the session.
    pub logout: Option<usize>,
}

/// How a session is renewed.
#[derive(Debug, Clone)]
pub struct Refresh {
    /// Index into [`Service::endpoints`] of the refresh endpoint.
    pub endpoint: usize,
    /// Rust name of the request body field that takes the refresh token; `None` when the
    /// endpoint's auth scheme carries it.
    pub field: Option<String>,
    /// Where the new token is in the refresh answer.
    pub token: Located,
    /// The new expiry.
    pub expiry: Option<Expiry>,
    /// Where a rotated refresh token is.
    pub refresh_token: Option<Located>,
    /// Seconds before expiry from which `send_fresh` renews the session first.
    pub before_expiry: Option<u64>,
}

/// Where a value of the success answer is.
#[derive(Debug, Clone)]
pub enum Located {
    /// A body field.
    Field(FieldPath),
    /// Index into the success headers.
    Header(usize),
    /// Index into the success cookies.
    Cookie(usize),
}

/// How the success answer states the token's expiry.
#[derive(Debug, Clone)]
pub enum Expiry {
    /// A point in time (`unix_ms`, `unix_s` or `timestamp` field).
    At(FieldPath),
    /// A lifetime (`integer` field) counted from when the answer was received.
    In(FieldPath, crate::spec::TimeUnit),
}

/// A path to a field inside a decoded body (`account.tier`, `errors[0].code`), through
/// objects and, where the spec may say so, array items.
#[derive(Debug, Clone)]
pub struct FieldPath {
    /// As written (`auth.token`).
    pub wire: String,
    /// The steps, from the body down.
    pub steps: Vec<PathStep>,
    /// The type of the last field (of its item, after `[N]`).
    pub ty: Type,
}

/// One step of a [`FieldPath`]: a field, whether it is optional, and the array items
/// taken inside it, outermost first.
#[derive(Debug, Clone)]
pub struct PathStep {
    /// Rust field name.
    pub rust: String,
    /// Whether the field is optional (`Option`).
    pub optional: bool,
    /// Item indexes taken in the field's value (`[0]`), each inside the one before.
    pub items: Vec<usize>,
}

/// Websocket messages exchanged after the HTTP login.
#[derive(Debug, Clone)]
pub struct Websocket {
    /// What the socket is for.
    pub doc: Option<String>,
    /// Envelope keys.
    pub request_key: String,
    /// Envelope key of responses.
    pub response_key: String,
    /// Key of the correlation id.
    pub id_key: String,
    /// The messages.
    pub messages: Vec<Message>,
}

/// One websocket request and its response.
#[derive(Debug, Clone)]
pub struct Message {
    /// Key inside the request envelope, and Rust names.
    pub name: Name,
    /// UpperCamel prefix of its types.
    pub prefix: String,
    /// What it does.
    pub doc: Option<String>,
    /// Deprecation note, if deprecated.
    pub deprecated: Option<String>,
    /// The request type.
    pub request: Request,
    /// Rust names of request fields filled from the session token.
    pub token_fields: Vec<String>,
    /// Index into [`Service::objects`] of the response.
    pub response: usize,
    /// Rust name of the boolean response field that is false when the request failed.
    pub success: Option<String>,
}
