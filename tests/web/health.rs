use crate::support::{spawn_app, spawn_app_with};

#[tokio::test]
async fn healthz_answers_ok() {
    let app = spawn_app().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn readyz_answers_when_the_database_does() {
    let app = spawn_app().await;
    assert_eq!(app.get("/readyz").await.status(), 200);
}

#[tokio::test]
async fn readyz_answers_503_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.db.clone().close().await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 503);
}

#[tokio::test]
async fn metrics_count_requests_by_route_pattern() {
    let app = spawn_app_with(|c| c.metrics_token = Some("scrape".to_owned().into())).await;
    app.get("/healthz").await;
    app.get("/no/such/page").await;
    let res = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("scrape")
        .send()
        .await;
    let text = res.unwrap().text().await.unwrap();
    assert!(
        text.contains(
            r#"softland_http_requests_total{method="GET",route="/healthz",status="200"} 1"#
        ),
        "{text}"
    );
    assert!(text.contains(r#"route="unmatched",status="404""#), "{text}");
    assert!(
        text.contains("softland_http_request_duration_seconds_bucket"),
        "{text}"
    );
    assert!(text.contains("softland_db_pool_connections"), "{text}");
}

#[tokio::test]
async fn unknown_pages_get_a_404_page_with_security_headers() {
    let app = spawn_app().await;
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status(), 404);
    let headers = res.headers().clone();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    let body = res.text().await.unwrap();
    assert!(body.contains("Page not found"), "{body}");
}

#[tokio::test]
async fn the_stylesheet_is_served_from_the_binary() {
    let app = spawn_app().await;
    let res = app.get("/static/app.css").await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
}

#[tokio::test]
async fn the_server_stops_cleanly_on_shutdown() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    app.stop().await;
}

/// `/metrics` of an app whose metrics token is "scrape".
async fn scrape(app: &crate::support::TestApp) -> String {
    app.client
        .get(app.url("/metrics"))
        .bearer_auth("scrape")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The value of metric `name` (a line `name value`) in `text`.
fn metric(text: &str, name: &str) -> Option<u64> {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
}

/// An app whose metrics token is "scrape", with a consultant and one case of theirs.
async fn app_with_a_case() -> (
    crate::support::TestApp,
    softland_web::ids::UserId,
    softland_web::ids::CaseId,
) {
    use softland_web::auth::Role;
    use softland_web::db::{cases, templates};
    let app = spawn_app_with(|c| c.metrics_token = Some("scrape".to_owned().into())).await;
    let jana = crate::support::make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let catalog = templates::catalog(&app.db).await.unwrap();
    let case = crate::support::employee_card_case(&catalog, crate::support::date(2026, 11, 2));
    let id = cases::create(&app.db, &case, jana, jana, None)
        .await
        .unwrap();
    (app, jana, id)
}

#[tokio::test]
async fn metrics_count_the_batched_commits_and_the_changes_in_them() {
    use softland_web::db::cases::{self, Expect};
    let (app, jana, id) = app_with_a_case().await;
    let before = scrape(&app).await;
    let (batches, changes) = (
        "softland_write_batches_total",
        "softland_write_batched_changes_total",
    );
    if !app.db.is_sqlite() {
        // PostgreSQL commits each change on its own: no group commit to count.
        assert!(metric(&before, batches).is_none(), "{before}");
        return;
    }
    let (b0, c0) = (
        metric(&before, batches).unwrap(),
        metric(&before, changes).unwrap(),
    );
    // Three case changes one after the other: each is answered after its own commit.
    for version in 1..=3 {
        cases::update(&app.db, id, jana, Expect::Case(version), |case, cal| {
            let day = crate::support::date(2026, 12, 1 + u32::try_from(version).unwrap());
            case.set_key_date(softland_domain::KeyDate::EmploymentStart, Some(day), cal);
            Ok::<_, String>(((), vec![]))
        })
        .await
        .unwrap();
    }
    let after = scrape(&app).await;
    let (b1, c1) = (
        metric(&after, batches).unwrap(),
        metric(&after, changes).unwrap(),
    );
    // (A background write, such as the start-up sweep of recurring duties, may join in.)
    let (commits, saved) = (b1 - b0, c1 - c0);
    assert!(
        commits >= 3 && saved >= commits,
        "{commits} commits of {saved}: {after}"
    );
}

#[tokio::test]
async fn metrics_say_when_the_start_up_sweep_of_recurring_duties_has_ended() {
    let app = spawn_app_with(|c| c.metrics_token = Some("scrape".to_owned().into())).await;
    let names = [
        "softland_daily_sweeps_total",
        "softland_daily_sweep_items_added_total",
        "softland_daily_sweeps_failed_total",
    ];
    // The first tick sweeps at once; on an empty database it ends within moments.
    let mut last = String::new();
    for _ in 0..200 {
        last = scrape(&app).await;
        if metric(&last, names[0]) == Some(1) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let read: Vec<Option<u64>> = names.iter().map(|n| metric(&last, n)).collect();
    assert_eq!(read, [Some(1), Some(0), Some(0)], "{last}");
    app.stop().await;
}

#[tokio::test]
async fn metrics_count_case_changes_by_the_path_that_wrote_them() {
    use softland_web::db::cases::{self, Expect};
    let (app, jana, id) = app_with_a_case().await;
    let path = |p: &str| format!("softland_case_changes_total{{path=\"{p}\"}}");
    let slot = |why: &str| format!("softland_case_changes_total{{path=\"slot\",reason=\"{why}\"}}");
    let item = cases::load(&app.db, id).await.unwrap().item_ids[0];
    let before = scrape(&app).await;
    // Three due dates of an item: rows of items and the case only.
    let reason = softland_domain::Reason::parse("agreed with the office").unwrap();
    for n in 1..=3 {
        let due = crate::support::date(2027, 2, n);
        cases::update_item(&app.db, (id, item), jana, Expect::Any, |case, _, i| {
            case.override_due(i, due, reason.clone());
            Ok::<_, String>(((), vec![]))
        })
        .await
        .unwrap();
    }
    // A key date: more than that (the slot's path writes it).
    cases::update(&app.db, id, jana, Expect::Any, |case, cal| {
        let day = crate::support::date(2026, 12, 7);
        case.set_key_date(softland_domain::KeyDate::EmploymentStart, Some(day), cal);
        Ok::<_, String>(((), vec![]))
    })
    .await
    .unwrap();
    let after = scrape(&app).await;
    let moved = |name: &str| metric(&after, name).unwrap() - metric(&before, name).unwrap();
    if app.db.is_sqlite() {
        // Computed once each: nothing else wrote the case meanwhile.
        assert_eq!(moved(&path("writer_thread")), 3, "{after}");
        assert_eq!(moved(&slot("not_a_plan")), 1, "{after}");
        assert_eq!(
            moved("softland_case_change_stale_attempts_total"),
            0,
            "{after}"
        );
        for why in ["stale", "writer_stopped", "no_writer_thread"] {
            assert_eq!(moved(&slot(why)), 0, "{why}: {after}");
        }
    } else {
        // PostgreSQL has no writer thread: every change takes the slot's path.
        assert_eq!(moved(&slot("no_writer_thread")), 4, "{after}");
        assert_eq!(moved(&path("writer_thread")), 0, "{after}");
    }
    // The slot's other writers are named by the file that took it (creating the case).
    if app.db.is_sqlite() {
        assert!(
            metric(
                &after,
                "softland_write_slot_exclusive_total{file=\"db/cases.rs\"}"
            ) >= Some(1),
            "{after}"
        );
    }
    app.stop().await;
}
