//! How an ambassador gets in and where they land: sign-in, a first-password invitation and
//! a reset link all lead to their own area; their account never becomes a staff account.

use softland_web::auth::Role;

use super::setup;
use crate::messages::{page, signed_in};
use crate::support::{PASSWORD, assert_redirects_to, csrf_in, make_user};

#[tokio::test]
async fn a_signed_in_buddy_opening_the_sign_in_page_goes_to_their_area() {
    let s = setup().await;
    let res = s.buddy.get(s.app.url("/login")).send().await.unwrap();
    assert_redirects_to(&res, "/buddy");
    assert_redirects_to(
        &s.app.sign_in("asha@buddies.test", PASSWORD).await,
        "/buddy",
    );
}

#[tokio::test]
async fn a_buddys_account_cannot_be_made_staff() {
    let s = setup().await;
    make_user(&s.app.db, "petra@centre.test", Role::Admin).await;
    let admin = signed_in(&s.app, "petra@centre.test").await;
    let (_, html) = page(&s.app, &admin, "/admin/users").await;
    let res = admin
        .post(s.app.url(&format!("/admin/users/{}/role", s.asha_user)))
        .form(&[("csrf", csrf_in(&html).as_str()), ("role", "consultant")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("An ambassador&#39;s account cannot be given a staff role here.")
            || html.contains("An ambassador's account cannot be given a staff role here."),
        "{html}"
    );
    let user = softland_web::db::users::get(&s.app.db, s.asha_user)
        .await
        .unwrap();
    assert_eq!(user.role, Role::Buddy);
}

#[tokio::test]
async fn a_reset_link_and_an_invitation_send_a_buddy_to_their_area() {
    use softland_web::db::buddies::{AccountLink, AmbassadorStatus, NewAmbassador};
    let sink = crate::mail_sink::MailSink::start().await;
    let url = sink.url.clone();
    let app = crate::support::spawn_app_with(|c| {
        c.smtp_url = Some(url);
        c.mail_interval = std::time::Duration::from_millis(50);
    })
    .await;
    let invite = |_: &str, _| softland_web::db::outbox::MailText {
        subject: "Welcome".to_owned(),
        body: format!(
            "Set your password: {}",
            softland_web::db::links::LINK_PLACEHOLDER
        ),
    };
    let base = app.url("");
    let new = NewAmbassador {
        name: "Gita Rao",
        email: "gita@buddies.test",
        status: AmbassadorStatus::Active,
        profile: &super::profile(),
        actor: None,
        link: Some(AccountLink {
            base_url: &base,
            ttl: chrono::Duration::days(7),
            mail: &invite,
        }),
        notify: Vec::new(),
    };
    softland_web::db::buddies::create_ambassador(&app.db, new)
        .await
        .unwrap();
    let link = sink.wait_for(1).await[0].link("/invite/").unwrap();
    let invited = browser();
    let res = set_password(&app, &invited, &link, "a long new passphrase").await;
    assert_redirects_to(&res, "/buddy");
    let (status, _) = page(&app, &invited, "/buddy").await;
    assert_eq!(status, 200);

    let other = browser();
    let (_, html) = page(&app, &other, "/password/forgot").await;
    let form = [
        ("csrf", csrf_in(&html)),
        ("email", "gita@buddies.test".to_owned()),
    ];
    other
        .post(app.url("/password/forgot"))
        .form(&form)
        .send()
        .await
        .unwrap();
    let mails = sink.wait_for(2).await;
    let reset = mails
        .iter()
        .find_map(|m| m.link("/password/reset/"))
        .unwrap();
    let res = set_password(&app, &other, &reset, "another long passphrase").await;
    assert_redirects_to(&res, "/buddy");
}

async fn set_password(
    app: &crate::support::TestApp,
    client: &reqwest::Client,
    path: &str,
    password: &str,
) -> reqwest::Response {
    let (_, html) = page(app, client, path).await;
    client
        .post(app.url(path))
        .form(&[
            ("csrf", csrf_in(&html).as_str()),
            ("password", password),
            ("confirm", password),
        ])
        .send()
        .await
        .unwrap()
}

/// A fresh browser (no cookies) on the same app.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_command_line_makes_no_api_token_for_a_buddy() {
    let s = setup().await;
    let action = softland_web::cli::TokenAction::Create {
        email: "asha@buddies.test".to_owned(),
        name: "mine".to_owned(),
        days: None,
    };
    let err = softland_web::cli::token(&s.app.db, &action)
        .await
        .expect_err("refused");
    assert!(
        err.to_string()
            .contains("ambassadors have no access to the API"),
        "{err}"
    );
    let tokens = softland_web::db::api_tokens::list(&s.app.db, s.asha_user)
        .await
        .unwrap();
    assert!(tokens.is_empty());
}
