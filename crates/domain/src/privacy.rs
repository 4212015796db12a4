//! Privacy (issue 23): the lawful basis of a case's processing, the purposes a person can
//! consent to, and the rules of the consent register: where a consent stands after its
//! records, what it allows, and which consents a person can withdraw themselves.

use chrono::{DateTime, Utc};

/// Why the centre may process a household's data at all (GDPR Art. 6(1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LawfulBasis {
    /// The household asked for the centre's help and the centre gives it (Art. 6(1)(b)).
    Contract,
    /// A law obliges the centre to keep the data (Art. 6(1)(c)).
    LegalObligation,
    /// The centre's public service as a task given it by the city (Art. 6(1)(e)).
    PublicTask,
    /// The household's consent (Art. 6(1)(a)); it can be withdrawn at any time.
    Consent,
}

impl LawfulBasis {
    /// Every basis, in the order forms list them.
    pub const ALL: [LawfulBasis; 4] = [
        LawfulBasis::Contract,
        LawfulBasis::LegalObligation,
        LawfulBasis::PublicTask,
        LawfulBasis::Consent,
    ];

    /// The basis of cases opened without one said (and of the cases there were before).
    pub const DEFAULT: LawfulBasis = LawfulBasis::Contract;

    /// The identifier in forms and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            LawfulBasis::Contract => "contract",
            LawfulBasis::LegalObligation => "legal_obligation",
            LawfulBasis::PublicTask => "public_task",
            LawfulBasis::Consent => "consent",
        }
    }

    /// Parses [`LawfulBasis::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == raw.trim())
    }

    /// Its name for staff.
    pub fn label(self) -> &'static str {
        match self {
            LawfulBasis::Contract => "Contract: the household asked for our help",
            LawfulBasis::LegalObligation => "Legal obligation",
            LawfulBasis::PublicTask => "Public task of the centre",
            LawfulBasis::Consent => "Consent",
        }
    }

    /// What it means, in plain words for the household.
    pub fn explanation(self) -> &'static str {
        match self {
            LawfulBasis::Contract => {
                "You asked the centre to help you settle in. We keep the details we need to give you that help."
            }
            LawfulBasis::LegalObligation => {
                "A law obliges the centre to keep some of your details. We keep only what that law asks for."
            }
            LawfulBasis::PublicTask => {
                "Helping newcomers settle in is a public service the city gives the centre. We keep the details we need for it."
            }
            LawfulBasis::Consent => {
                "You agreed that the centre may keep your details to help you. You can take that back at any time by telling your consultant."
            }
        }
    }
}

/// What a person can consent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Purpose {
    /// Using the portal (an account of their own).
    PortalUse,
    /// Reminders of their deadlines by mail.
    MailReminders,
    /// Sharing their first name, languages and wishes with a volunteer buddy (issue 20).
    BuddySharing,
    /// Sharing their progress with their employer (issue 21).
    EmployerSharing,
    /// Sharing their contact details with a partner they are referred to (issue 21).
    PartnerReferral,
    /// Photos of them taken at the centre's events.
    Photos,
}

/// Where a purpose's consent is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeptIn {
    /// In the consent register itself.
    Register,
    /// In the feature's own record (the buddy request, the employment, the referral), which
    /// the register shows and where withdrawal goes.
    Feature,
}

impl Purpose {
    /// Every purpose, in the order pages list them.
    pub const ALL: [Purpose; 6] = [
        Purpose::PortalUse,
        Purpose::MailReminders,
        Purpose::BuddySharing,
        Purpose::EmployerSharing,
        Purpose::PartnerReferral,
        Purpose::Photos,
    ];

    /// The purposes the register keeps itself.
    pub const REGISTER: [Purpose; 3] =
        [Purpose::PortalUse, Purpose::MailReminders, Purpose::Photos];

