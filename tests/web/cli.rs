use std::io::Write as _;
use std::process::{Command, Output, Stdio};

use softland_web::db::{Db, users};

use crate::support::TestDb;

/// Runs `softland --database URL args…` with `stdin` on its standard input.
fn softland(database: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_softland"))
        .arg("--database")
        .arg(database)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("RUST_LOG", "warn")
        .spawn()
        .expect("start softland");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("softland finished")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn user_add_reads_the_password_from_stdin_and_stores_an_argon2id_hash() {
    let database = TestDb::new().await;
    let out = softland(
        &database.url,
        &[
            "user",
            "add",
            "--email",
            "Petra.Kralova@centre.test",
            "--role",
            "admin",
            "--name",
            "Petra Králová",
        ],
        "a long and unusual passphrase\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("created admin petra.kralova@centre.test"));
    let db = Db::connect(&database.url, 1).await.unwrap();
    let user = users::find_by_email(&db, "petra.kralova@centre.test")
        .await
        .unwrap()
        .unwrap();
    let hash = user.password_hash.unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    assert!(softland_web::auth::password::verify(
        "a long and unusual passphrase",
        &hash
    ));
    assert_eq!(user.display_name, "Petra Králová");
}

#[tokio::test]
async fn user_add_refuses_a_weak_password_and_a_bad_role() {
    let database = TestDb::new().await;
    let weak = softland(
        &database.url,
        &[
            "user",
            "add",
            "--email",
            "a@centre.test",
            "--role",
            "consultant",
        ],
        "short\n",
    );
    assert!(!weak.status.success());
    assert!(
        text(&weak.stderr).contains("at least 12 characters"),
        "{}",
        text(&weak.stderr)
    );
    let role = softland(
        &database.url,
        &["user", "add", "--email", "a@centre.test", "--role", "expat"],
        "a long and unusual passphrase\n",
    );
    assert!(!role.status.success());
    assert!(text(&role.stderr).contains("--role must be admin or consultant"));
}

#[tokio::test]
async fn user_list_passwd_and_deactivate_work_together() {
    let database = TestDb::new().await;
    let pw = "a long and unusual passphrase\n";
    assert!(
        softland(
            &database.url,
            &[
                "user",
                "add",
                "--email",
                "k@centre.test",
                "--role",
                "consultant"
            ],
            pw
        )
        .status
        .success()
    );
    let changed = softland(
        &database.url,
        &["user", "passwd", "--email", "k@centre.test"],
        "another long passphrase\n",
    );
    assert!(changed.status.success(), "{}", text(&changed.stderr));
    assert!(
        softland(
            &database.url,
            &["user", "deactivate", "--email", "k@centre.test"],
            ""
        )
        .status
        .success()
    );
    let list = text(&softland(&database.url, &["user", "list"], "").stdout);
    assert!(list.contains("consultant inactive k@centre.test"), "{list}");
    let db = Db::connect(&database.url, 1).await.unwrap();
    let user = users::find_by_email(&db, "k@centre.test")
        .await
        .unwrap()
        .unwrap();
    assert!(softland_web::auth::password::verify(
        "another long passphrase",
        &user.password_hash.unwrap()
    ));
}

#[tokio::test]
async fn migrate_status_lists_every_migration() {
    let database = TestDb::new().await;
    let before = text(&softland(&database.url, &["migrate", "status"], "").stdout);
    assert!(before.lines().all(|l| l.starts_with("pending")), "{before}");
    assert!(
        softland(&database.url, &["migrate", "up"], "")
            .status
            .success()
    );
    let after = text(&softland(&database.url, &["migrate", "status"], "").stdout);
    assert_eq!(after.lines().count(), Db::known_migrations().len());
    assert!(after.lines().all(|l| l.starts_with("applied")), "{after}");
}

#[tokio::test]
async fn every_subcommand_has_help() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["user", "add", "--help"],
        vec!["seed-bench", "--help"],
        vec!["backup", "--help"],
    ] {
        let out = softland("sqlite::memory:", &args, "");
        assert!(out.status.success(), "{args:?}");
        assert!(text(&out.stdout).contains("Usage:"), "{args:?}");
    }
}

#[tokio::test]
async fn backup_of_postgres_points_to_pg_dump() {
    let database = TestDb::new().await;
    if database.is_sqlite() {
        return;
    }
    let out = softland(&database.url, &["backup", "/tmp/never-written.db"], "");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("pg_dump"));
}
