//! The reader's values as the command line takes them: a subnet, a VM
//! address (after a NUL) and an OS id (after a second NUL), checked against
//! a book like the guide (offsets .1, .2 and .254 used, one slot). Values
//! or a message in both languages, never a panic.
#![no_main]

use std::{collections::BTreeMap, sync::LazyLock};

use libfuzzer_sys::fuzz_target;
use netplate::{
    cli::check_reader_value,
    markdown::best_variant,
    placeholder::input::{Rules, Slot, Used, parse_subnet, resolve},
};

static RULES: LazyLock<Rules> = LazyLock::new(|| {
    let used = |place: &str| Used {
        place: place.to_string(),
        label: None,
    };
    Rules {
        slots: vec![Slot {
            name: "xxx".into(),
            default: 100,
            label: "the VM".into(),
        }],
        offsets: BTreeMap::from([
            (1, used("a.md:3")),
            (2, used("b.md:9")),
            (254, used("c.md:1")),
        ]),
        example: "192.168.10.0/24".into(),
    }
});

static OS_IDS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    [
        &["ubuntu"][..],
        &["ubuntu-18.04", "ubuntu-20.04"],
        &["centos-7", "rhel-7"],
        &["fedora"],
    ]
    .iter()
    .map(|ids| ids.iter().map(|s| s.to_string()).collect())
    .collect()
});

fuzz_target!(|data: &str| {
    let mut parts = data.splitn(3, '\0');
    let subnet = parts.next().unwrap_or_default();
    let vm = parts.next().unwrap_or_default();
    let os = parts.next().unwrap_or_default();
    for (flag, value) in [("--subnet", subnet), ("--vm", vm), ("--os", os)] {
        if let Err(e) = check_reader_value(flag, value) {
            let _ = e.to_string();
        }
    }
    if let Err(e) = parse_subnet(subnet, &RULES) {
        let _ = (e.message("en"), e.message("zh"));
    }
    let slots = BTreeMap::from([("xxx".to_string(), vm.to_string())]);
    match resolve(subnet, &slots, &RULES, "zh") {
        Ok(values) => assert!(values.subnet.contains(&values.slots["xxx"])),
        Err(e) => {
            let _ = (e.message("en"), e.message("zh"));
        }
    }
    let _ = best_variant(OS_IDS.iter().map(Vec::as_slice), os);
});
