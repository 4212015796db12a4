//! The file store (issue 18): uploaded files as objects under random keys, behind one small
//! trait of ours, [`Storage`]. [`ObjectStorage`] implements it with Apache Arrow's
//! `object_store`: a local folder by default, an S3-compatible bucket with `--storage-url
//! s3://bucket/prefix`. Nothing here is served by path: a file is fetched through its row.

pub mod scan;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use async_trait::async_trait;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::stream::{BoxStream, StreamExt as _, TryStreamExt as _};
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt as _, WriteMultipart};

/// Where the files are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStore {
    /// A local folder (created on start).
    Folder(PathBuf),
    /// An S3-compatible bucket: `s3://bucket/prefix`, credentials from `AWS_*`.
    S3 {
        /// `s3://bucket/prefix`.
        url: String,
        /// Another endpoint than AWS's (`http://127.0.0.1:9000`; also `AWS_ENDPOINT_URL`).
        endpoint: Option<String>,
    },
}

/// An object's key: a random UUID, never a name anyone chose.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ObjectKey(uuid::Uuid);

impl ObjectKey {
    /// A new random key.
    pub fn random() -> Self {
        Self(uuid::Uuid::new_v4())
    }

    /// The key written as `raw` (a stored row's, a listed object's).
    pub fn parse(raw: &str) -> Option<Self> {
        uuid::Uuid::try_parse(raw).ok().map(Self)
    }
}

impl std::fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.simple().fmt(f)
    }
}

/// Why the store did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// No object under that key.
    #[error("no such file in the file store")]
    NotFound,
    /// The store cannot be reached or refused the operation.
    #[error("the file store is unavailable: {0}")]
    Unavailable(String),
}

impl From<object_store::Error> for StorageError {
    fn from(err: object_store::Error) -> Self {
        match err {
            object_store::Error::NotFound { .. } => Self::NotFound,
            other => Self::Unavailable(other.to_string()),
        }
    }
}

/// An object's bytes as they are read.
pub type ByteStream = BoxStream<'static, Result<Bytes, StorageError>>;

/// How much of a file in the folder one read takes for a download: 16 blocking reads a MiB,
/// where `object_store`'s own stream makes 128 of 8 KiB. Measured with 32 clients
/// downloading 1 MiB (docs/performance.md): 8 KiB parts 2.2 ms of CPU a download and 155 MB
/// peak private memory; 256 KiB parts 0.4 ms but 299 MB (parts above the allocator's mmap
/// threshold linger in the blocking threads' arenas); 64 KiB 0.5 ms and 114 MB.
const READ_PART_BYTES: u64 = 64 * 1024;

/// The bytes of a file of the folder store, read [`READ_PART_BYTES`] at a time.
fn read_in_parts(file: std::fs::File) -> ByteStream {
    futures_util::stream::try_unfold(file, |mut file| async move {
        let read = tokio::task::spawn_blocking(move || {
            use std::io::Read as _;
            let mut part = Vec::with_capacity(usize::try_from(READ_PART_BYTES).unwrap_or(0));
            let n = (&mut file).take(READ_PART_BYTES).read_to_end(&mut part)?;
            Ok::<_, std::io::Error>((n > 0).then(|| (Bytes::from(part), file)))
        })
        .await
        .map_err(|e| StorageError::Unavailable(e.to_string()))?;
        read.map_err(|e| StorageError::Unavailable(e.to_string()))
    })
    .boxed()
}

/// An object being written, piece by piece; it exists under its key only once finished.
#[async_trait]
pub trait ObjectWriter: Send {
    /// Appends `chunk`.
    async fn write(&mut self, chunk: Bytes) -> Result<(), StorageError>;
    /// Makes the object whole under its key.
    async fn finish(self: Box<Self>) -> Result<(), StorageError>;
    /// Drops what was written (nothing is left under the key, nor half of it elsewhere).
    async fn abort(self: Box<Self>);
}

/// The file store.
#[async_trait]
pub trait Storage: Send + Sync + std::fmt::Debug {
    /// Starts writing object `key` (put, streamed).
    async fn put(&self, key: &ObjectKey) -> Result<Box<dyn ObjectWriter>, StorageError>;
    /// Reads object `key` (streamed).
    async fn get(&self, key: &ObjectKey) -> Result<ByteStream, StorageError>;
    /// Deletes object `key` (no error when it is gone already).
    async fn delete(&self, key: &ObjectKey) -> Result<(), StorageError>;
    /// The keys of the objects last written before `cutoff`.
    async fn older_than(&self, cutoff: DateTime<Utc>) -> Result<Vec<ObjectKey>, StorageError>;
}

/// [`Storage`] on an `object_store` backend, under a prefix.
#[derive(Debug)]
pub struct ObjectStorage {
    store: Arc<dyn ObjectStore>,
    prefix: ObjectPath,
    chunk_bytes: usize,
}

/// S3 parts must be at least 5 MiB (but the last); a folder takes any size.
const S3_PART_BYTES: usize = 5 * 1024 * 1024;
const FOLDER_PART_BYTES: usize = 256 * 1024;

