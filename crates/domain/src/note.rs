//! The text of a note or a message on a case.

use std::fmt;

/// The longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 10_000;

/// A note's text: trimmed, not empty, at most [`MAX_NOTE_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteText(String);

/// Why a text is not a note.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidNote {
    /// Nothing but spaces.
    #[error("please write the note first")]
    Empty,
    /// Too long.
    #[error(
        "a note has at most {MAX_NOTE_CHARS} characters and this one has {0}; shorten it or split it in two"
    )]
    TooLong(usize),
}

impl NoteText {
    /// The note in `raw`, trimmed.
    pub fn parse(raw: &str) -> Result<Self, InvalidNote> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(InvalidNote::Empty);
        }
        let length = text.chars().count();
        if length > MAX_NOTE_CHARS {
            return Err(InvalidNote::TooLong(length));
        }
        Ok(Self(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for NoteText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_trimmed_and_bounded() {
        assert_eq!(NoteText::parse("  hi \n").unwrap().as_str(), "hi");
        assert_eq!(NoteText::parse(" \n\t"), Err(InvalidNote::Empty));
        let longest = "ž".repeat(MAX_NOTE_CHARS);
        assert!(NoteText::parse(&longest).is_ok());
        assert_eq!(
            NoteText::parse(&format!("{longest}x")),
            Err(InvalidNote::TooLong(MAX_NOTE_CHARS + 1))
        );
    }
}
