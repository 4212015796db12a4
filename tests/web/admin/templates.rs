//! Route templates: the list, one route's page, uploading a new version.

use softland_domain::template::SHIPPED_ROUTES;
use softland_domain::{Case, RouteKey};
use softland_web::db::{cases, templates};

use super::{admin_app, text_with_status};
use crate::support::{assert_redirects_to, date, employee_card_case, make_user};

const NEW_TITLE: &str = "Apply for the employee card at the Czech embassy";

fn shipped_employee_card() -> &'static str {
    SHIPPED_ROUTES
        .iter()
        .find(|(file, _)| *file == "employee-card.toml")
        .expect("the employee card is shipped")
        .1
}

/// The version the employee card ships with.
fn shipped_version() -> u32 {
    shipped_employee_card()
        .lines()
        .find_map(|l| l.strip_prefix("version = "))
        .and_then(|v| v.trim().parse().ok())
        .expect("the shipped file has a version")
}

/// The shipped employee card as the next version, with `extra` appended.
fn version_2(extra: &str) -> String {
    let v = shipped_version();
    let text = shipped_employee_card().replacen(
        &format!("version = {v}"),
        &format!("version = {}", v + 1),
        1,
    );
    format!("{text}\n{extra}")
}

fn extra_item(key: &str, fields: &str) -> String {
    format!(
        "[[items]]\nkey = \"{key}\"\ncategory = \"other\"\napplies_to = \"principal\"\n\
         instructions = \"Do it.\"\nwhere_to_go = \"The office\"\nsource = \"https://example.test/\"\n{fields}\n"
    )
}

fn textarea(html: &str) -> &str {
    let start = html.find("<textarea").expect("a textarea");
    let end = html[start..]
        .find("</textarea>")
        .expect("a closed textarea");
    &html[start..start + end]
}

async fn stored_versions(app: &crate::support::TestApp) -> usize {
    templates::versions(&app.db, "employee-card")
        .await
        .expect("versions")
        .len()
}

