//! An enquiry sent through the public contact form: what brings the person, where staff's
//! handling of it stands (New → In progress → Answered / Closed), and the rules its texts
//! follow.

/// What brings the person to the centre (the contact form's "What brings you").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Topic {
    /// Coming to work (an employee card, a Blue Card, a job).
    Work,
    /// Coming to study.
    Study,
    /// Coming to do research.
    Research,
    /// Starting a business (a trade licence).
    Business,
    /// Joining family, or bringing one's family.
    Family,
    /// Anything else.
    Other,
}

impl Topic {
    /// Every topic, in the form's order.
    pub const ALL: [Topic; 6] = [
        Topic::Work,
        Topic::Study,
        Topic::Research,
        Topic::Business,
        Topic::Family,
        Topic::Other,
    ];

    /// The identifier in forms, URLs and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Work => "work",
            Topic::Study => "study",
            Topic::Research => "research",
            Topic::Business => "business",
            Topic::Family => "family",
            Topic::Other => "other",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Topic::Work => "Work",
            Topic::Study => "Study",
            Topic::Research => "Research",
            Topic::Business => "Starting a business",
            Topic::Family => "Family",
            Topic::Other => "Something else",
        }
    }

    /// Parses [`Topic::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == raw.trim())
    }
}

/// Where staff's handling of an enquiry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EnquiryStatus {
    /// Sent, nobody has taken it yet.
    New,
    /// A consultant is on it.
    InProgress,
    /// The person was answered.
    Answered,
    /// Nothing more to do (answered elsewhere, spam that slipped through, a duplicate).
    Closed,
}

/// A step an enquiry cannot take from where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("an enquiry that is {from} cannot be marked {to}", from = .from.label().to_lowercase(), to = .to.label().to_lowercase())]
pub struct InvalidEnquiryStep {
    /// Where it stands.
    pub from: EnquiryStatus,
    /// Where it was asked to go.
    pub to: EnquiryStatus,
}

impl EnquiryStatus {
    /// Every status, in the order of the work.
    pub const ALL: [EnquiryStatus; 4] = [
        EnquiryStatus::New,
        EnquiryStatus::InProgress,
        EnquiryStatus::Answered,
        EnquiryStatus::Closed,
    ];

    /// The identifier in forms, URLs and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            EnquiryStatus::New => "new",
            EnquiryStatus::InProgress => "in_progress",
            EnquiryStatus::Answered => "answered",
            EnquiryStatus::Closed => "closed",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            EnquiryStatus::New => "New",
            EnquiryStatus::InProgress => "In progress",
            EnquiryStatus::Answered => "Answered",
            EnquiryStatus::Closed => "Closed",
        }
    }

    /// Parses [`EnquiryStatus::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw.trim())
    }

    /// The statuses it can be marked next: nothing goes back to New, and a status is not
    /// marked again; an answered or closed enquiry can be taken up again (In progress).
    pub fn next(self) -> &'static [EnquiryStatus] {
        match self {
            EnquiryStatus::New => &[
                EnquiryStatus::InProgress,
                EnquiryStatus::Answered,
                EnquiryStatus::Closed,
            ],
            EnquiryStatus::InProgress => &[EnquiryStatus::Answered, EnquiryStatus::Closed],
            EnquiryStatus::Answered => &[EnquiryStatus::InProgress, EnquiryStatus::Closed],
            EnquiryStatus::Closed => &[EnquiryStatus::InProgress],
        }
    }

    /// The status after marking it `to`, or why it cannot be.
    pub fn move_to(self, to: EnquiryStatus) -> Result<EnquiryStatus, InvalidEnquiryStep> {
        if self.next().contains(&to) {
            Ok(to)
        } else {
            Err(InvalidEnquiryStep { from: self, to })
        }
    }
}

/// The most characters of the sender's name.
pub const NAME_MAX: usize = 200;
/// The most characters of the message.
pub const MESSAGE_MAX: usize = 4000;
/// The most characters of a staff note on a step.
pub const NOTE_MAX: usize = 2000;

