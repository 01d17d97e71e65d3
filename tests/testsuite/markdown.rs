//! Snapshots of the HTML netplate renders for representative Markdown:
//! one input per file in `markdown/`, one snapshot each in `snapshots/`.

use netplate::{i18n::strings, markdown};

#[test]
fn rendered_html_snapshots() {
    insta::glob!("markdown/*.md", |path| {
        let source = std::fs::read_to_string(path).unwrap();
        let lang = "zh";
        let r = markdown::render(
            &source,
            "dir/page.md",
            std::path::Path::new("page.md"),
            strings(lang),
        );
        let diagnostics: Vec<String> = r.diagnostics.iter().map(ToString::to_string).collect();
        insta::assert_snapshot!(format!(
            "{}\n<!-- diagnostics: {:?} -->",
            r.html, diagnostics
        ));
    });
}
