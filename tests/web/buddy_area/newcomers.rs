//! One newcomer's page: check-ins (the first means they met; "needs the centre's help"
//! tells the consultant), the end of the match, and the view recorded in the case history.

use super::setup;
use crate::support::assert_redirects_to;

#[tokio::test]
async fn a_check_in_that_needs_help_tells_the_consultant_and_the_first_one_means_they_met() {
    let s = setup().await;
    s.accept().await;
    let path = format!("/buddy/newcomers/{}", s.id);
    let (_, html) = s.page(&path).await;
    assert!(
        html.contains(r#"name="met_on" type="date" required value="2027-01-04""#),
        "dated today: {html}"
    );
    let res = s
        .post(
            &format!("{path}/checkins"),
            &[
                ("met_on", "2027-01-03"),
                (
                    "body",
                    "Viewed two flats; the landlord wants a Czech contract signed",
                ),
                ("needs_help", "yes"),
            ],
        )
        .await;
    assert_redirects_to(&res, &path);
    let stored = s.stored().await;
    assert_eq!(
        stored.state.label(),
        "active",
        "the first check-in: they met"
    );
    assert!(stored.started_at.is_some());
    let mails = s.mails_to("jana@centre.test").await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].subject, "Priya Sharma needs the centre's help");
    assert!(mails[0].body.contains("Czech contract"));
    let (_, html) = s.page(&path).await;
    assert!(html.contains("Their consultant is told"), "{html}");
    assert!(html.contains("Sun 3 Jan 2027"));
    assert!(
        html.contains("asked for the centre&#39;s help")
            || html.contains("asked for the centre's help")
    );
}

#[tokio::test]
async fn a_refused_check_in_keeps_what_was_typed_with_each_message_beside_its_field() {
    let s = setup().await;
    s.accept().await;
    let path = format!("/buddy/newcomers/{}", s.id);
    let res = s
        .post(
            &format!("{path}/checkins"),
            &[
                ("met_on", "2027-02-01"),
                ("body", ""),
                ("needs_help", "yes"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"id="checkin-met-on-error">A check-in is about a meeting that took place: not a future date.</p>"#), "{html}");
    assert!(html.contains(r#"id="checkin-body-error">Please fill this in.</p>"#));
    assert!(html.contains(r#"value="2027-02-01""#), "the date kept");
    assert!(html.contains(
        r#"name="needs_help" value="yes" aria-describedby="checkin-needs-help-hint" checked"#
    ));
    assert_eq!(s.stored().await.state.label(), "accepted", "nothing saved");
    assert!(s.mails_to("jana@centre.test").await.is_empty());
}

#[tokio::test]
async fn ending_a_match_needs_a_reason_and_then_removes_the_newcomer_at_once() {
    let s = setup().await;
    s.accept().await;
    let path = format!("/buddy/newcomers/{}", s.id);
    let res = s.post(&format!("{path}/end"), &[("note", "bye")]).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(r#"id="end-reason-error">Choose one of the values offered.</p>"#),
        "{html}"
    );
    assert!(html.contains(">bye</textarea>"), "the note kept");
    let res = s
        .post(
            &format!("{path}/end"),
            &[("reason", "settled"), ("note", "She has found her way")],
        )
        .await;
    assert_redirects_to(&res, "/buddy");
    let stored = s.stored().await;
    assert_eq!(stored.state.label(), "ended");
    assert_eq!(stored.end_note.as_deref(), Some("She has found her way"));
    assert_eq!(s.page(&path).await.0, 404);
    let (_, home) = s.page("/buddy").await;
    assert!(home.contains("Thank you for being a buddy"));
    assert!(!home.contains("Priya"));
    assert!(home.contains("0 of 3 places taken"));
}

#[tokio::test]
async fn opening_a_newcomer_is_in_the_case_history() {
    let s = setup().await;
    s.accept().await;
    let (status, _) = s.page(&format!("/buddy/newcomers/{}", s.id)).await;
    assert_eq!(status, 200);
    let events = softland_web::db::history::older_of_case(&s.app.db, s.case, None, 20)
        .await
        .unwrap();
    let seen = events
        .iter()
        .find(|e| e.action == softland_web::audit::AuditAction::BuddyViewed)
        .expect("the view is recorded");
    assert_eq!(seen.actor.as_deref(), Some("Asha Verma"));
}

#[tokio::test]
async fn the_home_list_of_newcomers_is_in_their_case_history_too() {
    let s = setup().await;
    s.accept().await;
    let (status, _) = s.page("/buddy").await;
    assert_eq!(status, 200);
    let events = softland_web::db::history::older_of_case(&s.app.db, s.case, None, 20)
        .await
        .unwrap();
    let listed = events
        .iter()
        .filter(|e| e.action == softland_web::audit::AuditAction::BuddyViewed)
        .filter(|e| e.after.as_deref() == Some("In the buddy's list"))
        .count();
    assert!(listed >= 1, "{events:?}");
    // The newcomer's own page says where it was seen.
    s.page(&format!("/buddy/newcomers/{}", s.id)).await;
    let events = softland_web::db::history::older_of_case(&s.app.db, s.case, None, 20)
        .await
        .unwrap();
    assert!(events.iter().any(
        |e| e.action == softland_web::audit::AuditAction::BuddyViewed
            && e.after.as_deref() == Some("On the buddy's page for them")
    ));
}
