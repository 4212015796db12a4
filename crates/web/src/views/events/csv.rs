//! An event's registrations as CSV (`/programme/{id}/registrations.csv`): one row per
//! registration with its status, waiting position and attendance; cells written like the case
//! list's (semicolons, a byte order mark, formula cells neutralised).

use chrono_tz::Tz;

use crate::db::events::Registration;
use crate::views::cases::csv::{BOM, neutralise};

/// The header row.
pub const HEADER: [&str; 8] = [
    "id",
    "name",
    "e-mail",
    "status",
    "waiting position",
    "attendance",
    "registered at",
    "moved up at",
];

fn record(r: &Registration, zone: Tz) -> [String; 8] {
    let at = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
    };
    [
        r.id.to_string(),
        r.name.clone(),
        r.email.clone(),
        r.status.label().to_owned(),
        r.position.map(|p| p.to_string()).unwrap_or_default(),
        r.attendance.label().to_owned(),
        at(r.created_at),
        r.promoted_at.map(at).unwrap_or_default(),
    ]
}

/// The registrations as a CSV file: a header, then one line each.
pub fn registrations_csv(rows: &[Registration], zone: Tz) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(BOM.to_vec());
    out.write_record(HEADER)?;
    for r in rows {
        let cells = record(r, zone);
        out.write_record(cells.iter().map(|c| neutralise(c).into_owned()))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}
