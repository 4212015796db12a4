//! The erasure ledger: every erasure is a line of ids outside the database, and a database
//! restored from a backup made before an erasure is erased again on start.

use crate::erasure::{EMAIL, NAME, erase, household_with};
use crate::support::{PASSWORD, assert_redirects_to, spawn_app_with};
use softland_web::db::cases;

async fn names(db: &softland_web::db::Db, case: softland_web::ids::CaseId) -> Vec<String> {
    let stored = cases::load(db, case).await.unwrap();
    stored
        .case
        .people()
        .iter()
        .map(|p| p.name.as_str().to_owned())
        .collect()
}

#[tokio::test]
async fn the_ledger_holds_ids_only() {
    let folder = tempfile::tempdir().unwrap();
    let ledger = folder.path().join("ledger.jsonl");
    let path = ledger.clone();
    let h = household_with(move |c| c.erasure_ledger = path).await;
    erase(&h.app, h.case, None).await;
    let text = std::fs::read_to_string(&ledger).unwrap();
    assert_eq!(text.lines().count(), 1);
    assert!(text.contains(&format!("\"case\":{}", h.case)));
    assert!(text.contains("\"scope\":\"household\""));
    assert!(!text.contains(NAME) && !text.contains(EMAIL));
}

#[tokio::test]
async fn a_restored_backup_from_before_an_erasure_is_erased_again_on_start() {
    let folder = tempfile::tempdir().unwrap();
    let ledger = folder.path().join("ledger.jsonl");
    let path = ledger.clone();
    let h = household_with(move |c| c.erasure_ledger = path).await;
    let case = h.case;
    let url = h.app.state.config.database_url.clone();
    // PostgreSQL: the original database (kept while the test runs again on it) and the copy.
    let (copy_url, postgres) = if softland_web::db::is_sqlite(&url) {
        // The backup (VACUUM INTO), then the erasure on the live database.
        let copy = folder.path().join("backup.db");
        softland_web::db::backup::backup(&h.app.db, &copy)
            .await
            .unwrap();
        erase(&h.app, case, None).await;
        h.app.stop().await;
        (format!("sqlite://{}?mode=rwc", copy.display()), None)
    } else {
        // PostgreSQL: a server-side copy while nothing is connected, then the erasure on a
        // server started again on the original.
        let original = h.app.stop().await;
        let admin = std::env::var("TEST_DATABASE_URL").unwrap();
        let name = url.rsplit('/').next().unwrap().to_owned();
        let copy = format!("{name}_copy");
        {
            use sea_orm::ConnectionTrait as _;
            let server = sea_orm::Database::connect(&admin).await.unwrap();
            server
                .execute_unprepared(&format!("CREATE DATABASE {copy} TEMPLATE {name}"))
                .await
                .unwrap();
            server.close().await.unwrap();
        }
        let (again_url, again_ledger) = (url.clone(), ledger.clone());
        let again = spawn_app_with(move |c| {
            c.database_url = again_url;
            c.erasure_ledger = again_ledger;
        })
        .await;
        assert_redirects_to(&again.sign_in("ada@centre.test", PASSWORD).await, "/");
        erase(&again, case, None).await;
        again.stop().await;
        let copy_url = format!("{}/{copy}", url.rsplit_once('/').unwrap().0);
        (copy_url, Some((original, admin, copy)))
    };
    let restored_ledger = ledger.clone();
    let restored = spawn_app_with(move |c| {
        c.database_url = copy_url;
        c.erasure_ledger = restored_ledger;
    })
    .await;
    assert_eq!(
        names(&restored.db, case).await,
        ["Erased person", "Erased person"]
    );
    // Starting again applies nothing twice.
    let erasures = softland_web::db::erasure::of_case(&restored.db, case)
        .await
        .unwrap();
    assert_eq!(erasures.len(), 1);
    restored.stop().await;
    if let Some((_original, admin, copy)) = postgres {
        softland_web::db::Db::drop_postgres_database(&admin, &copy)
            .await
            .unwrap();
    }
}

/// The API: the plan, the erasure, the no-op, and admins only.
#[tokio::test]
async fn the_api_plans_and_erases_with_an_admin_token() {
    use softland_web::db::api_tokens::{self, TokenName};
    let h = household_with(|_| {}).await;
    let admin = softland_web::db::users::find_by_email(&h.app.db, "ada@centre.test")
        .await
        .unwrap()
        .unwrap();
    let token = api_tokens::create(&h.app.db, admin.id, &TokenName::parse("t").unwrap(), None)
        .await
        .unwrap();
    let jana = api_tokens::create(
        &h.app.db,
        h.consultant,
        &TokenName::parse("t").unwrap(),
        None,
    )
    .await
    .unwrap();
    let url = h.app.url(&format!("/api/v1/cases/{}/erasure", h.case));
    let post = |secret: &str, query: &str, body: serde_json::Value| {
        h.app
            .client
            .post(format!("{url}{query}"))
            .bearer_auth(secret.to_owned())
            .json(&body)
            .send()
    };
    let plan = post(&token.secret, "?dry_run=true", serde_json::json!({}))
        .await
        .unwrap();
    assert_eq!(plan.status(), 200);
    let plan: serde_json::Value = plan.json().await.unwrap();
    assert!(
        plan["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["table"] == "people")
    );
    let refused = post(
        &jana.secret,
        "",
        serde_json::json!({"reason": "request", "confirm": h.case.to_string()}),
    )
    .await
    .unwrap();
    assert_eq!(refused.status(), 403);
    let wrong = post(
        &token.secret,
        "",
        serde_json::json!({"reason": "request", "confirm": "1x"}),
    )
    .await
    .unwrap();
    assert_eq!(wrong.status(), 422);
    let done = post(
        &token.secret,
        "",
        serde_json::json!({"reason": "request", "confirm": h.case.to_string()}),
    )
    .await
    .unwrap();
    assert_eq!(done.status(), 200);
    let done: serde_json::Value = done.json().await.unwrap();
    assert!(done["erasure_id"].is_string());
    let again = post(
        &token.secret,
        "",
        serde_json::json!({"reason": "request", "confirm": h.case.to_string()}),
    )
    .await
    .unwrap();
    let again: serde_json::Value = again.json().await.unwrap();
    assert!(again["already_erased_at"].is_string() && again["erasure_id"].is_null());
    assert_eq!(
        names(&h.app.db, h.case).await,
        ["Erased person", "Erased person"]
    );
}

/// The files of an erased household are gone from the store, not only their rows.
#[tokio::test]
async fn erasing_a_household_deletes_its_stored_files() {
    use softland_web::auth::Role;
    use softland_web::db::api_tokens::{self, TokenName};
    let (api, id) = crate::files::setup(|_| {}).await;
    api.upload_ok(id, &[("passport.pdf", crate::files::pdf(1))])
        .await;
    assert_eq!(api.objects().await, 1);
    let admin = crate::support::make_user(&api.app.db, "ada@centre.test", Role::Admin).await;
    let token = api_tokens::create(&api.app.db, admin, &TokenName::parse("t").unwrap(), None)
        .await
        .unwrap();
    let res = api
        .app
        .client
        .post(api.app.url(&format!("/api/v1/cases/{id}/erasure")))
        .bearer_auth(&token.secret)
        .json(&serde_json::json!({"reason": "request", "confirm": id.to_string()}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(api.objects().await, 0, "the stored object is deleted");
}
