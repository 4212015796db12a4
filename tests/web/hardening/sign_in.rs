//! Sign-in throttling that cannot be raced, no malicious lockout, and the client's address
//! behind a trusted proxy.

use reqwest::StatusCode;
use softland_web::auth::Role;
use softland_web::db::outbox;

use crate::support::{PASSWORD, TestApp, csrf_in, make_user, spawn_app_with};

const WRONG: &str = "not the password at all";

/// A browser of its own (cookie jar, no redirects).
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Signs in from `browser`, as if from `address` behind the trusted proxy.
async fn sign_in_from(
    app: &TestApp,
    browser: &reqwest::Client,
    address: &str,
    email: &str,
    password: &str,
) -> StatusCode {
    let page = browser.get(app.url("/login")).send().await.unwrap();
    let csrf = csrf_in(&page.text().await.unwrap());
    browser
        .post(app.url("/login"))
        .header("x-forwarded-for", address)
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
        .status()
}

/// Signs `browser` out (its trusted-device cookie stays, as it does in a real browser).
async fn sign_out(app: &TestApp, browser: &reqwest::Client) {
    let page = browser
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_in(&page);
    let res = browser
        .post(app.url("/logout"))
        .form(&[("csrf", csrf)])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
}

async fn behind_proxy(adjust: impl FnOnce(&mut softland_web::config::Config)) -> TestApp {
    spawn_app_with(|c| {
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
        adjust(c);
    })
    .await
}

#[tokio::test]
async fn concurrent_wrong_passwords_are_checked_no_more_often_than_the_limit() {
    let app = spawn_app_with(|c| {
        c.hashing_queue = 500;
        c.hashing_max_wait = std::time::Duration::from_mins(10);
    })
    .await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let csrf = app.csrf("/login").await;
    let mut guesses = tokio::task::JoinSet::new();
    for _ in 0..64 {
        let (client, url, csrf) = (app.client.clone(), app.url("/login"), csrf.clone());
        guesses.spawn(async move {
            let form = [
                ("csrf", csrf.as_str()),
                ("email", "jana@centre.test"),
                ("password", WRONG),
            ];
            client.post(url).form(&form).send().await.unwrap().status()
        });
    }
    let statuses: Vec<StatusCode> = guesses.join_all().await;
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(
        checked <= 5,
        "{checked} of 64 concurrent guesses were checked: {statuses:?}"
    );
    assert_eq!(checked + refused, 64, "{statuses:?}");
}

#[tokio::test]
async fn failures_from_one_address_do_not_lock_the_owner_out_elsewhere() {
    let app = behind_proxy(|_| {}).await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let attacker = browser();
    for _ in 0..5 {
        let status = sign_in_from(&app, &attacker, "203.0.113.9", "jana@centre.test", WRONG).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let blocked = sign_in_from(&app, &attacker, "203.0.113.9", "jana@centre.test", PASSWORD).await;
    assert_eq!(
        blocked,
        StatusCode::TOO_MANY_REQUESTS,
        "this address must wait"
    );
    let owner = sign_in_from(
        &app,
        &browser(),
        "198.51.100.7",
        "jana@centre.test",
        PASSWORD,
    )
    .await;
    assert_eq!(
        owner,
        StatusCode::SEE_OTHER,
        "the owner elsewhere is let in"
    );
}

#[tokio::test]
async fn an_account_guessed_at_from_many_addresses_still_lets_its_owners_browser_in() {
    let app = behind_proxy(|c| c.throttle_account_hourly = 10).await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    make_user(&app.db, "petra@centre.test", Role::Admin).await;
    let owner = browser();
    let first = sign_in_from(&app, &owner, "198.51.100.7", "jana@centre.test", PASSWORD).await;
    assert_eq!(first, StatusCode::SEE_OTHER);
    sign_out(&app, &owner).await;
    for n in 1..=10 {
        let address = format!("203.0.113.{n}");
        let status = sign_in_from(&app, &browser(), &address, "jana@centre.test", WRONG).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "guess {n}");
    }
    for n in 11..=13 {
        let address = format!("203.0.113.{n}");
        let status = sign_in_from(&app, &browser(), &address, "jana@centre.test", PASSWORD).await;
        assert_eq!(
            status,
            StatusCode::TOO_MANY_REQUESTS,
            "a new browser must wait"
        );
    }
    let again = sign_in_from(&app, &owner, "192.0.2.44", "jana@centre.test", PASSWORD).await;
    assert_eq!(
        again,
        StatusCode::SEE_OTHER,
        "the browser that signed in before gets in"
    );
    let alerts: Vec<_> = outbox::list(&app.db, &outbox::Filter::default(), 50)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.subject.contains("sign-ins to an account paused"))
        .collect();
    assert_eq!(
        alerts.len(),
        1,
        "one alert, not one per refusal: {alerts:?}"
    );
    assert_eq!(alerts[0].to, "petra@centre.test");
}

