//! The staff account page's sessions: the list with "this browser", "sign out everywhere
//! else", ending one session, and what a forged or cross-site request cannot do.

use reqwest::StatusCode;
use softland_web::auth::Role;
use softland_web::db::sessions;

use crate::support::{PASSWORD, TestApp, assert_redirects_to, csrf_in, make_user, spawn_app};

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const SAFARI: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/// A browser of its own (cookies kept, redirects not followed) with `agent`.
fn browser(agent: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(agent)
        .build()
        .unwrap()
}

/// Signs `email` in with `client`.
async fn sign_in(app: &TestApp, client: &reqwest::Client, email: &str) {
    let res = crate::support::sign_in_with(app, client, email, PASSWORD).await;
    assert!(res.status().is_redirection(), "{}", res.status());
}

async fn get(app: &TestApp, client: &reqwest::Client, path: &str) -> reqwest::Response {
    client.get(app.url(path)).send().await.unwrap()
}

async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    csrf: &str,
) -> reqwest::Response {
    client
        .post(app.url(path))
        .form(&[("csrf", csrf)])
        .send()
        .await
        .unwrap()
}

/// An app where Jana is signed in twice: at her desk (Firefox) and on her phone (Safari).
async fn jana_in_two_browsers() -> (TestApp, reqwest::Client, reqwest::Client) {
    let app = spawn_app().await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let (desk, phone) = (browser(FIREFOX), browser(SAFARI));
    sign_in(&app, &desk, "jana@centre.test").await;
    sign_in(&app, &phone, "jana@centre.test").await;
    (app, desk, phone)
}

/// The handles of the end-one-session forms on the account page `html`.
fn end_forms(html: &str) -> Vec<String> {
    html.split(r#"action="/account/sessions/"#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter_map(|path| path.strip_suffix("/end"))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn the_account_page_lists_both_browsers_and_marks_this_one() {
    let (app, desk, _phone) = jana_in_two_browsers().await;
    let html = get(&app, &desk, "/account").await.text().await.unwrap();
    assert!(
        html.contains("Firefox on Linux <strong>(this browser)</strong>"),
        "{html}"
    );
    assert!(html.contains("Safari on iPhone"), "{html}");
    assert_eq!(html.matches("(this browser)").count(), 1, "{html}");
    assert!(html.contains("127.0.0.1"), "the address is listed: {html}");
    assert_eq!(
        end_forms(&html).len(),
        1,
        "only the other session can be ended here"
    );
    assert!(html.contains("Sign out everywhere else"), "{html}");
}

#[tokio::test]
async fn signing_out_everywhere_else_ends_the_other_browser_and_keeps_this_one() {
    let (app, desk, phone) = jana_in_two_browsers().await;
    let csrf = csrf_in(&get(&app, &desk, "/account").await.text().await.unwrap());
    let res = post(&app, &desk, "/account/sessions/end-others", &csrf).await;
    assert_redirects_to(&res, "/account");
    let html = get(&app, &desk, "/account").await.text().await.unwrap();
    assert!(html.contains("1 other session(s) ended"), "{html}");
    assert!(!html.contains("Safari on iPhone"), "{html}");
    assert!(
        html.contains("You are signed in in this browser only"),
        "{html}"
    );
    assert_redirects_to(&get(&app, &phone, "/cases").await, "/login?next=/cases");
    assert_eq!(get(&app, &desk, "/cases").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn one_other_session_can_be_ended_by_itself() {
    let (app, desk, phone) = jana_in_two_browsers().await;
    let html = get(&app, &desk, "/account").await.text().await.unwrap();
    let handle = end_forms(&html).remove(0);
    let res = post(
        &app,
        &desk,
        &format!("/account/sessions/{handle}/end"),
        &csrf_in(&html),
    )
    .await;
    assert_redirects_to(&res, "/account");
    assert_redirects_to(&get(&app, &phone, "/cases").await, "/login?next=/cases");
    assert_eq!(get(&app, &desk, "/").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn another_users_session_cannot_be_ended_and_nothing_changes() {
    let (app, desk, phone) = jana_in_two_browsers().await;
    make_user(&app.db, "petr@centre.test", Role::Consultant).await;
    let petr = browser(FIREFOX);
    sign_in(&app, &petr, "petr@centre.test").await;
    // Jana forges Petr's handle (she could only have guessed it) and some that are no handle.
    let before = sessions::count(&app.db).await.unwrap();
    let jana_page = get(&app, &desk, "/account").await.text().await.unwrap();
    let csrf = csrf_in(&jana_page);
    let petr_user = softland_web::db::users::find_by_email(&app.db, "petr@centre.test")
        .await
        .unwrap()
        .unwrap();
    let petr_handle = sessions::list_of(&app.db, petr_user.id).await.unwrap()[0]
        .handle
        .as_str()
        .to_owned();
    for forged in [
        petr_handle.as_str(),
        "0123456789abcdef0123456789abcdef",
        "x",
        "..%2F..%2Flogout",
    ] {
        let res = post(
            &app,
            &desk,
            &format!("/account/sessions/{forged}/end"),
            &csrf,
        )
        .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{forged}");
    }
    assert_eq!(sessions::count(&app.db).await.unwrap(), before);
    for (client, path) in [
        (&petr, "/account"),
        (&phone, "/account"),
        (&desk, "/account"),
    ] {
        assert_eq!(get(&app, client, path).await.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn the_current_session_is_not_ended_by_its_own_handle() {
    let (app, desk, _phone) = jana_in_two_browsers().await;
    let jana = softland_web::db::users::find_by_email(&app.db, "jana@centre.test")
        .await
        .unwrap()
        .unwrap();
    let csrf = csrf_in(&get(&app, &desk, "/account").await.text().await.unwrap());
    let handles: Vec<String> = sessions::list_of(&app.db, jana.id)
        .await
        .unwrap()
        .iter()
        .map(|s| s.handle.as_str().to_owned())
        .collect();
    let ended: Vec<StatusCode> = {
        let mut statuses = Vec::new();
        for handle in &handles {
            let path = format!("/account/sessions/{handle}/end");
            statuses.push(post(&app, &desk, &path, &csrf).await.status());
        }
        statuses
    };
    assert!(ended.contains(&StatusCode::NOT_FOUND), "its own: {ended:?}");
    assert!(
        ended.contains(&StatusCode::SEE_OTHER),
        "the other: {ended:?}"
    );
    assert_eq!(get(&app, &desk, "/account").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn ending_sessions_needs_the_csrf_token() {
    let (app, desk, phone) = jana_in_two_browsers().await;
    let html = get(&app, &desk, "/account").await.text().await.unwrap();
    let handle = end_forms(&html).remove(0);
    for path in [
        "/account/sessions/end-others".to_owned(),
        format!("/account/sessions/{handle}/end"),
    ] {
        for csrf in ["", "forged"] {
            let res = post(&app, &desk, &path, csrf).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path} {csrf:?}");
        }
    }
    assert_eq!(get(&app, &phone, "/account").await.status(), StatusCode::OK);
}
