//! The fixture helper: a book copied into a temporary folder, edited per test,
//! and the real `netplate` binary run on it.

use std::{
    fs,
    path::{Path, PathBuf},
    process::Command,
};

use tempfile::TempDir;

/// The text of `html`: tags removed, the entities the pages use decoded,
/// whitespace as it is.
pub(crate) fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// The repository root.
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A book in a temporary folder.
pub(crate) struct BookTest {
    dir: TempDir,
}

/// What a run of `netplate` did.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    /// Asserts success and returns self.
    #[track_caller]
    pub(crate) fn success(self) -> Self {
        assert_eq!(self.code, 0, "netplate failed:\n{}", self.stderr);
        self
    }

    /// Asserts exit code `code` and returns self.
    #[track_caller]
    pub(crate) fn code(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "expected exit {code}, stderr:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts stderr contains `needle`.
    #[track_caller]
    pub(crate) fn stderr_has(self, needle: &str) -> Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// Copies the folder `from` to `to`, recursively.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

impl BookTest {
    /// A copy of `tests/testsuite/books/<name>`.
    pub(crate) fn fixture(name: &str) -> BookTest {
        let dir = TempDir::new().unwrap();
        copy_dir(&repo().join("tests/testsuite/books").join(name), dir.path());
        BookTest { dir }
    }

    /// A copy of the repository's own guide (book.toml, content/, theme/).
    pub(crate) fn guide() -> BookTest {
        let dir = TempDir::new().unwrap();
        fs::copy(repo().join("book.toml"), dir.path().join("book.toml")).unwrap();
        copy_dir(&repo().join("content"), &dir.path().join("content"));
        copy_dir(&repo().join("theme"), &dir.path().join("theme"));
        BookTest { dir }
    }

    /// The book's folder.
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders).
    pub(crate) fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self
    }

    /// Replaces `from` by `to` in a file; the test is wrong if `from` is absent.
    #[track_caller]
    pub(crate) fn replace(&self, rel: &str, from: &str, to: &str) -> &Self {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} lacks {from:?}");
        self.write(rel, &text.replacen(from, to, 1))
    }

    /// Removes a file.
    pub(crate) fn remove(&self, rel: &str) -> &Self {
        fs::remove_file(self.path().join(rel)).unwrap();
        self
    }

    /// Reads a file of the book or its output.
    #[track_caller]
    pub(crate) fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Whether a file exists.
    pub(crate) fn exists(&self, rel: &str) -> bool {
        self.path().join(rel).exists()
    }

    /// Runs `netplate ARGS` in the book's folder, with a clean environment.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_netplate"))
            .args(args)
            .current_dir(self.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .output()
            .expect("run netplate");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `netplate build`, asserting success.
    #[track_caller]
    pub(crate) fn build(&self) -> Run {
        self.run(&["build"]).success()
    }
}
