//! The document wallet of a case's people: add, change and remove documents (staff), read
//! them (staff, and the household's own expats). The passport and the person's own permit,
//! visa and insurance dates follow the wallet, with every due date that counts from them,
//! and the history says so; a document already in its renewal window gets its renewal item.

use softland_domain::Case;
use softland_domain::case::{DocumentNo, Holder, Synced, WalletChange, WalletEntry, WalletError};
use softland_domain::date_format::long;
use softland_domain::date_input;
use softland_domain::document::{
    Country, Document, DocumentField, DocumentKind, DocumentNumber, DocumentParts,
};
use softland_domain::person::Passport;

use super::case_dates::DateLines;
use super::{Actor, CommandError, Field, FieldErrors, Problem};
use crate::app::AppState;
use crate::audit::AuditAction;
use crate::db::cases::{self, AuditEntry, Expect};
use crate::db::{portal, recurring, templates};
use crate::ids::CaseId;

/// A document as typed, in a form or JSON: every field text, parsed once here.
#[derive(Debug, Clone, Default)]
pub struct DocumentInput {
    /// [`DocumentKind::as_str`].
    pub kind: String,
    /// The number.
    pub number: String,
    /// The issuing country.
    pub issuing_country: String,
    /// `YYYY-MM-DD`.
    pub issued_on: String,
    /// `YYYY-MM-DD`, or empty for papers that do not expire.
    pub valid_until: String,
}

impl DocumentInput {
    /// The document, or every field's mistake beside its field.
    pub fn parse(&self) -> Result<Document, CommandError> {
        let mut errors = FieldErrors::new();
        let mut note = |field: DocumentField, message: String| {
            errors.add(Field::Document(field).name(), message);
        };
        let kind = DocumentKind::parse(self.kind.trim());
        if kind.is_none() {
            note(DocumentField::Kind, Problem::NotOffered.to_string());
        }
        let number = DocumentNumber::parse(&self.number)
            .map_err(|e| note(DocumentField::Number, e.to_string()))
            .ok();
        let country = Country::parse(&self.issuing_country)
            .map_err(|e| note(DocumentField::Country, e.to_string()))
            .ok();
        let issued_on = date_input::parse(&self.issued_on)
            .map_err(|e| note(DocumentField::IssuedOn, e.to_string()))
            .ok();
        let valid_until = date_input::parse_optional(&self.valid_until)
            .map_err(|e| note(DocumentField::ValidUntil, e.to_string()))
            .ok();
        let (Some(kind), Some(number), Some(country), Some(issued_on), Some(valid_until)) =
            (kind, number, country, issued_on, valid_until)
        else {
            return Err(CommandError::InvalidFields(errors));
        };
        Document::new(DocumentParts {
            kind,
            number,
            country,
            issued_on,
            valid_until,
        })
        .map_err(|e| CommandError::invalid(Field::Document(e.field()), Problem::Document(e)))
    }
}

/// Adds a document to a person's wallet, or replaces one of theirs (staff only).
#[derive(Debug, Clone)]
pub struct SaveDocument {
    /// The case.
    pub case: CaseId,
    /// Whose wallet: the person's position in the case (0 is the principal).
    pub person: usize,
    /// The document to replace; `None` adds one.
    pub document: Option<DocumentNo>,
    /// The version the actor saw.
    pub expect: Expect,
    /// What was typed.
    pub input: DocumentInput,
}

/// Removes a document from a person's wallet (staff only).
#[derive(Debug, Clone, Copy)]
pub struct RemoveDocument {
    /// The case.
    pub case: CaseId,
    /// Whose wallet.
    pub person: usize,
    /// The document.
    pub document: DocumentNo,
    /// The version the actor saw.
    pub expect: Expect,
}

/// What a wallet change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalletSaved {
    /// The document saved or removed.
    pub document: DocumentNo,
    /// In a sentence: the document, the dates that followed and the due dates that moved.
    pub message: String,
}

impl SaveDocument {
    /// Runs it.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<WalletSaved, CommandError> {
        actor.must_be_staff()?;
        let document = self.input.parse()?;
        let stored = cases::load(&state.db, self.case).await?;
        let of_case = templates::of_case(&state.db, &stored.case).await?;
        let catalog = templates::catalog(&state.db).await?;
        let rules = recurring::rules(&of_case, &catalog);
        let today = state.config.today();
        let (person, no) = (self.person, self.document);
        cases::update(&state.db, self.case, actor.id, self.expect, |case, cal| {
            let before = no
                .and_then(|n| case.document(n))
                .map(|e| describe(&e.document));
            let after = describe(&document);
            let change = case
                .save_document(person, no, document.clone(), cal)
                .map_err(|e| refused(&e, person))?;
            let mut audit = vec![AuditEntry::new(
                AuditAction::DocumentChanged,
                subject(case, person),
                before,
                Some(after.clone()),
            )];
            let message = follow(
                case,
                &change,
                &mut audit,
                format!("Document saved: {after}."),
            );
            let renewals = recurring::renewal_entries(case, today, &rules, cal);
            let message = with_renewals(message, &renewals);
            audit.extend(renewals);
            Ok::<_, CommandError>((
                WalletSaved {
                    document: change.no,
                    message,
                },
                audit,
            ))
        })
        .await
        .map_err(CommandError::from)
    }
}

