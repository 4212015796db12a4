//! Single-use links and invitations: forged links cost no hash, older links die, reset mails
//! are limited, no link stays in the outbox, no consultant can take over an expat's account.

use reqwest::StatusCode;
use softland_domain::person::{Email, PersonName};
use softland_web::auth::Role;
use softland_web::config::Config;
use softland_web::db::{cases, outbox, templates};
use softland_web::ids::{CaseId, UserId};

use crate::mail_sink::MailSink;
use crate::support::{
    PASSWORD, TestApp, assert_redirects_to, csrf_in, date, edited, employee_card_case, make_user,
    spawn_app_with,
};

const NEW_PASSWORD: &str = "my own long passphrase";

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Posts a new password to the link at `path` from a fresh browser.
async fn use_link(app: &TestApp, path: &str, password: &str) -> reqwest::Response {
    let client = browser();
    let page = client.get(app.url(path)).send().await.unwrap();
    let csrf = if page.status() == 200 {
        csrf_in(&page.text().await.unwrap())
    } else {
        // A dead link shows no form: take a token from the sign-in page.
        let login = client.get(app.url("/login")).send().await.unwrap();
        csrf_in(&login.text().await.unwrap())
    };
    let form = [
        ("csrf", csrf.as_str()),
        ("password", password),
        ("confirm", password),
    ];
    client.post(app.url(path)).form(&form).send().await.unwrap()
}

async fn ask_for_reset(app: &TestApp, email: &str) -> reqwest::Response {
    let client = browser();
    let page = client
        .get(app.url("/password/forgot"))
        .send()
        .await
        .unwrap();
    let csrf = csrf_in(&page.text().await.unwrap());
    let form = [("csrf", csrf.as_str()), ("email", email)];
    client
        .post(app.url("/password/forgot"))
        .form(&form)
        .send()
        .await
        .unwrap()
}

async fn with_mail(adjust: impl FnOnce(&mut Config)) -> (TestApp, MailSink) {
    let sink = MailSink::start().await;
    let url = sink.url.clone();
    let app = spawn_app_with(|c| {
        c.smtp_url = Some(url);
        c.mail_interval = std::time::Duration::from_millis(50);
        c.today_override = Some(date(2027, 1, 4));
        adjust(c);
    })
    .await;
    (app, sink)
}

