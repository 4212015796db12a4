//! Files uploaded to a case (issue 18): the kinds softland accepts, the name a person gave a
//! file (shown, never used as a path), and a file's review by a consultant.

/// The kinds of file accepted: what passports, permits and contracts are scanned or
/// photographed as. Anything else (HTML, SVG, programs, office documents) is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// `application/pdf`.
    Pdf,
    /// `image/jpeg`.
    Jpeg,
    /// `image/png`.
    Png,
    /// `image/heic` (phones' photos).
    Heic,
    /// `image/heif`.
    Heif,
}

impl FileKind {
    /// Every kind accepted.
    pub const ALL: [FileKind; 5] = [
        FileKind::Pdf,
        FileKind::Jpeg,
        FileKind::Png,
        FileKind::Heic,
        FileKind::Heif,
    ];

    /// The media type a file of this kind is served with.
    pub fn media_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Heic => "image/heic",
            FileKind::Heif => "image/heif",
        }
    }

    /// The kind served as `media_type`, if it is one accepted.
    pub fn from_media_type(media_type: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.media_type() == media_type)
    }

    /// A short name for people: "PDF", "JPEG" ….
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Pdf => "PDF",
            FileKind::Jpeg => "JPEG",
            FileKind::Png => "PNG",
            FileKind::Heic => "HEIC",
            FileKind::Heif => "HEIF",
        }
    }

    /// The accepted kinds in words, for a refusal.
    pub fn accepted_in_words() -> &'static str {
        "PDF, JPEG, PNG or HEIC/HEIF"
    }
}

/// The longest name shown, in characters (the extension is kept).
pub const MAX_SHOWN_NAME_CHARS: usize = 100;
/// The longest name kept as it was sent, in characters.
pub const MAX_KEPT_NAME_CHARS: usize = 1000;

/// A file's name as its uploader's device gave it, made safe to show: no folders (`../`),
/// no control characters (NUL …), no bidirectional overrides (a right-to-left override can
/// make `exe.pdf` look like `fdp.exe`), at most [`MAX_SHOWN_NAME_CHARS`]. It is shown and
/// offered as a download name, never used as a path: files are stored under random keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

/// Whether `c` changes how text around it is ordered or is invisible formatting.
fn is_bidi_or_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

impl DisplayName {
    /// The safe name of `raw` (never fails: a name that is nothing once cleaned is "file").
    pub fn of(raw: &str) -> Self {
        let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
        let cleaned: String = last
            .chars()
            .filter(|c| !c.is_control() && !is_bidi_or_format(*c))
            .collect();
        let trimmed = cleaned.trim().trim_start_matches('.').trim();
        if trimmed.is_empty() {
            return Self("file".to_owned());
        }
        Self(shorten(trimmed))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name in ASCII for `filename="…"` (RFC 6266's fallback): other characters, quotes
    /// and backslashes become `_`.
    pub fn ascii_fallback(&self) -> String {
        self.0
            .chars()
            .map(|c| {
                if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    }

    /// The name percent-encoded as UTF-8 for `filename*=UTF-8''…` (RFC 5987 `attr-char`s
    /// stay as they are).
    pub fn percent_encoded(&self) -> String {
        let mut out = String::with_capacity(self.0.len());
        for byte in self.0.bytes() {
            if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
                out.push(char::from(byte));
            } else {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xF)]));
            }
        }
        out
    }
}

/// `name` cut to [`MAX_SHOWN_NAME_CHARS`], keeping a short extension.
fn shorten(name: &str) -> String {
    if name.chars().count() <= MAX_SHOWN_NAME_CHARS {
        return name.to_owned();
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| !e.is_empty() && e.chars().count() <= 5);
    match ext {
        Some(ext) => {
            let keep = MAX_SHOWN_NAME_CHARS - ext.chars().count() - 2;
            format!("{}….{ext}", name.chars().take(keep).collect::<String>())
        }
        None => format!(
            "{}…",
            name.chars()
                .take(MAX_SHOWN_NAME_CHARS - 1)
                .collect::<String>()
        ),
    }
}

/// `raw` as it may be kept: without NUL (which PostgreSQL's text cannot hold), at most
/// [`MAX_KEPT_NAME_CHARS`].
pub fn kept_name(raw: &str) -> String {
    raw.chars()
        .filter(|c| *c != '\0')
        .take(MAX_KEPT_NAME_CHARS)
        .collect()
}

