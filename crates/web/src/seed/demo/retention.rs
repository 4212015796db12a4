//! Demo privacy (issue 23): households closed long ago (so that the retention dry run on
//! `/admin/privacy` lists them), one of them under legal hold, and a household erased last
//! month at its members' request (its tombstone in the case's history).

use anyhow::Context as _;
use chrono::{NaiveDate, Utc};
use softland_domain::case::CaseOutcome;
use softland_domain::erasure::ErasureReason;

use super::spec::{BASE, Spec, Stage, Who};
use crate::db::Db;
use crate::db::erasure::{self, Tombstone};
use crate::ids::{CaseId, PersonId, UserId};

/// The households: three closed more than three years ago, one closed last year.
pub(super) const CASES: &[Spec] = &[
    Spec {
        routes: &["employee-card"],
        people: &[Who::new("Olena Kravets", "Ukrainian", (1987, 4, 9))
            .passport("FK204417", 400)
            .email("olena.kravets@example.com")],
        arrival: -1900,
        stage: Stage::Closed(CaseOutcome::Granted, 280),
        ..BASE
    },
    Spec {
        routes: &["eu-blue-card"],
        consultant: 1,
        people: &[Who::new("Rahul Iyer", "Indian", (1985, 9, 30))
            .passport("Z3301928", 500)
            .email("rahul.iyer@example.com")],
        arrival: -2100,
        stage: Stage::Closed(CaseOutcome::Granted, 320),
        ..BASE
    },
    Spec {
        routes: &["employee-card"],
        consultant: 2,
        people: &[Who::new("Mateo Rojas", "Colombian", (1992, 1, 17))
            .passport("AR559013", 600)
            .email("mateo.rojas@example.com")],
        arrival: -1800,
        stage: Stage::Closed(CaseOutcome::Withdrawn, 200),
        ..BASE
    },
    Spec {
        routes: &["employee-card"],
        people: &[Who::new("Amira Saleh", "Jordanian", (1990, 6, 2))
            .passport("N0418862", 900)
            .email("amira.saleh@example.com")],
        arrival: -700,
        stage: Stage::Closed(CaseOutcome::Transferred, 300),
        ..BASE
    },
];

/// Puts the third household under legal hold and erases the fourth (last month).
pub(super) async fn write(
    db: &Db,
    ids: &[CaseId],
    admin: UserId,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let [_, _, held, erased] = ids else {
        anyhow::bail!("the demo has four privacy households");
    };
    erasure::set_hold(
        db,
        *held,
        "Labour inspectorate inquiry 2026/117: keep the file until it is answered",
        admin,
    )
    .await?;
    let target = erasure::target(db, *erased, None).await?;
    let month_ago = today - chrono::Days::new(30);
    let at = month_ago
        .and_hms_opt(10, 0, 0)
        .context("a time of day")?
        .and_utc();
    let tombstone = Tombstone {
        id: uuid::Uuid::new_v4().to_string(),
        case: *erased,
        household: true,
        people: target.people.iter().copied().map(PersonId).collect(),
        users: target.users.iter().copied().map(UserId).collect(),
        reason: ErasureReason::Request,
        actor: Some(admin),
        at: at.min(Utc::now()),
    };
    erasure::apply(db, &target, &tombstone).await?;
    Ok(())
}
