//! The access log (issue 23): every view of a case, a file, a person's documents or an export
//! is recorded with the viewer the session or token proved, the kind, the ids, the address and
//! the request id, never a field value; the table refuses UPDATE and DELETE; admins alone read
//! it, filtered, per case and per user, as a page, a CSV and through the API.

use reqwest::Method;
use softland_web::access::AccessKind;
use softland_web::auth::Role;
use softland_web::db::access_log::{AccessFilter, AccessLine, list};
use softland_web::ids::{CaseId, UserId};

use crate::messages::{household, page, signed_in};
use crate::support::{TestApp, make_user, spawn_app};

/// The lines matching `filter`, newest first, after the queue is written.
async fn lines(app: &TestApp, filter: AccessFilter) -> Vec<AccessLine> {
    app.state.access.flush().await;
    list(&app.db, &filter, 1, 500).await.unwrap().lines
}

async fn of_case(app: &TestApp, case: CaseId) -> Vec<AccessLine> {
    let filter = AccessFilter {
        case: Some(case),
        ..AccessFilter::default()
    };
    lines(app, filter).await
}

struct Centre {
    app: TestApp,
    jana: UserId,
    case: CaseId,
    priya: UserId,
}

async fn centre() -> Centre {
    let app = spawn_app().await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    make_user(&app.db, "eva@centre.test", Role::Admin).await;
    let (case, priya) = household(&app, jana, "priya@mail.test", "Priya Sharma").await;
    Centre {
        app,
        jana,
        case,
        priya,
    }
}

#[tokio::test]
async fn a_case_page_view_is_logged_with_the_viewer_the_kind_the_address_and_the_request_id() {
    let c = centre().await;
    let jana = signed_in(&c.app, "jana@centre.test").await;
    let res = jana
        .get(c.app.url(&format!("/cases/{}", c.case)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let request_id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    let found = of_case(&c.app, c.case).await;
    assert_eq!(found.len(), 1, "{found:?}");
    let e = &found[0].entry;
    assert_eq!(e.kind, AccessKind::CasePage);
    assert_eq!(e.viewer.user, c.jana);
    assert_eq!(e.viewer.role, Role::Consultant);
    assert_eq!(e.viewer.token, None);
    assert_eq!(
        e.address.map(|a| a.to_string()).as_deref(),
        Some("127.0.0.1")
    );
    assert_eq!(e.request_id, request_id);
    assert_eq!(found[0].viewer_name.as_deref(), Some("jana"));
}

#[tokio::test]
async fn the_portal_view_of_the_own_case_is_logged_for_the_expat() {
    let c = centre().await;
    let priya = signed_in(&c.app, "priya@mail.test").await;
    assert_eq!(page(&c.app, &priya, "/my").await.0, 200);
    let found = of_case(&c.app, c.case).await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].entry.kind, AccessKind::PortalCase);
    assert_eq!(found[0].entry.viewer.user, c.priya);
    assert_eq!(found[0].entry.viewer.role, Role::Expat);
}

#[tokio::test]
async fn opening_the_conversation_is_logged_for_staff_and_the_household() {
    let c = centre().await;
    let jana = signed_in(&c.app, "jana@centre.test").await;
    let path = format!("/cases/{}/messages", c.case);
    assert_eq!(page(&c.app, &jana, &path).await.0, 200);
    let priya = signed_in(&c.app, "priya@mail.test").await;
    assert_eq!(page(&c.app, &priya, &format!("/my{path}")).await.0, 200);
    let found = of_case(&c.app, c.case).await;
    let seen: Vec<(AccessKind, UserId)> = found
        .iter()
        .rev()
        .map(|l| (l.entry.kind, l.entry.viewer.user))
        .collect();
    assert_eq!(
        seen,
        [
            (AccessKind::Messages, c.jana),
            (AccessKind::Messages, c.priya)
        ]
    );
}