/// The longest reason for asking for another copy, in characters.
pub const MAX_REVIEW_REASON_CHARS: usize = 500;

/// Why a consultant asks for another copy, for the expat to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewReason(String);

/// A reason that is empty or too long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidReviewReason {
    /// Nothing but spaces.
    #[error("say what is wrong with the file, so that the client can fix it")]
    Empty,
    /// Longer than [`MAX_REVIEW_REASON_CHARS`].
    #[error("use at most {MAX_REVIEW_REASON_CHARS} characters")]
    TooLong,
}

impl ReviewReason {
    /// The reason typed as `raw`.
    pub fn parse(raw: &str) -> Result<Self, InvalidReviewReason> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            Err(InvalidReviewReason::Empty)
        } else if trimmed.chars().count() > MAX_REVIEW_REASON_CHARS {
            Err(InvalidReviewReason::TooLong)
        } else {
            Ok(Self(trimmed.to_owned()))
        }
    }

    /// The reason.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A consultant's verdict on one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Review {
    /// Not reviewed yet.
    Pending,
    /// Good as it is.
    Accepted,
    /// The expat should upload another copy, for this reason.
    NeedsAnotherCopy(ReviewReason),
}

/// Where an item's papers stand, as the expat sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PapersState {
    /// Nothing uploaded yet.
    Requested,
    /// Uploaded, awaiting review.
    Uploaded,
    /// A consultant accepted a file.
    Accepted,
    /// The newest file needs another copy and nothing newer waits for review.
    UploadAgain,
}

impl PapersState {
    /// The state of an item whose files' reviews are `reviews`, oldest first.
    pub fn of(reviews: &[&Review]) -> Self {
        if reviews.iter().any(|r| matches!(r, Review::Accepted)) {
            return Self::Accepted;
        }
        match reviews.last() {
            None => Self::Requested,
            Some(Review::NeedsAnotherCopy(_)) => Self::UploadAgain,
            Some(_) => Self::Uploaded,
        }
    }

    /// The words for people.
    pub fn label(self) -> &'static str {
        match self {
            PapersState::Requested => "Requested",
            PapersState::Uploaded => "Uploaded, awaiting review",
            PapersState::Accepted => "Accepted",
            PapersState::UploadAgain => "Please upload again",
        }
    }
}

/// Whether a file was checked for viruses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanStatus {
    /// No scanner is set up.
    NotScanned,
    /// The scanner found nothing.
    Clean,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_controls_and_overrides_are_removed_from_a_name() {
        assert_eq!(DisplayName::of("../../etc/passwd").as_str(), "passwd");
        assert_eq!(DisplayName::of("a\0b.pdf").as_str(), "ab.pdf");
        assert_eq!(
            DisplayName::of("evil\u{202E}fdp.exe").as_str(),
            "evilfdp.exe"
        );
        assert_eq!(DisplayName::of("..\\..\\x.png").as_str(), "x.png");
        assert_eq!(DisplayName::of("  ").as_str(), "file");
        assert_eq!(DisplayName::of(".hidden").as_str(), "hidden");
    }

    #[test]
    fn a_long_name_is_cut_keeping_its_extension() {
        let long = format!("{}.pdf", "a".repeat(300));
        let shown = DisplayName::of(&long);
        assert_eq!(shown.as_str().chars().count(), MAX_SHOWN_NAME_CHARS);
        assert_eq!(shown.as_str().rsplit_once('.').map(|(_, e)| e), Some("pdf"));
    }

    #[test]
    fn download_names_are_ascii_and_percent_encoded() {
        let name = DisplayName::of("pas \"Ž\".pdf");
        assert_eq!(name.ascii_fallback(), "pas ___.pdf");
        assert_eq!(name.percent_encoded(), "pas%20%22%C5%BD%22.pdf");
    }

    #[test]
    fn papers_state_follows_the_reviews() {
        let again = Review::NeedsAnotherCopy(ReviewReason::parse("cut off").unwrap());
        assert_eq!(PapersState::of(&[]), PapersState::Requested);
        assert_eq!(PapersState::of(&[&Review::Pending]), PapersState::Uploaded);
        assert_eq!(PapersState::of(&[&again]), PapersState::UploadAgain);
        assert_eq!(
            PapersState::of(&[&again, &Review::Pending]),
            PapersState::Uploaded
        );
        assert_eq!(
            PapersState::of(&[&Review::Accepted, &again]),
            PapersState::Accepted
        );
    }
}
