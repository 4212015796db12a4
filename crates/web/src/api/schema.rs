//! OpenAPI schemas built from the domain's own lists (actions, categories, key dates …), so
//! that the document can never offer a value the code does not know, and the key-date
//! objects whose properties are the key dates.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use softland_domain::case::CaseOutcome;
use softland_domain::template::Category;
use softland_domain::{ActionKind, KeyDate, StatusKind};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, SchemaType, Type};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::auth::Role;
use crate::commands::open_case::{DEPENDANT_RELATIONS, OPENING_KEY_DATES};
use crate::db::case_list::{ListStatus, SortBy};
use crate::db::notes::Visibility;

fn string_enum<'a>(values: impl IntoIterator<Item = &'a str>) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.into_iter().map(str::to_owned)))
}

/// An item action: `start`, `submit`, `complete`, `return`, `not_applicable`, `reopen`,
/// `reinstate`.
pub fn action() -> ObjectBuilder {
    string_enum(ActionKind::ALL.map(ActionKind::as_str))
}

/// A checklist category.
pub fn category() -> ObjectBuilder {
    string_enum(Category::ALL.map(Category::as_str))
}

/// How a case ended.
pub fn outcome() -> ObjectBuilder {
    string_enum(CaseOutcome::ALL.map(CaseOutcome::as_str))
}

/// Who may read a note: `internal` (staff only). What the household reads is a message
/// (`/cases/{id}/messages`); `shared` is refused.
pub fn visibility() -> ObjectBuilder {
    string_enum([Visibility::Internal.as_str()])
}

/// A message's side: `staff` or `expat`.
pub fn message_side() -> ObjectBuilder {
    string_enum(crate::db::messages::Side::ALL.map(crate::db::messages::Side::stored))
}

/// How a message came: `web`, `api` or `mail`.
pub fn message_via() -> ObjectBuilder {
    string_enum(crate::db::messages::Via::ALL.map(crate::db::messages::Via::stored))
}

/// A dependant's relation to the principal.
pub fn relation() -> ObjectBuilder {
    string_enum(DEPENDANT_RELATIONS.map(softland_domain::person::Relation::as_str))
}

/// An item status.
pub fn item_status() -> ObjectBuilder {
    string_enum(StatusKind::ALL.map(StatusKind::as_str))
}

/// A risk warning's kind, of those the dashboard lists.
pub fn risk_kind() -> ObjectBuilder {
    string_enum(
        softland_domain::case::RiskKind::ALL
            .into_iter()
            .filter(|k| k.on_dashboard())
            .map(crate::db::dashboard::kind_name),
    )
}

/// Several item actions.
pub fn actions() -> utoipa::openapi::schema::ArrayBuilder {
    utoipa::openapi::schema::ArrayBuilder::new().items(action())
}

/// A case status.
pub fn case_status() -> ObjectBuilder {
    string_enum(ListStatus::ALL.map(ListStatus::as_str))
}

/// One of the dashboard's lists of items: `overdue`, `due-soon`, `waiting`.
pub fn due_list() -> ObjectBuilder {
    string_enum(
        crate::commands::overview::ListKind::ALL.map(crate::commands::overview::ListKind::name),
    )
}

/// A case list order.
pub fn sort() -> ObjectBuilder {
    string_enum(SortBy::ALL.map(SortBy::as_str))
}

/// An account role.
pub fn role() -> ObjectBuilder {
    string_enum(Role::ALL.map(Role::as_str))
}

/// Whose item: `household`, or a person's index in the case (`0` is the principal).
pub fn holder() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some("^(household|[0-9]{1,3})$"))
        .examples(["household", "0"])
}

fn date(nullable: bool) -> ObjectBuilder {
    let kind = if nullable {
        SchemaType::Array(vec![Type::String, Type::Null])
    } else {
        SchemaType::Type(Type::String)
    };
    ObjectBuilder::new()
        .schema_type(kind)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
}

fn key_date_object(kinds: &[KeyDate], nullable: bool, description: &str) -> RefOr<Schema> {
    let mut object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(description));
    for kind in kinds {
        object = object.property(
            kind.as_str(),
            date(nullable).description(Some(kind.label())),
        );
    }
    object
        .additional_properties(Some(
            utoipa::openapi::schema::AdditionalProperties::FreeForm(false),
        ))
        .into()
}

