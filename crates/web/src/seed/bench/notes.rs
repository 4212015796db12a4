//! Note texts for generated cases: sentences a consultant writes, joined to 200–600
//! characters.

use super::rng::Rng;

const SENTENCES: &[&str] = &[
    "Called the client to confirm the appointment at the Ministry of the Interior office on Nádražní.",
    "The client brought the original passport and two photos; copies are in the shared folder.",
    "Employer HR confirmed the start date by e-mail and will send the signed contract next week.",
    "Reminded the client that the registration must be done within three working days of arrival.",
    "Health insurance certificate checked: it covers the whole stay without co-payment limits.",
    "Translation of the birth certificate ordered from the court interpreter, ready in about ten days.",
    "Booked biometrics online; the earliest free slot was in three weeks, so we took it.",
    "The client asked whether the spouse can work with the family permit. Explained the rules.",
    "Accommodation confirmation signed by the landlord is missing the flat number; asked for a new one.",
    "Letter from the MoI arrived: they want a proof of income for the last three months.",
    "Went through the checklist with the client in English; the next step is clear to them.",
    "The embassy in the home country has a waiting time of about six weeks for appointments.",
    "Bank account opened at the branch on Masarykovo náměstí; the client has the card already.",
    "Explained the integration course: one day, in the client's language, to be booked online.",
    "Sent the client the list of documents to bring for the residence card collection.",
    "The school confirmed enrolment for the winter semester; the letter is stamped and signed.",
    "Trade licence notification filed at the Trade Licensing Office at the Ostrava city hall.",
    "The client moved to Poruba; reminded them to report the new address within thirty days.",
    "Checked the salary in the contract against the current Blue Card threshold: it is above it.",
    "Criminal-record extract received with the apostille; the translation is still to be done.",
    "Social security registration done at the district office; advances start next month.",
    "No reply from the client for two weeks; sent a reminder by e-mail and by text message.",
    "The authority extended the decision period; told the client that this is normal.",
    "Client is travelling home for the holidays; we will continue after their return.",
    "The sponsor's permit was checked and is valid long enough for the family application.",
    "Police registration confirmed; the client keeps the stamped form with the passport.",
    "Residence card is ready for collection according to the text message from the MoI.",
    "Prepared the power of attorney so that we can consult the file at the MoI office.",
];

/// A note text of 200–600 characters.
pub(crate) fn note_text(rng: &mut Rng) -> String {
    let target = usize::try_from(rng.range(200, 600)).unwrap_or(200);
    let mut text = String::new();
    while text.chars().count() < target {
        let sentence = *rng.pick(SENTENCES);
        let longer = text.chars().count() + sentence.chars().count() + 1;
        if longer > 600 && text.chars().count() >= 200 {
            break;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(sentence);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_texts_are_200_to_600_characters() {
        let mut rng = Rng::new(3);
        for _ in 0..500 {
            let n = note_text(&mut rng).chars().count();
            assert!((200..=600).contains(&n), "{n}");
        }
    }
}
