//! The demo's privacy records (issue 23, part A): the demo family's case rests on the
//! household's request for help (contract, the default); one other household's on the
//! centre's public task and one on consent. The demo expat agreed to photos at events in
//! person and to reminders in the portal; their spouse gave consent to photos on paper and
//! withdrew it later; another household's principal said no to reminders by mail.

use anyhow::Context as _;
use softland_domain::partner::ConsentHow;
use softland_domain::privacy::{LawfulBasis, Purpose};

use crate::db::privacy::{self, ConsentChange};
use crate::db::{Db, cases};
use crate::ids::{CaseId, UserId};

/// Writes them: `family` is the demo expat's case, `others` the other households'.
pub async fn write(
    db: &Db,
    family: CaseId,
    others: &[CaseId],
    actor: UserId,
) -> anyhow::Result<()> {
    if let [first, second, third, ..] = others {
        privacy::set_basis(db, *first, LawfulBasis::PublicTask, actor).await?;
        privacy::set_basis(db, *second, LawfulBasis::Consent, actor).await?;
        let stored = cases::load(db, *third).await?;
        let principal = *stored
            .person_ids
            .first()
            .context("a case has a principal")?;
        change(db, principal, Purpose::MailReminders, None, actor).await?;
    }
    let stored = cases::load(db, family).await?;
    let people = &stored.person_ids;
    let expat = *people.first().context("a case has a principal")?;
    change(
        db,
        expat,
        Purpose::Photos,
        Some(ConsentHow::InPerson),
        actor,
    )
    .await?;
    change(
        db,
        expat,
        Purpose::MailReminders,
        Some(ConsentHow::Portal),
        actor,
    )
    .await?;
    if let Some(spouse) = people.get(1) {
        change(db, *spouse, Purpose::Photos, Some(ConsentHow::Paper), actor).await?;
        change(db, *spouse, Purpose::Photos, None, actor).await?;
    }
    Ok(())
}

async fn change(
    db: &Db,
    person: crate::ids::PersonId,
    purpose: Purpose,
    give: Option<ConsentHow>,
    actor: UserId,
) -> anyhow::Result<()> {
    privacy::change(
        db,
        ConsentChange {
            person,
            purpose,
            give,
            actor,
        },
    )
    .await?;
    Ok(())
}
