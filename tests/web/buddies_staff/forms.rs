//! The programme's forms refuse mistakes beside the field, keep what was typed (422), and
//! never overwrite a change made meanwhile (409).

use super::{ask, invitation, invite, post, request_fields, request_of, setup};
use crate::messages::page;

#[tokio::test]
async fn the_invitation_form_shows_each_mistake_beside_its_field_and_keeps_what_was_typed() {
    let p = setup().await;
    let res = post(
        &p.app,
        &p.cora,
        ("/buddies/ambassadors/new", "/buddies/ambassadors"),
        &[
            ("name", ""),
            ("email", "not-an-address"),
            ("nationality", "Indian"),
            ("language", "Hindi"),
            ("level", ""),
            ("language", "Engl1sh"),
            ("level", "fluent"),
            ("district", "Poruba"),
            ("capacity", "11"),
            ("available_until", "31.02.2027"),
            ("introduction", "Hello from <b>Pune</b>"),
            ("phone", "call me"),
        ],
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    for id in [
        "profile-name-error",
        "profile-email-error",
        "languages-error",
        "profile-capacity-error",
        "profile-available-until-error",
        "profile-phone-error",
        "helps-with-error",
        "profile-consent-error",
    ] {
        assert!(html.contains(&format!(r#"id="{id}""#)), "{id} in {html}");
    }
    assert!(html.contains(r#"aria-describedby="profile-capacity-hint profile-capacity-error""#));
    assert!(
        html.contains("There are 8 problems"),
        "the summary counts them"
    );
    assert!(html.contains(
        r##"<a href="#profile-capacity">Newcomers at once: an ambassador looks after 1 to 10"##
    ));
    assert!(html.contains(r#"value="Indian""#) && html.contains(r#"value="Poruba""#));
    assert!(html.contains(r#"value="not-an-address""#) && html.contains(r#"value="Engl1sh""#));
    assert!(
        html.contains("Hello from &#60;b&#62;Pune&#60;/b&#62;")
            || html.contains("Hello from &lt;b&gt;Pune&lt;/b&gt;")
    );
    assert!(
        html.contains(r#"<option value="fluent" selected>"#),
        "the level chosen is kept"
    );
    let mails = super::mails_to(&p.app, "not-an-address").await;
    assert!(mails.is_empty(), "nothing was stored or sent");
}

#[tokio::test]
async fn inviting_a_taken_address_is_refused_beside_the_email() {
    let p = setup().await;
    let res = post(
        &p.app,
        &p.cora,
        ("/buddies/ambassadors/new", "/buddies/ambassadors"),
        &invitation("Priya Again", "priya@mail.test"),
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"id="profile-email-error""#), "{html}");
    assert!(html.contains("exists already"));
}

#[tokio::test]
async fn the_request_form_shows_each_mistake_beside_its_field_and_keeps_what_was_typed() {
    let p = setup().await;
    let res = ask(
        &p.app,
        &p.app.client,
        p.case,
        &[
            ("person", "4"),
            ("languages", "Hindi, 42"),
            ("district", "Poruba"),
            ("wishes", "Someone who cooks"),
            ("share_phone", "yes"),
            ("phone", ""),
        ],
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    for id in [
        "b-languages-error",
        "b-topics-error",
        "b-phone-error",
        "b-consent-error",
    ] {
        assert!(html.contains(&format!(r#"id="{id}""#)), "{id} in {html}");
    }
    assert!(html.contains(r#"value="Hindi, 42""#) && html.contains("Someone who cooks</textarea>"));
    assert!(html.contains(r#"id="b-share-phone" name="share_phone" value="yes" checked"#));

    let res = ask(
        &p.app,
        &p.app.client,
        p.case,
        &[
            ("person", "4"),
            ("languages", "Hindi"),
            ("topics", "housing"),
            ("consent", "yes"),
        ],
    )
    .await;
    assert_eq!(res.status().as_u16(), 422, "no such person");
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"id="b-person-error""#) && html.contains("has no person 4"));
}

#[tokio::test]
async fn a_profile_changed_meanwhile_is_not_overwritten() {
    let p = setup().await;
    let id = invite(&p, &invitation("Anita Desai", "anita@mail.test")).await;
    let path = format!("/buddies/ambassadors/{id}");
    let (_, html) = page(&p.app, &p.cora, &path).await;
    let mut fields = invitation("", "");
    fields.retain(|(name, _)| !matches!(*name, "name" | "email" | "consent"));
    fields.push(("version", "1"));
    let mut first = fields.clone();
    first.retain(|(name, _)| *name != "capacity");
    first.push(("capacity", "3"));
    let saved = post(&p.app, &p.cora, (&path, &path), &first).await;
    crate::support::assert_redirects_to(&saved, &format!("{path}?done=saved"));
    let (_, after) = page(&p.app, &p.cora, &path).await;
    assert!(after.contains("0 of 3 places taken"));
    assert!(html.contains(r#"name="version" value="1""#));

    let stale = post(&p.app, &p.cora, (&path, &path), &fields).await;
    assert_eq!(stale.status().as_u16(), 409);
    let html = stale.text().await.unwrap();
    assert!(html.contains("This profile was changed"), "{html}");
    assert!(html.contains(r#"id="profile-capacity" name="capacity" type="number" value="3""#));
    let stored =
        softland_web::db::buddies::ambassador(&p.app.db, softland_web::ids::AmbassadorId(id))
            .await
            .unwrap();
    assert_eq!(stored.profile.capacity.get(), 3, "the other change is kept");

    let mut wrong = fields.clone();
    wrong.retain(|(name, _)| !matches!(*name, "version" | "nationality"));
    wrong.push(("version", "2"));
    wrong.push(("nationality", ""));
    let refused = post(&p.app, &p.cora, (&path, &path), &wrong).await;
    assert_eq!(refused.status().as_u16(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains(r#"id="profile-nationality-error""#));
    assert!(
        html.contains(r#"name="version" value="2""#),
        "the version typed against is kept"
    );
}

#[tokio::test]
async fn ending_without_a_reason_shows_the_form_again_with_the_message() {
    let p = setup().await;
    ask(&p.app, &p.app.client, p.case, &request_fields()).await;
    let id = request_of(&p.app, p.case).await;
    let path = format!("/buddies/requests/{id}");
    let res = post(
        &p.app,
        &p.cora,
        (&path, &format!("{path}/end")),
        &[("reason", ""), ("note", "They never met")],
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"id="end-reason-error""#), "{html}");
    assert!(html.contains("They never met</textarea>"));
    let stored = softland_web::db::buddies::get_match(&p.app.db, id)
        .await
        .unwrap();
    assert!(stored.is_open());
}

#[tokio::test]
async fn an_empty_invitation_reports_every_required_field_at_once() {
    let p = setup().await;
    let res = post(
        &p.app,
        &p.cora,
        ("/buddies/ambassadors/new", "/buddies/ambassadors"),
        &[("name", "")],
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    for id in [
        "profile-name",
        "profile-email",
        "profile-nationality",
        "languages",
        "profile-capacity",
        "profile-introduction",
        "helps-with",
        "profile-consent",
    ] {
        assert!(
            html.contains(&format!(r#"id="{id}-error""#)),
            "{id} in {html}"
        );
    }
}
