//! `spawn_app()` and the helpers every test uses.

use std::net::SocketAddr;

use softland_web::app;
use softland_web::config::Config;
use softland_web::db::Db;
use tempfile::TempDir;

/// A fresh database: a SQLite file in a temporary folder (removed on drop), or a new
/// PostgreSQL database when `TEST_DATABASE_URL` names a server.
pub struct TestDb {
    /// The database URL.
    pub url: String,
    /// The folder of the SQLite file, kept alive while the test runs.
    pub dir: TempDir,
    /// The server's admin URL and the name of the PostgreSQL database, dropped with this
    /// value as the SQLite folder is: a run of the suite leaves no databases behind.
    postgres: Option<(String, String)>,
}

impl TestDb {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let (url, postgres) = match std::env::var("TEST_DATABASE_URL") {
            Ok(admin) if !admin.is_empty() => {
                let name = format!("t_{}", uuid::Uuid::new_v4().simple());
                let url = Db::create_postgres_database(&admin, &name)
                    .await
                    .expect("create test database");
                (url, Some((admin, name)))
            }
            _ => (
                format!("sqlite://{}/test.db?mode=rwc", dir.path().display()),
                None,
            ),
        };
        Self { url, dir, postgres }
    }

    pub fn is_sqlite(&self) -> bool {
        self.url.starts_with("sqlite:")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin, name)) = self.postgres.take() else {
            return;
        };
        // A thread and runtime of its own: this runs inside the test's runtime, which cannot
        // wait for a future here. Connections the test left open are ended by the drop.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(Db::drop_postgres_database(&admin, &name))
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(err)) => eprintln!("the test database was not dropped: {err}"),
            Err(_) => eprintln!("dropping the test database panicked"),
        }
    }
}

/// A running app and a client that keeps cookies and does not follow redirects.
pub struct TestApp {
    pub addr: SocketAddr,
    /// The app's state (for driving the job runner by hand).
    pub state: softland_web::app::AppState,
    pub client: reqwest::Client,
    pub db: Db,
    /// Where the app keeps uploaded files.
    pub file_store: softland_web::storage::FileStore,
    /// Keeps the database (and its folder) alive while the app runs.
    database: TestDb,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let database = TestDb::new().await;
    let mut config = Config::for_database(&database.url);
    config.pool_size = 4;
    config.file_store = test_file_store(&database);
    // Digests and reminders follow the real clock: only the tests of them plan them, with a
    // clock of their own.
    config.plan_reminders = false;
    // Each test its own ledger: none is written into the source tree or shared between tests.
    config.erasure_ledger = database.dir.path().join("softland.erasures");
    adjust(&mut config);
    let file_store = config.file_store.clone();
    let state = app::prepare(&config).await.expect("prepare app");
    let db = state.db.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let kept = state.clone();
    let server = tokio::spawn(app::serve(state, listener, async {
        let _ = rx.await;
    }));
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    TestApp {
        addr,
        state: kept,
        client,
        db,
        file_store,
        database,
        shutdown: Some(tx),
        server: Some(server),
    }
}

/// A folder in the test's temporary folder, or a fresh prefix of the bucket that
/// `SOFTLAND_TEST_S3_URL` names (`s3://bucket`, with `AWS_ENDPOINT_URL` and credentials set:
/// `.ci/run` starts an S3-compatible server for this).
fn test_file_store(database: &TestDb) -> softland_web::storage::FileStore {
    use softland_web::storage::FileStore;
    match std::env::var("SOFTLAND_TEST_S3_URL") {
        Ok(url) if !url.is_empty() => FileStore::S3 {
            url: format!(
                "{}/t{}",
                url.trim_end_matches('/'),
                uuid::Uuid::new_v4().simple()
            ),
            endpoint: std::env::var("AWS_ENDPOINT_URL").ok(),
        },
        _ => FileStore::Folder(database.dir.path().join("files")),
    }
}

impl TestApp {
    /// A job runner of this app's state named `instance`, delivering over `transport`.
    pub fn runner(
        &self,
        transport: softland_web::mail::Transport,
        instance: &str,
    ) -> softland_web::jobs::Runner {
        let sender = softland_web::mail::Sender {
            from: "softland <no-reply@softland.invalid>".parse().unwrap(),
            base_url: self.url(""),
        };
        softland_web::jobs::Runner::new(self.state.clone(), transport, sender, instance.to_owned())
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// Stops the server, waits for it to finish and hands back its database: dropping that
    /// removes the database, so a test that starts the app again on it keeps it meanwhile.
    pub async fn stop(mut self) -> TestDb {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server
                .await
                .expect("server task")
                .expect("server stopped cleanly");
        }
        self.database
    }
}

