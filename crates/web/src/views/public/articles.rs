//! `templates/public/article.html`: a published article.

use askama::Template;

use super::PublicChrome;
use crate::commands::site::guides::Helper;
use crate::db::site::articles::PublishedArticle;

/// A published article.
#[derive(Template)]
#[template(path = "public/article.html")]
pub struct ArticlePage {
    /// Header, footer and meta tags.
    pub chrome: PublicChrome,
    /// The article (its body is clean HTML, made when it was published).
    pub article: PublishedArticle,
    /// "3 Dec 2026".
    pub published: String,
    /// The partner kinds that can help.
    pub helpers: Vec<Helper>,
}
