//! `SeaORM` Entity of a partner kind or organisation that helps with a checklist item (issue 21).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partner_links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub item_key: String,
    pub kind_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub created_at: DateTimeWithTimeZone,
    pub created_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
