//! The changes made to a stored demo case, each with its audit entry: status steps and due
//! date overrides.

use chrono::NaiveDate;
use softland_domain::case::Holder;
use softland_domain::status::Reason;
use softland_domain::{Calendar, Case};

use super::spec::Spec;
use crate::audit::AuditAction;
use crate::db::cases::AuditEntry;
use crate::seed::bench::progress::{Step, matches};
use crate::seed::bench::rng::shift;

fn subject(case: &Case, index: usize) -> String {
    let item = &case.items()[index];
    let holder = match item.holder() {
        Holder::Household => "household",
        Holder::Person(p) => case.people().get(p).map_or("", |p| p.name.as_str()),
    };
    format!("{} — {holder}", item.title())
}

/// Applies `steps` in order, with one audit entry each.
pub(super) fn apply_steps(
    case: &mut Case,
    cal: &Calendar,
    steps: &[Step],
) -> anyhow::Result<((), Vec<AuditEntry>)> {
    let mut audit = Vec::new();
    for step in steps {
        let before = case.items()[step.index].status().kind();
        case.apply(step.index, &step.action, step.on, cal)?;
        let after = case.items()[step.index].status().kind();
        let mut entry = AuditEntry::new(
            AuditAction::ItemStatus,
            subject(case, step.index),
            Some(before.label().to_owned()),
            Some(format!("{} ({})", after.label(), step.on)),
        );
        entry.item = Some((step.index, step.action.reason().map(ToString::to_string)));
        audit.push(entry);
    }
    Ok(((), audit))
}

/// `steps` cut into runs that touch each item once, so that every status change gets its
/// own history line.
pub(super) fn runs(steps: &[Step]) -> Vec<&[Step]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, step) in steps.iter().enumerate() {
        if steps[start..i].iter().any(|s| s.index == step.index) {
            out.push(&steps[start..i]);
            start = i;
        }
    }
    if start < steps.len() {
        out.push(&steps[start..]);
    }
    out
}

/// Sets the spec's due-date overrides.
pub(super) fn override_dues(
    case: &mut Case,
    spec: &Spec,
    today: NaiveDate,
) -> anyhow::Result<((), Vec<AuditEntry>)> {
    let mut audit = Vec::new();
    for (pattern, days, reason) in spec.overrides {
        let index = (0..case.items().len())
            .find(|&i| matches(pattern, &case.items()[i]))
            .ok_or_else(|| anyhow::anyhow!("no item `{pattern}` to override"))?;
        let reason = Reason::parse(reason)?;
        let date = shift(today, *days);
        let before = case.items()[index].due().map(|d| d.to_string());
        case.override_due(index, date, reason.clone());
        let after = Some(format!("{date}: {reason}"));
        audit.push(AuditEntry::new(
            AuditAction::ItemDueOverride,
            subject(case, index),
            before,
            after,
        ));
    }
    Ok(((), audit))
}
