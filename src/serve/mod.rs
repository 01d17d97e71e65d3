//! `netplate serve`: build, serve over HTTP on loopback, watch, rebuild what
//! changed, and tell open pages to reload or show the build's errors.
//!
//! The site lives in memory: requests are answered from the map of built
//! pages, so no path outside the site can ever be served. The watcher
//! thread owns the [`Site`] and rebuilds one chapter when only one chapter
//! changed ([`Site::update_chapter`]); a failed rebuild keeps the last good
//! pages and sends the diagnostics, as the terminal shows them, to every page.
//!
//! Only the server's own names are answered, connections are capped and
//! slow ones closed (the `conn` module), and every response carries a
//! strict Content-Security-Policy (`http::CONTENT_SECURITY_POLICY`).

mod conn;
mod http;
pub mod watch;

use std::{
    collections::HashMap,
    net::{IpAddr, SocketAddr, TcpListener},
    path::PathBuf,
    sync::{
        Arc, RwLock,
        atomic::{AtomicU64, Ordering},
        mpsc,
    },
    time::{Duration, Instant},
};

use axum::body::Bytes;
use notify::Watcher;
use tokio::sync::broadcast;

use crate::{
    error::{Error, Result},
    placeholder::setup::Reader,
    search,
    site::{Site, Update},
};

/// How to serve.
#[derive(Debug, Clone)]
pub struct Options {
    /// The book's folder.
    pub root: PathBuf,
    /// Address to listen on (loopback by default).
    pub host: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Open the site in a browser.
    pub open: bool,
    /// Poll the files instead of using file-system events.
    pub poll: bool,
    /// The reader's values.
    pub reader: Reader,
}

/// What open pages are told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A rebuild succeeded: reload.
    Reload,
    /// A rebuild failed: show this text (the terminal's words).
    BuildError(String),
}

/// What the HTTP side reads.
pub struct State {
    pages: RwLock<HashMap<String, Bytes>>,
    /// Bumped by every rebuild that stores pages.
    generation: AtomicU64,
    error: RwLock<Option<String>>,
    notices: broadcast::Sender<Notice>,
}

const LIVE_TAG: &str = "<script src=\"/__netplate/live.js\"></script>";

impl State {
    fn new() -> State {
        State {
            pages: RwLock::new(HashMap::new()),
            generation: AtomicU64::new(0),
            error: RwLock::new(None),
            notices: broadcast::channel(16).0,
        }
    }

    /// Stores pages, injecting the reload client into HTML.
    fn store(&self, pages: Vec<(String, Vec<u8>)>, replace: bool) {
        let mut map = self.pages.write().unwrap_or_else(|e| e.into_inner());
        self.generation.fetch_add(1, Ordering::SeqCst);
        if replace {
            map.clear();
        }
        for (path, bytes) in pages {
            map.insert(path.clone(), Bytes::from(inject(&path, bytes)));
        }
    }

    /// Stores pages built from the site as of `generation`, unless a
    /// rebuild stored newer pages since.
    fn store_unless_newer(&self, pages: Vec<(String, Vec<u8>)>, generation: u64) {
        let mut map = self.pages.write().unwrap_or_else(|e| e.into_inner());
        if self.generation.load(Ordering::SeqCst) != generation {
            return;
        }
        for (path, bytes) in pages {
            map.insert(path.clone(), Bytes::from(inject(&path, bytes)));
        }
    }

    fn set_error(&self, text: Option<String>) {
        *self.error.write().unwrap_or_else(|e| e.into_inner()) = text.clone();
        let _ = self.notices.send(match text {
            Some(t) => Notice::BuildError(t),
            None => Notice::Reload,
        });
    }
}

fn inject(path: &str, bytes: Vec<u8>) -> Vec<u8> {
    if !path.ends_with(".html") {
        return bytes;
    }
    match String::from_utf8(bytes) {
        Ok(mut html) => {
            match html.rfind("</body>") {
                Some(i) => html.insert_str(i, LIVE_TAG),
                None => html.push_str(LIVE_TAG),
            }
            html.into_bytes()
        }
        Err(e) => e.into_bytes(),
    }
}

/// Rebuilt files, and whether they replace every page.
type Rebuilt = (Vec<(String, Vec<u8>)>, bool);

