mod workspace;

use softland_web::auth::Role;
use softland_web::db::cases::{self, StoredCase};
use softland_web::db::templates;
use softland_web::ids::CaseId;

use crate::support::{
    PASSWORD, TestApp, assert_redirects_to, date, employee_card_case, make_user, spawn_app_with,
};

/// An app whose today is Mon 4 Jan 2027, a signed-in consultant and one employee-card case
/// (arrived Wed 23 Dec 2026).
async fn setup() -> (TestApp, CaseId) {
    let app = spawn_app_with(|c| c.today_override = Some(date(2027, 1, 4))).await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let catalog = templates::catalog(&app.db).await.unwrap();
    let id = cases::create(
        &app.db,
        &employee_card_case(&catalog, date(2026, 12, 23)),
        jana,
        jana,
        None,
    )
    .await
    .unwrap();
    assert_redirects_to(&app.sign_in("jana@centre.test", PASSWORD).await, "/");
    (app, id)
}

async fn stored(app: &TestApp, id: CaseId) -> StoredCase {
    cases::load(&app.db, id).await.unwrap()
}

fn index_of(stored: &StoredCase, key: &str) -> usize {
    stored
        .case
        .items()
        .iter()
        .position(|i| i.key().as_str() == key)
        .unwrap()
}

async fn post_status(
    app: &TestApp,
    id: CaseId,
    stored: &StoredCase,
    key: &str,
    action: &str,
    reason: &str,
) -> reqwest::Response {
    let i = index_of(stored, key);
    let csrf = app.csrf(&format!("/cases/{id}")).await;
    let version = stored.item_versions[i].to_string();
    let path = format!("/cases/{id}/items/{}/status", stored.item_ids[i]);
    app.post_form(
        &path,
        &[
            ("csrf", &csrf),
            ("action", action),
            ("reason", reason),
            ("version", &version),
        ],
    )
    .await
}

#[tokio::test]
async fn the_case_page_shows_people_checklist_and_explanations() {
    let (app, id) = setup().await;
    let res = app.get(&format!("/cases/{id}")).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("<h1>Priya Sharma</h1>"), "{html}");
    assert!(html.contains("Z7654321, valid until Thu 1 Jan 2032"));
    assert!(
        html.contains("<h3>3. Registration <span"),
        "steps are numbered: {html}"
    );
    assert!(html.contains(r#"<span class="who">Priya Sharma</span>"#));
    assert!(html.contains(
        "arrived Wed 23 Dec 2026 + 3 working days, skipping 24–27 Dec → Wed 30 Dec 2026"
    ));
    assert!(html.contains("overdue by 2 working days"));
    assert!(
        html.contains(
            "Cannot start yet: waiting for Give your biometrics (photo and fingerprints)."
        ),
        "{html}"
    );
    assert!(html.contains("waiting for the permit expiry date"));
}

#[tokio::test]
async fn the_case_page_is_for_staff_only_and_unknown_cases_are_404() {
    let (app, id) = setup().await;
    assert_eq!(app.get("/cases/999999").await.status(), 404);
    assert_eq!(app.get("/cases/not-a-number").await.status(), 400);
    let anonymous = spawn_app_with(|_| {}).await;
    assert_redirects_to(
        &anonymous.get(&format!("/cases/{id}")).await,
        &format!("/login?next=/cases/{id}"),
    );
    make_user(&app.db, "priya@mail.test", Role::Expat).await;
    let expat = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = expat
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = crate::support::csrf_in(&login);
    expat
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "priya@mail.test"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        expat
            .get(app.url(&format!("/cases/{id}")))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
}

#[tokio::test]
async fn a_status_change_is_saved_shown_and_recorded_in_the_history() {
    let (app, id) = setup().await;
    let before = stored(&app, id).await;
    let res = post_status(&app, id, &before, "reg-dvr", "complete", "").await;
    let item = before.item_ids[index_of(&before, "reg-dvr")];
    assert_redirects_to(&res, &format!("/cases/{id}?at=item-{item}#item-{item}"));
    let after = stored(&app, id).await;
    assert_eq!(
        *after.case.items()[index_of(&after, "reg-dvr")].status(),
        softland_domain::ItemStatus::Done {
            on: date(2027, 1, 4)
        }
    );
    let html = app.get(&format!("/cases/{id}")).await.text().await.unwrap();
    assert!(html.contains("is now done."), "{html}");
    assert!(
        html.contains(
            "Status: Report to the Ministry of the Interior office after arrival — Priya Sharma"
        ),
        "{html}"
    );
    assert!(html.contains("To do → Done"));
}

#[tokio::test]
async fn a_blocked_item_cannot_start_and_nothing_changes() {
    let (app, id) = setup().await;
    let before = stored(&app, id).await;
    let res = post_status(&app, id, &before, "card-collect", "start", "").await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Cannot start yet: waiting for Give your biometrics")
    );
    assert_eq!(stored(&app, id).await.case, before.case);
}

