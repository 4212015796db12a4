//! Stable identifiers used in template files: item keys (`reg-tcn`) and route keys.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

const MAX_KEY_LEN: usize = 64;

/// Why a text is not a valid key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidKey {
    /// Nothing was given.
    #[error("a key cannot be empty")]
    Empty,
    /// Longer than the limit.
    #[error("a key has at most {MAX_KEY_LEN} characters")]
    TooLong,
    /// Characters outside the allowed set.
    #[error("`{0}` is not a key: use lowercase letters, digits and single hyphens, e.g. `reg-tcn`")]
    Malformed(String),
}

fn check_key(raw: &str) -> Result<(), InvalidKey> {
    if raw.is_empty() {
        return Err(InvalidKey::Empty);
    }
    if raw.len() > MAX_KEY_LEN {
        return Err(InvalidKey::TooLong);
    }
    let allowed = raw
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !allowed || raw.starts_with('-') || raw.ends_with('-') || raw.contains("--") {
        return Err(InvalidKey::Malformed(raw.to_owned()));
    }
    Ok(())
}

macro_rules! key_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Parses a key: lowercase letters, digits and single inner hyphens.
            pub fn parse(raw: &str) -> Result<Self, InvalidKey> {
                check_key(raw)?;
                Ok(Self(raw.to_owned()))
            }

            /// The key as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = InvalidKey;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidKey;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                check_key(&s)?;
                Ok(Self(s))
            }
        }

        impl From<$name> for String {
            fn from(k: $name) -> String {
                k.0
            }
        }
    };
}

key_type!(
    /// The stable key of a checklist item, e.g. `reg-tcn` (the fact sheet's rule id where one
    /// applies). A case's items keep their key when templates change.
    ItemKey
);
key_type!(
    /// The stable key of a route, e.g. `employee-card`.
    RouteKey
);

impl ItemKey {
    /// The key of a case's `number`-th custom item: `custom-3`.
    pub fn custom(number: usize) -> Self {
        Self(format!("custom-{number}"))
    }

    /// Whether this is a custom item's key.
    pub fn is_custom(&self) -> bool {
        self.0.starts_with("custom-")
    }

    /// The key of the next occurrence of a repeated duty: `addr-tcn` → `addr-tcn-r2` →
    /// `addr-tcn-r3`. Always a valid key (a long base is shortened).
    #[must_use]
    pub fn next_occurrence(&self) -> Self {
        let (base, n) = self
            .0
            .rsplit_once("-r")
            .and_then(|(base, n)| {
                let n: u32 = n.parse().ok()?;
                (!n.to_string().is_empty() && n >= 2).then_some((base, n + 1))
            })
            .unwrap_or((self.0.as_str(), 2));
        let suffix = format!("-r{n}");
        let mut base = base
            .chars()
            .take(MAX_KEY_LEN - suffix.len())
            .collect::<String>();
        while base.ends_with('-') {
            base.pop();
        }
        Self(format!("{base}{suffix}"))
    }

    /// The key of the first occurrence: `addr-tcn-r3` → `addr-tcn`.
    #[must_use]
    pub fn first_occurrence(&self) -> Self {
        match self.0.rsplit_once("-r") {
            Some((base, n)) if n.parse::<u32>().is_ok_and(|n| n >= 2) && !base.is_empty() => {
                Self(base.to_owned())
            }
            _ => self.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_count_up_from_two_and_stay_valid_keys() {
        let key = ItemKey::parse("addr-tcn").unwrap();
        let second = key.next_occurrence();
        assert_eq!(second.as_str(), "addr-tcn-r2");
        assert_eq!(second.next_occurrence().as_str(), "addr-tcn-r3");
        assert_eq!(second.next_occurrence().first_occurrence(), key);
        assert_eq!(
            ItemKey::parse("ec-gap-60")
                .unwrap()
                .next_occurrence()
                .as_str(),
            "ec-gap-60-r2"
        );
        let long = ItemKey::parse(&"a".repeat(64)).unwrap().next_occurrence();
        assert!(ItemKey::parse(long.as_str()).is_ok() && long.as_str().ends_with("-r2"));
    }

    #[test]
    fn keys_accept_lowercase_digits_and_inner_hyphens() {
        assert_eq!(
            ItemKey::parse("ext-ltr").map(|k| k.to_string()),
            Ok("ext-ltr".into())
        );
        assert!(ItemKey::parse("osvc-ossz2").is_ok());
    }

    #[test]
    fn keys_refuse_other_shapes() {
        assert_eq!(ItemKey::parse(""), Err(InvalidKey::Empty));
        for bad in [
            "Reg-TCN", "reg tcn", "-reg", "reg-", "reg--tcn", "reg_tcn", "ř",
        ] {
            assert!(
                matches!(ItemKey::parse(bad), Err(InvalidKey::Malformed(_))),
                "{bad}"
            );
        }
        assert_eq!(ItemKey::parse(&"a".repeat(65)), Err(InvalidKey::TooLong));
    }
}