/// A consultant account without a password (for store-level tests).
pub async fn make_consultant(db: &Db, email: &str) -> softland_web::ids::UserId {
    use softland_web::db::users::{self, NewUser};
    let new = NewUser {
        email,
        display_name: "Jana Nováková",
        role: softland_web::auth::Role::Consultant,
        password_hash: None,
    };
    users::create(db, new).await.expect("create consultant")
}

/// A case on the employee-card route for a principal arriving on `arrival`.
pub fn employee_card_case(
    db_catalog: &softland_domain::Catalog,
    arrival: chrono::NaiveDate,
) -> softland_domain::Case {
    use softland_domain::person::{
        Nationality, Passport, PassportNumber, Person, PersonName, Relation,
    };
    use softland_domain::{Calendar, Case, KeyDate, KeyDates, NewCase, RouteKey};
    let mut key_dates = KeyDates::new();
    key_dates.set(KeyDate::Arrival, Some(arrival));
    let principal = Person {
        name: PersonName::parse("Priya Sharma").unwrap(),
        relation: Relation::Principal,
        date_of_birth: chrono::NaiveDate::from_ymd_opt(1991, 4, 12).unwrap(),
        nationality: Nationality::parse("Indian").unwrap(),
        email: None,
        passport: Some(Passport {
            number: PassportNumber::parse("Z7654321").unwrap(),
            expiry: chrono::NaiveDate::from_ymd_opt(2032, 1, 1).unwrap(),
        }),
    };
    let new = NewCase {
        principal,
        dependants: vec![],
        routes: vec![RouteKey::parse("employee-card").unwrap()],
        key_dates,
        opened_on: arrival,
    };
    Case::open(new, db_catalog, &Calendar::czech()).expect("open case")
}

/// A fresh, migrated database with the shipped templates, without a server.
pub async fn fresh_db() -> (Db, TestDb) {
    let database = TestDb::new().await;
    let db = Db::connect(&database.url, 4).await.expect("connect");
    db.migrate().await.expect("migrate");
    softland_web::db::templates::ensure_shipped(&db)
        .await
        .expect("templates");
    (db, database)
}

pub fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A password every test account uses.
pub const PASSWORD: &str = "correct horse battery staple";

/// An account with [`PASSWORD`].
pub async fn make_user(
    db: &Db,
    email: &str,
    role: softland_web::auth::Role,
) -> softland_web::ids::UserId {
    use softland_web::auth::password::{Password, hash};
    use softland_web::db::users::{self, NewUser};
    let hashed = hash(&Password::parse(PASSWORD).unwrap()).unwrap();
    let new = NewUser {
        email,
        display_name: email.split('@').next().unwrap(),
        role,
        password_hash: Some(hashed),
    };
    let id = users::create(db, new).await.expect("create user");
    if role == softland_web::auth::Role::Admin {
        enrol_two_factor(db, id).await;
    }
    id
}

/// The two-factor secret (base32) of every admin [`make_user`] makes: admins must use
/// two-factor (issue 23), so `make_user` sets it up and [`TestApp::sign_in`] types a code
/// computed from it.
pub const TEST_TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/// Their recovery codes, used in order when both codes of the window were used already.
pub const TEST_RECOVERY_CODES: [&str; 10] = [
    "aaaaa-aaaa2",
    "aaaaa-aaaa3",
    "aaaaa-aaaa4",
    "aaaaa-aaaa5",
    "aaaaa-aaaa6",
    "aaaaa-aaaa7",
    "aaaaa-aaaa8",
    "aaaaa-aaaa9",
    "aaaaa-aaaab",
    "aaaaa-aaaac",
];

/// Sets up two-factor for `user` with [`TEST_TOTP_SECRET`] and [`TEST_RECOVERY_CODES`].
pub async fn enrol_two_factor(db: &Db, user: softland_web::ids::UserId) {
    use softland_domain::two_factor::RecoveryCode;
    use softland_web::auth::keys::Keys;
    use softland_web::auth::two_factor::{FactorSecret, recovery_hash};
    use softland_web::db::two_factor::{Consequences, enrol};
    let keys = Keys::load(db).await.expect("server key");
    let secret = FactorSecret::from_base32(TEST_TOTP_SECRET).expect("test secret");
    let hashes: Vec<String> = TEST_RECOVERY_CODES
        .iter()
        .map(|c| recovery_hash(&keys, &RecoveryCode::parse(c).expect("recovery code")))
        .collect();
    let then = Consequences {
        actor: user,
        note: "set up by the test".into(),
        keep_session: None,
        revoke_tokens: false,
    };
    let enrolled = enrol(db, user, &secret.mask(&keys), 0, &hashes, &then)
        .await
        .expect("set up two-factor");
    assert!(enrolled, "two-factor was not set up already");
}

