//! The `softland` command line: flags with `SOFTLAND_*` fallbacks, and each subcommand.
#![expect(clippy::print_stdout, reason = "the command line prints its results")]

use std::io::{BufRead as _, IsTerminal as _};
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::{Args, Parser, Subcommand};

use crate::app;
use crate::auth::Role;
use crate::auth::password::{self, Password};
use crate::config::{Config, DEFAULT_DATABASE_URL};
use crate::db::{Db, api_tokens, backup, credentials, users};

/// Runs the command line: sets up logging, then the subcommand.
///
/// # Errors
/// Whatever the subcommand fails with, for the binary to print.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    crate::logging::init(cli.log_json);
    match cli.command {
        Command::Serve(args) => serve(&args, &cli.database).await,
        Command::Migrate { action } => migrate(&open(&cli.database).await?, &action).await,
        Command::User { action } => {
            let db = open(&cli.database).await?;
            db.migrate().await?;
            user(&db, &action).await
        }
        Command::Token { action } => {
            let db = open(&cli.database).await?;
            db.migrate().await?;
            token(&db, &action).await
        }
        #[cfg(feature = "seed")]
        Command::SeedBench {
            cases,
            seed: rng_seed,
        } => seed_bench(&cli.database, cases, rng_seed).await,
        Command::Digests { date } => digests(&cli.database, date).await,
        Command::Backup { file, files } => {
            let mut config = Config::for_database(&cli.database);
            files.apply(&mut config);
            run_backup(&open(&cli.database).await?, &file, &config.file_store).await
        }
    }
}

/// `softland digests`: composes every digest of `date` and prints their sizes.
async fn digests(database: &str, date: Option<chrono::NaiveDate>) -> anyhow::Result<()> {
    use std::fmt::Write as _;
    let config = Config::for_database(database);
    let date = date.unwrap_or_else(|| config.today());
    let state = app::prepare(&config).await?;
    let started = std::time::Instant::now();
    let mut out = String::new();
    let mut written = 0;
    for recipient in crate::db::reminders::digest_recipients(&state.db).await? {
        let user = crate::db::users::get(&state.db, recipient.id).await?;
        let digest = crate::jobs::compose_digest(&state, &user, date).await?;
        let text = crate::views::mail::digest(&digest, &config.base_url());
        written += text.body.len();
        let _ = writeln!(
            out,
            "{}\toverdue {}\tdue soon {}\tmessages {}\trisks {}\tescalated {}\t{} bytes",
            user.email,
            digest.overdue.total,
            digest.due_soon.total,
            digest.messages.total,
            digest.risks.total,
            digest.escalated.total,
            text.body.len()
        );
    }
    println!(
        "{out}composed in {} ms ({written} bytes of mail)",
        started.elapsed().as_millis()
    );
    Ok(())
}

async fn open(url: &str) -> anyhow::Result<Db> {
    Db::connect(url, 4)
        .await
        .with_context(|| format!("opening {}", app::redact_url(url)))
}