/// Owns the site and rebuilds it.
struct Builder {
    root: PathBuf,
    reader: Reader,
    site: Option<Site>,
    /// The last rebuild failed: the next one is a full one.
    dirty: bool,
    /// Languages whose search index was left behind by one-page updates
    /// since the last full build: rebuilt in the background after each
    /// reload (a rebuild that a newer one overtakes is dropped).
    stale_search: Vec<usize>,
    /// The highlighting classes `static/highlight.css` was last made for.
    classes: std::collections::HashSet<String>,
}

impl Builder {
    fn full(&mut self) -> Result<Rebuilt> {
        self.dirty = true;
        self.stale_search.clear();
        let site = Site::load(&self.root, &self.reader)?;
        let mut pages = site.pages()?;
        // The site is at the server's root: the 404 page links from `/`,
        // with no inline script or style (which the policy would refuse).
        if let Some(page) = pages.iter_mut().find(|(path, _)| path == "404.html") {
            page.1 = site.not_found_page("/")?;
        }
        self.classes = used_classes(&site, None);
        self.site = Some(site);
        self.dirty = false;
        Ok((pages, true))
    }

    /// Rebuilds for `plan`: (pages, whether they replace all pages).
    fn apply(&mut self, plan: &watch::Plan) -> Result<Rebuilt> {
        if plan.full || self.dirty {
            return self.full();
        }
        let Some(site) = self.site.as_mut() else {
            return self.full();
        };
        let mut pages = Vec::new();
        for (lang, path) in &plan.chapters {
            let Some((li, ci)) = site.chapter_index(lang, path) else {
                return self.full();
            };
            match site.update_chapter(li, ci) {
                Ok(Update::Page) => {
                    pages.push(site.page(li, ci)?);
                    if ci == 0 {
                        // The language's index is this page too.
                        pages.extend(site.lang_index(li)?);
                    }
                    if !self.stale_search.contains(&li) {
                        self.stale_search.push(li);
                    }
                }
                Ok(Update::Language) => pages.extend(site.language_pages(li)?),
                Ok(Update::Everything) => return self.full(),
                Err(e) => {
                    self.dirty = true;
                    return Err(e);
                }
            }
        }
        // The edit may use a highlighting class no page used before: only
        // then is the stylesheet made again (it reads every page).
        let edited: Vec<(usize, usize)> = plan
            .chapters
            .iter()
            .filter_map(|(lang, path)| site.chapter_index(lang, path))
            .collect();
        let new = used_classes(site, Some(&edited));
        if !new.is_subset(&self.classes) {
            self.classes.extend(new);
            pages.extend(site.highlight_css());
        }
        Ok((pages, false))
    }

    /// What the indexes of the stale languages are made from:
    /// (language code, its folder in the site, source).
    fn search_sources(&self) -> Vec<(String, String, search::Source)> {
        match &self.site {
            Some(site) => self
                .stale_search
                .iter()
                .map(|&li| {
                    let language = &site.book.languages[li].language;
                    (
                        language.code.clone(),
                        language.dir.clone(),
                        site.search_source(li),
                    )
                })
                .collect(),
            None => Vec::new(),
        }
    }
}

/// The highlighting classes of the given chapters' pages (every page:
/// `None`).
fn used_classes(
    site: &Site,
    chapters: Option<&[(usize, usize)]>,
) -> std::collections::HashSet<String> {
    let mut used = std::collections::HashSet::new();
    match chapters {
        Some(list) => list.iter().for_each(|&(li, ci)| {
            crate::highlight::used_classes(&site.rendered[li][ci].html, &mut used)
        }),
        None => site
            .rendered
            .iter()
            .flatten()
            .for_each(|r| crate::highlight::used_classes(&r.html, &mut used)),
    }
    used.into_iter().map(str::to_string).collect()
}

/// Rebuilds the search indexes of `sources` on another thread: only a
/// search reads them, so the reload does not wait. Dropped when a newer
/// rebuild stores pages first.
fn refresh_search(state: &Arc<State>, sources: Vec<(String, String, search::Source)>) {
    if sources.is_empty() {
        return;
    }
    let generation = state.generation.load(Ordering::SeqCst);
    let state = Arc::clone(state);
    std::thread::spawn(move || {
        let current = || state.generation.load(Ordering::SeqCst) != generation;
        let mut files = Vec::new();
        for (code, dir, source) in sources {
            let Some(index) = source.index_unless(current) else {
                return;
            };
            files.push((
                format!("{dir}{}", search::INDEX_FILE),
                index.to_script(&code).into_bytes(),
            ));
        }
        state.store_unless_newer(files, generation);
    });
}