#[tokio::test]
async fn the_list_shows_every_route_with_its_newest_version() {
    let (app, _) = admin_app().await;
    let html = text_with_status(app.get("/admin/templates").await, 200).await;
    for (name, key) in [
        ("Employee card", "employee-card"),
        ("EU Blue Card", "eu-blue-card"),
        ("Study (long-term visa)", "study"),
    ] {
        assert!(
            html.contains(&format!(r#"<a href="/admin/templates/{key}">{name}</a>"#)),
            "{key}: {html}"
        );
        assert!(
            html.contains(&format!(r#"<td data-label="Key"><code>{key}</code></td>"#)),
            "{key}: {html}"
        );
    }
    let stored = templates::newest(&app.db).await.unwrap()[0].created_at;
    let day = softland_domain::date_format::long(
        stored
            .with_timezone(&chrono_tz::Europe::Prague)
            .date_naive(),
    );
    assert!(
        html.contains(&format!(
            "<td data-label=\"Newest version\">1</td>\n      <td data-label=\"Stored\">{day}</td>"
        )),
        "{day}: {html}"
    );
}

#[tokio::test]
async fn a_route_page_shows_items_rules_in_words_the_toml_and_versions() {
    let (app, _) = admin_app().await;
    let html = text_with_status(app.get("/admin/templates/employee-card").await, 200).await;
    assert!(
        html.contains("Report to the Ministry of the Interior office after arrival"),
        "{html}"
    );
    assert!(
        html.contains("Due 3 working days after the arrival date"),
        "{html}"
    );
    assert!(html.contains("Window opens 120 days before the permit expiry date and closes (due) on the permit expiry date"), "{html}");
    assert!(
        html.contains(r##"<a href="#item-ec-vacancy"><code>ec-vacancy</code></a>"##),
        "dependencies: {html}"
    );
    assert!(
        html.contains("Labour-market test details are [SECONDARY]."),
        "caveat: {html}"
    );
    assert!(
        html.contains(r#"<pre class="toml""#) && html.contains("route = &#34;employee-card&#34;"),
        "{html}"
    );
    let v = shipped_version();
    assert!(html.contains(&format!("Version {v}, stored ")), "{html}");
    assert!(
        textarea(&html).contains(&format!("version = {v}")),
        "the form is prefilled"
    );
    assert_eq!(
        app.get("/admin/templates/no-such-route").await.status(),
        404
    );
}

#[tokio::test]
async fn broken_templates_are_refused_naming_file_item_and_fault_and_nothing_is_stored() {
    let (app, _) = admin_app().await;
    let cases = [
        (
            extra_item(
                "ec-extra",
                "title = \"Extra\"\n[items.deadline]\nanchor = \"arival\"\nafter = 3",
            ),
            "employee-card.toml: item `ec-extra`: unknown anchor date `arival`; expected a key date",
        ),
        (
            extra_item("ec-a", "title = \"A\"\ndepends_on = [\"ec-b\"]")
                + &extra_item("ec-b", "title = \"B\"\ndepends_on = [\"ec-a\"]"),
            "employee-card.toml: item `ec-a`: dependency cycle: ec-a → ec-b → ec-a",
        ),
        (
            extra_item("ec-extra", ""),
            "employee-card.toml: item `ec-extra`: missing `title`",
        ),
    ];
    for (extra, message) in cases {
        let body = version_2(&extra);
        let res = app
            .post_with_csrf(
                "/admin/templates",
                &[("route", "employee-card"), ("body", &body)],
            )
            .await;
        let html = text_with_status(res, 422).await;
        assert!(html.contains(message), "{message}: {html}");
        assert!(
            html.contains(r#"id="template-body-error""#),
            "beside the textarea"
        );
        assert!(
            textarea(&html).contains(&format!("version = {}", shipped_version() + 1))
                && textarea(&html).contains("The office"),
            "text kept"
        );
        assert_eq!(stored_versions(&app).await, 1, "{message}: stored");
    }
}

#[tokio::test]
async fn an_upload_that_does_not_raise_the_version_is_refused() {
    let (app, _) = admin_app().await;
    let res = app
        .post_with_csrf("/admin/templates", &[("body", shipped_employee_card())])
        .await;
    let html = text_with_status(res, 422).await;
    assert!(
        html.contains(&format!(
            "version {v} is not newer than the stored version {v}; raise `version`",
            v = shipped_version()
        )),
        "{html}"
    );
    assert_eq!(stored_versions(&app).await, 1);
}

#[tokio::test]
async fn a_new_version_is_used_for_new_cases_while_existing_cases_keep_their_items() {
    let (app, _) = admin_app().await;
    let jana = make_user(
        &app.db,
        "jana@centre.test",
        softland_web::auth::Role::Consultant,
    )
    .await;
    let before = templates::catalog(&app.db).await.unwrap();
    let old_case = cases::create(
        &app.db,
        &employee_card_case(&before, date(2026, 12, 23)),
        jana,
        jana,
        None,
    )
    .await
    .unwrap();

    let body = version_2("").replace("Apply for the employee card at the embassy", NEW_TITLE);
    let res = app
        .post_with_csrf(
            "/admin/templates",
            &[("route", "employee-card"), ("body", &body)],
        )
        .await;
    assert_redirects_to(&res, "/admin/templates/employee-card?done=uploaded");
    let html = text_with_status(
        app.get("/admin/templates/employee-card?done=uploaded")
            .await,
        200,
    )
    .await;
    assert!(html.contains("New cases use it from now on"), "{html}");
    let v = shipped_version();
    assert!(
        html.contains(&format!("Version {}, stored", v + 1))
            && html.contains(&format!("Version {v}, stored")),
        "{html}"
    );

    let after = templates::catalog(&app.db).await.unwrap();
    let template = after
        .template(&RouteKey::parse("employee-card").unwrap())
        .unwrap();
    assert_eq!(template.version, shipped_version() + 1);
    let new_case: Case = employee_card_case(&after, date(2026, 12, 23));
    assert!(new_case.items().iter().any(|i| i.title() == NEW_TITLE));
    let kept = cases::load(&app.db, old_case).await.unwrap().case;
    assert!(
        kept.items()
            .iter()
            .any(|i| i.title() == "Apply for the employee card at the embassy")
    );
    assert!(kept.items().iter().all(|i| i.title() != NEW_TITLE));
    let stored = templates::versions(&app.db, "employee-card").await.unwrap();
    assert_eq!(stored.len(), 2);
}

#[tokio::test]
async fn an_upload_without_or_with_a_wrong_csrf_token_is_refused_and_stores_nothing() {
    let (app, _) = admin_app().await;
    let body = version_2("");
    assert_eq!(
        app.post_form("/admin/templates", &[("body", body.as_str())])
            .await
            .status(),
        403
    );
    assert_eq!(
        app.post_form(
            "/admin/templates",
            &[("csrf", "forged"), ("body", body.as_str())]
        )
        .await
        .status(),
        403
    );
    assert_eq!(stored_versions(&app).await, 1);
}

/// A database with the shipped templates, whose `employee-card` route is replaced by one
/// stored version 0 made by `created_by` (NULL: softland itself).
async fn with_an_older_employee_card(
    created_by: &str,
) -> (crate::support::TestDb, softland_web::db::Db) {
    use sea_orm::ConnectionTrait as _;
    let database = crate::support::TestDb::new().await;
    let db = softland_web::db::Db::connect(&database.url, 1)
        .await
        .unwrap();
    db.migrate().await.unwrap();
    templates::ensure_shipped(&db).await.unwrap();
    let raw = sea_orm::Database::connect(&database.url).await.unwrap();
    raw.execute_unprepared(
        "DELETE FROM route_templates WHERE route = 'employee-card' AND version > 0",
    )
    .await
    .unwrap();
    raw.execute_unprepared(&format!(
        "INSERT INTO route_templates (route, version, name, body, created_at, created_by) \
         SELECT 'employee-card', 0, 'Employee card (old)', body, created_at, {created_by} \
         FROM route_templates WHERE route = 'study'"
    ))
    .await
    .unwrap();
    raw.close().await.unwrap();
    (database, db)
}

#[tokio::test]
async fn a_newer_shipped_route_replaces_softlands_own_older_version_but_never_an_admins() {
    let (_database, db) = with_an_older_employee_card("NULL").await;
    templates::ensure_shipped(&db).await.unwrap();
    let versions: Vec<i64> = templates::versions(&db, "employee-card")
        .await
        .unwrap()
        .iter()
        .map(|v| v.version)
        .collect();
    assert!(
        versions.contains(&0) && versions.iter().any(|v| *v >= 1),
        "{versions:?}"
    );

    let (_database, db) = with_an_older_employee_card("1").await;
    templates::ensure_shipped(&db).await.unwrap();
    let versions: Vec<i64> = templates::versions(&db, "employee-card")
        .await
        .unwrap()
        .iter()
        .map(|v| v.version)
        .collect();
    assert_eq!(versions, vec![0], "the admin's version is kept");
    // Starting again changes nothing, and the library is stored once.
    templates::ensure_shipped(&db).await.unwrap();
    templates::ensure_shipped(&db).await.unwrap();
    assert!(templates::catalog(&db).await.is_ok());
}