impl ObjectStorage {
    /// Opens `store`: creates the folder, or configures the S3 client (nothing is sent yet).
    pub fn open(store: &FileStore) -> anyhow::Result<Self> {
        match store {
            FileStore::Folder(dir) => {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating the file store {}", dir.display()))?;
                let local = object_store::local::LocalFileSystem::new_with_prefix(dir)
                    .with_context(|| format!("opening the file store {}", dir.display()))?;
                Ok(Self {
                    store: Arc::new(local),
                    prefix: ObjectPath::from("files"),
                    chunk_bytes: FOLDER_PART_BYTES,
                })
            }
            FileStore::S3 { url, endpoint } => Self::open_s3(url, endpoint.as_deref()),
        }
    }

    fn open_s3(url: &str, endpoint: Option<&str>) -> anyhow::Result<Self> {
        let rest = url
            .strip_prefix("s3://")
            .context("--storage-url must look like s3://bucket/prefix")?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        anyhow::ensure!(!bucket.is_empty(), "--storage-url names no bucket");
        let mut builder = object_store::aws::AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .with_retry(object_store::RetryConfig {
                max_retries: 2,
                retry_timeout: Duration::from_secs(10),
                ..object_store::RetryConfig::default()
            })
            .with_client_options(
                object_store::ClientOptions::new()
                    .with_connect_timeout(Duration::from_secs(5))
                    .with_timeout(Duration::from_mins(1)),
            );
        if let Some(endpoint) = endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"));
        }
        let s3 = builder.build().context("configuring the S3 file store")?;
        let prefix = prefix.trim_matches('/');
        Ok(Self {
            store: Arc::new(s3),
            prefix: ObjectPath::from(if prefix.is_empty() { "files" } else { prefix }),
            chunk_bytes: S3_PART_BYTES,
        })
    }

    fn path(&self, key: &ObjectKey) -> ObjectPath {
        self.prefix.clone().join(key.to_string())
    }
}

struct Writer {
    inner: WriteMultipart,
}

#[async_trait]
impl ObjectWriter for Writer {
    async fn write(&mut self, chunk: Bytes) -> Result<(), StorageError> {
        self.inner.wait_for_capacity(2).await?;
        self.inner.put(chunk);
        Ok(())
    }

    async fn finish(self: Box<Self>) -> Result<(), StorageError> {
        self.inner.finish().await?;
        Ok(())
    }

    async fn abort(self: Box<Self>) {
        if let Err(err) = self.inner.abort().await {
            tracing::warn!(error = %err, "aborting an upload to the file store failed");
        }
    }
}

#[async_trait]
impl Storage for ObjectStorage {
    async fn put(&self, key: &ObjectKey) -> Result<Box<dyn ObjectWriter>, StorageError> {
        let upload = self.store.put_multipart(&self.path(key)).await?;
        Ok(Box::new(Writer {
            inner: WriteMultipart::new_with_chunk_size(upload, self.chunk_bytes),
        }))
    }

    async fn get(&self, key: &ObjectKey) -> Result<ByteStream, StorageError> {
        let found = self.store.get(&self.path(key)).await?;
        Ok(match found.payload {
            object_store::GetResultPayload::File(file, _) => read_in_parts(file),
            object_store::GetResultPayload::Stream(stream) => {
                stream.map_err(StorageError::from).boxed()
            }
        })
    }

    async fn delete(&self, key: &ObjectKey) -> Result<(), StorageError> {
        match self.store.delete(&self.path(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(err) => Err(err.into()),
        }
    }

    async fn older_than(&self, cutoff: DateTime<Utc>) -> Result<Vec<ObjectKey>, StorageError> {
        let mut listed = self.store.list(Some(&self.prefix));
        let mut keys = Vec::new();
        while let Some(meta) = listed.next().await {
            let meta = meta?;
            if meta.last_modified < cutoff
                && let Some(key) = meta.location.filename().and_then(ObjectKey::parse)
            {
                keys.push(key);
            }
        }
        Ok(keys)
    }
}

/// Objects younger than this are never swept: an upload may be between storing its objects
/// and committing its rows.
pub const ORPHAN_AGE: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// Deletes the objects older than [`ORPHAN_AGE`] at `now` that no row names — no case's
/// file, no ambassador's photo (a crash or a failed delete between storing and committing, a
/// photo replaced meanwhile); returns how many.
pub async fn sweep_orphans(
    db: &crate::db::Db,
    storage: &dyn Storage,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let old = storage.older_than(now - ORPHAN_AGE).await?;
    let names: Vec<String> = old.iter().map(ToString::to_string).collect();
    let mut known = crate::db::files::known_keys(db, &names).await?;
    known.extend(crate::db::buddies::photo_keys(db, &names).await?);
    let mut swept = 0;
    for key in old {
        if !known.contains(&key.to_string()) {
            storage.delete(&key).await?;
            swept += 1;
        }
    }
    Ok(swept)
}

/// Runs [`sweep_orphans`] every `every`, beside the purge of expired rows.
pub fn spawn_sweep(
    db: crate::db::Db,
    storage: Arc<dyn Storage>,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match sweep_orphans(&db, storage.as_ref(), Utc::now()).await {
                Ok(0) => {}
                Ok(swept) => tracing::info!(swept, "orphaned files removed from the file store"),
                Err(err) => tracing::warn!(error = %err, "sweeping the file store failed"),
            }
        }
    })
}
