//! Reading the programme: ambassadors with their load, matches with the newcomer's details,
//! check-ins and the calls for the centre's help.

use std::collections::{BTreeSet, HashMap};

use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use softland_domain::KeyDate;
use softland_domain::buddy::{Capacity, Language, Level, MatchState, Topic};
use softland_domain::file::FileKind;

use super::{Ambassador, AmbassadorStatus, CheckIn, Match, Photo, Profile, RequestDetails, Stage};
use crate::db::entities::{
    ambassadors, buddy_checkins, buddy_matches, case_key_dates, cases, people, users,
};
use crate::db::rows::read_row;
use crate::db::vocabulary::match_state_from;
use crate::db::{Db, DbError};
use crate::ids::{AmbassadorId, CaseId, CheckInId, MatchId, PersonId, UserId};

fn corrupt(what: &str, text: &str) -> DbError {
    DbError::Other(sea_orm::DbErr::Custom(format!("unknown {what} {text}")))
}

/// `Hindi:native;English:fluent` as languages with levels.
pub(crate) fn decode_spoken(text: &str) -> Vec<(Language, Level)> {
    text.split(';')
        .filter_map(|part| {
            let (name, level) = part.split_once(':')?;
            Some((Language::parse(name).ok()?, Level::parse(level)?))
        })
        .collect()
}

/// Languages with levels as stored.
pub(crate) fn encode_spoken(languages: &[(Language, Level)]) -> String {
    languages
        .iter()
        .map(|(l, level)| format!("{}:{}", l.as_str(), level.as_str()))
        .collect::<Vec<_>>()
        .join(";")
}

/// `Hindi;English` as languages.
pub(crate) fn decode_languages(text: &str) -> Vec<Language> {
    text.split(';')
        .filter_map(|l| Language::parse(l).ok())
        .collect()
}

/// Languages as stored.
pub(crate) fn encode_languages(languages: &[Language]) -> String {
    languages
        .iter()
        .map(Language::as_str)
        .collect::<Vec<_>>()
        .join(";")
}

/// `housing,school` as topics.
pub(crate) fn decode_topics(text: &str) -> BTreeSet<Topic> {
    text.split(',').filter_map(Topic::parse).collect()
}

/// Topics as stored.
pub(crate) fn encode_topics(topics: &BTreeSet<Topic>) -> String {
    topics
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// How many places each ambassador's matches take.
async fn loads(db: &Db) -> Result<HashMap<i64, u8>, DbError> {
    struct Load {
        ambassador_id: i64,
        n: i64,
    }
    read_row!(Load { ambassador_id, n });
    let query = buddy_matches::Entity::find()
        .select_only()
        .column(buddy_matches::Column::AmbassadorId)
        .column_as(buddy_matches::Column::Id.count(), "n")
        .filter(buddy_matches::Column::AmbassadorId.is_not_null())
        .filter(buddy_matches::Column::State.is_in(Stage::stored_all(&Stage::TAKING_A_PLACE)))
        .group_by(buddy_matches::Column::AmbassadorId);
    let rows: Vec<Load> = crate::db::select_as(&query, db.conn()).await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.ambassador_id, u8::try_from(r.n).unwrap_or(u8::MAX)))
        .collect())
}

pub(super) fn to_profile(m: &ambassadors::Model) -> Result<Profile, DbError> {
    let capacity = u8::try_from(m.capacity)
        .ok()
        .and_then(|n| Capacity::new(n).ok())
        .ok_or_else(|| corrupt("capacity", &m.capacity.to_string()))?;
    Ok(Profile {
        nationality: m.nationality.clone(),
        languages: decode_spoken(&m.languages),
        years_here: u8::try_from(m.years_here).unwrap_or(u8::MAX),
        district: m.district.clone(),
        occupation: m.occupation.clone(),
        interests: m.interests.clone(),
        family: m.family.clone(),
        children_at_school: m.children_at_school,
        helps_with: decode_topics(&m.helps_with),
        capacity,
        available_until: m.available_until,
        introduction: m.introduction.clone(),
        phone: m.phone.clone(),
    })
}

