//! How the public site names each route's guide and groups it for newcomers: a headline in
//! the reader's words and the group the guides index lists it under. Data, not rules: a route
//! this table does not know gets a headline made from its name and the group "Other".

/// A group of guides on the index, in the order listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RouteGroup {
    /// Coming to work.
    Work,
    /// Coming to study or do research.
    Study,
    /// Starting a business.
    Business,
    /// Joining family.
    Family,
    /// Citizens of the EU, EEA and Switzerland and their families.
    EuCitizens,
    /// Staying for good.
    Staying,
    /// Anything else.
    Other,
}

impl RouteGroup {
    /// Every group, in the order listed.
    pub const ALL: [RouteGroup; 7] = [
        RouteGroup::Work,
        RouteGroup::Study,
        RouteGroup::Business,
        RouteGroup::Family,
        RouteGroup::EuCitizens,
        RouteGroup::Staying,
        RouteGroup::Other,
    ];

    /// The group's heading.
    pub fn heading(self) -> &'static str {
        match self {
            RouteGroup::Work => "Coming to work",
            RouteGroup::Study => "Coming to study or do research",
            RouteGroup::Business => "Starting a business",
            RouteGroup::Family => "Joining your family",
            RouteGroup::EuCitizens => "EU, EEA and Swiss citizens and their families",
            RouteGroup::Staying => "Staying for good",
            RouteGroup::Other => "Other routes",
        }
    }

    /// An HTML id.
    pub fn id(self) -> &'static str {
        match self {
            RouteGroup::Work => "work",
            RouteGroup::Study => "study",
            RouteGroup::Business => "business",
            RouteGroup::Family => "family",
            RouteGroup::EuCitizens => "eu-citizens",
            RouteGroup::Staying => "staying",
            RouteGroup::Other => "other-routes",
        }
    }
}

const KNOWN: [(&str, &str, RouteGroup); 12] = [
    (
        "employee-card",
        "Coming to work in Ostrava with an employee card",
        RouteGroup::Work,
    ),
    (
        "eu-blue-card",
        "Coming to work in Ostrava with an EU Blue Card",
        RouteGroup::Work,
    ),
    (
        "ict-card",
        "Transferred to Ostrava by your company (ICT card)",
        RouteGroup::Work,
    ),
    ("study", "Coming to study in Ostrava", RouteGroup::Study),
    (
        "job-seeker",
        "Staying in Ostrava after your studies or research to find a job or start a business",
        RouteGroup::Study,
    ),
    (
        "business",
        "Coming to Ostrava to work for yourself (trade licence)",
        RouteGroup::Business,
    ),
    (
        "family-reunification",
        "Joining your family in Ostrava",
        RouteGroup::Family,
    ),
    (
        "eu-citizen",
        "Moving to Ostrava as an EU, EEA or Swiss citizen",
        RouteGroup::EuCitizens,
    ),
    (
        "eu-worker",
        "Working in Ostrava as an EU, EEA or Swiss citizen",
        RouteGroup::EuCitizens,
    ),
    (
        "eu-self-employed",
        "Self-employed in Ostrava as an EU, EEA or Swiss citizen",
        RouteGroup::EuCitizens,
    ),
    (
        "eu-family",
        "Living in Ostrava as the family member of an EU citizen",
        RouteGroup::EuCitizens,
    ),
    (
        "permanent-residence",
        "Applying for permanent residence in Ostrava",
        RouteGroup::Staying,
    ),
];

/// The headline and group of route `key` named `name`.
pub fn headline(key: &str, name: &str) -> (String, RouteGroup) {
    KNOWN.iter().find(|(k, _, _)| *k == key).map_or_else(
        || (format!("{name}: your steps in Ostrava"), RouteGroup::Other),
        |(_, h, g)| ((*h).to_owned(), *g),
    )
}
