//! Conversation mails through a real SMTP sink, their reply addresses, and replies by mail
//! filed through `POST /api/v1/inbound-mail`.

use reqwest::StatusCode;
use serde_json::{Value, json};
use softland_web::db::messages::{self, Side, Via};
use softland_web::db::notes;

use super::{Setup, page, setup_with, signed_in, write};
use crate::mail_sink::{MailSink, Received};

const DOMAIN: &str = "in.centre.test";
const SECRET: &str = "mail-server-secret-1234";

async fn with_mail(sink: &MailSink) -> Setup {
    let url = sink.url.clone();
    setup_with(move |c| {
        c.smtp_url = Some(url);
        c.mail_interval = std::time::Duration::from_millis(50);
        c.public_url = Some("https://expat.centre.test".into());
        c.inbound_mail_domain = Some(DOMAIN.into());
        c.inbound_mail_token = Some(SECRET.to_owned().into());
    })
    .await
}

/// The `Reply-To` address of `mail`.
fn reply_to(mail: &Received) -> String {
    let line = mail
        .text
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("reply-to:"))
        .unwrap_or_else(|| panic!("a Reply-To header: {}", mail.text));
    line["reply-to:".len()..].trim().to_owned()
}

async fn inbound(s: &Setup, secret: Option<&str>, body: Value) -> reqwest::Response {
    let request = s
        .app
        .client
        .post(s.app.url("/api/v1/inbound-mail"))
        .json(&body);
    match secret {
        Some(secret) => request.bearer_auth(secret),
        None => request,
    }
    .send()
    .await
    .unwrap()
}

#[tokio::test]
async fn an_expats_message_mails_the_consultant_with_the_text_a_link_and_a_reply_address() {
    let sink = MailSink::start().await;
    let s = with_mail(&sink).await;
    let id = s.case;
    let expat = signed_in(&s.app, "priya@mail.test").await;
    write(
        &s.app,
        &expat,
        &format!("/my/cases/{id}/messages"),
        "My passport expires in May.",
    )
    .await;
    let mails = sink.wait_for(1).await;
    assert_eq!(mails[0].to, ["jana@centre.test"]);
    assert!(
        mails[0].text.contains("Subject: New message from priya"),
        "{}",
        mails[0].text
    );
    assert!(mails[0].text.contains("My passport expires in May."));
    assert!(
        mails[0]
            .text
            .contains(&format!("https://expat.centre.test/cases/{id}/messages"))
    );
    assert!(reply_to(&mails[0]).starts_with("reply+"));
    assert!(reply_to(&mails[0]).ends_with(&format!("@{DOMAIN}")));
}

#[tokio::test]
async fn a_staff_reply_mails_the_household_without_the_internal_notes() {
    let sink = MailSink::start().await;
    let s = with_mail(&sink).await;
    let id = s.case;
    let note = softland_domain::note::NoteText::parse("internal: check the salary").unwrap();
    notes::add(&s.app.db, id, s.jana, notes::Visibility::Internal, &note)
        .await
        .unwrap();
    write(
        &s.app,
        &s.app.client,
        &format!("/cases/{id}/messages"),
        "See you Monday.",
    )
    .await;
    let mails = sink.wait_for(1).await;
    assert_eq!(mails[0].to, ["priya@mail.test"]);
    assert!(mails[0].text.contains("Subject: Your consultant replied"));
    assert!(mails[0].text.contains("See you Monday."));
    assert!(
        mails[0]
            .text
            .contains(&format!("https://expat.centre.test/my/cases/{id}/messages"))
    );
    assert!(!mails[0].text.contains("check the salary"));
}

#[tokio::test]
async fn a_reply_by_mail_is_filed_and_forged_or_foreign_ones_are_refused() {
    let sink = MailSink::start().await;
    let s = with_mail(&sink).await;
    let id = s.case;
    write(
        &s.app,
        &s.app.client,
        &format!("/cases/{id}/messages"),
        "Bring the lease.",
    )
    .await;
    let address = reply_to(&sink.wait_for(1).await[0]);
    let reply = |to: &str, from: &str| {
        json!({
            "to": to,
            "from": from,
            "text": "I will.\n\nOn Mon, 4 Jan 2027, Jana wrote:\n> Bring the lease.",
        })
    };
    let filed = inbound(&s, Some(SECRET), reply(&address, "Priya <PRIYA@mail.test>")).await;
    assert_eq!(filed.status(), StatusCode::CREATED);
    let thread = messages::thread(&s.app.db, id, None, 10).await.unwrap();
    let last = thread.last().unwrap();
    assert_eq!(
        (last.body.as_str(), last.side, last.via),
        ("I will.", Side::Expat, Via::Mail)
    );
    assert_eq!(last.author, Some(s.priya));
    let (_, dashboard) = page(&s.app, &s.app.client, "/").await;
    assert!(dashboard.contains("1 case with new messages"));

    let forged = address.replacen(&format!("reply+{id}."), "reply+999.", 1);
    for (to, from, field) in [
        (forged.as_str(), "priya@mail.test", "to"),
        (
            "reply+1.2.00112233445566778899aabbccddeeff@in.centre.test",
            "priya@mail.test",
            "to",
        ),
        (address.as_str(), "someone@else.test", "from"),
    ] {
        let res = inbound(&s, Some(SECRET), reply(to, from)).await;
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{to} {from}"
        );
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["field"], field);
    }
    let wrong_secret = inbound(&s, Some("guess"), reply(&address, "priya@mail.test")).await;
    assert_eq!(wrong_secret.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        messages::thread(&s.app.db, id, None, 10)
            .await
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn without_the_secret_the_inbound_endpoint_is_404() {
    let s = setup_with(|_| {}).await;
    let body = json!({"to": "reply+1.1.00@x.test", "from": "a@b.test", "text": "hi"});
    let res = inbound(&s, Some(SECRET), body).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
