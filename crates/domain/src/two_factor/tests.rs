use proptest::prelude::*;

use super::*;

#[test]
fn the_window_is_the_step_before_the_current_and_after() {
    let now = TimeStep::at(1_000_000_000);
    let steps: Vec<u64> = now.window().map(TimeStep::number).collect();
    assert_eq!(steps, vec![33_333_332, 33_333_333, 33_333_334]);
    assert_eq!(TimeStep::at(0).window().count(), 2);
}

#[test]
fn a_code_of_the_previous_step_is_accepted_once() {
    let now = TimeStep::from_number(100);
    let typed_for = TimeStep::from_number(99);
    assert_eq!(accept(now, None, |s| s == typed_for), Ok(typed_for));
    assert_eq!(
        accept(now, Some(typed_for), |s| s == typed_for),
        Err(CodeRefusal::Replayed)
    );
}

#[test]
fn a_code_older_than_the_newest_used_step_is_a_replay() {
    let now = TimeStep::from_number(100);
    assert_eq!(
        accept(now, Some(TimeStep::from_number(100)), |s| s.number() == 99),
        Err(CodeRefusal::Replayed)
    );
}

#[test]
fn a_code_of_no_step_in_the_window_is_wrong() {
    let now = TimeStep::from_number(100);
    assert_eq!(
        accept(now, None, |s| s.number() == 98),
        Err(CodeRefusal::Wrong)
    );
}

#[test]
fn typed_codes_are_read_whatever_the_spaces_and_capitals() {
    assert_eq!(
        SecondFactor::parse(" 123 456 "),
        Ok(SecondFactor::Code("123456".into()))
    );
    let recovery = SecondFactor::parse("ABCDE-FGHJK").expect("a recovery code");
    assert_eq!(
        recovery,
        SecondFactor::Recovery(RecoveryCode("abcdefghjk".into()))
    );
    for bad in ["", "12345", "1234567", "abcde-fghi1", "abcdefghijkl"] {
        assert_eq!(SecondFactor::parse(bad), Err(InvalidCode), "{bad}");
    }
    assert_eq!(SecondFactor::parse_code("abcdefghjk"), Err(InvalidCode));
}

#[test]
fn secrets_are_grouped_by_four() {
    assert_eq!(grouped("ABCDEFGHIJ"), "ABCD EFGH IJ");
}

proptest! {
    #[test]
    fn an_accepted_step_is_in_the_window_and_after_the_last_used(
        now in 1u64..u64::MAX / 2,
        last in proptest::option::of(0u64..u64::MAX / 2),
        matching in proptest::collection::vec(0u64..3, 0..3),
    ) {
        let now = TimeStep::from_number(now);
        let last = last.map(TimeStep::from_number);
        let first = now.number() - 1;
        let result = accept(now, last, |s| matching.contains(&(s.number() - first)));
        if let Ok(step) = result {
            prop_assert!(now.window().any(|w| w == step));
            prop_assert!(last.is_none_or(|l| step > l));
            // Using it again is always refused.
            prop_assert_eq!(
                accept(now, Some(step), |s| s == step),
                Err(CodeRefusal::Replayed)
            );
        } else {
            prop_assert!(now.window().all(|w| !matching.contains(&(w.number() - first))
                || last.is_some_and(|l| w <= l)));
        }
    }

    #[test]
    fn a_recovery_code_reads_back_from_its_display(bytes in any::<[u8; 10]>()) {
        let code = RecoveryCode::from_random(bytes);
        prop_assert_eq!(RecoveryCode::parse(&code.display()), Some(code.clone()));
        prop_assert_eq!(
            SecondFactor::parse(&code.display().to_uppercase()),
            Ok(SecondFactor::Recovery(code))
        );
    }
}
