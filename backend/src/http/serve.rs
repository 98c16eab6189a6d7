//! Serving HTTP/1.1 connections with limits for slow clients, so that sockets held open on
//! purpose (a header line every few seconds, a `Content-Length` whose body never comes, a
//! connection that says nothing) cannot hold the server, and it keeps answering everyone else:
//!
//! - **Header timeout**: from the first byte of a request, its request line and headers must
//!   have arrived within `--header-timeout`.
//! - **Body timeout**: from the moment its head has arrived, a request's body must have arrived
//!   in full within `--body-timeout` (bodies are at most 16 KiB); else reading it fails, the
//!   request is answered 408 and the connection closed.
//! - **Idle timeout**: a connection on which nothing is sent either way while no request is
//!   being answered (a new one, or kept alive after an answer) is closed after
//!   `--idle-timeout`.
//! - **Connection cap**: at most `--max-connections` open at once; past it, new connections
//!   wait in the listen backlog until one closes.
//!
//! A connection is closed by dropping it (its socket with it). A watchdog per connection looks
//! at what it last did ([`Activity`]), ticking at a tenth of the shorter of the header and idle
//! timeouts (from 10 ms to 1 s), so it closes within that tick of the deadline.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::Router;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tower::ServiceExt;
use tracing::{debug, warn};

/// The limits of [`serve`].
#[derive(Clone, Copy, Debug)]
pub struct ConnLimits {
    pub header: Duration,
    pub body: Duration,
    pub idle: Duration,
    pub max_connections: usize,
}

impl ConnLimits {
    /// How often a connection's watchdog looks.
    fn tick(&self) -> Duration {
        (self.header.min(self.idle) / 10).clamp(Duration::from_millis(10), Duration::from_secs(1))
    }
}

/// Serves `app` on `listener` until `shutdown` resolves; then stops accepting, lets each
/// connection finish the request it is answering, and returns when all are closed.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnLimits,
    shutdown: impl Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let (stop, stopped) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => p.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        tokio::spawn(connection(
            stream,
            peer,
            app.clone(),
            limits,
            permit,
            stopped.clone(),
        ));
    }
    drop(listener);
    let _ = stop.send(true);
    // Every permit back: every connection has closed.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    let _ = permits.acquire_many(all).await;
}

