//! Comma-separated lists a partner form takes: the languages spoken, and labels (services
//! offered, tags).

use crate::buddy::{InvalidLanguage, Language};

/// The most languages one partner lists.
const MAX_LANGUAGES: usize = 12;
/// The most labels in one list.
const MAX_LABELS: usize = 20;
/// The most characters of one label.
const MAX_LABEL_CHARS: usize = 60;

/// The languages a partner speaks, each once, in the order given (compared without regard
/// to case, as [`Language`] is).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Languages(Vec<Language>);

/// Why a list of languages is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidLanguages {
    /// One name is not a language's name.
    #[error("“{name}”: {reason}")]
    Language {
        /// The name as written.
        name: String,
        /// What is wrong with it.
        reason: InvalidLanguage,
    },
    /// More than 12 languages.
    #[error("list at most 12 languages")]
    TooMany,
}

impl Languages {
    /// The languages in `languages`, each once (the first mention kept), in their order.
    /// Unlike [`Languages::parse`] it does not limit their number.
    pub fn new(languages: Vec<Language>) -> Self {
        let mut kept: Vec<Language> = Vec::with_capacity(languages.len());
        for language in languages {
            if !kept.contains(&language) {
                kept.push(language);
            }
        }
        Self(kept)
    }

    /// A comma-separated list ("English, Czech, ukrainian"); repeats are ignored, blank input
    /// is an empty list, at most 12 languages.
    pub fn parse(raw: &str) -> Result<Self, InvalidLanguages> {
        let languages = raw
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(|name| {
                Language::parse(name).map_err(|reason| InvalidLanguages::Language {
                    name: name.to_owned(),
                    reason,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let languages = Self::new(languages);
        if languages.0.len() > MAX_LANGUAGES {
            return Err(InvalidLanguages::TooMany);
        }
        Ok(languages)
    }

    /// The languages, in order.
    pub fn as_slice(&self) -> &[Language] {
        &self.0
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// "English, Czech, Ukrainian", which [`Languages::parse`] reads back.
    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(Language::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether `language` is in the list.
    pub fn speaks(&self, language: &Language) -> bool {
        self.0.contains(language)
    }

    /// The languages of `others` that are in this list, in the order of `others` (a
    /// household's preferred language first), each once.
    pub fn shared_with(&self, others: &[Language]) -> Vec<Language> {
        Self::new(others.iter().filter(|l| self.speaks(l)).cloned().collect()).0
    }
}

/// Short labels (services offered, tags): each trimmed, 1–60 characters, no line breaks or
/// tabs, each once (compared without regard to case, the first spelling kept), at most 20.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Labels(Vec<String>);

/// Why a list of labels is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidLabels {
    /// One label is longer than 60 characters.
    #[error("“{0}” is longer than 60 characters")]
    TooLong(String),
    /// A label with a line break, tab or other control character.
    #[error("a label cannot contain line breaks or tabs; separate labels with commas")]
    Characters,
    /// More than 20 labels.
    #[error("list at most 20, separated by commas")]
    TooMany,
}

impl Labels {
    /// A comma-separated list ("GP, paediatrics, vaccination"); blank input is an empty
    /// list.
    pub fn parse(raw: &str) -> Result<Self, InvalidLabels> {
        let mut labels: Vec<String> = Vec::new();
        for label in raw.split(',').map(str::trim).filter(|l| !l.is_empty()) {
            if label.chars().any(char::is_control) {
                return Err(InvalidLabels::Characters);
            }
            if label.chars().count() > MAX_LABEL_CHARS {
                return Err(InvalidLabels::TooLong(label.to_owned()));
            }
            let lower = label.to_lowercase();
            if !labels.iter().any(|l| l.to_lowercase() == lower) {
                labels.push(label.to_owned());
            }
        }
        if labels.len() > MAX_LABELS {
            return Err(InvalidLabels::TooMany);
        }
        Ok(Self(labels))
    }

    /// The labels, in order.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// "GP, paediatrics, vaccination", which [`Labels::parse`] reads back.
    pub fn to_text(&self) -> String {
        self.0.join(", ")
    }

    /// Whether `query` is part of any label, without regard to case (a filter); a blank query
    /// matches every list.
    pub fn matches(&self, query: &str) -> bool {
        let query = query.trim().to_lowercase();
        query.is_empty() || self.0.iter().any(|l| l.to_lowercase().contains(&query))
    }
}
