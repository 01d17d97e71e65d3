//! Shell that writes the guide's files: the command behind a `file=` block's
//! "Copy as command" button ([`file_command`], ported line for line to
//! `theme/static/netplate.js`) and `netplate instructions --format script`
//! ([`script`]). Both write a file the same way:
//!
//! ```sh
//! sudo mkdir -p /etc/netplan
//! if [ -e /etc/netplan/99_config.yaml ]; then sudo cp -p --backup=numbered /etc/netplan/99_config.yaml '/etc/netplan/99_config.yaml.bak~'; fi
//! sudo tee /etc/netplan/99_config.yaml > /dev/null <<'NETPLATE_EOF'
//! network:
//!   version: 2
//! NETPLATE_EOF
//! ```
//!
//! - **Nothing is expanded.** The content is a here-document with a quoted
//!   delimiter, so `$HOME`, `$(…)`, backticks, quotes and backslashes reach
//!   the file as written. The delimiter is `NETPLATE_EOF`, or
//!   `NETPLATE_EOF_1`, `_2`, … when a line of the content is exactly that.
//! - **Byte for byte.** The file gets the block's text exactly as the "Copy"
//!   button copies it. Text without a final newline gets one (a here-document
//!   can only end lines; every fenced block ends with one anyway). Other bytes
//!   are written as given: a CRLF text stays CRLF.
//! - **Backups.** An existing file is copied to `FILE.bak~` first (`cp -p`:
//!   mode, owner and times kept; a symlinked file's content is copied, not the
//!   link). A later run never overwrites it: GNU cp's `--backup=numbered`
//!   renames an existing `FILE.bak~` to `FILE.bak~.~1~`, `~2~`, … so the
//!   oldest copy is `~1~`. Every name ends in `~`, which network-scripts,
//!   NetworkManager's ifcfg-rh and keyfile plugins ignore: NetworkManager
//!   loads every other file of `system-connections/` as one more connection,
//!   a `.bak` too (`netplate test` saw the installer's DHCP profile come back
//!   from `ens33.nmconnection.bak`).
//! - **Paths** are single-quoted (`'\''` for a quote) unless they only hold
//!   `A-Za-z0-9_./+:,=@%-`; one starting with `-` is written `./-…`.
//!
//! The script adds, per file: the `"$root"` prefix of a dry run
//! (`NETPLATE_ROOT`), and the `mode=` of the block's fence.

use std::{fmt::Write as _, path::Path};

use crate::{
    diagnostic::{Diagnostic, Location, escape_controls},
    instructions::Step,
    markdown::fence::Fence,
};

/// `word` as one shell word: as is when it only holds characters no shell
/// treats specially, else in single quotes.
pub fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_./+:,=@%-".contains(&b));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// A here-document delimiter that no line of `content` equals.
pub fn delimiter(content: &str) -> String {
    let lines: Vec<&str> = content.split('\n').collect();
    let mut delimiter = "NETPLATE_EOF".to_string();
    let mut n = 0;
    while lines.contains(&delimiter.as_str()) {
        n += 1;
        delimiter = format!("NETPLATE_EOF_{n}");
    }
    delimiter
}

/// The command that writes `content` to `path` (see the module docs), with
/// `mode` (octal, from the fence's `mode=`) set before the content is
/// written: what "Copy as command" copies, and what the script writes under
/// its root. Ends with a newline.
pub fn file_command(path: &str, content: &str, mode: Option<&str>) -> String {
    let mut out = String::new();
    write_file(&mut out, "", path, content, mode);
    out
}

/// Whether `mode` is a file mode a `mode=` attribute may give: three or four
/// octal digits.
pub fn is_mode(mode: &str) -> bool {
    (3..=4).contains(&mode.len()) && mode.bytes().all(|b| (b'0'..=b'7').contains(&b))
}

