//! The netplan validator on any text: findings, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netplate::validate::{Format, check, semantic};

fuzz_target!(|text: &str| {
    let report = check(Format::Netplan, text);
    let _ = semantic::check(&report.facts);
});
