//! What a buddy may open: their own area and their own newcomers' shared details. Every
//! staff, portal and API route answers them as it answers anyone it refuses; any other
//! newcomer, an ended match or a withdrawn consent is "not found".

use softland_domain::buddy::{EndReason, MatchEvent};
use softland_web::db::{api_tokens, notes};

use super::{ambassador, request, setup, step};
use crate::messages::{household, page, signed_in};
use crate::security::{PUBLIC, concrete, routes};
use crate::support::{PASSWORD, csrf_in};

/// The routes of the buddy area (the buddy's own) and the public sign-up form. A new route
/// under `/buddy` that is not listed here is walked by the refusal test below and fails it.
const BUDDY_ROUTES: [(&str, &str); 15] = [
    ("GET", "/buddy"),
    ("GET", "/buddy/newcomers/{id}"),
    ("POST", "/buddy/newcomers/{id}/answer"),
    ("POST", "/buddy/newcomers/{id}/checkins"),
    ("POST", "/buddy/newcomers/{id}/end"),
    ("GET", "/buddy/profile"),
    ("POST", "/buddy/profile"),
    ("POST", "/buddy/profile/status"),
    ("POST", "/buddy/profile/password"),
    ("POST", "/buddy/profile/photo"),
    ("POST", "/buddy/profile/photo/delete"),
    ("GET", "/buddy/photo"),
    // The directory's public fields (issue 21).
    ("GET", "/buddy/partners"),
    ("GET", "/buddy/partners/{id}"),
    ("GET", "/buddies/apply"),
];

#[tokio::test]
async fn every_listed_buddy_route_is_in_the_router() {
    let all = routes();
    for (method, path) in BUDDY_ROUTES {
        assert!(
            all.iter().any(|(m, p)| m == method && p == path),
            "{method} {path} is listed but not routed"
        );
    }
}