/// Appends the commands writing one file. `root` is put before an absolute
/// path as is (the script's `"$root"`); `mode` (octal) is set before writing.
fn write_file(out: &mut String, root: &str, path: &str, content: &str, mode: Option<&str>) {
    let path = if path.starts_with('-') {
        format!("./{path}")
    } else {
        path.to_string()
    };
    let root = if path.starts_with('/') { root } else { "" };
    let at = |p: &str| format!("{root}{}", quote(p));
    let file = at(&path);
    let dir = &path[..path.rfind('/').unwrap_or(0)];
    if !dir.is_empty() && dir != "." {
        let _ = writeln!(out, "sudo mkdir -p {}", at(dir));
    }
    let _ = writeln!(
        out,
        "if [ -e {file} ]; then sudo cp -p --backup=numbered {file} {}; fi",
        at(&format!("{path}.bak~"))
    );
    if let Some(mode) = mode {
        let _ = writeln!(out, "sudo touch {file}\nsudo chmod {mode} {file}");
    }
    let end = delimiter(content);
    let _ = writeln!(out, "sudo tee {file} > /dev/null <<'{end}'");
    out.push_str(content);
    if !content.is_empty() && !content.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&end);
    out.push('\n');
}

/// What the script is for, for its header.
#[derive(Debug, Clone, Copy)]
pub struct Header<'a> {
    /// The book's title in the script's language.
    pub title: &'a str,
    /// The reader's values, e.g. `Subnet 10.20.0.0/16 · VM address 10.20.0.100 · OS ubuntu-20.04`.
    pub facts: &'a str,
    /// The OS id the steps are for.
    pub os: &'a str,
    /// The language code of the steps.
    pub lang: &'a str,
}

/// One chapter's steps ([`crate::instructions::steps`]) and where they come from.
#[derive(Debug, Clone, Copy)]
pub struct Chapter<'a> {
    /// The chapter's path as diagnostics show it.
    pub file: &'a Path,
    /// The chapter's Markdown, for diagnostics.
    pub source: &'a str,
    /// Where the bytes of `source` come from (its includes); `None` when
    /// `source` is `file` as written.
    pub map: Option<&'a crate::include::SourceMap>,
    /// Its headings and code blocks for the reader's OS.
    pub steps: &'a [Step],
}

/// The words of the script, per language.
struct Words {
    intro: &'static str,
    generated: &'static str,
    language: &'static str,
    about: &'static str,
    usage: [&'static str; 3],
    shim: &'static str,
    write: &'static str,
    mode: &'static str,
    manual: &'static str,
    later: &'static str,
    apply: &'static str,
    listing: &'static str,
    dry_run: &'static str,
    no_tty: &'static str,
    prompt: &'static str,
    declined: &'static str,
}

const EN: Words = Words {
    intro: "the steps for {os}, as one script.",
    generated: "Generated by netplate (netplate instructions --format script); read it before you run it.",
    language: "language",
    about: "It writes each config file below with sudo. An existing file is first copied\n\
            to FILE.bak~ (an older FILE.bak~ becomes FILE.bak~.~1~, ~2~, ...). Then it lists\n\
            the commands that apply the configuration, and runs them only if you answer y.",
    usage: [
        "on the VM, as a user who can sudo",
        "dry run: files go under /tmp/try, nothing is applied",
        "apply without asking",
    ],
    shim: "As root on a system without sudo (a minimal Debian), run the commands directly.",
    write: "Write",
    mode: "mode",
    manual: "The guide's commands, not run by this script:",
    later: "Run at the end of this script, after you confirm:",
    apply: "Apply. Everything above only wrote files; these commands change the running\n\
            system. They run only after you answer y (or with NETPLATE_YES=1), never in\n\
            a dry run (NETPLATE_ROOT set).",
    listing: "To apply the configuration, this script runs:",
    dry_run: "Dry run: nothing was applied. The files are under",
    no_tty: "Not applied: stdin is not a terminal (NETPLATE_YES=1 applies without asking).",
    prompt: "Apply the configuration now? [y/N] ",
    declined: "Not applied. The files are written; run the commands above when you are ready.",
};

const ZH: Words = Words {
    intro: "{os} 的步骤，合成一个脚本。",
    generated: "由 netplate 生成（netplate instructions --format script）；运行前请先读一遍。",
    language: "语言",
    about: "它用 sudo 写入下面的每个配置文件。已有的文件先复制为 FILE.bak~（更早的 FILE.bak~\n\
            改名为 FILE.bak~.~1~、~2~……）。然后列出使配置生效的命令，只有你回答 y 才执行。",
    usage: [
        "在虚拟机上，用能 sudo 的用户运行",
        "试运行：文件写到 /tmp/try 下，不应用配置",
        "不询问，直接应用",
    ],
    shim: "以 root 身份在没有 sudo 的系统上（精简安装的 Debian）直接运行命令。",
    write: "写入",
    mode: "权限",
    manual: "指南中的命令，本脚本不执行：",
    later: "在本脚本末尾、你确认之后执行：",
    apply: "应用配置。上面的步骤只写了文件；下面的命令会改变正在运行的系统。\n\
            只有你回答 y（或设置了 NETPLATE_YES=1）才执行；试运行（设置了 NETPLATE_ROOT）时从不执行。",
    listing: "要使配置生效，本脚本将执行：",
    dry_run: "试运行：没有应用任何配置。文件在",
    no_tty: "未应用：标准输入不是终端（设置 NETPLATE_YES=1 可不询问直接应用）。",
    prompt: "现在应用配置吗？[y/N] ",
    declined: "未应用。文件已写好；准备好后运行上面列出的命令。",
};

fn words(lang: &str) -> &'static Words {
    match lang.split('-').next().unwrap_or(lang) {
        "zh" => &ZH,
        _ => &EN,
    }
}

