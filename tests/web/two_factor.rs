//! Two-factor sign-in for staff (issue 23): setting it up with a code computed from the
//! secret the page shows, the second step (codes, replays, recovery codes, throttling), the
//! admins' requirement and the centre's, an admin's reset, and signing out everywhere else
//! after a change.

use softland_domain::person::Email;
use softland_web::auth::Role;
use softland_web::db::{cases, links, outbox, templates, two_factor, users};

use crate::support::{
    PASSWORD, TEST_RECOVERY_CODES, TEST_TOTP_SECRET, TestApp, assert_redirects_to, csrf_in,
    current_step, date, edited, employee_card_case, enrol_two_factor, location_of, make_user,
    post_login, sign_in_with, spawn_app, spawn_app_with, totp_code, unused_code,
};

const NEW_PASSWORD: &str = "my own long passphrase";

/// A browser of its own on `app` (cookies kept, redirects not followed).
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// An account of `role` made without two-factor (as the command line or an older version
/// made them).
async fn bare_user(app: &TestApp, email: &str, role: Role) -> softland_web::ids::UserId {
    let id = make_user(&app.db, email, Role::Consultant).await;
    users::set_role(&app.db, id, role).await.unwrap();
    id
}

/// The base32 secret the set-up page shows (grouped by four).
fn secret_on(html: &str) -> String {
    let marker = r#"<code id="secret">"#;
    let start = html.find(marker).expect("the secret") + marker.len();
    html[start..].split('<').next().unwrap().replace(' ', "")
}

