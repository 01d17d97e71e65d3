//! The connections of `serve`: how many, for how long, and for which name.
//!
//! A server on loopback still meets hostile clients: any web page can make
//! the browser open connections to it, and can point a name of its own at
//! 127.0.0.1 (DNS rebinding) to read the pages and the event stream with the
//! browser's blessing. So:
//!
//! 1. at most [`cap`] connections are open at once, well under the number of
//!    files the process may open. When all are taken, a new connection closes
//!    the oldest one that is not in a request (idle or half-sent: a pile of
//!    them cannot lock readers out); when every one is in a request, the new
//!    one is closed at once;
//! 2. the head of every request, the first and each next one on a kept-alive
//!    connection, must arrive within [`HEADER_TIMEOUT`] (slowloris);
//! 3. a request whose `Host` is not a name of this server is answered 421
//!    ([`Allowed`]);
//! 4. a response the client stops reading is given up after
//!    [`WRITE_TIMEOUT`] without progress, and its connection closed: a
//!    client that never reads cannot hold a connection "in a request".

use std::{
    collections::BTreeMap,
    convert::Infallible,
    net::{IpAddr, Ipv4Addr, Ipv6Addr},
    pin::Pin,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    task::{Context, Poll},
    time::Duration,
};

use axum::{
    Router,
    body::{Body, Bytes},
    http::{HeaderValue, Request, Response, StatusCode, header},
};
use hyper::{body::Incoming, server::conn::http1, service::service_fn};
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    service::TowerToHyperService,
};
use tokio::{
    net::TcpListener,
    sync::{oneshot, watch},
    task::JoinSet,
};

/// How long a client may take to send a request's head.
pub(super) const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a write of a response may wait for the client to read.
pub(super) const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// How long requests in progress may take to finish after Ctrl-C.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);

/// How many connections may be open at once: half the files the process may
/// open (the rest is for the book's files, the watcher and a rebuild), at
/// least 16 and at most 1024.
pub(super) fn cap() -> usize {
    let soft = nix::sys::resource::getrlimit(nix::sys::resource::Resource::RLIMIT_NOFILE)
        .map_or(1024, |(soft, _)| soft);
    usize::try_from(soft / 2).unwrap_or(1024).clamp(16, 1024)
}

/// The names a request's `Host` may carry: those of this server.
///
/// An IP address is always accepted (with the right port): DNS rebinding
/// needs a name of the attacker's, so an address in `Host` means the browser
/// really asked for this server. Of names, `localhost`, and when the server
/// listens beyond loopback, the machine's own host name.
#[derive(Debug, Clone)]
pub(super) struct Allowed {
    /// The port listened on.
    pub(super) port: u16,
    /// The machine's host name, when listening beyond loopback.
    pub(super) hostname: Option<String>,
}

impl Allowed {
    /// The names for a server listening on `host:port`.
    pub(super) fn new(host: IpAddr, port: u16) -> Allowed {
        let hostname = (!host.is_loopback())
            .then(|| nix::unistd::gethostname().ok())
            .flatten()
            .and_then(|h| h.into_string().ok());
        Allowed { port, hostname }
    }

    /// Whether `host` (a `Host` header's or a request URI's authority)
    /// names this server.
    pub(super) fn permits(&self, host: &str) -> bool {
        let Some((name, port)) = split_authority(host) else {
            return false;
        };
        if port != self.port {
            return false;
        }
        let name = name.strip_suffix('.').unwrap_or(name);
        name.parse::<Ipv4Addr>().is_ok()
            || name
                .strip_prefix('[')
                .and_then(|n| n.strip_suffix(']'))
                .is_some_and(|n| n.parse::<Ipv6Addr>().is_ok())
            || name.eq_ignore_ascii_case("localhost")
            || self.hostname.as_deref().is_some_and(|h| {
                name.eq_ignore_ascii_case(h) || name.eq_ignore_ascii_case(&format!("{h}.local"))
            })
    }