/// The key dates of a case, by name (`arrival`, `permit_expiry` …); unknown ones are left out.
#[derive(Debug, Clone, Default, Serialize)]
pub struct KeyDatesOut(pub BTreeMap<&'static str, NaiveDate>);

impl PartialSchema for KeyDatesOut {
    fn schema() -> RefOr<Schema> {
        key_date_object(
            &KeyDate::ALL,
            false,
            "The key dates known so far; unknown ones are left out.",
        )
    }
}

impl ToSchema for KeyDatesOut {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("KeyDates")
    }
}

/// The key dates a new case is opened with (as on the new-case form): `YYYY-MM-DD` each.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OpeningKeyDates(pub BTreeMap<String, String>);

impl PartialSchema for OpeningKeyDates {
    fn schema() -> RefOr<Schema> {
        key_date_object(
            &OPENING_KEY_DATES,
            false,
            "The key dates known when the case is opened.",
        )
    }
}

impl ToSchema for OpeningKeyDates {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("OpeningKeyDates")
    }
}

/// Key dates to change: a date sets one, `null` (or `""`) clears it, a name left out keeps it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct KeyDateChanges(pub BTreeMap<String, Option<String>>);

impl PartialSchema for KeyDateChanges {
    fn schema() -> RefOr<Schema> {
        key_date_object(
            &KeyDate::ALL,
            true,
            "Key dates to change: a date sets it, null clears it, a name left out keeps it.",
        )
    }
}

impl ToSchema for KeyDateChanges {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("KeyDateChanges")
    }
}

/// Where an ambassador stands: `applied`, `active`, `paused`, `declined`.
pub fn ambassador_status() -> ObjectBuilder {
    string_enum(
        crate::db::buddies::AmbassadorStatus::ALL.map(crate::db::buddies::AmbassadorStatus::name),
    )
}

/// A coordinator's decision on an ambassador: `active` (approve or resume), `paused`,
/// `declined`.
pub fn ambassador_decision() -> ObjectBuilder {
    use crate::db::buddies::AmbassadorStatus as S;
    string_enum([S::Active, S::Paused, S::Declined].map(S::name))
}

/// What a newcomer wants help with (`housing`, `school`, …).
pub fn topic() -> ObjectBuilder {
    string_enum(softland_domain::buddy::Topic::ALL.map(softland_domain::buddy::Topic::as_str))
}

/// Several topics.
pub fn topics() -> utoipa::openapi::schema::ArrayBuilder {
    utoipa::openapi::schema::ArrayBuilder::new().items(topic())
}

/// Topics asked for or offered: at least one.
pub fn topics_chosen() -> utoipa::openapi::schema::ArrayBuilder {
    topics().min_items(Some(1))
}

/// How well someone speaks a language.
pub fn level() -> ObjectBuilder {
    string_enum(softland_domain::buddy::Level::ALL.map(softland_domain::buddy::Level::as_str))
}

/// Where a request for a buddy is: `requested` … `ended`.
pub fn request_state() -> ObjectBuilder {
    string_enum(crate::commands::buddies::REQUEST_STATES)
}

/// Why a match ends: `settled`, `moved_away`, `not_a_fit`, `withdrawn`.
pub fn end_reason() -> ObjectBuilder {
    string_enum(crate::db::buddies::END_REASONS.map(crate::db::buddies::end_reason_name))
}

/// [`end_reason`], or `null` while the match is open.
pub fn end_reason_or_null() -> ObjectBuilder {
    let mut values: Vec<serde_json::Value> = crate::db::buddies::END_REASONS
        .map(|r| crate::db::buddies::end_reason_name(r).into())
        .to_vec();
    values.push(serde_json::Value::Null);
    ObjectBuilder::new()
        .schema_type(SchemaType::Array(vec![Type::String, Type::Null]))
        .enum_values(Some(values))
}

/// Why an ambassador cannot be proposed: `inactive`, `unavailable`, `full`,
/// `no_shared_language`, `themselves`.
pub fn excluded() -> ObjectBuilder {
    string_enum(EXCLUDED.map(|(name, _)| name))
}

/// Every reason an ambassador is not suggested, with its name in the API.
pub const EXCLUDED: [(&str, softland_domain::buddy::Excluded); 5] = {
    use softland_domain::buddy::Excluded as E;
    [
        ("inactive", E::Inactive),
        ("unavailable", E::Unavailable),
        ("full", E::Full),
        ("no_shared_language", E::NoSharedLanguage),
        ("themselves", E::Themselves),
    ]
};
