//! The public guides (`/guides/{route}`): one per route, made from the newest version of its
//! template — the steps by phase, what to bring, where to go, who does it, each deadline rule
//! in words, a typical timeline, the caveats, and the partner kinds that can help.
//!
//! A crowd reads these pages, and making them parses every template: each instance keeps
//! the guides it made, keyed by the routes' newest version numbers. For `GUIDES_KEPT` it
//! answers from memory; after that one small query of the version numbers says whether they
//! are still true (an upload elsewhere changes one), and only a changed number makes them
//! again. An upload on this instance forgets them at once.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use softland_domain::ChecklistTemplate;
use softland_domain::site::guide::{self, Phase, RuleWords};
use softland_domain::template::Doer;

use super::routes::{RouteGroup, headline};
use crate::app::AppState;
use crate::commands::CommandError;
use crate::db::partners::{self, Filter, Helps};
use crate::db::site::search::{self, ROUTE, SearchDoc};
use crate::db::{Db, DbError, templates};

/// How long an instance answers from the guides it made without asking the store.
const GUIDES_KEPT: Duration = Duration::from_secs(5);

/// One step of a guide.
#[derive(Debug, Clone)]
pub struct GuideStep {
    /// The item's key (an HTML id).
    pub key: String,
    /// What to do, in a line.
    pub title: String,
    /// How.
    pub instructions: String,
    /// Where to go.
    pub where_to_go: String,
    /// What to bring.
    pub documents: Vec<String>,
    /// Who does it.
    pub doer: Doer,
    /// The deadline rule in words.
    pub deadline: Option<RuleWords>,
    /// The template's caveat.
    pub caveat: Option<String>,
    /// Whether the caveat marks the rule unconfirmed.
    pub unconfirmed: bool,
}

/// The steps of one phase.
#[derive(Debug, Clone)]
pub struct GuidePhase {
    /// Which.
    pub phase: Phase,
    /// Its steps in the checklist's order.
    pub steps: Vec<GuideStep>,
}

/// A line of the typical timeline.
#[derive(Debug, Clone)]
pub struct TimelineLine {
    /// Roughly how many days after arriving (negative: before).
    pub day: i64,
    /// The rule in words.
    pub when: String,
    /// The step.
    pub title: String,
}

/// A partner kind that can help, for the link to the public directory.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Helper {
    /// Its name ("Health care").
    pub name: String,
    /// Its slug (`health-care`).
    pub slug: String,
}

/// A route's guide.
#[derive(Debug, Clone)]
pub struct Guide {
    /// The route key.
    pub route: String,
    /// The template version it was made from.
    pub version: u32,
    /// The route's name ("Employee card").
    pub name: String,
    /// "Coming to work in Ostrava with an employee card".
    pub headline: String,
    /// Where it is listed on the index.
    pub group: RouteGroup,
    /// Whom the route is for.
    pub summary: String,
    /// Where its rules come from.
    pub source: String,
    /// The steps by phase (phases without steps left out).
    pub phases: Vec<GuidePhase>,
    /// The steps with a deadline from the start of the stay, the earliest first.
    pub timeline: Vec<TimelineLine>,
    /// Partner kinds with public organisations that help with its steps.
    pub helpers: Vec<Helper>,
}

impl Guide {
    /// The guide's row of the search index: every step's words.
    pub fn search_doc(&self) -> SearchDoc {
        let mut body = String::new();
        for step in self.phases.iter().flat_map(|p| &p.steps) {
            for part in [&step.title, &step.instructions, &step.where_to_go] {
                body.push_str(part);
                body.push('\n');
            }
            body.push_str(&step.documents.join("\n"));
            body.push('\n');
        }
        SearchDoc {
            kind: ROUTE,
            key: self.route.clone(),
            title: self.headline.clone(),
            summary: self.summary.clone(),
            body,
        }
    }
}

/// Every route's guide, by group and headline.
#[derive(Debug, Default)]
pub struct Guides {
    /// The guides.
    pub all: Vec<Arc<Guide>>,
}

impl Guides {
    /// The guide of `route`.
    pub fn find(&self, route: &str) -> Option<Arc<Guide>> {
        self.all.iter().find(|g| g.route == route).cloned()
    }
}

struct Kept {
    checked: Instant,
    versions: Vec<(String, i64)>,
    guides: Arc<Guides>,
}

/// The guides this instance made, with the version numbers they were made from.
#[derive(Default)]
pub struct GuideCache {
    kept: Mutex<Option<Kept>>,
}

impl std::fmt::Debug for GuideCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GuideCache")
    }
}

impl GuideCache {
    /// Drops what is kept (after an upload of a template version).
    pub fn forget(&self) {
        if let Ok(mut kept) = self.kept.lock() {
            *kept = None;
        }
    }

    fn fresh(&self) -> Option<Arc<Guides>> {
        let kept = self.kept.lock().ok()?;
        kept.as_ref()
            .filter(|k| k.checked.elapsed() < GUIDES_KEPT)
            .map(|k| Arc::clone(&k.guides))
    }

    /// The kept guides when they were made from `versions` (and marks them checked).
    fn still(&self, versions: &[(String, i64)]) -> Option<Arc<Guides>> {
        let mut kept = self.kept.lock().ok()?;
        let k = kept.as_mut().filter(|k| k.versions == versions)?;
        k.checked = Instant::now();
        Some(Arc::clone(&k.guides))
    }

