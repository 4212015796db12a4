//! The demo's ambassador photo (issue 20): Priya Sharma's, a small portrait drawn here (a
//! light head and shoulders on a teal ground) and written as a PNG by hand — no image in the
//! repository, no image crate — so that her profile, the coordinator's page of her and the
//! demo family's buddy card show a photo.

use anyhow::Context as _;
use bytes::Bytes;
use softland_domain::file::FileKind;

use super::buddies::BUDDY_EMAIL;
use crate::db::buddies::{self, NewPhoto};
use crate::db::{Db, users};
use crate::storage::{ObjectKey, Storage};

/// The portrait's width and height in pixels.
const SIDE: u32 = 96;

/// Whether pixel (`x`, `y`) is the person: a round head and the curve of the shoulders.
fn is_person(x: u32, y: u32) -> bool {
    let dx = f64::from(x) - f64::from(SIDE) / 2.0;
    let y = f64::from(y);
    let head = dx * dx + (y - 38.0).powi(2) < 18.0 * 18.0;
    let shoulders = y > 62.0 && dx * dx + (y - 98.0).powi(2) < 36.0 * 36.0;
    head || shoulders
}

/// The portrait as a PNG: 8-bit RGB, unfiltered rows, in zlib's uncompressed ("stored")
/// blocks, which need no compressor (27 KiB).
pub(crate) fn portrait() -> Vec<u8> {
    let mut rows = Vec::new();
    for y in 0..SIDE {
        rows.push(0); // the row's filter: none
        for x in 0..SIDE {
            let rgb: [u8; 3] = if is_person(x, y) {
                [0xF2, 0xE8, 0xDC]
            } else {
                [0x2E, 0x7D, 0x7A]
            };
            rows.extend_from_slice(&rgb);
        }
    }
    let mut header = Vec::new();
    header.extend_from_slice(&SIDE.to_be_bytes());
    header.extend_from_slice(&SIDE.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]); // 8 bits, RGB, deflate, no filter, no interlace
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, *b"IHDR", &header);
    chunk(&mut png, *b"IDAT", &zlib_stored(&rows));
    chunk(&mut png, *b"IEND", &[]);
    png
}

/// One chunk: length, type, data, and the CRC of type and data.
fn chunk(png: &mut Vec<u8>, kind: [u8; 4], data: &[u8]) {
    let length = u32::try_from(data.len()).unwrap_or(u32::MAX);
    png.extend_from_slice(&length.to_be_bytes());
    png.extend_from_slice(&kind);
    png.extend_from_slice(data);
    png.extend_from_slice(&crc32(kind.iter().chain(data)).to_be_bytes());
}

/// `data` (not empty) as a zlib stream of stored blocks of at most 65,535 bytes.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let blocks = data.chunks(usize::from(u16::MAX));
    let last = blocks.len();
    for (n, block) in blocks.enumerate() {
        out.push(u8::from(n + 1 == last));
        let length = u16::try_from(block.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&length.to_le_bytes());
        out.extend_from_slice(&(!length).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&adler32(data).to_be_bytes());
    out
}

/// zlib's checksum (RFC 1950).
fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

/// PNG's CRC-32 (ISO 3309), bit by bit: a few dozen bytes and one image.
fn crc32<'a>(bytes: impl Iterator<Item = &'a u8>) -> u32 {
    let mut crc = 0xFFFF_FFFF_u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Stores the portrait as Priya Sharma's photo (she uploaded it herself).
pub async fn seed(db: &Db, storage: &dyn Storage) -> anyhow::Result<()> {
    let priya = users::find_by_email(db, BUDDY_EMAIL)
        .await?
        .context("the demo ambassador Priya")?;
    let ambassador = buddies::ambassador_of(db, priya.id)
        .await?
        .context("Priya's profile")?;
    let png = portrait();
    let key = ObjectKey::random();
    let mut writer = storage.put(&key).await?;
    writer.write(Bytes::from(png.clone())).await?;
    writer.finish().await?;
    let photo = NewPhoto {
        key: key.to_string(),
        kind: FileKind::Png,
        size: png.len() as u64,
    };
    buddies::set_photo(db, ambassador.id, Some(&photo), priya.id).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksums_are_the_published_ones() {
        // The CRC of every PNG's IEND chunk, and Adler-32's example in its RFC's Wikipedia page.
        assert_eq!(crc32(b"IEND".iter()), 0xAE42_6082);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    }

    #[test]
    fn the_portrait_is_a_png_the_upload_checks_take() {
        let png = portrait();
        let found = crate::commands::files::sniff(&png);
        assert_eq!(found, Some(FileKind::Png));
        assert!(png.len() < 30 * 1024, "{}", png.len());
        let rows = usize::try_from(SIDE * (1 + SIDE * 3)).unwrap();
        assert_eq!(png.len(), 8 + (12 + 13) + (12 + 2 + 5 + rows + 4) + 12);
    }

    #[tokio::test]
    async fn priya_has_the_portrait_as_her_photo_in_the_demo() {
        use futures_util::StreamExt as _;

        use crate::db::test_db::{fresh_db, today};
        use crate::storage::{FileStore, ObjectStorage};

        let (db, dir) = fresh_db().await;
        super::super::seed(&db, today()).await.unwrap();
        let store = ObjectStorage::open(&FileStore::Folder(dir.path().join("files"))).unwrap();
        seed(&db, &store).await.unwrap();
        let priya = users::find_by_email(&db, BUDDY_EMAIL)
            .await
            .unwrap()
            .unwrap();
        let photo = buddies::ambassador_of(&db, priya.id)
            .await
            .unwrap()
            .unwrap()
            .photo
            .unwrap();
        assert_eq!(photo.kind, FileKind::Png);
        let key = ObjectKey::parse(&photo.key).unwrap();
        let mut read = Vec::new();
        let mut stream = store.get(&key).await.unwrap();
        while let Some(part) = stream.next().await {
            read.extend_from_slice(&part.unwrap());
        }
        assert_eq!(read, portrait());
    }
}
