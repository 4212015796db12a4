//! `templates/partners/public_list.html` and `public_show.html`: the directory's public
//! fields as expats (portal layout, `/my/partners`) and ambassadors (their area's layout,
//! `/buddy/partners`) read them — one page for both, the layout chosen by [`Area`].

use askama::Template;

use super::FilterForm;
use crate::commands::partners::directory::PublicOrganisation;
use crate::views::portal::PortalChrome;

/// Whose area the page is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// The expat's portal.
    Portal,
    /// The ambassador's area.
    Buddy,
}

impl Area {
    /// The directory's path in this area.
    pub fn base(self) -> &'static str {
        match self {
            Area::Portal => "/my/partners",
            Area::Buddy => "/buddy/partners",
        }
    }

    /// Whether it is the ambassador's area (the layout's flag).
    pub fn is_buddy(self) -> bool {
        self == Area::Buddy
    }
}

/// One organisation as the public list and page show it.
pub struct PublicCard {
    /// What may be shown.
    pub org: PublicOrganisation,
    /// The map link of its address, or empty.
    pub map: String,
    /// "English, Czech".
    pub languages: String,
    /// "GP, Paediatrics".
    pub services: String,
}

impl From<PublicOrganisation> for PublicCard {
    fn from(org: PublicOrganisation) -> Self {
        Self {
            map: org
                .address
                .as_deref()
                .map(super::map_url)
                .unwrap_or_default(),
            languages: org.languages.join(", "),
            services: org.services.join(", "),
            org,
        }
    }
}

/// The public directory.
#[derive(Template)]
#[template(path = "partners/public_list.html")]
pub struct PublicDirectoryPage {
    /// The layout's chrome (name, sign-out, the centre).
    pub chrome: PortalChrome,
    /// Whose area.
    pub area: Area,
    /// The filters.
    pub filter: FilterForm,
    /// The organisations found.
    pub cards: Vec<PublicCard>,
}

/// One organisation's public page.
#[derive(Template)]
#[template(path = "partners/public_show.html")]
pub struct PublicOrganisationPage {
    /// The layout's chrome.
    pub chrome: PortalChrome,
    /// Whose area.
    pub area: Area,
    /// The organisation.
    pub card: PublicCard,
}
