//! Where each byte of an expanded chapter comes from.
//!
//! Expansion copies pieces of the chapter and of the files it includes and
//! adds a little text of its own (the `# ` of a hidden line, a list item's
//! indentation repeated on every included line, a playground's fences). A
//! [`Mapped`] text records, for every run of bytes, the file and offset it was
//! copied from, so a diagnostic at a byte of the expanded text names the file
//! and line the author wrote.

use std::{ops::Range, path::PathBuf, sync::OnceLock};

use crate::diagnostic::{LineIndex, Location};

/// A run of bytes of a [`Mapped`] text, up to the next piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    /// Where it starts in the mapped text.
    pub(crate) out: usize,
    /// Index of the file it comes from in [`SourceMap::files`].
    pub(crate) file: usize,
    /// Offset in that file.
    pub(crate) at: usize,
    /// Copied byte for byte (`at` moves with the offset), or added by the
    /// expansion (every byte is at `at`).
    pub(crate) exact: bool,
}

/// A text built from pieces of files, with their origins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Mapped {
    pub(crate) text: String,
    pub(crate) pieces: Vec<Piece>,
}

impl Mapped {
    /// The whole of `text`, which is file `file`.
    pub(crate) fn file(file: usize, text: &str) -> Mapped {
        let mut m = Mapped::default();
        m.push_exact(text, file, 0);
        m
    }

    pub(crate) fn len(&self) -> usize {
        self.text.len()
    }

    /// Appends `s`, which is file `file`'s text from byte `at`.
    pub(crate) fn push_exact(&mut self, s: &str, file: usize, at: usize) {
        self.push(s, file, at, true);
    }

    /// Appends `s`, written by the expansion for the place `at` of `file`.
    pub(crate) fn push_fixed(&mut self, s: &str, file: usize, at: usize) {
        self.push(s, file, at, false);
    }

    fn push(&mut self, s: &str, file: usize, at: usize, exact: bool) {
        if s.is_empty() {
            return;
        }
        let out = self.text.len();
        let continues = self.pieces.last().is_some_and(|p| {
            p.file == file
                && p.exact == exact
                && if exact {
                    p.at + (out - p.out) == at
                } else {
                    p.at == at
                }
        });
        if !continues {
            self.pieces.push(Piece {
                out,
                file,
                at,
                exact,
            });
        }
        self.text.push_str(s);
    }

    /// Appends bytes `range` of `src`, keeping their origins.
    pub(crate) fn push_from(&mut self, src: &Mapped, range: Range<usize>) {
        let end = range.end.min(src.len());
        let mut start = range.start.min(end);
        while start < end {
            let i = src.piece_at(start);
            let piece = src.pieces[i];
            let piece_end = src.pieces.get(i + 1).map_or(src.len(), |p| p.out).min(end);
            let at = if piece.exact {
                piece.at + (start - piece.out)
            } else {
                piece.at
            };
            self.push(&src.text[start..piece_end], piece.file, at, piece.exact);
            start = piece_end;
        }
    }

    /// The index of the piece byte `offset` is in.
    fn piece_at(&self, offset: usize) -> usize {
        self.pieces
            .partition_point(|p| p.out <= offset)
            .saturating_sub(1)
    }

    /// The file and offset byte `offset` comes from (the end of the text
    /// comes from the end of its last piece).
    pub(crate) fn origin(&self, offset: usize) -> Option<(usize, usize)> {
        let piece = self.pieces.get(self.piece_at(offset))?;
        let delta = offset.saturating_sub(piece.out);
        Some((
            piece.file,
            if piece.exact {
                piece.at + delta
            } else {
                piece.at
            },
        ))
    }
}

/// A file an expanded chapter is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path diagnostics show, relative to the book's folder.
    pub path: PathBuf,
    /// Its text as read.
    pub text: String,
}

/// Where each byte of a chapter's expanded text comes from: the chapter's
/// own file (always [`SourceMap::files`]`[0]`) or a file it includes.
#[derive(Debug, Clone)]
pub struct SourceMap {
    /// The files, the chapter first.
    pub files: Vec<SourceFile>,
    pieces: Vec<Piece>,
    /// Each file's line index, built the first time a location is asked for
    /// in it: a chapter with thousands of diagnostics finds each line by a
    /// binary search, not a scan from the file's start.
    lines: Vec<OnceLock<LineIndex>>,
}

/// Equal when they map the same bytes to the same files (whether a line
/// index was built yet does not matter).
impl PartialEq for SourceMap {
    fn eq(&self, other: &SourceMap) -> bool {
        self.files == other.files && self.pieces == other.pieces
    }
}

impl Eq for SourceMap {}

impl SourceMap {
    /// The map of a text that is file `path` unchanged.
    pub fn identity(path: impl Into<PathBuf>, text: &str) -> SourceMap {
        SourceMap {
            files: vec![SourceFile {
                path: path.into(),
                text: text.to_string(),
            }],
            pieces: Mapped::file(0, text).pieces,
            lines: vec![OnceLock::new()],
        }
    }

    pub(crate) fn new(files: Vec<SourceFile>, mapped: &Mapped) -> SourceMap {
        SourceMap {
            lines: files.iter().map(|_| OnceLock::new()).collect(),
            files,
            pieces: mapped.pieces.clone(),
        }
    }

    /// Whether the expanded text is the chapter's file unchanged.
    pub fn is_identity(&self) -> bool {
        self.files.len() == 1 && self.pieces.iter().all(|p| p.exact && p.at == p.out)
    }

    /// The place, in the file the author wrote, of `len` bytes at `offset`
    /// of the expanded text.
    pub fn location(&self, offset: usize, len: usize) -> Location {
        let i = self
            .pieces
            .partition_point(|p| p.out <= offset)
            .saturating_sub(1);
        let (file, at, len) = match self.pieces.get(i) {
            Some(p) if p.exact => {
                let room = self
                    .pieces
                    .get(i + 1)
                    .map_or(usize::MAX, |n| n.out - offset);
                (p.file, p.at + (offset - p.out.min(offset)), len.min(room))
            }
            Some(p) => (p.file, p.at, 0),
            None => (0, offset, len),
        };
        let file = file.min(self.files.len() - 1);
        let f = &self.files[file];
        match self.lines.get(file) {
            Some(lines) => {
                let index = lines.get_or_init(|| LineIndex::new(&f.text));
                Location::from_index(&f.path, &f.text, index, at, len)
            }
            None => Location::from_offset(&f.path, &f.text, at, len),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_merge_and_slices_keep_origins() {
        let mut m = Mapped::default();
        m.push_exact("abc", 0, 10);
        m.push_exact("def", 0, 13);
        assert_eq!(m.pieces.len(), 1);
        m.push_fixed("# ", 1, 4);
        m.push_exact("xyz", 1, 4);
        assert_eq!(m.origin(1), Some((0, 11)));
        assert_eq!(m.origin(7), Some((1, 4)));
        assert_eq!(m.origin(9), Some((1, 5)));
        let mut n = Mapped::default();
        n.push_from(&m, 4..10);
        assert_eq!(n.text, "ef# xy");
        assert_eq!(n.origin(0), Some((0, 14)));
        assert_eq!(n.origin(4), Some((1, 4)));
        assert_eq!(n.origin(5), Some((1, 5)));
    }
}
