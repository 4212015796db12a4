use chrono::{NaiveDate, NaiveTime};
use proptest::prelude::*;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

#[test]
fn lead_times_parse_sorted_and_bounded() {
    assert_eq!(LeadTimes::parse(" 1, 14 ,3,3").unwrap().days(), &[14, 3, 1]);
    assert_eq!(LeadTimes::parse("").unwrap(), LeadTimes::none());
    assert_eq!(
        LeadTimes::parse("14, x"),
        Err(InvalidLeadTimes::NotANumber("x".into()))
    );
    assert_eq!(LeadTimes::parse("0"), Err(InvalidLeadTimes::OutOfRange(0)));
    assert_eq!(
        LeadTimes::parse("61"),
        Err(InvalidLeadTimes::OutOfRange(61))
    );
    assert_eq!(
        LeadTimes::parse("1,2,3,4,5,6"),
        Err(InvalidLeadTimes::TooMany)
    );
    assert_eq!(
        LeadTimes::parse("-3"),
        Err(InvalidLeadTimes::NotANumber("-3".into()))
    );
    assert_eq!(LeadTimes::standard().to_string(), "14, 3, 1");
}

#[test]
fn the_most_urgent_reminder_that_has_come_is_due() {
    let cal = Calendar::czech();
    let leads = LeadTimes::standard();
    // Due Friday 18 December 2026. 3 working days before: Tuesday 15th; 1 before: Thursday 17th;
    // 14 before: Monday 30 November.
    let due = d(2026, 12, 18);
    assert_eq!(leads.due_on(d(2026, 11, 27), due, &cal), None);
    assert_eq!(leads.due_on(d(2026, 11, 30), due, &cal), Some(14));
    assert_eq!(leads.due_on(d(2026, 12, 14), due, &cal), Some(14));
    assert_eq!(leads.due_on(d(2026, 12, 15), due, &cal), Some(3));
    assert_eq!(leads.due_on(d(2026, 12, 17), due, &cal), Some(1));
    assert_eq!(leads.due_on(d(2026, 12, 18), due, &cal), Some(1));
    assert_eq!(leads.due_on(d(2026, 12, 19), due, &cal), None);
    assert_eq!(LeadTimes::none().due_on(d(2026, 12, 17), due, &cal), None);
}

#[test]
fn holidays_push_reminders_earlier() {
    let cal = Calendar::czech();
    // Due Monday 28 December 2026: the 24th–26th are holidays, the 26th–27th a weekend, so
    // one working day before is Wednesday 23rd, three working days before Monday 21st.
    let due = d(2026, 12, 28);
    let leads = LeadTimes::standard();
    assert_eq!(leads.due_on(d(2026, 12, 18), due, &cal), Some(14));
    assert_eq!(leads.due_on(d(2026, 12, 22), due, &cal), Some(3));
    assert_eq!(leads.due_on(d(2026, 12, 21), due, &cal), Some(3));
    assert_eq!(leads.due_on(d(2026, 12, 23), due, &cal), Some(1));
}

#[test]
fn times_of_day_parse_strictly() {
    assert_eq!(TimeOfDay::parse("07:30").unwrap().to_string(), "07:30");
    assert_eq!(TimeOfDay::parse("7:05").unwrap().to_string(), "07:05");
    assert_eq!(TimeOfDay::parse(""), Err(InvalidTime::Missing));
    for bad in [
        "24:00", "7", "07:3", "07:60", "ab:cd", "07:30:00", "-1:00", "+7:30", "0730",
    ] {
        assert_eq!(TimeOfDay::parse(bad), Err(InvalidTime::NotATime), "{bad}");
    }
}

#[test]
fn digests_go_on_office_days_once_their_time_has_come() {
    let cal = Calendar::with_closures([d(2026, 12, 30)]);
    let at = TimeOfDay::parse("07:30").unwrap();
    // Friday 4 December 2026.
    assert!(!digest_due(d(2026, 12, 4), t(7, 29), at, &cal));
    assert!(digest_due(d(2026, 12, 4), t(7, 30), at, &cal));
    // Saturday, Christmas Eve, an office closure.
    assert!(!digest_due(d(2026, 12, 5), t(9, 0), at, &cal));
    assert!(!digest_due(d(2026, 12, 24), t(9, 0), at, &cal));
    assert!(!digest_due(d(2026, 12, 30), t(9, 0), at, &cal));
}

#[test]
fn escalation_counts_working_days_after_the_due_date() {
    let cal = Calendar::czech();
    let three = WorkingDays::new(3).unwrap();
    // Due Wednesday 23 December 2026; the next working days are 28, 29, 30 December.
    let due = d(2026, 12, 23);
    assert!(!escalated(d(2026, 12, 29), due, three, &cal));
    assert!(escalated(d(2026, 12, 30), due, three, &cal));
    assert!(!escalated(due, due, three, &cal));
    assert_eq!(WorkingDays::parse("0"), Err(InvalidWorkingDays::OutOfRange));
    assert_eq!(
        WorkingDays::parse("5 days"),
        Err(InvalidWorkingDays::NotANumber)
    );
    assert_eq!(WorkingDays::parse(" 5 ").unwrap().get(), 5);
}

fn any_day() -> impl Strategy<Value = NaiveDate> {
    (0i64..3000).prop_map(|n| d(2025, 1, 1) + chrono::Duration::days(n))
}

proptest! {
    /// A reminder is never due after the due date, and whatever is due is a configured lead
    /// time whose day has come: never before the longest lead time's day.
    #[test]
    fn a_due_reminder_is_a_lead_time_whose_day_has_come(
        today in any_day(),
        due in any_day(),
        raw in proptest::collection::vec(1u32..=MAX_LEAD_DAYS, 0..=MAX_LEAD_TIMES),
    ) {
        let cal = Calendar::czech();
        let leads = LeadTimes::new(raw).unwrap();
        match leads.due_on(today, due, &cal) {
            None => {
                let came = leads.days().iter().any(|&l| cal.subtract_working_days(due, l) <= today);
                prop_assert!(today > due || !came);
            }
            Some(lead) => {
                prop_assert!(today <= due);
                prop_assert!(leads.days().contains(&lead));
                prop_assert!(cal.subtract_working_days(due, lead) <= today);
                // No shorter lead time's day has come: it would be the one due.
                for &shorter in leads.days().iter().filter(|&&l| l < lead) {
                    prop_assert!(cal.subtract_working_days(due, shorter) > today);
                }
            }
        }
    }

    /// Day by day, the lead times due form a sequence that only gets shorter: each reminder
    /// of an item goes at most once.
    #[test]
    fn lead_times_only_get_shorter_as_days_pass(due in any_day()) {
        let cal = Calendar::czech();
        let leads = LeadTimes::standard();
        let mut last: Option<u32> = None;
        let mut day = due - chrono::Duration::days(40);
        while day <= due {
            if let Some(lead) = leads.due_on(day, due, &cal) {
                if let Some(prev) = last {
                    prop_assert!(lead <= prev);
                }
                last = Some(lead);
            }
            day += chrono::Duration::days(1);
        }
        prop_assert_eq!(last, Some(1));
    }

    #[test]
    fn times_print_back_as_parsed(h in 0u32..24, m in 0u32..60) {
        let text = format!("{h:02}:{m:02}");
        prop_assert_eq!(TimeOfDay::parse(&text).unwrap().to_string(), text);
    }
}
