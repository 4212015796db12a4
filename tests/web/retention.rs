//! Retention: the dry run lists closed cases past the period (and those a legal hold
//! keeps), a run anonymises them through the erasure and leaves a report, the period is
//! validated.

use sea_orm::ConnectionTrait as _;
use softland_web::db::cases;
use softland_web::ids::CaseId;

use crate::erasure::{NAME, add_household, household_with};

async fn close_on(url: &str, case: CaseId, day: &str) {
    let raw = sea_orm::Database::connect(url).await.unwrap();
    raw.execute_unprepared(&format!(
        "UPDATE cases SET status = 'closed', outcome = 'granted', closed_on = '{day}' WHERE id = {case}"
    ))
    .await
    .unwrap();
    raw.close().await.unwrap();
}

async fn first_name(db: &softland_web::db::Db, case: CaseId) -> String {
    let stored = cases::load(db, case).await.unwrap();
    stored.case.people()[0].name.as_str().to_owned()
}

#[tokio::test]
async fn the_dry_run_lists_due_and_held_cases_and_a_run_anonymises_only_the_due_ones() {
    let h = household_with(|_| {}).await;
    let url = h.app.state.config.database_url.clone();
    let (held, ..) = add_household(&h.app, h.consultant, "held").await;
    let (recent, ..) = add_household(&h.app, h.consultant, "recent").await;
    close_on(&url, h.case, "2022-06-01").await;
    close_on(&url, held, "2022-01-10").await;
    close_on(&url, recent, "2025-06-01").await;
    let csrf = h.app.csrf("/admin/privacy").await;
    h.app
        .post_form(
            &format!("/cases/{held}/legal-hold"),
            &[("csrf", &csrf), ("reason", "Dispute with the landlord")],
        )
        .await;

    let page = h.app.get("/admin/privacy").await.text().await.unwrap();
    let due = &page[page.find("Dry run").unwrap()..page.find("Due but under legal hold").unwrap()];
    assert!(due.contains(&format!("Case {}", h.case)));
    assert!(!due.contains(&format!("Case {held}<")) && !due.contains(&format!("Case {recent}<")));
    let kept =
        &page[page.find("Due but under legal hold").unwrap()..page.find("Last runs").unwrap()];
    assert!(kept.contains(&format!("Case {held}")));
    assert_eq!(
        first_name(&h.app.db, h.case).await,
        NAME,
        "the dry run changes nothing"
    );

    let res = h
        .app
        .post_form("/admin/privacy/run", &[("csrf", &csrf)])
        .await;
    assert!(res.status().is_redirection());
    assert_eq!(first_name(&h.app.db, h.case).await, "Erased person");
    assert_eq!(first_name(&h.app.db, held).await, format!("{NAME}held"));
    assert_eq!(first_name(&h.app.db, recent).await, format!("{NAME}recent"));
    let page = h.app.get("/admin/privacy").await.text().await.unwrap();
    let runs = &page[page.find("Last runs").unwrap()..];
    assert!(runs.contains(&format!("case {}", h.case)) && runs.contains(&format!("case {held}")));
    let erasures = softland_web::db::erasure::of_case(&h.app.db, h.case)
        .await
        .unwrap();
    assert_eq!(
        erasures[0].reason,
        Some(softland_domain::erasure::ErasureReason::Retention)
    );
}

#[tokio::test]
async fn the_retention_period_is_one_to_thirty_years() {
    let h = household_with(|_| {}).await;
    let csrf = h.app.csrf("/admin/privacy").await;
    let res = h
        .app
        .post_form(
            "/admin/privacy",
            &[("csrf", &csrf), ("retention_years", "0")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("retention-years-error") && html.contains("value=\"0\""));
    let res = h
        .app
        .post_form(
            "/admin/privacy",
            &[("csrf", &csrf), ("retention_years", "5")],
        )
        .await;
    assert!(res.status().is_redirection());
    assert!(
        h.app
            .get("/admin/privacy")
            .await
            .text()
            .await
            .unwrap()
            .contains("value=\"5\"")
    );
}

#[tokio::test]
async fn only_admins_see_the_retention_page() {
    let h = household_with(|_| {}).await;
    let jana = crate::erasure::expat_browser(&h.app, "jana@centre.test").await;
    let res = jana.get(h.app.url("/admin/privacy")).send().await.unwrap();
    assert!(res.status() == 403 || res.status().is_redirection());
}

#[tokio::test]
async fn the_privacy_page_shows_only_known_notices() {
    let h = household_with(|_| {}).await;
    let page = h
        .app
        .get("/admin/privacy?done=Call+0800+now")
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains("Call 0800 now"));
    assert!(!page.contains("Retention run:"));
    let page = h
        .app
        .get("/admin/privacy?done=ran-2-1")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Retention run: 2 anonymised, 1 kept by a legal hold."));
}

#[tokio::test]
async fn retention_keeps_the_account_of_a_returning_expat() {
    let h = household_with(|_| {}).await;
    let url = h.app.state.config.database_url.clone();
    let (current, principal, ..) = add_household(&h.app, h.consultant, "again").await;
    softland_web::db::users::link_person(&h.app.db, principal, h.expat)
        .await
        .unwrap();
    close_on(&url, h.case, "2022-06-01").await;
    let csrf = h.app.csrf("/admin/privacy").await;

    let res = h
        .app
        .post_form("/admin/privacy/run", &[("csrf", &csrf)])
        .await;

    assert!(res.status().is_redirection());
    assert_eq!(first_name(&h.app.db, h.case).await, "Erased person");
    crate::erasure::expat_browser(&h.app, crate::erasure::EMAIL).await;
    assert_eq!(first_name(&h.app.db, current).await, format!("{NAME}again"));
}
