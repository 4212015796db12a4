//! Hostile input to the case list and export, and who may see them.

use softland_web::auth::Role;
use softland_web::db::cases;

use super::{names_in, setup, today};
use crate::support::{PASSWORD, assert_redirects_to, date, make_user, spawn_app_with};

#[tokio::test]
async fn like_wildcards_in_the_search_are_taken_literally() {
    let s = setup().await;
    s.open("Priya Sharma", "employee-card", date(2026, 12, 23), s.jana)
        .await;
    for q in ["%25", "_", "p%25a", "pr_ya", "%5C"] {
        assert!(s.names(&format!("/cases?q={q}")).await.is_empty(), "q={q}");
    }
}

#[tokio::test]
async fn sql_metacharacters_in_the_query_are_harmless() {
    let s = setup().await;
    s.open("Priya Sharma", "employee-card", date(2026, 12, 23), s.jana)
        .await;
    s.open("Lin Wei", "study", date(2026, 12, 23), s.petr).await;
    let attacks = [
        "q=%27%20OR%201%3D1%20--",
        "q=%27%3B%20DROP%20TABLE%20cases%3B%20--",
        "sort=name%3B%20DROP%20TABLE%20cases",
        "sort=principal_name%20DESC",
        "status=open%27%20OR%20%271%27%3D%271",
        "route=study%27%20OR%201%3D1%20--",
        "consultant=1%20OR%201%3D1",
        "overdue=%27%29%20OR%20%281%3D1",
        "page=1%3B%20DROP%20TABLE%20cases",
        "page=99999999999999999999999",
    ];
    for attack in attacks {
        for path in ["/cases", "/cases.csv"] {
            let res = s.app.get(&format!("{path}?{attack}")).await;
            assert_eq!(res.status(), 200, "{path}?{attack}");
        }
    }
    assert!(s.names("/cases?q=%27%20OR%201%3D1%20--").await.is_empty());
    let sorted = s.html("/cases?sort=name%3B%20DROP%20TABLE%20cases").await;
    assert_eq!(names_in(&sorted), vec!["Priya Sharma"]);
    assert_eq!(cases::count(&s.app.db).await.unwrap(), 2);
}

#[tokio::test]
async fn visitors_who_are_not_signed_in_are_sent_to_sign_in() {
    let app = spawn_app_with(|c| c.today_override = Some(today())).await;
    assert_redirects_to(&app.get("/cases").await, "/login?next=/cases");
    let filtered = app.get("/cases?status=closed").await;
    assert_redirects_to(&filtered, "/login?next=/cases%3Fstatus%3Dclosed");
    assert_redirects_to(&app.get("/cases.csv").await, "/login?next=/cases.csv");
}

#[tokio::test]
async fn expats_may_not_list_or_export_cases() {
    let app = spawn_app_with(|c| c.today_override = Some(today())).await;
    make_user(&app.db, "expat@mail.test", Role::Expat).await;
    app.sign_in("expat@mail.test", PASSWORD).await;
    assert_eq!(app.get("/cases").await.status(), 403);
    assert_eq!(app.get("/cases.csv").await.status(), 403);
}
