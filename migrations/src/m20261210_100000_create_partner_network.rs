//! The partner network (issue 21): the kinds of organisation (a list admins extend; the
//! usual ones are inserted here), the organisations with their contact people, which partners
//! help with which checklist item ("who can help", by the item's stable key), referrals of a
//! case's people to a partner with each step of their way, employer accounts
//! (`users.organisation_id`), an employee's consent to share their progress with their
//! employer (`employments`), employers' pre-arrival requests for a new hire, and the
//! languages a household speaks (`cases.languages`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, boolean, date, date_null, string_len,
    string_len_null, string_len_uniq, text, text_null, timestamp_with_time_zone,
    timestamp_with_time_zone_null,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261210_100000_create_partner_network"
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    OrganisationId,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
    Languages,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PartnerKinds {
    Table,
    Id,
    Slug,
    Name,
    Position,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
    KindId,
    Name,
    NameKey,
    Address,
    District,
    OpeningHours,
    Website,
    Email,
    Phone,
    Languages,
    Services,
    Tags,
    Notes,
    Active,
    Public,
    Agreement,
    AgreementFrom,
    AgreementUntil,
    LastContactOn,
    CreatedAt,
    CreatedBy,
    UpdatedAt,
    UpdatedBy,
    Version,
}

#[derive(DeriveIden)]
enum OrganisationContacts {
    Table,
    Id,
    OrganisationId,
    Name,
    Role,
    Email,
    Phone,
    Position,
}

#[derive(DeriveIden)]
enum PartnerLinks {
    Table,
    Id,
    ItemKey,
    KindId,
    OrganisationId,
    CreatedAt,
    CreatedBy,
}

#[derive(DeriveIden)]
enum Referrals {
    Table,
    Id,
    CaseId,
    PersonId,
    OrganisationId,
    ContactId,
    Category,
    Need,
    ShareContact,
    ConsentAt,
    ConsentHow,
    Status,
    Note,
    FollowUpOn,
    CreatedAt,
    CreatedBy,
    UpdatedAt,
    UpdatedBy,
    ClosedAt,
    Version,
}

#[derive(DeriveIden)]
enum ReferralSteps {
    Table,
    Id,
    ReferralId,
    Status,
    Note,
    At,
    ActorId,
}

#[derive(DeriveIden)]
enum Employments {
    Table,
    Id,
    CaseId,
    PersonId,
    OrganisationId,
    ConsentAt,
    ConsentHow,
    ConsentWithdrawnAt,
    CreatedAt,
    CreatedBy,
    Version,
}

#[derive(DeriveIden)]
enum HireRequests {
    Table,
    Id,
    OrganisationId,
    RequestedBy,
    Name,
    Email,
    Route,
    ExpectedArrival,
    Note,
    Status,
    CaseId,
    DecidedBy,
    DecidedAt,
    DeclineReason,
    CreatedAt,
    Version,
}

/// The kinds every centre starts with (slug, name); admins add their own.
const KINDS: [(&str, &str); 11] = [
    ("university", "University"),
    ("employer", "Employer"),
    ("health-care", "Health care"),
    ("accommodation", "Accommodation"),
    ("school", "School or kindergarten"),
    ("insurer", "Insurer"),
    ("bank", "Bank"),
    ("language-school", "Language school"),
    ("public-office", "Public office"),
    ("community", "Community or club"),
    ("other", "Other"),
];

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
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(col);
    }
    manager.create_index(index).await
}

async fn create_kinds(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(PartnerKinds::Table)
                .col(big_pk_auto(PartnerKinds::Id))
                .col(string_len_uniq(PartnerKinds::Slug, 40))
                .col(string_len(PartnerKinds::Name, 60))
                .col(big_integer(PartnerKinds::Position))
                .to_owned(),
        )
        .await?;
    let mut insert = Query::insert()
        .into_table(PartnerKinds::Table)
        .columns([
            PartnerKinds::Slug,
            PartnerKinds::Name,
            PartnerKinds::Position,
        ])
        .to_owned();
    for (position, (slug, name)) in (1_i64..).zip(KINDS) {
        insert.values_panic([slug.into(), name.into(), position.into()]);
    }
    manager.exec_stmt(insert).await
}

