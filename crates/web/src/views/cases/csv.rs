//! The case list as CSV (`/cases.csv`), safe to open in a spreadsheet: a cell that a
//! spreadsheet would read as a formula gets a leading `'`.

use std::borrow::Cow;

use crate::db::case_list::CaseRow;

/// The header row.
pub const HEADER: [&str; 11] = [
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
];

/// A UTF-8 byte order mark, so that spreadsheets read names like "Nováková" right.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// `cell` with a leading `'` when it starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return, which spreadsheets treat as the start of a formula (CSV injection).
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

fn record(r: &CaseRow) -> [String; 11] {
    [
        r.id.to_string(),
        r.principal_name.clone(),
        r.email.clone().unwrap_or_default(),
        r.nationality.clone().unwrap_or_default(),
        r.route_keys().collect::<Vec<_>>().join(" "),
        r.consultant.clone(),
        r.status.clone(),
        r.opened_on.to_string(),
        r.next_due_on.map(|d| d.to_string()).unwrap_or_default(),
        r.items_done.to_string(),
        r.items_applicable.to_string(),
    ]
}

/// The rows as a CSV file: a header, then one line per case; dates as YYYY-MM-DD.
pub fn cases_csv(rows: &[CaseRow]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(BOM.to_vec());
    out.write_record(HEADER)?;
    for row in rows {
        let cells = record(row);
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
