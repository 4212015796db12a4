//! Search across the route guides and published articles (anyone may search). What a visitor
//! types is cut into plain words — letters and digits, at most `MAX_TERMS` of at most
//! `MAX_TERM_CHARS` characters — so quotes, operators, `*` and stray punctuation never reach
//! the database as syntax; nothing left means no results.

use crate::app::AppState;
use crate::commands::CommandError;
use crate::db::site::search::{self, MARK_END, MARK_START, SearchDoc};
use crate::db::{Db, DbError};

/// The most words a search uses.
const MAX_TERMS: usize = 8;
/// The longest word kept.
const MAX_TERM_CHARS: usize = 40;
/// The most results shown.
const MAX_RESULTS: u64 = 30;

/// What kind of page a result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultKind {
    /// A route's guide.
    Guide,
    /// A published article.
    Article,
}

/// A part of a snippet: text, and whether it is a matched word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetPart {
    /// The text (plain; the page escapes it).
    pub text: String,
    /// Whether it matched the search.
    pub matched: bool,
}

/// A result.
#[derive(Debug, Clone)]
pub struct SearchResult {
    /// Guide or article.
    pub kind: ResultKind,
    /// Its address (`/guides/study`, `/articles/finding-a-gp`).
    pub path: String,
    /// Its title.
    pub title: String,
    /// Part of its text with the matched words marked.
    pub snippet: Vec<SnippetPart>,
}

/// The plain words of `raw`.
pub fn terms(raw: &str) -> Vec<String> {
    raw.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.chars()
                .take(MAX_TERM_CHARS)
                .collect::<String>()
                .to_lowercase()
        })
        .take(MAX_TERMS)
        .collect()
}

/// The snippet's parts, split at the marks the index put around matched words.
fn parts(snippet: &str) -> Vec<SnippetPart> {
    let mut out = Vec::new();
    let mut matched = false;
    let mut current = String::new();
    for c in snippet.chars() {
        if c == MARK_START || c == MARK_END {
            if !current.is_empty() {
                out.push(SnippetPart {
                    text: std::mem::take(&mut current),
                    matched,
                });
            }
            matched = c == MARK_START;
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        out.push(SnippetPart {
            text: current,
            matched,
        });
    }
    out
}

/// Searches the guides and published articles for `q`.
#[derive(Debug, Clone)]
pub struct PublicSearch {
    /// What was typed.
    pub q: String,
}

impl PublicSearch {
    /// Runs it (anyone): the results, the best first.
    pub async fn run(&self, state: &AppState) -> Result<Vec<SearchResult>, CommandError> {
        let terms = terms(&self.q);
        let hits = search::find(&state.db, &terms, MAX_RESULTS).await?;
        Ok(hits
            .into_iter()
            .filter_map(|h| {
                let (kind, path) = match h.kind.as_str() {
                    search::ROUTE => (ResultKind::Guide, format!("/guides/{}", h.key)),
                    search::ARTICLE => (ResultKind::Article, format!("/articles/{}", h.key)),
                    _ => return None,
                };
                Some(SearchResult {
                    kind,
                    path,
                    title: h.title,
                    snippet: parts(&h.snippet),
                })
            })
            .collect())
    }
}

/// Rebuilds the whole index from the newest templates and the published articles (at start:
/// the index is small, and this keeps it true whatever happened while the server was down).
pub async fn reindex_all(db: &Db) -> Result<(), DbError> {
    let guides = super::guides::make_all(db).await?;
    let mut docs: Vec<SearchDoc> = guides.all.iter().map(|g| g.search_doc()).collect();
    for article in crate::db::site::articles::published(db).await? {
        docs.push(SearchDoc {
            kind: search::ARTICLE,
            key: article.slug.clone(),
            title: article.title.clone(),
            summary: article.summary.clone(),
            body: super::articles::plain_text_of_html(&article.body_html),
        });
    }
    search::replace_all(db, &docs).await
}

#[cfg(test)]
mod tests {
    use super::{parts, terms};

    #[test]
    fn hostile_input_becomes_plain_words() {
        assert_eq!(
            terms("\"doctor\" OR * -NEAR(a b) 'x' Zábřeh"),
            ["doctor", "or", "near", "a", "b", "x", "zábřeh"]
        );
        assert!(terms("\"*()^:").is_empty());
        assert_eq!(terms(&"word ".repeat(20)).len(), 8);
    }

    #[test]
    fn snippets_split_at_the_marks() {
        let got = parts("find a \u{E000}doctor\u{E001} <b>near</b>");
        assert_eq!(got.len(), 3);
        assert!(got[1].matched && got[1].text == "doctor");
        assert_eq!(got[2].text, " <b>near</b>");
    }
}