fn to_ambassador(
    m: &ambassadors::Model,
    user: &users::Model,
    load: u8,
) -> Result<Ambassador, DbError> {
    Ok(Ambassador {
        id: AmbassadorId(m.id),
        user: UserId(m.user_id),
        name: user.display_name.clone(),
        email: user.email.clone(),
        account_active: user.active,
        status: AmbassadorStatus::from_stored(&m.status)
            .ok_or_else(|| corrupt("ambassador status", &m.status))?,
        profile: to_profile(m)?,
        load,
        applied_at: m.applied_at.with_timezone(&Utc),
        decided_at: m.decided_at.map(|t| t.with_timezone(&Utc)),
        version: m.version,
        photo: to_photo(m)?,
    })
}

/// The photo the row names, if all of it is there.
fn to_photo(m: &ambassadors::Model) -> Result<Option<Photo>, DbError> {
    let (Some(key), Some(media_type), Some(size), Some(at)) = (
        &m.photo_key,
        &m.photo_type,
        m.photo_size,
        m.photo_uploaded_at,
    ) else {
        return Ok(None);
    };
    let kind =
        FileKind::from_media_type(media_type).ok_or_else(|| corrupt("photo type", media_type))?;
    Ok(Some(Photo {
        key: key.clone(),
        kind,
        size: u64::try_from(size).unwrap_or(0),
        uploaded_at: at.with_timezone(&Utc),
    }))
}

async fn users_by_id(db: &Db, ids: Vec<i64>) -> Result<HashMap<i64, users::Model>, DbError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = crate::db::all(
        users::Entity::find().filter(users::Column::Id.is_in(ids)),
        db.conn(),
    )
    .await?;
    Ok(rows.into_iter().map(|u| (u.id, u)).collect())
}

async fn ambassadors_where(
    db: &Db,
    select: sea_orm::Select<ambassadors::Entity>,
) -> Result<Vec<Ambassador>, DbError> {
    let rows = crate::db::all(select, db.conn()).await?;
    let users = users_by_id(db, rows.iter().map(|a| a.user_id).collect()).await?;
    let loads = loads(db).await?;
    rows.iter()
        .filter_map(|a| {
            let user = users.get(&a.user_id)?;
            Some(to_ambassador(
                a,
                user,
                loads.get(&a.id).copied().unwrap_or(0),
            ))
        })
        .collect()
}

/// Every ambassador, by name.
pub async fn ambassadors(db: &Db) -> Result<Vec<Ambassador>, DbError> {
    let mut all = ambassadors_where(
        db,
        ambassadors::Entity::find().order_by_asc(ambassadors::Column::Id),
    )
    .await?;
    all.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    Ok(all)
}

/// One ambassador.
pub async fn ambassador(db: &Db, id: AmbassadorId) -> Result<Ambassador, DbError> {
    ambassadors_where(
        db,
        ambassadors::Entity::find().filter(ambassadors::Column::Id.eq(id.0)),
    )
    .await?
    .into_iter()
    .next()
    .ok_or(DbError::NotFound)
}

/// The ambassador whose account is `user`, if it is one.
pub async fn ambassador_of(db: &Db, user: UserId) -> Result<Option<Ambassador>, DbError> {
    Ok(ambassadors_where(
        db,
        ambassadors::Entity::find().filter(ambassadors::Column::UserId.eq(user.0)),
    )
    .await?
    .into_iter()
    .next())
}

/// Which matches to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchFilter {
    /// Only these stages; empty: all.
    pub states: Vec<Stage>,
    /// Only this ambassador's.
    pub ambassador: Option<AmbassadorId>,
    /// Only this case's.
    pub case: Option<CaseId>,
    /// Only this person's.
    pub person: Option<PersonId>,
    /// Only these cases' (an expat's household).
    pub cases: Option<Vec<CaseId>>,
}

/// Matches found by `filter`, oldest request first.
pub async fn matches(db: &Db, filter: &MatchFilter) -> Result<Vec<Match>, DbError> {
    let mut select = buddy_matches::Entity::find();
    if !filter.states.is_empty() {
        select =
            select.filter(buddy_matches::Column::State.is_in(Stage::stored_all(&filter.states)));
    }
    if let Some(a) = filter.ambassador {
        select = select.filter(buddy_matches::Column::AmbassadorId.eq(a.0));
    }
    if let Some(c) = filter.case {
        select = select.filter(buddy_matches::Column::CaseId.eq(c.0));
    }
    if let Some(p) = filter.person {
        select = select.filter(buddy_matches::Column::PersonId.eq(p.0));
    }
    if let Some(cases) = &filter.cases {
        select = select.filter(buddy_matches::Column::CaseId.is_in(cases.iter().map(|c| c.0)));
    }
    let rows = crate::db::all(
        select
            .order_by_asc(buddy_matches::Column::RequestedAt)
            .order_by_asc(buddy_matches::Column::Id),
        db.conn(),
    )
    .await?;
    complete(db, rows).await
}

