//! The library's error type.

use std::{io, path::PathBuf};

use crate::diagnostic::Diagnostic;

/// Everything that can stop a netplate command.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file system operation failed; names the path and what was being done.
    #[error("could not {action} `{}`: {source}", path.display())]
    Io {
        /// What netplate was doing, e.g. "read".
        action: &'static str,
        /// The path it was doing it to.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The book's input has errors; each is a full diagnostic.
    #[error("{}", summary(.0))]
    Diagnostics(Vec<Diagnostic>),
    /// A reader's value (`--subnet`, `--vm`, `--os`) was rejected; usage error.
    #[error("{0}")]
    Input(String),
    /// A template of the theme failed to compile or render.
    #[error("template `{name}` failed: {detail}")]
    Template {
        /// Template name, e.g. `chapter.html`.
        name: String,
        /// minijinja's description, with line.
        detail: String,
    },
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    match errors {
        1 => "could not build the book due to 1 previous error".to_string(),
        n => format!("could not build the book due to {n} previous errors"),
    }
}

/// `Result` with netplate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