/// Sets up two-factor through the page with `client`; returns the secret and the page with
/// the recovery codes.
async fn enrol(app: &TestApp, client: &reqwest::Client) -> (String, String) {
    let page = client
        .get(app.url("/account/two-factor"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("<svg role=\"img\""),
        "a QR code as inline SVG"
    );
    let secret = secret_on(&html);
    let code = totp_code(&secret, current_step());
    let res = client
        .post(app.url("/account/two-factor"))
        .form(&[("csrf", csrf_in(&html).as_str()), ("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    (secret, res.text().await.unwrap())
}

/// Posts `code` on the second step with `client`.
async fn second_step(app: &TestApp, client: &reqwest::Client, code: &str) -> reqwest::Response {
    let page = client
        .get(app.url("/login/two-factor"))
        .send()
        .await
        .unwrap();
    let csrf = csrf_in(&page.text().await.unwrap());
    client
        .post(app.url("/login/two-factor"))
        .form(&[("csrf", csrf.as_str()), ("code", code)])
        .send()
        .await
        .unwrap()
}

async fn sign_out(app: &TestApp, client: &reqwest::Client) {
    let page = client
        .get(app.url("/account/two-factor"))
        .send()
        .await
        .unwrap();
    let csrf = csrf_in(&page.text().await.unwrap());
    let res = client
        .post(app.url("/logout"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_redirects_to(&res, "/login");
}

#[tokio::test]
async fn a_consultant_sets_up_two_factor_and_then_signs_in_with_a_code_from_the_secret() {
    let app = spawn_app().await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let jana = browser();
    assert_redirects_to(
        &sign_in_with(&app, &jana, "jana@centre.test", PASSWORD).await,
        "/",
    );
    let (secret, html) = enrol(&app, &jana).await;
    assert_eq!(html.matches("<li><code>").count(), 10, "ten recovery codes");
    assert!(html.contains("download=\"softland-recovery-codes.txt\""));
    sign_out(&app, &jana).await;
    let res = post_login(&app, &jana, "jana@centre.test", PASSWORD).await;
    assert_redirects_to(&res, "/login/two-factor");
    // The code that confirmed the set-up was used: the next step's works.
    let res = second_step(&app, &jana, &totp_code(&secret, current_step() + 1)).await;
    assert_redirects_to(&res, "/");
    let cases = jana.get(app.url("/cases")).send().await.unwrap();
    assert_eq!(cases.status(), 200);
}

#[tokio::test]
async fn the_waiting_second_step_opens_no_other_page() {
    let app = spawn_app().await;
    make_user(&app.db, "ada@centre.test", Role::Admin).await;
    let ada = browser();
    let res = post_login(&app, &ada, "ada@centre.test", PASSWORD).await;
    assert_redirects_to(&res, "/login/two-factor");
    for path in [
        "/cases",
        "/account",
        "/account/two-factor",
        "/admin",
        "/admin/security",
    ] {
        let res = ada.get(app.url(path)).send().await.unwrap();
        assert!(res.status().is_redirection(), "{path}: {}", res.status());
        let to = res.headers()["location"].to_str().unwrap();
        assert!(to.starts_with("/login"), "{path} → {to}");
    }
    let form = ada.get(app.url("/login/two-factor")).send().await.unwrap();
    assert_eq!(form.status(), 200);
}

#[tokio::test]
async fn a_code_is_accepted_once_and_a_replay_is_refused() {
    let app = spawn_app().await;
    make_user(&app.db, "ada@centre.test", Role::Admin).await;
    let ada = browser();
    let code = totp_code(TEST_TOTP_SECRET, current_step());
    assert_redirects_to(
        &post_login(&app, &ada, "ada@centre.test", PASSWORD).await,
        "/login/two-factor",
    );
    assert_redirects_to(&second_step(&app, &ada, &code).await, "/");
    let thief = browser();
    assert_redirects_to(
        &post_login(&app, &thief, "ada@centre.test", PASSWORD).await,
        "/login/two-factor",
    );
    let res = second_step(&app, &thief, &code).await;
    assert_eq!(res.status(), 401);
    assert!(res.text().await.unwrap().contains("used already"));
    assert!(
        thief
            .get(app.url("/cases"))
            .send()
            .await
            .unwrap()
            .status()
            .is_redirection(),
        "not signed in"
    );
}

#[tokio::test]
async fn wrong_codes_count_toward_the_accounts_limit_like_passwords() {
    let app = spawn_app().await;
    make_user(&app.db, "ada@centre.test", Role::Admin).await;
    let ada = browser();
    assert_redirects_to(
        &post_login(&app, &ada, "ada@centre.test", PASSWORD).await,
        "/login/two-factor",
    );
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(second_step(&app, &ada, "000000").await.status().as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429]);
    let res = second_step(&app, &ada, &totp_code(TEST_TOTP_SECRET, current_step())).await;
    assert_eq!(res.status(), 429, "even the right code waits now");
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Too many failed sign-ins")
    );
    // The password counts under the same limit.
    let res = post_login(&app, &browser(), "ada@centre.test", PASSWORD).await;
    assert_eq!(res.status(), 429);
}

#[tokio::test]
async fn a_recovery_code_works_once_and_says_how_many_are_left() {
    let app = spawn_app().await;
    make_user(&app.db, "ada@centre.test", Role::Admin).await;
    let ada = browser();
    assert_redirects_to(
        &post_login(&app, &ada, "ada@centre.test", PASSWORD).await,
        "/login/two-factor",
    );
    let code = TEST_RECOVERY_CODES[3].to_uppercase();
    assert_redirects_to(&second_step(&app, &ada, &code).await, "/");
    let user = users::find_by_email(&app.db, "ada@centre.test")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(two_factor::codes_left(&app.db, user.id).await.unwrap(), 9);
    let again = browser();
    assert_redirects_to(
        &post_login(&app, &again, "ada@centre.test", PASSWORD).await,
        "/login/two-factor",
    );
    assert_eq!(second_step(&app, &again, &code).await.status(), 401);
}

#[tokio::test]
async fn an_admin_without_two_factor_sets_it_up_before_anything_else() {
    let app = spawn_app().await;
    bare_user(&app, "ada@centre.test", Role::Admin).await;
    let ada = browser();
    let res = post_login(&app, &ada, "ada@centre.test", PASSWORD).await;
    assert_redirects_to(&res, "/account/two-factor");
    for path in ["/cases", "/account", "/admin", "/"] {
        let res = ada.get(app.url(path)).send().await.unwrap();
        assert_redirects_to(&res, "/account/two-factor");
    }
    enrol(&app, &ada).await;
    assert_eq!(
        ada.get(app.url("/cases")).send().await.unwrap().status(),
        200
    );
}

#[tokio::test]
async fn the_centre_can_require_two_factor_of_all_staff() {
    let app = spawn_app().await;
    make_user(&app.db, "ada@centre.test", Role::Admin).await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    app.sign_in("ada@centre.test", PASSWORD).await;
    let csrf = app.csrf("/admin/security").await;
    let res = app
        .post_form(
            "/admin/security",
            &[("csrf", &csrf), ("require_all_staff", "on")],
        )
        .await;
    assert_redirects_to(&res, "/admin/security?done=policy");
    assert!(two_factor::requires_all_staff(&app.db).await.unwrap());
    let jana = browser();
    let res = post_login(&app, &jana, "jana@centre.test", PASSWORD).await;
    assert_redirects_to(&res, "/account/two-factor");
    assert_redirects_to(
        &jana.get(app.url("/cases")).send().await.unwrap(),
        "/account/two-factor",
    );
}

#[tokio::test]
async fn an_admin_resets_a_colleagues_two_factor_with_a_reason() {
    let app = spawn_app().await;
    make_user(&app.db, "ada@centre.test", Role::Admin).await;
    let petr = make_user(&app.db, "petr@centre.test", Role::Admin).await;
    let petr_browser = browser();
    assert_redirects_to(
        &sign_in_with(&app, &petr_browser, "petr@centre.test", PASSWORD).await,
        "/",
    );
    app.sign_in("ada@centre.test", PASSWORD).await;
    let page = app.get("/admin/security").await.text().await.unwrap();
    assert!(page.contains("petr@centre.test"));
    let csrf = csrf_in(&page);
    let path = format!("/admin/security/{}/reset", petr.0);
    let res = app
        .post_form(&path, &[("csrf", &csrf), ("reason", "")])
        .await;
    assert_eq!(res.status(), 422, "a reason is needed");
    let res = app
        .post_form(&path, &[("csrf", &csrf), ("reason", "lost phone")])
        .await;
    assert_redirects_to(&res, "/admin/security?done=reset");
    assert!(two_factor::get(&app.db, petr).await.unwrap().is_none());
    let res = petr_browser.get(app.url("/cases")).send().await.unwrap();
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login"),
        "their session ended"
    );
    let res = post_login(&app, &petr_browser, "petr@centre.test", PASSWORD).await;
    assert_redirects_to(&res, "/account/two-factor");
    let history = app.get("/admin/security").await;
    assert_eq!(history.status(), 200);
    assert_eq!(
        audit_lines(&app, "account.two_factor", "reset by an admin: lost phone").await,
        1
    );
}

/// How many audit lines of `action` say `after`.
async fn audit_lines(app: &TestApp, action: &str, after: &str) -> usize {
    use sea_orm::{ConnectionTrait as _, Statement};
    let raw = sea_orm::Database::connect(app.state.config.database_url.as_str())
        .await
        .unwrap();
    let sql = format!(
        "SELECT COUNT(*) AS n FROM audit_events WHERE action = '{action}' AND after = '{after}'"
    );
    let row = raw
        .query_one_raw(Statement::from_string(raw.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    usize::try_from(row.try_get::<i64>("", "n").unwrap()).unwrap()
}

#[tokio::test]
async fn a_two_factor_change_signs_out_every_other_session() {
    let app = spawn_app().await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let desk = browser();
    let phone = browser();
    sign_in_with(&app, &desk, "jana@centre.test", PASSWORD).await;
    sign_in_with(&app, &phone, "jana@centre.test", PASSWORD).await;
    enrol(&app, &desk).await;
    assert!(
        phone
            .get(app.url("/cases"))
            .send()
            .await
            .unwrap()
            .status()
            .is_redirection()
    );
    assert_eq!(
        desk.get(app.url("/cases")).send().await.unwrap().status(),
        200
    );
}

#[tokio::test]
async fn new_recovery_codes_replace_the_old_ones_and_turning_off_needs_password_and_code() {
    let app = spawn_app().await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let jana = browser();
    sign_in_with(&app, &jana, "jana@centre.test", PASSWORD).await;
    let (secret, _) = enrol(&app, &jana).await;
    let page = jana
        .get(app.url("/account/two-factor"))
        .send()
        .await
        .unwrap();
    let csrf = csrf_in(&page.text().await.unwrap());
    let next = totp_code(&secret, current_step() + 1);
    let res = jana
        .post(app.url("/account/two-factor/recovery-codes"))
        .form(&[("csrf", csrf.as_str()), ("code", next.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    assert_eq!(res.text().await.unwrap().matches("<li><code>").count(), 10);
    // The code just used cannot turn it off; a wrong password neither.
    let off = |password: &'static str, code: String| {
        let (jana, csrf, url) = (
            jana.clone(),
            csrf.clone(),
            app.url("/account/two-factor/disable"),
        );
        async move {
            jana.post(url)
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("password", password),
                    ("code", code.as_str()),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(off(PASSWORD, next.clone()).await.status(), 422);
    assert_eq!(off("not the password", next).await.status(), 422);
    let user = users::find_by_email(&app.db, "jana@centre.test")
        .await
        .unwrap()
        .unwrap();
    assert!(two_factor::get(&app.db, user.id).await.unwrap().is_some());
}

#[tokio::test]
async fn admins_read_and_reset_a_colleagues_two_factor_through_the_api() {
    use reqwest::Method;
    use serde_json::json;
    let api = crate::api::spawn_api().await;
    let (_, admin) = api.user_with_token("ada@centre.test", Role::Admin).await;
    let (petr, petr_token) = api.user_with_token("petr@centre.test", Role::Admin).await;
    let path = format!("/users/{}/two-factor", petr.0);
    let state: serde_json::Value = api.get_as(&path, &admin).await.json().await.unwrap();
    assert_eq!(state["enrolled"], true);
    assert_eq!(state["recovery_codes_left"], 10);
    assert_eq!(api.get(&path).await.status(), 403, "a consultant's token");
    let reset = format!("{path}/reset");
    let res = api
        .send_as(Method::POST, &reset, json!({ "reason": "" }), &admin)
        .await;
    crate::api::expect_invalid(res, "reason").await;
    let res = api
        .send_as(
            Method::POST,
            &reset,
            json!({ "reason": "lost phone" }),
            &admin,
        )
        .await;
    assert_eq!(res.status(), 204);
    let state: serde_json::Value = api.get_as(&path, &admin).await.json().await.unwrap();
    assert_eq!(state["enrolled"], false);
    assert_eq!(
        api.get_as("/me", &petr_token).await.status(),
        401,
        "their tokens are revoked"
    );
    let stranger = api.get_as("/users/999999/two-factor", &admin).await;
    assert_eq!(stranger.status(), 404);
}

/// The path of the latest single-use link mailed to `email` (a fresh secret for it: the
/// outbox keeps no usable link).
async fn link_mailed_to(app: &TestApp, email: &str) -> String {
    let filter = outbox::Filter {
        to: Some(email.to_owned()),
        ..Default::default()
    };
    let mail = outbox::list(&app.db, &filter, 1).await.unwrap().remove(0);
    let id = mail.link.expect("a mail with a link");
    links::mint(&app.db, id, "")
        .await
        .unwrap()
        .expect("a usable link")
}

/// Asks for a password-reset link for `email` on the forgot-password form.
async fn ask_for_reset_link(app: &TestApp, email: &str) -> String {
    let client = browser();
    let page = client
        .get(app.url("/password/forgot"))
        .send()
        .await
        .unwrap();
    let csrf = csrf_in(&page.text().await.unwrap());
    let res = client
        .post(app.url("/password/forgot"))
        .form(&[("csrf", csrf.as_str()), ("email", email)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    link_mailed_to(app, email).await
}

/// Chooses `NEW_PASSWORD` on the single-use link at `path` with `client`.
async fn set_password(app: &TestApp, client: &reqwest::Client, path: &str) -> reqwest::Response {
    let page = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(page.status(), 200, "{path}");
    let csrf = csrf_in(&page.text().await.unwrap());
    client
        .post(app.url(path))
        .form(&[
            ("csrf", csrf.as_str()),
            ("password", NEW_PASSWORD),
            ("confirm", NEW_PASSWORD),
        ])
        .send()
        .await
        .unwrap()
}

/// Whether `client` is sent away from `path` (to sign in, or to set up two-factor).
async fn refused(app: &TestApp, client: &reqwest::Client, path: &str) -> Option<String> {
    let res = client.get(app.url(path)).send().await.unwrap();
    res.status()
        .is_redirection()
        .then(|| location_of(&res).unwrap_or_default().to_owned())
}

#[tokio::test]
async fn a_reset_link_leads_to_the_second_step_of_an_account_with_two_factor() {
    let app = spawn_app().await;
    make_user(&app.db, "ada@centre.test", Role::Admin).await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    enrol_two_factor(&app.db, jana).await;
    for (email, page) in [
        ("ada@centre.test", "/admin"),
        ("jana@centre.test", "/cases"),
    ] {
        // Whoever reads the mailbox: the link sets the password, and the code is still asked.
        let link = ask_for_reset_link(&app, email).await;
        let reader = browser();
        let res = set_password(&app, &reader, &link).await;
        assert_redirects_to(&res, "/login/two-factor");
        for path in [page, "/account", "/account/two-factor"] {
            let to = refused(&app, &reader, path).await;
            assert!(
                to.as_deref().is_some_and(|to| to.starts_with("/login")),
                "{email} {path} → {to:?}"
            );
        }
        let again = browser().get(app.url(&link)).send().await.unwrap();
        assert_eq!(again.status(), 410, "the link is spent");
        // The owner, with the code, is signed in with the new password.
        let code = unused_code(&app.db, email, TEST_TOTP_SECRET).await;
        let res = second_step(&app, &reader, &code).await;
        assert!(res.status().is_redirection(), "{email}: {}", res.status());
        assert_eq!(refused(&app, &reader, page).await, None, "{email} {page}");
        assert_redirects_to(
            &post_login(&app, &browser(), email, NEW_PASSWORD).await,
            "/login/two-factor",
        );
    }
}

/// The answer to creating an API token with `client` (a CSRF token from the set-up page,
/// which an account that must set up two-factor may open).
async fn create_token(app: &TestApp, client: &reqwest::Client) -> reqwest::Response {
    let page = client
        .get(app.url("/account/two-factor"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let csrf = csrf_in(&page.text().await.unwrap());
    client
        .post(app.url("/account/tokens"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "script"),
            ("days", "30"),
            ("password", NEW_PASSWORD),
        ])
        .send()
        .await
        .unwrap()
}

/// An admin signed in by a link must set up two-factor before any other page, an API token
/// included.
async fn assert_enrols_first(app: &TestApp, client: &reqwest::Client) {
    for path in ["/admin", "/admin/security", "/account", "/cases", "/"] {
        assert_eq!(
            refused(app, client, path).await.as_deref(),
            Some("/account/two-factor"),
            "{path}"
        );
    }
    assert_redirects_to(&create_token(app, client).await, "/account/two-factor");
    enrol(app, client).await;
    assert_eq!(refused(app, client, "/admin").await, None);
}

#[tokio::test]
async fn a_reset_link_sends_an_admin_without_two_factor_to_set_it_up_first() {
    let app = spawn_app().await;
    bare_user(&app, "ada@centre.test", Role::Admin).await;
    let link = ask_for_reset_link(&app, "ada@centre.test").await;
    let ada = browser();
    let res = set_password(&app, &ada, &link).await;
    assert_redirects_to(&res, "/account/two-factor");
    assert_enrols_first(&app, &ada).await;
}

#[tokio::test]
async fn an_invitation_link_sends_an_admin_to_set_up_two_factor_first() {
    let app = spawn_app_with(|c| c.today_override = Some(date(2027, 1, 4))).await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let catalog = templates::catalog(&app.db).await.unwrap();
    let case = edited(employee_card_case(&catalog, date(2026, 12, 23)), |c| {
        c.people[0].email = Some(Email::parse("eva@centre.test").unwrap());
    });
    let id = cases::create(&app.db, &case, jana, jana, None)
        .await
        .unwrap();
    assert_redirects_to(&app.sign_in("jana@centre.test", PASSWORD).await, "/");
    let csrf = app.csrf(&format!("/cases/{id}")).await;
    let res = app
        .post_form(&format!("/cases/{id}/people/0/invite"), &[("csrf", &csrf)])
        .await;
    assert!(res.status().is_redirection());
    // The invited account is an admin by the time the link is used (no page makes an expat
    // staff; the store does): the link must not skip the admins' rule either.
    let eva = users::find_by_email(&app.db, "eva@centre.test")
        .await
        .unwrap()
        .expect("the invited account");
    users::set_role(&app.db, eva.id, Role::Admin).await.unwrap();
    let link = link_mailed_to(&app, "eva@centre.test").await;
    assert!(link.starts_with("/invite/"), "{link}");
    let client = browser();
    let res = set_password(&app, &client, &link).await;
    assert_redirects_to(&res, "/account/two-factor");
    assert_enrols_first(&app, &client).await;
}

#[tokio::test]
async fn two_factor_is_not_set_up_again_over_itself() {
    let app = spawn_app().await;
    let ada = make_user(&app.db, "ada@centre.test", Role::Admin).await;
    let before = two_factor::get(&app.db, ada).await.unwrap().unwrap();
    assert_redirects_to(&app.sign_in("ada@centre.test", PASSWORD).await, "/");
    let csrf = app.csrf("/account/two-factor").await;
    let code = totp_code(TEST_TOTP_SECRET, current_step());
    let res = app
        .post_form(
            "/account/two-factor",
            &[("csrf", csrf.as_str()), ("code", code.as_str())],
        )
        .await;
    assert_eq!(res.status(), 409);
    let html = res.text().await.unwrap();
    assert!(html.contains("turn it off first"), "{html}");
    let after = two_factor::get(&app.db, ada).await.unwrap().unwrap();
    assert_eq!(after.stored_secret, before.stored_secret, "the secret kept");
    assert_eq!(two_factor::codes_left(&app.db, ada).await.unwrap(), 10);
    // Nor does the store replace it.
    let then = two_factor::Consequences {
        actor: ada,
        note: "again".into(),
        keep_session: None,
        revoke_tokens: false,
    };
    let replaced = two_factor::enrol(&app.db, ada, "other", 0, &[], &then)
        .await
        .unwrap();
    assert!(!replaced);
    let after = two_factor::get(&app.db, ada).await.unwrap().unwrap();
    assert_eq!(after.stored_secret, before.stored_secret);
}