/// One match.
pub async fn get_match(db: &Db, id: MatchId) -> Result<Match, DbError> {
    let row = crate::db::first(buddy_matches::Entity::find_by_id(id.0), db.conn())
        .await?
        .ok_or(DbError::NotFound)?;
    complete(db, vec![row])
        .await?
        .into_iter()
        .next()
        .ok_or(DbError::NotFound)
}

/// The rows with their newcomers, cases and ambassadors.
async fn complete(db: &Db, rows: Vec<buddy_matches::Model>) -> Result<Vec<Match>, DbError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let person_ids: Vec<i64> = rows.iter().map(|r| r.person_id).collect();
    let case_ids: Vec<i64> = rows.iter().map(|r| r.case_id).collect();
    let people: HashMap<i64, people::Model> = crate::db::all(
        people::Entity::find().filter(people::Column::Id.is_in(person_ids)),
        db.conn(),
    )
    .await?
    .into_iter()
    .map(|p| (p.id, p))
    .collect();
    let consultants: HashMap<i64, i64> = crate::db::all(
        cases::Entity::find().filter(cases::Column::Id.is_in(case_ids.clone())),
        db.conn(),
    )
    .await?
    .into_iter()
    .map(|c| (c.id, c.consultant_id))
    .collect();
    let arrivals: HashMap<i64, chrono::NaiveDate> = crate::db::all(
        case_key_dates::Entity::find()
            .filter(case_key_dates::Column::CaseId.is_in(case_ids))
            .filter(
                case_key_dates::Column::Kind.eq(crate::db::vocabulary::key_date(KeyDate::Arrival)),
            ),
        db.conn(),
    )
    .await?
    .into_iter()
    .map(|k| (k.case_id, k.date))
    .collect();
    let ambassador_ids: Vec<i64> = rows.iter().filter_map(|r| r.ambassador_id).collect();
    let names: HashMap<i64, String> = if ambassador_ids.is_empty() {
        HashMap::new()
    } else {
        let found = crate::db::all(
            ambassadors::Entity::find().filter(ambassadors::Column::Id.is_in(ambassador_ids)),
            db.conn(),
        )
        .await?;
        let users = users_by_id(db, found.iter().map(|a| a.user_id).collect()).await?;
        found
            .iter()
            .filter_map(|a| Some((a.id, users.get(&a.user_id)?.display_name.clone())))
            .collect()
    };
    rows.into_iter()
        .filter_map(|r| {
            let person = people.get(&r.person_id)?;
            let consultant = *consultants.get(&r.case_id)?;
            Some(to_match(r, person, consultant, &arrivals, &names))
        })
        .collect()
}

fn to_match(
    r: buddy_matches::Model,
    person: &people::Model,
    consultant: i64,
    arrivals: &HashMap<i64, chrono::NaiveDate>,
    names: &HashMap<i64, String>,
) -> Result<Match, DbError> {
    let state: MatchState = match_state_from(&r.state, r.end_reason.as_deref())
        .ok_or_else(|| corrupt("match state", &r.state))?;
    Ok(Match {
        id: MatchId(r.id),
        case: CaseId(r.case_id),
        person: PersonId(r.person_id),
        person_name: person.name.clone(),
        person_email: person.email.clone(),
        person_account: person.user_id.map(UserId),
        consultant: UserId(consultant),
        arrival: arrivals.get(&r.case_id).copied(),
        request: RequestDetails {
            languages: decode_languages(&r.languages),
            district: r.district,
            topics: decode_topics(&r.topics),
            has_children: r.has_children,
            wishes: r.wishes,
            share_email: r.share_email,
            share_phone: r.share_phone,
            phone: r.phone,
        },
        state,
        ambassador: r.ambassador_id.map(AmbassadorId),
        ambassador_name: r.ambassador_id.and_then(|a| names.get(&a).cloned()),
        decline_reason: r.decline_reason,
        requested_at: r.requested_at.with_timezone(&Utc),
        proposed_at: r.proposed_at.map(|t| t.with_timezone(&Utc)),
        accepted_at: r.accepted_at.map(|t| t.with_timezone(&Utc)),
        started_at: r.started_at.map(|t| t.with_timezone(&Utc)),
        ended_at: r.ended_at.map(|t| t.with_timezone(&Utc)),
        end_note: r.end_note,
        rating: r.rating.and_then(|n| u8::try_from(n).ok()),
        feedback: r.feedback,
        consent_withdrawn: r.consent_withdrawn_at.is_some(),
        version: r.version,
    })
}

