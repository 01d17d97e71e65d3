//! File-system helpers whose errors name the path. The rest of the crate goes
//! through these rather than calling `std::fs` directly.
//!
//! Every file of the user's that netplate reads (book.toml, SUMMARY.md,
//! chapters, included files, the theme, the files copied into the site,
//! `netplate lint`'s arguments) is read here, the same way:
//!
//! 1. with a folder to stay in, the path is resolved (symbolic links
//!    followed) and refused when it ends up outside that folder;
//! 2. it is opened without waiting (a FIFO with no writer does not hang the
//!    build) and, from the open file, refused unless it is a regular file:
//!    a directory, a FIFO, a device or a socket is a [`Problem`] of its own;
//! 3. it is read through `take(limit + 1)`, so a file larger than the limit
//!    ([`MAX_TEXT_BYTES`], [`MAX_ASSET_BYTES`]), or one that grows while it
//!    is read, is refused instead of filling the memory;
//! 4. text must be UTF-8: the first bad byte is named by line and column.

use std::{
    fmt,
    fs::{self, File},
    io::{self, Read as _},
    path::{Component, Path, PathBuf},
};

use crate::{
    diagnostic::{Diagnostic, Location},
    error::{Error, Result},
};

/// The most a file read as text (a chapter, SUMMARY.md, an included file, a
/// template, book.toml, a file to lint) may hold: 16 MiB.
pub const MAX_TEXT_BYTES: u64 = 16 << 20;

/// The most a file copied into the site as it is (an image, a download, a
/// theme's stylesheet) may hold: 256 MiB.
pub const MAX_ASSET_BYTES: u64 = 256 << 20;

/// Why a file could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum Problem {
    /// Nothing is at the path.
    NotFound,
    /// The path is a directory.
    Directory,
    /// The path is a FIFO, a device or a socket (named in the text).
    NotRegular(&'static str),
    /// The file holds more than `limit` bytes.
    TooLarge {
        /// The limit it broke.
        limit: u64,
    },
    /// The file is not UTF-8 text.
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
        /// Its 1-based line.
        line: usize,
        /// Its 1-based column, in characters.
        column: usize,
        /// The line's text up to the next newline, invalid bytes replaced.
        source_line: String,
    },
    /// The path resolves (through symbolic links) outside the folder the
    /// file had to be in.
    Outside {
        /// Where the path leads.
        target: PathBuf,
        /// The folder it had to stay in.
        within: PathBuf,
    },
    /// Any other error of the operating system.
    Io(io::Error),
}

impl Problem {
    fn from_io(e: io::Error) -> Problem {
        match e.kind() {
            io::ErrorKind::NotFound => Problem::NotFound,
            io::ErrorKind::IsADirectory => Problem::Directory,
            _ => Problem::Io(e),
        }
    }

    /// A short stable name, for a diagnostic's rule.
    pub fn rule(&self) -> &'static str {
        match self {
            Problem::NotFound => "missing-file",
            Problem::Directory | Problem::NotRegular(_) => "not-a-file",
            Problem::TooLarge { .. } => "file-too-large",
            Problem::NotUtf8 { .. } => "not-utf8",
            Problem::Outside { .. } => "outside-book",
            Problem::Io(_) => "unreadable",
        }
    }

    /// How to fix it.
    pub fn help(&self) -> String {
        match self {
            Problem::NotFound => "create the file, or fix the path".into(),
            Problem::Directory => "name a file, not a folder (a chapter is a Markdown file such as `setup.md`)".into(),
            Problem::NotRegular(_) => {
                "netplate reads regular files only: save the text into a file and name that".into()
            }
            Problem::TooLarge { limit } => format!(
                "split it into files of at most {} MiB each: several chapters, or parts put together with `{{{{#include part.md}}}}`",
                limit >> 20
            ),
            Problem::NotUtf8 { .. } => {
                "save the file as UTF-8 (e.g. `iconv -f GBK -t UTF-8 old.md > new.md`)".into()
            }
            Problem::Outside { .. } => "a book's files stay inside its folder (or the git repository it is in): copy the file in instead of linking to it".into(),
            Problem::Io(_) => "check that the file can be read (its permissions, the disk)".into(),
        }
    }
}

