//! The people of a case: the principal and dependants, with their identity documents.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

const MAX_NAME_LEN: usize = 200;
const MAX_EMAIL_LEN: usize = 254;

/// A value that failed to parse, with a message that can stand beside the form field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidValue(pub String);

fn invalid(msg: impl Into<String>) -> InvalidValue {
    InvalidValue(msg.into())
}

macro_rules! text_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The value as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidValue;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }
    };
}

text_newtype!(
    /// A person's full name as in the passport: 1–200 characters, no control characters.
    PersonName
);
text_newtype!(
    /// A passport number: 5–20 letters and digits, stored upper-case without spaces.
    PassportNumber
);
text_newtype!(
    /// A nationality or citizenship as written by the consultant (e.g. "Indian").
    Nationality
);
text_newtype!(
    /// An e-mail address, stored in lower case.
    Email
);

fn plain_text(raw: &str, what: &str, max: usize) -> Result<String, InvalidValue> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(invalid(format!("please enter the {what}")));
    }
    if text.chars().count() > max {
        return Err(invalid(format!("the {what} has at most {max} characters")));
    }
    if text.chars().any(char::is_control) {
        return Err(invalid(format!(
            "the {what} cannot contain line breaks or tabs"
        )));
    }
    Ok(text.to_owned())
}

impl PersonName {
    /// Parses a name.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        plain_text(raw, "name", MAX_NAME_LEN).map(Self)
    }
}

impl Nationality {
    /// Parses a nationality.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        plain_text(raw, "nationality", 60).map(Self)
    }
}

impl PassportNumber {
    /// Parses a passport number, ignoring spaces and case.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        let upper = compact.to_uppercase();
        if upper.is_empty() {
            return Err(invalid("please enter the passport number"));
        }
        if !(5..=20).contains(&upper.len()) || !upper.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(invalid("a passport number has 5–20 letters and digits"));
        }
        Ok(Self(upper))
    }
}

impl Email {
    /// Parses an e-mail address (one `@`, a dotted domain, no spaces).
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let text = raw.trim().to_lowercase();
        let valid = text.len() <= MAX_EMAIL_LEN
            && !text.chars().any(|c| c.is_whitespace() || c.is_control())
            && text.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            });
        if valid {
            Ok(Self(text))
        } else {
            Err(invalid("enter an e-mail address like name@example.com"))
        }
    }
}

/// A passport: number and last day of validity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passport {
    /// The number.
    pub number: PassportNumber,
    /// Last day of validity.
    pub expiry: NaiveDate,
}

/// How a person relates to the principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The person the case is about.
    Principal,
    /// Spouse or registered partner.
    Spouse,
    /// Child.
    Child,
    /// Parent.
    Parent,
    /// Another dependent relative.
    Other,
}

impl Relation {
    /// Every relation.
    pub const ALL: [Relation; 5] = [
        Relation::Principal,
        Relation::Spouse,
        Relation::Child,
        Relation::Parent,
        Relation::Other,
    ];

    /// The identifier in forms and storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Principal => "principal",
            Relation::Spouse => "spouse",
            Relation::Child => "child",
            Relation::Parent => "parent",
            Relation::Other => "other",
        }
    }

    /// Parses [`Relation::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == raw)
    }

    /// A label: "Spouse".
    pub fn label(self) -> &'static str {
        match self {
            Relation::Principal => "Principal",
            Relation::Spouse => "Spouse",
            Relation::Child => "Child",
            Relation::Parent => "Parent",
            Relation::Other => "Other relative",
        }
    }
}

/// A member of the household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Full name.
    pub name: PersonName,
    /// Relation to the principal.
    pub relation: Relation,
    /// Date of birth.
    pub date_of_birth: NaiveDate,
    /// Nationality.
    pub nationality: Nationality,
    /// E-mail, where known.
    pub email: Option<Email>,
    /// Passport, where known.
    pub passport: Option<Passport>,
}

impl Person {
    /// Age in whole years on `date` (0 before the birthday).
    pub fn age_on(&self, date: NaiveDate) -> u32 {
        let born = self.date_of_birth;
        if date < born {
            return 0;
        }
        let mut years = date.year() - born.year();
        if (date.month(), date.day()) < (born.month(), born.day()) {
            years -= 1;
        }
        u32::try_from(years).unwrap_or(0)
    }
}
