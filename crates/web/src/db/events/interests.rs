//! A household's interests (`cases.interests`, issue 22) and the languages it speaks, which
//! "Events for you" matches events against. The expat edits their interests in the portal.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use softland_domain::partner::{Labels, Languages};

use crate::db::entities::cases;
use crate::db::{Db, DbError};
use crate::ids::CaseId;

/// What "Events for you" knows of a household.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Household {
    /// Its case.
    pub case: Option<CaseId>,
    /// The languages it speaks (empty: not recorded).
    pub languages: Languages,
    /// Its interests (empty: not recorded).
    pub interests: Labels,
}

/// The household of case `case` (the first of an expat's cases; `None`: no case, so English
/// and any topic).
pub async fn household(db: &Db, case: Option<CaseId>) -> Result<Household, DbError> {
    let Some(case) = case else {
        return Ok(Household::default());
    };
    let row = crate::db::first(cases::Entity::find_by_id(case.0), db.conn())
        .await?
        .ok_or(DbError::NotFound)?;
    Ok(Household {
        case: Some(case),
        languages: Languages::parse(&row.languages).unwrap_or_default(),
        interests: Labels::parse(&row.interests).unwrap_or_default(),
    })
}

/// Sets case `case`'s interests. They are the household's own preference, not the case's
/// record, so the case's version is left alone.
pub async fn set_interests(db: &Db, case: CaseId, interests: &Labels) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let changed = cases::Entity::update_many()
        .col_expr(cases::Column::Interests, Expr::value(interests.to_text()))
        .col_expr(
            cases::Column::UpdatedAt,
            Expr::value(Utc::now().fixed_offset()),
        )
        .filter(cases::Column::Id.eq(case.0))
        .exec(db.write_conn())
        .await?;
    if changed.rows_affected == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}
