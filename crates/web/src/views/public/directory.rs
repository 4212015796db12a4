//! `templates/public/directory.html` and `directory_show.html`: the partner directory for
//! visitors, with the portal's organisation cards inside the public layout.

use askama::Template;

use super::PublicChrome;
use crate::views::partners::FilterForm;
use crate::views::partners::public::PublicCard;

/// The public directory.
#[derive(Template)]
#[template(path = "public/directory.html")]
pub struct VisitorDirectoryPage {
    /// Header, footer and meta tags.
    pub chrome: PublicChrome,
    /// The filters.
    pub filter: FilterForm,
    /// The organisations found.
    pub cards: Vec<PublicCard>,
}

/// One organisation.
#[derive(Template)]
#[template(path = "public/directory_show.html")]
pub struct VisitorOrganisationPage {
    /// Header, footer and meta tags.
    pub chrome: PublicChrome,
    /// The organisation.
    pub card: PublicCard,
}
