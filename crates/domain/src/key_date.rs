//! The dates of a case that deadlines are counted from: arrival, permit expiry, insurance end …

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A named date of a case that deadline rules can count from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyDate {
    /// Entry into the Czech Republic.
    Arrival,
    /// First day of employment in the Czech Republic.
    EmploymentStart,
    /// Last day of employment.
    EmploymentEnd,
    /// Day the self-employed activity (trade) starts.
    BusinessStart,
    /// Day the trade licence was issued (entry in the trade register).
    TradeLicenceIssued,
    /// First day of study.
    StudyStart,
    /// Last day of validity of the residence permit or card.
    PermitExpiry,
    /// Last day of validity of the long-term visa.
    VisaExpiry,
    /// Last day covered by the health insurance.
    InsuranceEnd,
    /// Day biometrics were taken.
    Biometrics,
    /// Day the residence card was collected.
    CardCollection,
    /// Day of moving to a new address.
    AddressChange,
    /// Change of passport, name or marital status (the day of the change, or the new passport's issue).
    DataChange,
    /// Day the residence card was lost, stolen or destroyed.
    CardLost,
    /// Day an obstacle beyond one's control that prevented a report on time ended.
    ObstacleEnded,
    /// First day of a new job, position or employer (employee and Blue Card holders).
    NewJobStart,
    /// Day a fact recorded in the trade register changed (address, name, trade).
    TradeDataChange,
    /// Day the study or research in the Czech Republic was completed.
    StudyCompleted,
    /// Last day of validity of a person's passport. Not a date anyone types in: it is read
    /// from the person's passport (kept by the document wallet), so it is never in
    /// [`KeyDate::ALL`] and a case's or person's stored dates never hold it.
    PassportExpiry,
}

impl KeyDate {
    /// Every key date, in the order forms show them.
    pub const ALL: [KeyDate; 18] = [
        KeyDate::Arrival,
        KeyDate::EmploymentStart,
        KeyDate::EmploymentEnd,
        KeyDate::BusinessStart,
        KeyDate::TradeLicenceIssued,
        KeyDate::StudyStart,
        KeyDate::PermitExpiry,
        KeyDate::VisaExpiry,
        KeyDate::InsuranceEnd,
        KeyDate::Biometrics,
        KeyDate::CardCollection,
        KeyDate::AddressChange,
        KeyDate::DataChange,
        KeyDate::CardLost,
        KeyDate::ObstacleEnded,
        KeyDate::NewJobStart,
        KeyDate::TradeDataChange,
        KeyDate::StudyCompleted,
    ];

    /// Whether the event can happen again for the same person, each time with its own duty
    /// (a second move, a new passport, the next permit after an extension); the first
    /// arrival, a business start or the day biometrics were taken happen once per case.
    pub fn repeats(self) -> bool {
        matches!(
            self,
            KeyDate::AddressChange
                | KeyDate::DataChange
                | KeyDate::CardLost
                | KeyDate::ObstacleEnded
                | KeyDate::NewJobStart
                | KeyDate::TradeDataChange
                | KeyDate::EmploymentEnd
                | KeyDate::PermitExpiry
                | KeyDate::VisaExpiry
                | KeyDate::PassportExpiry
        )
    }

    /// Whether the date is read from a person's passport rather than entered
    /// ([`KeyDate::PassportExpiry`]).
    pub fn is_from_passport(self) -> bool {
        self == KeyDate::PassportExpiry
    }

