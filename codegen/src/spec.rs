//! Stage 1 model: a serde mirror of a spec file, exactly as written.
//!
//! `load` fills these types from YAML; `check` turns them into the IR. Unknown keys
//! are rejected and maps keep the order of the file (duplicate keys are errors).
//! There is no logic here beyond deserialisation; every judgement lives in `check`.
//! The language is documented key by key in `docs/spec-language.md`.

use std::collections::HashSet;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};

/// A YAML mapping that keeps the file's order and rejects a key written twice.
#[derive(Debug, Clone, PartialEq)]
pub struct Map<T>(pub Vec<(String, T)>);

impl<T> Default for Map<T> {
    fn default() -> Self {
        Map(Vec::new())
    }
}

impl<T> Map<T> {
    /// The entries in file order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &T)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The keys in file order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// Whether the mapping has no entry.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Up to this many keys, a mapping is scanned for a duplicate instead of hashed.
const SCANNED_KEYS: usize = 32;

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Map<T> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for MapVisitor<T> {
            type Value = Map<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping")
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                // `key:` with nothing after it is an empty mapping.
                Ok(Map::default())
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(String, T)> = Vec::new();
                // Small mappings are scanned; a large one (the endpoints of a big spec)
                // gets a set of its keys, so finding duplicates stays linear.
                let mut keys: Option<HashSet<String>> = None;
                while let Some(key) = access.next_key::<Key>()? {
                    let duplicate = match &mut keys {
                        Some(keys) => !keys.insert(key.0.clone()),
                        None => {
                            let duplicate = entries.iter().any(|(k, _)| *k == key.0);
                            if entries.len() >= SCANNED_KEYS {
                                let mut set: HashSet<String> =
                                    entries.iter().map(|(k, _)| k.clone()).collect();
                                set.insert(key.0.clone());
                                keys = Some(set);
                            }
                            duplicate
                        }
                    };
                    if duplicate {
                        return Err(de::Error::custom(format_args!(
                            "duplicate key `{}`: each key may appear once in a mapping",
                            key.0
                        )));
                    }
                    let value = access.next_value()?;
                    entries.push((key.0, value));
                }
                Ok(Map(entries))
            }
        }

        deserializer.deserialize_any(MapVisitor(PhantomData))
    }
}

/// A mapping key: YAML allows `200:` as well as `name:`; both are kept as text.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl Visitor<'_> for KeyVisitor {
            type Value = Key;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or integer key")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_owned()))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
        }

        deserializer.deserialize_any(KeyVisitor)
    }
}

/// A whole spec file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// Version of the spec language; only `1` exists.
    pub loginspec: u32,
    /// The service being described.
    pub service: Service,
    /// Named object and enum types that fields can refer to with `type: Name`.
    #[serde(default)]
    pub types: Map<NamedType>,
    /// Named credential schemes, used by endpoints, variants and sessions.
    #[serde(default)]
    pub auth: Map<AuthScheme>,
    /// Error statuses any endpoint may answer (a `429`, a `500`), by status code; an
    /// endpoint that documents the same status itself uses its own.
    #[serde(default)]
    pub errors: Map<Response>,
    /// The documented endpoints, by name.
    pub endpoints: Map<Endpoint>,
    /// Websocket messages exchanged after the HTTP login.
    #[serde(default)]
    pub websocket: Option<Websocket>,
}

/// The service: its name, docs and base URL.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Module name of the generated client (`blink`).
    pub name: String,
    /// Human name (`Blink`).
    #[serde(default)]
    pub title: Option<String>,
    /// What the service is.
    #[serde(default)]
    pub description: Option<String>,
    /// Base URL, possibly with `{variable}` placeholders in the host.
    #[serde(default)]
    pub base_url: Option<String>,
    /// The placeholders of `base_url`.
    #[serde(default)]
    pub variables: Map<Variable>,
    /// Free-text notes from the document.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// One `{variable}` of the base URL.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    /// Value used before a session sets it.
    #[serde(default)]
    pub default: Option<String>,
    /// What the variable means.
    #[serde(default)]
    pub description: Option<String>,
    /// Longest accepted value (at most 63, a host label's limit).
    #[serde(default)]
    pub max_length: Option<u32>,
}

/// A credential scheme.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum AuthScheme {
    /// HTTP Basic: `Authorization: Basic base64(user:password)`.
    Basic {
        /// What the credentials are.
        #[serde(default)]
        description: Option<String>,
    },
    /// `Authorization: Bearer <token>`.
    Bearer {
        /// What the token is.
        #[serde(default)]
        description: Option<String>,
    },
    /// A token in a header of its own.
    Header {
        /// The header's name.
        header: String,
        /// What the token is.
        #[serde(default)]
        description: Option<String>,
    },
    /// A token in a cookie.
    Cookie {
        /// The cookie's name.
        cookie: String,
        /// What the token is.
        #[serde(default)]
        description: Option<String>,
    },
}

