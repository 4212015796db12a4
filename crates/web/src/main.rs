//! The `softland` binary: parses the command line and runs the subcommand.
#![expect(clippy::print_stdout, reason = "the command line prints its results")]

use std::time::Instant;

use anyhow::Context as _;
use clap::Parser as _;
use softland_web::cli::{self, Cli, Command};
use softland_web::config::Config;
use softland_web::db::{Db, templates};
use softland_web::{app, seed};

/// mimalloc instead of glibc's malloc for Rust's allocations: per-thread heaps, no arena
/// lock shared by the async workers and SQLite's threads. Built with `no_thp`: with
/// transparent huge pages its eagerly committed regions kept ~30 MB more resident
/// (docs/performance.md, change 16).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    softland_web::logging::init(cli.log_json);
    run(cli).await
}

async fn open(url: &str) -> anyhow::Result<Db> {
    Db::connect(url, 4)
        .await
        .with_context(|| format!("opening {}", app::redact_url(url)))
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => {
            let config = args.config(&cli.database);
            let state = app::prepare(&config).await?;
            if args.demo {
                let logins = seed::demo::seed(&state.db, config.today()).await?;
                print_logins(&logins);
            }
            let listener = tokio::net::TcpListener::bind(config.bind)
                .await
                .with_context(|| format!("listening on {}", config.bind))?;
            println!(
                "softland is running at http://{}/ (Ctrl-C stops it)",
                listener.local_addr()?
            );
            app::serve(state, listener, app::shutdown_signal()).await
        }
        Command::Migrate { action } => cli::migrate(&open(&cli.database).await?, &action).await,
        Command::User { action } => {
            let db = open(&cli.database).await?;
            db.migrate().await?;
            cli::user(&db, &action).await
        }
        Command::Token { action } => {
            let db = open(&cli.database).await?;
            db.migrate().await?;
            cli::token(&db, &action).await
        }
        Command::SeedBench {
            cases,
            seed: rng_seed,
        } => {
            let db = open(&cli.database).await?;
            db.migrate().await?;
            templates::ensure_shipped(&db).await?;
            let started = Instant::now();
            let today = Config::for_database(&cli.database).today();
            let s = seed::bench::seed(&db, cases, rng_seed, today).await?;
            println!(
                "seeded {} consultants, {} cases, {} expats, {} checklist items, {} notes in {:.1} s",
                s.consultants,
                s.cases,
                s.expats,
                s.items,
                s.notes,
                started.elapsed().as_secs_f64()
            );
            db.close().await;
            Ok(())
        }
        Command::Backup { file } => cli::run_backup(&open(&cli.database).await?, &file).await,
    }
}

fn print_logins(logins: &[seed::demo::DemoLogin]) {
    if logins.is_empty() {
        println!("demo: the database already has data; nothing seeded");
        return;
    }
    println!("demo centre ready. Sign in with:");
    for l in logins {
        println!("  {:11} {:32} password: {}", l.role, l.email, l.password);
    }
}
