//! Settings, parsed once in `main` from flags and `SOFTLAND_*` variables.

use std::net::SocketAddr;
use std::time::Duration;

use chrono::NaiveDate;
use chrono_tz::Tz;
use secrecy::SecretString;

/// The database URL used when none is given: a SQLite file in the working directory,
/// created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://softland.db?mode=rwc";

/// Everything the server needs to know at start.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    pub bind: SocketAddr,
    /// `sqlite://…` or `postgres://…`.
    pub database_url: String,
    /// The centre's time zone: "today" for every deadline is the date there.
    pub time_zone: Tz,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Database connection pool size.
    pub pool_size: u32,
    /// How long requests in flight may take to finish after a shutdown signal.
    pub shutdown_grace: Duration,
    /// Fixed "today" for demos and tests; `None` means the real date in `time_zone`.
    pub today_override: Option<NaiveDate>,
    /// A session ends after this long without a request.
    pub session_idle: Duration,
    /// A session ends this long after sign-in, however active.
    pub session_absolute: Duration,
    /// The address users reach softland at; `https://…` makes cookies `Secure`.
    pub public_url: Option<String>,
    /// Failed sign-ins of one account within `throttle_window` before it is throttled.
    pub throttle_per_account: u64,
    /// Failed sign-ins from one address within `throttle_window` before it is throttled.
    pub throttle_per_address: u64,
    /// The window failed sign-ins are counted in.
    pub throttle_window: Duration,
    /// Password hashes computed at once (each takes ~20 ms of one core and 19 MiB).
    pub hashing_concurrency: usize,
    /// Password hashes that may wait for a hashing thread; more are refused at once
    /// ("try again in a few seconds") instead of queueing behind a flood.
    pub hashing_queue: usize,
    /// The longest a password hash may be expected to wait for a thread (judged by how
    /// long the latest hashes took); a longer wait is refused at once, like a full queue.
    pub hashing_max_wait: Duration,
    /// `smtp://user:pass@host:587`; without it mails are written to the log.
    pub smtp_url: Option<String>,
    /// The sender of every mail.
    pub mail_from: String,
    /// How long an invitation link works.
    pub invitation_ttl: Duration,
    /// How long a password-reset link works.
    pub reset_ttl: Duration,
    /// How often the job runner looks for due jobs (mails, digests, reminders).
    pub mail_interval: Duration,
    /// The bearer token Prometheus sends to read `/metrics`; without one, `/metrics` is not
    /// served at all (it tells an outsider which pages are used and how much).
    pub metrics_token: Option<SecretString>,
    /// Proxies in front of softland whose `X-Forwarded-For` and `X-Forwarded-Proto` are
    /// believed (addresses or networks); from anyone else these headers are ignored.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// How long a client has to send a request's head (also between requests on a
    /// kept-alive connection) before the connection is closed.
    pub header_read_timeout: Duration,
    /// How long a client has to send a request's body.
    pub body_read_timeout: Duration,
    /// Connections served at once (capped below the open-file limit at start).
    pub max_connections: usize,
    /// Connections one client address (an IPv6 /64) may hold at once; trusted proxies are
    /// exempt.
    pub max_connections_per_address: usize,
    /// Failed sign-ins of one account within an hour, from all addresses together, before
    /// browsers without that account's trusted-device cookie must wait (ASVS: at most 100
    /// guesses an hour per account). Its owner's own browser still gets through.
    pub throttle_account_hourly: u64,
    /// Password-reset mails one address typed can be sent within an hour on requests from
    /// one address (three times as many from all addresses together).
    pub reset_mails_per_account: u64,
    /// Threads that hash passwords set through invitation and reset links, apart from the
    /// sign-in threads so that a flood of link posts never starves sign-ins.
    pub link_hashing_concurrency: usize,
    /// Link password hashes that may wait for a thread.
    pub link_hashing_queue: usize,
    /// How often expired sessions, sign-in failures and links are deleted.
    pub purge_interval: Duration,
    /// The centre's name, address, hours and phone, in the footer of portal pages.
    pub centre: Centre,
    /// Submissions of the public forms (contact, event registration, cancellation) one
    /// address may send within `public_posts_window`; more are answered 429, nothing stored.
    pub public_posts_per_address: u64,
    /// The window `public_posts_per_address` counts in.
    pub public_posts_window: Duration,
    /// Submissions of the public forms that send a mail (event registration) for one
    /// recipient e-mail within a day, from any address; more are answered 429, nothing stored
    /// or sent: nobody can flood someone else's inbox through the centre.
    pub public_posts_per_recipient: u64,
    /// Where uploaded files are kept (issue 18).
    pub file_store: crate::storage::FileStore,
    /// The largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// The largest upload request (several files), in bytes.
    pub max_upload_bytes: usize,
    /// `ClamAV`'s daemon (`tcp://127.0.0.1:3310`); without it files are kept "not scanned".
    pub clamd_url: Option<String>,
    /// The domain of conversation reply addresses (`reply+<token>@<domain>`, issue 19): when
    /// set, conversation mails carry such a `Reply-To`, and the mail server forwards what
    /// arrives there to `POST /api/v1/inbound-mail`.
    pub inbound_mail_domain: Option<String>,
    /// The bearer secret the mail server sends to `POST /api/v1/inbound-mail`; without it
    /// that endpoint is not served (404).
    pub inbound_mail_token: Option<SecretString>,
    /// What time it is: the system clock, or one that tests set (the job runner, "today").
    pub clock: Clock,
    /// Whether this instance runs jobs at all (`--no-jobs`: a web-only instance).
    pub run_jobs: bool,
    /// Whether the job runner plans digests and reminders (`--no-reminders`: a staging copy of
    /// real data that must not mail people on its own; mails that actions cause still go).
    pub plan_reminders: bool,
    /// The erasure ledger (issue 23): a file outside the database, applied again on start
    /// (`erasure_ledger`). Default: beside the SQLite file (`softland.db.erasures`).
    pub erasure_ledger: std::path::PathBuf,
}

