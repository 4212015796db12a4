//! What the history records: every kind of change as one enum. The text stored for each is
//! written in one place, at the database's edge (`db/vocabulary.rs`); pages show
//! [`AuditAction::label`].

/// A kind of change in a case's (or an account's) history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    /// A case was opened.
    CaseOpened,
    /// A case went to another consultant.
    CaseReassigned,
    /// A case was put on hold, closed or reopened.
    CaseStatus,
    /// An item's status changed.
    ItemStatus,
    /// A consultant set or cleared an item's due date by hand.
    ItemDueOverride,
    /// An item's computed due date moved (a key date changed, an item it waits for was done).
    ItemDueMoved,
    /// A consultant added an item of their own.
    ItemAdded,
    /// A key date was set, changed or cleared.
    KeyDateChanged,
    /// A note was written (before conversations, also a note shared with the household).
    NoteAdded,
    /// A message of the case's conversation was written (issue 19).
    MessageWritten,
    /// A person was invited to the portal.
    ExpatInvited,
    /// An existing expat account was asked to confirm that it is a person of the case.
    ExpatLinkRequested,
    /// The expat confirmed.
    ExpatLinkConfirmed,
    /// The expat declined.
    ExpatLinkDeclined,
    /// Sign-ins to an account were paused after repeated failures from many places.
    AccountSignInsPaused,
    /// A document was added to a person's wallet, changed or removed.
    DocumentChanged,
    /// A file was uploaded to the case.
    FileUploaded,
    /// A consultant accepted a file or asked for another copy.
    FileReviewed,
    /// A file was deleted (soft: its row stays, marked).
    FileDeleted,
    /// A notification about the case was mailed (a reminder, a window opening, a request for
    /// another copy); the outbox says whether it was delivered.
    Notified,
    /// A newcomer asked for a buddy, or a consultant asked for them (issue 20).
    BuddyRequested,
    /// A buddy match moved: proposed, accepted, declined, started, ended, consent withdrawn.
    BuddyMatch,
    /// An ambassador logged a check-in, or staff handled one that needed the centre.
    BuddyCheckIn,
    /// An ambassador opened a newcomer's shared details.
    BuddyViewed,
    /// An ambassador's profile or status changed (invited, applied, approved, paused …).
    AmbassadorChanged,
    /// A partner organisation, its contacts or its links to checklist items changed (issue 21).
    PartnerChanged,
    /// A person was referred to a partner, or a referral moved (in contact, solved …).
    Referral,
    /// An employee's consent to share their progress with their employer was recorded or
    /// withdrawn, or the employer was linked to the person.
    EmployerConsent,
    /// A partner employer's user opened an employee's progress summary.
    EmployerViewed,
    /// An employer's pre-arrival request was made, accepted into a case or declined.
    HireRequest,
    /// The languages the household speaks were changed (issue 21).
    HouseholdLanguages,
    /// An admin saved the centre's public settings (issue 22).
    SiteChanged,
    /// An enquiry from the contact form was handled: a status, a note, a case (issue 22).
    Enquiry,
    /// An article of the public site was saved, published or unpublished (issue 22).
    ArticleChanged,
    /// The lawful basis of a case's processing was set (issue 23).
    LawfulBasis,
    /// A consent was given or withdrawn (issue 23).
    Consent,
    /// A person's data was exported (Art. 15 and 20, issue 23).
    DataExported,
    /// A person or a household was erased (Art. 17) or anonymised by retention: the
    /// tombstone (ids, counts, reason category; issue 23).
    Erased,
    /// A legal hold was set on a case or lifted (issue 23).
    LegalHold,
    /// A staff member's two-factor sign-in was set up, disabled, given new recovery codes or
    /// reset by an admin (issue 23).
    TwoFactorChanged,
    /// An admin changed the centre's security settings (issue 23).
    SecuritySettingsChanged,
    /// A personal-data breach was recorded, changed or given a timeline entry (issue 23).
    Breach,
}

