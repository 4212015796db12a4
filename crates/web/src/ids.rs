//! Record ids. Each is its own type so that a case id can never be passed as an item id.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map(Self)
            }
        }
    };
}

id_type!(
    /// A user account (staff or expat).
    UserId
);
id_type!(
    /// A case.
    CaseId
);
id_type!(
    /// A checklist item of a case.
    ItemId
);
id_type!(
    /// A person of a case.
    PersonId
);
id_type!(
    /// A note on a case.
    NoteId
);
id_type!(
    /// A personal API token (its row, not its secret).
    TokenId
);
id_type!(
    /// A file uploaded to a case.
    FileId
);
id_type!(
    /// A calendar feed token (its row, not its secret).
    FeedTokenId
);
id_type!(
    /// A message of a case's conversation.
    MessageId
);
id_type!(
    /// An ambassador of the buddy programme (their profile, not their account).
    AmbassadorId
);
id_type!(
    /// A newcomer's request for a buddy and the match it becomes.
    MatchId
);
id_type!(
    /// An ambassador's check-in on a match.
    CheckInId
);
id_type!(
    /// A kind of partner organisation (university, insurer…).
    PartnerKindId
);
id_type!(
    /// A partner organisation of the centre.
    OrganisationId
);
id_type!(
    /// A contact person of a partner organisation.
    ContactId
);
id_type!(
    /// A referral of a case's person to a partner.
    ReferralId
);
id_type!(
    /// A person's employment with a partner employer (and their consent to share progress).
    EmploymentId
);
id_type!(
    /// An employer's pre-arrival request for a new hire.
    HireRequestId
);
id_type!(
    /// An event of the centre's programme.
    EventId
);
id_type!(
    /// One person's registration for an event.
    RegistrationId
);
id_type!(
    /// An article of the public site.
    ArticleId
);
id_type!(
    /// An enquiry sent through the public contact form.
    EnquiryId
);
id_type!(
    /// A record of the consent register (issue 23).
    ConsentId
);
id_type!(
    /// A personal-data breach in the register (issue 23).
    BreachId
);
