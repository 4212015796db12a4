//! Partnership management as CSV (`/partners/partnerships.csv`): one row per organisation
//! with its agreement, last contact and referrals. No notes and no contact people. Cells are
//! written like the case list's (semicolons, a byte order mark, formula cells neutralised).

use crate::commands::partners::directory::Partnership;
use crate::views::cases::csv::{BOM, neutralise};

/// The header row.
pub const HEADER: [&str; 13] = [
    "id",
    "name",
    "type",
    "active",
    "agreement",
    "agreement from",
    "agreement until",
    "last contact",
    "last contact over 6 months ago",
    "referrals received",
    "open",
    "solved",
    "not solved",
];

fn record(p: &Partnership) -> [String; 13] {
    let d = &p.organisation.details;
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let yes = |b: bool| if b { "yes" } else { "no" }.to_owned();
    [
        p.organisation.id.to_string(),
        d.name.clone(),
        p.organisation.kind.name.clone(),
        yes(d.active),
        d.agreement.status().label().to_owned(),
        day(d.agreement.from()),
        day(d.agreement.until()),
        day(d.last_contact_on),
        yes(p.contact_overdue),
        p.figures.received.to_string(),
        p.figures.open.to_string(),
        p.figures.solved.to_string(),
        p.figures.not_solved.to_string(),
    ]
}

/// The partnerships as a CSV file: a header, then one line each.
pub fn partnerships_csv(rows: &[Partnership]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(BOM.to_vec());
    out.write_record(HEADER)?;
    for p in rows {
        let cells = record(p);
        out.write_record(cells.iter().map(|c| neutralise(c).into_owned()))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}