#[tokio::test]
async fn a_refused_view_is_not_logged() {
    let c = centre().await;
    make_user(&c.app.db, "other@mail.test", Role::Expat).await;
    let other = signed_in(&c.app, "other@mail.test").await;
    let path = format!("/my/cases/{}/files", c.case);
    assert_eq!(page(&c.app, &other, &path).await.0, 404);
    assert!(of_case(&c.app, c.case).await.is_empty());
}

#[tokio::test]
async fn a_forged_user_parameter_or_header_changes_nothing() {
    let c = centre().await;
    let eva = make_user(&c.app.db, "eve@centre.test", Role::Consultant).await;
    let jana = signed_in(&c.app, "jana@centre.test").await;
    let res = jana
        .get(
            c.app
                .url(&format!("/cases/{}?user={eva}&user_id={eva}", c.case)),
        )
        .header("x-user-id", eva.to_string())
        .header("x-request-id", "forged-request")
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let found = of_case(&c.app, c.case).await;
    assert_eq!(found.len(), 1);
    let e = &found[0].entry;
    assert_eq!(e.viewer.user, c.jana);
    assert_ne!(e.request_id, "forged-request");
    assert_eq!(
        e.address.map(|a| a.to_string()).as_deref(),
        Some("127.0.0.1")
    );
}

#[tokio::test]
async fn the_case_list_export_is_logged_as_an_export() {
    let c = centre().await;
    let jana = signed_in(&c.app, "jana@centre.test").await;
    assert_eq!(page(&c.app, &jana, "/cases.csv").await.0, 200);
    let filter = AccessFilter {
        kind: Some(AccessKind::Export),
        ..AccessFilter::default()
    };
    let found = lines(&c.app, filter).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].entry.viewer.user, c.jana);
}

#[tokio::test]
async fn api_reads_are_logged_with_the_token() {
    let c = centre().await;
    let name = softland_web::db::api_tokens::TokenName::parse("HR").unwrap();
    let made = softland_web::db::api_tokens::create(&c.app.db, c.jana, &name, None)
        .await
        .unwrap();
    for path in [
        format!("/api/v1/cases/{}", c.case),
        format!("/api/v1/cases/{}/items", c.case),
        format!("/api/v1/cases/{}/people/0/documents", c.case),
        format!("/api/v1/cases/{}/files", c.case),
    ] {
        let res = c
            .app
            .client
            .get(c.app.url(&path))
            .bearer_auth(&made.secret)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
    }
    let found = of_case(&c.app, c.case).await;
    let kinds: Vec<AccessKind> = found.iter().rev().map(|l| l.entry.kind).collect();
    assert_eq!(
        kinds,
        [
            AccessKind::ApiCase,
            AccessKind::ApiCase,
            AccessKind::Documents,
            AccessKind::Files
        ]
    );
    assert!(found.iter().all(|l| l.entry.viewer.token == Some(made.id)));
    let stored = softland_web::db::cases::load(&c.app.db, c.case)
        .await
        .unwrap();
    let documents = found
        .iter()
        .find(|l| l.entry.kind == AccessKind::Documents)
        .unwrap();
    assert_eq!(documents.entry.viewed.person, Some(stored.person_ids[0]));
}

#[tokio::test]
async fn an_employers_views_are_logged_as_employer_views() {
    let s = crate::employers::setup().await;
    s.consent().await;
    assert_eq!(
        s.page(&format!("/employer/employees/{}", s.employment.0))
            .await
            .0,
        200
    );
    let found = of_case(&s.app, s.case).await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].entry.kind, AccessKind::EmployerView);
    assert_eq!(found[0].entry.viewer.role, Role::Employer);
}

#[tokio::test]
async fn a_buddys_view_of_a_newcomer_is_logged_as_a_buddy_view() {
    let s = crate::buddy_area::setup().await;
    s.accept().await;
    assert_eq!(s.page(&format!("/buddy/newcomers/{}", s.id)).await.0, 200);
    let found = of_case(&s.app, s.case).await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].entry.kind, AccessKind::BuddyView);
    assert_eq!(found[0].entry.viewer.user, s.asha_user);
}

