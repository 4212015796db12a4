//! `SeaORM` Entity of an article of the public site with its published copy (issue 22).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "articles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub partner_kinds: String,
    pub latest_number: i64,
    pub published_number: Option<i64>,
    pub published_at: Option<DateTimeWithTimeZone>,
    pub title: String,
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub body_html: String,
    pub created_at: DateTimeWithTimeZone,
    pub created_by: Option<i64>,
    pub updated_at: DateTimeWithTimeZone,
    pub updated_by: Option<i64>,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