    /// The identifier used in template files, forms and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyDate::Arrival => "arrival",
            KeyDate::EmploymentStart => "employment_start",
            KeyDate::EmploymentEnd => "employment_end",
            KeyDate::BusinessStart => "business_start",
            KeyDate::TradeLicenceIssued => "trade_licence_issued",
            KeyDate::StudyStart => "study_start",
            KeyDate::PermitExpiry => "permit_expiry",
            KeyDate::VisaExpiry => "visa_expiry",
            KeyDate::InsuranceEnd => "insurance_end",
            KeyDate::Biometrics => "biometrics",
            KeyDate::CardCollection => "card_collection",
            KeyDate::AddressChange => "address_change",
            KeyDate::DataChange => "data_change",
            KeyDate::CardLost => "card_lost",
            KeyDate::ObstacleEnded => "obstacle_ended",
            KeyDate::NewJobStart => "new_job_start",
            KeyDate::TradeDataChange => "trade_data_change",
            KeyDate::StudyCompleted => "study_completed",
            KeyDate::PassportExpiry => "passport_expiry",
        }
    }

    /// A label for people: "Arrival", "Permit expiry".
    pub fn label(self) -> &'static str {
        match self {
            KeyDate::Arrival => "Arrival",
            KeyDate::EmploymentStart => "Employment start",
            KeyDate::EmploymentEnd => "Employment end",
            KeyDate::BusinessStart => "Business start",
            KeyDate::TradeLicenceIssued => "Trade licence issued",
            KeyDate::StudyStart => "Study start",
            KeyDate::PermitExpiry => "Permit expiry",
            KeyDate::VisaExpiry => "Visa expiry",
            KeyDate::InsuranceEnd => "Insurance end",
            KeyDate::Biometrics => "Biometrics taken",
            KeyDate::CardCollection => "Card collected",
            KeyDate::AddressChange => "Moved to a new address",
            KeyDate::DataChange => "Personal data changed",
            KeyDate::CardLost => "Card lost or stolen",
            KeyDate::ObstacleEnded => "Obstacle ended",
            KeyDate::NewJobStart => "New job starts",
            KeyDate::TradeDataChange => "Trade data changed",
            KeyDate::StudyCompleted => "Study completed",
            KeyDate::PassportExpiry => "Passport expiry",
        }
    }

    /// The date as a noun, for "waiting for the arrival date".
    pub fn noun(self) -> &'static str {
        match self {
            KeyDate::Arrival => "arrival date",
            KeyDate::EmploymentStart => "employment start date",
            KeyDate::EmploymentEnd => "employment end date",
            KeyDate::BusinessStart => "business start date",
            KeyDate::TradeLicenceIssued => "trade licence date",
            KeyDate::StudyStart => "study start date",
            KeyDate::PermitExpiry => "permit expiry date",
            KeyDate::VisaExpiry => "visa expiry date",
            KeyDate::InsuranceEnd => "insurance end date",
            KeyDate::Biometrics => "biometrics date",
            KeyDate::CardCollection => "card collection date",
            KeyDate::AddressChange => "moving date",
            KeyDate::DataChange => "personal data change date",
            KeyDate::CardLost => "loss date",
            KeyDate::ObstacleEnded => "date the obstacle ended",
            KeyDate::NewJobStart => "new job start date",
            KeyDate::TradeDataChange => "trade data change date",
            KeyDate::StudyCompleted => "study completion date",
            KeyDate::PassportExpiry => "passport expiry date",
        }
    }

    /// How an explanation names the event: "arrived", "permit expires".
    pub fn event(self) -> &'static str {
        match self {
            KeyDate::Arrival => "arrived",
            KeyDate::EmploymentStart => "employment starts",
            KeyDate::EmploymentEnd => "employment ends",
            KeyDate::BusinessStart => "business starts",
            KeyDate::TradeLicenceIssued => "trade licence issued",
            KeyDate::StudyStart => "study starts",
            KeyDate::PermitExpiry => "permit expires",
            KeyDate::VisaExpiry => "visa expires",
            KeyDate::InsuranceEnd => "insurance ends",
            KeyDate::Biometrics => "biometrics taken",
            KeyDate::CardCollection => "card collected",
            KeyDate::AddressChange => "moved",
            KeyDate::DataChange => "personal data changed",
            KeyDate::CardLost => "card lost",
            KeyDate::ObstacleEnded => "obstacle ended",
            KeyDate::NewJobStart => "new job starts",
            KeyDate::TradeDataChange => "trade data changed",
            KeyDate::StudyCompleted => "study completed",
            KeyDate::PassportExpiry => "passport expires",
        }
    }
}

impl fmt::Display for KeyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of the known key dates.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown key date `{0}`")]
pub struct UnknownKeyDate(pub String);

impl FromStr for KeyDate {
    type Err = UnknownKeyDate;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        KeyDate::ALL
            .into_iter()
            .chain([KeyDate::PassportExpiry])
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownKeyDate(s.to_owned()))
    }
}

/// The key dates known for a case so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyDates(BTreeMap<KeyDate, NaiveDate>);

impl KeyDates {
    /// No dates known yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The date of `kind`, if known.
    pub fn get(&self, kind: KeyDate) -> Option<NaiveDate> {
        self.0.get(&kind).copied()
    }

    /// Sets or clears `kind`; returns the previous value.
    pub fn set(&mut self, kind: KeyDate, date: Option<NaiveDate>) -> Option<NaiveDate> {
        match date {
            Some(d) => self.0.insert(kind, d),
            None => self.0.remove(&kind),
        }
    }

    /// The known dates in the order of [`KeyDate::ALL`].
    pub fn iter(&self) -> impl Iterator<Item = (KeyDate, NaiveDate)> + '_ {
        self.0.iter().map(|(k, d)| (*k, *d))
    }
}

impl FromIterator<(KeyDate, NaiveDate)> for KeyDates {
    fn from_iter<I: IntoIterator<Item = (KeyDate, NaiveDate)>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}
