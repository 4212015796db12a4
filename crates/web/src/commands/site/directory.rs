//! The partner directory for visitors of the public site (`/directory`): the public fields of
//! the organisations that are active and that staff marked public ("may be listed on the
//! public pages"). Staff, expats and ambassadors have their own queries
//! (`partners::directory`); a visitor has no account, so these need none.

use crate::app::AppState;
use crate::commands::CommandError;
use crate::commands::partners::directory::{FilterInput, PublicOrganisation};
use crate::db::partners;
use crate::ids::OrganisationId;

/// The public, active organisations the filter admits, by name.
#[derive(Debug, Clone)]
pub struct VisitorDirectoryQuery {
    /// The filter (`include_inactive` is ignored).
    pub filter: FilterInput,
}

impl VisitorDirectoryQuery {
    /// Runs it (anyone); an unknown kind or language is the field's mistake.
    pub async fn run(&self, state: &AppState) -> Result<Vec<PublicOrganisation>, CommandError> {
        let mut filter = self.filter.parse(&partners::kinds(&state.db).await?)?;
        filter.include_inactive = false;
        filter.public_only = true;
        filter.search_tags = false;
        let found = partners::organisations(&state.db, &filter).await?;
        Ok(found.into_iter().map(PublicOrganisation::from).collect())
    }
}

/// One public, active organisation's public fields.
#[derive(Debug, Clone, Copy)]
pub struct VisitorOrganisationQuery {
    /// Which.
    pub id: OrganisationId,
}

impl VisitorOrganisationQuery {
    /// Runs it (anyone); an inactive or unlisted organisation is "not found".
    pub async fn run(&self, state: &AppState) -> Result<PublicOrganisation, CommandError> {
        let org = partners::organisation(&state.db, self.id).await?;
        if !org.details.active || !org.details.public {
            return Err(CommandError::NotFound);
        }
        Ok(org.into())
    }
}