impl AuditAction {
    /// Every action.
    pub const ALL: [AuditAction; 42] = [
        AuditAction::CaseOpened,
        AuditAction::CaseReassigned,
        AuditAction::CaseStatus,
        AuditAction::ItemStatus,
        AuditAction::ItemDueOverride,
        AuditAction::ItemDueMoved,
        AuditAction::ItemAdded,
        AuditAction::KeyDateChanged,
        AuditAction::NoteAdded,
        AuditAction::MessageWritten,
        AuditAction::ExpatInvited,
        AuditAction::ExpatLinkRequested,
        AuditAction::ExpatLinkConfirmed,
        AuditAction::ExpatLinkDeclined,
        AuditAction::AccountSignInsPaused,
        AuditAction::DocumentChanged,
        AuditAction::FileUploaded,
        AuditAction::FileReviewed,
        AuditAction::FileDeleted,
        AuditAction::Notified,
        AuditAction::BuddyRequested,
        AuditAction::BuddyMatch,
        AuditAction::BuddyCheckIn,
        AuditAction::BuddyViewed,
        AuditAction::AmbassadorChanged,
        AuditAction::PartnerChanged,
        AuditAction::Referral,
        AuditAction::EmployerConsent,
        AuditAction::EmployerViewed,
        AuditAction::HireRequest,
        AuditAction::HouseholdLanguages,
        AuditAction::SiteChanged,
        AuditAction::Enquiry,
        AuditAction::ArticleChanged,
        AuditAction::LawfulBasis,
        AuditAction::Consent,
        AuditAction::DataExported,
        AuditAction::Erased,
        AuditAction::LegalHold,
        AuditAction::TwoFactorChanged,
        AuditAction::SecuritySettingsChanged,
        AuditAction::Breach,
    ];

    /// The words a history line starts with.
    pub fn label(self) -> &'static str {
        match self {
            AuditAction::CaseOpened => "Case opened",
            AuditAction::CaseReassigned => "Consultant changed",
            AuditAction::CaseStatus => "Case status",
            AuditAction::ItemStatus => "Status",
            AuditAction::ItemDueOverride => "Due date set",
            AuditAction::ItemDueMoved => "Due date moved",
            AuditAction::ItemAdded => "Item added",
            AuditAction::KeyDateChanged => "Key date",
            AuditAction::NoteAdded => "Note added",
            AuditAction::MessageWritten => "Message",
            AuditAction::ExpatInvited => "Invited to the portal",
            AuditAction::ExpatLinkRequested => "Asked to confirm their account",
            AuditAction::ExpatLinkConfirmed => "Account confirmed",
            AuditAction::ExpatLinkDeclined => "Account declined",
            AuditAction::AccountSignInsPaused => "Sign-ins paused",
            AuditAction::DocumentChanged => "Document",
            AuditAction::FileUploaded => "File uploaded",
            AuditAction::FileReviewed => "File reviewed",
            AuditAction::FileDeleted => "File deleted",
            AuditAction::Notified => "Notification mailed",
            AuditAction::BuddyRequested => "Buddy requested",
            AuditAction::BuddyMatch => "Buddy match",
            AuditAction::BuddyCheckIn => "Buddy check-in",
            AuditAction::BuddyViewed => "Seen by the buddy",
            AuditAction::AmbassadorChanged => "Ambassador",
            AuditAction::PartnerChanged => "Partner",
            AuditAction::Referral => "Referral",
            AuditAction::EmployerConsent => "Employer consent",
            AuditAction::EmployerViewed => "Seen by the employer",
            AuditAction::HireRequest => "Employer's request",
            AuditAction::HouseholdLanguages => "Languages",
            AuditAction::SiteChanged => "Centre settings",
            AuditAction::Enquiry => "Enquiry",
            AuditAction::ArticleChanged => "Article",
            AuditAction::LawfulBasis => "Lawful basis",
            AuditAction::Consent => "Consent",
            AuditAction::DataExported => "Data exported",
            AuditAction::Erased => "Erased",
            AuditAction::LegalHold => "Legal hold",
            AuditAction::TwoFactorChanged => "Two-factor sign-in",
            AuditAction::SecuritySettingsChanged => "Security settings",
            AuditAction::Breach => "Breach register",
        }
    }
}
