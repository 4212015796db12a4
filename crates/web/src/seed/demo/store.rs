//! Writing one demo case the way the app would: created, then changed step by step through
//! `db::cases::update` (so its history and audit trail are real), then its notes.

use chrono::{NaiveDate, Utc};
use softland_domain::status::Reason;
use softland_domain::{Calendar, Case, Catalog};

use super::build::{self, first_name};
use super::changes::{apply_steps, override_dues, runs};
use super::notes::usual;
use super::spec::{Spec, Stage};
use crate::audit::AuditAction;
use crate::db::Db;
use crate::db::cases::{self, AuditEntry, Expect, UpdateError};
use crate::db::messages::{self, NewMessage, Side, Via};
use crate::db::notes::{self, NewNote};
use crate::ids::{CaseId, UserId};
use crate::seed::bench::progress::{Pace, simulate};
use crate::seed::bench::rng::{Rng, shift};
use softland_domain::note::NoteText;

/// The demo's own random stream: the same demo every time.
const DEMO_SEED: u64 = 0x5EED_0057_2A7A;

/// What every demo case is written with.
pub(super) struct Centre<'a> {
    pub db: &'a Db,
    pub catalog: Catalog,
    pub cal: Calendar,
    pub today: NaiveDate,
    /// The three consultants, then the admin.
    pub staff: Vec<UserId>,
}

impl Centre<'_> {
    /// Changes case `id` through the store, expecting its current version.
    async fn change(
        &self,
        id: CaseId,
        actor: UserId,
        change: impl FnMut(&mut Case, &Calendar) -> anyhow::Result<((), Vec<AuditEntry>)>,
    ) -> anyhow::Result<()> {
        let version = cases::load(self.db, id).await?.version;
        cases::update(self.db, id, actor, Expect::Case(version), change)
            .await
            .map_err(|e| match e {
                UpdateError::Refused(refused) => refused,
                UpdateError::Db(err) => err.into(),
            })?;
        Ok(())
    }

    /// The last day the case was worked on: today, or the day it was closed.
    fn until(&self, spec: &Spec) -> NaiveDate {
        match spec.stage {
            Stage::Closed(_, days_ago) => shift(self.today, -days_ago),
            _ => self.today,
        }
    }

    /// Writes demo case number `n`; returns its id.
    pub(super) async fn write(&self, n: usize, spec: &Spec) -> anyhow::Result<CaseId> {
        let mut rng = Rng::for_record(DEMO_SEED, u64::try_from(n).unwrap_or(0));
        let mut case = build::open(spec, self.today, &self.catalog, &self.cal)?;
        let consultant = self.staff[spec.consultant];
        let id = cases::create(self.db, &case, consultant, consultant, None).await?;
        let pace = Pace {
            missed: spec.missed,
            waiting: spec.waiting,
            not_needed: spec.not_needed,
            ..Pace::default()
        };
        let steps = simulate(&mut case, &self.cal, self.until(spec), pace, &mut rng);
        for run in runs(&steps) {
            self.change(id, consultant, |c, cal| apply_steps(c, cal, run))
                .await?;
        }
        if !spec.overrides.is_empty() {
            self.change(id, consultant, |c, _| override_dues(c, spec, self.today))
                .await?;
        }
        self.set_stage(id, consultant, spec).await?;
        self.write_notes(id, consultant, spec, &case, &mut rng)
            .await?;
        Ok(id)
    }

    async fn set_stage(&self, id: CaseId, actor: UserId, spec: &Spec) -> anyhow::Result<()> {
        let until = self.until(spec);
        match spec.stage {
            Stage::Open => Ok(()),
            Stage::Hold(reason) => {
                let reason = Reason::parse(reason)?;
                let entry = AuditEntry::new(
                    AuditAction::CaseStatus,
                    "Case",
                    Some("Open".into()),
                    Some(format!("On hold: {reason}")),
                );
                self.change(id, actor, |c, _| {
                    c.hold(reason.clone())
                        .map(|()| ((), vec![entry.clone()]))
                        .map_err(anyhow::Error::from)
                })
                .await
            }
            Stage::Closed(outcome, _) => {
                let entry = AuditEntry::new(
                    AuditAction::CaseStatus,
                    "Case",
                    Some("Open".into()),
                    Some(outcome.label().to_owned()),
                );
                self.change(id, actor, |c, _| {
                    c.close(outcome, until)
                        .map(|()| ((), vec![entry.clone()]))
                        .map_err(anyhow::Error::from)
                })
                .await
            }
        }
    }

    /// One to three notes of the route's usual kind, written between the opening and the
    /// last day worked: (days ago, visibility, text), oldest first.
    fn usual_notes(
        &self,
        spec: &Spec,
        case: &Case,
        rng: &mut Rng,
    ) -> Vec<(i64, notes::Visibility, &'static str)> {
        let oldest = (self.today - case.opened_on()).num_days();
        let newest = (self.today - self.until(spec)).num_days();
        let count = usize::try_from(rng.range(1, 3)).unwrap_or(1);
        let later = usize::try_from(rng.below(5)).unwrap_or(0);
        let route = spec.routes.first().copied().unwrap_or_default();
        let mut days: Vec<i64> = (0..count).map(|_| rng.range(newest, oldest)).collect();
        days.sort_unstable_by(|a, b| b.cmp(a));
        days.into_iter()
            .zip(usual(route, count, later))
            .map(|(d, (v, t))| (d, v, t))
            .collect()
    }

    /// The spec's notes, or the route's usual ones, by the case's consultant: internal ones
    /// as notes, the household's (`Shared`) as the consultant's messages.
    async fn write_notes(
        &self,
        id: CaseId,
        author: UserId,
        spec: &Spec,
        case: &Case,
        rng: &mut Rng,
    ) -> anyhow::Result<()> {
        let notes = if spec.notes.is_empty() {
            self.usual_notes(spec, case, rng)
        } else {
            spec.notes.to_vec()
        };
        let first = first_name(case.principal());
        for (days_ago, visibility, text) in notes {
            let minutes = u32::try_from(rng.range(0, 8 * 60)).unwrap_or(0);
            let day = shift(self.today, -days_ago);
            let at = day
                .and_hms_opt(7 + minutes / 60, minutes % 60, 0)
                .map_or_else(Utc::now, |t| t.and_utc())
                .min(Utc::now());
            let body = NoteText::parse(&text.replace("{first}", first))?;
            if visibility == notes::Visibility::Shared {
                // What the household is told is a message of the conversation (issue 19).
                let message = NewMessage {
                    case_id: id,
                    author,
                    side: Side::Staff,
                    body: &body,
                    via: Via::Web,
                };
                messages::post_written_at(self.db, message, &[], at).await?;
                continue;
            }
            let note = NewNote {
                case_id: id,
                author,
                visibility,
                body: &body,
            };
            notes::add_written_at(self.db, note, at).await?;
        }
        Ok(())
    }
}
