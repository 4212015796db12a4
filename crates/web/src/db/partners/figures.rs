//! How many referrals each organisation received and how they ended, read straight from
//! `referrals` (partnership management, the organisation's page).

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use softland_domain::partner::ReferralStatus;

use super::read::corrupt;
use crate::db::entities::referrals;
use crate::db::{Db, DbError};
use crate::ids::OrganisationId;

/// An organisation's referrals by where they stand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    /// Every referral it received.
    pub received: u64,
    /// Sent or in contact.
    pub open: u64,
    /// Solved.
    pub solved: u64,
    /// Not solved.
    pub not_solved: u64,
}

impl Figures {
    fn count(&mut self, status: ReferralStatus) {
        self.received += 1;
        match status {
            ReferralStatus::Solved => self.solved += 1,
            ReferralStatus::NotSolved => self.not_solved += 1,
            ReferralStatus::Sent | ReferralStatus::InContact => self.open += 1,
        }
    }
}

fn tally(rows: Vec<referrals::Model>) -> Result<HashMap<OrganisationId, Figures>, DbError> {
    let mut found: HashMap<OrganisationId, Figures> = HashMap::new();
    for row in rows {
        let status = crate::db::vocabulary::referral_status_from(&row.status)
            .ok_or_else(|| corrupt("referral status", &row.status))?;
        found
            .entry(OrganisationId(row.organisation_id))
            .or_default()
            .count(status);
    }
    Ok(found)
}

/// The figures of every organisation that received a referral.
pub async fn referral_figures(db: &Db) -> Result<HashMap<OrganisationId, Figures>, DbError> {
    tally(crate::db::all(referrals::Entity::find(), db.conn()).await?)
}

/// The figures of organisation `id`.
pub async fn referral_figures_of(db: &Db, id: OrganisationId) -> Result<Figures, DbError> {
    let rows = crate::db::all(
        referrals::Entity::find().filter(referrals::Column::OrganisationId.eq(id.0)),
        db.conn(),
    )
    .await?;
    Ok(tally(rows)?.remove(&id).unwrap_or_default())
}
