//! The centre's public site (issue 22): pages anyone may read without signing in. Each
//! page's chrome (the centre, the navigation, the meta tags) is made here.

pub mod articles;
pub mod calculator;
pub mod contact;
pub mod directory;
pub mod events;
pub mod guides;
pub mod home;
pub mod sharing;

use tower_sessions::Session;

use crate::app::AppState;
use crate::auth::session;
use crate::commands::site::site_settings;
use crate::error::AppError;
use crate::views::public::{PageMeta, PublicChrome, Section};

/// The chrome of a public page in `section` described by `meta`.
pub async fn chrome(
    state: &AppState,
    session: &Session,
    section: Option<Section>,
    meta: PageMeta,
) -> Result<PublicChrome, AppError> {
    Ok(PublicChrome {
        site: site_settings(state).await?,
        meta,
        base: state.config.base_url().trim_end_matches('/').to_owned(),
        section,
        signed_in: session::signed_in(session).await?.is_some(),
    })
}
