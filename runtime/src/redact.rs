//! One redaction for the text the runtime repeats of an answer or of its input: body
//! excerpts, decode errors and URL errors go through it, so none of them shows a
//! credential, a control character or more than a bounded length.
//!
//! What counts as a credential:
//! * the value of a JSON member (or of a `name=value` pair) whose name looks like one
//!   (`token`, `access_token`, `password`, `session_id`, `Set-Cookie`, `api_key`, ...);
//!   strings, numbers and whole objects or arrays alike, also in truncated or invalid
//!   JSON;
//! * the user information of a URL (`https://user:password@host`) and its query;
//! * anything inside quotes in a message about a body that holds a secret;
//! * the secret values the request held (its password, its token), wherever they appear
//!   in the answer to it, and inside the JSON strings of an error answer before it is
//!   decoded.

use std::borrow::Cow;

/// What stands in for a value that is withheld.
pub(crate) const WITHHELD: &str = "***";

/// Whether a member or parameter name looks like it holds a credential.
pub(crate) fn is_credential_name(name: &str) -> bool {
    let name: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    const PARTS: &[&str] = &[
        "token",
        "password",
        "passwd",
        "secret",
        "session",
        "cookie",
        "auth",
        "apikey",
        "accesskey",
        "privatekey",
        "credential",
        "bearer",
        "signature",
        "assertion",
    ];
    const WHOLE: &[&str] = &[
        "pwd",
        "pass",
        "jwt",
        "sid",
        "otp",
        "pin",
        "key",
        "codeverifier",
    ];
    PARTS.iter().any(|p| name.contains(p)) || WHOLE.contains(&name.as_str())
}

/// `text` with the values of credential members withheld: `"access_token": "abc"`
/// becomes `"access_token": "***"`, `password=abc&x=1` becomes `password=***&x=1`. It
/// scans the text as JSON-like tokens, so it works on truncated or invalid JSON and on
/// form-encoded text too; text that is neither is kept as it is.
pub(crate) fn redact_members(text: &str) -> String {
    redact_members_named(text, &[])
}

/// What the texts of one answer withhold besides the members named like credentials:
/// the members the spec declares `secret` (`names`), and the secret values the request
/// it answers held (`values`: its secret fields and its credential), wherever they
/// appear, so a server that echoes a password or a token under any name, or in plain
/// text, cannot put it into an error.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Withheld<'a> {
    pub names: &'a [&'a str],
    pub values: &'a [&'a str],
}

impl Withheld<'_> {
    /// `text` with both withheld.
    pub fn apply(&self, text: &str) -> String {
        withhold_values(&redact_members_named(text, self.names), self.values)
    }
}

/// Held values shorter than this are not searched for: they would blank ordinary words,
/// and a credential is longer.
const MIN_HELD_CHARS: usize = 4;

/// Whether `value` is long enough to be searched for.
fn searched(value: &str) -> bool {
    value.chars().count() >= MIN_HELD_CHARS
}

/// `text` with every occurrence of each of `values` (as written, and as JSON writes it
/// inside a string) replaced by [`WITHHELD`].
pub(crate) fn withhold_values(text: &str, values: &[&str]) -> String {
    let mut out = text.to_owned();
    for value in values.iter().filter(|v| searched(v)) {
        out = out.replace(value, WITHHELD);
        // A value with quotes, backslashes or control characters appears escaped in JSON.
        let escaped = json_escaped(value);
        if escaped != *value {
            out = out.replace(&escaped, WITHHELD);
        }
    }
    out
}

/// [`withhold_values`] for a text that may be cut short (a body as received, or its
/// start): also the start of a value that ends it, the longest first.
pub(crate) fn withhold_values_cut(text: &str, values: &[&str]) -> String {
    let mut out = withhold_values(text, values);
    for value in values.iter().filter(|v| searched(v)) {
        let escaped = json_escaped(value);
        for form in [*value, escaped.as_str()] {
            let starts: Vec<usize> = form.char_indices().map(|(at, _)| at).collect();
            let cut = starts
                .iter()
                .skip(MIN_HELD_CHARS)
                .rev()
                .find(|&&at| out.ends_with(&form[..at]));
            if let Some(&at) = cut {
                out.truncate(out.len() - at);
                out.push_str(WITHHELD);
            }
        }
    }
    out
}

