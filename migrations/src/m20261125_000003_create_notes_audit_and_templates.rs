//! Notes, audit events, versioned route templates and their shared library, office closures.

use sea_orm_migration::{
    prelude::*,
    schema::{
        big_integer, big_integer_null, big_integer_uniq, big_pk_auto, date, string_len, text,
        text_null, timestamp_with_time_zone,
    },
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261125_000003_create_notes_audit_and_templates"
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Notes {
    Table,
    Id,
    CaseId,
    AuthorId,
    Visibility,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    CaseId,
    ActorId,
    At,
    Action,
    Subject,
    Before,
    After,
}

#[derive(DeriveIden)]
enum RouteTemplates {
    Table,
    Id,
    Route,
    Version,
    Name,
    Body,
    CreatedAt,
    CreatedBy,
}

#[derive(DeriveIden)]
enum TemplateLibraries {
    Table,
    Id,
    Version,
    Body,
    CreatedAt,
    CreatedBy,
}

#[derive(DeriveIden)]
enum OfficeClosures {
    Table,
    Date,
    Reason,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    #[expect(
        clippy::too_many_lines,
        reason = "one statement per table or index, in schema order"
    )]
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Notes::Table)
                    .col(big_pk_auto(Notes::Id))
                    .col(big_integer(Notes::CaseId))
                    .col(big_integer_null(Notes::AuthorId))
                    .col(string_len(Notes::Visibility, 20))
                    .col(text(Notes::Body))
                    .col(timestamp_with_time_zone(Notes::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Notes::Table, Notes::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Notes::Table, Notes::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notes_case_created")
                    .table(Notes::Table)
                    .col(Notes::CaseId)
                    .col(Notes::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(big_pk_auto(AuditEvents::Id))
                    .col(big_integer_null(AuditEvents::CaseId))
                    .col(big_integer_null(AuditEvents::ActorId))
                    .col(timestamp_with_time_zone(AuditEvents::At))
                    .col(string_len(AuditEvents::Action, 60))
                    .col(text(AuditEvents::Subject))
                    .col(text_null(AuditEvents::Before))
                    .col(text_null(AuditEvents::After))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_case")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::CaseId)
                    .col(AuditEvents::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RouteTemplates::Table)
                    .col(big_pk_auto(RouteTemplates::Id))
                    .col(string_len(RouteTemplates::Route, 64))
                    .col(big_integer(RouteTemplates::Version))
                    .col(string_len(RouteTemplates::Name, 200))
                    .col(text(RouteTemplates::Body))
                    .col(timestamp_with_time_zone(RouteTemplates::CreatedAt))
                    .col(big_integer_null(RouteTemplates::CreatedBy))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_route_templates_route_version")
                    .table(RouteTemplates::Table)
                    .col(RouteTemplates::Route)
                    .col(RouteTemplates::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TemplateLibraries::Table)
                    .col(big_pk_auto(TemplateLibraries::Id))
                    .col(big_integer_uniq(TemplateLibraries::Version))
                    .col(text(TemplateLibraries::Body))
                    .col(timestamp_with_time_zone(TemplateLibraries::CreatedAt))
                    .col(big_integer_null(TemplateLibraries::CreatedBy))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OfficeClosures::Table)
                    .col(date(OfficeClosures::Date).primary_key())
                    .col(text(OfficeClosures::Reason))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            OfficeClosures::Table.into_iden(),
            TemplateLibraries::Table.into_iden(),
            RouteTemplates::Table.into_iden(),
            AuditEvents::Table.into_iden(),
            Notes::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
