//! The optional virus scan: `ClamAV`'s daemon (`clamd`) over TCP with its INSTREAM command.
//! The file is sent while it is stored (no second read); the verdict decides whether the
//! stored object is kept. Without `--clamd-url`, files are kept as "not scanned".

use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// How long clamd may take to answer any step.
const STEP: Duration = Duration::from_secs(30);
/// The longest verdict read.
const MAX_REPLY: usize = 1024;

/// The scanner could not give a verdict.
#[derive(Debug, thiserror::Error)]
#[error("the virus scanner is unavailable: {0}")]
pub struct ScannerUnavailable(pub String);

/// What clamd said of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing found.
    Clean,
    /// A signature matched (its name).
    Infected(String),
}

/// One file being sent to clamd.
#[derive(Debug)]
pub struct Scan {
    stream: TcpStream,
}

fn unavailable(err: impl std::fmt::Display) -> ScannerUnavailable {
    ScannerUnavailable(err.to_string())
}

impl Scan {
    /// Connects to `url` (`tcp://host:port`) and starts an INSTREAM scan.
    pub async fn start(url: &str) -> Result<Self, ScannerUnavailable> {
        let address = url.strip_prefix("tcp://").unwrap_or(url);
        let mut stream = tokio::time::timeout(STEP, TcpStream::connect(address))
            .await
            .map_err(unavailable)?
            .map_err(unavailable)?;
        stream
            .write_all(b"zINSTREAM\0")
            .await
            .map_err(unavailable)?;
        Ok(Self { stream })
    }

    /// Sends the next piece of the file.
    pub async fn feed(&mut self, chunk: &[u8]) -> Result<(), ScannerUnavailable> {
        for piece in chunk.chunks(64 * 1024) {
            let len = u32::try_from(piece.len()).map_err(unavailable)?;
            let send = async {
                self.stream.write_all(&len.to_be_bytes()).await?;
                self.stream.write_all(piece).await
            };
            tokio::time::timeout(STEP, send)
                .await
                .map_err(unavailable)?
                .map_err(unavailable)?;
        }
        Ok(())
    }

    /// Ends the file and reads clamd's verdict.
    pub async fn verdict(mut self) -> Result<Verdict, ScannerUnavailable> {
        let finish = async {
            self.stream.write_all(&0u32.to_be_bytes()).await?;
            let mut reply = Vec::new();
            let mut byte = [0u8; 1];
            while reply.len() < MAX_REPLY && self.stream.read(&mut byte).await? == 1 {
                if byte[0] == 0 || byte[0] == b'\n' {
                    break;
                }
                reply.push(byte[0]);
            }
            Ok::<_, std::io::Error>(String::from_utf8_lossy(&reply).into_owned())
        };
        let reply = tokio::time::timeout(STEP, finish)
            .await
            .map_err(unavailable)?
            .map_err(unavailable)?;
        parse(&reply)
    }
}

/// clamd's answer: `stream: OK`, `stream: <signature> FOUND`, or an error.
fn parse(reply: &str) -> Result<Verdict, ScannerUnavailable> {
    let said = reply.trim().strip_prefix("stream:").map(str::trim);
    match said {
        Some("OK") => Ok(Verdict::Clean),
        Some(found) if found.ends_with(" FOUND") => Ok(Verdict::Infected(
            found.trim_end_matches(" FOUND").to_owned(),
        )),
        _ => Err(ScannerUnavailable(format!("clamd answered {reply:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamd_replies_are_read() {
        assert_eq!(parse("stream: OK").ok(), Some(Verdict::Clean));
        assert_eq!(
            parse("stream: Eicar-Test-Signature FOUND").ok(),
            Some(Verdict::Infected("Eicar-Test-Signature".into()))
        );
        assert!(parse("INSTREAM size limit exceeded. ERROR").is_err());
    }
}
