//! Unit tests of the commands, and runs of them with the real bash against a
//! temporary directory, with a fake `sudo` (`exec "$@"`) first in PATH.

use std::{
    fs,
    os::unix::fs::PermissionsExt,
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

use super::*;
use crate::instructions;

/// A temporary folder: `root/` stands for `/`; `bin/` holds a fake `sudo`
/// that just runs its command, and a fake `rm`: if the shell ever expanded
/// `$(rm -rf /)` in a content, the fake records it instead of deleting.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        fs::create_dir(&bin).unwrap();
        let canary = dir.path().join("expanded");
        for (name, body) in [
            ("sudo", "exec \"$@\"".to_string()),
            (
                "rm",
                format!("echo rm \"$@\" >> '{}'; exit 1", canary.display()),
            ),
        ] {
            let path = bin.join(name);
            fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        }
        fs::create_dir(dir.path().join("root")).unwrap();
        Sandbox { dir }
    }

    /// Where files go: paths under it stand for `/`.
    fn root(&self) -> PathBuf {
        self.dir.path().join("root")
    }

    /// Runs `script` with bash in the root, fake sudo first in PATH.
    #[track_caller]
    fn bash(&self, script: &str) -> String {
        let path = format!(
            "{}:{}",
            self.dir.path().join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let out = Command::new("bash")
            .args(["-c", script])
            .current_dir(self.root())
            .env("PATH", path)
            .stdin(Stdio::null())
            .output()
            .expect("run bash");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "bash failed: {stderr}\n{script}");
        assert!(
            !self.dir.path().join("expanded").exists(),
            "the shell expanded the content:\n{script}"
        );
        stderr
    }

    /// `path` under the root (`/etc/x` → `<tmp>/root/etc/x`), as a string.
    fn at(&self, path: &str) -> String {
        format!("{}{path}", self.root().display())
    }
}