async fn serve(args: &ServeArgs, database: &str) -> anyhow::Result<()> {
    let config = args.config(database);
    let state = app::prepare(&config).await?;
    #[cfg(feature = "seed")]
    if args.demo {
        let logins = crate::seed::demo::seed(&state.db, config.today()).await?;
        if let Some(expat) = logins.iter().find(|l| l.role == "expat") {
            crate::seed::demo::files::seed(&state.db, state.files.as_ref(), &expat.email).await?;
        }
        crate::seed::demo::photos::seed(&state.db, state.files.as_ref()).await?;
        print_logins(&logins);
        if let Some(consultant) = logins.iter().find(|l| l.role == "consultant") {
            let secret = crate::seed::demo::feed_secret(&state.db, &consultant.email).await?;
            let url = crate::views::calendar::feed_url(&config.base_url(), &secret);
            println!("  calendar feed of {}: {url}", consultant.email);
        }
        let base = config.base_url();
        let base = base.trim_end_matches('/');
        println!(
            "  the public site needs no sign-in: {base}/ (home), {base}/guides, {base}/calculator, {base}/events"
        );
        println!(
            "  privacy (as the admin): {base}/admin/privacy shows the retention dry run (one case is under legal hold, one household was erased last month); each case page links \"Erase… / legal hold\""
        );
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

#[cfg(feature = "seed")]
fn print_logins(logins: &[crate::seed::demo::DemoLogin]) {
    if logins.is_empty() {
        println!("demo: the database already has data; nothing seeded");
        return;
    }
    println!("demo centre ready. Sign in with:");
    for l in logins {
        println!("  {:11} {:32} password: {}", l.role, l.email, l.password);
    }
    for l in logins {
        if let Some(secret) = &l.two_factor_secret {
            println!(
                "  {} signs in with two-factor: add two-factor secret: {secret} to an \
                 authenticator app (time-based, 6 digits, 30 s), or type the code of \
                 `oathtool --totp -b {secret}`",
                l.email
            );
        }
    }
    println!(
        "privacy (admin): /admin/access-log lists a month of views; /admin/breaches holds two breaches, one still within its 72 hours"
    );
}

#[cfg(feature = "seed")]
async fn seed_bench(database: &str, cases: u32, rng_seed: u64) -> anyhow::Result<()> {
    let db = open(database).await?;
    db.migrate().await?;
    crate::db::templates::ensure_shipped(&db).await?;
    let started = std::time::Instant::now();
    let today = Config::for_database(database).today();
    let s = crate::seed::bench::seed(&db, cases, rng_seed, today).await?;
    println!(
        "seeded {} consultants, {} cases, {} expats, {} checklist items, {} notes, {} messages, {} events in {:.1} s",
        s.consultants,
        s.cases,
        s.expats,
        s.items,
        s.notes,
        s.messages,
        s.events,
        started.elapsed().as_secs_f64()
    );
    db.close().await;
    Ok(())
}

/// softland: case management for expat centres.
#[derive(Debug, Parser)]
#[command(name = "softland", version, about)]
pub struct Cli {
    /// Database URL: `sqlite://FILE?mode=rwc` (created on first start) or `postgres://…`.
    #[arg(long, global = true, env = "SOFTLAND_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database: String,
    /// Log as JSON lines instead of text (`RUST_LOG` sets the level).
    #[arg(long, global = true, env = "SOFTLAND_LOG_JSON")]
    pub log_json: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
#[expect(
    clippy::large_enum_variant,
    reason = "parsed once at start; the serve flags include the centre's details"
)]
pub enum Command {
    /// Run the web server (migrates the database first).
    Serve(ServeArgs),
    /// Apply, revert or list database migrations.
    Migrate {
        /// up, down or status.
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Manage staff accounts.
    User {
        /// add, passwd, deactivate or list.
        #[command(subcommand)]
        action: UserAction,
    },
    /// Manage personal API tokens.
    Token {
        /// create.
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Fill the database with the benchmark workload (docs/performance.md).
    #[cfg(feature = "seed")]
    SeedBench {
        /// Number of cases.
        #[arg(long, default_value_t = 20_000)]
        cases: u32,
        /// Random seed: the same seed gives the same data.
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Show what each consultant's daily digest says on a day, without sending anything: one
    /// line per consultant with the size of each section, and the time it took.
    Digests {
        /// The day (YYYY-MM-DD); today in the centre's time zone when left out.
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
    },
    /// Copy a live SQLite database consistently into FILE and check the copy; then copy the
    /// local file store into FILE.files (a bucket is backed up by its own means).
    Backup {
        /// The new file to write.
        file: PathBuf,
        /// Where the files are (the server's flags).
        #[command(flatten)]
        files: FileArgs,
    },
}

/// Flags of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "SOFTLAND_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Seed a demo centre first (only into an empty database) and print its logins.
    #[cfg(feature = "seed")]
    #[arg(long, env = "SOFTLAND_DEMO")]
    pub demo: bool,
    /// The centre's time zone: "today" for deadlines is the date there.
    #[arg(long, env = "SOFTLAND_TIME_ZONE", default_value = "Europe/Prague")]
    pub time_zone: chrono_tz::Tz,
    /// Database connections in the pool.
    #[arg(long, env = "SOFTLAND_POOL_SIZE", default_value_t = 8)]
    pub pool_size: u32,
    /// Largest request body accepted, in KiB.
    #[arg(long, env = "SOFTLAND_MAX_BODY_KIB", default_value_t = 256)]
    pub max_body_kib: usize,
    /// Seconds that requests in flight get to finish after SIGTERM or Ctrl-C.
    #[arg(long, env = "SOFTLAND_SHUTDOWN_GRACE_SECS", default_value_t = 30)]
    pub shutdown_grace_secs: u64,
    /// The address people reach softland at (links in mails; `https://…` makes cookies Secure).
    #[arg(long, env = "SOFTLAND_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Minutes without a request after which a session ends.
    #[arg(long, env = "SOFTLAND_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: u64,
    /// Hours after sign-in after which a session ends, however active.
    #[arg(long, env = "SOFTLAND_SESSION_MAX_HOURS", default_value_t = 12)]
    pub session_max_hours: u64,
    /// SMTP server for outgoing mail, e.g. `smtp://user:pass@mail.example.cz:587`; without it,
    /// mails are written to the log.
    #[arg(long, env = "SOFTLAND_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Don't run jobs (mail delivery, digests, reminders) in this instance: a web-only
    /// instance beside others that do. Jobs are claimed safely by any number of instances.
    #[arg(long, env = "SOFTLAND_NO_JOBS")]
    pub no_jobs: bool,
    /// Don't plan digests and reminders (a staging copy of real data must not mail people on
    /// its own); mails that actions cause still go.
    #[arg(long, env = "SOFTLAND_NO_REMINDERS")]
    pub no_reminders: bool,
    /// Seconds between the job runner's looks for due jobs.
    #[arg(long, env = "SOFTLAND_JOB_INTERVAL_SECS", default_value_t = 15)]
    pub job_interval_secs: u64,
    /// Sender of outgoing mail.
    #[arg(
        long,
        env = "SOFTLAND_MAIL_FROM",
        default_value = "softland <no-reply@softland.invalid>"
    )]
    pub mail_from: String,
    /// Days an invitation link works.
    #[arg(long, env = "SOFTLAND_INVITATION_DAYS", default_value_t = 7)]
    pub invitation_days: u64,
    /// Failed sign-ins of one account within 15 minutes before it must wait.
    #[arg(
        long,
        env = "SOFTLAND_SIGN_IN_FAILURES_PER_ACCOUNT",
        default_value_t = 5
    )]
    pub sign_in_failures_per_account: u64,
    /// Failed sign-ins from one address within 15 minutes before it must wait (raise it
    /// when many people share one address, e.g. behind an office's NAT).
    #[arg(
        long,
        env = "SOFTLAND_SIGN_IN_FAILURES_PER_ADDRESS",
        default_value_t = 20
    )]
    pub sign_in_failures_per_address: u64,
    /// Failed sign-ins of one account within an hour, from every address together, after
    /// which only browsers that signed in to it before (its trusted-device cookie) get through.
    #[arg(
        long,
        env = "SOFTLAND_SIGN_IN_FAILURES_PER_ACCOUNT_HOURLY",
        default_value_t = 100
    )]
    pub sign_in_failures_per_account_hourly: u64,
    /// The bearer token Prometheus must send to read `/metrics` (without it `/metrics` is off).
    #[arg(long, env = "SOFTLAND_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// The domain of conversation reply addresses: conversation mails then carry
    /// `Reply-To: reply+<signed token>@<domain>` (the mail server forwards those mails to
    /// `POST /api/v1/inbound-mail`).
    #[arg(long, env = "SOFTLAND_INBOUND_MAIL_DOMAIN")]
    pub inbound_mail_domain: Option<String>,
    /// The bearer secret the mail server sends to `POST /api/v1/inbound-mail` (without it
    /// that endpoint is off).
    #[arg(long, env = "SOFTLAND_INBOUND_MAIL_TOKEN", hide_env_values = true)]
    pub inbound_mail_token: Option<String>,
    /// A proxy in front of softland (an address or a network such as 10.0.0.0/8; repeat or
    /// separate with commas) whose X-Forwarded-For and X-Forwarded-Proto are believed.
    #[arg(long = "trusted-proxy", env = "SOFTLAND_TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_network)]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Seconds a client has to send a request's headers.
    #[arg(long, env = "SOFTLAND_HEADER_TIMEOUT_SECS", default_value_t = 10)]
    pub header_timeout_secs: u64,
    /// Seconds a client has to send a request's body.
    #[arg(long, env = "SOFTLAND_BODY_TIMEOUT_SECS", default_value_t = 30)]
    pub body_timeout_secs: u64,
    /// Connections served at once (also kept below the open-file limit).
    #[arg(long, env = "SOFTLAND_MAX_CONNECTIONS", default_value_t = 4096)]
    pub max_connections: usize,
    /// Connections one client address may hold at once (trusted proxies are exempt).
    #[arg(
        long,
        env = "SOFTLAND_MAX_CONNECTIONS_PER_ADDRESS",
        default_value_t = 256
    )]
    pub max_connections_per_address: usize,
    /// The centre's name, in the footer of portal pages.
    #[arg(
        long,
        env = "SOFTLAND_CENTRE_NAME",
        default_value = "Expat Centre Ostrava"
    )]
    pub centre_name: String,
    /// The centre's address, one line.
    #[arg(
        long,
        env = "SOFTLAND_CENTRE_ADDRESS",
        default_value = "Tyršova 1683/20, Moravská Ostrava"
    )]
    pub centre_address: String,
    /// The centre's opening hours, one line.
    #[arg(
        long,
        env = "SOFTLAND_CENTRE_HOURS",
        default_value = "Mon–Thu 10:00–16:00"
    )]
    pub centre_hours: String,
    /// The centre's phone number (none by default: the footer leaves it out).
    #[arg(long, env = "SOFTLAND_CENTRE_PHONE", default_value = "")]
    pub centre_phone: String,
    /// Submissions of the public forms (contact, event registration) one address may send
    /// in `--public-posts-window-secs`; more are answered 429 and nothing is stored.
    #[arg(long, env = "SOFTLAND_PUBLIC_POSTS_PER_ADDRESS", default_value_t = 10)]
    pub public_posts_per_address: u64,
    /// The window of `--public-posts-per-address`, in seconds.
    #[arg(long, env = "SOFTLAND_PUBLIC_POSTS_WINDOW_SECS", default_value_t = 600)]
    pub public_posts_window_secs: u64,
    /// Event registrations (each sends a mail) for one recipient e-mail per day, from any
    /// address; more are answered 429 and nothing is stored or sent.
    #[arg(long, env = "SOFTLAND_PUBLIC_POSTS_PER_RECIPIENT", default_value_t = 5)]
    pub public_posts_per_recipient: u64,
    #[command(flatten)]
    pub files: FileArgs,
}