    /// The identifier in forms and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::PortalUse => "portal_use",
            Purpose::MailReminders => "mail_reminders",
            Purpose::BuddySharing => "buddy_sharing",
            Purpose::EmployerSharing => "employer_sharing",
            Purpose::PartnerReferral => "partner_referral",
            Purpose::Photos => "photos",
        }
    }

    /// Parses [`Purpose::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == raw.trim())
    }

    /// Its name on pages.
    pub fn label(self) -> &'static str {
        match self {
            Purpose::PortalUse => "Using the portal",
            Purpose::MailReminders => "Reminders of deadlines by mail",
            Purpose::BuddySharing => "Sharing details with a volunteer buddy",
            Purpose::EmployerSharing => "Sharing progress with the employer",
            Purpose::PartnerReferral => "Sharing contact details with a partner",
            Purpose::Photos => "Photos at the centre's events",
        }
    }

    /// Where its consent is kept.
    pub fn kept_in(self) -> KeptIn {
        if Self::REGISTER.contains(&self) {
            KeptIn::Register
        } else {
            KeptIn::Feature
        }
    }

    /// Whether it is allowed while the person has said nothing: reminders and the portal are
    /// part of the centre's help (the case's lawful basis) until the person says no; sharing
    /// with anyone outside the centre, and photos, need a yes first.
    pub fn allowed_unless_withdrawn(self) -> bool {
        matches!(self, Purpose::PortalUse | Purpose::MailReminders)
    }

    /// Whether the person withdraws it themselves in the portal with one button. Portal use
    /// ends when the account is closed (at the centre: the portal cannot close the page it is
    /// on), and a referral's details, once passed on, are with the partner: a withdrawal
    /// there is a word with the consultant, who tells the partner.
    pub fn withdrawable_in_portal(self) -> bool {
        !matches!(self, Purpose::PortalUse | Purpose::PartnerReferral)
    }
}

/// One record of the register: a consent given, and maybe withdrawn; or a "no" said without
/// a "yes" before (neither given, only withdrawn).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    /// When it was given, if it was.
    pub given_at: Option<DateTime<Utc>>,
    /// When it was withdrawn, if it was.
    pub withdrawn_at: Option<DateTime<Utc>>,
}

/// Where a person's consent to one purpose stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Never asked (no record).
    NotAsked,
    /// Given at that time and not withdrawn since.
    Given(DateTime<Utc>),
    /// Withdrawn at that time (and not given again since).
    Withdrawn(DateTime<Utc>),
}

impl Standing {
    /// Where the records, oldest first, leave it: the latest record counts.
    pub fn of(records: &[Record]) -> Self {
        match records.last() {
            None
            | Some(Record {
                given_at: None,
                withdrawn_at: None,
            }) => Standing::NotAsked,
            Some(Record {
                withdrawn_at: Some(at),
                ..
            }) => Standing::Withdrawn(*at),
            Some(Record {
                given_at: Some(at), ..
            }) => Standing::Given(*at),
        }
    }

    /// Whether `purpose` may be done for the person now.
    pub fn allows(self, purpose: Purpose) -> bool {
        match self {
            Standing::Given(_) => true,
            Standing::Withdrawn(_) => false,
            Standing::NotAsked => purpose.allowed_unless_withdrawn(),
        }
    }

    /// Whether it stands given.
    pub fn is_given(self) -> bool {
        matches!(self, Standing::Given(_))
    }
}

/// The version of the export's `data.json` schema (`docs/export-schema.json`).
pub const EXPORT_SCHEMA_VERSION: u32 = 1;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, day, 9, 0, 0).unwrap()
    }

    #[test]
    fn every_basis_and_purpose_parses_back() {
        for b in LawfulBasis::ALL {
            assert_eq!(LawfulBasis::parse(b.as_str()), Some(b));
        }
        for p in Purpose::ALL {
            assert_eq!(Purpose::parse(p.as_str()), Some(p));
        }
        assert_eq!(LawfulBasis::parse("legitimate_interest"), None);
        assert_eq!(Purpose::parse("telepathy"), None);
    }

    #[test]
    fn the_latest_record_decides_where_consent_stands() {
        let given = Record {
            given_at: Some(at(1)),
            withdrawn_at: Some(at(2)),
        };
        let again = Record {
            given_at: Some(at(3)),
            withdrawn_at: None,
        };
        let no = Record {
            given_at: None,
            withdrawn_at: Some(at(4)),
        };
        assert_eq!(Standing::of(&[]), Standing::NotAsked);
        assert_eq!(Standing::of(&[given]), Standing::Withdrawn(at(2)));
        assert_eq!(Standing::of(&[given, again]), Standing::Given(at(3)));
        assert_eq!(
            Standing::of(&[given, again, no]),
            Standing::Withdrawn(at(4))
        );
    }

    #[test]
    fn reminders_go_until_withdrawn_but_photos_need_a_yes() {
        assert!(Standing::NotAsked.allows(Purpose::MailReminders));
        assert!(!Standing::Withdrawn(at(1)).allows(Purpose::MailReminders));
        assert!(!Standing::NotAsked.allows(Purpose::Photos));
        assert!(Standing::Given(at(1)).allows(Purpose::Photos));
    }

    #[test]
    fn the_register_keeps_only_what_no_feature_keeps() {
        for p in Purpose::ALL {
            let in_register = p.kept_in() == KeptIn::Register;
            assert_eq!(in_register, Purpose::REGISTER.contains(&p));
        }
        assert_eq!(Purpose::EmployerSharing.kept_in(), KeptIn::Feature);
    }
}
