//! Files of a case (issue 18 part A): upload on the pages and through the API, the refusals
//! (size, type, empty, CSRF, another household, the file store down), hostile names, review,
//! safe downloads, soft deletion, the orphan sweep and the virus scan hook. With
//! `SOFTLAND_TEST_S3_URL` set, every test runs against the S3-compatible server instead of a
//! folder (`.ci/run`).

mod api;
mod pages;
mod refusals;
mod store;

use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use softland_web::storage::{ObjectStorage, Storage as _};

use crate::api::{Api, spawn_api_with};

/// The smallest valid PNG: one transparent pixel.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// A small PDF of `n` bytes or more (padded with a comment).
pub fn pdf(n: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n".to_vec();
    while out.len() < n {
        out.extend_from_slice(b"% padding padding padding padding padding\n");
    }
    out.extend_from_slice(b"%%EOF\n");
    out
}

/// A multipart form with `fields` first, then `files` as (name, bytes).
pub fn form(fields: &[(&str, String)], files: &[(&str, Vec<u8>)]) -> Form {
    let mut form = Form::new();
    for (name, value) in fields {
        form = form.text((*name).to_owned(), value.clone());
    }
    for (name, bytes) in files {
        form = form.part(
            "files",
            Part::bytes(bytes.clone()).file_name((*name).to_owned()),
        );
    }
    form
}

/// An API app with Jana and Priya's case open; `adjust` changes the configuration.
pub async fn setup(adjust: impl FnOnce(&mut softland_web::config::Config)) -> (Api, i64) {
    let api = spawn_api_with(adjust).await;
    let id = api.open_case().await["id"].as_i64().unwrap();
    (api, id)
}

impl Api {
    /// `POST /cases/{id}/files` with `form` and `token`.
    pub async fn upload_as(&self, id: i64, form: Form, token: &str) -> reqwest::Response {
        self.request(Method::POST, &format!("/cases/{id}/files"), Some(token))
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    /// Uploads `files` to case `id` with Jana's token; asserts 201 and returns the files.
    pub async fn upload_ok(&self, id: i64, files: &[(&str, Vec<u8>)]) -> Vec<Value> {
        let res = self
            .upload_as(id, form(&[], files), &self.token.clone())
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let body: Value = res.json().await.unwrap();
        body["files"].as_array().unwrap().clone()
    }

    /// The rows of case `id`'s files, as the API lists them.
    pub async fn files_of(&self, id: i64) -> Vec<Value> {
        let list = self.get_json(format!("/cases/{id}/files")).await;
        list["files"].as_array().unwrap().clone()
    }

    /// How many objects the file store holds.
    pub async fn objects(&self) -> usize {
        let store = ObjectStorage::open(&self.app.file_store).unwrap();
        let later = chrono::Utc::now() + chrono::TimeDelta::days(1);
        store.older_than(later).await.unwrap().len()
    }

    /// The id of the first item of case `id` with key `key`.
    pub async fn item_id(&self, id: i64, key: &str) -> i64 {
        let case = self.get_json(format!("/cases/{id}")).await;
        crate::api::item(&case, key, "0")["id"].as_i64().unwrap()
    }
}
