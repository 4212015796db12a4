//! The EU routes added in issue 16: an EU citizen's non-EU family member (`eu-family`), EU
//! citizens employed (`eu-worker`) or self-employed (`eu-self-employed`) in Ostrava.

use softland_domain::KeyDate;

use super::{PRINCIPAL, assert_due_dates, complete, day, item, open};

#[test]
fn eu_family_member_applies_within_three_months_moved_off_a_sunday_and_skips_easter() {
    let mut case = open(
        "eu-family",
        &[
            (KeyDate::Arrival, day(2026, 11, 30)),
            (KeyDate::AddressChange, day(2027, 9, 14)),
            (KeyDate::DataChange, day(2027, 3, 15)),
            (KeyDate::CardLost, day(2027, 12, 22)),
            (KeyDate::ObstacleEnded, day(2027, 12, 24)),
        ],
    );
    complete(&mut case, "biometrics", PRINCIPAL, day(2027, 1, 27));
    assert_due_dates(
        &case,
        &[
            // Mon 30 Nov 2026 + 3 months = Sun 28 Feb 2027 (30 Feb does not exist, so the
            // month's last day) → Mon 1 Mar.
            ("eu-fam-trp", day(2027, 3, 1)),
            ("eu-fam-insurance", day(2026, 11, 30)),
            // Mon 30 Nov + 30 days = Wed 30 Dec, a working day.
            ("reg-eu", day(2026, 12, 30)),
            // Wed 27 Jan 2027 + 60 days = Sun 28 Mar; Easter Monday 29 Mar → Tue 30 Mar.
            ("card-collect", day(2027, 3, 30)),
            // 30 working days from Tue 14 Sep 2027: 15–17 Sep (3), 20–24 (8), Mon 27 (9),
            // (Tue 28 Sep off) 29–30 Sep (11), Fri 1 Oct (12), 4–8 (17), 11–15 (22), 18–22 (27),
            // 25–27 Oct (30) → Wed 27 Oct, the day before Statehood Day.
            ("addr-eu", day(2027, 10, 27)),
            // 15 working days from Mon 15 Mar 2027: 16–19 and 22–25 Mar (8), Good Friday
            // 26 Mar, the weekend and Easter Monday 29 Mar off, 30 Mar–2 Apr (12), 5–7 Apr (15)
            // → Wed 7 Apr.
            ("data-eu", day(2027, 4, 7)),
            // Wed 22 Dec 2027: Thu 23, (Fri 24 Dec off, weekend) Mon 27, Tue 28 Dec.
            ("loss", day(2027, 12, 28)),
            // The obstacle ended on Christmas Eve, Fri 24 Dec 2027: Mon 27, Tue 28, Wed 29 Dec.
            ("late-excuse", day(2027, 12, 29)),
        ],
    );
}

#[test]
fn eu_family_member_arriving_on_30_november_before_a_leap_year_applies_by_29_february() {
    let case = open("eu-family", &[(KeyDate::Arrival, day(2027, 11, 30))]);
    // Tue 30 Nov 2027 + 3 months = 30 Feb 2028, which does not exist: the last day of February
    // in a leap year, Tue 29 Feb 2028, a working day.
    assert_eq!(item(&case, "eu-fam-trp").due(), Some(day(2028, 2, 29)));
    // Tue 30 Nov 2027 + 30 days = Thu 30 Dec 2027.
    assert_eq!(item(&case, "reg-eu").due(), Some(day(2027, 12, 30)));
}

#[test]
fn eu_family_route_has_no_integration_course_and_no_registration_certificate() {
    let case = open("eu-family", &[]);
    for key in ["aik", "eu-reg-cert", "reg-tcn", "reg-dvr"] {
        assert!(
            case.items().iter().all(|i| i.key().as_str() != key),
            "`{key}` in an EU family member's checklist"
        );
    }
}