/// Binds the address, with a clear error for a busy port.
fn bind(host: IpAddr, port: u16) -> Result<TcpListener> {
    TcpListener::bind(SocketAddr::new(host, port)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            Error::Input(format!(
                "port {port} on {host} is already in use; try another one, e.g. `netplate serve --port {}`",
                port.saturating_add(1)
            ))
        } else {
            Error::Input(format!("cannot listen on {host}:{port}: {e}"))
        }
    })
}

/// Runs the server until Ctrl-C.
pub fn run(opts: Options) -> Result<()> {
    let listener = bind(opts.host, opts.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Input(e.to_string()))?;
    if !opts.host.is_loopback() {
        eprintln!(
            "warning: serving on {addr}: anyone who can reach this machine can read the site"
        );
    }
    let state = Arc::new(State::new());
    let mut builder = Builder {
        root: opts.root.clone(),
        reader: opts.reader.clone(),
        site: None,
        dirty: true,
        stale_search: Vec::new(),
        classes: std::collections::HashSet::new(),
    };
    let start = Instant::now();
    match builder.full() {
        Ok((pages, _)) => {
            state.store(pages, true);
            if let Some(site) = &builder.site {
                crate::cli::print_diagnostics(&site.warnings);
            }
            eprintln!("netplate: built in {} ms", start.elapsed().as_millis());
        }
        Err(e) => {
            let text = crate::cli::error_text(&e);
            eprint!("{text}");
            state.set_error(Some(text));
        }
    }
    // Watch before announcing the address, so that "ready" means watching.
    let watcher = start_watcher(&opts, Arc::clone(&state), builder)?;
    let url = format!("http://{addr}/");
    eprintln!(
        "netplate: serving {} at {url} (Ctrl-C to stop)",
        opts.root.display()
    );
    // Machine-readable for tests and scripts.
    println!("{url}");
    if opts.open {
        let _ = std::process::Command::new(if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        })
        .arg(&url)
        .spawn();
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Input(format!("cannot start the server: {e}")))?;
    let result = runtime.block_on(http::serve(listener, state));
    drop(watcher);
    eprintln!("netplate: stopped");
    result
}

/// The watcher, shared with the thread that adds the folders of new
/// included files to it.
type SharedWatcher = Arc<std::sync::Mutex<Box<dyn Watcher + Send>>>;

/// Watches the folders of the files the chapters include that no other
/// watch covers (`listings/` beside `content/`), once each.
fn watch_includes(
    watcher: &SharedWatcher,
    watched: &mut std::collections::HashSet<PathBuf>,
    root: &std::path::Path,
    covered: &[&str],
    site: Option<&Site>,
) {
    let Some(site) = site else { return };
    for dir in site.include_dirs() {
        if covered.iter().any(|c| dir.starts_with(c)) || !watched.insert(dir.clone()) {
            continue;
        }
        let path = root.join(&dir);
        if let Ok(mut w) = watcher.lock()
            && path.is_dir()
            && let Err(e) = w.watch(&path, notify::RecursiveMode::NonRecursive)
        {
            eprintln!("warning: cannot watch {}: {e}", path.display());
        }
    }
}

