//! The checklist a new case would get, grouped by person and category, shown by the
//! new-case form's "Preview checklist" button before anything is stored.

use softland_domain::Case;
use softland_domain::case::Holder;
use softland_domain::date_format::long;
use softland_domain::person::Relation;
use softland_domain::template::Category;

/// One item of the preview.
pub struct PreviewItem {
    /// What to do.
    pub title: String,
    /// "Wed 30 Dec 2026", when a due date follows from the dates known.
    pub due: Option<String>,
    /// How the due date was computed, or what it waits for.
    pub explanation: Option<String>,
}

/// A person's (or the household's) items of one category.
pub struct PreviewGroup {
    /// "Residence permit".
    pub category: &'static str,
    /// The items.
    pub items: Vec<PreviewItem>,
}

/// Everything one holder must do.
pub struct PreviewHolder {
    /// "Priya Sharma (principal)", "Household".
    pub heading: String,
    /// Anchor id: "preview-0", "preview-household".
    pub id: String,
    /// By category, in checklist order.
    pub groups: Vec<PreviewGroup>,
}

/// The checklist of `case`, by holder (people in order, then the household) and category.
pub fn preview(case: &Case) -> Vec<PreviewHolder> {
    let holders = (0..case.people().len())
        .map(Holder::Person)
        .chain([Holder::Household]);
    holders
        .filter_map(|holder| {
            let groups = groups(case, holder);
            (!groups.is_empty()).then(|| PreviewHolder {
                heading: heading(case, holder),
                id: anchor(holder),
                groups,
            })
        })
        .collect()
}

fn heading(case: &Case, holder: Holder) -> String {
    match holder {
        Holder::Household => "Household".to_owned(),
        Holder::Person(n) => {
            let person = &case.people()[n];
            let relation = match person.relation {
                Relation::Principal => "principal",
                Relation::Spouse => "spouse",
                Relation::Child => "child",
                Relation::Parent => "parent",
                Relation::Other => "other relative",
            };
            format!("{} ({relation})", person.name)
        }
    }
}

fn anchor(holder: Holder) -> String {
    match holder {
        Holder::Household => "preview-household".to_owned(),
        Holder::Person(n) => format!("preview-{n}"),
    }
}

fn groups(case: &Case, holder: Holder) -> Vec<PreviewGroup> {
    Category::ALL
        .into_iter()
        .filter_map(|category| {
            let items: Vec<PreviewItem> = case
                .items()
                .iter()
                .enumerate()
                .filter(|(_, i)| i.holder() == holder && i.category() == category)
                .map(|(index, i)| PreviewItem {
                    title: i.title().to_owned(),
                    due: i.due().map(long),
                    explanation: case.explanation(index),
                })
                .collect();
            (!items.is_empty()).then_some(PreviewGroup {
                category: category.label(),
                items,
            })
        })
        .collect()
}
