//! "Copy as command" and `netplate instructions --format script`, run for
//! real: bash writes the personalised files into a temporary root (never
//! `/etc`), and each must equal its block byte for byte. A fake `sudo` first
//! in PATH runs the commands that write files and only records the others
//! (`netplan apply`, `reboot`, ...), so no test changes this machine.
//!
//! Needs bash, shellcheck, and util-linux's `unshare` and `script` (the
//! confirmation is tested with `/etc` replaced in a mount namespace, and on a
//! terminal); `tests/run.sh` installs them. The browser tests need chromium,
//! as `browser.rs` does.

use std::{
    collections::BTreeMap,
    fs,
    io::Write as _,
    os::unix::fs::PermissionsExt,
    path::{Path, PathBuf},
    process::{Command, Output, Stdio},
};

use netplate::{placeholder::setup::Reader, script::file_command, site::Site};
use tempfile::TempDir;

use crate::{
    book_test::{BookTest, repo},
    browser::{eval, file_url, launch, submit_form},
    real_tools::require,
};

const SUBNET: &str = "10.20.0.0/16";
const VM: &str = "10.20.5.6";

/// A temporary folder: `root/` stands for `/`, `bin/` holds the fake `sudo`,
/// `sudo.log` what it was asked to run.
struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = TempDir::new().unwrap();
        let bin = dir.path().join("bin");
        fs::create_dir(&bin).unwrap();
        fs::create_dir(dir.path().join("root")).unwrap();
        let sudo = bin.join("sudo");
        fs::write(
            &sudo,
            format!(
                "#!/bin/sh\necho \"$*\" >> '{}'\ncase \"$1\" in\n  mkdir | cp | touch | chmod | tee) exec \"$@\" ;;\nesac\n",
                dir.path().join("sudo.log").display()
            ),
        )
        .unwrap();
        fs::set_permissions(&sudo, fs::Permissions::from_mode(0o755)).unwrap();
        Sandbox { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("root")
    }

    /// What the fake sudo was asked, one command a line.
    fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join("sudo.log")).unwrap_or_default()
    }

    fn clear_log(&self) {
        let _ = fs::remove_file(self.dir.path().join("sudo.log"));
    }

    /// Saves a script in the sandbox (outside the root).
    fn save(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        fs::write(&path, text).unwrap();
        path
    }

    /// `program args` with the fake sudo first in PATH, `stdin` piped in.
    fn run(&self, program: &str, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .current_dir(self.dir.path())
            .env_clear()
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    self.dir.path().join("bin").display(),
                    std::env::var("PATH").unwrap_or_default()
                ),
            )
            .env("SHELL", "/bin/sh")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap_or_else(|e| panic!("run {program}: {e}"));
        // A script that never reads its input may be done before it is
        // written: that is a closed pipe, not a failure.
        if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
            assert_eq!(
                e.kind(),
                std::io::ErrorKind::BrokenPipe,
                "write {program}'s stdin: {e}"
            );
        }
        child.wait_with_output().unwrap()
    }

    /// Runs a script as a dry run into the root, answering `no`.
    #[track_caller]
    fn dry_run(&self, script: &Path) -> String {
        let root = self.root();
        let out = self.run(
            "bash",
            &[script.to_str().unwrap()],
            &[("NETPLATE_ROOT", root.to_str().unwrap())],
            "n\n",
        );
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "the script failed:\n{stderr}");
        stderr
    }

    /// Every file under the root (backups too), by path from the root.
    fn tree(&self) -> BTreeMap<String, Vec<u8>> {
        let root = self.root();
        let mut out = BTreeMap::new();
        let mut stack = vec![root.clone()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = format!("/{}", p.strip_prefix(&root).unwrap().display());
                    out.insert(rel, fs::read(&p).unwrap());
                }
            }
        }
        out
    }
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// `(path, text)` of every `file=` block of a page, the text as the Copy
/// button copies it: highlighting and value marks removed.
fn file_blocks(html: &str) -> Vec<(String, String)> {
    html.match_indices("<figure class=\"code\"")
        .map(|(i, _)| {
            let rest = &html[i..];
            let (_, path) = rest.split_once("data-file=\"").unwrap();
            let path = &path[..path.find('"').unwrap()];
            let (_, body) = rest.split_once("<pre class=\"hl\"").unwrap();
            let (_, body) = body.split_once("<code>").unwrap();
            let body = &body[..body.find("</code></pre>").unwrap()];
            let mut text = String::new();
            let mut in_tag = false;
            for c in body.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' if in_tag => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            (unescape(path), unescape(&text))
        })
        .collect()
}

