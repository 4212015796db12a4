//! A person's papers in the document wallet: passport, residence card, visa, insurance
//! contract, extracts and certificates, each with its number, issuing country and dates.

use std::fmt;

use chrono::NaiveDate;

use crate::key_date::KeyDate;
use crate::person::{InvalidValue, PassportNumber};

/// What kind of paper a wallet document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocumentKind {
    /// A passport (travel document).
    Passport,
    /// A residence permit card (long-term or permanent residence, employee or Blue Card).
    ResidencePermit,
    /// A long-term visa (sticker in the passport).
    Visa,
    /// A health-insurance contract.
    HealthInsurance,
    /// An extract from the trade register.
    TradeLicenceExtract,
    /// A birth certificate.
    BirthCertificate,
    /// A marriage certificate.
    MarriageCertificate,
    /// An extract from the criminal records of a country.
    CriminalRecordExtract,
}

impl DocumentKind {
    /// Every kind, in the order forms offer them.
    pub const ALL: [DocumentKind; 8] = [
        DocumentKind::Passport,
        DocumentKind::ResidencePermit,
        DocumentKind::Visa,
        DocumentKind::HealthInsurance,
        DocumentKind::TradeLicenceExtract,
        DocumentKind::BirthCertificate,
        DocumentKind::MarriageCertificate,
        DocumentKind::CriminalRecordExtract,
    ];

    /// The identifier in forms, the API and storage.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Passport => "passport",
            DocumentKind::ResidencePermit => "residence_permit",
            DocumentKind::Visa => "visa",
            DocumentKind::HealthInsurance => "health_insurance",
            DocumentKind::TradeLicenceExtract => "trade_licence_extract",
            DocumentKind::BirthCertificate => "birth_certificate",
            DocumentKind::MarriageCertificate => "marriage_certificate",
            DocumentKind::CriminalRecordExtract => "criminal_record_extract",
        }
    }

    /// Parses [`DocumentKind::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }

    /// A label: "Residence card".
    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::Passport => "Passport",
            DocumentKind::ResidencePermit => "Residence card",
            DocumentKind::Visa => "Long-term visa",
            DocumentKind::HealthInsurance => "Health insurance",
            DocumentKind::TradeLicenceExtract => "Trade-register extract",
            DocumentKind::BirthCertificate => "Birth certificate",
            DocumentKind::MarriageCertificate => "Marriage certificate",
            DocumentKind::CriminalRecordExtract => "Criminal-record extract",
        }
    }

    /// The key date a document of this kind supplies for its person: the last day of
    /// validity of a card, a visa, a passport or an insurance contract. The wallet is that
    /// date's one source: the person's own date follows the newest such document.
    pub fn key_date(self) -> Option<KeyDate> {
        match self {
            DocumentKind::Passport => Some(KeyDate::PassportExpiry),
            DocumentKind::ResidencePermit => Some(KeyDate::PermitExpiry),
            DocumentKind::Visa => Some(KeyDate::VisaExpiry),
            DocumentKind::HealthInsurance => Some(KeyDate::InsuranceEnd),
            _ => None,
        }
    }

    /// Whether a document of this kind must say until when it is valid (the kinds that
    /// supply a key date); certificates and extracts need not.
    pub fn must_expire(self) -> bool {
        self.key_date().is_some()
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A document's number as printed on it: 1–40 letters, digits, spaces, `-` and `/`, stored
/// upper-case with single spaces.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocumentNumber(String);

impl DocumentNumber {
    /// Parses a number.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            return Err(InvalidValue("please enter the document number".to_owned()));
        }
        let allowed = |c: char| c.is_alphanumeric() || matches!(c, ' ' | '-' | '/');
        if text.chars().count() > 40 || !text.chars().all(allowed) {
            return Err(InvalidValue(
                "a document number has at most 40 letters, digits, spaces, - and /".to_owned(),
            ));
        }
        Ok(Self(text.to_uppercase()))
    }

    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The country (or authority's country) that issued a document, as written: "India".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Country(String);

impl Country {
    /// Parses a country name: 2–60 characters, no line breaks.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(InvalidValue("please enter the issuing country".to_owned()));
        }
        if !(2..=60).contains(&text.chars().count()) || text.chars().any(char::is_control) {
            return Err(InvalidValue(
                "the issuing country has 2–60 characters on one line".to_owned(),
            ));
        }
        Ok(Self(text.to_owned()))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The fields of a document form, each named the same in a form and in the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocumentField {
    /// The kind.
    Kind,
    /// The number.
    Number,
    /// The issuing country.
    Country,
    /// The day it was issued.
    IssuedOn,
    /// The last day it is valid.
    ValidUntil,
}

impl DocumentField {
    /// The field's name in forms and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentField::Kind => "kind",
            DocumentField::Number => "number",
            DocumentField::Country => "issuing_country",
            DocumentField::IssuedOn => "issued_on",
            DocumentField::ValidUntil => "valid_until",
        }
    }
}

