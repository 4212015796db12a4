//! The `softland` binary: parses the command line and runs the subcommand.

use clap::Parser as _;
use softland_web::cli::{self, Cli};

/// mimalloc instead of glibc's malloc for Rust's allocations: per-thread heaps, no arena
/// lock shared by the async workers and SQLite's threads. Built with `no_thp`: with
/// transparent huge pages its eagerly committed regions kept ~30 MB more resident
/// (docs/performance-log.md, change 16).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    cli::run(Cli::parse()).await
}
