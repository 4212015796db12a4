//! Who does an item: the expat, or someone who does it for them (their employer, the centre,
//! an authority). Data in the template, so a new route can say so without code.

use serde::{Deserialize, Serialize};

/// Who does an item. The portal shows others' items apart, as "what others do for you".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Doer {
    /// The expat (or their household) does it.
    #[default]
    Expat,
    /// The employer does it (e.g. the Labour Office notices).
    Employer,
    /// The expat centre's consultant does it.
    Centre,
    /// An authority does it on its own.
    Authority,
}

impl Doer {
    /// Every value.
    pub const ALL: [Doer; 4] = [Doer::Expat, Doer::Employer, Doer::Centre, Doer::Authority];

    /// The identifier in files and storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Doer::Expat => "expat",
            Doer::Employer => "employer",
            Doer::Centre => "centre",
            Doer::Authority => "authority",
        }
    }

    /// Parses [`Doer::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == raw)
    }

    /// Who, in words for the expat: "Your employer".
    pub fn label(self) -> &'static str {
        match self {
            Doer::Expat => "You",
            Doer::Employer => "Your employer",
            Doer::Centre => "The expat centre",
            Doer::Authority => "The authority",
        }
    }

    /// Whether someone other than the expat does it.
    pub fn is_other(self) -> bool {
        self != Doer::Expat
    }
}

#[cfg(test)]
mod tests {
    use super::Doer;

    #[test]
    fn every_doer_parses_from_its_identifier() {
        for d in Doer::ALL {
            assert_eq!(Doer::parse(d.as_str()), Some(d));
        }
        assert_eq!(Doer::parse("boss"), None);
        assert_eq!(Doer::default(), Doer::Expat);
    }
}