impl RemoveDocument {
    /// Runs it.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<WalletSaved, CommandError> {
        actor.must_be_staff()?;
        let (person, no) = (self.person, self.document);
        cases::update(&state.db, self.case, actor.id, self.expect, |case, cal| {
            let before = case
                .document(no)
                .filter(|e| e.person == person)
                .map(|e| describe(&e.document))
                .ok_or(CommandError::NotFound)?;
            let change = case
                .remove_document(person, no, cal)
                .map_err(|e| refused(&e, person))?;
            let mut audit = vec![AuditEntry::new(
                AuditAction::DocumentChanged,
                subject(case, person),
                Some(before.clone()),
                None,
            )];
            let message = follow(
                case,
                &change,
                &mut audit,
                format!("Document removed: {before}."),
            );
            Ok::<_, CommandError>((
                WalletSaved {
                    document: no,
                    message,
                },
                audit,
            ))
        })
        .await
        .map_err(CommandError::from)
    }
}

/// A person's documents, as the actor may see them: staff, and the expats of the household.
#[derive(Debug, Clone, Copy)]
pub struct ListDocuments {
    /// The case.
    pub case: CaseId,
    /// Whose wallet.
    pub person: usize,
}

impl ListDocuments {
    /// Runs it.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Vec<WalletEntry>, CommandError> {
        if !actor.role.is_staff() && !portal::may_see(&state.db, actor.id, self.case).await? {
            return Err(CommandError::NotFound);
        }
        let stored = cases::load(&state.db, self.case).await?;
        if self.person >= stored.case.people().len() {
            return Err(CommandError::NotFound);
        }
        Ok(stored
            .case
            .documents()
            .iter()
            .filter(|e| e.person == self.person)
            .cloned()
            .collect())
    }
}

fn refused(err: &WalletError, person: usize) -> CommandError {
    match err {
        WalletError::NoSuchDocument => CommandError::NotFound,
        WalletError::NoSuchPerson(_) => {
            CommandError::invalid(Field::Holder, Problem::NoSuchPerson(person))
        }
    }
}

/// "Documents — Asha Rao".
fn subject(case: &Case, person: usize) -> String {
    format!("Documents — {}", case.holder_name(Holder::Person(person)))
}

/// "Passport Z1234567 (India), issued Mon 2 Mar 2017, valid until Mon 1 Mar 2027".
pub fn describe(document: &Document) -> String {
    let until = document
        .valid_until()
        .map(|until| format!(", valid until {}", long(until)))
        .unwrap_or_default();
    format!(
        "{} {} ({}), issued {}{until}",
        document.kind().label(),
        document.number(),
        document.country(),
        long(document.issued_on())
    )
}

fn passport_words(passport: Option<&Passport>) -> Option<String> {
    passport.map(|p| format!("{} until {}", p.number, long(p.expiry)))
}

/// The history lines and the message's words for what followed the wallet change.
fn follow(
    case: &Case,
    change: &WalletChange,
    audit: &mut Vec<AuditEntry>,
    start: String,
) -> String {
    let mut lines = DateLines::default();
    for synced in &change.synced {
        match synced {
            Synced::Date {
                person,
                kind,
                before,
                after,
                change,
            } => lines.record(
                case,
                Holder::Person(*person),
                *kind,
                *before,
                *after,
                change,
            ),
            Synced::Passport {
                person,
                before,
                after,
                change,
            } => {
                lines.audit.push(AuditEntry::new(
                    AuditAction::KeyDateChanged,
                    format!("Passport — {}", case.holder_name(Holder::Person(*person))),
                    passport_words(before.as_ref()),
                    passport_words(after.as_ref()),
                ));
                lines.record_moves(
                    case,
                    softland_domain::KeyDate::PassportExpiry,
                    after.as_ref().map(|p| p.expiry),
                    change,
                );
            }
        }
    }
    let message = if change.synced.is_empty() {
        start
    } else {
        format!("{start} {}", lines.message())
    };
    audit.append(&mut lines.audit);
    message
}

fn with_renewals(mut message: String, renewals: &[AuditEntry]) -> String {
    if !renewals.is_empty() {
        let names: Vec<&str> = renewals.iter().map(|e| e.subject.as_str()).collect();
        message.push_str(" Renewal added: ");
        message.push_str(&names.join("; "));
        message.push('.');
    }
    message
}