/// What is wrong, after the path: "`x.md` is a directory, not a file".
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotFound => write!(f, "does not exist"),
            Problem::Directory => write!(f, "is a directory, not a file"),
            Problem::NotRegular(kind) => write!(f, "is {kind}, not a regular file"),
            Problem::TooLarge { limit } => write!(f, "is larger than {} MiB", limit >> 20),
            Problem::NotUtf8 {
                offset,
                line,
                column,
                ..
            } => write!(
                f,
                "is not valid UTF-8: byte {offset} (line {line}, column {column}) is not part of a UTF-8 character"
            ),
            Problem::Outside { target, within } => write!(
                f,
                "resolves to `{}`, outside `{}`",
                target.display(),
                within.display()
            ),
            Problem::Io(e) => write!(f, "could not be read: {e}"),
        }
    }
}

/// A file that could not be read, and why.
#[derive(Debug)]
pub struct ReadError {
    /// The path as it was given.
    pub path: PathBuf,
    /// Why.
    pub problem: Problem,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.path.display(), self.problem)
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.problem {
            Problem::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl ReadError {
    /// Whether nothing is at the path.
    pub fn is_not_found(&self) -> bool {
        matches!(self.problem, Problem::NotFound)
    }

    /// The error as a diagnostic naming the file as `shown` (relative to the
    /// book). Invalid UTF-8 is located at its line and column; the other
    /// problems have no place in the file (the caller may give the place
    /// that names the file).
    pub fn diagnostic(&self, shown: &Path) -> Diagnostic {
        let d = Diagnostic::error(
            self.problem.rule(),
            format!("`{}` {}", shown.display(), self.problem),
        )
        .help(self.problem.help());
        match &self.problem {
            Problem::NotUtf8 {
                line,
                column,
                source_line,
                ..
            } => d.at(Location {
                file: shown.to_path_buf(),
                line: *line,
                column: *column,
                source_line: source_line.clone(),
                source_column: 1,
                cut_after: false,
                width: 1,
            }),
            _ => d,
        }
    }
}

impl From<ReadError> for Error {
    fn from(e: ReadError) -> Error {
        Error::Diagnostics(vec![e.diagnostic(&e.path)])
    }
}

/// Why the relative path `path` does not stay inside the folder it is
/// relative to, read as written (no file is looked at): it is absolute
/// ("is an absolute path"), or a `..` climbs out ("leaves its folder with
/// `..`"). `None` when it stays inside.
pub fn escape(path: &Path) -> Option<&'static str> {
    let mut depth = 0usize;
    for c in path.components() {
        match c {
            Component::RootDir | Component::Prefix(_) => return Some("is an absolute path"),
            Component::ParentDir if depth == 0 => return Some("leaves its folder with `..`"),
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
        }
    }
    None
}

