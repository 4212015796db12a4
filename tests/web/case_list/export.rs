//! The CSV export (`/cases.csv`).

use softland_domain::person::{Email, Nationality};
use softland_web::db::cases;

use super::setup;
use crate::support::{date, edited};

#[tokio::test]
async fn the_csv_export_lists_the_filtered_cases_with_formula_cells_neutralised() {
    let s = setup().await;
    let evil = "=HYPERLINK(\"http://evil.test\")";
    let case = edited(s.case(evil, "employee-card", date(2026, 12, 23)), |c| {
        c.people[0].email = Some(Email::parse("+1@example.com").unwrap());
        c.people[0].nationality = Nationality::parse("-Czech").unwrap();
    });
    let id = s.store(&case, s.jana).await;
    s.open("@Lin Wei", "study", date(2026, 12, 23), s.jana)
        .await;
    let res = s.app.get("/cases.csv?route=employee-card").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let disposition = r#"attachment; filename="cases-2027-01-04.csv""#;
    assert_eq!(res.headers()["content-disposition"], disposition);
    let body = res.text().await.unwrap();
    let mut lines = body.trim_start_matches('\u{feff}').lines();
    let header = "id;principal;email;nationality;routes;consultant;status;opened;next due;done;applicable;new messages";
    assert_eq!(lines.next(), Some(header));
    let stored = cases::load(&s.app.db, id).await.unwrap().case;
    let next_due = stored.items()[stored.next_due().unwrap()].due().unwrap();
    let applicable = stored.progress().applicable;
    let expected = format!(
        "{id};\"'=HYPERLINK(\"\"http://evil.test\"\")\";'+1@example.com;'-Czech;Employee card;\
         jana;Open;2026-12-01;{next_due};0;{applicable};"
    );
    assert_eq!(lines.next(), Some(expected.as_str()), "{body}");
    assert_eq!(lines.next(), None, "the study case is filtered out: {body}");
    let all = s.app.get("/cases.csv").await.text().await.unwrap();
    assert!(all.contains("'@Lin Wei"), "{all}");
}

#[tokio::test]
async fn the_csv_export_keeps_to_my_cases_by_default() {
    let s = setup().await;
    s.open("Someone Else", "study", date(2026, 12, 23), s.petr)
        .await;
    let mine = s.app.get("/cases.csv").await.text().await.unwrap();
    assert_eq!(mine.lines().count(), 1, "only the header: {mine}");
    let team = s
        .app
        .get("/cases.csv?consultant=all")
        .await
        .text()
        .await
        .unwrap();
    assert!(team.contains("Someone Else;"), "{team}");
}
