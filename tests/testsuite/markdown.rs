//! Snapshots of the HTML netplate renders for representative Markdown:
//! one input per file in `markdown/`, one snapshot each in `snapshots/`.
//! Placeholders are filled for the subnet 10.20.0.0/16 and the VM 10.20.5.6.

use std::collections::BTreeMap;

use netplate::{
    i18n::strings,
    markdown::{self, Context, Fill},
    placeholder::{
        Template,
        input::{Rules, Slot, resolve},
    },
};

#[test]
fn rendered_html_snapshots() {
    let template = Template::parse("192.168.?.0/24").unwrap();
    let rules = Rules {
        slots: vec![Slot {
            name: "xxx".into(),
            default: 100,
            label: "the VM".into(),
        }],
        offsets: BTreeMap::new(),
        example: "192.168.10.0/24".into(),
    };
    let slots = BTreeMap::from([("xxx".to_string(), "10.20.5.6".to_string())]);
    let values = resolve("10.20.0.0/16", &slots, &rules, "zh").unwrap();
    let names = vec!["xxx".to_string()];
    insta::glob!("markdown/*.md", |path| {
        let source = std::fs::read_to_string(path).unwrap();
        let cx = Context {
            fill: Some(Fill {
                template: &template,
                values: &values,
                slots: &names,
            }),
            ..Context::new(
                "dir/page.md",
                std::path::Path::new("page.md"),
                strings("zh"),
            )
        };
        let r = markdown::render(&source, &cx);
        let diagnostics: Vec<String> = r.diagnostics.iter().map(ToString::to_string).collect();
        insta::assert_snapshot!(format!(
            "{}\n<!-- diagnostics: {:?} -->",
            r.html, diagnostics
        ));
    });
}
