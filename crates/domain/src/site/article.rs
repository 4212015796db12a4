//! Articles staff write for the public site: guides (housing, doctors, schools …) and news.
//! An article's address is its slug (`/articles/finding-a-gp`); its title and summary are
//! what search engines and link previews show.

use std::fmt;

/// The shortest slug.
pub const SLUG_MIN: usize = 2;
/// The longest slug (the column's width).
pub const SLUG_MAX: usize = 80;
/// The longest title.
pub const TITLE_MAX: usize = 200;
/// The longest summary.
pub const SUMMARY_MAX: usize = 300;
/// The longest body, in characters of Markdown.
pub const BODY_MAX: usize = 100_000;

/// What is wrong with an article's field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArticleProblem {
    /// A slug too short or too long.
    #[error("the address must be {SLUG_MIN}–{SLUG_MAX} characters long")]
    SlugLength,
    /// A slug with characters outside the allowed set.
    #[error(
        "use lowercase letters a–z, digits and single hyphens, e.g. finding-a-doctor (no hyphen at the start or end)"
    )]
    SlugCharacters,
    /// No title.
    #[error("write a title")]
    NoTitle,
    /// A title too long.
    #[error("the title has at most {TITLE_MAX} characters")]
    TitleTooLong,
    /// No summary.
    #[error("write a summary of one or two sentences (search engines and link previews show it)")]
    NoSummary,
    /// A summary too long.
    #[error("the summary has at most {SUMMARY_MAX} characters")]
    SummaryTooLong,
    /// A body too long.
    #[error("the text has at most {BODY_MAX} characters")]
    BodyTooLong,
    /// A kind that is neither guide nor news.
    #[error("choose guide or news")]
    Kind,
}

/// An article's address: lowercase a–z and 0–9 words joined by single hyphens, 2–80
/// characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slug(String);

impl Slug {
    /// `raw` (trimmed) as a slug.
    pub fn parse(raw: &str) -> Result<Self, ArticleProblem> {
        let raw = raw.trim();
        if !(SLUG_MIN..=SLUG_MAX).contains(&raw.len()) {
            return Err(ArticleProblem::SlugLength);
        }
        let allowed = raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !allowed || raw.starts_with('-') || raw.ends_with('-') || raw.contains("--") {
            return Err(ArticleProblem::SlugCharacters);
        }
        Ok(Self(raw.to_owned()))
    }

    /// A slug suggested for `title`: accents folded, words joined by hyphens, cut at a word
    /// to 80 characters; `None` when the title has fewer than two letters or digits.
    pub fn from_title(title: &str) -> Option<Self> {
        let mut out = String::with_capacity(title.len());
        for c in title.chars().flat_map(fold) {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        while out.len() > SLUG_MAX {
            match out.rfind('-') {
                Some(cut) if cut >= SLUG_MIN => out.truncate(cut),
                _ => out.truncate(SLUG_MAX),
            }
        }
        let out = out.trim_end_matches('-');
        Self::parse(out).ok()
    }

    /// The slug.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Letters with accents as their plain letters (Czech, Slovak, Polish, German and the other
/// Latin letters people type in titles); anything else is kept.
fn fold(c: char) -> Vec<char> {
    let plain = match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ą' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ą' => 'a',
        'č' | 'ć' | 'ç' | 'Č' | 'Ć' | 'Ç' => 'c',
        'ď' | 'Ď' => 'd',
        'é' | 'è' | 'ê' | 'ë' | 'ě' | 'ę' | 'É' | 'È' | 'Ě' | 'Ę' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'Í' => 'i',
        'ľ' | 'ĺ' | 'ł' | 'Ľ' | 'Ł' => 'l',
        'ň' | 'ń' | 'ñ' | 'Ň' | 'Ń' => 'n',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'Ó' | 'Ö' => 'o',
        'ř' | 'Ř' => 'r',
        'š' | 'ś' | 'Š' | 'Ś' => 's',
        'ť' | 'Ť' => 't',
        'ú' | 'ù' | 'û' | 'ü' | 'ů' | 'Ú' | 'Ů' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ž' | 'ź' | 'ż' | 'Ž' | 'Ź' | 'Ż' => 'z',
        'ß' => return vec!['s', 's'],
        other => other,
    };
    vec![plain]
}

/// Whether an article is a guide (kept current) or news (dated, in the feed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArticleKind {
    /// A practical guide (housing, doctors …).
    Guide,
    /// A news item.
    News,
}