/// Flags of the file store (issue 18).
#[derive(Debug, Args)]
pub struct FileArgs {
    /// The folder uploaded files are kept in (default: `softland-files` beside the SQLite
    /// file, or in the working directory); created on start.
    #[arg(long, env = "SOFTLAND_STORAGE_DIR")]
    pub storage_dir: Option<PathBuf>,
    /// Keep files in an S3-compatible bucket instead: `s3://bucket/prefix` (credentials from
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`).
    #[arg(long, env = "SOFTLAND_STORAGE_URL")]
    pub storage_url: Option<String>,
    /// Another S3 endpoint than AWS's, e.g. `http://127.0.0.1:9000` (`http://` is allowed).
    #[arg(long, env = "AWS_ENDPOINT_URL")]
    pub storage_endpoint: Option<String>,
    /// The largest file accepted, in MiB.
    #[arg(long, env = "SOFTLAND_MAX_FILE_MIB", default_value_t = 20)]
    pub max_file_mib: u64,
    /// The largest upload request (all its files together), in MiB.
    #[arg(long, env = "SOFTLAND_MAX_UPLOAD_MIB", default_value_t = 100)]
    pub max_upload_mib: usize,
    /// `ClamAV`'s daemon, `tcp://127.0.0.1:3310`: every file is scanned before it is kept.
    #[arg(long, env = "SOFTLAND_CLAMD_URL")]
    pub clamd_url: Option<String>,
    /// The erasure ledger: one line per erasure (ids only), applied again on start so that
    /// a restored backup cannot bring erased people back (default: `FILE.erasures` beside
    /// the SQLite file; with PostgreSQL give a path every instance shares and no restore
    /// rolls back).
    #[arg(long, env = "SOFTLAND_ERASURE_LEDGER")]
    pub erasure_ledger: Option<std::path::PathBuf>,
}

