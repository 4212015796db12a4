//! The text stored for each value of the application's vocabularies: written here and only
//! here, so that no other module spells a stored name. The domain's own identifiers
//! (`StatusKind::as_str`, `KeyDate::as_str`, `Watch::as_str`) are what is stored for its
//! vocabularies; SQL that compares with them is given them from here ([`sql_list`],
//! [`OPEN_ITEM`]…), never as literals of its own.

use std::sync::LazyLock;

use softland_domain::case::{CaseStatus, RiskKind};
use softland_domain::template::Watch;
use softland_domain::{KeyDate, StatusKind};

use crate::audit::AuditAction;
use crate::db::outbox::{MailKind, MailStatus};
use crate::jobs::{Job, JobStatus};

/// `'a', 'b'`: SQL string literals of stored names (never user text).
pub(crate) fn sql_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Items still to be done: `i.status IN ('to_do', 'in_progress')`.
pub(crate) static OPEN_ITEM: LazyLock<String> = LazyLock::new(|| {
    let open = [StatusKind::ToDo.as_str(), StatusKind::InProgress.as_str()];
    format!("i.status IN ({})", sql_list(&open))
});

/// The same statuses the other way round, `('in_progress', 'to_do')`: the condition of the
/// partial index `idx_items_owner_open_due`, word for word (`db::dashboard` says why the
/// order matters).
pub(crate) static OPEN_ITEM_DUE_LIST: LazyLock<String> = LazyLock::new(|| {
    let open = [StatusKind::InProgress.as_str(), StatusKind::ToDo.as_str()];
    format!("i.status IN ({})", sql_list(&open))
});

/// `i.status = 'submitted'`.
pub(crate) static SUBMITTED_ITEM: LazyLock<String> =
    LazyLock::new(|| format!("i.status = '{}'", StatusKind::Submitted.as_str()));

/// `c.status = 'open'`.
pub(crate) static OPEN_CASE: LazyLock<String> =
    LazyLock::new(|| format!("c.status = '{}'", CaseStatus::Open.as_str()));

/// A key date's stored kind.
pub(crate) fn key_date(kind: KeyDate) -> &'static str {
    kind.as_str()
}

/// A watched item's stored kind.
pub(crate) fn watch(kind: Watch) -> &'static str {
    kind.as_str()
}

/// The name a risk warning's kind has in the dashboard's SQL.
pub(crate) fn risk_kind(kind: RiskKind) -> &'static str {
    match kind {
        RiskKind::Passport => "passport",
        RiskKind::Insurance => "insurance",
        RiskKind::Extension => "extension",
        RiskKind::ExtensionMissed => "extension_missed",
        RiskKind::Registration => "registration",
        RiskKind::IntegrationCourse => "integration_course",
        RiskKind::CriminalRecord => "criminal_record",
    }
}

/// The kind named `text` by the dashboard's SQL.
pub(crate) fn risk_kind_from(text: &str) -> Option<RiskKind> {
    RiskKind::ALL.into_iter().find(|k| risk_kind(*k) == text)
}

