//! The benchmark workload of `shared/bench/WORKLOAD.md`: 40 consultants, one expat account
//! per case, cases spread evenly over consultants and the six routes, deterministic for a
//! seed. Written in bulk, in one transaction, into a database without cases.

mod events;
mod generate;
pub(crate) mod names;
mod notes;
pub(crate) mod progress;
pub(crate) mod rng;
#[cfg(test)]
pub(crate) mod tests;

use std::ops::Range;

use anyhow::Context as _;
use chrono::NaiveDate;
use softland_domain::{Calendar, RouteKey};

use crate::auth::Role;
use crate::auth::password::{self, Password};
use crate::db::seed::{BulkWriter, SeedCase, SeedUser};
use crate::db::{Db, templates};
use crate::ids::UserId;
use generate::{Draft, Generator, ROUTES};
use names::CZECH;

/// The password of every benchmark consultant (`consultant1@bench.softland.test` …
/// `consultant40@bench.softland.test`).
pub const CONSULTANT_PASSWORD: &str = "bench-consultant-Ostrava-2026";

/// The password of every benchmark expat (`expat1@bench.softland.test` …, one per case,
/// linked to the case's principal).
pub const EXPAT_PASSWORD: &str = "bench-expat-Ostrava-2026";

/// Consultants of the workload.
const CONSULTANTS: u32 = 40;

/// Cases generated and written per round: bounds memory, not speed.
const CASES_PER_ROUND: u32 = 500;

/// What was seeded.
#[derive(Debug, Clone, Default)]
pub struct BenchSummary {
    /// Consultants.
    pub consultants: u64,
    /// Cases.
    pub cases: u64,
    /// Expat accounts.
    pub expats: u64,
    /// Checklist items.
    pub items: u64,
    /// Internal notes.
    pub notes: u64,
    /// Messages of the conversations.
    pub messages: u64,
    /// Events of the programme (past and upcoming, issue 22).
    pub events: u64,
}

/// The sign-in e-mail of the expat of case number `n` (from 0).
fn expat_email(n: u32) -> String {
    format!("expat{}@bench.softland.test", u64::from(n) + 1)
}

fn consultant_accounts(hash: &str) -> Vec<SeedUser> {
    (0..CONSULTANTS)
        .map(|k| {
            let i = usize::try_from(k).unwrap_or(0);
            let male = k % 2 == 1;
            let first = if male { CZECH.male } else { CZECH.female };
            let name = format!(
                "{} {}",
                first[i / 2 % first.len()],
                CZECH.surname(i * 7 / 2, male)
            );
            SeedUser {
                email: format!("consultant{}@bench.softland.test", k + 1),
                display_name: name,
                role: Role::Consultant,
                password_hash: hash.to_owned(),
            }
        })
        .collect()
}

async fn hash(raw: &'static str) -> anyhow::Result<String> {
    let password = Password::parse(raw).map_err(|e| anyhow::anyhow!("bench password: {e}"))?;
    tokio::task::spawn_blocking(move || password::hash(&password)).await?
}

async fn generator(db: &Db, seed: u64, today: NaiveDate) -> anyhow::Result<Generator> {
    let catalog = templates::catalog(db)
        .await
        .context("loading the route templates")?;
    let routes = ROUTES
        .iter()
        .map(|r| {
            let key = RouteKey::parse(r)?;
            catalog
                .template(&key)
                .with_context(|| format!("route `{r}` is not stored"))?;
            Ok(key)
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let closures = templates::closures(db).await?.into_iter().map(|(d, _)| d);
    let cal = Calendar::with_closures(closures);
    Ok(Generator {
        catalog,
        cal,
        routes,
        seed,
        today,
    })
}

/// One seeding run: the open transaction and what every round needs.
struct Run<'a> {
    writer: BulkWriter<'a>,
    generator: Generator,
    consultants: Vec<UserId>,
    expat_hash: String,
}

impl Run<'_> {
    /// Generates and writes cases `numbers` with their expat accounts.
    async fn round(&self, numbers: Range<u32>, summary: &mut BenchSummary) -> anyhow::Result<()> {
        let first = numbers.start;
        let drafts = numbers
            .map(|n| self.generator.case(n))
            .collect::<anyhow::Result<Vec<Draft>>>()?;
        let accounts: Vec<SeedUser> = drafts
            .iter()
            .zip(first..)
            .map(|(d, n)| SeedUser {
                email: expat_email(n),
                display_name: d.case.principal().name.to_string(),
                role: Role::Expat,
                password_hash: self.expat_hash.clone(),
            })
            .collect();
        let expats = self.writer.insert_users(&accounts).await?;
        summary.expats += count(expats.len());
        let seeds: Vec<SeedCase> = drafts
            .into_iter()
            .zip(expats)
            .map(|(d, expat)| SeedCase {
                case: d.case,
                consultant: self.consultants[d.consultant],
                expat: Some(expat),
                notes: d.notes,
            })
            .collect();
        let rows = self.writer.insert_cases(&seeds).await?;
        summary.cases += rows.cases;
        summary.items += rows.items;
        summary.notes += rows.notes;
        summary.messages += rows.messages;
        Ok(())
    }
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Seeds the workload: `cases` cases generated from `seed`, dated relative to `today`.
/// Refuses a database that already has cases. Prints nothing.
pub async fn seed(
    db: &Db,
    cases: u32,
    seed: u64,
    today: NaiveDate,
) -> anyhow::Result<BenchSummary> {
    let generator = generator(db, seed, today).await?;
    let consultant_hash = hash(CONSULTANT_PASSWORD).await?;
    let expat_hash = hash(EXPAT_PASSWORD).await?;
    let writer = BulkWriter::begin(db).await?;
    let consultants = writer
        .insert_users(&consultant_accounts(&consultant_hash))
        .await?;
    let mut summary = BenchSummary {
        consultants: count(consultants.len()),
        ..BenchSummary::default()
    };
    let run = Run {
        writer,
        generator,
        consultants,
        expat_hash,
    };
    let mut start = 0;
    while start < cases {
        let end = start.saturating_add(CASES_PER_ROUND).min(cases);
        run.round(start..end, &mut summary).await?;
        start = end;
    }
    run.writer.commit().await?;
    for (k, consultant) in (1..).zip(&run.consultants) {
        let secret = feed_secret(&format!("consultant{k}@bench.softland.test"));
        crate::db::feed_tokens::create_known(db, *consultant, &secret).await?;
    }
    if let Some(author) = run.consultants.first() {
        summary.events = events::write(db, *author, today).await?;
    }
    crate::db::seed::analyze(db).await?;
    Ok(summary)
}

/// The calendar feed secret of the benchmark account `email` (each consultant has one, so
/// that `scripts/bench` can fetch a feed): the SHA-256 of `softland-bench-feed:<email>` in
/// hex, as `printf 'softland-bench-feed:%s' EMAIL | sha256sum` computes it. Predictable on
/// purpose: benchmark databases hold no real data.
pub fn feed_secret(email: &str) -> String {
    use sha2::{Digest as _, Sha256};
    hex::encode(Sha256::digest(
        format!("softland-bench-feed:{email}").as_bytes(),
    ))
}