impl FileArgs {
    /// These flags' settings in `config`.
    pub fn apply(&self, config: &mut Config) {
        use crate::storage::FileStore;
        if let Some(url) = self.storage_url.clone().filter(|u| !u.is_empty()) {
            config.file_store = FileStore::S3 {
                url,
                endpoint: self.storage_endpoint.clone().filter(|e| !e.is_empty()),
            };
        } else if let Some(dir) = &self.storage_dir {
            config.file_store = FileStore::Folder(dir.clone());
        }
        config.max_file_bytes = self.max_file_mib.max(1).saturating_mul(1024 * 1024);
        config.max_upload_bytes = self.max_upload_mib.max(1).saturating_mul(1024 * 1024);
        config.clamd_url = self.clamd_url.clone().filter(|u| !u.is_empty());
        if let Some(path) = &self.erasure_ledger {
            config.erasure_ledger.clone_from(path);
        }
    }
}

/// An address (one host) or a network in CIDR form.
fn parse_network(raw: &str) -> Result<ipnet::IpNet, String> {
    let raw = raw.trim();
    raw.parse::<ipnet::IpNet>()
        .or_else(|_| raw.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("{raw:?} is not an IP address or network (e.g. 10.0.0.0/8)"))
}

/// `migrate` actions.
#[derive(Debug, Subcommand)]
pub enum MigrateAction {
    /// Apply every pending migration.
    Up,
    /// Revert the newest migrations.
    Down {
        /// How many.
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List migrations and whether each is applied.
    Status,
}

/// `user` actions.
#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Create a staff account; the password is read from stdin (or prompted for).
    Add {
        /// Sign-in e-mail.
        #[arg(long)]
        email: String,
        /// admin or consultant.
        #[arg(long)]
        role: String,
        /// Display name (defaults to the part of the e-mail before @).
        #[arg(long)]
        name: Option<String>,
    },
    /// Set a new password (read from stdin or prompted for).
    Passwd {
        /// Sign-in e-mail.
        #[arg(long)]
        email: String,
    },
    /// Stop an account from signing in.
    Deactivate {
        /// Sign-in e-mail.
        #[arg(long)]
        email: String,
    },
    /// List accounts.
    List,
}

