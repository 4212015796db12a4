//! The real `softland` binary as a child process, for the tests that kill it or read its
//! log.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};

/// Starts `softland serve` on a free port with `RUST_LOG=warn` and the log discarded;
/// returns the child and its base URL.
pub fn start(database: &str, extra: &[&str]) -> (Child, String) {
    spawn(database, extra, "warn", Stdio::null())
}

/// Like [`start`], with the log (`RUST_LOG=info`) on the child's piped standard error.
pub fn start_logging(database: &str) -> (Child, String) {
    spawn(database, &[], "info", Stdio::piped())
}

fn spawn(database: &str, extra: &[&str], log: &str, stderr: Stdio) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_softland"))
        .args(["--database", database, "serve", "--bind", "127.0.0.1:0"])
        .args(extra)
        .env("RUST_LOG", log)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("start softland");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let line = lines.next().expect("softland printed its address").unwrap();
    let url = line
        .split("http://")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    std::thread::spawn(move || for _ in lines {});
    (child, format!("http://{url}"))
}

/// A client that keeps cookies and does not follow redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Sends SIGTERM and waits for the exit; returns whether it was clean and the standard
/// error (empty unless piped).
pub fn terminate(child: Child) -> (bool, String) {
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let output = child.wait_with_output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
