//! Values between sea-orm and SQLite: bound as sqlx binds them, read as sqlx decodes them
//! into an entity's fields.

use chrono::{
    DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, SecondsFormat, TimeZone, Utc,
};
use rusqlite::types::ValueRef;
use sea_orm::Value;

/// Binds `value` as sqlx would store it (dates as text, times as RFC 3339, UUIDs as blobs),
/// so that comparisons with stored values hold.
pub(super) fn bind(
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

/// What a column's declared type says about its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Declared {
    Bool,
    Date,
    Timestamp,
    Integer,
    /// Text, or no declared type (an expression).
    Other,
}

impl Declared {
    pub(super) fn of(decl: Option<&str>) -> Self {
        let Some(decl) = decl.map(str::to_ascii_lowercase) else {
            return Self::Other;
        };
        if decl == "boolean" || decl == "bool" {
            Self::Bool
        } else if decl.starts_with("timestamp") || decl == "datetime" {
            Self::Timestamp
        } else if decl == "date_text" || decl == "date" {
            Self::Date
        } else if decl.contains("int") {
            Self::Integer
        } else {
            Self::Other
        }
    }

    /// The sea-orm value of `raw`, typed as sqlx would decode it into the entity's field.
    pub(super) fn value(self, raw: ValueRef<'_>) -> Result<Value, String> {
        Ok(match (self, raw) {
            (Self::Bool, ValueRef::Null) => Value::Bool(None),
            (Self::Date, ValueRef::Null) => Value::ChronoDate(None),
            (Self::Timestamp, ValueRef::Null) => Value::ChronoDateTimeWithTimeZone(None),
            (Self::Integer, ValueRef::Null) => Value::BigInt(None),
            (Self::Other, ValueRef::Null) => Value::String(None),
            (Self::Bool, ValueRef::Integer(n)) => Value::Bool(Some(n != 0)),
            (Self::Timestamp, ValueRef::Integer(n)) => {
                Value::ChronoDateTimeWithTimeZone(Utc.fix().timestamp_opt(n, 0).single())
            }
            (_, ValueRef::Integer(n)) => Value::BigInt(Some(n)),
            (_, ValueRef::Real(x)) => Value::Double(Some(x)),
            (_, ValueRef::Blob(b)) => Value::Bytes(Some(b.to_vec())),
            (declared, ValueRef::Text(t)) => {
                let text = std::str::from_utf8(t).map_err(|e| e.to_string())?;
                match declared {
                    Self::Date => Value::ChronoDate(Some(
                        NaiveDate::parse_from_str(text, "%F")
                            .map_err(|e| format!("{text}: {e}"))?,
                    )),
                    Self::Timestamp => Value::ChronoDateTimeWithTimeZone(Some(
                        timestamp(text).ok_or_else(|| format!("{text}: not a time"))?,
                    )),
                    _ => Value::String(Some(text.to_owned())),
                }
            }
        })
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

    #[test]
    fn declared_types_decide_how_values_are_read() {
        let date = Declared::of(Some("date_text"));
        assert_eq!(
            date.value(ValueRef::Text(b"2026-12-03")),
            Ok(Value::ChronoDate(NaiveDate::from_ymd_opt(2026, 12, 3)))
        );
        assert!(date.value(ValueRef::Text(b"03.12.2026")).is_err());
        assert_eq!(date.value(ValueRef::Null), Ok(Value::ChronoDate(None)));
        let flag = Declared::of(Some("boolean"));
        assert_eq!(
            flag.value(ValueRef::Integer(1)),
            Ok(Value::Bool(Some(true)))
        );
        let number = Declared::of(Some("integer"));
        assert_eq!(
            number.value(ValueRef::Integer(7)),
            Ok(Value::BigInt(Some(7)))
        );
        // Text without a declared type stays text, however much it looks like a date.
        assert_eq!(
            Declared::of(None).value(ValueRef::Text(b"2026-12-03")),
            Ok(Value::String(Some("2026-12-03".into())))
        );
    }
}