impl AuditAction {
    /// The text in `audit_events.action`.
    pub(crate) fn stored(self) -> &'static str {
        match self {
            AuditAction::CaseOpened => "case.opened",
            AuditAction::CaseReassigned => "case.reassigned",
            AuditAction::CaseStatus => "case.status",
            AuditAction::ItemStatus => "item.status",
            AuditAction::ItemDueOverride => "item.due_override",
            AuditAction::ItemDueMoved => "item.due_moved",
            AuditAction::ItemAdded => "item.added",
            AuditAction::KeyDateChanged => "key_date.changed",
            AuditAction::NoteAdded => "note.added",
            AuditAction::MessageWritten => "message.written",
            AuditAction::ExpatInvited => "expat.invited",
            AuditAction::ExpatLinkRequested => "expat.link_requested",
            AuditAction::ExpatLinkConfirmed => "expat.link_confirmed",
            AuditAction::ExpatLinkDeclined => "expat.link_declined",
            AuditAction::AccountSignInsPaused => "account.sign_ins_paused",
            AuditAction::DocumentChanged => "document.changed",
            AuditAction::FileUploaded => "file.uploaded",
            AuditAction::FileReviewed => "file.reviewed",
            AuditAction::FileDeleted => "file.deleted",
            AuditAction::Notified => "notification.queued",
            AuditAction::BuddyRequested => "buddy.requested",
            AuditAction::BuddyMatch => "buddy.match",
            AuditAction::BuddyCheckIn => "buddy.check_in",
            AuditAction::BuddyViewed => "buddy.viewed",
            AuditAction::AmbassadorChanged => "buddy.ambassador",
            AuditAction::PartnerChanged => "partner.changed",
            AuditAction::Referral => "referral",
            AuditAction::EmployerConsent => "employer.consent",
            AuditAction::EmployerViewed => "employer.viewed",
            AuditAction::HireRequest => "employer.hire_request",
            AuditAction::HouseholdLanguages => "case.languages",
            AuditAction::SiteChanged => "site.settings",
            AuditAction::Enquiry => "site.enquiry",
            AuditAction::ArticleChanged => "article.changed",
            AuditAction::LawfulBasis => "privacy.lawful_basis",
            AuditAction::Consent => "privacy.consent",
            AuditAction::DataExported => "privacy.export",
            AuditAction::Erased => "privacy.erased",
            AuditAction::LegalHold => "privacy.legal_hold",
            AuditAction::TwoFactorChanged => "account.two_factor",
            AuditAction::SecuritySettingsChanged => "security.settings",
            AuditAction::Breach => "privacy.breach",
        }
    }

    /// The action stored as `text`.
    pub(crate) fn from_stored(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.stored() == text)
    }
}

/// A file's review as stored in `case_files.review`.
pub(crate) fn review(review: &softland_domain::file::Review) -> &'static str {
    use softland_domain::file::Review;
    match review {
        Review::Pending => "pending",
        Review::Accepted => "accepted",
        Review::NeedsAnotherCopy(_) => "needs_another_copy",
    }
}

/// The review stored as `text`, with its reason.
pub(crate) fn review_from(
    text: &str,
    reason: Option<&str>,
) -> Option<softland_domain::file::Review> {
    use softland_domain::file::{Review, ReviewReason};
    match text {
        "pending" => Some(Review::Pending),
        "accepted" => Some(Review::Accepted),
        "needs_another_copy" => reason
            .and_then(|r| ReviewReason::parse(r).ok())
            .map(Review::NeedsAnotherCopy),
        _ => None,
    }
}

/// A file's scan as stored in `case_files.scan`.
pub(crate) fn scan(scan: softland_domain::file::ScanStatus) -> &'static str {
    use softland_domain::file::ScanStatus;
    match scan {
        ScanStatus::NotScanned => "not_scanned",
        ScanStatus::Clean => "clean",
    }
}

/// The scan stored as `text`.
pub(crate) fn scan_from(text: &str) -> Option<softland_domain::file::ScanStatus> {
    use softland_domain::file::ScanStatus;
    [ScanStatus::NotScanned, ScanStatus::Clean]
        .into_iter()
        .find(|s| scan(*s) == text)
}

/// A mail's status as stored in `outbox.status`.
pub(crate) fn mail_status(status: MailStatus) -> &'static str {
    match status {
        MailStatus::Pending => "pending",
        MailStatus::Sent => "sent",
        MailStatus::NotSent => "not_sent",
        MailStatus::Failed => "failed",
    }
}

/// The status stored as `text`.
pub(crate) fn mail_status_from(text: &str) -> Option<MailStatus> {
    MailStatus::ALL
        .into_iter()
        .find(|s| mail_status(*s) == text)
}

/// A mail's kind as stored in `outbox.kind`.
pub(crate) fn mail_kind(kind: MailKind) -> &'static str {
    match kind {
        MailKind::Account => "account",
        MailKind::Message => "message",
        MailKind::Reply => "reply",
        MailKind::Reminder => "reminder",
        MailKind::WindowOpens => "window_opens",
        MailKind::AnotherCopy => "another_copy",
        MailKind::Digest => "digest",
        MailKind::Buddy => "buddy",
        MailKind::Event => "event",
    }
}