/// `body` with each of `values` withheld inside its JSON strings: the body of an error
/// answer, before it is decoded, so that a server that echoes the password or token it
/// was sent cannot put it into a typed error's fields, message or excerpt. Each string is
/// read as JSON reads it (so any escaping the server chose, `\/` or `\u00e9`, is seen
/// through), the values replaced, and the string written again; text outside strings
/// and strings that hold no value are left as they are, so the JSON stays valid. A body
/// that is not UTF-8 is kept as it is (it cannot decode as JSON either).
pub(crate) fn withhold_in_strings<'b>(body: &'b [u8], values: &[&str]) -> Cow<'b, [u8]> {
    let values: Vec<&str> = values.iter().copied().filter(|v| searched(v)).collect();
    let Ok(text) = std::str::from_utf8(body) else {
        return Cow::Borrowed(body);
    };
    // Without a backslash, a value can only appear as written.
    if values.is_empty() || (!text.contains('\\') && !values.iter().any(|v| text.contains(v))) {
        return Cow::Borrowed(body);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '"' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let end = string_end(&chars, i);
        let literal: String = chars[i..end].iter().collect();
        match serde_json::from_str::<String>(&literal) {
            Ok(decoded) if values.iter().any(|v| decoded.contains(v)) => {
                let withheld = values
                    .iter()
                    .fold(decoded, |text, v| text.replace(v, WITHHELD));
                out.push_str(&serde_json::to_string(&withheld).unwrap_or(literal));
            }
            _ => out.push_str(&literal),
        }
        i = end;
    }
    if out.as_bytes() == body {
        Cow::Borrowed(body)
    } else {
        Cow::Owned(out.into_bytes())
    }
}

/// `value` as JSON writes it inside a string (quotes, backslashes and control characters
/// escaped).
fn json_escaped(value: &str) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    json.get(1..json.len().saturating_sub(1))
        .unwrap_or("")
        .to_owned()
}

