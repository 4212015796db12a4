use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn parts(
    kind: DocumentKind,
    issued_on: NaiveDate,
    valid_until: Option<NaiveDate>,
) -> DocumentParts {
    DocumentParts {
        kind,
        number: DocumentNumber::parse("Z1234567").unwrap(),
        country: Country::parse("India").unwrap(),
        issued_on,
        valid_until,
    }
}

#[test]
fn a_valid_until_before_the_issue_date_is_refused_beside_valid_until() {
    let err = Document::new(parts(
        DocumentKind::ResidencePermit,
        d(2026, 5, 1),
        Some(d(2026, 4, 30)),
    ))
    .unwrap_err();
    assert_eq!(err.field(), DocumentField::ValidUntil);
    assert!(matches!(err, DocumentError::ValidUntilBeforeIssued { .. }));
}

#[test]
fn papers_that_supply_a_date_must_say_until_when_certificates_need_not() {
    for kind in DocumentKind::ALL {
        let made = Document::new(parts(kind, d(2020, 1, 1), None));
        assert_eq!(made.is_err(), kind.key_date().is_some(), "{kind}");
    }
}

#[test]
fn a_passport_needs_a_passport_number() {
    let mut p = parts(DocumentKind::Passport, d(2020, 1, 1), Some(d(2030, 1, 1)));
    p.number = DocumentNumber::parse("AB-12/3").unwrap();
    assert_eq!(Document::new(p).unwrap_err().field(), DocumentField::Number);
}

#[test]
fn numbers_are_kept_upper_case_with_single_spaces() {
    assert_eq!(
        DocumentNumber::parse("  ab  12 ").unwrap().as_str(),
        "AB 12"
    );
    assert!(DocumentNumber::parse("").is_err());
    assert!(DocumentNumber::parse("a\u{202e}b").is_err());
    assert!(Country::parse(" ").is_err());
}

#[test]
fn the_expiry_phrase_names_kind_number_and_day() {
    let doc = Document::new(parts(
        DocumentKind::Passport,
        d(2017, 3, 2),
        Some(d(2027, 3, 1)),
    ))
    .unwrap();
    assert_eq!(
        doc.expiry_phrase().unwrap(),
        "passport Z1234567 expires Mon 1 Mar 2027"
    );
}

proptest! {
    #[test]
    fn a_document_is_made_exactly_when_it_ends_on_or_after_it_began(
        issued in 0i64..20_000, length in -400i64..4_000,
    ) {
        let issued_on = d(1990, 1, 1) + chrono::Days::new(issued.unsigned_abs());
        let valid_until = issued_on.checked_add_signed(chrono::TimeDelta::days(length)).unwrap();
        let made = Document::new(parts(DocumentKind::Passport, issued_on, Some(valid_until)));
        prop_assert_eq!(made.is_ok(), length >= 0);
    }

    #[test]
    fn kinds_parse_back(i in 0usize..8) {
        let kind = DocumentKind::ALL[i];
        prop_assert_eq!(DocumentKind::parse(kind.as_str()), Some(kind));
    }
}