/// What the script does with a code block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role<'f> {
    /// `file=PATH`: written, with `mode=` if given.
    Write(&'f str, Option<&'f str>),
    /// A shell block without `step=`: shown as comments.
    Manual(Shell),
    /// `step=apply`: run after the confirmation, in the guide's order.
    Apply(Shell),
    /// `step=reboot`: run after the confirmation, after every `step=apply`.
    Reboot(Shell),
    /// Anything else (text, a Windows dialog): not part of the script.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shell {
    /// `bash`, `sh`, `shell`, `zsh`, or `check=shell`: every line as written.
    Script,
    /// `console`, `shell-session`: commands after `$ ` and `# ` prompts.
    Console,
}

/// Why a block's fence does not make sense in a script: message and help.
pub type FenceProblem = (String, &'static str);

/// Why `path`, a block's `file=`, cannot be written by the script: the
/// script writes it below its root (`NETPLATE_ROOT` of a dry run), so it
/// must be absolute, and a `..` segment would climb out of that root.
pub fn file_path_problem(path: &str) -> Option<FenceProblem> {
    const HELP: &str = "write the file's absolute path, e.g. `file=/etc/hosts`";
    if path.is_empty() {
        return Some(("`file=` has no path".into(), HELP));
    }
    if !path.starts_with('/') {
        return Some((
            format!(
                "`file={path}` is not an absolute path: the script writes it below its root, and a relative path would be written wherever the script is run"
            ),
            HELP,
        ));
    }
    if path.split('/').any(|part| part == "..") {
        return Some((
            format!(
                "`file={path}` has a `..` segment, which would climb out of the script's root (`NETPLATE_ROOT` of a dry run)"
            ),
            "write the path without `..`, e.g. `file=/etc/netplan/99-config.yaml`",
        ));
    }
    None
}

fn role<'f>(fence: &'f Fence, text: &str) -> Result<Role<'f>, FenceProblem> {
    let step = fence.attrs.iter().find(|(k, _)| k == "step");
    let mode = fence.attrs.iter().find(|(k, _)| k == "mode");
    if let Some(path) = fence.file() {
        if let Some(problem) = file_path_problem(path) {
            return Err(problem);
        }
        if step.is_some() {
            return Err((
                "a `file=` block cannot have `step=`".into(),
                "the script always writes a `file=` block; `step=apply` and `step=reboot` mark shell blocks",
            ));
        }
        let mode = match mode {
            None => None,
            Some((_, Some(m))) if is_mode(m) => Some(m.as_str()),
            Some((_, m)) => {
                return Err((
                    format!(
                        "`mode={}` is not an octal file mode",
                        m.as_deref().unwrap_or("")
                    ),
                    "write three or four octal digits, e.g. `mode=600`",
                ));
            }
        };
        return Ok(Role::Write(path, mode));
    }
    if mode.is_some() {
        return Err((
            "`mode=` only applies to a `file=` block".into(),
            "put `mode=` on the block that has `file=PATH`",
        ));
    }
    let shell = match (fence.lang.as_str(), fence.attr("check")) {
        (_, Some("shell")) | ("bash" | "sh" | "shell" | "zsh", _) => Some(Shell::Script),
        ("console" | "shell-session", _) => Some(Shell::Console),
        _ => None,
    };
    match (step, shell) {
        (Some(_), Some(Shell::Console)) if text.contains("<<") => Err((
            "a console session with a here-document cannot be run by the script".into(),
            "write the commands as a `bash` block",
        )),
        (None, Some(shell)) => Ok(Role::Manual(shell)),
        (None, None) => Ok(Role::Other),
        (Some((_, value)), Some(shell)) => match value.as_deref() {
            Some("apply") => Ok(Role::Apply(shell)),
            Some("reboot") => Ok(Role::Reboot(shell)),
            other => Err((
                format!("unknown step `{}`", other.unwrap_or("")),
                "use `step=apply` (changes the running system) or `step=reboot` (run last)",
            )),
        },
        (Some(_), None) => Err((
            format!(
                "`step=` marks shell commands, but this block is `{}`",
                fence.lang
            ),
            "use `step=` on a bash or console block",
        )),
    }
}

