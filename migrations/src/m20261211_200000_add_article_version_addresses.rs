//! Each article version keeps its own address, kind and "who can help" (issue 22): a draft's
//! values live in its version, and the article row keeps the published ones (or, for an
//! article never published, the newest draft's), copied there on publishing — so that saving a
//! draft of a published article changes nothing on the public site.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{string_len, text};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261211_200000_add_article_version_addresses"
    }
}

#[derive(DeriveIden)]
enum ArticleVersions {
    Table,
    Slug,
    Kind,
    PartnerKinds,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        let columns = [
            string_len(ArticleVersions::Slug, 80).default("").to_owned(),
            string_len(ArticleVersions::Kind, 20).default("").to_owned(),
            text(ArticleVersions::PartnerKinds).default("").to_owned(),
        ];
        for column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(ArticleVersions::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        // Versions saved before this kept their values in the article row only.
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE article_versions SET \
                 slug = (SELECT a.slug FROM articles a WHERE a.id = article_versions.article_id), \
                 kind = (SELECT a.kind FROM articles a WHERE a.id = article_versions.article_id), \
                 partner_kinds = (SELECT a.partner_kinds FROM articles a \
                 WHERE a.id = article_versions.article_id)",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_article_versions_slug")
                    .table(ArticleVersions::Table)
                    .col(ArticleVersions::Slug)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_article_versions_slug")
                    .table(ArticleVersions::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            ArticleVersions::PartnerKinds,
            ArticleVersions::Kind,
            ArticleVersions::Slug,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ArticleVersions::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
