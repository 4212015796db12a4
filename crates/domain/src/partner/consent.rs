//! How a person's consent was given (to share their contact details with a partner).

/// How a person gave their consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConsentHow {
    /// Said so at the centre.
    InPerson,
    /// Said so on the phone.
    Phone,
    /// Wrote so in a mail.
    Mail,
    /// Wrote so in the portal's conversation.
    Portal,
    /// Signed a paper form.
    Paper,
}

impl ConsentHow {
    /// Every way, in the order forms list them.
    pub const ALL: [ConsentHow; 5] = [
        ConsentHow::InPerson,
        ConsentHow::Phone,
        ConsentHow::Mail,
        ConsentHow::Portal,
        ConsentHow::Paper,
    ];

    /// The identifier in forms and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentHow::InPerson => "in_person",
            ConsentHow::Phone => "phone",
            ConsentHow::Mail => "mail",
            ConsentHow::Portal => "portal",
            ConsentHow::Paper => "paper",
        }
    }

    /// Words for people ("in person at the centre").
    pub fn label(self) -> &'static str {
        match self {
            ConsentHow::InPerson => "In person at the centre",
            ConsentHow::Phone => "On the phone",
            ConsentHow::Mail => "By mail",
            ConsentHow::Portal => "In the portal",
            ConsentHow::Paper => "On a signed paper form",
        }
    }

    /// Parses [`ConsentHow::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == raw.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::ConsentHow;

    #[test]
    fn every_way_of_consent_parses_back() {
        for how in ConsentHow::ALL {
            assert_eq!(ConsentHow::parse(how.as_str()), Some(how));
        }
        assert_eq!(ConsentHow::parse("telepathy"), None);
    }
}