/// Why the parts of a document do not make one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    /// It would end before it began.
    #[error("the valid-until date must be on or after the issue date ({issued_on})")]
    ValidUntilBeforeIssued {
        /// The issue date.
        issued_on: NaiveDate,
        /// The valid-until date given.
        valid_until: NaiveDate,
    },
    /// A passport, card, visa or insurance without its last day.
    #[error("please enter the valid-until date: a {} always has one", .0.label().to_lowercase())]
    ValidUntilMissing(DocumentKind),
    /// A passport whose number is not a passport number.
    #[error("{0}")]
    PassportNumber(InvalidValue),
}

impl DocumentError {
    /// The field the message belongs beside.
    pub fn field(&self) -> DocumentField {
        match self {
            DocumentError::ValidUntilBeforeIssued { .. } | DocumentError::ValidUntilMissing(_) => {
                DocumentField::ValidUntil
            }
            DocumentError::PassportNumber(_) => DocumentField::Number,
        }
    }
}

/// What a document is made of, before [`Document::new`] checks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentParts {
    /// The kind.
    pub kind: DocumentKind,
    /// The number.
    pub number: DocumentNumber,
    /// The issuing country.
    pub country: Country,
    /// The day it was issued.
    pub issued_on: NaiveDate,
    /// Its last day of validity, for kinds that expire.
    pub valid_until: Option<NaiveDate>,
}

/// A document in a person's wallet: never valid until before it was issued, and a passport,
/// card, visa or insurance always with its last day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    parts: DocumentParts,
}

impl Document {
    /// Checks `parts`.
    pub fn new(parts: DocumentParts) -> Result<Self, DocumentError> {
        match parts.valid_until {
            Some(until) if until < parts.issued_on => {
                return Err(DocumentError::ValidUntilBeforeIssued {
                    issued_on: parts.issued_on,
                    valid_until: until,
                });
            }
            None if parts.kind.must_expire() => {
                return Err(DocumentError::ValidUntilMissing(parts.kind));
            }
            _ => {}
        }
        if parts.kind == DocumentKind::Passport {
            PassportNumber::parse(parts.number.as_str()).map_err(DocumentError::PassportNumber)?;
        }
        Ok(Self { parts })
    }

    /// The kind.
    pub fn kind(&self) -> DocumentKind {
        self.parts.kind
    }

    /// The number.
    pub fn number(&self) -> &DocumentNumber {
        &self.parts.number
    }

    /// The issuing country.
    pub fn country(&self) -> &Country {
        &self.parts.country
    }

    /// The day it was issued.
    pub fn issued_on(&self) -> NaiveDate {
        self.parts.issued_on
    }

    /// Its last day of validity, if it expires.
    pub fn valid_until(&self) -> Option<NaiveDate> {
        self.parts.valid_until
    }

    /// The passport this document is, if it is one.
    pub fn passport(&self) -> Option<crate::person::Passport> {
        if self.parts.kind != DocumentKind::Passport {
            return None;
        }
        Some(crate::person::Passport {
            number: PassportNumber::parse(self.parts.number.as_str()).ok()?,
            expiry: self.parts.valid_until?,
        })
    }

    /// "passport Z1234567 expires Mon 1 Mar 2027" (for a history entry's reason).
    pub fn expiry_phrase(&self) -> Option<String> {
        self.parts.valid_until.map(|until| {
            format!(
                "{} {} expires {}",
                self.parts.kind.label().to_lowercase(),
                self.parts.number,
                crate::date_format::long(until)
            )
        })
    }
}

#[cfg(test)]
mod tests;