fn io_err<'p>(action: &'static str, path: &'p Path) -> impl FnOnce(io::Error) -> Error + 'p {
    move |source| Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Reads the UTF-8 text file at `path` (see the module docs).
pub fn read_to_string(path: &Path) -> Result<String, ReadError> {
    text(path, read_limited(path, None, MAX_TEXT_BYTES)?)
}

/// [`read_to_string`] of a file that must resolve inside the folder
/// `within`, symbolic links followed.
pub fn read_to_string_within(path: &Path, within: &Path) -> Result<String, ReadError> {
    text(path, read_limited(path, Some(within), MAX_TEXT_BYTES)?)
}

/// Reads the file at `path`, which must resolve inside the folder `within`,
/// as bytes (at most [`MAX_ASSET_BYTES`]).
pub fn read_within(path: &Path, within: &Path) -> Result<Vec<u8>, ReadError> {
    read_limited(path, Some(within), MAX_ASSET_BYTES)
}

fn text(path: &Path, bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line_start = bytes[..offset]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line_end = bytes[offset..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| offset + i);
        // Everything before `offset` is valid UTF-8.
        let before = std::str::from_utf8(&bytes[line_start..offset]).unwrap_or_default();
        ReadError {
            path: path.to_path_buf(),
            problem: Problem::NotUtf8 {
                offset,
                line: bytes[..line_start].iter().filter(|&&b| b == b'\n').count() + 1,
                column: before.chars().count() + 1,
                source_line: String::from_utf8_lossy(&bytes[line_start..line_end])
                    .trim_end_matches('\r')
                    .to_string(),
            },
        }
    })
}

/// What a file that is not a regular one is, for messages.
fn kind_of(file_type: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    let _ = file_type;
    "not a regular file"
}

/// `path` resolved (symbolic links followed), when that is inside the
/// folder `within`; else why not ([`Problem::Outside`], or
/// [`Problem::NotFound`] when nothing is at `path`).
pub fn resolve_within(path: &Path, within: &Path) -> Result<PathBuf, ReadError> {
    let fail = |problem| ReadError {
        path: path.to_path_buf(),
        problem,
    };
    let resolved = fs::canonicalize(path).map_err(|e| fail(Problem::from_io(e)))?;
    let within = fs::canonicalize(within).map_err(|e| fail(Problem::from_io(e)))?;
    if !resolved.starts_with(&within) {
        return Err(fail(Problem::Outside {
            target: resolved,
            within,
        }));
    }
    Ok(resolved)
}

fn read_limited(path: &Path, within: Option<&Path>, limit: u64) -> Result<Vec<u8>, ReadError> {
    let fail = |problem| ReadError {
        path: path.to_path_buf(),
        problem,
    };
    let resolved;
    let open = match within {
        Some(within) => {
            resolved = resolve_within(path, within)?;
            resolved.as_path()
        }
        None => path,
    };
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // Opening a FIFO waits for a writer, and a terminal may become the
        // controlling one: neither, the file type is checked next.
        let flags = nix::fcntl::OFlag::O_NONBLOCK | nix::fcntl::OFlag::O_NOCTTY;
        options.custom_flags(flags.bits());
    }
    let file: File = options.open(open).map_err(|e| fail(Problem::from_io(e)))?;
    let meta = file.metadata().map_err(|e| fail(Problem::Io(e)))?;
    if meta.is_dir() {
        return Err(fail(Problem::Directory));
    }
    if !meta.is_file() {
        return Err(fail(Problem::NotRegular(kind_of(meta.file_type()))));
    }
    if meta.len() > limit {
        return Err(fail(Problem::TooLarge { limit }));
    }
    // The size is a hint: the file may grow while it is read.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(Problem::Io(e)))?;
    if bytes.len() as u64 > limit {
        return Err(fail(Problem::TooLarge { limit }));
    }
    Ok(bytes)
}

/// Writes `contents` to `path`, creating parent directories.
pub fn write(path: &Path, contents: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    fs::write(path, contents).map_err(io_err("write", path))
}

/// Creates a directory and its parents.
pub fn create_dir_all(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(io_err("create directory", path))
}

/// Removes a directory tree if it exists.
pub fn remove_dir_all(path: &Path) -> Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_err("remove", path)(e)),
        _ => Ok(()),
    }
}

/// Renames `from` to `to`.
pub fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to).map_err(io_err("move into place", to))
}