/// A raw connection to the test's database, past softland.
async fn raw(app: &TestApp) -> sea_orm::DatabaseConnection {
    sea_orm::Database::connect(&app.state.config.database_url)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_table_holds_no_field_values() {
    use sea_orm::ConnectionTrait;
    let c = centre().await;
    let jana = signed_in(&c.app, "jana@centre.test").await;
    page(&c.app, &jana, &format!("/cases/{}", c.case)).await;
    let priya = signed_in(&c.app, "priya@mail.test").await;
    page(&c.app, &priya, "/my").await;
    c.app.state.access.flush().await;
    let db = raw(&c.app).await;
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT * FROM access_log",
        ))
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    let columns = rows[0].column_names();
    assert_eq!(
        columns,
        [
            "id",
            "at",
            "user_id",
            "token_id",
            "role",
            "kind",
            "case_id",
            "person_id",
            "file_id",
            "document_id",
            "address",
            "request_id"
        ]
    );
    for row in &rows {
        for col in ["role", "kind", "request_id"] {
            let text: String = row.try_get("", col).unwrap();
            for secret in ["Priya", "Sharma", "Z7654321", "priya@mail.test", "Indian"] {
                assert!(!text.contains(secret), "{col}: {text}");
            }
        }
    }
}

#[tokio::test]
async fn the_table_refuses_update_and_delete_but_lets_an_address_be_forgotten() {
    use sea_orm::ConnectionTrait;
    let c = centre().await;
    let jana = signed_in(&c.app, "jana@centre.test").await;
    page(&c.app, &jana, &format!("/cases/{}", c.case)).await;
    c.app.state.access.flush().await;
    let db = raw(&c.app).await;
    for sql in [
        "UPDATE access_log SET user_id = 999",
        "UPDATE access_log SET kind = 'export'",
        "UPDATE access_log SET address = '10.0.0.1'",
        "UPDATE access_log SET address = NULL, case_id = NULL",
        "DELETE FROM access_log",
        // PostgreSQL's statement trigger; SQLite has no TRUNCATE at all.
        "TRUNCATE access_log",
    ] {
        let refused = db.execute_unprepared(sql).await;
        assert!(refused.is_err(), "{sql} was allowed");
    }
    assert_eq!(of_case(&c.app, c.case).await.len(), 1);
    // The statement erasure runs for an erased person's account (db/erasure/steps.rs).
    let forgotten = db
        .execute_unprepared(&format!(
            "UPDATE access_log SET address = NULL WHERE user_id IN ({}) AND address IS NOT NULL",
            c.jana.0
        ))
        .await
        .unwrap();
    assert_eq!(forgotten.rows_affected(), 1);
    let found = of_case(&c.app, c.case).await;
    assert_eq!(found[0].entry.address, None);
    assert_eq!(found[0].entry.viewer.user, c.jana);
}

#[tokio::test]
async fn only_admins_see_the_log() {
    let c = centre().await;
    let jana = signed_in(&c.app, "jana@centre.test").await;
    assert_eq!(page(&c.app, &jana, "/admin/access-log").await.0, 403);
    assert_eq!(page(&c.app, &jana, "/admin/access-log.csv").await.0, 403);
    let priya = signed_in(&c.app, "priya@mail.test").await;
    let (status, _) = page(&c.app, &priya, "/admin/access-log").await;
    assert_ne!(status, 200);
}

