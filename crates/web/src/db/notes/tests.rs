//! Adding and listing notes.

use chrono::NaiveDate;
use softland_domain::person::{Nationality, Person, PersonName, Relation};
use softland_domain::{Calendar, Case, KeyDates, NewCase, RouteKey};

use super::*;
use crate::auth::Role;
use crate::db::test_db::fresh_db;
use crate::db::users::{self, NewUser};
use crate::db::{cases, templates};

/// A consultant, Jana, and a case of hers (also for `db::cases::tests`).
pub(crate) async fn case_of_jana(db: &Db) -> (CaseId, UserId) {
    let new = NewUser {
        email: "jana@centre.test",
        display_name: "Jana Nováková",
        role: Role::Consultant,
        password_hash: None,
    };
    let jana = users::create(db, new).await.unwrap();
    let principal = Person {
        name: PersonName::parse("Asha Rao").unwrap(),
        relation: Relation::Principal,
        date_of_birth: NaiveDate::from_ymd_opt(1990, 5, 1).unwrap(),
        nationality: Nationality::parse("Indian").unwrap(),
        email: None,
        passport: None,
    };
    let new = NewCase {
        principal,
        dependants: Vec::new(),
        routes: vec![RouteKey::parse("eu-blue-card").unwrap()],
        key_dates: KeyDates::new(),
        opened_on: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
    };
    let catalog = templates::catalog(db).await.unwrap();
    let case = Case::open(new, &catalog, &Calendar::czech()).unwrap();
    (
        cases::create(db, &case, jana, jana, None).await.unwrap(),
        jana,
    )
}

fn note(text: &str) -> softland_domain::note::NoteText {
    softland_domain::note::NoteText::parse(text).unwrap()
}

#[tokio::test]
async fn notes_are_listed_newest_first_with_their_authors_name() {
    let (db, _dir) = fresh_db().await;
    let (case, jana) = case_of_jana(&db).await;
    let first = add(
        &db,
        case,
        jana,
        Visibility::Shared,
        &note("Bring two photos."),
    )
    .await
    .unwrap();
    let second = add(
        &db,
        case,
        jana,
        Visibility::Internal,
        &note("  Called HR.  "),
    )
    .await
    .unwrap();
    let listed = list(&db, case, true, 10).await.unwrap();
    let ids: Vec<NoteId> = listed.iter().map(|n| n.id).collect();
    assert_eq!(ids, [second, first]);
    assert_eq!(listed[0].body, "Called HR.");
    assert_eq!(listed[0].author, Some(jana));
    assert_eq!(listed[0].author_name.as_deref(), Some("Jana Nováková"));
    assert_eq!(list(&db, case, true, 1).await.unwrap().len(), 1);
}

#[tokio::test]
async fn internal_notes_are_hidden_unless_asked_for() {
    let (db, _dir) = fresh_db().await;
    let (case, jana) = case_of_jana(&db).await;
    add(&db, case, jana, Visibility::Internal, &note("Staff only."))
        .await
        .unwrap();
    let shared = add(
        &db,
        case,
        jana,
        Visibility::Shared,
        &note("For the client."),
    )
    .await
    .unwrap();
    let visible = list(&db, case, false, 10).await.unwrap();
    assert_eq!(visible.iter().map(|n| n.id).collect::<Vec<_>>(), [shared]);
    assert_eq!(list(&db, case, true, 10).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_note_on_a_missing_case_is_not_found() {
    let (db, _dir) = fresh_db().await;
    let (_, jana) = case_of_jana(&db).await;
    let missing = add(&db, CaseId(999), jana, Visibility::Shared, &note("Hello")).await;
    assert!(matches!(missing, Err(DbError::NotFound)));
}

#[test]
fn visibility_round_trips_through_its_name() {
    for v in Visibility::ALL {
        assert_eq!(Visibility::parse(v.as_str()), Some(v));
    }
    assert_eq!(Visibility::parse("public"), None);
}
