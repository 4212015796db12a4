//! Faults against the real binary: SIGKILL during a stream of acknowledged writes (20
//! rounds), SIGTERM during a slow request.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use softland_web::auth::Role;
use softland_web::db::{Db, backup, cases, notes, templates};

use crate::process::{client, start};
use crate::support::{PASSWORD, TestDb, csrf_in, date, employee_card_case, make_user};

async fn prepared_database() -> (TestDb, i64) {
    let database = TestDb::new().await;
    let db = Db::connect(&database.url, 2).await.unwrap();
    db.migrate().await.unwrap();
    templates::ensure_shipped(&db).await.unwrap();
    let jana = make_user(&db, "jana@centre.test", Role::Consultant).await;
    let catalog = templates::catalog(&db).await.unwrap();
    let id = cases::create(
        &db,
        &employee_card_case(&catalog, date(2026, 12, 23)),
        jana,
        jana,
        None,
    )
    .await
    .unwrap();
    db.close().await;
    (database, id.0)
}

#[tokio::test]
async fn acknowledged_writes_survive_twenty_sigkills_of_the_server() {
    let (database, case) = prepared_database().await;
    let browser = client();
    let mut acked: Vec<String> = Vec::new();
    for round in 0..20 {
        let (mut child, base) = start(&database.url, &[]);
        if round == 0 {
            let csrf = csrf_in(
                &browser
                    .get(format!("{base}/login"))
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap(),
            );
            let fields = [
                ("csrf", csrf.as_str()),
                ("email", "jana@centre.test"),
                ("password", PASSWORD),
            ];
            assert!(
                browser
                    .post(format!("{base}/login"))
                    .form(&fields)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .is_redirection()
            );
        }
        // The session lives in the database: it survives every restart.
        let page = browser
            .get(format!("{base}/cases/{case}"))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "round {round}");
        let csrf = csrf_in(&page.text().await.unwrap());
        let writer = {
            let (browser, base, csrf) = (browser.clone(), base.clone(), csrf.clone());
            tokio::spawn(async move {
                let mut done = Vec::new();
                for n in 0.. {
                    let body = format!("note {round}-{n}");
                    let fields = [
                        ("csrf", csrf.as_str()),
                        ("body", body.as_str()),
                        ("visibility", "internal"),
                    ];
                    match browser
                        .post(format!("{base}/cases/{case}/notes"))
                        .form(&fields)
                        .send()
                        .await
                    {
                        Ok(res) if res.status() == 303 => done.push(body),
                        _ => break,
                    }
                }
                done
            })
        };
        tokio::time::sleep(Duration::from_millis(150)).await;
        child.kill().unwrap(); // SIGKILL, mid-stream
        child.wait().unwrap();
        acked.extend(writer.await.unwrap());
    }
    assert!(
        acked.len() >= 20,
        "only {} writes were acknowledged",
        acked.len()
    );
    let db = Db::connect(&database.url, 1).await.unwrap();
    if db.is_sqlite() {
        assert_eq!(backup::integrity_check(&db).await.unwrap(), "ok");
    }
    let stored: Vec<String> = notes::list(&db, softland_web::ids::CaseId(case), true, 100_000)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.body)
        .collect();
    for body in &acked {
        assert!(stored.contains(body), "acknowledged write lost: {body}");
    }
}

#[tokio::test]
async fn sigterm_lets_a_slow_request_finish_refuses_new_ones_and_exits_cleanly() {
    let (database, _case) = prepared_database().await;
    let (child, base) = start(&database.url, &["--shutdown-grace-secs", "20"]);
    let addr = base.trim_start_matches("http://").to_owned();
    let mut slow = TcpStream::connect(&addr).unwrap();
    let body = "email=jana%40centre.test&password=x";
    write!(slow, "POST /login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}", body.len(), &body[..10]).unwrap();
    slow.flush().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        TcpStream::connect(&addr).is_err(),
        "new connections must be refused after SIGTERM"
    );
    slow.write_all(&body.as_bytes()[10..]).unwrap();
    let mut answer = String::new();
    slow.read_to_string(&mut answer).unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 403"),
        "the slow request got an answer: {answer}"
    );
    let status = child.wait_with_output().unwrap().status;
    assert!(status.success(), "exit status {status}");
}
