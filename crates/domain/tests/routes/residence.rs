//! Routes for people already living in Ostrava, added in issue 16: permanent residence and the
//! graduate or researcher job-seeker permit.

use softland_domain::{Holder, KeyDate};

use super::{PRINCIPAL, assert_due_dates, complete, day, item, open};

#[test]
fn permanent_residence_card_window_closes_before_christmas_and_course_counts_from_a_leap_day() {
    let mut case = open(
        "permanent-residence",
        &[
            (KeyDate::PermitExpiry, day(2027, 12, 25)),
            (KeyDate::AddressChange, day(2027, 9, 28)),
            (KeyDate::DataChange, day(2027, 12, 23)),
            (KeyDate::CardLost, day(2028, 4, 13)),
            (KeyDate::ObstacleEnded, day(2028, 12, 31)),
        ],
    );
    complete(&mut case, "biometrics", PRINCIPAL, day(2027, 12, 29));
    complete(&mut case, "card-collect", PRINCIPAL, day(2028, 2, 29));
    assert_due_dates(
        &case,
        &[
            // Card expires on Christmas Day, Sat 25 Dec 2027; Fri 24 Dec is off → Thu 23 Dec.
            ("ext-prcard", day(2027, 12, 23)),
            // Moved on Statehood Day, Tue 28 Sep 2027, + 30 days = Thu 28 Oct (a holiday too)
            // → Fri 29 Oct.
            ("addr-pr", day(2027, 10, 29)),
            // Wed 29 Dec 2027 + 60 days: 2 to 31 Dec, 31 to 31 Jan, 27 to Sun 27 Feb 2028
            // → Mon 28 Feb.
            ("card-collect", day(2028, 2, 28)),
            // Collected Tue 29 Feb 2028 + 1 year = 28 Feb 2029 (no 29th), a Wednesday.
            ("aik", day(2029, 2, 28)),
            // Thu 23 Dec 2027: (Fri 24 Dec off, weekend) Mon 27, Tue 28, Wed 29 Dec.
            ("data-tcn", day(2027, 12, 29)),
            // Thu 13 Apr 2028: Good Friday 14, the weekend and Easter Monday 17 Apr off → Tue 18,
            // Wed 19, Thu 20 Apr.
            ("loss", day(2028, 4, 20)),
            // Sun 31 Dec 2028: (Mon 1 Jan 2029 off) Tue 2, Wed 3, Thu 4 Jan.
            ("late-excuse", day(2029, 1, 4)),
        ],
    );
    // 90 days before Sat 25 Dec 2027: 25 Nov (30), 25 Oct (61), 25 Sep (91) → Sun 26 Sep 2027.
    assert_eq!(item(&case, "ext-prcard").opens(), Some(day(2027, 9, 26)));
}

#[test]
fn job_seeker_applies_before_a_permit_expiring_on_easter_monday() {
    let mut case = open(
        "job-seeker",
        &[
            (KeyDate::PermitExpiry, day(2027, 3, 29)),
            (KeyDate::AddressChange, day(2028, 6, 6)),
            (KeyDate::DataChange, day(2028, 4, 12)),
            (KeyDate::CardLost, day(2026, 5, 6)),
            (KeyDate::ObstacleEnded, day(2028, 11, 16)),
        ],
    );
    complete(&mut case, "biometrics", PRINCIPAL, day(2027, 5, 17));
    complete(&mut case, "card-collect", PRINCIPAL, day(2027, 6, 24));
    assert_due_dates(
        &case,
        &[
            // The study permit expires on Easter Monday, 29 Mar 2027; Sun 28, Sat 27 and Good
            // Friday 26 Mar are off → Thu 25 Mar.
            ("jobseek", day(2027, 3, 25)),
            // Mon 17 May 2027 + 60 days: 14 to 31 May, 30 to 30 Jun, 16 to Fri 16 Jul.
            ("card-collect", day(2027, 7, 16)),
            // Thu 24 Jun 2027 + 1 year = Sat 24 Jun 2028 → Mon 26 Jun.
            ("aik", day(2028, 6, 26)),
            // Tue 6 Jun 2028 + 30 days = Thu 6 Jul (Jan Hus Day) → Fri 7 Jul.
            ("addr-tcn", day(2028, 7, 7)),
            // Wed 12 Apr 2028: Thu 13, (Good Friday 14, weekend, Easter Monday 17 off) Tue 18,
            // Wed 19 Apr.
            ("data-tcn", day(2028, 4, 19)),
            // Wed 6 May 2026: Thu 7, (Fri 8 May off, weekend) Mon 11, Tue 12 May.
            ("loss", day(2026, 5, 12)),
            // Thu 16 Nov 2028: (Fri 17 Nov off, weekend) Mon 20, Tue 21, Wed 22 Nov.
            ("late-excuse", day(2028, 11, 22)),
        ],
    );
}

#[test]
fn job_seeker_permit_has_no_extension_item() {
    let case = open("job-seeker", &[]);
    assert!(case.items().iter().all(|i| i.key().as_str() != "ext-ltr"));
    let apply = item(&case, "jobseek");
    assert_eq!(apply.holder(), Holder::Person(0));
}
