//! The document wallet as pages show it: each person's documents on the case page (with the
//! forms to add and remove them) and, read-only, in the expat portal.

use softland_domain::date_format::long;
use softland_domain::deadline::Anchor;
use softland_domain::document::DocumentKind;
use softland_domain::{Case, Holder};

use crate::commands::FieldErrors;

/// A document in one line.
pub struct DocumentLine {
    /// Its number within the case (for the forms' addresses).
    pub no: u32,
    /// "Passport".
    pub kind: &'static str,
    /// The number.
    pub number: String,
    /// The issuing country.
    pub country: String,
    /// "Mon 1 Mar 2027", or empty for papers that do not expire.
    pub valid_until: String,
    /// The day its renewal window opens, when the checklist has the renewal item; or empty.
    pub renew_from: String,
}

/// A person's documents, for the portal.
pub struct PersonDocuments {
    /// The person's name.
    pub name: String,
    /// Their documents.
    pub documents: Vec<DocumentLine>,
}

/// What was typed into a refused document form, with each field's message.
#[derive(Debug, Clone, Default)]
pub struct WalletTyped {
    /// Whose wallet the form was for.
    pub person: Option<usize>,
    /// The document being changed (its number in the case); `None` adds one.
    pub document: Option<u32>,
    /// The kind chosen.
    pub kind: String,
    /// The number typed.
    pub number: String,
    /// The country typed.
    pub issuing_country: String,
    /// The issue date typed.
    pub issued_on: String,
    /// The valid-until date typed.
    pub valid_until: String,
    /// Messages by field name.
    pub errors: FieldErrors,
}

impl WalletTyped {
    /// Whether this is the form of person `person`.
    #[expect(
        clippy::trivially_copy_pass_by_ref,
        reason = "the template passes its values by reference"
    )]
    pub fn is_for(&self, person: &usize) -> bool {
        self.person == Some(*person)
    }
}

impl WalletTyped {
    /// The form of person `person` filled with document `no` of `case`, to change it; `None`
    /// when the case has no such document of theirs.
    pub fn changing(case: &Case, person: usize, no: u32) -> Option<Self> {
        let entry = case
            .documents()
            .iter()
            .find(|e| e.person == person && e.no.get() == no)?;
        let d = &entry.document;
        Some(Self {
            person: Some(person),
            document: Some(no),
            kind: d.kind().as_str().to_owned(),
            number: d.number().as_str().to_owned(),
            issuing_country: d.country().as_str().to_owned(),
            issued_on: d.issued_on().to_string(),
            valid_until: d.valid_until().map(|v| v.to_string()).unwrap_or_default(),
            errors: FieldErrors::new(),
        })
    }
}

/// Every kind as (value, label), for the form's select.
pub fn kinds() -> Vec<(&'static str, &'static str)> {
    DocumentKind::ALL
        .into_iter()
        .map(|k| (k.as_str(), k.label()))
        .collect()
}

/// Person `person`'s documents.
pub fn lines(case: &Case, person: usize) -> Vec<DocumentLine> {
    case.documents()
        .iter()
        .filter(|e| e.person == person)
        .map(|e| {
            let d = &e.document;
            DocumentLine {
                no: e.no.get(),
                kind: d.kind().label(),
                number: d.number().to_string(),
                country: d.country().to_string(),
                valid_until: d.valid_until().map(long).unwrap_or_default(),
                renew_from: renew_from(case, person, d.kind()),
            }
        })
        .collect()
}

/// Every person's documents, for the portal (people without any left out).
pub fn household(case: &Case) -> Vec<PersonDocuments> {
    case.people()
        .iter()
        .enumerate()
        .map(|(i, p)| PersonDocuments {
            name: p.name.to_string(),
            documents: lines(case, i),
        })
        .filter(|p| !p.documents.is_empty())
        .collect()
}

/// When the open renewal item of `person` for documents of `kind` opens its window.
fn renew_from(case: &Case, person: usize, kind: DocumentKind) -> String {
    let Some(date) = kind.key_date() else {
        return String::new();
    };
    case.items()
        .iter()
        .filter(|i| i.holder() == Holder::Person(person) && i.status().kind().is_open())
        .filter(|i| matches!(i.rule().map(softland_domain::DeadlineRule::anchor), Some(Anchor::Date(k)) if *k == date))
        .find_map(softland_domain::ChecklistItem::opens)
        .map(long)
        .unwrap_or_default()
}