async fn create_organisations(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Organisations::Table)
                .col(big_pk_auto(Organisations::Id))
                .col(big_integer(Organisations::KindId))
                .col(string_len(Organisations::Name, 200))
                .col(text(Organisations::NameKey))
                .col(text_null(Organisations::Address))
                .col(string_len_null(Organisations::District, 120))
                .col(text_null(Organisations::OpeningHours))
                .col(string_len_null(Organisations::Website, 300))
                .col(string_len_null(Organisations::Email, 254))
                .col(string_len_null(Organisations::Phone, 40))
                .col(string_len(Organisations::Languages, 600).default(""))
                .col(text(Organisations::Services).default(""))
                .col(text(Organisations::Tags).default(""))
                .col(text_null(Organisations::Notes))
                .col(boolean(Organisations::Active).default(true))
                .col(boolean(Organisations::Public).default(false))
                .col(string_len(Organisations::Agreement, 20).default("none"))
                .col(date_null(Organisations::AgreementFrom))
                .col(date_null(Organisations::AgreementUntil))
                .col(date_null(Organisations::LastContactOn))
                .col(timestamp_with_time_zone(Organisations::CreatedAt))
                .col(big_integer_null(Organisations::CreatedBy))
                .col(timestamp_with_time_zone(Organisations::UpdatedAt))
                .col(big_integer_null(Organisations::UpdatedBy))
                .col(big_integer(Organisations::Version).default(1))
                .foreign_key(&mut fk(
                    (Organisations::Table, Organisations::KindId),
                    (PartnerKinds::Table, PartnerKinds::Id),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_organisations_kind",
        Organisations::Table,
        vec![Organisations::KindId, Organisations::Active],
    )
    .await?;
    index(
        manager,
        "idx_organisations_name_key",
        Organisations::Table,
        vec![Organisations::NameKey],
    )
    .await
}

