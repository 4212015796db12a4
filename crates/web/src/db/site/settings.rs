//! The centre as the public site and the portal's footer show it: one row an admin edits
//! (`/admin/site`); until it is first saved, the values given at start (`--centre-name`, …).

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};

use crate::audit::AuditAction;
use crate::config::Centre;
use crate::db::entities::site_settings;
use crate::db::{Db, DbError};
use crate::ids::UserId;

/// The centre's public settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteSettings {
    /// "Expat Centre Ostrava".
    pub name: String,
    /// One line under the name on the home page.
    pub tagline: String,
    /// Whom the centre serves, a paragraph (plain text).
    pub who_for: String,
    /// The services, one per line.
    pub services: String,
    /// Street and town, one line.
    pub address: String,
    /// Opening hours, one line.
    pub hours: String,
    /// Phone number, or empty.
    pub phone: String,
    /// Public e-mail address, or empty.
    pub email: String,
    /// How to book a first meeting, a paragraph (plain text).
    pub booking: String,
    /// The row's version (0 before it is first saved).
    pub version: i64,
}

impl SiteSettings {
    /// The settings before an admin first saves them: the centre given at start, with words
    /// that fit any centre of the kind.
    pub fn from_centre(centre: &Centre) -> Self {
        Self {
            name: centre.name.clone(),
            tagline: "Your English-speaking contact point for working, studying and living here."
                .to_owned(),
            who_for: "Qualified foreigners who come to work, study, do research or start a \
                      business, and their families: before you arrive, when you arrive and while \
                      you settle in."
                .to_owned(),
            services: "Residence permits, visas and registrations explained step by step\n\
                       Health insurance, doctors and schools\n\
                       Housing, banks and trade licences\n\
                       A local ambassador (buddy) who has been through it\n\
                       Workshops, info sessions and community meetups"
                .to_owned(),
            address: centre.address.clone(),
            hours: centre.hours.clone(),
            phone: centre.phone.clone(),
            email: String::new(),
            booking: "Send us a few lines with the form below: we answer within two working days \
                      and book your first meeting, in person or online. It is free."
                .to_owned(),
            version: 0,
        }
    }

    /// The footer's four lines, as the portal and the other signed-in areas show them.
    pub fn centre(&self) -> Centre {
        Centre {
            name: self.name.clone(),
            address: self.address.clone(),
            hours: self.hours.clone(),
            phone: self.phone.clone(),
        }
    }

    /// The services, one per line, blank lines left out.
    pub fn service_lines(&self) -> Vec<&str> {
        self.services
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }
}

/// The settings: the stored row, or those of `fallback` before an admin saved any.
pub async fn load(db: &Db, fallback: &Centre) -> Result<SiteSettings, DbError> {
    let query = site_settings::Entity::find().order_by_asc(site_settings::Column::Id);
    Ok(crate::db::first(query, db.conn()).await?.map_or_else(
        || SiteSettings::from_centre(fallback),
        |row| SiteSettings {
            name: row.name,
            tagline: row.tagline,
            who_for: row.who_for,
            services: row.services,
            address: row.address,
            hours: row.hours,
            phone: row.phone,
            email: row.email,
            booking: row.booking,
            version: row.version,
        },
    ))
}

/// The one row's id: every save writes it, so that two first saves cannot make two rows.
const ROW: i64 = 1;

fn columns(model: &mut site_settings::ActiveModel, s: &SiteSettings) {
    model.name = Set(s.name.clone());
    model.tagline = Set(s.tagline.clone());
    model.who_for = Set(s.who_for.clone());
    model.services = Set(s.services.clone());
    model.address = Set(s.address.clone());
    model.hours = Set(s.hours.clone());
    model.phone = Set(s.phone.clone());
    model.email = Set(s.email.clone());
    model.booking = Set(s.booking.clone());
}

/// Saves `settings` if the stored ones are still at `version` (0: none saved yet); returns
/// the new version. A stale version is [`DbError::Conflict`]. The history records who saved
/// them.
pub async fn save(
    db: &Db,
    settings: &SiteSettings,
    version: i64,
    actor: UserId,
) -> Result<i64, DbError> {
    let now = Utc::now().fixed_offset();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let stored = crate::db::first(site_settings::Entity::find_by_id(ROW), &txn).await?;
    let stale = || {
        DbError::Conflict(crate::db::cases::ChangedMeanwhile {
            by: None,
            at: Utc::now(),
        })
    };
    let mut model = site_settings::ActiveModel {
        updated_at: Set(now),
        updated_by: Set(Some(actor.0)),
        version: Set(version + 1),
        ..Default::default()
    };
    columns(&mut model, settings);
    match stored {
        None if version == 0 => {
            model.id = Set(ROW);
            model.insert(&txn).await?;
        }
        None => return Err(stale()),
        Some(_) => {
            // Only from the version the change was made against (two instances: the row decides).
            let updated = site_settings::Entity::update_many()
                .set(model)
                .filter(site_settings::Column::Id.eq(ROW))
                .filter(site_settings::Column::Version.eq(version))
                .exec(&txn)
                .await?;
            if updated.rows_affected == 0 {
                return Err(stale());
            }
        }
    }
    crate::db::history::record(
        &txn,
        None,
        Some(actor),
        AuditAction::SiteChanged,
        &settings.name,
        Some(format!("Centre settings saved (version {})", version + 1)),
    )
    .await?;
    txn.commit().await?;
    Ok(version + 1)
}