/// The time: the system's, or a time that tests set and move.
#[derive(Clone, Default)]
pub struct Clock(Option<std::sync::Arc<std::sync::Mutex<chrono::DateTime<chrono::Utc>>>>);

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self(None)
    }

    /// A clock standing at `at` until [`Clock::set`] moves it.
    pub fn fixed(at: chrono::DateTime<chrono::Utc>) -> Self {
        Self(Some(std::sync::Arc::new(std::sync::Mutex::new(at))))
    }

    /// Moves a fixed clock to `at` (the system clock cannot be moved).
    pub fn set(&self, at: chrono::DateTime<chrono::Utc>) {
        if let Some(time) = &self.0
            && let Ok(mut time) = time.lock()
        {
            *time = at;
        }
    }

    /// Now.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        match &self.0 {
            Some(time) => time.lock().map_or_else(|_| chrono::Utc::now(), |t| *t),
            None => chrono::Utc::now(),
        }
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            None => f.write_str("Clock::system"),
            Some(_) => write!(f, "Clock::fixed({})", self.now()),
        }
    }
}

/// The centre as expats reach it: settings an admin sets (docs/operations.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Centre {
    /// "Expat Centre Ostrava".
    pub name: String,
    /// Street and town, one line.
    pub address: String,
    /// Opening hours, one line.
    pub hours: String,
    /// Phone number; empty: the footer leaves it out (softland ships no number).
    pub phone: String,
}

impl Default for Centre {
    /// The Ostrava centre as the fact sheet lists it (§3, §5.3; its current address and hours
    /// are unconfirmed there, so an admin should check them), without a phone number.
    fn default() -> Self {
        Self {
            name: "Expat Centre Ostrava".to_owned(),
            address: "Tyršova 1683/20, Moravská Ostrava".to_owned(),
            hours: "Mon–Thu 10:00–16:00".to_owned(),
            phone: String::new(),
        }
    }
}

/// The file store's folder when none is given: `softland-files` beside the SQLite file, or
/// in the working directory.
pub fn default_file_folder(database_url: &str) -> std::path::PathBuf {
    let file = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .map(|rest| rest.split('?').next().unwrap_or_default());
    match file
        .map(std::path::Path::new)
        .and_then(std::path::Path::parent)
    {
        Some(dir) => dir.join("softland-files"),
        None => std::path::PathBuf::from("softland-files"),
    }
}