/// The code of time step `step` for the base32 `secret` (RFC 6238, as an app computes it).
pub fn totp_code(secret: &str, step: u64) -> String {
    let secret = totp_rs::Secret::try_from_base32(secret).expect("base32 secret");
    let totp = totp_rs::Builder::new()
        .with_secret(secret)
        .build()
        .expect("totp");
    totp.generate(step * 30).to_string()
}

/// The current time step.
pub fn current_step() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp()).unwrap() / 30
}

/// A code for `email`'s second step that was not used yet: the current step's, else the
/// next step's, else the next unused test recovery code.
pub async fn unused_code(db: &Db, email: &str, secret: &str) -> String {
    use softland_web::db::{two_factor, users};
    let user = users::find_by_email(db, email)
        .await
        .unwrap()
        .expect("user");
    let enrolment = two_factor::get(db, user.id)
        .await
        .unwrap()
        .expect("enrolled");
    let now = current_step();
    match enrolment.last_step {
        Some(last) if last > now => {
            let left = two_factor::codes_left(db, user.id).await.unwrap();
            TEST_RECOVERY_CODES[10 - usize::try_from(left).unwrap()].to_owned()
        }
        Some(last) if last >= now => totp_code(secret, now + 1),
        _ => totp_code(secret, now),
    }
}

/// Signs `email` in with `client` (cookies kept, redirects not followed), passing the second
/// step with a code of [`TEST_TOTP_SECRET`] when asked, and setting two-factor up with it
/// first when the account must (then signing in again): the answer to the last POST, which
/// for every account is where the sign-in sends it.
pub async fn sign_in_with(
    app: &TestApp,
    client: &reqwest::Client,
    email: &str,
    password: &str,
) -> reqwest::Response {
    let mut res = post_login(app, client, email, password).await;
    if location_of(&res) == Some("/account/two-factor") {
        let user = softland_web::db::users::find_by_email(&app.db, email)
            .await
            .unwrap()
            .expect("user");
        enrol_two_factor(&app.db, user.id).await;
        let page = client
            .get(app.url("/account/two-factor"))
            .send()
            .await
            .unwrap();
        let csrf = csrf_in(&page.text().await.unwrap());
        client
            .post(app.url("/logout"))
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        res = post_login(app, client, email, password).await;
    }
    if location_of(&res) != Some("/login/two-factor") {
        return res;
    }
    let page = client
        .get(app.url("/login/two-factor"))
        .send()
        .await
        .unwrap();
    let csrf = csrf_in(&page.text().await.unwrap());
    let code = unused_code(&app.db, email, TEST_TOTP_SECRET).await;
    client
        .post(app.url("/login/two-factor"))
        .form(&[("csrf", csrf.as_str()), ("code", code.as_str())])
        .send()
        .await
        .unwrap()
}

/// The password step of signing in with `client`.
pub async fn post_login(
    app: &TestApp,
    client: &reqwest::Client,
    email: &str,
    password: &str,
) -> reqwest::Response {
    let page = client.get(app.url("/login")).send().await.unwrap();
    let csrf = csrf_in(&page.text().await.unwrap());
    client
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
}

/// Where a redirect goes.
pub fn location_of(res: &reqwest::Response) -> Option<&str> {
    res.headers().get("location").and_then(|l| l.to_str().ok())
}

/// The value of the first hidden `csrf` field in `html`.
pub fn csrf_in(html: &str) -> String {
    let marker = r#"name="csrf" value=""#;
    let start = html.find(marker).expect("a csrf field") + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

impl TestApp {
    /// Posts a form with `fields`.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .form(fields)
            .send()
            .await
            .expect("POST")
    }

    /// The CSRF token of the page at `path`.
    pub async fn csrf(&self, path: &str) -> String {
        csrf_in(&self.get(path).await.text().await.unwrap())
    }

    /// Signs in through the form, with the second step when the account has two-factor
    /// ([`sign_in_with`]); returns the answer to the last POST.
    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        sign_in_with(self, &self.client, email, password).await
    }
}

/// Asserts a redirect to `location`.
pub fn assert_redirects_to(res: &reqwest::Response, location: &str) {
    assert!(
        res.status().is_redirection(),
        "expected a redirect, got {}",
        res.status()
    );
    assert_eq!(res.headers()["location"], location);
}

/// `case` with `edit` applied to its stored parts: a test's shortcut to a case whose people
/// or dates were entered differently.
pub fn edited(
    case: softland_domain::Case,
    edit: impl FnOnce(&mut softland_domain::case::CaseParts),
) -> softland_domain::Case {
    let mut parts = case.into_parts();
    edit(&mut parts);
    softland_domain::Case::restore(parts)
}