fn read(path: impl AsRef<Path>) -> Vec<u8> {
    fs::read(path.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

#[test]
fn quote_leaves_plain_paths_and_quotes_the_rest() {
    assert_eq!(
        quote("/etc/netplan/99_config.yaml"),
        "/etc/netplan/99_config.yaml"
    );
    assert_eq!(quote("/etc/a+b,c:d=e@f%g-h"), "/etc/a+b,c:d=e@f%g-h");
    assert_eq!(quote("/etc/my file"), "'/etc/my file'");
    assert_eq!(quote("/etc/it's"), r"'/etc/it'\''s'");
    assert_eq!(quote(r#"/etc/"$x"`y`\z*"#), r#"'/etc/"$x"`y`\z*'"#);
    assert_eq!(quote("~/x"), "'~/x'");
    assert_eq!(quote(""), "''");
    assert_eq!(quote("/etc/网络"), "'/etc/网络'");
}

#[test]
fn delimiter_avoids_every_line_of_the_content() {
    assert_eq!(delimiter("a\nEOF\n"), "NETPLATE_EOF");
    assert_eq!(delimiter("NETPLATE_EOF\n"), "NETPLATE_EOF_1");
    assert_eq!(
        delimiter("NETPLATE_EOF_1\nNETPLATE_EOF\n"),
        "NETPLATE_EOF_2"
    );
    assert_eq!(
        delimiter("NETPLATE_EOF"),
        "NETPLATE_EOF_1",
        "last line, no newline"
    );
    // Only a whole line ends a here-document.
    assert_eq!(delimiter(" NETPLATE_EOF\nNETPLATE_EOF \n"), "NETPLATE_EOF");
    assert_eq!(delimiter("NETPLATE_EOF\r\n"), "NETPLATE_EOF");
}

#[test]
fn file_command_has_the_documented_shape() {
    assert_eq!(
        file_command(
            "/etc/netplan/99_config.yaml",
            "network:\n  version: 2\n",
            None
        ),
        "sudo mkdir -p /etc/netplan\n\
         if [ -e /etc/netplan/99_config.yaml ]; then sudo cp -p --backup=numbered /etc/netplan/99_config.yaml '/etc/netplan/99_config.yaml.bak~'; fi\n\
         sudo tee /etc/netplan/99_config.yaml > /dev/null <<'NETPLATE_EOF'\n\
         network:\n  version: 2\n\
         NETPLATE_EOF\n"
    );
    // A mode: the file exists with it before the content is written.
    assert_eq!(
        file_command("/etc/netplan/99_config.yaml", "network:\n", Some("600")),
        "sudo mkdir -p /etc/netplan\n\
         if [ -e /etc/netplan/99_config.yaml ]; then sudo cp -p --backup=numbered /etc/netplan/99_config.yaml '/etc/netplan/99_config.yaml.bak~'; fi\n\
         sudo touch /etc/netplan/99_config.yaml\n\
         sudo chmod 600 /etc/netplan/99_config.yaml\n\
         sudo tee /etc/netplan/99_config.yaml > /dev/null <<'NETPLATE_EOF'\n\
         network:\n\
         NETPLATE_EOF\n"
    );
    // No folder to create for a file at the top, or a relative one.
    assert!(file_command("/hosts", "x\n", None).starts_with("if [ -e /hosts ]"));
    assert!(file_command("hosts", "x\n", None).starts_with("if [ -e hosts ]"));
    // A path that looks like an option does not become one.
    assert!(file_command("-rf", "x\n", None).starts_with("if [ -e ./-rf ]"));
    assert!(file_command("-rf", "x\n", None).contains("sudo tee ./-rf > /dev/null"));
}

/// Texts that must reach the file unchanged.
const HOSTILE: &[&str] = &[
    "HOME=$HOME\nuser=${USER:-x}\n",
    "$(rm -rf /)\n`rm -rf /`\n$((1+1))\n",
    "single ' and double \" quotes, 'it'\\''s'\n",
    "back\\slash \\$HOME \\\nnext line\n",
    "EOF\nNETPLATE_EOF\nNETPLATE_EOF_1\n",
    "\ttab\n  trailing spaces  \n\n\nblank lines above\n",
    "no final newline",
    "",
    "\n",
    "crlf\r\nNETPLATE_EOF\r\nstays\r\n",
    "unicode: 子网 · ü\n",
    "!! !$ history? ~ tilde * glob [a] {b,c}\n",
];

/// What the written file holds: the text, plus a newline if it lacked one.
fn expected(text: &str) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    if !text.is_empty() && !text.ends_with('\n') {
        bytes.push(b'\n');
    }
    bytes
}

#[test]
fn written_files_equal_the_content_byte_for_byte() {
    let sandbox = Sandbox::new();
    for (i, text) in HOSTILE.iter().enumerate() {
        let path = sandbox.at(&format!("/etc/case{i}/file.conf"));
        sandbox.bash(&file_command(&path, text, None));
        assert_eq!(read(&path), expected(text), "case {i}: {text:?}");
        assert!(
            !Path::new(&format!("{path}.bak~")).exists(),
            "no backup of a new file"
        );
    }
}

#[test]
fn paths_with_spaces_quotes_and_dashes_are_written() {
    let sandbox = Sandbox::new();
    for path in [
        "/etc/with space/it's \"here\".conf",
        "/etc/$HOME/`x`/a;b|c&d",
        "/etc/网络/配置",
    ] {
        let full = sandbox.at(path);
        sandbox.bash(&file_command(&full, "x=1\n", None));
        assert_eq!(read(&full), b"x=1\n", "{path}");
    }
    // Relative to the current folder, one starting with a dash too.
    sandbox.bash(&file_command("-rf", "dash\n", None));
    assert_eq!(read(sandbox.root().join("-rf")), b"dash\n");
}

#[test]
fn an_existing_file_is_backed_up_and_no_backup_is_overwritten() {
    let sandbox = Sandbox::new();
    let path = sandbox.at("/etc/netplan/99_config.yaml");
    fs::create_dir_all(sandbox.root().join("etc/netplan")).unwrap();
    fs::write(&path, "original\n").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();

    sandbox.bash(&file_command(&path, "first\n", None));
    assert_eq!(read(&path), b"first\n");
    assert_eq!(read(format!("{path}.bak~")), b"original\n");
    let mode = |p: &str| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600, "tee keeps the file's mode");
    assert_eq!(
        mode(&format!("{path}.bak~")),
        0o600,
        "cp -p keeps it in the backup"
    );

    sandbox.bash(&file_command(&path, "second\n", None));
    assert_eq!(read(&path), b"second\n");
    assert_eq!(read(format!("{path}.bak~")), b"first\n");
    assert_eq!(
        read(format!("{path}.bak~.~1~")),
        b"original\n",
        "the first backup is kept"
    );

    sandbox.bash(&file_command(&path, "third\n", None));
    assert_eq!(read(format!("{path}.bak~.~1~")), b"original\n");
    assert_eq!(read(format!("{path}.bak~.~2~")), b"first\n");
    assert_eq!(read(format!("{path}.bak~")), b"second\n");
}

#[test]
fn a_symlinked_file_is_backed_up_by_content() {
    let sandbox = Sandbox::new();
    fs::create_dir_all(sandbox.root().join("run")).unwrap();
    fs::create_dir_all(sandbox.root().join("etc")).unwrap();
    let target = sandbox.at("/run/stub.conf");
    fs::write(&target, "stub\n").unwrap();
    let link = sandbox.at("/etc/resolv.conf");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    sandbox.bash(&file_command(&link, "nameserver 10.0.0.2\n", None));
    assert_eq!(read(&link), b"nameserver 10.0.0.2\n");
    let backup = format!("{link}.bak~");
    assert!(!fs::symlink_metadata(&backup).unwrap().is_symlink());
    assert_eq!(read(&backup), b"stub\n");
}

// The script, from Markdown through `instructions::steps`.

const GUIDE: &str = "# Guide

## Network {#net}

::: tabs

::: tab alpha Alpha

```bash
sudo vim /etc/alpha.conf
```

```ini file=/etc/alpha.conf mode=600
[a]
x = $HOME `id`
```

```bash step=reboot
sudo reboot
```

```bash step=apply
# Reload
systemctl restart alpha
echo ready | tee /tmp/ready
```

:::

::: tab beta Beta

```ini file=/etc/beta.conf
b
```

:::

:::

::: details Firewall

#### Alpha firewall {#fw}

```console step=apply
$ ip addr
1: lo
# ufw disable
```

:::
";

fn script_for(source: &str, os: &str) -> Result<String, Vec<Diagnostic>> {
    let steps = instructions::steps(source, "en", None, Some(os));
    let header = Header {
        title: "Guide",
        facts: &format!("OS {os}"),
        os,
        lang: "en",
    };
    script(
        &header,
        &[Chapter {
            file: Path::new("content/en/guide.md"),
            source,
            map: None,
            steps: &steps,
        }],
    )
}

#[test]
fn script_writes_the_files_of_one_os_and_defers_the_apply_steps() {
    let s = script_for(GUIDE, "alpha").unwrap();
    assert!(
        s.starts_with("#!/usr/bin/env bash\n# Guide: the steps for alpha"),
        "{s}"
    );
    assert!(s.contains("\nset -euo pipefail\n"), "{s}");
    assert!(!s.contains("beta.conf"), "another OS's file:\n{s}");
    // The file: under "$root", with its mode, content untouched.
    assert!(s.contains("# Write /etc/alpha.conf (mode 600)\n"), "{s}");
    assert!(
        s.contains("sudo touch \"$root\"/etc/alpha.conf\nsudo chmod 600 \"$root\"/etc/alpha.conf\nsudo tee \"$root\"/etc/alpha.conf > /dev/null <<'NETPLATE_EOF'\n[a]\nx = $HOME `id`\nNETPLATE_EOF\n"),
        "{s}"
    );
    // By-hand commands are comments; headings make an outline.
    assert!(
        s.contains("# Guide\n#   Network\n# The guide's commands, not run by this script:\n#   sudo vim /etc/alpha.conf\n"),
        "{s}"
    );
    // The apply section: step=apply in order, root for commands without sudo,
    // compound commands as written, console output dropped, reboot last.
    let apply = &s[s.find("\nelif confirm; then\n").expect("apply section")..];
    assert_eq!(
        apply,
        "\nelif confirm; then\n\
         # Network\n\
         # Reload\n\
         sudo systemctl restart alpha\n\
         echo ready | tee /tmp/ready\n\
         # Firewall › Alpha firewall\n\
         ip addr\n\
         sudo ufw disable\n\
         # Network\n\
         sudo reboot\n\
         else\n  echo 'Not applied. The files are written; run the commands above when you are ready.' >&2\nfi\n"
    );
    assert!(s.contains("#   $ ip addr\n#   # ufw disable\n"), "{s}");
    assert!(!s.contains("1: lo"), "console output left in:\n{s}");
}

#[test]
fn script_without_apply_steps_has_no_apply_section() {
    let guide = &GUIDE[..GUIDE.find("::: details").unwrap()];
    let s = script_for(guide, "beta").unwrap();
    assert!(s.contains("# Write /etc/beta.conf\n"), "{s}");
    assert!(!s.contains("confirm"), "{s}");
    assert!(!s.contains("alpha.conf"), "{s}");
}

#[test]
fn script_dry_run_writes_under_the_root_and_applies_nothing() {
    let sandbox = Sandbox::new();
    let s = script_for(GUIDE, "alpha").unwrap();
    let stderr = sandbox.bash(&format!(
        "export NETPLATE_ROOT=.; export NETPLATE_YES=1\n{s}"
    ));
    let file = sandbox.root().join("etc/alpha.conf");
    assert_eq!(read(&file), b"[a]\nx = $HOME `id`\n");
    assert_eq!(
        fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(
        stderr.contains("sudo systemctl restart alpha"),
        "listed: {stderr}"
    );
    assert!(stderr.contains("Dry run: nothing was applied."), "{stderr}");
}

#[test]
fn fences_that_make_no_sense_in_a_script_are_errors_with_a_place() {
    for (fence, message) in [
        ("bash step=later", "unknown step `later`"),
        (
            "ini file=/etc/x step=apply",
            "a `file=` block cannot have `step=`",
        ),
        (
            "ini file=/etc/x mode=rw",
            "`mode=rw` is not an octal file mode",
        ),
        (
            "ini file=/etc/x mode=800",
            "`mode=800` is not an octal file mode",
        ),
        (
            "ini file=/etc/x mode=60",
            "`mode=60` is not an octal file mode",
        ),
        ("bash mode=600", "`mode=` only applies to a `file=` block"),
        (
            "yaml step=apply",
            "`step=` marks shell commands, but this block is `yaml`",
        ),
        ("ini file=", "`file=` has no path"),
    ] {
        let source = format!("# T\n\ntext\n\n```{fence}\nx\n```\n");
        let errors = script_for(&source, "any").unwrap_err();
        assert_eq!(errors.len(), 1, "{fence}");
        let d = &errors[0];
        assert_eq!(d.message, message, "{fence}");
        let at = d.location.as_ref().expect("a location");
        assert_eq!((at.line, at.column), (5, 1), "{fence}");
        assert!(d.help.is_some());
    }
}

#[test]
fn apply_commands_get_sudo_only_when_it_is_safe() {
    let cmd = |s: &str| as_root(&[s.to_string()], true).join("\n");
    assert_eq!(cmd("ufw disable"), "sudo ufw disable");
    assert_eq!(cmd("sudo netplan apply"), "sudo netplan apply");
    assert_eq!(cmd("  service sshd start"), "  sudo service sshd start");
    for written in [
        "iptables -S | grep x",
        "a && b",
        "echo $PATH",
        "echo `id`",
        "cat > /etc/x",
        "cd /etc",
        "FOO=1 make",
        "fi",
    ] {
        assert_eq!(cmd(written), written);
    }
    assert_eq!(
        as_root(&["id".into()], false),
        ["id"],
        "a `$ ` prompt stays"
    );
    assert_eq!(
        as_root(&["systemctl restart \\".into(), "  networkd".into()], true),
        ["sudo systemctl restart \\", "  networkd"]
    );
}

#[test]
fn header_values_cannot_break_out_of_their_comments() {
    let steps = instructions::steps(GUIDE, "en", None, Some("alpha"));
    let header = Header {
        title: "Guide\nrm -rf ~",
        facts: "OS x\r\nreboot",
        os: "alpha-\nshutdown now",
        lang: "en",
    };
    let s = script(
        &header,
        &[Chapter {
            file: Path::new("guide.md"),
            source: GUIDE,
            map: None,
            steps: &steps,
        }],
    )
    .unwrap();
    for line in s.lines() {
        let command = line.split_whitespace().next().unwrap_or("");
        assert!(
            !["rm", "reboot", "shutdown"].contains(&command),
            "{line:?} became a command:\n{s}"
        );
    }
}

#[test]
fn header_values_reach_the_script_escaped_and_any_length() {
    let steps = instructions::steps(GUIDE, "en", None, Some("alpha"));
    // An OS id longer than `{:<width$}` can pad (65535) once panicked.
    let os = format!("alpha-\u{1b}[31m{}", "x".repeat(70_000));
    let header = Header {
        title: "Guide\u{7}",
        facts: &format!("OS {os}"),
        os: &os,
        lang: "en\u{202e}",
    };
    let s = script(
        &header,
        &[Chapter {
            file: Path::new("guide.md"),
            source: GUIDE,
            map: None,
            steps: &steps,
        }],
    )
    .unwrap();
    assert!(
        !s.chars()
            .any(|c| c.is_control() && c != '\n' || c == '\u{202e}'),
        "a raw control character in the script"
    );
    assert!(s.contains("# Guide\\u{7}") && s.contains("alpha-\\u{1b}[31mxxx"));
    assert!(s.contains("\\u{202e}"));
}
