use softland_domain::person::Email;
use softland_web::auth::Role;
use softland_web::db::{cases, messages, notes, outbox, templates};
use softland_web::ids::CaseId;
use softland_web::mail::Transport;

mod workspace;

use crate::mail_sink::MailSink;
use crate::support::{
    PASSWORD, TestApp, assert_redirects_to, csrf_in, date, edited, employee_card_case, make_user,
    spawn_app_with,
};

const NEW_PASSWORD: &str = "my own long passphrase";

/// Today is Mon 4 Jan 2027; a consultant; a case for `email` (arrived Wed 23 Dec 2026).
async fn setup_with(adjust: impl FnOnce(&mut softland_web::config::Config)) -> (TestApp, CaseId) {
    let app = spawn_app_with(|c| {
        c.today_override = Some(date(2027, 1, 4));
        adjust(c);
    })
    .await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let id = new_case(&app, jana, "priya@mail.test", "Priya Sharma").await;
    assert_redirects_to(&app.sign_in("jana@centre.test", PASSWORD).await, "/");
    (app, id)
}

async fn new_case(
    app: &TestApp,
    consultant: softland_web::ids::UserId,
    email: &str,
    name: &str,
) -> CaseId {
    let catalog = templates::catalog(&app.db).await.unwrap();
    let case = edited(employee_card_case(&catalog, date(2026, 12, 23)), |c| {
        c.people[0].email = Some(Email::parse(email).unwrap());
        c.people[0].name = softland_domain::person::PersonName::parse(name).unwrap();
    });
    cases::create(&app.db, &case, consultant, consultant, None)
        .await
        .unwrap()
}

/// The consultant invites the principal; returns the link path the case page shows once
/// (no mail server is configured here) and that page.
async fn invite_with_page(app: &TestApp, id: CaseId) -> (String, String) {
    let csrf = app.csrf(&format!("/cases/{id}")).await;
    let res = app
        .post_form(&format!("/cases/{id}/people/0/invite"), &[("csrf", &csrf)])
        .await;
    assert_redirects_to(&res, &format!("/cases/{id}?at=people#people"));
    let page = app.get(&format!("/cases/{id}")).await.text().await.unwrap();
    let start = page.find("/invite/").expect("the link on the case page");
    let link = page[start..]
        .split(|c: char| c.is_whitespace() || c == '<')
        .next()
        .unwrap()
        .to_owned();
    (link, page)
}

async fn invite(app: &TestApp, id: CaseId) -> String {
    invite_with_page(app, id).await.0
}

