//! The search in the navigation, across the whole team: people by name, e-mail or passport
//! number, and checklist items by title, each kind bounded. The text is parsed once here, so
//! that the page and the API refuse the same text with the same words.

use std::collections::HashMap;

use super::{Actor, CommandError, Field};
use crate::app::AppState;
use crate::db::search::{self, Found, ItemFound, PersonFound};
use crate::db::templates;

/// Shortest search text, in characters.
pub const MIN_CHARS: usize = 2;
/// Longest search text, in characters (the case list's limit too).
pub const MAX_CHARS: usize = 100;
/// Most results of each kind.
pub const LIMIT: u64 = 20;

/// Text to search for: trimmed, 2–100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText(String);

/// Why a text is not searched for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SearchRefusal {
    /// Nothing typed.
    #[error("type a name, e-mail, passport number or item title to search for")]
    Empty,
    /// Too short to mean anything.
    #[error("type at least {MIN_CHARS} characters to search for")]
    TooShort,
    /// Longer than any name, e-mail or title.
    #[error("search for at most {MAX_CHARS} characters")]
    TooLong,
    /// Line breaks and other control characters.
    #[error("search for letters, digits and punctuation only")]
    Control,
}

impl SearchText {
    /// The text as typed.
    pub fn parse(raw: &str) -> Result<Self, SearchRefusal> {
        let text = raw.trim();
        let chars = text.chars().count();
        if text.is_empty() {
            Err(SearchRefusal::Empty)
        } else if chars > MAX_CHARS {
            Err(SearchRefusal::TooLong)
        } else if text.chars().any(char::is_control) {
            Err(SearchRefusal::Control)
        } else if chars < MIN_CHARS {
            Err(SearchRefusal::TooShort)
        } else {
            Ok(Self(text.to_owned()))
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A route by its key and its name (the name of its newest template; the key if it has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteLabel {
    /// The key.
    pub key: String,
    /// The name.
    pub name: String,
}

/// A person found.
#[derive(Debug, Clone)]
pub struct PersonHit {
    /// The person and their case.
    pub person: PersonFound,
    /// The case's routes.
    pub routes: Vec<RouteLabel>,
}

/// An item found.
#[derive(Debug, Clone)]
pub struct ItemHit {
    /// The item and its case.
    pub item: ItemFound,
    /// Its route, if it comes from one.
    pub route: Option<RouteLabel>,
}

/// What a search found.
#[derive(Debug, Clone)]
pub struct SearchResults {
    /// People, at most [`LIMIT`].
    pub people: Vec<PersonHit>,
    /// Whether more people matched.
    pub more_people: bool,
    /// Items, at most [`LIMIT`].
    pub items: Vec<ItemHit>,
    /// Whether more items matched.
    pub more_items: bool,
}

/// Searches the whole team's cases (staff only).
#[derive(Debug, Clone)]
pub struct SearchEverything {
    /// What to look for.
    pub text: SearchText,
}

impl SearchEverything {
    /// The text as typed; refused as a problem of the `q` field.
    pub fn text(raw: &str) -> Result<SearchText, CommandError> {
        SearchText::parse(raw).map_err(|e| CommandError::invalid(Field::Search, e))
    }

    /// Runs it.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<SearchResults, CommandError> {
        actor.must_be_staff()?;
        let db = &state.db;
        let Found {
            rows: people,
            more: more_people,
        } = search::people(db, self.text.as_str(), LIMIT).await?;
        let Found {
            rows: items,
            more: more_items,
        } = search::items(db, self.text.as_str(), LIMIT).await?;
        let names: HashMap<String, String> =
            templates::route_names(db).await?.iter().cloned().collect();
        let label = |key: &str| RouteLabel {
            key: key.to_owned(),
            name: names.get(key).cloned().unwrap_or_else(|| key.to_owned()),
        };
        Ok(SearchResults {
            people: people
                .into_iter()
                .map(|person| PersonHit {
                    routes: person.routes.iter().map(|k| label(k)).collect(),
                    person,
                })
                .collect(),
            more_people,
            items: items
                .into_iter()
                .map(|item| ItemHit {
                    route: item.route.as_deref().map(label),
                    item,
                })
                .collect(),
            more_items,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{SearchRefusal, SearchText};

    #[test]
    fn search_text_is_trimmed_and_bounded() {
        assert_eq!(SearchText::parse("  Rao ").unwrap().as_str(), "Rao");
        assert_eq!(SearchText::parse(" "), Err(SearchRefusal::Empty));
        assert_eq!(SearchText::parse("a"), Err(SearchRefusal::TooShort));
        assert_eq!(SearchText::parse("ř%").unwrap().as_str(), "ř%");
        assert!(SearchText::parse(&"é".repeat(100)).is_ok());
        assert_eq!(
            SearchText::parse(&"é".repeat(101)),
            Err(SearchRefusal::TooLong)
        );
        assert_eq!(SearchText::parse("a\0b"), Err(SearchRefusal::Control));
    }
}