fn start_watcher(opts: &Options, state: Arc<State>, mut builder: Builder) -> Result<SharedWatcher> {
    let (tx, rx) = mpsc::channel::<PathBuf>();
    let handler = move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && !matches!(event.kind, notify::EventKind::Access(_))
        {
            for path in event.paths {
                let _ = tx.send(path);
            }
        }
    };
    let root = std::path::absolute(&opts.root).unwrap_or_else(|_| opts.root.clone());
    let mut watcher: Box<dyn Watcher + Send> =
        match (opts.poll, notify::recommended_watcher(handler.clone())) {
            (false, Ok(w)) => Box::new(w),
            _ => {
                // No file-system events here (network or container file systems), or asked to poll.
                // notify compares modification times in whole seconds, so an
                // edit within the second of the last poll would be missed:
                // compare contents too.
                let config = notify::Config::default()
                    .with_poll_interval(Duration::from_millis(250))
                    .with_compare_contents(true);
                Box::new(
                    notify::PollWatcher::new(handler, config)
                        .map_err(|e| Error::Input(format!("cannot watch files: {e}")))?,
                )
            }
        };
    let (src, theme, dest) = match &builder.site {
        Some(site) => (
            site.book.config.book.src.clone(),
            site.book.config.output.html.theme.clone(),
            site.book.config.build.build_dir.clone(),
        ),
        None => ("content".into(), "theme".into(), "book".into()),
    };
    // The book folder itself, not recursively: book.toml, also when an editor
    // replaces it by a rename.
    watcher
        .watch(&root, notify::RecursiveMode::NonRecursive)
        .map_err(|e| Error::Input(format!("cannot watch {}: {e}", root.display())))?;
    for dir in [&src, &theme] {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, notify::RecursiveMode::Recursive)
                .map_err(|e| Error::Input(format!("cannot watch {}: {e}", path.display())))?;
        }
    }
    let watcher: SharedWatcher = Arc::new(std::sync::Mutex::new(watcher));
    let mut watched = std::collections::HashSet::new();
    watch_includes(
        &watcher,
        &mut watched,
        &root,
        &[&src, &theme],
        builder.site.as_ref(),
    );
    let shared = Arc::clone(&watcher);
    std::thread::spawn(move || {
        while let Some(paths) =
            watch::debounce(&rx, Duration::from_millis(25), Duration::from_millis(250))
        {
            let plan = match &builder.site {
                Some(site) => watch::classify(
                    &root,
                    &src,
                    &theme,
                    &dest,
                    &paths,
                    &|lang, path| site.chapter_index(lang, path).is_some(),
                    &|rel| site.chapters_including(rel),
                ),
                None => watch::classify(&root, &src, &theme, &dest, &paths, &|_, _| false, &|_| {
                    Vec::new()
                }),
            };
            if plan.is_empty() {
                continue;
            }
            let start = Instant::now();
            let changed = plan.changed.join(", ");
            match builder.apply(&plan) {
                Ok((pages, all)) => {
                    // Chapters: a language's index repeats its first.
                    let n = pages
                        .iter()
                        .filter(|(p, _)| p.ends_with(".html") && !p.ends_with("/index.html"))
                        .count();
                    state.store(pages, all);
                    let what = if all {
                        "everything".to_string()
                    } else {
                        format!("{n} page{}", if n == 1 { "" } else { "s" })
                    };
                    // The terminal line first, then the pages are told.
                    eprintln!(
                        "netplate: {changed} changed: rebuilt {what} in {} ms",
                        start.elapsed().as_millis()
                    );
                    state.set_error(None);
                    refresh_search(&state, builder.search_sources());
                    // An edit may include a file from a folder not watched yet.
                    watch_includes(
                        &shared,
                        &mut watched,
                        &root,
                        &[&src, &theme],
                        builder.site.as_ref(),
                    );
                }
                Err(e) => {
                    let text = crate::cli::error_text(&e);
                    eprint!("{text}");
                    eprintln!(
                        "netplate: {changed} changed: build failed; still serving the last good pages"
                    );
                    state.set_error(Some(text));
                }
            }
        }
    });
    Ok(watcher)
}

/// The path a request asks for, as a key of the page map, or `None` when it
/// tries to leave the site (`..`, encoded dots, backslashes, NUL, drive
/// letters) or is not UTF-8.
pub fn resolve(raw: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" => {}
            "." | ".." => return None,
            p if p.contains(':') => return None,
            p => parts.push(p),
        }
    }
    let mut key = parts.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn paths_map_to_pages_and_escapes_are_refused() {
        assert_eq!(resolve("/").as_deref(), Some("index.html"));
        assert_eq!(resolve("/en/").as_deref(), Some("en/index.html"));
        assert_eq!(resolve("/en/intro.html").as_deref(), Some("en/intro.html"));
        assert_eq!(resolve("/zh/%E5%9F%BA.html").as_deref(), Some("zh/基.html"));
        for bad in [
            "/../etc/passwd",
            "/en/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fetc",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "/%00",
            "/C:/x",
            "/%ff",
        ] {
            assert_eq!(resolve(bad), None, "{bad}");
        }
    }

    #[test]
    fn reload_client_is_injected_into_html_only() {
        let html = super::inject("a.html", b"<html><body>x</body></html>".to_vec());
        assert_eq!(
            String::from_utf8(html).unwrap(),
            format!("<html><body>x{}</body></html>", super::LIVE_TAG)
        );
        assert_eq!(super::inject("a.css", b"body{}".to_vec()), b"body{}");
    }
}