/// A block's lines as the script sees them.
enum Line {
    Comment(String),
    /// One command, continuation lines included; whether it needs root.
    Command(Vec<String>, bool),
}

fn lines(text: &str, shell: Shell) -> Vec<Line> {
    let mut out = Vec::new();
    let mut open: Option<(Vec<String>, bool)> = None;
    for line in text.lines() {
        if let Some((mut cmd, root)) = open.take() {
            cmd.push(line.to_string());
            if line.ends_with('\\') {
                open = Some((cmd, root));
            } else {
                out.push(Line::Command(cmd, root));
            }
            continue;
        }
        let (command, root) = match shell {
            Shell::Script if line.trim_start().starts_with('#') => {
                out.push(Line::Comment(line.to_string()));
                continue;
            }
            Shell::Script if line.trim().is_empty() => continue,
            Shell::Script => (line, true),
            Shell::Console => match (line.strip_prefix("$ "), line.strip_prefix("# ")) {
                (Some(c), _) => (c, false),
                (_, Some(c)) => (c, true),
                _ => continue, // output
            },
        };
        if command.ends_with('\\') {
            open = Some((vec![command.to_string()], root));
        } else {
            out.push(Line::Command(vec![command.to_string()], root));
        }
    }
    if let Some((cmd, root)) = open {
        out.push(Line::Command(cmd, root));
    }
    out
}

/// The lines of a block as the reader types them, for a comment.
fn shown(text: &str, shell: Shell) -> Vec<String> {
    lines(text, shell)
        .into_iter()
        .flat_map(|l| match l {
            Line::Comment(c) => vec![c],
            Line::Command(cmd, root) => {
                let prompt = match (shell, root) {
                    (Shell::Script, _) => "",
                    (Shell::Console, true) => "# ",
                    (Shell::Console, false) => "$ ",
                };
                let mut cmd = cmd;
                if let Some(first) = cmd.first_mut() {
                    first.insert_str(0, prompt);
                }
                cmd
            }
        })
        .collect()
}

/// Words a command can start with that `sudo` cannot run.
const SHELL_WORDS: &[&str] = &[
    "!", "{", "}", "[[", "if", "then", "elif", "else", "fi", "for", "while", "until", "do", "done",
    "case", "esac", "function", "select", "time", ".", "alias", "cd", "declare", "eval", "exec",
    "exit", "export", "local", "read", "readonly", "return", "set", "shift", "source", "trap",
    "typeset", "ulimit", "umask", "unset", "wait",
];

/// A command of an apply step: with `sudo` in front when it needs root, does
/// not have it yet, and is one simple command (no pipes, redirections,
/// expansions or lists, not a builtin); else as written.
fn as_root(cmd: &[String], root: bool) -> Vec<String> {
    let mut cmd = cmd.to_vec();
    let joined = cmd.join(" ");
    let first = joined.split_whitespace().next().unwrap_or("");
    let simple = !joined.chars().any(|c| "|&;<>()$`".contains(c))
        && !first.contains('=')
        && !SHELL_WORDS.contains(&first);
    if root
        && simple
        && first != "sudo"
        && let Some(line) = cmd.first_mut()
    {
        let indent = line.len() - line.trim_start().len();
        line.insert_str(indent, "sudo ");
    }
    cmd
}

