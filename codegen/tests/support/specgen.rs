//! Spec-shaped values for the property tests and the compile test: a seed gives a spec,
//! as a JSON value and as YAML text.
//!
//! [`Mode::Tame`] builds specs that are mostly consistent (declared types, schemes and
//! fields are the ones referred to), so that a good share passes `check`; tricky names
//! (keywords, leading digits, non-ASCII, names that collide once converted, names the
//! generator uses itself) come in now and then. [`Mode::Wild`] also misplaces keys, uses
//! undeclared names, odd values and wrong types everywhere.

#![allow(dead_code, reason = "each test crate uses a part of this module")]

use serde_json::{Map, Value, json};

/// How far from a valid spec to stray.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Mostly consistent specs with tricky names.
    Tame,
    /// Anything spec-shaped.
    Wild,
}

/// Names that have broken generators before, or might: keywords, prelude and generated
/// names, names that collide once converted, digits, non-ASCII, empty, punctuation.
pub const TRICKY: &[&str] = &[
    "type",
    "self",
    "Self",
    "fn",
    "match",
    "async",
    "await",
    "crate",
    "super",
    "loop",
    "dyn",
    "yield",
    "gen",
    "union",
    "macro_rules",
    "r#type",
    "_id",
    "id",
    "userId",
    "user_id",
    "2fa",
    "1",
    "0",
    "9lives",
    "",
    "_",
    "__",
    "+",
    "-",
    "日本",
    "café",
    "é",
    "a-b",
    "a_b",
    "a.b",
    "a[0]",
    "x]y",
    "]",
    "new",
    "base_url",
    "transport",
    "with_transport",
    "open",
    "close",
    "raw",
    "take_events",
    "session",
    "url",
    "options",
    "with_x",
    "x",
    "from_x",
    "String",
    "Option",
    "Result",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Into",
    "From",
    "Client",
    "BlockingClient",
    "Session",
    "Socket",
    "body",
    "unknown",
    "Unknown",
    "token",
    "password",
    "login",
    "login_session",
    "rt",
    "B",
    "status",
    "from_http",
    "to_http",
    "to_frame",
    "as_str",
    "Decode",
    "Unexpected",
    "default",
    "request",
    "response",
    "Request",
    "Response",
    "LoginRequest",
    "LoginResponse",
    "LoginError",
    "LoginOutcome",
    "http",
    "serde",
    "serde_json",
    "std",
    "core",
    "T",
    "Self_",
    "self_",
    "null",
    "true",
    "z_",
    "Type",
    "Map",
    "Vec2",
    "ENVELOPE",
    "DEFAULT_BASE_URL",
    "authorize",
    "ws",
];

const PLAIN: &[&str] = &[
    "alpha", "beta", "gamma", "delta", "user", "email", "name", "account", "tier", "code",
    "device", "phone", "profile", "region", "flag", "count", "items", "label", "kind", "state",
];

const TEXTS: &[&str] = &[
    "A plain description.",
    "Ünïcødé — 日本語 ✓ 🔐",
    "Quotes \" and ' and `code` and */ and /* and \\ backslash.",
    "Line one.\nLine two.\n\n  Indented.",
    "",
    "#not a comment: here",
    "{ braces } [brackets] <tags> & more",
];

const BUILTINS: &[&str] = loginspec_codegen::check::BUILTIN_TYPES;

/// A small deterministic generator (splitmix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// True with `percent` percent chance.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The spec of `seed` as YAML text.
pub fn yaml(seed: u64, mode: Mode) -> String {
    let value = spec(seed, mode);
    serde_yaml::to_string(&value).expect("a JSON value serializes as YAML")
}

/// The spec of `seed`.
pub fn spec(seed: u64, mode: Mode) -> Value {
    Gen {
        rng: Rng::new(seed),
        mode,
        types: Vec::new(),
        schemes: Vec::new(),
    }
    .spec()
}

struct Gen {
    rng: Rng,
    mode: Mode,
    /// Declared named types: (name, fields).
    types: Vec<(String, Value)>,
    /// Declared auth schemes: (name, type).
    schemes: Vec<(String, String)>,
}

impl Gen {
    fn wild(&mut self, percent: u64) -> bool {
        self.mode == Mode::Wild && self.rng.chance(percent)
    }

