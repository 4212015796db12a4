//! The file store itself: the storage trait round trip, the orphan sweep, and the virus scan
//! hook against a fake clamd speaking its INSTREAM protocol.

use bytes::Bytes;
use futures_util::StreamExt as _;
use reqwest::StatusCode;
use sha2::Digest as _;
use softland_web::storage::{ObjectKey, ObjectStorage, Storage as _, sweep_orphans};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use super::{PNG, form, setup};
use crate::api::error_of;

#[tokio::test]
async fn the_store_keeps_reads_lists_and_deletes_objects() {
    let (api, _) = setup(|_| {}).await;
    let store = ObjectStorage::open(&api.app.file_store).unwrap();
    let key = ObjectKey::random();
    let mut writer = store.put(&key).await.unwrap();
    writer.write(Bytes::from_static(b"hello ")).await.unwrap();
    writer.write(Bytes::from_static(b"world")).await.unwrap();
    writer.finish().await.unwrap();
    let mut read = Vec::new();
    let mut stream = store.get(&key).await.unwrap();
    while let Some(chunk) = stream.next().await {
        read.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(read, b"hello world");
    let later = chrono::Utc::now() + chrono::TimeDelta::minutes(5);
    assert_eq!(store.older_than(later).await.unwrap(), vec![key.clone()]);
    let aborted = ObjectKey::random();
    let mut writer = store.put(&aborted).await.unwrap();
    writer.write(Bytes::from_static(b"half")).await.unwrap();
    writer.abort().await;
    assert_eq!(
        store.older_than(later).await.unwrap().len(),
        1,
        "an aborted upload leaves nothing"
    );
    store.delete(&key).await.unwrap();
    assert!(store.older_than(later).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_sweep_removes_objects_without_a_row_after_an_hour_only() {
    let (api, id) = setup(|_| {}).await;
    api.upload_ok(id, &[("kept.png", PNG.to_vec())]).await;
    let store = ObjectStorage::open(&api.app.file_store).unwrap();
    let orphan = ObjectKey::random();
    let mut writer = store.put(&orphan).await.unwrap();
    writer.write(Bytes::from_static(PNG)).await.unwrap();
    writer.finish().await.unwrap();
    let now = chrono::Utc::now();
    assert_eq!(
        sweep_orphans(&api.app.db, &store, now).await.unwrap(),
        0,
        "younger than an hour"
    );
    let later = now + chrono::TimeDelta::minutes(61);
    assert_eq!(sweep_orphans(&api.app.db, &store, later).await.unwrap(), 1);
    assert_eq!(api.objects().await, 1, "the file with a row is kept");
    let fid = api.files_of(id).await[0]["id"].as_i64().unwrap();
    assert_eq!(
        api.get(format!("/cases/{id}/files/{fid}/content"))
            .await
            .status(),
        StatusCode::OK
    );
}

/// A fake clamd on 127.0.0.1: reads one INSTREAM scan per connection and answers FOUND when
/// the bytes hold the EICAR test string, else OK.
async fn fake_clamd() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut command = [0u8; 10];
                socket.read_exact(&mut command).await.unwrap();
                assert_eq!(&command, b"zINSTREAM\0");
                let mut data = Vec::new();
                loop {
                    let len = socket.read_u32().await.unwrap() as usize;
                    if len == 0 {
                        break;
                    }
                    let mut chunk = vec![0u8; len];
                    socket.read_exact(&mut chunk).await.unwrap();
                    data.extend_from_slice(&chunk);
                }
                let eicar = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE";
                let reply: &[u8] = if data.windows(eicar.len()).any(|w| w == eicar) {
                    b"stream: Eicar-Test-Signature FOUND\0"
                } else {
                    b"stream: OK\0"
                };
                socket.write_all(reply).await.unwrap();
            });
        }
    });
    format!("tcp://{addr}")
}