#[tokio::test]
async fn forged_link_posts_are_refused_without_hashing_and_sign_ins_go_on() {
    let app = spawn_app_with(|c| c.throttle_per_address = 1_000).await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let mut flood = tokio::task::JoinSet::new();
    for n in 0..96 {
        let (client, url) = (
            browser(),
            app.url(&format!("/password/reset/forged{n:058}")),
        );
        let login = app.url("/login");
        flood.spawn(async move {
            let page = client
                .get(login)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let csrf = csrf_in(&page);
            let form = [
                ("csrf", csrf.as_str()),
                ("password", NEW_PASSWORD),
                ("confirm", NEW_PASSWORD),
            ];
            client.post(url).form(&form).send().await.unwrap().status()
        });
    }
    for _ in 0..5 {
        let res = browser();
        let page = res
            .get(app.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let form = [
            ("csrf", csrf_in(&page)),
            ("email", "jana@centre.test".into()),
            ("password", PASSWORD.into()),
        ];
        let status = res
            .post(app.url("/login"))
            .form(&form)
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, StatusCode::SEE_OTHER, "a sign-in during the flood");
    }
    for status in flood.join_all().await {
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn forged_link_posts_from_one_address_are_throttled() {
    let app = spawn_app_with(|c| c.throttle_per_address = 3).await;
    for n in 0..3 {
        let res = use_link(&app, &format!("/invite/forged{n}"), NEW_PASSWORD).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    let res = use_link(&app, "/invite/forged-again", NEW_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_new_reset_link_or_password_kills_every_older_link() {
    let (app, sink) = with_mail(|_| {}).await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    ask_for_reset(&app, "jana@centre.test").await;
    let first = sink.wait_for(1).await[0].link("/password/reset/").unwrap();
    ask_for_reset(&app, "jana@centre.test").await;
    let second = sink.wait_for(2).await[1].link("/password/reset/").unwrap();
    assert_eq!(
        use_link(&app, &first, NEW_PASSWORD).await.status(),
        StatusCode::GONE
    );
    ask_for_reset(&app, "jana@centre.test").await;
    let third = sink.wait_for(3).await[2].link("/password/reset/").unwrap();
    // The owner changes the password another way (here: an admin): every link dies.
    let hash = softland_web::auth::password::hash(
        &softland_web::auth::password::Password::parse("an admin's choice of words").unwrap(),
    )
    .unwrap();
    let change = softland_web::db::credentials::PasswordChange {
        user: jana,
        hash,
        keep_session: None,
        notice: None,
    };
    softland_web::db::credentials::change_password(&app.db, change)
        .await
        .unwrap();
    for dead in [second, third] {
        assert_eq!(
            use_link(&app, &dead, NEW_PASSWORD).await.status(),
            StatusCode::GONE
        );
    }
}

#[tokio::test]
async fn reset_mails_to_one_account_are_limited_and_the_page_says_the_same() {
    let (app, sink) = with_mail(|c| c.throttle_per_account = 100).await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    for _ in 0..6 {
        let page = ask_for_reset(&app, "jana@centre.test")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("If an account uses that address"), "{page}");
    }
    let queued = outbox::list(&app.db, &outbox::Filter::default(), 50)
        .await
        .unwrap();
    assert_eq!(queued.len(), 3, "three mails an hour, not six");
    // Each new link cancels the older ones: a mail whose link died before it was sent is
    // not sent at all.
    let newest = sink.wait_for(1).await.pop().unwrap();
    assert!(newest.link("/password/reset/").is_some());
}

/// A consultant (signed in) and a case for `email` as its principal `name`.
async fn case_for(app: &TestApp, consultant: UserId, email: &str, name: &str) -> CaseId {
    let catalog = templates::catalog(&app.db).await.unwrap();
    let case = edited(employee_card_case(&catalog, date(2026, 12, 23)), |c| {
        c.people[0].email = Some(Email::parse(email).unwrap());
        c.people[0].name = PersonName::parse(name).unwrap();
    });
    cases::create(&app.db, &case, consultant, consultant, None)
        .await
        .unwrap()
}

async fn invite(app: &TestApp, id: CaseId) -> String {
    let csrf = app.csrf(&format!("/cases/{id}")).await;
    let res = app
        .post_form(&format!("/cases/{id}/people/0/invite"), &[("csrf", &csrf)])
        .await;
    assert_redirects_to(&res, &format!("/cases/{id}?at=people#people"));
    app.get(&format!("/cases/{id}")).await.text().await.unwrap()
}

#[tokio::test]
async fn with_a_mail_server_the_invitation_link_reaches_only_the_mailbox() {
    let (app, sink) = with_mail(|_| {}).await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    app.sign_in("jana@centre.test", PASSWORD).await;
    let id = case_for(&app, jana, "priya@mail.test", "Priya Sharma").await;
    let page = invite(&app, id).await;
    assert!(
        page.contains("Invitation sent to priya@mail.test"),
        "{page}"
    );
    assert!(!page.contains("/invite/"), "the link is not shown to staff");
    let stored = outbox::list(&app.db, &outbox::Filter::default(), 5)
        .await
        .unwrap();
    assert!(!stored[0].body.contains("/invite/"), "{}", stored[0].body);
    let mail = sink.wait_for(1).await.remove(0);
    assert_eq!(mail.to, ["priya@mail.test"]);
    let link = mail.link("/invite/").expect("the link in the mail");
    assert_redirects_to(&use_link(&app, &link, NEW_PASSWORD).await, "/my");
}

/// Priya's own household (case A), with her password set through its invitation.
async fn priya_with_a_password(app: &TestApp, jana: UserId) -> CaseId {
    let mine = case_for(app, jana, "priya@mail.test", "Priya Sharma").await;
    let page = invite(app, mine).await;
    let start = page.find("/invite/").unwrap();
    let link = page[start..]
        .split(|c: char| c.is_whitespace() || c == '<')
        .next()
        .unwrap();
    assert_redirects_to(&use_link(app, link, NEW_PASSWORD).await, "/my");
    mine
}

#[tokio::test]
async fn a_consultant_cannot_attach_an_expats_account_to_another_household() {
    let app = spawn_app_with(|c| c.today_override = Some(date(2027, 1, 4))).await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    app.sign_in("jana@centre.test", PASSWORD).await;
    let mine = priya_with_a_password(&app, jana).await;
    // Another case names Priya's address: inviting it sends no password link and links
    // nothing.
    let other = case_for(&app, jana, "priya@mail.test", "Someone Else").await;
    let mails_before = outbox::list(&app.db, &outbox::Filter::default(), 50)
        .await
        .unwrap()
        .len();
    let page = invite(&app, other).await;
    assert!(page.contains("already has a softland account"), "{page}");
    assert!(!page.contains("/invite/"), "{page}");
    let mails = outbox::list(&app.db, &outbox::Filter::default(), 50)
        .await
        .unwrap();
    assert_eq!(mails.len(), mails_before + 1);
    assert!(
        mails[0].subject.contains("Please confirm"),
        "{}",
        mails[0].subject
    );
    assert!(mails[0].link.is_none() && !mails[0].body.contains("/invite/"));

    let priya = browser();
    let csrf = csrf_in(
        &priya
            .get(app.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let form = [
        ("csrf", csrf.as_str()),
        ("email", "priya@mail.test"),
        ("password", NEW_PASSWORD),
    ];
    let res = priya
        .post(app.url("/login"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "her password still works"
    );
    let portal = priya
        .get(app.url("/my"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(portal.contains("Is this you?"), "{portal}");
    assert!(
        !portal.contains(&format!("/my/cases/{other}/messages")),
        "nothing of it yet"
    );
    assert!(portal.contains(&format!("/my/cases/{mine}/messages")));

    // Declined: nothing is shared, the request is gone.
    let stored = cases::load(&app.db, other).await.unwrap();
    let person = stored.person_ids[0];
    let csrf = csrf_in(&portal);
    let res = priya
        .post(app.url(&format!("/my/links/{person}/decline")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    let portal = priya
        .get(app.url("/my"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!portal.contains("Is this you?") && !portal.contains(&format!("/my/cases/{other}/")));
    let again = priya
        .post(app.url(&format!("/my/links/{person}/confirm")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        again.status(),
        StatusCode::NOT_FOUND,
        "a declined request cannot be confirmed"
    );
}

#[tokio::test]
async fn a_confirmed_request_links_the_account_and_shows_the_case() {
    let app = spawn_app_with(|c| c.today_override = Some(date(2027, 1, 4))).await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    app.sign_in("jana@centre.test", PASSWORD).await;
    priya_with_a_password(&app, jana).await;
    let other = case_for(&app, jana, "priya@mail.test", "Priya Sharma").await;
    invite(&app, other).await;
    let person = cases::load(&app.db, other).await.unwrap().person_ids[0];

    // Nobody else can answer her request.
    let petr = browser();
    make_user(&app.db, "petr@mail.test", Role::Expat).await;
    let csrf = csrf_in(
        &petr
            .get(app.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let form = [
        ("csrf", csrf.as_str()),
        ("email", "petr@mail.test"),
        ("password", PASSWORD),
    ];
    petr.post(app.url("/login"))
        .form(&form)
        .send()
        .await
        .unwrap();
    let csrf = csrf_in(
        &petr
            .get(app.url("/my"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let res = petr
        .post(app.url(&format!("/my/links/{person}/confirm")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    let priya = browser();
    let csrf = csrf_in(
        &priya
            .get(app.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let form = [
        ("csrf", csrf.as_str()),
        ("email", "priya@mail.test"),
        ("password", NEW_PASSWORD),
    ];
    priya
        .post(app.url("/login"))
        .form(&form)
        .send()
        .await
        .unwrap();
    let csrf = csrf_in(
        &priya
            .get(app.url("/my"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let res = priya
        .post(app.url(&format!("/my/links/{person}/confirm")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    let portal = priya
        .get(app.url("/my"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        portal.contains(&format!("/my/cases/{other}/messages")),
        "{portal}"
    );
}

#[tokio::test]
async fn an_unused_account_of_another_household_must_confirm_too() {
    let app = spawn_app_with(|c| c.today_override = Some(date(2027, 1, 4))).await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    app.sign_in("jana@centre.test", PASSWORD).await;
    let first = case_for(&app, jana, "priya@mail.test", "Priya Sharma").await;
    invite(&app, first).await;
    // Priya has not chosen a password yet; a second case names her address.
    let second = case_for(&app, jana, "priya@mail.test", "Priya Sharma").await;
    let page = invite(&app, second).await;
    assert!(page.contains("asked to sign in and confirm"), "{page}");
    assert!(
        !page.contains("/invite/"),
        "no second set-password link: {page}"
    );
}
