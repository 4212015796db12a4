//! "Events for you": which events suit a household, by the languages it speaks and its
//! interests.

use crate::buddy::Language;
use crate::partner::{Labels, Languages};

/// Whether an event in `language` about `topics` suits a household speaking `speaks` (none
/// recorded: English) with `interests` (none recorded: any topic): the household speaks the
/// event's language, and one of the event's topics is one of its interests (compared without
/// regard to case).
pub fn suits(language: &Language, topics: &Labels, speaks: &Languages, interests: &Labels) -> bool {
    let speaks_it = if speaks.is_empty() {
        *language == Language::english()
    } else {
        speaks.speaks(language)
    };
    let interested = interests.is_empty()
        || topics.as_slice().iter().any(|t| {
            interests
                .as_slice()
                .iter()
                .any(|i| i.to_lowercase() == t.to_lowercase())
        });
    speaks_it && interested
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(name: &str) -> Language {
        Language::parse(name).unwrap()
    }

    #[test]
    fn a_household_without_languages_gets_english_events() {
        let none = Languages::default();
        let any = Labels::default();
        assert!(suits(&lang("English"), &any, &none, &any));
        assert!(!suits(&lang("Czech"), &any, &none, &any));
    }

    #[test]
    fn interests_narrow_the_events_down() {
        let speaks = Languages::parse("Czech, English").unwrap();
        let interests = Labels::parse("Taxes, housing").unwrap();
        let taxes = Labels::parse("taxes, work").unwrap();
        let meetup = Labels::parse("community").unwrap();
        assert!(suits(&lang("english"), &taxes, &speaks, &interests));
        assert!(!suits(&lang("English"), &meetup, &speaks, &interests));
        assert!(!suits(&lang("Ukrainian"), &taxes, &speaks, &interests));
    }
}
