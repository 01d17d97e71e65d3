//! The build's phases on a whole book, timed one by one with the library API.
//!
//! `cargo bench --bench phases -- [BOOK_DIR] [--runs N]`
//!
//! Without `BOOK_DIR` it times the guide itself (the book beside
//! `Cargo.toml`); `bench/run.py` passes the generated corpus. Prints a table
//! on stderr and one line `PHASES_JSON {...}` on stdout with medians in ms.
//!
//! Two views:
//!
//! - **as the build runs them** (on every core): `load` (read, Markdown,
//!   highlighting, placeholders, checks), `pages` (templates into memory),
//!   `write` (only writing those files, atomically, as `build` does),
//!   `render+write` (what `build` does after loading: templates and writes
//!   interleaved) and `build` (all of it, `netplate::site::build`);
//! - **one core, one phase at a time**, to see where the CPU goes: reading,
//!   placeholder setup, Markdown (with highlighting and filling), the
//!   highlighting part of it alone, the checks (validators for every sample
//!   reader), and the page templates.

use std::{
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use netplate::{
    check,
    config::Config,
    content::Book,
    highlight, markdown,
    placeholder::setup::{Reader, Setup},
    site::{self, Site},
};

struct Args {
    book: PathBuf,
    runs: usize,
}

fn args() -> Args {
    let mut book = None;
    let mut runs = 5;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            // cargo passes `--bench` to harness-less benches.
            "--bench" => {}
            "--runs" => {
                runs = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--runs takes a number")
            }
            other if other.starts_with('-') => {}
            other => book = Some(PathBuf::from(other)),
        }
    }
    Args {
        book: book.unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR"))),
        runs: runs.max(1),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// Runs `f` `runs` times; the median wall time in ms and the last result.
fn time<R>(runs: usize, mut f: impl FnMut() -> R) -> (f64, R) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let r = f();
        times.push(ms(start.elapsed()));
        last = Some(r);
    }
    (median(times), last.expect("at least one run"))
}

