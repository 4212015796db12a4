//! How dates read to people: "Wed 30 Dec 2026".

use chrono::NaiveDate;

/// A date as every page and explanation shows it: "Wed 30 Dec 2026".
pub fn long(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

/// A date without the weekday, for ranges: "24 Dec".
pub fn short(date: NaiveDate) -> String {
    date.format("%-d %b").to_string()
}

/// "1 day" / "3 days"; "1 working day" / "3 working days" with `unit = "working day"`.
pub fn count(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}
