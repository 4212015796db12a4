//! Files over HTTP for both fronts: the answer that serves a file ([`download`], [`photo`]), and
//! multipart upload forms, read for `commands::files::UploadFiles` by both fronts (the page's
//! form and the API's request): the leading text fields (`csrf`, `item`, `person`) first, then
//! the files one at a time, streamed (a file is never held whole in memory).

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse as _, Response};
use futures_util::StreamExt as _;
use softland_domain::file::{DisplayName, FileKind};

use crate::app::AppState;
use crate::commands::files::{FileRefusal, FileSource, IncomingFile};

/// The longest text field read before the files.
const MAX_TEXT_FIELD: usize = 4096;
/// Text fields read before the files, at most.
const MAX_TEXT_FIELDS: usize = 16;

/// A multipart upload as it arrives.
pub struct UploadForm {
    multipart: multer::Multipart<'static>,
    fields: HashMap<String, String>,
    pending: Option<multer::Field<'static>>,
    limit_mib: usize,
}

impl std::fmt::Debug for UploadForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadForm")
            .field("fields", &self.fields.keys())
            .finish_non_exhaustive()
    }
}

fn refusal(err: &multer::Error, limit_mib: usize) -> FileRefusal {
    match err {
        multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. } => {
            FileRefusal::RequestTooLarge(limit_mib)
        }
        _ => FileRefusal::Interrupted,
    }
}

impl UploadForm {
    /// Starts reading `request`'s multipart body: reads the text fields before the first file.
    pub async fn read(request: Request, state: &AppState) -> Result<Self, FileRefusal> {
        let boundary = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| multer::parse_boundary(v).ok())
            .ok_or(FileRefusal::Interrupted)?;
        let limit = state.config.max_upload_bytes;
        let constraints = multer::Constraints::new()
            .size_limit(multer::SizeLimit::new().whole_stream(limit as u64));
        let body = request.into_body().into_data_stream();
        let mut form = Self {
            multipart: multer::Multipart::with_constraints(body, boundary, constraints),
            fields: HashMap::new(),
            pending: None,
            limit_mib: limit.div_ceil(1024 * 1024),
        };
        form.read_text_fields().await?;
        Ok(form)
    }

    async fn read_text_fields(&mut self) -> Result<(), FileRefusal> {
        while let Some(mut field) = self
            .multipart
            .next_field()
            .await
            .map_err(|e| refusal(&e, self.limit_mib))?
        {
            if field.file_name().is_some() {
                self.pending = Some(field);
                break;
            }
            let name = field.name().unwrap_or_default().to_owned();
            let mut text = Vec::new();
            while let Some(chunk) = field
                .chunk()
                .await
                .map_err(|e| refusal(&e, self.limit_mib))?
            {
                text.extend_from_slice(&chunk);
                if text.len() > MAX_TEXT_FIELD {
                    return Err(FileRefusal::Interrupted);
                }
            }
            if self.fields.len() >= MAX_TEXT_FIELDS {
                return Err(FileRefusal::Interrupted);
            }
            self.fields
                .insert(name, String::from_utf8_lossy(&text).into_owned());
        }
        Ok(())
    }

    /// The text field `name` sent before the files.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

impl FileSource for UploadForm {
    async fn next_file(&mut self) -> Result<Option<IncomingFile<'_>>, FileRefusal> {
        loop {
            let field = match self.pending.take() {
                Some(field) => field,
                None => match self
                    .multipart
                    .next_field()
                    .await
                    .map_err(|e| refusal(&e, self.limit_mib))?
                {
                    Some(field) => field,
                    None => return Ok(None),
                },
            };
            // A text field after the files, or a file input left empty by a browser.
            let Some(name) = field
                .file_name()
                .filter(|n| !n.is_empty())
                .map(str::to_owned)
            else {
                continue;
            };
            let limit_mib = self.limit_mib;
            let body = field
                .map(move |chunk| chunk.map_err(|e| refusal(&e, limit_mib)))
                .boxed();
            return Ok(Some(IncomingFile { name, body }));
        }
    }
}

/// A file's answer: its stored type, its name as RFC 6266 says (an ASCII fallback and the
/// UTF-8 name), never sniffed, never run as a page (sandbox), never cached.
pub fn download(file: &crate::db::files::CaseFile, body: Body, inline: bool) -> Response {
    let served = Served {
        kind: file.kind,
        name: &file.name,
        size: file.size,
        inline,
    };
    serve(&served, body)
}

/// An ambassador's photo as an image of the page (`inline`, `photo.jpeg`), with the same
/// headers as any file: never sniffed, never cached.
pub fn photo(content: crate::commands::buddies::PhotoContent) -> Response {
    let name = format!("photo.{}", content.kind.label().to_lowercase());
    let served = Served {
        kind: content.kind,
        name: &DisplayName::of(&name),
        size: content.size,
        inline: true,
    };
    serve(&served, Body::from_stream(content.bytes))
}

/// What a file's answer says of it.
struct Served<'a> {
    kind: FileKind,
    name: &'a DisplayName,
    size: u64,
    inline: bool,
}

fn serve(file: &Served<'_>, body: Body) -> Response {
    let disposition = format!(
        "{}; filename=\"{}\"; filename*=UTF-8''{}",
        if file.inline { "inline" } else { "attachment" },
        file.name.ascii_fallback(),
        file.name.percent_encoded()
    );
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(file.kind.media_type()),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    if let Ok(length) = HeaderValue::from_str(&file.size.to_string()) {
        headers.insert(header::CONTENT_LENGTH, length);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
