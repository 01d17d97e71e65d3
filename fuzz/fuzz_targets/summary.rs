//! SUMMARY.md: entries or diagnostics, never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let diagnostics = match netplate::summary::parse(text, Path::new("content/en/SUMMARY.md")) {
        Ok((_, warnings)) => warnings,
        Err(errors) => errors,
    };
    for d in diagnostics {
        let _ = d.to_string();
    }
});
