//! The HTTP side of `serve`: pages from memory, the reload client, and the
//! event stream that tells pages to reload or show errors. Connections,
//! their limits and the `Host` check are [`super::conn`]'s.

use std::{convert::Infallible, net::TcpListener, sync::Arc, time::Duration};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use axum::{
    Router,
    body::{Body, Bytes},
    extract::State as Extract,
    http::{HeaderValue, Method, StatusCode, Uri, header},
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
    routing::get,
};
use tokio_stream::{Stream, StreamExt, wrappers::BroadcastStream};

use super::{Notice, State, conn, resolve};
use crate::error::{Error, Result};

const LIVE_JS: &str = include_str!("live.js");

/// The policy every response carries: the site's scripts and styles come
/// from its own files only (no inline script, handler or `style=`), as a
/// strict production server would send it.
pub(super) const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'";

/// Serves until Ctrl-C.
pub(super) async fn serve(listener: TcpListener, state: Arc<State>) -> Result<()> {
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::Input(e.to_string()))?;
    let listener =
        tokio::net::TcpListener::from_std(listener).map_err(|e| Error::Input(e.to_string()))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Input(e.to_string()))?;
    let app = Router::new()
        .route("/__netplate/events", get(events))
        .route("/__netplate/live.js", get(live_js))
        .fallback(page)
        .with_state(state);
    conn::accept(
        listener,
        app,
        conn::Allowed::new(addr.ip(), addr.port()),
        conn::cap(),
        secure,
    )
    .await;
    Ok(())
}

/// Headers on every response.
fn secure(response: &mut Response) {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

/// The characters encoded in a `Location`'s path segment, `/`, `\`, `?`,
/// `#` and `%` among them: a segment can never add a host, a folder, a
/// query or a fragment.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// The `Location` of the folder `key` (a resolved path, without
/// `index.html`) on this server: a path of one leading `/`, its segments
/// encoded, then the request's query. Never `//host` or `/\host`, which
/// browsers read as another site.
fn folder_location(key: &str, query: Option<&str>) -> String {
    let mut location = String::from("/");
    for segment in key.split('/').filter(|s| !s.is_empty()) {
        location.extend(utf8_percent_encode(segment, SEGMENT));
        location.push('/');
    }
    if let Some(query) = query {
        location.push('?');
        location.push_str(query);
    }
    location
}

async fn live_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        LIVE_JS,
    )
        .into_response()
}

async fn events(
    Extract(state): Extract<Arc<State>>,
) -> Sse<impl Stream<Item = std::result::Result<Event, Infallible>>> {
    // A page that connects while the book is broken sees the error at once.
    let current = state
        .error
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let first = tokio_stream::iter(current.map(|text| Ok(to_event(&Notice::BuildError(text)))));
    let rest = BroadcastStream::new(state.notices.subscribe())
        .filter_map(|n| n.ok().map(|n| Ok(to_event(&n))));
    Sse::new(first.chain(rest)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

fn to_event(notice: &Notice) -> Event {
    match notice {
        Notice::Reload => Event::default().event("reload").data("reload"),
        Notice::BuildError(text) => Event::default()
            .event("build-error")
            .data(serde_json::to_string(text).unwrap_or_default()),
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(status: StatusCode, path: &str, body: Bytes, head: bool) -> Response {
    let len = body.len();
    let mut response = Response::new(if head {
        Body::empty()
    } else {
        Body::from(body)
    });
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    // Pages change on every rebuild: never serve a stale one.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn page(Extract(state): Extract<Arc<State>>, method: Method, uri: Uri) -> Response {
    let head = method == Method::HEAD;
    if method != Method::GET && !head {
        let mut r = (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n").into_response();
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let raw = uri.path();
    let Some(key) = resolve(raw) else {
        return (
            StatusCode::BAD_REQUEST,
            "refused: the path leaves the site\n",
        )
            .into_response();
    };
    let pages = state.pages.read().unwrap_or_else(|e| e.into_inner());
    if let Some(body) = pages.get(&key) {
        return respond(StatusCode::OK, &key, body.clone(), head);
    }
    // `/en` → `/en/` when that folder has an index.
    if !raw.ends_with('/') && pages.contains_key(&format!("{key}/index.html")) {
        let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
        if let Ok(location) = HeaderValue::from_str(&folder_location(&key, uri.query())) {
            r.headers_mut().insert(header::LOCATION, location);
        }
        return r;
    }
    let body = pages
        .get("404.html")
        .cloned()
        .unwrap_or_else(|| Bytes::from_static(b"<!DOCTYPE html><title>404</title><p>Not found</p><script src=\"/__netplate/live.js\"></script>"));
    respond(StatusCode::NOT_FOUND, "404.html", body, head)
}

#[cfg(test)]
mod tests {
    use super::folder_location;

    #[test]
    fn redirects_stay_on_this_server() {
        assert_eq!(folder_location("en", None), "/en/");
        assert_eq!(
            folder_location("zh/基", Some("subnet=10.0.0.0/24")),
            "/zh/%E5%9F%BA/?subnet=10.0.0.0/24"
        );
        assert_eq!(folder_location("a b/%2f", None), "/a%20b/%252f/");
        assert_eq!(folder_location("evil.com\\x", None), "/evil.com%5Cx/");
        for key in ["en", "/en", "//en", "///evil.com/en"] {
            let l = folder_location(key, None);
            assert!(l.starts_with('/') && !l.starts_with("//"), "{key}: {l}");
        }
    }
}