/// `token` actions.
#[derive(Debug, Subcommand)]
pub enum TokenAction {
    /// Create a token for an account and print it (shown once; only its hash is stored).
    Create {
        /// The account's sign-in e-mail (any active account but an ambassador's; the token
        /// acts with its role).
        #[arg(long)]
        email: String,
        /// What the token is for.
        #[arg(long, default_value = "command line")]
        name: String,
        /// Days until it expires (1–3650); without it, it works until revoked.
        #[arg(long)]
        days: Option<u32>,
    },
}

impl ServeArgs {
    /// The server configuration for these flags.
    pub fn config(&self, database_url: &str) -> Config {
        let mut config = Config::for_database(database_url);
        config.bind = self.bind;
        config.time_zone = self.time_zone;
        config.pool_size = self.pool_size;
        config.max_body_bytes = self.max_body_kib.saturating_mul(1024);
        config.shutdown_grace = std::time::Duration::from_secs(self.shutdown_grace_secs);
        config.public_url.clone_from(&self.public_url);
        config.session_idle = std::time::Duration::from_secs(self.session_idle_minutes.max(1) * 60);
        config.session_absolute =
            std::time::Duration::from_secs(self.session_max_hours.max(1) * 3600);
        config.smtp_url.clone_from(&self.smtp_url);
        config.mail_from.clone_from(&self.mail_from);
        config.run_jobs = !self.no_jobs;
        config.plan_reminders = !self.no_reminders;
        config.mail_interval = std::time::Duration::from_secs(self.job_interval_secs.max(1));
        config.invitation_ttl =
            std::time::Duration::from_secs(self.invitation_days.max(1) * 86_400);
        config.throttle_per_account = self.sign_in_failures_per_account.max(1);
        config.throttle_per_address = self.sign_in_failures_per_address.max(1);
        config.throttle_account_hourly = self.sign_in_failures_per_account_hourly.max(1);
        config.metrics_token = self
            .metrics_token
            .clone()
            .filter(|t| !t.is_empty())
            .map(secrecy::SecretString::from);
        config.inbound_mail_domain = self
            .inbound_mail_domain
            .as_deref()
            .map(|d| d.trim().trim_start_matches('@').to_owned())
            .filter(|d| !d.is_empty());
        config.inbound_mail_token = self
            .inbound_mail_token
            .clone()
            .filter(|t| !t.is_empty())
            .map(secrecy::SecretString::from);
        config.trusted_proxies.clone_from(&self.trusted_proxies);
        config.header_read_timeout =
            std::time::Duration::from_secs(self.header_timeout_secs.max(1));
        config.body_read_timeout = std::time::Duration::from_secs(self.body_timeout_secs.max(1));
        config.max_connections = self.max_connections.max(1);
        config.max_connections_per_address = self.max_connections_per_address.max(1);
        config.centre = crate::config::Centre {
            name: self.centre_name.trim().to_owned(),
            address: self.centre_address.trim().to_owned(),
            hours: self.centre_hours.trim().to_owned(),
            phone: self.centre_phone.trim().to_owned(),
        };
        config.public_posts_per_address = self.public_posts_per_address.max(1);
        config.public_posts_window =
            std::time::Duration::from_secs(self.public_posts_window_secs.max(1));
        config.public_posts_per_recipient = self.public_posts_per_recipient.max(1);
        self.files.apply(&mut config);
        config
    }
}