/// The kind stored as `text`.
pub(crate) fn mail_kind_from(text: &str) -> Option<MailKind> {
    MailKind::ALL.into_iter().find(|k| mail_kind(*k) == text)
}

/// The stored kind of the jobs that deliver mails.
pub(crate) const DELIVER_MAIL: &str = "deliver_mail";

/// A job's kind as stored in `jobs.kind`.
pub(crate) fn job_kind(job: &Job) -> &'static str {
    match job {
        Job::DeliverMail { .. } => DELIVER_MAIL,
        Job::Digest { .. } => "digest",
        Job::Reminders { .. } => "reminders",
    }
}

/// A job's status as stored in `jobs.status` (running is pending under a live lease).
pub(crate) fn job_status(status: JobStatus) -> &'static str {
    match status {
        JobStatus::Pending | JobStatus::Running => "pending",
        JobStatus::Done => "done",
        JobStatus::Failed => "failed",
    }
}

/// The status stored as `text`.
pub(crate) fn job_status_from(text: &str) -> Option<JobStatus> {
    [JobStatus::Pending, JobStatus::Done, JobStatus::Failed]
        .into_iter()
        .find(|s| job_status(*s) == text)
}

/// Whether an expat wants reminders, as stored in `users.reminders` (`None`: the centre's
/// default).
pub(crate) fn reminder_choice(wants: Option<bool>) -> Option<&'static str> {
    wants.map(|on| if on { "on" } else { "off" })
}

/// The choice stored as `text`.
pub(crate) fn reminder_choice_from(text: Option<&str>) -> Option<bool> {
    match text {
        Some("on") => Some(true),
        Some("off") => Some(false),
        _ => None,
    }
}

impl super::messages::Side {
    /// The text in `messages.side` and `conversations.last_side`.
    pub(crate) fn stored(self) -> &'static str {
        match self {
            super::messages::Side::Staff => "staff",
            super::messages::Side::Expat => "expat",
        }
    }

    /// The side stored as `text`.
    pub(crate) fn from_stored(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.stored() == text)
    }
}

impl super::messages::Via {
    /// The text in `messages.via`.
    pub(crate) fn stored(self) -> &'static str {
        match self {
            super::messages::Via::Web => "web",
            super::messages::Via::Api => "api",
            super::messages::Via::Mail => "mail",
        }
    }

    /// The way stored as `text`.
    pub(crate) fn from_stored(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.stored() == text)
    }
}

impl super::buddies::AmbassadorStatus {
    /// The text in `ambassadors.status`.
    pub(crate) fn stored(self) -> &'static str {
        use super::buddies::AmbassadorStatus as S;
        match self {
            S::Applied => "applied",
            S::Active => "active",
            S::Paused => "paused",
            S::Declined => "declined",
        }
    }

    /// The status stored as `text`.
    pub(crate) fn from_stored(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.stored() == text)
    }
}

impl super::buddies::Stage {
    /// The text in `buddy_matches.state`.
    pub(crate) fn stored(self) -> &'static str {
        use super::buddies::Stage as S;
        match self {
            S::Requested => "requested",
            S::Proposed => "proposed",
            S::Accepted => "accepted",
            S::Active => "active",
            S::Ended => "ended",
        }
    }

    /// The stored texts of `stages`, for `IN (…)`.
    pub(crate) fn stored_all(stages: &[Self]) -> Vec<&'static str> {
        stages.iter().map(|s| s.stored()).collect()
    }
}

/// The text in `buddy_matches.end_reason`.
fn end_reason(reason: softland_domain::buddy::EndReason) -> &'static str {
    use softland_domain::buddy::EndReason as R;
    match reason {
        R::Settled => "settled",
        R::MovedAway => "moved_away",
        R::NotAFit => "not_a_fit",
        R::Withdrawn => "withdrawn",
    }
}

