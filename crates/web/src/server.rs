//! The accept loop: HTTP/1.1 connections served by hyper with the limits a public server
//! needs and `axum::serve` does not set — a deadline for every request head (a client that
//! never finishes its headers, or idles between requests, is dropped), a bound on header
//! size, and a cap on open connections (beyond it new connections wait in the kernel's
//! backlog instead of taking the process's last file descriptors), and a cap per client
//! address (an IPv6 host counted by its /64), so that one client cannot take every
//! connection; trusted proxies are exempt, as they carry everyone. HTTP/2 is not offered:
//! softland sits behind a proxy or is reached directly over HTTP/1.1, and hyper's protocol
//! detection would wait for a preface without any deadline.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt as _;

/// Largest request head (request line and headers) a connection may send, in bytes.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;

/// Open connections per client network.
struct PerAddress {
    open: Mutex<HashMap<IpAddr, usize>>,
    limit: usize,
}

/// One connection counted against its client's address, until dropped.
struct AddressSlot {
    owner: Arc<PerAddress>,
    network: IpAddr,
}

impl PerAddress {
    /// A slot for a connection from `network`, unless it holds `limit` already.
    fn admit(self: &Arc<Self>, network: IpAddr) -> Option<AddressSlot> {
        let mut open = self.open.lock().ok()?;
        let count = open.entry(network).or_default();
        if *count >= self.limit {
            return None;
        }
        *count += 1;
        Some(AddressSlot {
            owner: Arc::clone(self),
            network,
        })
    }
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        if let Ok(mut open) = self.owner.open.lock()
            && let Some(count) = open.get_mut(&self.network)
        {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.network);
            }
        }
    }
}

/// The limits of [`run`].
#[derive(Debug, Clone)]
pub struct Limits {
    /// How long a client has to send a whole request head, also between requests on a
    /// kept-alive connection.
    pub header_read_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
    /// Connections one client address may hold at once (proxies in `exempt` excepted).
    pub per_address: usize,
    /// Addresses that carry many clients (the trusted proxies).
    pub exempt: Vec<ipnet::IpNet>,
    /// How long requests in flight may take to finish after `shutdown` resolves.
    pub grace: Duration,
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets the connections in flight
/// finish for up to `limits.grace`.
pub async fn run(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let per_address = Arc::new(PerAddress {
        open: Mutex::default(),
        limit: limits.per_address.max(1),
    });
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_buf_size(MAX_HEAD_BYTES)
        .keep_alive(true);
    let mut shutdown = pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = accept(&listener, &slots) => accepted,
        };
        let Some((permit, stream, peer)) = accepted else {
            continue;
        };
        let ip = peer.ip().to_canonical();
        let address_slot = if limits.exempt.iter().any(|net| net.contains(&ip)) {
            None
        } else {
            let slot = per_address.admit(crate::client::network_of(ip));
            if slot.is_none() {
                tracing::debug!(%ip, "connection refused: too many from this address");
                continue;
            }
            slot
        };
        let _ = stream.set_nodelay(true);
        let service = app
            .clone()
            .map_request(move |mut request: axum::http::Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request.map(Body::new)
            });
        let connection = http.serve_connection(
            TokioIo::new(stream),
            TowerToHyperService::new(service.map_err(|e: Infallible| match e {})),
        );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!(error = %err, "connection ended with an error");
            }
            drop((permit, address_slot));
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.grace) => tracing::warn!(
            seconds = limits.grace.as_secs(),
            "requests still running after the grace period; stopping"
        ),
    }
}

/// The next connection, once a slot is free. `None` after an accept error (logged; a full
/// file table is waited out for a moment instead of spinning).
async fn accept(
    listener: &TcpListener,
    slots: &Arc<Semaphore>,
) -> Option<(
    tokio::sync::OwnedSemaphorePermit,
    tokio::net::TcpStream,
    SocketAddr,
)> {
    let permit = Arc::clone(slots).acquire_owned().await.ok()?;
    match listener.accept().await {
        Ok((stream, peer)) => Some((permit, stream, peer)),
        Err(err) => {
            tracing::warn!(error = %err, "accepting a connection failed");
            tokio::time::sleep(Duration::from_millis(100)).await;
            None
        }
    }
}

/// Raises the soft limit on open files to the hard limit (many systems start processes at
/// 1,024, which a thousand idle connections would use up) and returns the new soft limit.
pub fn raise_open_file_limit() -> Option<u64> {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => Some(limit),
        Err(err) => {
            tracing::warn!(error = %err, "could not raise the open-file limit");
            None
        }
    }
}

/// The connection cap for a process that may open `open_files` files: what was asked for,
/// but never so many that the database, the log and the file store run out of descriptors.
pub fn connection_cap(asked: usize, open_files: Option<u64>) -> usize {
    const RESERVED: u64 = 256;
    match open_files {
        Some(limit) => {
            let room = usize::try_from(limit.saturating_sub(RESERVED)).unwrap_or(usize::MAX);
            asked.min(room.max(16))
        }
        None => asked,
    }
}

#[cfg(test)]
mod tests {
    use super::connection_cap;

    #[test]
    fn the_connection_cap_leaves_room_for_the_database_and_files() {
        assert_eq!(connection_cap(4096, Some(1024)), 768);
        assert_eq!(connection_cap(4096, Some(1_048_576)), 4096);
        assert_eq!(connection_cap(4096, None), 4096);
        assert_eq!(connection_cap(4096, Some(100)), 16);
    }
}
