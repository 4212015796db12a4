//! Values between sea-orm and SQLite: bound as sqlx binds them, read as sqlx decodes them
//! into an entity's fields.

use chrono::{DateTime, FixedOffset, NaiveDateTime, Offset, SecondsFormat, TimeZone, Utc};
use sea_orm::Value;

/// Binds `value` as sqlx would store it (dates as text, times as RFC 3339, UUIDs as blobs),
/// so that comparisons with stored values hold.
pub(crate) fn bind(
    stmt: &mut rusqlite::Statement<'_>,
    i: usize,
    value: &Value,
) -> rusqlite::Result<()> {
    let rfc3339 = |t: &DateTime<FixedOffset>| t.to_rfc3339_opts(SecondsFormat::AutoSi, false);
    match value {
        Value::Bool(v) => stmt.raw_bind_parameter(i, v),
        Value::TinyInt(v) => stmt.raw_bind_parameter(i, v),
        Value::SmallInt(v) => stmt.raw_bind_parameter(i, v),
        Value::Int(v) => stmt.raw_bind_parameter(i, v),
        Value::BigInt(v) => stmt.raw_bind_parameter(i, v),
        Value::TinyUnsigned(v) => stmt.raw_bind_parameter(i, v),
        Value::SmallUnsigned(v) => stmt.raw_bind_parameter(i, v),
        Value::Unsigned(v) => stmt.raw_bind_parameter(i, v),
        Value::BigUnsigned(v) => {
            let v = v
                .map(i64::try_from)
                .transpose()
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?;
            stmt.raw_bind_parameter(i, v)
        }
        Value::Float(v) => stmt.raw_bind_parameter(i, v),
        Value::Double(v) => stmt.raw_bind_parameter(i, v),
        Value::String(v) => stmt.raw_bind_parameter(i, v.as_deref()),
        Value::Char(v) => stmt.raw_bind_parameter(i, v.map(String::from)),
        Value::Bytes(v) => stmt.raw_bind_parameter(i, v.as_deref()),
        Value::Json(v) => stmt.raw_bind_parameter(i, v.as_ref().map(ToString::to_string)),
        Value::Uuid(v) => stmt.raw_bind_parameter(i, v.map(|u| u.as_bytes().to_vec())),
        Value::ChronoDate(v) => stmt.raw_bind_parameter(i, v.map(|d| d.format("%F").to_string())),
        Value::ChronoTime(v) => {
            stmt.raw_bind_parameter(i, v.map(|t| t.format("%T%.f").to_string()))
        }
        Value::ChronoDateTime(v) => {
            stmt.raw_bind_parameter(i, v.map(|t| t.format("%F %T%.f").to_string()))
        }
        Value::ChronoDateTimeUtc(v) => {
            stmt.raw_bind_parameter(i, v.map(|t| rfc3339(&t.fixed_offset())))
        }
        Value::ChronoDateTimeLocal(v) => {
            stmt.raw_bind_parameter(i, v.map(|t| rfc3339(&t.fixed_offset())))
        }
        Value::ChronoDateTimeWithTimeZone(v) => stmt.raw_bind_parameter(i, v.as_ref().map(rfc3339)),
        other => Err(rusqlite::Error::ToSqlConversionFailure(
            format!("no SQLite form for {other:?}").into(),
        )),
    }
}

/// The forms besides RFC 3339, in sqlx's order.
const TIME_FORMATS: [&str; 12] = [
    "%F %T%.f",
    "%F %R",
    "%F %RZ",
    "%F %R%:z",
    "%F %T%.fZ",
    "%F %T%.f%:z",
    "%FT%R",
    "%FT%RZ",
    "%FT%R%:z",
    "%FT%T%.f",
    "%FT%T%.fZ",
    "%FT%T%.f%:z",
];

/// A stored time, in the forms sqlx writes and reads (RFC 3339 first).
pub(crate) fn timestamp(text: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t);
    }
    TIME_FORMATS.iter().find_map(|format| {
        DateTime::parse_from_str(text, format).ok().or_else(|| {
            NaiveDateTime::parse_from_str(text, format)
                .ok()
                .map(|t| Utc.fix().from_utc_datetime(&t))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_times_are_read_in_every_form_sqlx_reads() {
        let expected = DateTime::parse_from_rfc3339("2026-12-03T13:02:00+01:00").unwrap();
        for text in [
            "2026-12-03T13:02:00+01:00",
            "2026-12-03 13:02:00+01:00",
            "2026-12-03T12:02:00Z",
            "2026-12-03 12:02:00",
            "2026-12-03 12:02",
        ] {
            assert_eq!(timestamp(text), Some(expected), "{text}");
        }
        assert_eq!(timestamp("3 December"), None);
    }
}