/// The files of `instructions --format markdown`: path → text.
fn markdown_files(md: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut lines = md.lines();
    while let Some(line) = lines.next() {
        let Some(path) = line
            .strip_prefix("File: `")
            .or_else(|| line.strip_prefix("文件：`"))
            .and_then(|p| p.strip_suffix('`'))
        else {
            continue;
        };
        assert_eq!(lines.next(), Some(""), "blank line after {line}");
        assert!(lines.next().is_some_and(|l| l.starts_with("```")));
        let mut text = String::new();
        for l in lines.by_ref() {
            if l == "```" {
                break;
            }
            text.push_str(l);
            text.push('\n');
        }
        out.insert(path.to_string(), text);
    }
    out
}

/// The OS ids the guide covers.
fn os_ids(t: &BookTest) -> Vec<String> {
    let run = t.run(&["instructions", "--os", "list"]).success();
    run.stdout
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

fn script_args<'a>(os: &'a str, lang: &'a str) -> Vec<&'a str> {
    vec![
        "instructions",
        "--subnet",
        SUBNET,
        "--vm",
        VM,
        "--os",
        os,
        "--lang",
        lang,
        "--format",
        "script",
    ]
}

#[test]
fn script_needs_an_os_and_lists_the_ids() {
    let t = BookTest::guide();
    let run = t
        .run(&["instructions", "--format", "script"])
        .code(2)
        .stderr_has("`--format script` needs `--os ID`");
    assert!(
        run.stderr
            .contains("ubuntu-20.04, ubuntu-22.04, ubuntu-24.04, centos-7"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
    t.run(&["instructions", "--format", "script", "--os", "plan9"])
        .code(2)
        .stderr_has("no steps for the OS `plan9`");
}

#[test]
fn scripts_pass_bash_n_and_shellcheck_and_are_reproducible() {
    require("shellcheck", "shellcheck");
    let t = BookTest::guide();
    let sandbox = Sandbox::new();
    let mut paths = Vec::new();
    for os in os_ids(&t) {
        for lang in ["zh", "en"] {
            let text = t.run(&script_args(&os, lang)).success().stdout;
            assert_eq!(
                text,
                t.run(&script_args(&os, lang)).success().stdout,
                "{os} {lang}: not reproducible"
            );
            assert!(text.starts_with("#!/usr/bin/env bash\n"), "{os} {lang}");
            assert!(text.contains("\nset -euo pipefail\n"), "{os} {lang}");
            let path = sandbox.save(&format!("{os}-{lang}.sh"), &text);
            let out = sandbox.run("bash", &["-n", path.to_str().unwrap()], &[], "");
            assert!(
                out.status.success(),
                "bash -n {os} {lang}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            paths.push(path);
        }
    }
    let out = Command::new("shellcheck")
        .args(&paths)
        .output()
        .expect("run shellcheck");
    assert!(
        out.status.success(),
        "shellcheck:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn scripts_write_the_personalised_files_byte_for_byte_for_every_os() {
    let t = BookTest::guide();
    t.run(&["build", "--subnet", SUBNET, "--vm", VM]).success();
    let mut checked = 0;
    for lang in ["zh", "en"] {
        // What the reader sees on the built page: Ubuntu 16.04 and Debian
        // each have their own /etc/network/interfaces.
        let page = file_blocks(&t.read(&format!("book/{lang}/gateway-firewall.html")));
        assert_eq!(page.len(), 7, "{lang}: the guide's file blocks");
        for os in os_ids(&t) {
            let md = t
                .run(&[
                    "instructions",
                    "--subnet",
                    SUBNET,
                    "--vm",
                    VM,
                    "--os",
                    &os,
                    "--lang",
                    lang,
                    "--format",
                    "markdown",
                ])
                .success()
                .stdout;
            let want = markdown_files(&md);
            for (path, text) in &want {
                assert!(
                    page.iter().any(|(p, t)| p == path && t == text),
                    "{lang} {os}: {path} differs from the page"
                );
                assert!(!text.contains("192.168.?"), "not personalised");
            }
            let sandbox = Sandbox::new();
            let script = sandbox.save("s.sh", &t.run(&script_args(&os, lang)).success().stdout);
            let stderr = sandbox.dry_run(&script);
            let written = sandbox.tree();
            let want_bytes: BTreeMap<String, Vec<u8>> = want
                .iter()
                .map(|(p, t)| (p.clone(), t.as_bytes().to_vec()))
                .collect();
            assert_eq!(written, want_bytes, "{lang} {os}: files written");
            checked += written.len();
            // Nothing was applied: the fake sudo only ever wrote files.
            for line in sandbox.log().lines() {
                let program = line.split_whitespace().next().unwrap_or("");
                assert!(
                    ["mkdir", "cp", "touch", "chmod", "tee"].contains(&program),
                    "{lang} {os}: a dry run ran `{line}`"
                );
            }
            // Every OS has apply steps (the firewall at least): listed, not run.
            let dry = if lang == "en" {
                "Dry run: nothing was applied."
            } else {
                "试运行：没有应用任何配置。"
            };
            assert!(stderr.contains(dry), "{lang} {os}: {stderr}");
        }
    }
    // netplan (4 ids), ifcfg (2), Ubuntu 16.04 (3 files), Debian (2 files),
    // per language.
    assert_eq!(checked, 2 * (4 + 2 + 4 + 2 + 2));
}

#[test]
fn netplan_file_gets_mode_600_and_backups_are_never_overwritten() {
    let t = BookTest::guide();
    let sandbox = Sandbox::new();
    let script = sandbox.save(
        "s.sh",
        &t.run(&script_args("ubuntu-22.04", "en")).success().stdout,
    );
    let file = sandbox.root().join("etc/netplan/99_config.yaml");
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(&file, "# the original\n").unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
    sandbox.dry_run(&script);
    let new = fs::read_to_string(&file).unwrap();
    assert!(new.contains("- 10.20.5.6/16\n"), "{new}");
    assert_eq!(
        fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600,
        "mode=600 of the block"
    );
    let bak = |suffix: &str| fs::read_to_string(format!("{}{suffix}", file.display())).unwrap();
    assert_eq!(bak(".bak~"), "# the original\n");
    // A second run keeps the first backup.
    sandbox.dry_run(&script);
    assert_eq!(bak(".bak~.~1~"), "# the original\n");
    assert_eq!(bak(".bak~"), new);
    assert_eq!(fs::read_to_string(&file).unwrap(), new);
}

/// Runs a script with root unset, in a user and mount namespace whose
/// `/etc` is the sandbox's root/etc: what a run on the VM does, safely.
/// `tty` runs it on a terminal (util-linux `script`) that types `stdin`.
fn run_on_the_vm(
    sandbox: &Sandbox,
    script: &Path,
    env: &[(&str, &str)],
    stdin: &str,
    tty: bool,
) -> String {
    let etc = sandbox.root().join("etc");
    fs::create_dir_all(&etc).unwrap();
    let command = format!("bash {}", script.display());
    let mut args = vec![
        "--user",
        "--map-root-user",
        "--mount",
        "--",
        "sh",
        "-c",
        "mount --bind \"$1\" /etc && shift && exec \"$@\"",
        "sh",
        etc.to_str().unwrap(),
    ];
    if tty {
        args.extend(["script", "-qec", &command, "/dev/null"]);
    } else {
        args.extend(["bash", script.to_str().unwrap()]);
    }
    let out = sandbox.run("unshare", &args, env, stdin);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "the script failed:\n{text}");
    text
}

#[test]
fn apply_steps_run_only_after_a_yes() {
    require("unshare", "util-linux");
    require("script", "bsdutils");
    let t = BookTest::guide();
    let sandbox = Sandbox::new();
    let script = sandbox.save(
        "s.sh",
        &t.run(&script_args("ubuntu-20.04", "en")).success().stdout,
    );
    let applied = |log: &str| {
        log.lines()
            .filter(|l| {
                !["mkdir", "cp", "touch", "chmod", "tee"]
                    .iter()
                    .any(|p| l.starts_with(p))
            })
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let all = [
        "netplan apply",
        "apt update",
        "apt install -y openssh-server",
        "ufw allow OpenSSH",
    ];
    for (what, env, stdin, tty, yes) in [
        ("stdin not a terminal", vec![], "y\n", false, false),
        (
            "NETPLATE_YES=0",
            vec![("NETPLATE_YES", "0")],
            "y\n",
            false,
            false,
        ),
        (
            "NETPLATE_YES=1",
            vec![("NETPLATE_YES", "1")],
            "",
            false,
            true,
        ),
        ("answer n", vec![], "n\n", true, false),
        ("answer nothing (default no)", vec![], "\n", true, false),
        ("answer y", vec![], "y\n", true, true),
        ("answer yes", vec![], "yes\n", true, true),
    ] {
        sandbox.clear_log();
        let output = run_on_the_vm(&sandbox, &script, &env, stdin, tty);
        let file = sandbox.root().join("etc/netplan/99_config.yaml");
        assert!(
            fs::read_to_string(&file).unwrap().contains("10.20.5.6/16"),
            "{what}: the file is written either way"
        );
        let log = sandbox.log();
        assert_eq!(
            applied(&log),
            if yes { all.to_vec() } else { vec![] },
            "{what}:\n{output}"
        );
        if tty {
            assert!(
                output.contains("Apply the configuration now? [y/N]"),
                "{what}: {output}"
            );
        }
        if !yes {
            assert!(output.contains("Not applied"), "{what}: {output}");
        }
    }
}

#[test]
fn a_bad_step_attribute_is_a_content_error_with_its_place() {
    let t = BookTest::guide();
    t.replace(
        "content/en/gateway-firewall.md",
        "```bash step=apply\n# Refresh",
        "```bash step=later\n# Refresh",
    );
    let source = t.read("content/en/gateway-firewall.md");
    let line = source[..source.find("```bash step=later").unwrap()]
        .matches('\n')
        .count()
        + 1;
    let place = format!("--> content/en/gateway-firewall.md:{line}:1");
    let run = t
        .run(&[
            "instructions",
            "--os",
            "ubuntu-20.04",
            "--lang",
            "en",
            "--format",
            "script",
        ])
        .code(1)
        .stderr_has("error[script-step]: unknown step `later`")
        .stderr_has(&place)
        .stderr_has("help: use `step=apply`");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

// In the browser.

/// Texts and paths where quoting and here-documents could go wrong.
const HOSTILE: &[(&str, &str)] = &[
    ("/etc/plain.conf", "a=1\n"),
    ("/etc/with space/it's.conf", "HOME=$HOME $(rm -rf /) `id`\n"),
    ("/etc/q\"uote", "'single' \"double\" \\back\\slash\n"),
    ("/etc/x", "EOF\nNETPLATE_EOF\nNETPLATE_EOF_1\n"),
    ("/etc/x", "no final newline"),
    ("/etc/x", ""),
    ("/etc/网络/配置", "子网 · ü\n\ttab\n"),
    ("-dash", "x\n"),
    ("relative/file", "x\n"),
];

#[test]
fn browser_builds_the_same_command_as_rust() {
    let t = BookTest::guide();
    t.build();
    let book = t.path().join("book").canonicalize().unwrap();
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&file_url(&book.join("en/gateway-firewall.html")))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    for (path, text) in HOSTILE {
        let js = format!(
            "window.netplate.commandFor({}, {})",
            serde_json::to_string(path).unwrap(),
            serde_json::to_string(text).unwrap()
        );
        assert_eq!(
            eval(&tab, &js),
            serde_json::Value::from(file_command(path, text, None)),
            "{path} {text:?}"
        );
    }
}

/// The Rust engine's `file=` blocks of a chapter for a reader, with their
/// fence's `mode=`.
fn rust_blocks(lang: &str, subnet: &str, vm: &str) -> Vec<(String, String, Option<String>)> {
    let mut reader = Reader {
        subnet: Some(subnet.into()),
        ..Reader::default()
    };
    reader.params.insert("vm".into(), vm.into());
    let site = Site::load(&repo(), &reader).unwrap();
    let li = site
        .book
        .languages
        .iter()
        .position(|l| l.language.code == lang)
        .unwrap();
    let ci = site.book.languages[li]
        .chapters
        .iter()
        .position(|c| c.path == "gateway-firewall.md")
        .unwrap();
    let rendered = &site.rendered[li][ci];
    let mode = |path: &str| {
        rendered
            .code_blocks
            .iter()
            .find(|b| b.fence.file() == Some(path))
            .and_then(|b| b.fence.attrs.iter().find(|(k, _)| k == "mode"))
            .and_then(|(_, m)| m.clone())
    };
    file_blocks(&rendered.html)
        .into_iter()
        .map(|(path, text)| {
            let mode = mode(&path);
            (path, text, mode)
        })
        .collect()
}

#[test]
fn copy_as_command_writes_the_personalised_file_from_the_page() {
    let t = BookTest::guide();
    t.build();
    let book = t.path().join("book").canonicalize().unwrap();
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    let sandbox = Sandbox::new();
    // A root whose path needs quoting.
    let root = sandbox.root().join("it's a root");
    for (lang, label, subnet, vm) in [
        ("en", "Copy as command", "172.16.8.0/21", "172.16.9.9"),
        ("zh", "复制为命令", "10.1.0.0/24", "10.1.0.77"),
    ] {
        tab.navigate_to(&file_url(
            &book.join(format!("{lang}/gateway-firewall.html")),
        ))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
        eval(&tab, "localStorage.clear(); true");
        assert_eq!(
            submit_form(&tab, subnet, vm),
            serde_json::Value::from(subnet)
        );
        // One button per file block, beside Copy, labelled in the page's language.
        let buttons = eval(
            &tab,
            "JSON.stringify(Array.from(document.querySelectorAll('figure.code[data-file]')).map(f => \
             Array.from(f.querySelectorAll('.code-buttons button')).map(b => [b.textContent, b.getAttribute('aria-live')])))",
        );
        let buttons: Vec<Vec<(String, String)>> =
            serde_json::from_str(buttons.as_str().unwrap()).unwrap();
        let copy = if lang == "en" { "Copy" } else { "复制" };
        assert_eq!(buttons.len(), 7, "{lang}");
        for b in &buttons {
            assert_eq!(
                b,
                &[
                    (label.to_string(), "polite".to_string()),
                    (copy.to_string(), "polite".to_string())
                ]
            );
        }
        assert_eq!(
            eval(
                &tab,
                "document.querySelectorAll('div.code .command-button').length"
            ),
            serde_json::Value::from(0),
            "only file blocks get the button"
        );
        // Clicking it copies and flashes like Copy does (recorded as it
        // happens: the label returns after 1.5 s).
        eval(
            &tab,
            "window.flashes = []; const b = document.querySelector('figure.code[data-file] .command-button'); \
             new MutationObserver(() => { if (b.classList.contains('copied')) window.flashes.push(b.textContent); }) \
             .observe(b, {attributes: true, childList: true}); true",
        );
        tab.find_element("figure.code[data-file] .command-button")
            .unwrap()
            .click()
            .unwrap();
        let copied = if lang == "en" { "Copied" } else { "已复制" };
        let flashed = (0..100)
            .map(|_| {
                std::thread::sleep(std::time::Duration::from_millis(50));
                eval(&tab, "window.flashes[0] || ''")
            })
            .find(|v| v != "");
        assert_eq!(
            flashed,
            Some(serde_json::Value::from(copied)),
            "{lang}: flash"
        );
        let got = eval(
            &tab,
            "JSON.stringify(Array.from(document.querySelectorAll('figure.code[data-file]')).map(f => \
             [f.dataset.file, window.netplate.copyText(f), window.netplate.fileCommand(f)]))",
        );
        let got: Vec<(String, String, String)> =
            serde_json::from_str(got.as_str().unwrap()).unwrap();
        let want = rust_blocks(lang, subnet, vm);
        assert_eq!(
            got.iter()
                .map(|(p, t, _)| (p.clone(), t.clone()))
                .collect::<Vec<_>>(),
            want.iter()
                .map(|(p, t, _)| (p.clone(), t.clone()))
                .collect::<Vec<_>>(),
            "{lang}: the page's personalised blocks"
        );
        // The netplan file is private (netplan warns otherwise): the button
        // sets its mode as the script does.
        assert!(
            want.iter()
                .any(|(p, _, m)| p.starts_with("/etc/netplan/") && m.as_deref() == Some("600")),
            "{lang}: the guide's netplan block has mode=600"
        );
        for (i, ((path, text, command), (_, rust_text, mode))) in got.iter().zip(&want).enumerate()
        {
            assert!(!text.contains("192.168.?"), "{lang} {path}: {text}");
            assert_eq!(
                command,
                &file_command(path, rust_text, mode.as_deref()),
                "{lang} {path}"
            );
            // Run the page's command, the root put before the path. Two
            // blocks may write the same path (Ubuntu 16.04's and Debian's
            // interfaces): the block is found by its place on the page.
            let target = format!("{}{path}", root.display());
            let js = format!(
                "(() => {{ const f = document.querySelectorAll('figure.code[data-file]')[{i}]; \
                 return window.netplate.commandFor({}, window.netplate.copyText(f), f.dataset.mode); }})()",
                serde_json::to_string(&target).unwrap(),
            );
            let command = eval(&tab, &js);
            let out = sandbox.run("bash", &["-c", command.as_str().unwrap()], &[], "");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            if let Some(mode) = mode {
                use std::os::unix::fs::PermissionsExt;
                let got = fs::metadata(&target).unwrap().permissions().mode() & 0o7777;
                assert_eq!(format!("{got:o}"), *mode, "{lang} {path}: mode");
            }
            assert_eq!(
                fs::read(&target).unwrap(),
                rust_text.as_bytes(),
                "{lang} {path}"
            );
        }
    }
}
