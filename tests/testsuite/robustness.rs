//! No input makes netplate panic: arbitrary Markdown, SUMMARY.md and
//! book.toml text give output or diagnostics, never a crash.

use std::path::Path;

use netplate::{
    config::Config,
    i18n::strings,
    markdown::{self, Context},
    summary::parse as parse_summary,
};
use proptest::prelude::*;

/// Text built from the pieces netplate's syntax is made of, so that random
/// inputs hit the interesting paths (containers, fences, footnotes, ids).
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("::: details T\n".to_string()),
        Just(":::\n".to_string()),
        Just("```yaml file=\"/etc/x\n".to_string()),
        Just("```\n".to_string()),
        Just("# H {#id}\n".to_string()),
        Just("## 配置 {#id}\n".to_string()),
        Just("[^1]".to_string()),
        Just("[^1]: note\n".to_string()),
        Just("> [!NOTE]\n".to_string()),
        Just("> ".to_string()),
        Just("- ".to_string()),
        Just("[l](x.md#a)".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        "[ -~]{0,12}",
        "[\u{4e00}-\u{4e20}]{0,6}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn markdown_never_panics(source in markdownish()) {
        let r = markdown::render(&source, &Context::new("a/b.md", Path::new("b.md"), strings("zh")));
        for d in &r.diagnostics {
            let _ = d.to_string();
        }
    }

    #[test]
    fn arbitrary_text_never_panics(source in "\\PC{0,200}") {
        let _ = markdown::render(&source, &Context::new("b.md", Path::new("b.md"), strings("en")));
        let _ = parse_summary(&source, Path::new("SUMMARY.md"));
        if let Err(ds) = Config::parse(&source, Path::new("book.toml")) {
            for d in ds {
                let _ = d.to_string();
            }
        }
    }

    #[test]
    fn summary_lines_never_panic(lines in prop::collection::vec("( {0,4})(- |\\* )?\\[[^\\]]{0,5}\\]\\([^)]{0,8}\\)?", 0..10)) {
        let _ = parse_summary(&lines.join("\n"), Path::new("SUMMARY.md"));
    }
}