/// Every regular file below `dir` (and every symbolic link to one), as
/// paths relative to `dir`, sorted. A missing directory yields no files.
pub fn files_below(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let abs = dir.join(&rel);
        let entries = match fs::read_dir(&abs) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound && rel.as_os_str().is_empty() => {
                return Ok(out);
            }
            Err(e) => return Err(io_err("list", &abs)(e)),
        };
        for entry in entries {
            let entry = entry.map_err(io_err("list", &abs))?;
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let file_type = entry
                .file_type()
                .map_err(io_err("inspect", &entry.path()))?;
            // A link to a file is listed (reading it checks where it
            // leads); a link to a folder is not followed, so no loop.
            let linked_file = || file_type.is_symlink() && abs.join(&name).is_file();
            if file_type.is_dir() {
                stack.push(rel.join(&name));
            } else if file_type.is_file() || linked_file() {
                out.push(rel.join(&name));
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_absolute_paths_and_climbing_dots() {
        for (path, why) in [
            ("/etc/passwd", Some("is an absolute path")),
            (
                "../../../victim/passwd",
                Some("leaves its folder with `..`"),
            ),
            ("a/../../b.md", Some("leaves its folder with `..`")),
            ("a/../b.md", None),
            ("./guide/setup.md", None),
            ("guide/setup.md", None),
        ] {
            assert_eq!(escape(Path::new(path)), why, "{path}");
        }
    }

    #[test]
    fn invalid_utf8_is_named_by_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, b"# Title\n\xe4\xbd\xa0 ok \xff here\n").unwrap();
        let e = read_to_string(&path).unwrap_err();
        match &e.problem {
            Problem::NotUtf8 {
                offset,
                line,
                column,
                source_line,
            } => {
                assert_eq!((*offset, *line, *column), (15, 2, 6));
                assert_eq!(source_line, "你 ok \u{fffd} here");
            }
            other => panic!("{other:?}"),
        }
        let d = e.diagnostic(Path::new("src/a.md")).to_string();
        assert!(d.contains("--> src/a.md:2:6"), "{d}");
        assert!(d.contains("is not valid UTF-8"), "{d}");
    }

    #[test]
    fn directories_fifos_and_devices_are_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_to_string(dir.path()).unwrap_err();
        assert!(matches!(e.problem, Problem::Directory), "{e}");
        let fifo = dir.path().join("pipe.md");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
        // No writer: a blocking open would wait forever.
        let e = read_to_string(&fifo).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "`{}` is a FIFO (named pipe), not a regular file",
                fifo.display()
            )
        );
        let e = read_to_string(Path::new("/dev/zero")).unwrap_err();
        assert!(
            matches!(e.problem, Problem::NotRegular("a character device")),
            "{e}"
        );
        let e = read_to_string(&dir.path().join("none.md")).unwrap_err();
        assert!(e.is_not_found(), "{e}");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_and_read_no_further() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        fs::write(&path, vec![b'a'; 1025]).unwrap();
        let e = read_limited(&path, None, 1024).unwrap_err();
        assert!(
            matches!(e.problem, Problem::TooLarge { limit: 1024 }),
            "{e}"
        );
        assert_eq!(read_limited(&path, None, 1025).unwrap().len(), 1025);
        let help = Problem::TooLarge {
            limit: MAX_TEXT_BYTES,
        }
        .help();
        assert!(
            help.starts_with("split it into files of at most 16 MiB"),
            "{help}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_out_of_the_folder_is_refused() {
        let outside = tempfile::tempdir().unwrap();
        let book = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret"), "s3cret").unwrap();
        fs::write(book.path().join("inside.md"), "fine").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), book.path().join("leak.md"))
            .unwrap();
        std::os::unix::fs::symlink("inside.md", book.path().join("alias.md")).unwrap();
        let e = read_to_string_within(&book.path().join("leak.md"), book.path()).unwrap_err();
        assert!(matches!(e.problem, Problem::Outside { .. }), "{e}");
        assert!(e.to_string().contains("outside"), "{e}");
        assert_eq!(
            read_to_string_within(&book.path().join("alias.md"), book.path()).unwrap(),
            "fine"
        );
    }
}