fn to_checkin(c: buddy_checkins::Model) -> CheckIn {
    CheckIn {
        id: CheckInId(c.id),
        match_id: MatchId(c.match_id),
        met_on: c.met_on,
        body: c.body,
        needs_help: c.needs_help,
        created_at: c.created_at.with_timezone(&Utc),
        handled_at: c.handled_at.map(|t| t.with_timezone(&Utc)),
    }
}

/// A match's check-ins, newest first.
pub async fn checkins(db: &Db, match_id: MatchId) -> Result<Vec<CheckIn>, DbError> {
    let rows = crate::db::all(
        buddy_checkins::Entity::find()
            .filter(buddy_checkins::Column::MatchId.eq(match_id.0))
            .order_by_desc(buddy_checkins::Column::MetOn)
            .order_by_desc(buddy_checkins::Column::Id),
        db.conn(),
    )
    .await?;
    Ok(rows.into_iter().map(to_checkin).collect())
}

/// A check-in that asks for the centre's help and is not handled yet, with its newcomer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpCall {
    /// The check-in.
    pub checkin: CheckIn,
    /// The newcomer's case.
    pub case: CaseId,
    /// The newcomer's full name.
    pub person_name: String,
    /// The ambassador's name.
    pub ambassador_name: String,
}

/// Unhandled calls for help, newest first: on the cases of `consultant`, or every case.
pub async fn help_calls(db: &Db, consultant: Option<UserId>) -> Result<Vec<HelpCall>, DbError> {
    let open = crate::db::all(
        buddy_checkins::Entity::find()
            .filter(buddy_checkins::Column::NeedsHelp.eq(true))
            .filter(buddy_checkins::Column::HandledAt.is_null())
            .order_by_desc(buddy_checkins::Column::CreatedAt),
        db.conn(),
    )
    .await?;
    if open.is_empty() {
        return Ok(Vec::new());
    }
    let match_rows = crate::db::all(
        buddy_matches::Entity::find()
            .filter(buddy_matches::Column::Id.is_in(open.iter().map(|c| c.match_id))),
        db.conn(),
    )
    .await?;
    let matches: HashMap<i64, Match> = complete(db, match_rows)
        .await?
        .into_iter()
        .map(|m| (m.id.0, m))
        .collect();
    Ok(open
        .into_iter()
        .filter_map(|c| {
            let m = matches.get(&c.match_id)?;
            if consultant.is_some_and(|who| who != m.consultant) {
                return None;
            }
            Some(HelpCall {
                case: m.case,
                person_name: m.person_name.clone(),
                ambassador_name: m.ambassador_name.clone().unwrap_or_default(),
                checkin: to_checkin(c),
            })
        })
        .collect())
}

/// The day of the latest check-in of each of `matches` that has one.
pub async fn last_checkins(
    db: &Db,
    matches: &[MatchId],
) -> Result<HashMap<MatchId, chrono::NaiveDate>, DbError> {
    struct Last {
        match_id: i64,
        met_on: chrono::NaiveDate,
    }
    read_row!(Last { match_id, met_on });
    if matches.is_empty() {
        return Ok(HashMap::new());
    }
    let query = buddy_checkins::Entity::find()
        .select_only()
        .column(buddy_checkins::Column::MatchId)
        .column_as(buddy_checkins::Column::MetOn.max(), "met_on")
        .filter(buddy_checkins::Column::MatchId.is_in(matches.iter().map(|m| m.0)))
        .group_by(buddy_checkins::Column::MatchId);
    let rows: Vec<Last> = crate::db::select_as(&query, db.conn()).await?;
    Ok(rows
        .into_iter()
        .map(|r| (MatchId(r.match_id), r.met_on))
        .collect())
}