    /// The refusal of a request for another name, or `None` when the
    /// request is for this server. A request without `Host` (HTTP/1.0) has
    /// no name to rebind and is answered.
    fn refuse<B>(&self, request: &Request<B>) -> Option<Response<Body>> {
        let from_uri = request.uri().authority().map(|a| a.as_str().to_string());
        // A `Host` that is not text is no name of this server.
        let from_header = request
            .headers()
            .get(header::HOST)
            .map(|value| value.to_str().map(str::to_string).unwrap_or_default());
        let wrong = [from_uri, from_header]
            .into_iter()
            .flatten()
            .find(|host| !self.permits(host))?;
        let text = format!(
            "refused: this server answers to http://127.0.0.1:{port}/ or http://localhost:{port}/, not to `{wrong}`\n\
             (a page of another site may be using a name of its own to read this one)\n",
            port = self.port,
        );
        let mut response = Response::new(Body::from(text));
        *response.status_mut() = StatusCode::MISDIRECTED_REQUEST;
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        Some(response)
    }
}

/// `name` and port of an authority (`host:port`, `[::1]:port`, `host`:
/// port 80), or `None` when it is not one.
fn split_authority(host: &str) -> Option<(&str, u16)> {
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        (&host[..=end], host[end + 1..].strip_prefix(':'))
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    if name.is_empty() || (name.contains(['@', ':', '/']) && !name.starts_with('[')) {
        return None;
    }
    let port = match port {
        Some(p) => p.parse().ok()?,
        None => 80,
    };
    Some((name, port))
}

/// The open connections, oldest first, and whether each is in a request.
#[derive(Default)]
struct Registry {
    next: u64,
    open: BTreeMap<u64, Slot>,
}

struct Slot {
    /// Requests in progress: from the head read to the body's last byte.
    active: Arc<AtomicUsize>,
    /// Closes the connection.
    close: oneshot::Sender<()>,
}

/// What a connection task is given.
struct Admitted {
    id: u64,
    active: Arc<AtomicUsize>,
    close: oneshot::Receiver<()>,
}

impl Registry {
    /// Makes room for one more connection under `cap`, closing the oldest
    /// idle one if need be; `None` when every open connection is in a
    /// request.
    fn admit(&mut self, cap: usize) -> Option<Admitted> {
        while self.open.len() >= cap {
            if !self.close_oldest_idle() {
                return None;
            }
        }
        let id = self.next;
        self.next += 1;
        let active = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = oneshot::channel();
        self.open.insert(
            id,
            Slot {
                active: Arc::clone(&active),
                close: tx,
            },
        );
        Some(Admitted {
            id,
            active,
            close: rx,
        })
    }

    /// Closes the oldest connection not in a request; false if there is none.
    fn close_oldest_idle(&mut self) -> bool {
        let idle = self
            .open
            .iter()
            .find(|(_, slot)| slot.active.load(Ordering::SeqCst) == 0)
            .map(|(id, _)| *id);
        match idle.and_then(|id| self.open.remove(&id)) {
            Some(slot) => {
                let _ = slot.close.send(());
                true
            }
            None => false,
        }
    }
}

/// Counts a request as in progress while it lives.
struct InRequest(Arc<AtomicUsize>);

impl InRequest {
    fn enter(active: &Arc<AtomicUsize>) -> InRequest {
        active.fetch_add(1, Ordering::SeqCst);
        InRequest(Arc::clone(active))
    }
}

impl Drop for InRequest {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A response body that keeps its request counted until the last byte is
/// sent (hyper drops the body then), so that an event stream is never taken
/// for an idle connection.
struct Tracked {
    body: Body,
    _request: InRequest,
}

impl hyper::body::Body for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<std::result::Result<hyper::body::Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        self.body.size_hint()
    }
}

/// Accepts connections on `listener` and answers them with `app` until
/// Ctrl-C; `finish` is applied to every response (the security headers).
pub(super) async fn accept(
    listener: TcpListener,
    app: Router,
    allowed: Allowed,
    cap: usize,
    finish: fn(&mut Response<Body>),
) {
    let registry = Arc::new(Mutex::new(Registry::default()));
    let (shutdown, stopping) = watch::channel(false);
    let mut tasks = JoinSet::new();
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        let stream = tokio::select! {
            _ = &mut ctrl_c => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of files (something else holds them): free one.
                    // Other errors are one connection's (reset before it
                    // was accepted). Either way, go on after a moment
                    // rather than spin.
                    if matches!(e.raw_os_error(), Some(nix::libc::EMFILE | nix::libc::ENFILE)) {
                        lock(&registry).close_oldest_idle();
                    }
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
        };
        while tasks.try_join_next().is_some() {}
        // Every open connection is in a request: this one is closed.
        let Some(admitted) = lock(&registry).admit(cap) else {
            continue;
        };
        tasks.spawn(connection(
            stream,
            app.clone(),
            allowed.clone(),
            finish,
            admitted,
            Arc::clone(&registry),
            stopping.clone(),
        ));
    }
    let _ = shutdown.send(true);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
}

