//! The conversation store, and the migration that turned shared notes into messages.

use chrono::{Duration, Utc};
use migration::{Migrator, MigratorTrait};
use softland_domain::note::NoteText;

use super::*;
use crate::auth::Role;
use crate::db::notes::tests::case_of_jana;
use crate::db::notes::{self, NewNote, Visibility};
use crate::db::test_db::fresh_db;
use crate::db::users::{self, NewUser};

/// How many migrations to revert to be just before the one that made conversations.
fn steps_back_before_messages() -> u32 {
    let names: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let at = names
        .iter()
        .position(|n| n == "m20261207_100000_create_messages")
        .unwrap();
    u32::try_from(names.len() - at).unwrap()
}

fn text(t: &str) -> NoteText {
    NoteText::parse(t).unwrap()
}

async fn expat(db: &Db) -> UserId {
    let new = NewUser {
        email: "asha@mail.test",
        display_name: "Asha Rao",
        role: Role::Expat,
        password_hash: None,
    };
    users::create(db, new).await.unwrap()
}

#[tokio::test]
async fn the_migration_turns_shared_notes_into_messages_and_keeps_internal_notes() {
    let (db, _dir) = fresh_db().await;
    let (case, jana) = case_of_jana(&db).await;
    let asha = expat(&db).await;
    // Back to the schema before conversations, where shared notes were written (the accounts
    // and the case were made on today's schema: later migrations changed their tables).
    Migrator::down(db.write_conn(), Some(steps_back_before_messages()))
        .await
        .unwrap();
    let day = Utc::now() - Duration::days(3);
    let written = [
        (jana, Visibility::Shared, "Bring your lease.", day),
        (
            asha,
            Visibility::Shared,
            "I will.",
            day + Duration::hours(2),
        ),
        (
            jana,
            Visibility::Internal,
            "Salary checked.",
            day + Duration::hours(3),
        ),
    ];
    for (author, visibility, body, at) in written {
        let body = text(body);
        let note = NewNote {
            case_id: case,
            author,
            visibility,
            body: &body,
        };
        notes::add_written_at(&db, note, at).await.unwrap();
    }
    Migrator::up(db.write_conn(), None).await.unwrap();

    let thread = thread(&db, case, None, 10).await.unwrap();
    let found: Vec<_> = thread
        .iter()
        .map(|m| (m.author, m.side, m.body.as_str(), m.created_at.timestamp()))
        .collect();
    assert_eq!(
        found,
        [
            (
                Some(jana),
                Side::Staff,
                "Bring your lease.",
                day.timestamp()
            ),
            (
                Some(asha),
                Side::Expat,
                "I will.",
                (day + Duration::hours(2)).timestamp()
            ),
        ]
    );
    let left = notes::list(&db, case, true, 10).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].visibility, Visibility::Internal);
    let now = state(&db, case).await.unwrap().unwrap();
    assert_eq!(now.last_side, Side::Expat);
    assert!(
        !now.staff_unread && !now.expat_unread,
        "old notes are not new"
    );
}

#[tokio::test]
async fn a_message_is_unread_for_the_other_side_until_it_is_read() {
    let (db, _dir) = fresh_db().await;
    let (case, jana) = case_of_jana(&db).await;
    let asha = expat(&db).await;
    let question = text("Any news?");
    let from_asha = NewMessage {
        case_id: case,
        author: asha,
        side: Side::Expat,
        body: &question,
        via: Via::Web,
    };
    post(&db, from_asha, &[]).await.unwrap();
    post(&db, from_asha, &[]).await.unwrap();
    assert_eq!(unread_count(&db, case, Side::Staff).await.unwrap(), 2);
    assert_eq!(unread_count(&db, case, Side::Expat).await.unwrap(), 0);
    assert_eq!(count_unread_cases(&db, Some(jana)).await.unwrap(), 1);
    assert_eq!(count_unread_cases(&db, Some(asha)).await.unwrap(), 0);
    let listed = unread_cases(&db, None, 5).await.unwrap();
    assert_eq!((listed.len(), listed[0].unread), (1, 2));
    assert!(mark_read(&db, case, Side::Staff).await.unwrap());
    assert!(
        !mark_read(&db, case, Side::Staff).await.unwrap(),
        "no write when read"
    );
    assert_eq!(count_unread_cases(&db, None).await.unwrap(), 0);
    let answer = text("Yes.");
    let from_jana = NewMessage {
        case_id: case,
        author: jana,
        side: Side::Staff,
        body: &answer,
        via: Via::Api,
    };
    post(&db, from_jana, &[]).await.unwrap();
    let now = state(&db, case).await.unwrap().unwrap();
    assert!(now.expat_unread && !now.staff_unread);
    assert_eq!(unread_count(&db, case, Side::Expat).await.unwrap(), 1);
}
