//! The server's log against forged lines and leaked secrets, read from the real binary.

use crate::process::{client, start_logging, terminate};
use crate::support::{TestDb, csrf_in};

/// A whole log line, typed into the sign-in's e-mail field.
const FORGED: &str = "2026-11-25t09:00:00.000000z  info softland: signed in user=1";

#[tokio::test]
async fn a_typed_value_cannot_forge_a_log_line_and_addresses_and_passwords_stay_out() {
    let database = TestDb::new().await;
    let (child, base) = start_logging(&database.url);
    let browser = client();
    let page = browser.get(format!("{base}/login")).send().await.unwrap();
    let csrf = csrf_in(&page.text().await.unwrap());
    let email = format!("nobody@centre.test\r\n{FORGED}\nsecond {FORGED}");
    let fields = [
        ("csrf", csrf.as_str()),
        ("email", email.as_str()),
        ("password", "Secret-typed-at-sign-in-42"),
    ];
    let res = browser
        .post(format!("{base}/login"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);

    let (clean, log) = terminate(child);
    assert!(clean, "the server exits cleanly: {log}");
    let failed: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("sign-in failed"))
        .collect();
    assert_eq!(failed.len(), 1, "one line for the failed sign-in: {log}");
    assert!(
        failed[0].contains("account=acct-") && !log.contains("nobody@centre.test"),
        "the account is named by its pseudonym, never by the address typed: {}",
        failed[0]
    );
    for line in log.lines() {
        assert!(
            !line
                .to_lowercase()
                .trim_start()
                .starts_with("2026-11-25t09:00:00")
                && !line.starts_with("second"),
            "a forged line reached the log: {line}"
        );
    }
    assert!(
        !log.contains("Secret-typed-at-sign-in-42"),
        "a password was logged"
    );
}
