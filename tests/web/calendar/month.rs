//! The staff month view of due dates (`/calendar?month=YYYY-MM`).

use super::{expected, setup};

#[tokio::test]
async fn month_view_lists_due_items_and_marks_holidays_and_today() {
    let (app, mine, theirs) = setup().await;
    // The cases' open items are due on 23 and 30 December 2026 (both overdue on 4 January).
    let res = app.get("/calendar?month=2026-12").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("December 2026"));
    assert!(html.contains("Public holiday"), "24–26 December");
    assert!(html.contains("Overdue:"), "items due before today");
    assert!(html.contains(r#"href="/calendar?month=2026-11""#));
    assert!(html.contains(r#"href="/calendar?month=2027-01""#));
    for (prefix, _, _) in expected(&app, mine).await {
        let id = prefix.trim_start_matches("item-").trim_end_matches('@');
        assert!(html.contains(&format!("/cases/{mine}?at=item-{id}#item-{id}")));
    }
    assert!(
        !html.contains(&format!("/cases/{theirs}?at=item-")),
        "mine only"
    );
    let team = app.get("/calendar?month=2026-12&team=1").await;
    assert_eq!(team.status(), 200);
    let html = team.text().await.unwrap();
    assert!(html.contains("Team due dates"));
    assert!(
        html.contains(&format!("/cases/{theirs}?at=item-")),
        "the team's"
    );
    let now = app.get("/calendar").await.text().await.unwrap();
    assert!(now.contains("January 2027"), "this month by default");
    assert!(now.contains(r#"aria-current="date""#), "today is marked");
}

#[tokio::test]
async fn a_month_that_is_not_one_is_refused_beside_the_field() {
    let (app, _, _) = setup().await;
    let res = app.get("/calendar?month=2027-13").await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"id="month-error""#));
    assert!(html.contains(r#"value="2027-13""#));
    assert!(html.contains("January 2027"), "this month is shown instead");
}
