//! A partner's website: a checked http(s) address.

use std::fmt;

/// The most characters of a web address.
const MAX_CHARS: usize = 300;

/// A web address that is safe to link to: `http` or `https` (`https://` is added when no
/// scheme is written), a host with at least one dot made of letters (any alphabet), digits,
/// hyphens and dots, an optional port, then any path or query; no spaces, at most 300
/// characters. The scheme is kept in lower case, the rest as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Website(String);

/// Why a text is not a usable web address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidWebsite {
    /// Nothing written.
    #[error("write the web address, e.g. www.vsb.cz")]
    Empty,
    /// Spaces, line breaks or characters that do not belong in an address.
    #[error("a web address has no spaces, line breaks, quotes or angle brackets")]
    Characters,
    /// Longer than 300 characters.
    #[error("a web address has at most 300 characters")]
    TooLong,
    /// A scheme other than http or https (`javascript:`, `ftp:`, `mailto:` …).
    #[error(
        "only web pages can be linked: write an address starting with https:// or http://, not {0}:"
    )]
    Scheme(String),
    /// No usable host name.
    #[error("write the address with its domain, e.g. www.vsb.cz or https://www.vsb.cz/en")]
    Host,
}

impl Website {
    /// The address written as `raw`.
    pub fn parse(raw: &str) -> Result<Self, InvalidWebsite> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(InvalidWebsite::Empty);
        }
        if text.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '`' | '\\')
        }) {
            return Err(InvalidWebsite::Characters);
        }
        let (scheme, rest) = split_scheme(text);
        let scheme = scheme.map_or_else(|| "https".to_owned(), str::to_ascii_lowercase);
        if scheme != "http" && scheme != "https" {
            return Err(InvalidWebsite::Scheme(scheme));
        }
        let url = format!("{scheme}://{rest}");
        if url.chars().count() > MAX_CHARS {
            return Err(InvalidWebsite::TooLong);
        }
        check_authority(authority(rest))?;
        Ok(Self(url))
    }

    /// The whole address (`https://www.vsb.cz/en`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The host as written (`www.vsb.cz`), for display.
    pub fn host(&self) -> &str {
        let rest = self.0.split_once("://").map_or(self.0.as_str(), |(_, r)| r);
        let authority = authority(rest);
        authority
            .split_once(':')
            .map_or(authority, |(host, _)| host)
    }
}

impl fmt::Display for Website {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The scheme, if one is written, and the rest. A word before a `:` that comes before any
/// `/` and has no dot is a scheme (`javascript:…`, `mailto:…`); `vsb.cz:8080` is a host.
fn split_scheme(text: &str) -> (Option<&str>, &str) {
    if let Some((scheme, rest)) = text.split_once("://") {
        return (Some(scheme), rest);
    }
    let head = text.split(['/', '?', '#']).next().unwrap_or_default();
    match head.split_once(':') {
        Some((scheme, _)) if !scheme.contains('.') => (Some(scheme), text),
        _ => (None, text),
    }
}

/// The host and port part of an address without its scheme.
fn authority(rest: &str) -> &str {
    rest.split(['/', '?', '#']).next().unwrap_or_default()
}

fn check_authority(authority: &str) -> Result<(), InvalidWebsite> {
    let (host, port) = match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    if port.is_some_and(|p| p.is_empty() || p.len() > 5 || !p.chars().all(|c| c.is_ascii_digit())) {
        return Err(InvalidWebsite::Host);
    }
    let labels: Vec<&str> = host.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    if labels.len() < 2 || !labels.iter().all(label_ok) {
        return Err(InvalidWebsite::Host);
    }
    Ok(())
}
