//! The programme's store: the lifecycle with its history lines, places counted inside the
//! transaction (also when proposals race), one open request per person.

use std::collections::BTreeSet;

use softland_domain::buddy::{
    Capacity, EndReason, Excluded, Language, Level, MatchEvent, MatchState, Topic,
};

use super::*;
use crate::db::notes::tests::case_of_jana;
use crate::db::test_db::{fresh_db, today};
use crate::db::{Constraint, Db, DbError, cases};

fn profile(capacity: u8) -> Profile {
    Profile {
        nationality: "Indian".into(),
        languages: vec![
            (Language::parse("Hindi").unwrap(), Level::Native),
            (Language::parse("English").unwrap(), Level::Fluent),
        ],
        years_here: 4,
        district: Some("Poruba".into()),
        occupation: None,
        interests: None,
        family: None,
        children_at_school: true,
        helps_with: BTreeSet::from([Topic::Housing, Topic::School]),
        capacity: Capacity::new(capacity).unwrap(),
        available_until: None,
        introduction: "Engineer at a Poruba firm, here since 2022.".into(),
        phone: Some("+420 601 234 567".into()),
    }
}

fn details() -> RequestDetails {
    RequestDetails {
        languages: vec![Language::parse("Hindi").unwrap()],
        district: Some("Poruba".into()),
        topics: BTreeSet::from([Topic::Housing]),
        has_children: false,
        wishes: None,
        share_email: true,
        share_phone: false,
        phone: None,
    }
}

async fn ambassador(db: &Db, email: &str, capacity: u8) -> AmbassadorId {
    let p = profile(capacity);
    let new = NewAmbassador {
        name: "Priya Sharma",
        email,
        status: AmbassadorStatus::Active,
        profile: &p,
        actor: None,
        link: None,
        notify: Vec::new(),
    };
    create_ambassador(db, new).await.unwrap().1
}

async fn request_for(db: &Db, case: CaseId, actor: UserId) -> MatchId {
    let stored = cases::load(db, case).await.unwrap();
    let d = details();
    let new = NewRequest {
        case,
        person: stored.person_ids[0],
        actor,
        details: &d,
        notify: Vec::new(),
    };
    request(db, new).await.unwrap()
}

fn step_of(
    id: MatchId,
    event: MatchEvent,
    actor: UserId,
    a: Option<AmbassadorId>,
) -> Step<'static> {
    Step {
        id,
        version: None,
        event,
        actor,
        ambassador: a,
        note: None,
        today: today(),
        only_ambassador: None,
        notify: Vec::new(),
    }
}

#[tokio::test]
async fn a_request_goes_through_its_whole_life_with_history_lines() {
    let (db, _dir) = fresh_db().await;
    let (case, jana) = case_of_jana(&db).await;
    let priya = ambassador(&db, "priya@buddy.test", 2).await;
    let id = request_for(&db, case, jana).await;
    assert_eq!(
        get_match(&db, id).await.unwrap().state,
        MatchState::Requested
    );
    step(&db, step_of(id, MatchEvent::Propose, jana, Some(priya)))
        .await
        .unwrap();
    assert_eq!(super::ambassador(&db, priya).await.unwrap().load, 1);
    let mut accept = step_of(id, MatchEvent::Accept, jana, None);
    accept.only_ambassador = Some(priya);
    step(&db, accept).await.unwrap();
    let new = NewCheckIn {
        id,
        ambassador: priya,
        author: jana,
        met_on: today(),
        body: "Coffee and a flat viewing.",
        needs_help: true,
        notify: Vec::new(),
    };
    check_in(&db, new).await.unwrap();
    let found = get_match(&db, id).await.unwrap();
    assert_eq!(found.state, MatchState::Active);
    assert_eq!(help_calls(&db, Some(jana)).await.unwrap().len(), 1);
    step(
        &db,
        step_of(id, MatchEvent::End(EndReason::Settled), jana, None),
    )
    .await
    .unwrap();
    feedback(&db, id, 5, Some("Priya was great."), jana)
        .await
        .unwrap();
    let ended = get_match(&db, id).await.unwrap();
    assert_eq!(ended.state, MatchState::Ended(EndReason::Settled));
    assert_eq!(ended.rating, Some(5));
    assert_eq!(super::ambassador(&db, priya).await.unwrap().load, 0);
    let lines = crate::db::history::older_of_case(&db, case, None, 50)
        .await
        .unwrap();
    let text = format!("{lines:?}");
    for words in [
        "Proposed to Priya Sharma",
        "Accepted",
        "Needs the centre's help",
        "Ended: settled in",
        "Feedback: 5 of 5",
    ] {
        assert!(text.contains(words), "{words} missing from {text}");
    }
    // Check-in texts stay with the match, not in the case's history.
    assert!(!text.contains("Coffee"));
}