#[tokio::test]
async fn with_a_scanner_a_flagged_file_is_refused_and_a_clean_one_is_marked_scanned() {
    let clamd = fake_clamd().await;
    let (api, id) = setup(|c| c.clamd_url = Some(clamd)).await;
    let infected = [
        PNG,
        b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*",
    ]
    .concat();
    let res = api
        .upload_as(
            id,
            form(&[], &[("virus.png", infected)]),
            &api.token.clone(),
        )
        .await;
    let (status, body) = error_of(res).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Eicar-Test-Signature")
    );
    assert_eq!(api.objects().await, 0);
    let files = api.upload_ok(id, &[("clean.png", PNG.to_vec())]).await;
    assert_eq!(files[0]["scan"], "clean");
}

#[tokio::test]
async fn a_scanner_that_cannot_be_reached_gets_503_and_nothing_is_stored() {
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("tcp://{}", closed.local_addr().unwrap());
    drop(closed);
    let (api, id) = setup(|c| c.clamd_url = Some(url)).await;
    let res = api
        .upload_as(
            id,
            form(&[], &[("a.png", PNG.to_vec())]),
            &api.token.clone(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(api.objects().await, 0);
}

#[tokio::test]
async fn backup_copies_the_local_file_store_beside_the_database_copy() {
    let (api, id) = setup(|_| {}).await;
    let softland_web::storage::FileStore::Folder(dir) = api.app.file_store.clone() else {
        return; // a bucket is backed up by its own means (docs/operations.md)
    };
    if !api.url.starts_with("sqlite:") {
        return; // PostgreSQL is backed up with pg_dump
    }
    api.upload_ok(id, &[("a.png", PNG.to_vec())]).await;
    let out = tempfile::tempdir().unwrap();
    let copy = out.path().join("backup.db");
    softland_web::cli::run_backup(&api.app.db, &copy, &api.app.file_store)
        .await
        .unwrap();
    let files = super::refusals::walk(&out.path().join("backup.db.files"));
    assert_eq!(files.len(), 1);
    let original = super::refusals::walk(&dir);
    assert_eq!(
        std::fs::read(&files[0]).unwrap(),
        std::fs::read(&original[0]).unwrap()
    );
    // Restored as docs/operations.md says (the copy as the database, the copied folder as the
    // store): every row of the database has its object, with the bytes it was stored with.
    let restored_url = format!("sqlite://{}?mode=rw", copy.display());
    let restored = softland_web::db::Db::connect(&restored_url, 2)
        .await
        .unwrap();
    let store = ObjectStorage::open(&softland_web::storage::FileStore::Folder(
        out.path().join("backup.db.files"),
    ))
    .unwrap();
    let rows = softland_web::db::files::of_case(&restored, softland_web::ids::CaseId(id))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    for row in rows {
        let key = ObjectKey::parse(&row.key).expect("a stored key");
        let mut bytes = Vec::new();
        let mut stream = store
            .get(&key)
            .await
            .expect("the object is in the restored store");
        while let Some(chunk) = stream.next().await {
            bytes.extend_from_slice(&chunk.unwrap());
        }
        assert_eq!(hex::encode(sha2::Sha256::digest(&bytes)), row.sha256);
    }
}

#[tokio::test]
async fn the_demo_centre_has_papers_in_every_review_state() {
    let (api, _) = setup(|_| {}).await;
    // A database of its own for the demo (it seeds only an empty one).
    let (demo_db, _keep) = crate::support::fresh_db().await;
    let logins = softland_web::seed::demo::seed(&demo_db, crate::api::today())
        .await
        .unwrap();
    let expat = logins.iter().find(|l| l.role == "expat").unwrap();
    let store = ObjectStorage::open(&api.app.file_store).unwrap();
    let added = softland_web::seed::demo::files::seed(&demo_db, &store, &expat.email)
        .await
        .unwrap();
    assert_eq!(added, 3);
    let user = softland_web::db::users::find_by_email(&demo_db, &expat.email)
        .await
        .unwrap()
        .unwrap();
    let case = softland_web::db::portal::cases_of(&demo_db, user.id)
        .await
        .unwrap()[0];
    let files = softland_web::db::files::of_case(&demo_db, case)
        .await
        .unwrap();
    assert_eq!(files[0].review, softland_domain::file::Review::Accepted);
    assert!(matches!(
        files[1].review,
        softland_domain::file::Review::NeedsAnotherCopy(_)
    ));
    assert_eq!(files[2].review, softland_domain::file::Review::Pending);
    assert_eq!(api.objects().await, 3);
}