/// The text in `buddy_matches.state` (and `end_reason`) for `state`.
pub(crate) fn match_state(
    state: &softland_domain::buddy::MatchState,
) -> (&'static str, Option<&'static str>) {
    use softland_domain::buddy::MatchState as S;
    let stored = super::buddies::Stage::of(state).stored();
    match state {
        S::Ended(reason) => (stored, Some(end_reason(*reason))),
        _ => (stored, None),
    }
}

/// The state stored as `state` and `end_reason`.
pub(crate) fn match_state_from(
    state: &str,
    end_reason_text: Option<&str>,
) -> Option<softland_domain::buddy::MatchState> {
    use super::buddies::Stage;
    use softland_domain::buddy::MatchState as S;
    let found = Stage::ALL.into_iter().find(|s| s.stored() == state)?;
    Some(match found {
        Stage::Requested => S::Requested,
        Stage::Proposed => S::Proposed,
        Stage::Accepted => S::Accepted,
        Stage::Active => S::Active,
        Stage::Ended => {
            let text = end_reason_text?;
            let reason = super::buddies::END_REASONS
                .into_iter()
                .find(|r| end_reason(*r) == text)?;
            S::Ended(reason)
        }
    })
}

/// The text in `organisations.agreement`.
pub(crate) fn agreement(status: softland_domain::partner::AgreementStatus) -> &'static str {
    use softland_domain::partner::AgreementStatus as A;
    match status {
        A::None => "none",
        A::Negotiating => "negotiating",
        A::Active => "active",
        A::Ended => "ended",
    }
}

/// The agreement stored as `text`.
pub(crate) fn agreement_from(text: &str) -> Option<softland_domain::partner::AgreementStatus> {
    softland_domain::partner::AgreementStatus::ALL
        .into_iter()
        .find(|a| agreement(*a) == text)
}

/// The text in `referrals.status` and `referral_steps.status`.
pub(crate) fn referral_status(status: softland_domain::partner::ReferralStatus) -> &'static str {
    use softland_domain::partner::ReferralStatus as S;
    match status {
        S::Sent => "sent",
        S::InContact => "in_contact",
        S::Solved => "solved",
        S::NotSolved => "not_solved",
    }
}

/// The referral status stored as `text`.
pub(crate) fn referral_status_from(text: &str) -> Option<softland_domain::partner::ReferralStatus> {
    softland_domain::partner::ReferralStatus::ALL
        .into_iter()
        .find(|s| referral_status(*s) == text)
}

/// The text in `referrals.category`.
pub(crate) fn referral_category(category: softland_domain::partner::Category) -> &'static str {
    use softland_domain::partner::Category as C;
    match category {
        C::Health => "health",
        C::Housing => "housing",
        C::Schooling => "schooling",
        C::Work => "work",
        C::Money => "money",
        C::Insurance => "insurance",
        C::Language => "language",
        C::Paperwork => "paperwork",
        C::Community => "community",
        C::Other => "other",
    }
}

/// The referral category stored as `text`.
pub(crate) fn referral_category_from(text: &str) -> Option<softland_domain::partner::Category> {
    softland_domain::partner::Category::ALL
        .into_iter()
        .find(|c| referral_category(*c) == text)
}

/// The text in `referrals.consent_how`.
pub(crate) fn consent_how(how: softland_domain::partner::ConsentHow) -> &'static str {
    use softland_domain::partner::ConsentHow as H;
    match how {
        H::InPerson => "in_person",
        H::Phone => "phone",
        H::Mail => "mail",
        H::Portal => "portal",
        H::Paper => "paper",
    }
}

/// The way of consent stored as `text`.
pub(crate) fn consent_how_from(text: &str) -> Option<softland_domain::partner::ConsentHow> {
    softland_domain::partner::ConsentHow::ALL
        .into_iter()
        .find(|h| consent_how(*h) == text)
}

/// The text in `cases.lawful_basis` (issue 23).
pub(crate) fn lawful_basis(basis: softland_domain::privacy::LawfulBasis) -> &'static str {
    use softland_domain::privacy::LawfulBasis as B;
    match basis {
        B::Contract => "contract",
        B::LegalObligation => "legal_obligation",
        B::PublicTask => "public_task",
        B::Consent => "consent",
    }
}