#[tokio::test]
async fn a_person_has_one_open_request_and_a_full_ambassador_is_refused() {
    let (db, _dir) = fresh_db().await;
    let (case, jana) = case_of_jana(&db).await;
    let priya = ambassador(&db, "priya@buddy.test", 1).await;
    let id = request_for(&db, case, jana).await;
    let stored = cases::load(&db, case).await.unwrap();
    let d = details();
    let again = NewRequest {
        case,
        person: stored.person_ids[0],
        actor: jana,
        details: &d,
        notify: Vec::new(),
    };
    assert!(matches!(
        request(&db, again).await,
        Err(DbError::Constraint(Constraint::OpenRequest))
    ));
    step(&db, step_of(id, MatchEvent::Propose, jana, Some(priya)))
        .await
        .unwrap();
    // A second newcomer cannot take Priya's only place.
    let (other_case, _) = second_case(&db, jana).await;
    let other = request_for(&db, other_case, jana).await;
    assert!(matches!(
        step(&db, step_of(other, MatchEvent::Propose, jana, Some(priya))).await,
        Err(DbError::Constraint(Constraint::NotMatchable(
            Excluded::Full
        )))
    ));
    assert_eq!(
        get_match(&db, other).await.unwrap().state,
        MatchState::Requested
    );
    // Declining frees the place.
    let mut decline = step_of(id, MatchEvent::Decline, jana, None);
    decline.note = Some("Away in December");
    step(&db, decline).await.unwrap();
    let back = get_match(&db, id).await.unwrap();
    assert_eq!(back.state, MatchState::Requested);
    assert_eq!(back.decline_reason.as_deref(), Some("Away in December"));
    assert_eq!(back.ambassador, None);
    step(&db, step_of(other, MatchEvent::Propose, jana, Some(priya)))
        .await
        .unwrap();
}

#[tokio::test]
async fn an_ambassador_sees_only_their_own_matches_and_steps_are_checked() {
    let (db, _dir) = fresh_db().await;
    let (case, jana) = case_of_jana(&db).await;
    let priya = ambassador(&db, "priya@buddy.test", 3).await;
    let omar = ambassador(&db, "omar@buddy.test", 3).await;
    let id = request_for(&db, case, jana).await;
    step(&db, step_of(id, MatchEvent::Propose, jana, Some(priya)))
        .await
        .unwrap();
    let mut not_his = step_of(id, MatchEvent::Accept, jana, None);
    not_his.only_ambassador = Some(omar);
    assert!(matches!(step(&db, not_his).await, Err(DbError::NotFound)));
    let new = NewCheckIn {
        id,
        ambassador: priya,
        author: jana,
        met_on: today(),
        body: "Not yet accepted",
        needs_help: false,
        notify: Vec::new(),
    };
    assert!(matches!(
        check_in(&db, new).await,
        Err(DbError::Constraint(Constraint::MatchStep(_)))
    ));
    assert!(matches!(
        step(&db, step_of(id, MatchEvent::Start, jana, None)).await,
        Err(DbError::Constraint(Constraint::MatchStep(_)))
    ));
    let stale = Step {
        version: Some(1),
        ..step_of(id, MatchEvent::End(EndReason::Withdrawn), jana, None)
    };
    assert!(matches!(step(&db, stale).await, Err(DbError::Conflict(_))));
}

#[tokio::test]
async fn racing_proposals_never_fill_a_place_twice() {
    let (db, _dir) = fresh_db().await;
    let (case, jana) = case_of_jana(&db).await;
    let priya = ambassador(&db, "priya@buddy.test", 1).await;
    let first = request_for(&db, case, jana).await;
    let (other_case, _) = second_case(&db, jana).await;
    let second = request_for(&db, other_case, jana).await;
    let (a, b) = tokio::join!(
        step(&db, step_of(first, MatchEvent::Propose, jana, Some(priya))),
        step(&db, step_of(second, MatchEvent::Propose, jana, Some(priya)))
    );
    assert_eq!(
        usize::from(a.is_ok()) + usize::from(b.is_ok()),
        1,
        "{a:?} {b:?}"
    );
    assert_eq!(super::ambassador(&db, priya).await.unwrap().load, 1);
}

