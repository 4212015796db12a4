//! The centre's public site and its events (issue 22): the centre's own settings an admin
//! edits (name, address, hours, contact, who it is for, services), articles written in
//! Markdown with every saved version kept and the published one copied beside the article,
//! the full-text index of guides and articles (SQLite FTS5; PostgreSQL `tsvector` with a GIN
//! index), enquiries sent through the public contact form, events with their co-organisers
//! from the partner network and their registrations (a waiting list, attendance, a personal
//! cancel link kept hashed), and a household's interests for "Events for you".

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, date_null, string_len, string_len_null,
    string_len_uniq, text, text_null, timestamp_with_time_zone, timestamp_with_time_zone_null,
};
use sea_orm_migration::sea_orm::DatabaseBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261211_100000_create_public_site"
    }
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
    Interests,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SiteSettings {
    Table,
    Id,
    Name,
    Tagline,
    WhoFor,
    Services,
    Address,
    Hours,
    Phone,
    Email,
    Booking,
    UpdatedAt,
    UpdatedBy,
    Version,
}

#[derive(DeriveIden)]
enum Articles {
    Table,
    Id,
    Slug,
    Kind,
    PartnerKinds,
    LatestNumber,
    PublishedNumber,
    PublishedAt,
    Title,
    Summary,
    BodyHtml,
    CreatedAt,
    CreatedBy,
    UpdatedAt,
    UpdatedBy,
    Version,
}

#[derive(DeriveIden)]
enum ArticleVersions {
    Table,
    Id,
    ArticleId,
    Number,
    Title,
    Summary,
    Body,
    CreatedAt,
    CreatedBy,
}

#[derive(DeriveIden)]
enum Enquiries {
    Table,
    Id,
    Name,
    Email,
    Phone,
    Topic,
    Message,
    ArrivalOn,
    Status,
    CaseId,
    Note,
    HandledBy,
    HandledAt,
    CreatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    Title,
    Kind,
    Summary,
    Description,
    DescriptionHtml,
    StartsAt,
    EndsAt,
    Place,
    OnlineUrl,
    Language,
    Capacity,
    RegistrationClosesAt,
    Topics,
    Status,
    CreatedAt,
    CreatedBy,
    UpdatedAt,
    UpdatedBy,
    Version,
}

#[derive(DeriveIden)]
enum EventOrganisers {
    Table,
    EventId,
    OrganisationId,
    Position,
}

#[derive(DeriveIden)]
enum EventRegistrations {
    Table,
    Id,
    EventId,
    Name,
    Email,
    EmailKey,
    UserId,
    Status,
    Attendance,
    CancelTokenHash,
    CreatedAt,
    CancelledAt,
    PromotedAt,
    UpdatedAt,
    Version,
}

fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .to_owned()
}

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: Vec<impl IntoIden>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table);
    if unique {
        index.unique();
    }
    for col in cols {
        index.col(col);
    }
    manager.create_index(index).await
}

async fn create_settings(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(SiteSettings::Table)
                .col(big_pk_auto(SiteSettings::Id))
                .col(string_len(SiteSettings::Name, 120))
                .col(string_len(SiteSettings::Tagline, 300))
                .col(text(SiteSettings::WhoFor))
                .col(text(SiteSettings::Services))
                .col(string_len(SiteSettings::Address, 300))
                .col(string_len(SiteSettings::Hours, 300))
                .col(string_len(SiteSettings::Phone, 40).default(""))
                .col(string_len(SiteSettings::Email, 254).default(""))
                .col(text(SiteSettings::Booking))
                .col(timestamp_with_time_zone(SiteSettings::UpdatedAt))
                .col(big_integer_null(SiteSettings::UpdatedBy))
                .col(big_integer(SiteSettings::Version).default(1))
                .to_owned(),
        )
        .await
}

