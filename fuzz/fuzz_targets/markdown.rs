//! A chapter's Markdown, rendered twice: as written, and with a reader's
//! values filled into the book's template network (`192.168.?.xxx`). The
//! first byte picks the language. HTML and diagnostics, never a panic.
#![no_main]

use std::{collections::BTreeMap, path::Path, sync::LazyLock};

use libfuzzer_sys::fuzz_target;
use netplate::{
    i18n::strings,
    markdown::{Context, Fill, render},
    placeholder::{
        Template, Values,
        input::{Rules, Slot, resolve},
    },
};

static FILL: LazyLock<(Template, Values, Vec<String>)> = LazyLock::new(|| {
    let template = Template::parse("192.168.?.0/24").expect("a valid template");
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
    let values = resolve("10.20.0.0/16", &slots, &rules, "en").expect("valid values");
    (template, values, vec!["xxx".to_string()])
});

/// syntect compiles a grammar's regexes the first time a line needs them:
/// one input that first reaches a part of a large grammar (Markdown embeds
/// dozens) pays that once for the whole process, 0.4-1.4 s under the
/// fuzzer's instrumentation, then 5-7 ms for the same input
/// (fuzz/found/README.md). That is start-up, not the input's cost: it is
/// paid here, before fuzzing, on every chapter of the repository (what the
/// corpus is made from), highlighted whole as Markdown and rendered (its
/// blocks highlighted in their own languages), and on a line of each
/// language.
fn warm_up() {
    const LANGS: &[&str] = &[
        "bash", "console", "yaml", "ini", "interfaces", "resolv", "diff", "rust", "python",
        "js", "ts", "c", "cpp", "cs", "go", "java", "html", "css", "json", "toml", "xml", "sql",
        "ruby", "php", "perl", "lua", "makefile", "dockerfile", "markdown", "haskell", "scala",
        "r", "erlang", "clojure", "ocaml", "d", "objc", "tex", "lisp", "groovy", "batch",
        "powershell", "asp", "jsp", "regex", "graphviz",
    ];
    let sample = "# T\n\na `b` *c* **d** [e](f) <g h=\"i\">j</g> 1 0x2 'k' \"l\" // m\n/* n */ # o\n{ p: [q, (r)] }\n";
    for lang in LANGS {
        let _ = netplate::highlight::highlight_uncached(sample, netplate::highlight::resolve(lang));
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut stack = vec![repo.join("content"), repo.join("tests/testsuite/books")];
    let strings = strings("en");
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                let _ = netplate::highlight::highlight_uncached(
                    &text,
                    netplate::highlight::resolve("markdown"),
                );
                let _ = render(&text, &Context::new("a.md", &path, strings));
            }
        }
    }
}

fuzz_target!(init: warm_up(), |data: &[u8]| {
    let Some((&lang, rest)) = data.split_first() else {
        return;
    };
    let Ok(source) = std::str::from_utf8(rest) else {
        return;
    };
    let strings = strings(if lang % 2 == 0 { "en" } else { "zh" });
    let plain = Context::new("guide/a.md", Path::new("content/en/guide/a.md"), strings);
    for d in render(source, &plain).diagnostics {
        let _ = d.to_string();
    }
    let (template, values, slots) = &*FILL;
    let personal = Context {
        fill: Some(Fill {
            template,
            values,
            slots,
        }),
        ..plain
    };
    for d in render(source, &personal).diagnostics {
        let _ = d.to_string();
    }
});
