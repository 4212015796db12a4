//! The programme's CSV export: a row per request, nothing of the newcomer's case, cells a
//! spreadsheet would run as formulas neutralised.

use super::{accept, ask, invitation, invite, propose, request_fields, request_of, setup};
use crate::messages::{household, page};

#[tokio::test]
async fn the_export_has_a_row_per_request_without_the_newcomers_details_and_safe_cells() {
    let p = setup().await;
    let name = r#"=HYPERLINK("http://x.test";"Anna")"#;
    let anna = invite(&p, &invitation(name, "anna@mail.test")).await;
    ask(&p.app, &p.app.client, p.case, &request_fields()).await;
    let first = request_of(&p.app, p.case).await;
    propose(&p, first, anna).await;
    accept(&p.app, first, anna).await;
    let (raj, _) = household(&p.app, p.jana, "raj@mail.test", "Raj Kumar").await;
    ask(&p.app, &p.app.client, raj, &request_fields()).await;

    let res = p
        .cora
        .get(p.app.url("/buddies/export.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("buddy-matches-2027-01-04.csv")
    );
    let body = res.text().await.unwrap();
    let body = body.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(
        lines[0],
        "id;requested;state;days to match;ambassador;languages;help with;ended;end reason;rating"
    );
    assert_eq!(lines.len(), 3, "a header and one row per request: {body}");
    assert!(
        lines[1].contains(
            r#";accepted;0;"'=HYPERLINK(""http://x.test"";""Anna"")";Hindi, English;housing;;;"#
        ),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains(";requested;;;Hindi, English;housing;;;"),
        "{}",
        lines[2]
    );
    for private in ["Priya", "Raj", "priya@mail.test", "Z7654321", "Poruba"] {
        assert!(!body.contains(private), "{private} is not exported");
    }
}

#[tokio::test]
async fn the_export_is_for_coordinators_only() {
    let p = setup().await;
    let (status, _) = page(&p.app, &p.app.client, "/buddies/export.csv").await;
    assert_eq!(status, 403);
}
