//! `netplate check`, `netplate lint` and validation inside `build`: the
//! guide passes; a broken snippet fails with a diagnostic at its place in the
//! Markdown, for the reader values that break it.

use crate::book_test::BookTest;

/// The guide with `block` appended to the English Q&A chapter, and the same
/// block to the Chinese one (so both languages keep the same blocks).
fn guide_with(block: &str) -> BookTest {
    let t = BookTest::guide();
    for lang in ["zh", "en"] {
        let path = format!("content/{lang}/qa.md");
        t.write(&path, &(t.read(&path) + "\n" + block));
    }
    t
}

fn qa_line(t: &BookTest, needle: &str) -> usize {
    t.read("content/en/qa.md")
        .lines()
        .position(|l| l.contains(needle))
        .unwrap()
        + 1
}

#[test]
fn the_guide_checks_clean() {
    let t = BookTest::guide();
    let run = t.run(&["check", "--deny-warnings"]).success();
    assert!(run.stderr.contains("validated"), "{}", run.stderr);
    assert!(!run.stderr.contains("warning["), "{}", run.stderr);
    assert!(!t.exists("book"), "check writes nothing");
}

#[test]
fn broken_netplan_block_fails_the_build_at_its_line() {
    let t = guide_with(
        "```yaml file=/etc/netplan/01.yaml\nnetwork:\n  version: 2\n  ethernets:\n    ens33:\n      adresses: [192.168.?.xxx/24]\n```\n",
    );
    let line = qa_line(&t, "adresses");
    let run = t.run(&["build"]).code(1);
    assert!(
        run.stderr.contains("error[netplan/unknown-key]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("--> content/en/qa.md:{line}:7")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("adresses: [192.168.?.xxx/24]"),
        "the source line as written: {}",
        run.stderr
    );
    assert!(!t.exists("book"));
    t.run(&["check"]).code(1).stderr_has("netplan/unknown-key");
}

#[test]
fn a_block_right_only_for_slash_24_fails() {
    // `PREFIX=24` does not follow the reader's subnet: right for the default
    // /24 reader only.
    let t = guide_with(
        "```ifcfg file=/etc/sysconfig/network-scripts/ifcfg-ens34\nBOOTPROTO=none\nIPADDR=192.168.?.xxx\nPREFIX=24\n```\n",
    );
    let run = t.run(&["check"]).code(1);
    assert!(
        run.stderr.contains("error[semantic/prefix-mismatch]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("note: with a reader's subnet"),
        "names the reader values that break it: {}",
        run.stderr
    );
}

#[test]
fn nmcli_lines_are_checked_with_the_reader_s_values() {
    // The filled address's subnet decides: a gateway of another subnet is
    // wrong for every reader; a property typo is nmcli's own error.
    let t = guide_with(
        "```bash\nsudo nmcli connection modify ens33 ipv4.method manual ipv4.addresses 192.168.?.xxx/24 ipv4.gateway 10.0.0.2\nnmcli con mod ens34 ipv4.addresses \"192.168.?.50/24\" ipv4.gatway 192.168.?.2\n```\n",
    );
    let line = qa_line(&t, "ens33 ipv4.method");
    let run = t.run(&["check"]).code(1);
    for (rule, at) in [
        (
            "semantic/gateway-outside-subnet",
            format!("content/en/qa.md:{line}:100"),
        ),
        (
            "nmcli/invalid-property",
            format!("content/en/qa.md:{}:", line + 1),
        ),
    ] {
        assert!(
            run.stderr.contains(&format!("error[{rule}]")),
            "{rule}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(&at), "{at}: {}", run.stderr);
    }
    assert!(
        run.stderr.contains("did you mean `ipv4.gateway`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn gateway_deprecation_is_a_warning_and_deny_warnings_makes_it_fail() {
    let t = guide_with(
        "```yaml file=/etc/netplan/01.yaml\nnetwork:\n  version: 2\n  ethernets:\n    ens33:\n      addresses: [192.168.?.xxx/24]\n      gateway4: 192.168.?.2\n```\n",
    );
    let run = t.run(&["build"]).success();
    assert!(
        run.stderr.contains("warning[netplan/gateway-deprecated]"),
        "{}",
        run.stderr
    );
    t.run(&["build", "--deny-warnings"])
        .code(1)
        .stderr_has("error[netplan/gateway-deprecated]");
}

#[test]
fn commands_mixed_with_file_contents_are_an_error() {
    let t = guide_with(
        "```bash\nsudo vim /etc/network/interfaces\nauto ens33\niface ens33 inet static\n```\n",
    );
    t.run(&["check"])
        .code(1)
        .stderr_has("error[shell/config-as-command]");
}

#[test]
fn check_none_opts_out_and_is_listed() {
    let t = guide_with("```yaml file=/etc/netplan/01.yaml check=none\nnot: [valid\n```\n");
    let line = qa_line(&t, "not: [valid");
    let run = t.run(&["check"]).success();
    assert!(
        run.stderr.contains(&format!(
            "skipped by check=none: content/zh/qa.md:{line}, content/en/qa.md:{line}"
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_check_format_is_an_error() {
    let t = guide_with("```yaml check=kubernetes\na: 1\n```\n");
    t.run(&["check"])
        .code(1)
        .stderr_has("`check=kubernetes` names no format");
}

#[test]
fn unreadable_placeholder_is_an_error_at_its_place() {
    let t = guide_with("Ping `192.168.?.yyy` first.\n");
    let line = qa_line(&t, "192.168.?.yyy");
    let run = t.run(&["build"]).code(1);
    assert!(
        run.stderr
            .contains("error[placeholder]: unknown placeholder `yyy`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("content/en/qa.md:{line}:7")),
        "{}",
        run.stderr
    );
}

#[test]
fn lint_checks_real_files_by_path_or_as() {
    let t = BookTest::guide();
    t.write(
        "etc/netplan/99.yaml",
        "network:\n  version: 2\n  ethernets:\n    ens33:\n      addresses: [10.0.0.5/24]\n",
    );
    t.run(&["lint", "etc/netplan/99.yaml"]).success();
    t.write("etc/netplan/bad.yaml", "network:\n  version: 3\n");
    let run = t.run(&["lint", "etc/netplan/bad.yaml"]).code(1);
    assert!(
        run.stdout.contains("--> etc/netplan/bad.yaml:2:"),
        "{}",
        run.stdout
    );
    t.write(
        "copy.txt",
        "auto ens33 # comment\niface ens33 inet static\n    address 10.0.0.5/24\n",
    );
    t.run(&["lint", "copy.txt"]).code(2).stderr_has("--as");
    let run = t
        .run(&[
            "lint",
            "--as",
            "interfaces",
            "copy.txt",
            "--message-format",
            "json",
        ])
        .code(1);
    let first: serde_json::Value =
        serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["file"], "copy.txt");
    assert_eq!(first["line"], 1);
    assert_eq!(first["severity"], "error");
    assert!(
        first["rule"].as_str().unwrap().starts_with("interfaces/"),
        "{first}"
    );
    t.run(&["lint", "--as", "yaml", "copy.txt"]).code(2);
}

#[test]
fn lint_reports_many_files_in_the_order_given() {
    let t = BookTest::guide();
    let mut args = vec!["lint".to_string(), "--message-format".into(), "json".into()];
    for i in 0..24 {
        let path = format!("etc/netplan/{i:02}.yaml");
        t.write(&path, "network:\n  version: 3\n");
        args.push(path);
    }
    args.push("etc/netplan/missing.yaml".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    // A file that cannot be read stops lint after the files before it.
    let run = t
        .run(&args)
        .code(2)
        .stderr_has("could not read `etc/netplan/missing.yaml`");
    let files: Vec<String> = run
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["file"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let want: Vec<String> = (0..24)
        .map(|i| format!("etc/netplan/{i:02}.yaml"))
        .collect();
    let mut seen = files.clone();
    seen.dedup();
    assert_eq!(seen, want, "findings follow the order of the files");
}