#[tokio::test]
async fn forwarded_addresses_are_believed_only_from_a_trusted_proxy() {
    let app = spawn_app_with(|_| {}).await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    for n in 1..=5 {
        let address = format!("203.0.113.{n}");
        let status = sign_in_from(&app, &browser(), &address, "jana@centre.test", WRONG).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let status = sign_in_from(
        &app,
        &browser(),
        "203.0.113.99",
        "jana@centre.test",
        PASSWORD,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "an invented X-Forwarded-For does not make a new address"
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_https_makes_cookies_secure_and_sends_hsts() {
    let app = behind_proxy(|_| {}).await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let plain = app.get("/login").await;
    assert!(plain.headers().get("strict-transport-security").is_none());
    let res = reqwest::Client::new()
        .get(app.url("/login"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert!(res.headers().contains_key("strict-transport-security"));
    let cookies: Vec<_> = res.headers().get_all("set-cookie").iter().collect();
    assert!(!cookies.is_empty());
    for cookie in cookies {
        assert!(cookie.to_str().unwrap().contains("; Secure"), "{cookie:?}");
    }
}

#[tokio::test]
async fn an_address_without_an_account_raises_no_alert() {
    let app = behind_proxy(|c| c.throttle_account_hourly = 2).await;
    make_user(&app.db, "petra@centre.test", Role::Admin).await;
    for n in 1..=4 {
        let address = format!("203.0.113.{n}");
        sign_in_from(&app, &browser(), &address, "nobody@centre.test", WRONG).await;
    }
    let mails = outbox::list(&app.db, &outbox::Filter::default(), 10)
        .await
        .unwrap();
    assert!(mails.is_empty(), "{mails:?}");
}

#[tokio::test]
async fn a_reset_link_lifts_the_pause_and_trusts_the_browser() {
    let sink = crate::mail_sink::MailSink::start().await;
    let url = sink.url.clone();
    let app = behind_proxy(|c| {
        c.throttle_account_hourly = 3;
        c.smtp_url = Some(url);
        c.mail_interval = std::time::Duration::from_millis(50);
    })
    .await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    for n in 1..=3 {
        let address = format!("203.0.113.{n}");
        sign_in_from(&app, &browser(), &address, "jana@centre.test", WRONG).await;
    }
    let owner = browser();
    let paused = sign_in_from(&app, &owner, "198.51.100.7", "jana@centre.test", PASSWORD).await;
    assert_eq!(paused, StatusCode::TOO_MANY_REQUESTS);
    let page = owner.get(app.url("/password/forgot")).send().await.unwrap();
    let csrf = csrf_in(&page.text().await.unwrap());
    let form = [("csrf", csrf.as_str()), ("email", "jana@centre.test")];
    owner
        .post(app.url("/password/forgot"))
        .form(&form)
        .send()
        .await
        .unwrap();
    let link = sink.wait_for(1).await[0].link("/password/reset/").unwrap();
    let page = owner
        .get(app.url(&link))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let new = "a brand new passphrase";
    let form = [
        ("csrf", csrf_in(&page)),
        ("password", new.into()),
        ("confirm", new.into()),
    ];
    let res = owner.post(app.url(&link)).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(
        res.headers()
            .get_all("set-cookie")
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("softland_device=")),
        "the browser that reset the password is trusted"
    );
    let fresh = sign_in_from(&app, &browser(), "192.0.2.9", "jana@centre.test", new).await;
    assert_eq!(
        fresh,
        StatusCode::SEE_OTHER,
        "the pause on the old password is lifted"
    );
}