#[test]
fn eu_worker_employer_reports_the_end_of_employment_after_christmas() {
    let case = open(
        "eu-worker",
        &[
            (KeyDate::Arrival, day(2026, 12, 3)),
            (KeyDate::EmploymentStart, day(2027, 1, 4)),
            (KeyDate::EmploymentEnd, day(2027, 12, 14)),
            (KeyDate::AddressChange, day(2027, 3, 25)),
            (KeyDate::DataChange, day(2028, 6, 28)),
            (KeyDate::ObstacleEnded, day(2026, 9, 25)),
        ],
    );
    assert_due_dates(
        &case,
        &[
            // Thu 3 Dec 2026 + 30 days = Sat 2 Jan 2027 → Mon 4 Jan.
            ("reg-eu", day(2027, 1, 4)),
            ("eu-health-insurance", day(2026, 12, 3)),
            // No later than the first working day itself.
            ("employer-lo-start", day(2027, 1, 4)),
            // Tue 14 Dec 2027 + 10 days = Fri 24 Dec (Christmas Eve); 25–26 Dec are the weekend
            // → Mon 27 Dec 2027.
            ("employer-lo-end", day(2027, 12, 27)),
            // 30 working days from Thu 25 Mar 2027: Good Friday 26 and Easter Monday 29 Mar off,
            // 30 Mar–2 Apr (4), 5–30 Apr (24), 3–7 May (29), (Sat 8 May) Mon 10 May (30).
            ("addr-eu", day(2027, 5, 10)),
            // 15 working days from Wed 28 Jun 2028: 29–30 Jun (2), 3–4 Jul (4), (Wed 5 and
            // Thu 6 Jul off) Fri 7 (5), 10–14 (10), 17–21 Jul (15) → Fri 21 Jul.
            ("data-eu", day(2028, 7, 21)),
            // Fri 25 Sep 2026: (weekend, Mon 28 Sep off) Tue 29, Wed 30, Thu 1 Oct.
            ("late-excuse", day(2026, 10, 1)),
        ],
    );
}

#[test]
fn eu_self_employed_chain_moves_off_easter_and_victory_day() {
    let mut case = open(
        "eu-self-employed",
        &[
            (KeyDate::Arrival, day(2027, 3, 1)),
            (KeyDate::BusinessStart, day(2027, 4, 2)),
            (KeyDate::TradeLicenceIssued, day(2027, 3, 23)),
            (KeyDate::TradeDataChange, day(2027, 12, 9)),
            (KeyDate::AddressChange, day(2027, 11, 15)),
            (KeyDate::DataChange, day(2028, 12, 15)),
            (KeyDate::ObstacleEnded, day(2027, 11, 16)),
        ],
    );
    complete(&mut case, "trade-notify", PRINCIPAL, day(2027, 3, 23));
    assert_due_dates(
        &case,
        &[
            // Mon 1 Mar 2027 + 30 days = Wed 31 Mar.
            ("reg-eu", day(2027, 3, 31)),
            ("eu-health-insurance", day(2027, 3, 1)),
            // Before trading starts on Fri 2 Apr 2027, a working day.
            ("trade-notify", day(2027, 4, 2)),
            // Notified Tue 23 Mar: Wed 24, Thu 25, (Good Friday, weekend, Easter Monday) Tue 30,
            // Wed 31 Mar, Thu 1 Apr.
            ("trade-register", day(2027, 4, 1)),
            // The 8th of May 2027 is a Saturday and Victory Day → Mon 10 May.
            ("osvc-ossz", day(2027, 5, 10)),
            // Fri 2 Apr + 8 days = Sat 10 Apr → Mon 12 Apr.
            ("osvc-health", day(2027, 4, 12)),
            // Licence issued Tue 23 Mar + 15 days = Wed 7 Apr.
            ("osvc-tax", day(2027, 4, 7)),
            // The return for 2027 (started Fri 2 Apr 2027): 1 Apr 2028 is a Saturday →
            // Mon 3 Apr 2028.
            ("osvc-tax-return", day(2028, 4, 3)),
            // 1 May 2028 is Labour Day (a Monday) → Tue 2 May 2028.
            ("osvc-overviews", day(2028, 5, 2)),
            // Thu 9 Dec 2027 + 15 days = Fri 24 Dec (Christmas Eve), weekend → Mon 27 Dec.
            ("trade-change", day(2027, 12, 27)),
            // 30 working days from Mon 15 Nov 2027: Tue 16 (1), (Wed 17 Nov off) 18–19 (3),
            // 22–26 (8), 29 Nov–3 Dec (13), 6–10 (18), 13–17 (23), 20–23 (27), (Fri 24 Dec off)
            // 27–29 Dec (30) → Wed 29 Dec.
            ("addr-eu", day(2027, 12, 29)),
            // 15 working days from Fri 15 Dec 2028: 18–22 Dec (5), (25–26 Dec off) 27–29 Dec (8),
            // (Mon 1 Jan 2029 off) 2–5 Jan (12), 8–10 Jan (15) → Wed 10 Jan 2029.
            ("data-eu", day(2029, 1, 10)),
            // Tue 16 Nov 2027: (Wed 17 Nov off) Thu 18, Fri 19, Mon 22 Nov.
            ("late-excuse", day(2027, 11, 22)),
        ],
    );
}