/// Reads a password: one line from stdin when it is not a terminal, else a hidden prompt.
/// Never from the command line, where other users could read it.
fn read_password() -> anyhow::Result<Password> {
    let raw = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("New password: ")?;
        let again = rpassword::prompt_password("Repeat it: ")?;
        if first != again {
            bail!("the two passwords differ");
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from stdin")?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    Password::parse(&raw).map_err(|e| anyhow::anyhow!("password refused: {e}"))
}

async fn hash_off_thread(password: Password) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || password::hash(&password)).await?
}

/// Runs a `migrate` action.
pub async fn migrate(db: &Db, action: &MigrateAction) -> anyhow::Result<()> {
    match action {
        MigrateAction::Up => {
            db.migrate().await?;
            println!("database is up to date");
        }
        MigrateAction::Down { steps } => {
            db.migrate_down(*steps).await?;
            println!("reverted {steps} migration(s)");
        }
        MigrateAction::Status => {
            let applied = db.applied_migrations().await?;
            for name in Db::known_migrations() {
                let state = if applied.contains(&name) {
                    "applied"
                } else {
                    "pending"
                };
                println!("{state:8} {name}");
            }
        }
    }
    Ok(())
}

/// Runs a `user` action.
pub async fn user(db: &Db, action: &UserAction) -> anyhow::Result<()> {
    match action {
        UserAction::Add { email, role, name } => {
            let role = Role::parse(role)
                .filter(|r| r.is_staff())
                .context("--role must be admin or consultant")?;
            let email =
                softland_domain::person::Email::parse(email).map_err(|e| anyhow::anyhow!("{e}"))?;
            let display = name.clone().unwrap_or_else(|| {
                email
                    .as_str()
                    .split('@')
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            });
            let hash = hash_off_thread(read_password()?).await?;
            let new = users::NewUser {
                email: email.as_str(),
                display_name: &display,
                role,
                password_hash: Some(hash),
            };
            let id = users::create(db, new).await?;
            println!("created {role} {email} (id {id})");
        }
        UserAction::Passwd { email } => {
            let user = users::find_by_email(db, email)
                .await?
                .context("no account with that e-mail")?;
            let hash = hash_off_thread(read_password()?).await?;
            let change = credentials::PasswordChange {
                user: user.id,
                hash,
                keep_session: None,
                notice: Some(crate::views::mail::password_changed(
                    crate::views::mail::ChangedBy::Operator,
                )),
            };
            let ended = credentials::change_password(db, change).await?;
            println!(
                "password changed for {} ({} session(s) ended, {} API token(s) revoked)",
                user.email, ended.sessions, ended.tokens
            );
        }
        UserAction::Deactivate { email } => {
            let user = users::find_by_email(db, email)
                .await?
                .context("no account with that e-mail")?;
            users::set_active(db, user.id, false).await?;
            println!("deactivated {}", user.email);
        }
        UserAction::List => {
            for u in users::list(db).await? {
                let state = if u.active { "active" } else { "inactive" };
                println!(
                    "{:>5}  {:10} {:8} {}  {}",
                    u.id, u.role, state, u.email, u.display_name
                );
            }
        }
    }
    Ok(())
}