#[tokio::test]
async fn a_return_without_a_reason_is_refused() {
    let (app, id) = setup().await;
    let before = stored(&app, id).await;
    assert_redirects_to(
        &post_status(&app, id, &before, "ec-vacancy", "submit", "").await,
        &format!(
            "/cases/{id}?at=item-{0}#item-{0}",
            before.item_ids[index_of(&before, "ec-vacancy")]
        ),
    );
    let now = stored(&app, id).await;
    let res = post_status(&app, id, &now, "ec-vacancy", "return", "   ").await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("please give a reason"));
}

#[tokio::test]
async fn a_second_consultant_with_an_old_page_sees_changed_meanwhile() {
    let (app, id) = setup().await;
    let old_page = stored(&app, id).await;
    assert!(
        post_status(&app, id, &old_page, "health-insurance", "start", "")
            .await
            .status()
            .is_redirection()
    );
    let res = post_status(&app, id, &old_page, "health-insurance", "complete", "").await;
    assert_eq!(res.status(), 409);
    let html = res.text().await.unwrap();
    assert!(html.contains("changed by jana at "), "{html}");
    assert!(html.contains("nothing you sent was saved"));
    let now = stored(&app, id).await;
    assert_eq!(
        *now.case.items()[index_of(&now, "health-insurance")].status(),
        softland_domain::ItemStatus::InProgress
    );
}

#[tokio::test]
async fn changing_the_arrival_moves_due_dates_and_says_which() {
    let (app, id) = setup().await;
    let csrf = app.csrf(&format!("/cases/{id}")).await;
    let res = app
        .post_form(
            &format!("/cases/{id}/dates"),
            &[("csrf", &csrf), ("version", "1"), ("arrival", "2027-01-04")],
        )
        .await;
    assert_redirects_to(&res, &format!("/cases/{id}?at=dates#dates"));
    let html = app.get(&format!("/cases/{id}")).await.text().await.unwrap();
    assert!(html.contains("due date(s) moved"), "{html}");
    assert!(html.contains("Report to the Ministry of the Interior office after arrival — Priya Sharma: Wed 30 Dec 2026 → Thu 7 Jan 2027"), "{html}");
    assert!(html.contains("Key date: Arrival"));
    assert!(html.contains("Wed 23 Dec 2026 → Mon 4 Jan 2027"));
    let stale = app
        .post_form(
            &format!("/cases/{id}/dates"),
            &[("csrf", &csrf), ("version", "1"), ("arrival", "2027-02-01")],
        )
        .await;
    assert_eq!(stale.status(), 409);
    let bad = app
        .post_form(
            &format!("/cases/{id}/dates"),
            &[("csrf", &csrf), ("version", "2"), ("arrival", "04/01/2027")],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    assert!(
        html.contains("Arrival: enter a real date as YYYY-MM-DD"),
        "the one message of every date input: {html}"
    );
}

#[tokio::test]
async fn a_due_date_override_needs_a_reason_and_can_be_cleared() {
    let (app, id) = setup().await;
    let s = stored(&app, id).await;
    let i = index_of(&s, "reg-dvr");
    let path = format!("/cases/{id}/items/{}/due", s.item_ids[i]);
    let csrf = app.csrf(&format!("/cases/{id}")).await;
    let v = s.item_versions[i].to_string();
    let no_reason = app
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("version", &v),
                ("op", "set"),
                ("date", "2027-01-15"),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(no_reason.status(), 422);
    let set = app
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("version", &v),
                ("op", "set"),
                ("date", "2027-01-15"),
                ("reason", "police appointment"),
            ],
        )
        .await;
    assert!(set.status().is_redirection());
    let now = stored(&app, id).await;
    assert_eq!(now.case.items()[i].due(), Some(date(2027, 1, 15)));
    let v = now.item_versions[i].to_string();
    app.post_form(&path, &[("csrf", &csrf), ("version", &v), ("op", "clear")])
        .await;
    assert_eq!(
        stored(&app, id).await.case.items()[i].due(),
        Some(date(2026, 12, 30))
    );
}

#[tokio::test]
async fn a_custom_item_is_added_for_a_person() {
    let (app, id) = setup().await;
    let csrf = app.csrf(&format!("/cases/{id}")).await;
    let path = format!("/cases/{id}/items");
    let fields = [
        ("csrf", csrf.as_str()),
        ("title", "Kindergarten place"),
        ("category", "other"),
        ("holder", "0"),
        ("due", "2027-02-01"),
        ("instructions", ""),
    ];
    assert!(
        app.post_form(&path, &fields)
            .await
            .status()
            .is_redirection()
    );
    let now = stored(&app, id).await;
    let item = now.case.items().last().unwrap();
    assert_eq!(item.title(), "Kindergarten place");
    assert_eq!(item.due(), Some(date(2027, 2, 1)));
    let bad = app
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("title", ""),
                ("category", "other"),
                ("holder", "0"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let nobody = app
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("title", "x"),
                ("category", "other"),
                ("holder", "7"),
            ],
        )
        .await;
    assert_eq!(nobody.status(), 422);
}