/// The open headings of the chapter being written.
#[derive(Default)]
struct Outline {
    /// Heading or `::: details` title (`None` level), and whether printed.
    entries: Vec<(Option<usize>, String, bool)>,
}

impl Outline {
    fn step(&mut self, step: &Step) {
        match step {
            Step::Heading { level, text } => {
                while let Some((Some(l), _, _)) = self.entries.last() {
                    if *l < *level {
                        break;
                    }
                    self.entries.pop();
                }
                self.entries.push((Some(*level), one_line(text), false));
            }
            Step::Open(title) => self.entries.push((None, one_line(title), false)),
            Step::Close => {
                while let Some((level, _, _)) = self.entries.pop() {
                    if level.is_none() {
                        break;
                    }
                }
            }
            Step::Code { .. } => {}
        }
    }

    /// Prints the headings not printed yet, as an indented outline.
    fn print(&mut self, out: &mut String) {
        if self.entries.iter().all(|e| e.2) {
            out.push('\n');
            return;
        }
        out.push('\n');
        for (depth, (_, text, printed)) in self.entries.iter_mut().enumerate() {
            if !*printed {
                let _ = writeln!(out, "# {}{text}", "  ".repeat(depth));
                *printed = true;
            }
        }
    }

    /// Where a step is: the innermost heading, after its `::: details` title.
    fn crumb(&self) -> String {
        let last = self.entries.last().map(|e| e.1.clone()).unwrap_or_default();
        let details = self.entries.iter().rev().skip(1).find(|e| e.0.is_none());
        match details {
            Some((_, title, _)) => format!("{title} › {last}"),
            None => last,
        }
    }
}