/// The lawful basis stored as `text`.
pub(crate) fn lawful_basis_from(text: &str) -> Option<softland_domain::privacy::LawfulBasis> {
    softland_domain::privacy::LawfulBasis::ALL
        .into_iter()
        .find(|b| lawful_basis(*b) == text)
}

/// The text in `consents.purpose` (issue 23).
pub(crate) fn consent_purpose(purpose: softland_domain::privacy::Purpose) -> &'static str {
    use softland_domain::privacy::Purpose as P;
    match purpose {
        P::PortalUse => "portal_use",
        P::MailReminders => "mail_reminders",
        P::BuddySharing => "buddy_sharing",
        P::EmployerSharing => "employer_sharing",
        P::PartnerReferral => "partner_referral",
        P::Photos => "photos",
    }
}

/// The purpose stored as `text`.
pub(crate) fn consent_purpose_from(text: &str) -> Option<softland_domain::privacy::Purpose> {
    softland_domain::privacy::Purpose::ALL
        .into_iter()
        .find(|p| consent_purpose(*p) == text)
}

/// The text in `hire_requests.status` (and the name in the API).
pub(crate) fn hire_status(status: crate::db::partners::HireStatus) -> &'static str {
    use crate::db::partners::HireStatus as S;
    match status {
        S::Open => "open",
        S::Accepted => "accepted",
        S::Declined => "declined",
        S::Withdrawn => "withdrawn",
    }
}

/// The hire request status stored as `text`.
pub(crate) fn hire_status_from(text: &str) -> Option<crate::db::partners::HireStatus> {
    crate::db::partners::HireStatus::ALL
        .into_iter()
        .find(|s| hire_status(*s) == text)
}

/// The text in `events.kind`.
pub(crate) fn event_kind(kind: softland_domain::site::event::EventKind) -> &'static str {
    use softland_domain::site::event::EventKind as K;
    match kind {
        K::Workshop => "workshop",
        K::Seminar => "seminar",
        K::Meetup => "meetup",
        K::InfoSession => "info_session",
        K::PartnerEvent => "partner_event",
    }
}

/// The event kind stored as `text`.
pub(crate) fn event_kind_from(text: &str) -> Option<softland_domain::site::event::EventKind> {
    softland_domain::site::event::EventKind::ALL
        .iter()
        .copied()
        .find(|k| event_kind(*k) == text)
}

/// The text in `events.status`.
pub(crate) fn event_status(status: softland_domain::site::event::EventStatus) -> &'static str {
    use softland_domain::site::event::EventStatus as S;
    match status {
        S::Draft => "draft",
        S::Published => "published",
        S::Cancelled => "cancelled",
    }
}

/// The event status stored as `text`.
pub(crate) fn event_status_from(text: &str) -> Option<softland_domain::site::event::EventStatus> {
    softland_domain::site::event::EventStatus::ALL
        .iter()
        .copied()
        .find(|s| event_status(*s) == text)
}

/// The text in `event_registrations.status`.
pub(crate) fn registration_status(
    status: softland_domain::site::event::RegistrationStatus,
) -> &'static str {
    use softland_domain::site::event::RegistrationStatus as S;
    match status {
        S::Registered => "registered",
        S::Waiting => "waiting",
        S::Cancelled => "cancelled",
    }
}

/// The registration status stored as `text`.
pub(crate) fn registration_status_from(
    text: &str,
) -> Option<softland_domain::site::event::RegistrationStatus> {
    softland_domain::site::event::RegistrationStatus::ALL
        .iter()
        .copied()
        .find(|s| registration_status(*s) == text)
}

/// The text in `event_registrations.attendance`.
pub(crate) fn attendance(attendance: softland_domain::site::event::Attendance) -> &'static str {
    use softland_domain::site::event::Attendance as A;
    match attendance {
        A::Unknown => "unknown",
        A::Attended => "attended",
        A::NoShow => "no_show",
    }
}

/// The attendance stored as `text`.
pub(crate) fn attendance_from(text: &str) -> Option<softland_domain::site::event::Attendance> {
    softland_domain::site::event::Attendance::ALL
        .iter()
        .copied()
        .find(|a| attendance(*a) == text)
}

