//! What a deadline counts from, in the words a guide's sentences need: "of arriving",
//! "before your permit expires", "until the day it expires".

use crate::deadline::Anchor;
use crate::key::ItemKey;
use crate::key_date::KeyDate;

/// The event a rule counts from, in three grammatical forms.
pub(super) struct Occasion {
    /// After "of" / "after": "arriving", "giving your biometrics".
    pub gerund: String,
    /// After "before" / "the day": "you arrive", "your permit expires".
    pub clause: String,
    /// The clause once more, shortened: "it expires".
    pub again: String,
}

/// The key date a step's key names (`biometrics`, `card-collect`), so that a rule counted
/// from that step reads like one counted from the date.
pub(super) fn key_date_of(key: &ItemKey) -> Option<KeyDate> {
    match key.as_str() {
        "biometrics" => Some(KeyDate::Biometrics),
        "card-collect" => Some(KeyDate::CardCollection),
        other => other.replace('-', "_").parse().ok(),
    }
}

fn words(date: KeyDate) -> (&'static str, &'static str, &'static str) {
    match date {
        KeyDate::Arrival => ("arriving", "you arrive", "you arrive"),
        KeyDate::EmploymentStart => ("starting work", "your job starts", "it starts"),
        KeyDate::EmploymentEnd => ("your job ending", "your job ends", "it ends"),
        KeyDate::BusinessStart => (
            "starting your business",
            "your business starts",
            "it starts",
        ),
        KeyDate::TradeLicenceIssued => (
            "getting your trade licence",
            "your trade licence is issued",
            "it is issued",
        ),
        KeyDate::StudyStart => ("starting your studies", "your studies start", "they start"),
        KeyDate::PermitExpiry => ("your permit expiring", "your permit expires", "it expires"),
        KeyDate::VisaExpiry => ("your visa expiring", "your visa expires", "it expires"),
        KeyDate::InsuranceEnd => (
            "your health insurance ending",
            "your health insurance ends",
            "it ends",
        ),
        KeyDate::Biometrics => (
            "giving your biometrics",
            "your biometrics are taken",
            "they are taken",
        ),
        KeyDate::CardCollection => (
            "collecting your residence card",
            "you collect your residence card",
            "you collect it",
        ),
        KeyDate::AddressChange => ("moving", "you move", "you move"),
        KeyDate::DataChange => (
            "a change of your passport, name or marital status",
            "your passport, name or marital status changes",
            "it changes",
        ),
        KeyDate::CardLost => (
            "losing your residence card",
            "you lose your residence card",
            "you lose it",
        ),
        KeyDate::ObstacleEnded => (
            "the end of what kept you from reporting",
            "what kept you from reporting ends",
            "it ends",
        ),
        KeyDate::NewJobStart => ("starting a new job", "your new job starts", "it starts"),
        KeyDate::TradeDataChange => (
            "a change of your trade register details",
            "your trade register details change",
            "they change",
        ),
        KeyDate::StudyCompleted => (
            "finishing your studies",
            "you finish your studies",
            "you finish",
        ),
        KeyDate::PassportExpiry => (
            "your passport expiring",
            "your passport expires",
            "it expires",
        ),
    }
}

impl Occasion {
    /// The occasion of `anchor`; `step` names another step of the route by its key.
    pub(super) fn of(anchor: &Anchor, step: &dyn Fn(&ItemKey) -> Option<String>) -> Self {
        let date = match anchor {
            Anchor::Date(date) => Some(*date),
            Anchor::ItemDone(key) => key_date_of(key),
        };
        if let Some(date) = date {
            let (gerund, clause, again) = words(date);
            return Self {
                gerund: gerund.to_owned(),
                clause: clause.to_owned(),
                again: again.to_owned(),
            };
        }
        let title = match anchor {
            Anchor::ItemDone(key) => step(key).unwrap_or_else(|| key.to_string()),
            Anchor::Date(date) => date.label().to_owned(),
        };
        Self {
            gerund: format!("finishing the step “{title}”"),
            clause: format!("the step “{title}” is done"),
            again: "it is done".to_owned(),
        }
    }
}
