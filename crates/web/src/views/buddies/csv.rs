//! The programme's matches as CSV (`/buddies/export.csv`): one row per request, for the
//! centre's figures. It names the ambassador but not the newcomer, and holds nothing of the
//! case (no passport, notes or contact details). Cells are written like the case list's
//! (semicolons, a byte order mark, formula cells neutralised).

use chrono_tz::Tz;
use softland_domain::buddy::MatchState;

use crate::db::buddies::{Match, end_reason_label, state_name};
use crate::views::cases::csv::{BOM, neutralise};

/// The header row.
pub const HEADER: [&str; 10] = [
    "id",
    "requested",
    "state",
    "days to match",
    "ambassador",
    "languages",
    "help with",
    "ended",
    "end reason",
    "rating",
];

fn record(m: &Match, tz: Tz) -> [String; 10] {
    let date = |at: chrono::DateTime<chrono::Utc>| at.with_timezone(&tz).date_naive().to_string();
    let end_reason = match &m.state {
        MatchState::Ended(reason) => end_reason_label(*reason),
        _ => "",
    };
    [
        m.id.to_string(),
        date(m.requested_at),
        state_name(&m.state).to_owned(),
        m.accepted_at
            .map(|at| (at - m.requested_at).num_days().max(0).to_string())
            .unwrap_or_default(),
        m.ambassador_name.clone().unwrap_or_default(),
        super::languages(&m.request.languages),
        super::topics(&m.request.topics),
        m.ended_at.map(date).unwrap_or_default(),
        end_reason.to_owned(),
        m.rating.map(|r| r.to_string()).unwrap_or_default(),
    ]
}

/// The matches as a CSV file: a header, then one line per match, oldest request first.
pub fn matches_csv(matches: &[Match], tz: Tz) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(BOM.to_vec());
    out.write_record(HEADER)?;
    for m in matches {
        let cells = record(m, tz);
        out.write_record(cells.iter().map(|c| neutralise(c).into_owned()))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}