/// The text in `enquiries.topic`.
pub(crate) fn enquiry_topic(topic: softland_domain::site::enquiry::Topic) -> &'static str {
    use softland_domain::site::enquiry::Topic as T;
    match topic {
        T::Work => "work",
        T::Study => "study",
        T::Research => "research",
        T::Business => "business",
        T::Family => "family",
        T::Other => "other",
    }
}

/// The topic stored as `text`.
pub(crate) fn enquiry_topic_from(text: &str) -> Option<softland_domain::site::enquiry::Topic> {
    softland_domain::site::enquiry::Topic::ALL
        .into_iter()
        .find(|t| enquiry_topic(*t) == text)
}

/// The text in `enquiries.status`.
pub(crate) fn enquiry_status(
    status: softland_domain::site::enquiry::EnquiryStatus,
) -> &'static str {
    use softland_domain::site::enquiry::EnquiryStatus as S;
    match status {
        S::New => "new",
        S::InProgress => "in_progress",
        S::Answered => "answered",
        S::Closed => "closed",
    }
}

/// The enquiry status stored as `text`.
pub(crate) fn enquiry_status_from(
    text: &str,
) -> Option<softland_domain::site::enquiry::EnquiryStatus> {
    softland_domain::site::enquiry::EnquiryStatus::ALL
        .into_iter()
        .find(|s| enquiry_status(*s) == text)
}

/// The text in `articles.kind`.
pub(crate) fn article_kind(kind: softland_domain::site::article::ArticleKind) -> &'static str {
    use softland_domain::site::article::ArticleKind as K;
    match kind {
        K::Guide => "guide",
        K::News => "news",
    }
}

/// The article kind stored as `text`.
pub(crate) fn article_kind_from(text: &str) -> Option<softland_domain::site::article::ArticleKind> {
    softland_domain::site::article::ArticleKind::ALL
        .into_iter()
        .find(|k| article_kind(*k) == text)
}

impl crate::access::AccessKind {
    /// The text in `access_log.kind`.
    pub(crate) fn stored(self) -> &'static str {
        use crate::access::AccessKind;
        match self {
            AccessKind::CasePage => "case.page",
            AccessKind::PortalCase => "portal.case",
            AccessKind::Documents => "person.documents",
            AccessKind::Files => "case.files",
            AccessKind::File => "file",
            AccessKind::Export => "export",
            AccessKind::EmployerView => "employer.view",
            AccessKind::BuddyView => "buddy.view",
            AccessKind::ApiCase => "api.case",
            AccessKind::Messages => "case.messages",
        }
    }

    /// The kind stored as `text`.
    pub(crate) fn from_stored(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.stored() == text)
    }

    /// The name in addresses and the API's filter (`?kind=case.page`).
    pub fn key(self) -> &'static str {
        self.stored()
    }

    /// The kind named `key` (see [`Self::key`]).
    pub fn from_key(key: &str) -> Option<Self> {
        Self::from_stored(key)
    }
}

/// A breach's risk as stored in `breaches.risk` (also its name in forms and the API).
pub(crate) fn breach_risk(risk: softland_domain::breach::BreachRisk) -> &'static str {
    use softland_domain::breach::BreachRisk;
    match risk {
        BreachRisk::Unlikely => "unlikely",
        BreachRisk::Risk => "risk",
        BreachRisk::High => "high",
    }
}

/// The risk stored (or typed) as `text`.
pub(crate) fn breach_risk_from(text: &str) -> Option<softland_domain::breach::BreachRisk> {
    softland_domain::breach::BreachRisk::ALL
        .into_iter()
        .find(|r| breach_risk(*r) == text)
}

/// A breach's status as stored in `breaches.status`.
pub(crate) fn breach_status(status: softland_domain::breach::BreachStatus) -> &'static str {
    use softland_domain::breach::BreachStatus;
    match status {
        BreachStatus::Open => "open",
        BreachStatus::Closed => "closed",
    }
}

