//! The order of the case list and its pages.

use softland_domain::person::PersonName;

use super::{names_in, setup};
use crate::support::{date, edited};

#[tokio::test]
async fn cases_are_sorted_by_next_due_date_name_or_opening_day() {
    let s = setup().await;
    let cases = [
        ("Bara Later", date(2027, 2, 1), date(2026, 12, 10)),
        ("Adam Soonest", date(2026, 12, 1), date(2026, 11, 1)),
        ("cyril Middle", date(2027, 1, 10), date(2026, 12, 20)),
    ];
    for (name, arrival, opened) in cases {
        let case = edited(s.case(name, "employee-card", arrival), |c| {
            c.opened_on = opened;
        });
        s.store(&case, s.jana).await;
    }
    let by_due = vec!["Adam Soonest", "cyril Middle", "Bara Later"];
    assert_eq!(s.names("/cases").await, by_due);
    assert_eq!(s.names("/cases?sort=next_due").await, by_due);
    assert_eq!(s.names("/cases?sort=nonsense").await, by_due);
    let by_name = vec!["Adam Soonest", "Bara Later", "cyril Middle"];
    assert_eq!(s.names("/cases?sort=name").await, by_name);
    let newest_first = vec!["cyril Middle", "Bara Later", "Adam Soonest"];
    assert_eq!(s.names("/cases?sort=opened").await, newest_first);
}

#[tokio::test]
async fn the_list_is_paged_by_fifty_with_links_that_keep_the_filters() {
    let s = setup().await;
    let case = s.case("Priya Sharma", "employee-card", date(2026, 12, 23));
    for n in 0..53 {
        let c = edited(case.clone(), |c| {
            c.people[0].name = PersonName::parse(&format!("Person {n:02}")).unwrap();
        });
        s.store(&c, s.petr).await;
    }
    let first = s.html("/cases?consultant=all&sort=name&q=person").await;
    assert_eq!(names_in(&first).len(), 50);
    assert!(first.contains("53 cases, showing 1–50."), "{first}");
    let first = first.replace("&#38;", "&").replace("&amp;", "&");
    let link = r#"href="/cases?consultant=all&q=person&sort=name&page=2""#;
    assert!(first.contains(link), "{first}");
    let second = s
        .html("/cases?consultant=all&q=person&sort=name&page=2")
        .await;
    assert_eq!(
        names_in(&second),
        vec!["Person 50", "Person 51", "Person 52"]
    );
    assert!(second.contains("53 cases, showing 51–53."), "{second}");
    let beyond = s
        .names("/cases?consultant=all&q=person&sort=name&page=9")
        .await;
    assert_eq!(beyond.len(), 3, "a page beyond the last shows the last");
    let csv = s
        .app
        .get("/cases.csv?consultant=all&q=person")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 54, "the export is not paged: {csv}");
}
