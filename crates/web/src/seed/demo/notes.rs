//! Notes of the kind each route brings, for demo cases that have none of their own.
//! `{first}` stands for the principal's first name.

use crate::db::notes::Visibility::{self, Internal, Shared};

/// Notes about the first steps, by route key.
const FIRST_STEPS: [(&str, [(Visibility, &str); 2]); 6] = [
    (
        "employee-card",
        [
            (
                Internal,
                "Employer's HR confirmed the position is in the vacancy register (ISPV number in the file).",
            ),
            (
                Shared,
                "{first}, please bring the signed employment contract and the flat lease to the embassy appointment.",
            ),
        ],
    ),
    (
        "eu-blue-card",
        [
            (
                Internal,
                "Gross monthly salary in the contract is above the Blue Card threshold; university diploma recognised.",
            ),
            (
                Shared,
                "{first}, your employer will file the start of work with the Labour Office; nothing to do for you there.",
            ),
        ],
    ),
    (
        "study",
        [
            (
                Internal,
                "VŠB-TUO international office sent the enrolment confirmation for the winter semester.",
            ),
            (
                Shared,
                "{first}, the student insurance must cover the whole visa period. The school's partner insurer is fine.",
            ),
        ],
    ),
    (
        "business",
        [
            (
                Internal,
                "Trade: IT consulting (free trade). Registered office address agreed with the landlord in writing.",
            ),
            (
                Shared,
                "{first}, after the trade licence you have 8 days to notify your health insurer. We will do it together.",
            ),
        ],
    ),
    (
        "eu-citizen",
        [
            (
                Internal,
                "EU citizen: only the police registration is compulsory. Offered help with the health insurance switch.",
            ),
            (
                Shared,
                "{first}, please register your address with the Foreign Police within 30 days of arrival.",
            ),
        ],
    ),
    (
        "family-reunification",
        [
            (
                Internal,
                "Sponsor's permanent residence card checked: valid, and the flat is big enough for the family.",
            ),
            (
                Shared,
                "{first}, the marriage and birth certificates need an apostille and a sworn Czech translation.",
            ),
        ],
    ),
];

fn first_steps(route: &str) -> [(Visibility, &'static str); 2] {
    FIRST_STEPS
        .iter()
        .find(|(r, _)| *r == route)
        .map_or(FIRST_STEPS[0].1, |(_, notes)| *notes)
}

/// Notes from later in a case, any route.
const LATER: &[(Visibility, &str)] = &[
    (
        Internal,
        "Called {first} to confirm the appointment at the MoI office; all documents are ready.",
    ),
    (
        Shared,
        "{first}, your biometrics appointment is confirmed. Please bring your passport and one photo.",
    ),
    (
        Internal,
        "Client asked about bringing a parent over later; explained that it is a different route.",
    ),
    (
        Shared,
        "{first}, the residence card is ready for collection. Bring your passport; it takes about 10 minutes.",
    ),
    (
        Internal,
        "No answer to two e-mails; sent a text message in the evening. {first} replied and is fine.",
    ),
];

/// One to three notes for a case: a first-steps note, a later one (number `later`, any
/// number), then a second first-steps note.
pub(super) fn usual(route: &str, count: usize, later: usize) -> Vec<(Visibility, &'static str)> {
    let [first, second] = first_steps(route);
    let mut out = vec![first];
    if count >= 2 {
        out.push(LATER[later % LATER.len()]);
    }
    if count >= 3 {
        out.push(second);
    }
    out
}