/// The status stored as `text`.
pub(crate) fn breach_status_from(text: &str) -> Option<softland_domain::breach::BreachStatus> {
    softland_domain::breach::BreachStatus::ALL
        .into_iter()
        .find(|s| breach_status(*s) == text)
}

#[cfg(test)]
mod tests {
    use crate::audit::AuditAction;

    #[test]
    fn article_kinds_read_back_from_their_stored_text() {
        for k in softland_domain::site::article::ArticleKind::ALL {
            assert_eq!(super::article_kind_from(super::article_kind(k)), Some(k));
        }
    }

    #[test]
    fn event_vocabularies_read_back_from_their_stored_text() {
        use softland_domain::site::event::{
            Attendance, EventKind, EventStatus, RegistrationStatus,
        };
        for k in EventKind::ALL {
            assert_eq!(super::event_kind_from(super::event_kind(*k)), Some(*k));
        }
        for s in EventStatus::ALL {
            assert_eq!(super::event_status_from(super::event_status(*s)), Some(*s));
        }
        for s in RegistrationStatus::ALL {
            assert_eq!(
                super::registration_status_from(super::registration_status(*s)),
                Some(*s)
            );
        }
        for a in Attendance::ALL {
            assert_eq!(super::attendance_from(super::attendance(*a)), Some(*a));
        }
    }

    #[test]
    fn enquiry_vocabularies_read_back_from_their_stored_text() {
        use softland_domain::site::enquiry::{EnquiryStatus, Topic};
        for t in Topic::ALL {
            assert_eq!(super::enquiry_topic_from(super::enquiry_topic(t)), Some(t));
        }
        for s in EnquiryStatus::ALL {
            assert_eq!(
                super::enquiry_status_from(super::enquiry_status(s)),
                Some(s)
            );
        }
    }

    #[test]
    fn employer_vocabularies_read_back_from_their_stored_text() {
        use crate::db::partners::{ConsentHow, HireStatus};
        for h in ConsentHow::ALL {
            assert_eq!(super::consent_how_from(super::consent_how(h)), Some(h));
        }
        for s in HireStatus::ALL {
            assert_eq!(super::hire_status_from(super::hire_status(s)), Some(s));
        }
    }

    #[test]
    fn partner_vocabularies_read_back_from_their_stored_text() {
        use softland_domain::partner::{AgreementStatus, Category, ReferralStatus};
        for a in AgreementStatus::ALL {
            assert_eq!(super::agreement_from(super::agreement(a)), Some(a));
        }
        for s in ReferralStatus::ALL {
            assert_eq!(
                super::referral_status_from(super::referral_status(s)),
                Some(s)
            );
        }
        for c in Category::ALL {
            assert_eq!(
                super::referral_category_from(super::referral_category(c)),
                Some(c)
            );
        }
        for h in softland_domain::partner::ConsentHow::ALL {
            assert_eq!(super::consent_how_from(super::consent_how(h)), Some(h));
        }
    }

    #[test]
    fn privacy_vocabularies_read_back_from_their_stored_text() {
        use softland_domain::privacy::{LawfulBasis, Purpose};
        for b in LawfulBasis::ALL {
            assert_eq!(super::lawful_basis_from(super::lawful_basis(b)), Some(b));
        }
        for p in Purpose::ALL {
            assert_eq!(
                super::consent_purpose_from(super::consent_purpose(p)),
                Some(p)
            );
        }
    }

    #[test]
    fn every_action_reads_back_from_its_stored_text() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::from_stored(action.stored()), Some(action));
        }
        assert_eq!(AuditAction::from_stored("item.due_overridden"), None);
    }

    #[test]
    fn every_risk_kind_reads_back_and_status_lists_are_sql() {
        use softland_domain::case::RiskKind;
        for kind in RiskKind::ALL {
            assert_eq!(super::risk_kind_from(super::risk_kind(kind)), Some(kind));
        }
        assert_eq!(*super::OPEN_ITEM, "i.status IN ('to_do', 'in_progress')");
        assert_eq!(
            *super::OPEN_ITEM_DUE_LIST,
            "i.status IN ('in_progress', 'to_do')"
        );
    }
}