#[tokio::test]
async fn admins_filter_the_log_per_case_per_user_and_by_kind() {
    let c = centre().await;
    let (other, _) = household(&c.app, c.jana, "omar@mail.test", "Omar Haddad").await;
    let jana = signed_in(&c.app, "jana@centre.test").await;
    page(&c.app, &jana, &format!("/cases/{}", c.case)).await;
    page(&c.app, &jana, &format!("/cases/{other}")).await;
    let priya = signed_in(&c.app, "priya@mail.test").await;
    page(&c.app, &priya, "/my").await;
    let eva = signed_in(&c.app, "eva@centre.test").await;
    let (status, html) = page(&c.app, &eva, &format!("/admin/access-log?case={}", c.case)).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains(&format!("Who viewed case #{}", c.case)),
        "{html}"
    );
    assert!(html.contains("2 matching line(s)"), "{html}");
    assert!(html.contains("Own case in the portal") && html.contains("Case page"));
    let (_, html) = page(&c.app, &eva, &format!("/admin/access-log?user={}", c.jana)).await;
    assert!(html.contains("What jana viewed"), "{html}");
    assert!(html.contains("2 matching line(s)"), "{html}");
    assert!(html.contains("Omar Haddad"), "{html}");
    let (_, html) = page(&c.app, &eva, "/admin/access-log?kind=portal.case").await;
    assert!(html.contains("1 matching line(s)"), "{html}");
    let (_, html) = page(&c.app, &eva, "/admin/access-log?address=10.9.9.9").await;
    assert!(html.contains("0 matching line(s)"), "{html}");
    let (status, html) = page(
        &c.app,
        &eva,
        "/admin/access-log?from=2026-12-10&to=2026-12-01",
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        html.contains("the last day must not be before the first")
            || html.contains("The last day must not be before the first"),
        "{html}"
    );
    assert!(
        html.contains(r#"aria-describedby="log-to-error""#),
        "{html}"
    );
}

#[tokio::test]
async fn the_csv_of_a_filtered_log_lists_its_lines() {
    let c = centre().await;
    let jana = signed_in(&c.app, "jana@centre.test").await;
    page(&c.app, &jana, &format!("/cases/{}", c.case)).await;
    let eva = signed_in(&c.app, "eva@centre.test").await;
    let res = eva
        .get(c.app.url(&format!("/admin/access-log.csv?case={}", c.case)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = res.text().await.unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 2, "{text}");
    assert!(
        rows[1].contains("Case page") && rows[1].contains("127.0.0.1"),
        "{text}"
    );
}

#[tokio::test]
async fn the_api_gives_admin_tokens_the_log_and_refuses_others() {
    let api = crate::api::spawn_api().await;
    let (_, admin) = api.user_with_token("eva@centre.test", Role::Admin).await;
    let (case, _) = household(&api.app, api.jana, "priya@mail.test", "Priya Sharma").await;
    let res = api
        .request(Method::GET, &format!("/cases/{case}"), Some(&api.token))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = api
        .request(
            Method::GET,
            &format!("/access-log?case={case}"),
            Some(&admin),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let json: serde_json::Value = res.json().await.unwrap();
    assert_eq!(json["total"], 1, "{json}");
    assert_eq!(json["lines"][0]["kind"], "api.case");
    assert_eq!(json["lines"][0]["user_id"], api.jana.0);
    assert!(json["lines"][0]["token_id"].is_i64());
    let res = api
        .request(Method::GET, "/access-log", Some(&api.token))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = api
        .request(Method::GET, "/access-log?kind=nonsense", Some(&admin))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn views_still_queued_are_written_on_graceful_shutdown() {
    // A SQLite file that outlives the app; a PostgreSQL test database is kept by the value
    // `stop` hands back.
    let kept = tempfile::tempdir().unwrap();
    let app = crate::support::spawn_app_with(|c| {
        if c.database_url.starts_with("sqlite:") {
            c.database_url = format!("sqlite://{}/kept.db?mode=rwc", kept.path().display());
        }
    })
    .await;
    let url = app.state.config.database_url.clone();
    let jana_id = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let (case, _) = household(&app, jana_id, "priya@mail.test", "Priya Sharma").await;
    let jana = signed_in(&app, "jana@centre.test").await;
    for _ in 0..3 {
        page(&app, &jana, &format!("/cases/{case}")).await;
    }
    // No flush: stopping the server must write what the queue holds.
    let _database = app.stop().await;
    let db = softland_web::db::Db::connect(&url, 2).await.unwrap();
    let filter = AccessFilter {
        case: Some(case),
        ..AccessFilter::default()
    };
    let found = list(&db, &filter, 1, 10).await.unwrap();
    assert_eq!(found.total, 3);
}
