//! `nmcli` command lines, as the shell validator hands them to nmcli's
//! rules: each input line becomes `nmcli` and its words, single-quoted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netplate::validate::{Format, check, semantic};

fuzz_target!(|text: &str| {
    let mut script = String::new();
    for line in text.lines() {
        script.push_str("nmcli");
        for word in line.split_whitespace() {
            script.push_str(" '");
            script.push_str(&word.replace('\'', r"'\''"));
            script.push('\'');
        }
        script.push('\n');
    }
    let report = check(Format::Shell, &script);
    let _ = semantic::check(&report.facts);
});
