//! The migration that turned shared notes into messages, on SQLite and PostgreSQL alike.

use migration::{Migrator, MigratorTrait};
use softland_domain::note::NoteText;
use softland_web::auth::Role;
use softland_web::db::messages::{self, Side};
use softland_web::db::{Db, cases, notes, templates};

use crate::support::{TestDb, date, employee_card_case, make_user};

#[tokio::test]
async fn shared_notes_become_messages_with_their_author_time_and_text() {
    let test_db = TestDb::new().await;
    let db = Db::connect(&test_db.url, 4).await.unwrap();
    db.migrate().await.unwrap();
    templates::ensure_shipped(&db).await.unwrap();
    let jana = make_user(&db, "jana@centre.test", Role::Consultant).await;
    let priya = make_user(&db, "priya@mail.test", Role::Expat).await;
    let catalog = templates::catalog(&db).await.unwrap();
    let case = employee_card_case(&catalog, date(2026, 12, 23));
    let id = cases::create(&db, &case, jana, jana, None).await.unwrap();

    // Back to before conversations, when the portal wrote shared notes.
    let raw = sea_orm::Database::connect(&test_db.url).await.unwrap();
    let names: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let at = names
        .iter()
        .position(|n| n == "m20261207_100000_create_messages")
        .unwrap();
    let steps = u32::try_from(names.len() - at).unwrap();
    Migrator::down(&raw, Some(steps)).await.unwrap();
    let written = [
        (jana, notes::Visibility::Shared, "Bring the lease."),
        (priya, notes::Visibility::Shared, "Will do."),
        (jana, notes::Visibility::Internal, "Lease checked."),
    ];
    let mut times = Vec::new();
    for (author, visibility, text) in written {
        let body = NoteText::parse(text).unwrap();
        let note = notes::add(&db, id, author, visibility, &body)
            .await
            .unwrap();
        times.push(notes::get(&db, id, note, true).await.unwrap().created_at);
    }
    Migrator::up(&raw, None).await.unwrap();
    raw.close().await.unwrap();

    let thread = messages::thread(&db, id, None, 10).await.unwrap();
    let found: Vec<_> = thread
        .iter()
        .map(|m| (m.author, m.side, m.body.as_str(), m.created_at))
        .collect();
    assert_eq!(
        found,
        [
            (Some(jana), Side::Staff, "Bring the lease.", times[0]),
            (Some(priya), Side::Expat, "Will do.", times[1]),
        ]
    );
    let left = notes::list(&db, id, true, 10).await.unwrap();
    assert_eq!(left.len(), 1, "only the internal note stays a note");
    assert_eq!(left[0].body, "Lease checked.");
    let state = messages::state(&db, id).await.unwrap().unwrap();
    assert!(!state.staff_unread && !state.expat_unread);
    assert_eq!(messages::count_unread_cases(&db, None).await.unwrap(), 0);
}
