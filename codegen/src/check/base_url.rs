//! The base URL: its scheme and host, and the variables of a templated host.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::Checker;
use crate::ident;
use crate::ir::{self, Name};
use crate::spec;

/// Longest host label (RFC 1035).
const MAX_LABEL: usize = 63;

impl Checker<'_> {
    pub(super) fn base_url(&mut self, service: &spec::Service) -> Option<ir::BaseUrl> {
        let Some(template) = &service.base_url else {
            if !service.variables.is_empty() {
                self.error(
                    "service.variables",
                    "`variables` are given but there is no `base_url` to use them",
                    Some(
                        "add `base_url:` with `{name}` placeholders, or remove `variables`"
                            .to_owned(),
                    ),
                );
            }
            return None;
        };
        let path = "service.base_url";
        let (rest, https) = if let Some(rest) = template.strip_prefix("https://") {
            (rest, true)
        } else if let Some(rest) = template.strip_prefix("http://") {
            (rest, false)
        } else {
            self.error(
                path,
                format!("base URL `{template}` must start with `https://` or `http://`"),

                Some("write the base URL as `https://host` (or `http://localhost:port` for a local server)".to_owned()),
            );
            return None;
        };
        let host_end = rest.find('/').unwrap_or(rest.len());
        if rest[..host_end].contains('@') {
            self.error(
                path,
                format!(
                    "base URL `{template}` carries credentials (`user:password@`): they would be \
                     written into the generated source and show wherever the URL is logged"
                ),
                Some(
                    "remove them, declare an auth scheme under `auth:` (`type: basic` for a user \
                     and password) and name it in the endpoint's `auth:`"
                        .to_owned(),
                ),
            );
            return None;
        }
        if !https && !is_loopback_authority(&rest[..host_end]) {
            self.error(
                path,
                format!(
                    "base URL `{template}` uses `http://`, which is only allowed for loopback \
                     hosts (localhost, 127.0.0.0/8, [::1]); the runtime refuses it elsewhere"
                ),
                Some("use `https://`".to_owned()),
            );
        }
        if rest.contains(['?', '#']) || template.ends_with('/') {
            self.error(
                path,
                format!("base URL `{template}` must not end with `/` or carry a query or fragment"),
                Some("put the path of each endpoint under `endpoints.<name>.path`".to_owned()),
            );
        }
        let mut parts = Vec::new();
        let mut variables: Vec<ir::Variable> = Vec::new();
        let mut literal = String::new();
        let mut chars = template.char_indices().peekable();
        let host_range = (
            template.len() - rest.len(),
            template.len() - rest.len() + host_end,
        );
        while let Some((at, c)) = chars.next() {
            if c == '}' {
                self.error(
                    path,
                    "`}` without a matching `{` in the base URL",
                    Some("write each placeholder as `{name}`".to_owned()),
                );
                return None;
            }
            if c != '{' {
                literal.push(c);
                continue;
            }
            let mut name = String::new();
            let mut closed = false;
            for (_, c) in chars.by_ref() {
                if c == '}' {
                    closed = true;
                    break;
                }
                name.push(c);
            }
            if !closed {
                self.error(
                    path,
                    "`{` without a matching `}` in the base URL",
                    Some("close the placeholder: `{name}`".to_owned()),
                );
                return None;
            }
            if at < host_range.0 || at >= host_range.1 {
                self.error(
                    path,
                    format!("the placeholder `{{{name}}}` is outside the host; only the host may be templated"),

                    Some("write the varying part of the path in each endpoint's `path`, or describe it in `notes`".to_owned()),
                );
                continue;
            }
            let Some(variable) = service.variables.get(&name) else {
                let help = ident::did_you_mean(&name, service.variables.keys(), || {
                    format!("declare it under `service.variables.{name}`")
                });
                self.error(
                    path,
                    format!("the placeholder `{{{name}}}` is not a declared variable"),
                    Some(help),
                );
                continue;
            };
            if !literal.is_empty() {
                parts.push(ir::UrlPart::Literal(std::mem::take(&mut literal)));
            }
            let index = match variables.iter().position(|v| v.name.wire == name) {
                Some(i) => i,
                None => {
                    let vpath = format!("service.variables.{name}");
                    let max_len = match variable.max_length {
                        None => MAX_LABEL,
                        Some(m) if (1..=MAX_LABEL).contains(&(m as usize)) => m as usize,
                        Some(_) => {
                            self.error(
                                &format!("{vpath}.max_length"),
                                format!("`max_length` must be between 1 and {MAX_LABEL} (a host label's limit)"),

                                Some(format!("write a number from 1 to {MAX_LABEL}, or leave `max_length` out")),
                            );
                            MAX_LABEL // judge the default by the host label's limit only
                        }
                    };
                    if let Some(default) = &variable.default
                        && !is_host_label(default, max_len)
                    {
                        self.error(
                            &format!("{vpath}.default"),
                            format!("the default `{default}` is not a host label (lowercase letters, digits and `-`, at most {max_len} characters)"),

                            Some("write the default as a host label, such as `prod` or `eu-1`".to_owned()),
                        );
                    }
                    let rust = self
                        .snake(
                            &name,
                            &vpath,
                            "rename the variable to an ASCII name such as `tier`, in `base_url` too",
                        )
                        .unwrap_or_default();
                    if let Some(other) = variables
                        .iter()
                        .find(|v| !rust.is_empty() && v.name.rust == rust)
                    {
                        let other = other.name.wire.clone();
                        self.error(
                            &vpath,
                            format!(
                                "variables `{other}` and `{name}` both become the parameter `{rust}` of `base_url(..)`"
                            ),
                            Some("rename one of them, in `base_url` too".to_owned()),
                        );
                    }
                    variables.push(ir::Variable {
                        name: Name {
                            wire: name.clone(),
                            rust,
                        },
                        default: variable.default.clone(),
                        doc: variable.description.clone(),
                        max_len,
                    });
                    variables.len() - 1
                }
            };
            parts.push(ir::UrlPart::Variable(index));
        }
        if !literal.is_empty() {
            parts.push(ir::UrlPart::Literal(literal));
        }
        for name in service.variables.keys() {
            if !variables.iter().any(|v| v.name.wire == name) {
                self.error(
                    &format!("service.variables.{name}"),
                    format!("the variable `{name}` is not used in `base_url`"),
                    Some(format!(
                        "write `{{{name}}}` in the host of `base_url`, or remove it"
                    )),
                );
            }
        }
        self.fit_labels(&parts, &mut variables);
        Some(ir::BaseUrl {
            template: template.clone(),
            parts,
            variables,
        })
    }

    /// Lowers each variable's `max_len` so that its host label, with the template's own
    /// text around it, stays within DNS's 63 characters (`rest-{tier}` leaves 58 for the
    /// tier); a default that no longer fits is reported.
    fn fit_labels(&mut self, parts: &[ir::UrlPart], variables: &mut [ir::Variable]) {
        // The labels of the host: (literal characters, variables), in order.
        let mut labels: Vec<(usize, Vec<usize>)> = vec![(0, Vec::new())];
        let mut in_host = false;
        'parts: for part in parts {
            match part {
                ir::UrlPart::Literal(text) => {
                    let mut text = text.as_str();
                    if !in_host {
                        let Some((_, host)) = text.split_once("://") else {
                            continue;
                        };
                        in_host = true;
                        text = host;
                    }
                    for c in text.chars() {
                        match c {
                            '.' => labels.push((0, Vec::new())),
                            '/' | ':' => break 'parts,
                            _ => {
                                if let Some(label) = labels.last_mut() {
                                    label.0 += 1;
                                }
                            }
                        }
                    }
                }
                ir::UrlPart::Variable(i) => {
                    if let Some(label) = labels.last_mut() {
                        label.1.push(*i);
                    }
                }
            }
        }
        for (literal, mut vars) in labels {
            // The shorter limits are kept first; each later variable gets what is left,
            // keeping one character for each one after it.
            vars.sort_by_key(|&i| variables[i].max_len);
            vars.dedup();
            let mut left = MAX_LABEL.saturating_sub(literal);
            let count = vars.len();
            for (n, &i) in vars.iter().enumerate() {
                let room = left.saturating_sub(count - n - 1).max(1);
                let variable = &mut variables[i];
                if variable.max_len <= room {
                    left = left.saturating_sub(variable.max_len);
                    continue;
                }
                variable.max_len = room;
                left = left.saturating_sub(room);
                if let Some(default) = &variable.default
                    && default.len() > variable.max_len
                {
                    let (wire, max) = (variable.name.wire.clone(), variable.max_len);
                    self.error(
                        &format!("service.variables.{wire}.default"),
                        format!(
                            "the default `{default}` does not fit its host label: with the template's text around it, `{wire}` has room for {max} characters"
                        ),
                        Some(format!("shorten the default to {max} characters at most")),
                    );
                }
            }
        }
    }
}

/// Whether the host (and port) of an `http://` base URL is a loopback host, the only
/// kind the runtime's `BaseUrl` accepts without TLS.
fn is_loopback_authority(authority: &str) -> bool {
    if let Some(inside) = authority.strip_prefix('[') {
        return match inside.split_once(']') {
            Some((address, rest)) if rest.is_empty() || rest.starts_with(':') => {
                address.parse::<Ipv6Addr>().is_ok_and(|a| a.is_loopback())
            }
            _ => false,
        };
    }
    let host = authority.split_once(':').map_or(authority, |(h, _)| h);
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<Ipv4Addr>().is_ok_and(|a| a.is_loopback())
}

fn is_host_label(s: &str, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