/// `deprecated: true` or `deprecated: "why, and what to use instead"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Deprecated {
    /// A flag.
    Flag(bool),
    /// A note; implies deprecation.
    Note(String),
}

/// One documented endpoint.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// HTTP method, upper case.
    pub method: String,
    /// Path below the base URL, starting with `/`.
    pub path: String,
    /// One-line title.
    #[serde(default)]
    pub summary: Option<String>,
    /// What the endpoint does.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether the endpoint is deprecated.
    #[serde(default)]
    pub deprecated: Option<Deprecated>,
    /// Auth scheme every request of this endpoint carries.
    #[serde(default)]
    pub auth: Option<String>,
    /// Fixed request headers.
    #[serde(default)]
    pub headers: Map<String>,
    /// Path (`/users/{user_id}`) and query parameters, by name.
    #[serde(default)]
    pub parameters: Map<Parameter>,
    /// The JSON request body.
    #[serde(default)]
    pub body: Option<Body>,
    /// Responses by status code.
    pub responses: Map<Response>,
    /// What a successful call leaves behind for later calls.
    #[serde(default)]
    pub session: Option<Session>,
    /// Documented example exchanges.
    #[serde(default)]
    pub examples: Vec<Example>,
    /// Free-text notes.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// A path or query parameter of an endpoint.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// Where it goes: `path` (a `{name}` of the endpoint's path) or `query`.
    #[serde(rename = "in")]
    pub location: ParameterIn,
    /// `string`, `integer`, `boolean` or `uuid`.
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether it must be given (default `true`; path parameters always are).
    #[serde(default)]
    pub required: Option<bool>,
    /// What it means.
    #[serde(default)]
    pub description: Option<String>,
    /// Rust name to use instead of the converted wire name.
    #[serde(default)]
    pub rust_name: Option<String>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParameterIn {
    /// A segment of the path.
    Path,
    /// A pair of the query string.
    Query,
}

/// A JSON request body (also a websocket request).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// Every field the body can carry.
    pub fields: Map<Field>,
    /// Groups of optional fields of which at least one must be given.
    #[serde(default)]
    pub at_least_one_of: Vec<Vec<String>>,
    /// Alternative shapes of the request; each lists the fields it carries.
    #[serde(default)]
    pub variants: Map<Variant>,
}

/// One alternative shape of a request, or of an object a request sends.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// When to use this shape.
    #[serde(default)]
    pub description: Option<String>,
    /// The body fields it carries, by name.
    pub fields: Vec<String>,
    /// Auth scheme this shape carries.
    #[serde(default)]
    pub auth: Option<String>,
    /// Whether this shape is deprecated (`true` or a note), beside a current one.
    #[serde(default)]
    pub deprecated: Option<Deprecated>,
    /// Fixed values of some of its fields in this shape (`grant_type: refresh_token`),
    /// by field name: sent always, never asked of the caller.
    #[serde(default, rename = "const")]
    pub constant: Map<serde_json::Value>,
}

/// A field of a body, object, header or cookie.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// `string`, `integer`, `number`, `boolean`, `uuid`, `timestamp`, `unix_ms`, `unix_s`,
    /// `secret`, `enum`, `object`, `array`, `map`, or the name of an entry of `types`.
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether the field must be present (default `true`).
    #[serde(default)]
    pub required: Option<bool>,
    /// What the field means.
    #[serde(default)]
    pub description: Option<String>,
    /// An example value.
    #[serde(default)]
    pub example: Option<serde_json::Value>,
    /// A fixed value: a field of what a request sends (at any depth) that is always sent
    /// and never asked of the caller.
    #[serde(default, rename = "const")]
    pub constant: Option<serde_json::Value>,
    /// Whether the field is deprecated.
    #[serde(default)]
    pub deprecated: Option<Deprecated>,
    /// Rust name to use instead of the converted wire name.
    #[serde(default)]
    pub rust_name: Option<String>,
    /// Rust type name of an `object` or `enum` field.
    #[serde(default)]
    pub type_name: Option<String>,
    /// Fields of an `object`.
    #[serde(default)]
    pub fields: Option<Map<Field>>,
    /// Element type of an `array`, value type of a `map`.
    #[serde(default)]
    pub items: Option<Box<Field>>,
    /// Values of an `enum`, each with its description.
    #[serde(default)]
    pub values: Option<Map<Option<String>>>,
    /// Alternative shapes of an `object` a request sends; each lists the fields it
    /// carries.
    #[serde(default)]
    pub variants: Option<Map<Variant>>,
}

