//! Events of the centre's programme: their kinds, where an event stands, and where one
//! person's registration stands (a place, the waiting list, cancelled) with their attendance.
//! What staff type for an event is read by [`EventText::parse`]; who gets a place and who
//! waits is decided by the seat rule ([`seat_for_new`], [`to_promote`]), which the store applies
//! inside its transaction.

mod input;
mod local_time;
mod seats;
mod suggest;

pub use input::{Capacity, EventDraft, EventInputField, EventText, InvalidEvent};
pub use local_time::{LocalTimeError, local_instant};
pub use seats::{
    RegistrationClosed, Seat, attendance_markable, free_places, registration_cancellable,
    registration_open, seat_for_new, to_promote, waiting_list_moves,
};
pub use suggest::suits;

/// A vocabulary of this module: every value, its identifier in forms and its words.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => ($id:literal, $label:literal)),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The identifier in forms and URLs.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $id),+
                }
            }

            /// Words for people.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label),+
                }
            }

            /// Parses [`Self::as_str`].
            pub fn parse(raw: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == raw)
            }
        }
    };
}

vocabulary!(
    /// What kind of event it is.
    EventKind {
        /// A hands-on session on one subject (taxes, housing…).
        Workshop => ("workshop", "Workshop"),
        /// A talk with questions.
        Seminar => ("seminar", "Seminar"),
        /// An informal evening of the community.
        Meetup => ("meetup", "Community meetup"),
        /// The centre presents its services or a procedure.
        InfoSession => ("info_session", "Info session"),
        /// Run by a partner of the network with the centre.
        PartnerEvent => ("partner_event", "Partner event"),
    }
);

vocabulary!(
    /// Where an event stands.
    EventStatus {
        /// Being prepared: staff see it, the public does not.
        Draft => ("draft", "Draft"),
        /// Shown to everyone; open for registration until its deadline.
        Published => ("published", "Published"),
        /// Called off: still shown (so that registered people learn it), no registration.
        Cancelled => ("cancelled", "Cancelled"),
    }
);

vocabulary!(
    /// Where one person's registration stands.
    RegistrationStatus {
        /// Has a place.
        Registered => ("registered", "Registered"),
        /// On the waiting list: moves up when a place is freed.
        Waiting => ("waiting", "On the waiting list"),
        /// Cancelled by the person or by staff.
        Cancelled => ("cancelled", "Cancelled"),
    }
);

vocabulary!(
    /// Whether a registered person came.
    Attendance {
        /// Not marked yet.
        Unknown => ("unknown", "Not marked"),
        /// Came.
        Attended => ("attended", "Attended"),
        /// Did not come.
        NoShow => ("no_show", "No-show"),
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_parse_back() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::parse(kind.as_str()), Some(*kind));
        }
        for status in EventStatus::ALL {
            assert_eq!(EventStatus::parse(status.as_str()), Some(*status));
        }
        for status in RegistrationStatus::ALL {
            assert_eq!(RegistrationStatus::parse(status.as_str()), Some(*status));
        }
        for attendance in Attendance::ALL {
            assert_eq!(Attendance::parse(attendance.as_str()), Some(*attendance));
        }
        assert_eq!(EventKind::parse("party"), None);
    }
}