fn main() {
    let Args { book: root, runs } = args();
    let reader = Reader::default();
    let scratch = std::env::temp_dir().join(format!("netplate-phases-{}", std::process::id()));
    let dest = scratch.join("book");
    let mut rows: Vec<(&str, f64, String)> = Vec::new();

    // Loading the grammars: once per process, on the first highlighted block.
    let start = Instant::now();
    std::hint::black_box(highlight::highlight("a: 1\n", highlight::resolve("yaml")));
    rows.push((
        "syntect assets, first block",
        ms(start.elapsed()),
        "once per process".into(),
    ));

    // As the build runs them. Validator results are remembered process-wide
    // (for `serve`): every timed run starts without them, as a `netplate
    // build` process does.
    let (load, site) = time(runs, || {
        check::forget_validated();
        Site::load(&root, &reader).expect("the book builds")
    });
    let chapters: usize = site.book.languages.iter().map(|l| l.chapters.len()).sum();
    rows.push((
        "load (read, Markdown, checks), all cores",
        load,
        format!("{chapters} chapters"),
    ));
    let (pages, files) = time(runs, || site.pages().expect("pages render"));
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    rows.push((
        "pages (templates into memory), all cores",
        pages,
        format!("{} files, {:.1} MB", files.len(), bytes as f64 / 1e6),
    ));
    let (write, ()) = time(runs, || {
        site::write_atomically(&dest, &files).expect("the site is written")
    });
    rows.push((
        "write (files only, atomically)",
        write,
        format!("{:.0} MB/s", bytes as f64 / 1e6 / (write / 1000.0)),
    ));
    drop(files);
    let (render_write, ()) = time(runs, || {
        site::write_atomically_with(&dest, |tmp| site.write_pages(tmp, false).map(|_| ()))
            .expect("the site is written")
    });
    rows.push((
        "render+write (as build does), all cores",
        render_write,
        String::new(),
    ));
    let (build, report) = time(runs, || {
        check::forget_validated();
        site::build(&root, Some(&dest), &reader, site::Strictness::default())
            .expect("the book builds")
    });
    rows.push((
        "build (netplate::site::build)",
        build,
        format!("{} files", report.files),
    ));

    // One core, one phase at a time.
    let (read, book) = time(runs, || {
        let config = Config::load(&root).expect("book.toml loads");
        Book::load(&root, config).expect("the book loads")
    });
    rows.push(("1 core: read book.toml + chapters", read, String::new()));
    let (setup_ms, setup) = time(runs, || Setup::new(&book, &reader).expect("placeholders"));
    rows.push((
        "1 core: placeholder setup (book scan)",
        setup_ms,
        String::new(),
    ));
    let render_all = |book: &Book, setup: Option<&Setup>| {
        (0..book.languages.len())
            .map(|li| {
                (0..book.languages[li].chapters.len())
                    .map(|ci| site::render_chapter(book, setup, li, ci))
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    };
    // Each run on a new thread: the highlighting memo is per thread, and a
    // build's threads start with it empty.
    let fresh = |f: &(dyn Fn() -> Vec<Vec<markdown::Rendered>> + Sync)| {
        std::thread::scope(|s| s.spawn(f).join().expect("no panic"))
    };
    let (md, rendered) = time(runs, || fresh(&|| render_all(&book, setup.as_ref())));
    let blocks: usize = rendered.iter().flatten().map(|r| r.code_blocks.len()).sum();
    rows.push((
        "1 core: Markdown (+ highlighting, filling)",
        md,
        format!("{:.0} chapters/s", chapters as f64 / (md / 1000.0)),
    ));
    let highlight_all = |memo: bool| {
        for block in rendered.iter().flatten().flat_map(|r| &r.code_blocks) {
            let source = highlight::resolve(&block.fence.lang);
            std::hint::black_box(if memo {
                highlight::highlight(&block.text, source)
            } else {
                highlight::highlight_uncached(&block.text, source)
            });
        }
    };
    let (hl, ()) = time(runs, || {
        std::thread::scope(|s| s.spawn(|| highlight_all(true)).join().expect("no panic"))
    });
    rows.push((
        "1 core: highlighting alone (memo, as built)",
        hl,
        format!(
            "{blocks} blocks, {:.0} blocks/s",
            blocks as f64 / (hl / 1000.0)
        ),
    ));
    let (hl_cold, ()) = time(runs, || highlight_all(false));
    rows.push((
        "1 core: highlighting alone without the memo",
        hl_cold,
        format!("{:.0} blocks/s", blocks as f64 / (hl_cold / 1000.0)),
    ));
    // The checks as the build runs them, on every core (the build does them
    // with each chapter's Markdown; here alone, chapters split evenly).
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (chk_all, ()) = time(runs, || {
        check::forget_validated();
        let samples = setup
            .as_ref()
            .map(|s| check::samples(s, &book))
            .unwrap_or_default();
        let jobs: Vec<(usize, usize)> = (0..book.languages.len())
            .flat_map(|li| (0..book.languages[li].chapters.len()).map(move |ci| (li, ci)))
            .collect();
        std::thread::scope(|s| {
            for part in jobs.chunks(jobs.len().div_ceil(cores).max(1)) {
                let (samples, rendered, book, setup) = (&samples, &rendered, &book, &setup);
                s.spawn(move || {
                    for &(li, ci) in part {
                        let chapter = &book.languages[li].chapters[ci];
                        std::hint::black_box(check::chapter(
                            chapter,
                            &rendered[li][ci],
                            setup.as_ref(),
                            samples,
                            &book.config.check,
                        ));
                    }
                });
            }
        });
    });
    let (chk, validated) = time(runs, || {
        check::forget_validated();
        let samples = setup
            .as_ref()
            .map(|s| check::samples(s, &book))
            .unwrap_or_default();
        let mut validated = 0;
        for (li, lang) in book.languages.iter().enumerate() {
            for (chapter, r) in lang.chapters.iter().zip(&rendered[li]) {
                validated +=
                    check::chapter(chapter, r, setup.as_ref(), &samples, &book.config.check)
                        .validated;
            }
        }
        validated
    });
    rows.push((
        "checks, all cores (validators × sample readers)",
        chk_all,
        format!(
            "{cores} threads, {validated} blocks, {:.0} blocks/s",
            validated as f64 / (chk_all / 1000.0)
        ),
    ));
    rows.push((
        "1 core: checks (validators × sample readers)",
        chk,
        format!(
            "{validated} blocks, {:.0} blocks/s",
            validated as f64 / (chk / 1000.0)
        ),
    ));
    let (tpl, ()) = time(runs, || {
        for (li, lang) in site.book.languages.iter().enumerate() {
            for ci in 0..lang.chapters.len() {
                std::hint::black_box(site.page(li, ci).expect("page renders"));
            }
        }
    });
    rows.push((
        "1 core: page templates",
        tpl,
        format!("{:.0} pages/s", chapters as f64 / (tpl / 1000.0)),
    ));
    let _ = std::fs::remove_dir_all(&scratch);

    eprintln!("netplate phases on {} (median of {runs}):", display(&root));
    for (name, value, note) in &rows {
        eprintln!("  {name:<46} {value:>9.1} ms  {note}");
    }
    let phases: Vec<serde_json::Value> = rows
        .iter()
        .map(|(name, value, note)| serde_json::json!({"phase": name, "ms": value, "note": note}))
        .collect();
    let json = serde_json::json!({
        "book": display(&root),
        "runs": runs,
        "chapters": chapters,
        "bytes": bytes,
        "validated": validated,
        "phases": phases,
    });
    println!("PHASES_JSON {json}");
}

fn display(p: &Path) -> String {
    p.display().to_string()
}