/// A websocket response.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Object {
    /// What the object is.
    #[serde(default)]
    pub description: Option<String>,
    /// Its fields.
    pub fields: Map<Field>,
}

/// An entry of `types`: an object (`fields`) or an enum (`values`), which fields
/// anywhere refer to by its name.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedType {
    /// What the type is.
    #[serde(default)]
    pub description: Option<String>,
    /// An object's fields.
    #[serde(default)]
    pub fields: Option<Map<Field>>,
    /// An enum's values: wire value to description.
    #[serde(default)]
    pub values: Option<Map<Option<String>>>,
    /// Alternative shapes of an object a request sends; each lists the fields it
    /// carries.
    #[serde(default)]
    pub variants: Option<Map<Variant>>,
}

/// One documented response status.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// The document's name for the status (`bad_request`); defaults to the HTTP reason.
    #[serde(default)]
    pub name: Option<String>,
    /// What the status means.
    #[serde(default)]
    pub description: Option<String>,
    /// Documented response headers.
    #[serde(default)]
    pub headers: Map<Field>,
    /// Documented `Set-Cookie` cookies.
    #[serde(default)]
    pub cookies: Map<Field>,
    /// The JSON body.
    #[serde(default)]
    pub body: Option<ResponseBody>,
    /// The body field that carries an error code (an `enum`): a path such as `code`,
    /// `error.code` or `errors[0].code`.
    #[serde(default)]
    pub error_code: Option<String>,
    /// The body field that carries the server's message (a `string`), written as
    /// `error_code` is.
    #[serde(default)]
    pub error_message: Option<String>,
    /// The body field that says how long to wait before sending again, and its unit:
    /// `{ field: retry_after_ms, unit: ms }`.
    #[serde(default)]
    pub retry_after: Option<Lifetime>,
}

/// The body of a response: its fields, or the name of an object of `types` that many
/// statuses and endpoints share.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseBody {
    /// What the body is.
    #[serde(default)]
    pub description: Option<String>,
    /// Its fields.
    #[serde(default)]
    pub fields: Option<Map<Field>>,
    /// The `types` entry it is, instead of `fields`.
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
}

/// What a successful login leaves for later calls.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// Where the token is: a body field path (`auth.token`), a header or a cookie.
    pub token: Source,
    /// Auth scheme that carries the token on later calls.
    #[serde(default)]
    pub send_as: Option<String>,
    /// Base URL variables set from response fields (`tier: account.tier`).
    #[serde(default)]
    pub variables: Map<String>,
    /// Path of the response field holding the whole base URL of later calls.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Path of the response field holding the expiry (a `unix_ms`, `unix_s` or `timestamp`).
    #[serde(default)]
    pub expires_at: Option<String>,
    /// The token's lifetime, counted from when the answer was received.
    #[serde(default)]
    pub expires_in: Option<Lifetime>,
    /// Where the refresh token is: a body field path, a header or a cookie.
    #[serde(default)]
    pub refresh_token: Option<Source>,
    /// Path of a boolean response field that, when true, means a verification step is
    /// still needed before the session is usable.
    #[serde(default)]
    pub verification_required: Option<String>,
    /// The endpoint that renews the session with its refresh token, and what its answer
    /// gives.
    #[serde(default)]
    pub refresh: Option<Refresh>,
    /// Name of the endpoint that ends the session (`auth: session`).
    #[serde(default)]
    pub logout: Option<String>,
}

/// How a session is renewed: `{ endpoint: refresh, refresh_token_in: refresh_token,
/// token: access_token, expires_in: { field: expires_in, unit: s } }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Refresh {
    /// Name of the refresh endpoint.
    pub endpoint: String,
    /// The body field of the refresh request that takes the refresh token; without it, the
    /// endpoint's `auth` scheme carries it.
    #[serde(default)]
    pub refresh_token_in: Option<String>,
    /// Where the new token is in the refresh answer.
    pub token: Source,
    /// Path of the refresh answer's field holding the new expiry as a point in time.
    #[serde(default)]
    pub expires_at: Option<String>,
    /// The new token's lifetime in the refresh answer.
    #[serde(default)]
    pub expires_in: Option<Lifetime>,
    /// Where a rotated refresh token is in the refresh answer; when the answer leaves it
    /// out, the session keeps the one it has.
    #[serde(default)]
    pub refresh_token: Option<Source>,
    /// Seconds before expiry from which later calls (`send_fresh`) renew the session first.
    #[serde(default)]
    pub before_expiry: Option<u64>,
}

