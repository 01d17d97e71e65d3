//! Issue 16, the path and file items: what a book (or `lint`'s arguments)
//! can name that netplate must not read, write or delete, and the errors
//! that say so. Each test builds a temporary book with the real binary.

use std::{
    io::Read as _,
    os::unix::fs::symlink,
    path::Path,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use crate::book_test::{BookTest, Run};

/// `netplate ARGS` in the book's folder, killed (and the test failed) if
/// it still runs after 60 s: reading a FIFO or a device must not hang.
#[track_caller]
fn run_guarded(t: &BookTest, args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_netplate"))
        .args(args)
        .current_dir(t.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run netplate");
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = pipe.read_to_end(&mut text);
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("netplate {args:?} still ran after 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// A file outside every book: its folder's name (a sibling of the books'
/// temporary folders) and the folder, kept alive by the caller.
fn victim(text: &str) -> (String, tempfile::TempDir) {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::write(dir.path().join("passwd"), text).unwrap();
    let name = dir
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    (name, dir)
}

/// Every file below `dir`, read as text (lossily).
fn all_text_below(dir: &Path) -> String {
    let mut out = String::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push_str(&String::from_utf8_lossy(&std::fs::read(&path).unwrap()));
            }
        }
    }
    out
}

#[track_caller]
fn assert_no_panic(run: &Run) {
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

// 1. Content paths stay inside their folders.

#[test]
fn a_summary_link_that_leaves_the_content_folder_is_refused_at_its_link() {
    let (name, dir) = victim("root:x:0:0\n");
    let t = BookTest::fixture("mdbook_layout");
    let link = format!("- [X](../../{name}/passwd)");
    t.write("src/SUMMARY.md", &(t.read("src/SUMMARY.md") + &link + "\n"));
    for command in ["build", "check"] {
        let run = t.run(&[command]).code(1);
        for needle in [
            &format!(
                "error[chapter-path]: chapter `../../{name}/passwd` leaves its folder with `..`: a chapter is a file inside `src/`"
            ),
            "--> src/SUMMARY.md:6:3",
            &link,
            "help: list the chapter by its path from `src/`",
        ] {
            assert!(
                run.stderr.contains(needle),
                "{command}: lacks {needle:?}:\n{}",
                run.stderr
            );
        }
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("passwd")).unwrap(),
        "root:x:0:0\n",
        "the file outside the book is untouched"
    );
    assert!(!t.exists("book"), "nothing is written");
    // An absolute path, likewise.
    t.replace("src/SUMMARY.md", &link, "- [X](/etc/passwd)");
    t.run(&["build"])
        .code(1)
        .stderr_has("chapter `/etc/passwd` is an absolute path")
        .stderr_has("--> src/SUMMARY.md:6:3");
}

#[test]
fn book_toml_language_and_src_must_name_folders_inside_the_book() {
    let t = BookTest::fixture("mdbook_layout");
    t.replace("book.toml", "language = \"en\"", "language = \"../../x\"");
    let run = t.run(&["build"]).code(1);
    assert!(
        run.stderr
            .contains("error[book-toml]: `[book] language = \"../../x\"` is not a language code"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> book.toml:5:12"), "{}", run.stderr);
    let t = BookTest::fixture("mdbook_layout");
    t.replace("book.toml", "src = \"src\"", "src = \"../elsewhere\"");
    t.run(&["check"])
        .code(1)
        .stderr_has("`[book] src = \"../elsewhere\"` leaves its folder with `..`")
        .stderr_has("--> book.toml:7:7");
}

// 2. The destination never swallows the book's sources.

#[track_caller]
fn refused(t: &BookTest, args: &[&str], needle: &str) {
    let run = t.run(args).code(1);
    assert!(
        run.stderr.contains("refusing to write the site to") && run.stderr.contains(needle),
        "{args:?}: lacks {needle:?}:\n{}",
        run.stderr
    );
    assert!(
        t.exists("content/en/intro.md"),
        "{args:?} deleted the sources"
    );
    assert!(
        t.exists("content/zh/SUMMARY.md"),
        "{args:?} deleted the sources"
    );
    assert!(t.exists("book.toml"), "{args:?} deleted the sources");
}

#[test]
fn destinations_with_dots_that_lead_into_the_sources_are_refused() {
    let t = BookTest::fixture("basic");
    let book = t.path().display().to_string();
    let name = t.path().file_name().unwrap().to_string_lossy().into_owned();
    refused(
        &t,
        &["build", "--dest-dir", &format!("{book}/book/../content")],
        "it is the book's content folder `content`",
    );
    refused(
        &t,
        &["build", "--dest-dir", &format!("../{name}")],
        "it holds the book's own files",
    );
    refused(
        &t,
        &["build", "--dest-dir", "content/en/site"],
        "it is inside the book's content folder `content`",
    );
    t.write("theme/static/extra.css", "body {}\n");
    refused(
        &t,
        &["build", "--dest-dir", "theme"],
        "it is the book's theme folder `theme`",
    );
    t.replace(
        "book.toml",
        "authors = [\"Test\"]",
        "authors = [\"Test\"]\n[build]\nbuild-dir = \"x/../content\"",
    );
    refused(&t, &["build"], "it is the book's content folder `content`");
}

#[test]
fn a_destination_holding_an_included_file_is_refused_and_book_still_works() {
    let t = BookTest::fixture("basic");
    t.write("listings/code.rs", "fn main() {}\n");
    for lang in ["en", "zh"] {
        t.replace(
            &format!("content/{lang}/intro.md"),
            "\n",
            "\n\n{{#include ../../listings/code.rs}}\n",
        );
    }
    refused(
        &t,
        &["build", "--dest-dir", "listings"],
        "it holds `listings/code.rs`, which a chapter includes",
    );
    assert!(t.exists("listings/code.rs"));
    // `book/` inside the book's folder, and `./book`, are the usual places.
    t.run(&["build"]).success();
    t.run(&["build", "--dest-dir", "./book/../book"]).success();
    assert!(t.exists("book/en/intro.html"));
}

// 5. Reads are of regular files, bounded, and inside the book.

#[test]
fn a_chapter_that_is_a_device_or_a_fifo_is_an_error_not_a_hang() {
    let t = BookTest::fixture("mdbook_layout");
    t.remove("src/guide/setup.md");
    symlink("/dev/zero", t.path().join("src/guide/setup.md")).unwrap();
    // A link to a device leads out of the book, which is checked first.
    let run = run_guarded(&t, &["build"]).code(1);
    assert!(
        run.stderr
            .contains("error[outside-book]: `src/guide/setup.md` resolves to `/dev/zero`, outside"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> src/SUMMARY.md:5:3"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(t.path().join("src/guide/setup.md")).unwrap();
    let fifo = t.path().join("src/guide/setup.md");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let run = run_guarded(&t, &["build"]).code(1);
    assert!(
        run.stderr
            .contains("`src/guide/setup.md` is a FIFO (named pipe), not a regular file"),
        "{}",
        run.stderr
    );
    assert_no_panic(&run);
}

#[test]
fn lint_refuses_devices_and_fifos_without_waiting() {
    let t = BookTest::fixture("basic");
    let run = run_guarded(&t, &["lint", "--as", "netplan", "/dev/zero"]).code(2);
    assert!(
        run.stderr
            .contains("could not read `/dev/zero`: it is a character device, not a regular file"),
        "{}",
        run.stderr
    );
    assert!(
        Command::new("mkfifo")
            .arg(t.path().join("pipe.yaml"))
            .status()
            .unwrap()
            .success()
    );
    run_guarded(&t, &["lint", "--as", "netplan", "pipe.yaml"])
        .code(2)
        .stderr_has("`pipe.yaml`: it is a FIFO (named pipe), not a regular file");
}

#[test]
fn a_file_over_16_mib_is_refused_with_how_to_split_it() {
    let t = BookTest::fixture("mdbook_layout");
    // Sparse: 17 MiB on paper, nothing on disk.
    let f = std::fs::File::create(t.path().join("src/guide/setup.md")).unwrap();
    f.set_len(17 << 20).unwrap();
    let run = run_guarded(&t, &["build"]).code(1);
    assert!(
        run.stderr
            .contains("error[file-too-large]: `src/guide/setup.md` is larger than 16 MiB"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("help: split it into files of at most 16 MiB each"),
        "{}",
        run.stderr
    );
    run_guarded(&t, &["lint", "--as", "shell", "src/guide/setup.md"])
        .code(2)
        .stderr_has("is larger than 16 MiB");
}

#[test]
fn symbolic_links_out_of_the_book_are_refused_for_chapters_includes_and_theme() {
    let (name, dir) = victim("SECRET-LINE\n");
    let secret = dir.path().join("passwd");
    let t = BookTest::fixture("mdbook_layout");
    t.remove("src/guide/setup.md");
    symlink(&secret, t.path().join("src/guide/setup.md")).unwrap();
    let run = t.run(&["build"]).code(1);
    assert!(
        run.stderr
            .contains("error[outside-book]: `src/guide/setup.md` resolves to")
            && run.stderr.contains(&format!("{name}/passwd`, outside")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> src/SUMMARY.md:5:3"),
        "{}",
        run.stderr
    );
    assert!(!t.exists("book"));

    // A link inside the book is fine; an included file that leads out is not.
    std::fs::remove_file(t.path().join("src/guide/setup.md")).unwrap();
    t.write(
        "src/guide/real.md",
        "# Setup\n\n## Install\n\n{{#include secret.txt}}\n",
    );
    symlink("real.md", t.path().join("src/guide/setup.md")).unwrap();
    symlink(&secret, t.path().join("src/guide/secret.txt")).unwrap();
    t.run(&["build"]).code(1).stderr_has(
        "error[include]: `{{#include secret.txt}}`: `src/guide/secret.txt` resolves to",
    );
    std::fs::remove_file(t.path().join("src/guide/secret.txt")).unwrap();
    t.write("src/guide/secret.txt", "fine\n");
    t.run(&["build"]).success();

    // A file beside the chapters (copied into the site), a theme file and
    // the theme folder that lead out.
    symlink(&secret, t.path().join("src/guide/notes.txt")).unwrap();
    t.run(&["build"])
        .code(1)
        .stderr_has("src/guide/notes.txt` resolves to");
    std::fs::remove_file(t.path().join("src/guide/notes.txt")).unwrap();
    std::fs::create_dir_all(t.path().join("theme/templates")).unwrap();
    symlink(&secret, t.path().join("theme/templates/chapter.html")).unwrap();
    t.run(&["build"])
        .code(1)
        .stderr_has("theme/templates/chapter.html` resolves to");
    std::fs::remove_dir_all(t.path().join("theme")).unwrap();
    symlink(dir.path(), t.path().join("theme")).unwrap();
    t.run(&["build"])
        .code(1)
        .stderr_has("error[outside-book]")
        .stderr_has("theme` resolves to");
    assert!(
        !all_text_below(&t.path().join("book")).contains("SECRET-LINE"),
        "the secret was published"
    );
}

#[test]
fn serve_refuses_a_chapter_that_becomes_a_link_out_of_the_book() {
    let (_name, dir) = victim("SECRET-LINE\n");
    let t = BookTest::fixture("mdbook_layout");
    let mut child = Command::new(env!("CARGO_BIN_EXE_netplate"))
        .args(["serve", "--port", "0"])
        .current_dir(t.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let addr = line
        .trim()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let sink = std::sync::Arc::clone(&stderr);
    let mut err = child.stderr.take().unwrap();
    let _child = Kill(child);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = err.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let get = |path: &str| {
        use std::io::Write as _;
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        String::from_utf8_lossy(&raw).into_owned()
    };
    assert!(get("/guide/setup.html").contains("200 OK"));
    t.remove("src/guide/setup.md");
    symlink(
        dir.path().join("passwd"),
        t.path().join("src/guide/setup.md"),
    )
    .unwrap();
    let start = Instant::now();
    while !stderr.lock().unwrap().contains("error[outside-book]") {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "serve did not report the link:\n{}",
            stderr.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!get("/guide/setup.html").contains("SECRET-LINE"));
}

// 9. `file=` is an absolute path.

#[test]
fn a_relative_or_climbing_file_attribute_is_an_error_at_its_block() {
    for (path, needle) in [
        ("etc/hosts", "`file=etc/hosts` is not an absolute path"),
        (
            "/etc/../../root/.bashrc",
            "`file=/etc/../../root/.bashrc` has a `..` segment",
        ),
    ] {
        let t = BookTest::fixture("mdbook_layout");
        t.write(
            "src/guide/setup.md",
            &format!("# Setup\n\n## Install\n\n```ini file={path}\na = 1\n```\n"),
        );
        let run = t.run(&["build"]).code(1);
        for n in [
            "error[file-path]",
            needle,
            "--> src/guide/setup.md:5:8",
            "help: write the ",
        ] {
            assert!(
                run.stderr.contains(n),
                "{path}: lacks {n:?}:\n{}",
                run.stderr
            );
        }
    }
}

// 10. Errors that say what is wrong.

#[test]
fn invalid_utf8_is_named_with_its_line_and_column() {
    let t = BookTest::fixture("mdbook_layout");
    std::fs::write(
        t.path().join("src/guide/setup.md"),
        b"# Setup\n\nGBK: \xc4\xe3\xba\xc3\n",
    )
    .unwrap();
    let run = t.run(&["build"]).code(1);
    for needle in [
        "error[not-utf8]: `src/guide/setup.md` is not valid UTF-8: byte 14 (line 3, column 6)",
        "--> src/guide/setup.md:3:6",
        "note: listed in src/SUMMARY.md:5",
        "help: save the file as UTF-8",
    ] {
        assert!(
            run.stderr.contains(needle),
            "lacks {needle:?}:\n{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("does not exist"), "{}", run.stderr);
    let t = BookTest::fixture("mdbook_layout");
    std::fs::write(
        t.path().join("src/SUMMARY.md"),
        b"# Summary\n\n- [\xff](README.md)\n",
    )
    .unwrap();
    t.run(&["build"])
        .code(1)
        .stderr_has("`src/SUMMARY.md` is not valid UTF-8")
        .stderr_has("--> src/SUMMARY.md:3:4");
}

#[test]
fn a_directory_named_like_a_chapter_is_a_directory() {
    let t = BookTest::fixture("mdbook_layout");
    t.remove("src/guide/setup.md");
    std::fs::create_dir_all(t.path().join("src/guide/setup.md")).unwrap();
    let run = t.run(&["build"]).code(1);
    assert!(
        run.stderr
            .contains("error[not-a-file]: `src/guide/setup.md` is a directory, not a file"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> src/SUMMARY.md:5:3"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("does not exist"), "{}", run.stderr);
}

#[test]
fn a_theme_template_including_itself_is_named_with_the_recursion() {
    let t = BookTest::fixture("basic");
    t.write(
        "theme/templates/chapter.html",
        "<p>x</p>\n{% include \"chapter.html\" %}\n",
    );
    let run = run_guarded(&t, &["build"]).code(1);
    for needle in [
        "template `chapter.html` failed: the template includes itself without end",
        "theme/templates/chapter.html: line 2 includes `chapter.html`",
        "recursion limit exceeded",
    ] {
        assert!(
            run.stderr.contains(needle),
            "lacks {needle:?}:\n{}",
            run.stderr
        );
    }
}

#[test]
fn a_chapter_whose_page_is_a_generated_file_names_both() {
    // `index.md` after the first chapter: its page is the language's start
    // page, as in mdBook (no copy of the first chapter is made then).
    let t = BookTest::fixture("basic");
    for lang in ["en", "zh"] {
        t.write(
            &format!("content/{lang}/index.md"),
            "# Index\n\nThe index.\n",
        );
        t.write(
            &format!("content/{lang}/SUMMARY.md"),
            &(t.read(&format!("content/{lang}/SUMMARY.md")) + "- [Index](index.md)\n"),
        );
    }
    t.build();
    assert!(t.read("book/en/index.html").contains("The index."));

    // A chapter named like the whole-book page, a file beside the chapters
    // named like a chapter's page, the 404 page of a book in mdBook's layout.
    let t = BookTest::fixture("mdbook_layout");
    t.write("src/print.md", "# Print\n");
    t.write("src/guide/setup.html", "<p>old</p>\n");
    t.write("src/404.md", "# Lost\n");
    t.write(
        "src/SUMMARY.md",
        &(t.read("src/SUMMARY.md") + "- [Print](print.md)\n- [Lost](404.md)\n"),
    );
    let run = t.run(&["check"]).code(1);
    for needle in [
        "`print.html` of the site would be both the page of chapter `src/print.md` and language `en`'s whole book in one page",
        "`guide/setup.html` of the site would be both the page of chapter `src/guide/setup.md` and the copy of `src/guide/setup.html`",
        "`404.html` of the site would be both the page of chapter `src/404.md` and the 404 page",
    ] {
        assert!(
            run.stderr.contains(needle),
            "lacks {needle:?}:\n{}",
            run.stderr
        );
    }
}

#[test]
fn single_file_names_that_a_chapter_takes_are_named() {
    let t = BookTest::fixture("mdbook_layout");
    t.write("src/en.md", "# En\n");
    t.write(
        "src/SUMMARY.md",
        &(t.read("src/SUMMARY.md") + "- [En](en.md)\n"),
    );
    t.run(&["build"]).success();
    t.run(&["build", "--single-file"])
        .code(1)
        .stderr_has("`en.html` of the site would be both the page of chapter `src/en.md` and language `en`'s one-file book (`--single-file`)");
}
