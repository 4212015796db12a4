//! The case list as CSV (`/cases.csv`), safe to open in a spreadsheet: a cell that a
//! spreadsheet would read as a formula gets a leading `'`. Cells are separated by semicolons
//! and the file starts with a byte order mark, which is what Excel in a Czech (or any
//! comma-decimal) locale opens as columns; routes and statuses are in words.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::db::case_list::{CaseRow, ListStatus};

/// The header row.
pub const HEADER: [&str; 12] = [
    "id",
    "principal",
    "email",
    "nationality",
    "routes",
    "consultant",
    "status",
    "opened",
    "next due",
    "done",
    "applicable",
    "new messages",
];

/// A UTF-8 byte order mark, so that spreadsheets read names like "Nováková" right.
pub(crate) const BOM: &[u8] = "\u{feff}".as_bytes();

/// `cell` with a leading `'` when it starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return, which spreadsheets treat as the start of a formula (CSV injection).
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

fn record(r: &CaseRow, route_names: &BTreeMap<String, String>) -> [String; 12] {
    let routes: Vec<&str> = r
        .route_keys()
        .map(|k| route_names.get(k).map_or(k, String::as_str))
        .collect();
    let status =
        ListStatus::parse(&r.status).map_or_else(|| r.status.clone(), |s| s.label().to_owned());
    [
        r.id.to_string(),
        r.principal_name.clone(),
        r.email.clone().unwrap_or_default(),
        r.nationality.clone().unwrap_or_default(),
        routes.join(", "),
        r.consultant.clone(),
        status,
        r.opened_on.to_string(),
        r.next_due_on.map(|d| d.to_string()).unwrap_or_default(),
        r.items_done.to_string(),
        r.items_applicable.to_string(),
        if r.unread_messages { "yes" } else { "" }.to_owned(),
    ]
}

/// The rows as a CSV file: a header, then one line per case; dates as YYYY-MM-DD; routes by
/// their names in `route_names` (by key).
pub fn cases_csv(
    rows: &[CaseRow],
    route_names: &BTreeMap<String, String>,
) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(BOM.to_vec());
    out.write_record(HEADER)?;
    for row in rows {
        let cells = record(row, route_names);
        out.write_record(cells.iter().map(|c| neutralise(c).into_owned()))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn cells_that_start_a_formula_get_a_leading_apostrophe() {
        for bad in ["=1+1", "+420 123", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(bad), format!("'{bad}"));
        }
        for fine in ["Asha Rao", "2026-12-23", "a=b", ""] {
            assert_eq!(neutralise(fine), fine);
        }
    }
}