    /// A name: mostly plain (with a number to keep it unique), sometimes tricky.
    fn name(&mut self) -> String {
        let tricky = match self.mode {
            Mode::Tame => 20,
            Mode::Wild => 50,
        };
        if self.rng.chance(tricky) {
            (*self.rng.pick(TRICKY)).to_owned()
        } else {
            let word = *self.rng.pick(PLAIN);
            if self.rng.chance(50) {
                word.to_owned()
            } else {
                format!("{word}_{}", self.rng.below(100))
            }
        }
    }

    fn camel_name(&mut self) -> String {
        let name = self.name();
        if self.rng.chance(70) {
            let mut chars = name.chars();
            match chars.next() {
                Some(c) => c.to_uppercase().chain(chars).collect(),
                None => name,
            }
        } else {
            name
        }
    }

    fn text(&mut self) -> Value {
        Value::String((*self.rng.pick(TEXTS)).to_owned())
    }

    fn spec(&mut self) -> Value {
        let mut root = Map::new();
        root.insert(
            "loginspec".into(),
            if self.wild(5) { json!(2) } else { json!(1) },
        );
        root.insert("service".into(), self.service());
        let mut types = Map::new();
        for _ in 0..self.rng.below(3) {
            let name = self.camel_name();
            let fields = self.fields(1, false);
            self.types.push((name.clone(), fields.clone()));
            let mut object = Map::new();
            object.insert("fields".into(), fields);
            if self.rng.chance(30) {
                object.insert("description".into(), self.text());
            }
            types.insert(name, Value::Object(object));
        }
        if !types.is_empty() {
            root.insert("types".into(), Value::Object(types));
        }
        let mut auth = Map::new();
        for _ in 0..self.rng.below(4) {
            let name = self.name();
            let kind = (*self.rng.pick(&["basic", "bearer", "header", "cookie"])).to_owned();
            let mut scheme = Map::new();
            scheme.insert("type".into(), json!(kind));
            match kind.as_str() {
                "header" => {
                    let headers: &[&str] = match self.mode {
                        Mode::Tame => &["X-Token", "TOKEN_AUTH", "X-Api-Key"],
                        Mode::Wild => &["X-Token", "X Bad", ""],
                    };
                    scheme.insert("header".into(), json!(self.rng.pick(headers)));
                }
                "cookie" => {
                    let cookies: &[&str] = match self.mode {
                        Mode::Tame => &["sid", "refresh_token"],
                        Mode::Wild => &["sid", "a;b", ""],
                    };
                    scheme.insert("cookie".into(), json!(self.rng.pick(cookies)));
                }
                _ => {}
            }
            if self.wild(10) {
                scheme.insert("cookie".into(), json!("x"));
            }
            if self.rng.chance(20) {
                scheme.insert("description".into(), self.text());
            }
            self.schemes.push((name.clone(), kind));
            auth.insert(name, Value::Object(scheme));
        }
        if !auth.is_empty() {
            root.insert("auth".into(), Value::Object(auth));
        }
        let mut endpoints = Map::new();
        let count = if self.wild(10) {
            0
        } else {
            1 + self.rng.below(3)
        };
        let mut has_session = false;
        for i in 0..count {
            let name = if i == 0 && self.rng.chance(70) {
                "login".to_owned()
            } else {
                self.name()
            };
            let endpoint = self.endpoint(!has_session);
            has_session |= endpoint.get("session").is_some();
            endpoints.insert(name, endpoint);
        }
        root.insert("endpoints".into(), Value::Object(endpoints));
        if self.rng.chance(30) {
            root.insert("websocket".into(), self.websocket(has_session));
        }
        if self.wild(10) {
            root.insert(self.name(), json!("unexpected"));
        }
        Value::Object(root)
    }

    fn service(&mut self) -> Value {
        let mut service = Map::new();
        let name = if self.rng.chance(80) {
            "svc".to_owned()
        } else {
            self.name()
        };
        service.insert("name".into(), json!(name));
        if self.rng.chance(30) {
            service.insert("title".into(), self.text());
        }
        if self.rng.chance(30) {
            service.insert("description".into(), self.text());
        }
        match self.rng.below(if self.mode == Mode::Wild { 7 } else { 4 }) {
            0 => {}
            1 => {
                service.insert("base_url".into(), json!("https://api.example.com/v1"));
            }
            2 => {
                service.insert("base_url".into(), json!("https://{tier}.example.com"));
                service.insert("variables".into(), json!({ "tier": { "default": "prod" } }));
            }
            3 => {
                service.insert("base_url".into(), json!("http://127.0.0.1:8080"));
            }
            4 => {
                service.insert("base_url".into(), json!("https://u:p@{x}.example.com/"));
            }
            5 => {
                service.insert("base_url".into(), json!("ftp://{a}{b}.example.com?q"));
                service.insert(
                    "variables".into(),
                    json!({ "a": { "max_length": 99 }, "c": {} }),
                );
            }
            _ => {
                service.insert("base_url".into(), json!("https://{日本}.example.com"));
                service.insert(
                    "variables".into(),
                    json!({ "日本": { "default": "Bad_Label" } }),
                );
            }
        }
        if self.rng.chance(20) {
            service.insert("notes".into(), json!([self.text()]));
        }
        Value::Object(service)
    }

