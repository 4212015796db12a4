//! Storing cases.

use sea_orm::ConnectionTrait;

use super::*;
use crate::db::notes::tests::case_of_jana;
use crate::db::test_db::fresh_db;
use crate::db::users;

#[tokio::test]
async fn a_case_is_not_given_to_an_account_that_left_the_staff_meanwhile() {
    let (db, _dir) = fresh_db().await;
    let (_, jana) = case_of_jana(&db).await;
    // The staff list is kept; another instance then deactivates Jana behind it.
    assert!(
        users::list_staff(&db)
            .await
            .unwrap()
            .iter()
            .any(|s| s.id == jana)
    );
    db.write_conn()
        .execute_unprepared(&format!(
            "UPDATE users SET active = false WHERE id = {}",
            jana.0
        ))
        .await
        .unwrap();
    assert!(
        users::list_staff(&db)
            .await
            .unwrap()
            .iter()
            .any(|s| s.id == jana)
    );
    let stored = load(&db, CaseId(1)).await.unwrap();
    let refused = create(&db, &stored.case, jana, jana, None).await;
    assert!(
        matches!(
            refused,
            Err(DbError::Constraint(crate::db::Constraint::NotActiveStaff))
        ),
        "{refused:?}"
    );
    assert_eq!(count(&db).await.unwrap(), 1);
}
