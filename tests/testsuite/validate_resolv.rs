//! The `resolv.conf` validator against its corpus (`validate/resolv/`).
//!
//! glibc never reports errors and its only observer is a `res_ninit()` probe
//! that needs a compiler and a mount namespace (config-formats.md §1), so
//! these tests check netplate alone; the corpus's verdicts were observed
//! with that probe on glibc 2.36.
//!
//! | folder | netplate |
//! |---|---|
//! | `good/` | no finding |
//! | `bad/` | the `# expect:` rule, as an error |
//! | `warn/` | the `# expect:` rule, as a warning, and no error |

use netplate::validate::{Fact, resolv};

use crate::validate_interfaces::{assert_spans_inside, check_corpus, corpus, mutations};

#[test]
fn corpus_matches_the_validator() {
    let problems = check_corpus("resolv", resolv::check, &["good", "bad", "warn"]);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn good_files_give_their_nameservers() {
    for (path, text) in corpus("resolv", "good") {
        let servers = text.lines().filter(|l| l.starts_with("nameserver")).count();
        let facts = resolv::check(&text)
            .facts
            .iter()
            .filter(|f| matches!(f, Fact::Nameserver { .. }))
            .count();
        assert_eq!(facts, servers, "{}", path.display());
    }
}

#[test]
fn mutated_corpus_never_panics() {
    for kind in ["good", "bad", "warn"] {
        for (_, text) in corpus("resolv", kind) {
            for mutant in mutations(&text) {
                let report = resolv::check(&mutant);
                assert_spans_inside(&mutant, &report);
            }
        }
    }
}