impl ArticleKind {
    /// Every kind.
    pub const ALL: [ArticleKind; 2] = [ArticleKind::Guide, ArticleKind::News];

    /// The identifier in forms and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleKind::Guide => "guide",
            ArticleKind::News => "news",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            ArticleKind::Guide => "Guide",
            ArticleKind::News => "News",
        }
    }

    /// Parses [`ArticleKind::as_str`].
    pub fn parse(raw: &str) -> Result<Self, ArticleProblem> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == raw.trim())
            .ok_or(ArticleProblem::Kind)
    }
}

/// A title: trimmed, 1–200 characters.
pub fn parse_title(raw: &str) -> Result<String, ArticleProblem> {
    let t = raw.trim();
    match t.chars().count() {
        0 => Err(ArticleProblem::NoTitle),
        n if n > TITLE_MAX => Err(ArticleProblem::TitleTooLong),
        _ => Ok(t.to_owned()),
    }
}

/// A summary: trimmed, 1–300 characters.
pub fn parse_summary(raw: &str) -> Result<String, ArticleProblem> {
    let t = raw.trim();
    match t.chars().count() {
        0 => Err(ArticleProblem::NoSummary),
        n if n > SUMMARY_MAX => Err(ArticleProblem::SummaryTooLong),
        _ => Ok(t.to_owned()),
    }
}

/// A body of Markdown, at most 100,000 characters (may be empty in a draft).
pub fn parse_body(raw: &str) -> Result<String, ArticleProblem> {
    if raw.chars().count() > BODY_MAX {
        return Err(ArticleProblem::BodyTooLong);
    }
    Ok(raw.replace("\r\n", "\n"))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{ArticleKind, ArticleProblem, Slug, parse_summary, parse_title};

    #[test]
    fn slugs_are_lowercase_words_with_single_hyphens() {
        assert_eq!(
            Slug::parse("finding-a-gp").map(|s| s.to_string()),
            Ok("finding-a-gp".to_owned())
        );
        for bad in ["Finding", "a--b", "-ab", "ab-", "a b", "žena", "a_b"] {
            assert_eq!(
                Slug::parse(bad),
                Err(ArticleProblem::SlugCharacters),
                "{bad}"
            );
        }
        assert_eq!(Slug::parse("a"), Err(ArticleProblem::SlugLength));
        assert_eq!(
            Slug::parse(&"a".repeat(81)),
            Err(ArticleProblem::SlugLength)
        );
    }

    #[test]
    fn a_title_suggests_a_slug() {
        let s = |t: &str| Slug::from_title(t).map(|s| s.to_string());
        assert_eq!(
            s("Finding a doctor (GP) in Ostrava-Poruba!"),
            Some("finding-a-doctor-gp-in-ostrava-poruba".to_owned())
        );
        assert_eq!(
            s("Řidičský průkaz: výměna"),
            Some("ridicsky-prukaz-vymena".to_owned())
        );
        assert_eq!(s("!!"), None);
        assert_eq!(s("x"), None);
    }

    #[test]
    fn kinds_titles_and_summaries() {
        assert_eq!(ArticleKind::parse("news"), Ok(ArticleKind::News));
        assert_eq!(ArticleKind::parse("blog"), Err(ArticleProblem::Kind));
        assert_eq!(parse_title("  "), Err(ArticleProblem::NoTitle));
        assert_eq!(parse_title(" Housing "), Ok("Housing".to_owned()));
        assert_eq!(parse_summary(""), Err(ArticleProblem::NoSummary));
        assert_eq!(
            parse_summary(&"x".repeat(301)),
            Err(ArticleProblem::SummaryTooLong)
        );
    }

    proptest! {
        #[test]
        fn suggested_slugs_always_parse(title in "\\PC{0,200}") {
            if let Some(slug) = Slug::from_title(&title) {
                prop_assert_eq!(Slug::parse(slug.as_str()), Ok(slug.clone()));
                prop_assert!(slug.as_str().len() <= 80);
            }
        }

        #[test]
        fn parsed_slugs_round_trip(raw in "[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,5}") {
            if let Ok(slug) = Slug::parse(&raw) {
                prop_assert_eq!(slug.to_string(), raw);
            }
        }
    }
}