async fn create_articles(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Articles::Table)
                .col(big_pk_auto(Articles::Id))
                .col(string_len_uniq(Articles::Slug, 80))
                .col(string_len(Articles::Kind, 20))
                .col(text(Articles::PartnerKinds).default(""))
                .col(big_integer(Articles::LatestNumber).default(0))
                .col(big_integer_null(Articles::PublishedNumber))
                .col(timestamp_with_time_zone_null(Articles::PublishedAt))
                .col(string_len(Articles::Title, 200).default(""))
                .col(string_len(Articles::Summary, 300).default(""))
                .col(text(Articles::BodyHtml).default(""))
                .col(timestamp_with_time_zone(Articles::CreatedAt))
                .col(big_integer_null(Articles::CreatedBy))
                .col(timestamp_with_time_zone(Articles::UpdatedAt))
                .col(big_integer_null(Articles::UpdatedBy))
                .col(big_integer(Articles::Version).default(1))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_articles_published",
        Articles::Table,
        vec![Articles::PublishedAt],
        false,
    )
    .await?;
    manager
        .create_table(
            Table::create()
                .table(ArticleVersions::Table)
                .col(big_pk_auto(ArticleVersions::Id))
                .col(big_integer(ArticleVersions::ArticleId))
                .col(big_integer(ArticleVersions::Number))
                .col(string_len(ArticleVersions::Title, 200))
                .col(string_len(ArticleVersions::Summary, 300))
                .col(text(ArticleVersions::Body))
                .col(timestamp_with_time_zone(ArticleVersions::CreatedAt))
                .col(big_integer_null(ArticleVersions::CreatedBy))
                .foreign_key(&mut fk(
                    (ArticleVersions::Table, ArticleVersions::ArticleId),
                    (Articles::Table, Articles::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_article_versions_number",
        ArticleVersions::Table,
        vec![ArticleVersions::ArticleId, ArticleVersions::Number],
        true,
    )
    .await
}

/// The search index: one row per guide (`kind` = `route`, `key` = the route key) or
/// published article (`kind` = `article`, `key` = its slug), rewritten by the application
/// when a template or an article changes.
async fn create_search(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let sql = match manager.get_database_backend() {
        DatabaseBackend::Sqlite => vec![
            "CREATE VIRTUAL TABLE site_search USING fts5(\
             kind UNINDEXED, key UNINDEXED, title, summary, body, \
             tokenize = 'porter unicode61 remove_diacritics 2')",
        ],
        _ => vec![
            "CREATE TABLE site_search (\
             kind VARCHAR(20) NOT NULL, key VARCHAR(80) NOT NULL, \
             title TEXT NOT NULL, summary TEXT NOT NULL, body TEXT NOT NULL, \
             document tsvector GENERATED ALWAYS AS (\
             setweight(to_tsvector('english', coalesce(title, '')), 'A') || \
             setweight(to_tsvector('english', coalesce(summary, '')), 'B') || \
             setweight(to_tsvector('english', coalesce(body, '')), 'C')) STORED, \
             PRIMARY KEY (kind, key))",
            "CREATE INDEX idx_site_search_document ON site_search USING GIN (document)",
        ],
    };
    let db = manager.get_connection();
    for statement in sql {
        db.execute_unprepared(statement).await?;
    }
    Ok(())
}

async fn create_enquiries(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Enquiries::Table)
                .col(big_pk_auto(Enquiries::Id))
                .col(string_len(Enquiries::Name, 200))
                .col(string_len(Enquiries::Email, 254))
                .col(string_len_null(Enquiries::Phone, 40))
                .col(string_len(Enquiries::Topic, 20))
                .col(text(Enquiries::Message))
                .col(date_null(Enquiries::ArrivalOn))
                .col(string_len(Enquiries::Status, 20))
                .col(big_integer_null(Enquiries::CaseId))
                .col(text_null(Enquiries::Note))
                .col(big_integer_null(Enquiries::HandledBy))
                .col(timestamp_with_time_zone_null(Enquiries::HandledAt))
                .col(timestamp_with_time_zone(Enquiries::CreatedAt))
                .col(big_integer(Enquiries::Version).default(1))
                .foreign_key(&mut fk(
                    (Enquiries::Table, Enquiries::CaseId),
                    (Cases::Table, Cases::Id),
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut fk(
                    (Enquiries::Table, Enquiries::HandledBy),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_enquiries_status",
        Enquiries::Table,
        vec![Enquiries::Status, Enquiries::CreatedAt],
        false,
    )
    .await
}

async fn create_events(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Events::Table)
                .col(big_pk_auto(Events::Id))
                .col(string_len(Events::Title, 200))
                .col(string_len(Events::Kind, 20))
                .col(string_len(Events::Summary, 300).default(""))
                .col(text(Events::Description).default(""))
                .col(text(Events::DescriptionHtml).default(""))
                .col(timestamp_with_time_zone(Events::StartsAt))
                .col(timestamp_with_time_zone(Events::EndsAt))
                .col(text_null(Events::Place))
                .col(string_len_null(Events::OnlineUrl, 300))
                .col(string_len(Events::Language, 120).default("English"))
                .col(big_integer_null(Events::Capacity))
                .col(timestamp_with_time_zone_null(Events::RegistrationClosesAt))
                .col(text(Events::Topics).default(""))
                .col(string_len(Events::Status, 20))
                .col(timestamp_with_time_zone(Events::CreatedAt))
                .col(big_integer_null(Events::CreatedBy))
                .col(timestamp_with_time_zone(Events::UpdatedAt))
                .col(big_integer_null(Events::UpdatedBy))
                .col(big_integer(Events::Version).default(1))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_events_starts",
        Events::Table,
        vec![Events::Status, Events::StartsAt],
        false,
    )
    .await?;
    manager
        .create_table(
            Table::create()
                .table(EventOrganisers::Table)
                .col(big_integer(EventOrganisers::EventId))
                .col(big_integer(EventOrganisers::OrganisationId))
                .col(big_integer(EventOrganisers::Position))
                .primary_key(
                    Index::create()
                        .col(EventOrganisers::EventId)
                        .col(EventOrganisers::OrganisationId),
                )
                .foreign_key(&mut fk(
                    (EventOrganisers::Table, EventOrganisers::EventId),
                    (Events::Table, Events::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (EventOrganisers::Table, EventOrganisers::OrganisationId),
                    (Organisations::Table, Organisations::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_event_organisers_org",
        EventOrganisers::Table,
        vec![EventOrganisers::OrganisationId],
        false,
    )
    .await
}

async fn create_registrations(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(EventRegistrations::Table)
                .col(big_pk_auto(EventRegistrations::Id))
                .col(big_integer(EventRegistrations::EventId))
                .col(string_len(EventRegistrations::Name, 200))
                .col(string_len(EventRegistrations::Email, 254))
                .col(string_len(EventRegistrations::EmailKey, 254))
                .col(big_integer_null(EventRegistrations::UserId))
                .col(string_len(EventRegistrations::Status, 20))
                .col(string_len(EventRegistrations::Attendance, 20).default("unknown"))
                .col(string_len_uniq(EventRegistrations::CancelTokenHash, 64))
                .col(timestamp_with_time_zone(EventRegistrations::CreatedAt))
                .col(timestamp_with_time_zone_null(
                    EventRegistrations::CancelledAt,
                ))
                .col(timestamp_with_time_zone_null(
                    EventRegistrations::PromotedAt,
                ))
                .col(timestamp_with_time_zone(EventRegistrations::UpdatedAt))
                .col(big_integer(EventRegistrations::Version).default(1))
                .foreign_key(&mut fk(
                    (EventRegistrations::Table, EventRegistrations::EventId),
                    (Events::Table, Events::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (EventRegistrations::Table, EventRegistrations::UserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_event_registrations_email",
        EventRegistrations::Table,
        vec![EventRegistrations::EventId, EventRegistrations::EmailKey],
        true,
    )
    .await?;
    index(
        manager,
        "idx_event_registrations_status",
        EventRegistrations::Table,
        vec![
            EventRegistrations::EventId,
            EventRegistrations::Status,
            EventRegistrations::Id,
        ],
        false,
    )
    .await?;
    index(
        manager,
        "idx_event_registrations_user",
        EventRegistrations::Table,
        vec![EventRegistrations::UserId],
        false,
    )
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .add_column(text(Cases::Interests).default(""))
                    .to_owned(),
            )
            .await?;
        create_settings(manager).await?;
        create_articles(manager).await?;
        create_search(manager).await?;
        create_enquiries(manager).await?;
        create_events(manager).await?;
        create_registrations(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "event_registrations",
            "event_organisers",
            "events",
            "enquiries",
            "site_search",
            "article_versions",
            "articles",
            "site_settings",
        ] {
            manager
                .get_connection()
                .execute_unprepared(&format!("DROP TABLE IF EXISTS {table}"))
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .drop_column(Cases::Interests)
                    .to_owned(),
            )
            .await
    }
}