#[tokio::test]
async fn notes_are_added_escaped_internal_only_and_empty_ones_refused() {
    let (app, id) = setup().await;
    let csrf = app.csrf(&format!("/cases/{id}")).await;
    let path = format!("/cases/{id}/notes");
    let res = app
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("body", "<b>Called</b> the employer"),
                ("visibility", "internal"),
            ],
        )
        .await;
    assert_redirects_to(&res, &format!("/cases/{id}?at=notes#notes"));
    let html = app.get(&format!("/cases/{id}")).await.text().await.unwrap();
    assert!(!html.contains("<b>Called</b>"));
    assert!(html.contains("Internal (staff only)"));
    assert!(
        !html.contains("Shared with the client"),
        "no shared notes any more"
    );
    // What the household reads is a message: a shared note is refused and pointed there.
    let shared = app
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("body", "For you"),
                ("visibility", "shared"),
            ],
        )
        .await;
    assert_eq!(shared.status(), 422);
    assert!(shared.text().await.unwrap().contains("conversation"));
    let empty = app
        .post_form(
            &path,
            &[("csrf", &csrf), ("body", "  "), ("visibility", "internal")],
        )
        .await;
    assert_eq!(empty.status(), 422);
}

#[tokio::test]
async fn hold_close_reopen_and_reassign_follow_the_lifecycle() {
    let (app, id) = setup().await;
    let petr = make_user(&app.db, "petr@centre.test", Role::Consultant).await;
    let csrf = app.csrf(&format!("/cases/{id}")).await;
    let v = |n: i64| ("version", n.to_string());
    let post = |path: &'static str, extra: Vec<(&'static str, String)>| {
        post_to(&app, id, &csrf, path, extra)
    };
    assert_eq!(
        post("hold", vec![v(1), ("reason", String::new())])
            .await
            .status(),
        422
    );
    assert!(
        post(
            "hold",
            vec![v(1), ("reason", "waiting for the employer".into())]
        )
        .await
        .status()
        .is_redirection()
    );
    // No outcome chosen, or items still open without the consultant's confirmation: refused,
    // nothing changes.
    assert_eq!(post("close", vec![v(2)]).await.status(), 422);
    let unconfirmed = post("close", vec![v(2), ("outcome", "granted".into())]).await;
    assert_eq!(unconfirmed.status(), 422);
    let html = unconfirmed.text().await.unwrap();
    assert!(
        html.contains("item(s) of this case are still open"),
        "{html}"
    );
    assert!(
        post(
            "close",
            vec![
                v(2),
                ("outcome", "granted".into()),
                ("close_open_items", "yes".into())
            ]
        )
        .await
        .status()
        .is_redirection()
    );
    assert!(matches!(
        stored(&app, id).await.case.status(),
        softland_domain::case::CaseStatus::Closed { .. }
    ));
    assert_eq!(
        post("close", vec![v(3), ("outcome", "granted".into())])
            .await
            .status(),
        422
    );
    assert!(post("reopen", vec![v(3)]).await.status().is_redirection());
    assert!(
        post("reassign", vec![v(4), ("consultant", petr.to_string())])
            .await
            .status()
            .is_redirection()
    );
    assert_eq!(stored(&app, id).await.consultant, petr);
    assert_eq!(post("reopen", vec![v(1)]).await.status(), 409);
}

async fn post_to(
    app: &TestApp,
    id: CaseId,
    csrf: &str,
    path: &str,
    extra: Vec<(&'static str, String)>,
) -> reqwest::Response {
    let mut fields: Vec<(&str, &str)> = vec![("csrf", csrf)];
    fields.extend(extra.iter().map(|(k, v)| (*k, v.as_str())));
    app.post_form(&format!("/cases/{id}/{path}"), &fields).await
}

#[tokio::test]
async fn forms_without_the_csrf_token_change_nothing() {
    let (app, id) = setup().await;
    let before = stored(&app, id).await;
    let i = index_of(&before, "reg-dvr");
    let path = format!("/cases/{id}/items/{}/status", before.item_ids[i]);
    let res = app
        .post_form(&path, &[("action", "complete"), ("version", "1")])
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .post_form(
            &format!("/cases/{id}/notes"),
            &[
                ("csrf", "forged"),
                ("body", "x"),
                ("visibility", "internal"),
            ],
        )
        .await;
    assert_eq!(res.status(), 403);
    assert_eq!(stored(&app, id).await.case, before.case);
}