/// One connection, until it ends, a limit closes it, or (after `stop`) its answer is out.
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    limits: ConnLimits,
    _permit: OwnedSemaphorePermit,
    mut stop: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let activity = Arc::new(Activity::new(Instant::now()));
    let io = TokioIo::new(Watched {
        stream,
        activity: activity.clone(),
    });
    let on_request = activity.clone();
    let service = hyper::service::service_fn(move |req: Request<Incoming>| {
        on_request.started();
        let mut req = req.map(|body| {
            Body::new(BodyDeadline {
                body,
                deadline: Box::pin(tokio::time::sleep(limits.body)),
            })
        });
        req.extensions_mut().insert(ConnectInfo(peer));
        let (app, activity) = (app.clone(), on_request.clone());
        async move {
            let resp = app.oneshot(req).await;
            activity.ended(Instant::now());
            resp
        }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(io, service);
    tokio::pin!(conn);
    let mut tick = tokio::time::interval(limits.tick());
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut stopping = *stop.borrow();
    if stopping {
        conn.as_mut().graceful_shutdown();
    }
    loop {
        tokio::select! {
            ended = conn.as_mut() => {
                if let Err(e) = ended {
                    debug!(error = %e, "connection ended with an error");
                }
                break;
            }
            _ = tick.tick() => {
                if let Some(why) = activity.overdue(&limits, Instant::now()) {
                    debug!(why, "closing a slow connection");
                    break;
                }
            }
            _ = stop.changed(), if !stopping => {
                stopping = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

/// What a connection is doing, for its watchdog.
struct Activity(Mutex<Phase>);

enum Phase {
    /// Waiting for a request: nothing sent either way since `last`; `head_from`, the first
    /// byte of the request now arriving, if any.
    Waiting {
        last: Instant,
        head_from: Option<Instant>,
    },
    /// A request is being answered (its body has its own deadline, [`BodyDeadline`]).
    Answering,
}

impl Activity {
    fn new(now: Instant) -> Activity {
        Activity(Mutex::new(Phase::Waiting {
            last: now,
            head_from: None,
        }))
    }

    fn phase(&self) -> std::sync::MutexGuard<'_, Phase> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn read(&self, now: Instant) {
        if let Phase::Waiting { last, head_from } = &mut *self.phase() {
            *last = now;
            head_from.get_or_insert(now);
        }
    }

    fn wrote(&self, now: Instant) {
        if let Phase::Waiting { last, .. } = &mut *self.phase() {
            *last = now;
        }
    }

    fn started(&self) {
        *self.phase() = Phase::Answering;
    }

    fn ended(&self, now: Instant) {
        *self.phase() = Phase::Waiting {
            last: now,
            head_from: None,
        };
    }

    /// Which limit the connection is past at `now`, if any.
    fn overdue(&self, limits: &ConnLimits, now: Instant) -> Option<&'static str> {
        match *self.phase() {
            Phase::Answering => None,
            Phase::Waiting {
                head_from: Some(from),
                ..
            } => (now.duration_since(from) >= limits.header).then_some("header timeout"),
            Phase::Waiting {
                last,
                head_from: None,
            } => (now.duration_since(last) >= limits.idle).then_some("idle timeout"),
        }
    }
}

/// The socket, telling its [`Activity`] when bytes go either way.
struct Watched {
    stream: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.stream).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            this.activity.read(Instant::now());
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.stream).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            this.activity.wrote(Instant::now());
        }
        polled
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            this.activity.wrote(Instant::now());
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// A request body that fails to read once its deadline has passed.
struct BodyDeadline {
    body: Incoming,
    deadline: Pin<Box<tokio::time::Sleep>>,
}

/// What reading a body past its deadline fails with (`error::JsonBody` answers it 408).
#[derive(Debug)]
pub struct BodyTooSlow;

impl std::fmt::Display for BodyTooSlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request body did not arrive in time")
    }
}

impl std::error::Error for BodyTooSlow {}

impl hyper::body::Body for BodyDeadline {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        match Pin::new(&mut this.body).poll_frame(cx) {
            Poll::Pending => match this.deadline.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(BodyTooSlow)))),
                Poll::Pending => Poll::Pending,
            },
            other => other.map_err(Into::into),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_is_overdue_by_its_phase() {
        let limits = ConnLimits {
            header: Duration::from_secs(2),
            body: Duration::from_secs(3),
            idle: Duration::from_secs(5),
            max_connections: 1,
        };
        let t0 = Instant::now();
        let s = |n: u64| t0 + Duration::from_secs(n);
        let a = Activity::new(t0);
        assert_eq!(a.overdue(&limits, s(4)), None);
        assert_eq!(a.overdue(&limits, s(5)), Some("idle timeout"));
        // Bytes of a request head: the header timeout runs from the first.
        a.read(s(1));
        a.read(s(2));
        assert_eq!(a.overdue(&limits, s(2)), None);
        assert_eq!(a.overdue(&limits, s(3)), Some("header timeout"));
        // Answering: no watchdog limit (the body has its deadline).
        a.started();
        assert_eq!(a.overdue(&limits, s(100)), None);
        // Kept alive after the answer: idle again, writes of the answer count as activity.
        a.ended(s(10));
        a.wrote(s(12));
        assert_eq!(a.overdue(&limits, s(16)), None);
        assert_eq!(a.overdue(&limits, s(17)), Some("idle timeout"));
        assert_eq!(limits.tick(), Duration::from_millis(200));
    }
}
