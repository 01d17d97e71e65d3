//! The hot functions of a build, one by one (criterion).
//!
//! `cargo bench --bench hot` (add `-- validate` to run one group). Inputs:
//! `benches/fixture/` is a 3-chapter book made by `bench/gen_corpus.py` and
//! `bench/prepare_corpus.py` (the benchmark corpus in small);
//! `benches/fixture/blocks/` holds one representative block per validated
//! format, with a reader's values filled in, as the validators see them.

use std::{hint::black_box, path::Path};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use netplate::{
    check, highlight,
    i18n::strings,
    markdown::{self, Context, Fill},
    placeholder::setup::Reader,
    site::Site,
    validate::{self, Format, semantic},
};

const BLOCKS: &[(Format, &str)] = &[
    (Format::Netplan, include_str!("fixture/blocks/netplan.yaml")),
    (
        Format::Interfaces,
        include_str!("fixture/blocks/interfaces"),
    ),
    (Format::Ifcfg, include_str!("fixture/blocks/ifcfg-ens33")),
    (Format::Resolv, include_str!("fixture/blocks/resolv.conf")),
    (
        Format::Nm,
        include_str!("fixture/blocks/NetworkManager.conf"),
    ),
    (Format::Shell, include_str!("fixture/blocks/shell.sh")),
];

fn fixture() -> Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/fixture");
    Site::load(&root, &Reader::default()).expect("the fixture book builds")
}

/// Each validator on its representative block, as `netplate lint` runs it
/// (syntax, then the addresses against the subnet).
fn validators(c: &mut Criterion) {
    let mut g = c.benchmark_group("validate");
    g.throughput(Throughput::Elements(1));
    for &(format, text) in BLOCKS {
        let report = validate::check(format, text);
        assert!(
            report.findings.is_empty(),
            "{format:?} fixture: {:?}",
            report.findings
        );
        g.bench_function(format.name(), |b| {
            b.iter(|| {
                let report = validate::check(format, black_box(text));
                black_box(semantic::check(&report.facts))
            })
        });
    }
    g.finish();
}

/// One chapter (en, chapter 1 of the fixture): Markdown with highlighting
/// and filling; the check of its blocks for every sample reader; its page.
fn chapter(c: &mut Criterion) {
    let site = fixture();
    let (li, ci) = site
        .chapter_index("en", "ch0001.md")
        .expect("the fixture has en/ch0001.md");
    let lang = &site.book.languages[li];
    let chapter = &lang.chapters[ci];
    let setup = site
        .placeholders
        .as_ref()
        .expect("the fixture has placeholders");
    let cx = Context {
        chapter: &chapter.path,
        file: &chapter.display_path,
        strings: strings(&lang.language.code),
        fill: Some(Fill {
            template: &setup.template,
            values: &setup.values,
            slots: &setup.slot_names,
        }),
        map: chapter.map.as_ref(),
        options: site.book.config.markdown_options(),
    };
    let rendered = &site.rendered[li][ci];
    let samples = check::samples(setup, &site.book);
    let validated = check::chapter(
        chapter,
        rendered,
        Some(setup),
        &samples,
        &site.book.config.check,
    )
    .validated;

    let mut g = c.benchmark_group("chapter");
    g.throughput(Throughput::Bytes(chapter.source.len() as u64));
    g.bench_function("markdown (highlight memo warm)", |b| {
        b.iter(|| black_box(markdown::render(black_box(&chapter.source), &cx)))
    });
    g.bench_function("page template", |b| {
        b.iter(|| black_box(site.page(li, ci).expect("the page renders")))
    });
    g.throughput(Throughput::Elements(validated as u64));
    g.bench_function(
        format!("check ({validated} blocks × {} readers)", samples.len()),
        |b| {
            b.iter(|| {
                check::forget_validated();
                black_box(check::chapter(
                    chapter,
                    rendered,
                    Some(setup),
                    &samples,
                    &site.book.config.check,
                ))
            })
        },
    );
    g.finish();

    // Highlighting each block of the chapter on its own.
    let mut g = c.benchmark_group("highlight");
    for block in &rendered.code_blocks {
        let source = highlight::resolve(&block.fence.lang);
        g.throughput(Throughput::Bytes(block.text.len() as u64));
        g.bench_function(
            format!(
                "{} ({} lines)",
                block.fence.lang,
                block.text.lines().count()
            ),
            |b| b.iter(|| black_box(highlight::highlight(black_box(&block.text), source))),
        );
    }
    g.finish();

    // The placeholder engine: scanning a chapter and filling it for a reader.
    let mut g = c.benchmark_group("placeholder");
    g.throughput(Throughput::Bytes(chapter.source.len() as u64));
    let is_slot = |n: &str| setup.slot_names.iter().any(|s| s == n);
    g.bench_function("scan+fill chapter", |b| {
        b.iter(|| {
            let (pieces, _) = setup
                .template
                .scan(black_box(&chapter.source), true, &is_slot);
            black_box(setup.values.fill(&pieces))
        })
    });
    let block = &rendered.code_blocks[0].text;
    g.throughput(Throughput::Bytes(block.len() as u64));
    g.bench_function("scan+fill block", |b| {
        b.iter(|| {
            let (pieces, _) = setup.template.scan(black_box(block), true, &is_slot);
            black_box(setup.values.fill(&pieces))
        })
    });
    g.finish();
}

criterion_group!(benches, validators, chapter);
criterion_main!(benches);
