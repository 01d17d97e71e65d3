//! book.toml: a config or diagnostics, never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Err(errors) = netplate::config::Config::parse(text, Path::new("book.toml")) {
        for d in errors {
            let _ = d.to_string();
        }
    }
});
