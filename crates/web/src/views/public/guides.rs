//! `templates/public/guide.html` (one route's guide) and `guides.html` (the guides, the
//! articles and news, and the search).

use std::sync::Arc;

use askama::Template;

use super::PublicChrome;
use crate::commands::site::guides::{Guide, GuideStep, TimelineLine};
use crate::commands::site::routes::RouteGroup;
use crate::commands::site::search::{ResultKind, SearchResult};
use crate::db::site::articles::PublishedArticle;

/// A route's guide.
#[derive(Template)]
#[template(path = "public/guide.html")]
pub struct GuidePage {
    /// Header, footer and meta tags.
    pub chrome: PublicChrome,
    /// The guide.
    pub guide: Arc<Guide>,
}

impl GuidePage {
    /// "Your employer" / "You".
    pub fn who(step: &GuideStep) -> &'static str {
        step.doer.label()
    }

    /// The timeline's "when" column: "Before you arrive", "Day 3", "About week 9".
    pub fn day_label(line: &TimelineLine) -> String {
        match line.day {
            d if d < 0 => "Before you arrive".to_owned(),
            0 => "The day you arrive".to_owned(),
            d if d <= 14 => format!("Within about {d} days"),
            d if d <= 120 => format!("Within about {} weeks", (d + 6) / 7),
            d => format!("Within about {} months", (d + 15) / 30),
        }
    }
}

/// A group of guides on the index.
pub struct GuideGroup {
    /// "Coming to work".
    pub heading: &'static str,
    /// An HTML id.
    pub id: &'static str,
    /// Its guides.
    pub guides: Vec<Arc<Guide>>,
}

impl GuideGroup {
    /// The guides grouped, the groups in their order, empty ones left out.
    pub fn all(guides: &[Arc<Guide>]) -> Vec<Self> {
        RouteGroup::ALL
            .into_iter()
            .map(|g| GuideGroup {
                heading: g.heading(),
                id: g.id(),
                guides: guides.iter().filter(|x| x.group == g).cloned().collect(),
            })
            .filter(|g| !g.guides.is_empty())
            .collect()
    }
}

/// The guides index (or the search's results).
#[derive(Template)]
#[template(path = "public/guides.html")]
pub struct GuidesPage {
    /// Header, footer and meta tags.
    pub chrome: PublicChrome,
    /// The route guides by group.
    pub groups: Vec<GuideGroup>,
    /// Published articles of kind guide.
    pub articles: Vec<PublishedArticle>,
    /// Published news.
    pub news: Vec<PublishedArticle>,
    /// What was searched for.
    pub q: String,
    /// The results, when a search was made.
    pub results: Option<Vec<SearchResult>>,
}

impl GuidesPage {
    /// "Guide" / "Article" for a result.
    pub fn kind_label(result: &SearchResult) -> &'static str {
        match result.kind {
            ResultKind::Guide => "Route guide",
            ResultKind::Article => "Article",
        }
    }

    /// "3 Dec 2026".
    pub fn date(article: &PublishedArticle) -> String {
        article.published_at.format("%-d %b %Y").to_string()
    }
}