#[tokio::test]
async fn every_staff_and_portal_route_refuses_a_buddy_as_it_refuses_any_other_role() {
    let s = setup().await;
    s.accept().await;
    let csrf = csrf_in(&s.page("/buddy").await.1);
    for (method, path) in routes() {
        let listed = |list: &[(&str, &str)]| list.iter().any(|(m, p)| *m == method && *p == path);
        if listed(&PUBLIC) || listed(&BUDDY_ROUTES) || path.starts_with("/api/") {
            continue;
        }
        let url = s.app.url(&concrete(&path));
        let res = match method.as_str() {
            "GET" => s.buddy.get(&url).send().await.unwrap(),
            _ => s
                .buddy
                .post(&url)
                .form(&[("csrf", csrf.as_str())])
                .send()
                .await
                .unwrap(),
        };
        let status = res.status().as_u16();
        let html = res.text().await.unwrap();
        assert!(
            status == 403 || status == 404,
            "{method} {path} answered a buddy {status}"
        );
        assert!(
            !html.contains("Sharma") && !html.contains("Priya"),
            "{method} {path}"
        );
        assert!(
            !html.contains(r#"<nav aria-label="Main">"#),
            "{method} {path}: staff navigation"
        );
    }
    assert_eq!(s.page("/buddy").await.0, 200, "still signed in");
}

#[tokio::test]
async fn a_buddy_refused_a_staff_or_portal_page_is_pointed_back_to_their_area() {
    let s = setup().await;
    for path in ["/cases", "/", "/my", "/my/account", "/account", "/admin"] {
        let (status, html) = s.page(path).await;
        assert_eq!(status, 403, "{path}");
        assert!(
            html.contains(r#"<a href="/buddy">Back to your newcomers</a>"#),
            "{path}: {html}"
        );
        assert!(!html.contains("Back to your checklist"), "{path}");
        assert!(!html.contains(r#"<nav aria-label="Main">"#), "{path}");
    }
}

#[tokio::test]
async fn a_buddy_session_opens_no_api_route_and_a_buddy_has_no_token() {
    let s = setup().await;
    s.accept().await;
    let stranger = reqwest::Client::new();
    for (method, path) in softland_web::api::ROUTES {
        let url = s.app.url(&format!("/api/v1{}", concrete(path)));
        let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let theirs = s.buddy.request(method.clone(), &url).send().await.unwrap();
        let strangers = stranger.request(method.clone(), &url).send().await.unwrap();
        assert_eq!(
            theirs.status(),
            strangers.status(),
            "{method} {path}: a buddy's session is no API credential"
        );
    }
    let res = s
        .post(
            "/account/tokens",
            &[("name", "mine"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 403, "only staff make tokens");
}

#[tokio::test]
async fn a_buddy_token_opens_nothing() {
    let s = setup().await;
    s.accept().await;
    let name = api_tokens::TokenName::parse("sneaked in").unwrap();
    let token = api_tokens::create(&s.app.db, s.asha_user, &name, None)
        .await
        .unwrap();
    let client = reqwest::Client::new();
    for (method, path) in softland_web::api::ROUTES {
        // The document and the public site's search are anyone's.
        if *path == "/openapi.json" || *path == "/public/search" {
            continue;
        }
        let url = s.app.url(&format!("/api/v1{}", concrete(path)));
        let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let res = client
            .request(method.clone(), &url)
            .bearer_auth(&token.secret)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let body = res.text().await.unwrap();
        assert!(
            matches!(status, 401 | 403 | 404),
            "{method} {path} answered a buddy's token {status}: {body}"
        );
        assert!(!body.contains("Sharma"), "{method} {path}");
    }
}

#[tokio::test]
async fn another_ambassadors_newcomer_an_ended_match_or_any_other_id_is_not_found() {
    let s = setup().await;
    let app = &s.app;
    s.accept().await;
    // Bela's newcomer Chen, accepted; Dana's request proposed to Bela; Eva's not proposed.
    let (bela, bela_user) = ambassador(app, "bela@buddies.test", "Bela Kovacs").await;
    let (chen_case, chen) = household(app, s.jana, "chen@mail.test", "Chen Li").await;
    let chens = request(app, chen_case, chen).await;
    step(app, chens, MatchEvent::Propose, s.jana, Some(bela)).await;
    step(app, chens, MatchEvent::Accept, bela_user, Some(bela)).await;
    let (dana_case, dana) = household(app, s.jana, "dana@mail.test", "Dana Novak").await;
    let danas = request(app, dana_case, dana).await;
    step(app, danas, MatchEvent::Propose, s.jana, Some(bela)).await;
    let (eva_case, eva) = household(app, s.jana, "eva@mail.test", "Eva Horak").await;
    let evas = request(app, eva_case, eva).await;
    // One of Asha's own, ended.
    let (fay_case, fay) = household(app, s.jana, "fay@mail.test", "Fay Wong").await;
    let fays = request(app, fay_case, fay).await;
    step(app, fays, MatchEvent::Propose, s.jana, Some(s.asha)).await;
    step(
        app,
        fays,
        MatchEvent::End(EndReason::MovedAway),
        s.jana,
        None,
    )
    .await;

    let ids = [
        chens.to_string(),
        danas.to_string(),
        evas.to_string(),
        fays.to_string(),
        "999999".to_owned(),
    ];
    for id in &ids {
        let path = format!("/buddy/newcomers/{id}");
        assert_eq!(s.page(&path).await.0, 404, "{path}");
        let posts = [
            ("answer", vec![("action", "accept")]),
            ("answer", vec![("action", "decline"), ("reason", "")]),
            ("checkins", vec![("met_on", "2027-01-04"), ("body", "hi")]),
            ("end", vec![("reason", "settled")]),
        ];
        for (what, fields) in posts {
            let res = s.post(&format!("{path}/{what}"), &fields).await;
            assert_eq!(res.status(), 404, "{path}/{what} {fields:?}");
        }
    }
    let (_, home) = s.page("/buddy").await;
    for name in ["Chen", "Dana", "Eva", "Fay"] {
        assert!(!home.contains(name), "{name} on Asha's page");
    }
    let chen_now = softland_web::db::buddies::get_match(&app.db, chens).await;
    assert_eq!(chen_now.unwrap().state.label(), "accepted", "untouched");
    assert_eq!(s.page("/buddy/newcomers/abc").await.0, 400);
}

#[tokio::test]
async fn a_withdrawn_consent_removes_the_newcomer_from_the_buddys_pages_at_once() {
    let s = setup().await;
    s.accept().await;
    let path = format!("/buddy/newcomers/{}", s.id);
    assert_eq!(s.page(&path).await.0, 200);
    step(
        &s.app,
        s.id,
        MatchEvent::End(EndReason::Withdrawn),
        s.priya,
        None,
    )
    .await;
    assert!(s.stored().await.consent_withdrawn);
    assert_eq!(s.page(&path).await.0, 404);
    let res = s
        .post(
            &format!("{path}/checkins"),
            &[("met_on", "2027-01-04"), ("body", "hi")],
        )
        .await;
    assert_eq!(res.status(), 404);
    let (_, home) = s.page("/buddy").await;
    assert!(!home.contains("Priya"), "{home}");
}

#[tokio::test]
async fn the_shared_page_shows_nothing_of_the_case() {
    let s = setup().await;
    s.accept().await;
    let note = softland_domain::note::NoteText::parse("Salary negotiation pending").unwrap();
    notes::add(
        &s.app.db,
        s.case,
        s.jana,
        notes::Visibility::Internal,
        &note,
    )
    .await
    .unwrap();
    for path in [format!("/buddy/newcomers/{}", s.id), "/buddy".to_owned()] {
        let (status, html) = s.page(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(html.contains("Priya"), "{path}: the first name is shared");
        for secret in [
            "Sharma",
            "Z7654321",
            "1991",
            "12 Apr",
            "Salary negotiation",
            "/cases/",
            "Indian",
            "employee",
        ] {
            assert!(!html.contains(secret), "{path} shows {secret:?}: {html}");
        }
        assert!(
            !html.contains(&format!("/cases/{}", s.case)),
            "{path} links the case"
        );
    }
}

/// Nobody else's session (staff, expat) opens the buddy area; a proposal shows no contact
/// details yet.
#[tokio::test]
async fn the_buddy_area_refuses_staff_and_expats() {
    let s = setup().await;
    let expat = signed_in(&s.app, "priya@mail.test").await;
    let staff = signed_in(&s.app, "jana@centre.test").await;
    for client in [&expat, &staff] {
        for path in [
            "/buddy",
            "/buddy/profile",
            &format!("/buddy/newcomers/{}", s.id),
        ] {
            assert_eq!(page(&s.app, client, path).await.0, 403, "{path}");
        }
    }
    let (status, html) = s.page(&format!("/buddy/newcomers/{}", s.id)).await;
    assert_eq!(status, 200, "a proposal may be read before answering");
    assert!(!html.contains("priya@mail.test") && !html.contains("601 234"));
    assert!(html.contains("Accept or decline Priya on"), "{html}");
}