/// [`redact_members`], withholding also the members called one of `secrets` (the names a
/// spec declares `secret` whatever they look like).
pub(crate) fn redact_members_named(text: &str, secrets: &[&str]) -> String {
    let is_secret = |name: &str| is_credential_name(name) || secrets.contains(&name);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    // The last string literal or bare word, and whether a `:` or `=` followed it.
    let mut last_name: Option<String> = None;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' || c == '\'' {
            let end = string_end(&chars, i);
            let literal: String = chars[i..end].iter().collect();
            out.push_str(&redact_pairs(&literal, &is_secret));
            last_name = Some(unquote(&literal));
            i = end;
            continue;
        }
        if c == ':' || c == '=' {
            out.push(c);
            i += 1;
            let credential = last_name.take().is_some_and(|n| is_secret(&n));
            if credential {
                // Keep the spacing, withhold the value.
                while i < chars.len() && chars[i].is_whitespace() {
                    out.push(chars[i]);
                    i += 1;
                }
                let end = value_end(&chars, i, c == '=');
                if end > i {
                    let quoted = chars[i] == '"';
                    if quoted {
                        out.push('"');
                    }
                    out.push_str(WITHHELD);
                    if quoted {
                        out.push('"');
                    }
                }
                i = end;
            }
            continue;
        }
        if c.is_alphanumeric() || c == '_' || c == '-' || c == '.' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '-' | '.'))
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            out.push_str(&word);
            last_name = Some(word);
            continue;
        }
        if !c.is_whitespace() {
            last_name = None;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// `text` with the values of its `name=value` pairs withheld where the name looks like a
/// credential: for the inside of a string literal, which may be a URL with a query
/// (`"/next?access_token=…"`) or form text. A value ends at `&`, `;`, `#`, a quote, a
/// backslash (an escaped quote), an angle bracket or whitespace.
fn redact_pairs(text: &str, is_secret: &impl Fn(&str) -> bool) -> String {
    let is_name = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(eq) = rest.find('=') {
        let (before, after) = (&rest[..eq], &rest[eq + 1..]);
        out.push_str(before);
        out.push('=');
        let name_start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| !is_name(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        rest = after;
        if is_secret(&before[name_start..]) {
            let end = after
                .find(|c: char| {
                    matches!(c, '&' | ';' | '#' | '"' | '\'' | '\\' | '<' | '>')
                        || c.is_whitespace()
                })
                .unwrap_or(after.len());
            if end > 0 {
                out.push_str(WITHHELD);
            }
            rest = &after[end..];
        }
    }
    out.push_str(rest);
    out
}

/// The index just past the string literal that starts at `start` (or the end of the
/// text for an unterminated one); backslash escapes are skipped.
fn string_end(chars: &[char], start: usize) -> usize {
    let quote = chars[start];
    let mut i = start + 1;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    chars.len()
}

/// The index just past the value that starts at `start`: a string literal, an object or
/// array up to its matching close (or the end), or a bare word up to `,`, `}`, `]`,
/// whitespace (or `&` and `;` after `=`).
fn value_end(chars: &[char], start: usize, after_equals: bool) -> usize {
    let Some(&first) = chars.get(start) else {
        return start;
    };
    match first {
        '"' | '\'' => string_end(chars, start),
        '{' | '[' => {
            let mut depth = 0usize;
            let mut i = start;
            while i < chars.len() {
                match chars[i] {
                    '"' | '\'' => {
                        i = string_end(chars, i);
                        continue;
                    }
                    '{' | '[' => depth += 1,
                    '}' | ']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            chars.len()
        }
        _ => {
            let mut i = start;
            while i < chars.len() {
                let c = chars[i];
                let stop = matches!(c, ',' | '}' | ']')
                    || c.is_whitespace()
                    || (after_equals && matches!(c, '&' | ';'));
                if stop {
                    break;
                }
                i += 1;
            }
            i
        }
    }
}

/// A string literal's text without its quotes (escapes left as they are: names with
/// escapes are not credential names anyway).
fn unquote(literal: &str) -> String {
    let mut chars = literal.chars();
    chars.next();
    let inner: String = chars.collect();
    inner
        .strip_suffix(['"', '\''])
        .map(str::to_owned)
        .unwrap_or(inner)
}

/// `message` with everything between quotes (`"…"` or `` `…` ``) withheld, escapes
/// honoured: for messages about a body that holds a secret, where a quoted string may be
/// the secret itself. The name in ``missing field `name` `` and ``duplicate field
/// `name` `` is kept when it is a plain name: it comes from the decoded type, not from
/// the body.
pub(crate) fn withhold_quoted(message: &str) -> String {
    let chars: Vec<char> = message.chars().collect();
    let mut out = String::with_capacity(message.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' || c == '`' {
            let mut j = i + 1;
            let mut closed = false;
            while j < chars.len() {
                match chars[j] {
                    '\\' => j += 2,
                    q if q == c => {
                        closed = true;
                        break;
                    }
                    _ => j += 1,
                }
            }
            let inner: String = chars[i + 1..j.min(chars.len())].iter().collect();
            let field_name = c == '`'
                && closed
                && (out.ends_with("missing field ") || out.ends_with("duplicate field "))
                && !inner.is_empty()
                && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            out.push(c);
            out.push_str(if field_name { &inner } else { "…" });
            if closed {
                out.push(c);
            }
            i = j + 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// A decode error's field path as `serde_path_to_error` gives it, as an error shows it:
/// empty for the root, without the key it never reached (`?`, the input ended before
/// it), at most `max_chars` characters, printable. For an input that holds a secret,
/// every segment that is not a plain name is withheld: a map key the sender chose may
/// be the secret itself.
pub(crate) fn error_path(
    path: &serde_path_to_error::Path,
    secret: bool,
    max_chars: usize,
) -> String {
    let path = path.to_string();
    let path = path.trim_end_matches(".?");
    if path == "." || path == "?" {
        return String::new();
    }
    if !secret {
        return printable(path, max_chars);
    }
    let path = path
        .split('.')
        .map(|segment| {
            let name = segment.split('[').next().unwrap_or(segment);
            let plain =
                name.len() <= 40 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if plain { segment } else { "…" }
        })
        .collect::<Vec<_>>()
        .join(".");
    printable(&path, max_chars)
}

/// At most `max_chars` characters of `text`, `…` where it was cut; for a value an
/// error shows through `{:?}`, which escapes it.
pub(crate) fn cut(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// At most `max_chars` characters of `text`, control and bidirectional characters
/// escaped (so a value cannot forge a log line or reorder one), `…` where it was cut.
pub(crate) fn printable(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n == max_chars {
            out.push('…');
            break;
        }
        let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        if c.is_control() || bidi {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// [`printable`] for a body shown in an error: each run of line breaks and tabs (with the
/// spaces around it) reads as one space, so a pretty-printed body stays readable on the
/// one line an error takes; other control characters are escaped.
pub(crate) fn one_line(text: &str, max_chars: usize) -> String {
    let mut flat = String::with_capacity(text.len());
    let mut in_break = false;
    for c in text.chars() {
        if matches!(c, '\n' | '\r' | '\t') {
            in_break = true;
            flat.truncate(flat.trim_end_matches(' ').len());
        } else if in_break && c == ' ' {
            continue;
        } else {
            if in_break && !flat.is_empty() {
                flat.push(' ');
            }
            in_break = false;
            flat.push(c);
        }
    }
    printable(&flat, max_chars)
}

/// A URL as an error may repeat it: user information and query withheld, at most
/// `max_chars` characters, printable.
pub(crate) fn url(input: &str, max_chars: usize) -> String {
    let mut text = input.to_owned();
    if let Some((scheme, rest)) = text.split_once("://") {
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        if let Some(at) = rest[..authority_end].rfind('@') {
            text = format!("{scheme}://{WITHHELD}@{}", &rest[at + 1..]);
        }
    } else if let Some(at) = text.find('@') {
        // No scheme: whatever precedes an `@` may still be user information.
        text = format!("{WITHHELD}@{}", &text[at + 1..]);
    }
    if let Some(q) = text.find('?') {
        let end = text[q..].find('#').map_or(text.len(), |h| q + h);
        text.replace_range(q..end, &format!("?{WITHHELD}"));
    }
    printable(&text, max_chars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn held_values_are_withheld_wherever_they_appear() {
        let held = ["hunter2-pw", "tok\"en-42", "ab"];
        let text = r#"{"detail":"user ada, password hunter2-pw","x":"tok\"en-42"} hunter2-pw"#;
        let out = withhold_values(text, &held);
        assert!(!out.contains("hunter2"), "{out}");
        assert!(!out.contains("en-42"), "{out}");
        assert_eq!(out.matches(WITHHELD).count(), 3, "{out}");
        // Values too short to be credentials are not searched for.
        assert_eq!(withhold_values("ab cab", &held), "ab cab");
        // A text cut inside one: its start is withheld too, the longest that fits; a
        // whole text is not judged by its end.
        assert_eq!(
            withhold_values_cut(r#"{"x":"hunter2"#, &held),
            r#"{"x":"***"#
        );
        assert_eq!(withhold_values("user.hunter2", &held), "user.hunter2");
        assert_eq!(withhold_values_cut("a abcdabcd", &["abcdabcdXY"]), "a ***");
    }

    #[test]
    fn an_error_body_keeps_its_json_with_held_values_withheld_in_strings() {
        let held = ["1234567", "hunter2-pw"];
        let body = br#"{"attempts":1234567,"message":"bad password hunter2-pw (1234567)"}"#;
        let out = withhold_in_strings(body, &held);
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value["attempts"], 1_234_567, "numbers are left alone");
        assert_eq!(value["message"], "bad password *** (***)");
        // Any escaping the server chose is seen through, and the JSON stays valid even
        // when a value holds a quote or a backslash.
        let held = ["pa/ss\u{e9}\"wörd", "\\temp1"];
        let body = br#"{"a":"pa\/ss\u00e9\"w\u00f6rd!","b":"x\\temp1","c":"wrong pa\""}"#;
        let out = withhold_in_strings(body, &held);
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value["a"], "***!");
        assert_eq!(value["b"], "x***");
        assert_eq!(value["c"], "wrong pa\"");
        // Nothing to withhold, or no UTF-8: the body as it was, not copied.
        assert!(matches!(
            withhold_in_strings(b"{}", &held),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            withhold_in_strings(b"\xff hunter2-pw", &held),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn credential_names() {
        for name in [
            "token",
            "access_token",
            "refreshToken",
            "X-Session-Token",
            "password",
            "client_secret",
            "sessionId",
            "api_key",
            "apiKey",
            "sid",
            "PIN",
            "Set-Cookie",
            "authorization",
            "code_verifier",
        ] {
            assert!(is_credential_name(name), "{name}");
        }
        for name in [
            "error",
            "code",
            "message",
            "user",
            "id",
            "expires_in",
            "tier",
            "kind",
            "pinned_at",
        ] {
            assert!(!is_credential_name(name), "{name}");
        }
    }

    #[test]
    fn member_values_are_withheld_in_json_truncated_json_and_forms() {
        let body = r#"{"error":"expired","access_token":"tok\"en","n":1,"refresh_token": "r1", "auth": {"key": "k"}, "pin": 1234}"#;
        assert_eq!(
            redact_members(body),
            r#"{"error":"expired","access_token":"***","n":1,"refresh_token": "***", "auth": "***", "pin": "***"}"#
                .replace("\"auth\": \"***\"", "\"auth\": ***")
                .replace("\"pin\": \"***\"", "\"pin\": ***")
        );
        // Truncated in the middle of the secret.
        assert_eq!(redact_members(r#"{"token":"abcdef"#), r#"{"token":"***""#);
        assert_eq!(
            redact_members("grant_type=password&password=hunter2&user=ada"),
            "grant_type=password&password=***&user=ada"
        );
        assert_eq!(
            redact_members("<html>Server error</html>"),
            "<html>Server error</html>"
        );
        assert_eq!(redact_members(""), "");
        assert_eq!(
            redact_members(r#"<a href="/x?state=1&token=abc#top">go</a>"#),
            r#"<a href="/x?state=1&token=***#top">go</a>"#
        );
        assert_eq!(
            redact_members(r#"{"next":"https://h/cb?code=1&access_token=abc\"x"}"#),
            r#"{"next":"https://h/cb?code=1&access_token=***\"x"}"#
        );
        // Arrays of secrets and nested objects.
        assert_eq!(
            redact_members(r#"{"tokens":["a","b"],"x":[1]}"#),
            r#"{"tokens":***,"x":[1]}"#
        );
    }

    #[test]
    fn quoted_text_is_withheld_with_escapes_honoured() {
        assert_eq!(
            withhold_quoted(r#"invalid type: string "a\"TOKEN\"b", expected i64"#),
            r#"invalid type: string "…", expected i64"#
        );
        assert_eq!(
            withhold_quoted("unknown variant `x`"),
            "unknown variant `…`"
        );
        assert_eq!(withhold_quoted(r#"open "abc"#), r#"open "…"#);
        assert_eq!(
            withhold_quoted("missing field `success` at line 1 column 2"),
            "missing field `success` at line 1 column 2"
        );
        assert_eq!(
            withhold_quoted("missing field `a b` and `c`"),
            "missing field `…` and `…`"
        );
    }

    #[test]
    fn printable_escapes_and_bounds() {
        assert_eq!(printable("a\nb\u{1b}[31m", 100), "a\\nb\\u{1b}[31m");
        assert_eq!(printable("abcdef", 3), "abc…");
        assert_eq!(printable("\u{202E}x", 10), "\\u{202e}x");
    }

    #[test]
    fn urls_lose_user_information_and_query() {
        assert_eq!(url("https://user:PASS@host/x", 100), "https://***@host/x");
        assert_eq!(
            url("https://host/cb?token=abc#f", 100),
            "https://host/cb?***#f"
        );
        assert_eq!(url("wss://a:b@h/s?t=1", 100), "wss://***@h/s?***");
        assert_eq!(url("user:pw@host", 100), "***@host");
        assert_eq!(url("https://host/a@b", 100), "https://host/a@b");
    }
}
