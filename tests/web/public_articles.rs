//! Articles of the public site (issue 22): drafts, publishing, versions, the preview, safe
//! Markdown, slugs that never collide.

use softland_web::auth::Role;

use crate::support::{PASSWORD, TestApp, make_user, spawn_app};

pub(crate) async fn admin_app() -> TestApp {
    let app = spawn_app().await;
    make_user(&app.db, "admin@example.com", Role::Admin).await;
    app.sign_in("admin@example.com", PASSWORD).await;
    app
}

/// Posts the new-article form; returns the response.
pub(crate) async fn write(
    app: &TestApp,
    slug: &str,
    title: &str,
    body: &str,
    action: &str,
) -> reqwest::Response {
    let csrf = app.csrf("/admin/articles/new").await;
    app.post_form(
        "/admin/articles",
        &[
            ("csrf", &csrf),
            ("slug", slug),
            ("kind", "guide"),
            ("title", title),
            ("summary", "What to know, in two sentences."),
            ("body", body),
            ("action", action),
        ],
    )
    .await
}

/// The id in a redirect to `/admin/articles/{id}?done=…`.
pub(crate) fn id_of(res: &reqwest::Response) -> String {
    let to = res.headers()["location"].to_str().unwrap();
    to.trim_start_matches("/admin/articles/")
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

fn version_in(html: &str) -> String {
    let marker = r#"name="version" value=""#;
    let start = html.find(marker).unwrap() + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

async fn edit(app: &TestApp, id: &str, body: &str, action: &str) -> reqwest::Response {
    let page = app
        .get(&format!("/admin/articles/{id}"))
        .await
        .text()
        .await
        .unwrap();
    let version = version_in(&page);
    let csrf = crate::support::csrf_in(&page);
    app.post_form(
        &format!("/admin/articles/{id}"),
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("slug", "housing"),
            ("kind", "guide"),
            ("title", "Housing in Ostrava"),
            ("summary", "Renting a flat."),
            ("body", body),
            ("action", action),
        ],
    )
    .await
}

#[tokio::test]
async fn a_draft_is_not_found_for_the_public_until_it_is_published() {
    let app = admin_app().await;
    let res = write(
        &app,
        "housing",
        "Housing in Ostrava",
        "Rent in **Poruba**.",
        "draft",
    )
    .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let id = id_of(&res);
    let visitor = spawn_visitor(&app);
    assert_eq!(
        visitor
            .get(app.url("/articles/housing"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let list = app.get("/admin/articles").await.text().await.unwrap();
    assert!(list.contains("Draft"));
    assert!(
        edit(&app, &id, "Rent in **Poruba**.", "publish")
            .await
            .status()
            .is_redirection()
    );
    let res = visitor
        .get(app.url("/articles/housing"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("<strong>Poruba</strong>")
    );
    // A new draft leaves the public page as it was.
    assert!(
        edit(&app, &id, "Rent in **Zábřeh**.", "draft")
            .await
            .status()
            .is_redirection()
    );
    let public = visitor
        .get(app.url("/articles/housing"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(public.contains("Poruba") && !public.contains("Zábřeh"));
    let list = app.get("/admin/articles").await.text().await.unwrap();
    assert!(list.contains("Published, with unpublished changes"));
}

#[tokio::test]
async fn an_unpublished_article_is_not_found_also_for_a_signed_in_expat() {
    let app = admin_app().await;
    let res = write(&app, "housing", "Housing in Ostrava", "Rent.", "publish").await;
    let id = id_of(&res);
    let visitor = spawn_visitor(&app);
    assert!(
        edit(&app, &id, "Rent in **Zábřeh**.", "unpublish")
            .await
            .status()
            .is_redirection()
    );
    assert_eq!(
        visitor
            .get(app.url("/articles/housing"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    make_user(&app.db, "eve@example.com", Role::Expat).await;
    let eve = spawn_visitor(&app);
    let csrf_page = eve
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = crate::support::csrf_in(&csrf_page);
    eve.post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "eve@example.com"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        eve.get(app.url("/articles/housing"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

/// A client of its own (cookies apart from the admin's), without redirects.
pub(crate) fn spawn_visitor(_app: &TestApp) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn scripts_handlers_and_javascript_links_are_harmless_on_the_public_page() {
    let app = admin_app().await;
    let body = "Hello\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n\
                [click](javascript:alert(3))\n\n<a href=\"javascript:alert(4)\">x</a>";
    let res = write(&app, "hostile", "Hostile", body, "publish").await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let html = app.get("/articles/hostile").await.text().await.unwrap();
    for bad in ["<script>alert", "onerror", "javascript:", "alert(2)"] {
        assert!(!html.contains(bad), "{bad} survived");
    }
    assert!(html.contains("Hello"));
}

#[tokio::test]
async fn the_preview_renders_and_saves_nothing() {
    let app = admin_app().await;
    let res = write(
        &app,
        "preview-me",
        "Preview me",
        "# Big\n\n<script>x</script>",
        "preview",
    )
    .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("Preview (not saved)") && html.contains("<h1>Big</h1>"));
    assert!(!html.contains("<script>x"));
    assert!(
        !app.get("/admin/articles")
            .await
            .text()
            .await
            .unwrap()
            .contains("preview-me")
    );
}

#[tokio::test]
async fn versions_are_kept_and_an_old_one_restores_as_a_new_draft() {
    let app = admin_app().await;
    let id = id_of(
        &write(
            &app,
            "housing",
            "Housing in Ostrava",
            "First text",
            "publish",
        )
        .await,
    );
    edit(&app, &id, "Second text", "draft").await;
    let versions = app
        .get(&format!("/admin/articles/{id}/versions"))
        .await
        .text()
        .await
        .unwrap();
    assert!(versions.contains("Version 1") && versions.contains("Version 2"));
    let one = app
        .get(&format!("/admin/articles/{id}/versions/1"))
        .await
        .text()
        .await
        .unwrap();
    assert!(one.contains("First text"));
    let res = app
        .post_form(
            &format!("/admin/articles/{id}/versions/1/restore"),
            &[
                ("csrf", &crate::support::csrf_in(&one)),
                ("version", &version_in(&one)),
            ],
        )
        .await;
    assert!(res.status().is_redirection());
    let page = app
        .get(&format!("/admin/articles/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("First text"));
    let versions = app
        .get(&format!("/admin/articles/{id}/versions"))
        .await
        .text()
        .await
        .unwrap();
    assert!(versions.contains("Version 3"));
}

#[tokio::test]
async fn a_stale_version_is_refused_and_the_form_says_so() {
    let app = admin_app().await;
    let id = id_of(&write(&app, "housing", "Housing in Ostrava", "First", "draft").await);
    let page = app
        .get(&format!("/admin/articles/{id}"))
        .await
        .text()
        .await
        .unwrap();
    let old = version_in(&page);
    edit(&app, &id, "Someone else's", "draft").await;
    let res = app
        .post_form(
            &format!("/admin/articles/{id}"),
            &[
                ("csrf", &crate::support::csrf_in(&page)),
                ("version", &old),
                ("slug", "housing"),
                ("kind", "guide"),
                ("title", "Housing in Ostrava"),
                ("summary", "Renting a flat."),
                ("body", "Mine"),
                ("action", "draft"),
            ],
        )
        .await;
    assert_eq!(res.status(), 409);
    let html = res.text().await.unwrap();
    assert!(html.contains("meanwhile") && html.contains("Mine"));
}

#[tokio::test]
async fn slugs_never_collide_with_routes_or_other_articles() {
    let app = admin_app().await;
    let res = write(&app, "study", "Studying", "x", "draft").await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("article-slug-error") && html.contains("route"));
    assert!(
        write(&app, "housing", "Housing", "x", "draft")
            .await
            .status()
            .is_redirection()
    );
    let res = write(&app, "housing", "Housing again", "x", "draft").await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("nother article has this address")
    );
    let res = write(&app, "Bad Slug!", "", "x", "draft").await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("article-title-error") && !html.contains("Housing again"));
}

/// Saves article `id` from its edit page with these `slug`, `kind` and partner kinds.
async fn save_as(
    app: &TestApp,
    id: &str,
    slug: &str,
    kind: &str,
    helps: &[&str],
    action: &str,
) -> reqwest::Response {
    let page = app
        .get(&format!("/admin/articles/{id}"))
        .await
        .text()
        .await
        .unwrap();
    let version = version_in(&page);
    let csrf = crate::support::csrf_in(&page);
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("version", version.as_str()),
        ("slug", slug),
        ("kind", kind),
        ("title", "Housing in Ostrava"),
        ("summary", "Renting a flat."),
        ("body", "Rent in **Poruba**."),
        ("action", action),
    ];
    for h in helps {
        fields.push(("partner_kinds", h));
    }
    app.post_form(&format!("/admin/articles/{id}"), &fields)
        .await
}

#[tokio::test]
async fn a_draft_with_a_new_address_and_kind_changes_nothing_public_until_published() {
    let app = admin_app().await;
    let res = write(&app, "housing", "Housing", "Rent in **Poruba**.", "publish").await;
    let id = id_of(&res);
    let visitor = spawn_visitor(&app);
    let public = |path: &'static str| {
        let visitor = visitor.clone();
        let url = app.url(path);
        async move {
            let res = visitor.get(url).send().await.unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    let res = save_as(&app, &id, "flats", "news", &["health-care"], "draft").await;
    assert!(res.status().is_redirection(), "{}", res.status());

    let (status, page) = public("/articles/housing").await;
    assert_eq!(status, 200, "the published address stays");
    assert!(
        page.contains("Guide ·") && !page.contains("News ·"),
        "{page}"
    );
    assert!(!page.contains("Who can help"), "{page}");
    assert_eq!(public("/articles/flats").await.0, 404);
    let (_, sitemap) = public("/sitemap.xml").await;
    assert!(sitemap.contains("/articles/housing") && !sitemap.contains("/articles/flats"));
    let (_, feed) = public("/feed.atom").await;
    assert!(
        !feed.contains("/articles/flats"),
        "the draft's kind is not public"
    );
    let (_, found) = public("/guides?q=Poruba").await;
    assert!(
        found.contains(r#"href="/articles/housing""#) && !found.contains("/articles/flats"),
        "{found}"
    );

    // Staff edit the draft's values; the live link is the published address.
    let edit = app
        .get(&format!("/admin/articles/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(edit.contains(r#"value="flats""#), "{edit}");
    assert!(edit.contains(r#"value="news" checked"#), "{edit}");
    assert!(edit.contains(r#"href="/articles/housing""#), "{edit}");
    // Neither address can be taken by another article meanwhile.
    for taken in ["housing", "flats"] {
        let res = write(&app, taken, "Another", "x", "draft").await;
        assert_eq!(res.status(), 422, "{taken}");
    }

    let res = save_as(&app, &id, "flats", "news", &["health-care"], "publish").await;
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(public("/articles/housing").await.0, 404);
    let (status, page) = public("/articles/flats").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("News ·") && page.contains("Who can help"),
        "{page}"
    );
    let (_, feed) = public("/feed.atom").await;
    assert!(feed.contains("/articles/flats"));
    let res = write(&app, "housing", "Another", "x", "draft").await;
    assert!(
        res.status().is_redirection(),
        "the old address is free again"
    );
}