    fn keep(&self, versions: Vec<(String, i64)>, guides: &Arc<Guides>) {
        if let Ok(mut kept) = self.kept.lock() {
            *kept = Some(Kept {
                checked: Instant::now(),
                versions,
                guides: Arc::clone(guides),
            });
        }
    }
}

/// Every route's guide (from memory when the templates have not changed).
pub async fn guides(state: &AppState) -> Result<Arc<Guides>, CommandError> {
    if let Some(guides) = state.guides.fresh() {
        return Ok(guides);
    }
    let versions = crate::db::site::guides::newest_versions(&state.db).await?;
    if let Some(guides) = state.guides.still(&versions) {
        return Ok(guides);
    }
    let made = Arc::new(make_all(&state.db).await?);
    state.guides.keep(versions, &made);
    Ok(made)
}

/// The guide of `route`, or not found.
pub async fn guide(state: &AppState, route: &str) -> Result<Arc<Guide>, CommandError> {
    guides(state)
        .await?
        .find(route)
        .ok_or(CommandError::NotFound)
}

/// After a template upload: the guides are made again and their rows of the search index
/// rewritten.
pub async fn refresh(state: &AppState) -> Result<(), CommandError> {
    state.guides.forget();
    let made = guides(state).await?;
    let docs: Vec<SearchDoc> = made.all.iter().map(|g| g.search_doc()).collect();
    search::put_routes(&state.db, &docs).await?;
    Ok(())
}

/// Every guide, made from the newest templates.
pub(crate) async fn make_all(db: &Db) -> Result<Guides, DbError> {
    let catalog = templates::catalog(db).await?;
    let helpers = helpers(db, &catalog.templates).await?;
    let mut all: Vec<Arc<Guide>> = catalog
        .templates
        .iter()
        .map(|t| Arc::new(make(t, &helpers)))
        .collect();
    all.sort_by(|a, b| (a.group, &a.headline).cmp(&(b.group, &b.headline)));
    Ok(Guides { all })
}

fn step(item: &softland_domain::template::TemplateItem, template: &ChecklistTemplate) -> GuideStep {
    let title_of = |key: &softland_domain::ItemKey| template.item(key).map(|i| i.title.clone());
    GuideStep {
        key: item.key.to_string(),
        title: item.title.clone(),
        instructions: item.instructions.clone(),
        where_to_go: item.where_to_go.clone(),
        documents: item.documents.clone(),
        doer: item.doer,
        deadline: item
            .deadline
            .as_ref()
            .map(|r| guide::rule_in_words(r, &title_of)),
        unconfirmed: item.caveat.as_deref().is_some_and(guide::is_unconfirmed),
        caveat: item.caveat.clone(),
    }
}

fn make(template: &ChecklistTemplate, helpers: &HashMap<String, Vec<Helper>>) -> Guide {
    let route = template.route.to_string();
    let (headline, group) = headline(&route, &template.name);
    let by_phase = guide::phases(template);
    let phases = Phase::ALL
        .into_iter()
        .map(|phase| GuidePhase {
            phase,
            steps: by_phase
                .iter()
                .filter(|(p, _)| *p == phase)
                .map(|(_, item)| step(item, template))
                .collect(),
        })
        .filter(|p| !p.steps.is_empty())
        .collect();
    let mut timeline: Vec<TimelineLine> = template
        .items
        .iter()
        .filter_map(|item| {
            let rule = item.deadline.as_ref()?;
            let day = guide::typical_day(rule)?;
            let title_of =
                |key: &softland_domain::ItemKey| template.item(key).map(|i| i.title.clone());
            Some(TimelineLine {
                day,
                when: guide::rule_in_words(rule, &title_of).when,
                title: item.title.clone(),
            })
        })
        .collect();
    timeline.sort_by_key(|l| l.day);
    let helpers: BTreeSet<Helper> = template
        .items
        .iter()
        .filter_map(|i| helpers.get(i.key.as_str()))
        .flatten()
        .cloned()
        .collect();
    Guide {
        route,
        version: template.version,
        name: template.name.clone(),
        headline,
        group,
        summary: template.summary.clone(),
        source: template.source.clone(),
        phases,
        timeline,
        helpers: helpers.into_iter().collect(),
    }
}

/// By item key, the partner kinds named for it (themselves or through a named organisation)
/// that have public, active organisations.
async fn helpers(
    db: &Db,
    templates: &[ChecklistTemplate],
) -> Result<HashMap<String, Vec<Helper>>, DbError> {
    let keys: BTreeSet<&str> = templates
        .iter()
        .flat_map(|t| t.items.iter().map(|i| i.key.as_str()))
        .collect();
    let keys: Vec<&str> = keys.into_iter().collect();
    let links = partners::helpers_of_items(db, &keys).await?;
    if links.is_empty() {
        return Ok(HashMap::new());
    }
    let filter = Filter {
        public_only: true,
        ..Filter::default()
    };
    let public = partners::organisations(db, &filter).await?;
    let mut out: HashMap<String, Vec<Helper>> = HashMap::new();
    for (key, helps) in links {
        let mut found: Vec<Helper> = Vec::new();
        for h in helps {
            let kinds = public.iter().filter(|o| match h {
                Helps::Kind(kind) => o.kind.id == kind,
                Helps::Organisation(id) => o.id == id,
            });
            for org in kinds {
                found.push(Helper {
                    name: org.kind.name.clone(),
                    slug: org.kind.slug.clone(),
                });
            }
        }
        found.sort();
        found.dedup();
        out.insert(key, found);
    }
    Ok(out)
}