async fn create_contacts_and_links(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(OrganisationContacts::Table)
                .col(big_pk_auto(OrganisationContacts::Id))
                .col(big_integer(OrganisationContacts::OrganisationId))
                .col(string_len(OrganisationContacts::Name, 200))
                .col(string_len_null(OrganisationContacts::Role, 120))
                .col(string_len_null(OrganisationContacts::Email, 254))
                .col(string_len_null(OrganisationContacts::Phone, 40))
                .col(big_integer(OrganisationContacts::Position))
                .foreign_key(&mut fk(
                    (
                        OrganisationContacts::Table,
                        OrganisationContacts::OrganisationId,
                    ),
                    (Organisations::Table, Organisations::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_organisation_contacts_org",
        OrganisationContacts::Table,
        vec![
            OrganisationContacts::OrganisationId,
            OrganisationContacts::Position,
        ],
    )
    .await?;
    manager
        .create_table(
            Table::create()
                .table(PartnerLinks::Table)
                .col(big_pk_auto(PartnerLinks::Id))
                .col(string_len(PartnerLinks::ItemKey, 64))
                .col(big_integer_null(PartnerLinks::KindId))
                .col(big_integer_null(PartnerLinks::OrganisationId))
                .col(timestamp_with_time_zone(PartnerLinks::CreatedAt))
                .col(big_integer_null(PartnerLinks::CreatedBy))
                .foreign_key(&mut fk(
                    (PartnerLinks::Table, PartnerLinks::KindId),
                    (PartnerKinds::Table, PartnerKinds::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (PartnerLinks::Table, PartnerLinks::OrganisationId),
                    (Organisations::Table, Organisations::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_partner_links_item",
        PartnerLinks::Table,
        vec![PartnerLinks::ItemKey],
    )
    .await
}

async fn create_referrals(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Referrals::Table)
                .col(big_pk_auto(Referrals::Id))
                .col(big_integer(Referrals::CaseId))
                .col(big_integer_null(Referrals::PersonId))
                .col(big_integer(Referrals::OrganisationId))
                .col(big_integer_null(Referrals::ContactId))
                .col(string_len(Referrals::Category, 20))
                .col(text(Referrals::Need))
                .col(boolean(Referrals::ShareContact))
                .col(timestamp_with_time_zone_null(Referrals::ConsentAt))
                .col(string_len_null(Referrals::ConsentHow, 20))
                .col(string_len(Referrals::Status, 20))
                .col(text_null(Referrals::Note))
                .col(date_null(Referrals::FollowUpOn))
                .col(timestamp_with_time_zone(Referrals::CreatedAt))
                .col(big_integer_null(Referrals::CreatedBy))
                .col(timestamp_with_time_zone(Referrals::UpdatedAt))
                .col(big_integer_null(Referrals::UpdatedBy))
                .col(timestamp_with_time_zone_null(Referrals::ClosedAt))
                .col(big_integer(Referrals::Version).default(1))
                .foreign_key(&mut fk(
                    (Referrals::Table, Referrals::CaseId),
                    (Cases::Table, Cases::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (Referrals::Table, Referrals::PersonId),
                    (People::Table, People::Id),
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut fk(
                    (Referrals::Table, Referrals::OrganisationId),
                    (Organisations::Table, Organisations::Id),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    (Referrals::Table, Referrals::ContactId),
                    (OrganisationContacts::Table, OrganisationContacts::Id),
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_referrals_case",
        Referrals::Table,
        vec![Referrals::CaseId, Referrals::Id],
    )
    .await?;
    index(
        manager,
        "idx_referrals_organisation",
        Referrals::Table,
        vec![Referrals::OrganisationId, Referrals::Status],
    )
    .await?;
    // The dashboards ask for open referrals whose follow-up is due.
    index(
        manager,
        "idx_referrals_follow_up",
        Referrals::Table,
        vec![Referrals::Status, Referrals::FollowUpOn],
    )
    .await?;
    manager
        .create_table(
            Table::create()
                .table(ReferralSteps::Table)
                .col(big_pk_auto(ReferralSteps::Id))
                .col(big_integer(ReferralSteps::ReferralId))
                .col(string_len(ReferralSteps::Status, 20))
                .col(text_null(ReferralSteps::Note))
                .col(timestamp_with_time_zone(ReferralSteps::At))
                .col(big_integer_null(ReferralSteps::ActorId))
                .foreign_key(&mut fk(
                    (ReferralSteps::Table, ReferralSteps::ReferralId),
                    (Referrals::Table, Referrals::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_referral_steps_referral",
        ReferralSteps::Table,
        vec![ReferralSteps::ReferralId, ReferralSteps::Id],
    )
    .await
}

async fn create_employments(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Employments::Table)
                .col(big_pk_auto(Employments::Id))
                .col(big_integer(Employments::CaseId))
                .col(big_integer(Employments::PersonId))
                .col(big_integer(Employments::OrganisationId))
                .col(timestamp_with_time_zone_null(Employments::ConsentAt))
                .col(string_len_null(Employments::ConsentHow, 20))
                .col(timestamp_with_time_zone_null(
                    Employments::ConsentWithdrawnAt,
                ))
                .col(timestamp_with_time_zone(Employments::CreatedAt))
                .col(big_integer_null(Employments::CreatedBy))
                .col(big_integer(Employments::Version).default(1))
                .foreign_key(&mut fk(
                    (Employments::Table, Employments::CaseId),
                    (Cases::Table, Cases::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (Employments::Table, Employments::PersonId),
                    (People::Table, People::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (Employments::Table, Employments::OrganisationId),
                    (Organisations::Table, Organisations::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("idx_employments_person_org")
                .table(Employments::Table)
                .col(Employments::PersonId)
                .col(Employments::OrganisationId)
                .unique()
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_employments_org",
        Employments::Table,
        vec![Employments::OrganisationId, Employments::CaseId],
    )
    .await?;
    index(
        manager,
        "idx_employments_case",
        Employments::Table,
        vec![Employments::CaseId],
    )
    .await
}

async fn create_hire_requests(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(HireRequests::Table)
                .col(big_pk_auto(HireRequests::Id))
                .col(big_integer(HireRequests::OrganisationId))
                .col(big_integer_null(HireRequests::RequestedBy))
                .col(string_len(HireRequests::Name, 200))
                .col(string_len(HireRequests::Email, 254))
                .col(string_len(HireRequests::Route, 64))
                .col(date(HireRequests::ExpectedArrival))
                .col(text_null(HireRequests::Note))
                .col(string_len(HireRequests::Status, 20))
                .col(big_integer_null(HireRequests::CaseId))
                .col(big_integer_null(HireRequests::DecidedBy))
                .col(timestamp_with_time_zone_null(HireRequests::DecidedAt))
                .col(text_null(HireRequests::DeclineReason))
                .col(timestamp_with_time_zone(HireRequests::CreatedAt))
                .col(big_integer(HireRequests::Version).default(1))
                .foreign_key(&mut fk(
                    (HireRequests::Table, HireRequests::OrganisationId),
                    (Organisations::Table, Organisations::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (HireRequests::Table, HireRequests::CaseId),
                    (Cases::Table, Cases::Id),
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_hire_requests_status",
        HireRequests::Table,
        vec![HireRequests::Status, HireRequests::CreatedAt],
    )
    .await?;
    index(
        manager,
        "idx_hire_requests_org",
        HireRequests::Table,
        vec![HireRequests::OrganisationId, HireRequests::CreatedAt],
    )
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column a statement: SQLite alters a table one change at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(big_integer_null(Users::OrganisationId))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .add_column(string_len(Cases::Languages, 600).default(""))
                    .to_owned(),
            )
            .await?;
        create_kinds(manager).await?;
        create_organisations(manager).await?;
        create_contacts_and_links(manager).await?;
        index(
            manager,
            "idx_users_organisation",
            Users::Table,
            vec![Users::OrganisationId],
        )
        .await?;
        create_referrals(manager).await?;
        create_employments(manager).await?;
        create_hire_requests(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            HireRequests::Table.into_iden(),
            Employments::Table.into_iden(),
            ReferralSteps::Table.into_iden(),
            Referrals::Table.into_iden(),
            PartnerLinks::Table.into_iden(),
            OrganisationContacts::Table.into_iden(),
            Organisations::Table.into_iden(),
            PartnerKinds::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("idx_users_organisation")
                    .table(Users::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::OrganisationId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .drop_column(Cases::Languages)
                    .to_owned(),
            )
            .await
    }
}