/// Runs `backup`.
pub async fn run_backup(
    db: &Db,
    file: &std::path::Path,
    store: &crate::storage::FileStore,
) -> anyhow::Result<()> {
    backup::backup(db, file).await?;
    println!("backup written to {} and checked: ok", file.display());
    match store {
        crate::storage::FileStore::Folder(dir) => {
            let mut target = file.as_os_str().to_owned();
            target.push(".files");
            let target = PathBuf::from(target);
            let copied = copy_folder(dir, &target)
                .with_context(|| format!("copying the file store {}", dir.display()))?;
            println!(
                "{copied} file(s) of {} copied to {}",
                dir.display(),
                target.display()
            );
        }
        crate::storage::FileStore::S3 { url, .. } => println!(
            "files are in {url}: back the bucket up with its own means \
             (versioning, or `aws s3 sync`), see docs/operations.md"
        ),
    }
    Ok(())
}

/// Copies every file below `from` into `to` (created; refused when it exists).
fn copy_folder(from: &std::path::Path, to: &std::path::Path) -> anyhow::Result<usize> {
    anyhow::ensure!(!to.exists(), "{} exists already", to.display());
    std::fs::create_dir_all(to)?;
    let mut copied = 0;
    if !from.exists() {
        return Ok(0);
    }
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copied += copy_folder(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
            copied += 1;
        }
    }
    Ok(copied)
}

/// Runs a `token` action: the token alone goes to stdout (for `TOKEN=$(…)`), the rest to
/// stderr.
pub async fn token(db: &Db, action: &TokenAction) -> anyhow::Result<()> {
    let TokenAction::Create { email, name, days } = action;
    let user = users::find_by_email(db, email)
        .await?
        .context("no account with that e-mail")?;
    anyhow::ensure!(
        user.role != Role::Buddy,
        "{} is an ambassador's account (role buddy): ambassadors have no access to the API",
        user.email
    );
    let expires_at = days.map(api_tokens::expiry_in_days).transpose()?;
    let name = api_tokens::TokenName::parse(name)?;
    let token = api_tokens::create(db, user.id, &name, expires_at).await?;
    let until = token.expires_at.map_or_else(
        || "until revoked".to_owned(),
        |e| format!("until {}", e.format("%Y-%m-%d %H:%M UTC")),
    );
    eprintln!(
        "created API token {} “{}” for {} ({}), working {until}; it is shown only now:",
        token.id,
        name.as_str(),
        user.email,
        user.role
    );
    println!("{}", token.secret);
    Ok(())
}