    /// A mapping of fields at nesting `depth`; `secret_token` adds a `token` secret.
    fn fields(&mut self, depth: usize, secret_token: bool) -> Value {
        let mut fields = Map::new();
        for _ in 0..1 + self.rng.below(3) {
            let name = self.name();
            let field = self.field(depth, true);
            fields.insert(name, field);
        }
        if secret_token {
            fields.insert("token".into(), json!({ "type": "secret" }));
        }
        Value::Object(fields)
    }

    fn field(&mut self, depth: usize, may_be_optional: bool) -> Value {
        let mut kinds: Vec<String> = BUILTINS
            .iter()
            .filter(|k| depth < 3 || !matches!(**k, "object" | "array" | "map"))
            .map(|k| (*k).to_owned())
            .collect();
        kinds.extend(self.types.iter().map(|(n, _)| n.clone()));
        if self.mode == Mode::Wild {
            kinds.push("strng".to_owned());
            kinds.push(self.name());
        }
        let kind = self.rng.pick(&kinds).clone();
        let mut field = Map::new();
        field.insert("type".into(), json!(kind));
        if may_be_optional && self.rng.chance(30) {
            field.insert("required".into(), json!(false));
        }
        if !may_be_optional && self.wild(20) {
            field.insert("required".into(), json!(true));
        }
        if self.rng.chance(20) {
            field.insert("description".into(), self.text());
        }
        if self.rng.chance(8) {
            field.insert("deprecated".into(), json!(true));
        }
        if self.rng.chance(10) {
            let rust = self.name();
            field.insert("rust_name".into(), json!(rust));
        }
        match kind.as_str() {
            "object" => {
                field.insert("fields".into(), self.fields(depth + 1, false));
                if self.rng.chance(30) {
                    field.insert("type_name".into(), json!(self.camel_name()));
                }
            }
            "enum" => {
                let mut values = Map::new();
                for _ in 0..1 + self.rng.below(3) {
                    let value = self.name();
                    let doc = if self.rng.chance(50) {
                        Value::Null
                    } else {
                        self.text()
                    };
                    values.insert(value, doc);
                }
                field.insert("values".into(), Value::Object(values));
                if self.rng.chance(30) {
                    field.insert("type_name".into(), json!(self.camel_name()));
                }
            }
            "array" | "map" => {
                field.insert("items".into(), self.field(depth + 1, false));
            }
            _ => {}
        }
        if self.wild(15) {
            let key = *self
                .rng
                .pick(&["fields", "items", "values", "type_name", "tpye"]);
            field.insert(key.into(), json!({}));
        }
        if self.rng.chance(10) {
            let example = self.sample(&Value::Object(field.clone()), 0);
            field.insert("example".into(), example);
        }
        Value::Object(field)
    }

    /// An example value for a field (tame: of its type; wild: sometimes anything).
    fn sample(&mut self, field: &Value, depth: usize) -> Value {
        if self.wild(20) || depth > 6 {
            return self
                .rng
                .pick(&[
                    json!(null),
                    json!(1),
                    json!("x"),
                    json!([1]),
                    json!({"k": true}),
                ])
                .clone();
        }
        let kind = field
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("string");
        match kind {
            "string" | "secret" => json!("text"),
            "integer" | "unix_ms" | "unix_s" => json!(42),
            "number" => json!(1.5),
            "boolean" => json!(true),
            "uuid" => json!("00000000-0000-0000-0000-000000000000"),
            "timestamp" => json!("2024-01-31T12:00:00Z"),
            "enum" => field
                .get("values")
                .and_then(Value::as_object)
                .and_then(|v| v.keys().next().cloned())
                .map_or(json!("x"), Value::String),
            "object" => self.sample_object(field.get("fields"), depth),
            "array" => match field.get("items") {
                Some(items) => json!([self.sample(items, depth + 1)]),
                None => json!([]),
            },
            "map" => match field.get("items") {
                Some(items) => json!({ "k": self.sample(items, depth + 1) }),
                None => json!({}),
            },
            named => {
                let fields = self
                    .types
                    .iter()
                    .find(|(n, _)| n == named)
                    .map(|(_, f)| f.clone());
                self.sample_object(fields.as_ref(), depth)
            }
        }
    }