/// Another case of Jana's (a second newcomer).
async fn second_case(db: &Db, jana: UserId) -> (CaseId, UserId) {
    use softland_domain::person::{Nationality, Person, PersonName, Relation};
    use softland_domain::{Calendar, Case, KeyDates, NewCase, RouteKey};
    let principal = Person {
        name: PersonName::parse("Omar Haddad").unwrap(),
        relation: Relation::Principal,
        date_of_birth: chrono::NaiveDate::from_ymd_opt(1988, 3, 1).unwrap(),
        nationality: Nationality::parse("Jordanian").unwrap(),
        email: None,
        passport: None,
    };
    let new = NewCase {
        principal,
        dependants: Vec::new(),
        routes: vec![RouteKey::parse("eu-blue-card").unwrap()],
        key_dates: KeyDates::new(),
        opened_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
    };
    let catalog = crate::db::templates::catalog(db).await.unwrap();
    let case = Case::open(new, &catalog, &Calendar::czech()).unwrap();
    (
        cases::create(db, &case, jana, jana, None).await.unwrap(),
        jana,
    )
}

#[tokio::test]
async fn a_photo_is_named_replaced_and_removed_with_history_lines_and_no_new_version() {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    use softland_domain::file::FileKind;

    use crate::audit::AuditAction;
    use crate::db::entities::audit_events;

    let (db, _dir) = fresh_db().await;
    let (_, jana) = case_of_jana(&db).await;
    let priya = ambassador(&db, "priya@buddy.test", 2).await;
    let version = super::ambassador(&db, priya).await.unwrap().version;
    let first = NewPhoto {
        key: "a".repeat(32),
        kind: FileKind::Png,
        size: 68,
    };
    assert_eq!(
        set_photo(&db, priya, Some(&first), jana).await.unwrap(),
        None
    );
    let stored = super::ambassador(&db, priya).await.unwrap();
    assert_eq!(stored.version, version, "a photo is no part of the profile");
    let photo = stored.photo.unwrap();
    assert_eq!(
        (photo.key.as_str(), photo.kind, photo.size),
        (first.key.as_str(), FileKind::Png, 68)
    );
    let second = NewPhoto {
        key: "b".repeat(32),
        kind: FileKind::Jpeg,
        size: 1000,
    };
    let replaced = set_photo(&db, priya, Some(&second), jana).await.unwrap();
    assert_eq!(replaced, Some(first.key.clone()), "the caller deletes it");
    let keys = [first.key.clone(), second.key.clone(), "c".repeat(32)];
    assert_eq!(
        photo_keys(&db, &keys).await.unwrap(),
        vec![second.key.clone()]
    );
    let removed = set_photo(&db, priya, None, jana).await.unwrap();
    assert_eq!(removed, Some(second.key.clone()));
    assert_eq!(super::ambassador(&db, priya).await.unwrap().photo, None);
    assert_eq!(set_photo(&db, priya, None, jana).await.unwrap(), None);
    assert!(matches!(
        set_photo(&db, AmbassadorId(999), Some(&first), jana).await,
        Err(DbError::NotFound)
    ));
    let lines = crate::db::all(
        audit_events::Entity::find()
            .filter(audit_events::Column::Action.eq(AuditAction::AmbassadorChanged.stored()))
            .order_by_asc(audit_events::Column::Id),
        db.conn(),
    )
    .await
    .unwrap();
    let said: Vec<(Option<&str>, &str, Option<i64>)> = lines
        .iter()
        .map(|e| (e.after.as_deref(), e.subject.as_str(), e.actor_id))
        .collect();
    assert_eq!(
        said[1..],
        [
            (Some("Photo changed"), "Priya Sharma", Some(jana.0)),
            (Some("Photo changed"), "Priya Sharma", Some(jana.0)),
            (Some("Photo removed"), "Priya Sharma", Some(jana.0)),
        ],
        "after the application; nothing when there was nothing to remove"
    );
}
