//! Employment duties added in issue 16: the employee card's change of job (EC-CHANGE) and the
//! period after a job ends in its two versions (EC-GAP 60 and 90 days, chosen by the employment
//! end date), and the ICT card route.

use softland_domain::KeyDate;

use super::{PRINCIPAL, assert_due_dates, complete, day, holders, item, open};

/// Whether the case has an item `key`.
fn has(case: &softland_domain::Case, key: &str) -> bool {
    case.items().iter().any(|i| i.key().as_str() == key)
}

#[test]
fn employment_ending_on_1_august_2025_keeps_the_60_day_period() {
    let case = open(
        "employee-card",
        &[(KeyDate::EmploymentEnd, day(2025, 8, 1))],
    );
    assert!(!has(&case, "ec-gap"));
    // Fri 1 Aug 2025 + 60 days: 30 to 31 Aug, 30 to 30 Sep → Tue 30 Sep 2025.
    assert_eq!(item(&case, "ec-gap-60").due(), Some(day(2025, 9, 30)));
}

#[test]
fn employment_ending_on_2_august_2025_gets_the_90_day_period() {
    let case = open(
        "employee-card",
        &[(KeyDate::EmploymentEnd, day(2025, 8, 2))],
    );
    assert!(!has(&case, "ec-gap-60"));
    // Sat 2 Aug 2025 + 90 days: 31 to 2 Sep, 30 to 2 Oct, 29 to 31 Oct → Fri 31 Oct 2025.
    assert_eq!(item(&case, "ec-gap").due(), Some(day(2025, 10, 31)));
}

#[test]
fn a_case_opened_without_an_employment_end_gets_the_90_day_period() {
    // Opened on 3 Nov 2025, after the change: the opening day decides the version.
    let case = open("employee-card", &[]);
    assert!(has(&case, "ec-gap"));
    assert!(!has(&case, "ec-gap-60"));
    assert_eq!(item(&case, "ec-gap").due(), None);
}

#[test]
fn job_gap_ending_on_st_stephens_day_moves_to_monday() {
    let case = open(
        "employee-card",
        &[(KeyDate::EmploymentEnd, day(2027, 9, 27))],
    );
    // Mon 27 Sep 2027 + 90 days: 3 to 30 Sep, 31 to 31 Oct, 30 to 30 Nov, 26 to Sun 26 Dec
    // (St Stephen's Day) → Mon 27 Dec 2027.
    assert_eq!(item(&case, "ec-gap").due(), Some(day(2027, 12, 27)));
    // The employer's notice: Mon 27 Sep + 10 days = Thu 7 Oct 2027.
    assert_eq!(item(&case, "employer-lo-end").due(), Some(day(2027, 10, 7)));
}

#[test]
fn employer_change_starting_on_3_january_is_reported_by_new_years_eve() {
    let case = open("employee-card", &[(KeyDate::NewJobStart, day(2028, 1, 3))]);
    // New job Mon 3 Jan 2028: the day before is Sun 2 Jan; Sat 1 Jan is New Year's Day →
    // Fri 31 Dec 2027.
    assert_eq!(item(&case, "ec-change").due(), Some(day(2027, 12, 31)));
}

#[test]
fn employee_card_employer_notices_come_from_the_library_once() {
    let case = open("employee-card", &[]);
    assert_eq!(holders(&case, "employer-lo-start"), [PRINCIPAL]);
    assert_eq!(holders(&case, "employer-lo-end"), [PRINCIPAL]);
}

#[test]
fn ict_card_registration_after_christmas_and_extension_before_christmas() {
    let mut case = open(
        "ict-card",
        &[
            (KeyDate::Arrival, day(2026, 12, 24)),
            (KeyDate::PermitExpiry, day(2027, 12, 26)),
            (KeyDate::AddressChange, day(2027, 2, 27)),
            (KeyDate::DataChange, day(2027, 9, 27)),
            (KeyDate::CardLost, day(2027, 10, 26)),
            (KeyDate::ObstacleEnded, day(2027, 11, 15)),
        ],
    );
    complete(&mut case, "biometrics", PRINCIPAL, day(2027, 1, 28));
    assert_due_dates(
        &case,
        &[
            // Arrived on Christmas Eve, Thu 24 Dec 2026: 25–27 Dec off → Mon 28, Tue 29, Wed 30.
            ("reg-dvr", day(2026, 12, 30)),
            ("health-insurance", day(2026, 12, 24)),
            // Thu 28 Jan 2027 + 60 days = Easter Monday 29 Mar → Tue 30 Mar.
            ("card-collect", day(2027, 3, 30)),
            // Expiry Sun 26 Dec 2027; Sat 25 and Fri 24 Dec are off → Thu 23 Dec.
            ("ext-ltr", day(2027, 12, 23)),
            // Sat 27 Feb 2027 + 30 days = Easter Monday 29 Mar → Tue 30 Mar.
            ("addr-tcn", day(2027, 3, 30)),
            // Mon 27 Sep 2027: (Tue 28 Sep off) Wed 29, Thu 30 Sep, Fri 1 Oct.
            ("data-tcn", day(2027, 10, 1)),
            // Tue 26 Oct 2027: Wed 27, (Thu 28 Oct off) Fri 29, Mon 1 Nov.
            ("loss", day(2027, 11, 1)),
            // Mon 15 Nov 2027: Tue 16, (Wed 17 Nov off) Thu 18, Fri 19.
            ("late-excuse", day(2027, 11, 19)),
        ],
    );
    // 120 days before Sun 26 Dec 2027: 26 Nov (30), 26 Oct (61), 26 Sep (91), then 29 more
    // → Sat 28 Aug 2027 (an opening day is never moved).
    assert_eq!(item(&case, "ext-ltr").opens(), Some(day(2027, 8, 28)));
}

#[test]
fn ict_card_holders_are_exempt_from_the_integration_course() {
    let case = open("ict-card", &[]);
    assert!(!has(&case, "aik"));
    assert!(has(&case, "ict-apply"));
}