/// `text` on one line of a comment: whitespace runs become one space and
/// control characters are escaped (`\u{1b}`), so a value cannot end the
/// comment or drive the terminal that shows the script.
fn one_line(text: &str) -> String {
    escape_controls(&text.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
}

fn comment_block(out: &mut String, label: &str, lines: &[String]) {
    let _ = writeln!(out, "# {label}");
    for line in lines {
        let _ = writeln!(out, "#   {line}");
    }
}

/// The bash script for one reader and OS: the header, each chapter's file
/// writes in order (shell blocks shown as comments), then the apply steps
/// behind a confirmation. Errors are diagnostics for fences that make no
/// sense in a script (`step=` on a config block, an unknown `step`, ...).
pub fn script(header: &Header<'_>, chapters: &[Chapter<'_>]) -> Result<String, Vec<Diagnostic>> {
    let w = words(header.lang);
    // Comments are one line each: a newline in a value would end the comment.
    let (title, facts, os, lang) = (
        one_line(header.title),
        one_line(header.facts),
        one_line(header.os).replace(' ', "_"),
        one_line(header.lang),
    );
    let mut out = String::new();
    let _ = writeln!(out, "#!/usr/bin/env bash");
    let sep = if lang.starts_with("zh") { "：" } else { ": " };
    let _ = writeln!(out, "# {}{sep}{}", title, w.intro.replace("{os}", &os));
    let _ = writeln!(out, "# {}", w.generated);
    let _ = writeln!(out, "# {facts} · {} {lang}", w.language);
    out.push_str("#\n");
    for line in w.about.lines() {
        let _ = writeln!(out, "# {}", line.trim());
    }
    out.push_str("#\n");
    let name = format!("netplate-{os}.sh");
    let runs = [
        format!("bash {name}"),
        format!("NETPLATE_ROOT=/tmp/try bash {name}"),
        format!("NETPLATE_YES=1 bash {name}"),
    ];
    // Padded by hand: `{:<width$}` panics past a width of 65535, and the
    // name holds the OS id as given.
    let width = runs.iter().map(|r| r.chars().count()).max().unwrap_or(0);
    for (run, what) in runs.iter().zip(w.usage) {
        let pad = " ".repeat(width - run.chars().count());
        let _ = writeln!(out, "#   {run}{pad}  {what}");
    }
    out.push_str("set -euo pipefail\n\n");
    out.push_str("root=\"${NETPLATE_ROOT:-}\"\n");
    let _ = writeln!(out, "# {}", w.shim);
    out.push_str(
        "if [ \"$EUID\" -eq 0 ] && ! command -v sudo > /dev/null; then\n  sudo() { \"$@\"; }\nfi\n",
    );

    let mut errors = Vec::new();
    // The apply steps and the reboot steps, each with its place in the guide.
    let mut apply: Vec<(String, Vec<String>)> = Vec::new();
    let mut reboot: Vec<(String, Vec<String>)> = Vec::new();
    for chapter in chapters {
        let mut outline = Outline::default();
        for step in chapter.steps {
            outline.step(step);
            let Step::Code {
                fence,
                text,
                offset,
            } = step
            else {
                continue;
            };
            let role = match role(fence, text) {
                Ok(role) => role,
                Err((message, help)) => {
                    let len = chapter.source[*offset..].find('\n').unwrap_or(0);
                    errors.push(
                        Diagnostic::error("script-step", message)
                            .at(match chapter.map {
                                Some(map) => map.location(*offset, len),
                                None => Location::from_offset(
                                    chapter.file,
                                    chapter.source,
                                    *offset,
                                    len,
                                ),
                            })
                            .help(help),
                    );
                    continue;
                }
            };
            match role {
                Role::Other => {}
                Role::Write(path, mode) => {
                    outline.print(&mut out);
                    let _ = match mode {
                        Some(m) => writeln!(out, "# {} {path} ({} {m})", w.write, w.mode),
                        None => writeln!(out, "# {} {path}", w.write),
                    };
                    write_file(&mut out, "\"$root\"", path, text, mode);
                }
                Role::Manual(shell) => {
                    outline.print(&mut out);
                    comment_block(&mut out, w.manual, &shown(text, shell));
                }
                Role::Apply(shell) | Role::Reboot(shell) => {
                    outline.print(&mut out);
                    comment_block(&mut out, w.later, &shown(text, shell));
                    // A here-document's lines are not commands: a block
                    // with one runs exactly as written.
                    let body = if text.contains("<<") {
                        text.lines().map(str::to_string).collect()
                    } else {
                        lines(text, shell)
                            .into_iter()
                            .flat_map(|l| match l {
                                Line::Comment(c) => vec![c],
                                Line::Command(cmd, root) => as_root(&cmd, root),
                            })
                            .collect()
                    };
                    let list = if matches!(role, Role::Apply(_)) {
                        &mut apply
                    } else {
                        &mut reboot
                    };
                    list.push((outline.crumb(), body));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    apply.extend(reboot);
    if !apply.is_empty() {
        apply_section(&mut out, w, &apply);
    }
    Ok(out)
}

/// The final step: list the apply commands, then run them after a yes.
fn apply_section(out: &mut String, w: &Words, steps: &[(String, Vec<String>)]) {
    let mut body = String::new();
    for (crumb, lines) in steps {
        let _ = writeln!(body, "# {crumb}");
        for line in lines {
            let _ = writeln!(body, "{line}");
        }
    }
    let listing: String = body.lines().map(|l| format!("  {l}\n")).collect();
    let listing = format!("\n{}\n{listing}", w.listing);
    let end = delimiter(&listing);
    out.push('\n');
    for line in w.apply.lines() {
        let _ = writeln!(out, "# {}", line.trim());
    }
    let _ = write!(
        out,
        "confirm() {{\n  \
           if [ \"${{NETPLATE_YES:-0}}\" != 0 ]; then\n    return 0\n  fi\n  \
           if [ ! -t 0 ]; then\n    echo {no_tty} >&2\n    return 1\n  fi\n  \
           local answer=\"\"\n  \
           read -r -p {prompt} answer || true\n  \
           case \"$answer\" in\n    [yY] | [yY][eE][sS]) return 0 ;;\n    *) return 1 ;;\n  esac\n\
         }}\n",
        no_tty = quote(w.no_tty),
        prompt = quote(w.prompt),
    );
    let _ = writeln!(out, "cat >&2 <<'{end}'\n{listing}{end}");
    let _ = writeln!(
        out,
        "if [ -n \"$root\" ]; then\n  echo {} \"$root\" >&2\nelif confirm; then",
        quote(w.dry_run)
    );
    out.push_str(&body);
    let _ = writeln!(out, "else\n  echo {} >&2\nfi", quote(w.declined));
}

#[cfg(test)]
mod tests;