/// A fresh browser (no cookies) on the same app.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn set_password(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    password: &str,
    confirm: &str,
) -> reqwest::Response {
    let page = client
        .get(app.url(path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_in(&page);
    client
        .post(app.url(path))
        .form(&[
            ("csrf", csrf.as_str()),
            ("password", password),
            ("confirm", confirm),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_invited_expat_sets_a_password_and_sees_their_checklist() {
    let (app, id) = setup_with(|_| {}).await;
    let (link, page) = invite_with_page(&app, id).await;
    assert!(
        page.contains("Invitation for priya@mail.test made. No mail server is configured"),
        "{page}"
    );
    assert!(
        page.contains(&link),
        "the link is shown to the consultant once"
    );
    let expat = browser();
    let res = set_password(&app, &expat, &link, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(res.headers()["location"], "/my");
    let my = expat.get(app.url("/my")).send().await.unwrap();
    assert_eq!(my.status(), 200);
    let html = my.text().await.unwrap();
    assert!(html.contains("Your next step"), "{html}");
    assert!(html.contains(
        "Report to the <a class=\"term\" href=\"/my/glossary#moi\">Ministry of the Interior</a> office after arrival"
    ));
    assert!(
        html.contains("was due Wed 30 Dec 2026 — overdue by 2 working days"),
        "{html}"
    );
    assert!(html.contains("Cannot start yet"));
    assert!(
        html.contains("Passport with the <a class=\"term\" href=\"/my/glossary#dvr\"><abbr title=\"visa for collecting a residence permit\">D/VR</abbr></a> visa"),
        "what to bring"
    );
    assert!(html.contains("Výstavní 55"), "where to go");
    assert!(
        html.contains("0 of 14 done") || html.contains(" done"),
        "{html}"
    );
    assert!(html.contains("Your consultant: <strong>jana</strong>"));
}

#[tokio::test]
async fn an_invitation_link_works_once() {
    let (app, id) = setup_with(|_| {}).await;
    let link = invite(&app, id).await;
    let late = browser();
    let late_csrf = csrf_in(
        &late
            .get(app.url(&link))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    assert!(
        set_password(&app, &browser(), &link, NEW_PASSWORD, NEW_PASSWORD)
            .await
            .status()
            .is_redirection()
    );
    let again = browser().get(app.url(&link)).send().await.unwrap();
    assert_eq!(again.status(), 410);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("has been used already")
    );
    let fields = [
        ("csrf", late_csrf.as_str()),
        ("password", "another long passphrase"),
        ("confirm", "another long passphrase"),
    ];
    let replay = late
        .post(app.url(&link))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 410);
}

#[tokio::test]
async fn an_expired_or_forged_link_gets_a_clear_page() {
    let (app, id) = setup_with(|c| c.invitation_ttl = std::time::Duration::from_secs(0)).await;
    let link = invite(&app, id).await;
    let expired = browser().get(app.url(&link)).send().await.unwrap();
    assert_eq!(expired.status(), 410);
    assert!(expired.text().await.unwrap().contains("has expired"));
    let forged = browser()
        .get(app.url("/invite/0123456789abcdef"))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 404);
    assert!(
        forged
            .text()
            .await
            .unwrap()
            .contains("This link is not valid")
    );
    let odd = browser()
        .get(app.url("/invite/%00%27%22"))
        .send()
        .await
        .unwrap();
    assert_eq!(odd.status(), 404);
}

#[tokio::test]
async fn the_password_rules_apply_to_invitations() {
    let (app, id) = setup_with(|_| {}).await;
    let link = invite(&app, id).await;
    let client = browser();
    let short = set_password(&app, &client, &link, "short", "short").await;
    assert_eq!(short.status(), 422);
    assert!(
        short
            .text()
            .await
            .unwrap()
            .contains("at least 12 characters")
    );
    assert_eq!(
        set_password(&app, &client, &link, "password1234", "password1234")
            .await
            .status(),
        422
    );
    assert_eq!(
        set_password(
            &app,
            &client,
            &link,
            NEW_PASSWORD,
            "something else entirely"
        )
        .await
        .status(),
        422
    );
    assert!(
        set_password(&app, &client, &link, NEW_PASSWORD, NEW_PASSWORD)
            .await
            .status()
            .is_redirection()
    );
}

#[tokio::test]
async fn an_expat_sees_nothing_of_another_household() {
    let (app, mine) = setup_with(|_| {}).await;
    let jana = softland_web::db::users::find_by_email(&app.db, "jana@centre.test")
        .await
        .unwrap()
        .unwrap()
        .id;
    let other = new_case(&app, jana, "tomas@mail.test", "Other Family").await;
    notes::add(
        &app.db,
        mine,
        jana,
        notes::Visibility::Internal,
        &softland_domain::note::NoteText::parse("internal: salary below threshold?").unwrap(),
    )
    .await
    .unwrap();
    for (case, text) in [
        (mine, "Bring your lease on Monday"),
        (other, "message of the other family"),
    ] {
        let body = softland_domain::note::NoteText::parse(text).unwrap();
        let message = messages::NewMessage {
            case_id: case,
            author: jana,
            side: messages::Side::Staff,
            body: &body,
            via: messages::Via::Web,
        };
        messages::post(&app.db, message, &[]).await.unwrap();
    }
    let link = invite(&app, mine).await;
    let expat = browser();
    set_password(&app, &expat, &link, NEW_PASSWORD, NEW_PASSWORD).await;
    let html = expat
        .get(app.url("/my"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("New reply"), "{html}");
    let thread = expat
        .get(app.url(&format!("/my/cases/{mine}/messages")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(thread.contains("Bring your lease on Monday"));
    for page in [&html, &thread] {
        assert!(
            !page.contains("salary below threshold"),
            "internal note leaked"
        );
        assert!(!page.contains("Other Family") && !page.contains("message of the other family"));
    }
    let foreign_thread = expat
        .get(app.url(&format!("/my/cases/{other}/messages")))
        .send()
        .await
        .unwrap();
    assert_eq!(foreign_thread.status(), 404);
    let csrf = csrf_in(&html);
    let foreign = expat
        .post(app.url(&format!("/my/cases/{other}/messages")))
        .form(&[("csrf", csrf.as_str()), ("body", "hello")])
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 404);
    let missing = expat
        .post(app.url("/my/cases/999999/messages"))
        .form(&[("csrf", csrf.as_str()), ("body", "hello")])
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(
        messages::thread(&app.db, other, None, 10)
            .await
            .unwrap()
            .len(),
        1,
        "nothing written to the other case"
    );
    for path in [
        format!("/cases/{other}"),
        format!("/cases/{mine}"),
        "/cases".to_owned(),
        "/admin".to_owned(),
    ] {
        let res = expat.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 403, "{path}");
    }
    // The home address takes them to their own pages.
    let home = expat.get(app.url("/")).send().await.unwrap();
    assert_eq!(home.status(), 303);
    assert_eq!(home.headers()["location"], "/my");
}

#[tokio::test]
async fn an_expat_message_reaches_the_consultants_conversation() {
    let (app, id) = setup_with(|_| {}).await;
    let link = invite(&app, id).await;
    let expat = browser();
    set_password(&app, &expat, &link, NEW_PASSWORD, NEW_PASSWORD).await;
    let csrf = csrf_in(
        &expat
            .get(app.url("/my"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let res = expat
        .post(app.url(&format!("/my/cases/{id}/messages")))
        .form(&[("csrf", csrf.as_str()), ("body", "I lost my passport")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["location"],
        format!("/my/cases/{id}/messages#reply").as_str()
    );
    let case_page = app.get(&format!("/cases/{id}")).await.text().await.unwrap();
    assert!(
        case_page.contains("1 new"),
        "the case page links the conversation"
    );
    let notes = &case_page[case_page.find("id=\"notes\"").unwrap()..];
    let notes = &notes[..notes.find("id=\"lifecycle\"").unwrap()];
    assert!(!notes.contains("I lost my passport"), "not among the notes");
    let page = app
        .get(&format!("/cases/{id}/messages"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("I lost my passport"));
    assert!(page.contains("Priya Sharma ·"), "{page}");
}

#[tokio::test]
async fn the_invitation_mail_is_queued_with_the_invitation() {
    let (app, id) = setup_with(|_| {}).await;
    assert!(
        outbox::list(&app.db, &outbox::Filter::default(), 10)
            .await
            .unwrap()
            .is_empty()
    );
    invite(&app, id).await;
    let mails = outbox::list(&app.db, &outbox::Filter::default(), 10)
        .await
        .unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, "priya@mail.test");
    assert_eq!(mails[0].status, outbox::MailStatus::Pending);
    let account = softland_web::db::users::find_by_email(&app.db, "priya@mail.test")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(account.role, Role::Expat);
    assert!(account.password_hash.is_none());
}

#[tokio::test]
async fn with_smtp_unreachable_a_mail_stays_pending_and_is_retried() {
    // A Saturday night ahead: no digest or reminder is planned, only the invitation is due.
    let mut day = chrono::Utc::now().date_naive() + chrono::Duration::days(1);
    while chrono::Datelike::weekday(&day) != chrono::Weekday::Sat {
        day += chrono::Duration::days(1);
    }
    let start = day.and_hms_opt(2, 0, 0).unwrap().and_utc();
    let clock = softland_web::config::Clock::fixed(start);
    let (app, id) = setup_with(|c| {
        c.run_jobs = false;
        c.clock = clock.clone();
    })
    .await;
    invite(&app, id).await;
    let down = app.runner(
        Transport::from_url(Some("smtp://127.0.0.1:1")).unwrap(),
        "a",
    );
    let pass = down.pass().await.unwrap();
    assert_eq!((pass.done, pass.failed), (0, 1));
    let filter = outbox::Filter::default();
    let after = &outbox::list(&app.db, &filter, 1).await.unwrap()[0];
    assert_eq!(after.status, outbox::MailStatus::Pending);
    assert_eq!(after.attempts, 1);
    assert!(after.last_error.is_some());
    // Not due again until its delay (2 minutes after the first failure) has passed.
    assert_eq!(
        down.pass().await.unwrap(),
        softland_web::jobs::Pass::default()
    );
    clock.set(start + chrono::Duration::minutes(3));
    assert_eq!(down.pass().await.unwrap().failed, 1);
    assert_eq!(
        outbox::list(&app.db, &filter, 1).await.unwrap()[0].attempts,
        2
    );
    // The admin's "retry now" makes it due at once; without a mail server it is logged and
    // recorded as not sent, never as sent.
    outbox::retry_now(&app.db).await.unwrap();
    let log = app.runner(Transport::Log, "b");
    assert_eq!(log.pass().await.unwrap().done, 1);
    let last = &outbox::list(&app.db, &filter, 1).await.unwrap()[0];
    assert_eq!(last.status, outbox::MailStatus::NotSent);
    assert_eq!(
        log.pass().await.unwrap(),
        softland_web::jobs::Pass::default(),
        "delivered once"
    );
}

#[tokio::test]
async fn a_password_reset_link_sets_a_new_password_and_ends_other_sessions() {
    let sink = MailSink::start().await;
    let (app, _id) = setup_with(|c| {
        c.smtp_url = Some(sink.url.clone());
        c.mail_interval = std::time::Duration::from_millis(50);
    })
    .await;
    let forgot = browser();
    let csrf = csrf_in(
        &forgot
            .get(app.url("/password/forgot"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let res = forgot
        .post(app.url("/password/forgot"))
        .form(&[("csrf", csrf.as_str()), ("email", "jana@centre.test")])
        .send()
        .await
        .unwrap();
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("If an account uses that address")
    );
    let unknown = forgot
        .post(app.url("/password/forgot"))
        .form(&[("csrf", csrf.as_str()), ("email", "nobody@centre.test")])
        .send()
        .await
        .unwrap();
    assert!(
        unknown
            .text()
            .await
            .unwrap()
            .contains("If an account uses that address")
    );
    let mails = sink.wait_for(1).await;
    assert_eq!(mails.len(), 1, "no mail for an unknown address");
    assert_eq!(mails[0].to, ["jana@centre.test"]);
    let link = mails[0]
        .link("/password/reset/")
        .expect("a link in the mail");
    let stored = outbox::list(&app.db, &outbox::Filter::default(), 10)
        .await
        .unwrap();
    assert!(
        !stored[0].body.contains("/password/reset/"),
        "no usable link is kept in the outbox: {}",
        stored[0].body
    );
    assert!(
        set_password(&app, &browser(), &link, NEW_PASSWORD, NEW_PASSWORD)
            .await
            .status()
            .is_redirection()
    );
    assert_redirects_to(&app.get("/cases").await, "/login?next=/cases");
    assert_eq!(
        app.sign_in("jana@centre.test", PASSWORD).await.status(),
        401
    );
    assert!(
        app.sign_in("jana@centre.test", NEW_PASSWORD)
            .await
            .status()
            .is_redirection()
    );
}