/// A text that is missing or too long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidText {
    /// Empty (or only spaces).
    #[error("please fill this in")]
    Missing,
    /// Longer than allowed.
    #[error("use at most {0} characters")]
    TooLong(usize),
    /// A line break, tab or other control character in a one-line field.
    #[error("use one line, without line breaks or special characters")]
    NotOneLine,
}

/// `raw` trimmed, required, at most `max` characters.
pub fn required_text(raw: &str, max: usize) -> Result<String, InvalidText> {
    match optional_text(raw, max)? {
        Some(text) => Ok(text),
        None => Err(InvalidText::Missing),
    }
}

/// `raw` trimmed, at most `max` characters; `None` when empty.
pub fn optional_text(raw: &str, max: usize) -> Result<Option<String>, InvalidText> {
    let text = raw.trim();
    if text.is_empty() {
        Ok(None)
    } else if text.chars().count() > max {
        Err(InvalidText::TooLong(max))
    } else {
        Ok(Some(text.to_owned()))
    }
}

/// `raw` as [`required_text`], and on one line: no line breaks, tabs or other control
/// characters (a name or phone number that could smuggle lines into a mail or a log).
pub fn required_line(raw: &str, max: usize) -> Result<String, InvalidText> {
    match optional_line(raw, max)? {
        Some(text) => Ok(text),
        None => Err(InvalidText::Missing),
    }
}

/// `raw` as [`optional_text`], and on one line (see [`required_line`]).
pub fn optional_line(raw: &str, max: usize) -> Result<Option<String>, InvalidText> {
    let text = optional_text(raw, max)?;
    if text.as_deref().is_some_and(|t| t.chars().any(breaks_line)) {
        return Err(InvalidText::NotOneLine);
    }
    Ok(text)
}

/// A control character (line feed, carriage return, tab, …) or a Unicode line or paragraph
/// separator.
fn breaks_line(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_parse_back() {
        for topic in Topic::ALL {
            assert_eq!(Topic::parse(topic.as_str()), Some(topic));
        }
        for status in EnquiryStatus::ALL {
            assert_eq!(EnquiryStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(Topic::parse("holiday"), None);
    }

    #[test]
    fn nothing_goes_back_to_new_and_closed_ones_can_be_taken_up_again() {
        use EnquiryStatus::*;
        assert_eq!(New.move_to(InProgress), Ok(InProgress));
        assert_eq!(InProgress.move_to(Answered), Ok(Answered));
        assert_eq!(Closed.move_to(InProgress), Ok(InProgress));
        assert!(InProgress.move_to(New).is_err());
        assert!(Answered.move_to(Answered).is_err());
        assert_eq!(
            Closed.move_to(Answered).unwrap_err().to_string(),
            "an enquiry that is closed cannot be marked answered"
        );
    }

    #[test]
    fn texts_are_trimmed_required_and_bounded() {
        assert_eq!(required_text("  hi ", 5), Ok("hi".to_owned()));
        assert_eq!(required_text("   ", 5), Err(InvalidText::Missing));
        assert_eq!(required_text("ěščřžý", 5), Err(InvalidText::TooLong(5)));
        assert_eq!(optional_text(" ", 5), Ok(None));
    }

    #[test]
    fn one_line_fields_refuse_line_breaks_and_control_characters() {
        assert_eq!(
            required_line("  Aiko Tanaka ", 200),
            Ok("Aiko Tanaka".to_owned())
        );
        assert_eq!(optional_line("   ", 40), Ok(None));
        for bad in [
            "Aiko\nBcc: x@example.com",
            "Aiko\r\nSubject",
            "Aiko\tTanaka",
            "Aiko\u{2028}Tanaka",
            "Aiko\u{0}",
            "Aiko\u{1b}[31m",
        ] {
            assert_eq!(
                required_line(bad, 200),
                Err(InvalidText::NotOneLine),
                "{bad:?}"
            );
            assert_eq!(
                optional_line(bad, 200),
                Err(InvalidText::NotOneLine),
                "{bad:?}"
            );
        }
        assert_eq!(required_line("", 200), Err(InvalidText::Missing));
        assert_eq!(required_line("abc", 2), Err(InvalidText::TooLong(2)));
        assert_eq!(
            required_text("two\nlines", 200),
            Ok("two\nlines".to_owned()),
            "a message may have lines"
        );
    }
}
