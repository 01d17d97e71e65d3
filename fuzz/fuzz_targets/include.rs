//! mdBook's include directives: the input is a chapter, then (after a NUL)
//! the text of every file it includes, `{{#include}}` nesting included.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use netplate::fs::{Problem, ReadError};

fuzz_target!(|data: &str| {
    let (chapter, file) = data.split_once('\0').unwrap_or((data, "fn main() {}\n"));
    let read = |path: &Path| -> Result<String, ReadError> {
        if path.to_string_lossy().contains("missing") {
            Err(ReadError {
                path: path.to_path_buf(),
                problem: Problem::NotFound,
            })
        } else {
            Ok(file.to_string())
        }
    };
    let expanded = netplate::include::expand(Path::new("src/chapter.md"), chapter, &read);
    for d in &expanded.diagnostics {
        let _ = d.to_string();
    }
    // Every byte of the text maps back to a place the author wrote.
    for offset in (0..expanded.text.len()).step_by(97) {
        let _ = expanded.map.location(offset, 1);
    }
});
