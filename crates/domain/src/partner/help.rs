//! "Who can help" beside a checklist item: the partners named for it or of the types named
//! for it, kept when they speak a language of the household.

use crate::buddy::Language;

use super::Languages;

/// A partner that may help with an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// The partner's id.
    pub id: i64,
    /// Its name (the order of equally good ones).
    pub name: &'a str,
    /// The languages it speaks.
    pub languages: &'a Languages,
    /// Whether the item names this partner itself rather than its type.
    pub named: bool,
}

/// A partner shown as able to help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Helper {
    /// The partner's id.
    pub id: i64,
    /// The household's languages it speaks, the household's preferred first.
    pub shared: Vec<Language>,
}

/// Who can help, and how many were left out for want of a shared language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    /// Partners speaking a language of the household: named ones first, then those sharing
    /// more languages, then by name (ignoring case), then by id.
    pub speaking: Vec<Helper>,
    /// Distinct partners left out because they share no language with the household.
    pub others: usize,
}

/// The candidates who can help a household speaking `household` (preferred first). A
/// household with no languages recorded counts as speaking English, the centre's own
/// language. A partner listed twice (named, and of a named type) appears once, as named.
pub fn who_can_help(candidates: &[Candidate<'_>], household: &[Language]) -> Help {
    let english = [Language::english()];
    let household = if household.is_empty() {
        &english[..]
    } else {
        household
    };
    let mut distinct: Vec<Candidate<'_>> = Vec::new();
    for candidate in candidates {
        match distinct.iter_mut().find(|c| c.id == candidate.id) {
            Some(seen) => seen.named |= candidate.named,
            None => distinct.push(*candidate),
        }
    }
    let mut speaking: Vec<(Candidate<'_>, Vec<Language>)> = distinct
        .iter()
        .map(|c| (*c, c.languages.shared_with(household)))
        .filter(|(_, shared)| !shared.is_empty())
        .collect();
    speaking.sort_by(|(a, shared_a), (b, shared_b)| {
        b.named
            .cmp(&a.named)
            .then(shared_b.len().cmp(&shared_a.len()))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
            .then(a.id.cmp(&b.id))
    });
    Help {
        others: distinct.len() - speaking.len(),
        speaking: speaking
            .into_iter()
            .map(|(c, shared)| Helper { id: c.id, shared })
            .collect(),
    }
}