/// The erasure ledger when none is given: `FILE.erasures` beside the SQLite file `FILE`, or
/// `softland-<database>.erasures` in the working directory for PostgreSQL (one file per
/// database name; the database identity in each line guards the rest).
pub fn default_erasure_ledger(database_url: &str) -> std::path::PathBuf {
    let sqlite = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"));
    if let Some(rest) = sqlite {
        let file = rest.split('?').next().unwrap_or_default();
        if file.is_empty() || file.contains(":memory:") {
            return std::path::PathBuf::from("softland.erasures");
        }
        return std::path::PathBuf::from(format!("{file}.erasures"));
    }
    let name: String = database_url
        .split('?')
        .next()
        .and_then(|url| url.rsplit('/').next())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    if name.is_empty() {
        std::path::PathBuf::from("softland.erasures")
    } else {
        std::path::PathBuf::from(format!("softland-{name}.erasures"))
    }
}

impl Config {
    /// A configuration for `database_url` with every other setting at its default.
    pub fn for_database(database_url: &str) -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: database_url.to_owned(),
            time_zone: chrono_tz::Europe::Prague,
            max_body_bytes: 256 * 1024,
            pool_size: 8,
            shutdown_grace: Duration::from_secs(30),
            today_override: None,
            session_idle: Duration::from_mins(30),
            session_absolute: Duration::from_hours(12),
            public_url: None,
            throttle_per_account: 5,
            throttle_per_address: 20,
            throttle_window: Duration::from_mins(15),
            hashing_concurrency: 2,
            hashing_queue: 64,
            hashing_max_wait: Duration::from_secs(3),
            smtp_url: None,
            mail_from: "softland <no-reply@softland.invalid>".to_owned(),
            invitation_ttl: Duration::from_hours(7 * 24),
            reset_ttl: Duration::from_hours(24),
            mail_interval: Duration::from_secs(15),
            metrics_token: None,
            trusted_proxies: Vec::new(),
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(30),
            max_connections: 4096,
            max_connections_per_address: 256,
            throttle_account_hourly: 100,
            reset_mails_per_account: 3,
            link_hashing_concurrency: 1,
            link_hashing_queue: 8,
            purge_interval: Duration::from_mins(10),
            centre: Centre::default(),
            public_posts_per_address: 10,
            public_posts_window: Duration::from_mins(10),
            public_posts_per_recipient: 5,
            file_store: crate::storage::FileStore::Folder(default_file_folder(database_url)),
            max_file_bytes: 20 * 1024 * 1024,
            max_upload_bytes: 100 * 1024 * 1024,
            clamd_url: None,
            clock: Clock::system(),
            run_jobs: true,
            plan_reminders: true,
            inbound_mail_domain: None,
            inbound_mail_token: None,
            erasure_ledger: default_erasure_ledger(database_url),
        }
    }

    /// The address links in mails point to.
    pub fn base_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.bind))
    }

    /// How often a signed-in session's idle timeout is pushed forward (a write to the
    /// session store): every minute, or twice per idle timeout when that is shorter.
    pub fn session_renewal(&self) -> Duration {
        (self.session_idle / 2).min(Duration::from_mins(1))
    }

    /// Whether the public address is HTTPS (then cookies are always `Secure`; behind a
    /// trusted proxy `X-Forwarded-Proto: https` makes them so per request).
    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }

    /// Today in the centre's time zone (never the server's UTC date).
    pub fn today(&self) -> NaiveDate {
        self.today_override
            .unwrap_or_else(|| self.clock.now().with_timezone(&self.time_zone).date_naive())
    }
}

#[cfg(test)]
mod ledger_tests {
    use super::default_erasure_ledger;

    #[test]
    fn a_postgresql_ledger_is_named_after_its_database() {
        assert_eq!(
            default_erasure_ledger("postgres://u:p@db:5432/centre?sslmode=require"),
            std::path::PathBuf::from("softland-centre.erasures")
        );
        assert_eq!(
            default_erasure_ledger("sqlite:///srv/softland.db?mode=rwc"),
            std::path::PathBuf::from("/srv/softland.db.erasures")
        );
    }
}
