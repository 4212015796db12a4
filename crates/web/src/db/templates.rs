//! Route templates and their shared library, stored by version; office closure days.

use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use softland_domain::template::{ItemLibrary, SHIPPED_LIBRARY, SHIPPED_ROUTES};
use softland_domain::{Catalog, ChecklistTemplate, TemplateError};

use super::entities::{office_closures, route_templates, template_libraries};
use super::{Db, DbError};
use crate::ids::UserId;

/// A stored route template version.
#[derive(Debug, Clone)]
pub struct StoredTemplate {
    /// Route key.
    pub route: String,
    /// Version.
    pub version: i64,
    /// Display name.
    pub name: String,
    /// The TOML text.
    pub body: String,
    /// When it was stored.
    pub created_at: chrono::DateTime<Utc>,
}

fn stored_error(err: &TemplateError) -> DbError {
    DbError::Other(sea_orm::DbErr::Custom(format!(
        "a stored template does not load: {err}"
    )))
}

/// Brings the shipped templates into the database: on first start all of them; later, a
/// shipped library that differs from the newest stored one becomes its next version (admins do
/// not edit the library; items are only ever added to it, so older route versions still load),
/// and a shipped route whose version is above the stored one becomes its newest version —
/// unless an admin uploaded the stored newest one, which is then kept (their text wins; the
/// log says that a newer shipped version exists). Cases keep the items they were given.
pub async fn ensure_shipped(db: &Db) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let now = Utc::now().fixed_offset();
    let stored_library = super::first(
        template_libraries::Entity::find().order_by_desc(template_libraries::Column::Version),
        db.write_conn(),
    )
    .await?;
    let next_library = match &stored_library {
        None => Some(1),
        Some(row) if row.body != SHIPPED_LIBRARY.1 => Some(row.version + 1),
        Some(_) => None,
    };
    // Another instance starting at the same moment may store the same version first.
    if let Some(version) = next_library {
        template_libraries::Entity::insert(template_libraries::ActiveModel {
            version: Set(version),
            body: Set(SHIPPED_LIBRARY.1.to_owned()),
            created_at: Set(now),
            created_by: Set(None),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::column(template_libraries::Column::Version)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db.write_conn())
        .await?;
    }
    let library =
        ItemLibrary::parse(SHIPPED_LIBRARY.0, SHIPPED_LIBRARY.1).map_err(|e| stored_error(&e))?;
    for (file, text) in SHIPPED_ROUTES {
        let template =
            ChecklistTemplate::parse(file, text, &library).map_err(|e| stored_error(&e))?;
        let stored = super::first(
            route_templates::Entity::find()
                .filter(route_templates::Column::Route.eq(template.route.as_str()))
                .order_by_desc(route_templates::Column::Version),
            db.write_conn(),
        )
        .await?;
        let shipped = i64::from(template.version);
        match stored {
            Some(s) if s.version >= shipped => continue,
            Some(s) if s.created_by.is_some() => {
                tracing::warn!(
                    route = %template.route,
                    stored = s.version,
                    shipped,
                    "an admin's version of this route is kept; softland ships a newer one (see Admin › Templates)"
                );
                continue;
            }
            _ => {}
        }
        route_templates::Entity::insert(route_templates::ActiveModel {
            route: Set(template.route.to_string()),
            version: Set(shipped),
            name: Set(template.name.clone()),
            body: Set((*text).to_owned()),
            created_at: Set(now),
            created_by: Set(None),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([
                route_templates::Column::Route,
                route_templates::Column::Version,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db.write_conn())
        .await?;
    }
    Ok(())
}

async fn newest_library(db: &Db) -> Result<ItemLibrary, DbError> {
    let row = super::first(
        template_libraries::Entity::find().order_by_desc(template_libraries::Column::Version),
        db.conn(),
    )
    .await?
    .ok_or(DbError::Setup(super::Setup::NoLibrary))?;
    ItemLibrary::parse("library", &row.body).map_err(|e| stored_error(&e))
}

/// The newest version of every route.
pub async fn newest(db: &Db) -> Result<Vec<StoredTemplate>, DbError> {
    let rows = super::all(
        route_templates::Entity::find()
            .order_by_asc(route_templates::Column::Route)
            .order_by_desc(route_templates::Column::Version),
        db.conn(),
    )
    .await?;
    let mut out: Vec<StoredTemplate> = Vec::new();
    for r in rows {
        if out.last().is_some_and(|t| t.route == r.route) {
            continue;
        }
        out.push(StoredTemplate {
            route: r.route,
            version: r.version,
            name: r.name,
            body: r.body,
            created_at: r.created_at.with_timezone(&Utc),
        });
    }
    Ok(out)
}

/// A route's key and the name of its newest version, read by column name.
struct RouteName {
    route: String,
    name: String,
}

super::rows::read_row!(RouteName { route, name });

/// Every route's key with the name of its newest version (`("study", "Study (long-term
/// residence for study)")`), without reading the template texts: what pages show instead of
/// slugs. Kept for [`super::CALENDAR_REUSE`] like the staff list; an upload forgets it.
pub async fn route_names(db: &Db) -> Result<RouteNames, DbError> {
    db.route_names.get_or_read(|| read_route_names(db)).await
}

/// Every route's key and name, shared by the pages that read them.
pub type RouteNames = Arc<[(String, String)]>;

async fn read_route_names(db: &Db) -> Result<RouteNames, DbError> {
    let query = route_templates::Entity::find()
        .select_only()
        .column(route_templates::Column::Route)
        .column(route_templates::Column::Name)
        .order_by_asc(route_templates::Column::Route)
        .order_by_desc(route_templates::Column::Version);
    let rows = super::select_as::<RouteName>(&query, db.conn()).await?;
    let mut out: Vec<(String, String)> = Vec::new();
    for r in rows {
        if out.last().is_none_or(|(route, _)| *route != r.route) {
            out.push((r.route, r.name));
        }
    }
    Ok(out.into())
}

/// The catalog new cases are generated from: the newest library and route versions.
pub async fn catalog(db: &Db) -> Result<Catalog, DbError> {
    let library = newest_library(db).await?;
    let mut templates = Vec::new();
    for stored in newest(db).await? {
        let file = format!("{}.toml (version {})", stored.route, stored.version);
        templates.push(
            ChecklistTemplate::parse(&file, &stored.body, &library)
                .map_err(|e| stored_error(&e))?,
        );
    }
    Ok(Catalog { library, templates })
}

/// Why a template file is not stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateRefusal {
    /// The file does not load.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// Its version is not above the stored one.
    #[error("version {given} is not newer than the stored version {stored}; raise `version`")]
    NotNewer {
        /// The version in the file.
        given: u32,
        /// The newest stored one.
        stored: i64,
    },
}

/// Why an upload stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// The file is refused.
    #[error(transparent)]
    Refused(#[from] TemplateRefusal),
    /// The store failed.
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<TemplateError> for UploadError {
    fn from(err: TemplateError) -> Self {
        Self::Refused(err.into())
    }
}

/// Validates and stores a new version of a route template; new cases use it from now on.
pub async fn upload(
    db: &Db,
    file: &str,
    text: &str,
    actor: UserId,
) -> Result<ChecklistTemplate, UploadError> {
    let library = newest_library(db).await?;
    let template = ChecklistTemplate::parse(file, text, &library)?;
    let _guard = db.write_guard().await;
    let stored = super::first(
        route_templates::Entity::find()
            .filter(route_templates::Column::Route.eq(template.route.as_str()))
            .order_by_desc(route_templates::Column::Version),
        db.write_conn(),
    )
    .await
    .map_err(DbError::from)?;
    if let Some(s) = stored.filter(|s| s.version >= i64::from(template.version)) {
        return Err(TemplateRefusal::NotNewer {
            given: template.version,
            stored: s.version,
        }
        .into());
    }
    route_templates::ActiveModel {
        route: Set(template.route.to_string()),
        version: Set(i64::from(template.version)),
        name: Set(template.name.clone()),
        body: Set(text.to_owned()),
        created_at: Set(Utc::now().fixed_offset()),
        created_by: Set(Some(actor.0)),
        ..Default::default()
    }
    .insert(db.write_conn())
    .await
    .map_err(DbError::from)?;
    db.route_names.forget();
    Ok(template)
}

/// Office closure days, by date.
pub async fn closures(db: &Db) -> Result<Vec<(NaiveDate, String)>, DbError> {
    let query = office_closures::Entity::find().order_by_asc(office_closures::Column::Date);
    Ok(super::all(query, db.conn())
        .await?
        .into_iter()
        .map(|c| (c.date, c.reason))
        .collect())
}

/// Adds (or renames) a closure day.
pub async fn add_closure(db: &Db, date: NaiveDate, reason: &str) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    office_closures::Entity::delete_by_id(date)
        .exec(db.write_conn())
        .await?;
    office_closures::ActiveModel {
        date: Set(date),
        reason: Set(reason.to_owned()),
    }
    .insert(db.write_conn())
    .await?;
    db.calendar.forget();
    Ok(())
}

/// Removes a closure day.
pub async fn remove_closure(db: &Db, date: NaiveDate) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    office_closures::Entity::delete_by_id(date)
        .exec(db.write_conn())
        .await?;
    db.calendar.forget();
    Ok(())
}

/// Every stored version of `route`, newest first (empty for a route never stored).
pub async fn versions(db: &Db, route: &str) -> Result<Vec<StoredTemplate>, DbError> {
    Ok(super::all(
        route_templates::Entity::find()
            .filter(route_templates::Column::Route.eq(route))
            .order_by_desc(route_templates::Column::Version),
        db.conn(),
    )
    .await?
    .into_iter()
    .map(|r| StoredTemplate {
        route: r.route,
        version: r.version,
        name: r.name,
        body: r.body,
        created_at: r.created_at.with_timezone(&Utc),
    })
    .collect())
}

/// The templates `case` was generated from: for each of its routes, the version its items
/// came from (the newest one when none of its items says), read with the newest library.
/// A route without any stored version is left out.
pub async fn of_case(
    db: &Db,
    case: &softland_domain::Case,
) -> Result<Vec<ChecklistTemplate>, DbError> {
    let library = newest_library(db).await?;
    let mut out = Vec::new();
    for route in case.routes() {
        let version = case
            .items()
            .iter()
            .filter(|i| i.route() == Some(route))
            .filter_map(softland_domain::ChecklistItem::template_version)
            .max();
        let stored = versions(db, route.as_str()).await?;
        let Some(chosen) = stored
            .iter()
            .find(|t| version.is_some_and(|v| t.version == i64::from(v)))
            .or_else(|| stored.first())
        else {
            continue;
        };
        let file = format!("{}.toml (version {})", chosen.route, chosen.version);
        out.push(
            ChecklistTemplate::parse(&file, &chosen.body, &library)
                .map_err(|e| stored_error(&e))?,
        );
    }
    Ok(out)
}
