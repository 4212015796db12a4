//! `templates/admin/articles/`: the articles of the public site — the list with each one's
//! state, the form (with its preview), the version history and one version.

use askama::Template;

use crate::commands::FieldErrors;
use crate::commands::site::articles::ArticleInput;
use crate::db::partners::Kind;
use crate::db::site::articles::{ArticleState, StoredVersion};
use crate::views::nav::Nav;
use crate::views::sentence;

/// "3 Dec 2026, 14:05" in the centre's zone.
pub fn stamp(at: chrono::DateTime<chrono::Utc>, zone: chrono_tz::Tz) -> String {
    at.with_timezone(&zone)
        .format("%-d %b %Y, %H:%M")
        .to_string()
}

/// An article in the list.
pub struct ArticleRow {
    /// Id.
    pub id: i64,
    /// Its newest title.
    pub title: String,
    /// Its address.
    pub slug: String,
    /// "Guide" / "News".
    pub kind: &'static str,
    /// Where it stands.
    pub state: ArticleState,
    /// When it last changed.
    pub updated: String,
}

/// The list.
#[derive(Template)]
#[template(path = "admin/articles/list.html")]
pub struct ArticlesPage {
    /// Navigation.
    pub nav: Nav,
    /// The articles.
    pub rows: Vec<ArticleRow>,
}

/// A partner kind's checkbox.
pub struct KindCheck {
    /// Its slug.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Whether it is ticked.
    pub checked: bool,
}

/// The form to add or change an article.
#[derive(Template)]
#[template(path = "admin/articles/form.html")]
pub struct ArticleFormPage {
    /// Navigation.
    pub nav: Nav,
    /// The article's id (none for a new one).
    pub id: Option<i64>,
    /// The version the form was made from.
    pub version: i64,
    /// Where it stands (a stored article).
    pub state: Option<ArticleState>,
    /// The published address, when published.
    pub public_path: Option<String>,
    /// What was typed.
    pub values: ArticleInput,
    /// The partner kinds.
    pub kinds: Vec<KindCheck>,
    /// Mistakes by field name.
    pub errors: FieldErrors,
    /// A problem with the whole form (changed meanwhile).
    pub problem: Option<String>,
    /// What the last change did.
    pub notice: Option<&'static str>,
    /// The preview's clean HTML, when asked for.
    pub preview: Option<String>,
}

impl ArticleFormPage {
    /// The form for `values`.
    pub fn new(nav: Nav, kinds: &[Kind], values: ArticleInput) -> Self {
        let kinds = kinds
            .iter()
            .map(|k| KindCheck {
                checked: values.partner_kinds.contains(&k.slug),
                slug: k.slug.clone(),
                name: k.name.clone(),
            })
            .collect();
        Self {
            nav,
            id: None,
            version: 0,
            state: None,
            public_path: None,
            values,
            kinds,
            errors: FieldErrors::new(),
            problem: None,
            notice: None,
            preview: None,
        }
    }

    /// Where the form posts.
    pub fn action(&self) -> String {
        self.id.map_or_else(
            || "/admin/articles".to_owned(),
            |id| format!("/admin/articles/{id}"),
        )
    }

    /// The mistake of `field`, as a sentence.
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(sentence)
    }

    /// Whether `kind` is selected.
    pub fn is_kind(&self, kind: &str) -> bool {
        self.values.kind == kind
    }
}

/// What a notice after a change says.
pub fn notice(done: Option<&str>) -> Option<&'static str> {
    match done? {
        "saved" => Some("Saved as a draft. The public page is unchanged."),
        "published" => Some("Published: the public page shows this version."),
        "unpublished" => Some("Taken off the public site. Its versions are kept."),
        "restored" => Some("The older version is now the newest draft. Publish it to show it."),
        _ => None,
    }
}

/// A version in the history.
pub struct VersionRow {
    /// Its number.
    pub number: i64,
    /// Its title.
    pub title: String,
    /// When it was saved.
    pub saved: String,
    /// Whether it is the published one.
    pub published: bool,
}

/// The version history.
#[derive(Template)]
#[template(path = "admin/articles/versions.html")]
pub struct ArticleVersionsPage {
    /// Navigation.
    pub nav: Nav,
    /// The article's id.
    pub id: i64,
    /// Its newest title.
    pub title: String,
    /// Its versions, the newest first.
    pub rows: Vec<VersionRow>,
}

/// One version.
#[derive(Template)]
#[template(path = "admin/articles/version.html")]
pub struct ArticleVersionPage {
    /// Navigation.
    pub nav: Nav,
    /// The article's id.
    pub id: i64,
    /// The article's row version (for restoring).
    pub version: i64,
    /// The version shown.
    pub shown: StoredVersion,
    /// When it was saved.
    pub saved: String,
    /// Its body as the public would see it.
    pub html: String,
}
