//! What the public guides need of the route templates beyond `db::templates`: each route's
//! newest version number alone, so that a kept guide is checked against the store cheaply.

use sea_orm::{EntityTrait, QueryOrder, QuerySelect};

use crate::db::entities::route_templates;
use crate::db::{Db, DbError};

struct RouteVersion {
    route: String,
    version: i64,
}

crate::db::rows::read_row!(RouteVersion { route, version });

/// Every route's newest version number, by route key.
pub async fn newest_versions(db: &Db) -> Result<Vec<(String, i64)>, DbError> {
    let query = route_templates::Entity::find()
        .select_only()
        .column(route_templates::Column::Route)
        .column(route_templates::Column::Version)
        .order_by_asc(route_templates::Column::Route)
        .order_by_desc(route_templates::Column::Version);
    let rows: Vec<RouteVersion> = crate::db::select_as(&query, db.conn()).await?;
    let mut out: Vec<(String, i64)> = Vec::new();
    for r in rows {
        if out.last().is_none_or(|(route, _)| *route != r.route) {
            out.push((r.route, r.version));
        }
    }
    Ok(out)
}