    fn sample_object(&mut self, fields: Option<&Value>, depth: usize) -> Value {
        let mut out = Map::new();
        if let Some(Value::Object(fields)) = fields {
            for (name, field) in fields {
                let optional = field.get("required") == Some(&json!(false));
                if optional && self.rng.chance(50) {
                    continue;
                }
                let value = self.sample(field, depth + 1);
                out.insert(name.clone(), value);
            }
        }
        Value::Object(out)
    }

    fn scheme(&mut self, not_basic: bool) -> Option<String> {
        let usable: Vec<String> = self
            .schemes
            .iter()
            .filter(|(_, k)| !not_basic || k != "basic")
            .map(|(n, _)| n.clone())
            .collect();
        if usable.is_empty() || self.wild(10) {
            return if self.wild(30) {
                Some(self.name())
            } else {
                None
            };
        }
        Some(self.rng.pick(&usable).clone())
    }

    fn endpoint(&mut self, may_have_session: bool) -> Value {
        let mut e = Map::new();
        let methods: &[&str] = if self.mode == Mode::Wild {
            &["GET", "POST", "PUT", "PATCH", "DELETE", "post", "FETCH"]
        } else {
            &["GET", "POST", "PUT", "PATCH", "DELETE"]
        };
        e.insert("method".into(), json!(self.rng.pick(methods)));
        let paths: &[&str] = if self.mode == Mode::Wild {
            &["/login", "/a/b", "login", "/x/{id}", "/q?x=1", "/"]
        } else {
            &["/login", "/a/b", "/"]
        };
        e.insert("path".into(), json!(self.rng.pick(paths)));
        if self.rng.chance(30) {
            e.insert("summary".into(), self.text());
        }
        if self.rng.chance(10) {
            e.insert("deprecated".into(), json!("Use another."));
        }
        if self.rng.chance(40)
            && let Some(s) = self.scheme(false)
        {
            e.insert("auth".into(), json!(s));
        }
        if self.rng.chance(40) {
            let mut headers = Map::new();
            headers.insert("Content-Type".into(), json!("application/json"));
            if self.wild(30) {
                let name = *self
                    .rng
                    .pick(&["Authorization", "X-Api-Key", "Bad Header", "X-Ok"]);
                headers.insert(name.into(), json!("v"));
            }
            e.insert("headers".into(), Value::Object(headers));
        }
        let body = self.rng.chance(70).then(|| self.body(true));
        if let Some(b) = &body {
            e.insert("body".into(), b.clone());
        }
        let mut responses = Map::new();
        let success_fields = self.fields(1, true);
        let success_code = *self.rng.pick(&["200", "201", "204"]);
        let mut success = Map::new();
        if self.rng.chance(20) {
            success.insert("description".into(), self.text());
        }
        success.insert("body".into(), json!({ "fields": success_fields.clone() }));
        if self.rng.chance(20) {
            success.insert(
                "headers".into(),
                json!({ "Location": { "type": "string", "required": false } }),
            );
        }
        let cookies = self.rng.chance(20);
        if cookies {
            success.insert(
                "cookies".into(),
                json!({ "refresh_token": { "type": "secret", "required": false } }),
            );
        }
        responses.insert(success_code.into(), Value::Object(success));
        for _ in 0..self.rng.below(4) {
            let codes: &[&str] = if self.mode == Mode::Wild {
                &[
                    "400", "401", "403", "404", "422", "500", "302", "600", "4XX", "0401", "200",
                ]
            } else {
                &[
                    "400", "401", "403", "404", "422", "500", "302", "418", "503",
                ]
            };
            let code = *self.rng.pick(codes);
            let mut r = Map::new();
            if self.rng.chance(30) {
                r.insert("name".into(), json!(self.name()));
            }
            if self.rng.chance(40) {
                r.insert(
                    "body".into(),
                    json!({ "fields": { "code": { "type": "enum", "values": { "locked": null, "denied": "Denied." } } } }),
                );
                if self.rng.chance(60) {
                    r.insert("error_code".into(), json!("code"));
                }
            }
            if self.wild(10) {
                r.insert("error_code".into(), json!("missing"));
            }
            responses.insert(code.into(), Value::Object(r));
        }
        e.insert("responses".into(), Value::Object(responses));
        if may_have_session && self.rng.chance(60) {
            let mut session = Map::new();
            session.insert(
                "token".into(),
                json!(if self.wild(20) { "tokn" } else { "token" }),
            );
            if self.rng.chance(50)
                && let Some(s) = self.scheme(true)
            {
                session.insert("send_as".into(), json!(s));
            }
            if (cookies || self.wild(30)) && self.rng.chance(50) {
                session.insert("refresh_token".into(), json!("refresh_token"));
            }
            e.insert("session".into(), Value::Object(session));
        }
        if self.rng.chance(40) {
            let mut example = Map::new();
            example.insert("name".into(), json!(self.name()));
            if let Some(b) = &body {
                let variants = b.get("variants").and_then(Value::as_object);
                let variant = variants.and_then(|v| v.keys().next().cloned());
                let mut request = Map::new();
                if let Some(v) = &variant {
                    request.insert("variant".into(), json!(v));
                }
                let body_fields = b.get("fields").cloned();
                let sample = self.sample_object(body_fields.as_ref(), 0);
                request.insert("body".into(), sample);
                example.insert("request".into(), Value::Object(request));
            }
            let sample = self.sample_object(Some(&success_fields), 0);
            example.insert(
                "response".into(),
                json!({ "status": success_code.parse::<u16>().unwrap_or(200), "body": sample }),
            );
            e.insert("examples".into(), json!([Value::Object(example)]));
        }
        Value::Object(e)
    }

