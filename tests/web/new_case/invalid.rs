//! Bad input to the new-case form: 422, each message beside its field, values kept,
//! nothing stored.

use softland_web::auth::Role;
use softland_web::db::cases;

use super::{Form, Setup, error_beside, setup};
use crate::support::make_user;

/// Posts `form`, expecting it refused; the page.
async fn invalid(s: &Setup, form: Form) -> String {
    let res = form.post(&s.app).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.expect("page text");
    assert_eq!(
        cases::count(&s.app.db).await.expect("case count"),
        0,
        "nothing is stored"
    );
    html
}

#[tokio::test]
async fn missing_required_fields_are_reported_beside_each_field_and_in_a_summary() {
    let s = setup().await;
    let form = Form::valid(&s)
        .await
        .set("principal.name", " ")
        .set("principal.date_of_birth", "")
        .set("principal.nationality", "")
        .set("routes", "");
    let html = invalid(&s, form).await;
    assert_eq!(
        error_beside(&html, "principal.name").as_deref(),
        Some("please enter the name")
    );
    assert_eq!(
        error_beside(&html, "principal.date_of_birth").as_deref(),
        Some("please enter the date of birth")
    );
    assert_eq!(
        error_beside(&html, "principal.nationality").as_deref(),
        Some("please enter the nationality")
    );
    assert_eq!(
        error_beside(&html, "routes").as_deref(),
        Some("choose at least one route")
    );
    assert!(html.contains("There are 4 problems"), "{html}");
    assert!(html.contains(r##"<a href="#principal.name">Principal, full name (as in the passport): please enter the name</a>"##), "{html}");
    assert!(html.contains(r##"<a href="#routes">"##), "{html}");
    assert!(
        html.contains(r#"value="Priya@Example.com""#),
        "values are kept: {html}"
    );
    assert!(html.contains(r#"aria-invalid="true""#), "{html}");
}

#[tokio::test]
async fn malformed_dates_emails_and_passport_numbers_are_all_reported_with_values_kept() {
    let s = setup().await;
    let form = Form::valid(&s)
        .await
        .set("principal.date_of_birth", "12/04/1991")
        .set("principal.email", "not-an-email")
        .set("principal.passport_number", "AB")
        .set("principal.passport_expiry", "2032-02-30")
        .set("key_dates.arrival", "tomorrow");
    let html = invalid(&s, form).await;
    let date_message = "enter a real date as YYYY-MM-DD, e.g. 2026-12-23";
    assert_eq!(
        error_beside(&html, "principal.date_of_birth").as_deref(),
        Some(date_message)
    );
    assert_eq!(
        error_beside(&html, "principal.email").as_deref(),
        Some("enter an e-mail address like name@example.com")
    );
    assert_eq!(
        error_beside(&html, "principal.passport_number").as_deref(),
        Some("a passport number has 5–20 letters and digits")
    );
    assert_eq!(
        error_beside(&html, "principal.passport_expiry").as_deref(),
        Some(date_message)
    );
    assert_eq!(
        error_beside(&html, "key_dates.arrival").as_deref(),
        Some(date_message)
    );
    for kept in ["12/04/1991", "not-an-email", "AB", "tomorrow"] {
        assert!(
            html.contains(&format!(r#"value="{kept}""#)),
            "{kept}: {html}"
        );
    }
}

#[tokio::test]
async fn an_expired_passport_is_refused() {
    let s = setup().await;
    let form = Form::valid(&s)
        .await
        .set("principal.passport_expiry", "2026-11-30");
    let html = invalid(&s, form).await;
    assert_eq!(
        error_beside(&html, "principal.passport_expiry").as_deref(),
        Some("this passport expired on Mon 30 Nov 2026; enter the new passport")
    );
}

#[tokio::test]
async fn a_passport_number_without_an_expiry_is_refused() {
    let s = setup().await;
    let html = invalid(
        &s,
        Form::valid(&s).await.set("principal.passport_expiry", ""),
    )
    .await;
    assert_eq!(
        error_beside(&html, "principal.passport_expiry").as_deref(),
        Some("please enter the passport expiry date")
    );
}

#[tokio::test]
async fn a_date_of_birth_in_the_future_is_refused() {
    let s = setup().await;
    let form =
        Form::valid(&s)
            .await
            .dependant(["Baby Sharma", "child", "2026-12-02", "Indian", "", ""]);
    let html = invalid(&s, form).await;
    assert_eq!(
        error_beside(&html, "dependants.0.date_of_birth").as_deref(),
        Some("the date of birth cannot be in the future")
    );
}

#[tokio::test]
async fn arrival_after_the_permit_expiry_is_refused() {
    let s = setup().await;
    let html = invalid(
        &s,
        Form::valid(&s)
            .await
            .set("key_dates.permit_expiry", "2026-12-22"),
    )
    .await;
    assert_eq!(
        error_beside(&html, "key_dates.arrival").as_deref(),
        Some("arrival is after the permit expiry date (Tue 22 Dec 2026)")
    );
}

#[tokio::test]
async fn arrival_after_the_visa_expiry_is_refused() {
    let s = setup().await;
    let html = invalid(
        &s,
        Form::valid(&s)
            .await
            .set("key_dates.visa_expiry", "2026-12-20"),
    )
    .await;
    assert_eq!(
        error_beside(&html, "key_dates.arrival").as_deref(),
        Some("arrival is after the visa expiry date (Sun 20 Dec 2026)")
    );
}

#[tokio::test]
async fn insurance_ending_before_arrival_is_refused() {
    let s = setup().await;
    let html = invalid(
        &s,
        Form::valid(&s)
            .await
            .set("key_dates.insurance_end", "2026-12-22"),
    )
    .await;
    assert_eq!(
        error_beside(&html, "key_dates.insurance_end").as_deref(),
        Some("health insurance ends before arrival (Wed 23 Dec 2026)")
    );
}

#[tokio::test]
async fn an_unknown_route_is_refused() {
    let s = setup().await;
    let html = invalid(&s, Form::valid(&s).await.set("routes", "tourist-visa")).await;
    assert_eq!(
        error_beside(&html, "routes").as_deref(),
        Some("unknown route `tourist-visa`")
    );
}

#[tokio::test]
async fn a_partly_filled_dependant_row_is_refused() {
    let s = setup().await;
    let form = Form::valid(&s)
        .await
        .dependant(["", "", "", "", "", ""])
        .dependant(["Ravi Sharma", "", "", "", "", ""]);
    let html = invalid(&s, form).await;
    assert_eq!(
        error_beside(&html, "dependants.1.relation").as_deref(),
        Some("choose how this person is related")
    );
    assert_eq!(
        error_beside(&html, "dependants.1.date_of_birth").as_deref(),
        Some("please enter the date of birth")
    );
    assert_eq!(
        error_beside(&html, "dependants.1.nationality").as_deref(),
        Some("please enter the nationality")
    );
    assert!(error_beside(&html, "dependants.1.name").is_none(), "{html}");
    assert!(
        error_beside(&html, "dependants.0.name").is_none(),
        "an empty row is ignored: {html}"
    );
    assert!(html.contains(r#"value="Ravi Sharma""#), "{html}");
}

#[tokio::test]
async fn a_consultant_who_is_not_staff_is_refused() {
    let s = setup().await;
    let expat = make_user(&s.app.db, "expat@mail.test", Role::Expat).await;
    for consultant in [expat.to_string(), "99999".to_owned(), "me".to_owned()] {
        let html = invalid(&s, Form::valid(&s).await.set("consultant", &consultant)).await;
        assert_eq!(
            error_beside(&html, "consultant").as_deref(),
            Some("choose a consultant from the list")
        );
    }
}

#[tokio::test]
async fn free_text_is_escaped_when_the_form_is_shown_again() {
    let s = setup().await;
    let form = Form::valid(&s)
        .await
        .set("principal.name", r#""><script>alert(1)</script>"#)
        .set("routes", "");
    let html = invalid(&s, form).await;
    assert!(!html.contains("<script>alert(1)</script>"), "{html}");
}
