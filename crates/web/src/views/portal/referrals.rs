//! `templates/portal/referrals.html`: the household's referrals to the centre's partners,
//! with each partner's contact and opening hours and where it stands, in plain English.

use askama::Template;
use softland_domain::partner::ReferralStatus;

use super::PortalChrome;
use crate::commands::partners::referrals::HouseholdReferral;
use crate::views::referrals::HelperLine;

/// One referral as the household reads it.
pub struct PortalReferral {
    /// The partner's contact.
    pub partner: HelperLine,
    /// The partner's e-mail, or empty.
    pub email: String,
    /// The contact person who expects them: "Dr. Anna Kowalska (paediatrician) ·
    /// anna@… · +420 …", or empty.
    pub contact: String,
    /// For whom: a name, or "Your household".
    pub person: String,
    /// The need.
    pub need: String,
    /// Where it stands, in words.
    pub status: &'static str,
    /// `sent`, `in_contact` …
    pub status_class: &'static str,
}

/// What the household is told of a referral in `status`.
fn status_words(status: ReferralStatus, shared: bool) -> &'static str {
    match (status, shared) {
        (ReferralStatus::Sent, true) => {
            "Your consultant passed on your contact details; the partner will get in touch, or contact them yourself."
        }
        (ReferralStatus::Sent, false) => {
            "Your consultant recommends this partner: please contact them yourself."
        }
        (ReferralStatus::InContact, _) => "You and the partner are in touch.",
        (ReferralStatus::Solved, _) => "Done: this need was met.",
        (ReferralStatus::NotSolved, _) => {
            "This did not work out; your consultant will talk with you about other options."
        }
    }
}

impl PortalReferral {
    /// The line of `h`.
    pub fn new(h: &HouseholdReferral) -> Self {
        let org = &h.organisation;
        Self {
            partner: HelperLine::new(org, org.details.languages.to_text()),
            email: org
                .details
                .email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
            contact: h
                .contact
                .as_ref()
                .map(crate::views::referrals::contact_text)
                .unwrap_or_default(),
            person: h
                .person
                .clone()
                .unwrap_or_else(|| "Your household".to_owned()),
            need: h.referral.need.clone(),
            status: status_words(h.referral.status, h.referral.consent.is_some()),
            status_class: h.referral.status.as_str(),
        }
    }
}

/// The page.
#[derive(Template)]
#[template(path = "portal/referrals.html")]
pub struct PortalReferralsPage {
    /// Header and footer.
    pub chrome: PortalChrome,
    /// The household's referrals, open ones first.
    pub referrals: Vec<PortalReferral>,
}