/// Where a value of the success answer is: `auth.token` (a body field path), or one of
/// `{ field: auth.token }`, `{ header: X-Session-Token }`, `{ cookie: sid }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A body field, by path.
    Field(String),
    /// A response header, by name.
    Header(String),
    /// A `Set-Cookie` cookie, by name.
    Cookie(String),
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SourceVisitor;

        const KEYS: &[&str] = &["field", "header", "cookie"];

        impl<'de> serde::de::Visitor<'de> for SourceVisitor {
            type Value = Source;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a body field path, or a mapping with one of `field`, `header` or `cookie`",
                )
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Source, E> {
                Ok(Source::Field(v.to_owned()))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Source, A::Error> {
                let mut found: Option<Source> = None;
                while let Some(key) = map.next_key::<String>()? {
                    let value: String = map.next_value()?;
                    let source = match key.as_str() {
                        "field" => Source::Field(value),
                        "header" => Source::Header(value),
                        "cookie" => Source::Cookie(value),
                        _ => return Err(serde::de::Error::unknown_field(&key, KEYS)),
                    };
                    if found.is_some() {
                        return Err(serde::de::Error::custom(
                            "a value comes from one place: give one of `field`, `header` or `cookie`",
                        ));
                    }
                    found = Some(source);
                }
                found.ok_or_else(|| {
                    serde::de::Error::custom(
                        "say where the value is: give one of `field`, `header` or `cookie`",
                    )
                })
            }
        }

        deserializer.deserialize_any(SourceVisitor)
    }
}

/// A lifetime or a delay stated by a response field: `{ field: expires_in, unit: s }`
/// (a session's expiry), `{ field: retry_after_ms, unit: ms }` (an error's retry hint).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lifetime {
    /// Path of the integer body field holding the lifetime.
    pub field: String,
    /// Its unit.
    pub unit: TimeUnit,
}

/// The unit of a lifetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum TimeUnit {
    /// Seconds.
    #[serde(rename = "s")]
    Seconds,
    /// Milliseconds.
    #[serde(rename = "ms")]
    Millis,
}

/// A documented example exchange.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// Short name, unique within the endpoint.
    pub name: String,
    /// What the example shows.
    #[serde(default)]
    pub summary: Option<String>,
    /// The request sent.
    #[serde(default)]
    pub request: Option<ExampleRequest>,
    /// The response received.
    #[serde(default)]
    pub response: Option<ExampleResponse>,
}

/// An example request.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleRequest {
    /// The request variant it uses.
    #[serde(default)]
    pub variant: Option<String>,
    /// The full URL it is sent to.
    #[serde(default)]
    pub url: Option<String>,
    /// Credentials by auth scheme name.
    #[serde(default)]
    pub auth: Map<serde_json::Value>,
    /// Headers sent.
    #[serde(default)]
    pub headers: Map<String>,
    /// JSON body sent.
    #[serde(default)]
    pub body: Option<serde_json::Value>,
}

/// An example response.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleResponse {
    /// Status code.
    pub status: u16,
    /// Headers received.
    #[serde(default)]
    pub headers: Map<String>,
    /// Cookies set.
    #[serde(default)]
    pub cookies: Map<String>,
    /// JSON body received.
    #[serde(default)]
    pub body: Option<serde_json::Value>,
}

/// Websocket messages exchanged after the HTTP login.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Websocket {
    /// What the socket is for.
    #[serde(default)]
    pub description: Option<String>,
    /// How messages are wrapped.
    pub envelope: Envelope,
    /// The messages, by name (the key inside the request envelope).
    pub messages: Map<Message>,
    /// Documented example frames.
    #[serde(default)]
    pub examples: Vec<FrameExample>,
}

/// How requests and responses are wrapped on the socket.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// Key that wraps a request (`request`).
    pub request: String,
    /// Key that wraps a response (`response`).
    pub response: String,
    /// Key of the correlation id, inside both.
    pub id: String,
}

/// One websocket request and its response.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    /// What the message does.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether the message is deprecated.
    #[serde(default)]
    pub deprecated: Option<Deprecated>,
    /// The request's fields.
    pub request: Body,
    /// Request fields filled from the session (`token: token`).
    #[serde(default)]
    pub from_session: Map<String>,
    /// The response's fields (besides the id).
    pub response: Object,
    /// A boolean response field that is `false` when the request failed.
    #[serde(default)]
    pub success: Option<String>,
}

/// An example websocket exchange, as whole frames.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameExample {
    /// Short name.
    pub name: String,
    /// What the example shows.
    #[serde(default)]
    pub summary: Option<String>,
    /// The request frame.
    #[serde(default)]
    pub request: Option<serde_json::Value>,
    /// The response frame.
    #[serde(default)]
    pub response: Option<serde_json::Value>,
}