fn lock(registry: &Mutex<Registry>) -> std::sync::MutexGuard<'_, Registry> {
    registry.lock().unwrap_or_else(|e| e.into_inner())
}

/// Serves one connection until it ends, is closed to make room, or the
/// server stops.
async fn connection(
    stream: tokio::net::TcpStream,
    app: Router,
    allowed: Allowed,
    finish: fn(&mut Response<Body>),
    admitted: Admitted,
    registry: Arc<Mutex<Registry>>,
    mut stopping: watch::Receiver<bool>,
) {
    let Admitted { id, active, close } = admitted;
    let app = TowerToHyperService::new(app);
    let service = service_fn(move |request: Request<Incoming>| {
        use hyper::service::Service as _;
        let counted = InRequest::enter(&active);
        let answer = match allowed.refuse(&request) {
            Some(refusal) => Err(refusal),
            None => Ok(app.call(request)),
        };
        async move {
            let mut response = match answer {
                Err(refusal) => refusal,
                Ok(answer) => match answer.await {
                    Ok(response) => response,
                    Err(never) => match never {},
                },
            };
            finish(&mut response);
            Ok::<_, Infallible>(response.map(|body| Tracked {
                body,
                _request: counted,
            }))
        }
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let mut stream = tokio_io_timeout::TimeoutStream::new(stream);
    stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let conn = builder.serve_connection(TokioIo::new(Box::pin(stream)), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        // Closed to make room (or the registry is gone).
        _ = close => {}
        _ = stopping.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
    lock(&registry).open.remove(&id);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_servers_names_are_allowed() {
        let allowed = Allowed {
            port: 3000,
            hostname: None,
        };
        for ok in [
            "127.0.0.1:3000",
            "localhost:3000",
            "LOCALHOST:3000",
            "localhost.:3000",
            "[::1]:3000",
            "192.168.1.5:3000",
        ] {
            assert!(allowed.permits(ok), "{ok}");
        }
        for bad in [
            "evil.com:3000",
            "evil.com",
            "127.0.0.1:3001",
            "127.0.0.1",
            "localhost",
            "localhost.evil.com:3000",
            "127.0.0.1.evil.com:3000",
            "[::1]",
            "::1:3000",
            "user@127.0.0.1:3000",
            "127.0.0.1:3000:3000",
            "",
            ":3000",
            "[::1:3000",
            "devbox:3000",
        ] {
            assert!(!allowed.permits(bad), "{bad}");
        }
        let lan = Allowed {
            port: 80,
            hostname: Some("devbox".into()),
        };
        assert!(lan.permits("devbox"));
        assert!(lan.permits("DevBox.local:80"));
        assert!(!lan.permits("devbox.evil.com"));
    }

    #[test]
    fn a_full_server_closes_its_oldest_idle_connection_first() {
        let mut registry = Registry::default();
        let a = registry.admit(3).unwrap();
        let b = registry.admit(3).unwrap();
        let c = registry.admit(3).unwrap();
        // `a` is in a request (an event stream): `b` is the oldest idle one.
        a.active.fetch_add(1, Ordering::SeqCst);
        let mut b_close = b.close;
        let d = registry.admit(3).unwrap();
        assert_eq!(b_close.try_recv(), Ok(()), "b was told to close");
        assert_eq!(
            registry.open.keys().copied().collect::<Vec<_>>(),
            [a.id, c.id, d.id]
        );
        // Every connection in a request: the next one is refused, none closed.
        c.active.fetch_add(1, Ordering::SeqCst);
        d.active.fetch_add(1, Ordering::SeqCst);
        assert!(registry.admit(3).is_none());
        assert_eq!(registry.open.len(), 3);
    }

    #[test]
    fn the_cap_leaves_files_for_the_book() {
        let (soft, _) =
            nix::sys::resource::getrlimit(nix::sys::resource::Resource::RLIMIT_NOFILE).unwrap();
        assert!(cap() as u64 <= soft.max(32) / 2 + 16);
        assert!((16..=1024).contains(&cap()));
    }
}
