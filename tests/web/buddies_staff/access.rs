//! Who may open the programme's pages: coordinators (consultants with the permission) and
//! admins; any other consultant, an expat or an ambassador gets 403, a stranger is sent to
//! sign in. Only an admin gives or takes the permission.

use softland_web::auth::Role;

use super::{ask, invitation, invite, post, request_fields, request_of, setup};
use crate::messages::{page, signed_in};
use crate::support::{assert_redirects_to, csrf_in, make_user};

/// Every page of the programme (with ids that exist).
fn pages(request: &str, ambassador: i64) -> Vec<String> {
    vec![
        "/buddies".to_owned(),
        "/buddies/export.csv".to_owned(),
        "/buddies/ambassadors".to_owned(),
        "/buddies/ambassadors/new".to_owned(),
        format!("/buddies/ambassadors/{ambassador}"),
        format!("/buddies/ambassadors/{ambassador}/photo"),
        format!("/buddies/requests/{request}"),
    ]
}

/// Every form of the programme.
fn forms(request: &str, ambassador: i64) -> Vec<String> {
    vec![
        "/buddies/ambassadors".to_owned(),
        format!("/buddies/ambassadors/{ambassador}"),
        format!("/buddies/ambassadors/{ambassador}/status"),
        format!("/buddies/ambassadors/{ambassador}/photo/delete"),
        format!("/buddies/requests/{request}/propose"),
        format!("/buddies/requests/{request}/end"),
    ]
}

#[tokio::test]
async fn a_consultant_without_the_permission_gets_403_on_every_programme_route() {
    let p = setup().await;
    let anita = invite(&p, &invitation("Anita Desai", "anita@mail.test")).await;
    ask(&p.app, &p.app.client, p.case, &request_fields()).await;
    let id = request_of(&p.app, p.case).await.to_string();
    for path in pages(&id, anita) {
        let (status, _) = page(&p.app, &p.app.client, &path).await;
        assert_eq!(status, 403, "GET {path}");
    }
    let (_, dashboard) = page(&p.app, &p.app.client, "/").await;
    assert!(
        !dashboard.contains(r#"href="/buddies""#),
        "no Buddies link in Jana's nav"
    );
    let csrf = csrf_in(&dashboard);
    for path in forms(&id, anita) {
        let res = p
            .app
            .client
            .post(p.app.url(&path))
            .form(&[
                ("csrf", csrf.as_str()),
                ("status", "paused"),
                ("ambassador", &anita.to_string()),
                ("version", "1"),
                ("reason", "settled"),
                ("name", "X"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 403, "POST {path}");
    }
    let stored = softland_web::db::buddies::get_match(&p.app.db, id.parse().unwrap())
        .await
        .unwrap();
    assert!(stored.is_open(), "nothing was changed");
}

#[tokio::test]
async fn expats_get_403_and_strangers_are_sent_to_sign_in() {
    let p = setup().await;
    let anita = invite(&p, &invitation("Anita Desai", "anita@mail.test")).await;
    let expat = signed_in(&p.app, "priya@mail.test").await;
    let stranger = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for path in pages("1", anita) {
        let (status, _) = page(&p.app, &expat, &path).await;
        assert_eq!(status, 403, "an expat: GET {path}");
        let res = stranger.get(p.app.url(&path)).send().await.unwrap();
        assert!(res.status().is_redirection(), "a stranger: GET {path}");
        let location = res.headers()["location"].to_str().unwrap();
        assert!(location.starts_with("/login"), "{location}");
    }
    let (status, _) = page(&p.app, &expat, &format!("/cases/{}/buddy", p.case)).await;
    assert_eq!(status, 403, "the consultant's request form is for staff");
}

#[tokio::test]
async fn an_admin_coordinates_without_the_permission() {
    let p = setup().await;
    make_user(&p.app.db, "ada@centre.test", Role::Admin).await;
    let ada = signed_in(&p.app, "ada@centre.test").await;
    let (status, html) = page(&p.app, &ada, "/buddies").await;
    assert_eq!(status, 200);
    assert!(html.contains("Buddy programme"));
}

#[tokio::test]
async fn only_an_admin_gives_and_takes_the_coordinator_permission() {
    let p = setup().await;
    let jana = p.jana;
    let path = format!("/admin/users/{jana}/buddy-coordinator");
    let (_, dashboard) = page(&p.app, &p.app.client, "/").await;
    let refused = p
        .app
        .client
        .post(p.app.url(&path))
        .form(&[("csrf", csrf_in(&dashboard).as_str()), ("on", "true")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        refused.status().as_u16(),
        403,
        "a consultant cannot give it"
    );
    let refused = post(&p.app, &p.cora, ("/buddies", &path), &[("on", "true")]).await;
    assert_eq!(refused.status().as_u16(), 403, "nor can a coordinator");

    make_user(&p.app.db, "ada@centre.test", Role::Admin).await;
    let ada = signed_in(&p.app, "ada@centre.test").await;
    let (_, users) = page(&p.app, &ada, "/admin/users").await;
    assert!(users.contains(&format!(
        r#"action="/admin/users/{jana}/buddy-coordinator""#
    )));
    let res = post(&p.app, &ada, ("/admin/users", &path), &[("on", "true")]).await;
    assert_redirects_to(&res, &format!("/admin/users?done=coordinator#user-{jana}"));
    let (status, html) = page(&p.app, &p.app.client, "/buddies").await;
    assert_eq!(status, 200, "Jana coordinates now");
    assert!(html.contains(r#"href="/buddies" aria-current="page">Buddies"#));
    let (_, users) = page(&p.app, &ada, "/admin/users?done=coordinator").await;
    assert!(users.contains("consultant · buddy coordinator"));

    let res = post(&p.app, &ada, ("/admin/users", &path), &[("on", "false")]).await;
    assert_redirects_to(
        &res,
        &format!("/admin/users?done=not-coordinator#user-{jana}"),
    );
    let (status, _) = page(&p.app, &p.app.client, "/buddies").await;
    assert_eq!(status, 403, "taken again");

    let bad = post(&p.app, &ada, ("/admin/users", &path), &[("on", "maybe")]).await;
    assert_eq!(bad.status().as_u16(), 422);
    let priya = p.priya;
    let expat = format!("/admin/users/{priya}/buddy-coordinator");
    let res = post(&p.app, &ada, ("/admin/users", &expat), &[("on", "true")]).await;
    assert_eq!(
        res.status().as_u16(),
        422,
        "an expat account cannot coordinate"
    );
}