    fn body(&mut self, http: bool) -> Value {
        let fields = self.fields(1, false);
        let names: Vec<String> = fields
            .as_object()
            .map(|f| f.keys().cloned().collect())
            .unwrap_or_default();
        let mut body = Map::new();
        body.insert("fields".into(), fields.clone());
        let optional: Vec<String> = names
            .iter()
            .filter(|n| fields[n.as_str()].get("required") == Some(&json!(false)))
            .cloned()
            .collect();
        if optional.len() >= 2 && self.rng.chance(40) {
            body.insert(
                "at_least_one_of".into(),
                json!([[optional[0], optional[1]]]),
            );
        }
        if self.rng.chance(25) {
            let mut variants = Map::new();
            for _ in 0..1 + self.rng.below(3) {
                let mut carried: Vec<String> = names
                    .iter()
                    .filter(|_| self.rng.chance(60))
                    .cloned()
                    .collect();
                if let Some(Value::Array(groups)) = body.get("at_least_one_of") {
                    // All of a group or none of it.
                    for g in groups {
                        let members: Vec<String> = g
                            .as_array()
                            .map(|m| {
                                m.iter()
                                    .filter_map(|x| x.as_str().map(str::to_owned))
                                    .collect()
                            })
                            .unwrap_or_default();
                        if members.iter().any(|m| carried.contains(m)) && !self.wild(50) {
                            for m in members {
                                if !carried.contains(&m) {
                                    carried.push(m);
                                }
                            }
                        }
                    }
                }
                if self.wild(10) {
                    carried.push(self.name());
                }
                let mut variant = Map::new();
                variant.insert("fields".into(), json!(carried));
                if http
                    && self.rng.chance(30)
                    && let Some(s) = self.scheme(false)
                {
                    variant.insert("auth".into(), json!(s));
                }
                variants.insert(self.name(), Value::Object(variant));
            }
            body.insert("variants".into(), Value::Object(variants));
        }
        Value::Object(body)
    }

    fn websocket(&mut self, has_session: bool) -> Value {
        let mut messages = Map::new();
        for _ in 0..1 + self.rng.below(2) {
            let mut body = self.body(false);
            let mut message = Map::new();
            if has_session && self.rng.chance(50) {
                if let Some(Value::Object(fields)) = body.get_mut("fields") {
                    fields.insert("token".into(), json!({ "type": "secret" }));
                }
                message.insert("from_session".into(), json!({ "token": "token" }));
            }
            message.insert("request".into(), body);
            let mut response = self.fields(1, false);
            if self.rng.chance(50)
                && let Value::Object(fields) = &mut response
            {
                fields.insert("ok".into(), json!({ "type": "boolean" }));
                message.insert("success".into(), json!("ok"));
            }
            message.insert("response".into(), json!({ "fields": response }));
            if self.rng.chance(10) {
                message.insert("deprecated".into(), json!(true));
            }
            messages.insert(self.name(), Value::Object(message));
        }
        json!({
            "envelope": { "request": "request", "response": "response", "id": "id" },
            "messages": messages,
        })
    }
}
