//! Rows read straight into our own types, for the queries of the busiest pages.
//!
//! A row read through sea-orm on the SQLite reader (`db::reader`) becomes a map from column
//! name to value first, and each field is then looked up and copied out of it: on the case
//! page that was half of the server's work (docs/performance-log.md, change 23). A type that
//! implements [`ReadRow`] (most through [`read_row!`]) is read by
//! [`ReadRows::read_rows`] instead: on the SQLite reader each field straight from
//! SQLite's row, elsewhere (PostgreSQL, transactions) from sea-orm's row by the same names.
//! So one reading, written once, serves both backends, and the tests of both check it.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use rusqlite::types::ValueRef;
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr, QueryResult,
    Statement, TryGetable,
};

/// A column's value as one Rust type: from sea-orm's row ([`TryGetable`]) or from SQLite's,
/// read as sqlx decodes SQLite's stored forms (dates as `YYYY-MM-DD` text, times as RFC 3339
/// text or Unix seconds, booleans as integers).
pub(crate) trait Cell: TryGetable + Sized {
    /// The value of `raw`, or what is wrong with it.
    fn from_sqlite(raw: ValueRef<'_>) -> Result<Self, String>;
}

fn storage(raw: ValueRef<'_>) -> &'static str {
    match raw {
        ValueRef::Null => "NULL",
        ValueRef::Integer(_) => "an integer",
        ValueRef::Real(_) => "a real number",
        ValueRef::Text(_) => "text",
        ValueRef::Blob(_) => "a blob",
    }
}

fn text(raw: ValueRef<'_>) -> Result<&str, String> {
    match raw {
        ValueRef::Text(t) => std::str::from_utf8(t).map_err(|e| e.to_string()),
        other => Err(format!("{} where text belongs", storage(other))),
    }
}

impl Cell for i64 {
    fn from_sqlite(raw: ValueRef<'_>) -> Result<Self, String> {
        match raw {
            ValueRef::Integer(n) => Ok(n),
            other => Err(format!("{} where an integer belongs", storage(other))),
        }
    }
}

impl Cell for i32 {
    fn from_sqlite(raw: ValueRef<'_>) -> Result<Self, String> {
        i64::from_sqlite(raw).and_then(|n| i32::try_from(n).map_err(|e| e.to_string()))
    }
}

impl Cell for bool {
    fn from_sqlite(raw: ValueRef<'_>) -> Result<Self, String> {
        i64::from_sqlite(raw).map(|n| n != 0)
    }
}

impl Cell for String {
    fn from_sqlite(raw: ValueRef<'_>) -> Result<Self, String> {
        text(raw).map(str::to_owned)
    }
}

impl Cell for NaiveDate {
    fn from_sqlite(raw: ValueRef<'_>) -> Result<Self, String> {
        let t = text(raw)?;
        iso_date(t)
            .or_else(|| NaiveDate::parse_from_str(t, "%F").ok())
            .ok_or_else(|| format!("{t:?} is not a date"))
    }
}

impl Cell for DateTime<FixedOffset> {
    fn from_sqlite(raw: ValueRef<'_>) -> Result<Self, String> {
        match raw {
            ValueRef::Integer(n) => Utc
                .timestamp_opt(n, 0)
                .single()
                .map(|t| t.fixed_offset())
                .ok_or_else(|| format!("{n} is not a time")),
            raw => {
                let t = text(raw)?;
                super::reader::timestamp(t).ok_or_else(|| format!("{t:?} is not a time"))
            }
        }
    }
}

impl<T: Cell> Cell for Option<T> {
    fn from_sqlite(raw: ValueRef<'_>) -> Result<Self, String> {
        match raw {
            ValueRef::Null => Ok(None),
            raw => T::from_sqlite(raw).map(Some),
        }
    }
}

/// `YYYY-MM-DD` exactly (how every date is stored), without chrono's general parser.
fn iso_date(t: &str) -> Option<NaiveDate> {
    let b = t.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| {
        b[range].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let year = i32::try_from(digits(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(5..7)?, digits(8..10)?)
}

/// A row: its columns by name.
pub(crate) trait Cells {
    /// Column `name` as a `T`.
    fn cell<T: Cell>(&self, name: &str) -> Result<T, DbErr>;
}

impl Cells for QueryResult {
    fn cell<T: Cell>(&self, name: &str) -> Result<T, DbErr> {
        self.try_get("", name)
    }
}

/// A type read from one row, by column names.
pub(crate) trait ReadRow: Sized {
    /// Reads `row`.
    fn read(row: &impl Cells) -> Result<Self, DbErr>;
}

/// Implements [`ReadRow`] for a struct whose fields are all read from the columns of the
/// same names: `read_row!(Type { field, … })` (every field, or it does not compile).
macro_rules! read_row {
    ($ty:ty { $($field:ident),+ $(,)? }) => {
        impl $crate::db::rows::ReadRow for $ty {
            fn read(row: &impl $crate::db::rows::Cells) -> Result<Self, sea_orm::DbErr> {
                Ok(Self { $($field: row.cell(stringify!($field))?),+ })
            }
        }
    };
}
pub(crate) use read_row;

/// Connections that read rows into [`ReadRow`] types: the one way rows are read. On the
/// SQLite reader straight from SQLite's rows; on PostgreSQL and inside transactions from
/// sea-orm's rows, by the same names. (The SQLite reader offers nothing else, so no query can
/// take another path.)
#[async_trait::async_trait]
pub(crate) trait ReadRows: Sync {
    /// SQLite or PostgreSQL: the dialect statements are built for.
    fn backend(&self) -> DatabaseBackend;

    /// Every row of `statement`.
    async fn read_rows<T: ReadRow + Send>(&self, statement: Statement) -> Result<Vec<T>, DbErr>;
}

/// Rows of a sea-orm connection, read by name.
async fn sea_orm_rows<T: ReadRow>(
    conn: &impl ConnectionTrait,
    statement: Statement,
) -> Result<Vec<T>, DbErr> {
    conn.query_all_raw(statement)
        .await?
        .iter()
        .map(T::read)
        .collect()
}

#[async_trait::async_trait]
impl ReadRows for DatabaseConnection {
    fn backend(&self) -> DatabaseBackend {
        self.get_database_backend()
    }

    async fn read_rows<T: ReadRow + Send>(&self, statement: Statement) -> Result<Vec<T>, DbErr> {
        sea_orm_rows(self, statement).await
    }
}

#[async_trait::async_trait]
impl ReadRows for DatabaseTransaction {
    fn backend(&self) -> DatabaseBackend {
        self.get_database_backend()
    }

    async fn read_rows<T: ReadRow + Send>(&self, statement: Statement) -> Result<Vec<T>, DbErr> {
        sea_orm_rows(self, statement).await
    }
}

/// Every entity reads this way ([`super::first`], [`super::first_n`], [`super::all`]).
mod entities {
    use crate::db::entities::consents;
    use crate::db::entities::{
        ambassadors, api_tokens, audit_events, buddy_checkins, buddy_matches, case_key_dates,
        case_routes, cases, checklist_items, feed_tokens, item_status_history, jobs, link_tokens,
        login_failures, notes, office_closures, outbox, people, person_documents, person_key_dates,
        reminder_settings, route_templates, server_keys, sessions, template_libraries, users,
    };
    use crate::db::entities::{
        article_versions, articles, enquiries, event_organisers, event_registrations, events,
        site_settings,
    };
    use crate::db::entities::{
        employments, hire_requests, organisation_contacts, organisations, partner_kinds,
        partner_links, referral_steps, referrals,
    };
    use crate::db::entities::{recovery_codes, security_settings, two_factor};

    read_row!(users::Model {
        id,
        email,
        display_name,
        phone,
        role,
        password_hash,
        active,
        created_at,
        password_changed_at,
        digest_enabled,
        digest_time,
        team_lead,
        reminders,
        buddy_coordinator,
        organisation_id
    });
    read_row!(sessions::Model {
        id,
        user_id,
        data,
        expires_at
    });
    read_row!(cases::Model {
        id,
        consultant_id,
        status,
        hold_reason,
        outcome,
        closed_on,
        opened_on,
        principal_name,
        search_text,
        next_due_on,
        items_done,
        items_applicable,
        creation_token,
        version,
        created_at,
        updated_at,
        updated_by,
        papers_risk_on,
        languages,
        interests,
        lawful_basis
    });
    read_row!(people::Model {
        id,
        case_id,
        position,
        name,
        relation,
        date_of_birth,
        nationality,
        email,
        passport_number,
        passport_expiry,
        user_id,
        pending_user_id
    });
    read_row!(case_routes::Model {
        case_id,
        position,
        route
    });
    read_row!(person_key_dates::Model {
        person_id,
        kind,
        date
    });
    read_row!(person_documents::Model {
        case_id,
        number_in_case,
        person_id,
        kind,
        number,
        issuing_country,
        issued_on,
        valid_until
    });
    read_row!(case_key_dates::Model {
        case_id,
        kind,
        date
    });
    read_row!(checklist_items::Model {
        id,
        case_id,
        position,
        key,
        holder,
        route,
        template_version,
        title,
        category,
        instructions,
        where_to_go,
        documents,
        source,
        caveat,
        watch,
        rule,
        depends_on,
        status,
        status_on,
        status_reason,
        due_on,
        computed_due_on,
        opens_on,
        explanation,
        override_on,
        override_reason,
        version,
        updated_at,
        updated_by,
        open_owner,
        anchor_on,
        doer
    });
    read_row!(item_status_history::Model {
        id,
        item_id,
        case_id,
        from_status,
        to_status,
        reason,
        on_date,
        actor_id,
        at
    });
    read_row!(notes::Model {
        id,
        case_id,
        author_id,
        visibility,
        body,
        created_at
    });
    read_row!(audit_events::Model {
        id,
        case_id,
        actor_id,
        at,
        action,
        subject,
        before,
        after
    });
    read_row!(route_templates::Model {
        id,
        route,
        version,
        name,
        body,
        created_at,
        created_by
    });
    read_row!(template_libraries::Model {
        id,
        version,
        body,
        created_at,
        created_by
    });
    read_row!(office_closures::Model { date, reason });
    read_row!(login_failures::Model { id, key, at });
    read_row!(server_keys::Model {
        name,
        secret,
        created_at
    });
    read_row!(link_tokens::Model {
        id,
        purpose,
        token_hash,
        user_id,
        created_by,
        created_at,
        expires_at,
        used_at
    });
    read_row!(outbox::Model {
        id,
        to_address,
        subject,
        body,
        status,
        attempts,
        last_error,
        next_attempt_at,
        claimed_until,
        created_at,
        sent_at,
        link_token_id,
        kind,
        case_id,
        recipient_id,
        idempotency_key,
        reply_to
    });
    read_row!(ambassadors::Model {
        id,
        user_id,
        status,
        nationality,
        languages,
        years_here,
        district,
        occupation,
        interests,
        family,
        children_at_school,
        helps_with,
        capacity,
        available_until,
        introduction,
        phone,
        consent_at,
        applied_at,
        decided_at,
        decided_by,
        version,
        photo_key,
        photo_type,
        photo_size,
        photo_uploaded_at
    });
    read_row!(buddy_matches::Model {
        id,
        case_id,
        person_id,
        requested_by,
        languages,
        district,
        topics,
        has_children,
        wishes,
        share_email,
        share_phone,
        phone,
        consent_at,
        consent_withdrawn_at,
        state,
        end_reason,
        end_note,
        ambassador_id,
        decline_reason,
        requested_at,
        proposed_at,
        proposed_by,
        accepted_at,
        started_at,
        ended_at,
        rating,
        feedback,
        feedback_at,
        version
    });
    read_row!(buddy_checkins::Model {
        id,
        match_id,
        author_id,
        met_on,
        body,
        needs_help,
        created_at,
        handled_at,
        handled_by
    });
    read_row!(jobs::Model {
        id,
        kind,
        key,
        payload,
        status,
        attempts,
        run_at,
        claimed_until,
        claimed_by,
        last_error,
        created_at,
        finished_at
    });
    read_row!(reminder_settings::Model {
        id,
        digest_time,
        due_soon_days,
        escalation_days,
        expat_reminders_default,
        reminder_time,
        lead_times,
        updated_at,
        updated_by
    });
    read_row!(api_tokens::Model {
        id,
        user_id,
        name,
        token_hash,
        created_at,
        expires_at,
        revoked_at,
        last_used_at
    });
    read_row!(feed_tokens::Model {
        id,
        user_id,
        token_hash,
        created_at,
        revoked_at,
        last_used_at
    });
    read_row!(partner_kinds::Model {
        id,
        slug,
        name,
        position
    });
    read_row!(organisations::Model {
        id,
        kind_id,
        name,
        name_key,
        address,
        district,
        opening_hours,
        website,
        email,
        phone,
        languages,
        services,
        tags,
        notes,
        active,
        public,
        agreement,
        agreement_from,
        agreement_until,
        last_contact_on,
        created_at,
        created_by,
        updated_at,
        updated_by,
        version
    });
    read_row!(organisation_contacts::Model {
        id,
        organisation_id,
        name,
        role,
        email,
        phone,
        position
    });
    read_row!(partner_links::Model {
        id,
        item_key,
        kind_id,
        organisation_id,
        created_at,
        created_by
    });
    read_row!(referrals::Model {
        id,
        case_id,
        person_id,
        organisation_id,
        contact_id,
        category,
        need,
        share_contact,
        consent_at,
        consent_how,
        status,
        note,
        follow_up_on,
        created_at,
        created_by,
        updated_at,
        updated_by,
        closed_at,
        version
    });
    read_row!(referral_steps::Model {
        id,
        referral_id,
        status,
        note,
        at,
        actor_id
    });
    read_row!(consents::Model {
        id,
        case_id,
        person_id,
        purpose,
        given_at,
        given_how,
        given_by,
        withdrawn_at,
        withdrawn_by
    });
    read_row!(employments::Model {
        id,
        case_id,
        person_id,
        organisation_id,
        consent_at,
        consent_how,
        consent_withdrawn_at,
        created_at,
        created_by,
        version
    });
    read_row!(hire_requests::Model {
        id,
        organisation_id,
        requested_by,
        name,
        email,
        route,
        expected_arrival,
        note,
        status,
        case_id,
        decided_by,
        decided_at,
        decline_reason,
        created_at,
        version
    });
    read_row!(two_factor::Model {
        user_id,
        secret,
        enrolled_at,
        last_step,
        last_used_at
    });
    read_row!(recovery_codes::Model {
        id,
        user_id,
        code_hash,
        used_at
    });
    read_row!(security_settings::Model {
        id,
        require_all_staff,
        updated_at,
        updated_by
    });
    read_row!(site_settings::Model {
        id,
        name,
        tagline,
        who_for,
        services,
        address,
        hours,
        phone,
        email,
        booking,
        updated_at,
        updated_by,
        version
    });
    read_row!(articles::Model {
        id,
        slug,
        kind,
        partner_kinds,
        latest_number,
        published_number,
        published_at,
        title,
        summary,
        body_html,
        created_at,
        created_by,
        updated_at,
        updated_by,
        version
    });
    read_row!(article_versions::Model {
        id,
        article_id,
        number,
        title,
        summary,
        body,
        created_at,
        created_by,
        slug,
        kind,
        partner_kinds
    });
    read_row!(enquiries::Model {
        id,
        name,
        email,
        phone,
        topic,
        message,
        arrival_on,
        status,
        case_id,
        note,
        handled_by,
        handled_at,
        created_at,
        version
    });
    read_row!(events::Model {
        id,
        title,
        kind,
        summary,
        description,
        description_html,
        starts_at,
        ends_at,
        place,
        online_url,
        language,
        capacity,
        registration_closes_at,
        topics,
        status,
        created_at,
        created_by,
        updated_at,
        updated_by,
        version
    });
    read_row!(event_organisers::Model {
        event_id,
        organisation_id,
        position
    });
    read_row!(event_registrations::Model {
        id,
        event_id,
        name,
        email,
        email_key,
        user_id,
        status,
        attendance,
        cancel_token_hash,
        created_at,
        cancelled_at,
        promoted_at,
        updated_at,
        version
    });
}

/// The access log and the breach register (issue 23).
mod privacy_entities {
    use crate::db::entities::{access_log, breach_cases, breach_events, breaches};

    read_row!(access_log::Model {
        id,
        at,
        user_id,
        token_id,
        role,
        kind,
        case_id,
        person_id,
        file_id,
        document_id,
        address,
        request_id
    });
    read_row!(breaches::Model {
        id,
        title,
        description,
        discovered_at,
        occurred_from,
        occurred_to,
        aware_at,
        data_categories,
        people_count,
        risk,
        authority_notified_at,
        late_reasons,
        people_notified_at,
        measures,
        status,
        created_at,
        created_by,
        updated_at,
        version
    });
    read_row!(breach_cases::Model { breach_id, case_id });
    read_row!(breach_events::Model {
        id,
        breach_id,
        at,
        text,
        created_by,
        created_at
    });
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_stored_and_refused_when_they_are_not_dates() {
        let read = |t: &str| NaiveDate::from_sqlite(ValueRef::Text(t.as_bytes()));
        assert_eq!(
            read("2026-02-28"),
            Ok(NaiveDate::from_ymd_opt(2026, 2, 28).unwrap())
        );
        assert_eq!(
            read("0999-01-01"),
            Ok(NaiveDate::from_ymd_opt(999, 1, 1).unwrap())
        );
        assert!(read("2026-02-30").is_err());
        // Other spellings are read as sqlx (chrono's `%F`) reads them.
        assert_eq!(
            read("2026-2-28"),
            Ok(NaiveDate::from_ymd_opt(2026, 2, 28).unwrap())
        );
        assert!(read("2026-0a-28").is_err());
        assert!(read("").is_err());
        assert!(NaiveDate::from_sqlite(ValueRef::Integer(20_260_228)).is_err());
        assert_eq!(Option::<NaiveDate>::from_sqlite(ValueRef::Null), Ok(None));
    }

    #[test]
    fn integers_booleans_and_text_keep_their_storage_classes() {
        assert_eq!(i64::from_sqlite(ValueRef::Integer(-7)), Ok(-7));
        assert!(i64::from_sqlite(ValueRef::Text(b"7")).is_err());
        assert!(i64::from_sqlite(ValueRef::Null).is_err());
        assert_eq!(bool::from_sqlite(ValueRef::Integer(1)), Ok(true));
        assert_eq!(bool::from_sqlite(ValueRef::Integer(0)), Ok(false));
        assert_eq!(
            String::from_sqlite(ValueRef::Text("Dvořák".as_bytes())),
            Ok("Dvořák".into())
        );
        assert!(String::from_sqlite(ValueRef::Text(&[0xff, 0xfe])).is_err());
        assert!(String::from_sqlite(ValueRef::Null).is_err());
        assert_eq!(Option::<String>::from_sqlite(ValueRef::Null), Ok(None));
    }

    #[test]
    fn times_are_read_from_text_and_from_unix_seconds() {
        let t = DateTime::<FixedOffset>::from_sqlite(ValueRef::Text(
            b"2026-12-03T10:15:00.123456+01:00",
        ))
        .unwrap();
        assert_eq!(t.to_rfc3339(), "2026-12-03T10:15:00.123456+01:00");
        let u = DateTime::<FixedOffset>::from_sqlite(ValueRef::Integer(0)).unwrap();
        assert_eq!(u.to_rfc3339(), "1970-01-01T00:00:00+00:00");
        assert!(DateTime::<FixedOffset>::from_sqlite(ValueRef::Text(b"yesterday")).is_err());
    }
}
