//! What the public site offers machines (issue 22): the sitemap, robots.txt, the Atom feed;
//! and the directory for visitors.

use crate::public_articles::{admin_app, write};
use crate::support::spawn_app;

#[tokio::test]
async fn the_sitemap_lists_public_pages_and_published_articles_only() {
    let app = admin_app().await;
    write(&app, "housing", "Housing", "x", "publish").await;
    write(&app, "hidden", "Hidden", "x", "draft").await;
    let res = app.get("/sitemap.xml").await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("xml")
    );
    let xml = res.text().await.unwrap();
    assert!(xml.starts_with("<?xml"));
    assert!(xml.contains("<urlset") && xml.trim_end().ends_with("</urlset>"));
    assert_eq!(xml.matches("<url>").count(), xml.matches("</url>").count());
    assert!(xml.contains("/guides/employee-card</loc>"));
    assert!(xml.contains("/articles/housing</loc><lastmod>"));
    assert!(!xml.contains("hidden"));
}

#[tokio::test]
async fn robots_closes_staff_areas_and_names_the_sitemap() {
    let app = spawn_app().await;
    let text = app.get("/robots.txt").await.text().await.unwrap();
    assert!(text.contains("Disallow: /api/") && text.contains("Disallow: /admin"));
    assert!(text.contains("Sitemap: http") && text.contains("/sitemap.xml"));
    let closed: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("Disallow: "))
        .collect();
    for path in [
        "/admin/",
        "/admin/articles",
        "/my/",
        "/enquiries",
        "/enquiries/1",
        "/programme",
        "/programme/3/attendance",
        "/dashboard/warnings",
        "/api/",
        "/api/v1/cases",
    ] {
        assert!(
            closed.iter().any(|c| path.starts_with(c)),
            "{path} is open: {text}"
        );
    }
    for open in ["/", "/contact", "/articles/housing", "/guides"] {
        assert!(
            !closed.iter().any(|c| open.starts_with(c)),
            "{open} is closed: {text}"
        );
    }
}

#[tokio::test]
async fn the_feed_is_atom_of_news_with_escaped_text() {
    let app = admin_app().await;
    let csrf = app.csrf("/admin/articles/new").await;
    app.post_form(
        "/admin/articles",
        &[
            ("csrf", &csrf),
            ("slug", "new-hours"),
            ("kind", "news"),
            ("title", "Longer hours <b>& more</b>"),
            ("summary", "We open at 8."),
            ("body", "x"),
            ("action", "publish"),
        ],
    )
    .await;
    write(&app, "a-guide", "A guide", "x", "publish").await;
    let res = app.get("/feed.atom").await;
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("atom")
    );
    let xml = res.text().await.unwrap();
    assert!(xml.contains(r#"<feed xmlns="http://www.w3.org/2005/Atom">"#));
    assert!(xml.contains("Longer hours &lt;b&gt;&amp; more&lt;/b&gt;"));
    assert!(xml.contains("/articles/new-hours\"/>"));
    assert!(!xml.contains("a-guide"), "guides are not news");
    assert_eq!(
        xml.matches("<entry>").count(),
        xml.matches("</entry>").count()
    );
}

#[tokio::test]
async fn the_public_directory_shows_public_active_organisations_only() {
    let app = spawn_app().await;
    let res = app.get("/directory").await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.get("/directory?kind=no-such-kind").await.status(), 200);
    assert_eq!(app.get("/directory/999999").await.status(), 404);
}
