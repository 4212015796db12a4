//! The partner network (issue 21): the organisations the centre refers expats to, their
//! types, opening hours, websites, languages and services; referrals and their outcome; the
//! partnership agreement; "who can help" beside a checklist item; and the progress summary an
//! employer sees of an employee's case.

mod agreement;
mod consent;
mod help;
mod hours;
mod lists;
mod name_key;
mod progress;
mod referral;
mod website;

pub use crate::buddy::{InvalidLanguage, InvalidPhone, Language, Phone};
pub use agreement::{Agreement, AgreementStatus, InvalidAgreement};
pub use consent::ConsentHow;
pub use help::{Candidate, Help, Helper, who_can_help};
pub use hours::{HoursProblem, InvalidOpeningHours, OpeningHours};
pub use lists::{InvalidLabels, InvalidLanguages, Labels, Languages};
pub use name_key::name_key;
pub use progress::{Progress, Step, StepState, progress};
pub use referral::{Category, InvalidReferralStep, ReferralEvent, ReferralStatus};
pub use website::{InvalidWebsite, Website};

use std::fmt;

/// The most characters of a partner type's key.
const MAX_SLUG: usize = 40;

/// The key of a partner type (`language-school`): 2–40 lowercase letters a–z, digits and
/// single hyphens, neither first nor last. Used in URLs, filters and storage.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KindSlug(String);

/// Why a text is not a partner type's key (or gives none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidKind {
    /// Shorter than 2 or longer than 40 characters.
    #[error("a type's key has 2 to 40 characters, e.g. language-school")]
    Length,
    /// A character other than a–z, 0–9 or a hyphen.
    #[error(
        "a type's key has lowercase letters a–z, digits and hyphens only, e.g. language-school"
    )]
    Characters,
    /// A hyphen first, last or twice in a row.
    #[error("a type's key cannot start or end with a hyphen or have two in a row")]
    Hyphens,
    /// The name has no Latin letters or digits to make a key of.
    #[error("write the type's name with Latin letters, e.g. Language school")]
    NoLetters,
}

impl KindSlug {
    /// The key written as `raw` (surrounding spaces ignored).
    pub fn parse(raw: &str) -> Result<Self, InvalidKind> {
        let text = raw.trim();
        if !(2..=MAX_SLUG).contains(&text.len()) {
            return Err(InvalidKind::Length);
        }
        if !text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(InvalidKind::Characters);
        }
        if text.starts_with('-') || text.ends_with('-') || text.contains("--") {
            return Err(InvalidKind::Hyphens);
        }
        Ok(Self(text.to_owned()))
    }

    /// The key made from a type's name: "Language school" → `language-school`,
    /// "Kindergarten / school" → `kindergarten-school`, "Úřad" → `urad` (diacritics folded,
    /// anything else between words becomes one hyphen, cut to 40 characters).
    pub fn from_name(name: &str) -> Result<Self, InvalidKind> {
        let folded = name_key::fold(name);
        let words: Vec<&str> = folded
            .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
            .filter(|w| !w.is_empty())
            .collect();
        let mut slug = words.join("-");
        if slug.is_empty() {
            return Err(InvalidKind::NoLetters);
        }
        slug.truncate(MAX_SLUG);
        Self::parse(slug.trim_end_matches('-'))
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for KindSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name of a partner type as people read it ("Language school"): trimmed, 2–60
/// characters, no line breaks or tabs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KindName(String);

/// Why a text is not a partner type's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidKindName {
    /// Shorter than 2 or longer than 60 characters.
    #[error("write the type's name, 2 to 60 characters, e.g. Language school")]
    Length,
    /// Line breaks, tabs or other control characters.
    #[error("the type's name cannot contain line breaks or tabs")]
    Characters,
}

impl KindName {
    /// The name written as `raw`.
    pub fn parse(raw: &str) -> Result<Self, InvalidKindName> {
        let text = raw.trim();
        if !(2..=60).contains(&text.chars().count()) {
            return Err(InvalidKindName::Length);
        }
        if text.chars().any(char::is_control) {
            return Err(InvalidKindName::Characters);
        }
        Ok(Self(text.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for KindName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests;
