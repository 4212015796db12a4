//! "Who can help" beside a case's checklist items (issue 21), read for a whole page at once:
//! the links of every item key in one query, the active organisations they name (by kind or
//! by themselves) in one more, plus the short list of kinds. The filter by the household's
//! languages is the domain's (`softland_domain::partner::who_can_help`).

use std::collections::HashMap;

use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::read::{kinds, to_organisation};
use super::{Helps, Organisation, helpers_of_items};
use crate::db::entities::organisations;
use crate::db::{Db, DbError};
use crate::ids::OrganisationId;

/// The active partners named for some item keys.
#[derive(Debug, Clone, Default)]
pub struct ItemHelpers {
    /// By item key: each partner, and whether the item names it itself (not only its kind).
    pub by_key: HashMap<String, Vec<(OrganisationId, bool)>>,
    /// The partners, by id.
    pub organisations: HashMap<OrganisationId, Organisation>,
}

/// The active partners named for `keys`, by kind or by themselves. An inactive partner never
/// helps.
pub async fn item_helpers(db: &Db, keys: &[&str]) -> Result<ItemHelpers, DbError> {
    let links = helpers_of_items(db, keys).await?;
    if links.is_empty() {
        return Ok(ItemHelpers::default());
    }
    let mut kind_ids = Vec::new();
    let mut org_ids = Vec::new();
    for helps in links.values().flatten() {
        match helps {
            Helps::Kind(kind) => kind_ids.push(kind.0),
            Helps::Organisation(org) => org_ids.push(org.0),
        }
    }
    let kinds: HashMap<i64, super::Kind> =
        kinds(db).await?.into_iter().map(|k| (k.id.0, k)).collect();
    let rows = crate::db::all(
        organisations::Entity::find()
            .filter(organisations::Column::Active.eq(true))
            .filter(
                Condition::any()
                    .add(organisations::Column::KindId.is_in(kind_ids))
                    .add(organisations::Column::Id.is_in(org_ids)),
            )
            .order_by_asc(organisations::Column::NameKey)
            .order_by_asc(organisations::Column::Id),
        db.conn(),
    )
    .await?;
    let found: Vec<Organisation> = rows
        .into_iter()
        .map(|m| to_organisation(m, &kinds))
        .collect::<Result<_, _>>()?;
    let mut by_key: HashMap<String, Vec<(OrganisationId, bool)>> = HashMap::new();
    for (key, helps) in &links {
        let entry = by_key.entry(key.clone()).or_default();
        for h in helps {
            for org in &found {
                let named = match h {
                    Helps::Kind(kind) if org.kind.id == *kind => false,
                    Helps::Organisation(id) if org.id == *id => true,
                    _ => continue,
                };
                entry.push((org.id, named));
            }
        }
    }
    Ok(ItemHelpers {
        by_key,
        organisations: found.into_iter().map(|o| (o.id, o)).collect(),
    })
}
